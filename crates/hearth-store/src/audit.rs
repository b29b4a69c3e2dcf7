//! The audit trail: append-only (the database refuses updates and deletes).

use crate::timefmt::{parse_ts, ts};
use crate::{get_i64, get_opt_str, get_str, Store, StoreError};
use hearth_core::audit::{AuditEvent, Outcome};
use sqlx::any::AnyRow;

fn from_row(r: &AnyRow) -> Result<AuditEvent, StoreError> {
    let corrupt = |e: uuid::Error| StoreError::Corrupt(e.to_string());
    Ok(AuditEvent {
        seq: get_i64(r, "seq")?,
        at: parse_ts(&get_str(r, "at")?)?,
        actor: get_opt_str(r, "actor")?
            .map(|a| a.parse().map_err(corrupt))
            .transpose()?,
        what: get_str(r, "what")?,
        subject: get_opt_str(r, "subject")?
            .map(|a| a.parse().map_err(corrupt))
            .transpose()?,
        outcome: if get_str(r, "outcome")? == "refused" {
            Outcome::Refused
        } else {
            Outcome::Allowed
        },
        basis: get_opt_str(r, "basis")?,
        reason: get_opt_str(r, "reason")?,
        request_id: get_opt_str(r, "request_id")?,
    })
}

impl Store {
    pub async fn audit(&self, e: &AuditEvent) -> Result<(), StoreError> {
        self.audit_many(std::slice::from_ref(e)).await
    }

    /// Writes several audit events in one transaction (a list page audits
    /// each person it shows).
    pub async fn audit_many(&self, events: &[AuditEvent]) -> Result<(), StoreError> {
        if events.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool.begin().await?;
        for e in events {
            sqlx::query(
                "INSERT INTO audit (at, actor, what, subject, outcome, basis, reason, request_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(ts(e.at))
            .bind(e.actor.map(|a| a.to_string()))
            .bind(&e.what)
            .bind(e.subject.map(|s| s.to_string()))
            .bind(e.outcome.as_str())
            .bind(e.basis.clone())
            .bind(e.reason.clone())
            .bind(e.request_id.clone())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The audit events about one subject, newest first.
    pub async fn audit_for_subject(
        &self,
        subject: uuid::Uuid,
        limit: i64,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, at, actor, what, subject, outcome, basis, reason, request_id FROM audit \
             WHERE subject = $1 ORDER BY seq DESC LIMIT $2",
        )
        .bind(subject.to_string())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// The most recent audit events of all kinds, newest first.
    pub async fn audit_recent(&self, limit: i64) -> Result<Vec<AuditEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, at, actor, what, subject, outcome, basis, reason, request_id FROM audit \
             ORDER BY seq DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }
}
