//! Mapping: the three questions a strengths-based framework asks of every
//! family. What are we worried about (the harm that has happened, the danger
//! it points to, what complicates things)? What is working well (strengths,
//! and existing safety: strengths shown as protection over time)? What needs
//! to happen (safety goals in words the family understands, next steps)?
//! Each column is free text, one point per line, as written with the family.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Mapping {
    /// Past harm: what has happened, to whom, and its impact.
    pub harm: String,
    /// Danger statements: what we are worried will happen if nothing changes.
    pub danger_statements: String,
    /// Complicating factors: what makes the situation harder to change.
    pub complicating_factors: String,
    /// What is working well: strengths.
    pub strengths: String,
    /// Existing safety: protection shown over time, in the family's words.
    pub existing_safety: String,
    /// Safety goals: what the family will do to show the children are safe.
    pub safety_goals: String,
    /// Next steps: who does what by when.
    pub next_steps: String,
    /// Who took part (free text: "Mum, Dad, Nan, school nurse").
    pub participants: String,
}

impl Mapping {
    /// The columns in the order they are shown: (field, heading, hint).
    pub const SECTIONS: &'static [(&'static str, &'static str, &'static str)] = &[
        (
            "harm",
            "Harm",
            "What has happened to the children, and the impact on them.",
        ),
        (
            "danger_statements",
            "Danger statements",
            "What we are worried will happen if nothing changes.",
        ),
        (
            "complicating_factors",
            "Complicating factors",
            "What makes things harder to change.",
        ),
        (
            "strengths",
            "Strengths",
            "What is working well in this family.",
        ),
        (
            "existing_safety",
            "Existing safety",
            "Times the children have been kept safe, shown over time.",
        ),
        (
            "safety_goals",
            "Safety goals",
            "What the family will be doing to show everyone the children are safe.",
        ),
        ("next_steps", "Next steps", "Who will do what, and by when."),
    ];

    /// The text of one section by field name.
    pub fn section(&self, field: &str) -> &str {
        match field {
            "harm" => &self.harm,
            "danger_statements" => &self.danger_statements,
            "complicating_factors" => &self.complicating_factors,
            "strengths" => &self.strengths,
            "existing_safety" => &self.existing_safety,
            "safety_goals" => &self.safety_goals,
            "next_steps" => &self.next_steps,
            "participants" => &self.participants,
            _ => "",
        }
    }

    pub fn set_section(&mut self, field: &str, value: String) {
        let slot = match field {
            "harm" => &mut self.harm,
            "danger_statements" => &mut self.danger_statements,
            "complicating_factors" => &mut self.complicating_factors,
            "strengths" => &mut self.strengths,
            "existing_safety" => &mut self.existing_safety,
            "safety_goals" => &mut self.safety_goals,
            "next_steps" => &mut self.next_steps,
            "participants" => &mut self.participants,
            _ => return,
        };
        *slot = value;
    }

    pub fn is_empty(&self) -> bool {
        Self::SECTIONS
            .iter()
            .all(|(f, _, _)| self.section(f).trim().is_empty())
    }
}
