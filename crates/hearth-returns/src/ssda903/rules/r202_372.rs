//! 903 rules 202_372.

use crate::ssda903::engine::Rule;

pub const RULES: &[Rule] = &[];
