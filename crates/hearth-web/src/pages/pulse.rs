//! The staff pulse: any member of staff (not a partner agency) answers the
//! pulse questions, 1 to 5, for one of their teams. The answer is saved
//! with the team and the day only.
//!
//! How the answer is kept anonymous, as a security officer would check it:
//! - the council record's `author` is `None`, and so is the journal event's
//!   `actor` (the event's actor would otherwise name them for good: the
//!   journal is append-only);
//! - the audit trail records that the pulse form was opened or answered
//!   without the actor or the request id ([`Chokepoint::pulse`]); a
//!   refusal is audited under the actor's name, as it gives nothing away;
//! - the answer's page is shown in reply to the POST itself (no redirect to
//!   a page that would be audited under their name a moment later);
//! - results are shown only for groups of [`PULSE_MIN_GROUP`] or more
//!   answers (the measure's rule).
//!
//! What remains: the journal keeps the exact time of the answer, and the
//! server's request log keeps the time of each POST to /pulse (without the
//! user); anyone with both the database and the host's logs and the
//! sessions table could narrow down who answered when few people were
//! signed in. Nothing stops one person answering twice; the pulse is a
//! temperature check, not a ballot.
//!
//! [`PULSE_MIN_GROUP`]: hearth_core::council::PULSE_MIN_GROUP

use super::practice::invalid;
use super::{render, request_id};
use crate::authz::Chokepoint;
use crate::error::WebError;
use crate::security::RequestId;
use crate::session::{form_value, url_pairs, SignedIn};
use crate::views::{self, Chrome, FieldError};
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{Html, Response};
use axum::Extension;
use hearth_core::access::Action;
use hearth_core::council::{CouncilRecord, Item, Pulse, PULSE_QUESTIONS};
use hearth_core::event::{Event, EventBody};
use hearth_core::ids::TeamId;

/// The words of the 1 to 5 scale.
pub const SCALE: [(u8, &str); 5] = [
    (1, "Not at all"),
    (2, "A little"),
    (3, "Partly"),
    (4, "Mostly"),
    (5, "Fully"),
];

pub struct Question {
    pub field: String,
    pub text: &'static str,
    pub answer: u8,
}

#[derive(Template)]
#[template(path = "outcomes/pulse.html")]
pub struct PulsePage {
    pub chrome: Chrome,
    pub errors: Vec<FieldError>,
    pub teams: Vec<(String, String)>,
    pub team: String,
    pub questions: Vec<Question>,
    pub scale: Vec<(u8, &'static str)>,
    pub thanks: bool,
}

crate::form_page!(PulsePage);

impl PulsePage {
    pub fn err(&self, f: &str) -> Option<&str> {
        views::error_for(&self.errors, f)
    }
}

/// The signed-in person's teams, by name.
async fn my_teams(state: &AppState, s: &SignedIn) -> Result<Vec<(TeamId, String)>, WebError> {
    let mut out = Vec::new();
    for t in &s.user.actor.teams {
        if let Some(team) = state.store.team(*t).await? {
            out.push((team.id, team.name));
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

fn questions() -> Vec<Question> {
    PULSE_QUESTIONS
        .iter()
        .enumerate()
        .map(|(i, q)| Question {
            field: format!("q{}", i + 1),
            text: q,
            answer: 0,
        })
        .collect()
}

async fn blank(state: &AppState, s: &SignedIn) -> Result<PulsePage, WebError> {
    let teams = my_teams(state, s).await?;
    Ok(PulsePage {
        chrome: Chrome::for_user(s, "Staff pulse", ""),
        errors: vec![],
        team: if teams.len() == 1 {
            teams[0].0.to_string()
        } else {
            String::new()
        },
        teams: teams
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect(),
        questions: questions(),
        scale: SCALE.to_vec(),
        thanks: false,
    })
}

pub async fn page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
) -> Result<Html<String>, WebError> {
    Chokepoint::new(&state, &s.user, request_id(&rid))
        .pulse(Action::ReadRecord)
        .await?;
    render(blank(&state, &s).await?)
}

pub async fn answer(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    body: Bytes,
) -> Result<Response, WebError> {
    Chokepoint::new(&state, &s.user, request_id(&rid))
        .pulse(Action::WriteRecord)
        .await?;
    let f = url_pairs(&body);
    let mut page = blank(&state, &s).await?;
    let mut errors = Vec::new();
    let team_code = form_value(&f, "team");
    let team: Option<TeamId> = page
        .teams
        .iter()
        .find(|(id, _)| *id == team_code)
        .and_then(|(id, _)| id.parse().ok());
    if team.is_none() {
        errors.push(FieldError::new("team", "Choose one of your teams"));
    }
    let mut answers = Vec::new();
    for q in &mut page.questions {
        match form_value(&f, &q.field).parse::<u8>() {
            Ok(n) if (1..=5).contains(&n) => {
                q.answer = n;
                answers.push(n);
            }
            _ => errors.push(FieldError::new(
                &format!("{}-1", q.field),
                format!("Choose an answer from 1 to 5: {}", q.text),
            )),
        }
    }
    if let (true, Some(team_id)) = (errors.is_empty(), team) {
        let today = views::today();
        // No author and no actor: the event would otherwise name them in the
        // append-only journal for ever.
        let record = CouncilRecord::new(
            None,
            today,
            Item::Pulse(Pulse {
                team_id,
                date: today,
                answers,
            }),
        );
        let event = Event::new(None, today, EventBody::CouncilRecorded { record });
        match state.store.append(vec![event]).await {
            Ok(_) => {
                let mut done = blank(&state, &s).await?;
                done.thanks = true;
                done.chrome.title = "Thank you: staff pulse".into();
                return Ok(axum::response::IntoResponse::into_response(render(done)?));
            }
            Err(hearth_store::StoreError::Rejected(e)) => {
                errors.push(FieldError::new("team", e.to_string()))
            }
            Err(e) => return Err(e.into()),
        }
    }
    page.team = team_code;
    page.errors = errors;
    page.chrome.title = "Error: Staff pulse".into();
    Ok(invalid(render(page)?))
}
