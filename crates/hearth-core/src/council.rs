//! The council's own records: what the seven outcome measures need that no
//! child's record can give. Staff contracts (start and leave dates, FTE,
//! agency or not, case-holding), sickness absence, supervision, funded posts,
//! an anonymous staff pulse, the child population, cost rates, comparator
//! councils' published figures and the leadership's enablers self-audit.
//!
//! Like practice records, every item is one [`CouncilRecord`], carried by one
//! pair of journal events (`CouncilRecorded`, `CouncilRemoved`) and projected
//! as one document kind, so a new item adds its content type here only. None
//! of it is about a child or family; it is read by managers, the data team
//! and administrators (see `access::decide_council`).

use serde::{Deserialize, Serialize};
use time::Date;

use crate::ids::{CouncilRecordId, TeamId, UserId};
use crate::practice::Removal;

/// One council record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CouncilRecord {
    pub id: CouncilRecordId,
    /// Who recorded it first (absent for an import).
    pub author: Option<UserId>,
    /// When it was recorded or is effective from.
    pub on: Date,
    /// 1 when new; one more per amendment (a stale amendment is refused).
    pub version: u32,
    pub item: Item,
    #[serde(default)]
    pub removed: Option<Removal>,
}

impl CouncilRecord {
    pub fn new(author: Option<UserId>, on: Date, item: Item) -> Self {
        Self {
            id: CouncilRecordId::new(),
            author,
            on,
            version: 1,
            item,
            removed: None,
        }
    }

    pub fn is_current(&self) -> bool {
        self.removed.is_none()
    }

    /// The next version with new content.
    pub fn amended(&self, item: Item) -> Self {
        Self {
            version: self.version + 1,
            item,
            ..self.clone()
        }
    }

    /// The (key, value) pairs the store finds the record by.
    pub fn index(&self) -> Vec<(&'static str, String)> {
        if self.removed.is_some() {
            return vec![("removed", "council".into())];
        }
        let mut out = vec![("item", self.item.kind().to_string())];
        if let Some(u) = self.item.staff() {
            out.push(("staff", u.to_string()));
        }
        if let Some(t) = self.item.team() {
            out.push(("team", t.to_string()));
        }
        out
    }
}

/// What the record holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "item", rename_all = "snake_case")]
pub enum Item {
    Contract(Contract),
    Absence(Absence),
    Supervision(Supervision),
    Establishment(Establishment),
    Pulse(Pulse),
    Population(Population),
    Costs(Costs),
    Comparator(Comparator),
    SelfAudit(SelfAudit),
}

impl Item {
    pub fn kind(&self) -> &'static str {
        match self {
            Item::Contract(_) => "contract",
            Item::Absence(_) => "absence",
            Item::Supervision(_) => "supervision",
            Item::Establishment(_) => "establishment",
            Item::Pulse(_) => "pulse",
            Item::Population(_) => "population",
            Item::Costs(_) => "costs",
            Item::Comparator(_) => "comparator",
            Item::SelfAudit(_) => "self_audit",
        }
    }

    /// The member of staff it is about, if any (never for a pulse answer:
    /// those are anonymous).
    pub fn staff(&self) -> Option<UserId> {
        match self {
            Item::Contract(c) => Some(c.user_id),
            Item::Absence(a) => Some(a.user_id),
            Item::Supervision(s) => Some(s.user_id),
            _ => None,
        }
    }

    pub fn team(&self) -> Option<TeamId> {
        match self {
            Item::Establishment(e) => Some(e.team_id),
            Item::Pulse(p) => Some(p.team_id),
            _ => None,
        }
    }

    /// Checks what a form or an import cannot be trusted to: ranges and the
    /// order of dates. The message names the field in plain words.
    pub fn check(&self) -> Result<(), String> {
        let fte_ok = |f: f64| f > 0.0 && f <= 1.0;
        match self {
            Item::Contract(c) => {
                if !fte_ok(c.fte) {
                    return Err("FTE must be more than 0 and no more than 1".into());
                }
                if c.end.is_some_and(|e| e < c.start) {
                    return Err("The leaving date must be on or after the start date".into());
                }
            }
            Item::Absence(a) => {
                if a.end < a.start {
                    return Err("The absence must end on or after it starts".into());
                }
                if !(a.working_days >= 0.0 && a.working_days <= 366.0) {
                    return Err("Working days lost must be between 0 and 366".into());
                }
            }
            Item::Establishment(e) => {
                if !(e.funded_fte >= 0.0 && e.funded_fte <= 10_000.0) {
                    return Err("Funded posts (FTE) must be between 0 and 10,000".into());
                }
            }
            Item::Pulse(p) => {
                if p.answers.len() != PULSE_QUESTIONS.len() {
                    return Err(format!(
                        "A pulse check has {} answers",
                        PULSE_QUESTIONS.len()
                    ));
                }
                if p.answers.iter().any(|a| !(1..=5).contains(a)) {
                    return Err("Each pulse answer is from 1 to 5".into());
                }
            }
            Item::Population(p) => {
                if p.by_age.len() != 18 {
                    return Err("The population is given for each age from 0 to 17".into());
                }
            }
            Item::Comparator(c) => {
                if c.council.trim().is_empty() || c.measure.trim().is_empty() {
                    return Err("A comparator figure names its council and measure".into());
                }
                if !c.value.is_finite() {
                    return Err("A comparator figure must be a number".into());
                }
            }
            Item::SelfAudit(a) => {
                if let Some(r) = a.ratings.iter().find(|r| !(1..=4).contains(&r.rating)) {
                    return Err(format!("The rating for {} must be from 1 to 4", r.item));
                }
            }
            Item::Supervision(_) | Item::Costs(_) => {}
        }
        Ok(())
    }
}

/// One spell of work for the council: a permanent contract or an agency
/// placement. A worker who leaves and returns has two spells.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contract {
    pub user_id: UserId,
    pub start: Date,
    pub end: Option<Date>,
    /// Full-time equivalent, more than 0 and at most 1.
    pub fte: f64,
    /// An agency worker rather than an employee.
    pub agency: bool,
    /// Holds cases (the DfE caseload measure counts only case holders).
    pub case_holding: bool,
    /// A registered social worker (the DfE workforce statistics count these).
    pub social_worker: bool,
    #[serde(default)]
    pub leaving_reason: String,
}

/// A period of sickness absence, with the working days it cost.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Absence {
    pub user_id: UserId,
    pub start: Date,
    pub end: Date,
    pub working_days: f64,
}

/// One supervision session held.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Supervision {
    pub user_id: UserId,
    pub date: Date,
    pub supervisor: Option<UserId>,
}

/// A team's funded social worker posts (FTE) from a date: vacancies are the
/// funded posts no permanent social worker fills.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Establishment {
    pub team_id: TeamId,
    pub from: Date,
    pub funded_fte: f64,
}

/// The pulse check's questions, each answered 1 (not at all) to 5 (fully).
pub const PULSE_QUESTIONS: [&str; 4] = [
    "I have time to work directly with children and families",
    "I get the training I need",
    "I feel supported when I hold risk",
    "I would recommend my team as a place to work",
];

/// The fewest answers a pulse result is shown for, so no one can be picked out.
pub const PULSE_MIN_GROUP: usize = 5;

/// One anonymous pulse answer: the team and the date, never the person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pulse {
    pub team_id: TeamId,
    pub date: Date,
    pub answers: Vec<u8>,
}

/// The council's child population by single year of age (0 to 17), from the
/// ONS mid-year estimates, for the rates per 10,000.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Population {
    /// The mid-year the estimate is for.
    pub year: i32,
    pub by_age: Vec<u32>,
    pub source: String,
}

impl Population {
    pub fn total(&self) -> u64 {
        self.by_age.iter().map(|n| u64::from(*n)).sum()
    }
}

/// The rate card for value for money: staff cost per hour by role and weekly
/// placement cost by placement type, in pence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Costs {
    pub from: Date,
    /// (discipline code, pence per hour).
    pub hourly: Vec<(String, u64)>,
    /// (903 placement code such as U1 or K2, pence per week).
    pub weekly_placement: Vec<(String, u64)>,
}

/// A published figure for another council (a statistical neighbour) or a
/// group of them, for comparison beside this council's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparator {
    pub council: String,
    /// The measure's stable id.
    pub measure: String,
    pub year: i32,
    pub value: f64,
    pub source: String,
}

/// One round of the leadership's self-audit against the enablers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SelfAudit {
    /// The round's name ("Spring 2025").
    pub round: String,
    pub ratings: Vec<AuditRating>,
}

/// A rating of one self-audit item, with the evidence and what will be done.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditRating {
    /// The item's stable id (see `hearth_insight::enablers`).
    pub item: String,
    /// 1 (not in place) to 4 (embedded).
    pub rating: u8,
    pub evidence: String,
    #[serde(default)]
    pub actions: Vec<AuditAction>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditAction {
    pub what: String,
    pub owner: String,
    pub due: Option<Date>,
    #[serde(default)]
    pub done: bool,
}
