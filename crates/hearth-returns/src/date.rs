//! Dates as the returns write them, and the calendar arithmetic the rules need.
//!
//! The 903 writes dates as `dd/mm/yyyy`, the CIN census as `yyyy-mm-dd`. A value
//! that does not parse is treated as absent by the rules that compare dates
//! (and reported by the rules that check the format), which is how the DfE
//! portal reads them too.

use time::{Date, Month};

/// A date known to be valid. Only for constants: panics are impossible for
/// the literal dates the crate uses (day 1-28 or month ends).
pub fn ymd(year: i32, month: u8, day: u8) -> Date {
    let month = Month::try_from(month).unwrap_or(Month::January);
    Date::from_calendar_date(year, month, day)
        .or_else(|_| Date::from_calendar_date(year, month, 28))
        .unwrap_or(Date::MIN)
}

fn digits(s: &[u8]) -> Option<u32> {
    if s.is_empty() || s.len() > 4 {
        return None;
    }
    let mut n = 0u32;
    for &b in s {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u32::from(b - b'0');
    }
    Some(n)
}

fn build(year: u32, month: u32, day: u32) -> Option<Date> {
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()
}

/// `dd/mm/yyyy` (one or two digit day and month), the 903's format.
pub fn dmy(s: &str) -> Option<Date> {
    let s = s.trim();
    let mut parts = s.as_bytes().split(|&b| b == b'/');
    let d = digits(parts.next()?)?;
    let m = digits(parts.next()?)?;
    let y = parts.next()?;
    if y.len() != 4 || parts.next().is_some() {
        return None;
    }
    build(digits(y)?, m, d)
}

/// `yyyy-mm-dd`, the CIN census's format (an XML `date`). A time part after
/// `T` is ignored.
pub fn iso(s: &str) -> Option<Date> {
    let s = s.trim();
    let s = s.split_once('T').map_or(s, |(d, _)| d);
    let mut parts = s.as_bytes().split(|&b| b == b'-');
    let y = parts.next()?;
    if y.len() != 4 {
        return None;
    }
    let y = digits(y)?;
    let m = digits(parts.next()?)?;
    let d = digits(parts.next()?)?;
    if parts.next().is_some() {
        return None;
    }
    build(y, m, d)
}

/// Any of the date spellings that other systems' exports use: the 903's and
/// the census's own, and `dd-mm-yyyy`, `dd.mm.yyyy` and `yyyy/mm/dd`. Used on
/// import, so a file from another system loads; the validators use the strict
/// forms above.
pub fn lenient(s: &str) -> Option<Date> {
    let s = s.trim();
    if let Some(d) = dmy(s).or_else(|| iso(s)) {
        return Some(d);
    }
    let parts: Vec<&str> = s.split(['-', '.', '/', ' ']).collect();
    if parts.len() != 3 {
        return None;
    }
    let n: Vec<u32> = parts
        .iter()
        .map(|p| digits(p.as_bytes()))
        .collect::<Option<_>>()?;
    if parts[0].len() == 4 {
        build(n[0], n[1], n[2])
    } else if parts[2].len() == 4 {
        build(n[2], n[1], n[0])
    } else {
        None
    }
}

/// The 903's spelling of a date.
pub fn fmt_dmy(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), u8::from(d.month()), d.year())
}

/// The census's spelling of a date.
pub fn fmt_iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Whole years between a date of birth and a later date, as age is counted:
/// the birthday itself is the day the year is completed.
pub fn age_on(dob: Date, on: Date) -> i32 {
    let mut years = on.year() - dob.year();
    if (u8::from(on.month()), on.day()) < (u8::from(dob.month()), dob.day()) {
        years -= 1;
    }
    years
}

/// Whether `day` falls from `start` to `end`, both included (a collection
/// year or census period).
pub fn within(day: Date, start: Date, end: Date) -> bool {
    start <= day && day <= end
}

/// Whether a child born on `dob` is under `years` old on `on`, a 29
/// February birthday falling on 28 February in other years (as the peer
/// counts for the 903's placement, care leaver and review age rules).
/// [`age_on`] completes such a year on 1 March instead; the rules keep to
/// whichever the peer uses for them.
pub fn under_age(dob: Date, years: i32, on: Date) -> bool {
    add_years(dob, years) > on
}

/// The date `years` whole years after `d` (29 February becomes 28 February
/// in a year that has none).
pub fn add_years(d: Date, years: i32) -> Date {
    let y = d.year() + years;
    Date::from_calendar_date(y, d.month(), d.day())
        .or_else(|_| Date::from_calendar_date(y, d.month(), 28))
        .unwrap_or(d)
}

pub use hearth_core::calendar::{
    add_working_days, is_bank_holiday, is_working_day, working_days_between, BANK_HOLIDAYS,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_format_and_rejects_nonsense() {
        assert_eq!(dmy("05/03/2021"), Some(ymd(2021, 3, 5)));
        assert_eq!(dmy("5/3/2021"), Some(ymd(2021, 3, 5)));
        assert_eq!(dmy("31/02/2021"), None);
        assert_eq!(dmy("2021-03-05"), None);
        assert_eq!(iso("2021-03-05"), Some(ymd(2021, 3, 5)));
        assert_eq!(iso("2023-05-23T11:14:05"), Some(ymd(2023, 5, 23)));
        assert_eq!(lenient("05-03-2021"), Some(ymd(2021, 3, 5)));
        assert_eq!(lenient("2021/03/05"), Some(ymd(2021, 3, 5)));
        assert_eq!(lenient("05.03.2021"), Some(ymd(2021, 3, 5)));
        assert_eq!(lenient("March"), None);
    }

    #[test]
    fn bank_holidays_are_sorted_for_search() {
        assert!(BANK_HOLIDAYS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_bank_holiday(ymd(2025, 12, 25)));
        assert!(!is_bank_holiday(ymd(2025, 12, 24)));
    }

    #[test]
    fn working_days_skip_weekends_and_bank_holidays() {
        // Thursday 24 April 2025 plus 15 working days: no bank holiday until
        // 5 May, which is skipped.
        assert_eq!(add_working_days(ymd(2025, 4, 24), 15), ymd(2025, 5, 16));
        assert_eq!(working_days_between(ymd(2025, 4, 24), ymd(2025, 5, 16)), 15);
        assert_eq!(add_working_days(ymd(2025, 5, 16), -15), ymd(2025, 4, 24));
        assert_eq!(age_on(ymd(2010, 3, 31), ymd(2026, 3, 31)), 16);
        assert_eq!(age_on(ymd(2010, 4, 1), ymd(2026, 3, 31)), 15);
    }
}
