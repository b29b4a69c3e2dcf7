//! Sign-in, sessions, rate limiting, CSRF, security headers, and errors that
//! never reach a user as a panic.

use crate::client::{get_with_cookie, Client};
use crate::fixture::PASSWORD;
use crate::harness::TestApp;
use reqwest::StatusCode;

/// Wrong and unknown credentials get the same GOV.UK error summary; the
/// right ones issue a new session cookie (HttpOnly, SameSite) that stops
/// working at sign-out.
async fn sign_in_and_out(app: &TestApp) {
    let c = Client::new(app);
    let page = c.get("/sign-in").await;
    page.assert_status(StatusCode::OK)
        .assert_contains("Sign in to Hearth");
    let anonymous = page
        .session_cookie()
        .expect("GET /sign-in starts an anonymous session");
    let token = page.csrf();

    // Wrong password for a real user.
    let wrong = c
        .post_raw(
            "/sign-in",
            &[
                ("csrf_token", &token),
                ("username", "sw.a"),
                ("password", "not-the-password-at-all"),
            ],
        )
        .await;
    wrong
        .assert_status(StatusCode::BAD_REQUEST)
        .assert_contains("govuk-error-summary")
        .assert_contains("There is a problem")
        .assert_contains("Enter a correct username and password")
        .assert_contains(r#"name="username" type="text" value="sw.a""#);
    assert!(
        wrong.session_cookie().is_none(),
        "no new session on failure"
    );

    // An unknown user gets exactly the same message.
    let unknown = c
        .post_raw(
            "/sign-in",
            &[
                ("csrf_token", &token),
                ("username", "nobody.at.all"),
                ("password", PASSWORD),
            ],
        )
        .await;
    unknown
        .assert_status(StatusCode::BAD_REQUEST)
        .assert_contains("There is a problem")
        .assert_contains("Enter a correct username and password")
        .assert_contains(r#"value="nobody.at.all""#);

    // Empty fields are named.
    let empty = c
        .post_raw(
            "/sign-in",
            &[("csrf_token", &token), ("username", ""), ("password", "")],
        )
        .await;
    empty
        .assert_status(StatusCode::BAD_REQUEST)
        .assert_contains("Enter your username")
        .assert_contains("Enter your password");

    // The right password.
    let ok = c
        .post_raw(
            "/sign-in",
            &[
                ("csrf_token", &token),
                ("username", "SW.A"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(ok.redirect(), "/");
    let set = ok
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("hearth_session="))
        .expect("sign-in sets the session cookie");
    assert!(set.contains("HttpOnly"), "cookie must be HttpOnly: {set}");
    assert!(set.contains("SameSite="), "cookie must set SameSite: {set}");
    assert!(set.contains("Path=/"), "cookie must cover the app: {set}");
    let signed_in = ok.session_cookie().unwrap();
    assert!(!signed_in.is_empty());
    assert_ne!(
        signed_in, anonymous,
        "the session must be renewed at sign-in"
    );

    // The new cookie opens "/", the anonymous one no longer exists.
    let home = c.get("/").await;
    home.assert_status(StatusCode::OK)
        .assert_contains("My work")
        .assert_contains("Ava Testworker");
    let old = get_with_cookie(app, "/", &anonymous).await;
    assert_eq!(old.redirect(), "/sign-in");

    // The sign-in and the refusals are audited.
    let audit = app.store.audit_recent(50).await.unwrap();
    assert!(audit
        .iter()
        .any(|e| e.what == "signed_in" && e.actor == Some(app.fx.a.id)));
    assert!(
        audit.iter().filter(|e| e.what == "sign_in_refused").count() >= 2,
        "both refused sign-ins are audited"
    );

    // Signing out needs the CSRF token, ends the session and clears the cookie.
    let out = c
        .post_raw("/sign-out", &[("csrf_token", &home.csrf())])
        .await;
    assert_eq!(out.redirect(), "/sign-in");
    assert!(out
        .set_cookies()
        .iter()
        .any(|c| c.starts_with("hearth_session=;") && c.contains("Max-Age=0")));
    let after = get_with_cookie(app, "/", &signed_in).await;
    assert_eq!(
        after.redirect(),
        "/sign-in",
        "the old cookie must not open / after sign-out"
    );
    assert_eq!(c.get("/").await.redirect(), "/sign-in");
    let audit = app.store.audit_recent(50).await.unwrap();
    assert!(audit
        .iter()
        .any(|e| e.what == "signed_out" && e.actor == Some(app.fx.a.id)));
}
web_test!(sign_in_and_out);

/// Five failures for one username lock it, even against the right password.
async fn sign_in_rate_limit(app: &TestApp) {
    let c = Client::new(app);
    let token = c.get("/sign-in").await.csrf();
    for i in 0..5 {
        let res = c
            .post_raw(
                "/sign-in",
                &[
                    ("csrf_token", &token),
                    ("username", "sw.b"),
                    ("password", &format!("wrong-password-number-{i}")),
                ],
            )
            .await;
        res.assert_status(StatusCode::BAD_REQUEST);
    }
    let sixth = c
        .post_raw(
            "/sign-in",
            &[
                ("csrf_token", &token),
                ("username", "sw.b"),
                ("password", PASSWORD),
            ],
        )
        .await;
    sixth
        .assert_status(StatusCode::TOO_MANY_REQUESTS)
        .assert_contains("Too many attempts");
    assert!(sixth.session_cookie().is_none(), "no session when locked");
    assert_eq!(c.get("/").await.redirect(), "/sign-in");

    // The lock is per username: another user on the same address signs in.
    let other = Client::sign_in(app, "sw.a").await;
    other.get("/").await.assert_status(StatusCode::OK);
}
web_test!(sign_in_rate_limit);

/// A signed-in POST without the CSRF token, or with a wrong one, is
/// refused before the handler runs and writes nothing.
async fn csrf_is_required(app: &TestApp) {
    let fx = &app.fx;
    let c = Client::sign_in(app, "sw.a").await;
    let path = format!("/people/{}/warnings/new", fx.c1.id);
    let next_year = (time::OffsetDateTime::now_utc().year() + 1).to_string();
    let fields = [
        ("category", "Test risk category"),
        ("detail", "Synthetic warning detail for the CSRF test"),
        ("review-day", "1"),
        ("review-month", "6"),
        ("review-year", next_year.as_str()),
    ];
    let events = app.store.event_count().await.unwrap();
    let drafts = app.store.open_drafts(fx.a.id).await.unwrap().len();

    let without = c.post_raw(&path, &fields).await;
    // Refused, nothing saved, and what was typed is shown back to copy.
    without
        .assert_status(StatusCode::FORBIDDEN)
        .assert_contains("Your session has ended")
        .assert_contains("Synthetic warning detail for the CSRF test");

    let mut wrong = vec![("csrf_token", "not-the-right-token")];
    wrong.extend_from_slice(&fields);
    c.post_raw(&path, &wrong)
        .await
        .assert_status(StatusCode::FORBIDDEN);

    // A token of the right shape from another session is still wrong.
    let other = Client::sign_in(app, "sw.colleague").await;
    let mut stolen = vec![("csrf_token", other.csrf.as_str())];
    stolen.extend_from_slice(&fields);
    c.post_raw(&path, &stolen)
        .await
        .assert_status(StatusCode::FORBIDDEN);

    let draft_path = format!("/people/{}/drafts", fx.c1.id);
    c.post_raw(&draft_path, &[("kind", "visit")])
        .await
        .assert_status(StatusCode::FORBIDDEN);

    // Without any session at all.
    Client::new(app)
        .post_raw(&path, &wrong)
        .await
        .assert_status(StatusCode::FORBIDDEN);

    assert_eq!(
        app.store.event_count().await.unwrap(),
        events,
        "nothing written"
    );
    assert_eq!(app.store.open_drafts(fx.a.id).await.unwrap().len(), drafts);

    // The same form with the session's token is accepted and written.
    let ok = c.post(&path, &fields).await;
    assert_eq!(ok.redirect(), format!("/people/{}", fx.c1.id));
    assert_eq!(app.store.event_count().await.unwrap(), events + 1);
    c.get(&format!("/people/{}", fx.c1.id))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("Synthetic warning detail for the CSRF test");
}
web_test!(csrf_is_required);

/// Every page carries strict security headers and a request id, and the
/// request id is written to the audit trail.
async fn security_headers(app: &TestApp) {
    let c = Client::sign_in(app, "sw.a").await;
    let fx = &app.fx;
    let mut ids = Vec::new();
    for path in [
        "/sign-in".to_string(),
        "/".into(),
        format!("/people/{}", fx.c1.id),
    ] {
        let page = c.get(&path).await;
        assert!(
            page.status.is_success() || page.status.is_redirection(),
            "{path}"
        );
        let h = |name: &str| {
            page.headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_else(|| panic!("{path}: header {name} missing"))
                .to_string()
        };
        let csp = h("content-security-policy");
        assert!(csp.contains("default-src 'self'"), "{csp}");
        assert!(csp.contains("script-src 'self'"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert!(!csp.contains("unsafe-eval"), "{csp}");
        assert_eq!(h("x-content-type-options"), "nosniff");
        assert_eq!(h("x-frame-options"), "DENY");
        assert!(!h("referrer-policy").is_empty());
        assert!(h("cache-control").contains("no-store"));
        let rid = h("x-request-id");
        assert!(uuid::Uuid::parse_str(&rid).is_ok(), "request id {rid}");
        ids.push(rid);
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3, "each request has its own id");

    // The person page's read is audited under its request id.
    let page = c.get(&format!("/people/{}", fx.c1.id)).await;
    let rid = page.headers["x-request-id"].to_str().unwrap().to_string();
    let audit = app.store.audit_for_subject(fx.c1.id.0, 50).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.request_id.as_deref() == Some(rid.as_str()) && e.what == "read_record"),
        "an audit row carries request id {rid}"
    );

    // The API and the health check carry them too.
    let health = c.get("/health").await;
    assert!(health.headers.contains_key("x-request-id"));
    assert!(health.headers.contains_key("content-security-policy"));
}
web_test!(security_headers);

/// Malformed ids and unknown records give a 4xx answer, never a 500.
async fn bad_paths_are_client_errors(app: &TestApp) {
    let c = Client::sign_in(app, "sw.a").await;
    for path in [
        "/people/not-a-uuid",
        "/people/not-a-uuid/chronology",
        "/people/12345/access-log",
        "/families/not-a-uuid",
        "/records/not-a-uuid",
        "/drafts/not-a-uuid",
        "/people/%00%ff",
    ] {
        let page = c.get(path).await;
        assert!(
            page.status.is_client_error(),
            "{path} gave {} (want 4xx): {}",
            page.status,
            page.body
        );
        // A page a person can act on, not a bare text error.
        page.assert_contains("govuk-heading-l");
    }
    let api = c.get("/api/v1/people/not-a-uuid").await;
    assert!(api.status.is_client_error(), "{}", api.status);
    assert!(
        api.content_type().starts_with("application/problem+json"),
        "{}",
        api.content_type()
    );
    let draft = c
        .post("/people/not-a-uuid/drafts", &[("kind", "visit")])
        .await;
    assert!(draft.status.is_client_error(), "{}", draft.status);

    // Well-formed ids of nothing: a GOV.UK "Page not found".
    let nothing = uuid::Uuid::new_v4();
    for path in [
        format!("/people/{nothing}"),
        format!("/families/{nothing}"),
        format!("/records/{nothing}"),
        format!("/drafts/{nothing}"),
        "/no/such/page".to_string(),
    ] {
        c.get(&path)
            .await
            .assert_status(StatusCode::NOT_FOUND)
            .assert_contains("Page not found");
    }
}
web_test!(bad_paths_are_client_errors);

/// What a practitioner types is shown as text, never run as markup.
async fn typed_text_is_escaped(app: &TestApp) {
    let fx = &app.fx;
    let c = Client::sign_in(app, fx.a.username).await;
    let c1 = fx.c1.id.to_string();
    let to = c
        .post(&format!("/people/{c1}/drafts"), &[("kind", "case_note")])
        .await
        .redirect();
    let evil = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    let saved = c
        .post(
            &to,
            &[
                ("version", "1"),
                ("action", "save"),
                ("title", evil),
                ("about", &c1),
                ("body", evil),
            ],
        )
        .await;
    saved.assert_status(StatusCode::OK);
    assert!(!saved.body.contains("<script>alert"), "{}", saved.body);
    assert!(!saved.body.contains("<img src=x"), "{}", saved.body);
    assert!(
        saved.body.contains("&#60;script&#62;alert(1)"),
        "{}",
        saved.body
    );
    let search = c.get("/search?q=%3Cscript%3Ealert(3)%3C/script%3E").await;
    search.assert_status(StatusCode::OK);
    assert!(!search.body.contains("<script>alert(3)"));
}
web_test!(typed_text_is_escaped);

/// A signed-in browser's cookie does not work on the JSON API (which has
/// no CSRF check): the API answers only to bearer tokens.
async fn api_ignores_session_cookies(app: &TestApp) {
    let fx = &app.fx;
    let c = Client::sign_in(app, fx.a.username).await;
    let me = c.get("/api/v1/me").await;
    me.assert_status(StatusCode::UNAUTHORIZED);
    let events = app.store.event_count().await.unwrap();
    let res = c
        .http
        .post(format!("{}/api/v1/people/{}/records", c.base, fx.c1.id))
        .json(&serde_json::json!({
            "kind": "case_note",
            "date": "2026-01-05",
            "title": "Cross-site write attempt",
            "body": "Should never be written"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.store.event_count().await.unwrap(), events);
}
web_test!(api_ignores_session_cookies);
