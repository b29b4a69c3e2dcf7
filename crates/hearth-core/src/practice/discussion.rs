//! Group case discussion: a unit's weekly meeting, built from the unit's
//! caseload, with each family's discussion (who attended, the hypotheses,
//! the decisions and the actions with owners and dates) recorded on the
//! family, open actions carried to the next meeting, cancelled meetings
//! recorded, and management oversight signed off.

use crate::ids::{FamilyId, PracticeId, UserId};
use serde::{Deserialize, Serialize};
use time::Date;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitMeeting {
    pub attendees: Vec<UserId>,
    /// Families on the agenda.
    pub agenda: Vec<FamilyId>,
    /// Why it did not happen, when it was cancelled.
    pub cancelled: Option<String>,
    /// The consultant social worker chairing.
    pub chair: Option<UserId>,
}

/// An action agreed in a discussion.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgreedAction {
    pub what: String,
    pub owner: Option<UserId>,
    pub due: Option<Date>,
    pub done: Option<Date>,
}

/// A manager's sign-off of the decisions (management oversight).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Oversight {
    pub by: UserId,
    pub on: Date,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseDiscussion {
    /// The unit meeting it took place in.
    pub meeting: Option<PracticeId>,
    pub attended: Vec<UserId>,
    /// Others present (a school nurse, the IRO), free text.
    #[serde(default)]
    pub others_present: String,
    /// The hypotheses discussed (free text; structured ones are hypothesis
    /// records on the family).
    pub hypotheses: String,
    pub decisions: String,
    pub actions: Vec<AgreedAction>,
    pub oversight: Option<Oversight>,
}

impl CaseDiscussion {
    pub(crate) fn index(&self) -> Vec<(&'static str, String)> {
        let mut v: Vec<(&'static str, String)> = self
            .meeting
            .map(|m| vec![("meeting", m.to_string())])
            .unwrap_or_default();
        for a in &self.actions {
            if let (Some(o), None) = (a.owner, a.done) {
                v.push(("open_action", o.to_string()));
            }
        }
        if self.oversight.is_none() {
            v.push(("awaiting_oversight", "yes".into()));
        }
        v
    }
}
