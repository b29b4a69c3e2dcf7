//! CIN census rules 100 to 8610.
//!
//! Dates that do not parse count as absent: a comparison with an absent date
//! never flags (the rules that check presence say so themselves). Each rule's
//! `rule_type` is what the sector's validator prints, which for some `Q`
//! rules is `error` and for some date rules `query`.

use std::collections::HashMap;

use time::{Date, Duration};

use super::common::{death, dt_in_range, flag_overlaps, ids_row, in_year, no_exact, yes};
use crate::cin::engine::{d, Check, Child, Ctx, Out, Rule};
use crate::cin::{
    assessments, child_characteristics, child_identifiers as ids, cin_details, cin_plan_dates,
    cp_plans, disabilities, header, reviews, section47, C,
};
use crate::RuleType::{self, Error, Query};
use crate::{date, upn};

const fn child(code: &'static str, rule_type: RuleType, f: fn(&Ctx, &Child, &mut Out)) -> Rule {
    Rule {
        code,
        rule_type,
        check: Check::Child(f),
    }
}

const fn whole(code: &'static str, rule_type: RuleType, f: fn(&Ctx, &mut Out)) -> Rule {
    Rule {
        code,
        rule_type,
        check: Check::Return(f),
    }
}

pub const RULES: &[Rule] = &[
    whole("100", Error, r100),
    child("1103", Query, r1103),
    child("1104", Query, r1104),
    child("1105", Query, r1105),
    child("1510", Error, r1510),
    whole("1520", Error, r1520),
    child("1530", Error, r1530),
    child("1540", Error, r1540),
    child("1550", Error, r1550),
    child("1560Q", Error, r1560q),
    child("1570", Error, r1570),
    child("1580", Error, r1580),
    whole("2883", Error, r2883),
    child("2884", Query, r2884),
    child("2885", Query, r2885),
    whole("2886Q", Query, r2886q),
    whole("2887Q", Query, r2887q),
    whole("2888Q", Query, r2888q),
    child("2889", Query, r2889),
    child("2990", Query, r2990),
    child("2991Q", Query, r2991q),
    child("4000", Query, r4000),
    child("4001", Query, r4001),
    child("4003", Query, r4003),
    child("4004", Error, r4004),
    child("4008", Query, r4008),
    child("4009Q", Query, r4009q),
    child("4010", Error, r4010),
    child("4011", Error, r4011),
    child("4012Q", Error, r4012q),
    child("4013", Error, r4013),
    child("4014", Error, r4014),
    child("4015", Query, r4015),
    child("4016", Query, r4016),
    child("4017", Query, r4017),
    child("4180", Error, r4180),
    child("4220", Error, r4220),
    child("8500", Error, r8500),
    whole("8510", Error, r8510),
    child("8520", Error, r8520),
    child("8525Q", Error, r8525q),
    child("8530Q", Query, r8530q),
    child("8535Q", Error, r8535q),
    child("8540", Error, r8540),
    child("8545Q", Error, r8545q),
    child("8555Q", Query, r8555q),
    child("8565", Query, r8565),
    child("8568", Error, r8568),
    child("8569Q", Query, r8569q),
    child("8585Q", Query, r8585q),
    child("8590", Query, r8590),
    child("8600", Error, r8600),
    child("8606", Query, r8606),
    child("8608", Error, r8608),
    child("8610", Error, r8610),
];

// ---------------------------------------------------------------- helpers

/// The census period the return itself states: up to its reference date
/// (31 March of the collection year when the header has none), from the day
/// after the same date a year before. A return with a wrong reference date
/// (rule 100) is checked against the period it claims, as the DfE's own
/// checks and the sector's validator do. The engine reads this period from
/// the header once, as `ctx.start` and `ctx.end`.
fn period(ctx: &Ctx) -> (Date, Date) {
    (ctx.start, ctx.end)
}

/// A text cell of table `t`, trimmed.
fn s<'a>(ctx: &Ctx<'a>, t: C, row: usize, col: usize) -> &'a str {
    ctx.t(t).get(row, col)
}

/// For each CIN episode of the child, flag the episode and each row of `t`
/// in it whose date `col` is before the referral date.
fn before_referral(ctx: &Ctx, child: &Child, out: &mut Out, t: C, col: usize) {
    for &e in child.rows(C::CinDetails) {
        let Some(referral) = dt_in_range(ctx, C::CinDetails, e, cin_details::CINreferralDate)
        else {
            continue;
        };
        for r in child.in_episode(ctx, t, e) {
            if dt_in_range(ctx, t, r, col).is_some_and(|x| x < referral) {
                out.flag(t, r);
                out.flag(C::CinDetails, e);
            }
        }
    }
}

/// The three-digit LA codes a UPN may carry in characters 2-4 (the DfE's
/// list of local authority numbers, plus 001-005 for the central bodies).
#[rustfmt::skip]
const UPN_LA_CODES: &[u16] = &[
    1, 2, 3, 4, 5,
    201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213,
    301, 302, 303, 304, 305, 306, 307, 308, 309, 310, 311, 312, 313, 314, 315, 316, 317, 318, 319, 320,
    330, 331, 332, 333, 334, 335, 336, 340, 341, 342, 343, 344,
    350, 351, 352, 353, 354, 355, 356, 357, 358, 359, 370, 371, 372, 373,
    380, 381, 382, 383, 384, 390, 391, 392, 393, 394, 420,
    660, 661, 662, 663, 664, 665, 666, 667, 668, 669, 670, 671, 672, 673, 674, 675, 676, 677, 678,
    679, 680, 681, 701, 702, 703, 704, 705, 706, 707, 708,
    800, 801, 802, 803, 805, 806, 807, 808, 810, 811, 812, 813, 815, 816,
    820, 821, 822, 823, 825, 826, 830, 831, 835, 836, 837, 838, 839, 840, 841, 845, 846,
    850, 851, 852, 855, 856, 857, 860, 861, 865, 866, 867, 868, 869,
    870, 871, 872, 873, 874, 875, 876, 877, 878, 879, 880, 881, 882, 883, 884, 885, 886, 887,
    888, 889, 890, 891, 892, 893, 894, 895, 896,
    908, 909, 916, 919, 921, 925, 926, 928, 929, 931, 933, 935, 936, 937, 938, 940, 941, 942, 943,
];

/// The child's UPN when it has the 13 characters the UPN checks look at.
fn upn13<'a>(ctx: &Ctx<'a>, child: &Child) -> Option<(usize, &'a [u8])> {
    let r = ids_row(child)?;
    let u = s(ctx, C::ChildIdentifiers, r, ids::UPN).as_bytes();
    (u.len() == 13).then_some((r, u))
}

// ------------------------------------------------------------------ rules

/// 100: the reference date must be the census day, 31 March of the
/// collection year the header names (`Year`; the year being validated when
/// the header has none).
fn r100(ctx: &Ctx, out: &mut Out) {
    let h = ctx.t(C::Header);
    let census_day = h
        .get(0, header::Year)
        .parse::<i32>()
        .ok()
        .filter(|y| (1678..=2261).contains(y))
        .map_or(ctx.end, |y| date::ymd(y, 3, 31));
    if d(h, 0, header::ReferenceDate) != Some(census_day) {
        out.flag_council();
    }
}

/// 1103: an assessment cannot start before its episode's referral date.
fn r1103(ctx: &Ctx, child: &Child, out: &mut Out) {
    before_referral(
        ctx,
        child,
        out,
        C::Assessments,
        assessments::AssessmentActualStartDate,
    );
}

/// 1104: a section 47 enquiry's initial conference cannot be before the
/// episode's referral date.
fn r1104(ctx: &Ctx, child: &Child, out: &mut Out) {
    before_referral(ctx, child, out, C::Section47, section47::DateOfInitialCPC);
}

/// 1105: a child protection plan cannot start before the episode's referral
/// date.
fn r1105(ctx: &Ctx, child: &Child, out: &mut Out) {
    before_referral(
        ctx,
        child,
        out,
        C::ChildProtectionPlans,
        cp_plans::CPPstartDate,
    );
}

/// 1510: the UPN's first character must be its check letter. Only checked
/// when characters 2-13 are all digits (a temporary UPN, with a letter last,
/// is not checked).
fn r1510(ctx: &Ctx, child: &Child, out: &mut Out) {
    let Some((r, u)) = upn13(ctx, child) else {
        return;
    };
    let rest = u.get(1..).unwrap_or_default();
    if !rest.iter().all(u8::is_ascii_digit) {
        return;
    }
    if upn::check_letter(rest) != u.first().copied() {
        out.flag(C::ChildIdentifiers, r);
    }
}

/// 1520: no two children may share a UPN (blank UPNs are not compared).
/// Every child with a shared UPN is flagged.
fn r1520(ctx: &Ctx, out: &mut Out) {
    flag_shared(ctx, out, ids::UPN);
}

/// Flags each identifiers row whose (non-blank) value in `col` appears on
/// more than one row.
fn flag_shared(ctx: &Ctx, out: &mut Out, col: usize) {
    let t = ctx.t(C::ChildIdentifiers);
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for r in 0..t.len() {
        let v = t.get(r, col);
        if !v.is_empty() {
            *seen.entry(v).or_default() += 1;
        }
    }
    for r in 0..t.len() {
        let v = t.get(r, col);
        if seen.get(v).is_some_and(|&n| n > 1) {
            out.flag_child(t.get(r, ids::LAchildID), C::ChildIdentifiers, r);
        }
    }
}

/// 1530: characters 2-4 of a 13-character UPN must be a known LA number.
fn r1530(ctx: &Ctx, child: &Child, out: &mut Out) {
    let Some((r, u)) = upn13(ctx, child) else {
        return;
    };
    let code = u.get(1..4).unwrap_or_default();
    let known = code.iter().all(u8::is_ascii_digit)
        && std::str::from_utf8(code)
            .ok()
            .and_then(|c| c.parse::<u16>().ok())
            .is_some_and(|n| UPN_LA_CODES.binary_search(&n).is_ok());
    if !known {
        out.flag(C::ChildIdentifiers, r);
    }
}

/// 1540: characters 5-12 of a 13-character UPN must be digits.
fn r1540(ctx: &Ctx, child: &Child, out: &mut Out) {
    let Some((r, u)) = upn13(ctx, child) else {
        return;
    };
    if !u
        .get(4..12)
        .unwrap_or_default()
        .iter()
        .all(u8::is_ascii_digit)
    {
        out.flag(C::ChildIdentifiers, r);
    }
}

/// 1550: character 13 of a 13-character UPN must be a digit or one of the
/// check letters (capital A-Z without I, O and S).
fn r1550(ctx: &Ctx, child: &Child, out: &mut Out) {
    let Some((r, u)) = upn13(ctx, child) else {
        return;
    };
    let last = u.get(12).copied().unwrap_or(b' ');
    if !(last.is_ascii_digit() || upn::LETTERS.contains(&last)) {
        out.flag(C::ChildIdentifiers, r);
    }
}

/// 1560Q: a former UPN, when given, must be a letter and twelve digits (the
/// sector's validator also rejects the temporary form ending in a letter).
fn r1560q(ctx: &Ctx, child: &Child, out: &mut Out) {
    let Some(r) = ids_row(child) else { return };
    let f = s(ctx, C::ChildIdentifiers, r, ids::FormerUPN).as_bytes();
    if f.is_empty() {
        return;
    }
    let ok = f.len() == 13
        && f.first().is_some_and(u8::is_ascii_alphabetic)
        && f.get(1..)
            .unwrap_or_default()
            .iter()
            .all(u8::is_ascii_digit);
    if !ok {
        out.flag(C::ChildIdentifiers, r);
    }
}

/// 1570: the LA child id may have at most 20 characters.
fn r1570(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &r in child.rows(C::ChildIdentifiers) {
        if s(ctx, C::ChildIdentifiers, r, ids::LAchildID)
            .chars()
            .count()
            > 20
        {
            out.flag(C::ChildIdentifiers, r);
        }
    }
}

/// 1580: the LA child id may hold only letters and digits (any script).
fn r1580(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &r in child.rows(C::ChildIdentifiers) {
        let id = s(ctx, C::ChildIdentifiers, r, ids::LAchildID);
        if !id.chars().all(char::is_alphanumeric) {
            out.flag(C::ChildIdentifiers, r);
        }
    }
}

/// 2883: across the return, no more child protection plans start in the
/// census year than initial conferences are held in it (at the episode or
/// S47 level). A finding about the council, not a child.
fn r2883(ctx: &Ctx, out: &mut Out) {
    let count = |t: C, col: usize| {
        (0..ctx.t(t).len())
            .filter(|&r| dt_in_range(ctx, t, r, col).is_some_and(|x| in_year(ctx, x)))
            .count()
    };
    let plans = count(C::ChildProtectionPlans, cp_plans::CPPstartDate);
    let icpcs = count(C::CinDetails, cin_details::DateOfInitialCPC)
        + count(C::Section47, section47::DateOfInitialCPC);
    if plans > icpcs {
        out.flag_council();
    }
}

/// 2884: an initial conference is recorded once: not both on the episode
/// and on one of its S47 enquiries (the same date in both places). Both rows
/// are flagged. The sector's validator leaves out the episode's row whenever
/// its row number happens to equal the S47's, which Hearth does not copy.
fn r2884(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &e in child.rows(C::CinDetails) {
        let Some(own) = dt_in_range(ctx, C::CinDetails, e, cin_details::DateOfInitialCPC) else {
            continue;
        };
        for r in child.in_episode(ctx, C::Section47, e) {
            if dt_in_range(ctx, C::Section47, r, section47::DateOfInitialCPC) == Some(own) {
                out.flag(C::Section47, r);
                out.flag(C::CinDetails, e);
            }
        }
    }
}

/// 2885: a child protection plan starting in the census year starts on the
/// day of an initial conference of its episode: those of its S47 enquiries,
/// or the episode's own when it has no S47 enquiry. A plan matching none is
/// flagged, and with it each conference record (S47 or episode) whose date,
/// missing or not, matches no such plan.
fn r2885(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &e in child.rows(C::CinDetails) {
        let starts: Vec<(usize, Date)> = child
            .in_episode(ctx, C::ChildProtectionPlans, e)
            .filter_map(|p| {
                Some((
                    p,
                    dt_in_range(ctx, C::ChildProtectionPlans, p, cp_plans::CPPstartDate)?,
                ))
            })
            .filter(|&(_, x)| in_year(ctx, x))
            .collect();
        let s47: Vec<usize> = child.in_episode(ctx, C::Section47, e).collect();
        let (t, icpcs): (C, Vec<(usize, Option<Date>)>) = if s47.is_empty() {
            let own = dt_in_range(ctx, C::CinDetails, e, cin_details::DateOfInitialCPC);
            (C::CinDetails, vec![(e, own)])
        } else {
            let v = s47
                .iter()
                .map(|&r| {
                    (
                        r,
                        dt_in_range(ctx, C::Section47, r, section47::DateOfInitialCPC),
                    )
                })
                .collect();
            (C::Section47, v)
        };
        let mut any = false;
        for &(p, x) in &starts {
            if !icpcs.iter().any(|&(_, i)| i == Some(x)) {
                out.flag(C::ChildProtectionPlans, p);
                any = true;
            }
        }
        if any {
            for &(r, i) in &icpcs {
                if !starts.iter().any(|&(_, x)| i == Some(x)) {
                    out.flag(t, r);
                }
            }
        }
    }
}

/// 2886Q: no more than 2% of children (unborn children aside: no date of
/// birth but an expected one) may have no sex recorded: blank or `U`
/// (unknown). A value that is present but not a code (rule 4180's business)
/// counts as recorded.
fn r2886q(ctx: &Ctx, out: &mut Out) {
    let t = ctx.t(C::ChildIdentifiers);
    let (mut born, mut missing) = (0usize, 0usize);
    for r in 0..t.len() {
        if t.get(r, ids::PersonBirthDate).is_empty()
            && !t.get(r, ids::ExpectedPersonBirthDate).is_empty()
        {
            continue;
        }
        born += 1;
        if matches!(t.get(r, ids::Sex), "" | "U") {
            missing += 1;
        }
    }
    if missing * 50 > born {
        out.flag_council();
    }
}

/// The census's disability codes.
const DISABILITIES: &[&str] = &[
    "NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA",
];

/// 2887Q: a return is expected to use at least 8 different disability codes
/// (valid codes other than `NONE`). The sector's validator raises this on
/// every small return whatever codes it holds, so the two agree only where
/// fewer than 8 are used.
fn r2887q(ctx: &Ctx, out: &mut Out) {
    let t = ctx.t(C::Disabilities);
    let mut used: Vec<&str> = (0..t.len())
        .map(|r| t.get(r, disabilities::Disability))
        .filter(|v| DISABILITIES.contains(v) && *v != "NONE")
        .collect();
    used.sort_unstable();
    used.dedup();
    if used.len() < 8 {
        out.flag_council();
    }
}

/// 2888Q: when children have disabilities recorded, some should have more
/// than one: flagged when no child has more than one disability code.
fn r2888q(ctx: &Ctx, out: &mut Out) {
    let t = ctx.t(C::Disabilities);
    let owners = ctx.ret.child_of.get(C::Disabilities as usize);
    let mut per_child: HashMap<usize, usize> = HashMap::new();
    for r in 0..t.len() {
        let v = t.get(r, disabilities::Disability);
        if v.is_empty() || v == "NONE" {
            continue;
        }
        let owner = owners.and_then(|o| o.get(r)).copied().unwrap_or(usize::MAX);
        *per_child.entry(owner).or_default() += 1;
    }
    if !per_child.is_empty() && per_child.values().all(|&n| n <= 1) {
        out.flag_council();
    }
}

/// 2889: a section 47 enquiry cannot start before the episode's referral
/// date.
fn r2889(ctx: &Ctx, child: &Child, out: &mut Out) {
    before_referral(ctx, child, out, C::Section47, section47::S47ActualStartDate);
}

/// 2990: an episode closed after assessment with no further action (RC8) or
/// with a referral to early help (RC9) has no CIN plan, S47 enquiry, initial
/// conference or child protection plan.
fn r2990(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &e in child.rows(C::CinDetails) {
        if !matches!(
            s(ctx, C::CinDetails, e, cin_details::ReasonForClosure),
            "RC8" | "RC9"
        ) {
            continue;
        }
        let mut any = !s(ctx, C::CinDetails, e, cin_details::DateOfInitialCPC).is_empty();
        for t in [C::CinPlanDates, C::Section47, C::ChildProtectionPlans] {
            for r in child.in_episode(ctx, t, e) {
                out.flag(t, r);
                any = true;
            }
        }
        if any {
            out.flag(C::CinDetails, e);
        }
    }
}

/// 2991Q: an episode with a section 47 enquiry should have an assessment.
fn r2991q(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &e in child.rows(C::CinDetails) {
        if child.in_episode(ctx, C::Assessments, e).next().is_some() {
            continue;
        }
        for r in child.in_episode(ctx, C::Section47, e) {
            out.flag(C::Section47, r);
        }
    }
}

/// 4000: a referral with no further action has no CIN plan.
fn r4000(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &e in child.rows(C::CinDetails) {
        if !yes(s(ctx, C::CinDetails, e, cin_details::ReferralNFA)) {
            continue;
        }
        for r in child.in_episode(ctx, C::CinPlanDates, e) {
            out.flag(C::CinPlanDates, r);
            out.flag(C::CinDetails, e);
        }
    }
}

/// 4001: a CIN plan cannot run alongside a child protection plan: an
/// episode with a started CIN plan and a child protection plan both still
/// open (no end date) has both flagged. The child protection plan's start
/// date is not needed (the sector's validator does not ask for it).
fn r4001(ctx: &Ctx, child: &Child, out: &mut Out) {
    let open = |t: C, r: usize, from: usize, to: usize| {
        (t == C::ChildProtectionPlans || dt_in_range(ctx, t, r, from).is_some())
            && dt_in_range(ctx, t, r, to).is_none()
    };
    for &e in child.rows(C::CinDetails) {
        for c in child.in_episode(ctx, C::CinPlanDates, e) {
            if !open(
                C::CinPlanDates,
                c,
                cin_plan_dates::CINPlanStartDate,
                cin_plan_dates::CINPlanEndDate,
            ) {
                continue;
            }
            for p in child.in_episode(ctx, C::ChildProtectionPlans, e) {
                if open(
                    C::ChildProtectionPlans,
                    p,
                    cp_plans::CPPstartDate,
                    cp_plans::CPPendDate,
                ) {
                    out.flag(C::CinPlanDates, c);
                    out.flag(C::ChildProtectionPlans, p);
                }
            }
        }
    }
}

/// 4003: a child protection plan's review is not held while a CIN plan is
/// running: a review on or after a CIN plan's start and before its end
/// flags the review, its plan and the CIN plan. A CIN plan with no end date
/// is not checked (the sector's validator does the same). Every review date
/// is checked; the sector's validator reads only the first date of each
/// plan's `Reviews` and numbers its review rows one per `Reviews` element,
/// so its review row numbers differ where a plan has several reviews.
fn r4003(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &rv in child.rows(C::Reviews) {
        let Some(day) = dt_in_range(ctx, C::Reviews, rv, reviews::CPPreviewDate) else {
            continue;
        };
        for &c in child.rows(C::CinPlanDates) {
            let cs = dt_in_range(ctx, C::CinPlanDates, c, cin_plan_dates::CINPlanStartDate);
            let ce = dt_in_range(ctx, C::CinPlanDates, c, cin_plan_dates::CINPlanEndDate);
            let (Some(cs), Some(ce)) = (cs, ce) else {
                continue;
            };
            if cs <= day && day < ce {
                out.flag(C::Reviews, rv);
                out.flag(C::CinPlanDates, c);
                if let Ok(p) = s(ctx, C::Reviews, rv, reviews::CPPID).parse::<usize>() {
                    out.flag(C::ChildProtectionPlans, p);
                }
            }
        }
    }
}

/// 4004: an episode has at most one open CIN plan (no end date); each open
/// plan of an episode with several is flagged.
fn r4004(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &e in child.rows(C::CinDetails) {
        let open: Vec<usize> = child
            .in_episode(ctx, C::CinPlanDates, e)
            .filter(|&r| s(ctx, C::CinPlanDates, r, cin_plan_dates::CINPlanEndDate).is_empty())
            .collect();
        if open.len() > 1 {
            for r in open {
                out.flag(C::CinPlanDates, r);
            }
        }
    }
}

/// Flags CIN plans whose date `col` is after the child's death, with the
/// child's identifiers.
fn plan_after_death(ctx: &Ctx, child: &Child, out: &mut Out, col: usize) {
    let Some((idr, died)) = death(ctx, child, dt_in_range) else {
        return;
    };
    for &c in child.rows(C::CinPlanDates) {
        if dt_in_range(ctx, C::CinPlanDates, c, col).is_some_and(|x| x > died) {
            out.flag(C::CinPlanDates, c);
            out.flag(C::ChildIdentifiers, idr);
        }
    }
}

/// 4008: a CIN plan cannot start after the child's death.
fn r4008(ctx: &Ctx, child: &Child, out: &mut Out) {
    plan_after_death(ctx, child, out, cin_plan_dates::CINPlanStartDate);
}

/// 4009Q: a CIN plan cannot end after the child's death.
fn r4009q(ctx: &Ctx, child: &Child, out: &mut Out) {
    plan_after_death(ctx, child, out, cin_plan_dates::CINPlanEndDate);
}

/// 4010: a CIN plan's start date must be present and on or before the
/// census day.
fn r4010(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &c in child.rows(C::CinPlanDates) {
        match dt_in_range(ctx, C::CinPlanDates, c, cin_plan_dates::CINPlanStartDate) {
            Some(x) if x <= period(ctx).1 => {}
            _ => out.flag(C::CinPlanDates, c),
        }
    }
}

/// 4011: a CIN plan cannot end before it starts.
fn r4011(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &c in child.rows(C::CinPlanDates) {
        let a = dt_in_range(ctx, C::CinPlanDates, c, cin_plan_dates::CINPlanStartDate);
        let b = dt_in_range(ctx, C::CinPlanDates, c, cin_plan_dates::CINPlanEndDate);
        if let (Some(a), Some(b)) = (a, b) {
            if b < a {
                out.flag(C::CinPlanDates, c);
            }
        }
    }
}

/// 4012Q: a CIN plan should not start and end on the same day.
fn r4012q(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &c in child.rows(C::CinPlanDates) {
        let a = dt_in_range(ctx, C::CinPlanDates, c, cin_plan_dates::CINPlanStartDate);
        let b = dt_in_range(ctx, C::CinPlanDates, c, cin_plan_dates::CINPlanEndDate);
        if a.is_some() && a == b {
            out.flag(C::CinPlanDates, c);
        }
    }
}

/// 4013: a CIN plan's end date, when given, falls within the census year.
fn r4013(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &c in child.rows(C::CinPlanDates) {
        if dt_in_range(ctx, C::CinPlanDates, c, cin_plan_dates::CINPlanEndDate)
            .is_some_and(|x| !in_year(ctx, x))
        {
            out.flag(C::CinPlanDates, c);
        }
    }
}

/// 4014: a child's CIN plans do not overlap: a plan that starts on or after
/// another's start and on or before its end is flagged, both of them. A plan
/// with no end date runs to the census day.
fn r4014(ctx: &Ctx, child: &Child, out: &mut Out) {
    let plans: Vec<(usize, Date, Option<Date>)> = child
        .rows(C::CinPlanDates)
        .iter()
        .filter_map(|&c| {
            let a = dt_in_range(ctx, C::CinPlanDates, c, cin_plan_dates::CINPlanStartDate)?;
            let b = dt_in_range(ctx, C::CinPlanDates, c, cin_plan_dates::CINPlanEndDate);
            Some((c, a, b))
        })
        .collect();
    flag_overlaps(ctx, out, C::CinPlanDates, &plans, true);
}

/// 4015: a CIN plan cannot start before its episode's referral date.
fn r4015(ctx: &Ctx, child: &Child, out: &mut Out) {
    before_referral(
        ctx,
        child,
        out,
        C::CinPlanDates,
        cin_plan_dates::CINPlanStartDate,
    );
}

/// 4016: a CIN plan does not start while one of the child's child
/// protection plans is open: on or after its start and before its end (a
/// plan with no end runs to the census day, inclusive).
fn r4016(ctx: &Ctx, child: &Child, out: &mut Out) {
    let end = period(ctx).1;
    for &c in child.rows(C::CinPlanDates) {
        let Some(cs) = dt_in_range(ctx, C::CinPlanDates, c, cin_plan_dates::CINPlanStartDate)
        else {
            continue;
        };
        for &p in child.rows(C::ChildProtectionPlans) {
            let Some(ps) = dt_in_range(ctx, C::ChildProtectionPlans, p, cp_plans::CPPstartDate)
            else {
                continue;
            };
            let pe = dt_in_range(ctx, C::ChildProtectionPlans, p, cp_plans::CPPendDate);
            if ps <= cs && pe.map_or(cs <= end, |pe| cs < pe) {
                out.flag(C::CinPlanDates, c);
                out.flag(C::ChildProtectionPlans, p);
            }
        }
    }
}

/// 4017: a child protection plan does not start while one of the child's
/// CIN plans is open: on or after its start and before its end (a plan with
/// no end runs to the census day, inclusive).
fn r4017(ctx: &Ctx, child: &Child, out: &mut Out) {
    let end = period(ctx).1;
    for &p in child.rows(C::ChildProtectionPlans) {
        let Some(ps) = dt_in_range(ctx, C::ChildProtectionPlans, p, cp_plans::CPPstartDate) else {
            continue;
        };
        for &c in child.rows(C::CinPlanDates) {
            let Some(cs) = dt_in_range(ctx, C::CinPlanDates, c, cin_plan_dates::CINPlanStartDate)
            else {
                continue;
            };
            let ce = dt_in_range(ctx, C::CinPlanDates, c, cin_plan_dates::CINPlanEndDate);
            if cs <= ps && ce.map_or(ps <= end, |ce| ps < ce) {
                out.flag(C::CinPlanDates, c);
                out.flag(C::ChildProtectionPlans, p);
            }
        }
    }
}

/// 4180: sex is M, F or U (capitals).
fn r4180(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &r in child.rows(C::ChildIdentifiers) {
        if !matches!(s(ctx, C::ChildIdentifiers, r, ids::Sex), "M" | "F" | "U") {
            out.flag(C::ChildIdentifiers, r);
        }
    }
}

/// The census's ethnicity codes.
const ETHNICITIES: &[&str] = &[
    "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN",
    "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
];

/// 4220: ethnicity is present and one of the census codes (capitals).
fn r4220(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &r in child.rows(C::ChildCharacteristics) {
        let v = s(
            ctx,
            C::ChildCharacteristics,
            r,
            child_characteristics::Ethnicity,
        );
        if !ETHNICITIES.contains(&v) {
            out.flag(C::ChildCharacteristics, r);
        }
    }
}

/// 8500: the LA child id is present.
fn r8500(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &r in child.rows(C::ChildIdentifiers) {
        if s(ctx, C::ChildIdentifiers, r, ids::LAchildID).is_empty() {
            out.flag(C::ChildIdentifiers, r);
        }
    }
}

/// 8510: no two children share an LA child id; every one that does is
/// flagged.
fn r8510(ctx: &Ctx, out: &mut Out) {
    flag_shared(ctx, out, ids::LAchildID);
}

/// 8520: the date of birth is not after the census day.
fn r8520(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &r in child.rows(C::ChildIdentifiers) {
        if dt_in_range(ctx, C::ChildIdentifiers, r, ids::PersonBirthDate)
            .is_some_and(|b| b > period(ctx).1)
        {
            out.flag(C::ChildIdentifiers, r);
        }
    }
}

/// 8525Q: exactly one of date of birth and expected date of birth is given.
fn r8525q(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &r in child.rows(C::ChildIdentifiers) {
        let born = dt_in_range(ctx, C::ChildIdentifiers, r, ids::PersonBirthDate).is_some();
        let due = dt_in_range(ctx, C::ChildIdentifiers, r, ids::ExpectedPersonBirthDate).is_some();
        if born == due {
            out.flag(C::ChildIdentifiers, r);
        }
    }
}

/// 8530Q: an expected date of birth falls between 1 March of the census
/// year's end and 31 December of that year, both days included (the sector's
/// validator also rejects the two end days).
fn r8530q(ctx: &Ctx, child: &Child, out: &mut Out) {
    let year = period(ctx).1.year();
    let from = date::ymd(year, 3, 1);
    let to = date::ymd(year, 12, 31);
    for &r in child.rows(C::ChildIdentifiers) {
        if let Some(x) = dt_in_range(ctx, C::ChildIdentifiers, r, ids::ExpectedPersonBirthDate) {
            if x < from || x > to {
                out.flag(C::ChildIdentifiers, r);
            }
        }
    }
}

/// 8535Q: a date of death is not before the date of birth. A death with no
/// (valid) date of birth is flagged too: a child who died was born.
fn r8535q(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &r in child.rows(C::ChildIdentifiers) {
        let b = dt_in_range(ctx, C::ChildIdentifiers, r, ids::PersonBirthDate);
        let Some(x) = dt_in_range(ctx, C::ChildIdentifiers, r, ids::PersonDeathDate) else {
            continue;
        };
        if b.is_none_or(|b| x < b) {
            out.flag(C::ChildIdentifiers, r);
        }
    }
}

/// 8540: a child who is born and has a referral that led to further action
/// has at least one disability recorded (`NONE` when they have none), each
/// one of the census codes. The child's characteristics are flagged. The
/// sector's validator never raises this rule (invalid codes are left to its
/// 8790), so Hearth follows the DfE's wording alone.
fn r8540(ctx: &Ctx, child: &Child, out: &mut Out) {
    let Some(idr) = ids_row(child) else { return };
    if dt_in_range(ctx, C::ChildIdentifiers, idr, ids::PersonBirthDate).is_none() {
        return;
    }
    let acted = child
        .rows(C::CinDetails)
        .iter()
        .any(|&e| no_exact(s(ctx, C::CinDetails, e, cin_details::ReferralNFA)));
    if !acted {
        return;
    }
    let codes: Vec<&str> = child
        .rows(C::Disabilities)
        .iter()
        .map(|&r| s(ctx, C::Disabilities, r, disabilities::Disability))
        .collect();
    if codes.is_empty() || codes.iter().any(|c| !DISABILITIES.contains(c)) {
        for &r in child.rows(C::ChildCharacteristics) {
            out.flag(C::ChildCharacteristics, r);
        }
    }
}

/// 8545Q: a date of death falls within the census year.
fn r8545q(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &r in child.rows(C::ChildIdentifiers) {
        if dt_in_range(ctx, C::ChildIdentifiers, r, ids::PersonDeathDate)
            .is_some_and(|x| !in_year(ctx, x))
        {
            out.flag(C::ChildIdentifiers, r);
        }
    }
}

/// 8555Q: a child is not referred after their death.
fn r8555q(ctx: &Ctx, child: &Child, out: &mut Out) {
    let Some((idr, died)) = death(ctx, child, dt_in_range) else {
        return;
    };
    for &e in child.rows(C::CinDetails) {
        if dt_in_range(ctx, C::CinDetails, e, cin_details::CINreferralDate)
            .is_some_and(|x| x > died)
        {
            out.flag(C::CinDetails, e);
            out.flag(C::ChildIdentifiers, idr);
        }
    }
}

/// 8565: nothing happens on an episode after its closure date: no
/// assessment starting or authorised, S47 starting, initial conference, CIN
/// plan starting or ending or child protection plan ending after it. The
/// DfE lists CPPendDate among the dates; the sector's validator leaves it
/// out (and fails outright on a return where some episode lacks one of the
/// modules), Hearth keeps it.
fn r8565(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &e in child.rows(C::CinDetails) {
        let Some(closed) = dt_in_range(ctx, C::CinDetails, e, cin_details::CINclosureDate) else {
            continue;
        };
        let after =
            |t: C, r: usize, col: usize| dt_in_range(ctx, t, r, col).is_some_and(|x| x > closed);
        let mut any = after(C::CinDetails, e, cin_details::DateOfInitialCPC);
        for a in child.in_episode(ctx, C::Assessments, e) {
            if after(C::Assessments, a, assessments::AssessmentActualStartDate)
                || after(C::Assessments, a, assessments::AssessmentAuthorisationDate)
            {
                out.flag(C::Assessments, a);
                any = true;
            }
        }
        for r in child.in_episode(ctx, C::Section47, e) {
            if after(C::Section47, r, section47::S47ActualStartDate)
                || after(C::Section47, r, section47::DateOfInitialCPC)
            {
                out.flag(C::Section47, r);
                any = true;
            }
        }
        for r in child.in_episode(ctx, C::CinPlanDates, e) {
            if after(C::CinPlanDates, r, cin_plan_dates::CINPlanStartDate)
                || after(C::CinPlanDates, r, cin_plan_dates::CINPlanEndDate)
            {
                out.flag(C::CinPlanDates, r);
                any = true;
            }
        }
        for r in child.in_episode(ctx, C::ChildProtectionPlans, e) {
            if after(C::ChildProtectionPlans, r, cp_plans::CPPendDate) {
                out.flag(C::ChildProtectionPlans, r);
                any = true;
            }
        }
        if any {
            out.flag(C::CinDetails, e);
        }
    }
}

/// 8568: the referral-no-further-action flag is present and a yes/no
/// (`true`, `false`, `1`, `0`, any case).
fn r8568(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &e in child.rows(C::CinDetails) {
        let v = s(ctx, C::CinDetails, e, cin_details::ReferralNFA).to_ascii_lowercase();
        if !matches!(v.as_str(), "true" | "false" | "1" | "0") {
            out.flag(C::CinDetails, e);
        }
    }
}

/// 8569Q: a referral made before the working day before the census year
/// began cannot be a no-further-action referral. Only an explicit "no"
/// (`false`/`0`) passes: a missing flag is flagged too. For 2025/26 the
/// cut-off is Monday 31 March 2025: a referral that day is not flagged (the
/// sector's validator flags everything before 1 April).
fn r8569q(ctx: &Ctx, child: &Child, out: &mut Out) {
    let cutoff = date::add_working_days(period(ctx).0, -1);
    for &e in child.rows(C::CinDetails) {
        let nfa = !no_exact(s(ctx, C::CinDetails, e, cin_details::ReferralNFA));
        if nfa
            && dt_in_range(ctx, C::CinDetails, e, cin_details::CINreferralDate)
                .is_some_and(|x| x < cutoff)
        {
            out.flag(C::CinDetails, e);
        }
    }
}

/// 8585Q: an episode closed because the child died (RC2) needs a date of
/// death.
fn r8585q(ctx: &Ctx, child: &Child, out: &mut Out) {
    let Some(idr) = ids_row(child) else { return };
    if !s(ctx, C::ChildIdentifiers, idr, ids::PersonDeathDate).is_empty() {
        return;
    }
    for &e in child.rows(C::CinDetails) {
        if s(ctx, C::CinDetails, e, cin_details::ReasonForClosure) == "RC2" {
            out.flag(C::CinDetails, e);
            out.flag(C::ChildIdentifiers, idr);
        }
    }
}

/// 8590: every child has a CIN episode.
fn r8590(_ctx: &Ctx, child: &Child, out: &mut Out) {
    if child.rows(C::CinDetails).is_empty() {
        if let Some(r) = ids_row(child) {
            out.flag(C::ChildIdentifiers, r);
        }
    }
}

/// 8600: a referral date is present and not after the census day.
fn r8600(ctx: &Ctx, child: &Child, out: &mut Out) {
    let end = period(ctx).1;
    for &e in child.rows(C::CinDetails) {
        match dt_in_range(ctx, C::CinDetails, e, cin_details::CINreferralDate) {
            Some(x) if x <= end => {}
            _ => out.flag(C::CinDetails, e),
        }
    }
}

/// 8606: a referral is not more than 40 weeks before the child's date of
/// birth, nor before their expected date of birth (each checked when given).
fn r8606(ctx: &Ctx, child: &Child, out: &mut Out) {
    let Some(idr) = ids_row(child) else { return };
    let births: Vec<Date> = [ids::PersonBirthDate, ids::ExpectedPersonBirthDate]
        .iter()
        .filter_map(|&c| dt_in_range(ctx, C::ChildIdentifiers, idr, c))
        .collect();
    for &e in child.rows(C::CinDetails) {
        let Some(x) = dt_in_range(ctx, C::CinDetails, e, cin_details::CINreferralDate) else {
            continue;
        };
        if births.iter().any(|&b| x < b - Duration::weeks(40)) {
            out.flag(C::CinDetails, e);
            out.flag(C::ChildIdentifiers, idr);
        }
    }
}

/// 8608: an assessment does not start after it is authorised.
fn r8608(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &a in child.rows(C::Assessments) {
        let start = dt_in_range(
            ctx,
            C::Assessments,
            a,
            assessments::AssessmentActualStartDate,
        );
        let end = dt_in_range(
            ctx,
            C::Assessments,
            a,
            assessments::AssessmentAuthorisationDate,
        );
        if let (Some(start), Some(end)) = (start, end) {
            if start > end {
                out.flag(C::Assessments, a);
            }
        }
    }
}

/// 8610: a referral that led to further action has a primary need code.
fn r8610(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &e in child.rows(C::CinDetails) {
        if no_exact(s(ctx, C::CinDetails, e, cin_details::ReferralNFA))
            && s(ctx, C::CinDetails, e, cin_details::PrimaryNeedCode).is_empty()
        {
            out.flag(C::CinDetails, e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cin::{engine::validate_with, xml_io};
    use crate::CollectionYear;

    const HEAD: &str = "<Message><Header><CollectionDetails><Collection>CIN</Collection>\
        <Year>2026</Year><ReferenceDate>2026-03-31</ReferenceDate></CollectionDetails>\
        </Header><Children>";

    /// A child with identifiers `ids` (XML leaves), characteristics `chars`
    /// and CIN details `episodes` (each the inside of a `CINdetails`).
    fn kid(id: &str, ids: &str, chars: &str, episodes: &[&str]) -> String {
        let mut x = format!(
            "<Child><ChildIdentifiers><LAchildID>{id}</LAchildID>{ids}</ChildIdentifiers>\
             <ChildCharacteristics>{chars}</ChildCharacteristics>"
        );
        for e in episodes {
            x.push_str(&format!("<CINdetails>{e}</CINdetails>"));
        }
        x.push_str("</Child>");
        x
    }

    /// Runs the rule `code` over the children, returning
    /// `child,table,row` for each finding.
    fn run_with(head: &str, code: &str, kids: &[String]) -> Vec<String> {
        let xml = format!("{head}{}</Children></Message>", kids.concat());
        let ret = match xml_io::read("t.xml", xml.as_bytes()) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        let rules: Vec<Rule> = RULES.iter().filter(|r| r.code == code).copied().collect();
        assert_eq!(rules.len(), 1, "rule {code}");
        validate_with(&ret, CollectionYear(2026), &rules, None)
            .into_iter()
            .map(|f| format!("{},{},{}", f.child_id, f.table, f.row_id))
            .collect()
    }

    fn run(code: &str, kids: &[String]) -> Vec<String> {
        run_with(HEAD, code, kids)
    }

    const BORN: &str = "<PersonBirthDate>2015-01-01</PersonBirthDate><Sex>M</Sex>";
    const EP: &str =
        "<CINreferralDate>2025-06-01</CINreferralDate><ReferralNFA>false</ReferralNFA>";

    #[test]
    fn r100_reference_date_is_31_march_of_the_header_year() {
        let ok = run("100", &[kid("A", BORN, "", &[EP])]);
        assert!(ok.is_empty());
        let head = HEAD.replace("2026-03-31", "2026-03-30");
        assert_eq!(run_with(&head, "100", &[]), vec![",,-1"]);
        // A 2023 return dated 31 March 2023 is right about itself.
        let head = HEAD
            .replace("2026-03-31", "2023-03-31")
            .replace(">2026<", ">2023<");
        assert!(run_with(&head, "100", &[]).is_empty());
    }

    #[test]
    fn r1103_assessment_before_referral_flags_both_rows() {
        let ep = |start: &str| {
            format!("{EP}<Assessments><AssessmentActualStartDate>{start}</AssessmentActualStartDate></Assessments>")
        };
        let kids = [
            kid("A", BORN, "", &[&ep("2025-05-31")]),
            kid("B", BORN, "", &[&ep("2025-06-01")]),
        ];
        assert_eq!(
            run("1103", &kids),
            vec!["A,Assessments,0", "A,CINdetails,0"]
        );
    }

    #[test]
    fn upn_rules_check_a_13_character_upn() {
        let upn = |u: &str| kid(u, &format!("<UPN>{u}</UPN>{BORN}"), "", &[EP]);
        // Y is the check letter of 201000000001.
        let kids = [
            upn("Y201000000001"),
            upn("A201000000001"),
            upn("A12345678912"),
        ];
        assert_eq!(run("1510", &kids), vec!["A201000000001,ChildIdentifiers,1"]);
        let kids = [
            upn("Y201000000001"),
            upn("Y999000000001"),
            upn("Y001000000001"),
        ];
        assert_eq!(run("1530", &kids), vec!["Y999000000001,ChildIdentifiers,1"]);
        let kids = [upn("Y2010000X0001"), upn("Y201000000001")];
        assert_eq!(run("1540", &kids), vec!["Y2010000X0001,ChildIdentifiers,0"]);
        let kids = [upn("Y20100000000I"), upn("Y20100000000Z")];
        assert_eq!(run("1550", &kids), vec!["Y20100000000I,ChildIdentifiers,0"]);
    }

    #[test]
    fn code_lists_are_sorted_for_search() {
        assert!(UPN_LA_CODES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn r1520_and_8510_flag_every_holder_of_a_shared_value() {
        let kids = [
            kid("A", &format!("<UPN>Y201000000001</UPN>{BORN}"), "", &[EP]),
            kid("B", &format!("<UPN>Y201000000001</UPN>{BORN}"), "", &[EP]),
            kid("A", BORN, "", &[EP]),
        ];
        assert_eq!(
            run("1520", &kids),
            vec!["A,ChildIdentifiers,0", "B,ChildIdentifiers,1"]
        );
        assert_eq!(
            run("8510", &kids),
            vec!["A,ChildIdentifiers,0", "A,ChildIdentifiers,2"]
        );
    }

    #[test]
    fn r1560q_former_upn_is_a_letter_and_twelve_digits() {
        let f =
            |id: &str, u: &str| kid(id, &format!("<FormerUPN>{u}</FormerUPN>{BORN}"), "", &[EP]);
        let kids = [
            f("A", "a201000000001"),
            f("B", "X98765432123B"),
            f("C", "A12"),
        ];
        assert_eq!(
            run("1560Q", &kids),
            vec!["B,ChildIdentifiers,1", "C,ChildIdentifiers,2"]
        );
    }

    #[test]
    fn child_id_length_and_characters() {
        let kids = [
            kid(&"a".repeat(20), BORN, "", &[EP]),
            kid(&"a".repeat(21), BORN, "", &[EP]),
            kid("ab_c", BORN, "", &[EP]),
        ];
        assert_eq!(
            run("1570", &kids),
            vec![format!("{},ChildIdentifiers,1", "a".repeat(21))]
        );
        assert_eq!(run("1580", &kids), vec!["ab_c,ChildIdentifiers,2"]);
    }

    #[test]
    fn r2885_plan_start_matches_an_initial_conference() {
        let s47 = "<Section47><S47ActualStartDate>2025-06-02</S47ActualStartDate>\
                   <DateOfInitialCPC>2025-06-10</DateOfInitialCPC></Section47>";
        let cpp = |d: &str| {
            format!("<ChildProtectionPlans><CPPstartDate>{d}</CPPstartDate></ChildProtectionPlans>")
        };
        let a = format!("{EP}{s47}{}{}", cpp("2025-06-10"), cpp("2025-08-10"));
        let b = format!(
            "{EP}<DateOfInitialCPC>2025-06-12</DateOfInitialCPC>{}",
            cpp("2025-07-10")
        );
        // Plans starting before the census year are not checked.
        let c = format!("{EP}{}", cpp("2025-02-10"));
        let kids = [kid("A", BORN, "", &[&a]), kid("B", BORN, "", &[&b, &c])];
        assert_eq!(
            run("2885", &kids),
            vec![
                "A,ChildProtectionPlans,1",
                "B,CINdetails,1",
                "B,ChildProtectionPlans,2",
            ]
        );
    }

    #[test]
    fn r2886q_counts_children_with_no_sex_recorded() {
        let kids: Vec<String> = (0..60)
            .map(|i| {
                kid(
                    &format!("K{i}"),
                    "<PersonBirthDate>2015-01-01</PersonBirthDate><Sex>M</Sex>",
                    "",
                    &[EP],
                )
            })
            .collect();
        assert!(run("2886Q", &kids).is_empty());
        let mut more = kids.clone();
        more.push(kid(
            "X",
            "<PersonBirthDate>2015-01-01</PersonBirthDate>",
            "",
            &[EP],
        ));
        more.push(kid(
            "Y",
            "<PersonBirthDate>2015-01-01</PersonBirthDate>",
            "",
            &[EP],
        ));
        assert_eq!(run("2886Q", &more), vec![",,-1"]);
        let mut unknown = kids.clone();
        unknown.push(kid(
            "X",
            "<PersonBirthDate>2015-01-01</PersonBirthDate><Sex>U</Sex>",
            "",
            &[EP],
        ));
        unknown.push(kid(
            "Y",
            "<PersonBirthDate>2015-01-01</PersonBirthDate><Sex>U</Sex>",
            "",
            &[EP],
        ));
        assert_eq!(run("2886Q", &unknown), vec![",,-1"]);
        // Unborn children are left out of the count.
        let mut unborn = kids;
        unborn.push(kid(
            "X",
            "<ExpectedPersonBirthDate>2026-05-01</ExpectedPersonBirthDate>",
            "",
            &[EP],
        ));
        unborn.push(kid(
            "Y",
            "<ExpectedPersonBirthDate>2026-05-01</ExpectedPersonBirthDate>",
            "",
            &[EP],
        ));
        assert!(run("2886Q", &unborn).is_empty());
    }

    #[test]
    fn cin_plan_rules() {
        let plan = |a: &str, b: &str| {
            let end = if b.is_empty() {
                String::new()
            } else {
                format!("<CINPlanEndDate>{b}</CINPlanEndDate>")
            };
            format!("<CINPlanDates><CINPlanStartDate>{a}</CINPlanStartDate>{end}</CINPlanDates>")
        };
        let two_open = format!("{EP}{}{}", plan("2025-06-10", ""), plan("2025-07-10", ""));
        let kids = [kid("A", BORN, "", &[&two_open])];
        assert_eq!(
            run("4004", &kids),
            vec!["A,CINplanDates,0", "A,CINplanDates,1"]
        );
        // One open plan in each of two episodes is allowed by 4004, but the
        // two overlap (4014 looks at the whole child).
        let one = format!("{EP}{}", plan("2025-06-10", ""));
        let kids = [kid("A", BORN, "", &[&one, &one])];
        assert!(run("4004", &kids).is_empty());
        assert_eq!(
            run("4014", &kids),
            vec!["A,CINplanDates,0", "A,CINplanDates,1"]
        );
        // Touching plans overlap; separate ones do not.
        let touching = format!(
            "{EP}{}{}",
            plan("2025-06-10", "2025-07-10"),
            plan("2025-07-10", "2025-08-10")
        );
        let apart = format!(
            "{EP}{}{}",
            plan("2025-06-10", "2025-07-09"),
            plan("2025-07-10", "2025-08-10")
        );
        let kids = [
            kid("A", BORN, "", &[&touching]),
            kid("B", BORN, "", &[&apart]),
        ];
        assert_eq!(
            run("4014", &kids),
            vec!["A,CINplanDates,0", "A,CINplanDates,1"]
        );
        let odd = format!(
            "{EP}{}{}",
            plan("2025-06-10", "2025-06-10"),
            plan("2025-07-10", "2025-06-10")
        );
        let kids = [kid("A", BORN, "", &[&odd])];
        assert_eq!(run("4011", &kids), vec!["A,CINplanDates,1"]);
        assert_eq!(run("4012Q", &kids), vec!["A,CINplanDates,0"]);
    }

    #[test]
    fn r4003_review_during_a_cin_plan_flags_review_plan_and_cin_plan() {
        let ep = |review: &str| {
            format!(
                "{EP}<CINPlanDates><CINPlanStartDate>2025-06-01</CINPlanStartDate>\
                 <CINPlanEndDate>2025-07-01</CINPlanEndDate></CINPlanDates>\
                 <ChildProtectionPlans><CPPstartDate>2025-05-01</CPPstartDate>\
                 <Reviews><CPPreviewDate>{review}</CPPreviewDate></Reviews></ChildProtectionPlans>"
            )
        };
        let kids = [
            kid("A", BORN, "", &[&ep("2025-06-01")]),
            kid("B", BORN, "", &[&ep("2025-07-01")]),
        ];
        assert_eq!(
            run("4003", &kids),
            vec![
                "A,CINplanDates,0",
                "A,ChildProtectionPlans,0",
                "A,Reviews,0"
            ]
        );
    }

    #[test]
    fn r4180_and_4220_codes_are_exact() {
        let kids = [
            kid("A", "<Sex>M</Sex>", "<Ethnicity>WBRI</Ethnicity>", &[EP]),
            kid("B", "<Sex>m</Sex>", "<Ethnicity>wbri</Ethnicity>", &[EP]),
            kid("C", "<Sex>1</Sex>", "", &[EP]),
        ];
        assert_eq!(
            run("4180", &kids),
            vec!["B,ChildIdentifiers,1", "C,ChildIdentifiers,2"]
        );
        assert_eq!(
            run("4220", &kids),
            vec!["B,ChildCharacteristics,1", "C,ChildCharacteristics,2"]
        );
    }

    #[test]
    fn birth_and_death_rules() {
        let kids = [
            kid("A", "<PersonBirthDate>2015-01-01</PersonBirthDate>", "", &[EP]),
            kid("B", "<PersonBirthDate>2015-01-01</PersonBirthDate><ExpectedPersonBirthDate>2026-05-01</ExpectedPersonBirthDate>", "", &[EP]),
            // A year-1121 typo counts as no date.
            kid("C", "<ExpectedPersonBirthDate>1121-05-01</ExpectedPersonBirthDate>", "", &[EP]),
            kid("D", "<PersonDeathDate>2025-05-01</PersonDeathDate>", "", &[EP]),
        ];
        assert_eq!(
            run("8525Q", &kids),
            vec![
                "B,ChildIdentifiers,1",
                "C,ChildIdentifiers,2",
                "D,ChildIdentifiers,3"
            ]
        );
        assert_eq!(run("8535Q", &kids), vec!["D,ChildIdentifiers,3"]);
        assert_eq!(
            run("8555Q", &kids),
            vec!["D,CINdetails,3", "D,ChildIdentifiers,3"]
        );
    }

    #[test]
    fn r8530q_expected_birth_from_march_to_december_inclusive() {
        let due = |d: &str| {
            kid(
                &format!("X{d}"),
                &format!("<ExpectedPersonBirthDate>{d}</ExpectedPersonBirthDate>"),
                "",
                &[EP],
            )
        };
        let kids = [
            due("2026-02-28"),
            due("2026-03-01"),
            due("2026-12-31"),
            due("2027-01-01"),
        ];
        assert_eq!(
            run("8530Q", &kids),
            vec![
                "X2026-02-28,ChildIdentifiers,0",
                "X2027-01-01,ChildIdentifiers,3"
            ]
        );
    }

    #[test]
    fn r8610_primary_need_needed_after_an_explicit_no() {
        let ep = |nfa: &str| {
            format!("<CINreferralDate>2025-06-01</CINreferralDate><ReferralNFA>{nfa}</ReferralNFA>")
        };
        let kids = [
            kid("A", BORN, "", &[&ep("false")]),
            kid("B", BORN, "", &[&ep("FALSE")]),
            kid("C", BORN, "", &[&ep("true")]),
        ];
        assert_eq!(run("8610", &kids), vec!["A,CINdetails,0"]);
    }

    #[test]
    fn r8569q_old_referral_must_not_be_nfa() {
        let ep = |date: &str, nfa: &str| format!("<CINreferralDate>{date}</CINreferralDate>{nfa}");
        let kids = [
            // The working day before 1 April 2025 is Monday 31 March.
            kid(
                "A",
                BORN,
                "",
                &[&ep("2025-03-28", "<ReferralNFA>true</ReferralNFA>")],
            ),
            kid(
                "B",
                BORN,
                "",
                &[&ep("2025-03-31", "<ReferralNFA>true</ReferralNFA>")],
            ),
            kid(
                "C",
                BORN,
                "",
                &[&ep("2025-03-28", "<ReferralNFA>false</ReferralNFA>")],
            ),
            kid("D", BORN, "", &[&ep("2025-03-28", "")]),
        ];
        assert_eq!(
            run("8569Q", &kids),
            vec!["A,CINdetails,0", "D,CINdetails,3"]
        );
        assert_eq!(run("8568", &kids), vec!["D,CINdetails,3"]);
    }

    #[test]
    fn r8565_activity_after_closure_includes_plan_end() {
        // The sector's validator leaves out CPPendDate, which the DfE rule
        // names; Hearth checks it.
        let ep = format!(
            "{EP}<CINclosureDate>2025-09-01</CINclosureDate><ReasonForClosure>RC1</ReasonForClosure>\
             <ChildProtectionPlans><CPPstartDate>2025-06-10</CPPstartDate>\
             <CPPendDate>2025-09-05</CPPendDate></ChildProtectionPlans>"
        );
        let ok = format!("{EP}<CINclosureDate>2025-09-01</CINclosureDate>");
        let kids = [kid("A", BORN, "", &[&ep]), kid("B", BORN, "", &[&ok])];
        assert_eq!(
            run("8565", &kids),
            vec!["A,CINdetails,0", "A,ChildProtectionPlans,0"]
        );
    }

    #[test]
    fn r8540_disability_needed_for_a_born_child_with_further_action() {
        let dis = |d: &str| {
            format!("<Ethnicity>WBRI</Ethnicity><Disabilities><Disability>{d}</Disability></Disabilities>")
        };
        let kids = [
            kid("A", BORN, &dis("NONE"), &[EP]),
            kid("B", BORN, &dis("XYZ"), &[EP]),
            kid("C", BORN, "<Ethnicity>WBRI</Ethnicity>", &[EP]),
            kid(
                "D",
                "<ExpectedPersonBirthDate>2026-05-01</ExpectedPersonBirthDate>",
                "",
                &[EP],
            ),
        ];
        assert_eq!(
            run("8540", &kids),
            vec!["B,ChildCharacteristics,1", "C,ChildCharacteristics,2"]
        );
    }

    #[test]
    fn r8606_referral_40_weeks_before_either_birth_date() {
        let ids = "<PersonBirthDate>2019-06-15</PersonBirthDate>\
                   <ExpectedPersonBirthDate>2025-10-05</ExpectedPersonBirthDate>";
        let ep = "<CINreferralDate>2024-12-24</CINreferralDate>";
        let ok = "<CINreferralDate>2024-12-30</CINreferralDate>";
        let kids = [kid("A", ids, "", &[ep]), kid("B", ids, "", &[ok])];
        assert_eq!(
            run("8606", &kids),
            vec!["A,CINdetails,0", "A,ChildIdentifiers,0"]
        );
    }
}
