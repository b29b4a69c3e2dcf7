//! Finding a person: by name (any order, any part from the start of a name),
//! by UPN, NHS number or LA person ID, optionally narrowed by date of birth.
//! Every result shown is an audited read of identity. The warnings register
//! finds warning notes about a person even where their record is closed to
//! the searcher.

use super::{render, request_id};
use crate::authz::Chokepoint;
use crate::error::WebError;
use crate::security::RequestId;
use crate::session::SignedIn;
use crate::views::{self, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::Extension;
use hearth_core::access::Action;
use hearth_core::identifiers::{LaPersonId, NhsNumber, Upn};
use hearth_core::ids::PersonId;
use hearth_core::model::Person;
use hearth_core::projection::{normalise_name, DocKind};
use hearth_store::Store;
use serde::Deserialize;
use std::collections::BTreeSet;

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    pub q: String,
}

pub struct ResultRow {
    pub person_id: String,
    pub name: String,
    pub dob: String,
    pub kind: String,
    pub family_id: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    chrome: Chrome,
    q: String,
    searched: bool,
    results: Vec<ResultRow>,
}

const MAX_RESULTS: i64 = 50;

/// People matching a query, before any access decision.
pub async fn find_people(store: &Store, q: &str) -> Result<Vec<Person>, WebError> {
    let q = q.trim();
    if q.is_empty() {
        return Ok(vec![]);
    }
    if let Ok(upn) = Upn::parse(q) {
        return Ok(store.people_where("upn", upn.as_str()).await?);
    }
    if let Ok(nhs) = NhsNumber::parse(q) {
        return Ok(store
            .people_where("nhs", &nhs.as_str().replace(' ', ""))
            .await?);
    }
    let mut ids: Option<BTreeSet<uuid::Uuid>> = None;
    let mut dob = None;
    for word in q.split_whitespace() {
        if let Some(d) = views::parse_iso(word).or_else(|| parse_uk_date(word)) {
            dob = Some(d);
            continue;
        }
        let token = normalise_name(word);
        if token.is_empty() {
            continue;
        }
        let found: BTreeSet<uuid::Uuid> = store
            .find_ids_by_prefix(DocKind::Person, "name", &token, 2000)
            .await?
            .into_iter()
            .collect();
        ids = Some(match ids {
            None => found,
            Some(prev) => prev.intersection(&found).copied().collect(),
        });
    }
    let mut people = Vec::new();
    match ids {
        Some(ids) => {
            for id in ids.into_iter().take(MAX_RESULTS as usize * 4) {
                if let Some(p) = store.person(PersonId(id)).await? {
                    if dob.is_none_or(|d| p.details.date_of_birth == Some(d)) {
                        people.push(p);
                    }
                }
            }
        }
        None => {
            if let Some(d) = dob {
                people = store.people_where("dob", &d.to_string()).await?;
            }
        }
    }
    if people.is_empty() {
        if let Ok(la) = LaPersonId::parse(q) {
            people = store.people_where("la_id", la.as_str()).await?;
        }
    }
    people.truncate(MAX_RESULTS as usize);
    people.sort_by(|a, b| {
        (&a.details.family_name, &a.details.given_names)
            .cmp(&(&b.details.family_name, &b.details.given_names))
    });
    Ok(people)
}

fn parse_uk_date(s: &str) -> Option<time::Date> {
    let mut it = s.split('/');
    let (d, m, y) = (it.next()?, it.next()?, it.next()?);
    views::parse_dmy(d, m, y).ok()
}

pub async fn search(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Query(query): Query<SearchQuery>,
) -> Result<Html<String>, WebError> {
    let found = find_people(&state.store, &query.q).await?;
    let gate = Chokepoint::new(&state, &s.user, request_id(&rid));
    let visible = gate.visible(found, Action::ReadIdentity).await?;
    let results = visible
        .into_iter()
        .map(|p| ResultRow {
            person_id: p.id.to_string(),
            name: p.details.full_name(),
            dob: views::opt_date(p.details.date_of_birth),
            kind: p.kind.label().into(),
            family_id: p
                .families
                .first()
                .map(|f| f.to_string())
                .unwrap_or_default(),
        })
        .collect();
    render(SearchPage {
        chrome: Chrome::for_user(&s, "Search", "search"),
        searched: !query.q.trim().is_empty(),
        q: query.q,
        results,
    })
}

pub struct WarningRow {
    pub name: String,
    pub dob: String,
    pub category: String,
    pub detail: String,
    pub review: String,
}

#[derive(Template)]
#[template(path = "warnings.html")]
struct WarningsPage {
    chrome: Chrome,
    q: String,
    searched: bool,
    rows: Vec<WarningRow>,
}

/// The warnings register: current warning notes about people matching the
/// search, readable even where the rest of the record is not.
/// One current warning note found through the register, with who it is
/// about: `None` for a restricted person the viewer is not named on.
pub struct RegisterEntry {
    pub person: Option<(String, Option<time::Date>)>,
    pub warning: hearth_core::model::WarningNote,
}

/// The warnings register: current warning notes about people matching a
/// search, readable even where the rest of the record is not. Each person's
/// warnings read is audited.
pub async fn register_entries(
    state: &AppState,
    user: &crate::session::UserCtx,
    request_id: Option<String>,
    q: &str,
) -> Result<Vec<RegisterEntry>, WebError> {
    let gate = Chokepoint::new(state, user, request_id);
    let mut out = Vec::new();
    for p in find_people(&state.store, q).await? {
        if !gate
            .check_person(&p, Action::ReadWarnings)
            .await?
            .is_allowed()
        {
            continue;
        }
        let mut warnings = state
            .store
            .warnings_where("person", &p.id.to_string())
            .await?;
        for f in &p.families {
            warnings.extend(state.store.warnings_where("family", &f.to_string()).await?);
        }
        warnings.sort_by_key(|w| w.id);
        warnings.dedup_by_key(|w| w.id);
        // A restricted person's warning is shown, but not who they are,
        // to anyone not named on their record.
        let named = !p.restricted || p.grants.contains(&user.id());
        for w in warnings.into_iter().filter(|w| w.is_current()) {
            out.push(RegisterEntry {
                person: named.then(|| (p.details.full_name(), p.details.date_of_birth)),
                warning: w,
            });
        }
    }
    Ok(out)
}

pub async fn warnings_register(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Query(query): Query<SearchQuery>,
) -> Result<Html<String>, WebError> {
    let rows = register_entries(&state, &s.user, request_id(&rid), &query.q)
        .await?
        .into_iter()
        .map(|e| {
            let (name, dob) = match e.person {
                Some((name, dob)) => (name, views::opt_date(dob)),
                None => ("Restricted record".to_string(), String::new()),
            };
            WarningRow {
                name,
                dob,
                category: e.warning.category,
                detail: e.warning.detail,
                review: views::date(e.warning.review_on),
            }
        })
        .collect();
    render(WarningsPage {
        chrome: Chrome::for_user(&s, "Warnings register", "search"),
        searched: !query.q.trim().is_empty(),
        q: query.q,
        rows,
    })
}
