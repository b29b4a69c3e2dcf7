//! Developer tool: validates a return and prints the findings CSV, the same
//! shape `hearth validate` and the peer validators print. For comparing rules
//! with the peers while working on them, without building the whole server:
//!
//!   cargo run -p hearth-returns --release --example validate -- 903 DIR [--prev DIR] [--year 2026]
//!     (DIR holds the CSV files, or failing those one or more 903 XML files)
//!   cargo run -p hearth-returns --release --example validate -- cin FILE.xml [--year 2026]

use std::path::Path;

use hearth_returns::{cin, finding, ssda903, CollectionYear};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let year = CollectionYear(flag("--year").map_or(Ok(2026), |y| y.parse())?);
    let kind = args.first().ok_or("say 903 or cin")?;
    let input = args.get(1).ok_or("say which folder or file")?;
    let findings = if kind == "903" {
        let cur = ssda903::csv_io::read_dir_any(Path::new(input))?;
        let prev = flag("--prev")
            .map(|p| ssda903::csv_io::read_dir_any(Path::new(&p)))
            .transpose()?;
        ssda903::validate(&cur, prev.as_ref(), year)
    } else {
        let bytes = std::fs::read(input)?;
        let ret = cin::xml_io::read(input, &bytes)?;
        cin::validate(&ret, year)
    };
    print!("{}", finding::to_csv(&findings));
    Ok(())
}
