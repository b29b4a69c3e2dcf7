//! 903 rules 101 to 199.

use crate::ssda903::engine::{Check, Child, Ctx, Out, Rule};
use crate::ssda903::{header, T};

pub const RULES: &[Rule] = &[Rule {
    code: "101",
    tables: &[T::Header],
    prev: &[],
    check: Check::Child(r101),
}];

/// 101: the child's sex must be M, F or U (since 2024/25).
fn r101(ctx: &Ctx, child: &Child, out: &mut Out) {
    let h = ctx.t(T::Header);
    for &r in child.rows(T::Header) {
        if !matches!(h.get(r, header::SEX), "M" | "F" | "U") {
            out.flag(T::Header, r);
        }
    }
}
