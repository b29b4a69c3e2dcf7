//! The statutory returns from the command line: `hearth export` derives a
//! return from the record, `hearth import` loads one into it, and `hearth
//! validate` runs every rule of a collection year over a return and reports
//! the findings as CSV, JSON or a readable summary.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

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
            let about = About {
                collection: "903",
                year: report.year,
                children: cur.children(),
            };
            let rules = rule_info::ssda903(report.year);
            // The report is written from each part of the findings as the
            // validator finishes it, so a national return's findings are
            // never all held at once.
            let mut out = Report::open(&report, &about, &rules)?;
            ssda903::engine::validate_each(&cur, prev.as_ref(), year, |part| out.add(&part))?;
            out.finish()
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
            let rules = rule_info::cin();
            let mut out = Report::open(&report, &about, &rules)?;
            out.add(&findings)?;
            out.finish()
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

/// One rule's findings so far: how many, about how many children, and the
/// rule type of its first finding.
struct RuleCount {
    findings: usize,
    children: usize,
    rule_type: &'static str,
    /// The child of its last finding, to count each child once.
    last_child: Option<Arc<str>>,
}

/// A report written as the findings come: CSV and JSON rows go straight to
/// the output, and only the counts by rule are kept for the end (the JSON's
/// counts and the summary). The findings must come sorted by child, as both
/// validators give them, so that a child is counted when its id changes
/// rather than by keeping every id seen.
struct Report<'a> {
    format: ReportFormat,
    out: Box<dyn Write + 'a>,
    about: &'a About,
    info: BTreeMap<&'a str, &'a RuleInfo>,
    counts: BTreeMap<&'static str, RuleCount>,
    findings: usize,
    /// Distinct children named by a finding (not the return as a whole).
    children: usize,
    last_child: Option<Arc<str>>,
    /// One part's text, reused from part to part.
    text: String,
}

impl<'a> Report<'a> {
    /// Opens the output (the file, or standard output) and writes what
    /// comes before the findings.
    fn open(
        args: &ReportArgs,
        about: &'a About,
        rules: &'a [RuleInfo],
    ) -> Result<Report<'a>, CliError> {
        let out: Box<dyn Write + 'a> = match &args.out {
            Some(path) => Box::new(std::io::BufWriter::new(std::fs::File::create(path)?)),
            None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
        };
        let mut report = Report {
            format: args.format,
            out,
            about,
            info: rules.iter().map(|r| (r.code.as_str(), r)).collect(),
            counts: BTreeMap::new(),
            findings: 0,
            children: 0,
            last_child: None,
            text: String::new(),
        };
        match report.format {
            ReportFormat::Csv => report.text.push_str(finding::CSV_HEADER),
            // The object's keys in the order serde_json writes them (sorted).
            ReportFormat::Json => report.text.push_str(&format!(
                "{{\n  \"children\": {},\n  \"collection\": {},\n  \"findings\": [",
                about.children,
                json_str(about.collection)
            )),
            ReportFormat::Summary => {}
        }
        report.flush_text()?;
        Ok(report)
    }

    /// Counts and writes a part of the findings.
    fn add(&mut self, part: &[Finding]) -> Result<(), CliError> {
        for f in part {
            self.count(f);
            match self.format {
                ReportFormat::Csv => finding::push_csv_row(&mut self.text, f),
                ReportFormat::Json => self.push_json(f),
                ReportFormat::Summary => {}
            }
            self.findings += 1;
        }
        self.flush_text()
    }

    fn count(&mut self, f: &Finding) {
        let c = self.counts.entry(f.rule_code).or_insert(RuleCount {
            findings: 0,
            children: 0,
            rule_type: f.rule_type.as_str(),
            last_child: None,
        });
        c.findings += 1;
        if c.last_child.as_deref() != Some(&*f.child_id) {
            c.children += 1;
            c.last_child = Some(Arc::clone(&f.child_id));
        }
        if !f.child_id.is_empty() && self.last_child.as_deref() != Some(&*f.child_id) {
            self.children += 1;
            self.last_child = Some(Arc::clone(&f.child_id));
        }
    }

    /// One finding as an element of the JSON's findings array, laid out as
    /// serde_json's pretty printer lays out the whole document.
    fn push_json(&mut self, f: &Finding) {
        let message = self.info.get(f.rule_code).map(|r| r.message.as_str());
        let t = &mut self.text;
        t.push_str(if self.findings == 0 { "\n" } else { ",\n" });
        t.push_str("    {\n      \"child_id\": ");
        t.push_str(&json_str(&f.child_id));
        t.push_str(",\n      \"message\": ");
        t.push_str(&message.map_or_else(|| "null".to_string(), json_str));
        t.push_str(&format!(",\n      \"row_id\": {}", f.row_id));
        t.push_str(",\n      \"rule_code\": ");
        t.push_str(&json_str(f.rule_code));
        t.push_str(",\n      \"rule_type\": ");
        t.push_str(&json_str(f.rule_type.as_str()));
        t.push_str(",\n      \"table\": ");
        t.push_str(&json_str(f.table));
        t.push_str("\n    }");
    }

    fn flush_text(&mut self) -> Result<(), CliError> {
        self.out.write_all(self.text.as_bytes())?;
        self.text.clear();
        Ok(())
    }

    /// Writes what comes after the findings and flushes the output.
    fn finish(mut self) -> Result<(), CliError> {
        match self.format {
            ReportFormat::Csv => {}
            ReportFormat::Json => {
                let tail = self.json_tail();
                self.text.push_str(&tail);
            }
            ReportFormat::Summary => {
                let summary = self.summary();
                self.text.push_str(&summary);
            }
        }
        self.flush_text()?;
        self.out.flush()?;
        Ok(())
    }

    /// The end of the JSON: the findings array closed, the counts by rule
    /// and the year.
    fn json_tail(&self) -> String {
        let counts: Vec<serde_json::Value> = self
            .counts
            .iter()
            .map(|(code, c)| {
                let rule = self.info.get(code);
                serde_json::json!({
                    "rule_code": code,
                    "rule_type": c.rule_type,
                    "findings": c.findings,
                    "children": c.children,
                    "message": rule.map(|r| r.message.as_str()),
                    "fields": rule.map(|r| r.fields.clone()),
                })
            })
            .collect();
        // Nested one level in, so every line but the first is indented two
        // more spaces (JSON strings hold no raw line breaks).
        let rules = format!("{:#}", serde_json::Value::Array(counts)).replace('\n', "\n  ");
        format!(
            "{}\n  \"rules\": {rules},\n  \"year\": {}\n}}\n",
            if self.findings == 0 { "]," } else { "\n  ]," },
            self.about.year
        )
    }

    fn summary(&self) -> String {
        let about = self.about;
        let name = if about.collection == "903" {
            "SSDA903 return"
        } else {
            "CIN census"
        };
        let mut out = format!(
            "{name} {}/{:02}: {} children; {} findings under {} rules, for {} children.\n",
            about.year - 1,
            about.year % 100,
            about.children,
            self.findings,
            self.counts.len(),
            self.children,
        );
        if self.findings == 0 {
            out.push_str("No rule found anything to change.\n");
            return out;
        }
        out.push_str("\nrule   type   findings children  message\n");
        for (code, c) in &self.counts {
            let message = self.info.get(code).map_or("", |r| r.message.as_str());
            out.push_str(&format!(
                "{code:<6} {:<6} {:>8} {:>8}  {message}\n",
                c.rule_type, c.findings, c.children
            ));
        }
        out
    }
}

/// A string as a JSON string literal.
fn json_str(s: &str) -> String {
    serde_json::Value::from(s).to_string()
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
        // Staff contracts and the population are not returns; their own
        // modules load them (lib.rs dispatches there first).
        ImportCollection::Staff { input } | ImportCollection::Population { input } => {
            return Err(CliError::Usage(format!(
                "{} is not a return: use `hearth import staff` or `hearth import population`",
                input.display()
            )))
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
