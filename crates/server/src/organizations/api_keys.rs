//! Organization API keys on the cloud; type 1 is the billing sync token that
//! a self-hosted installation presents when it syncs licenses and sponsorships.

use super::store;
use crate::error::{ApiError, ApiResult};
use crate::extract::AppJson;
use crate::identity::installations::random_alphanumeric;
use crate::identity::verification::verify_master_password;
use crate::policy::{can, ActionMarker, OrgAccess};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::Json;
use wire::api_keys::{
    ApiKeyInformation, ApiKeyResponse, ListResponse, OrganizationApiKeyRequest,
    OrganizationApiKeyType,
};
use wire::capabilities;
use wire::error::ErrorCode;
use wire::Secret;

/// Only billing sync keys are handed out (which plans have them is the
/// capability table's, checked by the extractor).
fn require_billing_sync_key(key_type: OrganizationApiKeyType) -> ApiResult<()> {
    if key_type == OrganizationApiKeyType::BillingSync {
        Ok(())
    } else {
        Err(ApiError::bad_request(
            ErrorCode::ApiKeyTypeUnsupported,
            "Only billing sync keys (type 1) are supported.",
        ))
    }
}

/// Re-checks the master password when the table asks for it for action `A`.
async fn reverify<A: ActionMarker>(
    state: &AppState,
    access: &OrgAccess<A>,
    hash: Option<&Secret>,
) -> ApiResult<()> {
    if capabilities::requires_master_password(A::ACTION) {
        verify_master_password(state, &access.user, hash).await?;
    }
    Ok(())
}

/// GET /api/organizations/{id}/api-key-information — which keys exist (owner).
#[utoipa::path(get, path = "/api/organizations/{id}/api-key-information", tag = "billing sync", security(("bearer" = [])),
    params(("id" = String, Path, description = "organization id")),
    responses((status = 200, description = "list of keyInformation", body = ListResponse<ApiKeyInformation>),
              (status = 404, description = "not an owner", body = wire::ErrorResponse)))]
pub async fn api_key_information(
    State(state): State<AppState>,
    access: OrgAccess<can::ViewBillingSyncTokenInformation>,
) -> ApiResult<Json<ListResponse<ApiKeyInformation>>> {
    Ok(Json(ListResponse::new(
        store::list_api_keys(&state.db, access.org).await?,
    )))
}

/// GET /api/organizations/{id}/api-key-information/{type} — the same, one type.
#[utoipa::path(get, path = "/api/organizations/{id}/api-key-information/{type}", tag = "billing sync", security(("bearer" = [])),
    params(("id" = String, Path, description = "organization id"), ("type" = u8, Path, description = "1 = billing sync")),
    responses((status = 200, description = "list of keyInformation", body = ListResponse<ApiKeyInformation>),
              (status = 404, description = "not an owner, or unknown type", body = wire::ErrorResponse)))]
pub async fn api_key_information_of_type(
    State(state): State<AppState>,
    access: OrgAccess<can::ViewBillingSyncTokenInformation>,
    Path((_, key_type)): Path<(String, String)>,
) -> ApiResult<Json<ListResponse<ApiKeyInformation>>> {
    let key_type = parse_type(&key_type)?;
    let data = store::list_api_keys(&state.db, access.org)
        .await?
        .into_iter()
        .filter(|k| k.key_type == key_type)
        .collect();
    Ok(Json(ListResponse::new(data)))
}

fn parse_type(text: &str) -> ApiResult<OrganizationApiKeyType> {
    match text {
        "0" | "Default" => Ok(OrganizationApiKeyType::Default),
        "1" | "BillingSync" => Ok(OrganizationApiKeyType::BillingSync),
        "2" | "Scim" => Ok(OrganizationApiKeyType::Scim),
        _ => Err(ApiError::NotFound),
    }
}

/// POST /api/organizations/{id}/api-key — the billing sync token, created on first use (owner, master password).
#[utoipa::path(post, path = "/api/organizations/{id}/api-key", tag = "billing sync", security(("bearer" = [])),
    params(("id" = String, Path, description = "organization id")),
    request_body = OrganizationApiKeyRequest,
    responses((status = 200, description = "apiKey", body = ApiKeyResponse),
              (status = 400, description = "wrong (after 2 s) or missing master password, key type other than 1", body = wire::ErrorResponse),
              (status = 401, description = "no or invalid token (empty body); `Unauthorized.` when the account is gone", body = wire::ErrorResponse),
              (status = 404, description = "not an owner, or plan without billing sync", body = wire::ErrorResponse),
              (status = 429, description = "too many wrong passwords", body = wire::ErrorResponse)))]
pub async fn get_or_create_api_key(
    State(state): State<AppState>,
    access: OrgAccess<can::ViewBillingSyncToken>,
    AppJson(body): AppJson<OrganizationApiKeyRequest>,
) -> ApiResult<Json<ApiKeyResponse>> {
    require_billing_sync_key(body.key_type)?;
    // Unlike Bitwarden, the password is checked before a key is created, so a
    // wrong password leaves no trace.
    reverify(&state, &access, body.master_password_hash.as_ref()).await?;
    let fresh = Secret::new(random_alphanumeric(30));
    let key = store::get_or_create_api_key(&state.db, access.org, body.key_type, &fresh).await?;
    Ok(Json(ApiKeyResponse::new(key.key, key.revision_date)))
}

/// POST /api/organizations/{id}/rotate-api-key — replace the billing sync token (owner, master password).
#[utoipa::path(post, path = "/api/organizations/{id}/rotate-api-key", tag = "billing sync", security(("bearer" = [])),
    params(("id" = String, Path, description = "organization id")),
    request_body = OrganizationApiKeyRequest,
    responses((status = 200, description = "the new apiKey", body = ApiKeyResponse),
              (status = 400, description = "wrong (after 2 s) or missing master password, key type other than 1", body = wire::ErrorResponse),
              (status = 401, description = "no or invalid token (empty body); `Unauthorized.` when the account is gone", body = wire::ErrorResponse),
              (status = 404, description = "not an owner, or plan without billing sync", body = wire::ErrorResponse),
              (status = 429, description = "too many wrong passwords", body = wire::ErrorResponse)))]
pub async fn rotate_api_key(
    State(state): State<AppState>,
    access: OrgAccess<can::RotateBillingSyncToken>,
    AppJson(body): AppJson<OrganizationApiKeyRequest>,
) -> ApiResult<Json<ApiKeyResponse>> {
    require_billing_sync_key(body.key_type)?;
    reverify(&state, &access, body.master_password_hash.as_ref()).await?;
    let new_key = Secret::new(random_alphanumeric(30));
    let key = store::rotate_api_key(&state.db, access.org, body.key_type, new_key).await?;
    tracing::info!(organization = %access.org, "billing sync token rotated");
    Ok(Json(ApiKeyResponse::new(key.key, key.revision_date)))
}
