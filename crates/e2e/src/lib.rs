//! End-to-end harness: real server processes on free loopback ports with
//! temp data dirs, seeded through the server's own CLI, and the real web
//! module in headless Chromium driven over WebDriver (fantoccini).
//!
//! Environment (set by `cargo xtask test`; defaults work after `cargo xtask demo`):
//! - `BILLING_SYNC_SERVER_BIN`: the server binary (default `target/debug/billing-sync-server`).
//! - `BILLING_SYNC_DIST`: the built web module (default `dist/`).
//! - `WEBDRIVER_URL`: a running chromedriver; without it the harness starts its own.
//!
//! On failure a journey saves a screenshot and the page HTML under
//! `target/e2e-artifacts/` and prints the tail of every server's log.

pub mod axe;
mod browser;
pub mod bw;
mod fixtures;
mod host;
pub mod keyboard;
mod screen_checks;
mod server;
pub mod smtp;

pub use browser::{Browser, WAIT};
pub use fixtures::{
    log_in, log_in_here, open_subscription, wait_for_file, CloudAndSelfHosted, LICENSE_FILE,
};
pub use host::HostPage;
pub use server::{Installation, Server, ServerRole};

use std::path::PathBuf;

/// The workspace root (two levels above this crate).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.."))
}

/// Where failure screenshots and page dumps go.
pub fn artifacts_dir() -> PathBuf {
    workspace_root().join("target/e2e-artifacts")
}

/// A free loopback port (bound, then released for the child to take).
pub fn free_port() -> anyhow::Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

/// The demo users' password in the journeys.
pub const PASSWORD: &str = "correct horse battery staple";

/// Runs a journey: on error, saves a screenshot + HTML and prints server logs, then fails.
pub async fn journey<F, Fut>(
    name: &str,
    servers: &[&Server],
    browser: &Browser,
    body: F,
) -> anyhow::Result<()>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    journey_in(name, servers, &[("", browser)], body).await
}

/// Like [`journey`] with several browsers (e.g. the cloud owner's and the
/// self-hosted owner's); on failure each one's page is saved as
/// `<name>-<label>`.
pub async fn journey_in<F, Fut>(
    name: &str,
    servers: &[&Server],
    browsers: &[(&str, &Browser)],
    body: F,
) -> anyhow::Result<()>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    let result = body().await;
    if let Err(error) = &result {
        eprintln!("journey {name} failed: {error:#}");
        for (label, browser) in browsers {
            let file = if label.is_empty() {
                name.to_owned()
            } else {
                format!("{name}-{label}")
            };
            match browser.save_artifacts(&file).await {
                Ok(path) => eprintln!(
                    "screenshot and page saved as {}.{{png,html}}",
                    path.display()
                ),
                Err(e) => eprintln!("could not save a screenshot: {e:#}"),
            }
        }
        for server in servers {
            eprintln!(
                "---- last lines of the {} server log ----\n{}",
                server.role.name(),
                server.log_tail(40)
            );
        }
    }
    result
}
