//! The drill-down behind a number: the children, families or staff the
//! numerator counts. The figure itself is an aggregate the viewer may see;
//! each child and family behind it is decided again by the chokepoint (a
//! read of their record, audited as every list of children is), and those
//! the viewer may not read are counted, never named. Staff are listed only
//! for managers and the data team; anonymous answers and money have no list.

use std::collections::BTreeSet;

use super::{base, csv_response, load, one_report, period_words, show_count, OutcomesQuery, When};
use crate::authz::Chokepoint;
use crate::error::WebError;
use crate::pages::{render, request_id, Path};
use crate::security::RequestId;
use crate::session::{SignedIn, UserCtx};
use crate::views::{self, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use hearth_core::access::{Action, FigureScope};
use hearth_core::ids::{FamilyId, PersonId, TeamId, UnitId, UserId};
use hearth_core::model::{Discipline, Person};
use hearth_insight::catalogue::{self, Counts};
use hearth_insight::report::csv_field;
use hearth_insight::{Behind, Snapshot};

pub struct ChildRow {
    pub id: String,
    pub name: String,
    pub date_of_birth: String,
    pub family_id: Option<String>,
}

pub struct FamilyRow {
    pub id: String,
    pub name: String,
}

pub struct StaffRow {
    pub id: String,
    pub name: String,
}

/// Who is behind a number, as far as the viewer may see.
#[derive(Default)]
pub struct Listing {
    pub children: Vec<ChildRow>,
    /// Children behind the number the viewer may not read.
    pub hidden_children: usize,
    pub families: Vec<FamilyRow>,
    pub hidden_families: usize,
    pub staff: Vec<StaffRow>,
    /// Staff behind the number, not listed because the viewer is neither a
    /// manager nor in the data team.
    pub withheld_staff: usize,
}

/// Whether a viewer may see the staff behind a number.
pub fn may_list_staff(user: &UserCtx) -> bool {
    user.is(Discipline::Manager) || user.is(Discipline::DataTeam)
}

/// Lists who is behind a number for `user`: each child through the
/// chokepoint's decision to read their record (audited), each family the
/// same, staff only for managers and the data team.
pub async fn listing(
    state: &AppState,
    user: &UserCtx,
    rid: Option<String>,
    snapshot: &Snapshot,
    behind: &[Behind],
) -> Result<Listing, WebError> {
    let gate = Chokepoint::new(state, user, rid);
    let unique: BTreeSet<Behind> = behind.iter().copied().collect();
    let mut out = Listing::default();
    let mut people: Vec<Person> = Vec::new();
    let mut families: Vec<FamilyId> = Vec::new();
    let mut staff: Vec<UserId> = Vec::new();
    for b in unique {
        match b {
            Behind::Child(id) => {
                if let Some(p) = person(state, snapshot, id).await? {
                    people.push(p);
                } else {
                    // A child no longer in the record cannot be shown.
                    out.hidden_children += 1;
                }
            }
            Behind::Family(id) => families.push(id),
            Behind::Staff(id) => staff.push(id),
        }
    }
    let asked = people.len();
    let mut visible = gate.visible(people, Action::ReadRecord).await?;
    out.hidden_children += asked - visible.len();
    visible.sort_by_key(|p| p.details.full_name().to_lowercase());
    out.children = visible
        .into_iter()
        .map(|p| ChildRow {
            id: p.id.to_string(),
            name: p.details.full_name(),
            date_of_birth: views::opt_date(p.details.date_of_birth),
            family_id: p.families.first().map(|f| f.to_string()),
        })
        .collect();
    for id in families {
        match gate.family(id, Action::ReadRecord).await {
            Ok(f) => out.families.push(FamilyRow {
                id: f.id.to_string(),
                name: f.name,
            }),
            Err(WebError::Refused(..)) | Err(WebError::NotFound) => out.hidden_families += 1,
            Err(e) => return Err(e),
        }
    }
    out.families.sort_by(|a, b| a.name.cmp(&b.name));
    if may_list_staff(user) {
        out.staff = staff
            .iter()
            .map(|id| StaffRow {
                id: id.to_string(),
                name: snapshot.practitioner(*id).map_or_else(
                    || "A former member of staff".into(),
                    |p| p.display_name.clone(),
                ),
            })
            .collect();
        out.staff.sort_by(|a, b| a.name.cmp(&b.name));
    } else {
        out.withheld_staff = staff.len();
    }
    Ok(out)
}

async fn person(
    state: &AppState,
    snapshot: &Snapshot,
    id: PersonId,
) -> Result<Option<Person>, WebError> {
    match snapshot.children.binary_search_by_key(&id, |c| c.person.id) {
        Ok(i) => Ok(snapshot.children.get(i).map(|c| c.person.clone())),
        Err(_) => Ok(state.store.person(id).await?),
    }
}

/// "3 more children you do not have access to".
pub fn more(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 more {one} you do not have access to")
    } else {
        format!("{n} more {many} you do not have access to")
    }
}

#[derive(Template)]
#[template(path = "outcomes/drill.html")]
struct DrillPage {
    chrome: Chrome,
    scope_name: String,
    back: String,
    id: &'static str,
    title: &'static str,
    definition: &'static str,
    numerator_words: &'static str,
    denominator_words: &'static str,
    period: String,
    value: String,
    numerator: String,
    denominator: String,
    note: Option<String>,
    counts: &'static str,
    listing: Listing,
    hidden_children: String,
    hidden_families: String,
    csv: String,
}

async fn drill(
    state: AppState,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    scope: FigureScope,
    id: String,
    q: OutcomesQuery,
) -> Result<Response, WebError> {
    let m = catalogue::measure(&id).ok_or(WebError::NotFound)?;
    let when = When::parse(q.year.as_deref(), q.as_at.as_deref(), views::today())?;
    let rid = request_id(&rid);
    let gate = Chokepoint::new(&state, &s.user, rid.clone());
    gate.outcomes(scope).await?;
    let snapshot = load(&state, when.today).await?;
    let report = one_report(snapshot.clone(), scope, when.main()).await?;
    let v = report.get(m.id).ok_or(WebError::NotFound)?;
    let listing = match m.counts {
        Counts::Nobody => Listing::default(),
        _ => listing(&state, &s.user, rid, &snapshot, &v.behind).await?,
    };
    if q.csv() {
        let mut out = String::from("kind,id,name\n");
        for c in &listing.children {
            out.push_str(&format!("child,{},{}\n", c.id, csv_field(&c.name)));
        }
        for f in &listing.families {
            out.push_str(&format!("family,{},{}\n", f.id, csv_field(&f.name)));
        }
        for p in &listing.staff {
            out.push_str(&format!("staff,{},{}\n", p.id, csv_field(&p.name)));
        }
        let name = format!(
            "outcomes-{}-{}-{}.csv",
            report.scope.kind,
            m.id,
            views::iso_date(v.period.end)
        );
        return Ok(csv_response(&name, out));
    }
    let b = base(scope);
    let page = DrillPage {
        chrome: Chrome::for_user(
            &s,
            format!("{}: {}", m.title, report.scope.name),
            "outcomes",
        ),
        scope_name: report.scope.name.clone(),
        back: format!("{b}?{}#{}", when.query(), m.id),
        id: m.id,
        title: m.title,
        definition: m.definition,
        numerator_words: m.numerator,
        denominator_words: m.denominator,
        period: period_words(v.period),
        value: v.shown(),
        numerator: show_count(m.scale, v.numerator),
        denominator: show_count(m.scale, v.denominator),
        note: v.note.clone(),
        counts: match m.counts {
            Counts::Children => "children",
            Counts::Families => "families",
            Counts::Staff => "staff",
            Counts::Nobody => "nobody",
        },
        hidden_children: more(listing.hidden_children, "child", "children"),
        hidden_families: more(listing.hidden_families, "family", "families"),
        listing,
        csv: format!("{b}/measures/{}?{}&format=csv", m.id, when.query()),
    };
    Ok(render(page)?.into_response())
}

pub async fn council(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path(id): Path<String>,
    Query(q): Query<OutcomesQuery>,
) -> Result<Response, WebError> {
    drill(state, s, rid, FigureScope::Council, id, q).await
}

pub async fn team(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((scope, id)): Path<(TeamId, String)>,
    Query(q): Query<OutcomesQuery>,
) -> Result<Response, WebError> {
    drill(state, s, rid, FigureScope::Team(scope), id, q).await
}

pub async fn unit(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((scope, id)): Path<(UnitId, String)>,
    Query(q): Query<OutcomesQuery>,
) -> Result<Response, WebError> {
    drill(state, s, rid, FigureScope::Unit(scope), id, q).await
}

pub async fn worker(
    State(state): State<AppState>,
    s: SignedIn,
    rid: Option<Extension<RequestId>>,
    Path((scope, id)): Path<(UserId, String)>,
    Query(q): Query<OutcomesQuery>,
) -> Result<Response, WebError> {
    drill(state, s, rid, FigureScope::Worker(scope), id, q).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_counts_read_as_sentences() {
        assert_eq!(
            more(3, "child", "children"),
            "3 more children you do not have access to"
        );
        assert_eq!(
            more(1, "family", "families"),
            "1 more family you do not have access to"
        );
    }
}
