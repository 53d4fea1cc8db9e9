//! A cloud and a self-hosted server talking over loopback: organizations
//! from licenses, the billing sync connection, license sync, manual upload.

mod common;

use billing_sync_server::licenses::signing::LicenseSigner;
use common::uploads::{create_org, message, upload};
use common::{self_hosted, Cloud, TestServer, PASSWORD};
use serde_json::{json, Value};
use wire::licenses::OrganizationLicense;

const SYNC_FAILED: &str = "An error has occurred. Check your internet connection and ensure the billing token is correct.";

fn connection_body(org: &str, key: &str) -> Value {
    json!({"type": 1, "organizationId": org, "enabled": true, "config": {"billingSyncKey": key}})
}

async fn connection(server: &TestServer, token: &str, org: &str) -> Value {
    server
        .get(&format!("/api/organizations/connections/{org}/1"), token)
        .await
        .json()
        .await
        .unwrap()
}

async fn sync(server: &TestServer, token: &str, org: &str) -> reqwest::Response {
    server
        .http
        .post(server.url(&format!(
            "/api/organizations/licenses/self-hosted/{org}/sync"
        )))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn license_token_and_sync_end_to_end() {
    let cloud = Cloud::start().await;
    let (server, token) = self_hosted(&cloud.settings()).await;
    let enabled: Value = server
        .get("/api/organizations/connections/enabled", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(enabled, json!(true));

    let license = cloud.license_for(&cloud.installation.0).await;
    let org = create_org(&server, &token, &license).await;
    assert_ne!(org, cloud.acme.org, "the self-hosted org gets its own id");
    let file = server
        .data_dir
        .join("licenses/organization")
        .join(format!("{org}.json"));
    let text = std::fs::read_to_string(&file).expect("license file written");
    assert!(text.contains("\"LicenseKey\""), "PascalCase on disk");
    let subscription: Value = server
        .get(&format!("/api/organizations/{org}/subscription"), &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(subscription["plan"]["name"], "Enterprise (Annually)");
    assert!(subscription["expirationWithoutGracePeriod"].is_string());

    assert_eq!(
        connection(&server, &token, &org).await["id"],
        Value::Null,
        "empty model before saving"
    );
    // A wrong token is refused at once and nothing is stored.
    let response = server
        .post_json(
            "/api/organizations/connections",
            &token,
            &connection_body(&org, "wrong-token"),
        )
        .await;
    assert_eq!(response.status(), 400);
    assert!(message(response)
        .await
        .starts_with("The cloud rejected this billing sync token."));
    assert_eq!(connection(&server, &token, &org).await["id"], Value::Null);

    let response = server
        .post_json(
            "/api/organizations/connections",
            &token,
            &connection_body(&org, &cloud.billing_key),
        )
        .await;
    assert_eq!(response.status(), 200);
    let saved: Value = response.json().await.unwrap();
    assert_eq!(
        saved["config"],
        json!({"BillingSyncKey": cloud.billing_key, "CloudOrganizationId": cloud.acme.org, "LastLicenseSync": null})
    );
    let duplicate = server
        .post_json(
            "/api/organizations/connections",
            &token,
            &connection_body(&org, &cloud.billing_key),
        )
        .await;
    assert_eq!(
        message(duplicate).await,
        "The requested organization already has a connection of type CloudBillingSync. Only one of each connection type may exist per organization."
    );

    let response = sync(&server, &token, &org).await;
    assert_eq!(response.status(), 200);
    let after = connection(&server, &token, &org).await;
    let synced_at = after["config"]["LastLicenseSync"]
        .as_str()
        .expect("LastLicenseSync set")
        .to_owned();

    // Rotating the token on the cloud breaks the next sync, with the contract's message.
    Cloud::token(&cloud.acme, &cloud.owner, "rotate-api-key").await;
    let response = sync(&server, &token, &org).await;
    assert_eq!(response.status(), 400);
    let text = message(response).await;
    assert!(text.starts_with(SYNC_FAILED), "{text}");
    assert!(text.contains("Invalid Billing Sync Key"), "{text}");
    assert_eq!(
        connection(&server, &token, &org).await["config"]["LastLicenseSync"],
        synced_at.as_str(),
        "unchanged"
    );

    // Delete asks nothing of the server but the id; the empty model comes back.
    let id = after["id"].as_str().unwrap();
    let response = server
        .http
        .delete(server.url(&format!("/api/organizations/connections/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(connection(&server, &token, &org).await["id"], Value::Null);
    assert_eq!(
        sync(&server, &token, &org).await.status(),
        404,
        "no connection: Resource not found."
    );
}

#[tokio::test]
async fn a_stopped_cloud_is_named_and_nothing_changes() {
    let cloud = Cloud::start().await;
    let (server, token) = self_hosted(&cloud.settings()).await;
    let license = cloud.license_for(&cloud.installation.0).await;
    let org = create_org(&server, &token, &license).await;
    let response = server
        .post_json(
            "/api/organizations/connections",
            &token,
            &connection_body(&org, &cloud.billing_key),
        )
        .await;
    assert_eq!(response.status(), 200);
    let cloud_base = cloud.acme.server.base.clone();
    drop(cloud);
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let response = sync(&server, &token, &org).await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    let text = body["message"].as_str().unwrap_or_default();
    assert!(text.starts_with(SYNC_FAILED), "{text}");
    assert!(text.contains("Cannot reach the cloud at"), "{text}");
    assert!(text.contains(&cloud_base), "names the URI: {text}");
    // The code a client translates by, with the message's values.
    assert_eq!(body["code"], "cloudUnreachable", "{body}");
    assert_eq!(body["codeArgs"]["during"], "licenseSync");
    assert!(body["codeArgs"]["uri"]
        .as_str()
        .is_some_and(|uri| uri.starts_with(&cloud_base)));
    assert_eq!(
        connection(&server, &token, &org).await["config"]["LastLicenseSync"],
        Value::Null
    );
}

#[tokio::test]
async fn disabled_cloud_communication_is_reported_and_refused() {
    let cloud = Cloud::start().await;
    let mut settings = cloud.settings();
    settings[0].1 = "false".into();
    let (server, token) = self_hosted(&settings).await;
    let enabled: Value = server
        .get("/api/organizations/connections/enabled", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(enabled, json!(false));
    let license = cloud.license_for(&cloud.installation.0).await;
    let org = create_org(&server, &token, &license).await;
    let response = server
        .post_json(
            "/api/organizations/connections",
            &token,
            &connection_body(&org, &cloud.billing_key),
        )
        .await;
    assert_eq!(
        message(response).await,
        "Cloud communication is disabled in global settings"
    );
    assert_eq!(connection(&server, &token, &org).await["id"], Value::Null);
    // The cloud itself reports false too.
    let on_cloud: Value = cloud
        .acme
        .server
        .get("/api/organizations/connections/enabled", &cloud.owner)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(on_cloud, json!(false));
}

#[tokio::test]
async fn installation_credentials_from_another_region_are_explained() {
    let cloud = Cloud::start().await;
    let license = cloud.license_for(&cloud.installation.0).await;
    let mut settings = cloud.settings();
    settings.push(("baseServiceUri__cloudRegion".into(), "EU".into()));
    // The id/key the admin pasted were issued by another region's cloud.
    settings[2].1 = "KeyFromTheOtherRegion".into();
    let (server, token) = self_hosted(&settings).await;
    let org = create_org(&server, &token, &license).await;
    let response = server
        .post_json(
            "/api/organizations/connections",
            &token,
            &connection_body(&org, &cloud.billing_key),
        )
        .await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    let text = body["message"].as_str().unwrap_or_default();
    assert!(text.contains("region mismatch"), "{text}");
    assert!(text.contains("EU region"), "{text}");
    assert_eq!(body["code"], "regionMismatch", "{body}");
    assert_eq!(body["codeArgs"]["region"], "EU");
    assert_eq!(
        body["codeArgs"].get("during"),
        None,
        "saving, not a license sync"
    );
    assert_eq!(connection(&server, &token, &org).await["id"], Value::Null);
}

#[tokio::test]
async fn bad_license_uploads_are_refused_and_change_nothing() {
    let cloud = Cloud::start().await;
    let (server, token) = self_hosted(&cloud.settings()).await;
    let good = cloud.license_for(&cloud.installation.0).await;
    let org = create_org(&server, &token, &good).await;
    let update = format!("/api/organizations/licenses/self-hosted/{org}");
    let file = server
        .data_dir
        .join("licenses/organization")
        .join(format!("{org}.json"));
    let before = std::fs::read_to_string(&file).unwrap();
    let signer = LicenseSigner::load_or_create(&cloud.acme.server.data_dir).unwrap();

    // These check the legacy path (hash and signature), so without the
    // token; the token path has its own tests (license_token.rs).
    let legacy = OrganizationLicense {
        token: None,
        ..good.clone()
    };
    let mut unsupported = legacy.clone();
    unsupported.version = 17;
    let mut tampered = legacy.clone();
    tampered.seats = Some(5000);
    let mut expired = legacy.clone();
    expired.expires = Some(chrono::Utc::now() - chrono::Duration::days(1));
    signer.sign(&mut expired).unwrap();
    expired.token = None;
    let foreign = cloud
        .license_for(&register_other_installation(&cloud).await)
        .await;

    let cases: Vec<(&str, Vec<u8>, &str, Value)> = vec![
        (
            "unsupported version",
            serde_json::to_vec(&unsupported).unwrap(),
            "Version 17 is not supported.",
            json!({"code": "licenseVersionUnsupported", "codeArgs": {"version": "17"}}),
        ),
        (
            "tampered",
            serde_json::to_vec(&tampered).unwrap(),
            "Invalid license. The license verification failed.",
            json!({"code": "licenseInvalid", "codeArgs": {"problems": "verificationFailed"}}),
        ),
        (
            "expired",
            serde_json::to_vec(&expired).unwrap(),
            "Invalid license. The license has expired.",
            json!({"code": "licenseInvalid", "codeArgs": {"problems": "expired"}}),
        ),
        (
            "foreign installation",
            serde_json::to_vec(&foreign).unwrap(),
            "Invalid license. The installation ID does not match the current installation.",
            json!({"code": "licenseInvalid", "codeArgs": {"problems": "installationMismatch"}}),
        ),
        (
            "malformed",
            b"{not json".to_vec(),
            "Invalid license. The file is not an organization license",
            json!({"code": "licenseFileUnreadable"}),
        ),
        (
            "oversized",
            vec![b' '; 60_000],
            "Invalid license. The file is larger than 50 KB",
            json!({"code": "licenseFileTooLarge", "codeArgs": {"maxKb": "50"}}),
        ),
    ];
    for (what, bytes, expected, coded) in cases {
        let response = upload(&server, &token, &update, bytes).await;
        assert_eq!(response.status(), 400, "{what}");
        let body: Value = response.json().await.unwrap();
        let text = body["message"].as_str().unwrap_or_default();
        assert!(text.starts_with(expected), "{what}: {text}");
        assert_eq!(body.get("code"), coded.get("code"), "{what}: {body}");
        assert_eq!(
            body.get("codeArgs"),
            coded.get("codeArgs"),
            "{what}: {body}"
        );
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            before,
            "{what} changed the stored license"
        );
    }
    // Creating a second organization from the same license is refused.
    let again = upload(
        &server,
        &token,
        "/api/organizations/licenses/self-hosted",
        serde_json::to_vec(&good).unwrap(),
    )
    .await;
    assert_eq!(
        message(again).await,
        "License is already in use by another organization vault."
    );
    // The manual upload of a fresh, valid license works.
    let fresh = cloud.license_for(&cloud.installation.0).await;
    assert_eq!(
        upload(
            &server,
            &token,
            &update,
            serde_json::to_vec(&fresh).unwrap()
        )
        .await
        .status(),
        200
    );
}

async fn register_other_installation(cloud: &Cloud) -> String {
    let server = &cloud.acme.server;
    let body: Value = server
        .http
        .post(server.url("/api/installations"))
        .json(&json!({"email": "other@else.test"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn only_owners_manage_the_connection() {
    let cloud = Cloud::start().await;
    let (server, token) = self_hosted(&cloud.settings()).await;
    let license = cloud.license_for(&cloud.installation.0).await;
    let org = create_org(&server, &token, &license).await;
    server.add_member(&org, "alice@acme.test", "user").await;
    let alice = server.login("alice@acme.test", PASSWORD).await;
    let response = server
        .post_json(
            "/api/organizations/connections",
            &alice,
            &connection_body(&org, &cloud.billing_key),
        )
        .await;
    assert_eq!(
        message(response).await,
        "You do not have permission to create a connection of type CloudBillingSync."
    );
    let response = server
        .get(&format!("/api/organizations/connections/{org}/1"), &alice)
        .await;
    assert_eq!(
        message(response).await,
        "You do not have permission to retrieve a connection of type CloudBillingSync."
    );
    assert_eq!(sync(&server, &alice, &org).await.status(), 404);
    let malformed = json!({"type": 1, "organizationId": org, "enabled": true, "config": "nope"});
    let response = server
        .post_json("/api/organizations/connections", &token, &malformed)
        .await;
    assert_eq!(
        message(response).await,
        "Organization Connection configuration malformed"
    );
}
