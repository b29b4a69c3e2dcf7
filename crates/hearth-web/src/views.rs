//! What every page shares: the layout's chrome, form errors, and formatting
//! in the GOV.UK style ("26 November 2026").

use crate::session::{SignedIn, UserCtx};
use hearth_core::model::Discipline;
use time::{Date, OffsetDateTime};

#[derive(Clone, Debug)]
pub struct ChromeUser {
    pub display_name: String,
    pub is_admin: bool,
    pub is_manager: bool,
    pub is_data_team: bool,
    pub is_partner: bool,
}

/// The layout's data: title, the signed-in user, the CSRF token for forms.
#[derive(Clone, Debug)]
pub struct Chrome {
    pub title: String,
    pub user: Option<ChromeUser>,
    pub csrf_token: String,
    pub nav_current: String,
}

impl Chrome {
    /// For pages shown without a session (sign in, errors).
    pub fn bare(title: &str) -> Self {
        Self {
            title: title.into(),
            user: None,
            csrf_token: String::new(),
            nav_current: String::new(),
        }
    }

    pub fn for_user(s: &SignedIn, title: impl Into<String>, nav: &str) -> Self {
        Self {
            title: title.into(),
            user: Some(chrome_user(&s.user)),
            csrf_token: s.session.csrf_token.clone(),
            nav_current: nav.into(),
        }
    }
}

fn chrome_user(u: &UserCtx) -> ChromeUser {
    ChromeUser {
        display_name: u.practitioner.display_name.clone(),
        is_admin: u.is(Discipline::Administrator),
        is_manager: u.is(Discipline::Manager),
        is_data_team: u.is(Discipline::DataTeam),
        is_partner: u.is(Discipline::PartnerAgency),
    }
}

/// One problem with what was typed, tied to the field it concerns.
#[derive(Clone, Debug)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Finds the message for a field, for showing beside it.
pub fn error_for<'a>(errors: &'a [FieldError], field: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.message.as_str())
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub fn date(d: Date) -> String {
    format!(
        "{} {} {}",
        d.day(),
        MONTHS[(d.month() as usize).saturating_sub(1) % 12],
        d.year()
    )
}

pub fn opt_date(d: Option<Date>) -> String {
    d.map(date).unwrap_or_default()
}

pub fn date_time(t: OffsetDateTime) -> String {
    format!("{} at {:02}:{:02}", date(t.date()), t.hour(), t.minute())
}

pub fn iso_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day())
}

pub fn today() -> Date {
    OffsetDateTime::now_utc().date()
}

/// Parses a date typed as day, month and year boxes.
pub fn parse_dmy(day: &str, month: &str, year: &str) -> Result<Date, &'static str> {
    let (d, m, y) = (day.trim(), month.trim(), year.trim());
    if d.is_empty() && m.is_empty() && y.is_empty() {
        return Err("Enter a date");
    }
    let d: u8 = d.parse().map_err(|_| "Enter a real day")?;
    let m: u8 = m.parse().map_err(|_| "Enter a real month")?;
    let y: i32 = y.parse().map_err(|_| "Enter a real year")?;
    if !(1900..=2100).contains(&y) {
        return Err("Enter a year with 4 numbers");
    }
    let month = time::Month::try_from(m).map_err(|_| "Enter a real month")?;
    Date::from_calendar_date(y, month, d).map_err(|_| "Enter a real date")
}

/// Parses `YYYY-MM-DD`.
pub fn parse_iso(s: &str) -> Option<Date> {
    let mut it = s.trim().splitn(3, '-');
    let y: i32 = it.next()?.parse().ok()?;
    let m: u8 = it.next()?.parse().ok()?;
    let d: u8 = it.next()?.parse().ok()?;
    Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok()
}

/// Age in words for lists: "7 years", "4 months", "Unborn".
pub fn age_words(dob: Option<Date>, on: Date) -> String {
    let Some(dob) = dob else {
        return "Not known".into();
    };
    if dob > on {
        return "Unborn".into();
    }
    let months = (on.year() - dob.year()) * 12 + (on.month() as i32 - dob.month() as i32)
        - i32::from(on.day() < dob.day());
    if months < 24 {
        format!("{months} months")
    } else {
        format!("{} years", months / 12)
    }
}

/// A page with a form: lets templates ask `self.err("field")`.
pub trait FormPage {
    fn errors_list(&self) -> &[FieldError];
    fn err(&self, field: &str) -> Option<&str> {
        error_for(self.errors_list(), field)
    }
}

/// Implements [`FormPage`] for page structs with an `errors` field.
#[macro_export]
macro_rules! form_page {
    ($($t:ty),* $(,)?) => {
        $(impl $crate::views::FormPage for $t {
            fn errors_list(&self) -> &[$crate::views::FieldError] {
                &self.errors
            }
        })*
    };
}

/// Whether two codes are the same, whatever string type each is held in (for
/// templates, which see `&String`, `String` and `&str` alike).
pub fn same(a: impl AsRef<str>, b: impl AsRef<str>) -> bool {
    a.as_ref() == b.as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn dates_read_the_gov_uk_way() {
        assert_eq!(super::date(date!(2026 - 11 - 26)), "26 November 2026");
        assert_eq!(parse_dmy("29", "2", "2024"), Ok(date!(2024 - 02 - 29)));
        assert_eq!(parse_dmy("29", "2", "2023"), Err("Enter a real date"));
        assert_eq!(parse_dmy("", "", ""), Err("Enter a date"));
        assert_eq!(parse_iso("2026-03-31"), Some(date!(2026 - 03 - 31)));
    }

    #[test]
    fn ages_in_words() {
        let on = date!(2026 - 11 - 26);
        assert_eq!(age_words(Some(date!(2020 - 11 - 27)), on), "5 years");
        assert_eq!(age_words(Some(date!(2026 - 01 - 26)), on), "10 months");
        assert_eq!(age_words(Some(date!(2027 - 01 - 01)), on), "Unborn");
    }
}
