//! Greater stability for children: placements, long-term stability,
//! unplanned endings, social workers and lead practitioners.
//!
//! The looked-after measures follow the 903's conventions (see
//! [`super::episodes`]: short breaks left out, periods of care, placements
//! counted without changes of legal status alone). Choices where the
//! reference leaves room:
//!
//! - **3 or more placements**: every placement open at any time in the
//!   year counts, including the one the child was in on 1 April and those of
//!   an earlier period of care in the same year, as the DfE counts
//!   placements "during the year".
//! - **Long-term stability**: under 16 on the period's last day (date of
//!   birth known), in a period of care that began 2½ years (30 calendar
//!   months) or more before it, and in a placement that began 2 years or
//!   more before it. As in the DfE's indicator, a child placed for adoption
//!   (placement A3 to A6) counts when the adoptive placement and the one
//!   before it together reach 2 years.
//! - **Unplanned endings** count placements (episodes) that ended in the
//!   period with an unplanned reason for placement change; the children
//!   behind are those with one.
//! - **Social workers**: from the 903's social worker episodes where the
//!   child has any; otherwise from the lead practitioner allocations (the
//!   record's own allocation history).
//! - **Lead practitioners and days unallocated**: a child is open to
//!   children's social care while a children in need episode is open (from
//!   the referral to the closure day) or while looked after; a day counts
//!   as allocated when a lead practitioner allocation covers it (both ends
//!   included).

use hearth_core::calendar::add_months;
use hearth_core::ids::UserId;
use hearth_core::journey::StepDetail;
use time::Date;

use super::episodes::{tidy, CareHistory};
use crate::period::{plus_years, Period};
use crate::report::{Behind, Ctx, Figure};

/// The 903 reasons for placement change that mean the move was not
/// planned: closure, allegation, standards, approval removed, the carer's
/// request (about the child's behaviour or otherwise), the child's request,
/// the authority's request, custody.
pub const UNPLANNED: &[&str] = &[
    "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "CUSTOD",
];

fn adoption_placement(code: &str) -> bool {
    matches!(code.trim(), "A3" | "A4" | "A5" | "A6")
}

/// Merges day ranges (both ends included) in place.
fn merge(v: &mut Vec<(Date, Date)>) {
    v.sort_unstable();
    let mut out = 0;
    for i in 0..v.len() {
        let (s, e) = v[i];
        if out > 0 && s <= v[out - 1].1.next_day().unwrap_or(v[out - 1].1) {
            if e > v[out - 1].1 {
                v[out - 1].1 = e;
            }
        } else {
            v[out] = (s, e);
            out += 1;
        }
    }
    v.truncate(out);
}

fn days(s: Date, e: Date) -> i64 {
    (e - s).whole_days() + 1
}

/// Days of merged ranges `a` that merged ranges `b` cover.
fn covered(a: &[(Date, Date)], b: &[(Date, Date)]) -> i64 {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let s = a[i].0.max(b[j].0);
        let e = a[i].1.min(b[j].1);
        if s <= e {
            n += days(s, e);
        }
        if a[i].1 < b[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    n
}

fn clip(p: Period, start: Date, end: Option<Date>) -> Option<(Date, Date)> {
    let s = start.max(p.start);
    let e = end.map_or(p.end, |e| e.min(p.end));
    (s <= e).then_some((s, e))
}

pub fn figures(ctx: &Ctx) -> Vec<Figure> {
    let p = ctx.period;
    let long_care = add_months(p.end, -30);
    let long_placement = plus_years(p.end, -2);
    let mut h = CareHistory::default();
    let mut workers: Vec<&str> = Vec::new();
    let mut leads: Vec<UserId> = Vec::new();
    let mut open: Vec<(Date, Date)> = Vec::new();
    let mut allocated: Vec<(Date, Date)> = Vec::new();

    let (mut cla_end, mut three_plus) = (0u64, Vec::new());
    let (mut lt_den, mut lt_num) = (0u64, Vec::new());
    let (mut in_placement, mut unplanned, mut unplanned_children) = (0u64, 0u64, Vec::new());
    let mut sw_three = Vec::new();
    let (mut open_children, mut lead_three, mut unallocated_days, mut unallocated_children) =
        (0u64, Vec::new(), 0i64, Vec::new());

    for c in &ctx.members.children {
        let who = Behind::Child(c.id());
        h.load(&c.journey);

        // Looked after on the period's last day.
        if let Some(period_of_care) = h.period_on(p.end).copied() {
            cla_end += 1;
            if h.placements_in(p) >= 3 {
                three_plus.push(who);
            }
            let mut has_sw_episodes = false;
            workers.clear();
            for s in &c.journey.steps {
                if let StepDetail::SocialWorkerEpisode {
                    worker_id,
                    start,
                    end,
                    ..
                } = &s.detail
                {
                    has_sw_episodes = true;
                    if p.overlaps(*start, *end) && !workers.contains(&worker_id.as_str()) {
                        workers.push(worker_id.as_str());
                    }
                }
            }
            let n = if has_sw_episodes {
                workers.len()
            } else {
                leads.clear();
                for a in &c.person.allocations {
                    if p.overlaps(a.from, a.to) && !leads.contains(&a.user_id) {
                        leads.push(a.user_id);
                    }
                }
                leads.len()
            };
            if n >= 3 {
                sw_three.push(who);
            }
            let under_16 = c.person.age_on(p.end).is_some_and(|a| a < 16);
            if under_16 && period_of_care.start <= long_care {
                lt_den += 1;
                if let Some(pl) = h.placement_on(p.end) {
                    let stable = pl.start <= long_placement
                        || (adoption_placement(h.episodes[pl.first].placement)
                            && h.placements
                                .iter()
                                .rev()
                                .find(|x| x.last < pl.first && x.first >= period_of_care.first)
                                .is_some_and(|prev| prev.start <= long_placement));
                    if stable {
                        lt_num.push(who);
                    }
                }
            }
        }

        // Placements and their unplanned endings in the period.
        if h.in_period(p) {
            in_placement += 1;
            let mut any = false;
            for e in &h.episodes {
                if e.end.is_some_and(|d| p.contains(d))
                    && UNPLANNED.contains(&e.reason_place_change.trim())
                {
                    unplanned += 1;
                    any = true;
                }
            }
            if any {
                unplanned_children.push(who);
            }
        }

        // Open to children's social care: lead practitioners and days
        // without one.
        open.clear();
        for s in &c.journey.steps {
            if let StepDetail::CinEpisode {
                referral_date,
                closure_date,
                ..
            } = &s.detail
            {
                open.extend(clip(p, *referral_date, *closure_date));
            }
        }
        for s in &h.periods {
            open.extend(clip(p, s.start, s.end));
        }
        if !open.is_empty() {
            open_children += 1;
            merge(&mut open);
            leads.clear();
            allocated.clear();
            for a in &c.person.allocations {
                if let Some(r) = clip(p, a.from, a.to) {
                    allocated.push(r);
                    if !leads.contains(&a.user_id) {
                        leads.push(a.user_id);
                    }
                }
            }
            if leads.len() >= 3 {
                lead_three.push(who);
            }
            merge(&mut allocated);
            let open_days: i64 = open.iter().map(|r| days(r.0, r.1)).sum();
            let gap = open_days - covered(&open, &allocated);
            if gap > 0 {
                unallocated_days += gap;
                unallocated_children.push(who);
            }
        }
    }

    tidy(vec![
        Figure::new(
            "cla_3plus_placements",
            three_plus.len() as f64,
            cla_end as f64,
            three_plus,
        ),
        Figure::new(
            "cla_long_term_stability",
            lt_num.len() as f64,
            lt_den as f64,
            lt_num,
        ),
        Figure::new(
            "unplanned_placement_endings",
            unplanned as f64,
            in_placement as f64,
            unplanned_children,
        ),
        Figure::new(
            "cla_3plus_social_workers",
            sw_three.len() as f64,
            cla_end as f64,
            sw_three,
        ),
        Figure::new(
            "lead_practitioner_changes_3plus",
            lead_three.len() as f64,
            open_children as f64,
            lead_three,
        ),
        Figure::new(
            "days_unallocated",
            unallocated_days as f64,
            open_children as f64,
            unallocated_children,
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{council, figure, ids, snapshot, ChildBuilder as Kid};
    use time::macros::date;

    fn year() -> Period {
        Period::collection_year(2026)
    }

    #[test]
    fn three_or_more_placements_in_the_year() {
        // Three placements: one open on 1 April, a move, a change of legal
        // status only (not a move), and another move.
        let a = Kid::new(None)
            .care(
                date!(2024 - 06 - 01),
                "S",
                "C2",
                "U1",
                Some(date!(2025 - 05 - 10)),
                "X1",
            )
            .care(
                date!(2025 - 05 - 10),
                "P",
                "C2",
                "U4",
                Some(date!(2025 - 08 - 01)),
                "X1",
            )
            .care(
                date!(2025 - 08 - 01),
                "L",
                "C1",
                "U4",
                Some(date!(2025 - 10 - 01)),
                "X1",
            )
            .care(date!(2025 - 10 - 01), "T", "C1", "U5", None, "")
            .build();
        // Changes of legal status only: one placement.
        let b = Kid::new(None)
            .care(
                date!(2025 - 01 - 01),
                "S",
                "C2",
                "U1",
                Some(date!(2025 - 06 - 01)),
                "X1",
            )
            .care(
                date!(2025 - 06 - 01),
                "L",
                "C1",
                "U1",
                Some(date!(2025 - 09 - 01)),
                "X1",
            )
            .care(date!(2025 - 09 - 01), "L", "E1", "U1", None, "")
            .build();
        // Left care and came back: three placements over two periods.
        let c = Kid::new(None)
            .care(
                date!(2025 - 05 - 01),
                "S",
                "C2",
                "U1",
                Some(date!(2025 - 07 - 01)),
                "E4A",
            )
            .care(
                date!(2025 - 09 - 01),
                "S",
                "C2",
                "U3",
                Some(date!(2025 - 11 - 01)),
                "X1",
            )
            .care(date!(2025 - 11 - 01), "P", "C2", "U4", None, "")
            .build();
        // Three placements, but ceased on 31 March: not looked after on it.
        let d = Kid::new(None)
            .care(
                date!(2025 - 04 - 01),
                "S",
                "C2",
                "U1",
                Some(date!(2025 - 06 - 01)),
                "X1",
            )
            .care(
                date!(2025 - 06 - 01),
                "P",
                "C2",
                "U4",
                Some(date!(2025 - 09 - 01)),
                "X1",
            )
            .care(
                date!(2025 - 09 - 01),
                "P",
                "C2",
                "U5",
                Some(date!(2026 - 03 - 31)),
                "E4A",
            )
            .build();
        // Short breaks only: left out.
        let e = Kid::new(None)
            .care(
                date!(2025 - 05 - 01),
                "S",
                "V3",
                "R1",
                Some(date!(2025 - 05 - 03)),
                "E8",
            )
            .care(
                date!(2025 - 06 - 01),
                "S",
                "V3",
                "R1",
                Some(date!(2025 - 06 - 03)),
                "E8",
            )
            .care(date!(2025 - 07 - 01), "S", "V4", "R1", None, "")
            .build();
        // Moves before the year: one placement in it.
        let f = Kid::new(None)
            .care(
                date!(2024 - 01 - 01),
                "S",
                "C2",
                "U1",
                Some(date!(2024 - 05 - 01)),
                "X1",
            )
            .care(
                date!(2024 - 05 - 01),
                "P",
                "C2",
                "U4",
                Some(date!(2024 - 09 - 01)),
                "X1",
            )
            .care(date!(2024 - 09 - 01), "P", "C2", "U5", None, "")
            .build();
        let want = ids(&[&a, &c]);
        let r = council(&snapshot(vec![a, b, c, d, e, f], None), year());
        assert_eq!(figure(&r, "cla_3plus_placements"), (2.0, 4.0, want));
    }

    #[test]
    fn long_term_stability_under_16s_after_two_and_a_half_years() {
        // In care since exactly 30 months before 31 March 2026, same
        // placement throughout.
        let g = Kid::new(Some(date!(2012 - 01 - 01)))
            .care(date!(2023 - 09 - 30), "S", "C2", "U1", None, "")
            .build();
        // A day short of 2½ years: not in the cohort.
        let h = Kid::new(Some(date!(2012 - 01 - 01)))
            .care(date!(2023 - 10 - 01), "S", "C2", "U1", None, "")
            .build();
        // 16 on 31 March: not under 16.
        let i = Kid::new(Some(date!(2010 - 03 - 31)))
            .care(date!(2020 - 01 - 01), "S", "C2", "U1", None, "")
            .build();
        // Moved a day less than 2 years before.
        let j = Kid::new(Some(date!(2015 - 01 - 01)))
            .care(
                date!(2022 - 01 - 01),
                "S",
                "C2",
                "U1",
                Some(date!(2024 - 04 - 01)),
                "X1",
            )
            .care(date!(2024 - 04 - 01), "P", "C2", "U4", None, "")
            .build();
        // Placed for adoption: with the placement before, over 2 years.
        let k = Kid::new(Some(date!(2015 - 01 - 01)))
            .care(
                date!(2021 - 01 - 01),
                "S",
                "C2",
                "U1",
                Some(date!(2025 - 01 - 01)),
                "X1",
            )
            .care(date!(2025 - 01 - 01), "P", "E1", "A4", None, "")
            .build();
        // A change of legal status only on that day: the same placement.
        let l = Kid::new(Some(date!(2015 - 01 - 01)))
            .care(
                date!(2022 - 01 - 01),
                "S",
                "C2",
                "U1",
                Some(date!(2024 - 04 - 01)),
                "X1",
            )
            .care(date!(2024 - 04 - 01), "L", "C1", "U1", None, "")
            .build();
        let want = ids(&[&g, &k, &l]);
        let r = council(&snapshot(vec![g, h, i, j, k, l], None), year());
        assert_eq!(figure(&r, "cla_long_term_stability"), (3.0, 4.0, want));
    }

    #[test]
    fn unplanned_endings_in_the_period() {
        let m = Kid::new(None)
            .care_moved(
                date!(2025 - 01 - 01),
                "S",
                "C2",
                "U1",
                Some(date!(2025 - 06 - 01)),
                "X1",
                "CLOSE",
            )
            .care_moved(
                date!(2025 - 06 - 01),
                "P",
                "C2",
                "U4",
                Some(date!(2025 - 12 - 01)),
                "X1",
                "CARPL",
            )
            .care_moved(
                date!(2025 - 12 - 01),
                "P",
                "C2",
                "U5",
                Some(date!(2026 - 02 - 01)),
                "X1",
                "ALLEG",
            )
            .care(date!(2026 - 02 - 01), "P", "C2", "U6", None, "")
            .build();
        // The unplanned move was on 31 March 2025, the year before.
        let n = Kid::new(None)
            .care_moved(
                date!(2024 - 01 - 01),
                "S",
                "C2",
                "U1",
                Some(date!(2025 - 03 - 31)),
                "X1",
                "CHILD",
            )
            .care(date!(2025 - 03 - 31), "P", "C2", "U4", None, "")
            .build();
        // Short breaks are not placements here.
        let o = Kid::new(None)
            .care_moved(
                date!(2025 - 05 - 01),
                "S",
                "V3",
                "R1",
                Some(date!(2025 - 05 - 02)),
                "E8",
                "CLOSE",
            )
            .build();
        let want = ids(&[&m]);
        let r = council(&snapshot(vec![m, n, o], None), year());
        assert_eq!(figure(&r, "unplanned_placement_endings"), (2.0, 2.0, want));
    }

    #[test]
    fn social_workers_from_903_episodes_or_else_allocations() {
        let (u1, u2, u3) = (UserId::new(), UserId::new(), UserId::new());
        let in_care = |k: Kid| k.care(date!(2024 - 01 - 01), "S", "C2", "U1", None, "");
        // SW1 twice, SW2, SW3: three social workers.
        let p1 = in_care(Kid::new(None))
            .social_worker("SW1", date!(2025 - 01 - 01), Some(date!(2025 - 05 - 01)))
            .social_worker("SW2", date!(2025 - 05 - 01), Some(date!(2025 - 09 - 01)))
            .social_worker("SW1", date!(2025 - 09 - 01), Some(date!(2025 - 10 - 01)))
            .social_worker("SW3", date!(2025 - 10 - 01), None)
            .build();
        // The 903 episodes say one in the year; the allocations are not used.
        let p2 = in_care(Kid::new(None))
            .social_worker("SW1", date!(2024 - 01 - 01), Some(date!(2025 - 03 - 31)))
            .social_worker("SW2", date!(2025 - 03 - 31), None)
            .lead(u1, date!(2025 - 04 - 01), Some(date!(2025 - 05 - 01)))
            .lead(u2, date!(2025 - 05 - 02), Some(date!(2025 - 06 - 01)))
            .lead(u3, date!(2025 - 06 - 02), None)
            .build();
        // No 903 episodes: three lead practitioners in the year.
        let p3 = in_care(Kid::new(None))
            .lead(u1, date!(2025 - 04 - 01), Some(date!(2025 - 05 - 01)))
            .lead(u2, date!(2025 - 05 - 02), Some(date!(2025 - 06 - 01)))
            .lead(u3, date!(2025 - 06 - 02), None)
            .build();
        let want = ids(&[&p1, &p3]);
        let r = council(&snapshot(vec![p1, p2, p3], None), year());
        assert_eq!(figure(&r, "cla_3plus_social_workers"), (2.0, 3.0, want));
    }

    #[test]
    fn lead_practitioners_and_days_without_one() {
        let (u1, u2, u3) = (UserId::new(), UserId::new(), UserId::new());
        // Open all year; unallocated 1 to 10 April (10 days), then three
        // lead practitioners.
        let q1 = Kid::new(None)
            .referral(date!(2025 - 04 - 01), None)
            .lead(u1, date!(2025 - 04 - 11), Some(date!(2025 - 06 - 30)))
            .lead(u2, date!(2025 - 07 - 01), Some(date!(2025 - 09 - 30)))
            .lead(u3, date!(2025 - 10 - 01), None)
            .build();
        // Open in April (an episode closing 30 April), closed in May, looked
        // after from 1 June. Unallocated 16 to 30 April (15 days) and 1 to 9
        // June (9 days); May was not open so does not count.
        let q2 = Kid::new(None)
            .referral(date!(2024 - 01 - 01), Some(date!(2025 - 04 - 30)))
            .care(date!(2025 - 06 - 01), "S", "C2", "U1", None, "")
            .lead(u1, date!(2024 - 01 - 01), Some(date!(2025 - 04 - 15)))
            .lead(u1, date!(2025 - 06 - 10), None)
            .build();
        // Closed before the year.
        let q3 = Kid::new(None)
            .referral(date!(2024 - 01 - 01), Some(date!(2025 - 03 - 01)))
            .lead(u1, date!(2024 - 01 - 01), Some(date!(2024 - 02 - 01)))
            .build();
        let leads = ids(&[&q1]);
        let gaps = ids(&[&q1, &q2]);
        let r = council(&snapshot(vec![q1, q2, q3], None), year());
        assert_eq!(
            figure(&r, "lead_practitioner_changes_3plus"),
            (1.0, 2.0, leads)
        );
        assert_eq!(figure(&r, "days_unallocated"), (34.0, 2.0, gaps));
        assert_eq!(r.get("days_unallocated").and_then(|v| v.value), Some(17.0));
    }

    #[test]
    fn day_ranges_merge_and_cover() {
        let mut v = vec![
            (date!(2025 - 01 - 10), date!(2025 - 01 - 20)),
            (date!(2025 - 01 - 01), date!(2025 - 01 - 05)),
            (date!(2025 - 01 - 06), date!(2025 - 01 - 08)),
        ];
        merge(&mut v);
        assert_eq!(
            v,
            vec![
                (date!(2025 - 01 - 01), date!(2025 - 01 - 08)),
                (date!(2025 - 01 - 10), date!(2025 - 01 - 20)),
            ]
        );
        let b = [(date!(2025 - 01 - 08), date!(2025 - 01 - 12))];
        // 8 January, and 10 to 12 January.
        assert_eq!(covered(&v, &b), 4);
    }
}
