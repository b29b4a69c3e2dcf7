//! The social worker's journey: caseload, family, drafts saved and
//! finalised, conflicting saves, and corrections with the chronology "as at".

use crate::client::{Client, Page};
use crate::harness::TestApp;
use hearth_core::event::EventBody;
use hearth_core::ids::RecordId;
use reqwest::StatusCode;
use time::{Date, Duration, OffsetDateTime};

fn today() -> Date {
    OffsetDateTime::now_utc().date()
}

/// The date fields of the record form.
fn date_fields(d: Date) -> [(String, String); 3] {
    [
        ("date-day".into(), d.day().to_string()),
        ("date-month".into(), (d.month() as u8).to_string()),
        ("date-year".into(), d.year().to_string()),
    ]
}

/// Starts a visit draft about `person` and returns its id.
async fn start_visit(c: &Client, person: impl std::fmt::Display) -> String {
    let res = c
        .post(&format!("/people/{person}/drafts"), &[("kind", "visit")])
        .await;
    let to = res.redirect();
    let id = to
        .strip_prefix("/drafts/")
        .unwrap_or_else(|| panic!("draft redirect to {to}"))
        .to_string();
    uuid::Uuid::parse_str(&id).expect("draft id is a UUID");
    id
}

/// A visit form: `extra` pairs are added after the dates.
fn visit_form(
    version: &str,
    action: &str,
    d: Date,
    extra: &[(&str, &str)],
) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = vec![
        ("version".into(), version.into()),
        ("action".into(), action.into()),
    ];
    f.extend(date_fields(d));
    f.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    f
}

async fn post_owned(c: &Client, path: &str, form: &[(String, String)]) -> Page {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    c.post(path, &pairs).await
}

async fn social_worker_journey(app: &TestApp) {
    let fx = &app.fx;
    let c = Client::sign_in(app, fx.a.username).await;
    let c1 = fx.c1.id.to_string();

    // My work lists C1 on A's caseload, with the fixture visit.
    let home = c.get("/").await;
    home.assert_status(StatusCode::OK)
        .assert_contains("My caseload")
        .assert_contains(&format!("href=\"/people/{c1}\""))
        .assert_contains(&fx.c1.name())
        .assert_contains("My unit")
        .assert_contains(fx.f1_name);

    // The whole family on one screen.
    let family = c.get(&format!("/families/{}", fx.f1)).await;
    family.assert_status(StatusCode::OK);
    for who in [&fx.c1, &fx.c2, &fx.m, &fx.father, &fx.r] {
        family.assert_contains(&who.name());
    }
    family
        .assert_contains(&format!("{} is parent of {}", fx.m.name(), fx.c1.name()))
        .assert_contains(&format!(
            "{} is parent of {}",
            fx.father.name(),
            fx.c1.name()
        ))
        .assert_contains(&format!("{} is sibling of {}", fx.c1.name(), fx.c2.name()))
        .assert_contains(fx.warning_category)
        .assert_contains(fx.warning_detail)
        .assert_contains(fx.household_line1)
        .assert_contains("North assessment team")
        .assert_contains("North unit one");
    // The father does not live in the household.
    let household = &family.body[family.body.find("Households").unwrap()..];
    let household = &household[..household.find("The team around").unwrap()];
    assert!(household.contains(&fx.m.name()));
    assert!(
        !household.contains(&fx.father.name()),
        "non-resident father"
    );

    // Start a visit draft and save what was typed.
    let draft = start_visit(&c, &c1).await;
    let page = c.get(&format!("/drafts/{draft}")).await;
    page.assert_status(StatusCode::OK)
        .assert_contains("Record a visit");
    let version = page.input("version").unwrap();
    assert_eq!(version, "1");
    let typed = "Saw Zephyrine at home; she showed me her drawings of the park";
    let form = visit_form(
        &version,
        "save",
        today(),
        &[
            ("title", "Weekly home visit"),
            ("about", &c1),
            ("seen", &c1),
            ("seen_alone", &c1),
            ("location", "Family home"),
            ("direct_work_minutes", "45"),
            ("body", typed),
        ],
    );
    let saved = post_owned(&c, &format!("/drafts/{draft}"), &form).await;
    saved
        .assert_status(StatusCode::OK)
        .assert_contains("Your draft has been saved.")
        .assert_contains(typed);
    assert_eq!(saved.input("version").unwrap(), "2");
    let reloaded = c.get(&format!("/drafts/{draft}")).await;
    reloaded
        .assert_contains(typed)
        .assert_contains("value=\"Weekly home visit\"");
    let stored = app
        .store
        .draft(uuid::Uuid::parse_str(&draft).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.fields.get("body").map(String::as_str), Some(typed));
    assert_eq!(stored.version, 2);
    // The draft is listed on My work.
    c.get("/")
        .await
        .assert_contains(&format!("/drafts/{draft}"))
        .assert_contains("Weekly home visit");

    // Finalise with everything required.
    let events = app.store.event_count().await.unwrap();
    let form = visit_form(
        "2",
        "finalise",
        today(),
        &[
            ("title", "Weekly home visit"),
            ("about", &c1),
            ("seen", &c1),
            ("seen", &fx.m.id.to_string()),
            ("seen_alone", &c1),
            ("location", "Family home"),
            ("direct_work_minutes", "45"),
            ("body", typed),
            ("childs_words", "I drew the swings"),
        ],
    );
    let done = post_owned(&c, &format!("/drafts/{draft}"), &form).await;
    let to = done.redirect();
    let rid: RecordId = to
        .strip_prefix("/records/")
        .unwrap_or_else(|| panic!("finalise redirected to {to}"))
        .parse()
        .unwrap();
    assert_eq!(app.store.event_count().await.unwrap(), events + 1);
    let record = app.store.record(rid).await.unwrap().expect("record stored");
    assert_eq!(record.title, "Weekly home visit");
    assert_eq!(record.author, fx.a.id);
    assert_eq!(record.about, vec![fx.c1.id]);
    let visit = record.visit.expect("visit details");
    assert_eq!(visit.seen.len(), 2);
    assert_eq!(visit.direct_work_minutes, 45);
    let stored = app
        .store
        .draft(uuid::Uuid::parse_str(&draft).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.finalised_record, Some(rid));
    assert!(app
        .store
        .events_about(fx.c1.id.0)
        .await
        .unwrap()
        .iter()
        .any(|e| matches!(&e.body, EventBody::CaseRecordFinalised { record } if record.id == rid)));

    c.get(&to)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("Weekly home visit")
        .assert_contains(typed)
        .assert_contains("I drew the swings")
        .assert_contains("Ava Testworker");
    // The finalised draft now leads to its record.
    assert_eq!(c.get(&format!("/drafts/{draft}")).await.redirect(), to);
    c.get(&format!("/people/{c1}/chronology"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("Weekly home visit")
        .assert_contains(fx.visit_title);

    // A finalise with the body missing: 422, the error summary, the typed
    // title kept, and the draft saved.
    let draft2 = start_visit(&c, &c1).await;
    let form = visit_form(
        "1",
        "finalise",
        today(),
        &[
            ("title", "Unannounced visit"),
            ("about", &c1),
            ("seen", &c1),
            ("location", "School"),
            ("body", ""),
        ],
    );
    let events = app.store.event_count().await.unwrap();
    let failed = post_owned(&c, &format!("/drafts/{draft2}"), &form).await;
    failed
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("govuk-error-summary")
        .assert_contains("There is a problem")
        .assert_contains("Enter what happened on the visit")
        .assert_contains("value=\"Unannounced visit\"")
        .assert_contains("value=\"School\"");
    assert_eq!(
        app.store.event_count().await.unwrap(),
        events,
        "nothing finalised"
    );
    let stored = app
        .store
        .draft(uuid::Uuid::parse_str(&draft2).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.fields.get("title").map(String::as_str),
        Some("Unannounced visit")
    );
    assert_eq!(stored.finalised_record, None);
    assert_eq!(stored.version, 2);
    c.get(&format!("/drafts/{draft2}"))
        .await
        .assert_contains("value=\"Unannounced visit\"");

    // A date in the future is refused in plain words.
    let tomorrow = today() + Duration::days(1);
    let form = visit_form(
        "2",
        "finalise",
        tomorrow,
        &[
            ("title", "Unannounced visit"),
            ("about", &c1),
            ("seen", &c1),
            ("location", "School"),
            ("body", "Something happened"),
        ],
    );
    post_owned(&c, &format!("/drafts/{draft2}"), &form)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("The date cannot be in the future");
}
web_test!(social_worker_journey);

/// Two people load the same draft version: the first save wins, the
/// second gets 409 with their own text kept on screen.
async fn draft_conflict(app: &TestApp) {
    let fx = &app.fx;
    let a = Client::sign_in(app, fx.a.username).await;
    let colleague = Client::sign_in(app, fx.colleague.username).await;
    let c1 = fx.c1.id.to_string();
    let draft = start_visit(&a, &c1).await;
    let path = format!("/drafts/{draft}");

    let a_page = a.get(&path).await;
    let col_page = colleague.get(&path).await;
    col_page.assert_status(StatusCode::OK);
    let (va, vc) = (
        a_page.input("version").unwrap(),
        col_page.input("version").unwrap(),
    );
    assert_eq!(va, vc);

    let first = "Text typed first by worker A about the visit";
    let second = "Text typed second by the unit colleague about the visit";
    let common = |body: &'static str| {
        vec![
            ("title", "Shared visit"),
            ("about", c1.as_str()),
            ("seen", c1.as_str()),
            ("location", "Family home"),
            ("body", body),
        ]
    };
    let saved = post_owned(&a, &path, &visit_form(&va, "save", today(), &common(first))).await;
    saved.assert_status(StatusCode::OK);

    let clash = post_owned(
        &colleague,
        &path,
        &visit_form(&vc, "save", today(), &common(second)),
    )
    .await;
    clash
        .assert_status(StatusCode::CONFLICT)
        .assert_contains(second)
        .assert_contains(first)
        .assert_contains("Ava Testworker saved this draft")
        .assert_contains("There is a problem");
    // The conflict page carries the current version, so a deliberate
    // second save succeeds.
    assert_eq!(clash.input("version").unwrap(), "2");

    let stored = app
        .store
        .draft(uuid::Uuid::parse_str(&draft).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.fields.get("body").map(String::as_str), Some(first));
    assert_eq!(stored.version, 2);
    assert_eq!(stored.updated_by, fx.a.id);

    // Finalising from a stale version is refused too, and keeps the text.
    let stale = post_owned(
        &colleague,
        &path,
        &visit_form(&vc, "finalise", today(), &common(second)),
    )
    .await;
    stale
        .assert_status(StatusCode::CONFLICT)
        .assert_contains(second);
    assert!(app
        .store
        .draft(uuid::Uuid::parse_str(&draft).unwrap())
        .await
        .unwrap()
        .unwrap()
        .finalised_record
        .is_none());

    // Autosave reports the conflict as 409 as well.
    let auto = colleague
        .post(
            &format!("/drafts/{draft}/autosave"),
            &[("version", vc.as_str()), ("body", second)],
        )
        .await;
    auto.assert_status(StatusCode::CONFLICT);
    let ok = a
        .post(
            &format!("/drafts/{draft}/autosave"),
            &[("version", "2"), ("body", first), ("title", "Shared visit")],
        )
        .await;
    ok.assert_status(StatusCode::OK);
    assert_eq!(ok.json()["version"], 3);
}
web_test!(draft_conflict);

/// A correction supersedes a record with a reason; both stay in the
/// history, and the chronology "as at" yesterday shows the original.
async fn correction_and_as_at(app: &TestApp) {
    let fx = &app.fx;
    let c = Client::sign_in(app, fx.a.username).await;
    let c1 = fx.c1.id.to_string();
    let old = format!("/records/{}", fx.visit);

    let form_page = c.get(&format!("{old}/correct")).await;
    form_page
        .assert_status(StatusCode::OK)
        .assert_contains("Correct a record")
        .assert_contains(&format!("value=\"{}\"", fx.visit_title));

    let fields = |reason: &str| {
        let mut f = vec![("reason".to_string(), reason.to_string())];
        f.extend(date_fields(fx.visit_on));
        f.extend(
            [
                ("title", "Corrected fixture visit"),
                ("about", c1.as_str()),
                ("seen", c1.as_str()),
                ("location", "Family home"),
                ("direct_work_minutes", "40"),
                (
                    "body",
                    "Saw the children at home; corrected account of the visit",
                ),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string())),
        );
        f
    };

    // No reason: refused, nothing written, what was typed kept.
    let events = app.store.event_count().await.unwrap();
    let no_reason = post_owned(&c, &format!("{old}/correct"), &fields("")).await;
    no_reason
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("Enter the reason for the correction")
        .assert_contains("value=\"Corrected fixture visit\"");
    assert_eq!(app.store.event_count().await.unwrap(), events);

    let res = post_owned(
        &c,
        &format!("{old}/correct"),
        &fields("The wrong child was named as seen alone"),
    )
    .await;
    let new = res.redirect();
    let new_id: RecordId = new.strip_prefix("/records/").unwrap().parse().unwrap();
    assert_ne!(new_id, fx.visit);
    assert_eq!(app.store.event_count().await.unwrap(), events + 1);
    let old_rec = app.store.record(fx.visit).await.unwrap().unwrap();
    assert_eq!(old_rec.superseded_by, Some(new_id));
    let new_rec = app.store.record(new_id).await.unwrap().unwrap();
    assert_eq!(new_rec.supersedes, Some(fx.visit));
    assert_eq!(
        new_rec.correction_reason.as_deref(),
        Some("The wrong child was named as seen alone")
    );

    c.get(&old)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("This version has been corrected")
        .assert_contains(&format!("href=\"/records/{new_id}\""))
        .assert_lacks("Correct this record");
    c.get(&new)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("Corrected fixture visit")
        .assert_contains("This record corrects an earlier version")
        .assert_contains("The wrong child was named as seen alone")
        .assert_contains("Earlier versions")
        .assert_contains(&format!("href=\"/records/{}\"", fx.visit));

    // Correcting the old version again is refused: correct the latest.
    let again = post_owned(&c, &format!("{old}/correct"), &fields("A second go")).await;
    assert_ne!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
    assert!(again.status.is_client_error());
    assert_eq!(app.store.event_count().await.unwrap(), events + 1);

    let chron = format!("/people/{c1}/chronology");
    c.get(&chron)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("Corrected fixture visit")
        .assert_lacks(fx.visit_title);
    c.get(&format!("{chron}?superseded=yes"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("Corrected fixture visit")
        .assert_contains(fx.visit_title)
        .assert_contains("Correction: The wrong child was named as seen alone");

    // As the record stood yesterday: the original visit, uncorrected.
    let yesterday = today() - Duration::days(1);
    let as_at = format!(
        "{chron}?as_at={:04}-{:02}-{:02}",
        yesterday.year(),
        yesterday.month() as u8,
        yesterday.day()
    );
    let then = c.get(&as_at).await;
    then.assert_status(StatusCode::OK)
        .assert_contains(fx.visit_title)
        .assert_lacks("Corrected fixture visit")
        .assert_lacks("govuk-tag--grey\">Corrected");
    // Before the visit was recorded it is not there at all.
    let before = fx.visit_on - Duration::days(2);
    let earlier = c
        .get(&format!(
            "{chron}?as_at={:04}-{:02}-{:02}",
            before.year(),
            before.month() as u8,
            before.day()
        ))
        .await;
    earlier
        .assert_status(StatusCode::OK)
        .assert_lacks(fx.visit_title)
        .assert_contains("Record opened");
    // A nonsense date is explained, not a failure.
    c.get(&format!("{chron}?as_at=last-tuesday"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("date like 2026-03-31");
}
web_test!(correction_and_as_at);

/// A curated chronology entry: a bad one comes back with the error summary
/// and what was typed; a good one appears in the chronology.
async fn curated_chronology_entries(app: &TestApp) {
    let fx = &app.fx;
    let c = Client::sign_in(app, fx.a.username).await;
    let path = format!("/people/{}/chronology/entries", fx.c1.id);
    let bad = c
        .post(
            &path,
            &[
                ("date", "2026-02-30"),
                ("summary", "Synthetic entry kept on error"),
            ],
        )
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("There is a problem")
        .assert_contains("Synthetic entry kept on error")
        .assert_contains("2026-02-30");
    let good = c
        .post(
            &path,
            &[
                ("date", "2026-02-03"),
                ("summary", "Synthetic curated entry"),
                ("significant", "yes"),
            ],
        )
        .await;
    assert_eq!(good.redirect(), format!("/people/{}/chronology", fx.c1.id));
    c.get(&format!("/people/{}/chronology", fx.c1.id))
        .await
        .assert_contains("Synthetic curated entry");
}
web_test!(curated_chronology_entries);
