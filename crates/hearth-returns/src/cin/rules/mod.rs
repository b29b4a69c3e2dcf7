//! Every rule of the CIN census, one module per range of rule codes. Each
//! module exposes `RULES`; the list is their union.

use super::engine::Rule;

mod common;
mod r100_8610;
mod r8614_8950;

/// The census rules of 2025/26.
pub fn all() -> Vec<Rule> {
    let groups: &[&[Rule]] = &[r100_8610::RULES, r8614_8950::RULES];
    groups.iter().flat_map(|g| g.iter().copied()).collect()
}
