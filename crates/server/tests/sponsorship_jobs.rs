//! The scheduled sponsorship maintenance jobs, with intervals of a fraction
//! of a second: the cleanup really deletes the rows whose ValidUntil passed
//! 90 days ago (and only those), the cloud's re-validation really renews
//! valid sponsorships and ends invalid ones, and every run is recorded, as
//! the operator sees it with `billing-sync-server jobs runs`.
//!
//! Dates a test cannot wait for (a paid-through date 91 days ago, a
//! self-hosted row silent for 200 days) are written into the rows directly;
//! everything else goes through the API and the binary.

mod common;

use billing_sync_server::config::{JobIntervals, Role};
use billing_sync_server::sponsorships::store::{self as sponsorships, Sponsorship};
use chrono::{Duration, Utc};
use common::redeem::{offer, redeem_into_new_family};
use common::{TestServer, PASSWORD};
use serde_json::Value;
use std::process::Command;
use std::time::Duration as StdDuration;
use wire::ids::{OrganizationUserId, SponsorshipId};
use wire::OrganizationId;

const SHORT: StdDuration = StdDuration::from_millis(300);

/// Runs the server binary's admin command against `server`'s database.
fn cli(server: &TestServer, args: &[&str]) -> (bool, String, String) {
    let role = match server.role {
        Role::Cloud => "cloud",
        Role::SelfHosted => "self-hosted",
    };
    let output = Command::new(env!("CARGO_BIN_EXE_billing-sync-server"))
        .arg("--data-dir")
        .arg(&server.data_dir)
        .args(["--database-url", &server.database_url, "--role", role])
        .args(args)
        .env_remove("BILLING_SYNC_ENV_FILE")
        .output()
        .expect("the server binary runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Polls `check` for up to 15 s.
async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..150 {
        if check().await {
            return;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    panic!("timed out waiting until {what}");
}

async fn pool(server: &TestServer) -> billing_sync_server::db::Pool {
    billing_sync_server::db::connect(&server.database_url)
        .await
        .expect("db")
}

/// A row of `org` for a made-up member, paid through `valid_until`.
fn row(org: &str, name: &str, valid_until: Option<chrono::DateTime<Utc>>) -> Sponsorship {
    Sponsorship {
        id: SponsorshipId(uuid::Uuid::new_v4()),
        sponsoring_organization_id: Some(org.parse::<OrganizationId>().unwrap()),
        sponsoring_organization_user_id: OrganizationUserId(uuid::Uuid::new_v4()),
        sponsored_organization_id: None,
        friendly_name: Some(name.into()),
        offered_to_email: valid_until.is_none().then(|| name.to_owned()),
        plan_sponsorship_type: Some(0),
        last_sync_date: Some(Utc::now()),
        valid_until,
        to_delete: valid_until.is_some(),
        is_admin_initiated: false,
    }
}

async fn names(server: &TestServer, path: &str, token: &str) -> Vec<String> {
    let list: Value = server.get(path, token).await.json().await.unwrap();
    let mut names: Vec<String> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["friendlyName"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

async fn acme(
    role: Role,
    intervals: JobIntervals,
    settings: &[(&str, &str)],
) -> (TestServer, String, String) {
    let server = TestServer::start_with_jobs(role, settings, intervals).await;
    for email in ["owner@acme.test", "alice@acme.test", "admin@acme.test"] {
        server.add_user(email, PASSWORD, "pbkdf2").await;
    }
    let org = server
        .create_org("Acme", "enterprise", "owner@acme.test")
        .await;
    server.add_member(&org, "alice@acme.test", "user").await;
    server.add_member(&org, "admin@acme.test", "admin").await;
    let owner = server.login("owner@acme.test", PASSWORD).await;
    (server, org, owner)
}

async fn seed_expiring_rows(server: &TestServer, org: &str) {
    let pool = pool(server).await;
    let now = Utc::now();
    for (name, valid_until) in [
        ("gone@family.test", Some(now - Duration::days(91))),
        ("grace@family.test", Some(now - Duration::days(89))),
        ("paid@family.test", Some(now + Duration::days(30))),
        ("offer@family.test", None),
    ] {
        sponsorships::upsert(&pool, &row(org, name, valid_until))
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn cleanup_deletes_rows_ninety_days_past_valid_until_and_records_each_run() {
    let intervals = JobIntervals {
        sponsorship_cleanup: SHORT,
        ..JobIntervals::default()
    };
    let (server, org, owner) = acme(Role::Cloud, intervals, &[]).await;
    seed_expiring_rows(&server, &org).await;
    let path = format!("/api/organization/sponsorship/{org}/sponsored");
    eventually("the expired row is gone", || async {
        names(&server, &path, &owner).await.len() == 3
    })
    .await;
    assert_eq!(
        names(&server, &path, &owner).await,
        ["grace@family.test", "offer@family.test", "paid@family.test"],
        "only the row 91 days past its paid-through date"
    );
    eventually("a second run is recorded", || async {
        cli(&server, &["jobs", "runs", "--job", "cleanup"])
            .1
            .lines()
            .count()
            >= 2
    })
    .await;
    let (ok, runs, _) = cli(&server, &["jobs", "runs", "--job", "cleanup"]);
    assert!(ok);
    assert!(
        runs.lines().all(|l| l.contains("sponsorship-cleanup")),
        "{runs}"
    );
    assert_eq!(
        runs.lines().filter(|l| l.ends_with("deleted 1")).count(),
        1,
        "{runs}"
    );
    assert!(
        runs.lines().any(|l| l.ends_with("deleted 0")),
        "later runs find nothing: {runs}"
    );
    let (_, revalidation, _) = cli(&server, &["jobs", "runs", "--job", "revalidation"]);
    assert_eq!(
        revalidation.trim(),
        "no maintenance runs recorded",
        "its interval is a day"
    );
}

#[tokio::test]
async fn self_hosted_cleanup_waits_for_cloud_communication() {
    let intervals = JobIntervals {
        sponsorship_cleanup: SHORT,
        sponsorship_validation: SHORT,
        ..JobIntervals::default()
    };
    let (server, org, owner) = acme(Role::SelfHosted, intervals, &[]).await;
    seed_expiring_rows(&server, &org).await;
    tokio::time::sleep(SHORT * 4).await;
    let path = format!("/api/organization/sponsorship/self-hosted/{org}/sponsored");
    assert_eq!(
        names(&server, &path, &owner).await.len(),
        4,
        "communication off: skipped"
    );
    let (_, runs, _) = cli(&server, &["jobs", "runs"]);
    assert_eq!(
        runs.trim(),
        "no maintenance runs recorded",
        "nor does a self-hosted server re-validate"
    );
    let (ok, _, stderr) = cli(&server, &["jobs", "run", "--job", "revalidation"]);
    assert!(!ok);
    assert!(stderr.contains("only on the cloud"), "{stderr}");
    // By hand the operator may still clean up.
    let (ok, out, _) = cli(&server, &["jobs", "run", "--job", "cleanup"]);
    assert!(ok && out.contains("deleted 1"), "{out}");
    assert_eq!(names(&server, &path, &owner).await.len(), 3);

    let (server, org, owner) = acme(
        Role::SelfHosted,
        intervals,
        &[("enableCloudCommunication", "true")],
    )
    .await;
    seed_expiring_rows(&server, &org).await;
    let path = format!("/api/organization/sponsorship/self-hosted/{org}/sponsored");
    eventually("communication on: the expired row is gone", || async {
        names(&server, &path, &owner).await.len() == 3
    })
    .await;
}

#[tokio::test]
async fn revalidation_renews_valid_sponsorships_and_ends_invalid_ones() {
    let intervals = JobIntervals {
        sponsorship_validation: SHORT,
        ..JobIntervals::default()
    };
    let (server, org, owner) = acme(Role::Cloud, intervals, &[]).await;
    let alice = server.login("alice@acme.test", PASSWORD).await;
    let admin = server.login("admin@acme.test", PASSWORD).await;
    assert_eq!(
        offer(&server, &org, &alice, "rob@family.test")
            .await
            .status(),
        200
    );
    assert_eq!(
        offer(&server, &org, &admin, "sue@family.test")
            .await
            .status(),
        200
    );
    let (rob, rob_family) = redeem_into_new_family(&server, "rob@family.test").await;
    let (sue, sue_family) = redeem_into_new_family(&server, "sue@family.test").await;

    // Freshly redeemed and valid: runs come and go, nothing changes.
    eventually("a run checked both", || async {
        cli(&server, &["jobs", "runs", "--job", "revalidation"])
            .1
            .contains("checked 2, renewed 0, ended 0")
    })
    .await;

    // Rob's year is nearly over; Sue's row came from a self-hosted server
    // that has not synced for 200 days.
    let pool = pool(&server).await;
    let rows = sponsorships::for_sponsoring_org(&pool, org.parse().unwrap())
        .await
        .unwrap();
    let find = |name: &str| {
        rows.iter()
            .find(|r| r.friendly_name.as_deref() == Some(name))
            .unwrap()
            .clone()
    };
    let nearly_over = Utc::now() + Duration::days(2);
    let rob_row = find("rob@family.test");
    sponsorships::upsert(
        &pool,
        &Sponsorship {
            valid_until: Some(nearly_over),
            ..rob_row
        },
    )
    .await
    .unwrap();
    let sue_row = find("sue@family.test");
    let sue_until = sue_row.valid_until;
    sponsorships::upsert(
        &pool,
        &Sponsorship {
            last_sync_date: Some(Utc::now() - Duration::days(200)),
            ..sue_row
        },
    )
    .await
    .unwrap();

    let subscription = |token: String, family: String| {
        let server = &server;
        async move {
            server
                .get(&format!("/api/organizations/{family}/subscription"), &token)
                .await
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    let renewed_until = nearly_over + Duration::days(365);
    eventually("Rob's sponsorship is renewed", || async {
        let s = subscription(rob.clone(), rob_family.clone()).await;
        s["expiration"]
            .as_str()
            .and_then(|e| e.parse::<chrono::DateTime<Utc>>().ok())
            .is_some_and(|e| (e - renewed_until).num_seconds().abs() < 2)
    })
    .await;
    let rob_subscription = subscription(rob.clone(), rob_family.clone()).await;
    assert_eq!(rob_subscription["subscription"]["cancelAtEndDate"], false);
    assert_eq!(
        rob_subscription["subscription"]["periodEndDate"],
        rob_subscription["expiration"]
    );

    eventually(
        "Sue's sponsorship ends at its paid-through date",
        || async {
            subscription(sue.clone(), sue_family.clone()).await["subscription"]["cancelAtEndDate"]
                == true
        },
    )
    .await;
    let sue_subscription = subscription(sue.clone(), sue_family.clone()).await;
    let period_end = sue_subscription["subscription"]["periodEndDate"]
        .as_str()
        .unwrap()
        .parse::<chrono::DateTime<Utc>>()
        .unwrap();
    assert_eq!(Some(period_end), sue_until, "not renewed, not cut short");
    let admin_profile: Value = server
        .get("/api/accounts/profile", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        admin_profile["organizations"][0]["familySponsorshipToDelete"], true,
        "the sponsor sees it ending"
    );

    let (ok, runs, _) = cli(
        &server,
        &["jobs", "runs", "--job", "revalidation", "--limit", "1000"],
    );
    assert!(ok);
    assert_eq!(
        runs.lines().filter(|l| l.contains("renewed 1")).count(),
        1,
        "renewed once: {runs}"
    );
    assert_eq!(
        runs.lines().filter(|l| l.contains("ended 1")).count(),
        1,
        "ended once: {runs}"
    );
    let _ = owner;
}
