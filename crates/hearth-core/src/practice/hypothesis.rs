//! Systemic hypotheses: a tentative explanation of what is happening in the
//! family and why, held by someone, tested against evidence for and against,
//! and revisited as the work goes on rather than hardened into fact.

use crate::ids::UserId;
use serde::{Deserialize, Serialize};
use time::Date;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HypothesisStatus {
    /// Still being explored.
    Open,
    /// The evidence so far supports it.
    Supported,
    /// Set aside: the evidence does not support it.
    SetAside,
}

impl HypothesisStatus {
    pub const ALL: &'static [Self] = &[Self::Open, Self::Supported, Self::SetAside];
    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Supported => "supported",
            Self::SetAside => "set_aside",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Being explored",
            Self::Supported => "Supported by the evidence",
            Self::SetAside => "Set aside",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|x| x.code() == s)
    }
}

/// A later look at the hypothesis: what changed and where it stands now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Revisit {
    pub on: Date,
    pub by: Option<UserId>,
    pub note: String,
    pub status: HypothesisStatus,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hypothesis {
    pub statement: String,
    /// Who holds it (the unit, a worker, the family, a partner).
    pub held_by: String,
    pub evidence_for: String,
    pub evidence_against: String,
    pub status: HypothesisStatus,
    #[serde(default)]
    pub revisits: Vec<Revisit>,
}
