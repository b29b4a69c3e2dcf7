//! Loading a synthetic council into a store.

use crate::CliError;
use hearth_core::event::{Event, EventBody};
use hearth_store::Store;
use hearth_synth::{generate, Config, DEMO_PASSWORD, DEMO_USERNAMES};

/// Generates the council, appends it in batches, and (for the demo) gives
/// every synthetic practitioner the demo password. Returns a summary line.
pub async fn load(
    store: &Store,
    seed: u64,
    size: f64,
    demo_logins: bool,
) -> Result<String, CliError> {
    let today = time::OffsetDateTime::now_utc().date();
    // A council larger than a few average ones (a national-size benchmark)
    // is built as districts generated one after another, so the journal is
    // never all in memory at once. Each district has its own seed; its
    // usernames carry the district's number so they stay unique.
    let districts = (size / DISTRICT_SIZE).ceil().max(1.0) as u64;
    let mut total = 0;
    let mut summary = String::new();
    for d in 0..districts {
        let council = generate(&Config {
            seed: seed.wrapping_add(d),
            size: size / districts as f64,
            today,
        });
        total += council.events.len();
        if d == 0 {
            summary = council.stats.summary();
        }
        // A district's ids are its own (random, from its seed), so the
        // whole district goes in one bulk load: `append_fresh` writes
        // hundreds of rows per statement instead of one statement per row.
        // One call per district, not chunks: a later chunk would change
        // documents an earlier one made, which only `append` may do. A
        // district (at most size 4, about 400,000 events) fits in memory.
        let mut events = council.events;
        if d > 0 {
            for e in &mut events {
                district_usernames(e, d);
            }
        }
        store.append_fresh(events).await?;
    }
    if districts > 1 {
        summary = format!("{districts} districts; the first: {summary}");
    }
    if demo_logins {
        // One hash for every demo account: demo data only, and hashing
        // hundreds of passwords one by one would make the demo slow to start.
        let hash = hearth_web::password::hash(DEMO_PASSWORD).await?;
        for p in store.practitioners().await? {
            store.set_credential(p.id, &p.username, &hash).await?;
            if !p.active {
                // Leavers keep their history but cannot sign in.
                store.disable_credential(p.id).await?;
            }
        }
    }
    Ok(format!(
        "Synthetic council created: {total} journal events. {summary}"
    ))
}

/// The largest district generated in one go (four average councils).
const DISTRICT_SIZE: f64 = 4.0;

/// Gives a later district's practitioners usernames of their own.
fn district_usernames(e: &mut Event, district: u64) {
    match &mut e.body {
        EventBody::PractitionerRegistered { practitioner }
        | EventBody::PractitionerDetailsChanged { practitioner } => {
            practitioner.username = format!("{}.{district}", practitioner.username);
        }
        _ => {}
    }
}

/// What the demo prints: where to sign in and as whom, read from the record.
pub async fn demo_banner(store: &Store) -> Result<String, CliError> {
    let mut lines = vec![format!(
        "Demo sign-ins (password for all: {DEMO_PASSWORD}):"
    )];
    for username in DEMO_USERNAMES {
        if let Some(p) = store.practitioner_by_username(username).await? {
            let mut teams = Vec::new();
            for m in p.current_memberships() {
                if let Some(t) = store.team(m.team_id).await? {
                    teams.push(t.name);
                }
            }
            lines.push(format!(
                "  {username:<20} {} - {}{}",
                p.display_name,
                p.discipline.label(),
                if teams.is_empty() {
                    String::new()
                } else {
                    format!(", {}", teams.join(", "))
                }
            ));
        }
    }
    Ok(lines.join("\n"))
}
