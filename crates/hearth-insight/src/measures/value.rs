//! Value for money: the cost of the work with families (recorded time at
//! each role's hourly rate, and placements at their weekly rate), weeks of
//! involvement, and the edge-of-care measures: how many children judged at
//! high risk of care stayed out of it, and the care costs against the
//! council's expected path.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use hearth_core::council::{Costs, Item};
use hearth_core::ids::FamilyId;
use hearth_core::journey::StepDetail;
use hearth_core::practice::timesheet::TimeEntry;
use hearth_core::practice::Tool;
use time::Date;

use crate::measures::practice::{families_worked_with, open_in};
use crate::period::{plus_years, Period};
use crate::report::{Behind, Ctx, Figure};
use crate::scope::memo;
use crate::snapshot::{Child, Snapshot};

/// The expected path's assumption: the share of children flagged at the
/// edge of care who would come into care without the work to keep them at
/// home. Hearth's stated assumption, not a measured rate; a council should
/// set it from its own history before the service began.
pub const EXPECTED_CARE_SHARE: f64 = 0.5;

/// Legal statuses of a series of short breaks: not looked after in the
/// DfE's counts, so not "coming into care".
const SHORT_BREAKS: [&str; 2] = ["V3", "V4"];

/// The rate card in force for the period: the latest on or before its end,
/// so the whole period is costed at one set of prices and a change of rates
/// does not look like a change in the work.
/// Found once for every scope (see [`crate::scope::Memo`]).
fn rate_card_in<'a>(ctx: &Ctx<'a>, p: Period) -> Option<&'a Costs> {
    let s = ctx.snapshot;
    let at = memo(&ctx.memo.rate_card, p, || {
        // The last of the latest, as `max_by_key` picks.
        s.council
            .iter()
            .enumerate()
            .filter_map(|(i, r)| match &r.item {
                Item::Costs(c) if c.from <= p.end => Some((i, c.from)),
                _ => None,
            })
            .max_by_key(|(_, from)| *from)
            .map(|(i, _)| i)
    });
    match at.and_then(|i| s.council.get(i)).map(|r| &r.item) {
        Some(Item::Costs(c)) => Some(c),
        _ => None,
    }
}

fn rate(list: &[(String, u64)], code: &str) -> Option<u64> {
    list.iter().find(|(k, _)| k == code).map(|(_, v)| *v)
}

/// A child's care episodes as (start, end, placement), short breaks left
/// out.
fn care_spells(c: &Child) -> Vec<(Date, Option<Date>, &str)> {
    c.journey
        .steps
        .iter()
        .filter_map(|s| match &s.detail {
            StepDetail::CareEpisode {
                start,
                end,
                placement,
                legal_status,
                ..
            } if !SHORT_BREAKS.contains(&legal_status.as_str()) => {
                Some((*start, *end, placement.as_str()))
            }
            _ => None,
        })
        .collect()
}

pub fn figures(ctx: &Ctx) -> Vec<Figure> {
    let mut out = costs(ctx);
    out.push(weeks_of_involvement(ctx));
    out.extend(edge_of_care(ctx));
    out
}

/// Recorded time for the families worked with (whoever recorded it, at the
/// rate for their discipline) plus the placement days inside the period of
/// the children in scope (at the weekly rate for the placement type ÷ 7).
fn costs(ctx: &Ctx) -> Vec<Figure> {
    let p = ctx.period;
    let families = families_worked_with(ctx);
    let children: Vec<&&Child> = ctx
        .members
        .children
        .iter()
        .filter(|c| open_in(c, p))
        .collect();
    let Some(card) = rate_card_in(ctx, p) else {
        let note = "No rate card on or before the period's end.";
        return vec![
            Figure::new("cost_per_family", 0.0, families.len() as f64, Vec::new()).note(note),
            Figure::new("cost_per_child", 0.0, children.len() as f64, Vec::new()).note(note),
        ];
    };
    let (mut pence, mut unpriced) = (0.0, 0usize);
    // The time records about the families worked with, in the snapshot's
    // order (so the sum is added up in the same order as a full scan).
    let by_family = memo(&ctx.memo.time_by_family, (), || {
        let mut m: HashMap<FamilyId, Vec<usize>> = HashMap::new();
        for (i, r) in ctx.snapshot.practice.iter().enumerate() {
            if let Tool::Time(TimeEntry {
                family: Some(f), ..
            }) = &r.tool
            {
                m.entry(*f).or_default().push(i);
            }
        }
        Arc::new(m)
    });
    let mut mine: Vec<usize> = families
        .iter()
        .flat_map(|f| by_family.get(f).into_iter().flatten().copied())
        .collect();
    mine.sort_unstable();
    for r in mine.iter().filter_map(|&i| ctx.snapshot.practice.get(i)) {
        let Tool::Time(t) = &r.tool else { continue };
        if !p.contains(r.on) || !t.family.is_some_and(|f| families.contains(&f)) {
            continue;
        }
        let discipline = ctx
            .snapshot
            .practitioner(t.practitioner)
            .map(|w| w.discipline.code());
        match discipline.and_then(|d| rate(&card.hourly, d)) {
            Some(per_hour) => pence += f64::from(t.minutes) * per_hour as f64 / 60.0,
            None => unpriced += 1,
        }
    }
    for c in &children {
        for (start, end, placement) in care_spells(c) {
            let days = p.days_within(start, end);
            if days == 0 {
                continue;
            }
            match rate(&card.weekly_placement, placement) {
                Some(per_week) => pence += days as f64 * per_week as f64 / 7.0,
                None => unpriced += 1,
            }
        }
    }
    let note = format!(
        "Priced at the rate card from {}.{}",
        card.from,
        if unpriced > 0 {
            format!(" {unpriced} time record(s) or placement(s) have no rate and are not costed.")
        } else {
            String::new()
        }
    );
    vec![
        Figure::new(
            "cost_per_family",
            pence,
            families.len() as f64,
            families.iter().copied().map(Behind::Family).collect(),
        )
        .note(note.clone()),
        Figure::new(
            "cost_per_child",
            pence,
            children.len() as f64,
            children.iter().map(|c| Behind::Child(c.id())).collect(),
        )
        .note(note),
    ]
}

/// Weeks from referral to closure of the children in need episodes closed
/// in the period.
fn weeks_of_involvement(ctx: &Ctx) -> Figure {
    let (mut weeks, mut episodes, mut who) = (0.0, 0.0, BTreeSet::new());
    for c in &ctx.members.children {
        for s in &c.journey.steps {
            if let StepDetail::CinEpisode {
                referral_date,
                closure_date: Some(closed),
                ..
            } = &s.detail
            {
                if ctx.period.contains(*closed) && closed >= referral_date {
                    weeks += (*closed - *referral_date).whole_days() as f64 / 7.0;
                    episodes += 1.0;
                    who.insert(c.id());
                }
            }
        }
    }
    Figure::new(
        "weeks_of_involvement",
        weeks,
        episodes,
        who.into_iter().map(Behind::Child).collect(),
    )
}

/// The children whose edge-of-care flag reached its first anniversary in
/// the period (each child once, by their earliest such flag), with the
/// flag's date and the day a year on.
fn flagged<'a>(ctx: &Ctx<'a>) -> Vec<(&'a Child, Date, Date)> {
    let mut out = Vec::new();
    for c in &ctx.members.children {
        let first = c
            .journey
            .steps
            .iter()
            .filter_map(|s| match &s.detail {
                StepDetail::EdgeOfCare { start, .. } => Some(*start),
                _ => None,
            })
            .filter(|start| ctx.period.contains(plus_years(*start, 1)))
            .min();
        if let Some(start) = first {
            out.push((*c, start, plus_years(start, 1)));
        }
    }
    out
}

/// Days looked after from the flag to a year on (the flag's own day left
/// out: a child flagged the day they came into care was not kept home).
fn care_days_after(c: &Child, flag: Date, year_on: Date) -> i64 {
    let window = Period::new(flag, year_on);
    care_spells(c)
        .into_iter()
        .map(|(s, e, _)| window.days_within(s, e))
        .sum()
}

/// The council's average over the period: days in care per child looked
/// after in it, and the weekly placement cost weighted by its days in each
/// placement type (the card's plain mean where there were none).
fn council_averages(s: &Snapshot, p: Period, card: Option<&Costs>) -> (f64, Option<f64>) {
    let (mut days, mut children, mut pence, mut priced_days) = (0i64, 0i64, 0.0, 0i64);
    for c in &s.children {
        let mut any = false;
        for (start, end, placement) in care_spells(c) {
            let d = p.days_within(start, end);
            if d == 0 {
                continue;
            }
            any = true;
            days += d;
            if let Some(per_week) = card.and_then(|k| rate(&k.weekly_placement, placement)) {
                pence += d as f64 * per_week as f64;
                priced_days += d;
            }
        }
        children += i64::from(any);
    }
    let per_child = if children > 0 {
        days as f64 / children as f64 * 365.0 / p.days() as f64
    } else {
        0.0
    };
    let weekly = if priced_days > 0 {
        Some(pence / priced_days as f64)
    } else {
        card.filter(|k| !k.weekly_placement.is_empty()).map(|k| {
            k.weekly_placement
                .iter()
                .map(|(_, v)| *v as f64)
                .sum::<f64>()
                / k.weekly_placement.len() as f64
        })
    };
    (per_child, weekly)
}

fn edge_of_care(ctx: &Ctx) -> Vec<Figure> {
    let cohort = flagged(ctx);
    let n = cohort.len() as f64;
    let mut kept = Vec::new();
    let mut actual_days = 0i64;
    for (c, flag, year_on) in &cohort {
        let d = care_days_after(c, *flag, *year_on);
        actual_days += d;
        if d == 0 {
            kept.push(Behind::Child(c.id()));
        }
    }
    let kept_home = Figure::new("edge_of_care_kept_home", kept.len() as f64, n, kept);
    let card = rate_card_in(ctx, ctx.period);
    let (per_child, weekly) = memo(&ctx.memo.averages, ctx.period, || {
        council_averages(ctx.snapshot, ctx.period, card)
    });
    let spend = match weekly {
        Some(weekly) => {
            let expected = EXPECTED_CARE_SHARE * per_child * n;
            let avoided_days = expected - actual_days as f64;
            Figure::new(
                "edge_of_care_spend",
                avoided_days * weekly / 7.0,
                n,
                Vec::new(),
            )
            .note(format!(
                "An estimate from stated assumptions: {:.0}% of flagged children would have come into care, each spending {:.0} days in care in the year after the flag (the council's average per looked-after child in the period), at £{:.0} a week (the council's average placement cost in the period). Expected days {:.0}, actual days {}.",
                EXPECTED_CARE_SHARE * 100.0,
                per_child,
                weekly / 100.0,
                expected,
                actual_days
            ))
        }
        None => Figure::new("edge_of_care_spend", 0.0, n, Vec::new())
            .note("No placement rates on or before the period's end."),
    };
    vec![kept_home, spend]
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::measures::practice::kit::*;
    use crate::scope::Scope;
    use hearth_core::model::Discipline;
    use hearth_core::practice::timesheet::{Activity, TimeEntry};

    fn card(from: &str, sw: u64, fp: u64, u1: u64) -> Item {
        Item::Costs(Costs {
            from: d(from),
            hourly: vec![
                ("social_worker".into(), sw),
                ("family_practitioner".into(), fp),
            ],
            weekly_placement: vec![("U1".into(), u1)],
        })
    }

    fn time(u: u128, f: u128, minutes: u32) -> Tool {
        Tool::Time(TimeEntry {
            practitioner: user(u),
            activity: Activity::DirectWork,
            minutes,
            family: Some(fam(f)),
            note: String::new(),
        })
    }

    #[test]
    fn cost_uses_the_rate_card_in_force_at_the_periods_end() {
        let mut s = snapshot("2026-04-10");
        add_worker(&mut s, 1, Discipline::SocialWorker);
        add_worker(&mut s, 2, Discipline::FamilyPractitioner);
        // Family 1: two children; family 2: one child, looked after from
        // 1 March 2026 in foster care (U1): 31 days in the period.
        add_child(&mut s, 1, 1, vec![cin("2025-01-01", None)], None);
        add_child(&mut s, 2, 1, vec![cin("2025-01-01", None)], None);
        add_child(
            &mut s,
            3,
            2,
            vec![cin("2025-06-01", None), care("2026-03-01", None, "U1")],
            None,
        );
        // The old card, the one in force from October (used for the whole
        // year), and one after the year's end (ignored).
        add_council(
            &mut s,
            "2024-04-01",
            card("2024-04-01", 4_000, 2_000, 70_000),
        );
        add_council(
            &mut s,
            "2025-10-01",
            card("2025-10-01", 6_000, 3_000, 84_000),
        );
        add_council(
            &mut s,
            "2026-04-01",
            card("2026-04-01", 9_000, 9_000, 99_000),
        );
        // 3 hours of social work and 2 of family practitioner time for
        // family 1; 1 hour for family 2; time outside the year not counted.
        add_own_record(&mut s, 1, "2025-05-01", time(1, 1, 180));
        add_own_record(&mut s, 2, "2025-11-01", time(2, 1, 120));
        add_own_record(&mut s, 1, "2026-02-01", time(1, 2, 60));
        add_own_record(&mut s, 1, "2026-04-02", time(1, 2, 600));
        let r = report(
            &s,
            Scope::Council,
            Period::collection_year(2026),
            Period::workforce_year(2025),
        );
        // Time: 3 × £60 + 2 × £30 + 1 × £60 = £300. Placement: 31 days at
        // £840 a week = £3,720. Total £4,020.
        let (n, den, v) = ndv(&r, "cost_per_family");
        assert!((n - 402_000.0).abs() < 1e-6, "{n}");
        assert_eq!(den, 2.0);
        assert!((v.unwrap() - 2_010.0).abs() < 1e-9);
        let (_, den, v) = ndv(&r, "cost_per_child");
        assert_eq!(den, 3.0);
        assert!((v.unwrap() - 1_340.0).abs() < 1e-9);
        assert!(get(&r, "cost_per_child")
            .note
            .as_deref()
            .unwrap()
            .contains("2025-10-01"));

        // The year before is priced at the card in force then.
        let before = report(
            &s,
            Scope::Council,
            Period::collection_year(2025),
            Period::workforce_year(2024),
        );
        assert!(get(&before, "cost_per_child")
            .note
            .as_deref()
            .unwrap()
            .contains("2024-04-01"));
    }

    #[test]
    fn weeks_from_referral_to_closure_for_episodes_closed_in_the_period() {
        let mut s = snapshot("2026-04-10");
        // 70 days = 10 weeks; 28 days = 4 weeks; still open; closed before.
        add_child(
            &mut s,
            1,
            1,
            vec![cin("2025-05-01", Some("2025-07-10"))],
            None,
        );
        add_child(
            &mut s,
            2,
            2,
            vec![cin("2025-12-01", Some("2025-12-29"))],
            None,
        );
        add_child(&mut s, 3, 3, vec![cin("2025-06-01", None)], None);
        add_child(
            &mut s,
            4,
            4,
            vec![cin("2024-06-01", Some("2025-03-31"))],
            None,
        );
        let r = report(
            &s,
            Scope::Council,
            Period::collection_year(2026),
            Period::workforce_year(2025),
        );
        assert_eq!(ndv(&r, "weeks_of_involvement"), (14.0, 2.0, Some(7.0)));
    }

    fn flag(start: &str) -> hearth_core::journey::JourneyStep {
        step(StepDetail::EdgeOfCare {
            start: d(start),
            end: None,
            reason: "Family breakdown".into(),
        })
    }

    #[test]
    fn children_at_the_edge_of_care_kept_home_and_the_spend_against_the_path() {
        let mut s = snapshot("2026-04-10");
        add_council(
            &mut s,
            "2024-04-01",
            card("2024-04-01", 6_000, 3_000, 70_000),
        );
        // Flagged a year before a day in the period: 1 stays home; 2 comes
        // into care 100 days after the flag (U1) and is still there.
        add_child(
            &mut s,
            1,
            1,
            vec![cin("2024-06-01", None), flag("2024-06-01")],
            None,
        );
        add_child(
            &mut s,
            2,
            2,
            vec![
                cin("2024-06-01", None),
                flag("2024-07-01"),
                care("2024-10-09", None, "U1"),
            ],
            None,
        );
        // Flagged too recently to have a year on: not in the cohort.
        add_child(
            &mut s,
            3,
            3,
            vec![cin("2025-06-01", None), flag("2025-06-01")],
            None,
        );
        let r = report(
            &s,
            Scope::Council,
            Period::collection_year(2026),
            Period::workforce_year(2025),
        );
        assert_eq!(ndv(&r, "edge_of_care_kept_home"), (1.0, 2.0, Some(50.0)));
        assert_eq!(
            get(&r, "edge_of_care_kept_home").behind,
            vec![Behind::Child(kid(1))]
        );
        // The only looked-after child in the year (child 2) was in care all
        // 365 days at £700 a week: expected 0.5 × 365 × 2 = 365 days. Child 2
        // spent 1 July 2024 to 1 July 2025 less the 100 days before care
        // began: 9 October 2024 to 1 July 2025 is 266 days. Avoided 99 days
        // at £100 a day = £9,900, over 2 children.
        let (n, den, v) = ndv(&r, "edge_of_care_spend");
        assert!((n - 990_000.0).abs() < 1e-6, "{n}");
        assert_eq!(den, 2.0);
        assert!((v.unwrap() - 4_950.0).abs() < 1e-9);
        assert!(get(&r, "edge_of_care_spend")
            .note
            .as_deref()
            .unwrap()
            .contains("50%"));
    }
}
