//! Multi-disciplinary work: adult specialists (domestic abuse, mental health,
//! substance use) on the family's team, linked to the adults they work with;
//! and information shared with partner agencies, with the consent (or the
//! lawful reason without it) recorded, so a partner sees only what was shared.

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

impl AbuseRole {
    pub fn code(self) -> &'static str {
        match self {
            Self::Victim => "victim",
            Self::Perpetrator => "perpetrator",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Victim => "Victim-survivor",
            Self::Perpetrator => "Person causing harm",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        [Self::Victim, Self::Perpetrator]
            .into_iter()
            .find(|x| x.code() == s)
    }
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
        let mut v = vec![("specialist", self.specialist.to_string())];
        v.extend(self.adults.iter().map(|a| ("adult", a.adult.to_string())));
        v
    }

    pub fn check(&self) -> Result<(), String> {
        if self.adults.is_empty() {
            return Err("Choose the adults the specialist works with".into());
        }
        if self.end.is_some_and(|e| e < self.start) {
            return Err("The end date must be on or after the start".into());
        }
        Ok(())
    }

    pub fn is_current(&self, on: Date) -> bool {
        self.start <= on && self.end.is_none_or(|e| on <= e)
    }
}

/// Where one worker would be working with both the victim and the person
/// causing harm in a family's domestic abuse work: (worker, victim, person
/// causing harm). Safe practice needs separate workers; Hearth warns rather
/// than refuses, because the family's team may be mid-change.
pub fn same_worker_for_both<'a>(
    involvements: impl IntoIterator<Item = &'a Involvement>,
    on: Date,
) -> Vec<(UserId, PersonId, PersonId)> {
    let mut roles: Vec<(UserId, PersonId, AbuseRole)> = Vec::new();
    for i in involvements {
        if i.specialism != Specialism::DomesticAbuse || !i.is_current(on) {
            continue;
        }
        for a in &i.adults {
            if let Some(r) = a.abuse_role {
                roles.push((i.specialist, a.adult, r));
            }
        }
    }
    let mut out = Vec::new();
    for (w, v, r) in &roles {
        if *r != AbuseRole::Victim {
            continue;
        }
        for (w2, p, r2) in &roles {
            if w2 == w && *r2 == AbuseRole::Perpetrator && !out.contains(&(*w, *v, *p)) {
                out.push((*w, *v, *p));
            }
        }
    }
    out
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

/// What can be shared with a partner: (item, label). `summary` is who is in
/// the family and who their worker is; the rest are the practice tools'
/// latest records.
pub const SHAREABLE: &[(&str, &str)] = &[
    (
        "summary",
        "Who is in the family and how to reach their worker",
    ),
    ("safety_plan", "The safety plan and safety network"),
    ("mapping", "The latest mapping"),
    ("scaling", "Scaling scores over time"),
    (
        "conference",
        "The family's plan from their family group conference",
    ),
];

/// A decision to share information with a partner agency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sharing {
    /// The agency ("St Anne's Primary School", "Community mental health team").
    pub agency: String,
    /// A partner user who may see what is shared, when they have an account.
    pub partner: Option<UserId>,
    /// What a partner user sees, from [`SHAREABLE`].
    #[serde(default)]
    pub items: Vec<String>,
    /// Anything else shared outside Hearth (a letter, a call), in words.
    pub what: String,
    pub purpose: String,
    pub basis: SharingBasis,
    /// Whose consent was given (or who was told, for sharing without it).
    pub consent_from: Vec<PersonId>,
    pub from: Date,
    pub until: Option<Date>,
    /// The day a practitioner stopped the sharing early: from then on the
    /// partner sees nothing.
    #[serde(default)]
    pub stopped_on: Option<Date>,
}

impl Sharing {
    /// Whether the partner may see what is shared on `on`.
    pub fn in_force(&self, on: Date) -> bool {
        self.from <= on
            && self.until.is_none_or(|u| on <= u)
            && self.stopped_on.is_none_or(|s| on < s)
    }

    pub(crate) fn index(&self) -> Vec<(&'static str, String)> {
        self.partner
            .map(|p| vec![("partner", p.to_string())])
            .unwrap_or_default()
    }

    pub fn check(&self) -> Result<(), String> {
        if self.agency.trim().is_empty() {
            return Err("Enter the agency the information is shared with".into());
        }
        if self.purpose.trim().is_empty() {
            return Err("Enter why the information is shared".into());
        }
        if self.items.is_empty() && self.what.trim().is_empty() {
            return Err("Say what is shared".into());
        }
        if let Some(i) = self
            .items
            .iter()
            .find(|i| !SHAREABLE.iter().any(|(k, _)| k == i))
        {
            return Err(format!("{i} cannot be shared"));
        }
        if self.basis == SharingBasis::Consent && self.consent_from.is_empty() {
            return Err("Choose who gave their consent".into());
        }
        if self.until.is_some_and(|u| u < self.from) {
            return Err("Sharing must end on or after the day it starts".into());
        }
        Ok(())
    }

    pub fn shares(&self, item: &str) -> bool {
        self.items.iter().any(|i| i == item)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn one_worker_for_victim_and_perpetrator_is_found() {
        let w = UserId::from_u128(1);
        let (mum, dad) = (PersonId::from_u128(2), PersonId::from_u128(3));
        let inv = |who: PersonId, role| Involvement {
            specialist: w,
            specialism: Specialism::DomesticAbuse,
            adults: vec![WorksWith {
                adult: who,
                abuse_role: Some(role),
            }],
            start: date!(2026 - 01 - 01),
            end: None,
            focus: String::new(),
        };
        let both = [
            inv(mum, AbuseRole::Victim),
            inv(dad, AbuseRole::Perpetrator),
        ];
        assert_eq!(
            same_worker_for_both(&both, date!(2026 - 02 - 01)),
            vec![(w, mum, dad)]
        );
        let mut separate = both.clone();
        separate[1].specialist = UserId::from_u128(9);
        assert!(same_worker_for_both(&separate, date!(2026 - 02 - 01)).is_empty());
        let mut ended = both.clone();
        ended[1].end = Some(date!(2026 - 01 - 15));
        assert!(same_worker_for_both(&ended, date!(2026 - 02 - 01)).is_empty());
    }

    #[test]
    fn sharing_with_consent_needs_whose() {
        let mut s = Sharing {
            agency: "School".into(),
            partner: None,
            items: vec!["summary".into()],
            what: String::new(),
            purpose: "Support in school".into(),
            basis: SharingBasis::Consent,
            consent_from: vec![],
            from: date!(2026 - 01 - 01),
            until: None,
            stopped_on: None,
        };
        assert!(s.check().unwrap_err().contains("consent"));
        s.basis = SharingBasis::SafeguardingWithoutConsent;
        assert!(s.check().is_ok());
        s.items = vec!["everything".into()];
        assert!(s.check().is_err());
    }
}
