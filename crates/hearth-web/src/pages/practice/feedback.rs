//! The family's feedback pages: each question's average answer and how many
//! answered it, every response with the words they chose, and a form to
//! record one person's feedback in their own words. Answers are kept as
//! numbers so the outcome measures can count them.

use super::{date_field, DateParts, FamilyWork};
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
use hearth_core::ids::{FamilyId, PersonId};
use hearth_core::practice::conference::{averages, scale_words, Feedback, SCALE};
use hearth_core::practice::{PracticeRecord, Tool};

pub struct SummaryRow {
    pub question: &'static str,
    pub average: String,
    pub answers: usize,
}

pub struct ResponseRow {
    pub id: String,
    pub on: String,
    pub from: String,
    /// (question, answer in words and number)
    pub answers: Vec<(&'static str, String)>,
    pub comment: String,
}

#[derive(Template)]
#[template(path = "practice/feedback.html")]
pub struct FeedbackPage {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub count: usize,
    pub summary: Vec<SummaryRow>,
    pub responses: Vec<ResponseRow>,
}

fn answer_words(v: Option<u8>) -> String {
    match v {
        Some(n) => format!("{} ({n})", scale_words(n)),
        None => "Not asked".into(),
    }
}

pub async fn list(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::ReadRecord).await?;
    let records = work.records(&state, "feedback").await?;
    let all: Vec<(&PracticeRecord, &Feedback)> = records
        .iter()
        .filter_map(|r| match &r.tool {
            Tool::Feedback(f) => Some((r, f)),
            _ => None,
        })
        .collect();
    let summary = averages(all.iter().map(|(_, f)| *f))
        .into_iter()
        .map(|q| SummaryRow {
            question: q.question,
            average: q
                .average
                .map(|a| format!("{a:.1} out of 5"))
                .unwrap_or_else(|| "No answers yet".into()),
            answers: q.answers,
        })
        .collect();
    let responses = all
        .iter()
        .map(|(r, f)| ResponseRow {
            id: r.id.to_string(),
            on: views::date(r.on),
            from: if f.from_name.trim().is_empty() {
                f.from.map(|p| work.name_of(p)).unwrap_or_default()
            } else {
                f.from_name.clone()
            },
            answers: Feedback::QUESTIONS
                .iter()
                .map(|(field, q)| (*q, answer_words(f.answer(field))))
                .collect(),
            comment: f.comment.clone(),
        })
        .collect();
    render(FeedbackPage {
        chrome: Chrome::for_user(
            &s,
            format!("The family's feedback: {}", work.family.name),
            "",
        ),
        family_id: id.to_string(),
        name: work.family.name.clone(),
        count: all.len(),
        summary,
        responses,
    })
}

pub struct QuestionForm {
    pub field: &'static str,
    pub question: &'static str,
    pub answer: String,
}

#[derive(Template)]
#[template(path = "practice/feedback_form.html")]
pub struct FeedbackForm {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub on: DateParts,
    pub people: Vec<(String, String)>,
    pub from: String,
    pub from_name: String,
    pub questions: Vec<QuestionForm>,
    pub scale: Vec<(String, &'static str)>,
    pub comment: String,
    pub errors: Vec<FieldError>,
}

impl FeedbackForm {
    pub fn err(&self, f: &str) -> Option<&str> {
        views::error_for(&self.errors, f)
    }
}

fn form_page(s: &SignedIn, work: &FamilyWork) -> FeedbackForm {
    let mut people = vec![(String::new(), "Someone not listed".to_string())];
    people.extend(
        work.current()
            .iter()
            .map(|p| (p.id.to_string(), p.details.full_name())),
    );
    FeedbackForm {
        chrome: Chrome::for_user(s, "Record the family's feedback", ""),
        family_id: work.family.id.to_string(),
        name: work.family.name.clone(),
        on: DateParts::of(Some(views::today())),
        people,
        from: String::new(),
        from_name: String::new(),
        questions: Feedback::QUESTIONS
            .iter()
            .map(|(field, question)| QuestionForm {
                field,
                question,
                answer: String::new(),
            })
            .collect(),
        scale: SCALE.iter().map(|(n, w)| (n.to_string(), *w)).collect(),
        comment: String::new(),
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
    render(form_page(&s, &work))
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
    let mut errors = Vec::new();
    let on = date_field(&f, "on", "Date of the feedback", &mut errors);
    if on.is_some_and(|d| d > views::today()) {
        errors.push(FieldError::new(
            "on-day",
            "The date of the feedback must be today or in the past",
        ));
    }
    let from = work.picked(&[form_value(&f, "from")]).first().copied();
    let from_name = form_value(&f, "from_name").trim().to_string();
    if from.is_none() && from_name.is_empty() {
        errors.push(FieldError::new(
            "from_name",
            "Enter who gave the feedback, or choose them from the list",
        ));
    }
    let mut fb = Feedback {
        from,
        from_name: if from_name.is_empty() {
            from.map(|p| work.name_of(p)).unwrap_or_default()
        } else {
            from_name
        },
        listened_to: None,
        understood_plan: None,
        involved_in_decisions: None,
        worker_reliable: None,
        things_better: None,
        comment: form_value(&f, "comment").trim().to_string(),
    };
    for (field, _) in Feedback::QUESTIONS {
        let v = form_value(&f, field);
        match v.parse::<u8>() {
            Ok(n) if (1..=5).contains(&n) => fb.set_answer(field, Some(n)),
            _ if v.is_empty() => {}
            _ => errors.push(FieldError::new(
                &format!("{field}-1"),
                "Choose an answer from 1 (not at all) to 5 (completely)",
            )),
        }
    }
    if errors.is_empty() && fb.check().is_err() {
        errors.push(FieldError::new(
            "listened_to-1",
            "Answer at least one question, or write what they said",
        ));
    }
    if let (true, Some(on)) = (errors.is_empty(), on) {
        let mut record = PracticeRecord::new(
            work.scope(),
            Some(s.user.id()),
            on,
            Tool::Feedback(fb.clone()),
        );
        record.about = from.into_iter().collect::<Vec<PersonId>>();
        match super::save(&state, &s, record).await? {
            Ok(()) => return Ok(Redirect::to(&format!("/families/{id}/feedback")).into_response()),
            Err(msg) => errors.push(FieldError::new("comment", msg)),
        }
    }
    let mut page = form_page(&s, &work);
    page.chrome.title = format!("Error: {}", page.chrome.title);
    page.on = DateParts::typed(&f, "on");
    page.from = form_value(&f, "from");
    page.from_name = form_value(&f, "from_name");
    page.comment = form_value(&f, "comment");
    for q in &mut page.questions {
        q.answer = form_value(&f, q.field);
    }
    page.errors = errors;
    Ok(super::invalid(render(page)?))
}
