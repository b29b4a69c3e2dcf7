//! The access policy: who may see and change a person's record, and on what
//! basis. This is pure: the web layer's chokepoint gathers the facts, asks
//! [`decide`], records the answer in the audit trail and only then reads or
//! writes. Keeping the rules here means they are tested without a server.

use crate::ids::*;
use crate::model::{Discipline, TeamFunction};
use serde::{Deserialize, Serialize};

pub mod unit;
pub use unit::{decide_oversight, decide_unit, UnitFacts};

/// What the actor wants to do with a person's record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Name, date of birth, identifiers: enough to find and screen a person.
    ReadIdentity,
    /// The whole record: family, relationships, case records, chronology.
    ReadRecord,
    /// Record a visit, a note, a relationship or any other change.
    WriteRecord,
    /// Warning notes (risk to staff): readable by anyone who might visit.
    ReadWarnings,
    /// Who has viewed or changed this record.
    ReadAccessLog,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::ReadIdentity => "read_identity",
            Action::ReadRecord => "read_record",
            Action::WriteRecord => "write_record",
            Action::ReadWarnings => "read_warnings",
            Action::ReadAccessLog => "read_access_log",
        }
    }
}

/// The actor as the policy needs to know them.
#[derive(Clone, Debug, PartialEq)]
pub struct Actor {
    pub user_id: UserId,
    pub discipline: Discipline,
    pub active: bool,
    pub teams: Vec<TeamId>,
    pub units: Vec<UnitId>,
    pub team_functions: Vec<TeamFunction>,
    /// The services of the teams the actor belongs to.
    pub services: Vec<String>,
}

/// One family the subject belongs to, as the policy needs to know it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct FamilyFacts {
    pub team: Option<TeamId>,
    pub unit: Option<UnitId>,
    pub service: Option<String>,
    /// Lead practitioners of the children in the family.
    pub lead_practitioners: Vec<UserId>,
    /// The family's team: other practitioners working with the family.
    pub team_members: Vec<UserId>,
}

/// The subject (a person) as the policy needs to know them.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct SubjectFacts {
    pub lead_practitioner: Option<UserId>,
    pub restricted: bool,
    pub grants: Vec<UserId>,
    pub families: Vec<FamilyFacts>,
    /// The actor holds an unexpired break-glass access to this person.
    pub break_glass: bool,
}

/// Why access was allowed: stored with the audit event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    LeadPractitioner,
    FamilyTeam,
    Unit,
    Team,
    Service,
    FrontDoor,
    DataTeam,
    NamedGrant,
    BreakGlass,
    WarningRegister,
    /// Any case worker may find a person by name: identity only.
    CaseWorker,
    /// A practitioner's own records (their time).
    OwnRecord,
    /// A partner agency reading what a sharing decision shared with them.
    SharedWithPartner,
    /// A manager, the data team or an administrator reading or keeping the
    /// council's own records (staff, posts, the self-audit) and its figures.
    Organisation,
    /// A practitioner seeing the figures of their own unit, team or caseload.
    OwnWork,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::LeadPractitioner => "lead_practitioner",
            Basis::FamilyTeam => "family_team",
            Basis::Unit => "unit",
            Basis::Team => "team",
            Basis::Service => "service",
            Basis::FrontDoor => "front_door",
            Basis::DataTeam => "data_team",
            Basis::NamedGrant => "named_grant",
            Basis::BreakGlass => "break_glass",
            Basis::WarningRegister => "warning_register",
            Basis::CaseWorker => "case_worker",
            Basis::OwnRecord => "own_record",
            Basis::SharedWithPartner => "shared_with_partner",
            Basis::Organisation => "organisation",
            Basis::OwnWork => "own_work",
        }
    }
}

/// Why access was refused: stored with the audit event and explained to the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    AccountDisabled,
    Restricted,
    NoRelationship,
    NotPermittedForRole,
}

impl Refusal {
    pub fn as_str(self) -> &'static str {
        match self {
            Refusal::AccountDisabled => "account_disabled",
            Refusal::Restricted => "restricted",
            Refusal::NoRelationship => "no_relationship",
            Refusal::NotPermittedForRole => "not_permitted_for_role",
        }
    }
    /// Plain words for the person refused.
    pub fn explain(self) -> &'static str {
        match self {
            Refusal::AccountDisabled => "Your account has been disabled.",
            Refusal::Restricted => {
                "This is a restricted record. Only people named on it can open it."
            }
            Refusal::NoRelationship => {
                "You do not work with this child or family. If you need to see this record, use break-glass access and give your reason."
            }
            Refusal::NotPermittedForRole => "Your role does not allow this.",
        }
    }
    /// Whether break-glass access could open the record.
    pub fn break_glass_possible(self) -> bool {
        matches!(self, Refusal::NoRelationship)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Allow(Basis),
    Deny(Refusal),
}

impl Decision {
    pub fn is_allowed(self) -> bool {
        matches!(self, Decision::Allow(_))
    }
}

fn is_case_worker(d: Discipline) -> bool {
    !matches!(
        d,
        Discipline::Administrator | Discipline::DataTeam | Discipline::PartnerAgency
    )
}

/// The relationship-based basis, if the actor works with the subject.
fn working_basis(actor: &Actor, subject: &SubjectFacts) -> Option<Basis> {
    if subject.lead_practitioner == Some(actor.user_id) {
        return Some(Basis::LeadPractitioner);
    }
    let fams = &subject.families;
    if fams.iter().any(|f| {
        f.lead_practitioners.contains(&actor.user_id) || f.team_members.contains(&actor.user_id)
    }) {
        return Some(Basis::FamilyTeam);
    }
    if fams
        .iter()
        .any(|f| f.unit.is_some_and(|u| actor.units.contains(&u)))
    {
        return Some(Basis::Unit);
    }
    if fams
        .iter()
        .any(|f| f.team.is_some_and(|t| actor.teams.contains(&t)))
    {
        return Some(Basis::Team);
    }
    if actor.discipline == Discipline::Manager
        && fams.iter().any(|f| {
            f.service
                .as_ref()
                .is_some_and(|s| actor.services.contains(s))
        })
    {
        return Some(Basis::Service);
    }
    None
}

/// Decides whether `actor` may do `action` to the person described by `subject`.
pub fn decide(actor: &Actor, action: Action, subject: &SubjectFacts) -> Decision {
    if !actor.active {
        return Decision::Deny(Refusal::AccountDisabled);
    }
    if action == Action::ReadWarnings {
        // Anyone who might knock on the door must be able to read a warning,
        // restricted or not; administrators do not visit families.
        return if is_case_worker(actor.discipline) {
            Decision::Allow(Basis::WarningRegister)
        } else {
            Decision::Deny(Refusal::NotPermittedForRole)
        };
    }
    // A partner agency sees only what is shared with it (see
    // [`decide_shared`]), never the record itself, nor search.
    if matches!(
        actor.discipline,
        Discipline::Administrator | Discipline::PartnerAgency
    ) {
        return Decision::Deny(Refusal::NotPermittedForRole);
    }
    if subject.restricted {
        return if subject.grants.contains(&actor.user_id) {
            Decision::Allow(Basis::NamedGrant)
        } else {
            Decision::Deny(Refusal::Restricted)
        };
    }
    if subject.grants.contains(&actor.user_id) {
        return Decision::Allow(Basis::NamedGrant);
    }
    if actor.discipline == Discipline::DataTeam {
        return match action {
            Action::ReadIdentity | Action::ReadRecord => Decision::Allow(Basis::DataTeam),
            _ => Decision::Deny(Refusal::NotPermittedForRole),
        };
    }
    if let Some(basis) = working_basis(actor, subject) {
        return match action {
            Action::ReadAccessLog
                if actor.discipline != Discipline::Manager && basis != Basis::LeadPractitioner =>
            {
                Decision::Deny(Refusal::NotPermittedForRole)
            }
            _ => Decision::Allow(basis),
        };
    }
    let front_door = actor.team_functions.contains(&TeamFunction::FrontDoor);
    if front_door && action == Action::ReadIdentity {
        return Decision::Allow(Basis::FrontDoor);
    }
    if action == Action::ReadIdentity {
        // Finding a person in search shows only name and date of birth; any
        // case worker may do that, and the read is still audited.
        return Decision::Allow(Basis::CaseWorker);
    }
    // Break-glass access is for reading: changing the record (say, joining
    // the family's team) would turn an emergency look into lasting access.
    if subject.break_glass && action == Action::ReadRecord {
        return Decision::Allow(Basis::BreakGlass);
    }
    Decision::Deny(Refusal::NoRelationship)
}

/// A practitioner whose own records (their time) are asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct PractitionerFacts {
    pub user_id: UserId,
    /// The services of the teams they belong to now.
    pub services: Vec<String>,
}

/// Decides whether `actor` may read or write a practitioner's own records
/// (their time recording). The practitioner reads and writes their own; a
/// manager of a team in the same service reads them (for supervision and
/// the team's share of time in direct work) but never changes them; no one
/// else may, administrators and the data team included.
pub fn decide_practitioner(actor: &Actor, action: Action, owner: &PractitionerFacts) -> Decision {
    if !actor.active {
        return Decision::Deny(Refusal::AccountDisabled);
    }
    if actor.user_id == owner.user_id {
        return Decision::Allow(Basis::OwnRecord);
    }
    let same_service = owner.services.iter().any(|s| actor.services.contains(s));
    match (actor.discipline, action) {
        (Discipline::Manager, Action::ReadRecord | Action::ReadIdentity) if same_service => {
            Decision::Allow(Basis::Service)
        }
        (Discipline::Manager, _) if same_service => Decision::Deny(Refusal::NotPermittedForRole),
        (Discipline::Administrator | Discipline::DataTeam, _) => {
            Decision::Deny(Refusal::NotPermittedForRole)
        }
        _ => Decision::Deny(Refusal::NoRelationship),
    }
}

/// Whether someone may read or keep one kind of the council's own records
/// (`council::Item::kind`). Staff records are for managers and
/// administrators; the data team reads them for the returns and measures.
/// Anyone on the staff may give an anonymous pulse answer, which records the
/// team but never the person. Partner agencies see none of it.
pub fn decide_council(actor: &Actor, action: Action, kind: &str) -> Decision {
    if !actor.active {
        return Decision::Deny(Refusal::AccountDisabled);
    }
    let write = matches!(action, Action::WriteRecord);
    match actor.discipline {
        Discipline::PartnerAgency => Decision::Deny(Refusal::NotPermittedForRole),
        Discipline::Manager | Discipline::Administrator => Decision::Allow(Basis::Organisation),
        Discipline::DataTeam if !write || kind == "comparator" || kind == "population" => {
            Decision::Allow(Basis::Organisation)
        }
        _ if write && kind == "pulse" => Decision::Allow(Basis::OwnWork),
        _ => Decision::Deny(Refusal::NotPermittedForRole),
    }
}

/// Which figures someone may see: the whole council's and any team's or
/// unit's for managers and the data team; a practitioner's own caseload and
/// their own teams' and units'. The children behind each number are then
/// shown only where [`decide`] lets the viewer read them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FigureScope {
    Council,
    Team(TeamId),
    Unit(UnitId),
    Worker(UserId),
}

pub fn decide_outcomes(actor: &Actor, scope: FigureScope) -> Decision {
    if !actor.active {
        return Decision::Deny(Refusal::AccountDisabled);
    }
    match actor.discipline {
        Discipline::Manager | Discipline::DataTeam => return Decision::Allow(Basis::Organisation),
        Discipline::PartnerAgency | Discipline::Administrator => {
            return Decision::Deny(Refusal::NotPermittedForRole)
        }
        _ => {}
    }
    let own = match scope {
        FigureScope::Council => false,
        FigureScope::Team(t) => actor.teams.contains(&t),
        FigureScope::Unit(u) => actor.units.contains(&u),
        FigureScope::Worker(w) => w == actor.user_id,
    };
    if own {
        Decision::Allow(Basis::OwnWork)
    } else {
        Decision::Deny(Refusal::NotPermittedForRole)
    }
}

/// Whether a partner agency's user may read what one sharing decision
/// shares: only the partner it names, only while it is in force, and only
/// if the people it is about are not restricted.
pub fn decide_shared(
    actor: &Actor,
    sharing: &crate::practice::specialists::Sharing,
    restricted: bool,
    today: time::Date,
) -> Decision {
    if !actor.active {
        return Decision::Deny(Refusal::AccountDisabled);
    }
    if restricted {
        return Decision::Deny(Refusal::Restricted);
    }
    if sharing.partner == Some(actor.user_id) && sharing.in_force(today) {
        Decision::Allow(Basis::SharedWithPartner)
    } else {
        Decision::Deny(Refusal::NoRelationship)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_practitioners_time_is_theirs_and_their_service_managers() {
        let me = actor(Discipline::SocialWorker);
        let mine = PractitionerFacts {
            user_id: me.user_id,
            services: vec!["North".into()],
        };
        assert_eq!(
            decide_practitioner(&me, Action::WriteRecord, &mine),
            Decision::Allow(Basis::OwnRecord)
        );
        let mut colleague = actor(Discipline::SocialWorker);
        colleague.user_id = UserId::from_u128(2);
        assert_eq!(
            decide_practitioner(&colleague, Action::ReadRecord, &mine),
            Decision::Deny(Refusal::NoRelationship)
        );
        let mut manager = actor(Discipline::Manager);
        manager.user_id = UserId::from_u128(3);
        assert_eq!(
            decide_practitioner(&manager, Action::ReadRecord, &mine),
            Decision::Allow(Basis::Service)
        );
        assert_eq!(
            decide_practitioner(&manager, Action::WriteRecord, &mine),
            Decision::Deny(Refusal::NotPermittedForRole)
        );
        manager.services = vec!["South".into()];
        assert_eq!(
            decide_practitioner(&manager, Action::ReadRecord, &mine),
            Decision::Deny(Refusal::NoRelationship)
        );
        let mut data = actor(Discipline::DataTeam);
        data.user_id = UserId::from_u128(4);
        assert_eq!(
            decide_practitioner(&data, Action::ReadRecord, &mine),
            Decision::Deny(Refusal::NotPermittedForRole)
        );
        let mut gone = me.clone();
        gone.active = false;
        assert_eq!(
            decide_practitioner(&gone, Action::ReadRecord, &mine),
            Decision::Deny(Refusal::AccountDisabled)
        );
    }

    fn actor(d: Discipline) -> Actor {
        Actor {
            user_id: UserId::from_u128(1),
            discipline: d,
            active: true,
            teams: vec![TeamId::from_u128(10)],
            units: vec![UnitId::from_u128(20)],
            team_functions: vec![TeamFunction::Assessment],
            services: vec!["North".into()],
        }
    }

    fn family(team: u128, unit: u128, service: &str) -> FamilyFacts {
        FamilyFacts {
            team: Some(TeamId::from_u128(team)),
            unit: Some(UnitId::from_u128(unit)),
            service: Some(service.into()),
            lead_practitioners: vec![],
            team_members: vec![],
        }
    }

    #[test]
    fn lead_practitioner_reads_and_writes() {
        let a = actor(Discipline::SocialWorker);
        let s = SubjectFacts {
            lead_practitioner: Some(a.user_id),
            ..Default::default()
        };
        assert_eq!(
            decide(&a, Action::ReadRecord, &s),
            Decision::Allow(Basis::LeadPractitioner)
        );
        assert!(decide(&a, Action::WriteRecord, &s).is_allowed());
        assert!(decide(&a, Action::ReadAccessLog, &s).is_allowed());
    }

    #[test]
    fn unit_and_team_colleagues_read_but_not_the_access_log() {
        let a = actor(Discipline::SocialWorker);
        let unit = SubjectFacts {
            families: vec![family(99, 20, "South")],
            ..Default::default()
        };
        assert_eq!(
            decide(&a, Action::ReadRecord, &unit),
            Decision::Allow(Basis::Unit)
        );
        let team = SubjectFacts {
            families: vec![family(10, 98, "South")],
            ..Default::default()
        };
        assert_eq!(
            decide(&a, Action::ReadRecord, &team),
            Decision::Allow(Basis::Team)
        );
        assert_eq!(
            decide(&a, Action::ReadAccessLog, &team),
            Decision::Deny(Refusal::NotPermittedForRole)
        );
    }

    #[test]
    fn stranger_is_refused_until_break_glass() {
        let a = actor(Discipline::SocialWorker);
        let mut s = SubjectFacts {
            families: vec![family(99, 98, "South")],
            ..Default::default()
        };
        assert_eq!(
            decide(&a, Action::ReadRecord, &s),
            Decision::Deny(Refusal::NoRelationship)
        );
        assert!(decide(&a, Action::ReadWarnings, &s).is_allowed());
        s.break_glass = true;
        assert_eq!(
            decide(&a, Action::ReadRecord, &s),
            Decision::Allow(Basis::BreakGlass)
        );
        assert_eq!(
            decide(&a, Action::WriteRecord, &s),
            Decision::Deny(Refusal::NoRelationship)
        );
    }

    #[test]
    fn managers_see_their_service_only() {
        let m = actor(Discipline::Manager);
        let mine = SubjectFacts {
            families: vec![family(99, 98, "North")],
            ..Default::default()
        };
        let other = SubjectFacts {
            families: vec![family(99, 98, "South")],
            ..Default::default()
        };
        assert_eq!(
            decide(&m, Action::ReadRecord, &mine),
            Decision::Allow(Basis::Service)
        );
        assert!(decide(&m, Action::ReadAccessLog, &mine).is_allowed());
        assert_eq!(
            decide(&m, Action::ReadRecord, &other),
            Decision::Deny(Refusal::NoRelationship)
        );
    }

    #[test]
    fn restricted_records_need_a_named_grant_even_for_the_team() {
        let a = actor(Discipline::SocialWorker);
        let mut s = SubjectFacts {
            restricted: true,
            lead_practitioner: Some(a.user_id),
            break_glass: true,
            ..Default::default()
        };
        assert_eq!(
            decide(&a, Action::ReadRecord, &s),
            Decision::Deny(Refusal::Restricted)
        );
        assert!(decide(&a, Action::ReadWarnings, &s).is_allowed());
        s.grants.push(a.user_id);
        assert_eq!(
            decide(&a, Action::ReadRecord, &s),
            Decision::Allow(Basis::NamedGrant)
        );
    }

    #[test]
    fn administrators_and_disabled_accounts_see_no_case_records() {
        let admin = actor(Discipline::Administrator);
        let s = SubjectFacts {
            families: vec![family(10, 20, "North")],
            ..Default::default()
        };
        assert_eq!(
            decide(&admin, Action::ReadRecord, &s),
            Decision::Deny(Refusal::NotPermittedForRole)
        );
        let mut gone = actor(Discipline::SocialWorker);
        gone.active = false;
        assert_eq!(
            decide(&gone, Action::ReadRecord, &s),
            Decision::Deny(Refusal::AccountDisabled)
        );
    }

    #[test]
    fn data_team_reads_but_never_writes() {
        let d = actor(Discipline::DataTeam);
        let s = SubjectFacts::default();
        assert!(decide(&d, Action::ReadRecord, &s).is_allowed());
        assert_eq!(
            decide(&d, Action::WriteRecord, &s),
            Decision::Deny(Refusal::NotPermittedForRole)
        );
    }

    #[test]
    fn front_door_sees_identity_not_the_record() {
        let mut a = actor(Discipline::SocialWorker);
        a.team_functions = vec![TeamFunction::FrontDoor];
        let s = SubjectFacts {
            families: vec![family(99, 98, "South")],
            ..Default::default()
        };
        assert_eq!(
            decide(&a, Action::ReadIdentity, &s),
            Decision::Allow(Basis::FrontDoor)
        );
        assert!(!decide(&a, Action::ReadRecord, &s).is_allowed());
    }

    #[test]
    fn a_partner_agency_sees_only_what_is_shared_while_it_is_in_force() {
        use crate::practice::specialists::{Sharing, SharingBasis};
        let p = actor(Discipline::PartnerAgency);
        // Never the record, nor search, nor warnings, even on the family's team.
        let s = SubjectFacts {
            lead_practitioner: Some(p.user_id),
            ..Default::default()
        };
        for action in [
            Action::ReadIdentity,
            Action::ReadRecord,
            Action::ReadWarnings,
        ] {
            assert!(!decide(&p, action, &s).is_allowed(), "{action:?}");
        }
        let sharing = Sharing {
            agency: "A school".into(),
            partner: Some(p.user_id),
            items: vec!["safety_plan".into()],
            what: String::new(),
            purpose: "Keeping the children safe at school".into(),
            basis: SharingBasis::Consent,
            consent_from: vec![PersonId::from_u128(5)],
            from: time::macros::date!(2026 - 01 - 01),
            until: Some(time::macros::date!(2026 - 06 - 30)),
            stopped_on: None,
        };
        let on = time::macros::date!(2026 - 03 - 01);
        assert_eq!(
            decide_shared(&p, &sharing, false, on),
            Decision::Allow(Basis::SharedWithPartner)
        );
        assert!(
            !decide_shared(&p, &sharing, true, on).is_allowed(),
            "restricted"
        );
        let later = time::macros::date!(2026 - 07 - 01);
        assert!(
            !decide_shared(&p, &sharing, false, later).is_allowed(),
            "expired"
        );
        let other = actor(Discipline::PartnerAgency);
        let other = Actor {
            user_id: UserId::from_u128(2),
            ..other
        };
        assert!(
            !decide_shared(&other, &sharing, false, on).is_allowed(),
            "another partner"
        );
    }
}
