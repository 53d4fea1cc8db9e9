//! Organization licenses: the file format, signing on the cloud and
//! verification on self-hosted servers.

pub mod format;
pub mod issue;
mod routes;
pub mod self_hosted;
pub mod signing;
pub mod verify;

pub use routes::check_billing_sync_key;

use crate::db;
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use wire::ids::InstallationId;
use wire::OrganizationId;

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

/// Records that an installation holds this organization's license.
async fn link_installation(
    state: &AppState,
    org: OrganizationId,
    installation: InstallationId,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO organization_installations (organization_id, installation_id, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (organization_id, installation_id) DO NOTHING",
    )
    .bind(org.to_string())
    .bind(installation.to_string())
    .bind(db::ts(db::now()))
    .execute(&state.db)
    .await?;
    Ok(())
}
