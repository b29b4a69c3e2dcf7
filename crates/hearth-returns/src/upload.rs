//! A return as a data team uploads it: CSV tables, XML, or a zip of either,
//! recognised by what the files hold rather than by what they are called.

use std::io::Read;

use crate::cin::{self, CinReturn};
use crate::finding::Finding;
use crate::rule_info::RuleInfo;
use crate::ssda903::{self, Return903};
use crate::ReadError;

/// An uploaded return, read.
pub enum Upload {
    Ssda903(Return903),
    Cin(CinReturn),
}

/// The largest file a zip may expand to, so a crafted zip cannot exhaust
/// the server's memory.
const MAX_EXPANDED: u64 = 256 * 1024 * 1024;

fn expand(name: &str, bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, ReadError> {
    let bad = |message: String| ReadError::File {
        file: name.to_string(),
        message,
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| bad(format!("this is not a zip file that can be read: {e}")))?;
    let mut out = Vec::new();
    let mut total = 0u64;
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| bad(format!("a file in the zip cannot be read: {e}")))?;
        if entry.is_dir() {
            continue;
        }
        let inner = entry
            .name()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string();
        if inner.starts_with('.') || inner.is_empty() {
            continue;
        }
        let mut data = Vec::new();
        let limit = MAX_EXPANDED.saturating_sub(total) + 1;
        (&mut entry)
            .take(limit)
            .read_to_end(&mut data)
            .map_err(|e| bad(format!("{inner} cannot be read from the zip: {e}")))?;
        total += data.len() as u64;
        if total > MAX_EXPANDED {
            return Err(bad("the zip expands to more than 256 MB".into()));
        }
        out.push((format!("{name}/{inner}"), data));
    }
    Ok(out)
}

fn is_census(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    String::from_utf8_lossy(head).contains("<Message")
}

/// Reads uploaded files (name and bytes) as one return.
pub fn read(files: Vec<(String, Vec<u8>)>) -> Result<Upload, ReadError> {
    let mut flat = Vec::new();
    for (name, bytes) in files {
        if name.to_ascii_lowercase().ends_with(".zip") {
            flat.extend(expand(&name, &bytes)?);
        } else {
            flat.push((name, bytes));
        }
    }
    flat.retain(|(n, _)| {
        let n = n.to_ascii_lowercase();
        n.ends_with(".csv") || n.ends_with(".xml")
    });
    if flat.is_empty() {
        return Err(ReadError::File {
            file: "the upload".into(),
            message: "there is no .csv or .xml file in it".into(),
        });
    }
    let short = |n: &str| n.rsplit('/').next().unwrap_or(n).to_string();
    if let Some((name, bytes)) = flat
        .iter()
        .find(|(n, b)| n.to_ascii_lowercase().ends_with(".xml") && is_census(b))
    {
        if flat.len() > 1 {
            return Err(ReadError::File {
                file: short(name),
                message: "a census is one XML file: upload it on its own".into(),
            });
        }
        return Ok(Upload::Cin(cin::xml_io::read(&short(name), bytes)?));
    }
    let xml: Vec<&(String, Vec<u8>)> = flat
        .iter()
        .filter(|(n, _)| n.to_ascii_lowercase().ends_with(".xml"))
        .collect();
    if let Some((name, bytes)) = xml.first() {
        if flat.len() > 1 {
            return Err(ReadError::File {
                file: short(name),
                message:
                    "a 903 XML return is one file: upload it on its own, or the CSV tables instead"
                        .into(),
            });
        }
        return Ok(Upload::Ssda903(ssda903::xml_io::read(&short(name), bytes)?));
    }
    let mut ret = Return903::default();
    for (name, bytes) in &flat {
        ssda903::csv_io::read_table(&mut ret, &short(name), bytes)?;
    }
    Ok(Upload::Ssda903(ret))
}

/// The values a finding is about: each of the rule's fields present in the
/// flagged row, as `FIELD: value` (blank shown as such).
pub fn values(table: Option<&crate::Table>, finding: &Finding, rule: Option<&RuleInfo>) -> String {
    let (Some(table), Some(rule)) = (table, rule) else {
        return String::new();
    };
    let Ok(row) = usize::try_from(finding.row_id) else {
        return String::new();
    };
    rule.fields
        .iter()
        .filter_map(|f| table.col(f).map(|c| (f, table.get(row, c))))
        .map(|(f, v)| {
            if v.is_empty() {
                format!("{f}: (blank)")
            } else {
                format!("{f}: {v}")
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

impl Upload {
    /// The table a finding names, for showing its values.
    pub fn table(&self, name: &str) -> Option<&crate::Table> {
        match self {
            Upload::Ssda903(r) => r.tables.iter().find(|t| t.name == name),
            Upload::Cin(r) => r.tables.iter().find(|t| t.name == name),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::io::Write;

    fn zip_of(files: &[(&str, &str)]) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            for (name, text) in files {
                w.start_file(*name, zip::write::SimpleFileOptions::default())
                    .unwrap();
                w.write_all(text.as_bytes()).unwrap();
            }
            w.finish().unwrap();
        }
        buf.into_inner()
    }

    #[test]
    fn a_zip_of_csv_tables_reads_as_a_903() {
        let z = zip_of(&[
            (
                "return/header.csv",
                "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1,M,01/01/2015,WBRI,,,\n",
            ),
            ("return/notes.txt", "ignored"),
        ]);
        let Upload::Ssda903(r) = read(vec![("r.zip".into(), z)]).unwrap() else {
            panic!("expected a 903");
        };
        assert_eq!(r.table(ssda903::T::Header).len(), 1);
    }

    #[test]
    fn a_bad_file_in_a_zip_is_named() {
        let z = zip_of(&[("episodes.csv", "CHILD,DECOM\n1,\"unterminated\n")]);
        let e = read(vec![("r.zip".into(), z)]).err().unwrap().to_string();
        assert!(e.starts_with("episodes.csv"), "{e}");
        let e = read(vec![("r.zip".into(), b"not a zip".to_vec())])
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("r.zip") && e.contains("not a zip"), "{e}");
    }
}
