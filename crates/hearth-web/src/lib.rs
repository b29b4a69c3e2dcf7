//! Hearth's web app: GOV.UK-style pages and the JSON API over one store.
//!
//! Every request passes the security layer (headers, request id, session,
//! CSRF). Every read or write of a person's record passes the one
//! authorisation chokepoint in [`authz`], which decides and audits.

pub mod api;
pub mod api_outcomes;
pub mod api_practice;
pub mod api_write;
pub mod assets;
pub mod authz;
pub mod charts;
pub mod error;
pub mod insight;
pub mod pages;
pub mod password;
pub mod pictures;
pub mod security;
pub mod session;
pub mod views;

use axum::Router;
use hearth_store::Store;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

/// Settings the operator chooses.
#[derive(Clone, Debug)]
pub struct Config {
    /// Sign a user out after this long without a request.
    pub idle_timeout_secs: i64,
    /// Sign a user out this long after sign-in, however busy.
    pub session_max_secs: i64,
    /// Mark cookies `Secure` and send HSTS (set when served over TLS).
    pub secure_cookies: bool,
    /// How long break-glass access lasts.
    pub break_glass_secs: i64,
    /// Failed sign-ins allowed per username (and ten times that per address)
    /// in the window before sign-in is refused.
    pub sign_in_attempts: i64,
    pub sign_in_window_secs: i64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            idle_timeout_secs: 30 * 60,
            session_max_secs: 12 * 60 * 60,
            secure_cookies: false,
            break_glass_secs: 60 * 60,
            sign_in_attempts: 5,
            sign_in_window_secs: 15 * 60,
        }
    }
}

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    /// A real argon2id hash checked when the username is unknown, so the answer
    /// takes as long as for a known user.
    pub dummy_hash: Arc<String>,
    /// Signed-in practitioners' teams and units, kept for a few seconds so
    /// each request need not read them again. Safe to share between
    /// processes' views: disabling a user deletes their sessions at once.
    pub users: Arc<session::UserCache>,
    /// Validation reports of uploaded returns, kept briefly so the person who
    /// uploaded one can download it as CSV.
    pub reports: Arc<pages::returns::Reports>,
}

impl AppState {
    pub async fn new(store: Store, config: Config) -> Result<Self, error::WebError> {
        let dummy_hash = password::hash("not-a-real-password-hearth").await?;
        Ok(Self {
            store,
            config: Arc::new(config),
            dummy_hash: Arc::new(dummy_hash),
            users: Arc::new(session::UserCache::default()),
            reports: Arc::new(pages::returns::Reports::default()),
        })
    }
}

/// The whole app: pages, API, assets, behind the security layers.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(pages::router())
        .nest("/api/v1", api::router())
        .route("/health", axum::routing::get(api::health))
        .merge(assets::router())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            session::layer,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::layer,
        ))
        .with_state(state)
}

/// A bound, not yet running server: binding first lets tests use port 0 and
/// learn the real port.
pub struct Application {
    listener: TcpListener,
    state: AppState,
}

impl Application {
    pub async fn bind(addr: SocketAddr, state: AppState) -> std::io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        Ok(Self { listener, state })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until the process is stopped.
    pub async fn run(self) -> std::io::Result<()> {
        let app = router(self.state).into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, app)
            .with_graceful_shutdown(shutdown_signal())
            .await
    }
}

async fn shutdown_signal() {
    let _ = tokio::signal::ctrl_c().await;
}
