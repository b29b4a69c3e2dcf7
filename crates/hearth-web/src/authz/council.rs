//! The chokepoint for the council's own records (the self-audit, comparator
//! figures, the anonymous pulse): decided by
//! [`hearth_core::access::decide_council`] and audited before anything is
//! shown or saved.
//!
//! The pulse is the exception to "audited under the actor's name". Its
//! answers are anonymous, and an audit row naming the person beside the time
//! and team of an answer would undo that: anyone who can read the audit
//! trail could match the two. So an allowed pulse (opening the form or
//! answering it) is audited with no actor and no request id, against the
//! pulse as a whole; what the trail keeps is that an answer was given (or
//! the form opened), never by whom. A refusal (a partner, a disabled
//! account) names the actor, as any refusal does: nothing was answered, so
//! nothing is given away, and a refusal is what a security review looks for.

use super::Chokepoint;
use crate::error::WebError;
use hearth_core::access::{decide_council, Action, Basis, Decision};
use hearth_core::audit::{AuditEvent, Audited, Outcome};
use uuid::Uuid;

/// The audit subject for a kind of council record seen as a whole (a list,
/// a new record's form): a fixed id per kind, so the trail can be searched
/// by it.
pub fn kind_subject(kind: &str) -> Uuid {
    let n: u128 = match kind {
        "self_audit" => 1,
        "comparator" => 2,
        "pulse" => 3,
        "contract" => 4,
        _ => 99,
    };
    Uuid::from_u128(0x4845_4152_5448_0000_0000_0000_0000_0000 | n)
}

impl Chokepoint<'_> {
    /// Decides and audits `action` on the council's records of `kind`, with
    /// `subject` (a record's id, or [`kind_subject`]) as the audit subject.
    pub async fn council(
        &self,
        action: Action,
        kind: &str,
        subject: Uuid,
    ) -> Result<Basis, WebError> {
        let decision = decide_council(&self.user.actor, action, kind);
        self.record(decision, action, subject).await?;
        match decision {
            Decision::Allow(b) => Ok(b),
            Decision::Deny(r) => Err(WebError::Refused(r, None)),
        }
    }

    /// Whether the actor may do `action` on `kind`, without auditing (to
    /// decide whether to offer a form or a link at all).
    pub fn may_council(&self, action: Action, kind: &str) -> bool {
        decide_council(&self.user.actor, action, kind).is_allowed()
    }

    /// Decides a pulse answer (or opening the pulse form): allowed, it is
    /// audited without the actor (see the module's note); refused, with.
    pub async fn pulse(&self, action: Action) -> Result<(), WebError> {
        let subject = kind_subject("pulse");
        match decide_council(&self.user.actor, Action::WriteRecord, "pulse") {
            Decision::Allow(basis) => {
                let mut e = AuditEvent::new(
                    None,
                    Audited::Access(action),
                    Some(subject),
                    Outcome::Allowed,
                );
                e.basis = Some(basis.as_str().to_string());
                self.state.store.audit(&e).await?;
                Ok(())
            }
            d @ Decision::Deny(r) => {
                self.record(d, action, subject).await?;
                Err(WebError::Refused(r, None))
            }
        }
    }
}
