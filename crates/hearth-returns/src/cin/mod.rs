//! The children in need census: its XML read into flat tables (one row per
//! element, in document order, linked to its child and CIN episode), written
//! back as XML, and the validator.

pub mod engine;
pub mod rules;
pub mod xml_io;

pub use engine::{validate, Child, Ctx, Out, Rule};

use crate::table::Table;

// Link columns: `LAchildID` is the child's id as written; `CINdetailsID`,
// `AssessmentID` and `CPPID` are the 0-based row of the parent element in its
// own table, so a rule can find an episode's assessments and a plan's reviews.
crate::table::tables! {
    /// The census's tables, as the validators flatten the XML.
    C;
    Header "Header" header [Collection, Year, ReferenceDate, SourceLevel, LEA, SoftwareCode, Release, SerialNo, DateTime],
    ChildIdentifiers "ChildIdentifiers" child_identifiers [LAchildID, UPN, FormerUPN, UPNunknown, PersonBirthDate, ExpectedPersonBirthDate, Sex, GenderCurrent, PersonDeathDate],
    ChildCharacteristics "ChildCharacteristics" child_characteristics [LAchildID, Ethnicity],
    Disabilities "Disabilities" disabilities [LAchildID, Disability],
    CinDetails "CINdetails" cin_details [LAchildID, CINdetailsID, CINreferralDate, ReferralSource, PrimaryNeedCode, CINclosureDate, ReasonForClosure, DateOfInitialCPC, ReferralNFA],
    Assessments "Assessments" assessments [LAchildID, CINdetailsID, AssessmentID, AssessmentActualStartDate, AssessmentInternalReviewDate, AssessmentAuthorisationDate, FactorsIdentifiedAtAssessment],
    AssessmentFactorsList "AssessmentFactorsList" assessment_factors [LAchildID, CINdetailsID, AssessmentID, AssessmentFactors],
    CinPlanDates "CINplanDates" cin_plan_dates [LAchildID, CINdetailsID, CINPlanStartDate, CINPlanEndDate],
    Section47 "Section47" section47 [LAchildID, CINdetailsID, S47ActualStartDate, InitialCPCtarget, DateOfInitialCPC, ICPCnotRequired],
    ChildProtectionPlans "ChildProtectionPlans" cp_plans [LAchildID, CINdetailsID, CPPID, CPPstartDate, CPPendDate, InitialCategoryOfAbuse, LatestCategoryOfAbuse, NumberOfPreviousCPP],
    Reviews "Reviews" reviews [LAchildID, CINdetailsID, CPPID, CPPreviewDate],
    PreProceedings "PreProceedingsandFGDM" pre_proceedings [LAchildID, CINdetailsID, PPStartDate, LBPSentDate, FGDMMeetingOffer, FGDMMeetingFac, InitialPPMeetingDate, ReviewMeetingsCount, StepDecisionDate, PPOutcome, CourtAppDate, LetterInitCPDate],
}

pub const N_TABLES: usize = 12;

/// A whole census return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CinReturn {
    pub tables: Vec<Table>,
    /// For each table, the ordinal of the `Child` element each row belongs to
    /// (so two children sharing an id by mistake stay apart).
    pub child_of: Vec<Vec<usize>>,
    /// Number of `Child` elements.
    pub children: usize,
}

impl Default for CinReturn {
    fn default() -> Self {
        CinReturn {
            tables: C::empty_tables(),
            child_of: vec![Vec::new(); N_TABLES],
            children: 0,
        }
    }
}

impl CinReturn {
    pub fn table(&self, t: C) -> &Table {
        &self.tables[t as usize]
    }

    pub fn table_mut(&mut self, t: C) -> &mut Table {
        &mut self.tables[t as usize]
    }

    /// Adds a row to `t` for child ordinal `child`, returning its index.
    pub fn push(&mut self, t: C, child: usize, row: Vec<String>, line: u64) -> usize {
        let table = &mut self.tables[t as usize];
        table.push(row, line);
        self.child_of[t as usize].push(child);
        table.len() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_columns_lead_each_child_table() {
        assert_eq!(cin_details::CINdetailsID, 1);
        assert_eq!(reviews::CPPID, 2);
        assert_eq!(C::CinDetails.name(), "CINdetails");
        assert_eq!(C::ALL.len(), N_TABLES);
    }
}
