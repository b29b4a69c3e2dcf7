//! The leadership's pages beside the outcome measures: the enablers
//! self-audit (its rounds, a form to fill one in, and a round read beside
//! the one before and the council's current figures) and the comparator
//! figures of statistical neighbours (a table, a form for one figure, and a
//! CSV upload that saves all of a file or none of it).
//!
//! Every handler asks [`Chokepoint::council`] (so
//! `access::decide_council`) first, which audits the decision: managers and
//! administrators keep these records, the data team reads them and keeps
//! comparator figures, and no one else sees them.

use std::collections::BTreeMap;

use super::practice::{invalid, opt_date_field, DateParts};
use super::{render, request_id, Path};
use crate::authz::{kind_subject, Chokepoint};
use crate::error::WebError;
use crate::security::RequestId;
use crate::session::{form_value, url_pairs, SignedIn};
use crate::views::{self, Chrome, FieldError};
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Multipart, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use hearth_core::access::Action;
use hearth_core::council::{AuditAction, AuditRating, Comparator, CouncilRecord, Item, SelfAudit};
use hearth_core::event::{Event, EventBody};
use hearth_core::ids::CouncilRecordId;
use hearth_insight::catalogue::{self, MEASURES};
use hearth_insight::enablers::{self, Group, ITEMS, RATINGS};
use hearth_insight::report::periods_to;
use hearth_insight::Scope;

/// The routes of these pages, merged into the app's router.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/outcomes/self-audit", get(rounds))
        .route(
            "/outcomes/self-audit/new",
            get(new_round_page).post(create_round),
        )
        .route("/outcomes/self-audit/{id}", get(round_page))
        .route(
            "/outcomes/comparators",
            get(comparators).post(add_comparator),
        )
        .route("/outcomes/comparators/upload", post(upload_comparators))
        .route("/pulse", get(super::pulse::page).post(super::pulse::answer))
}

/// The current records of one kind, oldest first by date.
async fn records_of(state: &AppState, kind: &str) -> Result<Vec<CouncilRecord>, WebError> {
    let mut v: Vec<CouncilRecord> = state
        .store
        .council_where("item", kind)
        .await?
        .into_iter()
        .filter(CouncilRecord::is_current)
        .collect();
    v.sort_by_key(|r| (r.on, r.id.0));
    Ok(v)
}

// ----- The self-audit -------------------------------------------------------

pub struct RoundRow {
    pub id: String,
    pub round: String,
    pub on: String,
    pub rated: usize,
    pub mean: String,
    pub open_actions: usize,
}

#[derive(Template)]
#[template(path = "outcomes/self_audits.html")]
pub struct RoundsPage {
    pub chrome: Chrome,
    pub rounds: Vec<RoundRow>,
    pub may_write: bool,
    pub items: usize,
}

pub async fn rounds(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
) -> Result<Html<String>, WebError> {
    let gate = Chokepoint::new(&state, &s.user, request_id(&rid));
    gate.council(Action::ReadRecord, "self_audit", kind_subject("self_audit"))
        .await?;
    let may_write = gate.may_council(Action::WriteRecord, "self_audit");
    let mut rows = Vec::new();
    for r in records_of(&state, "self_audit").await?.iter().rev() {
        let Item::SelfAudit(a) = &r.item else {
            continue;
        };
        rows.push(RoundRow {
            id: r.id.to_string(),
            round: a.round.clone(),
            on: views::date(r.on),
            rated: a.ratings.len(),
            mean: enablers::mean_rating(a)
                .map(|m| format!("{m:.1}"))
                .unwrap_or_default(),
            open_actions: a
                .ratings
                .iter()
                .flat_map(|x| &x.actions)
                .filter(|x| !x.done)
                .count(),
        });
    }
    render(RoundsPage {
        chrome: Chrome::for_user(&s, "Enablers self-audit", "outcomes"),
        rounds: rows,
        may_write,
        items: ITEMS.len(),
    })
}

/// One item's boxes in the form.
pub struct ItemInput {
    pub id: &'static str,
    pub group: &'static str,
    /// The first item of its group (the form starts a new section).
    pub first_of_group: bool,
    pub title: &'static str,
    pub prompt: &'static str,
    pub rating: String,
    pub evidence: String,
    pub action: String,
    pub owner: String,
    pub due: DateParts,
}

#[derive(Template)]
#[template(path = "outcomes/self_audit_form.html")]
pub struct RoundForm {
    pub chrome: Chrome,
    pub errors: Vec<FieldError>,
    pub round: String,
    pub items: Vec<ItemInput>,
    pub ratings: Vec<(u8, &'static str)>,
}

crate::form_page!(RoundForm);

impl RoundForm {
    pub fn err(&self, f: &str) -> Option<&str> {
        views::error_for(&self.errors, f)
    }
}

fn blank_items() -> Vec<ItemInput> {
    let mut last: Option<Group> = None;
    ITEMS
        .iter()
        .map(|i| {
            let first = last != Some(i.group);
            last = Some(i.group);
            ItemInput {
                id: i.id,
                group: i.group.title(),
                first_of_group: first,
                title: i.title,
                prompt: i.prompt,
                rating: String::new(),
                evidence: String::new(),
                action: String::new(),
                owner: String::new(),
                due: DateParts::default(),
            }
        })
        .collect()
}

pub async fn new_round_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
) -> Result<Html<String>, WebError> {
    Chokepoint::new(&state, &s.user, request_id(&rid))
        .council(
            Action::WriteRecord,
            "self_audit",
            kind_subject("self_audit"),
        )
        .await?;
    render(RoundForm {
        chrome: Chrome::for_user(&s, "New self-audit round", "outcomes"),
        errors: vec![],
        round: String::new(),
        items: blank_items(),
        ratings: RATINGS.to_vec(),
    })
}

pub async fn create_round(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    body: Bytes,
) -> Result<Response, WebError> {
    let gate = Chokepoint::new(&state, &s.user, request_id(&rid));
    gate.council(
        Action::WriteRecord,
        "self_audit",
        kind_subject("self_audit"),
    )
    .await?;
    let f = url_pairs(&body);
    let mut errors = Vec::new();
    let round = form_value(&f, "round").trim().to_string();
    if round.is_empty() {
        errors.push(FieldError::new(
            "round",
            "Enter the round's name, for example Spring 2026",
        ));
    }
    let mut items = blank_items();
    let mut ratings = Vec::new();
    for input in &mut items {
        let id = input.id;
        input.rating = form_value(&f, &format!("{id}-rating"));
        input.evidence = form_value(&f, &format!("{id}-evidence")).trim().to_string();
        input.action = form_value(&f, &format!("{id}-action")).trim().to_string();
        input.owner = form_value(&f, &format!("{id}-owner")).trim().to_string();
        input.due = DateParts::typed(&f, &format!("{id}-due"));
        let rating = match input.rating.parse::<u8>() {
            Ok(n) if (1..=4).contains(&n) => Some(n),
            _ => {
                errors.push(FieldError::new(
                    &format!("{id}-rating-1"),
                    format!("{}: choose a rating from 1 to 4", input.title),
                ));
                None
            }
        };
        let due = opt_date_field(&f, &format!("{id}-due"), input.title, &mut errors);
        let mut actions = Vec::new();
        if !input.action.is_empty() {
            if input.owner.is_empty() {
                errors.push(FieldError::new(
                    &format!("{id}-owner"),
                    format!("{}: enter who owns the action", input.title),
                ));
            }
            actions.push(AuditAction {
                what: input.action.clone(),
                owner: input.owner.clone(),
                due,
                done: false,
            });
        } else if !input.owner.is_empty() || due.is_some() {
            errors.push(FieldError::new(
                &format!("{id}-action"),
                format!(
                    "{}: describe the action, or clear its owner and date",
                    input.title
                ),
            ));
        }
        if let Some(rating) = rating {
            ratings.push(AuditRating {
                item: id.to_string(),
                rating,
                evidence: input.evidence.clone(),
                actions,
            });
        }
    }
    if errors.is_empty() {
        let today = views::today();
        let record = CouncilRecord::new(
            Some(s.user.id()),
            today,
            Item::SelfAudit(SelfAudit {
                round: round.clone(),
                ratings,
            }),
        );
        let id = record.id;
        let event = Event::new(
            Some(s.user.id()),
            today,
            EventBody::CouncilRecorded { record },
        );
        match state.store.append(vec![event]).await {
            Ok(_) => return Ok(Redirect::to(&format!("/outcomes/self-audit/{id}")).into_response()),
            Err(hearth_store::StoreError::Rejected(e)) => {
                errors.push(FieldError::new("round", e.to_string()))
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(invalid(render(RoundForm {
        chrome: Chrome::for_user(&s, "Error: New self-audit round", "outcomes"),
        errors,
        round,
        items,
        ratings: RATINGS.to_vec(),
    })?))
}

pub struct LinkedFigure {
    pub id: &'static str,
    pub title: &'static str,
    pub value: String,
}

pub struct ItemRow {
    pub group: &'static str,
    pub first_of_group: bool,
    pub title: &'static str,
    pub prompt: &'static str,
    pub now: String,
    pub then: String,
    pub change: &'static str,
    pub evidence: String,
    pub actions: Vec<ActionRow>,
    pub figures: Vec<LinkedFigure>,
}

pub struct ActionRow {
    pub what: String,
    pub owner: String,
    pub due: String,
    pub done: bool,
}

#[derive(Template)]
#[template(path = "outcomes/self_audit.html")]
pub struct RoundPage {
    pub chrome: Chrome,
    pub round: String,
    pub on: String,
    pub previous: Option<(String, String)>,
    pub period: String,
    pub rows: Vec<ItemRow>,
}

fn rating_words(r: Option<u8>) -> String {
    r.map(|n| format!("{n}: {}", enablers::rating_label(n)))
        .unwrap_or_else(|| "Not rated".into())
}

pub async fn round_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<CouncilRecordId>,
) -> Result<Html<String>, WebError> {
    let record = state
        .store
        .council_record(id)
        .await?
        .filter(|r| r.is_current() && matches!(r.item, Item::SelfAudit(_)))
        .ok_or(WebError::NotFound)?;
    Chokepoint::new(&state, &s.user, request_id(&rid))
        .council(Action::ReadRecord, "self_audit", record.id.0)
        .await?;
    let Item::SelfAudit(now) = &record.item else {
        return Err(WebError::NotFound);
    };
    let all = records_of(&state, "self_audit").await?;
    let previous = all
        .iter()
        .rfind(|r| (r.on, r.id.0) < (record.on, record.id.0));
    let then = previous.and_then(|r| match &r.item {
        Item::SelfAudit(a) => Some(a),
        _ => None,
    });
    // The council's figures for the 12 months to today, for every measure
    // an item links to.
    let today = views::today();
    let snapshot = crate::insight::snapshot(&state.store, today).await?;
    let (period, workforce) = periods_to(today);
    let report = tokio::task::spawn_blocking(move || {
        hearth_insight::compute(&snapshot, Scope::Council, period, workforce)
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?;
    let by_item: BTreeMap<&str, &AuditRating> =
        now.ratings.iter().map(|r| (r.item.as_str(), r)).collect();
    let mut last_group = None;
    let rows = enablers::compare(then, now)
        .into_iter()
        .map(|c| {
            let first = last_group != Some(c.item.group);
            last_group = Some(c.item.group);
            let rating = by_item.get(c.item.id);
            ItemRow {
                group: c.item.group.title(),
                first_of_group: first,
                title: c.item.title,
                prompt: c.item.prompt,
                now: rating_words(c.now),
                then: if then.is_some() {
                    rating_words(c.then)
                } else {
                    String::new()
                },
                change: if then.is_some() { c.change.label() } else { "" },
                evidence: rating.map(|r| r.evidence.clone()).unwrap_or_default(),
                actions: rating
                    .map(|r| {
                        r.actions
                            .iter()
                            .map(|a| ActionRow {
                                what: a.what.clone(),
                                owner: a.owner.clone(),
                                due: views::opt_date(a.due),
                                done: a.done,
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                figures: c
                    .item
                    .measures
                    .iter()
                    .filter_map(|m| catalogue::measure(m))
                    .map(|m| LinkedFigure {
                        id: m.id,
                        title: m.title,
                        value: report
                            .get(m.id)
                            .map(|v| v.shown())
                            .unwrap_or_else(|| "–".into()),
                    })
                    .collect(),
            }
        })
        .collect();
    render(RoundPage {
        chrome: Chrome::for_user(&s, format!("Self-audit: {}", now.round), "outcomes"),
        round: now.round.clone(),
        on: views::date(record.on),
        previous: previous.and_then(|r| match &r.item {
            Item::SelfAudit(a) => Some((a.round.clone(), r.id.to_string())),
            _ => None,
        }),
        period: format!("the 12 months to {}", views::date(period.end)),
        rows,
    })
}

// ----- Comparators ----------------------------------------------------------

pub struct ComparatorRow {
    pub measure_id: String,
    pub measure: String,
    pub council: String,
    pub year: i32,
    pub value: String,
    pub source: String,
}

#[derive(Template)]
#[template(path = "outcomes/comparators.html")]
pub struct ComparatorsPage {
    pub chrome: Chrome,
    pub errors: Vec<FieldError>,
    pub rows: Vec<ComparatorRow>,
    pub may_write: bool,
    pub measures: Vec<(String, String)>,
    pub council: String,
    pub measure: String,
    pub year: String,
    pub value: String,
    pub source: String,
    pub saved: usize,
}

crate::form_page!(ComparatorsPage);

impl ComparatorsPage {
    pub fn err(&self, f: &str) -> Option<&str> {
        views::error_for(&self.errors, f)
    }
}

async fn comparators_page(
    state: &AppState,
    s: &SignedIn,
    may_write: bool,
) -> Result<ComparatorsPage, WebError> {
    let mut rows: Vec<ComparatorRow> = records_of(state, "comparator")
        .await?
        .into_iter()
        .filter_map(|r| match r.item {
            Item::Comparator(c) => Some(ComparatorRow {
                measure: catalogue::measure(&c.measure)
                    .map(|m| m.title.to_string())
                    .unwrap_or_else(|| c.measure.clone()),
                value: match catalogue::measure(&c.measure) {
                    Some(m) => m.scale.show(c.value),
                    None => c.value.to_string(),
                },
                measure_id: c.measure,
                council: c.council,
                year: c.year,
                source: c.source,
            }),
            _ => None,
        })
        .collect();
    let order = |id: &str| {
        MEASURES
            .iter()
            .position(|m| m.id == id)
            .unwrap_or(usize::MAX)
    };
    rows.sort_by(|a, b| {
        (order(&a.measure_id), &a.council, a.year).cmp(&(order(&b.measure_id), &b.council, b.year))
    });
    let mut measures = vec![(String::new(), "Choose a measure".to_string())];
    measures.extend(
        MEASURES
            .iter()
            .map(|m| (m.id.to_string(), m.title.to_string())),
    );
    Ok(ComparatorsPage {
        chrome: Chrome::for_user(s, "Comparator figures", "outcomes"),
        errors: vec![],
        rows,
        may_write,
        measures,
        council: String::new(),
        measure: String::new(),
        year: String::new(),
        value: String::new(),
        source: String::new(),
        saved: 0,
    })
}

pub async fn comparators(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    axum::extract::RawQuery(q): axum::extract::RawQuery,
) -> Result<Html<String>, WebError> {
    let gate = Chokepoint::new(&state, &s.user, request_id(&rid));
    gate.council(Action::ReadRecord, "comparator", kind_subject("comparator"))
        .await?;
    let may_write = gate.may_council(Action::WriteRecord, "comparator");
    let mut page = comparators_page(&state, &s, may_write).await?;
    page.saved = q
        .as_deref()
        .and_then(|q| q.strip_prefix("saved="))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    render(page)
}

/// One comparator figure as typed (a form or a CSV line), checked; the
/// errors name the field.
fn comparator_from(
    council: &str,
    measure: &str,
    year: &str,
    value: &str,
    source: &str,
) -> Result<Comparator, Vec<(&'static str, String)>> {
    let mut errors = Vec::new();
    let council = council.trim();
    if council.is_empty() {
        errors.push((
            "council",
            "enter the council or group the figure is for".into(),
        ));
    }
    let measure = measure.trim();
    if catalogue::measure(measure).is_none() {
        errors.push((
            "measure",
            if measure.is_empty() {
                "enter a measure id".to_string()
            } else {
                format!("\"{measure}\" is not a measure id")
            },
        ));
    }
    let year_n = match year.trim().parse::<i32>() {
        Ok(y) if (2000..=2100).contains(&y) => y,
        _ => {
            errors.push((
                "year",
                format!("\"{}\" is not a year such as 2025", year.trim()),
            ));
            0
        }
    };
    let value_n = match value.trim().trim_end_matches('%').parse::<f64>() {
        Ok(v) if v.is_finite() => v,
        _ => {
            errors.push(("value", format!("\"{}\" is not a number", value.trim())));
            0.0
        }
    };
    let source = source.trim();
    if source.is_empty() {
        errors.push(("source", "enter where the figure was published".into()));
    }
    if errors.is_empty() {
        Ok(Comparator {
            council: council.to_string(),
            measure: measure.to_string(),
            year: year_n,
            value: value_n,
            source: source.to_string(),
        })
    } else {
        Err(errors)
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

async fn save_comparators(
    state: &AppState,
    s: &SignedIn,
    figures: Vec<Comparator>,
) -> Result<Result<usize, String>, WebError> {
    let today = views::today();
    let n = figures.len();
    let events: Vec<Event> = figures
        .into_iter()
        .map(|c| {
            let record = CouncilRecord::new(Some(s.user.id()), today, Item::Comparator(c));
            Event::new(
                Some(s.user.id()),
                today,
                EventBody::CouncilRecorded { record },
            )
        })
        .collect();
    // All in one append: the store keeps all of them or none.
    match state.store.append(events).await {
        Ok(_) => Ok(Ok(n)),
        Err(hearth_store::StoreError::Rejected(e)) => Ok(Err(e.to_string())),
        Err(e) => Err(e.into()),
    }
}

pub async fn add_comparator(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    body: Bytes,
) -> Result<Response, WebError> {
    Chokepoint::new(&state, &s.user, request_id(&rid))
        .council(
            Action::WriteRecord,
            "comparator",
            kind_subject("comparator"),
        )
        .await?;
    let f = url_pairs(&body);
    let v = |n: &str| form_value(&f, n);
    let mut errors = Vec::new();
    match comparator_from(
        &v("council"),
        &v("measure"),
        &v("year"),
        &v("value"),
        &v("source"),
    ) {
        Ok(c) => match save_comparators(&state, &s, vec![c]).await? {
            Ok(n) => {
                return Ok(Redirect::to(&format!("/outcomes/comparators?saved={n}")).into_response())
            }
            Err(e) => errors.push(FieldError::new("council", e)),
        },
        Err(es) => {
            for (field, message) in es {
                errors.push(FieldError::new(field, capitalised(&message)));
            }
        }
    }
    let mut page = comparators_page(&state, &s, true).await?;
    page.chrome.title = "Error: Comparator figures".into();
    page.errors = errors;
    page.council = v("council");
    page.measure = v("measure");
    page.year = v("year");
    page.value = v("value");
    page.source = v("source");
    Ok(invalid(render(page)?))
}

/// The header a comparator file must start with.
pub const CSV_HEADER: [&str; 5] = ["council", "measure", "year", "value", "source"];

/// Reads a comparator file: every figure, or every problem with its line
/// (counting the header as line 1) and field.
pub fn read_comparator_csv(text: &str) -> Result<Vec<Comparator>, Vec<String>> {
    let (rows, mut problems) = hearth_insight::csv_file::records(text, &CSV_HEADER);
    let mut figures = Vec::new();
    for (n, fields) in rows {
        match comparator_from(&fields[0], &fields[1], &fields[2], &fields[3], &fields[4]) {
            Ok(c) => figures.push(c),
            Err(es) => {
                for (field, message) in es {
                    problems.push(format!("Line {n}, {field}: {message}"));
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if figures.is_empty() {
        return Err(vec!["The file has a header but no figures".into()]);
    }
    Ok(figures)
}

pub async fn upload_comparators(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    mut form: Multipart,
) -> Result<Response, WebError> {
    Chokepoint::new(&state, &s.user, request_id(&rid))
        .council(
            Action::WriteRecord,
            "comparator",
            kind_subject("comparator"),
        )
        .await?;
    let mut file: Option<Vec<u8>> = None;
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() == Some("file") {
            let Ok(bytes) = field.bytes().await else {
                return Err(WebError::BadRequest("The upload could not be read.".into()));
            };
            if !bytes.is_empty() {
                file = Some(bytes.to_vec());
            }
        }
    }
    let problems = match file {
        None => vec!["Choose a CSV file of comparator figures".to_string()],
        Some(bytes) => match String::from_utf8(bytes) {
            Err(_) => vec!["The file must be CSV text (UTF-8)".to_string()],
            Ok(text) => match read_comparator_csv(&text) {
                Ok(figures) => match save_comparators(&state, &s, figures).await? {
                    Ok(n) => {
                        return Ok(Redirect::to(&format!("/outcomes/comparators?saved={n}"))
                            .into_response())
                    }
                    Err(e) => vec![e],
                },
                Err(p) => p,
            },
        },
    };
    let mut page = comparators_page(&state, &s, true).await?;
    page.chrome.title = "Error: Comparator figures".into();
    page.errors = problems
        .into_iter()
        .map(|m| FieldError::new("file", m))
        .collect();
    Ok(invalid(render(page)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comparator_file_is_read_whole_or_its_problems_named() {
        let good = "council,measure,year,value,source\n\
                    \"Nowhere, fictional\",turnover_rate,2024,14.5,DfE\n\
                    Elsewhere,agency_rate,2024,12%,DfE\n";
        let figures = read_comparator_csv(good).unwrap_or_default();
        assert_eq!(figures.len(), 2);
        assert_eq!(figures[0].council, "Nowhere, fictional");
        assert_eq!(figures[1].value, 12.0);

        let bad = "council,measure,year,value,source\n\
                   A,turnover_rate,2024,14.5,DfE\n\
                   B,no_such_measure,2024,abc,\n";
        let problems = read_comparator_csv(bad).err().unwrap_or_default();
        assert_eq!(
            problems,
            vec![
                "Line 3, measure: \"no_such_measure\" is not a measure id".to_string(),
                "Line 3, value: \"abc\" is not a number".to_string(),
                "Line 3, source: enter where the figure was published".to_string(),
            ]
        );
        assert!(read_comparator_csv("a,b\n").is_err());
    }
}
