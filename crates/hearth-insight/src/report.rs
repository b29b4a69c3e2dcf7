//! Computing the measures: one [`Report`] per scope and period, each measure
//! with its numerator, denominator, value, England's figure and the people
//! behind the number.

use hearth_core::ids::{FamilyId, PersonId, UserId};
use serde::Serialize;

use crate::catalogue::{self, England, Measure, Outcome, Polarity, Scale, Year};
use crate::measures;
use crate::period::Period;
use crate::scope::{self, Members, Partition, Scope, ScopeInfo};
use crate::snapshot::Snapshot;

/// Who is behind a number: the drill-down lists them (each shown only if
/// the viewer may read them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Behind {
    Child(PersonId),
    Family(FamilyId),
    Staff(UserId),
}

/// What a measure function returns for one measure.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub id: &'static str,
    pub numerator: f64,
    pub denominator: f64,
    /// The numerator's children, families or staff.
    pub behind: Vec<Behind>,
    /// Why there is no value, or how to read it.
    pub note: Option<String>,
    /// Set when the figure must not be shown (a pulse from fewer than 5).
    pub suppressed: bool,
}

impl Figure {
    pub fn new(id: &'static str, numerator: f64, denominator: f64, behind: Vec<Behind>) -> Self {
        Figure {
            id,
            numerator,
            denominator,
            behind,
            note: None,
            suppressed: false,
        }
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }
}

/// What each measure function is given: the scope's members, the period of
/// the children's measures and of the workforce measures, and the population
/// (for the whole council only: rates per 10,000 are a council's).
pub struct Ctx<'a> {
    pub snapshot: &'a Snapshot,
    pub scope: Scope,
    pub members: Members<'a>,
    pub period: Period,
    pub workforce: Period,
    pub population: Option<u64>,
    /// Council-wide working shared by every scope's measures.
    pub memo: &'a scope::Memo,
}

/// One measure's result as reports, pages and the API show it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Value {
    pub id: &'static str,
    pub outcome: Outcome,
    pub title: &'static str,
    pub definition: &'static str,
    pub numerator: f64,
    pub denominator: f64,
    pub value: Option<f64>,
    pub scale: Scale,
    pub polarity: Polarity,
    pub dfe: bool,
    pub period: Period,
    pub england: Option<England>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip)]
    pub behind: Vec<Behind>,
}

impl Value {
    pub fn measure(&self) -> Option<&'static Measure> {
        catalogue::measure(self.id)
    }

    /// The value as people read it, or a dash.
    pub fn shown(&self) -> String {
        self.value
            .map_or_else(|| "–".to_string(), |v| self.scale.show(v))
    }
}

/// Every measure for one scope.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub period: Period,
    pub workforce_period: Period,
    pub scope: ScopeInfo,
    pub measures: Vec<Value>,
}

impl Report {
    pub fn get(&self, id: &str) -> Option<&Value> {
        self.measures.iter().find(|m| m.id == id)
    }
}

/// The periods of year `year` as the DfE names them: the collection year
/// ending 31 March `year`, and the workforce census year ending 30 September
/// `year` (both published as `year`).
pub fn periods_for_year(year: i32) -> (Period, Period) {
    (Period::collection_year(year), Period::workforce_year(year))
}

/// The periods of the rolling 12 months to a date.
pub fn periods_to(as_at: time::Date) -> (Period, Period) {
    let p = Period::rolling_year(as_at);
    (p, p)
}

/// Every measure for one scope over the given periods.
pub fn compute(s: &Snapshot, scope: Scope, period: Period, workforce: Period) -> Report {
    let partition = Partition::build(s, period);
    compute_in(s, &partition, scope, period, workforce)
}

/// Every measure for every scope with anyone in it (the benchmark's and the
/// nightly summary's pass), sharing one partition.
pub fn compute_all(s: &Snapshot, period: Period, workforce: Period) -> Vec<Report> {
    let partition = Partition::build(s, period);
    partition
        .scopes()
        .into_iter()
        .map(|scope| compute_in(s, &partition, scope, period, workforce))
        .collect()
}

fn compute_in(
    s: &Snapshot,
    partition: &Partition,
    scope: Scope,
    period: Period,
    workforce: Period,
) -> Report {
    let ctx = Ctx {
        snapshot: s,
        scope,
        members: partition.members(s, scope),
        memo: &partition.memo,
        period,
        workforce,
        population: match scope {
            Scope::Council => s.population(period.end.year()),
            _ => None,
        },
    };
    let mut figures: Vec<Figure> = measures::ALL.iter().flat_map(|f| f(&ctx)).collect();
    let measures = catalogue::MEASURES
        .iter()
        .map(|m| {
            let p = match m.year {
                Year::Collection => period,
                Year::Workforce => workforce,
            };
            match figures.iter().position(|f| f.id == m.id) {
                Some(i) => {
                    let f = figures.swap_remove(i);
                    let value = if f.suppressed {
                        None
                    } else {
                        m.scale.value(tidy(f.numerator), tidy(f.denominator))
                    };
                    Value {
                        id: m.id,
                        outcome: m.outcome,
                        title: m.title,
                        definition: m.definition,
                        numerator: if f.suppressed { 0.0 } else { tidy(f.numerator) },
                        denominator: if f.suppressed {
                            0.0
                        } else {
                            tidy(f.denominator)
                        },
                        value,
                        scale: m.scale,
                        polarity: m.polarity,
                        dfe: m.dfe,
                        period: p,
                        england: m.england,
                        note: f.note,
                        behind: if f.suppressed { Vec::new() } else { f.behind },
                    }
                }
                None => Value {
                    id: m.id,
                    outcome: m.outcome,
                    title: m.title,
                    definition: m.definition,
                    numerator: 0.0,
                    denominator: 0.0,
                    value: None,
                    scale: m.scale,
                    polarity: m.polarity,
                    dfe: m.dfe,
                    period: p,
                    england: m.england,
                    note: Some("Not measured for this scope.".into()),
                    behind: Vec::new(),
                },
            }
        })
        .collect();
    Report {
        period,
        workforce_period: workforce,
        scope: scope::describe(s, scope),
        measures,
    }
}

/// A sum rounded to a millionth: FTE and hours added up in whatever order
/// the record gives them differ in the last binary digits (69.69999... or
/// 69.7), and the same record must always give the same figures. Adding
/// 0.0 also turns a -0.0 from a subtraction into 0.
fn tidy(x: f64) -> f64 {
    (x * 1e6).round() / 1e6 + 0.0
}

/// One CSV field, quoted when it must be.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn num(v: f64) -> String {
    // Adding 0.0 turns -0.0 into 0.0.
    let v = v + 0.0;
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v:.4}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    }
}

/// The report as CSV: one row per measure, with England's figure and the
/// definition, for a spreadsheet.
pub fn csv(r: &Report) -> String {
    let mut out = String::from(
        "scope,scope_name,period_start,period_end,outcome,id,title,numerator,denominator,value,england_value,england_year,england_source,definition\n",
    );
    for m in &r.measures {
        let row = [
            r.scope.kind.to_string(),
            r.scope.name.clone(),
            m.period.start.to_string(),
            m.period.end.to_string(),
            m.outcome.code().to_string(),
            m.id.to_string(),
            m.title.to_string(),
            num(m.numerator),
            num(m.denominator),
            m.value.map(num).unwrap_or_default(),
            m.england.map(|e| num(e.value)).unwrap_or_default(),
            m.england.map(|e| e.year.to_string()).unwrap_or_default(),
            m.england.map(|e| e.source.to_string()).unwrap_or_default(),
            m.definition.to_string(),
        ];
        let line: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}
