//! The bench's servers and databases: a release server on a free loopback
//! port with its data dir and database (SQLite in the data dir, or a fresh
//! database on the throwaway PostgreSQL cluster), admin commands against the
//! same database, and raw SQL through the engines' own CLIs (`sqlite3`,
//! `psql`) for seeding and the bulk-upsert baseline.

use crate::server::{self, Server};
use crate::{free_port, postgres};
use anyhow::{Context, Result};
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The database engines the sync rows run on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

/// One server's database.
#[derive(Clone, Debug)]
pub enum Database {
    /// The server's default: `billing-sync.db` in its data dir.
    Sqlite(PathBuf),
    /// A database URL on the bench's PostgreSQL cluster.
    Postgres(String),
}

impl Database {
    /// A new empty database for the server whose data dir is `data`.
    pub fn create(
        engine: Engine,
        data: &Path,
        cluster: Option<&postgres::Cluster>,
        name: &str,
    ) -> Result<Database> {
        match engine {
            Engine::Sqlite => Ok(Database::Sqlite(data.join("billing-sync.db"))),
            Engine::Postgres => {
                let cluster = cluster.context("PostgreSQL rows need the cluster")?;
                let base = cluster.url();
                psql(&base, &format!("CREATE DATABASE {name};"))?;
                let url = match base.rsplit_once('/') {
                    Some((server, _)) => format!("{server}/{name}"),
                    None => anyhow::bail!("unexpected cluster URL {base}"),
                };
                Ok(Database::Postgres(url))
            }
        }
    }

    /// `--database-url …` for the server and its admin commands (SQLite
    /// needs none: the data dir decides).
    pub fn flags(&self) -> Vec<String> {
        match self {
            Database::Sqlite(_) => Vec::new(),
            Database::Postgres(url) => vec!["--database-url".to_string(), url.clone()],
        }
    }

    /// Runs an SQL script with the engine's CLI, stopping at the first error;
    /// returns how long the CLI took.
    pub fn execute(&self, sql: &str) -> Result<Duration> {
        let mut cmd = match self {
            Database::Sqlite(file) => {
                let mut cmd = Command::new("sqlite3");
                cmd.arg("-bail").arg(file);
                cmd
            }
            Database::Postgres(url) => psql_command(url),
        };
        let script = match self {
            // The server may hold the database: wait for its locks.
            Database::Sqlite(_) => format!(".timeout 60000\n{sql}"),
            Database::Postgres(_) => sql.to_string(),
        };
        run_script(&mut cmd, &script)
    }
}

impl Database {
    /// The first column of the first row of a query, as text.
    pub fn query_one(&self, sql: &str) -> Result<String> {
        let mut cmd = match self {
            Database::Sqlite(file) => {
                let mut cmd = Command::new("sqlite3");
                cmd.arg(file).arg(sql);
                cmd
            }
            Database::Postgres(url) => {
                let mut cmd = psql_command(url);
                cmd.args(["-A", "-t", "-c", sql]);
                cmd
            }
        };
        let out = cmd
            .stdin(Stdio::null())
            .output()
            .context("running the database CLI")?;
        anyhow::ensure!(
            out.status.success(),
            "query failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
        Ok(String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string())
    }
}

fn psql_command(url: &str) -> Command {
    let psql = postgres::find_bin("psql").unwrap_or_else(|| PathBuf::from("psql"));
    let mut cmd = Command::new(psql);
    cmd.args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url]);
    cmd
}

fn psql(url: &str, sql: &str) -> Result<Duration> {
    run_script(&mut psql_command(url), sql)
}

/// Feeds `script` to `cmd`'s stdin and times it until it exits.
fn run_script(cmd: &mut Command, script: &str) -> Result<Duration> {
    let shown = crate::process::display(cmd);
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("starting `{shown}`"))?;
    let mut stdin = child.stdin.take().context("stdin not piped")?;
    stdin
        .write_all(script.as_bytes())
        .with_context(|| format!("writing SQL to `{shown}`"))?;
    drop(stdin);
    let out = child
        .wait_with_output()
        .with_context(|| format!("waiting for `{shown}`"))?;
    let took = start.elapsed();
    anyhow::ensure!(
        out.status.success(),
        "`{shown}` failed: {}",
        String::from_utf8_lossy(&out.stderr).trim()
    );
    Ok(took)
}

/// A release server of the bench with its data dir and database.
pub struct BenchServer {
    pub server: Server,
    pub data: PathBuf,
    pub db: Database,
}

impl BenchServer {
    pub fn addr(&self) -> SocketAddr {
        self.server.addr
    }

    pub fn pid(&self) -> Result<u32> {
        self.server.pid().context("the server is not running")
    }
}

/// Adds the account `email` (named `name`, the bench password) with the
/// server's admin command.
pub fn add_user(bin: &Path, data: &Path, db: &Database, email: &str, name: &str) -> Result<String> {
    let password = super::api::PASSWORD;
    let args = [
        "user",
        "add",
        "--email",
        email,
        "--name",
        name,
        "--password",
        password,
    ];
    admin(bin, data, db, &args)
}

/// Runs an admin command against `data`/`db`; returns its stdout.
pub fn admin(bin: &Path, data: &Path, db: &Database, args: &[&str]) -> Result<String> {
    let mut all = db.flags();
    all.extend(args.iter().map(|s| s.to_string()));
    let label: Vec<&str> = args
        .iter()
        .map(|a| if *a == super::api::PASSWORD { "***" } else { a })
        .collect();
    server::admin(bin, data, &label.join(" "), &all)
}

/// Starts `bin --role role` on a free port and waits until it answers.
pub fn start(
    bin: &Path,
    role: &'static str,
    data: &Path,
    db: Database,
    dist: &Path,
    extra: &[String],
) -> Result<BenchServer> {
    let addr = SocketAddr::from(([127, 0, 0, 1], free_port()?));
    let mut flags = db.flags();
    flags.extend_from_slice(extra);
    let mut server = Server::start(
        bin,
        role,
        data,
        addr,
        dist,
        &data.join("server.log"),
        &flags,
    )?;
    server.wait_alive(Duration::from_secs(60))?;
    Ok(BenchServer {
        server,
        data: data.to_path_buf(),
        db,
    })
}
