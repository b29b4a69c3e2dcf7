//! 903 rules 631 to 635 (previous permanence), 1000 to 1016 and 3001 (care
//! leavers, missing episodes, placements), EPI and NoE (episodes missing), the
//! internal consistency checks between tables (INT) and the social worker
//! episode checks (SW).
//!
//! Codes are compared without regard to case, as the DfE's own tool reads
//! them. A date that does not parse is treated as absent by the rules that
//! compare dates; the rules that check a date's format report it.

use std::collections::{BTreeMap, HashSet};

use time::{Date, Duration, Month};

use super::common::{date_or_blank, filled, flag_rows, header_dob, is_short_break, OC3_ITEMS};
use crate::date::{add_years, age_on, dmy, iso};
use crate::ssda903::engine::{d, Child, Ctx, Out, Rule};
use crate::ssda903::{
    episodes, header, missing, oc3, placed_adoption, prev_perm, sw_episodes, uasc, T,
};
use crate::table::Table;

/// A rule that also reads last year's episodes.
const fn with_prev(
    code: &'static str,
    tables: &'static [T],
    check: fn(&Ctx, &Child, &mut Out),
) -> Rule {
    Rule::with_prev(code, tables, &[T::Episodes], check)
}

// Table positions in `T::ALL`, for the checks that are the same for several
// tables (a const generic cannot be an enum).
const AD1: usize = T::Ad1 as usize;
const PLACED: usize = T::PlacedAdoption as usize;
const EPISODES: usize = T::Episodes as usize;
const MISSING: usize = T::Missing as usize;
const OC2: usize = T::Oc2 as usize;
const OC3: usize = T::Oc3 as usize;
const PREVPERM: usize = T::PrevPerm as usize;
const REVIEWS: usize = T::Reviews as usize;
const UASC: usize = T::Uasc as usize;
const HEADER: usize = T::Header as usize;

pub const RULES: &[Rule] = &[
    Rule::child("631", &[T::PrevPerm], r631),
    Rule::child("632", &[T::Episodes, T::PrevPerm], r632),
    Rule::child("633", &[T::PrevPerm], r633),
    Rule::child("634", &[T::Episodes, T::PrevPerm], r634),
    Rule::child("635", &[T::PrevPerm], r635),
    Rule::child("1000", &[T::Episodes, T::Oc3], r1000),
    with_prev("1001", &[T::Episodes, T::Header, T::Oc3], r1001),
    with_prev("1002", &[T::Episodes, T::Oc3], r1002),
    Rule::child("1003", &[T::Episodes, T::PlacedAdoption], r1003),
    Rule::child("1004", &[T::Missing], r1004),
    Rule::child("1005", &[T::Missing], r1005),
    Rule::child("1006", &[T::Missing], r1006),
    Rule::child("1007", &[T::Episodes, T::Oc3], r1007),
    Rule::child("1009", &[T::Episodes], r1009),
    with_prev("1010", &[T::Episodes, T::Oc3], r1010),
    Rule::child("1011", &[T::Episodes, T::Oc3], r1011),
    Rule::child("1012", &[T::Episodes], r1012),
    Rule::child("1014", &[T::Episodes, T::Oc3, T::Uasc], r1014),
    Rule::child("1016", &[T::Episodes, T::Oc3], r1016),
    Rule::child("3001", &[T::Header, T::Oc3], r3001),
    Rule::child("EPI", &[T::Header], epi),
    with_prev("NoE", &[T::Episodes], noe),
    Rule::child("INT01", &[T::Ad1, T::Header], not_in_header::<AD1>),
    Rule::child(
        "INT02",
        &[T::Header, T::PlacedAdoption],
        not_in_header::<PLACED>,
    ),
    Rule::child(
        "INT03",
        &[T::Episodes, T::Header],
        not_in_header::<EPISODES>,
    ),
    Rule::child("INT04", &[T::Header, T::Missing], not_in_header::<MISSING>),
    Rule::child("INT05", &[T::Header, T::Oc2], not_in_header::<OC2>),
    Rule::child("INT06", &[T::Header, T::Oc3], not_in_header::<OC3>),
    Rule::child(
        "INT07",
        &[T::Header, T::PrevPerm],
        not_in_header::<PREVPERM>,
    ),
    Rule::child("INT08", &[T::Header, T::Reviews], not_in_header::<REVIEWS>),
    Rule::child("INT09", &[T::Header, T::Uasc], not_in_header::<UASC>),
    Rule::child("INT11", &[T::Ad1, T::Header], dob_differs::<AD1>),
    Rule::child(
        "INT12",
        &[T::Header, T::PlacedAdoption],
        dob_differs::<PLACED>,
    ),
    Rule::child("INT13", &[T::Header, T::Missing], dob_differs::<MISSING>),
    Rule::child("INT14", &[T::Header, T::Oc2], dob_differs::<OC2>),
    Rule::child("INT15", &[T::Header, T::Oc3], dob_differs::<OC3>),
    Rule::child("INT16", &[T::Header, T::PrevPerm], dob_differs::<PREVPERM>),
    Rule::child("INT17", &[T::Header, T::Reviews], dob_differs::<REVIEWS>),
    Rule::child("INT18", &[T::Header, T::Uasc], dob_differs::<UASC>),
    Rule::child("INT21", &[T::Header, T::Uasc], int21),
    Rule::child("INT31", &[T::Ad1], more_than_once::<AD1>),
    Rule::child("INT32", &[T::Header], more_than_once::<HEADER>),
    Rule::child("INT33", &[T::Oc2], more_than_once::<OC2>),
    Rule::child("INT34", &[T::Oc3], more_than_once::<OC3>),
    Rule::child("INT35", &[T::PrevPerm], more_than_once::<PREVPERM>),
    Rule::child("INT36", &[T::Uasc], more_than_once::<UASC>),
    Rule::child("SW02STG1", &[T::SwEpisodes], sw02),
    Rule::child("SW04STG1", &[T::SwEpisodes], sw04),
    Rule::child("SW05STG1", &[T::SwEpisodes], sw05),
    Rule::child("SW06STG2", &[T::SwEpisodes], sw06),
    Rule::child("SW07STG2", &[T::SwEpisodes], sw07),
    Rule::child("SW08STG2", &[T::SwEpisodes], sw08),
    Rule::child("SW09STG2", &[T::SwEpisodes], sw09),
    Rule::child("SW10STG2", &[T::SwEpisodes], sw10),
    Rule::child("SW10aSTG2", &[T::SwEpisodes], sw10),
    Rule::child("SW10bSTG2", &[T::SwEpisodes], sw10b),
    Rule::child("SW11bSTG2", &[T::SwEpisodes], sw11b),
    Rule::child("SW12STG2", &[T::Episodes, T::SwEpisodes], sw12),
    Rule::child("SW13STG1", &[T::SwEpisodes], sw13),
    Rule::child("SW17STG2", &[T::SwEpisodes], sw17),
    Rule::child("SW18STG2", &[T::SwEpisodes], sw18),
    Rule::child("SW19STG2", &[T::SwEpisodes], sw19),
];

// ---------------------------------------------------------------- helpers

/// The table at position `i` of `T::ALL` (the const generic checks' table).
fn table_at(i: usize) -> Option<T> {
    T::ALL.get(i).copied()
}

/// A code cell, upper-cased for comparing with a code list.
fn code(t: &Table, row: usize, col: usize) -> String {
    t.get(row, col).to_ascii_uppercase()
}

/// Age in whole years counted as elapsed days over 365.25, the way the DfE
/// tool counts it for the care leaver rules (a day short of a birthday that
/// follows 29 February can round down).
fn age_in_days(dob: Date, on: Date) -> i64 {
    let days = (on - dob).whole_days();
    (days * 100).div_euclid(36525)
}

/// The child's latest episode (latest start; the first in the file of
/// several on the same day).
fn last_episode(ctx: &Ctx, child: &Child) -> Option<usize> {
    let e = ctx.t(T::Episodes);
    let mut best: Option<(usize, Date)> = None;
    for &r in child.rows(T::Episodes) {
        if let Some(s) = d(e, r, episodes::DECOM) {
            if best.is_none_or(|(_, b)| s > b) {
                best = Some((r, s));
            }
        }
    }
    best.map(|(r, _)| r)
}

fn last_day_of_month(year: i32, month: Month) -> Date {
    let first = Date::from_calendar_date(year, month, 1).unwrap_or(Date::MIN);
    let next = if month == Month::December {
        Date::from_calendar_date(year + 1, Month::January, 1)
    } else {
        Date::from_calendar_date(year, month.next(), 1)
    };
    next.map_or(first, |n| n - Duration::days(1))
}

/// A date of a previous permanence order, which may leave the day or the day
/// and month unknown (`zz/mm/yyyy`, `zz/zz/yyyy`). Returns the latest date it
/// may be, or None when it is not such a date.
fn perm_date_latest(s: &str) -> Option<Date> {
    let parts: Vec<&str> = s.trim().split('/').collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    let day_unknown = day.eq_ignore_ascii_case("zz");
    let month_unknown = month.eq_ignore_ascii_case("zz");
    // Valid when the date with each unknown part read as 01 is a date.
    let probe = format!(
        "{}/{}/{}",
        if day_unknown { "01" } else { day },
        if month_unknown { "01" } else { month },
        year
    );
    let known = dmy(&probe)?;
    let month = if month_unknown {
        Month::December
    } else {
        known.month()
    };
    if day_unknown {
        Some(last_day_of_month(known.year(), month))
    } else {
        Date::from_calendar_date(known.year(), month, known.day()).ok()
    }
}

// ------------------------------------------------- previous permanence

/// 631: the previous permanence option must be P1, P2, P3, P4 or Z1
/// (blank is left to other rules).
fn r631(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(T::PrevPerm);
    for &r in child.rows(T::PrevPerm) {
        let v = code(t, r, prev_perm::PREV_PERM);
        if !v.is_empty() && !matches!(v.as_str(), "P1" | "P2" | "P3" | "P4" | "Z1") {
            out.flag(T::PrevPerm, r);
        }
    }
}

/// 632: a date of previous permanence order must be a date (the day, or the
/// day and month, may be `zz` when unknown) and before the child's first
/// episode (the earliest start; the first in the file of several that day).
/// A date that is not one, or whose latest possible day is on or after that
/// start, flags the row and that episode. A child with no episode with a
/// readable start is not checked.
fn r632(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(T::PrevPerm);
    let e = ctx.t(T::Episodes);
    let Some((first_start, first)) = child
        .rows(T::Episodes)
        .iter()
        .filter_map(|&r| d(e, r, episodes::DECOM).map(|s| (s, r)))
        .min()
    else {
        return;
    };
    for &r in child.rows(T::PrevPerm) {
        let raw = t.get(r, prev_perm::DATE_PERM);
        if raw.is_empty() {
            continue;
        }
        if perm_date_latest(raw).is_none_or(|latest| latest >= first_start) {
            out.flag(T::PrevPerm, r);
            out.flag(T::Episodes, first);
        }
    }
}

/// English local authority codes (DfE three-digit numbers), 999 and the
/// codes for Wales, Scotland, Northern Ireland and not known, as the DfE
/// tool accepts them for LA_PERM. The 2021 and 2023 unitary authorities
/// (940-943) are not in its list.
const LA_PERM_CODES: &[&str] = &[
    "201", "202", "203", "204", "205", "206", "207", "208", "209", "210", "211", "212", "213",
    "301", "302", "303", "304", "305", "306", "307", "308", "309", "310", "311", "312", "313",
    "314", "315", "316", "317", "318", "319", "320", "330", "331", "332", "333", "334", "335",
    "336", "340", "341", "342", "343", "344", "350", "351", "352", "353", "354", "355", "356",
    "357", "358", "359", "370", "371", "372", "373", "380", "381", "382", "383", "384", "390",
    "391", "392", "393", "394", "420", "800", "801", "802", "803", "805", "806", "807", "808",
    "810", "811", "812", "813", "815", "816", "821", "822", "823", "825", "826", "830", "831",
    "835", "836", "837", "840", "841", "845", "846", "850", "851", "852", "855", "856", "857",
    "860", "861", "865", "866", "867", "868", "869", "870", "871", "872", "873", "874", "876",
    "877", "878", "879", "880", "881", "882", "883", "884", "885", "886", "887", "888", "889",
    "890", "891", "892", "893", "894", "895", "896", "908", "909", "916", "919", "921", "925",
    "926", "928", "929", "931", "933", "935", "936", "937", "938", "999", "WAL", "SCO", "NIR",
    "NUK",
];

/// 633: the local authority where the previous permanence option was
/// arranged must be a known LA code (blank is allowed).
fn r633(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(T::PrevPerm);
    for &r in child.rows(T::PrevPerm) {
        let v = code(t, r, prev_perm::LA_PERM);
        if !v.is_empty() && !LA_PERM_CODES.contains(&v.as_str()) {
            out.flag(T::PrevPerm, r);
        }
    }
}

/// 634: previous permanence is recorded only for a child who started to be
/// looked after in the collection year. A child with a previous permanence
/// row saying anything (Z1 included) and no episode starting on or after 1
/// April (but one with a readable start) has all its episodes flagged, with
/// the row; an episode whose start does not parse is flagged with the others.
fn r634(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(T::PrevPerm);
    let e = ctx.t(T::Episodes);
    let perm: Vec<usize> = child
        .rows(T::PrevPerm)
        .iter()
        .copied()
        .filter(|&r| {
            [
                prev_perm::PREV_PERM,
                prev_perm::LA_PERM,
                prev_perm::DATE_PERM,
            ]
            .iter()
            .any(|&c| !t.get(r, c).is_empty())
        })
        .collect();
    if perm.is_empty() {
        return;
    }
    let starts: Vec<(usize, Date)> = child
        .rows(T::Episodes)
        .iter()
        .filter_map(|&r| d(e, r, episodes::DECOM).map(|s| (r, s)))
        .collect();
    if starts.iter().any(|&(_, s)| s >= ctx.start) {
        return;
    }
    if starts.is_empty() {
        return;
    }
    out.flag_all(T::Episodes, child.rows(T::Episodes));
    out.flag_all(T::PrevPerm, &perm);
}

/// 635: a date of order or local authority is given for a previous
/// permanence option that is not. The DfE message speaks of code Z1, but
/// the DfE tool flags a blank option, not Z1, and so does Hearth.
fn r635(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::PrevPerm, |t, r| {
        t.get(r, prev_perm::PREV_PERM).is_empty()
            && (!t.get(r, prev_perm::LA_PERM).is_empty()
                || !t.get(r, prev_perm::DATE_PERM).is_empty())
    });
}

// ---------------------------------------------------------- care leavers

/// 1000: a child who died in care (an episode ending E2) has no care leaver
/// information: every OC3 row of the child is flagged, even a blank one.
fn r1000(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(T::Episodes);
    if child
        .rows(T::Episodes)
        .iter()
        .any(|&r| code(e, r, episodes::REC) == "E2")
    {
        out.flag_all(T::Oc3, child.rows(T::Oc3));
    }
}

/// 1001: care leaver information only for a relevant or former relevant
/// child, judged from this year's and last year's episodes: looked after for
/// at least 13 weeks (91 days) since the 14th birthday, some of it after the
/// 16th birthday. Short breaks (V3/V4) do not count; an open episode counts
/// to 31 March. Of episodes starting
/// the same day (the same one in both years' returns) only the one that
/// ended first counts, as in the DfE tool. A child without a date of birth
/// (header) or without episodes, or aged 20 or over on 31 March, is flagged.
fn r1001(ctx: &Ctx, child: &Child, out: &mut Out) {
    let rows = child.rows(T::Oc3);
    if rows.is_empty() {
        return;
    }
    let Some(dob) = header_dob(ctx, child) else {
        out.flag_all(T::Oc3, rows);
        return;
    };
    // One spell per start date: of several episodes starting the same day
    // (the same episode in both years' returns, or a duplicate), the one
    // that ended first, an open one counting as ending last.
    let mut spells: BTreeMap<Date, Option<Date>> = BTreeMap::new();
    let mut add = |t: &Table, r: usize| {
        if is_short_break(&code(t, r, episodes::LS)) {
            return;
        }
        if let Some(s) = d(t, r, episodes::DECOM) {
            let end = d(t, r, episodes::DEC);
            spells
                .entry(s)
                .and_modify(|e| {
                    if let Some(new) = end {
                        if e.is_none_or(|old| new < old) {
                            *e = Some(new);
                        }
                    }
                })
                .or_insert(end);
        }
    };
    let cur = ctx.t(T::Episodes);
    for &r in child.rows(T::Episodes) {
        add(cur, r);
    }
    if let Some(prev) = ctx.p(T::Episodes) {
        for &r in child.prev_rows(T::Episodes) {
            add(prev, r);
        }
    }
    let from14 = add_years(dob, 14);
    let from16 = add_years(dob, 16);
    let mut days = 0i64;
    let mut after16 = false;
    for (&s, &e) in &spells {
        let e = e.unwrap_or(ctx.end);
        let s14 = s.max(from14);
        if e > s14 {
            days += (e - s14).whole_days();
        }
        if e > from16 {
            after16 = true;
        }
    }
    let relevant = !spells.is_empty() && days >= 91 && after16 && age_on(dob, ctx.end) < 20;
    if !relevant {
        out.flag_all(T::Oc3, rows);
    }
}

/// 1002: care leaver information for a child with no episodes this year or
/// last year.
fn r1002(_ctx: &Ctx, child: &Child, out: &mut Out) {
    if child.rows(T::Episodes).is_empty() && child.prev_rows(T::Episodes).is_empty() {
        out.flag_all(T::Oc3, child.rows(T::Oc3));
    }
}

/// The birthday (17th or 18th) that the care leaver rule 1016 looks at, from the date of birth on the OC3 row: the age on 31 March, counted in
/// days over 365.25.
fn leaver_birthday(ctx: &Ctx, oc3_row: usize) -> Option<Date> {
    let dob = d(ctx.t(T::Oc3), oc3_row, oc3::DOB)?;
    let age = age_in_days(dob, ctx.end);
    if age == 17 || age == 18 {
        Some(add_years(dob, i32::try_from(age).unwrap_or(0)))
    } else {
        None
    }
}

/// 1007: no care leaver information for a young person aged 17 or 18 on 31
/// March (date of birth from the OC3 row) who was still looked after on that
/// birthday: an episode that started on or before it and ended after it. An
/// open episode does not count (the DfE tool compares with the end date
/// only).
fn r1007(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(T::Oc3);
    let e = ctx.t(T::Episodes);
    for &r in child.rows(T::Oc3) {
        if filled(t, r, OC3_ITEMS) == 0 {
            continue;
        }
        let Some(dob) = d(t, r, oc3::DOB) else {
            continue;
        };
        let age = age_on(dob, ctx.end);
        if age != 17 && age != 18 {
            continue;
        }
        let bday = add_years(dob, age);
        let on_birthday = child.rows(T::Episodes).iter().any(|&er| {
            matches!(
                (d(e, er, episodes::DECOM), d(e, er, episodes::DEC)),
                (Some(s), Some(end)) if s <= bday && end > bday
            )
        });
        if on_birthday {
            out.flag(T::Oc3, r);
        }
    }
}

/// 1009: the reason for a placement change must be one of the DfE codes
/// (blank is allowed).
fn r1009(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(T::Episodes);
    for &r in child.rows(T::Episodes) {
        let v = code(t, r, episodes::REASON_PLACE_CHANGE);
        if !v.is_empty()
            && !matches!(
                v.as_str(),
                "CARPL"
                    | "CLOSE"
                    | "ALLEG"
                    | "STAND"
                    | "APPRR"
                    | "CREQB"
                    | "CREQO"
                    | "CHILD"
                    | "LAREQ"
                    | "PLACE"
                    | "CUSTOD"
                    | "OTHER"
            )
        {
            out.flag(T::Episodes, r);
        }
    }
}

/// 1010: care leaver information for a child with no episodes this year
/// although last year's return had one open (no end date) at its end. Every
/// OC3 row of the child is flagged, even a blank one.
fn r1010(ctx: &Ctx, child: &Child, out: &mut Out) {
    if !child.rows(T::Episodes).is_empty() || child.rows(T::Oc3).is_empty() {
        return;
    }
    let Some(prev) = ctx.p(T::Episodes) else {
        return;
    };
    let open = child
        .prev_rows(T::Episodes)
        .iter()
        .any(|&r| prev.get(r, episodes::DEC).is_empty());
    if open {
        out.flag_all(T::Oc3, child.rows(T::Oc3));
    }
}

/// 1011: no care leaver information for a child whose final episode ended
/// with care transferred to another local authority (E3); the latest episode
/// is the one that started last (the first in the file of several starting
/// that day). Only OC3 rows that say something are flagged.
fn r1011(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(T::Episodes);
    if last_episode(ctx, child).is_some_and(|r| code(e, r, episodes::REC) == "E3") {
        let t = ctx.t(T::Oc3);
        for &r in child.rows(T::Oc3) {
            if filled(t, r, OC3_ITEMS) > 0 {
                out.flag(T::Oc3, r);
            }
        }
    }
}

/// 1012: a child with no episodes has no other data: their rows in OC2,
/// Reviews, Missing, AD1, PlacedAdoption and PrevPerm are flagged (the
/// header, OC3, UASC, social worker and DoLo rows are not).
fn r1012(_ctx: &Ctx, child: &Child, out: &mut Out) {
    if !child.rows(T::Episodes).is_empty() {
        return;
    }
    for t in [
        T::Oc2,
        T::Reviews,
        T::Missing,
        T::Ad1,
        T::PlacedAdoption,
        T::PrevPerm,
    ] {
        out.flag_all(t, child.rows(t));
    }
}

/// 1014: no UASC information for a care leaver: a child with OC3
/// information and a UASC row who has episodes, none of them open or ending
/// in the collection year (an episode whose start is not a date does not
/// count as care).
fn r1014(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(T::Oc3);
    let filled: Vec<usize> = child
        .rows(T::Oc3)
        .iter()
        .copied()
        .filter(|&r| filled(t, r, OC3_ITEMS) > 0)
        .collect();
    let eps = child.rows(T::Episodes);
    if filled.is_empty() || child.rows(T::Uasc).is_empty() || eps.is_empty() {
        return;
    }
    let e = ctx.t(T::Episodes);
    let in_care_this_year = eps.iter().any(|&r| {
        d(e, r, episodes::DECOM).is_some()
            && (e.get(r, episodes::DEC).is_empty()
                || d(e, r, episodes::DEC).is_some_and(|end| end >= ctx.start))
    });
    if !in_care_this_year {
        out.flag_all(T::Oc3, &filled);
        out.flag_all(T::Uasc, child.rows(T::Uasc));
    }
}

/// 1016: no care leaver information for a 17 or 18 year old whose latest
/// episode ended on or after that birthday, or is still open. An episode
/// whose start is not a date is taken as the latest.
fn r1016(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(T::Oc3);
    let e = ctx.t(T::Episodes);
    // An episode whose start is not a date sorts last in the DfE tool.
    let unreadable = child
        .rows(T::Episodes)
        .iter()
        .copied()
        .rfind(|&r| d(e, r, episodes::DECOM).is_none());
    let Some(last) = unreadable.or_else(|| last_episode(ctx, child)) else {
        return;
    };
    for &r in child.rows(T::Oc3) {
        if filled(t, r, OC3_ITEMS) == 0 {
            continue;
        }
        let Some(bday) = leaver_birthday(ctx, r) else {
            continue;
        };
        let ceased_after = e.get(last, episodes::DEC).is_empty()
            || d(e, last, episodes::DEC).is_some_and(|end| end >= bday);
        if ceased_after {
            out.flag(T::Oc3, r);
        }
    }
}

/// 3001: a young person whose 17th birthday falls in the collection year
/// cannot be recorded as living with former foster carers (ACCOM Z1/Z2).
fn r3001(ctx: &Ctx, child: &Child, out: &mut Out) {
    let Some(dob) = header_dob(ctx, child) else {
        return;
    };
    let bday = add_years(dob, 17);
    if bday < ctx.start || bday > ctx.end {
        return;
    }
    let t = ctx.t(T::Oc3);
    for &r in child.rows(T::Oc3) {
        if matches!(code(t, r, oc3::ACCOM).as_str(), "Z1" | "Z2") {
            out.flag(T::Oc3, r);
        }
    }
}

// ------------------------------------------------------- missing episodes

/// 1003: the date the child was placed for adoption cannot be before the
/// child started to be looked after: compared with the start of the child's
/// earliest episode that began a period of care (RNE S); both rows flagged.
fn r1003(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(T::Episodes);
    let first = child
        .rows(T::Episodes)
        .iter()
        .filter(|&&r| code(e, r, episodes::RNE) == "S")
        .filter_map(|&r| d(e, r, episodes::DECOM).map(|s| (s, r)))
        .min();
    let Some((start, ep)) = first else {
        return;
    };
    let p = ctx.t(T::PlacedAdoption);
    for &r in child.rows(T::PlacedAdoption) {
        if d(p, r, placed_adoption::DATE_PLACED).is_some_and(|dp| dp < start) {
            out.flag(T::PlacedAdoption, r);
            out.flag(T::Episodes, ep);
        }
    }
}

/// 1004: the start of a missing or away-from-placement episode must be a
/// date (blank is flagged).
fn r1004(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Missing, |t, r| {
        d(t, r, missing::MIS_START).is_none()
    });
}

/// 1005: the end of a missing or away-from-placement episode, when given,
/// must be a date.
fn r1005(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Missing, |t, r| {
        !t.get(r, missing::MIS_END).is_empty() && d(t, r, missing::MIS_END).is_none()
    });
}

/// 1006: the missing type must be M (missing) or A (away without
/// authorisation); blank is left to other rules.
fn r1006(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(T::Missing);
    for &r in child.rows(T::Missing) {
        let v = code(t, r, missing::MISSING);
        if !v.is_empty() && v != "M" && v != "A" {
            out.flag(T::Missing, r);
        }
    }
}

/// EPI: a child in the header with no episodes (and no care leaver row,
/// which is allowed without episodes) cannot be validated further.
fn epi(_ctx: &Ctx, child: &Child, out: &mut Out) {
    if child.rows(T::Episodes).is_empty() && child.rows(T::Oc3).is_empty() {
        out.flag_all(T::Header, child.rows(T::Header));
    }
}

/// NoE: a child whose episodes began before the collection year must have
/// episodes in last year's return: each episode that started before 1 April
/// is flagged for a child with none last year.
fn noe(ctx: &Ctx, child: &Child, out: &mut Out) {
    if !child.prev_rows(T::Episodes).is_empty() {
        return;
    }
    let e = ctx.t(T::Episodes);
    for &r in child.rows(T::Episodes) {
        if d(e, r, episodes::DECOM).is_some_and(|s| s < ctx.start) {
            out.flag(T::Episodes, r);
        }
    }
}

// ------------------------------------------------------ internal checks

/// INT01-INT09: a child in the table has no header row.
fn not_in_header<const TI: usize>(_ctx: &Ctx, child: &Child, out: &mut Out) {
    let Some(t) = table_at(TI) else {
        return;
    };
    if child.rows(T::Header).is_empty() {
        out.flag_all(t, child.rows(t));
    }
}

/// INT11-INT18: the date of birth in the table differs from the header's.
/// Both must be dates to be compared; a child with several header rows is
/// flagged when any of them differs.
fn dob_differs<const TI: usize>(ctx: &Ctx, child: &Child, out: &mut Out) {
    let Some(t) = table_at(TI) else {
        return;
    };
    let h = ctx.t(T::Header);
    let dobs: Vec<Date> = child
        .rows(T::Header)
        .iter()
        .filter_map(|&r| d(h, r, header::DOB))
        .collect();
    let table = ctx.t(t);
    // DOB is the second column of every table that carries it except UASC.
    let col = if t == T::Uasc { uasc::DOB } else { 1 };
    for &r in child.rows(t) {
        if let Some(dob) = d(table, r, col) {
            if dobs.iter().any(|&hd| hd != dob) {
                out.flag(t, r);
            }
        }
    }
}

/// INT21: the sex in UASC differs from the header's (blank on either side
/// is not compared; case is ignored).
fn int21(ctx: &Ctx, child: &Child, out: &mut Out) {
    let h = ctx.t(T::Header);
    let u = ctx.t(T::Uasc);
    let sexes: Vec<String> = child
        .rows(T::Header)
        .iter()
        .map(|&r| code(h, r, header::SEX))
        .filter(|s| !s.is_empty())
        .collect();
    for &r in child.rows(T::Uasc) {
        let s = code(u, r, uasc::SEX);
        if !s.is_empty() && sexes.iter().any(|hs| *hs != s) {
            out.flag(T::Uasc, r);
        }
    }
}

/// INT31-INT36: a child appears more than once in the table; every row of
/// the child is flagged.
fn more_than_once<const TI: usize>(_ctx: &Ctx, child: &Child, out: &mut Out) {
    let Some(t) = table_at(TI) else {
        return;
    };
    if child.rows(t).len() > 1 {
        out.flag_all(t, child.rows(t));
    }
}

// ------------------------------------------------ social worker episodes

const FIRST_CONTACT: &str = "FCONTA";

struct SwRow {
    row: usize,
    start: Option<Date>,
    end: Option<Date>,
    end_blank: bool,
    reason: String,
}

fn sw_rows(ctx: &Ctx, child: &Child) -> Vec<SwRow> {
    let t = ctx.t(T::SwEpisodes);
    child
        .rows(T::SwEpisodes)
        .iter()
        .map(|&r| SwRow {
            row: r,
            start: d(t, r, sw_episodes::SW_DECOM),
            end: d(t, r, sw_episodes::SW_DEC),
            end_blank: t.get(r, sw_episodes::SW_DEC).is_empty(),
            reason: code(t, r, sw_episodes::SW_REASON),
        })
        .collect()
}

/// The child's social worker episodes from first to last: by start date,
/// then end date, rows whose dates do not parse after the others, ties in
/// file order.
fn sw_ascending(ctx: &Ctx, child: &Child) -> Vec<SwRow> {
    let mut rows = sw_rows(ctx, child);
    rows.sort_by_key(|s| (s.start.is_none(), s.start, s.end.is_none(), s.end));
    rows
}

/// SW02STG1: the social worker ID must begin SW or XX and carry an
/// identifier after it (at least four characters in all).
fn sw02(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(T::SwEpisodes);
    for &r in child.rows(T::SwEpisodes) {
        let id = code(t, r, sw_episodes::SW_ID);
        if !(id.starts_with("SW") || id.starts_with("XX")) || id.chars().count() < 4 {
            out.flag(T::SwEpisodes, r);
        }
    }
}

/// SW04STG1: the start of a social worker episode, when given, must be a
/// date.
fn sw04(ctx: &Ctx, child: &Child, out: &mut Out) {
    date_or_blank(ctx, child, out, T::SwEpisodes, sw_episodes::SW_DECOM);
}

/// SW05STG1: the end of a social worker episode, when given, must be a date.
fn sw05(ctx: &Ctx, child: &Child, out: &mut Out) {
    date_or_blank(ctx, child, out, T::SwEpisodes, sw_episodes::SW_DEC);
}

/// SW06STG2: a social worker episode cannot start after 31 March.
fn sw06(ctx: &Ctx, child: &Child, out: &mut Out) {
    for s in sw_rows(ctx, child) {
        if s.start.is_some_and(|st| st > ctx.end) {
            out.flag(T::SwEpisodes, s.row);
        }
    }
}

/// SW07STG2: a social worker episode's end must fall in the social worker
/// reporting period, which runs from 1 April of the year before the
/// collection year to 31 March.
fn sw07(ctx: &Ctx, child: &Child, out: &mut Out) {
    let from = add_years(ctx.start, -1);
    for s in sw_rows(ctx, child) {
        if s.end.is_some_and(|e| e < from || e > ctx.end) {
            out.flag(T::SwEpisodes, s.row);
        }
    }
}

/// SW08STG2: only the latest social worker episode may be open. Episodes
/// are taken latest start first (an unreadable start counts as latest, ties
/// in file order); every open episode after the first is flagged, an end
/// that is not a date counting as open. (The DfE
/// tool's order of episodes starting the same day is not stable, so on such
/// ties it may differ.)
fn sw08(ctx: &Ctx, child: &Child, out: &mut Out) {
    let mut rows = sw_rows(ctx, child);
    rows.sort_by(|a, b| match (a.start, b.start) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (Some(x), Some(y)) => y.cmp(&x),
    });
    for s in rows.iter().skip(1) {
        if s.end.is_none() {
            out.flag(T::SwEpisodes, s.row);
        }
    }
}

/// A social worker episode's start and end as SW09 and SW18 compare them:
/// the DfE tool reads `yyyy-mm-dd` there as well as `dd/mm/yyyy`.
fn sw_span_lenient(ctx: &Ctx, row: usize) -> (Option<Date>, Option<Date>) {
    let t = ctx.t(T::SwEpisodes);
    let parse = |col| {
        let v = t.get(row, col);
        dmy(v).or_else(|| iso(v))
    };
    (parse(sw_episodes::SW_DECOM), parse(sw_episodes::SW_DEC))
}

/// SW09STG2: a social worker episode that lasted less than 24 hours; the DfE
/// tool flags an end up to two days after the start (or before it).
fn sw09(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &r in child.rows(T::SwEpisodes) {
        if let (Some(st), Some(e)) = sw_span_lenient(ctx, r) {
            if (e - st).whole_days() <= 2 {
                out.flag(T::SwEpisodes, r);
            }
        }
    }
}

/// SW10STG2 and SW10aSTG2: each social worker episode after the first (other
/// than one starting with first contact, FCONTA) must start within 7 days
/// either side of the end of the one before. An unreadable or missing date
/// on either side is flagged.
fn sw10(ctx: &Ctx, child: &Child, out: &mut Out) {
    let rows = sw_ascending(ctx, child);
    for pair in rows.windows(2) {
        let [prev, cur] = pair else { continue };
        if cur.reason == FIRST_CONTACT {
            continue;
        }
        let near =
            matches!((cur.start, prev.end), (Some(s), Some(e)) if (s - e).whole_days().abs() <= 7);
        if !near {
            out.flag(T::SwEpisodes, cur.row);
        }
    }
}

/// SW10bSTG2: an episode with reason first contact (FCONTA) starts before
/// the previous social worker episode ended (or on the day it ended).
fn sw10b(ctx: &Ctx, child: &Child, out: &mut Out) {
    let rows = sw_ascending(ctx, child);
    for pair in rows.windows(2) {
        let [prev, cur] = pair else { continue };
        if cur.reason == FIRST_CONTACT
            && matches!((cur.start, prev.end), (Some(s), Some(e)) if s <= e)
        {
            out.flag(T::SwEpisodes, cur.row);
        }
    }
}

/// SW11bSTG2: a social worker episode ended just before 31 March (the DfE
/// tool looks at ends in the last five days, 26 to 31 March) and no episode
/// follows it. In the DfE tool's reading every such episode is flagged
/// except the child's first (by start) when others follow it.
fn sw11b(ctx: &Ctx, child: &Child, out: &mut Out) {
    let rows = sw_ascending(ctx, child);
    let n = rows.len();
    for (i, s) in rows.iter().enumerate() {
        let in_window = s
            .end
            .is_some_and(|e| e <= ctx.end && e >= ctx.end - Duration::days(5));
        if in_window && !(i == 0 && n > 1) {
            out.flag(T::SwEpisodes, s.row);
        }
    }
}

/// SW12STG2: a child looked after in the reporting period (from 1 April of
/// the year before) needs social worker episodes for all of it. The
/// episodes looked at are those open or ending in that period, other than
/// short breaks (V3/V4) and other than ones that merely continue a period of
/// care (REC X1 without a new start). When the child has no social worker
/// episodes, or one whose start is not a date, each of them is flagged.
/// Otherwise, as the DfE tool does, an episode that starts a period of care
/// which carries on (RNE S, REC X1) is flagged when a social worker episode
/// started before it, and one that ends a period it did not start (not RNE
/// S, REC other than X1) when a social worker episode started after its end
/// (31 March for one still open).
fn sw12(ctx: &Ctx, child: &Child, out: &mut Out) {
    let sw = ctx.t(T::SwEpisodes);
    let mut starts: Vec<Date> = Vec::new();
    let mut unreadable = false;
    for &r in child.rows(T::SwEpisodes) {
        match d(sw, r, sw_episodes::SW_DECOM) {
            Some(s) => starts.push(s),
            None => unreadable = true,
        }
    }
    let (first_sw, last_sw) = (starts.iter().min(), starts.iter().max());
    let none = unreadable || starts.is_empty();
    let from = add_years(ctx.start, -1);
    let e = ctx.t(T::Episodes);
    for &r in child.rows(T::Episodes) {
        let end = d(e, r, episodes::DEC);
        let in_period = e.get(r, episodes::DEC).is_empty()
            || end.is_some_and(|end| end >= from && end <= ctx.end);
        let short_break = is_short_break(&code(e, r, episodes::LS));
        let new_start = code(e, r, episodes::RNE) == "S";
        let continues = code(e, r, episodes::REC) == "X1";
        if !in_period || short_break || (continues && !new_start) {
            continue;
        }
        // An open episode runs to 31 March.
        let ends_at = if e.get(r, episodes::DEC).is_empty() {
            Some(ctx.end)
        } else {
            end
        };
        let flag = none
            || (new_start
                && continues
                && d(e, r, episodes::DECOM).is_some_and(|s| first_sw.is_some_and(|&f| f < s)))
            || (!new_start
                && !continues
                && ends_at.is_some_and(|end| last_sw.is_some_and(|&l| l > end)));
        if flag {
            out.flag(T::Episodes, r);
        }
    }
}

/// SW13STG1: the reason for a social worker change must be one of the DfE
/// codes; blank is flagged too.
fn sw13(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(T::SwEpisodes);
    for &r in child.rows(T::SwEpisodes) {
        // Compared as written: the DfE tool does not trim this one.
        let v = t.raw(r, sw_episodes::SW_REASON).to_ascii_uppercase();
        if !matches!(
            v.as_str(),
            "MANAGE"
                | "FCONTA"
                | "LEFTRL"
                | "ORGRST"
                | "TSPROC"
                | "ABSENC"
                | "CHCHAN"
                | "PCCHAN"
                | "SWDIED"
                | "OTHERS"
        ) {
            out.flag(T::SwEpisodes, r);
        }
    }
}

/// SW17STG2: the child's latest social worker episode must be open at 31
/// March (no end date). The latest is the one with the latest start (an
/// unreadable start counts as earliest), the first in the file of several
/// starting that day. An end that is not a date is not open. (The DfE tool's
/// order of episodes starting the same day is not stable, so on such ties it
/// may differ.)
fn sw17(ctx: &Ctx, child: &Child, out: &mut Out) {
    let rows = sw_rows(ctx, child);
    let key = |s: &SwRow| (s.start.is_some(), s.start);
    let mut latest: Option<&SwRow> = None;
    for s in &rows {
        if latest.is_none_or(|l| key(s) > key(l)) {
            latest = Some(s);
        }
    }
    if let Some(l) = latest {
        if !l.end_blank {
            out.flag(T::SwEpisodes, l.row);
        }
    }
}

/// SW18STG2: a social worker episode ends on or before its start (dates read
/// as for SW09).
fn sw18(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &r in child.rows(T::SwEpisodes) {
        if matches!(sw_span_lenient(ctx, r), (Some(st), Some(e)) if e <= st) {
            out.flag(T::SwEpisodes, r);
        }
    }
}

/// SW19STG2: two social worker episodes start on the same date: each after
/// the first in the file is flagged.
fn sw19(ctx: &Ctx, child: &Child, out: &mut Out) {
    let mut seen: HashSet<Date> = HashSet::new();
    for s in sw_rows(ctx, child) {
        if let Some(st) = s.start {
            if !seen.insert(st) {
                out.flag(T::SwEpisodes, s.row);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::test_support::ret;
    use super::*;
    use crate::date::ymd;
    use crate::ssda903::engine::validate_with;
    use crate::ssda903::Return903;
    use crate::CollectionYear;

    const EP: &str = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n";

    fn run(code: &str, cur: &Return903, prev: Option<&Return903>) -> Vec<String> {
        assert!(RULES.iter().any(|r| r.code == code), "no rule {code}");
        let rules: Vec<Rule> = RULES
            .iter()
            .filter(|r| r.code == code && r.runs_on(cur, prev))
            .copied()
            .collect();
        validate_with(cur, prev, CollectionYear(2026), &rules, None)
            .into_iter()
            .map(|f| format!("{} {} {}", f.child_id, f.table, f.row_id))
            .collect()
    }

    fn episodes(rows: &str) -> String {
        format!("{EP}{rows}")
    }

    #[test]
    fn previous_permanence_codes_and_local_authorities() {
        let r = ret(&[(
            "previous_permanence.csv",
            "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM\n\
             1,01/01/2010,P1,316,01/01/2020\n\
             2,01/01/2010,Z2,940,\n\
             3,01/01/2010,,wal,01/01/2020\n\
             4,01/01/2010,Z1,316,01/01/2020\n",
        )]);
        assert_eq!(run("631", &r, None), ["2 PrevPerm 1"]);
        assert_eq!(run("633", &r, None), ["2 PrevPerm 1"]);
        // 635 follows the DfE tool: a blank option with an LA or date is
        // flagged; Z1 with both (the message's wording) is not.
        assert_eq!(run("635", &r, None), ["3 PrevPerm 2"]);
    }

    #[test]
    fn permanence_order_dates_may_be_partly_unknown() {
        assert_eq!(perm_date_latest("zz/05/2025"), Some(ymd(2025, 5, 31)));
        assert_eq!(perm_date_latest("ZZ/zz/2024"), Some(ymd(2024, 12, 31)));
        assert_eq!(perm_date_latest("01/zz/2019"), Some(ymd(2019, 12, 1)));
        assert_eq!(perm_date_latest("zz/13/2019"), None);
        assert_eq!(perm_date_latest("2019-01-01"), None);
        let r = ret(&[
            (
                "episodes.csv",
                &episodes(
                    "1,15/05/2025,S,C2,N1,U1,PR1,,,,,,\n\
                     2,01/05/2025,S,C2,N1,U1,PR1,,,,,,\n\
                     3,01/05/2023,S,C2,N1,U1,PR1,,,,,,\n\
                     3,01/05/2020,S,C2,N1,U1,PR1,01/05/2022,E8,,,,\n",
                ),
            ),
            (
                "previous_permanence.csv",
                "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM\n\
                 1,01/01/2010,P1,316,zz/05/2025\n\
                 2,01/01/2010,P1,316,zz/zz/2024\n\
                 3,01/01/2010,P1,316,01/06/2021\n",
            ),
        ]);
        assert_eq!(
            run("632", &r, None),
            [
                "1 Episodes 0",
                "1 PrevPerm 0",
                "3 Episodes 3",
                "3 PrevPerm 2"
            ]
        );
    }

    #[test]
    fn previous_permanence_only_for_children_starting_care_this_year() {
        let r = ret(&[
            (
                "episodes.csv",
                &episodes(
                    "1,01/05/2020,S,C2,N1,U1,PR1,,,,,,\n\
                     2,01/05/2015,S,C2,N1,U1,PR1,01/05/2025,X1,,,,\n\
                     2,01/05/2025,P,C2,N1,U1,PR1,,,,,,\n",
                ),
            ),
            (
                "previous_permanence.csv",
                "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM\n1,01/01/2010,Z1,,\n2,01/01/2010,P1,316,\n",
            ),
        ]);
        assert_eq!(run("634", &r, None), ["1 Episodes 0", "1 PrevPerm 0"]);
    }

    const OC3: &str = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n";
    const HDR: &str = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n";

    #[test]
    fn care_leavers_must_be_relevant_children() {
        let cur = ret(&[
            (
                "header.csv",
                &format!(
                    "{HDR}1,M,10/06/2006,WBRI,,,\n2,M,10/06/2007,WBRI,,,\n3,M,10/06/2005,WBRI,,,\n4,M,10/06/2006,WBRI,,,\n"
                ),
            ),
            (
                "episodes.csv",
                &episodes(
                    "1,01/01/2021,S,C2,N1,U1,PR1,01/05/2025,E8,,,,\n\
                     2,01/02/2025,S,C2,N1,U1,PR1,01/05/2025,E8,,,,\n\
                     3,01/01/2021,S,C2,N1,U1,PR1,01/05/2025,E8,,,,\n\
                     4,01/01/2024,S,C2,N1,U1,PR1,01/02/2024,E8,,,,\n",
                ),
            ),
            (
                "oc3.csv",
                &format!(
                    "{OC3}1,10/06/2006,YES,F1,B1\n2,10/06/2007,YES,F1,B1\n3,10/06/2005,YES,F1,B1\n4,10/06/2006,YES,F1,B1\n"
                ),
            ),
        ]);
        // Child 4's other 61 days were in last year's return: 92 in all.
        let prev = ret(&[
            ("header.csv", &format!("{HDR}4,M,10/06/2006,WBRI,,,\n")),
            (
                "episodes.csv",
                &episodes("4,01/03/2024,S,C2,N1,U1,PR1,01/05/2024,E8,,,,\n"),
            ),
        ]);
        // 2: 89 days looked after; 3: aged 20.
        assert_eq!(run("1001", &cur, Some(&prev)), ["2 OC3 1", "3 OC3 2"]);
        assert!(run("1001", &cur, None).is_empty(), "needs last year");
    }

    #[test]
    fn care_leaver_birthdays() {
        let r = ret(&[
            (
                "episodes.csv",
                &episodes(
                    "1,01/01/2023,S,C2,N1,U1,PR1,01/09/2025,E8,,,,\n\
                     2,01/01/2023,S,C2,N1,U1,PR1,01/05/2025,E8,,,,\n\
                     3,01/01/2023,S,C2,N1,U1,PR1,,,,,,\n",
                ),
            ),
            (
                "oc3.csv",
                &format!(
                    "{OC3}1,10/06/2008,YES,F1,B1\n2,10/06/2008,YES,F1,Z1\n3,10/06/2008,YES,F1,B1\n"
                ),
            ),
            (
                "header.csv",
                &format!(
                    "{HDR}1,M,10/06/2008,WBRI,,,\n2,M,10/06/2008,WBRI,,,\n3,M,10/06/2008,WBRI,,,\n"
                ),
            ),
        ]);
        // Looked after over the 17th birthday (10 June 2025).
        assert_eq!(run("1007", &r, None), ["1 OC3 0"]);
        // Ceased on or after it, or still looked after.
        assert_eq!(run("1016", &r, None), ["1 OC3 0", "3 OC3 2"]);
        // With former foster carers around the 17th birthday.
        assert_eq!(run("3001", &r, None), ["2 OC3 1"]);
    }

    #[test]
    fn care_leaver_rules_on_how_care_ended() {
        let r = ret(&[
            (
                "episodes.csv",
                &episodes(
                    "1,01/01/2021,S,C2,N1,U1,PR1,01/05/2025,E2,,,,\n\
                     2,01/01/2021,S,C2,N1,U1,PR1,01/05/2025,E3,,,,\n\
                     3,01/01/2021,S,C2,N1,U1,PR1,01/05/2024,E8,,,,\n\
                     4,01/01/2021,S,C2,N1,U1,PR1,,,,,,\n",
                ),
            ),
            (
                "oc3.csv",
                &format!(
                    "{OC3}1,10/06/2006,,,\n2,10/06/2006,YES,F1,B1\n3,10/06/2006,YES,F1,B1\n4,10/06/2006,YES,F1,B1\n"
                ),
            ),
            (
                "uasc.csv",
                "CHILD,SEX,DOB,DUC\n3,M,10/06/2006,\n4,M,10/06/2006,01/01/2024\n",
            ),
        ]);
        assert_eq!(run("1000", &r, None), ["1 OC3 0"]);
        assert_eq!(run("1011", &r, None), ["2 OC3 1"]);
        assert_eq!(run("1014", &r, None), ["3 OC3 2", "3 UASC 0"]);
    }

    #[test]
    fn children_without_episodes() {
        let cur = ret(&[
            (
                "header.csv",
                &format!("{HDR}1,M,01/01/2010,WBRI,,,\n2,M,01/01/2008,WBRI,,,\n3,M,01/01/2010,WBRI,,,\n"),
            ),
            ("episodes.csv", &episodes("3,01/01/2025,S,C2,N1,U1,PR1,,,,,,\n3,01/05/2025,P,C2,N1,U1,PR1,,,,,,\n")),
            ("oc3.csv", &format!("{OC3}2,01/01/2008,YES,F1,B1\n")),
            (
                "reviews.csv",
                "CHILD,DOB,REVIEW,REVIEW_CODE\n1,01/01/2010,01/06/2025,PN1\n3,01/01/2010,01/06/2025,PN1\n",
            ),
        ]);
        assert_eq!(run("EPI", &cur, None), ["1 Header 0"]);
        assert_eq!(run("1012", &cur, None), ["1 Reviews 0"]);
        let prev = ret(&[(
            "episodes.csv",
            &episodes("9,01/01/2024,S,C2,N1,U1,PR1,,,,,,\n"),
        )]);
        assert_eq!(run("1002", &cur, Some(&prev)), ["2 OC3 0"]);
        assert_eq!(run("NoE", &cur, Some(&prev)), ["3 Episodes 0"]);
        assert!(run("NoE", &cur, None).is_empty());
    }

    #[test]
    fn missing_episodes_and_placements() {
        let r = ret(&[
            (
                "missing.csv",
                "CHILD,DOB,MISSING,MIS_START,MIS_END\n\
                 1,01/01/2010,m,01/06/2025,\n\
                 2,01/01/2010,X,,2025-06-02\n",
            ),
            (
                "episodes.csv",
                &episodes(
                    "1,01/05/2025,S,C2,N1,R1,PR1,,,close,,,\n\
                     2,01/05/2025,S,C2,N1,K3,PR1,,,CLOSED,,,\n",
                ),
            ),
            (
                "placed_for_adoption.csv",
                "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n\
                 1,01/01/2010,01/04/2025,,\n2,01/01/2010,01/05/2025,,\n",
            ),
        ]);
        assert_eq!(run("1004", &r, None), ["2 Missing 1"]);
        assert_eq!(run("1005", &r, None), ["2 Missing 1"]);
        assert_eq!(run("1006", &r, None), ["2 Missing 1"]);
        assert_eq!(run("1009", &r, None), ["2 Episodes 1"]);
        assert_eq!(
            run("1003", &r, None),
            ["1 Episodes 0", "1 PlacedAdoption 0"]
        );
    }

    #[test]
    fn internal_consistency_between_tables() {
        let r = ret(&[
            (
                "header.csv",
                &format!(
                    "{HDR}1,M,01/01/2010,WBRI,,,\n2,F,01/01/2010,WBRI,,,\n2,F,01/01/2010,WBRI,,,\n"
                ),
            ),
            (
                "uasc.csv",
                "CHILD,SEX,DOB,DUC\n1,m,1/1/2010,\n2,M,02/01/2010,\n3,M,01/01/2010,\n",
            ),
        ]);
        assert_eq!(run("INT09", &r, None), ["3 UASC 2"]);
        assert_eq!(run("INT18", &r, None), ["2 UASC 1"]);
        assert_eq!(run("INT21", &r, None), ["2 UASC 1"]);
        assert_eq!(run("INT32", &r, None), ["2 Header 1", "2 Header 2"]);
        assert!(run("INT36", &r, None).is_empty());
    }

    const SW: &str = "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\n";

    #[test]
    fn social_worker_episode_formats() {
        let r = ret(&[(
            "sw_episodes.csv",
            &format!(
                "{SW}1,01/01/2010,SW99,01/04/2025,,MANAGE\n\
                 2,01/01/2010,SW1,abc,31/02/2026,XYZ\n\
                 3,01/01/2010,xx123,01/04/2026,01/04/2026,\n"
            ),
        )]);
        assert_eq!(run("SW02STG1", &r, None), ["2 SWEpisodes 1"]);
        assert_eq!(run("SW04STG1", &r, None), ["2 SWEpisodes 1"]);
        assert_eq!(run("SW05STG1", &r, None), ["2 SWEpisodes 1"]);
        assert_eq!(run("SW06STG2", &r, None), ["3 SWEpisodes 2"]);
        assert_eq!(run("SW07STG2", &r, None), ["3 SWEpisodes 2"]);
        assert_eq!(
            run("SW13STG1", &r, None),
            ["2 SWEpisodes 1", "3 SWEpisodes 2"]
        );
        assert_eq!(
            run("SW17STG2", &r, None),
            ["2 SWEpisodes 1", "3 SWEpisodes 2"]
        );
    }

    #[test]
    fn social_worker_episode_sequences() {
        let r = ret(&[(
            "sw_episodes.csv",
            &format!(
                "{SW}1,01/01/2010,SW99,01/04/2025,,MANAGE\n\
                 1,01/01/2010,SW99,01/06/2025,,MANAGE\n\
                 2,01/01/2010,SW99,01/04/2025,01/06/2025,MANAGE\n\
                 2,01/01/2010,SW99,05/06/2025,,MANAGE\n\
                 3,01/01/2010,SW99,01/04/2025,01/07/2025,MANAGE\n\
                 3,01/01/2010,SW99,01/06/2025,,FCONTA\n\
                 4,01/01/2010,SW99,01/05/2025,02/05/2025,MANAGE\n\
                 4,01/01/2010,SW99,01/05/2025,,MANAGE\n\
                 5,01/01/2010,SW99,01/04/2025,28/03/2026,MANAGE\n"
            ),
        )]);
        assert_eq!(
            run("SW08STG2", &r, None),
            ["1 SWEpisodes 0", "4 SWEpisodes 7"]
        );
        assert_eq!(run("SW09STG2", &r, None), ["4 SWEpisodes 6"]);
        assert_eq!(run("SW10STG2", &r, None), ["1 SWEpisodes 1"]);
        assert_eq!(run("SW10bSTG2", &r, None), ["3 SWEpisodes 5"]);
        assert_eq!(run("SW11bSTG2", &r, None), ["5 SWEpisodes 8"]);
        assert_eq!(run("SW19STG2", &r, None), ["4 SWEpisodes 7"]);
        assert!(run("SW18STG2", &r, None).is_empty());
    }

    #[test]
    fn looked_after_children_need_social_worker_episodes() {
        let r = ret(&[
            (
                "episodes.csv",
                &episodes(
                    "1,01/05/2023,S,C2,N1,U1,PR1,,,,,,\n\
                     1,01/05/2022,S,V3,N1,U1,PR1,,,,,,\n\
                     2,01/05/2023,S,C2,N1,U1,PR1,,,,,,\n\
                     3,01/05/2023,S,C2,N1,U1,PR1,31/03/2024,E8,,,,\n\
                     4,01/06/2024,S,C2,N1,U1,PR1,01/10/2024,X1,,,,\n\
                     4,01/10/2024,P,C2,N1,U1,PR1,,,,,,\n\
                     5,01/06/2024,S,C2,N1,U1,PR1,01/10/2024,X1,,,,\n\
                     5,01/10/2024,P,C2,N1,U1,PR1,01/12/2024,E8,,,,\n",
                ),
            ),
            (
                "sw_episodes.csv",
                &format!(
                    "{SW}2,01/01/2010,SW99,01/10/2025,,MANAGE\n\
                     4,01/01/2010,SW99,01/01/2024,,MANAGE\n\
                     5,01/01/2010,SW99,01/04/2025,,MANAGE\n"
                ),
            ),
        ]);
        // 1: no social worker episodes; 4: one began before care did; 5: one
        // began after care ended.
        assert_eq!(
            run("SW12STG2", &r, None),
            ["1 Episodes 0", "4 Episodes 4", "5 Episodes 7"]
        );
    }
}
