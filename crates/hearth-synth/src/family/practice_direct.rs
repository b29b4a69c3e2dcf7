//! Skilled direct work, intensity and consistency in the synthetic council:
//! tasks handed by the social worker to the unit's practice assistant,
//! family practitioner or a volunteer (most done with what happened, some
//! open, a few overdue); visit plans for children on child protection plans;
//! the qualified social worker named to support a family practitioner who
//! leads (most have one, a few do not, so the warning shows); and the demo
//! unit's time over the last six months, with the share in direct work
//! rising as tasks are handed over.

use hearth_core::event::EventBody;
use hearth_core::ids::{PersonId, PracticeId, UserId};
use hearth_core::journey::StepDetail;
use hearth_core::practice::delegation::{Task, TaskKind};
use hearth_core::practice::intensity::{SupportingSocialWorker, VisitPlan};
use hearth_core::practice::timesheet::{Activity, TimeEntry};
use hearth_core::practice::{PracticeRecord, Scope, Tool};
use time::Date;

use super::{Fam, Helper};
use crate::gen::{add_days, Gen};
use hearth_core::calendar::is_working_day;

/// (kind, title, detail, what happened)
const TASKS: &[(TaskKind, &str, &str, &str)] = &[
    (
        TaskKind::Transport,
        "School run while Mum is in hospital",
        "Collect the children at 8am; school knows to expect you",
        "Took the children to school each morning; both arrived on time and chatted in the car",
    ),
    (
        TaskKind::ContactSupervision,
        "Supervise family time with Dad",
        "Saturday at the family centre, 10am to noon",
        "Family time went well; Dad brought a game and the children were sad to leave",
    ),
    (
        TaskKind::Minutes,
        "Take minutes at the core group",
        "Core group at the school, send the minutes to everyone within 5 working days",
        "Minutes taken and sent to the core group",
    ),
    (
        TaskKind::Administration,
        "Book a room for the family meeting",
        "A quiet room near the bus route, with space for Nan",
        "Room booked at the family centre and the family told",
    ),
    (
        TaskKind::PracticalSupport,
        "Help set up a morning routine",
        "Two mornings a week for three weeks: breakfast, uniform, leaving on time",
        "Routine chart made with the children; Mum says mornings are calmer",
    ),
    (
        TaskKind::PracticalSupport,
        "Go with Mum to the housing office",
        "Bring the tenancy letters; she would like someone with her",
        "Went with Mum; housing agreed a repair date for the damp",
    ),
    (
        TaskKind::Administration,
        "Chase the GP for the health assessment letter",
        "",
        "Letter received and added to the record",
    ),
    (
        TaskKind::Transport,
        "Take the children to the dentist",
        "Appointment at 3.30pm; Mum will meet you there",
        "Both children seen; a follow-up is booked for next month",
    ),
];

impl Gen {
    /// Who this family's tasks may go to: practice assistants, family
    /// practitioners and volunteers on the family's team, or in its unit.
    fn task_owners(&self, fam: &Fam) -> Vec<usize> {
        let mut owners: Vec<usize> = fam
            .helpers
            .iter()
            .filter(|(_, h, _)| {
                matches!(
                    h,
                    Helper::PracticeAssistant | Helper::FamilyPractitioner | Helper::Volunteer
                )
            })
            .map(|(p, _, _)| *p)
            .collect();
        if let Some(u) = fam.allocs[fam.allocs.len() - 1].unit {
            let unit = &self.org.units[u];
            for &p in unit
                .practice_assistants
                .iter()
                .chain(unit.family_practitioners.iter())
            {
                if !owners.contains(&p) {
                    owners.push(p);
                }
            }
        }
        owners.retain(|&p| self.org.pracs[p].leave.is_none());
        owners
    }

    /// Tasks handed over in the last few months: most done with what
    /// happened, the recent ones open, a few left overdue.
    pub(super) fn delegated_tasks(&mut self, fam: &Fam) {
        let owners = self.task_owners(fam);
        if owners.is_empty() || !(fam.demo || self.chance(0.35)) {
            return;
        }
        let n = if fam.demo {
            self.range(3, 6)
        } else {
            self.range(1, 4)
        };
        let start = fam.open.max(add_days(self.today, -120));
        for _ in 0..n {
            let owner = self.pick(&owners);
            let on = self
                .date_between(start, self.today)
                .max(self.org.pracs[owner].join);
            if on > self.today {
                continue;
            }
            let delegated_by = self.lead_id(fam, on);
            if delegated_by == Some(self.org.pracs[owner].id) {
                continue;
            }
            let (kind, title, detail, outcome) = self.pick(TASKS);
            let due = add_days(on, self.range(1, 14));
            let past = due < add_days(self.today, -2);
            // Most past tasks are done (on time or a little late); some are
            // left open and show as overdue.
            let done = (past && self.chance(0.85))
                .then(|| add_days(due, self.range(-2, 3)).clamp(on, self.today));
            let children: Vec<PersonId> = fam
                .children_on(on)
                .iter()
                .take(2)
                .map(|&i| fam.members[i].id)
                .collect();
            let task = Task {
                kind,
                title: title.to_string(),
                detail: detail.to_string(),
                owner: self.org.pracs[owner].id,
                delegated_by,
                due,
                done,
                outcome: if done.is_some() {
                    outcome.to_string()
                } else {
                    String::new()
                },
            };
            self.practice_record(fam, on, children, Tool::Task(task));
        }
    }

    /// The child protection plans open today in this family's journeys,
    /// read back from the events just generated: (child, plan start).
    fn open_cp_plans(&self, fam: &Fam) -> Vec<(PersonId, Date)> {
        let mut out: Vec<(PersonId, Date)> = Vec::new();
        for e in self.events.iter().rev() {
            match &e.body {
                EventBody::FamilyCreated { family_id, .. } if *family_id == fam.id => break,
                EventBody::JourneyStepRecorded { person_id, step } => {
                    if let StepDetail::CpPlan {
                        start, end: None, ..
                    } = &step.detail
                    {
                        if *start <= self.today && !out.iter().any(|(p, _)| p == person_id) {
                            out.push((*person_id, *start));
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// A visit plan for each child on a child protection plan: every 10
    /// working days, or weekly for some babies.
    pub(super) fn visit_plans(&mut self, fam: &Fam) {
        for (child, start) in self.open_cp_plans(fam) {
            let Some(m) = fam.members.iter().find(|m| m.id == child) else {
                continue;
            };
            let baby = super::age_on(m.dob(), start) < 1;
            let (every, reason) = if baby && self.chance(0.6) {
                (
                    5,
                    "Baby under one: seen at home weekly, awake, while the plan begins",
                )
            } else {
                (
                    10,
                    "Child protection plan: seen at least every 10 working days, including alone and their bedroom",
                )
            };
            let plan = VisitPlan {
                child,
                every_working_days: every,
                reason: reason.into(),
            };
            self.practice_record(fam, start, vec![child], Tool::VisitPlan(plan));
        }
    }

    /// A qualified social worker (the unit's consultant) named to support
    /// each family practitioner who leads a child here; one in seven is left
    /// without, so the warning is seen.
    pub(super) fn supporting_social_workers(&mut self, fam: &Fam) {
        let last = fam.allocs[fam.allocs.len() - 1].clone();
        let Some(u) = last.unit else { return };
        let unit = self.org.units[u].clone();
        if !unit.family_practitioners.contains(&last.lead) {
            return;
        }
        let consultant = unit.consultant;
        if self.org.pracs[consultant].leave.is_some() || self.chance(1.0 / 7.0) {
            return;
        }
        for c in fam.children_on(self.today) {
            let child = fam.members[c].id;
            let on = last.date.max(fam.members[c].added).min(self.today);
            let s = SupportingSocialWorker {
                child,
                social_worker: self.org.pracs[consultant].id,
            };
            self.practice_record(fam, on, vec![child], Tool::SupportingSocialWorker(s));
        }
    }

    /// The demo unit's time over the last six months, recorded day by day:
    /// a social worker's share in direct work rises from about a third to
    /// over half as tasks are handed over; a family practitioner's is high
    /// throughout, a practice assistant's low (their work is the tasks).
    pub(crate) fn time_recording(&mut self) {
        let unit = self.org.units[self.org.demo.unit].clone();
        let mut who: Vec<(usize, f64, f64)> =
            unit.holders.iter().map(|&p| (p, 0.34, 0.56)).collect();
        who.extend(unit.family_practitioners.iter().map(|&p| (p, 0.55, 0.62)));
        who.extend(unit.practice_assistants.iter().map(|&p| (p, 0.15, 0.2)));
        let first = add_days(self.today, -182);
        for (p, from, to) in who {
            let prac = self.org.pracs[p].clone();
            if prac.leave.is_some() {
                continue;
            }
            let mut day = first.max(prac.join);
            while day <= self.today {
                if is_working_day(day) && self.chance(0.85) {
                    let progress = (day - first).whole_days() as f64 / 182.0;
                    let share = (from + (to - from) * progress + self.range(-6, 6) as f64 / 100.0)
                        .clamp(0.05, 0.9);
                    self.time_day(prac.id, day, share);
                }
                day = add_days(day, 1);
            }
        }
    }

    /// One day's entries: about seven and a half hours, `share` of it in
    /// direct work and the rest across travel, recording and the rest.
    fn time_day(&mut self, who: UserId, on: Date, share: f64) {
        let total = self.range(400, 480) as f64;
        let direct = round5(total * share);
        let rest = (total as u32).saturating_sub(direct);
        let supervision = if self.chance(0.1) { 60 } else { 0 };
        let training = if self.chance(0.04) { 90 } else { 0 };
        let rest = rest.saturating_sub(supervision + training);
        let travel = round5(f64::from(rest) * 0.25);
        let recording = round5(f64::from(rest) * 0.4);
        let meetings = round5(f64::from(rest) * 0.15);
        let admin = rest.saturating_sub(travel + recording + meetings);
        for (activity, minutes) in [
            (Activity::DirectWork, direct),
            (Activity::Travel, travel),
            (Activity::Recording, recording),
            (Activity::Meetings, meetings),
            (Activity::Administration, admin),
            (Activity::Supervision, supervision),
            (Activity::Training, training),
        ] {
            if minutes == 0 {
                continue;
            }
            let record = PracticeRecord {
                id: PracticeId::from_u128(self.id()),
                scope: Scope::Practitioner(who),
                about: vec![],
                author: Some(who),
                on,
                version: 1,
                tool: Tool::Time(TimeEntry {
                    practitioner: who,
                    activity,
                    minutes,
                    family: None,
                    note: String::new(),
                }),
                removed: None,
            };
            let ts = self.stamp(on);
            self.push(ts, on, Some(who), EventBody::PracticeRecorded { record });
        }
    }
}

fn round5(x: f64) -> u32 {
    ((x / 5.0).round() * 5.0).max(0.0) as u32
}
