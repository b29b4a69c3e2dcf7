//! 903 rules 517_630.

use crate::ssda903::engine::Rule;

pub const RULES: &[Rule] = &[];
