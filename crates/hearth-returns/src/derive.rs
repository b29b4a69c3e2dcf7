//! Both returns derived from the record: each child's details and journey, as
//! at a collection year.
//!
//! A child is in the 903 when a period of care, a care leaver's record, an
//! adoption or a deprivation of liberty order falls in the year; in the census
//! when a children in need episode was open at any time in the year. Rows are
//! the steps that fall in the year, in date order; dates after the year's end
//! are left out (a period of care still open on 31 March has no end date).
//! In the census, an episode's assessments, plans and enquiries are those
//! still open or ended in the year, as the census asks.

use hearth_core::journey::{Journey, JourneyStep, StepDetail};
use hearth_core::model::Person;
use time::Date;

use crate::cin::{self, CinReturn, C};
use crate::date::{fmt_dmy, fmt_iso};
use crate::ssda903::{self, Return903, T};
use crate::CollectionYear;

/// One child as the returns see them.
pub struct ChildRecord<'a> {
    pub person: &'a Person,
    pub journey: Option<&'a Journey>,
}

/// The id a return uses for the child: the council's person id, or a stable
/// short form of Hearth's id when none is recorded.
pub fn child_id(person: &Person) -> String {
    person
        .details
        .la_person_id
        .as_ref()
        .map(|l| l.as_str().to_string())
        .unwrap_or_else(|| person.id.0.simple().to_string()[..10].to_uppercase())
}

fn dmy(d: Option<Date>) -> String {
    d.map(fmt_dmy).unwrap_or_default()
}

fn iso(d: Option<Date>) -> String {
    d.map(fmt_iso).unwrap_or_default()
}

/// `Some(d)` only if `d` is on or before the year's end.
fn by(d: Option<Date>, end: Date) -> Option<Date> {
    d.filter(|d| *d <= end)
}

fn in_year(d: Date, year: CollectionYear) -> bool {
    d >= year.start() && d <= year.end()
}

/// Whether a period from `start` to `end` (open if `None`) touches the year.
fn overlaps(start: Date, end: Option<Date>, year: CollectionYear) -> bool {
    start <= year.end() && end.is_none_or(|e| e >= year.start())
}

fn steps(j: Option<&Journey>) -> Vec<&JourneyStep> {
    let mut v: Vec<&JourneyStep> = j.map(|j| j.steps.iter().collect()).unwrap_or_default();
    v.sort_by_key(|s| (s.detail.start().is_none(), s.detail.start()));
    v
}

/// The 903 return for the collection year.
pub fn ssda903(children: &[ChildRecord], year: CollectionYear) -> Return903 {
    let mut ret = Return903::default();
    for &t in T::ALL {
        if t != T::DoLo || year.0 >= 2027 {
            ret.table_mut(t).present = true;
        }
    }
    let end = year.end();
    for child in children {
        let steps = steps(child.journey);
        let in_903 = steps.iter().any(|s| match &s.detail {
            StepDetail::CareEpisode { start, end, .. } => overlaps(*start, *end, year),
            StepDetail::CareLeaver { year: y, .. } => y.is_none_or(|y| y == year.0),
            StepDetail::DeprivationOfLiberty { start, end } => overlaps(*start, *end, year),
            _ => false,
        });
        if !in_903 {
            continue;
        }
        let p = &child.person.details;
        let id = child_id(child.person);
        let dob = dmy(p.date_of_birth);
        let sex = p.sex.map(|s| s.code().to_string()).unwrap_or_default();
        let mut mother = (String::new(), String::new());
        let mut rows: Vec<(T, Vec<String>)> = Vec::new();
        for s in &steps {
            match &s.detail {
                StepDetail::CareEpisode {
                    start,
                    reason_new,
                    legal_status,
                    category_of_need,
                    placement,
                    provider,
                    end: ended,
                    reason_end,
                    reason_place_change,
                    home_postcode,
                    placement_postcode,
                    urn,
                } if overlaps(*start, *ended, year) => {
                    let closed = by(*ended, end);
                    rows.push((
                        T::Episodes,
                        vec![
                            id.clone(),
                            fmt_dmy(*start),
                            reason_new.clone(),
                            legal_status.clone(),
                            category_of_need.clone(),
                            placement.clone(),
                            provider.clone(),
                            dmy(closed),
                            if closed.is_some() {
                                reason_end.clone()
                            } else {
                                String::new()
                            },
                            // Only an episode that has ceased gives a reason
                            // for the placement changing (rule 233).
                            if closed.is_some() {
                                reason_place_change.clone()
                            } else {
                                String::new()
                            },
                            home_postcode.clone(),
                            placement_postcode.clone(),
                            urn.clone(),
                        ],
                    ));
                }
                StepDetail::CareReview {
                    date,
                    participation,
                } if in_year(*date, year) => {
                    rows.push((
                        T::Reviews,
                        vec![
                            id.clone(),
                            dob.clone(),
                            fmt_dmy(*date),
                            participation.clone(),
                        ],
                    ));
                }
                StepDetail::Missing {
                    kind,
                    start,
                    end: back,
                    ..
                } if in_year(*start, year) => rows.push((
                    T::Missing,
                    vec![
                        id.clone(),
                        dob.clone(),
                        kind.clone(),
                        fmt_dmy(*start),
                        dmy(by(*back, end)),
                    ],
                )),
                StepDetail::Uasc { ceased } => rows.push((
                    T::Uasc,
                    vec![id.clone(), sex.clone(), dob.clone(), dmy(by(*ceased, end))],
                )),
                StepDetail::CareOutcomes {
                    year: y,
                    sdq_score,
                    sdq_reason,
                    convicted,
                    health_check,
                    immunisations,
                    teeth_check,
                    health_assessment,
                    substance_misuse,
                    intervention_received,
                    intervention_offered,
                } if y.is_none_or(|y| y == year.0) => rows.push((
                    T::Oc2,
                    vec![
                        id.clone(),
                        dob.clone(),
                        sdq_score.clone(),
                        sdq_reason.clone(),
                        convicted.clone(),
                        health_check.clone(),
                        immunisations.clone(),
                        teeth_check.clone(),
                        health_assessment.clone(),
                        substance_misuse.clone(),
                        intervention_received.clone(),
                        intervention_offered.clone(),
                    ],
                )),
                StepDetail::CareLeaver {
                    year: y,
                    in_touch,
                    activity,
                    accommodation,
                } if y.is_none_or(|y| y == year.0) => rows.push((
                    T::Oc3,
                    vec![
                        id.clone(),
                        dob.clone(),
                        in_touch.clone(),
                        activity.clone(),
                        accommodation.clone(),
                    ],
                )),
                StepDetail::Adoption {
                    should_be_placed,
                    matched,
                    foster_care,
                    number_of_adopters,
                    sex_of_adopters,
                    legal_status_of_adopters,
                } => rows.push((
                    T::Ad1,
                    vec![
                        id.clone(),
                        dob.clone(),
                        dmy(*should_be_placed),
                        dmy(*matched),
                        foster_care.clone(),
                        number_of_adopters.clone(),
                        sex_of_adopters.clone(),
                        legal_status_of_adopters.clone(),
                    ],
                )),
                StepDetail::PlacedForAdoption {
                    decision,
                    ceased,
                    reason_ceased,
                } if *decision <= end => rows.push((
                    T::PlacedAdoption,
                    vec![
                        id.clone(),
                        dob.clone(),
                        fmt_dmy(*decision),
                        dmy(by(*ceased, end)),
                        reason_ceased.clone(),
                    ],
                )),
                StepDetail::PreviousPermanence {
                    arrangement,
                    local_authority,
                    date,
                } => rows.push((
                    T::PrevPerm,
                    vec![
                        id.clone(),
                        dob.clone(),
                        arrangement.clone(),
                        local_authority.clone(),
                        date.clone(),
                    ],
                )),
                StepDetail::SocialWorkerEpisode {
                    worker_id,
                    start,
                    end: ended,
                    reason_end,
                } if overlaps(*start, *ended, year) => rows.push((
                    T::SwEpisodes,
                    vec![
                        id.clone(),
                        dob.clone(),
                        worker_id.clone(),
                        fmt_dmy(*start),
                        dmy(by(*ended, end)),
                        reason_end.clone(),
                    ],
                )),
                StepDetail::DeprivationOfLiberty { start, end: ended }
                    if year.0 >= 2027 && overlaps(*start, *ended, year) =>
                {
                    rows.push((
                        T::DoLo,
                        vec![
                            id.clone(),
                            dob.clone(),
                            fmt_dmy(*start),
                            dmy(by(*ended, end)),
                        ],
                    ))
                }
                StepDetail::Motherhood {
                    is_mother,
                    child_born,
                } => mother = (is_mother.clone(), dmy(*child_born)),
                _ => {}
            }
        }
        // The 903 wants a code when the UPN is not known: UN1 for a child
        // under 6 at the year's end (not yet at school), UN5 otherwise.
        let upn = p
            .upn
            .as_ref()
            .map(|u| u.as_str().to_string())
            .unwrap_or_else(|| {
                let young = p
                    .date_of_birth
                    .is_some_and(|d| crate::date::add_years(d, 6) > end);
                if young { "UN1" } else { "UN5" }.to_string()
            });
        let ethnic = p
            .ethnicity
            .map(|e| e.code().to_string())
            .unwrap_or_default();
        ret.table_mut(T::Header).push(
            vec![
                id.clone(),
                sex.clone(),
                dob.clone(),
                ethnic,
                upn,
                mother.0,
                mother.1,
            ],
            0,
        );
        for (t, row) in rows {
            ret.table_mut(t).push(row, 0);
        }
    }
    renumber(&mut ret.tables);
    ret
}

/// Lines for derived rows: the row's place in its table plus the header line.
fn renumber(tables: &mut [crate::Table]) {
    for t in tables {
        for (i, line) in t.lines.iter_mut().enumerate() {
            *line = i as u64 + 2;
        }
    }
}

/// The CIN census for the collection year, with the council's LA code.
pub fn cin(children: &[ChildRecord], year: CollectionYear, la_code: &str) -> CinReturn {
    let mut ret = CinReturn::default();
    let end = year.end();
    ret.push(
        C::Header,
        usize::MAX,
        vec![
            "CIN".into(),
            year.0.to_string(),
            fmt_iso(end),
            "L".into(),
            la_code.into(),
            "Hearth".into(),
            env!("CARGO_PKG_VERSION").into(),
            "001".into(),
            format!("{}T00:00:00", fmt_iso(end)),
        ],
        0,
    );
    for child in children {
        let steps = steps(child.journey);
        let episodes: Vec<&JourneyStep> = steps
            .iter()
            .copied()
            .filter(|s| match &s.detail {
                StepDetail::CinEpisode {
                    referral_date,
                    closure_date,
                    ..
                } => overlaps(*referral_date, *closure_date, year),
                _ => false,
            })
            .collect();
        if episodes.is_empty() {
            continue;
        }
        let ordinal = ret.children;
        ret.children += 1;
        let p = &child.person.details;
        let id = child_id(child.person);
        let upn = p.upn.as_ref().map(|u| u.as_str().to_string());
        let ids = vec![
            id.clone(),
            upn.clone().unwrap_or_default(),
            p.former_upn
                .as_ref()
                .map(|u| u.as_str().to_string())
                .unwrap_or_default(),
            if upn.is_none() && p.date_of_birth.is_none() {
                "UN1".into()
            } else {
                String::new()
            },
            iso(p.date_of_birth),
            if p.date_of_birth.is_none() {
                iso(p.expected_date_of_birth)
            } else {
                String::new()
            },
            p.sex.map(|s| s.code().to_string()).unwrap_or_default(),
            String::new(),
            iso(by(p.date_of_death, end)),
        ];
        ret.push(C::ChildIdentifiers, ordinal, ids, 0);
        let ethnic = p
            .ethnicity
            .map(|e| e.code().to_string())
            .unwrap_or_default();
        ret.push(
            C::ChildCharacteristics,
            ordinal,
            vec![id.clone(), ethnic],
            0,
        );
        let disabilities: Vec<String> = steps
            .iter()
            .filter_map(|s| match &s.detail {
                StepDetail::Disability { code } => Some(code.clone()),
                _ => None,
            })
            .collect();
        for code in if disabilities.is_empty() {
            vec!["NONE".to_string()]
        } else {
            disabilities
        } {
            ret.push(C::Disabilities, ordinal, vec![id.clone(), code], 0);
        }
        for ep in &episodes {
            let StepDetail::CinEpisode {
                referral_date,
                referral_source,
                primary_need,
                closure_date,
                closure_reason,
                referral_nfa,
                initial_cpc,
            } = &ep.detail
            else {
                continue;
            };
            let closed = by(*closure_date, end);
            let d = ret.push(
                C::CinDetails,
                ordinal,
                vec![
                    id.clone(),
                    String::new(),
                    fmt_iso(*referral_date),
                    referral_source.clone(),
                    primary_need.clone(),
                    iso(closed),
                    if closed.is_some() {
                        closure_reason.clone()
                    } else {
                        String::new()
                    },
                    iso(by(*initial_cpc, end)),
                    referral_nfa.clone(),
                ],
                0,
            );
            set(
                &mut ret,
                C::CinDetails,
                d,
                cin::cin_details::CINdetailsID,
                d.to_string(),
            );
            // The episode's own steps: those that name it, or, when a step
            // names none, those that start within it.
            let within = |s: &&JourneyStep| match s.detail.episode() {
                Some(e) => e == ep.id,
                None => s
                    .detail
                    .start()
                    .is_some_and(|st| st >= *referral_date && closure_date.is_none_or(|c| st <= c)),
            };
            for s in steps.iter().copied().filter(within) {
                let link = d.to_string();
                match &s.detail {
                    StepDetail::Assessment {
                        start,
                        internal_review,
                        authorised,
                        factors,
                        ..
                    } if *start <= end && authorised.is_none_or(|a| a >= year.start()) => {
                        let a = ret.push(
                            C::Assessments,
                            ordinal,
                            vec![
                                id.clone(),
                                link.clone(),
                                String::new(),
                                fmt_iso(*start),
                                iso(by(*internal_review, end)),
                                iso(by(*authorised, end)),
                                if by(*authorised, end).is_some() {
                                    factors.join(",")
                                } else {
                                    String::new()
                                },
                            ],
                            0,
                        );
                        set(
                            &mut ret,
                            C::Assessments,
                            a,
                            cin::assessments::AssessmentID,
                            a.to_string(),
                        );
                        // Factors are identified when the assessment is
                        // authorised: none before then.
                        let known = by(*authorised, end).is_some();
                        for f in factors.iter().filter(|_| known) {
                            ret.push(
                                C::AssessmentFactorsList,
                                ordinal,
                                vec![id.clone(), link.clone(), a.to_string(), f.clone()],
                                0,
                            );
                        }
                    }
                    StepDetail::CinPlan { start, end: e, .. }
                        if *start <= end && e.is_none_or(|e| e >= year.start()) =>
                    {
                        ret.push(
                            C::CinPlanDates,
                            ordinal,
                            vec![id.clone(), link, fmt_iso(*start), iso(by(*e, end))],
                            0,
                        );
                    }
                    StepDetail::Section47 {
                        start,
                        icpc_target,
                        icpc_date,
                        icpc_not_required,
                        ..
                    } if *start <= end
                        && (*start >= year.start()
                            || icpc_date.is_some_and(|d| d >= year.start())) =>
                    {
                        ret.push(
                            C::Section47,
                            ordinal,
                            vec![
                                id.clone(),
                                link,
                                fmt_iso(*start),
                                iso(*icpc_target),
                                iso(by(*icpc_date, end)),
                                icpc_not_required.clone(),
                            ],
                            0,
                        );
                    }
                    StepDetail::CpPlan {
                        start,
                        end: e,
                        initial_category,
                        latest_category,
                        previous_plans,
                        reviews,
                        ..
                    } if *start <= end && e.is_none_or(|e| e >= year.start()) => {
                        let pl = ret.push(
                            C::ChildProtectionPlans,
                            ordinal,
                            vec![
                                id.clone(),
                                link.clone(),
                                String::new(),
                                fmt_iso(*start),
                                iso(by(*e, end)),
                                initial_category.clone(),
                                latest_category.clone(),
                                previous_plans.clone(),
                            ],
                            0,
                        );
                        set(
                            &mut ret,
                            C::ChildProtectionPlans,
                            pl,
                            cin::cp_plans::CPPID,
                            pl.to_string(),
                        );
                        for r in reviews.iter().filter(|r| in_year(**r, year)) {
                            ret.push(
                                C::Reviews,
                                ordinal,
                                vec![id.clone(), link.clone(), pl.to_string(), fmt_iso(*r)],
                                0,
                            );
                        }
                    }
                    StepDetail::PreProceedings {
                        start,
                        letter_before_proceedings,
                        fgdm_offered,
                        fgdm_facilitated,
                        initial_meeting,
                        review_meetings,
                        step_decision,
                        outcome,
                        court_application,
                        letter_initial_cp,
                        ..
                    } if year.0 >= 2027 => {
                        // The pre-proceedings module joins the census in
                        // 2026/27; earlier years' schemas do not have it.
                        ret.push(
                            C::PreProceedings,
                            ordinal,
                            vec![
                                id.clone(),
                                link,
                                iso(*start),
                                iso(*letter_before_proceedings),
                                fgdm_offered.clone(),
                                fgdm_facilitated.clone(),
                                iso(*initial_meeting),
                                review_meetings.clone(),
                                iso(*step_decision),
                                outcome.clone(),
                                iso(*court_application),
                                iso(*letter_initial_cp),
                            ],
                            0,
                        );
                    }
                    _ => {}
                }
            }
        }
    }
    for t in C::ALL {
        ret.table_mut(*t).present = true;
    }
    renumber(&mut ret.tables);
    ret
}

fn set(ret: &mut CinReturn, t: C, row: usize, col: usize, value: String) {
    ret.table_mut(t).set(row, col, &value);
}

/// The 903 as CSV files is `ssda903::csv_io::write_dir`; kept here so the
/// derivation and its writer are found together.
pub use ssda903::csv_io::write_dir as write_903_dir;
