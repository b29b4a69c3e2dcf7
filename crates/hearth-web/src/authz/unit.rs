//! The chokepoint for a unit's own records: every unit page asks here, with
//! the unit as the audit subject, before it shows or changes anything.

use super::Chokepoint;
use crate::error::WebError;
use hearth_core::access::{decide_oversight, decide_unit, Action, Decision, UnitFacts};
use hearth_core::ids::UnitId;
use hearth_core::model::Unit;

impl Chokepoint<'_> {
    async fn unit_facts(&self, unit: &Unit) -> Result<UnitFacts, WebError> {
        Ok(UnitFacts {
            unit: unit.id,
            consultant: unit.consultant,
            service: self
                .state
                .store
                .team(unit.team_id)
                .await?
                .map(|t| t.service),
        })
    }

    /// Loads a unit if the actor may do `action` to its records (its
    /// members, its consultant, managers of its service); refuses (audited)
    /// if not.
    pub async fn unit(&self, id: UnitId, action: Action) -> Result<Unit, WebError> {
        let unit = self.state.store.unit(id).await?.ok_or(WebError::NotFound)?;
        let decision = decide_unit(&self.user.actor, &self.unit_facts(&unit).await?);
        self.record(decision, action, unit.id.0).await?;
        match decision {
            Decision::Allow(_) => Ok(unit),
            Decision::Deny(r) => Err(WebError::Refused(r, None)),
        }
    }

    /// Whether the actor may sign off `unit`'s decisions, without auditing
    /// (to decide whether to offer the sign-off at all).
    pub async fn may_oversee(&self, unit: &Unit) -> Result<bool, WebError> {
        Ok(decide_oversight(&self.user.actor, &self.unit_facts(unit).await?).is_allowed())
    }

    /// Decides and audits a sign-off of one of `unit`'s discussions: only
    /// its consultant or a manager of its service.
    pub async fn oversee(&self, unit: &Unit) -> Result<(), WebError> {
        let decision = decide_oversight(&self.user.actor, &self.unit_facts(unit).await?);
        self.record(decision, Action::WriteRecord, unit.id.0)
            .await?;
        match decision {
            Decision::Allow(_) => Ok(()),
            Decision::Deny(r) => Err(WebError::Refused(r, None)),
        }
    }
}
