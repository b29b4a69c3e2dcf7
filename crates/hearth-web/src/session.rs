//! Server-side sessions, bearer tokens and CSRF.
//!
//! The browser holds only a random session token (HttpOnly, SameSite=Lax,
//! Secure under TLS); the database holds its hash, the user and the CSRF
//! token, so any `hearth serve` process can answer any request. Every
//! form POST outside the API must carry the session's CSRF token: this layer
//! checks it before any handler runs, so no form can forget.

use crate::error::WebError;
use crate::AppState;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use hearth_core::access::Actor;
use hearth_core::ids::UserId;
use hearth_core::model::{Discipline, Practitioner};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::Arc;

pub const COOKIE: &str = "hearth_session";
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;
/// The largest file upload (a statutory return, or a zip of one).
pub const MAX_UPLOAD_BYTES: usize = 64 * 1024 * 1024;

/// The signed-in practitioner and what the access policy needs to know.
#[derive(Clone, Debug)]
pub struct UserCtx {
    pub practitioner: Practitioner,
    pub actor: Actor,
}

impl UserCtx {
    pub fn id(&self) -> UserId {
        self.practitioner.id
    }
    pub fn is(&self, d: Discipline) -> bool {
        self.practitioner.discipline == d
    }
}

/// The session of this request (possibly anonymous).
#[derive(Clone, Debug)]
pub struct Session {
    pub token_hash: Option<String>,
    pub csrf_token: String,
    pub user: Option<Arc<UserCtx>>,
    pub via_api: bool,
}

pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn cookie_token(parts: &axum::http::HeaderMap) -> Option<String> {
    parts
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
}

/// The `Set-Cookie` value for a session token.
pub fn session_cookie(state: &AppState, token: &str) -> HeaderValue {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub fn clear_cookie(state: &AppState) -> HeaderValue {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// How long a signed-in practitioner's teams and units are reused.
const USER_CACHE_SECS: u64 = 10;

/// A short-lived, per-process cache of [`UserCtx`] by user.
#[derive(Default)]
pub struct UserCache {
    entries:
        std::sync::Mutex<std::collections::HashMap<UserId, (std::time::Instant, Arc<UserCtx>)>>,
}

impl UserCache {
    fn get(&self, id: UserId) -> Option<Arc<UserCtx>> {
        let entries = self.entries.lock().ok()?;
        let (at, user) = entries.get(&id)?;
        (at.elapsed().as_secs() < USER_CACHE_SECS).then(|| user.clone())
    }

    fn put(&self, user: Arc<UserCtx>) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() > 10_000 {
                entries.clear();
            }
            entries.insert(user.id(), (std::time::Instant::now(), user));
        }
    }
}

/// The signed-in practitioner, from the cache or the store.
async fn cached_user(state: &AppState, user_id: UserId) -> Result<Option<Arc<UserCtx>>, WebError> {
    if let Some(u) = state.users.get(user_id) {
        return Ok(Some(u));
    }
    let Some(user) = load_user(state, user_id).await? else {
        return Ok(None);
    };
    let user = Arc::new(user);
    state.users.put(user.clone());
    Ok(Some(user))
}

/// Loads the practitioner and their teams, units and services.
pub async fn load_user(state: &AppState, user_id: UserId) -> Result<Option<UserCtx>, WebError> {
    let Some(p) = state.store.practitioner(user_id).await? else {
        return Ok(None);
    };
    let mut actor = Actor {
        user_id,
        discipline: p.discipline,
        active: p.active,
        teams: vec![],
        units: vec![],
        team_functions: vec![],
        services: vec![],
    };
    for m in p.current_memberships() {
        actor.teams.push(m.team_id);
        if let Some(u) = m.unit_id {
            actor.units.push(u);
        }
        if let Some(t) = state.store.team(m.team_id).await? {
            actor.team_functions.push(t.function);
            if !actor.services.contains(&t.service) {
                actor.services.push(t.service);
            }
        }
    }
    // A consultant social worker leads their unit even if their membership
    // names only the team.
    for u in state
        .store
        .units_where("consultant", &user_id.to_string())
        .await?
    {
        if !actor.units.contains(&u.id) {
            actor.units.push(u.id);
        }
    }
    Ok(Some(UserCtx {
        practitioner: p,
        actor,
    }))
}

fn form_field(body: &[u8], name: &str) -> Option<String> {
    url_pairs(body)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// The boundary of a `multipart/form-data` body, from its content type.
fn multipart_boundary(content_type: &str) -> Option<String> {
    let (kind, rest) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    rest.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.eq_ignore_ascii_case("boundary")
            .then(|| v.trim_matches('"').to_string())
    })
}

/// A short text field of a multipart body (the CSRF token), found without
/// reading the files: the part whose disposition names it.
fn multipart_text(body: &[u8], boundary: &str, name: &str) -> Option<String> {
    let delimiter = format!("--{boundary}");
    let needle = format!("name=\"{name}\"");
    let text = String::from_utf8_lossy(&body[..body.len().min(64 * 1024)]);
    text.split(delimiter.as_str()).find_map(|part| {
        let (head, value) = part.split_once("\r\n\r\n")?;
        if !head.contains(&needle) || head.contains("filename=") {
            return None;
        }
        Some(value.trim_end_matches("\r\n").to_string())
    })
}

/// Decodes an `application/x-www-form-urlencoded` body into pairs, keeping
/// repeated names (checkboxes).
pub fn url_pairs(body: &[u8]) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body).unwrap_or_default()
}

/// The session layer: resolves the session or bearer token, and checks CSRF.
pub async fn layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    match resolve(&state, &mut req).await {
        Ok(session) => {
            let session = match session {
                Some(s) => s,
                None => Session {
                    token_hash: None,
                    csrf_token: String::new(),
                    user: None,
                    via_api: false,
                },
            };
            let is_post = req.method() == Method::POST;
            let is_api = req.uri().path().starts_with("/api/");
            if is_post && !is_api {
                let (parts, body) = req.into_parts();
                let boundary = parts
                    .headers
                    .get(axum::http::header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(multipart_boundary);
                let limit = if boundary.is_some() {
                    MAX_UPLOAD_BYTES
                } else {
                    MAX_FORM_BYTES
                };
                let bytes = match axum::body::to_bytes(body, limit).await {
                    Ok(b) => b,
                    Err(_) => {
                        return WebError::BadRequest("The form was too large to send.".into())
                            .into_response()
                    }
                };
                let sent = match &boundary {
                    Some(b) => multipart_text(&bytes, b, "csrf_token"),
                    None => form_field(&bytes, "csrf_token"),
                }
                .unwrap_or_default();
                if session.token_hash.is_none()
                    || session.csrf_token.is_empty()
                    || !constant_time_eq(sent.as_bytes(), session.csrf_token.as_bytes())
                {
                    return expired_form(&bytes);
                }
                req = Request::from_parts(parts, Body::from(bytes));
            }
            req.extensions_mut().insert(session);
            next.run(req).await
        }
        Err(e) => e.into_response(),
    }
}

async fn resolve(state: &AppState, req: &mut Request) -> Result<Option<Session>, WebError> {
    if req.uri().path().starts_with("/api/") {
        let bearer = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| t.trim().to_string());
        let Some(token) = bearer else { return Ok(None) };
        let Some(user_id) = state.store.api_token_user(&token_hash(&token)).await? else {
            return Ok(None);
        };
        let user = cached_user(state, user_id).await?;
        return Ok(Some(Session {
            token_hash: None,
            csrf_token: String::new(),
            user: user.filter(|u| u.practitioner.active),
            via_api: true,
        }));
    }
    let Some(token) = cookie_token(req.headers()) else {
        return Ok(None);
    };
    let hash = token_hash(&token);
    let Some(row) = state
        .store
        .touch_session(
            &hash,
            state.config.idle_timeout_secs,
            state.config.session_max_secs,
        )
        .await?
    else {
        return Ok(None);
    };
    let user = match row.user_id {
        Some(u) => cached_user(state, u).await?,
        None => None,
    };
    Ok(Some(Session {
        token_hash: Some(hash),
        csrf_token: row.csrf_token,
        user: user.filter(|u| u.practitioner.active),
        via_api: false,
    }))
}

/// Extractor: the session of this request.
impl<S: Send + Sync> FromRequestParts<S> for Session {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Session>()
            .cloned()
            .ok_or(WebError::SignInNeeded)
    }
}

/// Extractor for pages: the signed-in practitioner, or a redirect to sign in.
#[derive(Clone)]
pub struct SignedIn {
    pub user: Arc<UserCtx>,
    pub session: Session,
}

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let session = parts
            .extensions
            .get::<Session>()
            .cloned()
            .ok_or(WebError::SignInNeeded)?;
        match (&session.user, session.via_api) {
            (Some(u), false) => Ok(SignedIn {
                user: u.clone(),
                session,
            }),
            _ => Err(WebError::SignInNeeded),
        }
    }
}

/// The first value of a form field, or empty.
pub fn form_value(pairs: &[(String, String)], name: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

#[derive(askama::Template)]
#[template(path = "expired.html")]
struct ExpiredPage {
    chrome: crate::views::Chrome,
    texts: Vec<(String, String)>,
}

/// A form that could not be accepted (the session ended, or the form came
/// from elsewhere): nothing is saved, but whatever was typed is shown back
/// to the browser that sent it, so it can be copied and not lost.
fn expired_form(body: &[u8]) -> Response {
    const SKIP: &[&str] = &[
        "csrf_token",
        "password",
        "version",
        "action",
        "kind",
        "link",
        "confirm_new",
    ];
    let texts: Vec<(String, String)> = url_pairs(body)
        .into_iter()
        .filter(|(k, v)| {
            !SKIP.contains(&k.as_str())
                && v.trim().chars().count() > 2
                && v.parse::<uuid::Uuid>().is_err()
        })
        .collect();
    let page = ExpiredPage {
        chrome: crate::views::Chrome::bare("Your session has ended"),
        texts,
    };
    match askama::Template::render(&page) {
        Ok(html) => (
            axum::http::StatusCode::FORBIDDEN,
            axum::response::Html(html),
        )
            .into_response(),
        Err(_) => WebError::Csrf.into_response(),
    }
}
