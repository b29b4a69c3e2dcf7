//! The practice tools' pages: mapping and scaling recorded, amended, shown as
//! a trend and taken out; refused to people with no link to the family; and
//! records about a restricted child kept from those not named on it.

use crate::client::Client;
use crate::harness::TestApp;
use reqwest::StatusCode;

async fn a_mapping_is_recorded_carried_on_and_removed(app: &TestApp) {
    let fx = &app.fx;
    let a = Client::sign_in(app, fx.a.username).await;
    let f1 = fx.f1;
    a.get(&format!("/families/{f1}"))
        .await
        .assert_contains(&format!("/families/{f1}/practice"));
    a.get(&format!("/families/{f1}/practice"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("Mapping")
        .assert_contains("Not used yet");
    // Nothing written: a GOV.UK error, nothing saved.
    a.post(
        &format!("/families/{f1}/mapping/new"),
        &[("on-day", "3"), ("on-month", "11"), ("on-year", "2026")],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("There is a problem")
    .assert_contains("Write something in at least one part of the mapping");
    let c1 = fx.c1.id.to_string();
    let saved = a
        .post(
            &format!("/families/{f1}/mapping/new"),
            &[
                ("on-day", "3"),
                ("on-month", "11"),
                ("on-year", "2026"),
                ("about", &c1),
                ("participants", "Mum and Nan"),
                (
                    "harm",
                    "- Bruise on arm seen by school\nMissed health appointments",
                ),
                ("strengths", "Nan collects the children every Friday"),
            ],
        )
        .await;
    assert_eq!(saved.redirect(), format!("/families/{f1}/mapping"));
    let page = a.get(&format!("/families/{f1}/mapping")).await;
    page.assert_status(StatusCode::OK)
        .assert_contains("Latest mapping, 3 November 2026")
        .assert_contains("<li>Bruise on arm seen by school</li>")
        .assert_contains("<li>Missed health appointments</li>")
        .assert_contains("Nan collects the children every Friday")
        .assert_contains(&fx.c1.name());
    let link = page
        .body
        .split(&format!("/families/{f1}/mapping/"))
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .find(|s| *s != "new")
        .expect("a link to carry on the mapping")
        .to_string();
    let edit = format!("/families/{f1}/mapping/{link}");
    // Carried on from the version it was opened at.
    a.post(
        &edit,
        &[
            ("version", "1"),
            ("on-day", "3"),
            ("on-month", "11"),
            ("on-year", "2026"),
            ("harm", "Bruise on arm seen by school"),
            (
                "safety_goals",
                "Mum will ring Nan when she feels overwhelmed",
            ),
        ],
    )
    .await
    .redirect();
    a.get(&format!("/families/{f1}/mapping"))
        .await
        .assert_contains("Mum will ring Nan when she feels overwhelmed")
        .assert_lacks("Missed health appointments");
    // A second editor still on version 1 is told, not silently overwritten.
    a.post(
        &edit,
        &[
            ("version", "1"),
            ("on-day", "3"),
            ("on-month", "11"),
            ("on-year", "2026"),
            ("harm", "An older edit"),
        ],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("Someone else changed this record while you were editing it")
    .assert_contains("An older edit");
    // Someone with no link to the family is refused (and it is audited).
    let b = Client::sign_in(app, fx.b.username).await;
    b.get(&format!("/families/{f1}/mapping"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    b.get(&edit).await.assert_status(StatusCode::FORBIDDEN);
    // Removed with a reason: no longer shown.
    let remove = format!("/families/{f1}/practice/{link}/remove");
    a.post(&remove, &[("reason", "")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("Enter why the record is being removed");
    a.post(&remove, &[("reason", "Recorded on the wrong family")])
        .await
        .redirect();
    a.get(&format!("/families/{f1}/mapping"))
        .await
        .assert_contains("No mapping has been recorded")
        .assert_lacks("Mum will ring Nan");
}
web_test!(a_mapping_is_recorded_carried_on_and_removed);

async fn scaling_over_time_shows_the_trend_and_a_drop(app: &TestApp) {
    let fx = &app.fx;
    let a = Client::sign_in(app, fx.a.username).await;
    let f1 = fx.f1;
    let mum = fx.m.id.to_string();
    let r = fx.r.id.to_string();
    let form = a.get(&format!("/families/{f1}/scaling/new")).await;
    form.assert_status(StatusCode::OK)
        .assert_contains("where are things today")
        .assert_contains(&fx.m.name());
    let q = "How safe are the children at home?";
    for (day, month, mum_score, worker) in [("5", "1", "3", "2"), ("5", "4", "6", "5")] {
        a.post(
            &format!("/families/{f1}/scaling/new"),
            &[
                ("on-day", day),
                ("on-month", month),
                ("on-year", "2026"),
                ("question", q),
                (&format!("{mum}-score"), mum_score),
                (&format!("{mum}-why"), "Things are calmer"),
                ("worker-score", worker),
                ("other1-name", "School"),
                ("other1-role", "partner"),
                ("other1-score", ""),
            ],
        )
        .await
        .redirect();
    }
    let page = a.get(&format!("/families/{f1}/scaling")).await;
    page.assert_status(StatusCode::OK)
        .assert_contains("<svg class=\"hearth-chart\"")
        .assert_contains(&format!("{}: 3 on Jan 2026, 6 on Apr 2026", fx.m.name()))
        .assert_contains("Up 3 since first")
        .assert_lacks("Score dropped");
    // A score out of range is refused with a message beside the field.
    a.post(
        &format!("/families/{f1}/scaling/new"),
        &[
            ("on-day", "5"),
            ("on-month", "5"),
            ("on-year", "2026"),
            ("question", q),
            (&format!("{mum}-score"), "11"),
        ],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("score must be a whole number from 0 to 10");
    // A drop is flagged; a score from the restricted child is kept from a
    // colleague who is not named on R's record.
    a.post(
        &format!("/families/{f1}/scaling/new"),
        &[
            ("on-day", "5"),
            ("on-month", "6"),
            ("on-year", "2026"),
            ("question", q),
            (&format!("{mum}-score"), "4"),
            (&format!("{r}-score"), "7"),
        ],
    )
    .await
    .redirect();
    a.get(&format!("/families/{f1}/scaling"))
        .await
        .assert_contains(&format!(
            "Score dropped: {} has gone from 6 to 4",
            fx.m.name()
        ))
        .assert_contains(&fx.r.name());
    let colleague = Client::sign_in(app, fx.colleague.username).await;
    colleague
        .get(&format!("/families/{f1}/scaling"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("Up 3 since first")
        .assert_lacks(&fx.r.name())
        .assert_lacks("Score dropped");
}
web_test!(scaling_over_time_shows_the_trend_and_a_drop);

/// An adult specialist added to the family: on its team (so they can open
/// the record), linked to the adults, with a warning when one worker has both
/// the victim and the person causing harm.
async fn adult_specialists_join_the_family_team(app: &TestApp) {
    let fx = &app.fx;
    let a = Client::sign_in(app, fx.a.username).await;
    let f1 = fx.f1;
    let spec = Client::sign_in(app, fx.specialist.username).await;
    spec.get(&format!("/families/{f1}"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let page = a.get(&format!("/families/{f1}/specialists")).await;
    page.assert_status(StatusCode::OK)
        .assert_contains("No adult specialist is working with this family")
        .assert_contains("Dana Specialist");
    let (mum, dad) = (fx.m.id.to_string(), fx.father.id.to_string());
    let specialist = fx.specialist.id.to_string();
    // No adult chosen: refused with a message, nothing saved.
    a.post(
        &format!("/families/{f1}/specialists"),
        &[
            ("specialist", &specialist),
            ("specialism", "domestic_abuse"),
            ("start-day", "1"),
            ("start-month", "11"),
            ("start-year", "2026"),
        ],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("Choose at least one adult");
    a.post(
        &format!("/families/{f1}/specialists"),
        &[
            ("specialist", &specialist),
            ("specialism", "domestic_abuse"),
            (&format!("adult-{mum}"), "victim"),
            ("focus", "Safety planning"),
            ("start-day", "1"),
            ("start-month", "11"),
            ("start-year", "2026"),
        ],
    )
    .await
    .redirect();
    let page = a.get(&format!("/families/{f1}/specialists")).await;
    page.assert_contains(&format!("{} (victim-survivor)", fx.m.name()))
        .assert_lacks("needs a separate worker");
    // On the family's team now, so the specialist can open the family.
    spec.get(&format!("/families/{f1}"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("Domestic abuse specialist");
    // The same worker for the person causing harm: warned.
    a.post(
        &format!("/families/{f1}/specialists"),
        &[
            ("specialist", &specialist),
            ("specialism", "domestic_abuse"),
            (&format!("adult-{dad}"), "perpetrator"),
            ("start-day", "2"),
            ("start-month", "11"),
            ("start-year", "2026"),
        ],
    )
    .await
    .redirect();
    a.get(&format!("/families/{f1}/specialists"))
        .await
        .assert_contains(&format!(
        "Dana Specialist is working with both {} (victim-survivor) and {} (person causing harm)",
        fx.m.name(),
        fx.father.name()
    ));
}
web_test!(adult_specialists_join_the_family_team);

/// A partner agency sees only what was shared with it, while the sharing is
/// in force, never the family's record, and never a restricted child.
async fn a_partner_sees_only_what_is_shared(app: &TestApp) {
    let fx = &app.fx;
    let a = Client::sign_in(app, fx.a.username).await;
    let f1 = fx.f1;
    let partner = Client::sign_in(app, fx.partner.username).await;
    partner
        .get(&format!("/families/{f1}"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    partner
        .get("/shared")
        .await
        .assert_contains("Nothing is shared with you");
    // A mapping to share, and one to keep back (scaling is not shared).
    a.post(
        &format!("/families/{f1}/mapping/new"),
        &[
            ("on-day", "2"),
            ("on-month", "11"),
            ("on-year", "2026"),
            ("strengths", "The children love their football club"),
        ],
    )
    .await
    .redirect();
    let mum = fx.m.id.to_string();
    a.post(
        &format!("/families/{f1}/scaling/new"),
        &[
            ("on-day", "2"),
            ("on-month", "11"),
            ("on-year", "2026"),
            ("question", "How safe?"),
            (&format!("{mum}-score"), "4"),
        ],
    )
    .await
    .redirect();
    let partner_id = fx.partner.id.to_string();
    // Consent basis without whose consent: refused beside the field.
    a.post(
        &format!("/families/{f1}/sharing/new"),
        &[
            ("agency", "Hillside Primary School"),
            ("partner", &partner_id),
            ("items", "summary"),
            ("items", "mapping"),
            ("purpose", "So school can support the safety plan"),
            ("basis", "consent"),
            ("from-day", "1"),
            ("from-month", "11"),
            ("from-year", "2026"),
        ],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("Choose who gave their consent");
    a.post(
        &format!("/families/{f1}/sharing/new"),
        &[
            ("agency", "Hillside Primary School"),
            ("partner", &partner_id),
            ("items", "summary"),
            ("items", "mapping"),
            ("purpose", "So school can support the safety plan"),
            ("basis", "consent"),
            ("consent_from", &mum),
            ("from-day", "1"),
            ("from-month", "11"),
            ("from-year", "2026"),
        ],
    )
    .await
    .redirect();
    let list = partner.get("/shared").await;
    list.assert_contains("Hillside Primary School");
    let link = list
        .body
        .split("href=\"/shared/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a link to the shared family")
        .to_string();
    let shared = partner.get(&format!("/shared/{link}")).await;
    shared
        .assert_status(StatusCode::OK)
        .assert_contains("The children love their football club")
        .assert_contains(&fx.c1.name())
        .assert_contains(fx.a.name)
        .assert_lacks(&fx.r.name())
        .assert_lacks("How safe?");
    // Another user cannot open it; stopping the sharing ends the partner's view.
    let b = Client::sign_in(app, fx.b.username).await;
    b.get(&format!("/shared/{link}"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    a.post(&format!("/families/{f1}/sharing/{link}/stop"), &[])
        .await
        .redirect();
    partner
        .get(&format!("/shared/{link}"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    partner
        .get("/shared")
        .await
        .assert_contains("Nothing is shared with you");
    a.get(&format!("/families/{f1}/sharing"))
        .await
        .assert_contains("Not in force")
        .assert_contains(&format!("With consent: {}", fx.m.name()));
}
web_test!(a_partner_sees_only_what_is_shared);

/// The chronology shows practice work as it happens, and its analysis is
/// written and kept beside it.
async fn the_chronology_is_analysed_and_shows_practice(app: &TestApp) {
    let fx = &app.fx;
    let a = Client::sign_in(app, fx.a.username).await;
    let f1 = fx.f1;
    a.post(
        &format!("/families/{f1}/mapping/new"),
        &[
            ("on-day", "4"),
            ("on-month", "11"),
            ("on-year", "2026"),
            ("harm", "Missed appointments"),
        ],
    )
    .await
    .redirect();
    a.get(&format!("/families/{f1}/chronology"))
        .await
        .assert_contains("Mapping recorded")
        .assert_contains(&format!("/families/{f1}/chronology/analysis"));
    a.post(
        &format!("/families/{f1}/chronology/analysis"),
        &[("analysis", "")],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("Write what the chronology tells you");
    a.post(
        &format!("/families/{f1}/chronology/analysis"),
        &[
            ("covers", "since the referral"),
            (
                "analysis",
                "Each crisis follows a move of house.\n\nThe children do best when Nan is involved.",
            ),
        ],
    )
    .await
    .redirect();
    a.get(&format!("/families/{f1}/chronology/analysis"))
        .await
        .assert_contains("<p class=\"govuk-body\">Each crisis follows a move of house.</p>")
        .assert_contains("The children do best when Nan is involved.")
        .assert_contains("Covers since the referral");
    let b = Client::sign_in(app, fx.b.username).await;
    b.get(&format!("/families/{f1}/chronology/analysis"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
}
web_test!(the_chronology_is_analysed_and_shows_practice);

/// The printable family summary draws from the records, and keeps a
/// restricted child (and anything about them) from a reader not named on it.
async fn the_family_summary_draws_from_the_records(app: &TestApp) {
    let fx = &app.fx;
    let a = Client::sign_in(app, fx.a.username).await;
    let f1 = fx.f1;
    a.post(
        &format!("/families/{f1}/mapping/new"),
        &[
            ("on-day", "4"),
            ("on-month", "11"),
            ("on-year", "2026"),
            ("strengths", "Dad reads with the children every night"),
        ],
    )
    .await
    .redirect();
    let r = fx.r.id.to_string();
    a.post(
        &format!("/families/{f1}/scaling/new"),
        &[
            ("on-day", "4"),
            ("on-month", "11"),
            ("on-year", "2026"),
            ("question", "How safe at home?"),
            (&format!("{r}-score"), "3"),
        ],
    )
    .await
    .redirect();
    a.get(&format!("/families/{f1}"))
        .await
        .assert_contains(&format!("/families/{f1}/summary"));
    let page = a.get(&format!("/families/{f1}/summary")).await;
    page.assert_status(StatusCode::OK)
        .assert_contains("OFFICIAL-SENSITIVE")
        .assert_contains(&fx.c1.name())
        .assert_contains("Dad reads with the children every night")
        .assert_contains("Genogram")
        .assert_contains("How safe at home?")
        .assert_contains(&fx.r.name());
    let colleague = Client::sign_in(app, fx.colleague.username).await;
    colleague
        .get(&format!("/families/{f1}/summary"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("Dad reads with the children every night")
        .assert_lacks(&fx.r.name())
        .assert_lacks("How safe at home?");
    let b = Client::sign_in(app, fx.b.username).await;
    b.get(&format!("/families/{f1}/summary"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
}
web_test!(the_family_summary_draws_from_the_records);

/// The safety plan is in the family summary, and a partner sees it only once
/// a sharing decision names it.
async fn the_safety_plan_is_in_the_summary_and_shared_only_when_named(app: &TestApp) {
    use hearth_core::event::{Event, EventBody};
    use hearth_core::practice::safety::{SafetyPlan, SafetyRule};
    use hearth_core::practice::{PracticeRecord, Scope, Tool};
    let fx = &app.fx;
    let f1 = fx.f1;
    let plan = SafetyPlan {
        rules: vec![SafetyRule {
            what: "Nan stays over when Dad visits".into(),
            who: "Nan".into(),
            check: "Nan rings the social worker on Mondays".into(),
        }],
        network: vec![],
        childrens_explanation: String::new(),
    };
    let record = PracticeRecord::new(
        Scope::Family(f1),
        Some(fx.a.id),
        time::macros::date!(2026 - 11 - 02),
        Tool::SafetyPlan(plan),
    );
    app.store
        .append(vec![Event::new(
            Some(fx.a.id),
            record.on,
            EventBody::PracticeRecorded { record },
        )])
        .await
        .unwrap();
    let a = Client::sign_in(app, fx.a.username).await;
    a.get(&format!("/families/{f1}/summary"))
        .await
        .assert_contains("Safety plan")
        .assert_contains("Nan stays over when Dad visits")
        .assert_contains("Nan rings the social worker on Mondays");
    let mum = fx.m.id.to_string();
    let partner_id = fx.partner.id.to_string();
    let share = |items: &'static [&'static str]| {
        let mut form: Vec<(&str, &str)> = vec![
            ("agency", "Hillside Primary School"),
            ("partner", partner_id.as_str()),
            ("purpose", "To support the plan in school"),
            ("basis", "consent"),
            ("consent_from", mum.as_str()),
            ("from-day", "1"),
            ("from-month", "11"),
            ("from-year", "2026"),
        ];
        form.extend(items.iter().map(|i| ("items", *i)));
        form
    };
    a.post(&format!("/families/{f1}/sharing/new"), &share(&["summary"]))
        .await
        .redirect();
    let partner = Client::sign_in(app, fx.partner.username).await;
    let first = partner.get("/shared").await;
    let link = first
        .body
        .split("href=\"/shared/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a shared family")
        .to_string();
    partner
        .get(&format!("/shared/{link}"))
        .await
        .assert_lacks("Nan stays over when Dad visits");
    a.post(
        &format!("/families/{f1}/sharing/new"),
        &share(&["safety_plan"]),
    )
    .await
    .redirect();
    let list = partner.get("/shared").await;
    let newest = list
        .body
        .split("href=\"/shared/")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .find(|l| *l != link)
        .expect("the second decision")
        .to_string();
    partner
        .get(&format!("/shared/{newest}"))
        .await
        .assert_contains("Nan stays over when Dad visits");
}
web_test!(the_safety_plan_is_in_the_summary_and_shared_only_when_named);

/// The team page links a unit's page only for those who may open it.
async fn the_team_page_links_units_for_those_who_may_open_them(app: &TestApp) {
    let fx = &app.fx;
    let unit_link = format!("href=\"/units/{}\"", fx.north_unit);
    let a = Client::sign_in(app, fx.a.username).await;
    let page = a.get(&format!("/teams/{}", fx.north_team)).await;
    page.assert_status(StatusCode::OK)
        .assert_contains(&unit_link);
    a.get(&format!("/units/{}", fx.north_unit))
        .await
        .assert_status(StatusCode::OK);
    let manager = Client::sign_in(app, fx.manager.username).await;
    manager
        .get(&format!("/teams/{}", fx.north_team))
        .await
        .assert_contains(&unit_link);
}
web_test!(the_team_page_links_units_for_those_who_may_open_them);
