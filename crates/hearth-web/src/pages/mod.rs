//! The HTML pages. Each module is one area of the app; each handler takes the
//! signed-in practitioner and goes through the chokepoint for any record.

pub mod admin;
pub mod auth;
pub mod chronology;
pub mod edit;
pub mod family;
pub mod journey;
pub mod outcomes;
pub mod outcomes_admin;
pub mod person;
pub mod pictures;
pub mod practice;
pub mod pulse;
pub mod records;
pub mod returns;
pub mod search;
pub mod shared;
pub mod summary;
pub mod team;
pub mod unit;
pub mod work;

use crate::error::WebError;
use crate::security::RequestId;
use crate::AppState;
use askama::Template;
use axum::response::Html;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sign-in", get(auth::sign_in_page).post(auth::sign_in))
        .route("/sign-out", post(auth::sign_out))
        .route("/", get(work::my_work))
        .route("/search", get(search::search))
        .route("/teams/{id}", get(team::team_page))
        .route("/warnings", get(search::warnings_register))
        .route(
            "/families/new",
            get(edit::new_family_page).post(edit::new_family),
        )
        .route("/families/{id}", get(family::family_page))
        .route("/families/{id}/genogram", get(pictures::genogram_page))
        .route("/families/{id}/ecomap", get(pictures::ecomap_page))
        .route(
            "/families/{id}/households/new",
            get(edit::new_household_page).post(edit::new_household),
        )
        .route(
            "/families/{id}/chronology/entries",
            post(edit::add_family_entry),
        )
        .route(
            "/families/{id}/team",
            get(edit::team_member_page).post(edit::add_team_member),
        )
        .route(
            "/families/{id}/relationships/{rel}/end",
            post(edit::end_relationship),
        )
        .route(
            "/families/{id}/members/{person}/leave",
            post(edit::leave_family),
        )
        .route(
            "/households/{id}/residents/{person}/move-out",
            post(edit::move_out),
        )
        .route(
            "/families/{id}/team/{user}/end",
            post(edit::end_team_member),
        )
        .route("/warnings/{id}/review", post(edit::review_warning))
        .route(
            "/people/{id}/edit",
            get(edit::edit_person_page).post(edit::edit_person),
        )
        .route(
            "/people/{id}/chronology/entries",
            post(edit::add_person_entry),
        )
        .route(
            "/families/{id}/chronology",
            get(chronology::family_chronology),
        )
        .route(
            "/families/{id}/people/new",
            get(family::new_person_page).post(family::new_person),
        )
        .route(
            "/families/{id}/relationships/new",
            get(family::new_relationship_page).post(family::new_relationship),
        )
        .route("/families/{id}/practice", get(practice::hub::page))
        .route("/families/{id}/summary", get(summary::page))
        .route(
            "/families/{id}/practice/{pid}/remove",
            get(practice::hub::remove_page).post(practice::hub::remove),
        )
        .route(
            "/families/{id}/chronology/analysis",
            get(practice::analysis::show).post(practice::analysis::add),
        )
        .route("/families/{id}/mapping", get(practice::mapping::list))
        .route(
            "/families/{id}/mapping/new",
            get(practice::mapping::new_page).post(practice::mapping::create),
        )
        .route(
            "/families/{id}/mapping/{pid}",
            get(practice::mapping::edit_page).post(practice::mapping::amend),
        )
        .route("/families/{id}/scaling", get(practice::scaling::list))
        .route(
            "/families/{id}/scaling/new",
            get(practice::scaling::new_page).post(practice::scaling::create),
        )
        .route(
            "/families/{id}/scaling/{pid}",
            get(practice::scaling::edit_page).post(practice::scaling::amend),
        )
        .route("/families/{id}/tasks", get(practice::delegation::list))
        .route(
            "/families/{id}/tasks/new",
            get(practice::delegation::new_page).post(practice::delegation::create),
        )
        .route(
            "/families/{id}/tasks/{pid}/done",
            get(practice::delegation::done_page).post(practice::delegation::mark_done),
        )
        .route("/families/{id}/visit-plans", get(practice::intensity::list))
        .route(
            "/families/{id}/visit-plans/new",
            get(practice::intensity::plan_page).post(practice::intensity::save_plan),
        )
        .route(
            "/people/{id}/supporting-social-worker",
            get(practice::intensity::support_page).post(practice::intensity::save_support),
        )
        .route(
            "/my-time",
            get(practice::timesheet::my_time).post(practice::timesheet::record_time),
        )
        .route(
            "/practitioners/{id}/time",
            get(practice::timesheet::practitioner_time),
        )
        .route(
            "/families/{id}/specialists",
            get(practice::specialists::specialists).post(practice::specialists::add_specialist),
        )
        .route(
            "/families/{id}/specialists/{pid}/end",
            post(practice::specialists::end_specialist),
        )
        .route(
            "/families/{id}/sharing",
            get(practice::specialists::sharing),
        )
        .route(
            "/families/{id}/sharing/new",
            get(practice::specialists::new_sharing_page).post(practice::specialists::new_sharing),
        )
        .route(
            "/families/{id}/sharing/{pid}/stop",
            post(practice::specialists::stop_sharing),
        )
        .route("/shared", get(shared::list))
        .route("/shared/{id}", get(shared::one))
        .route(
            "/families/{id}/conferences",
            get(practice::conference::list),
        )
        .route(
            "/families/{id}/conferences/new",
            get(practice::conference::new_page).post(practice::conference::create),
        )
        .route(
            "/families/{id}/conferences/{pid}",
            get(practice::conference::edit_page).post(practice::conference::amend),
        )
        .route(
            "/families/{id}/conferences/{pid}/review",
            get(practice::conference::review_form).post(practice::conference::review),
        )
        .route("/families/{id}/feedback", get(practice::feedback::list))
        .route(
            "/families/{id}/feedback/new",
            get(practice::feedback::new_page).post(practice::feedback::create),
        )
        .route("/families/{id}/views", get(practice::voice::list))
        .route(
            "/families/{id}/views/new",
            get(practice::voice::new_page)
                .post(practice::voice::create)
                .layer(axum::extract::DefaultBodyLimit::max(
                    practice::voice::FORM_LIMIT,
                )),
        )
        .route(
            "/families/{id}/views/{pid}",
            get(practice::voice::edit_page)
                .post(practice::voice::amend)
                .layer(axum::extract::DefaultBodyLimit::max(
                    practice::voice::FORM_LIMIT,
                )),
        )
        .route(
            "/families/{id}/views/{pid}/drawings/{sha}",
            get(practice::voice::drawing),
        )
        .route("/families/{id}/safety-plan", get(practice::safety::page))
        .route(
            "/families/{id}/safety-plan/new",
            get(practice::safety::new_page).post(practice::safety::create),
        )
        .route(
            "/families/{id}/safety-plan/{pid}",
            get(practice::safety::edit_page).post(practice::safety::amend),
        )
        .route("/families/{id}/hypotheses", get(practice::hypothesis::list))
        .route(
            "/families/{id}/hypotheses/new",
            get(practice::hypothesis::new_page).post(practice::hypothesis::create),
        )
        .route(
            "/families/{id}/hypotheses/{pid}",
            get(practice::hypothesis::edit_page).post(practice::hypothesis::amend),
        )
        .route(
            "/families/{id}/hypotheses/{pid}/revisit",
            get(practice::hypothesis::revisit_page).post(practice::hypothesis::revisit),
        )
        .route(
            "/families/{id}/discussions",
            get(practice::discussion::list),
        )
        .route(
            "/families/{id}/discussions/new",
            get(practice::discussion::new_page).post(practice::discussion::create),
        )
        .route(
            "/families/{id}/discussions/{pid}",
            get(practice::discussion::edit_page).post(practice::discussion::amend),
        )
        .route(
            "/families/{id}/discussions/{pid}/actions/{n}/done",
            post(practice::discussion::action_done),
        )
        .route(
            "/families/{id}/discussions/{pid}/sign-off",
            get(practice::discussion::sign_off_page).post(practice::discussion::sign_off),
        )
        .route("/units/{id}", get(unit::unit_page))
        .route(
            "/units/{id}/meetings/new",
            get(unit::meeting::new_page).post(unit::meeting::create),
        )
        .route("/units/{id}/meetings/{mid}", get(unit::meeting::page))
        .route(
            "/units/{id}/meetings/{mid}/edit",
            get(unit::meeting::edit_page).post(unit::meeting::amend),
        )
        .route("/people/{id}", get(person::person_page))
        .route("/people/{id}/journey", get(journey::journey_page))
        .route(
            "/people/{id}/journey/new/{kind}",
            get(journey::new_step_page).post(journey::new_step),
        )
        .route(
            "/people/{id}/journey/steps/{step}",
            get(journey::step_page).post(journey::amend_step),
        )
        .route(
            "/people/{id}/journey/steps/{step}/remove",
            post(journey::remove_step),
        )
        .route(
            "/people/{id}/chronology",
            get(chronology::person_chronology),
        )
        .route("/people/{id}/access-log", get(person::access_log))
        .route(
            "/people/{id}/break-glass",
            get(person::break_glass_page).post(person::break_glass),
        )
        .route(
            "/people/{id}/warnings/new",
            get(person::new_warning_page).post(person::new_warning),
        )
        .route(
            "/people/{id}/allocation",
            get(person::allocation_page).post(person::allocate),
        )
        .route("/people/{id}/drafts", post(records::start_draft))
        .route(
            "/drafts/{id}",
            get(records::draft_page).post(records::save_draft),
        )
        .route("/drafts/{id}/autosave", post(records::autosave))
        .route("/records/{id}", get(records::record_page))
        .route(
            "/records/{id}/correct",
            get(records::correct_page).post(records::correct),
        )
        .route("/outcomes", get(outcomes::council))
        .route("/outcomes/wall", get(outcomes::wall::council))
        .route("/outcomes/measures/{id}", get(outcomes::drill::council))
        .route("/outcomes/teams/{id}", get(outcomes::team))
        .route("/outcomes/teams/{id}/wall", get(outcomes::wall::team))
        .route(
            "/outcomes/teams/{id}/measures/{mid}",
            get(outcomes::drill::team),
        )
        .route("/outcomes/units/{id}", get(outcomes::unit))
        .route(
            "/outcomes/units/{id}/measures/{mid}",
            get(outcomes::drill::unit),
        )
        .route("/outcomes/workers/{id}", get(outcomes::worker))
        .route(
            "/outcomes/workers/{id}/measures/{mid}",
            get(outcomes::drill::worker),
        )
        .route("/returns", get(returns::page).post(returns::upload))
        .route("/returns/reports/{id}", get(returns::download))
        .route("/admin/users", get(admin::users).post(admin::add_user))
        .route("/admin/users/{id}", get(admin::user))
        .route("/admin/users/{id}/membership", post(admin::move_user))
        .route("/admin/users/{id}/disable", post(admin::disable_user))
        .route("/admin/users/{id}/password", post(admin::reset_password))
        .route("/admin/teams", get(admin::teams).post(admin::add_team))
        .route("/admin/units", post(admin::add_unit))
        .merge(outcomes_admin::routes())
        .fallback(not_found)
}

async fn not_found() -> WebError {
    WebError::NotFound
}

/// Renders a page template.
pub fn render<T: Template>(t: T) -> Result<Html<String>, WebError> {
    Ok(Html(t.render()?))
}

pub fn request_id(r: &Option<axum::Extension<RequestId>>) -> Option<String> {
    r.as_ref().map(|e| e.0 .0.clone())
}

/// A path parameter; a malformed one (say, not a UUID) is "page not found",
/// shown as a page rather than a bare text error.
pub struct Path<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for Path<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = WebError;
    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(v)| Path(v))
            .map_err(|_| WebError::NotFound)
    }
}
