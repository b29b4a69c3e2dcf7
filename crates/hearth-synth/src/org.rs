//! The council's structure: two services, teams with a function, units led by
//! a consultant social worker, and the practitioners in them.

use hearth_core::event::EventBody;
use hearth_core::identifiers::RegistrationNumber;
use hearth_core::ids::{TeamId, UnitId, UserId};
use hearth_core::model::{
    Discipline, Employment, Membership, Practitioner, Team, TeamFunction, Unit,
};
use time::Date;

use crate::gen::{add_days, ascii_slug, Gen};
use crate::names::{is_famous, staff_culture_weights, CULTURES, UNIT_NAMES};

pub(crate) const SERVICES: [&str; 2] = [
    "Children's social care - North",
    "Children's social care - South",
];
const SERVICE_SHORT: [&str; 2] = ["North", "South"];

/// The casework functions whose teams hold families, in the order the
/// council's structure chart lists them.
pub(crate) const CASEWORK: [TeamFunction; 6] = [
    TeamFunction::Assessment,
    TeamFunction::FamilySupport,
    TeamFunction::ChildProtection,
    TeamFunction::ChildrenInCare,
    TeamFunction::CareLeavers,
    TeamFunction::Disability,
];

/// Share of open families by the function of the team holding them, and the
/// average number of children in such a family (to size the teams).
pub(crate) const FAMILY_SHARE: [(TeamFunction, f64, f64); 7] = [
    (TeamFunction::FrontDoor, 0.03, 1.9),
    (TeamFunction::Assessment, 0.18, 1.9),
    (TeamFunction::FamilySupport, 0.30, 2.0),
    (TeamFunction::ChildProtection, 0.17, 2.0),
    (TeamFunction::ChildrenInCare, 0.17, 1.5),
    (TeamFunction::CareLeavers, 0.07, 1.0),
    (TeamFunction::Disability, 0.08, 1.5),
];

/// Children a unit can hold: about four case holders at 16 children each.
const UNIT_CAPACITY: f64 = 64.0;

#[derive(Clone, Debug)]
pub(crate) struct Prac {
    pub id: UserId,
    pub display_name: String,
    pub username: String,
    pub join: Date,
    pub unit: Option<usize>,
    /// Children currently allocated.
    pub load: u32,
    pub consultant: bool,
    /// Only given work on purpose (the demo social worker's caseload is fixed).
    pub reserved: bool,
    pub leave: Option<Date>,
    /// The worker's id in the 903's social worker episodes: their Social
    /// Work England number, or XX and a number for anyone unregistered.
    pub sw_id: String,
    pub discipline: Discipline,
    pub agency: bool,
    /// The team they joined (none for a partner agency's account).
    pub team: Option<usize>,
}

#[derive(Clone, Debug)]
pub(crate) struct TeamInfo {
    pub id: TeamId,
    pub service: usize,
    pub function: TeamFunction,
    pub units: Vec<usize>,
    pub manager: Option<usize>,
    /// Case holders who belong to the team but no unit (the front door).
    pub holders: Vec<usize>,
    pub volunteers: Vec<usize>,
    pub leavers: Vec<usize>,
    pub children: u32,
}

#[derive(Clone, Debug)]
pub(crate) struct UnitInfo {
    pub id: UnitId,
    pub team: usize,
    pub name: String,
    pub consultant: usize,
    /// Who may be a lead practitioner: the consultant, social workers and,
    /// in some teams, family practitioners.
    pub holders: Vec<usize>,
    pub family_practitioners: Vec<usize>,
    pub practice_assistants: Vec<usize>,
    pub children: u32,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Demo {
    pub social_worker: usize,
    pub practice_assistant: usize,
    pub team_manager: usize,
    pub front_door: usize,
    pub data_team: usize,
    pub admin: usize,
    /// A school's designated safeguarding lead with a partner account.
    pub partner: usize,
    pub unit: usize,
    pub team: usize,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Org {
    pub teams: Vec<TeamInfo>,
    pub units: Vec<UnitInfo>,
    pub pracs: Vec<Prac>,
    pub front_door_team: usize,
    pub iros: Vec<usize>,
    /// Per service: domestic abuse, mental health and substance use specialists.
    pub specialists: Vec<[Vec<usize>; 3]>,
    pub demo: Demo,
}

impl Org {
    pub fn units_of(&self, function: TeamFunction, service: Option<usize>) -> Vec<usize> {
        self.units
            .iter()
            .enumerate()
            .filter(|(_, u)| {
                let t = &self.teams[u.team];
                t.function == function && service.is_none_or(|s| s == t.service)
            })
            .map(|(i, _)| i)
            .collect()
    }
}

/// What kind of post a new practitioner fills, which decides when they joined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Post {
    Consultant,
    Manager,
    SocialWorker,
    Other,
    Volunteer,
}

pub(crate) struct NewPrac<'a> {
    pub discipline: Discipline,
    pub post: Post,
    pub team: usize,
    pub unit: Option<usize>,
    pub username: Option<&'a str>,
    /// Force permanent employment (demo accounts).
    pub permanent: bool,
    pub join: Option<Date>,
}

impl Gen {
    fn new_team(&mut self, name: String, service: usize, function: TeamFunction) -> usize {
        let id = TeamId::from_u128(self.id());
        let team = Team {
            id,
            name,
            service: SERVICES[service].to_string(),
            function,
            start: self.org_start,
            end: None,
        };
        let ts = Gen::at_hour(self.org_start, 7);
        self.push(ts, self.org_start, None, EventBody::TeamCreated { team });
        self.stats.teams += 1;
        self.org.teams.push(TeamInfo {
            id,
            service,
            function,
            units: vec![],
            manager: None,
            holders: vec![],
            volunteers: vec![],
            leavers: vec![],
            children: 0,
        });
        self.org.teams.len() - 1
    }

    fn unit_name(&self, n: usize) -> String {
        let base = UNIT_NAMES[n % UNIT_NAMES.len()];
        let round = n / UNIT_NAMES.len();
        if round == 0 {
            format!("{base} unit")
        } else {
            format!("{base} {} unit", round + 1)
        }
    }

    /// A username `given.family`, made unique with a number.
    pub fn username_for(&mut self, given: &str, family: &str) -> String {
        let base = format!("{}.{}", ascii_slug(given), ascii_slug(family));
        let mut name = base.clone();
        let mut n = 2;
        while self.usernames.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.usernames.insert(name.clone());
        name
    }

    fn staff_name(&mut self, female: bool) -> (String, String) {
        let weights = staff_culture_weights();
        let c = &CULTURES[self.weighted(&weights)];
        let given = if female {
            self.pick(c.women())
        } else {
            self.pick(c.men())
        };
        let mut family = self.pick(c.surnames);
        while is_famous(given, family) {
            family = self.pick(c.surnames);
        }
        (given.to_string(), family.to_string())
    }

    fn join_date(&mut self, post: Post, agency: bool) -> Date {
        let start = self.org_start;
        let today = self.today;
        match post {
            Post::Consultant => self.date_between(start, add_days(today, -2960)),
            Post::Manager => self.date_between(start, add_days(today, -400)),
            Post::SocialWorker if agency => self.days_ago(30, 700),
            Post::SocialWorker => self.date_between(start, add_days(today, -60)),
            Post::Other => self.date_between(start, add_days(today, -90)),
            Post::Volunteer => self.days_ago(30, 1000),
        }
    }

    fn registration_number(&mut self) -> Option<RegistrationNumber> {
        let mut n: u32 = self.range(10_000, 999_999) as u32;
        while self.registration_numbers.contains(&n) {
            n = self.range(10_000, 999_999) as u32;
        }
        self.registration_numbers.insert(n);
        RegistrationNumber::parse(&format!("SW{n:06}")).ok()
    }

    /// Register a practitioner and start their membership of a team (and unit).
    pub fn new_prac(&mut self, spec: NewPrac<'_>) -> usize {
        let female_share = match spec.discipline {
            Discipline::SocialWorker | Discipline::PracticeAssistant => 0.82,
            Discipline::Manager => 0.75,
            _ => 0.7,
        };
        let female = self.chance(female_share);
        let (given, family) = self.staff_name(female);
        let username = match spec.username {
            Some(u) => {
                self.usernames.insert(u.to_string());
                u.to_string()
            }
            None => self.username_for(&given, &family),
        };
        let agency = !spec.permanent
            && match (spec.discipline, spec.post) {
                (Discipline::SocialWorker, Post::SocialWorker) => self.chance(0.19),
                (Discipline::SocialWorker, Post::Consultant) => self.chance(0.06),
                (Discipline::Manager, _) => self.chance(0.08),
                _ => false,
            };
        let join = match spec.join {
            Some(d) => d,
            None => self.join_date(spec.post, agency),
        };
        let registration_number = if spec.discipline.needs_registration() {
            self.registration_number()
        } else {
            None
        };
        let id = UserId::from_u128(self.id());
        let display_name = format!("{given} {family}");
        let sw_id = registration_number
            .as_ref()
            .map(|r| r.as_str().to_string())
            .unwrap_or_else(|| format!("XX{:06}", self.org.pracs.len() + 1));
        let practitioner = Practitioner {
            id,
            username: username.clone(),
            display_name: display_name.clone(),
            discipline: spec.discipline,
            registration_number,
            employment: if agency {
                Employment::Agency
            } else {
                Employment::Permanent
            },
            email: Some(format!("{username}@hearthshire.example")),
            active: true,
            memberships: vec![],
        };
        let ts = Gen::at_hour(join, 8);
        self.push(
            ts,
            join,
            None,
            EventBody::PractitionerRegistered { practitioner },
        );
        let team_id = self.org.teams[spec.team].id;
        let unit_id = spec.unit.map(|u| self.org.units[u].id);
        self.push(
            ts,
            join,
            None,
            EventBody::MembershipStarted {
                user_id: id,
                membership: Membership {
                    team_id,
                    unit_id,
                    from: join,
                    to: None,
                },
            },
        );
        self.stats.practitioners += 1;
        self.org.pracs.push(Prac {
            id,
            display_name,
            username,
            join,
            unit: spec.unit,
            load: 0,
            consultant: spec.post == Post::Consultant,
            reserved: false,
            leave: None,
            sw_id,
            discipline: spec.discipline,
            agency,
            team: Some(spec.team),
        });
        self.org.pracs.len() - 1
    }

    fn simple(&mut self, discipline: Discipline, post: Post, team: usize) -> usize {
        self.new_prac(NewPrac {
            discipline,
            post,
            team,
            unit: None,
            username: None,
            permanent: false,
            join: None,
        })
    }

    fn scaled(size: f64, per_council: f64, min: usize) -> usize {
        ((per_council * size).round() as usize).max(min)
    }

    fn unit(&mut self, team: usize, demo: bool) -> usize {
        let function = self.org.teams[team].function;
        let id = UnitId::from_u128(self.id());
        // The demo social worker's unit is always the Amber unit, whatever
        // the seed and size; the others take the names after it in turn.
        let demo_made = self.org.units.iter().any(|u| u.name == "Amber unit");
        let n = if demo {
            0
        } else {
            self.org.units.len() + usize::from(!demo_made)
        };
        let name = self.unit_name(n);
        let u = self.org.units.len();
        self.org.units.push(UnitInfo {
            id,
            team,
            name: name.clone(),
            consultant: 0,
            holders: vec![],
            family_practitioners: vec![],
            practice_assistants: vec![],
            children: 0,
        });
        self.org.teams[team].units.push(u);
        // The unit exists from the start of the structure; its consultant
        // joined long ago.
        let consultant = self.new_prac(NewPrac {
            discipline: Discipline::SocialWorker,
            post: Post::Consultant,
            team,
            unit: Some(u),
            username: None,
            permanent: false,
            join: None,
        });
        let ts = Gen::at_hour(self.org_start, 7);
        self.push(
            ts,
            self.org_start,
            None,
            EventBody::UnitCreated {
                unit: Unit {
                    id,
                    team_id: self.org.teams[team].id,
                    name,
                    consultant: Some(self.org.pracs[consultant].id),
                    start: self.org_start,
                    end: None,
                },
            },
        );
        self.stats.units += 1;
        self.org.units[u].consultant = consultant;
        self.org.units[u].holders.push(consultant);

        let social_workers = self.weighted(&[(2usize, 2), (3, 5), (4, 3)]);
        for i in 0..social_workers {
            let is_demo = demo && i == 0;
            let sw = self.new_prac(NewPrac {
                discipline: Discipline::SocialWorker,
                post: Post::SocialWorker,
                team,
                unit: Some(u),
                username: is_demo.then_some("social.worker"),
                permanent: is_demo,
                join: None,
            });
            if is_demo {
                // An experienced permanent worker, in post for four to six years.
                let join = self.days_ago(4 * 365, 6 * 365);
                self.set_join(sw, join);
                self.org.pracs[sw].reserved = true;
                self.org.demo.social_worker = sw;
                self.org.demo.unit = u;
                self.org.demo.team = team;
            }
            self.org.units[u].holders.push(sw);
        }
        if function != TeamFunction::Assessment {
            let fp = self.new_prac(NewPrac {
                discipline: Discipline::FamilyPractitioner,
                post: Post::Other,
                team,
                unit: Some(u),
                username: None,
                permanent: false,
                join: None,
            });
            self.org.units[u].family_practitioners.push(fp);
            if matches!(
                function,
                TeamFunction::FamilySupport | TeamFunction::CareLeavers
            ) {
                self.org.units[u].holders.push(fp);
            }
        }
        let pa = self.new_prac(NewPrac {
            discipline: Discipline::PracticeAssistant,
            post: Post::Other,
            team,
            unit: Some(u),
            username: demo.then_some("practice.assistant"),
            permanent: demo,
            join: None,
        });
        self.org.units[u].practice_assistants.push(pa);
        if demo {
            self.org.demo.practice_assistant = pa;
        }
        u
    }

    /// Move a just-registered practitioner's start date (their two events
    /// are the last ones pushed).
    fn set_join(&mut self, prac: usize, join: Date) {
        let ts = Gen::at_hour(join, 8);
        let n = self.events.len();
        for e in self.events[n.saturating_sub(2)..].iter_mut() {
            e.valid_from = join;
            e.recorded_at = ts;
            if let EventBody::MembershipStarted { membership, .. } = &mut e.body {
                membership.from = join;
            }
        }
        self.org.pracs[prac].join = join;
    }

    fn manager(&mut self, team: usize, discipline: Discipline, username: Option<&str>) -> usize {
        let m = self.new_prac(NewPrac {
            discipline,
            post: Post::Manager,
            team,
            unit: None,
            username,
            permanent: username.is_some(),
            join: None,
        });
        self.org.teams[team].manager = Some(m);
        m
    }

    /// Build the structure, sized for `families` open families.
    pub fn build_org(&mut self, families: usize, size: f64) {
        // The front door (MASH) serves the whole council; it sits in the
        // North service.
        let fd = self.new_team("Front door (MASH)".into(), 0, TeamFunction::FrontDoor);
        self.org.front_door_team = fd;
        self.manager(fd, Discipline::Manager, None);
        let fd_workers = Self::scaled(size, 12.0, 3);
        for i in 0..fd_workers {
            let demo = i == 0;
            let sw = self.new_prac(NewPrac {
                discipline: Discipline::SocialWorker,
                post: Post::SocialWorker,
                team: fd,
                unit: None,
                username: demo.then_some("front.door"),
                permanent: demo,
                join: None,
            });
            if demo {
                let join = self.days_ago(400, 3000);
                self.set_join(sw, join);
                self.org.demo.front_door = sw;
            }
            self.org.teams[fd].holders.push(sw);
        }
        self.simple(Discipline::PracticeAssistant, Post::Other, fd);

        let mut heads_placed = [false, false];
        for service in 0..2 {
            for function in CASEWORK {
                let (share, kids) = FAMILY_SHARE
                    .iter()
                    .find(|(f, _, _)| *f == function)
                    .map(|(_, s, k)| (*s, *k))
                    .unwrap_or((0.1, 1.5));
                let total =
                    ((families as f64 * share * kids / UNIT_CAPACITY).round() as usize).max(2);
                let here = if service == 0 {
                    total.div_ceil(2)
                } else {
                    total / 2
                }
                .max(1);
                let team_count = here.div_ceil(3);
                for t in 0..team_count {
                    let mut name = format!(
                        "{} {} team",
                        SERVICE_SHORT[service],
                        function.label().to_lowercase()
                    );
                    if team_count > 1 {
                        name.push_str(&format!(" {}", t + 1));
                    }
                    let team = self.new_team(name, service, function);
                    let demo_team =
                        service == 0 && function == TeamFunction::FamilySupport && t == 0;
                    self.manager(
                        team,
                        Discipline::Manager,
                        demo_team.then_some("team.manager"),
                    );
                    if demo_team {
                        self.org.demo.team_manager = self.org.teams[team].manager.unwrap_or(0);
                    }
                    if !heads_placed[service] {
                        // The head of service oversees every team in the service.
                        self.simple(Discipline::Manager, Post::Manager, team);
                        heads_placed[service] = true;
                    }
                    let units_here = (here / team_count) + usize::from(t < here % team_count);
                    for k in 0..units_here {
                        self.unit(team, demo_team && k == 0);
                    }
                    if function == TeamFunction::FamilySupport {
                        let v = self.simple(Discipline::Volunteer, Post::Volunteer, team);
                        self.org.teams[team].volunteers.push(v);
                    }
                }
            }
            let specialists = self.new_team(
                format!("{} adult specialists team", SERVICE_SHORT[service]),
                service,
                TeamFunction::Specialist,
            );
            self.manager(specialists, Discipline::Manager, None);
            let mut lists: [Vec<usize>; 3] = [vec![], vec![], vec![]];
            for (k, discipline) in [
                Discipline::DomesticAbuseSpecialist,
                Discipline::MentalHealthSpecialist,
                Discipline::SubstanceUseSpecialist,
            ]
            .into_iter()
            .enumerate()
            {
                for _ in 0..Self::scaled(size, 2.0, 1) {
                    let p = self.simple(discipline, Post::Other, specialists);
                    lists[k].push(p);
                }
            }
            self.org.specialists.push(lists);
        }

        let reviewing = self.new_team(
            "Safeguarding and reviewing service".into(),
            0,
            TeamFunction::Quality,
        );
        self.manager(reviewing, Discipline::Manager, None);
        for _ in 0..Self::scaled(size, 12.0, 2) {
            let iro = self.simple(
                Discipline::IndependentReviewingOfficer,
                Post::Other,
                reviewing,
            );
            self.org.iros.push(iro);
        }

        let data = self.new_team("Performance and data team".into(), 1, TeamFunction::Quality);
        self.manager(data, Discipline::DataTeam, None);
        for i in 0..Self::scaled(size, 5.0, 2) {
            let p = self.new_prac(NewPrac {
                discipline: Discipline::DataTeam,
                post: Post::Other,
                team: data,
                unit: None,
                username: (i == 0).then_some("data.team"),
                permanent: i == 0,
                join: None,
            });
            if i == 0 {
                self.org.demo.data_team = p;
            }
        }

        let admin = self.new_team("Business support".into(), 1, TeamFunction::Administration);
        self.manager(admin, Discipline::Administrator, None);
        for i in 0..Self::scaled(size, 8.0, 2) {
            let p = self.new_prac(NewPrac {
                discipline: Discipline::Administrator,
                post: Post::Other,
                team: admin,
                unit: None,
                username: (i == 0).then_some("admin"),
                permanent: i == 0,
                join: None,
            });
            if i == 0 {
                self.org.demo.admin = p;
            }
        }
        self.org.demo.partner = self.partner_account();
    }

    /// A partner agency's account (a school's designated safeguarding lead):
    /// registered without a council team, since partners are not council
    /// staff and see only what is shared with them.
    fn partner_account(&mut self) -> usize {
        let (given, family) = self.staff_name(true);
        let join = add_days(self.today, -400);
        let id = UserId::from_u128(self.id());
        let display_name = format!("{given} {family}");
        let practitioner = Practitioner {
            id,
            username: "school.partner".into(),
            display_name: display_name.clone(),
            discipline: Discipline::PartnerAgency,
            registration_number: None,
            employment: Employment::Permanent,
            email: Some("dsl@hillside-primary.example".into()),
            active: true,
            memberships: vec![],
        };
        self.push(
            Gen::at_hour(join, 8),
            join,
            None,
            EventBody::PractitionerRegistered { practitioner },
        );
        self.stats.practitioners += 1;
        self.org.pracs.push(Prac {
            id,
            display_name,
            username: "school.partner".into(),
            join,
            unit: None,
            load: 0,
            consultant: false,
            reserved: true,
            leave: None,
            sw_id: format!("XX{:06}", self.org.pracs.len() + 1),
            discipline: Discipline::PartnerAgency,
            agency: false,
            team: None,
        });
        self.org.pracs.len() - 1
    }

    /// A social worker who has left the council: they held cases in `unit`
    /// from `join` until `leave`, when their account was disabled.
    pub fn leaver(&mut self, unit: usize, join: Date, leave: Date) -> usize {
        let team = self.org.units[unit].team;
        let p = self.new_prac(NewPrac {
            discipline: Discipline::SocialWorker,
            post: Post::SocialWorker,
            team,
            unit: Some(unit),
            username: None,
            permanent: false,
            join: Some(join),
        });
        let user_id = self.org.pracs[p].id;
        let team_id = self.org.teams[team].id;
        let ts = Gen::at_hour(leave, 17);
        self.push(
            ts,
            leave,
            None,
            EventBody::MembershipEnded {
                user_id,
                team_id,
                on: leave,
            },
        );
        self.push(ts, leave, None, EventBody::PractitionerDisabled { user_id });
        self.org.pracs[p].leave = Some(leave);
        self.org.pracs[p].reserved = true;
        self.org.teams[team].leavers.push(p);
        self.stats.leavers += 1;
        p
    }
}
