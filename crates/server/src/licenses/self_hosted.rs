//! Self-hosted side of licenses: create an organization from a license,
//! upload an updated license, and sync it from the cloud.

use super::format::{parse_license, to_file_json};
use super::verify::{can_use, fits_organization, LicenseContext, LicenseError};
use crate::auth::AuthUser;
use crate::connections::{rules, store as connections};
use crate::error::{ApiError, ApiResult};
use crate::extract::AppMultipart;
use crate::organizations::store::{self as orgs};
use crate::policy::{can, OrgAccess};
use crate::state::AppState;
use axum::extract::{Multipart, State};
use axum::Json;
use std::path::PathBuf;
use wire::connections::OrganizationConnectionType;
use wire::error::ErrorCode;
use wire::licenses::OrganizationLicense;
use wire::organizations::{OrganizationResponse, PlanResponse};
use wire::OrganizationId;

/// Bitwarden refuses license uploads larger than this.
pub const MAX_LICENSE_BYTES: usize = 51_200;

/// Where license files go: `globalSettings__licenseDirectory`, or `licenses/` in the data dir.
pub fn license_directory(state: &AppState) -> PathBuf {
    state
        .settings
        .license_directory
        .clone()
        .unwrap_or_else(|| state.data_dir.join("licenses"))
}

/// What a license upload carries: the license, and on creation the `key`
/// field (the new organization's key for the owner, EncString type 4).
struct Upload {
    license: OrganizationLicense,
    /// Checked when it is used (`client_owner_key`).
    key: Option<wire::keys::EncString>,
}

/// The longest `key` field read (a type-4 EncString of a 4096-bit key is
/// under 700 characters).
const MAX_KEY_FIELD: usize = 4096;

/// Reads the `license` file field (and the `key` text field) of a multipart upload.
async fn read_upload(mut multipart: Multipart) -> ApiResult<Upload> {
    let too_large = || {
        ApiError::Coded {
        message: "Invalid license. The file is larger than 50 KB: upload the license file you downloaded from the \
                  cloud (bitwarden_organization_license.json)."
            .into(),
        code: ErrorCode::LicenseFileTooLarge,
        args: vec![("maxKb", (MAX_LICENSE_BYTES / 1024).to_string())],
    }
    };
    let mut bytes = None;
    let mut key = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(too_large())
            }
            Err(_) => return Err(unreadable_upload()),
        };
        if field
            .name()
            .is_some_and(|n| n.eq_ignore_ascii_case("license"))
        {
            // Read chunk by chunk and stop at the cap: a client cannot make
            // the server take the whole request body limit first.
            let mut data = Vec::new();
            let mut field = field;
            loop {
                match field.chunk().await {
                    Ok(Some(chunk)) => {
                        if data.len() + chunk.len() > MAX_LICENSE_BYTES {
                            return Err(too_large());
                        }
                        data.extend_from_slice(&chunk);
                    }
                    Ok(None) => break,
                    Err(_) => return Err(too_large()),
                }
            }
            bytes = Some(data);
        } else if field.name().is_some_and(|n| n.eq_ignore_ascii_case("key")) {
            let text = field.text().await.map_err(|_| unreadable_upload())?;
            if text.len() > MAX_KEY_FIELD {
                return Err(ApiError::validation(
                    "Key",
                    ErrorCode::OrganizationKeyTooLong,
                    "The organization key is too long.",
                )
                .with_arg("maxLength", MAX_KEY_FIELD.to_string()));
            }
            key = Some(wire::keys::EncString::new_unchecked(text));
        }
    }
    let bytes = bytes.ok_or_else(|| {
        ApiError::validation(
            "License",
            ErrorCode::FieldRequired,
            "The License field is required.",
        )
        .with_arg("field", "License")
    })?;
    let license = parse_license(&bytes).map_err(|_| ApiError::Coded {
        message: "Invalid license. The file is not an organization license: upload the license file you downloaded \
                  from the cloud (bitwarden_organization_license.json)."
            .into(),
        code: ErrorCode::LicenseFileUnreadable,
        args: vec![],
    })?;
    Ok(Upload { license, key })
}

/// A multipart field that cannot be read: Bitwarden's "Invalid license".
fn unreadable_upload() -> ApiError {
    ApiError::bad_request(ErrorCode::LicenseFileUnreadable, "Invalid license")
}

fn context(state: &AppState) -> LicenseContext<'_> {
    LicenseContext {
        installation_id: state.settings.installation_id,
        verifier: state.license_verifier.as_deref(),
        now: crate::db::now(),
    }
}

/// Checks a license for an existing organization, then stores it: file first,
/// then the organization's terms (Bitwarden's update command order).
pub async fn apply_license(
    state: &AppState,
    org: OrganizationId,
    license: &OrganizationLicense,
) -> ApiResult<()> {
    let key = license
        .license_key
        .as_ref()
        .map_or("", wire::Secret::expose);
    if orgs::license_key_in_use(&state.db, key, Some(org)).await? {
        return Err(ApiError::bad_request(
            ErrorCode::LicenseInUse,
            "License is already in use by another organization vault.",
        ));
    }
    let license = &can_use(license, &context(state))?;
    fits_organization(license, orgs::occupied_seats(&state.db, org).await?)?;
    write_license_file(state, org, license).await?;
    orgs::update_from_license(&state.db, org, license).await?;
    Ok(())
}

/// Stores the license in the database (what every replica reads) and, as
/// Bitwarden does, as a file in the license directory.
async fn write_license_file(
    state: &AppState,
    org: OrganizationId,
    license: &OrganizationLicense,
) -> ApiResult<()> {
    let dir = license_directory(state).join("organization");
    let text = to_file_json(license).map_err(|e| ApiError::Internal(e.into()))?;
    super::store::save_license(&state.db, org, &text).await?;
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("cannot create {}: {e}", dir.display())))?;
    // Write then rename, so a crash never leaves half a license behind.
    let path = dir.join(format!("{org}.json"));
    let partial = dir.join(format!("{org}.json.partial"));
    tokio::fs::write(&partial, text)
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    tokio::fs::rename(&partial, &path)
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    Ok(())
}

/// Reads an organization's stored license: from the database, or from the
/// license directory for a license stored before it was kept in the database.
pub async fn read_license_file(
    state: &AppState,
    org: OrganizationId,
) -> Option<OrganizationLicense> {
    match super::store::find_license(&state.db, org).await {
        Ok(Some(text)) => return parse_license(text.as_bytes()).ok(),
        Ok(None) => {}
        Err(e) => {
            tracing::warn!(organization = %org, error = %e, "cannot read the stored license");
            return None;
        }
    }
    let path = license_directory(state)
        .join("organization")
        .join(format!("{org}.json"));
    let bytes = tokio::fs::read(path).await.ok()?;
    parse_license(&bytes).ok()
}

/// True when the organization's stored license verifies with the cloud's certificate.
pub async fn verified_license(
    state: &AppState,
    org: OrganizationId,
) -> Option<OrganizationLicense> {
    let license = read_license_file(state, org).await?;
    state
        .license_verifier
        .as_deref()
        .is_some_and(|v| v.verify_any(&license, crate::db::now()))
        .then_some(license)
}

/// POST /api/organizations/licenses/self-hosted — create an organization from a license (multipart `license`).
#[utoipa::path(post, path = "/api/organizations/licenses/self-hosted", tag = "licenses", security(("bearer" = [])),
    request_body(content = crate::openapi::LicenseUpload, content_type = "multipart/form-data"),
    responses((status = 200, description = "the new organization", body = OrganizationResponse),
              (status = 400, description = "invalid, foreign, expired or unsupported license", body = wire::ErrorResponse)))]
pub async fn create_organization_from_license(
    State(state): State<AppState>,
    user: AuthUser,
    AppMultipart(multipart): AppMultipart,
) -> ApiResult<Json<OrganizationResponse>> {
    let Upload { license, key } = read_upload(multipart).await?;
    let client_key = crate::organizations::keys::client_owner_key(
        key.as_ref().map(wire::keys::EncString::expose),
    )?;
    if license
        .license_type
        .is_none_or(|t| t != wire::licenses::LICENSE_TYPE_ORGANIZATION)
    {
        return Err(ApiError::bad_request(
            ErrorCode::LicenseIsPremium,
            "Premium licenses cannot be applied to an organization vault. Upload this license from your personal account Settings page.",
        ));
    }
    let license = can_use(&license, &context(&state))?;
    let key = license
        .license_key
        .as_ref()
        .map_or("", wire::Secret::expose);
    if orgs::license_key_in_use(&state.db, key, None).await? {
        return Err(ApiError::bad_request(
            ErrorCode::LicenseInUse,
            "License is already in use by another organization vault.",
        ));
    }
    let key = crate::organizations::keys::owner_key(&state.db, user.id, client_key)
        .await
        .map_err(ApiError::Internal)?;
    let org = orgs::Organization {
        escrowed_key: key.escrowed,
        ..orgs::organization_from_license(OrganizationId(uuid::Uuid::new_v4()), &license)
    };
    write_license_file(&state, org.id, &license).await?;
    orgs::create_with_owner(&state.db, &org, user.id, key.owner_key.as_ref()).await?;
    Ok(Json(OrganizationResponse {
        object: "organization".into(),
        id: org.id,
        name: org.name,
        business_name: org.business_name,
        billing_email: org.billing_email,
        plan: PlanResponse::of(org.plan_type),
        plan_type: org.plan_type,
        seats: org.seats,
        max_collections: org.max_collections,
        max_storage_gb: org.max_storage_gb,
        enabled: org.enabled,
        self_host: true,
    }))
}

/// POST /api/organizations/licenses/self-hosted/{id} — upload an updated license (owner, multipart `license`).
#[utoipa::path(post, path = "/api/organizations/licenses/self-hosted/{id}", tag = "licenses", security(("bearer" = [])),
    params(("id" = String, Path, description = "self-hosted organization id")),
    request_body(content = crate::openapi::LicenseUpload, content_type = "multipart/form-data"),
    responses((status = 200, description = "license applied (empty body)"),
              (status = 400, description = "invalid, foreign, expired or unsupported license", body = wire::ErrorResponse),
              (status = 404, description = "not an owner", body = wire::ErrorResponse)))]
pub async fn update_license(
    State(state): State<AppState>,
    access: OrgAccess<can::UploadLicense>,
    AppMultipart(multipart): AppMultipart,
) -> ApiResult<()> {
    let license = read_upload(multipart).await?.license;
    orgs::find(&state.db, access.org)
        .await?
        .ok_or(ApiError::NotFound)?;
    apply_license(&state, access.org, &license).await
}

impl From<LicenseError> for ApiError {
    fn from(err: LicenseError) -> Self {
        let (code, args) = err.code();
        ApiError::Coded {
            message: err.to_string(),
            code,
            args,
        }
    }
}

/// Bitwarden's answer to any failure talking to the cloud during a license sync.
const SYNC_FAILED: &str = "An error has occurred. Check your internet connection and ensure the billing token is correct.";

/// POST /api/organizations/licenses/self-hosted/{id}/sync — pull the license from the cloud (owner).
#[utoipa::path(post, path = "/api/organizations/licenses/self-hosted/{id}/sync", tag = "licenses", security(("bearer" = [])),
    params(("id" = String, Path, description = "self-hosted organization id")),
    responses((status = 200, description = "license synced; LastLicenseSync updated (empty body)"),
              (status = 400, description = "cloud communication disabled, token or cloud problem, invalid license", body = wire::ErrorResponse),
              (status = 404, description = "not an owner, or no billing sync connection", body = wire::ErrorResponse)))]
pub async fn sync_license(
    State(state): State<AppState>,
    access: OrgAccess<can::SyncLicense>,
) -> ApiResult<()> {
    let org = orgs::find(&state.db, access.org)
        .await?
        .ok_or(ApiError::NotFound)?;
    let mut connection = connections::find_for_org(
        &state.db,
        org.id,
        OrganizationConnectionType::CloudBillingSync,
    )
    .await?
    .ok_or(ApiError::NotFound)?;
    if !state.settings.enable_cloud_communication {
        return Err(ApiError::bad_request(
            ErrorCode::CloudCommunicationDisabled,
            "Cloud communication is disabled in global settings",
        ));
    }
    let mut config = rules::billing_sync_config(&connection)
        .map_err(|e| ApiError::bad_request(ErrorCode::ConnectionConfigMalformed, e.to_string()))?;
    let cloud_org = config.cloud_organization_id.ok_or_else(|| {
        ApiError::bad_request(
            ErrorCode::BillingSyncNotSetUp,
            "Failed to get Billing Sync Key",
        )
    })?;
    let license = state
        .cloud
        .fetch_license(
            cloud_org,
            org.license_key.as_ref().map(wire::Secret::expose),
            &config.billing_sync_key,
        )
        .await
        .map_err(|e| {
            tracing::warn!(error = %e, "license sync with the cloud failed");
            let (code, mut args) = e.code();
            args.push(("during", "licenseSync".to_owned()));
            ApiError::Coded {
                message: format!("{SYNC_FAILED} {e}"),
                code,
                args,
            }
        })?;
    apply_license(&state, org.id, &license).await?;
    config.last_license_sync = Some(crate::db::now());
    connection.config = connections::ConnectionConfig::BillingSync(config);
    connections::update(&state.db, &connection).await?;
    // The help page's step 4 ends here: the Families sync follows now, not in a day.
    state.sponsorship_sync.request(org.id);
    Ok(())
}
