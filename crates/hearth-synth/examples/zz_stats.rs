#![allow(clippy::unwrap_used)]
use hearth_core::model::*;
use hearth_core::projection::{replay, Doc};
use std::collections::BTreeMap;
fn main() {
    let today = time::macros::date!(2025 - 06 - 16);
    let c = hearth_synth::generate(&hearth_synth::Config {
        seed: 5,
        size: 1.0,
        today,
    });
    let docs = replay(&c.events).unwrap();
    let mut eth = BTreeMap::new();
    let mut ages = BTreeMap::new();
    let mut disc = BTreeMap::new();
    let mut rel = BTreeMap::new();
    let mut q = BTreeMap::new();
    let mut loads: BTreeMap<_, usize> = BTreeMap::new();
    let mut team_fn = BTreeMap::new();
    let mut teams = BTreeMap::new();
    let mut imm = BTreeMap::new();
    let mut lang = BTreeMap::new();
    let mut reasons = BTreeMap::new();
    for d in docs.values().flatten() {
        if let Doc::Team(t) = d {
            teams.insert(t.id, t.clone());
        }
    }
    for d in docs.values().flatten() {
        match d {
            Doc::Person(p) if p.kind == PersonKind::Child => {
                *eth.entry(p.details.ethnicity.map(|e| e.code()))
                    .or_insert(0) += 1;
                let a = p.age_on(today).unwrap();
                let band = match a {
                    0 => "0",
                    1..=4 => "1-4",
                    5..=9 => "5-9",
                    10..=15 => "10-15",
                    16..=17 => "16-17",
                    _ => "18+",
                };
                *ages.entry(band).or_insert(0) += 1;
                if let Some(l) = p.lead_practitioner() {
                    *loads.entry(l).or_insert(0) += 1;
                }
                *imm.entry(p.details.immigration_status.map(|s| s.code()))
                    .or_insert(0) += 1;
                *lang.entry(p.details.first_language.clone()).or_insert(0) += 1;
                for a in &p.allocations {
                    *reasons.entry(a.reason.clone()).or_insert(0) += 1;
                }
            }
            Doc::Practitioner(p) => {
                *disc
                    .entry((p.discipline.code(), p.employment.label(), p.active))
                    .or_insert(0) += 1;
                for m in p.current_memberships() {
                    *team_fn
                        .entry(teams[&m.team_id].function.code())
                        .or_insert(0) += 1;
                }
            }
            Doc::Relationship(r) => {
                *rel.entry(r.kind.code()).or_insert(0) += 1;
                *q.entry(r.quality.map(|q| q.code())).or_insert(0) += 1;
            }
            _ => {}
        }
    }
    println!("eth {eth:#?}\nages {ages:?}\ndisc {disc:#?}\nrel {rel:?}\nq {q:?}\nteam members by fn {team_fn:?}\nimm {imm:?}\nreasons {reasons:#?}");
    let mut l: Vec<usize> = loads.values().copied().collect();
    l.sort();
    println!(
        "caseloads n={} min {} median {} max {}",
        l.len(),
        l[0],
        l[l.len() / 2],
        l[l.len() - 1]
    );
    let mut langs: Vec<_> = lang.into_iter().collect();
    langs.sort_by_key(|x| std::cmp::Reverse(x.1));
    println!("langs {:?}", &langs[..12.min(langs.len())]);
}
