//! Hearth's storage: the append-only journal, the projections built from it,
//! and the operational tables (credentials, sessions, drafts, audit).
//!
//! One [`Store`] serves both backends through sqlx's `Any` driver: embedded
//! SQLite (the default, one file in the data directory) and PostgreSQL. Each
//! backend has its own migrations; the SQL the store runs is the common subset
//! of both, so one conformance suite (`tests/conformance.rs`) proves them alike.

mod attachments;
mod audit;
mod auth;
mod docs;
mod drafts;
mod error;
mod journal;
mod migrate;
mod timefmt;

pub use attachments::Attachment;
pub use auth::{Credential, SessionRow};
pub use drafts::{Draft, DraftSave};
pub use error::StoreError;
pub use journal::{expected_snapshot, ProjectionSnapshot};

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Executor};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;

/// Which database is behind the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

/// The store: a connection pool and the backend it talks to. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// SQLite allows one writer: writes in this process queue here rather
    /// than fail with "database is locked". PostgreSQL uses an advisory lock.
    write_lock: Arc<Mutex<()>>,
}

impl Store {
    /// Opens (creating if needed) the embedded SQLite database in `dir`.
    pub async fn open_data_dir(dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::DataDir(e.to_string()))?;
        let file = dir.join("hearth.db");
        let url = format!("sqlite://{}?mode=rwc", file.display());
        Self::connect(&url).await
    }

    /// Connects to `sqlite://...` or `postgres://...`.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(StoreError::UnsupportedUrl);
        };
        let max = match backend {
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
                             PRAGMA case_sensitive_like = ON;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect(url)
            .await?;
        Ok(Self {
            pool,
            backend,
            write_lock: Arc::new(Mutex::new(())),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Whether the database answers: used by `GET /health`.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").fetch_one(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Starts a write transaction, serialised with every other writer.
    async fn begin_write(
        &self,
    ) -> Result<
        (
            tokio::sync::MutexGuard<'_, ()>,
            sqlx::Transaction<'_, sqlx::Any>,
        ),
        StoreError,
    > {
        let guard = self.write_lock.lock().await;
        // SQLite: take the write lock at BEGIN. A deferred transaction that
        // reads and then writes fails with SQLITE_BUSY_SNAPSHOT ("database is
        // locked", no retry) if any other connection wrote in between.
        let mut tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock(7460)")
                .execute(&mut *tx)
                .await?;
        }
        Ok((guard, tx))
    }
}

fn get_str(row: &AnyRow, col: &str) -> Result<String, StoreError> {
    use sqlx::Row;
    Ok(row.try_get::<String, _>(col)?)
}

fn get_opt_str(row: &AnyRow, col: &str) -> Result<Option<String>, StoreError> {
    use sqlx::Row;
    Ok(row.try_get::<Option<String>, _>(col)?)
}

fn get_i64(row: &AnyRow, col: &str) -> Result<i64, StoreError> {
    use sqlx::Row;
    Ok(row.try_get::<i64, _>(col)?)
}
