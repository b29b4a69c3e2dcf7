//! Credentials, server-side sessions, API tokens and sign-in attempts. These
//! are operational state, not part of the record, so they live outside the
//! journal (a password hash must be replaceable, not kept for ever).

use crate::timefmt::{now_unix, ts};
use crate::{get_i64, get_opt_str, get_str, Store, StoreError};
use hearth_core::ids::UserId;
use time::OffsetDateTime;

#[derive(Clone, Debug)]
pub struct Credential {
    pub user_id: UserId,
    pub username: String,
    pub password_hash: String,
    pub disabled: bool,
}

#[derive(Clone, Debug)]
pub struct SessionRow {
    pub user_id: Option<UserId>,
    pub csrf_token: String,
    pub created_at: i64,
    pub last_seen: i64,
}

fn parse_user(s: &str) -> Result<UserId, StoreError> {
    s.parse()
        .map_err(|e: uuid::Error| StoreError::Corrupt(e.to_string()))
}

impl Store {
    pub async fn set_credential(
        &self,
        user_id: UserId,
        username: &str,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        let username = username.trim().to_lowercase();
        let (_g, mut tx) = self.begin_write().await?;
        let clash = sqlx::query("SELECT user_id FROM credentials WHERE username = $1")
            .bind(&username)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(r) = clash {
            if get_str(&r, "user_id")? != user_id.to_string() {
                return Err(StoreError::UsernameTaken);
            }
        }
        sqlx::query(
            "INSERT INTO credentials (user_id, username, password_hash, disabled, updated_at) \
             VALUES ($1, $2, $3, 0, $4) ON CONFLICT (user_id) DO UPDATE SET \
             username = excluded.username, password_hash = excluded.password_hash, updated_at = excluded.updated_at",
        )
        .bind(user_id.to_string())
        .bind(&username)
        .bind(password_hash)
        .bind(ts(OffsetDateTime::now_utc()))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn credential_by_username(
        &self,
        username: &str,
    ) -> Result<Option<Credential>, StoreError> {
        let row = sqlx::query(
            "SELECT user_id, username, password_hash, disabled FROM credentials WHERE username = $1",
        )
        .bind(username.trim().to_lowercase())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(Credential {
                user_id: parse_user(&get_str(&r, "user_id")?)?,
                username: get_str(&r, "username")?,
                password_hash: get_str(&r, "password_hash")?,
                disabled: get_i64(&r, "disabled")? != 0,
            })
        })
        .transpose()
    }

    /// Ends every session and revokes every API token of the user (after a
    /// password reset, say), without disabling them.
    pub async fn end_sessions(&self, user_id: UserId) -> Result<(), StoreError> {
        let (_g, mut tx) = self.begin_write().await?;
        let id = user_id.to_string();
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE api_tokens SET revoked = 1 WHERE user_id = $1")
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Disables sign-in and ends every session and token of the user.
    pub async fn disable_credential(&self, user_id: UserId) -> Result<(), StoreError> {
        let (_g, mut tx) = self.begin_write().await?;
        let id = user_id.to_string();
        sqlx::query("UPDATE credentials SET disabled = 1 WHERE user_id = $1")
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE api_tokens SET revoked = 1 WHERE user_id = $1")
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: Option<UserId>,
        csrf_token: &str,
    ) -> Result<(), StoreError> {
        let now = now_unix();
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen) VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(token_hash)
        .bind(user_id.map(|u| u.to_string()))
        .bind(csrf_token)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The session, if it exists, has been used within `idle_secs` and is
    /// younger than `max_age_secs`; the last-seen time is refreshed. An idle
    /// or expired session is deleted.
    pub async fn touch_session(
        &self,
        token_hash: &str,
        idle_secs: i64,
        max_age_secs: i64,
    ) -> Result<Option<SessionRow>, StoreError> {
        let row = sqlx::query(
            "SELECT user_id, csrf_token, created_at, last_seen FROM sessions WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let s = SessionRow {
            user_id: get_opt_str(&r, "user_id")?
                .map(|u| parse_user(&u))
                .transpose()?,
            csrf_token: get_str(&r, "csrf_token")?,
            created_at: get_i64(&r, "created_at")?,
            last_seen: get_i64(&r, "last_seen")?,
        };
        let now = now_unix();
        if now - s.last_seen > idle_secs || now - s.created_at > max_age_secs {
            self.delete_session(token_hash).await?;
            return Ok(None);
        }
        // Only write when a minute has passed, so reads stay reads.
        if now - s.last_seen > 60 {
            sqlx::query("UPDATE sessions SET last_seen = $1 WHERE token_hash = $2")
                .bind(now)
                .bind(token_hash)
                .execute(&self.pool)
                .await?;
        }
        Ok(Some(s))
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn add_api_token(&self, token_hash: &str, user_id: UserId) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO api_tokens (token_hash, user_id, created_at, revoked) VALUES ($1, $2, $3, 0)")
            .bind(token_hash)
            .bind(user_id.to_string())
            .bind(ts(OffsetDateTime::now_utc()))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The user an unrevoked API token belongs to.
    pub async fn api_token_user(&self, token_hash: &str) -> Result<Option<UserId>, StoreError> {
        let row =
            sqlx::query("SELECT user_id FROM api_tokens WHERE token_hash = $1 AND revoked = 0")
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
        row.map(|r| parse_user(&get_str(&r, "user_id")?))
            .transpose()
    }

    /// Records a failed sign-in under `key` and returns how many failures
    /// `key` has had in the last `window_secs`.
    pub async fn record_failed_sign_in(
        &self,
        key: &str,
        window_secs: i64,
    ) -> Result<i64, StoreError> {
        let now = now_unix();
        sqlx::query("INSERT INTO login_attempts (key, at) VALUES ($1, $2)")
            .bind(key)
            .bind(now)
            .execute(&self.pool)
            .await?;
        self.failed_sign_ins(key, window_secs).await
    }

    pub async fn failed_sign_ins(&self, key: &str, window_secs: i64) -> Result<i64, StoreError> {
        let row =
            sqlx::query("SELECT COUNT(*) AS n FROM login_attempts WHERE key = $1 AND at > $2")
                .bind(key)
                .bind(now_unix() - window_secs)
                .fetch_one(&self.pool)
                .await?;
        get_i64(&row, "n")
    }

    pub async fn clear_failed_sign_ins(&self, key: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM login_attempts WHERE key = $1")
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Records break-glass access for `secs` seconds.
    pub async fn grant_break_glass(
        &self,
        user_id: UserId,
        person: uuid::Uuid,
        reason: &str,
        secs: i64,
    ) -> Result<(), StoreError> {
        let now = now_unix();
        sqlx::query(
            "INSERT INTO break_glass (user_id, person_id, reason, granted_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(user_id.to_string())
        .bind(person.to_string())
        .bind(reason)
        .bind(now)
        .bind(now + secs)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Everyone and every family a user holds unexpired break-glass access to.
    pub async fn break_glass_subjects(
        &self,
        user_id: UserId,
    ) -> Result<Vec<uuid::Uuid>, StoreError> {
        let rows =
            sqlx::query("SELECT person_id FROM break_glass WHERE user_id = $1 AND expires_at > $2")
                .bind(user_id.to_string())
                .bind(now_unix())
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| {
                get_str(r, "person_id")?
                    .parse()
                    .map_err(|e: uuid::Error| StoreError::Corrupt(e.to_string()))
            })
            .collect()
    }

    pub async fn has_break_glass(
        &self,
        user_id: UserId,
        person: uuid::Uuid,
    ) -> Result<bool, StoreError> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM break_glass WHERE user_id = $1 AND person_id = $2 AND expires_at > $3",
        )
        .bind(user_id.to_string())
        .bind(person.to_string())
        .bind(now_unix())
        .fetch_one(&self.pool)
        .await?;
        Ok(get_i64(&row, "n")? > 0)
    }
}
