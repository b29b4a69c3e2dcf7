//! Helpers the census rule files share: date cells, the child's
//! identifiers row and date of death, flagging rows, the census year, and
//! yes/no values.
//!
//! Two pairs look alike but differ on purpose, each agreeing with the
//! sector's validator on the rules that use it: [`dt_in_range`] (rules 100
//! to 8610) drops years the peer cannot hold where [`dt`] (8614 to 8950)
//! does not, and [`no_exact`] (100 to 8610) takes only `false` and `0` as a
//! "no" where [`no_any_case`] (8614 to 8950) takes any letter case.

use time::Date;

use crate::cin::engine::{d, Child, Ctx, Out};
use crate::cin::{child_identifiers, C};
use crate::date;
use crate::table::Table;

/// A date column of a row of `t`.
pub(super) fn dt(ctx: &Ctx, t: C, row: usize, col: usize) -> Option<Date> {
    d(ctx.t(t), row, col)
}

/// A date cell of table `t`. Years before 1678 or after 2261 count as
/// absent: no real event of a child's case falls there, and the sector's
/// validator cannot hold them (its dates are 64-bit nanosecond timestamps),
/// so a year-1120 typo reads as a missing date there too.
pub(super) fn dt_in_range(ctx: &Ctx, t: C, row: usize, col: usize) -> Option<Date> {
    dt(ctx, t, row, col).filter(|x| (1678..=2261).contains(&x.year()))
}

/// The child's first identifiers row (the census has one per child).
pub(super) fn ids_row(child: &Child) -> Option<usize> {
    child.rows(C::ChildIdentifiers).first().copied()
}

/// The child's date of death, if recorded and valid, with its row; read
/// with `date` ([`dt`] or [`dt_in_range`], as the calling rules read dates).
pub(super) fn death(
    ctx: &Ctx,
    child: &Child,
    date: fn(&Ctx, C, usize, usize) -> Option<Date>,
) -> Option<(usize, Date)> {
    let r = ids_row(child)?;
    Some((
        r,
        date(
            ctx,
            C::ChildIdentifiers,
            r,
            child_identifiers::PersonDeathDate,
        )?,
    ))
}

/// Flags each of the child's rows of `t` for which `bad` holds.
pub(super) fn flag_rows(
    ctx: &Ctx,
    child: &Child,
    out: &mut Out,
    t: C,
    bad: impl Fn(&Table, usize) -> bool,
) {
    out.flag_where(t, ctx.t(t), child.rows(t), bad);
}

/// Flags both rows of each pair of periods where one starts while the other
/// is ongoing: on or after its start and on or before its end (an open
/// period runs to the reference date). With `twins` false, two periods with
/// the same start and end are taken for one record given twice and not
/// compared. Periods are `(row, start, end)`; a row without a start is left
/// out.
pub(super) fn flag_overlaps(
    ctx: &Ctx,
    out: &mut Out,
    t: C,
    periods: &[(usize, Date, Option<Date>)],
    twins: bool,
) {
    for r in overlapping(ctx, periods, twins) {
        out.flag(t, r);
    }
}

/// The rows `flag_overlaps` flags.
pub(super) fn overlapping(
    ctx: &Ctx,
    periods: &[(usize, Date, Option<Date>)],
    twins: bool,
) -> Vec<usize> {
    let mut hit = vec![false; periods.len()];
    for (i, a) in periods.iter().enumerate() {
        for (j, b) in periods.iter().enumerate() {
            let same = a.1 == b.1 && a.2 == b.2;
            if i != j && (twins || !same) && a.1 <= b.1 && b.1 <= a.2.unwrap_or(ctx.end) {
                if let Some(h) = hit.get_mut(i) {
                    *h = true;
                }
                if let Some(h) = hit.get_mut(j) {
                    *h = true;
                }
            }
        }
    }
    periods
        .iter()
        .zip(hit)
        .filter(|(_, h)| *h)
        .map(|(p, _)| p.0)
        .collect()
}

/// Inside the census year, both ends included.
pub(super) fn in_year(ctx: &Ctx, day: Date) -> bool {
    date::within(day, ctx.start, ctx.end)
}

/// A yes/no flag that says yes: `true` in any letter case, or `1`.
pub(super) fn yes(v: &str) -> bool {
    v.eq_ignore_ascii_case("true") || v == "1"
}

/// An explicit "no": `false` or `0`, exactly (the schema's capitalised
/// `FALSE` is valid for rule 8568 but, as in the sector's validator, does
/// not count as a "no" for the rules 100 to 8610 that act on one).
pub(super) fn no_exact(v: &str) -> bool {
    v == "false" || v == "0"
}

/// A yes/no value that says no: `false` in any letter case, or `0` (as the
/// sector's validator reads it for rules 8614 to 8950).
pub(super) fn no_any_case(v: &str) -> bool {
    v.eq_ignore_ascii_case("false") || v == "0"
}
