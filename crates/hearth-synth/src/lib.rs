//! hearth-synth: a deterministic synthetic council, as journal events.
//!
//! [`generate`] builds a fictional local authority from a seed: two services
//! of teams and units, practitioners of every discipline, and open families
//! with their people, relationships, households, lead practitioners, visits,
//! case notes, chronology entries, warning notes and restricted records, and
//! each child's statutory journey (referrals, assessments, enquiries and
//! plans, periods of care and what the returns ask about them), from which
//! the CIN census and the SSDA903 return are derived. The
//! same [`Config`] always gives the same events, in an order the projections
//! accept (sorted by when each was recorded). Every person and address is
//! invented; only the returns' postcodes are real ones of public buildings,
//! standing in for the fictional ones, since the returns' validators place
//! children on the map.
//!
//! Size 1.0 is an average English council: about 1,500 open families and
//! 3,000 children. Everything scales linearly with the size.

#![forbid(unsafe_code)]

mod council;
mod family;
mod gen;
mod names;
mod org;
mod text;
mod unit;

use std::collections::HashSet;

use hearth_core::event::Event;
use hearth_core::ids::UserId;
use hearth_core::model::TeamFunction;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use time::Date;

pub use crate::family::latest_complete_collection_year;
use crate::family::FamilyOpts;
use crate::gen::{add_days, Gen};
use crate::org::{Org, FAMILY_SHARE};

/// The password of every synthetic practitioner's account (demo only).
pub const DEMO_PASSWORD: &str = "demo-password";

/// The demo council's fixed sign-ins, present whatever the seed and size.
pub const DEMO_USERNAMES: [&str; 7] = [
    "social.worker",
    "practice.assistant",
    "team.manager",
    "front.door",
    "data.team",
    "admin",
    "school.partner",
];

/// Open families in an average English council (size 1.0).
pub const FAMILIES_PER_COUNCIL: f64 = 1500.0;

/// The fewest families generated, whatever the size, so that the demo
/// accounts always have their caseloads.
pub const MIN_FAMILIES: usize = 12;

/// What to build.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub seed: u64,
    /// 1.0 is an average English council; the number of families, and the
    /// teams and practitioners to hold them, scale linearly.
    pub size: f64,
    /// The day the council is seen from: nothing is dated after it.
    pub today: Date,
}

/// An account to show on the demo's sign-in page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoLogin {
    pub username: String,
    pub display_name: String,
    /// What the account can do, in plain words.
    pub role: String,
    pub user_id: UserId,
}

/// How much was made. Each count is of documents the events project to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub families: usize,
    pub children: usize,
    pub adults: usize,
    /// Every practitioner account, including those who have left.
    pub practitioners: usize,
    /// Practitioners who have left the council (their accounts are disabled).
    pub leavers: usize,
    pub teams: usize,
    pub units: usize,
    pub relationships: usize,
    pub households: usize,
    /// Visits and case notes, counting each correction as a record of its own.
    pub records: usize,
    pub corrections: usize,
    pub chronology_entries: usize,
    pub warnings: usize,
    pub restricted_children: usize,
    /// Children whose lead practitioner has changed since allocation.
    pub lead_changes: usize,
    /// Steps of the children's statutory journeys.
    pub journey_steps: usize,
    /// Families whose involvement has ended (not counted in `families`).
    pub closed_families: usize,
    /// Children of the closed families (not counted in `children`).
    pub closed_children: usize,
    /// Closed children whose lead practitioner changed while open (not
    /// counted in `lead_changes`).
    pub closed_lead_changes: usize,
    pub events: usize,
}

impl Stats {
    /// One line for a command's output.
    pub fn summary(&self) -> String {
        format!(
            "{} families ({} children, {} adults), {} practitioners in {} teams and {} units, \
             {} records, {} warning notes, {} journey steps, {} closed cases ({} children), \
             {} events",
            self.families,
            self.children,
            self.adults,
            self.practitioners,
            self.teams,
            self.units,
            self.records,
            self.warnings,
            self.journey_steps,
            self.closed_families,
            self.closed_children,
            self.events
        )
    }
}

/// The generated council.
#[derive(Clone, Debug)]
pub struct Council {
    /// In journal order (by `recorded_at`); `seq` is 0 until the store
    /// appends them.
    pub events: Vec<Event>,
    pub demo_logins: Vec<DemoLogin>,
    pub stats: Stats,
}

/// How many families a council of `size` has.
pub fn families_for(size: f64) -> usize {
    let size = if size.is_finite() && size > 0.0 {
        size
    } else {
        0.0
    };
    ((FAMILIES_PER_COUNCIL * size).round() as usize).max(MIN_FAMILIES)
}

/// Build the council for `config`.
pub fn generate(config: &Config) -> Council {
    let today = config.today;
    let families = families_for(config.size);
    let size = families as f64 / FAMILIES_PER_COUNCIL;
    let mut g = Gen {
        rng: ChaCha8Rng::seed_from_u64(config.seed),
        today,
        org_start: add_days(today, -4383),
        events: Vec::with_capacity(families * 70),
        usernames: HashSet::new(),
        registration_numbers: HashSet::new(),
        next_la_id: 0,
        next_upn: 0,
        next_nhs: 0,
        org: Org::default(),
        stats: Stats::default(),
    };
    for reserved in DEMO_USERNAMES {
        g.usernames.insert(reserved.to_string());
    }
    g.build_org(families, size);

    // The demo social worker's caseload: 10 to 13 children, with a warning
    // note, a non-resident father, a restricted child and recent visits.
    let target = g.range(10, 13) as usize;
    let mut children = 0;
    let mut made = 0;
    while children < target {
        let mut o = FamilyOpts::new(TeamFunction::FamilySupport);
        o.demo = true;
        o.max_children = target - children;
        o.force_warning = made == 0;
        o.force_nonresident_father = made == 1;
        o.force_restricted = made == 2;
        children += g.family(&o).children;
        made += 1;
    }

    // Everyone else, in proportion to where families are held.
    let rest = families.saturating_sub(made);
    let mut functions: Vec<TeamFunction> = Vec::with_capacity(rest);
    for (function, share, _) in FAMILY_SHARE {
        let n = ((rest as f64 * share).round() as usize).max(1);
        functions.extend(std::iter::repeat_n(function, n));
    }
    while functions.len() > rest.max(FAMILY_SHARE.len()) {
        if let Some(i) = functions
            .iter()
            .rposition(|f| *f == TeamFunction::FamilySupport)
        {
            functions.remove(i);
        } else {
            break;
        }
    }
    while functions.len() < rest {
        functions.push(TeamFunction::FamilySupport);
    }
    functions.shuffle(&mut g.rng);
    let mut restricted_elsewhere = false;
    for function in functions {
        let mut o = FamilyOpts::new(function);
        if !restricted_elsewhere && function == TeamFunction::ChildrenInCare {
            // A restricted child the demo social worker cannot see.
            o.force_restricted = true;
            restricted_elsewhere = true;
        }
        g.family(&o);
    }
    g.time_recording();

    // Unit meetings are per unit, so they come once every family exists.
    g.unit_meetings();

    // Children whose involvement has ended, over the last five years, from
    // their own random stream so the open council is unchanged.
    g.history(config.seed, size);
    // The council's own records (staff, posts, pulse, population, costs,
    // comparators, self-audit) come last: they read the staff and children
    // made above, and leave the rest of the council as it was.
    g.council_records(size);

    g.stats.events = g.events.len();
    let demo_logins = demo_logins(&g);
    Council {
        events: journal_order(std::mem::take(&mut g.events)),
        demo_logins,
        stats: g.stats,
    }
}

/// Sort by `recorded_at`, keeping the order of generation for equal times
/// (an event is never generated before one it depends on). Sorts keys, not
/// the events themselves, which are large.
fn journal_order(events: Vec<Event>) -> Vec<Event> {
    let mut order: Vec<(time::OffsetDateTime, usize)> = events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.recorded_at, i))
        .collect();
    order.sort_unstable();
    let mut slots: Vec<Option<Event>> = events.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|(_, i)| slots.get_mut(i).and_then(Option::take))
        .collect()
}

fn demo_logins(g: &Gen) -> Vec<DemoLogin> {
    let org = &g.org;
    let d = &org.demo;
    let unit = &org.units[d.unit];
    let team = &org.teams[d.team];
    let login = |p: usize, role: String| {
        let prac = &org.pracs[p];
        DemoLogin {
            username: prac.username.clone(),
            display_name: prac.display_name.clone(),
            role,
            user_id: prac.id,
        }
    };
    // Plain words that do not depend on the seed or size, so a sign-in page
    // can show them before the council is generated.
    let work = team.function.label().to_lowercase();
    let area = match team.service {
        0 => "North",
        _ => "South",
    };
    vec![
        login(
            d.social_worker,
            format!("Social worker ({}, {work} team, {area})", unit.name),
        ),
        login(
            d.practice_assistant,
            format!("Practice assistant ({}, {work} team, {area})", unit.name),
        ),
        login(
            d.team_manager,
            format!("Team manager ({work} team, {area}; sees the whole {area} service)"),
        ),
        login(
            d.front_door,
            "Social worker in the front door team (MASH)".to_string(),
        ),
        login(d.data_team, "Performance and data team".to_string()),
        login(d.admin, "Administrator (business support)".to_string()),
        login(
            d.partner,
            "School safeguarding lead (partner agency: sees only what is shared)".to_string(),
        ),
    ]
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
