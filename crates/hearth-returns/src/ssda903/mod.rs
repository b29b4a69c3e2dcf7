//! The SSDA903 return of children looked after: its tables, reading and
//! writing them (CSV and XML), and the validator.

pub mod csv_io;
pub mod engine;
pub mod rules;
pub mod xml_io;

pub use engine::{validate, Child, Ctx, Out, Rule};

use crate::table::Table;

crate::table::tables! {
    /// The tables of a 903 return, in the order the DfE lists them.
    T;
    Header "Header" "header.csv" header [CHILD, SEX, DOB, ETHNIC, UPN, MOTHER, MC_DOB],
    Episodes "Episodes" "episodes.csv" episodes [CHILD, DECOM, RNE, LS, CIN, PLACE, PLACE_PROVIDER, DEC, REC, REASON_PLACE_CHANGE, HOME_POST, PL_POST, URN],
    Reviews "Reviews" "reviews.csv" reviews [CHILD, DOB, REVIEW, REVIEW_CODE],
    Uasc "UASC" "uasc.csv" uasc [CHILD, SEX, DOB, DUC],
    Oc2 "OC2" "oc2.csv" oc2 [CHILD, DOB, SDQ_SCORE, SDQ_REASON, CONVICTED, HEALTH_CHECK, IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE, INTERVENTION_RECEIVED, INTERVENTION_OFFERED],
    Oc3 "OC3" "oc3.csv" oc3 [CHILD, DOB, IN_TOUCH, ACTIV, ACCOM],
    Ad1 "AD1" "ad1.csv" ad1 [CHILD, DOB, DATE_INT, DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR],
    PlacedAdoption "PlacedAdoption" "placed_for_adoption.csv" placed_adoption [CHILD, DOB, DATE_PLACED, DATE_PLACED_CEASED, REASON_PLACED_CEASED],
    PrevPerm "PrevPerm" "previous_permanence.csv" prev_perm [CHILD, DOB, PREV_PERM, LA_PERM, DATE_PERM],
    Missing "Missing" "missing.csv" missing [CHILD, DOB, MISSING, MIS_START, MIS_END],
    SwEpisodes "SWEpisodes" "sw_episodes.csv" sw_episodes [CHILD, DOB, SW_ID, SW_DECOM, SW_DEC, SW_REASON],
    DoLo "DoLo" "DoLo.csv" dolo [CHILD, DOB, DOLO_START, DOLO_END],
}

/// Reads a 903 return from a folder of its CSV tables (or its XML file), or
/// from one XML file.
pub fn read_path(path: &std::path::Path) -> Result<Return903, crate::ReadError> {
    if path.is_dir() {
        return csv_io::read_dir_any(path);
    }
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().to_string(),
    );
    let bytes = std::fs::read(path).map_err(|e| crate::ReadError::File {
        file: name.clone(),
        message: e.to_string(),
    })?;
    if name.to_ascii_lowercase().ends_with(".xml") {
        xml_io::read(&name, &bytes)
    } else {
        let mut ret = Return903::default();
        csv_io::read_table(&mut ret, &name, &bytes)?;
        Ok(ret)
    }
}

/// Number of tables, for per-table arrays.
pub const N_TABLES: usize = 12;

/// A whole 903 return: one table of each kind (absent tables are empty and
/// not `present`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Return903 {
    pub tables: Vec<Table>,
}

impl Default for Return903 {
    fn default() -> Self {
        Return903 {
            tables: T::empty_tables(),
        }
    }
}

impl Return903 {
    pub fn table(&self, t: T) -> &Table {
        &self.tables[t as usize]
    }

    pub fn table_mut(&mut self, t: T) -> &mut Table {
        &mut self.tables[t as usize]
    }

    /// Number of distinct children across all tables.
    pub fn children(&self) -> usize {
        let mut ids: Vec<&str> = self
            .tables
            .iter()
            .flat_map(|t| (0..t.len()).map(|r| t.get(r, 0)))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_constants_follow_the_column_lists() {
        assert_eq!(episodes::COLUMNS[episodes::DECOM], "DECOM");
        assert_eq!(episodes::COLUMNS[episodes::URN], "URN");
        assert_eq!(
            oc2::COLUMNS[oc2::INTERVENTION_OFFERED],
            "INTERVENTION_OFFERED"
        );
        assert_eq!(T::ALL.len(), N_TABLES);
        assert_eq!(T::SwEpisodes.name(), "SWEpisodes");
    }
}
