//! Which self-hosted installations an organization's license was issued to
//! (cloud), and the license file of each organization (self-hosted).

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

/// Stores the license file (its JSON text) of a self-hosted organization,
/// replacing the previous one.
pub async fn save_license(pool: &Pool, org: OrganizationId, text: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO organization_licenses (organization_id, license, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (organization_id) DO UPDATE SET license = excluded.license, updated_at = excluded.updated_at",
    )
    .bind(org.to_string())
    .bind(text)
    .bind(db::ts(db::now()))
    .execute(pool)
    .await?;
    Ok(())
}

/// The stored license file of a self-hosted organization, if any.
pub async fn find_license(pool: &Pool, org: OrganizationId) -> Result<Option<String>, sqlx::Error> {
    use sqlx::Row;
    sqlx::query("SELECT license FROM organization_licenses WHERE organization_id = $1")
        .bind(org.to_string())
        .fetch_optional(pool)
        .await?
        .map(|row| row.try_get("license"))
        .transpose()
}
