//! Which self-hosted installations an organization's license was issued to.

use crate::db::{self, Pool};
use wire::ids::InstallationId;
use wire::OrganizationId;

/// Records that an installation holds this organization's license.
pub async fn link_installation(
    pool: &Pool,
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
    .execute(pool)
    .await?;
    Ok(())
}
