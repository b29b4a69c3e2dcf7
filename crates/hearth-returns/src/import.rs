//! A return read back into the record: each child's identifying details and
//! their journey steps.
//!
//! Dates in any common spelling are accepted (another system's export may use
//! `2025-04-01` or `1.4.2025`); a date that cannot be read, or a required date
//! that is blank, is a problem naming the file's line and field, and the
//! import is refused as a whole so the record never holds half a return.
//! Identifiers that fail their check (a UPN with the wrong check letter) are
//! left out with a warning: the validators report them on the return itself.

use std::collections::HashMap;

use hearth_core::codes::{Ethnicity, Sex};
use hearth_core::identifiers::{FormerUpn, LaPersonId, Upn};
use hearth_core::ids::StepId;
use hearth_core::journey::{JourneyStep, StepDetail};
use time::Date;

use crate::cin::{self, CinReturn, C};
use crate::date::lenient;
use crate::ssda903::{self, Return903, T};
use crate::table::Table;

/// One child from a return: who they are and what happened.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedChild {
    /// The council's id for the child, as in the return.
    pub child_id: String,
    pub la_person_id: Option<LaPersonId>,
    pub sex: Option<Sex>,
    pub date_of_birth: Option<Date>,
    pub expected_date_of_birth: Option<Date>,
    pub date_of_death: Option<Date>,
    pub ethnicity: Option<Ethnicity>,
    pub upn: Option<Upn>,
    pub former_upn: Option<FormerUpn>,
    pub steps: Vec<JourneyStep>,
}

impl ImportedChild {
    fn new(child_id: &str) -> Self {
        ImportedChild {
            child_id: child_id.to_string(),
            la_person_id: LaPersonId::parse(child_id).ok(),
            sex: None,
            date_of_birth: None,
            expected_date_of_birth: None,
            date_of_death: None,
            ethnicity: None,
            upn: None,
            former_upn: None,
            steps: Vec::new(),
        }
    }

    fn step(&mut self, detail: StepDetail) -> StepId {
        let id = StepId::new();
        self.steps.push(JourneyStep { id, detail });
        id
    }
}

/// What an import found: the children, and the problems that stop it or the
/// warnings that do not.
#[derive(Debug, Default)]
pub struct Imported {
    pub children: Vec<ImportedChild>,
    /// Each names the file (table), line and field. Any problem refuses the
    /// import.
    pub problems: Vec<String>,
    pub warnings: Vec<String>,
}

/// Reads cells of one row, noting problems with their line and field.
struct Cells<'a> {
    table: &'a Table,
    file: &'a str,
    row: usize,
    problems: &'a mut Vec<String>,
}

impl Cells<'_> {
    fn s(&self, col: usize) -> String {
        self.table.get(self.row, col).to_string()
    }

    fn where_(&self, col: usize) -> String {
        let line = self.table.lines.get(self.row).copied().unwrap_or(0);
        let field = self.table.columns.get(col).copied().unwrap_or("?");
        format!("{}, line {line}, field {field}", self.file)
    }

    fn date(&mut self, col: usize) -> Option<Date> {
        let v = self.table.get(self.row, col);
        if v.is_empty() {
            return None;
        }
        let d = lenient(v);
        if d.is_none() {
            let at = self.where_(col);
            self.problems
                .push(format!("{at}: '{v}' is not a date (use dd/mm/yyyy)"));
        }
        d
    }

    fn required_date(&mut self, col: usize) -> Date {
        match self.date(col) {
            Some(d) => d,
            None => {
                if self.table.get(self.row, col).is_empty() {
                    let at = self.where_(col);
                    self.problems.push(format!("{at}: the date is missing"));
                }
                Date::MIN
            }
        }
    }
}

fn sex_of(code: &str) -> Option<Sex> {
    Sex::from_code(code).or_else(|| Sex::from_legacy_code(code))
}

/// The children of a 903 return for the collection ending in `year` (the
/// year the return's yearly answers, OC2 and OC3, are for).
pub fn ssda903(ret: &Return903, year: Option<i32>) -> Imported {
    use ssda903::{
        ad1, dolo, episodes, header, missing, oc2, oc3, placed_adoption, prev_perm, reviews,
        sw_episodes, uasc,
    };
    let mut out = Imported::default();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut child = |out: &mut Imported, id: &str| -> usize {
        *index.entry(id.to_string()).or_insert_with(|| {
            out.children.push(ImportedChild::new(id));
            out.children.len() - 1
        })
    };
    for &t in T::ALL {
        let table = ret.table(t);
        let file = t.file_name();
        for row in 0..table.len() {
            let id = table.get(row, 0);
            if id.is_empty() {
                let line = table.lines.get(row).copied().unwrap_or(0);
                out.problems.push(format!(
                    "{file}, line {line}, field CHILD: the child's id is missing"
                ));
                continue;
            }
            let i = child(&mut out, id);
            let mut problems = Vec::new();
            let mut c = Cells {
                table,
                file,
                row,
                problems: &mut problems,
            };
            let detail = match t {
                T::Header => {
                    let dob = c.date(header::DOB);
                    let k = &mut out.children[i];
                    k.date_of_birth = dob;
                    k.sex = sex_of(&c.s(header::SEX));
                    k.ethnicity = Ethnicity::from_code(&c.s(header::ETHNIC));
                    let upn = c.s(header::UPN);
                    k.upn = Upn::parse(&upn).ok();
                    if k.upn.is_none() && !upn.is_empty() {
                        let at = c.where_(header::UPN);
                        out.warnings
                            .push(format!("{at}: not a valid UPN, left out"));
                    }
                    let mother = c.s(header::MOTHER);
                    let born = c.date(header::MC_DOB);
                    (!mother.is_empty() || born.is_some()).then_some(StepDetail::Motherhood {
                        is_mother: mother,
                        child_born: born,
                    })
                }
                T::Episodes => Some(StepDetail::CareEpisode {
                    start: c.required_date(episodes::DECOM),
                    reason_new: c.s(episodes::RNE),
                    legal_status: c.s(episodes::LS),
                    category_of_need: c.s(episodes::CIN),
                    placement: c.s(episodes::PLACE),
                    provider: c.s(episodes::PLACE_PROVIDER),
                    end: c.date(episodes::DEC),
                    reason_end: c.s(episodes::REC),
                    reason_place_change: c.s(episodes::REASON_PLACE_CHANGE),
                    home_postcode: c.s(episodes::HOME_POST),
                    placement_postcode: c.s(episodes::PL_POST),
                    urn: c.s(episodes::URN),
                }),
                T::Reviews => Some(StepDetail::CareReview {
                    date: c.required_date(reviews::REVIEW),
                    participation: c.s(reviews::REVIEW_CODE),
                }),
                T::Uasc => Some(StepDetail::Uasc {
                    ceased: c.date(uasc::DUC),
                }),
                T::Oc2 => Some(StepDetail::CareOutcomes {
                    year,
                    sdq_score: c.s(oc2::SDQ_SCORE),
                    sdq_reason: c.s(oc2::SDQ_REASON),
                    convicted: c.s(oc2::CONVICTED),
                    health_check: c.s(oc2::HEALTH_CHECK),
                    immunisations: c.s(oc2::IMMUNISATIONS),
                    teeth_check: c.s(oc2::TEETH_CHECK),
                    health_assessment: c.s(oc2::HEALTH_ASSESSMENT),
                    substance_misuse: c.s(oc2::SUBSTANCE_MISUSE),
                    intervention_received: c.s(oc2::INTERVENTION_RECEIVED),
                    intervention_offered: c.s(oc2::INTERVENTION_OFFERED),
                }),
                T::Oc3 => Some(StepDetail::CareLeaver {
                    year,
                    in_touch: c.s(oc3::IN_TOUCH),
                    activity: c.s(oc3::ACTIV),
                    accommodation: c.s(oc3::ACCOM),
                }),
                T::Ad1 => Some(StepDetail::Adoption {
                    should_be_placed: c.date(ad1::DATE_INT),
                    matched: c.date(ad1::DATE_MATCH),
                    foster_care: c.s(ad1::FOSTER_CARE),
                    number_of_adopters: c.s(ad1::NB_ADOPTR),
                    sex_of_adopters: c.s(ad1::SEX_ADOPTR),
                    legal_status_of_adopters: c.s(ad1::LS_ADOPTR),
                }),
                T::PlacedAdoption => Some(StepDetail::PlacedForAdoption {
                    decision: c.required_date(placed_adoption::DATE_PLACED),
                    ceased: c.date(placed_adoption::DATE_PLACED_CEASED),
                    reason_ceased: c.s(placed_adoption::REASON_PLACED_CEASED),
                }),
                T::PrevPerm => Some(StepDetail::PreviousPermanence {
                    arrangement: c.s(prev_perm::PREV_PERM),
                    local_authority: c.s(prev_perm::LA_PERM),
                    date: c.s(prev_perm::DATE_PERM),
                }),
                T::Missing => Some(StepDetail::Missing {
                    kind: c.s(missing::MISSING),
                    start: c.required_date(missing::MIS_START),
                    end: c.date(missing::MIS_END),
                    return_interview_offered: None,
                    return_interview_accepted: None,
                }),
                T::SwEpisodes => Some(StepDetail::SocialWorkerEpisode {
                    worker_id: c.s(sw_episodes::SW_ID),
                    start: c.required_date(sw_episodes::SW_DECOM),
                    end: c.date(sw_episodes::SW_DEC),
                    reason_end: c.s(sw_episodes::SW_REASON),
                }),
                T::DoLo => Some(StepDetail::DeprivationOfLiberty {
                    start: c.required_date(dolo::DOLO_START),
                    end: c.date(dolo::DOLO_END),
                }),
            };
            // Tables other than the header repeat the date of birth.
            if t != T::Header && out.children[i].date_of_birth.is_none() {
                if let Some(col) = table.col("DOB") {
                    out.children[i].date_of_birth = c.date(col);
                }
            }
            out.problems.append(&mut problems);
            if let Some(d) = detail {
                out.children[i].step(d);
            }
        }
    }
    out
}

/// The children of a census return.
pub fn cin(ret: &CinReturn, file: &str) -> Imported {
    use cin::{
        assessments, child_characteristics, child_identifiers, cin_details, cin_plan_dates,
        cp_plans, disabilities, pre_proceedings, reviews, section47,
    };
    let mut out = Imported::default();
    let mut kids: Vec<ImportedChild> = Vec::new();
    let mut problems = Vec::new();
    let ids = ret.table(C::ChildIdentifiers);
    for (row, &ordinal) in ret.child_of[C::ChildIdentifiers as usize]
        .iter()
        .enumerate()
    {
        while kids.len() <= ordinal {
            kids.push(ImportedChild::new(""));
        }
        let mut c = Cells {
            table: ids,
            file,
            row,
            problems: &mut problems,
        };
        let k = &mut kids[ordinal];
        *k = ImportedChild::new(&c.s(child_identifiers::LAchildID));
        k.upn = Upn::parse(&c.s(child_identifiers::UPN)).ok();
        k.former_upn = FormerUpn::parse(&c.s(child_identifiers::FormerUPN)).ok();
        k.date_of_birth = c.date(child_identifiers::PersonBirthDate);
        k.expected_date_of_birth = c.date(child_identifiers::ExpectedPersonBirthDate);
        k.date_of_death = c.date(child_identifiers::PersonDeathDate);
        let sex = c.s(child_identifiers::Sex);
        k.sex = sex_of(&sex).or_else(|| sex_of(&c.s(child_identifiers::GenderCurrent)));
    }
    let owner = |t: C, row: usize| ret.child_of[t as usize].get(row).copied();
    let chars = ret.table(C::ChildCharacteristics);
    for row in 0..chars.len() {
        if let Some(k) = owner(C::ChildCharacteristics, row).and_then(|o| kids.get_mut(o)) {
            k.ethnicity = Ethnicity::from_code(chars.get(row, child_characteristics::Ethnicity));
        }
    }
    let dis = ret.table(C::Disabilities);
    for row in 0..dis.len() {
        if let Some(k) = owner(C::Disabilities, row).and_then(|o| kids.get_mut(o)) {
            let code = dis.get(row, disabilities::Disability).to_string();
            if code != "NONE" && !code.is_empty() {
                k.step(StepDetail::Disability { code });
            }
        }
    }
    // CIN episodes first, so their steps can name them.
    let mut episode_ids: HashMap<usize, StepId> = HashMap::new();
    let details = ret.table(C::CinDetails);
    for row in 0..details.len() {
        let mut c = Cells {
            table: details,
            file,
            row,
            problems: &mut problems,
        };
        let detail = StepDetail::CinEpisode {
            referral_date: c.required_date(cin_details::CINreferralDate),
            referral_source: c.s(cin_details::ReferralSource),
            primary_need: c.s(cin_details::PrimaryNeedCode),
            closure_date: c.date(cin_details::CINclosureDate),
            closure_reason: c.s(cin_details::ReasonForClosure),
            referral_nfa: c.s(cin_details::ReferralNFA),
            initial_cpc: c.date(cin_details::DateOfInitialCPC),
        };
        if let Some(k) = owner(C::CinDetails, row).and_then(|o| kids.get_mut(o)) {
            episode_ids.insert(row, k.step(detail));
        }
    }
    let episode_of = |table: &Table, row: usize| -> Option<StepId> {
        table
            .get(row, 1)
            .parse::<usize>()
            .ok()
            .and_then(|d| episode_ids.get(&d).copied())
    };
    let factors = ret.table(C::AssessmentFactorsList);
    let mut factors_of: HashMap<usize, Vec<String>> = HashMap::new();
    for row in 0..factors.len() {
        if let Ok(a) = factors
            .get(row, cin::assessment_factors::AssessmentID)
            .parse::<usize>()
        {
            let f = factors.get(row, cin::assessment_factors::AssessmentFactors);
            if !f.is_empty() {
                factors_of.entry(a).or_default().push(f.to_string());
            }
        }
    }
    let review_rows = ret.table(C::Reviews);
    let mut reviews_of: HashMap<usize, Vec<Date>> = HashMap::new();
    for row in 0..review_rows.len() {
        let mut c = Cells {
            table: review_rows,
            file,
            row,
            problems: &mut problems,
        };
        if let (Ok(p), Some(d)) = (
            c.s(reviews::CPPID).parse::<usize>(),
            c.date(reviews::CPPreviewDate),
        ) {
            reviews_of.entry(p).or_default().push(d);
        }
    }
    let mut add = |t: C, row: usize, detail: StepDetail| {
        if let Some(k) = owner(t, row).and_then(|o| kids.get_mut(o)) {
            k.step(detail);
        }
    };
    let a = ret.table(C::Assessments);
    for row in 0..a.len() {
        let mut c = Cells {
            table: a,
            file,
            row,
            problems: &mut problems,
        };
        let detail = StepDetail::Assessment {
            episode: episode_of(a, row),
            start: c.required_date(assessments::AssessmentActualStartDate),
            internal_review: c.date(assessments::AssessmentInternalReviewDate),
            authorised: c.date(assessments::AssessmentAuthorisationDate),
            factors: factors_of.remove(&row).unwrap_or_default(),
        };
        add(C::Assessments, row, detail);
    }
    let p = ret.table(C::CinPlanDates);
    for row in 0..p.len() {
        let mut c = Cells {
            table: p,
            file,
            row,
            problems: &mut problems,
        };
        let detail = StepDetail::CinPlan {
            episode: episode_of(p, row),
            start: c.required_date(cin_plan_dates::CINPlanStartDate),
            end: c.date(cin_plan_dates::CINPlanEndDate),
        };
        add(C::CinPlanDates, row, detail);
    }
    let s = ret.table(C::Section47);
    for row in 0..s.len() {
        let mut c = Cells {
            table: s,
            file,
            row,
            problems: &mut problems,
        };
        let detail = StepDetail::Section47 {
            episode: episode_of(s, row),
            start: c.required_date(section47::S47ActualStartDate),
            icpc_target: c.date(section47::InitialCPCtarget),
            icpc_date: c.date(section47::DateOfInitialCPC),
            icpc_not_required: c.s(section47::ICPCnotRequired),
        };
        add(C::Section47, row, detail);
    }
    let cp = ret.table(C::ChildProtectionPlans);
    for row in 0..cp.len() {
        let mut c = Cells {
            table: cp,
            file,
            row,
            problems: &mut problems,
        };
        let detail = StepDetail::CpPlan {
            episode: episode_of(cp, row),
            start: c.required_date(cp_plans::CPPstartDate),
            end: c.date(cp_plans::CPPendDate),
            initial_category: c.s(cp_plans::InitialCategoryOfAbuse),
            latest_category: c.s(cp_plans::LatestCategoryOfAbuse),
            previous_plans: c.s(cp_plans::NumberOfPreviousCPP),
            reviews: reviews_of.remove(&row).unwrap_or_default(),
        };
        add(C::ChildProtectionPlans, row, detail);
    }
    let pp = ret.table(C::PreProceedings);
    for row in 0..pp.len() {
        let mut c = Cells {
            table: pp,
            file,
            row,
            problems: &mut problems,
        };
        let detail = StepDetail::PreProceedings {
            episode: episode_of(pp, row),
            start: c.date(pre_proceedings::PPStartDate),
            letter_before_proceedings: c.date(pre_proceedings::LBPSentDate),
            fgdm_offered: c.s(pre_proceedings::FGDMMeetingOffer),
            fgdm_facilitated: c.s(pre_proceedings::FGDMMeetingFac),
            initial_meeting: c.date(pre_proceedings::InitialPPMeetingDate),
            review_meetings: c.s(pre_proceedings::ReviewMeetingsCount),
            step_decision: c.date(pre_proceedings::StepDecisionDate),
            outcome: c.s(pre_proceedings::PPOutcome),
            court_application: c.date(pre_proceedings::CourtAppDate),
            letter_initial_cp: c.date(pre_proceedings::LetterInitCPDate),
        };
        add(C::PreProceedings, row, detail);
    }
    out.problems = problems;
    for k in &kids {
        if k.child_id.is_empty() {
            out.problems
                .push(format!("{file}: a child has no LAchildID"));
        }
    }
    out.children = kids;
    out
}

impl ImportedChild {
    /// The child's details as the record holds them. Returns carry no names,
    /// so the child is named by their id until someone who knows them adds
    /// their name.
    pub fn details(&self) -> hearth_core::model::PersonDetails {
        hearth_core::model::PersonDetails {
            given_names: "Child".into(),
            family_name: self.child_id.clone(),
            date_of_birth: self.date_of_birth,
            expected_date_of_birth: self.expected_date_of_birth,
            sex: self.sex,
            ethnicity: self.ethnicity,
            date_of_death: self.date_of_death,
            la_person_id: self.la_person_id.clone(),
            upn: self.upn.clone(),
            former_upn: self.former_upn.clone(),
            ..Default::default()
        }
    }
}
