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
use hearth_core::practice::specialists::{
    AbuseRole, Involvement, Sharing, SharingBasis, Specialism, WorksWith,
};
use hearth_core::practice::{ChronologyAnalysis, PracticeRecord, Scope, Tool};
use time::Date;

use super::{Fam, Helper};
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
        self.involvements(fam);
        if fam.demo || self.chance(0.15) {
            self.chronology_analysis(fam);
        }
        if fam.demo || self.chance(0.2) {
            self.school_sharing(fam);
        }
        self.apart(fam, 1, Self::conference);
        self.apart(fam, 2, Self::family_feedback);
        self.apart(fam, 3, Self::childs_views);
        self.apart(fam, 4, Self::safety_plan);
        self.hypotheses(fam);
    }

    pub(super) fn some_of(&mut self, pool: &[&str], lo: i64, hi: i64) -> String {
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

impl Gen {
    /// The adult specialists on the family's team, as involvements linked
    /// to the adults they work with. Now and then one domestic abuse worker
    /// also takes the person causing harm, so the warning shows in the demo.
    fn involvements(&mut self, fam: &Fam) {
        let helpers = fam.helpers.clone();
        for (p, helper, date) in helpers {
            let (specialism, adults) = match helper {
                Helper::DomesticAbuse => {
                    let mut adults = Vec::new();
                    if let Some(m) = fam.mother {
                        adults.push(WorksWith {
                            adult: fam.members[m].id,
                            abuse_role: Some(AbuseRole::Victim),
                        });
                    }
                    if let (Some(ex), true) = (fam.harmful_ex, self.chance(0.15)) {
                        adults.push(WorksWith {
                            adult: fam.members[ex].id,
                            abuse_role: Some(AbuseRole::Perpetrator),
                        });
                    }
                    (Specialism::DomesticAbuse, adults)
                }
                Helper::MentalHealth => {
                    (Specialism::MentalHealth, self.adult_list(fam.mother, fam))
                }
                Helper::SubstanceUse => (
                    Specialism::SubstanceUse,
                    self.adult_list(fam.father.or(fam.mother), fam),
                ),
                _ => continue,
            };
            if adults.is_empty() {
                continue;
            }
            let about = adults.iter().map(|a| a.adult).collect();
            let i = Involvement {
                specialist: self.org.pracs[p].id,
                specialism,
                adults,
                start: date,
                end: None,
                focus: match specialism {
                    Specialism::DomesticAbuse => {
                        "Safety planning and support through the court process"
                    }
                    Specialism::MentalHealth => "Support with low mood and anxiety",
                    Specialism::SubstanceUse => "Cutting down drinking and a relapse plan",
                }
                .into(),
            };
            self.practice_record(fam, date, about, Tool::Specialist(i));
        }
    }

    fn adult_list(&self, who: Option<usize>, fam: &Fam) -> Vec<WorksWith> {
        who.map(|i| {
            vec![WorksWith {
                adult: fam.members[i].id,
                abuse_role: None,
            }]
        })
        .unwrap_or_default()
    }

    /// The children's school is told what it needs to support the plan,
    /// with the main carer's consent; in the demo the school's safeguarding
    /// lead has an account and sees it in Hearth.
    fn school_sharing(&mut self, fam: &Fam) {
        let Some(child) = fam.children().find(|&c| !fam.members[c].school.is_empty()) else {
            return;
        };
        let Some(carer) = fam.main_carer() else {
            return;
        };
        let on = add_days(fam.open, self.range(10, 40)).min(self.today);
        let partner = fam.demo.then(|| self.org.pracs[self.org.demo.partner].id);
        let sharing = Sharing {
            agency: fam.members[child].school.to_string(),
            partner,
            items: vec!["summary".into(), "mapping".into()],
            what: "Attendance and any worries are shared back with the social worker".into(),
            purpose: "So the school can support the children and the safety plan".into(),
            basis: SharingBasis::Consent,
            consent_from: vec![fam.members[carer].id],
            from: on,
            until: None,
            stopped_on: None,
        };
        self.practice_record(fam, on, vec![fam.members[carer].id], Tool::Sharing(sharing));
    }
}

const PATTERNS: &[&str] = &[
    "Each crisis in the chronology follows a move of house or a change of school, and the children's attendance falls each time.",
    "Police call-outs cluster around the times the adults' relationship resumes; there have been none since it ended.",
    "Health appointments are missed when there is no one to help with the younger children; they are kept when the grandparent is involved.",
    "The family have engaged well with practical help but not with referrals made without them being asked first.",
];
const MEANING: &[&str] = &[
    "Taken together, the children have lived with unpredictability for most of their lives: the cumulative harm is greater than any one event suggests.",
    "What has helped is steady support from the wider family; plans that rely on it have held.",
    "The pattern suggests the next move of house is a point of risk the plan should prepare for.",
];

impl Gen {
    /// The practitioner's reading of the family's chronology, a few weeks
    /// into the work.
    fn chronology_analysis(&mut self, fam: &Fam) {
        let on = add_days(fam.open, self.range(20, 60)).min(self.today);
        let analysis = format!("{}\n\n{}", self.pick(PATTERNS), self.pick(MEANING));
        self.practice_record(
            fam,
            on,
            vec![],
            Tool::ChronologyAnalysis(ChronologyAnalysis {
                analysis,
                covers: "since the family were first known to children's services".into(),
            }),
        );
    }
}
