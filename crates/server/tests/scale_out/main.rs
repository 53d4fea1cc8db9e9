//! Scale-out on PostgreSQL: two cloud replicas and two self-hosted replicas
//! (each role on its own database, each replica its own process and data
//! dir), every step of a journey sent to the replicas in turn, and the
//! outcome compared with the same journey on one replica of each role; then
//! the replica running a scheduled sync is killed mid-run and the other
//! takes over. Needs a PostgreSQL cluster (`BILLING_SYNC_TEST_POSTGRES_URL`,
//! which `cargo xtask test`'s PostgreSQL stage sets); without one the tests
//! print why they did not run.

#[path = "../common/mod.rs"]
mod common;
mod deployment;

use billing_sync_server::sponsorships::{store, ABANDONED, SYNC_LOCK};
use common::replicas::{self, add_user};
use deployment::{at, seed, Deployment, Summary, SYNC_INTERVAL};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// Sponsorships seeded beside the two offered through the API: two batches.
const SEEDED: u32 = 1200;

fn skip() -> Option<String> {
    let base = replicas::postgres_base();
    if base.is_none() {
        eprintln!(
            "skipped: scale-out needs PostgreSQL; set BILLING_SYNC_TEST_POSTGRES_URL (cargo xtask test's PostgreSQL stage does)"
        );
    }
    base
}

/// Runs never overlap (each took the lease) and there are no more than
/// one per interval elapsed: without the shared schedule two replicas
/// would run about twice as many.
fn assert_once_per_interval(
    what: &str,
    runs: &[(
        chrono::DateTime<chrono::Utc>,
        Option<chrono::DateTime<chrono::Utc>>,
    )],
    interval: Duration,
    elapsed: Duration,
) {
    assert!(!runs.is_empty(), "{what}: no run at all");
    for pair in runs.windows(2) {
        let finished = pair[0]
            .1
            .unwrap_or_else(|| panic!("{what}: an earlier run never finished"));
        assert!(
            pair[1].0 >= finished,
            "{what}: two runs overlapped: {pair:?}"
        );
    }
    let most = elapsed.as_secs_f64() / interval.as_secs_f64() + 1.0;
    assert!(
        (runs.len() as f64) <= most,
        "{what}: {} runs in {elapsed:?} at one per {interval:?}",
        runs.len()
    );
}

async fn journey(base: &str, n: usize) -> Summary {
    let d = Deployment::start(base, n).await;
    let offer = |i: usize, token: String, email: &'static str| {
        let path = format!(
            "/api/organization/sponsorship/self-hosted/{}/families-for-enterprise",
            d.org
        );
        let replica = at(&d.hosted, i);
        async move {
            let body =
                json!({"planSponsorshipType": 0, "sponsoredEmail": email, "friendlyName": email});
            replica.post_json(&path, &token, &body).await.status()
        }
    };
    let alice = at(&d.hosted, 1).login("alice@acme.test").await;
    let bob = at(&d.hosted, 0).login("bob@acme.test").await;
    assert_eq!(offer(0, alice, "family-a@family.test").await, 200);
    assert_eq!(offer(1, bob, "family-b@family.test").await, 200);
    seed(&d.hosted_db, &d.org, SEEDED, "member").await;

    let run = d.racing_sync_now().await;
    assert_eq!(
        (run["error"].clone(), run["sent"].as_u64()),
        (Value::Null, Some(u64::from(SEEDED) + 2)),
        "{run}"
    );
    d.concurrent_cloud_syncs().await;
    let expected_mails = SEEDED as usize + 2 + 50;
    let delivered = d
        .smtp
        .wait_for_within(expected_mails, Duration::from_secs(180))
        .await
        .expect("every offer e-mail delivered");
    assert_eq!(
        delivered.len(),
        expected_mails,
        "each offer e-mailed once, by one replica"
    );

    // Family A redeems on the cloud, through both replicas.
    add_user("cloud", &d.cloud_db, "family-a@family.test").await;
    let family = at(&d.clouds, 1).login("family-a@family.test").await;
    let mail = delivered
        .iter()
        .find(|m| m.to.iter().any(|to| to.contains("family-a@family.test")))
        .expect("an offer mail to family A")
        .unfolded();
    let start = mail.find("token=").expect("a redeem link") + "token=".len();
    let offer_token: String = mail[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "_-.%".contains(*c))
        .collect();
    let offer_token = offer_token.replace("%3D", "=").replace("=3D", "=");
    let valid: Value = at(&d.clouds, 0)
        .post_json(
            &format!("/api/organization/sponsorship/validate-token?sponsorshipToken={offer_token}"),
            &family,
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(valid["isTokenValid"], true, "{valid}");
    let redeemed = at(&d.clouds, 1)
        .post_json(
            &format!("/api/organization/sponsorship/redeem?sponsorshipToken={offer_token}"),
            &family,
            &json!({"planSponsorshipType": 0, "newOrganizationName": "A's family"}),
        )
        .await;
    assert_eq!(redeemed.status(), 200);
    let run = d.sync_now_when_free(1).await;
    assert_eq!(run["error"], Value::Null, "{run}");

    // Let the schedules run a few intervals, then count.
    tokio::time::sleep(SYNC_INTERVAL * 2).await;
    let elapsed = d.started.elapsed();
    let runs: Vec<_> = d
        .sync_runs(0)
        .await
        .iter()
        .filter(|r| r["trigger"] == "scheduled")
        .map(|r| {
            let time = |v: &Value| {
                v.as_str()
                    .map(|t| t.parse::<chrono::DateTime<chrono::Utc>>().unwrap())
            };
            (time(&r["startedAt"]).unwrap(), time(&r["finishedAt"]))
        })
        .collect();
    assert_once_per_interval("scheduled sync", &runs, SYNC_INTERVAL, elapsed);
    let cloud_pool = billing_sync_server::db::connect(&d.cloud_db).await.unwrap();
    let mut cleanups: Vec<_> =
        store::maintenance_runs(&cloud_pool, Some(store::MaintenanceJob::Cleanup), 1000)
            .await
            .unwrap()
            .into_iter()
            .map(|r| (r.started_at, r.finished_at))
            .collect();
    cleanups.reverse();
    assert_once_per_interval(
        "cloud cleanup",
        &cleanups,
        Duration::from_secs(1),
        d.started.elapsed(),
    );

    let summary = d.summary().await;
    let mut unique = summary.mails.clone();
    unique.dedup();
    assert_eq!(unique.len(), summary.mails.len(), "no duplicated e-mail");
    assert!(summary
        .cloud
        .iter()
        .any(|(name, redeemed, _)| name == "family-a@family.test" && *redeemed));
    assert!(summary.hosted.iter().all(|row| row.1), "every row synced");
    summary
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_replicas_of_each_role_end_where_one_does() {
    let Some(base) = skip() else { return };
    // Side by side, each on its own databases and processes.
    let (scaled, single) = tokio::join!(journey(&base, 2), journey(&base, 1));
    assert_eq!(scaled.hosted.len(), SEEDED as usize + 2);
    assert_eq!(scaled, single, "two replicas per role end where one does");
}

/// Waits until a scheduled run is under way (still running half a second
/// later, so not one of the quick runs with nothing to send); the pid of
/// the replica running it.
async fn running_replica(d: &Deployment) -> u32 {
    let pool = billing_sync_server::db::connect(&d.hosted_db)
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen: Option<Value> = None;
    loop {
        let now = billing_sync_server::db::now();
        let holder = billing_sync_server::jobs::store::lease_holder(&pool, SYNC_LOCK, now)
            .await
            .unwrap();
        let runs = d.sync_runs(0).await;
        let open = runs
            .last()
            .filter(|r| r["finishedAt"].is_null())
            .map(|r| r["startedAt"].clone());
        if let (Some(holder), Some(started)) = (holder, open) {
            if seen.as_ref() == Some(&started) {
                return holder
                    .split(':')
                    .nth(1)
                    .and_then(|p| p.parse().ok())
                    .expect("the holder names its process");
            }
            seen = Some(started);
        } else {
            seen = None;
        }
        assert!(Instant::now() < deadline, "no scheduled run started");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_stopped_replica_waits_a_bounded_time_and_leaves_no_half_recorded_run() {
    let Some(base) = skip() else { return };
    // A long lease: only a released one lets the other replica go on soon.
    let mut d = Deployment::start_with(
        &base,
        2,
        &[
            ("billingSync__jobLeaseSeconds", "60"),
            ("billingSync__shutdownGraceSeconds", "1"),
        ],
    )
    .await;
    d.slow_down(Duration::from_secs(8));
    seed(&d.hosted_db, &d.org, 100, "stop").await;
    let pid = running_replica(&d).await;
    let stopping = d
        .hosted
        .iter()
        .position(|r| r.pid == pid)
        .expect("one of ours");
    let took = d.hosted[stopping].terminate(Duration::from_secs(15)).await;
    let took = took.unwrap_or_else(|| panic!("no exit:\n{}", d.hosted[stopping].log_tail()));
    assert!(
        took < Duration::from_secs(6),
        "the grace period bounds the wait: {took:?}"
    );
    d.slow_down(Duration::ZERO);
    let other = 1 - stopping;
    // Recorded as failed by the stopping replica itself, not left open
    // (the other replica may have started its next run meanwhile).
    let runs = d.sync_runs(other).await;
    assert!(runs.iter().any(|r| r["error"] == ABANDONED), "{runs:#?}");
    let finished_before_last = runs[..runs.len() - 1]
        .iter()
        .all(|r| !r["finishedAt"].is_null());
    assert!(finished_before_last, "{runs:#?}");
    // Its lease was given up, not left to expire in 60 s: the other replica
    // runs Sync now within seconds (once its own scheduled run, if any, ends).
    let run = d.sync_now_when_free(other).await;
    assert_eq!(
        (&run["error"], &run["sent"]),
        (&Value::Null, &json!(100)),
        "{run}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_replica_killed_mid_run_is_replaced_after_its_lease_expires() {
    let Some(base) = skip() else { return };
    let mut d = Deployment::start(&base, 2).await;
    // The next scheduled run stalls on its way to the cloud.
    d.slow_down(Duration::from_secs(5));
    seed(&d.hosted_db, &d.org, 300, "late").await;
    let pid = running_replica(&d).await;
    let victim = d
        .hosted
        .iter()
        .position(|r| r.pid == pid)
        .expect("the holder is one of ours");
    d.hosted[victim].kill();
    d.slow_down(Duration::ZERO);
    let survivor = 1 - victim;

    let deadline = Instant::now() + Duration::from_secs(30);
    let runs = loop {
        let runs = d.sync_runs(survivor).await;
        let abandoned = runs.iter().position(|r| r["error"] == ABANDONED);
        let converged = abandoned.is_some_and(|a| {
            runs[a + 1..]
                .iter()
                .any(|r| r["error"].is_null() && r["sent"] == 300 && !r["finishedAt"].is_null())
        });
        if converged {
            break runs;
        }
        assert!(
            Instant::now() < deadline,
            "no takeover: {runs:#?}\n{}",
            d.hosted[survivor].log_tail()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(
        runs.iter().all(|r| !r["finishedAt"].is_null()),
        "nothing left half-recorded: {runs:#?}"
    );
    let summary = d.summary().await;
    assert_eq!(summary.hosted.len(), 300);
    assert!(
        summary.hosted.iter().all(|row| row.1),
        "every row synced by the survivor"
    );
    assert_eq!(summary.cloud.len(), 300);
    let mut unique = summary.mails.clone();
    unique.dedup();
    assert_eq!(
        (unique.len(), summary.mails.len()),
        (300, 300),
        "each offer e-mailed once"
    );
}
