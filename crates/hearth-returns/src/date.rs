//! Dates as the returns write them, and the calendar arithmetic the rules need.
//!
//! The 903 writes dates as `dd/mm/yyyy`, the CIN census as `yyyy-mm-dd`. A value
//! that does not parse is treated as absent by the rules that compare dates
//! (and reported by the rules that check the format), which is how the DfE
//! portal reads them too.

use time::{Date, Duration, Month, Weekday};

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

/// The date `years` whole years after `d` (29 February becomes 28 February
/// in a year that has none).
pub fn add_years(d: Date, years: i32) -> Date {
    let y = d.year() + years;
    Date::from_calendar_date(y, d.month(), d.day())
        .or_else(|_| Date::from_calendar_date(y, d.month(), 28))
        .unwrap_or(d)
}

/// Bank holidays in England and Wales, 2015 to 2030. Statutory timescales
/// are counted in working days: Monday to Friday, not these.
#[rustfmt::skip]
pub const BANK_HOLIDAYS: &[(i32, u8, u8)] = &[
    (2015, 1, 1), (2015, 4, 3), (2015, 4, 6), (2015, 5, 4), (2015, 5, 25), (2015, 8, 31), (2015, 12, 25), (2015, 12, 28),
    (2016, 1, 1), (2016, 3, 25), (2016, 3, 28), (2016, 5, 2), (2016, 5, 30), (2016, 8, 29), (2016, 12, 26), (2016, 12, 27),
    (2017, 1, 2), (2017, 4, 14), (2017, 4, 17), (2017, 5, 1), (2017, 5, 29), (2017, 8, 28), (2017, 12, 25), (2017, 12, 26),
    (2018, 1, 1), (2018, 3, 30), (2018, 4, 2), (2018, 5, 7), (2018, 5, 28), (2018, 8, 27), (2018, 12, 25), (2018, 12, 26),
    (2019, 1, 1), (2019, 4, 19), (2019, 4, 22), (2019, 5, 6), (2019, 5, 27), (2019, 8, 26), (2019, 12, 25), (2019, 12, 26),
    (2020, 1, 1), (2020, 4, 10), (2020, 4, 13), (2020, 5, 8), (2020, 5, 25), (2020, 8, 31), (2020, 12, 25), (2020, 12, 28),
    (2021, 1, 1), (2021, 4, 2), (2021, 4, 5), (2021, 5, 3), (2021, 5, 31), (2021, 8, 30), (2021, 12, 27), (2021, 12, 28),
    (2022, 1, 3), (2022, 4, 15), (2022, 4, 18), (2022, 5, 2), (2022, 6, 2), (2022, 6, 3), (2022, 8, 29), (2022, 9, 19), (2022, 12, 26), (2022, 12, 27),
    (2023, 1, 2), (2023, 4, 7), (2023, 4, 10), (2023, 5, 1), (2023, 5, 8), (2023, 5, 29), (2023, 8, 28), (2023, 12, 25), (2023, 12, 26),
    (2024, 1, 1), (2024, 3, 29), (2024, 4, 1), (2024, 5, 6), (2024, 5, 27), (2024, 8, 26), (2024, 12, 25), (2024, 12, 26),
    (2025, 1, 1), (2025, 4, 18), (2025, 4, 21), (2025, 5, 5), (2025, 5, 26), (2025, 8, 25), (2025, 12, 25), (2025, 12, 26),
    (2026, 1, 1), (2026, 4, 3), (2026, 4, 6), (2026, 5, 4), (2026, 5, 25), (2026, 8, 31), (2026, 12, 25), (2026, 12, 28),
    (2027, 1, 1), (2027, 3, 26), (2027, 3, 29), (2027, 5, 3), (2027, 5, 31), (2027, 8, 30), (2027, 12, 27), (2027, 12, 28),
    (2028, 1, 3), (2028, 4, 14), (2028, 4, 17), (2028, 5, 1), (2028, 5, 29), (2028, 8, 28), (2028, 12, 25), (2028, 12, 26),
    (2029, 1, 1), (2029, 3, 30), (2029, 4, 2), (2029, 5, 7), (2029, 5, 28), (2029, 8, 27), (2029, 12, 25), (2029, 12, 26),
    (2030, 1, 1), (2030, 4, 19), (2030, 4, 22), (2030, 5, 6), (2030, 5, 27), (2030, 8, 26), (2030, 12, 25), (2030, 12, 26),
];

/// Whether `d` is a bank holiday in England.
pub fn is_bank_holiday(d: Date) -> bool {
    let key = (d.year(), u8::from(d.month()), d.day());
    BANK_HOLIDAYS.binary_search(&key).is_ok()
}

/// Monday to Friday and not a bank holiday.
pub fn is_working_day(d: Date) -> bool {
    !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) && !is_bank_holiday(d)
}

/// The working day `n` working days after `d` (before it when `n` is
/// negative), as "within 15 working days" is counted: the day itself is day 0.
pub fn add_working_days(d: Date, n: i32) -> Date {
    let step = if n < 0 { -1 } else { 1 };
    let mut left = n.abs();
    let mut day = d;
    while left > 0 {
        day += Duration::days(step);
        if is_working_day(day) {
            left -= 1;
        }
    }
    day
}

/// Working days from `from` to `to`: 0 on the same day, 1 when `to` is the
/// next working day. Negative when `to` is earlier.
pub fn working_days_between(from: Date, to: Date) -> i64 {
    if to < from {
        return -working_days_between(to, from);
    }
    let mut n = 0;
    let mut day = from;
    while day < to {
        day += Duration::days(1);
        if is_working_day(day) {
            n += 1;
        }
    }
    n
}

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
