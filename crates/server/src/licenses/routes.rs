//! License handlers (cloud side).

use super::issue::issue_license;
use crate::auth::{AuthInstallation, ScopeLicensing};
use crate::error::{ApiError, ApiResult};
use crate::extract::{AppJson, AppQuery};
use crate::organizations::store as orgs;
use crate::policy::{can, OrgAccess};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::Json;
use serde::Deserialize;
use subtle::ConstantTimeEq;
use wire::api_keys::OrganizationApiKeyType;
use wire::error::ErrorCode;
use wire::ids::InstallationId;
use wire::licenses::{OrganizationLicense, SelfHostedOrganizationLicenseRequest};
use wire::{OrganizationId, Secret};

/// Query of the license download.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LicenseQuery {
    installation_id: Option<String>,
}

/// GET /api/organizations/{id}/license?installationId=… — download the signed license (owner).
#[utoipa::path(get, path = "/api/organizations/{id}/license", tag = "licenses", security(("bearer" = [])),
    params(("id" = String, Path, description = "organization id"), ("installationId" = String, Query, description = "the self-hosted installation id")),
    responses((status = 200, description = "the signed license", body = OrganizationLicense),
              (status = 400, description = "invalid installation id or no active subscription", body = wire::ErrorResponse),
              (status = 404, description = "not an owner", body = wire::ErrorResponse)))]
pub async fn download_license(
    State(state): State<AppState>,
    access: OrgAccess<can::DownloadLicense>,
    AppQuery(query): AppQuery<LicenseQuery>,
) -> ApiResult<Json<OrganizationLicense>> {
    let installation: InstallationId = query
        .installation_id
        .as_deref()
        .and_then(|id| id.parse().ok())
        .ok_or_else(|| {
            ApiError::bad_request(ErrorCode::InstallationInvalid, "Invalid installation id")
        })?;
    let org = orgs::find(&state.db, access.org)
        .await?
        .ok_or(ApiError::NotFound)?;
    let license = issue_license(&state, &org, installation).await?;
    super::store::link_installation(&state.db, org.id, installation).await?;
    Ok(Json(license))
}

/// GET /api/licenses/organization/{id} — the license for automatic sync
/// (installation token with `api.licensing`, JSON body with the keys).
#[utoipa::path(get, path = "/api/licenses/organization/{id}", tag = "licenses", security(("bearer" = [])),
    params(("id" = String, Path, description = "cloud organization id")),
    request_body(content = SelfHostedOrganizationLicenseRequest, description = "the keys (a GET with a body)"),
    responses((status = 200, description = "the signed license", body = OrganizationLicense),
              (status = 400, description = "Invalid license key. / Invalid Billing Sync Key / Invalid installation id", body = wire::ErrorResponse),
              (status = 404, description = "unknown organization", body = wire::ErrorResponse)))]
pub async fn license_for_installation(
    State(state): State<AppState>,
    installation: AuthInstallation<ScopeLicensing>,
    Path(id): Path<String>,
    AppJson(body): AppJson<SelfHostedOrganizationLicenseRequest>,
) -> ApiResult<Json<OrganizationLicense>> {
    let org_id: OrganizationId = id.parse().map_err(|_| ApiError::NotFound)?;
    let org = orgs::find(&state.db, org_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !same_secret(
        org.license_key.as_ref().map(wire::Secret::expose),
        body.license_key.as_ref(),
    ) {
        tokio::time::sleep(crate::identity::FAILED_LOGIN_DELAY).await;
        return Err(ApiError::bad_request(
            ErrorCode::LicenseKeyInvalid,
            "Invalid license key.",
        ));
    }
    check_billing_sync_key(&state, org.id, body.billing_sync_key.as_ref()).await?;
    let license = issue_license(&state, &org, installation.id).await?;
    super::store::link_installation(&state.db, org.id, installation.id).await?;
    Ok(Json(license))
}

/// Checks a presented billing sync key against the org's current one
/// (Bitwarden's `Invalid Billing Sync Key`, also when the org has none).
pub async fn check_billing_sync_key(
    state: &AppState,
    org: OrganizationId,
    presented: Option<&Secret>,
) -> ApiResult<()> {
    let stored = orgs::find_api_key(&state.db, org, OrganizationApiKeyType::BillingSync).await?;
    let stored = stored.as_ref().map(|k| k.key.expose());
    if same_secret(stored, presented) {
        Ok(())
    } else {
        Err(ApiError::bad_request(
            ErrorCode::BillingSyncTokenRejected,
            "Invalid Billing Sync Key",
        ))
    }
}

/// Constant-time equality of a stored and a presented secret; empty never matches.
fn same_secret(stored: Option<&str>, presented: Option<&Secret>) -> bool {
    match (stored, presented) {
        (Some(stored), Some(presented)) if !stored.is_empty() && !presented.is_empty() => stored
            .as_bytes()
            .ct_eq(presented.expose().as_bytes())
            .into(),
        _ => false,
    }
}
