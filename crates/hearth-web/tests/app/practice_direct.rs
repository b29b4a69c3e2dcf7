//! Skilled direct work, intensity and consistency: a task handed to a
//! practice assistant, seen on their "My work" and marked done with what
//! happened; time recorded and the share in direct work computed, seen by
//! the practitioner and their service manager but not a colleague; visits
//! due from the plan and the last visit; lead practitioners counted with
//! their reasons; a lead who is not a qualified social worker warned about
//! until a supporting social worker is named.

use crate::client::Client;
use crate::harness::TestApp;
use hearth_core::calendar::add_working_days;
use hearth_core::event::{Event, EventBody};
use hearth_core::identifiers::RegistrationNumber;
use hearth_core::ids::*;
use hearth_core::journey::{JourneyStep, StepDetail};
use hearth_core::model::*;
use reqwest::StatusCode;
use time::{Date, Duration, OffsetDateTime};
use tokio::sync::OnceCell;

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

/// A date as the pages write it: "3 November 2026".
fn long(d: Date) -> String {
    format!(
        "{} {} {}",
        d.day(),
        MONTHS[d.month() as usize - 1],
        d.year()
    )
}

fn today() -> Date {
    OffsetDateTime::now_utc().date()
}

/// Staff the fixture has no need of elsewhere: a practice assistant and a
/// family practitioner in A's unit, and a registered social worker.
struct Staff {
    pa: (UserId, &'static str, &'static str),
    fp: (UserId, &'static str, &'static str),
    qsw: (UserId, &'static str, &'static str),
}

async fn hash() -> &'static str {
    static HASH: OnceCell<String> = OnceCell::const_new();
    HASH.get_or_init(|| async {
        hearth_web::password::hash(crate::fixture::PASSWORD)
            .await
            .expect("hash")
    })
    .await
}

async fn add_staff(app: &TestApp) -> Staff {
    let fx = &app.fx;
    let staff = Staff {
        pa: (UserId::new(), "pa.north", "Pia Assistantfake"),
        fp: (UserId::new(), "fp.north", "Flo Familyfake"),
        qsw: (UserId::new(), "qsw.north", "Reggie Registeredfake"),
    };
    let on = today() - Duration::days(30);
    let mut events = Vec::new();
    for ((id, username, name), discipline, reg) in [
        (staff.pa, Discipline::PracticeAssistant, None),
        (staff.fp, Discipline::FamilyPractitioner, None),
        (staff.qsw, Discipline::SocialWorker, Some("SW123456")),
    ] {
        events.push(Event::new(
            None,
            on,
            EventBody::PractitionerRegistered {
                practitioner: Practitioner {
                    id,
                    username: username.into(),
                    display_name: name.into(),
                    discipline,
                    registration_number: reg.map(|r| RegistrationNumber::parse(r).unwrap()),
                    employment: Employment::Permanent,
                    email: None,
                    active: true,
                    memberships: vec![],
                },
            },
        ));
        events.push(Event::new(
            None,
            on,
            EventBody::MembershipStarted {
                user_id: id,
                membership: Membership {
                    team_id: fx.north_team,
                    unit_id: Some(fx.north_unit),
                    from: on,
                    to: None,
                },
            },
        ));
    }
    app.store.append(events).await.unwrap();
    for (id, username, _) in [staff.pa, staff.fp, staff.qsw] {
        app.store
            .set_credential(id, username, hash().await)
            .await
            .unwrap();
    }
    staff
}

async fn a_task_is_handed_over_seen_in_my_work_and_marked_done(app: &TestApp) {
    let fx = &app.fx;
    let staff = add_staff(app).await;
    let f1 = fx.f1;
    let a = Client::sign_in(app, fx.a.username).await;
    let form = a.get(&format!("/families/{f1}/tasks/new")).await;
    form.assert_status(StatusCode::OK)
        .assert_contains("Pia Assistantfake (Practice assistant)")
        .assert_contains("Flo Familyfake (Family practitioner)")
        // Social workers are not offered: tasks go to those who free their time.
        .assert_lacks("Cal Unitcolleague");
    let yesterday = today() - Duration::days(1);
    let (d, m, y) = (
        yesterday.day().to_string(),
        (yesterday.month() as u8).to_string(),
        yesterday.year().to_string(),
    );
    let pa = staff.pa.0.to_string();
    let c1 = fx.c1.id.to_string();
    // No owner: refused with a message. Someone not offered (B, in the
    // South) is refused the same way.
    for owner in ["", &fx.b.id.to_string()] {
        a.post(
            &format!("/families/{f1}/tasks/new"),
            &[
                ("kind", "transport"),
                ("title", "School run on Monday"),
                ("owner", owner),
                ("due-day", &d),
                ("due-month", &m),
                ("due-year", &y),
            ],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("Select who will do the task")
        .assert_contains("School run on Monday");
    }
    let saved = a
        .post(
            &format!("/families/{f1}/tasks/new"),
            &[
                ("kind", "transport"),
                ("title", "School run on Monday"),
                ("detail", "Collect at 8am from the family home"),
                ("owner", &pa),
                ("about", &c1),
                ("due-day", &d),
                ("due-month", &m),
                ("due-year", &y),
            ],
        )
        .await;
    assert_eq!(saved.redirect(), format!("/families/{f1}/tasks"));
    // A task about the restricted child, for checking who sees it.
    let r = fx.r.id.to_string();
    a.post(
        &format!("/families/{f1}/tasks/new"),
        &[
            ("kind", "minutes"),
            ("title", "Minutes of the restricted meeting"),
            ("owner", &pa),
            ("about", &r),
            ("due-day", &d),
            ("due-month", &m),
            ("due-year", &y),
        ],
    )
    .await
    .redirect();
    let list = a.get(&format!("/families/{f1}/tasks")).await;
    list.assert_status(StatusCode::OK)
        .assert_contains("School run on Monday")
        .assert_contains("Pia Assistantfake")
        .assert_contains(&long(yesterday))
        .assert_contains("Overdue")
        .assert_contains(&fx.c1.name());
    // On the owner's "My work", overdue; on A's, handed over and open.
    let owner = Client::sign_in(app, staff.pa.1).await;
    owner
        .get("/")
        .await
        .assert_contains("My tasks")
        .assert_contains("School run on Monday")
        .assert_contains("Overdue")
        .assert_contains(fx.f1_name);
    a.get("/")
        .await
        .assert_contains("Tasks I handed over")
        .assert_contains("School run on Monday")
        .assert_contains(&format!("Open, due {}", long(yesterday)));
    // The owner marks it done: what happened is required.
    let row = list
        .body
        .split("School run on Monday")
        .nth(1)
        .expect("the task's row");
    let id = row
        .split(&format!("/families/{f1}/tasks/"))
        .skip(1)
        .filter_map(|s| s.split(['/', '"']).next())
        .find(|s| *s != "new")
        .expect("a task link")
        .to_string();
    let done = format!("/families/{f1}/tasks/{id}/done");
    owner
        .get(&done)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("Mark a task done");
    let (td, tm, ty) = (
        today().day().to_string(),
        (today().month() as u8).to_string(),
        today().year().to_string(),
    );
    let when = [("on-day", td.as_str()), ("on-month", &tm), ("on-year", &ty)];
    let mut form: Vec<(&str, &str)> = vec![("version", "1"), ("outcome", "")];
    form.extend(when);
    owner
        .post(&done, &form)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("Enter what happened, so the social worker knows");
    let mut form: Vec<(&str, &str)> = vec![
        ("version", "1"),
        (
            "outcome",
            "Took both children; they arrived on time and happy",
        ),
    ];
    form.extend(when);
    owner.post(&done, &form).await.redirect();
    a.get(&format!("/families/{f1}/tasks"))
        .await
        .assert_contains("Took both children; they arrived on time and happy");
    a.get("/")
        .await
        .assert_contains("Done</strong>")
        .assert_contains("Took both children; they arrived on time and happy");
    // Done, it leaves the owner's list. The task about the restricted child
    // is not shown to them either: they are not named on that child's record.
    owner
        .get("/")
        .await
        .assert_lacks("School run on Monday")
        .assert_lacks("Minutes of the restricted meeting");
    // Marking it done again from the old version is refused.
    owner
        .post(&done, &form)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("Someone else changed this record");
    // A colleague not named on the restricted child does not see its task;
    // B, with no link to the family, is refused.
    Client::sign_in(app, fx.colleague.username)
        .await
        .get(&format!("/families/{f1}/tasks"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("School run on Monday")
        .assert_lacks("Minutes of the restricted meeting");
    let b = Client::sign_in(app, fx.b.username).await;
    b.get(&format!("/families/{f1}/tasks"))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    b.get(&done).await.assert_status(StatusCode::FORBIDDEN);
    // The practice page lists the tool.
    a.get(&format!("/families/{f1}/practice"))
        .await
        .assert_contains("Delegated tasks")
        .assert_contains("Visit plans");
}
web_test!(a_task_is_handed_over_seen_in_my_work_and_marked_done);

async fn time_is_recorded_and_shared_with_the_manager_only(app: &TestApp) {
    let fx = &app.fx;
    let a = Client::sign_in(app, fx.a.username).await;
    a.get("/my-time")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("from 34% to 58%")
        .assert_contains("No time recorded yet");
    // Nothing entered, and minutes that are not a number: refused.
    let day = |d: &'static str, m: &'static str, y: &'static str| {
        vec![("on-day", d), ("on-month", m), ("on-year", y)]
    };
    a.post("/my-time", &day("15", "1", "2025"))
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("Enter the minutes for at least one kind of work");
    let mut bad = day("15", "1", "2025");
    bad.push(("travel-minutes", "an hour"));
    a.post("/my-time", &bad)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("Travel: enter the minutes as a whole number from 0 to 1440")
        .assert_contains("an hour");
    // January: 2 hours direct of 6 (33%). February: 3.5 of 5 (70%).
    let mut jan = day("15", "1", "2025");
    jan.extend([
        ("direct_work-minutes", "120"),
        ("recording-minutes", "180"),
        ("travel-minutes", "60"),
    ]);
    assert_eq!(
        a.post("/my-time", &jan).await.redirect(),
        "/my-time?saved=1"
    );
    let mut feb = day("3", "2", "2025");
    feb.extend([
        ("direct_work-minutes", "210"),
        ("meetings-minutes", "90"),
        ("note", "Core group and two home visits"),
    ]);
    a.post("/my-time", &feb).await.redirect();
    let t = today();
    let (td, tm, ty) = (
        t.day().to_string(),
        (t.month() as u8).to_string(),
        t.year().to_string(),
    );
    a.post(
        "/my-time",
        &[
            ("on-day", &td),
            ("on-month", &tm),
            ("on-year", &ty),
            ("direct_work-minutes", "60"),
            ("administration-minutes", "60"),
        ],
    )
    .await
    .redirect();
    let mine = a.get("/my-time").await;
    mine.assert_status(StatusCode::OK)
        .assert_contains("<svg class=\"hearth-chart\"")
        .assert_contains("January 2025")
        .assert_contains("33%")
        .assert_contains("70%")
        .assert_contains("50%")
        .assert_contains("Core group and two home visits");
    // A unit colleague and B are refused; the North manager may read it.
    let a_time = format!("/practitioners/{}/time", fx.a.id);
    Client::sign_in(app, fx.colleague.username)
        .await
        .get(&a_time)
        .await
        .assert_status(StatusCode::FORBIDDEN);
    Client::sign_in(app, fx.b.username)
        .await
        .get(&a_time)
        .await
        .assert_status(StatusCode::FORBIDDEN);
    let manager = Client::sign_in(app, fx.manager.username).await;
    manager
        .get(&a_time)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(fx.a.name)
        .assert_contains("33%")
        .assert_contains("70%")
        .assert_lacks("Record a day");
    // The team page: A's share this month (1 of 2 hours), and caseload.
    manager
        .get(&format!("/teams/{}", fx.north_team))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(fx.a.name)
        .assert_contains("50% (1 of 2 hours)");
    // The reads and the refusals are in the audit trail, about A.
    let audit = app.store.audit_for_subject(fx.a.id.0, 500).await.unwrap();
    assert!(audit
        .iter()
        .any(|e| e.actor == Some(fx.manager.id) && e.basis.as_deref() == Some("service")));
    assert!(
        audit
            .iter()
            .any(|e| e.actor == Some(fx.colleague.id)
                && e.basis.as_deref() == Some("no_relationship"))
    );
}
web_test!(time_is_recorded_and_shared_with_the_manager_only);

async fn visits_are_due_from_the_plan_and_the_last_visit(app: &TestApp) {
    let fx = &app.fx;
    let plan_start = today() - Duration::days(60);
    app.store
        .append(vec![Event::new(
            Some(fx.a.id),
            plan_start,
            EventBody::JourneyStepRecorded {
                person_id: fx.c1.id,
                step: JourneyStep {
                    id: StepId::new(),
                    detail: StepDetail::CpPlan {
                        episode: None,
                        start: plan_start,
                        end: None,
                        initial_category: "NEG".into(),
                        latest_category: "NEG".into(),
                        previous_plans: "0".into(),
                        reviews: vec![],
                    },
                },
            },
        )])
        .await
        .unwrap();
    let a = Client::sign_in(app, fx.a.username).await;
    // Ten working days from the fixture's visit (England's bank holidays
    // left out).
    let due = add_working_days(fx.visit_on, 10);
    let c1 = format!("/people/{}", fx.c1.id);
    let page = a.get(&c1).await;
    page.assert_status(StatusCode::OK)
        .assert_contains(&format!("Next visit due {}", long(due)))
        .assert_contains("Every 10 working days: Child protection plan");
    assert_eq!(page.body.contains("Overdue"), today() > due);
    a.get("/")
        .await
        .assert_contains(&long(due))
        .assert_contains("every 10 working days");
    // The plan sets it more often, with a reason: 5 working days.
    let f1 = fx.f1;
    let form = a
        .get(&format!(
            "/families/{f1}/visit-plans/new?child={}",
            fx.c1.id
        ))
        .await;
    form.assert_status(StatusCode::OK)
        .assert_contains("plan: Every 10 working days");
    let c1_id = fx.c1.id.to_string();
    a.post(
        &format!("/families/{f1}/visit-plans/new"),
        &[("child", &c1_id), ("every", "0"), ("reason", "")],
    )
    .await
    .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
    .assert_contains("Enter a whole number of working days from 1 to 130")
    .assert_contains("Enter the reason: what in the plan sets this frequency");
    a.post(
        &format!("/families/{f1}/visit-plans/new"),
        &[
            ("child", &c1_id),
            ("version", "0"),
            ("every", "5"),
            ("reason", "Seen weekly while the new plan settles"),
        ],
    )
    .await
    .redirect();
    let due = add_working_days(fx.visit_on, 5);
    let overdue = today() > due;
    let plans = a.get(&format!("/families/{f1}/visit-plans")).await;
    plans
        .assert_status(StatusCode::OK)
        .assert_contains("Every 5 working days")
        .assert_contains("Seen weekly while the new plan settles")
        .assert_contains(&long(due))
        .assert_contains(&long(fx.visit_on));
    assert_eq!(plans.body.contains("Overdue"), overdue);
    let page = a.get(&c1).await;
    page.assert_contains(&format!("Next visit due {}", long(due)));
    assert_eq!(page.body.contains("govuk-tag--red\">Overdue"), overdue);
    // Changed again from the same form: version 1 becomes 2.
    a.post(
        &format!("/families/{f1}/visit-plans/new"),
        &[
            ("child", &c1_id),
            ("version", "1"),
            ("every", "8"),
            ("reason", "Eight working days agreed at core group"),
        ],
    )
    .await
    .redirect();
    let due = add_working_days(fx.visit_on, 8);
    a.get(&c1)
        .await
        .assert_contains(&format!("Next visit due {}", long(due)))
        .assert_contains("Eight working days agreed at core group");
    // The manager's team page lists the child if the visit is overdue.
    let team = Client::sign_in(app, fx.manager.username)
        .await
        .get(&format!("/teams/{}", fx.north_team))
        .await;
    team.assert_status(StatusCode::OK)
        .assert_contains("Visits overdue");
    assert_eq!(
        team.body
            .contains(&format!("{}</a>: Due {}", fx.c1.name(), long(due))),
        today() > due
    );
}
web_test!(visits_are_due_from_the_plan_and_the_last_visit);

async fn lead_changes_are_counted_and_a_non_qualified_lead_needs_support(app: &TestApp) {
    let fx = &app.fx;
    let staff = add_staff(app).await;
    let a = Client::sign_in(app, fx.a.username).await;
    let c1 = format!("/people/{}", fx.c1.id);
    a.get(&c1)
        .await
        .assert_contains("1 lead practitioner in all; 1 in the last 12 months")
        .assert_lacks("No supporting social worker");
    let alloc = format!("{c1}/allocation");
    let colleague = fx.colleague.id.to_string();
    a.post(
        &alloc,
        &[
            ("practitioner", &colleague),
            ("reason", "Ava on long-term leave"),
        ],
    )
    .await
    .redirect();
    let fp = staff.fp.0.to_string();
    a.post(
        &alloc,
        &[
            ("practitioner", &fp),
            (
                "reason",
                "Stepped down to family help with a family practitioner",
            ),
        ],
    )
    .await
    .redirect();
    let page = a.get(&c1).await;
    page.assert_contains("3 lead practitioners in all; 3 in the last 12 months")
        .assert_contains("3 or more in a year")
        .assert_contains("Ava on long-term leave")
        .assert_contains("Stepped down to family help with a family practitioner")
        .assert_contains("No supporting social worker")
        .assert_contains("Flo Familyfake (Family practitioner), is not a qualified social worker");
    a.get(&alloc)
        .await
        .assert_contains("No supporting social worker")
        .assert_contains(&format!("{c1}/supporting-social-worker"));
    let team = format!("/teams/{}", fx.north_team);
    let manager = Client::sign_in(app, fx.manager.username).await;
    manager
        .get(&team)
        .await
        .assert_contains(&format!(
            "{}</a>: 3 lead practitioners in 12 months",
            fx.c1.name()
        ))
        .assert_contains(&format!(
            "{}</a>: Lead practitioner Flo Familyfake (Family practitioner)",
            fx.c1.name()
        ));
    // Only registered social workers are offered; anyone else is refused.
    let form_path = format!("{c1}/supporting-social-worker");
    a.get(&form_path)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains("Reggie Registeredfake (SW123456)")
        .assert_lacks(fx.colleague.name);
    a.post(&form_path, &[("social_worker", &colleague)])
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains("Select a qualified social worker");
    let qsw = staff.qsw.0.to_string();
    a.post(&form_path, &[("social_worker", &qsw), ("version", "0")])
        .await
        .redirect();
    a.get(&c1)
        .await
        .assert_lacks("No supporting social worker")
        .assert_contains("Supporting social worker: Reggie Registeredfake");
    a.get(&alloc)
        .await
        .assert_lacks("No supporting social worker")
        .assert_contains("is supported by Reggie Registeredfake");
    manager.get(&team).await.assert_contains(
        "Every lead practitioner who is not a qualified social worker has one named",
    );
    // B, with no link to the child, cannot name one.
    Client::sign_in(app, fx.b.username)
        .await
        .post(&form_path, &[("social_worker", &qsw)])
        .await
        .assert_status(StatusCode::FORBIDDEN);
}
web_test!(lead_changes_are_counted_and_a_non_qualified_lead_needs_support);
