//! 903 rules 373 to 516: placements by age and type, episode sequences,
//! reasons for new episodes and for ceasing, reviews, UPNs, last year's
//! open episode against this year's first, adopters.
//!
//! Not here: 392a, 406, 411, 420, 452, 453, 454, 503G, 503H and 503J read the
//! placement distance, local authority and location (PL_DISTANCE, PL_LA,
//! PL_LOCATION), which the DfE derives from the postcodes with the national
//! postcode directory; the return's CSV does not carry them and Hearth has
//! no directory. For the same reason 392c checks the shape of a postcode
//! only, not that it exists.
//!
//! Where the rule text leaves a case open, the rules follow the sector's
//! validators, and say so: how open episodes, blank codes and dates, and
//! birthdays are counted differs from rule to rule there.

use std::collections::HashMap;

use time::{Date, Duration};

use super::common::{
    episode_rows_in_order, flag_rows, header_dob, is_adopted, is_adoption_place, is_short_break,
    is_temporary,
};
use crate::date;
use crate::ssda903::engine::{d, Check, Child, Ctx, Out, Rule};
use crate::ssda903::{ad1, episodes, header, oc3, reviews, T};
use crate::table::Table;

const EP: &[T] = &[T::Episodes];
const EP_HD: &[T] = &[T::Episodes, T::Header];

/// A rule that compares with last year's episodes.
const fn prev_rule(code: &'static str, check: fn(&Ctx, &Child, &mut Out)) -> Rule {
    Rule::with_prev(code, EP, EP, check)
}

pub const RULES: &[Rule] = &[
    Rule::child("373", EP_HD, r373),
    Rule::child("374", EP_HD, r374),
    Rule::child("375", EP_HD, r375),
    Rule::child("376", EP_HD, r376),
    Rule::child("377", EP, r377),
    Rule::child("378", EP, r378),
    Rule::child("379", EP_HD, r379),
    Rule::child("380", EP, r380),
    Rule::child("381", EP, r381),
    Rule::child("382", EP, r382),
    Rule::child("383", EP, r383),
    Rule::child("384", EP, r384),
    Rule::child("385", EP, r385),
    Rule::child("386", EP_HD, r386),
    Rule::child("387", EP_HD, r387),
    Rule::child("388", EP, r388),
    Rule::child("389", EP_HD, r389),
    Rule::child("390", EP, r390),
    Rule::child("391", &[T::Oc3], r391),
    Rule::child("392b", EP, r392b),
    Rule::child("392c", EP, r392c),
    Rule::child("392d", EP, r392d),
    Rule::child("393", EP_HD, r393),
    Rule::child("398", EP, r398),
    Rule::child("399", &[T::Episodes, T::Header, T::Reviews], r399),
    Rule::child("407", EP_HD, r407),
    Rule::child("408", EP, r408),
    Rule::child("426", EP, r426),
    Rule::child("431", EP, r431),
    Rule::child("432", EP, r432),
    Rule::child("433", EP, r433),
    Rule::child("434", EP, r434),
    Rule::child("435", EP, r435),
    Rule::child("436", EP, r436),
    Rule::child("437", EP, r437),
    Rule::child("440", &[T::Reviews], r440),
    Rule::child("441", &[T::Reviews], r441),
    Rule::child("442", EP_HD, r442),
    Rule {
        code: "444",
        tables: &[T::Header],
        prev: &[],
        check: Check::Return(r444),
    },
    Rule::child("446", EP, r446),
    Rule::child("460", EP_HD, r460),
    Rule::child("501", EP, r501),
    prev_rule("502", r502),
    prev_rule("503A", r503a),
    prev_rule("503B", r503b),
    prev_rule("503C", r503c),
    prev_rule("503D", r503d),
    prev_rule("503E", r503e),
    prev_rule("503F", r503f),
    Rule::child("504", EP, r504),
    Rule::child("511", &[T::Ad1], r511),
    Rule::child("514", &[T::Ad1], r514),
    Rule::child("516", EP, r516),
];

// ---- shared helpers -------------------------------------------------------

/// Flags episodes of `place` whose age at the start is under `years`. Only
/// ended episodes (a valid end date) are checked, as the peer does.
fn under_age_at_start(ctx: &Ctx, child: &Child, out: &mut Out, places: &[&str], years: i32) {
    let e = ctx.t(T::Episodes);
    let Some(dob) = header_dob(ctx, child) else {
        return;
    };
    for &r in child.rows(T::Episodes) {
        if !places.contains(&e.get(r, episodes::PLACE)) || d(e, r, episodes::DEC).is_none() {
            continue;
        }
        if let Some(start) = d(e, r, episodes::DECOM) {
            if date::under_age(dob, years, start) {
                out.flag(T::Episodes, r);
            }
        }
    }
}

/// Flags episodes of `place` lasting more than `days` days. An open episode
/// runs to the end of the collection year when `open_to_end`, and is not
/// checked otherwise. Children without a valid date of birth are not
/// checked (the peer reads the episodes joined to the header).
fn longer_than(ctx: &Ctx, child: &Child, out: &mut Out, place: &str, days: i64, open_to_end: bool) {
    let e = ctx.t(T::Episodes);
    if header_dob(ctx, child).is_none() {
        return;
    }
    for &r in child.rows(T::Episodes) {
        if e.get(r, episodes::PLACE) != place {
            continue;
        }
        let Some(start) = d(e, r, episodes::DECOM) else {
            continue;
        };
        let end = if e.get(r, episodes::DEC).is_empty() {
            if !open_to_end {
                continue;
            }
            ctx.end
        } else {
            match d(e, r, episodes::DEC) {
                Some(x) => x,
                None => continue,
            }
        };
        if end - start > Duration::days(days) {
            out.flag(T::Episodes, r);
        }
    }
}

/// How an episode without an end date is treated by an age-at-ceasing rule.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    /// Not checked.
    Skip,
    /// Its age is taken at the end of the collection year.
    AtYearEnd,
    /// Always flagged, as is an episode of a child without a valid date of
    /// birth (the peer reads "not shown to be old enough").
    Flag,
}

/// Flags episodes ceasing for one of `recs` where the age at the end date
/// is out of bounds by `bad(dob, on)`.
fn age_at_cease(
    ctx: &Ctx,
    child: &Child,
    out: &mut Out,
    recs: &[&str],
    open: Open,
    bad: fn(Date, Date) -> bool,
) -> bool {
    let e = ctx.t(T::Episodes);
    let dob = header_dob(ctx, child);
    let mut any = false;
    for &r in child.rows(T::Episodes) {
        if !recs.contains(&e.get(r, episodes::REC)) {
            continue;
        }
        let Some(dob) = dob else {
            if open == Open::Flag {
                out.flag(T::Episodes, r);
                any = true;
            }
            continue;
        };
        let hit = match d(e, r, episodes::DEC) {
            Some(end) => bad(dob, end),
            None if e.get(r, episodes::DEC).is_empty() => match open {
                Open::Skip => false,
                Open::AtYearEnd => bad(dob, ctx.end),
                Open::Flag => true,
            },
            None => false,
        };
        if hit {
            out.flag(T::Episodes, r);
            any = true;
        }
    }
    any
}

// ---- placements -----------------------------------------------------------

/// 373: a child placed in a residential school (S1) must be 4 or over at the
/// episode's start.
fn r373(ctx: &Ctx, child: &Child, out: &mut Out) {
    under_age_at_start(ctx, child, out, &["S1"], 4);
}

/// 374: a child in residential employment (P3) must be 14 or over at the
/// episode's start.
fn r374(ctx: &Ctx, child: &Child, out: &mut Out) {
    under_age_at_start(ctx, child, out, &["P3"], 14);
}

/// 375: a temporary hospital placement (T1) lasts at most six weeks (42
/// days from start to end). Open episodes are not checked.
fn r375(ctx: &Ctx, child: &Child, out: &mut Out) {
    longer_than(ctx, child, out, "T1", 42, false);
}

/// 376: a temporary placement while the usual foster carers are on holiday
/// (T3) lasts at most three weeks (21 days). An open one is measured to the
/// end of the collection year.
fn r376(ctx: &Ctx, child: &Child, out: &mut Out) {
    longer_than(ctx, child, out, "T3", 21, true);
}

/// 377: at most two T3 (usual foster carers on holiday) placements: every
/// T3 episode is flagged when there are more.
fn r377(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(T::Episodes);
    let t3: Vec<usize> = child
        .rows(T::Episodes)
        .iter()
        .copied()
        .filter(|&r| e.get(r, episodes::PLACE) == "T3")
        .collect();
    if t3.len() > 2 {
        out.flag_all(T::Episodes, &t3);
    }
}

/// 378: placed with parents (P1) is not possible under a single period of
/// section 20 accommodation (V2).
fn r378(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Episodes, |e, r| {
        e.get(r, episodes::PLACE) == "P1" && e.get(r, episodes::LS) == "V2"
    });
}

/// 379: a temporary placement for an unspecified reason (T4) lasts at most
/// seven days. Open episodes are not checked.
fn r379(ctx: &Ctx, child: &Child, out: &mut Out) {
    longer_than(ctx, child, out, "T4", 7, false);
}

/// 380: an episode that starts for any reason other than a change of
/// placement (RNE not P or B, blank included) cannot be a temporary
/// placement.
fn r380(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Episodes, |e, r| {
        !matches!(e.get(r, episodes::RNE), "P" | "B") && is_temporary(e.get(r, episodes::PLACE))
    });
}

/// 381: a period of care cannot end (a reason ceased other than X1) with a
/// temporary placement.
fn r381(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Episodes, |e, r| {
        let rec = e.get(r, episodes::REC);
        !rec.is_empty() && rec != "X1" && is_temporary(e.get(r, episodes::PLACE))
    });
}

/// 382: respite care (V3/V4) cannot be in a temporary placement.
fn r382(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Episodes, |e, r| {
        is_short_break(e.get(r, episodes::LS)) && is_temporary(e.get(r, episodes::PLACE))
    });
}

/// 383: after a temporary placement the child goes back to the placement
/// before it: the next episode starts for a change of placement (P) at the
/// placement postcode of the episode before the temporary one (a blank
/// postcode never matches). The episode after the temporary one is flagged.
fn r383(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(T::Episodes);
    let eps = episode_rows_in_order(ctx, child);
    for w in eps.windows(3) {
        let (a, b, c) = (w[0], w[1], w[2]);
        if !is_temporary(e.get(b, episodes::PLACE)) {
            continue;
        }
        let before = e.get(a, episodes::PL_POST);
        if e.get(c, episodes::RNE) != "P"
            || before.is_empty()
            || before != e.get(c, episodes::PL_POST)
        {
            out.flag(T::Episodes, c);
        }
    }
}

/// 384: respite care (V3/V4) cannot be a long-term foster placement (U1, U4).
fn r384(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Episodes, |e, r| {
        is_short_break(e.get(r, episodes::LS)) && matches!(e.get(r, episodes::PLACE), "U1" | "U4")
    });
}

/// 385: an episode cannot end after the collection year.
fn r385(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Episodes, |e, r| {
        d(e, r, episodes::DEC).is_some_and(|x| x > ctx.end)
    });
}

/// 386: adopted (E11, E12) at 18 or over. An open episode is aged at the
/// end of the collection year.
fn r386(ctx: &Ctx, child: &Child, out: &mut Out) {
    age_at_cease(
        ctx,
        child,
        out,
        &["E11", "E12"],
        Open::AtYearEnd,
        |dob, on| !date::under_age(dob, 18, on),
    );
}

/// 387: moved into independent living (E5, E6) under 14. An open episode is
/// aged at the end of the collection year; a child without a valid date of
/// birth is flagged.
fn r387(ctx: &Ctx, child: &Child, out: &mut Out) {
    if header_dob(ctx, child).is_none() {
        flag_rows(ctx, child, out, T::Episodes, |e, r| {
            matches!(e.get(r, episodes::REC), "E5" | "E6")
        });
        return;
    }
    age_at_cease(
        ctx,
        child,
        out,
        &["E5", "E6"],
        Open::AtYearEnd,
        |dob, on| date::under_age(dob, 14, on),
    );
}

/// 388: an episode ending with X1 (new episode begins) must be followed by
/// an episode starting on its end date, and one ending for any other
/// (non-blank) reason must not be. Here, unlike the other sequence rules,
/// episodes without a valid start date come first (as the peer orders them).
fn r388(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(T::Episodes);
    let mut eps = child.rows(T::Episodes).to_vec();
    eps.sort_by_key(|&r| d(e, r, episodes::DECOM));
    for (i, &r) in eps.iter().enumerate() {
        let rec = e.get(r, episodes::REC);
        if rec.is_empty() {
            continue;
        }
        let next_start = eps.get(i + 1).and_then(|&n| d(e, n, episodes::DECOM));
        let continues = next_start.is_some() && next_start == d(e, r, episodes::DEC);
        if (rec == "X1") != continues {
            out.flag(T::Episodes, r);
        }
    }
}

/// 389: transferred to adult social care (E7) under 16. An E7 episode with
/// no end date is flagged whatever the age (the peer's reading: the child
/// is not shown to have reached 16 when care ended).
fn r389(ctx: &Ctx, child: &Child, out: &mut Out) {
    age_at_cease(ctx, child, out, &["E7"], Open::Flag, |dob, on| {
        date::under_age(dob, 16, on)
    });
}

/// 390: adopted (E11, E12) from an episode that was not a placement for
/// adoption (A3 to A6).
fn r390(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Episodes, |e, r| {
        is_adopted(e.get(r, episodes::REC)) && !is_adoption_place(e.get(r, episodes::PLACE))
    });
}

/// 391: care leaver information (OC3: in touch, activity or accommodation
/// given) is only for young people aged 17 to 21 at some point in the
/// collection year: 17 or over by its end, and not yet 22 at its start. A
/// row with none of the three fields or with no valid date of birth is not
/// checked.
fn r391(ctx: &Ctx, child: &Child, out: &mut Out) {
    let o = ctx.t(T::Oc3);
    for &r in child.rows(T::Oc3) {
        if [oc3::IN_TOUCH, oc3::ACTIV, oc3::ACCOM]
            .iter()
            .all(|&c| o.get(r, c).is_empty())
        {
            continue;
        }
        let Some(dob) = d(o, r, oc3::DOB) else {
            continue;
        };
        if date::under_age(dob, 17, ctx.end) || !date::under_age(dob, 22, ctx.start) {
            out.flag(T::Oc3, r);
        }
    }
}

/// Whether the child is or was an unaccompanied asylum-seeking child: a
/// UASC row with a date UASC ceased, this year or last.
fn was_uasc(ctx: &Ctx, child: &Child) -> bool {
    // A UASC row this year says the child is (or was) UASC, with or without
    // the date it ceased.
    let now = !child.rows(T::Uasc).is_empty();
    let before = ctx.p(T::Uasc).is_some_and(|p| {
        child
            .prev_rows(T::Uasc)
            .iter()
            .any(|&r| !p.get(r, crate::ssda903::uasc::DUC).is_empty())
    });
    now || before
}

/// 392b: a looked after child (not respite) must have both postcodes.
/// Children who are or were UASC are not checked.
fn r392b(ctx: &Ctx, child: &Child, out: &mut Out) {
    if was_uasc(ctx, child) {
        return;
    }
    flag_rows(ctx, child, out, T::Episodes, |e, r| {
        !is_short_break(e.get(r, episodes::LS))
            && (e.get(r, episodes::HOME_POST).is_empty() || e.get(r, episodes::PL_POST).is_empty())
    });
}

/// Whether a postcode has the shape of a UK postcode: outward code (area
/// letters, district digit and an optional letter or digit) and inward code
/// (digit and two letters), with or without the space.
fn postcode_shape(pc: &str) -> bool {
    let s: Vec<u8> = pc
        .bytes()
        .filter(|b| *b != b' ')
        .map(|b| b.to_ascii_uppercase())
        .collect();
    if !(5..=7).contains(&s.len()) {
        return false;
    }
    let (out_code, in_code) = s.split_at(s.len() - 3);
    let inward_ok = in_code.first().is_some_and(u8::is_ascii_digit)
        && in_code.iter().skip(1).all(u8::is_ascii_alphabetic);
    let alpha = out_code
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let rest = out_code.get(alpha..).unwrap_or_default();
    let outward_ok = (1..=2).contains(&alpha)
        && rest.first().is_some_and(u8::is_ascii_digit)
        && rest.len() <= 2
        && rest.iter().all(u8::is_ascii_alphanumeric);
    inward_ok && outward_ok
}

/// 392c: postcodes given must be valid postcodes. Checked here for shape
/// only; the DfE checks them against the postcode directory.
fn r392c(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Episodes, |e, r| {
        [episodes::HOME_POST, episodes::PL_POST]
            .iter()
            .any(|&c| !e.get(r, c).is_empty() && !postcode_shape(e.get(r, c)))
    });
}

/// 392d: home and placement postcodes are the same only when placed with
/// parents (P1). Compared ignoring case but not spaces, as the peer does.
fn r392d(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Episodes, |e, r| {
        let home = e.get(r, episodes::HOME_POST);
        !home.is_empty()
            && home.eq_ignore_ascii_case(e.get(r, episodes::PL_POST))
            && e.get(r, episodes::PLACE) != "P1"
    });
}

/// 393: a looked after girl (SEX F, some episode not respite V3/V4) must
/// have the mother field completed. No age limit is applied, as the rule's
/// message gives none (the peer agrees). Each header row of the child is
/// checked.
fn r393(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(T::Episodes);
    if !child
        .rows(T::Episodes)
        .iter()
        .any(|&r| !is_short_break(e.get(r, episodes::LS)))
    {
        return;
    }
    let h = ctx.t(T::Header);
    for &hr in child.rows(T::Header) {
        if h.get(hr, header::SEX) == "F" && h.get(hr, header::MOTHER).is_empty() {
            out.flag(T::Header, hr);
        }
    }
}

/// 398: no postcodes (so no distance) for respite care (V3/V4).
fn r398(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Episodes, |e, r| {
        is_short_break(e.get(r, episodes::LS))
            && (!e.get(r, episodes::HOME_POST).is_empty()
                || !e.get(r, episodes::PL_POST).is_empty())
    });
}

/// 399: a child only ever in respite care (V3/V4) has no mother field,
/// reviews or participation codes. When one is given, all the child's
/// episodes and header rows are flagged, with the reviews that are filled.
fn r399(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(T::Episodes);
    let eps = child.rows(T::Episodes);
    if eps.is_empty() || !eps.iter().all(|&r| is_short_break(e.get(r, episodes::LS))) {
        return;
    }
    let h = ctx.t(T::Header);
    let rv = ctx.t(T::Reviews);
    let mother = child
        .rows(T::Header)
        .iter()
        .any(|&r| !h.get(r, header::MOTHER).is_empty());
    let revs: Vec<usize> = child
        .rows(T::Reviews)
        .iter()
        .copied()
        .filter(|&r| {
            !rv.get(r, reviews::REVIEW).is_empty() || !rv.get(r, reviews::REVIEW_CODE).is_empty()
        })
        .collect();
    if !mother && revs.is_empty() {
        return;
    }
    out.flag_all(T::Episodes, eps);
    out.flag_all(T::Header, child.rows(T::Header));
    out.flag_all(T::Reviews, &revs);
}

/// 407: special guardianship (E45 to E48) after the 18th birthday (the
/// birthday itself is allowed, as the peer counts); the header is flagged
/// too. An open episode is aged at the end of the collection year.
fn r407(ctx: &Ctx, child: &Child, out: &mut Out) {
    if age_at_cease(
        ctx,
        child,
        out,
        &["E45", "E46", "E47", "E48"],
        Open::AtYearEnd,
        |dob, on| date::add_years(dob, 18) < on,
    ) {
        out.flag_all(T::Header, child.rows(T::Header));
    }
}

/// 408: placed for adoption with a placement order (A5, A6) needs the
/// placement order legal status (E1).
fn r408(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Episodes, |e, r| {
        matches!(e.get(r, episodes::PLACE), "A5" | "A6") && e.get(r, episodes::LS) != "E1"
    });
}

/// 426: respite under both V3 and V4 in the same year.
fn r426(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(T::Episodes);
    let eps = child.rows(T::Episodes);
    let has = |ls: &str| eps.iter().any(|&r| e.get(r, episodes::LS) == ls);
    if has("V3") && has("V4") {
        for &r in eps {
            if is_short_break(e.get(r, episodes::LS)) {
                out.flag(T::Episodes, r);
            }
        }
    }
}

// ---- reasons for new episodes ---------------------------------------------

/// Each episode (ordered by start) with the one before it.
fn with_previous(ctx: &Ctx, child: &Child) -> Vec<(usize, usize)> {
    let eps = episode_rows_in_order(ctx, child);
    eps.windows(2).map(|w| (w[0], w[1])).collect()
}

/// 431: a new period of care (S) cannot start on or before the day the
/// previous episode ended.
fn r431(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(T::Episodes);
    for (p, r) in with_previous(ctx, child) {
        if e.get(r, episodes::RNE) != "S" {
            continue;
        }
        if let (Some(start), Some(prev_end)) = (d(e, r, episodes::DECOM), d(e, p, episodes::DEC)) {
            if start > prev_end {
                continue;
            }
            out.flag(T::Episodes, r);
        }
    }
}

/// The reasons an episode ceased that end the period of care (every valid
/// code but X1).
const CEASED: &[&str] = &[
    "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48", "E5", "E6",
    "E7", "E9", "E14", "E15", "E16", "E17", "E8",
];

/// 432: after an episode that ceased the child's care (a valid reason other
/// than X1) the next episode starts a new period of care (S).
fn r432(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(T::Episodes);
    for (p, r) in with_previous(ctx, child) {
        if CEASED.contains(&e.get(p, episodes::REC)) && e.get(r, episodes::RNE) != "S" {
            out.flag(T::Episodes, r);
        }
    }
}

/// 433: a continuation episode (P, L, T, U, B) starts the day the previous
/// one ended. A missing start or previous end date is a mismatch (episodes
/// without a start date sort last).
fn r433(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(T::Episodes);
    for (p, r) in with_previous(ctx, child) {
        let start = d(e, r, episodes::DECOM);
        if matches!(e.get(r, episodes::RNE), "P" | "L" | "T" | "U" | "B")
            && (start.is_none() || start != d(e, p, episodes::DEC))
        {
            out.flag(T::Episodes, r);
        }
    }
}

/// Whether a column differs between two episodes. A blank never equals
/// anything, itself included (the peer compares legal statuses so).
fn differs(e: &Table, a: usize, b: usize, col: usize) -> bool {
    let x = e.get(a, col);
    x.is_empty() || x != e.get(b, col)
}

/// The columns that describe a placement.
const PLACEMENT: [usize; 4] = [
    episodes::PLACE,
    episodes::PLACE_PROVIDER,
    episodes::PL_POST,
    episodes::URN,
];

/// Whether the placement differs between two episodes. With `blank_differs`
/// a blank field counts as a change; otherwise two blanks are the same (the
/// peer's rules differ here: 434 compares blanks as equal, 435 and 436 do
/// not).
fn placement_changed(e: &Table, a: usize, b: usize, blank_differs: bool) -> bool {
    PLACEMENT.iter().any(|&c| {
        if blank_differs {
            differs(e, a, b, c)
        } else {
            e.get(a, c) != e.get(b, c)
        }
    })
}

/// Flags episodes starting for one of `rne` (ordered by start, against the
/// one before) unless the legal status changed exactly when `ls` and the
/// placement exactly when `place`. A blank legal status counts as changed;
/// a blank placement field counts as changed except for 434 (`place` false).
fn rne_changes(ctx: &Ctx, child: &Child, out: &mut Out, rne: &[&str], ls: bool, place: bool) {
    let e = ctx.t(T::Episodes);
    for (p, r) in with_previous(ctx, child) {
        if !rne.contains(&e.get(r, episodes::RNE)) {
            continue;
        }
        let ls_changed = differs(e, p, r, episodes::LS);
        if ls_changed != ls || placement_changed(e, p, r, place) != place {
            out.flag(T::Episodes, r);
        }
    }
}

/// 434: a new episode for a change of legal status only (L): the legal
/// status changes and the placement does not.
fn r434(ctx: &Ctx, child: &Child, out: &mut Out) {
    rne_changes(ctx, child, out, &["L"], true, false);
}

/// 435: a new episode for a change of placement only (P, or T for a
/// temporary placement): the placement changes and the legal status does
/// not.
fn r435(ctx: &Ctx, child: &Child, out: &mut Out) {
    rne_changes(ctx, child, out, &["P", "T"], false, true);
}

/// 436: a new episode for a change of both (B, or U with a temporary
/// placement): both change.
fn r436(ctx: &Ctx, child: &Child, out: &mut Out) {
    rne_changes(ctx, child, out, &["B", "U"], true, true);
}

/// 437: after an episode ending in death (E2) or at 18 (E15) no further
/// episodes follow.
fn r437(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(T::Episodes);
    let eps = episode_rows_in_order(ctx, child);
    for (i, &r) in eps.iter().enumerate() {
        if matches!(e.get(r, episodes::REC), "E2" | "E15") && i + 1 < eps.len() {
            out.flag(T::Episodes, r);
        }
    }
}

// ---- reviews --------------------------------------------------------------

/// Flags reviews where `bad(code, dob, review date)` holds.
fn review_age(ctx: &Ctx, child: &Child, out: &mut Out, bad: fn(&str, Date, Date) -> bool) {
    let rv = ctx.t(T::Reviews);
    for &r in child.rows(T::Reviews) {
        let (Some(dob), Some(on)) = (d(rv, r, reviews::DOB), d(rv, r, reviews::REVIEW)) else {
            continue;
        };
        if bad(rv.get(r, reviews::REVIEW_CODE), dob, on) {
            out.flag(T::Reviews, r);
        }
    }
}

/// 440: participation code PN0 (under 4) but the child was over 4 at the
/// review. A review on the fourth birthday is not flagged.
fn r440(ctx: &Ctx, child: &Child, out: &mut Out) {
    review_age(ctx, child, out, |code, dob, on| {
        code == "PN0" && date::add_years(dob, 4) < on
    });
}

/// 441: a participation code for 4 and over (PN1 to PN7) but the child was
/// under 4 at the review. A review on the fourth birthday is not flagged.
fn r441(ctx: &Ctx, child: &Child, out: &mut Out) {
    review_age(ctx, child, out, |code, dob, on| {
        matches!(code, "PN1" | "PN2" | "PN3" | "PN4" | "PN5" | "PN6" | "PN7")
            && date::under_age(dob, 4, on)
    });
}

// ---- UPN ------------------------------------------------------------------

/// 442: a looked after child (some episode not respite, V3/V4) of 4 or
/// over at the end of the year must have a UPN (or a UPN unknown code). Each
/// header row is checked and flagged; one without a valid date of birth is
/// flagged too.
fn r442(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(T::Episodes);
    if !child
        .rows(T::Episodes)
        .iter()
        .any(|&r| !is_short_break(e.get(r, episodes::LS)))
    {
        return;
    }
    let h = ctx.t(T::Header);
    for &hr in child.rows(T::Header) {
        if !h.get(hr, header::UPN).is_empty() {
            continue;
        }
        if d(h, hr, header::DOB).is_some_and(|dob| date::under_age(dob, 4, ctx.end)) {
            continue;
        }
        out.flag(T::Header, hr);
    }
}

/// 444: a UPN (not an unknown code UN1 to UN10) is given to one child only.
fn r444(ctx: &Ctx, out: &mut Out) {
    let h = ctx.t(T::Header);
    let mut by_upn: HashMap<&str, Vec<usize>> = HashMap::new();
    for r in 0..h.len() {
        let upn = h.get(r, header::UPN);
        if upn.is_empty() || upn.starts_with("UN") {
            continue;
        }
        by_upn.entry(upn).or_default().push(r);
    }
    for rows in by_upn.values() {
        let mut ids: Vec<&str> = rows.iter().map(|&r| h.get(r, header::CHILD)).collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() > 1 {
            for &r in rows {
                out.flag_child(h.get(r, header::CHILD), T::Header, r);
            }
        }
    }
}

/// 446: legal status E1 (placement order) did not exist before December
/// 2005.
fn r446(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Episodes, |e, r| {
        e.get(r, episodes::LS) == "E1"
            && d(e, r, episodes::DECOM).is_some_and(|x| x < date::ymd(2005, 12, 1))
    });
}

/// 460: stayed put with carers at 18 (E17) under 18. Open episodes are not
/// checked.
fn r460(ctx: &Ctx, child: &Child, out: &mut Out) {
    age_at_cease(ctx, child, out, &["E17"], Open::Skip, |dob, on| {
        date::under_age(dob, 18, on)
    });
}

// ---- sequences ------------------------------------------------------------

/// 501: an episode starts before the previous one ended.
fn r501(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(T::Episodes);
    for (p, r) in with_previous(ctx, child) {
        if let (Some(start), Some(prev_end)) = (d(e, r, episodes::DECOM), d(e, p, episodes::DEC)) {
            if start < prev_end {
                out.flag(T::Episodes, r);
            }
        }
    }
}

/// Flags this year's first episode (by start date) when `col` differs from
/// last year's open episode. With `any_open` that is the (latest) episode
/// with no end date wherever it falls; otherwise it is last year's last
/// episode by start date, when that has no end date.
fn prev_mismatch(ctx: &Ctx, child: &Child, out: &mut Out, col: usize, any_open: bool) {
    let Some(prev) = ctx.p(T::Episodes) else {
        return;
    };
    let e = ctx.t(T::Episodes);
    let mut last: Option<usize> = None;
    for &r in child.prev_rows(T::Episodes) {
        if any_open && !prev.get(r, episodes::DEC).is_empty() {
            continue;
        }
        let better = match last {
            None => true,
            Some(l) => d(prev, r, episodes::DECOM) >= d(prev, l, episodes::DECOM),
        };
        if better {
            last = Some(r);
        }
    }
    let Some(last) = last else { return };
    if !prev.get(last, episodes::DEC).is_empty() {
        return;
    }
    let Some(&first) = episode_rows_in_order(ctx, child).first() else {
        return;
    };
    if prev.get(last, col) != e.get(first, col) {
        out.flag(T::Episodes, first);
    }
}

/// 502: last year's open episode (any episode without an end date) started
/// on the date this year's first episode starts.
fn r502(ctx: &Ctx, child: &Child, out: &mut Out) {
    prev_mismatch(ctx, child, out, episodes::DECOM, true);
}

/// 503A: this year's first episode has the reason for new episode of last
/// year's open episode (its last episode, when that is open).
fn r503a(ctx: &Ctx, child: &Child, out: &mut Out) {
    prev_mismatch(ctx, child, out, episodes::RNE, false);
}

/// 503B: the same legal status.
fn r503b(ctx: &Ctx, child: &Child, out: &mut Out) {
    prev_mismatch(ctx, child, out, episodes::LS, false);
}

/// 503C: the same category of need.
fn r503c(ctx: &Ctx, child: &Child, out: &mut Out) {
    prev_mismatch(ctx, child, out, episodes::CIN, false);
}

/// 503D: the same placement type.
fn r503d(ctx: &Ctx, child: &Child, out: &mut Out) {
    prev_mismatch(ctx, child, out, episodes::PLACE, false);
}

/// 503E: the same placement provider.
fn r503e(ctx: &Ctx, child: &Child, out: &mut Out) {
    prev_mismatch(ctx, child, out, episodes::PLACE_PROVIDER, false);
}

/// 503F: the same Ofsted URN.
fn r503f(ctx: &Ctx, child: &Child, out: &mut Out) {
    prev_mismatch(ctx, child, out, episodes::URN, false);
}

/// 504: the category of need stays the one recorded at the start of the
/// period of care: an episode that continues the previous one (which ended
/// with X1 on the day this one starts) has its category of need. A blank
/// category never matches.
fn r504(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(T::Episodes);
    for (p, r) in with_previous(ctx, child) {
        let start = d(e, r, episodes::DECOM);
        if start.is_none() || start != d(e, p, episodes::DEC) || e.get(p, episodes::REC) != "X1" {
            continue;
        }
        if differs(e, p, r, episodes::CIN) || e.get(r, episodes::CIN).is_empty() {
            out.flag(T::Episodes, r);
        }
    }
}

// ---- adopters -------------------------------------------------------------

/// 511: two adopters (NB_ADOPTR 2) cannot have a single adopter's sex
/// code (M1, F1). Other invalid codes are left to the code-list rule.
fn r511(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Ad1, |a, r| {
        a.get(r, ad1::NB_ADOPTR) == "2" && matches!(a.get(r, ad1::SEX_ADOPTR), "M1" | "F1")
    });
}

/// 514: a single adopter's legal status (L0) needs a single adopter's sex
/// code (M1, F1); anything else, blank included, is flagged.
fn r514(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Ad1, |a, r| {
        a.get(r, ad1::LS_ADOPTR) == "L0" && !matches!(a.get(r, ad1::SEX_ADOPTR), "M1" | "F1")
    });
}

/// 516: ceased to stay with former foster carers (E45, E46) only from a
/// foster placement (U1 to U6).
fn r516(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Episodes, |e, r| {
        matches!(e.get(r, episodes::REC), "E45" | "E46")
            && !matches!(
                e.get(r, episodes::PLACE),
                "U1" | "U2" | "U3" | "U4" | "U5" | "U6"
            )
    });
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::super::common::test_support;
    use super::*;
    use crate::ssda903::Return903;

    /// A return read from CSV tables given as (file name, text).
    fn ret(files: &[(&str, String)]) -> Return903 {
        let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        test_support::ret(&files)
    }

    const EP: &str =
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN";
    const HD: &str = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB";

    /// A return of episodes (lines after the column row) and header rows.
    fn eps_hd(episodes: &[&str], headers: &[&str]) -> Return903 {
        ret(&[
            ("episodes.csv", format!("{EP}\n{}\n", episodes.join("\n"))),
            ("header.csv", format!("{HD}\n{}\n", headers.join("\n"))),
        ])
    }

    /// Runs one rule and lists what it flags as (child, table, row).
    fn run(
        code: &str,
        cur: &Return903,
        prev: Option<&Return903>,
    ) -> Vec<(String, &'static str, i64)> {
        super::super::common::test_support::run_one(RULES, code, cur, prev)
    }

    fn ep_rows(child: &str, rows: &[i64]) -> Vec<(String, &'static str, i64)> {
        rows.iter()
            .map(|&r| (child.to_string(), "Episodes", r))
            .collect()
    }

    #[test]
    fn placement_ages_count_birthdays_like_the_peer() {
        let r = eps_hd(
            &[
                "1,01/06/2019,S,C2,N1,S1,PR1,01/07/2019,E8,,,,",
                "2,31/05/2019,S,C2,N1,S1,PR1,01/07/2019,E8,,,,",
                "3,31/05/2019,S,C2,N1,S1,PR1,,,,,,",
                "4,28/02/2026,S,C2,N1,P3,PR1,01/03/2026,E8,,,,",
                "5,27/02/2026,S,C2,N1,P3,PR1,01/03/2026,E8,,,,",
            ],
            &[
                "1,M,01/06/2015,WBRI,,,",
                "2,M,01/06/2015,WBRI,,,",
                "3,M,01/06/2015,WBRI,,,",
                "4,M,29/02/2012,WBRI,,,",
                "5,M,29/02/2012,WBRI,,,",
            ],
        );
        // On the fourth birthday the child is 4; an open episode is not checked.
        assert_eq!(run("373", &r, None), ep_rows("2", &[1]));
        // A 29 February birthday is 28 February in other years.
        assert_eq!(run("374", &r, None), ep_rows("5", &[4]));
    }

    #[test]
    fn temporary_placement_lengths() {
        let r = eps_hd(
            &[
                "1,01/05/2025,S,C2,N1,T1,PR1,12/06/2025,X1,,,,",
                "1,12/06/2025,P,C2,N1,T1,PR1,25/07/2025,X1,,,,",
                "1,25/07/2025,P,C2,N1,T3,PR1,15/08/2025,X1,,,,",
                "1,15/08/2025,P,C2,N1,T3,PR1,06/09/2025,X1,,,,",
                "1,06/09/2025,P,C2,N1,T4,PR1,13/09/2025,X1,,,,",
                "1,13/09/2025,P,C2,N1,T4,PR1,21/09/2025,X1,,,,",
                "1,21/09/2025,P,C2,N1,T3,PR1,,,,,,",
                "2,20/03/2026,S,C2,N1,T3,PR1,,,,,,",
                "3,20/03/2025,S,C2,N1,T1,PR1,,,,,,",
            ],
            &[
                "1,M,01/01/2015,WBRI,,,",
                "2,M,01/01/2015,WBRI,,,",
                "3,M,01/01/2015,WBRI,,,",
            ],
        );
        assert_eq!(run("375", &r, None), ep_rows("1", &[1]));
        // An open T3 runs to 31 March: from 20 March that is 11 days.
        assert_eq!(run("376", &r, None), ep_rows("1", &[3, 6]));
        assert_eq!(run("377", &r, None), ep_rows("1", &[2, 3, 6]));
        assert_eq!(run("379", &r, None), ep_rows("1", &[5]));
    }

    #[test]
    fn temporary_placements_in_sequences() {
        let r = eps_hd(
            &[
                "1,01/05/2025,S,C2,N1,U1,PR1,01/06/2025,X1,,AB1 2CD,EF3 4GH,",
                "1,01/06/2025,P,C2,N1,T2,PR1,10/06/2025,X1,,AB1 2CD,XY1 1XY,",
                "1,10/06/2025,P,C2,N1,U1,PR1,20/06/2025,X1,,AB1 2CD,EF3 4GH,",
                "1,20/06/2025,L,V3,N1,T0,PR1,30/06/2025,E8,,AB1 2CD,XY1 1XY,",
                "2,01/05/2025,S,C2,N1,U1,PR1,01/06/2025,X1,,AB1 2CD,EF3 4GH,",
                "2,01/06/2025,P,C2,N1,T2,PR1,10/06/2025,X1,,AB1 2CD,XY1 1XY,",
                "2,10/06/2025,P,C2,N1,U1,PR1,,,,AB1 2CD,ZZ9 9ZZ,",
                "3,01/05/2025,,V4,N1,U4,PR1,,,,,,",
            ],
            &[],
        );
        assert_eq!(run("380", &r, None), ep_rows("1", &[3]));
        assert_eq!(run("381", &r, None), ep_rows("1", &[3]));
        assert_eq!(run("382", &r, None), ep_rows("1", &[3]));
        // Child 2 goes back to a different placement postcode.
        assert_eq!(run("383", &r, None), ep_rows("2", &[6]));
        assert_eq!(run("384", &r, None), ep_rows("3", &[7]));
    }

    #[test]
    fn ages_when_care_ceased() {
        let r = eps_hd(
            &[
                "1,01/01/2025,S,C2,N1,U1,PR1,01/06/2025,E11,,,,",
                "2,01/01/2025,S,C2,N1,U1,PR1,31/05/2025,E11,,,,",
                "3,01/01/2025,S,C2,N1,U1,PR1,01/06/2025,E45,,,,",
                "4,01/01/2025,S,C2,N1,U1,PR1,02/06/2025,E45,,,,",
                "5,01/01/2025,S,C2,N1,U1,PR1,,E7,,,,",
                "6,01/01/2025,S,C2,N1,U1,PR1,01/06/2025,E7,,,,",
                "7,01/01/2025,S,C2,N1,U1,PR1,,E17,,,,",
                "8,01/01/2025,S,C2,N1,U1,PR1,31/05/2025,E17,,,,",
                "9,01/01/2025,S,C2,N1,U1,PR1,,E5,,,,",
            ],
            &[
                "1,M,01/06/2007,WBRI,,,",
                "2,M,01/06/2007,WBRI,,,",
                "3,M,01/06/2007,WBRI,,,",
                "4,M,01/06/2007,WBRI,,,",
                "5,M,01/06/2000,WBRI,,,",
                "6,M,01/06/2009,WBRI,,,",
                "7,M,01/06/2010,WBRI,,,",
                "8,M,01/06/2007,WBRI,,,",
                "9,M,01/06/2012,WBRI,,,",
            ],
        );
        assert_eq!(run("386", &r, None), ep_rows("1", &[0]));
        // Special guardianship on the 18th birthday itself is allowed.
        assert_eq!(
            run("407", &r, None),
            vec![
                ("4".to_string(), "Episodes", 3),
                ("4".to_string(), "Header", 3)
            ]
        );
        // An open E7 is flagged whatever the age.
        assert_eq!(run("389", &r, None), ep_rows("5", &[4]));
        // An open E17 is not checked.
        assert_eq!(run("460", &r, None), ep_rows("8", &[7]));
        // An open E5 is aged on 31 March 2026: 13.
        assert_eq!(run("387", &r, None), ep_rows("9", &[8]));
    }

    #[test]
    fn x1_needs_a_continuation_and_other_reasons_must_not_have_one() {
        let r = eps_hd(
            &[
                "1,01/05/2025,S,C2,N1,U1,PR1,01/06/2025,X1,,,,",
                "1,01/06/2025,P,C2,N1,U2,PR1,01/07/2025,E8,,,,",
                "1,01/07/2025,S,C2,N1,U2,PR1,,X1,,,,",
                "2,,S,C2,N1,U1,PR1,01/06/2025,X1,,,,",
                "2,01/06/2025,P,C2,N1,U1,PR1,,,,,,",
            ],
            &[],
        );
        // Episode 1 ends E8 but episode 2 starts that day; episode 2 is X1
        // and last. An episode without a start date comes first.
        assert_eq!(run("388", &r, None), ep_rows("1", &[1, 2]));
    }

    #[test]
    fn care_leaver_ages_follow_the_rule_text() {
        let r = ret(&[(
            "oc3.csv",
            "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n\
             1,01/04/2009,YES,F1,S\n\
             2,31/03/2009,YES,F1,S\n\
             3,31/03/2004,YES,F1,S\n\
             4,01/01/2001,YES,F1,S\n\
             5,01/01/2012,,,\n"
                .to_string(),
        )]);
        // Child 4 is 24 all year: the rule text flags it (the peer checks
        // only the lower bound).
        let got = run("391", &r, None);
        assert_eq!(
            got,
            vec![("1".to_string(), "OC3", 0), ("4".to_string(), "OC3", 3)]
        );
    }

    #[test]
    fn postcodes() {
        let r = ret(&[
            (
                "episodes.csv",
                format!(
                    "{EP}\n\
                     1,01/05/2025,S,C2,N1,U1,PR1,,,,,AB1 2CD,\n\
                     2,01/05/2025,S,V3,N1,U1,PR1,,,,ab1 2cd,AB1 2CD,\n\
                     3,01/05/2025,S,C2,N1,U1,PR1,,,,AB1 2CD,AB12CD,\n\
                     4,01/05/2025,S,C2,N1,P1,PR1,,,,AB1 2CD,AB1 2CD,\n\
                     5,01/05/2025,S,C2,N1,U1,PR1,,,,,,\n"
                ),
            ),
            (
                "uasc.csv",
                "CHILD,SEX,DOB,DUC\n5,M,01/01/2010,01/01/2028\n".to_string(),
            ),
        ]);
        // Child 5 is UASC, so not checked.
        assert_eq!(run("392b", &r, None), ep_rows("1", &[0]));
        assert_eq!(run("392d", &r, None), ep_rows("2", &[1]));
        assert_eq!(run("398", &r, None), ep_rows("2", &[1]));
        assert!(
            postcode_shape("AB1 2CD") && postcode_shape("EC1A 1BB") && postcode_shape("W1 1AA")
        );
        assert!(
            !postcode_shape("AB1 2C") && !postcode_shape("1AB 2CD") && !postcode_shape("ED1Z7T")
        );
    }

    #[test]
    fn mother_and_respite_only_children() {
        let r = ret(&[
            (
                "header.csv",
                format!(
                    "{HD}\n1,F,01/06/2020,WBRI,,,\n2,F,01/06/2010,WBRI,,,\n3,M,01/06/2010,WBRI,,1,\n"
                ),
            ),
            (
                "episodes.csv",
                format!(
                    "{EP}\n\
                     1,01/05/2025,S,C2,N1,U1,PR1,,,,,,\n\
                     2,01/05/2025,S,V3,N1,U1,PR1,,,,,,\n\
                     3,01/05/2025,S,V4,N1,U1,PR1,,,,,,\n"
                ),
            ),
            (
                "reviews.csv",
                "CHILD,DOB,REVIEW,REVIEW_CODE\n3,01/06/2010,01/06/2025,PN1\n".to_string(),
            ),
        ]);
        // A girl of any age; respite only (child 2) is not looked after.
        assert_eq!(run("393", &r, None), vec![("1".to_string(), "Header", 0)]);
        assert_eq!(
            run("399", &r, None),
            vec![
                ("3".to_string(), "Episodes", 2),
                ("3".to_string(), "Header", 2),
                ("3".to_string(), "Reviews", 0)
            ]
        );
    }

    #[test]
    fn reasons_for_new_episodes() {
        let r = eps_hd(
            &[
                "1,01/05/2025,S,C2,N1,U1,PR1,01/06/2025,X1,,,,SC1",
                "1,01/06/2025,L,C2,N1,U1,PR1,01/07/2025,X1,,,,SC1",
                "1,01/07/2025,P,C1,N1,U2,PR1,01/08/2025,X1,,,,SC1",
                "1,02/08/2025,B,C2,N2,U3,PR1,01/09/2025,E8,,,,SC1",
                "1,01/09/2025,S,C2,N2,U3,PR1,,,,,,SC1",
                "2,01/05/2025,S,C2,N1,U1,PR1,01/06/2025,E8,,,,SC1",
                "2,01/07/2025,L,C1,N1,U1,PR1,,,,,,SC1",
            ],
            &[],
        );
        assert_eq!(run("431", &r, None), ep_rows("1", &[4]));
        assert_eq!(run("432", &r, None), ep_rows("2", &[6]));
        let mut late = ep_rows("1", &[3]);
        late.extend(ep_rows("2", &[6]));
        assert_eq!(run("433", &r, None), late);
        assert_eq!(run("434", &r, None), ep_rows("1", &[1]));
        assert_eq!(run("435", &r, None), ep_rows("1", &[2]));
        assert!(run("436", &r, None).is_empty());
        // The B episode does not continue an X1 episode on the same day.
        assert!(run("504", &r, None).is_empty());
        assert!(run("501", &r, None).is_empty());
    }

    #[test]
    fn overlapping_episodes_and_category_of_need() {
        let r = eps_hd(
            &[
                "1,01/05/2025,S,C2,N1,U1,PR1,01/07/2025,X1,,,,",
                "1,01/06/2025,P,C2,N1,U2,PR1,01/08/2025,X1,,,,",
                "1,01/08/2025,P,C2,N2,U3,PR1,,,,,,",
            ],
            &[],
        );
        assert_eq!(run("501", &r, None), ep_rows("1", &[1]));
        assert_eq!(run("504", &r, None), ep_rows("1", &[2]));
    }

    #[test]
    fn ceased_then_more_episodes() {
        let r = eps_hd(
            &[
                "1,01/05/2025,S,C2,N1,U1,PR1,01/06/2025,E2,,,,",
                "1,01/07/2025,S,C2,N1,U1,PR1,,,,,,",
                "2,01/05/2025,S,C2,N1,A4,PR1,01/06/2025,E11,,,,",
                "3,01/05/2025,S,C2,N1,U1,PR1,01/06/2025,E12,,,,",
                "3,01/05/2025,S,C2,N1,A5,PR1,01/06/2025,E45,,,,",
                "4,01/11/2005,S,E1,N1,A5,PR1,01/06/2006,E11,,,,",
                "4,01/12/2005,S,E1,N1,A5,PR1,01/06/2006,E11,,,,",
            ],
            &[],
        );
        assert_eq!(run("437", &r, None), ep_rows("1", &[0]));
        assert_eq!(run("390", &r, None), ep_rows("3", &[3]));
        assert_eq!(run("408", &r, None), ep_rows("3", &[4]));
        assert_eq!(run("516", &r, None), ep_rows("3", &[4]));
        assert_eq!(run("446", &r, None), ep_rows("4", &[5]));
    }

    #[test]
    fn review_participation_on_the_fourth_birthday() {
        let r = ret(&[(
            "reviews.csv",
            "CHILD,DOB,REVIEW,REVIEW_CODE\n\
             1,01/01/2015,01/01/2019,PN0\n\
             1,01/01/2015,02/01/2019,PN0\n\
             1,01/01/2015,01/01/2019,PN1\n\
             1,01/01/2015,31/12/2018,PN1\n"
                .to_string(),
        )]);
        assert_eq!(run("440", &r, None), vec![("1".to_string(), "Reviews", 1)]);
        assert_eq!(run("441", &r, None), vec![("1".to_string(), "Reviews", 3)]);
    }

    #[test]
    fn upns() {
        let r = eps_hd(
            &[
                "1,01/05/2025,S,C2,N1,U1,PR1,,,,,,",
                "2,01/05/2025,S,C2,N1,U1,PR1,,,,,,",
                "3,01/05/2025,S,C2,N1,U1,PR1,,,,,,",
                "4,01/05/2025,S,V3,N1,U1,PR1,,,,,,",
            ],
            &[
                "1,M,01/01/2010,WBRI,A123456789012,,",
                "2,M,01/01/2010,WBRI,A123456789012,,",
                "3,M,01/01/2010,WBRI,,,",
                "4,M,01/01/2010,WBRI,,,",
                "5,M,01/01/2010,WBRI,UN1,,",
                "6,M,01/01/2010,WBRI,UN1,,",
            ],
        );
        assert_eq!(run("442", &r, None), vec![("3".to_string(), "Header", 2)]);
        assert_eq!(
            run("444", &r, None),
            vec![
                ("1".to_string(), "Header", 0),
                ("2".to_string(), "Header", 1)
            ]
        );
    }

    #[test]
    fn last_years_open_episode() {
        let prev = eps_hd(
            &[
                "1,01/05/2024,S,C2,N1,U1,PR1,,,,,,SC1",
                "2,01/05/2024,S,C2,N1,U1,PR1,,,,,,SC1",
                "2,01/06/2024,P,C2,N1,U2,PR1,01/07/2024,E8,,,,SC1",
            ],
            &[],
        );
        let cur = eps_hd(
            &[
                "1,01/05/2024,L,C1,N1,U1,PR2,,,,,,SC1",
                "2,01/04/2025,S,C2,N1,U1,PR1,,,,,,SC1",
            ],
            &[],
        );
        assert_eq!(run("503A", &cur, Some(&prev)), ep_rows("1", &[0]));
        assert_eq!(run("503B", &cur, Some(&prev)), ep_rows("1", &[0]));
        assert!(run("503C", &cur, Some(&prev)).is_empty());
        assert_eq!(run("503E", &cur, Some(&prev)), ep_rows("1", &[0]));
        // Child 2's open episode is not its last, which 502 still uses.
        assert_eq!(run("502", &cur, Some(&prev)), ep_rows("2", &[1]));
    }

    #[test]
    fn adopters() {
        let r = ret(&[(
            "ad1.csv",
            "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\n\
             1,01/01/2015,01/05/2025,01/06/2025,0,2,MM,L0\n\
             2,01/01/2015,01/05/2025,01/06/2025,0,2,M1,L11\n\
             3,01/01/2015,01/05/2025,01/06/2025,0,1,F1,L0\n"
                .to_string(),
        )]);
        assert_eq!(run("511", &r, None), vec![("2".to_string(), "AD1", 1)]);
        assert_eq!(run("514", &r, None), vec![("1".to_string(), "AD1", 0)]);
    }

    #[test]
    fn respite_under_both_statuses_and_late_end_dates() {
        let r = eps_hd(
            &[
                "1,01/05/2025,S,V3,N1,U1,PR1,01/06/2025,E8,,,,",
                "1,01/07/2025,S,V4,N1,U1,PR1,01/04/2026,E8,,,,",
            ],
            &[],
        );
        assert_eq!(run("426", &r, None), ep_rows("1", &[0, 1]));
        assert_eq!(run("385", &r, None), ep_rows("1", &[1]));
    }
}
