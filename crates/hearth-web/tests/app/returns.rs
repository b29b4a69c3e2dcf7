//! The data team's returns page: upload, findings by rule and child with the
//! values, a link to a known child's record, the CSV report, and clear
//! messages for files that cannot be read.

use crate::client::Client;
use crate::harness::TestApp;
use reqwest::StatusCode;

const HEADER: &str = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n";

async fn a_data_team_checks_a_return_and_downloads_the_report(app: &TestApp) {
    let fx = &app.fx;
    let data = Client::sign_in(app, fx.data.username).await;
    data.get("/returns")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("Check a statutory return");
    // Two children: one with an invalid sex code (rule 101).
    let header = format!("{HEADER}C1,X,01/01/2015,WBRI,,,\nC2,F,01/01/2016,WBRI,,,\n");
    let page = data
        .post_files(
            "/returns",
            &[("year", "2026")],
            &[("files", "header.csv", header.into_bytes())],
            true,
        )
        .await;
    page.assert_status(StatusCode::OK)
        .assert_contains("What the rules found")
        .assert_contains("The child or young person’s reported sex is not valid.")
        .assert_contains("SEX: X");
    let link = page
        .body
        .split("href=\"/returns/reports/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a report link")
        .to_string();
    let report = data.get(&format!("/returns/reports/{link}")).await;
    report
        .assert_status(StatusCode::OK)
        .assert_contains("C1,101,Header,0,error");
    assert!(report.content_type().starts_with("text/csv"));
    // The report is the uploader's alone.
    let manager = Client::sign_in(app, fx.manager.username).await;
    manager
        .get(&format!("/returns/reports/{link}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // A file that cannot be read is named with its line.
    let bad = data
        .post_files(
            "/returns",
            &[("year", "2026")],
            &[(
                "files",
                "episodes.csv",
                b"CHILD,DECOM\nC1,\"01/04/2025\n".to_vec(),
            )],
            true,
        )
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("There is a problem")
        .assert_contains("episodes.csv");
    // No token, no upload.
    let forged = data
        .post_files(
            "/returns",
            &[("year", "2026")],
            &[("files", "header.csv", HEADER.as_bytes().to_vec())],
            false,
        )
        .await;
    assert_ne!(forged.status, StatusCode::OK);
    // Practitioners do not run returns.
    let a = Client::sign_in(app, fx.a.username).await;
    a.get("/returns").await.assert_status(StatusCode::FORBIDDEN);
}
web_test!(a_data_team_checks_a_return_and_downloads_the_report);

/// A child in the return whom the record knows (by the council's own id) is
/// linked to their record for a viewer who may see it; a restricted child is
/// not linked, and each look-up is audited.
async fn a_child_in_the_return_links_to_their_record(app: &TestApp) {
    use hearth_core::event::{Event, EventBody};
    use hearth_core::identifiers::LaPersonId;
    let fx = &app.fx;
    for (who, id) in [(&fx.c1, "LAC001"), (&fx.r, "LAC009")] {
        let mut p = app.store.person(who.id).await.unwrap().unwrap();
        p.details.la_person_id = Some(LaPersonId::parse(id).unwrap());
        app.store
            .append(vec![Event::new(
                None,
                time::macros::date!(2026 - 01 - 01),
                EventBody::PersonDetailsChanged {
                    person_id: p.id,
                    details: p.details,
                },
            )])
            .await
            .unwrap();
    }
    let data = Client::sign_in(app, fx.data.username).await;
    let header = format!("{HEADER}LAC001,X,01/01/2015,WBRI,,,\nLAC009,X,01/01/2016,WBRI,,,\n");
    let page = data
        .post_files(
            "/returns",
            &[("year", "2026")],
            &[("files", "header.csv", header.into_bytes())],
            true,
        )
        .await;
    page.assert_status(StatusCode::OK)
        .assert_contains(&format!("href=\"/people/{}/journey\"", fx.c1.id))
        .assert_lacks(&format!("/people/{}", fx.r.id))
        .assert_contains("LAC009");
    // The data team opens the linked child's journey (read only).
    data.get(&format!("/people/{}/journey", fx.c1.id))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&fx.c1.name());
}
web_test!(a_child_in_the_return_links_to_their_record);
