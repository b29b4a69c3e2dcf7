#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A return loaded into the record and derived back out gives the same rows:
//! property-tested on generated in-year returns, with odd date spellings,
//! blank optional fields and a byte order mark on the way in.

use hearth_core::ids::PersonId;
use hearth_core::journey::Journey;
use hearth_core::model::{Person, PersonKind};
use hearth_returns::derive::{self, ChildRecord};
use hearth_returns::ssda903::{csv_io, Return903, T};
use hearth_returns::{cin, import, CollectionYear};
use proptest::prelude::*;

const YEAR: CollectionYear = CollectionYear(2026);

fn people(imported: &import::Imported) -> Vec<(Person, Journey)> {
    imported
        .children
        .iter()
        .map(|k| {
            let id = PersonId::new();
            let person = Person {
                id,
                kind: PersonKind::Child,
                details: k.details(),
                addresses: vec![],
                families: vec![],
                restricted: false,
                grants: vec![],
                allocations: vec![],
            };
            let mut journey = Journey::new(id);
            for s in &k.steps {
                journey.record(s.clone());
            }
            (person, journey)
        })
        .collect()
}

fn sorted_rows(ret: &Return903, t: T) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = ret
        .table(t)
        .rows()
        .iter()
        .map(|r| r.iter().map(|v| v.trim().to_string()).collect())
        .collect();
    rows.sort();
    rows
}

/// A date in the 2025/26 year, written in one of several spellings.
fn day_in_year() -> impl Strategy<Value = (u8, u8, i32)> {
    (1u8..=28, 1u8..=12).prop_map(|(d, m)| (d, m, if m >= 4 { 2025 } else { 2026 }))
}

fn spell((d, m, y): (u8, u8, i32), style: u8) -> String {
    match style % 3 {
        0 => format!("{d:02}/{m:02}/{y}"),
        1 => format!("{y}-{m:02}-{d:02}"),
        _ => format!("{d}/{m}/{y}"),
    }
}

fn canonical((d, m, y): (u8, u8, i32)) -> String {
    format!("{d:02}/{m:02}/{y}")
}

#[derive(Debug, Clone)]
struct GenChild {
    id: u32,
    sex: &'static str,
    dob: (u8, u8, i32),
    episode: (u8, u8, i32),
    ended: Option<(u8, u8, i32)>,
    place: &'static str,
    reviews: Vec<((u8, u8, i32), &'static str)>,
    missing: Option<(u8, u8, i32)>,
    style: u8,
}

fn gen_child() -> impl Strategy<Value = GenChild> {
    (
        100_000u32..999_999,
        prop::sample::select(vec!["M", "F", "U"]),
        (1u8..=28, 1u8..=12, 2008i32..2024),
        day_in_year(),
        prop::option::of(day_in_year()),
        prop::sample::select(vec!["U1", "R1", "K2", ""]),
        prop::collection::vec(
            (day_in_year(), prop::sample::select(vec!["PN1", "PN0", ""])),
            0..3,
        ),
        prop::option::of(day_in_year()),
        any::<u8>(),
    )
        .prop_map(
            |(id, sex, dob, episode, ended, place, reviews, missing, style)| GenChild {
                id,
                sex,
                dob,
                episode,
                ended: ended.filter(|e| (e.2, e.1, e.0) >= (episode.2, episode.1, episode.0)),
                place,
                reviews,
                missing,
                style,
            },
        )
}

/// Builds the return as another system might write it (`odd`) and as Hearth
/// writes it back (`canonical`).
fn files(children: &[GenChild], odd: bool) -> Vec<(&'static str, String)> {
    let date = |d: (u8, u8, i32), style: u8| if odd { spell(d, style) } else { canonical(d) };
    let mut header = String::from("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n");
    let mut episodes = String::from(
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n",
    );
    let mut reviews = String::from("CHILD,DOB,REVIEW,REVIEW_CODE\n");
    let mut missing = String::from("CHILD,DOB,MISSING,MIS_START,MIS_END\n");
    for c in children {
        let dob = date(c.dob, c.style);
        // No UPN: the code for why, as the 903 asks (under 6 at the year's
        // end, UN1; otherwise UN5).
        let (d, m, y) = c.dob;
        let un = if (y, m, d) > (2020, 3, 31) {
            "UN1"
        } else {
            "UN5"
        };
        header.push_str(&format!("{},{},{dob},WBRI,{un},,\n", c.id, c.sex));
        let (dec, rec) = match c.ended {
            Some(e) => (date(e, c.style.wrapping_add(1)), "E11"),
            None => (String::new(), ""),
        };
        episodes.push_str(&format!(
            "{},{},S,C2,N1,{},PR1,{dec},{rec},,,,\n",
            c.id,
            date(c.episode, c.style),
            c.place
        ));
        for (d, code) in &c.reviews {
            reviews.push_str(&format!("{},{dob},{},{code}\n", c.id, date(*d, c.style)));
        }
        if let Some(m) = c.missing {
            missing.push_str(&format!("{},{dob},M,{},\n", c.id, date(m, c.style)));
        }
    }
    vec![
        ("header.csv", header),
        ("episodes.csv", episodes),
        ("reviews.csv", reviews),
        ("missing.csv", missing),
    ]
}

fn read(files: &[(&'static str, String)], bom: bool) -> Return903 {
    let mut ret = Return903::default();
    for (name, text) in files {
        let mut bytes = if bom {
            b"\xEF\xBB\xBF".to_vec()
        } else {
            Vec::new()
        };
        bytes.extend_from_slice(text.as_bytes());
        csv_io::read_table(&mut ret, name, &bytes).unwrap();
    }
    ret
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn a_903_return_loaded_into_the_record_derives_back_the_same(
        children in prop::collection::vec(gen_child(), 1..8),
        bom in any::<bool>(),
    ) {
        let mut children = children;
        children.sort_by_key(|c| c.id);
        children.dedup_by_key(|c| c.id);
        let incoming = read(&files(&children, true), bom);
        let expected = read(&files(&children, false), false);
        let imported = import::ssda903(&incoming, Some(2026));
        prop_assert!(imported.problems.is_empty(), "{:?}", imported.problems);
        let people = people(&imported);
        let records: Vec<ChildRecord> = people
            .iter()
            .map(|(p, j)| ChildRecord { person: p, journey: Some(j) })
            .collect();
        let derived = derive::ssda903(&records, YEAR);
        for t in [T::Header, T::Episodes, T::Reviews, T::Missing] {
            prop_assert_eq!(sorted_rows(&derived, t), sorted_rows(&expected, t), "table {}", t.name());
        }
        // And written out and read again, nothing changes.
        let again = read(
            &[T::Header, T::Episodes, T::Reviews, T::Missing]
                .iter()
                .map(|&t| (t.file_name(), csv_io::write_table(&derived, t)))
                .collect::<Vec<_>>(),
            false,
        );
        for t in [T::Header, T::Episodes, T::Reviews, T::Missing] {
            prop_assert_eq!(sorted_rows(&again, t), sorted_rows(&derived, t));
        }
    }
}

#[test]
fn a_bad_date_refuses_the_import_naming_line_and_field() {
    let mut ret = Return903::default();
    csv_io::read_table(
        &mut ret,
        "episodes.csv",
        b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n1,01/05/2025,S,C2,N1,U1,PR1,,,,,,\n2,the fifth,S,C2,N1,U1,PR1,,,,,,\n",
    )
    .unwrap();
    let imported = import::ssda903(&ret, Some(2026));
    assert_eq!(
        imported.problems,
        vec![
            "episodes.csv, line 3, field DECOM: 'the fifth' is not a date (use dd/mm/yyyy)"
                .to_string()
        ]
    );
}

#[test]
fn a_census_loaded_into_the_record_derives_back_the_same_episodes() {
    let xml = r#"<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2026</Year><ReferenceDate>2026-03-31</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>201</LEA><SoftwareCode>X</SoftwareCode><Release>1</Release><SerialNo>001</SerialNo><DateTime>2026-04-01T00:00:00</DateTime></Source></Header><Children>
<Child><ChildIdentifiers><LAchildID>A1</LAchildID><PersonBirthDate>2015-03-27</PersonBirthDate><Sex>F</Sex></ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>HAND</Disability></Disabilities></ChildCharacteristics>
<CINdetails><CINreferralDate>2025-06-01</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode><Assessments><AssessmentActualStartDate>2025-06-02</AssessmentActualStartDate><AssessmentAuthorisationDate>2025-07-01</AssessmentAuthorisationDate><FactorsIdentifiedAtAssessment><AssessmentFactors>1C</AssessmentFactors><AssessmentFactors>4A</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>
<Section47><S47ActualStartDate>2025-06-03</S47ActualStartDate><InitialCPCtarget>2025-06-24</InitialCPCtarget><DateOfInitialCPC>2025-06-20</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired></Section47><ReferralNFA>false</ReferralNFA>
<ChildProtectionPlans><CPPstartDate>2025-06-20</CPPstartDate><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>0</NumberOfPreviousCPP><Reviews><CPPreviewDate>2025-09-20</CPPreviewDate></Reviews></ChildProtectionPlans></CINdetails></Child>
</Children></Message>"#;
    let ret = cin::xml_io::read("c.xml", xml.as_bytes()).unwrap();
    let imported = import::cin(&ret, "c.xml");
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    let people = people(&imported);
    let records: Vec<ChildRecord> = people
        .iter()
        .map(|(p, j)| ChildRecord {
            person: p,
            journey: Some(j),
        })
        .collect();
    let derived = derive::cin(&records, YEAR, "201");
    for t in [
        cin::C::ChildIdentifiers,
        cin::C::CinDetails,
        cin::C::Assessments,
        cin::C::AssessmentFactorsList,
        cin::C::Section47,
        cin::C::ChildProtectionPlans,
        cin::C::Reviews,
        cin::C::Disabilities,
    ] {
        assert_eq!(
            derived.table(t).rows(),
            ret.table(t).rows(),
            "table {}",
            t.name()
        );
    }
}
