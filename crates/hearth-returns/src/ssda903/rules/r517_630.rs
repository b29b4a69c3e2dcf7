//! 903 rules 517 to 630: adopters, placement providers, health and offending
//! (OC2), placed for adoption, missing periods, motherhood and previous
//! permanence.
//!
//! Conventions shared by these rules, as the DfE portal and the sector's
//! validators read the return:
//! - a date that does not parse is treated as absent when dates are compared;
//!   a field is "completed" when it is not blank, whatever it holds;
//! - an open episode (blank DEC) runs to the end of the collection year
//!   unless a rule says otherwise.

use time::Date;

use super::common::{
    cla_12_months_by_spell, flag_rows, in_year, is_adopted, is_adoption_place, is_short_break,
    is_temporary, AD1_ITEMS, OC2_REQUIRED,
};
use crate::date::{add_years, age_on};
use crate::ssda903::engine::{d, Child, Ctx, Out, Rule};
use crate::ssda903::{ad1, episodes, header, missing, oc2, placed_adoption, prev_perm, T};
use crate::table::Table;

macro_rules! rule {
    ($code:literal, $f:ident, [$($t:ident),*]) => {
        Rule::child($code, &[$(T::$t),*], $f)
    };
    ($code:literal, $f:ident, [$($t:ident),*], prev [$($p:ident),*]) => {
        Rule::with_prev($code, &[$(T::$t),*], &[$(T::$p),*], $f)
    };
}

pub const RULES: &[Rule] = &[
    rule!("517", r517, [Ad1]),
    rule!("518", r518, [Ad1]),
    rule!("519", r519, [Ad1]),
    rule!("520", r520, [Ad1]),
    rule!("521", r521, [Ad1, Episodes]),
    rule!("522", r522, [PlacedAdoption]),
    rule!("523", r523, [Ad1, PlacedAdoption]),
    rule!("524", r524, [Ad1]),
    rule!("525", r525, [Ad1, PlacedAdoption]),
    rule!("526", r526, [Episodes]),
    rule!("527", r527, [Episodes]),
    rule!("528", r528, [Episodes]),
    rule!("529", r529, [Episodes]),
    rule!("530", r530, [Episodes]),
    rule!("531", r531, [Episodes]),
    rule!("542", r542, [Oc2]),
    rule!("543", r543, [Episodes, Oc2]),
    rule!("544", r544, [Oc2]),
    rule!("545", r545, [Episodes, Oc2]),
    rule!("546", r546, [Episodes, Oc2]),
    rule!("547", r547, [Oc2]),
    rule!("550", r550, [Episodes]),
    rule!("551", r551, [Episodes, PlacedAdoption]),
    rule!("552", r552, [Episodes, PlacedAdoption]),
    rule!("553", r553, [Episodes, PlacedAdoption]),
    rule!("554", r554, [Episodes, PlacedAdoption]),
    rule!("557", r557, [Episodes, PlacedAdoption]),
    rule!("558", r558, [Episodes, PlacedAdoption]),
    rule!("559", r559, [PlacedAdoption], prev[PlacedAdoption]),
    rule!("560", r560, [PlacedAdoption], prev[PlacedAdoption]),
    rule!("561", r561, [PlacedAdoption], prev[PlacedAdoption]),
    rule!("562", r562, [Episodes], prev[Episodes]),
    rule!("563", r563, [PlacedAdoption]),
    rule!("564", r564, [Missing]),
    rule!("565", r565, [Missing]),
    rule!("566", r566, [Missing]),
    rule!("567", r567, [Missing]),
    rule!("570", r570, [Missing]),
    rule!("571", r571, [Missing]),
    rule!("574", r574, [Missing]),
    rule!("575", r575, [Episodes, Missing]),
    rule!("576", r576, [Missing], prev[Missing]),
    rule!("577", r577, [Episodes, Missing]),
    rule!("578", r578, [Episodes, Missing]),
    rule!("579", r579, [PlacedAdoption]),
    rule!("580", r580, [Episodes, Missing]),
    rule!("581", r581, [Episodes, Missing]),
    rule!("582", r582, [Ad1, Episodes]),
    rule!("583", r583, [PlacedAdoption]),
    rule!("584", r584, [PlacedAdoption], prev[PlacedAdoption]),
    rule!("586", r586, [Missing]),
    rule!("601", r601, [Ad1, Episodes]),
    rule!("602", r602, [Ad1, Episodes]),
    rule!("607", r607, [Episodes, Header]),
    rule!("611", r611, [Header]),
    rule!("612", r612, [Header]),
    rule!("620", r620, [Header]),
    rule!("621", r621, [Header]),
    rule!("624", r624, [Header], prev[Header]),
    rule!("625", r625, [Episodes, Header]),
    rule!("626", r626, [Header], prev[Header]),
    rule!("628", r628, [Episodes, Header, Oc3]),
    rule!("630", r630, [Episodes, PrevPerm]),
];

// ---------------------------------------------------------------- adopters

/// Flags each AD1 row whose legal status of adopters is `ls` and whose
/// genders of adopters are not one of `sexes` (a blank counts as not).
fn adopters_sex(child: &Child, ctx: &Ctx, out: &mut Out, ls: &str, sexes: &[&str]) {
    flag_rows(ctx, child, out, T::Ad1, |t, r| {
        t.get(r, ad1::LS_ADOPTR) == ls && !sexes.contains(&t.get(r, ad1::SEX_ADOPTR))
    });
}

/// 517: adopters who are a different-gender unmarried couple (L3) must be
/// coded MF.
fn r517(ctx: &Ctx, child: &Child, out: &mut Out) {
    adopters_sex(child, ctx, out, "L3", &["MF"]);
}

/// 518: adopters who are a same-gender unmarried couple (L4) must be MM or FF.
fn r518(ctx: &Ctx, child: &Child, out: &mut Out) {
    adopters_sex(child, ctx, out, "L4", &["MM", "FF"]);
}

/// 519: adopters in a civil partnership (L2) must be a couple: MM, FF or MF.
fn r519(ctx: &Ctx, child: &Child, out: &mut Out) {
    adopters_sex(child, ctx, out, "L2", &["MM", "FF", "MF"]);
}

/// 520: adopters who are a different-gender married couple (L11) must be MF.
fn r520(ctx: &Ctx, child: &Child, out: &mut Out) {
    adopters_sex(child, ctx, out, "L11", &["MF"]);
}

/// 524: adopters who are a same-gender married couple (L12) must be MM or FF.
fn r524(ctx: &Ctx, child: &Child, out: &mut Out) {
    adopters_sex(child, ctx, out, "L12", &["MM", "FF"]);
}

/// 521: the date of the decision that adoption is in the child's best
/// interests (AD1 DATE_INT) must be on or before the start of every
/// placement with adopters (A3-A6). Each such episode that starts earlier
/// is flagged with the AD1 row. Blank or bad dates are not compared.
fn r521(ctx: &Ctx, child: &Child, out: &mut Out) {
    let (a, e) = (ctx.t(T::Ad1), ctx.t(T::Episodes));
    for &ar in child.rows(T::Ad1) {
        let Some(int) = d(a, ar, ad1::DATE_INT) else {
            continue;
        };
        for &er in child.rows(T::Episodes) {
            if is_adoption_place(e.get(er, episodes::PLACE))
                && d(e, er, episodes::DECOM).is_some_and(|decom| int > decom)
            {
                out.flag(T::Ad1, ar);
                out.flag(T::Episodes, er);
            }
        }
    }
}

/// 522: the decision to place for adoption must be on or before the decision
/// that the child should no longer be placed.
fn r522(ctx: &Ctx, child: &Child, out: &mut Out) {
    let p = ctx.t(T::PlacedAdoption);
    for &r in child.rows(T::PlacedAdoption) {
        if let (Some(placed), Some(ceased)) = (
            d(p, r, placed_adoption::DATE_PLACED),
            d(p, r, placed_adoption::DATE_PLACED_CEASED),
        ) {
            if placed > ceased {
                out.flag(T::PlacedAdoption, r);
            }
        }
    }
}

/// 523: each decision to place for adoption (DATE_PLACED) should be the same
/// date as the best-interests decision (AD1 DATE_INT). Every placed-for-
/// adoption row with a different date is flagged with the AD1 row; rows
/// where either date is missing are not compared.
fn r523(ctx: &Ctx, child: &Child, out: &mut Out) {
    let (a, p) = (ctx.t(T::Ad1), ctx.t(T::PlacedAdoption));
    for &ar in child.rows(T::Ad1) {
        let Some(int) = d(a, ar, ad1::DATE_INT) else {
            continue;
        };
        for &pr in child.rows(T::PlacedAdoption) {
            if d(p, pr, placed_adoption::DATE_PLACED).is_some_and(|placed| placed != int) {
                out.flag(T::Ad1, ar);
                out.flag(T::PlacedAdoption, pr);
            }
        }
    }
}

/// 525: a child whose placement for adoption was reversed (a DATE_PLACED_CEASED
/// is completed) cannot have adoption details (any AD1 field completed).
/// Flags the AD1 rows and the ceased placed-for-adoption rows.
fn r525(ctx: &Ctx, child: &Child, out: &mut Out) {
    let (a, p) = (ctx.t(T::Ad1), ctx.t(T::PlacedAdoption));
    let fields = AD1_ITEMS;
    let ceased: Vec<usize> = child
        .rows(T::PlacedAdoption)
        .iter()
        .copied()
        .filter(|&r| !p.get(r, placed_adoption::DATE_PLACED_CEASED).is_empty())
        .collect();
    if ceased.is_empty() {
        return;
    }
    for &ar in child.rows(T::Ad1) {
        if fields.iter().any(|&f| !a.get(ar, f).is_empty()) {
            out.flag(T::Ad1, ar);
            out.flag_all(T::PlacedAdoption, &ceased);
        }
    }
}

// ---------------------------------------------------------------- providers

/// Flags episodes whose provider is `provider` and placement is in `places`
/// (or, with `invert`, is not).
fn provider_place(
    ctx: &Ctx,
    child: &Child,
    out: &mut Out,
    provider: &str,
    places: &[&str],
    invert: bool,
) {
    flag_rows(ctx, child, out, T::Episodes, |e, r| {
        e.get(r, episodes::PLACE_PROVIDER) == provider
            && places.contains(&e.get(r, episodes::PLACE)) != invert
    });
}

/// 526: every placement except a temporary one (T0-T4) needs a provider.
fn r526(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(T::Episodes);
    for &r in child.rows(T::Episodes) {
        let place = e.get(r, episodes::PLACE);
        if e.get(r, episodes::PLACE_PROVIDER).is_empty() && !is_temporary(place) {
            out.flag(T::Episodes, r);
        }
    }
}

/// 527: provider PR1 (own LA) cannot go with P1, R2 or R5.
fn r527(ctx: &Ctx, child: &Child, out: &mut Out) {
    provider_place(ctx, child, out, "PR1", &["P1", "R2", "R5"], false);
}

/// 528: provider PR2 (other LA) cannot go with P1, R2 or R5.
fn r528(ctx: &Ctx, child: &Child, out: &mut Out) {
    provider_place(ctx, child, out, "PR2", &["P1", "R2", "R5"], false);
}

/// 529: provider PR3 (other public body) cannot go with P1, A3-A6, K1, K2 or
/// U1-U6.
fn r529(ctx: &Ctx, child: &Child, out: &mut Out) {
    let places = [
        "P1", "A3", "A4", "A5", "A6", "K1", "K2", "U1", "U2", "U3", "U4", "U5", "U6",
    ];
    provider_place(ctx, child, out, "PR3", &places, false);
}

/// 530: provider PR4 (private) cannot go with P1.
fn r530(ctx: &Ctx, child: &Child, out: &mut Out) {
    provider_place(ctx, child, out, "PR4", &["P1"], false);
}

/// 531: provider PR5 (voluntary) cannot go with P1.
fn r531(ctx: &Ctx, child: &Child, out: &mut Out) {
    provider_place(ctx, child, out, "PR5", &["P1"], false);
}

/// 550: provider PR0 (parent or person with parental responsibility) only
/// goes with P1; any other placement, blank included, is flagged.
fn r550(ctx: &Ctx, child: &Child, out: &mut Out) {
    provider_place(ctx, child, out, "PR0", &["P1"], true);
}

// ---------------------------------------------------------------- OC2

/// The OC2 row's own DOB (the rules on OC2 ages read it, not the header's).
fn oc2_dob(t: &Table, r: usize) -> Option<Date> {
    d(t, r, oc2::DOB)
}

/// 542: a child under 10 at 31 March (by the OC2 DOB) should have no
/// conviction information: any value in CONVICTED is flagged.
fn r542(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Oc2, |t, r| {
        oc2_dob(t, r).is_some_and(|dob| age_on(dob, ctx.end) < 10)
            && !t.get(r, oc2::CONVICTED).is_empty()
    });
}

/// 543: a child aged 10 or over at 31 March and looked after for the 12
/// months before must have CONVICTED completed. A child whose 10th birthday
/// is 31 March itself is not yet counted (the sector reads "over 10 years
/// before 31 March").
fn r543(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(T::Oc2);
    if child.rows(T::Oc2).is_empty() || !cla_12_months_by_spell(ctx, child) {
        return;
    }
    for &r in child.rows(T::Oc2) {
        if oc2_dob(t, r).is_some_and(|dob| add_years(dob, 10) < ctx.end)
            && t.get(r, oc2::CONVICTED).is_empty()
        {
            out.flag(T::Oc2, r);
        }
    }
}

/// Flags OC2 rows where `field` is 1 and a health field is blank.
fn health_completed(ctx: &Ctx, child: &Child, out: &mut Out, field: usize) {
    flag_rows(ctx, child, out, T::Oc2, |t, r| {
        t.get(r, field) == "1" && OC2_REQUIRED.iter().any(|&f| t.get(r, f).is_empty())
    });
}

/// 544: a child with a conviction (CONVICTED = 1) must have immunisations,
/// teeth check, health assessment and substance misuse completed.
fn r544(ctx: &Ctx, child: &Child, out: &mut Out) {
    health_completed(ctx, child, out, oc2::CONVICTED);
}

/// 545: a child under 5 at 31 March and looked after for the 12 months
/// before must have HEALTH_CHECK completed.
fn r545(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(T::Oc2);
    if child.rows(T::Oc2).is_empty() || !cla_12_months_by_spell(ctx, child) {
        return;
    }
    for &r in child.rows(T::Oc2) {
        if oc2_dob(t, r).is_some_and(|dob| age_on(dob, ctx.end) < 5)
            && t.get(r, oc2::HEALTH_CHECK).is_empty()
        {
            out.flag(T::Oc2, r);
        }
    }
}

/// 546: a child aged 5 or over at 31 March should not have HEALTH_CHECK
/// completed. Only children looked after for the 12 months before are
/// checked (the others have no OC2 health data to speak of).
fn r546(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(T::Oc2);
    if child.rows(T::Oc2).is_empty() || !cla_12_months_by_spell(ctx, child) {
        return;
    }
    for &r in child.rows(T::Oc2) {
        if oc2_dob(t, r).is_some_and(|dob| age_on(dob, ctx.end) >= 5)
            && !t.get(r, oc2::HEALTH_CHECK).is_empty()
        {
            out.flag(T::Oc2, r);
        }
    }
}

/// 547: a child with a health check (HEALTH_CHECK = 1) must have
/// immunisations, teeth check, health assessment and substance misuse
/// completed.
fn r547(ctx: &Ctx, child: &Child, out: &mut Out) {
    health_completed(ctx, child, out, oc2::HEALTH_CHECK);
}

// ---------------------------------------------------------------- placed for adoption

/// 551: a child placed with adopters (A3-A6) must have a date of the
/// decision to place for adoption. Every such episode is flagged when no
/// placed-for-adoption row has DATE_PLACED filled in.
fn r551(ctx: &Ctx, child: &Child, out: &mut Out) {
    let (e, p) = (ctx.t(T::Episodes), ctx.t(T::PlacedAdoption));
    let has_date = child
        .rows(T::PlacedAdoption)
        .iter()
        .any(|&r| !p.get(r, placed_adoption::DATE_PLACED).is_empty());
    if has_date {
        return;
    }
    for &r in child.rows(T::Episodes) {
        if is_adoption_place(e.get(r, episodes::PLACE)) {
            out.flag(T::Episodes, r);
        }
    }
}

/// Flags each (placed-for-adoption row, episode) pair where the decision to
/// place for adoption is after the start of an episode matching `which`.
fn placed_after(ctx: &Ctx, child: &Child, out: &mut Out, which: fn(&Table, usize) -> bool) {
    let (e, p) = (ctx.t(T::Episodes), ctx.t(T::PlacedAdoption));
    for &pr in child.rows(T::PlacedAdoption) {
        let Some(placed) = d(p, pr, placed_adoption::DATE_PLACED) else {
            continue;
        };
        for &er in child.rows(T::Episodes) {
            if which(e, er) && d(e, er, episodes::DECOM).is_some_and(|decom| placed > decom) {
                out.flag(T::Episodes, er);
                out.flag(T::PlacedAdoption, pr);
            }
        }
    }
}

/// 552: the decision to place for adoption must be on or before the start of
/// each placement with adopters (A3-A6).
fn r552(ctx: &Ctx, child: &Child, out: &mut Out) {
    placed_after(ctx, child, out, |e, r| {
        is_adoption_place(e.get(r, episodes::PLACE))
    });
}

/// 553: a placement order (LS E1) needs a record of the decision to place for
/// adoption: each E1 episode of a child with no placed-for-adoption row at
/// all is flagged.
fn r553(ctx: &Ctx, child: &Child, out: &mut Out) {
    if !child.rows(T::PlacedAdoption).is_empty() {
        return;
    }
    let e = ctx.t(T::Episodes);
    for &r in child.rows(T::Episodes) {
        if e.get(r, episodes::LS) == "E1" {
            out.flag(T::Episodes, r);
        }
    }
}

/// 554: the decision to place for adoption should be on or before the
/// placement order: each episode under a placement order (LS E1) that
/// starts before a DATE_PLACED is flagged with that row.
fn r554(ctx: &Ctx, child: &Child, out: &mut Out) {
    placed_after(ctx, child, out, |e, r| e.get(r, episodes::LS) == "E1");
}

/// 557: a child with a placement order (LS E1) or placed with adopters
/// (A3-A6) who left care other than by adoption (REC completed, not X1, E11
/// or E12) must have the reversal of the decision recorded: every placed-for-
/// adoption row lacking DATE_PLACED_CEASED or REASON_PLACED_CEASED is flagged
/// with the episode, and the episode alone when there is no such row.
fn r557(ctx: &Ctx, child: &Child, out: &mut Out) {
    let (e, p) = (ctx.t(T::Episodes), ctx.t(T::PlacedAdoption));
    let pa = child.rows(T::PlacedAdoption);
    let incomplete: Vec<usize> = pa
        .iter()
        .copied()
        .filter(|&r| {
            p.get(r, placed_adoption::DATE_PLACED_CEASED).is_empty()
                || p.get(r, placed_adoption::REASON_PLACED_CEASED).is_empty()
        })
        .collect();
    if !pa.is_empty() && incomplete.is_empty() {
        return;
    }
    for &r in child.rows(T::Episodes) {
        let rec = e.get(r, episodes::REC);
        let adoptive =
            e.get(r, episodes::LS) == "E1" || is_adoption_place(e.get(r, episodes::PLACE));
        if adoptive && !rec.is_empty() && rec != "X1" && !is_adopted(rec) {
            out.flag(T::Episodes, r);
            out.flag_all(T::PlacedAdoption, &incomplete);
        }
    }
}

/// 558: a child who was adopted (REC E11/E12) during the year should have no
/// date the decision to place for adoption ceased: the adoption episode is
/// flagged with each placed-for-adoption row that has one.
fn r558(ctx: &Ctx, child: &Child, out: &mut Out) {
    let (e, p) = (ctx.t(T::Episodes), ctx.t(T::PlacedAdoption));
    let ceased: Vec<usize> = child
        .rows(T::PlacedAdoption)
        .iter()
        .copied()
        .filter(|&r| !p.get(r, placed_adoption::DATE_PLACED_CEASED).is_empty())
        .collect();
    if ceased.is_empty() {
        return;
    }
    for &r in child.rows(T::Episodes) {
        if adopted_in_year(ctx, e, r) {
            out.flag(T::Episodes, r);
            out.flag_all(T::PlacedAdoption, &ceased);
        }
    }
}

/// Last year's placed-for-adoption rows of the child.
fn prev_pa<'a, 'c>(ctx: &Ctx<'a>, child: &'c Child) -> Option<(&'a Table, &'c [usize])> {
    let t = ctx.p(T::PlacedAdoption)?;
    Some((t, child.prev_rows(T::PlacedAdoption)))
}

/// 559: a decision to place for adoption dated before this year must have
/// been reported last year: flagged when last year's return has no valid
/// DATE_PLACED for the child.
fn r559(ctx: &Ctx, child: &Child, out: &mut Out) {
    let p = ctx.t(T::PlacedAdoption);
    let Some((pt, prev)) = prev_pa(ctx, child) else {
        return;
    };
    let reported = prev
        .iter()
        .any(|&r| d(pt, r, placed_adoption::DATE_PLACED).is_some());
    if reported {
        return;
    }
    for &r in child.rows(T::PlacedAdoption) {
        if d(p, r, placed_adoption::DATE_PLACED).is_some_and(|x| x < ctx.start) {
            out.flag(T::PlacedAdoption, r);
        }
    }
}

/// 560: last year's decision to place for adoption was still standing (no
/// DATE_PLACED_CEASED) but this year's DATE_PLACED differs from it. A blank
/// DATE_PLACED this year differs from any date.
fn r560(ctx: &Ctx, child: &Child, out: &mut Out) {
    let p = ctx.t(T::PlacedAdoption);
    let Some((pt, prev)) = prev_pa(ctx, child) else {
        return;
    };
    let standing: Vec<Date> = prev
        .iter()
        .filter(|&&r| pt.get(r, placed_adoption::DATE_PLACED_CEASED).is_empty())
        .filter_map(|&r| d(pt, r, placed_adoption::DATE_PLACED))
        .collect();
    for &r in child.rows(T::PlacedAdoption) {
        let cur = d(p, r, placed_adoption::DATE_PLACED);
        if standing.iter().any(|&old| cur != Some(old)) {
            out.flag(T::PlacedAdoption, r);
        }
    }
}

/// 561: this year's DATE_PLACED repeats last year's, but last year recorded
/// that the decision had ceased (a date or a reason).
fn r561(ctx: &Ctx, child: &Child, out: &mut Out) {
    let p = ctx.t(T::PlacedAdoption);
    let Some((pt, prev)) = prev_pa(ctx, child) else {
        return;
    };
    let ceased: Vec<Date> = prev
        .iter()
        .filter(|&&r| {
            !pt.get(r, placed_adoption::DATE_PLACED_CEASED).is_empty()
                || !pt.get(r, placed_adoption::REASON_PLACED_CEASED).is_empty()
        })
        .filter_map(|&r| d(pt, r, placed_adoption::DATE_PLACED))
        .collect();
    for &r in child.rows(T::PlacedAdoption) {
        if d(p, r, placed_adoption::DATE_PLACED).is_some_and(|cur| ceased.contains(&cur)) {
            out.flag(T::PlacedAdoption, r);
        }
    }
}

/// 584: this year's DATE_PLACED differs from last year's, and last year's
/// decision had ceased (DATE_PLACED_CEASED completed), yet this year's date
/// is not after the date it ceased.
fn r584(ctx: &Ctx, child: &Child, out: &mut Out) {
    let p = ctx.t(T::PlacedAdoption);
    let Some((pt, prev)) = prev_pa(ctx, child) else {
        return;
    };
    for &r in child.rows(T::PlacedAdoption) {
        let Some(cur) = d(p, r, placed_adoption::DATE_PLACED) else {
            continue;
        };
        let bad = prev.iter().any(|&pr| {
            match (
                d(pt, pr, placed_adoption::DATE_PLACED),
                d(pt, pr, placed_adoption::DATE_PLACED_CEASED),
            ) {
                (Some(old), Some(ceased)) => old != cur && cur <= ceased,
                _ => false,
            }
        });
        if bad {
            out.flag(T::PlacedAdoption, r);
        }
    }
}

/// 562: an episode that started before this year must continue one reported
/// last year: the child's earliest episode this year, when it starts before
/// 1 April, must have the same start as the latest episode in last year's
/// return (or the child had none last year).
fn r562(ctx: &Ctx, child: &Child, out: &mut Out) {
    let e = ctx.t(T::Episodes);
    let Some(pe) = ctx.p(T::Episodes) else {
        return;
    };
    let mut first: Option<(Date, usize)> = None;
    for &r in child.rows(T::Episodes) {
        if let Some(decom) = d(e, r, episodes::DECOM) {
            if first.is_none_or(|(best, _)| decom < best) {
                first = Some((decom, r));
            }
        }
    }
    let Some((decom, row)) = first else {
        return;
    };
    if decom >= ctx.start {
        return;
    }
    let last_prev = child
        .prev_rows(T::Episodes)
        .iter()
        .filter_map(|&r| d(pe, r, episodes::DECOM))
        .max();
    if last_prev != Some(decom) {
        out.flag(T::Episodes, row);
    }
}

/// 563: a decision that the child should no longer be placed for adoption
/// (both the date and the reason completed) needs the decision itself:
/// DATE_PLACED must not be blank.
fn r563(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::PlacedAdoption, |p, r| {
        p.get(r, placed_adoption::DATE_PLACED).is_empty()
            && !p.get(r, placed_adoption::DATE_PLACED_CEASED).is_empty()
            && !p.get(r, placed_adoption::REASON_PLACED_CEASED).is_empty()
    });
}

/// The placed-for-adoption rows in order of DATE_PLACED (blank or bad dates
/// last), file order among equals.
fn pa_by_date(p: &Table, rows: &[usize]) -> Vec<(Option<Date>, usize)> {
    let mut v: Vec<(Option<Date>, usize)> = rows
        .iter()
        .map(|&r| (d(p, r, placed_adoption::DATE_PLACED), r))
        .collect();
    v.sort_by_key(|&(x, _)| (x.is_none(), x));
    v
}

/// 579: decisions to place for adoption must not overlap: in date order, a
/// decision is flagged when the one before it has not ceased, or ceased
/// after it was made.
fn r579(ctx: &Ctx, child: &Child, out: &mut Out) {
    let p = ctx.t(T::PlacedAdoption);
    let v = pa_by_date(p, child.rows(T::PlacedAdoption));
    for w in v.windows(2) {
        let [(_, before), (placed, r)] = w else {
            continue;
        };
        let ceased = p.get(*before, placed_adoption::DATE_PLACED_CEASED);
        let overlaps = if ceased.is_empty() {
            true
        } else {
            match (placed, d(p, *before, placed_adoption::DATE_PLACED_CEASED)) {
                (Some(placed), Some(ceased)) => *placed < ceased,
                _ => false,
            }
        };
        if overlaps {
            out.flag(T::PlacedAdoption, *r);
        }
    }
}

/// 583: of several decisions to place for adoption, every one but the
/// latest must have been revoked (DATE_PLACED_CEASED completed).
fn r583(ctx: &Ctx, child: &Child, out: &mut Out) {
    let p = ctx.t(T::PlacedAdoption);
    let rows = child.rows(T::PlacedAdoption);
    if rows.len() < 2 {
        return;
    }
    let mut latest: Option<(Date, usize)> = None;
    for &r in rows {
        if let Some(x) = d(p, r, placed_adoption::DATE_PLACED) {
            if latest.is_none_or(|(best, _)| x > best) {
                latest = Some((x, r));
            }
        }
    }
    for &r in rows {
        if latest.is_some_and(|(_, lr)| lr == r) {
            continue;
        }
        if p.get(r, placed_adoption::DATE_PLACED_CEASED).is_empty() {
            out.flag(T::PlacedAdoption, r);
        }
    }
}

// ---------------------------------------------------------------- missing

fn mis(t: &Table, r: usize) -> (&str, Option<Date>, Option<Date>) {
    (
        t.get(r, missing::MISSING),
        d(t, r, missing::MIS_START),
        d(t, r, missing::MIS_END),
    )
}

/// 564: a missing or away period (MISSING completed) needs a start date.
fn r564(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Missing, |t, r| {
        !t.get(r, missing::MISSING).is_empty() && t.get(r, missing::MIS_START).is_empty()
    });
}

/// 565: a start date needs MISSING completed.
fn r565(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Missing, |t, r| {
        t.get(r, missing::MISSING).is_empty() && !t.get(r, missing::MIS_START).is_empty()
    });
}

/// 566: an end date needs MISSING completed.
fn r566(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Missing, |t, r| {
        t.get(r, missing::MISSING).is_empty() && !t.get(r, missing::MIS_END).is_empty()
    });
}

/// 567: a missing period cannot end before it starts.
fn r567(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(T::Missing);
    for &r in child.rows(T::Missing) {
        if let (_, Some(s), Some(e)) = mis(t, r) {
            if e < s {
                out.flag(T::Missing, r);
            }
        }
    }
}

/// 570: a missing period cannot start after the end of the year.
fn r570(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Missing, |t, r| {
        mis(t, r).1.is_some_and(|s| s > ctx.end)
    });
}

/// 571: a missing period's end must fall within the collection year.
fn r571(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Missing, |t, r| {
        mis(t, r).2.is_some_and(|e| !in_year(ctx, e))
    });
}

/// 574: missing periods must not overlap. As the sector's validator reads
/// it: the periods are put in order of end date (open periods first, file
/// order among equals) and a period is flagged when the one before it is
/// open or ends after it starts.
fn r574(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(T::Missing);
    let mut v: Vec<(Option<Date>, Option<Date>, usize)> = child
        .rows(T::Missing)
        .iter()
        .map(|&r| {
            let (_, s, e) = mis(t, r);
            (e, s, r)
        })
        .collect();
    v.sort_by_key(|&(e, _, _)| (e.is_some(), e));
    for w in v.windows(2) {
        let [(prev_end, _, _), (_, start, r)] = w else {
            continue;
        };
        let overlaps = match prev_end {
            None => true,
            Some(pe) => start.is_some_and(|s| s < *pe),
        };
        if overlaps {
            out.flag(T::Missing, *r);
        }
    }
}

/// The child's episodes with a valid DECOM, as (DECOM, DEC if valid, row).
fn spans(ctx: &Ctx, child: &Child) -> Vec<(Date, Option<Date>, usize)> {
    let e = ctx.t(T::Episodes);
    child
        .rows(T::Episodes)
        .iter()
        .filter_map(|&r| d(e, r, episodes::DECOM).map(|s| (s, d(e, r, episodes::DEC), r)))
        .collect()
}

/// 575: a missing period that starts during an episode (an open episode runs
/// to 31 March) must have an end date.
fn r575(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(T::Missing);
    let sp = spans(ctx, child);
    for &r in child.rows(T::Missing) {
        let (_, Some(s), None) = mis(t, r) else {
            continue;
        };
        if !t.get(r, missing::MIS_END).is_empty() {
            continue;
        }
        if sp
            .iter()
            .any(|&(a, b, _)| a <= s && s <= b.unwrap_or(ctx.end))
        {
            out.flag(T::Missing, r);
        }
    }
}

/// 577: a missing period must end while the child is looked after. The
/// episode in effect at its end (the latest to start on or before MIS_END)
/// must exist and not have ended before it (an open episode runs to 31
/// March), and it must not end after the DEC of the last episode to start.
/// A blank or bad end is flagged; periods with a blank or bad start
/// are not checked, nor children with no episodes.
fn r577(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(T::Missing);
    let e = ctx.t(T::Episodes);
    let sp = spans(ctx, child);
    if child.rows(T::Episodes).is_empty() {
        return;
    }
    let filled = |b: Option<Date>, er: usize| {
        if e.get(er, episodes::DEC).is_empty() {
            Some(ctx.end)
        } else {
            b
        }
    };
    // The DEC of the last episode to start (an open one: 31 March).
    let last_dec = sp
        .iter()
        .enumerate()
        .max_by_key(|&(i, &(a, _, _))| (a, std::cmp::Reverse(i)))
        .and_then(|(_, &(_, b, er))| filled(b, er));
    for &r in child.rows(T::Missing) {
        let (_, Some(_), end) = mis(t, r) else {
            continue;
        };
        let ok = end.is_some_and(|end| {
            if last_dec.is_some_and(|dec| end > dec) {
                return false;
            }
            let mut in_effect: Option<(Date, Option<Date>, usize)> = None;
            for &(a, b, er) in &sp {
                if a <= end && in_effect.is_none_or(|(best, _, _)| a > best) {
                    in_effect = Some((a, b, er));
                }
            }
            in_effect.is_some_and(|(_, b, er)| filled(b, er).is_some_and(|dec| end <= dec))
        });
        if !ok {
            out.flag(T::Missing, r);
        }
    }
}

/// 578: a missing period cannot start when the child is not looked after.
/// With the episodes in order of DECOM, the start is flagged when it is
/// before the first episode, after the DEC of the last one, or in a gap
/// between one episode's DEC and the next one's DECOM (an episode with no
/// valid DEC leaves no gap). Bad or blank starts are not checked.
fn r578(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(T::Missing);
    let mut sp = spans(ctx, child);
    if sp.is_empty() {
        return;
    }
    sp.sort_by_key(|&(a, _, r)| (a, r));
    let (Some(first), Some(last)) = (sp.first(), sp.last()) else {
        return;
    };
    for &r in child.rows(T::Missing) {
        let Some(s) = mis(t, r).1 else {
            continue;
        };
        let in_gap = sp.windows(2).any(|w| match w {
            [(_, Some(dec), _), (next, _, _)] => *dec < s && s < *next,
            _ => false,
        });
        if s < first.0 || last.1.is_some_and(|dec| s > dec) || in_gap {
            out.flag(T::Missing, r);
        }
    }
}

/// 580: a child missing when they ceased to be looked after (a missing
/// period started by, and still open at, the DEC of an episode that ended
/// care: REC completed and not X1) should have REC E8.
fn r580(ctx: &Ctx, child: &Child, out: &mut Out) {
    let (t, e) = (ctx.t(T::Missing), ctx.t(T::Episodes));
    for &er in child.rows(T::Episodes) {
        let rec = e.get(er, episodes::REC);
        if rec.is_empty() || rec == "X1" || rec == "E8" {
            continue;
        }
        let Some(dec) = d(e, er, episodes::DEC) else {
            continue;
        };
        for &r in child.rows(T::Missing) {
            let (_, s, end) = mis(t, r);
            if s.is_some_and(|s| s <= dec) && end.is_none_or(|end| end > dec) {
                out.flag(T::Episodes, er);
                out.flag(T::Missing, r);
            }
        }
    }
}

/// 581: a missing period must start within an episode (an open one runs to
/// 31 March); a blank or bad start is flagged. Children with no episodes
/// are not checked.
fn r581(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(T::Missing);
    let sp = spans(ctx, child);
    if child.rows(T::Episodes).is_empty() {
        return;
    }
    for &r in child.rows(T::Missing) {
        let within = mis(t, r).1.is_some_and(|s| {
            sp.iter()
                .any(|&(a, b, _)| a <= s && s <= b.unwrap_or(ctx.end))
        });
        if !within {
            out.flag(T::Missing, r);
        }
    }
}

/// 586: a missing period cannot start before the child's date of birth (the
/// Missing row's own DOB).
fn r586(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(T::Missing);
    for &r in child.rows(T::Missing) {
        if let (Some(s), Some(dob)) = (mis(t, r).1, d(t, r, missing::DOB)) {
            if s < dob {
                out.flag(T::Missing, r);
            }
        }
    }
}

/// 576: a missing period open at the end of last year (blank MIS_END, valid
/// MIS_START) must appear again this year with the same start date. When
/// none does, the child's earliest-starting missing row this year is
/// flagged (nothing is flagged for a child with no missing rows this year).
fn r576(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(T::Missing);
    let Some(pt) = ctx.p(T::Missing) else {
        return;
    };
    let rows = child.rows(T::Missing);
    let starts: Vec<Option<Date>> = rows.iter().map(|&r| mis(t, r).1).collect();
    let lost = child.prev_rows(T::Missing).iter().any(|&pr| {
        pt.get(pr, missing::MIS_END).is_empty()
            && d(pt, pr, missing::MIS_START).is_some_and(|ps| !starts.contains(&Some(ps)))
    });
    if !lost {
        return;
    }
    // The earliest valid start (blank or bad starts last), file order among
    // equals.
    let first = rows
        .iter()
        .zip(&starts)
        .min_by_key(|&(&r, s)| (s.is_none(), *s, r))
        .map(|(&r, _)| r);
    if let Some(r) = first {
        out.flag(T::Missing, r);
    }
}

// ---------------------------------------------------------------- adoption (AD1)

/// Whether an episode ended in adoption within the year (REC E11/E12 and a
/// DEC in the year).
fn adopted_in_year(ctx: &Ctx, e: &Table, r: usize) -> bool {
    is_adopted(e.get(r, episodes::REC)) && d(e, r, episodes::DEC).is_some_and(|x| in_year(ctx, x))
}

/// 582: a child adopted (REC E11/E12) on the same day as matched with the
/// adopters (AD1 DATE_MATCH = DEC) is queried: the episode is flagged.
fn r582(ctx: &Ctx, child: &Child, out: &mut Out) {
    let (a, e) = (ctx.t(T::Ad1), ctx.t(T::Episodes));
    let matches: Vec<Date> = child
        .rows(T::Ad1)
        .iter()
        .filter_map(|&r| d(a, r, ad1::DATE_MATCH))
        .collect();
    for &r in child.rows(T::Episodes) {
        if is_adopted(e.get(r, episodes::REC))
            && d(e, r, episodes::DEC).is_some_and(|dec| matches.contains(&dec))
        {
            out.flag(T::Episodes, r);
        }
    }
}

/// 601: a child adopted during the year needs every AD1 field: an AD1 row
/// with a blank field is flagged with the adoption episode. (A child with no
/// AD1 row at all is not flagged by this rule.)
fn r601(ctx: &Ctx, child: &Child, out: &mut Out) {
    let (a, e) = (ctx.t(T::Ad1), ctx.t(T::Episodes));
    let fields = AD1_ITEMS;
    let incomplete: Vec<usize> = child
        .rows(T::Ad1)
        .iter()
        .copied()
        .filter(|&r| fields.iter().any(|&f| a.get(r, f).is_empty()))
        .collect();
    if incomplete.is_empty() {
        return;
    }
    for &r in child.rows(T::Episodes) {
        if adopted_in_year(ctx, e, r) {
            out.flag(T::Episodes, r);
            out.flag_all(T::Ad1, &incomplete);
        }
    }
}

/// 602: adoption details (AD1) are only for a child adopted during the
/// year: an AD1 row with any field completed is flagged when no episode has
/// REC E11/E12 with a DEC in the year or blank (a DEC that does not parse
/// does not count).
fn r602(ctx: &Ctx, child: &Child, out: &mut Out) {
    let (a, e) = (ctx.t(T::Ad1), ctx.t(T::Episodes));
    let adopted = child.rows(T::Episodes).iter().any(|&r| {
        is_adopted(e.get(r, episodes::REC))
            && (e.get(r, episodes::DEC).is_empty() || adopted_in_year(ctx, e, r))
    });
    if adopted {
        return;
    }
    for &r in child.rows(T::Ad1) {
        if AD1_ITEMS.iter().any(|&f| !a.get(r, f).is_empty()) {
            out.flag(T::Ad1, r);
        }
    }
}

// ---------------------------------------------------------------- motherhood

/// 607: a girl (SEX F) who ceased to be looked after in the year must have
/// MOTHER completed. An episode counts when its DEC is in the year, REC is
/// completed and not X1, and its legal status is not short breaks (V3/V4);
/// each such episode is flagged with the header.
fn r607(ctx: &Ctx, child: &Child, out: &mut Out) {
    let (h, e) = (ctx.t(T::Header), ctx.t(T::Episodes));
    let heads: Vec<usize> = child
        .rows(T::Header)
        .iter()
        .copied()
        .filter(|&r| h.get(r, header::SEX) == "F" && h.get(r, header::MOTHER).is_empty())
        .collect();
    if heads.is_empty() {
        return;
    }
    for &r in child.rows(T::Episodes) {
        let rec = e.get(r, episodes::REC);
        if d(e, r, episodes::DEC).is_some_and(|x| in_year(ctx, x))
            && !rec.is_empty()
            && rec != "X1"
            && !is_short_break(e.get(r, episodes::LS))
        {
            out.flag(T::Episodes, r);
            out.flag_all(T::Header, &heads);
        }
    }
}

/// 611: a mother (MOTHER = 1) needs her first child's date of birth.
fn r611(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Header, |h, r| {
        h.get(r, header::MOTHER) == "1" && h.get(r, header::MC_DOB).is_empty()
    });
}

/// 612: a girl (SEX F) with her child's date of birth completed must be
/// recorded as a mother (MOTHER = 1).
fn r612(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Header, |h, r| {
        h.get(r, header::SEX) == "F"
            && !h.get(r, header::MC_DOB).is_empty()
            && h.get(r, header::MOTHER) != "1"
    });
}

/// 620: a mother (MOTHER = 1) must be at least 11 at the start of the year.
fn r620(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Header, |h, r| {
        h.get(r, header::MOTHER) == "1"
            && d(h, r, header::DOB).is_some_and(|dob| age_on(dob, ctx.start) < 11)
    });
}

/// 621: the mother's child must be born after her: a valid MC_DOB on or
/// before the DOB is flagged, and so is one beside a missing or bad DOB.
fn r621(ctx: &Ctx, child: &Child, out: &mut Out) {
    let h = ctx.t(T::Header);
    for &r in child.rows(T::Header) {
        if let Some(mc) = d(h, r, header::MC_DOB) {
            if d(h, r, header::DOB).is_none_or(|dob| mc <= dob) {
                out.flag(T::Header, r);
            }
        }
    }
}

/// 624: the first child's date of birth must match last year's, when last
/// year had one (compared as written; a blank this year differs).
fn r624(ctx: &Ctx, child: &Child, out: &mut Out) {
    let h = ctx.t(T::Header);
    let Some(ph) = ctx.p(T::Header) else {
        return;
    };
    let prev: Vec<&str> = child
        .prev_rows(T::Header)
        .iter()
        .map(|&r| ph.get(r, header::MC_DOB))
        .filter(|s| !s.is_empty())
        .collect();
    for &r in child.rows(T::Header) {
        let cur = h.get(r, header::MC_DOB);
        if prev.iter().any(|&p| p != cur) {
            out.flag(T::Header, r);
        }
    }
}

/// 625: the first child's date of birth cannot be after 31 March, nor after
/// the child ceased to be looked after. The episode compared is the one with
/// the latest DEC (an open one counts as 31 March; the first of equals);
/// it is flagged with the header. Children with no episodes are not checked.
fn r625(ctx: &Ctx, child: &Child, out: &mut Out) {
    let (h, e) = (ctx.t(T::Header), ctx.t(T::Episodes));
    let mut latest: Option<(Date, usize)> = None;
    for &r in child.rows(T::Episodes) {
        let dec = if e.get(r, episodes::DEC).is_empty() {
            Some(ctx.end)
        } else {
            d(e, r, episodes::DEC)
        };
        if let Some(dec) = dec {
            if latest.is_none_or(|(best, _)| dec > best) {
                latest = Some((dec, r));
            }
        }
    }
    let Some((dec, er)) = latest else {
        return;
    };
    for &r in child.rows(T::Header) {
        if d(h, r, header::MC_DOB).is_some_and(|mc| mc > ctx.end || mc > dec) {
            out.flag(T::Header, r);
            out.flag(T::Episodes, er);
        }
    }
}

/// 626: a mother whose first child was born before this year was recorded
/// as not a mother (MOTHER = 0) last year.
fn r626(ctx: &Ctx, child: &Child, out: &mut Out) {
    let h = ctx.t(T::Header);
    let Some(ph) = ctx.p(T::Header) else {
        return;
    };
    let was_not = child
        .prev_rows(T::Header)
        .iter()
        .any(|&r| ph.get(r, header::MOTHER) == "0");
    if !was_not {
        return;
    }
    for &r in child.rows(T::Header) {
        if h.get(r, header::MOTHER) == "1"
            && d(h, r, header::MC_DOB).is_some_and(|mc| mc < ctx.start)
        {
            out.flag(T::Header, r);
        }
    }
}

/// 628: a care leaver (in OC3) who was not looked after during the year (no
/// episodes in the return) should not have MOTHER completed.
fn r628(ctx: &Ctx, child: &Child, out: &mut Out) {
    if child.rows(T::Oc3).is_empty() || !child.rows(T::Episodes).is_empty() {
        return;
    }
    let h = ctx.t(T::Header);
    for &r in child.rows(T::Header) {
        if !h.get(r, header::MOTHER).is_empty() {
            out.flag(T::Header, r);
        }
    }
}

// ---------------------------------------------------------------- previous permanence

/// 630: a child starting a new period of care (RNE S) this year, or later,
/// needs previous permanence information: each such episode is flagged
/// when the child has no PrevPerm row or one whose PREV_PERM is not a
/// valid code (P1-P4, Z1; blank included).
fn r630(ctx: &Ctx, child: &Child, out: &mut Out) {
    let (e, pp) = (ctx.t(T::Episodes), ctx.t(T::PrevPerm));
    let rows = child.rows(T::PrevPerm);
    let missing = rows.is_empty()
        || rows.iter().any(|&r| {
            !matches!(
                pp.get(r, prev_perm::PREV_PERM),
                "P1" | "P2" | "P3" | "P4" | "Z1"
            )
        });
    if !missing {
        return;
    }
    for &r in child.rows(T::Episodes) {
        if e.get(r, episodes::RNE) == "S"
            && d(e, r, episodes::DECOM).is_some_and(|x| x >= ctx.start)
        {
            out.flag(T::Episodes, r);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::test_support::{f, ret};
    use super::*;
    use crate::ssda903::Return903;

    /// Runs one rule and gives back (child, table, row) for each finding.
    fn run(
        code: &str,
        cur: &Return903,
        prev: Option<&Return903>,
    ) -> Vec<(String, &'static str, i64)> {
        super::super::common::test_support::run_one(RULES, code, cur, prev)
    }

    const EP: &str = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n";
    const PA: &str = "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n";
    const MIS: &str = "CHILD,DOB,MISSING,MIS_START,MIS_END\n";
    const HDR: &str = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n";
    const OC2: &str = "CHILD,DOB,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE\n";
    const AD1: &str = "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\n";

    #[test]
    fn adopters_genders_follow_their_legal_status() {
        let r = ret(&[(
            "ad1.csv",
            &format!("{AD1}1,,,,,,FF,L3\n2,,,,,,MF,L3\n3,,,,,,MF,L4\n4,,,,,,M1,L2\n5,,,,,,MM,L11\n6,,,,,,MF,L12\n"),
        )]);
        assert_eq!(run("517", &r, None), vec![f("1", "AD1", 0)]);
        assert_eq!(run("518", &r, None), vec![f("3", "AD1", 2)]);
        assert_eq!(run("519", &r, None), vec![f("4", "AD1", 3)]);
        assert_eq!(run("520", &r, None), vec![f("5", "AD1", 4)]);
        assert_eq!(run("524", &r, None), vec![f("6", "AD1", 5)]);
    }

    #[test]
    fn providers_match_placements() {
        let r = ret(&[(
            "episodes.csv",
            &format!(
                "{EP}1,01/05/2025,S,C2,N1,P1,PR1,,\n1,01/06/2025,S,C2,N1,U1,PR1,,\n\
                 2,01/05/2025,S,C2,N1,A5,PR3,,\n3,01/05/2025,S,C2,N1,U1,PR0,,\n\
                 3,01/06/2025,S,C2,N1,P1,PR0,,\n4,01/05/2025,S,C2,N1,T1,,,\n5,01/05/2025,S,C2,N1,U2,,,\n"
            ),
        )]);
        assert_eq!(run("527", &r, None), vec![f("1", "Episodes", 0)]);
        assert_eq!(run("529", &r, None), vec![f("2", "Episodes", 2)]);
        assert_eq!(run("550", &r, None), vec![f("3", "Episodes", 3)]);
        // A temporary placement needs no provider; any other does.
        assert_eq!(run("526", &r, None), vec![f("5", "Episodes", 6)]);
    }

    #[test]
    fn oc2_ages_use_the_oc2_dob_and_the_tenth_birthday_on_31_march_is_not_yet_ten() {
        let eps = format!("{EP}1,01/01/2024,S,C2,N1,U1,PR1,,\n2,01/01/2024,S,C2,N1,U1,PR1,,\n3,01/01/2024,S,C2,N1,U1,PR1,,\n");
        let oc2 = format!(
            "{OC2}1,31/03/2016,,,1,1,1,1\n2,30/03/2016,,,1,1,1,1\n3,01/04/2016,0,,1,1,1,1\n"
        );
        let r = ret(&[("episodes.csv", &eps), ("oc2.csv", &oc2)]);
        assert_eq!(run("543", &r, None), vec![f("2", "OC2", 1)]);
        // Under 10 at 31 March: any conviction value is flagged, 0 included.
        assert_eq!(run("542", &r, None), vec![f("3", "OC2", 2)]);
    }

    #[test]
    fn twelve_months_care_is_broken_by_a_new_period_a_short_break_or_leaving_care() {
        let eps = format!(
            "{EP}1,01/01/2024,S,C2,N1,U1,PR1,01/06/2025,X1\n1,01/06/2025,L,C2,N1,U1,PR1,,\n\
             2,01/01/2024,S,C2,N1,U1,PR1,01/06/2025,X1\n2,01/06/2025,S,C2,N1,U1,PR1,,\n\
             3,01/01/2024,S,V3,N1,U1,PR1,01/06/2025,X1\n3,01/06/2025,L,C2,N1,U1,PR1,,\n\
             4,01/01/2024,S,C2,N1,U1,PR1,31/03/2026,E4\n5,01/01/2024,S,C2,N1,U1,PR1,30/03/2026,E4\n"
        );
        let oc2 = format!("{OC2}1,01/01/2015,,1,1,1,1,1\n2,01/01/2015,,1,1,1,1,1\n3,01/01/2015,,1,1,1,1,1\n4,01/01/2015,,1,1,1,1,1\n5,01/01/2015,,1,1,1,1,1\n");
        let r = ret(&[("episodes.csv", &eps), ("oc2.csv", &oc2)]);
        assert_eq!(
            run("546", &r, None),
            vec![f("1", "OC2", 0), f("4", "OC2", 3)]
        );
    }

    #[test]
    fn health_fields_are_needed_after_a_conviction_or_health_check_of_1() {
        let oc2 = format!(
            "{OC2}1,01/01/2012,1,,,1,1,1\n2,01/01/2012,0,,,1,1,1\n3,01/01/2022,,1,1,,1,1\n"
        );
        let r = ret(&[("oc2.csv", &oc2)]);
        assert_eq!(run("544", &r, None), vec![f("1", "OC2", 0)]);
        assert_eq!(run("547", &r, None), vec![f("3", "OC2", 2)]);
    }

    #[test]
    fn placed_for_adoption_dates_are_compared_pairwise() {
        let eps = format!(
            "{EP}1,01/05/2025,S,E1,N1,A5,PR1,01/08/2025,X1\n1,01/08/2025,L,E1,N1,A6,PR1,,\n\
             2,01/06/2025,S,E1,N1,A5,PR1,,\n3,01/06/2025,S,E1,N1,U1,PR1,,\n"
        );
        let pa = format!("{PA}1,,01/07/2025,,\n2,,01/05/2025,,\n");
        let r = ret(&[("episodes.csv", &eps), ("placed_for_adoption.csv", &pa)]);
        assert_eq!(
            run("552", &r, None),
            vec![f("1", "Episodes", 0), f("1", "PlacedAdoption", 0)]
        );
        assert_eq!(
            run("554", &r, None),
            vec![f("1", "Episodes", 0), f("1", "PlacedAdoption", 0)]
        );
        // Child 3 has an E1 episode and no placed-for-adoption row at all.
        assert_eq!(run("553", &r, None), vec![f("3", "Episodes", 3)]);
        assert_eq!(run("551", &r, None), vec![]);
    }

    #[test]
    fn reversal_is_needed_when_a_child_leaves_care_unadopted() {
        let eps = format!(
            "{EP}1,01/05/2025,S,E1,N1,U1,PR1,01/10/2025,E4\n2,01/05/2025,S,E1,N1,U1,PR1,01/10/2025,E11\n\
             3,01/05/2025,S,E1,N1,U1,PR1,01/10/2025,E4\n"
        );
        let pa = format!("{PA}1,,01/04/2025,01/05/2025,RD1\n1,,01/06/2025,,\n2,,01/06/2025,,\n3,,01/06/2025,01/09/2025,RD1\n");
        let r = ret(&[("episodes.csv", &eps), ("placed_for_adoption.csv", &pa)]);
        assert_eq!(
            run("557", &r, None),
            vec![f("1", "Episodes", 0), f("1", "PlacedAdoption", 1)]
        );
    }

    #[test]
    fn overlapping_decisions_and_unrevoked_earlier_decisions() {
        let pa = format!(
            "{PA}1,,01/05/2025,,\n1,,01/07/2025,,\n\
             2,,01/05/2025,01/08/2025,RD1\n2,,01/07/2025,,\n\
             3,,01/05/2025,01/06/2025,RD1\n3,,01/07/2025,,\n"
        );
        let r = ret(&[("placed_for_adoption.csv", &pa)]);
        assert_eq!(
            run("579", &r, None),
            vec![f("1", "PlacedAdoption", 1), f("2", "PlacedAdoption", 3)]
        );
        assert_eq!(run("583", &r, None), vec![f("1", "PlacedAdoption", 0)]);
    }

    #[test]
    fn missing_periods_within_the_year_and_without_overlaps() {
        let mis = format!(
            "{MIS}1,,M,,01/06/2025\n2,,M,03/06/2025,02/06/2025\n3,,M,01/03/2026,01/04/2026\n\
             4,,M,01/05/2025,01/08/2025\n4,,M,05/05/2025,06/05/2025\n4,,M,10/05/2025,12/05/2025\n\
             5,,M,01/05/2025,10/05/2025\n5,,M,10/05/2025,20/05/2025\n"
        );
        let r = ret(&[("missing.csv", &mis)]);
        assert_eq!(run("564", &r, None), vec![f("1", "Missing", 0)]);
        assert_eq!(run("567", &r, None), vec![f("2", "Missing", 1)]);
        assert_eq!(run("571", &r, None), vec![f("3", "Missing", 2)]);
        // In end-date order the long period follows the short ones it spans.
        assert_eq!(run("574", &r, None), vec![f("4", "Missing", 3)]);
    }

    #[test]
    fn missing_periods_lie_within_care() {
        let eps = format!(
            "{EP}1,01/04/2025,S,C2,N1,U1,PR1,01/06/2025,E4\n1,01/08/2025,S,C2,N1,U1,PR1,,\n\
             2,01/04/2025,S,C2,N1,U1,PR1,01/06/2025,X1\n2,03/06/2025,L,C2,N1,U1,PR1,,\n"
        );
        let mis = format!(
            "{MIS}1,,M,01/05/2025,05/06/2025\n1,,M,01/07/2025,\n1,,M,01/09/2025,\n\
             2,,M,01/05/2025,05/06/2025\n2,,M,02/06/2025,02/06/2025\n"
        );
        let r = ret(&[("episodes.csv", &eps), ("missing.csv", &mis)]);
        // Ends after the episode it ended in, open, or in a gap.
        assert_eq!(
            run("577", &r, None),
            vec![
                f("1", "Missing", 0),
                f("1", "Missing", 1),
                f("1", "Missing", 2),
                f("2", "Missing", 4)
            ]
        );
        // Starts in a gap between episodes.
        assert_eq!(
            run("578", &r, None),
            vec![f("1", "Missing", 1), f("2", "Missing", 4)]
        );
        assert_eq!(
            run("581", &r, None),
            vec![f("1", "Missing", 1), f("2", "Missing", 4)]
        );
        // Open periods that started during an episode.
        assert_eq!(run("575", &r, None), vec![f("1", "Missing", 2)]);
    }

    #[test]
    fn a_child_missing_when_care_ends_needs_rec_e8() {
        let eps = format!("{EP}1,01/04/2025,S,C2,N1,U1,PR1,01/10/2025,E4\n2,01/04/2025,S,C2,N1,U1,PR1,01/10/2025,E8\n");
        let mis = format!("{MIS}1,,M,25/09/2025,\n2,,M,25/09/2025,\n");
        let r = ret(&[("episodes.csv", &eps), ("missing.csv", &mis)]);
        assert_eq!(
            run("580", &r, None),
            vec![f("1", "Episodes", 0), f("1", "Missing", 0)]
        );
    }

    #[test]
    fn adoption_details_go_with_an_adoption_in_the_year() {
        let eps = format!(
            "{EP}1,01/04/2025,S,E1,N1,A5,PR1,01/09/2025,E11\n2,01/04/2025,S,C2,N1,U1,PR1,,\n\
             3,01/04/2025,S,E1,N1,A5,PR1,,E11\n4,01/04/2025,S,C2,N1,U1,PR1,,\n"
        );
        let ad1 = format!("{AD1}1,,01/05/2025,,0,2,MF,L0\n2,,01/05/2025,01/06/2025,0,2,MF,L0\n3,,01/05/2025,01/06/2025,0,2,MF,L0\n4,,,,,,,\n");
        let r = ret(&[("episodes.csv", &eps), ("ad1.csv", &ad1)]);
        assert_eq!(
            run("601", &r, None),
            vec![f("1", "AD1", 0), f("1", "Episodes", 0)]
        );
        // A blank DEC with REC E11 counts as adopted; an all-blank AD1 row is ignored.
        assert_eq!(run("602", &r, None), vec![f("2", "AD1", 1)]);
    }

    #[test]
    fn motherhood_fields_agree() {
        let hdr = format!(
            "{HDR}1,F,01/01/2008,WBRI,,1,\n2,F,01/01/2008,WBRI,,0,01/01/2025\n3,M,01/01/2008,WBRI,,0,01/01/2025\n\
             4,F,02/04/2014,WBRI,,1,01/01/2025\n5,F,01/04/2014,WBRI,,1,01/01/2025\n6,F,01/01/2008,WBRI,,1,01/01/2008\n"
        );
        let r = ret(&[("header.csv", &hdr)]);
        assert_eq!(run("611", &r, None), vec![f("1", "Header", 0)]);
        assert_eq!(run("612", &r, None), vec![f("2", "Header", 1)]);
        // Under 11 at 1 April.
        assert_eq!(run("620", &r, None), vec![f("4", "Header", 3)]);
        // A child born on the mother's own birthday is flagged too.
        assert_eq!(run("621", &r, None), vec![f("6", "Header", 5)]);
    }

    #[test]
    fn a_girl_leaving_care_needs_mother_completed() {
        let hdr = format!(
            "{HDR}1,F,01/01/2008,WBRI,,,\n2,F,01/01/2008,WBRI,,,\n3,M,01/01/2008,WBRI,,,\n"
        );
        let eps = format!(
            "{EP}1,01/04/2024,S,C2,N1,U1,PR1,01/06/2025,X1\n1,01/06/2025,L,C2,N1,U1,PR1,01/10/2025,E4\n\
             2,01/04/2024,S,V3,N1,U1,PR1,01/10/2025,E4\n3,01/04/2024,S,C2,N1,U1,PR1,01/10/2025,E4\n"
        );
        let r = ret(&[("header.csv", &hdr), ("episodes.csv", &eps)]);
        assert_eq!(
            run("607", &r, None),
            vec![f("1", "Episodes", 1), f("1", "Header", 0)]
        );
    }

    #[test]
    fn first_child_born_after_care_ended_is_compared_with_the_latest_dec() {
        let hdr =
            format!("{HDR}1,F,01/01/2008,WBRI,,1,01/11/2025\n2,F,01/01/2008,WBRI,,1,01/11/2025\n");
        let eps = format!(
            "{EP}1,01/04/2024,S,C2,N1,U1,PR1,01/10/2025,E4\n\
             2,01/04/2024,S,C2,N1,U1,PR1,01/10/2025,E4\n2,01/12/2025,S,C2,N1,U1,PR1,,\n"
        );
        let r = ret(&[("header.csv", &hdr), ("episodes.csv", &eps)]);
        assert_eq!(
            run("625", &r, None),
            vec![f("1", "Episodes", 0), f("1", "Header", 0)]
        );
    }

    #[test]
    fn new_periods_of_care_need_previous_permanence() {
        let eps = format!("{EP}1,01/06/2025,S,C2,N1,U1,PR1,,\n2,01/06/2025,S,C2,N1,U1,PR1,,\n3,01/06/2025,P,C2,N1,U1,PR1,,\n");
        let pp = "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM\n2,,Z1,,\n";
        let r = ret(&[("episodes.csv", &eps), ("previous_permanence.csv", pp)]);
        assert_eq!(run("630", &r, None), vec![f("1", "Episodes", 0)]);
    }

    #[test]
    fn comparisons_with_last_year() {
        let cur = ret(&[
            ("placed_for_adoption.csv", &format!("{PA}1,,01/01/2025,,\n2,,01/02/2025,,\n3,,01/01/2025,,\n")),
            ("header.csv", &format!("{HDR}4,F,01/01/2007,WBRI,,1,02/01/2024\n5,F,01/01/2007,WBRI,,1,01/01/2025\n")),
            ("episodes.csv", &format!("{EP}6,01/01/2024,S,C2,N1,U1,PR1,01/01/2025,X1\n6,01/01/2025,L,C2,N1,U1,PR1,,\n")),
        ]);
        let prev = ret(&[
            (
                "placed_for_adoption.csv",
                &format!("{PA}2,,01/01/2025,,\n3,,01/01/2025,01/02/2025,\n"),
            ),
            (
                "header.csv",
                &format!("{HDR}4,F,01/01/2007,WBRI,,1,01/01/2024\n5,F,01/01/2007,WBRI,,0,\n"),
            ),
            (
                "episodes.csv",
                &format!("{EP}6,01/01/2025,S,C2,N1,U1,PR1,,\n"),
            ),
        ]);
        assert_eq!(
            run("559", &cur, Some(&prev)),
            vec![f("1", "PlacedAdoption", 0)]
        );
        assert_eq!(
            run("560", &cur, Some(&prev)),
            vec![f("2", "PlacedAdoption", 1)]
        );
        assert_eq!(
            run("561", &cur, Some(&prev)),
            vec![f("3", "PlacedAdoption", 2)]
        );
        assert_eq!(run("624", &cur, Some(&prev)), vec![f("4", "Header", 0)]);
        assert_eq!(run("626", &cur, Some(&prev)), vec![f("5", "Header", 1)]);
        // The earliest episode this year must start where last year's latest did.
        assert_eq!(run("562", &cur, Some(&prev)), vec![f("6", "Episodes", 0)]);
    }

    #[test]
    fn an_adopted_child_has_no_reversal_of_the_decision() {
        let eps = format!(
            "{EP}1,01/05/2025,S,E1,N1,A5,PR1,01/10/2025,E11\n2,01/05/2025,S,E1,N1,A5,PR1,01/10/2025,E12\n\
             3,01/05/2024,S,E1,N1,A5,PR1,01/10/2024,E12\n"
        );
        let pa = format!(
            "{PA}1,,01/04/2025,01/09/2025,RD1\n2,,01/04/2025,,\n3,,01/04/2024,01/09/2024,RD1\n"
        );
        let r = ret(&[("episodes.csv", &eps), ("placed_for_adoption.csv", &pa)]);
        // The sector's validator never raises 558; Hearth follows the rule text.
        assert_eq!(
            run("558", &r, None),
            vec![f("1", "Episodes", 0), f("1", "PlacedAdoption", 0)]
        );
    }

    #[test]
    fn a_new_decision_after_last_years_reversal_must_follow_it() {
        let cur = ret(&[(
            "placed_for_adoption.csv",
            &format!("{PA}1,,15/01/2025,,\n2,,01/03/2025,,\n3,,01/01/2025,01/02/2025,RD1\n"),
        )]);
        let prev = ret(&[(
            "placed_for_adoption.csv",
            &format!(
                "{PA}1,,01/01/2025,01/02/2025,RD1\n2,,01/01/2025,01/02/2025,RD1\n3,,01/01/2025,01/02/2025,RD1\n"
            ),
        )]);
        // Only child 1's new date falls before last year's reversal.
        assert_eq!(
            run("584", &cur, Some(&prev)),
            vec![f("1", "PlacedAdoption", 0)]
        );
    }

    #[test]
    fn adoption_decision_dates_agree_with_ad1() {
        let eps = format!("{EP}1,01/06/2025,S,E1,N1,A5,PR1,,\n2,01/06/2025,S,E1,N1,A5,PR1,,\n");
        let ad1 = format!("{AD1}1,,10/06/2025,,,,,\n2,,01/06/2025,,,,,\n");
        let pa = format!("{PA}1,,10/06/2025,,\n2,,02/06/2025,01/07/2025,RD1\n");
        let r = ret(&[
            ("episodes.csv", &eps),
            ("ad1.csv", &ad1),
            ("placed_for_adoption.csv", &pa),
        ]);
        assert_eq!(
            run("521", &r, None),
            vec![f("1", "AD1", 0), f("1", "Episodes", 0)]
        );
        assert_eq!(
            run("523", &r, None),
            vec![f("2", "AD1", 1), f("2", "PlacedAdoption", 1)]
        );
        assert_eq!(
            run("525", &r, None),
            vec![f("2", "AD1", 1), f("2", "PlacedAdoption", 1)]
        );
    }

    #[test]
    fn missing_fields_go_together_and_follow_birth() {
        let mis = format!(
            "{MIS}1,,,01/06/2025,02/06/2025\n2,,,,02/06/2025\n3,,M,01/04/2026,\n4,01/01/2020,M,01/05/2019,02/05/2019\n"
        );
        let r = ret(&[("missing.csv", &mis)]);
        assert_eq!(run("565", &r, None), vec![f("1", "Missing", 0)]);
        assert_eq!(
            run("566", &r, None),
            vec![f("1", "Missing", 0), f("2", "Missing", 1)]
        );
        assert_eq!(run("570", &r, None), vec![f("3", "Missing", 2)]);
        assert_eq!(run("586", &r, None), vec![f("4", "Missing", 3)]);
    }

    #[test]
    fn care_leavers_not_looked_after_need_no_motherhood_details() {
        let hdr = format!(
            "{HDR}1,F,01/01/2007,WBRI,,0,\n2,F,01/01/2007,WBRI,,,\n3,F,01/01/2007,WBRI,,1,\n"
        );
        let oc3 = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n1,,YES,F1,S\n2,,YES,F1,S\n3,,YES,F1,S\n";
        let eps = format!("{EP}3,01/04/2024,S,C2,N1,U1,PR1,01/10/2025,E4\n");
        let r = ret(&[
            ("header.csv", &hdr),
            ("oc3.csv", oc3),
            ("episodes.csv", &eps),
        ]);
        assert_eq!(run("628", &r, None), vec![f("1", "Header", 0)]);
    }
}
