//! Intensity and consistency: each child's visit frequency (from their
//! statutory journey, or set by their plan with a reason) and when the next
//! visit is due; the child's lead practitioners over time; and the qualified
//! social worker named to support a lead practitioner who is not one.
//!
//! The child's page, "My work", the family's visit plans page and the team
//! page all ask [`visit_status`], so a due date is worked out one way.

use super::FamilyWork;
use crate::authz::Chokepoint;
use crate::error::WebError;
use crate::pages::{render, request_id, Path};
use crate::security::RequestId;
use crate::session::{form_value, url_pairs, SignedIn};
use crate::views::{self, Chrome, FieldError};
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Extension;
use hearth_core::access::Action;
use hearth_core::ids::{FamilyId, PersonId, UserId};
use hearth_core::model::{Discipline, Person, PersonKind, Practitioner};
use hearth_core::practice::intensity::{
    self, default_frequency, lead_history, needs_supporting_social_worker, visit_due, with_plan,
    SupportingSocialWorker, VisitFrequency, VisitPlan, MAX_WD,
};
use hearth_core::practice::{PracticeRecord, Tool};
use std::collections::HashMap;
use time::Date;

/// A child's visit frequency and next due date, as every page shows it.
pub struct VisitStatus {
    pub every: u32,
    pub basis: &'static str,
    pub reason: String,
    pub last_visit: String,
    pub due: String,
    pub overdue: bool,
    /// "Due in 3 working days", "Due today", "4 working days late".
    pub words: String,
    pub due_date: Date,
}

/// The current (latest) practice record of a tool about a child.
async fn current_about(
    state: &AppState,
    child: PersonId,
    kind: &str,
) -> Result<Option<PracticeRecord>, WebError> {
    Ok(state
        .store
        .practice_where("person", &child.to_string())
        .await?
        .into_iter()
        .filter(|r| r.is_current() && r.tool.kind() == kind)
        .max_by_key(|r| (r.on, r.version)))
}

/// How often the child is to be visited: a recorded visit plan, else the
/// default their journey sets, else (for a child with a lead practitioner
/// but no plan recorded) the child in need default, so no child on a
/// caseload goes without a due date.
pub async fn frequency(
    state: &AppState,
    child: &Person,
    today: Date,
) -> Result<Option<VisitFrequency>, WebError> {
    let allocated = child.lead_practitioner().is_some();
    let child = child.id;
    let journey = crate::pages::journey::journey_of(state, child).await?;
    let default = default_frequency(&journey, today).or_else(|| {
        allocated.then(|| VisitFrequency {
            every_working_days: intensity::CHILD_IN_NEED_WD,
            basis: intensity::VisitBasis::ChildInNeed,
            reason: "No plan is recorded yet: every 20 working days, the local default for a child in need".into(),
            since: None,
            first_visit_wd: None,
        })
    });
    Ok(match current_about(state, child, "visit_plan").await? {
        Some(PracticeRecord {
            tool: Tool::VisitPlan(p),
            on,
            ..
        }) => Some(with_plan(default, &p, on)),
        _ => default,
    })
}

fn due_words(days: i64) -> String {
    match days {
        0 => "Due today".into(),
        1 => "Due in 1 working day".into(),
        n if n > 1 => format!("Due in {n} working days"),
        -1 => "1 working day late".into(),
        n => format!("{} working days late", -n),
    }
}

/// The child's visit status, from their plan and their last visit.
pub async fn visit_status(
    state: &AppState,
    child: &Person,
    last_visit: Option<Date>,
) -> Result<Option<VisitStatus>, WebError> {
    let today = views::today();
    let Some(f) = frequency(state, child, today).await? else {
        return Ok(None);
    };
    let d = visit_due(&f, last_visit, today);
    Ok(Some(VisitStatus {
        every: f.every_working_days,
        basis: f.basis.label(),
        reason: f.reason,
        last_visit: last_visit
            .map(views::date)
            .unwrap_or_else(|| "No visit recorded".into()),
        due: views::date(d.due),
        overdue: d.overdue,
        words: due_words(d.working_days_left),
        due_date: d.due,
    }))
}

/// The qualified social worker supporting a child's lead practitioner, if
/// the lead needs one: (lead's name, lead's discipline, supporting worker's
/// name if named).
pub struct SupportView {
    pub lead: String,
    pub discipline: &'static str,
    pub supporting: Option<String>,
}

pub async fn support_view(
    state: &AppState,
    child: &Person,
) -> Result<Option<SupportView>, WebError> {
    let Some(lead) = child.lead_practitioner() else {
        return Ok(None);
    };
    let Some(p) = state.store.practitioner(lead).await? else {
        return Ok(None);
    };
    if !needs_supporting_social_worker(p.discipline) {
        return Ok(None);
    }
    let supporting = match current_about(state, child.id, "supporting_social_worker").await? {
        Some(PracticeRecord {
            tool: Tool::SupportingSocialWorker(s),
            ..
        }) => state
            .store
            .practitioner(s.social_worker)
            .await?
            .map(|p| p.display_name),
        _ => None,
    };
    Ok(Some(SupportView {
        lead: p.display_name,
        discipline: p.discipline.label(),
        supporting,
    }))
}

/// What the child's page adds: visits, consistency of practitioner and the
/// supporting social worker.
pub struct ChildPanel {
    pub visit: Option<VisitStatus>,
    pub leads_ever: usize,
    pub leads_12_months: usize,
    pub too_many: bool,
    pub support: Option<SupportView>,
    pub family_id: String,
}

pub async fn child_panel(state: &AppState, p: &Person) -> Result<Option<ChildPanel>, WebError> {
    if p.kind != PersonKind::Child {
        return Ok(None);
    }
    let last = state.store.last_visit(p.id).await?;
    let h = lead_history(&p.allocations, views::today());
    Ok(Some(ChildPanel {
        visit: visit_status(state, p, last).await?,
        leads_ever: h.ever,
        leads_12_months: h.last_12_months,
        too_many: h.too_many(),
        support: support_view(state, p).await?,
        family_id: p
            .families
            .first()
            .map(|f| f.to_string())
            .unwrap_or_default(),
    }))
}

// ---- the family's visit plans ----

pub struct PlanRow {
    pub child_id: String,
    pub name: String,
    pub status: Option<VisitStatus>,
    /// The recorded plan, if one overrides the default (id for removing it).
    pub plan_id: String,
}

#[derive(Template)]
#[template(path = "practice/visit_plans.html")]
pub struct PlansPage {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub rows: Vec<PlanRow>,
}

pub async fn list(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::ReadRecord).await?;
    let plans = work.records(&state, "visit_plan").await?;
    let mut rows = Vec::new();
    for c in work.children() {
        let last = state.store.last_visit(c.id).await?;
        rows.push(PlanRow {
            child_id: c.id.to_string(),
            name: c.details.full_name(),
            status: visit_status(&state, c, last).await?,
            plan_id: plans
                .iter()
                .find(|r| matches!(&r.tool, Tool::VisitPlan(p) if p.child == c.id))
                .map(|r| r.id.to_string())
                .unwrap_or_default(),
        });
    }
    render(PlansPage {
        chrome: Chrome::for_user(&s, format!("Visit plans: {}", work.family.name), ""),
        family_id: id.to_string(),
        name: work.family.name.clone(),
        rows,
    })
}

#[derive(Template)]
#[template(path = "practice/visit_plan_form.html")]
pub struct PlanForm {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub children: Vec<(String, String)>,
    pub child: String,
    /// The default for the chosen child, in words.
    pub default: String,
    pub every: String,
    pub reason: String,
    pub version: u32,
    pub max: u32,
    pub errors: Vec<FieldError>,
}

impl PlanForm {
    pub fn err(&self, f: &str) -> Option<&str> {
        views::error_for(&self.errors, f)
    }
}

#[derive(serde::Deserialize)]
pub struct ChildQuery {
    pub child: Option<String>,
}

/// The family's current plan for a child, if one is recorded.
fn plan_for(plans: &[PracticeRecord], child: PersonId) -> Option<(&PracticeRecord, &VisitPlan)> {
    plans.iter().find_map(|r| match &r.tool {
        Tool::VisitPlan(p) if p.child == child => Some((r, p)),
        _ => None,
    })
}

async fn plan_form(
    state: &AppState,
    s: &SignedIn,
    work: &FamilyWork,
    child: Option<PersonId>,
) -> Result<PlanForm, WebError> {
    let plans = work.records(state, "visit_plan").await?;
    let existing = child.and_then(|c| plan_for(&plans, c));
    let default = match child {
        Some(c) => {
            let j = crate::pages::journey::journey_of(state, c).await?;
            match default_frequency(&j, views::today()) {
                Some(f) => format!("Every {} working days. {}", f.every_working_days, f.reason),
                None => "No plan is open, so no visit frequency is set by default.".into(),
            }
        }
        None => String::new(),
    };
    let mut children = vec![(String::new(), "Choose a child".to_string())];
    children.extend(
        work.children()
            .iter()
            .map(|p| (p.id.to_string(), p.details.full_name())),
    );
    Ok(PlanForm {
        chrome: Chrome::for_user(s, "Set how often a child is visited", ""),
        family_id: work.family.id.to_string(),
        name: work.family.name.clone(),
        children,
        child: child.map(|c| c.to_string()).unwrap_or_default(),
        default,
        every: existing
            .map(|(_, p)| p.every_working_days.to_string())
            .unwrap_or_default(),
        reason: existing.map(|(_, p)| p.reason.clone()).unwrap_or_default(),
        version: existing.map_or(0, |(r, _)| r.version),
        max: MAX_WD,
        errors: vec![],
    })
}

pub async fn plan_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
    Query(q): Query<ChildQuery>,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    let child = work
        .picked(&[q.child.unwrap_or_default()])
        .into_iter()
        .next();
    render(plan_form(&state, &s, &work, child).await?)
}

pub async fn save_plan(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
    body: Bytes,
) -> Result<Response, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    let f = url_pairs(&body);
    let mut errors = Vec::new();
    let child = work
        .picked(&[form_value(&f, "child")])
        .into_iter()
        .find(|c| work.children().iter().any(|p| p.id == *c));
    if child.is_none() {
        errors.push(FieldError::new("child", "Select the child"));
    }
    let every_typed = form_value(&f, "every").trim().to_string();
    let every = match every_typed.parse::<u32>() {
        Ok(n) if (1..=MAX_WD).contains(&n) => Some(n),
        _ => {
            errors.push(FieldError::new(
                "every",
                format!("Enter a whole number of working days from 1 to {MAX_WD}"),
            ));
            None
        }
    };
    let reason = form_value(&f, "reason").trim().to_string();
    if reason.is_empty() {
        errors.push(FieldError::new(
            "reason",
            "Enter the reason: what in the plan sets this frequency",
        ));
    }
    let typed_version: u32 = form_value(&f, "version").parse().unwrap_or(0);
    if let (true, Some(c), Some(n)) = (errors.is_empty(), child, every) {
        let plan = VisitPlan {
            child: c,
            every_working_days: n,
            reason: reason.clone(),
        };
        let plans = work.records(&state, "visit_plan").await?;
        let record = match plan_for(&plans, c) {
            Some((r, _)) => {
                let mut next = r.amended(Tool::VisitPlan(plan));
                next.version = typed_version + 1;
                next.on = views::today();
                next
            }
            None => {
                let mut r = PracticeRecord::new(
                    work.scope(),
                    Some(s.user.id()),
                    views::today(),
                    Tool::VisitPlan(plan),
                );
                r.about = vec![c];
                r
            }
        };
        match super::save(&state, &s, record).await? {
            Ok(()) => {
                return Ok(Redirect::to(&format!("/families/{id}/visit-plans")).into_response())
            }
            Err(m) => errors.push(FieldError::new("every", m)),
        }
    }
    let mut page = plan_form(&state, &s, &work, child).await?;
    page.chrome.title = format!("Error: {}", page.chrome.title);
    page.child = form_value(&f, "child");
    page.every = every_typed;
    page.reason = reason;
    page.version = typed_version;
    page.errors = errors;
    Ok(super::invalid(render(page)?))
}

// ---- naming a supporting social worker ----

/// Qualified social workers who may support a lead practitioner: active,
/// social workers, with a Social Work England registration number.
pub async fn qualified_choices(state: &AppState) -> Result<Vec<(String, String)>, WebError> {
    let mut v: Vec<(String, String)> = state
        .store
        .practitioners()
        .await?
        .into_iter()
        .filter(|p| {
            p.active && p.discipline == Discipline::SocialWorker && p.registration_number.is_some()
        })
        .map(|p| {
            let reg = p
                .registration_number
                .as_ref()
                .map(|r| r.to_string())
                .unwrap_or_default();
            (p.id.to_string(), format!("{} ({reg})", p.display_name))
        })
        .collect();
    v.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(v)
}

#[derive(Template)]
#[template(path = "practice/supporting_form.html")]
pub struct SupportForm {
    pub chrome: Chrome,
    pub person_id: String,
    pub name: String,
    pub support: Option<SupportView>,
    pub choices: Vec<(String, String)>,
    pub chosen: String,
    pub version: u32,
    pub errors: Vec<FieldError>,
}

impl SupportForm {
    pub fn err(&self, f: &str) -> Option<&str> {
        views::error_for(&self.errors, f)
    }
}

/// The child and the family whose record the supporting social worker is
/// kept in, opened for writing through the chokepoint.
async fn open_child(
    state: &AppState,
    s: &SignedIn,
    rid: &Option<Extension<RequestId>>,
    id: PersonId,
) -> Result<(Person, FamilyWork), WebError> {
    let child = Chokepoint::new(state, &s.user, request_id(rid))
        .person(id, Action::WriteRecord)
        .await?;
    if child.kind != PersonKind::Child {
        return Err(WebError::NotFound);
    }
    let family = *child.families.first().ok_or(WebError::NotFound)?;
    let work = FamilyWork::open(state, s, rid, family, Action::WriteRecord).await?;
    Ok((child, work))
}

async fn support_form(
    state: &AppState,
    s: &SignedIn,
    child: &Person,
    work: &FamilyWork,
) -> Result<SupportForm, WebError> {
    let existing = existing_support(state, work, child.id).await?;
    let mut choices = vec![(
        String::new(),
        "Choose a qualified social worker".to_string(),
    )];
    choices.extend(qualified_choices(state).await?);
    Ok(SupportForm {
        chrome: Chrome::for_user(s, "Name a supporting social worker", ""),
        person_id: child.id.to_string(),
        name: child.details.full_name(),
        support: support_view(state, child).await?,
        choices,
        chosen: existing
            .as_ref()
            .map(|(_, x)| x.social_worker.to_string())
            .unwrap_or_default(),
        version: existing.as_ref().map_or(0, |(r, _)| r.version),
        errors: vec![],
    })
}

async fn existing_support(
    state: &AppState,
    work: &FamilyWork,
    child: PersonId,
) -> Result<Option<(PracticeRecord, SupportingSocialWorker)>, WebError> {
    Ok(work
        .records(state, "supporting_social_worker")
        .await?
        .into_iter()
        .find_map(|r| match &r.tool {
            Tool::SupportingSocialWorker(x) if x.child == child => {
                let x = x.clone();
                Some((r, x))
            }
            _ => None,
        }))
}

pub async fn support_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<PersonId>,
) -> Result<Html<String>, WebError> {
    let (child, work) = open_child(&state, &s, &rid, id).await?;
    render(support_form(&state, &s, &child, &work).await?)
}

pub async fn save_support(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<PersonId>,
    body: Bytes,
) -> Result<Response, WebError> {
    let (child, work) = open_child(&state, &s, &rid, id).await?;
    let f = url_pairs(&body);
    let chosen = form_value(&f, "social_worker");
    let mut errors = Vec::new();
    let choices = qualified_choices(&state).await?;
    let sw: Option<UserId> = choices
        .iter()
        .find(|(c, _)| *c == chosen)
        .and_then(|(c, _)| c.parse().ok());
    if sw.is_none() {
        errors.push(FieldError::new(
            "social_worker",
            "Select a qualified social worker",
        ));
    }
    let typed_version: u32 = form_value(&f, "version").parse().unwrap_or(0);
    if let (true, Some(sw)) = (errors.is_empty(), sw) {
        let tool = Tool::SupportingSocialWorker(SupportingSocialWorker {
            child: child.id,
            social_worker: sw,
        });
        let record = match existing_support(&state, &work, child.id).await? {
            Some((r, _)) => {
                let mut next = r.amended(tool);
                next.version = typed_version + 1;
                next.on = views::today();
                next
            }
            None => {
                let mut r =
                    PracticeRecord::new(work.scope(), Some(s.user.id()), views::today(), tool);
                r.about = vec![child.id];
                r
            }
        };
        match super::save(&state, &s, record).await? {
            Ok(()) => return Ok(Redirect::to(&format!("/people/{}", child.id)).into_response()),
            Err(m) => errors.push(FieldError::new("social_worker", m)),
        }
    }
    let mut page = support_form(&state, &s, &child, &work).await?;
    page.chrome.title = format!("Error: {}", page.chrome.title);
    page.chosen = chosen;
    page.version = typed_version;
    page.errors = errors;
    Ok(super::invalid(render(page)?))
}

// ---- the team page, for managers ----

pub struct ChildFlag {
    pub person_id: String,
    pub name: String,
    pub detail: String,
}

pub struct CaseloadRow {
    pub name: String,
    pub discipline: &'static str,
    pub children: usize,
    pub this_month: String,
    pub last_three: String,
    pub time_href: String,
}

/// What the team page adds for a manager: each practitioner's caseload and
/// share of time in direct work, children with many lead practitioners,
/// leads without a supporting social worker, and visits overdue.
pub struct TeamPanel {
    pub caseloads: Vec<CaseloadRow>,
    pub many_leads: Vec<ChildFlag>,
    pub missing_support: Vec<ChildFlag>,
    pub visits_overdue: Vec<ChildFlag>,
    pub this_month: String,
}

pub async fn team_panel(
    state: &AppState,
    s: &SignedIn,
    rid: &Option<Extension<RequestId>>,
    team: hearth_core::ids::TeamId,
    families: &[FamilyId],
) -> Result<TeamPanel, WebError> {
    let gate = Chokepoint::new(state, &s.user, request_id(rid));
    let store = &state.store;
    let today = views::today();
    let pracs: HashMap<UserId, Practitioner> = store
        .practitioners()
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    // The team's children (current members of its families), each check of
    // identity audited; a restricted child the manager is not named on is
    // left out.
    let mut children = Vec::new();
    for f in families {
        for p in store.people_where("family", &f.to_string()).await? {
            if p.kind == PersonKind::Child && !children.iter().any(|c: &Person| c.id == p.id) {
                children.push(p);
            }
        }
    }
    let children = gate.visible(children, Action::ReadIdentity).await?;
    let mut panel = TeamPanel {
        caseloads: vec![],
        many_leads: vec![],
        missing_support: vec![],
        visits_overdue: vec![],
        this_month: format!("{} {}", today.month(), today.year()),
    };
    let name_of = |u: UserId| {
        pracs
            .get(&u)
            .map(|p| p.display_name.clone())
            .unwrap_or_default()
    };
    for c in &children {
        let h = lead_history(&c.allocations, today);
        if h.too_many() {
            let reasons: Vec<String> = h
                .changes
                .iter()
                .filter(|a| {
                    a.to.is_none_or(|t| t > hearth_core::calendar::add_months(today, -12))
                })
                .map(|a| a.reason.clone())
                .collect();
            panel.many_leads.push(ChildFlag {
                person_id: c.id.to_string(),
                name: c.details.full_name(),
                detail: format!(
                    "{} lead practitioners in 12 months: {}",
                    h.last_12_months,
                    reasons.join("; ")
                ),
            });
        }
        if let Some(sv) = support_view(state, c).await? {
            if sv.supporting.is_none() {
                panel.missing_support.push(ChildFlag {
                    person_id: c.id.to_string(),
                    name: c.details.full_name(),
                    detail: format!("Lead practitioner {} ({})", sv.lead, sv.discipline),
                });
            }
        }
        let last = store.last_visit(c.id).await?;
        if let Some(v) = visit_status(state, c, last).await? {
            if v.overdue {
                panel.visits_overdue.push(ChildFlag {
                    person_id: c.id.to_string(),
                    name: c.details.full_name(),
                    detail: format!(
                        "Due {} ({}); lead practitioner {}",
                        v.due,
                        v.words,
                        c.lead_practitioner().map(name_of).unwrap_or_default()
                    ),
                });
            }
        }
    }
    // The team's practitioners: caseload and their share of time in direct
    // work, each read of someone's time decided and audited.
    let mut members: Vec<&Practitioner> = pracs
        .values()
        .filter(|p| p.active && p.current_memberships().any(|m| m.team_id == team))
        .collect();
    members.sort_by(|a, b| a.display_name.cmp(&b.display_name));
    let months = hearth_core::practice::timesheet::recent_months(today, 3);
    for p in members {
        let caseload = store
            .count_where(
                hearth_core::projection::DocKind::Person,
                "lead",
                &p.id.to_string(),
            )
            .await? as usize;
        let (this_month, last_three) = match gate.practitioner(p.id, Action::ReadRecord).await {
            Ok(_) => {
                let by_month = super::timesheet::months_of(state, p.id).await?;
                let pick = |keep: &dyn Fn(&(i32, time::Month)) -> bool| {
                    let (d, a) = by_month
                        .iter()
                        .filter(|m| keep(&(m.year, m.month)))
                        .fold((0u64, 0u64), |(d, a), m| (d + m.direct, a + m.all));
                    super::timesheet::percent_words(d, a)
                };
                let current = months.last().copied();
                (
                    pick(&|k| Some(*k) == current),
                    pick(&|k| months[..months.len() - 1].contains(k)),
                )
            }
            Err(WebError::Refused(..)) => ("Not shown".into(), "Not shown".into()),
            Err(e) => return Err(e),
        };
        panel.caseloads.push(CaseloadRow {
            name: p.display_name.clone(),
            discipline: p.discipline.label(),
            children: caseload,
            this_month,
            last_three,
            time_href: format!("/practitioners/{}/time", p.id),
        });
    }
    Ok(panel)
}
