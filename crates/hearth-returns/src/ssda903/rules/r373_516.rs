//! 903 rules 373_516.

use crate::ssda903::engine::Rule;

pub const RULES: &[Rule] = &[];
