//! Pictures drawn on the server as SVG: the genogram and the ecomap now,
//! charts later. People would rather look than read for these, but every
//! picture comes with a text alternative that says the same thing, so a
//! screen-reader user (or anyone printing the page) loses nothing.
//!
//! The drawing code is pure: plain structs in, an SVG string and a text
//! alternative out. Loading (and the authorisation chokepoint) stays in the
//! pages and the API.
//!
//! The content security policy forbids `style` attributes and `<style>`
//! elements, so pictures are drawn with presentation attributes only (`fill`,
//! `stroke`, `stroke-dasharray`); [`Svg`] refuses to write a `style`
//! attribute at all.

pub mod ecomap;
pub mod genogram;
pub mod network;

use serde::Serialize;
use std::fmt::Write as _;

/// Colours from the GOV.UK Frontend palette. Each one used for a line or a
/// mark has at least 3:1 contrast against white (WCAG 2.2 non-text
/// contrast), and no meaning is carried by colour alone: every line kind
/// also differs in its pattern or marks.
pub mod colour {
    pub const BLACK: &str = "#0b0c0c";
    pub const WHITE: &str = "#ffffff";
    pub const SECONDARY_TEXT: &str = "#505a5f";
    pub const LIGHT_GREY: &str = "#f3f2f1";
    pub const BLUE: &str = "#1d70b8";
    pub const LIGHT_BLUE: &str = "#d2e2f1";
    pub const GREEN: &str = "#00703c";
    pub const RED: &str = "#d4351c";
    pub const BROWN: &str = "#8f4c00";
    pub const PURPLE: &str = "#4c2c92";
}

/// Escapes text for an SVG (XML) text node or a double-quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0 at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// A coordinate or length, written with at most one decimal place so the
/// SVG stays small and stable for tests.
pub fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 {
        // Never "-0".
        "0".into()
    } else {
        format!("{r}")
    }
}

/// An attribute value: text is escaped, numbers are rounded.
pub enum Value<'a> {
    Text(&'a str),
    Owned(String),
    Number(f64),
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(s: &'a str) -> Self {
        Value::Text(s)
    }
}
impl From<String> for Value<'_> {
    fn from(s: String) -> Self {
        Value::Owned(s)
    }
}
impl From<&String> for Value<'_> {
    fn from(s: &String) -> Self {
        Value::Owned(s.clone())
    }
}
impl From<f64> for Value<'_> {
    fn from(v: f64) -> Self {
        Value::Number(v)
    }
}

/// A small SVG writer. Element and attribute names are fixed in the code;
/// every attribute value and text node is escaped, so names typed by
/// practitioners can never break out of the picture.
pub struct Svg {
    out: String,
    open: Vec<&'static str>,
}

/// One element being written: add attributes, then end it with
/// [`Tag::empty`], [`Tag::open`] or [`Tag::text`].
pub struct Tag<'s> {
    svg: &'s mut Svg,
    name: &'static str,
}

impl<'s> Tag<'s> {
    /// Adds an attribute. `style` is refused (the CSP forbids inline
    /// styles, so it would be silently dropped by the browser anyway).
    pub fn attr<'v>(self, name: &'static str, value: impl Into<Value<'v>>) -> Self {
        if name == "style" {
            return self;
        }
        let v = match value.into() {
            Value::Text(t) => escape(t),
            Value::Owned(t) => escape(&t),
            Value::Number(n) => num(n),
        };
        let _ = write!(self.svg.out, " {name}=\"{v}\"");
        self
    }

    /// Ends the element with no content: `<rect ... />`.
    pub fn empty(self) {
        self.svg.out.push_str("/>");
    }

    /// Opens the element for children; close it with [`Svg::close`].
    pub fn open(self) {
        self.svg.out.push('>');
        self.svg.open.push(self.name);
    }

    /// Ends the element with escaped text content.
    pub fn text(self, content: &str) {
        let _ = write!(self.svg.out, ">{}</{}>", escape(content), self.name);
    }
}

impl Svg {
    /// Starts an accessible picture of `width` by `height` user units. It is
    /// an image to assistive technology, named by its `<title>` and
    /// described by its `<desc>` (ids `{id}-title`, `{id}-desc`, so several
    /// pictures can share a page). It scales with its container.
    pub fn new(id: &str, width: f64, height: f64, title: &str, desc: &str) -> Self {
        let mut svg = Svg {
            out: String::new(),
            open: Vec::new(),
        };
        let (t, d) = (format!("{id}-title"), format!("{id}-desc"));
        svg.start("svg")
            .attr("xmlns", "http://www.w3.org/2000/svg")
            .attr("id", id)
            .attr("class", "hearth-picture__svg")
            .attr("viewBox", format!("0 0 {} {}", num(width), num(height)))
            .attr("width", width)
            .attr("height", height)
            .attr("role", "img")
            .attr("aria-labelledby", format!("{t} {d}"))
            .attr("font-family", "\"GDS Transport\", arial, sans-serif")
            .attr("font-size", 13.0)
            .open();
        svg.start("title").attr("id", t).text(title);
        svg.start("desc").attr("id", d).text(desc);
        svg
    }

    /// A piece of a picture, drawn separately (say, a key whose size decides
    /// the whole picture's) and added to it with [`Svg::append`].
    pub fn fragment() -> Self {
        Svg {
            out: String::new(),
            open: Vec::new(),
        }
    }

    /// Adds a fragment drawn with this same writer (so already escaped).
    pub fn append(&mut self, fragment: Svg) {
        self.out.push_str(&fragment.finish());
    }

    /// Starts an element.
    pub fn start(&mut self, name: &'static str) -> Tag<'_> {
        self.out.push('<');
        self.out.push_str(name);
        Tag { svg: self, name }
    }

    /// Closes the most recently opened element.
    pub fn close(&mut self) {
        if let Some(name) = self.open.pop() {
            let _ = write!(self.out, "</{name}>");
        }
    }

    /// A group of elements (`<g>`), opened; close it with [`Svg::close`].
    pub fn group(&mut self, class: &str) {
        self.start("g").attr("class", class).open();
    }

    /// A straight line.
    pub fn line(&mut self, a: (f64, f64), b: (f64, f64), stroke: &str, width: f64) -> Tag<'_> {
        self.start("line")
            .attr("x1", a.0)
            .attr("y1", a.1)
            .attr("x2", b.0)
            .attr("y2", b.1)
            .attr("stroke", stroke)
            .attr("stroke-width", width)
    }

    /// An open polyline through `points`.
    pub fn polyline(&mut self, points: &[(f64, f64)], stroke: &str, width: f64) -> Tag<'_> {
        self.start("polyline")
            .attr("points", points_attr(points))
            .attr("fill", "none")
            .attr("stroke", stroke)
            .attr("stroke-width", width)
            .attr("stroke-linejoin", "round")
    }

    /// A closed polygon through `points`.
    pub fn polygon(&mut self, points: &[(f64, f64)]) -> Tag<'_> {
        self.start("polygon").attr("points", points_attr(points))
    }

    /// A line of text; `anchor` is `start`, `middle` or `end`.
    pub fn label(&mut self, x: f64, y: f64, anchor: &str, size: f64, text: &str) {
        self.start("text")
            .attr("x", x)
            .attr("y", y)
            .attr("text-anchor", anchor)
            .attr("font-size", size)
            .attr("fill", colour::BLACK)
            .text(text);
    }

    /// Closes every open element and returns the SVG.
    pub fn finish(mut self) -> String {
        while !self.open.is_empty() {
            self.close();
        }
        self.out
    }
}

fn points_attr(points: &[(f64, f64)]) -> String {
    points
        .iter()
        .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Shortens a label to `max` characters (counting characters, not bytes),
/// ending it with an ellipsis. The full text is always in the text
/// alternative.
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s = s.trim_end().to_string();
        s.push('…');
        s
    }
}

/// Breaks `text` into lines of at most `width` characters at spaces, at
/// most `lines` of them (the last shortened with an ellipsis if need be).
pub fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let fits = current.chars().count() + 1 + word.chars().count() <= width;
        if current.is_empty() {
            current = word.to_string();
        } else if fits {
            current.push(' ');
            current.push_str(word);
        } else {
            out.push(std::mem::take(&mut current));
            current = word.to_string();
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    if out.len() > lines {
        let rest = out.split_off(lines.saturating_sub(1));
        out.push(rest.join(" "));
    }
    out.into_iter().map(|l| shorten(&l, width)).collect()
}

/// The same information as a picture, in words: headed sections of
/// sentences, shown below the picture (and returned by the API) so nothing
/// is only in the drawing.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TextAlternative {
    pub sections: Vec<TextSection>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TextSection {
    pub heading: String,
    pub items: Vec<String>,
}

impl TextAlternative {
    /// Every sentence, for searching in tests.
    pub fn all_text(&self) -> String {
        let mut s = String::new();
        for sec in &self.sections {
            s.push_str(&sec.heading);
            s.push('\n');
            for i in &sec.items {
                s.push_str(i);
                s.push('\n');
            }
        }
        s
    }
}

/// A drawn picture: the SVG, its short title and description (also inside
/// the SVG), and the full text alternative.
#[derive(Clone, Debug, Serialize)]
pub struct Picture {
    pub title: String,
    pub description: String,
    pub svg: String,
    pub width: f64,
    pub height: f64,
    pub text: TextAlternative,
}

impl Picture {
    /// Wider than a phone can show legibly: the page puts it in a container
    /// that scrolls sideways rather than shrinking the text away.
    pub fn is_wide(&self) -> bool {
        self.width > 640.0
    }
}

/// A point on a quadratic Bézier curve from `a` to `b` bowed by `bow`
/// (perpendicular to the chord), sampled every `step` units. Relationship
/// lines are curves so they do not lie on top of the structural lines.
pub fn curve(a: (f64, f64), b: (f64, f64), bow: f64, step: f64) -> Vec<(f64, f64)> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    let (nx, ny) = (-dy / len, dx / len);
    let c = ((a.0 + b.0) / 2.0 + nx * bow, (a.1 + b.1) / 2.0 + ny * bow);
    let n = ((len / step).ceil() as usize).clamp(2, 400);
    (0..=n)
        .map(|i| {
            let t = i as f64 / n as f64;
            let u = 1.0 - t;
            (
                u * u * a.0 + 2.0 * u * t * c.0 + t * t * b.0,
                u * u * a.1 + 2.0 * u * t * c.1 + t * t * b.1,
            )
        })
        .collect()
}

/// `points` moved sideways by `by` (left of the direction of travel), for
/// double lines and zigzags.
pub fn offset(points: &[(f64, f64)], by: impl Fn(usize) -> f64) -> Vec<(f64, f64)> {
    let n = points.len();
    (0..n)
        .map(|i| {
            let (p, q) = (points[i.saturating_sub(1)], points[(i + 1).min(n - 1)]);
            let (dx, dy) = (q.0 - p.0, q.1 - p.1);
            let len = (dx * dx + dy * dy).sqrt().max(1e-9);
            let d = by(i);
            (points[i].0 - dy / len * d, points[i].1 + dx / len * d)
        })
        .collect()
}

/// The point and direction (unit vector) halfway along a polyline.
pub fn midpoint(points: &[(f64, f64)]) -> ((f64, f64), (f64, f64)) {
    let n = points.len();
    if n < 2 {
        return (points.first().copied().unwrap_or((0.0, 0.0)), (1.0, 0.0));
    }
    let i = (n / 2).min(n - 1).max(1);
    let (p, q) = (points[i - 1], points[i]);
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let len = (dx * dx + dy * dy).sqrt().max(1e-9);
    (points[i], (dx / len, dy / len))
}

/// Whether `p` lies inside the polygon (even-odd rule), for tests of what a
/// drawn boundary encloses.
pub fn inside(polygon: &[(f64, f64)], p: (f64, f64)) -> bool {
    let mut c = false;
    let n = polygon.len();
    for i in 0..n {
        let (a, b) = (polygon[i], polygon[(i + n - 1) % n]);
        if (a.1 > p.1) != (b.1 > p.1) && p.0 < (b.0 - a.0) * (p.1 - a.1) / (b.1 - a.1) + a.0 {
            c = !c;
        }
    }
    c
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut svg = Svg::new("p", 10.0, 10.0, "A & B", "<desc>");
        svg.start("text")
            .attr("data-name", "\"quoted\" <b>")
            .text("Tom & 'Jerry' </text><script>");
        let out = svg.finish();
        assert!(out.contains("A &amp; B"));
        assert!(out.contains("&lt;desc&gt;"));
        assert!(out.contains("data-name=\"&quot;quoted&quot; &lt;b&gt;\""));
        assert!(out.contains("Tom &amp; &#39;Jerry&#39; &lt;/text&gt;&lt;script&gt;"));
        assert!(!out.contains("<script"));
        assert!(out.ends_with("</svg>"));
    }

    #[test]
    fn no_inline_style_can_be_written() {
        let mut svg = Svg::new("p", 10.0, 10.0, "t", "d");
        svg.start("rect").attr("style", "fill:red").empty();
        assert!(!svg.finish().contains("style"));
    }

    #[test]
    fn the_picture_is_a_named_image() {
        let out = Svg::new("geno", 100.0, 50.5, "Title", "Desc").finish();
        assert!(out.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(out.contains("viewBox=\"0 0 100 50.5\""));
        assert!(out.contains("role=\"img\""));
        assert!(out.contains("aria-labelledby=\"geno-title geno-desc\""));
        assert!(out.contains("<title id=\"geno-title\">Title</title>"));
    }

    #[test]
    fn numbers_are_short_and_never_negative_zero() {
        assert_eq!(num(10.0), "10");
        assert_eq!(num(0.1 + 0.2), "0.3");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(-12.345), "-12.3");
    }

    #[test]
    fn labels_are_shortened_by_characters() {
        assert_eq!(shorten("Zephyrine", 12), "Zephyrine");
        assert_eq!(shorten("Marigoldia-Rosamund", 10), "Marigoldi…");
        assert_eq!(shorten("王小明王小明", 3), "王小…");
    }

    #[test]
    fn lines_wrap_at_spaces() {
        assert_eq!(
            wrap("Lead practitioner (social worker)", 20, 2),
            vec!["Lead practitioner", "(social worker)"]
        );
        assert_eq!(
            wrap("one two three four", 8, 2),
            vec!["one two", "three f…"]
        );
        assert_eq!(wrap("", 8, 2), Vec::<String>::new());
    }

    #[test]
    fn point_in_polygon() {
        let sq = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)];
        assert!(inside(&sq, (5.0, 5.0)));
        assert!(!inside(&sq, (15.0, 5.0)));
    }
}
