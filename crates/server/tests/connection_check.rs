//! Check connection (self-hosted, License and billing management): each
//! failure it can name, on real servers. A synced pair passes every step;
//! then the cloud sells more seats (license out of date), the owner rotates
//! the token on the cloud (token refused); separate servers have cloud
//! communication off, no installation, a cloud that does not answer, and an
//! installation key the cloud does not know. Members may not run it, and no
//! answer carries a secret.

mod common;

use billing_sync_server::config::Role;
use common::pair::Pair;
use common::{Cloud, TestServer, PASSWORD};
use serde_json::{json, Value};

async fn check(server: &TestServer, org: &str, token: &str) -> (u16, Value) {
    let response = server
        .post_json(
            &format!("/api/organizations/{org}/cloud-connection/check"),
            token,
            &json!({}),
        )
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// `step`'s entry of a check answer.
fn step<'a>(answer: &'a Value, step: &str) -> &'a Value {
    answer["steps"]
        .as_array()
        .and_then(|steps| steps.iter().find(|s| s["step"] == step))
        .unwrap_or_else(|| panic!("no step {step} in {answer}"))
}

/// Status and code of each step, in order.
fn outcome(answer: &Value) -> Vec<(String, String, String)> {
    answer["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| {
            let text = |v: &Value| v.as_str().unwrap_or("").to_owned();
            (text(&s["step"]), text(&s["status"]), text(&s["code"]))
        })
        .collect()
}

fn assert_no_secret(answer: &Value, secrets: &[&str]) {
    let text = answer.to_string();
    for secret in secrets {
        assert!(
            !text.contains(secret),
            "a secret in the check answer: {text}"
        );
    }
}

#[tokio::test]
async fn a_synced_installation_passes_and_each_cloud_side_change_is_named() {
    let pair = Pair::start().await;
    let (cloud_key, installation_key) = (
        pair.cloud.billing_key.clone(),
        pair.cloud.installation.1.clone(),
    );
    let secrets = [cloud_key.as_str(), installation_key.as_str()];

    // Before Sync license: the cloud side passes, the license never synced.
    let (status, answer) = check(&pair.server, &pair.org, &pair.owner).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["object"], "connectionCheck");
    for name in [
        "settings",
        "identityReachable",
        "installationAccepted",
        "apiReachable",
        "billingSyncToken",
        "licenseMatches",
    ] {
        assert_eq!(step(&answer, name)["status"], "pass", "{name}: {answer}");
    }
    let settings = &step(&answer, "settings")["args"];
    assert_eq!(settings["region"], "US");
    assert_eq!(
        settings["identity"],
        pair.cloud.acme.server.url("/identity")
    );
    assert_eq!(step(&answer, "licenseMatches")["args"]["seats"], "10");
    assert_eq!(step(&answer, "lastLicenseSync")["status"], "fail");
    assert_eq!(
        step(&answer, "lastLicenseSync")["code"],
        "licenseNeverSynced"
    );
    assert_no_secret(&answer, &secrets);

    assert_eq!(pair.sync_license().await.status(), 200);
    let (_, answer) = check(&pair.server, &pair.org, &pair.owner).await;
    assert_eq!(
        step(&answer, "lastLicenseSync")["status"],
        "pass",
        "{answer}"
    );
    assert!(step(&answer, "lastLicenseSync")["args"]["date"]
        .as_str()
        .is_some_and(|d| d.starts_with("20")));

    // Admins may run it too; a plain member may not (404, as every route
    // hides organizations from those who may not act on them).
    pair.server
        .add_user("admin@acme.test", PASSWORD, "pbkdf2")
        .await;
    pair.server
        .add_member(&pair.org, "admin@acme.test", "admin")
        .await;
    let admin = pair.server.login("admin@acme.test", PASSWORD).await;
    assert_eq!(check(&pair.server, &pair.org, &admin).await.0, 200);
    assert_eq!(check(&pair.server, &pair.org, &pair.alice).await.0, 404);

    // The company buys more seats on the cloud: the local license is behind.
    let cloud_db = billing_sync_server::db::connect(&pair.cloud.acme.server.database_url)
        .await
        .unwrap();
    sqlx::query("UPDATE organizations SET seats = 25 WHERE id = $1")
        .bind(&pair.cloud.acme.org)
        .execute(&cloud_db)
        .await
        .unwrap();
    let (_, answer) = check(&pair.server, &pair.org, &pair.owner).await;
    let license = step(&answer, "licenseMatches");
    assert_eq!(license["status"], "fail", "{answer}");
    assert_eq!(license["code"], "licenseOutOfDate");
    assert_eq!(
        (
            license["args"]["field"].as_str(),
            license["args"]["local"].as_str(),
            license["args"]["cloud"].as_str()
        ),
        (Some("seats"), Some("10"), Some("25"))
    );

    // The owner rotates the token on the cloud: the saved one is refused.
    Cloud::token(&pair.cloud.acme, &pair.cloud.owner, "rotate-api-key").await;
    let (_, answer) = check(&pair.server, &pair.org, &pair.owner).await;
    assert_eq!(step(&answer, "installationAccepted")["status"], "pass");
    assert_eq!(
        step(&answer, "billingSyncToken")["status"],
        "fail",
        "{answer}"
    );
    assert_eq!(
        step(&answer, "billingSyncToken")["code"],
        "billingSyncTokenRejected"
    );
    assert_eq!(step(&answer, "licenseMatches")["status"], "skipped");
    assert_no_secret(&answer, &secrets);
}

/// A self-hosted server with `settings`, the owner, and an organization.
async fn server_with(settings: &[(&str, &str)]) -> (TestServer, String, String) {
    let server = TestServer::start_with(Role::SelfHosted, settings).await;
    server.add_user("owner@acme.test", PASSWORD, "pbkdf2").await;
    let org = server
        .create_org("Acme", "enterprise", "owner@acme.test")
        .await;
    let owner = server.login("owner@acme.test", PASSWORD).await;
    (server, org, owner)
}

/// [`server_with`] for settings built as owned strings (a cloud's, edited).
async fn server_with_owned(settings: &[(String, String)]) -> (TestServer, String, String) {
    let pairs: Vec<(&str, &str)> = settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    server_with(&pairs).await
}

#[tokio::test]
async fn settings_and_installation_failures_say_which_setting_and_skip_what_needs_them() {
    // Cloud communication off: everything that talks to the cloud is skipped.
    let (server, org, owner) = server_with(&[]).await;
    let (status, answer) = check(&server, &org, &owner).await;
    assert_eq!(status, 200, "{answer}");
    let expected = [
        ("settings", "fail", "cloudCommunicationDisabled"),
        ("identityReachable", "skipped", ""),
        ("installationAccepted", "skipped", ""),
        ("apiReachable", "skipped", ""),
        ("billingSyncToken", "fail", "billingSyncNotSetUp"),
        ("licenseMatches", "skipped", ""),
        ("lastLicenseSync", "fail", "licenseNeverSynced"),
        ("lastSponsorshipSync", "skipped", ""),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| ((*a).into(), (*b).into(), (*c).into()))
        .collect();
    assert_eq!(outcome(&answer), expected);
    assert_eq!(step(&answer, "settings")["args"]["source"], "default");

    // On, but no installation id or key.
    let (server, org, owner) = server_with(&[("enableCloudCommunication", "true")]).await;
    let (_, answer) = check(&server, &org, &owner).await;
    let settings = step(&answer, "settings");
    assert_eq!(
        (settings["status"].as_str(), settings["code"].as_str()),
        (Some("fail"), Some("installationNotConfigured"))
    );
    assert_eq!(settings["args"]["missing"], "id and key");
    assert_eq!(settings["args"]["source"], "settings");
}

#[tokio::test]
async fn an_unreachable_cloud_and_an_unknown_installation_are_named() {
    let cloud = Cloud::start().await;
    // The cloud's addresses point at a port nobody listens on.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port())
    };
    let mut settings = cloud.settings();
    for (name, value) in &mut settings {
        if name.ends_with("Uri") {
            *value = format!(
                "{closed}/{}",
                if name.contains("identity") {
                    "identity"
                } else {
                    "api"
                }
            );
        }
    }
    let (server, org, owner) = server_with_owned(&settings).await;
    let (_, answer) = check(&server, &org, &owner).await;
    let identity = step(&answer, "identityReachable");
    assert_eq!(
        (identity["status"].as_str(), identity["code"].as_str()),
        (Some("fail"), Some("cloudUnreachable")),
        "{answer}"
    );
    assert_eq!(identity["args"]["uri"], format!("{closed}/identity"));
    assert_eq!(identity["args"]["reason"], "connection failed");
    assert_eq!(step(&answer, "installationAccepted")["status"], "skipped");
    assert_eq!(step(&answer, "apiReachable")["code"], "cloudUnreachable");

    // The real cloud, with an installation key it never issued.
    let mut settings = cloud.settings();
    for (name, value) in &mut settings {
        if name == "installation__key" {
            *value = "not-the-key-the-cloud-issued".into();
        }
    }
    let (server, org, owner) = server_with_owned(&settings).await;
    let (_, answer) = check(&server, &org, &owner).await;
    assert_eq!(
        step(&answer, "identityReachable")["status"],
        "pass",
        "{answer}"
    );
    let installation = step(&answer, "installationAccepted");
    assert_eq!(
        (
            installation["status"].as_str(),
            installation["code"].as_str()
        ),
        (Some("fail"), Some("regionMismatch")),
        "{answer}"
    );
    assert_eq!(installation["args"]["region"], "US");
    assert_eq!(step(&answer, "apiReachable")["status"], "pass");
    assert_eq!(
        step(&answer, "billingSyncToken")["code"],
        "billingSyncNotSetUp"
    );
    assert_no_secret(
        &answer,
        &["not-the-key-the-cloud-issued", &cloud.installation.1],
    );
}
