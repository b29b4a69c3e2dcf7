//! The outcomes pages: the council's page with the seven outcomes and
//! England's figures, who may see which figures (refusals audited), the
//! drill-down that names only children the viewer may read, the CSV
//! downloads, the wall with no personal data, and the API's JSON.
//!
//! The measures themselves are computed by `hearth_insight`; where a test
//! checks a number it computes the same report from the same store and
//! compares, so these tests hold whatever the measures find.

use crate::client::{Api, Client};
use crate::harness::TestApp;
use hearth_core::access::FigureScope;
use hearth_core::audit::Outcome as Audit;
use hearth_insight::catalogue::{Counts, MEASURES};
use hearth_insight::report::{self, Report};
use hearth_insight::{Behind, Outcome};
use hearth_web::pages::outcomes::drill;
use hearth_web::{AppState, Config};
use reqwest::StatusCode;

/// Text as the templates write it (askama's HTML escaping).
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

fn latest_year() -> i32 {
    hearth_core::calendar::collection_year_of(today()) - 1
}

/// The report the pages should show, computed here from the same store.
async fn computed(app: &TestApp, scope: FigureScope, year: i32) -> Report {
    let s = hearth_web::insight::snapshot(&app.store, today())
        .await
        .unwrap();
    let (p, w) = report::periods_for_year(year);
    hearth_insight::compute(&s, scope, p, w)
}

async fn state(app: &TestApp) -> AppState {
    AppState::new(app.store.clone(), Config::default())
        .await
        .unwrap()
}

async fn the_council_page_shows_seven_outcomes_with_englands_figures(app: &TestApp) {
    let fx = &app.fx;
    let manager = Client::sign_in(app, fx.manager.username).await;
    let page = manager.get("/outcomes").await;
    page.assert_status(StatusCode::OK);
    // The seven outcomes, in the framework's order.
    let mut at = 0;
    for o in Outcome::ALL {
        let here = page.body[at..]
            .find(&format!("id=\"{}\"", o.code()))
            .unwrap_or_else(|| panic!("outcome {} after the one before", o.code()));
        at += here;
        page.assert_contains(&esc(o.title()));
    }
    for m in MEASURES {
        // An anchor per measure, its definition, and England's figure with
        // its year and source where there is one.
        page.assert_contains(&format!("id=\"{}\"", m.id));
        page.assert_contains(&esc(m.definition));
        if let Some(e) = m.england {
            page.assert_contains(&esc(&format!(
                "{}, {}",
                m.scale.show(e.value),
                hearth_web::pages::outcomes::england_year(m, e.year)
            )));
            page.assert_contains(&esc(e.source));
        }
        // The numbers link to the drill-down.
        page.assert_contains(&format!(
            "href=\"/outcomes/measures/{}?year={}\"",
            m.id,
            latest_year()
        ));
    }
    // Each measure's value as computed from the same record.
    let r = computed(app, FigureScope::Council, latest_year()).await;
    for v in &r.measures {
        let drill = format!(
            "href=\"/outcomes/measures/{}?year={}\">{}</a>",
            v.id,
            latest_year(),
            esc(&v.shown())
        );
        page.assert_contains(&drill);
    }
    // A trend of five years per measure, the links for managers.
    page.assert_contains(&format!("Year to 31 March {}", latest_year() - 4));
    page.assert_contains("href=\"/outcomes/comparators\"");
    page.assert_contains("href=\"/outcomes/self-audit\"");
    page.assert_contains(&format!("href=\"/outcomes/teams/{}?", fx.north_team));
    page.assert_contains("href=\"/outcomes\"");
    // The data team sees it too; a chosen year is shown.
    let data = Client::sign_in(app, fx.data.username).await;
    data.get("/outcomes?year=2024")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("year to 31 March 2024");
    data.get("/outcomes?year=soon")
        .await
        .assert_status(StatusCode::BAD_REQUEST);
}
web_test!(the_council_page_shows_seven_outcomes_with_englands_figures);

async fn partners_and_administrators_are_refused_and_audited(app: &TestApp) {
    let fx = &app.fx;
    for u in [&fx.partner, &fx.admin] {
        let c = Client::sign_in(app, u.username).await;
        c.get("/outcomes")
            .await
            .assert_status(StatusCode::FORBIDDEN);
        c.get("/outcomes/wall")
            .await
            .assert_status(StatusCode::FORBIDDEN);
        c.get(&format!("/outcomes/teams/{}", fx.north_team))
            .await
            .assert_status(StatusCode::FORBIDDEN);
        c.get("/outcomes/measures/cla_3plus_placements")
            .await
            .assert_status(StatusCode::FORBIDDEN);
        // The navigation offers them no link.
        c.get("/search").await.assert_lacks("href=\"/outcomes\"");
    }
    let audit = app.store.audit_recent(500).await.unwrap();
    for u in [&fx.partner, &fx.admin] {
        assert!(
            audit.iter().any(|e| e.actor == Some(u.id)
                && e.what == "outcomes_computed"
                && e.outcome == Audit::Refused
                && e.subject.is_none()),
            "{}'s refusal for the council is audited",
            u.username
        );
        assert!(
            audit.iter().any(|e| e.actor == Some(u.id)
                && e.what == "outcomes_computed"
                && e.outcome == Audit::Refused
                && e.subject == Some(fx.north_team.0)),
            "{}'s refusal for a team is audited",
            u.username
        );
    }
    // A manager's viewing is audited as allowed.
    let manager = Client::sign_in(app, fx.manager.username).await;
    manager.get("/outcomes").await.assert_status(StatusCode::OK);
    let audit = app.store.audit_recent(500).await.unwrap();
    assert!(audit.iter().any(|e| e.actor == Some(fx.manager.id)
        && e.what == "outcomes_computed"
        && e.outcome == Audit::Allowed
        && e.basis.as_deref() == Some("organisation")));
}
web_test!(partners_and_administrators_are_refused_and_audited);

async fn a_social_worker_sees_their_own_figures_not_anothers(app: &TestApp) {
    let fx = &app.fx;
    let a = Client::sign_in(app, fx.a.username).await;
    // Home and the team page lead to the figures.
    a.get("/")
        .await
        .assert_contains("Your figures on the seven outcomes");
    a.get(&format!("/teams/{}", fx.north_team))
        .await
        .assert_contains(&format!(
            "href=\"/outcomes/teams/{}/wall?refresh=off\"",
            fx.north_team
        ));
    // The council's figures take a practitioner to their own.
    let own = format!("/outcomes/workers/{}", fx.a.id);
    assert_eq!(a.get("/outcomes").await.redirect(), own);
    let page = a.get(&own).await;
    page.assert_status(StatusCode::OK)
        .assert_contains(fx.a.name)
        .assert_contains("href=\"/outcomes\"");
    for o in Outcome::ALL {
        page.assert_contains(&esc(o.title()));
    }
    // Their own team's and unit's figures, not another worker's or team's.
    page.assert_contains(&format!("href=\"/outcomes/teams/{}?", fx.north_team));
    page.assert_lacks(&format!("/outcomes/teams/{}", fx.south_team));
    a.get(&format!("/outcomes/teams/{}", fx.north_team))
        .await
        .assert_status(StatusCode::OK);
    a.get(&format!("/outcomes/units/{}", fx.north_unit))
        .await
        .assert_status(StatusCode::OK);
    a.get(&format!("/outcomes/workers/{}", fx.b.id))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    a.get(&format!(
        "/outcomes/workers/{}/measures/cla_3plus_placements",
        fx.b.id
    ))
    .await
    .assert_status(StatusCode::FORBIDDEN);
    a.get(&format!("/outcomes/teams/{}", fx.south_team))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    // The CSV of their own figures, as computed from the same record.
    let csv = a
        .get(&format!("{own}?year={}&format=csv", latest_year()))
        .await;
    csv.assert_status(StatusCode::OK);
    let r = computed(app, FigureScope::Worker(fx.a.id), latest_year()).await;
    assert_eq!(csv.body, report::csv(&r));
    // Someone who does not exist is not found.
    a.get(&format!(
        "/outcomes/workers/{}",
        hearth_core::ids::UserId::new()
    ))
    .await
    .assert_status(StatusCode::NOT_FOUND);
    let audit = app.store.audit_recent(500).await.unwrap();
    assert!(audit.iter().any(|e| e.actor == Some(fx.a.id)
        && e.what == "outcomes_computed"
        && e.outcome == Audit::Refused
        && e.subject == Some(fx.b.id.0)));
}
web_test!(a_social_worker_sees_their_own_figures_not_anothers);

async fn the_drill_down_names_only_children_the_viewer_may_read(app: &TestApp) {
    let fx = &app.fx;
    let st = state(app).await;
    let snapshot = hearth_web::insight::snapshot(&app.store, today())
        .await
        .unwrap();
    let behind = [
        Behind::Child(fx.c1.id),
        Behind::Child(fx.r.id),
        Behind::Child(fx.c1.id),
        Behind::Staff(fx.colleague.id),
    ];
    // The manager may read C1 (their service's family) but not R, whose
    // record is restricted to A: R is counted, never named.
    let manager = hearth_web::session::load_user(&st, fx.manager.id)
        .await
        .unwrap()
        .unwrap();
    let l = drill::listing(&st, &manager, None, &snapshot, &behind)
        .await
        .unwrap();
    let names: Vec<&str> = l.children.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, vec![fx.c1.name().as_str()]);
    assert_eq!(l.hidden_children, 1);
    assert_eq!(
        l.staff.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        vec![fx.colleague.name]
    );
    let audit = app.store.audit_for_subject(fx.r.id.0, 100).await.unwrap();
    assert!(
        audit.iter().any(|e| e.actor == Some(fx.manager.id)
            && e.what == "read_record"
            && e.outcome == Audit::Refused),
        "the hidden child's refusal is audited: {audit:?}"
    );
    let audit = app.store.audit_for_subject(fx.c1.id.0, 100).await.unwrap();
    assert!(audit.iter().any(|e| e.actor == Some(fx.manager.id)
        && e.what == "read_record"
        && e.outcome == Audit::Allowed));
    // A, named on R's record, sees both; staff are not listed for them.
    let a = hearth_web::session::load_user(&st, fx.a.id)
        .await
        .unwrap()
        .unwrap();
    let l = drill::listing(&st, &a, None, &snapshot, &behind)
        .await
        .unwrap();
    assert_eq!(l.children.len(), 2);
    assert_eq!(l.hidden_children, 0);
    assert!(l.staff.is_empty());
    assert_eq!(l.withheld_staff, 1);
    // B (South) may read neither child.
    let b = hearth_web::session::load_user(&st, fx.b.id)
        .await
        .unwrap()
        .unwrap();
    let l = drill::listing(&st, &b, None, &snapshot, &behind)
        .await
        .unwrap();
    assert!(l.children.is_empty());
    assert_eq!(l.hidden_children, 2);
    assert_eq!(
        drill::more(l.hidden_children, "child", "children"),
        "2 more children you do not have access to"
    );

    // The pages: every measure's drill-down lists exactly the children the
    // report counts that the manager may read, and counts the rest.
    let client = Client::sign_in(app, fx.manager.username).await;
    let r = computed(app, FigureScope::Council, latest_year()).await;
    for v in &r.measures {
        let m = v.measure().unwrap();
        let page = client
            .get(&format!(
                "/outcomes/measures/{}?year={}",
                v.id,
                latest_year()
            ))
            .await;
        page.assert_status(StatusCode::OK)
            .assert_contains(&esc(m.title))
            .assert_contains(&esc(&v.shown()));
        if m.counts == Counts::Children {
            let l = drill::listing(&st, &manager, None, &snapshot, &v.behind)
                .await
                .unwrap();
            for c in &l.children {
                page.assert_contains(&format!("href=\"/people/{}\"", c.id));
            }
            page.assert_lacks(&esc(&fx.r.name()));
            if l.hidden_children > 0 {
                page.assert_contains(&drill::more(l.hidden_children, "child", "children"));
            }
        }
        if m.counts == Counts::Nobody {
            page.assert_contains("there is no list of people behind it");
        }
    }
    client
        .get("/outcomes/measures/not_a_measure")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let csv = client
        .get("/outcomes/measures/cla_3plus_placements?format=csv")
        .await;
    csv.assert_status(StatusCode::OK);
    assert!(csv.body.starts_with("kind,id,name\n"), "{}", csv.body);
    assert!(csv
        .headers
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("attachment")));
}
web_test!(the_drill_down_names_only_children_the_viewer_may_read);

async fn csv_downloads_have_a_header_and_a_row_per_measure(app: &TestApp) {
    let fx = &app.fx;
    let manager = Client::sign_in(app, fx.manager.username).await;
    let year = latest_year() - 1;
    let csv = manager
        .get(&format!("/outcomes?year={year}&format=csv"))
        .await;
    csv.assert_status(StatusCode::OK);
    assert!(csv.content_type().starts_with("text/csv"));
    let disposition = csv
        .headers
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    let lines: Vec<&str> = csv.body.lines().collect();
    assert!(lines[0].starts_with("scope,scope_name,period_start,period_end,outcome,id,"));
    assert_eq!(lines.len(), 1 + MEASURES.len());
    for (line, m) in lines[1..].iter().zip(MEASURES) {
        assert!(line.starts_with("council,"), "{line}");
        assert!(line.contains(&format!(",{},", m.id)), "{line}");
    }
    let r = computed(app, FigureScope::Council, year).await;
    assert_eq!(csv.body, report::csv(&r));
    // A measure's trend: five statutory years and the rolling 12 months.
    let trend = manager
        .get(&format!(
            "/outcomes/teams/{}?year={year}&format=csv&trend=cla_long_term_stability",
            fx.north_team
        ))
        .await;
    trend.assert_status(StatusCode::OK);
    let lines: Vec<&str> = trend.body.lines().collect();
    assert_eq!(
        lines[0],
        "id,title,period_start,period_end,numerator,denominator,value,england_value,england_year"
    );
    assert_eq!(lines.len(), 1 + 5 + 1, "{}", trend.body);
    assert!(lines[1].contains(&format!("{}-04-01,{}-03-31", year - 5, year - 4)));
    assert!(lines[5].contains(&format!("{}-04-01,{year}-03-31", year - 1)));
    assert!(lines[1].ends_with(",69,2025"), "{}", lines[1]);
    manager
        .get("/outcomes?format=csv&trend=nothing")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}
web_test!(csv_downloads_have_a_header_and_a_row_per_measure);

async fn the_wall_shows_seven_tiles_and_no_personal_data(app: &TestApp) {
    let fx = &app.fx;
    let manager = Client::sign_in(app, fx.manager.username).await;
    for path in [
        "/outcomes/wall".to_string(),
        format!("/outcomes/teams/{}/wall", fx.north_team),
    ] {
        let page = manager.get(&path).await;
        page.assert_status(StatusCode::OK)
            .assert_contains("<meta http-equiv=\"refresh\" content=\"3600\">");
        assert_eq!(
            page.body.matches("<li class=\"hearth-wall__tile ").count(),
            7,
            "{path}"
        );
        for o in Outcome::ALL {
            page.assert_contains(&esc(o.title()));
        }
        for p in [&fx.c1, &fx.c2, &fx.m, &fx.father, &fx.r, &fx.outsider] {
            page.assert_lacks(p.given).assert_lacks(p.family);
        }
        // Not even the viewer's name.
        page.assert_lacks(fx.manager.name);
    }
    // Anyone reading it at a desk can stop the hourly reload.
    manager
        .get("/outcomes/wall?refresh=off")
        .await
        .assert_status(StatusCode::OK)
        .assert_lacks("http-equiv=\"refresh\"")
        .assert_contains("href=\"/outcomes/wall\"");
    // A team member sees their team's wall, not another team's.
    let a = Client::sign_in(app, fx.a.username).await;
    a.get(&format!("/outcomes/teams/{}/wall", fx.north_team))
        .await
        .assert_status(StatusCode::OK);
    a.get(&format!("/outcomes/teams/{}/wall", fx.south_team))
        .await
        .assert_status(StatusCode::FORBIDDEN);
}
web_test!(the_wall_shows_seven_tiles_and_no_personal_data);

async fn the_api_answers_the_report_as_json(app: &TestApp) {
    let fx = &app.fx;
    let token = hearth_web::session::random_token();
    app.store
        .add_api_token(&hearth_web::session::token_hash(&token), fx.data.id)
        .await
        .unwrap();
    let api = Api::new(app, Some(&token));
    let res = api.get("/api/v1/outcomes?year=2025").await;
    res.assert_status(StatusCode::OK);
    let body = res.json();
    assert_eq!(body["period"]["start"], "2024-04-01");
    assert_eq!(body["period"]["end"], "2025-03-31");
    assert_eq!(body["workforce_period"]["end"], "2025-09-30");
    assert_eq!(body["scope"]["kind"], "council");
    let ids: Vec<&str> = body["measures"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["id"].as_str())
        .collect();
    assert_eq!(ids, MEASURES.iter().map(|m| m.id).collect::<Vec<_>>());
    // The same JSON as `hearth outcomes --format json`.
    let r = computed(app, FigureScope::Council, 2025).await;
    assert_eq!(body, serde_json::to_value(&r).unwrap());
    let team = api
        .get(&format!(
            "/api/v1/outcomes?team={}&as_at=2026-01-15",
            fx.north_team
        ))
        .await
        .json();
    assert_eq!(team["scope"]["kind"], "team");
    assert_eq!(team["scope"]["id"], fx.north_team.to_string());
    assert_eq!(team["period"]["start"], "2025-01-16");
    assert_eq!(team["period"]["end"], "2026-01-15");
    api.get(&format!(
        "/api/v1/outcomes?team={}&unit={}",
        fx.north_team, fx.north_unit
    ))
    .await
    .assert_status(StatusCode::BAD_REQUEST);
    // A practitioner: their own figures only.
    let token = hearth_web::session::random_token();
    app.store
        .add_api_token(&hearth_web::session::token_hash(&token), fx.a.id)
        .await
        .unwrap();
    let a = Api::new(app, Some(&token));
    a.get(&format!("/api/v1/outcomes?worker={}", fx.a.id))
        .await
        .assert_status(StatusCode::OK);
    a.get("/api/v1/outcomes")
        .await
        .assert_status(StatusCode::FORBIDDEN);
    a.get(&format!("/api/v1/outcomes?worker={}", fx.b.id))
        .await
        .assert_status(StatusCode::FORBIDDEN);
}
web_test!(the_api_answers_the_report_as_json);

async fn the_council_page_puts_comparator_councils_beside_england(app: &TestApp) {
    use hearth_core::council::{Comparator, CouncilRecord, Item};
    use hearth_core::event::{Event, EventBody};
    let fx = &app.fx;
    let record = CouncilRecord::new(
        Some(fx.data.id),
        today(),
        Item::Comparator(Comparator {
            council: "Synthetic Shire".into(),
            measure: "cla_long_term_stability".into(),
            year: 2025,
            value: 71.5,
            source: "Synthetic Shire's published figures".into(),
        }),
    );
    app.store
        .append(vec![Event::new(
            Some(fx.data.id),
            record.on,
            EventBody::CouncilRecorded { record },
        )])
        .await
        .unwrap();
    let page = Client::sign_in(app, fx.manager.username)
        .await
        .get("/outcomes")
        .await;
    page.assert_status(StatusCode::OK)
        .assert_contains("Beside England and comparator councils")
        .assert_contains("Synthetic Shire")
        .assert_contains("71.5%")
        .assert_contains(&esc("Synthetic Shire's published figures"))
        // England's figure for the same measure sits beside it.
        .assert_contains("69.0%");
    // Only the council's page has the comparison.
    Client::sign_in(app, fx.manager.username)
        .await
        .get(&format!("/outcomes/teams/{}", fx.north_team))
        .await
        .assert_lacks("Synthetic Shire");
}
web_test!(the_council_page_puts_comparator_councils_beside_england);
