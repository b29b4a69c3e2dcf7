//! 903 rules 202 to 372: comparisons with last year's header, UASC, URN and
//! placement-provider checks, adoption dates, care leavers, episode dates,
//! legal-status durations and the age limits of placement types.
//!
//! Episodes are looked at in date order (by DECOM, an unreadable date last,
//! file order between equals), as the DfE's rules speak of "the previous" and
//! "the next" episode.

use time::Date;

use super::common::{
    episodes_in_order, flag_rows, header_dob, is_adopted, is_short_break, is_temporary, OC2_ITEMS,
};
use crate::date::{add_years, age_on, ymd};
use crate::ssda903::engine::{d, Child, Ctx, Out, Rule};
use crate::ssda903::{ad1, episodes, header, oc3, uasc, T};

/// Every current table: the peer skips the rules that compare with last
/// year's return unless the whole return is there.
const ALL_CUR: &[T] = &[
    T::Header,
    T::Episodes,
    T::Reviews,
    T::Uasc,
    T::Oc2,
    T::Oc3,
    T::Ad1,
    T::PlacedAdoption,
    T::PrevPerm,
    T::Missing,
    T::SwEpisodes,
];

use T::{Ad1 as AD1, Episodes as EPS, Header as HDR, Oc2 as OC2, Oc3 as OC3, Uasc as UASC};

pub const RULES: &[Rule] = &[
    Rule::with_prev("202", ALL_CUR, &[HDR], r202),
    Rule::with_prev("203", ALL_CUR, &[HDR], r203),
    Rule::with_prev("204", ALL_CUR, &[HDR], r204),
    Rule::with_prev("205A", ALL_CUR, &[HDR, UASC], r205a),
    Rule::with_prev("205B", ALL_CUR, &[HDR, UASC], r205b),
    Rule::with_prev("205C", ALL_CUR, &[HDR, UASC], r205c),
    Rule::with_prev("205D", ALL_CUR, &[HDR, UASC], r205d),
    Rule::with_prev("207", ALL_CUR, &[HDR], r207),
    Rule::with_prev("208", ALL_CUR, &[HDR], r208),
    Rule::child("209", &[HDR], r209),
    Rule::child("210", &[EPS, HDR], r210),
    Rule::child("213", &[EPS], r213),
    Rule::child("214", &[EPS], r214),
    Rule::child("215", &[OC2, OC3], r215),
    Rule::child("217", &[EPS], r217),
    Rule::child("218", &[EPS], r218),
    Rule::child("222", &[EPS], r222),
    Rule::child("225", &[EPS], r225),
    Rule::child("226", &[EPS], r226),
    Rule::child("231", &[HDR], r231),
    Rule::child("232", &[HDR], r232),
    Rule::child("233", &[EPS], r233),
    Rule::child("234", &[EPS, HDR], r234),
    Rule::child("242", &[EPS], r242),
    Rule::child("301", &[HDR], r301),
    Rule::child("302", &[EPS, HDR], r302),
    Rule::child("304", &[UASC], r304),
    Rule::child("331", &[AD1, EPS], r331),
    Rule::child("333", &[AD1], r333),
    Rule::child("334", &[AD1, EPS], r334),
    Rule::child("335", &[AD1, EPS], r335),
    Rule::child("336", &[EPS], r336),
    Rule::child("344", &[OC3], r344),
    Rule::child("345", &[OC3], r345),
    Rule::child("347", &[OC3], r347),
    Rule::with_prev("348", ALL_CUR, &[OC3], r348),
    Rule::child("351", &[HDR], r351),
    Rule::child("352", &[EPS, HDR], r352),
    Rule::child("353", &[EPS], r353),
    Rule::child("354", &[EPS], r354),
    Rule::child("355", &[EPS], r355),
    Rule::child("356", &[EPS], r356),
    Rule::child("357", &[EPS], r357),
    Rule::child("358", &[EPS, HDR], r358),
    Rule::child("359", &[EPS, HDR], r359),
    Rule::child("361", &[EPS], r361),
    Rule::child("362", &[EPS], r362),
    Rule::child("363", &[EPS], r363),
    Rule::child("364", &[EPS], r364),
    Rule::child("365", &[EPS], r365),
    Rule::child("366", &[EPS], r366),
    Rule::child("367", &[EPS], r367),
    Rule::child("371", &[EPS, HDR], r371),
    Rule::child("372", &[EPS, HDR], r372),
];

// ---------------------------------------------------------------------------
// Helpers

/// The child's first header row in last year's return.
fn prev_header(child: &Child) -> Option<usize> {
    child.prev_rows(HDR).first().copied()
}

/// The "other placement" codes that replaced Z1 in 2025/26.
fn is_z1x(place: &str) -> bool {
    matches!(place, "Z11" | "Z12" | "Z13" | "Z14")
}

/// Flags the header rows whose `col` differs from last year's value. A blank
/// on either side is not a disagreement.
fn differs_from_last_year(ctx: &Ctx, child: &Child, out: &mut Out, col: usize) {
    let (Some(p), Some(prev)) = (prev_header(child), ctx.p(HDR)) else {
        return;
    };
    let last = prev.get(p, col);
    let h = ctx.t(HDR);
    for &r in child.rows(HDR) {
        let now = h.get(r, col);
        if now != last {
            out.flag(HDR, r);
        }
    }
}

// ---------------------------------------------------------------------------
// Header against last year's header

/// 202: the child's sex disagrees with last year's. A blank on one side
/// only is a disagreement.
fn r202(ctx: &Ctx, child: &Child, out: &mut Out) {
    differs_from_last_year(ctx, child, out, header::SEX);
}

/// 203: the date of birth disagrees with last year's (compared as dates; a
/// blank or unreadable date on one side only is a disagreement).
fn r203(ctx: &Ctx, child: &Child, out: &mut Out) {
    let (Some(p), Some(prev)) = (prev_header(child), ctx.p(HDR)) else {
        return;
    };
    let last = d(prev, p, header::DOB);
    let h = ctx.t(HDR);
    for &r in child.rows(HDR) {
        if d(h, r, header::DOB) != last {
            out.flag(HDR, r);
        }
    }
}

/// 204: the ethnic origin disagrees with last year's.
fn r204(ctx: &Ctx, child: &Child, out: &mut Out) {
    differs_from_last_year(ctx, child, out, header::ETHNIC);
}

/// Whether the child is UASC in a return: it has a UASC row.
fn uasc_row(rows: &[usize]) -> Option<usize> {
    rows.first().copied()
}

/// 205A: UASC last year but not this year, yet the dates UASC ceased do
/// not say so. As the peer reads a CSV return, a child is UASC in a year
/// when they have both a header row and a UASC row that year; a child with a
/// UASC row but no header row this year is "not UASC this year". Such a
/// child, UASC last year, is flagged on this year's UASC rows whatever the
/// dates (the peer flags even the same date in both years, inside this
/// collection year).
fn r205a(_: &Ctx, child: &Child, out: &mut Out) {
    if !child.rows(UASC).is_empty() && child.header().is_none() && uasc_last_year(child) {
        out.flag_all(UASC, child.rows(UASC));
    }
}

/// UASC last year: a header row and a UASC row in last year's return.
fn uasc_last_year(child: &Child) -> bool {
    prev_header(child).is_some() && !child.prev_rows(UASC).is_empty()
}

/// 205B: UASC in both years (a UASC row in both returns), but the dates
/// UASC ceased do not support it: a child still UASC at the end of last
/// year should have had their 18th birthday as last year's date UASC
/// ceases, and a date UASC ceased this year. Any other date last year, or
/// none, or no date this year, is flagged; the header and the UASC row are
/// flagged. Only children with a header row in both years are compared.
fn r205b(ctx: &Ctx, child: &Child, out: &mut Out) {
    let (Some(u), Some(pu), Some(prev)) = (
        uasc_row(child.rows(UASC)),
        uasc_row(child.prev_rows(UASC)),
        ctx.p(UASC),
    ) else {
        return;
    };
    if child.header().is_none() || prev_header(child).is_none() {
        return;
    }
    let eighteen = header_dob(ctx, child).map(|b| add_years(b, 18));
    if eighteen.is_some()
        && d(prev, pu, uasc::DUC) == eighteen
        && d(ctx.t(UASC), u, uasc::DUC).is_some()
    {
        return;
    }
    out.flag_all(HDR, child.rows(HDR));
    out.flag_all(UASC, child.rows(UASC));
}

/// 205C: not UASC in either year, but a date UASC ceased is given. With
/// UASC status read as for 205A, this is a child with a UASC row giving a
/// date but no header row this year, who was not UASC last year (no header
/// row or no UASC row then). This year's UASC rows are flagged.
fn r205c(ctx: &Ctx, child: &Child, out: &mut Out) {
    if child.header().is_some() || uasc_last_year(child) {
        return;
    }
    let u = ctx.t(UASC);
    if child
        .rows(UASC)
        .iter()
        .any(|&r| !u.get(r, uasc::DUC).is_empty())
    {
        out.flag_all(UASC, child.rows(UASC));
    }
}

/// 205D: UASC this year (a UASC row) but not last year, for a child in last
/// year's return. Flags the header.
fn r205d(_: &Ctx, child: &Child, out: &mut Out) {
    if !child.rows(UASC).is_empty()
        && child.prev_rows(UASC).is_empty()
        && prev_header(child).is_some()
    {
        out.flag_all(HDR, child.rows(HDR));
    }
}

/// 207: the mother status disagrees with last year's: a child recorded as
/// a mother (1) last year must still be one (a blank is flagged).
fn r207(ctx: &Ctx, child: &Child, out: &mut Out) {
    let (Some(p), Some(prev)) = (prev_header(child), ctx.p(HDR)) else {
        return;
    };
    if prev.get(p, header::MOTHER) != "1" {
        return;
    }
    let h = ctx.t(HDR);
    for &r in child.rows(HDR) {
        if h.get(r, header::MOTHER) != "1" {
            out.flag(HDR, r);
        }
    }
}

/// 208: the UPN disagrees with last year's. A blank last year is not
/// compared; a blank this year against a UPN last year is a disagreement.
fn r208(ctx: &Ctx, child: &Child, out: &mut Out) {
    let (Some(p), Some(prev)) = (prev_header(child), ctx.p(HDR)) else {
        return;
    };
    let last = prev.get(p, header::UPN);
    let h = ctx.t(HDR);
    for &r in child.rows(HDR) {
        let now = h.get(r, header::UPN);
        if !last.is_empty() && now != last {
            out.flag(HDR, r);
        }
    }
}

// ---------------------------------------------------------------------------
// UPN, placement provider and URN

/// 209: a child of school age (5 or over on 31 August in the collection
/// year) must not have UPN `UN1`.
fn r209(ctx: &Ctx, child: &Child, out: &mut Out) {
    let h = ctx.t(HDR);
    let aug = ymd(ctx.start.year(), 8, 31);
    for &r in child.rows(HDR) {
        if h.get(r, header::UPN) == "UN1"
            && d(h, r, header::DOB).is_some_and(|b| age_on(b, aug) >= 5)
        {
            out.flag(HDR, r);
        }
    }
}

/// 210: a child looked after at 31 March (an open episode) must not have
/// UPN `UN4`. The peer flags an open episode however recently it started.
fn r210(ctx: &Ctx, child: &Child, out: &mut Out) {
    let h = ctx.t(HDR);
    let e = ctx.t(EPS);
    let open: Vec<usize> = child
        .rows(EPS)
        .iter()
        .copied()
        .filter(|&r| e.get(r, episodes::DEC).is_empty())
        .collect();
    if open.is_empty() {
        return;
    }
    let mut any = false;
    for &r in child.rows(HDR) {
        if h.get(r, header::UPN) == "UN4" {
            out.flag(HDR, r);
            any = true;
        }
    }
    if any {
        out.flag_all(EPS, &open);
    }
}

/// 213: a temporary placement (T0-T4) or an "other" placement (Z11-Z14)
/// has no placement provider.
fn r213(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(EPS);
    for &r in child.rows(EPS) {
        let place = e.get(r, episodes::PLACE);
        if (is_temporary(place) || is_z1x(place)) && !e.get(r, episodes::PLACE_PROVIDER).is_empty()
        {
            out.flag(EPS, r);
        }
    }
}

/// 214: a short break (legal status V3 or V4) has no placement postcode or
/// URN.
fn r214(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, EPS, |e, r| {
        is_short_break(e.get(r, episodes::LS))
            && (!e.get(r, episodes::PL_POST).is_empty() || !e.get(r, episodes::URN).is_empty())
    });
}

/// 215: a care leaver (any of IN_TOUCH, ACTIV, ACCOM given) must not also
/// have the OC2 items of children looked after for 12 months.
fn r215(ctx: &Ctx, child: &Child, out: &mut Out) {
    let o3 = ctx.t(OC3);
    let o2 = ctx.t(OC2);
    let leaver: Vec<usize> = child
        .rows(OC3)
        .iter()
        .copied()
        .filter(|&r| {
            [oc3::IN_TOUCH, oc3::ACTIV, oc3::ACCOM]
                .iter()
                .any(|&c| !o3.get(r, c).is_empty())
        })
        .collect();
    let la: Vec<usize> = child
        .rows(OC2)
        .iter()
        .copied()
        .filter(|&r| OC2_ITEMS.iter().any(|&c| !o2.get(r, c).is_empty()))
        .collect();
    if !leaver.is_empty() && !la.is_empty() {
        out.flag_all(OC3, &leaver);
        out.flag_all(OC2, &la);
    }
}

/// 217: a placement for adoption with current foster carers (A3 or A5)
/// starting on or after 1 April 2015 must begin a new episode for reason S,
/// T or U.
fn r217(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(EPS);
    let from = ymd(2015, 4, 1);
    for &r in child.rows(EPS) {
        if matches!(e.get(r, episodes::PLACE), "A3" | "A5")
            && d(e, r, episodes::DECOM).is_some_and(|s| s >= from)
            && !matches!(e.get(r, episodes::RNE), "S" | "T" | "U")
        {
            out.flag(EPS, r);
        }
    }
}

/// Placement types whose provider Ofsted does not register.
fn not_ofsted_place(place: &str) -> bool {
    matches!(
        place,
        "P1" | "P3" | "R1" | "R2" | "R5" | "T0" | "T1" | "T2" | "T3" | "T4"
    ) || is_z1x(place)
}

/// 218: a placement of a type Ofsted registers needs a URN. Only episodes
/// that reach into the collection year (DEC blank or on or after 1 April)
/// are checked; the provider code is not looked at.
fn r218(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(EPS);
    for &r in child.rows(EPS) {
        let place = e.get(r, episodes::PLACE);
        if !place.is_empty()
            && !not_ofsted_place(place)
            && e.get(r, episodes::URN).is_empty()
            && (e.get(r, episodes::DEC).is_empty()
                || d(e, r, episodes::DEC).is_some_and(|c| c >= ctx.start))
        {
            out.flag(EPS, r);
        }
    }
}

/// The URN a regional adoption agency placement is given.
const RAA_URN: &str = "XXXXXXX";

/// Rules that compare with the Ofsted provider lists: nothing to check
/// without them.
/// 222: no URN for a placement type Ofsted does not register (P1, P3, R1,
/// R2, R5, T0-T4, Z11-Z14). The regional adoption agency URN `XXXXXXX` is
/// not a URN in this sense (242 checks it).
fn r222(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(EPS);
    for &r in child.rows(EPS) {
        let urn = e.get(r, episodes::URN);
        if not_ofsted_place(e.get(r, episodes::PLACE)) && !urn.is_empty() && urn != RAA_URN {
            out.flag(EPS, r);
        }
    }
}

/// 225: an episode that ends in a change of placement (REC X1 and the next
/// episode starting for reason P, T, B or U) needs a reason for the change,
/// unless the move is into or out of a temporary placement (T0-T4), for
/// which 226 says no reason is wanted.
fn r225(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(EPS);
    let eps = episodes_in_order(ctx, child);
    for w in eps.windows(2) {
        let [(r, _), (n, _)] = *w else {
            continue;
        };
        if e.get(r, episodes::REC) == "X1"
            && e.get(r, episodes::REASON_PLACE_CHANGE).is_empty()
            && matches!(e.get(n, episodes::RNE), "P" | "T" | "B" | "U")
            && !is_temporary(e.get(r, episodes::PLACE))
            && !is_temporary(e.get(n, episodes::PLACE))
        {
            out.flag(EPS, r);
        }
    }
}

/// 226: no reason for a placement change into or out of a temporary
/// placement: a T0-T4 episode is flagged when it, or the episode before it,
/// gives a reason.
fn r226(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(EPS);
    let eps = episodes_in_order(ctx, child);
    for (i, &(r, _)) in eps.iter().enumerate() {
        if !is_temporary(e.get(r, episodes::PLACE)) {
            continue;
        }
        let own = !e.get(r, episodes::REASON_PLACE_CHANGE).is_empty();
        let before = i
            .checked_sub(1)
            .and_then(|j| eps.get(j))
            .is_some_and(|&(p, _)| !e.get(p, episodes::REASON_PLACE_CHANGE).is_empty());
        if own || before {
            out.flag(EPS, r);
        }
    }
}

/// 231: a UASC child (one with a UASC row) is expected to be an older young
/// person: flags a UASC child under 10 at the end of the year.
fn r231(ctx: &Ctx, child: &Child, out: &mut Out) {
    if child.rows(UASC).is_empty() {
        return;
    }
    let h = ctx.t(HDR);
    for &r in child.rows(HDR) {
        if d(h, r, header::DOB).is_some_and(|b| age_on(b, ctx.end) < 10) {
            out.flag(HDR, r);
        }
    }
}

/// 232: the child's sex is recorded as unknown (U).
fn r232(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, HDR, |h, r| h.get(r, header::SEX) == "U");
}

/// 233: a reason for placement change is given on an episode that has not
/// ceased.
fn r233(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, EPS, |e, r| {
        e.get(r, episodes::DEC).is_empty() && !e.get(r, episodes::REASON_PLACE_CHANGE).is_empty()
    });
}

/// 234: a child under 10 cannot change placement because of being taken
/// into custody (CUSTOD). Age is taken on the date the episode started, so
/// an open episode is checked too; the header is flagged with it.
fn r234(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(EPS);
    let Some(b) = header_dob(ctx, child) else {
        return;
    };
    let mut any = false;
    for &r in child.rows(EPS) {
        if e.get(r, episodes::REASON_PLACE_CHANGE) == "CUSTOD"
            && d(e, r, episodes::DECOM).is_some_and(|s| age_on(b, s) < 10)
        {
            out.flag(EPS, r);
            any = true;
        }
    }
    if any {
        out.flag_all(HDR, child.rows(HDR));
    }
}

/// 242: the URN `XXXXXXX` (a regional adoption agency) only for a
/// placement for adoption (A3-A6) or with foster carers (U1-U6), as
/// agencies place children fostering for adoption.
fn r242(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(EPS);
    for &r in child.rows(EPS) {
        let place = e.get(r, episodes::PLACE);
        if e.get(r, episodes::URN) == RAA_URN
            && !matches!(
                place,
                "A3" | "A4" | "A5" | "A6" | "U1" | "U2" | "U3" | "U4" | "U5" | "U6"
            )
        {
            out.flag(EPS, r);
        }
    }
}

// ---------------------------------------------------------------------------
// Dates of birth and UASC

/// 301: the date of birth is after the end of the collection year.
fn r301(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, HDR, |h, r| {
        d(h, r, header::DOB).is_some_and(|b| b > ctx.end)
    });
}

/// 302: the first episode starts before the child was born.
fn r302(ctx: &Ctx, child: &Child, out: &mut Out) {
    let Some(b) = header_dob(ctx, child) else {
        return;
    };
    let eps = episodes_in_order(ctx, child);
    if let Some(&(r, Some(s))) = eps.first() {
        if s < b {
            out.flag(EPS, r);
            out.flag_all(HDR, child.rows(HDR));
        }
    }
}

/// 304: the date UASC ceased is on or before the 18th birthday.
fn r304(ctx: &Ctx, child: &Child, out: &mut Out) {
    let u = ctx.t(UASC);
    for &r in child.rows(UASC) {
        if let (Some(b), Some(c)) = (d(u, r, uasc::DOB), d(u, r, uasc::DUC)) {
            if c > add_years(b, 18) {
                out.flag(UASC, r);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Adoption

/// 331: the date of matching is on or before the date of placement for
/// adoption: the start of the episode that ended in adoption (REC E11 or
/// E12). A child not yet adopted is not checked.
fn r331(ctx: &Ctx, child: &Child, out: &mut Out) {
    let a = ctx.t(AD1);
    let e = ctx.t(EPS);
    let Some(&(er, Some(placed))) = episodes_in_order(ctx, child)
        .iter()
        .find(|&&(r, _)| is_adopted(e.get(r, episodes::REC)))
    else {
        return;
    };
    let mut any = false;
    for &r in child.rows(AD1) {
        if d(a, r, ad1::DATE_MATCH).is_some_and(|m| m > placed) {
            out.flag(AD1, r);
            any = true;
        }
    }
    if any {
        out.flag(EPS, er);
    }
}

/// 333: the date it was decided the child should be placed for adoption is
/// on or before the date of matching.
fn r333(ctx: &Ctx, child: &Child, out: &mut Out) {
    let a = ctx.t(AD1);
    for &r in child.rows(AD1) {
        if let (Some(i), Some(m)) = (d(a, r, ad1::DATE_INT), d(a, r, ad1::DATE_MATCH)) {
            if i > m {
                out.flag(AD1, r);
            }
        }
    }
}

/// 334: the start of the latest period of care (the last episode starting
/// for reason S) is on or before the decision to place for adoption.
fn r334(ctx: &Ctx, child: &Child, out: &mut Out) {
    let a = ctx.t(AD1);
    let e = ctx.t(EPS);
    let Some(&(er, Some(start))) = episodes_in_order(ctx, child)
        .iter()
        .rev()
        .find(|&&(r, _)| e.get(r, episodes::RNE) == "S")
    else {
        return;
    };
    let mut any = false;
    for &r in child.rows(AD1) {
        if d(a, r, ad1::DATE_INT).is_some_and(|i| i < start) {
            out.flag(AD1, r);
            any = true;
        }
    }
    if any {
        out.flag(EPS, er);
    }
}

/// 335: FOSTER_CARE 0 (not adopted by the current foster carers) fits a last
/// placement of A4 or A6, and 1 fits A3 or A5. The placement compared is
/// that of the episode that ended in adoption (REC E11 or E12).
fn r335(ctx: &Ctx, child: &Child, out: &mut Out) {
    let a = ctx.t(AD1);
    let e = ctx.t(EPS);
    let Some(&(er, _)) = episodes_in_order(ctx, child)
        .iter()
        .rev()
        .find(|&&(r, _)| is_adopted(e.get(r, episodes::REC)))
    else {
        return;
    };
    let place = e.get(er, episodes::PLACE);
    let mut any = false;
    for &r in child.rows(AD1) {
        let bad = match a.get(r, ad1::FOSTER_CARE) {
            "0" => matches!(place, "A3" | "A5"),
            "1" => matches!(place, "A4" | "A6"),
            _ => false,
        };
        if bad {
            out.flag(AD1, r);
            any = true;
        }
    }
    if any {
        out.flag(EPS, er);
    }
}

/// 336: a placement for adoption (A3 or A4) must follow a foster placement
/// (U1-U6) or another placement for adoption; a child's first episode is
/// not checked.
fn r336(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(EPS);
    let eps = episodes_in_order(ctx, child);
    for w in eps.windows(2) {
        let [(p, _), (r, _)] = *w else {
            continue;
        };
        let prev_place = e.get(p, episodes::PLACE);
        if matches!(e.get(r, episodes::PLACE), "A3" | "A4")
            && !(prev_place.starts_with('A') || prev_place.starts_with('U'))
        {
            out.flag(EPS, r);
        }
    }
}

// ---------------------------------------------------------------------------
// Care leavers

/// 344: a young person who died or returned home (IN_TOUCH DIED or RHOM)
/// has no activity or accommodation. The peer flags every such row, even
/// with both items blank, and Hearth does the same.
fn r344(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, OC3, |o, r| {
        matches!(o.get(r, oc3::IN_TOUCH), "DIED" | "RHOM")
    });
}

/// 345: a young person the council is in touch with (IN_TOUCH YES) cannot
/// have activity or accommodation coded 0 (a blank is other rules' concern).
fn r345(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, OC3, |o, r| {
        o.get(r, oc3::IN_TOUCH) == "YES"
            && (o.get(r, oc3::ACTIV) == "0" || o.get(r, oc3::ACCOM) == "0")
    });
}

/// 347: a care leaver under 18 (at the start of the year) cannot live in a
/// foyer: ACCOM T1 or T2 (foyer, suitable or not), or the bare `T` of the
/// old code list. The peer checks only `T`, which is no longer a valid
/// code, so it never flags a valid return; Hearth follows the rule text.
fn r347(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, OC3, |o, r| {
        matches!(o.get(r, oc3::ACCOM), "T" | "T1" | "T2")
            && d(o, r, oc3::DOB).is_some_and(|b| age_on(b, ctx.start) < 18)
    });
}

/// 348: a care leaver recorded as having died last year cannot be reported
/// otherwise this year.
fn r348(ctx: &Ctx, child: &Child, out: &mut Out) {
    let Some(prev) = ctx.p(OC3) else {
        return;
    };
    if !child
        .prev_rows(OC3)
        .iter()
        .any(|&p| prev.get(p, oc3::IN_TOUCH) == "DIED")
    {
        return;
    }
    let o = ctx.t(OC3);
    for &r in child.rows(OC3) {
        if o.get(r, oc3::IN_TOUCH) != "DIED" {
            out.flag(OC3, r);
        }
    }
}

// ---------------------------------------------------------------------------
// Ages and episode dates

/// 351: the child was over 25 at the start of the collection year: the 25th
/// birthday fell before 1 April (on 1 April itself is allowed).
fn r351(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, HDR, |h, r| {
        d(h, r, header::DOB).is_some_and(|b| add_years(b, 25) < ctx.start)
    });
}

/// 352: a child who started to be looked after (RNE S) was 18 or over at
/// the time. Only the episode is flagged.
fn r352(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(EPS);
    let Some(b) = header_dob(ctx, child) else {
        return;
    };
    for &r in child.rows(EPS) {
        if e.get(r, episodes::RNE) == "S"
            && d(e, r, episodes::DECOM).is_some_and(|s| age_on(b, s) >= 18)
        {
            out.flag(EPS, r);
        }
    }
}

/// 353: no episode starts before 14 October 1991.
fn r353(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(EPS);
    let first = ymd(1991, 10, 14);
    for &r in child.rows(EPS) {
        if d(e, r, episodes::DECOM).is_some_and(|s| s < first) {
            out.flag(EPS, r);
        }
    }
}

/// 354: no episode starts after the end of the collection year.
fn r354(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, EPS, |e, r| {
        d(e, r, episodes::DECOM).is_some_and(|s| s > ctx.end)
    });
}

/// 355: an episode that ceased on the day it started lasted under 24 hours.
/// The two cells are compared as written, so an episode with neither date
/// is flagged too.
fn r355(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, EPS, |e, r| {
        e.get(r, episodes::DECOM) == e.get(r, episodes::DEC)
    });
}

/// 356: an episode ceased before it started.
fn r356(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(EPS);
    for &r in child.rows(EPS) {
        if let (Some(s), Some(c)) = (d(e, r, episodes::DECOM), d(e, r, episodes::DEC)) {
            if c < s {
                out.flag(EPS, r);
            }
        }
    }
}

/// 357: the child's first episode starts a period of care (RNE S).
fn r357(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(EPS);
    if let Some(&(r, Some(s))) = episodes_in_order(ctx, child).first() {
        if s >= ctx.start && e.get(r, episodes::RNE) != "S" {
            out.flag(EPS, r);
        }
    }
}

/// 358: a child on remand or in custody (J1-J3) is older than 10 when the
/// episode starts: an episode starting on the 10th birthday itself is
/// flagged, as the peer does.
fn r358(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(EPS);
    let Some(b) = header_dob(ctx, child) else {
        return;
    };
    let mut any = false;
    for &r in child.rows(EPS) {
        if matches!(e.get(r, episodes::LS), "J1" | "J2" | "J3")
            && d(e, r, episodes::DECOM).is_some_and(|s| s <= add_years(b, 10))
        {
            out.flag(EPS, r);
            any = true;
        }
    }
    if any {
        out.flag_all(HDR, child.rows(HDR));
    }
}

/// 359: a young person looked after past their 18th birthday must be
/// accommodated under section 20(5) (LS V2) in a community home (K1 or K2).
/// Checked on the episodes of this collection year that run past the 18th
/// birthday (ceasing after it, or still open on 31 March); an episode
/// ceasing on the birthday itself is leaving care on time. The peer flags
/// no child under this rule on any data tried (open C2/U1 episodes of 19 and
/// 21 year olds included), so Hearth follows the rule text here.
fn r359(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(EPS);
    let Some(eighteen) = header_dob(ctx, child).map(|b| add_years(b, 18)) else {
        return;
    };
    let mut any = false;
    for &r in child.rows(EPS) {
        let end = if e.get(r, episodes::DEC).is_empty() {
            Some(ctx.end)
        } else {
            d(e, r, episodes::DEC)
        };
        if end.is_some_and(|c| c > eighteen && c >= ctx.start)
            && !(e.get(r, episodes::LS) == "V2" && matches!(e.get(r, episodes::PLACE), "K1" | "K2"))
        {
            out.flag(EPS, r);
            any = true;
        }
    }
    if any {
        out.flag_all(HDR, child.rows(HDR));
    }
}

/// Flags the spells under legal status `ls` that lasted more than
/// `max_days`. A spell is the episodes under `ls` that follow on from each
/// other (one ends on the day the next starts), however the file orders
/// them; it lasts from its earliest start to its latest end, an episode
/// still open ending on 31 March. Episodes without a readable start are left
/// out; one with an unreadable end ends nothing.
fn legal_status_too_long(ctx: &Ctx, child: &Child, out: &mut Out, ls: &str, max_days: i64) {
    let e = ctx.t(EPS);
    // (row, start, end) for the child's episodes under `ls`.
    let eps: Vec<(usize, Date, Option<Date>)> = child
        .rows(EPS)
        .iter()
        .filter(|&&r| e.get(r, episodes::LS) == ls)
        .filter_map(|&r| {
            let start = d(e, r, episodes::DECOM)?;
            let end = if e.get(r, episodes::DEC).is_empty() {
                Some(ctx.end)
            } else {
                d(e, r, episodes::DEC)
            };
            Some((r, start, end))
        })
        .collect();
    // Spell of each episode: joined when one's end is another's start.
    let mut spell: Vec<usize> = (0..eps.len()).collect();
    fn root(spell: &mut [usize], mut i: usize) -> usize {
        while let Some(&p) = spell.get(i) {
            if p == i {
                break;
            }
            i = p;
        }
        i
    }
    for (i, a) in eps.iter().enumerate() {
        for (j, b) in eps.iter().enumerate() {
            if i != j && a.2 == Some(b.1) && !e.get(a.0, episodes::DEC).is_empty() {
                let (ri, rj) = (root(&mut spell, i), root(&mut spell, j));
                if let Some(x) = spell.get_mut(ri) {
                    *x = rj;
                }
            }
        }
    }
    let roots: Vec<usize> = (0..eps.len()).map(|i| root(&mut spell, i)).collect();
    for (i, &(r, _, _)) in eps.iter().enumerate() {
        let members = eps
            .iter()
            .zip(&roots)
            .filter(|(_, &k)| Some(&k) == roots.get(i));
        let start = members.clone().map(|(m, _)| m.1).min();
        let end = members.filter_map(|(m, _)| m.2).max();
        if let (Some(s), Some(c)) = (start, end) {
            if (c - s).whole_days() > max_days {
                out.flag(EPS, r);
            }
        }
    }
}

/// 361: police protection (L1) lasted more than 72 hours (3 days), counted
/// over consecutive episodes under L1.
fn r361(ctx: &Ctx, child: &Child, out: &mut Out) {
    legal_status_too_long(ctx, child, out, "L1", 3);
}

/// 362: an emergency protection order (L2) lasted more than 21 days.
fn r362(ctx: &Ctx, child: &Child, out: &mut Out) {
    legal_status_too_long(ctx, child, out, "L2", 21);
}

/// 363: a child assessment order (L3) lasted more than 7 days.
fn r363(ctx: &Ctx, child: &Child, out: &mut Out) {
    legal_status_too_long(ctx, child, out, "L3", 7);
}

/// 364: detention under PACE (J2) lasted more than 21 days.
fn r364(ctx: &Ctx, child: &Child, out: &mut Out) {
    legal_status_too_long(ctx, child, out, "J2", 21);
}

/// 365: one short-term respite episode (V3) lasted more than 17 days; an
/// open one runs to the end of the collection year.
fn r365(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(EPS);
    for &r in child.rows(EPS) {
        if e.get(r, episodes::LS) != "V3" {
            continue;
        }
        let Some(s) = d(e, r, episodes::DECOM) else {
            continue;
        };
        let long = match d(e, r, episodes::DEC) {
            Some(c) => (c - s).whole_days() > 17,
            None => e.get(r, episodes::DEC).is_empty() && (ctx.end - s).whole_days() > 17,
        };
        if long {
            out.flag(EPS, r);
        }
    }
}

/// 366: a respite episode (V3) must start a period of care (RNE S): a
/// child cannot change placement during a short break.
fn r366(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, EPS, |e, r| {
        e.get(r, episodes::LS) == "V3" && e.get(r, episodes::RNE) != "S"
    });
}

/// 367: respite (V3) totals more than 75 days within the collection year
/// (episodes clipped to the year; an open one runs to its end).
fn r367(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(EPS);
    let mut total = 0i64;
    let mut rows = Vec::new();
    for &r in child.rows(EPS) {
        if e.get(r, episodes::LS) != "V3" {
            continue;
        }
        let Some(s) = d(e, r, episodes::DECOM) else {
            continue;
        };
        let c = d(e, r, episodes::DEC).unwrap_or(ctx.end).min(ctx.end);
        let s = s.max(ctx.start);
        if c >= s {
            total += (c - s).whole_days();
            rows.push(r);
        }
    }
    if total > 75 {
        out.flag_all(EPS, &rows);
    }
}

/// Flags the ceased episodes in placement `place` that started before the
/// child was `min_age`.
fn too_young_for(ctx: &Ctx, child: &Child, out: &mut Out, place: &str, min_age: i32) {
    let e = ctx.t(EPS);
    let Some(b) = header_dob(ctx, child) else {
        return;
    };
    for &r in child.rows(EPS) {
        if e.get(r, episodes::PLACE) == place
            && !e.get(r, episodes::DEC).is_empty()
            && d(e, r, episodes::DECOM).is_some_and(|s| age_on(b, s) < min_age)
        {
            out.flag(EPS, r);
        }
    }
}

/// 371: a child in supported accommodation not subject to children's homes
/// regulations (K3) is at least 16 when placed. As with 372, only episodes
/// that have ceased are checked.
fn r371(ctx: &Ctx, child: &Child, out: &mut Out) {
    too_young_for(ctx, child, out, "K3", 16);
}

/// 372: a child in youth custody or prison (R5) is at least 10 when placed.
/// Only episodes that have ceased are checked (the peer passes open ones).
fn r372(ctx: &Ctx, child: &Child, out: &mut Out) {
    too_young_for(ctx, child, out, "R5", 10);
}

#[cfg(test)]
mod tests {
    use super::super::common::test_support::{self, f};
    use super::*;
    use crate::ssda903::Return903;

    /// A return read from CSV tables given as (file name, text).
    fn ret(files: &[(&str, String)]) -> Return903 {
        let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        test_support::ret(&files)
    }

    const H: &str = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n";
    const E: &str = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n";

    /// Runs rule `code` and gives (child, table, row) for each finding.
    fn run(
        code: &str,
        cur: &Return903,
        prev: Option<&Return903>,
    ) -> Vec<(String, &'static str, i64)> {
        super::super::common::test_support::run_one(RULES, code, cur, prev)
    }

    #[test]
    fn header_changes_since_last_year() {
        let cur = ret(&[(
            "header.csv",
            format!("{H}A,1,01/01/2010,WBRI,A123,,\nB,,01/01/2010,WBRI,,,\nC,2,02/01/2010,WBRI,A999,0,\n"),
        )]);
        let prev = ret(&[(
            "header.csv",
            format!("{H}A,1,01/01/2010,WBRI,A123,,\nB,2,01/01/2010,WIRI,,,\nC,2,01/01/2010,WBRI,A998,1,\n"),
        )]);
        assert_eq!(run("202", &cur, Some(&prev)), vec![f("B", "Header", 1)]);
        assert_eq!(run("203", &cur, Some(&prev)), vec![f("C", "Header", 2)]);
        assert_eq!(run("204", &cur, Some(&prev)), vec![f("B", "Header", 1)]);
        assert_eq!(run("207", &cur, Some(&prev)), vec![f("C", "Header", 2)]);
        // A blank UPN last year is not compared.
        assert_eq!(run("208", &cur, Some(&prev)), vec![f("C", "Header", 2)]);
    }

    #[test]
    fn uasc_in_both_years_needs_the_18th_birthday_as_date_ceased() {
        let u = "CHILD,SEX,DOB,DUC\n";
        let cur = ret(&[
            (
                "header.csv",
                format!(
                    "{H}A,1,01/01/2009,WBRI,,,\nB,1,01/01/2009,WBRI,,,\nC,1,01/01/2009,WBRI,,,\nD,1,01/01/2009,WBRI,,,\n"
                ),
            ),
            (
                "uasc.csv",
                format!(
                    "{u}A,1,01/01/2009,01/01/2027\nB,1,01/01/2009,01/06/2025\nC,1,01/01/2009,\nD,1,01/01/2009,01/06/2025\n"
                ),
            ),
        ]);
        let prev = ret(&[
            (
                "header.csv",
                format!(
                    "{H}A,1,01/01/2009,WBRI,,,\nB,1,01/01/2009,WBRI,,,\nC,1,01/01/2009,WBRI,,,\nD,1,01/01/2009,WBRI,,,\n"
                ),
            ),
            (
                "uasc.csv",
                format!("{u}A,1,01/01/2009,01/01/2027\nB,1,01/01/2009,01/06/2025\nD,1,01/01/2009,01/01/2027\n"),
            ),
        ]);
        // D: last year's date was the 18th birthday and this year has a
        // date (an earlier one): not flagged.
        assert_eq!(
            run("205B", &cur, Some(&prev)),
            vec![f("B", "Header", 1), f("B", "UASC", 1)]
        );
        assert_eq!(run("205D", &cur, Some(&prev)), vec![f("C", "Header", 2)]);
    }

    #[test]
    fn uasc_rows_without_a_header_are_not_uasc() {
        let u = "CHILD,SEX,DOB,DUC\n";
        // A and B have UASC rows but no header row this year. A was UASC
        // last year (header and UASC rows), B was only in last year's header.
        // C has no date, so nothing says it ceased.
        let cur = ret(&[
            ("header.csv", format!("{H}Z,1,01/01/2009,WBRI,,,\n")),
            (
                "uasc.csv",
                format!(
                    "{u}A,1,01/01/2009,01/06/2025\nB,1,01/01/2009,01/06/2025\nC,1,01/01/2009,\n"
                ),
            ),
        ]);
        let prev = ret(&[
            (
                "header.csv",
                format!(
                    "{H}A,1,01/01/2009,WBRI,,,\nB,1,01/01/2009,WBRI,,,\nC,1,01/01/2009,WBRI,,,\n"
                ),
            ),
            ("uasc.csv", format!("{u}A,1,01/01/2009,01/06/2025\n")),
        ]);
        assert_eq!(run("205A", &cur, Some(&prev)), vec![f("A", "UASC", 0)]);
        assert_eq!(run("205C", &cur, Some(&prev)), vec![f("B", "UASC", 1)]);
        assert_eq!(run("205B", &cur, Some(&prev)), Vec::new());
        assert_eq!(run("205D", &cur, Some(&prev)), Vec::new());
    }

    #[test]
    fn school_age_and_upn_codes() {
        let cur = ret(&[
            (
                "header.csv",
                format!("{H}A,1,31/08/2020,WBRI,UN1,,\nB,1,01/09/2020,WBRI,UN1,,\nC,1,01/01/2012,WBRI,UN4,,\nD,1,01/01/2012,WBRI,UN4,,\n"),
            ),
            ("episodes.csv", format!("{E}C,30/03/2026,S,C2,N1,U1,PR1,,,,,,\nD,01/01/2026,S,C2,N1,U1,PR1,20/03/2026,E13,,,,\n")),
        ]);
        assert_eq!(run("209", &cur, None), vec![f("A", "Header", 0)]);
        assert_eq!(
            run("210", &cur, None),
            vec![f("C", "Episodes", 0), f("C", "Header", 2)]
        );
    }

    #[test]
    fn placement_provider_urn_and_reason_for_change() {
        let cur = ret(&[(
            "episodes.csv",
            format!(
                "{E}A,01/05/2025,S,C2,N1,U1,PR1,01/06/2025,X1,,,,SC1\n\
                 A,01/06/2025,P,C2,N1,T1,PR1,01/07/2025,X1,CARPL,,,SC2\n\
                 A,01/07/2025,P,C2,N1,R1,,01/08/2025,X1,,,,XXXXXXX\n\
                 A,01/08/2025,P,C2,N1,K1,PR1,,,,,,\n\
                 B,01/05/2025,S,V3,N1,K3,PR1,10/05/2025,E8,,AB1 2CD,AB1 2CD,SC3\n\
                 C,01/05/2024,S,C2,N1,U1,PR1,01/06/2025,E13,,,,\n\
                 D,01/05/2023,S,C2,N1,U1,PR1,01/06/2024,E13,,,,\n"
            ),
        )]);
        assert_eq!(run("213", &cur, None), vec![f("A", "Episodes", 1)]);
        assert_eq!(run("214", &cur, None), vec![f("B", "Episodes", 4)]);
        // Open, or ceased in the year; D ceased before it began.
        assert_eq!(
            run("218", &cur, None),
            vec![f("A", "Episodes", 3), f("C", "Episodes", 5)]
        );
        // T1 gives a URN; R1's regional adoption agency URN is not a URN.
        assert_eq!(run("222", &cur, None), vec![f("A", "Episodes", 1)]);
        // R1 -> K1 is a real move without a reason; U1 -> T1 is not asked.
        assert_eq!(run("225", &cur, None), vec![f("A", "Episodes", 2)]);
        // T1 has a reason of its own.
        assert_eq!(run("226", &cur, None), vec![f("A", "Episodes", 1)]);
        assert_eq!(run("242", &cur, None), vec![f("A", "Episodes", 2)]);
    }

    #[test]
    fn ages_at_placement_and_start_of_care() {
        let cur = ret(&[
            (
                "header.csv",
                format!("{H}A,1,01/01/2017,WBRI,,,\nB,1,01/01/2007,WBRI,,,\nC,1,31/03/2000,WBRI,,,\nD,1,01/04/2000,WBRI,,,\nE,1,01/06/2015,WBRI,,,\n"),
            ),
            (
                "episodes.csv",
                format!(
                    "{E}A,01/06/2025,S,J1,N1,R5,PR1,01/07/2025,X1,CUSTOD,,,\n\
                     A,01/07/2025,P,C2,N1,R5,PR1,,,,,,\n\
                     B,01/06/2025,S,C2,N1,K3,PR1,01/07/2025,E13,,,,\n\
                     C,01/06/2024,S,C2,N1,U1,PR1,,,,,,\n\
                     E,01/06/2025,S,J2,N1,U1,PR1,01/07/2025,X1,CUSTOD,,,\n\
                     E,01/07/2025,P,J2,N1,U1,PR1,,,,,,\n"
                ),
            ),
        ]);
        assert_eq!(
            run("234", &cur, None),
            vec![f("A", "Episodes", 0), f("A", "Header", 0)]
        );
        // E starts on the 10th birthday: 10, so 234 lets it be, but 358
        // flags it.
        assert_eq!(
            run("358", &cur, None),
            vec![
                f("A", "Episodes", 0),
                f("A", "Header", 0),
                f("E", "Episodes", 4),
                f("E", "Header", 4)
            ]
        );
        // Only the ceased R5 episode is checked.
        assert_eq!(run("372", &cur, None), vec![f("A", "Episodes", 0)]);
        assert_eq!(run("371", &cur, None), Vec::new());
        assert_eq!(
            run("352", &cur, None),
            vec![f("B", "Episodes", 2), f("C", "Episodes", 3)]
        );
        // 25th birthday the day before 1 April is over 25; on it is not.
        assert_eq!(run("351", &cur, None), vec![f("C", "Header", 2)]);
    }

    #[test]
    fn legal_status_spells_join_episodes_that_follow_on() {
        let cur = ret(&[(
            "episodes.csv",
            format!(
                "{E}A,01/06/2025,S,L1,N1,U1,PR1,03/06/2025,X1,,,,\n\
                 B,01/06/2025,S,L1,N1,U1,PR1,03/06/2025,X1,,,,\n\
                 B,03/06/2025,P,L1,N1,U2,PR1,05/06/2025,E13,,,,\n\
                 C,01/06/2025,S,L2,N1,U1,PR1,22/06/2025,E13,,,,\n\
                 D,30/03/2026,S,L3,N1,U1,PR1,,,,,,\n\
                 E,01/06/2025,S,J2,N1,U1,PR1,23/06/2025,E13,,,,\n"
            ),
        )]);
        assert_eq!(
            run("361", &cur, None),
            vec![f("B", "Episodes", 1), f("B", "Episodes", 2)]
        );
        assert_eq!(run("362", &cur, None), Vec::new());
        // Open on 30 March: one day to the end of the year.
        assert_eq!(run("363", &cur, None), Vec::new());
        assert_eq!(run("364", &cur, None), vec![f("E", "Episodes", 5)]);
    }

    #[test]
    fn respite_limits() {
        let cur = ret(&[(
            "episodes.csv",
            format!(
                "{E}A,01/05/2025,S,V3,N1,U1,PR1,18/05/2025,E8,,,,\n\
                 B,01/05/2025,S,V3,N1,U1,PR1,19/05/2025,E8,,,,\n\
                 C,01/05/2025,S,V3,N1,U1,PR1,17/05/2025,E8,,,,\n\
                 C,01/06/2025,P,V3,N1,U1,PR1,17/06/2025,E8,,,,\n\
                 C,01/07/2025,S,V3,N1,U1,PR1,17/07/2025,E8,,,,\n\
                 C,01/08/2025,S,V3,N1,U1,PR1,17/08/2025,E8,,,,\n\
                 C,01/09/2025,S,V3,N1,U1,PR1,13/09/2025,E8,,,,\n"
            ),
        )]);
        assert_eq!(run("365", &cur, None), vec![f("B", "Episodes", 1)]);
        assert_eq!(run("366", &cur, None), vec![f("C", "Episodes", 3)]);
        // 16 + 16 + 16 + 16 + 12 = 76 days.
        assert_eq!(
            run("367", &cur, None),
            (2..7).map(|r| f("C", "Episodes", r)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn episode_dates() {
        let cur = ret(&[
            (
                "header.csv",
                format!("{H}A,1,01/01/2010,WBRI,,,\nB,1,01/01/2027,WBRI,,,\n"),
            ),
            (
                "episodes.csv",
                format!(
                    "{E}A,01/01/2009,S,C2,N1,U1,PR1,01/01/2009,X1,,,,\n\
                     A,01/01/1990,S,C2,N1,U1,PR1,01/01/1989,X1,,,,\n\
                     B,01/05/2026,S,C2,N1,U1,PR1,,,,,,\n\
                     C,01/05/2025,P,C2,N1,U1,PR1,,,,,,\n\
                     D,,P,C2,N1,U1,PR1,,,,,,\n"
                ),
            ),
        ]);
        assert_eq!(run("301", &cur, None), vec![f("B", "Header", 1)]);
        assert_eq!(
            run("302", &cur, None),
            vec![
                f("A", "Episodes", 1),
                f("A", "Header", 0),
                f("B", "Episodes", 2),
                f("B", "Header", 1)
            ]
        );
        assert_eq!(run("353", &cur, None), vec![f("A", "Episodes", 1)]);
        assert_eq!(run("354", &cur, None), vec![f("B", "Episodes", 2)]);
        // Compared as written: no dates at all is "the same day".
        assert_eq!(
            run("355", &cur, None),
            vec![f("A", "Episodes", 0), f("D", "Episodes", 4)]
        );
        assert_eq!(run("356", &cur, None), vec![f("A", "Episodes", 1)]);
        assert_eq!(run("357", &cur, None), vec![f("C", "Episodes", 3)]);
    }

    #[test]
    fn adoption_dates_and_foster_carers() {
        let a = "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\n";
        let cur = ret(&[
            (
                "episodes.csv",
                format!(
                    "{E}A,01/01/2024,S,C2,N1,U1,PR1,01/06/2025,X1,,,,\n\
                     A,01/06/2025,P,C2,N1,A3,PR1,01/02/2026,E11,,,,\n\
                     B,01/01/2024,S,C2,N1,R1,PR1,01/06/2025,X1,,,,\n\
                     B,01/06/2025,P,C2,N1,A5,PR1,,,,,,\n"
                ),
            ),
            ("ad1.csv", format!("{a}A,01/01/2015,01/01/2025,01/07/2025,0,1,MF,L0\nB,01/01/2015,01/02/2024,01/01/2024,0,1,MF,L0\n")),
        ]);
        assert_eq!(
            run("331", &cur, None),
            vec![f("A", "AD1", 0), f("A", "Episodes", 1)]
        );
        assert_eq!(run("333", &cur, None), vec![f("B", "AD1", 1)]);
        assert_eq!(run("334", &cur, None), Vec::new());
        assert_eq!(
            run("335", &cur, None),
            vec![f("A", "AD1", 0), f("A", "Episodes", 1)]
        );
        assert_eq!(run("336", &cur, None), Vec::new());
    }

    #[test]
    fn care_leavers() {
        let o = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n";
        let cur = ret(&[(
            "oc3.csv",
            format!("{o}A,01/01/2006,DIED,,\nB,01/01/2006,YES,0,B1\nC,01/01/2006,YES,,\nD,01/06/2008,YES,F1,T1\nE,01/01/2006,YES,F1,B1\nF,01/01/2004,YES,F1,T\nG,02/04/2007,YES,F1,T\n"),
        )]);
        let prev = ret(&[("oc3.csv", format!("{o}E,01/01/2006,DIED,,\n"))]);
        assert_eq!(run("344", &cur, None), vec![f("A", "OC3", 0)]);
        assert_eq!(run("345", &cur, None), vec![f("B", "OC3", 1)]);
        // D: a foyer (T1) at 16. G: the old bare code T, 17 on 1 April.
        // F: 21, old enough. The peer flags only the bare T (see 347).
        assert_eq!(
            run("347", &cur, None),
            vec![f("D", "OC3", 3), f("G", "OC3", 6)]
        );
        assert_eq!(run("348", &cur, Some(&prev)), vec![f("E", "OC3", 4)]);
    }

    #[test]
    fn over_18_must_be_v2_in_a_community_home() {
        let cur = ret(&[
            (
                "header.csv",
                format!(
                    "{H}A,1,01/01/2007,WBRI,,,\nB,1,01/01/2007,WBRI,,,\nC,1,01/06/2008,WBRI,,,\nD,1,01/06/2007,WBRI,,,\nE,1,01/06/2007,WBRI,,,\n"
                ),
            ),
            (
                "episodes.csv",
                format!(
                    "{E}A,01/06/2024,S,C2,N1,U1,PR1,,,,,,\n\
                     B,01/06/2024,S,V2,N1,K2,PR1,,,,,,\n\
                     C,01/06/2024,S,C2,N1,U1,PR1,,,,,,\n\
                     D,01/06/2024,S,C2,N1,U1,PR1,01/06/2025,E8,,,,\n\
                     E,01/06/2024,S,C2,N1,U1,PR1,02/06/2025,E8,,,,\n"
                ),
            ),
        ]);
        // C is not yet 18; D leaves on the 18th birthday; E a day later.
        assert_eq!(
            run("359", &cur, None),
            vec![
                f("A", "Episodes", 0),
                f("A", "Header", 0),
                f("E", "Episodes", 4),
                f("E", "Header", 4)
            ]
        );
    }
}
