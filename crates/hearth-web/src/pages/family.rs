//! The family page: everyone in the family network and how they are related,
//! their households over time, the team around the family and its warning
//! notes; and adding a person (with duplicate detection) or a relationship.

use super::Path;
use super::{render, request_id};
use crate::authz::Chokepoint;
use crate::error::WebError;
use crate::security::RequestId;
use crate::session::{form_value as field, url_pairs, SignedIn};
use crate::views::{self, Chrome, FieldError, FormPage};
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Extension;
use hearth_core::access::Action;
use hearth_core::codes::{Ethnicity, Sex};
use hearth_core::event::{Event, EventBody};
use hearth_core::identifiers::{LaPersonId, NhsNumber, Upn};
use hearth_core::ids::*;
use hearth_core::model::*;
use hearth_core::projection::normalise_name;
use std::collections::{BTreeMap, HashMap};

pub struct WarningView {
    pub id: String,
    pub category: String,
    pub detail: String,
    pub review: String,
    pub overdue: bool,
}

pub fn warning_views(warnings: &[WarningNote]) -> Vec<WarningView> {
    let today = views::today();
    warnings
        .iter()
        .filter(|w| w.is_current())
        .map(|w| WarningView {
            id: w.id.to_string(),
            category: w.category.clone(),
            detail: w.detail.clone(),
            review: views::date(w.review_on),
            overdue: w.review_on < today,
        })
        .collect()
}

/// Current warning notes on a family and on each of `people`.
pub async fn warnings_for(
    state: &AppState,
    family_ids: &[FamilyId],
    people: &[PersonId],
) -> Result<Vec<WarningNote>, WebError> {
    let mut all = Vec::new();
    for f in family_ids {
        all.extend(state.store.warnings_where("family", &f.to_string()).await?);
    }
    for p in people {
        all.extend(state.store.warnings_where("person", &p.to_string()).await?);
    }
    all.sort_by_key(|w| w.id);
    all.dedup_by_key(|w| w.id);
    all.retain(|w| w.is_current());
    Ok(all)
}

/// Practitioner names, looked up once each.
pub struct Names<'a> {
    state: &'a AppState,
    cache: HashMap<UserId, String>,
}

impl<'a> Names<'a> {
    pub fn new(state: &'a AppState) -> Self {
        Self {
            state,
            cache: HashMap::new(),
        }
    }
    pub async fn practitioner(&mut self, id: UserId) -> Result<String, WebError> {
        if let Some(n) = self.cache.get(&id) {
            return Ok(n.clone());
        }
        let name = self
            .state
            .store
            .practitioner(id)
            .await?
            .map(|p| p.display_name)
            .unwrap_or_else(|| "Unknown practitioner".into());
        self.cache.insert(id, name.clone());
        Ok(name)
    }
}

pub struct MemberRow {
    pub person_id: String,
    pub name: String,
    pub role: String,
    pub dob: String,
    pub age: String,
    pub lead: String,
}

pub struct RelationshipRow {
    pub id: String,
    pub current: bool,
    pub from: String,
    pub label: String,
    pub to: String,
    pub parental_responsibility: bool,
    pub quality: String,
    pub dates: String,
}

pub struct HouseholdRow {
    pub id: String,
    pub address: String,
    pub residents: Vec<ResidentRow>,
}

pub struct ResidentRow {
    pub person_id: String,
    pub label: String,
    pub current: bool,
}

pub struct TeamRow {
    pub user_id: String,
    pub name: String,
    pub role: String,
}

#[derive(Template)]
#[template(path = "family.html")]
struct FamilyPage {
    chrome: Chrome,
    family_id: String,
    name: String,
    warnings: Vec<WarningView>,
    members: Vec<MemberRow>,
    relationships: Vec<RelationshipRow>,
    households: Vec<HouseholdRow>,
    team_name: String,
    unit_name: String,
    team: Vec<TeamRow>,
    /// A small genogram, drawn from the same records as the tables.
    genogram: String,
}

/// What was typed into the "add to the family's team" form.
#[derive(Default)]
pub struct TeamMemberForm {
    pub practitioner: String,
    pub role: String,
}

fn dates(start: Option<time::Date>, end: Option<time::Date>) -> String {
    match (start, end) {
        (Some(s), Some(e)) => format!("{} to {}", views::date(s), views::date(e)),
        (Some(s), None) => format!("Since {}", views::date(s)),
        (None, Some(e)) => format!("Until {}", views::date(e)),
        (None, None) => String::new(),
    }
}

/// A family's record as one practitioner may see it: its current members,
/// the relationships between them and its households. Restricted members the
/// viewer is not named on are left out entirely (not their name, their
/// relationships or their address), and the read of the family is decided and
/// audited by the chokepoint. The family page, the genogram, the ecomap and
/// the API all read the family through here, so they always agree.
pub struct FamilyView {
    pub family: Family,
    /// Current members the viewer may see, in the family's order.
    pub members: Vec<(Person, MemberRole)>,
    /// Current members left out because they are restricted.
    pub hidden: Vec<PersonId>,
    /// Relationships between two visible members.
    pub relationships: Vec<Relationship>,
    /// The family's households, without hidden residents.
    pub households: Vec<Household>,
}

impl FamilyView {
    pub fn person(&self, id: PersonId) -> Option<&Person> {
        self.members.iter().map(|(p, _)| p).find(|p| p.id == id)
    }
}

/// Reads family `id` for `gate`'s actor (see [`FamilyView`]).
pub async fn load_family(
    state: &AppState,
    gate: &Chokepoint<'_>,
    viewer: UserId,
    id: FamilyId,
) -> Result<FamilyView, WebError> {
    let family = gate.family(id, Action::ReadRecord).await?;
    let store = &state.store;
    let mut members = Vec::new();
    let mut hidden = Vec::new();
    for m in family.current_members() {
        let Some(p) = store.person(m.person_id).await? else {
            continue;
        };
        if p.restricted && !p.grants.contains(&viewer) {
            hidden.push(p.id);
            continue;
        }
        members.push((p, m.role));
    }
    let mut rels: BTreeMap<RelationshipId, Relationship> = BTreeMap::new();
    for (p, _) in &members {
        for r in store
            .relationships_where("person", &p.id.to_string())
            .await?
        {
            rels.insert(r.id, r);
        }
    }
    let visible = |id: &PersonId| members.iter().any(|(p, _)| p.id == *id);
    let relationships = rels
        .into_values()
        .filter(|r| visible(&r.from) && visible(&r.to))
        .collect();
    let mut households = store
        .households_where("family", &family.id.to_string())
        .await?;
    for h in households.iter_mut() {
        h.residents.retain(|r| !hidden.contains(&r.person_id));
    }
    Ok(FamilyView {
        family,
        members,
        hidden,
        relationships,
        households,
    })
}

pub async fn family_page(
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
    let mut person_names: HashMap<PersonId, String> = HashMap::new();
    let mut members = Vec::new();
    let mut member_ids = Vec::new();
    for (p, role) in &view.members {
        let name = p.details.full_name();
        person_names.insert(p.id, name.clone());
        member_ids.push(p.id);
        let lead = match p.lead_practitioner() {
            Some(u) => names.practitioner(u).await?,
            None => String::new(),
        };
        members.push(MemberRow {
            person_id: p.id.to_string(),
            name,
            role: match role {
                MemberRole::Child => "Child".into(),
                MemberRole::Adult => "Adult".into(),
            },
            dob: views::opt_date(p.details.date_of_birth),
            age: views::age_words(p.details.date_of_birth, today),
            lead,
        });
    }
    let relationships = view
        .relationships
        .iter()
        .map(|r| RelationshipRow {
            id: r.id.to_string(),
            current: r.end.is_none(),
            from: person_names.get(&r.from).cloned().unwrap_or_default(),
            label: r.kind.forward_label().to_lowercase(),
            to: person_names.get(&r.to).cloned().unwrap_or_default(),
            parental_responsibility: r.parental_responsibility,
            quality: r.quality.map(|q| q.label().to_string()).unwrap_or_default(),
            dates: dates(r.start, r.end),
        })
        .collect();
    let mut households = Vec::new();
    for h in &view.households {
        let residents = h
            .residents
            .iter()
            .map(|r| {
                let who = person_names
                    .get(&r.person_id)
                    .cloned()
                    .unwrap_or_else(|| "Someone outside the family network".into());
                let when = dates(r.from, r.to);
                ResidentRow {
                    person_id: r.person_id.to_string(),
                    label: if when.is_empty() {
                        who
                    } else {
                        format!("{who} ({})", when.to_lowercase())
                    },
                    current: r.to.is_none(),
                }
            })
            .collect();
        households.push(HouseholdRow {
            id: h.id.to_string(),
            address: h.address.one_line(),
            residents,
        });
    }
    let family = &view.family;
    let team_name = match family.team_id {
        Some(t) => store.team(t).await?.map(|t| t.name).unwrap_or_default(),
        None => "Not allocated to a team".into(),
    };
    let unit_name = match family.unit_id {
        Some(u) => store.unit(u).await?.map(|u| u.name).unwrap_or_default(),
        None => String::new(),
    };
    let mut team = Vec::new();
    for m in family.current_team() {
        team.push(TeamRow {
            user_id: m.user_id.to_string(),
            name: names.practitioner(m.user_id).await?,
            role: m.role.clone(),
        });
    }
    let warnings = warning_views(&warnings_for(&state, &[family.id], &member_ids).await?);
    let network = super::pictures::network_of(&state, &view).await?;
    let genogram = crate::pictures::genogram::draw(&network, today, "family-genogram").svg;
    render(FamilyPage {
        chrome: Chrome::for_user(&s, family.name.clone(), ""),
        family_id: family.id.to_string(),
        name: family.name.clone(),
        warnings,
        members,
        relationships,
        households,
        team_name,
        unit_name,
        team,
        genogram,
    })
}

// ---- adding a person, with duplicate detection ----

#[derive(Default, Clone)]
pub struct PersonForm {
    pub given_names: String,
    pub family_name: String,
    pub other_names: String,
    pub dob_day: String,
    pub dob_month: String,
    pub dob_year: String,
    pub kind: String,
    pub sex: String,
    pub ethnicity: String,
    pub upn: String,
    pub nhs_number: String,
    pub la_person_id: String,
    pub first_language: String,
}

pub struct Choice {
    pub code: String,
    pub label: String,
}

pub struct MatchRow {
    pub person_id: String,
    pub name: String,
    pub dob: String,
    pub why: String,
}

#[derive(Template)]
#[template(path = "person_new.html")]
struct NewPersonPage {
    chrome: Chrome,
    family_id: String,
    family_name: String,
    errors: Vec<FieldError>,
    form: PersonForm,
    sexes: Vec<Choice>,
    ethnicities: Vec<Choice>,
    matches: Vec<MatchRow>,
    /// A record the practitioner may not see matches too.
    hidden_matches: bool,
}
crate::form_page!(NewPersonPage);

/// Sex and ethnicity, as the DfE codes them, for person forms.
pub fn choices() -> (Vec<Choice>, Vec<Choice>) {
    (
        Sex::ALL
            .iter()
            .map(|s| Choice {
                code: s.code().into(),
                label: s.meaning().into(),
            })
            .collect(),
        Ethnicity::ALL
            .iter()
            .map(|s| Choice {
                code: s.code().into(),
                label: s.meaning().into(),
            })
            .collect(),
    )
}

pub async fn new_person_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
) -> Result<Html<String>, WebError> {
    let family = Chokepoint::new(&state, &s.user, request_id(&rid))
        .family(id, Action::WriteRecord)
        .await?;
    let (sexes, ethnicities) = choices();
    render(NewPersonPage {
        chrome: Chrome::for_user(&s, "Add a person to the family", ""),
        family_id: family.id.to_string(),
        family_name: family.name,
        errors: vec![],
        form: PersonForm {
            kind: "child".into(),
            ..Default::default()
        },
        sexes,
        ethnicities,
        matches: vec![],
        hidden_matches: false,
    })
}

/// Possible duplicates of a new person: same identifier, or same date of
/// birth with a similar name, or the same full name.
pub async fn possible_duplicates(
    state: &AppState,
    details: &PersonDetails,
) -> Result<Vec<(Person, &'static str)>, WebError> {
    let store = &state.store;
    let mut out: Vec<(Person, &'static str)> = Vec::new();
    if let Some(u) = &details.upn {
        out.extend(
            store
                .people_where("upn", u.as_str())
                .await?
                .into_iter()
                .map(|p| (p, "Same UPN")),
        );
    }
    if let Some(n) = &details.nhs_number {
        out.extend(
            store
                .people_where("nhs", &n.as_str().replace(' ', ""))
                .await?
                .into_iter()
                .map(|p| (p, "Same NHS number")),
        );
    }
    if let Some(l) = &details.la_person_id {
        out.extend(
            store
                .people_where("la_id", l.as_str())
                .await?
                .into_iter()
                .map(|p| (p, "Same LA person ID")),
        );
    }
    let family = normalise_name(&details.family_name);
    let given = normalise_name(details.given_names.split_whitespace().next().unwrap_or(""));
    if let Some(dob) = details.date_of_birth {
        for p in store.people_where("dob", &dob.to_string()).await? {
            let pf = normalise_name(&p.details.family_name);
            let pg = normalise_name(
                p.details
                    .given_names
                    .split_whitespace()
                    .next()
                    .unwrap_or(""),
            );
            let similar = (!family.is_empty() && (pf == family || similar_name(&pf, &family)))
                || (!given.is_empty() && (pg == given || similar_name(&pg, &given)));
            if similar {
                out.push((p, "Same date of birth and a similar name"));
            }
        }
    }
    if !family.is_empty() && !given.is_empty() {
        for p in store.people_where("name", &family).await? {
            if normalise_name(
                p.details
                    .given_names
                    .split_whitespace()
                    .next()
                    .unwrap_or(""),
            ) == given
            {
                out.push((p, "Same name"));
            }
        }
    }
    out.sort_by_key(|(p, _)| p.id);
    out.dedup_by_key(|(p, _)| p.id);
    Ok(out)
}

/// Names one typing slip apart (edit distance 1) or sharing their first four letters.
fn similar_name(a: &str, b: &str) -> bool {
    if a.chars().count() >= 4 && a.chars().take(4).eq(b.chars().take(4)) {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()] <= 1
}

impl PersonForm {
    /// The person form's fields as posted, kept as typed.
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        Self {
            given_names: field(pairs, "given_names"),
            family_name: field(pairs, "family_name"),
            other_names: field(pairs, "other_names"),
            dob_day: field(pairs, "dob-day"),
            dob_month: field(pairs, "dob-month"),
            dob_year: field(pairs, "dob-year"),
            kind: field(pairs, "kind"),
            sex: field(pairs, "sex"),
            ethnicity: field(pairs, "ethnicity"),
            upn: field(pairs, "upn"),
            nhs_number: field(pairs, "nhs_number"),
            la_person_id: field(pairs, "la_person_id"),
            first_language: field(pairs, "first_language"),
        }
    }
}

/// Reads a person form into details, collecting a message per bad field.
pub fn parse_person(form: &PersonForm, errors: &mut Vec<FieldError>) -> PersonDetails {
    let mut d = PersonDetails {
        given_names: form.given_names.trim().into(),
        family_name: form.family_name.trim().into(),
        other_names: form
            .other_names
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        first_language: Some(form.first_language.trim().to_string()).filter(|s| !s.is_empty()),
        ..Default::default()
    };
    if d.given_names.is_empty() {
        errors.push(FieldError::new("given_names", "Enter their given names"));
    }
    if d.family_name.is_empty() {
        errors.push(FieldError::new("family_name", "Enter their family name"));
    }
    if !(form.dob_day.trim().is_empty()
        && form.dob_month.trim().is_empty()
        && form.dob_year.trim().is_empty())
    {
        match views::parse_dmy(&form.dob_day, &form.dob_month, &form.dob_year) {
            Ok(date) if date > views::today() => d.expected_date_of_birth = Some(date),
            Ok(date) => d.date_of_birth = Some(date),
            Err(m) => errors.push(FieldError::new(
                "dob-day",
                format!("Date of birth: {}", m.to_lowercase()),
            )),
        }
    }
    d.sex = Sex::from_code(&form.sex);
    d.ethnicity = Ethnicity::from_code(&form.ethnicity);
    if !form.upn.trim().is_empty() {
        match Upn::parse(&form.upn) {
            Ok(u) => d.upn = Some(u),
            Err(e) => errors.push(FieldError::new("upn", e.to_string())),
        }
    }
    if !form.nhs_number.trim().is_empty() {
        match NhsNumber::parse(&form.nhs_number) {
            Ok(n) => d.nhs_number = Some(n),
            Err(e) => errors.push(FieldError::new("nhs_number", e.to_string())),
        }
    }
    if !form.la_person_id.trim().is_empty() {
        match LaPersonId::parse(&form.la_person_id) {
            Ok(n) => d.la_person_id = Some(n),
            Err(e) => errors.push(FieldError::new("la_person_id", e.to_string())),
        }
    }
    d
}

pub async fn new_person(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
    body: Bytes,
) -> Result<Response, WebError> {
    let family = Chokepoint::new(&state, &s.user, request_id(&rid))
        .family(id, Action::WriteRecord)
        .await?;
    let pairs = url_pairs(&body);
    let form = PersonForm::from_pairs(&pairs);
    let today = views::today();
    let link = field(&pairs, "link");
    // Chose to link an existing person rather than create a duplicate.
    if !link.is_empty() {
        let pid: PersonId = link
            .parse()
            .map_err(|_| WebError::BadRequest("Choose a person to link".into()))?;
        // Linking someone into a family opens their record to the family's
        // team, so it needs a working relationship with them already.
        let existing = Chokepoint::new(&state, &s.user, request_id(&rid))
            .person(pid, Action::WriteRecord)
            .await?;
        let role = if existing.kind == PersonKind::Child {
            MemberRole::Child
        } else {
            MemberRole::Adult
        };
        state
            .store
            .append(vec![Event::new(
                Some(s.user.id()),
                today,
                EventBody::FamilyMemberAdded {
                    family_id: family.id,
                    person_id: pid,
                    role,
                },
            )])
            .await?;
        return Ok(Redirect::to(&format!("/families/{}", family.id)).into_response());
    }
    let mut errors = Vec::new();
    let details = parse_person(&form, &mut errors);
    let kind = match form.kind.as_str() {
        "adult" => PersonKind::Adult,
        "child" => PersonKind::Child,
        _ => {
            errors.push(FieldError::new(
                "kind",
                "Select whether this is a child or an adult",
            ));
            PersonKind::Child
        }
    };
    let mut matches = Vec::new();
    let mut hidden_matches = false;
    if errors.is_empty() && field(&pairs, "confirm_new") != "yes" {
        let found = possible_duplicates(&state, &details).await?;
        let total = found.len();
        let why: std::collections::HashMap<PersonId, &'static str> =
            found.iter().map(|(p, w)| (p.id, *w)).collect();
        let visible = Chokepoint::new(&state, &s.user, request_id(&rid))
            .visible(
                found.into_iter().map(|(p, _)| p).collect(),
                Action::ReadIdentity,
            )
            .await?;
        hidden_matches = visible.len() < total;
        for p in visible {
            let why = why.get(&p.id).copied().unwrap_or("Similar details");
            matches.push(MatchRow {
                person_id: p.id.to_string(),
                name: p.details.full_name(),
                dob: views::opt_date(p.details.date_of_birth),
                why: why.into(),
            });
        }
    }
    if !errors.is_empty() || !matches.is_empty() || hidden_matches {
        let (sexes, ethnicities) = choices();
        let mut res = render(NewPersonPage {
            chrome: Chrome::for_user(&s, "Add a person to the family", ""),
            family_id: family.id.to_string(),
            family_name: family.name,
            errors,
            form,
            sexes,
            ethnicities,
            matches,
            hidden_matches,
        })?
        .into_response();
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(res);
    }
    let person_id = PersonId::new();
    let role = if kind == PersonKind::Child {
        MemberRole::Child
    } else {
        MemberRole::Adult
    };
    state
        .store
        .append(vec![
            Event::new(
                Some(s.user.id()),
                today,
                EventBody::PersonRegistered {
                    person_id,
                    kind,
                    details,
                },
            ),
            Event::new(
                Some(s.user.id()),
                today,
                EventBody::FamilyMemberAdded {
                    family_id: family.id,
                    person_id,
                    role,
                },
            ),
        ])
        .await?;
    Ok(Redirect::to(&format!("/people/{person_id}")).into_response())
}

// ---- adding a relationship ----

#[derive(Template)]
#[template(path = "relationship_new.html")]
struct NewRelationshipPage {
    chrome: Chrome,
    family_id: String,
    family_name: String,
    errors: Vec<FieldError>,
    people: Vec<Choice>,
    kinds: Vec<Choice>,
    qualities: Vec<Choice>,
    from: String,
    to: String,
    kind: String,
    quality: String,
    pr: bool,
}
crate::form_page!(NewRelationshipPage);

async fn member_choices(
    state: &AppState,
    family: &Family,
    me: UserId,
) -> Result<Vec<Choice>, WebError> {
    let mut out = Vec::new();
    for m in family.current_members() {
        if let Some(p) = state.store.person(m.person_id).await? {
            if !p.restricted || p.grants.contains(&me) {
                out.push(Choice {
                    code: p.id.to_string(),
                    label: p.details.full_name(),
                });
            }
        }
    }
    Ok(out)
}

fn kind_choices() -> Vec<Choice> {
    RelationshipKind::ALL
        .iter()
        .map(|k| Choice {
            code: k.code().into(),
            label: k.forward_label().into(),
        })
        .collect()
}

fn quality_choices() -> Vec<Choice> {
    RelationshipQuality::ALL
        .iter()
        .map(|k| Choice {
            code: k.code().into(),
            label: k.label().into(),
        })
        .collect()
}

pub async fn new_relationship_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
) -> Result<Html<String>, WebError> {
    let family = Chokepoint::new(&state, &s.user, request_id(&rid))
        .family(id, Action::WriteRecord)
        .await?;
    render(NewRelationshipPage {
        chrome: Chrome::for_user(&s, "Record a relationship", ""),
        family_id: family.id.to_string(),
        people: member_choices(&state, &family, s.user.id()).await?,
        family_name: family.name,
        errors: vec![],
        kinds: kind_choices(),
        qualities: quality_choices(),
        from: String::new(),
        to: String::new(),
        kind: String::new(),
        quality: String::new(),
        pr: false,
    })
}

pub async fn new_relationship(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
    body: Bytes,
) -> Result<Response, WebError> {
    let family = Chokepoint::new(&state, &s.user, request_id(&rid))
        .family(id, Action::WriteRecord)
        .await?;
    let pairs = url_pairs(&body);
    let (from, to, kind, quality) = (
        field(&pairs, "from"),
        field(&pairs, "to"),
        field(&pairs, "kind"),
        field(&pairs, "quality"),
    );
    let pr = field(&pairs, "parental_responsibility") == "yes";
    let mut errors = Vec::new();
    let people = member_choices(&state, &family, s.user.id()).await?;
    let from_id = from
        .parse::<PersonId>()
        .ok()
        .filter(|_| people.iter().any(|c| c.code == from));
    let to_id = to
        .parse::<PersonId>()
        .ok()
        .filter(|_| people.iter().any(|c| c.code == to));
    if from_id.is_none() {
        errors.push(FieldError::new("from", "Select the first person"));
    }
    if to_id.is_none() {
        errors.push(FieldError::new("to", "Select the second person"));
    }
    if from_id.is_some() && from_id == to_id {
        errors.push(FieldError::new("to", "Select two different people"));
    }
    let k = RelationshipKind::from_code(&kind);
    if k.is_none() {
        errors.push(FieldError::new("kind", "Select the relationship"));
    }
    if let (true, Some(f), Some(t), Some(k)) = (errors.is_empty(), from_id, to_id, k) {
        let rel = Relationship {
            id: RelationshipId::new(),
            from: f,
            to: t,
            kind: k,
            parental_responsibility: pr,
            quality: RelationshipQuality::from_code(&quality),
            start: None,
            end: None,
        };
        state
            .store
            .append(vec![Event::new(
                Some(s.user.id()),
                views::today(),
                EventBody::RelationshipRecorded { relationship: rel },
            )])
            .await?;
        return Ok(Redirect::to(&format!("/families/{}", family.id)).into_response());
    }
    let mut res = render(NewRelationshipPage {
        chrome: Chrome::for_user(&s, "Record a relationship", ""),
        family_id: family.id.to_string(),
        family_name: family.name,
        errors,
        people,
        kinds: kind_choices(),
        qualities: quality_choices(),
        from,
        to,
        kind,
        quality,
        pr,
    })?
    .into_response();
    *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::similar_name;

    #[test]
    fn similar_names_across_alphabets_without_panicking() {
        assert!(similar_name("kozłowski", "kozłowska"));
        assert!(similar_name("smith", "smyth"));
        assert!(!similar_name("smith", "jones"));
        // Multi-byte characters at the fourth position must not split.
        assert!(!similar_name("łłłł", "abcd"));
        assert!(similar_name("王小明", "王小"));
    }
}
