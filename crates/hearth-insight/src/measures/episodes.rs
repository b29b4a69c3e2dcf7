//! The SSDA903's conventions, shared by the looked-after measures: periods
//! of care, placements and short breaks, worked out once per child from
//! the journey's episodes of care.
//!
//! - Episodes under a series of short breaks (legal status V3 or V4) are
//!   left out before anything else, as the DfE leaves them out of every
//!   looked-after statistic: a child looked after only under short breaks
//!   is not looked after for these measures.
//! - A period of care is a run of episodes with no gap: an episode starting
//!   on or before the day the previous one ended continues it (the 903
//!   writes the change of placement or legal status as one episode ending
//!   and the next starting the same day).
//! - A placement starts with the first episode of a period of care and with
//!   every later episode whose reason for new episode (RNE) is P, T, B, U or
//!   S; an episode for a change of legal status alone (RNE L) continues the
//!   placement it follows.
//! - Looked after "on" a day (31 March, or a rolling period's last day)
//!   means looked after at the end of it: started on or before it, and not
//!   ended on or before it. A child who ceased on 31 March is counted among
//!   those ceasing in the year, not those looked after on 31 March, as in
//!   the 903 (their episode has a DEC).
//! - Days looked after are nights, as the 903 counts the length of care
//!   (DEC − DECOM): the day care ends is not a day in care.
//!
//! The buffers are kept between children, so a measure's pass over a
//! national-size council allocates only when a child has more episodes than
//! any before.

use hearth_core::journey::{Journey, StepDetail};
use time::Date;

use crate::period::Period;
use crate::report::Figure;

/// The figures with the people behind each sorted and listed once, as the
/// drill-down shows them (the children's measures share this).
pub(crate) fn tidy(mut figures: Vec<Figure>) -> Vec<Figure> {
    for f in &mut figures {
        f.behind.sort_unstable();
        f.behind.dedup();
    }
    figures
}

/// A series of short breaks: V3 (single placements under section 20 of a
/// series) and V4 (a series of short breaks under section 20).
pub(crate) fn short_break(legal_status: &str) -> bool {
    matches!(legal_status.trim(), "V3" | "V4")
}

/// Whether an episode's reason for new episode is a new placement.
fn new_placement(reason_new: &str) -> bool {
    matches!(reason_new.trim(), "P" | "T" | "B" | "U" | "S")
}

/// One episode of care, as the measures read it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Episode<'a> {
    pub start: Date,
    pub end: Option<Date>,
    pub reason_new: &'a str,
    pub placement: &'a str,
    pub reason_end: &'a str,
    pub reason_place_change: &'a str,
}

/// A spell of care: a period of care or a placement. `first` indexes its
/// first episode, `last` the one it ends with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Spell {
    pub start: Date,
    pub end: Option<Date>,
    pub first: usize,
    pub last: usize,
}

impl Spell {
    /// Open at the end of day `d`.
    pub fn open_on(&self, d: Date) -> bool {
        self.start <= d && self.end.is_none_or(|e| e > d)
    }

    /// Open at any time in the period (its first day included).
    pub fn in_period(&self, p: Period) -> bool {
        p.overlaps(self.start, self.end)
    }

    /// Nights looked after inside the period.
    pub fn nights_in(&self, p: Period) -> i64 {
        let from = self.start.max(p.start);
        let after = p.end.next_day().unwrap_or(p.end);
        let to = self.end.map_or(after, |e| e.min(after));
        (to - from).whole_days().max(0)
    }
}

/// A child's care history, with short breaks left out.
#[derive(Default)]
pub(crate) struct CareHistory<'a> {
    pub episodes: Vec<Episode<'a>>,
    pub periods: Vec<Spell>,
    pub placements: Vec<Spell>,
}

/// Whether an episode ending `end` ends a spell that ended `so_far` (it is
/// then the spell's last episode, whose reason for ending is the spell's):
/// an open episode always does; an overlapping episode that ends earlier
/// (a recording error) does not.
fn reaches(so_far: Option<Date>, end: Option<Date>) -> bool {
    match (so_far, end) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(a), Some(b)) => b >= a,
    }
}

fn later(a: Option<Date>, b: Option<Date>) -> Option<Date> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        _ => None,
    }
}

impl<'a> CareHistory<'a> {
    /// Reads a child's episodes, reusing the buffers.
    pub fn load(&mut self, journey: &'a Journey) {
        self.episodes.clear();
        self.periods.clear();
        self.placements.clear();
        for s in &journey.steps {
            if let StepDetail::CareEpisode {
                start,
                end,
                reason_new,
                legal_status,
                placement,
                reason_end,
                reason_place_change,
                ..
            } = &s.detail
            {
                if short_break(legal_status) {
                    continue;
                }
                self.episodes.push(Episode {
                    start: *start,
                    end: *end,
                    reason_new: reason_new.as_str(),
                    placement: placement.as_str(),
                    reason_end: reason_end.as_str(),
                    reason_place_change: reason_place_change.as_str(),
                });
            }
        }
        // An open episode sorts after a closed one starting the same day.
        self.episodes
            .sort_by_key(|e| (e.start, e.end.is_none(), e.end));
        for (n, e) in self.episodes.iter().enumerate() {
            let (start, end) = (e.start, e.end);
            let continues = self
                .periods
                .last()
                .is_some_and(|p| p.end.is_none_or(|pe| start <= pe));
            if continues {
                if let Some(p) = self.periods.last_mut() {
                    if reaches(p.end, end) {
                        p.last = n;
                    }
                    p.end = later(p.end, end);
                }
                if new_placement(e.reason_new) {
                    self.placements.push(Spell {
                        start,
                        end,
                        first: n,
                        last: n,
                    });
                } else if let Some(pl) = self.placements.last_mut() {
                    if reaches(pl.end, end) {
                        pl.last = n;
                    }
                    pl.end = later(pl.end, end);
                }
            } else {
                let spell = Spell {
                    start,
                    end,
                    first: n,
                    last: n,
                };
                self.periods.push(spell);
                self.placements.push(spell);
            }
        }
    }

    /// The period of care open at the end of day `d`.
    pub fn period_on(&self, d: Date) -> Option<&Spell> {
        self.periods.iter().rev().find(|p| p.open_on(d))
    }

    /// The placement open at the end of day `d`.
    pub fn placement_on(&self, d: Date) -> Option<&Spell> {
        self.placements.iter().rev().find(|p| p.open_on(d))
    }

    /// Looked after at any time in the period.
    pub fn in_period(&self, p: Period) -> bool {
        self.periods.iter().any(|s| s.in_period(p))
    }

    /// Placements open at any time in the period, however many periods of
    /// care they belong to.
    pub fn placements_in(&self, p: Period) -> usize {
        self.placements.iter().filter(|s| s.in_period(p)).count()
    }

    /// The reason the period of care ended (the REC of its last episode),
    /// or `None` while it continues. A period whose last episode says X1
    /// (care continues) but has no episode after it has not ceased.
    pub fn ceased(&self, s: &Spell) -> Option<(Date, &'a str)> {
        let end = s.end?;
        let rec = self.episodes.get(s.last)?.reason_end.trim();
        (rec != "X1" && !rec.is_empty()).then_some((end, rec))
    }

    /// The last time the child ceased to be looked after in the period, with
    /// the reason.
    pub fn last_ceased_in(&self, p: Period) -> Option<(Date, &'a str)> {
        self.periods
            .iter()
            .rev()
            .filter_map(|s| self.ceased(s))
            .find(|(d, _)| p.contains(*d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::ChildBuilder;
    use time::macros::date;

    #[test]
    fn periods_placements_and_short_breaks() {
        let c = ChildBuilder::new(None)
            // A short break before care: left out.
            .care(
                date!(2024 - 01 - 01),
                "S",
                "V3",
                "R1",
                Some(date!(2024 - 01 - 03)),
                "E13",
            )
            .care(
                date!(2024 - 05 - 01),
                "S",
                "C2",
                "U1",
                Some(date!(2024 - 07 - 01)),
                "X1",
            )
            // Legal status only: the same placement.
            .care(
                date!(2024 - 07 - 01),
                "L",
                "C1",
                "U1",
                Some(date!(2024 - 09 - 01)),
                "X1",
            )
            .care(
                date!(2024 - 09 - 01),
                "P",
                "C1",
                "U4",
                Some(date!(2024 - 12 - 01)),
                "E4A",
            )
            // Back a day later: a new period of care.
            .care(date!(2024 - 12 - 02), "S", "C2", "U4", None, "")
            .build();
        let mut h = CareHistory::default();
        h.load(&c.journey);
        assert_eq!(h.episodes.len(), 4);
        assert_eq!(h.periods.len(), 2);
        assert_eq!(h.periods[0].end, Some(date!(2024 - 12 - 01)));
        assert_eq!(h.placements.len(), 3);
        assert_eq!(h.placements[0].end, Some(date!(2024 - 09 - 01)));
        assert_eq!(
            h.ceased(&h.periods[0]),
            Some((date!(2024 - 12 - 01), "E4A"))
        );
        assert!(h.period_on(date!(2024 - 12 - 01)).is_none());
        assert!(h.period_on(date!(2024 - 12 - 02)).is_some());
        let p = Period::new(date!(2024 - 11 - 01), date!(2024 - 12 - 31));
        // 30 nights in November (to 1 December, when care ended), and 30
        // from 2 to 31 December (the 31st counts: looked after at its end).
        assert_eq!(
            h.periods.iter().map(|s| s.nights_in(p)).sum::<i64>(),
            30 + 30
        );
    }
}
