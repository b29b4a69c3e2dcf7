//! The periods measures run over. The DfE's children's statistics count
//! collection years (1 April to 31 March, named by the year they end); the
//! workforce census counts years to 30 September. Hearth shows both the last
//! statutory year, like-for-like with England's figure, and the rolling 12
//! months to any date.

use serde::Serialize;
use time::{Date, Month};

/// A period of whole days, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Period {
    #[serde(with = "iso")]
    pub start: Date,
    #[serde(with = "iso")]
    pub end: Date,
}

mod iso {
    use serde::Serializer;
    use time::Date;
    pub fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!(
            "{:04}-{:02}-{:02}",
            d.year(),
            d.month() as u8,
            d.day()
        ))
    }
}

fn ymd(y: i32, m: Month, d: u8) -> Date {
    // Every date built here (1 April, 31 March, 1 October, 30 September)
    // exists in every year.
    Date::from_calendar_date(y, m, d).unwrap_or(Date::MIN)
}

impl Period {
    pub fn new(start: Date, end: Date) -> Self {
        Self { start, end }
    }

    /// The collection year ending 31 March `year` (2026 is 2025/26).
    pub fn collection_year(year: i32) -> Self {
        Self::new(ymd(year - 1, Month::April, 1), ymd(year, Month::March, 31))
    }

    /// The workforce census year ending 30 September `year`.
    pub fn workforce_year(year: i32) -> Self {
        Self::new(
            ymd(year - 1, Month::October, 1),
            ymd(year, Month::September, 30),
        )
    }

    /// The 12 months ending on `end` (the day a year before is left out).
    pub fn rolling_year(end: Date) -> Self {
        let start = ymd(end.year() - 1, end.month(), 1)
            .replace_day(end.day())
            .unwrap_or_else(|_| ymd(end.year() - 1, end.month(), 28));
        Self::new(start.next_day().unwrap_or(start), end)
    }

    /// The period a year earlier.
    pub fn year_before(self) -> Self {
        Self::new(minus_year(self.start), minus_year(self.end))
    }

    pub fn contains(self, d: Date) -> bool {
        d >= self.start && d <= self.end
    }

    /// Whether a spell from `start` to `end` (open if `None`) touches it.
    pub fn overlaps(self, start: Date, end: Option<Date>) -> bool {
        start <= self.end && end.is_none_or(|e| e >= self.start)
    }

    /// Days of a spell inside the period, counting both ends.
    pub fn days_within(self, start: Date, end: Option<Date>) -> i64 {
        let s = start.max(self.start);
        let e = end.map_or(self.end, |e| e.min(self.end));
        if e < s {
            0
        } else {
            (e - s).whole_days() + 1
        }
    }

    pub fn days(self) -> i64 {
        (self.end - self.start).whole_days() + 1
    }
}

/// The same day a year before (28 February for 29 February).
pub fn minus_year(d: Date) -> Date {
    d.replace_year(d.year() - 1)
        .unwrap_or_else(|_| ymd(d.year() - 1, d.month(), 28))
}

/// The same day `n` years later (28 February for 29 February).
pub fn plus_years(d: Date, n: i32) -> Date {
    d.replace_year(d.year() + n)
        .unwrap_or_else(|_| ymd(d.year() + n, d.month(), 28))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn years_and_rolling_periods() {
        let y = Period::collection_year(2026);
        assert_eq!(
            (y.start, y.end),
            (date!(2025 - 04 - 01), date!(2026 - 03 - 31))
        );
        let w = Period::workforce_year(2025);
        assert_eq!(
            (w.start, w.end),
            (date!(2024 - 10 - 01), date!(2025 - 09 - 30))
        );
        let r = Period::rolling_year(date!(2026 - 11 - 26));
        assert_eq!(
            (r.start, r.end),
            (date!(2025 - 11 - 27), date!(2026 - 11 - 26))
        );
        assert_eq!(r.days(), 365);
        let leap = Period::rolling_year(date!(2024 - 02 - 29));
        assert_eq!(leap.start, date!(2023 - 03 - 01));
        assert_eq!(y.days_within(date!(2026 - 03 - 30), None), 2);
        assert_eq!(
            y.days_within(date!(2024 - 01 - 01), Some(date!(2025 - 04 - 01))),
            1
        );
        assert_eq!(y.days_within(date!(2026 - 04 - 01), None), 0);
        assert!(y.overlaps(date!(2020 - 01 - 01), None));
        assert!(!y.overlaps(date!(2020 - 01 - 01), Some(date!(2025 - 03 - 31))));
    }
}
