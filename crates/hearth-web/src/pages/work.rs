//! "My work": the practitioner's caseload with visits due, their unit's
//! families, and drafts not yet finalised.

use super::{render, request_id};
use crate::authz::Chokepoint;
use crate::error::WebError;
use crate::security::RequestId;
use crate::session::SignedIn;
use crate::views::{self, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use axum::Extension;
use hearth_core::access::Action;
use hearth_core::model::{Person, RecordKind};
use time::Date;

pub struct CaseloadRow {
    pub person_id: String,
    pub name: String,
    pub age: String,
    pub family_id: String,
    pub last_visit: String,
    pub due: String,
    pub overdue: bool,
    pub restricted: bool,
    /// How often the plan says to visit.
    pub every: String,
}

pub struct DraftRow {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub updated: String,
}

pub struct TeamRow {
    pub team_id: String,
    pub name: String,
    pub service: String,
    pub families: i64,
}

pub struct UnitFamilyRow {
    pub family_id: String,
    pub name: String,
    pub members: usize,
}

#[derive(Template)]
#[template(path = "my_work.html")]
struct MyWork {
    chrome: Chrome,
    caseload: Vec<CaseloadRow>,
    overdue: usize,
    drafts: Vec<DraftRow>,
    unit_families: Vec<UnitFamilyRow>,
    teams: Vec<TeamRow>,
    is_manager: bool,
    /// Administrators and the data team do not open family records.
    can_record: bool,
    /// Tasks owned and handed over.
    tasks: super::practice::delegation::MyTasks,
}

/// The children for whom the practitioner is lead, with their latest visit.
pub async fn caseload(
    state: &AppState,
    s: &SignedIn,
    rid: Option<String>,
) -> Result<Vec<(Person, Option<Date>)>, WebError> {
    let gate = Chokepoint::new(state, &s.user, rid);
    let mine = state
        .store
        .people_where("lead", &s.user.id().to_string())
        .await?;
    let visible = gate.visible(mine, Action::ReadIdentity).await?;
    let mut out = Vec::new();
    for p in visible {
        let last = state.store.last_visit(p.id).await?;
        out.push((p, last));
    }
    out.sort_by_key(|(p, last)| (*last, p.details.family_name.clone()));
    Ok(out)
}

pub async fn my_work(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
) -> Result<Html<String>, WebError> {
    let today = views::today();
    let mut rows = Vec::new();
    for (p, last) in caseload(&state, &s, request_id(&rid)).await? {
        // Due as the child's plan sets it (working days from the last visit).
        let visit = super::practice::intensity::visit_status(&state, &p, last).await?;
        let due = visit.as_ref().map_or(today, |v| v.due_date);
        rows.push(CaseloadRow {
            person_id: p.id.to_string(),
            name: p.details.full_name(),
            age: views::age_words(p.details.date_of_birth, today),
            family_id: p
                .families
                .first()
                .map(|f| f.to_string())
                .unwrap_or_default(),
            last_visit: last
                .map(views::date)
                .unwrap_or_else(|| "No visit recorded".into()),
            due: views::date(due),
            overdue: due < today,
            every: visit
                .map(|v| format!("every {} working days", v.every))
                .unwrap_or_default(),
            restricted: p.restricted,
        });
    }
    let overdue = rows.iter().filter(|r| r.overdue).count();
    let drafts = state
        .store
        .open_drafts(s.user.id())
        .await?
        .into_iter()
        .map(|d| DraftRow {
            id: d.id.to_string(),
            kind: RecordKind::from_code(&d.kind)
                .map(|k| k.label())
                .unwrap_or("Record")
                .to_string(),
            title: d
                .fields
                .get("title")
                .filter(|t| !t.trim().is_empty())
                .cloned()
                .unwrap_or_else(|| "Untitled".into()),
            updated: views::date_time(d.updated_at),
        })
        .collect();
    let mut unit_families = Vec::new();
    for u in &s.user.actor.units {
        for f in state.store.families_where("unit", &u.to_string()).await? {
            unit_families.push(UnitFamilyRow {
                family_id: f.id.to_string(),
                name: f.name.clone(),
                members: f.current_members().count(),
            });
        }
    }
    unit_families.sort_by(|a, b| a.name.cmp(&b.name));
    // Teams: a manager's whole service, anyone else their own teams.
    let is_manager = s.user.is(hearth_core::model::Discipline::Manager);
    let mut teams = Vec::new();
    for t in state.store.teams().await? {
        let mine = s.user.actor.teams.contains(&t.id)
            || (is_manager && s.user.actor.services.contains(&t.service));
        if mine && t.end.is_none() {
            teams.push(TeamRow {
                team_id: t.id.to_string(),
                families: state
                    .store
                    .count_where(
                        hearth_core::projection::DocKind::Family,
                        "team",
                        &t.id.to_string(),
                    )
                    .await?,
                name: t.name,
                service: t.service,
            });
        }
    }
    teams.sort_by(|a, b| (&a.service, &a.name).cmp(&(&b.service, &b.name)));
    let tasks = super::practice::delegation::my_tasks(&state, &s, &rid).await?;
    render(MyWork {
        tasks,
        chrome: Chrome::for_user(&s, "My work", "my-work"),
        caseload: rows,
        overdue,
        drafts,
        unit_families,
        teams,
        is_manager,
        can_record: s.user.practitioner.discipline.records_cases(),
    })
}
