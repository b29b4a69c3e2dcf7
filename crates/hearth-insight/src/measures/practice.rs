//! Measures from the practice tools: scaling scores over time, the family's
//! own feedback, the child's views in their own words, and whether adult
//! specialists reach the families whose assessments found parental domestic
//! abuse, mental ill-health or drug or alcohol misuse.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use hearth_core::ids::{FamilyId, PersonId};
use hearth_core::journey::StepDetail;
use hearth_core::practice::scaling::RaterRole;
use hearth_core::practice::{PracticeRecord, Scope as RecordScope, Tool};
use time::{Date, Duration};

use crate::period::Period;
use crate::report::{Behind, Ctx, Figure};
use crate::snapshot::Child;

/// CIN census assessment factors about the parents or carers that an adult
/// specialist works on: alcohol misuse (1B), drug misuse (2B), domestic
/// abuse with the parent or carer its subject (3B), mental health (4B).
/// The child's own (A) and other household members' (C) factors are left
/// out: the measure is about parental need.
pub const PARENTAL_FACTORS: [&str; 4] = ["1B", "2B", "3B", "4B"];

/// The whole-family measure's window: 8 weeks from the assessment's start.
pub const SPECIALIST_WITHIN_DAYS: i64 = 56;

/// Whether the child was open to children's social care at any time in the
/// period: a children in need episode (or a period of care, which is one)
/// touching it.
pub(crate) fn open_in(c: &Child, p: Period) -> bool {
    c.journey.steps.iter().any(|s| match &s.detail {
        StepDetail::CinEpisode {
            referral_date,
            closure_date,
            ..
        } => p.overlaps(*referral_date, *closure_date),
        StepDetail::CareEpisode { start, end, .. } => p.overlaps(*start, *end),
        _ => false,
    })
}

/// The families worked with in the period: the families of the children in
/// scope who were open in it.
pub(crate) fn families_worked_with(ctx: &Ctx) -> BTreeSet<FamilyId> {
    ctx.members
        .children
        .iter()
        .filter(|c| open_in(c, ctx.period))
        .filter_map(|c| c.family)
        .collect()
}

fn record_family(r: &PracticeRecord) -> Option<FamilyId> {
    match r.scope {
        RecordScope::Family(f) => Some(f),
        _ => None,
    }
}

/// Whether a family's record concerns the child: named in it, or, where it
/// names no one, about the child's family as a whole.
fn concerns(r: &PracticeRecord, c: &Child) -> bool {
    if r.about.is_empty() {
        record_family(r).is_some_and(|f| c.family == Some(f) || c.person.families.contains(&f))
    } else {
        r.about.contains(&c.id())
    }
}

/// The scope's practice records by whom they are about, as positions in
/// `ctx.members.practice`, so each child's records are found without a
/// scan of them all (at national size a scan per child would be
/// millions times millions). A lookup gives every record that could match,
/// in the scope's order; the measures still test each with the same rule.
struct ByChild {
    /// Records naming people, under each person named.
    named: HashMap<PersonId, Vec<usize>>,
    /// Records naming no one, under their family.
    whole_family: HashMap<FamilyId, Vec<usize>>,
    /// Every family record, under its family.
    family: HashMap<FamilyId, Vec<usize>>,
    /// A child's views, under the child.
    views: HashMap<PersonId, Vec<usize>>,
}

impl ByChild {
    fn build(ctx: &Ctx) -> Self {
        let mut x = ByChild {
            named: HashMap::new(),
            whole_family: HashMap::new(),
            family: HashMap::new(),
            views: HashMap::new(),
        };
        for (i, r) in ctx.members.practice.iter().enumerate() {
            let people: BTreeSet<PersonId> = r.about.iter().copied().collect();
            for p in people {
                x.named.entry(p).or_default().push(i);
            }
            if let Some(f) = record_family(r) {
                if r.about.is_empty() {
                    x.whole_family.entry(f).or_default().push(i);
                }
                x.family.entry(f).or_default().push(i);
            }
            if let Tool::ChildsViews(v) = &r.tool {
                if let Some(c) = v.child {
                    x.views.entry(c).or_default().push(i);
                }
            }
        }
        x
    }

    /// The records at the positions the lookups give for the child, each
    /// once, in the scope's order.
    fn gather<'a>(
        ctx: &Ctx<'a>,
        lists: impl IntoIterator<Item = Option<&'a Vec<usize>>>,
    ) -> Vec<&'a PracticeRecord>
    where
        Self: 'a,
    {
        let mut at: Vec<usize> = lists.into_iter().flatten().flatten().copied().collect();
        at.sort_unstable();
        at.dedup();
        at.into_iter()
            .filter_map(|i| ctx.members.practice.get(i).copied())
            .collect()
    }

    /// Every record [`concerns`] could hold true for the child.
    fn concerning<'a>(&'a self, ctx: &Ctx<'a>, c: &Child) -> Vec<&'a PracticeRecord> {
        let families = c.family.iter().chain(&c.person.families);
        Self::gather(
            ctx,
            std::iter::once(self.named.get(&c.id()))
                .chain(families.map(|f| self.whole_family.get(f))),
        )
    }

    /// Every record about one of the child's families.
    fn of_families<'a>(&'a self, ctx: &Ctx<'a>, c: &Child) -> Vec<&'a PracticeRecord> {
        let families = c.family.iter().chain(&c.person.families);
        Self::gather(ctx, families.map(|f| self.family.get(f)))
    }

    /// Every record of the child's views.
    fn views_of<'a>(&'a self, ctx: &Ctx<'a>, c: &Child) -> Vec<&'a PracticeRecord> {
        Self::gather(ctx, [self.views.get(&c.id())])
    }
}

pub fn figures(ctx: &Ctx) -> Vec<Figure> {
    let by_child = ByChild::build(ctx);
    let mut out = scaling(ctx, &by_child);
    out.extend(feedback(ctx));
    out.push(childs_voice(ctx, &by_child));
    out.push(whole_family_response(ctx, &by_child));
    out
}

/// Each child's scaling score per day in the period, oldest first: the
/// worker's score where a worker scored that day (the mean if several did),
/// or else the mean of everyone's scores that day.
fn child_scores(ctx: &Ctx, by_child: &ByChild, c: &Child) -> Vec<(Date, f64)> {
    let mut days: BTreeMap<Date, (Vec<u8>, Vec<u8>)> = BTreeMap::new();
    for r in by_child.concerning(ctx, c) {
        let Tool::Scaling(s) = &r.tool else { continue };
        if !ctx.period.contains(r.on) || !concerns(r, c) {
            continue;
        }
        let day = days.entry(r.on).or_default();
        for rating in &s.ratings {
            if rating.role == RaterRole::Worker {
                day.0.push(rating.score);
            }
            day.1.push(rating.score);
        }
    }
    let mean = |v: &[u8]| v.iter().map(|x| f64::from(*x)).sum::<f64>() / v.len() as f64;
    days.into_iter()
        .filter_map(
            |(d, (worker, all))| match (worker.is_empty(), all.is_empty()) {
                (false, _) => Some((d, mean(&worker))),
                (true, false) => Some((d, mean(&all))),
                (true, true) => None,
            },
        )
        .collect()
}

fn scaling(ctx: &Ctx, by_child: &ByChild) -> Vec<Figure> {
    let (mut scaled, mut improved, mut dropped) = (0.0, Vec::new(), Vec::new());
    for c in &ctx.members.children {
        let scores = child_scores(ctx, by_child, c);
        let n = scores.len();
        if n < 2 {
            continue;
        }
        scaled += 1.0;
        if scores[n - 1].1 - scores[0].1 >= 2.0 {
            improved.push(Behind::Child(c.id()));
        }
        if scores[n - 1].1 - scores[n - 2].1 <= -2.0 {
            dropped.push(Behind::Child(c.id()));
        }
    }
    vec![
        Figure::new(
            "scaling_improved_2plus",
            improved.len() as f64,
            scaled,
            improved,
        ),
        Figure::new("scaling_drop_alerts", dropped.len() as f64, scaled, dropped),
    ]
}

fn feedback(ctx: &Ctx) -> Vec<Figure> {
    let worked = families_worked_with(ctx);
    let (mut responses, mut agree) = (0.0, 0.0);
    let mut agreeing: BTreeSet<FamilyId> = BTreeSet::new();
    let mut gave: BTreeSet<FamilyId> = BTreeSet::new();
    let mut seen = HashSet::new();
    for r in &ctx.members.practice {
        let Tool::Feedback(f) = &r.tool else { continue };
        let Some(fam) = record_family(r) else {
            continue;
        };
        if !ctx.period.contains(r.on) || !worked.contains(&fam) || !seen.insert(r.id) {
            continue;
        }
        gave.insert(fam);
        let answers: Vec<u8> = [
            f.listened_to,
            f.understood_plan,
            f.involved_in_decisions,
            f.worker_reliable,
            f.things_better,
        ]
        .into_iter()
        .flatten()
        .collect();
        // A response with only a comment says nothing either way.
        if answers.is_empty() {
            continue;
        }
        responses += 1.0;
        if answers.iter().all(|a| *a >= 4) {
            agree += 1.0;
            agreeing.insert(fam);
        }
    }
    vec![
        Figure::new(
            "family_feedback_agree",
            agree,
            responses,
            agreeing.into_iter().map(Behind::Family).collect(),
        ),
        Figure::new(
            "family_feedback_response",
            gave.len() as f64,
            worked.len() as f64,
            gave.into_iter().map(Behind::Family).collect(),
        ),
    ]
}

fn childs_voice(ctx: &Ctx, by_child: &ByChild) -> Figure {
    let (mut open, mut heard) = (0.0, Vec::new());
    for c in &ctx.members.children {
        if !open_in(c, ctx.period) {
            continue;
        }
        open += 1.0;
        let has = by_child.views_of(ctx, c).iter().any(|r| match &r.tool {
            Tool::ChildsViews(v) => {
                v.child == Some(c.id()) && ctx.period.contains(r.on) && !v.is_empty()
            }
            _ => false,
        });
        if has {
            heard.push(Behind::Child(c.id()));
        }
    }
    Figure::new("childs_voice", heard.len() as f64, open, heard)
}

fn whole_family_response(ctx: &Ctx, by_child: &ByChild) -> Figure {
    let today = ctx.snapshot.today.unwrap_or(ctx.period.end);
    let window = Duration::days(SPECIALIST_WITHIN_DAYS);
    let (mut due, mut met, mut pending) = (0.0, Vec::new(), 0usize);
    for c in &ctx.members.children {
        let specialists: Vec<_> = by_child
            .of_families(ctx, c)
            .into_iter()
            .filter_map(|r| match &r.tool {
                Tool::Specialist(i)
                    if record_family(r)
                        .is_some_and(|f| c.family == Some(f) || c.person.families.contains(&f)) =>
                {
                    Some(i)
                }
                _ => None,
            })
            .collect();
        for s in &c.journey.steps {
            let StepDetail::Assessment { start, factors, .. } = &s.detail else {
                continue;
            };
            if !ctx.period.contains(*start)
                || !factors
                    .iter()
                    .any(|f| PARENTAL_FACTORS.contains(&f.trim().to_uppercase().as_str()))
            {
                continue;
            }
            let by = start.saturating_add(window);
            let reached = specialists
                .iter()
                .any(|i| i.start <= by && i.end.is_none_or(|e| e >= *start));
            if !reached && by > today {
                // Still inside its 8 weeks: neither met nor missed yet.
                pending += 1;
                continue;
            }
            due += 1.0;
            if reached {
                met.push(Behind::Child(c.id()));
            }
        }
    }
    let n = met.len() as f64;
    met.sort();
    met.dedup();
    let f = Figure::new("whole_family_response", n, due, met);
    if pending > 0 {
        f.note(format!(
            "{pending} assessment(s) still inside their 8 weeks with no specialist yet are not counted."
        ))
    } else {
        f
    }
}

/// Small builders for hand-worked snapshots, shared by this crate's B1
/// measure tests (practice, staff, workforce, value).
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub(crate) mod kit {
    use hearth_core::council::{CouncilRecord, Item};
    use hearth_core::ids::{FamilyId, PersonId, StepId, TeamId, UnitId, UserId};
    use hearth_core::journey::{Journey, JourneyStep, StepDetail};
    use hearth_core::model::{
        Allocation, Discipline, Employment, Family, Membership, Person, PersonDetails, PersonKind,
        Practitioner, Team, TeamFunction, Unit,
    };
    use hearth_core::practice::{PracticeRecord, Scope as RecordScope, Tool};
    use time::Date;

    use crate::report::{compute, Report, Value};
    use crate::scope::Scope;
    use crate::snapshot::{Child, Snapshot};
    use crate::Period;

    pub fn d(s: &str) -> Date {
        Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).unwrap()
    }

    pub fn team(n: u128) -> TeamId {
        TeamId::from_u128(n)
    }
    pub fn unit(n: u128) -> UnitId {
        UnitId::from_u128(n)
    }
    pub fn user(n: u128) -> UserId {
        UserId::from_u128(n)
    }
    pub fn fam(n: u128) -> FamilyId {
        FamilyId::from_u128(n)
    }
    pub fn kid(n: u128) -> PersonId {
        PersonId::from_u128(n)
    }

    /// A snapshot with one team (1) holding one unit (1) and families 1-9.
    pub fn snapshot(today: &str) -> Snapshot {
        let mut s = Snapshot {
            today: Some(d(today)),
            ..Snapshot::default()
        };
        s.teams.push(Team {
            id: team(1),
            name: "North".into(),
            service: "North".into(),
            function: TeamFunction::FamilySupport,
            start: d("2015-01-01"),
            end: None,
        });
        s.units.push(Unit {
            id: unit(1),
            team_id: team(1),
            name: "Unit A".into(),
            consultant: None,
            start: d("2015-01-01"),
            end: None,
        });
        for n in 1..10 {
            s.families.insert(
                fam(n),
                Family {
                    id: fam(n),
                    name: format!("Family {n}"),
                    team_id: Some(team(1)),
                    unit_id: Some(unit(1)),
                    members: vec![],
                    team: vec![],
                },
            );
        }
        s
    }

    pub fn step(detail: StepDetail) -> JourneyStep {
        JourneyStep {
            id: StepId::new(),
            detail,
        }
    }

    pub fn cin(referral: &str, closure: Option<&str>) -> JourneyStep {
        step(StepDetail::CinEpisode {
            referral_date: d(referral),
            referral_source: "1A".into(),
            primary_need: "N1".into(),
            closure_date: closure.map(d),
            closure_reason: String::new(),
            referral_nfa: String::new(),
            initial_cpc: None,
        })
    }

    pub fn care(start: &str, end: Option<&str>, placement: &str) -> JourneyStep {
        step(StepDetail::CareEpisode {
            start: d(start),
            reason_new: "S".into(),
            legal_status: "C2".into(),
            category_of_need: "N1".into(),
            placement: placement.into(),
            provider: "PR1".into(),
            end: end.map(d),
            reason_end: if end.is_some() {
                "E4A".into()
            } else {
                String::new()
            },
            reason_place_change: String::new(),
            home_postcode: String::new(),
            placement_postcode: String::new(),
            urn: String::new(),
        })
    }

    /// Adds child `n` in family `f` (team 1, unit 1) with its journey and a
    /// lead practitioner from a date.
    pub fn add_child(
        s: &mut Snapshot,
        n: u128,
        f: u128,
        steps: Vec<JourneyStep>,
        lead: Option<(u128, &str)>,
    ) {
        let person = Person {
            id: kid(n),
            kind: PersonKind::Child,
            details: PersonDetails::default(),
            addresses: vec![],
            families: vec![fam(f)],
            restricted: false,
            grants: vec![],
            allocations: lead
                .map(|(u, from)| Allocation {
                    user_id: user(u),
                    from: d(from),
                    to: None,
                    reason: String::new(),
                })
                .into_iter()
                .collect(),
        };
        let mut journey = Journey::new(kid(n));
        journey.steps = steps;
        s.children.push(Child {
            person,
            journey,
            family: Some(fam(f)),
            team: Some(team(1)),
            unit: Some(unit(1)),
        });
    }

    /// Adds practitioner `n`, a member of team 1 (unit 1) from 2015.
    pub fn add_worker(s: &mut Snapshot, n: u128, discipline: Discipline) {
        s.practitioners.push(Practitioner {
            id: user(n),
            username: format!("w{n}"),
            display_name: format!("Worker {n}"),
            discipline,
            registration_number: None,
            employment: Employment::Permanent,
            email: None,
            active: true,
            memberships: vec![Membership {
                team_id: team(1),
                unit_id: Some(unit(1)),
                from: d("2015-01-01"),
                to: None,
            }],
        });
    }

    pub fn add_family_record(s: &mut Snapshot, f: u128, on: &str, about: &[u128], tool: Tool) {
        let mut r = PracticeRecord::new(RecordScope::Family(fam(f)), None, d(on), tool);
        r.about = about.iter().map(|n| kid(*n)).collect();
        s.practice.push(r);
        s.index();
    }

    pub fn add_own_record(s: &mut Snapshot, u: u128, on: &str, tool: Tool) {
        s.practice.push(PracticeRecord::new(
            RecordScope::Practitioner(user(u)),
            Some(user(u)),
            d(on),
            tool,
        ));
        s.index();
    }

    pub fn add_council(s: &mut Snapshot, on: &str, item: Item) {
        s.council.push(CouncilRecord::new(None, d(on), item));
    }

    pub fn report(s: &Snapshot, scope: Scope, period: Period, workforce: Period) -> Report {
        compute(s, scope, period, workforce)
    }

    pub fn get<'a>(r: &'a Report, id: &str) -> &'a Value {
        r.get(id).unwrap()
    }

    /// (numerator, denominator, value) of one measure.
    pub fn ndv(r: &Report, id: &str) -> (f64, f64, Option<f64>) {
        let v = get(r, id);
        (v.numerator, v.denominator, v.value)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::kit::*;
    use super::*;
    use crate::scope::Scope;
    use hearth_core::ids::PersonId;
    use hearth_core::practice::conference::Feedback;
    use hearth_core::practice::scaling::{Rating, Scaling};
    use hearth_core::practice::specialists::{Involvement, Specialism, WorksWith};
    use hearth_core::practice::voice::ChildsViews;

    fn year() -> Period {
        Period::collection_year(2026)
    }

    fn scaling(ratings: &[(RaterRole, u8)]) -> Tool {
        Tool::Scaling(Scaling {
            question: "How safe?".into(),
            ratings: ratings
                .iter()
                .map(|(role, score)| Rating {
                    role: *role,
                    person: None,
                    practitioner: None,
                    name: role.label().into(),
                    score: *score,
                    why: String::new(),
                })
                .collect(),
            one_point_higher: String::new(),
        })
    }

    #[test]
    fn scaling_counts_rises_and_drops_of_two_from_the_workers_score() {
        let mut s = snapshot("2026-04-10");
        for n in 1..=4 {
            add_child(&mut s, n, n, vec![cin("2025-01-01", None)], None);
        }
        use RaterRole::*;
        // Child 1: 3 -> 4 -> 6 (worker's scores; the parent's 9 is ignored
        // when the worker scored): up 3, improved, no drop.
        add_family_record(
            &mut s,
            1,
            "2025-05-01",
            &[1],
            scaling(&[(Worker, 3), (Parent, 9)]),
        );
        add_family_record(&mut s, 1, "2025-08-01", &[1], scaling(&[(Worker, 4)]));
        add_family_record(&mut s, 1, "2025-11-01", &[], scaling(&[(Worker, 6)]));
        // Child 2: 5 -> 8 -> 6: up only 1 from the first, and down 2 at the
        // end: a drop alert, not improved.
        add_family_record(&mut s, 2, "2025-05-01", &[2], scaling(&[(Parent, 5)]));
        add_family_record(&mut s, 2, "2025-07-01", &[2], scaling(&[(Parent, 8)]));
        add_family_record(&mut s, 2, "2025-09-01", &[2], scaling(&[(Parent, 6)]));
        // Child 3: scored once in the period (the earlier score is before
        // it): not in either count.
        add_family_record(&mut s, 3, "2025-01-01", &[3], scaling(&[(Worker, 1)]));
        add_family_record(&mut s, 3, "2025-06-01", &[3], scaling(&[(Worker, 9)]));
        // Child 4: parent 2 and child 4 on one day (mean 3), then 5: up 2.
        add_family_record(
            &mut s,
            4,
            "2025-06-01",
            &[4],
            scaling(&[(Parent, 2), (Child, 4)]),
        );
        add_family_record(&mut s, 4, "2026-03-31", &[4], scaling(&[(Parent, 5)]));

        let r = report(&s, Scope::Council, year(), Period::workforce_year(2025));
        assert_eq!(
            ndv(&r, "scaling_improved_2plus"),
            (2.0, 3.0, Some(200.0 / 3.0))
        );
        assert_eq!(ndv(&r, "scaling_drop_alerts").0, 1.0);
        assert_eq!(
            get(&r, "scaling_drop_alerts").behind,
            vec![Behind::Child(kid(2))]
        );
    }

    fn feedback(answers: [Option<u8>; 5]) -> Tool {
        Tool::Feedback(Feedback {
            from: None,
            from_name: "Mum".into(),
            listened_to: answers[0],
            understood_plan: answers[1],
            involved_in_decisions: answers[2],
            worker_reliable: answers[3],
            things_better: answers[4],
            comment: String::new(),
        })
    }

    #[test]
    fn family_feedback_agreement_and_response_rate() {
        let mut s = snapshot("2026-04-10");
        // Families 1-4 worked with in the year; family 5 closed before it.
        for n in 1..=4 {
            add_child(
                &mut s,
                n,
                n,
                vec![cin("2025-03-01", Some("2025-12-01"))],
                None,
            );
        }
        add_child(
            &mut s,
            5,
            5,
            vec![cin("2024-01-01", Some("2025-02-01"))],
            None,
        );
        let all4 = [Some(4), Some(5), Some(4), Some(5), Some(4)];
        add_family_record(&mut s, 1, "2025-06-01", &[], feedback(all4));
        // One 3 spoils agreement; an unanswered question does not.
        add_family_record(
            &mut s,
            2,
            "2025-06-01",
            &[],
            feedback([Some(5), Some(3), Some(5), Some(5), Some(5)]),
        );
        add_family_record(
            &mut s,
            3,
            "2025-07-01",
            &[],
            feedback([Some(5), None, Some(4), Some(4), Some(5)]),
        );
        // Family 1 answered twice: two responses, one family.
        add_family_record(&mut s, 1, "2025-11-01", &[], feedback(all4));
        // Outside the period, and a family not worked with: neither counts.
        add_family_record(&mut s, 4, "2025-02-01", &[], feedback(all4));
        add_family_record(&mut s, 5, "2025-06-01", &[], feedback(all4));

        let r = report(&s, Scope::Council, year(), Period::workforce_year(2025));
        assert_eq!(ndv(&r, "family_feedback_agree"), (3.0, 4.0, Some(75.0)));
        assert_eq!(ndv(&r, "family_feedback_response"), (3.0, 4.0, Some(75.0)));
    }

    #[test]
    fn childs_voice_needs_their_words_in_the_period() {
        let mut s = snapshot("2026-04-10");
        for n in 1..=4 {
            add_child(&mut s, n, 1, vec![cin("2025-03-01", None)], None);
        }
        let words = |child: PersonId| {
            Tool::ChildsViews(ChildsViews {
                child: Some(child),
                in_their_words: "I want to stay with my nan".into(),
                ..ChildsViews::default()
            })
        };
        add_family_record(&mut s, 1, "2025-05-01", &[1], words(kid(1)));
        add_family_record(&mut s, 1, "2025-05-01", &[2], words(kid(2)));
        // Before the period: child 3 not heard this year.
        add_family_record(&mut s, 1, "2025-02-01", &[3], words(kid(3)));
        let r = report(&s, Scope::Council, year(), Period::workforce_year(2025));
        assert_eq!(ndv(&r, "childs_voice"), (2.0, 4.0, Some(50.0)));
    }

    fn assessment(start: &str, factors: &[&str]) -> hearth_core::journey::JourneyStep {
        step(StepDetail::Assessment {
            episode: None,
            start: d(start),
            internal_review: None,
            authorised: None,
            factors: factors.iter().map(|f| f.to_string()).collect(),
        })
    }

    fn specialist(start: &str) -> Tool {
        Tool::Specialist(Involvement {
            specialist: user(50),
            specialism: Specialism::DomesticAbuse,
            adults: vec![WorksWith {
                adult: PersonId::from_u128(900),
                abuse_role: None,
            }],
            start: d(start),
            end: None,
            focus: String::new(),
        })
    }

    #[test]
    fn whole_family_response_within_eight_weeks() {
        let mut s = snapshot("2026-03-20");
        // 1: parental DA, specialist on day 56: met.
        add_child(&mut s, 1, 1, vec![assessment("2025-05-01", &["3B"])], None);
        add_family_record(&mut s, 1, "2025-06-26", &[], specialist("2025-06-26"));
        // 2: parental mental health, specialist on day 57: missed.
        add_child(&mut s, 2, 2, vec![assessment("2025-05-01", &["4B"])], None);
        add_family_record(&mut s, 2, "2025-06-27", &[], specialist("2025-06-27"));
        // 3: the child's own mental health (4A) only: not an adult factor.
        add_child(&mut s, 3, 3, vec![assessment("2025-05-01", &["4A"])], None);
        // 4: parental alcohol, specialist already working with the family.
        add_child(
            &mut s,
            4,
            4,
            vec![assessment("2025-09-01", &["1B", "21"])],
            None,
        );
        add_family_record(&mut s, 4, "2025-01-01", &[], specialist("2025-01-01"));
        // 5: parental drugs three weeks before today, no specialist yet:
        // still inside its 8 weeks, not counted.
        add_child(&mut s, 5, 5, vec![assessment("2026-02-27", &["2B"])], None);
        let r = report(&s, Scope::Council, year(), Period::workforce_year(2025));
        let (n, den, v) = ndv(&r, "whole_family_response");
        assert_eq!((n, den), (2.0, 3.0));
        assert!((v.unwrap() - 200.0 / 3.0).abs() < 1e-9);
        assert!(get(&r, "whole_family_response")
            .note
            .as_deref()
            .unwrap()
            .contains("1 assessment"));
    }
}
