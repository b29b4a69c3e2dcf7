//! Reduced days spent in care: how many children are looked after, how many
//! start, their days in care, and returns home. (`edge_of_care_kept_home`
//! is in `practice`.)
//!
//! The 903's conventions are in [`super::episodes`]. Choices where the
//! reference leaves room:
//!
//! - **Starts** count each child once however many periods of care began in
//!   the year: a child who left care and came back is one start.
//! - **Days in care** are nights in the period (the day care ends is not
//!   one); the children are those looked after at any time in it.
//! - **Returns home**: a child who ceased more than once in the year counts
//!   once, by the reason of the last time (as the DfE counts children
//!   ceasing). A period of care has ceased when its last episode ends with
//!   a reason other than X1.
//! - **Returns that lasted**: children whose last ceasing in the year
//!   before was a return home (E4A, E4B) and who did not start another
//!   period of care in the 12 months after the day they went home (those
//!   12 months have always passed by the end of the period).
//! - Rates per 10,000 use the council's 0-17 population estimate for the
//!   period's last year; below the whole council there is no population,
//!   so the rate shows the count with a note.

use hearth_core::access::FigureScope;

use super::episodes::{tidy, CareHistory};
use crate::period::plus_years;
use crate::report::{Behind, Ctx, Figure};

/// Returned home to parents or someone with parental responsibility, as
/// part of the care plan (E4A) or not (E4B).
fn returned_home(reason: &str) -> bool {
    matches!(reason, "E4A" | "E4B")
}

/// A rate per 10,000 children aged 0 to 17: the children counted over the
/// population, or the count with a note where there is no population.
pub(crate) fn rate(ctx: &Ctx, id: &'static str, children: Vec<Behind>) -> Figure {
    let n = children.len() as f64;
    match ctx.population {
        Some(pop) if pop > 0 => Figure::new(id, n, pop as f64, children),
        _ if ctx.scope != FigureScope::Council => {
            Figure::new(id, n, 0.0, children).note("Rates per 10,000 are for the whole council")
        }
        _ => Figure::new(id, n, 0.0, children)
            .note("No child population estimate is recorded for the council"),
    }
}

pub fn figures(ctx: &Ctx) -> Vec<Figure> {
    let p = ctx.period;
    let before = p.year_before();
    let mut h = CareHistory::default();
    let (mut on_end, mut starts) = (Vec::new(), Vec::new());
    let (mut in_care, mut nights, mut with_nights) = (0u64, 0i64, Vec::new());
    let (mut ceased, mut home) = (0u64, Vec::new());
    let (mut went_home_before, mut lasted) = (0u64, Vec::new());

    for c in &ctx.members.children {
        let who = Behind::Child(c.id());
        h.load(&c.journey);
        if h.periods.is_empty() {
            continue;
        }
        if h.period_on(p.end).is_some() {
            on_end.push(who);
        }
        if h.periods.iter().any(|s| p.contains(s.start)) {
            starts.push(who);
        }
        if h.in_period(p) {
            in_care += 1;
            let n: i64 = h.periods.iter().map(|s| s.nights_in(p)).sum();
            if n > 0 {
                nights += n;
                with_nights.push(who);
            }
        }
        if let Some((_, reason)) = h.last_ceased_in(p) {
            ceased += 1;
            if returned_home(reason) {
                home.push(who);
            }
        }
        if let Some((left, reason)) = h.last_ceased_in(before) {
            if returned_home(reason) {
                went_home_before += 1;
                let back = h
                    .periods
                    .iter()
                    .any(|s| s.start > left && s.start <= plus_years(left, 1));
                if !back {
                    lasted.push(who);
                }
            }
        }
    }

    tidy(vec![
        rate(ctx, "cla_rate_per_10k", on_end),
        rate(ctx, "cla_starts_per_10k", starts),
        Figure::new(
            "care_days_per_child",
            nights as f64,
            in_care as f64,
            with_nights,
        ),
        Figure::new("returns_home", home.len() as f64, ceased as f64, home),
        Figure::new(
            "returns_home_lasting",
            lasted.len() as f64,
            went_home_before as f64,
            lasted,
        ),
    ])
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use hearth_core::ids::TeamId;
    use time::macros::date;

    use crate::period::Period;
    use crate::report::compute;
    use crate::scope::Scope;
    use crate::testkit::{council, figure, ids, snapshot, ChildBuilder as Kid};

    /// The children of the hand-worked example, by letter.
    fn children() -> Vec<crate::snapshot::Child> {
        vec![
            // K1: looked after all year (365 nights) and on 31 March.
            Kid::new(None)
                .care(date!(2024 - 01 - 01), "S", "C2", "U1", None, "")
                .build(),
            // K2: came in, went home (61 nights), came back (182 nights):
            // one start, looked after on 31 March, ceased once, home.
            Kid::new(None)
                .care(
                    date!(2025 - 05 - 01),
                    "S",
                    "C2",
                    "U1",
                    Some(date!(2025 - 07 - 01)),
                    "E4A",
                )
                .care(date!(2025 - 10 - 01), "S", "C2", "U1", None, "")
                .build(),
            // K3: ceased on 31 March 2026 (364 nights), adopted.
            Kid::new(None)
                .care(
                    date!(2025 - 01 - 01),
                    "S",
                    "C2",
                    "U1",
                    Some(date!(2026 - 03 - 31)),
                    "E11",
                )
                .build(),
            // K4: short breaks only.
            Kid::new(None)
                .care(date!(2025 - 01 - 01), "S", "V4", "R1", None, "")
                .build(),
            // K5: went home on 30 June 2024 and came back exactly 12 months
            // later (275 nights this year): the return did not last.
            Kid::new(None)
                .care(
                    date!(2024 - 01 - 01),
                    "S",
                    "C2",
                    "U1",
                    Some(date!(2024 - 06 - 30)),
                    "E4B",
                )
                .care(date!(2025 - 06 - 30), "S", "C2", "U1", None, "")
                .build(),
            // K6: went home on 1 July 2024, back 2 July 2025 (273 nights):
            // the return lasted 12 months.
            Kid::new(None)
                .care(
                    date!(2024 - 02 - 01),
                    "S",
                    "C2",
                    "U1",
                    Some(date!(2024 - 07 - 01)),
                    "E4A",
                )
                .care(date!(2025 - 07 - 02), "S", "C2", "U1", None, "")
                .build(),
            // K7: went home on 1 May 2024 and stayed.
            Kid::new(None)
                .care(
                    date!(2024 - 01 - 01),
                    "S",
                    "C2",
                    "U1",
                    Some(date!(2024 - 05 - 01)),
                    "E4A",
                )
                .build(),
        ]
    }

    #[test]
    fn looked_after_starts_days_and_returns_home() {
        let k = children();
        let r = council(
            &snapshot(k.clone(), Some(10_000)),
            Period::collection_year(2026),
        );
        let on_end = ids(&[&k[0], &k[1], &k[4], &k[5]]);
        assert_eq!(figure(&r, "cla_rate_per_10k"), (4.0, 10_000.0, on_end));
        assert_eq!(r.get("cla_rate_per_10k").and_then(|v| v.value), Some(4.0));
        // K2 started twice: one child.
        let starts = ids(&[&k[1], &k[4], &k[5]]);
        assert_eq!(figure(&r, "cla_starts_per_10k"), (3.0, 10_000.0, starts));
        // 365 + 243 + 364 + 275 + 273 nights over 5 children.
        let in_care = ids(&[&k[0], &k[1], &k[2], &k[4], &k[5]]);
        assert_eq!(figure(&r, "care_days_per_child"), (1520.0, 5.0, in_care));
        assert_eq!(figure(&r, "returns_home"), (1.0, 2.0, ids(&[&k[1]])));
        let lasted = ids(&[&k[5], &k[6]]);
        assert_eq!(figure(&r, "returns_home_lasting"), (2.0, 3.0, lasted));
    }

    #[test]
    fn a_rolling_year_and_rates_below_the_council() {
        let mut k = children();
        let team = TeamId::new();
        for c in &mut k {
            c.team = Some(team);
        }
        let s = snapshot(k.clone(), Some(10_000));
        // The 12 months to 30 September 2025 (1 October 2024 onwards): on 30
        // September K1, K5 and K6 are looked after (K2 went home in July and
        // is back from 1 October); K3 is too.
        let p = Period::rolling_year(date!(2025 - 09 - 30));
        let r = council(&s, p);
        let on_end = ids(&[&k[0], &k[2], &k[4], &k[5]]);
        assert_eq!(
            figure(&r, "cla_rate_per_10k"),
            (4.0, 10_000.0, on_end.clone())
        );
        // K2 went home in the period.
        assert_eq!(figure(&r, "returns_home"), (1.0, 1.0, ids(&[&k[1]])));
        let t = compute(&s, Scope::Team(team), p, p);
        let v = t.get("cla_rate_per_10k").unwrap();
        assert_eq!((v.numerator, v.denominator, v.value), (4.0, 0.0, None));
        assert_eq!(
            v.note.as_deref(),
            Some("Rates per 10,000 are for the whole council")
        );
    }
}
