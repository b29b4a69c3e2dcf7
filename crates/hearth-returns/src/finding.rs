//! What a validator reports: one row per (child, rule, table, row), in the
//! shape the sector's own validators print, so the two can be compared row
//! for row and a data team's existing reports keep working.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleType {
    /// The DfE will reject the return until it is fixed.
    Error,
    /// The DfE will ask for it to be checked or explained.
    Query,
}

impl RuleType {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleType::Error => "error",
            RuleType::Query => "query",
        }
    }
}

/// One finding. `row` is the 0-based data row of `table` in the input (for
/// the census, the element's position among that table's elements in
/// document order); a council-level finding has an empty child and table and
/// row -1.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Finding {
    pub child_id: String,
    pub rule_code: &'static str,
    pub table: &'static str,
    pub row_id: i64,
    pub rule_type: RuleType,
}

/// The CSV the peers print: `child_id,rule_code,table,row_id,rule_type`.
pub fn to_csv(findings: &[Finding]) -> String {
    let mut out = String::from("child_id,rule_code,table,row_id,rule_type\n");
    for f in findings {
        out.push_str(&csv_field(&f.child_id));
        out.push(',');
        out.push_str(f.rule_code);
        out.push(',');
        out.push_str(f.table);
        out.push(',');
        out.push_str(&f.row_id.to_string());
        out.push(',');
        out.push_str(f.rule_type.as_str());
        out.push('\n');
    }
    out
}

/// Quotes a value for CSV when it needs it, and defuses a leading formula
/// character so a report opened in a spreadsheet cannot run anything.
pub fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) && value.parse::<f64>().is_err() {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}
