//! License uploads to a self-hosted server, as the web module sends them
//! (multipart, field `license`; without `key`, as from an account with no
//! key pair, so the server makes the organization key).

use super::TestServer;
use serde_json::Value;
use wire::licenses::OrganizationLicense;

/// Uploads `bytes` as the license file to `path`.
pub async fn upload(
    server: &TestServer,
    token: &str,
    path: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    upload_with_key(server, token, path, bytes, None).await
}

/// Like [`upload`], with the `key` field a client sends on creation (the
/// organization key encrypted for the owner).
pub async fn upload_with_key(
    server: &TestServer,
    token: &str,
    path: &str,
    bytes: Vec<u8>,
    key: Option<&str>,
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new().part(
        "license",
        reqwest::multipart::Part::bytes(bytes).file_name("bitwarden_organization_license.json"),
    );
    if let Some(key) = key {
        form = form.text("key", key.to_owned());
    }
    server
        .http
        .post(server.url(path))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// Creates an organization from `license`; its id.
pub async fn create_org(server: &TestServer, token: &str, license: &OrganizationLicense) -> String {
    let response = upload(
        server,
        token,
        "/api/organizations/licenses/self-hosted",
        serde_json::to_vec(license).unwrap(),
    )
    .await;
    assert_eq!(response.status(), 200, "create from license");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["object"], "organization");
    body["id"].as_str().unwrap().to_owned()
}

/// The `message` of an error response.
pub async fn message(response: reqwest::Response) -> String {
    let body: Value = response.json().await.unwrap();
    body["message"].as_str().unwrap_or_default().to_owned()
}
