//! Reading and writing the 903 as XML (`EXPSSDA903/CHILD/HEADER`, `EPISODE`...).
//!
//! The XML carries one `CHILD` element per child: a `HEADER` with the child's
//! identity and the once-a-year items, then the child's `EPISODE`s. It is read
//! in one streaming pass into the same twelve tables as the CSV upload, rows in
//! document order, so that a rule's row numbers point at the same rows the
//! sector's validators report:
//!
//! - `HEADER` opens the child's Header row (`CHILDID` is its `CHILD`);
//! - `AREVIEW`, `AMISSING`, `PERMANENCE`, `OC2` and `AD_PLACED` inside it each
//!   open a row of Reviews, Missing, PrevPerm, OC2 and PlacedAdoption;
//! - the UASC flag and `DUC`, the care leaver items (`IN_TOUCH`, `ACTIV`,
//!   `ACCOM`) and the adoption items (`DATE_INT` ... `LS_ADOPTR`) sit directly
//!   in `HEADER`. As with the sector's loader, a child has a UASC row only
//!   when its `UASC` flag is filled in (whatever its value), an OC3 row only
//!   when `IN_TOUCH` is, and an AD1 row only when `DATE_INT` is; without
//!   that, the group's other items are not read (a `DUC` without the flag,
//!   for instance, which rule 303 would otherwise catch);
//! - `EPISODE` opens an Episodes row (its placement is written `PL`);
//!   `SW_EPISODE` and `DOLO` open SWEpisodes and DoLo rows.
//!
//! Every row of a child gets the child's `CHILD` (and `DOB`, and for UASC
//! `SEX`) from its `HEADER`, wherever in the `CHILD` element the header is.
//! Unknown elements are ignored, as the DfE's loader does. The `UASC` flag of
//! the header has no column in the tables; writing derives it from whether the
//! child has a UASC row (`1`, else left blank). Rows the XML cannot express
//! are lost in writing: an OC3 row with no `IN_TOUCH`, an AD1 row with no
//! `DATE_INT`, a second UASC, OC3 or AD1 row of the same child.

use std::collections::HashMap;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::{header, Return903, T};
use crate::xml::{self, Lines};
use crate::ReadError;

/// Elements that open a row of their own.
fn opens(name: &str) -> Option<T> {
    Some(match name {
        "HEADER" => T::Header,
        "EPISODE" => T::Episodes,
        "AREVIEW" => T::Reviews,
        "AMISSING" => T::Missing,
        "PERMANENCE" => T::PrevPerm,
        "OC2" => T::Oc2,
        "AD_PLACED" => T::PlacedAdoption,
        "SW_EPISODE" => T::SwEpisodes,
        "DOLO" => T::DoLo,
        _ => return None,
    })
}

/// The tables whose items sit straight in `HEADER`, each with the item whose
/// being filled in gives the child a row there.
const HEADER_GROUPS: [(T, &str); 3] = [
    (T::Uasc, "UASC"),
    (T::Oc3, "IN_TOUCH"),
    (T::Ad1, "DATE_INT"),
];

/// Whether a leaf straight in `HEADER` belongs to one of [`HEADER_GROUPS`].
fn header_item(name: &str) -> bool {
    matches!(
        name,
        "UASC"
            | "DUC"
            | "IN_TOUCH"
            | "ACTIV"
            | "ACCOM"
            | "DATE_INT"
            | "DATE_MATCH"
            | "FOSTER_CARE"
            | "NB_ADOPTR"
            | "SEX_ADOPTR"
            | "LS_ADOPTR"
    )
}

/// The column an element's value goes to (the XML's own names for two).
fn column_name(name: &str) -> &str {
    match name {
        "CHILDID" => "CHILD",
        "PL" => "PLACE",
        other => other,
    }
}

struct Open {
    table: T,
    row: usize,
    /// The element that opened the row (`HEADER`'s own items go to other
    /// tables' rows while it stays open).
    depth: usize,
}

#[derive(Default)]
struct Loader {
    ret: Return903,
    path: Vec<(String, u64)>,
    open: Vec<Open>,
    text: String,
    in_child: bool,
    /// Where the current child's rows start in each table.
    child_start: [usize; super::N_TABLES],
    /// The items of the open `HEADER` that go to [`HEADER_GROUPS`]: name,
    /// value and line.
    header_items: Vec<(String, String, u64)>,
    saw_root: bool,
}

impl Loader {
    fn new_row(&mut self, t: T, line: u64) -> usize {
        let table = self.ret.table_mut(t);
        table.push_values([], line);
        table.len() - 1
    }

    fn start(&mut self, name: String, line: u64) {
        self.text.clear();
        if self.path.is_empty() && name == "EXPSSDA903" {
            self.saw_root = true;
        }
        if name == "CHILD" {
            self.in_child = true;
            for (i, t) in self.ret.tables.iter().enumerate() {
                self.child_start[i] = t.len();
            }
        }
        if let Some(t) = opens(&name) {
            let row = self.new_row(t, line);
            self.open.push(Open {
                table: t,
                row,
                depth: self.path.len(),
            });
        }
        self.path.push((name, line));
    }

    fn end(&mut self) {
        let Some((name, line)) = self.path.pop() else {
            return;
        };
        let value = std::mem::take(&mut self.text).trim().to_string();
        if let Some(t) = opens(&name) {
            if self.open.last().is_some_and(|o| o.depth == self.path.len()) {
                self.open.pop();
            }
            if t == T::Header {
                self.finish_header();
            }
            return;
        }
        if name == "CHILD" {
            self.finish_child();
            return;
        }
        let in_header = self
            .open
            .last()
            .is_some_and(|o| o.table == T::Header && o.depth + 1 == self.path.len());
        if in_header && header_item(&name) {
            self.header_items.push((name, value, line));
            return;
        }
        // Any other leaf goes to the row its parent element opened.
        let col_name = column_name(&name);
        for o in self.open.iter().rev() {
            if o.depth + 1 != self.path.len() {
                continue;
            }
            if let Some(col) = o.table.columns().iter().position(|c| *c == col_name) {
                self.ret.table_mut(o.table).set(o.row, col, &value);
            }
            break;
        }
    }

    /// Opens the UASC, OC3 and AD1 rows the closed `HEADER`'s items call for.
    fn finish_header(&mut self) {
        let items = std::mem::take(&mut self.header_items);
        for (t, trigger) in HEADER_GROUPS {
            let Some(line) = items
                .iter()
                .rev()
                .find(|(n, v, _)| n == trigger && !v.is_empty())
                .map(|i| i.2)
            else {
                continue;
            };
            let row = self.new_row(t, line);
            for (n, v, _) in &items {
                if let Some(col) = t.columns().iter().position(|c| c == n) {
                    self.ret.table_mut(t).set(row, col, v);
                }
            }
        }
    }

    /// Gives every row the child opened its `CHILD`, `DOB` and `SEX`.
    fn finish_child(&mut self) {
        if !self.in_child {
            return;
        }
        self.in_child = false;
        let head_start = self.child_start[T::Header as usize];
        let head = self.ret.table(T::Header);
        let (id, dob, sex) = if head.len() > head_start {
            (
                head.raw(head_start, header::CHILD).to_string(),
                head.raw(head_start, header::DOB).to_string(),
                head.raw(head_start, header::SEX).to_string(),
            )
        } else {
            Default::default()
        };
        for (i, start) in self.child_start.iter().enumerate() {
            let table = &mut self.ret.tables[i];
            let cols = table.columns;
            let find = |n: &str| cols.iter().position(|c| *c == n);
            let (c_child, c_dob, c_sex) = (find("CHILD"), find("DOB"), find("SEX"));
            let is_header = i == T::Header as usize;
            for row in *start..table.len() {
                if let Some(c) = c_child {
                    table.set(row, c, &id);
                }
                if is_header {
                    continue;
                }
                if let Some(c) = c_dob {
                    table.set(row, c, &dob);
                }
                if let Some(c) = c_sex {
                    table.set(row, c, &sex);
                }
            }
        }
    }
}

/// Reads a 903 XML file.
pub fn read(file_name: &str, bytes: &[u8]) -> Result<Return903, ReadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = Reader::from_reader(bytes);
    let mut state = Loader::default();
    let mut buf = Vec::new();
    let mut lines = Lines::new(bytes);
    let not_well_formed = |line: u64, e: &dyn std::fmt::Display| ReadError::Line {
        file: file_name.into(),
        line,
        message: format!("the XML is not well formed: {e}"),
    };
    loop {
        let pos = reader.buffer_position();
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(e) => {
                let line = lines.at(reader.error_position());
                return Err(not_well_formed(line, &e));
            }
        };
        match event {
            Event::Start(e) => {
                let name = xml::local_name(&e);
                state.start(name, lines.at(pos));
            }
            Event::Empty(e) => {
                let name = xml::local_name(&e);
                state.start(name, lines.at(pos));
                state.end();
            }
            Event::Text(t) => {
                let value = t.unescape().map_err(|e| {
                    let line = lines.at(pos);
                    match state.path.last() {
                        Some((field, _)) => ReadError::Field {
                            file: file_name.into(),
                            line,
                            field: field.clone(),
                            message: match e {
                                quick_xml::Error::Encoding(_) => {
                                    "the value is not valid UTF-8 text".into()
                                }
                                e => format!("the value could not be read: {e}"),
                            },
                        },
                        None => not_well_formed(line, &e),
                    }
                })?;
                state.text.push_str(&value);
            }
            Event::CData(t) => {
                let value = std::str::from_utf8(&t).map_err(|_| ReadError::Field {
                    file: file_name.into(),
                    line: lines.at(pos),
                    field: state.path.last().map(|p| p.0.clone()).unwrap_or_default(),
                    message: "the value is not valid UTF-8 text".into(),
                })?;
                state.text.push_str(value);
            }
            Event::End(_) => state.end(),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if let Some((name, line)) = state.path.last() {
        return Err(ReadError::Line {
            file: file_name.into(),
            line: *line,
            message: format!(
                "the XML is not well formed: the file ends before <{name}> (opened here) is closed"
            ),
        });
    }
    if !state.saw_root {
        return Err(ReadError::File {
            file: file_name.into(),
            message: "this is not a 903 XML file: it has no <EXPSSDA903> element".into(),
        });
    }
    let mut ret = state.ret;
    for &t in T::ALL {
        let table = ret.table_mut(t);
        table.present = table.present || !matches!(t, T::SwEpisodes | T::DoLo);
    }
    Ok(ret)
}

/// How the 903 writes its leaves and rows with the shared writer.
trait Leaves903 {
    fn leaf(&mut self, name: &str, value: &str);
    fn fields(&mut self, ret: &Return903, t: T, row: usize, cols: &[&str]);
    fn rows(&mut self, ret: &Return903, t: T, element: &str, rows: &[usize], cols: &[&str]);
}

impl Leaves903 for xml::Writer {
    /// A leaf; blank values are written as empty elements, as the DfE's
    /// exports do.
    fn leaf(&mut self, name: &str, value: &str) {
        self.element(name, value);
    }
    /// Leaves for the named columns of one row (`CHILD` and `PLACE` under
    /// their XML names).
    fn fields(&mut self, ret: &Return903, t: T, row: usize, cols: &[&str]) {
        let table = ret.table(t);
        for name in cols {
            let value = table.col(name).map_or("", |c| table.raw(row, c));
            let xml_name = match *name {
                "CHILD" => "CHILDID",
                "PLACE" => "PL",
                other => other,
            };
            self.leaf(xml_name, value);
        }
    }
    /// One element per row, holding the given columns.
    fn rows(&mut self, ret: &Return903, t: T, element: &str, rows: &[usize], cols: &[&str]) {
        for &r in rows {
            self.open(element);
            self.fields(ret, t, r, cols);
            self.close(element);
        }
    }
}

/// The columns a table's element holds: all but the `CHILD`, `DOB` (and for
/// UASC `SEX`) it takes from the header.
fn own_columns(t: T) -> Vec<&'static str> {
    t.columns()
        .iter()
        .copied()
        .filter(|c| !(matches!(*c, "CHILD" | "DOB") || (t == T::Uasc && *c == "SEX")))
        .collect()
}

/// The order of an `EPISODE`'s items in the DfE's exports.
const EPISODE_ORDER: &[&str] = &[
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PL_POST",
    "HOME_POST",
    "URN",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
];

/// Writes a 903 return as the DfE's XML: one `CHILD` per child id, in the
/// order children first appear (Header first, then the other tables), each
/// table's rows in their order. A child with rows but no Header row is given
/// a `HEADER` holding only its id, since the id lives there.
pub fn write(ret: &Return903) -> String {
    let mut order: Vec<&str> = Vec::new();
    let mut by_child: HashMap<&str, Vec<Vec<usize>>> = HashMap::new();
    for &t in T::ALL {
        let table = ret.table(t);
        for r in 0..table.len() {
            let id = table.raw(r, 0);
            let slot = by_child.entry(id).or_insert_with(|| {
                order.push(id);
                vec![Vec::new(); super::N_TABLES]
            });
            slot[t as usize].push(r);
        }
    }
    let mut w = xml::Writer::default();
    w.open("EXPSSDA903");
    for id in order {
        let Some(rows) = by_child.get(id) else {
            continue;
        };
        let of = |t: T| rows[t as usize].as_slice();
        w.open("CHILD");
        let headers = of(T::Header);
        if headers.is_empty() {
            w.open("HEADER");
            w.leaf("CHILDID", id);
            w.close("HEADER");
        }
        for (i, &h) in headers.iter().enumerate() {
            w.open("HEADER");
            w.fields(ret, T::Header, h, &["CHILD", "UPN", "SEX", "DOB", "ETHNIC"]);
            // Only the first header carries the child's other items.
            if i == 0 {
                let uasc = of(T::Uasc);
                w.leaf("UASC", if uasc.is_empty() { "" } else { "1" });
                for t in [T::Uasc, T::Oc3, T::Ad1] {
                    if let Some(&r) = of(t).first() {
                        w.fields(ret, t, r, &own_columns(t));
                    }
                }
                w.rows(
                    ret,
                    T::Missing,
                    "AMISSING",
                    of(T::Missing),
                    &own_columns(T::Missing),
                );
                w.rows(
                    ret,
                    T::Reviews,
                    "AREVIEW",
                    of(T::Reviews),
                    &own_columns(T::Reviews),
                );
            }
            w.fields(ret, T::Header, h, &["MOTHER", "MC_DOB"]);
            if i == 0 {
                for (t, element) in [
                    (T::PrevPerm, "PERMANENCE"),
                    (T::Oc2, "OC2"),
                    (T::PlacedAdoption, "AD_PLACED"),
                ] {
                    w.rows(ret, t, element, of(t), &own_columns(t));
                }
            }
            w.close("HEADER");
        }
        w.rows(ret, T::Episodes, "EPISODE", of(T::Episodes), EPISODE_ORDER);
        for (t, element) in [(T::SwEpisodes, "SW_EPISODE"), (T::DoLo, "DOLO")] {
            w.rows(ret, t, element, of(t), &own_columns(t));
        }
        w.close("CHILD");
    }
    w.close("EXPSSDA903");
    w.out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn child(id: &str, header: &str, rest: &str) -> String {
        format!(
            "<CHILD><HEADER><CHILDID>{id}</CHILDID><SEX>F</SEX><DOB>01/02/2010</DOB>{header}</HEADER>{rest}</CHILD>"
        )
    }

    fn read_children(children: &[String]) -> Return903 {
        let xml = format!("<EXPSSDA903>\n{}\n</EXPSSDA903>", children.join("\n"));
        read("t.xml", xml.as_bytes()).unwrap()
    }

    fn ids(ret: &Return903, t: T) -> Vec<&str> {
        let table = ret.table(t);
        (0..table.len()).map(|r| table.raw(r, 0)).collect()
    }

    #[test]
    fn header_items_make_rows_only_when_their_key_item_is_filled_in() {
        let ret = read_children(&[
            child("A", "<UASC>1</UASC>", ""),
            child("B", "<UASC /><DUC>01/01/2026</DUC>", ""),
            child("C", "<UASC>0</UASC><DUC>01/01/2026</DUC>", ""),
            child("D", "<IN_TOUCH /><ACTIV>F1</ACTIV>", ""),
            child("E", "<ACCOM>S</ACCOM><IN_TOUCH>YES</IN_TOUCH>", ""),
            child("F", "<NB_ADOPTR>1</NB_ADOPTR>", ""),
            child(
                "G",
                "<DATE_INT>01/01/2025</DATE_INT><LS_ADOPTR>L0</LS_ADOPTR>",
                "",
            ),
        ]);
        assert_eq!(ids(&ret, T::Uasc), ["A", "C"]);
        assert_eq!(
            ret.table(T::Uasc).rows()[1],
            ["C", "F", "01/02/2010", "01/01/2026"]
        );
        assert_eq!(ids(&ret, T::Oc3), ["E"]);
        assert_eq!(
            ret.table(T::Oc3).rows()[0],
            ["E", "01/02/2010", "YES", "", "S"]
        );
        assert_eq!(ids(&ret, T::Ad1), ["G"]);
        assert_eq!(ret.table(T::Ad1).get(0, super::super::ad1::LS_ADOPTR), "L0");
        // Every table but the social worker episodes and DoLo is there, even empty.
        assert!(ret.table(T::Missing).present && ret.table(T::Missing).is_empty());
        assert!(!ret.table(T::SwEpisodes).present && !ret.table(T::DoLo).present);
    }

    #[test]
    fn rows_take_the_child_and_date_of_birth_from_the_header_wherever_it_is() {
        let ep = "<EPISODE><DECOM>01/05/2025</DECOM><PL>U1</PL></EPISODE>";
        let ret = read_children(&[
            format!("<CHILD>{ep}<HEADER><CHILDID>X</CHILDID><DOB>03/03/2012</DOB><AREVIEW><REVIEW>01/06/2025</REVIEW></AREVIEW><OC2 /><PERMANENCE /></HEADER></CHILD>"),
            child("Y", "<AMISSING><MISSING>M</MISSING></AMISSING>", &format!("{ep}<SW_EPISODE><SW_ID>SW1</SW_ID></SW_EPISODE><DOLO><DOLO_START>01/01/2026</DOLO_START></DOLO>")),
        ]);
        let e = ret.table(T::Episodes);
        assert_eq!(e.rows()[0][0], "X");
        assert_eq!(e.get(0, super::super::episodes::PLACE), "U1");
        assert_eq!(ids(&ret, T::Episodes), ["X", "Y"]);
        assert_eq!(
            ret.table(T::Reviews).rows()[0],
            ["X", "03/03/2012", "01/06/2025", ""]
        );
        assert_eq!(ids(&ret, T::Oc2), ["X"]);
        assert_eq!(ids(&ret, T::PrevPerm), ["X"]);
        assert_eq!(
            ret.table(T::Missing).rows()[0],
            ["Y", "01/02/2010", "M", "", ""]
        );
        assert_eq!(ids(&ret, T::SwEpisodes), ["Y"]);
        assert_eq!(ids(&ret, T::DoLo), ["Y"]);
        assert!(ret.table(T::SwEpisodes).present && ret.table(T::DoLo).present);
        // Lines: each row is where its element opens.
        assert_eq!(ret.table(T::Episodes).lines, [2, 3]);
    }

    #[test]
    fn writing_gives_the_uasc_flag_and_the_dfe_element_names() {
        let ret = read_children(&[
            child("A", "<UASC>1</UASC><DUC>01/01/2026</DUC>", ""),
            child("B", "<UASC />", "<EPISODE><PL>K2 &amp; co</PL></EPISODE>"),
        ]);
        let xml = write(&ret);
        assert!(xml.contains("<CHILDID>A</CHILDID>"), "{xml}");
        assert!(
            xml.contains("<UASC>1</UASC>\n      <DUC>01/01/2026</DUC>"),
            "{xml}"
        );
        assert!(xml.contains("<UASC />"), "{xml}");
        assert!(xml.contains("<PL>K2 &amp; co</PL>"), "{xml}");
        assert!(!xml.contains("PLACE>"), "{xml}");
        assert_eq!(read("w.xml", xml.as_bytes()).unwrap().tables.len(), 12);
    }
}
