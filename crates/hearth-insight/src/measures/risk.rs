//! Reduced risk for children: the DfE's children in need and child
//! protection statistics, and missing episodes of looked-after children.
//! (The scaling measures of this outcome are in `practice`.)
//!
//! Computed as the CIN census statistics are, with these choices where the
//! reference leaves room:
//!
//! - **Referrals** are the children in need episodes' referral dates (every
//!   outcome, no further action included). A referral is a re-referral when
//!   the child had another referral on an earlier day no more than 12
//!   months before it (the same date a year earlier counts; for 29 February,
//!   28 February). Two episodes with the same referral date are two
//!   referrals, neither a re-referral of the other.
//! - **Second or subsequent plans**: a plan starting in the year is a
//!   second or later plan if the child's record holds a plan starting
//!   before it, or the census's number of previous plans says one or more
//!   (plans before the record began, or in another council).
//! - **Plans lasting 2 years or more**: ended in the year, on or after the
//!   same date two years after the start.
//! - **Conferences within 15 working days** count the initial conferences
//!   held in the year, timely when held no later than the 15th working day
//!   after the section 47 enquiry started (the start day is day 0; weekends
//!   and England's bank holidays are not working days).
//! - **Assessments within 45 working days**: assessments authorised in the
//!   year, timely when authorised no later than the 45th working day after
//!   they started.
//! - A conference dated before its enquiry, or an authorisation before its
//!   assessment's start, is a recording error and is left out of both the
//!   numerator and the denominator (the return's validation reports it).
//! - **Missing**: children looked after at any time in the year (short
//!   breaks left out) with a missing episode (903 code M) starting in the
//!   year; "away from placement without authorisation" (A) is counted
//!   apart by the DfE and not here.
//! - **Rate per 10,000**: children starting a plan in the year, each once.

use hearth_core::calendar::add_working_days;
use hearth_core::journey::StepDetail;
use time::Date;

use super::care::rate;
use super::episodes::{tidy, CareHistory};
use crate::period::minus_year;
use crate::report::{Behind, Ctx, Figure};

pub fn figures(ctx: &Ctx) -> Vec<Figure> {
    let p = ctx.period;
    let mut h = CareHistory::default();
    let mut referrals: Vec<Date> = Vec::new();
    let mut plans: Vec<(Date, Option<Date>, bool)> = Vec::new();

    let (mut ref_den, mut ref_num, mut re_referred) = (0u64, 0u64, Vec::new());
    let (mut cp_starts, mut cp_repeat, mut repeat_children) = (0u64, 0u64, Vec::new());
    let (mut cp_ended, mut cp_long, mut long_children) = (0u64, 0u64, Vec::new());
    let (mut icpcs, mut icpc_timely, mut icpc_children) = (0u64, 0u64, Vec::new());
    let (mut assessed, mut assessed_timely, mut assessed_children) = (0u64, 0u64, Vec::new());
    let mut starting_plan = Vec::new();
    let (mut looked_after, mut missing) = (0u64, Vec::new());

    for c in &ctx.members.children {
        let who = Behind::Child(c.id());
        referrals.clear();
        plans.clear();
        let mut went_missing = false;
        let (mut timely_icpc, mut timely_assessment) = (false, false);
        for s in &c.journey.steps {
            match &s.detail {
                StepDetail::CinEpisode { referral_date, .. } => referrals.push(*referral_date),
                StepDetail::CpPlan {
                    start,
                    end,
                    previous_plans,
                    ..
                } => {
                    let before = previous_plans.trim().parse::<u32>().is_ok_and(|n| n > 0);
                    plans.push((*start, *end, before));
                }
                StepDetail::Section47 {
                    start,
                    icpc_date: Some(icpc),
                    ..
                } if p.contains(*icpc) && icpc >= start => {
                    icpcs += 1;
                    if *icpc <= add_working_days(*start, 15) {
                        icpc_timely += 1;
                        timely_icpc = true;
                    }
                }
                StepDetail::Assessment {
                    start,
                    authorised: Some(done),
                    ..
                } if p.contains(*done) && done >= start => {
                    assessed += 1;
                    if *done <= add_working_days(*start, 45) {
                        assessed_timely += 1;
                        timely_assessment = true;
                    }
                }
                StepDetail::Missing { kind, start, .. }
                    if kind.trim() == "M" && p.contains(*start) =>
                {
                    went_missing = true;
                }
                _ => {}
            }
        }
        if timely_icpc {
            icpc_children.push(who);
        }
        if timely_assessment {
            assessed_children.push(who);
        }

        referrals.sort_unstable();
        let mut rereferred = false;
        let mut earlier: Option<Date> = None;
        for (i, r) in referrals.iter().enumerate() {
            if i > 0 && referrals[i - 1] < *r {
                earlier = Some(referrals[i - 1]);
            }
            if p.contains(*r) {
                ref_den += 1;
                if earlier.is_some_and(|d| d >= minus_year(*r)) {
                    ref_num += 1;
                    rereferred = true;
                }
            }
        }
        if rereferred {
            re_referred.push(who);
        }

        plans.sort_unstable_by_key(|x| (x.0, x.1.is_none(), x.1));
        let (mut repeat, mut long, mut started) = (false, false, false);
        let first = plans.first().map(|x| x.0);
        for (start, end, before) in &plans {
            if p.contains(*start) {
                cp_starts += 1;
                started = true;
                if *before || first.is_some_and(|f| f < *start) {
                    cp_repeat += 1;
                    repeat = true;
                }
            }
            if let Some(e) = end.filter(|e| p.contains(*e)) {
                cp_ended += 1;
                if e >= crate::period::plus_years(*start, 2) {
                    cp_long += 1;
                    long = true;
                }
            }
        }
        if repeat {
            repeat_children.push(who);
        }
        if long {
            long_children.push(who);
        }
        if started {
            starting_plan.push(who);
        }

        h.load(&c.journey);
        if h.in_period(p) {
            looked_after += 1;
            if went_missing {
                missing.push(who);
            }
        }
    }

    tidy(vec![
        Figure::new(
            "re_referrals_12m",
            ref_num as f64,
            ref_den as f64,
            re_referred,
        ),
        Figure::new(
            "cp_second_or_subsequent",
            cp_repeat as f64,
            cp_starts as f64,
            repeat_children,
        ),
        Figure::new(
            "cp_ended_2y_plus",
            cp_long as f64,
            cp_ended as f64,
            long_children,
        ),
        Figure::new(
            "icpc_within_15wd",
            icpc_timely as f64,
            icpcs as f64,
            icpc_children,
        ),
        Figure::new(
            "assessments_within_45wd",
            assessed_timely as f64,
            assessed as f64,
            assessed_children,
        ),
        rate(ctx, "cp_rate_per_10k", starting_plan),
        Figure::new(
            "missing_episodes",
            missing.len() as f64,
            looked_after as f64,
            missing,
        ),
    ])
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::period::Period;
    use crate::testkit::{council, figure, ids, snapshot, ChildBuilder as Kid};
    use time::macros::date;

    fn year() -> Period {
        Period::collection_year(2026)
    }

    #[test]
    fn re_referrals_within_12_months_of_an_earlier_referral() {
        // 31 May 2025 is within 12 months of 1 June 2024; 1 February 2026
        // within 12 months of 31 May 2025. Two referrals, both re-referrals.
        let r1 = Kid::new(None)
            .referral(date!(2024 - 06 - 01), Some(date!(2024 - 07 - 01)))
            .referral(date!(2025 - 05 - 31), Some(date!(2025 - 06 - 30)))
            .referral(date!(2026 - 02 - 01), None)
            .build();
        // A year and a day apart: not a re-referral.
        let r2 = Kid::new(None)
            .referral(date!(2024 - 04 - 30), Some(date!(2024 - 05 - 30)))
            .referral(date!(2025 - 05 - 01), None)
            .build();
        // Two referrals on one day: two referrals, no re-referral.
        let r5 = Kid::new(None)
            .referral(date!(2025 - 07 - 01), Some(date!(2025 - 07 - 02)))
            .referral(date!(2025 - 07 - 01), None)
            .build();
        let want = ids(&[&r1]);
        let r = council(&snapshot(vec![r1, r2, r5], None), year());
        assert_eq!(figure(&r, "re_referrals_12m"), (2.0, 5.0, want));
    }

    #[test]
    fn re_referrals_across_a_leap_day() {
        // 29 February 2024 to 28 February 2025: within 12 months.
        let r3 = Kid::new(None)
            .referral(date!(2024 - 02 - 29), Some(date!(2024 - 03 - 10)))
            .referral(date!(2025 - 02 - 28), None)
            .build();
        // 28 February 2024 to 1 March 2025: more than 12 months.
        let r4 = Kid::new(None)
            .referral(date!(2024 - 02 - 28), Some(date!(2024 - 03 - 10)))
            .referral(date!(2025 - 03 - 01), None)
            .build();
        let want = ids(&[&r3]);
        let r = council(&snapshot(vec![r3, r4], None), Period::collection_year(2025));
        assert_eq!(figure(&r, "re_referrals_12m"), (1.0, 2.0, want));
    }

    #[test]
    fn repeat_plans_plans_ending_after_two_years_and_the_rate() {
        // An earlier plan in the record: a second plan.
        let c1 = Kid::new(None)
            .cp_plan(date!(2023 - 01 - 01), Some(date!(2024 - 01 - 01)), "0")
            .cp_plan(date!(2025 - 06 - 01), None, "1")
            .build();
        // Two plans in the year: the first is a first plan, the second not.
        let c2 = Kid::new(None)
            .cp_plan(date!(2025 - 05 - 01), Some(date!(2025 - 09 - 01)), "0")
            .cp_plan(date!(2025 - 12 - 01), None, "")
            .build();
        // A plan elsewhere before the record began.
        let c3 = Kid::new(None)
            .cp_plan(date!(2025 - 10 - 01), None, "1")
            .build();
        let c4 = Kid::new(None)
            .cp_plan(date!(2025 - 04 - 01), None, "0")
            .build();
        // Ended in the year exactly two years after it started (the plan
        // crosses the year boundary).
        let c5 = Kid::new(None)
            .cp_plan(date!(2023 - 05 - 01), Some(date!(2025 - 05 - 01)), "0")
            .build();
        // A day short of two years.
        let c6 = Kid::new(None)
            .cp_plan(date!(2023 - 05 - 02), Some(date!(2025 - 05 - 01)), "0")
            .build();
        // Ended the year before.
        let c7 = Kid::new(None)
            .cp_plan(date!(2022 - 01 - 01), Some(date!(2025 - 03 - 31)), "0")
            .build();
        // From 29 February 2024 to 28 February 2026: two years.
        let c8 = Kid::new(None)
            .cp_plan(date!(2024 - 02 - 29), Some(date!(2026 - 02 - 28)), "0")
            .build();
        let repeat = ids(&[&c1, &c2, &c3]);
        let long = ids(&[&c5, &c8]);
        let starting = ids(&[&c1, &c2, &c3, &c4]);
        let r = council(
            &snapshot(vec![c1, c2, c3, c4, c5, c6, c7, c8], Some(10_000)),
            year(),
        );
        assert_eq!(figure(&r, "cp_second_or_subsequent"), (3.0, 5.0, repeat));
        assert_eq!(figure(&r, "cp_ended_2y_plus"), (2.0, 4.0, long));
        assert_eq!(figure(&r, "cp_rate_per_10k"), (4.0, 10_000.0, starting));
        assert_eq!(r.get("cp_rate_per_10k").and_then(|v| v.value), Some(4.0));
    }

    #[test]
    fn conferences_within_15_working_days_over_easter_and_christmas() {
        // From Tuesday 8 April 2025, Good Friday and Easter Monday skipped:
        // the 15th working day is Thursday 1 May.
        let e1 = Kid::new(None)
            .s47(date!(2025 - 04 - 08), Some(date!(2025 - 05 - 01)))
            .build();
        let e2 = Kid::new(None)
            .s47(date!(2025 - 04 - 08), Some(date!(2025 - 05 - 02)))
            .build();
        // From Friday 19 December 2025, Christmas, Boxing Day and New
        // Year's Day skipped: the 15th working day is Wednesday 14 January.
        let e3 = Kid::new(None)
            .s47(date!(2025 - 12 - 19), Some(date!(2026 - 01 - 14)))
            .build();
        let e4 = Kid::new(None)
            .s47(date!(2025 - 12 - 19), Some(date!(2026 - 01 - 15)))
            .build();
        // The enquiry began in the year before; the conference, on the 10th
        // working day, is in this one.
        let e5 = Kid::new(None)
            .s47(date!(2025 - 03 - 20), Some(date!(2025 - 04 - 03)))
            .build();
        // No conference, or one after the year: not counted.
        let e6 = Kid::new(None)
            .s47(date!(2025 - 06 - 02), None)
            .s47(date!(2026 - 03 - 20), Some(date!(2026 - 04 - 02)))
            .build();
        let want = ids(&[&e1, &e3, &e5]);
        let r = council(&snapshot(vec![e1, e2, e3, e4, e5, e6], None), year());
        assert_eq!(figure(&r, "icpc_within_15wd"), (3.0, 5.0, want));
    }

    #[test]
    fn assessments_within_45_working_days_over_christmas() {
        // From Monday 1 December 2025, skipping 25 and 26 December and
        // 1 January: the 45th working day is Thursday 5 February 2026.
        let a1 = Kid::new(None)
            .assessment(date!(2025 - 12 - 01), Some(date!(2026 - 02 - 05)))
            .build();
        let a2 = Kid::new(None)
            .assessment(date!(2025 - 12 - 01), Some(date!(2026 - 02 - 06)))
            .build();
        // Authorised before it started: a recording error, left out.
        let a3 = Kid::new(None)
            .assessment(date!(2025 - 12 - 01), Some(date!(2025 - 11 - 01)))
            .build();
        // Started in the year before, authorised in this one in time.
        let a4 = Kid::new(None)
            .assessment(date!(2025 - 03 - 01), Some(date!(2025 - 04 - 10)))
            // Not yet authorised: not counted.
            .assessment(date!(2026 - 03 - 01), None)
            .build();
        let want = ids(&[&a1, &a4]);
        let r = council(&snapshot(vec![a1, a2, a3, a4], None), year());
        assert_eq!(figure(&r, "assessments_within_45wd"), (2.0, 3.0, want));
    }

    #[test]
    fn looked_after_children_who_went_missing() {
        let in_care = |k: Kid| k.care(date!(2024 - 01 - 01), "S", "C2", "U1", None, "");
        let m1 = in_care(Kid::new(None))
            .missing("M", date!(2025 - 06 - 01))
            .build();
        // Away from placement, not missing.
        let m2 = in_care(Kid::new(None))
            .missing("A", date!(2025 - 06 - 01))
            .build();
        // Missing the year before.
        let m3 = in_care(Kid::new(None))
            .missing("M", date!(2025 - 03 - 01))
            .build();
        // Not looked after.
        let m4 = Kid::new(None)
            .referral(date!(2025 - 01 - 01), None)
            .missing("M", date!(2025 - 06 - 01))
            .build();
        let want = ids(&[&m1]);
        let r = council(&snapshot(vec![m1, m2, m3, m4], None), year());
        assert_eq!(figure(&r, "missing_episodes"), (1.0, 3.0, want));
    }

    #[test]
    fn a_rolling_year_counts_its_own_12_months() {
        // The 12 months to 30 September 2025: 1 October 2024 onwards.
        let p = Period::rolling_year(date!(2025 - 09 - 30));
        let x = Kid::new(None)
            .referral(date!(2024 - 09 - 30), Some(date!(2024 - 10 - 15)))
            .referral(date!(2025 - 09 - 30), None)
            .cp_plan(date!(2023 - 09 - 30), Some(date!(2025 - 09 - 30)), "0")
            .build();
        let want = ids(&[&x]);
        let r = council(&snapshot(vec![x], None), p);
        // 30 September 2024 is a day before the period: one referral in it,
        // a re-referral (within 12 months of 30 September 2024).
        assert_eq!(figure(&r, "re_referrals_12m"), (1.0, 1.0, want.clone()));
        assert_eq!(figure(&r, "cp_ended_2y_plus"), (1.0, 1.0, want));
        // Rates with no population recorded: the count and a note.
        let rate = r.get("cp_rate_per_10k").unwrap();
        assert_eq!((rate.numerator, rate.value), (0.0, None));
        assert!(rate.note.as_deref().unwrap().contains("population"));
    }
}
