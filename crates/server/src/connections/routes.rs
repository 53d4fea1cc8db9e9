//! Connection handlers (self-hosted): store, replace and delete the billing
//! sync token. Saving checks the token with the cloud first.

use super::store::{self, Connection, ConnectionConfig};
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::AppJson;
use crate::licenses::self_hosted::verified_license;
use crate::organizations::store as orgs;
use crate::policy;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::Json;
use wire::capabilities::{self, Action};
use wire::connections::{
    BillingSyncConfig, BillingSyncConfigRequest, OrganizationConnectionRequest,
    OrganizationConnectionResponse, OrganizationConnectionType,
};
use wire::error::ErrorCode;
use wire::ids::ConnectionId;
use wire::{OrganizationId, Secret};

fn type_name(number: u8) -> String {
    OrganizationConnectionType::try_from(number)
        .map_or_else(|_| number.to_string(), |t| t.name().to_owned())
}

fn response(connection: &Connection) -> OrganizationConnectionResponse {
    OrganizationConnectionResponse {
        id: Some(connection.id),
        connection_type: connection.connection_type,
        organization_id: connection.organization_id,
        enabled: connection.enabled,
        config: connection.config.billing_sync().cloned(),
    }
}

/// GET /api/organizations/connections/enabled — whether this installation may talk to the cloud.
#[utoipa::path(get, path = "/api/organizations/connections/enabled", tag = "connections", security(("bearer" = [])),
    responses((status = 200, description = "whether this installation may talk to the cloud", body = bool, content_type = "application/json")))]
pub async fn connections_enabled(State(state): State<AppState>, _user: AuthUser) -> Json<bool> {
    let caller = policy::caller(&state);
    Json(
        capabilities::allows(Action::CommunicateWithCloud, &caller)
            && state.settings.enable_cloud_communication,
    )
}

/// GET /api/organizations/connections/{organizationId}/{type} — the org's connection (empty model when none).
#[utoipa::path(get, path = "/api/organizations/connections/{organizationId}/{type}", tag = "connections", security(("bearer" = [])),
    params(("organizationId" = String, Path, description = "organization id"), ("type" = u8, Path, description = "1 = CloudBillingSync")),
    responses((status = 200, description = "connection, or the empty model", body = OrganizationConnectionResponse),
              (status = 400, description = "no permission, wrong deployment, unknown type", body = wire::ErrorResponse),
              (status = 404, description = "organization id is not a GUID", body = wire::ErrorResponse)))]
pub async fn get_connection(
    State(state): State<AppState>,
    user: AuthUser,
    Path((org, kind)): Path<(String, String)>,
) -> ApiResult<Json<OrganizationConnectionResponse>> {
    let org: OrganizationId = org.parse().map_err(|_| ApiError::NotFound)?;
    let number: u8 = kind.parse().map_err(|_| {
        ApiError::coded(
            ErrorCode::ConnectionTypeUnknown,
            format!("Unknown Organization connection Type: {kind}"),
            [("type", kind.to_string())],
        )
    })?;
    policy::check_connection(
        &state,
        &user,
        org,
        Action::ViewConnection,
        &type_name(number),
    )
    .await?;
    let kind = connection_type(number)?;
    if kind == OrganizationConnectionType::CloudBillingSync {
        policy::check_server(&state, Action::ViewBillingSyncConnection)?;
    }
    let found = store::find_for_org(&state.db, org, kind).await?;
    Ok(Json(found.as_ref().map_or_else(
        OrganizationConnectionResponse::empty,
        response,
    )))
}

/// POST /api/organizations/connections — save the billing sync token (owner); checked with the cloud first.
#[utoipa::path(post, path = "/api/organizations/connections", tag = "connections", security(("bearer" = [])),
    request_body = OrganizationConnectionRequest,
    responses((status = 200, description = "the stored connection", body = OrganizationConnectionResponse),
              (status = 400, description = "no permission, duplicate, malformed config, invalid license, token rejected, cloud unreachable", body = wire::ErrorResponse),
              (status = 404, description = "organization gone while the token was checked", body = wire::ErrorResponse)))]
pub async fn create_connection(
    State(state): State<AppState>,
    user: AuthUser,
    AppJson(body): AppJson<OrganizationConnectionRequest>,
) -> ApiResult<Json<OrganizationConnectionResponse>> {
    let name = type_name(body.connection_type);
    let org = body.organization_id;
    policy::check_connection(&state, &user, org, Action::CreateConnection, &name).await?;
    let kind = connection_type(body.connection_type)?;
    if store::find_for_org(&state.db, body.organization_id, kind)
        .await?
        .is_some()
    {
        return Err(duplicate(&name));
    }
    let config = billing_sync_config(&state, &body, None).await?;
    let connection = Connection {
        id: ConnectionId(uuid::Uuid::new_v4()),
        organization_id: body.organization_id,
        connection_type: body.connection_type,
        enabled: body.enabled,
        config: ConnectionConfig::BillingSync(config),
    };
    if !store::insert(&state.db, &connection).await? {
        return Err(duplicate(&name));
    }
    request_first_sync(&state, &connection);
    Ok(Json(response(&connection)))
}

/// A saved, enabled billing sync token starts the sponsorship sync at once
/// instead of at the next daily run.
fn request_first_sync(state: &AppState, connection: &Connection) {
    if connection.enabled && matches!(connection.config, ConnectionConfig::BillingSync(_)) {
        state.sponsorship_sync.request(connection.organization_id);
    }
}

fn duplicate(name: &str) -> ApiError {
    ApiError::coded(
        ErrorCode::ConnectionExists,
        format!(
            "The requested organization already has a connection of type {name}. Only one of each connection type may exist per organization."
        ),
        [("type", name.to_string())],
    )
}

/// PUT /api/organizations/connections/{organizationConnectionId} — replace the token (owner).
#[utoipa::path(put, path = "/api/organizations/connections/{organizationConnectionId}", tag = "connections", security(("bearer" = [])),
    params(("organizationConnectionId" = String, Path, description = "connection id")),
    request_body = OrganizationConnectionRequest,
    responses((status = 200, description = "the stored connection", body = OrganizationConnectionResponse),
              (status = 400, description = "as POST", body = wire::ErrorResponse),
              (status = 404, description = "unknown connection", body = wire::ErrorResponse)))]
pub async fn update_connection(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    AppJson(body): AppJson<OrganizationConnectionRequest>,
) -> ApiResult<Json<OrganizationConnectionResponse>> {
    let id: ConnectionId = id.parse().map_err(|_| ApiError::NotFound)?;
    let mut existing = store::find(&state.db, id)
        .await?
        .filter(|c| c.organization_id == body.organization_id)
        .ok_or(ApiError::NotFound)?;
    let (org, name) = (
        existing.organization_id,
        type_name(existing.connection_type),
    );
    policy::check_connection(&state, &user, org, Action::UpdateConnection, &name).await?;
    if body.connection_type != existing.connection_type {
        return Err(ApiError::bad_request(
            ErrorCode::ConnectionTypeImmutable,
            "The connection type cannot be changed.",
        ));
    }
    let previous = existing.config.billing_sync();
    let config = billing_sync_config(&state, &body, previous).await?;
    existing.enabled = body.enabled;
    existing.config = ConnectionConfig::BillingSync(config);
    store::update(&state.db, &existing).await?;
    request_first_sync(&state, &existing);
    Ok(Json(response(&existing)))
}

/// DELETE /api/organizations/connections/{organizationConnectionId} — remove the token (owner).
#[utoipa::path(delete, path = "/api/organizations/connections/{organizationConnectionId}", tag = "connections", security(("bearer" = [])),
    params(("organizationConnectionId" = String, Path, description = "connection id")),
    responses((status = 200, description = "deleted (empty body)"),
              (status = 400, description = "no permission", body = wire::ErrorResponse),
              (status = 404, description = "unknown connection", body = wire::ErrorResponse)))]
pub async fn delete_connection(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> ApiResult<()> {
    let id: ConnectionId = id.parse().map_err(|_| ApiError::NotFound)?;
    let existing = store::find(&state.db, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let (org, name) = (
        existing.organization_id,
        type_name(existing.connection_type),
    );
    policy::check_connection(&state, &user, org, Action::DeleteConnection, &name).await?;
    store::delete(&state.db, id).await?;
    Ok(())
}

/// Builds the config to store: parses the client's key, checks the
/// deployment, the license and (when enabled) the token with the cloud.
/// `LastLicenseSync` survives a token change.
/// The connection type numbered `number`, or Bitwarden's "Unknown … Type" 400.
fn connection_type(number: u8) -> ApiResult<OrganizationConnectionType> {
    OrganizationConnectionType::try_from(number).map_err(|message| {
        ApiError::coded(
            ErrorCode::ConnectionTypeUnknown,
            message,
            [("type", number.to_string())],
        )
    })
}

async fn billing_sync_config(
    state: &AppState,
    body: &OrganizationConnectionRequest,
    previous: Option<&BillingSyncConfig>,
) -> ApiResult<BillingSyncConfig> {
    let malformed = || {
        ApiError::bad_request(
            ErrorCode::ConnectionConfigMalformed,
            "Organization Connection configuration malformed",
        )
    };
    let request: BillingSyncConfigRequest =
        serde_json::from_value(body.config.clone().ok_or_else(malformed)?)
            .map_err(|_| malformed())?;
    policy::check_server(state, Action::SaveBillingSyncConnection)?;
    if !state.settings.enable_cloud_communication {
        return Err(ApiError::bad_request(
            ErrorCode::CloudCommunicationDisabled,
            "Cloud communication is disabled in global settings",
        ));
    }
    let key = request
        .billing_sync_key
        .filter(|k| !k.expose().trim().is_empty())
        .ok_or_else(|| {
            ApiError::validation(
                "BillingSyncKey",
                ErrorCode::BillingSyncTokenRequired,
                "Paste the billing sync token from your cloud organization.",
            )
        })?;
    let license = verified_license(state, body.organization_id)
        .await
        .ok_or_else(|| {
            ApiError::bad_request(
                ErrorCode::LicenseUnverifiable,
                "Cannot verify license file.",
            )
        })?;
    if body.enabled {
        check_token_with_cloud(state, body.organization_id, license.id, &key).await?;
    }
    Ok(BillingSyncConfig {
        billing_sync_key: key,
        cloud_organization_id: Some(license.id),
        last_license_sync: previous.and_then(|p| p.last_license_sync),
    })
}

/// Asks the cloud for the license with this token, so a wrong token is
/// reported now rather than at the next sync.
async fn check_token_with_cloud(
    state: &AppState,
    org: OrganizationId,
    cloud_org: OrganizationId,
    key: &Secret,
) -> ApiResult<()> {
    let org = orgs::find(&state.db, org)
        .await?
        .ok_or(ApiError::NotFound)?;
    state
        .cloud
        .fetch_license(
            cloud_org,
            org.license_key.as_ref().map(wire::Secret::expose),
            key,
        )
        .await?;
    Ok(())
}
