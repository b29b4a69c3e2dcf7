//! The synthetic council's history, seen through the outcome measures: each
//! of the last three complete collection years has a realistic number of
//! referrals and rates of the DfE measures near England's.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use hearth_core::projection::replay;
use hearth_insight::report::periods_for_year;
use hearth_insight::{compute, Report, Scope, Snapshot};
use hearth_synth::{generate, Config};
use time::macros::date;
use time::Date;

const TODAY: Date = date!(2026 - 11 - 26);
const SIZE: f64 = 0.4;

fn value(r: &Report, id: &str) -> (f64, f64, f64) {
    let v = r.get(id).unwrap_or_else(|| panic!("{id} is measured"));
    (v.value.unwrap_or(f64::NAN), v.numerator, v.denominator)
}

#[test]
fn three_years_of_history_with_rates_near_englands() {
    let council = generate(&Config {
        seed: 7,
        size: SIZE,
        today: TODAY,
    });
    let docs = replay(&council.events).expect("the events replay");
    let snapshot = Snapshot::from_docs(docs.into_values().flatten(), TODAY);
    for year in 2024..=2026 {
        let (period, workforce) = periods_for_year(year);
        let r = compute(&snapshot, Scope::Council, period, workforce);
        // Referrals: about 2,300 a year at size 1.0, scaled by the size.
        let (rate, _, referrals) = value(&r, "re_referrals_12m");
        assert!(
            (1500.0 * SIZE..=3500.0 * SIZE).contains(&referrals),
            "{year}: {referrals} referrals"
        );
        // England: 22.6% (2025).
        assert!(
            (15.0..=30.0).contains(&rate),
            "{year}: re-referrals {rate}%"
        );
        // England: low-to-mid 20s; some second plans every year.
        let (repeat, n, _) = value(&r, "cp_second_or_subsequent");
        assert!(n > 0.0 && repeat <= 35.0, "{year}: repeat plans {repeat}%");
        // England: about 81% and (assessments) mid 80s.
        let (icpc, _, _) = value(&r, "icpc_within_15wd");
        assert!((65.0..=92.0).contains(&icpc), "{year}: conferences {icpc}%");
        let (assessed, _, done) = value(&r, "assessments_within_45wd");
        assert!(
            done > 0.0 && (75.0..=92.0).contains(&assessed),
            "{year}: assessments {assessed}%"
        );
        // Some children leave care to go home.
        let (home, n, _) = value(&r, "returns_home");
        assert!(
            n > 0.0 && (30.0..=85.0).contains(&home),
            "{year}: returns home {home}%"
        );
    }
    // Plans lasting 2 years or more end in the later years (England 4.4%).
    let (period, workforce) = periods_for_year(2026);
    let r = compute(&snapshot, Scope::Council, period, workforce);
    let (long, n, _) = value(&r, "cp_ended_2y_plus");
    assert!(n > 0.0 && long <= 12.0, "long plans {long}%");
    // Looked-after children have strengths and difficulties scores over
    // several years, so the change per child can be measured.
    let (_, _, with_two) = value(&r, "sdq_change");
    assert!(
        with_two >= 10.0,
        "{with_two} children with two or more scores"
    );
}
