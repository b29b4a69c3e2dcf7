//! CIN census rules 8614 to 8950: episodes, assessments, section 47
//! enquiries, child protection plans and the child's identifiers.
//!
//! Conventions shared by these rules:
//! - A date that does not parse is treated as absent.
//! - A yes/no value (`ReferralNFA`, `ICPCnotRequired`) is "yes" when it is
//!   `true` or `1` and "no" when it is `false` or `0`, in any letter case; a
//!   blank value is neither.
//! - The census year runs from 1 April to the reference date, 31 March, both
//!   included.

use time::{Date, Weekday};

use super::common::{
    death, dt, flag_overlaps, flag_rows, ids_row, in_year, no_any_case, overlapping, yes,
};
use crate::cin::engine::{d, Check, Child, Ctx, Out, Rule};
use crate::cin::{
    assessment_factors, assessments, child_identifiers, cin_details, cp_plans, disabilities,
    reviews, section47, C,
};
use crate::date;
use crate::table::Table;
use crate::RuleType::{Error, Query};

macro_rules! rule {
    ($code:literal, $ty:expr, $f:ident) => {
        Rule {
            code: $code,
            rule_type: $ty,
            check: Check::Child($f),
        }
    };
}

// The rule type is the one the sector's validator prints for each rule,
// which for some rules differs from the DfE's list (8670Q, 8675Q, 8842Q,
// 8863Q and 8897Q print as errors; 8831, 8832, 8841, 8867, 8868, 8915 and
// 8920 as queries). Rules it never reports (8614, 8869, 8870Q, 8898, 8945Q,
// 8950Q) keep the DfE's type.
pub const RULES: &[Rule] = &[
    rule!("8614", Error, r8614),
    rule!("8615", Error, r8615),
    rule!("8620", Error, r8620),
    rule!("8630", Error, r8630),
    rule!("8640", Error, r8640),
    rule!("8650", Error, r8650),
    rule!("8670Q", Error, r8670q),
    rule!("8675Q", Error, r8675q),
    rule!("8696", Error, r8696),
    rule!("8715", Error, r8715),
    rule!("8720", Error, r8720),
    rule!("8730", Error, r8730),
    rule!("8736", Error, r8736),
    rule!("8740", Error, r8740),
    rule!("8750", Error, r8750),
    rule!("8770Q", Query, r8770q),
    rule!("8772", Query, r8772),
    rule!("8775Q", Query, r8775q),
    rule!("8790", Error, r8790),
    rule!("8794", Error, r8794),
    rule!("8805", Error, r8805),
    rule!("8810", Error, r8810),
    rule!("8815", Error, r8815),
    rule!("8816", Error, r8816),
    rule!("8820", Error, r8820),
    rule!("8825Q", Query, r8825q),
    rule!("8831", Query, r8831),
    rule!("8832", Query, r8832),
    rule!("8839", Error, r8839),
    rule!("8840", Error, r8840),
    rule!("8841", Query, r8841),
    rule!("8842Q", Error, r8842q),
    rule!("8863Q", Error, r8863q),
    rule!("8866", Error, r8866),
    rule!("8867", Query, r8867),
    rule!("8868", Query, r8868),
    rule!("8869", Error, r8869),
    rule!("8870Q", Query, r8870q),
    rule!("8873Q", Query, r8873q),
    rule!("8875", Error, r8875),
    rule!("8890", Error, r8890),
    rule!("8896", Error, r8896),
    rule!("8897Q", Error, r8897q),
    rule!("8898", Error, r8898),
    rule!("8905", Error, r8905),
    rule!("8910", Error, r8910),
    rule!("8915", Query, r8915),
    rule!("8920", Query, r8920),
    rule!("8925", Error, r8925),
    rule!("8930", Error, r8930),
    rule!("8935", Error, r8935),
    rule!("8940", Error, r8940),
    rule!("8945Q", Query, r8945q),
    rule!("8950Q", Query, r8950q),
];

// ---------------------------------------------------------------- helpers

fn weekend(day: Date) -> bool {
    matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// The rows of `t` belonging to each of the child's CIN episodes, in the
/// order of `child.rows(CinDetails)`: one pass over the child's rows. The
/// link is read as a number here, where `Child::in_episode` (used by rules
/// 100 to 8610) matches it as text.
fn by_episode(ctx: &Ctx, child: &Child, t: C) -> Vec<Vec<usize>> {
    let eps = child.rows(C::CinDetails);
    let mut out = vec![Vec::new(); eps.len()];
    let table = ctx.t(t);
    for &r in child.rows(t) {
        let Ok(link) = table.get(r, 1).parse::<usize>() else {
            continue;
        };
        if let Some(i) = eps.iter().position(|&e| e == link) {
            if let Some(slot) = out.get_mut(i) {
                slot.push(r);
            }
        }
    }
    out
}

/// Each of the child's assessments with its factor codes (from the
/// `AssessmentFactorsList` rows linked to it, blanks dropped).
fn factors<'a>(ctx: &'a Ctx, child: &Child) -> Vec<(usize, Vec<&'a str>)> {
    let list = ctx.t(C::AssessmentFactorsList);
    let mut out: Vec<(usize, Vec<&str>)> = child
        .rows(C::Assessments)
        .iter()
        .map(|&a| (a, Vec::new()))
        .collect();
    for &f in child.rows(C::AssessmentFactorsList) {
        let Ok(link) = list
            .get(f, assessment_factors::AssessmentID)
            .parse::<usize>()
        else {
            continue;
        };
        let value = list.get(f, assessment_factors::AssessmentFactors);
        if value.is_empty() {
            continue;
        }
        if let Some(slot) = out.iter_mut().find(|(a, _)| *a == link) {
            slot.1.push(value);
        }
    }
    out
}

/// Whether a section 47 enquiry is still open: no initial conference date
/// and not marked as needing none.
fn s47_open(s: &Table, r: usize) -> bool {
    d(s, r, section47::DateOfInitialCPC).is_none() && !yes(s.get(r, section47::ICPCnotRequired))
}

// ---------------------------------------------------------------- rules

/// 8614: factors identified at assessment may only be given for a
/// completed assessment (one with an authorisation date). The sector's
/// validator fails on this rule, so it is implemented from the DfE text.
fn r8614(ctx: &Ctx, child: &Child, out: &mut Out) {
    for (a, f) in factors(ctx, child) {
        if !f.is_empty()
            && dt(
                ctx,
                C::Assessments,
                a,
                assessments::AssessmentAuthorisationDate,
            )
            .is_none()
        {
            out.flag(C::Assessments, a);
        }
    }
}

/// 8615: when a section 47 enquiry has an initial conference date, its
/// start date must be present and not after it.
fn r8615(ctx: &Ctx, child: &Child, out: &mut Out) {
    let s = ctx.t(C::Section47);
    for &r in child.rows(C::Section47) {
        if let Some(icpc) = d(s, r, section47::DateOfInitialCPC) {
            if d(s, r, section47::S47ActualStartDate).is_none_or(|start| start > icpc) {
                out.flag(C::Section47, r);
            }
        }
    }
}

/// 8620: a CIN closure date, when given, must fall within the census year.
fn r8620(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &r in child.rows(C::CinDetails) {
        if let Some(c) = dt(ctx, C::CinDetails, r, cin_details::CINclosureDate) {
            if !in_year(ctx, c) {
                out.flag(C::CinDetails, r);
            }
        }
    }
}

/// 8630: a CIN episode cannot close before its referral.
fn r8630(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(C::CinDetails);
    for &r in child.rows(C::CinDetails) {
        if let (Some(refd), Some(close)) = (
            d(t, r, cin_details::CINreferralDate),
            d(t, r, cin_details::CINclosureDate),
        ) {
            if close < refd {
                out.flag(C::CinDetails, r);
            }
        }
    }
}

/// 8640: a reason for closure, when given, must be RC1 to RC9 (exact case).
fn r8640(ctx: &Ctx, child: &Child, out: &mut Out) {
    const CODES: &[&str] = &[
        "RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9",
    ];
    let t = ctx.t(C::CinDetails);
    for &r in child.rows(C::CinDetails) {
        let v = t.get(r, cin_details::ReasonForClosure);
        if !v.is_empty() && !CODES.contains(&v) {
            out.flag(C::CinDetails, r);
        }
    }
}

/// 8650: a primary need code, when given, must be N0 to N9 (exact case).
fn r8650(ctx: &Ctx, child: &Child, out: &mut Out) {
    const CODES: &[&str] = &["N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"];
    let t = ctx.t(C::CinDetails);
    for &r in child.rows(C::CinDetails) {
        let v = t.get(r, cin_details::PrimaryNeedCode);
        if !v.is_empty() && !CODES.contains(&v) {
            out.flag(C::CinDetails, r);
        }
    }
}

/// 8670Q: an assessment with no authorisation date that started 45 or more
/// working days before the reference date (the sector's validator counts
/// exactly 45 as too long).
fn r8670q(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(C::Assessments);
    for &r in child.rows(C::Assessments) {
        if d(t, r, assessments::AssessmentAuthorisationDate).is_some() {
            continue;
        }
        if let Some(start) = d(t, r, assessments::AssessmentActualStartDate) {
            if date::working_days_between(start, ctx.end) >= 45 {
                out.flag(C::Assessments, r);
            }
        }
    }
}

/// 8675Q: a section 47 enquiry with no initial conference date, where the
/// conference is not marked as not required (`false`/`0`; a blank flag is
/// left to the schema), that started 15 or more working days before the
/// reference date.
fn r8675q(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(C::Section47);
    for &r in child.rows(C::Section47) {
        if d(t, r, section47::DateOfInitialCPC).is_some()
            || !no_any_case(t.get(r, section47::ICPCnotRequired))
        {
            continue;
        }
        if let Some(start) = d(t, r, section47::S47ActualStartDate) {
            if date::working_days_between(start, ctx.end) >= 15 {
                out.flag(C::Section47, r);
            }
        }
    }
}

/// 8696: an assessment's authorisation date, when given, must fall within
/// the census year.
fn r8696(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &r in child.rows(C::Assessments) {
        if let Some(a) = dt(
            ctx,
            C::Assessments,
            r,
            assessments::AssessmentAuthorisationDate,
        ) {
            if !in_year(ctx, a) {
                out.flag(C::Assessments, r);
            }
        }
    }
}

/// 8715: a section 47 enquiry's initial conference date, when given, must
/// fall within the census year (the episode-level `DateOfInitialCPC` is not
/// checked).
fn r8715(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &r in child.rows(C::Section47) {
        if let Some(a) = dt(ctx, C::Section47, r, section47::DateOfInitialCPC) {
            if !in_year(ctx, a) {
                out.flag(C::Section47, r);
            }
        }
    }
}

/// 8720: a child protection plan must have a start date on or before the
/// reference date.
fn r8720(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &r in child.rows(C::ChildProtectionPlans) {
        if dt(ctx, C::ChildProtectionPlans, r, cp_plans::CPPstartDate).is_none_or(|s| s > ctx.end) {
            out.flag(C::ChildProtectionPlans, r);
        }
    }
}

/// 8730: a child protection plan must give the number of previous plans.
fn r8730(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, C::ChildProtectionPlans, |t, r| {
        t.get(r, cp_plans::NumberOfPreviousCPP).is_empty()
    });
}

/// 8736: an assessment not yet authorised must have started within the
/// census year (a missing start date is flagged too).
fn r8736(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(C::Assessments);
    for &r in child.rows(C::Assessments) {
        if d(t, r, assessments::AssessmentAuthorisationDate).is_some() {
            continue;
        }
        if d(t, r, assessments::AssessmentActualStartDate).is_none_or(|s| !in_year(ctx, s)) {
            out.flag(C::Assessments, r);
        }
    }
}

/// 8740: a section 47 enquiry with no initial conference by the reference
/// date, and the conference not marked as not required, must have started
/// within the census year.
fn r8740(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(C::Section47);
    for &r in child.rows(C::Section47) {
        if d(t, r, section47::DateOfInitialCPC).is_some()
            || !no_any_case(t.get(r, section47::ICPCnotRequired))
        {
            continue;
        }
        if d(t, r, section47::S47ActualStartDate).is_none_or(|s| !in_year(ctx, s)) {
            out.flag(C::Section47, r);
        }
    }
}

/// 8750: an unborn child (expected date of birth, no date of birth) must
/// have sex U.
fn r8750(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, C::ChildIdentifiers, |t, r| {
        t.get(r, child_identifiers::PersonBirthDate).is_empty()
            && !t
                .get(r, child_identifiers::ExpectedPersonBirthDate)
                .is_empty()
            && t.get(r, child_identifiers::Sex) != "U"
    });
}

/// 8770Q: a child of school age should have a UPN, or a reason for its
/// absence other than UN1 (one of UN2 to UN7; an invalid code is no reason). School age: five or over on 31 August at the
/// start of the census year (there is no upper age). As the sector's
/// validator does, only children with an episode that is not a referral
/// with no further action (`ReferralNFA` given and not true or 1) are
/// checked.
fn r8770q(ctx: &Ctx, child: &Child, out: &mut Out) {
    let eps = ctx.t(C::CinDetails);
    if !child.rows(C::CinDetails).iter().any(|&r| {
        let nfa = eps.get(r, cin_details::ReferralNFA);
        !nfa.is_empty() && !yes(nfa)
    }) {
        return;
    }
    let t = ctx.t(C::ChildIdentifiers);
    let aug = date::ymd(ctx.end.year() - 1, 8, 31);
    for &r in child.rows(C::ChildIdentifiers) {
        if !t.get(r, child_identifiers::UPN).is_empty() {
            continue;
        }
        let unknown = t.get(r, child_identifiers::UPNunknown);
        if matches!(unknown, "UN2" | "UN3" | "UN4" | "UN5" | "UN6" | "UN7") {
            continue;
        }
        let Some(dob) = d(t, r, child_identifiers::PersonBirthDate) else {
            continue;
        };
        if date::age_on(dob, aug) >= 5 {
            out.flag(C::ChildIdentifiers, r);
        }
    }
}

/// 8772: UPN unknown reason UN7 (referral with no further action) is wrong
/// when an episode is a referral going on to further action
/// (`ReferralNFA` not true or 1, so a blank counts): flags the child's
/// identifiers and each such episode. A child with UN7 and no episode at all
/// is flagged too (no referral with no further action is shown).
fn r8772(ctx: &Ctx, child: &Child, out: &mut Out) {
    let ids = ctx.t(C::ChildIdentifiers);
    let Some(i) = ids_row(child) else {
        return;
    };
    if ids.get(i, child_identifiers::UPNunknown) != "UN7" {
        return;
    }
    let t = ctx.t(C::CinDetails);
    let further: Vec<usize> = child
        .rows(C::CinDetails)
        .iter()
        .copied()
        .filter(|&r| !yes(t.get(r, cin_details::ReferralNFA)))
        .collect();
    if !further.is_empty() || child.rows(C::CinDetails).is_empty() {
        out.flag(C::ChildIdentifiers, i);
        out.flag_all(C::CinDetails, &further);
    }
}

/// 8775Q: a child over 25: past their 25th birthday on the episode's
/// closure date, or on the reference date for an open episode. Flags each
/// such episode and the child's identifiers.
fn r8775q(ctx: &Ctx, child: &Child, out: &mut Out) {
    let ids = ctx.t(C::ChildIdentifiers);
    let Some(i) = ids_row(child) else {
        return;
    };
    let Some(dob) = d(ids, i, child_identifiers::PersonBirthDate) else {
        return;
    };
    let turned = date::add_years(dob, 25);
    let t = ctx.t(C::CinDetails);
    let over: Vec<usize> = child
        .rows(C::CinDetails)
        .iter()
        .copied()
        .filter(|&r| turned < d(t, r, cin_details::CINclosureDate).unwrap_or(ctx.end))
        .collect();
    if !over.is_empty() {
        out.flag(C::ChildIdentifiers, i);
        out.flag_all(C::CinDetails, &over);
    }
}

/// 8790: a disability list cannot hold NONE together with other codes: the
/// other codes' rows are flagged (NONE in any letter case; a blank
/// disability row counts as another value).
fn r8790(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(C::Disabilities);
    let rows = child.rows(C::Disabilities);
    let value = |r: usize| t.get(r, disabilities::Disability);
    let none = |v: &str| v.eq_ignore_ascii_case("NONE");
    if !rows.iter().any(|&r| none(value(r))) {
        return;
    }
    for &r in rows {
        let v = value(r);
        if !none(v) {
            out.flag(C::Disabilities, r);
        }
    }
}

/// 8794: the same disability code twice: every row of a repeated code is
/// flagged.
fn r8794(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(C::Disabilities);
    let rows = child.rows(C::Disabilities);
    for &r in rows {
        let v = t.get(r, disabilities::Disability);
        if v.is_empty() {
            continue;
        }
        if rows
            .iter()
            .filter(|&&o| t.get(o, disabilities::Disability) == v)
            .count()
            > 1
        {
            out.flag(C::Disabilities, r);
        }
    }
}

/// 8805: a closed episode must give a reason for closure.
fn r8805(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, C::CinDetails, |t, r| {
        d(t, r, cin_details::CINclosureDate).is_some()
            && t.get(r, cin_details::ReasonForClosure).is_empty()
    });
}

/// 8810: a reason for closure needs a closure date (one that does not parse
/// counts as missing).
fn r8810(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, C::CinDetails, |t, r| {
        d(t, r, cin_details::CINclosureDate).is_none()
            && !t.get(r, cin_details::ReasonForClosure).is_empty()
    });
}

/// Whether an episode is a referral going on to further action
/// (`ReferralNFA` false or 0; a blank value is neither).
fn further(t: &Table, r: usize) -> bool {
    no_any_case(t.get(r, cin_details::ReferralNFA))
}

/// The child's open episodes that are referrals going on to further action.
fn open_further(ctx: &Ctx, child: &Child) -> Vec<usize> {
    let t = ctx.t(C::CinDetails);
    child
        .rows(C::CinDetails)
        .iter()
        .copied()
        .filter(|&r| d(t, r, cin_details::CINclosureDate).is_none() && further(t, r))
        .collect()
}

/// 8815: at most one open episode that is a referral going on to further
/// action (`ReferralNFA` false or 0): when there are more, every open
/// episode not marked as a referral with no further action is flagged
/// (one with a blank `ReferralNFA` too).
fn r8815(ctx: &Ctx, child: &Child, out: &mut Out) {
    if open_further(ctx, child).len() < 2 {
        return;
    }
    let t = ctx.t(C::CinDetails);
    for &r in child.rows(C::CinDetails) {
        if d(t, r, cin_details::CINclosureDate).is_none()
            && !yes(t.get(r, cin_details::ReferralNFA))
        {
            out.flag(C::CinDetails, r);
        }
    }
}

/// 8816: an open episode going on to further action (`ReferralNFA` false
/// or 0) must be the latest: the child's last episode when ordered by
/// referral date (then file order). When it is not, it is flagged along with
/// that latest episode. Episodes without a referral date are left out.
fn r8816(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(C::CinDetails);
    let Some((latest, _)) = child
        .rows(C::CinDetails)
        .iter()
        .filter_map(|&r| Some((r, d(t, r, cin_details::CINreferralDate)?)))
        .max_by_key(|&(r, day)| (day, std::cmp::Reverse(r)))
    else {
        return;
    };
    let mut late = false;
    for o in open_further(ctx, child) {
        if o != latest && d(t, o, cin_details::CINreferralDate).is_some() {
            out.flag(C::CinDetails, o);
            late = true;
        }
    }
    if late {
        out.flag(C::CinDetails, latest);
    }
}

/// 8820: a child's CIN episodes cannot overlap: an episode referred on or
/// after another's referral and before its closure flags both. Closing on
/// the day the next is referred is not an overlap. An open episode going on
/// to further action (`ReferralNFA` false or 0) runs to the reference date
/// (included); any other open episode lasts only its referral day.
fn r8820(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(C::CinDetails);
    let eps: Vec<(usize, Date, Option<Date>)> = child
        .rows(C::CinDetails)
        .iter()
        .filter_map(|&r| {
            let refd = d(t, r, cin_details::CINreferralDate)?;
            let end = match d(t, r, cin_details::CINclosureDate) {
                Some(c) => Some(c),
                None if further(t, r) => Some(ctx.end.next_day().unwrap_or(ctx.end)),
                None => Some(refd),
            };
            Some((r, refd, end))
        })
        .collect();
    let mut hit = vec![false; eps.len()];
    for (i, a) in eps.iter().enumerate() {
        for (j, b) in eps.iter().enumerate() {
            if i != j && a.1 <= b.1 && a.2.is_none_or(|end| b.1 < end) {
                if let Some(h) = hit.get_mut(i) {
                    *h = true;
                }
                if let Some(h) = hit.get_mut(j) {
                    *h = true;
                }
            }
        }
    }
    for (e, h) in eps.iter().zip(hit) {
        if h {
            out.flag(C::CinDetails, e.0);
        }
    }
}

/// 8825Q: closure reason RC8 or RC9 (closed after assessment) but the
/// episode has no assessment.
fn r8825q(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(C::CinDetails);
    let ass = by_episode(ctx, child, C::Assessments);
    for (i, &r) in child.rows(C::CinDetails).iter().enumerate() {
        let reason = t.get(r, cin_details::ReasonForClosure);
        if matches!(reason, "RC8" | "RC9") && ass.get(i).is_none_or(|a| a.is_empty()) {
            out.flag(C::CinDetails, r);
        }
    }
}

/// 8831: a referral with no further action cannot have an assessment, a
/// section 47 enquiry or an initial conference. When the episode has one (an
/// assessment or enquiry with a date, or the episode's own conference date)
/// the episode and every assessment and enquiry in it are flagged.
fn r8831(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(C::CinDetails);
    let a = ctx.t(C::Assessments);
    let s = ctx.t(C::Section47);
    let ass = by_episode(ctx, child, C::Assessments);
    let s47 = by_episode(ctx, child, C::Section47);
    for (i, &r) in child.rows(C::CinDetails).iter().enumerate() {
        if !yes(t.get(r, cin_details::ReferralNFA)) {
            continue;
        }
        let ass = ass.get(i).map_or(&[][..], |v| v);
        let s47 = s47.get(i).map_or(&[][..], |v| v);
        let activity = !t.get(r, cin_details::DateOfInitialCPC).is_empty()
            || ass.iter().any(|&x| {
                !a.get(x, assessments::AssessmentActualStartDate).is_empty()
                    || !a
                        .get(x, assessments::AssessmentAuthorisationDate)
                        .is_empty()
            })
            || s47.iter().any(|&x| {
                !s.get(x, section47::S47ActualStartDate).is_empty()
                    || !s.get(x, section47::DateOfInitialCPC).is_empty()
            });
        if activity {
            out.flag(C::CinDetails, r);
            out.flag_all(C::Assessments, ass);
            out.flag_all(C::Section47, s47);
        }
    }
}

/// 8832: a referral with no further action cannot have a child protection
/// plan: each plan is flagged. (The sector's validator never reports this
/// rule; implemented from the DfE text.)
fn r8832(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(C::CinDetails);
    let plans = by_episode(ctx, child, C::ChildProtectionPlans);
    for (i, &r) in child.rows(C::CinDetails).iter().enumerate() {
        if yes(t.get(r, cin_details::ReferralNFA)) {
            out.flag_all(C::ChildProtectionPlans, plans.get(i).map_or(&[][..], |v| v));
        }
    }
}

/// 8839: at most one open section 47 enquiry (no conference date and not
/// marked as not required) per episode: when there are more, each is
/// flagged.
fn r8839(ctx: &Ctx, child: &Child, out: &mut Out) {
    let s = ctx.t(C::Section47);
    for rows in by_episode(ctx, child, C::Section47) {
        let open: Vec<usize> = rows.into_iter().filter(|&r| s47_open(s, r)).collect();
        if open.len() > 1 {
            out.flag_all(C::Section47, &open);
        }
    }
}

/// 8840: a child protection plan cannot start and end on the same day.
fn r8840(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(C::ChildProtectionPlans);
    for &r in child.rows(C::ChildProtectionPlans) {
        let (s, e) = (
            d(t, r, cp_plans::CPPstartDate),
            d(t, r, cp_plans::CPPendDate),
        );
        if s.is_some() && s == e {
            out.flag(C::ChildProtectionPlans, r);
        }
    }
}

/// 8841: a review must be after its plan's start date: flags the review and
/// the plan.
fn r8841(ctx: &Ctx, child: &Child, out: &mut Out) {
    let p = ctx.t(C::ChildProtectionPlans);
    let rv = ctx.t(C::Reviews);
    for &r in child.rows(C::Reviews) {
        let Ok(plan) = rv.get(r, reviews::CPPID).parse::<usize>() else {
            continue;
        };
        let (Some(review), Some(start)) = (
            d(rv, r, reviews::CPPreviewDate),
            d(p, plan, cp_plans::CPPstartDate),
        ) else {
            continue;
        };
        if review <= start {
            out.flag(C::Reviews, r);
            out.flag(C::ChildProtectionPlans, plan);
        }
    }
}

/// 8842Q: a review element with no date.
fn r8842q(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, C::Reviews, |rv, r| {
        rv.get(r, reviews::CPPreviewDate).is_empty()
    });
}

/// 8863Q: an assessment starting while another in the same episode is
/// ongoing (on or after the other's start and on or before its
/// authorisation date, or the other has none): both are flagged. Two
/// assessments with the same dates are one given twice, not an overlap.
fn r8863q(ctx: &Ctx, child: &Child, out: &mut Out) {
    let a = ctx.t(C::Assessments);
    for rows in by_episode(ctx, child, C::Assessments) {
        let periods: Vec<_> = rows
            .iter()
            .filter_map(|&r| {
                Some((
                    r,
                    d(a, r, assessments::AssessmentActualStartDate)?,
                    d(a, r, assessments::AssessmentAuthorisationDate),
                ))
            })
            .collect();
        flag_overlaps(ctx, out, C::Assessments, &periods, false);
    }
}

/// 8866: an episode with a referral date must give a referral source from
/// the census codes (an episode without a referral date is left to the
/// schema).
fn r8866(ctx: &Ctx, child: &Child, out: &mut Out) {
    const CODES: &[&str] = &[
        "1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B",
        "5C", "5D", "6", "7", "8", "9", "10",
    ];
    let t = ctx.t(C::CinDetails);
    for &r in child.rows(C::CinDetails) {
        if d(t, r, cin_details::CINreferralDate).is_some()
            && !CODES.contains(&t.get(r, cin_details::ReferralSource))
        {
            out.flag(C::CinDetails, r);
        }
    }
}

/// 8867: a closed episode cannot have an assessment without an
/// authorisation date: flags the episode and the assessment.
fn r8867(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(C::CinDetails);
    let a = ctx.t(C::Assessments);
    let ass = by_episode(ctx, child, C::Assessments);
    for (i, &r) in child.rows(C::CinDetails).iter().enumerate() {
        if d(t, r, cin_details::CINclosureDate).is_none() {
            continue;
        }
        let open: Vec<usize> = ass
            .get(i)
            .map_or(&[][..], |v| v)
            .iter()
            .copied()
            .filter(|&x| d(a, x, assessments::AssessmentAuthorisationDate).is_none())
            .collect();
        if !open.is_empty() {
            out.flag(C::CinDetails, r);
            out.flag_all(C::Assessments, &open);
        }
    }
}

/// 8868: a closed episode cannot have a section 47 enquiry not shown as
/// completed: one with neither a conference date nor `ICPCnotRequired` true
/// or 1, or, contradictorily, with both. Flags the episode and the enquiry.
fn r8868(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(C::CinDetails);
    let s = ctx.t(C::Section47);
    let s47 = by_episode(ctx, child, C::Section47);
    for (i, &r) in child.rows(C::CinDetails).iter().enumerate() {
        if d(t, r, cin_details::CINclosureDate).is_none() {
            continue;
        }
        let open: Vec<usize> = s47
            .get(i)
            .map_or(&[][..], |v| v)
            .iter()
            .copied()
            .filter(|&x| {
                d(s, x, section47::DateOfInitialCPC).is_some()
                    == yes(s.get(x, section47::ICPCnotRequired))
            })
            .collect();
        if !open.is_empty() {
            out.flag(C::CinDetails, r);
            out.flag_all(C::Section47, &open);
        }
    }
}

/// 8869: factor 21 (no factors identified) cannot be given with other
/// factors. (The sector's validator never reports this rule; implemented
/// from the DfE text.)
fn r8869(ctx: &Ctx, child: &Child, out: &mut Out) {
    for (a, f) in factors(ctx, child) {
        if f.contains(&"21") && f.len() > 1 {
            out.flag(C::Assessments, a);
        }
    }
}

/// 8870Q: the initial conference target date should not be a weekend.
/// (The sector's validator never reports this rule; implemented from the
/// DfE text.)
fn r8870q(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &r in child.rows(C::Section47) {
        if dt(ctx, C::Section47, r, section47::InitialCPCtarget).is_some_and(weekend) {
            out.flag(C::Section47, r);
        }
    }
}

/// 8873Q: when an episode's only assessment gives factor 21 (no factors
/// identified), the reason for closure should be RC8 or RC9: flags the
/// assessment and the episode. As the sector's validator does, this also
/// applies to an episode still open and to an assessment not authorised.
fn r8873q(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(C::CinDetails);
    let f = factors(ctx, child);
    let ass = by_episode(ctx, child, C::Assessments);
    for (i, &r) in child.rows(C::CinDetails).iter().enumerate() {
        let [only] = ass.get(i).map_or(&[][..], |v| v) else {
            continue;
        };
        let has21 = f
            .iter()
            .any(|(a, codes)| a == only && codes.contains(&"21"));
        if has21 && !matches!(t.get(r, cin_details::ReasonForClosure), "RC8" | "RC9") {
            out.flag(C::Assessments, *only);
            out.flag(C::CinDetails, r);
        }
    }
}

/// 8875: a section 47 enquiry's initial conference cannot be on a weekend.
fn r8875(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &r in child.rows(C::Section47) {
        if dt(ctx, C::Section47, r, section47::DateOfInitialCPC).is_some_and(weekend) {
            out.flag(C::Section47, r);
        }
    }
}

/// 8890: a section 47 enquiry starting while another in the same episode
/// is ongoing (on or after the other's start and on or before its
/// conference date, or the reference date while it is still open: no
/// conference date and `ICPCnotRequired` not true): both enquiries are
/// flagged. An enquiry marked as needing no conference and without a
/// conference date lasts only its start day; two with the same dates are one
/// given twice.
fn r8890(ctx: &Ctx, child: &Child, out: &mut Out) {
    let s = ctx.t(C::Section47);
    for rows in by_episode(ctx, child, C::Section47) {
        let periods: Vec<_> = rows
            .iter()
            .filter_map(|&r| {
                let start = d(s, r, section47::S47ActualStartDate)?;
                let end = match d(s, r, section47::DateOfInitialCPC) {
                    Some(icpc) => Some(icpc),
                    None if !yes(s.get(r, section47::ICPCnotRequired)) => None,
                    None => Some(start),
                };
                Some((r, start, end))
            })
            .collect();
        flag_overlaps(ctx, out, C::Section47, &periods, false);
    }
}

/// 8896: at most one assessment without an authorisation date per episode:
/// when there are more, every assessment of the episode is flagged.
fn r8896(ctx: &Ctx, child: &Child, out: &mut Out) {
    let a = ctx.t(C::Assessments);
    for rows in by_episode(ctx, child, C::Assessments) {
        let open = rows
            .iter()
            .filter(|&&r| d(a, r, assessments::AssessmentAuthorisationDate).is_none())
            .count();
        if open > 1 {
            out.flag_all(C::Assessments, &rows);
        }
    }
}

/// 8897Q: an assessment completed in the census year should give its
/// factors. As the sector's validator does, an authorisation date after the
/// reference date counts too (8696 reports that date).
fn r8897q(ctx: &Ctx, child: &Child, out: &mut Out) {
    for (a, f) in factors(ctx, child) {
        if f.is_empty()
            && dt(
                ctx,
                C::Assessments,
                a,
                assessments::AssessmentAuthorisationDate,
            )
            .is_some_and(|x| x >= ctx.start)
        {
            out.flag(C::Assessments, a);
        }
    }
}

/// 8898: an assessment cannot give the same factor twice. The sector's
/// validator fails on this rule; implemented from the DfE text.
fn r8898(ctx: &Ctx, child: &Child, out: &mut Out) {
    for (a, f) in factors(ctx, child) {
        if f.iter()
            .enumerate()
            .any(|(i, x)| f.get(i + 1..).is_some_and(|rest| rest.contains(x)))
        {
            out.flag(C::Assessments, a);
        }
    }
}

const ABUSE: &[&str] = &["NEG", "PHY", "SAB", "EMO", "MUL"];

/// 8905: a plan's initial category of abuse must be one of the census
/// codes (exact case).
fn r8905(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, C::ChildProtectionPlans, |t, r| {
        !ABUSE.contains(&t.get(r, cp_plans::InitialCategoryOfAbuse))
    });
}

/// 8910: a plan's latest category of abuse must be one of the census codes
/// (exact case).
fn r8910(ctx: &Ctx, child: &Child, out: &mut Out) {
    flag_rows(ctx, child, out, C::ChildProtectionPlans, |t, r| {
        !ABUSE.contains(&t.get(r, cp_plans::LatestCategoryOfAbuse))
    });
}

/// 8915: a plan cannot start after the child's death: flags the identifiers
/// and the plan.
fn r8915(ctx: &Ctx, child: &Child, out: &mut Out) {
    let Some((i, died)) = death(ctx, child, dt) else {
        return;
    };
    for &r in child.rows(C::ChildProtectionPlans) {
        if dt(ctx, C::ChildProtectionPlans, r, cp_plans::CPPstartDate).is_some_and(|s| s > died) {
            out.flag(C::ChildIdentifiers, i);
            out.flag(C::ChildProtectionPlans, r);
        }
    }
}

/// 8920: a plan cannot end after the child's death: flags the identifiers
/// and the plan.
fn r8920(ctx: &Ctx, child: &Child, out: &mut Out) {
    let Some((i, died)) = death(ctx, child, dt) else {
        return;
    };
    for &r in child.rows(C::ChildProtectionPlans) {
        if dt(ctx, C::ChildProtectionPlans, r, cp_plans::CPPendDate).is_some_and(|e| e > died) {
            out.flag(C::ChildIdentifiers, i);
            out.flag(C::ChildProtectionPlans, r);
        }
    }
}

/// 8925: a plan cannot end before it starts.
fn r8925(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(C::ChildProtectionPlans);
    for &r in child.rows(C::ChildProtectionPlans) {
        if let (Some(s), Some(e)) = (
            d(t, r, cp_plans::CPPstartDate),
            d(t, r, cp_plans::CPPendDate),
        ) {
            if e < s {
                out.flag(C::ChildProtectionPlans, r);
            }
        }
    }
}

/// 8930: a plan's end date, when given, must fall within the census year.
fn r8930(ctx: &Ctx, child: &Child, out: &mut Out) {
    for &r in child.rows(C::ChildProtectionPlans) {
        if let Some(e) = dt(ctx, C::ChildProtectionPlans, r, cp_plans::CPPendDate) {
            if !in_year(ctx, e) {
                out.flag(C::ChildProtectionPlans, r);
            }
        }
    }
}

/// 8935: a child can have at most one open plan (no end date): when there
/// are more, each is flagged.
fn r8935(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(C::ChildProtectionPlans);
    let open: Vec<usize> = child
        .rows(C::ChildProtectionPlans)
        .iter()
        .copied()
        .filter(|&r| d(t, r, cp_plans::CPPendDate).is_none())
        .collect();
    if open.len() > 1 {
        out.flag_all(C::ChildProtectionPlans, &open);
    }
}

/// 8940: plans in the same episode cannot overlap: a plan starting on or
/// after another's start and on or before its end date (or the reference
/// date while it is open) flags both. A plan in another episode that ends
/// on the same day as a flagged plan, or is open like it, necessarily
/// overlaps it and is flagged too (as the sector's validator does).
fn r8940(ctx: &Ctx, child: &Child, out: &mut Out) {
    let t = ctx.t(C::ChildProtectionPlans);
    let mut flagged = Vec::new();
    for rows in by_episode(ctx, child, C::ChildProtectionPlans) {
        let periods: Vec<_> = rows
            .iter()
            .filter_map(|&r| {
                Some((
                    r,
                    d(t, r, cp_plans::CPPstartDate)?,
                    d(t, r, cp_plans::CPPendDate),
                ))
            })
            .collect();
        flagged.extend(overlapping(ctx, &periods, true));
    }
    if flagged.is_empty() {
        return;
    }
    let ends: Vec<Option<Date>> = flagged
        .iter()
        .map(|&r| d(t, r, cp_plans::CPPendDate))
        .collect();
    for &r in child.rows(C::ChildProtectionPlans) {
        let has_start = d(t, r, cp_plans::CPPstartDate).is_some();
        if flagged.contains(&r) || (has_start && ends.contains(&d(t, r, cp_plans::CPPendDate))) {
            out.flag(C::ChildProtectionPlans, r);
        }
    }
}

/// 8945Q: factor 18A is retired (18B or 18C instead). (The sector's
/// validator never reports this rule; implemented from the DfE text.)
fn r8945q(ctx: &Ctx, child: &Child, out: &mut Out) {
    for (a, f) in factors(ctx, child) {
        if f.contains(&"18A") {
            out.flag(C::Assessments, a);
        }
    }
}

/// 8950Q: factor 19A is retired (19B or 19C instead). (The sector's
/// validator never reports this rule; implemented from the DfE text.)
fn r8950q(ctx: &Ctx, child: &Child, out: &mut Out) {
    for (a, f) in factors(ctx, child) {
        if f.contains(&"19A") {
            out.flag(C::Assessments, a);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cin::{engine::validate_with, xml_io};
    use crate::CollectionYear;

    /// Runs the named rules over children given as XML, returning
    /// `child,rule,table,row` lines.
    fn run(codes: &[&str], children: &str) -> Vec<String> {
        let xml = format!(
            "<Message><Header><CollectionDetails><ReferenceDate>2026-03-31</ReferenceDate>\
             </CollectionDetails></Header><Children>{children}</Children></Message>"
        );
        let ret = match xml_io::read("t.xml", xml.as_bytes()) {
            Ok(ret) => ret,
            Err(e) => return vec![format!("unreadable: {e}")],
        };
        let rules: Vec<Rule> = RULES
            .iter()
            .filter(|r| codes.contains(&r.code))
            .copied()
            .collect();
        validate_with(&ret, CollectionYear(2026), &rules, None)
            .into_iter()
            .map(|f| format!("{},{},{},{}", f.child_id, f.rule_code, f.table, f.row_id))
            .collect()
    }

    /// A child with the given identifiers and episodes.
    fn child(id: &str, ids: &str, body: &str) -> String {
        format!(
            "<Child><ChildIdentifiers><LAchildID>{id}</LAchildID>{ids}</ChildIdentifiers>{body}</Child>"
        )
    }

    fn ep(fields: &str) -> String {
        format!("<CINdetails>{fields}</CINdetails>")
    }

    fn ass(start: &str, auth: &str, factors: &[&str]) -> String {
        let f: String = factors
            .iter()
            .map(|x| format!("<AssessmentFactors>{x}</AssessmentFactors>"))
            .collect();
        let f = if factors.is_empty() {
            String::new()
        } else {
            format!("<FactorsIdentifiedAtAssessment>{f}</FactorsIdentifiedAtAssessment>")
        };
        format!(
            "<Assessments><AssessmentActualStartDate>{start}</AssessmentActualStartDate>\
             <AssessmentAuthorisationDate>{auth}</AssessmentAuthorisationDate>{f}</Assessments>"
        )
    }

    fn s47(start: &str, icpc: &str, not_required: &str) -> String {
        format!(
            "<Section47><S47ActualStartDate>{start}</S47ActualStartDate>\
             <DateOfInitialCPC>{icpc}</DateOfInitialCPC>\
             <ICPCnotRequired>{not_required}</ICPCnotRequired></Section47>"
        )
    }

    fn cpp(start: &str, end: &str, extra: &str) -> String {
        format!(
            "<ChildProtectionPlans><CPPstartDate>{start}</CPPstartDate><CPPendDate>{end}</CPPendDate>\
             <InitialCategoryOfAbuse>PHY</InitialCategoryOfAbuse>\
             <LatestCategoryOfAbuse>PHY</LatestCategoryOfAbuse>\
             <NumberOfPreviousCPP>0</NumberOfPreviousCPP>{extra}</ChildProtectionPlans>"
        )
    }

    #[test]
    fn factors_rules_read_each_factor() {
        let kids = [
            child("a", "", &ep(&ass("2025-06-03", "", &["1A"]))),
            child(
                "b",
                "",
                &ep(&ass("2025-06-03", "2025-06-20", &["21", "1A"])),
            ),
            child(
                "c",
                "",
                &ep(&ass("2025-06-03", "2025-06-20", &["2B", "1A", "2B"])),
            ),
            child(
                "d",
                "",
                &ep(&ass("2025-06-03", "2025-06-20", &["18A", "19A"])),
            ),
            child("e", "", &ep(&ass("2025-06-03", "2025-06-20", &[]))),
            child("f", "", &ep(&ass("2025-06-03", "2025-06-20", &["21"]))),
        ]
        .concat();
        let codes = ["8614", "8869", "8898", "8945Q", "8950Q", "8897Q"];
        assert_eq!(
            run(&codes, &kids),
            [
                "a,8614,Assessments,0",
                "b,8869,Assessments,1",
                "c,8898,Assessments,2",
                "d,8945Q,Assessments,3",
                "d,8950Q,Assessments,3",
                "e,8897Q,Assessments,4",
            ]
        );
    }

    #[test]
    fn census_year_bounds_are_inclusive() {
        let closed = |id: &str, day: &str| {
            child(
                id,
                "",
                &ep(&format!(
                    "<CINreferralDate>2024-04-01</CINreferralDate><CINclosureDate>{day}</CINclosureDate>\
                     <ReasonForClosure>RC1</ReasonForClosure>"
                )),
            )
        };
        let kids = [
            closed("a", "2025-03-31"),
            closed("b", "2025-04-01"),
            closed("c", "2026-03-31"),
            closed("d", "2026-04-01"),
        ]
        .concat();
        assert_eq!(
            run(&["8620"], &kids),
            ["a,8620,CINdetails,0", "d,8620,CINdetails,3"]
        );
    }

    #[test]
    fn working_day_queries_count_45_and_15_days_as_late() {
        // 27 January 2026 is exactly 45 working days before 31 March 2026,
        // and 10 March exactly 15.
        let kids = [
            child("a", "", &ep(&ass("2026-01-27", "", &[]))),
            child("b", "", &ep(&ass("2026-01-28", "", &[]))),
            child("c", "", &ep(&s47("2026-03-10", "", "false"))),
            child("d", "", &ep(&s47("2026-03-11", "", "0"))),
            child("e", "", &ep(&s47("2026-03-10", "", "true"))),
        ]
        .concat();
        assert_eq!(
            run(&["8670Q", "8675Q"], &kids),
            ["a,8670Q,Assessments,0", "c,8675Q,Section47,0"]
        );
    }

    #[test]
    fn yes_no_values_ignore_letter_case() {
        // The schema allows TRUE/FALSE as well as true/false and 1/0. The
        // sector's validator only knows the lower-case words, so it reports
        // neither of these; Hearth follows the schema.
        let kids = [
            child(
                "a",
                "",
                &ep(&format!(
                    "<ReferralNFA>TRUE</ReferralNFA>{}",
                    s47("2025-06-03", "2025-06-20", "false")
                )),
            ),
            child(
                "b",
                "",
                &ep(&format!(
                    "<CINreferralDate>2025-03-01</CINreferralDate>{}",
                    s47("2025-03-31", "", "FALSE")
                )),
            ),
        ]
        .concat();
        assert_eq!(
            run(&["8831", "8740"], &kids),
            [
                "a,8831,CINdetails,0",
                "a,8831,Section47,0",
                "b,8740,Section47,1"
            ]
        );
    }

    #[test]
    fn episodes_open_overlapping_and_not_latest() {
        let e = |refd: &str, close: &str, nfa: &str| {
            let close = if close.is_empty() {
                String::new()
            } else {
                format!("<CINclosureDate>{close}</CINclosureDate><ReasonForClosure>RC1</ReasonForClosure>")
            };
            ep(&format!(
                "<CINreferralDate>{refd}</CINreferralDate>{close}<ReferralNFA>{nfa}</ReferralNFA>"
            ))
        };
        let kids = [
            // An open episode, then a closed one, then a later closed one.
            child(
                "a",
                "",
                &[
                    e("2025-05-01", "", "false"),
                    e("2025-06-01", "2025-07-01", "false"),
                    e("2025-08-01", "2025-09-01", "false"),
                ]
                .concat(),
            ),
            // Closing on the day the next is referred is no overlap; an open
            // referral with no further action lasts its referral day, which
            // here falls inside the first episode.
            child(
                "b",
                "",
                &[
                    e("2025-04-01", "2025-05-01", "false"),
                    e("2025-05-01", "", "false"),
                    e("2025-04-15", "", "true"),
                ]
                .concat(),
            ),
        ]
        .concat();
        assert_eq!(
            run(&["8815", "8816", "8820"], &kids),
            [
                "a,8816,CINdetails,0",
                "a,8816,CINdetails,2",
                "a,8820,CINdetails,0",
                "a,8820,CINdetails,1",
                "a,8820,CINdetails,2",
                "b,8820,CINdetails,3",
                "b,8820,CINdetails,5",
            ]
        );
    }

    #[test]
    fn latest_episode_ties_and_referral_source() {
        let kids = [
            // Referred the same day: the first in the file counts as the
            // latest, so the open episode after it is flagged with it.
            child(
                "a",
                "",
                &[
                    ep("<CINreferralDate>2025-06-01</CINreferralDate><CINclosureDate>2025-07-01</CINclosureDate>\
                        <ReasonForClosure>RC1</ReasonForClosure><ReferralSource>1A</ReferralSource>\
                        <ReferralNFA>false</ReferralNFA>"),
                    ep("<CINreferralDate>2025-06-01</CINreferralDate><ReferralSource>1A</ReferralSource>\
                        <ReferralNFA>false</ReferralNFA>"),
                ]
                .concat(),
            ),
            // No referral source: flagged only when there is a referral date.
            child(
                "b",
                "",
                &[
                    ep("<CINreferralDate>2025-06-01</CINreferralDate><ReferralSource>11</ReferralSource>"),
                    ep("<ReferralSource>11</ReferralSource>"),
                ]
                .concat(),
            ),
        ]
        .concat();
        assert_eq!(
            run(&["8816", "8866"], &kids),
            [
                "a,8816,CINdetails,0",
                "a,8816,CINdetails,1",
                "b,8866,CINdetails,2"
            ]
        );
    }

    #[test]
    fn over_25_is_judged_at_closure_or_reference_date() {
        let kids = [
            child(
                "a",
                "<PersonBirthDate>2001-03-30</PersonBirthDate>",
                &ep(""),
            ),
            child(
                "b",
                "<PersonBirthDate>2001-03-31</PersonBirthDate>",
                &ep(""),
            ),
            child(
                "c",
                "<PersonBirthDate>2000-12-31</PersonBirthDate>",
                &ep("<CINclosureDate>2025-04-10</CINclosureDate>"),
            ),
        ]
        .concat();
        assert_eq!(
            run(&["8775Q"], &kids),
            ["a,8775Q,CINdetails,0", "a,8775Q,ChildIdentifiers,0"]
        );
    }

    #[test]
    fn school_age_child_needs_a_upn() {
        let further = ep("<ReferralNFA>false</ReferralNFA>");
        let nfa = ep("<ReferralNFA>true</ReferralNFA>");
        let kids = [
            child(
                "a",
                "<PersonBirthDate>2020-08-31</PersonBirthDate>",
                &further,
            ),
            child(
                "b",
                "<PersonBirthDate>2020-09-01</PersonBirthDate>",
                &further,
            ),
            child(
                "c",
                "<UPNunknown>UN1</UPNunknown><PersonBirthDate>2005-01-01</PersonBirthDate>",
                &further,
            ),
            child(
                "d",
                "<UPNunknown>UN2</UPNunknown><PersonBirthDate>2010-01-01</PersonBirthDate>",
                &further,
            ),
            // Only a referral with no further action: not checked.
            child("e", "<PersonBirthDate>2010-01-01</PersonBirthDate>", &nfa),
        ]
        .concat();
        assert_eq!(
            run(&["8770Q"], &kids),
            ["a,8770Q,ChildIdentifiers,0", "c,8770Q,ChildIdentifiers,2"]
        );
    }

    #[test]
    fn disabilities_none_with_others_and_repeats() {
        let dis = |codes: &[&str]| {
            let d: String = codes
                .iter()
                .map(|c| format!("<Disability>{c}</Disability>"))
                .collect();
            format!("<ChildCharacteristics><Disabilities>{d}</Disabilities></ChildCharacteristics>")
        };
        let kids = [
            child("a", "", &dis(&["None", "HAND"])),
            child("b", "", &dis(&["HAND", "HEAR", "HAND"])),
            child("c", "", &dis(&["HAND", "HEAR"])),
        ]
        .concat();
        assert_eq!(
            run(&["8790", "8794"], &kids),
            [
                "a,8790,Disabilities,1",
                "b,8794,Disabilities,2",
                "b,8794,Disabilities,4"
            ]
        );
    }

    #[test]
    fn plans_overlap_within_an_episode_and_open_plans_per_child() {
        let kids = [
            // Touching plans overlap; two open plans in one episode are
            // both flagged by 8935 (the DfE says "more than one open plan"
            // for the child; the sector's validator counts one per episode).
            child(
                "a",
                "",
                &ep(&[
                    cpp("2025-07-01", "2025-08-01", ""),
                    cpp("2025-08-01", "", ""),
                    cpp("2025-09-01", "", ""),
                ]
                .concat()),
            ),
            // Plans in different episodes are not compared for overlap.
            child(
                "b",
                "",
                &[
                    ep(&cpp("2025-07-01", "2025-09-01", "")),
                    ep(&cpp("2025-08-01", "2025-08-20", "")),
                ]
                .concat(),
            ),
        ]
        .concat();
        assert_eq!(
            run(&["8935", "8940"], &kids),
            [
                "a,8935,ChildProtectionPlans,1",
                "a,8935,ChildProtectionPlans,2",
                "a,8940,ChildProtectionPlans,0",
                "a,8940,ChildProtectionPlans,1",
                "a,8940,ChildProtectionPlans,2",
            ]
        );
    }

    #[test]
    fn reviews_and_death_dates() {
        let reviews = "<Reviews><CPPreviewDate>2025-07-01</CPPreviewDate>\
                       <CPPreviewDate>2025-08-01</CPPreviewDate><CPPreviewDate/></Reviews>";
        let kids = [
            child("a", "", &ep(&cpp("2025-07-01", "", reviews))),
            child(
                "b",
                "<PersonDeathDate>2025-07-03</PersonDeathDate>",
                &ep(&cpp("2025-07-01", "2025-07-05", "")),
            ),
        ]
        .concat();
        assert_eq!(
            run(&["8841", "8842Q", "8915", "8920"], &kids),
            [
                "a,8841,ChildProtectionPlans,0",
                "a,8841,Reviews,0",
                "a,8842Q,Reviews,2",
                "b,8920,ChildIdentifiers,1",
                "b,8920,ChildProtectionPlans,1",
            ]
        );
    }

    #[test]
    fn assessments_and_enquiries_in_one_episode() {
        let kids = [
            child(
                "a",
                "",
                &ep(&[
                    ass("2025-06-03", "", &[]),
                    ass("2025-06-04", "2025-06-05", &["1A"]),
                    ass("2025-06-06", "", &[]),
                ]
                .concat()),
            ),
            child(
                "b",
                "",
                &ep(&[
                    s47("2025-06-03", "2025-06-20", "false"),
                    s47("2025-06-20", "2025-06-25", "false"),
                    s47("2025-07-01", "", "true"),
                ]
                .concat()),
            ),
        ]
        .concat();
        assert_eq!(
            run(&["8896", "8890", "8839"], &kids),
            [
                "a,8896,Assessments,0",
                "a,8896,Assessments,1",
                "a,8896,Assessments,2",
                "b,8890,Section47,0",
                "b,8890,Section47,1",
            ]
        );
    }
}
