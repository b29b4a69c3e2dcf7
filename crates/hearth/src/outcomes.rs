//! `hearth outcomes`: the measures for a year and a scope, as a table, JSON
//! or CSV. The figures are aggregates; the run is audited like an export.

use hearth_core::audit::{AuditEvent, Audited, Outcome};
use hearth_insight::report::{self, Report};
use hearth_insight::{Scope, Snapshot};
use hearth_store::Store;
use std::time::Instant;
use time::{Date, OffsetDateTime};

use crate::cli::{OutcomesArgs, OutcomesFormat};
use crate::CliError;

pub async fn run(store: &Store, args: &OutcomesArgs) -> Result<(), CliError> {
    let today = OffsetDateTime::now_utc().date();
    let started = Instant::now();
    let snapshot = hearth_web::insight::snapshot(store, today).await?;
    let loaded = started.elapsed();
    let scope = scope(&snapshot, args)?;
    let (period, workforce) = match (&args.as_at, args.year) {
        (Some(d), _) => report::periods_to(parse_date(d)?),
        (None, Some(y)) => report::periods_for_year(y),
        (None, None) => {
            report::periods_for_year(hearth_core::calendar::collection_year_of(today) - 1)
        }
    };
    let mut e = AuditEvent::new(None, Audited::OutcomesComputed, None, Outcome::Allowed);
    if args.all_scopes {
        e.basis = Some(format!("every scope {}", period.end));
        store.audit(&e).await?;
        let computing = Instant::now();
        let reports = hearth_insight::compute_all(&snapshot, period, workforce);
        let computed = computing.elapsed();
        if args.timings {
            eprintln!(
                "read the record ({} children, {} staff) in {:.2} s; computed {} scopes in {:.2} s",
                snapshot.children.len(),
                snapshot.practitioners.len(),
                loaded.as_secs_f64(),
                reports.len(),
                computed.as_secs_f64()
            );
        }
        let text = match args.format {
            OutcomesFormat::Json => serde_json::to_string(&reports)
                .map_err(|e| CliError::Usage(format!("could not write JSON: {e}")))?,
            OutcomesFormat::Csv => {
                let mut out = String::new();
                for (i, r) in reports.iter().enumerate() {
                    let csv = report::csv(r);
                    let body = if i == 0 {
                        csv.as_str()
                    } else {
                        csv.split_once('\n').map_or("", |(_, rest)| rest)
                    };
                    out.push_str(body);
                }
                out
            }
            OutcomesFormat::Table => format!(
                "{} scopes, {} measures each",
                reports.len(),
                hearth_insight::MEASURES.len()
            ),
        };
        println!("{}", text.trim_end());
        return Ok(());
    }
    let computing = Instant::now();
    let r = hearth_insight::compute(&snapshot, scope, period, workforce);
    if args.timings {
        eprintln!(
            "read the record ({} children, {} staff) in {:.2} s; computed one scope in {:.3} s",
            snapshot.children.len(),
            snapshot.practitioners.len(),
            loaded.as_secs_f64(),
            computing.elapsed().as_secs_f64()
        );
    }
    e.basis = Some(format!("{} {}", r.scope.kind, period.end));
    store.audit(&e).await?;
    let text = match args.format {
        OutcomesFormat::Json => serde_json::to_string_pretty(&r)
            .map_err(|e| CliError::Usage(format!("could not write JSON: {e}")))?,
        OutcomesFormat::Csv => report::csv(&r),
        OutcomesFormat::Table => table(&r),
    };
    println!("{}", text.trim_end());
    Ok(())
}

fn parse_date(s: &str) -> Result<Date, CliError> {
    let f = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s.trim(), &f)
        .map_err(|_| CliError::Usage(format!("--as-at {s}: give the date as YYYY-MM-DD")))
}

/// The scope the arguments name, found by name or id.
fn scope(s: &Snapshot, args: &OutcomesArgs) -> Result<Scope, CliError> {
    let same = |name: &str, id: &str, want: &str| {
        name.eq_ignore_ascii_case(want.trim()) || id == want.trim()
    };
    if let Some(t) = &args.team {
        return s
            .teams
            .iter()
            .find(|x| same(&x.name, &x.id.to_string(), t))
            .map(|x| Scope::Team(x.id))
            .ok_or_else(|| CliError::Usage(format!("--team {t}: no team has that name or id")));
    }
    if let Some(u) = &args.unit {
        return s
            .units
            .iter()
            .find(|x| same(&x.name, &x.id.to_string(), u))
            .map(|x| Scope::Unit(x.id))
            .ok_or_else(|| CliError::Usage(format!("--unit {u}: no unit has that name or id")));
    }
    if let Some(w) = &args.worker {
        return s
            .practitioners
            .iter()
            .find(|x| same(&x.username, &x.id.to_string(), w))
            .map(|x| Scope::Worker(x.id))
            .ok_or_else(|| {
                CliError::Usage(format!(
                    "--worker {w}: no practitioner has that username or id"
                ))
            });
    }
    Ok(Scope::Council)
}

/// A readable table: each outcome, then its measures with the council's
/// value beside England's.
fn table(r: &Report) -> String {
    let mut out = format!(
        "Outcomes for {} ({} to {}; workforce {} to {})\n",
        r.scope.name,
        r.period.start,
        r.period.end,
        r.workforce_period.start,
        r.workforce_period.end
    );
    for o in hearth_insight::Outcome::ALL {
        out.push_str(&format!("\n{}\n", o.title()));
        for m in r.measures.iter().filter(|m| m.outcome == o) {
            let england = m
                .england
                .map(|e| format!("England {} ({})", m.scale.show(e.value), e.year))
                .unwrap_or_default();
            out.push_str(&format!(
                "  {:<34} {:>10}  {:>9} / {:<9} {}\n",
                m.id,
                m.shown(),
                trim(m.numerator),
                trim(m.denominator),
                england
            ));
        }
    }
    out
}

fn trim(v: f64) -> String {
    // 0.0 - 0.0 can come out as -0.0; it is shown as 0.
    let v = v + 0.0;
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}
