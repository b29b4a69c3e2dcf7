//! Trend charts drawn on the server as SVG: scaling scores over months now,
//! outcome measures later. Each series has its own colour, dash pattern and
//! marker shape, so no one needs to tell colours apart; the chart carries a
//! title and description for screen readers, and pages show the numbers as a
//! table beside it. Presentation attributes only (the CSP allows no inline
//! style).

use std::fmt::Write;
use time::Date;

/// One line on the chart.
#[derive(Clone, Debug)]
pub struct Series {
    pub name: String,
    pub points: Vec<(Date, f64)>,
}

/// A horizontal reference line (England's figure, a target).
#[derive(Clone, Debug)]
pub struct Reference {
    pub label: String,
    pub value: f64,
}

#[derive(Clone, Debug)]
pub struct LineChart {
    /// The id prefix for the title and description elements (unique on the page).
    pub id: String,
    pub title: String,
    pub y_min: f64,
    pub y_max: f64,
    /// Draw a gridline every this many units.
    pub y_step: f64,
    pub series: Vec<Series>,
    pub reference: Option<Reference>,
}

/// Colours with at least 3:1 contrast on white (WCAG 1.4.11).
const COLOURS: [&str; 6] = [
    "#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#6f3a00", "#0b0c0c",
];
const DASHES: [&str; 6] = ["", "6 3", "2 3", "10 4", "6 2 2 2", "1 2"];
const W: f64 = 640.0;
const H: f64 = 320.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 56.0;

use crate::pictures::escape;

fn short_date(d: Date) -> String {
    const M: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{} {}",
        M[(d.month() as usize).saturating_sub(1) % 12],
        d.year()
    )
}

fn marker(out: &mut String, i: usize, x: f64, y: f64, colour: &str) {
    // Circle, square, triangle, diamond, cross, ring: a shape per series.
    let _ = match i % 6 {
        0 => write!(
            out,
            r#"<circle cx="{x:.1}" cy="{y:.1}" r="4" fill="{colour}"/>"#
        ),
        1 => write!(
            out,
            r#"<rect x="{:.1}" y="{:.1}" width="8" height="8" fill="{colour}"/>"#,
            x - 4.0,
            y - 4.0
        ),
        2 => write!(
            out,
            r#"<path d="M{x:.1} {:.1} L{:.1} {:.1} L{:.1} {:.1} Z" fill="{colour}"/>"#,
            y - 5.0,
            x + 5.0,
            y + 4.0,
            x - 5.0,
            y + 4.0
        ),
        3 => write!(
            out,
            r#"<path d="M{x:.1} {:.1} L{:.1} {y:.1} L{x:.1} {:.1} L{:.1} {y:.1} Z" fill="{colour}"/>"#,
            y - 5.0,
            x + 5.0,
            y + 5.0,
            x - 5.0
        ),
        4 => write!(
            out,
            r#"<path d="M{:.1} {:.1} L{:.1} {:.1} M{:.1} {:.1} L{:.1} {:.1}" stroke="{colour}" stroke-width="2.5"/>"#,
            x - 4.0,
            y - 4.0,
            x + 4.0,
            y + 4.0,
            x - 4.0,
            y + 4.0,
            x + 4.0,
            y - 4.0
        ),
        _ => write!(
            out,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="4" fill="#ffffff" stroke="{colour}" stroke-width="2"/>"##
        ),
    };
}

impl LineChart {
    /// The chart as an inline `<svg>` element.
    pub fn svg(&self) -> String {
        let dates: Vec<Date> = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0))
            .collect();
        let (Some(&first), Some(&last)) = (dates.iter().min(), dates.iter().max()) else {
            return String::new();
        };
        let span = ((last - first).whole_days().max(1)) as f64;
        let plot_w = W - LEFT - RIGHT;
        let plot_h = H - TOP - BOTTOM;
        let range = (self.y_max - self.y_min).max(f64::EPSILON);
        let x_of = |d: Date| {
            if first == last {
                LEFT + plot_w / 2.0
            } else {
                LEFT + (d - first).whole_days() as f64 / span * plot_w
            }
        };
        let y_of =
            |v: f64| TOP + (1.0 - (v.clamp(self.y_min, self.y_max) - self.y_min) / range) * plot_h;
        let id = escape(&self.id);
        let mut out = String::new();
        let _ = write!(
            out,
            r#"<svg class="hearth-chart" viewBox="0 0 {W} {}" width="100%" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">"#,
            H + 22.0 * self.series.len().div_ceil(2) as f64
        );
        let _ = write!(
            out,
            r#"<title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
            escape(&self.title),
            escape(&self.description())
        );
        // Gridlines and the y axis labels.
        let step = if self.y_step > 0.0 {
            self.y_step
        } else {
            range / 5.0
        };
        let mut v = self.y_min;
        while v <= self.y_max + 1e-9 {
            let y = y_of(v);
            let _ = write!(
                out,
                r##"<line x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#b1b4b6" stroke-width="1"/><text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end" fill="#0b0c0c">{}</text>"##,
                W - RIGHT,
                LEFT - 6.0,
                y + 4.0,
                trim_number(v)
            );
            v += step;
        }
        // Dates along the bottom: first, last and (if room) the middle.
        let mut ticks = vec![first, last];
        if span > 60.0 {
            ticks.push(first + time::Duration::days((span / 2.0) as i64));
        }
        for d in ticks {
            let _ = write!(
                out,
                r##"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="middle" fill="#0b0c0c">{}</text>"##,
                x_of(d).clamp(LEFT + 20.0, W - RIGHT - 20.0),
                H - BOTTOM + 18.0,
                short_date(d)
            );
        }
        if let Some(r) = &self.reference {
            let y = y_of(r.value);
            let _ = write!(
                out,
                r##"<line x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#505a5f" stroke-width="2" stroke-dasharray="8 4"/><text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end" fill="#0b0c0c">{}</text>"##,
                W - RIGHT,
                W - RIGHT,
                y - 5.0,
                escape(&r.label)
            );
        }
        for (i, s) in self.series.iter().enumerate() {
            let colour = COLOURS[i % COLOURS.len()];
            let dash = DASHES[i % DASHES.len()];
            let mut pts: Vec<(Date, f64)> = s.points.clone();
            pts.sort_by_key(|p| p.0);
            if pts.len() > 1 {
                let d: Vec<String> = pts
                    .iter()
                    .map(|(d, v)| format!("{:.1},{:.1}", x_of(*d), y_of(*v)))
                    .collect();
                let _ = write!(
                    out,
                    r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2.5"{}/>"#,
                    d.join(" "),
                    if dash.is_empty() {
                        String::new()
                    } else {
                        format!(r#" stroke-dasharray="{dash}""#)
                    }
                );
            }
            for (d, v) in &pts {
                marker(&mut out, i, x_of(*d), y_of(*v), colour);
            }
            // The legend, two to a row under the chart.
            let lx = LEFT + (i % 2) as f64 * (plot_w / 2.0);
            let ly = H - 14.0 + 22.0 * (i / 2) as f64;
            let _ = write!(
                out,
                r#"<line x1="{lx:.1}" y1="{ly:.1}" x2="{:.1}" y2="{ly:.1}" stroke="{colour}" stroke-width="2.5"{}/>"#,
                lx + 28.0,
                if dash.is_empty() {
                    String::new()
                } else {
                    format!(r#" stroke-dasharray="{dash}""#)
                }
            );
            marker(&mut out, i, lx + 14.0, ly, colour);
            let _ = write!(
                out,
                r##"<text x="{:.1}" y="{:.1}" font-size="13" fill="#0b0c0c">{}</text>"##,
                lx + 36.0,
                ly + 4.0,
                escape(&s.name)
            );
        }
        out.push_str("</svg>");
        out
    }

    /// A sentence per series for screen readers: first and latest values.
    pub fn description(&self) -> String {
        let mut parts = Vec::new();
        for s in &self.series {
            let mut pts = s.points.clone();
            pts.sort_by_key(|p| p.0);
            match (pts.first(), pts.last()) {
                (Some(f), Some(l)) if pts.len() > 1 => parts.push(format!(
                    "{}: {} on {}, {} on {} ({} points).",
                    s.name,
                    trim_number(f.1),
                    short_date(f.0),
                    trim_number(l.1),
                    short_date(l.0),
                    pts.len()
                )),
                (Some(f), _) => parts.push(format!(
                    "{}: {} on {}.",
                    s.name,
                    trim_number(f.1),
                    short_date(f.0)
                )),
                _ => {}
            }
        }
        if let Some(r) = &self.reference {
            parts.push(format!("{}: {}.", r.label, trim_number(r.value)));
        }
        parts.push("The numbers are in the table below the chart.".into());
        parts.join(" ")
    }
}

/// 7 not 7.0; 7.5 stays.
pub fn trim_number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_chart_has_a_line_and_marker_per_series_and_describes_itself() {
        let c = LineChart {
            id: "s1".into(),
            title: "Safety scaling".into(),
            y_min: 0.0,
            y_max: 10.0,
            y_step: 2.0,
            series: vec![
                Series {
                    name: "Mum <M>".into(),
                    points: vec![(date!(2026 - 01 - 05), 3.0), (date!(2026 - 04 - 05), 7.0)],
                },
                Series {
                    name: "Worker".into(),
                    points: vec![(date!(2026 - 01 - 05), 2.0)],
                },
            ],
            reference: None,
        };
        let svg = c.svg();
        assert_eq!(
            svg.matches("<polyline").count(),
            1,
            "one series has two points"
        );
        assert!(svg.contains("Mum &lt;M&gt;"), "names are escaped");
        assert!(!svg.contains("style="), "no inline style (CSP)");
        let d = c.description();
        assert!(d.contains("Mum <M>: 3 on Jan 2026, 7 on Apr 2026"), "{d}");
        assert!(d.contains("Worker: 2 on Jan 2026."), "{d}");
    }

    #[test]
    fn an_empty_chart_draws_nothing() {
        let c = LineChart {
            id: "x".into(),
            title: "t".into(),
            y_min: 0.0,
            y_max: 10.0,
            y_step: 1.0,
            series: vec![],
            reference: None,
        };
        assert!(c.svg().is_empty());
    }
}
