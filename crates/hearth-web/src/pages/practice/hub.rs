//! The family's practice page: every tool, how often it has been used with
//! this family and when last, and the way in to each. Also taking a record
//! out (recorded in error), which every tool shares.

use super::FamilyWork;
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
use hearth_core::ids::{FamilyId, PracticeId};

/// One tool as the practice page lists it: (tool kind, title, what it is
/// for, path under the family).
pub struct ToolLink {
    pub kind: &'static str,
    pub title: &'static str,
    pub what: &'static str,
    pub path: &'static str,
    /// The feature of practice it serves.
    pub feature: &'static str,
}

pub const TOOLS: &[ToolLink] = &[
    ToolLink {
        kind: "mapping",
        title: "Mapping",
        what: "What we are worried about, what is working well and what needs to happen.",
        path: "mapping",
        feature: "A strengths-based framework",
    },
    ToolLink {
        kind: "scaling",
        title: "Scaling",
        what: "Where the child, the parents, the worker and partners put things on a scale of 0 to 10, over time.",
        path: "scaling",
        feature: "A strengths-based framework",
    },
    ToolLink {
        kind: "task",
        title: "Delegated tasks",
        what: "Tasks handed to a practice assistant, family practitioner or volunteer, so the social worker's time goes to direct work.",
        path: "tasks",
        feature: "Skilled direct work",
    },
    ToolLink {
        kind: "visit_plan",
        title: "Visit plans",
        what: "How often each child is to be seen, as their plan sets it, and when the next visit is due.",
        path: "visit-plans",
        feature: "High intensity and consistency of practitioner",
    },
    ToolLink {
        kind: "chronology_analysis",
        title: "Chronology analysis",
        what: "What the family's chronology tells us about the children's experience.",
        path: "chronology/analysis",
        feature: "Systemic approaches",
    },
    ToolLink {
        kind: "specialist",
        title: "Adult specialists",
        what: "Domestic abuse, mental health and substance use specialists working with the adults.",
        path: "specialists",
        feature: "Multi-disciplinary skill sets",
    },
    ToolLink {
        kind: "sharing",
        title: "Information sharing",
        what: "What is shared with partner agencies, why, and with whose consent.",
        path: "sharing",
        feature: "Multi-disciplinary skill sets",
    },
    ToolLink {
        kind: "safety_plan",
        title: "Safety plan",
        what: "The family's rules for keeping the children safe, and the safety network drawn from the people around them.",
        path: "safety-plan",
        feature: "A strengths-based framework",
    },
    ToolLink {
        kind: "childs_views",
        title: "The children's views",
        what: "Each child's worries, good things and dreams in their own words, and drawings they chose to share.",
        path: "views",
        feature: "Whole-family focus and the child's voice",
    },
    ToolLink {
        kind: "conference",
        title: "Family group conferences",
        what: "Referral, who was invited from the family network and who came, the family's plan and its reviews.",
        path: "conferences",
        feature: "Whole-family focus and the child's voice",
    },
    ToolLink {
        kind: "feedback",
        title: "The family's feedback",
        what: "What the family say about the work with them, in their words and on a scale of 1 to 5.",
        path: "feedback",
        feature: "Whole-family focus and the child's voice",
    },
    ToolLink {
        kind: "hypothesis",
        title: "Hypotheses",
        what: "Ideas about what is happening in the family and why, with the evidence for and against, revisited over time.",
        path: "hypotheses",
        feature: "Using systemic approaches to social work practice",
    },
    ToolLink {
        kind: "case_discussion",
        title: "Case discussions",
        what: "The family's discussions in the unit's meetings: decisions, actions with owners and dates, and the manager's sign-off.",
        path: "discussions",
        feature: "Undertaking group case discussion",
    },
];

pub struct ToolRow {
    pub title: &'static str,
    pub what: &'static str,
    pub feature: &'static str,
    pub href: String,
    pub count: usize,
    pub latest: String,
}

#[derive(Template)]
#[template(path = "practice/hub.html")]
pub struct HubPage {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub tools: Vec<ToolRow>,
    pub removed: bool,
}

pub async fn page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
    axum::extract::RawQuery(q): axum::extract::RawQuery,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::ReadRecord).await?;
    let all = work.all_records(&state).await?;
    let tools = TOOLS
        .iter()
        .map(|t| {
            let mine: Vec<_> = all.iter().filter(|r| r.tool.kind() == t.kind).collect();
            ToolRow {
                title: t.title,
                what: t.what,
                feature: t.feature,
                href: format!("/families/{}/{}", id, t.path),
                count: mine.len(),
                latest: mine
                    .iter()
                    .map(|r| r.on)
                    .max()
                    .map(views::date)
                    .unwrap_or_default(),
            }
        })
        .collect();
    render(HubPage {
        chrome: Chrome::for_user(&s, format!("Practice with {}", work.family.name), ""),
        family_id: id.to_string(),
        name: work.family.name.clone(),
        tools,
        removed: q.is_some_and(|q| q.contains("removed")),
    })
}

#[derive(Template)]
#[template(path = "practice/remove.html")]
pub struct RemovePage {
    pub chrome: Chrome,
    pub family_id: String,
    pub record_id: String,
    pub what: String,
    pub reason: String,
    pub errors: Vec<FieldError>,
}

impl RemovePage {
    pub fn err(&self, f: &str) -> Option<&str> {
        views::error_for(&self.errors, f)
    }
}

async fn removable(
    state: &AppState,
    s: &SignedIn,
    rid: &Option<Extension<RequestId>>,
    id: FamilyId,
    pid: PracticeId,
) -> Result<(FamilyWork, hearth_core::practice::PracticeRecord), WebError> {
    let work = FamilyWork::open(state, s, rid, id, Action::WriteRecord).await?;
    let r = match state.store.practice(pid).await? {
        Some(r) if work.may_see(&r) && r.is_current() => r,
        _ => return Err(WebError::NotFound),
    };
    Ok((work, r))
}

fn describe(r: &hearth_core::practice::PracticeRecord) -> String {
    let title = TOOLS
        .iter()
        .find(|t| t.kind == r.tool.kind())
        .map_or("record", |t| t.title);
    format!("{title} of {}", views::date(r.on))
}

pub async fn remove_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, pid)): Path<(FamilyId, PracticeId)>,
) -> Result<Html<String>, WebError> {
    let (_, r) = removable(&state, &s, &rid, id, pid).await?;
    render(RemovePage {
        chrome: Chrome::for_user(&s, "Remove a record", ""),
        family_id: id.to_string(),
        record_id: pid.to_string(),
        what: describe(&r),
        reason: String::new(),
        errors: vec![],
    })
}

pub async fn remove(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, pid)): Path<(FamilyId, PracticeId)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let (_, r) = removable(&state, &s, &rid, id, pid).await?;
    let f = url_pairs(&body);
    let reason = form_value(&f, "reason").trim().to_string();
    let mut errors = Vec::new();
    if reason.is_empty() {
        errors.push(FieldError::new(
            "reason",
            "Enter why the record is being removed",
        ));
    } else if let Err(m) = super::remove(&state, &s, &r, reason.clone()).await? {
        errors.push(FieldError::new("reason", m));
    }
    if errors.is_empty() {
        return Ok(Redirect::to(&format!("/families/{id}/practice?removed=1")).into_response());
    }
    Ok(super::invalid(render(RemovePage {
        chrome: Chrome::for_user(&s, "Error: Remove a record", ""),
        family_id: id.to_string(),
        record_id: pid.to_string(),
        what: describe(&r),
        reason,
        errors,
    })?))
}
