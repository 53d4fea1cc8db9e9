//! Abuse resistance: disabled installations stop at once, sync batches are
//! validated and capped before the cloud e-mails anyone, new offers and
//! logins are rate-limited (429 with `Retry-After`), and the master-password
//! failure counter holds under concurrent requests.

mod common;

use billing_sync_server::config::Role;
use common::{Acme, Cloud, TestServer, PASSWORD};
use serde_json::{json, Value};
use wire::kdf::KdfSettings;
use wire::Secret;

async fn installation_token(cloud: &Cloud, scope: &str) -> String {
    let server = &cloud.acme.server;
    let response = server
        .http
        .post(server.url("/identity/connect/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("scope", scope),
            (
                "client_id",
                &format!("installation.{}", cloud.installation.0),
            ),
            ("client_secret", &cloud.installation.1),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_owned()
}

fn item(member: u128, email: &str, name: &str) -> Value {
    json!({
        "sponsoringOrganizationUserId": uuid::Uuid::from_u128(member),
        "friendlyName": name,
        "offeredToEmail": email,
        "planSponsorshipType": 0,
        "lastSyncDate": null,
        "validUntil": null,
        "toDelete": false
    })
}

async fn sync_batch(cloud: &Cloud, token: &str, batch: Vec<Value>) -> reqwest::Response {
    cloud
        .acme
        .server
        .post_json(
            "/api/organization/sponsorship/sync",
            token,
            &json!({
                "billingSyncKey": cloud.billing_key,
                "sponsoringOrganizationCloudId": cloud.acme.org,
                "sponsorshipsBatch": batch
            }),
        )
        .await
}

async fn outbox_len(server: &TestServer) -> usize {
    let pool = billing_sync_server::db::connect(&server.database_url)
        .await
        .unwrap();
    billing_sync_server::mail::outbox(&pool, 10_000)
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn a_disabled_installation_is_refused_at_once_with_a_token_it_already_holds() {
    let cloud = Cloud::start().await;
    let token = installation_token(&cloud, "api.installation").await;
    assert_eq!(sync_batch(&cloud, &token, vec![]).await.status(), 200);
    cloud
        .acme
        .server
        .cli(&["installation", "disable", "--id", &cloud.installation.0])
        .await
        .unwrap();
    let refused = sync_batch(&cloud, &token, vec![item(1, "rita@family.test", "Rita")]).await;
    assert_eq!(
        refused.status(),
        401,
        "the token stops working with its installation"
    );
    assert_eq!(outbox_len(&cloud.acme.server).await, 0, "nothing e-mailed");
}

#[tokio::test]
async fn sync_batches_are_validated_field_by_field_and_nothing_is_mailed() {
    let cloud = Cloud::start().await;
    let token = installation_token(&cloud, "api.installation").await;
    let long_name = "n".repeat(257);
    let long_email = format!("{}@family.test", "r".repeat(250));
    let mut wrong_plan = item(4, "rita@family.test", "Rita");
    wrong_plan["planSponsorshipType"] = json!(7);
    let cases = [
        (
            item(1, "not an e-mail", "Rita"),
            "SponsorshipsBatch[0].OfferedToEmail",
        ),
        (
            item(2, &long_email, "Rita"),
            "SponsorshipsBatch[0].OfferedToEmail",
        ),
        (
            item(3, "rita@family.test", &long_name),
            "SponsorshipsBatch[0].FriendlyName",
        ),
        (wrong_plan, "SponsorshipsBatch[0].PlanSponsorshipType"),
    ];
    for (bad, field) in cases {
        let response = sync_batch(&cloud, &token, vec![bad.clone()]).await;
        assert_eq!(response.status(), 400, "{bad}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["object"], "error", "{body}");
        assert!(
            body["validationErrors"][field].is_array(),
            "{field} named in {body}"
        );
    }
    // One bad item refuses the whole batch: the good one is not offered either.
    let response = sync_batch(
        &cloud,
        &token,
        vec![item(5, "ok@family.test", "Ok"), item(6, "bad", "Bad")],
    )
    .await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["validationErrors"]["SponsorshipsBatch[1].OfferedToEmail"].is_array(),
        "{body}"
    );
    // More than 1,000 items.
    let batch: Vec<Value> = (0..1001)
        .map(|n| item(100 + n, &format!("m{n}@family.test"), "M"))
        .collect();
    let response = sync_batch(&cloud, &token, batch).await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["validationErrors"]["SponsorshipsBatch"].is_array(),
        "{body}"
    );
    assert_eq!(outbox_len(&cloud.acme.server).await, 0, "nothing e-mailed");
    // A valid batch still works.
    let response = sync_batch(&cloud, &token, vec![item(7, "ok@family.test", "Ok")]).await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn new_offers_are_rate_limited_per_organization_and_per_installation() {
    let cloud = Cloud::start_with(&[
        ("billingSync__newOffersPerOrganizationPerDay", "5"),
        ("billingSync__newOffersPerInstallationPerDay", "8"),
    ])
    .await;
    let token = installation_token(&cloud, "api.installation").await;
    let batch = |from: u128, n: u128| -> Vec<Value> {
        (from..from + n)
            .map(|m| item(m, &format!("m{m}@family.test"), "M"))
            .collect()
    };
    assert_eq!(sync_batch(&cloud, &token, batch(0, 4)).await.status(), 200);
    let refused = sync_batch(&cloud, &token, batch(10, 2)).await;
    assert_eq!(
        refused.status(),
        429,
        "6 new offers in a day for one organization"
    );
    assert!(refused.headers().get("retry-after").is_some());
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["object"], "error", "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("new sponsorship offers"),
        "{body}"
    );
    assert_eq!(
        outbox_len(&cloud.acme.server).await,
        4,
        "the refused batch e-mailed nobody"
    );
    // Known rows still sync: a batch of existing offers is not new.
    assert_eq!(sync_batch(&cloud, &token, batch(0, 4)).await.status(), 200);
    assert_eq!(sync_batch(&cloud, &token, batch(20, 1)).await.status(), 200);

    // A second organization on the same installation: its own day budget,
    // but the installation's (8) runs out.
    let server = &cloud.acme.server;
    let globex = server
        .create_org("Globex", "enterprise", "owner@acme.test")
        .await;
    let hash = billing_sync_server::identity::client_kdf::master_password_hash(
        &Secret::new(PASSWORD),
        "owner@acme.test",
        KdfSettings::default_pbkdf2(),
    )
    .unwrap();
    let key: Value = server
        .post_json(
            &format!("/api/organizations/{globex}/api-key"),
            &cloud.owner,
            &json!({"type": 1, "masterPasswordHash": hash.expose()}),
        )
        .await
        .json()
        .await
        .unwrap();
    let key = key["apiKey"].as_str().unwrap().to_owned();
    let globex_batch = |from: u128, n: u128| {
        json!({
            "billingSyncKey": key,
            "sponsoringOrganizationCloudId": globex,
            "sponsorshipsBatch": batch(from, n)
        })
    };
    let ok = server
        .post_json(
            "/api/organization/sponsorship/sync",
            &token,
            &globex_batch(100, 3),
        )
        .await;
    assert_eq!(ok.status(), 200);
    let refused = server
        .post_json(
            "/api/organization/sponsorship/sync",
            &token,
            &globex_batch(200, 1),
        )
        .await;
    assert_eq!(
        refused.status(),
        429,
        "9 new offers in a day for one installation"
    );
}

#[tokio::test]
async fn logins_are_limited_per_account_with_retry_after() {
    let acme = Acme::start_with(
        Role::Cloud,
        &[("billingSync__loginAttemptsPerAccountPerMinute", "3")],
    )
    .await;
    let server = &acme.server;
    let tasks: Vec<_> = (0..6)
        .map(|_| wrong_login(server, "alice@acme.test"))
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    let limited: Vec<_> = statuses.iter().filter(|(s, ..)| *s == 429).collect();
    assert!(
        limited.len() >= 3,
        "at most 3 attempts a minute: {statuses:?}"
    );
    assert!(
        limited
            .iter()
            .all(|(_, retry, _)| retry.is_some_and(|s| s >= 1)),
        "429 says when to retry: {statuses:?}"
    );
    // Another account is not affected by alice's limit.
    let response = server.login_response("owner@acme.test", PASSWORD).await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn logins_are_limited_per_client_address_also_for_unknown_accounts() {
    let acme = Acme::start_with(
        Role::Cloud,
        &[("billingSync__loginAttemptsPerIpPerMinute", "4")],
    )
    .await;
    let server = &acme.server;
    let tasks: Vec<_> = (0..7)
        .map(|n| wrong_login(server, &format!("nobody{n}@nowhere.test")))
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    let limited: Vec<_> = statuses.iter().filter(|(s, ..)| *s == 429).collect();
    assert!(
        limited.len() >= 3,
        "at most 4 attempts a minute from one address: {statuses:?}"
    );
    assert!(
        limited
            .iter()
            .all(|(_, retry, object)| retry.is_some() && object == "error"),
        "429 with Retry-After, in Bitwarden's error shape: {statuses:?}"
    );
}

/// A password grant with a wrong hash, sent in the background; returns
/// (status, Retry-After seconds, the body's `object`).
fn wrong_login(
    server: &TestServer,
    email: &str,
) -> tokio::task::JoinHandle<(u16, Option<u64>, String)> {
    let http = server.http.clone();
    let url = server.url("/identity/connect/token");
    let form = wire::identity::TokenRequestForm::password(email, Secret::new("w".repeat(44)));
    tokio::spawn(async move {
        let response = http.post(url).form(&form).send().await.unwrap();
        let status = response.status().as_u16();
        let retry = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok());
        let body: Value = response.json().await.unwrap_or_default();
        let object = body["object"].as_str().unwrap_or_default().to_owned();
        (status, retry, object)
    })
}

#[tokio::test]
async fn concurrent_wrong_master_passwords_cannot_pass_the_failure_limit() {
    let acme = Acme::start(Role::Cloud).await;
    let server = &acme.server;
    let owner = server.login("owner@acme.test", PASSWORD).await;
    let wrong = billing_sync_server::identity::client_kdf::master_password_hash(
        &Secret::new("not the password"),
        "owner@acme.test",
        KdfSettings::default_pbkdf2(),
    )
    .unwrap();
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let http = server.http.clone();
            let url = server.url(&format!("/api/organizations/{}/api-key", acme.org));
            let body = json!({"type": 1, "masterPasswordHash": wrong.expose()});
            let owner = owner.clone();
            tokio::spawn(async move {
                http.post(url)
                    .bearer_auth(owner)
                    .json(&body)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    let checked = statuses.iter().filter(|s| **s == 400).count();
    assert!(
        checked <= 10,
        "at most 10 failed checks in the window: {statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        16 - checked,
        "{statuses:?}"
    );
    // More wrong attempts, one at a time, fill the window to exactly 10
    // failures; from then on every attempt is refused, the right one too.
    let api_key = format!("/api/organizations/{}/api-key", acme.org);
    let mut failures = checked;
    loop {
        let body = json!({"type": 1, "masterPasswordHash": wrong.expose()});
        match server
            .post_json(&api_key, &owner, &body)
            .await
            .status()
            .as_u16()
        {
            429 => break,
            400 => failures += 1,
            other => panic!("unexpected status {other}"),
        }
        assert!(failures <= 10, "{failures} failed checks in the window");
    }
    assert_eq!(failures, 10);
    let right = billing_sync_server::identity::client_kdf::master_password_hash(
        &Secret::new(PASSWORD),
        "owner@acme.test",
        KdfSettings::default_pbkdf2(),
    )
    .unwrap();
    let body = json!({"type": 1, "masterPasswordHash": right.expose()});
    let response = server.post_json(&api_key, &owner, &body).await;
    assert_eq!(response.status(), 429);
}
