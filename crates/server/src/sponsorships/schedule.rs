//! When the self-hosted sponsorship sync runs by itself (contract §3.2):
//! for every enabled organization with an enabled billing sync connection,
//! first a random 0–23 hours after start, then every 24 hours, while cloud
//! communication is on. An organization whose token was just saved or whose
//! license was just synced is synced at once instead of waiting for the next
//! run, so an admin who follows the help page (save the token, Sync
//! license) sees the offers leave without a manual "Sync now". With several
//! replicas on one database a lease makes each scheduled run happen on one.

use super::job::run_for_org;
use super::store;
use crate::connections::store as connections;
use crate::db::{self, Pool};
use crate::state::AppState;
use std::time::Duration;
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use wire::connections::OrganizationConnectionType;
use wire::sponsorships::SyncTrigger;
use wire::OrganizationId;

const LOCK_NAME: &str = "sponsorship-sync";

/// The timing of the scheduled sync.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SyncSchedule {
    /// Between two scheduled runs (Bitwarden: 24 hours).
    pub interval: Duration,
    /// Before the first run; `None` draws it at random from the first 23/24
    /// of the interval (Bitwarden: 0–23 hours for a day).
    pub first_delay: Option<Duration>,
}

impl SyncSchedule {
    /// Bitwarden's schedule: daily, the first run a random 0–23 h after start.
    pub const DAILY: Self = Self::every(Duration::from_secs(86_400));

    /// Every `interval`, the first run at a random time within it.
    pub const fn every(interval: Duration) -> Self {
        Self {
            interval,
            first_delay: None,
        }
    }

    /// The same schedule with a fixed delay before the first run.
    #[must_use]
    pub const fn first_after(self, delay: Duration) -> Self {
        Self {
            first_delay: Some(delay),
            ..self
        }
    }

    /// The delay before the first run: the fixed one, or a random point in
    /// `[0, interval × 23/24]` (0–23 whole hours of a day, as Bitwarden).
    pub fn first_delay(&self) -> Duration {
        if let Some(delay) = self.first_delay {
            return delay;
        }
        let window = self.interval.mul_f64(23.0 / 24.0);
        window.mul_f64(rand::random::<f64>())
    }
}

impl From<Duration> for SyncSchedule {
    fn from(interval: Duration) -> Self {
        Self::every(interval)
    }
}

/// Takes or renews the job lease for `holder`; true when this replica holds it.
async fn take_lease(pool: &Pool, holder: &str, lease: Duration) -> Result<bool, sqlx::Error> {
    let now = db::now();
    let until = now + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::hours(1));
    store::take_lease(pool, LOCK_NAME, holder, until, now).await
}

/// Organizations a scheduled run covers: enabled, with an enabled billing
/// sync connection (contract §3.2 step 1).
pub async fn due_organizations(pool: &Pool) -> Result<Vec<OrganizationId>, sqlx::Error> {
    Ok(connections::enabled_for_enabled_organizations(
        pool,
        OrganizationConnectionType::CloudBillingSync,
    )
    .await?
    .into_iter()
    .map(|c| c.organization_id)
    .collect())
}

/// One scheduled run over every due organization, on the replica holding the lease.
async fn run_scheduled(state: &AppState, holder: &str, interval: Duration) {
    if !state.settings.enable_cloud_communication {
        tracing::info!("scheduled sponsorship sync skipped: cloud communication is disabled");
        return;
    }
    match take_lease(&state.db, holder, interval / 2).await {
        Ok(true) => {}
        Ok(false) => return,
        Err(e) => {
            tracing::warn!(error = %e, "cannot take the sponsorship sync lease");
            return;
        }
    }
    let orgs = match due_organizations(&state.db).await {
        Ok(orgs) => orgs,
        Err(e) => {
            tracing::warn!(error = %e, "cannot list organizations to sync");
            return;
        }
    };
    for org in orgs {
        run_one(state, org).await;
    }
}

/// A run for one organization; failures are recorded by the run and logged.
async fn run_one(state: &AppState, org: OrganizationId) {
    if let Err(e) = run_for_org(state, org, SyncTrigger::Scheduled).await {
        tracing::warn!(organization = %org, error = %e, "scheduled sponsorship sync failed");
    }
}

/// A requested run (token saved, license synced), if the organization is
/// still due (its connection may have been disabled since) and has something
/// to send: with no sponsorship Bitwarden's sync returns without contacting
/// the cloud, so nothing is recorded and the next offer goes out on the
/// schedule or with the next request.
async fn run_requested(state: &AppState, org: OrganizationId) {
    if !state.settings.enable_cloud_communication {
        return;
    }
    let due = async {
        Ok::<_, sqlx::Error>(
            due_organizations(&state.db).await?.contains(&org)
                && store::any_for_sponsoring_org(&state.db, org).await?,
        )
    };
    match due.await {
        Ok(true) => run_one(state, org).await,
        Ok(false) => {
            tracing::debug!(organization = %org, "requested sponsorship sync: nothing to sync")
        }
        Err(e) => tracing::warn!(error = %e, "cannot list organizations to sync"),
    }
}

/// The next request, or never when this job does not serve the queue.
async fn next_request(requests: &mut Option<UnboundedReceiver<OrganizationId>>) -> OrganizationId {
    if let Some(receiver) = requests {
        if let Some(org) = receiver.recv().await {
            return org;
        }
    }
    *requests = None;
    std::future::pending().await
}

/// Runs the schedule and the requested runs until cancelled.
pub async fn schedule_forever(state: AppState, schedule: SyncSchedule, cancel: CancellationToken) {
    let holder = uuid::Uuid::new_v4().to_string();
    let interval = schedule.interval.max(Duration::from_millis(10));
    let mut requests = state.sponsorship_sync.take_receiver();
    let mut next_run = Instant::now() + schedule.first_delay();
    tracing::info!(
        first_in_secs = next_run.saturating_duration_since(Instant::now()).as_secs(),
        every_secs = interval.as_secs(),
        "sponsorship sync scheduled"
    );
    loop {
        tokio::select! {
            () = cancel.cancelled() => return,
            () = tokio::time::sleep_until(next_run) => {
                run_scheduled(&state, &holder, interval).await;
                // A run longer than the interval does not queue up missed ones.
                next_run = (next_run + interval).max(Instant::now());
            }
            org = next_request(&mut requests) => run_requested(&state, org).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_replica_holds_the_lease_until_it_expires() {
        let dir = tempfile::tempdir().unwrap();
        let pool = db::connect(&db::sqlite_url(dir.path())).await.unwrap();
        let lease = Duration::from_millis(300);
        assert!(take_lease(&pool, "replica-a", lease).await.unwrap());
        assert!(
            !take_lease(&pool, "replica-b", lease).await.unwrap(),
            "held by a"
        );
        assert!(
            take_lease(&pool, "replica-a", lease).await.unwrap(),
            "a renews"
        );
        tokio::time::sleep(Duration::from_millis(400)).await;
        assert!(
            take_lease(&pool, "replica-b", lease).await.unwrap(),
            "expired: b takes over"
        );
    }

    #[test]
    fn the_first_run_is_within_the_first_23_hours_of_a_day() {
        let limit = Duration::from_secs(23 * 3600);
        let delays: Vec<Duration> = (0..200)
            .map(|_| SyncSchedule::DAILY.first_delay())
            .collect();
        assert!(delays.iter().all(|d| *d <= limit), "{delays:?}");
        assert!(
            delays.iter().any(|d| *d != delays[0]),
            "drawn at random, not fixed"
        );
        let fixed =
            SyncSchedule::every(Duration::from_secs(60)).first_after(Duration::from_secs(2));
        assert_eq!(fixed.first_delay(), Duration::from_secs(2));
        assert_eq!(
            SyncSchedule::from(Duration::from_secs(5)).interval,
            Duration::from_secs(5)
        );
    }
}
