//! Whole-family focus: family group conferences and family group
//! decision-making (referral, coordinator, invitees from the relationship
//! graph including non-resident parents and wider family, private family
//! time, the family's plan and its reviews), and the family's own feedback.
//!
//! A conference is recorded across sittings: saved at referral, and carried
//! on when it has been held, its plan made and reviewed.

use crate::ids::{PersonId, UserId};
use serde::{Deserialize, Serialize};
use time::Date;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Invitee {
    /// The person in the relationship graph; `None` for someone named only
    /// (a neighbour, a family friend not yet recorded).
    pub person: Option<PersonId>,
    pub name: String,
    /// How they are connected ("Paternal grandmother", "Family friend").
    pub connection: String,
    pub invited: bool,
    /// Whether they came; `None` until the conference has been held.
    pub attended: Option<bool>,
}

/// One line of the family's plan.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanItem {
    pub what: String,
    pub who: String,
    /// By when ("every Friday", "by the end of March").
    pub when: String,
    /// How everyone will know it is happening.
    pub check: String,
}

impl PlanItem {
    pub fn is_blank(&self) -> bool {
        [&self.what, &self.who, &self.when, &self.check]
            .iter()
            .all(|s| s.trim().is_empty())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanReview {
    pub on: Date,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conference {
    pub referred_on: Date,
    pub reason: String,
    /// An independent coordinator, when they have an account.
    pub coordinator: Option<UserId>,
    pub coordinator_name: String,
    pub invitees: Vec<Invitee>,
    pub held_on: Option<Date>,
    /// Whether the family had private time to make its plan without
    /// professionals in the room.
    pub private_family_time: Option<bool>,
    pub plan: Vec<PlanItem>,
    pub plan_agreed: Option<bool>,
    pub reviews: Vec<PlanReview>,
}

/// Where a conference has got to, as the list shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Referred,
    Held,
    PlanAgreed,
    Reviewed,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Referred => "Referred",
            Stage::Held => "Held",
            Stage::PlanAgreed => "Plan agreed",
            Stage::Reviewed => "Plan reviewed",
        }
    }
}

impl Conference {
    pub fn new(referred_on: Date, reason: impl Into<String>) -> Self {
        Self {
            referred_on,
            reason: reason.into(),
            coordinator: None,
            coordinator_name: String::new(),
            invitees: Vec::new(),
            held_on: None,
            private_family_time: None,
            plan: Vec::new(),
            plan_agreed: None,
            reviews: Vec::new(),
        }
    }

    pub(crate) fn index(&self) -> Vec<(&'static str, String)> {
        self.coordinator
            .map(|c| vec![("coordinator", c.to_string())])
            .unwrap_or_default()
    }

    pub fn stage(&self) -> Stage {
        if !self.reviews.is_empty() {
            Stage::Reviewed
        } else if self.plan_agreed == Some(true) {
            Stage::PlanAgreed
        } else if self.held_on.is_some() {
            Stage::Held
        } else {
            Stage::Referred
        }
    }

    /// The date the work is dated by: when it was held, or referred.
    pub fn on(&self) -> Date {
        self.held_on.unwrap_or(self.referred_on)
    }

    /// Checks the conference hangs together. Returns a message in plain words.
    pub fn check(&self) -> Result<(), String> {
        if self.reason.trim().is_empty() {
            return Err("Enter why the family was referred for a conference".into());
        }
        if let Some(h) = self.held_on {
            if h < self.referred_on {
                return Err("The conference cannot be held before it was referred".into());
            }
        }
        if self.held_on.is_none() && self.invitees.iter().any(|i| i.attended == Some(true)) {
            return Err("Enter the date the conference was held, or untick who came to it".into());
        }
        if let Some(n) = self
            .plan
            .iter()
            .position(|p| p.what.trim().is_empty() && !p.is_blank())
        {
            return Err(format!(
                "Enter what will happen in line {} of the plan",
                n + 1
            ));
        }
        if self.reviews.iter().any(|r| r.on < self.referred_on) {
            return Err("A review of the plan cannot be before the referral".into());
        }
        Ok(())
    }
}

/// An answer on a five-point scale, 1 (not at all) to 5 (completely).
pub type Agreement = Option<u8>;

/// The words for each point of the scale, shown beside the number so the
/// family answers in words rather than guessing what a number means.
pub const SCALE: &[(u8, &str)] = &[
    (1, "Not at all"),
    (2, "A little"),
    (3, "Partly"),
    (4, "Mostly"),
    (5, "Completely"),
];

/// The words for one point of the scale.
pub fn scale_words(n: u8) -> &'static str {
    SCALE.iter().find(|(v, _)| *v == n).map_or("", |(_, w)| *w)
}

/// The family's own feedback on the work: recorded as data so the outcomes
/// can count it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Feedback {
    pub from: Option<PersonId>,
    /// "Mum", "Jay (10)": who gave it, as shown.
    pub from_name: String,
    pub listened_to: Agreement,
    pub understood_plan: Agreement,
    pub involved_in_decisions: Agreement,
    pub worker_reliable: Agreement,
    pub things_better: Agreement,
    /// In their own words.
    pub comment: String,
}

impl Feedback {
    pub const QUESTIONS: &'static [(&'static str, &'static str)] = &[
        ("listened_to", "Did you feel listened to?"),
        ("understood_plan", "Did you understand the plan?"),
        ("involved_in_decisions", "Were you involved in decisions?"),
        (
            "worker_reliable",
            "Did your worker do what they said they would?",
        ),
        ("things_better", "Are things better for your family?"),
    ];

    /// The answer to one question, by its field name.
    pub fn answer(&self, field: &str) -> Agreement {
        match field {
            "listened_to" => self.listened_to,
            "understood_plan" => self.understood_plan,
            "involved_in_decisions" => self.involved_in_decisions,
            "worker_reliable" => self.worker_reliable,
            "things_better" => self.things_better,
            _ => None,
        }
    }

    pub fn set_answer(&mut self, field: &str, value: Agreement) {
        let slot = match field {
            "listened_to" => &mut self.listened_to,
            "understood_plan" => &mut self.understood_plan,
            "involved_in_decisions" => &mut self.involved_in_decisions,
            "worker_reliable" => &mut self.worker_reliable,
            "things_better" => &mut self.things_better,
            _ => return,
        };
        *slot = value;
    }

    pub fn check(&self) -> Result<(), String> {
        let all = [
            self.listened_to,
            self.understood_plan,
            self.involved_in_decisions,
            self.worker_reliable,
            self.things_better,
        ];
        if all.iter().flatten().any(|v| !(1..=5).contains(v)) {
            return Err("Answers must be from 1 (not at all) to 5 (completely)".into());
        }
        if all.iter().all(Option::is_none) && self.comment.trim().is_empty() {
            return Err("Answer at least one question, or write what they said".into());
        }
        Ok(())
    }
}

/// One question's answers across the family's feedback.
#[derive(Clone, Debug, PartialEq)]
pub struct QuestionSummary {
    pub field: &'static str,
    pub question: &'static str,
    /// How many answered it.
    pub answers: usize,
    /// The mean answer, 1 to 5; `None` when no one answered.
    pub average: Option<f64>,
}

/// The mean answer to each question, over the responses that answered it.
pub fn averages<'a>(all: impl IntoIterator<Item = &'a Feedback> + Clone) -> Vec<QuestionSummary> {
    Feedback::QUESTIONS
        .iter()
        .map(|(field, question)| {
            let given: Vec<u8> = all
                .clone()
                .into_iter()
                .filter_map(|f| f.answer(field))
                .collect();
            QuestionSummary {
                field,
                question,
                answers: given.len(),
                average: (!given.is_empty())
                    .then(|| given.iter().map(|v| f64::from(*v)).sum::<f64>() / given.len() as f64),
            }
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use time::macros::date;

    fn feedback(listened: Agreement, better: Agreement) -> Feedback {
        Feedback {
            from: None,
            from_name: "Mum".into(),
            listened_to: listened,
            understood_plan: None,
            involved_in_decisions: None,
            worker_reliable: None,
            things_better: better,
            comment: String::new(),
        }
    }

    #[test]
    fn averages_count_only_those_who_answered() {
        let all = [feedback(Some(5), Some(2)), feedback(Some(4), None)];
        let s = averages(all.iter());
        let listened = s.iter().find(|q| q.field == "listened_to").unwrap();
        assert_eq!(listened.answers, 2);
        assert_eq!(listened.average, Some(4.5));
        let better = s.iter().find(|q| q.field == "things_better").unwrap();
        assert_eq!((better.answers, better.average), (1, Some(2.0)));
        let plan = s.iter().find(|q| q.field == "understood_plan").unwrap();
        assert_eq!((plan.answers, plan.average), (0, None));
        assert_eq!(scale_words(4), "Mostly");
    }

    #[test]
    fn feedback_out_of_range_or_empty_is_refused() {
        assert!(feedback(Some(6), None).check().is_err());
        assert!(feedback(None, None).check().is_err());
        assert!(feedback(Some(3), None).check().is_ok());
    }

    #[test]
    fn a_conference_moves_through_its_stages_and_checks_its_dates() {
        let mut c = Conference::new(date!(2026 - 03 - 01), "Worries about neglect");
        assert_eq!(c.stage(), Stage::Referred);
        assert!(c.check().is_ok());
        c.invitees.push(Invitee {
            person: None,
            name: "Nan".into(),
            connection: "Grandmother".into(),
            invited: true,
            attended: Some(true),
        });
        assert!(c
            .check()
            .unwrap_err()
            .contains("date the conference was held"));
        c.held_on = Some(date!(2026 - 02 - 01));
        assert!(c.check().unwrap_err().contains("before it was referred"));
        c.held_on = Some(date!(2026 - 04 - 01));
        c.plan.push(PlanItem {
            who: "Nan".into(),
            ..Default::default()
        });
        assert!(c.check().unwrap_err().contains("line 1 of the plan"));
        c.plan[0].what = "Nan has the children on Fridays".into();
        c.plan_agreed = Some(true);
        assert_eq!(c.stage(), Stage::PlanAgreed);
        c.reviews.push(PlanReview {
            on: date!(2026 - 05 - 01),
            note: "Going well".into(),
        });
        assert_eq!(c.stage(), Stage::Reviewed);
        assert_eq!(c.on(), date!(2026 - 04 - 01));
        assert!(c.check().is_ok());
    }
}
