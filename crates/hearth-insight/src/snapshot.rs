//! What the measures read: the record as it stands, taken once from the
//! projections (children with their journeys and lead practitioners, staff
//! and their teams, the practice records and the council's own records), so
//! every measure for every scope is computed from one consistent picture.

use std::collections::HashMap;

use hearth_core::council::{CouncilRecord, Item};
use hearth_core::ids::{FamilyId, PersonId, TeamId, UnitId, UserId};
use hearth_core::journey::Journey;
use hearth_core::model::{Family, Person, PersonKind, Practitioner, Team, Unit};
use hearth_core::practice::{PracticeRecord, Scope as RecordScope};
use hearth_core::projection::Doc;
use time::Date;

/// A child as the measures see them.
#[derive(Clone, Debug)]
pub struct Child {
    pub person: Person,
    pub journey: Journey,
    /// The family whose team holds the child (the first with a team).
    pub family: Option<FamilyId>,
    pub team: Option<TeamId>,
    pub unit: Option<UnitId>,
}

impl Child {
    pub fn id(&self) -> PersonId {
        self.person.id
    }

    /// The child's lead practitioner for a period: the one allocated on its
    /// last day, or else the last one allocated during it.
    pub fn lead_in(&self, start: Date, end: Date) -> Option<UserId> {
        let a = &self.person.allocations;
        a.iter()
            .rev()
            .find(|a| a.from <= end && a.to.is_none_or(|t| t >= end))
            .or_else(|| {
                a.iter()
                    .rev()
                    .find(|a| a.from <= end && a.to.is_none_or(|t| t >= start))
            })
            .map(|a| a.user_id)
    }
}

/// The whole record, ready for measuring.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    pub today: Option<Date>,
    pub children: Vec<Child>,
    pub practitioners: Vec<Practitioner>,
    pub teams: Vec<Team>,
    pub units: Vec<Unit>,
    pub families: HashMap<FamilyId, Family>,
    /// Current (not removed) practice records.
    pub practice: Vec<PracticeRecord>,
    /// Current (not removed) council records.
    pub council: Vec<CouncilRecord>,
    /// Practice records by the family they are about.
    pub practice_by_family: HashMap<FamilyId, Vec<usize>>,
    /// Practice records kept by a practitioner (their time).
    pub practice_by_worker: HashMap<UserId, Vec<usize>>,
    /// Where each practitioner is in `practitioners`, so a lookup by id is
    /// not a scan (tens of thousands of staff at national size).
    pub practitioner_at: HashMap<UserId, usize>,
}

impl Snapshot {
    /// Builds the snapshot from projected documents of any kinds (those it
    /// does not need are ignored), as the store lists them.
    pub fn from_docs(docs: impl IntoIterator<Item = Doc>, today: Date) -> Self {
        let mut s = Snapshot {
            today: Some(today),
            ..Snapshot::default()
        };
        let mut people: Vec<Person> = Vec::new();
        let mut journeys: HashMap<PersonId, Journey> = HashMap::new();
        for doc in docs {
            match doc {
                Doc::Person(p) => people.push(p),
                Doc::Journey(j) => {
                    journeys.insert(j.person_id, j);
                }
                Doc::Practitioner(p) => s.practitioners.push(p),
                Doc::Team(t) => s.teams.push(t),
                Doc::Unit(u) => s.units.push(u),
                Doc::Family(f) => {
                    s.families.insert(f.id, f);
                }
                Doc::Practice(p) if p.is_current() => s.practice.push(p),
                Doc::Council(c) if c.is_current() => s.council.push(c),
                _ => {}
            }
        }
        for person in people {
            let journey = journeys.remove(&person.id);
            if journey.is_none() && person.kind != PersonKind::Child {
                continue;
            }
            let family = person
                .families
                .iter()
                .copied()
                .find(|f| s.families.get(f).is_some_and(|f| f.team_id.is_some()))
                .or_else(|| person.families.first().copied());
            let fam = family.and_then(|f| s.families.get(&f));
            s.children.push(Child {
                journey: journey.unwrap_or_else(|| Journey::new(person.id)),
                family,
                team: fam.and_then(|f| f.team_id),
                unit: fam.and_then(|f| f.unit_id),
                person,
            });
        }
        s.children.sort_by_key(|c| c.person.id);
        s.index();
        s
    }

    /// Rebuilds the lookups from the practice records.
    pub fn index(&mut self) {
        self.practice_by_family.clear();
        self.practice_by_worker.clear();
        self.practitioner_at.clear();
        for (i, p) in self.practitioners.iter().enumerate() {
            self.practitioner_at.entry(p.id).or_insert(i);
        }
        for (i, r) in self.practice.iter().enumerate() {
            match r.scope {
                RecordScope::Family(f) => self.practice_by_family.entry(f).or_default().push(i),
                RecordScope::Practitioner(u) => {
                    self.practice_by_worker.entry(u).or_default().push(i)
                }
                RecordScope::Unit(_) => {}
            }
        }
    }

    /// The council records of one kind.
    pub fn council_items<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Item> + 'a {
        self.council
            .iter()
            .map(|c| &c.item)
            .filter(move |i| i.kind() == kind)
    }

    /// The latest child population estimate on or before the year given.
    pub fn population(&self, year: i32) -> Option<u64> {
        let mut best: Option<(i32, u64)> = None;
        let mut earliest: Option<(i32, u64)> = None;
        for item in self.council_items("population") {
            if let Item::Population(p) = item {
                let cand = (p.year, p.total());
                if p.year <= year && best.is_none_or(|b| b.0 < p.year) {
                    best = Some(cand);
                }
                if earliest.is_none_or(|b| b.0 > p.year) {
                    earliest = Some(cand);
                }
            }
        }
        best.or(earliest).map(|b| b.1)
    }

    /// The practitioner with this id (the first, as a scan would find).
    /// Uses the lookup [`Snapshot::index`] builds, and scans when it has not
    /// been built (a snapshot put together by hand) or the id is unknown.
    pub fn practitioner(&self, id: UserId) -> Option<&Practitioner> {
        if let Some(p) = self
            .practitioner_at
            .get(&id)
            .and_then(|&i| self.practitioners.get(i))
            .filter(|p| p.id == id)
        {
            return Some(p);
        }
        self.practitioners.iter().find(|p| p.id == id)
    }
}
