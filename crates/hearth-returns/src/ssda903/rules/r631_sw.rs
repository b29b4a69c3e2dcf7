//! 903 rules 631_sw.

use crate::ssda903::engine::Rule;

pub const RULES: &[Rule] = &[];
