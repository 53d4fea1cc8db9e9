//! Families sponsorships across a self-hosted server, the cloud and a real
//! SMTP server on loopback: offer, sync, e-mail, redeem, revoke.

mod common;

use billing_sync_e2e::smtp::SmtpSink;
use common::{self_hosted_with_interval, Cloud, TestServer, PASSWORD};
use serde_json::{json, Value};
use wire::kdf::KdfSettings;
use wire::Secret;

/// A synced pair: cloud with SMTP, self-hosted org created from the cloud's
/// license with the billing sync token saved; alice is a member there.
struct Pair {
    cloud: Cloud,
    smtp: SmtpSink,
    server: TestServer,
    owner: String,
    alice: String,
    org: String,
}

impl Pair {
    async fn start() -> Self {
        Self::start_with_interval(std::time::Duration::from_secs(86_400)).await
    }

    async fn start_with_interval(interval: std::time::Duration) -> Self {
        Self::start_full(interval, None).await
    }

    /// With `proxy`, the self-hosted server reaches the cloud's API through it.
    async fn start_full(interval: std::time::Duration, proxy: Option<&FlakyProxy>) -> Self {
        let smtp = SmtpSink::start().await;
        let port = smtp.port.to_string();
        let cloud = Cloud::start_with(&[
            ("mail__smtp__host", "127.0.0.1"),
            ("mail__smtp__port", &port),
            ("baseServiceUri__vault", "https://vault.acme.test"),
        ])
        .await;
        let mut settings = cloud.settings();
        if let Some(proxy) = proxy {
            *proxy.target.lock().unwrap() = cloud.acme.server.base.clone();
            for (name, value) in &mut settings {
                if name == "installation__apiUri" {
                    *value = format!("{}/api", proxy.base);
                }
            }
        }
        let (server, owner) = self_hosted_with_interval(&settings, interval).await;
        let license = cloud.license_for(&cloud.installation.0).await;
        let form = reqwest::multipart::Form::new().part(
            "license",
            reqwest::multipart::Part::bytes(serde_json::to_vec(&license).unwrap())
                .file_name("license.json"),
        );
        let created: Value = server
            .http
            .post(server.url("/api/organizations/licenses/self-hosted"))
            .bearer_auth(&owner)
            .multipart(form)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let org = created["id"].as_str().unwrap().to_owned();
        let body = json!({"type": 1, "organizationId": org, "enabled": true, "config": {"billingSyncKey": cloud.billing_key}});
        assert_eq!(
            server
                .post_json("/api/organizations/connections", &owner, &body)
                .await
                .status(),
            200
        );
        server.add_member(&org, "alice@acme.test", "user").await;
        let alice = server.login("alice@acme.test", PASSWORD).await;
        Self {
            cloud,
            smtp,
            server,
            owner,
            alice,
            org,
        }
    }

    async fn offer(&self, token: &str, email: &str) -> reqwest::Response {
        self.server
            .post_json(
                &format!(
                    "/api/organization/sponsorship/self-hosted/{}/families-for-enterprise",
                    self.org
                ),
                token,
                &json!({"planSponsorshipType": 0, "sponsoredEmail": email, "friendlyName": email}),
            )
            .await
    }

    async fn sync_now(&self) -> Value {
        let response = self
            .server
            .post_json(
                &format!(
                    "/api/organization/sponsorship/self-hosted/{}/sync",
                    self.org
                ),
                &self.owner,
                &json!({}),
            )
            .await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    /// Alice's sponsorship fields from her profile.
    async fn alice_sponsorship(&self) -> Value {
        let profile: Value = self
            .server
            .get("/api/accounts/profile", &self.alice)
            .await
            .json()
            .await
            .unwrap();
        profile["organizations"][0].clone()
    }

    async fn revoke(&self) -> reqwest::Response {
        self.server
            .http
            .delete(self.server.url(&format!(
                "/api/organization/sponsorship/self-hosted/{}",
                self.org
            )))
            .bearer_auth(&self.alice)
            .send()
            .await
            .unwrap()
    }
}

/// The redeem link in an e-mail: (token, has register=true).
fn redeem_link(data: &str) -> (String, bool) {
    let unfolded = data.replace("=\n", "").replace("=3D", "=");
    let start = unfolded
        .find("https://vault.acme.test/#/accept-families-for-enterprise?token=")
        .expect("link in the e-mail");
    let link: String = unfolded[start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '"' && *c != '<')
        .collect();
    let token = link
        .split("token=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_owned();
    (token, link.contains("&register=true"))
}

/// Registers and logs in a recipient on the cloud, as the web module does.
async fn recipient(cloud: &TestServer, email: &str) -> String {
    let hash = billing_sync_server::identity::client_kdf::master_password_hash(
        &Secret::new(PASSWORD),
        email,
        KdfSettings::default_pbkdf2(),
    )
    .unwrap();
    let body = json!({"email": email, "name": "Rita Recipient", "masterPasswordHash": hash.expose(), "kdf": 0, "kdfIterations": 600000});
    let response = cloud
        .http
        .post(cloud.url("/identity/accounts/register"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let again = cloud
        .http
        .post(cloud.url("/identity/accounts/register"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 400, "an e-mail registers once");
    cloud.login(email, PASSWORD).await
}

async fn redeem(
    cloud: &TestServer,
    token: &str,
    sponsorship: &str,
    body: Value,
) -> reqwest::Response {
    cloud
        .post_json(
            &format!("/api/organization/sponsorship/redeem?sponsorshipToken={sponsorship}"),
            token,
            &body,
        )
        .await
}

#[tokio::test]
async fn offer_sync_email_redeem_active() {
    let pair = Pair::start().await;
    assert_eq!(
        pair.offer(&pair.alice, "rita@family.test").await.status(),
        200
    );
    let mine = pair.alice_sponsorship().await;
    assert_eq!(mine["familySponsorshipFriendlyName"], "rita@family.test");
    assert_eq!(
        mine["familySponsorshipLastSyncDate"],
        Value::Null,
        "pending sync"
    );
    assert_eq!(mine["familySponsorshipAvailable"], false);

    let run = pair.sync_now().await;
    assert_eq!(
        (
            run["sent"].as_u64(),
            run["updated"].as_u64(),
            run["removed"].as_u64()
        ),
        (Some(1), Some(1), Some(0))
    );
    assert_eq!(run["error"], Value::Null);
    assert!(
        pair.alice_sponsorship().await["familySponsorshipLastSyncDate"].is_string(),
        "sent"
    );

    let mails = pair.smtp.wait_for(1).await;
    assert_eq!(mails[0].to, vec!["rita@family.test".to_owned()]);
    assert!(mails[0]
        .data
        .contains("Subject: Accept your Sponsored Families Plan"));
    let (token, register) = redeem_link(&mails[0].data);
    assert!(token.starts_with("BWOrganizationSponsorship_"));
    assert!(register, "no account yet: the link asks to register");

    // A second sync sends no second e-mail.
    pair.sync_now().await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(pair.smtp.messages().len(), 1);

    let cloud = &pair.cloud.acme.server;
    let rita = recipient(cloud, "rita@family.test").await;
    let check: Value = cloud
        .post_json(
            &format!("/api/organization/sponsorship/validate-token?sponsorshipToken={token}"),
            &rita,
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        check,
        json!({"isTokenValid": true, "isFreeFamilyPolicyEnabled": false})
    );
    // Someone else cannot use Rita's link.
    let eve = cloud.login("eve@other.test", PASSWORD).await;
    let check: Value = cloud
        .post_json(
            &format!("/api/organization/sponsorship/validate-token?sponsorshipToken={token}"),
            &eve,
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(check["isTokenValid"], false);

    let response = redeem(
        cloud,
        &rita,
        &token,
        json!({"planSponsorshipType": 0, "newOrganizationName": "Rita's family"}),
    )
    .await;
    assert_eq!(response.status(), 200);
    let profile: Value = cloud
        .get("/api/accounts/profile", &rita)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(profile["organizations"][0]["name"], "Rita's family");
    assert_eq!(
        profile["organizations"][0]["productTierType"], 1,
        "a Families organization"
    );
    // The link works once.
    let again = redeem(
        cloud,
        &rita,
        &token,
        json!({"newOrganizationName": "Twice"}),
    )
    .await;
    assert_eq!(
        again.json::<Value>().await.unwrap()["message"],
        "Failed to parse sponsorship token."
    );

    pair.sync_now().await;
    let mine = pair.alice_sponsorship().await;
    assert!(
        mine["familySponsorshipValidUntil"].is_string(),
        "active: {mine}"
    );
    assert_eq!(mine["familySponsorshipToDelete"], false);

    // Revoking after redemption: removed at the paid-through date ("Expires <date>").
    assert_eq!(pair.revoke().await.status(), 200);
    assert_eq!(
        pair.alice_sponsorship().await["familySponsorshipToDelete"],
        true
    );
    let run = pair.sync_now().await;
    assert_eq!(run["removed"], 0);
    let mine = pair.alice_sponsorship().await;
    assert_eq!(mine["familySponsorshipToDelete"], true);
    assert!(mine["familySponsorshipValidUntil"].is_string());
}

#[tokio::test]
async fn redeem_into_an_existing_families_org_and_the_refusals() {
    let pair = Pair::start().await;
    let cloud = &pair.cloud.acme.server;
    cloud.add_user("rob@family.test", PASSWORD, "pbkdf2").await;
    let families = cloud
        .create_org("Rob's family", "families", "rob@family.test")
        .await;
    let teams = cloud
        .create_org("Rob's team", "teams", "rob@family.test")
        .await;
    assert_eq!(
        pair.offer(&pair.alice, "rob@family.test").await.status(),
        200
    );
    pair.sync_now().await;
    let mails = pair.smtp.wait_for(1).await;
    let (token, register) = redeem_link(&mails[0].data);
    assert!(!register, "Rob has an account: log in, no registration");
    let rob = cloud.login("rob@family.test", PASSWORD).await;
    let garbage = redeem(
        cloud,
        &rob,
        "garbage",
        json!({"sponsoredOrganizationId": families}),
    )
    .await;
    assert_eq!(
        garbage.json::<Value>().await.unwrap()["message"],
        "Failed to parse sponsorship token."
    );
    let on_teams = redeem(
        cloud,
        &rob,
        &token,
        json!({"sponsoredOrganizationId": teams}),
    )
    .await;
    assert_eq!(
        on_teams.json::<Value>().await.unwrap()["message"],
        "Can only redeem sponsorship offer on families organizations."
    );
    let not_owned = redeem(
        cloud,
        &rob,
        &token,
        json!({"sponsoredOrganizationId": pair.cloud.acme.org}),
    )
    .await;
    assert_eq!(
        not_owned.json::<Value>().await.unwrap()["message"],
        "Can only redeem sponsorship for an organization you own."
    );
    let response = redeem(
        cloud,
        &rob,
        &token,
        json!({"planSponsorshipType": 0, "sponsoredOrganizationId": families}),
    )
    .await;
    assert_eq!(response.status(), 200);
    let subscription: Value = cloud
        .get(&format!("/api/organizations/{families}/subscription"), &rob)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        subscription["expiration"].is_string(),
        "paid through by the sponsorship"
    );
}

#[tokio::test]
async fn revoking_before_sync_deletes_and_after_sync_removes_via_the_cloud() {
    let pair = Pair::start().await;
    // Before any sync: gone at once.
    assert_eq!(
        pair.offer(&pair.alice, "rita@family.test").await.status(),
        200
    );
    assert_eq!(pair.revoke().await.status(), 200);
    assert_eq!(
        pair.alice_sponsorship().await["familySponsorshipFriendlyName"],
        Value::Null
    );
    assert_eq!(
        pair.revoke().await.json::<Value>().await.unwrap()["message"],
        "You are not currently sponsoring an organization."
    );
    // After a sync, before redemption: "Removed (awaiting sync)", then removed by the cloud.
    assert_eq!(
        pair.offer(&pair.alice, "rita@family.test").await.status(),
        200
    );
    pair.sync_now().await;
    assert_eq!(pair.revoke().await.status(), 200);
    assert_eq!(
        pair.alice_sponsorship().await["familySponsorshipToDelete"],
        true
    );
    let run = pair.sync_now().await;
    assert_eq!(run["removed"], 1);
    assert_eq!(
        pair.alice_sponsorship().await["familySponsorshipFriendlyName"],
        Value::Null
    );
    assert_eq!(
        pair.alice_sponsorship().await["familySponsorshipAvailable"],
        true
    );
}

#[tokio::test]
async fn offers_are_validated() {
    let pair = Pair::start().await;
    let cases = [
        ("alice@acme.test", "Cannot offer a Families Organization Sponsorship to yourself. Choose a different email."),
        ("not-an-email", "The SponsoredEmail field is not a supported e-mail address format."),
    ];
    for (email, expected) in cases {
        let body: Value = pair.offer(&pair.alice, email).await.json().await.unwrap();
        assert_eq!(body["message"].as_str().map(|m| m == expected || body["validationErrors"]["SponsoredEmail"][0] == expected), Some(true), "{email}: {body}");
    }
    assert_eq!(
        pair.offer(&pair.alice, "rita@family.test").await.status(),
        200
    );
    assert_eq!(
        pair.offer(&pair.alice, "rita@family.test").await.status(),
        200,
        "the same offer again is idempotent"
    );
    let second: Value = pair
        .offer(&pair.alice, "other@family.test")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        second["message"],
        "Can only sponsor one organization per Organization User."
    );
    // The cloud's sync refuses wrong keys and user tokens.
    let cloud = &pair.cloud.acme.server;
    let batch = json!({"billingSyncKey": "wrong", "sponsoringOrganizationCloudId": pair.cloud.acme.org, "sponsorshipsBatch": []});
    assert_eq!(
        cloud
            .post_json(
                "/api/organization/sponsorship/sync",
                &pair.cloud.owner,
                &batch
            )
            .await
            .status(),
        403
    );
}

#[tokio::test]
async fn a_stopped_cloud_loses_nothing_and_many_sponsorships_go_in_batches() {
    let pair = Pair::start().await;
    // 2,500 sponsorships (Bitwarden's batches hold 1,000).
    let pool = billing_sync_server::db::connect(&pair.server.database_url)
        .await
        .unwrap();
    let org: wire::OrganizationId = pair.org.parse().unwrap();
    seed_offers(&pool, org, 2500).await;
    let run = pair.sync_now().await;
    assert_eq!(run["error"], Value::Null, "{run}");
    assert_eq!(run["sent"], 2500);
    assert_eq!(run["updated"], 2500);
    let status: Value = pair
        .cloud
        .acme
        .server
        .get(
            &format!(
                "/api/organization/sponsorship/{}/sync-status",
                pair.cloud.acme.org
            ),
            &pair.cloud.owner,
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(status["lastSyncDate"].is_string());
    let cloud_pool = billing_sync_server::db::connect(&pair.cloud.acme.server.database_url)
        .await
        .unwrap();
    let on_cloud = billing_sync_server::sponsorships::store::for_sponsoring_org(
        &cloud_pool,
        pair.cloud.acme.org.parse().unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(on_cloud.len(), 2500, "all three batches arrived");

    // The cloud goes away: the run fails in plain words, nothing local changes.
    let before = billing_sync_server::sponsorships::store::for_sponsoring_org(&pool, org)
        .await
        .unwrap();
    let Pair {
        cloud,
        server,
        owner,
        org: org_id,
        ..
    } = pair;
    drop(cloud);
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let run: Value = server
        .post_json(
            &format!("/api/organization/sponsorship/self-hosted/{org_id}/sync"),
            &owner,
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(
        run["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("Organization sync failed: Cannot reach the cloud")),
        "{run}"
    );
    let after = billing_sync_server::sponsorships::store::for_sponsoring_org(&pool, org)
        .await
        .unwrap();
    assert_eq!(before, after, "a failed run changes nothing");
    let runs: Value = server
        .get(
            &format!("/api/organization/sponsorship/self-hosted/{org_id}/sync-runs"),
            &owner,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(runs["runs"].as_array().unwrap().len(), 2);
    assert!(runs["runs"][0]["error"].is_string(), "newest first");
}

#[tokio::test]
async fn the_schedule_runs_only_after_the_first_sync() {
    // A "day" of two seconds.
    let pair = Pair::start_with_interval(std::time::Duration::from_secs(2)).await;
    assert_eq!(
        pair.offer(&pair.alice, "rita@family.test").await.status(),
        200
    );
    let runs_path = format!(
        "/api/organization/sponsorship/self-hosted/{}/sync-runs",
        pair.org
    );
    tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    let runs: Value = pair
        .server
        .get(&runs_path, &pair.owner)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        runs["runs"],
        json!([]),
        "no scheduled run before the first sync"
    );
    assert_eq!(runs["lastSyncDate"], Value::Null);

    pair.sync_now().await;
    let mut scheduled = 0;
    for _ in 0..40 {
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        let runs: Value = pair
            .server
            .get(&runs_path, &pair.owner)
            .await
            .json()
            .await
            .unwrap();
        scheduled = runs["runs"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["trigger"] == "scheduled")
            .count();
        if scheduled > 0 {
            assert_eq!(runs["runs"][0]["error"], Value::Null);
            break;
        }
    }
    assert!(scheduled > 0, "a scheduled run followed the first sync");
}

#[tokio::test]
async fn offer_mail_is_retried_until_the_smtp_server_answers() {
    // A port nobody listens on yet.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let port_text = port.to_string();
    let acme = common::Acme::start_with(
        billing_sync_server::config::Role::Cloud,
        &[
            ("mail__smtp__host", "127.0.0.1"),
            ("mail__smtp__port", &port_text),
        ],
    )
    .await;
    let server = &acme.server;
    let owner = server.login("owner@acme.test", PASSWORD).await;
    let response = server
        .post_json(
            &format!("/api/organization/sponsorship/{}/families-for-enterprise", acme.org),
            &owner,
            &json!({"planSponsorshipType": 0, "sponsoredEmail": "rita@family.test", "friendlyName": "Rita"}),
        )
        .await;
    assert_eq!(response.status(), 200, "cloud members offer directly");
    let pool = billing_sync_server::db::connect(&server.database_url)
        .await
        .unwrap();
    let mut failed = None;
    for _ in 0..100 {
        let outbox = billing_sync_server::mail::outbox(&pool, 10).await.unwrap();
        if let Some(entry) = outbox.iter().find(|e| e.last_error.is_some()) {
            failed = Some((entry.attempts, entry.sent_at.clone()));
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let (attempts, sent_at) = failed.expect("the failed delivery is recorded, not dropped");
    assert!(attempts >= 1);
    assert_eq!(sent_at, None);

    // The mail server comes up: the retry delivers the message.
    let smtp = SmtpSink::start_on(port).await;
    let mails = smtp
        .wait_for_within(1, std::time::Duration::from_secs(20))
        .await
        .expect("delivered on retry");
    assert_eq!(mails[0].to, vec!["rita@family.test".to_owned()]);
    let outbox = billing_sync_server::mail::outbox(&pool, 10).await.unwrap();
    assert!(outbox[0].sent_at.is_some());
}

/// A reverse proxy in front of the cloud's API that can make the n-th
/// sponsorship sync batch fail, as if the cloud went away mid-run.
struct FlakyProxy {
    base: String,
    target: std::sync::Arc<std::sync::Mutex<String>>,
    fail_batch: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    batches: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl FlakyProxy {
    async fn start() -> Self {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::{Arc, Mutex};
        let fail_batch = Arc::new(AtomicUsize::new(0));
        let batches = Arc::new(AtomicUsize::new(0));
        let target = Arc::new(Mutex::new(String::new()));
        let (fail, count, cloud) = (fail_batch.clone(), batches.clone(), target.clone());
        let client = reqwest::Client::new();
        let forward = move |request: axum::extract::Request| {
            let (fail, count, client) = (fail.clone(), count.clone(), client.clone());
            let target = cloud.lock().unwrap().clone();
            async move {
                let path = request
                    .uri()
                    .path_and_query()
                    .map(|p| p.to_string())
                    .unwrap_or_default();
                if path.ends_with("/organization/sponsorship/sync") {
                    let n = count.fetch_add(1, Ordering::SeqCst) + 1;
                    if n == fail.load(Ordering::SeqCst) {
                        return (axum::http::StatusCode::BAD_GATEWAY, String::new())
                            .into_response();
                    }
                }
                let method =
                    reqwest::Method::from_bytes(request.method().as_str().as_bytes()).unwrap();
                let mut outgoing = client.request(method, format!("{target}{path}"));
                for name in ["authorization", "content-type", "accept"] {
                    if let Some(value) = request.headers().get(name) {
                        outgoing = outgoing.header(name, value.to_str().unwrap());
                    }
                }
                let body = axum::body::to_bytes(request.into_body(), 10 << 20)
                    .await
                    .unwrap();
                let response = outgoing.body(body).send().await.unwrap();
                let status = axum::http::StatusCode::from_u16(response.status().as_u16()).unwrap();
                (
                    status,
                    [("content-type", "application/json")],
                    response.bytes().await.unwrap(),
                )
                    .into_response()
            }
        };
        use axum::response::IntoResponse;
        let app = axum::Router::new().fallback(forward);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            base,
            target,
            fail_batch,
            batches,
        }
    }
}

#[tokio::test]
async fn a_cloud_failing_between_batches_loses_nothing_and_the_next_run_converges() {
    use std::sync::atomic::Ordering;
    let proxy = FlakyProxy::start().await;
    let pair = Pair::start_full(std::time::Duration::from_secs(86_400), Some(&proxy)).await;

    let pool = billing_sync_server::db::connect(&pair.server.database_url)
        .await
        .unwrap();
    let org: wire::OrganizationId = pair.org.parse().unwrap();
    seed_offers(&pool, org, 1500).await;
    let before = billing_sync_server::sponsorships::store::for_sponsoring_org(&pool, org)
        .await
        .unwrap();

    // The second of two batches fails: the run reports it and stores nothing.
    proxy.fail_batch.store(2, Ordering::SeqCst);
    let run = pair.sync_now().await;
    assert!(
        run["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("Organization sync failed")),
        "{run}"
    );
    assert_eq!(
        proxy.batches.load(Ordering::SeqCst),
        2,
        "the first batch went through"
    );
    let after = billing_sync_server::sponsorships::store::for_sponsoring_org(&pool, org)
        .await
        .unwrap();
    assert_eq!(before, after, "nothing stored from the half-finished run");

    // The cloud is back: the next run converges.
    proxy.fail_batch.store(0, Ordering::SeqCst);
    let run = pair.sync_now().await;
    assert_eq!(run["error"], Value::Null, "{run}");
    assert_eq!(
        (run["sent"].as_u64(), run["updated"].as_u64()),
        (Some(1500), Some(1500))
    );
    let synced = billing_sync_server::sponsorships::store::for_sponsoring_org(&pool, org)
        .await
        .unwrap();
    assert!(synced.iter().all(|s| s.last_sync_date.is_some()));
    let cloud_pool = billing_sync_server::db::connect(&pair.cloud.acme.server.database_url)
        .await
        .unwrap();
    let on_cloud = billing_sync_server::sponsorships::store::for_sponsoring_org(
        &cloud_pool,
        pair.cloud.acme.org.parse().unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(on_cloud.len(), 1500);
    let offers = billing_sync_server::mail::outbox(&cloud_pool, 5000)
        .await
        .unwrap();
    assert_eq!(
        offers.len(),
        1500,
        "each offer e-mailed exactly once, also for the batch that was sent twice"
    );
}

/// Stores `count` pending offers of distinct members directly in the
/// self-hosted database (creating thousands of members would take minutes).
async fn seed_offers(pool: &billing_sync_server::db::Pool, org: wire::OrganizationId, count: u32) {
    for n in 0..count {
        let email = format!("member{n}@family.test");
        let row = billing_sync_server::sponsorships::store::Sponsorship {
            id: wire::ids::SponsorshipId(uuid::Uuid::new_v4()),
            sponsoring_organization_id: Some(org),
            sponsoring_organization_user_id: wire::ids::OrganizationUserId(uuid::Uuid::new_v4()),
            sponsored_organization_id: None,
            friendly_name: Some(email.clone()),
            offered_to_email: Some(email),
            plan_sponsorship_type: Some(0),
            last_sync_date: None,
            valid_until: None,
            to_delete: false,
            is_admin_initiated: false,
        };
        billing_sync_server::sponsorships::store::upsert(pool, &row)
            .await
            .unwrap();
    }
}
