//! hearth-insight: the seven outcomes measured continuously from the record.
//!
//! The [`catalogue`] names every measure (a stable id, its outcome, a plain
//! definition, England's latest figure with its source); [`snapshot`] takes
//! the record once from the projections; [`report`] computes every measure
//! for the council, a team, a unit or a practitioner over a collection year
//! or the rolling 12 months, each number keeping the children or staff
//! behind it. Where a measure is a DfE statistic it is computed as the DfE
//! does (the same population and period, working days without weekends and
//! England's bank holidays), so the council's figure here is the one the DfE
//! will publish. No IO: the CLI and the web read the store and pass the
//! documents in.

#![forbid(unsafe_code)]

pub mod catalogue;
pub mod csv_file;
pub mod enablers;
pub mod measures;
pub mod period;
pub mod report;
pub mod scope;
pub mod snapshot;
#[cfg(test)]
mod testkit;

pub use catalogue::{Measure, Outcome, MEASURES};
pub use period::Period;
pub use report::{compute, compute_all, Behind, Figure, Report, Value};
pub use scope::Scope;
pub use snapshot::{Child, Snapshot};
