//! Mapping pages: the family's mappings over time, the latest shown as the
//! three columns it is drawn in with the family, and a form to start or carry
//! on a mapping (it can be saved part-done and finished later).

use super::{date_field, form_values, DateParts, FamilyWork};
use crate::error::WebError;
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
use hearth_core::ids::{FamilyId, PersonId, PracticeId};
use hearth_core::practice::mapping::Mapping;
use hearth_core::practice::{PracticeRecord, Tool};

/// One section of a mapping as shown: heading and its points, one per line.
pub struct SectionView {
    pub heading: &'static str,
    pub points: Vec<String>,
}

pub struct MappingView {
    pub id: String,
    pub on: String,
    pub about: String,
    pub participants: String,
    /// The three columns: worried about, working well, needs to happen.
    pub columns: Vec<(&'static str, Vec<SectionView>)>,
}

/// A mapping as shown; `name_of` names the people it is about.
pub fn view(name_of: &dyn Fn(PersonId) -> String, r: &PracticeRecord, m: &Mapping) -> MappingView {
    let section = |f: &str| {
        let (_, heading, _) = Mapping::SECTIONS
            .iter()
            .find(|(k, _, _)| *k == f)
            .copied()
            .unwrap_or(("", "", ""));
        SectionView {
            heading,
            points: m
                .section(f)
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| l.trim_start_matches(['-', '*', '•']).trim().to_string())
                .collect(),
        }
    };
    MappingView {
        id: r.id.to_string(),
        on: views::date(r.on),
        about: r
            .about
            .iter()
            .map(|p| name_of(*p))
            .collect::<Vec<_>>()
            .join(", "),
        participants: m.participants.clone(),
        columns: vec![
            (
                "What are we worried about?",
                vec![
                    section("harm"),
                    section("danger_statements"),
                    section("complicating_factors"),
                ],
            ),
            (
                "What is working well?",
                vec![section("strengths"), section("existing_safety")],
            ),
            (
                "What needs to happen?",
                vec![section("safety_goals"), section("next_steps")],
            ),
        ],
    }
}

#[derive(Template)]
#[template(path = "practice/mapping.html")]
pub struct MappingsPage {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub latest: Option<MappingView>,
    pub earlier: Vec<MappingView>,
}

pub async fn list(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::ReadRecord).await?;
    let mut views_: Vec<MappingView> = work
        .records(&state, "mapping")
        .await?
        .iter()
        .filter_map(|r| match &r.tool {
            Tool::Mapping(m) => Some(view(&|p| work.name_of(p), r, m)),
            _ => None,
        })
        .collect();
    let latest = if views_.is_empty() {
        None
    } else {
        Some(views_.remove(0))
    };
    render(MappingsPage {
        chrome: Chrome::for_user(&s, format!("Mapping: {}", work.family.name), ""),
        family_id: id.to_string(),
        name: work.family.name.clone(),
        latest,
        earlier: views_,
    })
}

#[derive(Template)]
#[template(path = "practice/mapping_form.html")]
pub struct MappingForm {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub action: String,
    pub version: u32,
    pub on: DateParts,
    pub children: Vec<(String, String)>,
    pub about: Vec<String>,
    pub sections: Vec<(&'static str, &'static str, &'static str, String)>,
    pub participants: String,
    pub errors: Vec<FieldError>,
    pub record_id: String,
}

impl MappingForm {
    pub fn err(&self, f: &str) -> Option<&str> {
        views::error_for(&self.errors, f)
    }
}

fn form_page(
    s: &SignedIn,
    work: &FamilyWork,
    record: Option<&PracticeRecord>,
    m: &Mapping,
) -> MappingForm {
    let id = work.family.id;
    MappingForm {
        chrome: Chrome::for_user(
            s,
            if record.is_some() {
                "Carry on a mapping"
            } else {
                "Start a mapping"
            },
            "",
        ),
        family_id: id.to_string(),
        name: work.family.name.clone(),
        action: match record {
            Some(r) => format!("/families/{id}/mapping/{}", r.id),
            None => format!("/families/{id}/mapping/new"),
        },
        version: record.map_or(0, |r| r.version),
        on: DateParts::of(Some(record.map_or_else(views::today, |r| r.on))),
        children: work
            .children()
            .iter()
            .map(|p| (p.id.to_string(), p.details.full_name()))
            .collect(),
        about: match record {
            Some(r) => r.about.iter().map(|p| p.to_string()).collect(),
            None => work.children().iter().map(|p| p.id.to_string()).collect(),
        },
        sections: Mapping::SECTIONS
            .iter()
            .map(|(f, h, hint)| (*f, *h, *hint, m.section(f).to_string()))
            .collect(),
        participants: m.participants.clone(),
        errors: vec![],
        record_id: record.map(|r| r.id.to_string()).unwrap_or_default(),
    }
}

pub async fn new_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    // A new mapping starts from the last one: the family's picture moves on
    // rather than being redrawn from nothing.
    let last = work.records(&state, "mapping").await?;
    let start = match last.first().map(|r| &r.tool) {
        Some(Tool::Mapping(m)) => m.clone(),
        _ => Mapping::default(),
    };
    render(form_page(&s, &work, None, &start))
}

pub async fn edit_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, pid)): Path<(FamilyId, PracticeId)>,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    let r = work.record(&state, pid, "mapping").await?;
    let Tool::Mapping(m) = &r.tool else {
        return Err(WebError::NotFound);
    };
    render(form_page(&s, &work, Some(&r), m))
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
    let r = work.record(&state, pid, "mapping").await?;
    save(&state, &s, &work, Some(r), &body).await
}

async fn save(
    state: &AppState,
    s: &SignedIn,
    work: &FamilyWork,
    existing: Option<PracticeRecord>,
    body: &[u8],
) -> Result<Response, WebError> {
    let f = url_pairs(body);
    let mut errors = Vec::new();
    let mut m = Mapping::default();
    for (field, _, _) in Mapping::SECTIONS {
        m.set_section(field, form_value(&f, field).trim().to_string());
    }
    m.participants = form_value(&f, "participants").trim().to_string();
    let on = date_field(&f, "on", "Date of the mapping", &mut errors);
    if on.is_some_and(|d| d > views::today()) {
        errors.push(FieldError::new(
            "on-day",
            "The date of the mapping must be today or in the past",
        ));
    }
    if m.is_empty() {
        errors.push(FieldError::new(
            "harm",
            "Write something in at least one part of the mapping",
        ));
    }
    let about = work.picked(&form_values(&f, "about"));
    let typed_version: u32 = form_value(&f, "version").parse().unwrap_or(0);
    if let (true, Some(on)) = (errors.is_empty(), on) {
        let record = super::from_form(
            work,
            s,
            existing.as_ref(),
            typed_version,
            on,
            about.clone(),
            Tool::Mapping(m.clone()),
        );
        match super::save(state, s, record).await? {
            Ok(()) => {
                return Ok(
                    Redirect::to(&format!("/families/{}/mapping", work.family.id)).into_response(),
                )
            }
            Err(msg) => errors.push(FieldError::new("harm", msg)),
        }
    }
    let mut page = form_page(s, work, existing.as_ref(), &m);
    page.chrome.title = format!("Error: {}", page.chrome.title);
    page.on = DateParts::typed(&f, "on");
    page.about = about.iter().map(|p| p.to_string()).collect();
    page.version = typed_version;
    page.errors = errors;
    Ok(super::invalid(render(page)?))
}
