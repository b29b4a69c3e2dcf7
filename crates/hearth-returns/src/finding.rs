//! What a validator reports: one row per (child, rule, table, row), in the
//! shape the sector's own validators print, so the two can be compared row
//! for row and a data team's existing reports keep working.

use std::marker::PhantomData;

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

/// A collection's table enum, as findings name its tables.
pub trait TableName: Copy {
    /// The table's name in findings.
    fn table_name(self) -> &'static str;
}

/// Where a rule writes what it finds: the child being checked, the rule and
/// its type are filled in, so a rule says only which rows it flags. `K` is
/// the collection's table enum.
pub struct Out<'a, K> {
    child: &'a str,
    rule: &'static str,
    rule_type: RuleType,
    findings: &'a mut Vec<Finding>,
    table: PhantomData<K>,
}

impl<'a, K: TableName> Out<'a, K> {
    /// Findings of `rule` about `child` (blank for rules over the whole
    /// return), added to `findings`.
    pub(crate) fn new(
        child: &'a str,
        rule: &'static str,
        rule_type: RuleType,
        findings: &'a mut Vec<Finding>,
    ) -> Self {
        Out {
            child,
            rule,
            rule_type,
            findings,
            table: PhantomData,
        }
    }

    /// Flags row `row` of table `t` for the child being checked.
    pub fn flag(&mut self, t: K, row: usize) {
        let child = self.child;
        self.flag_child(child, t, row);
    }

    /// Flags a row for a named child (for rules over the whole return).
    pub fn flag_child(&mut self, child: &str, t: K, row: usize) {
        self.findings.push(Finding {
            child_id: child.to_string(),
            rule_code: self.rule,
            table: t.table_name(),
            row_id: i64::try_from(row).unwrap_or(i64::MAX),
            rule_type: self.rule_type,
        });
    }

    /// Flags each of `rows` of `t` (whose table is `table`) for which `bad`
    /// holds.
    pub fn flag_where(
        &mut self,
        t: K,
        table: &crate::table::Table,
        rows: &[usize],
        bad: impl Fn(&crate::table::Table, usize) -> bool,
    ) {
        for &r in rows {
            if bad(table, r) {
                self.flag(t, r);
            }
        }
    }

    /// Flags every given row of `t`.
    pub fn flag_all(&mut self, t: K, rows: &[usize]) {
        for &r in rows {
            self.flag(t, r);
        }
    }

    /// A finding about the return as a whole (no child, no row).
    pub fn flag_council(&mut self) {
        self.findings.push(Finding {
            child_id: String::new(),
            rule_code: self.rule,
            table: "",
            row_id: -1,
            rule_type: self.rule_type,
        });
    }
}

/// The CSV the peers print: `child_id,rule_code,table,row_id,rule_type`.
pub fn to_csv(findings: &[Finding]) -> String {
    // About 30 bytes a row: reserving once saves regrowing a national
    // return's report (millions of rows) many times.
    let mut out = String::with_capacity(48 + findings.len() * 32);
    out.push_str("child_id,rule_code,table,row_id,rule_type\n");
    for f in findings {
        push_csv_field(&mut out, &f.child_id);
        out.push(',');
        out.push_str(f.rule_code);
        out.push(',');
        out.push_str(f.table);
        out.push(',');
        push_int(&mut out, f.row_id);
        out.push(',');
        out.push_str(f.rule_type.as_str());
        out.push('\n');
    }
    out
}

/// Writes a whole number without allocating (a report has a row number on
/// every line).
fn push_int(out: &mut String, n: i64) {
    use std::fmt::Write;
    let _ = write!(out, "{n}");
}

/// Appends [`csv_field`] of `value` to `out`, without allocating for the
/// usual value that needs neither quoting nor defusing.
fn push_csv_field(out: &mut String, value: &str) {
    if value.starts_with(['=', '+', '-', '@']) || value.contains([',', '"', '\n', '\r']) {
        out.push_str(&csv_field(value));
    } else {
        out.push_str(value);
    }
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
