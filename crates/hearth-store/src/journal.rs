//! Appending to the journal and keeping the projections in step, in one
//! transaction per change; reading events back; rebuilding projections.

use crate::timefmt::{date, parse_date, parse_ts, ts};
use crate::{get_i64, get_opt_str, get_str, Backend, Store, StoreError};
use hearth_core::event::{Event, EventBody};
use hearth_core::ids::{EventId, UserId};
use hearth_core::projection::{apply, touches, Doc, DocKey, Docs};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// Every projected document and its index entries, for comparing a store's
/// projections with a fresh replay of its journal.
pub type ProjectionSnapshot =
    BTreeMap<(String, String), (serde_json::Value, Vec<(String, String)>)>;

fn event_from_row(row: &AnyRow) -> Result<Event, StoreError> {
    let body: EventBody = serde_json::from_str(&get_str(row, "payload")?)?;
    let actor = match get_opt_str(row, "actor")? {
        Some(a) => Some(
            a.parse::<UserId>()
                .map_err(|e| StoreError::Corrupt(e.to_string()))?,
        ),
        None => None,
    };
    Ok(Event {
        id: get_str(row, "id")?
            .parse::<EventId>()
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
        seq: get_i64(row, "seq")?,
        recorded_at: parse_ts(&get_str(row, "recorded_at")?)?,
        valid_from: parse_date(&get_str(row, "valid_from")?)?,
        actor,
        body,
    })
}

async fn load_doc(conn: &mut AnyConnection, key: DocKey) -> Result<Option<Doc>, StoreError> {
    let row = sqlx::query("SELECT body FROM docs WHERE kind = $1 AND id = $2")
        .bind(key.kind.as_str())
        .bind(key.id.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(r) => Ok(Some(serde_json::from_str(&get_str(&r, "body")?)?)),
        None => Ok(None),
    }
}

async fn write_doc(conn: &mut AnyConnection, doc: &Doc, seq: i64) -> Result<(), StoreError> {
    let key = doc.key();
    let kind = key.kind.as_str();
    let id = key.id.to_string();
    sqlx::query(
        "INSERT INTO docs (kind, id, body, seq) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body, seq = excluded.seq",
    )
    .bind(kind)
    .bind(&id)
    .bind(serde_json::to_string(doc)?)
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM doc_index WHERE kind = $1 AND id = $2")
        .bind(kind)
        .bind(&id)
        .execute(&mut *conn)
        .await?;
    for (k, v) in doc.index() {
        sqlx::query("INSERT INTO doc_index (kind, id, key, value) VALUES ($1, $2, $3, $4)")
            .bind(kind)
            .bind(&id)
            .bind(k)
            .bind(v)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

async fn insert_event(conn: &mut AnyConnection, e: &Event) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "INSERT INTO events (id, recorded_at, valid_from, actor, kind, payload) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING seq",
    )
    .bind(e.id.to_string())
    .bind(ts(e.recorded_at))
    .bind(date(e.valid_from))
    .bind(e.actor.map(|a| a.to_string()))
    .bind(e.body.kind())
    .bind(serde_json::to_string(&e.body)?)
    .fetch_one(&mut *conn)
    .await?;
    let seq = get_i64(&row, "seq")?;
    let mut subjects = e.body.subjects();
    subjects.sort();
    subjects.dedup();
    for s in subjects {
        sqlx::query("INSERT INTO event_subjects (subject, seq) VALUES ($1, $2)")
            .bind(s.to_string())
            .bind(seq)
            .execute(&mut *conn)
            .await?;
    }
    Ok(seq)
}

/// The touched documents before an event is applied: an event only ever
/// changes the documents it touches, so only those need comparing.
fn snapshot_keys(docs: &Docs, keys: &[DocKey]) -> Vec<Option<Doc>> {
    keys.iter()
        .map(|k| docs.get(k).cloned().flatten())
        .collect()
}

fn mark_changed(
    docs: &Docs,
    keys: &[DocKey],
    before: Vec<Option<Doc>>,
    seq: i64,
    last_seq: &mut BTreeMap<DocKey, i64>,
) {
    for (key, old) in keys.iter().zip(before) {
        if docs.get(key).cloned().flatten() != old {
            last_seq.insert(*key, seq);
        }
    }
}

/// Appends events inside an open write transaction (see [`Store::append`]).
pub(crate) async fn append_in(
    tx: &mut AnyConnection,
    events: Vec<Event>,
) -> Result<Vec<Event>, StoreError> {
    let mut loaded: Docs = Docs::new();
    let mut original: BTreeMap<DocKey, Option<Doc>> = BTreeMap::new();
    let mut last_seq: BTreeMap<DocKey, i64> = BTreeMap::new();
    let mut out = Vec::with_capacity(events.len());
    for mut e in events {
        for key in touches(&e.body) {
            if let std::collections::btree_map::Entry::Vacant(v) = loaded.entry(key) {
                let doc = load_doc(tx, key).await?;
                original.insert(key, doc.clone());
                v.insert(doc);
            }
        }
        let keys = touches(&e.body);
        let before = snapshot_keys(&loaded, &keys);
        apply(&e, &mut loaded)?;
        e.seq = insert_event(tx, &e).await?;
        mark_changed(&loaded, &keys, before, e.seq, &mut last_seq);
        out.push(e);
    }
    for (key, doc) in &loaded {
        if original.get(key) != Some(doc) {
            if let Some(doc) = doc {
                write_doc(tx, doc, last_seq.get(key).copied().unwrap_or(0)).await?;
            }
        }
    }
    Ok(out)
}

impl Store {
    /// Appends a change (one or more events) in one transaction: each event is
    /// checked against the record, written to the journal, and folded into
    /// the projections. If any event is refused, nothing is written.
    pub async fn append(&self, events: Vec<Event>) -> Result<Vec<Event>, StoreError> {
        let (_guard, mut tx) = self.begin_write().await?;
        let out = append_in(&mut tx, events).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// The events about one person or family, in journal order.
    pub async fn events_about(&self, subject: Uuid) -> Result<Vec<Event>, StoreError> {
        let rows = sqlx::query(
            "SELECT e.seq, e.id, e.recorded_at, e.valid_from, e.actor, e.payload \
             FROM event_subjects s JOIN events e ON e.seq = s.seq \
             WHERE s.subject = $1 ORDER BY e.seq",
        )
        .bind(subject.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(event_from_row).collect()
    }

    /// A page of the journal after `after_seq`, in order.
    pub async fn events_after(&self, after_seq: i64, limit: i64) -> Result<Vec<Event>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, id, recorded_at, valid_from, actor, payload FROM events \
             WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(after_seq)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(event_from_row).collect()
    }

    /// How many events the journal holds.
    pub async fn event_count(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM events")
            .fetch_one(&self.pool)
            .await?;
        get_i64(&row, "n")
    }

    /// Throws the projections away and folds the whole journal again, in one
    /// transaction: readers see the old projections until it commits.
    pub async fn rebuild(&self) -> Result<usize, StoreError> {
        // Hold the write lock while reading the journal, so no append can
        // commit between the read and the rewrite (it would be lost).
        let (_guard, mut tx) = self.begin_write().await?;
        let mut events = Vec::new();
        let mut after = 0;
        loop {
            let page = self.events_after(after, 5000).await?;
            let Some(last) = page.last() else { break };
            after = last.seq;
            events.extend(page);
        }
        let mut docs = Docs::new();
        let mut last_seq: BTreeMap<DocKey, i64> = BTreeMap::new();
        for e in &events {
            let keys = touches(&e.body);
            for key in &keys {
                docs.entry(*key).or_insert(None);
            }
            let before = snapshot_keys(&docs, &keys);
            apply(e, &mut docs)?;
            mark_changed(&docs, &keys, before, e.seq, &mut last_seq);
        }
        for table in ["doc_index", "docs", "event_subjects"] {
            sqlx::query(&format!("DELETE FROM {table}"))
                .execute(&mut *tx)
                .await?;
        }
        for e in &events {
            let mut subjects = e.body.subjects();
            subjects.sort();
            subjects.dedup();
            for s in subjects {
                sqlx::query("INSERT INTO event_subjects (subject, seq) VALUES ($1, $2)")
                    .bind(s.to_string())
                    .bind(e.seq)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        let mut n = 0;
        for (key, doc) in &docs {
            if let Some(doc) = doc {
                write_doc(&mut tx, doc, last_seq.get(key).copied().unwrap_or(0)).await?;
                n += 1;
            }
        }
        tx.commit().await?;
        Ok(n)
    }

    /// Every stored document with its index entries.
    pub async fn projection_snapshot(&self) -> Result<ProjectionSnapshot, StoreError> {
        let mut out = ProjectionSnapshot::new();
        let rows = sqlx::query("SELECT kind, id, body FROM docs")
            .fetch_all(&self.pool)
            .await?;
        for r in &rows {
            let body: serde_json::Value = serde_json::from_str(&get_str(r, "body")?)?;
            out.insert((get_str(r, "kind")?, get_str(r, "id")?), (body, vec![]));
        }
        let rows =
            sqlx::query("SELECT kind, id, key, value FROM doc_index ORDER BY kind, id, key, value")
                .fetch_all(&self.pool)
                .await?;
        for r in &rows {
            let k = (get_str(r, "kind")?, get_str(r, "id")?);
            let entry = out
                .entry(k)
                .or_insert_with(|| (serde_json::Value::Null, vec![]));
            entry.1.push((get_str(r, "key")?, get_str(r, "value")?));
        }
        // Sort in Rust: the database's collation may differ from byte order.
        for (_, idx) in out.values_mut() {
            idx.sort();
        }
        Ok(out)
    }
}

/// The snapshot an in-memory replay of `events` would give: what the stored
/// projections must equal.
pub fn expected_snapshot(docs: &Docs) -> Result<ProjectionSnapshot, StoreError> {
    let mut out = ProjectionSnapshot::new();
    for (key, doc) in docs {
        if let Some(doc) = doc {
            let mut idx: Vec<(String, String)> = doc
                .index()
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect();
            idx.sort();
            out.insert(
                (key.kind.as_str().to_string(), key.id.to_string()),
                (serde_json::to_value(doc)?, idx),
            );
        }
    }
    Ok(out)
}

/// Bound parameters per multi-row statement: under SQLite's limit (32,766
/// since 3.32) and PostgreSQL's (65,535), with room to spare.
const MAX_PARAMS: usize = 30_000;
/// Rows per multi-row statement at most: beyond a few hundred rows a longer
/// statement saves little and costs memory to build.
const MAX_ROWS: usize = 1_000;

/// The placeholder of the `n`th bound parameter (from 1). SQLite gets
/// anonymous `?`s, bound in order: with numbered ones sqlx asks SQLite the
/// name of every parameter, a lookup that grows with the statement, which
/// made a thousand-row statement slower than a thousand one-row ones.
fn placeholder(sql: &mut String, backend: Backend, n: usize) {
    match backend {
        Backend::Sqlite => sql.push('?'),
        Backend::Postgres => {
            sql.push('$');
            sql.push_str(&n.to_string());
        }
    }
}

/// `INSERT INTO {head} VALUES ($1, .., $cols), ...` for `rows` rows.
fn multi_row_insert(backend: Backend, head: &str, cols: usize, rows: usize) -> String {
    let mut sql = String::with_capacity(head.len() + rows * cols * 7);
    sql.push_str("INSERT INTO ");
    sql.push_str(head);
    sql.push_str(" VALUES ");
    let mut n = 0;
    for r in 0..rows {
        if r > 0 {
            sql.push(',');
        }
        sql.push('(');
        for c in 0..cols {
            if c > 0 {
                sql.push(',');
            }
            n += 1;
            placeholder(&mut sql, backend, n);
        }
        sql.push(')');
    }
    sql
}

/// SQLite's page cache while bulk loading, in KiB given as a negative
/// number (SQLite's convention): 512 MiB.
const BULK_CACHE_KIB: i64 = -524_288;

/// How many rows of `cols` columns go in one statement.
fn rows_per_statement(cols: usize) -> usize {
    (MAX_PARAMS / cols).min(MAX_ROWS)
}

/// One journal row, serialised once before the inserts.
struct EventRow {
    seq: i64,
    id: String,
    recorded_at: String,
    valid_from: String,
    actor: Option<String>,
    kind: &'static str,
    payload: String,
}

/// Refuses the bulk load if any of `keys` is already a stored document: one
/// query per kind and chunk of ids, using the primary key.
async fn refuse_stored(
    conn: &mut AnyConnection,
    backend: Backend,
    keys: impl Iterator<Item = DocKey>,
) -> Result<(), StoreError> {
    let mut by_kind: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for k in keys {
        by_kind
            .entry(k.kind.as_str())
            .or_default()
            .push(k.id.to_string());
    }
    let per = rows_per_statement(1) - 1;
    for (kind, ids) in &by_kind {
        for chunk in ids.chunks(per) {
            let mut sql = String::from("SELECT id FROM docs WHERE kind = ");
            placeholder(&mut sql, backend, 1);
            sql.push_str(" AND id IN (");
            for i in 0..chunk.len() {
                if i > 0 {
                    sql.push(',');
                }
                placeholder(&mut sql, backend, i + 2);
            }
            sql.push_str(") LIMIT 1");
            let mut q = sqlx::query(&sql).bind(*kind);
            for id in chunk {
                q = q.bind(id);
            }
            if let Some(row) = q.fetch_optional(&mut *conn).await? {
                return Err(StoreError::NotFresh(format!(
                    "{kind} {}",
                    get_str(&row, "id")?
                )));
            }
        }
    }
    Ok(())
}

impl Store {
    /// Appends a batch of events whose documents are all new to the store -
    /// a synthetic council or district, whose ids are random - far faster
    /// than [`Store::append`]: the events are folded in memory, then the
    /// journal, its subjects, the documents and their index entries are
    /// written with multi-row INSERTs in one write transaction.
    ///
    /// The result is exactly what `append` of the same events would store:
    /// the same journal (seqs continue from the current last one), and each
    /// document's `seq` is that of the last event that changed it. If any
    /// document an event touches is already stored, the load is refused
    /// with [`StoreError::NotFresh`]; if any event is refused by the record
    /// (as `append` would refuse it), with [`StoreError::Rejected`]. Either
    /// way nothing is written. Changes to existing records go through
    /// `append`, which reads each touched document from the store.
    pub async fn append_fresh(&self, events: Vec<Event>) -> Result<Vec<Event>, StoreError> {
        let (_guard, mut tx) = self.begin_write().await?;

        // Every document the batch touches must be new to the store.
        let touched: Vec<Vec<DocKey>> = events.iter().map(|e| touches(&e.body)).collect();
        let keys: BTreeSet<DocKey> = touched.iter().flatten().copied().collect();
        refuse_stored(&mut tx, self.backend, keys.into_iter()).await?;

        let row = sqlx::query("SELECT COALESCE(MAX(seq), 0) AS n FROM events")
            .fetch_one(&mut *tx)
            .await?;
        let first = get_i64(&row, "n")? + 1;

        // SQLite's page cache is 2 MiB by default: a bulk load into a
        // database of gigabytes lands its random ids all over the indexes,
        // and with so small a cache nearly every row costs a page read. A
        // larger cache for this connection while it loads (put back after;
        // if the load fails the connection keeps it, which costs memory
        // only if used).
        let cache = if self.backend == Backend::Sqlite {
            let row = sqlx::query("PRAGMA cache_size").fetch_one(&mut *tx).await?;
            let was = get_i64(&row, "cache_size")?;
            sqlx::query(&format!("PRAGMA cache_size = {BULK_CACHE_KIB}"))
                .execute(&mut *tx)
                .await?;
            Some(was)
        } else {
            None
        };

        // Fold in memory, as `append` does (each event applied before its
        // seq is known, so the documents are the same), noting each
        // document's last changing event as `mark_changed` does.
        let mut docs = Docs::new();
        let mut last_seq: BTreeMap<DocKey, i64> = BTreeMap::new();
        let mut out = Vec::with_capacity(events.len());
        let mut rows = Vec::with_capacity(events.len());
        let mut subjects: Vec<(String, i64)> = Vec::new();
        for ((i, mut e), keys) in events.into_iter().enumerate().zip(touched) {
            for key in &keys {
                docs.entry(*key).or_insert(None);
            }
            let before = snapshot_keys(&docs, &keys);
            apply(&e, &mut docs)?;
            e.seq = first + i as i64;
            mark_changed(&docs, &keys, before, e.seq, &mut last_seq);
            let mut subs = e.body.subjects();
            subs.sort();
            subs.dedup();
            subjects.extend(subs.into_iter().map(|s| (s.to_string(), e.seq)));
            rows.push(EventRow {
                seq: e.seq,
                id: e.id.to_string(),
                recorded_at: ts(e.recorded_at),
                valid_from: date(e.valid_from),
                actor: e.actor.map(|a| a.to_string()),
                kind: e.body.kind(),
                payload: serde_json::to_string(&e.body)?,
            });
            out.push(e);
        }

        for chunk in rows.chunks(rows_per_statement(7)) {
            let sql = multi_row_insert(
                self.backend,
                "events (seq, id, recorded_at, valid_from, actor, kind, payload)",
                7,
                chunk.len(),
            );
            let mut q = sqlx::query(&sql);
            for r in chunk {
                q = q
                    .bind(r.seq)
                    .bind(&r.id)
                    .bind(&r.recorded_at)
                    .bind(&r.valid_from)
                    .bind(r.actor.as_deref())
                    .bind(r.kind)
                    .bind(&r.payload);
            }
            q.execute(&mut *tx).await?;
        }
        drop(rows);

        // In key order, so each statement's rows land close together in
        // the primary-key B-tree.
        subjects.sort();
        for chunk in subjects.chunks(rows_per_statement(2)) {
            let sql = multi_row_insert(
                self.backend,
                "event_subjects (subject, seq)",
                2,
                chunk.len(),
            );
            let mut q = sqlx::query(&sql);
            for (s, seq) in chunk {
                q = q.bind(s).bind(*seq);
            }
            q.execute(&mut *tx).await?;
        }
        drop(subjects);

        let mut doc_rows: Vec<(&'static str, String, String, i64)> = Vec::new();
        let mut index_rows: Vec<(&'static str, String, &'static str, String)> = Vec::new();
        for (key, doc) in &docs {
            let Some(doc) = doc else { continue };
            let kind = key.kind.as_str();
            let id = key.id.to_string();
            for (k, v) in doc.index() {
                index_rows.push((kind, id.clone(), k, v));
            }
            doc_rows.push((
                kind,
                id,
                serde_json::to_string(doc)?,
                last_seq.get(key).copied().unwrap_or(0),
            ));
        }
        drop(docs);
        for chunk in doc_rows.chunks(rows_per_statement(4)) {
            let sql = multi_row_insert(self.backend, "docs (kind, id, body, seq)", 4, chunk.len());
            let mut q = sqlx::query(&sql);
            for (kind, id, body, seq) in chunk {
                q = q.bind(*kind).bind(id).bind(body).bind(*seq);
            }
            q.execute(&mut *tx).await?;
        }
        drop(doc_rows);
        for chunk in index_rows.chunks(rows_per_statement(4)) {
            let sql = multi_row_insert(
                self.backend,
                "doc_index (kind, id, key, value)",
                4,
                chunk.len(),
            );
            let mut q = sqlx::query(&sql);
            for (kind, id, k, v) in chunk {
                q = q.bind(*kind).bind(id).bind(*k).bind(v);
            }
            q.execute(&mut *tx).await?;
        }

        if self.backend == Backend::Postgres {
            if let Some(last) = out.last() {
                // The seqs were given explicitly, so the BIGSERIAL's sequence
                // did not move: advance it, or the next `append` would reuse
                // a seq. (SQLite's AUTOINCREMENT follows explicit rowids.)
                sqlx::query("SELECT setval(pg_get_serial_sequence('events', 'seq'), $1)")
                    .bind(last.seq)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        if let Some(was) = cache {
            sqlx::query(&format!("PRAGMA cache_size = {was}"))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(out)
    }
}
