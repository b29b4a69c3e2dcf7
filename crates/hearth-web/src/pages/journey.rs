//! A child's statutory journey: every step in date order with the due dates
//! the law sets, and a page to record, amend or remove each step.
//!
//! The step pages are built from the journey's field specs, so every kind of
//! step has a page with the DfE codes shown in words. Saving a step runs the
//! return's rules for this child (the census and the 903 for the year the step
//! falls in) and shows beside each field what the return would reject.

use super::Path;
use super::{render, request_id};
use crate::authz::Chokepoint;
use crate::error::WebError;
use crate::security::RequestId;
use crate::session::{url_pairs, SignedIn};
use crate::views::{self, Chrome, FieldError};
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Extension;
use hearth_core::access::Action;
use hearth_core::dfe_codes;
use hearth_core::event::{Event, EventBody};
use hearth_core::ids::{PersonId, StepId};
use hearth_core::journey::{self, FieldSpec, Input, Journey, JourneyStep, StepDetail};
use hearth_core::model::Person;
use hearth_core::projection::{Doc, DocKind};
use hearth_returns::derive::{self, ChildRecord};
use hearth_returns::{cin, rule_info, ssda903, CollectionYear};
use serde_json::{Map, Value};
use time::Date;

pub(crate) async fn journey_of(state: &AppState, person: PersonId) -> Result<Journey, WebError> {
    Ok(match state.store.doc(DocKind::Journey, person.0).await? {
        Some(Doc::Journey(j)) => j,
        _ => Journey::new(person),
    })
}

/// A kind of step as listed in `journey::KINDS`: (kind, label, where it is
/// reported).
fn kind_entry(kind: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    journey::KINDS.iter().find(|(k, _, _)| *k == kind)
}

fn kind_label(kind: &str) -> &'static str {
    kind_entry(kind).map_or("Step", |(_, l, _)| *l)
}

fn reported_in(kind: &str) -> &'static str {
    kind_entry(kind).map_or("", |(_, _, r)| *r)
}

/// One line of the journey list.
pub struct StepRow {
    pub id: String,
    pub label: &'static str,
    pub when: String,
    pub summary: String,
    pub reported: &'static str,
}

pub struct DueRow {
    pub what: String,
    pub due: String,
    pub done: String,
    /// `done`, `late`, `overdue` or `due`.
    pub status: &'static str,
}

#[derive(Template)]
#[template(path = "journey.html")]
pub struct JourneyPage {
    pub chrome: Chrome,
    pub person_id: String,
    pub name: String,
    pub steps: Vec<StepRow>,
    pub due: Vec<DueRow>,
    pub kinds: Vec<(&'static str, &'static str, &'static str)>,
}

/// A few words on what a step says, for the list.
fn summary(detail: &StepDetail) -> String {
    let value = serde_json::to_value(detail).unwrap_or(Value::Null);
    let kind = detail.kind();
    journey::fields(kind)
        .iter()
        .filter_map(|f| match (f.input, value.get(f.name)) {
            (Input::Code(list), Some(Value::String(code))) if !code.is_empty() => Some(format!(
                "{}: {}",
                f.label,
                dfe_codes::meaning(list, code).unwrap_or(code)
            )),
            _ => None,
        })
        .take(3)
        .collect::<Vec<_>>()
        .join("; ")
}

fn end_of(detail: &StepDetail) -> Option<Date> {
    match detail {
        StepDetail::CinEpisode { closure_date, .. } => *closure_date,
        StepDetail::EarlyHelp { end, .. }
        | StepDetail::CinPlan { end, .. }
        | StepDetail::CpPlan { end, .. }
        | StepDetail::CareEpisode { end, .. }
        | StepDetail::Missing { end, .. }
        | StepDetail::SocialWorkerEpisode { end, .. }
        | StepDetail::DeprivationOfLiberty { start: _, end } => *end,
        _ => None,
    }
}

pub async fn journey_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<PersonId>,
) -> Result<Html<String>, WebError> {
    let p = Chokepoint::new(&state, &s.user, request_id(&rid))
        .person(id, Action::ReadRecord)
        .await?;
    let j = journey_of(&state, id).await?;
    let mut steps: Vec<&JourneyStep> = j.steps.iter().collect();
    steps.sort_by_key(|s| std::cmp::Reverse(s.detail.start()));
    let today = views::today();
    let rows = steps
        .iter()
        .map(|s| StepRow {
            id: s.id.to_string(),
            label: kind_label(s.detail.kind()),
            when: match (s.detail.start(), end_of(&s.detail)) {
                (Some(a), Some(b)) => format!("{} to {}", views::date(a), views::date(b)),
                (Some(a), None) => views::date(a),
                _ => String::new(),
            },
            summary: summary(&s.detail),
            reported: reported_in(s.detail.kind()),
        })
        .collect();
    let due = journey::due_dates(&j)
        .into_iter()
        .rev()
        .map(|d| DueRow {
            status: match (d.done, d.late(today)) {
                (Some(_), false) => "done",
                (Some(_), true) => "late",
                (None, true) => "overdue",
                (None, false) => "due",
            },
            what: d.what,
            due: views::date(d.due),
            done: views::opt_date(d.done),
        })
        .collect();
    render(JourneyPage {
        chrome: Chrome::for_user(
            &s,
            format!("Statutory journey - {}", p.details.full_name()),
            "",
        ),
        person_id: p.id.to_string(),
        name: p.details.full_name(),
        steps: rows,
        due,
        kinds: journey::KINDS.to_vec(),
    })
}

/// One field on a step page.
pub struct FormField {
    pub name: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    /// `date`, `text`, `select`, `checkboxes`, `yesno`, `dates`, `episode`.
    pub widget: &'static str,
    pub value: String,
    pub day: String,
    pub month: String,
    pub year: String,
    pub options: Vec<Choice>,
    pub error: Option<String>,
    /// What the return would reject, in plain words, for this field.
    pub checks: Vec<String>,
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "journey_step.html")]
pub struct StepPage {
    pub chrome: Chrome,
    pub person_id: String,
    pub name: String,
    pub kind: &'static str,
    pub title: &'static str,
    /// Where the form posts.
    pub action: String,
    pub step_id: String,
    pub fields: Vec<FormField>,
    pub errors: Vec<FieldError>,
    /// Findings that name no field of this step.
    pub other_checks: Vec<String>,
    pub saved: bool,
    pub checked: bool,
}

crate::form_page!(StepPage);

impl StepPage {
    /// Whether any field has a finding beside it.
    pub fn any_checks(&self) -> bool {
        self.fields.iter().any(|f| !f.checks.is_empty())
    }
}

fn widget(input: Input) -> &'static str {
    match input {
        Input::Date | Input::OptDate => "date",
        Input::Text => "text",
        Input::Code(_) => "select",
        Input::Codes(_) => "checkboxes",
        Input::OptBool => "yesno",
        Input::Dates => "dates",
        Input::Episode => "episode",
        Input::Number => "text",
    }
}

/// The CIN episodes a step may belong to, as choices.
fn episode_choices(j: &Journey, selected: &str) -> Vec<Choice> {
    let mut out = vec![Choice {
        value: String::new(),
        label: "The episode open on the step's date".into(),
        selected: selected.is_empty(),
    }];
    for s in &j.steps {
        if let StepDetail::CinEpisode {
            referral_date,
            closure_date,
            ..
        } = &s.detail
        {
            out.push(Choice {
                value: s.id.to_string(),
                label: format!(
                    "Referred {}{}",
                    views::date(*referral_date),
                    closure_date.map_or(String::new(), |c| format!(", closed {}", views::date(c)))
                ),
                selected: selected == s.id.to_string(),
            });
        }
    }
    out
}

fn dmy_parts(iso: &str) -> (String, String, String) {
    match views::parse_iso(iso) {
        Some(d) => (
            d.day().to_string(),
            u8::from(d.month()).to_string(),
            d.year().to_string(),
        ),
        None => Default::default(),
    }
}

/// The page's fields, filled from a saved step's values (as JSON).
fn fields_from(kind: &str, value: &Value, j: &Journey) -> Vec<FormField> {
    journey::fields(kind)
        .iter()
        .map(|f| {
            let v = value.get(f.name).cloned().unwrap_or(Value::Null);
            let text = match &v {
                Value::String(s) => s.clone(),
                Value::Bool(true) => "yes".into(),
                Value::Bool(false) => "no".into(),
                Value::Number(n) => n.to_string(),
                Value::Array(items) => items
                    .iter()
                    .filter_map(|i| i.as_str())
                    .map(|s| match f.input {
                        Input::Dates => {
                            views::parse_iso(s).map_or(s.to_string(), hearth_returns::date::fmt_dmy)
                        }
                        _ => s.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
                _ => String::new(),
            };
            field(f, text, j)
        })
        .collect()
}

fn field(f: &FieldSpec, text: String, j: &Journey) -> FormField {
    let (day, month, year) = match f.input {
        Input::Date | Input::OptDate => dmy_parts(&text),
        _ => Default::default(),
    };
    let options = match f.input {
        Input::Code(list) => {
            let mut o = vec![Choice {
                value: String::new(),
                label: "Not recorded".into(),
                selected: text.is_empty(),
            }];
            o.extend(
                dfe_codes::list(list)
                    .unwrap_or(&[])
                    .iter()
                    .map(|(c, m)| Choice {
                        value: (*c).into(),
                        label: format!("{m} ({c})"),
                        selected: *c == text,
                    }),
            );
            o
        }
        Input::Codes(list) => {
            let ticked: Vec<&str> = text.lines().map(str::trim).collect();
            dfe_codes::list(list)
                .unwrap_or(&[])
                .iter()
                .map(|(c, m)| Choice {
                    value: (*c).into(),
                    label: format!("{m} ({c})"),
                    selected: ticked.contains(c),
                })
                .collect()
        }
        Input::Episode => episode_choices(j, &text),
        _ => Vec::new(),
    };
    FormField {
        name: f.name,
        label: f.label,
        hint: f.hint,
        widget: widget(f.input),
        value: text,
        day,
        month,
        year,
        options,
        error: None,
        checks: Vec::new(),
    }
}

/// Reads the posted form into a step, or the fields with their errors.
fn read_form(
    kind: &'static str,
    pairs: &[(String, String)],
    j: &Journey,
) -> Result<StepDetail, (Vec<FormField>, Vec<FieldError>)> {
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let mut map = Map::new();
    map.insert("step".into(), Value::String(kind.into()));
    let mut fields = Vec::new();
    let mut errors = Vec::new();
    for f in journey::fields(kind) {
        let mut error = None;
        let (value, shown) = match f.input {
            Input::Date | Input::OptDate => {
                let (d, m, y) = (
                    get(&format!("{}-day", f.name)),
                    get(&format!("{}-month", f.name)),
                    get(&format!("{}-year", f.name)),
                );
                let blank = d.is_empty() && m.is_empty() && y.is_empty();
                let value = if blank {
                    if f.input == Input::Date {
                        error = Some(format!("Enter the {}", f.label.to_lowercase()));
                    }
                    Value::Null
                } else {
                    match views::parse_dmy(&d, &m, &y) {
                        Ok(date) => Value::String(views::iso_date(date)),
                        Err(msg) => {
                            error = Some(format!("{}: {}", f.label, msg.to_lowercase()));
                            Value::Null
                        }
                    }
                };
                let mut field = field(f, String::new(), j);
                (field.day, field.month, field.year) = (d, m, y);
                field.error = error.clone();
                (value, field)
            }
            Input::Codes(list) => {
                let ticked: Vec<String> = pairs
                    .iter()
                    .filter(|(k, _)| k == f.name)
                    .map(|(_, v)| v.clone())
                    .filter(|v| dfe_codes::meaning(list, v).is_some())
                    .collect();
                let shown = field(f, ticked.join("\n"), j);
                (
                    Value::Array(ticked.into_iter().map(Value::String).collect()),
                    shown,
                )
            }
            Input::Dates => {
                let text = get(f.name);
                let mut dates = Vec::new();
                for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
                    match hearth_returns::date::lenient(line) {
                        Some(d) => dates.push(Value::String(views::iso_date(d))),
                        None => {
                            error = Some(format!(
                                "{}: '{line}' is not a date; use dd/mm/yyyy",
                                f.label
                            ));
                        }
                    }
                }
                let mut shown = field(f, text, j);
                shown.error = error.clone();
                (Value::Array(dates), shown)
            }
            Input::OptBool => {
                let v = get(f.name);
                let value = match v.as_str() {
                    "yes" => Value::Bool(true),
                    "no" => Value::Bool(false),
                    _ => Value::Null,
                };
                (value, field(f, v, j))
            }
            Input::Episode => {
                let v = get(f.name);
                let value = if v.is_empty() {
                    Value::Null
                } else if j.steps.iter().any(|s| s.id.to_string() == v) {
                    Value::String(v.clone())
                } else {
                    error = Some("Choose one of this child's episodes".into());
                    Value::Null
                };
                let mut shown = field(f, v, j);
                shown.error = error.clone();
                (value, shown)
            }
            Input::Code(list) => {
                let v = get(f.name);
                if !v.is_empty() && dfe_codes::meaning(list, &v).is_none() {
                    error = Some(format!("{}: choose one of the listed codes", f.label));
                }
                let mut shown = field(f, v.clone(), j);
                shown.error = error.clone();
                (Value::String(v), shown)
            }
            Input::Text => {
                let v = get(f.name);
                (Value::String(v.clone()), field(f, v, j))
            }
            Input::Number => {
                let v = get(f.name);
                let value = if v.is_empty() {
                    Value::Null
                } else {
                    match v.parse::<i32>() {
                        Ok(n) => Value::from(n),
                        Err(_) => {
                            error = Some(format!("{}: enter a whole number, like 2026", f.label));
                            Value::Null
                        }
                    }
                };
                let mut shown = field(f, v, j);
                shown.error = error.clone();
                (value, shown)
            }
        };
        if let Some(message) = error {
            errors.push(FieldError::new(
                &match f.input {
                    Input::Date | Input::OptDate => format!("{}-day", f.name),
                    _ => f.name.to_string(),
                },
                message,
            ));
        }
        map.insert(f.name.into(), value);
        fields.push(shown);
    }
    if errors.is_empty() {
        match serde_json::from_value::<StepDetail>(Value::Object(map)) {
            Ok(detail) => return Ok(detail),
            Err(_) => errors.push(FieldError::new(
                fields.first().map_or("", |f| f.name),
                "Check the answers: something could not be read",
            )),
        }
    }
    Err((fields, errors))
}

fn kind_of(kind: &str) -> Option<&'static str> {
    kind_entry(kind).map(|(k, _, _)| *k)
}

/// A finding's message beside each return item its rule names (or, for a
/// rule that names none, under an empty item).
fn per_item(rule: &rule_info::RuleInfo, message: String, out: &mut Vec<(String, String)>) {
    if rule.fields.is_empty() {
        out.push((String::new(), message));
    } else {
        out.extend(rule.fields.iter().map(|f| (f.clone(), message.clone())));
    }
}

/// What the returns would reject for this child, as at the year the step
/// falls in: (return item, plain words) pairs.
pub(crate) fn return_checks(p: &Person, j: &Journey, detail: &StepDetail) -> Vec<(String, String)> {
    let year = CollectionYear(hearth_core::calendar::collection_year_of(
        detail.start().unwrap_or_else(views::today),
    ));
    let record = [ChildRecord {
        person: p,
        journey: Some(j),
    }];
    let child = derive::child_id(p);
    let mut out = Vec::new();
    let reported = reported_in(detail.kind());
    if reported.starts_with("SSDA903") {
        let ret = derive::ssda903(&record, year);
        let rules: Vec<_> = ssda903::engine::rules_for(year)
            .into_iter()
            .filter(|r| r.runs_on(&ret, None))
            .collect();
        let info = rule_info::ssda903(year.0);
        for f in ssda903::engine::validate_with(&ret, None, year, &rules, Some(&child)) {
            if let Some(r) = info.iter().find(|r| r.code == f.rule_code) {
                let message = format!("The 903 would reject this ({}): {}", r.code, r.message);
                per_item(r, message, &mut out);
            }
        }
    } else if reported.starts_with("CIN") {
        let ret = derive::cin(&record, year, "000");
        let info = rule_info::cin();
        let rules = cin::rules::all();
        for f in cin::engine::validate_with(&ret, year, &rules, Some(&child)) {
            if let Some(r) = info.iter().find(|r| r.code == f.rule_code) {
                let what = if f.rule_type == hearth_returns::RuleType::Query {
                    "The census would query this"
                } else {
                    "The census would reject this"
                };
                per_item(r, format!("{what} ({}): {}", r.code, r.message), &mut out);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Puts each check beside the field whose return item it names; the rest go
/// in a list of their own.
fn attach(fields: &mut [FormField], kind: &str, checks: Vec<(String, String)>) -> Vec<String> {
    let specs = journey::fields(kind);
    let mut other = Vec::new();
    for (item, message) in checks {
        let at = specs
            .iter()
            .position(|s| !s.item.is_empty() && s.item.eq_ignore_ascii_case(&item));
        match at.and_then(|i| fields.get_mut(i)) {
            Some(f) => {
                if !f.checks.contains(&message) {
                    f.checks.push(message);
                }
            }
            None => {
                if !other.contains(&message) && !fields.iter().any(|f| f.checks.contains(&message))
                {
                    other.push(message);
                }
            }
        }
    }
    other.retain(|m| !fields.iter().any(|f| f.checks.contains(m)));
    other
}

pub async fn new_step_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, kind)): Path<(PersonId, String)>,
) -> Result<Html<String>, WebError> {
    let kind = kind_of(&kind).ok_or(WebError::NotFound)?;
    let p = Chokepoint::new(&state, &s.user, request_id(&rid))
        .person(id, Action::WriteRecord)
        .await?;
    let j = journey_of(&state, id).await?;
    let title = kind_label(kind);
    render(StepPage {
        chrome: Chrome::for_user(&s, format!("Record: {title}"), ""),
        person_id: p.id.to_string(),
        name: p.details.full_name(),
        kind,
        title,
        action: format!("/people/{}/journey/new/{kind}", p.id),
        step_id: String::new(),
        fields: fields_from(kind, &Value::Null, &j),
        errors: vec![],
        other_checks: vec![],
        saved: false,
        checked: false,
    })
}

/// The person (already authorised for writing) and their journey, loaded
/// once by the handler that saves a step.
async fn for_writing(
    state: &AppState,
    s: &SignedIn,
    rid: &Option<Extension<RequestId>>,
    id: PersonId,
) -> Result<(Person, Journey), WebError> {
    let p = Chokepoint::new(state, &s.user, request_id(rid))
        .person(id, Action::WriteRecord)
        .await?;
    let j = journey_of(state, id).await?;
    Ok((p, j))
}

async fn save(
    state: &AppState,
    s: &SignedIn,
    (p, j): (Person, Journey),
    kind: &'static str,
    step_id: Option<StepId>,
    body: &[u8],
) -> Result<Response, WebError> {
    let pairs = url_pairs(body);
    match read_form(kind, &pairs, &j) {
        Ok(detail) => {
            let step = JourneyStep {
                id: step_id.unwrap_or_default(),
                detail,
            };
            let valid_from = step.detail.start().unwrap_or_else(views::today);
            let sid = step.id;
            state
                .store
                .append(vec![Event::new(
                    Some(s.user.id()),
                    valid_from,
                    EventBody::JourneyStepRecorded {
                        person_id: p.id,
                        step,
                    },
                )])
                .await?;
            Ok(
                Redirect::to(&format!("/people/{}/journey/steps/{sid}?saved=1", p.id))
                    .into_response(),
            )
        }
        Err((fields, errors)) => {
            let title = kind_label(kind);
            let action = match step_id {
                Some(sid) => format!("/people/{}/journey/steps/{sid}", p.id),
                None => format!("/people/{}/journey/new/{kind}", p.id),
            };
            let page = StepPage {
                chrome: Chrome::for_user(s, format!("Error: {title}"), ""),
                person_id: p.id.to_string(),
                name: p.details.full_name(),
                kind,
                title,
                action,
                step_id: step_id.map(|i| i.to_string()).unwrap_or_default(),
                fields,
                errors,
                other_checks: vec![],
                saved: false,
                checked: false,
            };
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
    }
}

pub async fn new_step(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, kind)): Path<(PersonId, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let kind = kind_of(&kind).ok_or(WebError::NotFound)?;
    let loaded = for_writing(&state, &s, &rid, id).await?;
    save(&state, &s, loaded, kind, None, &body).await
}

#[derive(serde::Deserialize)]
pub struct Saved {
    saved: Option<String>,
}

pub async fn step_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, step_id)): Path<(PersonId, StepId)>,
    Query(q): Query<Saved>,
) -> Result<Html<String>, WebError> {
    let p = Chokepoint::new(&state, &s.user, request_id(&rid))
        .person(id, Action::ReadRecord)
        .await?;
    let j = journey_of(&state, id).await?;
    let step = j
        .steps
        .iter()
        .find(|st| st.id == step_id)
        .ok_or(WebError::NotFound)?;
    let kind = kind_of(step.detail.kind()).ok_or(WebError::NotFound)?;
    let value = serde_json::to_value(&step.detail).unwrap_or(Value::Null);
    let mut fields = fields_from(kind, &value, &j);
    let checks = return_checks(&p, &j, &step.detail);
    let other_checks = attach(&mut fields, kind, checks);
    let title = kind_label(kind);
    render(StepPage {
        chrome: Chrome::for_user(&s, title, ""),
        person_id: p.id.to_string(),
        name: p.details.full_name(),
        kind,
        title,
        action: format!("/people/{}/journey/steps/{step_id}", p.id),
        step_id: step_id.to_string(),
        fields,
        errors: vec![],
        other_checks,
        saved: q.saved.is_some(),
        checked: true,
    })
}

pub async fn amend_step(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, step_id)): Path<(PersonId, StepId)>,
    body: Bytes,
) -> Result<Response, WebError> {
    // Authorised first: whether a step exists is part of the record.
    let (p, j) = for_writing(&state, &s, &rid, id).await?;
    let step = j
        .steps
        .iter()
        .find(|st| st.id == step_id)
        .ok_or(WebError::NotFound)?;
    let kind = kind_of(step.detail.kind()).ok_or(WebError::NotFound)?;
    save(&state, &s, (p, j), kind, Some(step_id), &body).await
}

pub async fn remove_step(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, step_id)): Path<(PersonId, StepId)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let (p, j) = for_writing(&state, &s, &rid, id).await?;
    if !j.steps.iter().any(|st| st.id == step_id) {
        return Err(WebError::NotFound);
    }
    let pairs = url_pairs(&body);
    let reason = pairs
        .iter()
        .find(|(k, _)| k == "reason")
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default();
    if reason.is_empty() {
        return Err(WebError::BadRequest(
            "Say why the step is being removed: the reason is kept in the journal".into(),
        ));
    }
    state
        .store
        .append(vec![Event::new(
            Some(s.user.id()),
            views::today(),
            EventBody::JourneyStepRemoved {
                person_id: p.id,
                step_id,
                reason,
            },
        )])
        .await?;
    Ok(Redirect::to(&format!("/people/{}/journey", p.id)).into_response())
}
