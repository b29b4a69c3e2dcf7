//! Scaling pages: each question's scores over time as a chart (one line per
//! rater) with the numbers in a table, a warning when someone's score has
//! dropped, and a form for one scaling conversation with a row per family
//! member, the worker's own score and partners'.

use super::{date_field, DateParts, FamilyWork};
use crate::charts::{LineChart, Series};
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
use hearth_core::ids::{FamilyId, PersonId, PracticeId};
use hearth_core::model::{MemberRole, PersonKind};
use hearth_core::practice::scaling::{self, question_key, RaterRole, Rating, Scaling};
use hearth_core::practice::{PracticeRecord, Tool};
use time::Date;

/// How many rows for partners and others the form offers (more can be added
/// by saving and carrying on).
const OTHER_ROWS: usize = 3;

pub struct QuestionView {
    pub question: String,
    pub chart: String,
    pub dates: Vec<String>,
    /// (rater, role, score per date ("" where they did not rate), first,
    /// latest, trend in words)
    pub raters: Vec<RaterRow>,
    pub drops: Vec<String>,
}

pub struct RaterRow {
    pub name: String,
    pub role: &'static str,
    pub scores: Vec<String>,
    pub change: String,
}

pub struct ConversationRow {
    pub id: String,
    pub on: String,
    pub summary: String,
}

#[derive(Template)]
#[template(path = "practice/scaling.html")]
pub struct ScalingPage {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub questions: Vec<QuestionView>,
    pub conversations: Vec<ConversationRow>,
}

/// Conversations asking one question: (key, the question as asked, each
/// conversation's date and content).
type Group<'a> = (String, String, Vec<(Date, &'a Scaling)>);

/// Groups conversations by question and builds each one's trend view.
pub fn question_views(records: &[PracticeRecord]) -> Vec<QuestionView> {
    let mut groups: Vec<Group> = Vec::new();
    let mut sorted: Vec<&PracticeRecord> = records.iter().collect();
    sorted.sort_by_key(|r| r.on);
    for r in sorted {
        let Tool::Scaling(s) = &r.tool else { continue };
        let key = question_key(&s.question);
        match groups.iter_mut().find(|g| g.0 == key) {
            Some(g) => g.2.push((r.on, s)),
            None => groups.push((key, s.question.clone(), vec![(r.on, s)])),
        }
    }
    groups
        .into_iter()
        .enumerate()
        .map(|(i, (_, question, convs))| {
            let mut dates: Vec<Date> = convs.iter().map(|c| c.0).collect();
            dates.dedup();
            let trends = scaling::trends(convs.iter().copied());
            let chart = LineChart {
                id: format!("scaling-{i}"),
                title: format!("Scores over time: {question}"),
                y_min: 0.0,
                y_max: 10.0,
                y_step: 2.0,
                series: trends
                    .iter()
                    .map(|t| Series {
                        name: t.name.clone(),
                        points: t.points.iter().map(|(d, v)| (*d, f64::from(*v))).collect(),
                    })
                    .collect(),
                reference: None,
            };
            let raters = trends
                .iter()
                .map(|t| RaterRow {
                    name: t.name.clone(),
                    role: t.role.label(),
                    scores: dates
                        .iter()
                        .map(|d| {
                            t.points
                                .iter()
                                .rev()
                                .find(|p| p.0 == *d)
                                .map(|p| p.1.to_string())
                                .unwrap_or_default()
                        })
                        .collect(),
                    change: match (t.first(), t.latest(), t.points.len()) {
                        (Some(f), Some(l), n) if n > 1 => {
                            let diff = i32::from(l) - i32::from(f);
                            match diff.cmp(&0) {
                                std::cmp::Ordering::Greater => format!("Up {diff} since first"),
                                std::cmp::Ordering::Less => format!("Down {} since first", -diff),
                                std::cmp::Ordering::Equal => "No change since first".into(),
                            }
                        }
                        _ => "One score so far".into(),
                    },
                })
                .collect();
            let drops = trends
                .iter()
                .filter(|t| t.dropped())
                .map(|t| {
                    let n = t.points.len();
                    format!(
                        "{} has gone from {} to {}",
                        t.name,
                        t.points[n - 2].1,
                        t.points[n - 1].1
                    )
                })
                .collect();
            QuestionView {
                question,
                chart: chart.svg(),
                dates: dates.iter().map(|d| views::date(*d)).collect(),
                raters,
                drops,
            }
        })
        .collect()
}

pub async fn list(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::ReadRecord).await?;
    let records = work.records(&state, "scaling").await?;
    let conversations = records
        .iter()
        .filter_map(|r| match &r.tool {
            Tool::Scaling(sc) => Some(ConversationRow {
                id: r.id.to_string(),
                on: views::date(r.on),
                summary: sc
                    .ratings
                    .iter()
                    .map(|x| format!("{} {}", x.name, x.score))
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
            _ => None,
        })
        .collect();
    render(ScalingPage {
        chrome: Chrome::for_user(&s, format!("Scaling: {}", work.family.name), ""),
        family_id: id.to_string(),
        name: work.family.name.clone(),
        questions: question_views(&records),
        conversations,
    })
}

/// One row of the form: a family member, the worker, or another rater.
pub struct RowForm {
    /// The field-name prefix: a person id, `worker`, or `other1`...
    pub key: String,
    pub label: String,
    pub is_other: bool,
    pub name: String,
    pub role: String,
    pub score: String,
    pub why: String,
}

#[derive(Template)]
#[template(path = "practice/scaling_form.html")]
pub struct ScalingForm {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub action: String,
    pub record_id: String,
    pub version: u32,
    pub on: DateParts,
    pub question: String,
    pub one_point_higher: String,
    pub rows: Vec<RowForm>,
    pub scores: Vec<(String, String)>,
    pub roles: Vec<(String, String)>,
    pub errors: Vec<FieldError>,
}

impl ScalingForm {
    pub fn err(&self, f: &str) -> Option<&str> {
        views::error_for(&self.errors, f)
    }
}

fn default_role(work: &FamilyWork, p: PersonId) -> RaterRole {
    match work.people.iter().find(|(x, _, _)| x.id == p) {
        Some((x, _, _)) if x.kind == PersonKind::Child => RaterRole::Child,
        Some((_, MemberRole::Child, _)) => RaterRole::Child,
        _ => RaterRole::Parent,
    }
}

fn form_page(
    s: &SignedIn,
    work: &FamilyWork,
    record: Option<&PracticeRecord>,
    sc: Option<&Scaling>,
) -> ScalingForm {
    let id = work.family.id;
    let find = |pred: &dyn Fn(&Rating) -> bool| sc.and_then(|x| x.ratings.iter().find(|r| pred(r)));
    let mut rows: Vec<RowForm> = work
        .current()
        .iter()
        .map(|p| {
            let r = find(&|r: &Rating| r.person == Some(p.id));
            RowForm {
                key: p.id.to_string(),
                label: p.details.full_name(),
                is_other: false,
                name: p.details.full_name(),
                role: r.map_or(default_role(work, p.id), |r| r.role).code().into(),
                score: r.map(|r| r.score.to_string()).unwrap_or_default(),
                why: r.map(|r| r.why.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let me = find(&|r: &Rating| r.practitioner == Some(s.user.id()));
    rows.push(RowForm {
        key: "worker".into(),
        label: format!("{} (you)", s.user.practitioner.display_name),
        is_other: false,
        name: s.user.practitioner.display_name.clone(),
        role: RaterRole::Worker.code().into(),
        score: me.map(|r| r.score.to_string()).unwrap_or_default(),
        why: me.map(|r| r.why.clone()).unwrap_or_default(),
    });
    let others: Vec<&Rating> = sc
        .map(|x| {
            x.ratings
                .iter()
                .filter(|r| r.person.is_none() && r.practitioner != Some(s.user.id()))
                .collect()
        })
        .unwrap_or_default();
    for i in 0..others.len().max(OTHER_ROWS) {
        let r = others.get(i);
        rows.push(RowForm {
            key: format!("other{}", i + 1),
            label: format!("Someone else {}", i + 1),
            is_other: true,
            name: r.map(|r| r.name.clone()).unwrap_or_default(),
            role: r.map_or(RaterRole::Partner, |r| r.role).code().into(),
            score: r.map(|r| r.score.to_string()).unwrap_or_default(),
            why: r.map(|r| r.why.clone()).unwrap_or_default(),
        });
    }
    ScalingForm {
        chrome: Chrome::for_user(s, "Record a scaling conversation", ""),
        family_id: id.to_string(),
        name: work.family.name.clone(),
        action: match record {
            Some(r) => format!("/families/{id}/scaling/{}", r.id),
            None => format!("/families/{id}/scaling/new"),
        },
        record_id: record.map(|r| r.id.to_string()).unwrap_or_default(),
        version: record.map_or(0, |r| r.version),
        on: DateParts::of(Some(record.map_or_else(views::today, |r| r.on))),
        question: sc.map_or_else(
            || scaling::SAFETY_QUESTION.to_string(),
            |x| x.question.clone(),
        ),
        one_point_higher: sc.map(|x| x.one_point_higher.clone()).unwrap_or_default(),
        rows,
        scores: std::iter::once((String::new(), "Not asked".to_string()))
            .chain((0..=10).map(|n| (n.to_string(), n.to_string())))
            .collect(),
        roles: RaterRole::ALL
            .iter()
            .map(|r| (r.code().to_string(), r.label().to_string()))
            .collect(),
        errors: vec![],
    }
}

pub async fn new_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    // The question carries over from the last conversation so the trend
    // stays on one line; the scores start blank.
    let last = work.records(&state, "scaling").await?;
    let mut page = form_page(&s, &work, None, None);
    if let Some(Tool::Scaling(x)) = last.first().map(|r| &r.tool) {
        page.question = x.question.clone();
    }
    render(page)
}

pub async fn edit_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, pid)): Path<(FamilyId, PracticeId)>,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    let r = work.record(&state, pid, "scaling").await?;
    let Tool::Scaling(x) = &r.tool else {
        return Err(WebError::NotFound);
    };
    render(form_page(&s, &work, Some(&r), Some(x)))
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
    let r = work.record(&state, pid, "scaling").await?;
    save(&state, &s, &work, Some(r), &body).await
}

/// Reads a score box: blank is "not asked"; anything else must be 0 to 10.
fn score(f: &[(String, String)], key: &str, who: &str, errors: &mut Vec<FieldError>) -> Option<u8> {
    let v = form_value(f, &format!("{key}-score"));
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    match v.parse::<u8>() {
        Ok(n) if n <= 10 => Some(n),
        _ => {
            errors.push(FieldError::new(
                &format!("{key}-score"),
                format!("{who}'s score must be a whole number from 0 to 10"),
            ));
            None
        }
    }
}

async fn save(
    state: &AppState,
    s: &SignedIn,
    work: &FamilyWork,
    existing: Option<PracticeRecord>,
    body: &[u8],
) -> Result<Response, WebError> {
    let f = url_pairs(body);
    let mut errors = Vec::new();
    let on = date_field(&f, "on", "Date of the conversation", &mut errors);
    if on.is_some_and(|d| d > views::today()) {
        errors.push(FieldError::new(
            "on-day",
            "The date must be today or in the past",
        ));
    }
    let question = form_value(&f, "question").trim().to_string();
    let mut ratings = Vec::new();
    for p in work.current() {
        let key = p.id.to_string();
        let name = p.details.full_name();
        if let Some(n) = score(&f, &key, &name, &mut errors) {
            ratings.push(Rating {
                role: RaterRole::from_code(&form_value(&f, &format!("{key}-role")))
                    .unwrap_or(default_role(work, p.id)),
                person: Some(p.id),
                practitioner: None,
                name,
                score: n,
                why: form_value(&f, &format!("{key}-why")).trim().to_string(),
            });
        }
    }
    let me = &s.user.practitioner.display_name;
    if let Some(n) = score(&f, "worker", me, &mut errors) {
        ratings.push(Rating {
            role: RaterRole::Worker,
            person: None,
            practitioner: Some(s.user.id()),
            name: me.clone(),
            score: n,
            why: form_value(&f, "worker-why").trim().to_string(),
        });
    }
    let mut i = 1;
    while f.iter().any(|(k, _)| k == &format!("other{i}-name")) {
        let key = format!("other{i}");
        let name = form_value(&f, &format!("{key}-name")).trim().to_string();
        let who = if name.is_empty() {
            format!("Someone else {i}")
        } else {
            name.clone()
        };
        if let Some(n) = score(&f, &key, &who, &mut errors) {
            if name.is_empty() {
                errors.push(FieldError::new(
                    &format!("{key}-name"),
                    format!("Enter who gave the score of {n}"),
                ));
            }
            ratings.push(Rating {
                role: RaterRole::from_code(&form_value(&f, &format!("{key}-role")))
                    .unwrap_or(RaterRole::Partner),
                person: None,
                practitioner: None,
                name,
                score: n,
                why: form_value(&f, &format!("{key}-why")).trim().to_string(),
            });
        }
        i += 1;
    }
    if question.is_empty() {
        errors.push(FieldError::new("question", "Enter the scaling question"));
    }
    if ratings.is_empty() && errors.is_empty() {
        errors.push(FieldError::new(
            "worker-score",
            "Enter at least one score: the worker's own, or someone in the family's",
        ));
    }
    let sc = Scaling {
        question,
        ratings,
        one_point_higher: form_value(&f, "one_point_higher").trim().to_string(),
    };
    let typed_version: u32 = form_value(&f, "version").parse().unwrap_or(0);
    if let (true, Some(on)) = (errors.is_empty(), on) {
        let about = sc.ratings.iter().filter_map(|r| r.person).collect();
        let record = super::from_form(
            work,
            s,
            existing.as_ref(),
            typed_version,
            on,
            about,
            Tool::Scaling(sc.clone()),
        );
        match super::save(state, s, record).await? {
            Ok(()) => {
                return Ok(
                    Redirect::to(&format!("/families/{}/scaling", work.family.id)).into_response(),
                )
            }
            Err(msg) => errors.push(FieldError::new("question", msg)),
        }
    }
    let mut page = form_page(s, work, existing.as_ref(), Some(&sc));
    // Show what was typed, including rows the parser could not use.
    for row in &mut page.rows {
        row.score = form_value(&f, &format!("{}-score", row.key));
        row.why = form_value(&f, &format!("{}-why", row.key));
        if row.is_other {
            row.name = form_value(&f, &format!("{}-name", row.key));
            row.role = form_value(&f, &format!("{}-role", row.key));
        }
    }
    page.chrome.title = format!("Error: {}", page.chrome.title);
    page.on = DateParts::typed(&f, "on");
    page.version = typed_version;
    page.errors = errors;
    Ok(super::invalid(render(page)?))
}
