//! `cargo xtask screenshots`: the README's pictures, from the real product.
//!
//! The browser journeys already walk every screen against real servers
//! seeded like the demo (cloud and self-hosted, paired), and stop at each
//! screen to check it (`Browser::check_screen`). With
//! `BILLING_SYNC_SCREENSHOTS` set, every such stop also writes
//! `<name>-en.png` and `<name>-nl.png` into that folder, switching the
//! module's language for the second picture where the screen has the
//! language switch. So the pictures and the tested screens cannot drift
//! apart: a screen that changes changes its picture on the next run.

use crate::browser::Chromedriver;
use crate::test::{DIST_VAR, SERVER_BIN_VAR, WEBDRIVER_URL_VAR};
use crate::{cargo, process, project_root, tools, web};
use anyhow::{Context, Result};

/// Read by the e2e crate's `Browser::check_screen`.
pub const SCREENSHOTS_VAR: &str = "BILLING_SYNC_SCREENSHOTS";

/// Builds the web module and the server, then runs the journeys with
/// screenshots on, into `docs/screenshots/` (emptied first, so a screen
/// that no longer exists loses its picture).
pub fn run() -> Result<()> {
    process::install_signal_handlers();
    tools::ensure_tools(true, false)?;
    web::build_web()?;
    let bin = crate::test::build_server_as_tested()?;
    let out = project_root().join("docs/screenshots");
    if out.exists() {
        std::fs::remove_dir_all(&out).with_context(|| format!("emptying {}", out.display()))?;
    }
    std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
    let driver = Chromedriver::start()?;
    process::run(
        cargo()
            .args(crate::test::E2E_JOURNEYS)
            .env(WEBDRIVER_URL_VAR, driver.url())
            .env(DIST_VAR, web::dist_dir())
            .env(SERVER_BIN_VAR, &bin)
            .env(SCREENSHOTS_VAR, &out),
    )?;
    let count = std::fs::read_dir(&out)?.count();
    println!("{count} screenshots in {}", out.display());
    Ok(())
}
