//! The person page (details, identifiers, relationships, allocation history,
//! recent records), who has viewed the record, break-glass access, warning
//! notes and changing the lead practitioner.

use super::family::{warning_views, warnings_for, Names, WarningView};
use super::Path;
use super::{render, request_id};
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
use hearth_core::access::Action;
use hearth_core::event::{Event, EventBody};
use hearth_core::ids::*;
use hearth_core::model::*;

pub struct Row {
    pub key: String,
    pub value: String,
}

fn row(key: &str, value: impl Into<String>) -> Row {
    let value = value.into();
    Row {
        key: key.into(),
        value: if value.trim().is_empty() {
            "Not recorded".into()
        } else {
            value
        },
    }
}

pub struct RelRow {
    pub person_id: String,
    pub name: String,
    pub label: String,
    pub detail: String,
}

pub struct AllocRow {
    pub name: String,
    pub dates: String,
    pub reason: String,
}

pub struct RecordRow {
    pub id: String,
    pub date: String,
    pub kind: String,
    pub title: String,
    pub author: String,
}

#[derive(Template)]
#[template(path = "person.html")]
struct PersonPage {
    chrome: Chrome,
    person_id: String,
    name: String,
    kind: String,
    restricted: bool,
    warnings: Vec<WarningView>,
    details: Vec<Row>,
    identifiers: Vec<Row>,
    addresses: Vec<String>,
    families: Vec<(String, String)>,
    relationships: Vec<RelRow>,
    allocations: Vec<AllocRow>,
    records: Vec<RecordRow>,
    /// The child's own views, newest first.
    childs_views: Vec<super::practice::voice::SittingView>,
    can_see_access_log: bool,
    is_child: bool,
    /// Statutory due dates passed with nothing recorded, and the next one due.
    overdue: usize,
    next_due: Option<(String, String)>,
    /// Visits due, consistency of practitioner and the supporting social worker.
    direct: Option<super::practice::intensity::ChildPanel>,
}

pub async fn person_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<PersonId>,
) -> Result<Html<String>, WebError> {
    let gate = Chokepoint::new(&state, &s.user, request_id(&rid));
    let p = gate.person(id, Action::ReadRecord).await?;
    let store = &state.store;
    let d = &p.details;
    let today = views::today();
    let mut names = Names::new(&state);
    let mut details = vec![
        row("Name", d.full_name()),
        row("Other names", d.other_names.join(", ")),
    ];
    if let Some(edd) = d.expected_date_of_birth {
        details.push(row("Expected date of birth", views::date(edd)));
    } else {
        details.push(row(
            "Date of birth",
            d.date_of_birth
                .map(|b| format!("{} ({})", views::date(b), views::age_words(Some(b), today)))
                .unwrap_or_default(),
        ));
    }
    details.extend([
        row(
            "Sex",
            d.sex.map(|s| s.meaning().to_string()).unwrap_or_default(),
        ),
        row(
            "Ethnicity",
            d.ethnicity
                .map(|e| e.meaning().to_string())
                .unwrap_or_default(),
        ),
        row(
            "First language",
            d.first_language.clone().unwrap_or_default(),
        ),
        row("Religion", d.religion.clone().unwrap_or_default()),
        row(
            "Disabilities",
            d.disabilities
                .iter()
                .map(|x| x.meaning())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        row(
            "Communication needs",
            d.communication_needs.clone().unwrap_or_default(),
        ),
        row(
            "Immigration status",
            d.immigration_status
                .map(|x| x.meaning().to_string())
                .unwrap_or_default(),
        ),
        row("Phone", d.phone.clone().unwrap_or_default()),
        row("Email", d.email.clone().unwrap_or_default()),
    ]);
    if let Some(dod) = d.date_of_death {
        details.push(row("Date of death", views::date(dod)));
    }
    let identifiers = vec![
        row(
            "LA person ID",
            d.la_person_id
                .as_ref()
                .map(|x| x.to_string())
                .unwrap_or_default(),
        ),
        row(
            "UPN",
            d.upn.as_ref().map(|x| x.to_string()).unwrap_or_default(),
        ),
        row(
            "Former UPN",
            d.former_upn
                .as_ref()
                .map(|x| x.to_string())
                .unwrap_or_default(),
        ),
        row(
            "NHS number",
            d.nhs_number
                .as_ref()
                .map(|x| x.to_string())
                .unwrap_or_default(),
        ),
    ];
    let addresses = p
        .addresses
        .iter()
        .rev()
        .map(|a| {
            let when = match (a.from, a.to) {
                (Some(f), Some(t)) => format!(" ({} to {})", views::date(f), views::date(t)),
                (Some(f), None) => format!(" (since {})", views::date(f)),
                _ => String::new(),
            };
            format!("{}{}", a.one_line(), when)
        })
        .collect();
    let mut families = Vec::new();
    for f in &p.families {
        if let Some(fam) = store.family(*f).await? {
            families.push((fam.id.to_string(), fam.name));
        }
    }
    let mut relationships = Vec::new();
    for r in store
        .relationships_where("person", &p.id.to_string())
        .await?
    {
        let Some((other, label)) = r.seen_from(p.id) else {
            continue;
        };
        let Some(o) = store.person(other).await? else {
            continue;
        };
        let visible = !o.restricted || o.grants.contains(&s.user.id());
        let mut detail = Vec::new();
        if r.parental_responsibility && r.from == other {
            detail.push("Has parental responsibility".to_string());
        }
        if let Some(q) = r.quality {
            detail.push(q.label().to_string());
        }
        if let Some(e) = r.end {
            detail.push(format!("Ended {}", views::date(e)));
        }
        relationships.push(RelRow {
            person_id: if visible {
                other.to_string()
            } else {
                String::new()
            },
            name: if visible {
                o.details.full_name()
            } else {
                "Restricted record".into()
            },
            label: label.into(),
            detail: detail.join(", "),
        });
    }
    let mut allocations = Vec::new();
    for a in p.allocations.iter().rev() {
        allocations.push(AllocRow {
            name: names.practitioner(a.user_id).await?,
            dates: match a.to {
                Some(t) => format!("{} to {}", views::date(a.from), views::date(t)),
                None => format!("Since {}", views::date(a.from)),
            },
            reason: a.reason.clone(),
        });
    }
    let recs = store.records_where("person", &p.id.to_string()).await?;
    let mut recs = super::chronology::RestrictedFilter::new(&state, s.user.id())
        .records(recs)
        .await?;
    recs.retain(|r| r.superseded_by.is_none());
    recs.sort_by_key(|r| std::cmp::Reverse(r.occurred_on));
    let mut records = Vec::new();
    for r in recs.into_iter().take(10) {
        records.push(RecordRow {
            id: r.id.to_string(),
            date: views::date(r.occurred_on),
            kind: r.kind.label().into(),
            title: r.title.clone(),
            author: names.practitioner(r.author).await?,
        });
    }
    let can_see_access_log = hearth_core::access::decide(
        &s.user.actor,
        Action::ReadAccessLog,
        &hearth_core::access::SubjectFacts {
            lead_practitioner: p.lead_practitioner(),
            restricted: p.restricted,
            grants: p.grants.clone(),
            families: vec![],
            break_glass: false,
        },
    )
    .is_allowed()
        || s.user.is(Discipline::Manager);
    let warnings = warning_views(&warnings_for(&state, &p.families, &[p.id]).await?);
    let today = views::today();
    let due = hearth_core::journey::due_dates(&super::journey::journey_of(&state, p.id).await?);
    let overdue = due
        .iter()
        .filter(|d| d.done.is_none() && d.late(today))
        .count();
    let next_due = due
        .iter()
        .filter(|d| d.done.is_none() && d.due >= today)
        .min_by_key(|d| d.due)
        .map(|d| (d.what.clone(), views::date(d.due)));
    render(PersonPage {
        direct: super::practice::intensity::child_panel(&state, &p).await?,
        overdue,
        next_due,
        chrome: Chrome::for_user(&s, p.details.full_name(), ""),
        person_id: p.id.to_string(),
        name: p.details.full_name(),
        kind: p.kind.label().into(),
        restricted: p.restricted,
        warnings,
        details,
        identifiers,
        addresses,
        families,
        relationships,
        allocations,
        records,
        childs_views: super::practice::voice::for_child(&state, p.id).await?,
        can_see_access_log,
        is_child: p.kind == PersonKind::Child,
    })
}

pub struct AccessRow {
    pub when: String,
    pub who: String,
    pub what: String,
    pub outcome: String,
    pub basis: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "access_log.html")]
struct AccessLogPage {
    chrome: Chrome,
    person_id: String,
    name: String,
    rows: Vec<AccessRow>,
}

/// Who has viewed or changed this record (the lead practitioner and managers).
pub async fn access_log(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<PersonId>,
) -> Result<Html<String>, WebError> {
    let p = Chokepoint::new(&state, &s.user, request_id(&rid))
        .person(id, Action::ReadAccessLog)
        .await?;
    let mut names = Names::new(&state);
    let mut rows = Vec::new();
    for e in state.store.audit_for_subject(p.id.0, 500).await? {
        rows.push(AccessRow {
            when: views::date_time(e.at),
            who: match e.actor {
                Some(a) => names.practitioner(a).await?,
                None => "System".into(),
            },
            what: e.label().into(),
            outcome: match e.outcome {
                hearth_core::audit::Outcome::Allowed => "Allowed".into(),
                hearth_core::audit::Outcome::Refused => "Refused".into(),
            },
            basis: e.basis.clone().unwrap_or_default().replace('_', " "),
            reason: e.reason.clone().unwrap_or_default(),
        });
    }
    render(AccessLogPage {
        chrome: Chrome::for_user(&s, format!("Who has viewed {}", p.details.full_name()), ""),
        person_id: p.id.to_string(),
        name: p.details.full_name(),
        rows,
    })
}

#[derive(Template)]
#[template(path = "break_glass.html")]
struct BreakGlassPage {
    chrome: Chrome,
    person_id: String,
    errors: Vec<FieldError>,
    reason: String,
    minutes: i64,
}
crate::form_page!(BreakGlassPage);

pub async fn break_glass_page(
    State(state): State<AppState>,
    s: SignedIn,
    Path(id): Path<PersonId>,
) -> Result<Html<String>, WebError> {
    render(BreakGlassPage {
        chrome: Chrome::for_user(&s, "Break-glass access", ""),
        person_id: id.to_string(),
        errors: vec![],
        reason: String::new(),
        minutes: state.config.break_glass_secs / 60,
    })
}

pub async fn break_glass(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<PersonId>,
    body: Bytes,
) -> Result<Response, WebError> {
    let pairs = url_pairs(&body);
    let reason = pairs
        .iter()
        .find(|(k, _)| k == "reason")
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default();
    if reason.chars().count() < 10 {
        let mut res = render(BreakGlassPage {
            chrome: Chrome::for_user(&s, "Break-glass access", ""),
            person_id: id.to_string(),
            errors: vec![FieldError::new(
                "reason",
                "Explain why you need to open this record (at least 10 characters)",
            )],
            reason,
            minutes: state.config.break_glass_secs / 60,
        })?
        .into_response();
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(res);
    }
    let p = state.store.person(id).await?.ok_or(WebError::NotFound)?;
    Chokepoint::new(&state, &s.user, request_id(&rid))
        .break_glass(&p, &reason)
        .await?;
    Ok(Redirect::to(&format!("/people/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "warning_new.html")]
struct NewWarningPage {
    chrome: Chrome,
    person_id: String,
    name: String,
    errors: Vec<FieldError>,
    category: String,
    detail: String,
    review_day: String,
    review_month: String,
    review_year: String,
}
crate::form_page!(NewWarningPage);

pub async fn new_warning_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<PersonId>,
) -> Result<Html<String>, WebError> {
    let p = Chokepoint::new(&state, &s.user, request_id(&rid))
        .person(id, Action::WriteRecord)
        .await?;
    render(NewWarningPage {
        chrome: Chrome::for_user(&s, "Add a warning note", ""),
        person_id: p.id.to_string(),
        name: p.details.full_name(),
        errors: vec![],
        category: String::new(),
        detail: String::new(),
        review_day: String::new(),
        review_month: String::new(),
        review_year: String::new(),
    })
}

pub async fn new_warning(
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
    let (category, detail) = (
        field(&f, "category").trim().to_string(),
        field(&f, "detail").trim().to_string(),
    );
    let (dd, mm, yy) = (
        field(&f, "review-day"),
        field(&f, "review-month"),
        field(&f, "review-year"),
    );
    let mut errors = Vec::new();
    if category.is_empty() {
        errors.push(FieldError::new("category", "Enter what the risk is"));
    }
    if detail.is_empty() {
        errors.push(FieldError::new(
            "detail",
            "Describe the risk and what staff should do",
        ));
    }
    let review = match views::parse_dmy(&dd, &mm, &yy) {
        Ok(d) if d <= views::today() => {
            errors.push(FieldError::new(
                "review-day",
                "The review date must be in the future",
            ));
            None
        }
        Ok(d) => Some(d),
        Err(m) => {
            errors.push(FieldError::new(
                "review-day",
                format!("Review date: {}", m.to_lowercase()),
            ));
            None
        }
    };
    if let (true, Some(review_on)) = (errors.is_empty(), review) {
        let today = views::today();
        state
            .store
            .append(vec![Event::new(
                Some(s.user.id()),
                today,
                EventBody::WarningNoteAdded {
                    warning: WarningNote {
                        id: WarningId::new(),
                        person_id: Some(p.id),
                        family_id: None,
                        category,
                        detail,
                        review_on,
                        added_by: s.user.id(),
                        added_on: today,
                        ended_on: None,
                    },
                },
            )])
            .await?;
        return Ok(Redirect::to(&format!("/people/{}", p.id)).into_response());
    }
    let mut res = render(NewWarningPage {
        chrome: Chrome::for_user(&s, "Add a warning note", ""),
        person_id: p.id.to_string(),
        name: p.details.full_name(),
        errors,
        category,
        detail,
        review_day: dd,
        review_month: mm,
        review_year: yy,
    })?
    .into_response();
    *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}

pub struct PractitionerChoice {
    pub id: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "allocation.html")]
struct AllocationPage {
    chrome: Chrome,
    person_id: String,
    name: String,
    errors: Vec<FieldError>,
    practitioners: Vec<PractitionerChoice>,
    chosen: String,
    reason: String,
    /// The current lead is not a qualified social worker: who supports them.
    support: Option<super::practice::intensity::SupportView>,
}
crate::form_page!(AllocationPage);

pub async fn practitioner_choices(state: &AppState) -> Result<Vec<PractitionerChoice>, WebError> {
    let mut v: Vec<PractitionerChoice> = state
        .store
        .practitioners()
        .await?
        .into_iter()
        .filter(|p| {
            p.active && p.discipline.records_cases() && p.discipline != Discipline::Volunteer
        })
        .map(|p| PractitionerChoice {
            id: p.id.to_string(),
            label: format!("{} ({})", p.display_name, p.discipline.label()),
        })
        .collect();
    v.sort_by(|a, b| a.label.cmp(&b.label));
    Ok(v)
}

pub async fn allocation_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<PersonId>,
) -> Result<Html<String>, WebError> {
    let p = Chokepoint::new(&state, &s.user, request_id(&rid))
        .person(id, Action::WriteRecord)
        .await?;
    render(AllocationPage {
        chrome: Chrome::for_user(&s, "Change lead practitioner", ""),
        person_id: p.id.to_string(),
        name: p.details.full_name(),
        errors: vec![],
        practitioners: practitioner_choices(&state).await?,
        chosen: String::new(),
        reason: String::new(),
        support: super::practice::intensity::support_view(&state, &p).await?,
    })
}

pub async fn allocate(
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
    let chosen = field(&f, "practitioner");
    let reason = field(&f, "reason").trim().to_string();
    let mut errors = Vec::new();
    // Only an active practitioner who can hold cases may lead.
    let choices = practitioner_choices(&state).await?;
    let user: Option<UserId> = chosen
        .parse()
        .ok()
        .filter(|_| choices.iter().any(|c| c.id == chosen));
    if user.is_none() {
        errors.push(FieldError::new(
            "practitioner",
            "Select the new lead practitioner",
        ));
    }
    if reason.is_empty() {
        errors.push(FieldError::new("reason", "Enter the reason for the change"));
    }
    if user.is_some() && user == p.lead_practitioner() {
        errors.push(FieldError::new(
            "practitioner",
            "This practitioner is already the lead practitioner",
        ));
    }
    if let (true, Some(u)) = (errors.is_empty(), user) {
        state
            .store
            .append(vec![Event::new(
                Some(s.user.id()),
                views::today(),
                EventBody::LeadPractitionerAllocated {
                    child: p.id,
                    user_id: u,
                    reason,
                },
            )])
            .await?;
        return Ok(Redirect::to(&format!("/people/{}", p.id)).into_response());
    }
    let mut res = render(AllocationPage {
        chrome: Chrome::for_user(&s, "Change lead practitioner", ""),
        person_id: p.id.to_string(),
        name: p.details.full_name(),
        errors,
        practitioners: practitioner_choices(&state).await?,
        chosen,
        reason,
        support: super::practice::intensity::support_view(&state, &p).await?,
    })?
    .into_response();
    *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}
