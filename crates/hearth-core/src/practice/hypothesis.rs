//! Systemic hypotheses: a tentative explanation of what is happening in the
//! family and why, held by someone, tested against evidence for and against,
//! and revisited as the work goes on rather than hardened into fact.
//!
//! The evidence behind systemic practice asks for several ideas about how
//! relationships keep a problem going, each held lightly and checked against
//! what the family and the professionals see. So a hypothesis is never
//! rewritten in place when the thinking moves on: each look at it is a dated
//! [`Revisit`] with a note and where it now stands, appended to the ones
//! before, and the history is shown with it.

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
    /// The GOV.UK tag colour for the status.
    pub fn tag(self) -> &'static str {
        match self {
            Self::Open => "govuk-tag--blue",
            Self::Supported => "govuk-tag--green",
            Self::SetAside => "govuk-tag--grey",
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
    /// Where it stood when first recorded; later positions are the revisits'.
    pub status: HypothesisStatus,
    /// Oldest first; only ever added to.
    #[serde(default)]
    pub revisits: Vec<Revisit>,
}

impl Hypothesis {
    /// Where the hypothesis stands now: the latest revisit's status, or the
    /// status it was first recorded with.
    pub fn current_status(&self) -> HypothesisStatus {
        self.latest_revisit().map_or(self.status, |r| r.status)
    }

    pub fn latest_revisit(&self) -> Option<&Revisit> {
        self.revisits.last()
    }

    /// The hypothesis revisited: `r` appended to the history. A revisit
    /// dated before the latest one is refused, so the history reads in order.
    pub fn revisited(&self, r: Revisit) -> Result<Self, String> {
        if r.note.trim().is_empty() {
            return Err("Write what has changed since the hypothesis was last looked at".into());
        }
        if self.latest_revisit().is_some_and(|last| r.on < last.on) {
            return Err("A revisit cannot be dated before the last one".into());
        }
        let mut next = self.clone();
        next.revisits.push(r);
        Ok(next)
    }

    /// Whether `next` (an amendment of this hypothesis) keeps every earlier
    /// revisit as it was: the history is added to, never rewritten.
    pub fn keeps_history_of(&self, earlier: &Hypothesis) -> bool {
        self.revisits.len() >= earlier.revisits.len()
            && self.revisits[..earlier.revisits.len()] == earlier.revisits[..]
    }

    pub fn check(&self) -> Result<(), String> {
        if self.statement.trim().is_empty() {
            return Err("Write the hypothesis".into());
        }
        if self.revisits.iter().any(|r| r.note.trim().is_empty()) {
            return Err("Each revisit needs a note of what changed".into());
        }
        if self.revisits.windows(2).any(|w| w[1].on < w[0].on) {
            return Err("Revisits must be in date order".into());
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use time::macros::date;

    fn h() -> Hypothesis {
        Hypothesis {
            statement: "Arguments follow money worries at the end of the month".into(),
            held_by: "The unit".into(),
            evidence_for: "Police call-outs cluster in the last week of the month".into(),
            evidence_against: String::new(),
            status: HypothesisStatus::Open,
            revisits: vec![],
        }
    }

    fn revisit(on: Date, status: HypothesisStatus) -> Revisit {
        Revisit {
            on,
            by: None,
            note: "Looked at again in the unit meeting".into(),
            status,
        }
    }

    #[test]
    fn the_latest_revisit_decides_where_it_stands() {
        let first = h();
        assert_eq!(first.current_status(), HypothesisStatus::Open);
        let second = first
            .revisited(revisit(date!(2026 - 02 - 01), HypothesisStatus::Supported))
            .unwrap();
        let third = second
            .revisited(revisit(date!(2026 - 03 - 01), HypothesisStatus::SetAside))
            .unwrap();
        assert_eq!(third.current_status(), HypothesisStatus::SetAside);
        assert_eq!(third.status, HypothesisStatus::Open, "first status kept");
        assert_eq!(third.revisits.len(), 2);
        assert!(third.keeps_history_of(&second));
        assert!(!first.keeps_history_of(&third));
        assert!(third.check().is_ok());
    }

    #[test]
    fn a_revisit_needs_a_note_and_comes_after_the_last() {
        let mut r = revisit(date!(2026 - 02 - 01), HypothesisStatus::Supported);
        let once = h().revisited(r.clone()).unwrap();
        assert!(once
            .revisited(revisit(date!(2026 - 01 - 01), HypothesisStatus::Open))
            .is_err());
        r.note = "  ".into();
        assert!(h().revisited(r).is_err());
        let mut blank = h();
        blank.statement = " ".into();
        assert_eq!(blank.check(), Err("Write the hypothesis".into()));
    }

    #[test]
    fn statuses_round_trip_their_codes() {
        for s in HypothesisStatus::ALL {
            assert_eq!(HypothesisStatus::from_code(s.code()), Some(*s));
        }
        assert_eq!(HypothesisStatus::from_code("nonsense"), None);
    }
}
