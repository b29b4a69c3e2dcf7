//! The ecomap: the child's household at the centre and everyone around it
//! (wider family, friends, carers and the practitioners on the family's
//! team) with a line for each connection showing how it feels: strong,
//! positive, tenuous, stressful or harmful. Drawn from the same recorded
//! relationships as the genogram.

use super::genogram::family_words;
use super::network::{and_list, FamilyNetwork, Someone, Tie};
use super::{colour, offset, shorten, wrap, Picture, Svg, TextAlternative, TextSection};
use hearth_core::ids::PersonId;
use hearth_core::model::{RelationshipKind as Kind, RelationshipQuality as Quality};
use std::collections::BTreeSet;
use std::f64::consts::PI;
use time::Date;

const MARGIN: f64 = 16.0;
const NODE_W: f64 = 184.0;
const NODE_H: f64 = 62.0;

/// How a connection is drawn, from the recorded quality of the
/// relationship (ecomap convention: thick for strong, dashed for tenuous,
/// hatched for stressful).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    Strong,
    Positive,
    Tenuous,
    Stressful,
    Harmful,
    NotRecorded,
}

impl Strength {
    pub fn from_quality(q: Option<Quality>) -> Self {
        match q {
            Some(Quality::Close) => Self::Strong,
            Some(Quality::Supportive) => Self::Positive,
            Some(Quality::Estranged) => Self::Tenuous,
            Some(Quality::Conflicted) => Self::Stressful,
            Some(Quality::Harmful) => Self::Harmful,
            None => Self::NotRecorded,
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Self::Strong => "Strong (close)",
            Self::Positive => "Positive (supportive)",
            Self::Tenuous => "Tenuous (estranged)",
            Self::Stressful => "Stressful (conflicted)",
            Self::Harmful => "Harmful",
            Self::NotRecorded => "Quality not recorded",
        }
    }

    /// Which of several connections to draw: the one a practitioner most
    /// needs to see.
    fn weight(self) -> u8 {
        match self {
            Self::Harmful => 5,
            Self::Stressful => 4,
            Self::Tenuous => 3,
            Self::Strong => 2,
            Self::Positive => 1,
            Self::NotRecorded => 0,
        }
    }
}

/// Who someone around the centre is to the family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Circle {
    Family,
    FriendsAndCarers,
    Professionals,
}

impl Circle {
    fn words(self) -> &'static str {
        match self {
            Self::Family => "Family",
            Self::FriendsAndCarers => "Friends, carers and others",
            Self::Professionals => "Professionals",
        }
    }
    fn fill(self) -> &'static str {
        match self {
            Self::Family => colour::LIGHT_BLUE,
            Self::FriendsAndCarers => colour::WHITE,
            Self::Professionals => colour::LIGHT_GREY,
        }
    }
    /// Rounded for people in the child's own network, square for services,
    /// so the shape says it as well as the fill.
    fn corner(self) -> f64 {
        match self {
            Self::Professionals => 0.0,
            _ => 14.0,
        }
    }
}

/// Someone around the centre and their connection to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Spoke {
    pub name: String,
    /// "Parent of Zephyrine", "School nurse".
    pub role: String,
    pub circle: Circle,
    pub strength: Strength,
    /// The connection in words, for the text alternative.
    pub sentence: String,
    pub person: Option<PersonId>,
}

/// Who is at the centre: the household the children the service works with
/// live in now, or those children if no household is recorded.
pub fn centre(net: &FamilyNetwork) -> (Option<String>, Vec<PersonId>) {
    let in_picture = |id: &PersonId| net.person(*id).is_some();
    let index: Vec<PersonId> = net
        .people
        .iter()
        .filter(|p| p.index)
        .map(|p| p.id)
        .collect();
    let focus: Vec<PersonId> = if index.is_empty() {
        net.people
            .iter()
            .filter(|p| p.child)
            .map(|p| p.id)
            .collect()
    } else {
        index
    };
    if let Some(home) = net
        .homes
        .iter()
        .find(|h| h.residents.iter().any(|r| focus.contains(r)))
    {
        let mut people: Vec<PersonId> = home.residents.iter().copied().filter(in_picture).collect();
        people.dedup();
        return (Some(home.address.clone()), people);
    }
    (None, focus)
}

fn circle_of(kind: Kind) -> Circle {
    match kind {
        Kind::Carer | Kind::Friend | Kind::Other | Kind::SpecialGuardian => {
            Circle::FriendsAndCarers
        }
        _ => Circle::Family,
    }
}

/// The people and practitioners around the centre, family first.
pub fn spokes(net: &FamilyNetwork, at_centre: &[PersonId]) -> Vec<Spoke> {
    let several = at_centre.len() > 1;
    let mut out: Vec<Spoke> = Vec::new();
    for p in &net.people {
        if at_centre.contains(&p.id) {
            continue;
        }
        let ties: Vec<&Tie> = net
            .drawable_ties()
            .filter(|t| t.involves(p.id) && t.other(p.id).is_some_and(|o| at_centre.contains(&o)))
            .collect();
        let drawn = ties.iter().copied().max_by_key(|t| {
            (
                Strength::from_quality(t.quality).weight(),
                t.ended.is_none(),
            )
        });
        let (mut role, circle, strength) = match drawn {
            Some(t) => {
                let label = if t.from == p.id {
                    t.kind.forward_label()
                } else {
                    t.kind.reverse_label()
                };
                let other = t.other(p.id).and_then(|o| net.person(o));
                let role = match (several, other) {
                    (true, Some(o)) => format!("{label} of {}", o.given_names.trim()),
                    _ => label.to_string(),
                };
                (role, circle_of(t.kind), Strength::from_quality(t.quality))
            }
            None => (
                if p.child { "Child" } else { "Adult" }.to_string(),
                Circle::Family,
                Strength::NotRecorded,
            ),
        };
        if p.date_of_death.is_some() {
            role.push_str(" (died)");
        }
        let sentence = if ties.is_empty() {
            format!(
                "{}: in the family network; no relationship with {} is recorded",
                p.name(),
                if at_centre.is_empty() {
                    "the household".to_string()
                } else {
                    centre_names(net, at_centre)
                }
            )
        } else {
            format!(
                "{} ({} connection): {}",
                p.name(),
                strength.words().to_lowercase(),
                ties.iter()
                    .map(|t| net.tie_sentence(t))
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        };
        out.push(Spoke {
            name: p.name(),
            role,
            circle,
            strength,
            sentence,
            person: Some(p.id),
        });
    }
    out.sort_by_key(|s| s.circle);
    for t in &net.team {
        out.push(Spoke {
            name: t.name.clone(),
            role: t.role.clone(),
            circle: Circle::Professionals,
            strength: Strength::NotRecorded,
            sentence: format!("{}: {}", t.name, t.role),
            person: None,
        });
    }
    out
}

fn centre_names(net: &FamilyNetwork, ids: &[PersonId]) -> String {
    and_list(&ids.iter().map(|i| net.name_of(*i)).collect::<Vec<_>>())
}

/// Draws a connection of `strength` along `pts`, each kind with its own
/// pattern as well as colour.
fn connection(svg: &mut Svg, pts: &[(f64, f64)], strength: Strength) {
    if pts.len() < 2 {
        return;
    }
    match strength {
        Strength::Strong => {
            for side in [-4.0, 0.0, 4.0] {
                svg.polyline(&offset(pts, |_| side), colour::GREEN, 2.0)
                    .empty();
            }
        }
        Strength::Positive => svg.polyline(pts, colour::BLUE, 2.5).empty(),
        Strength::Tenuous => svg
            .polyline(pts, colour::SECONDARY_TEXT, 2.0)
            .attr("stroke-dasharray", "9 7")
            .empty(),
        Strength::Stressful => {
            svg.polyline(pts, colour::BROWN, 2.0).empty();
            // Hatching: short strokes across the line.
            let (a, b) = (pts[0], pts[pts.len() - 1]);
            let (dx, dy) = (b.0 - a.0, b.1 - a.1);
            let len = (dx * dx + dy * dy).sqrt().max(1.0);
            let (ux, uy) = (dx / len, dy / len);
            let mut d = 10.0;
            while d < len - 6.0 {
                let (cx, cy) = (a.0 + ux * d, a.1 + uy * d);
                svg.line(
                    (cx - uy * 7.0 - ux * 4.0, cy + ux * 7.0 - uy * 4.0),
                    (cx + uy * 7.0 + ux * 4.0, cy - ux * 7.0 + uy * 4.0),
                    colour::BROWN,
                    2.0,
                )
                .empty();
                d += 12.0;
            }
        }
        Strength::Harmful => super::genogram::quality_line(svg, pts, Quality::Harmful),
        Strength::NotRecorded => svg
            .polyline(pts, colour::SECONDARY_TEXT, 1.5)
            .attr("stroke-dasharray", "2 4")
            .empty(),
    }
}

/// Where a line from `from` towards a box centred on `c` meets the box edge.
fn box_edge(c: (f64, f64), from: (f64, f64), pad: f64) -> (f64, f64) {
    let (dx, dy) = (from.0 - c.0, from.1 - c.1);
    let tx = if dx.abs() > 1e-9 {
        (NODE_W / 2.0 + pad) / dx.abs()
    } else {
        f64::INFINITY
    };
    let ty = if dy.abs() > 1e-9 {
        (NODE_H / 2.0 + pad) / dy.abs()
    } else {
        f64::INFINITY
    };
    let t = tx.min(ty).min(1.0);
    (c.0 + dx * t, c.1 + dy * t)
}

/// Draws the ecomap of `net`. `id` names the SVG.
pub fn draw(net: &FamilyNetwork, today: Date, id: &str) -> Picture {
    let (address, at_centre) = centre(net);
    let around = spokes(net, &at_centre);

    // The centre: a circle holding the household's names.
    let mut centre_lines: Vec<(String, bool)> = Vec::new();
    match &address {
        Some(a) => {
            centre_lines.push(("Home".into(), true));
            centre_lines.push((shorten(a, 34), false));
        }
        None => centre_lines.push(("The children".into(), true)),
    }
    for pid in &at_centre {
        if let Some(p) = net.person(*pid) {
            let age = p
                .age(today)
                .filter(|_| p.date_of_death.is_none())
                .map(|a| format!(", {a}"))
                .unwrap_or_default();
            centre_lines.push((shorten(&format!("{}{age}", p.name()), 28), p.index));
        }
    }
    if at_centre.is_empty() {
        centre_lines.push(("No one recorded yet".into(), false));
    }
    // The centre is an ellipse just big enough for its lines of text.
    let widest = centre_lines
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0) as f64
        * 7.4;
    let tall = centre_lines.len() as f64 * 17.0;
    let (hub_x, hub_y) = (
        (widest / 2.0 * 1.45).max(80.0),
        (tall / 2.0 * 1.45 + 8.0).max(60.0),
    );
    let n = around.len();
    // Far enough out that neighbouring boxes never touch, even side by side
    // at the top and bottom of the ring.
    let apart = if n >= 2 {
        (NODE_W / 2.0 + 6.0) / (PI / n as f64).sin()
    } else {
        0.0
    };
    let ring = (hub_x + NODE_W / 2.0 + 40.0)
        .max(hub_y + NODE_H / 2.0 + 70.0)
        .max(apart);
    // Boxes round the ring from the top, clockwise; then the picture is cut
    // to what is drawn (three boxes leave the bottom of the ring empty).
    let angle = |k: usize| -PI / 2.0 + 2.0 * PI * k as f64 / n.max(1) as f64;
    let (mut left, mut right, mut up, mut down) = (-hub_x, hub_x, -hub_y, hub_y);
    for k in 0..n {
        let (x, y) = (ring * angle(k).cos(), ring * angle(k).sin());
        left = left.min(x - NODE_W / 2.0);
        right = right.max(x + NODE_W / 2.0);
        up = up.min(y - NODE_H / 2.0);
        down = down.max(y + NODE_H / 2.0);
    }
    let size = right - left + 2.0 * MARGIN;
    let (cx, cy) = (MARGIN - left, MARGIN + 8.0 - up);
    let body_height = cy + down + MARGIN + 8.0;

    let title = format!("Ecomap of the {}", family_words(&net.family_name));
    let description = format!(
        "{} at the centre, with {} {} around it and how strong or stressful each connection is. \
         The text alternative sets out the same information in words.",
        if address.is_some() {
            "The household the children live in"
        } else {
            "The children"
        },
        n,
        if n == 1 {
            "person or service"
        } else {
            "people and services"
        }
    );

    let mut body = Svg::fragment();
    let mut used: BTreeSet<Strength> = BTreeSet::new();
    let mut circles: BTreeSet<Circle> = BTreeSet::new();
    let place = |k: usize| (cx + ring * angle(k).cos(), cy + ring * angle(k).sin());

    body.group("hearth-ecomap__connections");
    for (k, s) in around.iter().enumerate() {
        let c = place(k);
        let (dx, dy) = (c.0 - cx, c.1 - cy);
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        // Where the line leaves the centre's ellipse.
        let t = 1.0 / ((dx / hub_x).powi(2) + (dy / hub_y).powi(2)).sqrt();
        let start = (cx + dx * t + dx / len * 3.0, cy + dy * t + dy / len * 3.0);
        let end = box_edge(c, (cx, cy), 4.0);
        let steps = ((len / 6.0).ceil() as usize).max(2);
        let pts: Vec<(f64, f64)> = (0..=steps)
            .map(|i| {
                let t = i as f64 / steps as f64;
                (
                    start.0 + (end.0 - start.0) * t,
                    start.1 + (end.1 - start.1) * t,
                )
            })
            .collect();
        used.insert(s.strength);
        connection(&mut body, &pts, s.strength);
    }
    body.close();

    body.group("hearth-ecomap__centre");
    body.start("ellipse")
        .attr("cx", cx)
        .attr("cy", cy)
        .attr("rx", hub_x)
        .attr("ry", hub_y)
        .attr("fill", colour::WHITE)
        .attr("stroke", colour::BLACK)
        .attr("stroke-width", 3.0)
        .empty();
    let first = cy - (centre_lines.len() as f64 - 1.0) * 17.0 / 2.0 + 4.0;
    for (i, (line, bold)) in centre_lines.iter().enumerate() {
        let t = body
            .start("text")
            .attr("x", cx)
            .attr("y", first + i as f64 * 17.0)
            .attr("text-anchor", "middle")
            .attr("font-size", 13.0)
            .attr("fill", colour::BLACK);
        let t = if *bold {
            t.attr("font-weight", "bold")
        } else {
            t
        };
        t.text(line);
    }
    body.close();

    body.group("hearth-ecomap__around");
    for (k, s) in around.iter().enumerate() {
        let (x, y) = place(k);
        circles.insert(s.circle);
        body.start("rect")
            .attr("x", x - NODE_W / 2.0)
            .attr("y", y - NODE_H / 2.0)
            .attr("width", NODE_W)
            .attr("height", NODE_H)
            .attr("rx", s.circle.corner())
            .attr("fill", s.circle.fill())
            .attr("stroke", colour::BLACK)
            .attr("stroke-width", 1.5)
            .empty();
        let role = wrap(&s.role, 28, 2);
        let top = y - 6.0 - 7.0 * role.len().saturating_sub(1) as f64;
        body.start("text")
            .attr("x", x)
            .attr("y", top)
            .attr("text-anchor", "middle")
            .attr("font-size", 13.0)
            .attr("font-weight", "bold")
            .attr("fill", colour::BLACK)
            .text(&shorten(&s.name, 24));
        for (k, line) in role.iter().enumerate() {
            body.label(x, top + 17.0 + 15.0 * k as f64, "middle", 12.0, line);
        }
    }
    body.close();

    // The key, below.
    let mut key = Svg::fragment();
    let top = body_height;
    let entries: Vec<(Option<Circle>, Option<Strength>)> = circles
        .iter()
        .map(|c| (Some(*c), None))
        .chain(used.iter().map(|s| (None, Some(*s))))
        .collect();
    const COLUMN: f64 = 240.0;
    const LINE: f64 = 28.0;
    let columns = (((size - 2.0 * MARGIN) / COLUMN).floor() as usize).clamp(1, 3);
    let rows = entries.len().div_ceil(columns).max(1);
    key.group("hearth-ecomap__key");
    key.line(
        (MARGIN, top),
        (size - MARGIN, top),
        colour::SECONDARY_TEXT,
        1.0,
    )
    .empty();
    key.start("text")
        .attr("x", MARGIN)
        .attr("y", top + 24.0)
        .attr("font-size", 15.0)
        .attr("font-weight", "bold")
        .attr("fill", colour::BLACK)
        .text("Key");
    for (k, (c, s)) in entries.iter().enumerate() {
        let (col, row) = (k / rows, k % rows);
        let x = MARGIN + col as f64 * COLUMN;
        let y = top + 48.0 + row as f64 * LINE;
        if let Some(c) = c {
            key.start("rect")
                .attr("x", x + 4.0)
                .attr("y", y - 9.0)
                .attr("width", 36.0)
                .attr("height", 18.0)
                .attr("rx", c.corner() / 2.0)
                .attr("fill", c.fill())
                .attr("stroke", colour::BLACK)
                .attr("stroke-width", 1.5)
                .empty();
            key.label(x + 52.0, y + 4.5, "start", 13.0, c.words());
        }
        if let Some(s) = s {
            let pts: Vec<(f64, f64)> = (0..=8).map(|i| (x + i as f64 * 5.5, y)).collect();
            connection(&mut key, &pts, *s);
            key.label(x + 52.0, y + 4.5, "start", 13.0, s.words());
        }
    }
    key.close();
    let height = top + 48.0 + rows as f64 * LINE + MARGIN;

    let mut svg = Svg::new(id, size, height, &title, &description);
    svg.start("rect")
        .attr("x", 0.0)
        .attr("y", 0.0)
        .attr("width", size)
        .attr("height", height)
        .attr("fill", colour::WHITE)
        .empty();
    svg.append(body);
    svg.append(key);

    Picture {
        title,
        description,
        svg: svg.finish(),
        width: size,
        height,
        text: text_alternative(net, &address, &at_centre, &around, today),
    }
}

fn person_words(p: &Someone, today: Date) -> String {
    match p.age(today) {
        Some(age) => format!("{} ({})", p.name(), age.to_lowercase()),
        None => p.name(),
    }
}

/// The ecomap in words: who is at the centre, then every connection and
/// how it is drawn.
pub fn text_alternative(
    net: &FamilyNetwork,
    address: &Option<String>,
    at_centre: &[PersonId],
    around: &[Spoke],
    today: Date,
) -> TextAlternative {
    let names: Vec<String> = at_centre
        .iter()
        .filter_map(|i| net.person(*i))
        .map(|p| person_words(p, today))
        .collect();
    let centre = match (address, names.is_empty()) {
        (Some(a), false) => format!("The household at {a}: {}", and_list(&names)),
        (Some(a), true) => format!("The household at {a}"),
        (None, false) => format!("{} (no current household is recorded)", and_list(&names)),
        (None, true) => "No one is recorded in the family network yet.".into(),
    };
    let mut sections = vec![TextSection {
        heading: "At the centre".into(),
        items: vec![centre],
    }];
    let within: Vec<String> = net
        .drawable_ties()
        .filter(|t| at_centre.contains(&t.from) && at_centre.contains(&t.to))
        .map(|t| net.tie_sentence(t))
        .collect();
    if !within.is_empty() {
        sections.push(TextSection {
            heading: "Within the household".into(),
            items: within,
        });
    }
    for (circle, heading) in [
        (Circle::Family, "Family"),
        (Circle::FriendsAndCarers, "Friends, carers and others"),
        (
            Circle::Professionals,
            "Professionals working with the family",
        ),
    ] {
        let items: Vec<String> = around
            .iter()
            .filter(|s| s.circle == circle)
            .map(|s| s.sentence.clone())
            .collect();
        if !items.is_empty() {
            sections.push(TextSection {
                heading: heading.into(),
                items,
            });
        }
    }
    TextAlternative { sections }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::super::network::{Home, Professional};
    use super::*;
    use hearth_core::codes::Sex;
    use time::macros::date;

    fn someone(given: &str, child: bool, index: bool) -> Someone {
        Someone {
            id: PersonId::new(),
            given_names: given.into(),
            family_name: "Example".into(),
            sex: Some(Sex::Female),
            date_of_birth: Some(if child {
                date!(2016 - 05 - 04)
            } else {
                date!(1980 - 01 - 01)
            }),
            date_of_death: None,
            child,
            index,
        }
    }

    fn tie(a: &Someone, b: &Someone, kind: Kind, q: Option<Quality>) -> Tie {
        Tie {
            from: a.id,
            to: b.id,
            kind,
            quality: q,
            parental_responsibility: false,
            ended: None,
        }
    }

    fn net() -> (FamilyNetwork, Someone, Someone, Someone, Someone, Someone) {
        let child = someone("Ada", true, true);
        let mum = someone("Bea", false, false);
        let dad = someone("Cal", false, false);
        let gran = someone("Dot", false, false);
        let friend = someone("Eve", false, false);
        let net = FamilyNetwork {
            family_name: "Example family".into(),
            people: vec![
                child.clone(),
                mum.clone(),
                dad.clone(),
                gran.clone(),
                friend.clone(),
            ],
            ties: vec![
                tie(&mum, &child, Kind::Parent, Some(Quality::Close)),
                tie(&dad, &child, Kind::Parent, Some(Quality::Conflicted)),
                tie(&dad, &mum, Kind::ExPartner, Some(Quality::Harmful)),
                tie(&gran, &child, Kind::Grandparent, Some(Quality::Estranged)),
                tie(&friend, &mum, Kind::Friend, Some(Quality::Supportive)),
            ],
            homes: vec![Home {
                address: "1 Example Road".into(),
                residents: vec![child.id, mum.id],
            }],
            team: vec![Professional {
                name: "Sam School".into(),
                role: "School".into(),
            }],
        };
        (net, child, mum, dad, gran, friend)
    }

    #[test]
    fn the_household_is_at_the_centre() {
        let (net, child, mum, ..) = net();
        let (address, at) = centre(&net);
        assert_eq!(address.as_deref(), Some("1 Example Road"));
        assert_eq!(at, vec![child.id, mum.id]);
    }

    #[test]
    fn each_connection_shows_the_most_telling_quality() {
        let (net, _, _, dad, gran, friend) = net();
        let (_, at) = centre(&net);
        let s = spokes(&net, &at);
        let of = |p: &Someone| s.iter().find(|x| x.person == Some(p.id)).unwrap();
        // Harmful to the mother outranks conflicted with the child.
        assert_eq!(of(&dad).strength, Strength::Harmful);
        assert_eq!(of(&gran).strength, Strength::Tenuous);
        assert_eq!(of(&gran).role, "Grandparent of Ada");
        assert_eq!(of(&friend).circle, Circle::FriendsAndCarers);
        assert_eq!(s.last().unwrap().circle, Circle::Professionals);
    }

    #[test]
    fn drawn_with_a_key_and_said_in_words() {
        let (net, ..) = net();
        let pic = draw(&net, date!(2026 - 03 - 31), "ecomap");
        for words in [
            "Harmful",
            "Tenuous (estranged)",
            "Positive (supportive)",
            "Professionals",
            "Family",
            "Key",
        ] {
            assert!(pic.svg.contains(&format!(">{words}<")), "{words}");
        }
        assert!(pic.svg.contains(">Sam School<"));
        assert!(!pic.svg.contains("style"));
        let text = pic.text.all_text();
        assert!(
            text.contains("The household at 1 Example Road: Ada Example (9 years) and Bea Example")
        );
        assert!(text.contains("Cal Example (harmful connection): Cal Example is the parent of Ada Example (conflicted relationship); Cal Example and Bea Example are ex-partners (harmful relationship)"));
        assert!(text.contains("Sam School: School"));
    }

    #[test]
    fn boxes_around_the_centre_do_not_overlap() {
        let (mut net, ..) = net();
        for k in 0..14 {
            net.team.push(Professional {
                name: format!("Worker {k}"),
                role: "Health".into(),
            });
        }
        let pic = draw(&net, date!(2026 - 03 - 31), "ecomap");
        // Every box's corner, read back from the SVG.
        let boxes: Vec<(f64, f64)> = pic
            .svg
            .split("<rect ")
            .filter(|r| r.contains(&format!("width=\"{}\"", NODE_W)))
            .map(|r| {
                let r = format!(" {r}");
                let num = |k: &str| -> f64 {
                    let at = r.find(&format!(" {k}=\"")).unwrap() + k.len() + 3;
                    r[at..].split('"').next().unwrap().parse().unwrap()
                };
                (num("x"), num("y"))
            })
            .collect();
        assert_eq!(boxes.len(), 18);
        for (i, a) in boxes.iter().enumerate() {
            assert!(
                a.0 >= 0.0 && a.0 + NODE_W <= pic.width,
                "{a:?} {}",
                pic.width
            );
            for b in &boxes[i + 1..] {
                let apart = (a.0 - b.0).abs() >= NODE_W || (a.1 - b.1).abs() >= NODE_H;
                assert!(apart, "{a:?} and {b:?} overlap");
            }
        }
    }
}
