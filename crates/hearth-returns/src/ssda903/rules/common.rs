//! Helpers the 903 rule files share: the child's date of birth and episodes
//! in date order, placement and legal status kinds, blank, code and date
//! checks over a table's rows, the item groups of the OC2, OC3 and AD1
//! tables, and the "looked after continuously for 12 months" cohort.
//!
//! The cohort is read two ways on purpose: the sector's validator reads it
//! one way for rules 101 to 199 and another for the OC2 rules 543, 545 and
//! 546, and each set of rules agrees with the peer's reading, so both are
//! kept here under names that say how they differ. Likewise codes: most
//! rules compare them as written, r631_sw without regard to case.

use time::Date;

use crate::date;
use crate::ssda903::engine::{d, Child, Ctx, Out};
use crate::ssda903::{ad1, episodes, header, oc2, oc3, T};
use crate::table::Table;

/// The OC2 items for children looked after for 12 months.
pub(super) const OC2_ITEMS: &[usize] = &[
    oc2::CONVICTED,
    oc2::HEALTH_CHECK,
    oc2::IMMUNISATIONS,
    oc2::TEETH_CHECK,
    oc2::HEALTH_ASSESSMENT,
    oc2::SUBSTANCE_MISUSE,
    oc2::INTERVENTION_RECEIVED,
    oc2::INTERVENTION_OFFERED,
];
/// The OC2 items every child of the cohort must have.
pub(super) const OC2_REQUIRED: &[usize] = &[
    oc2::IMMUNISATIONS,
    oc2::TEETH_CHECK,
    oc2::HEALTH_ASSESSMENT,
    oc2::SUBSTANCE_MISUSE,
];
/// The AD1 items besides the child's id and DOB.
pub(super) const AD1_ITEMS: &[usize] = &[
    ad1::DATE_INT,
    ad1::DATE_MATCH,
    ad1::FOSTER_CARE,
    ad1::NB_ADOPTR,
    ad1::SEX_ADOPTR,
    ad1::LS_ADOPTR,
];
/// The OC3 items besides the child's id and DOB.
pub(super) const OC3_ITEMS: &[usize] = &[oc3::IN_TOUCH, oc3::ACTIV, oc3::ACCOM];

/// The child's date of birth from their (first) header row.
pub(super) fn header_dob(ctx: &Ctx, child: &Child) -> Option<Date> {
    child
        .header()
        .and_then(|r| d(ctx.t(T::Header), r, header::DOB))
}

/// The child's episodes in date order: (row, DECOM). Unreadable DECOMs sort
/// last; equal dates keep file order.
pub(super) fn episodes_in_order(ctx: &Ctx, child: &Child) -> Vec<(usize, Option<Date>)> {
    let e = ctx.t(T::Episodes);
    let mut rows: Vec<(usize, Option<Date>)> = child
        .rows(T::Episodes)
        .iter()
        .map(|&r| (r, d(e, r, episodes::DECOM)))
        .collect();
    rows.sort_by_key(|&(r, dt)| (dt.is_none(), dt, r));
    rows
}

/// The rows of [`episodes_in_order`].
pub(super) fn episode_rows_in_order(ctx: &Ctx, child: &Child) -> Vec<usize> {
    episodes_in_order(ctx, child)
        .into_iter()
        .map(|(r, _)| r)
        .collect()
}

/// A temporary placement (T0 to T4).
pub(super) fn is_temporary(place: &str) -> bool {
    matches!(place, "T0" | "T1" | "T2" | "T3" | "T4")
}

/// Placements with adopters (placed for adoption): A3 to A6.
pub(super) fn is_adoption_place(place: &str) -> bool {
    matches!(place, "A3" | "A4" | "A5" | "A6")
}

/// Ceased to be looked after through adoption.
pub(super) fn is_adopted(rec: &str) -> bool {
    matches!(rec, "E11" | "E12")
}

/// A short break (respite care): legal status V3 or V4. Such episodes do
/// not count towards being looked after.
pub(super) fn is_short_break(ls: &str) -> bool {
    matches!(ls, "V3" | "V4")
}

/// Inside the collection year, both ends included.
pub(super) fn in_year(ctx: &Ctx, day: Date) -> bool {
    date::within(day, ctx.start, ctx.end)
}

/// Flags each of the child's rows of `t` for which `bad` holds.
pub(super) fn flag_rows(
    ctx: &Ctx,
    child: &Child,
    out: &mut Out,
    t: T,
    bad: impl Fn(&Table, usize) -> bool,
) {
    out.flag_where(t, ctx.t(t), child.rows(t), bad);
}

/// A code rule that lets a blank pass (another rule asks for it).
pub(super) fn code_or_blank(
    ctx: &Ctx,
    child: &Child,
    out: &mut Out,
    t: T,
    col: usize,
    codes: &[&str],
) {
    flag_rows(ctx, child, out, t, |tb, r| {
        let v = tb.get(r, col);
        !v.is_empty() && !codes.contains(&v)
    });
}

/// A code rule where a blank is an error too.
pub(super) fn code_required(
    ctx: &Ctx,
    child: &Child,
    out: &mut Out,
    t: T,
    col: usize,
    codes: &[&str],
) {
    flag_rows(ctx, child, out, t, |tb, r| !codes.contains(&tb.get(r, col)));
}

/// A date that is filled in but is not a `dd/mm/yyyy` date.
fn bad_date(tb: &Table, r: usize, col: usize) -> bool {
    let v = tb.get(r, col);
    !v.is_empty() && date::dmy(v).is_none()
}

/// A date rule that lets a blank pass: flags a filled-in value that is not
/// a `dd/mm/yyyy` date.
pub(super) fn date_or_blank(ctx: &Ctx, child: &Child, out: &mut Out, t: T, col: usize) {
    flag_rows(ctx, child, out, t, |tb, r| bad_date(tb, r, col));
}

/// How many of `cols` are filled in.
pub(super) fn filled(tb: &Table, r: usize, cols: &[usize]) -> usize {
    cols.iter().filter(|&&c| !tb.get(r, c).is_empty()).count()
}

/// Some but not all of `cols` are filled in.
pub(super) fn partly_filled(tb: &Table, r: usize, cols: &[usize]) -> bool {
    let n = filled(tb, r, cols);
    n > 0 && n < cols.len()
}

/// Whether the child has been looked after continuously for at least 12
/// months at 31 March, read from the episodes as the peers read it:
/// - the child is in care during the year: an episode with a valid start
///   date on or before 31 March that had not ceased before 1 April;
/// - no such episode is a short break (V3, V4);
/// - the child did not leave care during the year: no episode ceased from 1
///   April to 30 March with a reason other than X1 (a blank reason counts as
///   leaving; ceasing on 31 March itself does not);
/// - no new period of care began after 1 April: no episode with reason for
///   new episode S starting from 2 April to 31 March.
///
/// A period of care that began before the first episode in the return counts
/// as begun before 1 April, and an episode ending with X1 keeps the child in
/// care even with no episode after it.
///
/// Rules 101 to 199 use this reading; the OC2 rules 543, 545 and 546 use
/// [`cla_12_months_by_spell`], as the peer does.
pub(super) fn cla_12_months_strict(ctx: &Ctx, child: &Child) -> bool {
    let ep = ctx.t(T::Episodes);
    let mut in_care = false;
    for &r in child.rows(T::Episodes) {
        let decom = d(ep, r, episodes::DECOM);
        let dec = d(ep, r, episodes::DEC);
        if decom.is_some_and(|s| s <= ctx.end) && dec.is_none_or(|e| e >= ctx.start) {
            if is_short_break(ep.get(r, episodes::LS)) {
                return false;
            }
            in_care = true;
        }
        if dec.is_some_and(|e| ctx.start <= e && e < ctx.end) && ep.get(r, episodes::REC) != "X1" {
            return false;
        }
        if ep.get(r, episodes::RNE) == "S" && decom.is_some_and(|s| ctx.start < s && s <= ctx.end) {
            return false;
        }
    }
    in_care
}

/// Whether the child has been looked after continuously for the 12 months
/// to 31 March, as the OC2 rules judge it (matching the sector's
/// validator):
/// - the child was looked after during the year other than on short breaks:
///   some episode not under LS V3/V4 has a DEC on or after 1 April, or no
///   valid DEC and a DECOM by 31 March;
/// - no short break (LS V3/V4) is open at 31 March (DEC on or after it, or
///   no valid DEC and a DECOM by 31 March);
/// - the current spell of care began by 1 April. A spell begins at a new
///   period of care (RNE S) and at the end of a short break (the DEC of a
///   V3/V4 episode), among episodes starting by 31 March, and after care
///   ended before 31 March (the DEC of any episode whose REC is not X1,
///   even one with no valid DECOM). With none of these the child is taken
///   to have been looked after throughout.
pub(super) fn cla_12_months_by_spell(ctx: &Ctx, child: &Child) -> bool {
    let e = ctx.t(T::Episodes);
    let mut in_care = false;
    let mut open_short_break = false;
    let mut began: Option<Date> = None;
    for &r in child.rows(T::Episodes) {
        let decom = d(e, r, episodes::DECOM);
        let dec = d(e, r, episodes::DEC);
        let short_break = is_short_break(e.get(r, episodes::LS));
        let started = decom.is_some_and(|x| x <= ctx.end);
        match dec {
            Some(dec) => {
                in_care |= !short_break && dec >= ctx.start;
                open_short_break |= short_break && dec >= ctx.end;
            }
            None => {
                in_care |= !short_break && started;
                open_short_break |= short_break && started;
            }
        }
        if decom.is_some_and(|x| x > ctx.end) {
            continue;
        }
        if let Some(dec) = dec {
            if e.get(r, episodes::REC) != "X1" && dec < ctx.end {
                began = began.max(Some(dec));
            }
        }
        let Some(decom) = decom else {
            continue;
        };
        if e.get(r, episodes::RNE) == "S" {
            began = began.max(Some(decom));
        }
        if let (true, Some(dec)) = (short_break, dec) {
            began = began.max(Some(dec));
        }
    }
    in_care && !open_short_break && began.is_none_or(|b| b <= ctx.start)
}

/// What the rule files' unit tests share.
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub(super) mod test_support {
    use crate::ssda903::engine::{validate_with, Rule};
    use crate::ssda903::{csv_io, Return903};
    use crate::CollectionYear;

    /// A return read from CSV tables given as (file name, text).
    pub fn ret(files: &[(&str, &str)]) -> Return903 {
        let mut r = Return903::default();
        for (name, text) in files {
            if let Err(e) = csv_io::read_table(&mut r, name, text.as_bytes()) {
                panic!("{name}: {e}");
            }
        }
        r
    }

    /// A finding as (child, table, row).
    pub fn f(child: &str, table: &'static str, row: i64) -> (String, &'static str, i64) {
        (child.to_string(), table, row)
    }

    /// Runs the one rule of `rules` coded `code` on a 2025/26 return and
    /// gives (child, table, row) for each finding.
    pub fn run_one(
        rules: &[Rule],
        code: &str,
        cur: &Return903,
        prev: Option<&Return903>,
    ) -> Vec<(String, &'static str, i64)> {
        let rules: Vec<Rule> = rules.iter().copied().filter(|r| r.code == code).collect();
        assert_eq!(rules.len(), 1, "rule {code} is registered once");
        validate_with(cur, prev, CollectionYear(2026), &rules, None)
            .into_iter()
            .map(|f| (f.child_id.to_string(), f.table, f.row_id))
            .collect()
    }
}
