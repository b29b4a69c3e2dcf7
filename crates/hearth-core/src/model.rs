//! The whole-family record as Hearth holds it now: people, relationships,
//! households, families, practitioners, teams and units, records and warnings.
//! These are the projections' shapes; the journal events that build them are in
//! [`crate::event`].

use crate::codes::{Disability, Ethnicity, ImmigrationStatus, Sex};
use crate::identifiers::{FormerUpn, LaPersonId, NhsNumber, Postcode, RegistrationNumber, Upn};
use crate::ids::*;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// Whether a person is one of the children the service works with or an adult
/// in their network. Adults belong to the family as much as the children do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonKind {
    Child,
    Adult,
}

impl PersonKind {
    pub fn label(self) -> &'static str {
        match self {
            PersonKind::Child => "Child",
            PersonKind::Adult => "Adult",
        }
    }
}

/// What is known about a person. Every identifier is a parsed newtype, so a
/// stored UPN or NHS number always has a correct check character.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PersonDetails {
    pub given_names: String,
    pub family_name: String,
    #[serde(default)]
    pub other_names: Vec<String>,
    pub date_of_birth: Option<Date>,
    pub expected_date_of_birth: Option<Date>,
    pub sex: Option<Sex>,
    pub ethnicity: Option<Ethnicity>,
    pub first_language: Option<String>,
    pub religion: Option<String>,
    #[serde(default)]
    pub disabilities: Vec<Disability>,
    pub communication_needs: Option<String>,
    pub immigration_status: Option<ImmigrationStatus>,
    pub date_of_death: Option<Date>,
    pub la_person_id: Option<LaPersonId>,
    pub upn: Option<Upn>,
    pub former_upn: Option<FormerUpn>,
    pub nhs_number: Option<NhsNumber>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

impl PersonDetails {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_names.trim(), self.family_name.trim())
            .trim()
            .to_string()
    }
}

/// An address a person lived at, with dates.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Address {
    pub line1: String,
    pub line2: Option<String>,
    pub town: String,
    pub postcode: Option<Postcode>,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl Address {
    pub fn one_line(&self) -> String {
        let mut parts = vec![self.line1.clone()];
        if let Some(l2) = &self.line2 {
            if !l2.trim().is_empty() {
                parts.push(l2.clone());
            }
        }
        parts.push(self.town.clone());
        if let Some(pc) = &self.postcode {
            parts.push(pc.to_string());
        }
        parts.join(", ")
    }
}

/// One period for which a practitioner was a child's lead practitioner, and why
/// it began: continuity of worker is a feature of practice, so every change
/// carries its reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Allocation {
    pub user_id: UserId,
    pub from: Date,
    pub to: Option<Date>,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub kind: PersonKind,
    pub details: PersonDetails,
    #[serde(default)]
    pub addresses: Vec<Address>,
    #[serde(default)]
    pub families: Vec<FamilyId>,
    /// A restricted record (for example a staff member's family) is readable
    /// only by the named grants below.
    #[serde(default)]
    pub restricted: bool,
    #[serde(default)]
    pub grants: Vec<UserId>,
    #[serde(default)]
    pub allocations: Vec<Allocation>,
}

impl Person {
    pub fn lead_practitioner(&self) -> Option<UserId> {
        self.allocations
            .iter()
            .rev()
            .find(|a| a.to.is_none())
            .map(|a| a.user_id)
    }

    /// Age in whole years on a date, if the date of birth is known.
    pub fn age_on(&self, on: Date) -> Option<i32> {
        let dob = self.details.date_of_birth?;
        let mut age = on.year() - dob.year();
        if (on.month() as u8, on.day()) < (dob.month() as u8, dob.day()) {
            age -= 1;
        }
        Some(age)
    }
}

/// The kinds of relationship Hearth records. Directional kinds read "from is
/// the ... of to"; symmetric kinds read the same from both ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationshipKind {
    Parent,
    StepParent,
    AdoptiveParent,
    SpecialGuardian,
    Sibling,
    HalfSibling,
    Grandparent,
    AuntOrUncle,
    Partner,
    ExPartner,
    Carer,
    Friend,
    Other,
}

impl RelationshipKind {
    pub const ALL: &'static [RelationshipKind] = &[
        Self::Parent,
        Self::StepParent,
        Self::AdoptiveParent,
        Self::SpecialGuardian,
        Self::Sibling,
        Self::HalfSibling,
        Self::Grandparent,
        Self::AuntOrUncle,
        Self::Partner,
        Self::ExPartner,
        Self::Carer,
        Self::Friend,
        Self::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Parent => "parent",
            Self::StepParent => "step_parent",
            Self::AdoptiveParent => "adoptive_parent",
            Self::SpecialGuardian => "special_guardian",
            Self::Sibling => "sibling",
            Self::HalfSibling => "half_sibling",
            Self::Grandparent => "grandparent",
            Self::AuntOrUncle => "aunt_or_uncle",
            Self::Partner => "partner",
            Self::ExPartner => "ex_partner",
            Self::Carer => "carer",
            Self::Friend => "friend",
            Self::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.code() == code)
    }

    /// How the `from` person stands to the `to` person.
    pub fn forward_label(self) -> &'static str {
        match self {
            Self::Parent => "Parent",
            Self::StepParent => "Step-parent",
            Self::AdoptiveParent => "Adoptive parent",
            Self::SpecialGuardian => "Special guardian",
            Self::Sibling => "Sibling",
            Self::HalfSibling => "Half-sibling",
            Self::Grandparent => "Grandparent",
            Self::AuntOrUncle => "Aunt or uncle",
            Self::Partner => "Partner",
            Self::ExPartner => "Ex-partner",
            Self::Carer => "Carer",
            Self::Friend => "Friend",
            Self::Other => "Other",
        }
    }

    /// How the `to` person stands to the `from` person: the same relationship
    /// read from the other end, so it is stored once.
    pub fn reverse_label(self) -> &'static str {
        match self {
            Self::Parent => "Child",
            Self::StepParent => "Step-child",
            Self::AdoptiveParent => "Adopted child",
            Self::SpecialGuardian => "Child under special guardianship",
            Self::Grandparent => "Grandchild",
            Self::AuntOrUncle => "Niece or nephew",
            Self::Carer => "Cared for",
            other => other.forward_label(),
        }
    }
}

/// How a relationship feels to the people in it, as the practitioner judges it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationshipQuality {
    Close,
    Supportive,
    Conflicted,
    Estranged,
    Harmful,
}

impl RelationshipQuality {
    pub const ALL: &'static [RelationshipQuality] = &[
        Self::Close,
        Self::Supportive,
        Self::Conflicted,
        Self::Estranged,
        Self::Harmful,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::Close => "close",
            Self::Supportive => "supportive",
            Self::Conflicted => "conflicted",
            Self::Estranged => "estranged",
            Self::Harmful => "harmful",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.code() == code)
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Close => "Close",
            Self::Supportive => "Supportive",
            Self::Conflicted => "Conflicted",
            Self::Estranged => "Estranged",
            Self::Harmful => "Harmful",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Relationship {
    pub id: RelationshipId,
    pub from: PersonId,
    pub to: PersonId,
    pub kind: RelationshipKind,
    /// Whether `from` holds parental responsibility for `to`.
    pub parental_responsibility: bool,
    pub quality: Option<RelationshipQuality>,
    pub start: Option<Date>,
    pub end: Option<Date>,
}

impl Relationship {
    /// The other person and how they stand to `me`.
    pub fn seen_from(&self, me: PersonId) -> Option<(PersonId, &'static str)> {
        if self.from == me {
            Some((self.to, self.kind.reverse_label()))
        } else if self.to == me {
            Some((self.from, self.kind.forward_label()))
        } else {
            None
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberRole {
    Child,
    Adult,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FamilyMember {
    pub person_id: PersonId,
    pub role: MemberRole,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

/// A practitioner on the family's team other than the lead practitioner (for
/// example a family practitioner, an adult specialist or an IRO).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamMember {
    pub user_id: UserId,
    pub role: String,
    pub from: Date,
    pub to: Option<Date>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Family {
    pub id: FamilyId,
    pub name: String,
    pub team_id: Option<TeamId>,
    pub unit_id: Option<UnitId>,
    #[serde(default)]
    pub members: Vec<FamilyMember>,
    #[serde(default)]
    pub team: Vec<TeamMember>,
}

impl Family {
    pub fn current_members(&self) -> impl Iterator<Item = &FamilyMember> {
        self.members.iter().filter(|m| m.to.is_none())
    }
    pub fn current_team(&self) -> impl Iterator<Item = &TeamMember> {
        self.team.iter().filter(|m| m.to.is_none())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Residence {
    pub person_id: PersonId,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

/// People living at one address over time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Household {
    pub id: HouseholdId,
    pub family_id: FamilyId,
    pub address: Address,
    #[serde(default)]
    pub residents: Vec<Residence>,
}

/// A practitioner's discipline decides what they may lead and what they see.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Discipline {
    SocialWorker,
    FamilyPractitioner,
    PracticeAssistant,
    Volunteer,
    DomesticAbuseSpecialist,
    MentalHealthSpecialist,
    SubstanceUseSpecialist,
    IndependentReviewingOfficer,
    Manager,
    DataTeam,
    Administrator,
    /// Someone in a partner agency (a school, health, police) with an
    /// account: sees only what a sharing decision has shared with them.
    PartnerAgency,
}

impl Discipline {
    pub const ALL: &'static [Discipline] = &[
        Self::SocialWorker,
        Self::FamilyPractitioner,
        Self::PracticeAssistant,
        Self::Volunteer,
        Self::DomesticAbuseSpecialist,
        Self::MentalHealthSpecialist,
        Self::SubstanceUseSpecialist,
        Self::IndependentReviewingOfficer,
        Self::Manager,
        Self::DataTeam,
        Self::Administrator,
        Self::PartnerAgency,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::SocialWorker => "social_worker",
            Self::FamilyPractitioner => "family_practitioner",
            Self::PracticeAssistant => "practice_assistant",
            Self::Volunteer => "volunteer",
            Self::DomesticAbuseSpecialist => "domestic_abuse_specialist",
            Self::MentalHealthSpecialist => "mental_health_specialist",
            Self::SubstanceUseSpecialist => "substance_use_specialist",
            Self::IndependentReviewingOfficer => "independent_reviewing_officer",
            Self::Manager => "manager",
            Self::DataTeam => "data_team",
            Self::Administrator => "administrator",
            Self::PartnerAgency => "partner_agency",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.code() == code)
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::SocialWorker => "Social worker",
            Self::FamilyPractitioner => "Family practitioner",
            Self::PracticeAssistant => "Practice assistant",
            Self::Volunteer => "Volunteer",
            Self::DomesticAbuseSpecialist => "Adult specialist: domestic abuse",
            Self::MentalHealthSpecialist => "Adult specialist: mental health",
            Self::SubstanceUseSpecialist => "Adult specialist: substance use",
            Self::IndependentReviewingOfficer => "Independent reviewing officer",
            Self::Manager => "Manager",
            Self::DataTeam => "Data team",
            Self::Administrator => "Administrator",
            Self::PartnerAgency => "Partner agency",
        }
    }
    /// Whether this discipline keeps case records (creates families, records
    /// visits): not administrators, the data team or partner agencies.
    pub fn records_cases(self) -> bool {
        !matches!(
            self,
            Self::Administrator | Self::DataTeam | Self::PartnerAgency
        )
    }
    /// A qualified social worker needs a Social Work England registration.
    pub fn needs_registration(self) -> bool {
        matches!(
            self,
            Self::SocialWorker | Self::IndependentReviewingOfficer | Self::Manager
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Employment {
    Permanent,
    Agency,
}

impl Employment {
    pub fn label(self) -> &'static str {
        match self {
            Employment::Permanent => "Permanent",
            Employment::Agency => "Agency",
        }
    }
}

/// A practitioner's membership of a team (and optionally a unit) over a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    pub team_id: TeamId,
    pub unit_id: Option<UnitId>,
    pub from: Date,
    pub to: Option<Date>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Practitioner {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub discipline: Discipline,
    pub registration_number: Option<RegistrationNumber>,
    pub employment: Employment,
    pub email: Option<String>,
    pub active: bool,
    #[serde(default)]
    pub memberships: Vec<Membership>,
}

impl Practitioner {
    pub fn current_memberships(&self) -> impl Iterator<Item = &Membership> {
        self.memberships.iter().filter(|m| m.to.is_none())
    }
}

/// What a team does; the front door sees what it needs to screen contacts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamFunction {
    FrontDoor,
    Assessment,
    FamilySupport,
    ChildProtection,
    ChildrenInCare,
    CareLeavers,
    Disability,
    Specialist,
    Quality,
    Administration,
}

impl TeamFunction {
    pub const ALL: &'static [TeamFunction] = &[
        Self::FrontDoor,
        Self::Assessment,
        Self::FamilySupport,
        Self::ChildProtection,
        Self::ChildrenInCare,
        Self::CareLeavers,
        Self::Disability,
        Self::Specialist,
        Self::Quality,
        Self::Administration,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::FrontDoor => "front_door",
            Self::Assessment => "assessment",
            Self::FamilySupport => "family_support",
            Self::ChildProtection => "child_protection",
            Self::ChildrenInCare => "children_in_care",
            Self::CareLeavers => "care_leavers",
            Self::Disability => "disability",
            Self::Specialist => "specialist",
            Self::Quality => "quality",
            Self::Administration => "administration",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.code() == code)
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::FrontDoor => "Front door",
            Self::Assessment => "Assessment",
            Self::FamilySupport => "Family support",
            Self::ChildProtection => "Child protection",
            Self::ChildrenInCare => "Children in care",
            Self::CareLeavers => "Care leavers",
            Self::Disability => "Children with disabilities",
            Self::Specialist => "Adult specialists",
            Self::Quality => "Quality and performance",
            Self::Administration => "Administration",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Team {
    pub id: TeamId,
    pub name: String,
    /// The service (for example "Children's social care - North") a manager
    /// oversees; managers see the families of every team in their service.
    pub service: String,
    pub function: TeamFunction,
    pub start: Date,
    pub end: Option<Date>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub id: UnitId,
    pub team_id: TeamId,
    pub name: String,
    pub consultant: Option<UserId>,
    pub start: Date,
    pub end: Option<Date>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Visit,
    CaseNote,
}

impl RecordKind {
    pub fn label(self) -> &'static str {
        match self {
            RecordKind::Visit => "Visit",
            RecordKind::CaseNote => "Case note",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            RecordKind::Visit => "visit",
            RecordKind::CaseNote => "case_note",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "visit" => Some(Self::Visit),
            "case_note" | "note" => Some(Self::CaseNote),
            _ => None,
        }
    }
}

/// What a visit adds to a case note.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct VisitDetails {
    /// Children and adults seen.
    #[serde(default)]
    pub seen: Vec<PersonId>,
    /// Children seen on their own.
    #[serde(default)]
    pub seen_alone: Vec<PersonId>,
    pub location: String,
    /// Who else was present (free text: for example a teacher or an interpreter).
    pub present: String,
    pub direct_work_minutes: u32,
}

/// A finalised case note or visit. Never edited in place: a correction is a
/// new record that supersedes this one, with a reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseRecord {
    pub id: RecordId,
    pub family_id: FamilyId,
    /// The people the record is about (it appears in each one's chronology).
    pub about: Vec<PersonId>,
    pub kind: RecordKind,
    pub occurred_on: Date,
    pub title: String,
    /// What was done and what the practitioner made of it.
    pub body: String,
    /// The child's own words, kept apart so they are never paraphrased away.
    pub childs_words: String,
    pub visit: Option<VisitDetails>,
    pub significant: bool,
    pub author: UserId,
    pub recorded_at: OffsetDateTime,
    pub supersedes: Option<RecordId>,
    pub superseded_by: Option<RecordId>,
    pub correction_reason: Option<String>,
}

/// A curated chronology entry: a practitioner's own line in the chronology.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChronologyEntry {
    pub id: ChronologyEntryId,
    pub person_id: Option<PersonId>,
    pub family_id: Option<FamilyId>,
    pub occurred_on: Date,
    pub summary: String,
    pub significant: bool,
    pub author: UserId,
}

/// A warning about risk to staff. Shown on every page of the person and the
/// family, and readable through the warnings register even where the rest of
/// the record is not.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WarningNote {
    pub id: WarningId,
    pub person_id: Option<PersonId>,
    pub family_id: Option<FamilyId>,
    pub category: String,
    pub detail: String,
    pub review_on: Date,
    pub added_by: UserId,
    pub added_on: Date,
    pub ended_on: Option<Date>,
}

impl WarningNote {
    pub fn is_current(&self) -> bool {
        self.ended_on.is_none()
    }
}
