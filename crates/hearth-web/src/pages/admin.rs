//! Administration: users (add, disable, reset password) and teams and units.
//! Only administrators reach these pages; they do not open case records.

use super::render;
use super::Path;
use crate::error::WebError;
use crate::password;
use crate::session::{random_token, url_pairs, SignedIn};
use crate::views::{self, Chrome, FieldError, FormPage};
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use hearth_core::access::Refusal;
use hearth_core::audit::{AuditEvent, Audited, Outcome};
use hearth_core::event::{Event, EventBody};
use hearth_core::identifiers::RegistrationNumber;
use hearth_core::ids::*;
use hearth_core::model::*;
use std::collections::HashMap;

fn require_admin(s: &SignedIn) -> Result<(), WebError> {
    if s.user.is(Discipline::Administrator) {
        Ok(())
    } else {
        Err(WebError::Refused(Refusal::NotPermittedForRole, None))
    }
}

/// A form field, trimmed: names and codes typed by administrators.
fn field(pairs: &[(String, String)], name: &str) -> String {
    crate::session::form_value(pairs, name).trim().to_string()
}

pub struct UserRow {
    pub id: String,
    pub username: String,
    pub name: String,
    pub discipline: String,
    pub employment: String,
    pub teams: String,
    pub active: bool,
}

pub struct Opt {
    pub code: String,
    pub label: String,
}

#[derive(Default)]
pub struct NewUserForm {
    pub username: String,
    pub display_name: String,
    pub discipline: String,
    pub registration_number: String,
    pub employment: String,
    pub team: String,
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct UsersPage {
    chrome: Chrome,
    users: Vec<UserRow>,
    disciplines: Vec<Opt>,
    teams: Vec<Opt>,
    errors: Vec<FieldError>,
    form: NewUserForm,
    notice: String,
}
crate::form_page!(UsersPage);

async fn users_page(
    state: &AppState,
    s: &SignedIn,
    errors: Vec<FieldError>,
    form: NewUserForm,
    notice: String,
) -> Result<UsersPage, WebError> {
    let teams = state.store.teams().await?;
    let team_names: HashMap<TeamId, String> =
        teams.iter().map(|t| (t.id, t.name.clone())).collect();
    let mut users: Vec<UserRow> = state
        .store
        .practitioners()
        .await?
        .into_iter()
        .map(|p| UserRow {
            id: p.id.to_string(),
            username: p.username.clone(),
            name: p.display_name.clone(),
            discipline: p.discipline.label().into(),
            employment: p.employment.label().into(),
            teams: p
                .current_memberships()
                .filter_map(|m| team_names.get(&m.team_id).cloned())
                .collect::<Vec<_>>()
                .join(", "),
            active: p.active,
        })
        .collect();
    users.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(UsersPage {
        chrome: Chrome::for_user(s, "Users", "admin-users"),
        users,
        disciplines: Discipline::ALL
            .iter()
            .map(|d| Opt {
                code: d.code().into(),
                label: d.label().into(),
            })
            .collect(),
        teams: teams
            .iter()
            .map(|t| Opt {
                code: t.id.to_string(),
                label: t.name.clone(),
            })
            .collect(),
        errors,
        form,
        notice,
    })
}

pub async fn users(State(state): State<AppState>, s: SignedIn) -> Result<Html<String>, WebError> {
    require_admin(&s)?;
    render(
        users_page(
            &state,
            &s,
            vec![],
            NewUserForm {
                employment: "permanent".into(),
                ..Default::default()
            },
            String::new(),
        )
        .await?,
    )
}

pub async fn add_user(
    State(state): State<AppState>,
    s: SignedIn,
    body: Bytes,
) -> Result<Response, WebError> {
    require_admin(&s)?;
    let f = url_pairs(&body);
    let form = NewUserForm {
        username: field(&f, "username").to_lowercase(),
        display_name: field(&f, "display_name"),
        discipline: field(&f, "discipline"),
        registration_number: field(&f, "registration_number"),
        employment: field(&f, "employment"),
        team: field(&f, "team"),
    };
    let mut errors = Vec::new();
    let valid_username = !form.username.is_empty()
        && form
            .username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_');
    if !valid_username {
        errors.push(FieldError::new(
            "username",
            "Enter a username using letters, numbers, dots, hyphens or underscores",
        ));
    } else if state
        .store
        .credential_by_username(&form.username)
        .await?
        .is_some()
    {
        errors.push(FieldError::new(
            "username",
            "That username is already taken",
        ));
    }
    if form.display_name.is_empty() {
        errors.push(FieldError::new("display_name", "Enter the person's name"));
    }
    let discipline = Discipline::from_code(&form.discipline);
    if discipline.is_none() {
        errors.push(FieldError::new("discipline", "Select a discipline"));
    }
    let registration = if form.registration_number.is_empty() {
        if discipline.is_some_and(|d| d.needs_registration()) {
            errors.push(FieldError::new(
                "registration_number",
                "Enter the Social Work England registration number",
            ));
        }
        None
    } else {
        match RegistrationNumber::parse(&form.registration_number) {
            Ok(r) => Some(r),
            Err(e) => {
                errors.push(FieldError::new("registration_number", e.to_string()));
                None
            }
        }
    };
    let team: Option<TeamId> = form.team.parse().ok();
    if !errors.is_empty() {
        let mut res =
            render(users_page(&state, &s, errors, form, String::new()).await?)?.into_response();
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(res);
    }
    let Some(discipline) = discipline else {
        return Err(WebError::BadRequest("Select a discipline".into()));
    };
    let id = UserId::new();
    let today = views::today();
    let mut events = vec![Event::new(
        Some(s.user.id()),
        today,
        EventBody::PractitionerRegistered {
            practitioner: Practitioner {
                id,
                username: form.username.clone(),
                display_name: form.display_name.clone(),
                discipline,
                registration_number: registration,
                employment: if form.employment == "agency" {
                    Employment::Agency
                } else {
                    Employment::Permanent
                },
                email: None,
                active: true,
                memberships: vec![],
            },
        },
    )];
    if let Some(team_id) = team {
        events.push(Event::new(
            Some(s.user.id()),
            today,
            EventBody::MembershipStarted {
                user_id: id,
                membership: Membership {
                    team_id,
                    unit_id: None,
                    from: today,
                    to: None,
                },
            },
        ));
    }
    state.store.append(events).await?;
    let initial = random_token();
    state
        .store
        .set_credential(id, &form.username, &password::hash(&initial).await?)
        .await?;
    let mut audit = AuditEvent::new(
        Some(s.user.id()),
        Audited::UserAdded,
        Some(id.0),
        Outcome::Allowed,
    );
    audit.basis = Some("administrator".into());
    state.store.audit(&audit).await?;
    let notice = format!(
        "{} has been added. Give them this one-time password by a safe route: {initial}",
        form.display_name
    );
    Ok(render(
        users_page(
            &state,
            &s,
            vec![],
            NewUserForm {
                employment: "permanent".into(),
                ..Default::default()
            },
            notice,
        )
        .await?,
    )?
    .into_response())
}

pub async fn disable_user(
    State(state): State<AppState>,
    s: SignedIn,
    Path(id): Path<UserId>,
) -> Result<Response, WebError> {
    require_admin(&s)?;
    if id == s.user.id() {
        return Err(WebError::BadRequest(
            "You cannot disable your own account.".into(),
        ));
    }
    state
        .store
        .append(vec![Event::new(
            Some(s.user.id()),
            views::today(),
            EventBody::PractitionerDisabled { user_id: id },
        )])
        .await?;
    state.store.disable_credential(id).await?;
    state
        .store
        .audit(&AuditEvent::new(
            Some(s.user.id()),
            Audited::UserDisabled,
            Some(id.0),
            Outcome::Allowed,
        ))
        .await?;
    Ok(Redirect::to("/admin/users").into_response())
}

pub async fn reset_password(
    State(state): State<AppState>,
    s: SignedIn,
    Path(id): Path<UserId>,
) -> Result<Response, WebError> {
    require_admin(&s)?;
    let p = state
        .store
        .practitioner(id)
        .await?
        .ok_or(WebError::NotFound)?;
    let new = random_token();
    state
        .store
        .set_credential(id, &p.username, &password::hash(&new).await?)
        .await?;
    // Whoever knew the old password is signed out everywhere.
    state.store.end_sessions(id).await?;
    state
        .store
        .audit(&AuditEvent::new(
            Some(s.user.id()),
            Audited::PasswordReset,
            Some(id.0),
            Outcome::Allowed,
        ))
        .await?;
    let notice = format!("The password for {} has been reset. Give them this one-time password by a safe route: {new}", p.display_name);
    Ok(render(
        users_page(
            &state,
            &s,
            vec![],
            NewUserForm {
                employment: "permanent".into(),
                ..Default::default()
            },
            notice,
        )
        .await?,
    )?
    .into_response())
}

pub struct TeamRowView {
    pub name: String,
    pub service: String,
    pub function: String,
    pub units: Vec<String>,
    pub members: usize,
}

#[derive(Template)]
#[template(path = "admin_teams.html")]
struct TeamsPage {
    chrome: Chrome,
    teams: Vec<TeamRowView>,
    team_opts: Vec<Opt>,
    functions: Vec<Opt>,
    errors: Vec<FieldError>,
    /// What was typed into either form, kept when it has a problem.
    typed: Vec<(String, String)>,
}
crate::form_page!(TeamsPage);

impl TeamsPage {
    fn typed(&self, name: &str) -> &str {
        self.typed
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
}

async fn teams_page(
    state: &AppState,
    s: &SignedIn,
    errors: Vec<FieldError>,
    typed: Vec<(String, String)>,
) -> Result<TeamsPage, WebError> {
    let teams = state.store.teams().await?;
    let units = state.store.units().await?;
    let practitioners = state.store.practitioners().await?;
    let mut rows = Vec::new();
    for t in &teams {
        rows.push(TeamRowView {
            name: t.name.clone(),
            service: t.service.clone(),
            function: t.function.label().into(),
            units: units
                .iter()
                .filter(|u| u.team_id == t.id)
                .map(|u| u.name.clone())
                .collect(),
            members: practitioners
                .iter()
                .filter(|p| p.current_memberships().any(|m| m.team_id == t.id))
                .count(),
        });
    }
    rows.sort_by(|a, b| (&a.service, &a.name).cmp(&(&b.service, &b.name)));
    Ok(TeamsPage {
        chrome: Chrome::for_user(s, "Teams and units", "admin-teams"),
        teams: rows,
        team_opts: teams
            .iter()
            .map(|t| Opt {
                code: t.id.to_string(),
                label: t.name.clone(),
            })
            .collect(),
        functions: TeamFunction::ALL
            .iter()
            .map(|f| Opt {
                code: f.code().into(),
                label: f.label().into(),
            })
            .collect(),
        errors,
        typed,
    })
}

pub async fn teams(State(state): State<AppState>, s: SignedIn) -> Result<Html<String>, WebError> {
    require_admin(&s)?;
    render(teams_page(&state, &s, vec![], vec![]).await?)
}

pub async fn add_team(
    State(state): State<AppState>,
    s: SignedIn,
    body: Bytes,
) -> Result<Response, WebError> {
    require_admin(&s)?;
    let f = url_pairs(&body);
    let (name, service, function) = (
        field(&f, "name"),
        field(&f, "service"),
        TeamFunction::from_code(&field(&f, "function")),
    );
    let mut errors = Vec::new();
    if name.is_empty() {
        errors.push(FieldError::new("name", "Enter the team's name"));
    }
    if service.is_empty() {
        errors.push(FieldError::new(
            "service",
            "Enter the service the team belongs to",
        ));
    }
    if function.is_none() {
        errors.push(FieldError::new("function", "Select what the team does"));
    }
    if let (true, Some(function)) = (errors.is_empty(), function) {
        let today = views::today();
        state
            .store
            .append(vec![Event::new(
                Some(s.user.id()),
                today,
                EventBody::TeamCreated {
                    team: Team {
                        id: TeamId::new(),
                        name,
                        service,
                        function,
                        start: today,
                        end: None,
                    },
                },
            )])
            .await?;
        return Ok(Redirect::to("/admin/teams").into_response());
    }
    let mut res = render(teams_page(&state, &s, errors, f).await?)?.into_response();
    *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}

pub async fn add_unit(
    State(state): State<AppState>,
    s: SignedIn,
    body: Bytes,
) -> Result<Response, WebError> {
    require_admin(&s)?;
    let f = url_pairs(&body);
    let name = field(&f, "unit_name");
    let team: Option<TeamId> = field(&f, "unit_team").parse().ok();
    let mut errors = Vec::new();
    if name.is_empty() {
        errors.push(FieldError::new("unit_name", "Enter the unit's name"));
    }
    if team.is_none() {
        errors.push(FieldError::new("unit_team", "Select the unit's team"));
    }
    if let (true, Some(team_id)) = (errors.is_empty(), team) {
        let today = views::today();
        state
            .store
            .append(vec![Event::new(
                Some(s.user.id()),
                today,
                EventBody::UnitCreated {
                    unit: Unit {
                        id: UnitId::new(),
                        team_id,
                        name,
                        consultant: None,
                        start: today,
                        end: None,
                    },
                },
            )])
            .await?;
        return Ok(Redirect::to("/admin/teams").into_response());
    }
    let mut res = render(teams_page(&state, &s, errors, f).await?)?.into_response();
    *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}

pub struct MembershipRow {
    pub team: String,
    pub unit: String,
    pub dates: String,
}

#[derive(Template)]
#[template(path = "admin_user.html")]
struct UserPage {
    chrome: Chrome,
    user_id: String,
    name: String,
    username: String,
    discipline: String,
    employment: String,
    registration: String,
    active: bool,
    memberships: Vec<MembershipRow>,
    teams: Vec<Opt>,
    units: Vec<Opt>,
    errors: Vec<FieldError>,
}
crate::form_page!(UserPage);

async fn user_page(
    state: &AppState,
    s: &SignedIn,
    id: UserId,
    errors: Vec<FieldError>,
) -> Result<UserPage, WebError> {
    let p = state
        .store
        .practitioner(id)
        .await?
        .ok_or(WebError::NotFound)?;
    let teams = state.store.teams().await?;
    let units = state.store.units().await?;
    let team_name = |t: TeamId| {
        teams
            .iter()
            .find(|x| x.id == t)
            .map(|x| x.name.clone())
            .unwrap_or_default()
    };
    let unit_name = |u: Option<UnitId>| {
        u.and_then(|u| units.iter().find(|x| x.id == u))
            .map(|x| x.name.clone())
            .unwrap_or_default()
    };
    let memberships = p
        .memberships
        .iter()
        .rev()
        .map(|m| MembershipRow {
            team: team_name(m.team_id),
            unit: unit_name(m.unit_id),
            dates: match m.to {
                Some(to) => format!("{} to {}", views::date(m.from), views::date(to)),
                None => format!("Since {}", views::date(m.from)),
            },
        })
        .collect();
    Ok(UserPage {
        chrome: Chrome::for_user(s, p.display_name.clone(), "admin-users"),
        user_id: p.id.to_string(),
        name: p.display_name.clone(),
        username: p.username.clone(),
        discipline: p.discipline.label().into(),
        employment: p.employment.label().into(),
        registration: p
            .registration_number
            .map(|r| r.to_string())
            .unwrap_or_default(),
        active: p.active,
        memberships,
        teams: teams
            .iter()
            .filter(|t| t.end.is_none())
            .map(|t| Opt {
                code: t.id.to_string(),
                label: t.name.clone(),
            })
            .collect(),
        units: units
            .iter()
            .filter(|u| u.end.is_none())
            .map(|u| Opt {
                code: u.id.to_string(),
                label: format!("{} ({})", u.name, team_name(u.team_id)),
            })
            .collect(),
        errors,
    })
}

pub async fn user(
    State(state): State<AppState>,
    s: SignedIn,
    Path(id): Path<UserId>,
) -> Result<Html<String>, WebError> {
    require_admin(&s)?;
    render(user_page(&state, &s, id, vec![]).await?)
}

/// Moves a practitioner to a team (and optionally one of its units) from
/// today, ending their current memberships: their history keeps the dates.
pub async fn move_user(
    State(state): State<AppState>,
    s: SignedIn,
    Path(id): Path<UserId>,
    body: Bytes,
) -> Result<Response, WebError> {
    require_admin(&s)?;
    let p = state
        .store
        .practitioner(id)
        .await?
        .ok_or(WebError::NotFound)?;
    let f = url_pairs(&body);
    let team: Option<TeamId> = field(&f, "team").parse().ok();
    let unit: Option<UnitId> = field(&f, "unit").parse().ok();
    let mut errors = Vec::new();
    let team_doc = match team {
        Some(t) => state.store.team(t).await?.filter(|t| t.end.is_none()),
        None => None,
    };
    if team_doc.is_none() {
        errors.push(FieldError::new(
            "team",
            "Select the team the practitioner is joining",
        ));
    }
    if let (Some(u), Some(t)) = (unit, &team_doc) {
        let fits = state
            .store
            .unit(u)
            .await?
            .is_some_and(|x| x.team_id == t.id && x.end.is_none());
        if !fits {
            errors.push(FieldError::new(
                "unit",
                "Select a unit of that team, or no unit",
            ));
        }
    }
    if let (true, Some(t)) = (errors.is_empty(), team_doc) {
        let today = views::today();
        let me = Some(s.user.id());
        let mut events: Vec<Event> = p
            .current_memberships()
            .map(|m| {
                Event::new(
                    me,
                    today,
                    EventBody::MembershipEnded {
                        user_id: id,
                        team_id: m.team_id,
                        on: today,
                    },
                )
            })
            .collect();
        events.push(Event::new(
            me,
            today,
            EventBody::MembershipStarted {
                user_id: id,
                membership: Membership {
                    team_id: t.id,
                    unit_id: unit,
                    from: today,
                    to: None,
                },
            },
        ));
        state.store.append(events).await?;
        return Ok(Redirect::to(&format!("/admin/users/{id}")).into_response());
    }
    let mut res = render(user_page(&state, &s, id, errors).await?)?.into_response();
    *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}
