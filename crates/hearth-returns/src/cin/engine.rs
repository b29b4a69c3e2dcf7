//! The census validator: rows grouped by child in one pass, then each rule
//! over each child (or over the return, for council-level rules such as the
//! share of children with no sex recorded).

use time::Date;

use super::{CinReturn, C, N_TABLES};
use crate::date;
use crate::finding::{Finding, RuleType};
use crate::table::Table;
use crate::CollectionYear;

/// Everything a rule may read besides the child's own rows.
pub struct Ctx<'a> {
    pub year: CollectionYear,
    /// The first day of the census period: the day after the reference
    /// date a year before (1 April for a 31 March reference date).
    pub start: Date,
    /// The census reference date from the return's header (31 March of the
    /// collection year when the header has none).
    pub end: Date,
    pub ret: &'a CinReturn,
}

impl<'a> Ctx<'a> {
    pub fn t(&self, t: C) -> &'a Table {
        self.ret.table(t)
    }
}

/// One `Child` element's rows, as indices into each table.
pub struct Child<'a> {
    pub id: &'a str,
    pub ordinal: usize,
    pub rows: [Vec<usize>; N_TABLES],
}

impl Child<'_> {
    pub fn rows(&self, t: C) -> &[usize] {
        &self.rows[t as usize]
    }

    /// The child's rows of `t` that belong to CIN episode `details` (a row of
    /// `CINdetails`).
    pub fn in_episode<'c>(
        &'c self,
        ctx: &'c Ctx,
        t: C,
        details: usize,
    ) -> impl Iterator<Item = usize> + 'c {
        let table = ctx.t(t);
        let link = details.to_string();
        self.rows(t)
            .iter()
            .copied()
            .filter(move |&r| table.get(r, 1) == link)
    }
}

/// Where a rule writes what it finds.
pub type Out<'a> = crate::finding::Out<'a, C>;

#[derive(Clone, Copy)]
pub enum Check {
    Child(fn(&Ctx, &Child, &mut Out)),
    Return(fn(&Ctx, &mut Out)),
}

/// A census rule: its DfE code, whether the DfE treats it as an error or a
/// query, and the check.
#[derive(Clone, Copy)]
pub struct Rule {
    pub code: &'static str,
    pub rule_type: RuleType,
    pub check: Check,
}

fn group(ret: &CinReturn) -> Vec<Child<'_>> {
    let ids = ret.table(C::ChildIdentifiers);
    let mut children: Vec<Child> = (0..ret.children)
        .map(|ordinal| Child {
            id: "",
            ordinal,
            rows: Default::default(),
        })
        .collect();
    for (t, owners) in ret.child_of.iter().enumerate() {
        for (row, &child) in owners.iter().enumerate() {
            if let Some(c) = children.get_mut(child) {
                c.rows[t].push(row);
            }
        }
    }
    for c in &mut children {
        if let Some(&r) = c.rows[C::ChildIdentifiers as usize].first() {
            c.id = ids.get(r, 0);
        }
    }
    children
}

/// Validates a census return for the collection ending in `year`. Findings
/// come back sorted.
pub fn validate(ret: &CinReturn, year: CollectionYear) -> Vec<Finding> {
    validate_with(ret, year, &super::rules::all(), None)
}

/// Validates with a given rule set, optionally for one child only.
pub fn validate_with(
    ret: &CinReturn,
    year: CollectionYear,
    rules: &[Rule],
    only_child: Option<&str>,
) -> Vec<Finding> {
    // The census period ends on the return's own reference date, as the DfE
    // portal reads it; rule 100 checks that date is the right one.
    let end = d(ret.table(C::Header), 0, super::header::ReferenceDate)
        .filter(|r| r.year() >= 1678 && r.year() <= 2261)
        .unwrap_or_else(|| year.end());
    let start = date::add_years(end, -1) + time::Duration::days(1);
    let ctx = Ctx {
        year,
        start,
        end,
        ret,
    };
    let children = group(ret);
    let mut findings = Vec::new();
    for rule in rules {
        match rule.check {
            Check::Child(check) => {
                for child in &children {
                    if only_child.is_some_and(|c| c != child.id) {
                        continue;
                    }
                    let mut out = Out::new(child.id, rule.code, rule.rule_type, &mut findings);
                    check(&ctx, child, &mut out);
                }
            }
            Check::Return(check) => {
                if only_child.is_some() {
                    continue;
                }
                let mut out = Out::new("", rule.code, rule.rule_type, &mut findings);
                check(&ctx, &mut out);
            }
        }
    }
    findings.sort_unstable();
    findings.dedup();
    findings
}

/// Parses a census date cell (`yyyy-mm-dd`).
pub fn d(table: &Table, row: usize, col: usize) -> Option<Date> {
    date::iso(table.get(row, col))
}
