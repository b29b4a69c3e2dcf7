//! Hypotheses pages: the family's hypotheses with where each stands and its
//! latest revisit, the history of every revisit, a form to write or change
//! one, and a form to revisit it (a dated note and where it stands now,
//! added to the history, never written over it).

use super::{date_field, form_values, DateParts, FamilyWork};
use crate::error::WebError;
use crate::pages::family::Names;
use crate::pages::{render, Path};
use crate::security::RequestId;
use crate::session::{form_value, url_pairs, SignedIn};
use crate::views::{self, Chrome, FieldError};
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Extension;
use hearth_core::access::Action;
use hearth_core::ids::{FamilyId, PracticeId};
use hearth_core::practice::hypothesis::{Hypothesis, HypothesisStatus, Revisit};
use hearth_core::practice::{PracticeRecord, Tool};

pub struct RevisitView {
    pub on: String,
    pub by: String,
    pub note: String,
    pub status: &'static str,
}

pub struct HypothesisView {
    pub id: String,
    pub on: String,
    pub statement: String,
    pub held_by: String,
    pub about: String,
    pub evidence_for: String,
    pub evidence_against: String,
    pub first_status: &'static str,
    pub status: &'static str,
    pub tag: &'static str,
    pub latest: Option<RevisitView>,
    /// Every revisit, oldest first.
    pub history: Vec<RevisitView>,
}

async fn view(
    names: &mut Names<'_>,
    work: &FamilyWork,
    r: &PracticeRecord,
    h: &Hypothesis,
) -> Result<HypothesisView, WebError> {
    let mut history = Vec::new();
    for v in &h.revisits {
        history.push(RevisitView {
            on: views::date(v.on),
            by: match v.by {
                Some(u) => names.practitioner(u).await?,
                None => String::new(),
            },
            note: v.note.clone(),
            status: v.status.label(),
        });
    }
    let current = h.current_status();
    Ok(HypothesisView {
        id: r.id.to_string(),
        on: views::date(r.on),
        statement: h.statement.clone(),
        held_by: h.held_by.clone(),
        about: r
            .about
            .iter()
            .map(|p| work.name_of(*p))
            .collect::<Vec<_>>()
            .join(", "),
        evidence_for: h.evidence_for.clone(),
        evidence_against: h.evidence_against.clone(),
        first_status: h.status.label(),
        status: current.label(),
        tag: current.tag(),
        latest: history.last().map(|l| RevisitView {
            on: l.on.clone(),
            by: l.by.clone(),
            note: l.note.clone(),
            status: l.status,
        }),
        history,
    })
}

/// The family's hypotheses as shown: those still in play first, then those
/// set aside; newest first within each.
pub async fn views_of(
    state: &AppState,
    work: &FamilyWork,
) -> Result<Vec<(PracticeRecord, Hypothesis)>, WebError> {
    let mut v: Vec<(PracticeRecord, Hypothesis)> = work
        .records(state, "hypothesis")
        .await?
        .into_iter()
        .filter_map(|r| match &r.tool {
            Tool::Hypothesis(h) => {
                let h = h.clone();
                Some((r, h))
            }
            _ => None,
        })
        .collect();
    v.sort_by_key(|(r, h)| {
        (
            h.current_status() == HypothesisStatus::SetAside,
            -r.on.to_julian_day(),
        )
    });
    Ok(v)
}

#[derive(Template)]
#[template(path = "practice/hypotheses.html")]
pub struct HypothesesPage {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub hypotheses: Vec<HypothesisView>,
}

pub async fn list(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::ReadRecord).await?;
    let mut names = Names::new(&state);
    let mut hypotheses = Vec::new();
    for (r, h) in views_of(&state, &work).await? {
        hypotheses.push(view(&mut names, &work, &r, &h).await?);
    }
    render(HypothesesPage {
        chrome: Chrome::for_user(&s, format!("Hypotheses: {}", work.family.name), ""),
        family_id: id.to_string(),
        name: work.family.name.clone(),
        hypotheses,
    })
}

#[derive(Template)]
#[template(path = "practice/hypothesis_form.html")]
pub struct HypothesisForm {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub action: String,
    pub record_id: String,
    pub version: u32,
    pub on: DateParts,
    pub people: Vec<(String, String)>,
    pub about: Vec<String>,
    pub statement: String,
    pub held_by: String,
    pub evidence_for: String,
    pub evidence_against: String,
    pub statuses: Vec<(String, String)>,
    pub status: String,
    /// Once revisited, where it stands is changed by revisiting it.
    pub revisited: bool,
    pub errors: Vec<FieldError>,
}

impl HypothesisForm {
    pub fn err(&self, f: &str) -> Option<&str> {
        views::error_for(&self.errors, f)
    }
}

fn statuses() -> Vec<(String, String)> {
    HypothesisStatus::ALL
        .iter()
        .map(|s| (s.code().to_string(), s.label().to_string()))
        .collect()
}

fn form_page(
    s: &SignedIn,
    work: &FamilyWork,
    record: Option<&PracticeRecord>,
    h: Option<&Hypothesis>,
) -> HypothesisForm {
    let id = work.family.id;
    HypothesisForm {
        chrome: Chrome::for_user(
            s,
            if record.is_some() {
                "Change a hypothesis"
            } else {
                "Write a hypothesis"
            },
            "",
        ),
        family_id: id.to_string(),
        name: work.family.name.clone(),
        action: match record {
            Some(r) => format!("/families/{id}/hypotheses/{}", r.id),
            None => format!("/families/{id}/hypotheses/new"),
        },
        record_id: record.map(|r| r.id.to_string()).unwrap_or_default(),
        version: record.map_or(0, |r| r.version),
        on: DateParts::of(Some(record.map_or_else(views::today, |r| r.on))),
        people: work
            .current()
            .iter()
            .map(|p| (p.id.to_string(), p.details.full_name()))
            .collect(),
        about: record
            .map(|r| r.about.iter().map(|p| p.to_string()).collect())
            .unwrap_or_default(),
        statement: h.map(|h| h.statement.clone()).unwrap_or_default(),
        held_by: h.map(|h| h.held_by.clone()).unwrap_or_default(),
        evidence_for: h.map(|h| h.evidence_for.clone()).unwrap_or_default(),
        evidence_against: h.map(|h| h.evidence_against.clone()).unwrap_or_default(),
        statuses: statuses(),
        status: h
            .map_or(HypothesisStatus::Open, |h| h.status)
            .code()
            .to_string(),
        revisited: h.is_some_and(|h| !h.revisits.is_empty()),
        errors: vec![],
    }
}

pub async fn new_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    render(form_page(&s, &work, None, None))
}

async fn hypothesis(
    state: &AppState,
    work: &FamilyWork,
    pid: PracticeId,
) -> Result<(PracticeRecord, Hypothesis), WebError> {
    let r = work.record(state, pid, "hypothesis").await?;
    match &r.tool {
        Tool::Hypothesis(h) => {
            let h = h.clone();
            Ok((r, h))
        }
        _ => Err(WebError::NotFound),
    }
}

pub async fn edit_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, pid)): Path<(FamilyId, PracticeId)>,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    let (r, h) = hypothesis(&state, &work, pid).await?;
    render(form_page(&s, &work, Some(&r), Some(&h)))
}

pub async fn create(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
    body: Bytes,
) -> Result<Response, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    save(&state, &s, &work, None, &body).await
}

pub async fn amend(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, pid)): Path<(FamilyId, PracticeId)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    let found = hypothesis(&state, &work, pid).await?;
    save(&state, &s, &work, Some(found), &body).await
}

async fn save(
    state: &AppState,
    s: &SignedIn,
    work: &FamilyWork,
    existing: Option<(PracticeRecord, Hypothesis)>,
    body: &[u8],
) -> Result<Response, WebError> {
    let f = url_pairs(body);
    let mut errors = Vec::new();
    let text = |name: &str| form_value(&f, name).trim().to_string();
    let earlier = existing.as_ref().map(|(_, h)| h);
    let status = match earlier {
        // Once revisited, the first status stays as it was recorded.
        Some(h) if !h.revisits.is_empty() => h.status,
        _ => {
            HypothesisStatus::from_code(&form_value(&f, "status")).unwrap_or(HypothesisStatus::Open)
        }
    };
    let h = Hypothesis {
        statement: text("statement"),
        held_by: text("held_by"),
        evidence_for: text("evidence_for"),
        evidence_against: text("evidence_against"),
        status,
        // The history is never rewritten from a form.
        revisits: earlier.map(|h| h.revisits.clone()).unwrap_or_default(),
    };
    let on = date_field(&f, "on", "Date of the hypothesis", &mut errors);
    if on.is_some_and(|d| d > views::today()) {
        errors.push(FieldError::new(
            "on-day",
            "The date of the hypothesis must be today or in the past",
        ));
    }
    if h.statement.is_empty() {
        errors.push(FieldError::new("statement", "Write the hypothesis"));
    }
    if h.held_by.is_empty() {
        errors.push(FieldError::new(
            "held_by",
            "Enter who holds the hypothesis, for example the unit or the family",
        ));
    }
    let about = work.picked(&form_values(&f, "about"));
    let typed_version: u32 = form_value(&f, "version").parse().unwrap_or(0);
    if let (true, Some(on)) = (errors.is_empty(), on) {
        let mut record = match &existing {
            Some((r, _)) => {
                let mut next = r.amended(Tool::Hypothesis(h.clone()));
                next.version = typed_version + 1;
                next
            }
            None => PracticeRecord::new(
                work.scope(),
                Some(s.user.id()),
                on,
                Tool::Hypothesis(h.clone()),
            ),
        };
        record.on = on;
        record.about = about.clone();
        match super::save(state, s, record).await? {
            Ok(()) => {
                return Ok(
                    Redirect::to(&format!("/families/{}/hypotheses", work.family.id))
                        .into_response(),
                )
            }
            Err(msg) => errors.push(FieldError::new("statement", msg)),
        }
    }
    let mut page = form_page(s, work, existing.as_ref().map(|(r, _)| r), Some(&h));
    if existing.is_none() {
        page.chrome.title = "Write a hypothesis".into();
    }
    page.chrome.title = format!("Error: {}", page.chrome.title);
    page.on = DateParts::typed(&f, "on");
    page.about = about.iter().map(|p| p.to_string()).collect();
    page.version = typed_version;
    page.errors = errors;
    Ok(super::invalid(render(page)?))
}

#[derive(Template)]
#[template(path = "practice/hypothesis_revisit.html")]
pub struct RevisitForm {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub record_id: String,
    pub version: u32,
    pub hypothesis: HypothesisView,
    pub on: DateParts,
    pub note: String,
    pub statuses: Vec<(String, String)>,
    pub status: String,
    pub errors: Vec<FieldError>,
}

impl RevisitForm {
    pub fn err(&self, f: &str) -> Option<&str> {
        views::error_for(&self.errors, f)
    }
}

async fn revisit_form(
    state: &AppState,
    s: &SignedIn,
    work: &FamilyWork,
    r: &PracticeRecord,
    h: &Hypothesis,
) -> Result<RevisitForm, WebError> {
    let mut names = Names::new(state);
    Ok(RevisitForm {
        chrome: Chrome::for_user(s, "Revisit a hypothesis", ""),
        family_id: work.family.id.to_string(),
        name: work.family.name.clone(),
        record_id: r.id.to_string(),
        version: r.version,
        hypothesis: view(&mut names, work, r, h).await?,
        on: DateParts::of(Some(views::today())),
        note: String::new(),
        statuses: statuses(),
        status: h.current_status().code().to_string(),
        errors: vec![],
    })
}

pub async fn revisit_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, pid)): Path<(FamilyId, PracticeId)>,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    let (r, h) = hypothesis(&state, &work, pid).await?;
    render(revisit_form(&state, &s, &work, &r, &h).await?)
}

pub async fn revisit(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, pid)): Path<(FamilyId, PracticeId)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    let (r, h) = hypothesis(&state, &work, pid).await?;
    let f = url_pairs(&body);
    let mut errors = Vec::new();
    let note = form_value(&f, "note").trim().to_string();
    let status = HypothesisStatus::from_code(&form_value(&f, "status"));
    let on = date_field(&f, "on", "Date of the revisit", &mut errors);
    if on.is_some_and(|d| d > views::today()) {
        errors.push(FieldError::new(
            "on-day",
            "The date of the revisit must be today or in the past",
        ));
    }
    if on.is_some_and(|d| d < r.on) {
        errors.push(FieldError::new(
            "on-day",
            "The date of the revisit must be on or after the day the hypothesis was written",
        ));
    }
    if note.is_empty() {
        errors.push(FieldError::new(
            "note",
            "Write what has changed since the hypothesis was last looked at",
        ));
    }
    if status.is_none() {
        errors.push(FieldError::new(
            "status",
            "Choose where the hypothesis stands now",
        ));
    }
    let typed_version: u32 = form_value(&f, "version").parse().unwrap_or(0);
    if let (true, Some(on), Some(status)) = (errors.is_empty(), on, status) {
        let next = h.revisited(Revisit {
            on,
            by: Some(s.user.id()),
            note: note.clone(),
            status,
        });
        match next {
            Ok(next) => {
                let mut record = r.amended(Tool::Hypothesis(next));
                record.version = typed_version + 1;
                match super::save(&state, &s, record).await? {
                    Ok(()) => {
                        return Ok(
                            Redirect::to(&format!("/families/{id}/hypotheses")).into_response()
                        )
                    }
                    Err(msg) => errors.push(FieldError::new("note", msg)),
                }
            }
            Err(msg) => errors.push(FieldError::new("on-day", msg)),
        }
    }
    let mut page = revisit_form(&state, &s, &work, &r, &h).await?;
    page.chrome.title = format!("Error: {}", page.chrome.title);
    page.on = DateParts::typed(&f, "on");
    page.note = note;
    page.status = form_value(&f, "status");
    page.version = typed_version;
    page.errors = errors;
    Ok(super::invalid(render(page)?))
}
