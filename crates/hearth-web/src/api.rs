//! The JSON API under `/api/v1`: the same records as the pages, through the
//! same chokepoint, with bearer tokens (`hearth user token USERNAME`) and
//! errors as RFC 9457 problem details.

use crate::authz::Chokepoint;
use crate::error::WebError;
use crate::pages::chronology::RestrictedFilter;
use crate::pages::records::{build_record, Fields};
use crate::security::RequestId;
use crate::session::{Session, UserCtx};
use crate::views;
use crate::AppState;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use hearth_core::access::Action;
use hearth_core::chronology::build;
use hearth_core::event::{Event, EventBody};
use hearth_core::ids::*;
use hearth_core::model::*;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

/// A path parameter; a malformed one is a 404 problem.
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(v)| Path(v))
            .map_err(|_| ApiError(WebError::NotFound))
    }
}

/// An API error: a problem+json body with the same plain words as the pages.
pub struct ApiError(pub WebError);

impl From<WebError> for ApiError {
    fn from(e: WebError) -> Self {
        ApiError(e)
    }
}

impl From<hearth_store::StoreError> for ApiError {
    fn from(e: hearth_store::StoreError) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match self.0 {
            WebError::SignInNeeded => StatusCode::UNAUTHORIZED,
            ref e => e.status(),
        };
        if let WebError::Internal(detail) = &self.0 {
            tracing::error!(error = %detail, "api request failed");
        }
        let (title, detail) = match &self.0 {
            WebError::SignInNeeded => (
                "Unauthorised",
                "Send a valid API token as 'Authorization: Bearer TOKEN'.".to_string(),
            ),
            e => e.explain(),
        };
        let body = json!({
            "type": format!("https://hearth.invalid/problems/{}", status.as_u16()),
            "title": title,
            "status": status.as_u16(),
            "detail": detail,
        });
        let mut res = (status, Json(body)).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        res
    }
}

/// Extractor: the practitioner behind the bearer token.
pub struct ApiUser(pub Arc<UserCtx>);

impl<S: Send + Sync> FromRequestParts<S> for ApiUser {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Session>() {
            Some(Session {
                user: Some(u),
                via_api: true,
                ..
            }) => Ok(ApiUser(u.clone())),
            _ => Err(ApiError(WebError::SignInNeeded)),
        }
    }
}

type ApiResult = Result<Json<Value>, ApiError>;

fn rid(r: &Option<Extension<RequestId>>) -> Option<String> {
    r.as_ref().map(|e| e.0 .0.clone())
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/me", get(me))
        .route("/caseload", get(caseload))
        .route("/people", get(search))
        .route("/people/{id}", get(person))
        .route("/people/{id}/chronology", get(chronology))
        .route("/people/{id}/records", get(records).post(create_record))
        .route("/people/{id}/access-log", get(access_log))
        .route("/people/{id}/journey", get(journey).post(record_step))
        .route(
            "/families",
            axum::routing::post(crate::api_write::create_family),
        )
        .route("/families/{id}", get(family))
        .route("/families/{id}/genogram", get(genogram))
        .route("/families/{id}/ecomap", get(ecomap))
        .route(
            "/families/{id}/people",
            axum::routing::post(crate::api_write::add_person),
        )
        .route(
            "/families/{id}/relationships",
            axum::routing::post(crate::api_write::add_relationship),
        )
        .route(
            "/people/{id}/warnings",
            axum::routing::post(crate::api_write::add_warning),
        )
        .route(
            "/families/{id}/practice",
            get(crate::api_practice::list).post(crate::api_practice::write),
        )
        .route(
            "/families/{id}/practice/{pid}",
            get(crate::api_practice::one),
        )
        .route("/warnings", get(warnings))
        .route("/teams", get(teams))
        .route("/outcomes", get(crate::api_outcomes::outcomes))
        .fallback(|| async { ApiError(WebError::NotFound) })
}

/// Server and database are up.
pub async fn health(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => {
            Json(json!({"status": "ok", "database": state.store.backend().name()})).into_response()
        }
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "unavailable", "database": "unreachable"})),
        )
            .into_response(),
    }
}

async fn me(ApiUser(u): ApiUser) -> ApiResult {
    Ok(Json(json!({
        "id": u.id(),
        "username": u.practitioner.username,
        "display_name": u.practitioner.display_name,
        "discipline": u.practitioner.discipline,
    })))
}

fn person_summary(p: &Person) -> Value {
    json!({
        "id": p.id,
        "kind": p.kind,
        "name": p.details.full_name(),
        "date_of_birth": p.details.date_of_birth.map(views::iso_date),
        "families": p.families,
        "restricted": p.restricted,
    })
}

async fn caseload(
    State(state): State<AppState>,
    ApiUser(u): ApiUser,
    r: Option<Extension<RequestId>>,
) -> ApiResult {
    let gate = Chokepoint::new(&state, &u, rid(&r));
    let mine = state
        .store
        .people_where("lead", &u.id().to_string())
        .await?;
    let mut out = Vec::new();
    for p in gate.visible(mine, Action::ReadIdentity).await? {
        let mut v = person_summary(&p);
        v["last_visit"] = json!(state.store.last_visit(p.id).await?.map(views::iso_date));
        out.push(v);
    }
    Ok(Json(json!({ "children": out })))
}

#[derive(Deserialize)]
struct SearchQ {
    #[serde(default)]
    q: String,
}

async fn search(
    State(state): State<AppState>,
    ApiUser(u): ApiUser,
    r: Option<Extension<RequestId>>,
    Query(q): Query<SearchQ>,
) -> ApiResult {
    let found = crate::pages::search::find_people(&state.store, &q.q).await?;
    let visible = Chokepoint::new(&state, &u, rid(&r))
        .visible(found, Action::ReadIdentity)
        .await?;
    Ok(Json(
        json!({ "people": visible.iter().map(person_summary).collect::<Vec<_>>() }),
    ))
}

async fn person(
    State(state): State<AppState>,
    ApiUser(u): ApiUser,
    r: Option<Extension<RequestId>>,
    Path(id): Path<PersonId>,
) -> ApiResult {
    let p = Chokepoint::new(&state, &u, rid(&r))
        .person(id, Action::ReadRecord)
        .await?;
    let rels = state
        .store
        .relationships_where("person", &p.id.to_string())
        .await?;
    let mut relationships: Vec<Value> = Vec::new();
    for rel in &rels {
        let Some((other, label)) = rel.seen_from(p.id) else {
            continue;
        };
        // A restricted relative is not identified, not even by id, unless
        // the caller is named on their record.
        let hidden = match state.store.person(other).await? {
            Some(o) => o.restricted && !o.grants.contains(&u.id()),
            None => true,
        };
        relationships.push(json!({"id": rel.id, "other": if hidden { None } else { Some(other) },
            "other_restricted": hidden, "is_their": label, "kind": rel.kind, "quality": rel.quality,
            "parental_responsibility": rel.parental_responsibility, "start": rel.start, "end": rel.end}));
    }
    let warnings = crate::pages::family::warnings_for(&state, &p.families, &[p.id]).await?;
    Ok(Json(json!({
        "person": p,
        "lead_practitioner": p.lead_practitioner(),
        "relationships": relationships,
        "warnings": warnings,
    })))
}

async fn family(
    State(state): State<AppState>,
    ApiUser(u): ApiUser,
    r: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
) -> ApiResult {
    let mut f = Chokepoint::new(&state, &u, rid(&r))
        .family(id, Action::ReadRecord)
        .await?;
    // Restricted members the caller is not named on are left out entirely.
    let mut members = Vec::new();
    let mut hidden = Vec::new();
    for m in f.current_members() {
        if let Some(p) = state.store.person(m.person_id).await? {
            if !p.restricted || p.grants.contains(&u.id()) {
                members.push(person_summary(&p));
            } else {
                hidden.push(p.id);
            }
        }
    }
    f.members.retain(|m| !hidden.contains(&m.person_id));
    let mut households = state
        .store
        .households_where("family", &f.id.to_string())
        .await?;
    for h in households.iter_mut() {
        h.residents.retain(|r| !hidden.contains(&r.person_id));
    }
    let warnings = crate::pages::family::warnings_for(&state, &[f.id], &[]).await?;
    Ok(Json(
        json!({ "family": f, "members": members, "households": households, "warnings": warnings }),
    ))
}

/// A family's genogram or ecomap, drawn from the family as the caller may
/// see it (the same chokepoint and loading as the family page). JSON by
/// default, with the text alternative beside the SVG so a client can show
/// both; the bare SVG when the client asks for `image/svg+xml` only.
async fn family_picture(
    state: AppState,
    u: Arc<UserCtx>,
    r: Option<Extension<RequestId>>,
    id: FamilyId,
    headers: &axum::http::HeaderMap,
    kind: crate::pages::pictures::Kind,
    slug: &str,
) -> Result<Response, ApiError> {
    let gate = Chokepoint::new(&state, &u, rid(&r));
    let view = crate::pages::family::load_family(&state, &gate, u.id(), id).await?;
    let net = crate::pages::pictures::network_of(&state, &view).await?;
    let picture = kind.draw(&net, slug);
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if accept.contains("image/svg+xml") && !accept.contains("application/json") {
        return Ok((
            [(header::CONTENT_TYPE, "image/svg+xml; charset=utf-8")],
            picture.svg,
        )
            .into_response());
    }
    Ok(Json(json!({
        "family": view.family.id,
        "title": picture.title,
        "description": picture.description,
        "width": picture.width,
        "height": picture.height,
        "svg": picture.svg,
        "text_alternative": picture.text.sections,
    }))
    .into_response())
}

async fn genogram(
    State(state): State<AppState>,
    ApiUser(u): ApiUser,
    r: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
    headers: axum::http::HeaderMap,
) -> Result<Response, ApiError> {
    let kind = crate::pages::pictures::Kind::Genogram;
    family_picture(state, u, r, id, &headers, kind, "genogram").await
}

async fn ecomap(
    State(state): State<AppState>,
    ApiUser(u): ApiUser,
    r: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
    headers: axum::http::HeaderMap,
) -> Result<Response, ApiError> {
    let kind = crate::pages::pictures::Kind::Ecomap;
    family_picture(state, u, r, id, &headers, kind, "ecomap").await
}

#[derive(Deserialize)]
struct ChronQ {
    #[serde(default)]
    as_at: String,
    #[serde(default)]
    significant: String,
}

async fn chronology(
    State(state): State<AppState>,
    ApiUser(u): ApiUser,
    r: Option<Extension<RequestId>>,
    Path(id): Path<PersonId>,
    Query(q): Query<ChronQ>,
) -> ApiResult {
    let p = Chokepoint::new(&state, &u, rid(&r))
        .person(id, Action::ReadRecord)
        .await?;
    let filter = crate::pages::chronology::ChronologyQuery {
        as_at: q.as_at,
        significant: q.significant,
        ..Default::default()
    }
    .filter()
    .map_err(WebError::BadRequest)?;
    let events = RestrictedFilter::new(&state, u.id())
        .events(state.store.events_about(p.id.0).await?)
        .await?;
    Ok(Json(
        json!({ "person": p.id, "entries": build(p.id.0, &events, &filter) }),
    ))
}

async fn records(
    State(state): State<AppState>,
    ApiUser(u): ApiUser,
    r: Option<Extension<RequestId>>,
    Path(id): Path<PersonId>,
) -> ApiResult {
    let p = Chokepoint::new(&state, &u, rid(&r))
        .person(id, Action::ReadRecord)
        .await?;
    let recs = state
        .store
        .records_where("person", &p.id.to_string())
        .await?;
    let mut recs = RestrictedFilter::new(&state, u.id()).records(recs).await?;
    recs.sort_by_key(|r| std::cmp::Reverse(r.occurred_on));
    Ok(Json(json!({ "records": recs })))
}

/// A finalised visit or case note sent by an API client.
#[derive(Deserialize)]
struct NewRecord {
    kind: String,
    date: String,
    title: String,
    body: String,
    #[serde(default)]
    childs_words: String,
    #[serde(default)]
    about: Vec<PersonId>,
    #[serde(default)]
    seen: Vec<PersonId>,
    #[serde(default)]
    seen_alone: Vec<PersonId>,
    #[serde(default)]
    location: String,
    #[serde(default)]
    present: String,
    #[serde(default)]
    direct_work_minutes: u32,
    #[serde(default)]
    significant: bool,
}

async fn create_record(
    State(state): State<AppState>,
    ApiUser(u): ApiUser,
    r: Option<Extension<RequestId>>,
    Path(id): Path<PersonId>,
    body: Result<Json<NewRecord>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(n) = body.map_err(|e| {
        WebError::BadRequest(format!(
            "The request body is not a valid record: {}",
            e.body_text()
        ))
    })?;
    let p = Chokepoint::new(&state, &u, rid(&r))
        .person(id, Action::WriteRecord)
        .await?;
    let family_id = *p
        .families
        .first()
        .ok_or_else(|| WebError::BadRequest("This person is not in a family".into()))?;
    let family = state
        .store
        .family(family_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let kind = RecordKind::from_code(&n.kind)
        .ok_or_else(|| WebError::BadRequest("kind must be 'visit' or 'case_note'".into()))?;
    let date = views::parse_iso(&n.date)
        .ok_or_else(|| WebError::BadRequest("date must be YYYY-MM-DD".into()))?;
    // Only people the caller may see can be named in a record.
    let mut allowed: Vec<PersonId> = Vec::new();
    for m in family.current_members() {
        if let Some(person) = state.store.person(m.person_id).await? {
            if !person.restricted || person.grants.contains(&u.id()) {
                allowed.push(person.id);
            }
        }
    }
    let join = |v: &[PersonId]| {
        v.iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut f = Fields::new();
    f.insert("date-day".into(), date.day().to_string());
    f.insert("date-month".into(), (date.month() as u8).to_string());
    f.insert("date-year".into(), date.year().to_string());
    f.insert("title".into(), n.title);
    f.insert("body".into(), n.body);
    f.insert("childs_words".into(), n.childs_words);
    f.insert(
        "about".into(),
        if n.about.is_empty() {
            p.id.to_string()
        } else {
            join(&n.about)
        },
    );
    f.insert("seen".into(), join(&n.seen));
    f.insert("seen_alone".into(), join(&n.seen_alone));
    f.insert("location".into(), n.location);
    f.insert("present".into(), n.present);
    f.insert(
        "direct_work_minutes".into(),
        n.direct_work_minutes.to_string(),
    );
    f.insert(
        "significant".into(),
        if n.significant {
            "yes".into()
        } else {
            String::new()
        },
    );
    let record = build_record(kind, family_id, &allowed, &f, u.id()).map_err(|errs| {
        WebError::BadRequest(
            errs.iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    let out = record.clone();
    state
        .store
        .append(vec![Event::new(
            Some(u.id()),
            record.occurred_on,
            EventBody::CaseRecordFinalised { record },
        )])
        .await?;
    Ok((StatusCode::CREATED, Json(json!({ "record": out }))).into_response())
}

/// The warnings register: current warning notes about people matching `q`.
async fn warnings(
    State(state): State<AppState>,
    ApiUser(u): ApiUser,
    r: Option<Extension<RequestId>>,
    Query(q): Query<SearchQ>,
) -> ApiResult {
    let entries = crate::pages::search::register_entries(&state, &u, rid(&r), &q.q).await?;
    let out: Vec<Value> = entries
        .into_iter()
        .map(|e| {
            json!({
                "person": e.person.as_ref().map(|(name, dob)| json!({"name": name, "date_of_birth": dob.map(views::iso_date)})),
                "restricted": e.person.is_none(),
                "category": e.warning.category,
                "detail": e.warning.detail,
                "review_on": views::iso_date(e.warning.review_on),
            })
        })
        .collect();
    Ok(Json(json!({ "warnings": out })))
}

/// Teams and their units: the organisation, which any practitioner may see.
async fn teams(State(state): State<AppState>, ApiUser(_u): ApiUser) -> ApiResult {
    let units = state.store.units().await?;
    let teams: Vec<Value> = state
        .store
        .teams()
        .await?
        .into_iter()
        .map(|t| {
            let own: Vec<&Unit> = units.iter().filter(|u| u.team_id == t.id).collect();
            json!({"team": t, "units": own})
        })
        .collect();
    Ok(Json(json!({ "teams": teams })))
}

async fn access_log(
    State(state): State<AppState>,
    ApiUser(u): ApiUser,
    r: Option<Extension<RequestId>>,
    Path(id): Path<PersonId>,
) -> ApiResult {
    let p = Chokepoint::new(&state, &u, rid(&r))
        .person(id, Action::ReadAccessLog)
        .await?;
    let events = state.store.audit_for_subject(p.id.0, 500).await?;
    Ok(Json(json!({ "person": p.id, "events": events })))
}

/// A child's statutory journey: every step and the due dates they set.
async fn journey(
    State(state): State<AppState>,
    ApiUser(u): ApiUser,
    r: Option<Extension<RequestId>>,
    Path(id): Path<PersonId>,
) -> ApiResult {
    let p = Chokepoint::new(&state, &u, rid(&r))
        .person(id, Action::ReadRecord)
        .await?;
    let j = crate::pages::journey::journey_of(&state, p.id).await?;
    let due: Vec<Value> = hearth_core::journey::due_dates(&j)
        .into_iter()
        .map(|d| json!({"what": d.what, "due": d.due.to_string(), "done": d.done.map(|x| x.to_string()), "late": d.late(views::today())}))
        .collect();
    Ok(Json(
        json!({ "person": p.id, "steps": j.steps, "due": due }),
    ))
}

/// A step recorded (or amended, when `id` names one of the child's steps);
/// the answer says what the returns would reject for this child now.
async fn record_step(
    State(state): State<AppState>,
    ApiUser(u): ApiUser,
    r: Option<Extension<RequestId>>,
    Path(id): Path<PersonId>,
    body: Result<Json<Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(mut v) = body.map_err(|e| {
        WebError::BadRequest(format!("The request body is not JSON: {}", e.body_text()))
    })?;
    let p = Chokepoint::new(&state, &u, rid(&r))
        .person(id, Action::WriteRecord)
        .await?;
    let mut j = crate::pages::journey::journey_of(&state, p.id).await?;
    let step_id = match v.get("id").and_then(Value::as_str) {
        Some(s) => {
            let sid = s
                .parse::<uuid::Uuid>()
                .map(StepId)
                .map_err(|_| WebError::BadRequest("id is not a step id".into()))?;
            if !j.steps.iter().any(|st| st.id == sid) {
                return Err(WebError::NotFound.into());
            }
            sid
        }
        None => StepId::new(),
    };
    if let Some(o) = v.as_object_mut() {
        o.remove("id");
    }
    let detail: hearth_core::journey::StepDetail = serde_json::from_value(v).map_err(|e| {
        WebError::BadRequest(format!(
            "The step could not be read: {e}. Give \"step\" (one of the kinds in the journey) and its fields."
        ))
    })?;
    let step = hearth_core::journey::JourneyStep {
        id: step_id,
        detail,
    };
    let valid_from = step.detail.start().unwrap_or_else(views::today);
    state
        .store
        .append(vec![Event::new(
            Some(u.id()),
            valid_from,
            EventBody::JourneyStepRecorded {
                person_id: p.id,
                step: step.clone(),
            },
        )])
        .await?;
    j.record(step.clone());
    let checks: Vec<Value> = crate::pages::journey::return_checks(&p, &j, &step.detail)
        .into_iter()
        .map(|(item, message)| json!({"item": item, "message": message}))
        .collect();
    Ok((
        StatusCode::CREATED,
        Json(json!({ "step": step, "return_checks": checks })),
    )
        .into_response())
}

async fn openapi() -> Json<Value> {
    Json(openapi_document())
}

fn op(summary: &str, tag: &str, params: Value, ok: &str) -> Value {
    json!({
        "summary": summary,
        "tags": [tag],
        "parameters": params,
        "security": [{"bearer": []}],
        "responses": {
            "200": {"description": ok, "content": {"application/json": {"schema": {"type": "object"}}}},
            "401": {"$ref": "#/components/responses/Problem"},
            "403": {"$ref": "#/components/responses/Problem"},
            "404": {"$ref": "#/components/responses/Problem"}
        }
    })
}

/// An operation that creates something: JSON body in, 201 out.
fn write_op(summary: &str, tag: &str, params: Value, schema: Value) -> Value {
    let mut o = op(summary, tag, params, "Created");
    o["requestBody"] =
        json!({"required": true, "content": {"application/json": {"schema": schema}}});
    o["responses"]["201"] = json!({"description": "Created", "content": {"application/json": {"schema": {"type": "object"}}}});
    o["responses"]["400"] = json!({"$ref": "#/components/responses/Problem"});
    o["responses"]["409"] = json!({"$ref": "#/components/responses/Problem"});
    o
}

/// A picture of a family: JSON with the SVG and its text alternative, or
/// the bare SVG for `Accept: image/svg+xml`.
fn picture_op(summary: &str, id: Value) -> Value {
    let mut o = op(summary, "Families", id, "The picture");
    o["responses"]["200"] = json!({
        "description": "The picture. JSON (the default) carries the SVG with its title, description and a text alternative in sections of sentences; ask for `image/svg+xml` alone to get the bare SVG.",
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Picture"}},
            "image/svg+xml": {"schema": {"type": "string"}}
        }
    });
    o
}

/// The outcome measures: the same JSON report as `hearth outcomes --format
/// json`.
fn outcomes_op() -> Value {
    let mut o = op(
        "The seven outcomes' measures for the whole council, a team, a unit or a practitioner, over a collection year or the rolling 12 months",
        "Outcomes",
        json!([
            {"name": "year", "in": "query", "description": "The collection year by its end (2026 is 1 April 2025 to 31 March 2026); the default is the latest complete one", "schema": {"type": "integer"}},
            {"name": "as_at", "in": "query", "description": "The rolling 12 months to this date instead of a collection year", "schema": {"type": "string", "format": "date"}},
            {"name": "team", "in": "query", "schema": {"type": "string", "format": "uuid"}},
            {"name": "unit", "in": "query", "schema": {"type": "string", "format": "uuid"}},
            {"name": "worker", "in": "query", "description": "A practitioner (their own figures)", "schema": {"type": "string", "format": "uuid"}}
        ]),
        "The report",
    );
    o["responses"]["200"] = json!({"description": "The report: the periods, the scope and every measure in the catalogue's order", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OutcomesReport"}}}});
    o["responses"]["400"] = json!({"$ref": "#/components/responses/Problem"});
    o
}

/// The OpenAPI 3.1 description of the API.
pub fn openapi_document() -> Value {
    let id = json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}]);
    let mut create = op(
        "Record a finalised visit or case note about a person",
        "Recording",
        id.clone(),
        "Created",
    );
    create["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewRecord"}}}});
    create["responses"]["201"] = json!({"description": "The record was saved", "content": {"application/json": {"schema": {"type": "object"}}}});
    create["responses"]["400"] = json!({"$ref": "#/components/responses/Problem"});
    let mut records = json!({"get": op("Visits and case notes about a person", "Recording", id.clone(), "Records, latest first")});
    records["post"] = create;
    let mut doc = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Hearth API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The whole-family record of Hearth. Every call is authorised by the same chokepoint as the pages and audited. Get a token with `hearth user token USERNAME`."
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/me": {"get": op("The practitioner the token belongs to", "Account", json!([]), "The practitioner")},
            "/caseload": {"get": op("Children for whom I am the lead practitioner", "Work", json!([]), "The caseload")},
            "/people": {"get": op("Find people by name, date of birth or identifier", "People",
                json!([{"name": "q", "in": "query", "required": true, "schema": {"type": "string"}}]), "Matching people the caller may see")},
            "/people/{id}": {"get": op("A person's record", "People", id.clone(), "The person, relationships and warnings")},
            "/people/{id}/chronology": {"get": op("A person's chronology, optionally as at a past date", "People",
                json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}},
                       {"name": "as_at", "in": "query", "schema": {"type": "string", "format": "date"}},
                       {"name": "significant", "in": "query", "schema": {"type": "string", "enum": ["yes"]}}]), "Chronology entries, latest first")},
            "/people/{id}/records": records,
            "/people/{id}/access-log": {"get": op("Who has viewed or changed a person's record", "Audit", id.clone(), "Audit events, latest first")},
            "/people/{id}/journey": {
                "get": op("A child's statutory journey: its steps and the due dates they set", "Journey", id.clone(), "Steps and due dates"),
                "post": write_op("Record a step of the journey (or amend one, giving its id); the answer lists what the returns would reject", "Journey", id.clone(),
                    json!({"type": "object", "required": ["step"], "properties": {"step": {"type": "string", "description": "contact, early_help, cin_episode, assessment, cin_plan, section47, cp_plan, pre_proceedings, disability, care_episode, care_review, missing, uasc, care_outcomes, care_leaver, motherhood, adoption, placed_for_adoption, previous_permanence, social_worker_episode or deprivation_of_liberty"}, "id": {"type": "string", "format": "uuid"}}}))
            },
            "/families/{id}": {"get": op("A family network: members, households, warnings", "Families", id.clone(), "The family")},
            "/families/{id}/practice": {
                "get": op("The family's practice records (mapping, scaling, specialists, sharing and the other tools), newest first", "Practice",
                    json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}},
                           {"name": "tool", "in": "query", "schema": {"type": "string"}}]), "Practice records"),
                "post": write_op("Record a practice tool's record, or amend one (give id and the version read; an older version is refused)", "Practice", id.clone(),
                    json!({"type": "object", "required": ["tool"], "properties": {
                        "tool": {"type": "object", "required": ["tool"], "description": "The tool's content, tagged by \"tool\": mapping, scaling, safety_plan, childs_views, hypothesis, task, specialist, sharing, case_discussion, visit_plan, supporting_social_worker, conference or feedback"},
                        "id": {"type": "string", "format": "uuid"}, "version": {"type": "integer"},
                        "on": {"type": "string", "format": "date"},
                        "about": {"type": "array", "items": {"type": "string", "format": "uuid"}}}}))
            },
            "/families/{id}/practice/{pid}": {"get": op("One practice record", "Practice",
                json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}},
                       {"name": "pid", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}]), "The record")},
            "/families/{id}/genogram": {"get": picture_op("The family's genogram, drawn from its recorded relationships and households, with a text alternative", id.clone())},
            "/families/{id}/ecomap": {"get": picture_op("The family's ecomap: the children's household at the centre and the quality of each connection around it, with a text alternative", id.clone())},
            "/warnings": {"get": op("The warnings register: current warning notes (risk to staff) about people matching a search", "Warnings",
                json!([{"name": "q", "in": "query", "required": true, "schema": {"type": "string"}}]), "Current warning notes")},
            "/teams": {"get": op("Teams and their units", "Organisation", json!([]), "Teams with units")},
            "/outcomes": {"get": outcomes_op()},
            "/families": {"post": write_op("Open a family record for one of your teams", "Families", json!([]),
                json!({"type": "object", "required": ["name", "team"], "properties": {"name": {"type": "string"}, "team": {"type": "string", "format": "uuid"}}}))},
            "/families/{id}/people": {"post": write_op("Add a new person to a family (409 with possible duplicates unless confirm_new)", "Families", id.clone(),
                json!({"type": "object", "required": ["kind", "details"], "properties": {"kind": {"type": "string", "enum": ["child", "adult"]},
                       "details": {"type": "object", "required": ["given_names", "family_name"]}, "confirm_new": {"type": "boolean"}}}))},
            "/families/{id}/relationships": {"post": write_op("Record a relationship between two members of a family", "Families", id.clone(),
                json!({"type": "object", "required": ["from", "to", "kind"], "properties": {"from": {"type": "string", "format": "uuid"}, "to": {"type": "string", "format": "uuid"},
                       "kind": {"type": "string"}, "parental_responsibility": {"type": "boolean"}, "quality": {"type": "string"}, "start": {"type": "string", "format": "date"}}}))},
            "/people/{id}/warnings": {"post": write_op("Add a warning note (risk to staff) about a person", "Warnings", id.clone(),
                json!({"type": "object", "required": ["category", "detail", "review_on"], "properties": {"category": {"type": "string"}, "detail": {"type": "string"}, "review_on": {"type": "string", "format": "date"}}}))}
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "responses": {"Problem": {"description": "A problem (RFC 9457)", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}},
            "schemas": {
                "Picture": {"type": "object", "required": ["family", "title", "description", "svg", "text_alternative"], "properties": {
                    "family": {"type": "string", "format": "uuid"},
                    "title": {"type": "string"}, "description": {"type": "string"},
                    "width": {"type": "number"}, "height": {"type": "number"},
                    "svg": {"type": "string", "description": "The picture as SVG (title and description inside, presentation attributes only)"},
                    "text_alternative": {"type": "array", "items": {"type": "object", "required": ["heading", "items"], "properties": {
                        "heading": {"type": "string"}, "items": {"type": "array", "items": {"type": "string"}}}}}}},
                "Problem": {"type": "object", "required": ["title", "status"], "properties": {
                    "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"}}},
                "NewRecord": {"type": "object", "required": ["kind", "date", "title", "body"], "properties": {
                    "kind": {"type": "string", "enum": ["visit", "case_note"]},
                    "date": {"type": "string", "format": "date"},
                    "title": {"type": "string"}, "body": {"type": "string"}, "childs_words": {"type": "string"},
                    "about": {"type": "array", "items": {"type": "string", "format": "uuid"}},
                    "seen": {"type": "array", "items": {"type": "string", "format": "uuid"}},
                    "seen_alone": {"type": "array", "items": {"type": "string", "format": "uuid"}},
                    "location": {"type": "string"}, "present": {"type": "string"},
                    "direct_work_minutes": {"type": "integer", "minimum": 0}, "significant": {"type": "boolean"}}}
            }
        }
    });
    let (period, report) = outcomes_schemas();
    doc["components"]["schemas"]["Period"] = period;
    doc["components"]["schemas"]["OutcomesReport"] = report;
    doc
}

/// The schemas of the outcomes report (apart: one `json!` for the whole
/// document would pass the macro's recursion limit).
fn outcomes_schemas() -> (Value, Value) {
    let period = json!({"type": "object", "required": ["start", "end"], "properties": {
        "start": {"type": "string", "format": "date"}, "end": {"type": "string", "format": "date"}}});
    let report = json!({"type": "object", "required": ["period", "workforce_period", "scope", "measures"], "properties": {
                    "period": {"$ref": "#/components/schemas/Period"},
                    "workforce_period": {"$ref": "#/components/schemas/Period"},
                    "scope": {"type": "object", "required": ["kind", "name"], "properties": {
                        "kind": {"type": "string", "enum": ["council", "team", "unit", "worker"]},
                        "id": {"type": ["string", "null"], "format": "uuid"}, "name": {"type": "string"}}},
                    "measures": {"type": "array", "items": {"type": "object",
                        "required": ["id", "outcome", "title", "definition", "numerator", "denominator", "value", "scale", "polarity", "dfe", "period", "england"],
                        "properties": {
                            "id": {"type": "string", "description": "The measure's stable id"},
                            "outcome": {"type": "string", "enum": ["stability", "reduced_risk", "wellbeing", "days_in_care", "staff_wellbeing", "workforce", "value_for_money"]},
                            "title": {"type": "string"}, "definition": {"type": "string"},
                            "numerator": {"type": "number"}, "denominator": {"type": "number"},
                            "value": {"type": ["number", "null"], "description": "Null where there is nothing to divide by or the measure is not computed for this scope"},
                            "scale": {"type": "string", "enum": ["percent", "per_ten_thousand", "mean", "pounds", "count"]},
                            "polarity": {"type": "string", "enum": ["higher_is_better", "lower_is_better", "neutral"]},
                            "dfe": {"type": "boolean"},
                            "period": {"$ref": "#/components/schemas/Period"},
                            "england": {"type": ["object", "null"], "properties": {"value": {"type": "number"}, "year": {"type": "integer"}, "source": {"type": "string"}}},
                            "note": {"type": "string"}}}}}});
    (period, report)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    /// The OpenAPI document is a published contract: a change to it must be
    /// seen and committed. Set HEARTH_UPDATE_SNAPSHOTS=1 to accept a change.
    #[test]
    fn openapi_document_matches_its_snapshot() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots/openapi.json");
        let mut doc = openapi_document();
        doc["info"]["version"] = json!("(version)");
        let now = serde_json::to_string_pretty(&doc).unwrap() + "\n";
        if std::env::var_os("HEARTH_UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(path, &now).unwrap();
        }
        let stored = std::fs::read_to_string(path)
            .expect("snapshot missing: run with HEARTH_UPDATE_SNAPSHOTS=1");
        assert_eq!(
            now, stored,
            "the OpenAPI document changed: review, then accept with HEARTH_UPDATE_SNAPSHOTS=1"
        );
    }

    #[test]
    fn every_operation_is_secured_and_answers_with_problems() {
        let doc = openapi_document();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                assert_eq!(op["security"][0]["bearer"], json!([]), "{method} {path}");
                assert!(op["responses"]["401"].is_object(), "{method} {path}");
            }
        }
    }
}
