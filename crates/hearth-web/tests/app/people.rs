//! Adding a person to a family, with duplicate detection, and linking someone
//! already known to the service.

use crate::client::Client;
use crate::harness::TestApp;
use hearth_core::event::EventBody;
use hearth_core::ids::PersonId;
use reqwest::StatusCode;

async fn adding_a_person_checks_for_duplicates(app: &TestApp) {
    let fx = &app.fx;
    let c = Client::sign_in(app, fx.a.username).await;
    let path = format!("/families/{}/people/new", fx.f1);
    c.get(&path)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("Add a person to the family");

    let dob = fx.c2.dob;
    let (day, month, year) = (
        dob.day().to_string(),
        (dob.month() as u8).to_string(),
        dob.year().to_string(),
    );
    let same_as_c2 = [
        ("given_names", fx.c2.given),
        ("family_name", fx.c2.family),
        ("dob-day", day.as_str()),
        ("dob-month", month.as_str()),
        ("dob-year", year.as_str()),
        ("kind", "child"),
    ];
    let events = app.store.event_count().await.unwrap();
    let matches = c.post(&path, &same_as_c2).await;
    matches
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("Possible matches")
        .assert_contains(&fx.c2.name())
        .assert_contains(&format!("name=\"link\" value=\"{}\"", fx.c2.id))
        .assert_contains("name=\"confirm_new\" value=\"yes\"")
        // What was typed is kept.
        .assert_contains(&format!("value=\"{}\"", fx.c2.given));
    assert_eq!(
        app.store.event_count().await.unwrap(),
        events,
        "nothing created yet"
    );

    // A missing family name is an error, not a match list.
    c.post(
        &path,
        &[
            ("given_names", "Nameless"),
            ("family_name", ""),
            ("kind", "child"),
        ],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("Enter their family name");

    // Confirmed as a new person: created and added to the family.
    let mut confirmed = same_as_c2.to_vec();
    confirmed.push(("confirm_new", "yes"));
    let created = c.post(&path, &confirmed).await;
    let to = created.redirect();
    let new_id: PersonId = to
        .strip_prefix("/people/")
        .unwrap_or_else(|| panic!("created person redirect {to}"))
        .parse()
        .unwrap();
    assert_ne!(new_id, fx.c2.id);
    assert_eq!(app.store.event_count().await.unwrap(), events + 2);
    let journal = app.store.events_about(new_id.0).await.unwrap();
    assert!(journal.iter().any(|e| matches!(
        &e.body,
        EventBody::PersonRegistered { person_id, details, .. }
            if *person_id == new_id && details.family_name == fx.c2.family
    )));
    assert!(journal.iter().any(|e| matches!(
        &e.body,
        EventBody::FamilyMemberAdded { family_id, person_id, .. }
            if *family_id == fx.f1 && *person_id == new_id
    )));
    let person = app.store.person(new_id).await.unwrap().unwrap();
    assert_eq!(person.families, vec![fx.f1]);
    assert_eq!(person.details.date_of_birth, Some(dob));
    c.get(&to).await.assert_status(StatusCode::OK);

    // Linking someone from another family opens their record to F1's team,
    // so it needs a working relationship with them: without one it is refused
    // and nothing is written.
    let outsider = fx.outsider.id;
    let before_refusal = app.store.event_count().await.unwrap();
    c.post(&path, &[("link", outsider.to_string().as_str())])
        .await
        .assert_status(StatusCode::FORBIDDEN);
    assert_eq!(app.store.event_count().await.unwrap(), before_refusal);
    // Named on the outsider's record, A can link them into F1.
    app.store
        .append(vec![hearth_core::event::Event::new(
            None,
            time::OffsetDateTime::now_utc().date(),
            EventBody::AccessGranted {
                person_id: outsider,
                user_id: fx.a.id,
                reason: "Synthetic test grant".into(),
            },
        )])
        .await
        .unwrap();
    assert!(!app
        .store
        .family(fx.f1)
        .await
        .unwrap()
        .unwrap()
        .current_members()
        .any(|m| m.person_id == outsider));
    let linked = c
        .post(
            &path,
            &[
                ("link", outsider.to_string().as_str()),
                ("given_names", fx.outsider.given),
                ("family_name", fx.outsider.family),
                ("kind", "adult"),
            ],
        )
        .await;
    assert_eq!(linked.redirect(), format!("/families/{}", fx.f1));
    let family = app.store.family(fx.f1).await.unwrap().unwrap();
    assert!(family.current_members().any(|m| m.person_id == outsider));
    let o = app.store.person(outsider).await.unwrap().unwrap();
    assert!(o.families.contains(&fx.f1) && o.families.contains(&fx.f2));
    c.get(&format!("/families/{}", fx.f1))
        .await
        .assert_contains(&fx.outsider.name());

    // Linking again is refused (already a member), and a bad id is a 400.
    let again = c
        .post(&path, &[("link", outsider.to_string().as_str())])
        .await;
    assert!(again.status.is_client_error(), "{}", again.status);
    c.post(&path, &[("link", "not-a-person")])
        .await
        .assert_status(StatusCode::BAD_REQUEST);
    assert_eq!(
        app.store.event_count().await.unwrap(),
        events + 4,
        "only the new person (2 events), the grant and the link (1 event each)"
    );
}
web_test!(adding_a_person_checks_for_duplicates);

/// An administrator moves a practitioner to another team: the old
/// membership ends today, the new one starts, and the practitioner's access
/// follows (within the user cache's few seconds, here a fresh process view).
async fn administrator_moves_a_practitioner(app: &TestApp) {
    let fx = &app.fx;
    let admin = Client::sign_in(app, fx.admin.username).await;
    let path = format!("/admin/users/{}", fx.colleague.id);
    admin.get(&path).await.assert_status(StatusCode::OK);
    let bad = admin
        .post(&format!("{path}/membership"), &[("team", "")])
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("There is a problem");
    let moved = admin
        .post(
            &format!("{path}/membership"),
            &[("team", fx.south_team.to_string().as_str())],
        )
        .await;
    assert_eq!(moved.redirect(), path);
    let p = app
        .store
        .practitioner(fx.colleague.id)
        .await
        .unwrap()
        .unwrap();
    let current: Vec<_> = p.current_memberships().map(|m| m.team_id).collect();
    assert_eq!(current, vec![fx.south_team]);
    assert!(
        p.memberships.len() >= 2,
        "the old membership is kept, ended"
    );
    // Not for anyone else.
    let a = Client::sign_in(app, fx.a.username).await;
    a.get(&path).await.assert_status(StatusCode::FORBIDDEN);
}
web_test!(administrator_moves_a_practitioner);

/// The family's team: a bad addition comes back with the error summary and
/// the role typed; a good one shows on the family page.
async fn family_team_members(app: &TestApp) {
    let fx = &app.fx;
    let a = Client::sign_in(app, fx.a.username).await;
    let path = format!("/families/{}/team", fx.f1);
    a.post(
        &path,
        &[("practitioner", ""), ("role", "Synthetic specialist role")],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("There is a problem")
    .assert_contains("Synthetic specialist role");
    let added = a
        .post(
            &path,
            &[
                ("practitioner", fx.colleague.id.to_string().as_str()),
                ("role", "Synthetic specialist role"),
            ],
        )
        .await;
    assert_eq!(added.redirect(), format!("/families/{}", fx.f1));
    a.get(&format!("/families/{}", fx.f1))
        .await
        .assert_contains("Synthetic specialist role")
        .assert_contains(fx.colleague.name);
}
web_test!(family_team_members);

/// Keeping the family true: a relationship ends, someone moves out, an adult
/// leaves the network; each is a new event and the history stays.
async fn relationships_households_and_membership_change(app: &TestApp) {
    let fx = &app.fx;
    let a = Client::sign_in(app, fx.a.username).await;
    let rel = app
        .store
        .relationships_where("person", &fx.c1.id.to_string())
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.end.is_none())
        .expect("a current relationship");
    let to_family = format!("/families/{}", fx.f1);
    let ended = a
        .post(&format!("{to_family}/relationships/{}/end", rel.id), &[])
        .await;
    assert_eq!(ended.redirect(), to_family);
    assert!(app
        .store
        .relationship(rel.id)
        .await
        .unwrap()
        .unwrap()
        .end
        .is_some());

    let household = app
        .store
        .households_where("family", &fx.f1.to_string())
        .await
        .unwrap()
        .into_iter()
        .find(|h| h.residents.iter().any(|r| r.to.is_none()))
        .expect("a household with residents");
    let resident = household
        .residents
        .iter()
        .find(|r| r.to.is_none())
        .unwrap()
        .person_id;
    let moved = a
        .post(
            &format!("/households/{}/residents/{resident}/move-out", household.id),
            &[],
        )
        .await;
    assert_eq!(moved.redirect(), to_family);
    let h = app.store.household(household.id).await.unwrap().unwrap();
    assert!(h
        .residents
        .iter()
        .any(|r| r.person_id == resident && r.to.is_some()));

    let left = a
        .post(&format!("{to_family}/members/{}/leave", fx.father.id), &[])
        .await;
    assert_eq!(left.redirect(), to_family);
    let f = app.store.family(fx.f1).await.unwrap().unwrap();
    assert!(!f.current_members().any(|m| m.person_id == fx.father.id));
    assert!(
        f.members.iter().any(|m| m.person_id == fx.father.id),
        "history kept"
    );

    // Someone with no working relationship cannot do any of it.
    let b = Client::sign_in(app, fx.b.username).await;
    b.post(&format!("{to_family}/members/{}/leave", fx.m.id), &[])
        .await
        .assert_status(StatusCode::FORBIDDEN);
}
web_test!(relationships_households_and_membership_change);
