//! The generator's state: one seeded random stream, the journal being built,
//! and the helpers every part of the council uses (dates, timestamps, picks).

use std::collections::HashSet;

use hearth_core::event::{Event, EventBody};
use hearth_core::ids::{EventId, UserId};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use time::{Date, Duration, OffsetDateTime};

use crate::org::Org;
use crate::Stats;

pub(crate) struct Gen {
    pub rng: ChaCha8Rng,
    pub today: Date,
    /// When the council's current structure was set up.
    pub org_start: Date,
    pub events: Vec<Event>,
    pub usernames: HashSet<String>,
    pub registration_numbers: HashSet<u32>,
    pub next_la_id: u64,
    pub next_upn: u64,
    pub next_nhs: u64,
    pub org: Org,
    pub stats: Stats,
}

/// `d` plus `n` days (negative for earlier); unchanged if out of range.
pub(crate) fn add_days(d: Date, n: i64) -> Date {
    d.checked_add(Duration::days(n)).unwrap_or(d)
}

pub(crate) fn days_between(from: Date, to: Date) -> i64 {
    (to - from).whole_days()
}

/// A date as people write it: "3 March 2025".
pub(crate) fn long_date(d: Date) -> String {
    format!("{} {} {}", d.day(), d.month(), d.year())
}

impl Gen {
    pub fn id(&mut self) -> u128 {
        self.rng.gen()
    }

    /// True with probability `p` (clamped to 0..=1).
    pub fn chance(&mut self, p: f64) -> bool {
        self.rng.gen::<f64>() < p
    }

    /// A whole number in `lo..=hi` (`lo` if the range is empty).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            lo
        } else {
            self.rng.gen_range(lo..=hi)
        }
    }

    pub fn index(&mut self, len: usize) -> usize {
        if len <= 1 {
            0
        } else {
            self.rng.gen_range(0..len)
        }
    }

    /// One of `items`, which must not be empty.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        let i = self.index(items.len());
        items[i]
    }

    /// One of `items` by weight; `items` must not be empty.
    pub fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        if total > 0 {
            let mut n = self.rng.gen_range(0..total);
            for &(item, w) in items {
                if n < w {
                    return item;
                }
                n -= w;
            }
        }
        items[items.len() - 1].0
    }

    /// A date in `lo..=hi` (`lo` if the range is empty).
    pub fn date_between(&mut self, lo: Date, hi: Date) -> Date {
        let span = days_between(lo, hi);
        if span <= 0 {
            lo
        } else {
            add_days(lo, self.range(0, span))
        }
    }

    pub fn days_ago(&mut self, lo: i64, hi: i64) -> Date {
        let n = self.range(lo, hi);
        add_days(self.today, -n)
    }

    /// When something true from `valid_from` was recorded: in office hours on
    /// that day or up to three days later, never after today.
    pub fn stamp(&mut self, valid_from: Date) -> OffsetDateTime {
        let late = self.weighted(&[(0i64, 60), (1, 25), (2, 10), (3, 5)]);
        let day = add_days(valid_from, late).min(self.today);
        let seconds = self.range(9 * 3600, 17 * 3600 - 1);
        day.midnight().assume_utc() + Duration::seconds(seconds)
    }

    /// A fixed time of day on `d` (used for the organisation's own events).
    pub fn at_hour(d: Date, hour: i64) -> OffsetDateTime {
        d.midnight().assume_utc() + Duration::hours(hour)
    }

    pub fn push(
        &mut self,
        recorded_at: OffsetDateTime,
        valid_from: Date,
        actor: Option<UserId>,
        body: EventBody,
    ) {
        let id = EventId::from_u128(self.id());
        self.events.push(Event {
            id,
            seq: 0,
            recorded_at,
            valid_from,
            actor,
            body,
        });
    }
}

/// Lower-case ASCII letters only, for usernames and e-mail addresses.
pub(crate) fn ascii_slug(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            let c = match c {
                'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'Á' | 'À' | 'Â' | 'Ä' => 'a',
                'é' | 'è' | 'ê' | 'ë' | 'É' => 'e',
                'í' | 'ì' | 'î' | 'ï' => 'i',
                'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'Ö' => 'o',
                'ú' | 'ù' | 'û' | 'ü' | 'Ü' => 'u',
                'ç' => 'c',
                'ñ' => 'n',
                c => c,
            };
            c.is_ascii_alphanumeric().then(|| c.to_ascii_lowercase())
        })
        .collect()
}
