//! Changing the record: opening a family, editing a person's details,
//! recording a household and moves, and adding curated chronology entries.

use super::family::{parse_person, Choice, PersonForm};
use super::{render, request_id, Path};
use crate::authz::Chokepoint;
use crate::error::WebError;
use crate::security::RequestId;
use crate::session::{form_value as field, url_pairs, SignedIn};
use crate::views::{self, Chrome, FieldError, FormPage};
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Extension;
use hearth_core::access::{Action, Refusal};
use hearth_core::codes::ImmigrationStatus;
use hearth_core::event::{Event, EventBody};
use hearth_core::identifiers::{FormerUpn, Postcode};
use hearth_core::ids::*;
use hearth_core::model::*;

fn unprocessable(html: Html<String>) -> Response {
    let mut res = html.into_response();
    *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    res
}

fn can_write_records(s: &SignedIn) -> Result<(), WebError> {
    if !s.user.practitioner.discipline.records_cases() {
        return Err(WebError::Refused(Refusal::NotPermittedForRole, None));
    }
    Ok(())
}

// ---- opening a family ----

#[derive(Template)]
#[template(path = "family_new.html")]
struct NewFamilyPage {
    chrome: Chrome,
    errors: Vec<FieldError>,
    name: String,
    team: String,
    teams: Vec<Choice>,
}
crate::form_page!(NewFamilyPage);

async fn team_choices(state: &AppState, s: &SignedIn) -> Result<Vec<Choice>, WebError> {
    let manager = s.user.is(Discipline::Manager);
    let mut teams: Vec<Choice> = state
        .store
        .teams()
        .await?
        .into_iter()
        .filter(|t| {
            t.end.is_none()
                && (s.user.actor.teams.contains(&t.id)
                    || (manager && s.user.actor.services.contains(&t.service)))
        })
        .map(|t| Choice {
            code: t.id.to_string(),
            label: format!("{} ({})", t.name, t.service),
        })
        .collect();
    teams.sort_by(|a, b| a.label.cmp(&b.label));
    Ok(teams)
}

pub async fn new_family_page(
    State(state): State<AppState>,
    s: SignedIn,
) -> Result<Html<String>, WebError> {
    can_write_records(&s)?;
    render(NewFamilyPage {
        chrome: Chrome::for_user(&s, "Open a family record", ""),
        errors: vec![],
        name: String::new(),
        team: s
            .user
            .actor
            .teams
            .first()
            .map(|t| t.to_string())
            .unwrap_or_default(),
        teams: team_choices(&state, &s).await?,
    })
}

pub async fn new_family(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    body: Bytes,
) -> Result<Response, WebError> {
    can_write_records(&s)?;
    let f = url_pairs(&body);
    let name = field(&f, "name").trim().to_string();
    let team = field(&f, "team");
    let mut errors = Vec::new();
    if name.is_empty() {
        errors.push(FieldError::new(
            "name",
            "Enter a name for the family, for example Okafor family",
        ));
    }
    let team_id: Option<TeamId> = team.parse().ok();
    // A family goes to one of the practitioner's own current teams (or, for
    // a manager, any current team in their service).
    let team_ok = match team_id {
        Some(t) => state.store.team(t).await?.is_some_and(|team| {
            team.end.is_none()
                && (s.user.actor.teams.contains(&team.id)
                    || (s.user.is(Discipline::Manager)
                        && s.user.actor.services.contains(&team.service)))
        }),
        None => false,
    };
    if !team_ok {
        errors.push(FieldError::new(
            "team",
            "Select the team that will work with the family",
        ));
    }
    if let (true, Some(team_id)) = (errors.is_empty(), team_id) {
        let family_id = FamilyId::new();
        let today = views::today();
        let unit_id = s
            .user
            .practitioner
            .current_memberships()
            .find(|m| m.team_id == team_id)
            .and_then(|m| m.unit_id);
        state
            .store
            .append(vec![
                Event::new(
                    Some(s.user.id()),
                    today,
                    EventBody::FamilyCreated { family_id, name },
                ),
                Event::new(
                    Some(s.user.id()),
                    today,
                    EventBody::FamilyAllocatedToTeam {
                        family_id,
                        team_id,
                        unit_id,
                    },
                ),
            ])
            .await?;
        Chokepoint::new(&state, &s.user, request_id(&rid))
            .record_creation(family_id.0)
            .await?;
        return Ok(Redirect::to(&format!("/families/{family_id}/people/new")).into_response());
    }
    Ok(unprocessable(render(NewFamilyPage {
        chrome: Chrome::for_user(&s, "Open a family record", ""),
        errors,
        name,
        team,
        teams: team_choices(&state, &s).await?,
    })?))
}

// ---- editing a person's details ----

#[derive(Default)]
pub struct MoreDetails {
    pub religion: String,
    pub communication_needs: String,
    pub immigration_status: String,
    pub former_upn: String,
    pub phone: String,
    pub email: String,
    pub dod_day: String,
    pub dod_month: String,
    pub dod_year: String,
}

/// A fingerprint of a person's details as the editor first saw them, so a
/// save over someone else's newer change is noticed, not silently applied.
fn details_fingerprint(d: &PersonDetails) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(
        serde_json::to_string(d).unwrap_or_default().as_bytes(),
    ))
}

#[derive(Template)]
#[template(path = "person_edit.html")]
struct EditPersonPage {
    chrome: Chrome,
    person_id: String,
    fingerprint: String,
    errors: Vec<FieldError>,
    form: PersonForm,
    more: MoreDetails,
    sexes: Vec<Choice>,
    ethnicities: Vec<Choice>,
    statuses: Vec<Choice>,
}
crate::form_page!(EditPersonPage);

fn code_choices() -> (Vec<Choice>, Vec<Choice>, Vec<Choice>) {
    let (sexes, ethnicities) = super::family::choices();
    let statuses = ImmigrationStatus::ALL
        .iter()
        .map(|s| Choice {
            code: s.code().into(),
            label: s.meaning().into(),
        })
        .collect();
    (sexes, ethnicities, statuses)
}

fn form_from_details(p: &Person) -> (PersonForm, MoreDetails) {
    let d = &p.details;
    let dob = d.date_of_birth.or(d.expected_date_of_birth);
    let form = PersonForm {
        given_names: d.given_names.clone(),
        family_name: d.family_name.clone(),
        other_names: d.other_names.join(", "),
        dob_day: dob.map(|x| x.day().to_string()).unwrap_or_default(),
        dob_month: dob
            .map(|x| (x.month() as u8).to_string())
            .unwrap_or_default(),
        dob_year: dob.map(|x| x.year().to_string()).unwrap_or_default(),
        kind: p.kind.label().to_lowercase(),
        sex: d.sex.map(|x| x.code().to_string()).unwrap_or_default(),
        ethnicity: d
            .ethnicity
            .map(|x| x.code().to_string())
            .unwrap_or_default(),
        upn: d.upn.as_ref().map(|x| x.to_string()).unwrap_or_default(),
        nhs_number: d
            .nhs_number
            .as_ref()
            .map(|x| x.to_string())
            .unwrap_or_default(),
        la_person_id: d
            .la_person_id
            .as_ref()
            .map(|x| x.to_string())
            .unwrap_or_default(),
        first_language: d.first_language.clone().unwrap_or_default(),
    };
    let more = MoreDetails {
        religion: d.religion.clone().unwrap_or_default(),
        communication_needs: d.communication_needs.clone().unwrap_or_default(),
        immigration_status: d
            .immigration_status
            .map(|x| x.code().to_string())
            .unwrap_or_default(),
        former_upn: d
            .former_upn
            .as_ref()
            .map(|x| x.to_string())
            .unwrap_or_default(),
        phone: d.phone.clone().unwrap_or_default(),
        email: d.email.clone().unwrap_or_default(),
        dod_day: d
            .date_of_death
            .map(|x| x.day().to_string())
            .unwrap_or_default(),
        dod_month: d
            .date_of_death
            .map(|x| (x.month() as u8).to_string())
            .unwrap_or_default(),
        dod_year: d
            .date_of_death
            .map(|x| x.year().to_string())
            .unwrap_or_default(),
    };
    (form, more)
}

pub async fn edit_person_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<PersonId>,
) -> Result<Html<String>, WebError> {
    let p = Chokepoint::new(&state, &s.user, request_id(&rid))
        .person(id, Action::WriteRecord)
        .await?;
    let (form, more) = form_from_details(&p);
    let (sexes, ethnicities, statuses) = code_choices();
    render(EditPersonPage {
        chrome: Chrome::for_user(&s, "Change personal details", ""),
        person_id: p.id.to_string(),
        fingerprint: details_fingerprint(&p.details),
        errors: vec![],
        form,
        more,
        sexes,
        ethnicities,
        statuses,
    })
}

fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

pub async fn edit_person(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<PersonId>,
    body: Bytes,
) -> Result<Response, WebError> {
    let p = Chokepoint::new(&state, &s.user, request_id(&rid))
        .person(id, Action::WriteRecord)
        .await?;
    let f = url_pairs(&body);
    // The kind of person is not changed here.
    let form = PersonForm {
        kind: p.kind.label().to_lowercase(),
        ..PersonForm::from_pairs(&f)
    };
    let more = MoreDetails {
        religion: field(&f, "religion"),
        communication_needs: field(&f, "communication_needs"),
        immigration_status: field(&f, "immigration_status"),
        former_upn: field(&f, "former_upn"),
        phone: field(&f, "phone"),
        email: field(&f, "email"),
        dod_day: field(&f, "dod-day"),
        dod_month: field(&f, "dod-month"),
        dod_year: field(&f, "dod-year"),
    };
    let mut errors = Vec::new();
    if field(&f, "fingerprint") != details_fingerprint(&p.details) {
        errors.push(FieldError::new(
            "given_names",
            "Someone else changed these details after you opened this page. Your changes are below and have not been saved: check them against the record, then save again.",
        ));
    }
    let mut details = parse_person(&form, &mut errors);
    // What this form does not show is kept as it was.
    details.disabilities = p.details.disabilities.clone();
    details.religion = opt(&more.religion);
    details.communication_needs = opt(&more.communication_needs);
    details.immigration_status = ImmigrationStatus::from_code(&more.immigration_status);
    details.phone = opt(&more.phone);
    details.email = opt(&more.email);
    if let Some(f) = opt(&more.former_upn) {
        match FormerUpn::parse(&f) {
            Ok(u) => details.former_upn = Some(u),
            Err(e) => errors.push(FieldError::new("former_upn", e.to_string())),
        }
    }
    if let Some(e) = &details.email {
        if !e.contains('@') || e.contains(' ') {
            errors.push(FieldError::new(
                "email",
                "Enter an email address in the correct format, like name@example.com",
            ));
        }
    }
    if opt(&more.dod_day).is_some()
        || opt(&more.dod_month).is_some()
        || opt(&more.dod_year).is_some()
    {
        match views::parse_dmy(&more.dod_day, &more.dod_month, &more.dod_year) {
            Ok(d) if d > views::today() => errors.push(FieldError::new(
                "dod-day",
                "The date of death cannot be in the future",
            )),
            Ok(d) => details.date_of_death = Some(d),
            Err(m) => errors.push(FieldError::new(
                "dod-day",
                format!("Date of death: {}", m.to_lowercase()),
            )),
        }
    }
    if errors.is_empty() {
        if details != p.details {
            state
                .store
                .append(vec![Event::new(
                    Some(s.user.id()),
                    views::today(),
                    EventBody::PersonDetailsChanged {
                        person_id: p.id,
                        details,
                    },
                )])
                .await?;
        }
        return Ok(Redirect::to(&format!("/people/{}", p.id)).into_response());
    }
    let (sexes, ethnicities, statuses) = code_choices();
    Ok(unprocessable(render(EditPersonPage {
        chrome: Chrome::for_user(&s, "Change personal details", ""),
        person_id: p.id.to_string(),
        fingerprint: details_fingerprint(&p.details),
        errors,
        form,
        more,
        sexes,
        ethnicities,
        statuses,
    })?))
}

// ---- households ----

pub struct ResidentOption {
    pub id: String,
    pub name: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "household_new.html")]
struct NewHouseholdPage {
    chrome: Chrome,
    family_id: String,
    family_name: String,
    errors: Vec<FieldError>,
    line1: String,
    line2: String,
    town: String,
    postcode: String,
    people: Vec<ResidentOption>,
}
crate::form_page!(NewHouseholdPage);

async fn resident_options(
    state: &AppState,
    family: &Family,
    me: UserId,
    chosen: &[String],
) -> Result<Vec<ResidentOption>, WebError> {
    let mut out = Vec::new();
    for m in family.current_members() {
        if let Some(p) = state.store.person(m.person_id).await? {
            if !p.restricted || p.grants.contains(&me) {
                out.push(ResidentOption {
                    id: p.id.to_string(),
                    name: p.details.full_name(),
                    checked: chosen.contains(&p.id.to_string()),
                });
            }
        }
    }
    Ok(out)
}

pub async fn new_household_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
) -> Result<Html<String>, WebError> {
    let family = Chokepoint::new(&state, &s.user, request_id(&rid))
        .family(id, Action::WriteRecord)
        .await?;
    render(NewHouseholdPage {
        chrome: Chrome::for_user(&s, "Record a household", ""),
        family_id: family.id.to_string(),
        people: resident_options(&state, &family, s.user.id(), &[]).await?,
        family_name: family.name,
        errors: vec![],
        line1: String::new(),
        line2: String::new(),
        town: String::new(),
        postcode: String::new(),
    })
}

pub async fn new_household(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
    body: Bytes,
) -> Result<Response, WebError> {
    let family = Chokepoint::new(&state, &s.user, request_id(&rid))
        .family(id, Action::WriteRecord)
        .await?;
    let f = url_pairs(&body);
    let (line1, line2, town, postcode) = (
        field(&f, "line1").trim().to_string(),
        field(&f, "line2").trim().to_string(),
        field(&f, "town").trim().to_string(),
        field(&f, "postcode"),
    );
    let chosen: Vec<String> = f
        .iter()
        .filter(|(k, _)| k == "residents")
        .map(|(_, v)| v.clone())
        .collect();
    let people = resident_options(&state, &family, s.user.id(), &chosen).await?;
    let mut errors = Vec::new();
    if line1.is_empty() {
        errors.push(FieldError::new(
            "line1",
            "Enter the first line of the address",
        ));
    }
    if town.is_empty() {
        errors.push(FieldError::new("town", "Enter the town or city"));
    }
    let pc = if postcode.trim().is_empty() {
        None
    } else {
        match Postcode::parse(&postcode) {
            Ok(p) => Some(p),
            Err(e) => {
                errors.push(FieldError::new("postcode", e.to_string()));
                None
            }
        }
    };
    let residents: Vec<PersonId> = people
        .iter()
        .filter(|p| p.checked)
        .filter_map(|p| p.id.parse().ok())
        .collect();
    if residents.is_empty() {
        errors.push(FieldError::new(
            "residents",
            "Select who lives at this address",
        ));
    }
    if errors.is_empty() {
        let today = views::today();
        let address = Address {
            line1,
            line2: opt(&line2),
            town,
            postcode: pc,
            from: Some(today),
            to: None,
        };
        let household_id = HouseholdId::new();
        let me = Some(s.user.id());
        let mut events = vec![Event::new(
            me,
            today,
            EventBody::HouseholdRecorded {
                household_id,
                family_id: family.id,
                address: address.clone(),
            },
        )];
        for person_id in residents {
            // Moving in here ends any current residence in this family's other households.
            for h in state
                .store
                .households_where("person", &person_id.to_string())
                .await?
            {
                if h.family_id == family.id
                    && h.residents
                        .iter()
                        .any(|r| r.person_id == person_id && r.to.is_none())
                {
                    events.push(Event::new(
                        me,
                        today,
                        EventBody::MovedOut {
                            household_id: h.id,
                            person_id,
                        },
                    ));
                }
            }
            events.push(Event::new(
                me,
                today,
                EventBody::MovedIn {
                    household_id,
                    person_id,
                },
            ));
            events.push(Event::new(
                me,
                today,
                EventBody::AddressRecorded {
                    person_id,
                    address: address.clone(),
                },
            ));
        }
        state.store.append(events).await?;
        return Ok(Redirect::to(&format!("/families/{}", family.id)).into_response());
    }
    Ok(unprocessable(render(NewHouseholdPage {
        chrome: Chrome::for_user(&s, "Record a household", ""),
        family_id: family.id.to_string(),
        family_name: family.name,
        errors,
        line1,
        line2,
        town,
        postcode,
        people,
    })?))
}

// ---- curated chronology entries ----

/// Adds a practitioner's own chronology entry to a person's or family's
/// chronology; a bad entry shows the chronology again with the problem and
/// what was typed.
#[allow(clippy::too_many_arguments)]
async fn add_entry(
    state: &AppState,
    s: &SignedIn,
    person: Option<PersonId>,
    family: Option<FamilyId>,
    subject: uuid::Uuid,
    name: String,
    back: String,
    body: &Bytes,
) -> Result<Response, WebError> {
    let f = url_pairs(body);
    let summary = field(&f, "summary").trim().to_string();
    let date_text = field(&f, "date");
    let date = views::parse_iso(&date_text);
    let problem = match (summary.is_empty(), date) {
        (true, _) => Some(("entry-summary", "Enter what happened")),
        (_, None) => Some(("entry-date", "Enter the date it happened, like 2026-03-31")),
        (_, Some(d)) if d > views::today() => {
            Some(("entry-date", "The date cannot be in the future"))
        }
        _ => None,
    };
    let significant = field(&f, "significant") == "yes";
    let (Some(occurred_on), None) = (date, problem) else {
        let (at, message) = problem.unwrap_or(("entry-date", "Enter the date"));
        let entry = super::chronology::EntryForm {
            date: date_text,
            summary,
            significant,
            error: Some((at.to_string(), message.to_string())),
        };
        let html = super::chronology::page(
            state,
            s,
            subject,
            name,
            match (person, family) {
                (Some(p), _) => format!("/people/{p}"),
                (None, Some(f)) => format!("/families/{f}"),
                _ => "/".into(),
            },
            back,
            Default::default(),
            entry,
        )
        .await?;
        return Ok(unprocessable(html));
    };
    let entry = ChronologyEntry {
        id: ChronologyEntryId::new(),
        person_id: person,
        family_id: family,
        occurred_on,
        summary,
        significant,
        author: s.user.id(),
    };
    state
        .store
        .append(vec![Event::new(
            Some(s.user.id()),
            occurred_on,
            EventBody::ChronologyEntryAdded { entry },
        )])
        .await?;
    Ok(Redirect::to(&back).into_response())
}

pub async fn add_person_entry(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<PersonId>,
    body: Bytes,
) -> Result<Response, WebError> {
    let p = Chokepoint::new(&state, &s.user, request_id(&rid))
        .person(id, Action::WriteRecord)
        .await?;
    add_entry(
        &state,
        &s,
        Some(p.id),
        None,
        p.id.0,
        p.details.full_name(),
        format!("/people/{}/chronology", p.id),
        &body,
    )
    .await
}

pub async fn add_family_entry(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
    body: Bytes,
) -> Result<Response, WebError> {
    let f = Chokepoint::new(&state, &s.user, request_id(&rid))
        .family(id, Action::WriteRecord)
        .await?;
    add_entry(
        &state,
        &s,
        None,
        Some(f.id),
        f.id.0,
        f.name.clone(),
        format!("/families/{}/chronology", f.id),
        &body,
    )
    .await
}

// ---- the family's team ----

pub async fn add_team_member(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
    body: Bytes,
) -> Result<Response, WebError> {
    let family = Chokepoint::new(&state, &s.user, request_id(&rid))
        .family(id, Action::WriteRecord)
        .await?;
    let f = url_pairs(&body);
    let form = super::family::TeamMemberForm {
        practitioner: field(&f, "practitioner"),
        role: field(&f, "role").trim().to_string(),
    };
    let choices = super::person::practitioner_choices(&state).await?;
    let user: Option<UserId> = form
        .practitioner
        .parse()
        .ok()
        .filter(|_| choices.iter().any(|c| c.id == form.practitioner));
    let mut errors = Vec::new();
    match user {
        None => errors.push(FieldError::new(
            "practitioner",
            "Choose the practitioner to add to the family's team",
        )),
        Some(u) if family.current_team().any(|m| m.user_id == u) => errors.push(FieldError::new(
            "practitioner",
            "That practitioner is already on the family's team",
        )),
        Some(_) => {}
    }
    if form.role.is_empty() {
        errors.push(FieldError::new(
            "role",
            "Enter their role with the family, for example domestic abuse specialist working with mother",
        ));
    }
    if let (true, Some(user_id)) = (errors.is_empty(), user) {
        state
            .store
            .append(vec![Event::new(
                Some(s.user.id()),
                views::today(),
                EventBody::FamilyTeamMemberAdded {
                    family_id: family.id,
                    user_id,
                    role: form.role,
                },
            )])
            .await?;
        return Ok(Redirect::to(&format!("/families/{}", family.id)).into_response());
    }
    Ok(unprocessable(render(TeamMemberPage {
        chrome: Chrome::for_user(&s, "Add someone to the family's team", ""),
        family_id: family.id.to_string(),
        family_name: family.name,
        practitioners: choices,
        errors,
        form,
    })?))
}

#[derive(Template)]
#[template(path = "team_member_new.html")]
struct TeamMemberPage {
    chrome: Chrome,
    family_id: String,
    family_name: String,
    practitioners: Vec<super::person::PractitionerChoice>,
    errors: Vec<FieldError>,
    form: super::family::TeamMemberForm,
}
crate::form_page!(TeamMemberPage);

pub async fn team_member_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
) -> Result<Html<String>, WebError> {
    let family = Chokepoint::new(&state, &s.user, request_id(&rid))
        .family(id, Action::WriteRecord)
        .await?;
    render(TeamMemberPage {
        chrome: Chrome::for_user(&s, "Add someone to the family's team", ""),
        family_id: family.id.to_string(),
        family_name: family.name,
        practitioners: super::person::practitioner_choices(&state).await?,
        errors: vec![],
        form: Default::default(),
    })
}

pub async fn end_team_member(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, user)): Path<(FamilyId, UserId)>,
) -> Result<Response, WebError> {
    let family = Chokepoint::new(&state, &s.user, request_id(&rid))
        .family(id, Action::WriteRecord)
        .await?;
    state
        .store
        .append(vec![Event::new(
            Some(s.user.id()),
            views::today(),
            EventBody::FamilyTeamMemberEnded {
                family_id: family.id,
                user_id: user,
            },
        )])
        .await?;
    Ok(Redirect::to(&format!("/families/{}", family.id)).into_response())
}

// ---- reviewing and ending warning notes ----

/// A warning note is reviewed (next review in six months, or the date
/// given) or ended; either is a change to the record of the person it is on.
pub async fn review_warning(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<WarningId>,
    body: Bytes,
) -> Result<Response, WebError> {
    let w = state.store.warning(id).await?.ok_or(WebError::NotFound)?;
    let gate = Chokepoint::new(&state, &s.user, request_id(&rid));
    let back = match (w.person_id, w.family_id) {
        (Some(p), _) => {
            gate.person(p, Action::WriteRecord).await?;
            format!("/people/{p}")
        }
        (None, Some(f)) => {
            gate.family(f, Action::WriteRecord).await?;
            format!("/families/{f}")
        }
        (None, None) => return Err(WebError::NotFound),
    };
    let f = url_pairs(&body);
    let today = views::today();
    let body = if field(&f, "action") == "end" {
        EventBody::WarningNoteEnded { warning_id: w.id }
    } else {
        let next = views::parse_iso(&field(&f, "next_review"))
            .unwrap_or(today + time::Duration::days(182));
        if next <= today {
            return Err(WebError::BadRequest(
                "The next review date must be in the future.".into(),
            ));
        }
        EventBody::WarningNoteReviewed {
            warning_id: w.id,
            next_review: next,
        }
    };
    state
        .store
        .append(vec![Event::new(Some(s.user.id()), today, body)])
        .await?;
    Ok(Redirect::to(&back).into_response())
}

// ---- keeping relationships, households and membership true ----

/// Ends a relationship (from today); the record of it stays.
pub async fn end_relationship(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((family_id, id)): Path<(FamilyId, RelationshipId)>,
) -> Result<Response, WebError> {
    let family = Chokepoint::new(&state, &s.user, request_id(&rid))
        .family(family_id, Action::WriteRecord)
        .await?;
    let rel = state
        .store
        .relationship(id)
        .await?
        .ok_or(WebError::NotFound)?;
    let members: Vec<PersonId> = family.current_members().map(|m| m.person_id).collect();
    if !(members.contains(&rel.from) && members.contains(&rel.to)) {
        return Err(WebError::NotFound);
    }
    if rel.end.is_none() {
        let today = views::today();
        state
            .store
            .append(vec![Event::new(
                Some(s.user.id()),
                today,
                EventBody::RelationshipEnded {
                    relationship_id: id,
                    on: today,
                },
            )])
            .await?;
    }
    Ok(Redirect::to(&format!("/families/{}", family.id)).into_response())
}

/// Someone moved out of one of the family's households (today).
pub async fn move_out(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, person_id)): Path<(HouseholdId, PersonId)>,
) -> Result<Response, WebError> {
    let household = state.store.household(id).await?.ok_or(WebError::NotFound)?;
    let family = Chokepoint::new(&state, &s.user, request_id(&rid))
        .family(household.family_id, Action::WriteRecord)
        .await?;
    if household
        .residents
        .iter()
        .any(|r| r.person_id == person_id && r.to.is_none())
    {
        state
            .store
            .append(vec![Event::new(
                Some(s.user.id()),
                views::today(),
                EventBody::MovedOut {
                    household_id: id,
                    person_id,
                },
            )])
            .await?;
    }
    Ok(Redirect::to(&format!("/families/{}", family.id)).into_response())
}

/// Someone is no longer part of the family network (from today); their own
/// record and its history stay.
pub async fn leave_family(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((family_id, person_id)): Path<(FamilyId, PersonId)>,
) -> Result<Response, WebError> {
    let family = Chokepoint::new(&state, &s.user, request_id(&rid))
        .family(family_id, Action::WriteRecord)
        .await?;
    if family.current_members().any(|m| m.person_id == person_id) {
        state
            .store
            .append(vec![Event::new(
                Some(s.user.id()),
                views::today(),
                EventBody::FamilyMemberLeft {
                    family_id,
                    person_id,
                },
            )])
            .await?;
    }
    Ok(Redirect::to(&format!("/families/{}", family.id)).into_response())
}
