//! CIN census rules 100 to 8610.

use crate::cin::engine::{Check, Ctx, Out, Rule};
use crate::cin::{header, C};
use crate::RuleType;

pub const RULES: &[Rule] = &[Rule {
    code: "100",
    rule_type: RuleType::Error,
    check: Check::Return(r100),
}];

/// 100: the reference date must be the census day, 31 March of the
/// collection year.
fn r100(ctx: &Ctx, out: &mut Out) {
    let h = ctx.t(C::Header);
    let date = crate::cin::engine::d(h, 0, header::ReferenceDate);
    if date != Some(ctx.end) {
        out.flag_council();
    }
}
