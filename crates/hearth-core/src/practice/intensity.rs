//! High intensity and consistency of practitioner: how often the children
//! are to be visited (set by their plan: for example every 10 working days
//! under a child protection plan), how many lead practitioners a child has
//! had and why each changed, and the qualified social worker named to
//! support a lead practitioner who is not one.
//!
//! Sources for the default visit frequencies (see
//! `reference/practice/timescales-and-rules.md`):
//! - child protection plan: Working Together 2023 sets no national minimum
//!   ("the plan sets it"); the common local minimum is every 10 working days
//!   (Camden, Central Bedfordshire, Liverpool, Sussex procedures), which is
//!   Hearth's default ("What Hearth should enforce" item 3);
//! - looked after: the Care Planning, Placement and Case Review (England)
//!   Regulations 2010 reg 28(2): within one week of a placement starting,
//!   then at intervals of no more than six weeks in the placement's first
//!   year (counted here as 30 working days; later visits may be three-monthly
//!   only where the placement is to last until 18, which the plan records as
//!   an override);
//! - child in need: no statutory frequency; Hearth's default is every 20
//!   working days (about four weeks) as a local policy, for the plan to
//!   change.

use crate::calendar::{add_months, add_working_days, working_days_between};
use crate::ids::{PersonId, UserId};
use crate::journey::{Journey, StepDetail};
use crate::model::{Allocation, Discipline};
use serde::{Deserialize, Serialize};
use time::Date;

/// Every 10 working days under a child protection plan (the common local
/// minimum; the plan may set more often).
pub const CHILD_PROTECTION_WD: u32 = 10;
/// Six weeks, in working days: looked-after visits in a placement's first
/// year (reg 28(2)).
pub const LOOKED_AFTER_WD: u32 = 30;
/// A new placement is visited within one week (reg 28(2)): 5 working days.
pub const NEW_PLACEMENT_WD: u32 = 5;
/// About four weeks: Hearth's local default for a child in need.
pub const CHILD_IN_NEED_WD: u32 = 20;
/// The longest interval a plan may set: about six months.
pub const MAX_WD: u32 = 130;
/// A child with this many lead practitioners in twelve months is flagged.
pub const MANY_LEADS: usize = 3;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VisitPlan {
    pub child: PersonId,
    /// Visit at least every this many working days.
    pub every_working_days: u32,
    /// Why (the plan that sets it: "child protection plan").
    pub reason: String,
}

impl VisitPlan {
    pub fn check(&self) -> Result<(), String> {
        if self.every_working_days == 0 || self.every_working_days > MAX_WD {
            return Err(format!(
                "Visits must be set between every 1 and every {MAX_WD} working days"
            ));
        }
        if self.reason.trim().is_empty() {
            return Err("Give the reason for the visit frequency".into());
        }
        Ok(())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SupportingSocialWorker {
    pub child: PersonId,
    pub social_worker: UserId,
}

/// Whether a lead practitioner of this discipline must have a qualified
/// social worker named to support them (Working Together 2023: a lead
/// practitioner who is not a social worker is overseen by a
/// social-work-qualified supervisor). Social workers, managers and
/// reviewing officers are registered social workers; everyone else needs one.
pub fn needs_supporting_social_worker(d: Discipline) -> bool {
    !d.needs_registration()
}

/// What sets a child's visit frequency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VisitBasis {
    ChildProtectionPlan,
    LookedAfter,
    ChildInNeed,
    /// A visit plan recorded for the child overrides the default.
    SetByPlan,
}

impl VisitBasis {
    pub fn label(self) -> &'static str {
        match self {
            Self::ChildProtectionPlan => "Child protection plan",
            Self::LookedAfter => "Looked after (placement visits)",
            Self::ChildInNeed => "Child in need",
            Self::SetByPlan => "Set by the child's plan",
        }
    }
}

/// How often a child is to be visited, and from when.
#[derive(Clone, Debug, PartialEq)]
pub struct VisitFrequency {
    pub every_working_days: u32,
    pub basis: VisitBasis,
    /// In words, with the source of the rule.
    pub reason: String,
    /// When the plan or placement that sets it started: a child not visited
    /// since is due counted from here.
    pub since: Option<Date>,
    /// A new placement is visited sooner (within a week) than the interval.
    pub first_visit_wd: Option<u32>,
}

/// The plan a child's statutory journey puts them under on `on`: a child
/// protection plan first, then care, then a child in need plan or an open
/// children in need episode. `None` if none is open.
pub fn default_frequency(journey: &Journey, on: Date) -> Option<VisitFrequency> {
    let open = |start: Date, end: Option<Date>| start <= on && end.is_none_or(|e| e > on);
    let cp = journey
        .steps
        .iter()
        .filter_map(|s| match &s.detail {
            StepDetail::CpPlan { start, end, .. } if open(*start, *end) => Some(*start),
            _ => None,
        })
        .max();
    if let Some(start) = cp {
        return Some(VisitFrequency {
            every_working_days: CHILD_PROTECTION_WD,
            basis: VisitBasis::ChildProtectionPlan,
            reason: "Child protection plan: seen at least every 10 working days, including alone (the common local minimum; Working Together 2023 leaves it to the plan)".into(),
            since: Some(start),
            first_visit_wd: None,
        });
    }
    if let Some(start) = placement_start(journey, on) {
        return Some(VisitFrequency {
            every_working_days: LOOKED_AFTER_WD,
            basis: VisitBasis::LookedAfter,
            reason: "Looked after: visited within a week of a placement starting, then at least every six weeks (Care Planning Regulations 2010, reg 28)".into(),
            since: Some(start),
            first_visit_wd: Some(NEW_PLACEMENT_WD),
        });
    }
    let cin = journey
        .steps
        .iter()
        .filter_map(|s| match &s.detail {
            StepDetail::CinPlan { start, end, .. } if open(*start, *end) => Some(*start),
            StepDetail::CinEpisode {
                referral_date,
                closure_date,
                ..
            } if open(*referral_date, *closure_date) => Some(*referral_date),
            _ => None,
        })
        .max();
    cin.map(|start| VisitFrequency {
        every_working_days: CHILD_IN_NEED_WD,
        basis: VisitBasis::ChildInNeed,
        reason: "Child in need: at least every 20 working days, the local default (there is no national frequency)".into(),
        since: Some(start),
        first_visit_wd: None,
    })
}

/// A visit plan recorded on `on` overrides the default frequency; the date
/// the journey's plan started still counts for a child not yet visited.
pub fn with_plan(default: Option<VisitFrequency>, plan: &VisitPlan, on: Date) -> VisitFrequency {
    let since = default
        .as_ref()
        .and_then(|d| d.since)
        .map_or(on, |s| s.min(on));
    VisitFrequency {
        every_working_days: plan.every_working_days,
        basis: VisitBasis::SetByPlan,
        reason: plan.reason.clone(),
        since: Some(since),
        first_visit_wd: None,
    }
}

/// When the current placement began: the start of the care episode open on
/// `on`, carried back through earlier episodes in the same placement (a new
/// episode also starts on a change of legal status, which is not a move).
fn placement_start(journey: &Journey, on: Date) -> Option<Date> {
    let mut eps: Vec<(Date, Option<Date>, &str, &str, &str)> = journey
        .steps
        .iter()
        .filter_map(|s| match &s.detail {
            StepDetail::CareEpisode {
                start,
                end,
                placement,
                placement_postcode,
                reason_new,
                ..
            } => Some((
                *start,
                *end,
                placement.as_str(),
                placement_postcode.as_str(),
                reason_new.as_str(),
            )),
            _ => None,
        })
        .collect();
    eps.sort_by_key(|e| e.0);
    let i = eps
        .iter()
        .rposition(|e| e.0 <= on && e.1.is_none_or(|end| end > on))?;
    let mut start = eps[i].0;
    let mut k = i;
    while k > 0 {
        let (prev, cur) = (&eps[k - 1], &eps[k]);
        let moved = matches!(cur.4, "P" | "B" | "T" | "U");
        let same_place = prev.2 == cur.2 && prev.3 == cur.3;
        if moved || !same_place || prev.1 != Some(cur.0) {
            break;
        }
        start = prev.0;
        k -= 1;
    }
    Some(start)
}

/// When the next visit is due and whether it is late.
#[derive(Clone, Debug, PartialEq)]
pub struct VisitDue {
    pub due: Date,
    pub overdue: bool,
    /// Working days from today to the due date (negative when late).
    pub working_days_left: i64,
}

/// The next visit due: the interval counted in working days from the last
/// visit; a child not visited since their plan or placement began is due
/// counted from its start (a new placement within a week); a child never
/// visited and under no plan is due today.
pub fn visit_due(freq: &VisitFrequency, last_visit: Option<Date>, today: Date) -> VisitDue {
    let visited_since_start = match (last_visit, freq.since) {
        (Some(v), Some(s)) => v >= s,
        (Some(_), None) => true,
        (None, _) => false,
    };
    let due = match (visited_since_start, last_visit, freq.since) {
        (true, Some(v), _) => add_working_days(v, freq.every_working_days as i32),
        (false, _, Some(s)) => add_working_days(
            s,
            freq.first_visit_wd.unwrap_or(freq.every_working_days) as i32,
        ),
        _ => today,
    };
    VisitDue {
        due,
        overdue: today > due,
        working_days_left: working_days_between(today, due),
    }
}

/// A child's lead practitioners over time: how many, and why each changed.
#[derive(Clone, Debug, PartialEq)]
pub struct LeadHistory {
    /// Different lead practitioners ever.
    pub ever: usize,
    /// Different lead practitioners at any time in the twelve months to today.
    pub last_12_months: usize,
    /// Each allocation, oldest first: from, to, who and why.
    pub changes: Vec<Allocation>,
}

impl LeadHistory {
    /// Three or more lead practitioners in a year: the child has had to build
    /// too many new relationships.
    pub fn too_many(&self) -> bool {
        self.last_12_months >= MANY_LEADS
    }
}

pub fn lead_history(allocations: &[Allocation], today: Date) -> LeadHistory {
    let year_ago = add_months(today, -12);
    let mut ever: Vec<UserId> = Vec::new();
    let mut recent: Vec<UserId> = Vec::new();
    for a in allocations {
        if !ever.contains(&a.user_id) {
            ever.push(a.user_id);
        }
        let overlaps = a.from <= today && a.to.is_none_or(|t| t > year_ago);
        if overlaps && !recent.contains(&a.user_id) {
            recent.push(a.user_id);
        }
    }
    let mut changes = allocations.to_vec();
    changes.sort_by_key(|a| a.from);
    LeadHistory {
        ever: ever.len(),
        last_12_months: recent.len(),
        changes,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::ids::StepId;
    use crate::journey::JourneyStep;
    use time::macros::date;

    fn journey(steps: Vec<StepDetail>) -> Journey {
        let mut j = Journey::new(PersonId::from_u128(1));
        for (i, detail) in steps.into_iter().enumerate() {
            j.record(JourneyStep {
                id: StepId::from_u128(i as u128 + 1),
                detail,
            });
        }
        j
    }

    fn cp(start: Date, end: Option<Date>) -> StepDetail {
        StepDetail::CpPlan {
            episode: None,
            start,
            end,
            initial_category: "NEG".into(),
            latest_category: "NEG".into(),
            previous_plans: "0".into(),
            reviews: vec![],
        }
    }

    fn care(start: Date, end: Option<Date>, reason_new: &str, placement: &str) -> StepDetail {
        StepDetail::CareEpisode {
            start,
            reason_new: reason_new.into(),
            legal_status: "C2".into(),
            category_of_need: "N1".into(),
            placement: placement.into(),
            provider: "PR1".into(),
            end,
            reason_end: if end.is_some() {
                "X1".into()
            } else {
                String::new()
            },
            reason_place_change: String::new(),
            home_postcode: String::new(),
            placement_postcode: "ZZ1 1ZZ".into(),
            urn: String::new(),
        }
    }

    #[test]
    fn a_child_protection_plan_sets_ten_working_days_across_a_bank_holiday() {
        let j = journey(vec![
            StepDetail::CinPlan {
                episode: None,
                start: date!(2025 - 01 - 06),
                end: None,
            },
            cp(date!(2025 - 03 - 03), None),
        ]);
        let f = default_frequency(&j, date!(2025 - 04 - 22)).expect("a plan");
        assert_eq!(f.basis, VisitBasis::ChildProtectionPlan);
        assert_eq!(f.every_working_days, 10);
        // Visited Thursday 10 April 2025: Good Friday (18th) and Easter
        // Monday (21st) are not working days, so 10 working days is Monday
        // 28 April, not Thursday 24th.
        let d = visit_due(&f, Some(date!(2025 - 04 - 10)), date!(2025 - 04 - 25));
        assert_eq!(d.due, date!(2025 - 04 - 28));
        assert!(!d.overdue);
        assert_eq!(d.working_days_left, 1);
        let late = visit_due(&f, Some(date!(2025 - 04 - 10)), date!(2025 - 04 - 29));
        assert!(late.overdue);
        assert_eq!(late.working_days_left, -1);
    }

    #[test]
    fn an_ended_plan_falls_back_to_child_in_need_and_none_without_a_plan() {
        let j = journey(vec![
            StepDetail::CinPlan {
                episode: None,
                start: date!(2025 - 01 - 06),
                end: None,
            },
            cp(date!(2024 - 03 - 04), Some(date!(2025 - 01 - 06))),
        ]);
        let f = default_frequency(&j, date!(2025 - 02 - 03)).expect("a plan");
        assert_eq!(f.basis, VisitBasis::ChildInNeed);
        assert_eq!(f.every_working_days, CHILD_IN_NEED_WD);
        assert_eq!(
            default_frequency(&journey(vec![]), date!(2025 - 02 - 03)),
            None
        );
    }

    #[test]
    fn a_child_not_visited_since_the_plan_began_is_due_from_its_start() {
        let j = journey(vec![cp(date!(2025 - 06 - 02), None)]);
        let f = default_frequency(&j, date!(2025 - 06 - 20)).expect("a plan");
        // The last visit was before the plan: counted from the plan's start.
        let d = visit_due(&f, Some(date!(2025 - 05 - 01)), date!(2025 - 06 - 20));
        assert_eq!(d.due, date!(2025 - 06 - 16));
        assert!(d.overdue);
    }

    #[test]
    fn a_new_placement_is_due_a_visit_within_a_week_then_six_weekly() {
        let j = journey(vec![
            care(
                date!(2025 - 01 - 06),
                Some(date!(2025 - 03 - 03)),
                "S",
                "U1",
            ),
            // A change of legal status in the same placement is not a move.
            care(
                date!(2025 - 03 - 03),
                Some(date!(2025 - 05 - 05)),
                "L",
                "U1",
            ),
            care(date!(2025 - 05 - 05), None, "P", "U4"),
        ]);
        let f = default_frequency(&j, date!(2025 - 05 - 06)).expect("in care");
        assert_eq!(f.basis, VisitBasis::LookedAfter);
        assert_eq!(f.since, Some(date!(2025 - 05 - 05)));
        let d = visit_due(&f, Some(date!(2025 - 04 - 28)), date!(2025 - 05 - 06));
        assert_eq!(d.due, date!(2025 - 05 - 12));
        let after = visit_due(&f, Some(date!(2025 - 05 - 09)), date!(2025 - 05 - 12));
        assert_eq!(after.due, add_working_days(date!(2025 - 05 - 09), 30));
        assert_eq!(
            placement_start(&j, date!(2025 - 04 - 01)),
            Some(date!(2025 - 01 - 06))
        );
    }

    #[test]
    fn a_recorded_plan_overrides_the_default() {
        let j = journey(vec![cp(date!(2025 - 03 - 03), None)]);
        let plan = VisitPlan {
            child: PersonId::from_u128(1),
            every_working_days: 5,
            reason: "Baby under one: seen weekly while the plan begins".into(),
        };
        assert!(plan.check().is_ok());
        let f = with_plan(
            default_frequency(&j, date!(2025 - 04 - 01)),
            &plan,
            date!(2025 - 03 - 20),
        );
        assert_eq!(f.basis, VisitBasis::SetByPlan);
        assert_eq!(f.since, Some(date!(2025 - 03 - 03)));
        let d = visit_due(&f, Some(date!(2025 - 03 - 31)), date!(2025 - 04 - 01));
        assert_eq!(d.due, date!(2025 - 04 - 07));
        let bad = VisitPlan {
            every_working_days: 0,
            ..plan
        };
        assert!(bad.check().is_err());
    }

    #[test]
    fn never_visited_with_no_plan_is_due_today() {
        let f = VisitFrequency {
            every_working_days: 20,
            basis: VisitBasis::ChildInNeed,
            reason: String::new(),
            since: None,
            first_visit_wd: None,
        };
        let d = visit_due(&f, None, date!(2025 - 06 - 02));
        assert_eq!(d.due, date!(2025 - 06 - 02));
        assert!(!d.overdue);
    }

    #[test]
    fn lead_practitioners_are_counted_ever_and_in_the_last_year() {
        let a = |u: u128, from: Date, to: Option<Date>, why: &str| Allocation {
            user_id: UserId::from_u128(u),
            from,
            to,
            reason: why.into(),
        };
        let allocs = vec![
            a(
                1,
                date!(2023 - 01 - 09),
                Some(date!(2024 - 02 - 01)),
                "Allocated at referral",
            ),
            a(
                2,
                date!(2024 - 02 - 01),
                Some(date!(2024 - 09 - 02)),
                "Worker left",
            ),
            a(
                3,
                date!(2024 - 09 - 02),
                Some(date!(2025 - 01 - 06)),
                "Caseload rebalanced",
            ),
            a(1, date!(2025 - 01 - 06), None, "Back to the first worker"),
        ];
        let h = lead_history(&allocs, date!(2025 - 06 - 02));
        assert_eq!(h.ever, 3);
        // Worker 2 until 2 September 2024 (inside the year), 3, and 1 again.
        assert_eq!(h.last_12_months, 3);
        assert!(h.too_many());
        assert_eq!(h.changes.len(), 4);
        let later = lead_history(&allocs, date!(2025 - 10 - 01));
        assert_eq!(later.last_12_months, 2);
        assert!(!later.too_many());
    }

    #[test]
    fn who_needs_a_supporting_social_worker() {
        assert!(needs_supporting_social_worker(
            Discipline::FamilyPractitioner
        ));
        assert!(needs_supporting_social_worker(
            Discipline::PracticeAssistant
        ));
        assert!(!needs_supporting_social_worker(Discipline::SocialWorker));
        assert!(!needs_supporting_social_worker(Discipline::Manager));
    }
}
