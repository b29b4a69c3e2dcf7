//! The authorisation chokepoint seen from outside: who may open what, the
//! audit trail it leaves, break-glass access, restricted records, and the
//! warnings register.

use crate::client::Client;
use crate::harness::TestApp;
use hearth_core::audit::Outcome;
use reqwest::StatusCode;

async fn who_may_open_a_record(app: &TestApp) {
    let fx = &app.fx;
    let c1 = format!("/people/{}", fx.c1.id);
    let r = format!("/people/{}", fx.r.id);

    // A, the lead practitioner, reads C1 and (by named grant) R.
    let a = Client::sign_in(app, fx.a.username).await;
    a.get(&c1)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&fx.c1.name())
        .assert_contains("Who has viewed this record");
    a.get(&r)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&fx.r.name())
        .assert_contains("restricted record");

    // B (South) has no link to the family: refused, with a way to break glass.
    let b = Client::sign_in(app, fx.b.username).await;
    let refused = b.get(&c1).await;
    refused
        .assert_status(StatusCode::FORBIDDEN)
        .assert_contains("You cannot open this record")
        .assert_contains("You do not work with this child")
        .assert_contains(&format!("href=\"{c1}/break-glass\""))
        .assert_lacks(&fx.c1.name());
    let audit = app.store.audit_for_subject(fx.c1.id.0, 100).await.unwrap();
    assert!(
        audit.iter().any(|e| e.actor == Some(fx.b.id)
            && e.what == "read_record"
            && e.outcome == Outcome::Refused
            && e.basis.as_deref() == Some("no_relationship")),
        "B's refusal is audited: {audit:?}"
    );
    b.get(&format!("/families/{}", fx.f1))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    b.get(&format!("{c1}/chronology"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    b.get(&format!("/records/{}", fx.visit))
        .await
        .assert_status(StatusCode::FORBIDDEN);

    // Break-glass needs a real reason, then opens the record.
    b.get(&format!("{c1}/break-glass"))
        .await
        .assert_status(StatusCode::OK);
    b.post(&format!("{c1}/break-glass"), &[("reason", "urgent")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("There is a problem");
    b.get(&c1).await.assert_status(StatusCode::FORBIDDEN);
    let reason = "Duty cover for the North team on an urgent call";
    let glass = b
        .post(&format!("{c1}/break-glass"), &[("reason", reason)])
        .await;
    assert_eq!(glass.redirect(), c1);
    b.get(&c1)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&fx.c1.name());
    let audit = app.store.audit_for_subject(fx.c1.id.0, 100).await.unwrap();
    assert!(audit.iter().any(|e| e.actor == Some(fx.b.id)
        && e.what == "break_glass"
        && e.outcome == Outcome::Allowed
        && e.reason.as_deref() == Some(reason)));
    assert!(audit.iter().any(|e| e.actor == Some(fx.b.id)
        && e.what == "read_record"
        && e.outcome == Outcome::Allowed
        && e.basis.as_deref() == Some("break_glass")));

    // The restricted child R stays closed to B, break-glass or not, and
    // offers no break-glass link.
    let closed = b.get(&r).await;
    closed
        .assert_status(StatusCode::FORBIDDEN)
        .assert_contains("restricted record")
        .assert_lacks("break-glass")
        .assert_lacks(&fx.r.name());
    b.post(&format!("{r}/break-glass"), &[("reason", reason)])
        .await
        .assert_status(StatusCode::FORBIDDEN);
    b.get(&r).await.assert_status(StatusCode::FORBIDDEN);
    let r_audit = app.store.audit_for_subject(fx.r.id.0, 100).await.unwrap();
    assert!(r_audit.iter().any(|e| e.actor == Some(fx.b.id)
        && e.what == "break_glass"
        && e.outcome == Outcome::Refused));
    assert!(!app.store.has_break_glass(fx.b.id, fx.r.id.0).await.unwrap());

    // Search lists C1 for B but never R; A (granted) finds R.
    let found = b.get("/search?q=Testington").await;
    found
        .assert_status(StatusCode::OK)
        .assert_contains(&fx.c1.name())
        .assert_contains(&fx.c2.name())
        .assert_contains(&fx.m.name())
        .assert_lacks(&fx.r.name())
        .assert_lacks(&fx.r.id.to_string())
        .assert_lacks("restricted record");
    b.get("/search?q=Rowanetta")
        .await
        .assert_status(StatusCode::OK)
        .assert_lacks(&fx.r.name())
        .assert_lacks(&fx.r.id.to_string());
    a.get("/search?q=Rowanetta Testington")
        .await
        .assert_contains(&fx.r.name());
    // ... nor does the family page name R to B after break-glass.
    let fam = b.get(&format!("/families/{}", fx.f1)).await;
    fam.assert_status(StatusCode::OK)
        .assert_contains(&fx.c1.name())
        .assert_lacks(&fx.r.id.to_string())
        .assert_lacks(&fx.r.name());

    // The manager of the North service reads C1 and its access log, which
    // names B's refusal and break-glass and A's view.
    let manager = Client::sign_in(app, fx.manager.username).await;
    manager.get(&c1).await.assert_status(StatusCode::OK);
    let log = manager.get(&format!("{c1}/access-log")).await;
    log.assert_status(StatusCode::OK)
        .assert_contains("Who has viewed this record")
        .assert_contains(fx.b.name)
        .assert_contains(fx.a.name)
        .assert_contains("Break-glass access")
        .assert_contains("Refused")
        .assert_contains("Viewed the record")
        .assert_contains(reason);
    let rows: Vec<&str> = log.body.split("<tr class=\"govuk-table__row\">").collect();
    assert!(rows.iter().any(|row| row.contains(fx.b.name)
        && row.contains("Viewed the record")
        && row.contains("Refused")));
    assert!(rows.iter().any(|row| row.contains(fx.a.name)
        && row.contains("Viewed the record")
        && row.contains("Allowed")));
    let audit = app.store.audit_for_subject(fx.c1.id.0, 100).await.unwrap();
    assert!(audit.iter().any(|e| e.actor == Some(fx.manager.id)
        && e.what == "read_record"
        && e.basis.as_deref() == Some("service")));

    // B, even with break-glass, may not read the access log; A (lead) may.
    b.get(&format!("{c1}/access-log"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    a.get(&format!("{c1}/access-log"))
        .await
        .assert_status(StatusCode::OK);
    // A unit colleague reads the record but not its access log.
    let colleague = Client::sign_in(app, fx.colleague.username).await;
    colleague.get(&c1).await.assert_status(StatusCode::OK);
    colleague
        .get(&format!("{c1}/access-log"))
        .await
        .assert_status(StatusCode::FORBIDDEN);

    // The administrator sees no case records.
    let admin = Client::sign_in(app, fx.admin.username).await;
    admin
        .get(&c1)
        .await
        .assert_status(StatusCode::FORBIDDEN)
        .assert_contains("Your role does not allow this")
        .assert_lacks("break-glass");
    admin
        .get(&format!("/families/{}", fx.f1))
        .await
        .assert_status(StatusCode::FORBIDDEN);

    // The data team reads but never writes.
    let data = Client::sign_in(app, fx.data.username).await;
    data.get(&c1)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&fx.c1.name());
    let events = app.store.event_count().await.unwrap();
    data.post(&format!("{c1}/drafts"), &[("kind", "visit")])
        .await
        .assert_status(StatusCode::FORBIDDEN);
    assert!(app.store.open_drafts(fx.data.id).await.unwrap().is_empty());
    data.post(
        &format!("/families/{}/people/new", fx.f1),
        &[
            ("given_names", "Datateam"),
            ("family_name", "Shouldnotexist"),
            ("kind", "adult"),
            ("confirm_new", "yes"),
        ],
    )
    .await
    .assert_status(StatusCode::FORBIDDEN);
    assert_eq!(app.store.event_count().await.unwrap(), events);

    // The front door finds C1 by name but cannot open the record.
    let front = Client::sign_in(app, fx.front_door.username).await;
    front
        .get(&format!("/search?q={}", fx.c1.given))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&fx.c1.name())
        .assert_contains(&format!("href=\"{c1}\""));
    front.get(&c1).await.assert_status(StatusCode::FORBIDDEN);
    let audit = app.store.audit_for_subject(fx.c1.id.0, 200).await.unwrap();
    assert!(audit.iter().any(|e| e.actor == Some(fx.front_door.id)
        && e.what == "read_identity"
        && e.basis.as_deref() == Some("front_door")));
    assert!(audit.iter().any(|e| e.actor == Some(fx.front_door.id)
        && e.what == "read_record"
        && e.outcome == Outcome::Refused));
}
web_test!(who_may_open_a_record);

/// Anyone who might knock on the door can read a warning note through the
/// register, even where the rest of the record is closed to them.
async fn warnings_register(app: &TestApp) {
    let fx = &app.fx;
    let b = Client::sign_in(app, fx.b.username).await;
    b.get(&format!("/people/{}", fx.m.id))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let reg = b.get(&format!("/warnings?q={}", fx.m.given)).await;
    reg.assert_status(StatusCode::OK)
        .assert_contains("Current warning notes")
        .assert_contains(&fx.m.name())
        .assert_contains(fx.warning_category)
        .assert_contains(fx.warning_detail);
    let audit = app.store.audit_for_subject(fx.m.id.0, 50).await.unwrap();
    assert!(audit.iter().any(|e| e.actor == Some(fx.b.id)
        && e.what == "read_warnings"
        && e.outcome == Outcome::Allowed));

    // People without warnings: no rows.
    b.get(&format!("/warnings?q={}", fx.c2.given))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("No current warning notes")
        .assert_lacks(fx.warning_detail);

    // The administrator does not visit families and does not read them.
    let admin = Client::sign_in(app, fx.admin.username).await;
    admin
        .get(&format!("/warnings?q={}", fx.m.given))
        .await
        .assert_status(StatusCode::OK)
        .assert_lacks(fx.warning_detail);
}
web_test!(warnings_register);

/// A restricted child stays hidden from people who can read the rest of
/// the family: not named on the family page, in the API's family, or in
/// the family chronology (not even the titles of records about them).
async fn restricted_child_hidden_in_family_views(app: &TestApp) {
    let fx = &app.fx;
    let r = fx.r.id.to_string();

    // A (named on R's record) records a visit about R.
    let a = Client::sign_in(app, fx.a.username).await;
    let to = a
        .post(&format!("/people/{r}/drafts"), &[("kind", "visit")])
        .await
        .redirect();
    let today = time::OffsetDateTime::now_utc().date();
    let (d, m, y) = (
        today.day().to_string(),
        (today.month() as u8).to_string(),
        today.year().to_string(),
    );
    let title = "Private visit about the restricted child";
    let done = a
        .post(
            &to,
            &[
                ("version", "1"),
                ("action", "finalise"),
                ("date-day", &d),
                ("date-month", &m),
                ("date-year", &y),
                ("title", title),
                ("about", &r),
                ("seen", &r),
                ("location", "Family home"),
                ("body", "Synthetic body of a restricted visit"),
            ],
        )
        .await;
    let record = done.redirect();
    a.get(&format!("/families/{}/chronology", fx.f1))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(title);
    a.get(&format!("/people/{r}/chronology"))
        .await
        .assert_contains(title);

    // A unit colleague reads the family but not R.
    let colleague = Client::sign_in(app, fx.colleague.username).await;
    colleague
        .get(&format!("/people/{r}"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    colleague
        .get(&record)
        .await
        .assert_status(StatusCode::FORBIDDEN);
    colleague
        .get(&format!("/families/{}", fx.f1))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&fx.c1.name())
        .assert_lacks(&fx.r.name());
    colleague
        .get(&format!("/families/{}/chronology", fx.f1))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(fx.visit_title)
        .assert_lacks(title)
        .assert_lacks(&record);
    // Nor offered as someone to write about.
    let draft = colleague
        .post(
            &format!("/people/{}/drafts", fx.c1.id),
            &[("kind", "visit")],
        )
        .await
        .redirect();
    colleague
        .get(&draft)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&fx.c2.name())
        .assert_lacks(&fx.r.name())
        .assert_lacks(&r);
}
web_test!(restricted_child_hidden_in_family_views);

/// A record about both C1 and the restricted child R is refused to anyone
/// not named on R: its page, C1's list of records, C1's chronology and the
/// API all keep it back.
async fn joint_record_with_restricted_child_is_hidden(app: &TestApp) {
    let fx = &app.fx;
    let (c1, r) = (fx.c1.id.to_string(), fx.r.id.to_string());
    let a = Client::sign_in(app, fx.a.username).await;
    let to = a
        .post(&format!("/people/{c1}/drafts"), &[("kind", "case_note")])
        .await
        .redirect();
    let today = time::OffsetDateTime::now_utc().date();
    let (d, m, y) = (
        today.day().to_string(),
        (today.month() as u8).to_string(),
        today.year().to_string(),
    );
    let title = "Joint note naming the restricted child";
    let body = "Synthetic body that only people named on R may read";
    let record = a
        .post(
            &to,
            &[
                ("version", "1"),
                ("action", "finalise"),
                ("date-day", &d),
                ("date-month", &m),
                ("date-year", &y),
                ("title", title),
                ("about", &c1),
                ("about", &r),
                ("body", body),
            ],
        )
        .await
        .redirect();
    let rid = record.strip_prefix("/records/").unwrap().to_string();
    let stored = app
        .store
        .record(rid.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.about.len(), 2, "about C1 and R");
    a.get(&format!("/people/{c1}")).await.assert_contains(title);

    let colleague = Client::sign_in(app, fx.colleague.username).await;
    colleague
        .get(&record)
        .await
        .assert_status(StatusCode::FORBIDDEN)
        .assert_lacks(body);
    colleague
        .get(&format!("/people/{c1}"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(fx.visit_title)
        .assert_lacks(title);
    colleague
        .get(&format!("/people/{c1}/chronology"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(fx.visit_title)
        .assert_lacks(title);

    let token = hearth_web::session::random_token();
    app.store
        .add_api_token(&hearth_web::session::token_hash(&token), fx.colleague.id)
        .await
        .unwrap();
    let api = crate::client::Api::new(app, Some(&token));
    for path in [
        format!("/api/v1/people/{c1}/records"),
        format!("/api/v1/people/{c1}/chronology"),
    ] {
        let res = api.get(&path).await;
        res.assert_status(StatusCode::OK)
            .assert_contains(fx.visit_title)
            .assert_lacks(title)
            .assert_lacks(body)
            .assert_lacks(&rid);
    }
}
web_test!(joint_record_with_restricted_child_is_hidden);
