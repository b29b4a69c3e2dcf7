//! The safety plan and the safety network: the family's own rules for keeping
//! the children safe, and the people (drawn from the relationship graph) who
//! know the worries and have agreed to help.

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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SafetyRule {
    pub what: String,
    pub who: String,
    pub check: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SafetyPlan {
    pub rules: Vec<SafetyRule>,
    pub network: Vec<NetworkMember>,
    /// How the plan was explained to the children (words and pictures).
    #[serde(default)]
    pub childrens_explanation: String,
}
