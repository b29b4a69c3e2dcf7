//! The child's own views: each child's worries, good things and dreams in
//! their own words over time, with the drawings they chose to share; a form
//! (multipart, so a drawing can be uploaded without JavaScript) to record or
//! carry on a sitting; and the one route a drawing is served through.
//!
//! A drawing is checked twice on the way in: its size, and its type read
//! from its first bytes (PNG or JPEG only; what the browser claims is
//! ignored). On the way out it is served only after the family and the
//! child's own record have been checked through the chokepoint (both
//! audited), with the stored type and headers that stop a browser treating
//! it as anything else.

use super::{date_field, DateParts, FamilyWork};
use crate::authz::Chokepoint;
use crate::error::WebError;
use crate::pages::{render, request_id, Path};
use crate::security::RequestId;
use crate::session::{form_value, SignedIn};
use crate::views::{self, Chrome, FieldError};
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, RawQuery, State};
use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Extension;
use hearth_core::access::Action;
use hearth_core::ids::{FamilyId, PersonId, PracticeId};
use hearth_core::practice::voice::{
    is_sha256, sniff_image, ChildsViews, Drawing, MAX_DRAWING_BYTES,
};
use hearth_core::practice::{PracticeRecord, Tool};

/// The body limit of the form's routes: the largest drawing and the text.
pub const FORM_LIMIT: usize = MAX_DRAWING_BYTES + 256 * 1024;

pub struct DrawingView {
    pub src: String,
    pub description: String,
}

pub struct SittingView {
    pub id: String,
    pub family_id: String,
    pub on: String,
    /// (heading, the child's words, one line each)
    pub sections: Vec<(&'static str, Vec<String>)>,
    pub how_gathered: String,
    pub drawings: Vec<DrawingView>,
}

pub struct ChildViews {
    pub id: String,
    pub name: String,
    pub sittings: Vec<SittingView>,
}

#[derive(Template)]
#[template(path = "practice/views.html")]
pub struct ViewsPage {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub children: Vec<ChildViews>,
}

fn lines(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// One sitting as shown, on the family's page or the child's own.
pub fn sitting_view(family: FamilyId, r: &PracticeRecord, v: &ChildsViews) -> SittingView {
    SittingView {
        id: r.id.to_string(),
        family_id: family.to_string(),
        on: views::date(r.on),
        sections: ChildsViews::SECTIONS
            .iter()
            .map(|(f, heading, _)| (*heading, lines(v.section(f))))
            .filter(|(_, l)| !l.is_empty())
            .collect(),
        how_gathered: v.how_gathered.clone(),
        drawings: v
            .drawings
            .iter()
            .map(|d| DrawingView {
                src: format!("/families/{family}/views/{}/drawings/{}", r.id, d.sha256),
                description: d.description.clone(),
            })
            .collect(),
    }
}

pub async fn list(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::ReadRecord).await?;
    let records = work.records(&state, "childs_views").await?;
    let children = work
        .children()
        .iter()
        .map(|c| ChildViews {
            id: c.id.to_string(),
            name: c.details.full_name(),
            sittings: records
                .iter()
                .filter_map(|r| match &r.tool {
                    Tool::ChildsViews(v) if v.child == Some(c.id) => Some(sitting_view(id, r, v)),
                    _ => None,
                })
                .collect(),
        })
        .collect();
    render(ViewsPage {
        chrome: Chrome::for_user(
            &s,
            format!("The children's views: {}", work.family.name),
            "",
        ),
        family_id: id.to_string(),
        name: work.family.name.clone(),
        children,
    })
}

/// The child's own views as their person page shows them (newest first),
/// for someone already allowed to read the child's record.
pub async fn for_child(state: &AppState, child: PersonId) -> Result<Vec<SittingView>, WebError> {
    let mut records: Vec<PracticeRecord> = state
        .store
        .practice_where("person", &child.to_string())
        .await?
        .into_iter()
        .filter(|r| r.is_current())
        .collect();
    records.sort_by_key(|r| std::cmp::Reverse(r.on));
    Ok(records
        .iter()
        .filter_map(|r| match (&r.tool, r.scope.family()) {
            (Tool::ChildsViews(v), Some(f)) if v.child == Some(child) => {
                Some(sitting_view(f, r, v))
            }
            _ => None,
        })
        .collect())
}

pub struct DrawingForm {
    pub sha: String,
    pub src: String,
    pub description: String,
    pub remove: bool,
}

#[derive(Template)]
#[template(path = "practice/views_form.html")]
pub struct ViewsForm {
    pub chrome: Chrome,
    pub family_id: String,
    pub name: String,
    pub action: String,
    pub record_id: String,
    pub version: u32,
    pub on: DateParts,
    pub children: Vec<(String, String)>,
    pub child: String,
    pub child_name: String,
    pub sections: Vec<(&'static str, &'static str, &'static str, String)>,
    pub how_gathered: String,
    pub drawings: Vec<DrawingForm>,
    pub new_description: String,
    pub max_mb: usize,
    pub errors: Vec<FieldError>,
}

impl ViewsForm {
    pub fn err(&self, f: &str) -> Option<&str> {
        views::error_for(&self.errors, f)
    }
}

fn form_page(
    s: &SignedIn,
    work: &FamilyWork,
    record: Option<&PracticeRecord>,
    v: &ChildsViews,
) -> ViewsForm {
    let id = work.family.id;
    ViewsForm {
        chrome: Chrome::for_user(
            s,
            if record.is_some() {
                "Carry on the child's views"
            } else {
                "Record a child's views"
            },
            "",
        ),
        family_id: id.to_string(),
        name: work.family.name.clone(),
        action: match record {
            Some(r) => format!("/families/{id}/views/{}", r.id),
            None => format!("/families/{id}/views/new"),
        },
        record_id: record.map(|r| r.id.to_string()).unwrap_or_default(),
        version: record.map_or(0, |r| r.version),
        on: DateParts::of(Some(record.map_or_else(views::today, |r| r.on))),
        children: std::iter::once((String::new(), "Choose a child".to_string()))
            .chain(
                work.children()
                    .iter()
                    .map(|p| (p.id.to_string(), p.details.full_name())),
            )
            .collect(),
        child: v.child.map(|c| c.to_string()).unwrap_or_default(),
        child_name: v.child.map(|c| work.name_of(c)).unwrap_or_default(),
        sections: ChildsViews::SECTIONS
            .iter()
            .map(|(f, h, hint)| (*f, *h, *hint, v.section(f).to_string()))
            .collect(),
        how_gathered: v.how_gathered.clone(),
        drawings: v
            .drawings
            .iter()
            .map(|d| DrawingForm {
                sha: d.sha256.clone(),
                src: record
                    .map(|r| format!("/families/{id}/views/{}/drawings/{}", r.id, d.sha256))
                    .unwrap_or_default(),
                description: d.description.clone(),
                remove: false,
            })
            .collect(),
        new_description: String::new(),
        max_mb: MAX_DRAWING_BYTES / (1024 * 1024),
        errors: vec![],
    }
}

pub async fn new_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
    RawQuery(q): RawQuery,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    let pairs = crate::session::url_pairs(q.unwrap_or_default().as_bytes());
    let chosen = work.picked(&[form_value(&pairs, "child")]).first().copied();
    let v = ChildsViews {
        child: chosen,
        ..Default::default()
    };
    render(form_page(&s, &work, None, &v))
}

pub async fn edit_page(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, pid)): Path<(FamilyId, PracticeId)>,
) -> Result<Html<String>, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    let r = work.record(&state, pid, "childs_views").await?;
    let Tool::ChildsViews(v) = &r.tool else {
        return Err(WebError::NotFound);
    };
    render(form_page(&s, &work, Some(&r), v))
}

pub async fn create(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<FamilyId>,
    form: Multipart,
) -> Result<Response, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    save(&state, &s, &work, None, form).await
}

pub async fn amend(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, pid)): Path<(FamilyId, PracticeId)>,
    form: Multipart,
) -> Result<Response, WebError> {
    let work = FamilyWork::open(&state, &s, &rid, id, Action::WriteRecord).await?;
    let r = work.record(&state, pid, "childs_views").await?;
    save(&state, &s, &work, Some(r), form).await
}

/// What the multipart form sent: its text fields, and the drawing's bytes
/// (or a message if it could not be read in full).
struct Sent {
    fields: Vec<(String, String)>,
    file: Option<Result<Vec<u8>, String>>,
}

fn too_big() -> String {
    format!(
        "The drawing must be smaller than {} MB",
        MAX_DRAWING_BYTES / (1024 * 1024)
    )
}

async fn read_form(mut form: Multipart) -> Sent {
    let mut fields = Vec::new();
    let mut file = None;
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            // The body ran past the limit (or was cut off).
            Err(_) => {
                file.get_or_insert(Err(too_big()));
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        let is_file = field.file_name().is_some();
        match field.bytes().await {
            Ok(b) if is_file && name == "drawing" => {
                if !b.is_empty() {
                    file = Some(if b.len() > MAX_DRAWING_BYTES {
                        Err(too_big())
                    } else {
                        Ok(b.to_vec())
                    });
                }
            }
            Ok(b) if !is_file => fields.push((name, String::from_utf8_lossy(&b).into_owned())),
            Ok(_) => {}
            Err(_) => {
                file = Some(Err(too_big()));
                break;
            }
        }
    }
    Sent { fields, file }
}

async fn save(
    state: &AppState,
    s: &SignedIn,
    work: &FamilyWork,
    existing: Option<PracticeRecord>,
    form: Multipart,
) -> Result<Response, WebError> {
    let sent = read_form(form).await;
    let f = &sent.fields;
    let mut errors = Vec::new();
    let old = match existing.as_ref().map(|r| &r.tool) {
        Some(Tool::ChildsViews(v)) => Some(v.clone()),
        _ => None,
    };
    let on = date_field(f, "on", "Date the views were gathered", &mut errors);
    if on.is_some_and(|d| d > views::today()) {
        errors.push(FieldError::new(
            "on-day",
            "The date must be today or in the past",
        ));
    }
    let child = match &old {
        Some(o) => o.child,
        None => work.picked(&[form_value(f, "child")]).first().copied(),
    };
    if child.is_none() {
        errors.push(FieldError::new(
            "child",
            "Select the child whose views these are",
        ));
    }
    let mut v = ChildsViews {
        child,
        ..Default::default()
    };
    for (field, _, _) in ChildsViews::SECTIONS {
        v.set_section(field, form_value(f, field).trim().to_string());
    }
    v.how_gathered = form_value(f, "how_gathered").trim().to_string();
    for d in old.iter().flat_map(|o| o.drawings.iter()) {
        if !form_value(f, &format!("remove-{}", d.sha256)).is_empty() {
            continue;
        }
        let description = form_value(f, &format!("description-{}", d.sha256))
            .trim()
            .to_string();
        if description.is_empty() {
            errors.push(FieldError::new(
                &format!("description-{}", d.sha256),
                "Describe what the drawing shows, in the child's words",
            ));
        }
        v.drawings.push(Drawing {
            description,
            ..d.clone()
        });
    }
    let new_description = form_value(f, "new_description").trim().to_string();
    let mut upload: Option<(&'static str, &[u8])> = None;
    match &sent.file {
        Some(Err(msg)) => errors.push(FieldError::new("drawing", msg.clone())),
        Some(Ok(bytes)) => match sniff_image(bytes) {
            None => errors.push(FieldError::new(
                "drawing",
                "The drawing must be a PNG or JPEG picture: the file chosen is not one",
            )),
            Some(kind) => {
                if new_description.is_empty() {
                    errors.push(FieldError::new(
                        "new_description",
                        "Describe what the drawing shows, in the child's words: it is read out to people who cannot see it",
                    ));
                }
                upload = Some((kind, bytes.as_slice()));
            }
        },
        None if !new_description.is_empty() => errors.push(FieldError::new(
            "drawing",
            "Choose the drawing's file, or clear its description",
        )),
        None => {}
    }
    if errors.is_empty() && v.is_empty() && upload.is_none() {
        errors.push(FieldError::new(
            "worries",
            "Write what the child said, or add a drawing they shared",
        ));
    }
    if errors.is_empty() {
        if let Some((kind, bytes)) = upload {
            let sha = state.store.put_attachment(kind, bytes).await?;
            if !v.drawings.iter().any(|d| d.sha256 == sha) {
                v.drawings.push(Drawing {
                    sha256: sha,
                    media_type: kind.to_string(),
                    description: new_description.clone(),
                });
            }
        }
    } else if upload.is_some() {
        // A file cannot be put back in a file input: say so beside it.
        errors.push(FieldError::new(
            "drawing",
            "Choose the drawing again: a file is not kept when the form has a problem",
        ));
    }
    let typed_version: u32 = form_value(f, "version").parse().unwrap_or(0);
    if let (true, Some(on)) = (errors.is_empty(), on) {
        let mut record = match &existing {
            Some(r) => {
                let mut next = r.amended(Tool::ChildsViews(v.clone()));
                next.version = typed_version + 1;
                next
            }
            None => PracticeRecord::new(
                work.scope(),
                Some(s.user.id()),
                on,
                Tool::ChildsViews(v.clone()),
            ),
        };
        record.on = on;
        record.about = v.child.into_iter().collect();
        let rid = record.id;
        match super::save(state, s, record).await? {
            Ok(()) => {
                let fam = work.family.id;
                let to = if form_value(f, "next") == "carry_on" {
                    format!("/families/{fam}/views/{rid}")
                } else {
                    format!("/families/{fam}/views")
                };
                return Ok(Redirect::to(&to).into_response());
            }
            Err(msg) => errors.push(FieldError::new("worries", msg)),
        }
    }
    // Shown again: the drawings as they were, with what was typed.
    let mut shown = v.clone();
    shown.drawings = old.map(|o| o.drawings).unwrap_or_default();
    let mut page = form_page(s, work, existing.as_ref(), &shown);
    page.chrome.title = format!("Error: {}", page.chrome.title);
    page.on = DateParts::typed(f, "on");
    page.child = form_value(f, "child");
    for d in &mut page.drawings {
        d.description = form_value(f, &format!("description-{}", d.sha));
        d.remove = !form_value(f, &format!("remove-{}", d.sha)).is_empty();
    }
    page.new_description = new_description;
    page.version = typed_version;
    page.errors = errors;
    Ok(super::invalid(render(page)?))
}

/// A drawing, served only to someone who may read the child's record.
pub async fn drawing(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((id, pid, sha)): Path<(FamilyId, PracticeId, String)>,
) -> Result<Response, WebError> {
    if !is_sha256(&sha) {
        return Err(WebError::NotFound);
    }
    let work = FamilyWork::open(&state, &s, &rid, id, Action::ReadRecord).await?;
    let r = work.record(&state, pid, "childs_views").await?;
    let Tool::ChildsViews(v) = &r.tool else {
        return Err(WebError::NotFound);
    };
    if !v.drawings.iter().any(|d| d.sha256 == sha) {
        return Err(WebError::NotFound);
    }
    let child = v.child.ok_or(WebError::NotFound)?;
    Chokepoint::new(&state, &s.user, request_id(&rid))
        .person(child, Action::ReadRecord)
        .await?;
    let file = state
        .store
        .get_attachment(&sha)
        .await?
        .ok_or(WebError::NotFound)?;
    // Only the types a drawing may be are ever sent, whatever is stored.
    let kind = match file.media_type.as_str() {
        "image/png" => "image/png",
        "image/jpeg" => "image/jpeg",
        _ => return Err(WebError::NotFound),
    };
    let mut res = file.bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("inline"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(res)
}
