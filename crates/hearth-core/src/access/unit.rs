//! Access to a unit's own records (its weekly meetings, its caseload as a
//! whole): the unit's members, its consultant social worker, and managers of
//! the service its team belongs to. Everyone else is refused. Signing off a
//! discussion's decisions (management oversight) is narrower: only the
//! unit's consultant or a manager of its service.
//!
//! Like [`super::decide`], this is pure: the web layer's chokepoint gathers
//! the facts, asks, and audits the answer with the unit as the subject.

use super::{Actor, Basis, Decision, Refusal};
use crate::ids::{UnitId, UserId};
use crate::model::Discipline;

/// The unit as the policy needs to know it.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitFacts {
    pub unit: UnitId,
    pub consultant: Option<UserId>,
    /// The service of the unit's team.
    pub service: Option<String>,
}

fn manages(actor: &Actor, unit: &UnitFacts) -> bool {
    actor.discipline == Discipline::Manager
        && unit
            .service
            .as_ref()
            .is_some_and(|s| actor.services.contains(s))
}

/// Whether `actor` may read and write `unit`'s own records.
pub fn decide_unit(actor: &Actor, unit: &UnitFacts) -> Decision {
    if !actor.active {
        return Decision::Deny(Refusal::AccountDisabled);
    }
    if matches!(
        actor.discipline,
        Discipline::Administrator | Discipline::DataTeam
    ) {
        return Decision::Deny(Refusal::NotPermittedForRole);
    }
    if actor.units.contains(&unit.unit) || unit.consultant == Some(actor.user_id) {
        return Decision::Allow(Basis::Unit);
    }
    if manages(actor, unit) {
        return Decision::Allow(Basis::Service);
    }
    Decision::Deny(Refusal::NoRelationship)
}

/// Whether `actor` may sign off the decisions of one of `unit`'s
/// discussions: its consultant, or a manager of its service. A unit member
/// who is neither may record a discussion but not oversee it.
pub fn decide_oversight(actor: &Actor, unit: &UnitFacts) -> Decision {
    if !actor.active {
        return Decision::Deny(Refusal::AccountDisabled);
    }
    if unit.consultant == Some(actor.user_id) {
        return Decision::Allow(Basis::Unit);
    }
    if manages(actor, unit) {
        return Decision::Allow(Basis::Service);
    }
    Decision::Deny(Refusal::NotPermittedForRole)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::TeamId;
    use crate::model::TeamFunction;

    fn actor(id: u128, d: Discipline, unit: Option<u128>, service: &str) -> Actor {
        Actor {
            user_id: UserId::from_u128(id),
            discipline: d,
            active: true,
            teams: vec![TeamId::from_u128(10)],
            units: unit.map(UnitId::from_u128).into_iter().collect(),
            team_functions: vec![TeamFunction::Assessment],
            services: vec![service.into()],
        }
    }

    fn unit() -> UnitFacts {
        UnitFacts {
            unit: UnitId::from_u128(20),
            consultant: Some(UserId::from_u128(5)),
            service: Some("North".into()),
        }
    }

    #[test]
    fn members_consultant_and_service_managers_are_let_in() {
        let member = actor(1, Discipline::SocialWorker, Some(20), "North");
        assert_eq!(decide_unit(&member, &unit()), Decision::Allow(Basis::Unit));
        let pa = actor(2, Discipline::PracticeAssistant, Some(20), "North");
        assert!(decide_unit(&pa, &unit()).is_allowed());
        // A consultant is let in even before their membership is recorded.
        let consultant = actor(5, Discipline::SocialWorker, None, "North");
        assert_eq!(
            decide_unit(&consultant, &unit()),
            Decision::Allow(Basis::Unit)
        );
        let manager = actor(6, Discipline::Manager, None, "North");
        assert_eq!(
            decide_unit(&manager, &unit()),
            Decision::Allow(Basis::Service)
        );
    }

    #[test]
    fn everyone_else_is_refused() {
        // Same team, another unit.
        let other_unit = actor(1, Discipline::SocialWorker, Some(21), "North");
        assert_eq!(
            decide_unit(&other_unit, &unit()),
            Decision::Deny(Refusal::NoRelationship)
        );
        let other_manager = actor(6, Discipline::Manager, None, "South");
        assert_eq!(
            decide_unit(&other_manager, &unit()),
            Decision::Deny(Refusal::NoRelationship)
        );
        let data = actor(7, Discipline::DataTeam, Some(20), "North");
        assert_eq!(
            decide_unit(&data, &unit()),
            Decision::Deny(Refusal::NotPermittedForRole)
        );
        let mut gone = actor(1, Discipline::SocialWorker, Some(20), "North");
        gone.active = false;
        assert_eq!(
            decide_unit(&gone, &unit()),
            Decision::Deny(Refusal::AccountDisabled)
        );
        // A unit with no known service has no managers to let in.
        let mut orphan = unit();
        orphan.service = None;
        let manager = actor(6, Discipline::Manager, None, "North");
        assert!(!decide_unit(&manager, &orphan).is_allowed());
    }

    #[test]
    fn only_the_consultant_or_a_service_manager_signs_off() {
        let member = actor(1, Discipline::SocialWorker, Some(20), "North");
        assert_eq!(
            decide_oversight(&member, &unit()),
            Decision::Deny(Refusal::NotPermittedForRole)
        );
        let consultant = actor(5, Discipline::SocialWorker, Some(20), "North");
        assert!(decide_oversight(&consultant, &unit()).is_allowed());
        let manager = actor(6, Discipline::Manager, None, "North");
        assert_eq!(
            decide_oversight(&manager, &unit()),
            Decision::Allow(Basis::Service)
        );
        let elsewhere = actor(6, Discipline::Manager, None, "South");
        assert!(!decide_oversight(&elsewhere, &unit()).is_allowed());
        let mut no_consultant = unit();
        no_consultant.consultant = None;
        assert!(!decide_oversight(&consultant, &no_consultant).is_allowed());
    }
}
