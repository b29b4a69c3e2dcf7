//! The catalogue of measures: for each, a stable id, the outcome it evidences,
//! a title and a plain-words definition, how its value is scaled, which way
//! is better, and England's latest figure with its year and source.
//!
//! Ids never change once published: exports, comparator files and the
//! self-audit's links refer to them. England figures are as found in the
//! DfE's published statistics (see `outcome-measures.md` in the reference);
//! a figure marked "derived" is computed from published counts; where no
//! national figure exists the field is `None` and the page says so.

use serde::Serialize;

/// The seven outcomes of the DfE's framework, in its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Stability,
    ReducedRisk,
    Wellbeing,
    DaysInCare,
    StaffWellbeing,
    Workforce,
    ValueForMoney,
}

impl Outcome {
    pub const ALL: [Outcome; 7] = [
        Outcome::Stability,
        Outcome::ReducedRisk,
        Outcome::Wellbeing,
        Outcome::DaysInCare,
        Outcome::StaffWellbeing,
        Outcome::Workforce,
        Outcome::ValueForMoney,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Outcome::Stability => "stability",
            Outcome::ReducedRisk => "reduced_risk",
            Outcome::Wellbeing => "wellbeing",
            Outcome::DaysInCare => "days_in_care",
            Outcome::StaffWellbeing => "staff_wellbeing",
            Outcome::Workforce => "workforce",
            Outcome::ValueForMoney => "value_for_money",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.code() == code)
    }

    /// The outcome as the framework names it.
    pub fn title(self) -> &'static str {
        match self {
            Outcome::Stability => "Greater stability for children",
            Outcome::ReducedRisk => "Reduced risk for children",
            Outcome::Wellbeing => "Increased wellbeing and resilience for children and families",
            Outcome::DaysInCare => "Reduced days spent in care",
            Outcome::StaffWellbeing => "Improved staff wellbeing",
            Outcome::Workforce => "Reduced staff turnover and agency rates",
            Outcome::ValueForMoney => "Better value for money",
        }
    }
}

/// How a value is worked out from its numerator and denominator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// 100 × numerator ÷ denominator.
    Percent,
    /// 10,000 × numerator ÷ denominator (a rate per 10,000 children).
    PerTenThousand,
    /// numerator ÷ denominator (an average: days, weeks, a score).
    Mean,
    /// numerator ÷ denominator in pounds (numerator in pence).
    Pounds,
    /// The numerator itself (a count); the denominator is the group it is
    /// counted in, and with no one in that group there is no count to show.
    Count,
}

impl Scale {
    /// The value, or `None` where there is nothing to divide by.
    pub fn value(self, numerator: f64, denominator: f64) -> Option<f64> {
        match self {
            _ if denominator <= 0.0 => None,
            Scale::Count => Some(numerator),
            Scale::Percent => Some(100.0 * numerator / denominator),
            Scale::PerTenThousand => Some(10_000.0 * numerator / denominator),
            Scale::Mean => Some(numerator / denominator),
            Scale::Pounds => Some(numerator / denominator / 100.0),
        }
    }

    /// The value as people read it: "22.6%", "67", "14.2", "£1,234".
    pub fn show(self, value: f64) -> String {
        match self {
            Scale::Percent => format!("{value:.1}%"),
            Scale::PerTenThousand => format!("{value:.0}"),
            Scale::Mean => format!("{value:.1}"),
            Scale::Count => format!("{value:.0}"),
            Scale::Pounds => format!("£{}", thousands(value.round() as i64)),
        }
    }
}

fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Which way is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    HigherIsBetter,
    LowerIsBetter,
    /// Context: neither way is better in itself (a very low re-referral
    /// rate can mean cases held open too long).
    Neutral,
}

/// Who the numerator counts, which decides what its drill-down lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Counts {
    Children,
    Families,
    Staff,
    /// Anonymous answers or money: there is no list behind the number.
    Nobody,
}

/// The period a measure's statutory year runs over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Year {
    /// 1 April to 31 March, as the SSDA903 and the CIN census.
    Collection,
    /// 1 October to 30 September, as the children's social work workforce
    /// census.
    Workforce,
}

/// England's latest published figure.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct England {
    pub value: f64,
    /// The year the figure is for (a collection year by its end: 2025 is
    /// 2024/25; a workforce year by its September).
    pub year: i32,
    pub source: &'static str,
}

/// One measure.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Measure {
    pub id: &'static str,
    pub outcome: Outcome,
    pub title: &'static str,
    pub definition: &'static str,
    /// What the numerator counts, in a few words.
    pub numerator: &'static str,
    /// What the denominator counts.
    pub denominator: &'static str,
    pub scale: Scale,
    pub polarity: Polarity,
    pub counts: Counts,
    pub year: Year,
    /// Defined by the DfE (computed exactly as the DfE does) rather than by
    /// Hearth.
    pub dfe: bool,
    pub england: Option<England>,
}

/// Finds a measure by its id.
pub fn measure(id: &str) -> Option<&'static Measure> {
    MEASURES.iter().find(|m| m.id == id)
}

/// The measures of one outcome, in catalogue order.
pub fn of_outcome(outcome: Outcome) -> impl Iterator<Item = &'static Measure> {
    MEASURES.iter().filter(move |m| m.outcome == outcome)
}

const EES_CLA: &str =
    "DfE, Children looked after in England including adoptions (Explore education statistics)";
const EES_WF: &str = "DfE, Children's social work workforce (Explore education statistics)";

macro_rules! m {
    ($id:literal, $o:ident, $title:literal, $def:literal, $num:literal, $den:literal,
     $scale:ident, $pol:ident, $counts:ident, $year:ident, $dfe:literal, $eng:expr) => {
        Measure {
            id: $id,
            outcome: Outcome::$o,
            title: $title,
            definition: $def,
            numerator: $num,
            denominator: $den,
            scale: Scale::$scale,
            polarity: Polarity::$pol,
            counts: Counts::$counts,
            year: Year::$year,
            dfe: $dfe,
            england: $eng,
        }
    };
}

const fn e(value: f64, year: i32, source: &'static str) -> Option<England> {
    Some(England {
        value,
        year,
        source,
    })
}

/// Every measure, grouped by outcome in the framework's order.
pub const MEASURES: &[Measure] = &[
    // 1. Stability
    m!("cla_3plus_placements", Stability, "Looked-after children with 3 or more placements in the year",
       "Children looked after on 31 March who had 3 or more separate placements in the year to 31 March, as a share of all children looked after on 31 March. A change of legal status alone is not a new placement; children looked after only under a series of short breaks are left out.",
       "children with 3 or more placements", "children looked after on 31 March",
       Percent, LowerIsBetter, Children, Collection, true,
       e(10.0, 2024, "DfE stability measures for children looked after, 2024 (\"one in 10\", as reported by CYP Now)")),
    m!("cla_long_term_stability", Stability, "Long-term placement stability",
       "Children under 16 on 31 March who had been looked after continuously for 2 and a half years or more, and who had lived in the same placement for 2 years or more, as a share of all under-16s looked after continuously for 2 and a half years or more.",
       "children in the same placement for 2 years or more", "under-16s looked after for 2.5 years or more",
       Percent, HigherIsBetter, Children, Collection, true,
       e(69.0, 2025, "DfE, CLA placement stability by local authority, 2025 (19,680 of 28,710)")),
    m!("unplanned_placement_endings", Stability, "Unplanned placement endings",
       "Placements ending in the period for an unplanned reason (the 903 reason for placement change is a closure, an allegation, a standards concern, approval removed, a carer's or the child's request, the authority's request or custody), as a share of the children in a placement at any time in the period. Planned moves (CARPL, PLACE) and OTHER are not counted.",
       "unplanned placement endings", "children in a placement in the period",
       Percent, LowerIsBetter, Children, Collection, false, None),
    m!("cla_3plus_social_workers", Stability, "Looked-after children with 3 or more social workers in the year",
       "Children looked after on 31 March who had 3 or more social workers in the year to 31 March (from the 903 social worker episodes, or else the lead practitioner allocations), as a share of all children looked after on 31 March.",
       "children with 3 or more social workers", "children looked after on 31 March",
       Percent, LowerIsBetter, Children, Collection, true,
       e(27.0, 2024, "DfE stability measures for children looked after, 2024 (first year published)")),
    m!("lead_practitioner_changes_3plus", Stability, "Children with 3 or more lead practitioners in 12 months",
       "Children open to children's social care at any time in the period who had 3 or more different lead practitioners in it, as a share of the children open in the period. Counts the lead role whoever holds it, not only social workers.",
       "children with 3 or more lead practitioners", "children open in the period",
       Percent, LowerIsBetter, Children, Collection, false, None),
    m!("days_unallocated", Stability, "Days unallocated",
       "Days in the period on which a child open to children's social care (a children in need episode open, or looked after) had no lead practitioner, averaged over the children open in the period.",
       "days without a lead practitioner", "children open in the period",
       Mean, LowerIsBetter, Children, Collection, false, None),
    // 2. Reduced risk
    m!("re_referrals_12m", ReducedRisk, "Re-referrals within 12 months",
       "Referrals in the year for a child who had another referral in the 12 months before, as a share of all referrals in the year (whatever their outcome, no further action included). Very low can mean cases are held open.",
       "referrals within 12 months of a previous referral", "referrals in the year",
       Percent, Neutral, Children, Collection, true,
       e(22.6, 2025, "DfE Children in need 2025 (about 633,000 referrals), as reported by Social Work Today")),
    m!("cp_second_or_subsequent", ReducedRisk, "Child protection plans that are a second or later plan",
       "Child protection plans starting in the year for a child who had been the subject of a plan before (at any time), as a share of all plans starting in the year.",
       "plans that are a second or later plan", "plans starting in the year",
       Percent, LowerIsBetter, Children, Collection, true, None),
    m!("cp_ended_2y_plus", ReducedRisk, "Child protection plans lasting 2 years or more",
       "Child protection plans ending in the year that had lasted 2 years or more, as a share of all plans ending in the year.",
       "plans ended that lasted 2 years or more", "plans ended in the year",
       Percent, LowerIsBetter, Children, Collection, true,
       e(4.4, 2025, "DfE Children in need 2025, table D7 (2,710 of 62,300)")),
    m!("icpc_within_15wd", ReducedRisk, "Initial conferences within 15 working days",
       "Initial child protection conferences in the year held within 15 working days of the start of the section 47 enquiry that led to them (working days leave out weekends and England's bank holidays), as a share of all initial conferences in the year.",
       "conferences within 15 working days", "initial conferences in the year",
       Percent, HigherIsBetter, Children, Collection, true,
       e(81.0, 2025, "DfE Children in need 2025, table C4 (derived: 58,670 of 72,100)")),
    m!("assessments_within_45wd", ReducedRisk, "Assessments completed within 45 working days",
       "Assessments completed (authorised) in the year within 45 working days of their start, as a share of all assessments completed in the year.",
       "assessments within 45 working days", "assessments completed in the year",
       Percent, HigherIsBetter, Children, Collection, true, None),
    m!("cp_rate_per_10k", ReducedRisk, "Children becoming the subject of a child protection plan, per 10,000",
       "Children starting a child protection plan in the year, per 10,000 children aged 0 to 17 in the council's population.",
       "children starting a plan", "children aged 0 to 17",
       PerTenThousand, LowerIsBetter, Children, Collection, true,
       e(50.0, 2025, "DfE Children in need 2025 (derived: 61,660 children)")),
    m!("missing_episodes", ReducedRisk, "Looked-after children who went missing",
       "Children looked after at any time in the year who had at least one missing episode in it, as a share of all children looked after in the year.",
       "children who went missing", "children looked after in the year",
       Percent, LowerIsBetter, Children, Collection, true, None),
    m!("scaling_improved_2plus", ReducedRisk, "Scaling improved by 2 points or more",
       "Children scaled twice or more whose latest score in the period is 2 or more points above their first, as a share of children scaled twice or more. Scores are 0 to 10, from the family's scaling conversations in the period, one a day: the worker's where a worker scored, or else the mean of everyone's scores that day.",
       "children whose scaling rose by 2 or more", "children scaled twice or more",
       Percent, HigherIsBetter, Children, Collection, false, None),
    m!("scaling_drop_alerts", ReducedRisk, "Scaling drops of 2 points or more",
       "Children whose latest scaling score in the period is 2 or more points below the one before: each is a prompt to look again at the plan.",
       "children whose scaling fell by 2 or more", "children scaled twice or more",
       Count, LowerIsBetter, Children, Collection, false, None),
    // 3. Wellbeing and resilience
    m!("sdq_change", Wellbeing, "Change in strengths and difficulties score",
       "For looked-after children with two or more strengths and difficulties scores (0 to 40; the questionnaire itself is licensed and not reproduced), the mean change from the first score to the latest. Below zero is better.",
       "sum of changes in score", "children with two or more scores",
       Mean, LowerIsBetter, Children, Collection, false, None),
    m!("sdq_average", Wellbeing, "Average strengths and difficulties score",
       "The mean strengths and difficulties score in the year's outcomes return (OC2) of children aged 4 to 16 on 31 March who had then been looked after continuously for 12 months or more (short breaks left out), among those with a score: the 903's OC2 cohort.",
       "sum of scores", "children with a score",
       Mean, LowerIsBetter, Children, Collection, true, None),
    m!("family_feedback_agree", Wellbeing, "Families who say things are better",
       "Family feedback responses in the period scoring 4 or 5 (of 5) on every question answered (listened to, understood and involved in the plan, the worker reliable, things better), as a share of responses that answered at least one.",
       "responses agreeing throughout", "feedback responses",
       Percent, HigherIsBetter, Families, Collection, false, None),
    m!("family_feedback_response", Wellbeing, "Family feedback response rate",
       "Families worked with in the period who gave feedback, as a share of all families worked with.",
       "families who gave feedback", "families worked with",
       Percent, HigherIsBetter, Families, Collection, false, None),
    m!("childs_voice", Wellbeing, "Children's views recorded in their own words",
       "Children open in the period whose views were recorded in their own words (words or drawings) in it, as a share of children open in the period.",
       "children with their views in their own words", "children open in the period",
       Percent, HigherIsBetter, Children, Collection, false, None),
    m!("whole_family_response", Wellbeing, "Adult needs met by an adult specialist within 8 weeks",
       "Assessments starting in the period that found parental domestic abuse, mental ill-health, or drug or alcohol misuse (CIN factors 1B, 2B, 3B, 4B), where an adult specialist was working with the family within 8 weeks (56 days) of the assessment's start, as a share of those assessments. One still inside its 8 weeks with no specialist yet is not counted.",
       "assessments with a specialist within 8 weeks", "assessments with an adult factor",
       Percent, HigherIsBetter, Children, Collection, false, None),
    // 4. Days in care
    m!("cla_rate_per_10k", DaysInCare, "Children looked after per 10,000",
       "Children looked after on 31 March (short breaks only left out), per 10,000 children aged 0 to 17.",
       "children looked after on 31 March", "children aged 0 to 17",
       PerTenThousand, LowerIsBetter, Children, Collection, true,
       e(67.0, 2025, EES_CLA)),
    m!("cla_starts_per_10k", DaysInCare, "Children starting to be looked after, per 10,000",
       "Children who started to be looked after in the year (each child once, however many times they started), per 10,000 children aged 0 to 17.",
       "children starting care", "children aged 0 to 17",
       PerTenThousand, LowerIsBetter, Children, Collection, true,
       e(27.0, 2024, "DfE Children looked after 2024 (derived: 33,050 starts)")),
    m!("care_days_per_child", DaysInCare, "Days in care per child looked after",
       "Days looked after inside the period (short breaks left out), averaged over the children looked after at any time in it.",
       "days looked after", "children looked after in the period",
       Mean, LowerIsBetter, Children, Collection, false, None),
    m!("returns_home", DaysInCare, "Children leaving care to return home",
       "Children who ceased to be looked after in the year by returning home to their parents or someone with parental responsibility (903 reason E4A or E4B), as a share of all children who ceased in the year.",
       "children returning home", "children ceasing care",
       Percent, HigherIsBetter, Children, Collection, true, None),
    m!("returns_home_lasting", DaysInCare, "Returns home that lasted 12 months",
       "Children who returned home in the year before this one and were not looked after again within 12 months, as a share of those who returned home then.",
       "returns home that lasted", "children returning home a year earlier",
       Percent, HigherIsBetter, Children, Collection, false, None),
    m!("edge_of_care_kept_home", DaysInCare, "Children at the edge of care kept safely at home",
       "Children flagged as at high risk of coming into care whose flag reached its first anniversary in the period, who were not looked after at any time in the 12 months after the flag (short breaks aside), as a share of all children so flagged.",
       "children not looked after 12 months on", "children flagged at the edge of care",
       Percent, HigherIsBetter, Children, Collection, false, None),
    // 5. Staff wellbeing
    m!("sickness_absence_rate", StaffWellbeing, "Sickness absence",
       "Working days lost to sickness in the year to 30 September by social workers, as a share of the working days available (FTE in post × 253 days).",
       "working days lost to sickness", "working days available",
       Percent, LowerIsBetter, Nobody, Workforce, true,
       e(3.5, 2025, EES_WF)),
    m!("supervision_in_policy", StaffWellbeing, "Supervision held as the policy asks",
       "Supervision sessions held in the period for case-holding practitioners, as a share of the sessions the policy asks for (one every 4 weeks in post); sessions beyond a person's due do not make up for another's.",
       "sessions held", "sessions due",
       Percent, HigherIsBetter, Staff, Collection, false, None),
    m!("direct_work_share", StaffWellbeing, "Time in direct work with families",
       "Hours recorded as direct work with children and families in the period, as a share of all hours recorded.",
       "hours of direct work", "hours recorded",
       Percent, HigherIsBetter, Nobody, Collection, false, None),
    m!("pulse_score", StaffWellbeing, "Staff pulse",
       "The mean of the anonymous pulse check's answers in the period (each 1 to 5), shown only where 5 or more people answered.",
       "sum of answers", "answers",
       Mean, HigherIsBetter, Nobody, Collection, false, None),
    // 6. Turnover and agency
    m!("turnover_rate", Workforce, "Social worker turnover",
       "FTE of social workers (not agency) who left in the year to 30 September, as a share of FTE social workers in post on 30 September.",
       "FTE leavers", "FTE in post on 30 September",
       Percent, LowerIsBetter, Staff, Workforce, true,
       e(11.8, 2025, EES_WF)),
    m!("agency_rate", Workforce, "Agency social workers",
       "FTE agency social workers on 30 September, as a share of agency FTE plus FTE social workers in post.",
       "agency FTE", "agency FTE and FTE in post",
       Percent, LowerIsBetter, Staff, Workforce, true,
       e(13.0, 2025, EES_WF)),
    m!("vacancy_rate", Workforce, "Social worker vacancies",
       "FTE funded social worker posts on 30 September not filled by a permanent social worker (covered by agency staff or not), as a share of vacancies plus FTE in post.",
       "FTE vacancies", "vacancies and FTE in post",
       Percent, LowerIsBetter, Nobody, Workforce, true,
       e(14.2, 2025, EES_WF)),
    m!("caseload_avg", Workforce, "Average caseload",
       "Children allocated to a case-holding social worker on 30 September, divided by the FTE of case-holding social workers.",
       "cases held", "FTE case holders",
       Mean, LowerIsBetter, Staff, Workforce, true,
       e(15.2, 2025, EES_WF)),
    // 7. Value for money
    m!("cost_per_family", ValueForMoney, "Cost per family",
       "For families worked with in the period: practitioners' recorded time at each role's hourly rate, plus placement weeks at the weekly rate for the placement type, divided by the families.",
       "cost of time and placements", "families worked with",
       Pounds, LowerIsBetter, Families, Collection, false, None),
    m!("cost_per_child", ValueForMoney, "Cost per child",
       "The same costs as for each family, divided by the children open in the period.",
       "cost of time and placements", "children open in the period",
       Pounds, LowerIsBetter, Children, Collection, false, None),
    m!("weeks_of_involvement", ValueForMoney, "Weeks of involvement",
       "Weeks from referral to closure of the children in need episodes that closed in the period, averaged over those episodes. Read it beside re-referrals: a well-resolved longer episode beats a quick closure.",
       "weeks open", "episodes closed",
       Mean, Neutral, Children, Collection, false, None),
    m!("edge_of_care_spend", ValueForMoney, "Care costs against the expected path",
       "For children flagged at the edge of care: the care days the council's expected path gives them (the share of such children it expects to come into care, times the average days a looked-after child spends in care in a year) less the days they actually spent in care, at the average weekly placement cost. A positive figure is spend avoided; it is an estimate from stated assumptions, not a saving proven against a comparison group.",
       "care cost avoided against the expected path", "children flagged",
       Pounds, HigherIsBetter, Nobody, Collection, false, None),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_snake_case_and_every_outcome_has_measures() {
        let mut seen = HashSet::new();
        for m in MEASURES {
            assert!(seen.insert(m.id), "{} twice", m.id);
            assert!(m
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
            assert!(m.definition.ends_with('.'), "{}", m.id);
        }
        for o in Outcome::ALL {
            assert!(of_outcome(o).count() >= 3, "{o:?}");
        }
    }

    #[test]
    fn the_documentation_lists_every_measure() {
        let doc = include_str!("../../../docs/outcomes.md");
        for m in MEASURES {
            assert!(
                doc.contains(&format!("`{}`", m.id)),
                "docs/outcomes.md does not list {}",
                m.id
            );
        }
    }

    #[test]
    fn values_scale_and_show() {
        assert_eq!(Scale::Percent.value(1.0, 4.0), Some(25.0));
        assert_eq!(Scale::Percent.value(1.0, 0.0), None);
        assert_eq!(Scale::PerTenThousand.value(67.0, 10_000.0), Some(67.0));
        assert_eq!(Scale::Count.value(3.0, 40.0), Some(3.0));
        assert_eq!(Scale::Count.value(0.0, 0.0), None);
        assert_eq!(Scale::Pounds.show(123_456.4), "£123,456");
        assert_eq!(Scale::Percent.show(22.64), "22.6%");
    }
}
