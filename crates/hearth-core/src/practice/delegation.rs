//! Delegated tasks: the school run, supervising contact, taking minutes,
//! booking a room, handed by the social worker to a practice assistant,
//! family support worker or volunteer, so the social worker's time goes to
//! skilled direct work.

use crate::ids::UserId;
use serde::{Deserialize, Serialize};
use time::Date;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    Transport,
    ContactSupervision,
    Minutes,
    Administration,
    PracticalSupport,
    Other,
}

impl TaskKind {
    pub const ALL: &'static [Self] = &[
        Self::Transport,
        Self::ContactSupervision,
        Self::Minutes,
        Self::Administration,
        Self::PracticalSupport,
        Self::Other,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::Transport => "transport",
            Self::ContactSupervision => "contact_supervision",
            Self::Minutes => "minutes",
            Self::Administration => "administration",
            Self::PracticalSupport => "practical_support",
            Self::Other => "other",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Transport => "Transport (for example the school run)",
            Self::ContactSupervision => "Supervising family time (contact)",
            Self::Minutes => "Taking minutes",
            Self::Administration => "Administration",
            Self::PracticalSupport => "Practical support at home",
            Self::Other => "Something else",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|x| x.code() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub kind: TaskKind,
    pub title: String,
    pub detail: String,
    /// Who does it.
    pub owner: UserId,
    /// Who handed it over.
    pub delegated_by: Option<UserId>,
    pub due: Date,
    pub done: Option<Date>,
    /// What happened (for the record and for the social worker).
    pub outcome: String,
}

impl Task {
    pub(crate) fn index(&self) -> Vec<(&'static str, String)> {
        let mut v = vec![("owner", self.owner.to_string())];
        if self.done.is_none() {
            v.push(("open_task", self.owner.to_string()));
        }
        if let Some(d) = self.delegated_by {
            v.push(("delegated_by", d.to_string()));
        }
        v
    }
}
