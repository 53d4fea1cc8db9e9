//! A slow cloud (issue 13): with a proxy that holds every request to the
//! cloud's API longer than the self-hosted server's
//! `billingSync__cloudTimeoutSeconds`, "Sync license" answers the coded
//! error `cloudTimeout` (Bitwarden's error shape, a message that says what
//! to do) soon after the timeout instead of hanging, and "Sync now" records
//! a failed run with the same words; once the cloud is fast again both work.

mod common;

use common::pair::Pair;
use common::replicas::SlowProxy;
use serde_json::Value;
use std::time::{Duration, Instant};

/// "Sync now", waiting out a run the offer itself started.
async fn sync_now(pair: &Pair) -> Value {
    let path = format!(
        "/api/organization/sponsorship/self-hosted/{}/sync",
        pair.org
    );
    for _ in 0..100 {
        let answer: Value = pair
            .server
            .post_json(&path, &pair.owner, &serde_json::json!({}))
            .await
            .json()
            .await
            .unwrap();
        if answer["code"] != "syncAlreadyRunning" {
            return answer;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("a sync kept running")
}

#[tokio::test]
async fn a_cloud_slower_than_the_timeout_is_a_coded_error_and_the_next_sync_works() {
    let proxy = SlowProxy::start("127.0.0.1:9").await;
    let route = |cloud_base: &str| proxy.route(cloud_base);
    let pair = Pair::start_with_settings(
        Duration::from_secs(86_400),
        Some(&route),
        &[("billingSync__cloudTimeoutSeconds", "1")],
    )
    .await;
    let offered = pair.offer(&pair.alice, "kid@family.test").await;
    assert_eq!(offered.status(), 200);
    proxy.set_delay(Duration::from_secs(6));

    let started = Instant::now();
    let response = pair.sync_license().await;
    let waited = started.elapsed();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "cloudTimeout", "{body}");
    assert_eq!(body["codeArgs"]["seconds"], "1", "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains("did not answer within 1 seconds") && message.contains("try again"),
        "{message}"
    );
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(5),
        "answered after the timeout, not after the cloud: {waited:?}"
    );

    let started = Instant::now();
    let run = sync_now(&pair).await;
    let run_waited = started.elapsed();
    let error = run["error"].as_str().unwrap_or_default();
    assert!(error.contains("did not answer within 1 seconds"), "{run}");
    assert_eq!(
        run["errorCode"], "cloudTimeout",
        "a code the web module translates: {run}"
    );
    assert_eq!(run["errorCodeArgs"]["seconds"], "1", "{run}");
    assert!(run_waited < Duration::from_secs(5), "{run_waited:?}");

    proxy.set_delay(Duration::ZERO);
    let run = sync_now(&pair).await;
    assert_eq!(run["error"], Value::Null, "fast again: {run}");
    assert_eq!(run["sent"], 1, "{run}");
    assert_eq!(
        pair.sync_license().await.status(),
        200,
        "fast again: the license syncs"
    );
    println!(
        "slow cloud: license sync answered cloudTimeout after {:.1} s, Sync now after {:.1} s \
         (cloud delay 6 s, timeout 1 s); both work once the cloud is fast",
        waited.as_secs_f64(),
        run_waited.as_secs_f64()
    );
}
