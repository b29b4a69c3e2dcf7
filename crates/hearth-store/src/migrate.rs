//! Per-backend migrations, embedded in the binary and run in order at start
//! and by `hearth migrate`. Each runs in its own transaction and is recorded.

use crate::{Backend, Store, StoreError};
use sqlx::Row;

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "init",
        sqlite: include_str!("../migrations/sqlite/0001_init.sql"),
        postgres: include_str!("../migrations/postgres/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "attachments",
        sqlite: include_str!("../migrations/sqlite/0002_attachments.sql"),
        postgres: include_str!("../migrations/postgres/0002_attachments.sql"),
    },
];

impl Store {
    /// Applies any migrations not yet applied; returns how many ran.
    pub async fn migrate(&self) -> Result<usize, StoreError> {
        let _guard = self.write_lock.lock().await;
        sqlx::raw_sql(
            "CREATE TABLE IF NOT EXISTS hearth_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
        )
        .execute(&self.pool)
        .await?;
        let mut ran = 0;
        for m in MIGRATIONS {
            let mut tx = self.pool.begin().await?;
            if self.backend == Backend::Postgres {
                sqlx::query("SELECT pg_advisory_xact_lock(7461)")
                    .execute(&mut *tx)
                    .await?;
            }
            let done =
                sqlx::query("SELECT COUNT(*) AS n FROM hearth_migrations WHERE version = $1")
                    .bind(m.version)
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get::<i64, _>("n")?;
            if done > 0 {
                continue;
            }
            let sql = match self.backend {
                Backend::Sqlite => m.sqlite,
                Backend::Postgres => m.postgres,
            };
            sqlx::raw_sql(sql)
                .execute(&mut *tx)
                .await
                .map_err(|source| StoreError::Migration {
                    version: m.version,
                    name: m.name,
                    source,
                })?;
            sqlx::query(
                "INSERT INTO hearth_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
            )
            .bind(m.version)
            .bind(m.name)
            .bind(crate::timefmt::ts(time::OffsetDateTime::now_utc()))
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            ran += 1;
        }
        Ok(ran)
    }
}
