//! The daily sponsorship sync as Bitwarden runs it (contract §3.2): every
//! enabled organization with an enabled billing sync connection, without a
//! manual "Sync now" first; a saved token or a synced license starts it at
//! once; a disabled connection is skipped.

mod common;

use billing_sync_server::sponsorships::schedule::SyncSchedule;
use common::pair::Pair;
use serde_json::{json, Value};
use std::time::Duration;

/// Never during a test: the schedule itself stays out of the way.
const NOT_TODAY: SyncSchedule =
    SyncSchedule::every(Duration::from_secs(86_400)).first_after(Duration::from_secs(86_400));

fn triggers(runs: &Value) -> Vec<String> {
    runs["runs"]
        .as_array()
        .expect("runs list")
        .iter()
        .map(|r| r["trigger"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Waits (up to `secs`) until the organization has a finished run.
async fn wait_for_runs(pair: &Pair, secs: u64) -> Value {
    for _ in 0..secs * 10 {
        let runs = pair.sync_runs().await;
        // A run's row is written when it starts; its counts only when it ends.
        let finished = runs["runs"]
            .as_array()
            .is_some_and(|r| !r.is_empty() && r.iter().all(|run| !run["finishedAt"].is_null()));
        if finished {
            return runs;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no sponsorship sync ran within {secs} s");
}

#[tokio::test]
async fn sync_license_alone_sends_the_waiting_offer_to_the_cloud() {
    let pair = Pair::start_with_interval(NOT_TODAY).await;
    assert_eq!(
        pair.offer(&pair.alice, "rita@family.test").await.status(),
        200
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        pair.sync_runs().await["runs"],
        json!([]),
        "an offer alone starts nothing"
    );

    // A member may not sync the license: refused, and no sync follows.
    let refused = pair
        .server
        .post_json(
            &format!("/api/organizations/licenses/self-hosted/{}/sync/", pair.org),
            &pair.alice,
            &json!({}),
        )
        .await;
    assert_eq!(refused.status(), 404);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(pair.sync_runs().await["runs"], json!([]));

    // The help page's step 4, and nothing else: the offer reaches the cloud.
    assert_eq!(pair.sync_license().await.status(), 200);
    let runs = wait_for_runs(&pair, 10).await;
    assert_eq!(triggers(&runs), ["scheduled"], "no manual run: {runs}");
    assert_eq!(runs["runs"][0]["sent"], 1);
    assert_eq!(runs["runs"][0]["error"], Value::Null);
    let mails = pair.smtp.wait_for(1).await;
    assert_eq!(
        mails[0].to,
        ["rita@family.test"],
        "the cloud e-mailed the offer"
    );
    assert!(
        pair.alice_sponsorship().await["familySponsorshipLastSyncDate"].is_string(),
        "the sponsorship is no longer pending"
    );
}

#[tokio::test]
async fn the_schedule_syncs_every_enabled_connection_without_a_manual_run() {
    // A "day" of two seconds whose first run comes one second after start.
    let schedule = SyncSchedule::every(Duration::from_secs(2)).first_after(Duration::from_secs(1));
    let pair = Pair::start_with_interval(schedule).await;
    assert_eq!(
        pair.offer(&pair.alice, "rita@family.test").await.status(),
        200
    );
    // No Sync now, no Sync license: the schedule alone sends it.
    let mails = pair
        .smtp
        .wait_for_within(1, Duration::from_secs(10))
        .await
        .expect("the scheduled run sent the offer to the cloud");
    assert_eq!(mails[0].to, ["rita@family.test"]);
    let runs = wait_for_runs(&pair, 5).await;
    let triggers = triggers(&runs);
    assert!(
        !triggers.is_empty() && triggers.iter().all(|t| t == "scheduled"),
        "{runs}"
    );
    assert!(
        runs["runs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["sent"] == 1 && r["error"].is_null()),
        "{runs}"
    );
    assert!(runs["lastSyncDate"].is_string());
}

#[tokio::test]
async fn a_disabled_connection_is_skipped() {
    let schedule =
        SyncSchedule::every(Duration::from_millis(500)).first_after(Duration::from_millis(200));
    let pair = Pair::start_with_interval(schedule).await;
    let connection: Value = pair
        .server
        .get(
            &format!("/api/organizations/connections/{}/1", pair.org),
            &pair.owner,
        )
        .await
        .json()
        .await
        .unwrap();
    let id = connection["id"].as_str().expect("the saved connection");
    let disabled = pair
        .server
        .http
        .put(
            pair.server
                .url(&format!("/api/organizations/connections/{id}")),
        )
        .bearer_auth(&pair.owner)
        .json(
            &json!({"type": 1, "organizationId": pair.org, "enabled": false,
            "config": connection["config"]}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(disabled.status(), 200);
    // Runs recorded before the switch (none had anything to send) are
    // ignored; count from here.
    let before = pair.sync_runs().await["runs"].as_array().unwrap().len();
    assert_eq!(
        pair.offer(&pair.alice, "rita@family.test").await.status(),
        200
    );
    tokio::time::sleep(Duration::from_secs(3)).await;
    let runs = pair.sync_runs().await;
    assert_eq!(
        runs["runs"].as_array().unwrap().len(),
        before,
        "six scheduled runs passed the organization by: {runs}"
    );
    assert!(pair.smtp.messages().is_empty(), "nothing reached the cloud");
    assert_eq!(
        pair.alice_sponsorship().await["familySponsorshipLastSyncDate"],
        Value::Null,
        "still pending"
    );
}
