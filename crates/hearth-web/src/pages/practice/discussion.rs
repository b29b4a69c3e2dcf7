//! A family's case discussions in its unit's meetings: what was discussed
//! and decided, the actions with their owners and dates (open ones listed
//! first, each with a way to mark it done), and management oversight: the
//! unit's consultant or a manager of its service signs off the decisions.
//!
//! Every page opens the family through the chokepoint; signing off also
//! asks the chokepoint about the unit, since only its consultant or a
//! manager may oversee its decisions.

use super::{date_field, form_values, opt_date_field, DateParts, FamilyWork};
use crate::authz::Chokepoint;
use crate::error::WebError;
use crate::pages::family::Names;
use crate::pages::unit::{meeting_of, members_of};
use crate::pages::{render, request_id, Path};
use crate::security::RequestId;
use crate::session::{form_value, url_pairs, SignedIn};
use crate::views::{self, Chrome, FieldError};
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Extension;
use hearth_core::access::Action;
use hearth_core::ids::{FamilyId, PracticeId, UnitId, UserId};
use hearth_core::model::Unit;
use hearth_core::practice::discussion::{AgreedAction, CaseDiscussion, Oversight, UnitMeeting};
use hearth_core::practice::{PracticeRecord, Tool};

/// Blank action rows the form offers; more by saving and carrying on.
const BLANK_ACTIONS: usize = 3;
/// The most action rows read from a form.
const MAX_ACTIONS: usize = 60;

pub struct ActionView {
    pub discussion_id: String,
    pub index: usize,
    pub version: u32,
    pub what: String,
    pub owner: String,
    pub due: String,
    pub done: String,
    pub overdue: bool,
    /// The date of the discussion it was agreed in.
    pub agreed: String,
}

pub struct DiscussionView {
    pub id: String,
    pub on: String,
    pub meeting: Option<(String, String)>,
    pub attended: String,
    pub others_present: String,
    pub hypotheses: String,
    /// (id, statement) of the family's hypothesis records discussed.
    pub linked: Vec<(String, String)>,
    pub decisions: String,
    pub actions: Vec<ActionView>,
    /// "Signed off by ... on ...", and the note.
    pub oversight: Option<(String, String)>,
    pub may_sign: bool,
}

/// The family's discussions, newest first.
pub async fn discussions(
    state: &AppState,
    work: &FamilyWork,
) -> Result<Vec<(PracticeRecord, CaseDiscussion)>, WebError> {
    Ok(work
        .records(state, "case_discussion")
        .await?
        .into_iter()
        .filter_map(|r| match &r.tool {
            Tool::CaseDiscussion(d) => {
                let d = d.clone();
                Some((r, d))
            }
            _ => None,
        })
        .collect())
}

/// Views of the actions of `d` that `keep` picks.
pub async fn action_views(
    names: &mut Names<'_>,
    r: &PracticeRecord,
    d: &CaseDiscussion,
    keep: impl Fn(&AgreedAction) -> bool,
) -> Result<Vec<ActionView>, WebError> {
    let today = views::today();
    let mut out = Vec::new();
    for (i, a) in d.actions.iter().enumerate().filter(|(_, a)| keep(a)) {
        out.push(ActionView {
            discussion_id: r.id.to_string(),
            index: i,
            version: r.version,
            what: a.what.clone(),
            owner: match a.owner {
                Some(o) => names.practitioner(o).await?,
                None => "No owner".into(),
            },
            due: views::opt_date(a.due),
            done: views::opt_date(a.done),
            overdue: a.is_overdue(today),
            agreed: views::date(r.on),
        });
    }
    Ok(out)
}

/// The unit whose consultant or manager signs off `d`: the one it was
/// discussed in, or the family's own.
async fn unit_of(
    state: &AppState,
    work: &FamilyWork,
    d: &CaseDiscussion,
) -> Result<Option<Unit>, WebError> {
    match d.unit.or(work.family.unit_id) {
        Some(u) => Ok(state.store.unit(u).await?),
        None => Ok(None),
    }
}

#[derive(Template)]
#[template(path = "practice/discussions.html")]
pub struct DiscussionsPage {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub open_actions: Vec<ActionView>,
    pub discussions: Vec<DiscussionView>,
    pub errors: Vec<FieldError>,
    pub done: bool,
    pub signed: bool,
}

async fn list_page(
    state: &AppState,
    s: &SignedIn,
    rid: &Option<Extension<RequestId>>,
    work: &FamilyWork,
) -> Result<DiscussionsPage, WebError> {
    let gate = Chokepoint::new(state, &s.user, request_id(rid));
    let mut names = Names::new(state);
    let hypotheses = super::hypothesis::views_of(state, work).await?;
    let mut open_actions = Vec::new();
    let mut out = Vec::new();
    for (r, d) in discussions(state, work).await? {
        open_actions.extend(action_views(&mut names, &r, &d, AgreedAction::is_open).await?);
        let mut attended = Vec::new();
        for u in &d.attended {
            attended.push(names.practitioner(*u).await?);
        }
        let meeting = match d.meeting {
            Some(m) => state.store.practice(m).await?.and_then(|mr| {
                let hearth_core::practice::Scope::Unit(u) = mr.scope else {
                    return None;
                };
                Some((
                    format!("/units/{u}/meetings/{}", mr.id),
                    format!("Unit meeting of {}", views::date(mr.on)),
                ))
            }),
            None => None,
        };
        let oversight = match &d.oversight {
            Some(o) => Some((
                format!(
                    "Signed off by {} on {}",
                    names.practitioner(o.by).await?,
                    views::date(o.on)
                ),
                o.note.clone(),
            )),
            None => None,
        };
        let may_sign = match (&d.oversight, unit_of(state, work, &d).await?) {
            (None, Some(u)) => gate.may_oversee(&u).await?,
            _ => false,
        };
        out.push(DiscussionView {
            id: r.id.to_string(),
            on: views::date(r.on),
            meeting,
            attended: attended.join(", "),
            others_present: d.others_present.clone(),
            hypotheses: d.hypotheses.clone(),
            linked: hypotheses
                .iter()
                .filter(|(hr, _)| d.hypothesis_records.contains(&hr.id))
                .map(|(hr, h)| (hr.id.to_string(), h.statement.clone()))
                .collect(),
            decisions: d.decisions.clone(),
            actions: action_views(&mut names, &r, &d, |_| true).await?,
            oversight,
            may_sign,
        });
    }
    // Overdue first, then by due date (undated last).
    open_actions.sort_by_key(|a| (!a.overdue, a.due.is_empty()));
    Ok(DiscussionsPage {
        chrome: Chrome::for_user(s, format!("Case discussions: {}", work.family.name), ""),
        family_id: work.family.id.to_string(),
        name: work.family.name.clone(),
        open_actions,
        discussions: out,
        errors: vec![],
        done: false,
        signed: false,
    })
}

pub async fn list(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
    RawQuery(q): RawQuery,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::ReadRecord).await?;
    let mut page = list_page(&state, &s, &rid, &work).await?;
    let q = q.unwrap_or_default();
    page.done = q.contains("done=1");
    page.signed = q.contains("signed=1");
    render(page)
}

/// Where to go back to after marking an action done: a page of this app
/// (the unit meeting or the family's discussions), never elsewhere.
fn back_to(form: &[(String, String)], fallback: String) -> String {
    let back = form_value(form, "back");
    let safe = (back.starts_with("/units/") || back.starts_with("/families/"))
        && !back.contains("//")
        && back
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '#'));
    if safe {
        back
    } else {
        fallback
    }
}

/// Marks one action done, today, by the signed-in practitioner.
pub async fn action_done(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, pid, n)): Path<(FamilyId, PracticeId, usize)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    let r = work.record(&state, pid, "case_discussion").await?;
    let Tool::CaseDiscussion(d) = &r.tool else {
        return Err(WebError::NotFound);
    };
    let f = url_pairs(&body);
    let mut next = d.clone();
    let Some(a) = next.actions.get_mut(n) else {
        return Err(WebError::NotFound);
    };
    let fallback = format!("/families/{id}/discussions?done=1");
    if a.done.is_some() {
        return Ok(Redirect::to(&back_to(&f, fallback)).into_response());
    }
    a.done = Some(views::today());
    a.done_by = Some(s.user.id());
    let typed_version: u32 = form_value(&f, "version").parse().unwrap_or(0);
    let mut record = r.amended(Tool::CaseDiscussion(next));
    record.version = typed_version + 1;
    match super::save(&state, &s, record).await? {
        Ok(()) => Ok(Redirect::to(&back_to(&f, fallback)).into_response()),
        Err(msg) => {
            let mut page = list_page(&state, &s, &rid, &work).await?;
            page.chrome.title = format!("Error: {}", page.chrome.title);
            page.errors = vec![FieldError::new("open-actions", msg)];
            Ok(super::invalid(render(page)?))
        }
    }
}

// ---- recording a discussion ----

pub struct ActionRow {
    pub n: usize,
    pub what: String,
    pub owner: String,
    pub due: DateParts,
    pub done: bool,
    pub done_on: String,
}

#[derive(Template)]
#[template(path = "practice/discussion_form.html")]
pub struct DiscussionForm {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub action: String,
    pub record_id: String,
    pub version: u32,
    pub meeting_id: String,
    pub meeting_label: String,
    pub meeting_href: String,
    pub on: DateParts,
    pub practitioners: Vec<(String, String)>,
    pub owners: Vec<(String, String)>,
    pub attended: Vec<String>,
    pub others_present: String,
    pub hypothesis_options: Vec<(String, String)>,
    pub hypothesis_records: Vec<String>,
    pub hypotheses: String,
    pub decisions: String,
    pub rows: Vec<ActionRow>,
    pub signed_off: bool,
    pub errors: Vec<FieldError>,
}

impl DiscussionForm {
    pub fn err(&self, f: &str) -> Option<&str> {
        views::error_for(&self.errors, f)
    }
}

/// The practitioners who may attend or own an action: the unit's members
/// and consultant, the children's lead practitioners and the family's own
/// team.
async fn practitioners(
    state: &AppState,
    work: &FamilyWork,
    unit: Option<UnitId>,
) -> Result<Vec<(String, String)>, WebError> {
    let mut v: Vec<(UserId, String)> = Vec::new();
    if let Some(u) = unit {
        if let Some(unit) = state.store.unit(u).await? {
            for p in members_of(state, &unit).await? {
                v.push((
                    p.id,
                    format!("{} ({})", p.display_name, p.discipline.label()),
                ));
            }
        }
    }
    // The children's lead practitioners, who may sit in another unit.
    for l in work.children().iter().filter_map(|c| c.lead_practitioner()) {
        if v.iter().any(|(id, _)| *id == l) {
            continue;
        }
        if let Some(p) = state.store.practitioner(l).await? {
            v.push((p.id, format!("{} (lead practitioner)", p.display_name)));
        }
    }
    for m in work.family.current_team() {
        if v.iter().any(|(id, _)| *id == m.user_id) {
            continue;
        }
        if let Some(p) = state.store.practitioner(m.user_id).await? {
            v.push((p.id, format!("{} ({})", p.display_name, m.role)));
        }
    }
    Ok(v.into_iter().map(|(id, l)| (id.to_string(), l)).collect())
}

/// The meeting a new discussion is linked to, from `?meeting=`: it must be
/// a meeting of the family's unit that went ahead.
async fn linked_meeting(
    state: &AppState,
    work: &FamilyWork,
    id: &str,
) -> Result<Option<(PracticeRecord, UnitMeeting)>, WebError> {
    if id.is_empty() {
        return Ok(None);
    }
    let Ok(mid) = id.parse::<PracticeId>() else {
        return Err(WebError::NotFound);
    };
    let Some(unit) = work.family.unit_id else {
        return Err(WebError::NotFound);
    };
    match meeting_of(state, unit, mid).await? {
        Some((r, m)) if !m.is_cancelled() => Ok(Some((r, m))),
        _ => Err(WebError::NotFound),
    }
}

#[allow(clippy::too_many_arguments)]
async fn form_page(
    state: &AppState,
    s: &SignedIn,
    work: &FamilyWork,
    record: Option<&PracticeRecord>,
    d: Option<&CaseDiscussion>,
    meeting: Option<&(PracticeRecord, UnitMeeting)>,
) -> Result<DiscussionForm, WebError> {
    let id = work.family.id;
    let unit = d
        .and_then(|d| d.unit)
        .or(meeting.and_then(|(r, _)| match r.scope {
            hearth_core::practice::Scope::Unit(u) => Some(u),
            _ => None,
        }))
        .or(work.family.unit_id);
    let practitioners = practitioners(state, work, unit).await?;
    let mut owners = vec![(String::new(), "Choose an owner".to_string())];
    owners.extend(practitioners.iter().cloned());
    let hypotheses = super::hypothesis::views_of(state, work).await?;
    let mut rows: Vec<ActionRow> = d
        .map(|d| {
            d.actions
                .iter()
                .enumerate()
                .map(|(n, a)| ActionRow {
                    n,
                    what: a.what.clone(),
                    owner: a.owner.map(|o| o.to_string()).unwrap_or_default(),
                    due: DateParts::of(a.due),
                    done: a.done.is_some(),
                    done_on: views::opt_date(a.done),
                })
                .collect()
        })
        .unwrap_or_default();
    let start = rows.len();
    rows.extend((start..start + BLANK_ACTIONS).map(|n| ActionRow {
        n,
        what: String::new(),
        owner: String::new(),
        due: DateParts::default(),
        done: false,
        done_on: String::new(),
    }));
    let meeting_id = d.and_then(|d| d.meeting).or(meeting.map(|(r, _)| r.id));
    let (meeting_label, meeting_href) = match (meeting_id, unit) {
        (Some(m), Some(u)) => match state.store.practice(m).await? {
            Some(mr) => (
                format!("Unit meeting of {}", views::date(mr.on)),
                format!("/units/{u}/meetings/{m}"),
            ),
            None => (String::new(), String::new()),
        },
        _ => (String::new(), String::new()),
    };
    let on = record
        .map(|r| r.on)
        .or(meeting.map(|(r, _)| r.on))
        .unwrap_or_else(views::today);
    Ok(DiscussionForm {
        chrome: Chrome::for_user(
            s,
            if record.is_some() {
                "Change a case discussion"
            } else {
                "Record a case discussion"
            },
            "",
        ),
        family_id: id.to_string(),
        name: work.family.name.clone(),
        action: match record {
            Some(r) => format!("/families/{id}/discussions/{}", r.id),
            None => format!("/families/{id}/discussions/new"),
        },
        record_id: record.map(|r| r.id.to_string()).unwrap_or_default(),
        version: record.map_or(0, |r| r.version),
        meeting_id: meeting_id.map(|m| m.to_string()).unwrap_or_default(),
        meeting_label,
        meeting_href,
        on: DateParts::of(Some(on)),
        attended: match (d, meeting) {
            (Some(d), _) => d.attended.iter().map(|u| u.to_string()).collect(),
            (None, Some((_, m))) => m.attendees.iter().map(|u| u.to_string()).collect(),
            (None, None) => vec![s.user.id().to_string()],
        },
        practitioners,
        owners,
        others_present: d.map(|d| d.others_present.clone()).unwrap_or_default(),
        hypothesis_options: hypotheses
            .iter()
            .map(|(r, h)| {
                (
                    r.id.to_string(),
                    format!(
                        "{} ({})",
                        h.statement,
                        h.current_status().label().to_lowercase()
                    ),
                )
            })
            .collect(),
        hypothesis_records: d
            .map(|d| d.hypothesis_records.iter().map(|p| p.to_string()).collect())
            .unwrap_or_default(),
        hypotheses: d.map(|d| d.hypotheses.clone()).unwrap_or_default(),
        decisions: d.map(|d| d.decisions.clone()).unwrap_or_default(),
        rows,
        signed_off: d.is_some_and(|d| d.oversight.is_some()),
        errors: vec![],
    })
}

pub async fn new_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
    RawQuery(q): RawQuery,
) -> Result<Response, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    let q = url_pairs(q.unwrap_or_default().as_bytes());
    let meeting = linked_meeting(&state, &work, &form_value(&q, "meeting")).await?;
    if let Some((mr, _)) = &meeting {
        // One discussion of the family per meeting: carry on the one there is.
        if let Some((r, _)) = discussions(&state, &work)
            .await?
            .into_iter()
            .find(|(_, d)| d.meeting == Some(mr.id))
        {
            return Ok(
                Redirect::to(&format!("/families/{id}/discussions/{}", r.id)).into_response(),
            );
        }
    }
    Ok(render(form_page(&state, &s, &work, None, None, meeting.as_ref()).await?)?.into_response())
}

async fn discussion(
    state: &AppState,
    work: &FamilyWork,
    pid: PracticeId,
) -> Result<(PracticeRecord, CaseDiscussion), WebError> {
    let r = work.record(state, pid, "case_discussion").await?;
    match &r.tool {
        Tool::CaseDiscussion(d) => {
            let d = d.clone();
            Ok((r, d))
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
    let (r, d) = discussion(&state, &work, pid).await?;
    render(form_page(&state, &s, &work, Some(&r), Some(&d), None).await?)
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
    let found = discussion(&state, &work, pid).await?;
    save(&state, &s, &work, Some(found), &body).await
}

/// The action rows typed into the form, blank rows left out.
fn typed_actions(
    f: &[(String, String)],
    earlier: Option<&CaseDiscussion>,
    allowed: &[(String, String)],
    me: UserId,
    errors: &mut Vec<FieldError>,
) -> (Vec<AgreedAction>, Vec<ActionRow>) {
    let rows: usize = form_value(f, "rows")
        .parse()
        .unwrap_or(BLANK_ACTIONS)
        .min(MAX_ACTIONS);
    let mut actions = Vec::new();
    let mut typed = Vec::new();
    for n in 0..rows {
        let what = form_value(f, &format!("action-{n}-what"))
            .trim()
            .to_string();
        let owner_s = form_value(f, &format!("action-{n}-owner"));
        let blank_date = ["day", "month", "year"].iter().all(|p| {
            form_value(f, &format!("action-{n}-due-{p}"))
                .trim()
                .is_empty()
        });
        let done = form_value(f, &format!("action-{n}-done")) == "yes";
        let before = earlier.and_then(|d| d.actions.get(n));
        typed.push(ActionRow {
            n,
            what: what.clone(),
            owner: owner_s.clone(),
            due: DateParts::typed(f, &format!("action-{n}-due")),
            done,
            done_on: views::opt_date(before.and_then(|a| a.done)),
        });
        if what.is_empty() && owner_s.is_empty() && blank_date {
            continue;
        }
        let label = format!("Action {}", n + 1);
        if what.is_empty() {
            errors.push(FieldError::new(
                &format!("action-{n}-what"),
                format!("{label}: say what is to be done"),
            ));
        }
        let owner = owner_s.parse::<UserId>().ok().filter(|o| {
            allowed.iter().any(|(id, _)| *id == o.to_string())
                || before.and_then(|a| a.owner) == Some(*o)
        });
        if owner.is_none() {
            errors.push(FieldError::new(
                &format!("action-{n}-owner"),
                format!("{label}: choose who owns it"),
            ));
        }
        let due = opt_date_field(f, &format!("action-{n}-due"), &label, errors);
        let (done_on, done_by) = match (done, before) {
            (true, Some(b)) if b.done.is_some() => (b.done, b.done_by),
            (true, _) => (Some(views::today()), Some(me)),
            (false, _) => (None, None),
        };
        actions.push(AgreedAction {
            what,
            owner,
            due,
            done: done_on,
            done_by,
        });
    }
    (actions, typed)
}

async fn save(
    state: &AppState,
    s: &SignedIn,
    work: &FamilyWork,
    existing: Option<(PracticeRecord, CaseDiscussion)>,
    body: &[u8],
) -> Result<Response, WebError> {
    let f = url_pairs(body);
    let mut errors = Vec::new();
    let earlier = existing.as_ref().map(|(_, d)| d);
    let meeting = match earlier {
        // An existing discussion keeps its meeting.
        Some(_) => None,
        None => linked_meeting(state, work, &form_value(&f, "meeting")).await?,
    };
    let meeting_id = earlier
        .and_then(|d| d.meeting)
        .or(meeting.as_ref().map(|(r, _)| r.id));
    let unit = earlier
        .and_then(|d| d.unit)
        .or(meeting.as_ref().and_then(|(r, _)| match r.scope {
            hearth_core::practice::Scope::Unit(u) => Some(u),
            _ => None,
        }))
        .or(work.family.unit_id);
    let allowed = practitioners(state, work, unit).await?;
    let attended: Vec<UserId> = form_values(&f, "attended")
        .iter()
        .filter(|v| allowed.iter().any(|(id, _)| id == *v))
        .filter_map(|v| v.parse().ok())
        .collect();
    let hypotheses = super::hypothesis::views_of(state, work).await?;
    let hypothesis_records: Vec<PracticeId> = form_values(&f, "hypothesis_records")
        .iter()
        .filter_map(|v| v.parse::<PracticeId>().ok())
        .filter(|p| hypotheses.iter().any(|(r, _)| r.id == *p))
        .collect();
    let (actions, rows) = typed_actions(&f, earlier, &allowed, s.user.id(), &mut errors);
    let typed = CaseDiscussion {
        meeting: meeting_id,
        unit,
        attended,
        others_present: form_value(&f, "others_present").trim().to_string(),
        hypotheses: form_value(&f, "hypotheses").trim().to_string(),
        hypothesis_records,
        decisions: form_value(&f, "decisions").trim().to_string(),
        actions,
        oversight: earlier.and_then(|d| d.oversight.clone()),
    };
    let d = match earlier {
        Some(e) => e.amended_to(typed),
        None => typed,
    };
    let on = date_field(&f, "on", "Date of the discussion", &mut errors);
    if on.is_some_and(|d| d > views::today()) {
        errors.push(FieldError::new(
            "on-day",
            "The date of the discussion must be today or in the past",
        ));
    }
    if d.attended.is_empty() {
        errors.push(FieldError::new(
            "attended",
            "Choose who attended the discussion",
        ));
    }
    if d.decisions.is_empty() {
        errors.push(FieldError::new("decisions", "Write the decisions made"));
    }
    let typed_version: u32 = form_value(&f, "version").parse().unwrap_or(0);
    if let (true, Some(on)) = (errors.is_empty(), on) {
        let mut record = match &existing {
            Some((r, _)) => {
                let mut next = r.amended(Tool::CaseDiscussion(d.clone()));
                next.version = typed_version + 1;
                next
            }
            None => PracticeRecord::new(
                work.scope(),
                Some(s.user.id()),
                on,
                Tool::CaseDiscussion(d.clone()),
            ),
        };
        record.on = on;
        match super::save(state, s, record).await? {
            Ok(()) => {
                let to = match (meeting_id, unit, existing.is_none()) {
                    (Some(m), Some(u), true) => format!("/units/{u}/meetings/{m}"),
                    _ => format!("/families/{}/discussions", work.family.id),
                };
                return Ok(Redirect::to(&to).into_response());
            }
            Err(msg) => errors.push(FieldError::new("decisions", msg)),
        }
    }
    let mut page = form_page(
        state,
        s,
        work,
        existing.as_ref().map(|(r, _)| r),
        Some(&d),
        meeting.as_ref(),
    )
    .await?;
    if existing.is_none() {
        page.chrome.title = "Record a case discussion".into();
        page.record_id = String::new();
    }
    page.chrome.title = format!("Error: {}", page.chrome.title);
    page.on = DateParts::typed(&f, "on");
    page.rows = rows;
    page.version = typed_version;
    page.errors = errors;
    Ok(super::invalid(render(page)?))
}

// ---- management oversight ----

#[derive(Template)]
#[template(path = "practice/discussion_sign_off.html")]
pub struct SignOffPage {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub record_id: String,
    pub version: u32,
    pub on: String,
    pub unit_name: String,
    pub decisions: String,
    pub actions: Vec<ActionView>,
    pub note: String,
    pub errors: Vec<FieldError>,
}

impl SignOffPage {
    pub fn err(&self, f: &str) -> Option<&str> {
        views::error_for(&self.errors, f)
    }
}

/// Opens a discussion for sign-off: the family through the chokepoint, then
/// the unit's oversight decision (audited; refused for anyone but the
/// consultant or a manager of the service).
async fn for_sign_off(
    state: &AppState,
    s: &SignedIn,
    rid: &Option<Extension<RequestId>>,
    id: FamilyId,
    pid: PracticeId,
) -> Result<(FamilyWork, PracticeRecord, CaseDiscussion, Unit), WebError> {
    let work = FamilyWork::open(state, s, rid, id, Action::WriteRecord).await?;
    let (r, d) = discussion(state, &work, pid).await?;
    let unit = unit_of(state, &work, &d).await?.ok_or(WebError::NotFound)?;
    Chokepoint::new(state, &s.user, request_id(rid))
        .oversee(&unit)
        .await?;
    Ok((work, r, d, unit))
}

async fn sign_off_form(
    state: &AppState,
    s: &SignedIn,
    work: &FamilyWork,
    r: &PracticeRecord,
    d: &CaseDiscussion,
    unit: &Unit,
) -> Result<SignOffPage, WebError> {
    let mut names = Names::new(state);
    Ok(SignOffPage {
        chrome: Chrome::for_user(s, "Sign off the decisions", ""),
        family_id: work.family.id.to_string(),
        name: work.family.name.clone(),
        record_id: r.id.to_string(),
        version: r.version,
        on: views::date(r.on),
        unit_name: unit.name.clone(),
        decisions: d.decisions.clone(),
        actions: action_views(&mut names, r, d, |_| true).await?,
        note: String::new(),
        errors: vec![],
    })
}

pub async fn sign_off_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, pid)): Path<(FamilyId, PracticeId)>,
) -> Result<Response, WebError> {
    let (work, r, d, unit) = for_sign_off(&state, &s, &rid, id, pid).await?;
    if d.oversight.is_some() {
        return Ok(Redirect::to(&format!("/families/{id}/discussions")).into_response());
    }
    Ok(render(sign_off_form(&state, &s, &work, &r, &d, &unit).await?)?.into_response())
}

pub async fn sign_off(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, pid)): Path<(FamilyId, PracticeId)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let (work, r, d, unit) = for_sign_off(&state, &s, &rid, id, pid).await?;
    let f = url_pairs(&body);
    let note = form_value(&f, "note").trim().to_string();
    let mut errors = Vec::new();
    if d.oversight.is_some() {
        errors.push(FieldError::new(
            "note",
            "These decisions have already been signed off",
        ));
    }
    if note.is_empty() {
        errors.push(FieldError::new(
            "note",
            "Write your oversight note: whether you agree with the decisions and anything to add",
        ));
    }
    let typed_version: u32 = form_value(&f, "version").parse().unwrap_or(0);
    if errors.is_empty() {
        let mut next = d.clone();
        next.oversight = Some(Oversight {
            by: s.user.id(),
            on: views::today(),
            note: note.clone(),
        });
        let mut record = r.amended(Tool::CaseDiscussion(next));
        record.version = typed_version + 1;
        match super::save(&state, &s, record).await? {
            Ok(()) => {
                return Ok(
                    Redirect::to(&format!("/families/{id}/discussions?signed=1")).into_response(),
                )
            }
            Err(msg) => errors.push(FieldError::new("note", msg)),
        }
    }
    let mut page = sign_off_form(&state, &s, &work, &r, &d, &unit).await?;
    page.chrome.title = format!("Error: {}", page.chrome.title);
    page.note = note;
    page.version = typed_version;
    page.errors = errors;
    Ok(super::invalid(render(page)?))
}
