//! Cloud billing endpoints behind the "Self-hosting" section: the billing
//! sync token (organization API key type 1), its sync status, and the
//! organization license download.

use super::{send, send_keeping_body, Client, ClientError, JsonBody};
use gloo_net::http::Request;
use wire::api_keys::{
    ApiKeyInformation, ApiKeyResponse, ListResponse, OrganizationApiKeyRequest,
    OrganizationApiKeyType,
};
use wire::ids::InstallationId;
use wire::licenses::OrganizationLicense;
use wire::sponsorships::SyncStatusResponse;
use wire::OrganizationId;

/// `GET {api}/organizations/{id}/api-key-information/{type}`: the keys of
/// one type (empty when none exists yet).
pub async fn api_key_information(
    client: &Client,
    organization_id: OrganizationId,
    key_type: OrganizationApiKeyType,
) -> Result<ListResponse<ApiKeyInformation>, ClientError> {
    let path = format!(
        "/organizations/{organization_id}/api-key-information/{}",
        u8::from(key_type)
    );
    send(
        client,
        client
            .authorized(Request::get(&client.api_url(&path)))
            .build(),
    )
    .await
}

/// True when the list holds a billing sync key.
pub fn has_billing_sync_key(keys: &ListResponse<ApiKeyInformation>) -> bool {
    keys.data
        .iter()
        .any(|key| key.key_type == OrganizationApiKeyType::BillingSync)
}

/// `POST {api}/organizations/{id}/api-key`: the key, created if missing.
/// A wrong master password is a 400 after a deliberate 2 s delay.
pub async fn api_key(
    client: &Client,
    organization_id: OrganizationId,
    body: &OrganizationApiKeyRequest,
) -> Result<ApiKeyResponse, ClientError> {
    post_key(
        client,
        &format!("/organizations/{organization_id}/api-key"),
        body,
    )
    .await
}

/// `POST {api}/organizations/{id}/rotate-api-key`: a new key; the old one
/// stops working at once.
pub async fn rotate_api_key(
    client: &Client,
    organization_id: OrganizationId,
    body: &OrganizationApiKeyRequest,
) -> Result<ApiKeyResponse, ClientError> {
    post_key(
        client,
        &format!("/organizations/{organization_id}/rotate-api-key"),
        body,
    )
    .await
}

async fn post_key(
    client: &Client,
    path: &str,
    body: &OrganizationApiKeyRequest,
) -> Result<ApiKeyResponse, ClientError> {
    send(
        client,
        client
            .authorized(Request::post(&client.api_url(path)))
            .json_body(body),
    )
    .await
}

/// `GET {api}/organization/sponsorship/{id}/sync-status`: when a
/// self-hosted installation last synced with this organization.
pub async fn sync_status(
    client: &Client,
    organization_id: OrganizationId,
) -> Result<SyncStatusResponse, ClientError> {
    let path = format!("/organization/sponsorship/{organization_id}/sync-status");
    send(
        client,
        client
            .authorized(Request::get(&client.api_url(&path)))
            .build(),
    )
    .await
}

/// A downloaded license: checked against the wire type, and the body as sent
/// (the file keeps the server's exact values and field order).
#[derive(Clone, Debug, PartialEq)]
pub struct LicenseDownload {
    pub license: OrganizationLicense,
    pub json: String,
}

/// `GET {api}/organizations/{id}/license?installationId={installation}`.
pub async fn license(
    client: &Client,
    organization_id: OrganizationId,
    installation_id: InstallationId,
) -> Result<LicenseDownload, ClientError> {
    let path = format!("/organizations/{organization_id}/license");
    let installation = installation_id.to_string();
    let request = client
        .authorized(Request::get(&client.api_url(&path)))
        .query([("installationId", installation.as_str())])
        .build();
    let (license, json) = send_keeping_body(client, request).await?;
    Ok(LicenseDownload { license, json })
}
