//! The analysis of a family's chronology: what the pattern of events means
//! for the children, written and revisited by the practitioner beside the
//! chronology it reads.

use super::FamilyWork;
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
use hearth_core::ids::FamilyId;
use hearth_core::practice::{ChronologyAnalysis, PracticeRecord, Tool};

pub struct AnalysisView {
    pub id: String,
    pub on: String,
    pub by: String,
    pub covers: String,
    pub paragraphs: Vec<String>,
}

#[derive(Template)]
#[template(path = "practice/analysis.html")]
pub struct AnalysisPage {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub analyses: Vec<AnalysisView>,
    pub analysis: String,
    pub covers: String,
    pub errors: Vec<FieldError>,
}

impl AnalysisPage {
    pub fn err(&self, f: &str) -> Option<&str> {
        views::error_for(&self.errors, f)
    }
}

async fn page(
    state: &AppState,
    s: &SignedIn,
    work: &FamilyWork,
    analysis: String,
    covers: String,
    errors: Vec<FieldError>,
) -> Result<Html<String>, WebError> {
    let mut names = Names::new(state);
    let mut analyses = Vec::new();
    for r in work.records(state, "chronology_analysis").await? {
        let Tool::ChronologyAnalysis(a) = &r.tool else {
            continue;
        };
        analyses.push(AnalysisView {
            id: r.id.to_string(),
            on: views::date(r.on),
            by: match r.author {
                Some(u) => names.practitioner(u).await?,
                None => String::new(),
            },
            covers: a.covers.clone(),
            paragraphs: a
                .analysis
                .split("\n\n")
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect(),
        });
    }
    render(AnalysisPage {
        chrome: Chrome::for_user(
            s,
            format!(
                "{}Chronology analysis: {}",
                if errors.is_empty() { "" } else { "Error: " },
                work.family.name
            ),
            "",
        ),
        family_id: work.family.id.to_string(),
        name: work.family.name.clone(),
        analyses,
        analysis,
        covers,
        errors,
    })
}

pub async fn show(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::ReadRecord).await?;
    page(&state, &s, &work, String::new(), String::new(), vec![]).await
}

pub async fn add(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
    body: Bytes,
) -> Result<Response, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    let f = url_pairs(&body);
    let analysis = form_value(&f, "analysis").trim().to_string();
    let covers = form_value(&f, "covers").trim().to_string();
    let mut errors = Vec::new();
    if analysis.is_empty() {
        errors.push(FieldError::new(
            "analysis",
            "Write what the chronology tells you about the children's experience",
        ));
    } else {
        let record = PracticeRecord::new(
            work.scope(),
            Some(s.user.id()),
            views::today(),
            Tool::ChronologyAnalysis(ChronologyAnalysis {
                analysis: analysis.clone(),
                covers: covers.clone(),
            }),
        );
        match super::save(&state, &s, record).await? {
            Ok(()) => {
                return Ok(
                    Redirect::to(&format!("/families/{id}/chronology/analysis")).into_response()
                )
            }
            Err(m) => errors.push(FieldError::new("analysis", m)),
        }
    }
    Ok(super::invalid(
        page(&state, &s, &work, analysis, covers, errors).await?,
    ))
}
