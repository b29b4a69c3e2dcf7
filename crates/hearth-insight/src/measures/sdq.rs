//! Wellbeing: the strengths and difficulties score of looked-after
//! children, from the 903's yearly outcomes (OC2). The score is 0 to 40,
//! lower is better; the questionnaire itself is licensed and not part of
//! Hearth, only its total.
//!
//! - **The year's outcomes**: the OC2 answers of the collection year whose
//!   31 March is the period's last day, or for a rolling period the latest
//!   31 March before its end (OC2 is answered once a year, about the year
//!   to 31 March). Answers recorded without a year count in every year.
//! - **Average** (the OC2 cohort, as the DfE): children looked after on that
//!   31 March, continuously for 12 months or more (their period of care
//!   began on or before the 31 March a year earlier), aged 4 to 16 on it,
//!   short breaks left out, who have a score that year. Where a year has
//!   two answers the one recorded last counts.
//! - **Change**: of the children with a score in that year (in the cohort
//!   or not: a child who has since left care still shows the trajectory),
//!   those with scores from two or more different years up to it; the
//!   change is latest minus first, so below zero is better. Answers without
//!   a year cannot be placed in order and are not used here.

use hearth_core::journey::StepDetail;
use time::{Date, Month};

use super::episodes::{tidy, CareHistory};
use crate::period::{minus_year, Period};
use crate::report::{Behind, Ctx, Figure};

/// The collection year whose outcomes a period reports, and its 31 March.
pub(crate) fn oc2_year(p: Period) -> (i32, Date) {
    let y = if (p.end.month() as u8, p.end.day()) >= (3, 31) {
        p.end.year()
    } else {
        p.end.year() - 1
    };
    let march = Date::from_calendar_date(y, Month::March, 31).unwrap_or(p.end);
    (y, march)
}

fn score(s: &str) -> Option<i64> {
    s.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (0..=40).contains(n))
}

pub fn figures(ctx: &Ctx) -> Vec<Figure> {
    let (year, march) = oc2_year(ctx.period);
    let year_before = minus_year(march);
    let mut h = CareHistory::default();
    let mut scores: Vec<(i32, i64)> = Vec::new();
    let (mut sum, mut scored) = (0i64, Vec::new());
    let (mut change, mut changed) = (0i64, Vec::new());

    for c in &ctx.members.children {
        scores.clear();
        let mut this_year: Option<i64> = None;
        for s in &c.journey.steps {
            if let StepDetail::CareOutcomes {
                year: y, sdq_score, ..
            } = &s.detail
            {
                let Some(n) = score(sdq_score) else { continue };
                match y {
                    Some(y) if *y == year => {
                        this_year = Some(n);
                        scores.push((*y, n));
                    }
                    Some(y) if *y < year => scores.push((*y, n)),
                    Some(_) => {}
                    None => {
                        this_year = this_year.or(Some(n));
                    }
                }
            }
        }
        let Some(now) = this_year else { continue };
        let who = Behind::Child(c.id());

        h.load(&c.journey);
        let aged = c
            .person
            .age_on(march)
            .is_some_and(|a| (4..=16).contains(&a));
        let twelve_months = h.period_on(march).is_some_and(|s| s.start <= year_before);
        if aged && twelve_months {
            sum += now;
            scored.push(who);
        }

        // The last recorded answer of each year stands.
        scores.sort_by_key(|x| x.0);
        let first_year = scores.first().map(|x| x.0);
        if let (Some(fy), Some(&(ly, latest))) = (first_year, scores.last()) {
            if fy < ly && ly == year {
                let first = scores
                    .iter()
                    .rev()
                    .find(|x| x.0 == fy)
                    .map_or(latest, |x| x.1);
                change += latest - first;
                changed.push(who);
            }
        }
    }

    tidy(vec![
        Figure::new("sdq_average", sum as f64, scored.len() as f64, scored),
        Figure::new("sdq_change", change as f64, changed.len() as f64, changed),
    ])
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::testkit::{council, figure, ids, snapshot, ChildBuilder as Kid};

    #[test]
    fn the_oc2_cohort_average_and_the_change_per_child() {
        // Looked after since 31 March 2025 (12 months on 31 March 2026),
        // aged 11: in the cohort with 14; scored 20 in 2024, so -6.
        let s1 = Kid::new(Some(date!(2015 - 01 - 01)))
            .care(date!(2025 - 03 - 31), "S", "C2", "U1", None, "")
            .sdq(Some(2024), "20")
            .sdq(Some(2025), "18")
            .sdq(Some(2026), "14")
            .build();
        // A day short of 12 months: not in the cohort, but changed +2.
        let s2 = Kid::new(Some(date!(2015 - 01 - 01)))
            .care(date!(2025 - 04 - 01), "S", "C2", "U1", None, "")
            .sdq(Some(2025), "28")
            .sdq(Some(2026), "30")
            .build();
        // Aged 3: not in the cohort.
        let s3 = Kid::new(Some(date!(2022 - 04 - 01)))
            .care(date!(2023 - 01 - 01), "S", "C2", "U1", None, "")
            .sdq(Some(2026), "10")
            .build();
        // Aged 16 on 31 March: in the cohort; the later answer of the year
        // (22) stands; next year's is not used.
        let s4 = Kid::new(Some(date!(2009 - 04 - 01)))
            .care(date!(2020 - 01 - 01), "S", "C2", "U1", None, "")
            .sdq(Some(2026), "20")
            .sdq(Some(2026), "22")
            .sdq(Some(2027), "5")
            .build();
        // Short breaks only: not looked after.
        let s5 = Kid::new(Some(date!(2012 - 01 - 01)))
            .care(date!(2020 - 01 - 01), "S", "V3", "R1", None, "")
            .sdq(Some(2026), "40")
            .build();
        // No score this year.
        let s6 = Kid::new(Some(date!(2012 - 01 - 01)))
            .care(date!(2020 - 01 - 01), "S", "C2", "U1", None, "")
            .sdq(Some(2025), "12")
            .sdq(Some(2026), "")
            .build();
        let cohort = ids(&[&s1, &s4]);
        let changed = ids(&[&s1, &s2]);
        let all = vec![s1, s2, s3, s4, s5, s6];
        let r = council(&snapshot(all.clone(), None), Period::collection_year(2026));
        assert_eq!(figure(&r, "sdq_average"), (36.0, 2.0, cohort.clone()));
        assert_eq!(r.get("sdq_average").and_then(|v| v.value), Some(18.0));
        assert_eq!(figure(&r, "sdq_change"), (-4.0, 2.0, changed.clone()));
        // A rolling year to 30 November 2026 reports the year to 31 March
        // 2026.
        let rolling = council(
            &snapshot(all, None),
            Period::rolling_year(date!(2026 - 11 - 30)),
        );
        assert_eq!(figure(&rolling, "sdq_average"), (36.0, 2.0, cohort));
        assert_eq!(figure(&rolling, "sdq_change"), (-4.0, 2.0, changed));
    }

    #[test]
    fn the_outcomes_year_of_a_period() {
        let y = |s, e| oc2_year(Period::new(s, e)).0;
        assert_eq!(y(date!(2025 - 04 - 01), date!(2026 - 03 - 31)), 2026);
        assert_eq!(y(date!(2025 - 03 - 01), date!(2026 - 02 - 28)), 2025);
    }
}
