//! Projections: the current state of each thing, folded from the journal.
//!
//! The store keeps one JSON document per thing plus a small index of
//! (key, value) pairs for look-ups. This module decides, without IO, which
//! documents an event touches, how it changes them and what they are indexed
//! by, so both backends and `hearth rebuild` share one definition.

use crate::council::CouncilRecord;
use crate::event::{Event, EventBody};
use crate::journey::Journey;
use crate::model::*;
use crate::practice::{PracticeRecord, Removal, Scope};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use thiserror::Error;
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    Person,
    Family,
    Relationship,
    Household,
    Practitioner,
    Team,
    Unit,
    Record,
    Warning,
    ChronologyEntry,
    Journey,
    Practice,
    Council,
}

impl DocKind {
    pub const ALL: &'static [DocKind] = &[
        Self::Person,
        Self::Family,
        Self::Relationship,
        Self::Household,
        Self::Practitioner,
        Self::Team,
        Self::Unit,
        Self::Record,
        Self::Warning,
        Self::ChronologyEntry,
        Self::Journey,
        Self::Practice,
        Self::Council,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Family => "family",
            Self::Relationship => "relationship",
            Self::Household => "household",
            Self::Practitioner => "practitioner",
            Self::Team => "team",
            Self::Unit => "unit",
            Self::Record => "record",
            Self::Warning => "warning",
            Self::ChronologyEntry => "chronology_entry",
            Self::Journey => "journey",
            Self::Practice => "practice",
            Self::Council => "council",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocKey {
    pub kind: DocKind,
    pub id: Uuid,
}

impl DocKey {
    pub fn new(kind: DocKind, id: Uuid) -> Self {
        Self { kind, id }
    }
}

/// One projected document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "doc", rename_all = "snake_case")]
pub enum Doc {
    Person(Person),
    Family(Family),
    Relationship(Relationship),
    Household(Household),
    Practitioner(Practitioner),
    Team(Team),
    Unit(Unit),
    Record(CaseRecord),
    Warning(WarningNote),
    ChronologyEntry(ChronologyEntry),
    Journey(Journey),
    Practice(PracticeRecord),
    Council(CouncilRecord),
}

impl Doc {
    pub fn key(&self) -> DocKey {
        match self {
            Doc::Person(p) => DocKey::new(DocKind::Person, p.id.0),
            Doc::Family(f) => DocKey::new(DocKind::Family, f.id.0),
            Doc::Relationship(r) => DocKey::new(DocKind::Relationship, r.id.0),
            Doc::Household(h) => DocKey::new(DocKind::Household, h.id.0),
            Doc::Practitioner(p) => DocKey::new(DocKind::Practitioner, p.id.0),
            Doc::Team(t) => DocKey::new(DocKind::Team, t.id.0),
            Doc::Unit(u) => DocKey::new(DocKind::Unit, u.id.0),
            Doc::Record(r) => DocKey::new(DocKind::Record, r.id.0),
            Doc::Warning(w) => DocKey::new(DocKind::Warning, w.id.0),
            Doc::ChronologyEntry(c) => DocKey::new(DocKind::ChronologyEntry, c.id.0),
            Doc::Journey(j) => DocKey::new(DocKind::Journey, j.person_id.0),
            Doc::Practice(p) => DocKey::new(DocKind::Practice, p.id.0),
            Doc::Council(c) => DocKey::new(DocKind::Council, c.id.0),
        }
    }

    /// The (key, value) pairs the store indexes this document by.
    pub fn index(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        match self {
            Doc::Person(p) => {
                for token in name_tokens(&p.details) {
                    out.push(("name", token));
                }
                if let Some(d) = p.details.date_of_birth {
                    out.push(("dob", d.to_string()));
                }
                if let Some(u) = &p.details.upn {
                    out.push(("upn", u.as_str().to_string()));
                }
                if let Some(n) = &p.details.nhs_number {
                    out.push(("nhs", n.as_str().replace(' ', "")));
                }
                if let Some(l) = &p.details.la_person_id {
                    out.push(("la_id", l.as_str().to_string()));
                }
                for f in &p.families {
                    out.push(("family", f.to_string()));
                }
                if let Some(lead) = p.lead_practitioner() {
                    out.push(("lead", lead.to_string()));
                }
                out.push(("kind", p.kind.label().to_lowercase()));
            }
            Doc::Family(f) => {
                if let Some(t) = f.team_id {
                    out.push(("team", t.to_string()));
                }
                if let Some(u) = f.unit_id {
                    out.push(("unit", u.to_string()));
                }
                for m in f.current_team() {
                    out.push(("team_member", m.user_id.to_string()));
                }
            }
            Doc::Relationship(r) => {
                out.push(("person", r.from.to_string()));
                out.push(("person", r.to.to_string()));
            }
            Doc::Household(h) => {
                out.push(("family", h.family_id.to_string()));
                for r in &h.residents {
                    out.push(("person", r.person_id.to_string()));
                }
            }
            Doc::Practitioner(p) => {
                out.push(("username", p.username.to_lowercase()));
                for m in p.current_memberships() {
                    out.push(("team", m.team_id.to_string()));
                    if let Some(u) = m.unit_id {
                        out.push(("unit", u.to_string()));
                    }
                }
            }
            Doc::Team(_) => {}
            Doc::Unit(u) => {
                out.push(("team", u.team_id.to_string()));
                if let Some(c) = u.consultant {
                    out.push(("consultant", c.to_string()));
                }
            }
            Doc::Record(r) => {
                // "person:date" of each current visit, so the latest visit
                // to a child is one small look-up.
                if r.kind == RecordKind::Visit && r.superseded_by.is_none() {
                    for p in &r.about {
                        out.push(("visit", format!("{p}:{}", r.occurred_on)));
                    }
                }
                out.push(("family", r.family_id.to_string()));
                for p in &r.about {
                    out.push(("person", p.to_string()));
                }
                out.push(("author", r.author.to_string()));
            }
            Doc::Warning(w) => {
                if let Some(p) = w.person_id {
                    out.push(("person", p.to_string()));
                }
                if let Some(f) = w.family_id {
                    out.push(("family", f.to_string()));
                }
            }
            Doc::ChronologyEntry(c) => {
                if let Some(p) = c.person_id {
                    out.push(("person", p.to_string()));
                }
                if let Some(f) = c.family_id {
                    out.push(("family", f.to_string()));
                }
            }
            Doc::Journey(j) => {
                // Which kinds of step the child has, so the children under
                // each return can be found without reading every journey.
                for step in &j.steps {
                    out.push(("step", step.detail.kind().to_string()));
                }
            }
            Doc::Practice(p) => out.extend(p.index()),
            Doc::Council(c) => out.extend(c.index()),
        }
        out.sort();
        out.dedup();
        out
    }
}

/// Lower-case name tokens for search: given names, family name and other
/// names known by.
pub fn name_tokens(d: &PersonDetails) -> Vec<String> {
    let mut v: Vec<String> = std::iter::once(d.given_names.as_str())
        .chain(std::iter::once(d.family_name.as_str()))
        .chain(d.other_names.iter().map(String::as_str))
        .flat_map(|s| s.split(|c: char| c.is_whitespace() || c == '-'))
        .map(normalise_name)
        .filter(|t| !t.is_empty())
        .collect();
    v.sort();
    v.dedup();
    v
}

/// Case- and accent-insensitive form of a name, for search and duplicate checks.
pub fn normalise_name(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            let c = match c {
                'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'í' | 'ì' | 'î' | 'ï' => 'i',
                'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
                'ú' | 'ù' | 'û' | 'ü' => 'u',
                'ç' => 'c',
                'ñ' => 'n',
                c => c,
            };
            if c.is_alphanumeric() {
                Some(c.to_ascii_lowercase())
            } else {
                None
            }
        })
        .collect()
}

/// Why an event cannot be applied: the change would make the record
/// inconsistent, so it is refused before anything is written.
#[derive(Debug, Error, PartialEq)]
pub enum ApplyError {
    #[error("{0} was not found")]
    NotFound(&'static str),
    #[error("{0} already exists")]
    AlreadyExists(&'static str),
    #[error("{0}")]
    Invalid(String),
}

/// The documents an event reads and may change. The store loads exactly these
/// (inside the write transaction) before calling [`apply`].
pub fn touches(body: &EventBody) -> Vec<DocKey> {
    use DocKind as K;
    let k = |kind, id: Uuid| DocKey::new(kind, id);
    match body {
        EventBody::TeamCreated { team } => vec![k(K::Team, team.id.0)],
        EventBody::UnitCreated { unit } => vec![k(K::Unit, unit.id.0), k(K::Team, unit.team_id.0)],
        EventBody::PractitionerRegistered { practitioner }
        | EventBody::PractitionerDetailsChanged { practitioner } => {
            vec![k(K::Practitioner, practitioner.id.0)]
        }
        EventBody::PractitionerDisabled { user_id } => vec![k(K::Practitioner, user_id.0)],
        EventBody::MembershipStarted {
            user_id,
            membership,
        } => {
            let mut v = vec![
                k(K::Practitioner, user_id.0),
                k(K::Team, membership.team_id.0),
            ];
            if let Some(u) = membership.unit_id {
                v.push(k(K::Unit, u.0));
            }
            v
        }
        EventBody::MembershipEnded { user_id, .. } => vec![k(K::Practitioner, user_id.0)],
        EventBody::PersonRegistered { person_id, .. }
        | EventBody::PersonDetailsChanged { person_id, .. }
        | EventBody::AddressRecorded { person_id, .. }
        | EventBody::RecordRestricted { person_id, .. }
        | EventBody::RecordUnrestricted { person_id, .. }
        | EventBody::AccessRevoked { person_id, .. } => vec![k(K::Person, person_id.0)],
        // The person is read to check the child exists.
        EventBody::JourneyStepRecorded { person_id, .. } => {
            vec![k(K::Journey, person_id.0), k(K::Person, person_id.0)]
        }
        EventBody::JourneyStepRemoved { person_id, .. } => vec![k(K::Journey, person_id.0)],
        // The scope is read to check it exists (and, for a family, that the
        // people the record is about belong to it).
        EventBody::PracticeRecorded { record } => {
            vec![k(K::Practice, record.id.0), scope_key(record.scope)]
        }
        EventBody::PracticeRemoved { id, .. } => vec![k(K::Practice, id.0)],
        EventBody::CouncilRecorded { record } => vec![k(K::Council, record.id.0)],
        EventBody::CouncilRemoved { id, .. } => vec![k(K::Council, id.0)],
        EventBody::AccessGranted {
            person_id, user_id, ..
        } => vec![k(K::Person, person_id.0), k(K::Practitioner, user_id.0)],
        EventBody::FamilyCreated { family_id, .. } => vec![k(K::Family, family_id.0)],
        EventBody::FamilyAllocatedToTeam {
            family_id,
            team_id,
            unit_id,
        } => {
            let mut v = vec![k(K::Family, family_id.0), k(K::Team, team_id.0)];
            if let Some(u) = unit_id {
                v.push(k(K::Unit, u.0));
            }
            v
        }
        EventBody::FamilyMemberAdded {
            family_id,
            person_id,
            ..
        }
        | EventBody::FamilyMemberLeft {
            family_id,
            person_id,
        } => vec![k(K::Family, family_id.0), k(K::Person, person_id.0)],
        EventBody::RelationshipRecorded { relationship } => vec![
            k(K::Relationship, relationship.id.0),
            k(K::Person, relationship.from.0),
            k(K::Person, relationship.to.0),
        ],
        EventBody::RelationshipEnded {
            relationship_id, ..
        } => vec![k(K::Relationship, relationship_id.0)],
        EventBody::HouseholdRecorded {
            household_id,
            family_id,
            ..
        } => vec![k(K::Household, household_id.0), k(K::Family, family_id.0)],
        EventBody::MovedIn {
            household_id,
            person_id,
        }
        | EventBody::MovedOut {
            household_id,
            person_id,
        } => vec![k(K::Household, household_id.0), k(K::Person, person_id.0)],
        EventBody::LeadPractitionerAllocated { child, user_id, .. } => {
            vec![k(K::Person, child.0), k(K::Practitioner, user_id.0)]
        }
        EventBody::LeadPractitionerEnded { child, .. } => vec![k(K::Person, child.0)],
        EventBody::FamilyTeamMemberAdded {
            family_id, user_id, ..
        } => vec![k(K::Family, family_id.0), k(K::Practitioner, user_id.0)],
        EventBody::FamilyTeamMemberEnded { family_id, .. } => vec![k(K::Family, family_id.0)],
        EventBody::CaseRecordFinalised { record } => {
            let mut v = vec![k(K::Record, record.id.0), k(K::Family, record.family_id.0)];
            v.extend(record.about.iter().map(|p| k(K::Person, p.0)));
            v
        }
        EventBody::CaseRecordCorrected {
            record, supersedes, ..
        } => vec![
            k(K::Record, record.id.0),
            k(K::Record, supersedes.0),
            k(K::Family, record.family_id.0),
        ],
        EventBody::ChronologyEntryAdded { entry } => {
            let mut v = vec![k(K::ChronologyEntry, entry.id.0)];
            v.extend(entry.person_id.map(|p| k(K::Person, p.0)));
            v.extend(entry.family_id.map(|f| k(K::Family, f.0)));
            v
        }
        EventBody::WarningNoteAdded { warning } => {
            let mut v = vec![k(K::Warning, warning.id.0)];
            v.extend(warning.person_id.map(|p| k(K::Person, p.0)));
            v.extend(warning.family_id.map(|f| k(K::Family, f.0)));
            v
        }
        EventBody::WarningNoteReviewed { warning_id, .. }
        | EventBody::WarningNoteEnded { warning_id } => vec![k(K::Warning, warning_id.0)],
    }
}

fn scope_key(scope: Scope) -> DocKey {
    match scope {
        Scope::Family(f) => DocKey::new(DocKind::Family, f.0),
        Scope::Unit(u) => DocKey::new(DocKind::Unit, u.0),
        Scope::Practitioner(p) => DocKey::new(DocKind::Practitioner, p.0),
    }
}

/// The documents an event may read and change, keyed by [`DocKey`]; `None`
/// means the document does not exist (yet).
pub type Docs = BTreeMap<DocKey, Option<Doc>>;

macro_rules! get_mut {
    ($docs:expr, $kind:ident, $id:expr, $what:literal) => {
        match $docs.get_mut(&DocKey::new(DocKind::$kind, $id)) {
            Some(Some(Doc::$kind(d))) => d,
            _ => return Err(ApplyError::NotFound($what)),
        }
    };
}

fn require(docs: &Docs, kind: DocKind, id: Uuid, what: &'static str) -> Result<(), ApplyError> {
    match docs.get(&DocKey::new(kind, id)) {
        Some(Some(_)) => Ok(()),
        _ => Err(ApplyError::NotFound(what)),
    }
}

fn create(docs: &mut Docs, doc: Doc, what: &'static str) -> Result<(), ApplyError> {
    let key = doc.key();
    if let Some(Some(_)) = docs.get(&key) {
        return Err(ApplyError::AlreadyExists(what));
    }
    docs.insert(key, Some(doc));
    Ok(())
}

/// Applies one event to the documents it touches. Refuses (and changes
/// nothing the caller will keep) when the event does not fit the record.
pub fn apply(event: &Event, docs: &mut Docs) -> Result<(), ApplyError> {
    let on = event.valid_from;
    match &event.body {
        EventBody::TeamCreated { team } => create(docs, Doc::Team(team.clone()), "The team"),
        EventBody::UnitCreated { unit } => {
            require(docs, DocKind::Team, unit.team_id.0, "The unit's team")?;
            create(docs, Doc::Unit(unit.clone()), "The unit")
        }
        EventBody::PractitionerRegistered { practitioner } => create(
            docs,
            Doc::Practitioner(practitioner.clone()),
            "The practitioner",
        ),
        EventBody::PractitionerDetailsChanged { practitioner } => {
            let p = get_mut!(docs, Practitioner, practitioner.id.0, "The practitioner");
            let memberships = std::mem::take(&mut p.memberships);
            *p = practitioner.clone();
            p.memberships = memberships;
            Ok(())
        }
        EventBody::PractitionerDisabled { user_id } => {
            let p = get_mut!(docs, Practitioner, user_id.0, "The practitioner");
            p.active = false;
            Ok(())
        }
        EventBody::MembershipStarted {
            user_id,
            membership,
        } => {
            require(docs, DocKind::Team, membership.team_id.0, "The team")?;
            if let Some(u) = membership.unit_id {
                require(docs, DocKind::Unit, u.0, "The unit")?;
            }
            let p = get_mut!(docs, Practitioner, user_id.0, "The practitioner");
            for m in p.memberships.iter_mut() {
                if m.team_id == membership.team_id && m.to.is_none() {
                    m.to = Some(membership.from);
                }
            }
            p.memberships.push(membership.clone());
            Ok(())
        }
        EventBody::MembershipEnded {
            user_id,
            team_id,
            on,
        } => {
            let p = get_mut!(docs, Practitioner, user_id.0, "The practitioner");
            for m in p.memberships.iter_mut() {
                if m.team_id == *team_id && m.to.is_none() {
                    m.to = Some(*on);
                }
            }
            Ok(())
        }
        EventBody::PersonRegistered {
            person_id,
            kind,
            details,
        } => create(
            docs,
            Doc::Person(Person {
                id: *person_id,
                kind: *kind,
                details: details.clone(),
                addresses: vec![],
                families: vec![],
                restricted: false,
                grants: vec![],
                allocations: vec![],
            }),
            "The person",
        ),
        EventBody::PersonDetailsChanged { person_id, details } => {
            let p = get_mut!(docs, Person, person_id.0, "The person");
            p.details = details.clone();
            Ok(())
        }
        EventBody::AddressRecorded { person_id, address } => {
            let p = get_mut!(docs, Person, person_id.0, "The person");
            if let Some(from) = address.from {
                for a in p.addresses.iter_mut().filter(|a| a.to.is_none()) {
                    a.to = Some(from);
                }
            }
            p.addresses.push(address.clone());
            Ok(())
        }
        EventBody::FamilyCreated { family_id, name } => create(
            docs,
            Doc::Family(Family {
                id: *family_id,
                name: name.clone(),
                team_id: None,
                unit_id: None,
                members: vec![],
                team: vec![],
            }),
            "The family",
        ),
        EventBody::FamilyAllocatedToTeam {
            family_id,
            team_id,
            unit_id,
        } => {
            require(docs, DocKind::Team, team_id.0, "The team")?;
            if let Some(u) = unit_id {
                require(docs, DocKind::Unit, u.0, "The unit")?;
            }
            let f = get_mut!(docs, Family, family_id.0, "The family");
            f.team_id = Some(*team_id);
            f.unit_id = *unit_id;
            Ok(())
        }
        EventBody::FamilyMemberAdded {
            family_id,
            person_id,
            role,
        } => {
            require(docs, DocKind::Person, person_id.0, "The person")?;
            let f = get_mut!(docs, Family, family_id.0, "The family");
            if f.current_members().any(|m| m.person_id == *person_id) {
                return Err(ApplyError::AlreadyExists("That family member"));
            }
            f.members.push(FamilyMember {
                person_id: *person_id,
                role: *role,
                from: Some(on),
                to: None,
            });
            let p = get_mut!(docs, Person, person_id.0, "The person");
            if !p.families.contains(family_id) {
                p.families.push(*family_id);
            }
            Ok(())
        }
        EventBody::FamilyMemberLeft {
            family_id,
            person_id,
        } => {
            let f = get_mut!(docs, Family, family_id.0, "The family");
            let mut found = false;
            for m in f
                .members
                .iter_mut()
                .filter(|m| m.person_id == *person_id && m.to.is_none())
            {
                m.to = Some(on);
                found = true;
            }
            if !found {
                return Err(ApplyError::NotFound("That family member"));
            }
            let p = get_mut!(docs, Person, person_id.0, "The person");
            p.families.retain(|f| f != family_id);
            Ok(())
        }
        EventBody::RelationshipRecorded { relationship } => {
            if relationship.from == relationship.to {
                return Err(ApplyError::Invalid(
                    "A person cannot have a relationship with themselves".into(),
                ));
            }
            require(
                docs,
                DocKind::Person,
                relationship.from.0,
                "The first person",
            )?;
            require(
                docs,
                DocKind::Person,
                relationship.to.0,
                "The second person",
            )?;
            create(
                docs,
                Doc::Relationship(relationship.clone()),
                "The relationship",
            )
        }
        EventBody::RelationshipEnded {
            relationship_id,
            on,
        } => {
            let r = get_mut!(docs, Relationship, relationship_id.0, "The relationship");
            r.end = Some(*on);
            Ok(())
        }
        EventBody::HouseholdRecorded {
            household_id,
            family_id,
            address,
        } => {
            require(docs, DocKind::Family, family_id.0, "The family")?;
            create(
                docs,
                Doc::Household(Household {
                    id: *household_id,
                    family_id: *family_id,
                    address: address.clone(),
                    residents: vec![],
                }),
                "The household",
            )
        }
        EventBody::MovedIn {
            household_id,
            person_id,
        } => {
            require(docs, DocKind::Person, person_id.0, "The person")?;
            let h = get_mut!(docs, Household, household_id.0, "The household");
            if h.residents
                .iter()
                .any(|r| r.person_id == *person_id && r.to.is_none())
            {
                return Err(ApplyError::AlreadyExists("That resident"));
            }
            h.residents.push(Residence {
                person_id: *person_id,
                from: Some(on),
                to: None,
            });
            Ok(())
        }
        EventBody::MovedOut {
            household_id,
            person_id,
        } => {
            let h = get_mut!(docs, Household, household_id.0, "The household");
            let mut found = false;
            for r in h
                .residents
                .iter_mut()
                .filter(|r| r.person_id == *person_id && r.to.is_none())
            {
                r.to = Some(on);
                found = true;
            }
            if found {
                Ok(())
            } else {
                Err(ApplyError::NotFound("That resident"))
            }
        }
        EventBody::LeadPractitionerAllocated {
            child,
            user_id,
            reason,
        } => {
            require(docs, DocKind::Practitioner, user_id.0, "The practitioner")?;
            if reason.trim().is_empty() {
                return Err(ApplyError::Invalid(
                    "Give the reason for the change of lead practitioner".into(),
                ));
            }
            let p = get_mut!(docs, Person, child.0, "The child");
            if p.lead_practitioner() == Some(*user_id) {
                return Err(ApplyError::Invalid(
                    "That practitioner is already the lead practitioner".into(),
                ));
            }
            for a in p.allocations.iter_mut().filter(|a| a.to.is_none()) {
                a.to = Some(on);
            }
            p.allocations.push(Allocation {
                user_id: *user_id,
                from: on,
                to: None,
                reason: reason.clone(),
            });
            Ok(())
        }
        EventBody::LeadPractitionerEnded { child, reason } => {
            if reason.trim().is_empty() {
                return Err(ApplyError::Invalid(
                    "Give the reason the allocation ended".into(),
                ));
            }
            let p = get_mut!(docs, Person, child.0, "The child");
            if p.lead_practitioner().is_none() {
                return Err(ApplyError::Invalid(
                    "The child has no lead practitioner to end".into(),
                ));
            }
            for a in p.allocations.iter_mut().filter(|a| a.to.is_none()) {
                a.to = Some(on);
            }
            Ok(())
        }
        EventBody::FamilyTeamMemberAdded {
            family_id,
            user_id,
            role,
        } => {
            require(docs, DocKind::Practitioner, user_id.0, "The practitioner")?;
            let f = get_mut!(docs, Family, family_id.0, "The family");
            f.team.push(TeamMember {
                user_id: *user_id,
                role: role.clone(),
                from: on,
                to: None,
            });
            Ok(())
        }
        EventBody::FamilyTeamMemberEnded { family_id, user_id } => {
            let f = get_mut!(docs, Family, family_id.0, "The family");
            for m in f
                .team
                .iter_mut()
                .filter(|m| m.user_id == *user_id && m.to.is_none())
            {
                m.to = Some(on);
            }
            Ok(())
        }
        EventBody::CaseRecordFinalised { record } => {
            require(docs, DocKind::Family, record.family_id.0, "The family")?;
            for p in &record.about {
                require(docs, DocKind::Person, p.0, "A person the record is about")?;
            }
            if record.about.is_empty() {
                return Err(ApplyError::Invalid("Choose who the record is about".into()));
            }
            create(docs, Doc::Record(record.clone()), "The record")
        }
        EventBody::CaseRecordCorrected {
            record,
            supersedes,
            reason,
        } => {
            if reason.trim().is_empty() {
                return Err(ApplyError::Invalid(
                    "Give the reason for the correction".into(),
                ));
            }
            let old = get_mut!(docs, Record, supersedes.0, "The record being corrected");
            if old.superseded_by.is_some() {
                return Err(ApplyError::Invalid(
                    "That record has already been corrected: correct the latest version".into(),
                ));
            }
            old.superseded_by = Some(record.id);
            let mut new = record.clone();
            new.supersedes = Some(*supersedes);
            new.correction_reason = Some(reason.clone());
            create(docs, Doc::Record(new), "The correction")
        }
        EventBody::ChronologyEntryAdded { entry } => {
            if let Some(p) = entry.person_id {
                require(docs, DocKind::Person, p.0, "The person")?;
            }
            if let Some(f) = entry.family_id {
                require(docs, DocKind::Family, f.0, "The family")?;
            }
            create(docs, Doc::ChronologyEntry(entry.clone()), "The entry")
        }
        EventBody::WarningNoteAdded { warning } => {
            if warning.person_id.is_none() && warning.family_id.is_none() {
                return Err(ApplyError::Invalid(
                    "A warning note must be about a person or a family".into(),
                ));
            }
            if let Some(p) = warning.person_id {
                require(docs, DocKind::Person, p.0, "The person")?;
            }
            if let Some(f) = warning.family_id {
                require(docs, DocKind::Family, f.0, "The family")?;
            }
            create(docs, Doc::Warning(warning.clone()), "The warning note")
        }
        EventBody::WarningNoteReviewed {
            warning_id,
            next_review,
        } => {
            let w = get_mut!(docs, Warning, warning_id.0, "The warning note");
            w.review_on = *next_review;
            Ok(())
        }
        EventBody::WarningNoteEnded { warning_id } => {
            let w = get_mut!(docs, Warning, warning_id.0, "The warning note");
            w.ended_on = Some(on);
            Ok(())
        }
        EventBody::RecordRestricted { person_id, .. } => {
            let p = get_mut!(docs, Person, person_id.0, "The person");
            p.restricted = true;
            Ok(())
        }
        EventBody::RecordUnrestricted { person_id, .. } => {
            let p = get_mut!(docs, Person, person_id.0, "The person");
            p.restricted = false;
            Ok(())
        }
        EventBody::AccessGranted {
            person_id, user_id, ..
        } => {
            require(docs, DocKind::Practitioner, user_id.0, "The practitioner")?;
            let p = get_mut!(docs, Person, person_id.0, "The person");
            if !p.grants.contains(user_id) {
                p.grants.push(*user_id);
            }
            Ok(())
        }
        EventBody::AccessRevoked { person_id, user_id } => {
            let p = get_mut!(docs, Person, person_id.0, "The person");
            p.grants.retain(|u| u != user_id);
            Ok(())
        }
        EventBody::JourneyStepRecorded { person_id, step } => {
            require(docs, DocKind::Person, person_id.0, "The child")?;
            let slot = docs
                .entry(DocKey::new(DocKind::Journey, person_id.0))
                .or_insert(None);
            if slot.is_none() {
                *slot = Some(Doc::Journey(Journey::new(*person_id)));
            }
            let j = get_mut!(docs, Journey, person_id.0, "The child's journey");
            j.record(step.clone());
            Ok(())
        }
        EventBody::JourneyStepRemoved {
            person_id, step_id, ..
        } => {
            let j = get_mut!(docs, Journey, person_id.0, "The child's journey");
            if j.remove(*step_id) {
                Ok(())
            } else {
                Err(ApplyError::NotFound("The journey step"))
            }
        }
        EventBody::PracticeRecorded { record } => record_practice(docs, record),
        EventBody::CouncilRecorded { record } => record_council(docs, record),
        EventBody::CouncilRemoved { id, reason } => {
            let r = get_mut!(docs, Council, id.0, "The record");
            if r.removed.is_some() {
                return Err(ApplyError::Invalid("The record was already removed".into()));
            }
            r.removed = Some(Removal {
                reason: reason.clone(),
                by: event.actor,
                on,
            });
            Ok(())
        }
        EventBody::PracticeRemoved { id, reason, .. } => {
            let r = get_mut!(docs, Practice, id.0, "The record");
            if r.removed.is_some() {
                return Err(ApplyError::Invalid("The record was already removed".into()));
            }
            r.removed = Some(Removal {
                reason: reason.clone(),
                by: event.actor,
                on,
            });
            Ok(())
        }
    }
}

/// Checks a practice record against its scope and the stored version, then
/// keeps it.
fn record_practice(docs: &mut Docs, record: &PracticeRecord) -> Result<(), ApplyError> {
    if record.tool.scope_key() != record.scope.key() {
        return Err(ApplyError::Invalid(format!(
            "A {} belongs to a {}, not a {}",
            record.tool.kind().replace('_', " "),
            record.tool.scope_key(),
            record.scope.key()
        )));
    }
    record.tool.check().map_err(ApplyError::Invalid)?;
    match docs.get(&scope_key(record.scope)) {
        Some(Some(Doc::Family(f))) => {
            if let Some(p) = record
                .about
                .iter()
                .find(|p| !f.members.iter().any(|m| m.person_id == **p))
            {
                return Err(ApplyError::Invalid(format!(
                    "{p} is not in the family, so the record cannot be about them"
                )));
            }
        }
        Some(Some(_)) => {}
        _ => return Err(ApplyError::NotFound("The family, unit or practitioner")),
    }
    let key = DocKey::new(DocKind::Practice, record.id.0);
    let mut kept = record.clone();
    let old = match docs.get(&key) {
        Some(Some(Doc::Practice(old))) => {
            if old.scope != record.scope {
                return Err(ApplyError::Invalid(
                    "A record cannot move to another family".into(),
                ));
            }
            Some((old.version, old.removed.is_some(), old.author))
        }
        _ => None,
    };
    if let Some(author) = next_version(old, record.version)? {
        kept.author = author;
    }
    docs.insert(key, Some(Doc::Practice(kept)));
    Ok(())
}

/// Checks a council record and the stored version, then keeps it.
fn record_council(docs: &mut Docs, record: &CouncilRecord) -> Result<(), ApplyError> {
    record.item.check().map_err(ApplyError::Invalid)?;
    let key = DocKey::new(DocKind::Council, record.id.0);
    let mut kept = record.clone();
    let old = match docs.get(&key) {
        Some(Some(Doc::Council(old))) => {
            if old.item.kind() != record.item.kind() {
                return Err(ApplyError::Invalid(
                    "A record cannot change what kind of record it is".into(),
                ));
            }
            Some((old.version, old.removed.is_some(), old.author))
        }
        _ => None,
    };
    if let Some(author) = next_version(old, record.version)? {
        kept.author = author;
    }
    docs.insert(key, Some(Doc::Council(kept)));
    Ok(())
}

/// The version rule of practice and council records: a new record is
/// version 1; an amendment must be the stored version plus one (so two
/// people editing at once are told, not overwritten) of a record not
/// removed. `old` is the stored (version, removed, author); for an
/// amendment the first author is kept and returned.
fn next_version(
    old: Option<(u32, bool, Option<crate::ids::UserId>)>,
    version: u32,
) -> Result<Option<Option<crate::ids::UserId>>, ApplyError> {
    match old {
        Some((_, true, _)) => Err(ApplyError::Invalid("The record was removed".into())),
        Some((v, false, author)) if version == v + 1 => Ok(Some(author)),
        Some(_) => Err(ApplyError::Invalid(
            "Someone else changed this record while you were editing it".into(),
        )),
        None if version == 1 => Ok(None),
        None => Err(ApplyError::NotFound("The record")),
    }
}

/// Folds a whole journal into documents in memory. This is what the stored
/// projections must always equal; the property tests and `hearth rebuild`
/// rely on it.
pub fn replay<'a>(events: impl IntoIterator<Item = &'a Event>) -> Result<Docs, ApplyError> {
    let mut docs = Docs::new();
    for e in events {
        for key in touches(&e.body) {
            docs.entry(key).or_insert(None);
        }
        apply(e, &mut docs)?;
    }
    docs.retain(|_, v| v.is_some());
    Ok(docs)
}
