//! The web layer's one error type. Each variant maps to an HTTP status and a
//! page a person can act on; nothing internal (or personal) is shown.

use crate::views::Chrome;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use hearth_core::access::Refusal;
use hearth_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("page not found")]
    NotFound,
    #[error("sign in needed")]
    SignInNeeded,
    #[error("refused: {0:?}")]
    Refused(Refusal, Option<String>),
    #[error("the form has expired")]
    Csrf,
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("too many attempts")]
    TooManyAttempts,
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => WebError::NotFound,
            StoreError::Rejected(r) => WebError::BadRequest(r.to_string()),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError::Internal(format!("template: {e}"))
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    heading: String,
    message: String,
    break_glass_url: Option<String>,
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::SignInNeeded => StatusCode::UNAUTHORIZED,
            WebError::Refused(..) => StatusCode::FORBIDDEN,
            WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A title and plain-words message for the person who met the error.
    pub fn explain(&self) -> (&'static str, String) {
        match self {
            WebError::NotFound => (
                "Page not found",
                "If you typed the web address, check it is correct.".into(),
            ),
            WebError::SignInNeeded => ("Sign in", "Sign in to use Hearth.".into()),
            WebError::Refused(hearth_core::access::Refusal::NotPermittedForRole, _) => (
                "You do not have permission to do this",
                "Your role does not allow this. If you think it should, ask your manager or administrator.".into(),
            ),
            WebError::Refused(r, _) => ("You cannot open this record", r.explain().into()),
            WebError::Csrf => (
                "The form has expired",
                "For your security the form could not be sent. Go back, reload the page and try again.".into(),
            ),
            WebError::BadRequest(m) => ("There is a problem", m.clone()),
            WebError::TooManyAttempts => (
                "Too many attempts",
                "There have been too many attempts. Wait 15 minutes and try again.".into(),
            ),
            WebError::Internal(_) => (
                "Sorry, there is a problem with Hearth",
                "Try again later. Nothing you had saved has been lost.".into(),
            ),
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if matches!(self, WebError::SignInNeeded) {
            return Redirect::to("/sign-in").into_response();
        }
        if let WebError::Internal(detail) = &self {
            tracing::error!(error = %detail, "request failed");
        }
        let status = self.status();
        let (heading, message) = self.explain();
        let break_glass_url = match &self {
            WebError::Refused(r, Some(url)) if r.break_glass_possible() => Some(url.clone()),
            _ => None,
        };
        let page = ErrorPage {
            chrome: Chrome::bare(heading),
            heading: heading.into(),
            message,
            break_glass_url,
        };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (status, heading).into_response(),
        }
    }
}
