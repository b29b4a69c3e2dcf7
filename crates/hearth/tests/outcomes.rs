//! `hearth outcomes` end to end on the shared synthetic returns: the 903
//! fixture and the CIN census fixtures are loaded with `hearth import`, the
//! measures are computed by the binary, and several DfE measures are
//! checked against a calculation written here straight from the fixture
//! files (simple CSV and XML reading, the DfE's definitions, England's bank
//! holidays typed in from gov.uk), not with Hearth's own code.
//!
//! The fixtures are in `../shared/reference/` beside the repository (found
//! as the other tests find it, or in a folder above a git worktree); without
//! them the test says so and passes, except in CI.
//!
//! Fixture data: Copyright (c) Social Finance Digital Labs / Data to
//! Insight, MIT License. Every child in it is synthetic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use time::{Date, Duration, Month, Weekday};

fn hearth(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(args)
        .env("HEARTH_LOG", "warn")
        .output()
        .expect("run hearth")
}

fn run(args: &[&str]) -> String {
    let out = hearth(args);
    assert!(
        out.status.success(),
        "hearth {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// `../shared/reference` beside the repository, or beside a folder of git
/// worktrees above it.
fn reference() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let beside = manifest.join("../../../shared/reference");
    let found = std::iter::once(beside)
        .chain(manifest.ancestors().map(|a| a.join("shared/reference")))
        .find(|d| d.join("ssda903/fake_data/episodes.csv").exists());
    if found.is_none() {
        if std::env::var_os("CI").is_some() {
            panic!("../shared/reference is missing: the outcomes test needs it in CI");
        }
        eprintln!("skipping: ../shared/reference is not beside the repository");
    }
    found
}

fn ymd(y: i32, m: u8, d: u8) -> Date {
    Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap()
}

/// dd/mm/yyyy (the 903 CSV) or yyyy-mm-dd (the census XML).
fn date(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let n: Vec<i32> = s.split(['/', '-']).map(|p| p.parse().unwrap()).collect();
    Some(if s.contains('/') {
        ymd(n[2], n[1] as u8, n[0] as u8)
    } else {
        ymd(n[0], n[1] as u8, n[2] as u8)
    })
}

/// The same day a year before (28 February for 29 February).
fn year_before(d: Date) -> Date {
    d.replace_year(d.year() - 1)
        .unwrap_or_else(|_| ymd(d.year() - 1, 2, 28))
}

fn years_after(d: Date, n: i32) -> Date {
    d.replace_year(d.year() + n)
        .unwrap_or_else(|_| ymd(d.year() + n, 2, 28))
}

/// A collection year: 1 April to 31 March.
fn collection(year: i32) -> (Date, Date) {
    (ymd(year - 1, 4, 1), ymd(year, 3, 31))
}

/// The report's numerator and denominator of a measure.
fn measure(report: &serde_json::Value, id: &str) -> (f64, f64) {
    let m = report["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("{id} is not in the report"));
    (
        m["numerator"].as_f64().unwrap(),
        m["denominator"].as_f64().unwrap(),
    )
}

fn outcomes(data: &str, year: i32) -> serde_json::Value {
    let text = run(&[
        "outcomes",
        "--year",
        &year.to_string(),
        "--format",
        "json",
        "--data-dir",
        data,
    ]);
    serde_json::from_str(&text).unwrap()
}

// ---- the 903, read straight from the CSV ----

struct Ep {
    start: Date,
    end: Option<Date>,
    rne: String,
    rec: String,
}

/// Each child's episodes, short breaks (V3, V4) left out, in date order.
fn episodes_903(dir: &Path) -> BTreeMap<String, Vec<Ep>> {
    let text = std::fs::read_to_string(dir.join("episodes.csv")).unwrap();
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| head.iter().position(|h| h.trim() == name).unwrap();
    let (child, decom, rne, ls, dec, rec) = (
        col("CHILD"),
        col("DECOM"),
        col("RNE"),
        col("LS"),
        col("DEC"),
        col("REC"),
    );
    let mut out: BTreeMap<String, Vec<Ep>> = BTreeMap::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split(',').collect();
        if matches!(f[ls], "V3" | "V4") {
            continue;
        }
        out.entry(f[child].to_string()).or_default().push(Ep {
            start: date(f[decom]).unwrap(),
            end: date(f[dec]),
            rne: f[rne].to_string(),
            rec: f[rec].to_string(),
        });
    }
    for eps in out.values_mut() {
        eps.sort_by_key(|e| (e.start, e.end.is_none(), e.end));
    }
    out
}

/// Periods of care: runs of episodes with no gap (an episode starting on or
/// before the day the run so far ends continues it). Each is the indices
/// of its episodes.
fn periods(eps: &[Ep]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut until: Option<Option<Date>> = None;
    for (i, e) in eps.iter().enumerate() {
        match until {
            Some(u) if u.is_none_or(|u| e.start <= u) => {
                out.last_mut().unwrap().push(i);
                until = Some(match (u, e.end) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                });
            }
            _ => {
                out.push(vec![i]);
                until = Some(e.end);
            }
        }
    }
    out
}

/// The end of a period of care (`None` while open) and the reason it
/// ceased: the REC of the episode it ends with, unless X1 or blank.
fn ceased(eps: &[Ep], period: &[usize]) -> (Option<Date>, Option<String>) {
    if period.iter().any(|&i| eps[i].end.is_none()) {
        return (None, None);
    }
    let end = period.iter().filter_map(|&i| eps[i].end).max();
    let last = period.iter().rev().find(|&&i| eps[i].end == end).unwrap();
    let rec = eps[*last].rec.trim();
    (
        end,
        (rec != "X1" && !rec.is_empty()).then(|| rec.to_string()),
    )
}

struct Care {
    looked_after_on_end: BTreeSet<String>,
    three_placements: BTreeSet<String>,
    ceased: BTreeSet<String>,
    home: BTreeSet<String>,
}

fn care_903(dir: &Path, year: i32) -> Care {
    let (start, end) = collection(year);
    let mut c = Care {
        looked_after_on_end: BTreeSet::new(),
        three_placements: BTreeSet::new(),
        ceased: BTreeSet::new(),
        home: BTreeSet::new(),
    };
    for (child, eps) in episodes_903(dir) {
        // Looked after at the end of 31 March: some episode open then.
        if eps
            .iter()
            .any(|e| e.start <= end && e.end.is_none_or(|d| d > end))
        {
            c.looked_after_on_end.insert(child.clone());
        }
        let mut placements = 0;
        let mut last_ceasing: Option<(Date, String)> = None;
        for period in periods(&eps) {
            // Placements in the year: episodes in it that start one (the
            // first of a period of care, or RNE P, T, B, U, S), and the
            // placement already running when the year began.
            let in_year: Vec<usize> = period
                .iter()
                .copied()
                .filter(|&i| eps[i].start <= end && eps[i].end.is_none_or(|d| d >= start))
                .collect();
            let starts = |i: usize| {
                i == period[0] || matches!(eps[i].rne.as_str(), "P" | "T" | "B" | "U" | "S")
            };
            placements += in_year.iter().filter(|&&i| starts(i)).count();
            if let Some(&first) = in_year.first() {
                if !starts(first) {
                    placements += 1;
                }
            }
            if let (Some(d), Some(rec)) = ceased(&eps, &period) {
                if d >= start && d <= end && last_ceasing.as_ref().is_none_or(|l| l.0 <= d) {
                    last_ceasing = Some((d, rec));
                }
            }
        }
        if placements >= 3 && c.looked_after_on_end.contains(&child) {
            c.three_placements.insert(child.clone());
        }
        if let Some((_, rec)) = last_ceasing {
            c.ceased.insert(child.clone());
            if rec == "E4A" || rec == "E4B" {
                c.home.insert(child);
            }
        }
    }
    c
}

// ---- the CIN census, read straight from the XML ----

/// The text of every `<tag>...</tag>` in `xml`, in order.
fn blocks<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        let Some(j) = after.find(&close) else { break };
        out.push(&after[..j]);
        rest = &after[j + close.len()..];
    }
    out
}

fn dates(xml: &str, tag: &str) -> Vec<Date> {
    blocks(xml, tag).into_iter().filter_map(date).collect()
}

/// England's bank holidays of 2022 and 2023 (gov.uk), enough for the
/// census fixtures' enquiries.
const HOLIDAYS: &[(i32, u8, u8)] = &[
    (2022, 1, 3),
    (2022, 4, 15),
    (2022, 4, 18),
    (2022, 5, 2),
    (2022, 6, 2),
    (2022, 6, 3),
    (2022, 8, 29),
    (2022, 9, 19),
    (2022, 12, 26),
    (2022, 12, 27),
    (2023, 1, 2),
    (2023, 4, 7),
    (2023, 4, 10),
    (2023, 5, 1),
    (2023, 5, 8),
    (2023, 5, 29),
    (2023, 8, 28),
    (2023, 12, 25),
    (2023, 12, 26),
];

/// Working days after `from` up to and including `to`.
fn working_days(from: Date, to: Date) -> i64 {
    let mut n = 0;
    let mut d = from;
    while d < to {
        d += Duration::days(1);
        let weekend = matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday);
        let holiday = HOLIDAYS.contains(&(d.year(), d.month() as u8, d.day()));
        if !weekend && !holiday {
            n += 1;
        }
    }
    n
}

#[derive(Default, Debug, PartialEq)]
struct Cin {
    referrals: usize,
    re_referrals: usize,
    plans_ended: usize,
    plans_ended_2y: usize,
    icpcs: usize,
    icpcs_in_time: usize,
}

fn cin(files: &[PathBuf], year: i32) -> Cin {
    let (start, end) = collection(year);
    let within = |d: Date| d >= start && d <= end;
    let mut c = Cin::default();
    for f in files {
        let xml = std::fs::read_to_string(f).unwrap();
        for child in blocks(&xml, "Child") {
            let mut refs = dates(child, "CINreferralDate");
            refs.sort();
            for r in refs.iter().copied().filter(|r| within(*r)) {
                c.referrals += 1;
                if refs.iter().any(|p| *p < r && *p >= year_before(r)) {
                    c.re_referrals += 1;
                }
            }
            for plan in blocks(child, "ChildProtectionPlans") {
                let s = dates(plan, "CPPstartDate")[0];
                if let Some(e) = dates(plan, "CPPendDate").first().copied() {
                    if within(e) {
                        c.plans_ended += 1;
                        if e >= years_after(s, 2) {
                            c.plans_ended_2y += 1;
                        }
                    }
                }
            }
            for s47 in blocks(child, "Section47") {
                let s = dates(s47, "S47ActualStartDate")[0];
                if let Some(icpc) = dates(s47, "DateOfInitialCPC").first().copied() {
                    if within(icpc) && icpc >= s {
                        c.icpcs += 1;
                        if working_days(s, icpc) <= 15 {
                            c.icpcs_in_time += 1;
                        }
                    }
                }
            }
        }
    }
    c
}

#[test]
fn dfe_measures_agree_with_a_calculation_straight_from_the_returns() {
    let Some(reference) = reference() else { return };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let d = data.to_str().unwrap();

    // The 903 fixture's tables (not its XML twin or the error variants).
    let fake = reference.join("ssda903/fake_data");
    let input = dir.path().join("903");
    std::fs::create_dir_all(&input).unwrap();
    for table in ["header.csv", "episodes.csv", "missing.csv"] {
        std::fs::copy(fake.join(table), input.join(table)).unwrap();
    }
    run(&[
        "import",
        "903",
        input.to_str().unwrap(),
        "--year",
        "2018",
        "--data-dir",
        d,
    ]);
    let census = reference.join("cin/fake_data");
    let files = [
        census.join("fake_CIN_data.xml"),
        census.join("CIN_Census_2024.xml"),
    ];
    for f in &files {
        run(&["import", "cin", f.to_str().unwrap(), "--data-dir", d]);
    }

    // The 903's dates run to 2018: the collection year 2017/18.
    let report = outcomes(d, 2018);
    let want = care_903(&input, 2018);
    eprintln!(
        "2017/18: {} looked after on 31 March, {} with 3 or more placements, {} of {} ceasing went home",
        want.looked_after_on_end.len(),
        want.three_placements.len(),
        want.home.len(),
        want.ceased.len()
    );
    assert!(want.looked_after_on_end.len() > 100, "a real test");
    let (n, den) = measure(&report, "cla_rate_per_10k");
    assert_eq!(n, want.looked_after_on_end.len() as f64);
    // No population is recorded: the count comes with no rate.
    assert_eq!(den, 0.0);
    assert_eq!(
        measure(&report, "cla_3plus_placements"),
        (
            want.three_placements.len() as f64,
            want.looked_after_on_end.len() as f64
        )
    );
    assert!(!want.home.is_empty());
    assert_eq!(
        measure(&report, "returns_home"),
        (want.home.len() as f64, want.ceased.len() as f64)
    );

    // The census's referrals, plans and conferences: 2022/23 has the most.
    let report = outcomes(d, 2023);
    let want = cin(&files, 2023);
    eprintln!("2022/23: {want:?}");
    assert!(want.re_referrals > 0 && want.icpcs > 0 && want.plans_ended > 0);
    assert_eq!(
        measure(&report, "re_referrals_12m"),
        (want.re_referrals as f64, want.referrals as f64)
    );
    assert_eq!(
        measure(&report, "cp_ended_2y_plus"),
        (want.plans_ended_2y as f64, want.plans_ended as f64)
    );
    assert_eq!(
        measure(&report, "icpc_within_15wd"),
        (want.icpcs_in_time as f64, want.icpcs as f64)
    );
}

/// The population a council enters is what its rates per 10,000 divide by;
/// a bad file changes nothing; the scope and format options answer as asked.
#[test]
fn the_population_imported_is_the_denominator_of_the_rates() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let d = data.to_str().unwrap();
    run(&["synth", "--size", "0.02", "--seed", "11", "--data-dir", d]);
    let before = outcomes(d, 2026);

    let file = dir.path().join("population.csv");
    std::fs::write(
        &file,
        "year,age,count,source\n2026,0,100,ONS\n2026,17,x,ONS\n",
    )
    .unwrap();
    let out = hearth(&[
        "import",
        "population",
        file.to_str().unwrap(),
        "--data-dir",
        d,
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Line 3, count"), "{err}");
    assert!(err.contains("Year 2026: no row for age 1, 2"), "{err}");
    let unchanged = outcomes(d, 2026);
    for (a, b) in unchanged["measures"]
        .as_array()
        .unwrap()
        .iter()
        .zip(before["measures"].as_array().unwrap())
    {
        assert_eq!(a, b, "{} changed", a["id"]);
    }

    // 18 ages of 1,000 children: 18,000.
    let mut csv = String::from("year,age,count,source\n");
    for age in 0..18 {
        csv.push_str(&format!(
            "2026,{age},1000,ONS mid-2026 estimate (synthetic)\n"
        ));
    }
    std::fs::write(&file, csv).unwrap();
    run(&[
        "import",
        "population",
        file.to_str().unwrap(),
        "--data-dir",
        d,
    ]);
    let after = outcomes(d, 2026);
    let (looked_after, population) = measure(&after, "cla_rate_per_10k");
    assert_eq!(population, 18_000.0);
    let value = after["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "cla_rate_per_10k")
        .unwrap()["value"]
        .as_f64()
        .unwrap();
    assert!((value - looked_after * 10_000.0 / 18_000.0).abs() < 1e-9);

    // A team's report has no rate per 10,000 (the population is the
    // council's), and the CSV has one row per measure after its header.
    let team = after["measures"].as_array().unwrap().len();
    let csv = run(&[
        "outcomes",
        "--year",
        "2026",
        "--format",
        "csv",
        "--data-dir",
        d,
    ]);
    assert_eq!(csv.lines().count(), team + 1);
    assert!(csv.starts_with("scope,scope_name,period_start"));
    let bad = hearth(&["outcomes", "--team", "No such team", "--data-dir", d]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no team has that name or id"));
}
