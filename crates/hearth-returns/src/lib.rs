//! Statutory returns for children's social care in England.
//!
//! Two collections are covered: the SSDA903 return of children looked after
//! ([`ssda903`]) and the children in need census ([`cin`]). Each has a table
//! model that reads and writes the DfE file formats without loss, and a
//! validator that runs every rule of the collection year over the whole return
//! in one pass, grouping rows by child so that each child's rows are looked at
//! together. The same validator checks one child's derived return when a
//! practitioner saves a step of the journey, so what the return would reject is
//! said at the point of entry.
//!
//! [`derive`] turns children's journeys (from the record) into both returns as
//! at a collection year, and [`import`] turns a return back into journey steps,
//! so a council's existing returns can seed the record. The crate does no IO
//! beyond reading and writing the files it is handed.

pub mod cin;
pub mod date;
pub mod derive;
pub mod finding;
pub mod import;
pub mod rule_info;
pub mod ssda903;
pub mod table;
pub mod upload;
mod upn;
mod xml;

pub use finding::{Finding, RuleType};
pub use table::Table;

/// Why a return could not be read. Each names the file, and where it can the
/// line and field, so a data team can find the fault in the file they sent.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{file}: {message}")]
    File { file: String, message: String },
    #[error("{file}, line {line}: {message}")]
    Line {
        file: String,
        line: u64,
        message: String,
    },
    #[error("{file}, line {line}, field {field}: {message}")]
    Field {
        file: String,
        line: u64,
        field: String,
        message: String,
    },
}

/// The collection a return belongs to, named by the year it ends: 2026 is the
/// 2025/26 collection, covering 1 April 2025 to 31 March 2026.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CollectionYear(pub i32);

impl CollectionYear {
    /// 1 April of the year before.
    pub fn start(self) -> time::Date {
        date::ymd(self.0 - 1, 4, 1)
    }
    /// 31 March of the year itself.
    pub fn end(self) -> time::Date {
        date::ymd(self.0, 3, 31)
    }
}
