//! Working days and months as statutory timescales count them: Monday to
//! Friday except England's bank holidays, and calendar months that end on the
//! last day of a shorter month.

use time::{Date, Duration, Month, Weekday};

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

/// The collection year a date falls in, named by the year it ends: 1 April
/// 2025 to 31 March 2026 is 2026.
pub fn collection_year_of(d: Date) -> i32 {
    if u8::from(d.month()) >= 4 {
        d.year() + 1
    } else {
        d.year()
    }
}

/// The date `months` calendar months after `d` (the 31st becomes the last
/// day of a shorter month).
pub fn add_months(d: Date, months: i32) -> Date {
    let total = d.year() * 12 + i32::from(u8::from(d.month())) - 1 + months;
    let (year, month0) = (total.div_euclid(12), total.rem_euclid(12));
    let month = Month::try_from(u8::try_from(month0 + 1).unwrap_or(1)).unwrap_or(Month::January);
    let last = month.length(year);
    Date::from_calendar_date(year, month, d.day().min(last)).unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn months_end_on_the_last_day_of_a_shorter_month() {
        assert_eq!(add_months(date!(2025 - 08 - 31), 6), date!(2026 - 02 - 28));
        assert_eq!(add_months(date!(2025 - 11 - 15), 3), date!(2026 - 02 - 15));
        assert_eq!(
            add_working_days(date!(2025 - 12 - 24), 1),
            date!(2025 - 12 - 29)
        );
    }
}
