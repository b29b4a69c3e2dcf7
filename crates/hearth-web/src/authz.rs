//! The authorisation chokepoint. Every read and write of a person's or a
//! family's record in the pages and the API goes through here: the facts are
//! gathered, [`hearth_core::access::decide`] answers, and the answer (allowed
//! or refused, and why) is written to the audit trail before any data is
//! returned.

use crate::error::WebError;
use crate::session::UserCtx;
use crate::AppState;
use hearth_core::access::{decide, Action, Decision, FamilyFacts, SubjectFacts};
use hearth_core::audit::{AuditEvent, Audited, Outcome};
use hearth_core::ids::{FamilyId, PersonId};
use hearth_core::model::{Family, Person};
use uuid::Uuid;

mod council;
mod outcomes;
mod unit;

pub use council::kind_subject;

pub struct Chokepoint<'a> {
    state: &'a AppState,
    user: &'a UserCtx,
    request_id: Option<String>,
    /// Facts about families already gathered in this request: a caseload or
    /// a search result often holds several children of one family.
    family_cache: std::sync::Mutex<std::collections::HashMap<FamilyId, FamilyFacts>>,
    /// The actor's unexpired break-glass grants, read once per request.
    break_glass: tokio::sync::OnceCell<std::collections::HashSet<Uuid>>,
    /// Audit events of a list, written together by [`Chokepoint::visible`].
    pending: std::sync::Mutex<Option<Vec<AuditEvent>>>,
}

impl<'a> Chokepoint<'a> {
    pub fn new(state: &'a AppState, user: &'a UserCtx, request_id: Option<String>) -> Self {
        Self {
            state,
            user,
            request_id,
            family_cache: Default::default(),
            break_glass: tokio::sync::OnceCell::new(),
            pending: std::sync::Mutex::new(None),
        }
    }

    async fn has_break_glass(&self, subject: Uuid) -> Result<bool, WebError> {
        let grants = self
            .break_glass
            .get_or_try_init(|| async {
                Ok::<_, WebError>(
                    self.state
                        .store
                        .break_glass_subjects(self.user.id())
                        .await?
                        .into_iter()
                        .collect(),
                )
            })
            .await?;
        Ok(grants.contains(&subject))
    }

    async fn family_facts(&self, family: &Family) -> Result<FamilyFacts, WebError> {
        let store = &self.state.store;
        let service = match family.team_id {
            Some(t) => store.team(t).await?.map(|t| t.service),
            None => None,
        };
        let members = store.people_where("family", &family.id.to_string()).await?;
        Ok(FamilyFacts {
            team: family.team_id,
            unit: family.unit_id,
            service,
            lead_practitioners: members
                .iter()
                .filter_map(|p| p.lead_practitioner())
                .collect(),
            team_members: family.current_team().map(|m| m.user_id).collect(),
        })
    }

    async fn person_facts(&self, person: &Person) -> Result<SubjectFacts, WebError> {
        let mut families = Vec::new();
        for f in &person.families {
            let cached = self
                .family_cache
                .lock()
                .ok()
                .and_then(|c| c.get(f).cloned());
            if let Some(facts) = cached {
                families.push(facts);
            } else if let Some(family) = self.state.store.family(*f).await? {
                let facts = self.family_facts(&family).await?;
                if let Ok(mut c) = self.family_cache.lock() {
                    c.insert(*f, facts.clone());
                }
                families.push(facts);
            }
        }
        Ok(SubjectFacts {
            lead_practitioner: person.lead_practitioner(),
            restricted: person.restricted,
            grants: person.grants.clone(),
            families,
            break_glass: self.has_break_glass(person.id.0).await?,
        })
    }

    async fn record(
        &self,
        decision: Decision,
        action: Action,
        subject: Uuid,
    ) -> Result<(), WebError> {
        let mut event = match decision {
            Decision::Allow(basis) => AuditEvent::allowed(self.user.id(), action, subject, basis),
            Decision::Deny(refusal) => {
                AuditEvent::refused(self.user.id(), action, subject, refusal)
            }
        };
        event.request_id = self.request_id.clone();
        if let Ok(mut pending) = self.pending.lock() {
            if let Some(list) = pending.as_mut() {
                list.push(event);
                return Ok(());
            }
        }
        self.state.store.audit(&event).await?;
        Ok(())
    }

    /// Audits the creation of a new family record by the actor, who may
    /// create one for their own team.
    pub async fn record_creation(&self, subject: Uuid) -> Result<(), WebError> {
        self.record(
            Decision::Allow(hearth_core::access::Basis::Team),
            Action::WriteRecord,
            subject,
        )
        .await
    }

    /// Decides and audits `action` on `person`, without loading it again.
    pub async fn check_person(
        &self,
        person: &Person,
        action: Action,
    ) -> Result<Decision, WebError> {
        let facts = if action == Action::ReadIdentity {
            // Whether a person may be found never depends on their families
            // (only on restriction, grants and role), so lists and searches
            // skip gathering them; the basis recorded is the closest one
            // known without them.
            SubjectFacts {
                lead_practitioner: person.lead_practitioner(),
                restricted: person.restricted,
                grants: person.grants.clone(),
                families: vec![],
                break_glass: false,
            }
        } else {
            self.person_facts(person).await?
        };
        let decision = decide(&self.user.actor, action, &facts);
        self.record(decision, action, person.id.0).await?;
        Ok(decision)
    }

    /// Loads a person if the actor may do `action`; refuses (audited) if not.
    pub async fn person(&self, id: PersonId, action: Action) -> Result<Person, WebError> {
        let person = self
            .state
            .store
            .person(id)
            .await?
            .ok_or(WebError::NotFound)?;
        match self.check_person(&person, action).await? {
            Decision::Allow(_) => Ok(person),
            Decision::Deny(r) => Err(WebError::Refused(
                r,
                Some(format!("/people/{}/break-glass", id)),
            )),
        }
    }

    /// Loads a family if the actor may do `action` to its record.
    pub async fn family(&self, id: FamilyId, action: Action) -> Result<Family, WebError> {
        let family = self
            .state
            .store
            .family(id)
            .await?
            .ok_or(WebError::NotFound)?;
        let facts = SubjectFacts {
            families: vec![self.family_facts(&family).await?],
            break_glass: self.has_break_glass(family.id.0).await?,
            ..Default::default()
        };
        let decision = decide(&self.user.actor, action, &facts);
        self.record(decision, action, family.id.0).await?;
        match decision {
            Decision::Allow(_) => Ok(family),
            Decision::Deny(r) => Err(WebError::Refused(r, None)),
        }
    }

    /// Loads a practitioner for `action` on their own records (their time),
    /// decided by [`hearth_core::access::decide_practitioner`] and audited
    /// with the practitioner as the subject.
    pub async fn practitioner(
        &self,
        id: hearth_core::ids::UserId,
        action: Action,
    ) -> Result<hearth_core::model::Practitioner, WebError> {
        let store = &self.state.store;
        let p = store.practitioner(id).await?.ok_or(WebError::NotFound)?;
        let mut services = Vec::new();
        for m in p.current_memberships() {
            if let Some(t) = store.team(m.team_id).await? {
                services.push(t.service);
            }
        }
        let facts = hearth_core::access::PractitionerFacts {
            user_id: p.id,
            services,
        };
        let decision = hearth_core::access::decide_practitioner(&self.user.actor, action, &facts);
        self.record(decision, action, p.id.0).await?;
        match decision {
            Decision::Allow(_) => Ok(p),
            Decision::Deny(r) => Err(WebError::Refused(r, None)),
        }
    }

    /// The people among `people` the actor may see for `action`, each check
    /// audited (a search result is a read of identity).
    pub async fn visible(
        &self,
        people: Vec<Person>,
        action: Action,
    ) -> Result<Vec<Person>, WebError> {
        if let Ok(mut pending) = self.pending.lock() {
            *pending = Some(Vec::new());
        }
        let mut out = Vec::with_capacity(people.len());
        let mut failed = None;
        for p in people {
            match self.check_person(&p, action).await {
                Ok(d) if d.is_allowed() => out.push(p),
                Ok(_) => {}
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        // Every decision made is audited, even if a later one failed.
        let events = self
            .pending
            .lock()
            .ok()
            .and_then(|mut p| p.take())
            .unwrap_or_default();
        self.state.store.audit_many(&events).await?;
        match failed {
            Some(e) => Err(e),
            None => Ok(out),
        }
    }

    /// Opens a record the actor has no working relationship with, for a
    /// stated reason, for a limited time. Restricted records cannot be opened
    /// this way. The reason is kept in the audit trail for managers to review.
    pub async fn break_glass(&self, person: &Person, reason: &str) -> Result<(), WebError> {
        if person.restricted {
            let mut e = AuditEvent::new(
                Some(self.user.id()),
                Audited::BreakGlass,
                Some(person.id.0),
                Outcome::Refused,
            );
            e.basis = Some("restricted".into());
            e.reason = Some(reason.into());
            e.request_id = self.request_id.clone();
            self.state.store.audit(&e).await?;
            return Err(WebError::Refused(
                hearth_core::access::Refusal::Restricted,
                None,
            ));
        }
        let secs = self.state.config.break_glass_secs;
        let store = &self.state.store;
        store
            .grant_break_glass(self.user.id(), person.id.0, reason, secs)
            .await?;
        for f in &person.families {
            store
                .grant_break_glass(self.user.id(), f.0, reason, secs)
                .await?;
        }
        let mut e = AuditEvent::new(
            Some(self.user.id()),
            Audited::BreakGlass,
            Some(person.id.0),
            Outcome::Allowed,
        );
        e.basis = Some("break_glass".into());
        e.reason = Some(reason.into());
        e.request_id = self.request_id.clone();
        store.audit(&e).await?;
        Ok(())
    }

    /// What a partner agency may see through one sharing decision: decided by
    /// [`hearth_core::access::decide_shared`] and audited against the family
    /// before anything is returned. A decision about a restricted person is
    /// never shown to a partner.
    pub async fn shared(
        &self,
        id: hearth_core::ids::PracticeId,
    ) -> Result<
        (
            hearth_core::practice::PracticeRecord,
            hearth_core::practice::specialists::Sharing,
            Family,
        ),
        WebError,
    > {
        let store = &self.state.store;
        let record = store.practice(id).await?.ok_or(WebError::NotFound)?;
        let (hearth_core::practice::Tool::Sharing(sharing), Some(family_id), true) =
            (&record.tool, record.scope.family(), record.is_current())
        else {
            return Err(WebError::NotFound);
        };
        let family = store.family(family_id).await?.ok_or(WebError::NotFound)?;
        let mut restricted = false;
        for p in &record.about {
            restricted |= store.person(*p).await?.is_some_and(|p| p.restricted);
        }
        let decision = hearth_core::access::decide_shared(
            &self.user.actor,
            sharing,
            restricted,
            crate::views::today(),
        );
        self.record(decision, Action::ReadRecord, family.id.0)
            .await?;
        match decision {
            Decision::Allow(_) => Ok((record.clone(), sharing.clone(), family)),
            Decision::Deny(r) => Err(WebError::Refused(r, None)),
        }
    }
}
