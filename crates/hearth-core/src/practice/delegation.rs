//! Delegated tasks: the school run, supervising contact, taking minutes,
//! booking a room, handed by the social worker to a practice assistant,
//! family support worker or volunteer, so the social worker's time goes to
//! skilled direct work.

use crate::ids::UserId;
use crate::model::Discipline;
use serde::{Deserialize, Serialize};
use time::Date;

/// Who a task may be handed to: the people whose work frees the social
/// worker's time (practice assistants, family practitioners and volunteers).
pub const OWNERS: &[Discipline] = &[
    Discipline::PracticeAssistant,
    Discipline::FamilyPractitioner,
    Discipline::Volunteer,
];

/// Whether a practitioner of this discipline may be handed a task.
pub fn may_own(d: Discipline) -> bool {
    OWNERS.contains(&d)
}

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
    pub fn is_open(&self) -> bool {
        self.done.is_none()
    }

    /// Not done and past its due date on `today`.
    pub fn overdue(&self, today: Date) -> bool {
        self.is_open() && self.due < today
    }

    /// A task says what it is; one marked done says what happened.
    pub fn check(&self) -> Result<(), String> {
        if self.title.trim().is_empty() {
            return Err("Enter what the task is".into());
        }
        if self.done.is_some() && self.outcome.trim().is_empty() {
            return Err("Enter what happened, so the social worker knows".into());
        }
        Ok(())
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn task() -> Task {
        Task {
            kind: TaskKind::Transport,
            title: "School run on Monday".into(),
            detail: String::new(),
            owner: UserId::from_u128(2),
            delegated_by: Some(UserId::from_u128(1)),
            due: date!(2025 - 06 - 02),
            done: None,
            outcome: String::new(),
        }
    }

    #[test]
    fn an_open_task_is_overdue_after_its_due_date_and_done_needs_an_outcome() {
        let mut t = task();
        assert!(t.check().is_ok());
        assert!(!t.overdue(date!(2025 - 06 - 02)));
        assert!(t.overdue(date!(2025 - 06 - 03)));
        assert!(t
            .index()
            .contains(&("open_task", UserId::from_u128(2).to_string())));
        t.done = Some(date!(2025 - 06 - 03));
        assert_eq!(
            t.check(),
            Err("Enter what happened, so the social worker knows".into())
        );
        t.outcome = "Took both children to school; they arrived on time".into();
        assert!(t.check().is_ok());
        assert!(!t.overdue(date!(2025 - 06 - 10)));
        assert!(!t.index().iter().any(|(k, _)| *k == "open_task"));
    }

    #[test]
    fn only_assistants_family_practitioners_and_volunteers_own_tasks() {
        assert!(may_own(Discipline::PracticeAssistant));
        assert!(may_own(Discipline::Volunteer));
        assert!(!may_own(Discipline::SocialWorker));
    }
}
