//! Typed identifiers for the things Hearth records. Each is a UUID under the
//! hood; the type stops a person's id being passed where a family's is meant.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new random id.
            pub fn new() -> Self {
                Self(Uuid::new_v4())
            }
            /// A deterministic id, for synthetic data built from a seed.
            pub fn from_u128(n: u128) -> Self {
                Self(Uuid::from_u128(n))
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim()).map(Self)
            }
        }
    };
}

id_type!(
    /// A child or adult known to the service.
    PersonId
);
id_type!(
    /// A family network: the people who matter to a child.
    FamilyId
);
id_type!(
    /// A practitioner's account.
    UserId
);
id_type!(
    /// A team (for example an assessment team or a children-in-care team).
    TeamId
);
id_type!(
    /// A unit or pod within a team, led by a consultant social worker.
    UnitId
);
id_type!(
    /// A typed, dated relationship between two people.
    RelationshipId
);
id_type!(
    /// A household: people living at one address over a period.
    HouseholdId
);
id_type!(
    /// A case note or visit record.
    RecordId
);
id_type!(
    /// A warning note about risk to staff.
    WarningId
);
id_type!(
    /// A curated chronology entry.
    ChronologyEntryId
);
id_type!(
    /// One event in the journal.
    EventId
);
id_type!(
    /// One step of a child's statutory journey (a referral, an assessment, a
    /// period of care, a review...).
    StepId
);
id_type!(
    /// One piece of practice work: a mapping, a scaling, a hypothesis, a
    /// task, a unit meeting, a family group conference...
    PracticeId
);
id_type!(
    /// One of the council's own records: a staff contract, an absence, a
    /// pulse answer, a comparator figure, a self-audit round...
    CouncilRecordId
);
