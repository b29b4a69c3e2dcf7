//! The council's closed cases: children referred over the last four
//! collection years and the current one whose involvement has ended, so the
//! outcome measures have a history to show trends over.
//!
//! A council of size 1.0 takes in about [`REFERRALS_PER_YEAR`] referrals a
//! year. Most of the families open today were referred in the last year or
//! two, so each month is filled up to that rate with cases that have closed:
//! about half end at assessment with no further action, a quarter after a
//! children in need plan, some after a child protection plan (a few lasting
//! two years or more) and a few after a period of care, most of those going
//! home (some of whom come back into care). About a quarter of the children
//! are referred again within 12 months of their first referral, and some of
//! them are the subject of a second child protection plan.
//!
//! Timeliness improves gently year on year (assessments and initial
//! conferences), as a council's would under a practice improvement plan,
//! while the re-referral rate falls a little; repeat and long plans stay
//! flat.
//!
//! Closed cases are kept light: the child, a family held by a team, the
//! lead practitioners (whose allocation ends when the case closes) and the
//! journey's steps; no case notes, visits or practice records. They draw
//! on their own random stream, seeded from the council's seed, so the rest
//! of the council is the same with or without them.

use std::collections::BTreeMap;

use hearth_core::calendar::collection_year_of;
use hearth_core::codes::Sex;
use hearth_core::event::EventBody;
use hearth_core::ids::{FamilyId, HouseholdId, StepId};
use hearth_core::journey::{JourneyStep, StepDetail};
use hearth_core::model::TeamFunction;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use time::{Date, Duration, Month, OffsetDateTime};

use super::{add_wd, on_wd, CareEnd, Key, Route, Steps};
use crate::family::{age_on, Alloc, Fam, Home, HomeKind, Member, Role, AGES_CIN};
use crate::gen::{add_days, Gen};
use crate::names::CULTURES;

/// Referrals a year in a council of size 1.0, open and closed cases
/// together. England has about 633,000 referrals a year over 153 councils
/// (about 4,100 each); the synthetic council takes fewer, since every closed
/// case adds to the journal the demo loads.
pub(crate) const REFERRALS_PER_YEAR: f64 = 2300.0;

/// Mixed into the council's seed for the closed cases' own random stream.
const HISTORY_STREAM: u64 = 0x4849_5354_4f52_5931;

/// How a closed episode went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Path {
    /// Assessed, then closed with no further action (or to early help).
    Assessed,
    /// A children in need plan after the assessment.
    CinPlan,
    /// A section 47 enquiry, a conference and a child protection plan.
    Protection,
    /// Looked after for a while, then left care.
    Care,
}

/// One closed child as the history is built.
struct Closed {
    /// Index of the child in its family.
    member: usize,
    /// Lead practitioner allocations so far.
    allocations: usize,
    /// Looked after in an earlier episode.
    cared: bool,
    /// Child protection plans so far.
    plans: usize,
}

impl Gen {
    /// Adds the closed cases (see the module's documentation). Call once
    /// every open family exists.
    pub(crate) fn history(&mut self, seed: u64, size: f64) {
        let saved = std::mem::replace(
            &mut self.rng,
            ChaCha8Rng::seed_from_u64(seed ^ HISTORY_STREAM),
        );
        let (families, children, adults) =
            (self.stats.families, self.stats.children, self.stats.adults);
        let lead_changes = self.stats.lead_changes;
        self.earlier_outcomes();
        self.closed_cases(size);
        self.stats.closed_families = self.stats.families - families;
        self.stats.closed_children = self.stats.children - children;
        self.stats.closed_lead_changes = self.stats.lead_changes - lead_changes;
        self.stats.families = families;
        self.stats.children = children;
        self.stats.adults = adults;
        self.stats.lead_changes = lead_changes;
        self.rng = saved;
    }

    /// The outcomes return (OC2) for the three years before the latest, for
    /// the children looked after today who were then looked after for the
    /// whole year: each has a strengths and difficulties score most years,
    /// drifting down (better) towards the latest one for most children.
    fn earlier_outcomes(&mut self) {
        let ry_end = super::report_year_end(self.today);
        let mut born: BTreeMap<u128, (Date, OffsetDateTime)> = BTreeMap::new();
        let mut care_from: BTreeMap<u128, Date> = BTreeMap::new();
        let mut latest: Vec<(
            hearth_core::ids::PersonId,
            i64,
            Option<hearth_core::ids::UserId>,
        )> = Vec::new();
        for e in &self.events {
            match &e.body {
                EventBody::PersonRegistered {
                    person_id, details, ..
                } => {
                    if let Some(dob) = details.date_of_birth {
                        born.insert(person_id.0.as_u128(), (dob, e.recorded_at));
                    }
                }
                EventBody::JourneyStepRecorded { person_id, step } => match &step.detail {
                    StepDetail::CareEpisode {
                        start,
                        legal_status,
                        ..
                    } if !matches!(legal_status.as_str(), "V3" | "V4") => {
                        let from = care_from.entry(person_id.0.as_u128()).or_insert(*start);
                        *from = (*from).min(*start);
                    }
                    StepDetail::CareOutcomes {
                        year, sdq_score, ..
                    } if *year == Some(collection_year_of(ry_end)) => {
                        if let Ok(score) = sdq_score.trim().parse::<i64>() {
                            latest.push((*person_id, score, e.actor));
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        for (person_id, score, actor) in latest {
            let key = person_id.0.as_u128();
            let (Some(&(dob, registered)), Some(&from)) = (born.get(&key), care_from.get(&key))
            else {
                continue;
            };
            // Most children's scores have come down over their time in care.
            let drift = self.weighted(&[(-1i64, 20), (0, 20), (1, 35), (2, 25)]);
            let mut score = score;
            for back in 1..=3 {
                let ye = super::add_months(ry_end, -12 * back);
                let ys = add_days(super::add_months(ye, -12), 1);
                if from > ys || age_on(dob, ys) < 4 || age_on(dob, ye) > 16 {
                    break;
                }
                score = (score + drift + self.range(-1, 1)).clamp(0, 40);
                let mut s = Steps { list: vec![] };
                self.outcomes(&mut s, dob, ys, ye);
                for (valid, _, _, mut detail) in s.list {
                    if let StepDetail::CareOutcomes { sdq_score, .. } = &mut detail {
                        if !sdq_score.is_empty() {
                            *sdq_score = score.to_string();
                        }
                    }
                    let ts = self.stamp(valid).max(registered + Duration::seconds(1));
                    let step = JourneyStep {
                        id: StepId::from_u128(self.id()),
                        detail,
                    };
                    self.push(
                        ts,
                        valid,
                        actor,
                        EventBody::JourneyStepRecorded { person_id, step },
                    );
                    self.stats.journey_steps += 1;
                }
            }
        }
    }

    fn closed_cases(&mut self, size: f64) {
        let today = self.today;
        // Referrals of the open council, by month.
        let mut open: BTreeMap<(i32, u8), f64> = BTreeMap::new();
        for e in &self.events {
            if let EventBody::JourneyStepRecorded { step, .. } = &e.body {
                if let StepDetail::CinEpisode { referral_date, .. } = &step.detail {
                    *open
                        .entry((referral_date.year(), u8::from(referral_date.month())))
                        .or_default() += 1.0;
                }
            }
        }
        let first_year = collection_year_of(today) - 4;
        let mut month = Date::from_calendar_date(first_year - 1, Month::April, 1).unwrap_or(today);
        let monthly = REFERRALS_PER_YEAR * size / 12.0;
        let mut fams: Vec<Fam> = Vec::new();
        let mut kids: Vec<Closed> = Vec::new();
        while month <= today {
            let next = super::add_months(month, 1);
            // Referrals of the last four months are mostly still open.
            let last = add_days(next, -1).min(add_days(today, -120));
            if last < month {
                break;
            }
            let share =
                ((last - month).whole_days() + 1) as f64 / ((next - month).whole_days()) as f64;
            let have = open
                .get(&(month.year(), u8::from(month.month())))
                .copied()
                .unwrap_or(0.0);
            // New children, leaving room for the re-referrals they bring.
            let want = ((monthly * share - have).max(0.0)) / 1.25;
            let mut n = 0.0;
            while n < want {
                let r = on_wd(self.date_between(month, last));
                if r >= today {
                    break;
                }
                let siblings = self.weighted(&[(1usize, 48), (2, 34), (3, 18)]);
                n += siblings as f64;
                self.closed_family(r, siblings, &mut fams, &mut kids);
            }
            month = next;
        }
    }

    /// A family referred on `r` with `siblings` children, each with one or
    /// more closed episodes.
    fn closed_family(
        &mut self,
        r: Date,
        siblings: usize,
        fams: &mut Vec<Fam>,
        kids: &mut Vec<Closed>,
    ) {
        let today = self.today;
        let (mc, _, eth) = self.heritage(false);
        let c = &CULTURES[mc];
        let surname = self.pick(c.surnames);
        let (lo, hi) = self.weighted(AGES_CIN);
        let eldest = self.range(lo, hi);
        let service = self.index(2);
        let flat = self.chance(0.3);
        let address = self.address(service, flat);
        let ts = self.stamp(r);
        let mut fam = Fam {
            id: FamilyId::from_u128(self.id()),
            function: TeamFunction::Assessment,
            open: r,
            ts,
            service,
            members: vec![],
            homes: vec![Home {
                id: HouseholdId::from_u128(self.id()),
                address,
                kind: HomeKind::Family,
            }],
            allocs: vec![],
            helpers: vec![],
            mother: None,
            father: None,
            grandparent: None,
            harmful_ex: None,
            carer: String::new(),
            demo: false,
            uasc: false,
            dad_away: false,
            key: Key::default(),
        };
        let mut age = eldest;
        for k in 0..siblings {
            if k > 0 {
                age -= self.weighted(&[(1i64, 30), (2, 40), (3, 30)]);
                if age < 0 {
                    break;
                }
            }
            let male = self.chance(0.51);
            let pool = if male { c.boys } else { c.girls };
            let given = self.fresh_name(pool, &fam.members);
            let dob = add_days(r, -(age * 365 + age / 4 + self.range(0, 364)));
            let sex = if male { Sex::Male } else { Sex::Female };
            let (mut details, language) = self.details(c, given, surname, dob, sex, false);
            details.ethnicity = Some(eth);
            if age_on(dob, today) >= 4 {
                details.upn = self.upn(dob);
            }
            if self.chance(0.95) {
                details.nhs_number = self.nhs_number();
            }
            fam.members.push(Member {
                id: hearth_core::ids::PersonId::from_u128(self.id()),
                role: Role::Child,
                details,
                added: r,
                ts: None,
                home: None,
                school: "",
                language,
            });
        }
        let (assessment_team, assessment_unit) =
            self.closed_team(TeamFunction::Assessment, service);
        let family_name = format!("{surname} family");
        self.push(
            ts,
            r,
            None,
            EventBody::FamilyCreated {
                family_id: fam.id,
                name: family_name,
            },
        );
        self.push(
            ts,
            r,
            None,
            EventBody::FamilyAllocatedToTeam {
                family_id: fam.id,
                team_id: self.org.teams[assessment_team].id,
                unit_id: assessment_unit.map(|u| self.org.units[u].id),
            },
        );
        self.stats.families += 1;
        fam.allocs = vec![Alloc {
            date: r,
            team: assessment_team,
            unit: assessment_unit,
            lead: self.closed_lead(assessment_team, assessment_unit, r, None),
            reason: "Allocated at referral",
        }];
        for i in 0..fam.members.len() {
            self.register(&mut fam, i);
        }
        let f = fams.len();
        fams.push(fam);
        for member in 0..fams[f].members.len() {
            kids.push(Closed {
                member,
                allocations: 0,
                cared: false,
                plans: 0,
            });
            let k = kids.len() - 1;
            let mut referral = r;
            let mut path = None;
            let mut last_ts = fams[f].floor(&[member]);
            // The first episode, then perhaps re-referrals.
            for round in 0..3 {
                let Some(closed) =
                    self.closed_episode(&mut fams[f], &mut kids[k], referral, path, &mut last_ts)
                else {
                    break;
                };
                let (closed_on, went_home) = closed;
                let yi = f64::from(collection_year_of(referral) - collection_year_of(today) + 4);
                let had_plan = kids[k].plans > 0;
                // A child who went home from care and is referred again is
                // worked with at home: one period of care per closed child
                // keeps each year's 903 simple (see the report's notes).
                let again = if went_home && self.chance(0.3) {
                    path = Some(Path::CinPlan);
                    true
                } else if had_plan && self.chance(0.45) {
                    // Worries return after a plan ended: a second plan.
                    path = self.chance(0.7).then_some(Path::Protection);
                    true
                } else {
                    path = None;
                    self.chance(if round == 0 { 0.40 - 0.015 * yi } else { 0.12 })
                };
                if !again {
                    break;
                }
                let within = self.chance(0.85);
                let next = if within {
                    let lo = add_days(closed_on, 14);
                    let hi = add_days(referral, 360);
                    if lo >= hi {
                        add_days(closed_on, self.range(14, 200))
                    } else {
                        self.date_between(lo, hi)
                    }
                } else {
                    add_days(closed_on, self.range(200, 700))
                };
                let next = on_wd(next);
                if next >= add_days(today, -20) {
                    break;
                }
                referral = next;
            }
            // A child whose lead practitioner changed, in any episode.
            if kids[k].allocations > 1 {
                self.stats.lead_changes += 1;
            }
        }
    }

    /// A unit (and its team) of `function` in `service`, or any service.
    fn closed_team(&mut self, function: TeamFunction, service: usize) -> (usize, Option<usize>) {
        let mut units = self.org.units_of(function, Some(service));
        if units.is_empty() {
            units = self.org.units_of(function, None);
        }
        if units.is_empty() {
            return (self.org.front_door_team, None);
        }
        let u = self.pick(&units);
        (self.org.units[u].team, Some(u))
    }

    /// A case holder of the unit in post on `on` (one who has since left,
    /// sometimes), other than `not`; never one of the demo accounts.
    fn closed_lead(
        &mut self,
        team: usize,
        unit: Option<usize>,
        on: Date,
        not: Option<usize>,
    ) -> usize {
        let mut pool: Vec<usize> = match unit {
            Some(u) => self.org.units[u].holders.clone(),
            None => self.org.teams[team].holders.clone(),
        };
        pool.extend(
            self.org.teams[team]
                .leavers
                .iter()
                .copied()
                .filter(|&l| self.org.pracs[l].unit == unit),
        );
        let demo = self.org.demo.social_worker;
        let fine: Vec<usize> = pool
            .into_iter()
            .filter(|&p| {
                let x = &self.org.pracs[p];
                !x.reserved
                    && p != demo
                    && Some(p) != not
                    && x.join <= on
                    && x.leave.is_none_or(|l| l > add_days(on, 120))
            })
            .collect();
        if fine.is_empty() {
            let holders = match unit {
                Some(u) => self.org.units[u].holders.clone(),
                None => self.org.teams[team].holders.clone(),
            };
            return holders
                .into_iter()
                .find(|&p| p != demo && !self.org.pracs[p].reserved)
                .unwrap_or(self.org.units[unit.unwrap_or(0)].consultant);
        }
        self.pick(&fine)
    }

    /// One closed episode from referral `r`: returns the day it closed and
    /// whether the child went home from care, or `None` if it would not
    /// have closed by today (then nothing is recorded).
    fn closed_episode(
        &mut self,
        fam: &mut Fam,
        kid: &mut Closed,
        r: Date,
        forced: Option<Path>,
        last_ts: &mut OffsetDateTime,
    ) -> Option<(Date, bool)> {
        let today = self.today;
        let c = kid.member;
        let dob = fam.members[c].dob();
        let yi = f64::from(collection_year_of(r) - collection_year_of(today) + 4).clamp(0.0, 4.0);
        let mut path = forced.unwrap_or_else(|| {
            self.weighted(&[
                (Path::Assessed, 55),
                (Path::CinPlan, 27),
                (Path::Protection, 13),
                (Path::Care, 5),
            ])
        });
        if path == Path::Care && (age_on(dob, r) >= 16 || kid.cared) {
            path = Path::CinPlan;
        }
        let mut s = Steps { list: vec![] };
        let ep = StepId::from_u128(self.id());
        let need = self.weighted(&[
            ("N1", 40),
            ("N4", 20),
            ("N5", 15),
            ("N3", 15),
            ("N6", 5),
            ("N2", 5),
        ]);
        let need = if path == Path::Protection || path == Path::Care {
            "N1"
        } else {
            need
        };
        // The assessment: on time more often as the years go on.
        let start = add_wd(
            r,
            self.weighted(&[(0, 30), (1, 35), (2, 20), (3, 10), (5, 5)]),
        );
        let took = if self.chance(0.80 + 0.02 * yi) {
            self.range(10, 44)
        } else {
            self.range(46, 75)
        };
        let mut auth = add_wd(start, took);
        // Late ones are finished by 31 March rather than left open over it,
        // as the open council's are.
        if let Some(ye) = super::crosses_year_end(add_wd(start, 45), auth) {
            auth = super::on_wd_back(add_days(ye, -self.range(0, 4))).max(start);
        }
        if auth >= today {
            return None;
        }
        let mut factors = Vec::new();
        for _ in 0..self.weighted(&[(1usize, 40), (2, 40), (3, 20)]) {
            let f = self.weighted(super::FACTORS).to_string();
            if !factors.contains(&f) {
                factors.push(f);
            }
        }
        let mut closed = auth;
        let mut reason = self.weighted(&[("RC8", 70), ("RC9", 30)]);
        let mut went_home = false;
        let mut transfer: Option<(TeamFunction, Date)> = None;
        let mut care_allocs = false;
        match path {
            Path::Assessed => {}
            Path::CinPlan => {
                let from = add_days(auth, self.range(0, 5));
                let end = add_days(from, self.range(90, 400));
                if end < today {
                    self.cin_plan(&mut s, ep, from, Some(end));
                    closed = end;
                    reason = "RC7";
                    transfer = Some((TeamFunction::FamilySupport, from));
                }
            }
            Path::Protection => {
                let s47 = add_wd(r, self.weighted(&[(0, 50), (1, 30), (2, 15), (3, 5)]));
                let took = if self.chance(0.72 + 0.03 * yi) {
                    self.range(8, 15)
                } else {
                    self.range(16, 26)
                };
                let icpc = add_wd(s47, took);
                let long = self.chance(0.045);
                let days = if long {
                    (731, 900)
                } else {
                    self.weighted(&[((90, 270), 40), ((271, 450), 40), ((451, 720), 20)])
                };
                let days = self.range(days.0, days.1);
                let plan_end = on_wd(add_days(icpc, days));
                let step_down = self
                    .chance(0.35)
                    .then(|| add_days(plan_end, self.range(60, 240)));
                let end = step_down.unwrap_or(plan_end);
                if end < today {
                    self.section47(
                        &mut s,
                        ep,
                        r,
                        Some(plan_end),
                        kid.plans,
                        Some((s47, Some(icpc))),
                    );
                    kid.plans += 1;
                    if let Some(e) = step_down {
                        self.cin_plan(&mut s, ep, plan_end, Some(e));
                    }
                    closed = end.max(auth);
                    reason = "RC7";
                    transfer = Some((TeamFunction::ChildProtection, add_days(icpc, 1)));
                }
            }
            Path::Care => {
                let l = on_wd(add_days(auth.min(add_days(r, 60)), self.range(1, 20)));
                let (lo, hi) =
                    self.weighted(&[((30, 180), 45), ((181, 400), 40), ((401, 700), 15)]);
                let back = add_days(l, self.range(lo, hi));
                if back < add_days(today, -1) && l > dob && age_on(dob, l) < 16 {
                    if l > auth {
                        self.cin_plan(&mut s, ep, add_days(auth, 1), Some(l));
                    }
                    let route = if self.chance(0.65) {
                        Route::Agreed
                    } else {
                        Route::CareOrder
                    };
                    let rec = self.weighted(&[("E4A", 60), ("E4B", 10), ("E41", 15), ("E8", 15)]);
                    went_home = matches!(rec, "E4A" | "E4B");
                    let (team, unit) = self.closed_team(TeamFunction::ChildrenInCare, fam.service);
                    let lead = self.closed_lead(team, unit, l, None);
                    let mut allocs = vec![fam.allocs[0].clone()];
                    allocs[0].lead = self.closed_lead(allocs[0].team, allocs[0].unit, r, None);
                    allocs[0].date = r;
                    allocs.push(Alloc {
                        date: l,
                        team,
                        unit,
                        lead,
                        reason: "Transferred to children in care team",
                    });
                    // Some children see their social worker change while
                    // looked after.
                    let mut at = l;
                    for _ in 0..self.weighted(&[(0usize, 55), (1, 30), (2, 15)]) {
                        at = add_days(at, self.range(40, 150));
                        if at >= add_days(back, -10) {
                            break;
                        }
                        let prev = allocs[allocs.len() - 1].lead;
                        let lead = self.closed_lead(team, unit, at, Some(prev));
                        allocs.push(Alloc {
                            date: at,
                            team,
                            unit,
                            lead,
                            reason: self.pick(&[
                                "Previous worker left the council",
                                "Caseload rebalanced within the unit",
                            ]),
                        });
                    }
                    fam.allocs = allocs;
                    care_allocs = true;
                    let care = self.care_period(
                        fam,
                        c,
                        &mut s,
                        l,
                        route,
                        Some(CareEnd { date: back, rec }),
                        need,
                    );
                    self.yearly(fam, c, &mut s, l, care.end.map(|e| e.date));
                    closed = back;
                    reason = "RC7";
                    kid.cared = true;
                }
                // Otherwise it closes at the assessment.
            }
        }
        if !care_allocs {
            // The family's allocations for this episode.
            let first = fam.allocs[0].clone();
            let lead = self.closed_lead(first.team, first.unit, r, None);
            let mut allocs = vec![Alloc {
                date: r,
                lead,
                ..first
            }];
            // Some cases stay with the worker who assessed them.
            if let Some((function, on)) = transfer.filter(|_| self.chance(0.7)) {
                let (team, unit) = self.closed_team(function, fam.service);
                let lead = self.closed_lead(team, unit, on, None);
                allocs.push(Alloc {
                    date: on.max(add_days(r, 1)),
                    team,
                    unit,
                    lead,
                    reason: "Transferred from the assessment team after the single assessment",
                });
            }
            fam.allocs = allocs;
        }
        s.add(
            start,
            auth,
            StepDetail::Assessment {
                episode: Some(ep),
                start,
                internal_review: None,
                authorised: Some(auth),
                factors,
            },
        );
        self.episode_only(&mut s, ep, r, need, Some(closed), reason, false);
        self.emit_closed(fam, c, s, closed, last_ts, &mut kid.allocations);
        Some((closed, went_home))
    }

    /// Records one closed episode: the allocations, the steps, and the end
    /// of the last allocation on the day the case closed.
    fn emit_closed(
        &mut self,
        fam: &Fam,
        c: usize,
        s: Steps,
        closed: Date,
        last_ts: &mut OffsetDateTime,
        allocations: &mut usize,
    ) {
        let today = self.today;
        let person_id = fam.members[c].id;
        let mut current = None;
        for a in fam.allocs.clone() {
            if current == Some(a.lead) || a.date > closed {
                continue;
            }
            *allocations += 1;
            let ts = self.stamp(a.date).max(*last_ts + Duration::seconds(1));
            *last_ts = ts;
            let user_id = self.org.pracs[a.lead].id;
            self.push(
                ts,
                a.date,
                Some(user_id),
                EventBody::LeadPractitionerAllocated {
                    child: person_id,
                    user_id,
                    reason: a.reason.to_string(),
                },
            );
            current = Some(a.lead);
        }
        for (valid, recorded, id, detail) in s.list {
            let valid = valid.min(today);
            let recorded = recorded.min(today);
            let ts = self.ts_at(fam, recorded, &[c]);
            let actor = self.lead_id(fam, valid.max(fam.open));
            let step = JourneyStep {
                id: id.unwrap_or_else(|| StepId::from_u128(self.id())),
                detail,
            };
            self.push(
                ts,
                valid,
                actor,
                EventBody::JourneyStepRecorded { person_id, step },
            );
            self.stats.journey_steps += 1;
        }
        let ts = self.stamp(closed).max(*last_ts + Duration::seconds(1));
        *last_ts = ts;
        let actor = current.map(|l| self.org.pracs[l].id);
        self.push(
            ts,
            closed,
            actor,
            EventBody::LeadPractitionerEnded {
                child: person_id,
                reason: "Case closed".into(),
            },
        );
    }
}
