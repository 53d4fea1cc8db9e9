//! The `job_locks` (leases) and `job_schedule` tables.

use crate::db::{self, Pool};
use chrono::{DateTime, Utc};
use sqlx::Row;

/// Takes or renews the lease `name` for `holder` until `until`; true when
/// `holder` holds it (it was free, expired by `now`, or already theirs).
/// One statement, so two replicas racing for a free lease cannot both win.
pub async fn take_lease(
    pool: &Pool,
    name: &str,
    holder: &str,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "INSERT INTO job_locks (name, holder, expires_at) VALUES ($1, $2, $3) \
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at \
         WHERE job_locks.expires_at < $4 OR job_locks.holder = $2",
    )
    .bind(name)
    .bind(holder)
    .bind(db::ts(until))
    .bind(db::ts(now))
    .execute(pool)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Gives the lease `name` up if `holder` still holds it.
pub async fn release_lease(pool: &Pool, name: &str, holder: &str) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("DELETE FROM job_locks WHERE name = $1 AND holder = $2")
        .bind(name)
        .bind(holder)
        .execute(pool)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Gives up every lease whose holder starts with `prefix` (one replica's).
pub async fn release_leases_of(pool: &Pool, prefix: &str) -> Result<u64, sqlx::Error> {
    // The prefix is a replica id (letters, digits, '-', ':', '.'), never a LIKE pattern.
    let result = sqlx::query("DELETE FROM job_locks WHERE SUBSTR(holder, 1, LENGTH($1)) = $1")
        .bind(prefix)
        .execute(pool)
        .await?;
    Ok(result.rows_affected())
}

/// Who holds the lease `name` at `now`, if anyone.
pub async fn lease_holder(
    pool: &Pool,
    name: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("SELECT holder FROM job_locks WHERE name = $1 AND expires_at >= $2")
        .bind(name)
        .bind(db::ts(now))
        .fetch_optional(pool)
        .await?
        .map(|row| row.try_get("holder"))
        .transpose()
}

/// Records when `name` is first due, unless a time is already stored (the
/// first replica to start sets the schedule; restarts keep it).
pub async fn init_schedule(
    pool: &Pool,
    name: &str,
    first_due: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO job_schedule (name, next_due_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(db::ts(first_due))
    .execute(pool)
    .await?;
    Ok(())
}

/// Moves `name`'s due time to `due` if it is later than `latest` (the
/// schedule was stored with a longer interval than the one configured now).
pub async fn pull_in_schedule(
    pool: &Pool,
    name: &str,
    latest: DateTime<Utc>,
    due: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE job_schedule SET next_due_at = $1 WHERE name = $2 AND next_due_at > $3")
        .bind(db::ts(due))
        .bind(name)
        .bind(db::ts(latest))
        .execute(pool)
        .await?;
    Ok(())
}

/// When `name` is due next, if it has a schedule.
pub async fn next_due(pool: &Pool, name: &str) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    sqlx::query("SELECT next_due_at FROM job_schedule WHERE name = $1")
        .bind(name)
        .fetch_optional(pool)
        .await?
        .map(|row| db::get_ts(&row, "next_due_at"))
        .transpose()
}

/// Moves `name`'s due time from `due` to `next`; false when another replica
/// moved it first (it claimed this interval).
pub async fn claim_due(
    pool: &Pool,
    name: &str,
    due: DateTime<Utc>,
    next: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE job_schedule SET next_due_at = $1 WHERE name = $2 AND next_due_at = $3",
    )
    .bind(db::ts(next))
    .bind(name)
    .bind(db::ts(due))
    .execute(pool)
    .await?;
    Ok(result.rows_affected() == 1)
}
