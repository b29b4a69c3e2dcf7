//! `hearth validate`: reads a return, runs every rule of its collection year,
//! and reports the findings as CSV, JSON or a readable summary.

use std::collections::BTreeMap;
use std::path::Path;

use hearth_returns::rule_info::{self, RuleInfo};
use hearth_returns::{cin, finding, ssda903, CollectionYear, Finding};

use crate::cli::{ReportArgs, ReportFormat, ValidateCollection};
use crate::CliError;

pub fn validate(collection: ValidateCollection) -> Result<(), CliError> {
    match collection {
        ValidateCollection::Ssda903 {
            input,
            prev,
            report,
        } => {
            let year = CollectionYear(report.year);
            let cur = ssda903::read_path(&input)?;
            let prev = prev.map(|p| ssda903::read_path(&p)).transpose()?;
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
                "child_id": f.child_id,
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
    let mut children: Vec<&str> = findings.iter().map(|f| f.child_id.as_str()).collect();
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
