//! Storage: one sqlx `Any` pool over SQLite (default, a file in the data dir)
//! or PostgreSQL (`DATABASE_URL=postgres://…`). Every query in the `store.rs`
//! modules is plain SQL both engines accept, with `$n` placeholders, ids as
//! UUID text and times as RFC 3339 UTC text.

use anyhow::Context;
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Connection, Executor, Row};
use std::path::Path;

pub mod settings;

/// The shared connection pool.
pub type Pool = AnyPool;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Which engine a pool talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The engine named by a connection URL.
    pub fn of_url(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Self::Postgres)
        } else {
            anyhow::bail!("DATABASE_URL must start with sqlite: or postgres:")
        }
    }
}

/// The default SQLite URL for a data dir.
pub fn sqlite_url(data_dir: &Path) -> String {
    format!(
        "sqlite://{}?mode=rwc",
        data_dir.join("billing-sync.db").display()
    )
}

/// Opens the pool with the default settings and brings the schema up to date.
pub async fn connect(url: &str) -> anyhow::Result<Pool> {
    connect_with(url, &settings::PoolSettings::default()).await
}

/// Opens the pool and brings the schema up to date. On PostgreSQL sqlx runs
/// the migrations under an advisory lock: replicas starting together on an
/// older schema migrate it once, the others wait and find it done. A
/// statement waits for a lock at most `busy_timeout` (SQLite `busy_timeout`,
/// PostgreSQL `lock_timeout`); then its request fails with 503 `databaseBusy`.
pub async fn connect_with(url: &str, pool: &settings::PoolSettings) -> anyhow::Result<Pool> {
    sqlx::any::install_default_drivers();
    let backend = Backend::of_url(url)?;
    let default_size = if backend == Backend::Sqlite { 4 } else { 10 };
    // WAL lets the web requests read while the sync job writes; busy_timeout
    // turns short lock waits into waits, not errors; max_page_count caps the
    // file as a small disk would.
    let mut pragmas = format!(
        "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {};",
        pool.busy_timeout.as_millis()
    );
    if let Some(pages) = pool.sqlite_max_page_count {
        pragmas.push_str(&format!(" PRAGMA max_page_count = {pages};"));
    }
    let session = match backend {
        Backend::Sqlite => pragmas,
        Backend::Postgres => {
            // Migrations first, on a connection without the lock timeout:
            // a replica waits for another's migration as long as it takes.
            let mut conn = sqlx::AnyConnection::connect(url)
                .await
                .with_context(|| format!("cannot open the database ({})", redact_url(url)))?;
            MIGRATOR
                .run(&mut conn)
                .await
                .context("database migration failed")?;
            let _ = conn.close().await;
            // Custom plans always: a prepared statement's generic plan is
            // made once, from the statistics of the moment, and a sync
            // grows its tables from empty to 100,000s of rows while the
            // same statements run. A generic plan made early chose the
            // organization's index for the cloud's 1000-member lookup
            // and filtered every row of the organization per batch: a
            // 100k-row sync went 4x slower, in some runs only (bench row
            // g). Planning each statement costs well under a millisecond.
            format!(
                "SET lock_timeout = {}; SET plan_cache_mode = force_custom_plan",
                pool.busy_timeout.as_millis()
            )
        }
    };
    let pool = AnyPoolOptions::new()
        .max_connections(pool.max_connections.unwrap_or(default_size))
        .acquire_timeout(pool.acquire_timeout)
        .idle_timeout(Some(pool.idle_timeout))
        .after_connect(move |conn, _meta| {
            let session = session.clone();
            Box::pin(async move {
                conn.execute(session.as_str()).await?;
                Ok(())
            })
        })
        .connect(url)
        .await
        .with_context(|| format!("cannot open the database ({})", redact_url(url)))?;
    if backend == Backend::Sqlite {
        MIGRATOR
            .run(&pool)
            .await
            .context("database migration failed")?;
    }
    Ok(pool)
}

/// A URL without its password, for error messages.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

/// Current time as stored: RFC 3339, UTC, microseconds, `Z` suffix.
pub fn now() -> DateTime<Utc> {
    // Truncate to what we store so a value read back equals the value written.
    let now = Utc::now();
    DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now)
}

/// Formats a time for a TEXT column.
pub fn ts(value: DateTime<Utc>) -> String {
    value.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Formats an optional time for a nullable TEXT column.
pub fn ts_opt(value: Option<DateTime<Utc>>) -> Option<String> {
    value.map(ts)
}

/// Reads a TEXT time column.
pub fn get_ts(row: &AnyRow, column: &str) -> Result<DateTime<Utc>, sqlx::Error> {
    let text: String = row.try_get(column)?;
    parse_ts(column, &text)
}

/// Reads a nullable TEXT time column.
pub fn get_ts_opt(row: &AnyRow, column: &str) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    let text: Option<String> = row.try_get(column)?;
    text.map(|t| parse_ts(column, &t)).transpose()
}

fn parse_ts(column: &str, text: &str) -> Result<DateTime<Utc>, sqlx::Error> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| sqlx::Error::ColumnDecode {
            index: column.to_owned(),
            source: Box::new(e),
        })
}

/// Reads a UUID TEXT column into an id newtype.
pub fn get_id<T: From<uuid::Uuid>>(row: &AnyRow, column: &str) -> Result<T, sqlx::Error> {
    let text: String = row.try_get(column)?;
    uuid::Uuid::parse_str(&text)
        .map(T::from)
        .map_err(|e| sqlx::Error::ColumnDecode {
            index: column.to_owned(),
            source: Box::new(e),
        })
}

/// Reads a BIGINT column (all numbers are BIGINT so both engines decode to i64).
pub fn get_int(row: &AnyRow, column: &str) -> Result<i64, sqlx::Error> {
    row.try_get::<i64, _>(column)
}

/// Reads a nullable BIGINT column.
pub fn get_int_opt(row: &AnyRow, column: &str) -> Result<Option<i64>, sqlx::Error> {
    row.try_get::<Option<i64>, _>(column)
}

/// Reads a flag stored as BIGINT 0/1.
pub fn get_bool(row: &AnyRow, column: &str) -> Result<bool, sqlx::Error> {
    get_int(row, column).map(|v| v != 0)
}

/// A flag as stored.
pub fn flag(value: bool) -> i64 {
    i64::from(value)
}

/// True when an error is a unique-constraint violation (both engines).
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// Most rows one multi-row statement carries: 1000 rows of up to 11 values
/// stay under both engines' limits on parameters (SQLite 32,766, PostgreSQL
/// 65,535), and a sync batch (1000 rows) is one statement.
pub const ROWS_PER_STATEMENT: usize = 1000;

/// How a statement with many parameters (a multi-row insert, an `IN (…)`
/// list) writes them on a connection's engine. PostgreSQL needs `$n`.
/// SQLite gets plain `?`, numbered by position: binding looks each named
/// parameter up by a linear search (`sqlite3_bind_parameter_name`), which
/// made binding a 1000-row insert (11,000 `$n`) take a second on its own;
/// positional ones cost nothing. A statement uses one style throughout (the
/// driver numbers `?` by itself), and binds its values in text order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Params {
    /// `$1, $2, …` (PostgreSQL).
    Numbered,
    /// `?, ?, …` (SQLite).
    Positional,
}

impl Params {
    /// The style of `conn`'s engine.
    pub fn of(conn: &sqlx::AnyConnection) -> Self {
        if conn.backend_name().eq_ignore_ascii_case("sqlite") {
            Self::Positional
        } else {
            Self::Numbered
        }
    }

    /// `count` placeholders for an `IN (…)` list or a row, the first one
    /// being the statement's `first`th parameter.
    pub fn list(self, count: usize, first: usize) -> String {
        let mut out = String::with_capacity(count * 6);
        for n in 0..count {
            if n > 0 {
                out.push_str(", ");
            }
            match self {
                Self::Numbered => {
                    out.push('$');
                    out.push_str(&(first + n).to_string());
                }
                Self::Positional => out.push('?'),
            }
        }
        out
    }

    /// `(…), (…), …`: placeholders for a multi-row `VALUES` list of `rows`
    /// rows of `columns` values each, numbered row by row from `first`.
    pub fn rows(self, rows: usize, columns: usize, first: usize) -> String {
        let mut out = String::with_capacity(rows * columns * 6);
        for row in 0..rows {
            if row > 0 {
                out.push_str(", ");
            }
            out.push('(');
            out.push_str(&self.list(columns, first + row * columns));
            out.push(')');
        }
        out
    }
}

#[cfg(test)]
mod placeholder_tests {
    use super::Params;

    #[test]
    fn placeholders_are_numbered_row_by_row_or_positional() {
        assert_eq!(Params::Numbered.list(3, 2), "$2, $3, $4");
        assert_eq!(Params::Numbered.list(0, 1), "");
        assert_eq!(Params::Numbered.rows(2, 3, 1), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(Params::Positional.rows(2, 2, 5), "(?, ?), (?, ?)");
    }
}
