//! The census XML (`Message/Header`, `Children/Child/...`) read into the flat
//! tables and written back.
//!
//! Reading is one streaming pass: each element that starts a row (a child's
//! identifiers, a CIN episode, an assessment, each factor, each review date...)
//! opens a row in its table, and each leaf's text goes to the innermost open
//! row whose table has that column. Unknown elements and stray text are
//! ignored, as the DfE's own loader does.

use quick_xml::events::Event;
use quick_xml::Reader;

use super::{assessment_factors, assessments, cin_details, cp_plans, reviews, CinReturn, C};
use crate::xml::{self, Lines};
use crate::ReadError;

/// Which table an element opens a row in, if any.
fn opens(name: &str) -> Option<C> {
    Some(match name {
        "Header" => C::Header,
        "ChildIdentifiers" => C::ChildIdentifiers,
        "ChildCharacteristics" => C::ChildCharacteristics,
        "CINdetails" => C::CinDetails,
        "Assessments" => C::Assessments,
        "CINPlanDates" | "CINplanDates" => C::CinPlanDates,
        "Section47" => C::Section47,
        "ChildProtectionPlans" => C::ChildProtectionPlans,
        "PreProceedingsandFGDM" => C::PreProceedings,
        _ => return None,
    })
}

/// Leaves that are rows of their own: each value is one row.
fn leaf_row(name: &str) -> Option<C> {
    Some(match name {
        "Disability" => C::Disabilities,
        "AssessmentFactors" => C::AssessmentFactorsList,
        "CPPreviewDate" => C::Reviews,
        _ => return None,
    })
}

struct Open {
    table: C,
    row: usize,
}

/// The state of one streaming read.
#[derive(Default)]
struct Loader {
    ret: CinReturn,
    path: Vec<String>,
    open: Vec<Open>,
    text: String,
    child: Option<usize>,
    /// Where the current child's rows start in each table, to fill in its id.
    child_start: [usize; super::N_TABLES],
    child_id: String,
    details: Option<usize>,
    assessment: Option<usize>,
    plan: Option<usize>,
    saw_message: bool,
}

fn link(v: Option<usize>) -> String {
    v.map(|d| d.to_string()).unwrap_or_default()
}

impl Loader {
    fn owner(&self) -> usize {
        self.child.unwrap_or(usize::MAX)
    }

    fn start(&mut self, name: String, line: u64) {
        self.saw_message |= name == "Message";
        self.text.clear();
        if name == "Child" {
            let ordinal = self.ret.children;
            self.ret.children += 1;
            self.child = Some(ordinal);
            self.child_id.clear();
            for (i, t) in self.ret.tables.iter().enumerate() {
                self.child_start[i] = t.len();
            }
            self.details = None;
        }
        if let Some(t) = opens(&name) {
            let mut row = vec![String::new(); t.columns().len()];
            if !matches!(
                t,
                C::Header | C::ChildIdentifiers | C::ChildCharacteristics | C::CinDetails
            ) {
                row[1] = link(self.details);
            }
            let r = self.ret.push(t, self.owner(), row, line);
            let id_col = match t {
                C::CinDetails => {
                    self.details = Some(r);
                    Some(cin_details::CINdetailsID)
                }
                C::Assessments => {
                    self.assessment = Some(r);
                    Some(assessments::AssessmentID)
                }
                C::ChildProtectionPlans => {
                    self.plan = Some(r);
                    Some(cp_plans::CPPID)
                }
                _ => None,
            };
            if let Some(col) = id_col {
                self.ret.table_mut(t).set(r, col, &r.to_string());
            }
            self.open.push(Open { table: t, row: r });
        }
        self.path.push(name);
    }

    fn end(&mut self, line: u64) {
        let Some(name) = self.path.pop() else { return };
        let value = std::mem::take(&mut self.text);
        if let Some(t) = leaf_row(&name) {
            let mut row = vec![String::new(); t.columns().len()];
            let last = t.columns().len() - 1;
            row[last] = value.clone();
            match t {
                C::AssessmentFactorsList => {
                    row[assessment_factors::CINdetailsID] = link(self.details);
                    row[assessment_factors::AssessmentID] = link(self.assessment);
                    if let Some(a) = self.assessment {
                        let table = self.ret.table_mut(C::Assessments);
                        let col = assessments::FactorsIdentifiedAtAssessment;
                        let mut cell = table.raw(a, col).to_string();
                        if !cell.is_empty() {
                            cell.push(',');
                        }
                        cell.push_str(value.trim());
                        table.set(a, col, &cell);
                    }
                }
                C::Reviews => {
                    row[reviews::CINdetailsID] = link(self.details);
                    row[reviews::CPPID] = link(self.plan);
                }
                _ => {}
            }
            self.ret.push(t, self.owner(), row, line);
        } else if opens(&name).is_some() {
            if let Some(o) = self.open.pop() {
                match o.table {
                    C::Assessments => self.assessment = None,
                    C::ChildProtectionPlans => self.plan = None,
                    _ => {}
                }
            }
        } else if name == "Child" {
            if self.child.take().is_some() {
                for (i, start) in self.child_start.iter().enumerate() {
                    let t = &mut self.ret.tables[i];
                    if t.columns.first() == Some(&"LAchildID") {
                        for row in *start..t.len() {
                            t.set(row, 0, &self.child_id);
                        }
                    }
                }
            }
        } else if name == "FactorsIdentifiedAtAssessment" && value.trim().is_empty() {
            // The wrapper of the AssessmentFactors: its blank text must not
            // wipe the list they built in the assessment's row.
        } else {
            if name == "LAchildID" {
                self.child_id = value.trim().to_string();
            }
            // The innermost open row whose table has this column (the
            // factors' container is filled from its factors instead).
            if name == "FactorsIdentifiedAtAssessment" {
                return;
            }
            for o in self.open.iter().rev() {
                if let Some(col) = o.table.columns().iter().position(|c| *c == name) {
                    self.ret.table_mut(o.table).set(o.row, col, &value);
                    break;
                }
            }
        }
    }
}

/// Reads a census XML file.
pub fn read(file_name: &str, bytes: &[u8]) -> Result<CinReturn, ReadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().trim_text(true);
    let mut state = Loader::default();
    let mut buf = Vec::new();
    let mut lines = Lines::new(bytes);
    loop {
        let pos = reader.buffer_position();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| ReadError::Line {
                file: file_name.into(),
                line: lines.at(pos),
                message: format!("the XML is not well formed: {e}"),
            })?;
        match event {
            Event::Start(e) => {
                let name = xml::local_name(&e);
                state.start(name, lines.at(pos));
            }
            Event::Empty(e) => {
                let name = xml::local_name(&e);
                let line = lines.at(pos);
                state.start(name, line);
                state.end(line);
            }
            Event::Text(t) => {
                let value = t.unescape().map_err(|e| ReadError::Line {
                    file: file_name.into(),
                    line: lines.at(pos),
                    message: format!("a value could not be read: {e}"),
                })?;
                state.text.push_str(&value);
            }
            Event::CData(t) => state.text.push_str(&String::from_utf8_lossy(&t)),
            Event::End(_) => state.end(lines.at(pos)),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if let Some(name) = state.path.last() {
        return Err(ReadError::Line {
            file: file_name.into(),
            line: lines.at(reader.buffer_position()),
            message: format!("the XML is not well formed: the file ends before <{name}> is closed"),
        });
    }
    if !state.saw_message {
        return Err(ReadError::File {
            file: file_name.into(),
            message: "this is not a CIN census file: it has no <Message> element".into(),
        });
    }
    let mut ret = state.ret;
    for t in C::ALL {
        ret.table_mut(*t).present = true;
    }
    Ok(ret)
}

/// How the census writes its leaves and rows with the shared writer.
trait CensusLeaves {
    fn leaf(&mut self, name: &str, value: &str);
    fn row_leaf(&mut self, name: &str, value: &str);
    fn fields(&mut self, ret: &CinReturn, t: C, row: usize, cols: &[&str]);
}

impl CensusLeaves for xml::Writer {
    /// A leaf, left out when blank (the census omits absent values).
    fn leaf(&mut self, name: &str, value: &str) {
        if value.trim().is_empty() {
            return;
        }
        self.element(name, value.trim());
    }
    /// A leaf that is a row of its own (a disability, a factor, a review
    /// date): written even when blank, so the row is not lost.
    fn row_leaf(&mut self, name: &str, value: &str) {
        if value.trim().is_empty() {
            self.element(name, "");
        } else {
            self.leaf(name, value);
        }
    }
    /// The named columns of one row, skipping the link columns.
    fn fields(&mut self, ret: &CinReturn, t: C, row: usize, cols: &[&str]) {
        let table = ret.table(t);
        for name in cols {
            if let Some(c) = table.col(name) {
                let value = table.get(row, c).to_string();
                self.leaf(name, &value);
            }
        }
    }
}

/// Each child's rows in each table, built once so writing stays linear.
struct ByChild(Vec<Vec<Vec<usize>>>);

impl ByChild {
    fn new(ret: &CinReturn) -> Self {
        let mut index = vec![vec![Vec::new(); super::N_TABLES]; ret.children];
        for (t, owners) in ret.child_of.iter().enumerate() {
            for (row, &child) in owners.iter().enumerate() {
                if let Some(slot) = index.get_mut(child) {
                    slot[t].push(row);
                }
            }
        }
        ByChild(index)
    }
}

/// Rows of `t` belonging to child ordinal `child` whose column `col` equals
/// `link` (or all of the child's rows when `col` is `None`).
fn rows_of_in(
    ret: &CinReturn,
    by_child: &ByChild,
    t: C,
    child: usize,
    col: Option<(usize, usize)>,
) -> Vec<usize> {
    let table = ret.table(t);
    let link = col.map(|(c, l)| (c, l.to_string()));
    by_child.0[child][t as usize]
        .iter()
        .copied()
        .filter(|&r| link.as_ref().is_none_or(|(c, l)| table.get(r, *c) == l))
        .collect()
}

/// Writes a census return as the DfE's XML.
pub fn write(ret: &CinReturn) -> String {
    let mut w = xml::Writer::default();
    w.open("Message");
    // A return read without a Header gets none written back.
    if !ret.table(C::Header).is_empty() {
        w.open("Header");
        w.open("CollectionDetails");
        w.fields(ret, C::Header, 0, &["Collection", "Year", "ReferenceDate"]);
        w.close("CollectionDetails");
        w.open("Source");
        w.fields(
            ret,
            C::Header,
            0,
            &[
                "SourceLevel",
                "LEA",
                "SoftwareCode",
                "Release",
                "SerialNo",
                "DateTime",
            ],
        );
        w.close("Source");
        w.close("Header");
    }
    w.open("Children");
    let by_child = ByChild::new(ret);
    let rows_of = |ret: &CinReturn, t: C, child: usize, col: Option<(usize, usize)>| {
        rows_of_in(ret, &by_child, t, child, col)
    };
    for child in 0..ret.children {
        w.open("Child");
        for r in rows_of(ret, C::ChildIdentifiers, child, None) {
            w.open("ChildIdentifiers");
            w.fields(ret, C::ChildIdentifiers, r, C::ChildIdentifiers.columns());
            w.close("ChildIdentifiers");
        }
        for r in rows_of(ret, C::ChildCharacteristics, child, None) {
            w.open("ChildCharacteristics");
            w.fields(ret, C::ChildCharacteristics, r, &["Ethnicity"]);
            let disabilities = rows_of(ret, C::Disabilities, child, None);
            if !disabilities.is_empty() {
                w.open("Disabilities");
                for d in disabilities {
                    let value = ret.table(C::Disabilities).get(d, 1).to_string();
                    w.row_leaf("Disability", &value);
                }
                w.close("Disabilities");
            }
            w.close("ChildCharacteristics");
        }
        for d in rows_of(ret, C::CinDetails, child, None) {
            w.open("CINdetails");
            w.fields(
                ret,
                C::CinDetails,
                d,
                &[
                    "CINreferralDate",
                    "ReferralSource",
                    "PrimaryNeedCode",
                    "CINclosureDate",
                    "ReasonForClosure",
                    "DateOfInitialCPC",
                ],
            );
            let link = Some((1, d));
            for a in rows_of(ret, C::Assessments, child, link) {
                w.open("Assessments");
                w.fields(
                    ret,
                    C::Assessments,
                    a,
                    &[
                        "AssessmentActualStartDate",
                        "AssessmentInternalReviewDate",
                        "AssessmentAuthorisationDate",
                    ],
                );
                let factors = rows_of(
                    ret,
                    C::AssessmentFactorsList,
                    child,
                    Some((assessment_factors::AssessmentID, a)),
                );
                w.open("FactorsIdentifiedAtAssessment");
                for f in factors {
                    let value = ret
                        .table(C::AssessmentFactorsList)
                        .get(f, assessment_factors::AssessmentFactors)
                        .to_string();
                    w.row_leaf("AssessmentFactors", &value);
                }
                w.close("FactorsIdentifiedAtAssessment");
                w.close("Assessments");
            }
            for p in rows_of(ret, C::CinPlanDates, child, link) {
                w.open("CINPlanDates");
                w.fields(
                    ret,
                    C::CinPlanDates,
                    p,
                    &["CINPlanStartDate", "CINPlanEndDate"],
                );
                w.close("CINPlanDates");
            }
            for s in rows_of(ret, C::Section47, child, link) {
                w.open("Section47");
                w.fields(
                    ret,
                    C::Section47,
                    s,
                    &[
                        "S47ActualStartDate",
                        "InitialCPCtarget",
                        "DateOfInitialCPC",
                        "ICPCnotRequired",
                    ],
                );
                w.close("Section47");
            }
            w.fields(ret, C::CinDetails, d, &["ReferralNFA"]);
            for p in rows_of(ret, C::ChildProtectionPlans, child, link) {
                w.open("ChildProtectionPlans");
                w.fields(
                    ret,
                    C::ChildProtectionPlans,
                    p,
                    &[
                        "CPPstartDate",
                        "CPPendDate",
                        "InitialCategoryOfAbuse",
                        "LatestCategoryOfAbuse",
                        "NumberOfPreviousCPP",
                    ],
                );
                let reviews = rows_of(ret, C::Reviews, child, Some((reviews::CPPID, p)));
                if !reviews.is_empty() {
                    w.open("Reviews");
                    for r in reviews {
                        let value = ret
                            .table(C::Reviews)
                            .get(r, reviews::CPPreviewDate)
                            .to_string();
                        w.row_leaf("CPPreviewDate", &value);
                    }
                    w.close("Reviews");
                }
                w.close("ChildProtectionPlans");
            }
            for p in rows_of(ret, C::PreProceedings, child, link) {
                w.open("PreProceedingsandFGDM");
                w.fields(ret, C::PreProceedings, p, &C::PreProceedings.columns()[2..]);
                w.close("PreProceedingsandFGDM");
            }
            w.close("CINdetails");
        }
        w.close("Child");
    }
    w.close("Children");
    w.close("Message");
    w.out
}
