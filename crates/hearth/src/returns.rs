//! The statutory returns from the command line: `hearth export` derives a
//! return from the record, `hearth import` loads one into it, and `hearth
//! validate` runs every rule of a collection year over a return and reports
//! the findings as CSV, JSON or a readable summary.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use hearth_core::audit::{AuditEvent, Audited, Outcome};
use hearth_core::event::{Event, EventBody};
use hearth_core::ids::PersonId;
use hearth_core::journey::Journey;
use hearth_core::model::{Person, PersonKind};
use hearth_core::projection::{Doc, DocKind};
use hearth_returns::derive::{self, ChildRecord};
use hearth_returns::rule_info::{self, RuleInfo};
use hearth_returns::{cin, finding, import, ssda903, CollectionYear, Finding};
use hearth_store::Store;

use crate::cli::{
    ExportCollection, ImportCollection, ReportArgs, ReportFormat, ValidateCollection,
};
use crate::CliError;

pub fn validate(collection: ValidateCollection) -> Result<(), CliError> {
    match collection {
        ValidateCollection::Ssda903 {
            input,
            prev,
            report,
        } => {
            let year = CollectionYear(report.year);
            let cur = read_903(&input)?;
            let prev = prev.map(|p| read_903(&p)).transpose()?;
            let findings = ssda903::validate(&cur, prev.as_ref(), year);
            let about = About {
                collection: "903",
                year: report.year,
                children: cur.children(),
            };
            write(&report, &about, &findings, &rule_info::ssda903(report.year))
        }
        ValidateCollection::Cin { input, report } => {
            let year = CollectionYear(report.year);
            let bytes = std::fs::read(&input)?;
            let name = file_name(&input);
            let ret = cin::xml_io::read(&name, &bytes)?;
            let findings = cin::validate(&ret, year);
            let about = About {
                collection: "cin",
                year: report.year,
                children: ret.children,
            };
            write(&report, &about, &findings, &rule_info::cin())
        }
    }
}

/// A 903 return from a folder, an XML or CSV file, or a zip of them.
fn read_903(path: &Path) -> Result<ssda903::Return903, CliError> {
    let name = file_name(path);
    if name.to_ascii_lowercase().ends_with(".zip") {
        let bytes = std::fs::read(path)?;
        return match hearth_returns::upload::read(vec![(name, bytes)])? {
            hearth_returns::upload::Upload::Ssda903(r) => Ok(r),
            hearth_returns::upload::Upload::Cin(_) => Err(CliError::Usage(
                "this zip holds a CIN census, not a 903 return: use hearth validate cin".into(),
            )),
        };
    }
    Ok(ssda903::read_path(path)?)
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().to_string(),
    )
}

struct About {
    collection: &'static str,
    year: i32,
    children: usize,
}

fn write(
    args: &ReportArgs,
    about: &About,
    findings: &[Finding],
    rules: &[RuleInfo],
) -> Result<(), CliError> {
    let text = match args.format {
        ReportFormat::Csv => finding::to_csv(findings),
        ReportFormat::Json => json(about, findings, rules),
        ReportFormat::Summary => summary(about, findings, rules),
    };
    match &args.out {
        Some(path) => std::fs::write(path, text)?,
        None => print!("{text}"),
    }
    Ok(())
}

/// Findings counted by rule, in rule order, with distinct children.
fn by_rule(findings: &[Finding]) -> BTreeMap<&'static str, (usize, usize, &'static str)> {
    let mut out: BTreeMap<&str, (usize, Vec<&str>, &str)> = BTreeMap::new();
    for f in findings {
        let e = out
            .entry(f.rule_code)
            .or_insert((0, Vec::new(), f.rule_type.as_str()));
        e.0 += 1;
        e.1.push(&f.child_id);
    }
    out.into_iter()
        .map(|(code, (n, mut children, t))| {
            children.sort_unstable();
            children.dedup();
            (code, (n, children.len(), t))
        })
        .collect()
}

fn json(about: &About, findings: &[Finding], rules: &[RuleInfo]) -> String {
    let info: BTreeMap<&str, &RuleInfo> = rules.iter().map(|r| (r.code.as_str(), r)).collect();
    let rows: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| {
            serde_json::json!({
                "child_id": &*f.child_id,
                "rule_code": f.rule_code,
                "table": f.table,
                "row_id": f.row_id,
                "rule_type": f.rule_type,
                "message": info.get(f.rule_code).map(|r| r.message.as_str()),
            })
        })
        .collect();
    let counts: Vec<serde_json::Value> = by_rule(findings)
        .into_iter()
        .map(|(code, (n, children, t))| {
            let rule = info.get(code);
            serde_json::json!({
                "rule_code": code,
                "rule_type": t,
                "findings": n,
                "children": children,
                "message": rule.map(|r| r.message.as_str()),
                "fields": rule.map(|r| r.fields.clone()),
            })
        })
        .collect();
    let value = serde_json::json!({
        "collection": about.collection,
        "year": about.year,
        "children": about.children,
        "findings": rows,
        "rules": counts,
    });
    format!("{value:#}\n")
}

fn summary(about: &About, findings: &[Finding], rules: &[RuleInfo]) -> String {
    let info: BTreeMap<&str, &RuleInfo> = rules.iter().map(|r| (r.code.as_str(), r)).collect();
    let name = if about.collection == "903" {
        "SSDA903 return"
    } else {
        "CIN census"
    };
    let counts = by_rule(findings);
    let mut children: Vec<&str> = findings.iter().map(|f| &*f.child_id).collect();
    children.sort_unstable();
    children.dedup();
    let mut out = format!(
        "{name} {}/{:02}: {} children; {} findings under {} rules, for {} children.\n",
        about.year - 1,
        about.year % 100,
        about.children,
        findings.len(),
        counts.len(),
        children.iter().filter(|c| !c.is_empty()).count(),
    );
    if findings.is_empty() {
        out.push_str("No rule found anything to change.\n");
        return out;
    }
    out.push_str("\nrule   type   findings children  message\n");
    for (code, (n, kids, t)) in counts {
        let message = info.get(code).map_or("", |r| r.message.as_str());
        out.push_str(&format!("{code:<6} {t:<6} {n:>8} {kids:>8}  {message}\n"));
    }
    out
}

/// Every child with a journey, with their details, for deriving a return.
async fn children(store: &Store) -> Result<Vec<(Person, Journey)>, CliError> {
    let mut people: HashMap<PersonId, Person> = HashMap::new();
    for doc in store.all(DocKind::Person).await? {
        if let Doc::Person(p) = doc {
            people.insert(p.id, p);
        }
    }
    let mut out = Vec::new();
    for doc in store.all(DocKind::Journey).await? {
        if let Doc::Journey(j) = doc {
            if let Some(p) = people.remove(&j.person_id) {
                out.push((p, j));
            }
        }
    }
    out.sort_by_key(|(p, _)| derive::child_id(p));
    Ok(out)
}

async fn audit_bulk(store: &Store, what: Audited, basis: String) -> Result<(), CliError> {
    let mut e = AuditEvent::new(None, what, None, Outcome::Allowed);
    e.basis = Some(basis);
    store.audit(&e).await?;
    Ok(())
}

pub async fn export(store: &Store, collection: ExportCollection) -> Result<(), CliError> {
    let kids = children(store).await?;
    let records: Vec<ChildRecord> = kids
        .iter()
        .map(|(p, j)| ChildRecord {
            person: p,
            journey: Some(j),
        })
        .collect();
    match collection {
        ExportCollection::Ssda903 { year, out, format } => {
            let ret = derive::ssda903(&records, CollectionYear(year));
            match format.as_str() {
                "csv" => ssda903::csv_io::write_dir(&ret, &out)?,
                "xml" => {
                    std::fs::create_dir_all(&out)?;
                    std::fs::write(out.join("ssda903.xml"), ssda903::xml_io::write(&ret))?;
                }
                other => {
                    return Err(CliError::Usage(format!(
                        "'{other}' is not a 903 format: use csv or xml"
                    )))
                }
            }
            audit_bulk(store, Audited::ReturnExported, format!("ssda903 {year}")).await?;
            println!(
                "903 return {}/{:02} written to {}: {} children, {} episodes.",
                year - 1,
                year % 100,
                out.display(),
                ret.table(ssda903::T::Header).len(),
                ret.table(ssda903::T::Episodes).len()
            );
        }
        ExportCollection::Cin { year, out, la } => {
            let ret = derive::cin(&records, CollectionYear(year), &la);
            std::fs::write(&out, cin::xml_io::write(&ret))?;
            audit_bulk(store, Audited::ReturnExported, format!("cin {year}")).await?;
            println!(
                "CIN census {}/{:02} written to {}: {} children, {} episodes.",
                year - 1,
                year % 100,
                out.display(),
                ret.children,
                ret.table(cin::C::CinDetails).len()
            );
        }
    }
    Ok(())
}

pub async fn import(store: &Store, collection: ImportCollection) -> Result<(), CliError> {
    let (imported, label) = match collection {
        ImportCollection::Ssda903 { input, year } => {
            let ret = read_903(&input)?;
            (import::ssda903(&ret, Some(year)), "903")
        }
        ImportCollection::Cin { input } => {
            let bytes = std::fs::read(&input)?;
            let name = file_name(&input);
            let ret = cin::xml_io::read(&name, &bytes)?;
            (import::cin(&ret, &name), "cin")
        }
    };
    if !imported.problems.is_empty() {
        let shown: Vec<&str> = imported
            .problems
            .iter()
            .take(50)
            .map(String::as_str)
            .collect();
        return Err(CliError::Usage(format!(
            "Nothing was imported: {} problem(s) in the return.\n{}",
            imported.problems.len(),
            shown.join("\n")
        )));
    }
    let today = time::OffsetDateTime::now_utc().date();
    let mut events = Vec::new();
    let (mut added, mut steps) = (0usize, 0usize);
    for child in &imported.children {
        let existing = match &child.la_person_id {
            Some(id) => store
                .people_where("la_id", id.as_str())
                .await?
                .into_iter()
                .next(),
            None => None,
        };
        let (person_id, journey) = match existing {
            Some(p) => {
                let journey = match store.doc(DocKind::Journey, p.id.0).await? {
                    Some(Doc::Journey(j)) => Some(j),
                    _ => None,
                };
                (p.id, journey)
            }
            None => {
                let id = PersonId::new();
                added += 1;
                events.push(Event::new(
                    None,
                    child.date_of_birth.unwrap_or(today),
                    EventBody::PersonRegistered {
                        person_id: id,
                        kind: PersonKind::Child,
                        details: child.details(),
                    },
                ));
                (id, None)
            }
        };
        for step in &child.steps {
            let already = journey
                .as_ref()
                .is_some_and(|j| j.steps.iter().any(|s| s.detail == step.detail));
            if already {
                continue;
            }
            steps += 1;
            events.push(Event::new(
                None,
                step.detail.start().unwrap_or(today),
                EventBody::JourneyStepRecorded {
                    person_id,
                    step: step.clone(),
                },
            ));
        }
    }
    // One transaction per batch: each batch is whole children, so a failure
    // leaves no child half-loaded.
    let total = events.len();
    let mut batch = Vec::new();
    for e in events {
        let starts_child = matches!(e.body, EventBody::PersonRegistered { .. });
        if starts_child && batch.len() >= 2000 {
            store.append(std::mem::take(&mut batch)).await?;
        }
        batch.push(e);
    }
    if !batch.is_empty() {
        store.append(batch).await?;
    }
    audit_bulk(store, Audited::ReturnImported, label.to_string()).await?;
    println!(
        "Imported {} children ({added} new) and {steps} journey steps ({total} journal events).",
        imported.children.len()
    );
    for w in imported.warnings.iter().take(20) {
        println!("warning: {w}");
    }
    Ok(())
}
