//! The seven outcomes, measured continuously: the whole council's figures,
//! a team's, a unit's or one practitioner's, for the last statutory year
//! (like-for-like with England's published figure) beside the rolling 12
//! months, each measure with its trend over five years, its definition and
//! the numbers linking to the children (or families, or staff) behind them.
//!
//! Who may see which figures is decided by the chokepoint
//! ([`crate::authz::Chokepoint::outcomes`]) and audited; the record is read
//! once per request ([`crate::insight::snapshot`]) and every year is
//! computed from that one snapshot, so the years agree with each other.

pub mod drill;
pub mod wall;

use std::sync::Arc;

use super::{render, request_id, Path};
use crate::authz::Chokepoint;
use crate::charts::{trim_number, LineChart, Reference, Series};
use crate::error::WebError;
use crate::security::RequestId;
use crate::session::{SignedIn, UserCtx};
use crate::views::{self, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use hearth_core::access::FigureScope;
use hearth_core::council::Item;
use hearth_core::ids::{TeamId, UnitId, UserId};
use hearth_core::model::Discipline;
use hearth_insight::catalogue::{self, Measure, Polarity, Scale, Year};
use hearth_insight::report::{self, Report, Value};
use hearth_insight::{Outcome, Period, Snapshot};
use serde::Deserialize;
use time::Date;

/// How many statutory years a trend shows (the last one included).
pub const TREND_YEARS: i32 = 5;

/// The query of every outcomes page: `year` (a collection year by its end,
/// 2026 is 2025/26) or `as_at` (the rolling 12 months to a date), and
/// `format=csv` for a download (`trend=ID` for one measure's trend).
#[derive(Debug, Default, Deserialize)]
pub struct OutcomesQuery {
    #[serde(default)]
    pub year: Option<String>,
    #[serde(default)]
    pub as_at: Option<String>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub trend: Option<String>,
    /// `off`: the wall without its hourly reload.
    #[serde(default)]
    pub refresh: Option<String>,
}

impl OutcomesQuery {
    pub fn csv(&self) -> bool {
        self.format.as_deref() == Some("csv")
    }
}

/// The periods a request asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct When {
    /// The last statutory year shown (and the trend's last year).
    pub year: i32,
    /// The rolling 12 months end here when asked for (else today).
    pub as_at: Option<Date>,
    pub today: Date,
}

impl When {
    /// Reads `year` and `as_at`. The default year is the latest complete
    /// collection year; with `as_at` the statutory year is the last one
    /// complete on that date.
    pub fn parse(year: Option<&str>, as_at: Option<&str>, today: Date) -> Result<When, WebError> {
        let as_at = match as_at.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => Some(views::parse_iso(s).ok_or_else(|| {
                WebError::BadRequest(format!("as_at {s}: give the date as YYYY-MM-DD"))
            })?),
            None => None,
        };
        let latest = hearth_core::calendar::collection_year_of(as_at.unwrap_or(today)) - 1;
        let year = match year.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) if as_at.is_none() => s
                .parse::<i32>()
                .ok()
                .filter(|y| (2000..=2100).contains(y))
                .ok_or_else(|| {
                    WebError::BadRequest(format!(
                        "year {s}: give a collection year by its end, such as 2026"
                    ))
                })?,
            _ => latest,
        };
        Ok(When { year, as_at, today })
    }

    /// The end of the rolling 12 months.
    pub fn rolling_end(&self) -> Date {
        self.as_at.unwrap_or(self.today)
    }

    /// The periods of the report asked for: the rolling 12 months to
    /// `as_at` if given, else the statutory year.
    pub fn main(&self) -> (Period, Period) {
        match self.as_at {
            Some(d) => report::periods_to(d),
            None => report::periods_for_year(self.year),
        }
    }

    /// The query string naming the report asked for.
    pub fn query(&self) -> String {
        match self.as_at {
            Some(d) => format!("as_at={}", views::iso_date(d)),
            None => format!("year={}", self.year),
        }
    }
}

/// The path of a scope's figures.
pub fn base(scope: FigureScope) -> String {
    match scope {
        FigureScope::Council => "/outcomes".into(),
        FigureScope::Team(t) => format!("/outcomes/teams/{t}"),
        FigureScope::Unit(u) => format!("/outcomes/units/{u}"),
        FigureScope::Worker(w) => format!("/outcomes/workers/{w}"),
    }
}

/// Runs `f` off the async threads: computing every measure over the whole
/// record is CPU work.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, WebError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| WebError::Internal(e.to_string()))
}

/// Reads the record once for this request.
pub async fn load(state: &AppState, today: Date) -> Result<Arc<Snapshot>, WebError> {
    Ok(Arc::new(
        crate::insight::snapshot(&state.store, today).await?,
    ))
}

/// One report of `scope` over the periods given.
pub async fn one_report(
    snapshot: Arc<Snapshot>,
    scope: FigureScope,
    (period, workforce): (Period, Period),
) -> Result<Report, WebError> {
    blocking(move || hearth_insight::compute(&snapshot, scope, period, workforce)).await
}

/// The statutory years of the trend (oldest first, the statutory year last)
/// and the rolling 12 months, from one snapshot.
pub async fn reports(
    snapshot: Arc<Snapshot>,
    scope: FigureScope,
    when: When,
) -> Result<(Vec<Report>, Report), WebError> {
    blocking(move || {
        let years = (when.year - TREND_YEARS + 1..=when.year)
            .map(|y| {
                let (p, w) = report::periods_for_year(y);
                hearth_insight::compute(&snapshot, scope, p, w)
            })
            .collect();
        let (p, w) = report::periods_to(when.rolling_end());
        (years, hearth_insight::compute(&snapshot, scope, p, w))
    })
    .await
}

/// How a value compares with another (England's, last year's), given which
/// way is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compared {
    Better,
    Worse,
    Same,
    /// Higher or lower where neither way is better in itself.
    Higher,
    Lower,
}

impl Compared {
    /// Compares at the precision shown, so "22.6%" is never "worse" than
    /// "22.6%".
    pub fn of(scale: Scale, polarity: Polarity, value: f64, other: f64) -> Compared {
        if scale.show(value) == scale.show(other) {
            return Compared::Same;
        }
        let higher = value > other;
        match (polarity, higher) {
            (Polarity::HigherIsBetter, true) | (Polarity::LowerIsBetter, false) => Compared::Better,
            (Polarity::HigherIsBetter, false) | (Polarity::LowerIsBetter, true) => Compared::Worse,
            (Polarity::Neutral, true) => Compared::Higher,
            (Polarity::Neutral, false) => Compared::Lower,
        }
    }

    pub fn words(self, than: &str) -> String {
        match self {
            Compared::Better => format!("Better than {than}"),
            Compared::Worse => format!("Worse than {than}"),
            Compared::Same => format!("Same as {than}"),
            Compared::Higher => format!("Higher than {than}"),
            Compared::Lower => format!("Lower than {than}"),
        }
    }

    /// The GOV.UK tag colour.
    pub fn tag(self) -> &'static str {
        match self {
            Compared::Better => "govuk-tag--green",
            Compared::Worse => "govuk-tag--red",
            _ => "govuk-tag--grey",
        }
    }
}

/// A numerator or denominator as people read it (pence shown as pounds).
pub fn show_count(scale: Scale, v: f64) -> String {
    match scale {
        Scale::Pounds => Scale::Pounds.show(v / 100.0),
        _ => trim_number(v),
    }
}

/// "year to 31 March 2025" or "30 September 2025": what England's year
/// means for this measure.
pub fn england_year(m: &Measure, year: i32) -> String {
    match m.year {
        Year::Collection => format!("year to 31 March {year}"),
        Year::Workforce => format!("year to 30 September {year}"),
    }
}

/// A period in words.
pub fn period_words(p: Period) -> String {
    format!("{} to {}", views::date(p.start), views::date(p.end))
}

/// One year of a measure's trend.
pub struct TrendRow {
    pub label: String,
    pub value: String,
    pub numerator: String,
    pub denominator: String,
}

/// One measure on the scope page.
pub struct MeasureRow {
    pub id: &'static str,
    pub title: &'static str,
    pub definition: &'static str,
    pub numerator_words: &'static str,
    pub denominator_words: &'static str,
    pub dfe: bool,
    pub period: String,
    pub value: String,
    pub numerator: String,
    pub denominator: String,
    pub drill: String,
    pub rolling_period: String,
    pub rolling_value: String,
    pub rolling_numerator: String,
    pub rolling_denominator: String,
    pub rolling_drill: String,
    /// England's figure in words ("69.0%, year to 31 March 2025"), if any.
    pub england: Option<String>,
    pub england_source: String,
    pub compared: Option<(String, &'static str)>,
    pub note: Option<String>,
    pub chart: String,
    pub trend: Vec<TrendRow>,
    pub trend_csv: String,
}

pub struct SectionRow {
    pub code: &'static str,
    pub title: &'static str,
    pub measures: Vec<MeasureRow>,
}

/// A line of the summary: one outcome at a glance.
pub struct SummaryRow {
    pub code: &'static str,
    pub title: &'static str,
    pub measures: usize,
    pub measured: usize,
    pub better: usize,
    pub worse: usize,
}

/// A council beside the others on one measure.
pub struct ComparatorRow {
    pub measure_id: &'static str,
    pub title: &'static str,
    pub who: String,
    pub year: String,
    pub value: String,
    pub source: String,
    /// Hearth's own figure or England's, set apart from the entered ones.
    pub ours: bool,
}

#[derive(Template)]
#[template(path = "outcomes/page.html")]
struct ScopePage {
    chrome: Chrome,
    scope_kind: &'static str,
    scope_name: String,
    base: String,
    query: String,
    year: i32,
    as_at: String,
    statutory_period: String,
    rolling_period: String,
    summary: Vec<SummaryRow>,
    better: usize,
    worse: usize,
    compared: usize,
    sections: Vec<SectionRow>,
    links: Vec<(String, String)>,
    comparators: Vec<ComparatorRow>,
    council_tools: bool,
    years: Vec<i32>,
}

fn value_of(v: &Value) -> String {
    v.shown()
}

fn chart_for(m: &Measure, years: &[Report]) -> String {
    let points: Vec<(Date, f64)> = years
        .iter()
        .filter_map(|r| r.get(m.id).and_then(|v| v.value.map(|x| (v.period.end, x))))
        .collect();
    if points.is_empty() {
        return String::new();
    }
    let mut lo = points.iter().map(|p| p.1).fold(0.0_f64, f64::min);
    let mut hi = points.iter().map(|p| p.1).fold(0.0_f64, f64::max);
    if let Some(e) = m.england {
        lo = lo.min(e.value);
        hi = hi.max(e.value);
    }
    let y_max = nice(hi * 1.1);
    let y_min = if lo < 0.0 { -nice(-lo * 1.1) } else { 0.0 };
    LineChart {
        id: format!("chart-{}", m.id),
        title: format!("{} by year", m.title),
        y_min,
        y_max,
        y_step: (y_max - y_min) / 5.0,
        series: vec![Series {
            name: "These figures".into(),
            points,
        }],
        reference: m.england.map(|e| Reference {
            label: format!("England {}", e.year),
            value: e.value,
        }),
    }
    .svg()
}

/// A round number at or above `v` (1, 2, 2.5 or 5 times a power of ten).
pub fn nice(v: f64) -> f64 {
    if v.is_nan() || v <= 0.0 {
        return 1.0;
    }
    let mag = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|x| *x >= v)
        .unwrap_or(10.0 * mag)
}

fn measure_row(
    m: &'static Measure,
    years: &[Report],
    rolling: &Report,
    base: &str,
    when: &When,
) -> Option<MeasureRow> {
    let statutory = years.last()?.get(m.id)?;
    let roll = rolling.get(m.id)?;
    let compared = match (statutory.value, m.england) {
        (Some(v), Some(e)) => {
            let c = Compared::of(m.scale, m.polarity, v, e.value);
            Some((c.words("England"), c.tag()))
        }
        _ => None,
    };
    Some(MeasureRow {
        id: m.id,
        title: m.title,
        definition: m.definition,
        numerator_words: m.numerator,
        denominator_words: m.denominator,
        dfe: m.dfe,
        period: period_words(statutory.period),
        value: value_of(statutory),
        numerator: show_count(m.scale, statutory.numerator),
        denominator: show_count(m.scale, statutory.denominator),
        drill: format!("{base}/measures/{}?year={}", m.id, when.year),
        rolling_period: period_words(roll.period),
        rolling_value: value_of(roll),
        rolling_numerator: show_count(m.scale, roll.numerator),
        rolling_denominator: show_count(m.scale, roll.denominator),
        rolling_drill: format!(
            "{base}/measures/{}?as_at={}",
            m.id,
            views::iso_date(when.rolling_end())
        ),
        england: m
            .england
            .map(|e| format!("{}, {}", m.scale.show(e.value), england_year(m, e.year))),
        england_source: m.england.map(|e| e.source.to_string()).unwrap_or_default(),
        compared,
        note: statutory.note.clone(),
        chart: chart_for(m, years),
        trend: years
            .iter()
            .filter_map(|r| r.get(m.id))
            .map(|v| TrendRow {
                label: format!("Year to {}", views::date(v.period.end)),
                value: value_of(v),
                numerator: show_count(m.scale, v.numerator),
                denominator: show_count(m.scale, v.denominator),
            })
            .collect(),
        trend_csv: format!("{base}?{}&format=csv&trend={}", when.query(), m.id),
    })
}

/// The scopes the viewer may also see, as links.
fn links(
    gate: &Chokepoint<'_>,
    user: &UserCtx,
    s: &Snapshot,
    here: FigureScope,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut add = |scope: FigureScope, label: String| {
        if scope != here && gate.may_see_outcomes(scope) {
            out.push((base(scope), label));
        }
    };
    add(FigureScope::Council, "The whole council".into());
    let mut teams: Vec<_> = s.teams.iter().filter(|t| t.end.is_none()).collect();
    teams.sort_by(|a, b| a.name.cmp(&b.name));
    for t in teams {
        add(FigureScope::Team(t.id), format!("Team: {}", t.name));
    }
    let mut units: Vec<_> = s.units.iter().filter(|u| u.end.is_none()).collect();
    units.sort_by(|a, b| a.name.cmp(&b.name));
    for u in units {
        add(FigureScope::Unit(u.id), format!("Unit: {}", u.name));
    }
    // Managers and the data team hold no caseload of their own.
    if !(user.is(Discipline::Manager) || user.is(Discipline::DataTeam)) {
        add(FigureScope::Worker(user.id()), "Your own caseload".into());
    }
    out
}

/// The comparison table: the council's figure beside England's and those of
/// the comparator councils entered for the measure.
fn comparators(s: &Snapshot, statutory: &Report) -> Vec<ComparatorRow> {
    let mut entered: Vec<&hearth_core::council::Comparator> = s
        .council_items("comparator")
        .filter_map(|i| match i {
            Item::Comparator(c) => Some(c),
            _ => None,
        })
        .collect();
    entered.sort_by(|a, b| (&a.measure, &a.council, a.year).cmp(&(&b.measure, &b.council, b.year)));
    let mut out = Vec::new();
    for m in catalogue::MEASURES {
        let theirs: Vec<_> = entered.iter().filter(|c| c.measure == m.id).collect();
        if theirs.is_empty() {
            continue;
        }
        if let Some(v) = statutory.get(m.id) {
            out.push(ComparatorRow {
                measure_id: m.id,
                title: m.title,
                who: "This council".into(),
                year: format!("Year to {}", views::date(v.period.end)),
                value: v.shown(),
                source: "Hearth, from the record".into(),
                ours: true,
            });
        }
        if let Some(e) = m.england {
            out.push(ComparatorRow {
                measure_id: m.id,
                title: m.title,
                who: "England".into(),
                year: england_year(m, e.year),
                value: m.scale.show(e.value),
                source: e.source.into(),
                ours: true,
            });
        }
        for c in theirs {
            out.push(ComparatorRow {
                measure_id: m.id,
                title: m.title,
                who: c.council.clone(),
                year: england_year(m, c.year),
                value: m.scale.show(c.value),
                source: c.source.clone(),
                ours: false,
            });
        }
    }
    out
}

/// A CSV download.
pub fn csv_response(name: &str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// One measure's trend as CSV: a row per statutory year, then the rolling
/// 12 months.
pub fn trend_csv(m: &Measure, years: &[Report], rolling: &Report) -> String {
    let mut out = String::from(
        "id,title,period_start,period_end,numerator,denominator,value,england_value,england_year\n",
    );
    for v in years.iter().chain([rolling]).filter_map(|r| r.get(m.id)) {
        let row = [
            m.id.to_string(),
            m.title.to_string(),
            views::iso_date(v.period.start),
            views::iso_date(v.period.end),
            trim_csv(v.numerator),
            trim_csv(v.denominator),
            v.value.map(trim_csv).unwrap_or_default(),
            m.england.map(|e| trim_csv(e.value)).unwrap_or_default(),
            m.england.map(|e| e.year.to_string()).unwrap_or_default(),
        ];
        let line: Vec<String> = row.iter().map(|f| report::csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

fn trim_csv(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v:.4}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    }
}

/// The scope page (or its CSV).
async fn scope_page(
    state: AppState,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    scope: FigureScope,
    q: OutcomesQuery,
) -> Result<Response, WebError> {
    let when = When::parse(q.year.as_deref(), q.as_at.as_deref(), views::today())?;
    let gate = Chokepoint::new(&state, &s.user, request_id(&rid));
    gate.outcomes(scope).await?;
    let snapshot = load(&state, when.today).await?;
    if q.csv() && q.trend.is_none() {
        let r = one_report(snapshot, scope, when.main()).await?;
        let name = format!(
            "outcomes-{}-{}.csv",
            r.scope.kind,
            views::iso_date(r.period.end)
        );
        return Ok(csv_response(&name, report::csv(&r)));
    }
    let (years, rolling) = reports(snapshot.clone(), scope, when).await?;
    if let (true, Some(id)) = (q.csv(), q.trend.as_deref()) {
        let m = catalogue::measure(id).ok_or(WebError::NotFound)?;
        return Ok(csv_response(
            &format!("outcomes-trend-{}.csv", m.id),
            trend_csv(m, &years, &rolling),
        ));
    }
    let statutory = years.last().ok_or(WebError::NotFound)?;
    let b = base(scope);
    let mut sections = Vec::new();
    let mut summary = Vec::new();
    for o in Outcome::ALL {
        let measures: Vec<MeasureRow> = catalogue::of_outcome(o)
            .filter_map(|m| measure_row(m, &years, &rolling, &b, &when))
            .collect();
        let with_value = |m: &&MeasureRow| m.value != "–";
        summary.push(SummaryRow {
            code: o.code(),
            title: o.title(),
            measures: measures.len(),
            measured: measures.iter().filter(with_value).count(),
            better: measures
                .iter()
                .filter(|m| {
                    m.compared
                        .as_ref()
                        .is_some_and(|c| c.1 == Compared::Better.tag())
                })
                .count(),
            worse: measures
                .iter()
                .filter(|m| {
                    m.compared
                        .as_ref()
                        .is_some_and(|c| c.1 == Compared::Worse.tag())
                })
                .count(),
        });
        sections.push(SectionRow {
            code: o.code(),
            title: o.title(),
            measures,
        });
    }
    let compared = sections
        .iter()
        .flat_map(|s| &s.measures)
        .filter(|m| m.compared.is_some())
        .count();
    let manager_or_data = s.user.is(Discipline::Manager) || s.user.is(Discipline::DataTeam);
    let page = ScopePage {
        chrome: Chrome::for_user(
            &s,
            format!("Outcomes: {}", statutory.scope.name),
            "outcomes",
        ),
        scope_kind: statutory.scope.kind,
        scope_name: statutory.scope.name.clone(),
        base: b,
        query: when.query(),
        year: when.year,
        as_at: when.as_at.map(views::iso_date).unwrap_or_default(),
        statutory_period: period_words(statutory.period),
        rolling_period: period_words(rolling.period),
        better: summary.iter().map(|r| r.better).sum(),
        worse: summary.iter().map(|r| r.worse).sum(),
        compared,
        summary,
        sections,
        links: links(&gate, &s.user, &snapshot, scope),
        comparators: if scope == FigureScope::Council {
            comparators(&snapshot, statutory)
        } else {
            Vec::new()
        },
        council_tools: scope == FigureScope::Council && manager_or_data,
        years: {
            let latest = hearth_core::calendar::collection_year_of(when.today) - 1;
            (latest - 6..=latest).rev().collect()
        },
    };
    Ok(render(page)?.into_response())
}

/// `/outcomes`: the whole council. A practitioner, who sees only their own
/// figures, is taken to them.
pub async fn council(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Query(q): Query<OutcomesQuery>,
) -> Result<Response, WebError> {
    let gate = Chokepoint::new(&state, &s.user, request_id(&rid));
    if !gate.may_see_outcomes(FigureScope::Council)
        && gate.may_see_outcomes(FigureScope::Worker(s.user.id()))
    {
        return Ok(Redirect::to(&base(FigureScope::Worker(s.user.id()))).into_response());
    }
    scope_page(state, s, rid, FigureScope::Council, q).await
}

pub async fn team(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<TeamId>,
    Query(q): Query<OutcomesQuery>,
) -> Result<Response, WebError> {
    scope_page(state, s, rid, FigureScope::Team(id), q).await
}

pub async fn unit(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<UnitId>,
    Query(q): Query<OutcomesQuery>,
) -> Result<Response, WebError> {
    scope_page(state, s, rid, FigureScope::Unit(id), q).await
}

pub async fn worker(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<UserId>,
    Query(q): Query<OutcomesQuery>,
) -> Result<Response, WebError> {
    scope_page(state, s, rid, FigureScope::Worker(id), q).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn better_or_worse_follows_the_polarity_at_the_precision_shown() {
        let lower = Polarity::LowerIsBetter;
        assert_eq!(
            Compared::of(Scale::Percent, lower, 8.0, 10.0),
            Compared::Better
        );
        assert_eq!(
            Compared::of(Scale::Percent, lower, 12.0, 10.0),
            Compared::Worse
        );
        assert_eq!(
            Compared::of(Scale::Percent, Polarity::HigherIsBetter, 70.0, 69.0),
            Compared::Better
        );
        // 22.61% and 22.64% both read "22.6%".
        assert_eq!(
            Compared::of(Scale::Percent, Polarity::Neutral, 22.61, 22.64),
            Compared::Same
        );
        assert_eq!(
            Compared::of(Scale::Percent, Polarity::Neutral, 30.0, 22.6),
            Compared::Higher
        );
    }

    #[test]
    fn the_default_year_is_the_latest_complete_collection_year() {
        let today = date!(2026 - 11 - 26);
        let w = When::parse(None, None, today).unwrap_or_else(|_| panic!("parses"));
        assert_eq!(w.year, 2026);
        assert_eq!(w.main().0, Period::collection_year(2026));
        let w = When::parse(None, None, date!(2026 - 03 - 31)).unwrap_or_else(|_| panic!("parses"));
        assert_eq!(w.year, 2025);
        let w = When::parse(Some("2024"), None, today).unwrap_or_else(|_| panic!("parses"));
        assert_eq!((w.year, w.query()), (2024, "year=2024".to_string()));
        let w = When::parse(None, Some("2026-01-15"), today).unwrap_or_else(|_| panic!("parses"));
        assert_eq!(w.year, 2025);
        assert_eq!(w.main().0, Period::rolling_year(date!(2026 - 01 - 15)));
        assert!(When::parse(Some("twenty"), None, today).is_err());
        assert!(When::parse(None, Some("15/01/2026"), today).is_err());
    }

    #[test]
    fn chart_scales_are_round_numbers() {
        assert_eq!(nice(11.0), 20.0);
        assert_eq!(nice(75.9), 100.0);
        assert_eq!(nice(2.2), 2.5);
        assert_eq!(nice(0.0), 1.0);
        assert_eq!(nice(430.0), 500.0);
    }
}
