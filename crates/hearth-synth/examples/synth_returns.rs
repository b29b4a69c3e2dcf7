//! Generate a synthetic council and write its returns for checking:
//! `synth_returns SEED SIZE TODAY YEAR OUT` (YEAR defaulting to the latest
//! complete collection year) writes OUT/903 (the year's 903
//! CSV tables), OUT/903_prev (the year before's) and OUT/cin.xml.

#![allow(clippy::expect_used)]

use hearth_core::projection::{replay, Doc};
use hearth_returns::derive::{self, ChildRecord};
use hearth_returns::CollectionYear;
use hearth_synth::{generate, Config};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let seed: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(42);
    let size: f64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(0.2);
    let today = args
        .get(3)
        .and_then(|s| {
            time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).ok()
        })
        .unwrap_or(time::macros::date!(2026 - 11 - 26));
    let year: i32 = args
        .get(4)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| hearth_synth::latest_complete_collection_year(today));
    let out = std::path::PathBuf::from(args.get(5).cloned().unwrap_or("/tmp/synth".into()));
    let t = std::time::Instant::now();
    let council = generate(&Config { seed, size, today });
    eprintln!(
        "generated in {:?}: {}",
        t.elapsed(),
        council.stats.summary()
    );
    let docs = replay(&council.events).expect("the events replay");
    let mut people = std::collections::HashMap::new();
    let mut journeys = Vec::new();
    for d in docs.values().flatten() {
        match d {
            Doc::Person(p) => {
                people.insert(p.id, p);
            }
            Doc::Journey(j) => journeys.push(j),
            _ => {}
        }
    }
    let mut records: Vec<ChildRecord> = journeys
        .iter()
        .filter_map(|j| {
            people.get(&j.person_id).map(|p| ChildRecord {
                person: p,
                journey: Some(j),
            })
        })
        .collect();
    records.sort_by_key(|r| derive::child_id(r.person));
    std::fs::create_dir_all(&out).expect("out dir");
    let now = derive::ssda903(&records, CollectionYear(year));
    let prev = derive::ssda903(&records, CollectionYear(year - 1));
    hearth_returns::ssda903::csv_io::write_dir(&now, &out.join("903")).expect("903");
    hearth_returns::ssda903::csv_io::write_dir(&prev, &out.join("903_prev")).expect("903 prev");
    let cin = derive::cin(&records, CollectionYear(year), "201");
    std::fs::write(
        out.join("cin.xml"),
        hearth_returns::cin::xml_io::write(&cin),
    )
    .expect("cin");
    eprintln!(
        "{} journeys; 903: {} children; cin: {} children",
        records.len(),
        now.table(hearth_returns::ssda903::T::Header).len(),
        cin.children
    );
}
