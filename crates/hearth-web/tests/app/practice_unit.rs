//! Group case discussion and systemic hypotheses: a unit meeting planned
//! from the unit's caseload, a family's discussion recorded with owned
//! actions, the open actions carried to the next meeting and marked done,
//! sign-off only by the unit's consultant or a manager, a cancelled meeting
//! with its reason, refusal for anyone outside the unit (audited), and a
//! hypothesis revisited with its history shown.

use crate::client::{Client, Page};
use crate::harness::TestApp;
use hearth_core::event::{Event, EventBody};
use hearth_core::ids::UnitId;
use hearth_core::model::Unit;
use reqwest::StatusCode;
use time::{Date, Duration, OffsetDateTime};

fn today() -> Date {
    OffsetDateTime::now_utc().date()
}

/// The three boxes of a date input named `name`.
fn date_fields(name: &str, d: Date) -> Vec<(String, String)> {
    vec![
        (format!("{name}-day"), d.day().to_string()),
        (format!("{name}-month"), (d.month() as u8).to_string()),
        (format!("{name}-year"), d.year().to_string()),
    ]
}

fn long(d: Date) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    format!(
        "{} {} {}",
        d.day(),
        MONTHS[d.month() as usize - 1],
        d.year()
    )
}

async fn post_owned(c: &Client, path: &str, form: &[(String, String)]) -> Page {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    c.post(path, &pairs).await
}

/// The id after `prefix` in the first link to it (not "new").
fn id_after(page: &Page, prefix: &str) -> String {
    page.body
        .split(prefix)
        .skip(1)
        .filter_map(|s| s.split(['"', '/', '?', '#']).next())
        .find(|s| *s != "new" && s.len() == 36)
        .unwrap_or_else(|| panic!("a link starting {prefix} in the page"))
        .to_string()
}

/// Every id after `prefix` in the page's links.
fn ids_after(page: &Page, prefix: &str) -> Vec<String> {
    page.body
        .split(prefix)
        .skip(1)
        .filter_map(|s| s.split(['"', '/', '?', '#']).next())
        .filter(|s| s.len() == 36)
        .map(str::to_string)
        .collect()
}

/// Plans a meeting of the fixture's unit today with `agenda`, attended by
/// A and the colleague, chaired by A. Returns the meeting's path.
async fn plan_meeting(c: &Client, app: &TestApp, agenda: &[String]) -> String {
    let fx = &app.fx;
    let u = fx.north_unit;
    let mut form = date_fields("on", today());
    form.push(("went_ahead".into(), "yes".into()));
    form.push(("chair".into(), fx.a.id.to_string()));
    form.push(("attendees".into(), fx.a.id.to_string()));
    form.push(("attendees".into(), fx.colleague.id.to_string()));
    for f in agenda {
        form.push(("agenda".into(), f.clone()));
    }
    let saved = post_owned(c, &format!("/units/{u}/meetings/new"), &form).await;
    let to = saved.redirect();
    assert!(to.starts_with(&format!("/units/{u}/meetings/")), "{to}");
    to
}

async fn a_meeting_is_built_from_the_caseload_and_its_actions_carried_on(app: &TestApp) {
    let fx = &app.fx;
    let a = Client::sign_in(app, fx.a.username).await;
    let (u, f1) = (fx.north_unit, fx.f1);
    // The family page names the unit and links to it; so does the team page.
    a.get(&format!("/families/{f1}"))
        .await
        .assert_contains(&format!("href=\"/units/{u}\">North unit one</a>"));
    a.get(&format!("/teams/{}", fx.north_team))
        .await
        .assert_contains(&format!("/units/{u}"));
    // The unit's page: members, caseload with children and lead practitioner.
    a.get(&format!("/units/{u}"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("North unit one")
        .assert_contains(fx.colleague.name)
        .assert_contains(fx.f1_name)
        .assert_contains(&fx.c1.name())
        .assert_contains(fx.a.name)
        .assert_contains(&fx.r.name())
        .assert_contains("No unit meetings have been recorded yet");
    // The restricted child is shown only to those named on the record.
    Client::sign_in(app, fx.colleague.username)
        .await
        .get(&format!("/units/{u}"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&fx.c1.name())
        .assert_lacks(fx.r.given);
    // The agenda offers the caseload, new families ticked with the reason.
    let form = a.get(&format!("/units/{u}/meetings/new")).await;
    form.assert_status(StatusCode::OK)
        .assert_contains(&format!("value=\"{f1}\" checked"))
        .assert_contains("Not discussed in a unit meeting yet")
        .assert_contains(&format!("value=\"{}\" checked", fx.colleague.id));
    // A meeting that went ahead needs its agenda and attendees.
    let mut empty = date_fields("on", today());
    empty.push(("went_ahead".into(), "yes".into()));
    post_owned(&a, &format!("/units/{u}/meetings/new"), &empty)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("Choose at least one family for the agenda")
        .assert_contains("Choose who attended the meeting");
    let first = plan_meeting(&a, app, &[f1.to_string()]).await;
    let mid = first.rsplit('/').next().unwrap().to_string();
    a.get(&first)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&format!("Unit meeting, {}", long(today())))
        .assert_contains(fx.colleague.name)
        .assert_contains(&format!("/families/{f1}/discussions/new?meeting={mid}"));

    // The discussion, from the meeting: attendees carried over.
    let new = format!("/families/{f1}/discussions/new?meeting={mid}");
    a.get(&new)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&format!("value=\"{mid}\""))
        .assert_contains(&format!("value=\"{}\" checked", fx.colleague.id));
    let mut form = date_fields("on", today());
    form.extend([
        ("meeting".to_string(), mid.clone()),
        ("rows".to_string(), "3".to_string()),
        ("attended".to_string(), fx.a.id.to_string()),
        ("attended".to_string(), fx.colleague.id.to_string()),
        ("others_present".to_string(), "The school nurse".to_string()),
        (
            "hypotheses".to_string(),
            "Mum's isolation since the move keeps the arguments going".to_string(),
        ),
        (
            "action-0-what".to_string(),
            "Visit Nan about the safety network".to_string(),
        ),
    ]);
    // No decisions and an action with no owner: both explained.
    post_owned(&a, &format!("/families/{f1}/discussions/new"), &form)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("Write the decisions made")
        .assert_contains("Action 1: choose who owns it")
        .assert_contains("Visit Nan about the safety network");
    form.push((
        "decisions".to_string(),
        "Stay with the child in need plan for now".to_string(),
    ));
    form.push(("action-0-owner".to_string(), fx.colleague.id.to_string()));
    form.extend(date_fields("action-0-due", today() - Duration::days(2)));
    form.push(("action-1-what".to_string(), "Ring the school".to_string()));
    form.push(("action-1-owner".to_string(), fx.a.id.to_string()));
    form.extend(date_fields("action-1-due", today() + Duration::days(10)));
    let saved = post_owned(&a, &format!("/families/{f1}/discussions/new"), &form).await;
    assert_eq!(saved.redirect(), first, "back to the meeting");
    let meeting = a.get(&first).await;
    meeting
        .assert_contains("Stay with the child in need plan for now")
        .assert_contains("Awaiting management sign-off")
        .assert_contains("Change the discussion");
    // The same meeting's discussion is carried on, not duplicated.
    let again = a.get(&new).await;
    assert!(again
        .redirect()
        .starts_with(&format!("/families/{f1}/discussions/")));
    // The family's discussions: open actions, the overdue one marked.
    let list = a.get(&format!("/families/{f1}/discussions")).await;
    list.assert_status(StatusCode::OK)
        .assert_contains("Visit Nan about the safety network")
        .assert_contains("Ring the school")
        .assert_contains("Overdue")
        .assert_contains("The school nurse")
        .assert_contains(&format!("Unit meeting of {}", long(today())));
    let pid = id_after(&list, &format!("/families/{f1}/discussions/"));

    // The next week's agenda ticks the family for its overdue action.
    a.get(&format!("/units/{u}/meetings/new"))
        .await
        .assert_contains("1 action overdue");
    let second = plan_meeting(&a, app, &[f1.to_string()]).await;
    assert_ne!(second, first);
    let next = a.get(&second).await;
    next.assert_contains("Open actions from earlier discussions")
        .assert_contains("Visit Nan about the safety network")
        .assert_contains("Ring the school")
        .assert_contains("Overdue")
        .assert_contains(&format!("/families/{f1}/discussions/{pid}/actions/0/done"));
    // Marked done from the meeting's page: back there, no longer carried.
    let done = a
        .post(
            &format!("/families/{f1}/discussions/{pid}/actions/0/done"),
            &[("version", "1"), ("back", &second)],
        )
        .await;
    assert_eq!(done.redirect(), second);
    a.get(&second)
        .await
        .assert_lacks("Visit Nan about the safety network")
        .assert_contains("Ring the school");
    // The family's page shows it done; marking it from a stale page is
    // refused with a message rather than overwriting.
    a.get(&format!("/families/{f1}/discussions"))
        .await
        .assert_contains(&format!("Done {}", long(today())));
    a.post(
        &format!("/families/{f1}/discussions/{pid}/actions/1/done"),
        &[("version", "1")],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("Someone else changed this record while you were editing it");
    let done = a
        .post(
            &format!("/families/{f1}/discussions/{pid}/actions/1/done"),
            &[("version", "2")],
        )
        .await;
    assert_eq!(
        done.redirect(),
        format!("/families/{f1}/discussions?done=1")
    );
    a.get(&format!("/families/{f1}/discussions"))
        .await
        .assert_contains("There are no open actions");
    // The unit page lists both meetings and the family as discussed today.
    a.get(&format!("/units/{u}"))
        .await
        .assert_contains(&format!("Meeting of {}", long(today())))
        .assert_lacks("No unit meetings have been recorded yet");
}
web_test!(a_meeting_is_built_from_the_caseload_and_its_actions_carried_on);

/// Records a discussion of F1 outside a meeting as `c`; returns its id.
async fn record_discussion(c: &Client, app: &TestApp, decisions: &str) -> String {
    let f1 = app.fx.f1;
    let mut form = date_fields("on", today());
    form.extend([
        ("rows".to_string(), "3".to_string()),
        ("attended".to_string(), app.fx.a.id.to_string()),
        ("decisions".to_string(), decisions.to_string()),
    ]);
    let prefix = format!("/families/{f1}/discussions/");
    let before = ids_after(
        &c.get(&format!("/families/{f1}/discussions")).await,
        &prefix,
    );
    let saved = post_owned(c, &format!("/families/{f1}/discussions/new"), &form).await;
    assert_eq!(saved.redirect(), format!("/families/{f1}/discussions"));
    let list = c.get(&format!("/families/{f1}/discussions")).await;
    ids_after(&list, &prefix)
        .into_iter()
        .find(|id| !before.contains(id))
        .expect("the new discussion listed")
}

async fn only_a_manager_or_the_consultant_signs_off(app: &TestApp) {
    let fx = &app.fx;
    let f1 = fx.f1;
    let a = Client::sign_in(app, fx.a.username).await;
    let pid = record_discussion(&a, app, "Convene a family group conference").await;
    let sign = format!("/families/{f1}/discussions/{pid}/sign-off");
    // A unit member who is neither consultant nor manager may not.
    a.get(&format!("/families/{f1}/discussions"))
        .await
        .assert_contains("Awaiting sign-off")
        .assert_lacks(&sign);
    a.get(&sign).await.assert_status(StatusCode::FORBIDDEN);
    a.post(&sign, &[("version", "1"), ("note", "Agreed")])
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let audit = app
        .store
        .audit_for_subject(fx.north_unit.0, 100)
        .await
        .unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.actor == Some(fx.a.id) && e.outcome == hearth_core::audit::Outcome::Refused),
        "the refused sign-off is audited against the unit: {audit:?}"
    );
    // The manager of the service sees it waiting and signs it off.
    let m = Client::sign_in(app, fx.manager.username).await;
    m.get(&format!("/units/{}", fx.north_unit))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("Decisions awaiting sign-off")
        .assert_contains(&sign);
    m.get(&format!("/families/{f1}/discussions"))
        .await
        .assert_contains(&sign);
    m.get(&sign)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("Convene a family group conference");
    m.post(&sign, &[("version", "1"), ("note", "")])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("Write your oversight note");
    let done = m
        .post(
            &sign,
            &[("version", "1"), ("note", "Agreed; review in four weeks")],
        )
        .await;
    assert_eq!(
        done.redirect(),
        format!("/families/{f1}/discussions?signed=1")
    );
    let list = a.get(&format!("/families/{f1}/discussions")).await;
    list.assert_contains(&format!(
        "Signed off by {} on {}",
        fx.manager.name,
        long(today())
    ))
    .assert_contains("Agreed; review in four weeks");
    a.get(&format!("/units/{}", fx.north_unit))
        .await
        .assert_lacks("Decisions awaiting sign-off");
    // Changing the decisions afterwards needs a new sign-off.
    let edit = format!("/families/{f1}/discussions/{pid}");
    a.get(&edit)
        .await
        .assert_contains("Changing the decisions will need a new sign-off");
    let mut form = date_fields("on", today());
    form.extend([
        ("version".to_string(), "2".to_string()),
        ("rows".to_string(), "3".to_string()),
        ("attended".to_string(), fx.a.id.to_string()),
        ("decisions".to_string(), "Start pre-proceedings".to_string()),
    ]);
    post_owned(&a, &edit, &form).await.redirect();
    a.get(&format!("/families/{f1}/discussions"))
        .await
        .assert_contains("Awaiting sign-off")
        .assert_lacks("Agreed; review in four weeks");

    // A unit whose consultant is the colleague: the consultant signs off
    // its discussions; the unit's other workers still may not.
    let u2 = UnitId::new();
    app.store
        .append(vec![
            Event::new(
                None,
                today(),
                EventBody::UnitCreated {
                    unit: Unit {
                        id: u2,
                        team_id: fx.north_team,
                        name: "North unit two".into(),
                        consultant: Some(fx.colleague.id),
                        start: today(),
                        end: None,
                    },
                },
            ),
            Event::new(
                None,
                today(),
                EventBody::FamilyAllocatedToTeam {
                    family_id: f1,
                    team_id: fx.north_team,
                    unit_id: Some(u2),
                },
            ),
        ])
        .await
        .unwrap();
    let pid2 = record_discussion(&a, app, "Ask the family therapist to join").await;
    let sign2 = format!("/families/{f1}/discussions/{pid2}/sign-off");
    a.get(&sign2).await.assert_status(StatusCode::FORBIDDEN);
    let consultant = Client::sign_in(app, fx.colleague.username).await;
    consultant
        .get(&format!("/units/{u2}"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("Consultant social worker")
        .assert_contains(&sign2);
    let done = consultant
        .post(&sign2, &[("version", "1"), ("note", "Yes, and invite Nan")])
        .await;
    assert_eq!(
        done.redirect(),
        format!("/families/{f1}/discussions?signed=1")
    );
    a.get(&format!("/families/{f1}/discussions"))
        .await
        .assert_contains(&format!("Signed off by {}", fx.colleague.name));
    // A is not in the new unit: its page is refused.
    a.get(&format!("/units/{u2}"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
}
web_test!(only_a_manager_or_the_consultant_signs_off);

async fn a_cancelled_meeting_is_recorded_with_its_reason(app: &TestApp) {
    let fx = &app.fx;
    let (u, f1) = (fx.north_unit, fx.f1);
    let a = Client::sign_in(app, fx.a.username).await;
    let mut form = date_fields("on", today());
    form.push(("went_ahead".into(), "no".into()));
    form.push(("agenda".into(), f1.to_string()));
    post_owned(&a, &format!("/units/{u}/meetings/new"), &form)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("Give the reason the meeting was cancelled");
    form.push(("reason".into(), "Court hearing for two unit members".into()));
    let saved = post_owned(&a, &format!("/units/{u}/meetings/new"), &form).await;
    let path = saved.redirect();
    let mid = path.rsplit('/').next().unwrap().to_string();
    a.get(&path)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("Cancelled")
        .assert_contains("Court hearing for two unit members")
        .assert_lacks("Record the discussion");
    a.get(&format!("/units/{u}"))
        .await
        .assert_contains("Cancelled: Court hearing for two unit members");
    // No discussion can be recorded against a meeting that did not happen.
    a.get(&format!("/families/{f1}/discussions/new?meeting={mid}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // The family was not discussed, so it is still put forward.
    a.get(&format!("/units/{u}/meetings/new"))
        .await
        .assert_contains("Not discussed in a unit meeting yet");

    // A meeting planned ahead and later called off: changed, not re-made.
    let planned = plan_meeting(&a, app, &[f1.to_string()]).await;
    let edit = format!("{planned}/edit");
    a.get(&edit)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("Change a unit meeting")
        .assert_contains(&format!("value=\"{f1}\" checked"))
        .assert_contains("name=\"version\" value=\"1\"");
    let mut change = date_fields("on", today() + Duration::days(7));
    change.extend([
        ("version".to_string(), "1".to_string()),
        ("went_ahead".to_string(), "no".to_string()),
        (
            "reason".to_string(),
            "Consultant social worker on leave".to_string(),
        ),
        ("agenda".to_string(), f1.to_string()),
    ]);
    assert_eq!(post_owned(&a, &edit, &change).await.redirect(), planned);
    a.get(&planned)
        .await
        .assert_contains("Consultant social worker on leave")
        .assert_contains(&format!(
            "Unit meeting, {}",
            long(today() + Duration::days(7))
        ));
    // The same change from a stale form is refused, with the typed reason kept.
    post_owned(&a, &edit, &change)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("Someone else changed this record while you were editing it")
        .assert_contains("Consultant social worker on leave");
    // Too far ahead to plan.
    let mut far = date_fields("on", today() + Duration::days(60));
    far.extend([
        ("went_ahead".to_string(), "no".to_string()),
        ("reason".to_string(), "Planning far ahead".to_string()),
    ]);
    post_owned(&a, &format!("/units/{u}/meetings/new"), &far)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("no more than 4 weeks from today");
}
web_test!(a_cancelled_meeting_is_recorded_with_its_reason);

async fn someone_outside_the_unit_is_refused(app: &TestApp) {
    let fx = &app.fx;
    let (u, f1) = (fx.north_unit, fx.f1);
    let a = Client::sign_in(app, fx.a.username).await;
    let meeting = plan_meeting(&a, app, &[f1.to_string()]).await;
    let b = Client::sign_in(app, fx.b.username).await;
    for path in [
        format!("/units/{u}"),
        format!("/units/{u}/meetings/new"),
        meeting.clone(),
        format!("/families/{f1}/discussions"),
        format!("/families/{f1}/discussions/new"),
        format!("/families/{f1}/hypotheses"),
        format!("/families/{f1}/hypotheses/new"),
    ] {
        b.get(&path).await.assert_status(StatusCode::FORBIDDEN);
    }
    let mut form = date_fields("on", today());
    form.push(("went_ahead".into(), "no".into()));
    form.push(("reason".into(), "Not my unit".into()));
    post_owned(&b, &format!("/units/{u}/meetings/new"), &form)
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let audit = app.store.audit_for_subject(u.0, 100).await.unwrap();
    assert!(
        audit.iter().any(|e| e.actor == Some(fx.b.id)
            && e.outcome == hearth_core::audit::Outcome::Refused
            && e.basis.as_deref() == Some("no_relationship")),
        "B's refusal is audited against the unit: {audit:?}"
    );
    assert!(
        audit.iter().any(|e| e.actor == Some(fx.a.id)
            && e.outcome == hearth_core::audit::Outcome::Allowed
            && e.basis.as_deref() == Some("unit")),
        "A's reads are audited too"
    );
    // The data team does not open unit records; the service's manager does.
    let data = Client::sign_in(app, fx.data.username).await;
    data.get(&format!("/units/{u}"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let m = Client::sign_in(app, fx.manager.username).await;
    m.get(&format!("/units/{u}"))
        .await
        .assert_status(StatusCode::OK);
    m.get(&meeting).await.assert_status(StatusCode::OK);
    // A meeting id of another unit, or nonsense, is not found.
    a.get(&format!("/units/{u}/meetings/{}", fx.f1))
        .await
        .assert_status(StatusCode::NOT_FOUND);
}
web_test!(someone_outside_the_unit_is_refused);

async fn a_hypothesis_is_revisited_with_its_history_shown(app: &TestApp) {
    let fx = &app.fx;
    let f1 = fx.f1;
    let a = Client::sign_in(app, fx.a.username).await;
    a.get(&format!("/families/{f1}/practice"))
        .await
        .assert_contains("Hypotheses")
        .assert_contains("Case discussions")
        .assert_contains(&format!("/families/{f1}/hypotheses"))
        .assert_contains(&format!("/families/{f1}/discussions"));
    let mut form = date_fields("on", today() - Duration::days(30));
    form.push(("held_by".into(), "The unit".into()));
    post_owned(&a, &format!("/families/{f1}/hypotheses/new"), &form)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("Write the hypothesis")
        .assert_contains("value=\"The unit\"");
    let statement = "The arguments at home follow money worries at the end of each month";
    form.extend([
        ("statement".to_string(), statement.to_string()),
        (
            "evidence_for".to_string(),
            "Police call-outs were in the last week of the month".to_string(),
        ),
        ("status".to_string(), "open".to_string()),
        ("about".to_string(), fx.m.id.to_string()),
    ]);
    let saved = post_owned(&a, &format!("/families/{f1}/hypotheses/new"), &form).await;
    assert_eq!(saved.redirect(), format!("/families/{f1}/hypotheses"));
    let list = a.get(&format!("/families/{f1}/hypotheses")).await;
    list.assert_contains(statement)
        .assert_contains("Being explored")
        .assert_contains("Not revisited yet")
        .assert_contains(&fx.m.name());
    let hid = id_after(&list, &format!("/families/{f1}/hypotheses/"));
    let revisit = format!("/families/{f1}/hypotheses/{hid}/revisit");
    a.get(&revisit)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(statement);
    let mut r1 = date_fields("on", today() - Duration::days(14));
    r1.push(("version".into(), "1".into()));
    r1.push(("status".into(), "supported".into()));
    post_owned(&a, &revisit, &r1)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("Write what has changed");
    r1.push((
        "note".into(),
        "Budgeting support started and the last month was calm".into(),
    ));
    post_owned(&a, &revisit, &r1).await.redirect();
    a.get(&format!("/families/{f1}/hypotheses"))
        .await
        .assert_contains("Supported by the evidence")
        .assert_contains("Budgeting support started and the last month was calm");
    // A revisit dated before the last one is refused.
    let mut early = date_fields("on", today() - Duration::days(20));
    early.extend([
        ("version".to_string(), "2".to_string()),
        ("status".to_string(), "set_aside".to_string()),
        ("note".to_string(), "Out of order".to_string()),
    ]);
    post_owned(&a, &revisit, &early)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("A revisit cannot be dated before the last one");
    let mut r2 = date_fields("on", today());
    r2.extend([
        ("version".to_string(), "2".to_string()),
        ("status".to_string(), "set_aside".to_string()),
        (
            "note".to_string(),
            "An argument happened mid-month with no money worry; Dad's drinking fits better"
                .to_string(),
        ),
    ]);
    post_owned(&a, &revisit, &r2).await.redirect();
    // Changing the wording keeps the history.
    let mut edit = date_fields("on", today() - Duration::days(30));
    edit.extend([
        ("version".to_string(), "3".to_string()),
        (
            "statement".to_string(),
            format!("{statement}, and after pay day"),
        ),
        ("held_by".to_string(), "The unit".to_string()),
    ]);
    post_owned(&a, &format!("/families/{f1}/hypotheses/{hid}"), &edit)
        .await
        .redirect();
    let page = a.get(&format!("/families/{f1}/hypotheses")).await;
    page.assert_contains("Set aside")
        .assert_contains("and after pay day")
        .assert_contains("History of this hypothesis");
    let first = page
        .body
        .find("Budgeting support started")
        .expect("first revisit shown");
    let second = page
        .body
        .rfind("Dad&#x27;s drinking fits better")
        .or_else(|| page.body.rfind("drinking fits better"))
        .expect("second revisit shown");
    assert!(first < second, "the history reads oldest first");
    assert!(page.body.contains(&format!(
        "{}: written, being explored",
        long(today() - Duration::days(30))
    )));
    // The discussion form offers the family's hypotheses to link.
    a.get(&format!("/families/{f1}/discussions/new"))
        .await
        .assert_contains(&format!("value=\"{hid}\""))
        .assert_contains("(set aside)");

    // A hypothesis about the restricted child is kept from the colleague.
    let mut about_r = date_fields("on", today());
    about_r.extend([
        (
            "statement".to_string(),
            "Rowan's worries hypothesis".to_string(),
        ),
        ("held_by".to_string(), "The social worker".to_string()),
        ("about".to_string(), fx.r.id.to_string()),
    ]);
    post_owned(&a, &format!("/families/{f1}/hypotheses/new"), &about_r)
        .await
        .redirect();
    a.get(&format!("/families/{f1}/hypotheses"))
        .await
        .assert_contains("worries hypothesis");
    let colleague = Client::sign_in(app, fx.colleague.username).await;
    colleague
        .get(&format!("/families/{f1}/hypotheses"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("and after pay day")
        .assert_lacks("worries hypothesis");
}
web_test!(a_hypothesis_is_revisited_with_its_history_shown);
