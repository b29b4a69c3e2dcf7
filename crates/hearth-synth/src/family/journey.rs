//! Each child's statutory journey, consistent with the family's situation:
//! the referral and assessment that opened the case, section 47 enquiries and
//! child protection plans, periods of care with their placements, reviews and
//! outcomes, care leavers' circumstances, adoptions, and earlier episodes that
//! closed before this one. Timescales mostly meet the statutory ones, with
//! some late, so that measures show realistic variation.
//!
//! Records that the returns report once a year (outcomes for children looked
//! after for a year, care leavers' circumstances, adoptions) are recorded for
//! the latest collection year that has ended by today.

use hearth_core::event::EventBody;
use hearth_core::ids::StepId;
use hearth_core::journey::{JourneyStep, StepDetail};
use hearth_core::model::TeamFunction;
use time::{Date, Month, Weekday};

use super::{age_on, Fam, Role};

mod history;
use crate::gen::{add_days, Gen};

/// Bank holidays in England, 2013 to 2030: timescales count working days.
#[rustfmt::skip]
const BANK_HOLIDAYS: &[(i32, u8, u8)] = &[
    (2013, 1, 1), (2013, 3, 29), (2013, 4, 1), (2013, 5, 6), (2013, 5, 27), (2013, 8, 26), (2013, 12, 25), (2013, 12, 26),
    (2014, 1, 1), (2014, 4, 18), (2014, 4, 21), (2014, 5, 5), (2014, 5, 26), (2014, 8, 25), (2014, 12, 25), (2014, 12, 26),
    (2015, 1, 1), (2015, 4, 3), (2015, 4, 6), (2015, 5, 4), (2015, 5, 25), (2015, 8, 31), (2015, 12, 25), (2015, 12, 28),
    (2016, 1, 1), (2016, 3, 25), (2016, 3, 28), (2016, 5, 2), (2016, 5, 30), (2016, 8, 29), (2016, 12, 26), (2016, 12, 27),
    (2017, 1, 2), (2017, 4, 14), (2017, 4, 17), (2017, 5, 1), (2017, 5, 29), (2017, 8, 28), (2017, 12, 25), (2017, 12, 26),
    (2018, 1, 1), (2018, 3, 30), (2018, 4, 2), (2018, 5, 7), (2018, 5, 28), (2018, 8, 27), (2018, 12, 25), (2018, 12, 26),
    (2019, 1, 1), (2019, 4, 19), (2019, 4, 22), (2019, 5, 6), (2019, 5, 27), (2019, 8, 26), (2019, 12, 25), (2019, 12, 26),
    (2020, 1, 1), (2020, 4, 10), (2020, 4, 13), (2020, 5, 8), (2020, 5, 25), (2020, 8, 31), (2020, 12, 25), (2020, 12, 28),
    (2021, 1, 1), (2021, 4, 2), (2021, 4, 5), (2021, 5, 3), (2021, 5, 31), (2021, 8, 30), (2021, 12, 27), (2021, 12, 28),
    (2022, 1, 3), (2022, 4, 15), (2022, 4, 18), (2022, 5, 2), (2022, 6, 2), (2022, 6, 3), (2022, 8, 29), (2022, 9, 19), (2022, 12, 26), (2022, 12, 27),
    (2023, 1, 2), (2023, 4, 7), (2023, 4, 10), (2023, 5, 1), (2023, 5, 8), (2023, 5, 29), (2023, 8, 28), (2023, 12, 25), (2023, 12, 26),
    (2024, 1, 1), (2024, 3, 29), (2024, 4, 1), (2024, 5, 6), (2024, 5, 27), (2024, 8, 26), (2024, 12, 25), (2024, 12, 26),
    (2025, 1, 1), (2025, 4, 18), (2025, 4, 21), (2025, 5, 5), (2025, 5, 26), (2025, 8, 25), (2025, 12, 25), (2025, 12, 26),
    (2026, 1, 1), (2026, 4, 3), (2026, 4, 6), (2026, 5, 4), (2026, 5, 25), (2026, 8, 31), (2026, 12, 25), (2026, 12, 28),
    (2027, 1, 1), (2027, 3, 26), (2027, 3, 29), (2027, 5, 3), (2027, 5, 31), (2027, 8, 30), (2027, 12, 27), (2027, 12, 28),
    (2028, 1, 3), (2028, 4, 14), (2028, 4, 17), (2028, 5, 1), (2028, 5, 29), (2028, 8, 28), (2028, 12, 25), (2028, 12, 26),
    (2029, 1, 1), (2029, 3, 30), (2029, 4, 2), (2029, 5, 7), (2029, 5, 28), (2029, 8, 27), (2029, 12, 25), (2029, 12, 26),
    (2030, 1, 1), (2030, 4, 19), (2030, 4, 22), (2030, 5, 6), (2030, 5, 27), (2030, 8, 26), (2030, 12, 25), (2030, 12, 26),
];

pub(crate) fn is_working_day(d: Date) -> bool {
    let key = (d.year(), u8::from(d.month()), d.day());
    !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
        && BANK_HOLIDAYS.binary_search(&key).is_err()
}

/// The working day `n` working days after `d` (the day itself is day 0).
pub(crate) fn add_wd(d: Date, n: i64) -> Date {
    let step = if n < 0 { -1 } else { 1 };
    let mut left = n.abs();
    let mut day = d;
    while left > 0 {
        day = add_days(day, step);
        if is_working_day(day) {
            left -= 1;
        }
    }
    day
}

/// The 31 March on or after `due` and before `actual`, if there is one: a
/// late step that would be overdue at a year's end.
fn crosses_year_end(due: Date, actual: Date) -> Option<Date> {
    let ye = report_year_end(add_days(actual, -1));
    (ye >= due && ye < actual).then_some(ye)
}

/// `d`, or the working day before it.
fn on_wd_back(d: Date) -> Date {
    let mut day = d;
    while !is_working_day(day) {
        day = add_days(day, -1);
    }
    day
}

/// `d`, or the next working day.
pub(crate) fn on_wd(d: Date) -> Date {
    let mut day = d;
    while !is_working_day(day) {
        day = add_days(day, 1);
    }
    day
}

/// The same day `n` months later (the month's last day if it is shorter).
pub(crate) fn add_months(d: Date, n: i32) -> Date {
    let total = d.year() * 12 + (u8::from(d.month()) as i32 - 1) + n;
    let (y, m) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u8);
    let month = Month::try_from(m).unwrap_or(Month::January);
    let mut day = d.day();
    loop {
        if let Ok(x) = Date::from_calendar_date(y, month, day) {
            return x;
        }
        day -= 1;
    }
}

fn birthday(dob: Date, age: i32) -> Date {
    add_months(dob, age * 12)
}

/// 31 March of the latest collection year that has ended by `today`.
pub(crate) fn report_year_end(today: Date) -> Date {
    let this = Date::from_calendar_date(today.year(), Month::March, 31).unwrap_or(today);
    if today >= this {
        this
    } else {
        Date::from_calendar_date(today.year() - 1, Month::March, 31).unwrap_or(today)
    }
}

/// The latest complete collection year on `today`, named by the year it ends
/// (2026 is 1 April 2025 to 31 March 2026): what a demo exports by default.
pub fn latest_complete_collection_year(today: Date) -> i32 {
    report_year_end(today).year()
}

/// Dates a family's children share, which its chronology tells too: one
/// strategy discussion and one conference for the siblings, and the day the
/// children became looked after.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Key {
    pub s47: Option<Date>,
    pub icpc: Option<Date>,
    pub looked_after: Option<Date>,
}

impl Gen {
    pub(super) fn key_dates(&mut self, fam: &Fam) -> Key {
        let open = fam.open;
        let mut k = Key::default();
        let s47 = match fam.function {
            TeamFunction::ChildProtection => true,
            TeamFunction::Assessment => self.chance(0.35),
            _ => false,
        };
        if s47 {
            let start = add_wd(open, self.weighted(&[(0, 50), (1, 30), (2, 15), (3, 5)]));
            k.s47 = Some(start);
            if fam.function == TeamFunction::ChildProtection || self.chance(0.75) {
                let target = add_wd(start, 15);
                let took = self.wd_days(0.82, 8, 15, 24);
                let mut planned = add_wd(start, took);
                if crosses_year_end(target, planned).is_some() {
                    planned = add_wd(start, self.range(8, 15));
                }
                k.icpc = Some(planned);
            }
        }
        if fam.function == TeamFunction::ChildrenInCare {
            let to_cic = fam
                .allocs
                .iter()
                .find(|a| a.reason.contains("children in care"))
                .map(|a| a.date);
            k.looked_after = Some(if fam.uasc {
                open
            } else if let Some(d) = to_cic {
                on_wd(add_days(d, -self.range(0, 20)))
            } else {
                on_wd(add_days(open, self.range(0, 30)))
            });
        }
        k
    }
}

/// How a period of care begins, in law.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Route {
    /// Accommodated with the parents' agreement (section 20).
    Agreed,
    /// An interim care order, then a full care order.
    CareOrder,
    /// An emergency protection order, then an interim care order.
    Emergency,
    /// A care order and a placement order, then adoption.
    Adoption,
}

/// One episode of care while it is being planned.
#[derive(Clone, Debug)]
struct Ep {
    start: Date,
    rne: &'static str,
    ls: &'static str,
    place: &'static str,
    provider: &'static str,
    end: Option<Date>,
    rec: &'static str,
    rpc: &'static str,
    home: String,
    pl_post: String,
    urn: String,
}

/// A change during a period of care: on a date, a new legal status, and a
/// new placement (type, provider, why the last one ended).
type Change = (
    Date,
    Option<&'static str>,
    Option<(&'static str, &'static str, &'static str)>,
);

/// What became of a period of care, if it ended.
#[derive(Clone, Copy, Debug)]
struct CareEnd {
    date: Date,
    rec: &'static str,
}

struct Steps {
    /// (valid from, recorded on, the step's id if others name it, step)
    list: Vec<(Date, Date, Option<StepId>, StepDetail)>,
}

impl Steps {
    fn add(&mut self, valid: Date, recorded: Date, detail: StepDetail) {
        self.list.push((valid, recorded.max(valid), None, detail));
    }
}

/// Real postcodes of public buildings in the area the peer validators take
/// as the council's (Richmond upon Thames), standing in for fictional ones.
const IN_AREA: &[&str] = &[
    "TW1 3BZ", "TW9 1QL", "TW9 1TP", "TW11 8LG", "TW12 2AB", "TW2 7BB", "SW14 8LP", "SW13 9AQ",
    "TW9 3AE", "KT8 9AU", "TW2 7BA", "TW10 5HS", "TW1 2NL", "TW1 4ST", "TW9 4DU", "TW11 0LW",
    "TW9 2SR", "TW10 6UB", "TW1 1JX",
];

/// Real postcodes of public places in neighbouring areas, for placements
/// made outside the council.
const NEARBY: &[&str] = &[
    "E1 6AN", "CR0 1NX", "GU1 4BB", "KT2 7QB", "SW19 5AE", "TW13 4JZ", "TW7 6AG", "KT1 1EU",
    "TW3 3EB", "RG1 1JX",
];

const REF_SOURCES: &[(&str, u32)] = &[
    ("1A", 6),
    ("1C", 2),
    ("1D", 2),
    ("2A", 18),
    ("3A", 4),
    ("3B", 5),
    ("3E", 3),
    ("3F", 4),
    ("4", 2),
    ("5A", 6),
    ("5C", 3),
    ("5D", 5),
    ("6", 28),
    ("8", 4),
    ("9", 2),
    ("10", 2),
];

const FACTORS: &[(&str, u32)] = &[
    ("3A", 14),
    ("3B", 10),
    ("4B", 12),
    ("2B", 6),
    ("1B", 5),
    ("4A", 6),
    ("22A", 5),
    ("5B", 3),
    ("18B", 4),
    ("22A", 3),
    ("6B", 3),
    ("8B", 4),
    ("19B", 2),
    ("24A", 2),
];

const RECORD_EPISODE_ICPC: bool = false;

const CP_CATS: &[(&str, u32)] = &[("NEG", 48), ("EMO", 36), ("PHY", 8), ("SAB", 4), ("MUL", 4)];

impl Gen {
    /// Record the statutory journey of every child in the family.
    pub(super) fn journeys(&mut self, fam: &Fam) {
        let children: Vec<usize> = fam.children().collect();
        for c in children {
            let mut s = Steps { list: vec![] };
            self.child_journey(fam, c, &mut s);
            let details: Vec<StepDetail> = s.list.iter().map(|x| x.3.clone()).collect();
            let person_id = fam.members[c].id;
            let today = self.today;
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
            self.edge_of_care(fam, c, &details);
        }
    }

    /// Flags a few children at the edge of care over the last 3 years: about
    /// a quarter of those who came into care in that time, some weeks before
    /// they did, and about 5% of the other children in need, some weeks
    /// after their referral. The choice and the dates come from the child's
    /// id, not the random stream, so adding the flag leaves every other
    /// record of the synthetic council as it was.
    fn edge_of_care(&mut self, fam: &Fam, c: usize, steps: &[StepDetail]) {
        let person_id = fam.members[c].id;
        let today = self.today;
        let since = add_days(today, -3 * 365);
        let mut h = Mix(person_id.0.as_u128() as u64 ^ (person_id.0.as_u128() >> 64) as u64);
        let roll = h.next() % 100;
        let care_start = steps
            .iter()
            .filter_map(|d| match d {
                StepDetail::CareEpisode {
                    start,
                    legal_status,
                    ..
                } if !matches!(legal_status.as_str(), "V3" | "V4") => Some(*start),
                _ => None,
            })
            .min();
        let referral = steps
            .iter()
            .filter_map(|d| match d {
                StepDetail::CinEpisode { referral_date, .. } => Some(*referral_date),
                _ => None,
            })
            .max();
        let (start, end, reason) = match (care_start, referral) {
            (Some(care), _) if care >= since && roll < 25 => {
                let before = 28 + (h.next() % 100) as i64;
                let start = add_days(care, -before).max(since);
                if start >= care {
                    return;
                }
                (
                    start,
                    Some(care),
                    "Parents' care breaking down; the family asked for the children to be accommodated",
                )
            }
            (None, Some(r)) if r >= since && roll < 5 => {
                let start = add_days(r, 14 + (h.next() % 60) as i64);
                if start > today {
                    return;
                }
                let lasted = 120 + (h.next() % 240) as i64;
                let end = Some(add_days(start, lasted)).filter(|e| *e <= today);
                (
                    start,
                    end,
                    "Conflict at home and a parent struggling to cope; intensive support to keep the family together",
                )
            }
            _ => return,
        };
        let ts = fam
            .floor(&[c])
            .max(Gen::at_hour(start, 11))
            .min(Gen::at_hour(today, 17));
        let actor = self.lead_id(fam, start.max(fam.open));
        let step = JourneyStep {
            id: StepId::from_u128(u128::from(h.next()) << 64 | u128::from(h.next())),
            detail: StepDetail::EdgeOfCare {
                start,
                end,
                reason: reason.into(),
            },
        };
        self.events.push(hearth_core::event::Event {
            id: hearth_core::ids::EventId::from_u128(
                u128::from(h.next()) << 64 | u128::from(h.next()),
            ),
            seq: 0,
            recorded_at: ts,
            valid_from: start,
            actor,
            body: EventBody::JourneyStepRecorded { person_id, step },
        });
        self.stats.journey_steps += 1;
    }

    fn wd_days(&mut self, on_time: f64, lo: i64, hi: i64, late_hi: i64) -> i64 {
        if self.chance(on_time) {
            self.range(lo, hi)
        } else {
            self.range(hi + 1, late_hi)
        }
    }

    /// An assessment from the referral: started within days, authorised
    /// within 45 working days mostly, some late; `None` if not yet.
    fn assessment(
        &mut self,
        s: &mut Steps,
        episode: StepId,
        referral: Date,
        until: Option<Date>,
    ) -> Option<Date> {
        let today = self.today;
        let start = add_wd(
            referral,
            self.weighted(&[(0, 30), (1, 35), (2, 20), (3, 10), (5, 5)]),
        );
        if start > today {
            return None;
        }
        let took = self.weighted(&[
            ((8, 20), 28),
            ((21, 35), 33),
            ((36, 45), 23),
            ((46, 65), 12),
            ((66, 90), 4),
        ]);
        let took = self.range(took.0, took.1);
        let mut planned = add_wd(referral, took);
        // Late ones are finished by 31 March rather than left open over it
        // (the census queries assessments open for 45 working days then).
        if let Some(ye) = crosses_year_end(add_wd(start, 45), planned) {
            planned = on_wd_back(add_days(ye, -self.range(0, 4))).max(start);
        }
        let mut authorised = Some(planned).filter(|d| *d <= today);
        if let (Some(a), Some(u)) = (authorised, until) {
            if a > u {
                authorised = Some(u.max(start));
            }
        }
        let mut factors = Vec::new();
        if authorised.is_some() {
            let n = self.weighted(&[(1usize, 40), (2, 40), (3, 20)]);
            for _ in 0..n {
                let f = self.weighted(FACTORS);
                if !factors.iter().any(|x: &String| x == f) {
                    factors.push(f.to_string());
                }
            }
        }
        s.add(
            start,
            authorised.unwrap_or(start),
            StepDetail::Assessment {
                episode: Some(episode),
                start,
                internal_review: None,
                authorised,
                factors,
            },
        );
        authorised
    }

    /// Review conferences for a plan from `icpc` to `end` (or today).
    fn cp_reviews(&mut self, icpc: Date, end: Option<Date>) -> Vec<Date> {
        let stop = end.unwrap_or(self.today).min(self.today);
        let mut out = Vec::new();
        let mut prev = icpc;
        let mut months = 3;
        loop {
            let due = add_months(prev, months);
            let d = if self.chance(0.9) {
                add_days(due, -self.range(0, 14))
            } else {
                add_days(due, self.range(1, 25))
            };
            let d = on_wd(d);
            if d >= stop {
                break;
            }
            out.push(d);
            prev = d;
            months = 6;
        }
        out
    }

    /// Looked-after reviews: 20 working days, 3 months, then 6-monthly.
    fn cla_reviews(&mut self, s: &mut Steps, dob: Date, from: Date, end: Option<Date>) {
        let stop = end.unwrap_or(self.today).min(self.today);
        let first_due = add_wd(from, 20);
        let mut d = if self.chance(0.88) {
            add_wd(first_due, -self.range(0, 8))
        } else {
            add_wd(first_due, self.range(1, 12))
        };
        let mut next_months = 3;
        while d < stop {
            let age = age_on(dob, d);
            let participation = if age < 4 {
                "PN0"
            } else {
                self.weighted(&[
                    ("PN1", 55),
                    ("PN2", 8),
                    ("PN3", 12),
                    ("PN4", 8),
                    ("PN5", 7),
                    ("PN6", 6),
                    ("PN7", 4),
                ])
            };
            s.add(
                d,
                d,
                StepDetail::CareReview {
                    date: d,
                    participation: participation.into(),
                },
            );
            let due = add_months(d, next_months);
            let next = if self.chance(0.9) {
                add_days(due, -self.range(0, 20))
            } else {
                add_days(due, self.range(1, 30))
            };
            d = on_wd(next);
            next_months = 6;
        }
    }

    fn child_journey(&mut self, fam: &Fam, c: usize, s: &mut Steps) {
        let today = self.today;
        let m = &fam.members[c];
        if m.role != Role::Child {
            return;
        }
        let dob = m.dob();
        let added = m.added;
        let _female = m.details.sex == Some(hearth_core::codes::Sex::Female);
        let disabled = !m.details.disabilities.is_empty();
        for d in m.details.disabilities.clone() {
            s.add(
                added,
                added,
                StepDetail::Disability {
                    code: d.code().to_string(),
                },
            );
        }
        // When the current involvement began for this child.
        let referral = added.max(fam.open);
        let age_now = age_on(dob, today);
        let mut previous_plans = 0;

        // An earlier episode that closed, for some children.
        if !fam.uasc && self.chance(0.22) {
            let lo = add_days(dob, 60)
                .max(Date::from_calendar_date(2016, Month::June, 1).unwrap_or(dob));
            let hi = add_days(referral, -400);
            if lo < hi {
                let r0 = on_wd(self.date_between(lo, hi));
                if self.previous_episode(s, r0, add_days(referral, -200), disabled) {
                    previous_plans += 1;
                }
            }
        }

        match fam.function {
            TeamFunction::FrontDoor => {
                let date = referral;
                let referred = self.chance(0.55);
                s.add(
                    date,
                    date,
                    StepDetail::Contact {
                        date,
                        source: self.weighted(REF_SOURCES).into(),
                        outcome: if referred {
                            "Referral to children's social care".into()
                        } else {
                            "Being screened".into()
                        },
                        no_further_action: Some(false),
                    },
                );
                if referred {
                    let ep = StepId::from_u128(self.id());
                    self.episode_only(s, ep, date, "N4", None, "", disabled);
                    self.assessment(s, ep, date, None);
                }
            }
            TeamFunction::Assessment => {
                let ep = StepId::from_u128(self.id());
                let need = self.weighted(&[
                    ("N1", 50),
                    ("N4", 20),
                    ("N5", 12),
                    ("N3", 10),
                    ("N6", 5),
                    ("N7", 3),
                ]);
                self.contact(s, referral);
                self.episode_only(s, ep, referral, need, None, "", disabled);
                self.assessment(s, ep, referral, None);
                if let Some(start) = fam.key.s47.filter(|_| referral == fam.open) {
                    self.section47(
                        s,
                        ep,
                        referral,
                        None,
                        previous_plans,
                        Some((start, fam.key.icpc)),
                    );
                }
            }
            TeamFunction::FamilySupport | TeamFunction::Disability => {
                let ep = StepId::from_u128(self.id());
                let need = if fam.function == TeamFunction::Disability && disabled {
                    "N2"
                } else {
                    self.weighted(&[
                        ("N1", 40),
                        ("N4", 20),
                        ("N5", 15),
                        ("N3", 15),
                        ("N6", 5),
                        ("N2", 5),
                    ])
                };
                self.contact(s, referral);
                let stepped_down = fam
                    .allocs
                    .iter()
                    .find(|a| a.reason.contains("stepped down"))
                    .map(|a| a.date);
                let mut icpc = None;
                let plan_from = if let Some(down) = stepped_down.filter(|d| *d > referral) {
                    // Held under a child protection plan until it stepped down.
                    icpc = self.section47(s, ep, referral, Some(down), previous_plans, None);
                    down
                } else {
                    let a = self.assessment(s, ep, referral, None);
                    match a {
                        Some(a) => add_days(a, self.range(0, 5)),
                        None => today,
                    }
                };
                if icpc.is_some() {
                    self.assessment(s, ep, referral, None);
                }
                // A few children were looked after for a while and went home.
                let mut cin_from = plan_from;
                if !fam.demo && self.chance(0.12) {
                    let l = on_wd(add_days(plan_from, self.range(20, 120)));
                    let back = add_days(l, self.range(60, 420));
                    if back <= add_days(today, -30) && age_on(dob, l) < 16 && l > dob {
                        self.cin_plan(s, ep, plan_from, Some(l));
                        let route = if self.chance(0.7) {
                            Route::Agreed
                        } else {
                            Route::CareOrder
                        };
                        let rec = if route == Route::Agreed || self.chance(0.5) {
                            "E4A"
                        } else {
                            "E41"
                        };
                        self.care_period(
                            fam,
                            c,
                            s,
                            l,
                            route,
                            Some(CareEnd { date: back, rec }),
                            "N1",
                        );
                        self.yearly(fam, c, s, l, Some(back));
                        cin_from = back;
                    }
                }
                if cin_from < today {
                    self.cin_plan(s, ep, cin_from, None);
                }
                self.episode_only(s, ep, referral, need, None, "", disabled);
                if let Some(d) = icpc {
                    self.set_icpc(s, ep, d);
                }
            }
            TeamFunction::ChildProtection => {
                let ep = StepId::from_u128(self.id());
                self.contact(s, referral);
                self.episode_only(s, ep, referral, "N1", None, "", disabled);
                let shared = fam
                    .key
                    .s47
                    .filter(|_| referral == fam.open)
                    .map(|st| (st, fam.key.icpc));
                let icpc = self.section47(s, ep, referral, None, previous_plans, shared);
                self.assessment(s, ep, referral, None);
                if let Some(d) = icpc {
                    self.set_icpc(s, ep, d);
                    // Some families are in pre-proceedings under the PLO.
                    if self.chance(0.12) {
                        let start = on_wd(add_days(d, self.range(60, 200)));
                        if start < add_days(today, -14) {
                            self.pre_proceedings(s, ep, start, false);
                        }
                    }
                } else {
                    let from = add_days(referral, self.range(20, 40)).min(today);
                    self.cin_plan(s, ep, from, None);
                }
            }
            TeamFunction::ChildrenInCare | TeamFunction::CareLeavers => {
                self.looked_after(fam, c, s, referral, previous_plans, disabled);
            }
            _ => {}
        }
        let _ = age_now;
    }

    fn contact(&mut self, s: &mut Steps, referral: Date) {
        let date = add_days(referral, -self.weighted(&[(0, 70), (1, 20), (2, 10)]));
        s.add(
            date,
            date,
            StepDetail::Contact {
                date,
                source: self.weighted(REF_SOURCES).into(),
                outcome: "Referral to children's social care".into(),
                no_further_action: Some(false),
            },
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn episode_only(
        &mut self,
        s: &mut Steps,
        ep: StepId,
        referral: Date,
        need: &str,
        closed: Option<Date>,
        reason: &str,
        _disabled: bool,
    ) {
        let source = self.weighted(REF_SOURCES).to_string();
        s.list.push((
            referral,
            closed.unwrap_or(referral),
            Some(ep),
            StepDetail::CinEpisode {
                referral_date: referral,
                referral_source: source,
                primary_need: need.into(),
                closure_date: closed,
                closure_reason: reason.into(),
                referral_nfa: "0".into(),
                initial_cpc: None,
            },
        ));
    }

    /// The census's episode-level conference date is only for a conference
    /// whose enquiry began in an earlier year; the derivation leaves such
    /// enquiries out, so it is not recorded (the enquiry carries the date).
    fn set_icpc(&mut self, s: &mut Steps, ep: StepId, icpc: Date) {
        if !RECORD_EPISODE_ICPC {
            return;
        }
        for (_, _, id, d) in s.list.iter_mut() {
            if *id == Some(ep) {
                if let StepDetail::CinEpisode { initial_cpc, .. } = d {
                    *initial_cpc = Some(icpc);
                }
            }
        }
    }

    /// Close the episode (when the child was adopted or left care).
    fn close_episode(&mut self, s: &mut Steps, ep: StepId, on: Date, why: &str) {
        for (_, rec, id, d) in s.list.iter_mut() {
            if *id == Some(ep) {
                if let StepDetail::CinEpisode {
                    closure_date,
                    closure_reason,
                    ..
                } = d
                {
                    *closure_date = Some(on);
                    *closure_reason = why.into();
                    *rec = on;
                }
            }
        }
    }

    fn cin_plan(&mut self, s: &mut Steps, ep: StepId, start: Date, end: Option<Date>) {
        if start > self.today || end.is_some_and(|e| e <= start) {
            return;
        }
        s.add(
            start,
            end.unwrap_or(start),
            StepDetail::CinPlan {
                episode: Some(ep),
                start,
                end,
            },
        );
    }

    /// A section 47 enquiry from the strategy discussion after the referral,
    /// and, mostly, an initial conference within 15 working days and a plan
    /// until `plan_end`. Returns the conference date if one was held.
    fn section47(
        &mut self,
        s: &mut Steps,
        ep: StepId,
        referral: Date,
        plan_end: Option<Date>,
        previous_plans: usize,
        shared: Option<(Date, Option<Date>)>,
    ) -> Option<Date> {
        let today = self.today;
        let start = match shared {
            Some((start, _)) => start,
            None => add_wd(
                referral,
                self.weighted(&[(0, 50), (1, 30), (2, 15), (3, 5)]),
            ),
        };
        if start > today {
            return None;
        }
        let target = add_wd(start, 15);
        let wanted_plan = match shared {
            Some((_, icpc)) => icpc.is_some(),
            None => plan_end.is_some() || self.chance(0.8),
        };
        let icpc = if let Some((_, Some(icpc))) = shared {
            Some(icpc).filter(|d| *d <= today)
        } else if wanted_plan {
            let took = self.wd_days(0.82, 8, 15, 24);
            let mut planned = add_wd(start, took);
            if crosses_year_end(target, planned).is_some() {
                planned = add_wd(start, self.range(8, 15));
            }
            Some(planned).filter(|d| *d <= today)
        } else {
            None
        };
        let not_required = if wanted_plan {
            "0"
        } else if target <= today {
            "1"
        } else {
            ""
        };
        s.add(
            start,
            icpc.unwrap_or(start),
            StepDetail::Section47 {
                episode: Some(ep),
                start,
                icpc_target: Some(target),
                icpc_date: icpc,
                icpc_not_required: not_required.into(),
            },
        );
        let icpc = icpc?;
        if plan_end.is_some_and(|e| e <= icpc) {
            return Some(icpc);
        }
        let initial = self.weighted(CP_CATS);
        let reviews = self.cp_reviews(icpc, plan_end);
        let latest = if !reviews.is_empty() && self.chance(0.12) {
            self.weighted(CP_CATS)
        } else {
            initial
        };
        s.add(
            icpc,
            plan_end.or(reviews.last().copied()).unwrap_or(icpc),
            StepDetail::CpPlan {
                episode: Some(ep),
                start: icpc,
                end: plan_end,
                initial_category: initial.into(),
                latest_category: latest.into(),
                previous_plans: previous_plans.to_string(),
                reviews,
            },
        );
        Some(icpc)
    }

    fn pre_proceedings(&mut self, s: &mut Steps, ep: StepId, start: Date, to_court: bool) {
        let today = self.today;
        let letter = add_wd(start, self.range(1, 10));
        let offered = self.chance(0.85);
        let facilitated = offered && self.chance(0.6);
        let meeting = add_wd(letter, self.range(3, 10));
        let decision = add_days(meeting, self.range(70, 130));
        let (decision, outcome, court, letter_cp) = if decision <= today {
            if to_court {
                let court = add_wd(decision, self.range(1, 10));
                let court = Some(court).filter(|d| *d <= today);
                let lcp = court
                    .map(|c| add_wd(c, self.range(0, 3)))
                    .filter(|d| *d <= today);
                (Some(decision), "A", court, lcp)
            } else {
                (Some(decision), self.pick(&["B", "C"]), None, None)
            }
        } else {
            (None, "", None, None)
        };
        let reviews = (decision.unwrap_or(today) - meeting).whole_days().max(0) / 42;
        s.add(
            start,
            letter_cp.or(court).or(decision).unwrap_or(start),
            StepDetail::PreProceedings {
                episode: Some(ep),
                start: Some(start),
                letter_before_proceedings: Some(letter).filter(|d| *d <= today),
                fgdm_offered: if offered { "1" } else { "0" }.into(),
                fgdm_facilitated: if facilitated { "1" } else { "0" }.into(),
                initial_meeting: Some(meeting).filter(|d| *d <= today),
                review_meetings: reviews.to_string(),
                step_decision: decision,
                outcome: outcome.into(),
                court_application: court,
                letter_initial_cp: letter_cp,
            },
        );
    }

    /// An earlier episode: referral, assessment, perhaps a plan, closed by
    /// `before`. Returns whether it held a child protection plan.
    fn previous_episode(&mut self, s: &mut Steps, r0: Date, before: Date, disabled: bool) -> bool {
        let ep = StepId::from_u128(self.id());
        self.contact(s, r0);
        let Some(auth) = self.assessment(s, ep, r0, Some(before)) else {
            return false;
        };
        let roll = self.range(0, 99);
        let (closed, reason, cp) = if roll < 40 {
            (auth, self.pick(&["RC8", "RC9"]), false)
        } else if roll < 88 {
            let start = add_days(auth, self.range(0, 5));
            let end = add_days(start, self.range(90, 300));
            if end >= before {
                (auth, "RC8", false)
            } else {
                self.cin_plan(s, ep, start, Some(end));
                (end, "RC7", false)
            }
        } else {
            let end = add_days(r0, self.range(150, 420));
            if end >= before {
                (auth, "RC8", false)
            } else {
                match self.section47(s, ep, r0, Some(end), 0, None) {
                    Some(_) => (end, "RC7", true),
                    None => (auth, "RC8", false),
                }
            }
        };
        let need = self.weighted(&[("N1", 40), ("N4", 25), ("N5", 15), ("N3", 15), ("N6", 5)]);
        self.episode_only(s, ep, r0, need, Some(closed), reason, disabled);
        if cp {
            if let Some(StepDetail::Section47 { icpc_date, .. }) = s
                .list
                .iter()
                .rev()
                .map(|(_, _, _, d)| d)
                .find(|d| matches!(d, StepDetail::Section47 { .. }))
            {
                let d = *icpc_date;
                if let Some(d) = d {
                    self.set_icpc(s, ep, d);
                }
            }
        }
        cp
    }
}

impl Gen {
    /// A child who is or was looked after: the episode that brought them
    /// into care, the period of care, and what the returns ask about it.
    fn looked_after(
        &mut self,
        fam: &Fam,
        c: usize,
        s: &mut Steps,
        referral: Date,
        previous_plans: usize,
        disabled: bool,
    ) {
        let today = self.today;
        let m = &fam.members[c];
        let dob = m.dob();
        let age_now = age_on(dob, today);
        let leaving = fam.function == TeamFunction::CareLeavers;
        let to_cic = fam
            .allocs
            .iter()
            .find(|a| a.reason.contains("children in care"))
            .map(|a| a.date);
        let from_cp = to_cic.is_some()
            && self.org.teams[fam.allocs[0].team].function == TeamFunction::ChildProtection;
        let mut l = if let Some(d) = fam.key.looked_after {
            d.max(referral)
        } else if fam.uasc {
            referral
        } else if let Some(d) = to_cic {
            on_wd(add_days(d, -self.range(0, 20)))
        } else {
            on_wd(add_days(referral, self.range(0, 30)))
        };
        if leaving {
            // Looked after for long enough after 14 to be a care leaver.
            let latest = add_days(birthday(dob, 16), -self.range(60, 700));
            l = l.min(latest);
        }
        let floor =
            add_days(dob, 30).max(Date::from_calendar_date(2014, Month::June, 1).unwrap_or(dob));
        if l < floor {
            l = on_wd(floor);
        }
        if l > today {
            return;
        }
        let age_at_l = age_on(dob, l);
        let route = if fam.uasc || age_at_l >= 16 {
            Route::Agreed
        } else if !leaving && age_at_l < 4 && self.chance(0.55) {
            Route::Adoption
        } else {
            self.weighted(&[
                (Route::Agreed, 30),
                (Route::CareOrder, 55),
                (Route::Emergency, 15),
            ])
        };
        let need = if fam.uasc {
            "N8"
        } else if disabled && self.chance(0.3) {
            "N2"
        } else {
            self.weighted(&[
                ("N1", 62),
                ("N4", 10),
                ("N5", 12),
                ("N3", 8),
                ("N6", 4),
                ("N8", 4),
            ])
        };

        // How the care ended, if it has.
        let mut end = None;
        if leaving {
            let b18 = birthday(dob, 18);
            if b18 <= today {
                end = Some(CareEnd { date: b18, rec: "" });
            }
        }

        // The children in need episode that led to care.
        let ep = StepId::from_u128(self.id());
        let ref0 = if fam.uasc {
            l
        } else {
            add_days(l, -self.range(10, 120))
                .max(add_days(dob, 1))
                .min(l)
        };
        if !fam.uasc {
            self.contact(s, ref0);
        }
        if from_cp && days_apart(ref0, l) >= 45 {
            self.section47(s, ep, ref0, Some(l), previous_plans, None);
            self.assessment(s, ep, ref0, Some(l));
        } else {
            let a = self.assessment(s, ep, ref0, Some(l));
            if let Some(a) = a {
                self.cin_plan(s, ep, add_days(a, 1), Some(l));
            }
        }
        if route == Route::CareOrder && days_apart(ref0, l) >= 150 && self.chance(0.6) {
            let start = on_wd(add_days(l, -self.range(110, 140)));
            if start > ref0 {
                self.pre_proceedings(s, ep, start, true);
            }
        }
        self.episode_only(s, ep, ref0, need, None, "", disabled);
        if let Some(StepDetail::Section47 {
            icpc_date: Some(d), ..
        }) = s
            .list
            .iter()
            .map(|(_, _, _, d)| d)
            .find(|d| matches!(d, StepDetail::Section47 { episode: Some(e), .. } if *e == ep))
        {
            let d = *d;
            self.set_icpc(s, ep, d);
        }

        let care = self.care_period(fam, c, s, l, route, end, need);
        let stop = care.end.map(|e| e.date);
        if let Some(e) = care.end {
            let why = match e.rec {
                "E11" | "E12" => "RC1",
                _ => "RC7",
            };
            self.close_episode(s, ep, e.date, why);
        }

        let ry_end = report_year_end(today);
        let ry_start = add_days(add_months(ry_end, -12), 1);
        self.yearly(fam, c, s, l, stop);
        if let Some(pa) = care.adoption {
            if let Some(adopted) = care.end.filter(|e| e.rec == "E11" || e.rec == "E12") {
                if adopted.date >= ry_start && adopted.date <= ry_end {
                    let couple = self.chance(0.75);
                    let (n, sex, ls) = if couple {
                        let (sex, ls) = self.weighted(&[
                            (("MF", "L11"), 55),
                            (("MF", "L3"), 20),
                            (("FF", "L12"), 10),
                            (("MM", "L12"), 5),
                            (("FF", "L2"), 5),
                            (("MM", "L4"), 5),
                        ]);
                        ("2", sex, ls)
                    } else {
                        ("1", self.weighted(&[("F1", 85), ("M1", 15)]), "L0")
                    };
                    s.add(
                        pa.decision,
                        adopted.date,
                        StepDetail::Adoption {
                            should_be_placed: Some(pa.decision),
                            matched: Some(pa.matched),
                            foster_care: "0".into(),
                            number_of_adopters: n.into(),
                            sex_of_adopters: sex.into(),
                            legal_status_of_adopters: ls.into(),
                        },
                    );
                }
            }
            s.add(
                pa.decision,
                pa.decision,
                StepDetail::PlacedForAdoption {
                    decision: pa.decision,
                    ceased: None,
                    reason_ceased: String::new(),
                },
            );
        }
        // Care leavers' circumstances around their 19th to 21st birthdays.
        if let Some(e) = care.end.filter(|_| leaving) {
            for age in 19..=21 {
                let b = birthday(dob, age);
                if b >= ry_start && b <= ry_end && b <= today && b > e.date {
                    let in_touch =
                        self.weighted(&[("YES", 88), ("NO", 6), ("REFU", 4), ("NREQ", 2)]);
                    let (activity, accommodation) = if in_touch == "YES" {
                        (
                            self.weighted(&[
                                ("F1", 18),
                                ("P1", 6),
                                ("F2", 14),
                                ("P2", 5),
                                ("F4", 14),
                                ("P4", 5),
                                ("G4", 12),
                                ("G5", 14),
                                ("G6", 12),
                            ]),
                            self.weighted(&[
                                ("U1", 30),
                                ("Z1", 12),
                                ("B1", 10),
                                ("D1", 10),
                                ("E1", 8),
                                ("K1", 6),
                                ("S2", 2),
                                ("V2", 3),
                                ("W2", 2),
                                ("X2", 3),
                                ("Y1", 6),
                                ("U2", 8),
                            ]),
                        )
                    } else {
                        ("0", "0")
                    };
                    s.add(
                        b,
                        b,
                        StepDetail::CareLeaver {
                            year: Some(hearth_core::calendar::collection_year_of(b)),
                            in_touch: in_touch.into(),
                            activity: activity.into(),
                            accommodation: accommodation.into(),
                        },
                    );
                }
            }
        }
        let _ = age_now;
    }

    /// OC2 for a child looked after continuously for the year to `ry_end`.
    fn outcomes(&mut self, s: &mut Steps, dob: Date, ry_start: Date, ry_end: Date) {
        let a = age_on(dob, ry_start);
        // Turning 17 on the year's first day: the validators want a reason.
        let seventeen_today = a == 17 && birthday(dob, 17) == ry_start;
        let b = age_on(dob, ry_end);
        let yn = |g: &mut Gen, p: f64| if g.chance(p) { "1" } else { "0" }.to_string();
        let (score, reason) = if seventeen_today {
            (String::new(), "SDQ1".to_string())
        } else if b < 4 || a >= 17 {
            (String::new(), String::new())
        } else if a < 4 || b >= 17 {
            (String::new(), "SDQ1".to_string())
        } else if self.chance(0.82) {
            (self.range(3, 30).to_string(), String::new())
        } else {
            (
                String::new(),
                self.weighted(&[("SDQ2", 30), ("SDQ3", 25), ("SDQ4", 30), ("SDQ5", 15)])
                    .to_string(),
            )
        };
        let convicted = if b >= 10 {
            yn(self, 0.04)
        } else {
            String::new()
        };
        let health_check = if b < 5 { yn(self, 0.9) } else { String::new() };
        let misuse = if b >= 11 { self.chance(0.06) } else { false };
        let received = misuse.then(|| self.chance(0.6));
        s.add(
            ry_end,
            ry_end,
            StepDetail::CareOutcomes {
                year: Some(hearth_core::calendar::collection_year_of(ry_end)),
                sdq_score: score,
                sdq_reason: reason,
                convicted,
                health_check,
                immunisations: yn(self, 0.88),
                teeth_check: yn(self, 0.8),
                health_assessment: yn(self, 0.9),
                substance_misuse: if misuse { "1" } else { "0" }.into(),
                intervention_received: match received {
                    Some(true) => "1".into(),
                    Some(false) => "0".into(),
                    None => String::new(),
                },
                intervention_offered: match received {
                    Some(false) => yn(self, 0.7),
                    _ => String::new(),
                },
            },
        );
    }
}

/// A small deterministic mixer (SplitMix64) for choices that must not draw
/// on the generator's random stream.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn days_apart(a: Date, b: Date) -> i64 {
    (b - a).whole_days()
}

fn previous_date(g: &mut Gen, dob: Date, before: Date) -> String {
    let d = g.date_between(add_days(dob, 200), add_days(before, -200));
    crate::family::journey::dmy(d)
}

pub(crate) fn dmy(d: Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year())
}

/// The adoption decisions of a period of care.
#[derive(Clone, Copy, Debug)]
struct PlacedAdoption {
    decision: Date,
    matched: Date,
}

struct Care {
    end: Option<CareEnd>,
    adoption: Option<PlacedAdoption>,
}

impl Gen {
    fn placement_for(&mut self, age: i64, uasc: bool, on: Date) -> (&'static str, &'static str) {
        let (place, provider) = self.placement_kind(age, uasc);
        // Supported accommodation (K3) is a placement type from April 2025.
        if place == "K3" && on < Date::from_calendar_date(2025, Month::April, 1).unwrap_or(on) {
            return ("K2", provider);
        }
        (place, provider)
    }

    fn placement_kind(&mut self, age: i64, uasc: bool) -> (&'static str, &'static str) {
        let place = if uasc {
            if age >= 16 {
                self.weighted(&[("K3", 60), ("U6", 40)])
            } else {
                "U6"
            }
        } else if age < 11 {
            self.weighted(&[("U6", 75), ("U3", 25)])
        } else if age < 16 {
            self.weighted(&[("U6", 60), ("U3", 15), ("K2", 25)])
        } else {
            self.weighted(&[("U6", 40), ("K3", 35), ("K2", 25)])
        };
        let provider = match place {
            "U3" | "U1" => "PR1",
            "U6" | "U4" => self.weighted(&[("PR1", 60), ("PR4", 40)]),
            "K2" => self.weighted(&[("PR1", 30), ("PR4", 70)]),
            "K3" => self.weighted(&[("PR4", 60), ("PR5", 40)]),
            _ => "PR1",
        };
        (place, provider)
    }

    /// One period of care from `l`: legal statuses, placements, reviews,
    /// missing episodes and social workers.
    #[allow(clippy::too_many_arguments)]
    fn care_period(
        &mut self,
        fam: &Fam,
        c: usize,
        s: &mut Steps,
        l: Date,
        route: Route,
        end: Option<CareEnd>,
        need: &'static str,
    ) -> Care {
        let today = self.today;
        let dob = fam.members[c].dob();
        let mut end = end;
        let mut adoption = None;
        // Legal status changes: (date, status).
        let mut ls: Vec<(Date, &'static str)> = Vec::new();
        let first_ls = match route {
            Route::Agreed => "V2",
            Route::CareOrder | Route::Adoption => "C1",
            Route::Emergency => "L2",
        };
        // Placement changes: (date, place, provider, reason for the change).
        let mut moves: Vec<(Date, &'static str, &'static str, &'static str)> = Vec::new();
        match route {
            Route::Emergency => {
                let d = add_days(l, self.range(2, 8));
                ls.push((d, "C1"));
                ls.push((add_days(d, self.range(180, 320)), "C2"));
            }
            Route::CareOrder => ls.push((add_days(l, self.range(180, 320)), "C2")),
            Route::Agreed => {
                if !fam.uasc && age_on(dob, l) < 14 && self.chance(0.15) {
                    let d = add_days(l, self.range(60, 300));
                    ls.push((d, "C1"));
                    ls.push((add_days(d, self.range(180, 300)), "C2"));
                }
            }
            Route::Adoption => {
                let decision = add_days(l, self.range(150, 230));
                let order = add_days(decision, self.range(20, 90));
                let matched = add_days(order, self.range(60, 200));
                let placed = add_days(matched, self.range(7, 28));
                let adopted = add_days(placed, self.range(80, 360));
                if decision <= today {
                    ls.push((order, "E1"));
                    adoption = Some(PlacedAdoption { decision, matched });
                    if placed <= today {
                        moves.push((placed, "A6", "PR1", "CARPL"));
                    } else {
                        adoption = Some(PlacedAdoption { decision, matched });
                    }
                    if adopted <= today {
                        end = Some(CareEnd {
                            date: adopted,
                            rec: self.weighted(&[("E12", 80), ("E11", 20)]),
                        });
                    }
                    if matched > today {
                        // Not matched yet: the decision stands alone.
                        adoption = Some(PlacedAdoption { decision, matched });
                    }
                }
            }
        }
        let stop = end.map(|e| e.date).unwrap_or(today);
        let (p0, pr0) = self.placement_for(age_on(dob, l), fam.uasc, l);
        // Placement moves over the years, about one every three years.
        let years = days_apart(l, stop) as f64 / 365.0;
        let n = (years * 0.35 + self.rng_f64() * 1.2) as usize;
        let adoption_placed = moves.first().map(|m| m.0);
        let last_move_by = adoption_placed.unwrap_or(stop);
        for _ in 0..n.min(6) {
            let lo = add_days(l, 30);
            let hi = add_days(last_move_by, -20);
            if lo >= hi {
                break;
            }
            let d = self.date_between(lo, hi);
            let (p, pr) = self.placement_for(age_on(dob, d), fam.uasc, d);
            let why = self.weighted(&[
                ("CARPL", 40),
                ("CREQB", 15),
                ("CREQO", 10),
                ("CHILD", 10),
                ("LAREQ", 10),
                ("OTHER", 5),
                ("CLOSE", 5),
                ("STAND", 3),
                ("ALLEG", 2),
            ]);
            moves.push((d, p, pr, why));
        }
        moves.sort_by_key(|m| m.0);
        ls.retain(|(d, _)| *d > l && *d < stop);
        moves.retain(|(d, ..)| *d > l && *d < stop);

        // Postcodes: the returns place children on the map, so the 903
        // carries real stand-in postcodes (public buildings) for the
        // fictional ones: home in the council's area, placements in it or
        // near it. The council's own placements are in its area.
        let home = if fam.uasc {
            String::new()
        } else {
            let fictional = fam
                .homes
                .iter()
                .find(|h| h.kind == super::HomeKind::Family)
                .and_then(|h| h.address.postcode.as_ref())
                .map(|p| p.as_str().to_string())
                .unwrap_or_default();
            let h = fictional
                .bytes()
                .fold(7usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize));
            IN_AREA[h % IN_AREA.len()].to_string()
        };
        let fresh_pc = |g: &mut Gen, provider: &str, place: &str| loop {
            let pc = if provider == "PR1" || place == "K3" || g.chance(0.55) {
                g.pick(IN_AREA)
            } else {
                g.pick(NEARBY)
            };
            if pc != home {
                break pc.to_string();
            }
        };
        let fresh_urn = |g: &mut Gen| format!("SC{:06}", g.range(40_000, 999_999));

        // Merge the changes into episodes.
        let mut changes: Vec<Change> = Vec::new();
        for (d, x) in &ls {
            changes.push((*d, Some(*x), None));
        }
        for (d, p, pr, why) in &moves {
            if let Some(ch) = changes.iter_mut().find(|ch| ch.0 == *d) {
                ch.2 = Some((*p, *pr, *why));
            } else {
                changes.push((*d, None, Some((*p, *pr, *why))));
            }
        }
        changes.sort_by_key(|ch| ch.0);
        let mut eps: Vec<Ep> = vec![Ep {
            start: l,
            rne: "S",
            ls: first_ls,
            place: p0,
            provider: pr0,
            end: None,
            rec: "",
            rpc: "",
            home: home.clone(),
            pl_post: fresh_pc(self, pr0, p0),
            urn: fresh_urn(self),
        }];
        for (d, new_ls, new_place) in changes {
            let prev = eps.last().cloned().unwrap_or_else(|| unreachable!());
            // Two changes within a day: the later waits a couple of days
            // (an episode lasts at least a day).
            let d = if days_apart(prev.start, d) < 2 {
                add_days(prev.start, 2)
            } else {
                d
            };
            if d >= stop {
                continue;
            }
            let ls_changed = new_ls.is_some_and(|x| x != prev.ls);
            // A move to other carers is a change even if the type is the same.
            let place_changed = new_place.is_some();
            if !ls_changed && !place_changed {
                continue;
            }
            let rne = match (ls_changed, place_changed) {
                (true, false) => "L",
                (false, true) => "P",
                _ => "T",
            };
            let mut next = prev.clone();
            next.start = d;
            next.rne = rne;
            next.rpc = "";
            if let Some(x) = new_ls {
                next.ls = x;
            }
            if let Some((p, pr, why)) = new_place {
                next.place = p;
                next.provider = pr;
                next.pl_post = fresh_pc(self, pr, p);
                next.urn = fresh_urn(self);
                if let Some(last) = eps.last_mut() {
                    last.rpc = why;
                }
            }
            if let Some(last) = eps.last_mut() {
                last.end = Some(d);
                last.rec = "X1";
            }
            eps.push(next);
        }
        // How care ended, for care leavers: by what the last placement allows.
        if let Some(e) = end.as_mut() {
            if e.rec.is_empty() {
                let foster = eps.last().is_some_and(|x| x.place.starts_with('U'));
                e.rec = if foster {
                    self.weighted(&[("E17", 55), ("E5", 25), ("E8", 10), ("E6", 10)])
                } else {
                    self.weighted(&[("E5", 65), ("E6", 20), ("E8", 15)])
                };
            }
            if let Some(last) = eps.last_mut() {
                last.end = Some(e.date);
                last.rec = e.rec;
                last.rpc = "";
            }
        }
        for e in &eps {
            s.add(
                e.start,
                e.end.unwrap_or(e.start),
                StepDetail::CareEpisode {
                    start: e.start,
                    reason_new: e.rne.into(),
                    legal_status: e.ls.into(),
                    category_of_need: need.into(),
                    placement: e.place.into(),
                    provider: e.provider.into(),
                    end: e.end,
                    reason_end: e.rec.into(),
                    reason_place_change: e.rpc.into(),
                    home_postcode: e.home.clone(),
                    placement_postcode: e.pl_post.clone(),
                    urn: e.urn.clone(),
                },
            );
        }
        self.cla_reviews(s, dob, l, end.map(|e| e.date));

        // Missing or away from placement, for some older children.
        if age_on(dob, stop) >= 12 && self.chance(0.16) {
            let n = self.weighted(&[(1usize, 45), (2, 25), (3, 15), (4, 10), (6, 5)]);
            let mut dates: Vec<Date> = Vec::new();
            let lo = add_days(l, 14).max(birthday(dob, 11));
            let hi = add_days(stop, -10);
            for _ in 0..n {
                if lo < hi {
                    dates.push(self.date_between(lo, hi));
                }
            }
            dates.sort();
            dates.dedup();
            let mut free_from = lo;
            for d in dates {
                if d < free_from {
                    continue;
                }
                let back = add_days(
                    d,
                    self.weighted(&[(0, 35), (1, 35), (2, 15), (3, 10), (5, 5)]),
                );
                // Not across a change of placement or a year's end.
                if eps.iter().any(|e| e.start > d && e.start <= back)
                    || back >= stop
                    || crosses_year_end(d, back).is_some()
                {
                    continue;
                }
                let offered = self.chance(0.92);
                s.add(
                    d,
                    back,
                    StepDetail::Missing {
                        kind: self.weighted(&[("M", 70), ("A", 30)]).into(),
                        start: d,
                        end: Some(back),
                        return_interview_offered: Some(offered),
                        return_interview_accepted: offered.then(|| self.chance(0.6)),
                    },
                );
                free_from = add_days(back, 1);
            }
        }

        // Social worker episodes, from the family's allocations.
        // The social worker stays after care ends, until the end of that
        // collection year at least.
        // (The sector's validator wants one open at 31 March for every child
        // looked after in the year, so one that ends in the latest year stays
        // open.)
        let latest_end = report_year_end(today);
        let sw_until = end
            .map(|e| report_year_end(add_months(e.date, 12)))
            .filter(|d| *d < latest_end);
        self.sw_episodes(fam, c, s, l, sw_until, end.map(|e| e.date));
        Care { end, adoption }
    }

    fn rng_f64(&mut self) -> f64 {
        use rand::Rng;
        self.rng.gen::<f64>()
    }

    /// The child's social worker episodes from the family's allocations. A
    /// change of worker after care has ended is not a new episode in the
    /// return (SW12STG2 flags an episode that starts after the care it
    /// reports has ended): the worker at the end of care stays on it.
    fn sw_episodes(
        &mut self,
        fam: &Fam,
        c: usize,
        s: &mut Steps,
        l: Date,
        until: Option<Date>,
        care_end: Option<Date>,
    ) {
        let added = fam.members[c].added;
        let mut eps: Vec<(String, Date, &'static str)> = Vec::new();
        let mut last_lead = None;
        for (k, a) in fam.allocs.iter().enumerate() {
            // The first starts with the period of care: the sector's
            // validator (and Hearth's, which agrees with it) flags a social
            // worker episode that began before care once that care has ended.
            let start = if k == 0 { l } else { a.date.max(added) };
            if last_lead == Some(a.lead) || care_end.is_some_and(|e| start > e) {
                continue;
            }
            let reason = if k == 0 {
                "FCONTA"
            } else if a.reason.contains("left") {
                "LEFTRL"
            } else if a.reason.contains("maternity") {
                "ABSENC"
            } else if a.reason.contains("asked") {
                "CHCHAN"
            } else if a.reason.contains("rebalanced") {
                "MANAGE"
            } else {
                "TSPROC"
            };
            if let Some(prev) = eps.last_mut() {
                if start <= prev.1 {
                    continue;
                }
                if days_apart(prev.1, start) < 8 {
                    // A worker for a few days: the next one takes it.
                    prev.0 = self.org.pracs[a.lead].sw_id.clone();
                    last_lead = Some(a.lead);
                    continue;
                }
            }
            eps.push((self.org.pracs[a.lead].sw_id.clone(), start, reason));
            last_lead = Some(a.lead);
        }
        for (k, (id, start, reason)) in eps.iter().enumerate() {
            if until.is_some_and(|u| *start >= u) {
                break;
            }
            // Ends the day the next begins, as episodes of care do.
            let mut end = eps.get(k + 1).map(|n| n.1);
            if let Some(u) = until {
                if end.is_none_or(|e| e > u) {
                    end = Some(u);
                }
            }
            s.add(
                *start,
                end.unwrap_or(*start),
                StepDetail::SocialWorkerEpisode {
                    worker_id: id.clone(),
                    start: *start,
                    end,
                    reason_end: (*reason).into(),
                },
            );
        }
    }
}

impl Gen {
    /// What the returns ask about a period of care in the latest collection
    /// year: UASC status, previous permanence for those who started in it,
    /// motherhood, and outcomes for those looked after for the whole year.
    fn yearly(&mut self, fam: &Fam, c: usize, s: &mut Steps, l: Date, stop: Option<Date>) {
        let today = self.today;
        let dob = fam.members[c].dob();
        let female = fam.members[c].details.sex == Some(hearth_core::codes::Sex::Female);
        let ry_end = report_year_end(today);
        let ry_start = add_days(add_months(ry_end, -12), 1);
        let in_ry = l <= ry_end && stop.is_none_or(|e| e >= ry_start);
        if in_ry {
            if fam.uasc {
                s.add(l, l, StepDetail::Uasc { ceased: None });
            }
            if l >= ry_start {
                let (arrangement, la, date) = match self.range(0, 99) {
                    0..=87 => ("Z1", String::new(), String::new()),
                    88..=93 => ("P2", "201".to_string(), previous_date(self, dob, l)),
                    _ => ("P3", "201".to_string(), previous_date(self, dob, l)),
                };
                let arrangement = if fam.uasc || days_apart(dob, l) < 600 {
                    "Z1"
                } else {
                    arrangement
                };
                let (la, date) = if arrangement == "Z1" {
                    (String::new(), String::new())
                } else {
                    (la, date)
                };
                s.add(
                    l,
                    l,
                    StepDetail::PreviousPermanence {
                        arrangement: arrangement.into(),
                        local_authority: la,
                        date,
                    },
                );
            }
            if female {
                let lo = l.max(ry_start);
                let hi = stop.unwrap_or(ry_end).min(ry_end).min(today);
                let mother = age_on(dob, ry_end) >= 15 && lo < hi && self.chance(0.04);
                let born = mother.then(|| self.date_between(lo, hi));
                s.add(
                    born.unwrap_or(l),
                    born.unwrap_or(l),
                    StepDetail::Motherhood {
                        is_mother: if mother { "1" } else { "0" }.into(),
                        child_born: born,
                    },
                );
            }
            // Outcomes for children looked after for a year at 31 March.
            let a_year = l <= ry_start && stop.is_none_or(|e| e > ry_end);
            if a_year && ry_end <= today {
                self.outcomes(s, dob, ry_start, ry_end);
            }
        }
    }
}
