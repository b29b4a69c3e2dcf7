//! The journal's typed events. The journal is append-only and bitemporal: each
//! event says who recorded it, when it was recorded, and from when it is true.
//! Everything else Hearth shows is a projection of these events.

use crate::council::CouncilRecord;
use crate::ids::*;
use crate::journey::JourneyStep;
use crate::model::*;
use crate::practice::{PracticeRecord, Scope};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// One entry in the journal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: EventId,
    /// Position in the journal, assigned by the store on append (0 before).
    pub seq: i64,
    /// When Hearth learned this (transaction time).
    pub recorded_at: OffsetDateTime,
    /// When it became true in the world (valid time).
    pub valid_from: Date,
    /// Who recorded it; `None` for the system (migrations, synthetic data).
    pub actor: Option<UserId>,
    pub body: EventBody,
}

impl Event {
    pub fn new(actor: Option<UserId>, valid_from: Date, body: EventBody) -> Self {
        Self {
            id: EventId::new(),
            seq: 0,
            recorded_at: OffsetDateTime::now_utc(),
            valid_from,
            actor,
            body,
        }
    }
}

/// What happened. Names follow the sector's words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventBody {
    TeamCreated {
        team: Team,
    },
    UnitCreated {
        unit: Unit,
    },
    PractitionerRegistered {
        practitioner: Practitioner,
    },
    PractitionerDetailsChanged {
        practitioner: Practitioner,
    },
    PractitionerDisabled {
        user_id: UserId,
    },
    MembershipStarted {
        user_id: UserId,
        membership: Membership,
    },
    MembershipEnded {
        user_id: UserId,
        team_id: TeamId,
        on: Date,
    },
    PersonRegistered {
        person_id: PersonId,
        kind: PersonKind,
        details: PersonDetails,
    },
    PersonDetailsChanged {
        person_id: PersonId,
        details: PersonDetails,
    },
    AddressRecorded {
        person_id: PersonId,
        address: Address,
    },
    FamilyCreated {
        family_id: FamilyId,
        name: String,
    },
    FamilyAllocatedToTeam {
        family_id: FamilyId,
        team_id: TeamId,
        unit_id: Option<UnitId>,
    },
    FamilyMemberAdded {
        family_id: FamilyId,
        person_id: PersonId,
        role: MemberRole,
    },
    FamilyMemberLeft {
        family_id: FamilyId,
        person_id: PersonId,
    },
    RelationshipRecorded {
        relationship: Relationship,
    },
    RelationshipEnded {
        relationship_id: RelationshipId,
        on: Date,
    },
    HouseholdRecorded {
        household_id: HouseholdId,
        family_id: FamilyId,
        address: Address,
    },
    MovedIn {
        household_id: HouseholdId,
        person_id: PersonId,
    },
    MovedOut {
        household_id: HouseholdId,
        person_id: PersonId,
    },
    LeadPractitionerAllocated {
        child: PersonId,
        user_id: UserId,
        reason: String,
    },
    /// The child's lead practitioner allocation ends without a successor:
    /// the case has closed (the allocation history keeps who held it).
    LeadPractitionerEnded {
        child: PersonId,
        reason: String,
    },
    FamilyTeamMemberAdded {
        family_id: FamilyId,
        user_id: UserId,
        role: String,
    },
    FamilyTeamMemberEnded {
        family_id: FamilyId,
        user_id: UserId,
    },
    CaseRecordFinalised {
        record: CaseRecord,
    },
    CaseRecordCorrected {
        record: CaseRecord,
        supersedes: RecordId,
        reason: String,
    },
    ChronologyEntryAdded {
        entry: ChronologyEntry,
    },
    WarningNoteAdded {
        warning: WarningNote,
    },
    WarningNoteReviewed {
        warning_id: WarningId,
        next_review: Date,
    },
    WarningNoteEnded {
        warning_id: WarningId,
    },
    RecordRestricted {
        person_id: PersonId,
        reason: String,
    },
    RecordUnrestricted {
        person_id: PersonId,
        reason: String,
    },
    AccessGranted {
        person_id: PersonId,
        user_id: UserId,
        reason: String,
    },
    AccessRevoked {
        person_id: PersonId,
        user_id: UserId,
    },
    /// A step of a child's statutory journey recorded, or amended (the same
    /// step id recorded again).
    JourneyStepRecorded {
        person_id: PersonId,
        step: JourneyStep,
    },
    /// A step recorded in error, removed with the reason.
    JourneyStepRemoved {
        person_id: PersonId,
        step_id: StepId,
        reason: String,
    },
    /// A practice record (a mapping, a scaling, a unit meeting...) made, or
    /// amended (the same id recorded again with the next version).
    PracticeRecorded {
        record: PracticeRecord,
    },
    /// A practice record taken out, with the reason; it stays in the journal.
    PracticeRemoved {
        id: PracticeId,
        scope: Scope,
        reason: String,
    },
    /// One of the council's own records (a staff contract, an absence, a
    /// pulse answer, a self-audit round...) made or amended.
    CouncilRecorded {
        record: CouncilRecord,
    },
    /// A council record taken out, with the reason.
    CouncilRemoved {
        id: CouncilRecordId,
        reason: String,
    },
}

impl EventBody {
    /// A stable name for the event type, stored beside the payload.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::TeamCreated { .. } => "team_created",
            Self::UnitCreated { .. } => "unit_created",
            Self::PractitionerRegistered { .. } => "practitioner_registered",
            Self::PractitionerDetailsChanged { .. } => "practitioner_details_changed",
            Self::PractitionerDisabled { .. } => "practitioner_disabled",
            Self::MembershipStarted { .. } => "membership_started",
            Self::MembershipEnded { .. } => "membership_ended",
            Self::PersonRegistered { .. } => "person_registered",
            Self::PersonDetailsChanged { .. } => "person_details_changed",
            Self::AddressRecorded { .. } => "address_recorded",
            Self::FamilyCreated { .. } => "family_created",
            Self::FamilyAllocatedToTeam { .. } => "family_allocated_to_team",
            Self::FamilyMemberAdded { .. } => "family_member_added",
            Self::FamilyMemberLeft { .. } => "family_member_left",
            Self::RelationshipRecorded { .. } => "relationship_recorded",
            Self::RelationshipEnded { .. } => "relationship_ended",
            Self::HouseholdRecorded { .. } => "household_recorded",
            Self::MovedIn { .. } => "moved_in",
            Self::MovedOut { .. } => "moved_out",
            Self::LeadPractitionerAllocated { .. } => "lead_practitioner_allocated",
            Self::LeadPractitionerEnded { .. } => "lead_practitioner_ended",
            Self::FamilyTeamMemberAdded { .. } => "family_team_member_added",
            Self::FamilyTeamMemberEnded { .. } => "family_team_member_ended",
            Self::CaseRecordFinalised { .. } => "case_record_finalised",
            Self::CaseRecordCorrected { .. } => "case_record_corrected",
            Self::ChronologyEntryAdded { .. } => "chronology_entry_added",
            Self::WarningNoteAdded { .. } => "warning_note_added",
            Self::WarningNoteReviewed { .. } => "warning_note_reviewed",
            Self::WarningNoteEnded { .. } => "warning_note_ended",
            Self::RecordRestricted { .. } => "record_restricted",
            Self::RecordUnrestricted { .. } => "record_unrestricted",
            Self::AccessGranted { .. } => "access_granted",
            Self::AccessRevoked { .. } => "access_revoked",
            Self::JourneyStepRecorded { .. } => "journey_step_recorded",
            Self::JourneyStepRemoved { .. } => "journey_step_removed",
            Self::PracticeRecorded { .. } => "practice_recorded",
            Self::PracticeRemoved { .. } => "practice_removed",
            Self::CouncilRecorded { .. } => "council_recorded",
            Self::CouncilRemoved { .. } => "council_removed",
        }
    }

    /// The people and families this event is about: the store indexes events
    /// by these so a chronology can be read straight from the journal, as at
    /// any date.
    pub fn subjects(&self) -> Vec<Uuid> {
        match self {
            Self::PersonRegistered { person_id, .. }
            | Self::PersonDetailsChanged { person_id, .. }
            | Self::AddressRecorded { person_id, .. }
            | Self::RecordRestricted { person_id, .. }
            | Self::RecordUnrestricted { person_id, .. }
            | Self::AccessGranted { person_id, .. }
            | Self::AccessRevoked { person_id, .. }
            | Self::JourneyStepRecorded { person_id, .. }
            | Self::JourneyStepRemoved { person_id, .. } => vec![person_id.0],
            Self::FamilyCreated { family_id, .. }
            | Self::FamilyAllocatedToTeam { family_id, .. }
            | Self::FamilyTeamMemberAdded { family_id, .. }
            | Self::FamilyTeamMemberEnded { family_id, .. }
            | Self::HouseholdRecorded { family_id, .. } => vec![family_id.0],
            Self::FamilyMemberAdded {
                family_id,
                person_id,
                ..
            }
            | Self::FamilyMemberLeft {
                family_id,
                person_id,
            } => vec![family_id.0, person_id.0],
            Self::RelationshipRecorded { relationship } => {
                vec![relationship.from.0, relationship.to.0]
            }
            Self::MovedIn { person_id, .. } | Self::MovedOut { person_id, .. } => {
                vec![person_id.0]
            }
            Self::LeadPractitionerAllocated { child, .. }
            | Self::LeadPractitionerEnded { child, .. } => vec![child.0],
            Self::CaseRecordFinalised { record } | Self::CaseRecordCorrected { record, .. } => {
                let mut v: Vec<Uuid> = record.about.iter().map(|p| p.0).collect();
                v.push(record.family_id.0);
                v
            }
            Self::ChronologyEntryAdded { entry } => entry
                .person_id
                .map(|p| p.0)
                .into_iter()
                .chain(entry.family_id.map(|f| f.0))
                .collect(),
            Self::WarningNoteAdded { warning } => warning
                .person_id
                .map(|p| p.0)
                .into_iter()
                .chain(warning.family_id.map(|f| f.0))
                .collect(),
            Self::PracticeRecorded { record } => {
                let mut v = vec![record.scope.id()];
                v.extend(record.about.iter().map(|p| p.0));
                v
            }
            Self::PracticeRemoved { scope, .. } => vec![scope.id()],
            Self::TeamCreated { .. }
            | Self::UnitCreated { .. }
            | Self::PractitionerRegistered { .. }
            | Self::PractitionerDetailsChanged { .. }
            | Self::PractitionerDisabled { .. }
            | Self::MembershipStarted { .. }
            | Self::MembershipEnded { .. }
            | Self::RelationshipEnded { .. }
            | Self::WarningNoteReviewed { .. }
            | Self::WarningNoteEnded { .. }
            | Self::CouncilRecorded { .. }
            | Self::CouncilRemoved { .. } => vec![],
        }
    }
}
