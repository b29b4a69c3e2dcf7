//! Turnover, agency use, vacancies and caseloads, exactly as the DfE's
//! children's social work workforce statistics count them: social workers
//! only, FTE throughout, a snapshot on 30 September and leavers in the year
//! to it. Staff facts come from the council's contract records (one per
//! spell of work: a worker who left and came back has two, and each
//! leaving counts).

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use hearth_core::council::{Contract, Establishment, Item};
use hearth_core::ids::{TeamId, UserId};
use time::Date;

use crate::report::{Behind, Ctx, Figure};
use crate::scope::{memo, Scope};

/// The contracts of the staff in scope.
pub(crate) fn contracts<'a>(ctx: &Ctx<'a>) -> Vec<&'a Contract> {
    ctx.members
        .council
        .iter()
        .filter_map(|r| match &r.item {
            Item::Contract(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// Whether a member of staff counts for the scope on a day: for a team or a
/// unit, they belonged to it that day (staff who moved count where they
/// were); for the council, always; for a practitioner, only themselves.
pub(crate) fn counts_on(ctx: &Ctx, user: UserId, on: Date) -> bool {
    let member = |keep: &dyn Fn(&hearth_core::model::Membership) -> bool| {
        ctx.snapshot.practitioner(user).is_some_and(|p| {
            p.memberships
                .iter()
                .any(|m| keep(m) && m.from <= on && m.to.is_none_or(|t| t >= on))
        })
    };
    match ctx.scope {
        Scope::Council => true,
        Scope::Worker(w) => w == user,
        Scope::Team(t) => member(&|m| m.team_id == t),
        Scope::Unit(u) => member(&|m| m.unit_id == Some(u)),
    }
}

/// In post on a day, as the census counts it: started on or before it and
/// not leaving on or before it. A worker whose last day is 30 September is
/// a leaver in the year, not in post at its end.
pub(crate) fn in_post(c: &Contract, on: Date) -> bool {
    c.start <= on && c.end.is_none_or(|e| e > on)
}

/// A permanent (not agency) social worker's contract.
pub(crate) fn permanent_sw(c: &Contract) -> bool {
    c.social_worker && !c.agency
}

pub fn figures(ctx: &Ctx) -> Vec<Figure> {
    let census = ctx.workforce.end;
    let all = contracts(ctx);
    let here = |c: &&Contract, on: Date| counts_on(ctx, c.user_id, on);

    // FTE of permanent social workers in post on 30 September.
    let in_post_fte: f64 = all
        .iter()
        .filter(|c| permanent_sw(c) && in_post(c, census) && here(c, census))
        .map(|c| c.fte)
        .sum();

    let mut out = vec![turnover(ctx, &all, in_post_fte)];

    // Agency social workers in post on 30 September.
    let agency: Vec<&&Contract> = all
        .iter()
        .filter(|c| c.social_worker && c.agency && in_post(c, census) && here(c, census))
        .collect();
    let agency_fte: f64 = agency.iter().map(|c| c.fte).sum();
    out.push(Figure::new(
        "agency_rate",
        agency_fte,
        agency_fte + in_post_fte,
        staff_behind(agency.iter().map(|c| c.user_id)),
    ));

    if let Some(v) = vacancies(ctx, &all, census) {
        out.push(Figure::new("vacancy_rate", v, v + in_post_fte, Vec::new()));
    }

    out.push(caseload(ctx, &all, census));
    out
}

fn staff_behind(ids: impl Iterator<Item = UserId>) -> Vec<Behind> {
    ids.collect::<BTreeSet<_>>()
        .into_iter()
        .map(Behind::Staff)
        .collect()
}

/// FTE of permanent social workers leaving in the year, each spell's
/// leaving counted; moving straight on to another permanent social work
/// contract (a new FTE, a new role) is not leaving.
fn turnover(ctx: &Ctx, all: &[&Contract], in_post_fte: f64) -> Figure {
    let year = ctx.workforce;
    let leavers: Vec<&&Contract> = all
        .iter()
        .filter(|c| permanent_sw(c))
        .filter(|c| {
            let Some(end) = c.end else { return false };
            let carried_on = all.iter().any(|n| {
                n.user_id == c.user_id
                    && permanent_sw(n)
                    && n.start > c.start
                    && end.next_day().is_some_and(|next| n.start <= next)
            });
            year.contains(end) && !carried_on && counts_on(ctx, c.user_id, end)
        })
        .collect();
    Figure::new(
        "turnover_rate",
        leavers.iter().map(|c| c.fte).sum(),
        in_post_fte,
        staff_behind(leavers.iter().map(|c| c.user_id)),
    )
}

/// FTE vacancies on the census day: each team's funded posts (its latest
/// establishment on or before the day) less the FTE of permanent social
/// workers in it, floored at nought team by team (one team's surplus fills
/// no other's post). `None` for a unit or a practitioner: posts are funded
/// per team.
fn vacancies(ctx: &Ctx, all: &[&Contract], census: Date) -> Option<f64> {
    if ctx.members.teams.is_empty() {
        return None;
    }
    let mut funded: HashMap<TeamId, &Establishment> = HashMap::new();
    for r in &ctx.members.council {
        if let Item::Establishment(e) = &r.item {
            if e.from <= census
                && ctx.members.teams.contains(&e.team_id)
                && funded.get(&e.team_id).is_none_or(|b| b.from < e.from)
            {
                funded.insert(e.team_id, e);
            }
        }
    }
    let mut total = 0.0;
    for (team, e) in funded {
        let filled: f64 = all
            .iter()
            .filter(|c| permanent_sw(c) && in_post(c, census))
            .filter(|c| {
                ctx.snapshot.practitioner(c.user_id).is_some_and(|p| {
                    p.memberships.iter().any(|m| {
                        m.team_id == team && m.from <= census && m.to.is_none_or(|t| t >= census)
                    })
                })
            })
            .map(|c| c.fte)
            .sum();
        total += (e.funded_fte - filled).max(0.0);
    }
    Some(total)
}

/// Children allocated on the census day to case-holding social workers
/// (permanent or agency), over those workers' FTE.
fn caseload(ctx: &Ctx, all: &[&Contract], census: Date) -> Figure {
    let mut fte: HashMap<UserId, f64> = HashMap::new();
    for c in all {
        if c.social_worker
            && c.case_holding
            && in_post(c, census)
            && counts_on(ctx, c.user_id, census)
        {
            *fte.entry(c.user_id).or_default() += c.fte;
        }
    }
    // How many children each practitioner is allocated on the census day
    // (a child once per practitioner), counted once for every scope.
    let allocated = memo(&ctx.memo.allocated, census, || {
        let mut n: HashMap<UserId, usize> = HashMap::new();
        for ch in &ctx.snapshot.children {
            let users: BTreeSet<UserId> = ch
                .person
                .allocations
                .iter()
                .filter(|a| a.from <= census && a.to.is_none_or(|t| t >= census))
                .map(|a| a.user_id)
                .collect();
            for u in users {
                *n.entry(u).or_default() += 1;
            }
        }
        Arc::new(n)
    });
    let cases: usize = fte
        .keys()
        .map(|u| allocated.get(u).copied().unwrap_or(0))
        .sum();
    Figure::new(
        "caseload_avg",
        cases as f64,
        fte.values().sum(),
        staff_behind(fte.keys().copied()),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::measures::practice::kit::*;
    use crate::Period;
    use hearth_core::model::Discipline;

    fn contract(u: u128, start: &str, end: Option<&str>, fte: f64, agency: bool) -> Item {
        Item::Contract(Contract {
            user_id: user(u),
            start: d(start),
            end: end.map(d),
            fte,
            agency,
            case_holding: true,
            social_worker: true,
            leaving_reason: String::new(),
        })
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// Seven people, the census day 30 September 2025:
    /// 1: full time, in post throughout.
    /// 2: 0.5 FTE, in post.
    /// 3: left on 30 September 2025 (a leaver; not in post).
    /// 4: left in December 2024, came back in March 2025 and left again in
    ///    August 2025: two leavings of 0.8.
    /// 5: agency, full time, in post (not a leaver when their placement
    ///    ended earlier in the year, not in turnover at all).
    /// 6: moved from full time to 0.6 in May 2025 (not a leaver), in post.
    /// 7: a practice assistant, not a social worker: ignored.
    fn workforce() -> crate::Snapshot {
        let mut s = snapshot("2025-10-15");
        for n in 1..=7 {
            add_worker(&mut s, n, Discipline::SocialWorker);
        }
        let on = "2015-01-01";
        add_council(&mut s, on, contract(1, "2020-01-01", None, 1.0, false));
        add_council(&mut s, on, contract(2, "2021-01-01", None, 0.5, false));
        add_council(
            &mut s,
            on,
            contract(3, "2019-01-01", Some("2025-09-30"), 1.0, false),
        );
        add_council(
            &mut s,
            on,
            contract(4, "2018-01-01", Some("2024-12-20"), 0.8, false),
        );
        add_council(
            &mut s,
            on,
            contract(4, "2025-03-01", Some("2025-08-15"), 0.8, false),
        );
        add_council(
            &mut s,
            on,
            contract(5, "2024-01-01", Some("2025-01-31"), 1.0, true),
        );
        add_council(&mut s, on, contract(5, "2025-06-01", None, 1.0, true));
        add_council(
            &mut s,
            on,
            contract(6, "2019-01-01", Some("2025-05-31"), 1.0, false),
        );
        add_council(&mut s, on, contract(6, "2025-06-01", None, 0.6, false));
        let mut pa = contract(7, "2020-01-01", Some("2025-03-01"), 1.0, false);
        if let Item::Contract(c) = &mut pa {
            c.social_worker = false;
        }
        add_council(&mut s, on, pa);
        s
    }

    #[test]
    fn turnover_counts_each_leaving_of_permanent_social_workers() {
        let s = workforce();
        let r = report(
            &s,
            Scope::Council,
            Period::collection_year(2026),
            Period::workforce_year(2025),
        );
        // In post: 1.0 + 0.5 + 0.6 = 2.1. Leavers: 1.0 (30 Sept) + 0.8 + 0.8.
        let (n, den, v) = ndv(&r, "turnover_rate");
        assert!(close(n, 2.6) && close(den, 2.1), "{n} {den}");
        assert!(close(v.unwrap(), 2.6 / 2.1 * 100.0));
        assert_eq!(
            get(&r, "turnover_rate").behind,
            vec![Behind::Staff(user(3)), Behind::Staff(user(4))]
        );
        // Agency: 1.0 / (1.0 + 2.1).
        let (n, den, _) = ndv(&r, "agency_rate");
        assert!(close(n, 1.0) && close(den, 3.1));
    }

    #[test]
    fn vacancies_are_funded_posts_without_a_permanent_social_worker() {
        let mut s = workforce();
        let t = team(1);
        let est = |from: &str, fte: f64| {
            Item::Establishment(Establishment {
                team_id: t,
                from: d(from),
                funded_fte: fte,
            })
        };
        add_council(&mut s, "2024-04-01", est("2024-04-01", 3.0));
        add_council(&mut s, "2025-04-01", est("2025-04-01", 4.5));
        // After the census day: not yet in force.
        add_council(&mut s, "2025-10-01", est("2025-10-01", 9.0));
        let r = report(
            &s,
            Scope::Council,
            Period::collection_year(2026),
            Period::workforce_year(2025),
        );
        // 4.5 funded - 2.1 permanent in post = 2.4 (the agency worker covers
        // a vacancy, which stays a vacancy); 2.4 / (2.4 + 2.1).
        let (n, den, _) = ndv(&r, "vacancy_rate");
        assert!(close(n, 2.4) && close(den, 4.5), "{n} {den}");
        // No funded posts for a unit.
        let u = report(
            &s,
            Scope::Unit(unit(1)),
            Period::collection_year(2026),
            Period::workforce_year(2025),
        );
        assert_eq!(get(&u, "vacancy_rate").value, None);
    }

    #[test]
    fn caseload_is_children_allocated_over_case_holders_fte() {
        let mut s = workforce();
        // Worker 2 (0.5 FTE) holds 4 children, worker 5 (agency) 3, worker 1
        // holds 2 and had one more whose allocation ended in September.
        let mut n = 100;
        for (u, k) in [(2, 4), (5, 3), (1, 2)] {
            for _ in 0..k {
                n += 1;
                add_child(&mut s, n, 1, vec![], Some((u, "2025-01-01")));
            }
        }
        add_child(&mut s, 200, 1, vec![], Some((1, "2025-01-01")));
        s.children.last_mut().unwrap().person.allocations[0].to = Some(d("2025-09-29"));
        let r = report(
            &s,
            Scope::Council,
            Period::collection_year(2026),
            Period::workforce_year(2025),
        );
        // FTE case holders on 30 Sept: 1 + 0.5 + 1 (agency) + 0.6 = 3.1.
        let (n, den, _) = ndv(&r, "caseload_avg");
        assert!(close(n, 9.0) && close(den, 3.1), "{n} {den}");
        // One practitioner's own caseload: 4 children on 0.5 FTE.
        let w = report(
            &s,
            Scope::Worker(user(2)),
            Period::collection_year(2026),
            Period::workforce_year(2025),
        );
        assert_eq!(get(&w, "caseload_avg").value, Some(8.0));
    }
}
