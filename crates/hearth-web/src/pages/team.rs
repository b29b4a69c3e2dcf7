//! A team's families, for its members and for managers of its service: the
//! way into the record for oversight. Each family listed is an audited read.

use super::{render, request_id, Path};
use crate::authz::Chokepoint;
use crate::error::WebError;
use crate::security::RequestId;
use crate::session::SignedIn;
use crate::views::Chrome;
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use axum::Extension;
use hearth_core::access::{Action, Refusal};
use hearth_core::ids::TeamId;
use hearth_core::model::Discipline;

pub struct TeamFamilyRow {
    pub family_id: String,
    pub name: String,
    pub people: usize,
    pub unit: String,
}

#[derive(Template)]
#[template(path = "team.html")]
struct TeamPage {
    chrome: Chrome,
    team_id: String,
    name: String,
    service: String,
    families: Vec<TeamFamilyRow>,
    /// The team's units: (id, name, whether the viewer may open its page,
    /// so a link is offered only where it leads somewhere).
    units: Vec<(String, String, bool)>,
    /// For managers: caseloads, time in direct work, consistency, visits.
    direct: Option<super::practice::intensity::TeamPanel>,
}

pub async fn team_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<TeamId>,
) -> Result<Html<String>, WebError> {
    let team = state.store.team(id).await?.ok_or(WebError::NotFound)?;
    let member = s.user.actor.teams.contains(&team.id);
    let manager = s.user.is(Discipline::Manager) && s.user.actor.services.contains(&team.service);
    if !(member || manager) {
        return Err(WebError::Refused(Refusal::NoRelationship, None));
    }
    let gate = Chokepoint::new(&state, &s.user, request_id(&rid));
    let units = state.store.units().await?;
    let mut families = Vec::new();
    let mut list = state
        .store
        .families_where("team", &team.id.to_string())
        .await?;
    list.sort_by(|a, b| a.name.cmp(&b.name));
    for f in list {
        let f = gate.family(f.id, Action::ReadIdentity).await?;
        families.push(TeamFamilyRow {
            family_id: f.id.to_string(),
            name: f.name.clone(),
            people: f.current_members().count(),
            unit: f
                .unit_id
                .and_then(|u| units.iter().find(|x| x.id == u))
                .map(|u| u.name.clone())
                .unwrap_or_default(),
        });
    }
    let direct = if manager {
        let ids: Vec<_> = families
            .iter()
            .filter_map(|f| f.family_id.parse().ok())
            .collect();
        Some(super::practice::intensity::team_panel(&state, &s, &rid, team.id, &ids).await?)
    } else {
        None
    };
    let service = team.service.clone();
    render(TeamPage {
        direct,
        chrome: Chrome::for_user(&s, team.name.clone(), ""),
        team_id: team.id.to_string(),
        name: team.name,
        service: service.clone(),
        families,
        units: units
            .iter()
            .filter(|u| u.team_id == id && u.end.is_none())
            .map(|u| {
                let facts = hearth_core::access::UnitFacts {
                    unit: u.id,
                    consultant: u.consultant,
                    service: Some(service.clone()),
                };
                let may = hearth_core::access::decide_unit(&s.user.actor, &facts).is_allowed();
                (u.id.to_string(), u.name.clone(), may)
            })
            .collect(),
    })
}
