//! The data team's returns page: upload a 903 or census return (CSV tables,
//! XML, or a zip of them), see what every rule of the year finds, by rule and
//! by child with the DfE's message and the values concerned, open the child's
//! record, and download the report as CSV.
//!
//! Nothing uploaded is stored: the return is validated in memory and only the
//! report is kept, for an hour, for the person who uploaded it.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::Path;
use super::{render, request_id};
use crate::authz::Chokepoint;
use crate::error::WebError;
use crate::security::RequestId;
use crate::session::SignedIn;
use crate::views::{Chrome, FieldError, FormPage};
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::Extension;
use hearth_core::access::{Action, Refusal};
use hearth_core::ids::UserId;
use hearth_core::model::Discipline;
use hearth_returns::finding::csv_field;
use hearth_returns::rule_info::{self, RuleInfo};
use hearth_returns::upload::{self, Upload};
use hearth_returns::{cin, ssda903, CollectionYear, Finding};

/// Reports kept for download: id -> (who, when, CSV).
#[derive(Default)]
pub struct Reports(Mutex<HashMap<String, (UserId, Instant, String)>>);

const KEEP: Duration = Duration::from_secs(3600);

impl Reports {
    fn put(&self, user: UserId, csv: String) -> String {
        let id = uuid::Uuid::new_v4().simple().to_string();
        if let Ok(mut m) = self.0.lock() {
            m.retain(|_, (_, at, _)| at.elapsed() < KEEP);
            // A bounded store: the oldest report goes first.
            while m.len() >= 50 {
                let oldest = m
                    .iter()
                    .min_by_key(|(_, (_, at, _))| *at)
                    .map(|(k, _)| k.clone());
                match oldest {
                    Some(k) => m.remove(&k),
                    None => break,
                };
            }
            m.insert(id.clone(), (user, Instant::now(), csv));
        }
        id
    }

    fn get(&self, user: UserId, id: &str) -> Option<String> {
        let m = self.0.lock().ok()?;
        m.get(id)
            .filter(|(u, at, _)| *u == user && at.elapsed() < KEEP)
            .map(|(_, _, csv)| csv.clone())
    }
}

fn may_use(s: &SignedIn) -> Result<(), WebError> {
    if s.user.is(Discipline::DataTeam) || s.user.is(Discipline::Manager) {
        Ok(())
    } else {
        Err(WebError::Refused(Refusal::NotPermittedForRole, None))
    }
}

pub struct RuleRow {
    pub code: &'static str,
    pub kind: &'static str,
    pub findings: usize,
    pub children: usize,
    pub message: String,
}

pub struct ChildRow {
    pub child: String,
    pub person: Option<String>,
    pub findings: usize,
    pub rules: String,
}

pub struct FindingRow {
    pub child: String,
    pub rule: &'static str,
    pub kind: &'static str,
    pub place: String,
    pub values: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "returns.html")]
pub struct ReturnsPage {
    pub chrome: Chrome,
    pub errors: Vec<FieldError>,
    pub year: i32,
    pub years: Vec<i32>,
    pub result: Option<Outcome>,
}

crate::form_page!(ReturnsPage);

pub struct Outcome {
    pub collection: &'static str,
    pub children: usize,
    pub rows: usize,
    pub errors: usize,
    pub queries: usize,
    pub by_rule: Vec<RuleRow>,
    pub by_child: Vec<ChildRow>,
    pub more_children: usize,
    pub findings: Vec<FindingRow>,
    pub more_findings: usize,
    pub report: String,
}

fn years() -> Vec<i32> {
    vec![2027, 2026, 2025]
}

pub async fn page(s: SignedIn) -> Result<Html<String>, WebError> {
    may_use(&s)?;
    render(ReturnsPage {
        chrome: Chrome::for_user(&s, "Check a statutory return", "returns"),
        errors: vec![],
        year: 2026,
        years: years(),
        result: None,
    })
}

const SHOWN_FINDINGS: usize = 500;
const SHOWN_CHILDREN: usize = 200;

pub async fn upload(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    mut form: Multipart,
) -> Result<Response, WebError> {
    may_use(&s)?;
    let mut files = Vec::new();
    let mut year = 2026;
    while let Ok(Some(field)) = form.next_field().await {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let Ok(bytes) = field.bytes().await else {
            return Err(WebError::BadRequest("The upload could not be read.".into()));
        };
        match (name.as_str(), file_name) {
            ("year", _) => {
                year = String::from_utf8_lossy(&bytes)
                    .trim()
                    .parse()
                    .unwrap_or(2026);
            }
            ("files", Some(f)) if !f.is_empty() && !bytes.is_empty() => {
                files.push((f, bytes.to_vec()))
            }
            _ => {}
        }
    }
    let year = if years().contains(&year) { year } else { 2026 };
    let failed = |message: String| ReturnsPage {
        chrome: Chrome::for_user(&s, "Error: Check a statutory return", "returns"),
        errors: vec![FieldError::new("files", message)],
        year,
        years: years(),
        result: None,
    };
    if files.is_empty() {
        let page =
            failed("Choose the return's files: its CSV tables, its XML, or a zip of them".into());
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response());
    }
    let read = tokio::task::spawn_blocking(move || upload::read(files))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let ret = match read {
        Ok(r) => r,
        Err(e) => {
            let page = failed(format!("The return could not be read: {e}"));
            return Ok(
                (axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response(),
            );
        }
    };
    let cy = CollectionYear(year);
    let (ret, findings, rules, collection, children) = tokio::task::spawn_blocking(move || {
        let (findings, rules, collection, children) = match &ret {
            Upload::Ssda903(r) => (
                ssda903::validate(r, None, cy),
                rule_info::ssda903(year),
                "SSDA903 return",
                r.children(),
            ),
            Upload::Cin(r) => (
                cin::validate(r, cy),
                rule_info::cin(),
                "CIN census",
                r.children,
            ),
        };
        (ret, findings, rules, collection, children)
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?;
    let info: HashMap<&str, &RuleInfo> = rules.iter().map(|r| (r.code.as_str(), r)).collect();
    let report = report_csv(&ret, &findings, &info);
    let report_id = state.reports.put(s.user.id(), report);
    let outcome = outcome(
        &state, &s, &rid, &ret, &findings, &info, collection, children, report_id,
    )
    .await?;
    render(ReturnsPage {
        chrome: Chrome::for_user(&s, "Check a statutory return", "returns"),
        errors: vec![],
        year,
        years: years(),
        result: Some(outcome),
    })
    .map(IntoResponse::into_response)
}

fn message(info: &HashMap<&str, &RuleInfo>, code: &str) -> String {
    info.get(code)
        .map(|r| r.message.trim().to_string())
        .unwrap_or_default()
}

fn place(f: &Finding) -> String {
    if f.row_id < 0 {
        "The return as a whole".into()
    } else {
        format!("{} row {}", f.table, f.row_id + 1)
    }
}

/// The full report: each finding with its message and values.
fn report_csv(ret: &Upload, findings: &[Finding], info: &HashMap<&str, &RuleInfo>) -> String {
    let mut out = String::from("child_id,rule_code,table,row_id,rule_type,message,values\n");
    for f in findings {
        let values = upload::values(ret.table(f.table), f, info.get(f.rule_code).copied());
        out.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            csv_field(&f.child_id),
            f.rule_code,
            f.table,
            f.row_id,
            f.rule_type.as_str(),
            csv_field(&message(info, f.rule_code)),
            csv_field(&values)
        ));
    }
    out
}

#[allow(clippy::too_many_arguments)]
async fn outcome(
    state: &AppState,
    s: &SignedIn,
    rid: &Option<Extension<RequestId>>,
    ret: &Upload,
    findings: &[Finding],
    info: &HashMap<&str, &RuleInfo>,
    collection: &'static str,
    children: usize,
    report: String,
) -> Result<Outcome, WebError> {
    let mut rules: BTreeMap<&'static str, (usize, Vec<&str>, &'static str)> = BTreeMap::new();
    let mut kids: BTreeMap<&str, (usize, Vec<&'static str>)> = BTreeMap::new();
    for f in findings {
        let r = rules
            .entry(f.rule_code)
            .or_insert((0, Vec::new(), f.rule_type.as_str()));
        r.0 += 1;
        r.1.push(&f.child_id);
        if !f.child_id.is_empty() {
            let k = kids.entry(&f.child_id).or_default();
            k.0 += 1;
            if !k.1.contains(&f.rule_code) {
                k.1.push(f.rule_code);
            }
        }
    }
    let mut by_rule: Vec<RuleRow> = rules
        .into_iter()
        .map(|(code, (n, mut c, kind))| {
            c.sort_unstable();
            c.dedup();
            RuleRow {
                code,
                kind,
                findings: n,
                children: c.iter().filter(|x| !x.is_empty()).count(),
                message: message(info, code),
            }
        })
        .collect();
    by_rule.sort_by(|a, b| b.findings.cmp(&a.findings).then(a.code.cmp(b.code)));
    let mut kids: Vec<(&str, (usize, Vec<&'static str>))> = kids.into_iter().collect();
    kids.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    let more_children = kids.len().saturating_sub(SHOWN_CHILDREN);
    kids.truncate(SHOWN_CHILDREN);
    // Children the record knows (by the council's id) and the viewer may
    // see get a link to their record; each look-up is audited.
    let gate = Chokepoint::new(state, &s.user, request_id(rid));
    let mut people = Vec::new();
    for (child, _) in &kids {
        if let Some(p) = state
            .store
            .people_where("la_id", child)
            .await?
            .into_iter()
            .next()
        {
            people.push(p);
        }
    }
    let visible = gate.visible(people, Action::ReadIdentity).await?;
    let linked: HashMap<String, String> = visible
        .iter()
        .filter_map(|p| {
            p.details
                .la_person_id
                .as_ref()
                .map(|l| (l.as_str().to_string(), p.id.to_string()))
        })
        .collect();
    let by_child = kids
        .into_iter()
        .map(|(child, (n, rules))| ChildRow {
            child: child.to_string(),
            person: linked.get(child).cloned(),
            findings: n,
            rules: rules.join(", "),
        })
        .collect();
    let shown: Vec<FindingRow> = findings
        .iter()
        .take(SHOWN_FINDINGS)
        .map(|f| FindingRow {
            child: f.child_id.to_string(),
            rule: f.rule_code,
            kind: f.rule_type.as_str(),
            place: place(f),
            values: upload::values(ret.table(f.table), f, info.get(f.rule_code).copied()),
            message: message(info, f.rule_code),
        })
        .collect();
    let errors = findings
        .iter()
        .filter(|f| f.rule_type == hearth_returns::RuleType::Error)
        .count();
    Ok(Outcome {
        collection,
        children,
        rows: findings.len(),
        errors,
        queries: findings.len() - errors,
        by_rule,
        by_child,
        more_children,
        more_findings: findings.len().saturating_sub(SHOWN_FINDINGS),
        findings: shown,
        report,
    })
}

pub async fn download(
    State(state): State<AppState>,
    s: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    may_use(&s)?;
    let csv = state
        .reports
        .get(s.user.id(), &id)
        .ok_or(WebError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"return-report.csv\"",
            ),
        ],
        csv,
    )
        .into_response())
}
