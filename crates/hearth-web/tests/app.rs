#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Integration tests of the web app: each test starts the real app on port 0
//! against a fresh database holding a small fictional council, and drives it
//! over HTTP as a browser (or an API client) would. Every test runs twice:
//! on embedded SQLite and on PostgreSQL (see `app/harness.rs`).

/// Runs `async fn $name(app: &TestApp)` (defined just above in the same
/// module) on both backends, as tests `$name::sqlite` and `$name::postgres`.
/// The PostgreSQL half is skipped with a loud note when PostgreSQL cannot be
/// reached, unless `CI` is set (then it fails).
macro_rules! web_test {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::harness::TestApp::start($crate::harness::Kind::Sqlite)
                    .await
                    .expect("SQLite is always available");
                super::$name(&app).await;
                app.finish().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(app) =
                    $crate::harness::TestApp::start($crate::harness::Kind::Postgres).await
                else {
                    return;
                };
                super::$name(&app).await;
                app.finish().await;
            }
        }
    };
}

#[path = "app/client.rs"]
mod client;
#[path = "app/fixture.rs"]
mod fixture;
#[path = "app/harness.rs"]
mod harness;

#[path = "app/access.rs"]
mod access;
#[path = "app/api.rs"]
mod api;
#[path = "app/journey.rs"]
mod journey;
#[path = "app/outcomes.rs"]
mod outcomes;
#[path = "app/outcomes_admin.rs"]
mod outcomes_admin;
#[path = "app/people.rs"]
mod people;
#[path = "app/pictures.rs"]
mod pictures;
#[path = "app/practice.rs"]
mod practice;
#[path = "app/practice_direct.rs"]
mod practice_direct;
#[path = "app/practice_family.rs"]
mod practice_family;
#[path = "app/practice_unit.rs"]
mod practice_unit;
#[path = "app/recording.rs"]
mod recording;
#[path = "app/returns.rs"]
mod returns;
#[path = "app/security.rs"]
mod security;
