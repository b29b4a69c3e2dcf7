//! The binary end to end: the command line, and a crash in the middle of a
//! burst of writes leaving every acknowledged write in place.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use hearth_core::ids::RecordId;
use hearth_core::projection::replay;
use hearth_store::{expected_snapshot, Store};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

fn hearth(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(args)
        .env("HEARTH_LOG", "warn")
        .output()
        .expect("run hearth")
}

fn synth(dir: &Path) {
    let out = hearth(&[
        "synth",
        "--data-dir",
        dir.to_str().unwrap(),
        "--size",
        "0.02",
        "--seed",
        "7",
        "--with-demo-logins",
    ]);
    assert!(
        out.status.success(),
        "synth failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn help_is_there_for_every_command() {
    for cmd in [
        vec!["--help"],
        vec!["demo", "--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["rebuild", "--help"],
        vec!["synth", "--help"],
        vec!["user", "--help"],
        vec!["user", "token", "--help"],
        vec!["export", "903", "--help"],
        vec!["export", "cin", "--help"],
        vec!["import", "903", "--help"],
        vec!["validate", "903", "--help"],
        vec!["validate", "cin", "--help"],
    ] {
        let out = hearth(&cmd);
        assert!(out.status.success(), "{cmd:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Usage"),
            "{cmd:?}"
        );
    }
}

#[test]
fn synth_users_and_rebuild_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    synth(dir.path());
    // synth refuses a database that already holds records
    let again = hearth(&["synth", "--data-dir", d, "--size", "0.02"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds records"));

    let list = hearth(&["user", "list", "--json", "--data-dir", d]);
    assert!(list.status.success());
    let users: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let names: Vec<&str> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    for demo in [
        "social.worker",
        "team.manager",
        "front.door",
        "data.team",
        "admin",
    ] {
        assert!(names.contains(&demo), "{demo} missing");
    }

    let add = hearth(&[
        "user",
        "add",
        "test.worker",
        "--name",
        "Test Worker",
        "--discipline",
        "social_worker",
        "--registration",
        "SW000123",
        "--data-dir",
        d,
    ]);
    assert!(
        add.status.success(),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
    let dup = hearth(&[
        "user",
        "add",
        "test.worker",
        "--name",
        "Again",
        "--discipline",
        "social_worker",
        "--data-dir",
        d,
    ]);
    assert!(!dup.status.success());
    let bad = hearth(&[
        "user",
        "add",
        "x.y",
        "--name",
        "X",
        "--discipline",
        "wizard",
        "--data-dir",
        d,
    ]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown discipline"));
    let token = hearth(&["user", "token", "test.worker", "--data-dir", d]);
    assert!(token.status.success());
    assert!(String::from_utf8_lossy(&token.stdout).trim().len() >= 40);
    assert!(hearth(&["user", "disable", "test.worker", "--data-dir", d])
        .status
        .success());
    let after = hearth(&["user", "list", "--json", "--data-dir", d]);
    let users: serde_json::Value = serde_json::from_slice(&after.stdout).unwrap();
    let tw = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "test.worker")
        .unwrap();
    assert_eq!(tw["active"], false);

    let rebuild = hearth(&["rebuild", "--data-dir", d]);
    assert!(rebuild.status.success());
    assert!(String::from_utf8_lossy(&rebuild.stdout).contains("Rebuilt"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_mid_burst_keeps_every_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap().to_string();
    synth(dir.path());
    let token_out = hearth(&["user", "token", "social.worker", "--data-dir", &d]);
    let token = String::from_utf8_lossy(&token_out.stdout)
        .trim()
        .to_string();

    let mut server = Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["serve", "--data-dir", &d, "--port", "0"])
        .env("HEARTH_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap()
        .trim_end_matches('/')
        .to_string();

    let client = reqwest::Client::new();
    let caseload: serde_json::Value = client
        .get(format!("{base}/api/v1/caseload"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let child = caseload["children"][0]["id"].as_str().unwrap().to_string();

    let acknowledged: Arc<Mutex<Vec<RecordId>>> = Arc::default();
    let mut writers = Vec::new();
    for w in 0..6 {
        let (client, base, token, child, acked) = (
            client.clone(),
            base.clone(),
            token.clone(),
            child.clone(),
            acknowledged.clone(),
        );
        writers.push(tokio::spawn(async move {
            for i in 0.. {
                let res = client
                    .post(format!("{base}/api/v1/people/{child}/records"))
                    .bearer_auth(&token)
                    .json(&serde_json::json!({"kind": "case_note", "date": "2026-01-15", "title": format!("Note {w}-{i}"), "body": "Synthetic note written during the crash test."}))
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status() == 201 => {
                        let v: serde_json::Value = match r.json().await { Ok(v) => v, Err(_) => break };
                        let id: RecordId = v["record"]["id"].as_str().unwrap().parse().unwrap();
                        acked.lock().unwrap().push(id);
                    }
                    _ => break,
                }
            }
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    server.kill().unwrap(); // SIGKILL: no chance to tidy up
    server.wait().unwrap();
    for w in writers {
        let _ = w.await;
    }
    let acked = acknowledged.lock().unwrap().clone();
    assert!(
        acked.len() > 5,
        "the burst wrote too little to test ({})",
        acked.len()
    );

    let store = Store::open_data_dir(dir.path()).await.unwrap();
    for id in &acked {
        assert!(
            store.record(*id).await.unwrap().is_some(),
            "acknowledged record {id} was lost"
        );
    }
    // And the projections still equal a replay of the journal.
    let mut events = Vec::new();
    let mut after = 0;
    loop {
        let page = store.events_after(after, 5000).await.unwrap();
        let Some(last) = page.last() else { break };
        after = last.seq;
        events.extend(page);
    }
    let expected = expected_snapshot(&replay(&events).unwrap()).unwrap();
    assert_eq!(store.projection_snapshot().await.unwrap(), expected);
}

/// A council's 903 loaded with `hearth import`, derived back with `hearth
/// export`, and checked with `hearth validate`: the same children and
/// episodes come back, and the validator reports in each format.
#[test]
fn a_return_imported_exported_and_validated() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(
        input.join("header.csv"),
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA1,F,01/02/2012,WBRI,,,\nA2,M,2014-07-09,BAFR,,,\n",
    )
    .unwrap();
    std::fs::write(
        input.join("episodes.csv"),
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n\
         A1,01/05/2025,S,C2,N1,U6,PR1,,,,,,\n\
         A2,10/06/2025,S,V2,N4,U4,PR4,01/09/2025,E4A,,,,\n",
    )
    .unwrap();
    let d = data.to_str().unwrap();
    let out = hearth(&["import", "903", input.to_str().unwrap(), "--data-dir", d]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Imported 2 children (2 new)"));
    // Importing again adds no child and no step twice.
    let again = hearth(&["import", "903", input.to_str().unwrap(), "--data-dir", d]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("(0 new) and 0 journey steps"));

    let exported = dir.path().join("out");
    let out = hearth(&[
        "export",
        "903",
        "--year",
        "2026",
        "--out",
        exported.to_str().unwrap(),
        "--data-dir",
        d,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let episodes = std::fs::read_to_string(exported.join("episodes.csv")).unwrap();
    assert!(
        episodes.contains("A1,01/05/2025,S,C2,N1,U6,PR1,,,,,,"),
        "{episodes}"
    );
    assert!(
        episodes.contains("A2,10/06/2025,S,V2,N4,U4,PR4,01/09/2025,E4A,,,,"),
        "{episodes}"
    );
    let header = std::fs::read_to_string(exported.join("header.csv")).unwrap();
    assert!(
        header.contains("A2,M,09/07/2014,BAFR"),
        "odd date spellings come back as dd/mm/yyyy: {header}"
    );

    let csv = hearth(&[
        "validate",
        "903",
        exported.to_str().unwrap(),
        "--year",
        "2026",
    ]);
    assert!(csv.status.success());
    let text = String::from_utf8_lossy(&csv.stdout);
    assert!(
        text.starts_with("child_id,rule_code,table,row_id,rule_type"),
        "{text}"
    );
    let json = hearth(&[
        "validate",
        "903",
        exported.to_str().unwrap(),
        "--year",
        "2026",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["collection"], "903");
    assert_eq!(v["children"], 2);
    // The JSON, written a part at a time, has every row of the CSV, and
    // its counts by rule add up to them.
    let rows = text.lines().count() - 1;
    assert!(rows > 0, "{text}");
    assert_eq!(v["findings"].as_array().unwrap().len(), rows);
    let counted: u64 = v["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["findings"].as_u64().unwrap())
        .sum();
    assert_eq!(counted, rows as u64);
    // --out writes what standard output shows.
    let report = dir.path().join("report.csv");
    let to_file = hearth(&[
        "validate",
        "903",
        exported.to_str().unwrap(),
        "--year",
        "2026",
        "--out",
        report.to_str().unwrap(),
    ]);
    assert!(to_file.status.success());
    assert_eq!(std::fs::read(&report).unwrap(), csv.stdout);
    let summary = hearth(&[
        "validate",
        "903",
        exported.to_str().unwrap(),
        "--format",
        "summary",
    ]);
    assert!(String::from_utf8_lossy(&summary.stdout).contains("SSDA903 return 2025/26: 2 children"));

    // A bad date refuses the whole file, naming line and field.
    std::fs::write(
        input.join("episodes.csv"),
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\nA3,soon,S,C2,N1,U6,PR1,,,,,,\n",
    )
    .unwrap();
    let bad = hearth(&["import", "903", input.to_str().unwrap(), "--data-dir", d]);
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("episodes.csv, line 2, field DECOM"), "{err}");
}
