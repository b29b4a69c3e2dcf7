use hearth_core::projection::ApplyError;
use thiserror::Error;

/// Everything that can go wrong in the store. `Rejected` is the domain saying
/// no (nothing was written); the rest are faults.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("the change was not saved: {0}")]
    Rejected(#[from] ApplyError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
    #[error("the data directory cannot be used: {0}")]
    DataDir(String),
    #[error("the database URL must start with sqlite:// or postgres://")]
    UnsupportedUrl,
    #[error("migration {version} ({name}) failed: {source}")]
    Migration {
        version: i64,
        name: &'static str,
        source: sqlx::Error,
    },
    #[error("someone else saved this draft since you opened it")]
    Conflict { current_version: i64 },
    #[error("not found")]
    NotFound,
    /// A bulk load for new documents only ([`crate::Store::append_fresh`])
    /// touched a document the store already holds; nothing was written.
    #[error("the bulk load was refused: {0} is already stored (use append for changes to existing records)")]
    NotFresh(String),
    #[error("that username is already taken")]
    UsernameTaken,
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}
