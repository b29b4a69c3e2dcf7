//! Delegated tasks: the social worker hands the school run, supervising
//! family time, minutes or practical support to a practice assistant, family
//! practitioner or volunteer working with the family's team or unit; the
//! owner marks it done and says what happened. The family's tasks page lists
//! open tasks (overdue ones marked) and done ones; "My work" lists each
//! owner's open tasks across families and what each social worker has handed
//! over.

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
use hearth_core::ids::{FamilyId, PracticeId, UserId};
use hearth_core::model::Family;
use hearth_core::practice::delegation::{may_own, Task, TaskKind};
use hearth_core::practice::{PracticeRecord, Tool};
use std::collections::HashMap;

/// One task as the pages show it.
pub struct TaskRow {
    pub id: String,
    pub family_id: String,
    pub family: String,
    pub kind: &'static str,
    pub title: String,
    pub detail: String,
    pub about: String,
    pub owner: String,
    pub delegated_by: String,
    pub due: String,
    pub overdue: bool,
    pub done: String,
    pub outcome: String,
}

/// Practitioners' names by id, looked up once per page.
pub async fn names(state: &AppState) -> Result<HashMap<UserId, String>, WebError> {
    Ok(state
        .store
        .practitioners()
        .await?
        .into_iter()
        .map(|p| (p.id, p.display_name))
        .collect())
}

fn row(
    r: &PracticeRecord,
    t: &Task,
    family: &Family,
    about: String,
    names: &HashMap<UserId, String>,
) -> TaskRow {
    let name = |u: UserId| names.get(&u).cloned().unwrap_or_else(|| "Unknown".into());
    TaskRow {
        id: r.id.to_string(),
        family_id: family.id.to_string(),
        family: family.name.clone(),
        kind: t.kind.label(),
        title: t.title.clone(),
        detail: t.detail.clone(),
        about,
        owner: name(t.owner),
        delegated_by: t.delegated_by.map(name).unwrap_or_default(),
        due: views::date(t.due),
        overdue: t.overdue(views::today()),
        done: views::opt_date(t.done),
        outcome: t.outcome.clone(),
    }
}

/// Who a task may be handed to: active practice assistants, family
/// practitioners and volunteers on the family's own team, in its unit or in
/// the team holding it (so they can open the family's record).
pub async fn owner_choices(
    state: &AppState,
    family: &Family,
) -> Result<Vec<(String, String)>, WebError> {
    let mut v: Vec<(String, String)> = state
        .store
        .practitioners()
        .await?
        .into_iter()
        .filter(|p| p.active && may_own(p.discipline))
        .filter(|p| {
            family.current_team().any(|m| m.user_id == p.id)
                || p.current_memberships().any(|m| {
                    Some(m.team_id) == family.team_id
                        || (m.unit_id.is_some() && m.unit_id == family.unit_id)
                })
        })
        .map(|p| {
            (
                p.id.to_string(),
                format!("{} ({})", p.display_name, p.discipline.label()),
            )
        })
        .collect();
    v.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(v)
}

#[derive(Template)]
#[template(path = "practice/tasks.html")]
pub struct TasksPage {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub open: Vec<TaskRow>,
    pub done: Vec<TaskRow>,
    pub overdue: usize,
}

fn task_of(r: &PracticeRecord) -> Option<&Task> {
    match &r.tool {
        Tool::Task(t) => Some(t),
        _ => None,
    }
}

fn about(work: &FamilyWork, r: &PracticeRecord) -> String {
    r.about
        .iter()
        .map(|p| work.name_of(*p))
        .collect::<Vec<_>>()
        .join(", ")
}

pub async fn list(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::ReadRecord).await?;
    let names = names(&state).await?;
    let records = work.records(&state, "task").await?;
    let mut open: Vec<(&Task, TaskRow)> = Vec::new();
    let mut done: Vec<(&Task, TaskRow)> = Vec::new();
    for r in &records {
        let Some(t) = task_of(r) else { continue };
        let row = row(r, t, &work.family, about(&work, r), &names);
        if t.is_open() {
            open.push((t, row));
        } else {
            done.push((t, row));
        }
    }
    open.sort_by_key(|(t, _)| t.due);
    done.sort_by_key(|(t, _)| std::cmp::Reverse(t.done));
    let overdue = open.iter().filter(|(_, r)| r.overdue).count();
    render(TasksPage {
        chrome: Chrome::for_user(&s, format!("Tasks: {}", work.family.name), ""),
        family_id: id.to_string(),
        name: work.family.name.clone(),
        open: open.into_iter().map(|(_, r)| r).collect(),
        done: done.into_iter().map(|(_, r)| r).collect(),
        overdue,
    })
}

#[derive(Template)]
#[template(path = "practice/task_form.html")]
pub struct TaskForm {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub kinds: Vec<(String, String)>,
    pub kind: String,
    pub title: String,
    pub detail: String,
    pub owners: Vec<(String, String)>,
    pub owner: String,
    pub due: DateParts,
    pub children: Vec<(String, String)>,
    pub about: Vec<String>,
    pub errors: Vec<FieldError>,
}

impl TaskForm {
    pub fn err(&self, f: &str) -> Option<&str> {
        views::error_for(&self.errors, f)
    }
}

async fn form_page(
    state: &AppState,
    s: &SignedIn,
    work: &FamilyWork,
) -> Result<TaskForm, WebError> {
    let mut owners = vec![(String::new(), "Choose who will do it".to_string())];
    owners.extend(owner_choices(state, &work.family).await?);
    Ok(TaskForm {
        chrome: Chrome::for_user(s, "Hand over a task", ""),
        family_id: work.family.id.to_string(),
        name: work.family.name.clone(),
        kinds: TaskKind::ALL
            .iter()
            .map(|k| (k.code().to_string(), k.label().to_string()))
            .collect(),
        kind: TaskKind::Transport.code().into(),
        title: String::new(),
        detail: String::new(),
        owners,
        owner: String::new(),
        due: DateParts::default(),
        children: work
            .children()
            .iter()
            .map(|p| (p.id.to_string(), p.details.full_name()))
            .collect(),
        about: vec![],
        errors: vec![],
    })
}

pub async fn new_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    render(form_page(&state, &s, &work).await?)
}

pub async fn create(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
    body: Bytes,
) -> Result<Response, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    let f = url_pairs(&body);
    let mut page = form_page(&state, &s, &work).await?;
    let mut errors = Vec::new();
    let kind = TaskKind::from_code(&form_value(&f, "kind"));
    if kind.is_none() {
        errors.push(FieldError::new("kind", "Select what kind of task it is"));
    }
    let title = form_value(&f, "title").trim().to_string();
    if title.is_empty() {
        errors.push(FieldError::new("title", "Enter what the task is"));
    }
    let owner_code = form_value(&f, "owner");
    // Only someone offered may be chosen: a crafted id is refused here.
    let owner: Option<UserId> = page
        .owners
        .iter()
        .find(|(code, _)| !code.is_empty() && *code == owner_code)
        .and_then(|(code, _)| code.parse().ok());
    if owner.is_none() {
        errors.push(FieldError::new("owner", "Select who will do the task"));
    }
    let due = date_field(&f, "due", "Due date", &mut errors);
    let picked = work.picked(&form_values(&f, "about"));
    if let (true, Some(kind), Some(owner), Some(due)) = (errors.is_empty(), kind, owner, due) {
        let task = Task {
            kind,
            title: title.clone(),
            detail: form_value(&f, "detail").trim().to_string(),
            owner,
            delegated_by: Some(s.user.id()),
            due,
            done: None,
            outcome: String::new(),
        };
        let mut record = PracticeRecord::new(
            work.scope(),
            Some(s.user.id()),
            views::today(),
            Tool::Task(task),
        );
        record.about = picked.clone();
        match super::save(&state, &s, record).await? {
            Ok(()) => return Ok(Redirect::to(&format!("/families/{id}/tasks")).into_response()),
            Err(m) => errors.push(FieldError::new("title", m)),
        }
    }
    page.chrome.title = format!("Error: {}", page.chrome.title);
    page.kind = form_value(&f, "kind");
    page.title = title;
    page.detail = form_value(&f, "detail");
    page.owner = owner_code;
    page.due = DateParts::typed(&f, "due");
    page.about = picked.iter().map(|p| p.to_string()).collect();
    page.errors = errors;
    Ok(super::invalid(render(page)?))
}

#[derive(Template)]
#[template(path = "practice/task_done.html")]
pub struct DoneForm {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub task: TaskRow,
    pub record_id: String,
    pub version: u32,
    pub on: DateParts,
    pub outcome: String,
    pub errors: Vec<FieldError>,
}

impl DoneForm {
    pub fn err(&self, f: &str) -> Option<&str> {
        views::error_for(&self.errors, f)
    }
}

async fn open_task(
    state: &AppState,
    s: &SignedIn,
    rid: &Option<Extension<RequestId>>,
    id: FamilyId,
    pid: PracticeId,
) -> Result<(FamilyWork, PracticeRecord, Task), WebError> {
    let work = FamilyWork::open(state, s, rid, id, Action::WriteRecord).await?;
    let r = work.record(state, pid, "task").await?;
    let t = task_of(&r).cloned().ok_or(WebError::NotFound)?;
    Ok((work, r, t))
}

pub async fn done_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, pid)): Path<(FamilyId, PracticeId)>,
) -> Result<Html<String>, WebError> {
    let (work, r, t) = open_task(&state, &s, &rid, id, pid).await?;
    let names = names(&state).await?;
    render(DoneForm {
        chrome: Chrome::for_user(&s, "Mark a task done", ""),
        family_id: id.to_string(),
        name: work.family.name.clone(),
        task: row(&r, &t, &work.family, about(&work, &r), &names),
        record_id: pid.to_string(),
        version: r.version,
        on: DateParts::of(Some(t.done.unwrap_or_else(views::today))),
        outcome: t.outcome.clone(),
        errors: vec![],
    })
}

pub async fn mark_done(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, pid)): Path<(FamilyId, PracticeId)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let (work, r, t) = open_task(&state, &s, &rid, id, pid).await?;
    let f = url_pairs(&body);
    let mut errors = Vec::new();
    let on = date_field(&f, "on", "Date done", &mut errors);
    if on.is_some_and(|d| d > views::today()) {
        errors.push(FieldError::new(
            "on-day",
            "The date done must be today or in the past",
        ));
    }
    let outcome = form_value(&f, "outcome").trim().to_string();
    if outcome.is_empty() {
        errors.push(FieldError::new(
            "outcome",
            "Enter what happened, so the social worker knows",
        ));
    }
    let typed_version: u32 = form_value(&f, "version").parse().unwrap_or(0);
    if let (true, Some(on)) = (errors.is_empty(), on) {
        let done = Task {
            done: Some(on),
            outcome: outcome.clone(),
            ..t.clone()
        };
        let mut next = r.amended(Tool::Task(done));
        next.version = typed_version + 1;
        match super::save(&state, &s, next).await? {
            Ok(()) => {
                return Ok(Redirect::to(&format!("/families/{id}/tasks?done=1")).into_response())
            }
            Err(m) => errors.push(FieldError::new("outcome", m)),
        }
    }
    let names = names(&state).await?;
    Ok(super::invalid(render(DoneForm {
        chrome: Chrome::for_user(&s, "Error: Mark a task done", ""),
        family_id: id.to_string(),
        name: work.family.name.clone(),
        task: row(&r, &t, &work.family, about(&work, &r), &names),
        record_id: pid.to_string(),
        version: typed_version,
        on: DateParts::typed(&f, "on"),
        outcome,
        errors,
    })?))
}

/// The tasks "My work" shows: open tasks the practitioner owns, and tasks
/// they handed over (open, and done in the last four weeks), each family
/// opened through the chokepoint so a family they can no longer see drops
/// out.
pub struct MyTasks {
    pub owned: Vec<TaskRow>,
    pub owned_overdue: usize,
    pub delegated: Vec<TaskRow>,
}

pub async fn my_tasks(
    state: &AppState,
    s: &SignedIn,
    rid: &Option<Extension<RequestId>>,
) -> Result<MyTasks, WebError> {
    let me = s.user.id().to_string();
    let today = views::today();
    let owned = state.store.practice_where("open_task", &me).await?;
    let handed = state.store.practice_where("delegated_by", &me).await?;
    let mut families: HashMap<FamilyId, Option<FamilyWork>> = HashMap::new();
    let names = names(state).await?;
    let mut out = MyTasks {
        owned: vec![],
        owned_overdue: 0,
        delegated: vec![],
    };
    let mut owned_rows: Vec<(time::Date, TaskRow)> = Vec::new();
    let mut handed_rows: Vec<((bool, time::Date), TaskRow)> = Vec::new();
    for (mine, r) in owned
        .iter()
        .map(|r| (true, r))
        .chain(handed.iter().map(|r| (false, r)))
    {
        let (Some(t), Some(fid)) = (task_of(r), r.scope.family()) else {
            continue;
        };
        if !r.is_current() || (!mine && t.done.is_some_and(|d| (today - d).whole_days() > 28)) {
            continue;
        }
        if let std::collections::hash_map::Entry::Vacant(slot) = families.entry(fid) {
            let work = match FamilyWork::open(state, s, rid, fid, Action::ReadRecord).await {
                Ok(w) => Some(w),
                Err(WebError::Refused(..)) | Err(WebError::NotFound) => None,
                Err(e) => return Err(e),
            };
            slot.insert(work);
        }
        let Some(Some(work)) = families.get(&fid) else {
            continue;
        };
        if !work.may_see(r) {
            continue;
        }
        let row = row(r, t, &work.family, about(work, r), &names);
        if mine {
            owned_rows.push((t.due, row));
        } else {
            handed_rows.push(((t.is_open(), t.due), row));
        }
    }
    owned_rows.sort_by_key(|(d, _)| *d);
    // Open first (soonest due first), then done.
    handed_rows.sort_by_key(|((open, due), _)| (!*open, *due));
    out.owned_overdue = owned_rows.iter().filter(|(_, r)| r.overdue).count();
    out.owned = owned_rows.into_iter().map(|(_, r)| r).collect();
    out.delegated = handed_rows.into_iter().map(|(_, r)| r).collect();
    Ok(out)
}
