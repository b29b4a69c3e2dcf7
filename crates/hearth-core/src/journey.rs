//! A child's statutory journey: the steps the law and the DfE returns count,
//! from the first contact to leaving care.
//!
//! Each step is recorded on its own, in any order and at any time, with its own
//! id, and may be amended (recorded again under the same id) or removed with a
//! reason. The children in need census and the SSDA903 return are derived from
//! these steps as at any date, so the fields follow the returns' items: codes
//! are kept as the DfE code (the pages show each code's meaning), and a step
//! that belongs to a CIN episode names it, so episodes with overlapping dates
//! stay apart.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::ids::{PersonId, StepId};

/// One step of the journey.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JourneyStep {
    pub id: StepId,
    pub detail: StepDetail,
}

/// What the step is, with the fields the returns and the timescales need.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum StepDetail {
    /// A contact with the front door that may or may not become a referral.
    Contact {
        date: Date,
        source: String,
        outcome: String,
        no_further_action: Option<bool>,
    },
    /// A period of early help, below the threshold for statutory services.
    EarlyHelp {
        start: Date,
        end: Option<Date>,
        reason: String,
    },
    /// A children in need episode: from the referral to its closure.
    CinEpisode {
        referral_date: Date,
        /// Referral source code (1A...10).
        referral_source: String,
        /// Primary need code N1-N9, NO.
        primary_need: String,
        closure_date: Option<Date>,
        /// Reason for closure code RC1-RC9.
        closure_reason: String,
        /// `true`, `false`, `1` or `0` as the census writes it; blank if not said.
        referral_nfa: String,
        /// The census's episode-level date of the initial conference.
        initial_cpc: Option<Date>,
    },
    /// A child and family assessment.
    Assessment {
        episode: Option<StepId>,
        start: Date,
        internal_review: Option<Date>,
        authorised: Option<Date>,
        /// Factors identified at assessment (codes such as 1C, 4A, 21).
        factors: Vec<String>,
    },
    /// A children in need plan.
    CinPlan {
        episode: Option<StepId>,
        start: Date,
        end: Option<Date>,
    },
    /// A section 47 enquiry and, where one follows, its initial conference.
    Section47 {
        episode: Option<StepId>,
        start: Date,
        icpc_target: Option<Date>,
        icpc_date: Option<Date>,
        /// `true`/`false`/`1`/`0` as written; blank if not said.
        icpc_not_required: String,
    },
    /// A child protection plan, its categories of abuse and review conferences.
    CpPlan {
        episode: Option<StepId>,
        start: Date,
        end: Option<Date>,
        initial_category: String,
        latest_category: String,
        /// Number of previous plans as the census counts them.
        previous_plans: String,
        reviews: Vec<Date>,
    },
    /// Pre-proceedings under the Public Law Outline and family group decision
    /// making (the census block new in 2025/26). Values kept as written.
    PreProceedings {
        episode: Option<StepId>,
        start: Option<Date>,
        letter_before_proceedings: Option<Date>,
        fgdm_offered: String,
        fgdm_facilitated: String,
        initial_meeting: Option<Date>,
        review_meetings: String,
        step_decision: Option<Date>,
        outcome: String,
        court_application: Option<Date>,
        letter_initial_cp: Option<Date>,
    },
    /// A disability as the census codes it.
    Disability { code: String },
    /// One episode of care in the 903's sense: a change of legal status,
    /// placement or carer starts a new one.
    CareEpisode {
        start: Date,
        /// Reason for new episode (RNE): L, P, T, B, U, S.
        reason_new: String,
        legal_status: String,
        category_of_need: String,
        placement: String,
        provider: String,
        end: Option<Date>,
        /// Reason episode ceased (REC), X1 when care continues.
        reason_end: String,
        reason_place_change: String,
        home_postcode: String,
        placement_postcode: String,
        urn: String,
    },
    /// A looked-after review and how the child took part (PN0-PN7).
    CareReview { date: Date, participation: String },
    /// A missing or away-from-placement episode, with its return interview.
    Missing {
        /// M (missing) or A (away from placement without authorisation).
        kind: String,
        start: Date,
        end: Option<Date>,
        return_interview_offered: Option<bool>,
        return_interview_accepted: Option<bool>,
    },
    /// The child is an unaccompanied asylum-seeking child; `ceased` is when
    /// that stopped.
    Uasc { ceased: Option<Date> },
    /// Outcomes for a child looked after (OC2) for the year: health checks, the
    /// strengths and difficulties score and why it is missing, convictions,
    /// substance misuse. Values as the return codes them.
    CareOutcomes {
        /// The collection year the answers are for (named by its end: 2026
        /// is 2025/26). Absent, they count in every year.
        #[serde(default)]
        year: Option<i32>,
        sdq_score: String,
        sdq_reason: String,
        convicted: String,
        health_check: String,
        immunisations: String,
        teeth_check: String,
        health_assessment: String,
        substance_misuse: String,
        intervention_received: String,
        intervention_offered: String,
    },
    /// A care leaver's circumstances around their birthday (OC3).
    CareLeaver {
        /// The collection year the answers are for, as for outcomes.
        #[serde(default)]
        year: Option<i32>,
        in_touch: String,
        activity: String,
        accommodation: String,
    },
    /// The child became a mother while looked after (MOTHER, MC_DOB).
    Motherhood {
        is_mother: String,
        child_born: Option<Date>,
    },
    /// Adoption (AD1): the decision, the match, and the adopters.
    Adoption {
        should_be_placed: Option<Date>,
        matched: Option<Date>,
        foster_care: String,
        number_of_adopters: String,
        sex_of_adopters: String,
        legal_status_of_adopters: String,
    },
    /// The decision that the child should be placed for adoption, and if it
    /// ceased, when and why.
    PlacedForAdoption {
        decision: Date,
        ceased: Option<Date>,
        reason_ceased: String,
    },
    /// Permanence before this care (PREV_PERM, LA_PERM, DATE_PERM: the date
    /// may be partly unknown, so it is kept as written).
    PreviousPermanence {
        arrangement: String,
        local_authority: String,
        date: String,
    },
    /// One social worker's episode with the child.
    SocialWorkerEpisode {
        worker_id: String,
        start: Date,
        end: Option<Date>,
        reason_end: String,
    },
    /// A deprivation of liberty order.
    DeprivationOfLiberty { start: Date, end: Option<Date> },
    /// The child is at the edge of care: judged at high risk of coming into
    /// care, so the work aims to keep them safely at home. Not a DfE item
    /// (neither return counts it); the outcomes measure how many flagged
    /// children stayed out of care, and the care costs against the expected
    /// path.
    EdgeOfCare {
        start: Date,
        end: Option<Date>,
        /// Why the child is judged at high risk of care, in words.
        reason: String,
    },
}

impl StepDetail {
    /// The step's name in the sector's words.
    pub fn label(&self) -> &'static str {
        match self {
            StepDetail::Contact { .. } => "Contact",
            StepDetail::EarlyHelp { .. } => "Early help",
            StepDetail::CinEpisode { .. } => "Children in need episode",
            StepDetail::Assessment { .. } => "Assessment",
            StepDetail::CinPlan { .. } => "Child in need plan",
            StepDetail::Section47 { .. } => "Section 47 enquiry",
            StepDetail::CpPlan { .. } => "Child protection plan",
            StepDetail::PreProceedings { .. } => "Pre-proceedings",
            StepDetail::Disability { .. } => "Disability",
            StepDetail::CareEpisode { .. } => "Episode of care",
            StepDetail::CareReview { .. } => "Looked-after review",
            StepDetail::Missing { .. } => "Missing or away",
            StepDetail::Uasc { .. } => "Unaccompanied asylum-seeking child",
            StepDetail::CareOutcomes { .. } => "Outcomes while looked after",
            StepDetail::CareLeaver { .. } => "Care leaver",
            StepDetail::Motherhood { .. } => "Became a mother",
            StepDetail::Adoption { .. } => "Adoption",
            StepDetail::PlacedForAdoption { .. } => "Should be placed for adoption",
            StepDetail::PreviousPermanence { .. } => "Previous permanence",
            StepDetail::SocialWorkerEpisode { .. } => "Social worker episode",
            StepDetail::DeprivationOfLiberty { .. } => "Deprivation of liberty order",
            StepDetail::EdgeOfCare { .. } => "At the edge of care",
        }
    }

    /// A stable snake_case name for the kind of step (as serialised).
    pub fn kind(&self) -> &'static str {
        match self {
            StepDetail::Contact { .. } => "contact",
            StepDetail::EarlyHelp { .. } => "early_help",
            StepDetail::CinEpisode { .. } => "cin_episode",
            StepDetail::Assessment { .. } => "assessment",
            StepDetail::CinPlan { .. } => "cin_plan",
            StepDetail::Section47 { .. } => "section47",
            StepDetail::CpPlan { .. } => "cp_plan",
            StepDetail::PreProceedings { .. } => "pre_proceedings",
            StepDetail::Disability { .. } => "disability",
            StepDetail::CareEpisode { .. } => "care_episode",
            StepDetail::CareReview { .. } => "care_review",
            StepDetail::Missing { .. } => "missing",
            StepDetail::Uasc { .. } => "uasc",
            StepDetail::CareOutcomes { .. } => "care_outcomes",
            StepDetail::CareLeaver { .. } => "care_leaver",
            StepDetail::Motherhood { .. } => "motherhood",
            StepDetail::Adoption { .. } => "adoption",
            StepDetail::PlacedForAdoption { .. } => "placed_for_adoption",
            StepDetail::PreviousPermanence { .. } => "previous_permanence",
            StepDetail::SocialWorkerEpisode { .. } => "social_worker_episode",
            StepDetail::DeprivationOfLiberty { .. } => "deprivation_of_liberty",
            StepDetail::EdgeOfCare { .. } => "edge_of_care",
        }
    }

    /// The date the step starts, for ordering the journey.
    pub fn start(&self) -> Option<Date> {
        match self {
            StepDetail::Contact { date, .. } | StepDetail::CareReview { date, .. } => Some(*date),
            StepDetail::EarlyHelp { start, .. }
            | StepDetail::Assessment { start, .. }
            | StepDetail::CinPlan { start, .. }
            | StepDetail::Section47 { start, .. }
            | StepDetail::CpPlan { start, .. }
            | StepDetail::CareEpisode { start, .. }
            | StepDetail::Missing { start, .. }
            | StepDetail::SocialWorkerEpisode { start, .. }
            | StepDetail::DeprivationOfLiberty { start, .. }
            | StepDetail::EdgeOfCare { start, .. } => Some(*start),
            StepDetail::CinEpisode { referral_date, .. } => Some(*referral_date),
            StepDetail::PreProceedings { start, .. } => *start,
            StepDetail::PlacedForAdoption { decision, .. } => Some(*decision),
            StepDetail::Adoption {
                should_be_placed, ..
            } => *should_be_placed,
            StepDetail::Motherhood { child_born, .. } => *child_born,
            StepDetail::Disability { .. }
            | StepDetail::Uasc { .. }
            | StepDetail::CareOutcomes { .. }
            | StepDetail::CareLeaver { .. }
            | StepDetail::PreviousPermanence { .. } => None,
        }
    }

    /// The CIN episode a step belongs to, if it says.
    pub fn episode(&self) -> Option<StepId> {
        match self {
            StepDetail::Assessment { episode, .. }
            | StepDetail::CinPlan { episode, .. }
            | StepDetail::Section47 { episode, .. }
            | StepDetail::CpPlan { episode, .. }
            | StepDetail::PreProceedings { episode, .. } => *episode,
            _ => None,
        }
    }
}

/// A child's whole journey: every current step, in the order recorded.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Journey {
    pub person_id: PersonId,
    pub steps: Vec<JourneyStep>,
}

impl Journey {
    pub fn new(person_id: PersonId) -> Self {
        Journey {
            person_id,
            steps: Vec::new(),
        }
    }

    /// Records a step, or replaces the step with the same id (an amendment).
    pub fn record(&mut self, step: JourneyStep) {
        match self.steps.iter_mut().find(|s| s.id == step.id) {
            Some(existing) => *existing = step,
            None => self.steps.push(step),
        }
    }

    /// Removes a step; `false` if there was none with that id.
    pub fn remove(&mut self, id: StepId) -> bool {
        let before = self.steps.len();
        self.steps.retain(|s| s.id != id);
        self.steps.len() != before
    }

    /// The steps of one kind, in start-date order (undated last).
    pub fn steps_where<'a>(
        &'a self,
        keep: impl Fn(&StepDetail) -> bool + 'a,
    ) -> impl Iterator<Item = &'a JourneyStep> + 'a {
        let mut v: Vec<&JourneyStep> = self.steps.iter().filter(|s| keep(&s.detail)).collect();
        v.sort_by_key(|s| (s.detail.start().is_none(), s.detail.start()));
        v.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn amending_replaces_and_removing_drops_a_step() {
        let mut j = Journey::new(PersonId::new());
        let id = StepId::new();
        j.record(JourneyStep {
            id,
            detail: StepDetail::CareReview {
                date: date!(2025 - 06 - 01),
                participation: "PN1".into(),
            },
        });
        j.record(JourneyStep {
            id,
            detail: StepDetail::CareReview {
                date: date!(2025 - 06 - 02),
                participation: "PN1".into(),
            },
        });
        assert_eq!(j.steps.len(), 1);
        assert_eq!(j.steps[0].detail.start(), Some(date!(2025 - 06 - 02)));
        assert!(j.remove(id));
        assert!(!j.remove(id));
    }

    #[test]
    fn the_edge_of_care_flag_is_recorded_from_its_fields() {
        // The journey page builds a step from its fields' names: they must
        // be the step's own.
        let names: Vec<&str> = fields("edge_of_care").iter().map(|f| f.name).collect();
        assert_eq!(names, ["start", "end", "reason"]);
        assert!(KINDS.iter().any(|(k, _, _)| *k == "edge_of_care"));
        let detail: StepDetail = serde_json::from_value(serde_json::json!({
            "step": "edge_of_care", "start": "2025-06-01", "end": null, "reason": "Family breakdown"
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(detail.kind(), "edge_of_care");
        assert_eq!(detail.label(), "At the edge of care");
        assert_eq!(detail.start(), Some(date!(2025 - 06 - 01)));
    }
}

/// How a journey field is entered on a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// A date that must be given.
    Date,
    /// A date that may be left blank.
    OptDate,
    /// Free text (an id, a postcode, a count).
    Text,
    /// One code from a DfE list (named as in [`crate::dfe_codes::list`]).
    Code(&'static str),
    /// Several codes from a list, as ticked boxes.
    Codes(&'static str),
    /// Yes, no or not said.
    OptBool,
    /// Several dates, one per line (`dd/mm/yyyy`).
    Dates,
    /// A whole number (a collection year).
    Number,
    /// The children in need episode the step belongs to.
    Episode,
}

/// One field of a kind of step: its serialised name, its words, how it is
/// entered, and the return item it becomes (so a finding about that item can
/// be shown beside it).
#[derive(Clone, Copy, Debug)]
pub struct FieldSpec {
    pub name: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub input: Input,
    pub item: &'static str,
}

const fn f(
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    input: Input,
    item: &'static str,
) -> FieldSpec {
    FieldSpec {
        name,
        label,
        hint,
        input,
        item,
    }
}

use Input::*;

/// Every kind of step a page can record: (kind, label, where it is reported).
pub const KINDS: &[(&str, &str, &str)] = &[
    ("contact", "Contact", "Front door"),
    ("early_help", "Early help", "Early help"),
    (
        "cin_episode",
        "Children in need episode (referral to closure)",
        "CIN census",
    ),
    ("assessment", "Assessment", "CIN census"),
    (
        "section47",
        "Section 47 enquiry and initial conference",
        "CIN census",
    ),
    ("cp_plan", "Child protection plan", "CIN census"),
    ("cin_plan", "Child in need plan", "CIN census"),
    (
        "pre_proceedings",
        "Pre-proceedings and family group decision making",
        "CIN census",
    ),
    ("disability", "Disability", "CIN census"),
    ("care_episode", "Episode of care", "SSDA903"),
    ("care_review", "Looked-after review", "SSDA903"),
    ("missing", "Missing or away from placement", "SSDA903"),
    ("uasc", "Unaccompanied asylum-seeking child", "SSDA903"),
    (
        "care_outcomes",
        "Outcomes while looked after (health, SDQ score, offending)",
        "SSDA903",
    ),
    ("care_leaver", "Care leaver", "SSDA903"),
    (
        "motherhood",
        "Became a mother while looked after",
        "SSDA903",
    ),
    ("adoption", "Adoption", "SSDA903"),
    (
        "placed_for_adoption",
        "Decision to place for adoption",
        "SSDA903",
    ),
    ("previous_permanence", "Previous permanence", "SSDA903"),
    ("social_worker_episode", "Social worker episode", "SSDA903"),
    (
        "deprivation_of_liberty",
        "Deprivation of liberty order",
        "SSDA903 (from 2026/27)",
    ),
    (
        "edge_of_care",
        "At the edge of care",
        "Outcomes (not a return)",
    ),
];

/// The fields of a kind of step, in page order.
pub fn fields(kind: &str) -> &'static [FieldSpec] {
    match kind {
        "contact" => {
            const F: &[FieldSpec] = &[
                f("date", "Date of contact", "", Date, ""),
                f(
                    "source",
                    "Who made contact",
                    "",
                    Code("referral_source"),
                    "",
                ),
                f(
                    "outcome",
                    "Outcome",
                    "For example, referred for assessment",
                    Text,
                    "",
                ),
                f("no_further_action", "No further action", "", OptBool, ""),
            ];
            F
        }
        "early_help" => {
            const F: &[FieldSpec] = &[
                f("start", "Start", "", Date, ""),
                f("end", "End", "Leave blank while it continues", OptDate, ""),
                f("reason", "Why early help", "", Text, ""),
            ];
            F
        }
        "cin_episode" => {
            const F: &[FieldSpec] = &[
                f(
                    "referral_date",
                    "Referral date",
                    "",
                    Date,
                    "CINreferralDate",
                ),
                f(
                    "referral_source",
                    "Referral source",
                    "",
                    Code("referral_source"),
                    "ReferralSource",
                ),
                f(
                    "primary_need",
                    "Primary need",
                    "",
                    Code("primary_need"),
                    "PrimaryNeedCode",
                ),
                f(
                    "referral_nfa",
                    "No further action at referral",
                    "",
                    Code("true_false"),
                    "ReferralNFA",
                ),
                f(
                    "initial_cpc",
                    "Date of the initial child protection conference",
                    "If there was one in this episode",
                    OptDate,
                    "DateOfInitialCPC",
                ),
                f(
                    "closure_date",
                    "Closure date",
                    "Leave blank while the episode is open",
                    OptDate,
                    "CINclosureDate",
                ),
                f(
                    "closure_reason",
                    "Reason for closure",
                    "",
                    Code("closure_reason"),
                    "ReasonForClosure",
                ),
            ];
            F
        }
        "assessment" => {
            const F: &[FieldSpec] = &[
                f("episode", "Children in need episode", "", Episode, ""),
                f(
                    "start",
                    "Start",
                    "Timescale: 45 working days from the referral",
                    Date,
                    "AssessmentActualStartDate",
                ),
                f(
                    "internal_review",
                    "Internal review",
                    "",
                    OptDate,
                    "AssessmentInternalReviewDate",
                ),
                f(
                    "authorised",
                    "Authorised",
                    "Leave blank until it is authorised",
                    OptDate,
                    "AssessmentAuthorisationDate",
                ),
                f(
                    "factors",
                    "Factors identified",
                    "",
                    Codes("assessment_factor"),
                    "AssessmentFactors",
                ),
            ];
            F
        }
        "cin_plan" => {
            const F: &[FieldSpec] = &[
                f("episode", "Children in need episode", "", Episode, ""),
                f("start", "Start", "", Date, "CINPlanStartDate"),
                f("end", "End", "", OptDate, "CINPlanEndDate"),
            ];
            F
        }
        "section47" => {
            const F: &[FieldSpec] = &[
                f("episode", "Children in need episode", "", Episode, ""),
                f(
                    "start",
                    "Start of the enquiry",
                    "The strategy discussion that started it",
                    Date,
                    "S47ActualStartDate",
                ),
                f(
                    "icpc_target",
                    "Initial conference due",
                    "15 working days from the start",
                    OptDate,
                    "InitialCPCtarget",
                ),
                f(
                    "icpc_date",
                    "Initial conference held",
                    "",
                    OptDate,
                    "DateOfInitialCPC",
                ),
                f(
                    "icpc_not_required",
                    "Initial conference not required",
                    "",
                    Code("true_false"),
                    "ICPCnotRequired",
                ),
            ];
            F
        }
        "cp_plan" => {
            const F: &[FieldSpec] = &[
            f("episode", "Children in need episode", "", Episode, ""),
            f("start", "Start", "", Date, "CPPstartDate"),
            f("end", "End", "Leave blank while the plan continues", OptDate, "CPPendDate"),
            f("initial_category", "Initial category of abuse", "", Code("category_of_abuse"), "InitialCategoryOfAbuse"),
            f("latest_category", "Latest category of abuse", "", Code("category_of_abuse"), "LatestCategoryOfAbuse"),
            f("previous_plans", "Number of previous plans", "", Text, "NumberOfPreviousCPP"),
            f("reviews", "Review conferences", "One date per line, dd/mm/yyyy. First within 3 months of the plan, then every 6 months", Dates, "CPPreviewDate"),
        ];
            F
        }
        "pre_proceedings" => {
            const F: &[FieldSpec] = &[
                f("episode", "Children in need episode", "", Episode, ""),
                f(
                    "start",
                    "Decision to start pre-proceedings",
                    "",
                    OptDate,
                    "PPStartDate",
                ),
                f(
                    "letter_before_proceedings",
                    "Letter before proceedings sent",
                    "",
                    OptDate,
                    "LBPSentDate",
                ),
                f(
                    "fgdm_offered",
                    "Family group decision making offered in the letter",
                    "",
                    Code("yes_no"),
                    "FGDMMeetingOffer",
                ),
                f(
                    "fgdm_facilitated",
                    "Family group decision making meeting held",
                    "",
                    Code("yes_no"),
                    "FGDMMeetingFac",
                ),
                f(
                    "initial_meeting",
                    "First pre-proceedings meeting",
                    "",
                    OptDate,
                    "InitialPPMeetingDate",
                ),
                f(
                    "review_meetings",
                    "Number of review meetings",
                    "",
                    Text,
                    "ReviewMeetingsCount",
                ),
                f(
                    "step_decision",
                    "Decision to step up or down",
                    "",
                    OptDate,
                    "StepDecisionDate",
                ),
                f("outcome", "Outcome", "", Code("pp_outcome"), "PPOutcome"),
                f(
                    "court_application",
                    "Application to court",
                    "",
                    OptDate,
                    "CourtAppDate",
                ),
                f(
                    "letter_initial_cp",
                    "Letter that care proceedings have started",
                    "",
                    OptDate,
                    "LetterInitCPDate",
                ),
            ];
            F
        }
        "disability" => {
            const F: &[FieldSpec] = &[f(
                "code",
                "Disability",
                "",
                Code("disability"),
                "Disability",
            )];
            F
        }
        "care_episode" => {
            const F: &[FieldSpec] = &[
                f("start", "Start", "", Date, "DECOM"),
                f(
                    "reason_new",
                    "Reason for the new episode",
                    "",
                    Code("reason_new"),
                    "RNE",
                ),
                f(
                    "legal_status",
                    "Legal status",
                    "",
                    Code("legal_status"),
                    "LS",
                ),
                f(
                    "category_of_need",
                    "Category of need",
                    "",
                    Code("category_of_need"),
                    "CIN",
                ),
                f(
                    "placement",
                    "Placement type",
                    "",
                    Code("placement"),
                    "PLACE",
                ),
                f(
                    "provider",
                    "Placement provider",
                    "",
                    Code("provider"),
                    "PLACE_PROVIDER",
                ),
                f(
                    "urn",
                    "Ofsted URN of the placement",
                    "Blank if it has none",
                    Text,
                    "URN",
                ),
                f(
                    "home_postcode",
                    "Postcode of the child's home",
                    "",
                    Text,
                    "HOME_POST",
                ),
                f(
                    "placement_postcode",
                    "Postcode of the placement",
                    "",
                    Text,
                    "PL_POST",
                ),
                f(
                    "end",
                    "End",
                    "Leave blank while the episode continues",
                    OptDate,
                    "DEC",
                ),
                f(
                    "reason_end",
                    "Reason the episode ended",
                    "",
                    Code("reason_end"),
                    "REC",
                ),
                f(
                    "reason_place_change",
                    "Reason for the change of placement",
                    "",
                    Code("reason_place_change"),
                    "REASON_PLACE_CHANGE",
                ),
            ];
            F
        }
        "care_review" => {
            const F: &[FieldSpec] = &[
                f(
                    "date",
                    "Date of the review",
                    "First within 20 working days of care, then 3 months, then every 6 months",
                    Date,
                    "REVIEW",
                ),
                f(
                    "participation",
                    "How the child took part",
                    "",
                    Code("participation"),
                    "REVIEW_CODE",
                ),
            ];
            F
        }
        "missing" => {
            const F: &[FieldSpec] = &[
                f(
                    "kind",
                    "Missing or away",
                    "",
                    Code("missing_kind"),
                    "MISSING",
                ),
                f("start", "Start", "", Date, "MIS_START"),
                f(
                    "end",
                    "End",
                    "Leave blank while the child is still missing",
                    OptDate,
                    "MIS_END",
                ),
                f(
                    "return_interview_offered",
                    "Return interview offered",
                    "Within 72 hours of return",
                    OptBool,
                    "",
                ),
                f(
                    "return_interview_accepted",
                    "Return interview accepted",
                    "",
                    OptBool,
                    "",
                ),
            ];
            F
        }
        "uasc" => {
            const F: &[FieldSpec] = &[f(
                "ceased",
                "No longer an unaccompanied asylum-seeking child from",
                "",
                OptDate,
                "DUC",
            )];
            F
        }
        "care_outcomes" => {
            const F: &[FieldSpec] = &[
                f(
                    "year",
                    "Collection year",
                    "The year ending 31 March: 2026 for 2025 to 2026",
                    Number,
                    "",
                ),
                f(
                    "sdq_score",
                    "Strengths and difficulties score",
                    "0 to 40; the questionnaire itself is licensed and not held here",
                    Text,
                    "SDQ_SCORE",
                ),
                f(
                    "sdq_reason",
                    "Why there is no score",
                    "",
                    Code("sdq_reason"),
                    "SDQ_REASON",
                ),
                f(
                    "convicted",
                    "Convicted or subject to a final warning in the year",
                    "",
                    Code("yes_no"),
                    "CONVICTED",
                ),
                f(
                    "health_check",
                    "Health check up to date",
                    "",
                    Code("yes_no"),
                    "HEALTH_CHECK",
                ),
                f(
                    "immunisations",
                    "Immunisations up to date",
                    "",
                    Code("yes_no"),
                    "IMMUNISATIONS",
                ),
                f(
                    "teeth_check",
                    "Teeth checked by a dentist",
                    "",
                    Code("yes_no"),
                    "TEETH_CHECK",
                ),
                f(
                    "health_assessment",
                    "Health assessment up to date",
                    "",
                    Code("yes_no"),
                    "HEALTH_ASSESSMENT",
                ),
                f(
                    "substance_misuse",
                    "Identified as having a substance misuse problem",
                    "",
                    Code("yes_no"),
                    "SUBSTANCE_MISUSE",
                ),
                f(
                    "intervention_received",
                    "Received an intervention",
                    "",
                    Code("yes_no"),
                    "INTERVENTION_RECEIVED",
                ),
                f(
                    "intervention_offered",
                    "Offered an intervention",
                    "",
                    Code("yes_no"),
                    "INTERVENTION_OFFERED",
                ),
            ];
            F
        }
        "care_leaver" => {
            const F: &[FieldSpec] = &[
                f(
                    "year",
                    "Collection year",
                    "The year ending 31 March: 2026 for 2025 to 2026",
                    Number,
                    "",
                ),
                f(
                    "in_touch",
                    "In touch",
                    "Around the young person's birthday",
                    Code("in_touch"),
                    "IN_TOUCH",
                ),
                f("activity", "Main activity", "", Code("activity"), "ACTIV"),
                f(
                    "accommodation",
                    "Accommodation",
                    "",
                    Code("accommodation"),
                    "ACCOM",
                ),
            ];
            F
        }
        "motherhood" => {
            const F: &[FieldSpec] = &[
                f("is_mother", "Is a mother", "", Code("yes_no"), "MOTHER"),
                f(
                    "child_born",
                    "Her child's date of birth",
                    "",
                    OptDate,
                    "MC_DOB",
                ),
            ];
            F
        }
        "adoption" => {
            const F: &[FieldSpec] = &[
                f(
                    "should_be_placed",
                    "Decision that the child should be placed for adoption",
                    "",
                    OptDate,
                    "DATE_INT",
                ),
                f(
                    "matched",
                    "Matched with adopters",
                    "",
                    OptDate,
                    "DATE_MATCH",
                ),
                f(
                    "foster_care",
                    "Adopted by their foster carers",
                    "",
                    Code("yes_no"),
                    "FOSTER_CARE",
                ),
                f(
                    "number_of_adopters",
                    "Number of adopters",
                    "",
                    Text,
                    "NB_ADOPTR",
                ),
                f(
                    "sex_of_adopters",
                    "Sex of adopters",
                    "",
                    Code("sex_of_adopters"),
                    "SEX_ADOPTR",
                ),
                f(
                    "legal_status_of_adopters",
                    "Legal status of adopters",
                    "",
                    Code("legal_status_of_adopters"),
                    "LS_ADOPTR",
                ),
            ];
            F
        }
        "placed_for_adoption" => {
            const F: &[FieldSpec] = &[
                f(
                    "decision",
                    "Decision that the child should be placed for adoption",
                    "",
                    Date,
                    "DATE_PLACED",
                ),
                f(
                    "ceased",
                    "The decision ceased",
                    "",
                    OptDate,
                    "DATE_PLACED_CEASED",
                ),
                f(
                    "reason_ceased",
                    "Why it ceased",
                    "",
                    Code("reason_placed_ceased"),
                    "REASON_PLACED_CEASED",
                ),
            ];
            F
        }
        "previous_permanence" => {
            const F: &[FieldSpec] = &[
                f(
                    "arrangement",
                    "Permanence before this care",
                    "",
                    Code("previous_permanence"),
                    "PREV_PERM",
                ),
                f(
                    "local_authority",
                    "Council that made it",
                    "Its code",
                    Text,
                    "LA_PERM",
                ),
                f(
                    "date",
                    "When",
                    "dd/mm/yyyy; use zz for an unknown day or month, for example zz/zz/2019",
                    Text,
                    "DATE_PERM",
                ),
            ];
            F
        }
        "social_worker_episode" => {
            const F: &[FieldSpec] = &[
                f(
                    "worker_id",
                    "Social worker's id",
                    "Their Social Work England number",
                    Text,
                    "SW_ID",
                ),
                f("start", "Start", "", Date, "SW_DECOM"),
                f("end", "End", "", OptDate, "SW_DEC"),
                f(
                    "reason_end",
                    "Why it ended",
                    "",
                    Code("sw_reason"),
                    "SW_REASON",
                ),
            ];
            F
        }
        "deprivation_of_liberty" => {
            const F: &[FieldSpec] = &[
                f("start", "Start", "", Date, "DOLO_START"),
                f("end", "End", "", OptDate, "DOLO_END"),
            ];
            F
        }
        "edge_of_care" => {
            const F: &[FieldSpec] = &[
                f(
                    "start",
                    "Flagged at the edge of care from",
                    "The day the child was judged at high risk of coming into care",
                    Date,
                    "",
                ),
                f(
                    "end",
                    "No longer at the edge of care from",
                    "Leave blank while the risk continues",
                    OptDate,
                    "",
                ),
                f(
                    "reason",
                    "Why the child is at high risk of care",
                    "",
                    Text,
                    "",
                ),
            ];
            F
        }
        _ => &[],
    }
}

/// A statutory timescale for a step: what is due, by when, and whether and
/// when it was done.
#[derive(Clone, Debug, PartialEq)]
pub struct Due {
    pub what: String,
    pub due: Date,
    pub done: Option<Date>,
}

impl Due {
    /// Done late, or not done and past due on `today`.
    pub fn late(&self, today: Date) -> bool {
        match self.done {
            Some(d) => d > self.due,
            None => today > self.due,
        }
    }
}

/// The statutory due dates the journey's steps set, from the right anchor
/// (working days exclude weekends and England's bank holidays).
pub fn due_dates(journey: &Journey) -> Vec<Due> {
    use crate::calendar::{add_months, add_working_days};
    let mut out = Vec::new();
    for s in &journey.steps {
        match &s.detail {
            StepDetail::CinEpisode { referral_date, .. } => {
                let done = journey
                    .steps
                    .iter()
                    .filter_map(|a| match &a.detail {
                        StepDetail::Assessment {
                            episode,
                            authorised,
                            start,
                            ..
                        } if *episode == Some(s.id)
                            || (episode.is_none() && start >= referral_date) =>
                        {
                            *authorised
                        }
                        _ => None,
                    })
                    .min();
                out.push(Due {
                    what: "Assessment authorised (45 working days from the referral)".into(),
                    due: add_working_days(*referral_date, 45),
                    done,
                });
            }
            StepDetail::Section47 {
                start,
                icpc_date,
                icpc_not_required,
                ..
            } if !matches!(icpc_not_required.as_str(), "true" | "1") => out.push(Due {
                what: "Initial child protection conference (15 working days)".into(),
                due: add_working_days(*start, 15),
                done: *icpc_date,
            }),
            StepDetail::CpPlan {
                start,
                end,
                reviews,
                ..
            } => {
                let mut anchor = *start;
                let mut months = 3;
                let mut sorted = reviews.clone();
                sorted.sort();
                let mut held = sorted.into_iter();
                loop {
                    let due = add_months(anchor, months);
                    if end.is_some_and(|e| e < due) {
                        break;
                    }
                    let done = held.next();
                    out.push(Due {
                        what: format!("Child protection review conference ({} months)", months),
                        due,
                        done,
                    });
                    match done {
                        Some(d) => anchor = d,
                        None => break,
                    }
                    months = 6;
                }
            }
            _ => {}
        }
    }
    // Looked-after reviews: 20 working days from the start of care, then 3
    // months, then every 6 months, while care continues.
    let mut periods: Vec<(Date, Option<Date>)> = Vec::new();
    let mut episodes: Vec<(Date, Option<Date>, &str)> = journey
        .steps
        .iter()
        .filter_map(|s| match &s.detail {
            StepDetail::CareEpisode {
                start,
                end,
                reason_end,
                ..
            } => Some((*start, *end, reason_end.as_str())),
            _ => None,
        })
        .collect();
    episodes.sort_by_key(|e| e.0);
    for (start, end, reason) in episodes {
        // An episode ending "X1" is followed by another the same day.
        let closes = if reason == "X1" { None } else { end };
        match periods.last_mut() {
            Some(last) if last.1.is_none_or(|e| e >= start) => last.1 = closes,
            _ => periods.push((start, closes)),
        }
    }
    let mut reviews: Vec<Date> = journey
        .steps
        .iter()
        .filter_map(|s| match &s.detail {
            StepDetail::CareReview { date, .. } => Some(*date),
            _ => None,
        })
        .collect();
    reviews.sort();
    for (start, end) in periods {
        let mut held = reviews
            .iter()
            .copied()
            .filter(|r| *r >= start && end.is_none_or(|e| *r <= e));
        let mut due = add_working_days(start, 20);
        let mut n = 0;
        loop {
            if end.is_some_and(|e| e < due) {
                break;
            }
            let done = held.next();
            out.push(Due {
                what: match n {
                    0 => "First looked-after review (20 working days)".into(),
                    1 => "Second looked-after review (3 months)".into(),
                    _ => "Looked-after review (6 months)".into(),
                },
                due,
                done,
            });
            let Some(d) = done else { break };
            due = add_months(d, if n == 0 { 3 } else { 6 });
            n += 1;
        }
    }
    out.sort_by_key(|d| d.due);
    out
}

#[cfg(test)]
mod due_tests {
    use super::*;
    use time::macros::date;

    fn step(detail: StepDetail) -> JourneyStep {
        JourneyStep {
            id: StepId::new(),
            detail,
        }
    }

    #[test]
    fn icpc_is_due_15_working_days_after_the_enquiry_starts_skipping_bank_holidays() {
        let mut j = Journey::new(PersonId::new());
        j.record(step(StepDetail::Section47 {
            episode: None,
            // Friday 19 December 2025: Christmas and Boxing Day are skipped.
            start: date!(2025 - 12 - 19),
            icpc_target: None,
            icpc_date: Some(date!(2026 - 01 - 15)),
            icpc_not_required: "false".into(),
        }));
        let due = due_dates(&j);
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].due, date!(2026 - 01 - 14));
        assert!(due[0].late(date!(2026 - 02 - 01)));
    }

    #[test]
    fn looked_after_reviews_follow_20_days_3_months_then_6() {
        let mut j = Journey::new(PersonId::new());
        j.record(step(StepDetail::CareEpisode {
            start: date!(2025 - 04 - 01),
            reason_new: "S".into(),
            legal_status: "V2".into(),
            category_of_need: "N1".into(),
            placement: "U6".into(),
            provider: "PR1".into(),
            end: None,
            reason_end: String::new(),
            reason_place_change: String::new(),
            home_postcode: String::new(),
            placement_postcode: String::new(),
            urn: String::new(),
        }));
        for d in [date!(2025 - 04 - 25), date!(2025 - 07 - 20)] {
            j.record(step(StepDetail::CareReview {
                date: d,
                participation: "PN1".into(),
            }));
        }
        let due: Vec<(Date, Option<Date>)> =
            due_dates(&j).iter().map(|d| (d.due, d.done)).collect();
        assert_eq!(
            due,
            vec![
                // 20 working days from 1 April 2025 (Good Friday and Easter
                // Monday skipped).
                (date!(2025 - 05 - 01), Some(date!(2025 - 04 - 25))),
                (date!(2025 - 07 - 25), Some(date!(2025 - 07 - 20))),
                (date!(2026 - 01 - 20), None),
            ]
        );
    }
}
