//! Work that must happen on one replica at a time when several share a
//! database: the scheduled jobs (sponsorship sync, cleanup, re-validation)
//! and "Sync now".
//!
//! The mechanism is a **lease row** (`job_locks`) rather than a PostgreSQL
//! advisory lock, because it works the same on SQLite and PostgreSQL, needs
//! no connection held for the whole run (an advisory lock lives on one
//! pooled connection, and dies with it), and can be inspected: the holder
//! names the replica. A lease is taken for [`JobSettings::lease`], renewed
//! every third of that while the work lasts, and released at its end; a
//! replica that dies stops renewing, so another takes over once it expires.
//! If renewal fails (the lease expired and someone else took it, or the
//! database is gone for longer than a lease) the work is abandoned.
//!
//! Each interval of a scheduled job is claimed in `job_schedule`: a
//! compare-and-set of the next due time, made while holding the lease, so
//! each interval runs once however many replicas poll.

pub mod store;

use crate::config::GlobalSettings;
use crate::db::{self, Pool};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Lease and shutdown timing (`globalSettings__billingSync__…`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JobSettings {
    /// `billingSync__jobLeaseSeconds` (default 60): how long a dead replica's
    /// job blocks the others.
    pub lease: Duration,
    /// `billingSync__shutdownGraceSeconds` (default 30): how long a stopping
    /// server waits for a running job.
    pub shutdown_grace: Duration,
}

impl Default for JobSettings {
    fn default() -> Self {
        Self {
            lease: Duration::from_secs(60),
            shutdown_grace: Duration::from_secs(30),
        }
    }
}

impl JobSettings {
    /// Reads the settings; a value that is not a positive number names the setting.
    pub fn from_settings(settings: &GlobalSettings) -> anyhow::Result<Self> {
        let seconds = |name: &str, default: Duration| -> anyhow::Result<Duration> {
            match settings.get(&format!("billingSync__{name}")) {
                None => Ok(default),
                Some(v) => v
                    .parse::<f64>()
                    .ok()
                    .filter(|n| *n > 0.0 && *n <= 86_400.0)
                    .map(Duration::from_secs_f64)
                    .ok_or_else(|| {
                        anyhow::anyhow!(
                            "globalSettings__billingSync__{name} must be a number of seconds (at most a day), not {v:?}"
                        )
                    }),
            }
        };
        let defaults = Self::default();
        Ok(Self {
            lease: seconds("jobLeaseSeconds", defaults.lease)?,
            shutdown_grace: seconds("shutdownGraceSeconds", defaults.shutdown_grace)?,
        })
    }
}

/// This replica's handle on the shared leases and schedules.
pub struct Jobs {
    pool: Pool,
    /// `host:pid:random`: names this process in every lease it holds.
    replica: String,
    settings: JobSettings,
}

/// The outcome of work done under a lease.
#[derive(Debug, PartialEq, Eq)]
pub enum Exclusive<T> {
    /// The work ran to its end.
    Done(T),
    /// Another replica (or task) holds the lease: nothing ran.
    Busy,
    /// The lease was lost midway; the work was abandoned.
    Lost,
}

impl Jobs {
    /// A handle for this process.
    pub fn new(pool: Pool, settings: JobSettings) -> Self {
        let host = std::env::var("HOSTNAME")
            .ok()
            .filter(|h| !h.is_empty() && !h.contains(['/', ':']))
            .unwrap_or_else(|| "replica".into());
        let random = uuid::Uuid::new_v4().simple().to_string();
        Self {
            pool,
            replica: format!("{host}:{}:{}", std::process::id(), &random[..8]),
            settings,
        }
    }

    /// This replica's id (the prefix of its lease holders).
    pub fn replica(&self) -> &str {
        &self.replica
    }

    /// The timing in force.
    pub fn settings(&self) -> JobSettings {
        self.settings
    }

    /// Takes the lease `name` if it is free (or expired); `None` when it is held.
    pub async fn try_lock(&self, name: &'static str) -> Result<Option<Lease>, sqlx::Error> {
        let holder = format!("{}/{}", self.replica, uuid::Uuid::new_v4().simple());
        let now = db::now();
        if !store::take_lease(&self.pool, name, &holder, now + self.chrono_lease(), now).await? {
            return Ok(None);
        }
        Ok(Some(Lease::renewing(
            self.pool.clone(),
            name,
            holder,
            self.settings.lease,
        )))
    }

    /// Runs `work` under the lease `name`, or not at all when it is held.
    pub async fn exclusive<T>(
        &self,
        name: &'static str,
        work: impl Future<Output = T>,
    ) -> Result<Exclusive<T>, sqlx::Error> {
        let Some(lease) = self.try_lock(name).await? else {
            return Ok(Exclusive::Busy);
        };
        let outcome = lease.hold(work).await;
        // The work is done either way: an unreleased lease expires by itself.
        if let Err(e) = lease.release().await {
            tracing::warn!(job = name, error = %e, "cannot release the job lease");
        }
        Ok(outcome.map_or(Exclusive::Lost, Exclusive::Done))
    }

    /// Who holds the lease `name` now, if anyone.
    pub async fn holder(&self, name: &str) -> Result<Option<String>, sqlx::Error> {
        store::lease_holder(&self.pool, name, db::now()).await
    }

    /// Records `name`'s first due time unless the schedule already exists
    /// (another replica, or this one before a restart, set it). A stored
    /// time further away than one `interval` (the interval was shortened)
    /// is brought forward to the first delay.
    pub async fn start_schedule(
        &self,
        name: &str,
        interval: Duration,
        first_delay: Duration,
    ) -> Result<(), sqlx::Error> {
        let now = db::now();
        let span = |d: Duration| chrono::Duration::from_std(d).unwrap_or(chrono::Duration::days(1));
        let first_due = now + span(first_delay);
        store::init_schedule(&self.pool, name, first_due).await?;
        store::pull_in_schedule(&self.pool, name, now + span(interval), first_due).await
    }

    /// Whether `name` is due (one read; [`Jobs::claim_due`] decides who runs it).
    pub async fn is_due(&self, name: &str) -> Result<bool, sqlx::Error> {
        Ok(store::next_due(&self.pool, name)
            .await?
            .is_some_and(|due| due <= db::now()))
    }

    /// When `name` is due, takes its lease and claims the interval: the
    /// returned lease means "run it now, here". `None` when it is not due,
    /// another replica runs it, or another replica claimed this interval.
    pub async fn claim_due(
        &self,
        name: &'static str,
        interval: Duration,
    ) -> Result<Option<Lease>, sqlx::Error> {
        let now = db::now();
        let Some(due) = store::next_due(&self.pool, name).await? else {
            return Ok(None);
        };
        if due > now {
            return Ok(None);
        }
        let Some(lease) = self.try_lock(name).await? else {
            return Ok(None);
        };
        let interval = chrono::Duration::from_std(interval).unwrap_or(chrono::Duration::days(1));
        // Missed intervals (all replicas down, a run longer than the
        // interval) do not queue up: the next one is a whole interval away.
        let next = if due + interval > now {
            due + interval
        } else {
            now + interval
        };
        if store::claim_due(&self.pool, name, due, next).await? {
            Ok(Some(lease))
        } else {
            lease.release().await?;
            Ok(None)
        }
    }

    /// Gives up every lease this replica holds (at shutdown, after the grace
    /// period), so the others need not wait for them to expire.
    pub async fn release_all(&self) -> Result<u64, sqlx::Error> {
        store::release_leases_of(&self.pool, &format!("{}/", self.replica)).await
    }

    fn chrono_lease(&self) -> chrono::Duration {
        chrono::Duration::from_std(self.settings.lease).unwrap_or(chrono::Duration::minutes(1))
    }
}

/// A held lease, renewed in the background until released or dropped.
/// Dropping it without [`Lease::release`] (a cancelled request) gives it up too.
pub struct Lease {
    pool: Pool,
    name: &'static str,
    holder: String,
    lost: CancellationToken,
    renewer: tokio::task::JoinHandle<()>,
    released: bool,
}

impl Lease {
    fn renewing(pool: Pool, name: &'static str, holder: String, ttl: Duration) -> Self {
        let lost = CancellationToken::new();
        let renewer = tokio::spawn(renew(pool.clone(), name, holder.clone(), ttl, lost.clone()));
        Self {
            pool,
            name,
            holder,
            lost,
            renewer,
            released: false,
        }
    }

    /// Who holds it (`replica/random`).
    pub fn holder(&self) -> &str {
        &self.holder
    }

    /// Runs `work` while the lease lasts; `None` when it was lost first.
    pub async fn hold<T>(&self, work: impl Future<Output = T>) -> Option<T> {
        tokio::select! {
            biased;
            () = self.lost.cancelled() => {
                tracing::warn!(job = self.name, "job lease lost: the work was abandoned");
                None
            }
            result = work => Some(result),
        }
    }

    /// Gives the lease up for the next run.
    pub async fn release(mut self) -> Result<(), sqlx::Error> {
        self.released = true;
        self.renewer.abort();
        store::release_lease(&self.pool, self.name, &self.holder).await?;
        Ok(())
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        self.renewer.abort();
        if self.released {
            return;
        }
        // Not released (the holder was cancelled): give it up in the
        // background; if the runtime is gone, it expires by itself.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let (pool, name, holder) = (self.pool.clone(), self.name, self.holder.clone());
            runtime.spawn(async move {
                let _ = store::release_lease(&pool, name, &holder).await;
            });
        }
    }
}

/// Renews every third of `ttl`; signals `lost` when another holder took the
/// lease or renewal kept failing until it expired.
async fn renew(
    pool: Pool,
    name: &'static str,
    holder: String,
    ttl: Duration,
    lost: CancellationToken,
) {
    let chrono_ttl = chrono::Duration::from_std(ttl).unwrap_or(chrono::Duration::minutes(1));
    let mut valid_until = db::now() + chrono_ttl;
    loop {
        tokio::time::sleep(ttl / 3).await;
        let now = db::now();
        match store::take_lease(&pool, name, &holder, now + chrono_ttl, now).await {
            Ok(true) => valid_until = now + chrono_ttl,
            Ok(false) => {
                lost.cancel();
                return;
            }
            Err(e) => {
                tracing::warn!(job = name, error = %e, "cannot renew the job lease");
                if db::now() >= valid_until {
                    lost.cancel();
                    return;
                }
            }
        }
    }
}

/// The handle as the state holds it.
pub type SharedJobs = Arc<Jobs>;

#[cfg(test)]
mod tests {
    use super::*;

    async fn jobs(pool: &Pool, lease_ms: u64) -> Jobs {
        Jobs::new(
            pool.clone(),
            JobSettings {
                lease: Duration::from_millis(lease_ms),
                ..JobSettings::default()
            },
        )
    }

    #[tokio::test]
    async fn one_holder_at_a_time_renewed_while_held_and_free_after_release() {
        let dir = tempfile::tempdir().unwrap();
        let pool = db::connect(&db::sqlite_url(dir.path())).await.unwrap();
        let a = jobs(&pool, 300).await;
        let b = jobs(&pool, 300).await;
        let held = a.try_lock("job").await.unwrap().expect("free");
        assert!(b.try_lock("job").await.unwrap().is_none(), "held by a");
        assert!(
            a.try_lock("job").await.unwrap().is_none(),
            "another task of the same replica is refused too"
        );
        // Renewed in the background: still held after three lease lengths.
        tokio::time::sleep(Duration::from_millis(900)).await;
        assert!(b.try_lock("job").await.unwrap().is_none(), "renewed");
        assert!(a
            .holder("job")
            .await
            .unwrap()
            .unwrap()
            .starts_with(a.replica()));
        held.release().await.unwrap();
        assert_eq!(a.holder("job").await.unwrap(), None);
        let outcome = b.exclusive("job", async { 7 }).await.unwrap();
        assert_eq!(outcome, Exclusive::Done(7));
    }

    #[tokio::test]
    async fn a_dead_holder_is_replaced_after_expiry_and_each_interval_is_claimed_once() {
        let dir = tempfile::tempdir().unwrap();
        let pool = db::connect(&db::sqlite_url(dir.path())).await.unwrap();
        let a = jobs(&pool, 300).await;
        let b = jobs(&pool, 300).await;
        let lease = a.try_lock("job").await.unwrap().unwrap();
        // A dead replica stops renewing: stop the renewal without releasing.
        lease.renewer.abort();
        std::mem::forget(lease);
        assert_eq!(b.exclusive("job", async {}).await.unwrap(), Exclusive::Busy);
        tokio::time::sleep(Duration::from_millis(400)).await;
        assert_eq!(
            b.exclusive("job", async {}).await.unwrap(),
            Exclusive::Done(())
        );

        let interval = Duration::from_secs(60);
        assert!(
            a.claim_due("sched", interval).await.unwrap().is_none(),
            "no schedule yet"
        );
        a.start_schedule("sched", interval, Duration::ZERO)
            .await
            .unwrap();
        b.start_schedule("sched", interval, Duration::from_secs(30))
            .await
            .unwrap();
        let first = a
            .claim_due("sched", interval)
            .await
            .unwrap()
            .expect("due now");
        first.release().await.unwrap();
        assert!(
            b.claim_due("sched", interval).await.unwrap().is_none(),
            "this interval is taken"
        );
        let next = store::next_due(&pool, "sched").await.unwrap().unwrap();
        assert!(next > db::now() + chrono::Duration::seconds(50), "{next}");
        // Restarted with a shorter interval: the next run comes within it.
        a.start_schedule("sched", Duration::from_secs(5), Duration::from_secs(1))
            .await
            .unwrap();
        let pulled_in = store::next_due(&pool, "sched").await.unwrap().unwrap();
        assert!(
            pulled_in <= db::now() + chrono::Duration::seconds(1),
            "{pulled_in}"
        );
        // The same interval again: a restart leaves the schedule alone.
        a.start_schedule("sched", Duration::from_secs(5), Duration::ZERO)
            .await
            .unwrap();
        assert_eq!(
            store::next_due(&pool, "sched").await.unwrap(),
            Some(pulled_in)
        );
    }

    #[test]
    fn settings_are_seconds_and_name_themselves_when_wrong() {
        let settings = |text: &str| {
            GlobalSettings::from_values(crate::config::parse_env_file(text))
                .map_err(|e| e.to_string())
                .and_then(|s| JobSettings::from_settings(&s).map_err(|e| e.to_string()))
        };
        assert_eq!(settings(""), Ok(JobSettings::default()));
        let custom = settings(
            "globalSettings__billingSync__jobLeaseSeconds=2.5\nglobalSettings__billingSync__shutdownGraceSeconds=5",
        )
        .unwrap();
        assert_eq!(custom.lease, Duration::from_millis(2500));
        assert_eq!(custom.shutdown_grace, Duration::from_secs(5));
        let wrong = settings("globalSettings__billingSync__jobLeaseSeconds=soon").unwrap_err();
        assert!(
            wrong.contains("globalSettings__billingSync__jobLeaseSeconds"),
            "{wrong}"
        );
    }
}
