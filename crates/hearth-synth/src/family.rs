//! One family at a time: the people, their relationships and households, the
//! team and lead practitioners, and what has been recorded since the family
//! became known.

use hearth_core::codes::{Disability, Ethnicity, ImmigrationStatus, Sex};
use hearth_core::event::EventBody;
use hearth_core::identifiers::{LaPersonId, NhsNumber, Postcode, Upn};
use hearth_core::ids::{
    ChronologyEntryId, FamilyId, HouseholdId, PersonId, RecordId, RelationshipId, UserId, WarningId,
};
use hearth_core::model::{
    Address, CaseRecord, ChronologyEntry, MemberRole, PersonDetails, PersonKind, RecordKind,
    Relationship, RelationshipKind, RelationshipQuality, TeamFunction, VisitDetails, WarningNote,
};
use time::{Date, OffsetDateTime};

use crate::gen::{add_days, ascii_slug, days_between, long_date, Gen};
use crate::names::{
    is_famous, Culture, Migration, BLOCKS, COLLEGES, CULTURES, MIXED, NURSERIES, PRIMARY_SCHOOLS,
    SECONDARY_SCHOOLS, STREET_KINDS, STREET_NAMES, TOWNS,
};
use crate::org::Prac;
use crate::text::{self, list, Ctx};

mod journey;
mod practice;
mod practice_direct;
mod practice_family;
mod practice_unit;
pub use journey::latest_complete_collection_year;

/// The DfE local authority number in the synthetic council's UPNs: that of
/// the area the sector's validators take by default (Richmond upon Thames),
/// since they reject numbers that are no local authority's.
const UPN_LA: u32 = 318;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Child,
    Mother,
    Father,
    StepParent,
    Grandparent,
    AuntOrUncle,
    Friend,
}

struct Member {
    id: PersonId,
    role: Role,
    details: PersonDetails,
    /// When the person joined the family's record.
    added: Date,
    /// When their registration was recorded, once it has been.
    ts: Option<OffsetDateTime>,
    home: Option<usize>,
    school: &'static str,
    /// Speaks a language other than English at home.
    language: Option<&'static str>,
}

impl Member {
    fn given(&self) -> &str {
        &self.details.given_names
    }
    fn dob(&self) -> Date {
        self.details.date_of_birth.unwrap_or(self.added)
    }
}

struct Home {
    id: HouseholdId,
    address: Address,
    /// Where the children live: the family home, or a placement for a
    /// child in care or a care leaver's flat.
    kind: HomeKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum HomeKind {
    Family,
    Other,
    Placement,
}

#[derive(Clone, Debug)]
struct Alloc {
    date: Date,
    team: usize,
    unit: Option<usize>,
    lead: usize,
    reason: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Change {
    Leaver,
    Rebalance,
    FromAssessment,
    ToCic,
    StepDown,
    ToCareLeavers,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Helper {
    PracticeAssistant,
    FamilyPractitioner,
    DomesticAbuse,
    MentalHealth,
    SubstanceUse,
    Reviewing,
    Volunteer,
}

/// What the caller wants of one family.
#[derive(Clone, Debug)]
pub(crate) struct FamilyOpts {
    pub function: TeamFunction,
    /// One of the demo social worker's families.
    pub demo: bool,
    pub max_children: usize,
    pub force_warning: bool,
    pub force_nonresident_father: bool,
    pub force_restricted: bool,
}

impl FamilyOpts {
    pub fn new(function: TeamFunction) -> Self {
        Self {
            function,
            demo: false,
            max_children: 4,
            force_warning: false,
            force_nonresident_father: false,
            force_restricted: false,
        }
    }
}

/// What was made, for the caller's bookkeeping.
pub(crate) struct FamilyMade {
    pub children: usize,
}

struct Fam {
    id: FamilyId,
    function: TeamFunction,
    open: Date,
    ts: OffsetDateTime,
    service: usize,
    members: Vec<Member>,
    homes: Vec<Home>,
    allocs: Vec<Alloc>,
    helpers: Vec<(usize, Helper, Date)>,
    mother: Option<usize>,
    father: Option<usize>,
    grandparent: Option<usize>,
    /// The ex-partner whose abuse the plan is about.
    harmful_ex: Option<usize>,
    carer: String,
    demo: bool,
    uasc: bool,
    /// The children's father does not live with them.
    dad_away: bool,
    /// Dates the children's journeys share with the chronology.
    key: journey::Key,
}

impl Fam {
    fn children(&self) -> impl Iterator<Item = usize> + '_ {
        self.members
            .iter()
            .enumerate()
            .filter(|(_, m)| m.role == Role::Child)
            .map(|(i, _)| i)
    }
    fn children_on(&self, d: Date) -> Vec<usize> {
        self.children()
            .filter(|&i| self.members[i].added <= d)
            .collect()
    }
    fn alloc_on(&self, d: Date) -> &Alloc {
        let mut current = &self.allocs[0];
        for a in &self.allocs {
            if a.date <= d {
                current = a;
            }
        }
        current
    }
    /// The adult the children live with (for the wording of records).
    fn main_carer(&self) -> Option<usize> {
        let at_home = |i: Option<usize>| {
            i.filter(|&i| {
                self.members[i]
                    .home
                    .is_some_and(|h| self.homes[h].kind == HomeKind::Family)
            })
        };
        at_home(self.mother)
            .or(at_home(self.father))
            .or(at_home(self.grandparent))
            .or(self.mother)
            .or(self.father)
    }
    fn floor(&self, people: &[usize]) -> OffsetDateTime {
        people
            .iter()
            .filter_map(|&i| self.members[i].ts)
            .fold(self.ts, OffsetDateTime::max)
    }
    fn adults(&self) -> impl Iterator<Item = usize> + '_ {
        self.members
            .iter()
            .enumerate()
            .filter(|(_, m)| m.role != Role::Child)
            .map(|(i, _)| i)
    }
}

fn age_on(dob: Date, on: Date) -> i64 {
    let mut age = i64::from(on.year() - dob.year());
    if (on.month() as u8, on.day()) < (dob.month() as u8, dob.day()) {
        age -= 1;
    }
    age.max(0)
}

const AGES_CIN: &[((i64, i64), u32)] = &[
    ((0, 0), 4),
    ((1, 4), 14),
    ((5, 9), 25),
    ((10, 15), 40),
    ((16, 17), 17),
];
const AGES_CLA: &[((i64, i64), u32)] = &[
    ((0, 0), 4),
    ((1, 4), 13),
    ((5, 9), 16),
    ((10, 15), 40),
    ((16, 17), 27),
];
const AGES_DISABLED: &[((i64, i64), u32)] =
    &[((2, 4), 15), ((5, 9), 35), ((10, 15), 35), ((16, 17), 15)];

const DISABILITIES: &[(Disability, u32)] = &[
    (Disability::Autism, 30),
    (Disability::Learning, 25),
    (Disability::Communication, 15),
    (Disability::Mobility, 8),
    (Disability::PersonalCare, 6),
    (Disability::Behaviour, 6),
    (Disability::Hearing, 3),
    (Disability::Vision, 3),
    (Disability::HandFunction, 2),
    (Disability::Consciousness, 1),
    (Disability::Incontinence, 1),
];

const WARNING_HELPERS: &[&str] = &["Dog at the property", "Isolated property"];

impl Gen {
    fn la_person_id(&mut self) -> Option<LaPersonId> {
        self.next_la_id += 1;
        LaPersonId::parse(&(1_000_000 + self.next_la_id).to_string()).ok()
    }

    fn upn(&mut self, dob: Date) -> Option<Upn> {
        let n = self.next_upn;
        self.next_upn += 1;
        let establishment = 2001 + (n / 1000) % 7999;
        let serial = n % 1000;
        let year = (dob.year() + 5).rem_euclid(100);
        Upn::with_check_letter(&format!(
            "{UPN_LA:03}{establishment:04}{year:02}{serial:03}"
        ))
        .ok()
    }

    /// NHS numbers from the 9xx range, which the NHS does not issue to
    /// patients in England.
    fn nhs_number(&mut self) -> Option<NhsNumber> {
        for _ in 0..12 {
            let n = 999_999_999u64.saturating_sub(self.next_nhs);
            self.next_nhs += 1;
            if let Some(number) = NhsNumber::with_check_digit(&format!("{n:09}")) {
                return Some(number);
            }
        }
        None
    }

    fn address(&mut self, service: usize, flat: bool) -> Address {
        let town = self.pick(&TOWNS[service * 2..service * 2 + 2]);
        let district = self.pick(town.1);
        const LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";
        let inward = format!(
            "{}{}{}",
            self.range(1, 9),
            char::from(self.pick(LETTERS)),
            char::from(self.pick(LETTERS))
        );
        let postcode = Postcode::parse(&format!("HE{district} {inward}")).ok();
        let street = format!("{} {}", self.pick(STREET_NAMES), self.pick(STREET_KINDS));
        let (line1, line2) = if flat {
            (
                format!("Flat {}, {}", self.range(1, 40), self.pick(BLOCKS)),
                Some(street),
            )
        } else {
            (format!("{} {}", self.range(1, 180), street), None)
        };
        Address {
            line1,
            line2,
            town: town.0.to_string(),
            postcode,
            from: None,
            to: None,
        }
    }

    fn phone(&mut self) -> String {
        format!("07700 900{:03}", self.range(0, 999))
    }

    fn choose_unit(&mut self, function: TeamFunction, demo: bool) -> (usize, Option<usize>) {
        if demo {
            return (self.org.demo.team, Some(self.org.demo.unit));
        }
        if function == TeamFunction::FrontDoor {
            return (self.org.front_door_team, None);
        }
        let units = self.org.units_of(function, None);
        let start = self.index(units.len());
        let mut best: Option<(u64, usize)> = None;
        for k in 0..units.len() {
            let u = units[(start + k) % units.len()];
            let unit = &self.org.units[u];
            let capacity: u64 = unit
                .holders
                .iter()
                .map(|&h| if self.org.pracs[h].consultant { 1 } else { 2 })
                .sum::<u64>()
                .max(1);
            let score = u64::from(unit.children) * 1000 / capacity;
            if best.is_none_or(|(s, _)| score < s) {
                best = Some((score, u));
            }
        }
        match best {
            Some((_, u)) => (self.org.units[u].team, Some(u)),
            None => (self.org.front_door_team, None),
        }
    }

    /// The least-loaded case holder in the unit (or team) who was in post on `on`.
    fn pick_lead(
        &mut self,
        team: usize,
        unit: Option<usize>,
        on: Date,
        exclude: Option<usize>,
    ) -> usize {
        let holders = match unit {
            Some(u) => self.org.units[u].holders.clone(),
            None => self.org.teams[team].holders.clone(),
        };
        // The front door's first worker is the demo account: ties go to it.
        let start = if unit.is_none() {
            0
        } else {
            self.index(holders.len())
        };
        let mut best: Option<(u32, usize)> = None;
        for k in 0..holders.len() {
            let h = holders[(start + k) % holders.len()];
            let p = &self.org.pracs[h];
            if p.reserved || p.join > on || Some(h) == exclude {
                continue;
            }
            let score = if p.consultant {
                p.load * 200
            } else {
                p.load * 100
            };
            if best.is_none_or(|(s, _)| score < s) {
                best = Some((score, h));
            }
        }
        match (best, unit) {
            (Some((_, h)), _) => h,
            (None, Some(u)) => self.org.units[u].consultant,
            (None, None) => holders.first().copied().unwrap_or(0),
        }
    }

    /// A former worker in `unit` who was in post on `open` and left on a day
    /// in `lo..=hi` (reusing one who fits, or taking on a new one).
    fn former_worker(&mut self, unit: usize, open: Date, lo: Date, hi: Date) -> (usize, Date) {
        let team = self.org.units[unit].team;
        let found = self.org.teams[team].leavers.iter().copied().find(|&l| {
            let p = &self.org.pracs[l];
            p.unit == Some(unit) && p.join <= open && p.leave.is_some_and(|d| d >= lo && d <= hi)
        });
        if let Some(l) = found {
            let leave = self.org.pracs[l].leave.unwrap_or(hi);
            return (l, leave);
        }
        let earliest = add_days(open, -6 * 365).max(self.org_start);
        let join = self.date_between(earliest, add_days(open, -30).max(earliest));
        let leave = self.date_between(lo, hi);
        (self.leaver(unit, join, leave), leave)
    }

    fn plan_allocations(
        &mut self,
        o: &FamilyOpts,
        open: Date,
        team: usize,
        unit: Option<usize>,
        eldest_age: i64,
    ) -> Vec<Alloc> {
        let function = o.function;
        let change: Option<Change> = if o.force_restricted {
            None
        } else if o.demo {
            self.weighted(&[(None, 75), (Some(Change::Leaver), 25)])
        } else {
            match function {
                TeamFunction::Assessment => self.weighted(&[(None, 95), (Some(Change::Leaver), 5)]),
                TeamFunction::FamilySupport => self.weighted(&[
                    (None, 75),
                    (Some(Change::FromAssessment), 8),
                    (Some(Change::Leaver), 10),
                    (Some(Change::StepDown), 4),
                    (Some(Change::Rebalance), 3),
                ]),
                TeamFunction::ChildProtection => self.weighted(&[
                    (None, 79),
                    (Some(Change::FromAssessment), 8),
                    (Some(Change::Leaver), 10),
                    (Some(Change::Rebalance), 3),
                ]),
                TeamFunction::ChildrenInCare => self.weighted(&[
                    (None, 75),
                    (Some(Change::ToCic), 15),
                    (Some(Change::Leaver), 8),
                    (Some(Change::Rebalance), 2),
                ]),
                TeamFunction::CareLeavers => self.weighted(&[
                    (None, 55),
                    (Some(Change::ToCareLeavers), 40),
                    (Some(Change::Leaver), 5),
                ]),
                TeamFunction::Disability => self.weighted(&[
                    (None, 88),
                    (Some(Change::Leaver), 8),
                    (Some(Change::Rebalance), 4),
                ]),
                _ => None,
            }
        };
        let open_for = days_between(open, self.today);
        let demo_sw = self.org.demo.social_worker;
        let lead_on = |g: &mut Gen, on: Date, exclude: Option<usize>| {
            if o.demo {
                demo_sw
            } else {
                g.pick_lead(team, unit, on, exclude)
            }
        };
        let single = |g: &mut Gen| {
            let lead = lead_on(g, open, None);
            if let (false, Some(u)) = (o.demo, unit) {
                // A family open since before most of today's unit joined
                // would pile onto whoever was there then; instead its first
                // worker has since left and the case passed on.
                let now = g.pick_lead(team, unit, add_days(g.today, -7), None);
                let weight = |p: &Prac| if p.consultant { p.load * 2 } else { p.load };
                let (then_load, now_load) = (weight(&g.org.pracs[lead]), weight(&g.org.pracs[now]));
                if now != lead && then_load > now_load + 6 && open_for >= 30 {
                    if let Some(plan) = g.leaver_plan(open, team, u, now) {
                        return plan;
                    }
                }
            }
            vec![Alloc {
                date: open,
                team,
                unit,
                lead,
                reason: "Allocated at referral",
            }]
        };
        let Some(change) = change else {
            return single(self);
        };
        let Some(unit_now) = unit else {
            return single(self);
        };
        let service = self.org.teams[team].service;
        match change {
            Change::FromAssessment | Change::ToCic | Change::StepDown | Change::ToCareLeavers => {
                let (lo, hi, from, reason) = match change {
                    Change::FromAssessment => (
                        25,
                        45,
                        TeamFunction::Assessment,
                        "Transferred from the assessment team after the single assessment",
                    ),
                    Change::ToCic => {
                        let from = if self.chance(0.5) {
                            TeamFunction::FamilySupport
                        } else {
                            TeamFunction::ChildProtection
                        };
                        (30, 720, from, "Transferred to children in care team")
                    }
                    Change::StepDown => (
                        90,
                        365,
                        TeamFunction::ChildProtection,
                        "Case stepped down from child protection to family support",
                    ),
                    _ => (
                        180,
                        2000,
                        TeamFunction::ChildrenInCare,
                        "Transferred to the care leavers team",
                    ),
                };
                if open_for < lo + 7 {
                    return single(self);
                }
                let on = if change == Change::ToCareLeavers {
                    // Around the young person's 16th birthday.
                    let since_16 = (eldest_age - 16) * 365 + self.range(0, 300);
                    add_days(self.today, -since_16).max(add_days(open, lo))
                } else {
                    add_days(open, self.range(lo, hi.min(open_for - 7)))
                };
                if on > add_days(self.today, -7) {
                    return single(self);
                }
                let sources = self.org.units_of(from, Some(service));
                if sources.is_empty() {
                    return single(self);
                }
                let src = self.pick(&sources);
                let src_team = self.org.units[src].team;
                let first = self.pick_lead(src_team, Some(src), open, None);
                let lead = lead_on(self, on, None);
                vec![
                    Alloc {
                        date: open,
                        team: src_team,
                        unit: Some(src),
                        lead: first,
                        reason: "Allocated at referral",
                    },
                    Alloc {
                        date: on,
                        team,
                        unit,
                        lead,
                        reason,
                    },
                ]
            }
            Change::Leaver | Change::Rebalance => {
                if open_for < 30 {
                    return single(self);
                }
                let today = self.today;
                let lead = lead_on(self, add_days(today, -7), None);
                let join = self.org.pracs[lead].join;
                let lo = add_days(open, 14).max(join);
                let hi = add_days(today, -3);
                let (first, on, reason) = if change == Change::Rebalance {
                    let other = self.pick_lead(team, unit, open, Some(lead));
                    let on = if lo <= hi {
                        self.date_between(lo, hi)
                    } else {
                        lo.min(today)
                    };
                    let reason = self.pick(&[
                        "Previous worker went on maternity leave",
                        "Caseload rebalanced within the unit",
                        "The family asked for a change of worker",
                    ]);
                    if other == lead || self.org.pracs[other].join > open || on <= open {
                        return single(self);
                    }
                    (other, on, reason)
                } else {
                    return self
                        .leaver_plan(open, team, unit_now, lead)
                        .unwrap_or_else(|| single(self));
                };
                vec![
                    Alloc {
                        date: open,
                        team,
                        unit,
                        lead: first,
                        reason: "Allocated at referral",
                    },
                    Alloc {
                        date: on,
                        team,
                        unit,
                        lead,
                        reason,
                    },
                ]
            }
        }
    }

    /// The case was first held by someone who has since left, then passed
    /// to `lead` (if the dates allow it).
    fn leaver_plan(
        &mut self,
        open: Date,
        team: usize,
        unit: usize,
        lead: usize,
    ) -> Option<Vec<Alloc>> {
        let join = self.org.pracs[lead].join;
        let lo = add_days(open, 14).max(join);
        let hi = add_days(self.today, -3);
        if lo > hi {
            return None;
        }
        let (former, on) = self.former_worker(unit, open, lo, hi);
        Some(vec![
            Alloc {
                date: open,
                team,
                unit: Some(unit),
                lead: former,
                reason: "Allocated at referral",
            },
            Alloc {
                date: on,
                team,
                unit: Some(unit),
                lead,
                reason: "Previous worker left the council",
            },
        ])
    }

    fn heritage(&mut self, uasc: bool) -> (usize, usize, Ethnicity) {
        if uasc {
            let options: Vec<(usize, u32)> = CULTURES
                .iter()
                .enumerate()
                .filter(|(_, c)| c.uasc)
                .map(|(i, _)| (i, 1))
                .collect();
            let c = self.weighted(&options);
            return (c, c, CULTURES[c].ethnicity);
        }
        let mut options: Vec<((usize, usize, Ethnicity), u32)> = CULTURES
            .iter()
            .enumerate()
            .map(|(i, c)| ((i, i, c.ethnicity), c.weight))
            .collect();
        options.extend(MIXED.iter().map(|&(m, f, e, w)| ((m, f, e), w)));
        self.weighted(&options)
    }

    /// A given name from `pool` that nobody in the family has yet.
    fn fresh_name(&mut self, pool: &[&'static str], members: &[Member]) -> &'static str {
        let mut name = self.pick(pool);
        for _ in 0..8 {
            if !members.iter().any(|m| m.details.given_names == name) {
                break;
            }
            name = self.pick(pool);
        }
        name
    }

    fn first_language(&mut self, c: &Culture, adult: bool) -> Option<&'static str> {
        if c.languages.is_empty() {
            return None;
        }
        let p = match (c.migration, adult) {
            (Migration::Settled, _) => 0.05,
            (_, true) => 0.75,
            (_, false) => 0.4,
        };
        if self.chance(p) {
            Some(self.pick(c.languages))
        } else {
            None
        }
    }

    fn details(
        &mut self,
        c: &Culture,
        given: &str,
        family: &str,
        dob: Date,
        sex: Sex,
        adult: bool,
    ) -> (PersonDetails, Option<&'static str>) {
        let mut given = given;
        while is_famous(given, family) {
            let pool = match (sex, adult) {
                (Sex::Male, true) => c.men(),
                (Sex::Male, false) => c.boys,
                (_, true) => c.women(),
                (_, false) => c.girls,
            };
            given = self.pick(pool);
        }
        let language = self.first_language(c, adult);
        let religion = if self.chance(0.35) {
            Some(self.pick(c.religions).to_string())
        } else {
            None
        };
        let mut d = PersonDetails {
            given_names: given.to_string(),
            family_name: family.to_string(),
            date_of_birth: Some(dob),
            sex: Some(sex),
            ethnicity: Some(c.ethnicity),
            first_language: Some(language.unwrap_or("English").to_string()),
            religion,
            la_person_id: self.la_person_id(),
            ..PersonDetails::default()
        };
        if let Some(lang) = language {
            if adult && self.chance(0.4) {
                d.communication_needs = Some(if self.chance(0.5) {
                    format!("Needs {} {lang} interpreter for meetings", a_or_an(lang))
                } else {
                    format!("Prefers written information in {lang}")
                });
            }
        } else if adult && self.chance(0.02) {
            d.communication_needs =
                Some("Has a learning disability: use easy read and check understanding".into());
        }
        (d, language)
    }

    /// Build and record one family. Returns how many children it has.
    pub fn family(&mut self, o: &FamilyOpts) -> FamilyMade {
        let today = self.today;
        let function = o.function;
        let mut open = if o.demo {
            self.days_ago(60, 540)
        } else {
            match function {
                TeamFunction::FrontDoor => self.days_ago(0, 10),
                TeamFunction::Assessment => self.days_ago(2, 45),
                TeamFunction::FamilySupport => self.days_ago(45, 730),
                TeamFunction::ChildProtection => self.days_ago(30, 600),
                TeamFunction::ChildrenInCare => self.days_ago(120, 2900),
                TeamFunction::CareLeavers => self.days_ago(365, 2900),
                _ => self.days_ago(90, 2200),
            }
        };
        let uasc = function == TeamFunction::ChildrenInCare
            && !o.force_restricted
            && !o.demo
            && self.chance(0.1);
        let (mc, fc, child_eth) = self.heritage(uasc);
        let mother_c = &CULTURES[mc];
        let father_c = &CULTURES[fc];

        // Children's ages, eldest first.
        let mut ages: Vec<i64> = Vec::new();
        if uasc {
            ages.push(self.range(15, 17));
        } else if function == TeamFunction::CareLeavers {
            ages.push(self.range(16, 20));
        } else {
            let counts: &[(usize, u32)] = match function {
                TeamFunction::ChildrenInCare => &[(1, 50), (2, 30), (3, 20)],
                TeamFunction::Disability => &[(1, 55), (2, 30), (3, 15)],
                _ => &[(1, 25), (2, 30), (3, 26), (4, 19)],
            };
            let wanted = self.weighted(counts).min(o.max_children.max(1));
            let dist = match function {
                TeamFunction::ChildrenInCare => AGES_CLA,
                TeamFunction::Disability => AGES_DISABLED,
                _ => AGES_CIN,
            };
            let (lo, hi) = self.weighted(dist);
            let eldest = self.range(lo, hi);
            ages.push(eldest);
            while ages.len() < wanted {
                let gap = self.weighted(&[(0i64, 3), (1, 15), (2, 35), (3, 25), (4, 14), (5, 8)]);
                let next = ages[ages.len() - 1] - gap;
                if next < 0 {
                    break;
                }
                ages.push(next);
            }
        }

        if uasc {
            // Unaccompanied children arrive as teenagers.
            let max_days = ((ages[0] - 14) * 365).max(120);
            if (today - open).whole_days() > max_days {
                open = self.days_ago(60, max_days);
            }
        }

        let (team, unit) = self.choose_unit(function, o.demo);
        let allocs = self.plan_allocations(o, open, team, unit, ages[0]);
        let service = self.org.teams[team].service;
        let n_children = ages.len();
        if let Some(last) = allocs.last() {
            self.org.pracs[last.lead].load += n_children as u32;
        }
        if let Some(u) = unit {
            self.org.units[u].children += n_children as u32;
        }
        self.org.teams[team].children += n_children as u32;

        // Adults.
        let cic = function == TeamFunction::ChildrenInCare;
        let leaving = function == TeamFunction::CareLeavers;
        let at_home = !(cic || leaving);
        let has_mother = !uasc && self.chance(if leaving { 0.7 } else { 0.95 });
        let mut has_father = !uasc && (o.force_nonresident_father || self.chance(0.8));
        let mut father_resident = has_father
            && !o.force_nonresident_father
            && !leaving
            && self.chance(if cic { 0.3 } else { 0.4 });
        if at_home && !has_mother && !uasc {
            has_father = true;
            father_resident = true;
        }
        let step = has_mother && !father_resident && !uasc && self.chance(0.25);
        let grandparent = !uasc && self.chance(0.4);
        let aunt = !uasc && self.chance(0.2);
        let friend = !uasc && self.chance(0.1);
        let father_home =
            has_father && !father_resident && (o.force_nonresident_father || self.chance(0.6));
        let kinship = at_home && !has_mother && !father_resident;

        // Names.
        let father_surname = self.pick(father_c.surnames);
        let mother_birth = self.pick(mother_c.surnames);
        let married = has_father && father_resident && self.chance(0.5);
        let children_surname = if has_father || self.chance(0.5) {
            if self.chance(0.75) {
                father_surname
            } else {
                mother_birth
            }
        } else {
            mother_birth
        };
        let eldest_dob_days = ages[0] * 365 + ages[0] / 4 + 182;
        let eldest_dob = add_days(today, -eldest_dob_days);
        let mother_age_at_first = self.range(17, 36);
        let mother_dob = add_days(
            eldest_dob,
            -(mother_age_at_first * 365 + self.range(0, 364)),
        );
        let father_dob = add_days(mother_dob, -self.range(-700, 3000));

        let family_status = self.weighted(mother_c.adult_statuses());
        let record_status = mother_c.migration != Migration::Settled && self.chance(0.45);

        let mut members: Vec<Member> = Vec::new();
        let mut homes: Vec<Home> = Vec::new();
        let main_home = if leaving || uasc {
            None
        } else {
            let flat = self.chance(0.3);
            homes.push(Home {
                id: HouseholdId::from_u128(self.id()),
                address: self.address(service, flat),
                kind: HomeKind::Family,
            });
            Some(homes.len() - 1)
        };
        let placement = if cic || leaving {
            let flat = leaving || self.chance(0.15);
            homes.push(Home {
                id: HouseholdId::from_u128(self.id()),
                address: self.address(service, flat),
                kind: HomeKind::Placement,
            });
            Some(homes.len() - 1)
        } else {
            None
        };
        let children_home = if at_home { main_home } else { placement };

        let adult = |g: &mut Gen,
                     members: &mut Vec<Member>,
                     role: Role,
                     c: &Culture,
                     given: &str,
                     family: &str,
                     dob: Date,
                     sex: Sex,
                     home: Option<usize>| {
            let (mut details, language) = g.details(c, given, family, dob, sex, true);
            if g.chance(0.5) {
                details.nhs_number = g.nhs_number();
            }
            if g.chance(0.6) {
                details.phone = Some(g.phone());
            }
            if g.chance(0.25) {
                let n = g.range(1, 99);
                details.email = Some(format!(
                    "{}.{}{}@example.com",
                    ascii_slug(&details.given_names),
                    ascii_slug(family),
                    n
                ));
            }
            if record_status || (c.migration != Migration::Settled && g.chance(0.3)) {
                details.immigration_status = Some(if c.migration == Migration::Settled {
                    ImmigrationStatus::BritishCitizen
                } else {
                    family_status
                });
            } else if g.chance(0.03) {
                details.immigration_status = Some(ImmigrationStatus::BritishCitizen);
            }
            members.push(Member {
                id: PersonId::from_u128(g.id()),
                role,
                details,
                added: open,
                ts: None,
                home,
                school: "",
                language,
            });
            members.len() - 1
        };

        let mut mother = None;
        if has_mother {
            let given = self.fresh_name(mother_c.women(), &members);
            let surname = if married {
                father_surname
            } else {
                mother_birth
            };
            let home = if at_home || cic { main_home } else { None };
            let home = if leaving && self.chance(0.5) {
                homes.push(Home {
                    id: HouseholdId::from_u128(self.id()),
                    address: self.address(service, false),
                    kind: HomeKind::Other,
                });
                Some(homes.len() - 1)
            } else {
                home
            };
            let i = adult(
                self,
                &mut members,
                Role::Mother,
                mother_c,
                given,
                surname,
                mother_dob,
                Sex::Female,
                home,
            );
            if married {
                members[i].details.other_names = vec![mother_birth.to_string()];
            }
            mother = Some(i);
        }
        let mut father = None;
        if has_father {
            let given = self.fresh_name(father_c.men(), &members);
            let home = if father_resident {
                main_home
            } else if father_home {
                let flat = self.chance(0.5);
                homes.push(Home {
                    id: HouseholdId::from_u128(self.id()),
                    address: self.address(service, flat),
                    kind: HomeKind::Other,
                });
                Some(homes.len() - 1)
            } else {
                None
            };
            father = Some(adult(
                self,
                &mut members,
                Role::Father,
                father_c,
                given,
                father_surname,
                father_dob,
                Sex::Male,
                home,
            ));
        }
        let mut step_parent = None;
        if step {
            let sc = if self.chance(0.8) {
                mother_c
            } else {
                &CULTURES[0]
            };
            let given = self.fresh_name(sc.men(), &members);
            let surname = self.pick(sc.surnames);
            let dob = add_days(mother_dob, -self.range(-1500, 3000));
            let home = if at_home || cic { main_home } else { None };
            step_parent = Some(adult(
                self,
                &mut members,
                Role::StepParent,
                sc,
                given,
                surname,
                dob,
                Sex::Male,
                home,
            ));
        }
        let mut nan = None;
        if grandparent || kinship {
            let maternal = has_mother && self.chance(0.75);
            let c = if maternal { mother_c } else { father_c };
            let female = self.chance(0.75);
            let given = if female {
                self.fresh_name(c.older_women(), &members)
            } else {
                self.fresh_name(c.older_men(), &members)
            };
            let surname = if maternal {
                mother_birth
            } else {
                father_surname
            };
            let base = if maternal { mother_dob } else { father_dob };
            let dob = add_days(base, -(self.range(18, 30) * 365 + self.range(0, 364)));
            let home = if kinship || (at_home && self.chance(0.1)) {
                main_home
            } else {
                None
            };
            nan = Some(adult(
                self,
                &mut members,
                Role::Grandparent,
                c,
                given,
                surname,
                dob,
                if female { Sex::Female } else { Sex::Male },
                home,
            ));
        }
        let mut aunt_i = None;
        if aunt {
            let c = if has_mother { mother_c } else { father_c };
            let female = self.chance(0.6);
            let given = if female {
                self.fresh_name(c.women(), &members)
            } else {
                self.fresh_name(c.men(), &members)
            };
            let surname = if self.chance(0.6) {
                mother_birth
            } else {
                self.pick(c.surnames)
            };
            let dob = add_days(mother_dob, -self.range(-2900, 2900));
            aunt_i = Some(adult(
                self,
                &mut members,
                Role::AuntOrUncle,
                c,
                given,
                surname,
                dob,
                if female { Sex::Female } else { Sex::Male },
                None,
            ));
        }
        let mut friend_i = None;
        if friend {
            let c = if self.chance(0.6) {
                mother_c
            } else {
                &CULTURES[0]
            };
            let female = self.chance(0.7);
            let given = if female {
                self.fresh_name(c.women(), &members)
            } else {
                self.fresh_name(c.men(), &members)
            };
            let surname = self.pick(c.surnames);
            let dob = add_days(mother_dob, -self.range(-1800, 1800));
            friend_i = Some(adult(
                self,
                &mut members,
                Role::Friend,
                c,
                given,
                surname,
                dob,
                if female { Sex::Female } else { Sex::Male },
                None,
            ));
        }

        // Children.
        let half_siblings = step_parent.is_some() && ages.len() >= 2 && self.chance(0.5);
        let step_surname = step_parent
            .map(|s| members[s].details.family_name.clone())
            .unwrap_or_default();
        let mut first_child = None;
        let mut previous_dob: Option<Date> = None;
        let mut previous_age = -1;
        for (k, &age) in ages.iter().enumerate() {
            let youngest_of_step = half_siblings && k == ages.len() - 1;
            let male = self.chance(if uasc { 0.9 } else { 0.51 });
            let name_c = if self.chance(0.5) { mother_c } else { father_c };
            let given = if male {
                self.fresh_name(name_c.boys, &members)
            } else {
                self.fresh_name(name_c.girls, &members)
            };
            let dob = match previous_dob {
                Some(d) if age == previous_age => d,
                _ => add_days(today, -(age * 365 + age / 4 + self.range(0, 364))),
            };
            previous_dob = Some(dob);
            previous_age = age;
            let surname = if youngest_of_step {
                step_surname.as_str()
            } else {
                children_surname
            };
            let c = if self.chance(0.5) { mother_c } else { father_c };
            let (mut details, language) = self.details(
                c,
                given,
                surname,
                dob,
                if male { Sex::Male } else { Sex::Female },
                false,
            );
            details.ethnicity = Some(match self.range(0, 999) {
                0..=14 => Ethnicity::NotYetObtained,
                15..=19 => Ethnicity::Refused,
                _ => child_eth,
            });
            if matches!(function, TeamFunction::FrontDoor | TeamFunction::Assessment)
                && self.chance(0.05)
            {
                details.ethnicity = Some(Ethnicity::NotYetObtained);
            }
            let disabled = (function == TeamFunction::Disability && k == 0) || self.chance(0.07);
            if disabled {
                let n = self.weighted(&[(1usize, 60), (2, 30), (3, 10)]);
                for _ in 0..n {
                    let d = self.weighted(DISABILITIES);
                    if !details.disabilities.contains(&d) {
                        details.disabilities.push(d);
                    }
                }
                details.communication_needs = if details.disabilities.contains(&Disability::Hearing)
                {
                    Some("British Sign Language user: book a BSL interpreter".into())
                } else if details.disabilities.contains(&Disability::Communication)
                    || details.disabilities.contains(&Disability::Autism)
                {
                    Some(
                        self.pick(&[
                            "Uses Makaton signs and a visual timetable",
                            "Uses PECS to show choices",
                            "Needs time to answer: use short sentences and visual prompts",
                        ])
                        .to_string(),
                    )
                } else {
                    None
                };
            }
            if age >= 4 {
                details.upn = self.upn(dob);
            }
            if self.chance(0.95) {
                details.nhs_number = self.nhs_number();
            }
            if age >= 13 && self.chance(0.4) {
                details.phone = Some(self.phone());
            }
            if uasc {
                details.immigration_status =
                    Some(ImmigrationStatus::UnaccompaniedAsylumSeekingChild);
                details.first_language = Some(self.pick(c.languages).to_string());
                details.communication_needs = Some(format!(
                    "Needs {} {} interpreter",
                    a_or_an(details.first_language.as_deref().unwrap_or_default()),
                    details.first_language.clone().unwrap_or_default()
                ));
            } else if record_status {
                details.immigration_status = Some(
                    if family_status == ImmigrationStatus::NoRecourseToPublicFunds
                        || self.chance(0.4)
                    {
                        ImmigrationStatus::BritishCitizen
                    } else {
                        family_status
                    },
                );
            }
            let school = match age {
                0..=1 => "",
                2..=3 => self.pick(NURSERIES),
                4..=10 => self.pick(PRIMARY_SCHOOLS),
                11..=16 => self.pick(SECONDARY_SCHOOLS),
                _ => self.pick(COLLEGES),
            };
            let added = if dob > open {
                add_days(dob, self.range(1, 14)).min(today)
            } else {
                open
            };
            members.push(Member {
                id: PersonId::from_u128(self.id()),
                role: Role::Child,
                details,
                added,
                ts: None,
                home: children_home,
                school,
                language,
            });
            let ci = members.len() - 1;
            if first_child.is_none() {
                first_child = Some(ci);
            }
        }

        let family_name = format!(
            "{} family",
            first_child
                .map(|c| members[c].details.family_name.clone())
                .unwrap_or_else(|| children_surname.to_string())
        );
        let carer = if cic {
            let c = &CULTURES[0];
            format!(
                "{} and {}",
                self.pick(c.older_women),
                self.pick(c.older_men)
            )
        } else {
            String::new()
        };

        let first_lead = allocs[0].lead;
        let fam_ts = self.stamp(open);
        let mut fam = Fam {
            id: FamilyId::from_u128(self.id()),
            function,
            open,
            ts: fam_ts,
            service,
            members,
            homes,
            allocs,
            helpers: vec![],
            mother,
            father,
            grandparent: nan,
            harmful_ex: None,
            carer,
            dad_away: !father_resident,
            demo: o.demo,
            uasc,
            key: journey::Key::default(),
        };
        let actor = Some(self.org.pracs[first_lead].id);
        self.push(
            fam_ts,
            open,
            actor,
            EventBody::FamilyCreated {
                family_id: fam.id,
                name: family_name,
            },
        );
        let a0 = fam.allocs[0].clone();
        self.push(
            fam_ts,
            open,
            actor,
            EventBody::FamilyAllocatedToTeam {
                family_id: fam.id,
                team_id: self.org.teams[a0.team].id,
                unit_id: a0.unit.map(|u| self.org.units[u].id),
            },
        );
        self.stats.families += 1;

        // Households are recorded when the family is opened.
        for h in 0..fam.homes.len() {
            let home = &fam.homes[h];
            let body = EventBody::HouseholdRecorded {
                household_id: home.id,
                family_id: fam.id,
                address: home.address.clone(),
            };
            self.push(fam_ts, open, actor, body);
            self.stats.households += 1;
        }

        // Register each person (children born later, when they are born).
        for i in 0..fam.members.len() {
            self.register(&mut fam, i);
        }

        // Relationships.
        let children: Vec<usize> = fam.children().collect();
        let mut rels: Vec<Rel> = Vec::new();
        use RelationshipKind as K;
        use RelationshipQuality as Q;
        let step_child = half_siblings.then(|| children[children.len() - 1]);
        for &c in &children {
            let dob = fam.members[c].dob();
            if let Some(m) = mother {
                let q = self.weighted(&[
                    (Q::Close, 50),
                    (Q::Supportive, 30),
                    (Q::Conflicted, 15),
                    (Q::Estranged, 3),
                    (Q::Harmful, 2),
                ]);
                rels.push((m, c, K::Parent, true, q, Some(dob)));
            }
            if let Some(f) = father {
                if Some(c) != step_child {
                    let q = if father_resident {
                        self.weighted(&[
                            (Q::Close, 40),
                            (Q::Supportive, 35),
                            (Q::Conflicted, 20),
                            (Q::Harmful, 5),
                        ])
                    } else {
                        self.weighted(&[
                            (Q::Supportive, 30),
                            (Q::Close, 15),
                            (Q::Conflicted, 25),
                            (Q::Estranged, 25),
                            (Q::Harmful, 5),
                        ])
                    };
                    let pr = self.chance(if father_resident { 0.95 } else { 0.8 });
                    rels.push((f, c, K::Parent, pr, q, Some(dob)));
                }
            }
            if let Some(s) = step_parent {
                if Some(c) == step_child {
                    rels.push((s, c, K::Parent, true, Q::Close, Some(dob)));
                } else {
                    let q = self.weighted(&[
                        (Q::Supportive, 45),
                        (Q::Close, 20),
                        (Q::Conflicted, 30),
                        (Q::Harmful, 5),
                    ]);
                    let since = self.date_between(dob.max(add_days(today, -6 * 365)), today);
                    rels.push((s, c, K::StepParent, false, q, Some(since)));
                }
            }
            if let Some(g) = nan {
                let q = self.weighted(&[(Q::Close, 60), (Q::Supportive, 35), (Q::Estranged, 5)]);
                rels.push((g, c, K::Grandparent, false, q, Some(dob)));
            }
            if let Some(a) = aunt_i {
                let q = self.weighted(&[(Q::Supportive, 50), (Q::Close, 40), (Q::Estranged, 10)]);
                rels.push((a, c, K::AuntOrUncle, false, q, Some(dob)));
            }
        }
        for (x, &a) in children.iter().enumerate() {
            for &b in &children[x + 1..] {
                let half = step_child == Some(b) || step_child == Some(a);
                let q = self.weighted(&[(Q::Close, 60), (Q::Supportive, 15), (Q::Conflicted, 25)]);
                let since = fam.members[b].dob();
                let kind = if half { K::HalfSibling } else { K::Sibling };
                rels.push((a, b, kind, false, q, Some(since)));
            }
        }
        if let (Some(m), Some(f)) = (mother, father) {
            let together = add_days(eldest_dob, -self.range(300, 1500));
            if father_resident {
                let q = self.weighted(&[(Q::Close, 40), (Q::Supportive, 30), (Q::Conflicted, 30)]);
                rels.push((m, f, K::Partner, false, q, Some(together)));
            } else {
                let q = self.weighted(&[
                    (Q::Conflicted, 35),
                    (Q::Estranged, 35),
                    (Q::Harmful, 25),
                    (Q::Supportive, 5),
                ]);
                if q == Q::Harmful {
                    fam.harmful_ex = Some(f);
                }
                rels.push((m, f, K::ExPartner, false, q, Some(together)));
            }
        }
        if let (Some(m), Some(s)) = (mother, step_parent) {
            let q = self.weighted(&[
                (Q::Close, 40),
                (Q::Supportive, 30),
                (Q::Conflicted, 25),
                (Q::Harmful, 5),
            ]);
            let since = add_days(today, -self.range(200, 2500));
            rels.push((m, s, K::Partner, false, q, Some(since)));
        }
        if let (Some(g), Some(m)) = (nan, mother) {
            if fam.members[g].details.family_name == mother_birth {
                let q = self.weighted(&[
                    (Q::Supportive, 45),
                    (Q::Close, 25),
                    (Q::Conflicted, 25),
                    (Q::Estranged, 5),
                ]);
                rels.push((g, m, K::Parent, false, q, Some(mother_dob)));
            }
        }
        if let (Some(a), Some(m)) = (aunt_i, mother) {
            let q = self.weighted(&[(Q::Close, 50), (Q::Supportive, 30), (Q::Conflicted, 20)]);
            rels.push((a, m, K::Sibling, false, q, None));
        }
        if let Some(fr) = friend_i {
            if let Some(p) = mother.or(father) {
                let q = self.weighted(&[(Q::Supportive, 70), (Q::Close, 30)]);
                rels.push((fr, p, K::Friend, false, q, None));
            }
        }
        for (from, to, kind, pr, quality, start) in rels {
            let date = fam.members[from].added.max(fam.members[to].added);
            let ts = self.ts_at(&fam, date, &[from, to]);
            let relationship = Relationship {
                id: RelationshipId::from_u128(self.id()),
                from: fam.members[from].id,
                to: fam.members[to].id,
                kind,
                parental_responsibility: pr,
                quality: Some(quality),
                start,
                end: None,
            };
            let actor = self.lead_id(&fam, date);
            self.push(
                ts,
                date,
                actor,
                EventBody::RelationshipRecorded { relationship },
            );
            self.stats.relationships += 1;
        }

        // Lead practitioners, and changes of lead. A change is recorded for
        // all the children at once, after any change of team.
        let mut alloc_ts = vec![fam.ts];
        for k in 1..fam.allocs.len() {
            let a = fam.allocs[k].clone();
            let ts = self.ts_at(&fam, a.date, &[]);
            alloc_ts.push(ts);
            if a.team != fam.allocs[k - 1].team || a.unit != fam.allocs[k - 1].unit {
                let body = EventBody::FamilyAllocatedToTeam {
                    family_id: fam.id,
                    team_id: self.org.teams[a.team].id,
                    unit_id: a.unit.map(|u| self.org.units[u].id),
                };
                let actor = Some(self.org.pracs[a.lead].id);
                self.push(ts, a.date, actor, body);
            }
        }
        let mut changed = 0;
        for &c in &children {
            let added = fam.members[c].added;
            let newborn = added > open;
            let mut current: Option<usize> = None;
            for (k, &planned_ts) in alloc_ts.iter().enumerate() {
                let a = fam.allocs[k].clone();
                let next_date = fam.allocs.get(k + 1).map(|n| n.date);
                if next_date.is_some_and(|n| n <= added) {
                    continue;
                }
                let (date, reason) = if current.is_none() {
                    let reason = if newborn {
                        "Allocated at birth: the family is already known to the service"
                    } else {
                        "Allocated at referral"
                    };
                    (added.max(a.date), reason)
                } else {
                    (a.date, a.reason)
                };
                if current == Some(a.lead) {
                    continue;
                }
                if current.is_some() {
                    changed += 1;
                }
                let ts = if date == a.date {
                    planned_ts.max(fam.floor(&[c]))
                } else {
                    self.ts_at(&fam, date, &[c])
                };
                let body = EventBody::LeadPractitionerAllocated {
                    child: fam.members[c].id,
                    user_id: self.org.pracs[a.lead].id,
                    reason: reason.to_string(),
                };
                let actor = Some(self.org.pracs[a.lead].id);
                self.push(ts, date, actor, body);
                current = Some(a.lead);
            }
        }
        self.stats.lead_changes += changed;

        self.helpers(&mut fam);
        self.restriction(&fam, o.force_restricted);
        self.warnings(&fam, o.force_warning);
        fam.key = self.key_dates(&fam);
        self.chronology(&fam);
        self.records(&fam);
        self.journeys(&fam);
        self.practice(&fam);

        FamilyMade {
            children: n_children,
        }
    }

    /// When an event about `people` that became true on `date` was recorded:
    /// never before the family or those people were recorded.
    fn ts_at(&mut self, fam: &Fam, date: Date, people: &[usize]) -> OffsetDateTime {
        let floor = fam.floor(people);
        if date <= fam.open {
            floor
        } else {
            self.stamp(date).max(floor)
        }
    }

    fn lead_id(&self, fam: &Fam, date: Date) -> Option<UserId> {
        Some(self.org.pracs[fam.alloc_on(date).lead].id)
    }

    fn register(&mut self, fam: &mut Fam, i: usize) {
        let added = fam.members[i].added;
        let ts = self.ts_at(fam, added, &[]);
        let actor = self.lead_id(fam, added);
        let m = &fam.members[i];
        let (kind, role) = if m.role == Role::Child {
            (PersonKind::Child, MemberRole::Child)
        } else {
            (PersonKind::Adult, MemberRole::Adult)
        };
        let person_id = m.id;
        self.push(
            ts,
            added,
            actor,
            EventBody::PersonRegistered {
                person_id,
                kind,
                details: m.details.clone(),
            },
        );
        self.push(
            ts,
            added,
            actor,
            EventBody::FamilyMemberAdded {
                family_id: fam.id,
                person_id,
                role,
            },
        );
        if kind == PersonKind::Child {
            self.stats.children += 1;
        } else {
            self.stats.adults += 1;
        }
        if let Some(h) = m.home {
            let home = &fam.homes[h];
            let household_id = home.id;
            let mut address = home.address.clone();
            let dob = m.dob();
            let since = if home.kind == HomeKind::Placement {
                self.date_between(fam.open.max(dob), added.max(fam.open))
            } else {
                let earliest = dob.max(add_days(fam.open, -8 * 365));
                self.date_between(earliest, added)
            };
            address.from = Some(since.min(added));
            self.push(
                ts,
                added,
                actor,
                EventBody::MovedIn {
                    household_id,
                    person_id,
                },
            );
            self.push(
                ts,
                added,
                actor,
                EventBody::AddressRecorded { person_id, address },
            );
        }
        fam.members[i].ts = Some(ts);
        if m_is_newborn(fam, i) {
            let entry_date = fam.members[i].dob();
            let summary = format!("{} was born", fam.members[i].given());
            self.entry(fam, Some(i), entry_date.max(fam.open), summary);
        }
    }

    fn helpers(&mut self, fam: &mut Fam) {
        let today = self.today;
        let last = fam.allocs[fam.allocs.len() - 1].clone();
        let mut wanted: Vec<(usize, Helper, String)> = Vec::new();
        let mother_name = fam.mother.map(|m| fam.members[m].given().to_string());
        if let Some(u) = last.unit {
            let unit = self.org.units[u].clone();
            let pa_chance = if fam.demo { 0.5 } else { 0.25 };
            if let Some(&pa) = unit.practice_assistants.first() {
                if self.chance(pa_chance) {
                    let role = if fam.function == TeamFunction::ChildrenInCare {
                        "Practice assistant: transport to family time"
                    } else {
                        "Practice assistant: appointments and meeting minutes"
                    };
                    wanted.push((pa, Helper::PracticeAssistant, role.into()));
                }
            }
            if let Some(&fp) = unit.family_practitioners.first() {
                if fp != last.lead && self.chance(0.2) {
                    let role = match fam.function {
                        TeamFunction::ChildrenInCare => {
                            "Family practitioner: supervising family time"
                        }
                        TeamFunction::CareLeavers => "Personal adviser",
                        _ => "Family practitioner: parenting support and routines",
                    };
                    wanted.push((fp, Helper::FamilyPractitioner, role.into()));
                }
            }
            if fam.function == TeamFunction::FamilySupport {
                let vols = self.org.teams[last.team].volunteers.clone();
                if !vols.is_empty() && self.chance(0.04) {
                    let v = self.pick(&vols);
                    let child = fam
                        .children()
                        .next()
                        .map(|c| fam.members[c].given().to_string())
                        .unwrap_or_else(|| "the children".into());
                    wanted.push((
                        v,
                        Helper::Volunteer,
                        format!("Volunteer mentor for {child}"),
                    ));
                }
            }
        }
        let specialists = self.org.specialists.get(fam.service).cloned();
        if let Some([da, mh, su]) = specialists {
            if fam.harmful_ex.is_some() && !da.is_empty() && self.chance(0.7) {
                let p = self.pick(&da);
                wanted.push((
                    p,
                    Helper::DomesticAbuse,
                    "Domestic abuse specialist working with mother".into(),
                ));
            }
            if mother_name.is_some() && !mh.is_empty() && self.chance(0.08) {
                let p = self.pick(&mh);
                wanted.push((
                    p,
                    Helper::MentalHealth,
                    "Mental health practitioner supporting mother".into(),
                ));
            }
            if !su.is_empty() && self.chance(0.07) {
                let p = self.pick(&su);
                let who = if fam.father.is_some() && self.chance(0.6) {
                    "father"
                } else {
                    "mother"
                };
                wanted.push((
                    p,
                    Helper::SubstanceUse,
                    format!("Substance use worker supporting {who}"),
                ));
            }
        }
        if !self.org.iros.is_empty() {
            let role = match fam.function {
                TeamFunction::ChildrenInCare => Some("Independent reviewing officer"),
                TeamFunction::ChildProtection => Some("Child protection conference chair"),
                _ => None,
            };
            if let Some(role) = role {
                let iros = self.org.iros.clone();
                let p = self.pick(&iros);
                wanted.push((p, Helper::Reviewing, role.into()));
            }
        }
        for (p, helper, role) in wanted {
            let join = self.org.pracs[p].join;
            let date = add_days(fam.open, self.range(0, 60)).max(join).min(today);
            let ts = self.ts_at(fam, date, &[]);
            let actor = self.lead_id(fam, date);
            let body = EventBody::FamilyTeamMemberAdded {
                family_id: fam.id,
                user_id: self.org.pracs[p].id,
                role,
            };
            self.push(ts, date, actor, body);
            fam.helpers.push((p, helper, date));
        }
    }

    fn restriction(&mut self, fam: &Fam, force: bool) {
        if fam.allocs.len() > 1 {
            return;
        }
        let a = &fam.allocs[0];
        let lead = a.lead;
        let Some(manager) = self.org.teams[a.team].manager else {
            return;
        };
        for c in fam.children().collect::<Vec<_>>() {
            let chosen = if force {
                fam.children().next() == Some(c)
            } else {
                self.chance(0.01)
            };
            if !chosen {
                continue;
            }
            let earliest = fam.members[c]
                .added
                .max(self.org.pracs[lead].join)
                .max(self.org.pracs[manager].join);
            let date = add_days(earliest, self.range(0, 14)).min(self.today);
            let ts = self.ts_at(fam, date, &[c]);
            let person_id = fam.members[c].id;
            let actor = Some(self.org.pracs[manager].id);
            self.push(
                ts,
                date,
                actor,
                EventBody::RecordRestricted {
                    person_id,
                    reason: "Relative of a member of staff".into(),
                },
            );
            for (p, why) in [(lead, "Lead practitioner"), (manager, "Team manager")] {
                let body = EventBody::AccessGranted {
                    person_id,
                    user_id: self.org.pracs[p].id,
                    reason: why.into(),
                };
                self.push(ts, date, actor, body);
            }
            self.stats.restricted_children += 1;
        }
    }

    fn warnings(&mut self, fam: &Fam, force: bool) {
        let today = self.today;
        let mut notes: Vec<(Option<usize>, &'static str, &'static str)> = Vec::new();
        let family_level: Vec<(&str, &str)> = text::WARNINGS
            .iter()
            .filter(|w| !w.2)
            .map(|w| (w.0, w.1))
            .collect();
        let person_level: Vec<(&str, &str)> = text::WARNINGS
            .iter()
            .filter(|w| w.2)
            .map(|w| (w.0, w.1))
            .collect();
        if force {
            let (cat, detail) = if self.chance(0.7) {
                (WARNING_HELPERS[0], family_level[0].1)
            } else {
                self.pick(&family_level)
            };
            notes.push((None, cat, detail));
        } else if self.chance(0.025) {
            let (cat, detail) = self.pick(&family_level);
            notes.push((None, cat, detail));
        }
        for a in fam.adults().collect::<Vec<_>>() {
            let risky = Some(a) == fam.harmful_ex
                || matches!(fam.members[a].role, Role::Father | Role::StepParent);
            if self.chance(if risky { 0.035 } else { 0.008 }) {
                let (cat, detail) = self.pick(&person_level);
                notes.push((Some(a), cat, detail));
            }
        }
        for (person, category, detail) in notes {
            let added_on = self.date_between(fam.open, today);
            let months = self.pick(&[3i64, 6, 6, 12]);
            let review_on = add_days(added_on, months * 30);
            let author = fam.alloc_on(added_on).lead;
            let people: Vec<usize> = person.into_iter().collect();
            let ts = self.ts_at(fam, added_on, &people);
            let id = WarningId::from_u128(self.id());
            let warning = WarningNote {
                id,
                person_id: person.map(|p| fam.members[p].id),
                family_id: if person.is_none() { Some(fam.id) } else { None },
                category: category.to_string(),
                detail: detail.to_string(),
                review_on,
                added_by: self.org.pracs[author].id,
                added_on,
                ended_on: None,
            };
            let actor = Some(self.org.pracs[author].id);
            self.push(ts, added_on, actor, EventBody::WarningNoteAdded { warning });
            self.stats.warnings += 1;
            if review_on < today && self.chance(0.5) {
                let next_review = add_days(review_on, 180);
                let reviewed_ts = self.stamp(review_on).max(ts);
                let reviewer = fam.alloc_on(review_on).lead;
                let actor = Some(self.org.pracs[reviewer].id);
                self.push(
                    reviewed_ts,
                    review_on,
                    actor,
                    EventBody::WarningNoteReviewed {
                        warning_id: id,
                        next_review,
                    },
                );
            }
        }
    }

    fn entry(&mut self, fam: &Fam, person: Option<usize>, date: Date, summary: String) {
        if date > self.today {
            return;
        }
        let author = fam.alloc_on(date).lead;
        let people: Vec<usize> = person.into_iter().collect();
        let ts = self.ts_at(fam, date, &people);
        let entry = ChronologyEntry {
            id: ChronologyEntryId::from_u128(self.id()),
            person_id: person.map(|p| fam.members[p].id),
            family_id: Some(fam.id),
            occurred_on: date,
            summary,
            significant: true,
            author: self.org.pracs[author].id,
        };
        let actor = Some(entry.author);
        self.push(ts, date, actor, EventBody::ChronologyEntryAdded { entry });
        self.stats.chronology_entries += 1;
    }

    fn chronology(&mut self, fam: &Fam) {
        let open = fam.open;
        let source = self.pick(text::REFERRAL_SOURCES);
        let concern = if fam.harmful_ex.is_some() {
            "domestic abuse in the home"
        } else {
            self.pick(text::REFERRAL_CONCERNS)
        };
        if fam.uasc {
            let c = fam.children().next();
            let name = c
                .map(|c| fam.members[c].given().to_string())
                .unwrap_or_default();
            self.entry(
                fam,
                c,
                open,
                format!("{name} arrived in the area as an unaccompanied asylum-seeking child and was placed in foster care"),
            );
            return;
        }
        self.entry(
            fam,
            None,
            open,
            format!("Referral received from {source} about {concern}"),
        );
        if let Some(ex) = fam.harmful_ex {
            if self.chance(0.7) {
                let d = add_days(open, -self.range(5, 40));
                let name = fam.members[ex].given().to_string();
                self.entry(
                    fam,
                    None,
                    d,
                    format!("Police called to the family home after a domestic abuse incident involving {name}"),
                );
            }
        }
        let eldest = fam.children().next();
        let eldest_name = eldest
            .map(|c| fam.members[c].given().to_string())
            .unwrap_or_default();
        let names: Vec<String> = fam
            .children()
            .map(|c| fam.members[c].given().to_string())
            .collect();
        let all = list(&names.iter().map(String::as_str).collect::<Vec<_>>());
        match fam.function {
            TeamFunction::Assessment if fam.key.s47.is_some() => {
                let d = fam.key.s47.unwrap_or(open);
                self.entry(
                    fam,
                    None,
                    d,
                    "Strategy discussion held: section 47 enquiry started".into(),
                );
            }
            TeamFunction::FamilySupport => {
                let d = add_days(open, self.range(20, 45));
                self.entry(
                    fam,
                    None,
                    d,
                    "Single assessment completed: child in need plan agreed".into(),
                );
            }
            TeamFunction::ChildProtection => {
                let d = fam
                    .key
                    .icpc
                    .unwrap_or_else(|| add_days(open, self.range(10, 15)));
                let cat = self.pick(text::CP_CATEGORIES);
                let plans = if names.len() > 1 {
                    "child protection plans"
                } else {
                    "a child protection plan"
                };
                self.entry(
                    fam,
                    None,
                    d,
                    format!("Initial child protection conference: {all} made subject to {plans} under the category of {cat}"),
                );
            }
            TeamFunction::ChildrenInCare => {
                let d = fam.key.looked_after.unwrap_or(open);
                let how = self.pick(&[
                    "became looked after under section 20 and moved to foster care",
                    "became looked after under an interim care order and was placed with foster carers",
                    "became looked after after an emergency protection order",
                ]);
                self.entry(fam, eldest, d, format!("{eldest_name} {how}"));
            }
            TeamFunction::CareLeavers => {
                let d = self.date_between(add_days(self.today, -400), self.today);
                self.entry(
                    fam,
                    eldest,
                    d,
                    format!("{eldest_name} moved into supported accommodation"),
                );
            }
            TeamFunction::Disability => {
                if let Some(c) = eldest {
                    if fam.members[c]
                        .details
                        .disabilities
                        .contains(&Disability::Autism)
                    {
                        let d = self.date_between(add_days(open, -300), open);
                        self.entry(
                            fam,
                            eldest,
                            d,
                            format!("{eldest_name} diagnosed with autism by the community paediatrician"),
                        );
                    }
                }
            }
            _ => {}
        }
    }

    fn context(&mut self, fam: &Fam, focus: Option<usize>, children: &[usize], date: Date) -> Ctx {
        let given = |i: Option<usize>| i.map(|i| fam.members[i].given().to_string());
        let names: Vec<&str> = children.iter().map(|&c| fam.members[c].given()).collect();
        let carer = if fam.function == TeamFunction::ChildrenInCare {
            fam.mother
        } else {
            fam.main_carer()
        };
        let parent = given(carer).unwrap_or_else(|| "the carer".into());
        let carer_word = match carer.map(|c| (&fam.members[c].role, fam.members[c].details.sex)) {
            Some((Role::Grandparent, Some(Sex::Male))) => "Grandad",
            Some((Role::Grandparent, _)) => "Nan",
            Some((_, Some(Sex::Male))) => "Dad",
            _ => "Mum",
        };
        let school = focus
            .map(|c| fam.members[c].school)
            .filter(|s| !s.is_empty())
            .unwrap_or("school");
        let next = add_days(date, self.range(7, 28));
        Ctx {
            child: given(focus).unwrap_or_else(|| "the child".into()),
            children: list(&names),
            parent,
            nan: given(fam.grandparent).unwrap_or_default(),
            ex: given(fam.harmful_ex).unwrap_or_else(|| "the children's father".into()),
            school: school.to_string(),
            carer: if fam.carer.is_empty() {
                "the carers".into()
            } else {
                fam.carer.clone()
            },
            date: long_date(next),
            percent: self.range(78, 96).to_string(),
            carer_word: carer_word.to_string(),
            meeting: match fam.function {
                TeamFunction::ChildProtection => "core group",
                TeamFunction::ChildrenInCare => "looked-after review",
                TeamFunction::CareLeavers => "pathway plan review",
                _ => "child in need meeting",
            }
            .into(),
            school_age: focus.is_some_and(|c| age_on(fam.members[c].dob(), date) >= 4),
        }
    }

    /// One of `options` that suits the people in `ctx` (any, if none does).
    fn pick_fitting(&mut self, ctx: &Ctx, options: &[&'static str]) -> &'static str {
        let fitting: Vec<&'static str> = options.iter().copied().filter(|t| ctx.fits(t)).collect();
        if fitting.is_empty() {
            self.pick(options)
        } else {
            self.pick(&fitting)
        }
    }

    /// One (title, body) of `options` that suits the people in `ctx`.
    fn pick_note(
        &mut self,
        ctx: &Ctx,
        options: &[(&'static str, &'static str)],
    ) -> (&'static str, &'static str) {
        let fitting: Vec<(&'static str, &'static str)> = options
            .iter()
            .copied()
            .filter(|(t, b)| ctx.fits(t) && ctx.fits(b))
            .collect();
        if fitting.is_empty() {
            self.pick(options)
        } else {
            self.pick(&fitting)
        }
    }

    /// Add a paragraph from `options`, not one already used in this record.
    fn para(
        &mut self,
        ctx: &Ctx,
        options: &[&'static str],
        used: &mut Vec<&'static str>,
        out: &mut String,
    ) {
        let fitting: Vec<&'static str> = options
            .iter()
            .copied()
            .filter(|t| ctx.fits(t) && !used.contains(t))
            .collect();
        if fitting.is_empty() {
            return;
        }
        let t = self.pick(&fitting);
        used.push(t);
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        ctx.render(t, out);
    }

    fn visit_body(
        &mut self,
        fam: &Fam,
        ctx: &Ctx,
        openings: &[&'static str],
        focus_age: i64,
    ) -> String {
        let mut out = String::with_capacity(900);
        let used = &mut Vec::with_capacity(8);
        let out_ = &mut out;
        match fam.function {
            TeamFunction::ChildrenInCare => {
                use text::care as t;
                self.para(ctx, openings, used, out_);
                self.para(ctx, t::STRENGTHS, used, out_);
                if self.chance(0.6) {
                    self.para(ctx, t::WORRIES, used, out_);
                }
                if (5..=17).contains(&focus_age) {
                    self.para(ctx, t::SCHOOL, used, out_);
                }
                if self.chance(0.5) {
                    self.para(ctx, t::HEALTH, used, out_);
                }
                if focus_age >= 5 {
                    self.para(ctx, t::WISHES, used, out_);
                } else {
                    self.para(ctx, text::home::WISHES_YOUNG, used, out_);
                }
                self.para(ctx, t::NEXT_STEPS, used, out_);
            }
            TeamFunction::CareLeavers => {
                use text::leaving as t;
                self.para(ctx, openings, used, out_);
                self.para(ctx, t::STRENGTHS, used, out_);
                if self.chance(0.6) {
                    self.para(ctx, t::WORRIES, used, out_);
                }
                if self.chance(0.4) {
                    self.para(ctx, t::HEALTH, used, out_);
                }
                self.para(ctx, t::WISHES, used, out_);
                self.para(ctx, t::NEXT_STEPS, used, out_);
            }
            _ => {
                use text::home as t;
                let abuse = fam.harmful_ex.is_some() && fam.main_carer() == fam.mother;
                self.para(ctx, openings, used, out_);
                if abuse && self.chance(0.4) {
                    self.para(ctx, t::EX_STRENGTHS, used, out_);
                } else {
                    self.para(ctx, t::STRENGTHS, used, out_);
                }
                if self.chance(0.4) {
                    self.para(ctx, t::STRENGTHS, used, out_);
                }
                if abuse && self.chance(0.4) {
                    self.para(ctx, t::EX_WORRIES, used, out_);
                } else if self.chance(0.7) {
                    self.para(ctx, t::WORRIES, used, out_);
                }
                match focus_age {
                    0..=1 => {
                        let options = [t::EARLY_YEARS[0], t::EARLY_YEARS[2], t::EARLY_YEARS[3]];
                        self.para(ctx, &options, used, out_);
                    }
                    2..=4 => self.para(ctx, t::EARLY_YEARS, used, out_),
                    5..=10 => self.para(ctx, t::PRIMARY, used, out_),
                    11..=16 => self.para(ctx, t::SECONDARY, used, out_),
                    _ => self.para(ctx, t::COLLEGE, used, out_),
                }
                if self.chance(0.5) {
                    self.para(ctx, t::HEALTH, used, out_);
                }
                if focus_age < 5 {
                    self.para(ctx, t::WISHES_YOUNG, used, out_);
                } else if fam.dad_away && self.chance(0.25) {
                    self.para(ctx, t::WISHES_DAD_AWAY, used, out_);
                } else {
                    self.para(ctx, t::WISHES, used, out_);
                }
                self.para(ctx, t::NEXT_STEPS, used, out_);
            }
        }
        out
    }

    fn childs_words(&mut self, fam: &Fam, ctx: &Ctx, seen: &[usize], date: Date) -> String {
        let mut said: Vec<(&str, &'static str)> = Vec::new();
        for &c in seen {
            let age = age_on(fam.members[c].dob(), date);
            if age < 5 || !self.chance(0.85) {
                continue;
            }
            let roll = self.range(0, 99);
            let pool = match fam.function {
                TeamFunction::CareLeavers => text::WORDS_LEAVING,
                TeamFunction::ChildrenInCare if roll < 60 => text::WORDS_CARE,
                _ if fam.harmful_ex.is_some() && roll < 30 => text::WORDS_ABUSE,
                _ if fam.dad_away && roll < 25 => text::WORDS_DAD_AWAY,
                _ if age <= 10 => text::WORDS_YOUNG,
                _ => text::WORDS_OLDER,
            };
            let fitting: Vec<&'static str> = pool
                .iter()
                .copied()
                .filter(|w| ctx.fits(w) && !said.iter().any(|(_, s)| s == w))
                .collect();
            if fitting.is_empty() {
                continue;
            }
            let words = self.pick(&fitting);
            said.push((fam.members[c].given(), words));
        }
        let mut out = String::new();
        match said.as_slice() {
            [] => {}
            [(_, words)] => ctx.render(words, &mut out),
            many => {
                for (k, (name, words)) in many.iter().enumerate() {
                    if k > 0 {
                        out.push('\n');
                    }
                    out.push_str(name);
                    out.push_str(": \"");
                    ctx.render(words, &mut out);
                    out.push('"');
                }
            }
        }
        out
    }

    fn records(&mut self, fam: &Fam) {
        let today = self.today;
        let window = fam.open.max(add_days(today, -182));
        let cadence: i64 = match fam.function {
            TeamFunction::Assessment => 9,
            TeamFunction::FamilySupport => 21,
            TeamFunction::ChildProtection => 10,
            TeamFunction::ChildrenInCare => 42,
            TeamFunction::CareLeavers => 56,
            TeamFunction::Disability => 35,
            _ => 0,
        };
        let mut visits: Vec<Date> = Vec::new();
        if cadence > 0 {
            let mut d = add_days(window, self.range(1, cadence));
            while d <= today {
                visits.push(d);
                let jitter = cadence / 4;
                d = add_days(d, (cadence + self.range(-jitter, jitter)).max(3));
            }
            if visits.len() > 10 {
                visits.drain(..visits.len() - 10);
            }
            if fam.demo && visits.last().is_none_or(|&d| d < add_days(today, -14)) {
                let d = add_days(today, -self.range(1, 10)).max(fam.open);
                visits.push(d);
            }
        }
        for d in visits {
            self.visit(fam, d);
        }
        let notes = match fam.function {
            TeamFunction::FrontDoor => self.range(1, 3),
            TeamFunction::Assessment => self.range(1, 3),
            _ => self.range(1, 4),
        };
        for _ in 0..notes {
            let d = self.date_between(window, today);
            self.case_note(fam, d);
        }
    }

    fn visit(&mut self, fam: &Fam, date: Date) {
        let children = fam.children_on(date);
        if children.is_empty() {
            return;
        }
        let alloc = fam.alloc_on(date).clone();
        let author = alloc.lead;
        let mut seen: Vec<usize> = children
            .iter()
            .copied()
            .filter(|_| self.chance(0.93))
            .collect();
        if seen.is_empty() && self.chance(0.7) {
            seen.push(children[0]);
        }
        let mut seen_alone = Vec::new();
        for &c in &seen {
            if age_on(fam.members[c].dob(), date) >= 5 && self.chance(0.65) {
                seen_alone.push(c);
            }
        }
        let focus = seen.first().copied().or(children.first().copied());
        let focus_age = focus
            .map(|c| age_on(fam.members[c].dob(), date))
            .unwrap_or(0);
        let kinds = match fam.function {
            TeamFunction::ChildrenInCare => text::CARE_VISITS,
            TeamFunction::CareLeavers => text::LEAVING_VISITS,
            TeamFunction::Assessment => text::ASSESSMENT_VISITS,
            _ => text::HOME_VISITS,
        };
        let mut kind = &kinds[self.index(kinds.len())];
        let unsuitable = (kind.location == "School" && !(5..=16).contains(&focus_age))
            || (kind.title == "Direct work session" && focus_age < 4);
        if unsuitable {
            kind = &kinds[0];
        }
        let (title, location) = (kind.title, kind.location);
        let at_family_home = location == "Family home";
        let mut seen_people: Vec<PersonId> = seen.iter().map(|&c| fam.members[c].id).collect();
        if at_family_home {
            for a in fam.adults() {
                let m = &fam.members[a];
                let lives_there = m
                    .home
                    .is_some_and(|h| fam.homes[h].kind == HomeKind::Family);
                if lives_there && self.chance(0.8) {
                    seen_people.push(m.id);
                }
            }
        }
        let ctx = self.context(fam, focus, &seen, date);
        let present = match location {
            "School" => self
                .pick(&[
                    "Class teacher",
                    "Designated safeguarding lead",
                    "Nobody else",
                ])
                .to_string(),
            "Foster home" => format!("Foster carers ({})", ctx.carer),
            "Family home" => {
                let carer_lang = fam.main_carer().and_then(|c| fam.members[c].language);
                match carer_lang {
                    Some(lang) if self.chance(0.7) => {
                        format!("{} and a {lang} interpreter", ctx.parent)
                    }
                    _ if fam.grandparent.is_some() && self.chance(0.3) => {
                        format!("{} and {}", ctx.parent, ctx.nan)
                    }
                    _ => ctx.parent.clone(),
                }
            }
            _ => "Nobody else".to_string(),
        };
        let body = self.visit_body(fam, &ctx, kind.openings, focus_age);
        let words = self.childs_words(fam, &ctx, &seen, date);
        let minutes = if seen.is_empty() {
            0
        } else {
            self.pick(&[0u32, 10, 15, 20, 20, 30, 30, 45, 60])
        };
        let visit = VisitDetails {
            seen: seen_people,
            seen_alone: seen_alone.iter().map(|&c| fam.members[c].id).collect(),
            location: location.to_string(),
            present,
            direct_work_minutes: minutes,
        };
        let significant = self.chance(0.03);
        let draft = Draft {
            about: children,
            kind: RecordKind::Visit,
            date,
            title: title.to_string(),
            body,
            words,
            visit: Some(visit),
            significant,
            author,
        };
        self.emit_record(fam, draft, &ctx);
    }

    fn case_note(&mut self, fam: &Fam, date: Date) {
        let children = fam.children_on(date);
        let alloc = fam.alloc_on(date).clone();
        let lead = alloc.lead;
        let focus = children.first().copied();
        let ctx = self.context(fam, focus, &children, date);
        let mut about = children.clone();
        let mut author = lead;
        let mut significant = false;
        let in_post = |g: &Gen, p: usize| g.org.pracs[p].join <= date;
        let mut title = String::new();
        let mut body = String::new();

        let helper = fam
            .helpers
            .iter()
            .filter(|(_, h, from)| {
                *from <= date
                    && matches!(
                        h,
                        Helper::PracticeAssistant
                            | Helper::DomesticAbuse
                            | Helper::MentalHealth
                            | Helper::SubstanceUse
                    )
            })
            .copied()
            .next();
        let roll = self.range(0, 99);
        if fam.function == TeamFunction::FrontDoor {
            let (t, b) = self.pick_note(&ctx, text::SCREENING_NOTES);
            ctx.render(t, &mut title);
            ctx.render(b, &mut body);
            significant = t == "Strategy discussion";
        } else if roll < 20 {
            if let Some(m) = self.org.teams[alloc.team]
                .manager
                .filter(|&m| in_post(self, m))
            {
                author = m;
            }
            title.push_str("Management oversight");
            let options = match fam.function {
                TeamFunction::ChildrenInCare | TeamFunction::CareLeavers => text::CARE_OVERSIGHT,
                _ => text::OVERSIGHT,
            };
            let t = self.pick_fitting(&ctx, options);
            ctx.render(t, &mut body);
        } else if roll < 35 && alloc.unit.is_some() {
            if let Some(u) = alloc.unit {
                let c = self.org.units[u].consultant;
                if in_post(self, c) {
                    author = c;
                }
            }
            title.push_str("Unit case discussion");
            let t = self.pick_fitting(&ctx, text::UNIT_DISCUSSIONS);
            ctx.render(t, &mut body);
        } else if let (true, Some((p, h, _))) = (roll < 60, helper) {
            author = p;
            let (t, b) = match h {
                Helper::PracticeAssistant => self.pick_note(&ctx, text::PA_NOTES),
                Helper::DomesticAbuse => text::SPECIALIST_NOTES[0],
                Helper::MentalHealth => text::SPECIALIST_NOTES[1],
                _ => text::SPECIALIST_NOTES[2],
            };
            if h != Helper::PracticeAssistant {
                if let Some(m) = fam.main_carer() {
                    about = vec![m];
                }
            }
            ctx.render(t, &mut title);
            ctx.render(b, &mut body);
        } else {
            let age = focus.map(|c| age_on(fam.members[c].dob(), date));
            let fitting: Vec<(&str, &str)> = match fam.function {
                TeamFunction::ChildrenInCare if !fam.uasc || self.chance(0.3) => {
                    text::CARE_NOTES.to_vec()
                }
                TeamFunction::ChildrenInCare | TeamFunction::CareLeavers => {
                    text::LEAVING_NOTES.to_vec()
                }
                _ => text::NOTES
                    .iter()
                    .filter(|n| age.is_none_or(|a| (n.2..=n.3).contains(&a)))
                    .filter(|n| !n.0.contains("{parent}") || fam.main_carer().is_some())
                    .map(|n| (n.0, n.1))
                    .collect(),
            };
            if fitting.is_empty() {
                return;
            }
            let (t, b) = self.pick_note(&ctx, &fitting);
            ctx.render(t, &mut title);
            ctx.render(b, &mut body);
        }
        if about.is_empty() {
            match fam.main_carer() {
                Some(m) => about.push(m),
                None => return,
            }
        }
        let draft = Draft {
            about,
            kind: RecordKind::CaseNote,
            date,
            title,
            body,
            words: String::new(),
            visit: None,
            significant,
            author,
        };
        self.emit_record(fam, draft, &ctx);
    }

    fn emit_record(&mut self, fam: &Fam, draft: Draft, ctx: &Ctx) {
        let floor = fam.floor(&draft.about);
        let ts = self.stamp(draft.date).max(floor);
        let author_id = self.org.pracs[draft.author].id;
        let record = CaseRecord {
            id: RecordId::from_u128(self.id()),
            family_id: fam.id,
            about: draft.about.iter().map(|&p| fam.members[p].id).collect(),
            kind: draft.kind,
            occurred_on: draft.date,
            title: draft.title,
            body: draft.body,
            childs_words: draft.words,
            visit: draft.visit,
            significant: draft.significant,
            author: author_id,
            recorded_at: ts,
            supersedes: None,
            superseded_by: None,
            correction_reason: None,
        };
        self.stats.records += 1;
        if !self.chance(0.025) {
            self.push(
                ts,
                draft.date,
                Some(author_id),
                EventBody::CaseRecordFinalised { record },
            );
            return;
        }
        // This record was first finalised with a mistake, then corrected.
        let (reason, what) = self.pick(text::CORRECTIONS);
        let mut original = record.clone();
        let mut reason = reason;
        match what {
            "date" if draft.date > fam.open => {
                original.occurred_on = add_days(draft.date, -1);
            }
            "school" if !ctx.school.is_empty() && original.body.contains(&ctx.school) => {
                let other = self.pick(PRIMARY_SCHOOLS);
                original.body = original.body.replace(&ctx.school, other);
            }
            "words" if !record.childs_words.is_empty() => {
                original.childs_words = String::new();
            }
            "about" if draft.about.len() < fam.members.len() => {
                let extra = fam
                    .members
                    .iter()
                    .find(|m| {
                        m.role == Role::Child
                            && m.added <= draft.date
                            && !original.about.contains(&m.id)
                            && m.ts.is_some_and(|t| t <= ts)
                    })
                    .map(|m| m.id);
                match extra {
                    Some(id) => original.about.push(id),
                    None => {
                        reason = text::CORRECTIONS[3].0;
                        original.body =
                            original.body.replacen(&ctx.child, &misspell(&ctx.child), 1);
                    }
                }
            }
            _ => {
                reason = text::CORRECTIONS[3].0;
                original.body = original.body.replacen(&ctx.child, &misspell(&ctx.child), 1);
                original.title = original
                    .title
                    .replacen(&ctx.child, &misspell(&ctx.child), 1);
            }
        }
        let unchanged = original.body == record.body
            && original.title == record.title
            && original.occurred_on == record.occurred_on
            && original.childs_words == record.childs_words
            && original.about == record.about;
        if unchanged {
            if draft.date > fam.open {
                reason = text::CORRECTIONS[0].0;
                original.occurred_on = add_days(draft.date, -1);
            } else {
                self.push(
                    ts,
                    draft.date,
                    Some(author_id),
                    EventBody::CaseRecordFinalised { record },
                );
                return;
            }
        }
        original.id = RecordId::from_u128(self.id());
        let valid_from = original.occurred_on;
        self.push(
            ts,
            valid_from,
            Some(author_id),
            EventBody::CaseRecordFinalised {
                record: original.clone(),
            },
        );
        let later = add_days(draft.date, self.range(1, 10));
        let corrected_ts = self.stamp(later).max(ts);
        let mut corrected = record;
        corrected.recorded_at = corrected_ts;
        corrected.supersedes = Some(original.id);
        corrected.correction_reason = Some(reason.to_string());
        self.push(
            corrected_ts,
            corrected.occurred_on,
            Some(author_id),
            EventBody::CaseRecordCorrected {
                record: corrected,
                supersedes: original.id,
                reason: reason.to_string(),
            },
        );
        self.stats.records += 1;
        self.stats.corrections += 1;
    }
}

/// The indefinite article for a word.
fn a_or_an(word: &str) -> &'static str {
    match word.chars().next() {
        Some('A' | 'E' | 'I' | 'O' | 'U') => "an",
        _ => "a",
    }
}

fn m_is_newborn(fam: &Fam, i: usize) -> bool {
    let m = &fam.members[i];
    m.role == Role::Child && m.added > fam.open && m.dob() >= fam.open
}

/// A plausible slip of the keyboard: two letters swapped.
fn misspell(name: &str) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    if chars.len() >= 3 {
        let n = chars.len();
        chars.swap(n - 2, n - 3);
    }
    chars.into_iter().collect()
}

/// (from, to, kind, parental responsibility, quality, start) of a relationship.
type Rel = (
    usize,
    usize,
    RelationshipKind,
    bool,
    RelationshipQuality,
    Option<Date>,
);

struct Draft {
    about: Vec<usize>,
    kind: RecordKind,
    date: Date,
    title: String,
    body: String,
    words: String,
    visit: Option<VisitDetails>,
    significant: bool,
    author: usize,
}
