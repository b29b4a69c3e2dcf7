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
    times: Option<&mut RuleTimes>,
) -> Vec<Finding> {
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
    if let Some(times) = times {
        let children: Vec<Child> = children.iter().map(|&c| groups.child(c)).collect();
        return profile_rules(&ctx, &children, rules, only_child, times);
    }
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
    // the cache.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = |send: &mut dyn FnMut(usize, Vec<Finding>)| {
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
            send(i, found);
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
    whole.retain(|f: &Finding| only_child.is_none_or(|c| c == f.child_id));
    whole.sort_unstable();
    let mut joined = Joined {
        all: Vec::new(),
        next: 0,
        waiting: Default::default(),
        whole: whole.into_iter().peekable(),
        firsts: chunks
            .iter()
            .filter_map(|c| c.first().and_then(|&c| groups.ids.get(c).copied()))
            .collect(),
    };
    if threads > 1 {
        let (tx, rx) = std::sync::mpsc::channel::<(usize, Vec<Finding>)>();
        std::thread::scope(|scope| {
            for _ in 0..threads {
                let (tx, work) = (tx.clone(), &work);
                scope.spawn(move || {
                    work(&mut |i, part| {
                        let _ = tx.send((i, part));
                    })
                });
            }
            drop(tx);
            for (i, part) in rx {
                joined.add(i, part);
            }
        });
    } else {
        work(&mut |i, part| joined.add(i, part));
    }
    let mut findings = joined.finish();
    findings.dedup();
    findings
}

/// How many children a thread takes at a time: enough that taking them is
/// rare, few enough that the threads finish together.
const CHILDREN_PER_CHUNK: usize = 256;

/// The chunks' findings joined up in chunk order as they are finished,
/// rather than all kept until the end, so a national return's findings are
/// held about once rather than twice; the findings of the rules over the
/// whole return are merged in among the children they name on the way.
struct Joined<'a> {
    all: Vec<Finding>,
    /// The next chunk to join.
    next: usize,
    /// Chunks finished before one ahead of them.
    waiting: std::collections::BTreeMap<usize, Vec<Finding>>,
    /// The whole-return findings not yet merged, sorted.
    whole: std::iter::Peekable<std::vec::IntoIter<Finding>>,
    /// The first child id of each chunk.
    firsts: Vec<&'a str>,
}

impl Joined<'_> {
    fn add(&mut self, i: usize, part: Vec<Finding>) {
        self.waiting.insert(i, part);
        while let Some(part) = self.waiting.remove(&self.next) {
            if self.next == 0 {
                // Whole-return findings that sort before every child.
                let first = self.firsts.first().copied();
                self.take_whole_before(first);
            }
            let until = self.firsts.get(self.next + 1).copied();
            let mut own = Vec::new();
            while let Some(f) = self
                .whole
                .next_if(|f| until.is_none_or(|u| f.child_id.as_str() < u))
            {
                own.push(f);
            }
            if own.is_empty() {
                self.all.extend(part);
            } else {
                self.all.extend(merge(part, own));
            }
            self.next += 1;
        }
    }

    /// Moves the whole-return findings of children before `id` (all, with
    /// no `id`) to the end of the joined findings.
    fn take_whole_before(&mut self, id: Option<&str>) {
        while let Some(f) = self
            .whole
            .next_if(|f| id.is_none_or(|u| f.child_id.as_str() < u))
        {
            self.all.push(f);
        }
    }

    /// Everything joined, with any whole-return findings left (all of them,
    /// when there were no children).
    fn finish(mut self) -> Vec<Finding> {
        self.take_whole_before(None);
        self.all
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
    only_child: Option<&str>,
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
