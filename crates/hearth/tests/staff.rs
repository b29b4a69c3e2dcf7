//! `hearth import staff`: an HR extract of contracts, matched by username;
//! a bad row refuses the whole file, naming its line and field.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use hearth_core::council::Item;
use hearth_store::Store;
use std::process::Command;

fn hearth(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(args)
        .env("HEARTH_LOG", "warn")
        .output()
        .expect("run hearth")
}

const HEADER: &str = "username,start,end,fte,agency,case_holding,social_worker,leaving_reason\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_staff_extract_adds_contracts_or_refuses_the_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let d = data.to_str().unwrap();
    let out = hearth(&[
        "synth",
        "--data-dir",
        d,
        "--size",
        "0.02",
        "--seed",
        "7",
        "--with-demo-logins",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let before = {
        let store = Store::open_data_dir(&data).await.unwrap();
        store.council_where("item", "contract").await.unwrap().len()
    };

    // One good row, then a row for no one with a bad FTE: nothing is added.
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        format!(
            "{HEADER}front.door,2018-04-01,2020-03-31,0.8,no,yes,yes,Career break\n\
             no.such.person,2021-04-01,,1.2,no,yes,yes,\n"
        ),
    )
    .unwrap();
    let out = hearth(&["import", "staff", bad.to_str().unwrap(), "--data-dir", d]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Nothing was imported"), "{err}");
    assert!(err.contains("Line 3, fte"), "{err}");
    {
        let store = Store::open_data_dir(&data).await.unwrap();
        assert_eq!(
            store.council_where("item", "contract").await.unwrap().len(),
            before
        );
    }
    // A username no one has is named with its line.
    std::fs::write(
        &bad,
        format!("{HEADER}no.such.person,2021-04-01,,1,no,yes,yes,\n"),
    )
    .unwrap();
    let out = hearth(&["import", "staff", bad.to_str().unwrap(), "--data-dir", d]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("Line 2, username: no practitioner has the username \"no.such.person\""));

    // The good row alone is added, once however often the file is loaded.
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        format!("{HEADER}front.door,2016-04-01,2017-03-31,0.8,no,yes,yes,Career break\n"),
    )
    .unwrap();
    for _ in 0..2 {
        let out = hearth(&["import", "staff", good.to_str().unwrap(), "--data-dir", d]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let store = Store::open_data_dir(&data).await.unwrap();
    let contracts = store.council_where("item", "contract").await.unwrap();
    assert_eq!(contracts.len(), before + 1);
    let added: Vec<_> = contracts
        .iter()
        .filter_map(|r| match &r.item {
            Item::Contract(c) if c.leaving_reason == "Career break" && c.fte == 0.8 => Some(c),
            _ => None,
        })
        .filter(|c| c.start == time::macros::date!(2016 - 04 - 01))
        .collect();
    assert_eq!(added.len(), 1);
    assert_eq!(added[0].end, Some(time::macros::date!(2017 - 03 - 31)));
    assert!(added[0].case_holding && added[0].social_worker && !added[0].agency);
}
