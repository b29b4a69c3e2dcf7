//! Hearth's domain: the whole-family record as typed journal events, the
//! projections built from them, and the one access policy. Nothing here does IO,
//! so every rule can be tested without a database.

pub mod access;
pub mod audit;
pub mod calendar;
pub mod chronology;
pub mod codes;
pub mod council;
pub mod dfe_codes;
pub mod event;
pub mod identifiers;
pub mod ids;
pub mod journey;
pub mod model;
pub mod practice;
pub mod projection;
