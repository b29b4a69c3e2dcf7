//! The leadership's pages beside the outcomes: the enablers self-audit,
//! comparator figures (with a CSV upload that saves all or nothing) and the
//! anonymous staff pulse.

use crate::client::Client;
use crate::harness::TestApp;
use hearth_core::council::Item;
use hearth_core::event::EventBody;
use hearth_insight::enablers::ITEMS;
use reqwest::StatusCode;

async fn a_manager_saves_a_self_audit_round_and_reads_it(app: &TestApp) {
    let fx = &app.fx;
    let manager = Client::sign_in(app, fx.manager.username).await;
    manager
        .get("/outcomes/self-audit/new")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("Strategic approach")
        .assert_contains("Manageable caseloads");
    // A round without its ratings is refused, each missing one named.
    let mut form: Vec<(String, String)> = vec![("round".into(), "Spring 2026".into())];
    manager
        .post("/outcomes/self-audit/new", &[("round", "Spring 2026")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("There is a problem")
        .assert_contains("Strategic approach: choose a rating from 1 to 4");
    for (k, item) in ITEMS.iter().enumerate() {
        form.push((format!("{}-rating", item.id), (1 + k % 4).to_string()));
    }
    form.push((
        "enabler_workforce-evidence".into(),
        "Turnover down for two years running".into(),
    ));
    form.push((
        "enabler_workforce-action".into(),
        "Grow our own: a second cohort of apprentices".into(),
    ));
    form.push(("enabler_workforce-owner".into(), "Workforce lead".into()));
    form.push(("enabler_workforce-due-day".into(), "30".into()));
    form.push(("enabler_workforce-due-month".into(), "9".into()));
    form.push(("enabler_workforce-due-year".into(), "2026".into()));
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let saved = manager.post("/outcomes/self-audit/new", &pairs).await;
    let location = saved.redirect();
    assert!(location.starts_with("/outcomes/self-audit/"), "{location}");
    manager
        .get(&location)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("Spring 2026")
        .assert_contains("Turnover down for two years running")
        .assert_contains("Grow our own: a second cohort of apprentices")
        .assert_contains("Workforce lead")
        .assert_contains("href=\"/outcomes#turnover_rate\"");
    manager
        .get("/outcomes/self-audit")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("Spring 2026");
    // Stored as one self-audit record, by the manager.
    let records = app.store.council_where("item", "self_audit").await.unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].author, Some(fx.manager.id));
    let Item::SelfAudit(a) = &records[0].item else {
        panic!()
    };
    assert_eq!(a.ratings.len(), ITEMS.len());
    // The data team reads the rounds but does not write them.
    let data = Client::sign_in(app, fx.data.username).await;
    data.get(&location).await.assert_status(StatusCode::OK);
    data.get("/outcomes/self-audit/new")
        .await
        .assert_status(StatusCode::FORBIDDEN);
}
web_test!(a_manager_saves_a_self_audit_round_and_reads_it);

async fn a_social_worker_and_a_partner_are_refused_the_self_audit(app: &TestApp) {
    let fx = &app.fx;
    for user in [&fx.a, &fx.partner] {
        let c = Client::sign_in(app, user.username).await;
        c.get("/outcomes/self-audit")
            .await
            .assert_status(StatusCode::FORBIDDEN);
        c.get("/outcomes/comparators")
            .await
            .assert_status(StatusCode::FORBIDDEN);
        c.post("/outcomes/self-audit/new", &[("round", "Mine")])
            .await
            .assert_status(StatusCode::FORBIDDEN);
        // Each refusal is audited under their name.
        let audit = app
            .store
            .audit_for_subject(hearth_web::authz::kind_subject("self_audit"), 50)
            .await
            .unwrap();
        assert!(
            audit
                .iter()
                .any(|e| e.actor == Some(user.id)
                    && e.outcome == hearth_core::audit::Outcome::Refused)
        );
    }
    assert!(app
        .store
        .council_where("item", "self_audit")
        .await
        .unwrap()
        .is_empty());
}
web_test!(a_social_worker_and_a_partner_are_refused_the_self_audit);

async fn a_comparator_file_with_a_bad_line_saves_nothing(app: &TestApp) {
    let fx = &app.fx;
    let data = Client::sign_in(app, fx.data.username).await;
    data.get("/outcomes/comparators")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("Upload a file of figures");
    let bad = "council,measure,year,value,source\n\
               Statistical neighbours,turnover_rate,2025,14.1,DfE workforce 2025\n\
               Statistical neighbours,staff_happiness,2025,lots,\n";
    let page = data
        .post_files(
            "/outcomes/comparators/upload",
            &[],
            &[("file", "neighbours.csv", bad.as_bytes().to_vec())],
            true,
        )
        .await;
    page.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("There is a problem")
        .assert_contains("Line 3, measure: &#34;staff_happiness&#34; is not a measure id")
        .assert_contains("Line 3, value: &#34;lots&#34; is not a number")
        .assert_contains("Line 3, source: enter where the figure was published");
    assert!(app
        .store
        .council_where("item", "comparator")
        .await
        .unwrap()
        .is_empty());
    // The same file put right is saved whole, and shown.
    let good = "council,measure,year,value,source\n\
                Statistical neighbours,turnover_rate,2025,14.1,DfE workforce 2025\n\
                Statistical neighbours,agency_rate,2025,15.5,DfE workforce 2025\n";
    let saved = data
        .post_files(
            "/outcomes/comparators/upload",
            &[],
            &[("file", "neighbours.csv", good.as_bytes().to_vec())],
            true,
        )
        .await;
    assert_eq!(saved.redirect(), "/outcomes/comparators?saved=2");
    data.get("/outcomes/comparators?saved=2")
        .await
        .assert_contains("2 comparator figures saved")
        .assert_contains("14.1%")
        .assert_contains("Social worker turnover");
    assert_eq!(
        app.store
            .council_where("item", "comparator")
            .await
            .unwrap()
            .len(),
        2
    );
}
web_test!(a_comparator_file_with_a_bad_line_saves_nothing);

async fn a_pulse_answer_is_saved_without_who_gave_it(app: &TestApp) {
    let fx = &app.fx;
    let a = Client::sign_in(app, fx.a.username).await;
    a.get("/pulse")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("I get the training I need");
    let team = fx.north_team.to_string();
    let page = a
        .post(
            "/pulse",
            &[
                ("team", team.as_str()),
                ("q1", "2"),
                ("q2", "4"),
                ("q3", "5"),
                ("q4", "3"),
            ],
        )
        .await;
    page.assert_status(StatusCode::OK)
        .assert_contains("saved without your name");
    let records = app.store.council_where("item", "pulse").await.unwrap();
    assert_eq!(records.len(), 1);
    let r = &records[0];
    assert_eq!(r.author, None);
    let Item::Pulse(p) = &r.item else { panic!() };
    assert_eq!(p.answers, vec![2, 4, 5, 3]);
    assert_eq!(p.team_id, fx.north_team);
    // Nowhere in the record, its journal event or the audit trail of the
    // pulse is the person named.
    let me = fx.a.id.to_string();
    assert!(!serde_json::to_string(r).unwrap().contains(&me));
    let events = app.store.events_after(0, 100_000).await.unwrap();
    let event = events
        .iter()
        .find(|e| matches!(&e.body, EventBody::CouncilRecorded { record } if record.id == r.id))
        .unwrap();
    assert_eq!(event.actor, None);
    assert!(!serde_json::to_string(&event.body).unwrap().contains(&me));
    let audit = app
        .store
        .audit_for_subject(hearth_web::authz::kind_subject("pulse"), 50)
        .await
        .unwrap();
    assert!(audit.len() >= 2, "the form and the answer are audited");
    assert!(audit
        .iter()
        .all(|e| e.actor.is_none() && e.request_id.is_none()));
    // An answer missing one is refused and nothing more is saved.
    a.post("/pulse", &[("team", team.as_str()), ("q1", "2")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("Choose an answer from 1 to 5");
    // A team that is not theirs is refused.
    let other = fx.south_team.to_string();
    a.post(
        "/pulse",
        &[
            ("team", other.as_str()),
            ("q1", "2"),
            ("q2", "2"),
            ("q3", "2"),
            ("q4", "2"),
        ],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("Choose one of your teams");
    assert_eq!(
        app.store
            .council_where("item", "pulse")
            .await
            .unwrap()
            .len(),
        1
    );
}
web_test!(a_pulse_answer_is_saved_without_who_gave_it);

async fn a_partner_is_refused_the_pulse(app: &TestApp) {
    let fx = &app.fx;
    let partner = Client::sign_in(app, fx.partner.username).await;
    partner
        .get("/pulse")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let team = fx.north_team.to_string();
    partner
        .post(
            "/pulse",
            &[
                ("team", team.as_str()),
                ("q1", "1"),
                ("q2", "1"),
                ("q3", "1"),
                ("q4", "1"),
            ],
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
    assert!(app
        .store
        .council_where("item", "pulse")
        .await
        .unwrap()
        .is_empty());
    // A refusal names who was refused.
    let audit = app
        .store
        .audit_for_subject(hearth_web::authz::kind_subject("pulse"), 50)
        .await
        .unwrap();
    assert!(audit.iter().any(|e| e.actor == Some(fx.partner.id)));
}
web_test!(a_partner_is_refused_the_pulse);
