//! Data integrity under concurrency: one offer redeems once, one Families
//! organization is sponsored once, a sync run never undoes what happened
//! while it was talking to the cloud, and an offer the cloud may hold can
//! always be revoked there.

mod common;

use billing_sync_server::config::Role;
use common::{Acme, TestServer, PASSWORD};
use serde_json::{json, Value};

/// Offers Families on the cloud as `member` (the cloud e-mails at once, into its outbox).
async fn offer_on_cloud(server: &TestServer, member: &str, org: &str, email: &str, name: &str) {
    let response = server
        .post_json(
            &format!("/api/organization/sponsorship/{org}/families-for-enterprise"),
            member,
            &json!({"planSponsorshipType": 0, "sponsoredEmail": email, "friendlyName": name}),
        )
        .await;
    assert_eq!(response.status(), 200, "offer to {email}");
}

/// The redeem token of the newest outbox mail to `email`.
async fn outbox_token(server: &TestServer, email: &str) -> String {
    let pool = billing_sync_server::db::connect(&server.database_url)
        .await
        .unwrap();
    let outbox = billing_sync_server::mail::outbox(&pool, 100).await.unwrap();
    let mail = outbox
        .iter()
        .find(|m| m.recipient == email)
        .expect("an offer mail in the outbox");
    mail.body_html
        .split("token=")
        .nth(1)
        .and_then(|rest| rest.split('&').next())
        .expect("a token in the link")
        .to_owned()
}

/// Sends the same redeem `count` times at once; returns the statuses.
async fn redeem_concurrently(
    server: &TestServer,
    bearer: &str,
    token: &str,
    bodies: Vec<Value>,
) -> Vec<u16> {
    let tasks: Vec<_> = bodies
        .into_iter()
        .map(|body| {
            let http = server.http.clone();
            let url = server.url(&format!(
                "/api/organization/sponsorship/redeem?sponsorshipToken={token}"
            ));
            let bearer = bearer.to_owned();
            tokio::spawn(async move {
                http.post(url)
                    .bearer_auth(bearer)
                    .json(&body)
                    .send()
                    .await
                    .expect("redeem")
                    .status()
                    .as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.expect("redeem task"));
    }
    statuses
}

#[tokio::test]
async fn one_offer_redeemed_by_concurrent_requests_makes_one_families_org() {
    let acme = Acme::start(Role::Cloud).await;
    let server = &acme.server;
    server
        .add_user("rita@family.test", PASSWORD, "pbkdf2")
        .await;
    let alice = server.login("alice@acme.test", PASSWORD).await;
    offer_on_cloud(server, &alice, &acme.org, "rita@family.test", "Rita").await;
    let token = outbox_token(server, "rita@family.test").await;
    let rita = server.login("rita@family.test", PASSWORD).await;

    let bodies = (0..8)
        .map(|n| json!({"planSponsorshipType": 0, "newOrganizationName": format!("Family {n}")}))
        .collect();
    let statuses = redeem_concurrently(server, &rita, &token, bodies).await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "exactly one redeem wins: {statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 400),
        "the losers get a 400, not a 500: {statuses:?}"
    );
    let profile: Value = server
        .get("/api/accounts/profile", &rita)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        profile["organizations"].as_array().unwrap().len(),
        1,
        "one free Families organization: {profile}"
    );
}

#[tokio::test]
async fn two_offers_redeemed_at_once_into_one_families_org_sponsor_it_once() {
    let acme = Acme::start(Role::Cloud).await;
    let server = &acme.server;
    server.add_user("rob@family.test", PASSWORD, "pbkdf2").await;
    let families = server
        .create_org("Rob's family", "families", "rob@family.test")
        .await;
    let mut tokens = Vec::new();
    for member in ["owner@acme.test", "admin@acme.test", "alice@acme.test"] {
        let bearer = server.login(member, PASSWORD).await;
        offer_on_cloud(server, &bearer, &acme.org, "rob@family.test", member).await;
        tokens.push(outbox_token(server, "rob@family.test").await);
    }
    let rob = server.login("rob@family.test", PASSWORD).await;

    let body = json!({"planSponsorshipType": 0, "sponsoredOrganizationId": families});
    let (a, b, c) = tokio::join!(
        redeem_concurrently(server, &rob, &tokens[0], vec![body.clone()]),
        redeem_concurrently(server, &rob, &tokens[1], vec![body.clone()]),
        redeem_concurrently(server, &rob, &tokens[2], vec![body.clone()]),
    );
    let statuses = [a[0], b[0], c[0]];
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "one sponsorship per organization: {statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 400),
        "{statuses:?}"
    );
    let pool = billing_sync_server::db::connect(&server.database_url)
        .await
        .unwrap();
    let rows = billing_sync_server::sponsorships::store::for_sponsoring_org(
        &pool,
        acme.org.parse().unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(
        rows.iter()
            .filter(
                |r| r.sponsored_organization_id.map(|id| id.to_string()) == Some(families.clone())
            )
            .count(),
        1,
        "{rows:?}"
    );
    assert_eq!(
        rows.iter().filter(|r| r.offered_to_email.is_some()).count(),
        2,
        "the losing offers stay open for another organization"
    );
}

/// A reverse proxy in front of the cloud's API that can hold a sponsorship
/// sync batch (so the test acts while a run talks to the cloud) or drop the
/// cloud's answer to one (the cloud committed, the self-hosted server never
/// heard back).
struct Proxy {
    base: String,
    target: Arc<Mutex<String>>,
    hold: Arc<AtomicBool>,
    arrived: Arc<Notify>,
    release: Arc<Semaphore>,
    drop_answer_of: Arc<AtomicUsize>,
    refuse: Arc<AtomicUsize>,
    batches: Arc<AtomicUsize>,
}

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{Notify, Semaphore};

impl Proxy {
    async fn start() -> Self {
        let proxy = Self {
            base: String::new(),
            target: Arc::default(),
            hold: Arc::default(),
            arrived: Arc::default(),
            release: Arc::new(Semaphore::new(0)),
            drop_answer_of: Arc::default(),
            refuse: Arc::default(),
            batches: Arc::default(),
        };
        let refuse = proxy.refuse.clone();
        let (target, hold, arrived, release, drop_answer_of, batches) = (
            proxy.target.clone(),
            proxy.hold.clone(),
            proxy.arrived.clone(),
            proxy.release.clone(),
            proxy.drop_answer_of.clone(),
            proxy.batches.clone(),
        );
        let client = reqwest::Client::new();
        let forward = move |request: axum::extract::Request| {
            let target = target.lock().unwrap().clone();
            let refuse = refuse.clone();
            let (hold, arrived, release, drop_answer_of, batches, client) = (
                hold.clone(),
                arrived.clone(),
                release.clone(),
                drop_answer_of.clone(),
                batches.clone(),
                client.clone(),
            );
            async move {
                use axum::response::IntoResponse;
                let path = request
                    .uri()
                    .path_and_query()
                    .map(|p| p.to_string())
                    .unwrap_or_default();
                let mut drop_answer = false;
                if path.ends_with("/organization/sponsorship/sync") {
                    let n = batches.fetch_add(1, Ordering::SeqCst) + 1;
                    drop_answer = n == drop_answer_of.load(Ordering::SeqCst);
                    if n == refuse.load(Ordering::SeqCst) {
                        return (axum::http::StatusCode::BAD_GATEWAY, String::new())
                            .into_response();
                    }
                    if hold.swap(false, Ordering::SeqCst) {
                        arrived.notify_one();
                        release.acquire().await.unwrap().forget();
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
                let bytes = response.bytes().await.unwrap();
                if drop_answer {
                    return (axum::http::StatusCode::BAD_GATEWAY, String::new()).into_response();
                }
                (status, [("content-type", "application/json")], bytes).into_response()
            }
        };
        let app = axum::Router::new().fallback(forward);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { base, ..proxy }
    }

    /// Points the proxy at the cloud; returns the API URL to use instead.
    fn route(&self, cloud_base: &str) -> String {
        *self.target.lock().unwrap() = cloud_base.to_owned();
        format!("{}/api", self.base)
    }

    /// Runs `during` while the next sync batch is held at the proxy, then lets it through.
    async fn while_held<F: std::future::Future<Output = ()>>(&self, during: F) {
        self.arrived.notified().await;
        during.await;
        self.release.add_permits(1);
    }
}

async fn pair_behind(proxy: &Proxy) -> Pair {
    let route = |cloud_base: &str| proxy.route(cloud_base);
    Pair::start_full(std::time::Duration::from_secs(86_400), Some(&route)).await
}

/// The cloud's rows of Acme.
async fn cloud_rows(pair: &Pair) -> Vec<Sponsorship> {
    let pool = billing_sync_server::db::connect(&pair.cloud.acme.server.database_url)
        .await
        .unwrap();
    store::for_sponsoring_org(&pool, pair.cloud.acme.org.parse().unwrap())
        .await
        .unwrap()
}

/// The self-hosted rows of the organization.
async fn local_rows(pair: &Pair) -> Vec<Sponsorship> {
    let pool = billing_sync_server::db::connect(&pair.server.database_url)
        .await
        .unwrap();
    store::for_sponsoring_org(&pool, pair.org.parse().unwrap())
        .await
        .unwrap()
}

use billing_sync_server::sponsorships::store::{self, Sponsorship};
use common::pair::Pair;

#[tokio::test]
async fn a_revoke_made_while_a_run_talks_to_the_cloud_is_kept() {
    let proxy = Proxy::start().await;
    let pair = pair_behind(&proxy).await;
    assert_eq!(
        pair.offer(&pair.alice, "rita@family.test").await.status(),
        200
    );
    assert_eq!(pair.sync_now().await["error"], Value::Null);

    proxy.hold.store(true, Ordering::SeqCst);
    let (run, ()) = tokio::join!(
        pair.sync_now(),
        proxy.while_held(async {
            assert_eq!(pair.revoke().await.status(), 200);
        })
    );
    assert_eq!(run["error"], Value::Null, "{run}");
    assert_eq!(
        pair.alice_sponsorship().await["familySponsorshipToDelete"],
        true,
        "the run did not undo the revoke"
    );
    let run = pair.sync_now().await;
    assert_eq!(run["removed"], 1, "{run}");
    assert!(cloud_rows(&pair).await.is_empty(), "removed on the cloud");
    assert!(local_rows(&pair).await.is_empty());
}

#[tokio::test]
async fn an_offer_revoked_while_its_first_sync_runs_is_removed_from_the_cloud_not_resurrected() {
    let proxy = Proxy::start().await;
    let pair = pair_behind(&proxy).await;
    assert_eq!(
        pair.offer(&pair.alice, "rita@family.test").await.status(),
        200
    );

    proxy.hold.store(true, Ordering::SeqCst);
    let (run, ()) = tokio::join!(
        pair.sync_now(),
        proxy.while_held(async {
            assert_eq!(pair.revoke().await.status(), 200);
        })
    );
    assert_eq!(run["error"], Value::Null, "{run}");
    // The cloud got (and e-mailed) the offer: locally it awaits removal, it is not live again.
    let mine = pair.alice_sponsorship().await;
    assert_eq!(mine["familySponsorshipToDelete"], true, "{mine}");
    assert_eq!(cloud_rows(&pair).await.len(), 1);

    let run = pair.sync_now().await;
    assert_eq!(
        (run["removed"].as_u64(), run["error"].clone()),
        (Some(1), Value::Null),
        "{run}"
    );
    assert!(
        cloud_rows(&pair).await.is_empty(),
        "the cloud offer is gone"
    );
    assert!(local_rows(&pair).await.is_empty());
    // Alice may offer again.
    assert_eq!(
        pair.offer(&pair.alice, "rob@family.test").await.status(),
        200
    );
}

#[tokio::test]
async fn an_offer_the_cloud_committed_without_answering_can_still_be_revoked_there() {
    let proxy = Proxy::start().await;
    let pair = pair_behind(&proxy).await;
    assert_eq!(
        pair.offer(&pair.alice, "rita@family.test").await.status(),
        200
    );
    // The cloud stores and e-mails the offer, but its answer is lost.
    proxy.drop_answer_of.store(1, Ordering::SeqCst);
    let run = pair.sync_now().await;
    assert!(run["error"].is_string(), "{run}");
    assert_eq!(cloud_rows(&pair).await.len(), 1, "live on the cloud");
    pair.smtp.wait_for(1).await;

    assert_eq!(pair.revoke().await.status(), 200);
    assert_eq!(
        pair.alice_sponsorship().await["familySponsorshipToDelete"],
        true,
        "kept as 'Removed (awaiting sync)' so the revoke can travel to the cloud"
    );
    let run = pair.sync_now().await;
    assert_eq!(run["error"], Value::Null, "{run}");
    assert!(cloud_rows(&pair).await.is_empty(), "revoked on the cloud");
    assert!(local_rows(&pair).await.is_empty());
}

#[tokio::test]
async fn an_offer_the_cloud_never_received_is_revoked_by_the_next_run() {
    let proxy = Proxy::start().await;
    let pair = pair_behind(&proxy).await;
    assert_eq!(
        pair.offer(&pair.alice, "rita@family.test").await.status(),
        200
    );
    // The batch never reaches the cloud, but the self-hosted server cannot know that.
    proxy.refuse.store(1, Ordering::SeqCst);
    let run = pair.sync_now().await;
    assert!(run["error"].is_string(), "{run}");
    assert!(cloud_rows(&pair).await.is_empty());
    assert_eq!(pair.revoke().await.status(), 200);
    assert_eq!(
        pair.alice_sponsorship().await["familySponsorshipToDelete"],
        true
    );
    // The next run asks the cloud, which does not know it: gone on both sides.
    let run = pair.sync_now().await;
    assert_eq!(run["error"], Value::Null, "{run}");
    assert!(local_rows(&pair).await.is_empty());
    assert!(cloud_rows(&pair).await.is_empty());
    assert_eq!(pair.smtp.messages().len(), 0, "nothing was ever e-mailed");
}

#[tokio::test]
async fn a_changed_email_on_an_unredeemed_offer_reaches_the_cloud_and_the_old_link_dies() {
    let pair = Pair::start().await;
    assert_eq!(
        pair.offer(&pair.alice, "rita@family.test").await.status(),
        200
    );
    pair.sync_now().await;
    let first = pair.smtp.wait_for(1).await;
    assert_eq!(first[0].to, vec!["rita@family.test".to_owned()]);

    // Alice offers to another address: the unredeemed offer is overwritten (contract §1.3 rule 7).
    assert_eq!(pair.offer(&pair.alice, "rita@new.test").await.status(), 200);
    assert_eq!(
        pair.alice_sponsorship().await["familySponsorshipFriendlyName"],
        "rita@new.test"
    );
    let run = pair.sync_now().await;
    assert_eq!(run["error"], Value::Null, "{run}");
    let rows = cloud_rows(&pair).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].offered_to_email.as_deref(), Some("rita@new.test"));
    let mails = pair.smtp.wait_for(2).await;
    assert_eq!(
        mails[1].to,
        vec!["rita@new.test".to_owned()],
        "the new address gets the offer"
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(pair.smtp.messages().len(), 2, "one mail per address");
}

#[tokio::test]
async fn an_offer_mail_that_cannot_be_queued_leaves_no_offer_behind() {
    let pair = Pair::start().await;
    assert_eq!(
        pair.offer(&pair.alice, "rita@family.test").await.status(),
        200
    );
    let cloud_pool = billing_sync_server::db::connect(&pair.cloud.acme.server.database_url)
        .await
        .unwrap();
    // The outbox cannot take the mail (a fault between the rows and the mail).
    sqlx::query("ALTER TABLE mail_outbox RENAME TO mail_outbox_away")
        .execute(&cloud_pool)
        .await
        .unwrap();
    let run = pair.sync_now().await;
    assert!(run["error"].is_string(), "{run}");
    assert!(
        cloud_rows(&pair).await.is_empty(),
        "no offer without its mail"
    );
    sqlx::query("ALTER TABLE mail_outbox_away RENAME TO mail_outbox")
        .execute(&cloud_pool)
        .await
        .unwrap();
    let run = pair.sync_now().await;
    assert_eq!(run["error"], Value::Null, "{run}");
    let mails = pair.smtp.wait_for(1).await;
    assert_eq!(mails[0].to, vec!["rita@family.test".to_owned()]);
    assert_eq!(cloud_rows(&pair).await.len(), 1);
}

#[tokio::test]
async fn an_undelivered_offer_email_is_shown_to_the_sponsor_who_can_resend_it() {
    // A mail server that is not there yet.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
        .to_string();
    let acme = Acme::start_with(
        Role::Cloud,
        &[
            ("mail__smtp__host", "127.0.0.1"),
            ("mail__smtp__port", &port),
        ],
    )
    .await;
    let server = &acme.server;
    let alice = server.login("alice@acme.test", PASSWORD).await;
    offer_on_cloud(server, &alice, &acme.org, "rita@family.test", "Rita").await;
    let failed =
        |profile: &Value| profile["organizations"][0]["familySponsorshipOfferEmailFailed"] == true;
    let mut profile = Value::Null;
    for _ in 0..100 {
        profile = server
            .get("/api/accounts/profile", &alice)
            .await
            .json()
            .await
            .unwrap();
        if failed(&profile) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        failed(&profile),
        "the sponsor sees the undelivered offer: {profile}"
    );

    // The mail server is back; the sponsor resends.
    let smtp = billing_sync_e2e::smtp::SmtpSink::start_on(port.parse().unwrap()).await;
    let resend = server
        .post_json(
            &format!(
                "/api/organization/sponsorship/{}/families-for-enterprise/resend?sponsoredFriendlyName=Rita",
                acme.org
            ),
            &alice,
            &json!({}),
        )
        .await;
    assert_eq!(resend.status(), 200);
    smtp.wait_for_within(1, std::time::Duration::from_secs(20))
        .await
        .expect("the resent offer is delivered");
    let profile: Value = server
        .get("/api/accounts/profile", &alice)
        .await
        .json()
        .await
        .unwrap();
    assert!(!failed(&profile), "{profile}");
    assert_eq!(
        profile["organizations"][0]["familySponsorshipFriendlyName"],
        "Rita"
    );
}
