//! The chronology: what happened to a child or family, in date order, read
//! straight from the journal so it can be shown "as at" any past moment (what
//! the record said then, before later corrections).

use crate::event::{Event, EventBody};
use crate::ids::*;
use crate::model::RecordKind;
use serde::Serialize;
use std::collections::HashMap;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Written by Hearth from the journal.
    Automatic,
    /// A practitioner's own chronology entry.
    Curated,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChronologyItem {
    pub occurred_on: Date,
    pub recorded_at: OffsetDateTime,
    pub category: &'static str,
    pub summary: String,
    pub significant: bool,
    pub source: Source,
    pub actor: Option<UserId>,
    pub record_id: Option<RecordId>,
    /// A later correction (recorded by the "as at" moment) replaced this entry.
    pub superseded: bool,
    pub correction_reason: Option<String>,
    pub event_seq: i64,
}

/// A filter over the chronology, as the practitioner sets it on the page.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub as_at: Option<OffsetDateTime>,
    pub significant_only: bool,
    pub category: Option<String>,
    pub include_superseded: bool,
}

/// The categories a practitioner can filter by.
pub const CATEGORIES: &[&str] = &[
    "Visit",
    "Case note",
    "Family and household",
    "Relationship",
    "Allocation",
    "Warning",
    "Chronology entry",
    "Practice",
    "Record",
];

/// Builds the chronology from the events about one subject (a person or a
/// family), in journal order. Events recorded after `filter.as_at` are ignored,
/// so the result is exactly what the record showed at that moment.
pub fn build(subject: Uuid, events: &[Event], filter: &Filter) -> Vec<ChronologyItem> {
    let visible: Vec<&Event> = events
        .iter()
        .filter(|e| filter.as_at.is_none_or(|at| e.recorded_at <= at))
        .collect();
    // Which records were corrected, by the "as at" moment.
    let mut superseded: HashMap<RecordId, ()> = HashMap::new();
    for e in &visible {
        if let EventBody::CaseRecordCorrected { supersedes, .. } = &e.body {
            superseded.insert(*supersedes, ());
        }
    }
    let mut items: Vec<ChronologyItem> = visible
        .iter()
        .filter_map(|e| item(subject, e, &superseded))
        .filter(|i| filter.include_superseded || !i.superseded)
        .filter(|i| !filter.significant_only || i.significant)
        .filter(|i| filter.category.as_deref().is_none_or(|c| c == i.category))
        .collect();
    items.sort_by(|a, b| {
        b.occurred_on
            .cmp(&a.occurred_on)
            .then(b.event_seq.cmp(&a.event_seq))
    });
    items
}

fn item(subject: Uuid, e: &Event, superseded: &HashMap<RecordId, ()>) -> Option<ChronologyItem> {
    let base = |category: &'static str, summary: String, significant: bool| ChronologyItem {
        occurred_on: e.valid_from,
        recorded_at: e.recorded_at,
        category,
        summary,
        significant,
        source: Source::Automatic,
        actor: e.actor,
        record_id: None,
        superseded: false,
        correction_reason: None,
        event_seq: e.seq,
    };
    Some(match &e.body {
        EventBody::PersonRegistered { .. } => base("Record", "Record opened".into(), false),
        EventBody::PersonDetailsChanged { .. } => {
            base("Record", "Personal details updated".into(), false)
        }
        EventBody::AddressRecorded { address, .. } => base(
            "Family and household",
            format!("Address recorded: {}", address.one_line()),
            false,
        ),
        EventBody::FamilyCreated { name, .. } => base(
            "Family and household",
            format!("Family network '{name}' opened"),
            false,
        ),
        EventBody::FamilyMemberAdded { person_id, .. } => {
            if person_id.0 == subject {
                base(
                    "Family and household",
                    "Joined the family network".into(),
                    false,
                )
            } else {
                base(
                    "Family and household",
                    "A person joined the family network".into(),
                    false,
                )
            }
        }
        EventBody::FamilyMemberLeft { .. } => base(
            "Family and household",
            "Left the family network".into(),
            false,
        ),
        EventBody::RelationshipRecorded { relationship } => base(
            "Relationship",
            format!(
                "Relationship recorded: {}",
                relationship.kind.forward_label().to_lowercase()
            ),
            false,
        ),
        EventBody::MovedIn { .. } => base(
            "Family and household",
            "Moved into a household".into(),
            true,
        ),
        EventBody::MovedOut { .. } => base(
            "Family and household",
            "Moved out of a household".into(),
            true,
        ),
        EventBody::LeadPractitionerAllocated { reason, .. } => base(
            "Allocation",
            format!("Lead practitioner changed: {reason}"),
            true,
        ),
        EventBody::LeadPractitionerEnded { reason, .. } => base(
            "Allocation",
            format!("Lead practitioner allocation ended: {reason}"),
            true,
        ),
        EventBody::FamilyAllocatedToTeam { .. } => {
            base("Allocation", "Family allocated to a team".into(), false)
        }
        EventBody::FamilyTeamMemberAdded { role, .. } => base(
            "Allocation",
            format!("Joined the family's team: {role}"),
            false,
        ),
        EventBody::CaseRecordFinalised { record }
        | EventBody::CaseRecordCorrected { record, .. } => {
            let mut i = base(
                match record.kind {
                    RecordKind::Visit => "Visit",
                    RecordKind::CaseNote => "Case note",
                },
                record.title.clone(),
                record.significant,
            );
            i.occurred_on = record.occurred_on;
            i.actor = Some(record.author);
            i.record_id = Some(record.id);
            i.superseded = superseded.contains_key(&record.id);
            if let EventBody::CaseRecordCorrected { reason, .. } = &e.body {
                i.correction_reason = Some(reason.clone());
            }
            i
        }
        EventBody::ChronologyEntryAdded { entry } => {
            let mut i = base("Chronology entry", entry.summary.clone(), entry.significant);
            i.occurred_on = entry.occurred_on;
            i.source = Source::Curated;
            i
        }
        EventBody::WarningNoteAdded { warning } => base(
            "Warning",
            format!("Warning note added: {}", warning.category),
            true,
        ),
        EventBody::RecordRestricted { .. } => base("Record", "Record restricted".into(), false),
        EventBody::RecordUnrestricted { .. } => base("Record", "Restriction lifted".into(), false),
        // Practice work shows when it was first recorded, by tool only: the
        // record itself may be about someone this reader may not see.
        EventBody::PracticeRecorded { record } if record.version == 1 => base(
            "Practice",
            format!("{} recorded", record.tool.label()),
            false,
        ),
        _ => return None,
    })
}
