//! Reading and writing returns without loss: the sample files read as
//! expected, and reading what was written gives back the same tables, for
//! the sample files and for generated returns (903 CSV and XML, CIN XML).

#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::path::{Path, PathBuf};

use hearth_returns::cin::{self, CinReturn, C};
use hearth_returns::ssda903::{csv_io, xml_io, Return903, T};
use proptest::prelude::*;

/// The shared reference folder (sample returns), found above the crate; the
/// tests that need it are skipped, saying so, when it is not there.
fn reference() -> Option<PathBuf> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = here
        .ancestors()
        .map(|a| a.join("shared/reference"))
        .find(|p| p.is_dir());
    if found.is_none() {
        eprintln!(
            "skipped: no shared/reference folder above {}",
            here.display()
        );
    }
    found
}

/// Same tables, rows and presence (the lines rows were read from may differ).
fn assert_same_903(a: &Return903, b: &Return903) {
    for &t in T::ALL {
        let (x, y) = (a.table(t), b.table(t));
        assert_eq!(x.present, y.present, "{} present", t.name());
        assert_eq!(x.rows().len(), y.rows().len(), "{} row count", t.name());
        for (i, (r, s)) in x.rows().iter().zip(&y.rows()).enumerate() {
            assert_eq!(r, s, "{} row {i}", t.name());
        }
    }
}

fn assert_same_cin(a: &CinReturn, b: &CinReturn) {
    assert_eq!(a.children, b.children, "children");
    for &t in C::ALL {
        let (x, y) = (a.table(t), b.table(t));
        assert_eq!(x.present, y.present, "{} present", t.name());
        assert_eq!(x.rows().len(), y.rows().len(), "{} row count", t.name());
        for (i, (r, s)) in x.rows().iter().zip(&y.rows()).enumerate() {
            assert_eq!(r, s, "{} row {i}", t.name());
        }
        assert_eq!(
            a.child_of[t as usize],
            b.child_of[t as usize],
            "{} owners",
            t.name()
        );
    }
}

/// Writes every present table as CSV and reads the files back.
fn csv_again(ret: &Return903) -> Return903 {
    let mut back = Return903::default();
    for &t in T::ALL {
        if ret.table(t).present {
            let text = csv_io::write_table(ret, t);
            csv_io::read_table(&mut back, t.file_name(), text.as_bytes())
                .unwrap_or_else(|e| panic!("{e}\n{text}"));
        }
    }
    back
}

fn xml_again(ret: &Return903) -> Return903 {
    let text = xml_io::write(ret);
    xml_io::read("written.xml", text.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn cin_again(ret: &CinReturn) -> CinReturn {
    let text = cin::xml_io::write(ret);
    cin::xml_io::read("written.xml", text.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

// ---------------------------------------------------------------- fixtures

#[test]
fn the_903_csv_sample_reads_with_its_row_counts_and_round_trips() {
    let Some(base) = reference() else { return };
    let ret = csv_io::read_dir(&base.join("ssda903/fake_data")).expect("reads");
    let count = |t: T| ret.table(t).len();
    assert_eq!(count(T::Header), 2675);
    assert_eq!(count(T::Episodes), 5050);
    assert_eq!(count(T::Reviews), 12582);
    assert_eq!(count(T::Oc2), 2675);
    assert_eq!(count(T::PrevPerm), 2675);
    assert_eq!(count(T::Uasc), 132);
    assert_eq!(count(T::Missing), 43);
    // placed_for_adoption.csv, not the _errors variant
    assert_eq!(count(T::PlacedAdoption), 29);
    assert_eq!(count(T::SwEpisodes), 1);
    assert_eq!(count(T::DoLo), 1);
    // Data rows are numbered from line 2, under the header row.
    assert_eq!(ret.table(T::Header).lines.first(), Some(&2));
    assert_same_903(&ret, &csv_again(&ret));
}

#[test]
fn the_903_xml_sample_reads_with_its_row_counts_and_round_trips() {
    let Some(base) = reference() else { return };
    let bytes = std::fs::read(base.join("ssda903/fake_data/fake_903.xml")).expect("file");
    let ret = xml_io::read("fake_903.xml", &bytes).expect("reads");
    let count = |t: T| ret.table(t).len();
    // One row per element (the sector's validator numbers the same rows).
    assert_eq!(count(T::Header), 253);
    assert_eq!(count(T::Episodes), 459);
    assert_eq!(count(T::Reviews), 1206);
    assert_eq!(count(T::Uasc), 12);
    assert_eq!(count(T::Oc2), 253);
    assert_eq!(count(T::Oc3), 6);
    assert_eq!(count(T::Ad1), 3);
    assert_eq!(count(T::PlacedAdoption), 3);
    assert_eq!(count(T::PrevPerm), 253);
    assert_eq!(count(T::Missing), 6);
    assert!(!ret.table(T::SwEpisodes).present);
    let first = ret.table(T::Episodes);
    assert_eq!(first.get(0, 0), "907440");
    assert_eq!(first.get(0, first.col("PLACE").unwrap_or(99)), "R5");
    let reviews = ret.table(T::Reviews);
    assert_eq!(
        reviews.rows()[0],
        ["907440", "28/07/2010", "27/09/2015", "PN0"]
    );
    let back = xml_again(&ret);
    assert_same_903(&ret, &back);
    assert_eq!(xml_io::write(&ret), xml_io::write(&back));
    // And through CSV and back.
    assert_same_903(&ret, &csv_again(&ret));
}

#[test]
fn every_cin_sample_reads_and_round_trips() {
    let Some(base) = reference() else { return };
    let dir = base.join("cin/fake_data");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    files.sort();
    assert!(files.len() >= 9, "{files:?}");
    for path in files {
        let name = path.display().to_string();
        let bytes = std::fs::read(&path).expect("file");
        let ret = cin::xml_io::read(&name, &bytes).unwrap_or_else(|e| panic!("{e}"));
        assert!(ret.children > 0, "{name}");
        let back = cin_again(&ret);
        assert_same_cin(&ret, &back);
        assert_eq!(
            cin::xml_io::write(&ret),
            cin::xml_io::write(&back),
            "{name}"
        );
    }
}

#[test]
fn cin_assessment_keeps_its_factors_list() {
    let xml =
        "<Message><Children><Child><ChildIdentifiers><LAchildID>A1</LAchildID></ChildIdentifiers>\
        <CINdetails><CINreferralDate>2025-05-01</CINreferralDate>\
        <Assessments><AssessmentActualStartDate>2025-05-02</AssessmentActualStartDate>\
        <FactorsIdentifiedAtAssessment><AssessmentFactors>1C</AssessmentFactors>\
        <AssessmentFactors>RB</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>\
        <Assessments><FactorsIdentifiedAtAssessment/></Assessments>\
        </CINdetails></Child></Children></Message>";
    let ret = cin::xml_io::read("t.xml", xml.as_bytes()).expect("reads");
    let a = ret.table(C::Assessments);
    let col = cin::assessments::FactorsIdentifiedAtAssessment;
    assert_eq!(a.get(0, col), "1C,RB");
    assert_eq!(a.get(1, col), "");
    assert_eq!(ret.table(C::AssessmentFactorsList).len(), 2);
    assert_same_cin(&ret, &cin_again(&ret));
}

// ------------------------------------------------------- 903 CSV, generated

/// Any text a CSV cell may hold: commas, quotes, line breaks, spaces at
/// either end, non-ASCII letters, blanks.
fn csv_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[A-Z0-9/]{1,8}",
        "[ -~]{0,10}",
        "[a-zé£ ,\"\n]{0,8}",
    ]
}

/// A generated table: its rows (the first column, CHILD, never blank, so no
/// row is all blank and skipped).
fn csv_rows(t: T) -> impl Strategy<Value = Vec<Vec<String>>> {
    let n = t.columns().len();
    prop::collection::vec(
        ("[0-9A-Z]{1,6}", prop::collection::vec(csv_value(), n - 1)).prop_map(|(id, rest)| {
            let mut row = vec![id];
            row.extend(rest);
            row
        }),
        0..5,
    )
}

/// How a file is laid out: byte order mark, Windows line endings, every value
/// quoted, lower-case header, a column order, an extra unknown column, a
/// column left out (its values then read blank).
#[derive(Debug, Clone)]
struct Layout {
    bom: bool,
    crlf: bool,
    quote_all: bool,
    lower: bool,
    order: Vec<usize>,
    extra: bool,
    drop: Option<usize>,
}

fn layout(n: usize) -> impl Strategy<Value = Layout> {
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        Just((0..n).collect::<Vec<_>>()).prop_shuffle(),
        any::<bool>(),
        prop::option::of(1..n),
    )
        .prop_map(|(bom, crlf, quote_all, lower, order, extra, drop)| Layout {
            bom,
            crlf,
            quote_all,
            lower,
            order,
            extra,
            drop,
        })
}

fn quote(v: &str, all: bool) -> String {
    if all || v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

fn messy_csv(t: T, rows: &[Vec<String>], l: &Layout) -> Vec<u8> {
    let eol = if l.crlf { "\r\n" } else { "\n" };
    let cols: Vec<usize> = l
        .order
        .iter()
        .copied()
        .filter(|&c| Some(c) != l.drop)
        .collect();
    let mut names: Vec<String> = cols
        .iter()
        .map(|&c| {
            let name = t.columns()[c];
            if l.lower {
                name.to_ascii_lowercase()
            } else {
                name.to_string()
            }
        })
        .collect();
    if l.extra {
        names.insert(names.len() / 2, "NOT_A_903_COLUMN".into());
    }
    let mut out = String::new();
    if l.bom {
        out.push('\u{feff}');
    }
    out.push_str(&names.join(","));
    out.push_str(eol);
    for row in rows {
        let mut cells: Vec<String> = cols.iter().map(|&c| quote(&row[c], l.quote_all)).collect();
        if l.extra {
            cells.insert(cells.len() / 2, "junk".into());
        }
        out.push_str(&cells.join(","));
        out.push_str(eol);
    }
    out.into_bytes()
}

fn return_903() -> impl Strategy<Value = Vec<Option<(Vec<Vec<String>>, Layout)>>> {
    T::ALL
        .iter()
        .map(|&t| prop::option::of((csv_rows(t), layout(t.columns().len()))))
        .collect::<Vec<_>>()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn csv_files_in_any_layout_read_back_the_same_tables(tables in return_903()) {
        let mut expected = Return903::default();
        let mut read = Return903::default();
        for (&t, gen) in T::ALL.iter().zip(&tables) {
            let Some((rows, l)) = gen else { continue };
            let table = expected.table_mut(t);
            table.present = true;
            for row in rows {
                let mut row = row.clone();
                if let Some(d) = l.drop {
                    row[d].clear();
                }
                table.push(row, 0);
            }
            let bytes = messy_csv(t, rows, l);
            let got = csv_io::read_table(&mut read, t.file_name(), &bytes);
            prop_assert_eq!(got.ok(), Some(t), "{}", String::from_utf8_lossy(&bytes));
        }
        assert_same_903(&expected, &read);
        // What Hearth writes reads back the same, and writes the same again.
        let back = csv_again(&read);
        assert_same_903(&read, &back);
        for &t in T::ALL {
            prop_assert_eq!(csv_io::write_table(&read, t), csv_io::write_table(&back, t));
        }
    }
}

// ------------------------------------------------------- 903 XML, generated

/// Text an XML value may hold (markup characters included); the XML trims
/// values, so generated ones have no spaces at either end.
fn xml_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[A-Z0-9/]{1,8}",
        "[A-Za-z0-9 &<>'\"é£/]{0,10}".prop_map(|s| s.trim().to_string()),
    ]
}

fn filled() -> impl Strategy<Value = String> {
    "[A-Z0-9/&<]{1,6}"
}

fn values(n: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(xml_value(), n)
}

/// One child's rows as the XML can hold them: one header, at most one UASC,
/// OC3 and AD1 row (OC3 with `IN_TOUCH`, AD1 with `DATE_INT` filled in),
/// any number of the others.
#[derive(Debug, Clone)]
struct XmlChild {
    header: Vec<String>,
    rows: Vec<Vec<Vec<String>>>,
}

/// The columns a table's element holds in the XML (not CHILD, DOB, UASC's SEX).
fn own(t: T) -> Vec<usize> {
    t.columns()
        .iter()
        .enumerate()
        .filter(|(_, c)| !(matches!(**c, "CHILD" | "DOB") || (t == T::Uasc && **c == "SEX")))
        .map(|(i, _)| i)
        .collect()
}

fn xml_child() -> impl Strategy<Value = XmlChild> {
    let many = |t: T, max: usize| prop::collection::vec(values(own(t).len()), 0..max);
    let trigger = |t: T, col: &'static str| {
        let n = own(t).len();
        let at = own(t)
            .iter()
            .position(|&c| t.columns()[c] == col)
            .unwrap_or(0);
        prop::option::of((filled(), values(n))).prop_map(move |o| {
            o.map(|(f, mut v)| {
                v[at] = f;
                vec![v]
            })
            .unwrap_or_default()
        })
    };
    (
        values(T::Header.columns().len() - 1),
        (
            many(T::Episodes, 4),
            many(T::Reviews, 3),
            prop::collection::vec(values(1), 0..2),
            many(T::Oc2, 2),
            trigger(T::Oc3, "IN_TOUCH"),
            trigger(T::Ad1, "DATE_INT"),
        ),
        (
            many(T::PlacedAdoption, 2),
            many(T::PrevPerm, 2),
            many(T::Missing, 3),
            many(T::SwEpisodes, 2),
            many(T::DoLo, 2),
        ),
    )
        .prop_map(
            |(header, (ep, rev, uasc, oc2, oc3, ad1), (pa, pp, mis, sw, dolo))| {
                let mut rows = vec![Vec::new(); T::ALL.len()];
                rows[T::Episodes as usize] = ep;
                rows[T::Reviews as usize] = rev;
                rows[T::Uasc as usize] = uasc;
                rows[T::Oc2 as usize] = oc2;
                rows[T::Oc3 as usize] = oc3;
                rows[T::Ad1 as usize] = ad1;
                rows[T::PlacedAdoption as usize] = pa;
                rows[T::PrevPerm as usize] = pp;
                rows[T::Missing as usize] = mis;
                rows[T::SwEpisodes as usize] = sw;
                rows[T::DoLo as usize] = dolo;
                XmlChild { header, rows }
            },
        )
}

fn xml_return(children: &[XmlChild]) -> Return903 {
    let mut ret = Return903::default();
    for (i, child) in children.iter().enumerate() {
        let id = format!("C{i}");
        let mut header = vec![id.clone()];
        header.extend(child.header.iter().cloned());
        let (sex, dob) = (header[1].clone(), header[2].clone());
        ret.table_mut(T::Header).push(header, 0);
        for &t in &T::ALL[1..] {
            for own_values in &child.rows[t as usize] {
                let mut row = vec![String::new(); t.columns().len()];
                for (&c, v) in own(t).iter().zip(own_values) {
                    row[c].clone_from(v);
                }
                for (c, name) in t.columns().iter().enumerate() {
                    match *name {
                        "CHILD" => row[c].clone_from(&id),
                        "DOB" => row[c].clone_from(&dob),
                        "SEX" => row[c].clone_from(&sex),
                        _ => {}
                    }
                }
                ret.table_mut(t).push(row, 0);
            }
        }
    }
    for &t in T::ALL {
        let table = ret.table_mut(t);
        table.present = !matches!(t, T::SwEpisodes | T::DoLo) || !table.is_empty();
    }
    ret
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn xml_written_reads_back_the_same_tables(children in prop::collection::vec(xml_child(), 0..5)) {
        let ret = xml_return(&children);
        let back = xml_again(&ret);
        assert_same_903(&ret, &back);
        prop_assert_eq!(xml_io::write(&ret), xml_io::write(&back));
    }
}

// ------------------------------------------------------- CIN XML, generated

fn cin_value() -> impl Strategy<Value = Option<String>> {
    prop::option::of("[A-Za-z0-9\\-&<>]{1,8}")
}

fn leaf(out: &mut String, name: &str, v: &Option<String>) {
    if let Some(v) = v {
        let v = v
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        out.push_str(&format!("<{name}>{v}</{name}>"));
    }
}

fn leaves(out: &mut String, names: &[&str], values: &[Option<String>]) {
    for (n, v) in names.iter().zip(values) {
        leaf(out, n, v);
    }
}

fn opts(n: usize) -> impl Strategy<Value = Vec<Option<String>>> {
    prop::collection::vec(cin_value(), n)
}

const IDENTIFIERS: &[&str] = &[
    "UPN",
    "FormerUPN",
    "UPNunknown",
    "PersonBirthDate",
    "ExpectedPersonBirthDate",
    "Sex",
    "GenderCurrent",
    "PersonDeathDate",
];
const DETAILS: &[&str] = &[
    "CINreferralDate",
    "ReferralSource",
    "PrimaryNeedCode",
    "CINclosureDate",
    "ReasonForClosure",
    "DateOfInitialCPC",
];
const ASSESSMENT: &[&str] = &[
    "AssessmentActualStartDate",
    "AssessmentInternalReviewDate",
    "AssessmentAuthorisationDate",
];
const S47: &[&str] = &[
    "S47ActualStartDate",
    "InitialCPCtarget",
    "DateOfInitialCPC",
    "ICPCnotRequired",
];
const PLAN: &[&str] = &[
    "CPPstartDate",
    "CPPendDate",
    "InitialCategoryOfAbuse",
    "LatestCategoryOfAbuse",
    "NumberOfPreviousCPP",
];
const PRE: &[&str] = &[
    "PPStartDate",
    "LBPSentDate",
    "FGDMMeetingOffer",
    "FGDMMeetingFac",
    "InitialPPMeetingDate",
    "ReviewMeetingsCount",
    "StepDecisionDate",
    "PPOutcome",
    "CourtAppDate",
    "LetterInitCPDate",
];

/// One CIN episode as XML, in the census's element order.
fn cin_episode() -> impl Strategy<Value = String> {
    (
        opts(DETAILS.len()),
        prop::collection::vec(
            (
                opts(ASSESSMENT.len()),
                prop::collection::vec("[0-9A-Z]{0,3}", 0..3),
            ),
            0..3,
        ),
        prop::collection::vec(opts(2), 0..2),
        prop::collection::vec(opts(S47.len()), 0..2),
        cin_value(),
        prop::collection::vec(
            (
                opts(PLAN.len()),
                prop::collection::vec("[0-9\\-]{0,10}", 0..3),
            ),
            0..3,
        ),
        prop::collection::vec(opts(PRE.len()), 0..2),
    )
        .prop_map(|(details, assessments, plans, s47, nfa, cpps, pre)| {
            let mut x = String::from("<CINdetails>");
            leaves(&mut x, DETAILS, &details);
            for (a, factors) in &assessments {
                x.push_str("<Assessments>");
                leaves(&mut x, ASSESSMENT, a);
                x.push_str("<FactorsIdentifiedAtAssessment>");
                for f in factors {
                    leaf(&mut x, "AssessmentFactors", &Some(f.clone()));
                }
                x.push_str("</FactorsIdentifiedAtAssessment></Assessments>");
            }
            for p in &plans {
                x.push_str("<CINPlanDates>");
                leaves(&mut x, &["CINPlanStartDate", "CINPlanEndDate"], p);
                x.push_str("</CINPlanDates>");
            }
            for s in &s47 {
                x.push_str("<Section47>");
                leaves(&mut x, S47, s);
                x.push_str("</Section47>");
            }
            leaf(&mut x, "ReferralNFA", &nfa);
            for (p, reviews) in &cpps {
                x.push_str("<ChildProtectionPlans>");
                leaves(&mut x, PLAN, p);
                if !reviews.is_empty() {
                    x.push_str("<Reviews>");
                    for r in reviews {
                        leaf(&mut x, "CPPreviewDate", &Some(r.clone()));
                    }
                    x.push_str("</Reviews>");
                }
                x.push_str("</ChildProtectionPlans>");
            }
            for p in &pre {
                x.push_str("<PreProceedingsandFGDM>");
                leaves(&mut x, PRE, p);
                x.push_str("</PreProceedingsandFGDM>");
            }
            x.push_str("</CINdetails>");
            x
        })
}

fn cin_child() -> impl Strategy<Value = String> {
    (
        "[A-Z0-9]{1,6}",
        opts(IDENTIFIERS.len()),
        cin_value(),
        prop::collection::vec("[A-Z]{0,4}", 0..3),
        prop::collection::vec(cin_episode(), 0..3),
    )
        .prop_map(|(id, ids, ethnicity, disabilities, episodes)| {
            let mut x = String::from("<Child><ChildIdentifiers>");
            leaf(&mut x, "LAchildID", &Some(id));
            leaves(&mut x, IDENTIFIERS, &ids);
            x.push_str("</ChildIdentifiers><ChildCharacteristics>");
            leaf(&mut x, "Ethnicity", &ethnicity);
            if !disabilities.is_empty() {
                x.push_str("<Disabilities>");
                for d in &disabilities {
                    leaf(&mut x, "Disability", &Some(d.clone()));
                }
                x.push_str("</Disabilities>");
            }
            x.push_str("</ChildCharacteristics>");
            for e in &episodes {
                x.push_str(e);
            }
            x.push_str("</Child>");
            x
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn cin_written_reads_back_the_same_tables(
        header in opts(9),
        children in prop::collection::vec(cin_child(), 0..4),
    ) {
        let mut xml = String::from("<?xml version=\"1.0\"?>\n<Message><Header><CollectionDetails>");
        leaves(&mut xml, &["Collection", "Year", "ReferenceDate"], &header[..3]);
        xml.push_str("</CollectionDetails><Source>");
        leaves(
            &mut xml,
            &["SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime"],
            &header[3..],
        );
        xml.push_str("</Source></Header><Children>");
        for c in &children {
            xml.push_str(c);
        }
        xml.push_str("</Children></Message>");
        let ret = cin::xml_io::read("generated.xml", xml.as_bytes())
            .unwrap_or_else(|e| panic!("{e}\n{xml}"));
        prop_assert_eq!(ret.children, children.len());
        let back = cin_again(&ret);
        assert_same_cin(&ret, &back);
        prop_assert_eq!(cin::xml_io::write(&ret), cin::xml_io::write(&back));
    }
}

// ---------------------------------------------------------- bad files

fn csv_error(file: &str, bytes: &[u8]) -> String {
    let mut ret = Return903::default();
    match csv_io::read_table(&mut ret, file, bytes) {
        Ok(t) => panic!("read as {t:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_value_that_is_not_utf8_is_named_by_file_line_and_field() {
    let msg = csv_error(
        "header.csv",
        b"CHILD,SEX,DOB\n1,M,01/01/2010\n2,\xff,01/01/2010\n",
    );
    assert_eq!(
        msg,
        "header.csv, line 3, field SEX: the value is not valid UTF-8 text"
    );
    let xml = b"<EXPSSDA903><CHILD><HEADER>\n<CHILDID>1</CHILDID>\n<SEX>\xff</SEX></HEADER></CHILD></EXPSSDA903>";
    let msg = xml_io::read("c.xml", xml)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert_eq!(
        msg,
        "c.xml, line 3, field SEX: the value is not valid UTF-8 text"
    );
}

#[test]
fn an_unterminated_quote_is_named_by_file_line_and_field() {
    let msg = csv_error(
        "episodes.csv",
        b"CHILD,DECOM,RNE\r\n1,01/04/2025,S\r\n2,\"01/04/2025,S\r\n3,01/05/2025,P\r\n",
    );
    assert_eq!(
        msg,
        "episodes.csv, line 3, field DECOM: a quoted value is never closed: its closing \" is missing"
    );
    // A closed quote holding a comma, a doubled quote and a line break is fine.
    let mut ret = Return903::default();
    let ok = csv_io::read_table(
        &mut ret,
        "episodes.csv",
        b"CHILD,DECOM,RNE\n1,\"a,\"\"b\"\"\nc\",S\n2,x,P\n",
    );
    assert_eq!(ok.ok(), Some(T::Episodes));
    assert_eq!(ret.table(T::Episodes).rows()[0][1], "a,\"b\"\nc");
    assert_eq!(ret.table(T::Episodes).lines, [2, 4]);
}

#[test]
fn an_unknown_header_row_is_named_with_its_unknown_columns() {
    let msg = csv_error(
        "export.csv",
        b"CHILD,FAVOURITE_COLOUR,DOB\n1,blue,01/01/2010\n",
    );
    assert_eq!(
        msg,
        "export.csv, line 1: the header row (CHILD,FAVOURITE_COLOUR,DOB) is not one of the 903 tables: no table has the column(s) FAVOURITE_COLOUR"
    );
    let msg = csv_error("header.csv", b"SEX,DOB\nM,01/01/2010\n");
    assert!(
        msg.starts_with("header.csv, line 1: there is no CHILD column"),
        "{msg}"
    );
}

#[test]
fn xml_that_is_not_well_formed_is_named_by_file_and_line() {
    let mismatched =
        "<EXPSSDA903>\n<CHILD>\n<HEADER>\n<SEX>M</DOB>\n</HEADER></CHILD></EXPSSDA903>";
    let msg = xml_io::read("m.xml", mismatched.as_bytes())
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(
        msg.starts_with("m.xml, line 4: the XML is not well formed"),
        "{msg}"
    );
    assert!(msg.contains("SEX") && msg.contains("DOB"), "{msg}");

    let truncated = "<EXPSSDA903>\n<CHILD>\n<HEADER>\n<SEX>M</SEX>\n";
    let msg = xml_io::read("t.xml", truncated.as_bytes())
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(
        msg.starts_with("t.xml, line 3: the XML is not well formed"),
        "{msg}"
    );
    assert!(msg.contains("<HEADER>"), "{msg}");

    let not_903 = "<Message><Children/></Message>";
    let msg = xml_io::read("cin.xml", not_903.as_bytes())
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("cin.xml") && msg.contains("EXPSSDA903"),
        "{msg}"
    );

    let cin_truncated = "<Message>\n<Children>\n<Child>\n";
    let msg = cin::xml_io::read("c.xml", cin_truncated.as_bytes())
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(
        msg.starts_with("c.xml, line 4: the XML is not well formed"),
        "{msg}"
    );
    assert!(msg.contains("<Child>"), "{msg}");
}

// ------------------------------------------- row numbers the peer reports

/// Every row the sector's validator named in its findings on the probe files
/// (`tests/data/io`) holds the same child in our tables, and each table has
/// as many rows as the peer's highest row number implies at least.
#[test]
fn xml_rows_are_numbered_as_the_peer_numbers_them() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/io");
    for probe in ["probe_header_items_1", "probe_header_items_2"] {
        let xml = std::fs::read(dir.join(format!("{probe}.xml"))).unwrap();
        let ret = xml_io::read(probe, &xml).unwrap();
        let peer = std::fs::read_to_string(dir.join(format!("{probe}.peer.csv"))).unwrap();
        let mut checked = 0;
        for line in peer.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            let (child, table, row) = (f[0], f[2], f[3].parse::<usize>().unwrap());
            let t = T::ALL.iter().find(|t| t.name() == table).unwrap();
            assert_eq!(ret.table(*t).get(row, 0), child, "{probe}: {line}");
            checked += 1;
        }
        assert!(checked > 50, "{probe}: {checked}");
    }
}

#[test]
fn a_folder_is_read_as_its_csv_files_or_its_one_xml_file() {
    let dir = std::env::temp_dir().join(format!("hearth-read-dir-any-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let xml = "<EXPSSDA903><CHILD><HEADER><CHILDID>1</CHILDID></HEADER></CHILD></EXPSSDA903>";
    std::fs::write(dir.join("b.xml"), xml).unwrap();
    let ret = csv_io::read_dir_any(&dir).unwrap();
    assert_eq!(ret.table(T::Header).len(), 1);
    std::fs::write(dir.join("a.xml"), xml).unwrap();
    let msg = csv_io::read_dir_any(&dir)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(
        msg.ends_with("the folder holds 2 XML files (a.xml, b.xml): a 903 return is one XML file"),
        "{msg}"
    );
    std::fs::write(dir.join("header.csv"), "CHILD,SEX\n1,M\n2,F\n").unwrap();
    let ret = csv_io::read_dir_any(&dir).unwrap();
    assert_eq!(ret.table(T::Header).len(), 2);
    assert!(!ret.table(T::Episodes).present);
    let _ = std::fs::remove_dir_all(&dir);
}
