//! Each unit's weekly meetings over the last three months, made after every
//! family exists: the agenda drawn from the families allocated to the unit
//! that week (those never discussed, or not for four weeks, first), each
//! family's discussion with the hypotheses, decisions and owned actions
//! (most done, some open, some overdue), most signed off by the consultant
//! or the team manager, and a few meetings cancelled with the reason.
//!
//! The unit's caseload on a date is read back from the journal already
//! made (each family's allocations to a unit), so this pass needs nothing
//! from the family generator but its events, and stays deterministic: the
//! families are taken in the order they were made, never from a hash map's.

use std::collections::HashMap;

use hearth_core::event::EventBody;
use hearth_core::ids::{FamilyId, PracticeId, UnitId, UserId};
use hearth_core::practice::discussion::{AgreedAction, CaseDiscussion, Oversight, UnitMeeting};
use hearth_core::practice::{PracticeRecord, Scope, Tool};
use time::{Date, Duration, OffsetDateTime};

use crate::gen::{add_days, days_between, Gen};

/// How many weeks of meetings each unit has had.
const WEEKS: i64 = 13;

const CANCELLED: &[&str] = &[
    "Court hearing for two unit members",
    "Consultant social worker on leave and no cover available",
    "Most of the unit at an initial child protection conference",
    "Office closed for the bank holiday",
    "Unit training day",
];

const OTHERS: &[&str] = &[
    "The school nurse",
    "The independent reviewing officer",
    "A family therapist",
    "The domestic abuse specialist",
    "The health visitor",
];

const TALK: &[&str] = &[
    "We talked about how the family's relationships might be keeping the worries going, and what we would expect to see if each idea were right",
    "The unit tested the working hypothesis against what school and health have said since the last discussion",
    "A new idea came up: the changes at home may be how the family is coping with a loss, not a lack of care",
    "We thought about the pattern between the family and the professionals around them, and how we might be adding to it",
];

const DECISIONS: &[&str] = &[
    "Continue the child in need plan; review at the next core group",
    "Keep the child protection plan in place until the review conference",
    "Offer a family group conference so the wider family can make a plan",
    "Step down to early help at the next review if things stay settled",
    "Increase visits to weekly for the next month",
    "Ask for a family therapy consultation before the next meeting",
    "Talk with the parents about the unit's hypothesis and hear their view",
    "Seek legal advice about whether the threshold for pre-proceedings is met",
];

const ACTIONS: &[&str] = &[
    "Visit the children at home and see them on their own",
    "Speak to the school about attendance and how the children seem",
    "Meet Nan to talk about the safety network",
    "Book the family group conference with the coordinator",
    "Update the chronology with the police information",
    "Share the plan with the health visitor",
    "Arrange a joint visit with the domestic abuse specialist",
    "Write up the direct work with the eldest child",
    "Check the GP has the referral for Mum's support",
];

/// A family's allocations to units: (from, unit), in the order recorded,
/// and when the family was first recorded.
struct UnitHistory {
    first_ts: OffsetDateTime,
    allocations: Vec<(Date, Option<UnitId>)>,
    /// The family's hypotheses: (id, written on).
    hypotheses: Vec<(PracticeId, Date)>,
}

impl UnitHistory {
    fn unit_on(&self, d: Date) -> Option<UnitId> {
        self.allocations
            .iter()
            .rev()
            .find(|(from, _)| *from <= d)
            .and_then(|(_, u)| *u)
    }
}

impl Gen {
    /// Every unit's weekly meetings and discussions; call once, after the
    /// families are made.
    pub(crate) fn unit_meetings(&mut self) {
        let mut order: Vec<FamilyId> = Vec::new();
        let mut history: HashMap<FamilyId, UnitHistory> = HashMap::new();
        for e in &self.events {
            match &e.body {
                EventBody::FamilyCreated { family_id, .. } => {
                    order.push(*family_id);
                    history.insert(
                        *family_id,
                        UnitHistory {
                            first_ts: e.recorded_at,
                            allocations: vec![],
                            hypotheses: vec![],
                        },
                    );
                }
                EventBody::FamilyAllocatedToTeam {
                    family_id, unit_id, ..
                } => {
                    if let Some(h) = history.get_mut(family_id) {
                        h.allocations.push((e.valid_from, *unit_id));
                    }
                }
                EventBody::PracticeRecorded { record } => {
                    if let (Scope::Family(f), Tool::Hypothesis(_)) = (record.scope, &record.tool) {
                        if let Some(h) = history.get_mut(&f) {
                            h.hypotheses.push((record.id, record.on));
                        }
                    }
                }
                _ => {}
            }
        }
        for u in 0..self.org.units.len() {
            self.unit_weeks(u, &order, &history);
        }
    }

    fn unit_weeks(
        &mut self,
        u: usize,
        order: &[FamilyId],
        history: &HashMap<FamilyId, UnitHistory>,
    ) {
        let unit_id = self.org.units[u].id;
        let team = self.org.units[u].team;
        let consultant = self.org.pracs[self.org.units[u].consultant].id;
        let manager = self.org.teams[team].manager.map(|m| self.org.pracs[m].id);
        // Each unit meets on its own day of the week.
        let first = add_days(self.today, -(WEEKS * 7) + self.range(0, 6));
        let mut last_discussed: HashMap<FamilyId, Date> = HashMap::new();
        for week in 0..WEEKS {
            let on = add_days(first, week * 7);
            if on > self.today {
                break;
            }
            let members: Vec<UserId> = self
                .org
                .pracs
                .iter()
                .filter(|p| p.unit == Some(u) && p.join <= on && p.leave.is_none_or(|l| l > on))
                .map(|p| p.id)
                .collect();
            let caseload: Vec<FamilyId> = order
                .iter()
                .copied()
                .filter(|f| history.get(f).and_then(|h| h.unit_on(on)) == Some(unit_id))
                .collect();
            if members.is_empty() || caseload.is_empty() {
                continue;
            }
            let ts = Gen::at_hour(on, 15) + Duration::minutes(self.range(0, 59));
            let meeting_id = PracticeId::from_u128(self.id());
            if self.chance(0.08) {
                let reason = self.pick(CANCELLED).to_string();
                let m = UnitMeeting {
                    attendees: vec![],
                    agenda: vec![],
                    cancelled: Some(reason),
                    chair: None,
                };
                self.push_meeting(meeting_id, unit_id, on, ts, consultant, m);
                continue;
            }
            // The agenda: never discussed or not for four weeks first, then
            // a few others, five or so in all.
            let want = self.range(3, 6) as usize;
            let mut agenda: Vec<FamilyId> = caseload
                .iter()
                .copied()
                .filter(|f| {
                    last_discussed
                        .get(f)
                        .is_none_or(|d| days_between(*d, on) >= 28)
                })
                .take(want)
                .collect();
            let mut tries = 0;
            while agenda.len() < want.min(caseload.len()) && tries < 20 {
                let f = self.pick(&caseload);
                if !agenda.contains(&f) {
                    agenda.push(f);
                }
                tries += 1;
            }
            let mut attendees: Vec<UserId> = members
                .iter()
                .copied()
                .filter(|p| *p == consultant || self.chance(0.85))
                .collect();
            if attendees.is_empty() {
                attendees = members.clone();
            }
            let chair = if attendees.contains(&consultant) {
                Some(consultant)
            } else {
                attendees.first().copied()
            };
            let m = UnitMeeting {
                attendees: attendees.clone(),
                agenda: agenda.clone(),
                cancelled: None,
                chair,
            };
            self.push_meeting(meeting_id, unit_id, on, ts, consultant, m);
            for f in agenda {
                if !self.chance(0.92) {
                    continue;
                }
                let Some(h) = history.get(&f) else {
                    continue;
                };
                last_discussed.insert(f, on);
                let d =
                    self.discussion(on, meeting_id, unit_id, &attendees, h, consultant, manager);
                let latest = d
                    .actions
                    .iter()
                    .filter_map(|a| a.done)
                    .chain(d.oversight.as_ref().map(|o| o.on))
                    .fold(on, Date::max);
                let record = PracticeRecord {
                    id: PracticeId::from_u128(self.id()),
                    scope: Scope::Family(f),
                    about: vec![],
                    author: chair,
                    on,
                    version: 1,
                    tool: Tool::CaseDiscussion(d),
                    removed: None,
                };
                // Recorded as it stands now: after the meeting and after the
                // family was first recorded.
                let at = (Gen::at_hour(latest, 16) + Duration::minutes(self.range(0, 59)))
                    .max(ts + Duration::minutes(1))
                    .max(h.first_ts + Duration::minutes(1));
                self.push(at, on, chair, EventBody::PracticeRecorded { record });
            }
        }
    }

    fn push_meeting(
        &mut self,
        id: PracticeId,
        unit: UnitId,
        on: Date,
        ts: OffsetDateTime,
        author: UserId,
        m: UnitMeeting,
    ) {
        let record = PracticeRecord {
            id,
            scope: Scope::Unit(unit),
            about: vec![],
            author: Some(author),
            on,
            version: 1,
            tool: Tool::UnitMeeting(m),
            removed: None,
        };
        self.push(ts, on, Some(author), EventBody::PracticeRecorded { record });
    }

    #[allow(clippy::too_many_arguments)]
    fn discussion(
        &mut self,
        on: Date,
        meeting: PracticeId,
        unit: UnitId,
        attendees: &[UserId],
        h: &UnitHistory,
        consultant: UserId,
        manager: Option<UserId>,
    ) -> CaseDiscussion {
        let today = self.today;
        let mut actions = Vec::new();
        for _ in 0..self.range(1, 3) {
            let due = add_days(on, self.range(7, 28));
            let done = if due <= today {
                self.chance(0.8).then(|| {
                    self.date_between(add_days(on, 1), add_days(due, 5))
                        .min(today)
                })
            } else if on < today && self.chance(0.35) {
                Some(self.date_between(add_days(on, 1), today))
            } else {
                None
            };
            let owner = self.pick(attendees);
            let what = self.pick(ACTIONS);
            if actions.iter().any(|a: &AgreedAction| a.what == what) {
                continue;
            }
            actions.push(AgreedAction {
                what: what.into(),
                owner: Some(owner),
                due: Some(due),
                done,
                done_by: done.map(|_| owner),
            });
        }
        let hypothesis_records: Vec<PracticeId> = h
            .hypotheses
            .iter()
            .filter(|(_, written)| *written <= on)
            .map(|(id, _)| *id)
            .filter(|_| self.chance(0.6))
            .collect();
        let age = days_between(on, today);
        let signed = if age >= 7 {
            self.chance(0.9)
        } else {
            self.chance(0.3)
        };
        let oversight = signed.then(|| {
            let by = match manager {
                Some(m) if self.chance(0.3) => m,
                _ => consultant,
            };
            Oversight {
                by,
                on: add_days(on, self.range(0, 6)).min(today),
                note: self
                    .pick(&[
                        "Agree with the decisions and the actions.",
                        "Agreed. Make sure the children's views are in the next discussion.",
                        "Agreed; bring back to the unit in four weeks.",
                        "Agree. Please check the plan is shared with the family in writing.",
                    ])
                    .into(),
            }
        });
        let mut decisions = vec![self.pick(DECISIONS)];
        if self.chance(0.4) {
            let more = self.pick(DECISIONS);
            if !decisions.contains(&more) {
                decisions.push(more);
            }
        }
        CaseDiscussion {
            meeting: Some(meeting),
            unit: Some(unit),
            attended: attendees.to_vec(),
            others_present: if self.chance(0.25) {
                self.pick(OTHERS).into()
            } else {
                String::new()
            },
            hypotheses: self.pick(TALK).into(),
            hypothesis_records,
            decisions: decisions.join("\n"),
            actions,
            oversight,
        }
    }
}
