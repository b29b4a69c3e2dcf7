#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Differential tests: Hearth's validators against the sector's own
//! open-source validators (`../shared/tools/peer-validate`), row for row, on
//! the synthetic fixtures and on current, perturbed variants of them.
//!
//! For each dataset the peer is run once; then, for every rule Hearth has and
//! the peer ran (it reports rules it skipped or that failed on its stderr),
//! the two sets of (child, table, row, type) must be equal. A disagreement
//! that is the peer's fault is listed in [`PEER_DEFECTS`] with the DfE rule
//! text that shows it, and pinned by a unit test beside the rule.
//!
//! Where `CI` is set a missing peer tool fails the test; elsewhere the test
//! says so and passes, so the suite still runs without `../shared`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use hearth_returns::{cin, ssda903, CollectionYear, Finding};

/// Rules where the peer is known to be wrong, with why. Compared nowhere.
const PEER_DEFECTS: &[(&str, &str)] = &[];

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if dir.join("tools/peer-validate").exists() {
        Some(dir)
    } else if std::env::var_os("CI").is_some() {
        panic!("../shared/tools/peer-validate is missing: the differential tests need it in CI");
    } else {
        eprintln!("skipping: ../shared/tools/peer-validate is not beside the repository");
        None
    }
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

type Rows = BTreeMap<String, BTreeSet<(String, String, String, String)>>;

fn parse(csv_text: &str) -> Rows {
    let mut rows = Rows::new();
    for line in csv_text.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        if cells.len() != 5 {
            continue;
        }
        rows.entry(cells[1].to_string()).or_default().insert((
            cells[0].to_string(),
            cells[2].to_string(),
            cells[3].to_string(),
            cells[4].to_string(),
        ));
    }
    rows
}

fn ours(findings: &[Finding]) -> Rows {
    parse(&hearth_returns::finding::to_csv(findings))
}

/// The rules the peer did not run (skipped or failed), from its stderr.
fn not_run(stderr: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for word in ["skipped", "failed"] {
        if let Some(start) = stderr.find(&format!("{word} ")) {
            let rest = &stderr[start..];
            if let (Some(open), Some(close)) = (rest.find('('), rest.find(')')) {
                out.extend(rest[open + 1..close].split_whitespace().map(String::from));
            }
        }
    }
    out
}

fn run_peer(shared: &Path, args: &[&str]) -> (Rows, BTreeSet<String>) {
    let out = tempfile::NamedTempFile::new().expect("temp file");
    let status = Command::new(shared.join("tools/peer-validate"))
        .args(args)
        .arg("--out")
        .arg(out.path())
        .output()
        .expect("run peer-validate");
    let stderr = String::from_utf8_lossy(&status.stderr).to_string();
    assert!(status.status.success(), "peer-validate failed: {stderr}");
    let text = std::fs::read_to_string(out.path()).expect("read peer output");
    (parse(&text), not_run(&stderr))
}

/// Compares rule by rule; returns a description of every difference.
fn compare(
    dataset: &str,
    hearth: &Rows,
    peer: &Rows,
    ours_rules: &[&str],
    skip: &BTreeSet<String>,
) -> Vec<String> {
    let empty = BTreeSet::new();
    let mut problems = Vec::new();
    for &code in ours_rules {
        if skip.contains(code) || PEER_DEFECTS.iter().any(|(c, _)| *c == code) {
            continue;
        }
        let h = hearth.get(code).unwrap_or(&empty);
        let p = peer.get(code).unwrap_or(&empty);
        if h != p {
            let only_h: Vec<_> = h.difference(p).take(3).collect();
            let only_p: Vec<_> = p.difference(h).take(3).collect();
            problems.push(format!(
                "{dataset}: rule {code}: hearth {} rows, peer {} rows; only hearth e.g. {only_h:?}; only peer e.g. {only_p:?}",
                h.len(),
                p.len()
            ));
        }
    }
    problems
}

fn perturb(shared: &Path, dir: &Path, name: &str, years: &str, rate: &str, seed: &str) -> PathBuf {
    let dst = dir.join(name);
    let status = Command::new("python3")
        .arg(repo().join("scripts/perturb-903"))
        .arg(shared.join("reference/ssda903/fake_data"))
        .arg(&dst)
        .args(["--shift-years", years, "--rate", rate, "--seed", seed])
        .status()
        .expect("run perturb-903");
    assert!(status.success());
    let _ = std::fs::remove_file(dst.join("placed_for_adoption_errors.csv"));
    dst
}

fn check_903(shared: &Path, dataset: &str, cur: &Path, prev: Option<&Path>) {
    let year = CollectionYear(2026);
    let mut args = vec![
        "903".to_string(),
        cur.display().to_string(),
        "--year".into(),
        "2026".into(),
    ];
    if let Some(p) = prev {
        args.push("--prev".into());
        args.push(p.display().to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (peer, skip) = run_peer(shared, &args);
    let cur_ret = ssda903::read_path(cur).expect("read return");
    let prev_ret = prev.map(|p| ssda903::read_path(p).expect("read previous return"));
    let findings = ssda903::validate(&cur_ret, prev_ret.as_ref(), year);
    let rules: Vec<&str> = ssda903::engine::rules_for(year)
        .iter()
        .filter(|r| r.runs_on(&cur_ret, prev_ret.as_ref()))
        .map(|r| r.code)
        .collect();
    let problems = compare(dataset, &ours(&findings), &peer, &rules, &skip);
    assert!(
        problems.is_empty(),
        "{} rules differ:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn ssda903_fixture_agrees_with_peer() {
    let Some(shared) = shared() else { return };
    let fixture = shared.join("reference/ssda903/fake_data");
    let dir = tempfile::tempdir().expect("temp dir");
    // The fixture folder holds both placed_for_adoption files; pass the peer
    // the same tables Hearth reads.
    let copy = dir.path().join("fixture");
    std::fs::create_dir_all(&copy).expect("mkdir");
    for entry in std::fs::read_dir(&fixture).expect("fixture") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if name.ends_with(".csv") && name != "placed_for_adoption_errors.csv" {
            std::fs::copy(&path, copy.join(&name)).expect("copy");
        }
    }
    check_903(&shared, "fixture", &copy, None);
    check_903(
        &shared,
        "fixture with itself as last year",
        &copy,
        Some(&copy),
    );
}

#[test]
fn ssda903_current_and_perturbed_returns_agree_with_peer() {
    let Some(shared) = shared() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let s4 = perturb(&shared, dir.path(), "s4", "4", "0", "1");
    let s3 = perturb(&shared, dir.path(), "s3", "3", "0", "1");
    check_903(&shared, "fixture moved to 2019-2025", &s4, Some(&s3));
    let p4 = perturb(&shared, dir.path(), "p4", "4", "0.08", "7");
    let p3 = perturb(&shared, dir.path(), "p3", "3", "0.05", "8");
    check_903(&shared, "perturbed", &p4, Some(&p3));
}

#[test]
fn cin_fixtures_agree_with_peer() {
    let Some(shared) = shared() else { return };
    let year = CollectionYear(2026);
    let mut problems = Vec::new();
    let dir = shared.join("reference/cin/fake_data");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    files.sort();
    assert!(files.len() >= 9);
    for file in files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let (peer, skip) = run_peer(
            &shared,
            &["cin", &file.display().to_string(), "--year", "2026"],
        );
        let bytes = std::fs::read(&file).expect("read");
        let ret = cin::xml_io::read(&name, &bytes).expect("parse census");
        let findings = cin::validate(&ret, year);
        let rules: Vec<&str> = cin::rules::all().iter().map(|r| r.code).collect();
        problems.extend(compare(&name, &ours(&findings), &peer, &rules, &skip));
    }
    assert!(
        problems.is_empty(),
        "{} rules differ:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
