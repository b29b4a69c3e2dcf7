//! Changes to the record through the API, beyond recording visits and notes:
//! opening a family, adding a person (with the same duplicate check as the
//! page), recording a relationship and adding a warning note. Each goes
//! through the chokepoint and the domain's own checks.

use crate::api::{ApiError, ApiUser, Path};
use crate::authz::Chokepoint;
use crate::error::WebError;
use crate::security::RequestId;
use crate::views;
use crate::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use hearth_core::access::Action;
use hearth_core::event::{Event, EventBody};
use hearth_core::ids::*;
use hearth_core::model::*;
use serde::Deserialize;
use serde_json::json;

fn rid(r: &Option<Extension<RequestId>>) -> Option<String> {
    r.as_ref().map(|e| e.0 .0.clone())
}

fn body<T>(b: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    b.map(|Json(v)| v).map_err(|e| {
        ApiError(WebError::BadRequest(format!(
            "The request body is not valid: {}",
            e.body_text()
        )))
    })
}

fn created(v: serde_json::Value) -> Response {
    (StatusCode::CREATED, Json(v)).into_response()
}

#[derive(Deserialize)]
pub struct NewFamily {
    name: String,
    team: TeamId,
}

/// Opens a family record for one of the caller's own teams (or, for a
/// manager, a team in their service).
pub async fn create_family(
    State(state): State<AppState>,
    ApiUser(u): ApiUser,
    r: Option<Extension<RequestId>>,
    b: Result<Json<NewFamily>, JsonRejection>,
) -> Result<Response, ApiError> {
    let n = body(b)?;
    if !u.practitioner.discipline.records_cases() {
        return Err(ApiError(WebError::Refused(
            hearth_core::access::Refusal::NotPermittedForRole,
            None,
        )));
    }
    let name = n.name.trim().to_string();
    if name.is_empty() {
        return Err(ApiError(WebError::BadRequest(
            "name: enter a name for the family".into(),
        )));
    }
    let team = state.store.team(n.team).await?.filter(|t| t.end.is_none());
    let allowed = team.as_ref().is_some_and(|t| {
        u.actor.teams.contains(&t.id)
            || (u.practitioner.discipline == Discipline::Manager
                && u.actor.services.contains(&t.service))
    });
    if !allowed {
        return Err(ApiError(WebError::BadRequest(
            "team: choose a current team you belong to".into(),
        )));
    }
    let family_id = FamilyId::new();
    let today = views::today();
    let unit_id = u
        .practitioner
        .current_memberships()
        .find(|m| m.team_id == n.team)
        .and_then(|m| m.unit_id);
    state
        .store
        .append(vec![
            Event::new(
                Some(u.id()),
                today,
                EventBody::FamilyCreated { family_id, name },
            ),
            Event::new(
                Some(u.id()),
                today,
                EventBody::FamilyAllocatedToTeam {
                    family_id,
                    team_id: n.team,
                    unit_id,
                },
            ),
        ])
        .await?;
    Chokepoint::new(&state, &u, rid(&r))
        .record_creation(family_id.0)
        .await?;
    Ok(created(json!({ "family": family_id })))
}

#[derive(Deserialize)]
pub struct NewPerson {
    kind: PersonKind,
    details: PersonDetails,
    /// Create even though possible duplicates were reported.
    #[serde(default)]
    confirm_new: bool,
}

/// Adds a new person to a family. Possible duplicates the caller may see
/// come back as 409 with the matches, unless `confirm_new` is set.
pub async fn add_person(
    State(state): State<AppState>,
    ApiUser(u): ApiUser,
    r: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
    b: Result<Json<NewPerson>, JsonRejection>,
) -> Result<Response, ApiError> {
    let gate = Chokepoint::new(&state, &u, rid(&r));
    let family = gate.family(id, Action::WriteRecord).await?;
    let n = body(b)?;
    if n.details.given_names.trim().is_empty() || n.details.family_name.trim().is_empty() {
        return Err(ApiError(WebError::BadRequest(
            "details: enter given names and family name".into(),
        )));
    }
    if !n.confirm_new {
        let found = crate::pages::family::possible_duplicates(&state, &n.details).await?;
        let total = found.len();
        let visible = gate
            .visible(
                found.into_iter().map(|(p, _)| p).collect(),
                Action::ReadIdentity,
            )
            .await?;
        if total > 0 {
            let matches: Vec<_> = visible
                .iter()
                .map(|p| json!({"id": p.id, "name": p.details.full_name(), "date_of_birth": p.details.date_of_birth.map(views::iso_date)}))
                .collect();
            return Ok((
                StatusCode::CONFLICT,
                Json(json!({
                    "title": "This person may already be known",
                    "status": 409,
                    "detail": "Possible matches were found. Link one of them, or send again with confirm_new: true.",
                    "matches": matches,
                    "restricted_match": visible.len() < total,
                })),
            )
                .into_response());
        }
    }
    let person_id = PersonId::new();
    let role = if n.kind == PersonKind::Child {
        MemberRole::Child
    } else {
        MemberRole::Adult
    };
    let today = views::today();
    state
        .store
        .append(vec![
            Event::new(
                Some(u.id()),
                today,
                EventBody::PersonRegistered {
                    person_id,
                    kind: n.kind,
                    details: n.details,
                },
            ),
            Event::new(
                Some(u.id()),
                today,
                EventBody::FamilyMemberAdded {
                    family_id: family.id,
                    person_id,
                    role,
                },
            ),
        ])
        .await?;
    Ok(created(json!({ "person": person_id })))
}

#[derive(Deserialize)]
pub struct NewRelationship {
    from: PersonId,
    to: PersonId,
    kind: RelationshipKind,
    #[serde(default)]
    parental_responsibility: bool,
    quality: Option<RelationshipQuality>,
    start: Option<time::Date>,
}

/// Records a relationship between two members of a family the caller works with.
pub async fn add_relationship(
    State(state): State<AppState>,
    ApiUser(u): ApiUser,
    r: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
    b: Result<Json<NewRelationship>, JsonRejection>,
) -> Result<Response, ApiError> {
    let gate = Chokepoint::new(&state, &u, rid(&r));
    let family = gate.family(id, Action::WriteRecord).await?;
    let n = body(b)?;
    for p in [n.from, n.to] {
        if !family.current_members().any(|m| m.person_id == p) {
            return Err(ApiError(WebError::BadRequest(
                "from and to must both be members of the family".into(),
            )));
        }
        gate.person(p, Action::WriteRecord).await?;
    }
    let relationship = Relationship {
        id: RelationshipId::new(),
        from: n.from,
        to: n.to,
        kind: n.kind,
        parental_responsibility: n.parental_responsibility,
        quality: n.quality,
        start: n.start,
        end: None,
    };
    let rid_out = relationship.id;
    state
        .store
        .append(vec![Event::new(
            Some(u.id()),
            views::today(),
            EventBody::RelationshipRecorded { relationship },
        )])
        .await?;
    Ok(created(json!({ "relationship": rid_out })))
}

#[derive(Deserialize)]
pub struct NewWarning {
    category: String,
    detail: String,
    review_on: time::Date,
}

/// Adds a warning note (risk to staff) about a person.
pub async fn add_warning(
    State(state): State<AppState>,
    ApiUser(u): ApiUser,
    r: Option<Extension<RequestId>>,
    Path(id): Path<PersonId>,
    b: Result<Json<NewWarning>, JsonRejection>,
) -> Result<Response, ApiError> {
    let p = Chokepoint::new(&state, &u, rid(&r))
        .person(id, Action::WriteRecord)
        .await?;
    let n = body(b)?;
    let today = views::today();
    if n.category.trim().is_empty() || n.detail.trim().is_empty() {
        return Err(ApiError(WebError::BadRequest(
            "category and detail: say what the risk is and what staff should do".into(),
        )));
    }
    if n.review_on <= today {
        return Err(ApiError(WebError::BadRequest(
            "review_on: the review date must be in the future".into(),
        )));
    }
    let warning = WarningNote {
        id: WarningId::new(),
        person_id: Some(p.id),
        family_id: None,
        category: n.category.trim().into(),
        detail: n.detail.trim().into(),
        review_on: n.review_on,
        added_by: u.id(),
        added_on: today,
        ended_on: None,
    };
    let wid = warning.id;
    state
        .store
        .append(vec![Event::new(
            Some(u.id()),
            today,
            EventBody::WarningNoteAdded { warning },
        )])
        .await?;
    Ok(created(json!({ "warning": wid })))
}
