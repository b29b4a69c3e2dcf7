//! The practice tools in the API: a family's practice records (mappings,
//! scaling, specialists, sharing decisions and every other tool) read and
//! written as the journal keeps them. Each call opens the family through the
//! same chokepoint as the pages, so it is authorised and audited the same
//! way, and records about a restricted person stay hidden from those not
//! named on it.

use crate::api::{ApiError, ApiUser};
use crate::error::WebError;
use crate::pages::practice::FamilyWork;
use crate::security::RequestId;
use crate::views;
use crate::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use hearth_core::access::Action;
use hearth_core::event::{Event, EventBody};
use hearth_core::ids::{FamilyId, PersonId, PracticeId};
use hearth_core::practice::{PracticeRecord, Tool};
use hearth_store::StoreError;
use serde::Deserialize;
use serde_json::json;
use time::Date;

fn rid(r: &Option<Extension<RequestId>>) -> Option<String> {
    r.as_ref().map(|e| e.0 .0.clone())
}

#[derive(Deserialize)]
pub struct ToolQ {
    /// Only records of this tool (`mapping`, `scaling`, ...).
    #[serde(default)]
    tool: Option<String>,
}

/// The family's current practice records, newest first.
pub async fn list(
    State(state): State<AppState>,
    ApiUser(u): ApiUser,
    r: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
    Query(q): Query<ToolQ>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let work = FamilyWork::open_as(&state, &u, rid(&r), id, Action::ReadRecord).await?;
    let mut records = work.all_records(&state).await?;
    if let Some(t) = &q.tool {
        records.retain(|x| x.tool.kind() == t);
    }
    records.sort_by_key(|x| std::cmp::Reverse(x.on));
    Ok(Json(json!({ "records": records })))
}

pub async fn one(
    State(state): State<AppState>,
    ApiUser(u): ApiUser,
    r: Option<Extension<RequestId>>,
    Path((id, pid)): Path<(FamilyId, PracticeId)>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let work = FamilyWork::open_as(&state, &u, rid(&r), id, Action::ReadRecord).await?;
    match state.store.practice(pid).await? {
        Some(rec) if work.may_see(&rec) && rec.is_current() => Ok(Json(json!({ "record": rec }))),
        _ => Err(WebError::NotFound.into()),
    }
}

/// A new record, or an amendment of one (give `id` and the `version` it was
/// read at: an amendment on an older version is refused, not applied).
#[derive(Deserialize)]
pub struct Write {
    id: Option<PracticeId>,
    version: Option<u32>,
    on: Option<Date>,
    #[serde(default)]
    about: Vec<PersonId>,
    tool: Tool,
}

pub async fn write(
    State(state): State<AppState>,
    ApiUser(u): ApiUser,
    r: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
    body: Result<Json<Write>, JsonRejection>,
) -> Result<Response, ApiError> {
    let w = body.map(|Json(w)| w).map_err(|e| {
        ApiError(WebError::BadRequest(format!(
            "The record could not be read: {}. Give \"tool\" with \"tool\": the kind (mapping, scaling, ...) and its fields.",
            e.body_text()
        )))
    })?;
    let work = FamilyWork::open_as(&state, &u, rid(&r), id, Action::WriteRecord).await?;
    if let Some(p) = w.about.iter().find(|p| work.person(**p).is_none()) {
        return Err(WebError::BadRequest(format!("{p} is not a member of this family")).into());
    }
    let (record, status) = match w.id {
        Some(pid) => {
            let old = match state.store.practice(pid).await? {
                Some(rec) if work.may_see(&rec) && rec.is_current() => rec,
                _ => return Err(WebError::NotFound.into()),
            };
            let mut next = old.amended(w.tool);
            next.version = w.version.unwrap_or(old.version) + 1;
            next.on = w.on.unwrap_or(old.on);
            next.about = w.about;
            (next, StatusCode::OK)
        }
        None => {
            let mut rec = PracticeRecord::new(
                work.scope(),
                Some(u.id()),
                w.on.unwrap_or_else(views::today),
                w.tool,
            );
            rec.about = w.about;
            (rec, StatusCode::CREATED)
        }
    };
    match state
        .store
        .append(vec![Event::new(
            Some(u.id()),
            record.on,
            EventBody::PracticeRecorded {
                record: record.clone(),
            },
        )])
        .await
    {
        Ok(_) => Ok((status, Json(json!({ "record": record }))).into_response()),
        Err(StoreError::Rejected(e)) => Err(WebError::BadRequest(e.to_string()).into()),
        Err(e) => Err(ApiError::from(e)),
    }
}
