//! Multi-disciplinary work on the family's pages: the adult specialists
//! working with the adults (with a warning when one worker has both the
//! victim and the person causing harm in domestic abuse work), and the
//! decisions to share information with partner agencies, with consent or the
//! lawful reason recorded.

use super::{date_field, form_values, opt_date_field, DateParts, FamilyWork};
use crate::error::WebError;
use crate::pages::family::Names;
use crate::pages::{render, Path};
use crate::security::RequestId;
use crate::session::{form_value, url_pairs, SignedIn};
use crate::views::{self, Chrome, FieldError};
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Extension;
use hearth_core::access::Action;
use hearth_core::event::{Event, EventBody};
use hearth_core::ids::{FamilyId, PracticeId, UserId};
use hearth_core::model::Discipline;
use hearth_core::practice::specialists::{
    same_worker_for_both, AbuseRole, Involvement, Sharing, SharingBasis, Specialism, WorksWith,
    SHAREABLE,
};
use hearth_core::practice::{PracticeRecord, Tool};
use hearth_store::StoreError;

pub struct InvolvementRow {
    pub id: String,
    pub specialist: String,
    pub specialism: &'static str,
    pub adults: String,
    pub focus: String,
    pub dates: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "practice/specialists.html")]
pub struct SpecialistsPage {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub rows: Vec<InvolvementRow>,
    pub warnings: Vec<String>,
    pub specialists: Vec<(String, String)>,
    pub specialisms: Vec<(String, String)>,
    pub adults: Vec<(String, String)>,
    pub roles: Vec<(String, String)>,
    pub form: SpecialistForm,
    pub errors: Vec<FieldError>,
}

#[derive(Default)]
pub struct SpecialistForm {
    pub specialist: String,
    pub specialism: String,
    /// Each adult's choice, by adult id: "", "yes", "victim", "perpetrator".
    pub adults: Vec<(String, String)>,
    pub focus: String,
    pub start: DateParts,
}

impl SpecialistsPage {
    pub fn err(&self, f: &str) -> Option<&str> {
        views::error_for(&self.errors, f)
    }
    pub fn choice(&self, adult: &str) -> String {
        self.form
            .adults
            .iter()
            .find(|(a, _)| a == adult)
            .map(|(_, c)| c.clone())
            .unwrap_or_default()
    }
}

fn is_specialist(d: Discipline) -> Option<Specialism> {
    match d {
        Discipline::DomesticAbuseSpecialist => Some(Specialism::DomesticAbuse),
        Discipline::MentalHealthSpecialist => Some(Specialism::MentalHealth),
        Discipline::SubstanceUseSpecialist => Some(Specialism::SubstanceUse),
        _ => None,
    }
}

async fn specialists_page(
    state: &AppState,
    s: &SignedIn,
    work: &FamilyWork,
    form: SpecialistForm,
    errors: Vec<FieldError>,
) -> Result<Html<String>, WebError> {
    let records = work.records(state, "specialist").await?;
    let today = views::today();
    let mut names = Names::new(state);
    let mut rows = Vec::new();
    let mut involvements = Vec::new();
    for r in &records {
        let Tool::Specialist(i) = &r.tool else {
            continue;
        };
        involvements.push(i.clone());
        rows.push(InvolvementRow {
            id: r.id.to_string(),
            specialist: names.practitioner(i.specialist).await?,
            specialism: i.specialism.label(),
            adults: i
                .adults
                .iter()
                .map(|a| match a.abuse_role {
                    Some(role) => format!(
                        "{} ({})",
                        work.name_of(a.adult),
                        role.label().to_lowercase()
                    ),
                    None => work.name_of(a.adult),
                })
                .collect::<Vec<_>>()
                .join(", "),
            focus: i.focus.clone(),
            dates: match i.end {
                Some(e) => format!("{} to {}", views::date(i.start), views::date(e)),
                None => format!("Since {}", views::date(i.start)),
            },
            current: i.is_current(today),
        });
    }
    let mut warnings = Vec::new();
    for (w, v, p) in same_worker_for_both(&involvements, today) {
        warnings.push(format!(
            "{} is working with both {} (victim-survivor) and {} (person causing harm). Domestic abuse work needs a separate worker for each.",
            names.practitioner(w).await?,
            work.name_of(v),
            work.name_of(p)
        ));
    }
    let specialists = state
        .store
        .practitioners()
        .await?
        .into_iter()
        .filter(|p| p.active && is_specialist(p.discipline).is_some())
        .map(|p| {
            (
                p.id.to_string(),
                format!("{} ({})", p.display_name, p.discipline.label()),
            )
        })
        .collect();
    render(SpecialistsPage {
        chrome: Chrome::for_user(
            s,
            format!(
                "{}Adult specialists: {}",
                if errors.is_empty() { "" } else { "Error: " },
                work.family.name
            ),
            "",
        ),
        family_id: work.family.id.to_string(),
        name: work.family.name.clone(),
        rows,
        warnings,
        specialists,
        specialisms: Specialism::ALL
            .iter()
            .map(|x| (x.code().to_string(), x.label().to_string()))
            .collect(),
        adults: work
            .adults()
            .iter()
            .map(|p| (p.id.to_string(), p.details.full_name()))
            .collect(),
        roles: vec![
            (String::new(), "Not working with them".into()),
            ("yes".into(), "Working with them".into()),
            (
                "victim".into(),
                "Working with them as the victim-survivor of domestic abuse".into(),
            ),
            (
                "perpetrator".into(),
                "Working with them as the person causing harm".into(),
            ),
        ],
        form,
        errors,
    })
}

pub async fn specialists(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::ReadRecord).await?;
    let form = SpecialistForm {
        start: DateParts::of(Some(views::today())),
        ..Default::default()
    };
    specialists_page(&state, &s, &work, form, vec![]).await
}

/// Adds a specialist to the family: the involvement, and (in the same
/// change) a place on the family's team if they have none, which is what
/// lets them open the family's record.
pub async fn add_specialist(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
    body: Bytes,
) -> Result<Response, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    let f = url_pairs(&body);
    let mut errors = Vec::new();
    let form = SpecialistForm {
        specialist: form_value(&f, "specialist"),
        specialism: form_value(&f, "specialism"),
        adults: work
            .adults()
            .iter()
            .map(|p| (p.id.to_string(), form_value(&f, &format!("adult-{}", p.id))))
            .collect(),
        focus: form_value(&f, "focus").trim().to_string(),
        start: DateParts::typed(&f, "start"),
    };
    let specialist = match form.specialist.parse::<UserId>() {
        Ok(u) => state
            .store
            .practitioner(u)
            .await?
            .filter(|p| p.active && is_specialist(p.discipline).is_some()),
        Err(_) => None,
    };
    if specialist.is_none() {
        errors.push(FieldError::new("specialist", "Choose the specialist"));
    }
    let specialism = Specialism::from_code(&form.specialism).or_else(|| {
        specialist
            .as_ref()
            .and_then(|p| is_specialist(p.discipline))
    });
    let adults: Vec<WorksWith> = form
        .adults
        .iter()
        .filter_map(|(a, c)| {
            let adult = a.parse().ok()?;
            match c.as_str() {
                "yes" => Some(WorksWith {
                    adult,
                    abuse_role: None,
                }),
                code => AbuseRole::from_code(code).map(|r| WorksWith {
                    adult,
                    abuse_role: Some(r),
                }),
            }
        })
        .collect();
    if adults.is_empty() {
        errors.push(FieldError::new(
            "adults",
            "Choose at least one adult the specialist will work with",
        ));
    }
    let start = date_field(&f, "start", "Start date", &mut errors);
    if let (true, Some(p), Some(specialism), Some(start)) =
        (errors.is_empty(), &specialist, specialism, start)
    {
        let mut record = PracticeRecord::new(
            work.scope(),
            Some(s.user.id()),
            start,
            Tool::Specialist(Involvement {
                specialist: p.id,
                specialism,
                adults: adults.clone(),
                start,
                end: None,
                focus: form.focus.clone(),
            }),
        );
        record.about = adults.iter().map(|a| a.adult).collect();
        let mut events = vec![Event::new(
            Some(s.user.id()),
            start,
            EventBody::PracticeRecorded { record },
        )];
        if !work.family.current_team().any(|m| m.user_id == p.id) {
            events.push(Event::new(
                Some(s.user.id()),
                views::today(),
                EventBody::FamilyTeamMemberAdded {
                    family_id: work.family.id,
                    user_id: p.id,
                    role: format!("{} specialist", specialism.label()),
                },
            ));
        }
        match state.store.append(events).await {
            Ok(_) => {
                return Ok(Redirect::to(&format!("/families/{id}/specialists")).into_response())
            }
            Err(StoreError::Rejected(e)) => {
                errors.push(FieldError::new("specialist", e.to_string()))
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(super::invalid(
        specialists_page(&state, &s, &work, form, errors).await?,
    ))
}

/// Ends a specialist's involvement today (they stay on the family's team
/// until a practitioner ends that, as other team members do).
pub async fn end_specialist(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, pid)): Path<(FamilyId, PracticeId)>,
) -> Result<Response, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    let r = work.record(&state, pid, "specialist").await?;
    let Tool::Specialist(mut i) = r.tool.clone() else {
        return Err(WebError::NotFound);
    };
    i.end = Some(views::today().max(i.start));
    if let Err(m) = super::save(&state, &s, r.amended(Tool::Specialist(i))).await? {
        return Err(WebError::BadRequest(m));
    }
    Ok(Redirect::to(&format!("/families/{id}/specialists")).into_response())
}

pub struct SharingRow {
    pub id: String,
    pub agency: String,
    pub partner: String,
    pub items: Vec<&'static str>,
    pub what: String,
    pub purpose: String,
    pub basis: &'static str,
    pub consent_from: String,
    pub dates: String,
    pub in_force: bool,
}

#[derive(Template)]
#[template(path = "practice/sharing.html")]
pub struct SharingPage {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub rows: Vec<SharingRow>,
}

pub async fn sharing(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::ReadRecord).await?;
    let today = views::today();
    let mut names = Names::new(&state);
    let mut rows = Vec::new();
    for r in work.records(&state, "sharing").await? {
        let Tool::Sharing(x) = &r.tool else { continue };
        rows.push(SharingRow {
            id: r.id.to_string(),
            agency: x.agency.clone(),
            partner: match x.partner {
                Some(u) => names.practitioner(u).await?,
                None => String::new(),
            },
            items: x
                .items
                .iter()
                .filter_map(|i| SHAREABLE.iter().find(|(k, _)| k == i).map(|(_, l)| *l))
                .collect(),
            what: x.what.clone(),
            purpose: x.purpose.clone(),
            basis: x.basis.label(),
            consent_from: x
                .consent_from
                .iter()
                .map(|p| work.name_of(*p))
                .collect::<Vec<_>>()
                .join(", "),
            dates: match x.until {
                Some(u) => format!("{} to {}", views::date(x.from), views::date(u)),
                None => format!("From {}", views::date(x.from)),
            },
            in_force: x.in_force(today),
        });
    }
    render(SharingPage {
        chrome: Chrome::for_user(&s, format!("Information sharing: {}", work.family.name), ""),
        family_id: id.to_string(),
        name: work.family.name.clone(),
        rows,
    })
}

#[derive(Template)]
#[template(path = "practice/sharing_form.html")]
pub struct SharingForm {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub agency: String,
    pub partner: String,
    pub partners: Vec<(String, String)>,
    pub items: Vec<String>,
    pub shareable: Vec<(String, String)>,
    pub what: String,
    pub purpose: String,
    pub basis: String,
    pub bases: Vec<(String, String)>,
    pub people: Vec<(String, String)>,
    pub consent_from: Vec<String>,
    pub from: DateParts,
    pub until: DateParts,
    pub errors: Vec<FieldError>,
}

impl SharingForm {
    pub fn err(&self, f: &str) -> Option<&str> {
        views::error_for(&self.errors, f)
    }
}

async fn sharing_form(
    state: &AppState,
    s: &SignedIn,
    work: &FamilyWork,
) -> Result<SharingForm, WebError> {
    let mut partners: Vec<(String, String)> = vec![(String::new(), "No account in Hearth".into())];
    partners.extend(
        state
            .store
            .practitioners()
            .await?
            .into_iter()
            .filter(|p| p.active && p.discipline == Discipline::PartnerAgency)
            .map(|p| (p.id.to_string(), p.display_name)),
    );
    Ok(SharingForm {
        chrome: Chrome::for_user(s, "Share information with a partner agency", ""),
        family_id: work.family.id.to_string(),
        name: work.family.name.clone(),
        agency: String::new(),
        partner: String::new(),
        partners,
        items: vec!["summary".into()],
        shareable: SHAREABLE
            .iter()
            .map(|(k, l)| (k.to_string(), l.to_string()))
            .collect(),
        what: String::new(),
        purpose: String::new(),
        basis: SharingBasis::Consent.code().into(),
        bases: SharingBasis::ALL
            .iter()
            .map(|b| (b.code().to_string(), b.label().to_string()))
            .collect(),
        people: work
            .current()
            .iter()
            .map(|p| (p.id.to_string(), p.details.full_name()))
            .collect(),
        consent_from: vec![],
        from: DateParts::of(Some(views::today())),
        until: DateParts::default(),
        errors: vec![],
    })
}

pub async fn new_sharing_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    render(sharing_form(&state, &s, &work).await?)
}

pub async fn new_sharing(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
    body: Bytes,
) -> Result<Response, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    let f = url_pairs(&body);
    let mut page = sharing_form(&state, &s, &work).await?;
    let mut errors = Vec::new();
    page.agency = form_value(&f, "agency").trim().to_string();
    page.partner = form_value(&f, "partner");
    page.items = form_values(&f, "items");
    page.what = form_value(&f, "what").trim().to_string();
    page.purpose = form_value(&f, "purpose").trim().to_string();
    page.basis = form_value(&f, "basis");
    page.consent_from = form_values(&f, "consent_from");
    page.from = DateParts::typed(&f, "from");
    page.until = DateParts::typed(&f, "until");
    let partner = if page.partner.is_empty() {
        None
    } else {
        match page.partner.parse::<UserId>() {
            Ok(u) if page.partners.iter().any(|(k, _)| *k == page.partner) => Some(u),
            _ => {
                errors.push(FieldError::new("partner", "Choose a partner from the list"));
                None
            }
        }
    };
    let from = date_field(&f, "from", "Start of sharing", &mut errors);
    let until = opt_date_field(&f, "until", "End of sharing", &mut errors);
    let Some(basis) = SharingBasis::from_code(&page.basis) else {
        errors.push(FieldError::new("basis", "Choose the basis for sharing"));
        page.errors = errors;
        return Ok(super::invalid(render(page)?));
    };
    if let (true, Some(from)) = (errors.is_empty(), from) {
        let sharing = Sharing {
            agency: page.agency.clone(),
            partner,
            items: page.items.clone(),
            what: page.what.clone(),
            purpose: page.purpose.clone(),
            basis,
            consent_from: work.picked(&page.consent_from),
            from,
            until,
            stopped_on: None,
        };
        let mut record = PracticeRecord::new(
            work.scope(),
            Some(s.user.id()),
            from,
            Tool::Sharing(sharing.clone()),
        );
        record.about = sharing.consent_from.clone();
        match super::save(&state, &s, record).await? {
            Ok(()) => return Ok(Redirect::to(&format!("/families/{id}/sharing")).into_response()),
            Err(m) => {
                // Point at the field the domain's message is about.
                let field = if m.contains("consent") {
                    "consent_from"
                } else if m.contains("agency") {
                    "agency"
                } else if m.contains("why") {
                    "purpose"
                } else if m.contains("shared") {
                    "items"
                } else {
                    "until-day"
                };
                errors.push(FieldError::new(field, m));
            }
        }
    }
    page.chrome.title = format!("Error: {}", page.chrome.title);
    page.errors = errors;
    Ok(super::invalid(render(page)?))
}

/// Stops sharing from today: the partner no longer sees it.
pub async fn stop_sharing(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, pid)): Path<(FamilyId, PracticeId)>,
) -> Result<Response, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    let r = work.record(&state, pid, "sharing").await?;
    let Tool::Sharing(mut x) = r.tool.clone() else {
        return Err(WebError::NotFound);
    };
    x.stopped_on = Some(views::today());
    if let Err(m) = super::save(&state, &s, r.amended(Tool::Sharing(x))).await? {
        return Err(WebError::BadRequest(m));
    }
    Ok(Redirect::to(&format!("/families/{id}/sharing")).into_response())
}
