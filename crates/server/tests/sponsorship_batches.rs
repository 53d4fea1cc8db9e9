//! Sponsorship sync at volume and under failure: batches of 1,000, a cloud
//! that stops or fails between batches, and convergence afterwards.

mod common;

use common::pair::Pair;
use serde_json::{json, Value};

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
    // Each run's record says how far it got ("batch k of n" while it runs):
    // the first sent its three batches, the second none of three.
    assert_eq!(runs["runs"][1]["batchesSent"], 3, "{runs}");
    assert_eq!(runs["runs"][1]["batchesTotal"], 3, "{runs}");
    assert_eq!(runs["runs"][0]["batchesSent"], 0, "{runs}");
    assert_eq!(runs["runs"][0]["batchesTotal"], 3, "{runs}");
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
    /// Points the proxy at the cloud; returns the API URL to use instead.
    fn route(&self, cloud_base: &str) -> String {
        *self.target.lock().unwrap() = cloud_base.to_owned();
        format!("{}/api", self.base)
    }

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
    let route = |cloud_base: &str| proxy.route(cloud_base);
    let pair = Pair::start_full(std::time::Duration::from_secs(86_400), Some(&route)).await;

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
        let row = common::pending_offer_row(org, n);
        billing_sync_server::sponsorships::store::upsert(pool, &row)
            .await
            .unwrap();
    }
}
