//! The chokepoint for the outcome measures: whose figures a viewer may see
//! (the whole council, a team, a unit or one practitioner), decided by
//! [`hearth_core::access::decide_outcomes`] and audited, allowed or refused,
//! before anything is computed. The figures are aggregates; the children
//! behind a number are each decided again by [`Chokepoint::visible`] when a
//! drill-down lists them.

use super::Chokepoint;
use crate::error::WebError;
use hearth_core::access::{decide_outcomes, Basis, Decision, FigureScope};
use hearth_core::audit::{AuditEvent, Audited, Outcome};

/// The audit subject of a scope: the team, unit or practitioner (none for
/// the whole council).
pub fn subject(scope: FigureScope) -> Option<uuid::Uuid> {
    match scope {
        FigureScope::Council => None,
        FigureScope::Team(t) => Some(t.0),
        FigureScope::Unit(u) => Some(u.0),
        FigureScope::Worker(w) => Some(w.0),
    }
}

impl Chokepoint<'_> {
    /// Whether the viewer may see `scope`'s figures, without auditing (to
    /// decide which links to offer).
    pub fn may_see_outcomes(&self, scope: FigureScope) -> bool {
        decide_outcomes(&self.user.actor, scope).is_allowed()
    }

    /// Decides and audits a viewing of `scope`'s figures; refuses if the
    /// viewer may not see them, or if the team, unit or practitioner does
    /// not exist.
    pub async fn outcomes(&self, scope: FigureScope) -> Result<Basis, WebError> {
        let store = &self.state.store;
        let exists = match scope {
            FigureScope::Council => true,
            FigureScope::Team(t) => store.team(t).await?.is_some(),
            FigureScope::Unit(u) => store.unit(u).await?.is_some(),
            FigureScope::Worker(w) => store.practitioner(w).await?.is_some(),
        };
        if !exists {
            return Err(WebError::NotFound);
        }
        let decision = decide_outcomes(&self.user.actor, scope);
        let (outcome, basis) = match decision {
            Decision::Allow(b) => (Outcome::Allowed, b.as_str()),
            Decision::Deny(r) => (Outcome::Refused, r.as_str()),
        };
        let mut e = AuditEvent::new(
            Some(self.user.id()),
            Audited::OutcomesComputed,
            subject(scope),
            outcome,
        );
        e.basis = Some(basis.to_string());
        e.request_id = self.request_id.clone();
        store.audit(&e).await?;
        match decision {
            Decision::Allow(b) => Ok(b),
            Decision::Deny(r) => Err(WebError::Refused(r, None)),
        }
    }
}
