//! Reading projections: one document, or the documents an index entry points to.

use crate::{get_str, Store, StoreError};
use hearth_core::council::CouncilRecord;
use hearth_core::ids::*;
use hearth_core::model::*;
use hearth_core::practice::PracticeRecord;
use hearth_core::projection::{Doc, DocKind};
use uuid::Uuid;

macro_rules! typed_get {
    ($fn:ident, $ty:ty, $idty:ty, $kind:ident) => {
        pub async fn $fn(&self, id: $idty) -> Result<Option<$ty>, StoreError> {
            match self.doc(DocKind::$kind, id.0).await? {
                Some(Doc::$kind(d)) => Ok(Some(d)),
                Some(_) => Err(StoreError::Corrupt("document of the wrong kind".into())),
                None => Ok(None),
            }
        }
    };
}

macro_rules! typed_list {
    ($fn:ident, $ty:ty, $kind:ident) => {
        /// Documents of this kind with the index entry `key = value`.
        pub async fn $fn(&self, key: &str, value: &str) -> Result<Vec<$ty>, StoreError> {
            Ok(self
                .find(DocKind::$kind, key, value)
                .await?
                .into_iter()
                .filter_map(|d| match d {
                    Doc::$kind(x) => Some(x),
                    _ => None,
                })
                .collect())
        }
    };
}

impl Store {
    pub async fn doc(&self, kind: DocKind, id: Uuid) -> Result<Option<Doc>, StoreError> {
        let row = sqlx::query("SELECT body FROM docs WHERE kind = $1 AND id = $2")
            .bind(kind.as_str())
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(r) => Ok(Some(serde_json::from_str(&get_str(&r, "body")?)?)),
            None => Ok(None),
        }
    }

    /// Documents of `kind` indexed by `key = value`.
    pub async fn find(
        &self,
        kind: DocKind,
        key: &str,
        value: &str,
    ) -> Result<Vec<Doc>, StoreError> {
        let rows = sqlx::query(
            "SELECT d.body FROM docs d WHERE d.kind = $1 AND d.id IN \
             (SELECT i.id FROM doc_index i WHERE i.kind = $1 AND i.key = $2 AND i.value = $3) \
             ORDER BY d.id",
        )
        .bind(kind.as_str())
        .bind(key)
        .bind(value)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok(serde_json::from_str(&get_str(r, "body")?)?))
            .collect()
    }

    /// The date of the latest current visit to a person, from the index.
    pub async fn last_visit(&self, person: PersonId) -> Result<Option<time::Date>, StoreError> {
        let row = sqlx::query(
            "SELECT MAX(value) AS v FROM doc_index WHERE kind = 'record' AND key = 'visit' AND value LIKE $1",
        )
        .bind(format!("{person}:%"))
        .fetch_one(&self.pool)
        .await?;
        Ok(crate::get_opt_str(&row, "v")?
            .and_then(|v| v.rsplit(':').next().map(str::to_string))
            .and_then(|d| crate::timefmt::parse_date(&d).ok()))
    }

    /// How many documents of `kind` are indexed by `key = value`.
    pub async fn count_where(
        &self,
        kind: DocKind,
        key: &str,
        value: &str,
    ) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "SELECT COUNT(DISTINCT id) AS n FROM doc_index WHERE kind = $1 AND key = $2 AND value = $3",
        )
        .bind(kind.as_str())
        .bind(key)
        .bind(value)
        .fetch_one(&self.pool)
        .await?;
        crate::get_i64(&row, "n")
    }

    /// Ids of documents of `kind` whose index entry `key` starts with `prefix`.
    pub async fn find_ids_by_prefix(
        &self,
        kind: DocKind,
        key: &str,
        prefix: &str,
        limit: i64,
    ) -> Result<Vec<Uuid>, StoreError> {
        let escaped: String = prefix
            .chars()
            .filter(|c| !matches!(c, '%' | '_' | '\\'))
            .collect();
        let rows = sqlx::query(
            "SELECT DISTINCT id FROM doc_index WHERE kind = $1 AND key = $2 AND value LIKE $3 \
             ORDER BY id LIMIT $4",
        )
        .bind(kind.as_str())
        .bind(key)
        .bind(format!("{escaped}%"))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                get_str(r, "id")?
                    .parse::<Uuid>()
                    .map_err(|e| StoreError::Corrupt(e.to_string()))
            })
            .collect()
    }

    /// Every document of a kind (teams, units, practitioners: small lists).
    pub async fn all(&self, kind: DocKind) -> Result<Vec<Doc>, StoreError> {
        let rows = sqlx::query("SELECT body FROM docs WHERE kind = $1 ORDER BY id")
            .bind(kind.as_str())
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok(serde_json::from_str(&get_str(r, "body")?)?))
            .collect()
    }

    /// The stored JSON of every document of a kind, unparsed: for a reader
    /// of a whole large kind (the outcome measures) that parses the bodies
    /// on several threads itself.
    pub async fn all_json(&self, kind: DocKind) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query("SELECT body FROM docs WHERE kind = $1")
            .bind(kind.as_str())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| get_str(r, "body")).collect()
    }

    /// The stored JSON of every child, and of every adult with a statutory
    /// journey (a care leaver recorded as an adult): the people the outcome
    /// measures count, without reading and parsing the other adults.
    pub async fn children_json(&self) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query(
            "SELECT d.body FROM docs d WHERE d.kind = 'person' AND (\
             d.id IN (SELECT i.id FROM doc_index i \
                      WHERE i.kind = 'person' AND i.key = 'kind' AND i.value = 'child') \
             OR d.id IN (SELECT j.id FROM docs j WHERE j.kind = 'journey'))",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| get_str(r, "body")).collect()
    }

    pub async fn count(&self, kind: DocKind) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM docs WHERE kind = $1")
            .bind(kind.as_str())
            .fetch_one(&self.pool)
            .await?;
        crate::get_i64(&row, "n")
    }

    typed_get!(person, Person, PersonId, Person);
    typed_get!(family, Family, FamilyId, Family);
    typed_get!(relationship, Relationship, RelationshipId, Relationship);
    typed_get!(household, Household, HouseholdId, Household);
    typed_get!(practitioner, Practitioner, UserId, Practitioner);
    typed_get!(team, Team, TeamId, Team);
    typed_get!(unit, Unit, UnitId, Unit);
    typed_get!(record, CaseRecord, RecordId, Record);
    typed_get!(warning, WarningNote, WarningId, Warning);
    typed_get!(practice, PracticeRecord, PracticeId, Practice);
    typed_get!(council_record, CouncilRecord, CouncilRecordId, Council);

    typed_list!(people_where, Person, Person);
    typed_list!(families_where, Family, Family);
    typed_list!(relationships_where, Relationship, Relationship);
    typed_list!(households_where, Household, Household);
    typed_list!(practitioners_where, Practitioner, Practitioner);
    typed_list!(units_where, Unit, Unit);
    typed_list!(records_where, CaseRecord, Record);
    typed_list!(warnings_where, WarningNote, Warning);
    typed_list!(chronology_entries_where, ChronologyEntry, ChronologyEntry);
    typed_list!(practice_where, PracticeRecord, Practice);
    typed_list!(council_where, CouncilRecord, Council);

    pub async fn practitioner_by_username(
        &self,
        username: &str,
    ) -> Result<Option<Practitioner>, StoreError> {
        Ok(self
            .practitioners_where("username", &username.trim().to_lowercase())
            .await?
            .into_iter()
            .next())
    }

    pub async fn teams(&self) -> Result<Vec<Team>, StoreError> {
        Ok(self
            .all(DocKind::Team)
            .await?
            .into_iter()
            .filter_map(|d| match d {
                Doc::Team(t) => Some(t),
                _ => None,
            })
            .collect())
    }

    pub async fn units(&self) -> Result<Vec<Unit>, StoreError> {
        Ok(self
            .all(DocKind::Unit)
            .await?
            .into_iter()
            .filter_map(|d| match d {
                Doc::Unit(t) => Some(t),
                _ => None,
            })
            .collect())
    }

    pub async fn practitioners(&self) -> Result<Vec<Practitioner>, StoreError> {
        Ok(self
            .all(DocKind::Practitioner)
            .await?
            .into_iter()
            .filter_map(|d| match d {
                Doc::Practitioner(t) => Some(t),
                _ => None,
            })
            .collect())
    }
}
