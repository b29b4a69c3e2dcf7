//! The outcome measures in the API: `GET /api/v1/outcomes` answers the same
//! JSON report as `hearth outcomes --format json`, for the whole council or
//! one team, unit or practitioner, decided and audited by the same
//! chokepoint as the pages.

use crate::api::{ApiError, ApiUser};
use crate::authz::Chokepoint;
use crate::error::WebError;
use crate::pages::outcomes::{load, one_report, When};
use crate::security::RequestId;
use crate::views;
use crate::AppState;
use axum::extract::{Query, State};
use axum::{Extension, Json};
use hearth_core::access::FigureScope;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct OutcomesApiQuery {
    #[serde(default)]
    year: Option<String>,
    #[serde(default)]
    as_at: Option<String>,
    #[serde(default)]
    team: Option<String>,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    worker: Option<String>,
}

fn id<T: std::str::FromStr>(name: &str, v: &str) -> Result<T, ApiError> {
    v.trim().parse().map_err(|_| {
        ApiError(WebError::BadRequest(format!(
            "{name} {v}: give the {name}'s id"
        )))
    })
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The scope the query names: at most one of team, unit and worker.
fn scope(q: &OutcomesApiQuery) -> Result<FigureScope, ApiError> {
    match (given(&q.team), given(&q.unit), given(&q.worker)) {
        (None, None, None) => Ok(FigureScope::Council),
        (Some(t), None, None) => Ok(FigureScope::Team(id("team", t)?)),
        (None, Some(u), None) => Ok(FigureScope::Unit(id("unit", u)?)),
        (None, None, Some(w)) => Ok(FigureScope::Worker(id("worker", w)?)),
        _ => Err(ApiError(WebError::BadRequest(
            "Give at most one of team, unit and worker.".into(),
        ))),
    }
}

/// Every measure for one scope and period: the statutory year (`year`,
/// default the latest complete collection year) or the rolling 12 months
/// to `as_at`.
pub async fn outcomes(
    State(state): State<AppState>,
    ApiUser(u): ApiUser,
    r: Option<Extension<RequestId>>,
    Query(q): Query<OutcomesApiQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let scope = scope(&q)?;
    let when = When::parse(q.year.as_deref(), q.as_at.as_deref(), views::today())?;
    let gate = Chokepoint::new(&state, &u, crate::pages::request_id(&r));
    gate.outcomes(scope).await?;
    let snapshot = load(&state, when.today).await?;
    let report = one_report(snapshot, scope, when.main()).await?;
    let json =
        serde_json::to_value(&report).map_err(|e| ApiError(WebError::Internal(e.to_string())))?;
    Ok(Json(json))
}
