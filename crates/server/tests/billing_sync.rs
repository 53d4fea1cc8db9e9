//! Cloud over real HTTP: billing sync tokens, installations and their
//! client-credentials tokens, signed organization licenses.

mod common;

use billing_sync_server::config::Role;
use billing_sync_server::identity::client_kdf;
use billing_sync_server::licenses::signing::LicenseVerifier;
use common::{Acme, Cloud, TestServer, PASSWORD};
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use wire::kdf::KdfSettings;
use wire::licenses::OrganizationLicense;
use wire::Secret;

fn hash_of(email: &str, password: &str) -> String {
    client_kdf::master_password_hash(&Secret::new(password), email, KdfSettings::default_pbkdf2())
        .unwrap()
        .expose()
        .to_owned()
}

fn key_body(email: &str, password: &str) -> Value {
    json!({ "type": 1, "masterPasswordHash": hash_of(email, password) })
}

async fn owner_token(acme: &Acme) -> String {
    acme.server.login("owner@acme.test", PASSWORD).await
}

/// Registers an installation over HTTP; returns (id, key).
async fn register_installation(server: &TestServer) -> (String, String) {
    let response = server
        .http
        .post(server.url("/api/installations"))
        .json(&json!({ "email": "admin@selfhosted.test" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["object"], "installation");
    assert_eq!(body["enabled"], true);
    let key = body["key"].as_str().unwrap().to_owned();
    assert_eq!(key.len(), 20);
    (body["id"].as_str().unwrap().to_owned(), key)
}

async fn installation_token(
    server: &TestServer,
    id: &str,
    key: &str,
    scope: &str,
) -> reqwest::Response {
    server
        .http
        .post(server.url("/identity/connect/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("scope", scope),
            ("client_id", &format!("installation.{id}")),
            ("client_secret", key),
        ])
        .send()
        .await
        .unwrap()
}

async fn access_token(response: reqwest::Response) -> String {
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_owned()
}

/// The license sync call: a GET with a JSON body.
async fn sync_license(
    server: &TestServer,
    token: &str,
    org: &str,
    license_key: &str,
    billing_key: &str,
) -> reqwest::Response {
    server
        .http
        .get(server.url(&format!("/api/licenses/organization/{org}")))
        .bearer_auth(token)
        .json(&json!({ "licenseKey": license_key, "billingSyncKey": billing_key }))
        .send()
        .await
        .unwrap()
}

async fn download(
    server: &TestServer,
    token: &str,
    org: &str,
    installation: &str,
) -> reqwest::Response {
    server
        .get(
            &format!("/api/organizations/{org}/license?installationId={installation}"),
            token,
        )
        .await
}

#[tokio::test]
async fn owner_generates_the_token_once_and_rotation_replaces_it() {
    let acme = Acme::start(Role::Cloud).await;
    let server = &acme.server;
    let token = owner_token(&acme).await;
    let info_path = format!("/api/organizations/{}/api-key-information/1", acme.org);
    let info: Value = server.get(&info_path, &token).await.json().await.unwrap();
    assert_eq!(
        info,
        json!({"object":"list","data":[],"continuationToken":null})
    );

    let path = format!("/api/organizations/{}/api-key", acme.org);
    let first: Value = server
        .post_json(&path, &token, &key_body("owner@acme.test", PASSWORD))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["object"], "apiKey");
    let key = first["apiKey"].as_str().unwrap();
    assert_eq!(key.len(), 30);
    assert!(key.chars().all(|c| c.is_ascii_alphanumeric()));
    let second: Value = server
        .post_json(&path, &token, &key_body("owner@acme.test", PASSWORD))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        second["apiKey"], first["apiKey"],
        "the same key on the second call"
    );

    let info: Value = server.get(&info_path, &token).await.json().await.unwrap();
    assert_eq!(info["data"][0]["object"], "keyInformation");
    assert_eq!(info["data"][0]["keyType"], 1);
    let all: Value = server
        .get(
            &format!("/api/organizations/{}/api-key-information", acme.org),
            &token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["data"].as_array().unwrap().len(), 1);

    let rotate = format!("/api/organizations/{}/rotate-api-key", acme.org);
    let rotated: Value = server
        .post_json(&rotate, &token, &key_body("owner@acme.test", PASSWORD))
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(rotated["apiKey"], first["apiKey"]);
    let after: Value = server
        .post_json(&path, &token, &key_body("owner@acme.test", PASSWORD))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        after["apiKey"], rotated["apiKey"],
        "api-key now returns the rotated key"
    );
}

#[tokio::test]
async fn a_wrong_master_password_is_refused_after_a_delay_and_creates_nothing() {
    let acme = Acme::start(Role::Cloud).await;
    let server = &acme.server;
    let token = owner_token(&acme).await;
    let started = Instant::now();
    let response = server
        .post_json(
            &format!("/api/organizations/{}/api-key", acme.org),
            &token,
            &key_body("owner@acme.test", "wrong"),
        )
        .await;
    assert!(started.elapsed() >= Duration::from_secs(2));
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["message"], "The model state is invalid.");
    assert_eq!(
        body["validationErrors"],
        json!({"MasterPasswordHash": ["Invalid password."]})
    );
    let info: Value = server
        .get(
            &format!("/api/organizations/{}/api-key-information/1", acme.org),
            &token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(info["data"], json!([]), "no key was created");
    // No hash at all: a model-state error, without the delay.
    let response = server
        .post_json(
            &format!("/api/organizations/{}/api-key", acme.org),
            &token,
            &json!({"type": 1}),
        )
        .await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["validationErrors"][""][0],
        "MasterPasswordHash, OTP, or AccessCode must be supplied."
    );
}

#[tokio::test]
async fn only_owners_of_enterprise_or_teams_orgs_get_a_token() {
    let acme = Acme::start(Role::Cloud).await;
    let server = &acme.server;
    let path = format!("/api/organizations/{}/api-key", acme.org);
    for email in ["admin@acme.test", "alice@acme.test", "eve@other.test"] {
        let token = server.login(email, PASSWORD).await;
        let response = server
            .post_json(&path, &token, &key_body(email, PASSWORD))
            .await;
        assert_eq!(response.status(), 404, "{email}");
        assert_eq!(
            response.json::<Value>().await.unwrap()["message"],
            "Resource not found."
        );
        let rotate = server
            .post_json(
                &format!("/api/organizations/{}/rotate-api-key", acme.org),
                &token,
                &key_body(email, PASSWORD),
            )
            .await;
        assert_eq!(rotate.status(), 404, "{email} rotate");
    }
    // eve owns a Families org and a Teams org of her own.
    let families = server
        .create_org("Eve family", "families", "eve@other.test")
        .await;
    let teams = server
        .create_org("Eve team", "teams", "eve@other.test")
        .await;
    let eve = server.login("eve@other.test", PASSWORD).await;
    let response = server
        .post_json(
            &format!("/api/organizations/{families}/api-key"),
            &eve,
            &key_body("eve@other.test", PASSWORD),
        )
        .await;
    assert_eq!(
        response.status(),
        404,
        "families plans have no billing sync"
    );
    let response = server
        .post_json(
            &format!("/api/organizations/{teams}/api-key"),
            &eve,
            &key_body("eve@other.test", PASSWORD),
        )
        .await;
    assert_eq!(response.status(), 200, "teams plans do");
}

#[tokio::test]
async fn installations_get_scoped_tokens_with_their_key() {
    let server = TestServer::start(Role::Cloud).await;
    let (id, key) = register_installation(&server).await;
    let info: Value = server
        .http
        .get(server.url(&format!("/api/installations/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        info["key"],
        Value::Null,
        "the key is shown only at creation"
    );

    let response = installation_token(&server, &id, &key, "api.installation").await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["expires_in"], 86400);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["scope"], "api.installation");

    for (secret, scope, error) in [
        ("wrong-key-wrong-key!", "api.licensing", "invalid_client"),
        (key.as_str(), "api", "invalid_scope"),
        (
            key.as_str(),
            "api.licensing api offline_access",
            "invalid_scope",
        ),
    ] {
        let response = installation_token(&server, &id, secret, scope).await;
        assert_eq!(response.status(), 400, "{scope}");
        assert_eq!(
            response.json::<Value>().await.unwrap()["error"],
            error,
            "{scope}"
        );
    }
    let unknown = installation_token(
        &server,
        &uuid::Uuid::new_v4().to_string(),
        &key,
        "api.licensing",
    )
    .await;
    assert_eq!(
        unknown.json::<Value>().await.unwrap()["error"],
        "invalid_client"
    );

    server
        .cli(&["installation", "disable", "--id", &id])
        .await
        .unwrap();
    let disabled = installation_token(&server, &id, &key, "api.licensing").await;
    assert_eq!(disabled.status(), 400);
    assert_eq!(
        disabled.json::<Value>().await.unwrap()["error"],
        "invalid_client"
    );

    // Self-hosted servers have no installation clients.
    let self_hosted = TestServer::start(Role::SelfHosted).await;
    let response = installation_token(&self_hosted, &id, &key, "api.licensing").await;
    assert_eq!(
        response.json::<Value>().await.unwrap()["error"],
        "invalid_client"
    );
}

/// The org's license key, read from a downloaded license.
async fn license_key_of(acme: &Acme, owner: &str, installation: &str) -> String {
    let license: OrganizationLicense = download(&acme.server, owner, &acme.org, installation)
        .await
        .json()
        .await
        .unwrap();
    license.license_key.unwrap().expose().to_owned()
}

#[tokio::test]
async fn license_sync_checks_scope_license_key_and_billing_sync_key() {
    let acme = Acme::start(Role::Cloud).await;
    let server = &acme.server;
    let owner = owner_token(&acme).await;
    let (id, key) = register_installation(server).await;
    let license_key = license_key_of(&acme, &owner, &id).await;
    let billing_key = Cloud::token(&acme, &owner, "api-key").await;
    let licensing =
        access_token(installation_token(server, &id, &key, "api.licensing").await).await;

    let response = sync_license(server, &licensing, &acme.org, &license_key, &billing_key).await;
    assert_eq!(response.status(), 200);
    let license: OrganizationLicense = response.json().await.unwrap();
    assert_eq!(license.installation_id.to_string(), id);
    assert_eq!(license.id.to_string(), acme.org);
    assert_eq!(license.version, 15);

    // Scopes: an api.installation token, or a user's token, may not fetch licenses.
    let sponsorship_scope =
        access_token(installation_token(server, &id, &key, "api.installation").await).await;
    assert_eq!(
        sync_license(
            server,
            &sponsorship_scope,
            &acme.org,
            &license_key,
            &billing_key
        )
        .await
        .status(),
        403
    );
    assert_eq!(
        sync_license(server, &owner, &acme.org, &license_key, &billing_key)
            .await
            .status(),
        403
    );
    // …and an installation token cannot call user routes.
    assert_eq!(
        server
            .get("/api/accounts/profile", &licensing)
            .await
            .status(),
        403
    );

    let started = Instant::now();
    let response = sync_license(server, &licensing, &acme.org, "bad", &billing_key).await;
    assert!(started.elapsed() >= Duration::from_secs(2));
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.json::<Value>().await.unwrap()["message"],
        "Invalid license key."
    );
    let response = sync_license(
        server,
        &licensing,
        &acme.org,
        &license_key,
        "wrong-billing-key",
    )
    .await;
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.json::<Value>().await.unwrap()["message"],
        "Invalid Billing Sync Key"
    );
    let response = sync_license(
        server,
        &licensing,
        &uuid::Uuid::new_v4().to_string(),
        &license_key,
        &billing_key,
    )
    .await;
    assert_eq!(response.status(), 404);

    // Rotation: the old key stops working at once, the new one works.
    let rotated = Cloud::token(&acme, &owner, "rotate-api-key").await;
    let response = sync_license(server, &licensing, &acme.org, &license_key, &billing_key).await;
    assert_eq!(
        response.json::<Value>().await.unwrap()["message"],
        "Invalid Billing Sync Key"
    );
    let response = sync_license(server, &licensing, &acme.org, &license_key, &rotated).await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn download_needs_a_known_installation_and_an_owner() {
    let acme = Acme::start(Role::Cloud).await;
    let server = &acme.server;
    let owner = owner_token(&acme).await;
    for bad in ["not-a-uuid", &uuid::Uuid::new_v4().to_string()] {
        let response = download(server, &owner, &acme.org, bad).await;
        assert_eq!(response.status(), 400, "{bad}");
        assert_eq!(
            response.json::<Value>().await.unwrap()["message"],
            "Invalid installation id"
        );
    }
    let (id, _) = register_installation(server).await;
    let admin = server.login("admin@acme.test", PASSWORD).await;
    assert_eq!(download(server, &admin, &acme.org, &id).await.status(), 404);
    let response = download(server, &owner, &acme.org, &id).await;
    assert_eq!(response.status(), 200);
    let license: Value = response.json().await.unwrap();
    assert_eq!(license["planType"], 20);
    assert_eq!(license["seats"], 10);
    assert_eq!(license["selfHost"], true);
    assert_eq!(license["licenseType"], 1);
    assert!(license["expirationWithoutGracePeriod"].is_string());
    assert!(
        license.get("object").is_none(),
        "a license has no object field"
    );
}

#[tokio::test]
async fn licenses_verify_with_the_cloud_certificate_and_tampering_breaks_them() {
    let acme = Acme::start(Role::Cloud).await;
    let server = &acme.server;
    let owner = owner_token(&acme).await;
    let (id, _) = register_installation(server).await;
    let license: OrganizationLicense = download(server, &owner, &acme.org, &id)
        .await
        .json()
        .await
        .unwrap();
    // The key lives in the database, not in the data dir: every replica signs with it.
    assert!(!billing_sync_server::licenses::signing::key_path(&server.data_dir).exists());
    let public = server.license_signer().await.certificate_pem().unwrap();
    let verifier = LicenseVerifier::from_bytes(public.as_bytes()).unwrap();
    assert!(verifier.verify(&license), "an untouched license verifies");
    let token = license.token.as_deref().expect("the cloud issues a token");
    let now = chrono::Utc::now();
    assert!(verifier.verify_token(&license, token, now).is_ok());

    type Tamper = Box<dyn Fn(&mut OrganizationLicense)>;
    let tampered: Vec<(&str, Tamper)> = vec![
        ("seats", Box::new(|l| l.seats = Some(5000))),
        (
            "expires",
            Box::new(|l| l.expires = l.expires.map(|e| e + chrono::Duration::days(365))),
        ),
        ("name", Box::new(|l| l.name = Some("Evil".into()))),
        (
            "plan type",
            Box::new(|l| l.plan_type = wire::organizations::PlanType(11)),
        ),
        (
            "installation",
            Box::new(|l| l.installation_id = wire::ids::InstallationId(uuid::Uuid::new_v4())),
        ),
        ("enabled", Box::new(|l| l.enabled = !l.enabled)),
        (
            "issued",
            Box::new(|l| l.issued -= chrono::Duration::days(1)),
        ),
        ("use sso", Box::new(|l| l.use_sso = !l.use_sso)),
        ("signature", Box::new(|l| l.signature = Some("AAAA".into()))),
    ];
    for (what, change) in tampered {
        let mut copy = license.clone();
        change(&mut copy);
        assert!(
            !verifier.verify(&copy),
            "tampering with {what} must break verification"
        );
    }
    // Another cloud's key does not verify this license.
    let other = TestServer::start(Role::Cloud).await;
    let other_signer = other.license_signer().await;
    let other_verifier =
        LicenseVerifier::from_bytes(other_signer.certificate_pem().unwrap().as_bytes()).unwrap();
    assert!(!other_verifier.verify(&license));
    assert_eq!(
        other_verifier.verify_token(&license, token, now),
        Err("InvalidSignature".to_owned())
    );
}

#[tokio::test]
async fn sync_status_is_null_before_the_first_sync_and_for_owners_only() {
    let acme = Acme::start(Role::Cloud).await;
    let server = &acme.server;
    let path = format!("/api/organization/sponsorship/{}/sync-status", acme.org);
    let owner = owner_token(&acme).await;
    let body: Value = server.get(&path, &owner).await.json().await.unwrap();
    assert_eq!(body, json!({"object":"syncStatus","lastSyncDate":null}));
    let alice = server.login("alice@acme.test", PASSWORD).await;
    assert_eq!(server.get(&path, &alice).await.status(), 404);
}
