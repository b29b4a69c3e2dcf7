//! The genogram: a family tree drawn with the standard symbols practitioners
//! learn (square male, circle female, diamond for sex unknown or not
//! recorded, a cross through someone who has died, a double outline round
//! the children the service works with), generations in rows, couples
//! joined by a line (one slash when separated, two for ex-partners),
//! children hanging from their parents' line, today's households inside a
//! dashed boundary, and the quality of relationships drawn as coloured,
//! patterned lines.
//!
//! Everything comes from the relationships already recorded on the family
//! page: generations are worked out from the parent, grandparent, sibling
//! and partner relationships, so the picture needs no extra typing.
//!
//! [`layout`] is separate from drawing so tests can check positions.

use super::network::{and_list, FamilyNetwork, Tie};
use super::{colour, curve, midpoint, offset, shorten, Picture, Svg, TextAlternative, TextSection};
use hearth_core::codes::Sex;
use hearth_core::model::{RelationshipKind as Kind, RelationshipQuality as Quality};
use std::collections::{BTreeSet, HashMap};
use time::Date;

/// Width and height of a person's symbol.
const SYMBOL: f64 = 40.0;
const HALF: f64 = SYMBOL / 2.0;
/// Centre to centre, partners and everyone else: room for two labels.
const PARTNER_GAP: f64 = 140.0;
const GAP: f64 = 150.0;
/// Top of one generation's row to the next.
const ROW_HEIGHT: f64 = 200.0;
/// Half the width a person and their name take.
const HALF_WIDTH: f64 = 62.0;
const MARGIN: f64 = 16.0;
/// Room above the first row for sibling brackets and partner lines.
const TOP: f64 = 64.0;
/// A household boundary's reach above and below a symbol's centre.
const HOME_ABOVE: f64 = HALF + 26.0;
const HOME_BELOW: f64 = HALF + 72.0;
/// Where a single parent's line to their children leaves them, sideways.
const STUB: f64 = 66.0;

/// Children with the same parents: drawn hanging from one line.
#[derive(Clone, Debug, PartialEq)]
pub struct Sibship {
    /// One or two parents (indices into the network's people).
    pub parents: Vec<usize>,
    pub children: Vec<usize>,
    /// Adopted children hang from a dashed line.
    pub adoptive: bool,
}

/// Where everyone goes. Indices are into [`FamilyNetwork::people`].
#[derive(Clone, Debug, Default)]
pub struct Layout {
    /// Each person's generation row, 0 at the top.
    pub row: Vec<usize>,
    /// Each person's symbol centre.
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    /// People in each row, left to right, in blocks of partners.
    pub rows: Vec<Vec<Vec<usize>>>,
    pub sibships: Vec<Sibship>,
    /// Each household's boundary: one or more closed polygons.
    pub homes: Vec<Vec<Vec<(f64, f64)>>>,
    pub width: f64,
    pub height: f64,
}

impl Layout {
    fn slot_of(&self, i: usize) -> Option<(usize, usize)> {
        let r = *self.row.get(i)?;
        let flat: Vec<usize> = self.rows.get(r)?.iter().flatten().copied().collect();
        flat.iter().position(|&p| p == i).map(|s| (r, s))
    }

    /// Whether two people are next to each other in the same row.
    pub fn adjacent(&self, a: usize, b: usize) -> bool {
        match (self.slot_of(a), self.slot_of(b)) {
            (Some((ra, sa)), Some((rb, sb))) => ra == rb && sa.abs_diff(sb) == 1,
            _ => false,
        }
    }

    fn parents_of(&self, child: usize) -> Vec<usize> {
        let mut out = Vec::new();
        for s in &self.sibships {
            if s.children.contains(&child) {
                out.extend(s.parents.iter().copied());
            }
        }
        out
    }

    fn children_of(&self, parent: usize) -> Vec<usize> {
        let mut out = Vec::new();
        for s in &self.sibships {
            if s.parents.contains(&parent) {
                out.extend(s.children.iter().copied());
            }
        }
        out
    }
}

/// The relationships both of whose people are in the picture, as indices.
fn indexed_ties(net: &FamilyNetwork) -> Vec<(usize, usize, &Tie)> {
    let index: HashMap<_, usize> = net
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id, i))
        .collect();
    net.drawable_ties()
        .filter_map(|t| Some((*index.get(&t.from)?, *index.get(&t.to)?, t)))
        .collect()
}

/// Children grouped by their recorded parents (at most two birth parents
/// and, separately, at most two adoptive parents).
fn sibships(n: usize, ties: &[(usize, usize, &Tie)]) -> Vec<Sibship> {
    let mut out: Vec<Sibship> = Vec::new();
    for child in 0..n {
        for adoptive in [false, true] {
            let want = if adoptive {
                Kind::AdoptiveParent
            } else {
                Kind::Parent
            };
            let mut parents: Vec<usize> = Vec::new();
            for (a, b, t) in ties {
                if *b == child && t.kind == want && !parents.contains(a) && parents.len() < 2 {
                    parents.push(*a);
                }
            }
            if parents.is_empty() {
                continue;
            }
            parents.sort_unstable();
            match out
                .iter_mut()
                .find(|s| s.parents == parents && s.adoptive == adoptive)
            {
                Some(s) => s.children.push(child),
                None => out.push(Sibship {
                    parents,
                    children: vec![child],
                    adoptive,
                }),
            }
        }
    }
    out
}

/// Generation rows from the relationships: a parent is one row above their
/// child, a grandparent two, an aunt or uncle one; siblings and partners
/// share a row. Parent relationships win when the record disagrees with
/// itself. People not connected to anyone go in the children's row if they
/// are children, else the parents' row.
fn generations(net: &FamilyNetwork, ties: &[(usize, usize, &Tie)]) -> Vec<usize> {
    let n = net.people.len();
    let mut constraints: Vec<(u8, usize, usize, i32)> = ties
        .iter()
        .filter_map(|(a, b, t)| {
            let (priority, step) = match t.kind {
                Kind::Parent | Kind::AdoptiveParent => (0, 1),
                Kind::Partner | Kind::ExPartner | Kind::Sibling | Kind::HalfSibling => (1, 0),
                Kind::StepParent => (2, 1),
                Kind::Grandparent => (3, 2),
                Kind::AuntOrUncle => (4, 1),
                Kind::SpecialGuardian | Kind::Carer | Kind::Friend | Kind::Other => return None,
            };
            Some((priority, *a, *b, step))
        })
        .collect();
    constraints.sort_by_key(|c| c.0);
    let mut gen: Vec<Option<i32>> = vec![None; n];
    let mut children_row: Option<i32> = None;
    // Start each connected group from a child the service works with, else
    // any child, else anyone.
    let next_seed = |gen: &[Option<i32>]| {
        (0..n)
            .filter(|&i| gen[i].is_none())
            .min_by_key(|&i| (!net.people[i].index, !net.people[i].child, i))
    };
    while let Some(seed) = next_seed(&gen) {
        gen[seed] = Some(0);
        let mut group = vec![seed];
        'grow: loop {
            for &(_, a, b, step) in &constraints {
                match (gen[a], gen[b]) {
                    (Some(ga), None) => {
                        gen[b] = Some(ga + step);
                        group.push(b);
                        continue 'grow;
                    }
                    (None, Some(gb)) => {
                        gen[a] = Some(gb - step);
                        group.push(a);
                        continue 'grow;
                    }
                    _ => {}
                }
            }
            break;
        }
        let of = |i: &usize| gen[*i].unwrap_or(0);
        let lowest = group.iter().map(of).max().unwrap_or(0);
        let lowest_child = group.iter().filter(|&&i| net.people[i].child).map(of).max();
        let shift = match (children_row, lowest_child) {
            (None, Some(c)) => {
                children_row = Some(c);
                0
            }
            (None, None) => {
                children_row = Some(lowest + 1);
                0
            }
            (Some(row), Some(c)) => row - c,
            (Some(row), None) => row - 1 - lowest,
        };
        for i in group {
            gen[i] = gen[i].map(|g| g + shift);
        }
    }
    let top = gen.iter().flatten().copied().min().unwrap_or(0);
    gen.iter()
        .map(|g| usize::try_from(g.unwrap_or(top) - top).unwrap_or(0))
        .collect()
}

/// Puts partners in a line: a couple side by side (male on the left, by
/// convention), someone with two partners between them.
fn order_block(members: &[usize], adj: &[BTreeSet<usize>], net: &FamilyNetwork) -> Vec<usize> {
    if members.len() <= 1 {
        return members.to_vec();
    }
    let degree = |i: usize| adj[i].iter().filter(|j| members.contains(j)).count();
    let male = |i: usize| net.people[i].sex == Some(Sex::Male);
    let is_path = members.iter().all(|&i| degree(i) <= 2);
    let ends: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&i| degree(i) == 1)
        .collect();
    if is_path && ends.len() == 2 {
        let start = ends.iter().copied().find(|&i| male(i)).unwrap_or(ends[0]);
        let mut out = vec![start];
        let mut cur = start;
        while let Some(&next) = adj[cur]
            .iter()
            .find(|j| members.contains(j) && !out.contains(j))
        {
            out.push(next);
            cur = next;
        }
        return out;
    }
    let hub = members
        .iter()
        .copied()
        .max_by_key(|&i| (degree(i), std::cmp::Reverse(i)))
        .unwrap_or(members[0]);
    let around: Vec<usize> = adj[hub]
        .iter()
        .copied()
        .filter(|j| members.contains(j))
        .collect();
    let (left, right) = around.split_at(around.len() / 2);
    let mut out: Vec<usize> = left.to_vec();
    out.push(hub);
    out.extend_from_slice(right);
    let rest: Vec<usize> = members
        .iter()
        .copied()
        .filter(|i| !out.contains(i))
        .collect();
    out.extend(rest);
    out
}

/// Least-squares positions as near `desired` as possible, in order, each at
/// least `gaps[i]` right of the one before (isotonic regression by pooling
/// adjacent violators).
fn fit(desired: &[f64], gaps: &[f64]) -> Vec<f64> {
    let mut offsets = Vec::with_capacity(desired.len());
    let mut acc = 0.0;
    for i in 0..desired.len() {
        if i > 0 {
            acc += gaps.get(i - 1).copied().unwrap_or(GAP);
        }
        offsets.push(acc);
    }
    // Pools of (sum, count).
    let mut pools: Vec<(f64, usize)> = Vec::new();
    for (d, o) in desired.iter().zip(&offsets) {
        pools.push((d - o, 1));
        while pools.len() >= 2 {
            let (s2, c2) = pools[pools.len() - 1];
            let (s1, c1) = pools[pools.len() - 2];
            if s1 / c1 as f64 > s2 / c2 as f64 {
                pools.pop();
                pools.pop();
                pools.push((s1 + s2, c1 + c2));
            } else {
                break;
            }
        }
    }
    let mut out = Vec::with_capacity(desired.len());
    for (s, c) in pools {
        for _ in 0..c {
            out.push(s / c as f64);
        }
    }
    out.iter().zip(&offsets).map(|(y, o)| y + o).collect()
}

fn mean(v: impl Iterator<Item = f64>) -> Option<f64> {
    let (s, c) = v.fold((0.0, 0usize), |(s, c), x| (s + x, c + 1));
    (c > 0).then(|| s / c as f64)
}

/// Lays the genogram out: rows by generation, people ordered to keep
/// children under their parents and couples together, then placed as near
/// the middle of their parents (and above the middle of their children) as
/// the room their labels need allows.
pub fn layout(net: &FamilyNetwork) -> Layout {
    let n = net.people.len();
    let ties = indexed_ties(net);
    let sibships = sibships(n, &ties);
    let row = generations(net, &ties);
    let rows_count = row.iter().max().map_or(0, |m| m + 1);

    // Partners (recorded, or parents of a child together) in the same row
    // are kept side by side.
    let mut adj: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    let mut join = |a: usize, b: usize| {
        if a != b && row[a] == row[b] {
            adj[a].insert(b);
            adj[b].insert(a);
        }
    };
    for (a, b, t) in &ties {
        if matches!(t.kind, Kind::Partner | Kind::ExPartner) {
            join(*a, *b);
        }
    }
    for s in &sibships {
        if let [a, b] = s.parents[..] {
            join(a, b);
        }
    }
    let mut rows: Vec<Vec<Vec<usize>>> = vec![Vec::new(); rows_count];
    let mut placed = vec![false; n];
    for start in 0..n {
        if placed[start] {
            continue;
        }
        let mut members = vec![start];
        placed[start] = true;
        let mut k = 0;
        while k < members.len() {
            for &j in &adj[members[k]] {
                if !placed[j] {
                    placed[j] = true;
                    members.push(j);
                }
            }
            k += 1;
        }
        members.sort_unstable();
        rows[row[start]].push(order_block(&members, &adj, net));
    }

    let mut lay = Layout {
        row,
        x: vec![0.0; n],
        y: vec![0.0; n],
        rows,
        sibships,
        ..Default::default()
    };
    let parents: Vec<Vec<usize>> = (0..n).map(|i| lay.parents_of(i)).collect();
    let children: Vec<Vec<usize>> = (0..n).map(|i| lay.children_of(i)).collect();

    // Order within rows: a few sweeps down and up, each block sorted by the
    // mean position of its members' parents (or children); brothers and
    // sisters oldest first.
    let mut slot = vec![0.0; n];
    let reslot = |rows: &Vec<Vec<Vec<usize>>>, slot: &mut Vec<f64>| {
        for r in rows {
            for (s, &i) in r.iter().flatten().enumerate() {
                slot[i] = s as f64;
            }
        }
    };
    reslot(&lay.rows, &mut slot);
    let sweep = |blocks: &mut Vec<Vec<usize>>, slot: &[f64], towards: &[Vec<usize>]| {
        let key = |i: usize| mean(towards[i].iter().map(|&j| slot[j]));
        let mut keyed: Vec<(f64, Option<Date>, Vec<usize>)> = blocks
            .drain(..)
            .map(|mut b| {
                // Turn a block round if its members' parents (or children)
                // run the other way.
                let keyed: Vec<(f64, f64)> = b
                    .iter()
                    .enumerate()
                    .filter_map(|(k, &i)| key(i).map(|v| (k as f64, v)))
                    .collect();
                if keyed.len() >= 2 {
                    let mp = keyed.iter().map(|k| k.0).sum::<f64>() / keyed.len() as f64;
                    let mk = keyed.iter().map(|k| k.1).sum::<f64>() / keyed.len() as f64;
                    let cov: f64 = keyed.iter().map(|(p, k)| (p - mp) * (k - mk)).sum();
                    if cov < 0.0 {
                        b.reverse();
                    }
                }
                let k = mean(b.iter().filter_map(|&i| key(i)))
                    .or_else(|| mean(b.iter().map(|&i| slot[i])))
                    .unwrap_or(0.0);
                let born = b.iter().filter_map(|&i| net.people[i].date_of_birth).min();
                (k, born, b)
            })
            .collect();
        keyed.sort_by(|a, b| {
            a.0.total_cmp(&b.0).then_with(|| match (a.1, b.1) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
        });
        blocks.extend(keyed.into_iter().map(|(_, _, b)| b));
    };
    for pass in 0..5 {
        for r in 1..rows_count {
            sweep(&mut lay.rows[r], &slot, &parents);
            reslot(&lay.rows, &mut slot);
        }
        if pass < 4 {
            for r in (0..rows_count.saturating_sub(1)).rev() {
                sweep(&mut lay.rows[r], &slot, &children);
                reslot(&lay.rows, &mut slot);
            }
        }
    }

    // Positions: start packed, then settle under parents and over children.
    let gaps_of = |blocks: &Vec<Vec<usize>>| -> Vec<f64> {
        let mut g = Vec::new();
        for (bi, b) in blocks.iter().enumerate() {
            if bi > 0 {
                g.push(GAP);
            }
            g.extend(std::iter::repeat_n(PARTNER_GAP, b.len().saturating_sub(1)));
        }
        g
    };
    for blocks in &lay.rows {
        let flat: Vec<usize> = blocks.iter().flatten().copied().collect();
        let placed = fit(&vec![0.0; flat.len()], &gaps_of(blocks));
        for (i, x) in flat.iter().zip(placed) {
            lay.x[*i] = x;
        }
    }
    let settle = |lay: &mut Layout, r: usize, towards: &[Vec<usize>]| {
        let blocks = &lay.rows[r];
        let mut desired = Vec::new();
        for b in blocks {
            let own: Vec<Option<f64>> = b
                .iter()
                .map(|&i| mean(towards[i].iter().map(|&j| lay.x[j])))
                .collect();
            for (k, &i) in b.iter().enumerate() {
                // Someone with no parents (or children) drawn stays beside
                // the partner who has.
                let d = own[k].or_else(|| {
                    own.iter()
                        .enumerate()
                        .filter_map(|(j, o)| o.map(|v| (j, v)))
                        .min_by_key(|(j, _)| j.abs_diff(k))
                        .map(|(j, v)| v + (k as f64 - j as f64) * PARTNER_GAP)
                });
                desired.push(d.unwrap_or(lay.x[i]));
            }
        }
        let flat: Vec<usize> = blocks.iter().flatten().copied().collect();
        let placed = fit(&desired, &gaps_of(blocks));
        for (i, x) in flat.iter().zip(placed) {
            lay.x[*i] = x;
        }
    };
    for _ in 0..8 {
        for r in 1..rows_count {
            settle(&mut lay, r, &parents);
        }
        for r in (0..rows_count.saturating_sub(1)).rev() {
            settle(&mut lay, r, &children);
        }
    }
    for r in 1..rows_count {
        settle(&mut lay, r, &parents);
    }

    let min_x = lay.x.iter().copied().fold(f64::INFINITY, f64::min);
    let shift = if min_x.is_finite() {
        MARGIN + HALF_WIDTH - min_x
    } else {
        0.0
    };
    for i in 0..n {
        lay.x[i] += shift;
        lay.y[i] = TOP + lay.row[i] as f64 * ROW_HEIGHT;
    }
    lay.width = lay.x.iter().copied().fold(0.0, f64::max) + HALF_WIDTH + MARGIN;
    lay.height = TOP + rows_count.saturating_sub(1) as f64 * ROW_HEIGHT + HOME_BELOW + MARGIN;

    let index: HashMap<_, usize> = net
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id, i))
        .collect();
    lay.homes = net
        .homes
        .iter()
        .map(|h| {
            let residents: Vec<usize> = h
                .residents
                .iter()
                .filter_map(|r| index.get(r).copied())
                .collect();
            home_boundary(&lay, &residents)
        })
        .collect();
    lay
}

/// The dashed boundary round a household: one outline if its residents sit
/// side by side in consecutive rows (a parent above their children),
/// otherwise a box round each run of residents. It never takes in someone
/// who does not live there.
fn home_boundary(lay: &Layout, residents: &[usize]) -> Vec<Vec<(f64, f64)>> {
    // Runs of residents next to each other, per row: (row, left, right).
    let mut runs: Vec<(usize, f64, f64)> = Vec::new();
    for (r, blocks) in lay.rows.iter().enumerate() {
        let mut current: Option<(f64, f64)> = None;
        for &i in blocks.iter().flatten() {
            if residents.contains(&i) {
                let (l, rt) = current.unwrap_or((lay.x[i], lay.x[i]));
                current = Some((l.min(lay.x[i]), rt.max(lay.x[i])));
            } else if let Some((l, rt)) = current.take() {
                runs.push((r, l - HALF_WIDTH, rt + HALF_WIDTH));
            }
        }
        if let Some((l, rt)) = current {
            runs.push((r, l - HALF_WIDTH, rt + HALF_WIDTH));
        }
    }
    let y = |r: usize| TOP + r as f64 * ROW_HEIGHT;
    let one_per_row = runs
        .windows(2)
        .all(|w| w[1].0 == w[0].0 + 1 && w[1].1 < w[0].2 && w[0].1 < w[1].2);
    if runs.len() >= 2 && one_per_row {
        let mid = |r: usize| (y(r) + HOME_BELOW + y(r + 1) - HOME_ABOVE) / 2.0;
        let (first, last) = (runs[0], runs[runs.len() - 1]);
        let mut pts = vec![(first.2, y(first.0) - HOME_ABOVE)];
        for w in runs.windows(2) {
            pts.push((w[0].2, mid(w[0].0)));
            pts.push((w[1].2, mid(w[0].0)));
        }
        pts.push((last.2, y(last.0) + HOME_BELOW));
        pts.push((last.1, y(last.0) + HOME_BELOW));
        for w in runs.windows(2).rev() {
            pts.push((w[1].1, mid(w[0].0)));
            pts.push((w[0].1, mid(w[0].0)));
        }
        pts.push((first.1, y(first.0) - HOME_ABOVE));
        return vec![pts];
    }
    runs.into_iter()
        .map(|(r, l, rt)| {
            let (t, b) = (y(r) - HOME_ABOVE, y(r) + HOME_BELOW);
            vec![(l, t), (rt, t), (rt, b), (l, b)]
        })
        .collect()
}

/// The symbols and lines a genogram can use, in the order the key lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Male,
    Female,
    SexUnknown,
    SexNotRecorded,
    Died,
    Index,
    Partners,
    Separated,
    ExPartners,
    CoParents,
    Children,
    Adopted,
    Siblings,
    OtherTie,
    Home,
    Quality(QualityKey),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum QualityKey {
    Close,
    Supportive,
    Conflicted,
    Estranged,
    Harmful,
}

impl From<Quality> for QualityKey {
    fn from(q: Quality) -> Self {
        match q {
            Quality::Close => Self::Close,
            Quality::Supportive => Self::Supportive,
            Quality::Conflicted => Self::Conflicted,
            Quality::Estranged => Self::Estranged,
            Quality::Harmful => Self::Harmful,
        }
    }
}

impl Key {
    fn words(self) -> &'static str {
        match self {
            Key::Male => "Male",
            Key::Female => "Female",
            Key::SexUnknown => "Sex unknown or indeterminate",
            Key::SexNotRecorded => "Sex not recorded",
            Key::Died => "Has died",
            Key::Index => "Child the service works with",
            Key::Partners => "Partners",
            Key::Separated => "Separated",
            Key::ExPartners => "Ex-partners",
            Key::CoParents => "Parents, partnership not recorded",
            Key::Children => "Their children",
            Key::Adopted => "Adopted",
            Key::Siblings => "Siblings (parents not recorded)",
            Key::OtherTie => "Other relationship (named)",
            Key::Home => "Household now",
            Key::Quality(QualityKey::Close) => "Close",
            Key::Quality(QualityKey::Supportive) => "Supportive",
            Key::Quality(QualityKey::Conflicted) => "Conflicted",
            Key::Quality(QualityKey::Estranged) => "Estranged",
            Key::Quality(QualityKey::Harmful) => "Harmful",
        }
    }
}

/// Draws a relationship-quality line along `pts`. Each quality has its own
/// pattern as well as its own colour, so none depends on colour alone.
pub(crate) fn quality_line(svg: &mut Svg, pts: &[(f64, f64)], q: Quality) {
    if pts.len() < 2 {
        return;
    }
    match q {
        Quality::Close => {
            for side in [-2.5, 2.5] {
                svg.polyline(&offset(pts, |_| side), colour::GREEN, 1.6)
                    .empty();
            }
        }
        Quality::Supportive => svg.polyline(pts, colour::BLUE, 2.0).empty(),
        Quality::Conflicted => {
            let zig = offset(pts, |i| match i % 2 {
                _ if i == 0 || i + 1 == pts.len() => 0.0,
                0 => 4.5,
                _ => -4.5,
            });
            svg.polyline(&zig, colour::BROWN, 1.6).empty();
        }
        Quality::Estranged => {
            svg.polyline(pts, colour::SECONDARY_TEXT, 2.0)
                .attr("stroke-dasharray", "7 5")
                .empty();
            // The break: two short bars across the middle.
            let ((mx, my), (dx, dy)) = midpoint(pts);
            for along in [-3.5, 3.5] {
                let (cx, cy) = (mx + dx * along, my + dy * along);
                svg.line(
                    (cx - dy * 8.0, cy + dx * 8.0),
                    (cx + dy * 8.0, cy - dx * 8.0),
                    colour::SECONDARY_TEXT,
                    2.0,
                )
                .empty();
            }
        }
        Quality::Harmful => {
            svg.polyline(pts, colour::RED, 3.0).empty();
            // The mark: a filled diamond across the middle.
            let ((mx, my), (dx, dy)) = midpoint(pts);
            let s = 7.0;
            svg.polygon(&[
                (mx + dx * s, my + dy * s),
                (mx - dy * s, my + dx * s),
                (mx - dx * s, my - dy * s),
                (mx + dy * s, my - dx * s),
            ])
            .attr("fill", colour::BLACK)
            .attr("stroke", colour::RED)
            .attr("stroke-width", 1.5)
            .empty();
        }
    }
}

/// The qualities drawn as lines. "Supportive" is what most relationships
/// in a family are recorded as, and a line for each would bury the ones a
/// practitioner needs to see; it is in the text alternative instead.
fn drawn_quality(q: Option<Quality>) -> Option<Quality> {
    q.filter(|q| *q != Quality::Supportive)
}

/// How a person's symbol is drawn.
#[derive(Clone, Copy)]
struct Symbol {
    sex: Option<Sex>,
    died: bool,
    index: bool,
}

fn symbol_shape(svg: &mut Svg, x: f64, y: f64, half: f64, sex: Option<Sex>, stroke_width: f64) {
    match sex {
        Some(Sex::Male) => svg
            .start("rect")
            .attr("x", x - half)
            .attr("y", y - half)
            .attr("width", half * 2.0)
            .attr("height", half * 2.0),
        Some(Sex::Female) => svg
            .start("circle")
            .attr("cx", x)
            .attr("cy", y)
            .attr("r", half),
        _ => {
            let h = half * 1.2;
            svg.polygon(&[(x, y - h), (x + h, y), (x, y + h), (x - h, y)])
        }
    }
    .attr("fill", colour::WHITE)
    .attr("stroke", colour::BLACK)
    .attr("stroke-width", stroke_width)
    .empty();
}

fn draw_symbol(svg: &mut Svg, x: f64, y: f64, half: f64, s: Symbol) {
    if s.index {
        symbol_shape(svg, x, y, half + 5.0, s.sex, 2.0);
    }
    symbol_shape(svg, x, y, half, s.sex, 2.0);
    if s.sex.is_none() {
        svg.start("text")
            .attr("x", x)
            .attr("y", y + half * 0.35)
            .attr("text-anchor", "middle")
            .attr("font-size", half)
            .attr("font-weight", "bold")
            .attr("fill", colour::BLACK)
            .text("?");
    }
    if s.died {
        let d = half + 4.0;
        svg.line((x - d, y - d), (x + d, y + d), colour::BLACK, 2.0)
            .empty();
        svg.line((x - d, y + d), (x + d, y - d), colour::BLACK, 2.0)
            .empty();
    }
}

/// Slashes across a couple line at `(x, y)`: one when separated, two for
/// ex-partners.
fn slashes(svg: &mut Svg, x: f64, y: f64, count: usize) {
    let xs: &[f64] = if count == 1 { &[0.0] } else { &[-4.0, 4.0] };
    for dx in xs {
        svg.line(
            (x + dx - 5.0, y + 9.0),
            (x + dx + 5.0, y - 9.0),
            colour::BLACK,
            2.0,
        )
        .empty();
    }
}

/// A relationship line between two symbols, trimmed so it starts and ends
/// at their edges.
fn between(a: (f64, f64), b: (f64, f64), bow: f64) -> Vec<(f64, f64)> {
    let clear = HALF + 7.0;
    let far =
        |p: &(f64, f64), c: (f64, f64)| ((p.0 - c.0).powi(2) + (p.1 - c.1).powi(2)).sqrt() >= clear;
    curve(a, b, bow, 6.0)
        .into_iter()
        .filter(|p| far(p, a) && far(p, b))
        .collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CoupleStyle {
    Together,
    Separated,
    Ex,
    NotRecorded,
}

/// Draws the genogram of `net` as it stands on `today`. `id` names the SVG
/// (its title and description ids derive from it).
pub fn draw(net: &FamilyNetwork, today: Date, id: &str) -> Picture {
    let lay = layout(net);
    let ties = indexed_ties(net);
    let n = net.people.len();
    let mut used: BTreeSet<Key> = BTreeSet::new();

    // Couples: recorded partners and ex-partners, and people who are
    // parents of a child together.
    let mut couples: Vec<(usize, usize, CoupleStyle)> = Vec::new();
    let mut add_couple = |a: usize, b: usize, style: CoupleStyle| {
        let (a, b) = if lay.x[a] <= lay.x[b] { (a, b) } else { (b, a) };
        match couples.iter_mut().find(|c| c.0 == a && c.1 == b) {
            // A current partnership outranks an old one; either outranks
            // "not recorded".
            Some(c) => {
                if c.2 == CoupleStyle::NotRecorded || style == CoupleStyle::Together {
                    c.2 = style;
                }
            }
            None => couples.push((a, b, style)),
        }
    };
    for (a, b, t) in &ties {
        match t.kind {
            Kind::Partner if t.ended.is_some() => add_couple(*a, *b, CoupleStyle::Separated),
            Kind::Partner => add_couple(*a, *b, CoupleStyle::Together),
            Kind::ExPartner => add_couple(*a, *b, CoupleStyle::Ex),
            _ => {}
        }
    }
    for s in &lay.sibships {
        if let [a, b] = s.parents[..] {
            add_couple(a, b, CoupleStyle::NotRecorded);
        }
    }

    let content_width = lay.width.max(2.0 * (MARGIN + HALF_WIDTH));
    let generations = lay.rows.iter().filter(|r| !r.is_empty()).count();
    let title = format!("Genogram of the {}", family_words(&net.family_name));
    let description = if n == 0 {
        "No one in the family network is recorded yet.".to_string()
    } else {
        format!(
            "A family tree of {} {} in {} {}, with their relationships and households. \
             The text alternative sets out the same information in words.",
            n,
            if n == 1 { "person" } else { "people" },
            generations,
            if generations == 1 {
                "generation"
            } else {
                "generations"
            },
        )
    };

    // Draw the body first into its own writer, then wrap it once the key's
    // size (and so the whole picture's) is known.
    let mut body = Svg::fragment();

    // Households, behind everything.
    body.group("hearth-genogram__homes");
    for (h, pieces) in net.homes.iter().zip(&lay.homes) {
        for piece in pieces {
            used.insert(Key::Home);
            body.polygon(piece)
                .attr("fill", "none")
                .attr("stroke", colour::SECONDARY_TEXT)
                .attr("stroke-width", 1.5)
                .attr("stroke-dasharray", "8 5")
                .empty();
            let left = piece.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
            let right = piece.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
            let bottom = piece.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
            // The bottom-left corner's run decides the room for the label.
            let bottom_left = piece
                .iter()
                .filter(|p| (p.1 - bottom).abs() < 0.5)
                .map(|p| p.0)
                .fold(f64::INFINITY, f64::min);
            let bottom_right = piece
                .iter()
                .filter(|p| (p.1 - bottom).abs() < 0.5)
                .map(|p| p.0)
                .fold(f64::NEG_INFINITY, f64::max);
            let room = ((bottom_right.min(right) - bottom_left.max(left) - 12.0) / 6.0).max(6.0);
            body.start("text")
                .attr("x", bottom_left + 6.0)
                .attr("y", bottom - 6.0)
                .attr("font-size", 11.0)
                .attr("fill", colour::SECONDARY_TEXT)
                .text(&shorten(&format!("Home: {}", h.address), room as usize));
        }
    }
    body.close();

    // Couples.
    body.group("hearth-genogram__couples");
    let mut anchors: HashMap<(usize, usize), (f64, f64)> = HashMap::new();
    let has_children = |a: usize, b: usize| {
        lay.sibships
            .iter()
            .any(|s| s.parents.contains(&a) && s.parents.contains(&b))
    };
    for &(a, b, style) in &couples {
        let (pa, pb) = ((lay.x[a], lay.y[a]), (lay.x[b], lay.y[b]));
        let mid_x = (pa.0 + pb.0) / 2.0;
        let anchor;
        let tag = if lay.row[a] == lay.row[b] && lay.adjacent(a, b) {
            anchor = (mid_x, pa.1);
            body.line((pa.0 + HALF, pa.1), (pb.0 - HALF, pb.1), colour::BLACK, 2.0)
        } else if lay.row[a] == lay.row[b] {
            // Not side by side: over the top of whoever is between them.
            let up = pa.1 - HALF - 18.0;
            anchor = (mid_x, up);
            body.polyline(
                &[
                    (pa.0, pa.1 - HALF),
                    (pa.0, up),
                    (pb.0, up),
                    (pb.0, pb.1 - HALF),
                ],
                colour::BLACK,
                2.0,
            )
        } else {
            anchor = ((pa.0 + pb.0) / 2.0, (pa.1 + pb.1) / 2.0);
            body.line(pa, pb, colour::BLACK, 2.0)
        };
        match style {
            CoupleStyle::NotRecorded => {
                used.insert(Key::CoParents);
                tag.attr("stroke-dasharray", "2 4").empty();
            }
            CoupleStyle::Together => {
                used.insert(Key::Partners);
                tag.empty();
            }
            CoupleStyle::Separated | CoupleStyle::Ex => {
                tag.empty();
                let at = if has_children(a, b) {
                    anchor.0 - 16.0
                } else {
                    anchor.0
                };
                if style == CoupleStyle::Ex {
                    used.insert(Key::ExPartners);
                    slashes(&mut body, at, anchor.1, 2);
                } else {
                    used.insert(Key::Separated);
                    slashes(&mut body, at, anchor.1, 1);
                }
            }
        }
        anchors.insert((a, b), anchor);
        anchors.insert((b, a), anchor);
    }
    body.close();

    // Children hanging from their parents.
    body.group("hearth-genogram__children");
    for (k, s) in lay.sibships.iter().enumerate() {
        let anchor = match s.parents[..] {
            [a, b] if anchors.contains_key(&(a, b)) => anchors.get(&(a, b)).copied(),
            [p, ..] => {
                // A single parent: a short line out to the side where their
                // children are (and no partner is).
                let (px, py) = (lay.x[p], lay.y[p]);
                let kids = mean(s.children.iter().map(|&c| lay.x[c])).unwrap_or(px);
                let partner_right = (0..n).any(|o| {
                    o != p && lay.adjacent(p, o) && lay.x[o] > px && anchors.contains_key(&(p, o))
                });
                let partner_left = (0..n).any(|o| {
                    o != p && lay.adjacent(p, o) && lay.x[o] < px && anchors.contains_key(&(p, o))
                });
                let right = (kids >= px && !partner_right) || partner_left;
                let dir = if right { 1.0 } else { -1.0 };
                let end = (px + dir * STUB, py);
                let tag = body.line((px + dir * HALF, py), end, colour::BLACK, 2.0);
                if s.adoptive {
                    tag.attr("stroke-dasharray", "6 4").empty();
                } else {
                    tag.empty();
                }
                Some(end)
            }
            [] => None,
        };
        let Some((ax, ay)) = anchor else { continue };
        used.insert(if s.adoptive {
            Key::Adopted
        } else {
            Key::Children
        });
        let mut child_rows: Vec<usize> = s.children.iter().map(|&c| lay.row[c]).collect();
        child_rows.sort_unstable();
        child_rows.dedup();
        for r in child_rows {
            let kids: Vec<usize> = s
                .children
                .iter()
                .copied()
                .filter(|&c| lay.row[c] == r)
                .collect();
            let cy = TOP + r as f64 * ROW_HEIGHT;
            let bar = cy - HALF - 20.0 - 8.0 * (k % 3) as f64;
            let lo = kids.iter().map(|&c| lay.x[c]).fold(ax, f64::min);
            let hi = kids.iter().map(|&c| lay.x[c]).fold(ax, f64::max);
            let mut lines = vec![((ax, ay), (ax, bar)), ((lo, bar), (hi, bar))];
            for &c in &kids {
                let top = lay.y[c] - HALF - if net.people[c].index { 5.0 } else { 0.0 };
                lines.push(((lay.x[c], bar), (lay.x[c], top)));
            }
            for (p, q) in lines {
                if (p.0 - q.0).abs() < 0.1 && (p.1 - q.1).abs() < 0.1 {
                    continue;
                }
                let tag = body.line(p, q, colour::BLACK, 2.0);
                if s.adoptive {
                    tag.attr("stroke-dasharray", "6 4").empty();
                } else {
                    tag.empty();
                }
            }
        }
    }
    body.close();

    // Other relationships the structure does not already show.
    body.group("hearth-genogram__other");
    let parents: Vec<Vec<usize>> = (0..n).map(|i| lay.parents_of(i)).collect();
    let share_parent = |a: usize, b: usize| parents[a].iter().any(|p| parents[b].contains(p));
    let coupled = |a: usize, b: usize| anchors.contains_key(&(a, b));
    let mut brackets = 0;
    for (a, b, t) in &ties {
        let (a, b) = (*a, *b);
        let shown = match t.kind {
            Kind::Parent | Kind::AdoptiveParent => true,
            Kind::Partner | Kind::ExPartner => true,
            Kind::Sibling | Kind::HalfSibling => share_parent(a, b),
            Kind::Grandparent => parents[b].iter().any(|p| parents[*p].contains(&a)),
            Kind::AuntOrUncle => parents[b].iter().any(|&p| share_parent(a, p)),
            Kind::StepParent => parents[b].iter().any(|&p| coupled(a, p)),
            Kind::SpecialGuardian | Kind::Carer | Kind::Friend | Kind::Other => false,
        };
        if shown {
            continue;
        }
        let (pa, pb) = ((lay.x[a], lay.y[a]), (lay.x[b], lay.y[b]));
        if matches!(t.kind, Kind::Sibling | Kind::HalfSibling) && lay.row[a] == lay.row[b] {
            // Siblings whose parents are not recorded: a bracket above them.
            used.insert(Key::Siblings);
            let up = pa.1 - HALF - 12.0 - 6.0 * (brackets % 3) as f64;
            brackets += 1;
            body.polyline(
                &[
                    (pa.0, pa.1 - HALF),
                    (pa.0, up),
                    (pb.0, up),
                    (pb.0, pb.1 - HALF),
                ],
                colour::BLACK,
                2.0,
            )
            .empty();
            continue;
        }
        if drawn_quality(t.quality).is_some() {
            // The quality line below joins them already.
            continue;
        }
        used.insert(Key::OtherTie);
        let (pa, pb) = if pa.0 <= pb.0 { (pa, pb) } else { (pb, pa) };
        let bow = if lay.row[a] == lay.row[b] && !lay.adjacent(a, b) {
            // Over the heads of whoever is between them.
            -(20.0 + (pb.0 - pa.0) * 0.3)
        } else {
            0.0
        };
        let pts = between(pa, pb, bow);
        if pts.len() >= 2 {
            body.polyline(&pts, colour::SECONDARY_TEXT, 1.5)
                .attr("stroke-dasharray", "2 4")
                .empty();
            let ((mx, my), _) = midpoint(&pts);
            body.start("text")
                .attr("x", mx + 4.0)
                .attr("y", my - 4.0)
                .attr("font-size", 11.0)
                .attr("fill", colour::SECONDARY_TEXT)
                .text(t.kind.forward_label());
        }
    }
    body.close();

    // The quality of relationships.
    body.group("hearth-genogram__quality");
    for (a, b, t) in &ties {
        let Some(q) = drawn_quality(t.quality) else {
            continue;
        };
        let (a, b) = if lay.x[*a] <= lay.x[*b] {
            (*a, *b)
        } else {
            (*b, *a)
        };
        let (pa, pb) = ((lay.x[a], lay.y[a]), (lay.x[b], lay.y[b]));
        let bow = if lay.row[a] != lay.row[b] {
            28.0
        } else if coupled(a, b) {
            -26.0
        } else if lay.adjacent(a, b) {
            0.0
        } else {
            -(20.0 + (pb.0 - pa.0) * 0.3)
        };
        let pts = between(pa, pb, bow);
        if pts.len() >= 2 {
            used.insert(Key::Quality(q.into()));
            quality_line(&mut body, &pts, q);
        }
    }
    body.close();

    // People, with names and ages under them.
    body.group("hearth-genogram__people");
    for (i, p) in net.people.iter().enumerate() {
        let (x, y) = (lay.x[i], lay.y[i]);
        used.insert(match p.sex {
            Some(Sex::Male) => Key::Male,
            Some(Sex::Female) => Key::Female,
            Some(Sex::Unknown) => Key::SexUnknown,
            None => Key::SexNotRecorded,
        });
        if p.date_of_death.is_some() {
            used.insert(Key::Died);
        }
        if p.index {
            used.insert(Key::Index);
        }
        draw_symbol(
            &mut body,
            x,
            y,
            HALF,
            Symbol {
                sex: p.sex,
                died: p.date_of_death.is_some(),
                index: p.index,
            },
        );
        let below = y + HALF + if p.index { 20.0 } else { 16.0 };
        let name = body
            .start("text")
            .attr("x", x)
            .attr("y", below)
            .attr("text-anchor", "middle")
            .attr("font-size", 12.5)
            .attr("fill", colour::BLACK);
        let name = if p.index {
            name.attr("font-weight", "bold")
        } else {
            name
        };
        name.text(&shorten(&p.given_names, 17));
        body.label(
            x,
            below + 14.0,
            "middle",
            12.5,
            &shorten(&p.family_name, 17),
        );
        if let Some(age) = p.age(today) {
            body.start("text")
                .attr("x", x)
                .attr("y", below + 28.0)
                .attr("text-anchor", "middle")
                .attr("font-size", 11.5)
                .attr("fill", colour::SECONDARY_TEXT)
                .text(&age);
        }
    }
    body.close();
    let keys: Vec<Key> = used.into_iter().collect();
    let (key, key_width, key_height) = legend(&keys, lay.height, content_width);
    let width = content_width.max(key_width);
    let height = lay.height + key_height;
    let mut svg = Svg::new(id, width, height, &title, &description);
    svg.start("rect")
        .attr("x", 0.0)
        .attr("y", 0.0)
        .attr("width", width)
        .attr("height", height)
        .attr("fill", colour::WHITE)
        .empty();
    if n == 0 {
        svg.label(
            MARGIN,
            TOP,
            "start",
            14.0,
            "No one is recorded in the family network yet.",
        );
    }
    svg.append(body);
    svg.append(key);
    let out = svg.finish();

    Picture {
        title,
        description,
        svg: out,
        width,
        height,
        text: text_alternative(net, &lay, today),
    }
}

/// "Testington family" reads "the Testington family"; a family recorded
/// under a bare surname gets "family" added.
pub(crate) fn family_words(name: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        "family".into()
    } else if name.to_lowercase().ends_with("family") {
        name.to_string()
    } else {
        format!("{name} family")
    }
}

/// The key, drawn below the picture in as many columns as fit.
fn legend(keys: &[Key], top: f64, width: f64) -> (Svg, f64, f64) {
    const COLUMN: f64 = 265.0;
    const LINE: f64 = 28.0;
    if keys.is_empty() {
        return (Svg::fragment(), 0.0, 0.0);
    }
    let columns = (((width - 2.0 * MARGIN) / COLUMN).floor() as usize)
        .clamp(1, 4)
        .min(keys.len());
    let columns = if width < 2.0 * COLUMN + 2.0 * MARGIN {
        columns.max(2).min(keys.len())
    } else {
        columns
    };
    let rows = keys.len().div_ceil(columns);
    let mut svg = Svg::fragment();
    svg.group("hearth-genogram__key");
    svg.line(
        (MARGIN, top),
        (MARGIN + columns as f64 * COLUMN - 20.0, top),
        colour::SECONDARY_TEXT,
        1.0,
    )
    .empty();
    svg.start("text")
        .attr("x", MARGIN)
        .attr("y", top + 24.0)
        .attr("font-size", 15.0)
        .attr("font-weight", "bold")
        .attr("fill", colour::BLACK)
        .text("Key");
    for (k, key) in keys.iter().enumerate() {
        let (col, row) = (k / rows, k % rows);
        let x = MARGIN + col as f64 * COLUMN;
        let y = top + 48.0 + row as f64 * LINE;
        key_sample(&mut svg, *key, x, y);
        svg.label(x + 56.0, y + 4.5, "start", 13.0, key.words());
    }
    svg.close();
    let w = 2.0 * MARGIN + columns as f64 * COLUMN;
    (svg, w, 48.0 + rows as f64 * LINE + MARGIN)
}

/// A small example of a key entry, 44 units wide, centred on `y`.
fn key_sample(svg: &mut Svg, key: Key, x: f64, y: f64) {
    let (l, r, c) = (x, x + 44.0, x + 22.0);
    let small = 9.0;
    match key {
        Key::Male => draw_symbol(
            svg,
            c,
            y,
            small,
            Symbol {
                sex: Some(Sex::Male),
                died: false,
                index: false,
            },
        ),
        Key::Female => draw_symbol(
            svg,
            c,
            y,
            small,
            Symbol {
                sex: Some(Sex::Female),
                died: false,
                index: false,
            },
        ),
        Key::SexUnknown => draw_symbol(
            svg,
            c,
            y,
            small,
            Symbol {
                sex: Some(Sex::Unknown),
                died: false,
                index: false,
            },
        ),
        Key::SexNotRecorded => draw_symbol(
            svg,
            c,
            y,
            small,
            Symbol {
                sex: None,
                died: false,
                index: false,
            },
        ),
        Key::Died => draw_symbol(
            svg,
            c,
            y,
            small,
            Symbol {
                sex: Some(Sex::Male),
                died: true,
                index: false,
            },
        ),
        Key::Index => draw_symbol(
            svg,
            c,
            y,
            small - 2.0,
            Symbol {
                sex: Some(Sex::Female),
                died: false,
                index: true,
            },
        ),
        Key::Partners => svg.line((l, y), (r, y), colour::BLACK, 2.0).empty(),
        Key::Separated | Key::ExPartners => {
            svg.line((l, y), (r, y), colour::BLACK, 2.0).empty();
            slashes(svg, c, y, if key == Key::Separated { 1 } else { 2 });
        }
        Key::CoParents => svg
            .line((l, y), (r, y), colour::BLACK, 2.0)
            .attr("stroke-dasharray", "2 4")
            .empty(),
        Key::Children | Key::Adopted | Key::Siblings => {
            let tag = svg.polyline(
                &[
                    (l + 6.0, y + 10.0),
                    (l + 6.0, y - 8.0),
                    (r - 6.0, y - 8.0),
                    (r - 6.0, y + 10.0),
                ],
                colour::BLACK,
                2.0,
            );
            if key == Key::Adopted {
                tag.attr("stroke-dasharray", "6 4").empty();
            } else {
                tag.empty();
            }
        }
        Key::OtherTie => svg
            .line((l, y), (r, y), colour::SECONDARY_TEXT, 1.5)
            .attr("stroke-dasharray", "2 4")
            .empty(),
        Key::Home => svg
            .start("rect")
            .attr("x", l)
            .attr("y", y - 9.0)
            .attr("width", 44.0)
            .attr("height", 18.0)
            .attr("fill", "none")
            .attr("stroke", colour::SECONDARY_TEXT)
            .attr("stroke-width", 1.5)
            .attr("stroke-dasharray", "8 5")
            .empty(),
        Key::Quality(q) => {
            let q = match q {
                QualityKey::Close => Quality::Close,
                QualityKey::Supportive => Quality::Supportive,
                QualityKey::Conflicted => Quality::Conflicted,
                QualityKey::Estranged => Quality::Estranged,
                QualityKey::Harmful => Quality::Harmful,
            };
            let pts: Vec<(f64, f64)> = (0..=8).map(|i| (l + i as f64 * 5.5, y)).collect();
            quality_line(svg, &pts, q);
        }
    }
}

/// Generations named from the children the service works with.
fn generation_name(row: usize, children_row: usize) -> String {
    match children_row as i64 - row as i64 {
        0 => "Children's generation".into(),
        1 => "Parents' generation".into(),
        2 => "Grandparents' generation".into(),
        3 => "Great-grandparents' generation".into(),
        -1 => "Grandchildren's generation".into(),
        d if d > 3 => format!("{} generations above the children", d),
        d => format!("{} generations below the children", -d),
    }
}

/// The genogram in words: who is in each generation, every relationship,
/// and who lives where now.
pub fn text_alternative(net: &FamilyNetwork, lay: &Layout, today: Date) -> TextAlternative {
    let children_row = net
        .people
        .iter()
        .enumerate()
        .filter(|(_, p)| p.index)
        .map(|(i, _)| lay.row.get(i).copied().unwrap_or(0))
        .max()
        .or_else(|| {
            net.people
                .iter()
                .enumerate()
                .filter(|(_, p)| p.child)
                .map(|(i, _)| lay.row.get(i).copied().unwrap_or(0))
                .max()
        })
        .unwrap_or_else(|| lay.rows.len().saturating_sub(1));
    let mut sections = Vec::new();
    let mut generations = TextSection {
        heading: "Generations".into(),
        items: vec![],
    };
    let mut people = TextSection {
        heading: "People".into(),
        items: vec![],
    };
    for (r, blocks) in lay.rows.iter().enumerate() {
        let names: Vec<String> = blocks
            .iter()
            .flatten()
            .map(|&i| net.people[i].name())
            .collect();
        if names.is_empty() {
            continue;
        }
        generations.items.push(format!(
            "{}: {}",
            generation_name(r, children_row),
            and_list(&names)
        ));
        for &i in blocks.iter().flatten() {
            people
                .items
                .push(net.person_sentence(&net.people[i], today));
        }
    }
    if people.items.is_empty() {
        people
            .items
            .push("No one is recorded in the family network yet.".into());
    }
    sections.push(people);
    if !generations.items.is_empty() {
        sections.push(generations);
    }
    // Couples first, then parents and children, then the rest, in the
    // order the people are drawn.
    let order = |id| {
        net.people
            .iter()
            .position(|p| p.id == id)
            .map_or((usize::MAX, 0), |i| {
                let row = lay.row.get(i).copied().unwrap_or(0);
                (row, lay.x.get(i).copied().unwrap_or(0.0).round() as i64)
            })
    };
    let rank = |k: Kind| match k {
        Kind::Partner | Kind::ExPartner => 0,
        Kind::Parent | Kind::AdoptiveParent | Kind::StepParent | Kind::SpecialGuardian => 1,
        Kind::Grandparent => 2,
        Kind::Sibling | Kind::HalfSibling => 3,
        Kind::AuntOrUncle => 4,
        Kind::Carer | Kind::Friend | Kind::Other => 5,
    };
    let mut ties: Vec<&Tie> = net.drawable_ties().collect();
    ties.sort_by_key(|t| (rank(t.kind), order(t.from), order(t.to)));
    let rels: Vec<String> = ties.iter().map(|t| net.tie_sentence(t)).collect();
    sections.push(TextSection {
        heading: "Relationships".into(),
        items: if rels.is_empty() {
            vec!["No relationships are recorded yet.".into()]
        } else {
            rels
        },
    });
    let homes: Vec<String> = net.homes.iter().map(|h| net.home_sentence(h)).collect();
    sections.push(TextSection {
        heading: "Households now".into(),
        items: if homes.is_empty() {
            vec!["No current household is recorded.".into()]
        } else {
            homes
        },
    });
    TextAlternative { sections }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::super::inside;
    use super::super::network::{Home, Someone};
    use super::*;
    use hearth_core::ids::PersonId;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 03 - 31);

    fn person(given: &str, sex: Option<Sex>, born: i32, child: bool) -> Someone {
        Someone {
            id: PersonId::new(),
            given_names: given.into(),
            family_name: "Examplefamily".into(),
            sex,
            date_of_birth: Date::from_calendar_date(born, time::Month::June, 1).ok(),
            date_of_death: None,
            child,
            index: false,
        }
    }

    fn tie(from: &Someone, to: &Someone, kind: Kind) -> Tie {
        Tie {
            from: from.id,
            to: to.id,
            kind,
            quality: None,
            parental_responsibility: false,
            ended: None,
        }
    }

    /// Three generations: maternal and paternal grandparents, a deceased
    /// grandfather, mother and her ex-partner (the children's father) and
    /// her new partner, two full siblings and a half-sibling, an aunt, a
    /// friend, and a child with no parents recorded.
    struct Big {
        net: FamilyNetwork,
        gm: Someone,
        gf: Someone,
        pgm: Someone,
        mum: Someone,
        dad: Someone,
        partner: Someone,
        aunt: Someone,
        c1: Someone,
        c2: Someone,
        half: Someone,
        lone: Someone,
        friend: Someone,
    }

    fn big() -> Big {
        let gm = person("Grandma", Some(Sex::Female), 1955, false);
        let mut gf = person("Grandpa", Some(Sex::Male), 1950, false);
        gf.date_of_death = Some(date!(2020 - 01 - 01));
        let pgm = person("Nana", Some(Sex::Female), 1958, false);
        let mum = person("Mum", Some(Sex::Female), 1985, false);
        let dad = person("Dad", Some(Sex::Male), 1983, false);
        let partner = person("Partner", Some(Sex::Male), 1987, false);
        let aunt = person("Aunt", Some(Sex::Female), 1988, false);
        let mut c1 = person("Older", Some(Sex::Female), 2012, true);
        c1.index = true;
        let mut c2 = person("Younger", Some(Sex::Male), 2015, true);
        c2.index = true;
        let half = person("Baby", None, 2024, true);
        let lone = person("Cousin", Some(Sex::Unknown), 2014, true);
        let friend = person("Friend", Some(Sex::Female), 1986, false);
        let mut ties = vec![
            tie(&gm, &mum, Kind::Parent),
            tie(&gf, &mum, Kind::Parent),
            tie(&gm, &aunt, Kind::Parent),
            tie(&gf, &aunt, Kind::Parent),
            tie(&gm, &gf, Kind::Partner),
            tie(&pgm, &dad, Kind::Parent),
            tie(&mum, &dad, Kind::ExPartner),
            tie(&mum, &partner, Kind::Partner),
            tie(&mum, &c1, Kind::Parent),
            tie(&mum, &c2, Kind::Parent),
            tie(&dad, &c1, Kind::Parent),
            tie(&dad, &c2, Kind::Parent),
            tie(&mum, &half, Kind::Parent),
            tie(&partner, &half, Kind::Parent),
            tie(&c1, &c2, Kind::Sibling),
            tie(&friend, &mum, Kind::Friend),
        ];
        let mut conflicted = tie(&dad, &partner, Kind::Other);
        conflicted.quality = Some(Quality::Conflicted);
        ties.push(conflicted);
        ties[8].quality = Some(Quality::Close);
        ties[10].quality = Some(Quality::Harmful);
        ties[5].quality = Some(Quality::Estranged);
        let net = FamilyNetwork {
            family_name: "Examplefamily family".into(),
            people: vec![
                c1.clone(),
                c2.clone(),
                half.clone(),
                mum.clone(),
                dad.clone(),
                partner.clone(),
                gm.clone(),
                gf.clone(),
                pgm.clone(),
                aunt.clone(),
                lone.clone(),
                friend.clone(),
            ],
            ties,
            homes: vec![
                Home {
                    address: "1 Example Road, Exampleton".into(),
                    residents: vec![mum.id, partner.id, c1.id, c2.id, half.id],
                },
                Home {
                    address: "2 Other Street".into(),
                    residents: vec![dad.id],
                },
            ],
            team: vec![],
        };
        Big {
            net,
            gm,
            gf,
            pgm,
            mum,
            dad,
            partner,
            aunt,
            c1,
            c2,
            half,
            lone,
            friend,
        }
    }

    fn at(net: &FamilyNetwork, p: &Someone) -> usize {
        net.people.iter().position(|q| q.id == p.id).unwrap()
    }

    #[test]
    fn generations_go_in_rows_with_parents_above_children() {
        let b = big();
        let lay = layout(&b.net);
        let row = |p: &Someone| lay.row[at(&b.net, p)];
        let y = |p: &Someone| lay.y[at(&b.net, p)];
        assert_eq!(row(&b.gm), 0);
        assert_eq!(row(&b.gf), 0);
        assert_eq!(row(&b.pgm), 0);
        for p in [&b.mum, &b.dad, &b.partner, &b.aunt] {
            assert_eq!(row(p), 1, "{}", p.given_names);
        }
        for p in [&b.c1, &b.c2, &b.half, &b.lone] {
            assert_eq!(row(p), 2, "{}", p.given_names);
        }
        // The unconnected adult goes with the parents' generation.
        assert_eq!(row(&b.friend), 1);
        assert!(y(&b.gm) < y(&b.mum) && y(&b.mum) < y(&b.c1));
    }

    #[test]
    fn nobody_overlaps_and_couples_sit_together() {
        let b = big();
        let lay = layout(&b.net);
        for r in &lay.rows {
            let xs: Vec<f64> = r.iter().flatten().map(|&i| lay.x[i]).collect();
            for w in xs.windows(2) {
                assert!(w[1] - w[0] >= PARTNER_GAP - 0.01, "{xs:?}");
            }
        }
        let (m, d, p) = (
            at(&b.net, &b.mum),
            at(&b.net, &b.dad),
            at(&b.net, &b.partner),
        );
        // Mother between her ex-partner and her partner.
        assert!(lay.adjacent(m, d) && lay.adjacent(m, p));
        assert!((lay.x[d] < lay.x[m]) == (lay.x[m] < lay.x[p]));
    }

    #[test]
    fn children_sit_under_their_own_parents() {
        let b = big();
        let lay = layout(&b.net);
        let x = |p: &Someone| lay.x[at(&b.net, p)];
        // The full siblings are nearer their father's side, the half-sibling
        // nearer the mother's partner's side.
        let dad_side = x(&b.dad) < x(&b.mum);
        assert_eq!(x(&b.c1) < x(&b.half), dad_side);
        assert_eq!(x(&b.c2) < x(&b.half), dad_side);
        // Oldest first.
        assert!(x(&b.c1) < x(&b.c2));
        // The half-sibling hangs from the mother and her partner, not the father.
        let half = at(&b.net, &b.half);
        let s = lay
            .sibships
            .iter()
            .find(|s| s.children.contains(&half))
            .unwrap();
        let mut want = vec![at(&b.net, &b.mum), at(&b.net, &b.partner)];
        want.sort_unstable();
        assert_eq!(s.parents, want);
        // The mother's parents are above her side, not above the father.
        assert!((x(&b.gm) - x(&b.mum)).abs() < (x(&b.gm) - x(&b.dad)).abs());
    }

    #[test]
    fn household_boundary_holds_exactly_its_residents() {
        let b = big();
        let lay = layout(&b.net);
        for (h, pieces) in b.net.homes.iter().zip(&lay.homes) {
            assert!(!pieces.is_empty());
            for (i, p) in b.net.people.iter().enumerate() {
                let inside_any = pieces.iter().any(|poly| inside(poly, (lay.x[i], lay.y[i])));
                assert_eq!(
                    inside_any,
                    h.residents.contains(&p.id),
                    "{} and {}",
                    p.given_names,
                    h.address
                );
            }
        }
    }

    #[test]
    fn symbols_follow_the_conventions() {
        let b = big();
        let pic = draw(&b.net, TODAY, "genogram");
        let svg = &pic.svg;
        // Squares, circles, diamonds.
        assert!(svg.contains("<rect x="));
        assert!(svg.contains("<circle"));
        assert!(svg.contains("<polygon"));
        // The deceased grandfather is crossed out: two diagonal lines
        // through his symbol.
        let i = at(&b.net, &b.gf);
        let lay = layout(&b.net);
        let (x, y) = (lay.x[i], lay.y[i]);
        let d = HALF + 4.0;
        let cross = format!(
            "x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"",
            super::super::num(x - d),
            super::super::num(y - d),
            super::super::num(x + d),
            super::super::num(y + d)
        );
        assert!(svg.contains(&cross), "no cross at {x},{y}");
        // Ex-partners (double slash) and the key says so.
        for words in [
            "Ex-partners",
            "Partners",
            "Has died",
            "Child the service works with",
            "Close",
            "Harmful",
            "Estranged",
            "Conflicted",
            "Household now",
            "Key",
        ] {
            assert!(svg.contains(&format!(">{words}<")), "key lacks {words}");
        }
        assert!(!svg.contains("style"));
        // Names and ages under the symbols.
        assert!(svg.contains(">Grandpa<") && svg.contains(">Died aged 69 years<"));
        assert!(svg.contains(">Older<") && svg.contains(">13 years<"));
    }

    #[test]
    fn text_alternative_says_what_the_picture_shows() {
        let b = big();
        let pic = draw(&b.net, TODAY, "genogram");
        let text = pic.text.all_text();
        assert!(text.contains("Grandparents' generation: "));
        assert!(text.contains(
            "Mum Examplefamily is the parent of Older Examplefamily (close relationship)"
        ));
        assert!(text.contains("Mum Examplefamily and Dad Examplefamily are ex-partners"));
        assert!(text.contains("1 Example Road, Exampleton: Mum Examplefamily, Partner Examplefamily, Older Examplefamily, Younger Examplefamily and Baby Examplefamily"));
        assert!(text.contains(
            "Grandpa Examplefamily: adult, died aged 69 years, male, died 1 January 2020"
        ));
        assert!(text.contains(
            "Older Examplefamily: child, 13 years, female, a child the service is working with"
        ));
        assert!(text.contains("Baby Examplefamily: child, 21 months, sex not recorded"));
    }

    #[test]
    fn someone_left_out_leaves_no_trace() {
        let mut b = big();
        // The half-sibling is restricted: the page leaves them out of the
        // people, but their relationships and residence are still recorded.
        b.net.people.retain(|p| p.id != b.half.id);
        let pic = draw(&b.net, TODAY, "genogram");
        assert!(!pic.svg.contains("Baby"));
        assert!(!pic.text.all_text().contains("Baby"));
        let lay = layout(&b.net);
        assert!(lay.sibships.iter().all(|s| s.children.len() <= 2));
    }

    #[test]
    fn copes_with_little_or_nothing_recorded() {
        let empty = FamilyNetwork::default();
        let pic = draw(&empty, TODAY, "g");
        assert!(pic.svg.contains("No one is recorded"));
        assert!(pic
            .text
            .all_text()
            .contains("No relationships are recorded yet."));

        // A single parent and a child, nothing else.
        let mum = person("Solo", Some(Sex::Female), 1990, false);
        let kid = person("Kid", None, 2020, true);
        let net = FamilyNetwork {
            family_name: "Solo".into(),
            people: vec![kid.clone(), mum.clone()],
            ties: vec![tie(&mum, &kid, Kind::Parent)],
            ..Default::default()
        };
        let lay = layout(&net);
        assert!(lay.y[1] < lay.y[0]);
        let pic = draw(&net, TODAY, "g");
        assert!(pic.title.contains("Solo family"));
        assert!(pic.svg.contains(">Their children<"));
    }

    #[test]
    fn twenty_people_do_not_overlap() {
        let mut people = Vec::new();
        let mut ties = Vec::new();
        for g in 0..4 {
            let a = person(&format!("Parent{g}a"), Some(Sex::Male), 1960, false);
            let b = person(&format!("Parent{g}b"), Some(Sex::Female), 1962, false);
            ties.push(tie(&a, &b, Kind::Partner));
            for k in 0..3 {
                let c = person(&format!("Child{g}{k}"), None, 2010 + k, true);
                ties.push(tie(&a, &c, Kind::Parent));
                ties.push(tie(&b, &c, Kind::Parent));
                people.push(c);
            }
            people.push(a);
            people.push(b);
        }
        let net = FamilyNetwork {
            family_name: "Large".into(),
            people,
            ties,
            ..Default::default()
        };
        assert_eq!(net.people.len(), 20);
        let lay = layout(&net);
        for r in &lay.rows {
            let mut xs: Vec<f64> = r.iter().flatten().map(|&i| lay.x[i]).collect();
            xs.sort_by(f64::total_cmp);
            for w in xs.windows(2) {
                assert!(w[1] - w[0] >= PARTNER_GAP - 0.01);
            }
        }
        // Each couple is centred over its children.
        for s in &lay.sibships {
            let parents = mean(s.parents.iter().map(|&p| lay.x[p])).unwrap();
            let kids = mean(s.children.iter().map(|&c| lay.x[c])).unwrap();
            assert!((parents - kids).abs() < 1.0, "{parents} {kids}");
        }
    }

    #[test]
    fn fitting_keeps_order_and_gaps() {
        let x = fit(&[0.0, 0.0, 0.0], &[100.0, 100.0]);
        assert_eq!(x, vec![-100.0, 0.0, 100.0]);
        let x = fit(&[0.0, 500.0], &[100.0]);
        assert_eq!(x, vec![0.0, 500.0]);
    }
}
