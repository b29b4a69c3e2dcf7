//! The practice tools' pages. Each tool is one module; what they share is
//! here: opening a family's work through the chokepoint (so every read and
//! write is decided and audited in one place), listing a tool's records,
//! saving a record as a journal event, and taking one out with a reason.
//!
//! Records about a restricted person the practitioner is not named on are
//! left out, as they are on the family page.

pub mod analysis;
pub mod conference;
pub mod delegation;
pub mod discussion;
pub mod feedback;
pub mod hub;
pub mod hypothesis;
pub mod intensity;
pub mod mapping;
pub mod network;
pub mod safety;
pub mod scaling;
pub mod specialists;
pub mod timesheet;
pub mod voice;

use super::request_id;
use crate::authz::Chokepoint;
use crate::error::WebError;
use crate::security::RequestId;
use crate::session::SignedIn;
use crate::views::{self, FieldError};
use crate::AppState;
use axum::Extension;
use hearth_core::access::Action;
use hearth_core::event::{Event, EventBody};
use hearth_core::ids::*;
use hearth_core::model::{Family, MemberRole, Person};
use hearth_core::practice::{PracticeRecord, Scope};
use hearth_store::StoreError;
use time::Date;

/// A family opened for practice work: the family, and the members this
/// practitioner may see (current and former), each looked up once.
pub struct FamilyWork {
    pub family: Family,
    pub people: Vec<(Person, MemberRole, bool)>,
    pub hidden: Vec<PersonId>,
}

impl FamilyWork {
    /// Opens a family for `action` through the chokepoint (audited).
    pub async fn open(
        state: &AppState,
        s: &SignedIn,
        rid: &Option<Extension<RequestId>>,
        id: FamilyId,
        action: Action,
    ) -> Result<Self, WebError> {
        Self::open_as(state, &s.user, request_id(rid), id, action).await
    }

    /// [`FamilyWork::open`] for a caller known by their user context (the API).
    pub async fn open_as(
        state: &AppState,
        user: &crate::session::UserCtx,
        request_id: Option<String>,
        id: FamilyId,
        action: Action,
    ) -> Result<Self, WebError> {
        let family = Chokepoint::new(state, user, request_id)
            .family(id, action)
            .await?;
        let me = user.id();
        let mut people = Vec::new();
        let mut hidden = Vec::new();
        for m in &family.members {
            if people
                .iter()
                .any(|(p, _, _): &(Person, _, _)| p.id == m.person_id)
            {
                continue;
            }
            let Some(p) = state.store.person(m.person_id).await? else {
                continue;
            };
            if p.restricted && !p.grants.contains(&me) {
                hidden.push(p.id);
                continue;
            }
            people.push((p, m.role, m.to.is_none()));
        }
        Ok(Self {
            family,
            people,
            hidden,
        })
    }

    pub fn scope(&self) -> Scope {
        Scope::Family(self.family.id)
    }

    /// Current members, children first.
    pub fn current(&self) -> Vec<&Person> {
        let mut v: Vec<(&Person, MemberRole)> = self
            .people
            .iter()
            .filter(|(_, _, cur)| *cur)
            .map(|(p, r, _)| (p, *r))
            .collect();
        v.sort_by_key(|(p, r)| (*r != MemberRole::Child, p.details.full_name()));
        v.into_iter().map(|(p, _)| p).collect()
    }

    pub fn children(&self) -> Vec<&Person> {
        self.current()
            .into_iter()
            .filter(|p| p.kind == hearth_core::model::PersonKind::Child)
            .collect()
    }

    pub fn adults(&self) -> Vec<&Person> {
        self.current()
            .into_iter()
            .filter(|p| p.kind == hearth_core::model::PersonKind::Adult)
            .collect()
    }

    pub fn person(&self, id: PersonId) -> Option<&Person> {
        self.people.iter().map(|(p, _, _)| p).find(|p| p.id == id)
    }

    pub fn name_of(&self, id: PersonId) -> String {
        self.person(id)
            .map(|p| p.details.full_name())
            .unwrap_or_else(|| "Someone not shown".into())
    }

    /// Whether this practitioner may see a record about these people.
    pub fn may_see(&self, r: &PracticeRecord) -> bool {
        r.scope == self.scope() && !r.about.iter().any(|p| self.hidden.contains(p))
    }

    /// The family's current records of one tool, newest first.
    pub async fn records(
        &self,
        state: &AppState,
        tool: &str,
    ) -> Result<Vec<PracticeRecord>, WebError> {
        let mut v: Vec<PracticeRecord> = state
            .store
            .practice_where("family", &self.family.id.to_string())
            .await?
            .into_iter()
            .filter(|r| r.tool.kind() == tool && r.is_current() && self.may_see(r))
            .collect();
        v.sort_by(|a, b| b.on.cmp(&a.on).then(b.version.cmp(&a.version)));
        Ok(v)
    }

    /// All the family's current records this practitioner may see.
    pub async fn all_records(&self, state: &AppState) -> Result<Vec<PracticeRecord>, WebError> {
        Ok(state
            .store
            .practice_where("family", &self.family.id.to_string())
            .await?
            .into_iter()
            .filter(|r| r.is_current() && self.may_see(r))
            .collect())
    }

    /// One of the family's records, or "not found" (also for a record of
    /// another family, so ids cannot be probed across families).
    pub async fn record(
        &self,
        state: &AppState,
        id: PracticeId,
        tool: &str,
    ) -> Result<PracticeRecord, WebError> {
        match state.store.practice(id).await? {
            Some(r) if self.may_see(&r) && r.tool.kind() == tool && r.is_current() => Ok(r),
            _ => Err(WebError::NotFound),
        }
    }

    /// The people picked in a form (ids), kept only if they are in this
    /// family and visible.
    pub fn picked(&self, ids: &[String]) -> Vec<PersonId> {
        ids.iter()
            .filter_map(|s| s.parse::<PersonId>().ok())
            .filter(|id| self.person(*id).is_some())
            .collect()
    }
}

/// The record a form saves: a new one, or the next version of `existing`
/// counted from the version the form was opened at, so a form left open
/// while someone else saved is refused rather than silently applied.
pub fn from_form(
    work: &FamilyWork,
    s: &SignedIn,
    existing: Option<&PracticeRecord>,
    opened_at: u32,
    on: Date,
    about: Vec<PersonId>,
    tool: hearth_core::practice::Tool,
) -> PracticeRecord {
    let mut record = match existing {
        Some(r) => {
            let mut next = r.amended(tool);
            next.version = opened_at + 1;
            next
        }
        None => PracticeRecord::new(work.scope(), Some(s.user.id()), on, tool),
    };
    record.on = on;
    record.about = about;
    record
}

/// Saves a practice record. The domain's refusal (an out-of-date version, a
/// score out of range) comes back as a message for the form; anything else
/// is an error page.
pub async fn save(
    state: &AppState,
    s: &SignedIn,
    record: PracticeRecord,
) -> Result<Result<(), String>, WebError> {
    let on = record.on;
    match state
        .store
        .append(vec![Event::new(
            Some(s.user.id()),
            on,
            EventBody::PracticeRecorded { record },
        )])
        .await
    {
        Ok(_) => Ok(Ok(())),
        Err(StoreError::Rejected(e)) => Ok(Err(e.to_string())),
        Err(e) => Err(e.into()),
    }
}

/// A form page shown again with its errors: 422, as every form does.
pub fn invalid(page: axum::response::Html<String>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let mut res = page.into_response();
    *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    res
}

/// Takes a record out with a reason (it stays in the journal).
pub async fn remove(
    state: &AppState,
    s: &SignedIn,
    record: &PracticeRecord,
    reason: String,
) -> Result<Result<(), String>, WebError> {
    match state
        .store
        .append(vec![Event::new(
            Some(s.user.id()),
            views::today(),
            EventBody::PracticeRemoved {
                id: record.id,
                scope: record.scope,
                reason,
            },
        )])
        .await
    {
        Ok(_) => Ok(Ok(())),
        Err(StoreError::Rejected(e)) => Ok(Err(e.to_string())),
        Err(e) => Err(e.into()),
    }
}

/// A date typed as three boxes named `{name}-day`, `-month`, `-year`; an
/// error is tied to the day box, as GOV.UK date inputs do.
pub fn date_field(
    form: &[(String, String)],
    name: &str,
    what: &str,
    errors: &mut Vec<FieldError>,
) -> Option<Date> {
    let v = |suffix: &str| crate::session::form_value(form, &format!("{name}-{suffix}"));
    match views::parse_dmy(&v("day"), &v("month"), &v("year")) {
        Ok(d) => Some(d),
        Err(m) => {
            errors.push(FieldError::new(
                &format!("{name}-day"),
                format!("{what}: {}", m.to_lowercase()),
            ));
            None
        }
    }
}

/// An optional date: blank boxes are `None`, anything else must be a date.
pub fn opt_date_field(
    form: &[(String, String)],
    name: &str,
    what: &str,
    errors: &mut Vec<FieldError>,
) -> Option<Date> {
    let v = |suffix: &str| crate::session::form_value(form, &format!("{name}-{suffix}"));
    if [v("day"), v("month"), v("year")]
        .iter()
        .all(|s| s.trim().is_empty())
    {
        return None;
    }
    date_field(form, name, what, errors)
}

/// The three boxes of a date input, filled from a date.
#[derive(Clone, Debug, Default)]
pub struct DateParts {
    pub day: String,
    pub month: String,
    pub year: String,
}

impl DateParts {
    pub fn of(d: Option<Date>) -> Self {
        d.map(|d| Self {
            day: d.day().to_string(),
            month: (d.month() as u8).to_string(),
            year: d.year().to_string(),
        })
        .unwrap_or_default()
    }
    /// What was typed, kept when the form comes back with errors.
    pub fn typed(form: &[(String, String)], name: &str) -> Self {
        let v = |suffix: &str| crate::session::form_value(form, &format!("{name}-{suffix}"));
        Self {
            day: v("day"),
            month: v("month"),
            year: v("year"),
        }
    }
}

/// Every value of a repeated form field (checkboxes).
pub fn form_values(form: &[(String, String)], name: &str) -> Vec<String> {
    form.iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .collect()
}
