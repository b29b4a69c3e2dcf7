//! The safety plan and the safety network: the family's own rules for keeping
//! the children safe, and the people (drawn from the relationship graph) who
//! know the worries and have agreed to help.
//!
//! A plan is redrawn as things change: each new plan is its own record, so
//! the earlier ones stay as the plan's history.

use crate::ids::PersonId;
use serde::{Deserialize, Serialize};

/// One person in the safety network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkMember {
    /// The person in the family network (relationship graph); `None` for
    /// someone not (yet) recorded there, named in `name`.
    pub person: Option<PersonId>,
    pub name: String,
    /// What they will do ("collects the children on Fridays").
    pub role: String,
    /// Whether they know the worries in full (the danger statements).
    pub knows_the_worries: bool,
    /// Whether they have agreed to be part of the plan.
    pub agreed: bool,
}

/// One rule of the plan: what will happen, who makes sure, and how everyone
/// will know it is working.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SafetyRule {
    pub what: String,
    pub who: String,
    pub check: String,
}

impl SafetyRule {
    pub fn is_blank(&self) -> bool {
        [&self.what, &self.who, &self.check]
            .iter()
            .all(|s| s.trim().is_empty())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SafetyPlan {
    pub rules: Vec<SafetyRule>,
    pub network: Vec<NetworkMember>,
    /// How the plan was explained to the children (words and pictures).
    #[serde(default)]
    pub childrens_explanation: String,
}

impl SafetyPlan {
    /// Network members who know the worries and have agreed: the people the
    /// plan can rely on.
    pub fn ready_network(&self) -> usize {
        self.network
            .iter()
            .filter(|m| m.knows_the_worries && m.agreed)
            .count()
    }

    pub fn check(&self) -> Result<(), String> {
        if self.rules.is_empty() && self.network.is_empty() {
            return Err(
                "Write at least one rule of the plan, or add someone to the network".into(),
            );
        }
        if let Some(n) = self.rules.iter().position(|r| r.what.trim().is_empty()) {
            return Err(format!("Enter what will happen in rule {}", n + 1));
        }
        if self.network.iter().any(|m| m.name.trim().is_empty()) {
            return Err("Enter the name of everyone in the network".into());
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_needs_rules_or_people_and_each_rule_says_what() {
        let mut p = SafetyPlan::default();
        assert!(p.check().is_err());
        p.rules.push(SafetyRule {
            who: "Nan".into(),
            ..Default::default()
        });
        assert!(p.check().unwrap_err().contains("rule 1"));
        p.rules[0].what = "Nan stays over when Dad visits".into();
        p.network.push(NetworkMember {
            person: None,
            name: "Nan".into(),
            role: "Stays over".into(),
            knows_the_worries: true,
            agreed: true,
        });
        assert!(p.check().is_ok());
        assert_eq!(p.ready_network(), 1);
    }
}
