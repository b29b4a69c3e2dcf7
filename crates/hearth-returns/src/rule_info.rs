//! The DfE rule lists: each rule's code, message, fields and tables, embedded
//! from the collection's published rule information so a finding always
//! carries the wording a data team will see from the DfE portal.

use crate::RuleType;

/// One rule as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    pub code: String,
    pub message: String,
    pub fields: Vec<String>,
    /// The tables the rule reads. `Episodes_last` and the like are the
    /// previous year's return.
    pub tables: Vec<String>,
    pub rule_type: RuleType,
}

const SSDA903_2026: &str = include_str!("../data/903_2025_26_rule_info.csv");
const SSDA903_2027: &str = include_str!("../data/903_2026_27_rule_info.csv");
const CIN_2026: &str = include_str!("../data/cin_2025_26_rule_info.csv");

/// Parses a Python-style list (`['A', 'B']`) or a `;`-separated list.
fn list(s: &str) -> Vec<String> {
    s.trim_matches(|c| c == '[' || c == ']')
        .split([',', ';'])
        .map(|p| {
            p.trim()
                .trim_matches('\'')
                .trim_matches('"')
                .trim()
                .to_string()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

fn read(text: &str) -> Vec<csv::StringRecord> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes())
        .records()
        .filter_map(Result::ok)
        .collect()
}

/// The 903 rules of the collection ending in `year` (2026 or 2027; other
/// years get the 2025/26 list, the newest fully supported).
pub fn ssda903(year: i32) -> Vec<RuleInfo> {
    let text = if year >= 2027 {
        SSDA903_2027
    } else {
        SSDA903_2026
    };
    read(text)
        .into_iter()
        .map(|r| RuleInfo {
            code: r.get(0).unwrap_or_default().trim().to_string(),
            message: r.get(1).unwrap_or_default().to_string(),
            fields: list(r.get(2).unwrap_or_default()),
            tables: list(r.get(3).unwrap_or_default()),
            rule_type: RuleType::Error,
        })
        .collect()
}

/// The CIN census rules of 2025/26.
pub fn cin() -> Vec<RuleInfo> {
    read(CIN_2026)
        .into_iter()
        .map(|r| RuleInfo {
            code: r.get(0).unwrap_or_default().trim().to_string(),
            rule_type: if r.get(1).unwrap_or_default().eq_ignore_ascii_case("QUERY") {
                RuleType::Query
            } else {
                RuleType::Error
            },
            tables: list(r.get(2).unwrap_or_default()),
            fields: list(r.get(3).unwrap_or_default()),
            message: r.get(4).unwrap_or_default().to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_rule_of_each_list_is_read() {
        assert_eq!(super::ssda903(2026).len(), 316);
        let cin = super::cin();
        assert_eq!(cin.len(), 109);
        let queries = cin
            .iter()
            .filter(|r| r.rule_type == crate::RuleType::Query)
            .count();
        assert_eq!((cin.len() - queries, queries), (83, 26));
        let r1001 = super::ssda903(2026).into_iter().find(|r| r.code == "1001");
        assert_eq!(
            r1001.map(|r| r.tables),
            Some(vec![
                "Episodes".into(),
                "Episodes_last".into(),
                "Header".into(),
                "OC3".into()
            ])
        );
    }
}
