//! Test builders: children with hand-written journeys, a snapshot of them,
//! and one measure's figure for the whole council. Every child and date is
//! made up.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use hearth_core::council::{CouncilRecord, Item, Population};
use hearth_core::ids::{PersonId, StepId, UserId};
use hearth_core::journey::{Journey, JourneyStep, StepDetail};
use hearth_core::model::{Allocation, Person, PersonDetails, PersonKind};
use time::Date;

use crate::period::Period;
use crate::report::{compute, Behind, Report};
use crate::scope::Scope;
use crate::snapshot::{Child, Snapshot};

/// Builds one child step by step.
pub struct ChildBuilder {
    child: Child,
}

impl ChildBuilder {
    pub fn new(date_of_birth: Option<Date>) -> Self {
        let id = PersonId::new();
        ChildBuilder {
            child: Child {
                person: Person {
                    id,
                    kind: PersonKind::Child,
                    details: PersonDetails {
                        given_names: "Test".into(),
                        family_name: "Child".into(),
                        date_of_birth,
                        ..PersonDetails::default()
                    },
                    addresses: Vec::new(),
                    families: Vec::new(),
                    restricted: false,
                    grants: Vec::new(),
                    allocations: Vec::new(),
                },
                journey: Journey::new(id),
                family: None,
                team: None,
                unit: None,
            },
        }
    }

    pub fn step(mut self, detail: StepDetail) -> Self {
        self.child.journey.record(JourneyStep {
            id: StepId::new(),
            detail,
        });
        self
    }

    /// An episode of care: start, RNE, legal status, placement, end, REC.
    pub fn care(
        self,
        start: Date,
        rne: &str,
        ls: &str,
        place: &str,
        end: Option<Date>,
        rec: &str,
    ) -> Self {
        self.care_moved(start, rne, ls, place, end, rec, "")
    }

    /// An episode of care whose placement ended for the reason given.
    #[allow(clippy::too_many_arguments)]
    pub fn care_moved(
        self,
        start: Date,
        rne: &str,
        ls: &str,
        place: &str,
        end: Option<Date>,
        rec: &str,
        reason_place_change: &str,
    ) -> Self {
        self.step(StepDetail::CareEpisode {
            start,
            reason_new: rne.into(),
            legal_status: ls.into(),
            category_of_need: "N1".into(),
            placement: place.into(),
            provider: "PR1".into(),
            end,
            reason_end: rec.into(),
            reason_place_change: reason_place_change.into(),
            home_postcode: String::new(),
            placement_postcode: String::new(),
            urn: String::new(),
        })
    }

    /// A children in need episode from its referral.
    pub fn referral(self, date: Date, closed: Option<Date>) -> Self {
        self.step(StepDetail::CinEpisode {
            referral_date: date,
            referral_source: "1A".into(),
            primary_need: "N1".into(),
            closure_date: closed,
            closure_reason: String::new(),
            referral_nfa: "false".into(),
            initial_cpc: None,
        })
    }

    pub fn assessment(self, start: Date, authorised: Option<Date>) -> Self {
        self.step(StepDetail::Assessment {
            episode: None,
            start,
            internal_review: None,
            authorised,
            factors: Vec::new(),
        })
    }

    pub fn s47(self, start: Date, icpc: Option<Date>) -> Self {
        self.step(StepDetail::Section47 {
            episode: None,
            start,
            icpc_target: None,
            icpc_date: icpc,
            icpc_not_required: "false".into(),
        })
    }

    pub fn cp_plan(self, start: Date, end: Option<Date>, previous: &str) -> Self {
        self.step(StepDetail::CpPlan {
            episode: None,
            start,
            end,
            initial_category: "NEG".into(),
            latest_category: "NEG".into(),
            previous_plans: previous.into(),
            reviews: Vec::new(),
        })
    }

    pub fn missing(self, kind: &str, start: Date) -> Self {
        self.step(StepDetail::Missing {
            kind: kind.into(),
            start,
            end: None,
            return_interview_offered: None,
            return_interview_accepted: None,
        })
    }

    /// The year's outcomes (OC2) with a strengths and difficulties score
    /// ("" for none).
    pub fn sdq(self, year: Option<i32>, score: &str) -> Self {
        self.step(StepDetail::CareOutcomes {
            year,
            sdq_score: score.into(),
            sdq_reason: if score.is_empty() { "SDQ1" } else { "" }.into(),
            convicted: "0".into(),
            health_check: "1".into(),
            immunisations: "1".into(),
            teeth_check: "1".into(),
            health_assessment: "1".into(),
            substance_misuse: "0".into(),
            intervention_received: String::new(),
            intervention_offered: String::new(),
        })
    }

    pub fn social_worker(self, worker: &str, start: Date, end: Option<Date>) -> Self {
        self.step(StepDetail::SocialWorkerEpisode {
            worker_id: worker.into(),
            start,
            end,
            reason_end: String::new(),
        })
    }

    /// A lead practitioner allocation.
    pub fn lead(mut self, user: UserId, from: Date, to: Option<Date>) -> Self {
        self.child.person.allocations.push(Allocation {
            user_id: user,
            from,
            to,
            reason: String::new(),
        });
        self
    }

    pub fn build(self) -> Child {
        self.child
    }
}

/// A snapshot of these children, with a population of 0-17s if given
/// (recorded for the mid-year 2000, so it is found for every period).
pub fn snapshot(children: Vec<Child>, population: Option<u32>) -> Snapshot {
    let mut s = Snapshot {
        children,
        ..Snapshot::default()
    };
    s.children.sort_by_key(|c| c.person.id);
    if let Some(n) = population {
        s.council.push(CouncilRecord::new(
            None,
            time::macros::date!(2000 - 07 - 01),
            Item::Population(Population {
                year: 2000,
                by_age: vec![n],
                source: "test".into(),
            }),
        ));
    }
    s
}

/// Every measure for the whole council over the period.
pub fn council(s: &Snapshot, p: Period) -> Report {
    compute(s, Scope::Council, p, p)
}

/// One measure's numerator, denominator and the children behind it.
pub fn figure(r: &Report, id: &str) -> (f64, f64, Vec<PersonId>) {
    let v = r
        .get(id)
        .unwrap_or_else(|| panic!("{id} is not in the report"));
    let people = v
        .behind
        .iter()
        .map(|b| match b {
            Behind::Child(p) => *p,
            other => panic!("{id}: {other:?} behind a children's measure"),
        })
        .collect();
    (v.numerator, v.denominator, people)
}

/// A sorted list of the children's ids, to compare with `behind`.
pub fn ids(children: &[&Child]) -> Vec<PersonId> {
    let mut v: Vec<PersonId> = children.iter().map(|c| c.person.id).collect();
    v.sort();
    v
}
