//! High intensity and consistency of practitioner: how often the children
//! are to be visited (set by their plan: for example every 10 working days
//! under a child protection plan), and the qualified social worker named to
//! support a lead practitioner who is not one.

use crate::ids::{PersonId, UserId};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VisitPlan {
    pub child: PersonId,
    /// Visit at least every this many working days.
    pub every_working_days: u32,
    /// Why (the plan that sets it: "child protection plan").
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SupportingSocialWorker {
    pub child: PersonId,
    pub social_worker: UserId,
}
