//! When the self-hosted sponsorship sync runs by itself (contract §3.2):
//! for every enabled organization with an enabled billing sync connection,
//! first a random 0–23 hours after start, then every 24 hours, while cloud
//! communication is on. An organization whose token was just saved or whose
//! license was just synced is synced at once instead of waiting for the next
//! run, so an admin who follows the help page (save the token, Sync
//! license) sees the offers leave without a manual "Sync now". With several
//! replicas on one database each interval runs once, on the replica that
//! claims it, and every run holds the sync lease ([`crate::jobs`]).

use super::job::run_for_org;
use super::{store, SYNC_LOCK};
use crate::connections::store as connections;
use crate::db::Pool;
use crate::jobs::Exclusive;
use crate::state::AppState;
use std::collections::BTreeSet;
use std::time::Duration;
use tokio::sync::mpsc::UnboundedReceiver;
use tokio_util::sync::CancellationToken;
use wire::connections::OrganizationConnectionType;
use wire::sponsorships::SyncTrigger;
use wire::OrganizationId;

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

/// How often a replica looks whether a job is due: a quarter of its
/// interval, at most 5 s (one small read), so an interval starts at most
/// that late on whichever replica sees it first.
pub fn poll_period(interval: Duration) -> Duration {
    (interval / 4).clamp(Duration::from_millis(20), Duration::from_secs(5))
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

/// The scheduled run, if this replica claims the current interval: every
/// due organization in turn under the sync lease. A stop request ends it
/// between organizations (each one's run is complete and recorded).
async fn run_scheduled(state: &AppState, interval: Duration, cancel: &CancellationToken) {
    if !state.settings.enable_cloud_communication {
        return;
    }
    match state.jobs.is_due(SYNC_LOCK).await {
        Ok(true) => {}
        Ok(false) => return,
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the sponsorship sync schedule");
            return;
        }
    }
    // Due: first record what a dead replica left unfinished.
    if let Err(e) = super::settle_abandoned_runs(state).await {
        tracing::warn!(error = %e, "cannot settle abandoned sponsorship runs");
    }
    let lease = match state.jobs.claim_due(SYNC_LOCK, interval).await {
        Ok(Some(lease)) => lease,
        Ok(None) => return,
        Err(e) => {
            tracing::warn!(error = %e, "cannot claim the scheduled sponsorship sync");
            return;
        }
    };
    let work = async {
        let orgs = match due_organizations(&state.db).await {
            Ok(orgs) => orgs,
            Err(e) => {
                tracing::warn!(error = %e, "cannot list organizations to sync");
                return;
            }
        };
        for org in orgs {
            if cancel.is_cancelled() {
                tracing::info!("stopping: the scheduled sponsorship sync ends early");
                return;
            }
            run_one(state, org, SyncTrigger::Scheduled).await;
        }
    };
    lease.hold(work).await;
    if let Err(e) = lease.release().await {
        tracing::warn!(error = %e, "cannot release the sponsorship sync lease");
    }
}

/// A run for one organization; failures are recorded by the run and logged.
async fn run_one(state: &AppState, org: OrganizationId, trigger: SyncTrigger) {
    if let Err(e) = run_for_org(state, org, trigger).await {
        tracing::warn!(organization = %org, error = %e, "scheduled sponsorship sync failed");
    }
}

/// A requested run (token saved, license synced), if the organization is
/// still due (its connection may have been disabled since) and has something
/// to send: with no sponsorship Bitwarden's sync returns without contacting
/// the cloud, so nothing is recorded and the next offer goes out on the
/// schedule or with the next request. True when it is done (or not
/// needed); false when another run holds the lease, so it is tried again.
async fn run_requested(state: &AppState, org: OrganizationId) -> bool {
    if !state.settings.enable_cloud_communication {
        return true;
    }
    let due = async {
        Ok::<_, sqlx::Error>(
            due_organizations(&state.db).await?.contains(&org)
                && store::any_for_sponsoring_org(&state.db, org).await?,
        )
    };
    match due.await {
        Ok(true) => {}
        Ok(false) => {
            tracing::debug!(organization = %org, "requested sponsorship sync: nothing to sync");
            return true;
        }
        Err(e) => {
            tracing::warn!(error = %e, "cannot list organizations to sync");
            return true;
        }
    }
    let run = state
        .jobs
        .exclusive(SYNC_LOCK, run_one(state, org, SyncTrigger::Scheduled))
        .await;
    match run {
        Ok(Exclusive::Busy) => false,
        Ok(Exclusive::Done(()) | Exclusive::Lost) => true,
        Err(e) => {
            tracing::warn!(error = %e, "cannot take the sponsorship sync lease");
            false
        }
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

/// Runs the schedule and the requested runs until cancelled. Every replica
/// runs this loop; the shared schedule and the lease decide which one runs.
pub async fn schedule_forever(state: AppState, schedule: SyncSchedule, cancel: CancellationToken) {
    let interval = schedule.interval.max(Duration::from_millis(10));
    let mut requests = state.sponsorship_sync.take_receiver();
    let first_delay = schedule.first_delay();
    if let Err(e) = state
        .jobs
        .start_schedule(SYNC_LOCK, interval, first_delay)
        .await
    {
        tracing::warn!(error = %e, "cannot record the sponsorship sync schedule");
    }
    tracing::info!(
        first_in_secs = first_delay.as_secs(),
        every_secs = interval.as_secs(),
        "sponsorship sync scheduled"
    );
    // Requested runs that found the lease taken, tried again at each poll.
    let mut waiting: BTreeSet<OrganizationId> = BTreeSet::new();
    loop {
        tokio::select! {
            () = cancel.cancelled() => return,
            () = tokio::time::sleep(poll_period(interval)) => {
                run_scheduled(&state, interval, &cancel).await;
                for org in std::mem::take(&mut waiting) {
                    if !run_requested(&state, org).await {
                        waiting.insert(org);
                    }
                }
            }
            org = next_request(&mut requests) => {
                if !run_requested(&state, org).await {
                    waiting.insert(org);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replicas_poll_often_enough_but_not_constantly() {
        assert_eq!(
            poll_period(Duration::from_secs(86_400)),
            Duration::from_secs(5)
        );
        assert_eq!(
            poll_period(Duration::from_secs(2)),
            Duration::from_millis(500)
        );
        assert_eq!(
            poll_period(Duration::from_millis(10)),
            Duration::from_millis(20)
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
