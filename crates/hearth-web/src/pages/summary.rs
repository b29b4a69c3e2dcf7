//! The printable family summary for a conference or a court bundle: who is
//! in the family, the genogram, and what the practice tools hold (mapping,
//! scaling, specialists, the chronology's analysis and significant events),
//! drawn from the records rather than typed again. One read through the
//! chokepoint; restricted people the reader is not named on are left out,
//! with anything about them.

use super::family::{load_family, Names};
use super::pictures::network_of;
use super::practice::mapping::{self, MappingView};
use super::practice::scaling::{question_views, QuestionView};
use super::{render, request_id, Path};
use crate::authz::Chokepoint;
use crate::error::WebError;
use crate::pictures::{genogram, Picture};
use crate::security::RequestId;
use crate::session::SignedIn;
use crate::views::{self, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use axum::Extension;
use hearth_core::chronology::{build, Filter};
use hearth_core::ids::{FamilyId, PersonId};
use hearth_core::practice::{PracticeRecord, Tool};
use std::collections::HashMap;

/// A section of the summary in a shape every tool can fill: a heading, a
/// line of context, and labelled entries each with lines of text.
pub struct Section {
    pub heading: String,
    pub intro: String,
    pub entries: Vec<(String, Vec<String>)>,
}

pub struct PersonRow {
    pub name: String,
    pub role: &'static str,
    pub born: String,
    pub age: String,
    pub lead: String,
}

#[derive(Template)]
#[template(path = "family_summary.html")]
pub struct SummaryPage {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub produced: String,
    pub produced_by: String,
    pub people: Vec<PersonRow>,
    pub genogram: Picture,
    pub mapping: Option<MappingView>,
    pub scaling: Vec<QuestionView>,
    pub sections: Vec<Section>,
    pub significant: Vec<(String, String)>,
}

/// What each tool adds to the summary, newest first within a tool. Tools
/// with pages of their own in the summary (mapping, scaling) are not here.
fn sections(
    records: &[PracticeRecord],
    name_of: &dyn Fn(PersonId) -> String,
    staff: &HashMap<hearth_core::ids::UserId, String>,
) -> Vec<Section> {
    let who = |u: &hearth_core::ids::UserId| staff.get(u).cloned().unwrap_or_default();
    let mut out = Vec::new();
    let of = |kind: &str| -> Vec<&PracticeRecord> {
        let mut v: Vec<&PracticeRecord> =
            records.iter().filter(|r| r.tool.kind() == kind).collect();
        v.sort_by_key(|r| std::cmp::Reverse(r.on));
        v
    };
    let today = views::today();
    out.extend(plan_sections(records));
    let views_: Vec<(String, Vec<String>)> = of("childs_views")
        .into_iter()
        .filter_map(|r| match &r.tool {
            Tool::ChildsViews(v) => Some((
                format!(
                    "{}, {}",
                    v.child.map(name_of).unwrap_or_default(),
                    views::date(r.on)
                ),
                hearth_core::practice::voice::ChildsViews::SECTIONS
                    .iter()
                    .filter(|(f, _, _)| !v.section(f).trim().is_empty())
                    .map(|(f, heading, _)| format!("{heading}: {}", v.section(f).trim()))
                    .collect(),
            )),
            _ => None,
        })
        .collect();
    if !views_.is_empty() {
        out.push(Section {
            heading: "The children's views, in their own words".into(),
            intro: String::new(),
            entries: views_,
        });
    }
    let hypotheses: Vec<(String, Vec<String>)> = of("hypothesis")
        .into_iter()
        .filter_map(|r| match &r.tool {
            Tool::Hypothesis(h) => Some((
                h.statement.clone(),
                vec![
                    format!("{} (held by {})", h.current_status().label(), h.held_by),
                    format!("Evidence for: {}", h.evidence_for),
                    format!("Evidence against: {}", h.evidence_against),
                ],
            )),
            _ => None,
        })
        .collect();
    if !hypotheses.is_empty() {
        out.push(Section {
            heading: "Hypotheses".into(),
            intro: "Ideas about what is happening and why, with the evidence so far.".into(),
            entries: hypotheses,
        });
    }
    let feedback: Vec<&hearth_core::practice::conference::Feedback> = records
        .iter()
        .filter_map(|r| match &r.tool {
            Tool::Feedback(f) => Some(f),
            _ => None,
        })
        .collect();
    if !feedback.is_empty() {
        out.push(Section {
            heading: "What the family say about the work".into(),
            intro: format!(
                "{} responses, average on a scale of 1 to 5.",
                feedback.len()
            ),
            entries: hearth_core::practice::conference::averages(feedback.iter().copied())
                .into_iter()
                .map(|q| {
                    (
                        q.question.to_string(),
                        vec![q
                            .average
                            .map(|a| format!("{a:.1} ({} answered)", q.answers))
                            .unwrap_or_else(|| "Not answered".into())],
                    )
                })
                .collect(),
        });
    }
    let specialists: Vec<(String, Vec<String>)> = of("specialist")
        .into_iter()
        .filter_map(|r| match &r.tool {
            Tool::Specialist(i) if i.is_current(today) => Some((
                format!("{} ({})", who(&i.specialist), i.specialism.label()),
                vec![
                    format!(
                        "Working with {}",
                        i.adults
                            .iter()
                            .map(|a| name_of(a.adult))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    i.focus.clone(),
                    format!("Since {}", views::date(i.start)),
                ],
            )),
            _ => None,
        })
        .collect();
    if !specialists.is_empty() {
        out.push(Section {
            heading: "Adult specialists".into(),
            intro: "Specialists working with the adults now.".into(),
            entries: specialists,
        });
    }
    let sharing: Vec<(String, Vec<String>)> = of("sharing")
        .into_iter()
        .filter_map(|r| match &r.tool {
            Tool::Sharing(x) if x.in_force(today) => Some((
                x.agency.clone(),
                vec![
                    x.purpose.clone(),
                    format!("{} from {}", x.basis.label(), views::date(x.from)),
                ],
            )),
            _ => None,
        })
        .collect();
    if !sharing.is_empty() {
        out.push(Section {
            heading: "Information shared with partner agencies".into(),
            intro: "Sharing decisions in force.".into(),
            entries: sharing,
        });
    }
    if let Some(r) = of("chronology_analysis").first() {
        if let Tool::ChronologyAnalysis(a) = &r.tool {
            out.push(Section {
                heading: "Analysis of the chronology".into(),
                intro: format!(
                    "Written {}{}.",
                    views::date(r.on),
                    if a.covers.is_empty() {
                        String::new()
                    } else {
                        format!(", covering {}", a.covers)
                    }
                ),
                entries: vec![(
                    String::new(),
                    a.analysis
                        .split("\n\n")
                        .map(|p| p.trim().to_string())
                        .filter(|p| !p.is_empty())
                        .collect(),
                )],
            });
        }
    }
    out
}

/// The latest safety plan and the latest family group conference plan:
/// what the family page, the summary and a partner with them shared show.
pub fn plan_sections(records: &[PracticeRecord]) -> Vec<Section> {
    let latest = |kind: &str| {
        records
            .iter()
            .filter(|r| r.tool.kind() == kind)
            .max_by_key(|r| (r.on, r.version))
    };
    let mut out = Vec::new();
    if let Some(r) = latest("safety_plan") {
        if let Tool::SafetyPlan(p) = &r.tool {
            let mut entries: Vec<(String, Vec<String>)> = p
                .rules
                .iter()
                .map(|x| {
                    (
                        x.what.clone(),
                        vec![
                            format!("Who: {}", x.who),
                            format!("How we will know: {}", x.check),
                        ],
                    )
                })
                .collect();
            if !p.network.is_empty() {
                entries.push((
                    "The safety network".into(),
                    p.network
                        .iter()
                        .map(|m| {
                            format!(
                                "{}: {}{}",
                                m.name,
                                m.role,
                                if m.agreed { "" } else { " (not yet agreed)" }
                            )
                        })
                        .collect(),
                ));
            }
            out.push(Section {
                heading: "Safety plan".into(),
                intro: format!("Agreed {}.", views::date(r.on)),
                entries,
            });
        }
    }
    if let Some(r) = latest("conference") {
        if let Tool::Conference(c) = &r.tool {
            if !c.plan.is_empty() {
                out.push(Section {
                    heading: "The family's plan".into(),
                    intro: match c.held_on {
                        Some(d) => {
                            format!("From the family group conference held {}.", views::date(d))
                        }
                        None => "From the family group conference (not yet held).".into(),
                    },
                    entries: c
                        .plan
                        .iter()
                        .map(|i| {
                            (
                                i.what.clone(),
                                vec![
                                    format!("Who: {}", i.who),
                                    format!("By when: {}", i.when),
                                    format!("How it will be checked: {}", i.check),
                                ],
                            )
                        })
                        .collect(),
                });
            }
        }
    }
    out
}

pub async fn page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
) -> Result<Html<String>, WebError> {
    let gate = Chokepoint::new(&state, &s.user, request_id(&rid));
    let view = load_family(&state, &gate, s.user.id(), id).await?;
    let store = &state.store;
    let today = views::today();
    let mut names = Names::new(&state);
    let mut people = Vec::new();
    for (p, _) in &view.members {
        people.push(PersonRow {
            name: p.details.full_name(),
            role: p.kind.label(),
            born: views::opt_date(p.details.date_of_birth),
            age: views::age_words(p.details.date_of_birth, today),
            lead: match p.lead_practitioner() {
                Some(u) => names.practitioner(u).await?,
                None => String::new(),
            },
        });
    }
    let net = network_of(&state, &view).await?;
    let genogram = genogram::draw(&net, today, "summary-genogram");
    let names_by_id: HashMap<PersonId, String> = view
        .members
        .iter()
        .map(|(p, _)| (p.id, p.details.full_name()))
        .collect();
    let name_of = |id: PersonId| {
        names_by_id
            .get(&id)
            .cloned()
            .unwrap_or_else(|| "Someone not shown".into())
    };
    // Records about anyone the reader may not see are left out whole.
    let records: Vec<PracticeRecord> = store
        .practice_where("family", &id.to_string())
        .await?
        .into_iter()
        .filter(|r| r.is_current() && !r.about.iter().any(|p| view.hidden.contains(p)))
        .collect();
    let mut staff = HashMap::new();
    for r in &records {
        if let Tool::Specialist(i) = &r.tool {
            staff.insert(i.specialist, names.practitioner(i.specialist).await?);
        }
    }
    let mapping = records
        .iter()
        .filter(|r| r.tool.kind() == "mapping")
        .max_by_key(|r| (r.on, r.version))
        .and_then(|r| match &r.tool {
            Tool::Mapping(m) => Some(mapping::view(&name_of, r, m)),
            _ => None,
        });
    let scaling_records: Vec<PracticeRecord> = records
        .iter()
        .filter(|r| r.tool.kind() == "scaling")
        .cloned()
        .collect();
    // Significant events from the family's chronology, oldest first as a
    // bundle reads; the family chronology already leaves out what a
    // restricted person's record would refuse.
    let events = super::chronology::RestrictedFilter::new(&state, s.user.id())
        .events(store.events_about(id.0).await?)
        .await?;
    let mut significant: Vec<(String, String)> = build(
        id.0,
        &events,
        &Filter {
            significant_only: true,
            ..Default::default()
        },
    )
    .into_iter()
    .map(|i| (views::date(i.occurred_on), i.summary))
    .collect();
    significant.reverse();
    render(SummaryPage {
        chrome: Chrome::for_user(&s, format!("Family summary: {}", view.family.name), ""),
        family_id: id.to_string(),
        name: view.family.name.clone(),
        produced: views::date(today),
        produced_by: s.user.practitioner.display_name.clone(),
        people,
        genogram,
        mapping,
        scaling: question_views(&scaling_records),
        sections: sections(&records, &name_of, &staff),
        significant,
    })
}
