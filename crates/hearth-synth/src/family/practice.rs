//! The practice tools in use with each family, so the demo shows them: a
//! mapping drawn with the family and redrawn months later, and scaling
//! conversations with the children, the parents and the worker whose scores
//! mostly rise (some families stall or slip back).
//!
//! Each tool the synthetic council uses has its function here, called from
//! [`Gen::practice`].

use hearth_core::event::EventBody;
use hearth_core::ids::{PersonId, PracticeId};
use hearth_core::model::TeamFunction;
use hearth_core::practice::mapping::Mapping;
use hearth_core::practice::scaling::{RaterRole, Rating, Scaling, SAFETY_QUESTION};
use hearth_core::practice::{PracticeRecord, Scope, Tool};
use time::Date;

use super::Fam;
use crate::gen::{add_days, Gen};

const HARM: &[&str] = &[
    "The children have seen arguments between the adults that ended with police being called",
    "The children have missed school and health appointments over several months",
    "A younger child was left without an adult in the home for an evening",
    "The children describe being frightened when an adult has been drinking",
    "The home has been without food or heating on several occasions",
];
const DANGER: &[&str] = &[
    "We are worried the children will be hurt if the arguments carry on",
    "We are worried the children will fall behind and feel no one notices them",
    "We are worried the children will be left without someone safe to look after them",
];
const COMPLICATING: &[&str] = &[
    "Mum has little support nearby since moving",
    "There are money worries and rent arrears",
    "The family have found it hard to trust professionals after past involvement",
    "An adult's mental health has been up and down",
];
const STRENGTHS: &[&str] = &[
    "The children are close to each other and to their grandparent",
    "Mum takes the children to school most days and they are well dressed",
    "The family are open about what has happened",
    "The children enjoy clubs after school",
    "Dad has started going to a parenting group",
];
const SAFETY: &[&str] = &[
    "Nan has the children to stay when things get difficult",
    "Mum rang for help the last time things got out of hand",
    "School noticed and acted quickly",
];
const GOALS: &[&str] = &[
    "Everyone will know the children are safe because a trusted adult is always with them",
    "The children will be at school every day and tell their teacher if they are worried",
    "The adults will sort out disagreements without shouting in front of the children",
];
const NEXT: &[&str] = &[
    "Social worker to meet Nan and the family to build the safety network",
    "Family support worker to help with a morning routine",
    "Mum to see her GP about how she is feeling",
    "Referral to the domestic abuse service for support",
];
const WHY: &[&str] = &[
    "Things have been calmer at home",
    "School say attendance is better",
    "There was an argument last week",
    "Nan is helping more now",
    "I still worry when Dad has been drinking",
    "We are getting on better",
];

impl Gen {
    /// The practice tools used with this family.
    pub(super) fn practice(&mut self, fam: &Fam) {
        if matches!(
            fam.function,
            TeamFunction::FrontDoor | TeamFunction::CareLeavers
        ) {
            return;
        }
        if fam.demo || self.chance(0.6) {
            self.mappings(fam);
        }
        if fam.demo || self.chance(0.5) {
            self.scalings(fam);
        }
        self.delegated_tasks(fam);
        self.visit_plans(fam);
        self.supporting_social_workers(fam);
    }

    fn some_of(&mut self, pool: &[&str], lo: i64, hi: i64) -> String {
        let n = self.range(lo, hi) as usize;
        let mut picked: Vec<&str> = Vec::new();
        for _ in 0..n * 3 {
            let s = self.pick(pool);
            if !picked.contains(&s) {
                picked.push(s);
            }
            if picked.len() == n {
                break;
            }
        }
        picked.join("\n")
    }

    pub(super) fn practice_record(
        &mut self,
        fam: &Fam,
        on: Date,
        about: Vec<PersonId>,
        tool: Tool,
    ) {
        let people: Vec<usize> = fam
            .members
            .iter()
            .enumerate()
            .filter(|(_, m)| about.contains(&m.id))
            .map(|(i, _)| i)
            .collect();
        let actor = self.lead_id(fam, on);
        let record = PracticeRecord {
            id: PracticeId::from_u128(self.id()),
            scope: Scope::Family(fam.id),
            about,
            author: actor,
            on,
            version: 1,
            tool,
            removed: None,
        };
        let ts = self.ts_at(fam, on, &people);
        self.push(ts, on, actor, EventBody::PracticeRecorded { record });
    }

    fn mappings(&mut self, fam: &Fam) {
        let first = add_days(fam.open, self.range(5, 20)).min(self.today);
        let mut dates = vec![first];
        let again = add_days(first, self.range(70, 120));
        if again < self.today {
            dates.push(again);
        }
        for on in dates {
            let children: Vec<PersonId> = fam
                .children_on(on)
                .iter()
                .map(|&i| fam.members[i].id)
                .collect();
            let m = Mapping {
                harm: self.some_of(HARM, 1, 2),
                danger_statements: self.some_of(DANGER, 1, 2),
                complicating_factors: self.some_of(COMPLICATING, 1, 3),
                strengths: self.some_of(STRENGTHS, 2, 4),
                existing_safety: self.some_of(SAFETY, 1, 2),
                safety_goals: self.some_of(GOALS, 1, 2),
                next_steps: self.some_of(NEXT, 2, 3),
                participants: fam
                    .main_carer()
                    .map(|i| format!("{} and the social worker", fam.members[i].given()))
                    .unwrap_or_else(|| "The social worker".into()),
            };
            self.practice_record(fam, on, children, Tool::Mapping(m));
        }
    }

    fn scalings(&mut self, fam: &Fam) {
        let start = add_days(fam.open, self.range(7, 25));
        // Most families move up; some stall; a few slip back near the end.
        let course = self.weighted(&[(2i64, 60), (0, 25), (-1, 15)]);
        let mut on = start;
        let mut base = self.range(2, 4);
        let mut n = 0;
        while on <= self.today && n < 6 {
            let carer = fam.main_carer();
            let children = fam.children_on(on);
            let mut ratings = Vec::new();
            let worker = self.lead_id(fam, on);
            for &c in children.iter().take(2) {
                let m = &fam.members[c];
                if super::age_on(m.dob(), on) >= 6 {
                    let score = (base + self.range(0, 2)).clamp(0, 10) as u8;
                    ratings.push(Rating {
                        role: RaterRole::Child,
                        person: Some(m.id),
                        practitioner: None,
                        name: m.details.full_name(),
                        score,
                        why: self.pick(WHY).to_string(),
                    });
                }
            }
            if let Some(p) = carer {
                let score = (base + self.range(0, 3)).clamp(0, 10) as u8;
                let m = &fam.members[p];
                ratings.push(Rating {
                    role: RaterRole::Parent,
                    person: Some(m.id),
                    practitioner: None,
                    name: m.details.full_name(),
                    score,
                    why: self.pick(WHY).to_string(),
                });
            }
            if let Some(w) = worker {
                let name = self
                    .org
                    .pracs
                    .iter()
                    .find(|p| p.id == w)
                    .map(|p| p.display_name.clone())
                    .unwrap_or_default();
                ratings.push(Rating {
                    role: RaterRole::Worker,
                    person: None,
                    practitioner: Some(w),
                    name,
                    score: (base + self.range(-1, 0)).clamp(0, 10) as u8,
                    why: String::new(),
                });
            }
            let about = ratings.iter().filter_map(|r| r.person).collect();
            let s = Scaling {
                question: SAFETY_QUESTION.into(),
                ratings,
                one_point_higher: self.pick(NEXT).to_string(),
            };
            self.practice_record(fam, on, about, Tool::Scaling(s));
            n += 1;
            base = (base + course + self.range(-1, 1)).clamp(0, 9);
            on = add_days(on, self.range(35, 70));
        }
    }
}
