//! A throwaway PostgreSQL cluster for the server's PostgreSQL test run:
//! `initdb` into a temp dir, `pg_ctl start` on a free loopback port, and a
//! `Drop` that stops it (`pg_ctl stop -m fast`) and deletes the directory.
//!
//! PostgreSQL refuses to run as root, so as root the cluster belongs to a
//! system user `billing-sync-pg` (created on first use) and every PostgreSQL
//! command runs through `runuser`.

use crate::process::{self, TempDir};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The system user that owns the cluster when xtask runs as root.
const PG_USER: &str = "billing-sync-pg";

/// Finds a PostgreSQL program: PATH, /usr/local/bin, then Debian's
/// `/usr/lib/postgresql/<version>/bin` (newest version first).
pub fn find_bin(name: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    dirs.push(PathBuf::from("/usr/local/bin"));
    dirs.extend(debian_bin_dirs());
    dirs.into_iter().map(|d| d.join(name)).find(|p| p.is_file())
}

/// `/usr/lib/postgresql/*/bin`, highest major version first.
fn debian_bin_dirs() -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir("/usr/lib/postgresql") else {
        return Vec::new();
    };
    let mut versions: Vec<(u32, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let major = e.file_name().to_str()?.parse::<u32>().ok()?;
            Some((major, e.path().join("bin")))
        })
        .collect();
    versions.sort_by_key(|v| std::cmp::Reverse(v.0));
    versions.into_iter().map(|(_, dir)| dir).collect()
}

/// A running throwaway cluster; dropping it stops the server and removes its files.
pub struct Cluster {
    /// Temp dir holding `data/`, the unix socket and `postgres.log`; declared
    /// so it is removed after `Drop::drop` has stopped the server.
    dir: TempDir,
    /// Directory of initdb, so pg_ctl/psql of the same version are used.
    bin: PathBuf,
    port: u16,
    started: bool,
}

impl Cluster {
    /// Creates, starts and waits for a new cluster (superuser `postgres`,
    /// trust auth, loopback only, fsync off: it is thrown away).
    pub fn start() -> Result<Cluster> {
        let initdb = find_bin("initdb")
            .context("PostgreSQL's initdb not found (apt-get install postgresql)")?;
        // /usr/local/bin/initdb is a symlink into /usr/lib/postgresql/<v>/bin:
        // the real directory also holds pg_ctl and psql of the same version.
        let initdb = std::fs::canonicalize(&initdb).unwrap_or(initdb);
        let bin = initdb
            .parent()
            .map(Path::to_path_buf)
            .context("initdb has no parent dir")?;
        let dir = TempDir::new("billing-sync-pg")?;
        let mut cluster = Cluster {
            dir,
            bin,
            port: crate::free_port()?,
            started: false,
        };
        if process::is_root() {
            ensure_pg_user()?;
            chown_to_pg_user(cluster.dir.path())?;
        }
        cluster.init()?;
        cluster.launch()?;
        Ok(cluster)
    }

    /// Base URL for the server tests (they create their own databases/schemas).
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn log(&self) -> PathBuf {
        self.dir.path().join("postgres.log")
    }

    fn init(&self) -> Result<()> {
        let mut cmd = self.pg_command("initdb");
        cmd.arg("-D").arg(self.data());
        cmd.args([
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        ]);
        // initdb is chatty (a dozen lines); its output only matters on failure.
        let out = cmd.output().context("running initdb")?;
        if !out.status.success() {
            bail!(
                "initdb failed ({}):\n{}{}",
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(())
    }

    /// `pg_ctl start -w`: returns once the server accepts connections.
    fn launch(&mut self) -> Result<()> {
        let options = format!(
            "-k {} -c listen_addresses=127.0.0.1 -p {} -c fsync=off -c full_page_writes=off",
            self.dir.path().display(),
            self.port
        );
        let mut cmd = self.pg_command("pg_ctl");
        cmd.arg("-D").arg(self.data()).arg("-l").arg(self.log());
        cmd.args(["-w", "-t", "60", "-o", &options, "start"]);
        // pg_ctl waits for the postmaster; quiet unless it fails.
        let out = cmd.output().context("running pg_ctl start")?;
        // Even a failed start may have left a postmaster behind: let Drop try.
        self.started = true;
        if !out.status.success() {
            bail!(
                "pg_ctl start failed ({}); end of {}:\n{}",
                out.status,
                self.log().display(),
                process::tail(&self.log(), 30)
            );
        }
        println!(
            "PostgreSQL running at {} (data in {})",
            self.url(),
            self.dir.path().display()
        );
        Ok(())
    }

    /// A PostgreSQL program of this cluster's version, run as the PostgreSQL
    /// user when we are root. stdin is closed: nothing may prompt.
    fn pg_command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        let mut cmd = if process::is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", PG_USER, "--"]).arg(path);
            c
        } else {
            Command::new(path)
        };
        // Run from the cluster dir: the PostgreSQL user may not read our cwd.
        cmd.current_dir(self.dir.path()).stdin(Stdio::null());
        cmd
    }

    /// Runs `psql -c <sql>` against the cluster (used by the self-test).
    #[cfg(test)]
    fn psql(&self, sql: &str) -> Result<String> {
        let mut cmd = self.pg_command("psql");
        cmd.args([
            "-X",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            sql,
            &self.url(),
        ]);
        let out = cmd.output().context("running psql")?;
        if !out.status.success() {
            bail!("psql failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if self.started {
            let mut cmd = self.pg_command("pg_ctl");
            cmd.arg("-D")
                .arg(self.data())
                .args(["-m", "fast", "-w", "stop"]);
            match cmd.output() {
                Ok(out) if out.status.success() => {
                    println!("stopped PostgreSQL on port {}", self.port)
                }
                Ok(out) => eprintln!(
                    "pg_ctl stop: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                ),
                Err(e) => eprintln!("pg_ctl stop could not run: {e}"),
            }
        }
        // `self.dir` (a TempDir) removes the files when the fields drop next.
    }
}

/// Creates the `billing-sync-pg` system user unless it exists.
fn ensure_pg_user() -> Result<()> {
    if process::probe(Command::new("id").args(["-u", PG_USER])).is_some() {
        return Ok(());
    }
    process::run(
        Command::new("useradd")
            .args([
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                PG_USER,
            ])
            .stdin(Stdio::null()),
    )
}

fn chown_to_pg_user(dir: &Path) -> Result<()> {
    let id = |flag: &str| -> Result<u32> {
        process::probe(Command::new("id").args([flag, PG_USER]))
            .with_context(|| format!("`id {flag} {PG_USER}` failed"))?
            .parse::<u32>()
            .context("parsing id output")
    };
    std::os::unix::fs::chown(dir, Some(id("-u")?), Some(id("-g")?))
        .with_context(|| format!("chown {} to {PG_USER}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Starts a real cluster, queries it, and checks that dropping the guard
    /// stops the server and deletes the files. Needs PostgreSQL installed,
    /// which `cargo xtask test` ensures before running the test suites.
    #[test]
    fn throwaway_cluster_starts_answers_and_cleans_up() -> Result<()> {
        if find_bin("initdb").is_none() {
            eprintln!("PostgreSQL not installed; `cargo xtask test` installs it");
            return Ok(());
        }
        let cluster = Cluster::start()?;
        assert_eq!(cluster.psql("select 40 + 2")?, "42");
        let (dir, port) = (cluster.dir.path().to_path_buf(), cluster.port);
        drop(cluster);
        assert!(!dir.exists(), "{} should be deleted", dir.display());
        assert!(
            std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
            "port {port} should be closed"
        );
        Ok(())
    }
}
