//! CIN census rules 8614 to 8950.

use crate::cin::engine::Rule;

pub const RULES: &[Rule] = &[];
