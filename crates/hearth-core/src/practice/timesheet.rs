//! Where a practitioner's time goes: direct work with families, travel,
//! recording and administration, meetings. The share in direct work is what
//! the features of practice aim to raise (the evidence saw it rise from 34%
//! to 58% when tasks were delegated and recording fitted the practice).

use crate::ids::{FamilyId, UserId};
use serde::{Deserialize, Serialize};
use time::{Date, Month};

/// The share of social workers' time with families before the Hampshire and
/// Isle of Wight innovation project (skilled administrators and practice
/// assistants taking on tasks): context for the chart, not a target.
pub const EVIDENCE_BEFORE: f64 = 0.34;
/// ...and after, in the project's first year.
pub const EVIDENCE_AFTER: f64 = 0.58;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activity {
    DirectWork,
    Travel,
    Recording,
    Administration,
    Meetings,
    Supervision,
    Training,
}

impl Activity {
    pub const ALL: &'static [Self] = &[
        Self::DirectWork,
        Self::Travel,
        Self::Recording,
        Self::Administration,
        Self::Meetings,
        Self::Supervision,
        Self::Training,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::DirectWork => "direct_work",
            Self::Travel => "travel",
            Self::Recording => "recording",
            Self::Administration => "administration",
            Self::Meetings => "meetings",
            Self::Supervision => "supervision",
            Self::Training => "training",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::DirectWork => "Direct work with children and families",
            Self::Travel => "Travel",
            Self::Recording => "Recording",
            Self::Administration => "Administration",
            Self::Meetings => "Meetings",
            Self::Supervision => "Supervision and reflection",
            Self::Training => "Training",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|x| x.code() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimeEntry {
    pub practitioner: UserId,
    pub activity: Activity,
    pub minutes: u32,
    /// The family the time was for, if any.
    pub family: Option<FamilyId>,
    #[serde(default)]
    pub note: String,
}

impl TimeEntry {
    pub fn check(&self) -> Result<(), String> {
        if self.minutes == 0 || self.minutes > 24 * 60 {
            return Err("Time must be between 1 minute and 24 hours".into());
        }
        Ok(())
    }
    pub(crate) fn index(&self) -> Vec<(&'static str, String)> {
        self.family
            .map(|f| vec![("for_family", f.to_string())])
            .unwrap_or_default()
    }
}

/// Minutes by activity over a set of entries, and the share in direct work.
pub fn direct_work_share<'a>(entries: impl IntoIterator<Item = &'a TimeEntry>) -> Option<f64> {
    let (mut direct, mut all) = (0u64, 0u64);
    for e in entries {
        all += u64::from(e.minutes);
        if e.activity == Activity::DirectWork {
            direct += u64::from(e.minutes);
        }
    }
    (all > 0).then(|| direct as f64 / all as f64)
}

/// One calendar month's time: minutes in direct work and in all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthTime {
    pub year: i32,
    pub month: Month,
    pub direct: u64,
    pub all: u64,
}

impl MonthTime {
    pub fn share(&self) -> Option<f64> {
        (self.all > 0).then(|| self.direct as f64 / self.all as f64)
    }
    /// The first day of the month (for charts).
    pub fn first_day(&self) -> Date {
        Date::from_calendar_date(self.year, self.month, 1).unwrap_or(Date::MIN)
    }
    /// The share as a whole percentage, rounded half up.
    pub fn percent(&self) -> Option<u32> {
        self.share().map(|s| (s * 100.0).round() as u32)
    }
}

/// Minutes by calendar month over dated entries, oldest month first.
pub fn by_month<'a>(entries: impl IntoIterator<Item = (Date, &'a TimeEntry)>) -> Vec<MonthTime> {
    let mut months: std::collections::BTreeMap<(i32, u8), MonthTime> = Default::default();
    for (on, e) in entries {
        let m = months
            .entry((on.year(), u8::from(on.month())))
            .or_insert(MonthTime {
                year: on.year(),
                month: on.month(),
                direct: 0,
                all: 0,
            });
        m.all += u64::from(e.minutes);
        if e.activity == Activity::DirectWork {
            m.direct += u64::from(e.minutes);
        }
    }
    months.into_values().collect()
}

/// The months `(year, month)` from `months_back` months before `today`'s
/// month to `today`'s, oldest first.
pub fn recent_months(today: Date, months_back: u32) -> Vec<(i32, Month)> {
    (0..=months_back)
        .rev()
        .map(|k| {
            let d = crate::calendar::add_months(
                Date::from_calendar_date(today.year(), today.month(), 1).unwrap_or(today),
                -(k as i32),
            );
            (d.year(), d.month())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn entry(activity: Activity, minutes: u32) -> TimeEntry {
        TimeEntry {
            practitioner: UserId::from_u128(1),
            activity,
            minutes,
            family: None,
            note: String::new(),
        }
    }

    #[test]
    fn the_direct_work_share_is_counted_by_month() {
        let jan = [
            entry(Activity::DirectWork, 120),
            entry(Activity::Recording, 180),
            entry(Activity::Travel, 60),
        ];
        let feb = [
            entry(Activity::DirectWork, 210),
            entry(Activity::Meetings, 90),
        ];
        let mut dated: Vec<(Date, &TimeEntry)> = Vec::new();
        dated.extend(jan.iter().map(|e| (date!(2025 - 01 - 15), e)));
        dated.extend(feb.iter().map(|e| (date!(2025 - 02 - 03), e)));
        let months = by_month(dated.iter().copied());
        assert_eq!(months.len(), 2);
        assert_eq!((months[0].direct, months[0].all), (120, 360));
        assert_eq!(months[0].percent(), Some(33));
        assert_eq!(months[1].percent(), Some(70));
        assert_eq!(
            direct_work_share(jan.iter().chain(feb.iter())),
            Some(330.0 / 660.0)
        );
        assert_eq!(direct_work_share(std::iter::empty()), None);
    }

    #[test]
    fn recent_months_run_back_across_the_year_end() {
        assert_eq!(
            recent_months(date!(2025 - 02 - 10), 3),
            vec![
                (2024, Month::November),
                (2024, Month::December),
                (2025, Month::January),
                (2025, Month::February)
            ]
        );
    }

    #[test]
    fn time_is_between_a_minute_and_a_day() {
        assert!(entry(Activity::Travel, 0).check().is_err());
        assert!(entry(Activity::Travel, 24 * 60 + 1).check().is_err());
        assert!(entry(Activity::Travel, 45).check().is_ok());
    }
}
