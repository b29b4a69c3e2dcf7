//! Fresh databases and a running app for each test, on either backend.
//!
//! SQLite lives in a temporary directory; PostgreSQL gets a fresh database
//! `hearth_web_test_<random>` on the server named by `HEARTH_TEST_DATABASE_URL`
//! (default `postgres://postgres@127.0.0.1:5432/postgres`), dropped when the
//! test ends (best effort, even when it panics). If PostgreSQL cannot be
//! reached the PostgreSQL half of a test prints a loud note and passes, unless
//! `CI` is set, in which case it fails.

use super::fixture::{self, Fixture};
use hearth_store::Store;
use hearth_web::{AppState, Application, Config};
use sqlx::{AnyConnection, Connection};
use std::time::Duration;
use uuid::Uuid;

pub const DEFAULT_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

/// Drops a per-test PostgreSQL database when the test ends. Runs on its own
/// thread and runtime because `Drop` may run inside the test's runtime.
struct PgDrop {
    admin_url: String,
    name: String,
}

impl Drop for PgDrop {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async {
                if let Ok(mut conn) = AnyConnection::connect(&admin_url).await {
                    let _ = sqlx::raw_sql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&mut conn)
                        .await;
                    let _ = conn.close().await;
                }
            });
        })
        .join();
    }
}

fn in_ci() -> bool {
    match std::env::var("CI") {
        Ok(v) => !matches!(v.trim().to_ascii_lowercase().as_str(), "" | "0" | "false"),
        Err(_) => false,
    }
}

/// `url` with its database name replaced by `db` (query string kept).
fn with_database(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let start = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[start..].find('/') {
        Some(i) => &base[..start + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{db}?{q}"),
        None => format!("{base}/{db}"),
    }
}

fn unreachable_pg(url: &str, why: &str) {
    if in_ci() {
        panic!(
            "PostgreSQL at {url} cannot be reached ({why}). CI is set, so a missing \
             PostgreSQL is a test failure, not a skip. Start PostgreSQL or set \
             HEARTH_TEST_DATABASE_URL."
        );
    }
    eprintln!(
        "\n\
         ***************************************************************\n\
         *  NOTE: PostgreSQL at {url} cannot be reached\n\
         *  ({why}).\n\
         *  The PostgreSQL half of this web test was NOT run; only\n\
         *  SQLite was checked. Set HEARTH_TEST_DATABASE_URL or start\n\
         *  PostgreSQL. (With CI set this is a failure.)\n\
         ***************************************************************\n"
    );
}

/// A fresh, migrated store and what keeps its database alive.
struct TestDb {
    store: Store,
    // Dropped after the store (fields drop in declaration order).
    _pg: Option<PgDrop>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    async fn new(kind: Kind) -> Option<TestDb> {
        sqlx::any::install_default_drivers();
        match kind {
            Kind::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary directory");
                let store = Store::open_data_dir(dir.path())
                    .await
                    .expect("open SQLite store");
                store.migrate().await.expect("migrate SQLite");
                Some(TestDb {
                    store,
                    _pg: None,
                    _dir: Some(dir),
                })
            }
            Kind::Postgres => {
                let admin_url = std::env::var("HEARTH_TEST_DATABASE_URL")
                    .unwrap_or_else(|_| DEFAULT_PG_URL.to_string());
                let admin = tokio::time::timeout(
                    Duration::from_secs(10),
                    AnyConnection::connect(&admin_url),
                )
                .await;
                let mut admin = match admin {
                    Ok(Ok(conn)) => conn,
                    Ok(Err(e)) => {
                        unreachable_pg(&admin_url, &e.to_string());
                        return None;
                    }
                    Err(_) => {
                        unreachable_pg(&admin_url, "timed out after 10s");
                        return None;
                    }
                };
                let name = format!("hearth_web_test_{}", Uuid::new_v4().simple());
                sqlx::raw_sql(&format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .await
                    .expect("CREATE DATABASE for the test");
                let _ = admin.close().await;
                let guard = PgDrop {
                    admin_url: admin_url.clone(),
                    name: name.clone(),
                };
                let store = Store::connect(&with_database(&admin_url, &name))
                    .await
                    .expect("connect to the test database");
                store.migrate().await.expect("migrate PostgreSQL");
                Some(TestDb {
                    store,
                    _pg: Some(guard),
                    _dir: None,
                })
            }
        }
    }
}

/// The app running on a random port over a fresh database holding the
/// fixture council.
pub struct TestApp {
    pub kind: Kind,
    pub store: Store,
    pub base: String,
    pub fx: Fixture,
    server: tokio::task::JoinHandle<()>,
    db: TestDb,
}

impl TestApp {
    /// `None` only when PostgreSQL is wanted, unreachable and `CI` is unset.
    pub async fn start(kind: Kind) -> Option<TestApp> {
        let db = TestDb::new(kind).await?;
        let store = db.store.clone();
        let fx = fixture::build(&store).await;
        let state = AppState::new(store.clone(), Config::default())
            .await
            .expect("app state");
        let app = Application::bind("127.0.0.1:0".parse().expect("address"), state)
            .await
            .expect("bind to a random port");
        let addr = app.local_addr().expect("bound address");
        let server = tokio::spawn(async move {
            let _ = app.run().await;
        });
        Some(TestApp {
            kind,
            store,
            base: format!("http://{addr}"),
            fx,
            server,
            db,
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Stops the server and closes the pool; the database (or directory)
    /// goes when `self` drops.
    pub async fn finish(self) {
        self.server.abort();
        let _ = self.server.await;
        self.db.store.close().await;
    }
}
