//! The leadership's self-audit: the organisational conditions the outcomes
//! depend on, each rated from 1 (not in place) to 4 (embedded) with the
//! evidence and the actions agreed, round after round.
//!
//! Two sets of items, in our own words: the seven enablers of improvement in
//! children's services (the ISOS Partnership's research for the LGA, 2017),
//! and the recommendations of the Innovation Programme's thematic report on
//! good social work systems and practice (Rees Centre, 2017), which invites
//! services to audit themselves against them. Each item names the catalogue
//! measures that give evidence for it, so a rating can be read beside the
//! council's own figures rather than on impression alone.
//!
//! Ids are stable: a saved round refers to them, so never rename one.

use std::collections::BTreeMap;

use hearth_core::council::{AuditRating, SelfAudit};
use serde::Serialize;

/// The two families of items.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// The seven enablers of improvement (organisation and partnership).
    Enabler,
    /// The good social work systems recommendations (the practice system).
    GoodSystems,
}

impl Group {
    pub fn title(self) -> &'static str {
        match self {
            Group::Enabler => "Enablers of improvement",
            Group::GoodSystems => "Good social work systems",
        }
    }
}

/// One thing the leadership rates itself against.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct AuditItem {
    pub id: &'static str,
    pub group: Group,
    pub title: &'static str,
    /// The question to ask, in one sentence of plain words.
    pub prompt: &'static str,
    /// Catalogue measure ids whose figures are evidence for the rating.
    pub measures: &'static [&'static str],
}

/// Every self-audit item: the seven enablers first, in their published
/// order, then the good-systems recommendations.
pub const ITEMS: &[AuditItem] = &[
    AuditItem {
        id: "enabler_strategic_approach",
        group: Group::Enabler,
        title: "Strategic approach",
        prompt: "Do we judge ourselves honestly, welcome challenge from outside, and hold a vision and plan that fit this council?",
        measures: &["re_referrals_12m", "cla_rate_per_10k", "cp_rate_per_10k"],
    },
    AuditItem {
        id: "enabler_leadership_governance",
        group: Group::Enabler,
        title: "Leadership and governance",
        prompt: "Are our leaders at every level stable and focused, with governance that checks progress without reorganising for its own sake?",
        measures: &["turnover_rate", "cp_second_or_subsequent"],
    },
    AuditItem {
        id: "enabler_workforce",
        group: Group::Enabler,
        title: "Engaging and supporting the workforce",
        prompt: "Do staff hear high expectations without blame, and are we keeping and growing our own practitioners?",
        measures: &[
            "turnover_rate",
            "agency_rate",
            "vacancy_rate",
            "sickness_absence_rate",
            "pulse_score",
        ],
    },
    AuditItem {
        id: "enabler_partners",
        group: Group::Enabler,
        title: "Engaging partners",
        prompt: "Do senior partners share our thresholds and join us in auditing cases across agencies, and do we look outwards?",
        measures: &["re_referrals_12m", "whole_family_response"],
    },
    AuditItem {
        id: "enabler_apparatus",
        group: Group::Enabler,
        title: "Building the supporting apparatus",
        prompt: "Is the front door safe, does work flow along the child's journey, and do we track progress routinely?",
        measures: &[
            "assessments_within_45wd",
            "icpc_within_15wd",
            "days_unallocated",
        ],
    },
    AuditItem {
        id: "enabler_innovation",
        group: Group::Enabler,
        title: "Fostering innovation",
        prompt: "Do we learn as an organisation, try new ideas in careful pilots and evaluate them properly?",
        measures: &["scaling_improved_2plus", "family_feedback_agree"],
    },
    AuditItem {
        id: "enabler_resources",
        group: Group::Enabler,
        title: "Judicious use of resources",
        prompt: "Are money and strategy planned together, and do we keep investing where it is needed until improvement lasts?",
        measures: &["cost_per_family", "cost_per_child", "edge_of_care_spend"],
    },
    AuditItem {
        id: "systems_shared_model",
        group: Group::GoodSystems,
        title: "A shared model of practice",
        prompt: "Does everyone, partners included, share one clearly explained model or set of principles for good practice?",
        measures: &["scaling_improved_2plus", "childs_voice"],
    },
    AuditItem {
        id: "systems_multidisciplinary",
        group: Group::GoodSystems,
        title: "Adult specialists in the team",
        prompt: "Do children's social workers work alongside specialists in parents' substance use, mental health and domestic abuse?",
        measures: &["whole_family_response"],
    },
    AuditItem {
        id: "systems_wider_staff",
        group: Group::GoodSystems,
        title: "The wider team used well",
        prompt: "Do skilled administrators, family practitioners and volunteers take on the work that does not need a social worker?",
        measures: &["direct_work_share"],
    },
    AuditItem {
        id: "systems_supervision",
        group: Group::GoodSystems,
        title: "Supervision, consultation and group case discussion",
        prompt: "Do practitioners get regular supervision, access to consultation and time to think about cases together?",
        measures: &["supervision_in_policy", "pulse_score"],
    },
    AuditItem {
        id: "systems_caseloads",
        group: Group::GoodSystems,
        title: "Manageable caseloads",
        prompt: "Is work allocated so that every practitioner's caseload is manageable and actively managed?",
        measures: &["caseload_avg", "days_unallocated"],
    },
    AuditItem {
        id: "systems_skills",
        group: Group::GoodSystems,
        title: "Developing skills",
        prompt: "Do training, coaching, peer supervision and managers' expectations combine to build practitioners' skills?",
        measures: &["direct_work_share", "pulse_score"],
    },
    AuditItem {
        id: "systems_whole_family",
        group: Group::GoodSystems,
        title: "Families as partners",
        prompt: "Do we work with the whole family as partners in naming and solving their difficulties, with authority and empathy?",
        measures: &[
            "family_feedback_agree",
            "family_feedback_response",
            "childs_voice",
        ],
    },
    AuditItem {
        id: "systems_consistent_worker",
        group: Group::GoodSystems,
        title: "A consistent relationship",
        prompt: "Does each child keep the same key practitioner long enough to build a relationship that helps?",
        measures: &["lead_practitioner_changes_3plus", "cla_3plus_social_workers"],
    },
    AuditItem {
        id: "systems_data_and_recording",
        group: Group::GoodSystems,
        title: "Recording and data that fit the practice",
        prompt: "Do our recording systems follow the way we practise, and do we use data for planning and watching performance?",
        measures: &["assessments_within_45wd", "weeks_of_involvement"],
    },
];

/// Finds an item by its id.
pub fn item(id: &str) -> Option<&'static AuditItem> {
    ITEMS.iter().find(|i| i.id == id)
}

/// The rating scale, 1 to 4.
pub const RATINGS: [(u8, &str); 4] = [
    (1, "Not in place"),
    (2, "Starting"),
    (3, "In place"),
    (4, "Embedded"),
];

/// A rating's label ("In place"), or "" for a number off the scale.
pub fn rating_label(rating: u8) -> &'static str {
    RATINGS
        .iter()
        .find(|(n, _)| *n == rating)
        .map(|(_, l)| *l)
        .unwrap_or("")
}

/// How one item moved between two rounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Better,
    Same,
    Worse,
    /// Rated in one round only.
    NotComparable,
}

impl Change {
    pub fn label(self) -> &'static str {
        match self {
            Change::Better => "Improved",
            Change::Same => "No change",
            Change::Worse => "Fallen back",
            Change::NotComparable => "Not rated in both rounds",
        }
    }
}

/// One item across two rounds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub item: &'static AuditItem,
    pub then: Option<u8>,
    pub now: Option<u8>,
    pub change: Change,
}

impl Comparison {
    /// The difference in points (now less then), where both were rated.
    pub fn points(&self) -> Option<i8> {
        match (self.then, self.now) {
            (Some(a), Some(b)) => Some(b as i8 - a as i8),
            _ => None,
        }
    }
}

fn ratings_by_item(round: &SelfAudit) -> BTreeMap<&str, &AuditRating> {
    round.ratings.iter().map(|r| (r.item.as_str(), r)).collect()
}

/// Compares every item of [`ITEMS`] between an earlier round (if any) and a
/// later one, in catalogue order. Ratings of ids no longer in the catalogue
/// are left out.
pub fn compare(then: Option<&SelfAudit>, now: &SelfAudit) -> Vec<Comparison> {
    let before = then.map(ratings_by_item).unwrap_or_default();
    let after = ratings_by_item(now);
    ITEMS
        .iter()
        .map(|item| {
            let then = before.get(item.id).map(|r| r.rating);
            let now = after.get(item.id).map(|r| r.rating);
            let change = match (then, now) {
                (Some(a), Some(b)) if b > a => Change::Better,
                (Some(a), Some(b)) if b < a => Change::Worse,
                (Some(_), Some(_)) => Change::Same,
                _ => Change::NotComparable,
            };
            Comparison {
                item,
                then,
                now,
                change,
            }
        })
        .collect()
}

/// The round's mean rating over the items it rated, for a one-line summary.
pub fn mean_rating(round: &SelfAudit) -> Option<f64> {
    let rated: Vec<u8> = round
        .ratings
        .iter()
        .filter(|r| item(&r.item).is_some())
        .map(|r| r.rating)
        .collect();
    if rated.is_empty() {
        None
    } else {
        Some(rated.iter().map(|r| f64::from(*r)).sum::<f64>() / rated.len() as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn rating(item: &str, rating: u8) -> AuditRating {
        AuditRating {
            item: item.into(),
            rating,
            evidence: String::new(),
            actions: vec![],
        }
    }

    #[test]
    fn items_are_unique_and_link_only_to_catalogue_measures() {
        let mut seen = HashSet::new();
        for i in ITEMS {
            assert!(seen.insert(i.id), "{} twice", i.id);
            assert!(i.prompt.ends_with('?'), "{}", i.id);
            assert!(!i.measures.is_empty(), "{}", i.id);
            for m in i.measures {
                assert!(crate::catalogue::measure(m).is_some(), "{}: {m}", i.id);
            }
        }
        assert_eq!(
            ITEMS.iter().filter(|i| i.group == Group::Enabler).count(),
            7
        );
        assert!(
            ITEMS
                .iter()
                .filter(|i| i.group == Group::GoodSystems)
                .count()
                >= 8
        );
    }

    #[test]
    fn compares_two_rounds_item_by_item() {
        let spring = SelfAudit {
            round: "Spring".into(),
            ratings: vec![
                rating("enabler_strategic_approach", 2),
                rating("enabler_workforce", 3),
                rating("systems_caseloads", 2),
            ],
        };
        let winter = SelfAudit {
            round: "Winter".into(),
            ratings: vec![
                rating("enabler_strategic_approach", 3),
                rating("enabler_workforce", 2),
                rating("systems_caseloads", 2),
                rating("systems_supervision", 4),
            ],
        };
        let c = compare(Some(&spring), &winter);
        assert_eq!(c.len(), ITEMS.len());
        let get = |id: &str| c.iter().find(|x| x.item.id == id).cloned();
        let strategic = get("enabler_strategic_approach");
        assert_eq!(strategic.as_ref().map(|x| x.change), Some(Change::Better));
        assert_eq!(strategic.and_then(|x| x.points()), Some(1));
        assert_eq!(
            get("enabler_workforce").map(|x| x.change),
            Some(Change::Worse)
        );
        assert_eq!(
            get("systems_caseloads").map(|x| x.change),
            Some(Change::Same)
        );
        let supervision = get("systems_supervision");
        assert_eq!(
            supervision.as_ref().map(|x| x.change),
            Some(Change::NotComparable)
        );
        assert_eq!(supervision.and_then(|x| x.now), Some(4));
        // (2 + 3 + 2) / 3 and (3 + 2 + 2 + 4) / 4.
        assert_eq!(mean_rating(&spring), Some(7.0 / 3.0));
        assert_eq!(mean_rating(&winter), Some(2.75));
        assert_eq!(rating_label(3), "In place");
        assert_eq!(rating_label(9), "");
    }
}
