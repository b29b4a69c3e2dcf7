//! A unit's pages: the unit (its consultant and members, its caseload of
//! families with their children and lead practitioners, its weekly
//! meetings, and the discussions awaiting sign-off), and its meetings (see
//! [`meeting`]). Every page asks the chokepoint about the unit first, which
//! audits the read or write with the unit as the subject; each family shown
//! is itself read through the chokepoint.

pub mod meeting;

use super::family::Names;
use super::{render, request_id, Path};
use crate::authz::Chokepoint;
use crate::error::WebError;
use crate::pages::practice::discussion::discussions;
use crate::pages::practice::FamilyWork;
use crate::security::RequestId;
use crate::session::SignedIn;
use crate::views::{self, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use axum::Extension;
use hearth_core::access::Action;
use hearth_core::ids::{PracticeId, UnitId};
use hearth_core::model::{Family, PersonKind, Practitioner, Unit};
use hearth_core::practice::discussion::{AgendaFacts, CaseDiscussion, UnitMeeting};
use hearth_core::practice::{PracticeRecord, Scope, Tool};
use time::Date;

/// The unit's current members, the consultant first, then by name. The
/// consultant is included even if their membership is not recorded.
pub async fn members_of(state: &AppState, unit: &Unit) -> Result<Vec<Practitioner>, WebError> {
    let mut v: Vec<Practitioner> = state
        .store
        .practitioners_where("unit", &unit.id.to_string())
        .await?
        .into_iter()
        .filter(|p| p.active && p.current_memberships().any(|m| m.unit_id == Some(unit.id)))
        .collect();
    if let Some(c) = unit.consultant {
        if !v.iter().any(|p| p.id == c) {
            if let Some(p) = state.store.practitioner(c).await? {
                v.push(p);
            }
        }
    }
    v.sort_by_key(|p| (Some(p.id) != unit.consultant, p.display_name.clone()));
    Ok(v)
}

/// One of the unit's meetings (not another unit's, nor a removed one).
pub async fn meeting_of(
    state: &AppState,
    unit: UnitId,
    id: PracticeId,
) -> Result<Option<(PracticeRecord, UnitMeeting)>, WebError> {
    Ok(match state.store.practice(id).await? {
        Some(r) if r.scope == Scope::Unit(unit) && r.is_current() => match &r.tool {
            Tool::UnitMeeting(m) => {
                let m = m.clone();
                Some((r, m))
            }
            _ => None,
        },
        _ => None,
    })
}

/// The unit's meetings, newest first.
pub async fn meetings_of(
    state: &AppState,
    unit: UnitId,
) -> Result<Vec<(PracticeRecord, UnitMeeting)>, WebError> {
    let mut v: Vec<(PracticeRecord, UnitMeeting)> = state
        .store
        .practice_where("unit", &unit.to_string())
        .await?
        .into_iter()
        .filter(|r| r.is_current())
        .filter_map(|r| match &r.tool {
            Tool::UnitMeeting(m) => {
                let m = m.clone();
                Some((r, m))
            }
            _ => None,
        })
        .collect();
    v.sort_by(|a, b| b.0.on.cmp(&a.0.on).then(b.0.id.cmp(&a.0.id)));
    Ok(v)
}

/// The families allocated to the unit now, by name.
pub async fn caseload_of(state: &AppState, unit: UnitId) -> Result<Vec<Family>, WebError> {
    let mut v = state
        .store
        .families_where("unit", &unit.to_string())
        .await?;
    v.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(v)
}

/// What the agenda needs about a family on `on`, from its discussions.
pub fn agenda_facts(on: Date, discussed: &[(PracticeRecord, CaseDiscussion)]) -> AgendaFacts {
    AgendaFacts {
        last_discussed: discussed
            .iter()
            .map(|(r, _)| r.on)
            .filter(|d| *d <= on)
            .max(),
        open_action_dues: discussed
            .iter()
            .flat_map(|(_, d)| d.open_actions().map(|(_, a)| a.due))
            .collect(),
    }
}

pub struct MemberRow {
    pub name: String,
    pub role: String,
}

pub struct CaseloadRow {
    pub family_id: String,
    pub name: String,
    /// "Name (age)" for each child the viewer may see.
    pub children: Vec<String>,
    pub leads: String,
    pub last_discussed: String,
    pub open_actions: usize,
    pub overdue: usize,
}

pub struct MeetingRow {
    pub href: String,
    pub on: String,
    pub status: String,
    pub cancelled: bool,
}

pub struct AwaitingRow {
    pub family: String,
    pub on: String,
    pub href: String,
    pub may_sign: bool,
}

#[derive(Template)]
#[template(path = "unit.html")]
pub struct UnitPage {
    pub chrome: Chrome,
    pub unit_id: String,
    pub name: String,
    pub team_id: String,
    pub team_name: String,
    pub consultant: String,
    pub members: Vec<MemberRow>,
    pub caseload: Vec<CaseloadRow>,
    pub meetings: Vec<MeetingRow>,
    pub awaiting: Vec<AwaitingRow>,
    pub may_oversee: bool,
}

/// A family's children the viewer may see (restricted ones only if named),
/// "Name (age)", and their lead practitioners.
async fn children_and_leads(
    state: &AppState,
    s: &SignedIn,
    names: &mut Names<'_>,
    family: &Family,
) -> Result<(Vec<String>, String), WebError> {
    let today = views::today();
    let mut children = Vec::new();
    let mut leads: Vec<String> = Vec::new();
    let current: Vec<_> = family.current_members().map(|m| m.person_id).collect();
    for p in state
        .store
        .people_where("family", &family.id.to_string())
        .await?
    {
        if p.kind != PersonKind::Child || !current.contains(&p.id) {
            continue;
        }
        if p.restricted && !p.grants.contains(&s.user.id()) {
            continue;
        }
        children.push(format!(
            "{} ({})",
            p.details.full_name(),
            views::age_words(p.details.date_of_birth, today)
        ));
        if let Some(l) = p.lead_practitioner() {
            let n = names.practitioner(l).await?;
            if !leads.contains(&n) {
                leads.push(n);
            }
        }
    }
    children.sort();
    Ok((children, leads.join(", ")))
}

pub async fn unit_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<UnitId>,
) -> Result<Html<String>, WebError> {
    let gate = Chokepoint::new(&state, &s.user, request_id(&rid));
    let unit = gate.unit(id, Action::ReadRecord).await?;
    let may_oversee = gate.may_oversee(&unit).await?;
    let team = state.store.team(unit.team_id).await?;
    let mut names = Names::new(&state);
    let members = members_of(&state, &unit).await?;
    let today = views::today();

    let mut caseload = Vec::new();
    for f in caseload_of(&state, id).await? {
        // Listing a family is a read of its identity, decided and audited.
        let Ok(f) = gate.family(f.id, Action::ReadIdentity).await else {
            continue;
        };
        let (children, leads) = children_and_leads(&state, &s, &mut names, &f).await?;
        let discussed: Vec<(PracticeRecord, CaseDiscussion)> = state
            .store
            .practice_where("family", &f.id.to_string())
            .await?
            .into_iter()
            .filter(|r| r.is_current())
            .filter_map(|r| match &r.tool {
                Tool::CaseDiscussion(d) => {
                    let d = d.clone();
                    Some((r, d))
                }
                _ => None,
            })
            .collect();
        let facts = agenda_facts(today, &discussed);
        caseload.push(CaseloadRow {
            family_id: f.id.to_string(),
            name: f.name.clone(),
            children,
            leads,
            last_discussed: facts
                .last_discussed
                .map(views::date)
                .unwrap_or_else(|| "Not yet".into()),
            open_actions: facts.open_action_dues.len(),
            overdue: facts
                .open_action_dues
                .iter()
                .filter(|d| d.is_some_and(|d| d < today))
                .count(),
        });
    }

    let meetings = meetings_of(&state, id)
        .await?
        .into_iter()
        .map(|(r, m)| MeetingRow {
            href: format!("/units/{id}/meetings/{}", r.id),
            on: views::date(r.on),
            status: match &m.cancelled {
                Some(reason) => format!("Cancelled: {reason}"),
                None => format!(
                    "{} {} on the agenda, {} attended",
                    m.agenda.len(),
                    if m.agenda.len() == 1 {
                        "family"
                    } else {
                        "families"
                    },
                    m.attendees.len()
                ),
            },
            cancelled: m.is_cancelled(),
        })
        .collect();

    let mut awaiting = Vec::new();
    let mut waiting: Vec<PracticeRecord> = state
        .store
        .practice_where("awaiting_oversight", &id.to_string())
        .await?
        .into_iter()
        .filter(|r| r.is_current())
        .collect();
    waiting.sort_by_key(|r| r.on);
    for r in waiting {
        let Some(fid) = r.scope.family() else {
            continue;
        };
        let Some(f) = state.store.family(fid).await? else {
            continue;
        };
        let mut hidden = false;
        for p in &r.about {
            if let Some(p) = state.store.person(*p).await? {
                hidden |= p.restricted && !p.grants.contains(&s.user.id());
            }
        }
        if hidden {
            continue;
        }
        awaiting.push(AwaitingRow {
            family: f.name.clone(),
            on: views::date(r.on),
            href: if may_oversee {
                format!("/families/{fid}/discussions/{}/sign-off", r.id)
            } else {
                format!("/families/{fid}/discussions")
            },
            may_sign: may_oversee,
        });
    }

    let consultant = match unit.consultant {
        Some(c) => names.practitioner(c).await?,
        None => "No consultant social worker recorded".into(),
    };
    render(UnitPage {
        chrome: Chrome::for_user(&s, unit.name.clone(), ""),
        unit_id: id.to_string(),
        name: unit.name.clone(),
        team_id: unit.team_id.to_string(),
        team_name: team.map(|t| t.name).unwrap_or_default(),
        consultant,
        members: members
            .iter()
            .map(|p| MemberRow {
                name: p.display_name.clone(),
                role: if Some(p.id) == unit.consultant {
                    "Consultant social worker".into()
                } else {
                    p.discipline.label().into()
                },
            })
            .collect(),
        caseload,
        meetings,
        awaiting,
        may_oversee,
    })
}

/// Opens each family through the chokepoint for a meeting page; a family
/// the viewer may not read is shown by name only.
pub async fn open_family(
    state: &AppState,
    s: &SignedIn,
    rid: &Option<Extension<RequestId>>,
    family: hearth_core::ids::FamilyId,
) -> Result<Option<(FamilyWork, Vec<(PracticeRecord, CaseDiscussion)>)>, WebError> {
    match FamilyWork::open(state, s, rid, family, Action::ReadRecord).await {
        Ok(work) => {
            let d = discussions(state, &work).await?;
            Ok(Some((work, d)))
        }
        Err(WebError::Refused(..)) | Err(WebError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}
