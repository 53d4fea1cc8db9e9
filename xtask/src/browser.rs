//! chromedriver for the E2E tests: started on a free port, stopped on drop.

use crate::process::Guarded;
use crate::{free_port, target_dir, tools::CHROMEDRIVER};
use anyhow::{bail, Context, Result};
use std::net::SocketAddr;
use std::process::Command;
use std::time::{Duration, Instant};

/// A running chromedriver; dropping it stops the process.
pub struct Chromedriver {
    addr: SocketAddr,
    _process: Guarded,
}

impl Chromedriver {
    /// Starts chromedriver and waits until `/status` answers 200.
    pub fn start() -> Result<Chromedriver> {
        let port = free_port()?;
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let log = target_dir().join("xtask").join("chromedriver.log");
        std::fs::create_dir_all(target_dir().join("xtask")).context("creating target/xtask")?;
        let file =
            std::fs::File::create(&log).with_context(|| format!("creating {}", log.display()))?;
        let file2 = file.try_clone().context("cloning log handle")?;
        let mut cmd = Command::new(CHROMEDRIVER);
        cmd.arg(format!("--port={port}")).stdout(file).stderr(file2);
        println!("starting chromedriver on {addr} (log: {})", log.display());
        let mut process = Guarded::spawn("chromedriver", &mut cmd)?;
        let start = Instant::now();
        loop {
            if let Some(status) = process.exited()? {
                bail!(
                    "chromedriver exited ({status}):\n{}",
                    crate::process::tail(&log, 20)
                );
            }
            if crate::http::get(addr, "/status").is_ok_and(|r| r.status == 200) {
                return Ok(Chromedriver {
                    addr,
                    _process: process,
                });
            }
            if start.elapsed() > Duration::from_secs(30) {
                bail!(
                    "chromedriver not ready after 30s:\n{}",
                    crate::process::tail(&log, 20)
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The WebDriver URL to give to fantoccini.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}
