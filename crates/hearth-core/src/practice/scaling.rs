//! Scaling: asking the child, each parent, the worker and partners where
//! things are on a 0-10 scale, repeated over months so the trend shows
//! whether the children are getting safer. A scaling conversation is one
//! record with one rating per rater; the trend is read across records that
//! ask the same question.

use crate::ids::{PersonId, UserId};
use serde::{Deserialize, Serialize};
use time::Date;

/// The question asked when the practitioner does not write their own. Its
/// wording is Hearth's own, generic to strengths-based practice.
pub const SAFETY_QUESTION: &str = "On a scale of 0 to 10, where 10 means everyone agrees the children are safe enough for us to close the case, and 0 means things are so bad the children cannot stay at home, where are things today?";

/// Who gave a rating.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RaterRole {
    Child,
    Parent,
    Carer,
    WiderFamily,
    Worker,
    Partner,
}

impl RaterRole {
    pub const ALL: &'static [RaterRole] = &[
        Self::Child,
        Self::Parent,
        Self::Carer,
        Self::WiderFamily,
        Self::Worker,
        Self::Partner,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::Child => "child",
            Self::Parent => "parent",
            Self::Carer => "carer",
            Self::WiderFamily => "wider_family",
            Self::Worker => "worker",
            Self::Partner => "partner",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Child => "Child",
            Self::Parent => "Parent",
            Self::Carer => "Carer",
            Self::WiderFamily => "Wider family",
            Self::Worker => "Worker",
            Self::Partner => "Partner agency",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|r| r.code() == s)
    }
}

/// One rater's score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rating {
    pub role: RaterRole,
    /// The family member who rated, when they are in the record.
    pub person: Option<PersonId>,
    /// The practitioner who rated, for the worker's own score.
    pub practitioner: Option<UserId>,
    /// The rater as shown ("Mum", "Jay", "School", "Social worker").
    pub name: String,
    pub score: u8,
    /// What they said about why that number, in their words.
    pub why: String,
}

impl Rating {
    /// A stable key for following one rater across conversations.
    pub fn rater_key(&self) -> String {
        match (self.person, self.practitioner) {
            (Some(p), _) => p.to_string(),
            (None, Some(u)) => format!("worker:{u}"),
            (None, None) => format!("{}:{}", self.role.code(), self.name.trim().to_lowercase()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scaling {
    pub question: String,
    pub ratings: Vec<Rating>,
    /// What would make it one point higher (the next step the family names).
    #[serde(default)]
    pub one_point_higher: String,
}

impl Scaling {
    pub fn check(&self) -> Result<(), String> {
        if self.question.trim().is_empty() {
            return Err("Enter the scaling question".into());
        }
        if self.ratings.is_empty() {
            return Err("Enter at least one rating".into());
        }
        if let Some(r) = self.ratings.iter().find(|r| r.score > 10) {
            return Err(format!("{}'s score must be between 0 and 10", r.name));
        }
        Ok(())
    }

    pub(crate) fn index(&self) -> Vec<(&'static str, String)> {
        vec![("question", question_key(&self.question))]
    }
}

/// Questions compare equal ignoring case, spacing and punctuation at the end.
pub fn question_key(q: &str) -> String {
    q.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['.', '?', '!'])
        .to_lowercase()
}

/// One rater's scores over time, for the trend chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Trend {
    pub key: String,
    pub name: String,
    pub role: RaterRole,
    pub points: Vec<(Date, u8)>,
}

impl Trend {
    pub fn first(&self) -> Option<u8> {
        self.points.first().map(|p| p.1)
    }
    pub fn latest(&self) -> Option<u8> {
        self.points.last().map(|p| p.1)
    }
    /// Points per 30 days, least squares; `None` with fewer than two dates.
    pub fn slope_per_month(&self) -> Option<f64> {
        if self.points.len() < 2 {
            return None;
        }
        let base = self.points[0].0;
        let xs: Vec<f64> = self
            .points
            .iter()
            .map(|(d, _)| (*d - base).whole_days() as f64 / 30.0)
            .collect();
        let ys: Vec<f64> = self.points.iter().map(|p| f64::from(p.1)).collect();
        let n = xs.len() as f64;
        let mx = xs.iter().sum::<f64>() / n;
        let my = ys.iter().sum::<f64>() / n;
        let sxx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
        if sxx == 0.0 {
            return None;
        }
        let sxy: f64 = xs.iter().zip(&ys).map(|(x, y)| (x - mx) * (y - my)).sum();
        Some(sxy / sxx)
    }
    /// The latest score is lower than the one before: worth a conversation.
    pub fn dropped(&self) -> bool {
        let n = self.points.len();
        n >= 2 && self.points[n - 1].1 < self.points[n - 2].1
    }
}

/// Each rater's scores on one question across conversations, in date order.
/// Raters are followed by person, practitioner or (for others) role and name.
pub fn trends<'a>(conversations: impl IntoIterator<Item = (Date, &'a Scaling)>) -> Vec<Trend> {
    let mut out: Vec<Trend> = Vec::new();
    let mut all: Vec<(Date, &Scaling)> = conversations.into_iter().collect();
    all.sort_by_key(|(d, _)| *d);
    for (on, s) in all {
        for r in &s.ratings {
            let key = r.rater_key();
            match out.iter_mut().find(|t| t.key == key) {
                Some(t) => {
                    t.points.push((on, r.score));
                    t.name = r.name.clone();
                }
                None => out.push(Trend {
                    key,
                    name: r.name.clone(),
                    role: r.role,
                    points: vec![(on, r.score)],
                }),
            }
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use time::macros::date;

    fn rating(role: RaterRole, name: &str, score: u8) -> Rating {
        Rating {
            role,
            person: None,
            practitioner: None,
            name: name.into(),
            score,
            why: String::new(),
        }
    }

    #[test]
    fn trends_follow_each_rater_in_date_order() {
        let later = Scaling {
            question: SAFETY_QUESTION.into(),
            ratings: vec![
                rating(RaterRole::Parent, "Mum", 7),
                rating(RaterRole::Worker, "SW", 5),
            ],
            one_point_higher: String::new(),
        };
        let first = Scaling {
            question: SAFETY_QUESTION.into(),
            ratings: vec![
                rating(RaterRole::Parent, "Mum", 3),
                rating(RaterRole::Worker, "SW", 2),
            ],
            one_point_higher: String::new(),
        };
        let t = trends([
            (date!(2026 - 03 - 01), &later),
            (date!(2026 - 01 - 01), &first),
        ]);
        assert_eq!(t.len(), 2);
        let mum = t.iter().find(|t| t.name == "Mum").unwrap();
        assert_eq!(mum.first(), Some(3));
        assert_eq!(mum.latest(), Some(7));
        assert!(!mum.dropped());
        let slope = mum.slope_per_month().unwrap();
        assert!(slope > 1.9 && slope < 2.1, "{slope}");
    }

    #[test]
    fn a_drop_is_noticed_and_scores_over_ten_refused() {
        let t = Trend {
            key: "k".into(),
            name: "Jay".into(),
            role: RaterRole::Child,
            points: vec![(date!(2026 - 01 - 01), 6), (date!(2026 - 02 - 01), 4)],
        };
        assert!(t.dropped());
        let s = Scaling {
            question: "q".into(),
            ratings: vec![rating(RaterRole::Child, "Jay", 11)],
            one_point_higher: String::new(),
        };
        assert!(s.check().unwrap_err().contains("between 0 and 10"));
    }

    #[test]
    fn questions_match_ignoring_spacing_and_case() {
        assert_eq!(
            question_key("How safe  is Jay? "),
            question_key("how safe is jay")
        );
    }
}
