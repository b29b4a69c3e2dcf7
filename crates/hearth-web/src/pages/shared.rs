//! What partner agencies see: only what a practitioner has decided to share
//! with them, while the decision is in force. Each page is decided by the
//! chokepoint (`Chokepoint::shared`) and audited against the family; people
//! with restricted records are never shown to a partner.

use super::practice::mapping::{self, MappingView};
use super::practice::scaling::{question_views, QuestionView};
use super::{render, request_id, Path};
use crate::authz::Chokepoint;
use crate::error::WebError;
use crate::security::RequestId;
use crate::session::SignedIn;
use crate::views::{self, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use axum::Extension;
use hearth_core::ids::{PersonId, PracticeId};
use hearth_core::model::Person;
use hearth_core::practice::specialists::SHAREABLE;
use hearth_core::practice::{PracticeRecord, Tool};
use std::collections::HashMap;

pub struct SharedRow {
    pub id: String,
    pub agency: String,
    pub family: String,
    pub until: String,
}

#[derive(Template)]
#[template(path = "shared.html")]
pub struct SharedList {
    pub chrome: Chrome,
    pub rows: Vec<SharedRow>,
}

pub async fn list(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
) -> Result<Html<String>, WebError> {
    let gate = Chokepoint::new(&state, &s.user, request_id(&rid));
    let today = views::today();
    let mut rows = Vec::new();
    for r in state
        .store
        .practice_where("partner", &s.user.id().to_string())
        .await?
    {
        let in_force = matches!(&r.tool, Tool::Sharing(x) if x.in_force(today));
        if !r.is_current() || !in_force {
            continue;
        }
        // Each one is decided and audited; one that is refused (say, the
        // record became restricted) is left out of the list.
        match gate.shared(r.id).await {
            Ok((rec, sharing, family)) => rows.push(SharedRow {
                id: rec.id.to_string(),
                agency: sharing.agency,
                family: family.name,
                until: views::opt_date(sharing.until),
            }),
            Err(WebError::Refused(..)) => {}
            Err(e) => return Err(e),
        }
    }
    render(SharedList {
        chrome: Chrome::for_user(&s, "Shared with you", "shared"),
        rows,
    })
}

pub struct MemberView {
    pub name: String,
    pub age: String,
    pub role: &'static str,
}

#[derive(Template)]
#[template(path = "shared_one.html")]
pub struct SharedPage {
    pub chrome: Chrome,
    pub agency: String,
    pub family: String,
    pub purpose: String,
    pub until: String,
    pub items: Vec<&'static str>,
    pub members: Vec<MemberView>,
    pub workers: Vec<(String, String)>,
    pub mapping: Option<MappingView>,
    pub scaling: Vec<QuestionView>,
    pub summary: bool,
    /// The safety plan and the family's plan, where shared.
    pub plans: Vec<super::summary::Section>,
}

pub async fn one(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<PracticeId>,
) -> Result<Html<String>, WebError> {
    let (_, sharing, family) = Chokepoint::new(&state, &s.user, request_id(&rid))
        .shared(id)
        .await?;
    let store = &state.store;
    let today = views::today();
    let mut people: HashMap<PersonId, Person> = HashMap::new();
    for m in family.current_members() {
        if let Some(p) = store.person(m.person_id).await? {
            if !p.restricted {
                people.insert(p.id, p);
            }
        }
    }
    let name_of = |id: PersonId| {
        people
            .get(&id)
            .map(|p| p.details.full_name())
            .unwrap_or_else(|| "Someone not shown".into())
    };
    // A record about anyone a partner may not see is left out whole.
    let visible =
        |r: &PracticeRecord| r.is_current() && r.about.iter().all(|p| people.contains_key(p));
    let records: Vec<PracticeRecord> = store
        .practice_where("family", &family.id.to_string())
        .await?
        .into_iter()
        .filter(|r| visible(r))
        .collect();
    let mut members: Vec<MemberView> = people
        .values()
        .map(|p| MemberView {
            name: p.details.full_name(),
            age: views::age_words(p.details.date_of_birth, today),
            role: p.kind.label(),
        })
        .collect();
    members.sort_by(|a, b| a.role.cmp(b.role).then(a.name.cmp(&b.name)));
    let mut workers = Vec::new();
    let mut leads: Vec<_> = people
        .values()
        .filter_map(|p| p.lead_practitioner())
        .collect();
    leads.sort();
    leads.dedup();
    for u in leads {
        if let Some(p) = store.practitioner(u).await? {
            workers.push((p.display_name, p.email.unwrap_or_default()));
        }
    }
    let mapping = if sharing.shares("mapping") {
        let mut m: Vec<&PracticeRecord> = records
            .iter()
            .filter(|r| r.tool.kind() == "mapping")
            .collect();
        m.sort_by_key(|r| r.on);
        m.last().and_then(|r| match &r.tool {
            Tool::Mapping(x) => Some(mapping::view(&name_of, r, x)),
            _ => None,
        })
    } else {
        None
    };
    let scaling = if sharing.shares("scaling") {
        let sc: Vec<PracticeRecord> = records
            .iter()
            .filter(|r| r.tool.kind() == "scaling")
            .cloned()
            .collect();
        question_views(&sc)
    } else {
        vec![]
    };
    render(SharedPage {
        chrome: Chrome::for_user(&s, format!("Shared with {}", sharing.agency), "shared"),
        agency: sharing.agency.clone(),
        family: family.name.clone(),
        purpose: sharing.purpose.clone(),
        until: views::opt_date(sharing.until),
        items: sharing
            .items
            .iter()
            .filter_map(|i| SHAREABLE.iter().find(|(k, _)| k == i).map(|(_, l)| *l))
            .collect(),
        summary: sharing.shares("summary"),
        members,
        workers,
        mapping,
        scaling,
        plans: super::summary::plan_sections(
            &records
                .iter()
                .filter(|r| sharing.shares(r.tool.kind()))
                .cloned()
                .collect::<Vec<_>>(),
        ),
    })
}
