//! Every rule of the 903 collection, one module per range of rule codes.
//! Each module exposes `RULES`; the list for a year is their union.

use super::engine::Rule;
use crate::CollectionYear;

mod common;
mod r101_199;
mod r202_372;
mod r373_516;
mod r517_630;
mod r631_sw;

/// The rules of the collection ending in `year`.
pub fn all(year: CollectionYear) -> Vec<Rule> {
    let _ = year;
    let groups: &[&[Rule]] = &[
        r101_199::RULES,
        r202_372::RULES,
        r373_516::RULES,
        r517_630::RULES,
        r631_sw::RULES,
    ];
    groups.iter().flat_map(|g| g.iter().copied()).collect()
}
