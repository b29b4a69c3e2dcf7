//! `hearth import population FILE.csv`: the council's child population by
//! single year of age (the ONS mid-year estimates), which every rate per
//! 10,000 children divides by.
//!
//! The header is `year,age,count,source`; each year needs a row for every
//! age from 0 to 17, once. A year already recorded is replaced (amended, so
//! the earlier figures stay in the journal). One bad row refuses the whole
//! file, each problem named with its line and field.

use std::collections::BTreeMap;
use std::path::Path;

use hearth_core::council::{CouncilRecord, Item, Population};
use hearth_core::event::{Event, EventBody};
use hearth_store::Store;

use crate::staff::refused;
use crate::CliError;

pub const HEADER: [&str; 4] = ["year", "age", "count", "source"];

/// Reads the file: one population per year, or every problem found.
pub fn read(text: &str) -> Result<Vec<Population>, Vec<String>> {
    let (records, mut problems) = hearth_insight::csv_file::records(text, &HEADER);
    let mut years: BTreeMap<i32, (Vec<Option<u32>>, String)> = BTreeMap::new();
    for (n, f) in records {
        let year = f[0]
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|y| (1990..=2100).contains(y));
        let age = f[1].trim().parse::<usize>().ok().filter(|a| *a <= 17);
        let count = f[2].trim().replace(',', "").parse::<u32>().ok();
        let source = f[3].trim().to_string();
        if year.is_none() {
            problems.push(format!("Line {n}, year: \"{}\" is not a year", f[0].trim()));
        }
        if age.is_none() {
            problems.push(format!(
                "Line {n}, age: \"{}\" is not an age from 0 to 17",
                f[1].trim()
            ));
        }
        if count.is_none() {
            problems.push(format!(
                "Line {n}, count: \"{}\" is not a whole number of children",
                f[2].trim()
            ));
        }
        if source.is_empty() {
            problems.push(format!(
                "Line {n}, source: say where the estimate comes from"
            ));
        }
        if let (Some(y), Some(a), Some(c)) = (year, age, count) {
            let entry = years
                .entry(y)
                .or_insert_with(|| (vec![None; 18], source.clone()));
            if entry.0[a].replace(c).is_some() {
                problems.push(format!("Line {n}, age: age {a} in {y} is given twice"));
            }
        }
    }
    for (y, (ages, _)) in &years {
        let missing: Vec<String> = ages
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_none())
            .map(|(a, _)| a.to_string())
            .collect();
        if !missing.is_empty() {
            problems.push(format!("Year {y}: no row for age {}", missing.join(", ")));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if years.is_empty() {
        return Err(vec!["The file has a header but no rows".into()]);
    }
    Ok(years
        .into_iter()
        .map(|(year, (ages, source))| Population {
            year,
            by_age: ages.into_iter().map(|c| c.unwrap_or(0)).collect(),
            source,
        })
        .collect())
}

/// Loads the file into the record; reports what was added or replaced.
pub async fn import(store: &Store, input: &Path) -> Result<(), CliError> {
    let text = String::from_utf8(std::fs::read(input)?)
        .map_err(|_| CliError::Usage("The file must be CSV text (UTF-8)".into()))?;
    let years = read(&text).map_err(refused)?;
    let existing: Vec<CouncilRecord> = store
        .council_where("item", "population")
        .await?
        .into_iter()
        .filter(|r| r.is_current())
        .collect();
    let today = time::OffsetDateTime::now_utc().date();
    let (mut added, mut replaced) = (0, 0);
    let mut events = Vec::new();
    for p in years {
        let old = existing
            .iter()
            .find(|r| matches!(&r.item, Item::Population(o) if o.year == p.year));
        let record = match old {
            Some(r) => {
                replaced += 1;
                r.amended(Item::Population(p))
            }
            None => {
                added += 1;
                CouncilRecord::new(None, today, Item::Population(p))
            }
        };
        events.push(Event::new(
            None,
            today,
            EventBody::CouncilRecorded { record },
        ));
    }
    // One append: every year or none.
    store.append(events).await?;
    println!("Imported the population for {added} new year(s); {replaced} replaced.");
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn file(rows: &str) -> String {
        format!("year,age,count,source\n{rows}")
    }

    #[test]
    fn a_year_needs_every_age_once_and_problems_are_named() {
        let mut rows = String::new();
        for a in 0..18 {
            rows.push_str(&format!("2025,{a},\"4,{a:03}\",ONS mid-2025 (synthetic)\n"));
        }
        let p = read(&file(&rows)).unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].by_age[17], 4017);
        assert_eq!(p[0].total(), (0..18).map(|a| 4000 + a).sum::<u64>());

        let bad = file("2025,0,100,ONS\n2025,0,90,ONS\n2025,18,5,ONS\n2025,1,lots,\n");
        let problems = read(&bad).unwrap_err();
        assert_eq!(problems[0], "Line 3, age: age 0 in 2025 is given twice");
        assert_eq!(
            problems[1],
            "Line 4, age: \"18\" is not an age from 0 to 17"
        );
        assert_eq!(
            problems[2],
            "Line 5, count: \"lots\" is not a whole number of children"
        );
        assert_eq!(
            problems[3],
            "Line 5, source: say where the estimate comes from"
        );
        assert!(
            problems[4].starts_with("Year 2025: no row for age 1, 2, 3"),
            "{}",
            problems[4]
        );
    }
}
