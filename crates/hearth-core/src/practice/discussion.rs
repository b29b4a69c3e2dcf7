//! Group case discussion: a unit's weekly meeting, built from the unit's
//! caseload, with each family's discussion (who attended, the hypotheses,
//! the decisions and the actions with owners and dates) recorded on the
//! family, open actions carried to the next meeting, cancelled meetings
//! recorded, and management oversight signed off.
//!
//! The evaluations found that systemic case discussion was "cancelled too
//! easily" and that families drifted off the agenda; so a cancelled meeting
//! is a record with its reason rather than a gap, and the agenda is built
//! from the caseload, putting first the families not yet discussed, those
//! not discussed for [`NOT_DISCUSSED_WEEKS`] weeks or more, and those with
//! actions due or overdue.

use crate::ids::{FamilyId, PracticeId, UnitId, UserId};
use serde::{Deserialize, Serialize};
use time::{Date, Duration};

/// A family not discussed for this many weeks is put first on the agenda.
pub const NOT_DISCUSSED_WEEKS: i64 = 4;

/// Actions due within this many days of the meeting count as due.
pub const ACTION_DUE_WITHIN_DAYS: i64 = 7;

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

impl UnitMeeting {
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.is_some()
    }

    pub fn check(&self) -> Result<(), String> {
        match &self.cancelled {
            Some(reason) if reason.trim().is_empty() => {
                Err("Give the reason the meeting was cancelled".into())
            }
            Some(_) => Ok(()),
            None if self.agenda.is_empty() => {
                Err("Choose at least one family for the agenda".into())
            }
            None if self.attendees.is_empty() => Err("Choose who attended the meeting".into()),
            None => Ok(()),
        }
    }

    /// Found by each family on its agenda.
    pub(crate) fn index(&self) -> Vec<(&'static str, String)> {
        self.agenda
            .iter()
            .map(|f| ("agenda", f.to_string()))
            .collect()
    }
}

/// An action agreed in a discussion.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgreedAction {
    pub what: String,
    pub owner: Option<UserId>,
    pub due: Option<Date>,
    pub done: Option<Date>,
    /// Who marked it done.
    #[serde(default)]
    pub done_by: Option<UserId>,
}

impl AgreedAction {
    pub fn is_open(&self) -> bool {
        self.done.is_none()
    }
    /// Open and past its due date.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.is_open() && self.due.is_some_and(|d| d < today)
    }
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
    /// The unit whose discussion it was: its consultant (or a manager of its
    /// service) signs off the decisions.
    #[serde(default)]
    pub unit: Option<UnitId>,
    pub attended: Vec<UserId>,
    /// Others present (a school nurse, the IRO), free text.
    #[serde(default)]
    pub others_present: String,
    /// The hypotheses discussed (free text; structured ones are hypothesis
    /// records on the family).
    pub hypotheses: String,
    /// The family's hypothesis records discussed.
    #[serde(default)]
    pub hypothesis_records: Vec<PracticeId>,
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
            // By unit, so a consultant or manager finds their own to sign.
            let unit = self
                .unit
                .map_or_else(|| "yes".to_string(), |u| u.to_string());
            v.push(("awaiting_oversight", unit));
        }
        v
    }

    pub fn open_actions(&self) -> impl Iterator<Item = (usize, &AgreedAction)> {
        self.actions.iter().enumerate().filter(|(_, a)| a.is_open())
    }

    pub fn check(&self) -> Result<(), String> {
        if self.decisions.trim().is_empty() {
            return Err("Write the decisions made".into());
        }
        if self.actions.iter().any(|a| a.what.trim().is_empty()) {
            return Err("Each action needs to say what is to be done".into());
        }
        if self.actions.iter().any(|a| a.owner.is_none()) {
            return Err("Each action needs an owner".into());
        }
        Ok(())
    }

    /// The same discussion with `next`'s content: if the decisions changed
    /// after they were signed off, the sign-off no longer stands and is
    /// cleared, so a manager sees them again.
    pub fn amended_to(&self, mut next: CaseDiscussion) -> CaseDiscussion {
        if next.decisions.trim() != self.decisions.trim() {
            next.oversight = None;
        }
        next
    }
}

/// Why a family is put forward for a meeting's agenda.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AgendaReason {
    /// New to the unit, or never discussed.
    NotYetDiscussed,
    /// Last discussed this many whole weeks before the meeting.
    NotDiscussedFor { weeks: i64 },
    /// Open actions past their due date.
    ActionsOverdue(usize),
    /// Open actions due within [`ACTION_DUE_WITHIN_DAYS`] of the meeting.
    ActionsDue(usize),
}

impl AgendaReason {
    pub fn words(&self) -> String {
        let plural = |n: usize| if n == 1 { "action" } else { "actions" };
        match self {
            Self::NotYetDiscussed => "Not discussed in a unit meeting yet".into(),
            Self::NotDiscussedFor { weeks } => format!("Not discussed for {weeks} weeks"),
            Self::ActionsOverdue(n) => format!("{n} {} overdue", plural(*n)),
            Self::ActionsDue(n) => format!("{n} {} due this week", plural(*n)),
        }
    }
}

/// What the agenda needs to know about one family of the unit.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AgendaFacts {
    /// The date of the family's latest discussion before the meeting.
    pub last_discussed: Option<Date>,
    /// The due dates of the family's open actions (None: no date set).
    pub open_action_dues: Vec<Option<Date>>,
}

/// Why the family should be on the agenda of a meeting on `meeting_on`
/// (empty: it need not be this week).
pub fn agenda_reasons(meeting_on: Date, facts: &AgendaFacts) -> Vec<AgendaReason> {
    let mut out = Vec::new();
    match facts.last_discussed {
        None => out.push(AgendaReason::NotYetDiscussed),
        Some(d) => {
            let weeks = (meeting_on - d).whole_weeks();
            if weeks >= NOT_DISCUSSED_WEEKS {
                out.push(AgendaReason::NotDiscussedFor { weeks });
            }
        }
    }
    let overdue = facts
        .open_action_dues
        .iter()
        .filter(|d| d.is_some_and(|d| d < meeting_on))
        .count();
    let window = meeting_on + Duration::days(ACTION_DUE_WITHIN_DAYS);
    let due = facts
        .open_action_dues
        .iter()
        .filter(|d| d.is_some_and(|d| d >= meeting_on && d <= window))
        .count();
    if overdue > 0 {
        out.push(AgendaReason::ActionsOverdue(overdue));
    }
    if due > 0 {
        out.push(AgendaReason::ActionsDue(due));
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use time::macros::date;

    fn discussion() -> CaseDiscussion {
        CaseDiscussion {
            meeting: Some(PracticeId::from_u128(1)),
            unit: Some(UnitId::from_u128(2)),
            attended: vec![UserId::from_u128(3)],
            others_present: String::new(),
            hypotheses: String::new(),
            hypothesis_records: vec![],
            decisions: "Stay with the child in need plan".into(),
            actions: vec![
                AgreedAction {
                    what: "Visit Nan".into(),
                    owner: Some(UserId::from_u128(3)),
                    due: Some(date!(2026 - 03 - 10)),
                    done: None,
                    done_by: None,
                },
                AgreedAction {
                    what: "Ring school".into(),
                    owner: Some(UserId::from_u128(4)),
                    due: None,
                    done: Some(date!(2026 - 03 - 02)),
                    done_by: None,
                },
            ],
            oversight: None,
        }
    }

    #[test]
    fn the_agenda_puts_forward_new_quiet_and_pressing_families() {
        let on = date!(2026 - 03 - 09);
        assert_eq!(
            agenda_reasons(on, &AgendaFacts::default()),
            vec![AgendaReason::NotYetDiscussed]
        );
        let recent = AgendaFacts {
            last_discussed: Some(date!(2026 - 03 - 02)),
            open_action_dues: vec![None, Some(date!(2026 - 04 - 01))],
        };
        assert!(agenda_reasons(on, &recent).is_empty());
        let quiet = AgendaFacts {
            last_discussed: Some(date!(2026 - 02 - 09)),
            ..Default::default()
        };
        assert_eq!(
            agenda_reasons(on, &quiet),
            vec![AgendaReason::NotDiscussedFor { weeks: 4 }]
        );
        let pressing = AgendaFacts {
            last_discussed: Some(date!(2026 - 03 - 02)),
            open_action_dues: vec![
                Some(date!(2026 - 03 - 01)),
                Some(date!(2026 - 03 - 09)),
                Some(date!(2026 - 03 - 16)),
                Some(date!(2026 - 03 - 17)),
            ],
        };
        assert_eq!(
            agenda_reasons(on, &pressing),
            vec![AgendaReason::ActionsOverdue(1), AgendaReason::ActionsDue(2)]
        );
        assert_eq!(
            AgendaReason::ActionsDue(2).words(),
            "2 actions due this week"
        );
        assert_eq!(AgendaReason::ActionsOverdue(1).words(), "1 action overdue");
    }

    #[test]
    fn open_actions_are_indexed_by_owner_and_sign_off_by_unit() {
        let d = discussion();
        let idx = d.index();
        assert!(idx.contains(&("open_action", UserId::from_u128(3).to_string())));
        assert!(!idx.contains(&("open_action", UserId::from_u128(4).to_string())));
        assert!(idx.contains(&("awaiting_oversight", UnitId::from_u128(2).to_string())));
        assert!(d.actions[0].is_overdue(date!(2026 - 03 - 11)));
        assert!(!d.actions[1].is_overdue(date!(2026 - 03 - 11)));
        assert_eq!(d.open_actions().count(), 1);
    }

    #[test]
    fn changed_decisions_need_signing_off_again() {
        let mut signed = discussion();
        signed.oversight = Some(Oversight {
            by: UserId::from_u128(9),
            on: date!(2026 - 03 - 10),
            note: "Agreed".into(),
        });
        let mut same = signed.clone();
        same.actions[0].done = Some(date!(2026 - 03 - 11));
        assert!(signed.amended_to(same).oversight.is_some());
        let mut changed = signed.clone();
        changed.decisions = "Step up to a child protection enquiry".into();
        assert!(signed.amended_to(changed).oversight.is_none());
    }

    #[test]
    fn checks_say_what_is_missing() {
        let mut d = discussion();
        assert!(d.check().is_ok());
        d.actions[0].owner = None;
        assert_eq!(d.check(), Err("Each action needs an owner".into()));
        d.decisions = String::new();
        assert_eq!(d.check(), Err("Write the decisions made".into()));
        let m = UnitMeeting {
            attendees: vec![],
            agenda: vec![],
            cancelled: Some(" ".into()),
            chair: None,
        };
        assert!(m.check().is_err());
        let held = UnitMeeting {
            cancelled: None,
            agenda: vec![FamilyId::from_u128(1)],
            ..m
        };
        assert_eq!(held.check(), Err("Choose who attended the meeting".into()));
    }
}
