//! The family's genogram and ecomap pages. Both are drawn from the family as
//! the family page reads it ([`load_family`]), through the same chokepoint,
//! so a restricted member the practitioner is not named on is in neither.

use super::family::{load_family, FamilyView};
use super::Path;
use super::{render, request_id};
use crate::authz::Chokepoint;
use crate::error::WebError;
use crate::pictures::network::{FamilyNetwork, Home, Professional, Someone, Tie};
use crate::pictures::{ecomap, genogram, Picture, TextSection};
use crate::security::RequestId;
use crate::session::SignedIn;
use crate::views::{self, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use axum::Extension;
use hearth_core::ids::{FamilyId, UserId};
use hearth_core::model::PersonKind;

/// The network the pictures draw, from a family as the viewer may see it:
/// its members, their current relationships and ended partnerships, who
/// lives in each household now, the children's lead practitioners and the
/// rest of the team around the family.
pub async fn network_of(state: &AppState, view: &FamilyView) -> Result<FamilyNetwork, WebError> {
    let store = &state.store;
    let people = view
        .members
        .iter()
        .map(|(p, _)| Someone {
            id: p.id,
            given_names: p.details.given_names.clone(),
            family_name: p.details.family_name.clone(),
            sex: p.details.sex,
            date_of_birth: p.details.date_of_birth,
            date_of_death: p.details.date_of_death,
            child: p.kind == PersonKind::Child,
            // The children the service works with are the ones with a lead
            // practitioner now.
            index: p.kind == PersonKind::Child && p.lead_practitioner().is_some(),
        })
        .collect();
    let ties = view
        .relationships
        .iter()
        .map(|r| Tie {
            from: r.from,
            to: r.to,
            kind: r.kind,
            quality: r.quality,
            parental_responsibility: r.parental_responsibility,
            ended: r.end,
        })
        .collect();
    let homes = view
        .households
        .iter()
        .filter(|h| h.address.to.is_none())
        .map(|h| Home {
            address: h.address.one_line(),
            residents: h
                .residents
                .iter()
                .filter(|r| r.to.is_none() && view.person(r.person_id).is_some())
                .map(|r| r.person_id)
                .collect(),
        })
        .filter(|h| !h.residents.is_empty())
        .collect();
    let mut team = Vec::new();
    let mut seen: Vec<UserId> = Vec::new();
    for (p, _) in &view.members {
        let Some(u) = p.lead_practitioner() else {
            continue;
        };
        if seen.contains(&u) {
            continue;
        }
        seen.push(u);
        if let Some(pr) = store.practitioner(u).await? {
            team.push(Professional {
                name: pr.display_name,
                role: format!(
                    "Lead practitioner ({})",
                    pr.discipline.label().to_lowercase()
                ),
            });
        }
    }
    for m in view.family.current_team() {
        if seen.contains(&m.user_id) {
            continue;
        }
        seen.push(m.user_id);
        let name = store
            .practitioner(m.user_id)
            .await?
            .map(|p| p.display_name)
            .unwrap_or_else(|| "Unknown practitioner".into());
        team.push(Professional {
            name,
            role: m.role.clone(),
        });
    }
    // Partner agencies the family's information is shared with (the school,
    // a health team) are part of the family's world too.
    let today = views::today();
    let mut agencies: Vec<String> = Vec::new();
    for r in store
        .practice_where("family", &view.family.id.to_string())
        .await?
    {
        if let hearth_core::practice::Tool::Sharing(x) = &r.tool {
            let visible = r.is_current() && !r.about.iter().any(|p| view.hidden.contains(p));
            if visible && x.in_force(today) && !agencies.contains(&x.agency) {
                agencies.push(x.agency.clone());
            }
        }
    }
    for agency in agencies {
        team.push(Professional {
            name: agency,
            role: "Partner agency (information shared)".into(),
        });
    }
    Ok(FamilyNetwork {
        family_name: view.family.name.clone(),
        people,
        ties,
        homes,
        team,
    })
}

/// Which picture a page shows.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Genogram,
    Ecomap,
}

impl Kind {
    pub fn draw(self, net: &FamilyNetwork, id: &str) -> Picture {
        match self {
            Kind::Genogram => genogram::draw(net, views::today(), id),
            Kind::Ecomap => ecomap::draw(net, views::today(), id),
        }
    }
}

#[derive(Template)]
#[template(path = "family_picture.html")]
struct PicturePage {
    chrome: Chrome,
    family_id: String,
    family_name: String,
    heading: &'static str,
    /// "genogram" or "ecomap", for the other picture's link and the ids.
    kind: &'static str,
    other_kind: &'static str,
    other_heading: &'static str,
    intro: &'static str,
    svg: String,
    wide: bool,
    sections: Vec<TextSection>,
}

async fn picture_page(
    state: AppState,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    id: FamilyId,
    kind: Kind,
) -> Result<Html<String>, WebError> {
    let gate = Chokepoint::new(&state, &s.user, request_id(&rid));
    let view = load_family(&state, &gate, s.user.id(), id).await?;
    let net = network_of(&state, &view).await?;
    let (slug, heading, other_kind, other_heading, intro) = match kind {
        Kind::Genogram => (
            "genogram",
            "Genogram",
            "ecomap",
            "Ecomap",
            "The family tree across the generations, with who lives together now and the relationships recorded as close, conflicted, estranged or harmful. Supportive relationships are listed in words below the picture rather than drawn, to keep it clear.",
        ),
        Kind::Ecomap => (
            "ecomap",
            "Ecomap",
            "genogram",
            "Genogram",
            "The children's household at the centre, with the family, friends and professionals around it and how strong or stressful each connection is.",
        ),
    };
    let picture = kind.draw(&net, slug);
    render(PicturePage {
        chrome: Chrome::for_user(&s, format!("{heading}: {}", view.family.name), ""),
        family_id: view.family.id.to_string(),
        family_name: view.family.name.clone(),
        heading,
        kind: slug,
        other_kind,
        other_heading,
        intro,
        wide: picture.is_wide(),
        svg: picture.svg,
        sections: picture.text.sections,
    })
}

pub async fn genogram_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
) -> Result<Html<String>, WebError> {
    picture_page(state, s, rid, id, Kind::Genogram).await
}

pub async fn ecomap_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
) -> Result<Html<String>, WebError> {
    picture_page(state, s, rid, id, Kind::Ecomap).await
}
