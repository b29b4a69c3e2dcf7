//! The JSON API: bearer tokens, problem details, the same chokepoint as the
//! pages, recording, the OpenAPI document and the health check.

use crate::client::{Api, Page};
use crate::harness::{Kind, TestApp};
use hearth_core::ids::UserId;
use reqwest::StatusCode;
use serde_json::json;

async fn token_for(app: &TestApp, user: UserId) -> String {
    let token = hearth_web::session::random_token();
    app.store
        .add_api_token(&hearth_web::session::token_hash(&token), user)
        .await
        .unwrap();
    token
}

#[track_caller]
fn assert_problem(res: &Page, status: StatusCode) {
    assert_eq!(res.status, status, "{}", res.body);
    assert!(
        res.content_type().starts_with("application/problem+json"),
        "content type {:?}",
        res.content_type()
    );
    let body = res.json();
    assert_eq!(body["status"], status.as_u16(), "{body}");
    assert!(
        body["title"].as_str().is_some_and(|t| !t.is_empty()),
        "{body}"
    );
    assert!(body["detail"].is_string(), "{body}");
}

async fn json_api(app: &TestApp) {
    let fx = &app.fx;
    let c1 = fx.c1.id;

    // No token, or a made-up one: 401 problem details.
    let anon = Api::new(app, None);
    let res = anon.get("/api/v1/me").await;
    assert_problem(&res, StatusCode::UNAUTHORIZED);
    assert_eq!(
        res.headers
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok()),
        Some("Bearer")
    );
    assert_problem(
        &Api::new(app, Some("made-up-token")).get("/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
    );
    assert_problem(
        &anon.get(&format!("/api/v1/people/{c1}")).await,
        StatusCode::UNAUTHORIZED,
    );

    let a = Api::new(app, Some(&token_for(app, fx.a.id).await));
    let b = Api::new(app, Some(&token_for(app, fx.b.id).await));

    let me = a.get("/api/v1/me").await;
    me.assert_status(StatusCode::OK);
    assert!(me.content_type().starts_with("application/json"));
    let me = me.json();
    assert_eq!(me["username"], fx.a.username);
    assert_eq!(me["display_name"], fx.a.name);
    assert_eq!(me["id"], fx.a.id.to_string());

    // A reads C1; B is refused (and the refusal audited).
    let person = a.get(&format!("/api/v1/people/{c1}")).await;
    person.assert_status(StatusCode::OK);
    let person = person.json();
    assert_eq!(person["person"]["id"], c1.to_string());
    assert_eq!(person["lead_practitioner"], fx.a.id.to_string());
    let rels = person["relationships"].as_array().unwrap();
    assert_eq!(rels.len(), 3, "two parents and a sibling: {rels:?}");
    assert!(rels
        .iter()
        .any(|r| r["other"] == fx.m.id.to_string() && r["parental_responsibility"] == true));
    assert_problem(
        &b.get(&format!("/api/v1/people/{c1}")).await,
        StatusCode::FORBIDDEN,
    );
    let audit = app.store.audit_for_subject(c1.0, 50).await.unwrap();
    assert!(audit
        .iter()
        .any(|e| e.actor == Some(fx.b.id) && e.outcome == hearth_core::audit::Outcome::Refused));

    // The caseload.
    let caseload = a.get("/api/v1/caseload").await.json();
    assert!(caseload["children"]
        .as_array()
        .unwrap()
        .iter()
        .any(|ch| ch["id"] == c1.to_string() && ch["last_visit"].is_string()));

    // Recording a visit through the API.
    let today = time::OffsetDateTime::now_utc().date();
    let date = format!(
        "{:04}-{:02}-{:02}",
        today.year(),
        today.month() as u8,
        today.day()
    );
    let visit = json!({
        "kind": "visit",
        "date": date,
        "title": "Visit recorded through the API",
        "body": "Synthetic body of a visit sent by an API client",
        "seen": [c1],
        "seen_alone": [c1],
        "location": "School",
        "direct_work_minutes": 30
    });
    let events = app.store.event_count().await.unwrap();
    let created = a
        .post_json(&format!("/api/v1/people/{c1}/records"), &visit)
        .await;
    created.assert_status(StatusCode::CREATED);
    let record = created.json();
    let rid = record["record"]["id"].as_str().unwrap().to_string();
    assert_eq!(record["record"]["author"], fx.a.id.to_string());
    assert_eq!(app.store.event_count().await.unwrap(), events + 1);
    assert!(app
        .store
        .record(rid.parse().unwrap())
        .await
        .unwrap()
        .is_some());

    let chron = a.get(&format!("/api/v1/people/{c1}/chronology")).await;
    chron.assert_status(StatusCode::OK);
    let entries = chron.json()["entries"].as_array().unwrap().clone();
    assert!(entries.iter().any(
        |e| e["summary"] == "Visit recorded through the API" && e["record_id"] == rid.as_str()
    ));
    let records = a.get(&format!("/api/v1/people/{c1}/records")).await.json();
    assert!(records["records"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == rid.as_str()));

    // Bad input: malformed JSON, a wrong field, an invalid record.
    let path = format!("/api/v1/people/{c1}/records");
    assert_problem(
        &a.post_body(&path, "application/json", "{\"kind\": \"visit\", ")
            .await,
        StatusCode::BAD_REQUEST,
    );
    assert_problem(
        &a.post_body(&path, "application/json", "{\"kind\": 7}")
            .await,
        StatusCode::BAD_REQUEST,
    );
    assert_problem(
        &a.post_body(&path, "text/plain", "hello").await,
        StatusCode::BAD_REQUEST,
    );
    let mut no_body = visit.clone();
    no_body["body"] = json!("");
    assert_problem(&a.post_json(&path, &no_body).await, StatusCode::BAD_REQUEST);
    let mut bad_date = visit.clone();
    bad_date["date"] = json!("31/03/2026");
    assert_problem(
        &a.post_json(&path, &bad_date).await,
        StatusCode::BAD_REQUEST,
    );
    // B may not write to C1; the anonymous caller is asked to sign in.
    assert_problem(&b.post_json(&path, &visit).await, StatusCode::FORBIDDEN);
    assert_problem(
        &anon.post_json(&path, &visit).await,
        StatusCode::UNAUTHORIZED,
    );
    assert_eq!(
        app.store.event_count().await.unwrap(),
        events + 1,
        "nothing else written"
    );

    // Unknown routes and people are problem details too.
    assert_problem(&a.get("/api/v1/no-such-thing").await, StatusCode::NOT_FOUND);
    assert_problem(
        &a.get(&format!("/api/v1/people/{}", uuid::Uuid::new_v4()))
            .await,
        StatusCode::NOT_FOUND,
    );

    // The OpenAPI document.
    let doc = anon.get("/api/v1/openapi.json").await;
    doc.assert_status(StatusCode::OK);
    let doc = doc.json();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3."),
        "{}",
        doc["openapi"]
    );
    assert!(doc["paths"]["/people/{id}"]["get"].is_object());
    assert!(doc["paths"]["/people/{id}/records"]["post"].is_object());
    assert!(doc["paths"]["/people/{id}/chronology"]["get"].is_object());

    // The health check.
    let health = anon.get("/health").await;
    health.assert_status(StatusCode::OK);
    let health = health.json();
    assert_eq!(health["status"], "ok");
    assert_eq!(
        health["database"],
        match app.kind {
            Kind::Sqlite => "SQLite",
            Kind::Postgres => "PostgreSQL",
        }
    );

    // A token of a disabled user stops working.
    app.store.disable_credential(fx.a.id).await.unwrap();
    assert_problem(&a.get("/api/v1/me").await, StatusCode::UNAUTHORIZED);
}
web_test!(json_api);

/// A practitioner who may write about C1 but is not named on restricted R
/// cannot name R in a record through the API, nor learn R's id from the
/// family.
async fn api_keeps_restricted_children_out(app: &TestApp) {
    let fx = &app.fx;
    let colleague = Api::new(app, Some(&token_for(app, fx.colleague.id).await));
    let path = format!("/api/v1/people/{}/records", fx.c1.id);
    let note = json!({
        "kind": "case_note",
        "date": "2026-01-10",
        "title": "Synthetic joint note",
        "body": "Written about two children.",
        "about": [fx.c1.id, fx.r.id]
    });
    let res = colleague.post_json(&path, &note).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let about = res.json()["record"]["about"].clone();
    assert_eq!(about, json!([fx.c1.id]), "R must not be named");
    let family = colleague.get(&format!("/api/v1/families/{}", fx.f1)).await;
    assert_eq!(family.status, StatusCode::OK);
    assert!(!family.body.contains(&fx.r.id.to_string()), "R's id leaked");
}
web_test!(api_keeps_restricted_children_out);

/// The warnings register and the organisation through the API: B, who
/// cannot open M's record, still reads the warning about M.
async fn api_warnings_and_teams(app: &TestApp) {
    let fx = &app.fx;
    let b = Api::new(app, Some(&token_for(app, fx.b.id).await));
    let res = b
        .get(&format!(
            "/api/v1/warnings?q={}",
            fx.m.name().replace(' ', "+")
        ))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let body = res.json();
    let warnings = body["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w["category"] == fx.warning_category),
        "{body}"
    );
    assert_problem(
        &b.get(&format!("/api/v1/people/{}", fx.m.id)).await,
        StatusCode::FORBIDDEN,
    );
    let teams = b.get("/api/v1/teams").await;
    assert_eq!(teams.status, StatusCode::OK);
    assert!(teams.json()["teams"].as_array().unwrap().len() >= 3);
}
web_test!(api_warnings_and_teams);

/// Changing the record through the API: open a family, add people (with the
/// duplicate check), relate them, add a warning; each refused where the
/// pages would refuse it.
async fn api_writes(app: &TestApp) {
    let fx = &app.fx;
    let a = Api::new(app, Some(&token_for(app, fx.a.id).await));
    let b = Api::new(app, Some(&token_for(app, fx.b.id).await));
    // A family for one of A's teams; not for B's team.
    let fam = a
        .post_json(
            "/api/v1/families",
            &json!({"name": "Synthetic API family", "team": fx.north_team}),
        )
        .await;
    assert_eq!(fam.status, StatusCode::CREATED, "{}", fam.body);
    let fid = fam.json()["family"].as_str().unwrap().to_string();
    assert_problem(
        &a.post_json(
            "/api/v1/families",
            &json!({"name": "Elsewhere", "team": fx.south_team}),
        )
        .await,
        StatusCode::BAD_REQUEST,
    );
    // A person: a near duplicate of C2 is reported first, then created on confirmation.
    let c2 = &fx.c2;
    let details = json!({"given_names": c2.given, "family_name": c2.family, "date_of_birth": c2.dob.to_string()});
    let path = format!("/api/v1/families/{fid}/people");
    let dup = a
        .post_json(&path, &json!({"kind": "child", "details": details}))
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT, "{}", dup.body);
    assert!(dup.body.contains(&c2.id.to_string()));
    let child = a
        .post_json(
            &path,
            &json!({"kind": "child", "details": details, "confirm_new": true}),
        )
        .await;
    assert_eq!(child.status, StatusCode::CREATED, "{}", child.body);
    let child_id = child.json()["person"].as_str().unwrap().to_string();
    let adult = a
        .post_json(&path, &json!({"kind": "adult", "details": {"given_names": "Synthia", "family_name": "Apiparent"}}))
        .await;
    assert_eq!(adult.status, StatusCode::CREATED, "{}", adult.body);
    let adult_id = adult.json()["person"].as_str().unwrap().to_string();
    // A relationship between them; not with someone outside the family.
    let rels = format!("/api/v1/families/{fid}/relationships");
    let rel = a
        .post_json(&rels, &json!({"from": adult_id, "to": child_id, "kind": "parent", "parental_responsibility": true, "quality": "close"}))
        .await;
    assert_eq!(rel.status, StatusCode::CREATED, "{}", rel.body);
    assert_problem(
        &a.post_json(
            &rels,
            &json!({"from": adult_id, "to": fx.c1.id, "kind": "sibling"}),
        )
        .await,
        StatusCode::BAD_REQUEST,
    );
    // B does not work with the family.
    assert_problem(
        &b.post_json(
            &rels,
            &json!({"from": adult_id, "to": child_id, "kind": "carer"}),
        )
        .await,
        StatusCode::FORBIDDEN,
    );
    // A warning note, with a review date in the future.
    let warn = format!("/api/v1/people/{adult_id}/warnings");
    let next_year = time::OffsetDateTime::now_utc().date().year() + 1;
    let w = a
        .post_json(&warn, &json!({"category": "Synthetic risk", "detail": "Visit in pairs.", "review_on": format!("{next_year}-01-15")}))
        .await;
    assert_eq!(w.status, StatusCode::CREATED, "{}", w.body);
    assert_problem(
        &a.post_json(
            &warn,
            &json!({"category": "x", "detail": "y", "review_on": "2000-01-01"}),
        )
        .await,
        StatusCode::BAD_REQUEST,
    );
    let person = a.get(&format!("/api/v1/people/{adult_id}")).await;
    assert!(person.body.contains("Synthetic risk"));
}
web_test!(api_writes);

/// The journey through the API: a step recorded in JSON, its return checks
/// in the answer, amended by id, and read back with its due dates.
async fn api_journey(app: &TestApp) {
    let fx = &app.fx;
    let c1 = fx.c1.id;
    let a = Api::new(app, Some(&token_for(app, fx.a.id).await));
    let path = format!("/api/v1/people/{c1}/journey");
    let made = a
        .post_json(
            &path,
            &json!({"step": "section47", "episode": null, "start": "2025-12-19",
                    "icpc_target": null, "icpc_date": null, "icpc_not_required": "false"}),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let body = made.json();
    let sid = body["step"]["id"].as_str().unwrap().to_string();
    assert!(body["return_checks"].is_array());
    let read = a.get(&path).await.json();
    assert_eq!(read["steps"].as_array().unwrap().len(), 1);
    assert_eq!(read["due"][0]["due"], "2026-01-14");
    let amended = a
        .post_json(
            &path,
            &json!({"id": sid, "step": "section47", "episode": null, "start": "2025-12-19",
                    "icpc_target": "2026-01-14", "icpc_date": "2026-01-12", "icpc_not_required": "false"}),
        )
        .await;
    assert_eq!(amended.status, StatusCode::CREATED, "{}", amended.body);
    let read = a.get(&path).await.json();
    assert_eq!(
        read["steps"].as_array().unwrap().len(),
        1,
        "amended, not added"
    );
    assert_eq!(read["due"][0]["done"], "2026-01-12");
    assert_problem(
        &a.post_json(&path, &json!({"step": "no_such_step"})).await,
        StatusCode::BAD_REQUEST,
    );
    let b = Api::new(app, Some(&token_for(app, fx.b.id).await));
    assert_problem(&b.get(&path).await, StatusCode::FORBIDDEN);
}
web_test!(api_journey);

/// Practice records through the API: written, read back, amended only from
/// the version read, malformed content and strangers refused.
async fn api_practice(app: &TestApp) {
    let fx = &app.fx;
    let f1 = fx.f1;
    let a = Api::new(app, Some(&token_for(app, fx.a.id).await));
    let path = format!("/api/v1/families/{f1}/practice");
    let made = a
        .post_json(
            &path,
            &json!({"on": "2026-10-01", "about": [fx.c1.id],
                    "tool": {"tool": "scaling", "question": "How safe?", "one_point_higher": "",
                             "ratings": [{"role": "parent", "person": fx.m.id, "practitioner": null,
                                          "name": "Mum", "score": 4, "why": "Calmer"}]}}),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let rec = made.json()["record"].clone();
    let pid = rec["id"].as_str().unwrap().to_string();
    assert_eq!(rec["version"], 1);
    let read = a.get(&format!("{path}?tool=scaling")).await.json();
    assert_eq!(read["records"][0]["tool"]["ratings"][0]["score"], 4);
    assert_eq!(read["records"][0]["on"], "2026-10-01");
    // A score out of range is the domain's refusal, as a problem.
    let bad = a
        .post_json(
            &path,
            &json!({"tool": {"tool": "scaling", "question": "How safe?", "one_point_higher": "",
                    "ratings": [{"role": "child", "person": null, "practitioner": null, "name": "Jay", "score": 12, "why": ""}]}}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
    assert!(bad.body.contains("between 0 and 10"), "{}", bad.body);
    // Amended from version 1; a second amendment from version 1 is refused.
    let amend = json!({"id": pid, "version": 1,
        "tool": {"tool": "scaling", "question": "How safe?", "one_point_higher": "",
                 "ratings": [{"role": "parent", "person": fx.m.id, "practitioner": null, "name": "Mum", "score": 6, "why": ""}]}});
    let ok = a.post_json(&path, &amend).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(ok.json()["record"]["version"], 2);
    let stale = a.post_json(&path, &amend).await;
    assert_eq!(stale.status, StatusCode::BAD_REQUEST, "{}", stale.body);
    assert!(
        stale.body.contains("Someone else changed this record"),
        "{}",
        stale.body
    );
    let one = a.get(&format!("{path}/{pid}")).await.json();
    assert_eq!(one["record"]["tool"]["ratings"][0]["score"], 6);
    // Not JSON a tool can be read from: a problem naming what to send.
    let junk = a
        .post_json(&path, &json!({"tool": {"tool": "nonsense"}}))
        .await;
    assert_eq!(junk.status, StatusCode::BAD_REQUEST, "{}", junk.body);
    // Someone with no link to the family is refused.
    let b = Api::new(app, Some(&token_for(app, fx.b.id).await));
    assert_eq!(b.get(&path).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        b.post_json(&path, &amend).await.status,
        StatusCode::FORBIDDEN
    );
}
web_test!(api_practice);
