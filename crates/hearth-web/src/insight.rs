//! Reading the record for the outcome measures: one pass over the
//! projections the measures need, shared by the outcomes pages and the
//! command line.
//!
//! A national-size council holds millions of documents, so the kinds are
//! read concurrently (each query on its own pooled connection) and their
//! JSON parsed on blocking threads as each arrives; of the people, only
//! children and adults with a journey are read at all.

use hearth_core::projection::{Doc, DocKind};
use hearth_insight::Snapshot;
use hearth_store::{Store, StoreError};
use time::Date;

/// The kinds of document the measures read, besides people (read through
/// [`Store::children_json`]), in the order the snapshot is given them.
const KINDS: [DocKind; 7] = [
    DocKind::Team,
    DocKind::Unit,
    DocKind::Practitioner,
    DocKind::Family,
    DocKind::Journey,
    DocKind::Practice,
    DocKind::Council,
];

/// Parses stored bodies on a blocking thread, split in pieces so a large
/// kind uses every core.
async fn parse(bodies: Vec<String>) -> Result<Vec<Doc>, StoreError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per = bodies.len().div_ceil(threads).max(1);
    let mut pieces = Vec::new();
    let mut rest = bodies;
    while rest.len() > per {
        let tail = rest.split_off(per);
        pieces.push(rest);
        rest = tail;
    }
    pieces.push(rest);
    let handles: Vec<_> = pieces
        .into_iter()
        .map(|piece| {
            tokio::task::spawn_blocking(move || {
                piece
                    .iter()
                    .map(|b| serde_json::from_str::<Doc>(b))
                    .collect::<Result<Vec<Doc>, _>>()
            })
        })
        .collect();
    let mut out = Vec::new();
    for h in handles {
        let docs = h
            .await
            .map_err(|e| StoreError::Corrupt(format!("parsing stopped: {e}")))??;
        out.extend(docs);
    }
    Ok(out)
}

/// The record as it stands, for measuring, seen from `today`.
pub async fn snapshot(store: &Store, today: Date) -> Result<Snapshot, StoreError> {
    let read = |kind: DocKind| async move { parse(store.all_json(kind).await?).await };
    let people = async { parse(store.children_json().await?).await };
    let (team, unit, practitioner, family, journey, practice, council, people) = tokio::try_join!(
        read(KINDS[0]),
        read(KINDS[1]),
        read(KINDS[2]),
        read(KINDS[3]),
        read(KINDS[4]),
        read(KINDS[5]),
        read(KINDS[6]),
        people,
    )?;
    let docs = [
        team,
        unit,
        practitioner,
        family,
        people,
        journey,
        practice,
        council,
    ];
    Ok(Snapshot::from_docs(docs.into_iter().flatten(), today))
}
