//! Chronologies of a child and of a family, read from the journal: filterable
//! by category and significance, printable, and "as at" any past date.

use super::family::Names;
use super::Path;
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
use hearth_core::chronology::{build, Filter, Source, CATEGORIES};
use hearth_core::event::{Event, EventBody};
use hearth_core::ids::{FamilyId, PersonId, UserId};
use hearth_core::model::CaseRecord;
use serde::Deserialize;
use std::collections::HashMap;
use time::{OffsetDateTime, Time};

#[derive(Deserialize, Default)]
pub struct ChronologyQuery {
    #[serde(default)]
    pub as_at: String,
    #[serde(default)]
    pub significant: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub superseded: String,
}

impl ChronologyQuery {
    /// The filter, or a message about the "as at" date.
    pub fn filter(&self) -> Result<Filter, String> {
        let as_at = if self.as_at.trim().is_empty() {
            None
        } else {
            let d = views::parse_iso(&self.as_at)
                .ok_or_else(|| "Enter the 'as at' date like 2026-03-31".to_string())?;
            // The end of that day; the last representable day means "no cut-off".
            d.next_day()
                .map(|next| OffsetDateTime::new_utc(next, Time::MIDNIGHT))
        };
        Ok(Filter {
            as_at,
            significant_only: self.significant == "yes",
            category: Some(self.category.clone()).filter(|c| CATEGORIES.contains(&c.as_str())),
            include_superseded: self.superseded == "yes",
        })
    }
}

/// A curated entry being added, kept with its problem when it cannot be saved.
#[derive(Default)]
pub struct EntryForm {
    pub date: String,
    pub summary: String,
    pub significant: bool,
    /// The field at fault ("entry-date" or "entry-summary") and why.
    pub error: Option<(String, String)>,
}

impl EntryForm {
    /// The message for a field, if it is the one at fault.
    pub fn err(&self, field: &str) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

pub struct ItemView {
    pub date: String,
    pub category: String,
    pub summary: String,
    pub significant: bool,
    pub curated: bool,
    pub by: String,
    pub record_id: String,
    pub superseded: bool,
    pub correction: String,
}

#[derive(Template)]
#[template(path = "chronology.html")]
struct ChronologyPage {
    chrome: Chrome,
    subject_name: String,
    back_url: String,
    action: String,
    q: ChronologyQuery,
    categories: Vec<&'static str>,
    error: String,
    items: Vec<ItemView>,
    entry: EntryForm,
}

/// Restricted people a practitioner is not named on, looked up once each:
/// what the restricted record itself would refuse must not show anywhere
/// else (a family's or a sibling's chronology, a list of records), not even
/// a title.
pub struct RestrictedFilter<'a> {
    state: &'a AppState,
    me: UserId,
    hidden: HashMap<PersonId, bool>,
}

impl<'a> RestrictedFilter<'a> {
    pub fn new(state: &'a AppState, me: UserId) -> Self {
        Self {
            state,
            me,
            hidden: HashMap::new(),
        }
    }

    /// Whether any of `people` is a restricted record closed to the practitioner.
    pub async fn hides_any(&mut self, people: &[PersonId]) -> Result<bool, WebError> {
        for p in people {
            let h = match self.hidden.get(p) {
                Some(h) => *h,
                None => {
                    let h = self
                        .state
                        .store
                        .person(*p)
                        .await?
                        .is_some_and(|x| x.restricted && !x.grants.contains(&self.me));
                    self.hidden.insert(*p, h);
                    h
                }
            };
            if h {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The events without records and curated entries about hidden people.
    pub async fn events(&mut self, events: Vec<Event>) -> Result<Vec<Event>, WebError> {
        let mut out = Vec::with_capacity(events.len());
        for e in events {
            let people: Vec<PersonId> = match &e.body {
                EventBody::CaseRecordFinalised { record }
                | EventBody::CaseRecordCorrected { record, .. } => record.about.clone(),
                EventBody::ChronologyEntryAdded { entry } => entry.person_id.into_iter().collect(),
                EventBody::PracticeRecorded { record } => record.about.clone(),
                _ => vec![],
            };
            if !self.hides_any(&people).await? {
                out.push(e);
            }
        }
        Ok(out)
    }

    /// The records not about hidden people.
    pub async fn records(&mut self, records: Vec<CaseRecord>) -> Result<Vec<CaseRecord>, WebError> {
        let mut out = Vec::with_capacity(records.len());
        for r in records {
            if !self.hides_any(&r.about).await? {
                out.push(r);
            }
        }
        Ok(out)
    }
}

#[allow(clippy::too_many_arguments)]
pub async fn page(
    state: &AppState,
    s: &SignedIn,
    subject: uuid::Uuid,
    name: String,
    back_url: String,
    action: String,
    q: ChronologyQuery,
    entry: EntryForm,
) -> Result<Html<String>, WebError> {
    let (filter, error) = match q.filter() {
        Ok(f) => (f, String::new()),
        Err(e) => (Filter::default(), e),
    };
    let events = RestrictedFilter::new(state, s.user.id())
        .events(state.store.events_about(subject).await?)
        .await?;
    let mut names = Names::new(state);
    let mut items = Vec::new();
    for i in build(subject, &events, &filter) {
        items.push(ItemView {
            date: views::date(i.occurred_on),
            category: i.category.into(),
            summary: i.summary.clone(),
            significant: i.significant,
            curated: i.source == Source::Curated,
            by: match i.actor {
                Some(a) => names.practitioner(a).await?,
                None => String::new(),
            },
            record_id: i.record_id.map(|r| r.to_string()).unwrap_or_default(),
            superseded: i.superseded,
            correction: i.correction_reason.clone().unwrap_or_default(),
        });
    }
    render(ChronologyPage {
        chrome: Chrome::for_user(s, format!("Chronology: {name}"), ""),
        subject_name: name,
        back_url,
        action,
        q,
        categories: CATEGORIES.to_vec(),
        error,
        items,
        entry,
    })
}

pub async fn person_chronology(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<PersonId>,
    Query(q): Query<ChronologyQuery>,
) -> Result<Html<String>, WebError> {
    let p = Chokepoint::new(&state, &s.user, request_id(&rid))
        .person(id, Action::ReadRecord)
        .await?;
    page(
        &state,
        &s,
        p.id.0,
        p.details.full_name(),
        format!("/people/{}", p.id),
        format!("/people/{}/chronology", p.id),
        q,
        EntryForm::default(),
    )
    .await
}

pub async fn family_chronology(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
    Query(q): Query<ChronologyQuery>,
) -> Result<Html<String>, WebError> {
    let f = Chokepoint::new(&state, &s.user, request_id(&rid))
        .family(id, Action::ReadRecord)
        .await?;
    page(
        &state,
        &s,
        f.id.0,
        f.name.clone(),
        format!("/families/{}", f.id),
        format!("/families/{}/chronology", f.id),
        q,
        EntryForm::default(),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::ChronologyQuery;

    #[test]
    fn the_last_representable_day_means_no_cut_off() {
        let q = ChronologyQuery {
            as_at: "9999-12-31".into(),
            ..Default::default()
        };
        assert!(q.filter().is_ok_and(|f| f.as_at.is_none()));
        let bad = ChronologyQuery {
            as_at: "31/03/2026".into(),
            ..Default::default()
        };
        assert!(bad.filter().is_err());
    }
}
