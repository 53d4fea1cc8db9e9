//! Organization API keys on the cloud; type 1 is the billing sync token that
//! a self-hosted installation presents when it syncs licenses and sponsorships.

use crate::db::{self, Pool};
use crate::error::{ApiError, ApiResult};
use crate::extract::AppJson;
use crate::identity::installations::random_alphanumeric;
use crate::identity::verification::verify_master_password;
use crate::policy::{can, ActionMarker, OrgAccess};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::Json;
use chrono::{DateTime, Utc};
use sqlx::Row;
use wire::api_keys::{
    ApiKeyInformation, ApiKeyResponse, ListResponse, OrganizationApiKeyRequest,
    OrganizationApiKeyType,
};
use wire::capabilities;
use wire::{OrganizationId, Secret};

/// A stored key.
pub struct ApiKey {
    pub key: Secret,
    pub revision_date: DateTime<Utc>,
}

fn type_number(key_type: OrganizationApiKeyType) -> i64 {
    i64::from(u8::from(key_type))
}

/// The org's key of a type, if any.
pub async fn find(
    pool: &Pool,
    org: OrganizationId,
    key_type: OrganizationApiKeyType,
) -> Result<Option<ApiKey>, sqlx::Error> {
    sqlx::query("SELECT api_key, revision_date FROM organization_api_keys WHERE organization_id = $1 AND key_type = $2")
        .bind(org.to_string())
        .bind(type_number(key_type))
        .fetch_optional(pool)
        .await?
        .map(|row| {
            Ok(ApiKey {
                key: Secret::new(row.try_get::<String, _>("api_key")?),
                revision_date: db::get_ts(&row, "revision_date")?,
            })
        })
        .transpose()
}

async fn list(pool: &Pool, org: OrganizationId) -> Result<Vec<ApiKeyInformation>, sqlx::Error> {
    sqlx::query("SELECT key_type, revision_date FROM organization_api_keys WHERE organization_id = $1 ORDER BY key_type")
        .bind(org.to_string())
        .fetch_all(pool)
        .await?
        .iter()
        .filter_map(|row| {
            let key_type = u8::try_from(db::get_int(row, "key_type").ok()?).ok()?;
            let key_type = OrganizationApiKeyType::try_from(key_type).ok()?;
            Some(db::get_ts(row, "revision_date").map(|date| ApiKeyInformation::new(key_type, date)))
        })
        .collect()
}

/// Returns the existing key, or stores a new one. Two concurrent first
/// requests end with the same key: the insert is a no-op for the loser.
async fn get_or_create(
    pool: &Pool,
    org: OrganizationId,
    key_type: OrganizationApiKeyType,
) -> Result<ApiKey, sqlx::Error> {
    sqlx::query(
        "INSERT INTO organization_api_keys (organization_id, key_type, api_key, revision_date) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (organization_id, key_type) DO NOTHING",
    )
    .bind(org.to_string())
    .bind(type_number(key_type))
    .bind(random_alphanumeric(30))
    .bind(db::ts(db::now()))
    .execute(pool)
    .await?;
    find(pool, org, key_type)
        .await?
        .ok_or(sqlx::Error::RowNotFound)
}

/// Replaces the key with a new one; the old key stops working at once.
async fn rotate(
    pool: &Pool,
    org: OrganizationId,
    key_type: OrganizationApiKeyType,
) -> Result<ApiKey, sqlx::Error> {
    let key = random_alphanumeric(30);
    let now = db::now();
    sqlx::query(
        "INSERT INTO organization_api_keys (organization_id, key_type, api_key, revision_date) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (organization_id, key_type) DO UPDATE SET api_key = excluded.api_key, revision_date = excluded.revision_date",
    )
    .bind(org.to_string())
    .bind(type_number(key_type))
    .bind(&key)
    .bind(db::ts(now))
    .execute(pool)
    .await?;
    Ok(ApiKey {
        key: Secret::new(key),
        revision_date: now,
    })
}

/// Only billing sync keys are handed out (which plans have them is the
/// capability table's, checked by the extractor).
fn require_billing_sync_key(key_type: OrganizationApiKeyType) -> ApiResult<()> {
    if key_type == OrganizationApiKeyType::BillingSync {
        Ok(())
    } else {
        Err(ApiError::bad_request(
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
    Ok(Json(ListResponse::new(list(&state.db, access.org).await?)))
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
    let data = list(&state.db, access.org)
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
    let key = get_or_create(&state.db, access.org, body.key_type).await?;
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
    let key = rotate(&state.db, access.org, body.key_type).await?;
    tracing::info!(organization = %access.org, "billing sync token rotated");
    Ok(Json(ApiKeyResponse::new(key.key, key.revision_date)))
}
