#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The storage conformance suite: every test here runs once on embedded
//! SQLite (a fresh temporary data directory) and once on PostgreSQL (a fresh
//! database created for the test and dropped afterwards), so the two backends
//! are proved to behave alike.
//!
//! PostgreSQL is found through `HEARTH_TEST_DATABASE_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`). If it cannot be reached the
//! PostgreSQL half of each test prints a loud note and passes, unless `CI` is
//! set, in which case it fails.

use hearth_core::chronology::{self, Filter};
use hearth_core::event::{Event, EventBody};
use hearth_core::ids::*;
use hearth_core::model::*;
use hearth_core::projection::{apply, replay, touches, ApplyError, Doc, DocKey, DocKind, Docs};
use hearth_store::{expected_snapshot, Backend, DraftSave, Store, StoreError};
use std::collections::{BTreeMap, BTreeSet};
use time::macros::{date, datetime};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// Fresh databases for tests, on either backend.
mod harness {
    use hearth_store::Store;
    use sqlx::{AnyConnection, Connection};
    use std::time::Duration;
    use uuid::Uuid;

    pub const DEFAULT_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Kind {
        Sqlite,
        Postgres,
    }

    /// Drops a per-test PostgreSQL database when the test ends, even when it
    /// panics. Runs on its own thread and runtime because `Drop` may run
    /// inside (or after) the test's tokio runtime.
    struct PgDrop {
        admin_url: String,
        name: String,
    }

    impl Drop for PgDrop {
        fn drop(&mut self) {
            let admin_url = self.admin_url.clone();
            let name = self.name.clone();
            let _ = std::thread::spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    return;
                };
                rt.block_on(async {
                    if let Ok(mut conn) = AnyConnection::connect(&admin_url).await {
                        let _ =
                            sqlx::raw_sql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                                .execute(&mut conn)
                                .await;
                        let _ = conn.close().await;
                    }
                });
            })
            .join();
        }
    }

    /// One fresh, migrated database.
    pub struct TestDb {
        pub store: Store,
        /// The URL the store was opened with, for raw connections.
        pub url: String,
        /// What the first `migrate()` returned.
        pub first_migrate: usize,
        // Dropped after the store (fields drop in declaration order).
        _pg: Option<PgDrop>,
        _dir: Option<tempfile::TempDir>,
    }

    fn in_ci() -> bool {
        match std::env::var("CI") {
            Ok(v) => !matches!(v.trim().to_ascii_lowercase().as_str(), "" | "0" | "false"),
            Err(_) => false,
        }
    }

    /// `url` with its database name replaced by `db` (query string kept).
    pub fn with_database(url: &str, db: &str) -> String {
        let (base, query) = match url.split_once('?') {
            Some((b, q)) => (b, Some(q)),
            None => (url, None),
        };
        let start = base.find("://").map(|i| i + 3).unwrap_or(0);
        let base = match base[start..].find('/') {
            Some(i) => &base[..start + i],
            None => base,
        };
        match query {
            Some(q) => format!("{base}/{db}?{q}"),
            None => format!("{base}/{db}"),
        }
    }

    impl TestDb {
        /// A fresh migrated database, or `None` when PostgreSQL is wanted but
        /// cannot be reached outside CI.
        pub async fn new(kind: Kind) -> Option<TestDb> {
            sqlx::any::install_default_drivers();
            match kind {
                Kind::Sqlite => {
                    let dir = tempfile::tempdir().expect("temporary directory");
                    let store = Store::open_data_dir(dir.path())
                        .await
                        .expect("open SQLite store");
                    let url = format!(
                        "sqlite://{}?mode=rwc",
                        dir.path().join("hearth.db").display()
                    );
                    let first_migrate = store.migrate().await.expect("migrate SQLite");
                    Some(TestDb {
                        store,
                        url,
                        first_migrate,
                        _pg: None,
                        _dir: Some(dir),
                    })
                }
                Kind::Postgres => {
                    let admin_url = std::env::var("HEARTH_TEST_DATABASE_URL")
                        .unwrap_or_else(|_| DEFAULT_PG_URL.to_string());
                    let admin = tokio::time::timeout(
                        Duration::from_secs(10),
                        AnyConnection::connect(&admin_url),
                    )
                    .await;
                    let mut admin = match admin {
                        Ok(Ok(conn)) => conn,
                        Ok(Err(e)) => return unreachable_pg(&admin_url, &e.to_string()),
                        Err(_) => return unreachable_pg(&admin_url, "timed out after 10s"),
                    };
                    let name = format!("hearth_test_{}", Uuid::new_v4().simple());
                    sqlx::raw_sql(&format!("CREATE DATABASE {name}"))
                        .execute(&mut admin)
                        .await
                        .expect("CREATE DATABASE for the test");
                    let _ = admin.close().await;
                    let guard = PgDrop {
                        admin_url: admin_url.clone(),
                        name: name.clone(),
                    };
                    let url = with_database(&admin_url, &name);
                    let store = Store::connect(&url)
                        .await
                        .expect("connect to test database");
                    let first_migrate = store.migrate().await.expect("migrate PostgreSQL");
                    Some(TestDb {
                        store,
                        url,
                        first_migrate,
                        _pg: Some(guard),
                        _dir: None,
                    })
                }
            }
        }

        /// A second, raw connection to the same database (bypassing `Store`).
        pub async fn raw(&self) -> AnyConnection {
            AnyConnection::connect(&self.url)
                .await
                .expect("raw connection to the test database")
        }

        /// Closes the pool; the database (or directory) goes when `self` drops.
        pub async fn finish(self) {
            self.store.close().await;
        }
    }

    fn unreachable_pg(url: &str, why: &str) -> Option<TestDb> {
        if in_ci() {
            panic!(
                "PostgreSQL at {url} cannot be reached ({why}). CI is set, so a missing \
                 PostgreSQL is a test failure, not a skip. Start PostgreSQL or set \
                 HEARTH_TEST_DATABASE_URL."
            );
        }
        eprintln!(
            "\n\
             ***************************************************************\n\
             *  NOTE: PostgreSQL at {url} cannot be reached\n\
             *  ({why}).\n\
             *  The PostgreSQL half of this conformance test was NOT run;\n\
             *  only SQLite was checked. Set HEARTH_TEST_DATABASE_URL or\n\
             *  start PostgreSQL. (With CI set this is a failure.)\n\
             ***************************************************************\n"
        );
        None
    }
}

use harness::{Kind, TestDb};

/// Runs `async fn $name(db: &TestDb)` on both backends, as tests
/// `$name::sqlite` and `$name::postgres`.
macro_rules! conformance_test {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = crate::harness::TestDb::new(crate::harness::Kind::Sqlite)
                    .await
                    .expect("SQLite is always available");
                super::$name(&db).await;
                db.finish().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(db) = crate::harness::TestDb::new(crate::harness::Kind::Postgres).await
                else {
                    return;
                };
                super::$name(&db).await;
                db.finish().await;
            }
        }
    };
}

// ---------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------

fn day(n: i64) -> Date {
    date!(2025 - 01 - 06) + time::Duration::days(n)
}

fn team_created(id: TeamId) -> EventBody {
    EventBody::TeamCreated {
        team: Team {
            id,
            name: "Riverside assessment team".into(),
            service: "Children's social care - North".into(),
            function: TeamFunction::Assessment,
            start: day(0),
            end: None,
        },
    }
}

fn practitioner_registered(id: UserId, username: &str, name: &str) -> EventBody {
    EventBody::PractitionerRegistered {
        practitioner: Practitioner {
            id,
            username: username.into(),
            display_name: name.into(),
            discipline: Discipline::FamilyPractitioner,
            registration_number: None,
            employment: Employment::Permanent,
            email: None,
            active: true,
            memberships: vec![],
        },
    }
}

fn details(given: &str, family: &str) -> PersonDetails {
    PersonDetails {
        given_names: given.into(),
        family_name: family.into(),
        ..PersonDetails::default()
    }
}

fn person_registered(id: PersonId, kind: PersonKind, given: &str, family: &str) -> EventBody {
    EventBody::PersonRegistered {
        person_id: id,
        kind,
        details: details(given, family),
    }
}

fn member_added(family_id: FamilyId, person_id: PersonId, role: MemberRole) -> EventBody {
    EventBody::FamilyMemberAdded {
        family_id,
        person_id,
        role,
    }
}

fn case_record(
    id: RecordId,
    family_id: FamilyId,
    about: Vec<PersonId>,
    author: UserId,
    title: &str,
) -> CaseRecord {
    CaseRecord {
        id,
        family_id,
        about,
        kind: RecordKind::CaseNote,
        occurred_on: day(10),
        title: title.into(),
        body: "Talked with Ada about school and home.".into(),
        childs_words: "I like it when Mum picks me up.".into(),
        visit: None,
        significant: false,
        author,
        recorded_at: datetime!(2025-01-16 10:15:00.123456789 UTC),
        supersedes: None,
        superseded_by: None,
        correction_reason: None,
    }
}

/// A small family and the practitioners around it.
#[derive(Clone, Debug)]
struct Fam {
    team: TeamId,
    worker: UserId,
    manager: UserId,
    child: PersonId,
    mother: PersonId,
    family: FamilyId,
    relationship: RelationshipId,
    household: HouseholdId,
    record: RecordId,
}

impl Fam {
    fn new() -> Self {
        Self {
            team: TeamId::new(),
            worker: UserId::new(),
            manager: UserId::new(),
            child: PersonId::new(),
            mother: PersonId::new(),
            family: FamilyId::new(),
            relationship: RelationshipId::new(),
            household: HouseholdId::new(),
            record: RecordId::new(),
        }
    }

    fn relationship(&self) -> Relationship {
        Relationship {
            id: self.relationship,
            from: self.mother,
            to: self.child,
            kind: RelationshipKind::Parent,
            parental_responsibility: true,
            quality: Some(RelationshipQuality::Close),
            start: Some(date!(2016 - 04 - 02)),
            end: None,
        }
    }

    fn address(&self) -> Address {
        Address {
            line1: "12 Mill Lane".into(),
            line2: None,
            town: "Riverside".into(),
            postcode: Some(hearth_core::identifiers::Postcode::parse("SW1A 1AA").unwrap()),
            from: Some(day(0)),
            to: None,
        }
    }

    fn first_record(&self) -> CaseRecord {
        case_record(
            self.record,
            self.family,
            vec![self.child],
            self.worker,
            "Home visit",
        )
    }

    fn events(&self) -> Vec<Event> {
        let w = Some(self.worker);
        let mut child = details("Ada", "Okafor");
        child.date_of_birth = Some(date!(2016 - 04 - 02));
        child.nhs_number =
            Some(hearth_core::identifiers::NhsNumber::parse("943 476 5919").unwrap());
        vec![
            Event::new(None, day(0), team_created(self.team)),
            Event::new(
                None,
                day(0),
                practitioner_registered(self.worker, "Jo.Bloggs", "Jo Bloggs"),
            ),
            Event::new(
                None,
                day(0),
                practitioner_registered(self.manager, "sam.patel", "Sam Patel"),
            ),
            Event::new(
                None,
                day(0),
                EventBody::MembershipStarted {
                    user_id: self.worker,
                    membership: Membership {
                        team_id: self.team,
                        unit_id: None,
                        from: day(0),
                        to: None,
                    },
                },
            ),
            Event::new(
                w,
                day(1),
                EventBody::PersonRegistered {
                    person_id: self.child,
                    kind: PersonKind::Child,
                    details: child,
                },
            ),
            Event::new(
                w,
                day(1),
                person_registered(self.mother, PersonKind::Adult, "Grace", "Okafor"),
            ),
            Event::new(
                w,
                day(1),
                EventBody::FamilyCreated {
                    family_id: self.family,
                    name: "Okafor family".into(),
                },
            ),
            Event::new(
                w,
                day(1),
                EventBody::FamilyAllocatedToTeam {
                    family_id: self.family,
                    team_id: self.team,
                    unit_id: None,
                },
            ),
            Event::new(
                w,
                day(1),
                member_added(self.family, self.child, MemberRole::Child),
            ),
            Event::new(
                w,
                day(1),
                member_added(self.family, self.mother, MemberRole::Adult),
            ),
            Event::new(
                w,
                day(2),
                EventBody::RelationshipRecorded {
                    relationship: self.relationship(),
                },
            ),
            Event::new(
                w,
                day(2),
                EventBody::HouseholdRecorded {
                    household_id: self.household,
                    family_id: self.family,
                    address: self.address(),
                },
            ),
            Event::new(
                w,
                day(2),
                EventBody::MovedIn {
                    household_id: self.household,
                    person_id: self.child,
                },
            ),
            Event::new(
                w,
                day(2),
                EventBody::MovedIn {
                    household_id: self.household,
                    person_id: self.mother,
                },
            ),
            Event::new(
                w,
                day(3),
                EventBody::LeadPractitionerAllocated {
                    child: self.child,
                    user_id: self.worker,
                    reason: "Allocated at referral".into(),
                },
            ),
            Event::new(
                w,
                day(10),
                EventBody::CaseRecordFinalised {
                    record: self.first_record(),
                },
            ),
        ]
    }
}

/// The whole journal, in order.
async fn journal(store: &Store) -> Vec<Event> {
    store.events_after(0, i64::MAX).await.unwrap()
}

/// The stored projections equal a fresh in-memory replay of the journal.
async fn assert_projections_match_journal(store: &Store) {
    let events = journal(store).await;
    let expected = expected_snapshot(&replay(&events).expect("journal replays")).unwrap();
    let actual = store.projection_snapshot().await.unwrap();
    assert_eq!(
        actual,
        expected,
        "{}: stored projections differ from a replay of the journal",
        store.backend().name()
    );
}

fn is_rejected(r: &Result<Vec<Event>, StoreError>) -> bool {
    matches!(r, Err(StoreError::Rejected(_)))
}

// ---------------------------------------------------------------------------
// Migrations
// ---------------------------------------------------------------------------

async fn migrate_is_idempotent(db: &TestDb) {
    assert!(
        db.first_migrate >= 1,
        "the first migrate on a fresh database runs the migrations"
    );
    assert_eq!(db.store.migrate().await.unwrap(), 0);
    assert_eq!(db.store.migrate().await.unwrap(), 0);
    // The schema is there and empty.
    assert_eq!(db.store.event_count().await.unwrap(), 0);
    assert!(db.store.projection_snapshot().await.unwrap().is_empty());
    db.store.ping().await.unwrap();
    // A second Store on the same database sees the migrations as done.
    let again = Store::connect(&db.url).await.unwrap();
    assert_eq!(again.migrate().await.unwrap(), 0);
    assert_eq!(
        again.backend(),
        if db.url.starts_with("sqlite") {
            Backend::Sqlite
        } else {
            Backend::Postgres
        }
    );
    again.close().await;
}
conformance_test!(migrate_is_idempotent);

// ---------------------------------------------------------------------------
// Appending a family and reading typed documents back
// ---------------------------------------------------------------------------

async fn family_round_trip(db: &TestDb) {
    let store = &db.store;
    let f = Fam::new();
    let input = f.events();
    let stored = store.append(input.clone()).await.unwrap();
    assert_eq!(stored.len(), input.len());
    assert!(stored.windows(2).all(|w| w[0].seq < w[1].seq));
    assert!(stored[0].seq > 0);
    for (s, i) in stored.iter().zip(&input) {
        assert_eq!(
            (s.id, &s.body, s.valid_from, s.actor),
            (i.id, &i.body, i.valid_from, i.actor)
        );
    }
    assert_eq!(store.event_count().await.unwrap(), input.len() as i64);

    // The journal reads back as written.
    let j = journal(store).await;
    assert_eq!(
        j.iter().map(|e| (e.seq, e.id)).collect::<Vec<_>>(),
        stored.iter().map(|e| (e.seq, e.id)).collect::<Vec<_>>()
    );
    assert_eq!(
        j.iter().map(|e| &e.body).collect::<Vec<_>>(),
        input.iter().map(|e| &e.body).collect::<Vec<_>>()
    );

    let docs = replay(&input).unwrap();

    // Person
    let child = store.person(f.child).await.unwrap().expect("child stored");
    assert_eq!(child.details.full_name(), "Ada Okafor");
    assert_eq!(child.kind, PersonKind::Child);
    assert_eq!(child.families, vec![f.family]);
    assert_eq!(child.lead_practitioner(), Some(f.worker));
    assert_eq!(child.allocations.len(), 1);
    assert_eq!(child.allocations[0].reason, "Allocated at referral");
    assert_eq!(child.allocations[0].from, day(3));
    assert_eq!(
        Some(&Some(Doc::Person(child.clone()))),
        docs.get(&DocKey::new(DocKind::Person, f.child.0))
    );
    let mother = store.person(f.mother).await.unwrap().unwrap();
    assert_eq!(mother.lead_practitioner(), None);
    assert_eq!(store.person(PersonId::new()).await.unwrap(), None);

    // Family
    let family = store.family(f.family).await.unwrap().unwrap();
    assert_eq!(family.name, "Okafor family");
    assert_eq!(family.team_id, Some(f.team));
    let members: Vec<(PersonId, MemberRole)> = family
        .current_members()
        .map(|m| (m.person_id, m.role))
        .collect();
    assert_eq!(
        members,
        vec![(f.child, MemberRole::Child), (f.mother, MemberRole::Adult)]
    );
    assert_eq!(
        store
            .families_where("team", &f.team.to_string())
            .await
            .unwrap(),
        vec![family.clone()]
    );

    // Relationships, from both ends
    let from_child = store
        .relationships_where("person", &f.child.to_string())
        .await
        .unwrap();
    let from_mother = store
        .relationships_where("person", &f.mother.to_string())
        .await
        .unwrap();
    assert_eq!(from_child, vec![f.relationship()]);
    assert_eq!(from_mother, vec![f.relationship()]);
    assert_eq!(from_child[0].seen_from(f.child), Some((f.mother, "Parent")));
    assert_eq!(from_child[0].seen_from(f.mother), Some((f.child, "Child")));
    assert_eq!(
        store.relationship(f.relationship).await.unwrap(),
        Some(f.relationship())
    );

    // People by family and by lead practitioner
    let in_family: BTreeSet<PersonId> = store
        .people_where("family", &f.family.to_string())
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(in_family, BTreeSet::from([f.child, f.mother]));
    let led = store
        .people_where("lead", &f.worker.to_string())
        .await
        .unwrap();
    assert_eq!(led, vec![child.clone()]);
    assert!(store
        .people_where("lead", &f.manager.to_string())
        .await
        .unwrap()
        .is_empty());
    let by_nhs = store.people_where("nhs", "9434765919").await.unwrap();
    assert_eq!(by_nhs, vec![child.clone()]);
    assert_eq!(
        store.people_where("dob", "2016-04-02").await.unwrap(),
        vec![child.clone()]
    );

    // Household
    let household = store.household(f.household).await.unwrap().unwrap();
    assert_eq!(household.address, f.address());
    assert_eq!(
        household
            .residents
            .iter()
            .map(|r| (r.person_id, r.from, r.to))
            .collect::<Vec<_>>(),
        vec![
            (f.child, Some(day(2)), None),
            (f.mother, Some(day(2)), None)
        ]
    );
    assert_eq!(
        store
            .households_where("person", &f.mother.to_string())
            .await
            .unwrap(),
        vec![household]
    );

    // Practitioners, teams, records
    let worker = store
        .practitioner_by_username(" JO.BLOGGS ")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(worker.id, f.worker);
    assert_eq!(worker.current_memberships().count(), 1);
    assert_eq!(store.practitioners().await.unwrap().len(), 2);
    assert_eq!(store.teams().await.unwrap().len(), 1);
    assert_eq!(
        store.team(f.team).await.unwrap().unwrap().name,
        "Riverside assessment team"
    );
    assert_eq!(
        store
            .practitioners_where("team", &f.team.to_string())
            .await
            .unwrap(),
        vec![worker]
    );
    assert_eq!(
        store.record(f.record).await.unwrap(),
        Some(f.first_record())
    );
    assert_eq!(
        store
            .records_where("person", &f.child.to_string())
            .await
            .unwrap(),
        vec![f.first_record()]
    );
    assert!(store
        .records_where("person", &f.mother.to_string())
        .await
        .unwrap()
        .is_empty());
    assert_eq!(store.count(DocKind::Person).await.unwrap(), 2);
    assert_eq!(store.count(DocKind::Record).await.unwrap(), 1);

    assert_projections_match_journal(store).await;
}
conformance_test!(family_round_trip);

// ---------------------------------------------------------------------------
// Refused changes write nothing
// ---------------------------------------------------------------------------

async fn rejected_change_writes_nothing(db: &TestDb) {
    let store = &db.store;
    let f = Fam::new();
    store.append(f.events()).await.unwrap();
    let count = store.event_count().await.unwrap();
    let snapshot = store.projection_snapshot().await.unwrap();

    // One event about a person who does not exist.
    let ghost = PersonId::new();
    let r = store
        .append(vec![Event::new(
            Some(f.worker),
            day(20),
            member_added(f.family, ghost, MemberRole::Adult),
        )])
        .await;
    assert!(
        matches!(r, Err(StoreError::Rejected(ApplyError::NotFound(_)))),
        "{r:?}"
    );

    // A batch whose first two events are fine and whose third is not: the
    // first two must not be kept either.
    let uncle = PersonId::new();
    let batch = vec![
        Event::new(
            Some(f.worker),
            day(20),
            person_registered(uncle, PersonKind::Adult, "Chidi", "Okafor"),
        ),
        Event::new(
            Some(f.worker),
            day(20),
            member_added(f.family, uncle, MemberRole::Adult),
        ),
        Event::new(
            Some(f.worker),
            day(20),
            EventBody::RelationshipRecorded {
                relationship: Relationship {
                    id: RelationshipId::new(),
                    from: uncle,
                    to: uncle,
                    kind: RelationshipKind::Sibling,
                    parental_responsibility: false,
                    quality: None,
                    start: None,
                    end: None,
                },
            },
        ),
    ];
    let r = store.append(batch.clone()).await;
    assert!(
        matches!(r, Err(StoreError::Rejected(ApplyError::Invalid(_)))),
        "{r:?}"
    );

    // A duplicate create in the middle of a batch.
    let r = store
        .append(vec![
            Event::new(
                Some(f.worker),
                day(20),
                EventBody::RecordRestricted {
                    person_id: f.child,
                    reason: "Staff member's family".into(),
                },
            ),
            Event::new(
                Some(f.worker),
                day(20),
                person_registered(f.mother, PersonKind::Adult, "Grace", "Okafor"),
            ),
            Event::new(
                Some(f.worker),
                day(20),
                EventBody::RecordUnrestricted {
                    person_id: f.child,
                    reason: "Done".into(),
                },
            ),
        ])
        .await;
    assert!(
        matches!(r, Err(StoreError::Rejected(ApplyError::AlreadyExists(_)))),
        "{r:?}"
    );

    assert_eq!(store.event_count().await.unwrap(), count);
    assert_eq!(store.projection_snapshot().await.unwrap(), snapshot);
    assert_eq!(store.person(uncle).await.unwrap(), None);
    assert!(store.events_about(uncle.0).await.unwrap().is_empty());
    assert!(store.events_about(ghost.0).await.unwrap().is_empty());
    assert!(!store.person(f.child).await.unwrap().unwrap().restricted);

    // The same valid events, without the bad one, are accepted afterwards
    // (their event ids were not left behind by the refused batch).
    let ok = store.append(batch[..2].to_vec()).await.unwrap();
    assert_eq!(ok.len(), 2);
    assert_eq!(store.event_count().await.unwrap(), count + 2);
    assert_eq!(
        store.person(uncle).await.unwrap().unwrap().families,
        vec![f.family]
    );
    assert_projections_match_journal(store).await;
}
conformance_test!(rejected_change_writes_nothing);

// ---------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------

async fn name_prefix_search(db: &TestDb) {
    let store = &db.store;
    let people = [
        ("Amara", "Okafor"),
        ("Tobi", "Okafor-Smith"),
        ("Kemi", "Okonkwo"),
        ("Zoë", "Adébáyọ̀"),
        ("Bola", "Adeyemi"),
    ];
    let ids: Vec<PersonId> = people.iter().map(|_| PersonId::new()).collect();
    let events: Vec<Event> = people
        .iter()
        .zip(&ids)
        .map(|((g, f), id)| {
            Event::new(
                None,
                day(0),
                person_registered(*id, PersonKind::Adult, g, f),
            )
        })
        .collect();
    store.append(events).await.unwrap();

    let sorted = |mut v: Vec<Uuid>| {
        v.sort();
        v
    };
    let hits = store
        .find_ids_by_prefix(DocKind::Person, "name", "oka", 50)
        .await
        .unwrap();
    assert_eq!(
        hits,
        sorted(vec![ids[0].0, ids[1].0]),
        "ordered by id, no duplicates"
    );
    let hits = store
        .find_ids_by_prefix(DocKind::Person, "name", "ok", 50)
        .await
        .unwrap();
    assert_eq!(hits, sorted(vec![ids[0].0, ids[1].0, ids[2].0]));
    // Hyphenated names are split into tokens.
    let hits = store
        .find_ids_by_prefix(DocKind::Person, "name", "smi", 50)
        .await
        .unwrap();
    assert_eq!(hits, vec![ids[1].0]);
    // Accents are folded when indexing.
    let hits = store
        .find_ids_by_prefix(DocKind::Person, "name", "zoe", 50)
        .await
        .unwrap();
    assert_eq!(hits, vec![ids[3].0]);
    let hits = store
        .find_ids_by_prefix(DocKind::Person, "name", "ade", 50)
        .await
        .unwrap();
    assert_eq!(hits.len(), 2);
    // The limit is honoured.
    let hits = store
        .find_ids_by_prefix(DocKind::Person, "name", "ok", 2)
        .await
        .unwrap();
    assert_eq!(
        hits,
        sorted(vec![ids[0].0, ids[1].0, ids[2].0])[..2].to_vec()
    );
    // No match, and LIKE wildcards in the input are not wildcards.
    for prefix in ["zz", "%kafor", "_kafor"] {
        let hits = store
            .find_ids_by_prefix(DocKind::Person, "name", prefix, 50)
            .await
            .unwrap();
        assert!(hits.is_empty(), "{prefix:?} matched {hits:?}");
    }
    // Other kinds and keys are not mixed in.
    assert!(store
        .find_ids_by_prefix(DocKind::Family, "name", "oka", 50)
        .await
        .unwrap()
        .is_empty());
    assert!(store
        .find_ids_by_prefix(DocKind::Person, "kind", "oka", 50)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        store
            .find_ids_by_prefix(DocKind::Person, "kind", "adu", 50)
            .await
            .unwrap()
            .len(),
        5
    );
    // Exact look-up through the same index.
    assert_eq!(
        store
            .people_where("name", "okonkwo")
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.id)
            .collect::<Vec<_>>(),
        vec![ids[2]]
    );
}
conformance_test!(name_prefix_search);

/// Both backends agree on case: index values are stored normalised (lower
/// case for names), and a prefix is matched exactly as given.
async fn prefix_search_is_case_sensitive_on_both_backends(db: &TestDb) {
    let store = &db.store;
    let id = PersonId::new();
    store
        .append(vec![Event::new(
            None,
            day(0),
            person_registered(id, PersonKind::Adult, "Amara", "Okafor"),
        )])
        .await
        .unwrap();
    assert_eq!(
        store
            .find_ids_by_prefix(DocKind::Person, "name", "oka", 10)
            .await
            .unwrap(),
        vec![id.0]
    );
    assert_eq!(
        store
            .find_ids_by_prefix(DocKind::Person, "name", "OKA", 10)
            .await
            .unwrap(),
        Vec::<Uuid>::new(),
        "{}: prefix search must not fold case (PostgreSQL's LIKE does not)",
        store.backend().name()
    );
}
conformance_test!(prefix_search_is_case_sensitive_on_both_backends);

// ---------------------------------------------------------------------------
// Chronology and corrections
// ---------------------------------------------------------------------------

async fn chronology_and_corrections(db: &TestDb) {
    let store = &db.store;
    let f = Fam::new();
    let mut appended = store.append(f.events()).await.unwrap();

    // Let the clock move on, note the moment, and then correct the record.
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let before_correction = OffsetDateTime::now_utc();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;

    let corrected_id = RecordId::new();
    let mut corrected = f.first_record();
    corrected.id = corrected_id;
    corrected.title = "Home visit (date corrected)".into();
    corrected.occurred_on = day(9);
    let reason = "Visit happened the day before";
    appended.extend(
        store
            .append(vec![Event::new(
                Some(f.worker),
                day(11),
                EventBody::CaseRecordCorrected {
                    record: corrected.clone(),
                    supersedes: f.record,
                    reason: reason.into(),
                },
            )])
            .await
            .unwrap(),
    );
    // Another event about the child afterwards.
    appended.extend(
        store
            .append(vec![Event::new(
                Some(f.worker),
                day(12),
                EventBody::WarningNoteAdded {
                    warning: WarningNote {
                        id: WarningId::new(),
                        person_id: Some(f.child),
                        family_id: None,
                        category: "Dog at the property".into(),
                        detail: "Large dog; ask for it to be shut away.".into(),
                        review_on: day(100),
                        added_by: f.worker,
                        added_on: day(12),
                        ended_on: None,
                    },
                },
            )])
            .await
            .unwrap(),
    );

    // The projections: the original points at its correction and back.
    let original = store.record(f.record).await.unwrap().unwrap();
    assert_eq!(original.superseded_by, Some(corrected_id));
    assert_eq!(original.title, "Home visit", "the original is never edited");
    let correction = store.record(corrected_id).await.unwrap().unwrap();
    assert_eq!(correction.supersedes, Some(f.record));
    assert_eq!(correction.superseded_by, None);
    assert_eq!(correction.correction_reason.as_deref(), Some(reason));
    assert_eq!(
        store
            .records_where("person", &f.child.to_string())
            .await
            .unwrap()
            .len(),
        2
    );

    // Correcting the superseded version again is refused.
    let mut again = corrected.clone();
    again.id = RecordId::new();
    let r = store
        .append(vec![Event::new(
            Some(f.worker),
            day(13),
            EventBody::CaseRecordCorrected {
                record: again,
                supersedes: f.record,
                reason: "Second go".into(),
            },
        )])
        .await;
    assert!(is_rejected(&r), "{r:?}");

    // events_about: exactly the events about the child, in journal order.
    let about = store.events_about(f.child.0).await.unwrap();
    let expected: Vec<EventId> = appended
        .iter()
        .filter(|e| e.body.subjects().contains(&f.child.0))
        .map(|e| e.id)
        .collect();
    assert_eq!(about.iter().map(|e| e.id).collect::<Vec<_>>(), expected);
    assert!(about.windows(2).all(|w| w[0].seq < w[1].seq));
    assert!(matches!(about[0].body, EventBody::PersonRegistered { .. }));
    assert!(about.len() >= 8);
    // The family's events include the records (they name the family).
    let family_events = store.events_about(f.family.0).await.unwrap();
    assert!(family_events
        .iter()
        .any(|e| matches!(e.body, EventBody::CaseRecordCorrected { .. })));

    let item_for = |items: &[chronology::ChronologyItem], id: RecordId| {
        items.iter().find(|i| i.record_id == Some(id)).cloned()
    };

    // As at a moment before the correction: the original, not superseded,
    // and no trace of the correction or the later warning.
    let then = chronology::build(
        f.child.0,
        &about,
        &Filter {
            as_at: Some(before_correction),
            include_superseded: true,
            ..Filter::default()
        },
    );
    let orig_then = item_for(&then, f.record).expect("original shown as at then");
    assert!(!orig_then.superseded);
    assert_eq!(orig_then.summary, "Home visit");
    assert!(item_for(&then, corrected_id).is_none());
    assert!(!then.iter().any(|i| i.category == "Warning"));
    // The default filter (superseded hidden) still shows it as at then.
    let then_default = chronology::build(
        f.child.0,
        &about,
        &Filter {
            as_at: Some(before_correction),
            ..Filter::default()
        },
    );
    assert!(item_for(&then_default, f.record).is_some());

    // Now: the original is marked superseded and the correction is there.
    let now = chronology::build(
        f.child.0,
        &about,
        &Filter {
            include_superseded: true,
            ..Filter::default()
        },
    );
    assert!(item_for(&now, f.record).unwrap().superseded);
    let corr_now = item_for(&now, corrected_id).unwrap();
    assert!(!corr_now.superseded);
    assert_eq!(corr_now.correction_reason.as_deref(), Some(reason));
    assert_eq!(corr_now.occurred_on, day(9));
    assert!(now.iter().any(|i| i.category == "Warning"));
    // Hiding superseded entries drops the original only.
    let now_default = chronology::build(f.child.0, &about, &Filter::default());
    assert!(item_for(&now_default, f.record).is_none());
    assert!(item_for(&now_default, corrected_id).is_some());
    // As at a moment after everything: same as now.
    let later = chronology::build(
        f.child.0,
        &about,
        &Filter {
            as_at: Some(OffsetDateTime::now_utc()),
            include_superseded: true,
            ..Filter::default()
        },
    );
    assert_eq!(later, now);

    assert_projections_match_journal(store).await;
}
conformance_test!(chronology_and_corrections);

// ---------------------------------------------------------------------------
// Drafts
// ---------------------------------------------------------------------------

fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

async fn drafts_are_versioned_and_finalised_atomically(db: &TestDb) {
    let store = &db.store;
    let f = Fam::new();
    store.append(f.events()).await.unwrap();
    let count = store.event_count().await.unwrap();

    let draft = store
        .create_draft(
            f.worker,
            f.family,
            Some(f.child),
            "visit",
            &fields(&[("title", "Visit")]),
        )
        .await
        .unwrap();
    assert_eq!(draft.version, 1);
    assert_eq!(draft.owner, f.worker);
    assert_eq!(draft.family_id, f.family);
    assert_eq!(draft.person_id, Some(f.child));
    assert_eq!(draft.kind, "visit");
    assert_eq!(draft.finalised_record, None);
    assert_eq!(store.draft(draft.id).await.unwrap(), Some(draft.clone()));
    assert_eq!(store.draft(Uuid::new_v4()).await.unwrap(), None);

    // First saver wins.
    let first = DraftSave {
        fields: fields(&[("title", "Visit"), ("body", "First saver's words")]),
        based_on_version: 1,
        by: f.worker,
    };
    assert_eq!(store.save_draft(draft.id, &first).await.unwrap(), 2);
    let stale = DraftSave {
        fields: fields(&[("title", "Visit"), ("body", "Second saver's words")]),
        based_on_version: 1,
        by: f.manager,
    };
    let r = store.save_draft(draft.id, &stale).await;
    assert!(
        matches!(r, Err(StoreError::Conflict { current_version: 2 })),
        "{r:?}"
    );
    let now = store.draft(draft.id).await.unwrap().unwrap();
    assert_eq!(now.version, 2);
    assert_eq!(now.fields, first.fields);
    assert_eq!(now.updated_by, f.worker);
    assert!(now.updated_at >= draft.updated_at);
    assert!(matches!(
        store.save_draft(Uuid::new_v4(), &first).await,
        Err(StoreError::NotFound)
    ));

    // A second draft by someone else does not show in the worker's list.
    let other = store
        .create_draft(f.manager, f.family, None, "case_note", &BTreeMap::new())
        .await
        .unwrap();
    let open: Vec<Uuid> = store
        .open_drafts(f.worker)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(open, vec![draft.id]);

    // A finalise whose events are refused leaves the draft open and the
    // journal as it was.
    let record_id = RecordId::new();
    let bad = case_record(
        record_id,
        f.family,
        vec![f.child, PersonId::new()],
        f.worker,
        "Visit",
    );
    let r = store
        .finalise_draft(
            draft.id,
            2,
            record_id,
            vec![Event::new(
                Some(f.worker),
                day(10),
                EventBody::CaseRecordFinalised { record: bad },
            )],
        )
        .await;
    assert!(is_rejected(&r), "{r:?}");
    let still = store.draft(draft.id).await.unwrap().unwrap();
    assert_eq!(still.finalised_record, None);
    assert_eq!(still.version, 2);
    assert_eq!(still.fields, first.fields);
    assert_eq!(store.event_count().await.unwrap(), count);
    assert_eq!(store.record(record_id).await.unwrap(), None);

    // A finalise from a stale version is a conflict, and writes nothing.
    let good = case_record(record_id, f.family, vec![f.child], f.worker, "Visit");
    let good_event = Event::new(
        Some(f.worker),
        day(10),
        EventBody::CaseRecordFinalised {
            record: good.clone(),
        },
    );
    let r = store
        .finalise_draft(draft.id, 1, record_id, vec![good_event.clone()])
        .await;
    assert!(
        matches!(r, Err(StoreError::Conflict { current_version: 2 })),
        "{r:?}"
    );
    assert_eq!(store.event_count().await.unwrap(), count);

    // The right version: the record is appended and the draft closed.
    let out = store
        .finalise_draft(draft.id, 2, record_id, vec![good_event.clone()])
        .await
        .unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].id, good_event.id);
    assert!(out[0].seq > 0);
    assert_eq!(store.event_count().await.unwrap(), count + 1);
    assert_eq!(store.record(record_id).await.unwrap(), Some(good));
    let closed = store.draft(draft.id).await.unwrap().unwrap();
    assert_eq!(closed.finalised_record, Some(record_id));
    assert_eq!(closed.version, 3);
    assert!(store.open_drafts(f.worker).await.unwrap().is_empty());
    assert_eq!(
        store
            .open_drafts(f.manager)
            .await
            .unwrap()
            .into_iter()
            .map(|d| d.id)
            .collect::<Vec<_>>(),
        vec![other.id]
    );

    // A closed draft cannot be saved or finalised again.
    let late = DraftSave {
        fields: fields(&[("body", "late")]),
        based_on_version: 3,
        by: f.worker,
    };
    assert!(matches!(
        store.save_draft(draft.id, &late).await,
        Err(StoreError::Conflict { .. })
    ));
    let twice = Event::new(
        Some(f.worker),
        day(10),
        EventBody::CaseRecordFinalised {
            record: case_record(RecordId::new(), f.family, vec![f.child], f.worker, "Twice"),
        },
    );
    assert!(matches!(
        store
            .finalise_draft(draft.id, 3, record_id, vec![twice])
            .await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(store.event_count().await.unwrap(), count + 1);
    assert_projections_match_journal(store).await;
}
conformance_test!(drafts_are_versioned_and_finalised_atomically);

// ---------------------------------------------------------------------------
// Credentials, sessions, tokens, sign-in attempts, break-glass
// ---------------------------------------------------------------------------

async fn credentials_sessions_and_tokens(db: &TestDb) {
    let store = &db.store;
    let alex = UserId::new();
    let sam = UserId::new();

    // Credentials: usernames are trimmed, case-folded and unique.
    store
        .set_credential(alex, "  Alex.Smith ", "$argon2id$first")
        .await
        .unwrap();
    let c = store
        .credential_by_username("ALEX.SMITH")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.user_id, alex);
    assert_eq!(c.username, "alex.smith");
    assert_eq!(c.password_hash, "$argon2id$first");
    assert!(!c.disabled);
    assert!(matches!(
        store.set_credential(sam, "alex.smith", "$argon2id$x").await,
        Err(StoreError::UsernameTaken)
    ));
    store
        .set_credential(alex, "alex.smith", "$argon2id$second")
        .await
        .unwrap();
    assert_eq!(
        store
            .credential_by_username("alex.smith")
            .await
            .unwrap()
            .unwrap()
            .password_hash,
        "$argon2id$second"
    );
    store
        .set_credential(sam, "sam", "$argon2id$sam")
        .await
        .unwrap();
    assert!(store
        .credential_by_username("nobody")
        .await
        .unwrap()
        .is_none());

    // Sessions.
    store
        .create_session("session-a", Some(alex), "csrf-a")
        .await
        .unwrap();
    store
        .create_session("session-anon", None, "csrf-anon")
        .await
        .unwrap();
    let s = store
        .touch_session("session-a", 3600, 86_400)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.user_id, Some(alex));
    assert_eq!(s.csrf_token, "csrf-a");
    assert!(s.last_seen >= s.created_at);
    let anon = store
        .touch_session("session-anon", 3600, 86_400)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(anon.user_id, None);
    assert!(store
        .touch_session("no-such", 3600, 86_400)
        .await
        .unwrap()
        .is_none());
    // An idle window already passed expires (and deletes) the session.
    assert!(store
        .touch_session("session-anon", -1, 86_400)
        .await
        .unwrap()
        .is_none());
    assert!(store
        .touch_session("session-anon", 3600, 86_400)
        .await
        .unwrap()
        .is_none());
    // With a zero idle window, a session not used for over a second expires.
    store
        .create_session("session-idle", Some(sam), "c")
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert!(store
        .touch_session("session-idle", 0, 86_400)
        .await
        .unwrap()
        .is_none());
    assert!(store
        .touch_session("session-idle", 3600, 86_400)
        .await
        .unwrap()
        .is_none());
    store.delete_session("session-a").await.unwrap();
    assert!(store
        .touch_session("session-a", 3600, 86_400)
        .await
        .unwrap()
        .is_none());

    // API tokens.
    store.add_api_token("token-alex", alex).await.unwrap();
    store.add_api_token("token-sam", sam).await.unwrap();
    assert_eq!(
        store.api_token_user("token-alex").await.unwrap(),
        Some(alex)
    );
    assert_eq!(store.api_token_user("token-sam").await.unwrap(), Some(sam));
    assert_eq!(store.api_token_user("token-nobody").await.unwrap(), None);

    // Disabling a user ends their sessions and tokens, and no one else's.
    store
        .create_session("session-b", Some(alex), "csrf-b")
        .await
        .unwrap();
    store
        .create_session("session-sam", Some(sam), "csrf-s")
        .await
        .unwrap();
    store.disable_credential(alex).await.unwrap();
    assert!(
        store
            .credential_by_username("alex.smith")
            .await
            .unwrap()
            .unwrap()
            .disabled
    );
    assert!(store
        .touch_session("session-b", 3600, 86_400)
        .await
        .unwrap()
        .is_none());
    assert_eq!(store.api_token_user("token-alex").await.unwrap(), None);
    assert_eq!(store.api_token_user("token-sam").await.unwrap(), Some(sam));
    assert!(store
        .touch_session("session-sam", 3600, 86_400)
        .await
        .unwrap()
        .is_some());
    assert!(
        !store
            .credential_by_username("sam")
            .await
            .unwrap()
            .unwrap()
            .disabled
    );

    // Failed sign-ins are counted per key within the window.
    for n in 1..=3 {
        assert_eq!(
            store
                .record_failed_sign_in("alex.smith", 900)
                .await
                .unwrap(),
            n
        );
    }
    store.record_failed_sign_in("10.0.0.7", 900).await.unwrap();
    assert_eq!(store.failed_sign_ins("alex.smith", 900).await.unwrap(), 3);
    assert_eq!(store.failed_sign_ins("10.0.0.7", 900).await.unwrap(), 1);
    assert_eq!(store.failed_sign_ins("someone", 900).await.unwrap(), 0);
    // Attempts older than the window do not count (all of them are at or
    // before "now", so a zero-second window counts none).
    assert_eq!(store.failed_sign_ins("alex.smith", 0).await.unwrap(), 0);
    store.clear_failed_sign_ins("alex.smith").await.unwrap();
    assert_eq!(store.failed_sign_ins("alex.smith", 900).await.unwrap(), 0);
    assert_eq!(store.failed_sign_ins("10.0.0.7", 900).await.unwrap(), 1);

    // Break-glass access lasts as long as it was granted for.
    let person = Uuid::new_v4();
    store
        .grant_break_glass(sam, person, "Out-of-hours safeguarding call", 600)
        .await
        .unwrap();
    assert!(store.has_break_glass(sam, person).await.unwrap());
    assert!(!store.has_break_glass(alex, person).await.unwrap());
    assert!(!store.has_break_glass(sam, Uuid::new_v4()).await.unwrap());
    let other = Uuid::new_v4();
    store
        .grant_break_glass(alex, other, "Expired at once", 0)
        .await
        .unwrap();
    assert!(!store.has_break_glass(alex, other).await.unwrap());
}
conformance_test!(credentials_sessions_and_tokens);

// ---------------------------------------------------------------------------
// Audit, and the database refusing changes to append-only tables
// ---------------------------------------------------------------------------

async fn audit_is_append_only(db: &TestDb) {
    use hearth_core::access::Action;
    use hearth_core::audit::{AuditEvent, Audited, Outcome};

    let store = &db.store;
    let f = Fam::new();
    store.append(f.events()).await.unwrap();
    let subject = f.child.0;
    let actor = f.worker;

    let mut written = Vec::new();
    for (i, what) in [
        Audited::Access(Action::ReadRecord),
        Audited::Access(Action::WriteRecord),
        Audited::BreakGlass,
    ]
    .into_iter()
    .enumerate()
    {
        let mut e = AuditEvent::new(
            Some(actor),
            what,
            Some(subject),
            if i == 1 {
                Outcome::Refused
            } else {
                Outcome::Allowed
            },
        );
        e.basis = Some(format!("basis-{i}"));
        e.reason = (what == Audited::BreakGlass).then(|| "Police at the door".to_string());
        e.request_id = Some(format!("req-{i}"));
        store.audit(&e).await.unwrap();
        written.push(e);
    }
    let unrelated = AuditEvent::new(None, Audited::SignedIn, None, Outcome::Allowed);
    store.audit(&unrelated).await.unwrap();

    let got = store.audit_for_subject(subject, 10).await.unwrap();
    assert_eq!(got.len(), 3);
    assert!(got.windows(2).all(|w| w[0].seq > w[1].seq), "newest first");
    for (g, w) in got.iter().zip(written.iter().rev()) {
        assert_eq!(g.what, w.what);
        assert_eq!(g.actor, w.actor);
        assert_eq!(g.subject, w.subject);
        assert_eq!(g.outcome, w.outcome);
        assert_eq!(g.basis, w.basis);
        assert_eq!(g.reason, w.reason);
        assert_eq!(g.request_id, w.request_id);
        // Stored to the microsecond.
        assert!((g.at - w.at).abs() < time::Duration::milliseconds(1));
    }
    assert_eq!(got[0].what, "break_glass");
    assert_eq!(got[0].reason.as_deref(), Some("Police at the door"));
    assert_eq!(got[1].outcome, Outcome::Refused);
    let limited = store.audit_for_subject(subject, 2).await.unwrap();
    assert_eq!(limited, got[..2].to_vec());
    assert!(store
        .audit_for_subject(Uuid::new_v4(), 10)
        .await
        .unwrap()
        .is_empty());
    let recent = store.audit_recent(10).await.unwrap();
    assert_eq!(recent.len(), 4);
    assert_eq!(recent[0].what, "signed_in");
    assert_eq!(recent[0].subject, None);
    assert_eq!(recent[1..].to_vec(), got);

    // Raw SQL cannot change the audit trail or the journal.
    let events_before = journal(store).await;
    let mut raw = db.raw().await;
    let attempts = [
        "UPDATE audit SET what = 'tampered'",
        "DELETE FROM audit",
        "UPDATE events SET kind = 'tampered'",
        "DELETE FROM events",
        "DELETE FROM events WHERE seq = 1",
    ];
    for sql in attempts {
        let r = sqlx::query(sql).execute(&mut raw).await;
        assert!(
            r.is_err(),
            "{}: {sql:?} was allowed ({r:?})",
            store.backend().name()
        );
    }
    if store.backend() == Backend::Postgres {
        for sql in ["TRUNCATE events", "TRUNCATE audit"] {
            let r = sqlx::query(sql).execute(&mut raw).await;
            assert!(r.is_err(), "{sql:?} was allowed");
        }
    }
    // Operational tables stay writable through the same connection.
    sqlx::query("DELETE FROM login_attempts")
        .execute(&mut raw)
        .await
        .unwrap();
    drop(raw);

    assert_eq!(store.audit_for_subject(subject, 10).await.unwrap(), got);
    assert_eq!(store.audit_recent(10).await.unwrap(), recent);
    assert_eq!(journal(store).await, events_before);
}
conformance_test!(audit_is_append_only);

// ---------------------------------------------------------------------------
// Rebuild
// ---------------------------------------------------------------------------

async fn rebuild_reproduces_projections(db: &TestDb) {
    let store = &db.store;
    let f = Fam::new();
    store.append(f.events()).await.unwrap();
    let mut corrected = f.first_record();
    corrected.id = RecordId::new();
    let warning = WarningId::new();
    store
        .append(vec![
            Event::new(
                Some(f.worker),
                day(11),
                EventBody::CaseRecordCorrected {
                    record: corrected,
                    supersedes: f.record,
                    reason: "Wrong child named".into(),
                },
            ),
            Event::new(
                Some(f.worker),
                day(11),
                EventBody::WarningNoteAdded {
                    warning: WarningNote {
                        id: warning,
                        person_id: None,
                        family_id: Some(f.family),
                        category: "Hostility to staff".into(),
                        detail: "Visit in pairs.".into(),
                        review_on: day(90),
                        added_by: f.worker,
                        added_on: day(11),
                        ended_on: None,
                    },
                },
            ),
            Event::new(
                Some(f.worker),
                day(12),
                EventBody::MovedOut {
                    household_id: f.household,
                    person_id: f.mother,
                },
            ),
            Event::new(
                Some(f.manager),
                day(13),
                EventBody::LeadPractitionerAllocated {
                    child: f.child,
                    user_id: f.manager,
                    reason: "Worker left".into(),
                },
            ),
            Event::new(
                Some(f.manager),
                day(14),
                EventBody::PersonDetailsChanged {
                    person_id: f.mother,
                    details: details("Grace", "Adeyemi"),
                },
            ),
            Event::new(
                Some(f.manager),
                day(15),
                EventBody::WarningNoteEnded {
                    warning_id: warning,
                },
            ),
        ])
        .await
        .unwrap();

    let before = store.projection_snapshot().await.unwrap();
    let events = journal(store).await;
    let expected = expected_snapshot(&replay(&events).unwrap()).unwrap();
    assert_eq!(before, expected);
    let about_child = store.events_about(f.child.0).await.unwrap();
    let about_family = store.events_about(f.family.0).await.unwrap();

    let n = store.rebuild().await.unwrap();
    assert_eq!(n, before.len());
    assert_eq!(store.projection_snapshot().await.unwrap(), before);
    assert_eq!(store.events_about(f.child.0).await.unwrap(), about_child);
    assert_eq!(store.events_about(f.family.0).await.unwrap(), about_family);
    // Rebuilding twice changes nothing either, and the journal is untouched.
    store.rebuild().await.unwrap();
    assert_eq!(store.projection_snapshot().await.unwrap(), before);
    assert_eq!(journal(store).await, events);
    // The index reflects the latest state after rebuild.
    assert_eq!(
        store
            .people_where("lead", &f.manager.to_string())
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.id)
            .collect::<Vec<_>>(),
        vec![f.child]
    );
    assert!(store
        .find_ids_by_prefix(DocKind::Person, "name", "adeyemi", 10)
        .await
        .unwrap()
        .contains(&f.mother.0));
    assert!(store
        .people_where("lead", &f.worker.to_string())
        .await
        .unwrap()
        .is_empty());
}
conformance_test!(rebuild_reproduces_projections);

// ---------------------------------------------------------------------------
// Concurrency
// ---------------------------------------------------------------------------

async fn concurrent_appends_to_one_family(db: &TestDb) {
    use hearth_core::audit::{AuditEvent, Audited, Outcome};

    let store = &db.store;
    let f = Fam::new();
    store.append(f.events()).await.unwrap();
    let visitor = PersonId::new();
    store
        .append(vec![Event::new(
            None,
            day(5),
            person_registered(visitor, PersonKind::Adult, "Visiting", "Aunt"),
        )])
        .await
        .unwrap();
    let start_count = store.event_count().await.unwrap();

    const TASKS: usize = 8;
    let mut tasks = Vec::new();
    for i in 0..TASKS {
        let store = store.clone();
        let f = f.clone();
        tasks.push(tokio::spawn(async move {
            let w = Some(f.worker);
            let p = PersonId::new();
            // Uncontested: a new person joins the family, a record about
            // them, a relationship to the child.
            store
                .append(vec![
                    Event::new(
                        w,
                        day(20),
                        person_registered(p, PersonKind::Child, &format!("Sibling{i}"), "Okafor"),
                    ),
                    Event::new(w, day(20), member_added(f.family, p, MemberRole::Child)),
                ])
                .await
                .unwrap();
            store
                .append(vec![Event::new(
                    w,
                    day(21),
                    EventBody::CaseRecordFinalised {
                        record: case_record(
                            RecordId::new(),
                            f.family,
                            vec![p, f.child],
                            f.worker,
                            &format!("Visit {i}"),
                        ),
                    },
                )])
                .await
                .unwrap();
            store
                .append(vec![Event::new(
                    w,
                    day(22),
                    EventBody::RelationshipRecorded {
                        relationship: Relationship {
                            id: RelationshipId::new(),
                            from: p,
                            to: f.child,
                            kind: RelationshipKind::Sibling,
                            parental_responsibility: false,
                            quality: Some(RelationshipQuality::Supportive),
                            start: None,
                            end: None,
                        },
                    },
                )])
                .await
                .unwrap();
            store
                .audit(&AuditEvent::new(
                    w,
                    Audited::Access(hearth_core::access::Action::WriteRecord),
                    Some(f.family.0),
                    Outcome::Allowed,
                ))
                .await
                .unwrap();
            // Contested: only one task can add the visitor, and only one can
            // make the manager the child's lead practitioner.
            let joined = store
                .append(vec![Event::new(
                    w,
                    day(23),
                    member_added(f.family, visitor, MemberRole::Adult),
                )])
                .await;
            let lead = store
                .append(vec![Event::new(
                    w,
                    day(23),
                    EventBody::LeadPractitionerAllocated {
                        child: f.child,
                        user_id: f.manager,
                        reason: format!("Reallocated by task {i}"),
                    },
                )])
                .await;
            for r in [&joined, &lead] {
                assert!(r.is_ok() || is_rejected(r), "task {i}: {r:?}");
            }
            (p, joined.is_ok(), lead.is_ok())
        }));
    }
    // Meanwhile: audit writes outside the journal's transactions, and a
    // projection rebuild racing the appends.
    let auditor = {
        let store = store.clone();
        let family = f.family;
        tokio::spawn(async move {
            for _ in 0..40 {
                store
                    .audit(&AuditEvent::new(
                        None,
                        Audited::Access(hearth_core::access::Action::ReadRecord),
                        Some(family.0),
                        Outcome::Allowed,
                    ))
                    .await
                    .unwrap();
                tokio::task::yield_now().await;
            }
        })
    };
    let rebuilder = {
        let store = store.clone();
        tokio::spawn(async move {
            for _ in 0..3 {
                store.rebuild().await.unwrap();
                tokio::task::yield_now().await;
            }
        })
    };

    let mut people = Vec::new();
    let mut joined = 0;
    let mut leads = 0;
    for t in tasks {
        let (p, j, l) = t.await.unwrap();
        people.push(p);
        joined += usize::from(j);
        leads += usize::from(l);
    }
    auditor.await.unwrap();
    rebuilder.await.unwrap();

    assert_eq!(joined, 1, "exactly one task adds the visitor");
    assert_eq!(leads, 1, "exactly one task reallocates the child");
    assert_eq!(
        store.event_count().await.unwrap(),
        start_count + (TASKS as i64) * 4 + 2
    );
    let family = store.family(f.family).await.unwrap().unwrap();
    let current: BTreeSet<PersonId> = family.current_members().map(|m| m.person_id).collect();
    let mut want: BTreeSet<PersonId> = people.iter().copied().collect();
    want.extend([f.child, f.mother, visitor]);
    assert_eq!(current, want);
    assert_eq!(
        store
            .relationships_where("person", &f.child.to_string())
            .await
            .unwrap()
            .len(),
        TASKS + 1
    );
    assert_eq!(
        store
            .person(f.child)
            .await
            .unwrap()
            .unwrap()
            .lead_practitioner(),
        Some(f.manager)
    );
    assert_eq!(
        store
            .records_where("family", &f.family.to_string())
            .await
            .unwrap()
            .len(),
        TASKS + 1
    );
    // The subject index survived the racing rebuilds: every event about
    // the family is found through it, in order.
    let all = journal(store).await;
    let about_family: Vec<EventId> = all
        .iter()
        .filter(|e| e.body.subjects().contains(&f.family.0))
        .map(|e| e.id)
        .collect();
    assert_eq!(
        store
            .events_about(f.family.0)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.id)
            .collect::<Vec<_>>(),
        about_family
    );
    assert_eq!(
        store
            .audit_for_subject(f.family.0, 1000)
            .await
            .unwrap()
            .len(),
        TASKS + 40
    );
    assert_projections_match_journal(store).await;
}
conformance_test!(concurrent_appends_to_one_family);

// ---------------------------------------------------------------------------
// Property: projections always equal a replay of the journal
// ---------------------------------------------------------------------------

mod history {
    use super::*;
    use proptest::prelude::*;

    pub const NAMES: &[&str] = &[
        "Okafor",
        "Amara",
        "Zoë",
        "Øyvind",
        "Nguyễn",
        "O'Brien",
        "Smith-Jones",
        "Ana María",
        "Łukasz",
        "Zara",
        "Ahmed",
        "Żaneta",
    ];

    /// One step of a random history. Indices pick among the things that
    /// exist when the step runs (modulo how many there are).
    #[derive(Clone, Debug)]
    pub enum Op {
        Person {
            child: bool,
            given: usize,
            family: usize,
            dob: Option<u16>,
        },
        Family {
            name: usize,
        },
        Member {
            family: usize,
            person: usize,
        },
        Leave {
            family: usize,
            person: usize,
        },
        Relate {
            a: usize,
            b: usize,
            kind: usize,
            quality: Option<usize>,
        },
        EndRelationship {
            rel: usize,
        },
        Household {
            family: usize,
        },
        MoveIn {
            household: usize,
            person: usize,
        },
        MoveOut {
            household: usize,
            person: usize,
        },
        Lead {
            person: usize,
            worker: usize,
        },
        TeamMember {
            family: usize,
            worker: usize,
            end: bool,
        },
        Record {
            family: usize,
            about: Vec<usize>,
            visit: bool,
        },
        Correct {
            record: usize,
        },
        Warning {
            person: Option<usize>,
            family: Option<usize>,
        },
        EndWarning {
            warning: usize,
        },
        Chronology {
            person: usize,
            family: bool,
        },
        Restrict {
            person: usize,
            on: bool,
        },
        Grant {
            person: usize,
            worker: usize,
            revoke: bool,
        },
        Details {
            person: usize,
            given: usize,
        },
        Address {
            person: usize,
        },
    }

    pub fn op() -> impl Strategy<Value = Op> {
        let ix = || 0usize..64;
        let name = || 0..NAMES.len();
        prop_oneof![
            4 => (any::<bool>(), name(), name(), proptest::option::of(0u16..7000))
                .prop_map(|(child, given, family, dob)| Op::Person { child, given, family, dob }),
            2 => name().prop_map(|name| Op::Family { name }),
            4 => (ix(), ix()).prop_map(|(family, person)| Op::Member { family, person }),
            1 => (ix(), ix()).prop_map(|(family, person)| Op::Leave { family, person }),
            3 => (ix(), ix(), 0..RelationshipKind::ALL.len(),
                  proptest::option::of(0..RelationshipQuality::ALL.len()))
                .prop_map(|(a, b, kind, quality)| Op::Relate { a, b, kind, quality }),
            1 => ix().prop_map(|rel| Op::EndRelationship { rel }),
            1 => ix().prop_map(|family| Op::Household { family }),
            2 => (ix(), ix()).prop_map(|(household, person)| Op::MoveIn { household, person }),
            1 => (ix(), ix()).prop_map(|(household, person)| Op::MoveOut { household, person }),
            2 => (ix(), 0usize..3).prop_map(|(person, worker)| Op::Lead { person, worker }),
            1 => (ix(), 0usize..3, any::<bool>())
                .prop_map(|(family, worker, end)| Op::TeamMember { family, worker, end }),
            3 => (ix(), proptest::collection::vec(ix(), 1..3), any::<bool>())
                .prop_map(|(family, about, visit)| Op::Record { family, about, visit }),
            2 => ix().prop_map(|record| Op::Correct { record }),
            1 => (proptest::option::of(ix()), proptest::option::of(ix()))
                .prop_map(|(person, family)| Op::Warning { person, family }),
            1 => ix().prop_map(|warning| Op::EndWarning { warning }),
            1 => (ix(), any::<bool>()).prop_map(|(person, family)| Op::Chronology { person, family }),
            1 => (ix(), any::<bool>()).prop_map(|(person, on)| Op::Restrict { person, on }),
            1 => (ix(), 0usize..3, any::<bool>())
                .prop_map(|(person, worker, revoke)| Op::Grant { person, worker, revoke }),
            1 => (ix(), name()).prop_map(|(person, given)| Op::Details { person, given }),
            1 => ix().prop_map(|person| Op::Address { person }),
        ]
    }

    /// A random history: the steps, and how to cut them into appends
    /// (batch size, and whether to first try the batch with a bad event on
    /// the end, which must be refused as a whole).
    #[derive(Clone, Debug)]
    pub struct Case {
        pub ops: Vec<Op>,
        pub batches: Vec<(usize, bool)>,
    }

    pub fn case(len: std::ops::Range<usize>) -> impl Strategy<Value = Case> {
        (
            proptest::collection::vec(op(), len),
            proptest::collection::vec((1usize..6, proptest::bool::weighted(0.15)), 1..16),
        )
            .prop_map(|(ops, batches)| Case { ops, batches })
    }

    /// Turns steps into a journal that the domain accepts, event by event.
    struct World {
        docs: Docs,
        events: Vec<Event>,
        next: u128,
        day: i64,
        workers: Vec<UserId>,
        persons: Vec<PersonId>,
        families: Vec<FamilyId>,
        relationships: Vec<RelationshipId>,
        households: Vec<HouseholdId>,
        records: Vec<RecordId>,
        warnings: Vec<WarningId>,
    }

    fn pick<T: Copy>(v: &[T], i: usize) -> Option<T> {
        if v.is_empty() {
            None
        } else {
            Some(v[i % v.len()])
        }
    }

    impl World {
        fn uuid(&mut self) -> Uuid {
            self.next += 1;
            Uuid::from_u128((0x4845_4152_5448u128 << 64) | self.next)
        }

        /// Keeps the event only if the domain accepts it after everything
        /// kept so far.
        fn push(&mut self, body: EventBody) -> bool {
            let actor = pick(&self.workers, self.events.len());
            let e = Event::new(actor, day(self.day), body);
            let mut scratch = self.docs.clone();
            for k in touches(&e.body) {
                scratch.entry(k).or_insert(None);
            }
            if apply(&e, &mut scratch).is_ok() {
                self.docs = scratch;
                self.events.push(e);
                true
            } else {
                false
            }
        }

        fn record(&self, id: RecordId) -> Option<CaseRecord> {
            match self.docs.get(&DocKey::new(DocKind::Record, id.0)) {
                Some(Some(Doc::Record(r))) => Some(r.clone()),
                _ => None,
            }
        }
    }

    pub fn events(ops: &[Op]) -> Vec<Event> {
        let mut w = World {
            docs: Docs::new(),
            events: vec![],
            next: 0,
            day: 0,
            workers: vec![],
            persons: vec![],
            families: vec![],
            relationships: vec![],
            households: vec![],
            records: vec![],
            warnings: vec![],
        };
        let team = TeamId(w.uuid());
        assert!(w.push(team_created(team)));
        for i in 0..3 {
            let id = UserId(w.uuid());
            assert!(w.push(practitioner_registered(
                id,
                &format!("worker{i}"),
                &format!("Worker {i}")
            )));
            assert!(w.push(EventBody::MembershipStarted {
                user_id: id,
                membership: Membership {
                    team_id: team,
                    unit_id: None,
                    from: day(0),
                    to: None,
                },
            }));
            w.workers.push(id);
        }
        for op in ops {
            w.day += 1;
            match op {
                Op::Person {
                    child,
                    given,
                    family,
                    dob,
                } => {
                    let id = PersonId(w.uuid());
                    let mut d = details(NAMES[*given], NAMES[*family]);
                    d.date_of_birth =
                        dob.map(|n| date!(2000 - 01 - 01) + time::Duration::days(i64::from(n)));
                    if *given == 0 {
                        d.other_names = vec!["Known As".into()];
                    }
                    if w.push(EventBody::PersonRegistered {
                        person_id: id,
                        kind: if *child {
                            PersonKind::Child
                        } else {
                            PersonKind::Adult
                        },
                        details: d,
                    }) {
                        w.persons.push(id);
                    }
                }
                Op::Family { name } => {
                    let id = FamilyId(w.uuid());
                    if w.push(EventBody::FamilyCreated {
                        family_id: id,
                        name: format!("{} family", NAMES[*name]),
                    }) {
                        w.families.push(id);
                        w.push(EventBody::FamilyAllocatedToTeam {
                            family_id: id,
                            team_id: team,
                            unit_id: None,
                        });
                    }
                }
                Op::Member { family, person } => {
                    if let (Some(f), Some(p)) =
                        (pick(&w.families, *family), pick(&w.persons, *person))
                    {
                        w.push(member_added(f, p, MemberRole::Child));
                    }
                }
                Op::Leave { family, person } => {
                    if let (Some(f), Some(p)) =
                        (pick(&w.families, *family), pick(&w.persons, *person))
                    {
                        w.push(EventBody::FamilyMemberLeft {
                            family_id: f,
                            person_id: p,
                        });
                    }
                }
                Op::Relate {
                    a,
                    b,
                    kind,
                    quality,
                } => {
                    if let (Some(from), Some(to)) = (pick(&w.persons, *a), pick(&w.persons, *b)) {
                        let id = RelationshipId(w.uuid());
                        if w.push(EventBody::RelationshipRecorded {
                            relationship: Relationship {
                                id,
                                from,
                                to,
                                kind: RelationshipKind::ALL[*kind],
                                parental_responsibility: *kind == 0,
                                quality: quality.map(|q| RelationshipQuality::ALL[q]),
                                start: Some(day(w.day)),
                                end: None,
                            },
                        }) {
                            w.relationships.push(id);
                        }
                    }
                }
                Op::EndRelationship { rel } => {
                    if let Some(r) = pick(&w.relationships, *rel) {
                        let on = day(w.day);
                        w.push(EventBody::RelationshipEnded {
                            relationship_id: r,
                            on,
                        });
                    }
                }
                Op::Household { family } => {
                    if let Some(f) = pick(&w.families, *family) {
                        let id = HouseholdId(w.uuid());
                        if w.push(EventBody::HouseholdRecorded {
                            household_id: id,
                            family_id: f,
                            address: Address {
                                line1: format!("{} Mill Lane", w.day),
                                line2: None,
                                town: "Riverside".into(),
                                postcode: None,
                                from: None,
                                to: None,
                            },
                        }) {
                            w.households.push(id);
                        }
                    }
                }
                Op::MoveIn { household, person } => {
                    if let (Some(h), Some(p)) =
                        (pick(&w.households, *household), pick(&w.persons, *person))
                    {
                        w.push(EventBody::MovedIn {
                            household_id: h,
                            person_id: p,
                        });
                    }
                }
                Op::MoveOut { household, person } => {
                    if let (Some(h), Some(p)) =
                        (pick(&w.households, *household), pick(&w.persons, *person))
                    {
                        w.push(EventBody::MovedOut {
                            household_id: h,
                            person_id: p,
                        });
                    }
                }
                Op::Lead { person, worker } => {
                    if let (Some(c), Some(u)) =
                        (pick(&w.persons, *person), pick(&w.workers, *worker))
                    {
                        w.push(EventBody::LeadPractitionerAllocated {
                            child: c,
                            user_id: u,
                            reason: format!("Allocation on day {}", w.day),
                        });
                    }
                }
                Op::TeamMember {
                    family,
                    worker,
                    end,
                } => {
                    if let (Some(f), Some(u)) =
                        (pick(&w.families, *family), pick(&w.workers, *worker))
                    {
                        w.push(if *end {
                            EventBody::FamilyTeamMemberEnded {
                                family_id: f,
                                user_id: u,
                            }
                        } else {
                            EventBody::FamilyTeamMemberAdded {
                                family_id: f,
                                user_id: u,
                                role: "Family support worker".into(),
                            }
                        });
                    }
                }
                Op::Record {
                    family,
                    about,
                    visit,
                } => {
                    let Some(f) = pick(&w.families, *family) else {
                        continue;
                    };
                    let mut about: Vec<PersonId> =
                        about.iter().filter_map(|i| pick(&w.persons, *i)).collect();
                    about.sort();
                    about.dedup();
                    let id = RecordId(w.uuid());
                    let author = pick(&w.workers, w.day as usize).unwrap();
                    let mut r =
                        case_record(id, f, about.clone(), author, &format!("Record {}", w.day));
                    r.occurred_on = day(w.day);
                    if *visit {
                        r.kind = RecordKind::Visit;
                        r.visit = Some(VisitDetails {
                            seen: about.clone(),
                            seen_alone: about.iter().take(1).copied().collect(),
                            location: "Home".into(),
                            present: "Grandmother".into(),
                            direct_work_minutes: 45,
                        });
                        r.significant = true;
                    }
                    if w.push(EventBody::CaseRecordFinalised { record: r }) {
                        w.records.push(id);
                    }
                }
                Op::Correct { record } => {
                    let Some(mut latest) = pick(&w.records, *record) else {
                        continue;
                    };
                    while let Some(next) = w.record(latest).and_then(|r| r.superseded_by) {
                        latest = next;
                    }
                    let Some(old) = w.record(latest) else {
                        continue;
                    };
                    let id = RecordId(w.uuid());
                    let mut new = old.clone();
                    new.id = id;
                    new.title = format!("{} (corrected)", old.title);
                    new.supersedes = None;
                    new.superseded_by = None;
                    new.correction_reason = None;
                    if w.push(EventBody::CaseRecordCorrected {
                        record: new,
                        supersedes: latest,
                        reason: "Typing error".into(),
                    }) {
                        w.records.push(id);
                    }
                }
                Op::Warning { person, family } => {
                    let id = WarningId(w.uuid());
                    let person_id = person.and_then(|i| pick(&w.persons, i));
                    let family_id = family.and_then(|i| pick(&w.families, i));
                    let added_by = w.workers[0];
                    if w.push(EventBody::WarningNoteAdded {
                        warning: WarningNote {
                            id,
                            person_id,
                            family_id,
                            category: "Risk to lone workers".into(),
                            detail: "Visit in pairs".into(),
                            review_on: day(w.day + 90),
                            added_by,
                            added_on: day(w.day),
                            ended_on: None,
                        },
                    }) {
                        w.warnings.push(id);
                    }
                }
                Op::EndWarning { warning } => {
                    if let Some(id) = pick(&w.warnings, *warning) {
                        if warning % 2 == 0 {
                            w.push(EventBody::WarningNoteEnded { warning_id: id });
                        } else {
                            let next_review = day(w.day + 30);
                            w.push(EventBody::WarningNoteReviewed {
                                warning_id: id,
                                next_review,
                            });
                        }
                    }
                }
                Op::Chronology { person, family } => {
                    let id = ChronologyEntryId(w.uuid());
                    let person_id = pick(&w.persons, *person);
                    let family_id = if *family {
                        pick(&w.families, *person)
                    } else {
                        None
                    };
                    let author = w.workers[1];
                    w.push(EventBody::ChronologyEntryAdded {
                        entry: ChronologyEntry {
                            id,
                            person_id,
                            family_id,
                            occurred_on: day(w.day),
                            summary: "Started at a new school".into(),
                            significant: *family,
                            author,
                        },
                    });
                }
                Op::Restrict { person, on } => {
                    if let Some(p) = pick(&w.persons, *person) {
                        let reason = "Staff member's relative".to_string();
                        w.push(if *on {
                            EventBody::RecordRestricted {
                                person_id: p,
                                reason,
                            }
                        } else {
                            EventBody::RecordUnrestricted {
                                person_id: p,
                                reason,
                            }
                        });
                    }
                }
                Op::Grant {
                    person,
                    worker,
                    revoke,
                } => {
                    if let (Some(p), Some(u)) =
                        (pick(&w.persons, *person), pick(&w.workers, *worker))
                    {
                        w.push(if *revoke {
                            EventBody::AccessRevoked {
                                person_id: p,
                                user_id: u,
                            }
                        } else {
                            EventBody::AccessGranted {
                                person_id: p,
                                user_id: u,
                                reason: "Covering worker".into(),
                            }
                        });
                    }
                }
                Op::Details { person, given } => {
                    if let Some(p) = pick(&w.persons, *person) {
                        let mut d = details(NAMES[*given], NAMES[(given + 3) % NAMES.len()]);
                        d.nhs_number = (given % 2 == 0).then(|| {
                            hearth_core::identifiers::NhsNumber::parse("9434765919").unwrap()
                        });
                        w.push(EventBody::PersonDetailsChanged {
                            person_id: p,
                            details: d,
                        });
                    }
                }
                Op::Address { person } => {
                    if let Some(p) = pick(&w.persons, *person) {
                        let from = Some(day(w.day));
                        w.push(EventBody::AddressRecorded {
                            person_id: p,
                            address: Address {
                                line1: "1 High Street".into(),
                                line2: Some("Flat 2".into()),
                                town: "Riverside".into(),
                                postcode: Some(
                                    hearth_core::identifiers::Postcode::parse("M1 1AE").unwrap(),
                                ),
                                from,
                                to: None,
                            },
                        });
                    }
                }
            }
        }
        w.events
    }

    /// An event no journal accepts: a member who was never registered.
    fn bad_event() -> Event {
        Event::new(
            None,
            day(0),
            member_added(FamilyId::new(), PersonId::new(), MemberRole::Adult),
        )
    }

    /// Appends the history in the case's batches and checks the stored
    /// journal, the subject index and the projections.
    pub async fn check(db: &TestDb, case: &Case) {
        let store = &db.store;
        let events = events(&case.ops);
        let mut at = 0;
        let mut b = 0;
        while at < events.len() {
            let (size, poison) = case.batches[b % case.batches.len()];
            b += 1;
            let end = (at + size).min(events.len());
            let chunk = events[at..end].to_vec();
            if poison {
                let count = store.event_count().await.unwrap();
                let snap = store.projection_snapshot().await.unwrap();
                let mut bad = chunk.clone();
                bad.push(bad_event());
                let r = store.append(bad).await;
                assert!(is_rejected(&r), "{r:?}");
                assert_eq!(store.event_count().await.unwrap(), count);
                assert_eq!(store.projection_snapshot().await.unwrap(), snap);
            }
            let stored = store.append(chunk).await.unwrap();
            assert_eq!(stored.len(), end - at);
            at = end;
        }

        // The journal holds exactly what was appended, in order.
        let stored = journal(store).await;
        assert_eq!(stored.len(), events.len());
        assert!(stored.windows(2).all(|w| w[0].seq < w[1].seq));
        for (s, e) in stored.iter().zip(&events) {
            assert_eq!(s.id, e.id);
            assert_eq!(s.body, e.body);
            assert_eq!(s.valid_from, e.valid_from);
            assert_eq!(s.actor, e.actor);
            // Transaction time is kept to the microsecond.
            let micros = e
                .recorded_at
                .replace_nanosecond(e.recorded_at.microsecond() * 1000)
                .unwrap();
            assert_eq!(s.recorded_at, micros);
        }

        // The projections equal a replay, and a rebuild changes nothing.
        let expected = expected_snapshot(&replay(&stored).unwrap()).unwrap();
        assert_eq!(
            expected,
            expected_snapshot(&replay(&events).unwrap()).unwrap()
        );
        let snapshot = store.projection_snapshot().await.unwrap();
        assert_eq!(snapshot, expected, "{}", store.backend().name());
        let subjects: BTreeSet<Uuid> = events.iter().flat_map(|e| e.body.subjects()).collect();
        let mut about_before = Vec::new();
        for s in &subjects {
            about_before.push(store.events_about(*s).await.unwrap());
        }
        store.rebuild().await.unwrap();
        assert_eq!(store.projection_snapshot().await.unwrap(), expected);

        // The subject index: each subject's events, in journal order, both
        // before and after the rebuild.
        for (s, before) in subjects.iter().zip(about_before) {
            let want: Vec<EventId> = stored
                .iter()
                .filter(|e| e.body.subjects().contains(s))
                .map(|e| e.id)
                .collect();
            let got: Vec<EventId> = before.iter().map(|e| e.id).collect();
            assert_eq!(got, want);
            let after = store.events_about(*s).await.unwrap();
            assert_eq!(after, before);
        }
    }
}

/// Random histories on SQLite (each case gets a fresh database).
#[test]
fn random_histories_project_like_replay_sqlite() {
    use proptest::test_runner::{Config, TestRunner};
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut runner = TestRunner::new(Config {
        cases: 16,
        max_shrink_iters: 200,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&history::case(1..60), |case| {
        rt.block_on(async {
            let db = TestDb::new(Kind::Sqlite).await.unwrap();
            history::check(&db, &case).await;
            db.finish().await;
        });
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// One larger history from a fixed seed, on both backends.
async fn fixed_seed_history(db: &TestDb) {
    use proptest::strategy::{Strategy, ValueTree};
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[0x48; 32]),
    );
    let case = history::case(150..151)
        .new_tree(&mut runner)
        .unwrap()
        .current();
    let events = history::events(&case.ops);
    assert!(
        events.len() > 100,
        "the fixed history should be substantial ({} events)",
        events.len()
    );
    history::check(db, &case).await;
}
conformance_test!(fixed_seed_history);

// ---------------------------------------------------------------------------
// The latest visit to a child, from the index: current visits only.
// ---------------------------------------------------------------------------

async fn last_visit_follows_corrections(db: &TestDb) {
    let store = &db.store;
    let f = Fam::new();
    store.append(f.events()).await.unwrap();
    let visit = |id: RecordId, on: i64| {
        let mut r = case_record(id, f.family, vec![f.child], f.worker, "Home visit");
        r.kind = RecordKind::Visit;
        r.occurred_on = day(on);
        r
    };
    let (early, late) = (RecordId::new(), RecordId::new());
    let mut note = case_record(RecordId::new(), f.family, vec![f.child], f.worker, "Note");
    note.occurred_on = day(30);
    store
        .append(vec![
            Event::new(
                Some(f.worker),
                day(5),
                EventBody::CaseRecordFinalised {
                    record: visit(early, 5),
                },
            ),
            Event::new(
                Some(f.worker),
                day(8),
                EventBody::CaseRecordFinalised {
                    record: visit(late, 8),
                },
            ),
            Event::new(
                Some(f.worker),
                day(30),
                EventBody::CaseRecordFinalised { record: note },
            ),
        ])
        .await
        .unwrap();
    assert_eq!(
        store.last_visit(f.child).await.unwrap(),
        Some(day(8)),
        "a case note is not a visit"
    );
    assert_eq!(store.last_visit(f.mother).await.unwrap(), None);
    store
        .append(vec![Event::new(
            Some(f.worker),
            day(9),
            EventBody::CaseRecordCorrected {
                record: visit(RecordId::new(), 7),
                supersedes: late,
                reason: "Wrong date".into(),
            },
        )])
        .await
        .unwrap();
    assert_eq!(
        store.last_visit(f.child).await.unwrap(),
        Some(day(7)),
        "the superseded visit no longer counts"
    );
}
conformance_test!(last_visit_follows_corrections);

/// Attachments are stored once by their hash, bytes exactly as given
/// (binary, with NULs and high bytes), on both backends.
async fn attachments_are_content_addressed(db: &TestDb) {
    let store = &db.store;
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let sha = store.put_attachment("image/png", &bytes).await.unwrap();
    assert_eq!(sha.len(), 64);
    let again = store.put_attachment("image/png", &bytes).await.unwrap();
    assert_eq!(sha, again, "the same bytes have the same key");
    let got = store.get_attachment(&sha).await.unwrap().expect("stored");
    assert_eq!(got.bytes, bytes);
    assert_eq!(got.media_type, "image/png");
    assert_eq!(got.sha256, sha);
    assert!(store
        .get_attachment(&"0".repeat(64))
        .await
        .unwrap()
        .is_none());
}
conformance_test!(attachments_are_content_addressed);

// ---------------------------------------------------------------------------
// The bulk load for new records: the same store as appending event by event.
// ---------------------------------------------------------------------------

/// Each stored document's seq (the last event that changed it).
async fn doc_seqs(db: &TestDb) -> BTreeMap<(String, String), i64> {
    use sqlx::Row;
    let mut conn = db.raw().await;
    let rows = sqlx::query("SELECT kind, id, seq FROM docs")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    rows.iter()
        .map(|r| {
            (
                (r.get::<String, _>("kind"), r.get::<String, _>("id")),
                r.get::<i64, _>("seq"),
            )
        })
        .collect()
}

/// Two small synthetic districts, loaded after an existing team: once
/// through `append` in batches (as `hearth synth` did) and once through
/// `append_fresh`, into two stores of the same backend. The journals (seqs
/// included), the projections with their index entries and every document's
/// seq must be identical; then `append` continues the journal, and a bulk
/// load touching a stored document, or refused by the record, writes nothing.
async fn append_fresh_matches_append(db: &TestDb) {
    let kind = match db.store.backend() {
        Backend::Sqlite => Kind::Sqlite,
        Backend::Postgres => Kind::Postgres,
    };
    let Some(slow) = TestDb::new(kind).await else {
        return;
    };
    let today = date!(2026 - 03 - 31);
    let districts: Vec<Vec<Event>> = [11_u64, 12]
        .iter()
        .map(|&seed| {
            hearth_synth::generate(&hearth_synth::Config {
                seed,
                size: 0.01,
                today,
            })
            .events
        })
        .collect();
    assert!(
        districts.iter().all(|d| d.len() > 300),
        "each district should be a real history"
    );
    let team = TeamId::new();
    let existing = vec![Event::new(None, day(0), team_created(team))];
    slow.store.append(existing.clone()).await.unwrap();
    db.store.append(existing).await.unwrap();
    for d in &districts {
        for batch in d.chunks(250) {
            slow.store.append(batch.to_vec()).await.unwrap();
        }
        let out = db.store.append_fresh(d.clone()).await.unwrap();
        assert_eq!(out.len(), d.len());
    }

    let fast_journal = journal(&db.store).await;
    assert_eq!(
        fast_journal.len(),
        1 + districts[0].len() + districts[1].len()
    );
    assert_eq!(
        fast_journal.iter().map(|e| e.seq).collect::<Vec<_>>(),
        (1..=fast_journal.len() as i64).collect::<Vec<_>>(),
        "the bulk load's seqs continue the journal without gaps"
    );
    assert_eq!(fast_journal, journal(&slow.store).await);
    assert_eq!(
        db.store.projection_snapshot().await.unwrap(),
        slow.store.projection_snapshot().await.unwrap()
    );
    assert_eq!(doc_seqs(db).await, doc_seqs(&slow).await);
    assert_projections_match_journal(&db.store).await;
    slow.finish().await;

    // An ordinary append afterwards gets the next seq.
    let last = fast_journal.len() as i64;
    let next = db
        .store
        .append(vec![Event::new(None, day(1), team_created(TeamId::new()))])
        .await
        .unwrap();
    assert_eq!(next[0].seq, last + 1);

    // A bulk load touching a stored document is refused, naming it.
    let again = vec![
        Event::new(None, day(2), team_created(TeamId::new())),
        Event::new(None, day(2), team_created(team)),
    ];
    match db.store.append_fresh(again).await {
        Err(StoreError::NotFresh(what)) => assert!(what.contains(&team.to_string()), "{what}"),
        other => panic!("expected NotFresh, got {other:?}"),
    }
    // One the record refuses (a member added to a family that does not
    // exist) is refused as `append` refuses it.
    let refused = vec![
        Event::new(None, day(2), team_created(TeamId::new())),
        Event::new(
            None,
            day(2),
            member_added(FamilyId::new(), PersonId::new(), MemberRole::Child),
        ),
    ];
    assert!(is_rejected(&db.store.append_fresh(refused).await));
    assert_eq!(db.store.event_count().await.unwrap(), last + 1);
    assert_projections_match_journal(&db.store).await;
    // And a later append still follows on.
    let after = db
        .store
        .append(vec![Event::new(None, day(3), team_created(TeamId::new()))])
        .await
        .unwrap();
    assert_eq!(after[0].seq, last + 2);
}
conformance_test!(append_fresh_matches_append);
