//! Whole-family focus and the child's voice in the demo: a family group
//! conference (some still at referral, some held with the family's plan and
//! a review), the family's feedback (mostly positive, a realistic spread),
//! each child's views in their own words, and a safety plan whose network is
//! the people recorded around the children.
//!
//! Every person named in a conference or a safety network is a member with a
//! recorded relationship to the children or their parents, so the demo's
//! graph and its practice records agree. An ex-partner whose abuse the work
//! is about is never invited or made part of the network.

use hearth_core::ids::PersonId;
use hearth_core::practice::conference::{Conference, Feedback, Invitee, PlanItem, PlanReview};
use hearth_core::practice::safety::{NetworkMember, SafetyPlan, SafetyRule};
use hearth_core::practice::voice::ChildsViews;
use hearth_core::practice::Tool;
use time::Date;

use super::{age_on, Fam, Role};
use crate::gen::{add_days, Gen};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

const REASONS: &[&str] = &[
    "The children's needs have been neglected; the family want to make their own plan with the people around them",
    "Worries about domestic abuse at home; the wider family offered to help keep the children safe",
    "Mum is struggling with her mental health and the family want to share the care of the children",
    "Offered instead of going straight to a child protection conference, so the family can plan first",
    "School attendance and home conditions; the grandparents want to be more involved",
];
const COORDINATORS: &[&str] = &[
    "Indira Coordfield",
    "Tobias Planwright",
    "Salma Gatherly",
    "Owen Circleson",
];
const PLAN: &[(&str, &str, &str)] = &[
    (
        "Has the children to stay every Friday night",
        "Every week",
        "The children tell their social worker how the weekends went",
    ),
    (
        "Walks the children to school each morning",
        "From next Monday",
        "School let the family know of any absence the same day",
    ),
    (
        "Rings Mum every evening to check in",
        "Every day",
        "Mum keeps a note of the calls to share at the review",
    ),
    (
        "Goes with Mum to her GP appointment",
        "Within two weeks",
        "Mum tells the family meeting what the GP said",
    ),
    (
        "Helps with the weekly shop and a hot meal",
        "Every Sunday",
        "The fridge is stocked when the worker visits",
    ),
    (
        "Takes the children to their after-school club",
        "Every Wednesday",
        "The club leader lets the family know they came",
    ),
];
const REVIEWS: &[&str] = &[
    "The plan is mostly working. Friday stays have happened every week and the children look forward to them.",
    "School attendance is better since the morning walks started. The family want to keep going.",
    "Some of the plan slipped over the holidays; the family agreed to restart the evening calls.",
    "Mum has seen her GP and is feeling more settled. Everyone agreed the plan is still right.",
];
const COMMENTS: &[&str] = &[
    "She actually listened to what we wanted for the kids",
    "It helped having Nan at the meeting",
    "I was scared at first but it has been better than I thought",
    "I didn't always understand the letters",
    "The worker came when she said she would",
    "Things are calmer at home now",
    "I felt judged at the start",
    "The family meeting was the first time everyone sat down together",
];
const WORRIES: &[&str] = &[
    "When Mum and Dad shout",
    "When Mum is sad and stays in bed",
    "That I will have to move school",
    "When there is no food for tea",
    "That Dad won't come to see me",
    "Being told off at school",
];
const GOOD: &[&str] = &[
    "My bike",
    "Going to Nan's on Fridays",
    "Playing football with my friends",
    "My dog",
    "When we watch films together",
    "My teacher is kind",
    "Swimming club",
];
const DREAMS: &[&str] = &[
    "A puppy of my own",
    "Everyone being happy at home",
    "To be a vet when I grow up",
    "To go to the seaside with Mum",
    "Seeing Dad every weekend",
    "A bedroom of my own",
];
const WORDS: &[&str] = &[
    "I want people to listen to me",
    "I like it when the worker plays games with me",
    "I don't want to talk about Dad right now",
    "Things are better than before",
];
const GATHERED: &[&str] = &[
    "On their own at school, drawing the three houses",
    "At home with the social worker, using the three houses",
    "In the car on the way to the club, talking while driving",
    "With their advocate, at a place they chose",
];
const RULES: &[(&str, &str, &str)] = &[
    (
        "No shouting or arguing in front of the children",
        "Mum and Dad",
        "The children tell their teacher or Nan if it happens",
    ),
    (
        "If Mum feels overwhelmed she rings Nan, who comes over",
        "Mum and Nan",
        "Nan lets the social worker know each time",
    ),
    (
        "An adult who has not been drinking is always in charge of the children",
        "The adults in the family",
        "The children know who to ring if not",
    ),
    (
        "The children are at school every day on time",
        "Mum",
        "School ring the family by 10am if a child is absent",
    ),
    (
        "Dad's time with the children is at Nan's house",
        "Dad and Nan",
        "Nan tells the social worker how each visit went",
    ),
];
const EXPLAINED: &[&str] = &[
    "Drew the plan as a comic strip with the children and gave them a copy",
    "Talked it through with the children using their words: who to tell, and who will help",
    "Made a picture of the safety network with photos of each person, for the children's bedroom wall",
];

impl Gen {
    /// Runs `tool` for `fam` on its own random stream, seeded from the family
    /// and `salt`, then carries on the council's stream where it was: adding
    /// a tool to the demo changes nothing else the council holds.
    pub(super) fn apart(&mut self, fam: &Fam, salt: u64, tool: fn(&mut Self, &Fam)) {
        let id = fam.id.0.as_u128();
        let seed = (id as u64) ^ ((id >> 64) as u64) ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let council = std::mem::replace(&mut self.rng, ChaCha8Rng::seed_from_u64(seed));
        tool(self, fam);
        self.rng = council;
    }

    /// How an adult member stands to the children, in words.
    fn connection(fam: &Fam, i: usize) -> &'static str {
        match fam.members[i].role {
            Role::Mother => "Mother",
            Role::Father if fam.dad_away => "Father, lives apart from the children",
            Role::Father => "Father",
            Role::StepParent => "Step-parent",
            Role::Grandparent => "Grandparent",
            Role::AuntOrUncle => "Aunt or uncle",
            Role::Friend => "Family friend",
            Role::Child => "Child",
        }
    }

    /// Adult members who may be asked to help on `on` (not the harmful ex).
    fn helpers_on(fam: &Fam, on: Date) -> Vec<usize> {
        fam.adults()
            .filter(|&i| fam.members[i].added <= on && Some(i) != fam.harmful_ex)
            .collect()
    }

    fn children_ids(fam: &Fam, on: Date) -> Vec<PersonId> {
        fam.children_on(on)
            .iter()
            .map(|&i| fam.members[i].id)
            .collect()
    }

    /// A family group conference: referred, and (for most) held with a plan
    /// and reviewed.
    pub(super) fn conference(&mut self, fam: &Fam) {
        if !(fam.demo || self.chance(0.3)) {
            return;
        }
        let referred_on = add_days(fam.open, self.range(20, 70));
        if referred_on > self.today {
            return;
        }
        let mut c = Conference::new(referred_on, self.pick(REASONS));
        c.coordinator_name = self.pick(COORDINATORS).to_string();
        let held_on = add_days(referred_on, self.range(14, 35));
        let held = held_on <= self.today && self.chance(0.75);
        let helpers = Self::helpers_on(fam, if held { held_on } else { referred_on });
        for &i in &helpers {
            let m = &fam.members[i];
            let came = held && {
                let p = if fam.dad_away && m.role == Role::Father {
                    0.5
                } else {
                    0.85
                };
                self.chance(p)
            };
            c.invitees.push(Invitee {
                person: Some(m.id),
                name: m.details.full_name(),
                connection: Self::connection(fam, i).into(),
                invited: true,
                attended: held.then_some(came),
            });
        }
        if held {
            c.held_on = Some(held_on);
            c.private_family_time = Some(self.chance(0.9));
            let n = self.range(2, 4) as usize;
            for k in 0..n.min(helpers.len().max(1)) {
                let (what, when, check) = self.pick(PLAN);
                let who = helpers
                    .get(k % helpers.len().max(1))
                    .map(|&i| fam.members[i].given().to_string())
                    .unwrap_or_else(|| "The family".into());
                if c.plan.iter().any(|p| p.what == what) {
                    continue;
                }
                c.plan.push(PlanItem {
                    what: what.into(),
                    who,
                    when: when.into(),
                    check: check.into(),
                });
            }
            c.plan_agreed = Some(self.chance(0.85));
            let mut review = add_days(held_on, self.range(35, 60));
            while review <= self.today && c.reviews.len() < 2 {
                c.reviews.push(PlanReview {
                    on: review,
                    note: self.pick(REVIEWS).into(),
                });
                review = add_days(review, self.range(60, 100));
            }
        }
        let on = c.on();
        let about = Self::children_ids(fam, on);
        self.practice_record(fam, on, about, Tool::Conference(c));
    }

    /// A five-point answer: mostly 4 or 5, some 3, a few lower.
    fn agreement(&mut self) -> Option<u8> {
        if self.chance(0.05) {
            return None;
        }
        Some(self.weighted(&[(5u8, 40), (4, 32), (3, 16), (2, 8), (1, 4)]))
    }

    /// The family's feedback: from the main carer, often an older child,
    /// sometimes another adult.
    pub(super) fn family_feedback(&mut self, fam: &Fam) {
        if !(fam.demo || self.chance(0.4)) {
            return;
        }
        let on = add_days(fam.open, self.range(60, 150));
        if on > self.today {
            return;
        }
        let mut from: Vec<usize> = fam.main_carer().into_iter().collect();
        if let Some(&c) = fam
            .children_on(on)
            .iter()
            .find(|&&c| age_on(fam.members[c].dob(), on) >= 8)
        {
            if self.chance(0.6) {
                from.push(c);
            }
        }
        if let Some(&o) = Self::helpers_on(fam, on).iter().find(|i| !from.contains(i)) {
            if self.chance(0.4) {
                from.push(o);
            }
        }
        for i in from {
            let m = &fam.members[i];
            let name = if m.role == Role::Child {
                format!("{} ({})", m.given(), age_on(m.dob(), on))
            } else {
                m.given().to_string()
            };
            let id = m.id;
            let f = Feedback {
                from: Some(id),
                from_name: name,
                listened_to: self.agreement(),
                understood_plan: self.agreement(),
                involved_in_decisions: self.agreement(),
                worker_reliable: self.agreement(),
                things_better: self.agreement(),
                comment: if self.chance(0.7) {
                    self.pick(COMMENTS).into()
                } else {
                    String::new()
                },
            };
            if f.check().is_ok() {
                self.practice_record(fam, on, vec![id], Tool::Feedback(f));
            }
        }
    }

    /// Each child's views in their own words (text only), for children old
    /// enough to give them; again some months later for some.
    pub(super) fn childs_views(&mut self, fam: &Fam) {
        if !(fam.demo || self.chance(0.5)) {
            return;
        }
        let first = add_days(fam.open, self.range(10, 40));
        if first > self.today {
            return;
        }
        for c in fam.children().take(3).collect::<Vec<_>>() {
            // From when the child joined the family's record and is old
            // enough (four) to say what they think.
            let dob = fam.members[c].dob();
            let four = dob
                .replace_year(dob.year() + 4)
                .unwrap_or(add_days(dob, 1461));
            let mut on = add_days(first.max(four).max(fam.members[c].added), self.range(0, 10));
            let mut n = 0;
            while on <= self.today && n < 2 {
                let v = ChildsViews {
                    child: Some(fam.members[c].id),
                    worries: self.some_of(WORRIES, 1, 2),
                    good_things: self.some_of(GOOD, 1, 3),
                    dreams: self.some_of(DREAMS, 1, 2),
                    in_their_words: if self.chance(0.5) {
                        self.pick(WORDS).into()
                    } else {
                        String::new()
                    },
                    how_gathered: self.pick(GATHERED).into(),
                    drawings: vec![],
                };
                let id = fam.members[c].id;
                self.practice_record(fam, on, vec![id], Tool::ChildsViews(v));
                n += 1;
                if !self.chance(0.5) {
                    break;
                }
                on = add_days(on, self.range(90, 150));
            }
        }
    }

    /// A safety plan with its network drawn from the people around the
    /// children, redrawn with more agreed some months later for some.
    pub(super) fn safety_plan(&mut self, fam: &Fam) {
        if !(fam.demo || self.chance(0.4)) {
            return;
        }
        let on = add_days(fam.open, self.range(25, 60));
        if on > self.today {
            return;
        }
        let helpers = Self::helpers_on(fam, on);
        if helpers.is_empty() {
            return;
        }
        let mut plan = SafetyPlan::default();
        for &i in &helpers {
            let m = &fam.members[i];
            let parent = matches!(m.role, Role::Mother | Role::Father | Role::StepParent);
            plan.network.push(NetworkMember {
                person: Some(m.id),
                name: m.details.full_name(),
                role: if parent {
                    "Keeps to the rules of the plan and tells the network if things are hard".into()
                } else {
                    self.pick(PLAN).0.into()
                },
                knows_the_worries: parent || self.chance(0.7),
                agreed: self.chance(0.8),
            });
        }
        for _ in 0..self.range(2, 4) {
            let (what, who, check) = self.pick(RULES);
            if !plan.rules.iter().any(|r| r.what == what) {
                plan.rules.push(SafetyRule {
                    what: what.into(),
                    who: who.into(),
                    check: check.into(),
                });
            }
        }
        plan.childrens_explanation = self.pick(EXPLAINED).into();
        let about = Self::children_ids(fam, on);
        self.practice_record(fam, on, about, Tool::SafetyPlan(plan.clone()));
        // Redrawn later: everyone now knows the worries and has agreed.
        let later = add_days(on, self.range(70, 120));
        if later <= self.today && self.chance(0.5) {
            for m in &mut plan.network {
                m.knows_the_worries = true;
                m.agreed = true;
            }
            let about = Self::children_ids(fam, later);
            self.practice_record(fam, later, about, Tool::SafetyPlan(plan));
        }
    }
}
