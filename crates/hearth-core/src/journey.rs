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
        no_further_action: bool,
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
            | StepDetail::DeprivationOfLiberty { start, .. } => Some(*start),
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
}
