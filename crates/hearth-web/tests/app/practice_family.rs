//! Whole-family focus and the child's voice: a family group conference
//! recorded across two sittings with invitees from the relationship graph,
//! the family's feedback averaged, a child's views with an uploaded drawing
//! served only to those allowed, and a safety plan whose network comes from
//! the graph. Restricted children are kept from those not named on them.

use crate::client::{Client, Page};
use crate::harness::TestApp;
use reqwest::StatusCode;

/// A 1x1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

/// The id after `prefix` in the first link that is not `new`.
fn link_id(page: &Page, prefix: &str) -> String {
    page.body
        .split(prefix)
        .skip(1)
        .filter_map(|s| s.split(['"', '/', '?']).next())
        .find(|s| *s != "new" && !s.is_empty())
        .unwrap_or_else(|| panic!("a link to {prefix}... in\n{}", page.body))
        .to_string()
}

async fn a_conference_is_referred_then_held_with_the_family_plan(app: &TestApp) {
    let fx = &app.fx;
    let a = Client::sign_in(app, fx.a.username).await;
    let f1 = fx.f1;
    let father = fx.father.id.to_string();
    let mum = fx.m.id.to_string();
    a.get(&format!("/families/{f1}/practice"))
        .await
        .assert_contains(&format!("/families/{f1}/conferences"))
        .assert_contains("Family group conferences");
    // The invitees come from the relationship graph: the father who does not
    // live with the children is offered, with how he is connected.
    let form = a.get(&format!("/families/{f1}/conferences/new")).await;
    form.assert_status(StatusCode::OK)
        .assert_contains(&format!("value=\"{father}\""))
        .assert_contains(&format!("{}: Parent of {}", fx.father.name(), fx.c1.given))
        .assert_contains(&format!(
            "{}: Parent of {} and {}",
            fx.m.name(),
            fx.c2.given,
            fx.c1.given
        ));
    // First sitting: the referral only.
    a.post(
        &format!("/families/{f1}/conferences/new"),
        &[
            ("referred_on-day", "2"),
            ("referred_on-month", "9"),
            ("referred_on-year", "2026"),
            ("reason", ""),
        ],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("Enter why the family was referred for a conference");
    a.post(
        &format!("/families/{f1}/conferences/new"),
        &[
            ("referred_on-day", "2"),
            ("referred_on-month", "9"),
            ("referred_on-year", "2026"),
            (
                "reason",
                "Worries about neglect; the family want to make their own plan",
            ),
            ("coordinator_name", "Indira Independentcoord"),
            ("invited", &father),
            ("invited", &mum),
        ],
    )
    .await
    .redirect();
    let list = a.get(&format!("/families/{f1}/conferences")).await;
    list.assert_status(StatusCode::OK)
        .assert_contains("Referred 2 September 2026")
        .assert_contains("Indira Independentcoord")
        .assert_contains("Not held yet")
        .assert_contains(&fx.father.name());
    let id = link_id(&list, &format!("/families/{f1}/conferences/"));
    let edit = format!("/families/{f1}/conferences/{id}");
    a.get(&edit)
        .await
        .assert_contains("Carry on a family group conference")
        .assert_contains("Worries about neglect");
    // Someone ticked as having come needs the date it was held.
    let held = |day: &'static str| {
        vec![
            ("version", "1"),
            ("referred_on-day", "2"),
            ("referred_on-month", "9"),
            ("referred_on-year", "2026"),
            (
                "reason",
                "Worries about neglect; the family want to make their own plan",
            ),
            ("held_on-day", day),
            ("held_on-month", "10"),
            ("held_on-year", if day.is_empty() { "" } else { "2026" }),
        ]
    };
    let mut early = held("");
    early.extend([("invited", father.as_str()), ("attended", father.as_str())]);
    a.post(&edit, &early)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("Enter the date the conference was held, or untick who came to it");
    // Second sitting: held, with the plan made in private family time.
    let mut second = held("14");
    second.extend([
        ("invited", father.as_str()),
        ("invited", mum.as_str()),
        ("attended", father.as_str()),
        ("other1-name", "Gwendolyn Fakeneighbour"),
        ("other1-connection", "Neighbour"),
        ("other1-attended", "yes"),
        ("private_family_time", "yes"),
        ("plan1-what", "Dad has the children every other weekend"),
        ("plan1-who", "Dad"),
        ("plan1-when", "From 1 November"),
        ("plan1-check", "Nan rings the social worker each Monday"),
        ("plan2-what", "Mum sees her GP about how she is feeling"),
        ("plan2-who", "Mum"),
        ("plan_agreed", "yes"),
        ("next", "carry_on"),
    ]);
    assert_eq!(a.post(&edit, &second).await.redirect(), edit);
    // The form offers a blank line for more of the plan once saved.
    a.get(&edit)
        .await
        .assert_contains("Dad has the children every other weekend")
        .assert_contains("name=\"plan3-what\"");
    let list = a.get(&format!("/families/{f1}/conferences")).await;
    list.assert_contains("Plan agreed")
        .assert_contains("14 October 2026")
        .assert_contains("Dad has the children every other weekend")
        .assert_contains("Nan rings the social worker each Monday")
        .assert_contains("Gwendolyn Fakeneighbour")
        .assert_contains("Came")
        .assert_contains("Did not come");
    // A review of the plan.
    let review = format!("{edit}/review");
    a.post(
        &review,
        &[
            ("version", "2"),
            ("on-day", "1"),
            ("on-month", "11"),
            ("on-year", "2026"),
            ("note", ""),
        ],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("Write how the plan is going");
    a.post(
        &review,
        &[
            ("version", "2"),
            ("on-day", "20"),
            ("on-month", "11"),
            ("on-year", "2026"),
            ("note", "Weekends with Dad are going well"),
        ],
    )
    .await
    .redirect();
    a.get(&format!("/families/{f1}/conferences"))
        .await
        .assert_contains("Plan reviewed")
        .assert_contains("Weekends with Dad are going well");
    // No link to the family: refused.
    let b = Client::sign_in(app, fx.b.username).await;
    b.get(&format!("/families/{f1}/conferences"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    b.get(&edit).await.assert_status(StatusCode::FORBIDDEN);
}
web_test!(a_conference_is_referred_then_held_with_the_family_plan);

async fn the_familys_feedback_is_averaged(app: &TestApp) {
    let fx = &app.fx;
    let a = Client::sign_in(app, fx.a.username).await;
    let f1 = fx.f1;
    let mum = fx.m.id.to_string();
    a.get(&format!("/families/{f1}/feedback"))
        .await
        .assert_contains("No feedback has been recorded");
    a.post(
        &format!("/families/{f1}/feedback/new"),
        &[
            ("on-day", "1"),
            ("on-month", "11"),
            ("on-year", "2026"),
            ("from", &mum),
        ],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("Answer at least one question, or write what they said");
    a.post(
        &format!("/families/{f1}/feedback/new"),
        &[
            ("on-day", "1"),
            ("on-month", "11"),
            ("on-year", "2026"),
            ("listened_to", "9"),
        ],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("Enter who gave the feedback")
    .assert_contains("Choose an answer from 1 (not at all) to 5 (completely)");
    for (from, listened, better, comment) in [
        (mum.as_str(), "5", "4", "She actually listened this time"),
        ("", "4", "", "It helped to have Nan there"),
    ] {
        let mut form = vec![
            ("on-day", "1"),
            ("on-month", "11"),
            ("on-year", "2026"),
            ("from", from),
            ("listened_to", listened),
            ("things_better", better),
            ("comment", comment),
        ];
        if from.is_empty() {
            form.push(("from_name", "Nan"));
        }
        a.post(&format!("/families/{f1}/feedback/new"), &form)
            .await
            .redirect();
    }
    a.get(&format!("/families/{f1}/feedback"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("2 responses")
        .assert_contains("4.5 out of 5")
        .assert_contains("4.0 out of 5")
        .assert_contains("No answers yet")
        .assert_contains("Completely (5)")
        .assert_contains("She actually listened this time")
        .assert_contains(&fx.m.name())
        .assert_contains("Nan, 1 November 2026");
    let b = Client::sign_in(app, fx.b.username).await;
    b.get(&format!("/families/{f1}/feedback"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
}
web_test!(the_familys_feedback_is_averaged);

async fn get_bytes(c: &Client, path: &str) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
    let res = c
        .http
        .get(format!("{}{}", c.base, path))
        .send()
        .await
        .expect("GET");
    let status = res.status();
    let headers = res.headers().clone();
    (status, headers, res.bytes().await.expect("body").to_vec())
}

async fn a_childs_views_and_drawing_are_kept_to_those_allowed(app: &TestApp) {
    let fx = &app.fx;
    let a = Client::sign_in(app, fx.a.username).await;
    let f1 = fx.f1;
    let c1 = fx.c1.id.to_string();
    let r = fx.r.id.to_string();
    let new = format!("/families/{f1}/views/new");
    a.get(&format!("{new}?child={c1}"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("enctype=\"multipart/form-data\"")
        .assert_contains(&format!("<option value=\"{c1}\" selected>"));
    let fields = |child: &'static str| {
        vec![
            ("child", child),
            ("on-day", "10"),
            ("on-month", "11"),
            ("on-year", "2026"),
            ("worries", "When Mum and Dad shout"),
            ("good_things", "My bike\nPlaying with Quillon"),
            ("dreams", "A puppy"),
            (
                "how_gathered",
                "On her own at school, drawing the three houses",
            ),
        ]
    };
    let c1_fields: Vec<(&str, &str)> = fields("")
        .into_iter()
        .map(|(k, v)| {
            if k == "child" {
                (k, c1.as_str())
            } else {
                (k, v)
            }
        })
        .collect();
    // Not a picture, whatever its name says: refused with a message.
    let mut with_desc = c1_fields.clone();
    with_desc.push(("new_description", "My house"));
    a.post_files(
        &new,
        &with_desc,
        &[("drawing", "house.png", b"<svg onload='alert(1)'/>".to_vec())],
        true,
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("The drawing must be a PNG or JPEG picture")
    .assert_contains("When Mum and Dad shout");
    // A picture without words for it: asked for its description.
    a.post_files(
        &new,
        &c1_fields,
        &[("drawing", "me.png", PNG.to_vec())],
        true,
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("Describe what the drawing shows");
    // A real picture, with the child's description of it.
    let mut ok = c1_fields.clone();
    ok.push(("new_description", "Me and my dog in the park"));
    a.post_files(&new, &ok, &[("drawing", "me.png", PNG.to_vec())], true)
        .await
        .redirect();
    let list = a.get(&format!("/families/{f1}/views")).await;
    list.assert_status(StatusCode::OK)
        .assert_contains("&ldquo;When Mum and Dad shout&rdquo;")
        .assert_contains("&ldquo;Playing with Quillon&rdquo;")
        .assert_contains("alt=\"Me and my dog in the park\"");
    let src = list
        .body
        .split("src=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .find(|s| s.contains("/drawings/"))
        .expect("the drawing's address")
        .to_string();
    let (status, headers, bytes) = get_bytes(&a, &src).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, PNG);
    assert_eq!(headers["content-type"], "image/png");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["content-disposition"], "inline");
    assert!(headers["cache-control"]
        .to_str()
        .unwrap()
        .contains("no-store"));
    // The child's words are on their own page too.
    a.get(&format!("/people/{c1}"))
        .await
        .assert_contains(&format!("In {}'s own words", fx.c1.name()))
        .assert_contains("&ldquo;A puppy&rdquo;");
    // Someone with no link to the family cannot fetch the drawing.
    let b = Client::sign_in(app, fx.b.username).await;
    let (status, _, bytes) = get_bytes(&b, &src).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_ne!(bytes, PNG);
    // A unit colleague may.
    let colleague = Client::sign_in(app, fx.colleague.username).await;
    assert_eq!(get_bytes(&colleague, &src).await.0, StatusCode::OK);
    // A made-up hash on a real record is "not found".
    let fake = format!("{}{}", &src[..src.rfind('/').unwrap() + 1], "0".repeat(64));
    assert_eq!(get_bytes(&a, &fake).await.0, StatusCode::NOT_FOUND);

    // The restricted child's views: recorded by A, who is named on R.
    let mut r_fields: Vec<(&str, &str)> = c1_fields
        .iter()
        .map(|(k, v)| {
            if *k == "child" {
                (*k, r.as_str())
            } else {
                (*k, *v)
            }
        })
        .collect();
    r_fields.retain(|(k, _)| *k != "worries");
    r_fields.push(("worries", "Rowanetta worries about the move"));
    r_fields.push(("new_description", "Rowanetta's new bedroom"));
    let mut other_png = PNG.to_vec();
    other_png.extend_from_slice(b"extra bytes after IEND");
    a.post_files(&new, &r_fields, &[("drawing", "room.png", other_png)], true)
        .await
        .redirect();
    let list = a.get(&format!("/families/{f1}/views")).await;
    list.assert_contains("Rowanetta worries about the move");
    let r_src = list
        .body
        .split("src=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .find(|s| s.contains("/drawings/") && *s != src)
        .expect("R's drawing")
        .to_string();
    assert_eq!(get_bytes(&a, &r_src).await.0, StatusCode::OK);
    colleague
        .get(&format!("/families/{f1}/views"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("When Mum and Dad shout")
        .assert_lacks("Rowanetta worries about the move")
        .assert_lacks(&fx.r.name())
        .assert_lacks("new bedroom");
    assert_eq!(get_bytes(&colleague, &r_src).await.0, StatusCode::NOT_FOUND);
    // Carried on: the drawing's description changed, the drawing kept.
    let parts: Vec<&str> = src.split('/').collect();
    let (pid, sha) = (parts[4], parts[6]);
    let edit = format!("/families/{f1}/views/{pid}");
    a.get(&edit)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("Me and my dog in the park");
    let desc = format!("description-{sha}");
    let mut amended: Vec<(&str, &str)> = c1_fields.clone();
    amended.extend([("version", "1"), (desc.as_str(), "Me and my dog Biscuit")]);
    a.post_files(&edit, &amended, &[], true).await.redirect();
    a.get(&format!("/families/{f1}/views"))
        .await
        .assert_contains("alt=\"Me and my dog Biscuit\"")
        .assert_contains(&src);
}
web_test!(a_childs_views_and_drawing_are_kept_to_those_allowed);

async fn a_safety_plan_draws_its_network_from_the_graph(app: &TestApp) {
    let fx = &app.fx;
    let a = Client::sign_in(app, fx.a.username).await;
    let f1 = fx.f1;
    let father = fx.father.id.to_string();
    let form = a.get(&format!("/families/{f1}/safety-plan/new")).await;
    form.assert_status(StatusCode::OK)
        .assert_contains(&format!("id=\"network-{father}\""))
        .assert_contains(&format!("Parent of {}", fx.c1.given));
    let new = format!("/families/{f1}/safety-plan/new");
    let base = [("on-day", "5"), ("on-month", "11"), ("on-year", "2026")];
    let mut bad = base.to_vec();
    bad.push(("rule1-who", "Mum"));
    a.post(&new, &bad)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("Enter what will happen in rule 1");
    let mut good = base.to_vec();
    let role = format!("{father}-role");
    let knows = format!("{father}-knows");
    let agreed = format!("{father}-agreed");
    good.extend([
        ("network", father.as_str()),
        (role.as_str(), "Has the children every other weekend"),
        (knows.as_str(), "yes"),
        (agreed.as_str(), "yes"),
        ("other1-name", "Gwendolyn Fakeneighbour"),
        ("other1-role", "Mum rings her if things get heated"),
        ("other1-knows", "yes"),
        ("rule1-what", "No shouting in front of the children"),
        ("rule1-who", "Mum and Dad"),
        ("rule1-check", "The children tell their teacher"),
        (
            "childrens_explanation",
            "Drew the plan as a comic strip with the children",
        ),
    ]);
    a.post(&new, &good).await.redirect();
    let page = a.get(&format!("/families/{f1}/safety-plan")).await;
    page.assert_status(StatusCode::OK)
        .assert_contains("Current plan, 5 November 2026")
        .assert_contains(&fx.father.name())
        .assert_contains("Has the children every other weekend")
        .assert_contains("Gwendolyn Fakeneighbour")
        .assert_contains("1 know the worries and have agreed")
        .assert_contains("No shouting in front of the children")
        .assert_contains("Drew the plan as a comic strip");
    // A new plan starts from the current one; the old one becomes history.
    let next = a.get(&new).await;
    next.assert_contains("No shouting in front of the children")
        .assert_contains(&format!(
            "id=\"network-{father}\" name=\"network\" type=\"checkbox\" value=\"{father}\" checked"
        ));
    let mut later = good.clone();
    later[0] = ("on-day", "20");
    later.push(("rule2-what", "Nan stays over on Saturdays"));
    a.post(&new, &later).await.redirect();
    a.get(&format!("/families/{f1}/safety-plan"))
        .await
        .assert_contains("Current plan, 20 November 2026")
        .assert_contains("Nan stays over on Saturdays")
        .assert_contains("Plan of 5 November 2026");
    let b = Client::sign_in(app, fx.b.username).await;
    b.get(&format!("/families/{f1}/safety-plan"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
}
web_test!(a_safety_plan_draws_its_network_from_the_graph);
