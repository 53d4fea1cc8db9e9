//! Families-for-Enterprise sponsorships: members offer them, self-hosted
//! servers sync them to the cloud, the cloud e-mails and redeems them.

mod cloud;
pub mod job;
pub mod maintenance;
mod manage;
mod offers;
mod routes;
pub mod rules;
pub mod schedule;
pub mod store;
pub mod token;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes served by both roles.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(routes::sync_status))
}

/// Routes only the cloud serves.
#[allow(deprecated)] // Bitwarden's legacy aliases are served on purpose
pub fn cloud_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(offers::create_cloud_sponsorship))
        .routes(routes!(offers::resend_sponsorship_offer))
        .routes(routes!(offers::revoke_cloud_sponsorship))
        .routes(routes!(manage::post_revoke_cloud_sponsorship))
        .routes(routes!(manage::list_cloud_sponsorships))
        .routes(routes!(manage::revoke_cloud_sponsorship_by_name))
        .routes(routes!(manage::remove_sponsorship))
        .routes(routes!(manage::post_remove_sponsorship))
        .routes(routes!(cloud::sync_sponsorships))
        .routes(routes!(cloud::validate_token))
        .routes(routes!(cloud::redeem))
}

/// Routes only self-hosted servers serve.
#[allow(deprecated)] // Bitwarden's legacy alias is served on purpose
pub fn self_hosted_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(offers::create_self_hosted_sponsorship))
        .routes(routes!(offers::revoke_self_hosted_sponsorship))
        .routes(routes!(manage::post_revoke_self_hosted_sponsorship))
        .routes(routes!(manage::list_self_hosted_sponsorships))
        .routes(routes!(manage::revoke_self_hosted_sponsorship_by_name))
        .routes(routes!(job::sync_now))
        .routes(routes!(job::sync_runs))
}
