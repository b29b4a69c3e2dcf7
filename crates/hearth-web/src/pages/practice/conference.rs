//! Family group conference pages: the family's conferences (where each has
//! got to, who was invited and came, the family's plan and its reviews), a
//! form that can be saved at referral and carried on when the conference has
//! been held, and a form for a review of the plan.
//!
//! The invitees are offered from the relationship graph (see
//! [`super::network`]), so a father living elsewhere or a grandmother is
//! there to tick; anyone not recorded can be added by name.

use super::network::Network;
use super::{date_field, form_values, opt_date_field, DateParts, FamilyWork};
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
use hearth_core::ids::{FamilyId, PersonId, PracticeId, UserId};
use hearth_core::practice::conference::{Conference, Invitee, PlanItem, PlanReview};
use hearth_core::practice::{PracticeRecord, Tool};

/// Blank rows the form offers beyond those already filled (more are added by
/// saving and carrying on).
const SPARE_ROWS: usize = 2;

/// A yes/no/not-recorded answer as a select's code.
pub fn yes_no_code(v: Option<bool>) -> String {
    match v {
        Some(true) => "yes".into(),
        Some(false) => "no".into(),
        None => String::new(),
    }
}

pub fn yes_no_parse(s: &str) -> Option<bool> {
    match s {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

pub fn yes_no_words(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "Not recorded",
    }
}

pub fn yes_no_options() -> Vec<(String, String)> {
    vec![
        (String::new(), "Not recorded yet".into()),
        ("yes".into(), "Yes".into()),
        ("no".into(), "No".into()),
    ]
}

pub struct InviteeView {
    pub name: String,
    pub connection: String,
    pub came: &'static str,
}

pub struct ConferenceView {
    pub id: String,
    pub referred_on: String,
    pub reason: String,
    pub stage: &'static str,
    pub coordinator: String,
    pub held_on: String,
    pub private_family_time: &'static str,
    pub invitees: Vec<InviteeView>,
    pub plan: Vec<PlanItem>,
    pub plan_agreed: &'static str,
    pub reviews: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "practice/conferences.html")]
pub struct ConferencesPage {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub conferences: Vec<ConferenceView>,
}

async fn coordinator_name(state: &AppState, c: &Conference) -> Result<String, WebError> {
    if let Some(u) = c.coordinator {
        if let Some(p) = state.store.practitioner(u).await? {
            return Ok(p.display_name);
        }
    }
    Ok(c.coordinator_name.clone())
}

pub async fn list(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::ReadRecord).await?;
    let network = Network::around(&state, s.user.id(), &work).await?;
    let mut conferences = Vec::new();
    for r in work.records(&state, "conference").await? {
        let Tool::Conference(c) = &r.tool else {
            continue;
        };
        conferences.push(ConferenceView {
            id: r.id.to_string(),
            referred_on: views::date(c.referred_on),
            reason: c.reason.clone(),
            stage: c.stage().label(),
            coordinator: coordinator_name(&state, c).await?,
            held_on: views::opt_date(c.held_on),
            private_family_time: yes_no_words(c.private_family_time),
            invitees: c
                .invitees
                .iter()
                .filter(|i| i.person.is_none_or(|p| !network.is_hidden(&work, p)))
                .map(|i| InviteeView {
                    name: i.name.clone(),
                    connection: i.connection.clone(),
                    came: match (c.held_on, i.attended) {
                        (None, _) => "Not held yet",
                        (Some(_), Some(true)) => "Came",
                        (Some(_), _) => "Did not come",
                    },
                })
                .collect(),
            plan: c.plan.clone(),
            plan_agreed: yes_no_words(c.plan_agreed),
            reviews: c
                .reviews
                .iter()
                .map(|x| (views::date(x.on), x.note.clone()))
                .collect(),
        });
    }
    render(ConferencesPage {
        chrome: Chrome::for_user(
            &s,
            format!("Family group conferences: {}", work.family.name),
            "",
        ),
        family_id: id.to_string(),
        name: work.family.name.clone(),
        conferences,
    })
}

/// Someone named by hand rather than ticked from the network.
pub struct OtherRow {
    pub key: String,
    pub n: usize,
    pub name: String,
    pub connection: String,
    pub attended: bool,
}

pub struct PlanRow {
    pub key: String,
    pub n: usize,
    pub item: PlanItem,
}

#[derive(Template)]
#[template(path = "practice/conference_form.html")]
pub struct ConferenceForm {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub action: String,
    pub record_id: String,
    pub version: u32,
    pub referred_on: DateParts,
    pub reason: String,
    pub coordinators: Vec<(String, String)>,
    pub coordinator: String,
    pub coordinator_name: String,
    /// The network as (person id, "Name: connection").
    pub people: Vec<(String, String)>,
    pub invited: Vec<String>,
    pub attended: Vec<String>,
    pub others: Vec<OtherRow>,
    pub held_on: DateParts,
    pub private_family_time: String,
    pub plan: Vec<PlanRow>,
    pub plan_agreed: String,
    pub yes_no: Vec<(String, String)>,
    pub errors: Vec<FieldError>,
}

impl ConferenceForm {
    pub fn err(&self, f: &str) -> Option<&str> {
        views::error_for(&self.errors, f)
    }
}

/// The people offered to invite: the network, and anyone already invited
/// from the graph who is no longer connected (so they are not lost).
fn offered(
    network: &Network,
    work: &FamilyWork,
    c: Option<&Conference>,
) -> Vec<(PersonId, String)> {
    let mut v: Vec<(PersonId, String)> = network
        .people
        .iter()
        .map(|p| (p.person, format!("{}: {}", p.name, p.connection)))
        .collect();
    for i in c.map(|c| c.invitees.as_slice()).unwrap_or_default() {
        if let Some(p) = i.person {
            if !network.is_hidden(work, p) && !v.iter().any(|(x, _)| *x == p) {
                v.push((p, format!("{}: {}", i.name, i.connection)));
            }
        }
    }
    v
}

async fn form_page(
    state: &AppState,
    s: &SignedIn,
    work: &FamilyWork,
    network: &Network,
    record: Option<&PracticeRecord>,
    c: Option<&Conference>,
) -> Result<ConferenceForm, WebError> {
    let id = work.family.id;
    let mut coordinators = vec![(String::new(), "Not chosen, or named below".to_string())];
    coordinators.extend(
        crate::pages::person::practitioner_choices(state)
            .await?
            .into_iter()
            .map(|p| (p.id, p.label)),
    );
    let from_graph = |pred: &dyn Fn(&Invitee) -> bool| -> Vec<String> {
        c.map(|c| {
            c.invitees
                .iter()
                .filter(|i| pred(i))
                .filter_map(|i| i.person.map(|p| p.to_string()))
                .collect()
        })
        .unwrap_or_default()
    };
    let named: Vec<&Invitee> = c
        .map(|c| c.invitees.iter().filter(|i| i.person.is_none()).collect())
        .unwrap_or_default();
    let others = (0..named.len() + SPARE_ROWS)
        .map(|i| {
            let o = named.get(i);
            OtherRow {
                key: format!("other{}", i + 1),
                n: i + 1,
                name: o.map(|o| o.name.clone()).unwrap_or_default(),
                connection: o.map(|o| o.connection.clone()).unwrap_or_default(),
                attended: o.is_some_and(|o| o.attended == Some(true)),
            }
        })
        .collect();
    let items: Vec<PlanItem> = c.map(|c| c.plan.clone()).unwrap_or_default();
    let plan = (0..items.len() + SPARE_ROWS)
        .map(|i| PlanRow {
            key: format!("plan{}", i + 1),
            n: i + 1,
            item: items.get(i).cloned().unwrap_or_default(),
        })
        .collect();
    Ok(ConferenceForm {
        chrome: Chrome::for_user(
            s,
            if record.is_some() {
                "Carry on a family group conference"
            } else {
                "Refer for a family group conference"
            },
            "",
        ),
        family_id: id.to_string(),
        name: work.family.name.clone(),
        action: match record {
            Some(r) => format!("/families/{id}/conferences/{}", r.id),
            None => format!("/families/{id}/conferences/new"),
        },
        record_id: record.map(|r| r.id.to_string()).unwrap_or_default(),
        version: record.map_or(0, |r| r.version),
        referred_on: DateParts::of(Some(c.map_or_else(views::today, |c| c.referred_on))),
        reason: c.map(|c| c.reason.clone()).unwrap_or_default(),
        coordinators,
        coordinator: c
            .and_then(|c| c.coordinator)
            .map(|u| u.to_string())
            .unwrap_or_default(),
        coordinator_name: c.map(|c| c.coordinator_name.clone()).unwrap_or_default(),
        people: offered(network, work, c)
            .into_iter()
            .map(|(p, label)| (p.to_string(), label))
            .collect(),
        invited: from_graph(&|i| i.invited),
        attended: from_graph(&|i| i.attended == Some(true)),
        others,
        held_on: DateParts::of(c.and_then(|c| c.held_on)),
        private_family_time: yes_no_code(c.and_then(|c| c.private_family_time)),
        plan,
        plan_agreed: yes_no_code(c.and_then(|c| c.plan_agreed)),
        yes_no: yes_no_options(),
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
    let network = Network::around(&state, s.user.id(), &work).await?;
    render(form_page(&state, &s, &work, &network, None, None).await?)
}

pub async fn edit_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, pid)): Path<(FamilyId, PracticeId)>,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    let r = work.record(&state, pid, "conference").await?;
    let Tool::Conference(c) = &r.tool else {
        return Err(WebError::NotFound);
    };
    let network = Network::around(&state, s.user.id(), &work).await?;
    render(form_page(&state, &s, &work, &network, Some(&r), Some(c)).await?)
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
    let r = work.record(&state, pid, "conference").await?;
    save(&state, &s, &work, Some(r), &body).await
}

/// Reads the rows `{prefix}1-...`, `{prefix}2-...` while the form sent them.
pub(super) fn rows(f: &[(String, String)], prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 1;
    while f
        .iter()
        .any(|(k, _)| k.starts_with(&format!("{prefix}{i}-")))
    {
        out.push(format!("{prefix}{i}"));
        i += 1;
    }
    out
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
    let today = views::today();
    let network = Network::around(state, s.user.id(), work).await?;
    let old = match existing.as_ref().map(|r| &r.tool) {
        Some(Tool::Conference(c)) => Some(c.clone()),
        _ => None,
    };
    let referred_on = date_field(&f, "referred_on", "Date of the referral", &mut errors);
    if referred_on.is_some_and(|d| d > today) {
        errors.push(FieldError::new(
            "referred_on-day",
            "The date of the referral must be today or in the past",
        ));
    }
    let held_on = opt_date_field(&f, "held_on", "Date the conference was held", &mut errors);
    if held_on.is_some_and(|d| d > today) {
        errors.push(FieldError::new(
            "held_on-day",
            "The date the conference was held must be today or in the past",
        ));
    }
    if let (Some(r), Some(h)) = (referred_on, held_on) {
        if h < r {
            errors.push(FieldError::new(
                "held_on-day",
                "The conference cannot be held before the referral",
            ));
        }
    }
    let reason = form_value(&f, "reason").trim().to_string();
    if reason.is_empty() {
        errors.push(FieldError::new(
            "reason",
            "Enter why the family was referred for a conference",
        ));
    }
    let coordinator: Option<UserId> = form_value(&f, "coordinator").parse().ok();
    let invited = form_values(&f, "invited");
    let attended = form_values(&f, "attended");
    let offer = offered(&network, work, old.as_ref());
    let mut invitees: Vec<Invitee> = offer
        .iter()
        .filter(|(p, _)| {
            let p = p.to_string();
            invited.contains(&p) || attended.contains(&p)
        })
        .map(|(p, _)| {
            let (name, connection) = match network.get(*p) {
                Some(c) => (c.name.clone(), c.connection.clone()),
                None => old
                    .as_ref()
                    .and_then(|c| c.invitees.iter().find(|i| i.person == Some(*p)))
                    .map(|i| (i.name.clone(), i.connection.clone()))
                    .unwrap_or_default(),
            };
            let key = p.to_string();
            Invitee {
                person: Some(*p),
                name,
                connection,
                invited: invited.contains(&key),
                attended: held_on.map(|_| attended.contains(&key)),
            }
        })
        .collect();
    // People this practitioner may not see stay on the record as they were.
    if let Some(c) = &old {
        invitees.extend(
            c.invitees
                .iter()
                .filter(|i| i.person.is_some_and(|p| network.is_hidden(work, p)))
                .cloned(),
        );
    }
    for key in rows(&f, "other") {
        let name = form_value(&f, &format!("{key}-name")).trim().to_string();
        let connection = form_value(&f, &format!("{key}-connection"))
            .trim()
            .to_string();
        let came = !form_value(&f, &format!("{key}-attended")).is_empty();
        if name.is_empty() {
            if !connection.is_empty() || came {
                errors.push(FieldError::new(
                    &format!("{key}-name"),
                    "Enter the name of the person you invited",
                ));
            }
            continue;
        }
        invitees.push(Invitee {
            person: None,
            name,
            connection,
            invited: true,
            attended: held_on.map(|_| came),
        });
    }
    if held_on.is_none() && !attended.is_empty() {
        errors.push(FieldError::new(
            "held_on-day",
            "Enter the date the conference was held, or untick who came to it",
        ));
    }
    let mut plan = Vec::new();
    for key in rows(&f, "plan") {
        let item = PlanItem {
            what: form_value(&f, &format!("{key}-what")).trim().to_string(),
            who: form_value(&f, &format!("{key}-who")).trim().to_string(),
            when: form_value(&f, &format!("{key}-when")).trim().to_string(),
            check: form_value(&f, &format!("{key}-check")).trim().to_string(),
        };
        if item.is_blank() {
            continue;
        }
        if item.what.is_empty() {
            errors.push(FieldError::new(
                &format!("{key}-what"),
                format!(
                    "Enter what will happen in line {} of the plan",
                    plan.len() + 1
                ),
            ));
        }
        plan.push(item);
    }
    let c = Conference {
        referred_on: referred_on.unwrap_or(today),
        reason,
        coordinator,
        coordinator_name: form_value(&f, "coordinator_name").trim().to_string(),
        invitees,
        held_on,
        private_family_time: yes_no_parse(&form_value(&f, "private_family_time")),
        plan,
        plan_agreed: yes_no_parse(&form_value(&f, "plan_agreed")),
        reviews: old.as_ref().map(|c| c.reviews.clone()).unwrap_or_default(),
    };
    let typed_version: u32 = form_value(&f, "version").parse().unwrap_or(0);
    if errors.is_empty() {
        let mut record = match &existing {
            Some(r) => {
                let mut next = r.amended(Tool::Conference(c.clone()));
                next.version = typed_version + 1;
                next
            }
            None => {
                let mut r = PracticeRecord::new(
                    work.scope(),
                    Some(s.user.id()),
                    c.on(),
                    Tool::Conference(c.clone()),
                );
                r.about = work.children().iter().map(|p| p.id).collect();
                r
            }
        };
        record.on = c.on();
        let rid = record.id;
        match super::save(state, s, record).await? {
            Ok(()) => {
                let fam = work.family.id;
                let to = if form_value(&f, "next") == "carry_on" {
                    format!("/families/{fam}/conferences/{rid}")
                } else {
                    format!("/families/{fam}/conferences")
                };
                return Ok(Redirect::to(&to).into_response());
            }
            Err(msg) => errors.push(FieldError::new("reason", msg)),
        }
    }
    let mut page = form_page(state, s, work, &network, existing.as_ref(), Some(&c)).await?;
    page.chrome.title = format!("Error: {}", page.chrome.title);
    page.referred_on = DateParts::typed(&f, "referred_on");
    page.held_on = DateParts::typed(&f, "held_on");
    page.coordinator = form_value(&f, "coordinator");
    page.invited = invited;
    page.attended = attended;
    page.version = typed_version;
    page.errors = errors;
    Ok(super::invalid(render(page)?))
}

#[derive(Template)]
#[template(path = "practice/conference_review.html")]
pub struct ReviewForm {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub action: String,
    pub version: u32,
    pub referred_on: String,
    pub plan: Vec<PlanItem>,
    pub reviews: Vec<(String, String)>,
    pub on: DateParts,
    pub note: String,
    pub errors: Vec<FieldError>,
}

impl ReviewForm {
    pub fn err(&self, f: &str) -> Option<&str> {
        views::error_for(&self.errors, f)
    }
}

fn review_page(s: &SignedIn, work: &FamilyWork, r: &PracticeRecord, c: &Conference) -> ReviewForm {
    let id = work.family.id;
    ReviewForm {
        chrome: Chrome::for_user(s, "Review the family's plan", ""),
        family_id: id.to_string(),
        name: work.family.name.clone(),
        action: format!("/families/{id}/conferences/{}/review", r.id),
        version: r.version,
        referred_on: views::date(c.referred_on),
        plan: c.plan.clone(),
        reviews: c
            .reviews
            .iter()
            .map(|x| (views::date(x.on), x.note.clone()))
            .collect(),
        on: DateParts::of(Some(views::today())),
        note: String::new(),
        errors: vec![],
    }
}

pub async fn review_form(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, pid)): Path<(FamilyId, PracticeId)>,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    let r = work.record(&state, pid, "conference").await?;
    let Tool::Conference(c) = &r.tool else {
        return Err(WebError::NotFound);
    };
    render(review_page(&s, &work, &r, c))
}

pub async fn review(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, pid)): Path<(FamilyId, PracticeId)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    let r = work.record(&state, pid, "conference").await?;
    let Tool::Conference(c) = &r.tool else {
        return Err(WebError::NotFound);
    };
    let f = url_pairs(&body);
    let mut errors = Vec::new();
    let on = date_field(&f, "on", "Date of the review", &mut errors);
    if on.is_some_and(|d| d > views::today()) {
        errors.push(FieldError::new(
            "on-day",
            "The date of the review must be today or in the past",
        ));
    }
    if on.is_some_and(|d| d < c.referred_on) {
        errors.push(FieldError::new(
            "on-day",
            "A review of the plan cannot be before the referral",
        ));
    }
    let note = form_value(&f, "note").trim().to_string();
    if note.is_empty() {
        errors.push(FieldError::new(
            "note",
            "Write how the plan is going: what is happening and what has changed",
        ));
    }
    let typed_version: u32 = form_value(&f, "version").parse().unwrap_or(0);
    if let (true, Some(on)) = (errors.is_empty(), on) {
        let mut next = c.clone();
        next.reviews.push(PlanReview {
            on,
            note: note.clone(),
        });
        next.reviews.sort_by_key(|x| x.on);
        let mut record = r.amended(Tool::Conference(next));
        record.version = typed_version + 1;
        match super::save(&state, &s, record).await? {
            Ok(()) => {
                return Ok(Redirect::to(&format!("/families/{id}/conferences")).into_response())
            }
            Err(msg) => errors.push(FieldError::new("note", msg)),
        }
    }
    let mut page = review_page(&s, &work, &r, c);
    page.chrome.title = format!("Error: {}", page.chrome.title);
    page.on = DateParts::typed(&f, "on");
    page.note = note;
    page.version = typed_version;
    page.errors = errors;
    Ok(super::invalid(render(page)?))
}
