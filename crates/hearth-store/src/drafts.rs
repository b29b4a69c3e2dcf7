//! Drafts: what a practitioner has typed but not yet finalised. Saved as they
//! type (and by an explicit save without JavaScript), versioned so two people
//! editing one draft are told rather than overwriting each other.

use crate::journal::append_in;
use crate::timefmt::{parse_ts, ts};
use crate::{get_i64, get_opt_str, get_str, Store, StoreError};
use hearth_core::event::Event;
use hearth_core::ids::*;
use sqlx::any::AnyRow;
use std::collections::BTreeMap;
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub id: Uuid,
    pub owner: UserId,
    pub family_id: FamilyId,
    pub person_id: Option<PersonId>,
    pub kind: String,
    pub fields: BTreeMap<String, String>,
    pub version: i64,
    pub updated_at: OffsetDateTime,
    pub updated_by: UserId,
    pub finalised_record: Option<RecordId>,
}

/// A save of a draft: the fields, and the version the editor started from.
#[derive(Clone, Debug)]
pub struct DraftSave {
    pub fields: BTreeMap<String, String>,
    pub based_on_version: i64,
    pub by: UserId,
}

fn corrupt(e: uuid::Error) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

fn from_row(r: &AnyRow) -> Result<Draft, StoreError> {
    Ok(Draft {
        id: get_str(r, "id")?.parse().map_err(corrupt)?,
        owner: get_str(r, "owner")?.parse().map_err(corrupt)?,
        family_id: get_str(r, "family_id")?.parse().map_err(corrupt)?,
        person_id: get_opt_str(r, "person_id")?
            .map(|p| p.parse().map_err(corrupt))
            .transpose()?,
        kind: get_str(r, "kind")?,
        fields: serde_json::from_str(&get_str(r, "fields")?)?,
        version: get_i64(r, "version")?,
        updated_at: parse_ts(&get_str(r, "updated_at")?)?,
        updated_by: get_str(r, "updated_by")?.parse().map_err(corrupt)?,
        finalised_record: get_opt_str(r, "finalised_record")?
            .map(|p| p.parse().map_err(corrupt))
            .transpose()?,
    })
}

const COLS: &str =
    "id, owner, family_id, person_id, kind, fields, version, updated_at, updated_by, finalised_record";

impl Store {
    pub async fn create_draft(
        &self,
        owner: UserId,
        family_id: FamilyId,
        person_id: Option<PersonId>,
        kind: &str,
        fields: &BTreeMap<String, String>,
    ) -> Result<Draft, StoreError> {
        let id = Uuid::new_v4();
        let now = OffsetDateTime::now_utc();
        sqlx::query(
            "INSERT INTO drafts (id, owner, family_id, person_id, kind, fields, version, updated_at, updated_by) \
             VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $2)",
        )
        .bind(id.to_string())
        .bind(owner.to_string())
        .bind(family_id.to_string())
        .bind(person_id.map(|p| p.to_string()))
        .bind(kind)
        .bind(serde_json::to_string(fields)?)
        .bind(ts(now))
        .execute(&self.pool)
        .await?;
        self.draft(id).await?.ok_or(StoreError::NotFound)
    }

    pub async fn draft(&self, id: Uuid) -> Result<Option<Draft>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLS} FROM drafts WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Open (unfinalised) drafts owned by a user, newest first.
    pub async fn open_drafts(&self, owner: UserId) -> Result<Vec<Draft>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLS} FROM drafts WHERE owner = $1 AND finalised_record IS NULL ORDER BY updated_at DESC"
        ))
        .bind(owner.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// Saves a draft if nobody else saved it since `based_on_version`;
    /// otherwise returns `Conflict` and changes nothing.
    pub async fn save_draft(&self, id: Uuid, save: &DraftSave) -> Result<i64, StoreError> {
        let (_g, mut tx) = self.begin_write().await?;
        let row = sqlx::query("SELECT version, finalised_record FROM drafts WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let current = get_i64(&row, "version")?;
        if current != save.based_on_version || get_opt_str(&row, "finalised_record")?.is_some() {
            return Err(StoreError::Conflict {
                current_version: current,
            });
        }
        sqlx::query(
            "UPDATE drafts SET fields = $1, version = $2, updated_at = $3, updated_by = $4 WHERE id = $5",
        )
        .bind(serde_json::to_string(&save.fields)?)
        .bind(current + 1)
        .bind(ts(OffsetDateTime::now_utc()))
        .bind(save.by.to_string())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(current + 1)
    }

    /// Appends the finalised record's events and closes the draft, in one
    /// transaction, if the draft is still at `based_on_version`.
    pub async fn finalise_draft(
        &self,
        id: Uuid,
        based_on_version: i64,
        record: RecordId,
        events: Vec<Event>,
    ) -> Result<Vec<Event>, StoreError> {
        let (_g, mut tx) = self.begin_write().await?;
        let row = sqlx::query("SELECT version, finalised_record FROM drafts WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let current = get_i64(&row, "version")?;
        if current != based_on_version || get_opt_str(&row, "finalised_record")?.is_some() {
            return Err(StoreError::Conflict {
                current_version: current,
            });
        }
        let out = append_in(&mut tx, events).await?;
        sqlx::query("UPDATE drafts SET finalised_record = $1, version = $2 WHERE id = $3")
            .bind(record.to_string())
            .bind(current + 1)
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(out)
    }
}
