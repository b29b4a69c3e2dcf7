//! Typed audit events: every read, write and refusal of a person's record,
//! and every sign-in and account change, is recorded as one of these. The
//! audit trail is append-only in both databases (triggers refuse changes).

use crate::access::{Action, Basis, Refusal};
use crate::ids::UserId;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// What happened, in a closed list so reports can rely on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audited {
    Access(Action),
    BreakGlass,
    SignedIn,
    SignInRefused,
    SignedOut,
    TokenIssued,
    UserAdded,
    UserDisabled,
    PasswordReset,
    Search,
    ReturnExported,
    ReturnImported,
    /// The outcome measures computed over the whole record (the command
    /// line, the benchmark): aggregate figures, no one's record shown.
    OutcomesComputed,
}

impl Audited {
    pub fn as_str(self) -> &'static str {
        match self {
            Audited::Access(a) => a.as_str(),
            Audited::BreakGlass => "break_glass",
            Audited::SignedIn => "signed_in",
            Audited::SignInRefused => "sign_in_refused",
            Audited::SignedOut => "signed_out",
            Audited::TokenIssued => "token_issued",
            Audited::UserAdded => "user_added",
            Audited::UserDisabled => "user_disabled",
            Audited::PasswordReset => "password_reset",
            Audited::Search => "search",
            Audited::ReturnExported => "return_exported",
            Audited::ReturnImported => "return_imported",
            Audited::OutcomesComputed => "outcomes_computed",
        }
    }

    /// Plain words for the "who has viewed this record" page.
    pub fn label(self) -> &'static str {
        match self {
            Audited::Access(Action::ReadIdentity) => "Found in search or a list",
            Audited::Access(Action::ReadRecord) => "Viewed the record",
            Audited::Access(Action::WriteRecord) => "Changed the record",
            Audited::Access(Action::ReadWarnings) => "Read warning notes",
            Audited::Access(Action::ReadAccessLog) => "Viewed who has seen the record",
            Audited::BreakGlass => "Break-glass access",
            Audited::SignedIn => "Signed in",
            Audited::SignInRefused => "Sign-in refused",
            Audited::SignedOut => "Signed out",
            Audited::TokenIssued => "API token issued",
            Audited::UserAdded => "User added",
            Audited::UserDisabled => "User disabled",
            Audited::PasswordReset => "Password reset",
            Audited::Search => "Searched",
            Audited::ReturnExported => "Statutory return exported",
            Audited::ReturnImported => "Statutory return imported",
            Audited::OutcomesComputed => "Outcome measures computed",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Allowed,
    Refused,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Allowed => "allowed",
            Outcome::Refused => "refused",
        }
    }
}

/// One audit event. It carries ids and codes, never a person's details; the
/// only free text is the reason an actor gives for break-glass access.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub seq: i64,
    pub at: OffsetDateTime,
    pub actor: Option<UserId>,
    pub what: String,
    pub subject: Option<Uuid>,
    pub outcome: Outcome,
    /// The basis for an allowed access or the reason code for a refusal.
    pub basis: Option<String>,
    /// The reason the actor gave (break-glass), if any.
    pub reason: Option<String>,
    pub request_id: Option<String>,
}

impl AuditEvent {
    pub fn new(
        actor: Option<UserId>,
        what: Audited,
        subject: Option<Uuid>,
        outcome: Outcome,
    ) -> Self {
        Self {
            seq: 0,
            at: OffsetDateTime::now_utc(),
            actor,
            what: what.as_str().to_string(),
            subject,
            outcome,
            basis: None,
            reason: None,
            request_id: None,
        }
    }

    pub fn allowed(actor: UserId, action: Action, subject: Uuid, basis: Basis) -> Self {
        let mut e = Self::new(
            Some(actor),
            Audited::Access(action),
            Some(subject),
            Outcome::Allowed,
        );
        e.basis = Some(basis.as_str().to_string());
        e
    }

    pub fn refused(actor: UserId, action: Action, subject: Uuid, refusal: Refusal) -> Self {
        let mut e = Self::new(
            Some(actor),
            Audited::Access(action),
            Some(subject),
            Outcome::Refused,
        );
        e.basis = Some(refusal.as_str().to_string());
        e
    }

    /// The label for an audit `what` code, for display.
    pub fn label(&self) -> &'static str {
        ALL_AUDITED
            .iter()
            .find(|a| a.as_str() == self.what)
            .map(|a| a.label())
            .unwrap_or("Other")
    }
}

const ALL_AUDITED: &[Audited] = &[
    Audited::Access(Action::ReadIdentity),
    Audited::Access(Action::ReadRecord),
    Audited::Access(Action::WriteRecord),
    Audited::Access(Action::ReadWarnings),
    Audited::Access(Action::ReadAccessLog),
    Audited::BreakGlass,
    Audited::SignedIn,
    Audited::SignInRefused,
    Audited::SignedOut,
    Audited::TokenIssued,
    Audited::UserAdded,
    Audited::UserDisabled,
    Audited::PasswordReset,
    Audited::Search,
    Audited::ReturnExported,
    Audited::ReturnImported,
    Audited::OutcomesComputed,
];
