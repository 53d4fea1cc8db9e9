//! Families-for-Enterprise sponsorships: members offer them, self-hosted
//! servers sync them to the cloud, the cloud e-mails and redeems them.

mod cloud;
pub mod job;
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
pub fn cloud_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(offers::create_cloud_sponsorship))
        .routes(routes!(offers::resend_sponsorship_offer))
        .routes(routes!(offers::revoke_cloud_sponsorship))
        .routes(routes!(cloud::sync_sponsorships))
        .routes(routes!(cloud::validate_token))
        .routes(routes!(cloud::redeem))
}

/// Routes only self-hosted servers serve.
pub fn self_hosted_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(offers::create_self_hosted_sponsorship))
        .routes(routes!(offers::revoke_self_hosted_sponsorship))
        .routes(routes!(job::sync_now))
        .routes(routes!(job::sync_runs))
}
