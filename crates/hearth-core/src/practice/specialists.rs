//! Multi-disciplinary work: adult specialists (domestic abuse, mental health,
//! substance use) on the family's team, linked to the adults they work with;
//! and information shared with partner agencies, with the consent (or the
//! lawful reason without it) recorded.

use crate::ids::{PersonId, UserId};
use serde::{Deserialize, Serialize};
use time::Date;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Specialism {
    DomesticAbuse,
    MentalHealth,
    SubstanceUse,
}

impl Specialism {
    pub const ALL: &'static [Self] = &[Self::DomesticAbuse, Self::MentalHealth, Self::SubstanceUse];
    pub fn code(self) -> &'static str {
        match self {
            Self::DomesticAbuse => "domestic_abuse",
            Self::MentalHealth => "mental_health",
            Self::SubstanceUse => "substance_use",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::DomesticAbuse => "Domestic abuse",
            Self::MentalHealth => "Adult mental health",
            Self::SubstanceUse => "Substance use",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|x| x.code() == s)
    }
}

/// In domestic abuse work, whom the specialist works with: the victim and
/// the perpetrator need separate workers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AbuseRole {
    Victim,
    Perpetrator,
}

/// One adult the specialist works with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorksWith {
    pub adult: PersonId,
    pub abuse_role: Option<AbuseRole>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Involvement {
    pub specialist: UserId,
    pub specialism: Specialism,
    pub adults: Vec<WorksWith>,
    pub start: Date,
    pub end: Option<Date>,
    /// What the adult and the specialist are working on.
    pub focus: String,
}

impl Involvement {
    pub(crate) fn index(&self) -> Vec<(&'static str, String)> {
        vec![("specialist", self.specialist.to_string())]
    }
}

/// The lawful basis for sharing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SharingBasis {
    /// The person agreed.
    Consent,
    /// Shared without consent to protect a child from significant harm.
    SafeguardingWithoutConsent,
    /// A legal duty (court order, statutory request).
    LegalDuty,
}

impl SharingBasis {
    pub const ALL: &'static [Self] = &[
        Self::Consent,
        Self::SafeguardingWithoutConsent,
        Self::LegalDuty,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::Consent => "consent",
            Self::SafeguardingWithoutConsent => "safeguarding",
            Self::LegalDuty => "legal_duty",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Consent => "With consent",
            Self::SafeguardingWithoutConsent => "Without consent, to protect a child from harm",
            Self::LegalDuty => "A legal duty",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|x| x.code() == s)
    }
}

/// A decision to share information with a partner agency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sharing {
    /// The agency ("St Anne's Primary School", "Community mental health team").
    pub agency: String,
    /// A partner user who may see what is shared, when they have an account.
    pub partner: Option<UserId>,
    /// What is shared (which records, in words).
    pub what: String,
    pub purpose: String,
    pub basis: SharingBasis,
    /// Whose consent was given (or who was told, for sharing without it).
    pub consent_from: Vec<PersonId>,
    pub from: Date,
    pub until: Option<Date>,
}
