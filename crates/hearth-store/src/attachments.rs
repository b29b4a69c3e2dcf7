//! Attachments: files kept beside the journal (a child's drawings), keyed by
//! the SHA-256 of their bytes. The journal records only the hash, so a file
//! is stored once however many records refer to it, and the key proves the
//! bytes were not changed. Nothing here decides who may see a file: the
//! pages serve one only after checking the record that refers to it.

use crate::timefmt::{parse_ts, ts};
use crate::{get_str, Store, StoreError};
use sha2::{Digest, Sha256};
use sqlx::Row;
use time::OffsetDateTime;

#[derive(Clone, Debug, PartialEq)]
pub struct Attachment {
    /// Lower-case hex SHA-256 of `bytes`.
    pub sha256: String,
    /// The type the file was found to be when it was stored.
    pub media_type: String,
    pub bytes: Vec<u8>,
    pub created_at: OffsetDateTime,
}

/// The lower-case hex SHA-256 of `bytes`: an attachment's key.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Store {
    /// Stores a file (once: storing the same bytes again changes nothing)
    /// and returns its key.
    pub async fn put_attachment(
        &self,
        media_type: &str,
        bytes: &[u8],
    ) -> Result<String, StoreError> {
        let sha = sha256_hex(bytes);
        let _guard = self.write_lock.lock().await;
        sqlx::query(
            "INSERT INTO attachments (sha256, media_type, bytes, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(&sha)
        .bind(media_type)
        .bind(bytes.to_vec())
        .bind(ts(OffsetDateTime::now_utc()))
        .execute(&self.pool)
        .await?;
        Ok(sha)
    }

    /// The file stored under `sha256`, if any.
    pub async fn get_attachment(&self, sha256: &str) -> Result<Option<Attachment>, StoreError> {
        let row = sqlx::query(
            "SELECT sha256, media_type, bytes, created_at FROM attachments WHERE sha256 = $1",
        )
        .bind(sha256)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        Ok(Some(Attachment {
            sha256: get_str(&r, "sha256")?,
            media_type: get_str(&r, "media_type")?,
            bytes: r.try_get::<Vec<u8>, _>("bytes")?,
            created_at: parse_ts(&get_str(&r, "created_at")?)?,
        }))
    }
}
