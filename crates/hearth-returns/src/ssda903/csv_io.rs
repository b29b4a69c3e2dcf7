//! Reading and writing the 903 as the DfE's CSV upload: one file per table.
//!
//! Files are recognised by name and, failing that, by their header row, so an
//! export from another system with its own file names still loads. A UTF-8
//! byte order mark, Windows line endings, spaces around values and columns in
//! any order are all accepted; a file whose header names no known table is an
//! error naming the file.

use std::path::Path;

use super::{Return903, T};
use crate::ReadError;

/// Which table a file holds, from its name or its header row.
pub fn table_for(file_name: &str, header: &[String]) -> Option<T> {
    let stem = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(file_name)
        .trim_end_matches(".csv")
        .trim_end_matches(".CSV")
        .to_ascii_lowercase();
    let by_name = match stem.as_str() {
        "header" => Some(T::Header),
        "episodes" => Some(T::Episodes),
        "reviews" => Some(T::Reviews),
        "uasc" => Some(T::Uasc),
        "oc2" => Some(T::Oc2),
        "oc3" => Some(T::Oc3),
        "ad1" => Some(T::Ad1),
        "placed_for_adoption" | "placed_for_adoption_errors" | "placedadoption" => {
            Some(T::PlacedAdoption)
        }
        "previous_permanence" | "prevperm" => Some(T::PrevPerm),
        "missing" => Some(T::Missing),
        "sw_episodes" | "swepisodes" => Some(T::SwEpisodes),
        "dolo" => Some(T::DoLo),
        _ => None,
    };
    by_name.or_else(|| {
        // The table whose columns the header covers best, if it covers all.
        T::ALL
            .iter()
            .copied()
            .filter(|t| {
                t.columns()
                    .iter()
                    .all(|c| header.iter().any(|h| h.eq_ignore_ascii_case(c)))
            })
            .max_by_key(|t| t.columns().len())
    })
}

/// Where a quoted value opens and is never closed, if one is: its line and
/// the position of its field in that row. The CSV parser would otherwise read
/// the rest of the file into that one value without complaint.
fn unclosed_quote(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut line = 1u64;
    let mut field = 0usize;
    let mut at_start = true;
    let mut quoted: Option<(u64, usize)> = None;
    let mut iter = bytes.iter().peekable();
    while let Some(&b) = iter.next() {
        if quoted.is_some() {
            match b {
                b'"' if iter.peek() == Some(&&b'"') => {
                    iter.next();
                }
                b'"' => {
                    quoted = None;
                    at_start = false;
                }
                b'\n' => line += 1,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' if at_start => quoted = Some((line, field)),
            b',' => {
                field += 1;
                at_start = true;
            }
            b'\n' | b'\r' => {
                line += u64::from(b == b'\n');
                field = 0;
                at_start = true;
            }
            _ => at_start = false,
        }
    }
    quoted
}

fn clean_header(h: &str) -> String {
    h.trim_start_matches('\u{feff}').trim().to_ascii_uppercase()
}

/// Reads one CSV file's bytes into the table it holds.
pub fn read_table(ret: &mut Return903, file_name: &str, bytes: &[u8]) -> Result<T, ReadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.len() > crate::table::MAX_TABLE_TEXT {
        return Err(ReadError::File {
            file: file_name.into(),
            message: "the file is larger than 4 GiB, far beyond any return".into(),
        });
    }
    if let Some((line, field)) = unclosed_quote(bytes) {
        let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
        let field = if line == 1 {
            "(the header row)".to_string()
        } else {
            String::from_utf8_lossy(first_line)
                .split(',')
                .nth(field)
                .map(clean_header)
                .unwrap_or_else(|| format!("column {}", field + 1))
        };
        return Err(ReadError::Field {
            file: file_name.into(),
            line,
            field,
            message: "a quoted value is never closed: its closing \" is missing".into(),
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let first = reader.byte_records().next();
    let header: Vec<String> = match first {
        Some(Ok(r)) => r
            .iter()
            .map(|f| clean_header(&String::from_utf8_lossy(f)))
            .collect(),
        Some(Err(e)) => {
            return Err(ReadError::Line {
                file: file_name.into(),
                line: 1,
                message: e.to_string(),
            })
        }
        None => {
            return Err(ReadError::File {
                file: file_name.into(),
                message: "the file is empty: it needs a header row naming its columns".into(),
            })
        }
    };
    let t = table_for(file_name, &header).ok_or_else(|| {
        let unknown: Vec<&str> = header
            .iter()
            .filter(|h| !T::ALL.iter().any(|t| t.columns().contains(&h.as_str())))
            .map(String::as_str)
            .collect();
        ReadError::Line {
            file: file_name.into(),
            line: 1,
            message: format!(
                "the header row ({}) is not one of the 903 tables{}",
                header.join(","),
                if unknown.is_empty() {
                    String::new()
                } else {
                    format!(": no table has the column(s) {}", unknown.join(", "))
                }
            ),
        }
    })?;
    let positions: Vec<Option<usize>> = t
        .columns()
        .iter()
        .map(|c| header.iter().position(|h| h == c))
        .collect();
    if positions[0].is_none() {
        return Err(ReadError::Line {
            file: file_name.into(),
            line: 1,
            message: "there is no CHILD column, so rows cannot be matched to children".into(),
        });
    }
    let table = ret.table_mut(t);
    table.present = true;
    // A row a line at most, and no more text than the file.
    let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
    table.reserve(lines, bytes.len());
    // One record reused for every row, and values copied straight into the
    // table's buffer: no allocation per row or cell.
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(ReadError::Line {
                    file: file_name.into(),
                    line: e.position().map_or(0, |p| p.line()),
                    message: e.to_string(),
                })
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        for (i, pos) in positions.iter().enumerate() {
            if let Some(v) = pos.and_then(|p| record.get(p)) {
                if std::str::from_utf8(v).is_err() {
                    return Err(ReadError::Field {
                        file: file_name.into(),
                        line,
                        field: t.columns()[i].into(),
                        message: "the value is not valid UTF-8 text".into(),
                    });
                }
            }
        }
        table.push_values(
            positions.iter().map(|pos| {
                pos.and_then(|p| record.get(p))
                    .and_then(|v| std::str::from_utf8(v).ok())
                    .unwrap_or("")
            }),
            line,
        );
    }
    table.shrink_to_fit();
    Ok(t)
}

/// Reads every `.csv` in a folder. Files that are not 903 tables are an error:
/// a misnamed or stray file should be noticed, not silently skipped.
pub fn read_dir(dir: &Path) -> Result<Return903, ReadError> {
    let mut ret = Return903::default();
    let entries = std::fs::read_dir(dir).map_err(|e| ReadError::File {
        file: dir.display().to_string(),
        message: e.to_string(),
    })?;
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")))
        .collect();
    files.sort();
    // The DfE's sample folders carry both `placed_for_adoption.csv` and a
    // `placed_for_adoption_errors.csv` variant; the plain one wins.
    let has_plain = files.iter().any(|p| {
        p.file_name()
            .is_some_and(|n| n.eq_ignore_ascii_case("placed_for_adoption.csv"))
    });
    files.retain(|p| {
        !(has_plain
            && p.file_name()
                .is_some_and(|n| n.eq_ignore_ascii_case("placed_for_adoption_errors.csv")))
    });
    let mut named = Vec::with_capacity(files.len());
    for path in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let bytes = std::fs::read(&path).map_err(|e| ReadError::File {
            file: name.clone(),
            message: e.to_string(),
        })?;
        named.push((name, bytes));
    }
    read_files(&mut ret, &named)?;
    Ok(ret)
}

/// Reads several files' tables into `ret`, each file on its own thread (a
/// national return's tables are large and independent), in name order.
pub fn read_files(ret: &mut Return903, files: &[(String, Vec<u8>)]) -> Result<(), ReadError> {
    let parsed: Vec<Result<Return903, ReadError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .iter()
            .map(|(name, bytes)| {
                scope.spawn(move || {
                    let mut one = Return903::default();
                    read_table(&mut one, name, bytes).map(|_| one)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(ReadError::File {
                        file: "a file".into(),
                        message: "could not be read".into(),
                    })
                })
            })
            .collect()
    });
    for one in parsed {
        let one = one?;
        for (into, from) in ret.tables.iter_mut().zip(one.tables) {
            if from.present {
                if into.present || !into.is_empty() {
                    into.append(&from);
                } else {
                    *into = from;
                }
            }
        }
    }
    Ok(())
}

/// Reads a folder holding either the CSV upload or an XML export: the `.csv`
/// files when there are any (as [`read_dir`]), else its one `.xml` file. More
/// than one XML file is an error rather than a guess at which is the return
/// (the sector's validator silently reads only the first).
pub fn read_dir_any(dir: &Path) -> Result<Return903, ReadError> {
    let entries = std::fs::read_dir(dir).map_err(|e| ReadError::File {
        file: dir.display().to_string(),
        message: e.to_string(),
    })?;
    let paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    let has_ext = |p: &Path, ext: &str| p.extension().is_some_and(|x| x.eq_ignore_ascii_case(ext));
    if paths.iter().any(|p| has_ext(p, "csv")) {
        return read_dir(dir);
    }
    let mut xml: Vec<_> = paths.into_iter().filter(|p| has_ext(p, "xml")).collect();
    xml.sort();
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default()
    };
    match xml.as_slice() {
        [] => Err(ReadError::File {
            file: dir.display().to_string(),
            message: "the folder has no .csv or .xml files".into(),
        }),
        [path] => {
            let bytes = std::fs::read(path).map_err(|e| ReadError::File {
                file: name(path),
                message: e.to_string(),
            })?;
            super::xml_io::read(&name(path), &bytes)
        }
        more => Err(ReadError::File {
            file: dir.display().to_string(),
            message: format!(
                "the folder holds {} XML files ({}): a 903 return is one XML file",
                more.len(),
                more.iter().map(|p| name(p)).collect::<Vec<_>>().join(", ")
            ),
        }),
    }
}

/// One table as the DfE's CSV: header row, then rows, `\r\n`-free.
pub fn write_table(ret: &Return903, t: T) -> String {
    let table = ret.table(t);
    let mut out = t.columns().join(",");
    out.push('\n');
    for r in 0..table.len() {
        let cells: Vec<String> = table
            .row(r)
            .map(|v| {
                if v.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", v.replace('"', "\"\""))
                } else {
                    v.to_string()
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// Writes every present table into `dir`, one file each.
pub fn write_dir(ret: &Return903, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for &t in T::ALL {
        if ret.table(t).present {
            std::fs::write(dir.join(t.file_name()), write_table(ret, t))?;
        }
    }
    Ok(())
}
