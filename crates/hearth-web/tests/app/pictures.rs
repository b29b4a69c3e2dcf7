//! The genogram and ecomap: drawn from the family's recorded relationships,
//! through the same chokepoint as the family page, so a restricted child is
//! drawn only for those named on their record, and every view is audited.

use crate::client::{Api, Client};
use crate::harness::TestApp;
use hearth_core::audit::Outcome;
use hearth_core::ids::UserId;
use reqwest::StatusCode;

async fn token_for(app: &TestApp, user: UserId) -> String {
    let token = hearth_web::session::random_token();
    app.store
        .add_api_token(&hearth_web::session::token_hash(&token), user)
        .await
        .unwrap();
    token
}

async fn genogram_and_ecomap_pages(app: &TestApp) {
    let fx = &app.fx;
    let f1 = fx.f1;
    let genogram = format!("/families/{f1}/genogram");
    let ecomap = format!("/families/{f1}/ecomap");

    // The family page shows a small genogram and links to both pictures.
    let a = Client::sign_in(app, fx.a.username).await;
    a.get(&format!("/families/{f1}"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("<svg")
        .assert_contains("aria-labelledby=\"family-genogram-title family-genogram-desc\"")
        .assert_contains(&format!("href=\"{genogram}\""))
        .assert_contains(&format!("href=\"{ecomap}\""));

    // A is named on the restricted child's record, so R is drawn for A.
    let page = a.get(&genogram).await;
    page.assert_status(StatusCode::OK)
        .assert_contains("role=\"img\"")
        .assert_contains("<title id=\"genogram-title\">Genogram of the Testington family</title>")
        .assert_contains(&format!(
            "href=\"/families/{f1}/relationships/new\">Add a relationship"
        ))
        .assert_contains(&format!(
            "{} is the parent of {} (supportive relationship; {} has parental responsibility)",
            fx.m.name(),
            fx.c1.name(),
            fx.m.name()
        ))
        .assert_contains(&format!(
            "{}, Exampleton: {}, {} and {}",
            fx.household_line1,
            fx.m.name(),
            fx.c1.name(),
            fx.c2.name()
        ))
        .assert_contains(&fx.r.name())
        // R's name under their symbol in the picture.
        .assert_contains(&format!(">{}<", fx.r.given))
        .assert_lacks("style=");
    for p in [&fx.c1, &fx.c2, &fx.m, &fx.father] {
        page.assert_contains(&p.name());
    }
    // C1 has a lead practitioner: one of the children the service works with.
    page.assert_contains(&format!("{}: child, ", fx.c1.name()))
        .assert_contains("a child the service is working with");
    a.get(&ecomap)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("<title id=\"ecomap-title\">Ecomap of the Testington family</title>")
        .assert_contains(&format!(
            "The household at {}, Exampleton",
            fx.household_line1
        ))
        .assert_contains(&format!(
            "{} (positive (supportive) connection)",
            fx.father.name()
        ))
        .assert_contains(&format!("{}: Lead practitioner (social worker)", fx.a.name))
        .assert_contains(&fx.r.name());

    // A unit colleague reads the family but not R: R is in neither picture,
    // not by name and not by id.
    let colleague = Client::sign_in(app, fx.colleague.username).await;
    for path in [&genogram, &ecomap, &format!("/families/{f1}")] {
        colleague
            .get(path)
            .await
            .assert_status(StatusCode::OK)
            .assert_contains(&fx.c1.name())
            .assert_lacks(&fx.r.name())
            .assert_lacks(fx.r.given)
            .assert_lacks(&fx.r.id.to_string());
    }

    // Someone with no link to the family is refused.
    let b = Client::sign_in(app, fx.b.username).await;
    b.get(&genogram)
        .await
        .assert_status(StatusCode::FORBIDDEN)
        .assert_lacks(&fx.c1.name());

    // Each view of the pictures is a read of the family's record, audited.
    let audit = app.store.audit_for_subject(f1.0, 200).await.unwrap();
    assert!(
        audit.iter().any(|e| e.actor == Some(fx.colleague.id)
            && e.what == "read_record"
            && e.outcome == Outcome::Allowed),
        "the colleague's view is audited: {audit:?}"
    );
    assert!(
        audit.iter().any(|e| e.actor == Some(fx.b.id)
            && e.what == "read_record"
            && e.outcome == Outcome::Refused),
        "B's refusal is audited: {audit:?}"
    );
}
web_test!(genogram_and_ecomap_pages);

async fn genogram_in_the_api(app: &TestApp) {
    let fx = &app.fx;
    let path = format!("/api/v1/families/{}/genogram", fx.f1);
    let a_token = token_for(app, fx.a.id).await;
    let a = Api::new(app, Some(&a_token));
    let page = a.get(&path).await;
    page.assert_status(StatusCode::OK);
    let v = page.json();
    assert_eq!(v["family"], fx.f1.to_string());
    assert!(v["svg"].as_str().unwrap().starts_with("<svg"));
    let words = v["text_alternative"].to_string();
    assert!(words.contains(&fx.r.name()), "{words}");
    assert!(words.contains(&fx.c1.name()));

    // The bare SVG for a client that asks for it.
    let res = a
        .http
        .get(format!("{}{}", a.base, path))
        .bearer_auth(&a_token)
        .header(reqwest::header::ACCEPT, "image/svg+xml")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[reqwest::header::CONTENT_TYPE],
        "image/svg+xml; charset=utf-8"
    );
    let svg = res.text().await.unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains(&fx.c1.given.to_string()));

    // The colleague's genogram and ecomap leave R out.
    let colleague = Api::new(app, Some(&token_for(app, fx.colleague.id).await));
    for p in [path.clone(), format!("/api/v1/families/{}/ecomap", fx.f1)] {
        let page = colleague.get(&p).await;
        page.assert_status(StatusCode::OK)
            .assert_contains(fx.c1.given)
            .assert_lacks(fx.r.given)
            .assert_lacks(&fx.r.id.to_string());
    }

    // B: a problem, not a picture.
    let b = Api::new(app, Some(&token_for(app, fx.b.id).await));
    let refused = b.get(&path).await;
    refused.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(refused.content_type(), "application/problem+json");
    let audit = app.store.audit_for_subject(fx.f1.0, 200).await.unwrap();
    assert!(audit
        .iter()
        .any(|e| e.actor == Some(fx.b.id) && e.outcome == Outcome::Refused));
}
web_test!(genogram_in_the_api);
