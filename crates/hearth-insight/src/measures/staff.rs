//! Staff wellbeing: sickness absence as the DfE workforce statistics count
//! it, supervision held against the policy, the share of recorded time in
//! direct work with families, and the anonymous staff pulse.

use std::collections::HashMap;

use hearth_core::council::{Item, PULSE_MIN_GROUP};
use hearth_core::ids::UserId;
use hearth_core::practice::timesheet::Activity;
use hearth_core::practice::Tool;

use crate::measures::workforce::{contracts, counts_on, in_post, permanent_sw};
use crate::period::Period;
use crate::report::{Behind, Ctx, Figure};
use crate::scope::Scope;

/// The working days in a year the DfE takes as available to a full-time
/// social worker (365 less weekends, bank holidays and annual leave).
pub const WORKING_DAYS_A_YEAR: f64 = 253.0;

/// The policy's supervision rhythm: one session every 4 weeks in post.
pub const SUPERVISION_EVERY_DAYS: i64 = 28;

pub fn figures(ctx: &Ctx) -> Vec<Figure> {
    vec![
        sickness(ctx),
        supervision(ctx),
        direct_work(ctx),
        pulse(ctx),
    ]
}

/// Working days lost to sickness in the workforce year by permanent social
/// workers (an absence across the year's start or end counts in proportion
/// to its days inside the year), over the FTE of permanent social workers
/// in post on 30 September × 253.
fn sickness(ctx: &Ctx) -> Figure {
    let year = ctx.workforce;
    let all = contracts(ctx);
    let in_post_fte: f64 = all
        .iter()
        .filter(|c| permanent_sw(c) && in_post(c, year.end) && counts_on(ctx, c.user_id, year.end))
        .map(|c| c.fte)
        .sum();
    let mut lost = 0.0;
    for r in &ctx.members.council {
        let Item::Absence(a) = &r.item else { continue };
        let social_worker = all.iter().any(|c| {
            c.user_id == a.user_id
                && permanent_sw(c)
                && c.start <= a.start
                && c.end.is_none_or(|e| e >= a.start)
        });
        if !social_worker || !counts_on(ctx, a.user_id, a.start) {
            continue;
        }
        let days = Period::new(a.start, a.end).days();
        let inside = year.days_within(a.start, Some(a.end));
        if days > 0 && inside > 0 {
            lost += a.working_days * inside as f64 / days as f64;
        }
    }
    Figure::new(
        "sickness_absence_rate",
        lost,
        in_post_fte * WORKING_DAYS_A_YEAR,
        Vec::new(),
    )
}

/// Sessions held over sessions due for case-holding staff: one due for
/// every whole 4 weeks of their contracts inside the period. Sessions
/// beyond a person's due count no further, so one person's extra sessions
/// never hide another's missed ones.
fn supervision(ctx: &Ctx) -> Figure {
    let p = ctx.period;
    let all = contracts(ctx);
    let mut days: HashMap<UserId, i64> = HashMap::new();
    for c in all.iter().filter(|c| c.case_holding) {
        *days.entry(c.user_id).or_default() += p.days_within(c.start, c.end);
    }
    let mut held: HashMap<UserId, i64> = HashMap::new();
    for r in &ctx.members.council {
        let Item::Supervision(s) = &r.item else {
            continue;
        };
        let in_contract = all.iter().any(|c| {
            c.user_id == s.user_id
                && c.case_holding
                && c.start <= s.date
                && c.end.is_none_or(|e| e >= s.date)
        });
        if p.contains(s.date) && in_contract {
            *held.entry(s.user_id).or_default() += 1;
        }
    }
    let (mut due_all, mut held_all, mut met) = (0i64, 0i64, Vec::new());
    let mut users: Vec<&UserId> = days.keys().collect();
    users.sort();
    for u in users {
        let due = days[u] / SUPERVISION_EVERY_DAYS;
        if due == 0 {
            continue;
        }
        let h = held.get(u).copied().unwrap_or(0).min(due);
        due_all += due;
        held_all += h;
        if h == due {
            met.push(Behind::Staff(*u));
        }
    }
    Figure::new(
        "supervision_in_policy",
        held_all as f64,
        due_all as f64,
        met,
    )
}

/// Hours recorded as direct work over all hours recorded in the period, by
/// the staff in scope.
fn direct_work(ctx: &Ctx) -> Figure {
    let (mut direct, mut all) = (0u64, 0u64);
    for r in &ctx.members.practice {
        let Tool::Time(t) = &r.tool else { continue };
        if !ctx.period.contains(r.on) || !ctx.members.staff.iter().any(|s| s.id == t.practitioner) {
            continue;
        }
        all += u64::from(t.minutes);
        if t.activity == Activity::DirectWork {
            direct += u64::from(t.minutes);
        }
    }
    Figure::new(
        "direct_work_share",
        direct as f64 / 60.0,
        all as f64 / 60.0,
        Vec::new(),
    )
}

/// The mean of every answer in the period's pulse checks for the teams in
/// scope, withheld when fewer than 5 people answered.
fn pulse(ctx: &Ctx) -> Figure {
    if matches!(ctx.scope, Scope::Unit(_) | Scope::Worker(_)) {
        return Figure::new("pulse_score", 0.0, 0.0, Vec::new()).note(
            "The pulse is shown for teams and the council only, so no one's answers can be picked out.",
        );
    }
    let (mut people, mut sum, mut answers) = (0usize, 0u64, 0u64);
    for r in &ctx.members.council {
        let Item::Pulse(p) = &r.item else { continue };
        if !ctx.period.contains(p.date) || !ctx.members.teams.contains(&p.team_id) {
            continue;
        }
        people += 1;
        sum += p.answers.iter().map(|a| u64::from(*a)).sum::<u64>();
        answers += p.answers.len() as u64;
    }
    let f = Figure::new("pulse_score", sum as f64, answers as f64, Vec::new());
    if people > 0 && people < PULSE_MIN_GROUP {
        Figure {
            suppressed: true,
            ..f.note(format!(
                "Fewer than {PULSE_MIN_GROUP} people answered, so the result is not shown."
            ))
        }
    } else {
        f
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::measures::practice::kit::*;
    use hearth_core::council::{Absence, Contract, Pulse, Supervision};
    use hearth_core::model::Discipline;
    use hearth_core::practice::timesheet::TimeEntry;

    fn contract(u: u128, start: &str, end: Option<&str>, fte: f64) -> Item {
        Item::Contract(Contract {
            user_id: user(u),
            start: d(start),
            end: end.map(d),
            fte,
            agency: false,
            case_holding: true,
            social_worker: true,
            leaving_reason: String::new(),
        })
    }

    fn absence(u: u128, start: &str, end: &str, days: f64) -> Item {
        Item::Absence(Absence {
            user_id: user(u),
            start: d(start),
            end: d(end),
            working_days: days,
        })
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn sickness_is_days_lost_over_fte_times_253() {
        let mut s = snapshot("2025-10-15");
        for n in 1..=3 {
            add_worker(&mut s, n, Discipline::SocialWorker);
        }
        add_council(&mut s, "2020-01-01", contract(1, "2020-01-01", None, 1.0));
        add_council(&mut s, "2020-01-01", contract(2, "2020-01-01", None, 0.5));
        // A leaver's absence counts in the days lost; they are not in post.
        add_council(
            &mut s,
            "2020-01-01",
            contract(3, "2020-01-01", Some("2025-06-30"), 1.0),
        );
        add_council(
            &mut s,
            "2025-01-01",
            absence(1, "2025-01-06", "2025-01-10", 5.0),
        );
        add_council(
            &mut s,
            "2025-03-01",
            absence(2, "2025-03-03", "2025-03-04", 2.0),
        );
        add_council(
            &mut s,
            "2025-05-01",
            absence(3, "2025-05-01", "2025-05-14", 10.0),
        );
        // Ten days over the year's start, half of its calendar days inside.
        add_council(
            &mut s,
            "2024-09-23",
            absence(1, "2024-09-24", "2024-10-07", 10.0),
        );
        let r = report(
            &s,
            Scope::Council,
            Period::collection_year(2026),
            Period::workforce_year(2025),
        );
        let (n, den, _) = ndv(&r, "sickness_absence_rate");
        // 5 + 2 + 10 + 10 × 7/14 = 22 over 1.5 × 253.
        assert!(close(n, 22.0) && close(den, 379.5), "{n} {den}");
    }

    #[test]
    fn supervision_due_every_four_weeks_in_post() {
        let mut s = snapshot("2026-04-10");
        for n in 1..=3 {
            add_worker(&mut s, n, Discipline::SocialWorker);
        }
        let p = Period::collection_year(2026); // 365 days: 13 sessions due.
        add_council(&mut s, "2020-01-01", contract(1, "2020-01-01", None, 1.0));
        // Started 1 January 2026: 90 days in the year, 3 sessions due.
        add_council(&mut s, "2026-01-01", contract(2, "2026-01-01", None, 0.6));
        // Not case holding: nothing due.
        let mut c3 = contract(3, "2020-01-01", None, 1.0);
        if let Item::Contract(c) = &mut c3 {
            c.case_holding = false;
        }
        add_council(&mut s, "2020-01-01", c3);
        let sup = |u: u128, on: &str| {
            Item::Supervision(Supervision {
                user_id: user(u),
                date: d(on),
                supervisor: None,
            })
        };
        // Worker 1: 10 sessions in the year.
        for m in 4..=12 {
            add_council(&mut s, "2025-01-01", sup(1, &format!("2025-{m:02}-10")));
        }
        add_council(&mut s, "2025-01-01", sup(1, "2026-01-10"));
        // Worker 2: 4 sessions, one more than due: counts 3.
        for on in ["2026-01-05", "2026-02-02", "2026-03-02", "2026-03-30"] {
            add_council(&mut s, on, sup(2, on));
        }
        add_council(&mut s, "2025-05-01", sup(3, "2025-05-01"));
        let r = report(&s, Scope::Council, p, Period::workforce_year(2025));
        assert_eq!(ndv(&r, "supervision_in_policy").0, 13.0);
        assert_eq!(ndv(&r, "supervision_in_policy").1, 16.0);
        assert_eq!(
            get(&r, "supervision_in_policy").behind,
            vec![Behind::Staff(user(2))]
        );
    }

    #[test]
    fn direct_work_share_of_recorded_hours() {
        let mut s = snapshot("2026-04-10");
        add_worker(&mut s, 1, Discipline::SocialWorker);
        add_worker(&mut s, 2, Discipline::FamilyPractitioner);
        let t = |u: u128, a: Activity, minutes: u32| {
            Tool::Time(TimeEntry {
                practitioner: user(u),
                activity: a,
                minutes,
                family: None,
                note: String::new(),
            })
        };
        add_own_record(&mut s, 1, "2025-05-01", t(1, Activity::DirectWork, 180));
        add_own_record(&mut s, 1, "2025-05-01", t(1, Activity::Recording, 120));
        add_own_record(&mut s, 2, "2025-06-01", t(2, Activity::DirectWork, 60));
        add_own_record(&mut s, 2, "2025-06-01", t(2, Activity::Travel, 120));
        // Before the period.
        add_own_record(&mut s, 2, "2025-03-01", t(2, Activity::Travel, 600));
        let r = report(
            &s,
            Scope::Council,
            Period::collection_year(2026),
            Period::workforce_year(2025),
        );
        assert_eq!(ndv(&r, "direct_work_share"), (4.0, 8.0, Some(50.0)));
        let w = report(
            &s,
            Scope::Worker(user(1)),
            Period::collection_year(2026),
            Period::workforce_year(2025),
        );
        assert_eq!(ndv(&w, "direct_work_share"), (3.0, 5.0, Some(60.0)));
    }

    #[test]
    fn a_pulse_from_four_is_withheld_and_from_five_shown() {
        let mut s = snapshot("2026-04-10");
        let answer = |a: [u8; 4]| {
            Item::Pulse(Pulse {
                team_id: team(1),
                date: d("2025-06-01"),
                answers: a.to_vec(),
            })
        };
        for a in [[4, 4, 4, 4], [3, 3, 3, 3], [5, 5, 5, 5], [2, 3, 4, 5]] {
            add_council(&mut s, "2025-06-01", answer(a));
        }
        let p = Period::collection_year(2026);
        let w = Period::workforce_year(2025);
        let r = report(&s, Scope::Team(team(1)), p, w);
        let v = get(&r, "pulse_score");
        assert_eq!(v.value, None);
        assert_eq!((v.numerator, v.denominator), (0.0, 0.0));
        assert!(v.note.as_deref().unwrap().contains("Fewer than 5"));

        add_council(&mut s, "2025-06-01", answer([1, 1, 1, 1]));
        let r = report(&s, Scope::Team(team(1)), p, w);
        // (16 + 12 + 20 + 14 + 4) / 20 answers = 3.3.
        let (n, den, v) = ndv(&r, "pulse_score");
        assert_eq!((n, den), (66.0, 20.0));
        assert!(close(v.unwrap(), 3.3));
        let c = report(&s, Scope::Council, p, w);
        assert!(close(ndv(&c, "pulse_score").2.unwrap(), 3.3));
        // Never for a unit.
        let u = report(&s, Scope::Unit(unit(1)), p, w);
        assert_eq!(get(&u, "pulse_score").value, None);
    }
}
