//! Driving the `billing-sync-server` binary: building it, running its admin
//! commands (seeding), and running it as a guarded background server whose
//! output goes to a log file (errors and warnings are echoed to the console).

use crate::process::{self, Guarded};
use crate::{cargo, target_dir};
use anyhow::{bail, Context, Result};
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const PACKAGE: &str = "billing-sync-server";

/// `cargo build -p billing-sync-server` (debug); returns the binary's path.
pub fn build_debug() -> Result<PathBuf> {
    process::run(cargo().args(["build", "-p", PACKAGE]))?;
    Ok(target_dir().join("debug").join(PACKAGE))
}

/// The server's release build (the workspace's `server` profile: the
/// `release` profile tuned for a native server, see Cargo.toml).
pub const RELEASE_PROFILE: &str = "server";

/// `cargo build --profile server -p billing-sync-server`; returns the
/// binary's path.
pub fn build_release() -> Result<PathBuf> {
    process::run(cargo().args(["build", "--profile", RELEASE_PROFILE, "-p", PACKAGE]))?;
    Ok(release_bin())
}

/// Where [`build_release`] puts the binary.
pub fn release_bin() -> PathBuf {
    target_dir().join(RELEASE_PROFILE).join(PACKAGE)
}

/// Runs one admin command (`user add …`, `org create …`) against `data_dir`
/// and returns its stdout. `label` is what is printed instead of the command
/// line, which may contain a password.
pub fn admin(bin: &Path, data_dir: &Path, label: &str, args: &[String]) -> Result<String> {
    println!("  {label}");
    let out = Command::new(bin)
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("running {}", bin.display()))?;
    if !out.status.success() {
        bail!(
            "`{label}` failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A server started by xtask. Dropping it stops the process.
pub struct Server {
    pub role: &'static str,
    pub addr: SocketAddr,
    pub log: PathBuf,
    process: Guarded,
}

impl Server {
    /// Starts `bin --data-dir <data_dir> --role <role> --listen <addr> --web-dist <dist> <extra…>`,
    /// writing stdout+stderr to `log` (truncated).
    pub fn start(
        bin: &Path,
        role: &'static str,
        data_dir: &Path,
        addr: SocketAddr,
        dist: &Path,
        log: &Path,
        extra: &[String],
    ) -> Result<Server> {
        let log_file = File::create(log).with_context(|| format!("creating {}", log.display()))?;
        let mut cmd = Command::new(bin);
        cmd.arg("--data-dir")
            .arg(data_dir)
            .args(["--role", role, "--listen", &addr.to_string()])
            .arg("--web-dist")
            .arg(dist)
            .args(extra)
            // Plain text logs: they go to a file and are grepped for levels.
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        println!(
            "starting {role} server on http://{addr} (log: {})",
            log.display()
        );
        let mut process = Guarded::spawn(role, &mut cmd)?;
        let sink = Arc::new(Mutex::new(log_file));
        if let Some(out) = process.take_stdout() {
            copy_to_log(role, out, Arc::clone(&sink));
        }
        if let Some(err) = process.take_stderr() {
            copy_to_log(role, err, sink);
        }
        Ok(Server {
            role,
            addr,
            log: log.to_path_buf(),
            process,
        })
    }

    /// Polls `GET /alive` until it answers 200. Fails after `timeout` or when
    /// the process exits, showing the end of the server log.
    pub fn wait_alive(&mut self, timeout: Duration) -> Result<()> {
        let start = Instant::now();
        loop {
            if let Some(status) = self.process.exited()? {
                bail!(
                    "{} server exited ({status}) before it was ready; end of {}:\n{}",
                    self.role,
                    self.log.display(),
                    self.log_tail()
                );
            }
            if let Ok(r) = crate::http::get(self.addr, "/alive") {
                if r.status == 200 {
                    println!(
                        "{} server alive after {:.1}s",
                        self.role,
                        start.elapsed().as_secs_f64()
                    );
                    return Ok(());
                }
            }
            if start.elapsed() > timeout {
                bail!(
                    "{} server did not answer 200 on http://{}/alive within {}s; end of {}:\n{}",
                    self.role,
                    self.addr,
                    timeout.as_secs(),
                    self.log.display(),
                    self.log_tail()
                );
            }
            if process::interrupted() {
                bail!("interrupted while waiting for the {} server", self.role);
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// The exit status if the server has stopped on its own.
    pub fn exited(&mut self) -> Result<Option<std::process::ExitStatus>> {
        self.process.exited()
    }

    /// The server's process id while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.process.pid()
    }

    pub fn log_tail(&self) -> String {
        process::tail(&self.log, 30)
    }

    /// Stops the server now (SIGTERM, then SIGKILL after a grace period).
    pub fn stop(&mut self) {
        self.process.stop();
    }
}

/// Copies a child's stream into the shared log file, echoing warnings, errors
/// and panics to our stderr with the role as prefix so they are not missed.
fn copy_to_log(role: &'static str, stream: impl Read + Send + 'static, sink: Arc<Mutex<File>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(|l| l.ok()) {
            if let Ok(mut file) = sink.lock() {
                let _ = writeln!(file, "{line}");
            }
            if line.contains("ERROR") || line.contains("WARN") || line.contains("panicked") {
                eprintln!("[{role}] {line}");
            }
        }
    });
}
