//! Safety plan pages: the family's current safety plan (its rules, the
//! safety network and how it was explained to the children) with the
//! earlier plans as its history, and a form that starts a new plan from the
//! current one or corrects a plan.
//!
//! The network is offered from the relationship graph (see
//! [`super::network`]): each person connected to the children can be ticked,
//! with what they will do, whether they know the worries and whether they
//! have agreed.

use super::network::Network;
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
use hearth_core::ids::{FamilyId, PracticeId};
use hearth_core::practice::safety::{NetworkMember, SafetyPlan, SafetyRule};
use hearth_core::practice::{PracticeRecord, Tool};

const SPARE_ROWS: usize = 2;

pub struct MemberView {
    pub name: String,
    pub role: String,
    pub knows: &'static str,
    pub agreed: &'static str,
}

pub struct PlanView {
    pub id: String,
    pub on: String,
    pub rules: Vec<SafetyRule>,
    pub network: Vec<MemberView>,
    pub ready: usize,
    pub explanation: String,
}

#[derive(Template)]
#[template(path = "practice/safety.html")]
pub struct SafetyPage {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub current: Option<PlanView>,
    pub earlier: Vec<PlanView>,
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "Yes"
    } else {
        "Not yet"
    }
}

fn view(work: &FamilyWork, network: &Network, r: &PracticeRecord, p: &SafetyPlan) -> PlanView {
    PlanView {
        id: r.id.to_string(),
        on: views::date(r.on),
        rules: p.rules.clone(),
        network: p
            .network
            .iter()
            .filter(|m| m.person.is_none_or(|x| !network.is_hidden(work, x)))
            .map(|m| MemberView {
                name: m.name.clone(),
                role: m.role.clone(),
                knows: yes_no(m.knows_the_worries),
                agreed: yes_no(m.agreed),
            })
            .collect(),
        ready: p.ready_network(),
        explanation: p.childrens_explanation.clone(),
    }
}

pub async fn page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::ReadRecord).await?;
    let network = Network::around(&state, s.user.id(), &work).await?;
    let mut plans: Vec<PlanView> = work
        .records(&state, "safety_plan")
        .await?
        .iter()
        .filter_map(|r| match &r.tool {
            Tool::SafetyPlan(p) => Some(view(&work, &network, r, p)),
            _ => None,
        })
        .collect();
    let current = (!plans.is_empty()).then(|| plans.remove(0));
    render(SafetyPage {
        chrome: Chrome::for_user(&s, format!("Safety plan: {}", work.family.name), ""),
        family_id: id.to_string(),
        name: work.family.name.clone(),
        current,
        earlier: plans,
    })
}

/// One person offered for the network, from the graph or named by hand.
pub struct MemberForm {
    pub key: String,
    pub label: String,
    pub connection: String,
    pub from_graph: bool,
    pub included: bool,
    pub name: String,
    pub role: String,
    pub knows: bool,
    pub agreed: bool,
}

pub struct RuleRow {
    pub key: String,
    pub n: usize,
    pub rule: SafetyRule,
}

#[derive(Template)]
#[template(path = "practice/safety_form.html")]
pub struct SafetyForm {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub action: String,
    pub record_id: String,
    pub version: u32,
    pub on: DateParts,
    pub members: Vec<MemberForm>,
    pub rules: Vec<RuleRow>,
    pub explanation: String,
    pub errors: Vec<FieldError>,
}

impl SafetyForm {
    pub fn err(&self, f: &str) -> Option<&str> {
        views::error_for(&self.errors, f)
    }
}

fn form_page(
    s: &SignedIn,
    work: &FamilyWork,
    network: &Network,
    record: Option<&PracticeRecord>,
    p: &SafetyPlan,
) -> SafetyForm {
    let id = work.family.id;
    let mut members: Vec<MemberForm> = network
        .people
        .iter()
        .map(|c| {
            let m = p.network.iter().find(|m| m.person == Some(c.person));
            MemberForm {
                key: c.person.to_string(),
                label: c.name.clone(),
                connection: c.connection.clone(),
                from_graph: true,
                included: m.is_some(),
                name: c.name.clone(),
                role: m.map(|m| m.role.clone()).unwrap_or_default(),
                knows: m.is_some_and(|m| m.knows_the_worries),
                agreed: m.is_some_and(|m| m.agreed),
            }
        })
        .collect();
    let named: Vec<&NetworkMember> = p.network.iter().filter(|m| m.person.is_none()).collect();
    for i in 0..named.len() + SPARE_ROWS {
        let m = named.get(i);
        members.push(MemberForm {
            key: format!("other{}", i + 1),
            label: format!("Someone else {}", i + 1),
            connection: String::new(),
            from_graph: false,
            included: m.is_some(),
            name: m.map(|m| m.name.clone()).unwrap_or_default(),
            role: m.map(|m| m.role.clone()).unwrap_or_default(),
            knows: m.is_some_and(|m| m.knows_the_worries),
            agreed: m.is_some_and(|m| m.agreed),
        });
    }
    let rules = (0..p.rules.len() + SPARE_ROWS)
        .map(|i| RuleRow {
            key: format!("rule{}", i + 1),
            n: i + 1,
            rule: p.rules.get(i).cloned().unwrap_or_default(),
        })
        .collect();
    SafetyForm {
        chrome: Chrome::for_user(
            s,
            if record.is_some() {
                "Correct the safety plan"
            } else {
                "Make a safety plan"
            },
            "",
        ),
        family_id: id.to_string(),
        name: work.family.name.clone(),
        action: match record {
            Some(r) => format!("/families/{id}/safety-plan/{}", r.id),
            None => format!("/families/{id}/safety-plan/new"),
        },
        record_id: record.map(|r| r.id.to_string()).unwrap_or_default(),
        version: record.map_or(0, |r| r.version),
        on: DateParts::of(Some(record.map_or_else(views::today, |r| r.on))),
        members,
        rules,
        explanation: p.childrens_explanation.clone(),
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
    let network = Network::around(&state, s.user.id(), &work).await?;
    // A new plan starts from the current one: plans are redrawn, not
    // started again.
    let last = work.records(&state, "safety_plan").await?;
    let start = match last.first().map(|r| &r.tool) {
        Some(Tool::SafetyPlan(p)) => p.clone(),
        _ => SafetyPlan::default(),
    };
    render(form_page(&s, &work, &network, None, &start))
}

pub async fn edit_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, pid)): Path<(FamilyId, PracticeId)>,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    let r = work.record(&state, pid, "safety_plan").await?;
    let Tool::SafetyPlan(p) = &r.tool else {
        return Err(WebError::NotFound);
    };
    let network = Network::around(&state, s.user.id(), &work).await?;
    render(form_page(&s, &work, &network, Some(&r), p))
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
    let r = work.record(&state, pid, "safety_plan").await?;
    save(&state, &s, &work, Some(r), &body).await
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
    let network = Network::around(state, s.user.id(), work).await?;
    let on = date_field(&f, "on", "Date of the plan", &mut errors);
    if on.is_some_and(|d| d > views::today()) {
        errors.push(FieldError::new(
            "on-day",
            "The date of the plan must be today or in the past",
        ));
    }
    let ticked = form_values(&f, "network");
    let ticked_box = |key: &str, what: &str| !form_value(&f, &format!("{key}-{what}")).is_empty();
    let mut members: Vec<NetworkMember> = network
        .people
        .iter()
        .filter(|c| ticked.contains(&c.person.to_string()))
        .map(|c| {
            let key = c.person.to_string();
            NetworkMember {
                person: Some(c.person),
                name: c.name.clone(),
                role: form_value(&f, &format!("{key}-role")).trim().to_string(),
                knows_the_worries: ticked_box(&key, "knows"),
                agreed: ticked_box(&key, "agreed"),
            }
        })
        .collect();
    // People this practitioner may not see, or no longer connected, stay
    // in the network as they were.
    if let Some(Tool::SafetyPlan(old)) = existing.as_ref().map(|r| &r.tool) {
        members.extend(
            old.network
                .iter()
                .filter(|m| m.person.is_some_and(|p| network.get(p).is_none()))
                .cloned(),
        );
    }
    for (n, key) in super::conference::rows(&f, "other").into_iter().enumerate() {
        let i = n + 1;
        let name = form_value(&f, &format!("{key}-name")).trim().to_string();
        let role = form_value(&f, &format!("{key}-role")).trim().to_string();
        if name.is_empty() {
            if !role.is_empty() {
                errors.push(FieldError::new(
                    &format!("{key}-name"),
                    format!("Enter the name of someone else {i} in the network"),
                ));
            }
        } else {
            members.push(NetworkMember {
                person: None,
                name,
                role,
                knows_the_worries: ticked_box(&key, "knows"),
                agreed: ticked_box(&key, "agreed"),
            });
        }
    }
    let mut rules = Vec::new();
    for key in super::conference::rows(&f, "rule") {
        let rule = SafetyRule {
            what: form_value(&f, &format!("{key}-what")).trim().to_string(),
            who: form_value(&f, &format!("{key}-who")).trim().to_string(),
            check: form_value(&f, &format!("{key}-check")).trim().to_string(),
        };
        if !rule.is_blank() {
            if rule.what.is_empty() {
                errors.push(FieldError::new(
                    &format!("{key}-what"),
                    format!("Enter what will happen in rule {}", rules.len() + 1),
                ));
            }
            rules.push(rule);
        }
    }
    let plan = SafetyPlan {
        rules,
        network: members,
        childrens_explanation: form_value(&f, "childrens_explanation").trim().to_string(),
    };
    if errors.is_empty() && plan.rules.is_empty() && plan.network.is_empty() {
        errors.push(FieldError::new(
            "rule1-what",
            "Write at least one rule of the plan, or add someone to the network",
        ));
    }
    let typed_version: u32 = form_value(&f, "version").parse().unwrap_or(0);
    if let (true, Some(on)) = (errors.is_empty(), on) {
        let mut record = match &existing {
            Some(r) => {
                let mut next = r.amended(Tool::SafetyPlan(plan.clone()));
                next.version = typed_version + 1;
                next
            }
            None => {
                let mut r = PracticeRecord::new(
                    work.scope(),
                    Some(s.user.id()),
                    on,
                    Tool::SafetyPlan(plan.clone()),
                );
                r.about = work.children().iter().map(|p| p.id).collect();
                r
            }
        };
        record.on = on;
        match super::save(state, s, record).await? {
            Ok(()) => {
                return Ok(
                    Redirect::to(&format!("/families/{}/safety-plan", work.family.id))
                        .into_response(),
                )
            }
            Err(msg) => errors.push(FieldError::new("rule1-what", msg)),
        }
    }
    let mut page = form_page(s, work, &network, existing.as_ref(), &plan);
    page.chrome.title = format!("Error: {}", page.chrome.title);
    page.on = DateParts::typed(&f, "on");
    for m in &mut page.members {
        if m.from_graph {
            m.included = ticked.contains(&m.key);
            m.role = form_value(&f, &format!("{}-role", m.key));
            m.knows = ticked_box(&m.key, "knows");
            m.agreed = ticked_box(&m.key, "agreed");
        }
    }
    page.version = typed_version;
    page.errors = errors;
    Ok(super::invalid(render(page)?))
}
