//! 903 rules 101 to 199: code lists and date formats of each table, the
//! adoption and care leaver blocks, and the OC2 block for children looked
//! after for 12 months.
//!
//! Blank cells: a code or date rule flags a blank only where the item may not
//! be blank and no other rule covers it (each rule says which).

use super::common::{
    cla_12_months_strict, code_or_blank, code_required, date_or_blank, episodes_in_order, filled,
    flag_rows, is_adopted, is_short_break, partly_filled, AD1_ITEMS, OC2_ITEMS, OC2_REQUIRED,
    OC3_ITEMS,
};
use crate::ssda903::engine::{d, Child, Ctx, Out, Rule};
use crate::ssda903::{ad1, episodes, header, oc2, oc3, placed_adoption, reviews, uasc, T};
use crate::table::Table;
use crate::{date, upn};

macro_rules! rule {
    ($code:literal, [$($t:ident),*], $f:ident) => {
        Rule::child($code, &[$(T::$t),*], $f)
    };
}

pub const RULES: &[Rule] = &[
    rule!("101", [Header], r101),
    rule!("102", [Header], r102),
    rule!("103", [Header], r103),
    rule!("104", [Uasc], r104),
    rule!("112", [Ad1], r112),
    rule!("113", [Ad1], r113),
    rule!("114", [Ad1], r114),
    rule!("115", [PlacedAdoption], r115),
    rule!("116", [PlacedAdoption], r116),
    rule!("117", [Episodes, PlacedAdoption], r117),
    rule!("118", [Episodes, PlacedAdoption], r118),
    rule!("119", [PlacedAdoption], r119),
    rule!("120", [PlacedAdoption], r120),
    rule!("131", [Oc3], r131),
    rule!("132", [Oc3], r132),
    rule!("133", [Oc3], r133),
    rule!("134", [Ad1, Oc3], r134),
    rule!("141", [Episodes], r141),
    rule!("142", [Episodes], r142),
    rule!("143", [Episodes], r143),
    rule!("144", [Episodes], r144),
    rule!("145", [Episodes], r145),
    rule!("146", [Episodes], r146),
    rule!("147", [Episodes], r147),
    rule!("148", [Episodes], r148),
    rule!("149", [Episodes], r149),
    rule!("151", [Ad1], r151),
    rule!("153", [Oc3], r153),
    rule!("157", [Episodes, Oc2], r157),
    rule!("158", [Oc2], r158),
    rule!("159", [Oc2], r159),
    rule!("165", [Episodes, Header, Oc3], r165),
    rule!("166", [Reviews], r166),
    rule!("167", [Reviews], r167),
    rule!("168", [Header], r168),
    rule!("171", [Header], r171),
    rule!("174", [Header], r174),
    rule!("175", [Ad1], r175),
    rule!("176", [Ad1], r176),
    rule!("177", [Ad1], r177),
    rule!("178", [Episodes], r178),
    rule!("180", [Oc2], r180),
    rule!("181", [Oc2], r181),
    rule!("182", [Oc2], r182),
    rule!("184", [Header, PlacedAdoption], r184),
    rule!("185", [Episodes, Oc2], r185),
    rule!("186", [Episodes, Oc2], r186),
    rule!("187", [Ad1, Episodes, Oc3], r187),
    rule!("188", [Oc2], r188),
    rule!("189", [Oc2], r189),
    rule!("190", [Episodes, Oc2], r190),
    rule!("191", [Episodes, Oc2], r191),
    rule!("192", [Oc2], r192),
    rule!("193", [Oc2], r193),
    rule!("196", [Oc2], r196),
    rule!("197B", [Episodes, Oc2], r197b),
    rule!("197a", [Oc2], r197a),
    rule!("198", [Episodes, Oc2], r198),
    rule!("199", [Episodes], r199),
];

// ---------------------------------------------------------------- code lists

const ETHNIC: &[&str] = &[
    "WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN",
    "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
];
const RNE: &[&str] = &["S", "L", "P", "T", "B", "U"];
const LS: &[&str] = &[
    "C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1", "J2", "J3",
];
const CIN: &[&str] = &["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"];
/// Placement types of 2025/26: H5, P2 and Z1 went, K3 and Z11-Z14 came.
const PLACE: &[&str] = &[
    "A3", "A4", "A5", "A6", "K1", "K2", "K3", "P1", "P3", "R1", "R2", "R3", "R5", "S1", "T0", "T1",
    "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z11", "Z12", "Z13", "Z14",
];
const PLACE_PROVIDER: &[&str] = &["PR0", "PR1", "PR2", "PR3", "PR4", "PR5"];
const REC: &[&str] = &[
    "X1", "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48", "E5",
    "E6", "E7", "E9", "E14", "E15", "E16", "E17", "E8",
];
const IN_TOUCH: &[&str] = &["YES", "NO", "DIED", "REFU", "NREQ", "RHOM"];
const ACTIV: &[&str] = &[
    "F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0",
];
/// Accommodation after leaving care; S1 is no longer accepted.
const ACCOM: &[&str] = &[
    "B1", "B2", "C1", "C2", "D1", "D2", "E1", "E2", "G1", "G2", "H1", "H2", "K1", "K2", "R1", "R2",
    "S2", "T1", "T2", "U1", "U2", "V1", "V2", "W1", "W2", "X1", "X2", "Y1", "Y2", "Z1", "Z2", "0",
];
const REASON_PLACED_CEASED: &[&str] = &["RD1", "RD2", "RD3", "RD4"];
const REVIEW_CODE: &[&str] = &["PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"];
const SEX_ADOPTR: &[&str] = &["M1", "F1", "MM", "FF", "MF"];
const LS_ADOPTR: &[&str] = &["L0", "L11", "L12", "L2", "L3", "L4"];
const SDQ_REASON: &[&str] = &["SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5"];
const ZERO_ONE: &[&str] = &["0", "1"];

// ------------------------------------------------------------------- helpers

/// Age at the start and at the end of the collection year from a DOB cell.
fn ages(ctx: &Ctx, tb: &Table, r: usize, col: usize) -> Option<(i32, i32)> {
    let dob = d(tb, r, col)?;
    Some((date::age_on(dob, ctx.start), date::age_on(dob, ctx.end)))
}

// --------------------------------------------------------------------- rules

/// 101: the child's sex must be M, F or U (since 2024/25).
fn r101(ctx: &Ctx, child: &Child, out: &mut Out) {
    code_required(ctx, child, out, T::Header, header::SEX, &["M", "F", "U"]);
}

/// 102: the date of birth must be a valid date; a blank one is flagged too.
fn r102(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Header, |tb, r| {
        d(tb, r, header::DOB).is_none()
    });
}

/// 103: ethnicity must be one of the DfE codes; blank is flagged.
fn r103(ctx: &Ctx, child: &Child, out: &mut Out) {
    code_required(ctx, child, out, T::Header, header::ETHNIC, ETHNIC);
}

/// 104: the date UASC status ceased, when given, must be a valid date and
/// not before the collection year began.
fn r104(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Uasc, |tb, r| {
        let v = tb.get(r, uasc::DUC);
        !v.is_empty() && date::dmy(v).is_none_or(|duc| duc < ctx.start)
    });
}

/// 112: the date the child should be placed for adoption, when given, must
/// be a valid date.
fn r112(ctx: &Ctx, child: &Child, out: &mut Out) {
    date_or_blank(ctx, child, out, T::Ad1, ad1::DATE_INT);
}

/// 113: the date of matching, when given, must be a valid date.
fn r113(ctx: &Ctx, child: &Child, out: &mut Out) {
    date_or_blank(ctx, child, out, T::Ad1, ad1::DATE_MATCH);
}

/// 114: former carer status, when given, is 0 or 1.
fn r114(ctx: &Ctx, child: &Child, out: &mut Out) {
    code_or_blank(ctx, child, out, T::Ad1, ad1::FOSTER_CARE, ZERO_ONE);
}

/// 115: the date of the decision to place for adoption, when given, must be
/// a valid date.
fn r115(ctx: &Ctx, child: &Child, out: &mut Out) {
    date_or_blank(
        ctx,
        child,
        out,
        T::PlacedAdoption,
        placed_adoption::DATE_PLACED,
    );
}

/// 116: the date of the decision no longer to place for adoption, when
/// given, must be a valid date.
fn r116(ctx: &Ctx, child: &Child, out: &mut Out) {
    date_or_blank(
        ctx,
        child,
        out,
        T::PlacedAdoption,
        placed_adoption::DATE_PLACED_CEASED,
    );
}

/// 117: neither adoption decision date may fall after the collection year,
/// nor after the end of the child's latest episode (by start date, which
/// must be valid) that did not end with X1 (a blank reason counts). The
/// decision row and that
/// episode are flagged together; a child with no such episode is not
/// checked, and an earlier ceased episode followed by a return to care is
/// not looked at (as the peer reads it).
fn r117(ctx: &Ctx, child: &Child, out: &mut Out) {
    let ep = ctx.t(T::Episodes);
    let pa = ctx.t(T::PlacedAdoption);
    let last_ceased = child
        .rows(T::Episodes)
        .iter()
        .filter(|&&e| ep.get(e, episodes::REC) != "X1")
        .filter_map(|&e| Some((d(ep, e, episodes::DECOM)?, e)))
        .max();
    let Some((_, e)) = last_ceased else {
        return;
    };
    let dec = d(ep, e, episodes::DEC);
    for &p in child.rows(T::PlacedAdoption) {
        let latest = [
            placed_adoption::DATE_PLACED,
            placed_adoption::DATE_PLACED_CEASED,
        ]
        .iter()
        .filter_map(|&c| d(pa, p, c))
        .max();
        if latest.is_some_and(|l| l > ctx.end || dec.is_some_and(|dec| l > dec)) {
            out.flag(T::PlacedAdoption, p);
            out.flag(T::Episodes, e);
        }
    }
}

/// 118: the decision no longer to place for adoption may not be before the
/// collection year, nor before the child started to be looked after (the
/// earliest episode that is not a short break, which is flagged with it).
fn r118(ctx: &Ctx, child: &Child, out: &mut Out) {
    let ep = ctx.t(T::Episodes);
    let pa = ctx.t(T::PlacedAdoption);
    let first = child
        .rows(T::Episodes)
        .iter()
        .filter(|&&e| !is_short_break(ep.get(e, episodes::LS)))
        .filter_map(|&e| Some((d(ep, e, episodes::DECOM)?, e)))
        .min();
    let Some((decom, e)) = first else {
        return;
    };
    for &p in child.rows(T::PlacedAdoption) {
        let Some(ceased) = d(pa, p, placed_adoption::DATE_PLACED_CEASED) else {
            continue;
        };
        if ceased < ctx.start || ceased < decom {
            out.flag(T::PlacedAdoption, p);
            out.flag(T::Episodes, e);
        }
    }
}

/// 119: the date of the decision no longer to place for adoption and its
/// reason are both given or both blank.
fn r119(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::PlacedAdoption, |tb, r| {
        partly_filled(
            tb,
            r,
            &[
                placed_adoption::DATE_PLACED_CEASED,
                placed_adoption::REASON_PLACED_CEASED,
            ],
        )
    });
}

/// 120: the reason the adoption decision was reversed, when given, is RD1 to
/// RD4.
fn r120(ctx: &Ctx, child: &Child, out: &mut Out) {
    code_or_blank(
        ctx,
        child,
        out,
        T::PlacedAdoption,
        placed_adoption::REASON_PLACED_CEASED,
        REASON_PLACED_CEASED,
    );
}

/// 131: being in touch after leaving care must be a valid code; blank is
/// flagged.
fn r131(ctx: &Ctx, child: &Child, out: &mut Out) {
    code_required(ctx, child, out, T::Oc3, oc3::IN_TOUCH, IN_TOUCH);
}

/// 132: activity after leaving care must be a valid code (F3 and P3 are no
/// longer codes); blank is flagged.
fn r132(ctx: &Ctx, child: &Child, out: &mut Out) {
    code_required(ctx, child, out, T::Oc3, oc3::ACTIV, ACTIV);
}

/// 133: accommodation after leaving care must be a valid code; blank is
/// flagged.
fn r133(ctx: &Ctx, child: &Child, out: &mut Out) {
    code_required(ctx, child, out, T::Oc3, oc3::ACCOM, ACCOM);
}

/// 134: a care leaver (OC3 items filled in) has no adoption data (AD1 items
/// filled in): the adoption row is flagged.
fn r134(ctx: &Ctx, child: &Child, out: &mut Out) {
    let o = ctx.t(T::Oc3);
    let a = ctx.t(T::Ad1);
    let o_rows: Vec<usize> = child
        .rows(T::Oc3)
        .iter()
        .copied()
        .filter(|&r| filled(o, r, OC3_ITEMS) > 0)
        .collect();
    let a_rows: Vec<usize> = child
        .rows(T::Ad1)
        .iter()
        .copied()
        .filter(|&r| filled(a, r, AD1_ITEMS) > 0)
        .collect();
    if !o_rows.is_empty() && !a_rows.is_empty() {
        out.flag_all(T::Ad1, &a_rows);
    }
}

/// 141: the date an episode began, when given, must be a valid date.
fn r141(ctx: &Ctx, child: &Child, out: &mut Out) {
    date_or_blank(ctx, child, out, T::Episodes, episodes::DECOM);
}

/// 142: every episode but the latest must have ended, with both a valid
/// date and a reason. Episodes are ordered by start date, those without a
/// valid one last and ties in file order; an episode without a valid start
/// date is never flagged itself, but one after it means the episode before
/// was not the latest (as the peer reads it).
fn r142(ctx: &Ctx, child: &Child, out: &mut Out) {
    let ep = ctx.t(T::Episodes);
    let mut order = episodes_in_order(ctx, child);
    order.pop();
    for (r, decom) in order {
        if decom.is_some()
            && (d(ep, r, episodes::DEC).is_none() || ep.get(r, episodes::REC).is_empty())
        {
            out.flag(T::Episodes, r);
        }
    }
}

/// 143: reason for new episode, when given, must be a valid code.
fn r143(ctx: &Ctx, child: &Child, out: &mut Out) {
    code_or_blank(ctx, child, out, T::Episodes, episodes::RNE, RNE);
}

/// 144: legal status, when given, must be a valid code.
fn r144(ctx: &Ctx, child: &Child, out: &mut Out) {
    code_or_blank(ctx, child, out, T::Episodes, episodes::LS, LS);
}

/// 145: category of need, when given, must be N1 to N8.
fn r145(ctx: &Ctx, child: &Child, out: &mut Out) {
    code_or_blank(ctx, child, out, T::Episodes, episodes::CIN, CIN);
}

/// 146: placement type, when given, must be a 2025/26 code.
fn r146(ctx: &Ctx, child: &Child, out: &mut Out) {
    code_or_blank(ctx, child, out, T::Episodes, episodes::PLACE, PLACE);
}

/// 147: the date an episode ceased, when given, must be a valid date.
fn r147(ctx: &Ctx, child: &Child, out: &mut Out) {
    date_or_blank(ctx, child, out, T::Episodes, episodes::DEC);
}

/// 148: the date an episode ceased and its reason are both given or both
/// blank (X1 included: a reason with no date is flagged).
fn r148(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Episodes, |tb, r| {
        partly_filled(tb, r, &[episodes::DEC, episodes::REC])
    });
}

/// 149: reason episode ceased, when given, must be a valid code.
fn r149(ctx: &Ctx, child: &Child, out: &mut Out) {
    code_or_blank(ctx, child, out, T::Episodes, episodes::REC, REC);
}

/// 151: the adoption items are all given or all blank.
fn r151(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Ad1, |tb, r| {
        partly_filled(tb, r, AD1_ITEMS)
    });
}

/// 153: the care leaver items are all given or all blank.
fn r153(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Oc3, |tb, r| {
        partly_filled(tb, r, OC3_ITEMS)
    });
}

/// 157: SDQ1 (no SDQ because of age) is not a reason for a child of the
/// cohort aged 4 or over at the start of the year and 16 or under at its
/// end. "16 or under" is read as the peers do: the 16th birthday is on or
/// after 31 March (a child who turns 16 earlier in the year is not
/// flagged). A row that also has a score is left to 197a.
fn r157(ctx: &Ctx, child: &Child, out: &mut Out) {
    if !cla_12_months_strict(ctx, child) {
        return;
    }
    flag_rows(ctx, child, out, T::Oc2, |tb, r| {
        tb.get(r, oc2::SDQ_REASON) == "SDQ1"
            && tb.get(r, oc2::SDQ_SCORE).is_empty()
            && d(tb, r, oc2::DOB).is_some_and(|dob| {
                date::add_years(dob, 4) <= ctx.start && date::add_years(dob, 16) >= ctx.end
            })
    });
}

/// 158: an intervention received (1) leaves "intervention offered" blank.
fn r158(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Oc2, |tb, r| {
        tb.get(r, oc2::INTERVENTION_RECEIVED) == "1"
            && !tb.get(r, oc2::INTERVENTION_OFFERED).is_empty()
    });
}

/// 159: a substance misuse problem (1) with no intervention received (0)
/// needs "intervention offered".
fn r159(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Oc2, |tb, r| {
        tb.get(r, oc2::SUBSTANCE_MISUSE) == "1"
            && tb.get(r, oc2::INTERVENTION_RECEIVED) == "0"
            && tb.get(r, oc2::INTERVENTION_OFFERED).is_empty()
    });
}

/// 165: mother status, when given, is 0 or 1 (1.0 is not); and a girl or
/// young woman looked after during the year (an episode, other than a short
/// break, with a valid start date, open on or after 1 April) must have it.
/// Female is F, or 2 in returns still using the old codes (the peer knows
/// only 1/2). The header row and any care leaver row are flagged.
fn r165(ctx: &Ctx, child: &Child, out: &mut Out) {
    let h = ctx.t(T::Header);
    let ep = ctx.t(T::Episodes);
    let in_year = || {
        child.rows(T::Episodes).iter().any(|&e| {
            !is_short_break(ep.get(e, episodes::LS))
                && d(ep, e, episodes::DEC).is_none_or(|dec| dec >= ctx.start)
                && d(ep, e, episodes::DECOM).is_some_and(|decom| decom <= ctx.end)
        })
    };
    let mut bad = false;
    for &r in child.rows(T::Header) {
        let mother = h.get(r, header::MOTHER);
        let flagged = if mother.is_empty() {
            matches!(h.get(r, header::SEX), "F" | "2") && in_year()
        } else {
            !ZERO_ONE.contains(&mother)
        };
        if flagged {
            out.flag(T::Header, r);
            bad = true;
        }
    }
    if bad {
        out.flag_all(T::Oc3, child.rows(T::Oc3));
    }
}

/// 166: the date of a review must be a valid date; blank is flagged.
fn r166(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Reviews, |tb, r| {
        d(tb, r, reviews::REVIEW).is_none()
    });
}

/// 167: a review row needs both a date and a valid participation code (a
/// wholly blank row is left to other rules).
fn r167(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Reviews, |tb, r| {
        let code = tb.get(r, reviews::REVIEW_CODE);
        let review = tb.get(r, reviews::REVIEW);
        if code.is_empty() && review.is_empty() {
            return false;
        }
        !REVIEW_CODE.contains(&code) || review.is_empty()
    });
}

/// 168: a UPN, when given, must be well formed or one of UN1 to UN5.
fn r168(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Header, |tb, r| {
        let upn = tb.get(r, header::UPN);
        !upn.is_empty()
            && !matches!(upn, "UN1" | "UN2" | "UN3" | "UN4" | "UN5")
            && !upn::well_formed(upn)
    });
}

/// 171: the date of birth of the mother's child, when given, must be valid.
fn r171(ctx: &Ctx, child: &Child, out: &mut Out) {
    date_or_blank(ctx, child, out, T::Header, header::MC_DOB);
}

/// 174: a male child (M) has no mother's child date of birth.
fn r174(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Header, |tb, r| {
        tb.get(r, header::SEX) == "M" && !tb.get(r, header::MC_DOB).is_empty()
    });
}

/// 175: number of adopters, when given, is 1 or 2.
fn r175(ctx: &Ctx, child: &Child, out: &mut Out) {
    code_or_blank(ctx, child, out, T::Ad1, ad1::NB_ADOPTR, &["1", "2"]);
}

/// 176: sex of adopters, when given, must be a valid code.
fn r176(ctx: &Ctx, child: &Child, out: &mut Out) {
    code_or_blank(ctx, child, out, T::Ad1, ad1::SEX_ADOPTR, SEX_ADOPTR);
}

/// 177: legal status of adopters, when given, must be a valid code.
fn r177(ctx: &Ctx, child: &Child, out: &mut Out) {
    code_or_blank(ctx, child, out, T::Ad1, ad1::LS_ADOPTR, LS_ADOPTR);
}

/// 178: placement provider, when given, must be PR0 to PR5, and is not
/// given for a temporary placement (T0 to T3) or one of the Z11-Z14
/// placements.
fn r178(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Episodes, |tb, r| {
        let v = tb.get(r, episodes::PLACE_PROVIDER);
        !v.is_empty()
            && (!PLACE_PROVIDER.contains(&v)
                || matches!(
                    tb.get(r, episodes::PLACE),
                    "T0" | "T1" | "T2" | "T3" | "Z11" | "Z12" | "Z13" | "Z14"
                ))
    });
}

/// 180: an SDQ score, when given, is a whole number from 0 to 40 (written
/// 5 or 5.0).
fn r180(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Oc2, |tb, r| {
        let v = tb.get(r, oc2::SDQ_SCORE);
        !v.is_empty()
            && !v
                .parse::<f64>()
                .is_ok_and(|n| n.fract() == 0.0 && (0.0..=40.0).contains(&n))
    });
}

/// 181: each OC2 item, when given, is 0 or 1.
fn r181(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Oc2, |tb, r| {
        OC2_ITEMS.iter().any(|&c| {
            let v = tb.get(r, c);
            !v.is_empty() && !ZERO_ONE.contains(&v)
        })
    });
}

/// 182: once any OC2 item is given, immunisations, teeth check, health
/// assessment and substance misuse must all be given.
fn r182(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Oc2, |tb, r| {
        filled(tb, r, OC2_ITEMS) > 0 && filled(tb, r, OC2_REQUIRED) < OC2_REQUIRED.len()
    });
}

/// 184: the decision to place for adoption is not before the child's date
/// of birth (the one written on the decision row, as the peer reads it);
/// the decision row is flagged. A decision date with no readable date of
/// birth beside it is flagged too (it cannot be shown to be after it).
fn r184(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::PlacedAdoption, |tb, r| {
        match (
            d(tb, r, placed_adoption::DATE_PLACED),
            d(tb, r, placed_adoption::DOB),
        ) {
            (Some(placed), dob) => dob.is_none_or(|dob| placed < dob),
            (None, _) => false,
        }
    });
}

/// 185: an SDQ score is only given for a child looked after for 12 months.
fn r185(ctx: &Ctx, child: &Child, out: &mut Out) {
    if cla_12_months_strict(ctx, child) {
        return;
    }
    flag_rows(ctx, child, out, T::Oc2, |tb, r| {
        !tb.get(r, oc2::SDQ_SCORE).is_empty()
    });
}

/// 186: a child of the cohort aged 4 or over at the start of the year and
/// under 17 at its end needs an SDQ score.
fn r186(ctx: &Ctx, child: &Child, out: &mut Out) {
    if !cla_12_months_strict(ctx, child) {
        return;
    }
    flag_rows(ctx, child, out, T::Oc2, |tb, r| {
        tb.get(r, oc2::SDQ_SCORE).is_empty()
            && tb.get(r, oc2::SDQ_REASON).is_empty()
            && ages(ctx, tb, r, oc2::DOB).is_some_and(|(s, e)| s >= 4 && e < 17)
    });
}

/// 187: a child looked after for 12 months has no adoption or care leaver
/// data; those rows are flagged.
fn r187(ctx: &Ctx, child: &Child, out: &mut Out) {
    if child.rows(T::Ad1).is_empty() && child.rows(T::Oc3).is_empty() {
        return;
    }
    if !cla_12_months_strict(ctx, child) {
        return;
    }
    flag_rows(ctx, child, out, T::Ad1, |tb, r| {
        filled(tb, r, AD1_ITEMS) > 0
    });
    flag_rows(ctx, child, out, T::Oc3, |tb, r| {
        filled(tb, r, OC3_ITEMS) > 0
    });
}

/// 188: a child under 4 at the end of the year has no SDQ score or reason.
fn r188(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Oc2, |tb, r| {
        filled(tb, r, &[oc2::SDQ_SCORE, oc2::SDQ_REASON]) > 0
            && ages(ctx, tb, r, oc2::DOB).is_some_and(|(_, e)| e < 4)
    });
}

/// 189: a young person 17 or over at the start of the year has no SDQ
/// score or reason. One whose 17th birthday is 1 April itself is not flagged.
fn r189(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Oc2, |tb, r| {
        filled(tb, r, &[oc2::SDQ_SCORE, oc2::SDQ_REASON]) > 0
            && d(tb, r, oc2::DOB).is_some_and(|dob| date::add_years(dob, 17) < ctx.start)
    });
}

/// 190: the OC2 items are only given for a child looked after for 12
/// months.
fn r190(ctx: &Ctx, child: &Child, out: &mut Out) {
    if cla_12_months_strict(ctx, child) {
        return;
    }
    flag_rows(ctx, child, out, T::Oc2, |tb, r| {
        filled(tb, r, OC2_ITEMS) > 0
    });
}

/// 191: a child looked after for 12 months has immunisations, teeth check,
/// health assessment and substance misuse all given. A child of the cohort
/// with no OC2 row at all is flagged on the episodes of the year.
fn r191(ctx: &Ctx, child: &Child, out: &mut Out) {
    if !cla_12_months_strict(ctx, child) {
        return;
    }
    if child.rows(T::Oc2).is_empty() {
        let ep = ctx.t(T::Episodes);
        flag_rows(ctx, child, out, T::Episodes, |tb, r| {
            d(tb, r, episodes::DECOM).is_some()
                && d(ep, r, episodes::DEC).is_none_or(|e| e >= ctx.start)
        });
        return;
    }
    flag_rows(ctx, child, out, T::Oc2, |tb, r| {
        filled(tb, r, OC2_REQUIRED) < OC2_REQUIRED.len()
    });
}

/// 192: a substance misuse problem (1) needs "intervention received".
fn r192(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Oc2, |tb, r| {
        tb.get(r, oc2::SUBSTANCE_MISUSE) == "1" && tb.get(r, oc2::INTERVENTION_RECEIVED).is_empty()
    });
}

/// 193: with no substance misuse problem (0 or blank), neither intervention
/// item is given.
fn r193(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Oc2, |tb, r| {
        matches!(tb.get(r, oc2::SUBSTANCE_MISUSE), "" | "0")
            && filled(
                tb,
                r,
                &[oc2::INTERVENTION_RECEIVED, oc2::INTERVENTION_OFFERED],
            ) > 0
    });
}

/// 196: an SDQ reason, when given, is SDQ1 to SDQ5.
fn r196(ctx: &Ctx, child: &Child, out: &mut Out) {
    code_or_blank(ctx, child, out, T::Oc2, oc2::SDQ_REASON, SDQ_REASON);
}

/// 197B: a child of the cohort who turns 4 or 17 during the year (1 April
/// and 31 March included) needs an SDQ score or a reason for none.
fn r197b(ctx: &Ctx, child: &Child, out: &mut Out) {
    if !cla_12_months_strict(ctx, child) {
        return;
    }
    flag_rows(ctx, child, out, T::Oc2, |tb, r| {
        filled(tb, r, &[oc2::SDQ_SCORE, oc2::SDQ_REASON]) == 0
            && d(tb, r, oc2::DOB).is_some_and(|dob| {
                [4, 17].iter().any(|&n| {
                    let birthday = date::add_years(dob, n);
                    ctx.start <= birthday && birthday <= ctx.end
                })
            })
    });
}

/// 197a: an SDQ score and a reason for no score are not both given.
fn r197a(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, T::Oc2, |tb, r| {
        filled(tb, r, &[oc2::SDQ_SCORE, oc2::SDQ_REASON]) == 2
    });
}

/// 198: a reason for no SDQ score is only given for a child looked after
/// for 12 months.
fn r198(ctx: &Ctx, child: &Child, out: &mut Out) {
    if cla_12_months_strict(ctx, child) {
        return;
    }
    flag_rows(ctx, child, out, T::Oc2, |tb, r| {
        !tb.get(r, oc2::SDQ_REASON).is_empty()
    });
}

/// 199: once a child has been adopted from care (an episode ending E11 or
/// E12), no later episode may start: each episode starting after the
/// earliest adoption episode is flagged. Last year's episodes count too
/// when last year's return is given.
fn r199(ctx: &Ctx, child: &Child, out: &mut Out) {
    let adopted_from = |tb: &Table, rows: &[usize]| {
        rows.iter()
            .filter(|&&r| is_adopted(tb.get(r, episodes::REC)))
            .filter_map(|&r| d(tb, r, episodes::DECOM))
            .min()
    };
    let ep = ctx.t(T::Episodes);
    let this_year = adopted_from(ep, child.rows(T::Episodes));
    let last_year = ctx
        .p(T::Episodes)
        .and_then(|prev| adopted_from(prev, child.prev_rows(T::Episodes)));
    let adopted = match (this_year, last_year) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => match a.or(b) {
            Some(x) => x,
            None => return,
        },
    };
    flag_rows(ctx, child, out, T::Episodes, |tb, r| {
        d(tb, r, episodes::DECOM).is_some_and(|decom| decom > adopted)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssda903::{csv_io, engine, Return903};
    use crate::CollectionYear;

    const HEADER: &str = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n";
    const EPISODES: &str = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n";
    const OC2: &str = "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n";

    /// Builds a return from (file, rows) pairs (the column line is added
    /// for the files above) and runs the named rules of this file.
    fn run(
        files: &[(&str, &str)],
        codes: &[&str],
    ) -> Vec<(String, &'static str, &'static str, i64)> {
        let mut ret = Return903::default();
        for (name, rows) in files {
            let head = match *name {
                "header.csv" => HEADER,
                "episodes.csv" => EPISODES,
                "oc2.csv" => OC2,
                _ => "",
            };
            let text = format!("{head}{rows}");
            assert!(csv_io::read_table(&mut ret, name, text.as_bytes()).is_ok());
        }
        let rules: Vec<Rule> = RULES
            .iter()
            .copied()
            .filter(|r| codes.contains(&r.code))
            .collect();
        engine::validate_with(&ret, None, CollectionYear(2026), &rules, None)
            .into_iter()
            .map(|f| (f.child_id.to_string(), f.rule_code, f.table, f.row_id))
            .collect()
    }

    fn ids(found: &[(String, &'static str, &'static str, i64)]) -> Vec<String> {
        found
            .iter()
            .map(|f| format!("{} {} {} {}", f.0, f.1, f.2, f.3))
            .collect()
    }

    #[test]
    fn header_codes_and_dates() {
        let found = run(
            &[(
                "header.csv",
                "1,F,01/01/2015,WBRI,A123456789012,,\n\
                 2,X,,NONE,UN6,,xx\n\
                 3,M,2015-01-01,REFU,UN3,,01/01/2024\n\
                 4,F,1/2/2015,NOBT,A12345678901B,,\n",
            )],
            &["101", "102", "103", "168", "171", "174"],
        );
        assert_eq!(
            ids(&found),
            [
                "2 101 Header 1",
                "2 102 Header 1",
                "2 103 Header 1",
                "2 168 Header 1",
                "2 171 Header 1",
                "3 102 Header 2",
                "3 174 Header 2",
            ]
        );
    }

    #[test]
    fn episode_codes_dates_and_endings() {
        let found = run(
            &[(
                "episodes.csv",
                "1,01/05/2025,S,C2,N1,K3,PR1,01/06/2025,X1,,,,\n\
                 1,01/06/2025,S,C2,N1,Z11,PR1,2025-07-01,E13,,,,\n\
                 1,01/07/2025,Q,C9,N9,Z1,,,X1,,,,\n\
                 1,31/02/2025,S,C2,N1,T0,PR9,,,,,,\n",
            )],
            &[
                "141", "142", "143", "144", "145", "146", "147", "148", "178",
            ],
        );
        assert_eq!(
            ids(&found),
            [
                "1 141 Episodes 3",
                // An end date that does not read leaves the episode open.
                "1 142 Episodes 1",
                "1 142 Episodes 2",
                "1 143 Episodes 2",
                "1 144 Episodes 2",
                "1 145 Episodes 2",
                "1 146 Episodes 2",
                "1 147 Episodes 1",
                "1 148 Episodes 2",
                "1 178 Episodes 1",
                "1 178 Episodes 3",
            ]
        );
    }

    #[test]
    fn an_episode_after_adoption_is_flagged() {
        let found = run(
            &[(
                "episodes.csv",
                "1,01/05/2025,S,C2,N1,U1,PR1,01/06/2025,E11,,,,\n\
                 1,02/06/2025,S,C2,N1,U1,PR1,,,,,,\n\
                 2,01/05/2025,S,C2,N1,U1,PR1,01/06/2025,E13,,,,\n\
                 2,02/06/2025,S,C2,N1,U1,PR1,,,,,,\n",
            )],
            &["199"],
        );
        assert_eq!(ids(&found), ["1 199 Episodes 1"]);
    }

    #[test]
    fn cohort_of_twelve_months_as_the_peer_reads_it() {
        // Every child has OC2 items, so 190 flags those not in the cohort.
        let oc2: String = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
            .iter()
            .map(|c| format!("{c},15/06/2012,10,,0,1,1,1,1,0,,\n"))
            .collect();
        let found = run(
            &[
                (
                    "episodes.csv",
                    // a: started 1 April, still open: in.
                    "a,01/04/2025,S,C2,N1,U1,PR1,,,,,,\n\
                     b,02/04/2025,S,C2,N1,U1,PR1,,,,,,\n\
                     c,01/01/2025,S,C2,N1,U1,PR1,31/03/2026,E13,,,,\n\
                     d,01/01/2025,S,C2,N1,U1,PR1,01/06/2025,X1,,,,\n\
                     d,01/06/2025,S,C2,N1,U1,PR1,,,,,,\n\
                     e,01/01/2024,S,C2,N1,U1,PR1,,,,,,\n\
                     e,01/02/2026,S,V4,N1,U1,PR1,15/02/2026,X1,,,,\n\
                     f,01/01/2024,S,V3,N1,U1,PR1,01/03/2024,X1,,,,\n\
                     f,01/03/2024,S,C2,N1,U1,PR1,,,,,,\n\
                     g,14/02/2026,P,C2,N1,U1,PR1,,,,,,\n\
                     h,01/01/2024,S,C2,N1,U1,PR1,01/10/2025,X1,,,,\n\
                     i,01/01/2024,S,C2,N1,U1,PR1,01/10/2025,,,,,\n",
                ),
                ("oc2.csv", &oc2),
            ],
            &["190"],
        );
        // b started after 1 April, d began a new period of care (S) during
        // the year, e had a short break during it and i's episode ceased
        // with no reason. a, c and f are in the cohort; so is g, whose period
        // of care began before its first episode in the return, and h, whose
        // last episode ended with X1.
        assert_eq!(
            ids(&found),
            ["b 190 OC2 1", "d 190 OC2 3", "e 190 OC2 4", "i 190 OC2 8"]
        );
    }

    #[test]
    fn sdq_age_boundaries() {
        let rows = "a,01/04/2021,,SDQ1\n\
                    b,02/04/2021,,SDQ1\n\
                    c,31/03/2010,,SDQ1\n\
                    d,16/03/2010,,SDQ1\n\
                    e,01/04/2021,,\n\
                    f,31/03/2009,,\n\
                    g,01/04/2022,5,\n\
                    h,31/03/2008,,SDQ2\n\
                    i,01/04/2008,,SDQ2\n";
        let oc2: String = rows
            .lines()
            .map(|l| format!("{l},0,1,1,1,1,0,,\n"))
            .collect();
        let episodes: String = rows
            .lines()
            .filter_map(|l| l.split(',').next())
            .map(|c| format!("{c},01/01/2024,S,C2,N1,U1,PR1,,,,,,\n"))
            .collect();
        let found = run(
            &[("episodes.csv", &episodes), ("oc2.csv", &oc2)],
            &["157", "186", "188", "189", "197B"],
        );
        assert_eq!(
            ids(&found),
            [
                "a 157 OC2 0",
                "c 157 OC2 2",
                "e 186 OC2 4",
                "e 197B OC2 4",
                "f 197B OC2 5",
                "g 188 OC2 6",
                "h 189 OC2 7",
            ]
        );
    }

    #[test]
    fn substance_misuse_items() {
        let oc2 = "a,01/01/2012,,,0,1,1,1,1,1,1,1\n\
                   b,01/01/2012,,,0,1,1,1,1,1,0,\n\
                   c,01/01/2012,,,0,1,1,1,1,1,,0\n\
                   d,01/01/2012,,,0,1,1,1,1,0,1,\n\
                   e,01/01/2012,,,0,1,,1,1,1,0,1\n\
                   f,01/01/2012,,,0,1,1,1,1,X,0,1\n";
        let found = run(
            &[("oc2.csv", oc2)],
            &["158", "159", "181", "182", "192", "193"],
        );
        assert_eq!(
            ids(&found),
            [
                "a 158 OC2 0",
                "b 159 OC2 1",
                "c 192 OC2 2",
                "d 193 OC2 3",
                "e 182 OC2 4",
                "f 181 OC2 5",
            ]
        );
    }

    #[test]
    fn mother_status_for_girls_in_care_this_year() {
        let found = run(
            &[
                (
                    "header.csv",
                    "a,F,01/01/2008,WBRI,UN1,,\n\
                     b,F,01/01/2008,WBRI,UN1,0,\n\
                     c,2,01/01/2008,WBRI,UN1,,\n\
                     d,F,01/01/2008,WBRI,UN1,,\n\
                     e,2,01/01/2004,WBRI,UN1,1.0,\n",
                ),
                (
                    "episodes.csv",
                    "a,01/01/2024,S,C2,N1,U1,PR1,,,,,,\n\
                     b,01/01/2024,S,C2,N1,U1,PR1,,,,,,\n\
                     c,01/01/2024,S,C2,N1,U1,PR1,,,,,,\n\
                     d,01/01/2024,S,V3,N1,U1,PR1,,,,,,\n",
                ),
                ("oc3.csv", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n"),
            ],
            &["165"],
        );
        // The peer knows only the old code 2; F is flagged too.
        // e has left care but a mother status that is not a code.
        assert_eq!(
            ids(&found),
            ["a 165 Header 0", "c 165 Header 2", "e 165 Header 4"]
        );
    }

    #[test]
    fn adoption_decisions() {
        let found = run(
            &[
                ("header.csv", "a,M,01/06/2020,WBRI,UN1,,\n"),
                (
                    "episodes.csv",
                    "a,01/06/2024,S,C2,N1,U1,PR1,01/09/2025,E12,,,,\n\
                     b,01/06/2025,S,C2,N1,U1,PR1,01/09/2025,E11,,,,\n",
                ),
                (
                    "placed_for_adoption.csv",
                    "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n\
                     a,01/06/2020,01/05/2020,02/09/2025,XXX\n\
                     b,01/06/2020,01/05/2026,,RD1\n\
                     c,,01/01/2024,,\n",
                ),
            ],
            &["117", "119", "120", "184"],
        );
        assert_eq!(
            ids(&found),
            [
                "a 117 Episodes 0",
                "a 117 PlacedAdoption 0",
                "a 120 PlacedAdoption 0",
                "a 184 PlacedAdoption 0",
                "b 117 Episodes 1",
                "b 117 PlacedAdoption 1",
                "b 119 PlacedAdoption 1",
                "c 184 PlacedAdoption 2",
            ]
        );
    }

    #[test]
    fn care_leaver_and_adoption_blocks() {
        let found = run(
            &[
                (
                    "oc3.csv",
                    "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n\
                     a,01/01/2006,,,\n\
                     b,01/01/2006,YES,F3,S1\n\
                     c,01/01/2006,YES,F1,Z1\n",
                ),
                (
                    "ad1.csv",
                    "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\n\
                     c,01/01/2006,01/01/2024,,1,3,MX,L0\n",
                ),
            ],
            &["131", "132", "133", "134", "151", "153", "175", "176"],
        );
        assert_eq!(
            ids(&found),
            [
                "a 131 OC3 0",
                "a 132 OC3 0",
                "a 133 OC3 0",
                "b 132 OC3 1",
                "b 133 OC3 1",
                "c 134 AD1 0",
                "c 151 AD1 0",
                "c 175 AD1 0",
                "c 176 AD1 0",
            ]
        );
    }

    #[test]
    fn a_return_to_care_hides_an_earlier_ceased_episode_from_117() {
        let found = run(
            &[
                (
                    "episodes.csv",
                    "a,01/01/2024,S,C2,N1,U1,PR1,01/03/2024,E13,,,,\n\
                     a,01/05/2025,S,C2,N1,U1,PR1,,,,,,\n\
                     b,01/01/2024,S,C2,N1,U1,PR1,01/03/2024,E13,,,,\n",
                ),
                (
                    "placed_for_adoption.csv",
                    "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n\
                     a,01/01/2020,01/01/2024,01/04/2025,RD1\n\
                     b,01/01/2020,01/01/2024,01/04/2025,RD1\n",
                ),
            ],
            &["117", "118"],
        );
        assert_eq!(ids(&found), ["b 117 Episodes 2", "b 117 PlacedAdoption 1"]);
    }

    #[test]
    fn the_cohort_needs_its_oc2_items() {
        let found = run(
            &[
                (
                    "episodes.csv",
                    "a,01/01/2024,S,C2,N1,U1,PR1,,,,,,\n\
                     b,01/01/2024,S,C2,N1,U1,PR1,,,,,,\n\
                     c,01/01/2020,S,C2,N1,U1,PR1,01/01/2021,E13,,,,\n\
                     c,01/01/2024,S,C2,N1,U1,PR1,,,,,,\n\
                     d,01/06/2025,S,C2,N1,U1,PR1,,,,,,\n",
                ),
                (
                    "oc2.csv",
                    "a,15/06/2012,10,,0,1,1,1,1,0,,\n\
                     b,15/06/2012,10,,0,1,,1,1,0,,\n",
                ),
            ],
            &["191"],
        );
        // c has no OC2 row: its episode of the year is flagged; d is not in
        // the cohort.
        assert_eq!(ids(&found), ["b 191 OC2 1", "c 191 Episodes 3"]);
    }
}
