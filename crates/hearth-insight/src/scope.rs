//! Whose figures: the whole council, a team, a unit or one practitioner.
//! A child counts in the team and unit holding their family and for the
//! practitioner who was their lead at the end of the period; a member of
//! staff counts in every team and unit they belonged to in it.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

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
    /// The council's records by whom they are about, as positions in
    /// `Snapshot::council`: a scope's records are then found without
    /// scanning them all once per scope.
    council: CouncilIndex,
    /// Council-wide working that some measures need for every scope.
    pub memo: Memo,
}

/// Council-wide working a measure needs whatever the scope (the rate card
/// in force, the council's average care days and placement cost, who is
/// allocated to whom on the census day, which time records are about which
/// family): worked out once for the first scope and reused for the rest, so
/// measuring every scope is not a pass over the whole record per scope.
/// Each value is kept with the period or day it was worked out for, and is
/// worked out afresh for any other.
#[derive(Default)]
pub struct Memo {
    /// The rate card's position in `Snapshot::council`.
    pub(crate) rate_card: OnceLock<(Period, Option<usize>)>,
    pub(crate) averages: OnceLock<(Period, (f64, Option<f64>))>,
    pub(crate) allocated: OnceLock<(time::Date, Arc<HashMap<UserId, usize>>)>,
    pub(crate) time_by_family: OnceLock<((), Arc<PositionsBy<FamilyId>>)>,
}

/// Positions in one of the snapshot's lists, by what they are about.
pub(crate) type PositionsBy<K> = HashMap<K, Vec<usize>>;

/// The value kept in `cell` for `key`, or `work()` (kept if the cell is
/// empty). The measures get the same value either way.
pub(crate) fn memo<K: PartialEq + Copy, T: Clone>(
    cell: &OnceLock<(K, T)>,
    key: K,
    work: impl FnOnce() -> T,
) -> T {
    if let Some((k, v)) = cell.get() {
        if *k == key {
            return v.clone();
        }
        return work();
    }
    let v = work();
    let _ = cell.set((key, v.clone()));
    v
}

/// The council's records sorted by what [`Partition::members`] selects on:
/// a member of staff, else a team, else neither (the whole council's).
#[derive(Default)]
struct CouncilIndex {
    by_staff: HashMap<UserId, Vec<usize>>,
    by_team: HashMap<TeamId, Vec<usize>>,
    general: Vec<usize>,
}

impl CouncilIndex {
    fn build(s: &Snapshot) -> Self {
        let mut x = CouncilIndex::default();
        for (i, c) in s.council.iter().enumerate() {
            match (c.item.staff(), c.item.team()) {
                (Some(u), _) => x.by_staff.entry(u).or_default().push(i),
                (None, Some(t)) => x.by_team.entry(t).or_default().push(i),
                (None, None) => x.general.push(i),
            }
        }
        x
    }
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
        // Each scope's staff listed once, in the snapshot's order.
        let mut seen: HashSet<(Scope, UserId)> = HashSet::new();
        for p in &s.practitioners {
            let mut add = |k: Scope| {
                if seen.insert((k, p.id)) {
                    staff.entry(k).or_default().push(p);
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
        Partition {
            children,
            staff,
            council: CouncilIndex::build(s),
            memo: Memo::default(),
        }
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
        // The records about the scope's staff, its teams, or the whole
        // council, in the snapshot's order.
        let mut picked: Vec<usize> = self.council.general.clone();
        for u in &staff_ids {
            picked.extend(self.council.by_staff.get(u).into_iter().flatten());
        }
        for t in &teams {
            picked.extend(self.council.by_team.get(t).into_iter().flatten());
        }
        picked.sort_unstable();
        let council = picked.into_iter().map(|i| &s.council[i]).collect();
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
