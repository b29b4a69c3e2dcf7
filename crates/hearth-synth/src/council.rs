//! The council's own records for the outcome measures: every member of
//! staff's contracts, sickness absence, supervision, each team's funded
//! posts, the anonymous pulse, the child population, the rate card, the
//! statistical neighbours' figures and two rounds of the leadership's
//! self-audit.
//!
//! Everything is made after the families, from the same seeded stream, so
//! the rest of the council is the same with or without it. There are at
//! least four years of history to `today` (three full workforce years and
//! three collection years, with the current one under way), and the trends
//! move (turnover, agency use, vacancies, sickness and supervision gaps ease
//! year by year; the pulse rises) so a chart of them is worth reading. The
//! targets are England's published figures: turnover about 12%, agency
//! about 13% of FTE, vacancies about 14%, sickness about 3.5% of working
//! days, and about 67 children looked after per 10,000.

use std::collections::{BTreeMap, HashMap};

use hearth_core::council::{
    Absence, AuditAction, AuditRating, Comparator, Contract, Costs, CouncilRecord, Establishment,
    Item, Population, Pulse, SelfAudit, Supervision, PULSE_QUESTIONS,
};
use hearth_core::event::EventBody;
use hearth_core::ids::{CouncilRecordId, PersonId};
use hearth_core::journey::StepDetail;
use hearth_core::model::{Discipline, Employment, TeamFunction};
use hearth_insight::enablers::ITEMS;
use time::{Date, Month, OffsetDateTime};

use crate::gen::{add_days, Gen};

/// How far back the council's records go (four years and a little).
const HISTORY_DAYS: i64 = 4 * 365 + 30;

/// England's children looked after per 10,000 (2025), which the synthetic
/// population is sized to give.
const CLA_RATE: f64 = 67.0;

/// The fictional comparators: a group average and two neighbours whose
/// names could not be mistaken for real councils.
pub(crate) const COMPARATORS: [&str; 3] = [
    "Statistical neighbours average (synthetic)",
    "Nowhereshire County Council (fictional)",
    "Borough of Port Imaginary (fictional)",
];

/// One spell of work, while it is being built.
#[derive(Clone, Debug)]
struct Spell {
    prac: usize,
    start: Date,
    end: Option<Date>,
    fte: f64,
    agency: bool,
    case_holding: bool,
    social_worker: bool,
    reason: String,
}

impl Spell {
    fn in_post(&self, d: Date) -> bool {
        self.start <= d && self.end.is_none_or(|e| e >= d)
    }
}

/// 30 September of `year`.
fn sept30(year: i32) -> Date {
    Date::from_calendar_date(year, Month::September, 30).unwrap_or(Date::MIN)
}

fn ymd(year: i32, month: Month, day: u8) -> Date {
    Date::from_calendar_date(year, month, day).unwrap_or(Date::MIN)
}

impl Gen {
    /// A time on `d` (never after today), for the records' own events.
    fn council_ts(&self, d: Date, hour: i64) -> OffsetDateTime {
        Gen::at_hour(d.min(self.today), hour)
    }

    fn council_event(&mut self, on: Date, hour: i64, record: CouncilRecord) {
        let ts = self.council_ts(on, hour);
        // The actor is the record's author: none for what comes from HR and
        // finance systems, and never for a pulse answer (anonymous); the
        // leadership member who recorded a self-audit round.
        let actor = record.author;
        self.push(
            ts,
            on.min(self.today),
            actor,
            EventBody::CouncilRecorded { record },
        );
    }

    fn council_record(&mut self, on: Date, item: Item) -> CouncilRecord {
        CouncilRecord {
            id: CouncilRecordId::from_u128(self.id()),
            author: None,
            on,
            version: 1,
            item,
            removed: None,
        }
    }

    /// Every council record, once the families (and the leavers they made)
    /// exist.
    pub(crate) fn council_records(&mut self, size: f64) {
        let from = add_days(self.today, -HISTORY_DAYS);
        let mut spells = self.contracts(from);
        self.top_up_turnover(&mut spells, from);
        self.top_up_agency(&mut spells, from);
        self.record_contracts(&spells);
        self.absences(&spells, from);
        self.supervisions(&spells, from);
        self.establishments(&spells, from);
        self.pulses(&spells, from);
        self.populations(size);
        self.rate_cards(from);
        self.comparators();
        self.self_audits();
    }

    /// Whether a practitioner counts in the DfE's social worker figures.
    fn registered_social_worker(&self, p: usize) -> bool {
        let prac = &self.org.pracs[p];
        match prac.discipline {
            Discipline::SocialWorker => true,
            Discipline::Manager => prac.sw_id.starts_with("SW"),
            _ => false,
        }
    }

    fn case_holder(&self, p: usize) -> bool {
        let prac = &self.org.pracs[p];
        prac.discipline == Discipline::SocialWorker
            && (prac.unit.is_some() || prac.team == Some(self.org.front_door_team))
    }

    fn spell_for(&mut self, p: usize, start: Date, end: Option<Date>) -> Spell {
        let agency = self.org.pracs[p].agency;
        // About one in seven permanent staff work part time.
        let fte = if !agency && !self.is_demo(p) && self.chance(0.14) {
            self.pick(&[0.5, 0.6, 0.8, 0.8, 0.9])
        } else {
            1.0
        };
        let reason = if end.is_some() {
            self.weighted(&[
                ("Moved to another council", 40),
                ("Left social work", 15),
                ("Retired", 10),
                ("Promotion elsewhere", 15),
                ("Relocation", 10),
                ("End of agency assignment", 10),
            ])
            .to_string()
        } else {
            String::new()
        };
        Spell {
            prac: p,
            start,
            end,
            fte,
            agency,
            case_holding: self.case_holder(p),
            social_worker: self.registered_social_worker(p),
            reason,
        }
    }

    /// A contract for every member of staff (not volunteers or partners),
    /// and an earlier spell for some who left and came back.
    fn contracts(&mut self, from: Date) -> Vec<Spell> {
        let mut spells = Vec::new();
        for p in 0..self.org.pracs.len() {
            let prac = &self.org.pracs[p];
            if matches!(
                prac.discipline,
                Discipline::PartnerAgency | Discipline::Volunteer
            ) {
                continue;
            }
            let (join, leave, agency) = (prac.join, prac.leave, prac.agency);
            let mut spell = self.spell_for(p, join, leave);
            if agency && leave.is_some() {
                spell.reason = "End of agency assignment".into();
            }
            // A returner: an earlier spell that ended a year or more before
            // this one began (never for the demo sign-ins).
            let demo = self.is_demo(p);
            if !demo && !agency && leave.is_none() && join > add_days(from, 365) && self.chance(0.1)
            {
                let gap = self.range(200, 700);
                let end = add_days(join, -gap);
                let start = add_days(end, -self.range(365, 5 * 365));
                let mut earlier = self.spell_for(p, start, Some(end));
                earlier.reason = "Career break".into();
                spells.push(earlier);
            }
            spells.push(spell);
        }
        spells
    }

    fn is_demo(&self, p: usize) -> bool {
        let d = &self.org.demo;
        [
            d.social_worker,
            d.practice_assistant,
            d.team_manager,
            d.front_door,
            d.data_team,
            d.admin,
            d.partner,
        ]
        .contains(&p)
    }

    /// Permanent social worker FTE in post on `d`, and permanent social
    /// worker FTE who left in the year to `d`.
    fn turnover_counts(spells: &[Spell], d: Date) -> (f64, f64) {
        let year_before = add_days(d, -365);
        let mut in_post = 0.0;
        let mut leavers = 0.0;
        for s in spells.iter().filter(|s| s.social_worker && !s.agency) {
            if s.in_post(d) {
                in_post += s.fte;
            }
            if s.end.is_some_and(|e| e > year_before && e <= d) {
                leavers += s.fte;
            }
        }
        (in_post, leavers)
    }

    /// Adds social workers who worked here and left, until each workforce
    /// year's turnover reaches its target (about 15% four years ago, easing
    /// to about 11% this year). They are real accounts, disabled when they
    /// left, with their memberships ended.
    fn top_up_turnover(&mut self, spells: &mut Vec<Spell>, from: Date) {
        let units: Vec<usize> = (0..self.org.units.len()).collect();
        if units.is_empty() {
            return;
        }
        let mut year_end = sept30(self.today.year());
        if year_end > self.today {
            year_end = sept30(self.today.year() - 1);
        }
        let mut ends = vec![];
        let mut y = year_end;
        while y > from {
            ends.push(y);
            y = sept30(y.year() - 1);
        }
        // The year under way, measured to today.
        ends.insert(0, self.today);
        for (age, end) in ends.into_iter().enumerate() {
            let target = 0.11 + 0.012 * age as f64;
            for _ in 0..200 {
                let (in_post, leavers) = Self::turnover_counts(spells, end);
                if in_post <= 0.0 || leavers / in_post >= target {
                    break;
                }
                let unit = self.pick(&units);
                let leave = self.date_between(add_days(end, -364).max(from), end);
                let join = add_days(leave, -self.range(300, 6 * 365)).max(self.org_start);
                // Some turn out to have been agency workers, who do not count
                // in turnover; the loop goes on until employees do.
                let p = self.leaver(unit, join, leave);
                let mut s = self.spell_for(p, join, Some(leave));
                if s.agency {
                    s.reason = "End of agency assignment".into();
                } else if s.reason == "End of agency assignment" {
                    s.reason = "Moved to another council".into();
                }
                spells.push(s);
            }
        }
    }

    /// Adds agency social workers whose assignments ended, so that agency
    /// use was higher in earlier years (about 19% of FTE four years ago,
    /// easing to about 13% now, as councils' agency pledges bit).
    fn top_up_agency(&mut self, spells: &mut Vec<Spell>, from: Date) {
        let units: Vec<usize> = (0..self.org.units.len()).collect();
        if units.is_empty() {
            return;
        }
        let mut end = sept30(self.today.year());
        if end > self.today {
            end = sept30(self.today.year() - 1);
        }
        let mut age = 1;
        while end > from {
            let target = 0.13 + 0.015 * f64::from(age);
            for _ in 0..200 {
                let (agency, employed) = spells
                    .iter()
                    .filter(|s| s.social_worker && s.in_post(end))
                    .fold((0.0, 0.0), |(a, e), s| {
                        if s.agency {
                            (a + s.fte, e)
                        } else {
                            (a, e + s.fte)
                        }
                    });
                if agency + employed <= 0.0 || agency / (agency + employed) >= target {
                    break;
                }
                let unit = self.pick(&units);
                let join = add_days(end, -self.range(30, 400)).max(self.org_start);
                let leave = add_days(end, self.range(1, 300)).min(add_days(self.today, -1));
                let p = self.leaver(unit, join, leave);
                self.make_agency(p);
                let mut s = self.spell_for(p, join, Some(leave));
                s.reason = "End of agency assignment".into();
                spells.push(s);
            }
            end = sept30(end.year() - 1);
            age += 1;
        }
    }

    /// Makes a just-made leaver an agency worker: their registration (one
    /// of the last four events) says so too.
    fn make_agency(&mut self, p: usize) {
        let id = self.org.pracs[p].id;
        self.org.pracs[p].agency = true;
        let n = self.events.len();
        for e in self.events[n.saturating_sub(4)..].iter_mut() {
            if let EventBody::PractitionerRegistered { practitioner } = &mut e.body {
                if practitioner.id == id {
                    practitioner.employment = Employment::Agency;
                }
            }
        }
    }

    fn record_contracts(&mut self, spells: &[Spell]) {
        for s in spells {
            let user_id = self.org.pracs[s.prac].id;
            let contract = Contract {
                user_id,
                start: s.start,
                end: None,
                fte: s.fte,
                agency: s.agency,
                case_holding: s.case_holding,
                social_worker: s.social_worker,
                leaving_reason: String::new(),
            };
            let first = self.council_record(s.start, Item::Contract(contract.clone()));
            // An earlier spell (before the account existed) is recorded when
            // the returner's new contract is.
            let recorded = s.start.max(self.org.pracs[s.prac].join);
            self.council_event(recorded, 9, first.clone());
            if let Some(end) = s.end.filter(|e| *e <= self.today) {
                let ended = first.amended(Item::Contract(Contract {
                    end: Some(end),
                    leaving_reason: s.reason.clone(),
                    ..contract
                }));
                self.council_event(end.max(recorded), 18, ended);
            }
        }
    }

    /// Sickness spells: about 3.5% of working days, a little higher four
    /// years ago, for social workers (whose rate the DfE publishes) and
    /// everyone else alike.
    fn absences(&mut self, spells: &[Spell], from: Date) {
        let years = HISTORY_DAYS as f64 / 365.0;
        for s in spells {
            let start = s.start.max(from);
            let end = s.end.unwrap_or(self.today).min(self.today);
            let mut month = start;
            while month < end {
                let age = (self.today - month).whole_days() as f64 / 365.0;
                // 3.2% now, 4.1% four years ago; spells average 4 days.
                let rate = 0.032 + 0.009 * (age / years);
                let per_month = rate * 253.0 / 4.0 / 12.0;
                if self.chance(per_month) {
                    let days =
                        self.weighted(&[(1i64, 35), (2, 20), (3, 15), (5, 15), (10, 10), (20, 5)]);
                    let first = add_days(month, self.range(0, 27));
                    let last = add_days(first, (days - 1) * 7 / 5);
                    if last < end {
                        let record = self.council_record(
                            first,
                            Item::Absence(Absence {
                                user_id: self.org.pracs[s.prac].id,
                                start: first,
                                end: last,
                                working_days: days as f64 * s.fte,
                            }),
                        );
                        self.council_event(add_days(last, 1), 10, record);
                    }
                }
                month = add_days(month, 30);
            }
        }
    }

    /// Supervision about every four weeks for case holders, with gaps that
    /// were commoner four years ago than now.
    fn supervisions(&mut self, spells: &[Spell], from: Date) {
        let years = HISTORY_DAYS as f64 / 365.0;
        for s in spells.iter().filter(|s| s.case_holding) {
            let prac = &self.org.pracs[s.prac];
            let supervisor = match (prac.unit, prac.team) {
                (Some(u), _) if self.org.units[u].consultant != s.prac => {
                    Some(self.org.units[u].consultant)
                }
                (_, Some(t)) => self.org.teams[t].manager,
                _ => None,
            }
            .map(|p| self.org.pracs[p].id);
            let user_id = prac.id;
            let end = s.end.unwrap_or(self.today).min(self.today);
            let mut d = add_days(s.start.max(from), self.range(5, 25));
            while d <= end {
                let age = (self.today - d).whole_days() as f64 / 365.0;
                let missed = 0.08 + 0.17 * (age / years);
                if !self.chance(missed) {
                    let record = self.council_record(
                        d,
                        Item::Supervision(Supervision {
                            user_id,
                            date: d,
                            supervisor,
                        }),
                    );
                    self.council_event(d, 16, record);
                }
                d = add_days(d, 28 + self.range(-4, 5));
            }
        }
    }

    /// Each casework team's funded social worker posts, set every October:
    /// the permanent social workers in post then and the vacancies, about
    /// 18% of posts four years ago, easing to about 13%.
    fn establishments(&mut self, spells: &[Spell], from: Date) {
        let mut year = from.year();
        while ymd(year, Month::October, 1) <= self.today {
            let set = ymd(year, Month::October, 1);
            let measured = sept30(year + 1).min(self.today);
            let age = self.today.year() - year;
            let vacancy = (0.13 + 0.012 * f64::from(age.max(0))).min(0.2);
            for t in 0..self.org.teams.len() {
                let team = &self.org.teams[t];
                if !(team.function == TeamFunction::FrontDoor
                    || crate::org::CASEWORK.contains(&team.function))
                {
                    continue;
                }
                let team_id = team.id;
                let in_post: f64 = spells
                    .iter()
                    .filter(|s| s.social_worker && !s.agency && s.in_post(measured))
                    .filter(|s| self.org.pracs[s.prac].team == Some(t))
                    .map(|s| s.fte)
                    .sum();
                let wobble = 1.0 + (self.range(-20, 20) as f64) / 1000.0;
                let funded = ((in_post / (1.0 - vacancy * wobble)) * 10.0).round() / 10.0;
                let record = self.council_record(
                    set,
                    Item::Establishment(Establishment {
                        team_id,
                        from: set,
                        funded_fte: funded.max(1.0),
                    }),
                );
                self.council_event(set, 8, record);
            }
            year += 1;
        }
    }

    /// Quarterly anonymous pulse answers from each team with five or more
    /// staff in post: about two in three answer, and the answers rise
    /// gently from about 3.0 to about 3.6 of 5.
    fn pulses(&mut self, spells: &[Spell], from: Date) {
        let mut q = ymd(from.year(), Month::January, 1);
        let quarters = (HISTORY_DAYS / 91) as f64;
        let mut n = 0.0;
        while q <= self.today {
            let asked = add_days(q, 45);
            if asked >= from && asked <= self.today {
                n += 1.0;
                let lift = 0.6 * (n / quarters).min(1.0);
                for t in 0..self.org.teams.len() {
                    let staff = spells
                        .iter()
                        .filter(|s| s.in_post(asked) && self.org.pracs[s.prac].team == Some(t))
                        .count();
                    if staff < hearth_core::council::PULSE_MIN_GROUP {
                        continue;
                    }
                    let answering = ((staff as f64 * 0.65).round() as usize)
                        .max(hearth_core::council::PULSE_MIN_GROUP)
                        .min(staff);
                    let team_id = self.org.teams[t].id;
                    for _ in 0..answering {
                        let answers: Vec<u8> = (0..PULSE_QUESTIONS.len())
                            .map(|i| {
                                // Time for direct work is the hardest won.
                                let mean = if i == 0 { 2.7 } else { 3.1 } + lift;
                                let noise = (self.range(-15, 15) as f64) / 10.0;
                                (mean + noise).round().clamp(1.0, 5.0) as u8
                            })
                            .collect();
                        let date = add_days(asked, self.range(0, 10)).min(self.today);
                        let record = self.council_record(
                            date,
                            Item::Pulse(Pulse {
                                team_id,
                                date,
                                answers,
                            }),
                        );
                        // Anonymous: no author and no actor.
                        self.council_event(date, 12, record);
                    }
                }
            }
            q = add_days(q, 92);
            q = ymd(q.year(), q.month(), 1);
        }
    }

    /// Children looked after on `d` (short breaks left out), from the
    /// journeys as generated (the last version of each step).
    fn looked_after_on(&self, d: Date) -> usize {
        let mut steps: HashMap<uuid::Uuid, (PersonId, &StepDetail)> = HashMap::new();
        for e in &self.events {
            if let EventBody::JourneyStepRecorded { person_id, step } = &e.body {
                if matches!(step.detail, StepDetail::CareEpisode { .. }) {
                    steps.insert(step.id.0, (*person_id, &step.detail));
                }
            }
        }
        let mut children: Vec<PersonId> = steps
            .values()
            .filter_map(|(p, detail)| match detail {
                StepDetail::CareEpisode {
                    start,
                    end,
                    legal_status,
                    ..
                } if *start <= d
                    && end.is_none_or(|e| e > d)
                    && !matches!(legal_status.as_str(), "V3" | "V4") =>
                {
                    Some(*p)
                }
                _ => None,
            })
            .collect();
        children.sort();
        children.dedup();
        children.len()
    }

    /// The ONS mid-year estimate of children aged 0 to 17 for each year,
    /// sized so that the children looked after on the latest 31 March give
    /// about England's 67 per 10,000, and growing slightly year on year.
    fn populations(&mut self, size: f64) {
        let march = {
            let m = ymd(self.today.year(), Month::March, 31);
            if m > self.today {
                ymd(self.today.year() - 1, Month::March, 31)
            } else {
                m
            }
        };
        let cla = self.looked_after_on(march);
        let latest = if cla > 0 {
            cla as f64 * 10_000.0 / CLA_RATE
        } else {
            78_000.0 * size.max(0.01)
        };
        // Younger ages a little smaller, as births have fallen.
        let shape: Vec<f64> = (0..18)
            .map(|age| 0.94 + 0.006 * f64::from(age as u8))
            .collect();
        let shape_total: f64 = shape.iter().sum();
        let first = self.today.year() - 5;
        for year in first..=self.today.year() {
            let back = f64::from(march.year() - year);
            let total = latest * (1.0 - 0.003 * back);
            let mut by_age = Vec::with_capacity(18);
            for w in &shape {
                let jitter = 1.0 + (self.range(-10, 10) as f64) / 1000.0;
                by_age.push((total * w / shape_total * jitter).round().max(0.0) as u32);
            }
            // Published a year after the mid-year it is for; this year's is
            // the projection.
            let published = ymd(year + 1, Month::June, 25).min(self.today);
            let record = self.council_record(
                ymd(year, Month::June, 30).min(self.today),
                Item::Population(Population {
                    year,
                    by_age,
                    source: "ONS mid-year estimates (synthetic, sized to the demo council)".into(),
                }),
            );
            self.council_event(published, 9, record);
        }
    }

    /// A rate card each April: staff cost per hour by role and the weekly
    /// cost of each kind of placement, rising about 4% a year.
    fn rate_cards(&mut self, from: Date) {
        // Pence per hour, with on-costs.
        const HOURLY: [(Discipline, u64); 11] = [
            (Discipline::SocialWorker, 3_900),
            (Discipline::FamilyPractitioner, 2_700),
            (Discipline::PracticeAssistant, 2_200),
            (Discipline::Volunteer, 0),
            (Discipline::DomesticAbuseSpecialist, 3_200),
            (Discipline::MentalHealthSpecialist, 3_600),
            (Discipline::SubstanceUseSpecialist, 3_200),
            (Discipline::IndependentReviewingOfficer, 4_300),
            (Discipline::Manager, 5_100),
            (Discipline::DataTeam, 3_000),
            (Discipline::Administrator, 2_000),
        ];
        // Pence per week by 903 placement code.
        const WEEKLY: [(&str, u64); 22] = [
            ("U1", 32_000),
            ("U2", 32_000),
            ("U3", 30_000),
            ("U4", 52_000),
            ("U5", 52_000),
            ("U6", 48_000),
            ("K1", 720_000),
            ("K2", 600_000),
            ("R1", 350_000),
            ("R2", 450_000),
            ("R3", 250_000),
            ("R5", 0),
            ("S1", 400_000),
            ("H5", 150_000),
            ("P1", 5_000),
            ("P2", 25_000),
            ("P3", 150_000),
            ("A3", 25_000),
            ("A4", 25_000),
            ("A5", 25_000),
            ("A6", 25_000),
            ("Z1", 100_000),
        ];
        let mut year = from.year();
        while ymd(year, Month::April, 1) <= self.today {
            let on = ymd(year, Month::April, 1);
            let back = self.today.year() - year;
            let factor = 1.04f64.powi(-back);
            let scale = |p: u64| ((p as f64 * factor) / 100.0).round() as u64 * 100;
            let record = self.council_record(
                on,
                Item::Costs(Costs {
                    from: on,
                    hourly: HOURLY
                        .iter()
                        .map(|(d, p)| (d.code().to_string(), scale(*p)))
                        .collect(),
                    weekly_placement: WEEKLY
                        .iter()
                        .map(|(c, p)| (c.to_string(), scale(*p)))
                        .collect(),
                }),
            );
            self.council_event(on, 8, record);
            year += 1;
        }
    }

    /// Three years of four measures for the statistical neighbours'
    /// average and two fictional neighbours.
    fn comparators(&mut self) {
        // (measure, the group average three years ago, its yearly change).
        const FIGURES: [(&str, f64, f64); 4] = [
            ("turnover_rate", 15.2, -1.0),
            ("agency_rate", 17.5, -1.6),
            ("cla_rate_per_10k", 71.0, -1.5),
            ("re_referrals_12m", 21.8, 0.4),
        ];
        let last = self.today.year() - 1;
        let offsets = [0.0, 2.5, -3.0];
        for (c, council) in COMPARATORS.iter().enumerate() {
            for (measure, base, step) in FIGURES {
                for (k, year) in (last - 2..=last).enumerate() {
                    let noise = if c == 0 {
                        0.0
                    } else {
                        (self.range(-8, 8) as f64) / 10.0
                    };
                    let spread = if measure == "cla_rate_per_10k" {
                        offsets[c] * 4.0
                    } else {
                        offsets[c]
                    };
                    let value = ((base + step * k as f64 + spread + noise) * 10.0).round() / 10.0;
                    let on = ymd(year, Month::November, 20).min(self.today);
                    let record = self.council_record(
                        on,
                        Item::Comparator(Comparator {
                            council: council.to_string(),
                            measure: measure.into(),
                            year,
                            value,
                            source: "Synthetic figures for the demo (not published statistics)"
                                .into(),
                        }),
                    );
                    self.council_event(on, 11, record);
                }
            }
        }
    }

    /// Two rounds of the leadership's self-audit about nine months apart,
    /// the later one showing movement on the workforce and supervision.
    fn self_audits(&mut self) {
        let author = self
            .org
            .teams
            .get(self.org.demo.team)
            .and_then(|t| t.manager)
            .map(|m| self.org.pracs[m].id);
        let second = add_days(self.today, -30);
        let first = add_days(second, -274);
        let mut earlier: BTreeMap<&str, u8> = BTreeMap::new();
        for (round, on) in [(0, first), (1, second)] {
            let mut ratings = Vec::new();
            for item in ITEMS {
                let rating = if round == 0 {
                    self.weighted(&[(1u8, 2), (2, 5), (3, 3)])
                } else {
                    let before = earlier.get(item.id).copied().unwrap_or(2);
                    let up = self.weighted(&[(1u8, 4), (0, 5), (2, 1)]);
                    let down = self.chance(0.08);
                    if down && before > 1 {
                        before - 1
                    } else {
                        (before + up.min(1)).min(4)
                    }
                };
                earlier.insert(item.id, rating);
                let evidence = format!(
                    "{}: discussed at the improvement board with the figures for {}.",
                    item.title,
                    item.measures.join(", ").replace('_', " ")
                );
                let actions = if rating <= 2 {
                    let due = add_days(on, self.range(60, 180));
                    vec![AuditAction {
                        what: format!("Agree a plan to strengthen: {}", item.title.to_lowercase()),
                        owner: self
                            .pick(&[
                                "Head of service (North)",
                                "Head of service (South)",
                                "Principal social worker",
                                "Workforce development lead",
                                "Performance and data team",
                            ])
                            .to_string(),
                        due: Some(due),
                        done: round == 0 && due <= self.today && self.chance(0.5),
                    }]
                } else {
                    vec![]
                };
                ratings.push(AuditRating {
                    item: item.id.to_string(),
                    rating,
                    evidence,
                    actions,
                });
            }
            let mut record = self.council_record(
                on,
                Item::SelfAudit(SelfAudit {
                    round: season(on),
                    ratings,
                }),
            );
            record.author = author;
            self.council_event(on, 15, record);
        }
    }
}

/// A round's name from its date: "Spring 2025".
fn season(d: Date) -> String {
    let name = match d.month() {
        Month::March | Month::April | Month::May => "Spring",
        Month::June | Month::July | Month::August => "Summer",
        Month::September | Month::October | Month::November => "Autumn",
        _ => "Winter",
    };
    format!("{name} {}", d.year())
}
