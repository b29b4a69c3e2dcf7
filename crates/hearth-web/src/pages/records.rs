//! Recording visits and case notes. A record starts as a draft, saved as the
//! practitioner types (and by an explicit save without JavaScript), then
//! finalised into the journal. A finalised record is never edited: a
//! correction supersedes it with a reason and both stay in the history.

use super::Path;
use super::{render, request_id};
use crate::authz::Chokepoint;
use crate::error::WebError;
use crate::security::RequestId;
use crate::session::{url_pairs, SignedIn};
use crate::views::{self, Chrome, FieldError, FormPage};
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Extension, Json};
use hearth_core::access::Action;
use hearth_core::event::{Event, EventBody};
use hearth_core::ids::*;
use hearth_core::model::*;
use hearth_store::{Draft, DraftSave, StoreError};
use std::collections::BTreeMap;
use time::OffsetDateTime;
use uuid::Uuid;

/// Fields of the record form, as typed (so nothing is lost on an error).
pub type Fields = BTreeMap<String, String>;

/// The draft's fields a person types, with their labels.
const DRAFT_LABELS: &[(&str, &str)] = &[
    ("title", "Title"),
    ("location", "Where"),
    ("present", "Who else was present"),
    ("direct_work_minutes", "Direct work minutes"),
    ("body", "What happened"),
    ("childs_words", "The child's own words"),
    ("seen", "Who was seen"),
    ("about", "Who the record is about"),
];

const TEXT_FIELDS: &[&str] = &[
    "date-day",
    "date-month",
    "date-year",
    "title",
    "location",
    "present",
    "direct_work_minutes",
    "body",
    "childs_words",
    "significant",
];

/// Reads the form into fields; repeated checkboxes are joined with commas.
pub fn fields_from_form(pairs: &[(String, String)]) -> Fields {
    let mut f = Fields::new();
    for name in TEXT_FIELDS {
        if let Some((_, v)) = pairs.iter().find(|(k, _)| k == name) {
            f.insert((*name).to_string(), v.clone());
        }
    }
    for multi in ["seen", "seen_alone", "about"] {
        let v: Vec<&str> = pairs
            .iter()
            .filter(|(k, _)| k == multi)
            .map(|(_, v)| v.as_str())
            .collect();
        f.insert(multi.to_string(), v.join(","));
    }
    f
}

fn get<'a>(f: &'a Fields, k: &str) -> &'a str {
    f.get(k).map(String::as_str).unwrap_or("")
}

fn ids(f: &Fields, k: &str) -> Vec<PersonId> {
    get(f, k)
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

/// Turns fields into a record, or the problems with them.
pub fn build_record(
    kind: RecordKind,
    family_id: FamilyId,
    allowed_people: &[PersonId],
    f: &Fields,
    author: UserId,
) -> Result<CaseRecord, Vec<FieldError>> {
    let mut errors = Vec::new();
    let occurred_on = match views::parse_dmy(
        get(f, "date-day"),
        get(f, "date-month"),
        get(f, "date-year"),
    ) {
        Ok(d) if d > views::today() => {
            errors.push(FieldError::new(
                "date-day",
                "The date cannot be in the future",
            ));
            None
        }
        Ok(d) => Some(d),
        Err(m) => {
            errors.push(FieldError::new(
                "date-day",
                format!("Date: {}", m.to_lowercase()),
            ));
            None
        }
    };
    let title = get(f, "title").trim().to_string();
    if title.is_empty() {
        errors.push(FieldError::new("title", "Enter a short title"));
    }
    let body = get(f, "body").trim().to_string();
    if body.is_empty() {
        errors.push(FieldError::new(
            "body",
            match kind {
                RecordKind::Visit => "Enter what happened on the visit",
                RecordKind::CaseNote => "Enter the case note",
            },
        ));
    }
    let about: Vec<PersonId> = ids(f, "about")
        .into_iter()
        .filter(|p| allowed_people.contains(p))
        .collect();
    if about.is_empty() {
        errors.push(FieldError::new("about", "Select who the record is about"));
    }
    let visit = if kind == RecordKind::Visit {
        let seen: Vec<PersonId> = ids(f, "seen")
            .into_iter()
            .filter(|p| allowed_people.contains(p))
            .collect();
        let seen_alone: Vec<PersonId> = ids(f, "seen_alone")
            .into_iter()
            .filter(|p| allowed_people.contains(p))
            .collect();
        if seen.is_empty() {
            errors.push(FieldError::new("seen", "Select who was seen"));
        }
        let minutes_text = get(f, "direct_work_minutes").trim();
        let minutes = if minutes_text.is_empty() {
            0
        } else {
            match minutes_text.parse::<u32>() {
                Ok(m) if m <= 24 * 60 => m,
                _ => {
                    errors.push(FieldError::new(
                        "direct_work_minutes",
                        "Enter direct work time as a whole number of minutes, like 45",
                    ));
                    0
                }
            }
        };
        let location = get(f, "location").trim().to_string();
        if location.is_empty() {
            errors.push(FieldError::new(
                "location",
                "Enter where the visit took place",
            ));
        }
        Some(VisitDetails {
            seen,
            seen_alone,
            location,
            present: get(f, "present").trim().to_string(),
            direct_work_minutes: minutes,
        })
    } else {
        None
    };
    match (errors.is_empty(), occurred_on) {
        (true, Some(occurred_on)) => Ok(CaseRecord {
            id: RecordId::new(),
            family_id,
            about,
            kind,
            occurred_on,
            title,
            body,
            childs_words: get(f, "childs_words").trim().to_string(),
            visit,
            significant: get(f, "significant") == "yes",
            author,
            recorded_at: OffsetDateTime::now_utc(),
            supersedes: None,
            superseded_by: None,
            correction_reason: None,
        }),
        _ => Err(errors),
    }
}

/// Fields that show an existing record in the form (for corrections).
pub fn fields_from_record(r: &CaseRecord) -> Fields {
    let mut f = Fields::new();
    f.insert("date-day".into(), r.occurred_on.day().to_string());
    f.insert(
        "date-month".into(),
        (r.occurred_on.month() as u8).to_string(),
    );
    f.insert("date-year".into(), r.occurred_on.year().to_string());
    f.insert("title".into(), r.title.clone());
    f.insert("body".into(), r.body.clone());
    f.insert("childs_words".into(), r.childs_words.clone());
    f.insert(
        "significant".into(),
        if r.significant {
            "yes".into()
        } else {
            String::new()
        },
    );
    f.insert(
        "about".into(),
        r.about
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(","),
    );
    if let Some(v) = &r.visit {
        f.insert("location".into(), v.location.clone());
        f.insert("present".into(), v.present.clone());
        f.insert(
            "direct_work_minutes".into(),
            v.direct_work_minutes.to_string(),
        );
        f.insert(
            "seen".into(),
            v.seen
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(","),
        );
        f.insert(
            "seen_alone".into(),
            v.seen_alone
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(","),
        );
    }
    f
}

pub struct PersonOption {
    pub id: String,
    pub name: String,
    pub is_child: bool,
    pub seen: bool,
    pub seen_alone: bool,
    pub about: bool,
}

/// The family's members the practitioner may name in a record.
async fn people_options(
    state: &AppState,
    family: &Family,
    me: UserId,
    f: &Fields,
) -> Result<(Vec<PersonOption>, Vec<PersonId>), WebError> {
    let (seen, alone, about) = (ids(f, "seen"), ids(f, "seen_alone"), ids(f, "about"));
    let mut out = Vec::new();
    let mut allowed = Vec::new();
    for m in family.current_members() {
        let Some(p) = state.store.person(m.person_id).await? else {
            continue;
        };
        if p.restricted && !p.grants.contains(&me) {
            continue;
        }
        allowed.push(p.id);
        out.push(PersonOption {
            id: p.id.to_string(),
            name: p.details.full_name(),
            is_child: p.kind == PersonKind::Child,
            seen: seen.contains(&p.id),
            seen_alone: alone.contains(&p.id),
            about: about.contains(&p.id),
        });
    }
    Ok((out, allowed))
}

#[derive(Template)]
#[template(path = "draft.html")]
struct DraftPage {
    chrome: Chrome,
    action: String,
    autosave_url: String,
    heading: String,
    person_id: String,
    is_visit: bool,
    is_correction: bool,
    errors: Vec<FieldError>,
    notice: String,
    version: i64,
    f: Fields,
    people: Vec<PersonOption>,
    reason: String,
    /// The other saver's version of each field that differs (label, text).
    other_version: Vec<(String, String)>,
}
crate::form_page!(DraftPage);

impl DraftPage {
    fn v(&self, k: &str) -> &str {
        get(&self.f, k)
    }
}

pub async fn start_draft(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<PersonId>,
    body: Bytes,
) -> Result<Response, WebError> {
    let p = Chokepoint::new(&state, &s.user, request_id(&rid))
        .person(id, Action::WriteRecord)
        .await?;
    let pairs = url_pairs(&body);
    let kind = pairs
        .iter()
        .find(|(k, _)| k == "kind")
        .and_then(|(_, v)| RecordKind::from_code(v))
        .unwrap_or(RecordKind::CaseNote);
    let family_id = *p.families.first().ok_or_else(|| {
        WebError::BadRequest("Add this person to a family before recording about them.".into())
    })?;
    let today = views::today();
    let mut f = Fields::new();
    f.insert("date-day".into(), today.day().to_string());
    f.insert("date-month".into(), (today.month() as u8).to_string());
    f.insert("date-year".into(), today.year().to_string());
    f.insert("about".into(), p.id.to_string());
    if kind == RecordKind::Visit {
        f.insert("title".into(), "Home visit".into());
        f.insert("location".into(), "Family home".into());
    }
    let draft = state
        .store
        .create_draft(s.user.id(), family_id, Some(p.id), kind.code(), &f)
        .await?;
    Ok(Redirect::to(&format!("/drafts/{}", draft.id)).into_response())
}

async fn load_draft(
    state: &AppState,
    s: &SignedIn,
    rid: Option<String>,
    id: Uuid,
) -> Result<(Draft, Family), WebError> {
    let draft = state.store.draft(id).await?.ok_or(WebError::NotFound)?;
    let gate = Chokepoint::new(state, &s.user, rid);
    if let Some(pid) = draft.person_id {
        gate.person(pid, Action::WriteRecord).await?;
    }
    let family = gate.family(draft.family_id, Action::WriteRecord).await?;
    Ok((draft, family))
}

fn draft_heading(kind: RecordKind) -> String {
    match kind {
        RecordKind::Visit => "Record a visit".into(),
        RecordKind::CaseNote => "Write a case note".into(),
    }
}

#[allow(clippy::too_many_arguments)]
async fn draft_page_for(
    state: &AppState,
    s: &SignedIn,
    draft: &Draft,
    family: &Family,
    f: Fields,
    version: i64,
    errors: Vec<FieldError>,
    notice: String,
    other_version: Vec<(String, String)>,
) -> Result<DraftPage, WebError> {
    let kind = RecordKind::from_code(&draft.kind).unwrap_or(RecordKind::CaseNote);
    let (people, _) = people_options(state, family, s.user.id(), &f).await?;
    Ok(DraftPage {
        chrome: Chrome::for_user(s, draft_heading(kind), ""),
        action: format!("/drafts/{}", draft.id),
        autosave_url: format!("/drafts/{}/autosave", draft.id),
        heading: draft_heading(kind),
        person_id: draft.person_id.map(|p| p.to_string()).unwrap_or_default(),
        is_visit: kind == RecordKind::Visit,
        is_correction: false,
        errors,
        notice,
        version,
        f,
        people,
        reason: String::new(),
        other_version,
    })
}

pub async fn draft_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let (draft, family) = load_draft(&state, &s, request_id(&rid), id).await?;
    if let Some(rec) = draft.finalised_record {
        return Ok(Redirect::to(&format!("/records/{rec}")).into_response());
    }
    let page = draft_page_for(
        &state,
        &s,
        &draft,
        &family,
        draft.fields.clone(),
        draft.version,
        vec![],
        String::new(),
        vec![],
    )
    .await?;
    Ok(render(page)?.into_response())
}

fn version_of(pairs: &[(String, String)]) -> i64 {
    pairs
        .iter()
        .find(|(k, _)| k == "version")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0)
}

pub async fn save_draft(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<Uuid>,
    body: Bytes,
) -> Result<Response, WebError> {
    let (draft, family) = load_draft(&state, &s, request_id(&rid), id).await?;
    let pairs = url_pairs(&body);
    let fields = fields_from_form(&pairs);
    let based_on = version_of(&pairs);
    let finalise = pairs.iter().any(|(k, v)| k == "action" && v == "finalise");
    let kind = RecordKind::from_code(&draft.kind).unwrap_or(RecordKind::CaseNote);
    if let Some(rec) = draft.finalised_record {
        // Finalised meanwhile (perhaps in another tab): keep what was typed
        // on the page rather than throw it away.
        let notice = format!(
            "This draft has already been finalised, so nothing was saved. Your text is below: to change the record, copy it into a correction of the finalised record (/records/{rec})."
        );
        let page = draft_page_for(
            &state,
            &s,
            &draft,
            &family,
            fields,
            based_on,
            vec![],
            notice,
            vec![],
        )
        .await?;
        let mut res = render(page)?.into_response();
        *res.status_mut() = StatusCode::CONFLICT;
        return Ok(res);
    }
    // Save first, so what was typed is kept whatever happens next.
    let saved = state
        .store
        .save_draft(
            id,
            &DraftSave {
                fields: fields.clone(),
                based_on_version: based_on,
                by: s.user.id(),
            },
        )
        .await;
    let version = match saved {
        Ok(v) => v,
        Err(StoreError::Conflict { current_version }) => {
            let current = state.store.draft(id).await?.ok_or(WebError::NotFound)?;
            let who = state
                .store
                .practitioner(current.updated_by)
                .await?
                .map(|p| p.display_name)
                .unwrap_or_else(|| "Someone".into());
            let notice = format!(
                "{who} saved this draft at {} while you were editing it. Your text is in the form below and has not been saved; their saved text is shown underneath. Combine them, then save again.",
                views::date_time(current.updated_at)
            );
            // Every field the other person saved differently, so nothing of
            // theirs is overwritten unseen.
            let other: Vec<(String, String)> = DRAFT_LABELS
                .iter()
                .filter(|(k, _)| get(&current.fields, k) != get(&fields, k))
                .map(|(k, label)| (label.to_string(), get(&current.fields, k).to_string()))
                .collect();
            let page = draft_page_for(
                &state,
                &s,
                &draft,
                &family,
                fields,
                current_version,
                vec![FieldError::new(
                    "body",
                    "Someone else saved this draft while you were editing it",
                )],
                notice,
                other,
            )
            .await?;
            let mut res = render(page)?.into_response();
            *res.status_mut() = StatusCode::CONFLICT;
            return Ok(res);
        }
        Err(e) => return Err(e.into()),
    };
    if !finalise {
        let page = draft_page_for(
            &state,
            &s,
            &draft,
            &family,
            fields,
            version,
            vec![],
            "Your draft has been saved.".into(),
            vec![],
        )
        .await?;
        return Ok(render(page)?.into_response());
    }
    let (_, allowed) = people_options(&state, &family, s.user.id(), &fields).await?;
    match build_record(kind, family.id, &allowed, &fields, s.user.id()) {
        Ok(record) => {
            let record_id = record.id;
            let valid_from = record.occurred_on;
            let event = Event::new(
                Some(s.user.id()),
                valid_from,
                EventBody::CaseRecordFinalised { record },
            );
            state
                .store
                .finalise_draft(id, version, record_id, vec![event])
                .await?;
            Ok(Redirect::to(&format!("/records/{record_id}")).into_response())
        }
        Err(errors) => {
            let page = draft_page_for(
                &state,
                &s,
                &draft,
                &family,
                fields,
                version,
                errors,
                "Your draft has been saved, but it cannot be finalised yet.".into(),
                vec![],
            )
            .await?;
            let mut res = render(page)?.into_response();
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
    }
}

/// Saving as the practitioner types (JavaScript): JSON `{"version": n}`, or
/// 409 with a message when someone else saved first.
pub async fn autosave(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<Uuid>,
    body: Bytes,
) -> Result<Response, WebError> {
    load_draft(&state, &s, request_id(&rid), id).await?;
    let pairs = url_pairs(&body);
    let save = DraftSave {
        fields: fields_from_form(&pairs),
        based_on_version: version_of(&pairs),
        by: s.user.id(),
    };
    match state.store.save_draft(id, &save).await {
        Ok(v) => Ok(Json(serde_json::json!({ "version": v })).into_response()),
        Err(StoreError::Conflict { .. }) => Ok((
            StatusCode::CONFLICT,
            "Someone else has saved this draft. Use 'Save draft' to see both versions: your text has not been lost.",
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

pub struct HistoryRow {
    pub id: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "record.html")]
struct RecordPage {
    chrome: Chrome,
    record_id: String,
    kind: String,
    title: String,
    date: String,
    author: String,
    recorded: String,
    about: Vec<(String, String)>,
    body: String,
    childs_words: String,
    visit: Vec<(String, String)>,
    significant: bool,
    superseded_by: String,
    correction_reason: String,
    history: Vec<HistoryRow>,
}

async fn gate_record(
    state: &AppState,
    s: &SignedIn,
    rid: Option<String>,
    id: RecordId,
    action: Action,
) -> Result<CaseRecord, WebError> {
    let r = state.store.record(id).await?.ok_or(WebError::NotFound)?;
    let gate = Chokepoint::new(state, &s.user, rid);
    // The family's record and every person the record is about.
    gate.family(r.family_id, action).await?;
    for p in &r.about {
        gate.person(*p, action).await?;
    }
    Ok(r)
}

pub async fn record_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<RecordId>,
) -> Result<Html<String>, WebError> {
    let r = gate_record(&state, &s, request_id(&rid), id, Action::ReadRecord).await?;
    let store = &state.store;
    let mut about = Vec::new();
    for p in &r.about {
        if let Some(person) = store.person(*p).await? {
            about.push((p.to_string(), person.details.full_name()));
        }
    }
    let name_of = |ids: &[PersonId], about: &[(String, String)]| -> String {
        ids.iter()
            .map(|i| {
                about
                    .iter()
                    .find(|(k, _)| *k == i.to_string())
                    .map(|(_, n)| n.clone())
                    .unwrap_or_else(|| "a family member".into())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut visit = Vec::new();
    if let Some(v) = &r.visit {
        let mut names_map = about.clone();
        for pid in v.seen.iter().chain(v.seen_alone.iter()) {
            if !names_map.iter().any(|(k, _)| *k == pid.to_string()) {
                if let Some(p) = store.person(*pid).await? {
                    // Someone restricted stays "a family member" to those not named on them.
                    if !p.restricted || p.grants.contains(&s.user.id()) {
                        names_map.push((pid.to_string(), p.details.full_name()));
                    }
                }
            }
        }
        visit.push(("Who was seen".to_string(), name_of(&v.seen, &names_map)));
        visit.push((
            "Seen alone".to_string(),
            if v.seen_alone.is_empty() {
                "No".into()
            } else {
                name_of(&v.seen_alone, &names_map)
            },
        ));
        visit.push(("Where".to_string(), v.location.clone()));
        visit.push((
            "Also present".to_string(),
            if v.present.is_empty() {
                "No one else".into()
            } else {
                v.present.clone()
            },
        ));
        visit.push((
            "Direct work".to_string(),
            format!("{} minutes", v.direct_work_minutes),
        ));
    }
    let mut history = Vec::new();
    let mut cursor = r.supersedes;
    while let Some(prev) = cursor {
        let Some(old) = store.record(prev).await? else {
            break;
        };
        history.push(HistoryRow {
            id: old.id.to_string(),
            label: format!("Version recorded {}", views::date_time(old.recorded_at)),
        });
        cursor = old.supersedes;
    }
    let author = store
        .practitioner(r.author)
        .await?
        .map(|p| p.display_name)
        .unwrap_or_default();
    render(RecordPage {
        chrome: Chrome::for_user(&s, r.title.clone(), ""),
        record_id: r.id.to_string(),
        kind: r.kind.label().into(),
        title: r.title.clone(),
        date: views::date(r.occurred_on),
        author,
        recorded: views::date_time(r.recorded_at),
        about,
        body: r.body.clone(),
        childs_words: r.childs_words.clone(),
        visit,
        significant: r.significant,
        superseded_by: r.superseded_by.map(|x| x.to_string()).unwrap_or_default(),
        correction_reason: r.correction_reason.clone().unwrap_or_default(),
        history,
    })
}

pub async fn correct_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<RecordId>,
) -> Result<Response, WebError> {
    let r = gate_record(&state, &s, request_id(&rid), id, Action::WriteRecord).await?;
    if let Some(newer) = r.superseded_by {
        return Ok(Redirect::to(&format!("/records/{newer}/correct")).into_response());
    }
    let family = state
        .store
        .family(r.family_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let f = fields_from_record(&r);
    let (people, _) = people_options(&state, &family, s.user.id(), &f).await?;
    Ok(render(DraftPage {
        chrome: Chrome::for_user(&s, "Correct a record", ""),
        action: format!("/records/{}/correct", r.id),
        autosave_url: String::new(),
        heading: "Correct a record".into(),
        person_id: r.about.first().map(|p| p.to_string()).unwrap_or_default(),
        is_visit: r.kind == RecordKind::Visit,
        is_correction: true,
        errors: vec![],
        notice: String::new(),
        version: 0,
        f,
        people,
        reason: String::new(),
        other_version: vec![],
    })?
    .into_response())
}

pub async fn correct(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<RecordId>,
    body: Bytes,
) -> Result<Response, WebError> {
    let old = gate_record(&state, &s, request_id(&rid), id, Action::WriteRecord).await?;
    let family = state
        .store
        .family(old.family_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let pairs = url_pairs(&body);
    let f = fields_from_form(&pairs);
    let reason = pairs
        .iter()
        .find(|(k, _)| k == "reason")
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default();
    let (people, allowed) = people_options(&state, &family, s.user.id(), &f).await?;
    let result = build_record(old.kind, family.id, &allowed, &f, s.user.id());
    let mut errors = match &result {
        Ok(_) => vec![],
        Err(e) => e.clone(),
    };
    if reason.is_empty() {
        errors.insert(
            0,
            FieldError::new("reason", "Enter the reason for the correction"),
        );
    }
    if let (true, Ok(record)) = (errors.is_empty(), result) {
        let new_id = record.id;
        let valid_from = record.occurred_on;
        let outcome = state
            .store
            .append(vec![Event::new(
                Some(s.user.id()),
                valid_from,
                EventBody::CaseRecordCorrected {
                    record,
                    supersedes: old.id,
                    reason: reason.clone(),
                },
            )])
            .await;
        match outcome {
            Ok(_) => return Ok(Redirect::to(&format!("/records/{new_id}")).into_response()),
            Err(StoreError::Rejected(e)) => errors.push(FieldError::new("reason", e.to_string())),
            Err(e) => return Err(e.into()),
        }
    }
    let mut res = render(DraftPage {
        chrome: Chrome::for_user(&s, "Correct a record", ""),
        action: format!("/records/{}/correct", old.id),
        autosave_url: String::new(),
        heading: "Correct a record".into(),
        person_id: old.about.first().map(|p| p.to_string()).unwrap_or_default(),
        is_visit: old.kind == RecordKind::Visit,
        is_correction: true,
        errors,
        notice: String::new(),
        version: 0,
        f,
        people,
        reason,
        other_version: vec![],
    })?
    .into_response();
    *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}
