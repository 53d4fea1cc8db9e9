//! The `server_keys` table: server-wide secrets shared by every replica.

use crate::db::Pool;
use sqlx::Row;

/// The secret stored under `name`; `fresh` is stored first if none exists.
/// Replicas starting together end up with one secret: insert if absent, then
/// read whichever won.
pub async fn server_secret(pool: &Pool, name: &str, fresh: &str) -> Result<String, sqlx::Error> {
    sqlx::query(
        "INSERT INTO server_keys (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(fresh)
    .execute(pool)
    .await?;
    sqlx::query("SELECT value FROM server_keys WHERE name = $1")
        .bind(name)
        .fetch_one(pool)
        .await?
        .try_get("value")
}

/// The secret stored under `name`, if any.
pub async fn find_secret(pool: &Pool, name: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("SELECT value FROM server_keys WHERE name = $1")
        .bind(name)
        .fetch_optional(pool)
        .await?
        .map(|row| row.try_get("value"))
        .transpose()
}
