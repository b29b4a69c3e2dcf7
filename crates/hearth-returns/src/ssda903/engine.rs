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

/// One child's rows, as indices into each table, in file order. The slices
/// borrow from one index of the whole return ([`Groups`]), so a child costs
/// no allocation of its own.
pub struct Child<'a> {
    pub id: &'a str,
    pub rows: [&'a [usize]; N_TABLES],
    pub prev_rows: [&'a [usize]; N_TABLES],
}

impl<'a> Child<'a> {
    /// The child's rows in a current-year table.
    pub fn rows(&self, t: T) -> &'a [usize] {
        self.rows[t as usize]
    }

    /// The child's rows in last year's table.
    pub fn prev_rows(&self, t: T) -> &'a [usize] {
        self.prev_rows[t as usize]
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

/// One table's rows grouped by child: child `c`'s rows are
/// `order[starts[c]..starts[c + 1]]`, in file order. One flat array per
/// table rather than a list per child and table keeps a national return's
/// index to two words a row and one a child.
#[derive(Default)]
struct Grouped {
    order: Vec<usize>,
    starts: Vec<usize>,
}

impl Grouped {
    /// Groups rows whose children are `child_of` (`None`: a row of no child
    /// in this year's return, left out) among `n` children.
    fn new(child_of: &[Option<usize>], n: usize) -> Grouped {
        let mut starts = vec![0usize; n + 1];
        for &c in child_of.iter().flatten() {
            starts[c + 1] += 1;
        }
        for c in 0..n {
            starts[c + 1] += starts[c];
        }
        let mut next = starts.clone();
        let mut order = vec![0usize; starts[n]];
        for (r, c) in child_of.iter().enumerate() {
            if let Some(c) = *c {
                order[next[c]] = r;
                next[c] += 1;
            }
        }
        Grouped { order, starts }
    }

    fn rows(&self, c: usize) -> &[usize] {
        match (self.starts.get(c), self.starts.get(c + 1)) {
            (Some(&a), Some(&z)) => self.order.get(a..z).unwrap_or_default(),
            _ => &[],
        }
    }
}

/// Every table's rows grouped by child, children in order of first
/// appearance.
struct Groups<'a> {
    ids: Vec<&'a str>,
    cur: [Grouped; N_TABLES],
    prev: [Grouped; N_TABLES],
}

impl<'a> Groups<'a> {
    fn child(&self, c: usize) -> Child<'_> {
        Child {
            id: self.ids.get(c).copied().unwrap_or_default(),
            rows: std::array::from_fn(|t| self.cur[t].rows(c)),
            prev_rows: std::array::from_fn(|t| self.prev[t].rows(c)),
        }
    }
}

/// Groups every table's rows by child, in order of first appearance.
fn group<'a>(cur: &'a Return903, prev: Option<&'a Return903>) -> Groups<'a> {
    let mut index: HashMap<&'a str, usize> = HashMap::new();
    let mut ids: Vec<&'a str> = Vec::new();
    let mut child_of: [Vec<Option<usize>>; N_TABLES] = Default::default();
    for &t in T::ALL {
        let table = cur.table(t);
        child_of[t as usize] = (0..table.len())
            .map(|r| {
                let id = table.get(r, 0);
                Some(*index.entry(id).or_insert_with(|| {
                    ids.push(id);
                    ids.len() - 1
                }))
            })
            .collect();
    }
    let n = ids.len();
    let cur_groups = std::array::from_fn(|t| Grouped::new(&child_of[t], n));
    // Last year's rows matter only for children in this year's return.
    let prev_groups = std::array::from_fn(|t| match prev {
        Some(prev) => {
            let table = prev.tables.get(t);
            let of: Vec<Option<usize>> = table.map_or_else(Vec::new, |table| {
                (0..table.len())
                    .map(|r| index.get(table.get(r, 0)).copied())
                    .collect()
            });
            Grouped::new(&of, n)
        }
        None => Grouped::default(),
    });
    Groups {
        ids,
        cur: cur_groups,
        prev: prev_groups,
    }
}

/// The rules that run for a collection year.
pub fn rules_for(year: CollectionYear) -> Vec<Rule> {
    super::rules::all(year)
}

/// Validates a 903 return for the collection ending in `year`, with last
/// year's return for the rules that compare with it. Findings come back
/// sorted by child, rule, table and row.
pub fn validate(cur: &Return903, prev: Option<&Return903>, year: CollectionYear) -> Vec<Finding> {
    let rules = runnable(cur, prev, year);
    validate_with(cur, prev, year, &rules, None)
}

/// Validates a 903 return as [`validate`] does, but hands the findings to
/// `sink` a few hundred children at a time, in the same order, as each part
/// is finished, rather than returning them all at once: a report written
/// from the parts as they come never holds a national return's millions of
/// findings together. The first error `sink` returns stops the validation
/// and is returned.
pub fn validate_each<E>(
    cur: &Return903,
    prev: Option<&Return903>,
    year: CollectionYear,
    mut sink: impl FnMut(Vec<Finding>) -> Result<(), E>,
) -> Result<(), E> {
    let rules = runnable(cur, prev, year);
    run(cur, prev, year, &rules, None, &mut sink)
}

/// The rules of `year` that can run on this return (with this previous
/// return).
fn runnable(cur: &Return903, prev: Option<&Return903>, year: CollectionYear) -> Vec<Rule> {
    rules_for(year)
        .into_iter()
        .filter(|r| r.runs_on(cur, prev))
        .collect()
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
    let mut all: Vec<Finding> = Vec::new();
    let joined = run(cur, prev, year, rules, only_child, &mut |part| {
        if all.is_empty() {
            all = part;
        } else {
            all.extend(part);
        }
        Ok::<(), std::convert::Infallible>(())
    });
    match joined {
        Ok(()) => all,
        Err(never) => match never {},
    }
}

/// How long each rule took over the whole return, slowest first: for
/// finding the rule that makes a large return slow.
pub fn profile(
    cur: &Return903,
    prev: Option<&Return903>,
    year: CollectionYear,
) -> Vec<(&'static str, std::time::Duration)> {
    let rules = runnable(cur, prev, year);
    let ctx = Ctx {
        year,
        start: year.start(),
        end: year.end(),
        cur,
        prev,
    };
    let groups = group(cur, prev);
    let children: Vec<Child> = (0..groups.ids.len()).map(|c| groups.child(c)).collect();
    let mut times = Vec::new();
    profile_rules(&ctx, &children, &rules, &mut times);
    times.sort_by_key(|t| std::cmp::Reverse(t.1));
    times
}

/// Where [`run`] hands each part of the findings, in order.
type Sink<'s, E> = dyn FnMut(Vec<Finding>) -> Result<(), E> + 's;

fn run<E>(
    cur: &Return903,
    prev: Option<&Return903>,
    year: CollectionYear,
    rules: &[Rule],
    only_child: Option<&str>,
    sink: &mut Sink<'_, E>,
) -> Result<(), E> {
    let ctx = Ctx {
        year,
        start: year.start(),
        end: year.end(),
        cur,
        prev,
    };
    let groups = group(cur, prev);
    let mut children: Vec<usize> = (0..groups.ids.len())
        .filter(|&c| only_child.is_none_or(|o| groups.ids.get(c) == Some(&o)))
        .collect();
    // Children in the order of their ids, so that each child's findings,
    // sorted on their own, join up into the sorted whole.
    children.sort_unstable_by_key(|&c| groups.ids.get(c));
    let per_child: Vec<fn(&Ctx, &Child, &mut Out)> = rules
        .iter()
        .filter_map(|r| match r.check {
            Check::Child(f) => Some(f),
            Check::Return(_) => None,
        })
        .collect();
    let codes: Vec<&'static str> = rules
        .iter()
        .filter(|r| matches!(r.check, Check::Child(_)))
        .map(|r| r.code)
        .collect();
    let chunks: Vec<&[usize]> = children.chunks(CHILDREN_PER_CHUNK).collect();
    let threads = if only_child.is_some() {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8)
            .min(chunks.len())
            .max(1)
    };
    // Each thread takes the next chunk of children until none is left (so
    // a thread given slow children does not hold the others up), and runs
    // every rule over one child at a time, while that child's rows are in
    // the cache. It stops when `send` says the findings are no longer
    // wanted (the sink failed).
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = |send: &mut dyn FnMut(usize, Vec<Finding>) -> bool| {
        let mut one = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(chunk) = chunks.get(i) else { break };
            let mut found = Vec::new();
            for &c in chunk.iter() {
                let child = groups.child(c);
                for (check, code) in per_child.iter().zip(&codes) {
                    let mut out = Out::new(child.id, code, RuleType::Error, &mut one);
                    check(&ctx, &child, &mut out);
                }
                one.sort_unstable();
                one.dedup();
                found.append(&mut one);
            }
            if !send(i, found) {
                break;
            }
        }
    };
    // The rules over the whole return run first; their findings are merged
    // into the chunks of children they fall among as those are joined up.
    let mut whole = Vec::new();
    for rule in rules {
        if let Check::Return(check) = rule.check {
            let mut out = Out::new("", rule.code, RuleType::Error, &mut whole);
            check(&ctx, &mut out);
        }
    }
    whole.retain(|f: &Finding| only_child.is_none_or(|c| c == &*f.child_id));
    whole.sort_unstable();
    whole.dedup();
    let mut joined = Joined {
        sink,
        next: 0,
        waiting: Default::default(),
        whole: whole.into_iter().peekable(),
        firsts: chunks
            .iter()
            .filter_map(|c| c.first().and_then(|&c| groups.ids.get(c).copied()))
            .collect(),
    };
    let mut failed = None;
    if threads > 1 {
        // A bounded channel: when the sink (writing a report) falls behind,
        // the threads wait rather than pile finished chunks up in memory.
        let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, Vec<Finding>)>(threads);
        std::thread::scope(|scope| {
            for _ in 0..threads {
                let (tx, work) = (tx.clone(), &work);
                scope.spawn(move || work(&mut |i, part| tx.send((i, part)).is_ok()));
            }
            drop(tx);
            // On the sink's first error the receiver is dropped, so every
            // thread's next send fails and it stops.
            for (i, part) in rx {
                if let Err(e) = joined.add(i, part) {
                    failed = Some(e);
                    break;
                }
            }
        });
    } else {
        work(&mut |i, part| match joined.add(i, part) {
            Ok(()) => true,
            Err(e) => {
                failed = Some(e);
                false
            }
        });
    }
    match failed {
        Some(e) => Err(e),
        None => joined.finish(),
    }
}

/// How many children a thread takes at a time: enough that taking them is
/// rare, few enough that the threads finish together (and that one chunk's
/// findings, all that a streamed report holds at a time, stay small).
const CHILDREN_PER_CHUNK: usize = 256;

/// The chunks' findings handed to the sink in chunk order as they are
/// finished, with the findings of the rules over the whole return merged in
/// among the children they name on the way. Only chunks finished before one
/// ahead of them are held.
struct Joined<'a, 's, E> {
    sink: &'a mut Sink<'s, E>,
    /// The next chunk to hand on.
    next: usize,
    /// Chunks finished before one ahead of them.
    waiting: std::collections::BTreeMap<usize, Vec<Finding>>,
    /// The whole-return findings not yet merged, sorted.
    whole: std::iter::Peekable<std::vec::IntoIter<Finding>>,
    /// The first child id of each chunk.
    firsts: Vec<&'a str>,
}

impl<E> Joined<'_, '_, E> {
    fn add(&mut self, i: usize, part: Vec<Finding>) -> Result<(), E> {
        self.waiting.insert(i, part);
        while let Some(mut part) = self.waiting.remove(&self.next) {
            // The whole-return findings up to the next chunk's first child
            // (for the first chunk, with those that sort before every
            // child; for the last, all that are left).
            let until = self.firsts.get(self.next + 1).copied();
            let mut own = Vec::new();
            while let Some(f) = self
                .whole
                .next_if(|f| until.is_none_or(|u| &*f.child_id < u))
            {
                own.push(f);
            }
            if !own.is_empty() {
                // A finding sorts by child first, so any copy of one lands
                // in the same chunk, next to it.
                part = merge(part, own);
                part.dedup();
            }
            self.next += 1;
            (self.sink)(part)?;
        }
        Ok(())
    }

    /// Hands on any whole-return findings left (all of them, when there
    /// were no children).
    fn finish(mut self) -> Result<(), E> {
        let rest: Vec<Finding> = self.whole.by_ref().collect();
        if rest.is_empty() {
            Ok(())
        } else {
            (self.sink)(rest)
        }
    }
}

/// Two sorted lists of findings as one sorted list.
fn merge(a: Vec<Finding>, b: Vec<Finding>) -> Vec<Finding> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let mut b = b.into_iter().peekable();
    for f in a {
        while let Some(g) = b.next_if(|g| *g < f) {
            out.push(g);
        }
        out.push(f);
    }
    out.extend(b);
    out
}

/// How long each rule took.
type RuleTimes = Vec<(&'static str, std::time::Duration)>;

/// Runs the rules one at a time over every child, timing each (for
/// [`profile`]; validation runs every rule over one child at a time).
fn profile_rules(
    ctx: &Ctx,
    children: &[Child],
    rules: &[Rule],
    times: &mut RuleTimes,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in rules {
        let started = std::time::Instant::now();
        match rule.check {
            Check::Child(check) => {
                for child in children {
                    let mut out = Out::new(child.id, rule.code, RuleType::Error, &mut findings);
                    check(ctx, child, &mut out);
                }
            }
            Check::Return(check) => {
                let mut out = Out::new("", rule.code, RuleType::Error, &mut findings);
                check(ctx, &mut out);
            }
        }
        times.push((rule.code, started.elapsed()));
    }
    let started = std::time::Instant::now();
    findings.sort_unstable();
    findings.dedup();
    times.push(("(sorting the findings)", started.elapsed()));
    findings
}

/// Parses a 903 date cell (`dd/mm/yyyy`).
pub fn d(table: &Table, row: usize, col: usize) -> Option<Date> {
    date::dmy(table.get(row, col))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::ssda903::csv_io;

    /// A return of `n` children (`n` not a multiple of 7919), in an order
    /// other than their ids', every ten of them sharing a UPN, so that rule
    /// 444 (over the whole return) names children in every chunk.
    fn shared_upns(n: usize) -> Return903 {
        let mut text = String::from("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n");
        for i in 0..n {
            let id = (i * 7919) % n;
            text.push_str(&format!("C{id:05},M,01/01/2010,WBRI,A{:012},,\n", id / 10));
        }
        let mut ret = Return903::default();
        csv_io::read_table(&mut ret, "header.csv", text.as_bytes()).expect("the table reads");
        ret
    }

    #[test]
    fn the_parts_join_up_to_the_sorted_whole() {
        let cur = shared_upns(1000);
        let year = CollectionYear(2026);
        let all = validate(&cur, None, year);
        assert!(all.iter().filter(|f| f.rule_code == "444").count() == 1000);
        let mut sorted = all.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(all, sorted, "sorted, each finding once");

        let mut parts = 0;
        let mut joined = Vec::new();
        let done = validate_each(&cur, None, year, |part| {
            parts += 1;
            joined.extend(part);
            Ok::<(), ()>(())
        });
        assert_eq!(done, Ok(()));
        assert!(parts >= 1000 / CHILDREN_PER_CHUNK, "{parts} parts");
        assert_eq!(joined, all);
    }

    #[test]
    fn a_childs_findings_share_its_id() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/g1/c1");
        let cur = crate::ssda903::read_path(&dir).expect("the test return reads");
        let all = validate(&cur, None, CollectionYear(2026));
        // Rule 444's findings are made apart from the child's own.
        let own: Vec<&Finding> = all.iter().filter(|f| f.rule_code != "444").collect();
        let pairs: Vec<_> = own
            .windows(2)
            .filter(|w| w[0].child_id == w[1].child_id)
            .collect();
        assert!(pairs.len() > 10, "{} pairs", pairs.len());
        assert!(pairs
            .iter()
            .all(|w| Arc::ptr_eq(&w[0].child_id, &w[1].child_id)));
    }

    #[test]
    fn the_first_error_of_the_sink_stops_the_validation() {
        let mut calls = 0;
        let done = validate_each(&shared_upns(2000), None, CollectionYear(2026), |_| {
            calls += 1;
            Err("disk full")
        });
        assert_eq!(done, Err("disk full"));
        assert_eq!(calls, 1);
    }
}
