//! Time recording: a practitioner records the minutes of a day by kind of
//! work (direct work with families, travel, recording, administration,
//! meetings, supervision, training), optionally for a family, and sees the
//! share of their time in direct work month by month. Their time is theirs
//! and their service managers' to read (decided in
//! [`hearth_core::access::decide_practitioner`] and audited); only they
//! record it.

use super::{date_field, DateParts};
use crate::authz::Chokepoint;
use crate::charts::{LineChart, Series};
use crate::error::WebError;
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
use hearth_core::ids::{FamilyId, UserId};
use hearth_core::model::Practitioner;
use hearth_core::practice::timesheet::{
    by_month, Activity, MonthTime, TimeEntry, EVIDENCE_AFTER, EVIDENCE_BEFORE,
};
use hearth_core::practice::{PracticeRecord, Scope, Tool};

/// How many months the chart and table go back.
const MONTHS_SHOWN: usize = 6;
/// How many recent entries are listed.
const RECENT: usize = 20;

/// A practitioner's current time entries, with their dates.
async fn entries(state: &AppState, who: UserId) -> Result<Vec<PracticeRecord>, WebError> {
    let mut v: Vec<PracticeRecord> = state
        .store
        .practice_where("practitioner", &who.to_string())
        .await?
        .into_iter()
        .filter(|r| r.is_current() && matches!(r.tool, Tool::Time(_)))
        .collect();
    v.sort_by_key(|r| std::cmp::Reverse(r.on));
    Ok(v)
}

/// Minutes by month for a practitioner (read only after the caller has
/// been allowed to see their time).
pub async fn months_of(state: &AppState, who: UserId) -> Result<Vec<MonthTime>, WebError> {
    let records = entries(state, who).await?;
    Ok(by_month(records.iter().filter_map(|r| match &r.tool {
        Tool::Time(t) => Some((r.on, t)),
        _ => None,
    })))
}

/// "42% (63 of 150 hours)", or "No time recorded".
pub fn percent_words(direct: u64, all: u64) -> String {
    if all == 0 {
        return "No time recorded".into();
    }
    let pct = (direct as f64 * 100.0 / all as f64).round();
    format!("{pct}% ({} of {} hours)", hours(direct), hours(all))
}

fn hours(minutes: u64) -> String {
    let h = minutes as f64 / 60.0;
    crate::charts::trim_number((h * 10.0).round() / 10.0)
}

pub struct MonthRow {
    pub month: String,
    pub direct: String,
    pub all: String,
    pub share: String,
}

pub struct EntryRow {
    pub on: String,
    pub activity: &'static str,
    pub minutes: u32,
    pub family: String,
    pub note: String,
}

pub struct ActivityBox {
    pub code: &'static str,
    pub label: &'static str,
    pub value: String,
}

#[derive(Template)]
#[template(path = "practice/my_time.html")]
pub struct TimePage {
    pub chrome: Chrome,
    /// The practitioner's own page (with the form) or a manager's view.
    pub own: bool,
    pub name: String,
    pub chart: String,
    pub months: Vec<MonthRow>,
    pub entries: Vec<EntryRow>,
    pub before: u32,
    pub after: u32,
    pub on: DateParts,
    pub boxes: Vec<ActivityBox>,
    pub families: Vec<(String, String)>,
    pub family: String,
    pub note: String,
    pub saved: bool,
    pub errors: Vec<FieldError>,
}

impl TimePage {
    pub fn err(&self, f: &str) -> Option<&str> {
        views::error_for(&self.errors, f)
    }
}

/// The families a practitioner may record time for: those of the children
/// they lead and those whose team they are on.
async fn my_families(state: &AppState, who: UserId) -> Result<Vec<(String, String)>, WebError> {
    let store = &state.store;
    let mut ids: Vec<FamilyId> = Vec::new();
    for p in store.people_where("lead", &who.to_string()).await? {
        for f in p.families {
            if !ids.contains(&f) {
                ids.push(f);
            }
        }
    }
    for f in store
        .families_where("team_member", &who.to_string())
        .await?
    {
        if !ids.contains(&f.id) {
            ids.push(f.id);
        }
    }
    let mut out = Vec::new();
    for id in ids {
        if let Some(f) = store.family(id).await? {
            out.push((f.id.to_string(), f.name));
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

async fn page(
    state: &AppState,
    s: &SignedIn,
    who: &Practitioner,
    own: bool,
) -> Result<TimePage, WebError> {
    let records = entries(state, who.id).await?;
    let mut family_names: Vec<(String, String)> = Vec::new();
    if own {
        family_names = my_families(state, who.id).await?;
    }
    let mut entry_rows = Vec::new();
    for r in records.iter().take(RECENT) {
        let Tool::Time(t) = &r.tool else { continue };
        let family = match t.family {
            Some(f) => match family_names.iter().find(|(id, _)| *id == f.to_string()) {
                Some((_, n)) => n.clone(),
                None => state
                    .store
                    .family(f)
                    .await?
                    .map(|f| f.name)
                    .unwrap_or_default(),
            },
            None => String::new(),
        };
        entry_rows.push(EntryRow {
            on: views::date(r.on),
            activity: t.activity.label(),
            minutes: t.minutes,
            family,
            note: t.note.clone(),
        });
    }
    let all = by_month(records.iter().filter_map(|r| match &r.tool {
        Tool::Time(t) => Some((r.on, t)),
        _ => None,
    }));
    let shown: Vec<&MonthTime> = all.iter().rev().take(MONTHS_SHOWN).rev().collect();
    let chart = LineChart {
        id: "direct-share".into(),
        title: "Share of time in direct work with children and families, by month".into(),
        y_min: 0.0,
        y_max: 100.0,
        y_step: 20.0,
        series: vec![Series {
            name: "Direct work (% of time recorded)".into(),
            points: shown
                .iter()
                .filter_map(|m| m.share().map(|x| (m.first_day(), (x * 100.0).round())))
                .collect(),
        }],
        reference: None,
    };
    let mut families = vec![(String::new(), "Not for one family".to_string())];
    families.extend(family_names);
    Ok(TimePage {
        chrome: Chrome::for_user(
            s,
            if own {
                "My time".to_string()
            } else {
                format!("Time: {}", who.display_name)
            },
            if own { "my-work" } else { "" },
        ),
        own,
        name: who.display_name.clone(),
        chart: if shown.is_empty() {
            String::new()
        } else {
            chart.svg()
        },
        months: shown
            .iter()
            .map(|m| MonthRow {
                month: format!("{} {}", m.month, m.year),
                direct: hours(m.direct),
                all: hours(m.all),
                share: m.percent().map(|p| format!("{p}%")).unwrap_or_default(),
            })
            .collect(),
        entries: entry_rows,
        before: (EVIDENCE_BEFORE * 100.0).round() as u32,
        after: (EVIDENCE_AFTER * 100.0).round() as u32,
        on: DateParts::of(Some(views::today())),
        boxes: Activity::ALL
            .iter()
            .map(|a| ActivityBox {
                code: a.code(),
                label: a.label(),
                value: String::new(),
            })
            .collect(),
        families,
        family: String::new(),
        note: String::new(),
        saved: false,
        errors: vec![],
    })
}

pub async fn my_time(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    axum::extract::RawQuery(q): axum::extract::RawQuery,
) -> Result<Html<String>, WebError> {
    let me = Chokepoint::new(&state, &s.user, request_id(&rid))
        .practitioner(s.user.id(), Action::ReadRecord)
        .await?;
    let mut p = page(&state, &s, &me, true).await?;
    p.saved = q.is_some_and(|q| q.contains("saved"));
    render(p)
}

/// Someone's time, for them or a manager of their service (read only).
pub async fn practitioner_time(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<UserId>,
) -> Result<Response, WebError> {
    if id == s.user.id() {
        return Ok(Redirect::to("/my-time").into_response());
    }
    let who = Chokepoint::new(&state, &s.user, request_id(&rid))
        .practitioner(id, Action::ReadRecord)
        .await?;
    Ok(render(page(&state, &s, &who, false).await?)?.into_response())
}

pub async fn record_time(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    body: Bytes,
) -> Result<Response, WebError> {
    let me = Chokepoint::new(&state, &s.user, request_id(&rid))
        .practitioner(s.user.id(), Action::WriteRecord)
        .await?;
    let f = url_pairs(&body);
    let mut errors = Vec::new();
    let on = date_field(&f, "on", "Date", &mut errors);
    if on.is_some_and(|d| d > views::today()) {
        errors.push(FieldError::new(
            "on-day",
            "The date must be today or in the past",
        ));
    }
    let families = my_families(&state, me.id).await?;
    let family_code = form_value(&f, "family");
    let family: Option<FamilyId> = if family_code.is_empty() {
        None
    } else {
        match families.iter().find(|(id, _)| *id == family_code) {
            Some((id, _)) => id.parse().ok(),
            None => {
                errors.push(FieldError::new("family", "Select one of your families"));
                None
            }
        }
    };
    let note = form_value(&f, "note").trim().to_string();
    let mut minutes: Vec<(Activity, u32)> = Vec::new();
    for a in Activity::ALL {
        let typed = form_value(&f, &format!("{}-minutes", a.code()));
        let typed = typed.trim();
        if typed.is_empty() || typed == "0" {
            continue;
        }
        match typed.parse::<u32>() {
            Ok(n) if n <= 24 * 60 => minutes.push((*a, n)),
            _ => errors.push(FieldError::new(
                &format!("{}-minutes", a.code()),
                format!(
                    "{}: enter the minutes as a whole number from 0 to 1440",
                    a.label()
                ),
            )),
        }
    }
    let total: u32 = minutes.iter().map(|(_, n)| n).sum();
    if errors.is_empty() && minutes.is_empty() {
        errors.push(FieldError::new(
            "direct_work-minutes",
            "Enter the minutes for at least one kind of work",
        ));
    } else if total > 24 * 60 {
        errors.push(FieldError::new(
            "direct_work-minutes",
            "The minutes add up to more than a day",
        ));
    }
    if let (true, Some(on)) = (errors.is_empty(), on) {
        let events: Vec<hearth_core::event::Event> = minutes
            .iter()
            .map(|(a, n)| {
                let record = PracticeRecord::new(
                    Scope::Practitioner(me.id),
                    Some(me.id),
                    on,
                    Tool::Time(TimeEntry {
                        practitioner: me.id,
                        activity: *a,
                        minutes: *n,
                        family,
                        note: note.clone(),
                    }),
                );
                hearth_core::event::Event::new(
                    Some(me.id),
                    on,
                    hearth_core::event::EventBody::PracticeRecorded { record },
                )
            })
            .collect();
        // The day's entries are written together: all or none.
        match state.store.append(events).await {
            Ok(_) => return Ok(Redirect::to("/my-time?saved=1").into_response()),
            Err(hearth_store::StoreError::Rejected(e)) => {
                errors.push(FieldError::new("direct_work-minutes", e.to_string()))
            }
            Err(e) => return Err(e.into()),
        }
    }
    let mut p = page(&state, &s, &me, true).await?;
    p.chrome.title = format!("Error: {}", p.chrome.title);
    p.on = DateParts::typed(&f, "on");
    for b in &mut p.boxes {
        b.value = form_value(&f, &format!("{}-minutes", b.code));
    }
    p.family = family_code;
    p.note = note;
    p.errors = errors;
    Ok(super::invalid(render(p)?))
}
