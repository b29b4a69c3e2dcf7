//! `hearth import staff FILE.csv`: a council's HR extract of staff
//! contracts, one row per spell of work, added as `Contract` council records
//! for the workforce measures (turnover, agency, vacancies, caseloads).
//!
//! The header is `username,start,end,fte,agency,case_holding,social_worker,
//! leaving_reason`; dates are YYYY-MM-DD (or DD/MM/YYYY, as HR systems often
//! export them); yes/no fields take yes, no, true, false, y, n, 1 or 0.
//! Practitioners are matched by their username. One bad row refuses the
//! whole file, each problem named with its line and field, so a half-loaded
//! extract never skews the figures. Contracts already recorded (the same
//! person and start date) are left as they are, so an extract can be loaded
//! again as it grows.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use hearth_core::council::{Contract, CouncilRecord, Item};
use hearth_core::event::{Event, EventBody};
use hearth_core::ids::UserId;
use hearth_core::projection::{Doc, DocKind};
use hearth_store::Store;
use time::Date;

use crate::CliError;

/// The header an extract must start with.
pub const HEADER: [&str; 8] = [
    "username",
    "start",
    "end",
    "fte",
    "agency",
    "case_holding",
    "social_worker",
    "leaving_reason",
];

/// One row as read, before practitioners are matched.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub line: usize,
    pub username: String,
    pub contract: Contract,
}

fn date(s: &str) -> Option<Date> {
    let s = s.trim();
    let (y, m, d) = if let Some((d, rest)) = s.split_once('/') {
        let (m, y) = rest.split_once('/')?;
        (y, m, d)
    } else {
        let mut p = s.splitn(3, '-');
        (p.next()?, p.next()?, p.next()?)
    };
    let month = time::Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

fn yes_no(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => Some(true),
        "no" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// Reads an extract: every row, or every problem as "Line N, field: what".
/// The header is line 1. `user_id` stands in until the username is matched.
pub fn read(text: &str) -> Result<Vec<Row>, Vec<String>> {
    let (records, mut problems) = hearth_insight::csv_file::records(text, &HEADER);
    let mut rows = Vec::new();
    for (n, f) in records {
        let mut bad =
            |field: &str, what: String| problems.push(format!("Line {n}, {field}: {what}"));
        let username = f[0].trim().to_lowercase();
        if username.is_empty() {
            bad("username", "enter the practitioner's username".into());
        }
        let start = date(&f[1]);
        if start.is_none() {
            bad(
                "start",
                format!("\"{}\" is not a date (YYYY-MM-DD)", f[1].trim()),
            );
        }
        let end = if f[2].trim().is_empty() {
            None
        } else {
            let d = date(&f[2]);
            if d.is_none() {
                bad(
                    "end",
                    format!("\"{}\" is not a date (YYYY-MM-DD)", f[2].trim()),
                );
            }
            d
        };
        let fte = match f[3].trim().parse::<f64>() {
            Ok(x) if x > 0.0 && x <= 1.0 => x,
            _ => {
                bad(
                    "fte",
                    format!(
                        "\"{}\" is not a full-time equivalent above 0 and at most 1",
                        f[3].trim()
                    ),
                );
                1.0
            }
        };
        let mut flag = |k: usize| match yes_no(&f[k]) {
            Some(b) => b,
            None => {
                bad(HEADER[k], format!("\"{}\" is not yes or no", f[k].trim()));
                false
            }
        };
        let agency = flag(4);
        let case_holding = flag(5);
        let social_worker = flag(6);
        let leaving_reason = f[7].trim().to_string();
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                problems.push(format!(
                    "Line {n}, end: the leaving date is before the start date"
                ));
            }
        }
        if let Some(start) = start {
            rows.push(Row {
                line: n,
                username,
                contract: Contract {
                    user_id: UserId::from_u128(0),
                    start,
                    end,
                    fte,
                    agency,
                    case_holding,
                    social_worker,
                    leaving_reason,
                },
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if rows.is_empty() {
        return Err(vec!["The file has a header but no contracts".into()]);
    }
    Ok(rows)
}

/// The refusal of a council file with problems: nothing is imported, and
/// the first 50 problems are named by line and field.
pub(crate) fn refused(problems: Vec<String>) -> CliError {
    CliError::Usage(format!(
        "Nothing was imported: {} problem(s) in the file.\n{}",
        problems.len(),
        problems
            .iter()
            .take(50)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    ))
}

/// Loads an extract into the record; reports what was added.
pub async fn import(store: &Store, input: &Path) -> Result<(), CliError> {
    let bytes = std::fs::read(input)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| CliError::Usage("The file must be CSV text (UTF-8)".into()))?;
    let rows = read(&text).map_err(refused)?;
    let mut by_username: HashMap<String, UserId> = HashMap::new();
    for doc in store.all(DocKind::Practitioner).await? {
        if let Doc::Practitioner(p) = doc {
            by_username.insert(p.username.to_lowercase(), p.id);
        }
    }
    let mut problems = Vec::new();
    let mut matched = Vec::new();
    for row in rows {
        match by_username.get(&row.username) {
            Some(id) => matched.push(Contract {
                user_id: *id,
                ..row.contract
            }),
            None => problems.push(format!(
                "Line {}, username: no practitioner has the username \"{}\"",
                row.line, row.username
            )),
        }
    }
    if !problems.is_empty() {
        return Err(refused(problems));
    }
    let mut known: HashSet<(UserId, Date)> = HashSet::new();
    for r in store.council_where("item", "contract").await? {
        if let (true, Item::Contract(c)) = (r.is_current(), &r.item) {
            known.insert((c.user_id, c.start));
        }
    }
    let today = time::OffsetDateTime::now_utc().date();
    let mut events = Vec::new();
    let mut skipped = 0;
    for c in matched {
        if !known.insert((c.user_id, c.start)) {
            skipped += 1;
            continue;
        }
        // An import: no one person recorded it.
        let record = CouncilRecord::new(None, c.start.min(today), Item::Contract(c));
        if let Err(e) = record.item.check() {
            return Err(CliError::Usage(format!("Nothing was imported: {e}")));
        }
        events.push(Event::new(
            None,
            today,
            EventBody::CouncilRecorded { record },
        ));
    }
    let added = events.len();
    // One append: all the contracts or none.
    store.append(events).await?;
    println!("Imported {added} contract(s); {skipped} already recorded.");
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_read_and_each_problem_named_by_line_and_field() {
        let ok = "username,start,end,fte,agency,case_holding,social_worker,leaving_reason\n\
                  a.worker,2021-04-01,2024-03-31,0.8,no,yes,yes,\"Moved, to another council\"\n\
                  b.worker,01/09/2023,,1,yes,yes,yes,\n";
        let rows = read(ok).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].contract.fte, 0.8);
        assert_eq!(rows[0].contract.leaving_reason, "Moved, to another council");
        assert_eq!(
            rows[1].contract.start,
            Date::from_calendar_date(2023, time::Month::September, 1).unwrap()
        );
        assert!(rows[1].contract.agency);

        let bad = "username,start,end,fte,agency,case_holding,social_worker,leaving_reason\n\
                   a.worker,2021-04-01,,1,no,yes,yes,\n\
                   b.worker,2021-13-01,,1.5,maybe,yes,yes,\n";
        assert_eq!(
            read(bad).unwrap_err(),
            vec![
                "Line 3, start: \"2021-13-01\" is not a date (YYYY-MM-DD)",
                "Line 3, fte: \"1.5\" is not a full-time equivalent above 0 and at most 1",
                "Line 3, agency: \"maybe\" is not yes or no",
            ]
        );
    }
}
