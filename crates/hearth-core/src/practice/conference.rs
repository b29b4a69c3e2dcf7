//! Whole-family focus: family group conferences and family group
//! decision-making (referral, coordinator, invitees from the relationship
//! graph including non-resident parents and wider family, private family
//! time, the family's plan and its reviews), and the family's own feedback.

use crate::ids::{PersonId, UserId};
use serde::{Deserialize, Serialize};
use time::Date;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Invitee {
    pub person: Option<PersonId>,
    pub name: String,
    /// How they are connected ("Paternal grandmother", "Family friend").
    pub connection: String,
    pub invited: bool,
    pub attended: Option<bool>,
}

/// One line of the family's plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanItem {
    pub what: String,
    pub who: String,
    pub when: String,
    /// How everyone will know it is happening.
    pub check: String,
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

impl Conference {
    pub(crate) fn index(&self) -> Vec<(&'static str, String)> {
        self.coordinator
            .map(|c| vec![("coordinator", c.to_string())])
            .unwrap_or_default()
    }
}

/// An answer on a five-point scale, 1 (not at all) to 5 (completely).
pub type Agreement = Option<u8>;

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
        Ok(())
    }
}
