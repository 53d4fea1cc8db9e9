//! Self-hosted licenses: sync from the cloud, manual upload, and creating an
//! organization from a license file (contract §1.4). Files go up as
//! `multipart/form-data` built by the browser (`FormData`), which also sets
//! the boundary in the `Content-Type` header.

use super::{send, Client, ClientError};
use gloo_net::http::Request;
use web_sys::{File, FormData};
use wire::keys::EncString;
use wire::organizations::OrganizationResponse;
use wire::OrganizationId;

/// The multipart field Bitwarden's server reads the license from.
pub const LICENSE_FIELD: &str = "license";

/// `POST {api}/organizations/licenses/self-hosted/{orgId}/sync`: fetches the
/// current license from the cloud and applies it. 404 when the organization
/// has no billing sync connection.
pub async fn sync_license(
    client: &Client,
    organization_id: OrganizationId,
) -> Result<(), ClientError> {
    let path = format!("/organizations/licenses/self-hosted/{organization_id}/sync");
    send(
        client,
        client
            .authorized(Request::post(&client.api_url(&path)))
            .build(),
    )
    .await
}

/// `POST {api}/organizations/licenses/self-hosted/{orgId}`: applies an
/// updated license file to an existing organization.
pub async fn upload_license(
    client: &Client,
    organization_id: OrganizationId,
    license: &File,
) -> Result<(), ClientError> {
    let path = format!("/organizations/licenses/self-hosted/{organization_id}");
    let form = license_form(license, &[])?;
    send(
        client,
        client
            .authorized(Request::post(&client.api_url(&path)))
            .body(form),
    )
    .await
}

/// `POST {api}/organizations/licenses/self-hosted`: creates a new
/// organization from a license file. `key` is the organization's key under
/// the owner's public key (EncString type 4), made in the browser; without
/// one (an account with no key pair) the server makes the key.
pub async fn create_organization(
    client: &Client,
    license: &File,
    key: Option<&EncString>,
) -> Result<OrganizationResponse, ClientError> {
    let fields: Vec<(&str, &str)> = key.map(|k| ("key", k.expose())).into_iter().collect();
    let form = license_form(license, &fields)?;
    send(
        client,
        client
            .authorized(Request::post(
                &client.api_url("/organizations/licenses/self-hosted"),
            ))
            .body(form),
    )
    .await
}

/// A form with the file in [`LICENSE_FIELD`] plus any text fields.
fn license_form(license: &File, fields: &[(&str, &str)]) -> Result<FormData, ClientError> {
    let failed = |e: wasm_bindgen::JsValue| ClientError::Network(format!("{e:?}"));
    let form = FormData::new().map_err(failed)?;
    form.append_with_blob_and_filename(LICENSE_FIELD, license, &license.name())
        .map_err(failed)?;
    for (name, value) in fields {
        form.append_with_str(name, value).map_err(failed)?;
    }
    Ok(form)
}
