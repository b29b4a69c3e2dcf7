//! Generate a council and print how long it took and what it holds.
//!
//! `cargo run --release -p hearth-synth --example synth_summary -- [size] [seed]`

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let size: f64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1.0);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let today = time::OffsetDateTime::now_utc().date();
    let started = Instant::now();
    let council = hearth_synth::generate(&hearth_synth::Config { seed, size, today });
    let took = started.elapsed();
    println!("size {size}, seed {seed}: generated in {took:.2?}");
    println!("{}", council.stats.summary());
    println!("{:#?}", council.stats);
    for login in &council.demo_logins {
        println!(
            "  {:<20} {:<28} {}",
            login.username, login.display_name, login.role
        );
    }
    if std::env::var_os("SYNTH_NO_REPLAY").is_some() {
        return;
    }
    let started = Instant::now();
    match hearth_core::projection::replay(&council.events) {
        Ok(docs) => println!(
            "replayed into {} documents in {:.2?}",
            docs.len(),
            started.elapsed()
        ),
        Err(e) => println!("replay failed: {e}"),
    }
}
