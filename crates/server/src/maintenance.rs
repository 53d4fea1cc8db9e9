//! Scheduled purges, so no table grows without bound: expired refresh
//! tokens, old master-password failure records, sponsorship sync runs and
//! outbox mail (whose bodies hold redeem links). Each retention is a setting
//! (`globalSettings__billingSync__…`); every replica may run the purge, it
//! only deletes.

use crate::config::GlobalSettings;
use crate::db::{self, Pool};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// How long rows are kept, and how often the purge runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Retention {
    /// `billingSync__purgeIntervalSeconds` (default 3600).
    pub interval: Duration,
    /// `billingSync__syncRunRetentionDays` (default 90; the screen shows 30).
    pub sync_run_days: i64,
    /// `billingSync__mailRetentionDays` (default 30; delivery retries for about 3.5).
    pub mail_days: i64,
    /// `billingSync__passwordFailureRetentionDays` (default 1; the limit looks back 15 minutes).
    pub password_failure_days: i64,
}

impl Retention {
    /// Reads the settings; a value that is not a positive number names the setting.
    pub fn from_settings(settings: &GlobalSettings) -> anyhow::Result<Self> {
        let number = |name: &str, default: u64| -> anyhow::Result<u64> {
            match settings.get(&format!("billingSync__{name}")) {
                None => Ok(default),
                Some(v) => v.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                    anyhow::anyhow!(
                        "globalSettings__billingSync__{name} must be a positive number, not {v:?}"
                    )
                }),
            }
        };
        let days = |name: &str, default: u64| -> anyhow::Result<i64> {
            // At most a century: chrono's durations have bounds.
            Ok(i64::try_from(number(name, default)?).map_or(36_500, |d| d.min(36_500)))
        };
        Ok(Self {
            interval: Duration::from_secs(number("purgeIntervalSeconds", 3600)?),
            sync_run_days: days("syncRunRetentionDays", 90)?,
            mail_days: days("mailRetentionDays", 30)?,
            password_failure_days: days("passwordFailureRetentionDays", 1)?,
        })
    }
}

/// Deletes what is past its retention; returns how many rows went.
pub async fn purge_once(pool: &Pool, retention: &Retention) -> Result<u64, sqlx::Error> {
    let now = db::now();
    let ago = |days: i64| now - chrono::Duration::days(days);
    let identity =
        crate::identity::store::purge(pool, ago(retention.password_failure_days)).await?;
    let runs = crate::sponsorships::store::purge_runs(pool, ago(retention.sync_run_days)).await?;
    let mail = crate::mail::store::purge(pool, ago(retention.mail_days)).await?;
    Ok(identity + runs + mail)
}

/// Purges every `retention.interval` until cancelled (the first right away).
pub async fn purge_forever(
    pool: Pool,
    retention: Retention,
    limits: std::sync::Arc<crate::limits::Limits>,
    cancel: CancellationToken,
) {
    loop {
        match purge_once(&pool, &retention).await {
            Ok(0) => {}
            Ok(rows) => tracing::info!(rows, "purged expired rows"),
            Err(e) => tracing::warn!(error = %e, "purge failed; will try again"),
        }
        limits.forget_idle();
        tokio::select! {
            () = cancel.cancelled() => return,
            () = tokio::time::sleep(retention.interval) => {}
        }
    }
}
