//! Sign in and out. Unknown usernames take as long as known ones (a real
//! argon2id check against a dummy hash), failures are counted per username
//! and per address, and a new session is issued at sign-in.

use super::render;
use crate::error::WebError;
use crate::password;
use crate::session::{clear_cookie, random_token, session_cookie, token_hash, Session};
use crate::views::{Chrome, FieldError, FormPage};
use crate::AppState;
use askama::Template;
use axum::extract::{ConnectInfo, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use hearth_core::audit::{AuditEvent, Audited, Outcome};
use serde::Deserialize;
use std::net::SocketAddr;

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    chrome: Chrome,
    errors: Vec<FieldError>,
    username: String,
}

/// Shows the sign-in form, starting an anonymous session to hold its CSRF
/// token if there is none.
pub async fn sign_in_page(
    State(state): State<AppState>,
    session: Result<Session, WebError>,
) -> Result<Response, WebError> {
    let session = session.ok();
    if let Some(s) = &session {
        if s.user.is_some() && !s.via_api {
            return Ok(Redirect::to("/").into_response());
        }
    }
    let (csrf, cookie) = match session.filter(|s| s.token_hash.is_some()) {
        Some(s) => (s.csrf_token, None),
        None => {
            let token = random_token();
            let csrf = random_token();
            state
                .store
                .create_session(&token_hash(&token), None, &csrf)
                .await?;
            (csrf, Some(session_cookie(&state, &token)))
        }
    };
    let mut chrome = Chrome::bare("Sign in");
    chrome.csrf_token = csrf;
    let page = render(SignInPage {
        chrome,
        errors: vec![],
        username: String::new(),
    })?;
    let mut res = page.into_response();
    if let Some(c) = cookie {
        res.headers_mut().insert(header::SET_COOKIE, c);
    }
    Ok(res)
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    session: Session,
    Form(form): Form<SignInForm>,
) -> Result<Response, WebError> {
    let username = form.username.trim().to_lowercase();
    let mut errors = Vec::new();
    if username.is_empty() {
        errors.push(FieldError::new("username", "Enter your username"));
    }
    if form.password.is_empty() {
        errors.push(FieldError::new("password", "Enter your password"));
    }
    let again = |errors: Vec<FieldError>, username: String| -> Result<Response, WebError> {
        let mut chrome = Chrome::bare("Sign in");
        chrome.csrf_token = session.csrf_token.clone();
        let mut res = render(SignInPage {
            chrome,
            errors,
            username,
        })?
        .into_response();
        *res.status_mut() = axum::http::StatusCode::BAD_REQUEST;
        Ok(res)
    };
    if !errors.is_empty() {
        return again(errors, form.username);
    }
    let window = state.config.sign_in_window_secs;
    let user_key = format!("user:{username}");
    let addr_key = format!("addr:{}", addr.ip());
    if state.store.failed_sign_ins(&user_key, window).await? >= state.config.sign_in_attempts
        || state.store.failed_sign_ins(&addr_key, window).await?
            >= state.config.sign_in_attempts * 10
    {
        state
            .store
            .audit(&AuditEvent::new(
                None,
                Audited::SignInRefused,
                None,
                Outcome::Refused,
            ))
            .await?;
        return Err(WebError::TooManyAttempts);
    }
    let credential = state.store.credential_by_username(&username).await?;
    let (hash, known) = match &credential {
        Some(c) => (c.password_hash.clone(), true),
        None => (state.dummy_hash.as_ref().clone(), false),
    };
    let ok = password::verify(&form.password, &hash).await? && known;
    // A practitioner disabled in the record cannot sign in either.
    let active = match &credential {
        Some(c) => state
            .store
            .practitioner(c.user_id)
            .await?
            .is_some_and(|p| p.active),
        None => false,
    };
    let credential = credential.filter(|c| ok && active && !c.disabled);
    let Some(credential) = credential else {
        state.store.record_failed_sign_in(&user_key, window).await?;
        state.store.record_failed_sign_in(&addr_key, window).await?;
        state
            .store
            .audit(&AuditEvent::new(
                None,
                Audited::SignInRefused,
                None,
                Outcome::Refused,
            ))
            .await?;
        return again(
            vec![FieldError::new(
                "username",
                "Enter a correct username and password",
            )],
            form.username,
        );
    };
    state.store.clear_failed_sign_ins(&user_key).await?;
    // A new session at sign-in: a token fixed before sign-in is worthless.
    if let Some(old) = &session.token_hash {
        state.store.delete_session(old).await?;
    }
    let token = random_token();
    state
        .store
        .create_session(
            &token_hash(&token),
            Some(credential.user_id),
            &random_token(),
        )
        .await?;
    state
        .store
        .audit(&AuditEvent::new(
            Some(credential.user_id),
            Audited::SignedIn,
            None,
            Outcome::Allowed,
        ))
        .await?;
    let mut res = Redirect::to("/").into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&state, &token));
    Ok(res)
}

pub async fn sign_out(
    State(state): State<AppState>,
    session: Session,
) -> Result<Response, WebError> {
    if let Some(h) = &session.token_hash {
        state.store.delete_session(h).await?;
    }
    if let Some(u) = &session.user {
        state
            .store
            .audit(&AuditEvent::new(
                Some(u.id()),
                Audited::SignedOut,
                None,
                Outcome::Allowed,
            ))
            .await?;
    }
    let mut res = Redirect::to("/sign-in").into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, clear_cookie(&state));
    Ok(res)
}

crate::form_page!(SignInPage);
