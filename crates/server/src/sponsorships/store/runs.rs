//! Records of the sponsorship jobs: sync runs and the runs of the
//! maintenance jobs (cleanup, re-validation), and settling the runs a dead
//! replica left unfinished. Apart from the rows themselves (the parent
//! module) so each file stays readable.

use crate::db::{self, get_ts_opt, Pool};
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::Row;
use wire::sponsorships::{SponsorshipSyncRun, SyncTrigger};
use wire::OrganizationId;

/// Records the start of a sync run; returns its id.
pub async fn start_run(
    pool: &Pool,
    org: OrganizationId,
    trigger: SyncTrigger,
    started_at: DateTime<Utc>,
) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    let trigger_text = match trigger {
        SyncTrigger::Scheduled => "scheduled",
        SyncTrigger::Manual => "manual",
    };
    sqlx::query(
        "INSERT INTO sponsorship_sync_runs (id, organization_id, trigger_kind, started_at, sent, updated, removed) \
         VALUES ($1, $2, $3, $4, 0, 0, 0)",
    )
    .bind(&id)
    .bind(org.to_string())
    .bind(trigger_text)
    .bind(db::ts(started_at))
    .execute(pool)
    .await?;
    Ok(id)
}

/// Records how a run ended: its counts, and the reason when it failed.
pub async fn finish_run(
    pool: &Pool,
    id: &str,
    run: &SponsorshipSyncRun,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sponsorship_sync_runs SET finished_at = $1, sent = $2, updated = $3, removed = $4, error = $5 WHERE id = $6")
        .bind(run.finished_at.map(db::ts))
        .bind(i64::from(run.sent))
        .bind(i64::from(run.updated))
        .bind(i64::from(run.removed))
        .bind(&run.error)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Records how far a running sync is: `sent` of `total` batches.
pub async fn record_progress(
    pool: &Pool,
    id: &str,
    sent: u32,
    total: u32,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE sponsorship_sync_runs SET batches_sent = $1, batches_total = $2 WHERE id = $3",
    )
    .bind(i64::from(sent))
    .bind(i64::from(total))
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// The organization's runs started after `since`, newest first.
pub async fn runs_since(
    pool: &Pool,
    org: OrganizationId,
    since: DateTime<Utc>,
) -> Result<Vec<SponsorshipSyncRun>, sqlx::Error> {
    let count = |row: &AnyRow, column: &str| -> Result<u32, sqlx::Error> {
        Ok(u32::try_from(db::get_int(row, column)?).unwrap_or(0))
    };
    sqlx::query(
        "SELECT trigger_kind, started_at, finished_at, sent, updated, removed, error, batches_sent, batches_total \
         FROM sponsorship_sync_runs \
         WHERE organization_id = $1 AND started_at > $2 ORDER BY started_at DESC",
    )
    .bind(org.to_string())
    .bind(db::ts(since))
    .fetch_all(pool)
    .await?
    .iter()
    .map(|row| {
        let trigger: String = row.try_get("trigger_kind")?;
        Ok(SponsorshipSyncRun {
            trigger: if trigger == "manual" {
                SyncTrigger::Manual
            } else {
                SyncTrigger::Scheduled
            },
            started_at: db::get_ts(row, "started_at")?,
            finished_at: get_ts_opt(row, "finished_at")?,
            sent: count(row, "sent")?,
            updated: count(row, "updated")?,
            removed: count(row, "removed")?,
            error: row.try_get("error")?,
            error_code: None,
            error_code_args: Default::default(),
            batches_sent: optional_count(row, "batches_sent")?,
            batches_total: optional_count(row, "batches_total")?,
        })
    })
    .collect()
}

/// A nullable count column.
fn optional_count(row: &AnyRow, column: &str) -> Result<Option<u32>, sqlx::Error> {
    Ok(db::get_int_opt(row, column)?.map(|v| u32::try_from(v).unwrap_or(0)))
}

/// Deletes sync runs started before `before`.
pub async fn purge_runs(pool: &Pool, before: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    let result = sqlx::query("DELETE FROM sponsorship_sync_runs WHERE started_at < $1")
        .bind(db::ts(before))
        .execute(pool)
        .await?;
    Ok(result.rows_affected())
}

/// Whether the (enabled) organization has finished a run without error.
pub async fn has_successful_run(pool: &Pool, org: OrganizationId) -> Result<bool, sqlx::Error> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM sponsorship_sync_runs r JOIN organizations o ON o.id = r.organization_id \
         WHERE r.organization_id = $1 AND r.error IS NULL AND r.finished_at IS NOT NULL AND o.enabled = 1",
    )
    .bind(org.to_string())
    .fetch_one(pool)
    .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}

/// Records every unfinished sync run as failed with `reason`, unless the
/// lease `lock` is live: runs are only made under it, so with no live lease
/// an unfinished run belongs to a replica that died or gave up.
pub async fn fail_abandoned_runs(
    pool: &Pool,
    lock: &str,
    now: DateTime<Utc>,
    reason: &str,
) -> Result<u64, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE sponsorship_sync_runs SET finished_at = $1, error = $2 WHERE finished_at IS NULL \
         AND NOT EXISTS (SELECT 1 FROM job_locks WHERE name = $3 AND expires_at >= $1)",
    )
    .bind(db::ts(now))
    .bind(reason)
    .bind(lock)
    .execute(pool)
    .await?;
    Ok(result.rows_affected())
}

/// The same for the runs of a maintenance job (its lease has the job's name).
pub async fn fail_abandoned_maintenance_runs(
    pool: &Pool,
    job: MaintenanceJob,
    now: DateTime<Utc>,
    reason: &str,
) -> Result<u64, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE sponsorship_maintenance_runs SET finished_at = $1, error = $2 WHERE finished_at IS NULL \
         AND job = $3 AND NOT EXISTS (SELECT 1 FROM job_locks WHERE name = $3 AND expires_at >= $1)",
    )
    .bind(db::ts(now))
    .bind(reason)
    .bind(job.name())
    .execute(pool)
    .await?;
    Ok(result.rows_affected())
}

/// The scheduled sponsorship maintenance jobs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MaintenanceJob {
    /// Deletes rows whose ValidUntil passed 90 days ago.
    Cleanup,
    /// Re-validates sponsored organizations (cloud).
    Revalidation,
}

impl MaintenanceJob {
    /// The name runs are recorded (and leases taken) under.
    pub fn name(self) -> &'static str {
        match self {
            Self::Cleanup => "sponsorship-cleanup",
            Self::Revalidation => "sponsorship-revalidation",
        }
    }

    /// The job of a recorded name.
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Cleanup, Self::Revalidation]
            .into_iter()
            .find(|job| job.name() == name)
    }
}

/// One recorded run of a maintenance job.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct MaintenanceCounts {
    /// Sponsored organizations looked at (re-validation).
    pub checked: u32,
    /// Rows deleted (cleanup).
    pub deleted: u32,
    /// Sponsorships renewed for another period (re-validation).
    pub renewed: u32,
    /// Sponsorships found invalid and set to end at their paid-through date (re-validation).
    pub ended: u32,
}

/// A recorded run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaintenanceRun {
    pub job: MaintenanceJob,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub counts: MaintenanceCounts,
    /// Why the run failed; none on success.
    pub error: Option<String>,
}

/// Records the start of a maintenance run; returns its id.
pub async fn start_maintenance_run(
    pool: &Pool,
    job: MaintenanceJob,
    started_at: DateTime<Utc>,
) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO sponsorship_maintenance_runs (id, job, started_at, checked, deleted, renewed, ended) \
         VALUES ($1, $2, $3, 0, 0, 0, 0)",
    )
    .bind(&id)
    .bind(job.name())
    .bind(db::ts(started_at))
    .execute(pool)
    .await?;
    Ok(id)
}

/// Records how a maintenance run ended.
pub async fn finish_maintenance_run(
    pool: &Pool,
    id: &str,
    run: &MaintenanceRun,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE sponsorship_maintenance_runs SET finished_at = $1, checked = $2, deleted = $3, renewed = $4, \
         ended = $5, error = $6 WHERE id = $7",
    )
    .bind(run.finished_at.map(db::ts))
    .bind(i64::from(run.counts.checked))
    .bind(i64::from(run.counts.deleted))
    .bind(i64::from(run.counts.renewed))
    .bind(i64::from(run.counts.ended))
    .bind(&run.error)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// The latest `limit` maintenance runs (of one job, or all), newest first.
pub async fn maintenance_runs(
    pool: &Pool,
    job: Option<MaintenanceJob>,
    limit: u32,
) -> Result<Vec<MaintenanceRun>, sqlx::Error> {
    let count = |row: &AnyRow, column: &str| -> Result<u32, sqlx::Error> {
        Ok(u32::try_from(db::get_int(row, column)?).unwrap_or(0))
    };
    sqlx::query(
        "SELECT job, started_at, finished_at, checked, deleted, renewed, ended, error \
         FROM sponsorship_maintenance_runs WHERE ($1 = '' OR job = $1) ORDER BY started_at DESC LIMIT $2",
    )
    .bind(job.map_or("", MaintenanceJob::name))
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?
    .iter()
    .map(|row| {
        let name: String = row.try_get("job")?;
        let job = MaintenanceJob::from_name(&name)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown maintenance job {name:?}").into()))?;
        Ok(MaintenanceRun {
            job,
            started_at: db::get_ts(row, "started_at")?,
            finished_at: get_ts_opt(row, "finished_at")?,
            counts: MaintenanceCounts {
                checked: count(row, "checked")?,
                deleted: count(row, "deleted")?,
                renewed: count(row, "renewed")?,
                ended: count(row, "ended")?,
            },
            error: row.try_get("error")?,
        })
    })
    .collect()
}
