//! Reading the record for the outcome measures: one pass over the
//! projections the measures need, shared by the outcomes pages and the
//! command line.

use hearth_core::projection::DocKind;
use hearth_insight::Snapshot;
use hearth_store::{Store, StoreError};
use time::Date;

/// The kinds of document the measures read.
const KINDS: [DocKind; 8] = [
    DocKind::Team,
    DocKind::Unit,
    DocKind::Practitioner,
    DocKind::Family,
    DocKind::Person,
    DocKind::Journey,
    DocKind::Practice,
    DocKind::Council,
];

/// The record as it stands, for measuring, seen from `today`.
pub async fn snapshot(store: &Store, today: Date) -> Result<Snapshot, StoreError> {
    let mut docs = Vec::new();
    for kind in KINDS {
        docs.extend(store.all(kind).await?);
    }
    Ok(Snapshot::from_docs(docs, today))
}
