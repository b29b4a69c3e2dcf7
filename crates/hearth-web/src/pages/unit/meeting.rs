//! A unit's weekly meeting: planned from the unit's caseload (every family
//! offered, those not yet discussed, not discussed for four weeks or more,
//! or with actions due or overdue ticked first), with who attended and who
//! chaired, or recorded as cancelled with the reason; and the meeting's
//! page, where each family on the agenda has its discussion recorded and
//! the open actions carried from earlier meetings are followed up.

use super::{agenda_facts, caseload_of, meeting_of, members_of, open_family};
use crate::authz::Chokepoint;
use crate::error::WebError;
use crate::pages::family::Names;
use crate::pages::practice::discussion::{action_views, ActionView};
use crate::pages::practice::{date_field, form_values, invalid, save, DateParts};
use crate::pages::{render, request_id, Path};
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
use hearth_core::ids::{FamilyId, PracticeId, UnitId, UserId};
use hearth_core::model::Unit;
use hearth_core::practice::discussion::{agenda_reasons, UnitMeeting};
use hearth_core::practice::{PracticeRecord, Scope, Tool};
use time::{Date, Duration};

/// A meeting may be planned up to four weeks ahead.
const PLAN_AHEAD_DAYS: i64 = 28;

/// One family offered for the agenda.
pub struct AgendaChoice {
    pub family_id: String,
    pub name: String,
    /// Why it is put forward, in words (empty: nothing pressing).
    pub reasons: Vec<String>,
    pub ticked: bool,
}

#[derive(Template)]
#[template(path = "unit_meeting_form.html")]
pub struct MeetingForm {
    pub chrome: Chrome,
    pub unit_id: String,
    pub action: String,
    /// The meeting's id when changing one; empty for a new one.
    pub record_id: String,
    pub version: u32,
    pub name: String,
    pub on: DateParts,
    pub members: Vec<(String, String)>,
    pub chairs: Vec<(String, String)>,
    pub chair: String,
    pub attendees: Vec<String>,
    pub agenda: Vec<AgendaChoice>,
    pub went_ahead: String,
    pub reason: String,
    pub errors: Vec<FieldError>,
}

impl MeetingForm {
    pub fn err(&self, f: &str) -> Option<&str> {
        views::error_for(&self.errors, f)
    }
}

async fn form_page(
    state: &AppState,
    s: &SignedIn,
    rid: &Option<Extension<RequestId>>,
    unit: &Unit,
    on: Date,
    existing: Option<&(PracticeRecord, UnitMeeting)>,
) -> Result<MeetingForm, WebError> {
    let members = members_of(state, unit).await?;
    let gate = Chokepoint::new(state, &s.user, request_id(rid));
    let mut agenda = Vec::new();
    for f in caseload_of(state, unit.id).await? {
        let Ok(f) = gate.family(f.id, Action::ReadIdentity).await else {
            continue;
        };
        let discussed: Vec<_> = state
            .store
            .practice_where("family", &f.id.to_string())
            .await?
            .into_iter()
            .filter(|r| r.is_current())
            .filter_map(|r| match &r.tool {
                Tool::CaseDiscussion(d) => {
                    let d = d.clone();
                    Some((r, d))
                }
                _ => None,
            })
            .collect();
        let reasons: Vec<String> = agenda_reasons(on, &agenda_facts(on, &discussed))
            .iter()
            .map(|r| r.words())
            .collect();
        agenda.push(AgendaChoice {
            family_id: f.id.to_string(),
            name: f.name.clone(),
            ticked: !reasons.is_empty(),
            reasons,
        });
    }
    // The families to discuss this week first, the rest after, by name.
    agenda.sort_by_key(|a| !a.ticked);
    let members: Vec<(String, String)> = members
        .iter()
        .map(|p| {
            (
                p.id.to_string(),
                format!("{} ({})", p.display_name, p.discipline.label()),
            )
        })
        .collect();
    let mut chairs = vec![(String::new(), "Choose who chaired".to_string())];
    chairs.extend(members.iter().cloned());
    let id = unit.id;
    let mut form = MeetingForm {
        chrome: Chrome::for_user(s, "Plan or record a unit meeting", ""),
        unit_id: id.to_string(),
        action: match existing {
            Some((r, _)) => format!("/units/{id}/meetings/{}/edit", r.id),
            None => format!("/units/{id}/meetings/new"),
        },
        record_id: existing.map(|(r, _)| r.id.to_string()).unwrap_or_default(),
        version: existing.map_or(0, |(r, _)| r.version),
        name: unit.name.clone(),
        on: DateParts::of(Some(on)),
        chair: unit.consultant.map(|c| c.to_string()).unwrap_or_default(),
        attendees: members.iter().map(|(id, _)| id.clone()).collect(),
        members,
        chairs,
        agenda,
        went_ahead: "yes".into(),
        reason: String::new(),
        errors: vec![],
    };
    if let Some((_, m)) = existing {
        form.chrome.title = "Change a unit meeting".into();
        form.chair = m.chair.map(|c| c.to_string()).unwrap_or_default();
        form.attendees = m.attendees.iter().map(|u| u.to_string()).collect();
        for a in form.agenda.iter_mut() {
            a.ticked = m.agenda.iter().any(|f| f.to_string() == a.family_id);
        }
        form.agenda.sort_by_key(|a| !a.ticked);
        form.went_ahead = if m.is_cancelled() { "no" } else { "yes" }.into();
        form.reason = m.cancelled.clone().unwrap_or_default();
    }
    Ok(form)
}

pub async fn new_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<UnitId>,
) -> Result<Html<String>, WebError> {
    let unit = Chokepoint::new(&state, &s.user, request_id(&rid))
        .unit(id, Action::WriteRecord)
        .await?;
    render(form_page(&state, &s, &rid, &unit, views::today(), None).await?)
}

pub async fn edit_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, mid)): Path<(UnitId, PracticeId)>,
) -> Result<Html<String>, WebError> {
    let unit = Chokepoint::new(&state, &s.user, request_id(&rid))
        .unit(id, Action::WriteRecord)
        .await?;
    let found = meeting_of(&state, id, mid)
        .await?
        .ok_or(WebError::NotFound)?;
    let mut page = form_page(&state, &s, &rid, &unit, found.0.on, Some(&found)).await?;
    page.on = DateParts::of(Some(found.0.on));
    render(page)
}

pub async fn amend(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, mid)): Path<(UnitId, PracticeId)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let unit = Chokepoint::new(&state, &s.user, request_id(&rid))
        .unit(id, Action::WriteRecord)
        .await?;
    let found = meeting_of(&state, id, mid)
        .await?
        .ok_or(WebError::NotFound)?;
    save_meeting(&state, &s, &rid, &unit, Some(found), &body).await
}

pub async fn create(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<UnitId>,
    body: Bytes,
) -> Result<Response, WebError> {
    let unit = Chokepoint::new(&state, &s.user, request_id(&rid))
        .unit(id, Action::WriteRecord)
        .await?;
    save_meeting(&state, &s, &rid, &unit, None, &body).await
}

/// Saves a new meeting or a change to one (planned, then held or
/// cancelled): the one form for both.
async fn save_meeting(
    state: &AppState,
    s: &SignedIn,
    rid: &Option<Extension<RequestId>>,
    unit: &Unit,
    existing: Option<(PracticeRecord, UnitMeeting)>,
    body: &[u8],
) -> Result<Response, WebError> {
    let id = unit.id;
    let f = url_pairs(body);
    let mut errors = Vec::new();
    let on = date_field(&f, "on", "Date of the meeting", &mut errors);
    let today = views::today();
    if on.is_some_and(|d| d > today + Duration::days(PLAN_AHEAD_DAYS)) {
        errors.push(FieldError::new(
            "on-day",
            "The date of the meeting must be no more than 4 weeks from today",
        ));
    }
    let members = members_of(state, unit).await?;
    let is_member = |v: &String| members.iter().any(|p| p.id.to_string() == *v);
    let attendees: Vec<UserId> = form_values(&f, "attendees")
        .iter()
        .filter(|v| is_member(v))
        .filter_map(|v| v.parse().ok())
        .collect();
    let caseload: Vec<FamilyId> = caseload_of(state, id).await?.iter().map(|f| f.id).collect();
    // A family moved out of the unit since stays on an earlier agenda.
    let kept: Vec<FamilyId> = existing
        .as_ref()
        .map(|(_, m)| {
            m.agenda
                .iter()
                .copied()
                .filter(|f| !caseload.contains(f))
                .collect()
        })
        .unwrap_or_default();
    let mut agenda: Vec<FamilyId> = form_values(&f, "agenda")
        .iter()
        .filter_map(|v| v.parse::<FamilyId>().ok())
        .filter(|f| caseload.contains(f))
        .collect();
    agenda.extend(kept);
    let chair_s = form_value(&f, "chair");
    let chair = Some(chair_s.as_str())
        .filter(|v| is_member(&v.to_string()))
        .and_then(|v| v.parse::<UserId>().ok());
    let went_ahead = form_value(&f, "went_ahead");
    let reason = form_value(&f, "reason").trim().to_string();
    let cancelled = match went_ahead.as_str() {
        "yes" => None,
        "no" => {
            if reason.is_empty() {
                errors.push(FieldError::new(
                    "reason",
                    "Give the reason the meeting was cancelled",
                ));
            }
            Some(reason.clone())
        }
        _ => {
            errors.push(FieldError::new(
                "went_ahead",
                "Say whether the meeting went ahead or was cancelled",
            ));
            None
        }
    };
    if cancelled.is_none() && went_ahead == "yes" {
        if agenda.is_empty() {
            errors.push(FieldError::new(
                "agenda",
                "Choose at least one family for the agenda",
            ));
        }
        if attendees.is_empty() {
            errors.push(FieldError::new(
                "attendees",
                "Choose who attended the meeting",
            ));
        }
        if chair.is_none() {
            errors.push(FieldError::new("chair", "Choose who chaired the meeting"));
        }
    }
    if let (true, Some(on)) = (errors.is_empty(), on) {
        let meeting = UnitMeeting {
            attendees: attendees.clone(),
            agenda: agenda.clone(),
            cancelled: cancelled.clone(),
            chair,
        };
        let typed_version: u32 = form_value(&f, "version").parse().unwrap_or(0);
        let mut record = match &existing {
            Some((r, _)) => {
                let mut next = r.amended(Tool::UnitMeeting(meeting));
                next.version = typed_version + 1;
                next
            }
            None => PracticeRecord::new(
                Scope::Unit(id),
                Some(s.user.id()),
                on,
                Tool::UnitMeeting(meeting),
            ),
        };
        record.on = on;
        let mid = record.id;
        match save(state, s, record).await? {
            Ok(()) => {
                return Ok(Redirect::to(&format!("/units/{id}/meetings/{mid}")).into_response())
            }
            Err(msg) => errors.push(FieldError::new("on-day", msg)),
        }
    }
    let mut page = form_page(state, s, rid, unit, on.unwrap_or(today), existing.as_ref()).await?;
    page.chrome.title = format!("Error: {}", page.chrome.title);
    page.version = form_value(&f, "version").parse().unwrap_or(0);
    page.on = DateParts::typed(&f, "on");
    page.attendees = attendees.iter().map(|u| u.to_string()).collect();
    for a in page.agenda.iter_mut() {
        a.ticked = agenda.iter().any(|f| f.to_string() == a.family_id);
    }
    page.chair = chair_s;
    page.went_ahead = went_ahead;
    page.reason = reason;
    page.errors = errors;
    Ok(invalid(render(page)?))
}

/// One family on a meeting's agenda as its page shows it.
pub struct AgendaItem {
    pub family_id: String,
    pub name: String,
    /// False when the viewer may not read the family's record.
    pub visible: bool,
    pub children: String,
    /// The discussion recorded at this meeting, if any.
    pub discussion_id: String,
    pub decisions: String,
    pub signed_off: String,
    /// Actions agreed at earlier discussions and still open.
    pub carried: Vec<ActionView>,
    /// Actions agreed at this meeting.
    pub agreed: Vec<ActionView>,
}

#[derive(Template)]
#[template(path = "unit_meeting.html")]
pub struct MeetingPage {
    pub chrome: Chrome,
    pub unit_id: String,
    pub meeting_id: String,
    pub name: String,
    pub on: String,
    pub cancelled: Option<String>,
    pub chair: String,
    pub attendees: String,
    pub items: Vec<AgendaItem>,
}

pub async fn page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, mid)): Path<(UnitId, PracticeId)>,
) -> Result<Html<String>, WebError> {
    let unit = Chokepoint::new(&state, &s.user, request_id(&rid))
        .unit(id, Action::ReadRecord)
        .await?;
    let (r, m) = meeting_of(&state, id, mid)
        .await?
        .ok_or(WebError::NotFound)?;
    let mut names = Names::new(&state);
    let mut attendees = Vec::new();
    for u in &m.attendees {
        attendees.push(names.practitioner(*u).await?);
    }
    let chair = match m.chair {
        Some(c) => names.practitioner(c).await?,
        None => String::new(),
    };
    let mut items = Vec::new();
    for fid in &m.agenda {
        let Some((work, discussed)) = open_family(&state, &s, &rid, *fid).await? else {
            let name = state
                .store
                .family(*fid)
                .await?
                .map(|f| f.name)
                .unwrap_or_else(|| "A family".into());
            items.push(AgendaItem {
                family_id: fid.to_string(),
                name,
                visible: false,
                children: String::new(),
                discussion_id: String::new(),
                decisions: String::new(),
                signed_off: String::new(),
                carried: vec![],
                agreed: vec![],
            });
            continue;
        };
        let here = discussed.iter().find(|(_, d)| d.meeting == Some(r.id));
        let mut carried = Vec::new();
        for (dr, d) in discussed
            .iter()
            .filter(|(dr, d)| d.meeting != Some(r.id) && dr.on <= r.on)
        {
            carried.extend(action_views(&mut names, dr, d, |a| a.is_open()).await?);
        }
        carried.sort_by_key(|a| !a.overdue);
        let (agreed, signed_off) = match here {
            Some((dr, d)) => (
                action_views(&mut names, dr, d, |_| true).await?,
                match &d.oversight {
                    Some(o) => format!(
                        "Signed off by {} on {}",
                        names.practitioner(o.by).await?,
                        views::date(o.on)
                    ),
                    None => "Awaiting management sign-off".into(),
                },
            ),
            None => (vec![], String::new()),
        };
        items.push(AgendaItem {
            family_id: fid.to_string(),
            name: work.family.name.clone(),
            visible: true,
            children: work
                .children()
                .iter()
                .map(|p| p.details.full_name())
                .collect::<Vec<_>>()
                .join(", "),
            discussion_id: here.map(|(dr, _)| dr.id.to_string()).unwrap_or_default(),
            decisions: here.map(|(_, d)| d.decisions.clone()).unwrap_or_default(),
            signed_off,
            carried,
            agreed,
        });
    }
    render(MeetingPage {
        chrome: Chrome::for_user(
            &s,
            format!("{} meeting, {}", unit.name, views::date(r.on)),
            "",
        ),
        unit_id: id.to_string(),
        meeting_id: r.id.to_string(),
        name: unit.name.clone(),
        on: views::date(r.on),
        cancelled: m.cancelled.clone(),
        chair,
        attendees: attendees.join(", "),
        items,
    })
}
