//! The seven features of practice as records: the tools a practitioner, a
//! practice assistant, a consultant social worker and a unit reach for every
//! day (mapping, scaling, safety plans, the child's own views, hypotheses,
//! delegated tasks, time, adult specialists and information sharing, unit
//! meetings, visit plans and family group conferences).
//!
//! Every tool's record is a [`PracticeRecord`]: who it is about, whose it is
//! (a family, a unit or a practitioner) and the tool's own content. One shape
//! means one pair of journal events (`PracticeRecorded`, `PracticeRemoved`),
//! one projected document kind and one access rule per scope, so a new tool
//! adds its content type here and nothing else in the journal or the store.
//!
//! Recording may be done in any order and across sittings: a record is saved
//! as soon as it has its essentials and amended later (each amendment is a new
//! version in the journal; the earlier ones stay there).

pub mod conference;
pub mod delegation;
pub mod discussion;
pub mod hypothesis;
pub mod intensity;
pub mod mapping;
pub mod safety;
pub mod scaling;
pub mod specialists;
pub mod timesheet;
pub mod voice;

use crate::ids::*;
use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

/// Whose record this is, which decides who may read and change it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "scope", content = "id", rename_all = "snake_case")]
pub enum Scope {
    /// Work with a family: read and written by those who may read and write
    /// the family's records (through the chokepoint).
    Family(FamilyId),
    /// A unit's own business (its weekly meeting): the unit's members, its
    /// consultant and managers of its service.
    Unit(UnitId),
    /// A practitioner's own (their time): themselves and their managers.
    Practitioner(UserId),
}

impl Scope {
    pub fn id(self) -> Uuid {
        match self {
            Scope::Family(f) => f.0,
            Scope::Unit(u) => u.0,
            Scope::Practitioner(p) => p.0,
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Scope::Family(_) => "family",
            Scope::Unit(_) => "unit",
            Scope::Practitioner(_) => "practitioner",
        }
    }
    pub fn family(self) -> Option<FamilyId> {
        match self {
            Scope::Family(f) => Some(f),
            _ => None,
        }
    }
}

/// Why a record was taken out (recorded in error, duplicated...). The record
/// stays in the journal; it is no longer shown or counted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Removal {
    pub reason: String,
    pub by: Option<UserId>,
    pub on: Date,
}

/// One practice record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PracticeRecord {
    pub id: PracticeId,
    pub scope: Scope,
    /// The people it concerns (for a family scope they must be in the
    /// family); it shows in each one's record.
    #[serde(default)]
    pub about: Vec<PersonId>,
    /// Who recorded it first.
    pub author: Option<UserId>,
    /// When the work happened (a mapping meeting, a scaling conversation).
    pub on: Date,
    /// 1 for a new record, one more for each amendment: an amendment made on
    /// an older version than the stored one is refused, so two people editing
    /// at once never silently overwrite each other.
    pub version: u32,
    pub tool: Tool,
    #[serde(default)]
    pub removed: Option<Removal>,
}

impl PracticeRecord {
    pub fn new(scope: Scope, author: Option<UserId>, on: Date, tool: Tool) -> Self {
        Self {
            id: PracticeId::new(),
            scope,
            about: Vec::new(),
            author,
            on,
            version: 1,
            tool,
            removed: None,
        }
    }

    pub fn is_current(&self) -> bool {
        self.removed.is_none()
    }

    /// The next version of this record with new content.
    pub fn amended(&self, tool: Tool) -> Self {
        Self {
            version: self.version + 1,
            tool,
            ..self.clone()
        }
    }

    /// The (key, value) pairs the store finds this record by.
    pub fn index(&self) -> Vec<(&'static str, String)> {
        if let Some(_r) = &self.removed {
            return vec![("removed", self.scope.id().to_string())];
        }
        let mut out = vec![
            (self.scope.key(), self.scope.id().to_string()),
            ("tool", self.tool.kind().to_string()),
        ];
        for p in &self.about {
            out.push(("person", p.to_string()));
        }
        out.extend(self.tool.index());
        out
    }
}

/// The content of each tool.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "tool", rename_all = "snake_case")]
pub enum Tool {
    /// Worries, what is working well, what needs to happen.
    Mapping(mapping::Mapping),
    /// One scaling conversation: several raters' 0-10 scores on a question.
    Scaling(scaling::Scaling),
    /// The safety plan and the safety network around the children.
    SafetyPlan(safety::SafetyPlan),
    /// A child's own views in their words and pictures.
    ChildsViews(voice::ChildsViews),
    /// A hypothesis about the family, with evidence for and against.
    Hypothesis(hypothesis::Hypothesis),
    /// A task delegated to a practice assistant, family support worker or
    /// volunteer.
    Task(delegation::Task),
    /// Time a practitioner spent, by kind of work.
    Time(timesheet::TimeEntry),
    /// An adult specialist working with adults in the family.
    Specialist(specialists::Involvement),
    /// Information shared with a partner agency, and the consent for it.
    Sharing(specialists::Sharing),
    /// A unit's weekly meeting.
    UnitMeeting(discussion::UnitMeeting),
    /// One family's discussion at a unit meeting.
    CaseDiscussion(discussion::CaseDiscussion),
    /// How often the children are to be visited, and why.
    VisitPlan(intensity::VisitPlan),
    /// The qualified social worker supporting a lead practitioner who is not
    /// one.
    SupportingSocialWorker(intensity::SupportingSocialWorker),
    /// A family group conference or family group decision-making meeting.
    Conference(conference::Conference),
    /// The family's own feedback on the work.
    Feedback(conference::Feedback),
    /// What the chronology tells us: patterns, cumulative harm, progress.
    ChronologyAnalysis(ChronologyAnalysis),
}

/// A practitioner's analysis of the family's chronology. A list of dates is
/// not an assessment: the analysis says what the pattern means for the
/// children (cumulative harm, what has helped, what keeps recurring).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChronologyAnalysis {
    pub analysis: String,
    /// The period of the chronology it covers, in words ("since the referral
    /// in March 2025").
    #[serde(default)]
    pub covers: String,
}

impl Tool {
    /// A stable name, used in URLs and the index.
    pub fn kind(&self) -> &'static str {
        match self {
            Tool::Mapping(_) => "mapping",
            Tool::Scaling(_) => "scaling",
            Tool::SafetyPlan(_) => "safety_plan",
            Tool::ChildsViews(_) => "childs_views",
            Tool::Hypothesis(_) => "hypothesis",
            Tool::Task(_) => "task",
            Tool::Time(_) => "time",
            Tool::Specialist(_) => "specialist",
            Tool::Sharing(_) => "sharing",
            Tool::UnitMeeting(_) => "unit_meeting",
            Tool::CaseDiscussion(_) => "case_discussion",
            Tool::VisitPlan(_) => "visit_plan",
            Tool::SupportingSocialWorker(_) => "supporting_social_worker",
            Tool::Conference(_) => "conference",
            Tool::Feedback(_) => "feedback",
            Tool::ChronologyAnalysis(_) => "chronology_analysis",
        }
    }

    /// The tool's name in words, for chronologies and lists.
    pub fn label(&self) -> &'static str {
        match self {
            Tool::Mapping(_) => "Mapping",
            Tool::Scaling(_) => "Scaling conversation",
            Tool::SafetyPlan(_) => "Safety plan",
            Tool::ChildsViews(_) => "Child's views",
            Tool::Hypothesis(_) => "Hypothesis",
            Tool::Task(_) => "Delegated task",
            Tool::Time(_) => "Time record",
            Tool::Specialist(_) => "Adult specialist involvement",
            Tool::Sharing(_) => "Information sharing decision",
            Tool::UnitMeeting(_) => "Unit meeting",
            Tool::CaseDiscussion(_) => "Unit case discussion",
            Tool::VisitPlan(_) => "Visit plan",
            Tool::SupportingSocialWorker(_) => "Supporting social worker named",
            Tool::Conference(_) => "Family group conference",
            Tool::Feedback(_) => "Family feedback",
            Tool::ChronologyAnalysis(_) => "Chronology analysis",
        }
    }

    /// Which scope the tool belongs in.
    pub fn scope_key(&self) -> &'static str {
        match self {
            Tool::UnitMeeting(_) => "unit",
            Tool::Time(_) => "practitioner",
            _ => "family",
        }
    }

    /// Extra index entries a tool is found by (a task by its owner, a
    /// discussion by its meeting).
    fn index(&self) -> Vec<(&'static str, String)> {
        match self {
            Tool::Task(t) => t.index(),
            Tool::Time(t) => t.index(),
            Tool::CaseDiscussion(d) => d.index(),
            Tool::UnitMeeting(m) => m.index(),
            Tool::Specialist(s) => s.index(),
            Tool::Sharing(s) => s.index(),
            Tool::Conference(c) => c.index(),
            Tool::Scaling(s) => s.index(),
            _ => Vec::new(),
        }
    }

    /// Checks the content makes sense on its own (scores in range, a task
    /// with an owner). Returns a message in plain words.
    pub fn check(&self) -> Result<(), String> {
        match self {
            Tool::Scaling(s) => s.check(),
            Tool::Time(t) => t.check(),
            Tool::Task(t) => t.check(),
            Tool::VisitPlan(v) => v.check(),
            Tool::Feedback(f) => f.check(),
            Tool::Specialist(s) => s.check(),
            Tool::Sharing(s) => s.check(),
            Tool::Conference(c) => c.check(),
            Tool::ChildsViews(v) => v.check(),
            Tool::SafetyPlan(p) => p.check(),
            Tool::Hypothesis(h) => h.check(),
            Tool::UnitMeeting(m) => m.check(),
            Tool::CaseDiscussion(d) => d.check(),
            _ => Ok(()),
        }
    }
}
