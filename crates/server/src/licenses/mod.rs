//! Organization licenses: the file format, signing on the cloud and
//! verification on self-hosted servers.

pub mod format;
pub mod issue;
mod routes;
pub mod self_hosted;
pub mod signing;
pub mod store;
pub mod token;
pub mod verify;

pub use routes::check_billing_sync_key;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes only the cloud serves.
pub fn cloud_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::download_license))
        .routes(routes!(routes::license_for_installation))
}

/// Routes only self-hosted servers serve.
pub fn self_hosted_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(self_hosted::create_organization_from_license))
        .routes(routes!(self_hosted::update_license))
        .routes(routes!(self_hosted::sync_license))
}
