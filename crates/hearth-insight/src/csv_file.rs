//! Reading the small CSV files a council loads for its own records (staff
//! contracts, the child population, comparator figures): a fixed header,
//! then one record per line. A file is taken whole or not at all, so every
//! problem is named by its line (the header is line 1) for the person
//! loading it to fix in one go.

/// Splits one CSV line into fields: double quotes around a field may hold
/// commas, and two double quotes inside are one.
pub fn fields(line: &str) -> Result<Vec<String>, &'static str> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => out.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    if quoted {
        return Err("a quoted field is not closed");
    }
    out.push(field);
    Ok(out)
}

/// The file's records after its header: each line's number and fields,
/// blank lines skipped. Problems with the header or a line's shape come
/// back as "Line N: ..." (a wrong header alone stops the reading).
pub fn records(text: &str, header: &[&str]) -> (Vec<(usize, Vec<String>)>, Vec<String>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines().enumerate();
    let header_ok = lines.next().is_some_and(|(_, h)| {
        fields(h).is_ok_and(|f| {
            f.iter()
                .map(|x| x.trim().to_ascii_lowercase())
                .collect::<Vec<_>>()
                == header
        })
    });
    if !header_ok {
        return (
            Vec::new(),
            vec![format!(
                "Line 1: the first line must be the header {}",
                header.join(",")
            )],
        );
    }
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in lines {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        match fields(line) {
            Ok(f) if f.len() == header.len() => out.push((n, f)),
            Ok(f) => problems.push(format!(
                "Line {n}: has {} fields, not the {} of the header",
                f.len(),
                header.len()
            )),
            Err(e) => problems.push(format!("Line {n}: {e}")),
        }
    }
    (out, problems)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_headers_and_line_numbers() {
        assert_eq!(
            fields("a,\"b, c\",\"say \"\"hi\"\"\",").unwrap(),
            vec!["a", "b, c", "say \"hi\"", ""]
        );
        assert!(fields("a,\"open").is_err());
        let (rows, problems) = records("\u{feff}X,Y\n1,2\n\n3\n4,\"5\n", &["x", "y"]);
        assert_eq!(rows, vec![(2, vec!["1".to_string(), "2".to_string()])]);
        assert_eq!(
            problems,
            vec![
                "Line 4: has 1 fields, not the 2 of the header",
                "Line 5: a quoted field is not closed"
            ]
        );
        let (_, problems) = records("a,b\n1,2\n", &["x", "y"]);
        assert_eq!(
            problems,
            vec!["Line 1: the first line must be the header x,y"]
        );
    }
}
