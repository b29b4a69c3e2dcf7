//! Developer tool: how long reading takes and each 903 rule takes on a
//! return, slowest first.
//!
//!   cargo run -p hearth-returns --release --example rule_times -- DIR [--prev DIR]

use std::path::Path;
use std::time::Instant;

use hearth_returns::{ssda903, CollectionYear};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.first().ok_or("say which folder")?;
    let t = Instant::now();
    let cur = ssda903::read_path(Path::new(dir))?;
    let prev = match args.iter().position(|a| a == "--prev") {
        Some(i) => Some(ssda903::read_path(Path::new(
            args.get(i + 1).ok_or("--prev DIR")?,
        ))?),
        None => None,
    };
    println!("reading {:?}", t.elapsed());
    let t = Instant::now();
    let findings = ssda903::validate(&cur, prev.as_ref(), CollectionYear(2026));
    println!("validate {:?} ({} findings)", t.elapsed(), findings.len());
    let t = Instant::now();
    let csv = hearth_returns::finding::to_csv(&findings);
    println!("csv {:?} ({} bytes)", t.elapsed(), csv.len());
    let times = ssda903::engine::profile(&cur, prev.as_ref(), CollectionYear(2026));
    let total: std::time::Duration = times.iter().map(|t| t.1).sum();
    println!("rules and sorting {total:?}");
    for (code, d) in times.iter().take(20) {
        println!("{code:>24} {d:>12?}");
    }
    Ok(())
}
