//! A small fictional council, built straight from journal events. Every name
//! here is invented and obviously synthetic.
//!
//! - Services "North" and "South". North has an assessment team with a unit
//!   and a front-door team; South has one family support team.
//! - A domestic abuse specialist in no team, and a school's partner account.
//! - Practitioners: social worker A (North unit, lead practitioner for C1),
//!   a unit colleague of A, social worker B (South, no link to F1), a manager
//!   (North front-door team, so North service oversight), a data team user,
//!   an administrator and a front-door worker.
//! - Family F1 (allocated to the North team and unit): child C1, sibling C2,
//!   mother M, a non-resident father, and a restricted child R with a named
//!   grant to A only. Relationships (parents with parental responsibility,
//!   siblings), one household, a warning note on M, and one finalised visit
//!   recorded ten days ago.
//! - Family F2 (South) with one adult outsider O, for linking tests.

use hearth_core::event::{Event, EventBody};
use hearth_core::ids::*;
use hearth_core::model::*;
use hearth_store::Store;
use time::macros::date;
use time::{Date, Duration, OffsetDateTime};
use tokio::sync::OnceCell;

pub const PASSWORD: &str = "a-long-test-password";

pub const NORTH: &str = "Children's social care - North";
pub const SOUTH: &str = "Children's social care - South";

/// A practitioner in the fixture.
#[derive(Clone, Debug)]
pub struct User {
    pub id: UserId,
    pub username: &'static str,
    pub name: &'static str,
}

/// A person in the fixture.
#[derive(Clone, Debug)]
pub struct Someone {
    pub id: PersonId,
    pub given: &'static str,
    pub family: &'static str,
    pub dob: Date,
}

impl Someone {
    pub fn name(&self) -> String {
        format!("{} {}", self.given, self.family)
    }
}

#[derive(Clone, Debug)]
pub struct Fixture {
    pub north_team: TeamId,
    pub north_unit: UnitId,
    pub front_door_team: TeamId,
    pub south_team: TeamId,
    pub a: User,
    pub colleague: User,
    pub b: User,
    pub manager: User,
    pub data: User,
    pub admin: User,
    pub front_door: User,
    /// A domestic abuse specialist in no team (not yet on F1's team).
    pub specialist: User,
    /// A school's designated safeguarding lead with a partner account.
    pub partner: User,
    pub f1: FamilyId,
    pub f1_name: &'static str,
    pub f2: FamilyId,
    pub c1: Someone,
    pub c2: Someone,
    pub m: Someone,
    pub father: Someone,
    pub r: Someone,
    pub outsider: Someone,
    pub household_line1: &'static str,
    pub warning_category: &'static str,
    pub warning_detail: &'static str,
    /// The finalised visit, recorded ten days ago.
    pub visit: RecordId,
    pub visit_title: &'static str,
    pub visit_on: Date,
}

impl Fixture {
    pub fn users(&self) -> [&User; 9] {
        [
            &self.specialist,
            &self.partner,
            &self.a,
            &self.colleague,
            &self.b,
            &self.manager,
            &self.data,
            &self.admin,
            &self.front_door,
        ]
    }
}

/// The password hash, computed once per test process (argon2id is slow in
/// debug builds) and shared by every user.
async fn password_hash() -> &'static str {
    static HASH: OnceCell<String> = OnceCell::const_new();
    HASH.get_or_init(|| async {
        hearth_web::password::hash(PASSWORD)
            .await
            .expect("hash the test password")
    })
    .await
}

fn user(username: &'static str, name: &'static str) -> User {
    User {
        id: UserId::new(),
        username,
        name,
    }
}

fn someone(given: &'static str, family: &'static str, dob: Date) -> Someone {
    Someone {
        id: PersonId::new(),
        given,
        family,
        dob,
    }
}

fn practitioner(u: &User, discipline: Discipline) -> EventBody {
    EventBody::PractitionerRegistered {
        practitioner: Practitioner {
            id: u.id,
            username: u.username.into(),
            display_name: u.name.into(),
            discipline,
            registration_number: None,
            employment: Employment::Permanent,
            email: None,
            active: true,
            memberships: vec![],
        },
    }
}

fn member(u: &User, team: TeamId, unit: Option<UnitId>, from: Date) -> EventBody {
    EventBody::MembershipStarted {
        user_id: u.id,
        membership: Membership {
            team_id: team,
            unit_id: unit,
            from,
            to: None,
        },
    }
}

fn register(p: &Someone, kind: PersonKind) -> EventBody {
    EventBody::PersonRegistered {
        person_id: p.id,
        kind,
        details: PersonDetails {
            given_names: p.given.into(),
            family_name: p.family.into(),
            date_of_birth: Some(p.dob),
            ..Default::default()
        },
    }
}

fn relationship(from: &Someone, to: &Someone, kind: RelationshipKind, pr: bool) -> EventBody {
    EventBody::RelationshipRecorded {
        relationship: Relationship {
            id: RelationshipId::new(),
            from: from.id,
            to: to.id,
            kind,
            parental_responsibility: pr,
            quality: Some(RelationshipQuality::Supportive),
            start: None,
            end: None,
        },
    }
}

/// Writes the fixture council into `store` and sets every user's password.
pub async fn build(store: &Store) -> Fixture {
    let now = OffsetDateTime::now_utc();
    let opened_at = now - Duration::days(30);
    let opened_on = opened_at.date();
    let visit_at = now - Duration::days(10);
    let visit_on = visit_at.date();

    let fx = Fixture {
        north_team: TeamId::new(),
        north_unit: UnitId::new(),
        front_door_team: TeamId::new(),
        south_team: TeamId::new(),
        a: user("sw.a", "Ava Testworker"),
        colleague: user("sw.colleague", "Cal Unitcolleague"),
        b: user("sw.b", "Ben Southworker"),
        manager: user("manager.north", "Mina Northmanager"),
        data: user("data.team", "Dana Dataperson"),
        admin: user("admin", "Adam Adminperson"),
        front_door: user("front.door", "Fern Frontdoor"),
        specialist: user("da.specialist", "Dana Specialist"),
        partner: user("school.partner", "Pat Partner"),
        f1: FamilyId::new(),
        f1_name: "Testington family",
        f2: FamilyId::new(),
        c1: someone("Zephyrine", "Testington", date!(2016 - 05 - 04)),
        c2: someone("Quillon", "Testington", date!(2018 - 09 - 12)),
        m: someone("Marigoldia", "Testington", date!(1988 - 02 - 02)),
        father: someone("Orrinald", "Fakenamesson", date!(1985 - 07 - 07)),
        r: someone("Rowanetta", "Testington", date!(2020 - 01 - 15)),
        outsider: someone("Percivale", "Southbyfake", date!(1990 - 03 - 03)),
        household_line1: "1 Synthetic Street",
        warning_category: "Dog at the property",
        warning_detail: "A large dog lives here; ask for it to be secured before entering",
        visit: RecordId::new(),
        visit_title: "Fixture home visit",
        visit_on,
    };

    let team = |id, name: &str, service: &str, function| EventBody::TeamCreated {
        team: Team {
            id,
            name: name.into(),
            service: service.into(),
            function,
            start: date!(2020 - 01 - 01),
            end: None,
        },
    };
    let household = HouseholdId::new();
    let system = None;
    let a_actor = Some(fx.a.id);

    let mut bodies: Vec<(Option<UserId>, EventBody)> = vec![
        (
            system,
            team(
                fx.north_team,
                "North assessment team",
                NORTH,
                TeamFunction::Assessment,
            ),
        ),
        (
            system,
            team(
                fx.front_door_team,
                "North front door",
                NORTH,
                TeamFunction::FrontDoor,
            ),
        ),
        (
            system,
            team(
                fx.south_team,
                "South family support team",
                SOUTH,
                TeamFunction::FamilySupport,
            ),
        ),
        (
            system,
            EventBody::UnitCreated {
                unit: Unit {
                    id: fx.north_unit,
                    team_id: fx.north_team,
                    name: "North unit one".into(),
                    consultant: None,
                    start: date!(2020 - 01 - 01),
                    end: None,
                },
            },
        ),
        (system, practitioner(&fx.a, Discipline::SocialWorker)),
        (
            system,
            practitioner(&fx.colleague, Discipline::SocialWorker),
        ),
        (system, practitioner(&fx.b, Discipline::SocialWorker)),
        (system, practitioner(&fx.manager, Discipline::Manager)),
        (system, practitioner(&fx.data, Discipline::DataTeam)),
        (system, practitioner(&fx.admin, Discipline::Administrator)),
        (
            system,
            practitioner(&fx.front_door, Discipline::SocialWorker),
        ),
        (
            system,
            practitioner(&fx.specialist, Discipline::DomesticAbuseSpecialist),
        ),
        (system, practitioner(&fx.partner, Discipline::PartnerAgency)),
        (
            system,
            member(&fx.a, fx.north_team, Some(fx.north_unit), opened_on),
        ),
        (
            system,
            member(&fx.colleague, fx.north_team, Some(fx.north_unit), opened_on),
        ),
        (system, member(&fx.b, fx.south_team, None, opened_on)),
        (
            system,
            member(&fx.manager, fx.front_door_team, None, opened_on),
        ),
        (
            system,
            member(&fx.front_door, fx.front_door_team, None, opened_on),
        ),
        // Family F1.
        (
            a_actor,
            EventBody::FamilyCreated {
                family_id: fx.f1,
                name: fx.f1_name.into(),
            },
        ),
        (
            a_actor,
            EventBody::FamilyAllocatedToTeam {
                family_id: fx.f1,
                team_id: fx.north_team,
                unit_id: Some(fx.north_unit),
            },
        ),
        (a_actor, register(&fx.c1, PersonKind::Child)),
        (a_actor, register(&fx.c2, PersonKind::Child)),
        (a_actor, register(&fx.m, PersonKind::Adult)),
        (a_actor, register(&fx.father, PersonKind::Adult)),
        (a_actor, register(&fx.r, PersonKind::Child)),
    ];
    for (p, role) in [
        (&fx.c1, MemberRole::Child),
        (&fx.c2, MemberRole::Child),
        (&fx.m, MemberRole::Adult),
        (&fx.father, MemberRole::Adult),
        (&fx.r, MemberRole::Child),
    ] {
        bodies.push((
            a_actor,
            EventBody::FamilyMemberAdded {
                family_id: fx.f1,
                person_id: p.id,
                role,
            },
        ));
    }
    bodies.extend([
        (
            a_actor,
            relationship(&fx.m, &fx.c1, RelationshipKind::Parent, true),
        ),
        (
            a_actor,
            relationship(&fx.m, &fx.c2, RelationshipKind::Parent, true),
        ),
        (
            a_actor,
            relationship(&fx.father, &fx.c1, RelationshipKind::Parent, true),
        ),
        (
            a_actor,
            relationship(&fx.c1, &fx.c2, RelationshipKind::Sibling, false),
        ),
        (
            a_actor,
            EventBody::HouseholdRecorded {
                household_id: household,
                family_id: fx.f1,
                address: Address {
                    line1: fx.household_line1.into(),
                    line2: None,
                    town: "Exampleton".into(),
                    postcode: None,
                    from: Some(opened_on),
                    to: None,
                },
            },
        ),
    ]);
    for p in [&fx.m, &fx.c1, &fx.c2] {
        bodies.push((
            a_actor,
            EventBody::MovedIn {
                household_id: household,
                person_id: p.id,
            },
        ));
    }
    bodies.extend([
        (
            a_actor,
            EventBody::LeadPractitionerAllocated {
                child: fx.c1.id,
                user_id: fx.a.id,
                reason: "Allocated at the start of the assessment".into(),
            },
        ),
        (
            a_actor,
            EventBody::WarningNoteAdded {
                warning: WarningNote {
                    id: WarningId::new(),
                    person_id: Some(fx.m.id),
                    family_id: None,
                    category: fx.warning_category.into(),
                    detail: fx.warning_detail.into(),
                    review_on: now.date() + Duration::days(90),
                    added_by: fx.a.id,
                    added_on: opened_on,
                    ended_on: None,
                },
            },
        ),
        (
            system,
            EventBody::RecordRestricted {
                person_id: fx.r.id,
                reason: "A relative works for the council".into(),
            },
        ),
        (
            system,
            EventBody::AccessGranted {
                person_id: fx.r.id,
                user_id: fx.a.id,
                reason: "Lead practitioner for the family".into(),
            },
        ),
        // Family F2, in the South, with one adult outside F1.
        (
            Some(fx.b.id),
            EventBody::FamilyCreated {
                family_id: fx.f2,
                name: "Southbyfake family".into(),
            },
        ),
        (
            Some(fx.b.id),
            EventBody::FamilyAllocatedToTeam {
                family_id: fx.f2,
                team_id: fx.south_team,
                unit_id: None,
            },
        ),
        (Some(fx.b.id), register(&fx.outsider, PersonKind::Adult)),
        (
            Some(fx.b.id),
            EventBody::FamilyMemberAdded {
                family_id: fx.f2,
                person_id: fx.outsider.id,
                role: MemberRole::Adult,
            },
        ),
    ]);

    let mut events: Vec<Event> = bodies
        .into_iter()
        .map(|(actor, body)| {
            let mut e = Event::new(actor, opened_on, body);
            e.recorded_at = opened_at;
            e
        })
        .collect();

    // A visit finalised ten days ago.
    let mut visit = Event::new(
        Some(fx.a.id),
        visit_on,
        EventBody::CaseRecordFinalised {
            record: CaseRecord {
                id: fx.visit,
                family_id: fx.f1,
                about: vec![fx.c1.id],
                kind: RecordKind::Visit,
                occurred_on: visit_on,
                title: fx.visit_title.into(),
                body: "Saw the children at home; the fixture visit went well".into(),
                childs_words: "I like my new bike".into(),
                visit: Some(VisitDetails {
                    seen: vec![fx.c1.id, fx.c2.id, fx.m.id],
                    seen_alone: vec![fx.c1.id],
                    location: "Family home".into(),
                    present: String::new(),
                    direct_work_minutes: 40,
                }),
                significant: false,
                author: fx.a.id,
                recorded_at: visit_at,
                supersedes: None,
                superseded_by: None,
                correction_reason: None,
            },
        },
    );
    visit.recorded_at = visit_at;
    events.push(visit);

    store.append(events).await.expect("append the fixture");

    let hash = password_hash().await;
    for u in fx.users() {
        store
            .set_credential(u.id, u.username, hash)
            .await
            .expect("set a credential");
    }
    fx
}
