//! Fixed-width UTC timestamps, so text columns sort in time order on both
//! backends.

use crate::StoreError;
use time::format_description::FormatItem;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime, UtcOffset};

const TS: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");
const DATE: &[FormatItem<'static>] = format_description!("[year]-[month]-[day]");

pub fn ts(t: OffsetDateTime) -> String {
    t.to_offset(UtcOffset::UTC).format(TS).unwrap_or_default()
}

pub fn parse_ts(s: &str) -> Result<OffsetDateTime, StoreError> {
    PrimitiveDateTime::parse(s, TS)
        .map(|p| p.assume_utc())
        .map_err(|e| StoreError::Corrupt(format!("bad timestamp {s:?}: {e}")))
}

pub fn date(d: Date) -> String {
    d.format(DATE).unwrap_or_default()
}

pub fn parse_date(s: &str) -> Result<Date, StoreError> {
    Date::parse(s, DATE).map_err(|e| StoreError::Corrupt(format!("bad date {s:?}: {e}")))
}

pub fn now_unix() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}
