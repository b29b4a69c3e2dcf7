//! The synthetic council's statutory journeys, seen through the returns
//! derived from them: both returns have what a real council's would, and the
//! sector's own validators find no errors in them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use hearth_core::journey::{Journey, StepDetail};
use hearth_core::model::Person;
use hearth_core::projection::{replay, Doc};
use hearth_returns::cin::C;
use hearth_returns::derive::{self, ChildRecord};
use hearth_returns::ssda903::T;
use hearth_returns::CollectionYear;
use hearth_synth::{generate, latest_complete_collection_year, Config};
use time::macros::date;
use time::Date;

const TODAY: Date = date!(2026 - 11 - 26);

/// Every child's details and journey, as the returns take them.
fn children(seed: u64, size: f64, today: Date) -> Vec<(Person, Journey)> {
    let council = generate(&Config { seed, size, today });
    let docs = replay(&council.events).expect("the events replay");
    let mut people: HashMap<_, Person> = HashMap::new();
    let mut journeys = Vec::new();
    for doc in docs.into_values().flatten() {
        match doc {
            Doc::Person(p) => {
                people.insert(p.id, p);
            }
            Doc::Journey(j) => journeys.push(j),
            _ => {}
        }
    }
    let mut out: Vec<(Person, Journey)> = journeys
        .into_iter()
        .filter_map(|j| people.remove(&j.person_id).map(|p| (p, j)))
        .collect();
    out.sort_by_key(|(p, _)| derive::child_id(p));
    out
}

fn records(kids: &[(Person, Journey)]) -> Vec<ChildRecord<'_>> {
    kids.iter()
        .map(|(p, j)| ChildRecord {
            person: p,
            journey: Some(j),
        })
        .collect()
}

#[test]
fn the_demo_exports_the_latest_complete_collection_year() {
    assert_eq!(latest_complete_collection_year(date!(2026 - 11 - 26)), 2026);
    assert_eq!(latest_complete_collection_year(date!(2026 - 03 - 31)), 2026);
    assert_eq!(latest_complete_collection_year(date!(2026 - 03 - 30)), 2025);
    assert_eq!(latest_complete_collection_year(date!(2026 - 04 - 01)), 2026);
}

#[test]
fn both_returns_have_what_a_council_records() {
    let kids = children(11, 0.1, TODAY);
    let recs = records(&kids);
    let year = CollectionYear(latest_complete_collection_year(TODAY));
    let r903 = derive::ssda903(&recs, year);
    let count = |t: T| r903.table(t).len();
    assert!(
        count(T::Header) >= 20,
        "looked-after children: {}",
        count(T::Header)
    );
    assert!(count(T::Episodes) >= count(T::Header));
    assert!(count(T::Reviews) > count(T::Header));
    assert!(count(T::Oc2) > 0, "children looked after for a year");
    assert!(count(T::SwEpisodes) > 0, "social worker episodes");
    assert!(count(T::PrevPerm) > 0, "previous permanence");

    let cin = derive::cin(&recs, year, "201");
    let n = |t: C| cin.table(t).len();
    assert!(
        cin.children > count(T::Header),
        "children in need include the looked after"
    );
    assert!(n(C::CinDetails) >= cin.children);
    assert!(
        n(C::Assessments) > cin.children / 3,
        "assessments: {}",
        n(C::Assessments)
    );
    assert!(n(C::CinPlanDates) > 0);
    assert!(n(C::Section47) > 0);
    assert!(n(C::ChildProtectionPlans) > 0);
    assert!(n(C::Reviews) > 0, "child protection review conferences");

    // Timescales: mostly met, some missed.
    let mut icpc = (0, 0);
    let mut assessed = (0, 0);
    for (_, j) in &kids {
        for s in &j.steps {
            match &s.detail {
                StepDetail::Section47 {
                    icpc_target: Some(t),
                    icpc_date: Some(d),
                    ..
                } => {
                    icpc.0 += 1;
                    icpc.1 += usize::from(d <= t);
                }
                StepDetail::Assessment {
                    start,
                    authorised: Some(a),
                    ..
                } => {
                    assessed.0 += 1;
                    assessed.1 += usize::from((*a - *start).whole_days() <= 63);
                }
                _ => {}
            }
        }
    }
    // About 80% of conferences are generated in time; the children of one
    // family share a conference, so a small council's share varies more
    // than the count of children suggests.
    assert!(
        icpc.0 > 10 && icpc.1 * 10 >= icpc.0 * 6 && icpc.1 < icpc.0,
        "{icpc:?}"
    );
    assert!(
        assessed.0 > 50 && assessed.1 * 10 >= assessed.0 * 7 && assessed.1 < assessed.0,
        "{assessed:?}"
    );
}

/// Rules of the sector's validators that fire on correct data (see the
/// report in the commit history): they are not counted.
const PEER_DEFECTS: &[&str] = &[
    // Fires for a UASC child whatever the ceased dates in both years,
    // including the same date in both.
    "205B",
    // Care leavers whose care ended before last year: the rules' own notes
    // say they give false positives then.
    "1001", "1002", // Known defects: SEX assumed 1/2, and crashes.
    "165", "231", "233",
];

/// `shared/tools/peer-validate` beside the repository, or where
/// `HEARTH_PEER_VALIDATE` says (for a checkout elsewhere).
fn peer_tool() -> Option<PathBuf> {
    let tool = std::env::var_os("HEARTH_PEER_VALIDATE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/tools/peer-validate")
        });
    tool.exists().then_some(tool)
}

/// Rows of the peer's findings that are errors, as "rule (table)".
fn peer_errors(tool: &Path, args: &[&str]) -> Vec<String> {
    let out = std::env::temp_dir().join(format!(
        "hearth-synth-peer-{}-{}.csv",
        std::process::id(),
        args[0]
    ));
    let status = Command::new(tool)
        .args(args)
        .arg("--out")
        .arg(&out)
        .status()
        .expect("the peer validator runs");
    assert!(status.success(), "peer-validate {args:?} failed");
    let text = std::fs::read_to_string(&out).expect("the findings");
    let _ = std::fs::remove_file(&out);
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split(',').collect();
            let (rule, table, kind) = (cols.get(1)?, cols.get(2)?, cols.get(4)?);
            (kind.trim() == "error" && !PEER_DEFECTS.contains(rule))
                .then(|| format!("{} {rule} ({table})", cols[0]))
        })
        .collect()
}

#[test]
fn the_sectors_validators_find_no_errors() {
    let Some(tool) = peer_tool() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "shared/tools/peer-validate is missing beside the repository"
        );
        eprintln!("skipped: shared/tools/peer-validate is not beside the repository");
        return;
    };
    for today in [TODAY, date!(2026 - 03 - 31)] {
        let kids = children(2026, 0.2, today);
        let recs = records(&kids);
        let year = 2026;
        let dir = std::env::temp_dir().join(format!(
            "hearth-synth-returns-{}-{today}",
            std::process::id()
        ));
        let now = dir.join("903");
        let prev = dir.join("903_prev");
        let cin = dir.join("cin.xml");
        hearth_returns::ssda903::csv_io::write_dir(
            &derive::ssda903(&recs, CollectionYear(year)),
            &now,
        )
        .unwrap();
        hearth_returns::ssda903::csv_io::write_dir(
            &derive::ssda903(&recs, CollectionYear(year - 1)),
            &prev,
        )
        .unwrap();
        std::fs::write(
            &cin,
            hearth_returns::cin::xml_io::write(&derive::cin(&recs, CollectionYear(year), "201")),
        )
        .unwrap();
        let (now, prev, cin) = (
            now.to_str().unwrap(),
            prev.to_str().unwrap(),
            cin.to_str().unwrap(),
        );
        let y = year.to_string();
        let with_prev = peer_errors(&tool, &["903", now, "--year", &y, "--prev", prev]);
        let alone = peer_errors(&tool, &["903", now, "--year", &y]);
        let census = peer_errors(&tool, &["cin", cin, "--year", &y]);
        let _ = std::fs::remove_dir_all(&dir);
        assert!(
            with_prev.is_empty(),
            "903 with last year's, {today}: {with_prev:?}"
        );
        assert!(alone.is_empty(), "903 alone, {today}: {alone:?}");
        assert!(census.is_empty(), "CIN census, {today}: {census:?}");
    }
}

/// Hearth's own validators, the ones a practitioner meets when saving a
/// step, find no errors in the demo council's returns either (the previous
/// year's comparisons aside: see the peer test above).
#[test]
fn hearths_validators_find_no_errors() {
    for today in [TODAY, date!(2026 - 03 - 31)] {
        let kids = children(2026, 0.2, today);
        let recs = records(&kids);
        let year = CollectionYear(latest_complete_collection_year(today));
        let ssda = derive::ssda903(&recs, year);
        let errors: Vec<String> = hearth_returns::ssda903::validate(&ssda, None, year)
            .into_iter()
            .map(|f| format!("{} {} {} {}", f.child_id, f.rule_code, f.table, f.row_id))
            .collect();
        assert!(errors.is_empty(), "903, {today}: {errors:?}");
        let census = derive::cin(&recs, year, "201");
        let errors: Vec<String> = hearth_returns::cin::validate(&census, year)
            .into_iter()
            .filter(|f| f.rule_type == hearth_returns::RuleType::Error)
            .map(|f| format!("{} {} {} {}", f.child_id, f.rule_code, f.table, f.row_id))
            .collect();
        assert!(errors.is_empty(), "census, {today}: {errors:?}");
    }
}
