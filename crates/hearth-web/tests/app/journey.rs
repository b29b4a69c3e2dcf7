//! The statutory journey pages: recording a step in words and codes, the
//! due dates it sets, and what the return would reject shown beside the field.

use crate::client::Client;
use crate::harness::TestApp;
use reqwest::StatusCode;

/// A CIN episode closed without a reason: saved (the practitioner's words are
/// never lost), and the census's objection is shown beside the field.
async fn recording_a_step_shows_what_the_return_would_reject(app: &TestApp) {
    let fx = &app.fx;
    let a = Client::sign_in(app, fx.a.username).await;
    let child = fx.c1.id;
    let page = a.get(&format!("/people/{child}/journey")).await;
    page.assert_status(StatusCode::OK)
        .assert_contains("Statutory journey")
        .assert_contains("Nothing has been recorded yet");
    a.get(&format!("/people/{child}/journey/new/cin_episode"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("Family in acute stress (N4)");
    // A missing referral date is a GOV.UK error, and nothing is saved.
    let bad = a
        .post(
            &format!("/people/{child}/journey/new/cin_episode"),
            &[("primary_need", "N4")],
        )
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("There is a problem")
        .assert_contains("Enter the referral date");
    let saved = a
        .post(
            &format!("/people/{child}/journey/new/cin_episode"),
            &[
                ("referral_date-day", "2"),
                ("referral_date-month", "6"),
                ("referral_date-year", "2025"),
                ("referral_source", "2A"),
                ("primary_need", "N4"),
                ("referral_nfa", "false"),
                ("closure_date-day", "20"),
                ("closure_date-month", "12"),
                ("closure_date-year", "2025"),
            ],
        )
        .await;
    let step_page = saved.redirect();
    assert!(step_page.contains("/journey/steps/"), "{step_page}");
    let shown = a.get(&step_page).await;
    shown
        .assert_status(StatusCode::OK)
        .assert_contains("Children in need episode (referral to closure) saved")
        .assert_contains("A CIN case cannot have a CIN closure date without a Reason for Closure");
    // The assessment due date follows from the referral: 45 working days.
    a.get(&format!("/people/{child}/journey"))
        .await
        .assert_contains("Assessment authorised (45 working days from the referral)")
        .assert_contains("4 August 2025")
        .assert_contains("Overdue");
    // The child's page says a statutory date has passed.
    a.get(&format!("/people/{child}"))
        .await
        .assert_contains("1 overdue");
    // Amended with a reason for closure, the objection goes.
    let amended = a
        .post(
            &step_page.replace("?saved=1", ""),
            &[
                ("referral_date-day", "2"),
                ("referral_date-month", "6"),
                ("referral_date-year", "2025"),
                ("referral_source", "2A"),
                ("primary_need", "N4"),
                ("referral_nfa", "false"),
                ("closure_date-day", "20"),
                ("closure_date-month", "12"),
                ("closure_date-year", "2025"),
                ("closure_reason", "RC7"),
            ],
        )
        .await;
    a.get(&amended.redirect())
        .await
        .assert_lacks("A CIN case cannot have a CIN closure date without a Reason for Closure")
        .assert_contains("Services ceased for any other reason");
    // Someone outside the family's team cannot record on this child.
    let b = Client::sign_in(app, fx.b.username).await;
    b.get(&format!("/people/{child}/journey/new/cin_episode"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
}
web_test!(recording_a_step_shows_what_the_return_would_reject);
