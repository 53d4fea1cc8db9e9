//! Which database to open and how large a pool to keep: `DATABASE_URL` (or
//! `--database-url`), else Bitwarden's `globalSettings__postgreSql__connectionString`
//! (Npgsql's `Host=…;Database=…` form, or a `postgres://` URL), else SQLite
//! in the data dir; pool size and timeouts from `globalSettings__billingSync__database…`.

use crate::config::GlobalSettings;
use anyhow::{bail, Context};
use std::path::Path;
use std::time::Duration;

/// The URL to open: the explicit one, Bitwarden's PostgreSQL setting, or SQLite in `data_dir`.
pub fn database_url(
    explicit: Option<&str>,
    settings: &GlobalSettings,
    data_dir: &Path,
) -> anyhow::Result<String> {
    if let Some(url) = explicit.map(str::trim).filter(|u| !u.is_empty()) {
        return Ok(url.to_owned());
    }
    match settings.get("postgreSql__connectionString") {
        Some(text) => postgres_url(text).context(
            "globalSettings__postgreSql__connectionString is not a PostgreSQL connection string",
        ),
        None => Ok(super::sqlite_url(data_dir)),
    }
}

/// A `postgres://` URL from an Npgsql connection string
/// (`Host=db;Port=5432;Database=vault;Username=u;Password=p;SSL Mode=Require`);
/// a URL is taken as it is. Keys Npgsql has but a pool here sets elsewhere
/// (pooling, timeouts) are ignored.
pub fn postgres_url(text: &str) -> anyhow::Result<String> {
    let text = text.trim();
    if text.starts_with("postgres://") || text.starts_with("postgresql://") {
        return Ok(text.to_owned());
    }
    let mut url = url::Url::parse("postgres://localhost/postgres").context("base URL")?;
    let mut host = None;
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((key, value)) = part.split_once('=') else {
            bail!("{part:?} is not key=value");
        };
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
        let key: String = key
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        let bad = |what: &str| anyhow::anyhow!("{what} {value:?} is not valid");
        match key.as_str() {
            "host" | "server" => host = Some(value.to_owned()),
            "port" => {
                let port: u16 = value.parse().map_err(|_| bad("Port"))?;
                url.set_port(Some(port)).map_err(|()| bad("Port"))?;
            }
            "database" | "initialcatalog" => url.set_path(value),
            "username" | "userid" | "user" => {
                url.set_username(value).map_err(|()| bad("Username"))?;
            }
            "password" | "pwd" => {
                url.set_password(Some(value))
                    .map_err(|()| bad("Password"))?;
            }
            "sslmode" => {
                let mode = match value.to_lowercase().as_str() {
                    "disable" => "disable",
                    "allow" => "allow",
                    "prefer" => "prefer",
                    "require" => "require",
                    "verifyca" | "verify-ca" => "verify-ca",
                    "verifyfull" | "verify-full" => "verify-full",
                    _ => return Err(bad("SSL Mode")),
                };
                url.query_pairs_mut().append_pair("sslmode", mode);
            }
            _ => tracing::debug!(key = %key, "connection string key ignored"),
        }
    }
    let host = host.context("no Host")?;
    url.set_host(Some(&host))
        .map_err(|_| anyhow::anyhow!("Host {host:?} is not valid"))?;
    Ok(url.to_string())
}

/// The connection pool's size and timeouts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolSettings {
    /// `billingSync__databaseMaxConnections`; default 4 on SQLite, 10 on PostgreSQL.
    pub max_connections: Option<u32>,
    /// `billingSync__databaseAcquireTimeoutSeconds` (default 10): how long a
    /// request waits for a free connection before it fails.
    pub acquire_timeout: Duration,
    /// `billingSync__databaseIdleTimeoutSeconds` (default 600): idle
    /// connections are closed after this.
    pub idle_timeout: Duration,
    /// `billingSync__databaseBusyTimeoutSeconds` (default 5): how long a
    /// statement waits for a lock another program holds (SQLite's write
    /// lock, a PostgreSQL table or row lock) before the request fails with
    /// 503 `databaseBusy`.
    pub busy_timeout: Duration,
    /// `billingSync__sqliteMaxPageCount` (SQLite, unset = no cap): the
    /// largest the database file may grow, in pages (4 KiB by default);
    /// beyond it writes fail with 503 `databaseFull`, as on a full disk.
    pub sqlite_max_page_count: Option<u32>,
}

impl Default for PoolSettings {
    fn default() -> Self {
        Self {
            max_connections: None,
            acquire_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(600),
            busy_timeout: Duration::from_secs(5),
            sqlite_max_page_count: None,
        }
    }
}

impl PoolSettings {
    /// Reads the settings; a value that is not a positive number names the setting.
    pub fn from_settings(settings: &GlobalSettings) -> anyhow::Result<Self> {
        let number = |name: &str| -> anyhow::Result<Option<u32>> {
            settings
                .get(&format!("billingSync__{name}"))
                .map(|v| {
                    v.parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                        anyhow::anyhow!(
                            "globalSettings__billingSync__{name} must be a positive number, not {v:?}"
                        )
                    })
                })
                .transpose()
        };
        let defaults = Self::default();
        let seconds = |name: &str, default: Duration| -> anyhow::Result<Duration> {
            Ok(number(name)?.map_or(default, |n| Duration::from_secs(u64::from(n))))
        };
        Ok(Self {
            max_connections: number("databaseMaxConnections")?,
            acquire_timeout: seconds("databaseAcquireTimeoutSeconds", defaults.acquire_timeout)?,
            idle_timeout: seconds("databaseIdleTimeoutSeconds", defaults.idle_timeout)?,
            busy_timeout: seconds("databaseBusyTimeoutSeconds", defaults.busy_timeout)?,
            sqlite_max_page_count: number("sqliteMaxPageCount")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(text: &str) -> GlobalSettings {
        GlobalSettings::from_values(crate::config::parse_env_file(text)).unwrap()
    }

    #[test]
    fn bitwardens_connection_string_becomes_a_url_and_database_url_wins() {
        let url = postgres_url(
            "Host=db.internal;Port=5433;Database=vault;Username=bw;Password=p@ss;w=rd;SSL Mode=VerifyFull;Pooling=true",
        );
        // A ';' inside a value is not part of Npgsql's unquoted syntax either:
        // the password ends at it and "w=rd" is an unknown key.
        assert_eq!(
            url.unwrap(),
            "postgres://bw:p%40ss@db.internal:5433/vault?sslmode=verify-full"
        );
        assert_eq!(
            postgres_url("postgres://a@b/c").unwrap(),
            "postgres://a@b/c",
            "a URL is taken as it is"
        );
        assert!(postgres_url("Database=vault").is_err(), "no host");
        assert!(postgres_url("Host=db;Port=eighty").is_err());
        assert!(postgres_url("Host=db;SSL Mode=sometimes").is_err());

        let dir = Path::new("/data");
        let bitwarden = settings(
            "globalSettings__postgreSql__connectionString=\"Host=pg;Database=vault;Username=u;Password=secret\"",
        );
        assert_eq!(
            database_url(None, &bitwarden, dir).unwrap(),
            "postgres://u:secret@pg/vault"
        );
        assert_eq!(
            database_url(Some("postgres://x@y/z"), &bitwarden, dir).unwrap(),
            "postgres://x@y/z"
        );
        assert!(database_url(None, &settings(""), dir)
            .unwrap()
            .starts_with("sqlite://"));
        let wrong = database_url(
            None,
            &settings("globalSettings__postgreSql__connectionString=Database=vault"),
            dir,
        )
        .unwrap_err();
        assert!(format!("{wrong:#}").contains("postgreSql__connectionString"));
        assert!(!format!("{wrong:#}").contains("secret"));
    }

    #[test]
    fn pool_settings_have_defaults_and_name_themselves_when_wrong() {
        assert_eq!(
            PoolSettings::from_settings(&settings("")).unwrap(),
            PoolSettings::default()
        );
        let custom = PoolSettings::from_settings(&settings(
            "globalSettings__billingSync__databaseMaxConnections=40\nglobalSettings__billingSync__databaseAcquireTimeoutSeconds=3",
        ))
        .unwrap();
        assert_eq!(custom.max_connections, Some(40));
        assert_eq!(custom.acquire_timeout, Duration::from_secs(3));
        let wrong = PoolSettings::from_settings(&settings(
            "globalSettings__billingSync__databaseMaxConnections=0",
        ))
        .unwrap_err();
        assert!(wrong.to_string().contains("databaseMaxConnections"));
    }
}
