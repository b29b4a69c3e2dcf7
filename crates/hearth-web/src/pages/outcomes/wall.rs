//! The wall: a team's (or the council's) outcomes for a screen on the office
//! wall, refreshed every hour. One big tile per outcome with its headline
//! measure over the rolling 12 months and an arrow for better or worse than
//! the 12 months before. It carries no personal data at all: no names, no
//! signed-in user, and any count of people under 6 is shown only as "fewer
//! than 6", so no one can be recognised from a small number.

use super::{load, Compared, OutcomesQuery};
use crate::authz::Chokepoint;
use crate::error::WebError;
use crate::pages::{render, request_id, Path};
use crate::security::RequestId;
use crate::session::SignedIn;
use crate::views;
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use hearth_core::access::FigureScope;
use hearth_core::ids::TeamId;
use hearth_insight::catalogue::{self, Counts, Measure, Polarity};
use hearth_insight::report::{Report, Value};
use hearth_insight::{Outcome, Period};

/// Counts below this are not shown on the wall.
pub const SMALLEST_SHOWN: f64 = 6.0;

pub struct Tile {
    pub outcome: &'static str,
    pub measure: &'static str,
    pub value: String,
    /// "▲" or "▼" (decorative: the words say it).
    pub arrow: &'static str,
    pub change: String,
    /// A modifier class: better, worse or level.
    pub class: &'static str,
}

#[derive(Template)]
#[template(path = "outcomes/wall.html")]
struct WallPage {
    /// Reload every hour (a screen left on the wall); `?refresh=off` turns
    /// it off for anyone reading at a desk (WCAG 2.2.1: a time limit the
    /// user can turn off).
    refresh: bool,
    /// This page without reloading.
    still: String,
    /// This page reloading every hour.
    live: String,
    scope_name: String,
    period: String,
    updated: String,
    tiles: Vec<Tile>,
}

/// Whether a figure counts so few people that it must not be shown.
pub fn too_few(m: &Measure, v: &Value) -> bool {
    let small = |x: f64| x > 0.0 && x < SMALLEST_SHOWN;
    m.counts != Counts::Nobody && (small(v.numerator) || small(v.denominator))
}

/// The outcome's headline: its first measure with a value, else its first.
fn headline(o: Outcome, now: &Report) -> Option<&'static Measure> {
    let mut all = catalogue::of_outcome(o);
    let first = catalogue::of_outcome(o).next();
    all.find(|m| now.get(m.id).is_some_and(|v| v.value.is_some()))
        .or(first)
}

/// The wall's tiles: one per outcome, in the framework's order.
pub fn tiles(now: &Report, before: &Report) -> Vec<Tile> {
    Outcome::ALL
        .into_iter()
        .filter_map(|o| {
            let m = headline(o, now)?;
            let v = now.get(m.id)?;
            let hidden = too_few(m, v);
            let value = match (hidden, v.value) {
                (true, _) => "Fewer than 6".to_string(),
                (false, Some(_)) => v.shown(),
                (false, None) => "Not measured yet".to_string(),
            };
            let last = before
                .get(m.id)
                .filter(|b| !too_few(m, b))
                .and_then(|b| b.value);
            let (arrow, change, class) = match (hidden, v.value, last) {
                (false, Some(x), Some(y)) => {
                    let c = Compared::of(m.scale, m.polarity, x, y);
                    let arrow = match c {
                        Compared::Same => "",
                        _ if x > y => "▲",
                        _ => "▼",
                    };
                    let class = match c {
                        Compared::Better => "better",
                        Compared::Worse => "worse",
                        _ => "level",
                    };
                    let words = match (c, m.polarity) {
                        (Compared::Same, _) => "Same as last year".to_string(),
                        (_, Polarity::Neutral) => {
                            format!("{} last year ({})", c.words("").trim(), m.scale.show(y))
                        }
                        _ => format!("{} ({})", c.words("last year"), m.scale.show(y)),
                    };
                    (arrow, words, class)
                }
                _ => ("", "No comparison with last year".to_string(), "level"),
            };
            Some(Tile {
                outcome: o.title(),
                measure: m.title,
                value,
                arrow,
                change,
                class,
            })
        })
        .collect()
}

async fn wall(
    state: AppState,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    scope: FigureScope,
    q: OutcomesQuery,
) -> Result<Response, WebError> {
    let when = super::When::parse(None, q.as_at.as_deref(), views::today())?;
    let gate = Chokepoint::new(&state, &s.user, request_id(&rid));
    gate.outcomes(scope).await?;
    let snapshot = load(&state, when.today).await?;
    let period = Period::rolling_year(when.rolling_end());
    let (now, before) = super::blocking(move || {
        (
            hearth_insight::compute(&snapshot, scope, period, period),
            hearth_insight::compute(&snapshot, scope, period.year_before(), period.year_before()),
        )
    })
    .await?;
    let page = WallPage {
        refresh: q.refresh.as_deref() != Some("off"),
        still: format!("{}/wall?refresh=off", super::base(scope)),
        live: format!("{}/wall", super::base(scope)),
        scope_name: now.scope.name.clone(),
        period: super::period_words(period),
        updated: views::date(when.today),
        tiles: tiles(&now, &before),
    };
    Ok(render(page)?.into_response())
}

pub async fn council(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Query(q): Query<OutcomesQuery>,
) -> Result<Response, WebError> {
    wall(state, s, rid, FigureScope::Council, q).await
}

pub async fn team(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<TeamId>,
    Query(q): Query<OutcomesQuery>,
) -> Result<Response, WebError> {
    wall(state, s, rid, FigureScope::Team(id), q).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use hearth_insight::{report, Scope, Snapshot};

    fn report_with(values: &[(&str, f64, f64)]) -> Report {
        let (p, w) = report::periods_for_year(2026);
        let mut r = hearth_insight::compute(&Snapshot::default(), Scope::Council, p, w);
        for (id, n, d) in values {
            if let Some(v) = r.measures.iter_mut().find(|v| v.id == *id) {
                v.numerator = *n;
                v.denominator = *d;
                v.value = v.scale.value(*n, *d);
            }
        }
        r
    }

    #[test]
    fn a_tile_per_outcome_with_better_or_worse_than_last_year() {
        // 3 or more placements (lower is better): 10 of 100 now, 12 of 100
        // a year ago, so better; long-term stability is the first measure
        // of stability only when the first has no value.
        let now = report_with(&[("cla_3plus_placements", 10.0, 100.0)]);
        let before = report_with(&[("cla_3plus_placements", 12.0, 100.0)]);
        let t = tiles(&now, &before);
        assert_eq!(t.len(), 7);
        assert_eq!(
            t[0].measure,
            "Looked-after children with 3 or more placements in the year"
        );
        assert_eq!(t[0].value, "10.0%");
        assert_eq!((t[0].arrow, t[0].class), ("▼", "better"));
        assert_eq!(t[0].change, "Better than last year (12.0%)");
        // No value: said plainly, no arrow.
        assert_eq!(t[1].value, "Not measured yet");
        assert_eq!(t[1].arrow, "");
    }

    #[test]
    fn counts_under_six_are_not_shown() {
        let now = report_with(&[("cla_3plus_placements", 3.0, 40.0)]);
        let before = report_with(&[("cla_3plus_placements", 12.0, 100.0)]);
        let t = tiles(&now, &before);
        assert_eq!(t[0].value, "Fewer than 6");
        assert_eq!(t[0].arrow, "");
        assert!(!t[0].change.contains('%'), "{}", t[0].change);
        // A small denominator would reveal as much.
        let now = report_with(&[("cla_3plus_placements", 0.0, 4.0)]);
        assert_eq!(tiles(&now, &before)[0].value, "Fewer than 6");
    }
}
