//! Whose figures: the whole council, a team, a unit or one practitioner.
//! A child counts in the team and unit holding their family and for the
//! practitioner who was their lead at the end of the period; a member of
//! staff counts in every team and unit they belonged to in it.

use std::collections::{HashMap, HashSet};

use hearth_core::access::FigureScope;
use hearth_core::council::CouncilRecord;
use hearth_core::ids::{FamilyId, TeamId, UnitId, UserId};
use hearth_core::model::Practitioner;
use hearth_core::practice::PracticeRecord;
use serde::Serialize;

use crate::period::Period;
use crate::snapshot::{Child, Snapshot};

pub type Scope = FigureScope;

/// The scope as a report names it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScopeInfo {
    pub kind: &'static str,
    pub id: Option<String>,
    pub name: String,
}

pub fn describe(s: &Snapshot, scope: Scope) -> ScopeInfo {
    match scope {
        Scope::Council => ScopeInfo {
            kind: "council",
            id: None,
            name: "The whole council".into(),
        },
        Scope::Team(t) => ScopeInfo {
            kind: "team",
            id: Some(t.to_string()),
            name: s
                .teams
                .iter()
                .find(|x| x.id == t)
                .map_or_else(|| "A team".into(), |x| x.name.clone()),
        },
        Scope::Unit(u) => ScopeInfo {
            kind: "unit",
            id: Some(u.to_string()),
            name: s
                .units
                .iter()
                .find(|x| x.id == u)
                .map_or_else(|| "A unit".into(), |x| x.name.clone()),
        },
        Scope::Worker(w) => ScopeInfo {
            kind: "worker",
            id: Some(w.to_string()),
            name: s
                .practitioner(w)
                .map_or_else(|| "A practitioner".into(), |x| x.display_name.clone()),
        },
    }
}

/// The children, staff and records in one scope for one period.
pub struct Members<'a> {
    pub children: Vec<&'a Child>,
    pub staff: Vec<&'a Practitioner>,
    /// Teams whose funded posts and pulse answers count (none for a unit or
    /// a practitioner: posts are funded per team, and a pulse for one
    /// person would not be anonymous).
    pub teams: HashSet<TeamId>,
    pub families: HashSet<FamilyId>,
    pub practice: Vec<&'a PracticeRecord>,
    pub council: Vec<&'a CouncilRecord>,
}

/// Every scope's members for a period, worked out in one pass.
pub struct Partition<'a> {
    pub children: HashMap<Scope, Vec<&'a Child>>,
    pub staff: HashMap<Scope, Vec<&'a Practitioner>>,
}

impl<'a> Partition<'a> {
    pub fn build(s: &'a Snapshot, period: Period) -> Self {
        let mut children: HashMap<Scope, Vec<&'a Child>> = HashMap::new();
        for c in &s.children {
            let mut add = |k: Scope| children.entry(k).or_default().push(c);
            add(Scope::Council);
            if let Some(t) = c.team {
                add(Scope::Team(t));
            }
            if let Some(u) = c.unit {
                add(Scope::Unit(u));
            }
            if let Some(w) = c.lead_in(period.start, period.end) {
                add(Scope::Worker(w));
            }
        }
        let mut staff: HashMap<Scope, Vec<&'a Practitioner>> = HashMap::new();
        for p in &s.practitioners {
            let mut add = |k: Scope| {
                let v = staff.entry(k).or_default();
                if !v.iter().any(|x| x.id == p.id) {
                    v.push(p);
                }
            };
            add(Scope::Council);
            add(Scope::Worker(p.id));
            for m in &p.memberships {
                add(Scope::Team(m.team_id));
                if let Some(u) = m.unit_id {
                    add(Scope::Unit(u));
                }
            }
        }
        Partition { children, staff }
    }

    /// Every scope with anyone in it, the council first.
    pub fn scopes(&self) -> Vec<Scope> {
        let mut v: Vec<Scope> = self
            .children
            .keys()
            .chain(self.staff.keys())
            .copied()
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        v.sort_by_key(|s| match s {
            Scope::Council => (0, uuid_of(*s)),
            Scope::Team(_) => (1, uuid_of(*s)),
            Scope::Unit(_) => (2, uuid_of(*s)),
            Scope::Worker(_) => (3, uuid_of(*s)),
        });
        v
    }

    pub fn members(&self, s: &'a Snapshot, scope: Scope) -> Members<'a> {
        let children = self.children.get(&scope).cloned().unwrap_or_default();
        let staff = self.staff.get(&scope).cloned().unwrap_or_default();
        let teams: HashSet<TeamId> = match scope {
            Scope::Council => s.teams.iter().map(|t| t.id).collect(),
            Scope::Team(t) => [t].into_iter().collect(),
            Scope::Unit(_) | Scope::Worker(_) => HashSet::new(),
        };
        let families: HashSet<FamilyId> = children.iter().filter_map(|c| c.family).collect();
        let mut practice: Vec<&'a PracticeRecord> = Vec::new();
        for f in &families {
            for i in s.practice_by_family.get(f).into_iter().flatten() {
                practice.push(&s.practice[*i]);
            }
        }
        let staff_ids: HashSet<UserId> = staff.iter().map(|p| p.id).collect();
        for u in &staff_ids {
            for i in s.practice_by_worker.get(u).into_iter().flatten() {
                practice.push(&s.practice[*i]);
            }
        }
        let council = s
            .council
            .iter()
            .filter(|c| match (c.item.staff(), c.item.team()) {
                (Some(u), _) => staff_ids.contains(&u),
                (None, Some(t)) => teams.contains(&t),
                (None, None) => true,
            })
            .collect();
        Members {
            children,
            staff,
            teams,
            families,
            practice,
            council,
        }
    }
}

fn uuid_of(s: Scope) -> uuid::Uuid {
    match s {
        Scope::Council => uuid::Uuid::nil(),
        Scope::Team(t) => t.0,
        Scope::Unit(u) => u.0,
        Scope::Worker(w) => w.0,
    }
}

/// The scope of a unit's team, for a heading's link.
pub fn team_of_unit(s: &Snapshot, unit: UnitId) -> Option<TeamId> {
    s.units.iter().find(|u| u.id == unit).map(|u| u.team_id)
}
