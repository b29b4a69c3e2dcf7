//! The 903 validator: one pass to group every table's rows by child, then each
//! rule over each child.
//!
//! A rule is a plain function over one child's rows ([`Check::Child`]) or, for
//! the few that compare children or look at the return as a whole, over the
//! return ([`Check::Return`]). It says which current-year and previous-year
//! tables it reads; when the return lacks one of them the rule is not run,
//! because a missing table would otherwise flag every child.

use std::collections::HashMap;

use time::Date;

use super::{Return903, N_TABLES, T};
use crate::date;
use crate::finding::{Finding, RuleType};
use crate::table::Table;
use crate::CollectionYear;

/// Everything a rule may read besides the child's own rows.
pub struct Ctx<'a> {
    pub year: CollectionYear,
    /// 1 April at the start of the collection year.
    pub start: Date,
    /// 31 March at its end.
    pub end: Date,
    pub cur: &'a Return903,
    /// Last year's return, when given (`--prev`).
    pub prev: Option<&'a Return903>,
}

impl<'a> Ctx<'a> {
    /// A current-year table.
    pub fn t(&self, t: T) -> &'a Table {
        self.cur.table(t)
    }

    /// A previous-year table (empty when there is no previous return).
    pub fn p(&self, t: T) -> Option<&'a Table> {
        self.prev.map(|p| p.table(t))
    }
}

/// One child's rows, as indices into each table, in file order.
pub struct Child<'a> {
    pub id: &'a str,
    pub rows: [Vec<usize>; N_TABLES],
    pub prev_rows: [Vec<usize>; N_TABLES],
}

impl Child<'_> {
    /// The child's rows in a current-year table.
    pub fn rows(&self, t: T) -> &[usize] {
        &self.rows[t as usize]
    }

    /// The child's rows in last year's table.
    pub fn prev_rows(&self, t: T) -> &[usize] {
        &self.prev_rows[t as usize]
    }

    /// The child's header row, if there is one (the first, if several).
    pub fn header(&self) -> Option<usize> {
        self.rows(T::Header).first().copied()
    }
}

/// Where a rule writes what it finds.
pub type Out<'a> = crate::finding::Out<'a, T>;

/// How a rule looks at the return.
#[derive(Clone, Copy)]
pub enum Check {
    /// One child at a time (almost every rule).
    Child(fn(&Ctx, &Child, &mut Out)),
    /// The whole return at once.
    Return(fn(&Ctx, &mut Out)),
}

/// A validation rule: its DfE code, what it reads, and the check.
#[derive(Clone, Copy)]
pub struct Rule {
    pub code: &'static str,
    /// Current-year tables the rule reads: it is skipped if any is absent.
    pub tables: &'static [T],
    /// Previous-year tables it reads: skipped without a previous return
    /// having them.
    pub prev: &'static [T],
    pub check: Check,
}

impl Rule {
    /// A rule over one child at a time that reads the current-year
    /// `tables` only.
    pub const fn child(
        code: &'static str,
        tables: &'static [T],
        check: fn(&Ctx, &Child, &mut Out),
    ) -> Rule {
        Rule {
            code,
            tables,
            prev: &[],
            check: Check::Child(check),
        }
    }

    /// A rule over one child at a time that also reads last year's `prev`
    /// tables.
    pub const fn with_prev(
        code: &'static str,
        tables: &'static [T],
        prev: &'static [T],
        check: fn(&Ctx, &Child, &mut Out),
    ) -> Rule {
        Rule {
            code,
            tables,
            prev,
            check: Check::Child(check),
        }
    }

    /// Whether the rule can run on this return.
    pub fn runs_on(&self, cur: &Return903, prev: Option<&Return903>) -> bool {
        self.tables.iter().all(|&t| cur.table(t).present)
            && (self.prev.is_empty()
                || prev.is_some_and(|p| self.prev.iter().all(|&t| p.table(t).present)))
    }
}

/// Groups every table's rows by child, in order of first appearance.
fn group<'a>(cur: &'a Return903, prev: Option<&'a Return903>) -> Vec<Child<'a>> {
    let mut index: HashMap<&'a str, usize> = HashMap::new();
    let mut children: Vec<Child<'a>> = Vec::new();
    let mut slot = |id: &'a str, children: &mut Vec<Child<'a>>| -> usize {
        *index.entry(id).or_insert_with(|| {
            children.push(Child {
                id,
                rows: Default::default(),
                prev_rows: Default::default(),
            });
            children.len() - 1
        })
    };
    for &t in T::ALL {
        let table = cur.table(t);
        for r in 0..table.len() {
            let i = slot(table.get(r, 0), &mut children);
            children[i].rows[t as usize].push(r);
        }
    }
    if let Some(prev) = prev {
        // Last year's rows matter only for children in this year's return.
        for &t in T::ALL {
            let table = prev.table(t);
            for r in 0..table.len() {
                if let Some(&i) = index.get(table.get(r, 0)) {
                    children[i].prev_rows[t as usize].push(r);
                }
            }
        }
    }
    children
}

/// The rules that run for a collection year.
pub fn rules_for(year: CollectionYear) -> Vec<Rule> {
    super::rules::all(year)
}

/// Validates a 903 return for the collection ending in `year`, with last
/// year's return for the rules that compare with it. Findings come back
/// sorted by child, rule, table and row.
pub fn validate(cur: &Return903, prev: Option<&Return903>, year: CollectionYear) -> Vec<Finding> {
    let rules: Vec<Rule> = rules_for(year)
        .into_iter()
        .filter(|r| r.runs_on(cur, prev))
        .collect();
    validate_with(cur, prev, year, &rules, None)
}

/// Validates with a given rule set, optionally for one child only (the check
/// run when a practitioner saves a step of the child's journey).
pub fn validate_with(
    cur: &Return903,
    prev: Option<&Return903>,
    year: CollectionYear,
    rules: &[Rule],
    only_child: Option<&str>,
) -> Vec<Finding> {
    run(cur, prev, year, rules, only_child, None)
}

/// How long each rule took over the whole return, slowest first: for
/// finding the rule that makes a large return slow.
pub fn profile(
    cur: &Return903,
    prev: Option<&Return903>,
    year: CollectionYear,
) -> Vec<(&'static str, std::time::Duration)> {
    let rules: Vec<Rule> = rules_for(year)
        .into_iter()
        .filter(|r| r.runs_on(cur, prev))
        .collect();
    let mut times = Vec::new();
    run(cur, prev, year, &rules, None, Some(&mut times));
    times.sort_by_key(|t| std::cmp::Reverse(t.1));
    times
}

fn run(
    cur: &Return903,
    prev: Option<&Return903>,
    year: CollectionYear,
    rules: &[Rule],
    only_child: Option<&str>,
    mut times: Option<&mut RuleTimes>,
) -> Vec<Finding> {
    let ctx = Ctx {
        year,
        start: year.start(),
        end: year.end(),
        cur,
        prev,
    };
    let children = group(cur, prev);
    // Rules are independent: on a whole return they are shared out among
    // the machine's cores, each with its own findings, merged at the end.
    let threads = if only_child.is_some() {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8)
    };
    let chunk = rules.len().div_ceil(threads.max(1)).max(1);
    let parts: Vec<(Vec<Finding>, RuleTimes)> = if threads > 1 {
        std::thread::scope(|scope| {
            let handles: Vec<_> = rules
                .chunks(chunk)
                .map(|some| {
                    let (ctx, children) = (&ctx, &children);
                    scope.spawn(move || run_rules(ctx, children, some, only_child))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        })
    } else {
        vec![run_rules(&ctx, &children, rules, only_child)]
    };
    let mut findings = Vec::new();
    for (found, took) in parts {
        findings.extend(found);
        if let Some(t) = times.as_deref_mut() {
            t.extend(took);
        }
    }
    let started = std::time::Instant::now();
    findings.sort_unstable();
    findings.dedup();
    if let Some(t) = times {
        t.push(("(sorting the findings)", started.elapsed()));
    }
    findings
}

/// How long each rule took.
type RuleTimes = Vec<(&'static str, std::time::Duration)>;

/// Runs some rules over every child (or one), timing each.
fn run_rules(
    ctx: &Ctx,
    children: &[Child],
    rules: &[Rule],
    only_child: Option<&str>,
) -> (Vec<Finding>, RuleTimes) {
    let mut findings = Vec::new();
    let mut times = Vec::with_capacity(rules.len());
    for rule in rules {
        let started = std::time::Instant::now();
        match rule.check {
            Check::Child(check) => {
                for child in children {
                    if only_child.is_some_and(|c| c != child.id) {
                        continue;
                    }
                    let mut out = Out::new(child.id, rule.code, RuleType::Error, &mut findings);
                    check(ctx, child, &mut out);
                }
            }
            Check::Return(check) => {
                let mut found = Vec::new();
                let mut out = Out::new("", rule.code, RuleType::Error, &mut found);
                check(ctx, &mut out);
                findings.extend(
                    found
                        .into_iter()
                        .filter(|f| only_child.is_none_or(|c| c == f.child_id)),
                );
            }
        }
        times.push((rule.code, started.elapsed()));
    }
    (findings, times)
}

/// Parses a 903 date cell (`dd/mm/yyyy`).
pub fn d(table: &Table, row: usize, col: usize) -> Option<Date> {
    date::dmy(table.get(row, col))
}
