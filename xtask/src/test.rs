//! `cargo xtask test`: everything CI runs (`.ci/run`), as timed stages. It
//! stops at the first failing stage and always prints the summary of the
//! stages run so far, with every `test result:` line.

use crate::browser::Chromedriver;
use crate::postgres::Cluster;
use crate::process;
use crate::stages::Stages;
use crate::{cargo, server, tools, web};
use anyhow::Result;

/// Package names (see the workspace Cargo.toml).
const WEB: &str = "billing-sync-web";
/// The Argon2id worker: its tests also run on wasm32, the only target
/// where its SIMD `G` is compiled.
const KDF_WORKER: &str = "billing-sync-kdf-worker";
const E2E: &str = "billing-sync-e2e";

/// Environment variables read by the test suites (see README.md).
pub const POSTGRES_URL_VAR: &str = "BILLING_SYNC_TEST_POSTGRES_URL";
pub const WEBDRIVER_URL_VAR: &str = "WEBDRIVER_URL";
pub const DIST_VAR: &str = "BILLING_SYNC_DIST";
pub const SERVER_BIN_VAR: &str = "BILLING_SYNC_SERVER_BIN";

pub fn run() -> Result<()> {
    process::install_signal_handlers();
    let mut stages = Stages::new();
    let outcome = all_stages(&mut stages);
    stages.print_summary();
    match &outcome {
        Ok(()) => println!("\nall stages passed"),
        Err(e) => eprintln!("\nFAILED: {e:#}"),
    }
    outcome
}

fn all_stages(stages: &mut Stages) -> Result<()> {
    stages.run("tools", || tools::ensure_tools(true, true))?;
    stages.run("fmt", || {
        process::run(cargo().args(["fmt", "--all", "--", "--check"]))
    })?;
    stages.run("clippy (native)", || {
        process::run(cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    stages.run("clippy (wasm)", || {
        process::run(cargo().args([
            "clippy",
            "-p",
            WEB,
            "--target",
            "wasm32-unknown-unknown",
            "--tests",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    stages.run_tests("native tests (SQLite)", native_tests)?;
    stages.run_tests("server tests (PostgreSQL)", postgres_tests)?;
    stages.run("web build", web::build_web)?;
    stages.run_tests("wasm tests (Chromium, Node)", wasm_tests)?;
    let bin = stages.run("server build", build_server_as_tested)?;
    stages.run_tests("e2e (Chromium)", || e2e_tests(&bin))
}

/// The native packages, named the same way by every native stage. Cargo
/// unifies dependency features over the packages a command selects, so
/// `-p billing-sync-server` in one stage and `--workspace` in another compiled
/// every dependency (serde, tokio, hyper, sqlx, …) twice; with one selection
/// each later stage reuses the first one's build. E2E is left out of the
/// selection to keep it out of the SQLite and PostgreSQL runs; selecting it
/// later with `--test 'journey_*'` changes only a few features (measured:
/// reqwest, hyper-rustls and tokio-rustls recompile), not the whole tree.
const NATIVE: [&str; 5] = ["--workspace", "--exclude", WEB, "--exclude", E2E];

/// Every native crate's tests on the default SQLite storage. The web module
/// is left out (its tests only exist on wasm32; natively it compiles yew for
/// nothing), and so is E2E, which needs dist/ and a browser (later stage).
fn native_tests() -> Result<Vec<String>> {
    process::run_tee_test_results(cargo().arg("test").args(NATIVE))
}

/// The server's suites that do not touch storage in a way the engine could
/// change: a client's view (the official CLI), the OpenAPI document, static
/// files, CORS and security headers, and parser fuzzing. They run once, in the
/// SQLite stage; `bw_cli` alone takes close to 3 minutes. A new suite runs on
/// both engines until it is named here.
const STORAGE_INDEPENDENT: [&str; 6] = [
    "bw_cli",
    "openapi",
    "web_assets",
    "cors",
    "hardening",
    "fuzz",
];

/// The server's integration test targets in `tests_dir` (a file `NAME.rs` or
/// a folder `NAME/main.rs`; `common/` is shared code) that are not
/// [`STORAGE_INDEPENDENT`], sorted.
fn storage_test_targets(tests_dir: &std::path::Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(tests_dir)? {
        let path = entry?.path();
        let name = if path.is_dir() && path.join("main.rs").is_file() {
            path.file_name()
        } else if path.extension().is_some_and(|e| e == "rs") {
            path.file_stem()
        } else {
            None
        };
        if let Some(name) = name.and_then(|n| n.to_str()) {
            if !STORAGE_INDEPENDENT.contains(&name) {
                names.push(name.to_owned());
            }
        }
    }
    names.sort();
    Ok(names)
}

/// The tests that can behave differently on PostgreSQL, against a throwaway
/// cluster: every crate's unit tests (the server's stores have some; the
/// others take seconds) and the server's integration suites but
/// [`STORAGE_INDEPENDENT`]. Each test server creates its own database or
/// schema from the base URL.
fn postgres_tests() -> Result<Vec<String>> {
    let tests_dir = crate::project_root().join("crates/server/tests");
    let targets = storage_test_targets(&tests_dir)?;
    anyhow::ensure!(
        !targets.is_empty(),
        "no server test suites in {}",
        tests_dir.display()
    );
    let cluster = Cluster::start()?;
    let mut command = cargo();
    command.arg("test").args(NATIVE).arg("--lib");
    for target in &targets {
        command.args(["--test", target]);
    }
    let results = process::run_tee_test_results(command.env(POSTGRES_URL_VAR, cluster.url()));
    drop(cluster);
    results
}

/// The server binary exactly as the native tests built it (cargo builds a
/// package's binaries for its integration tests): `cargo build -p …` would
/// resolve other features and compile the server and its dependencies again.
pub fn build_server_as_tested() -> Result<std::path::PathBuf> {
    process::run(cargo().args(["test", "--no-run"]).args(NATIVE))?;
    let bin = crate::target_dir().join("debug").join(server::PACKAGE);
    anyhow::ensure!(bin.is_file(), "no server binary at {}", bin.display());
    Ok(bin)
}

/// wasm-bindgen tests (runner from .cargo/config.toml): the web module's
/// in headless Chromium, the Argon2id worker's in Node (they need no page).
/// One cargo invocation, so the two share their dependencies' build.
fn wasm_tests() -> Result<Vec<String>> {
    process::run_tee_test_results(
        cargo()
            .args([
                "test",
                "--target",
                "wasm32-unknown-unknown",
                "--tests",
                "-p",
                WEB,
                "-p",
                KDF_WORKER,
            ])
            .env("CHROMEDRIVER", tools::CHROMEDRIVER),
    )
}

/// The journeys only, with the native stages' feature set (see [`NATIVE`]).
pub const E2E_JOURNEYS: [&str; 6] = [
    "test",
    "--workspace",
    "--exclude",
    WEB,
    "--test",
    "journey_*",
];

/// The browser journeys: the e2e tests start their own servers from `bin`
/// and serve `dist/`; we provide chromedriver.
fn e2e_tests(bin: &std::path::Path) -> Result<Vec<String>> {
    let driver = Chromedriver::start()?;
    process::run_tee_test_results(
        cargo()
            .args(E2E_JOURNEYS)
            .env(WEBDRIVER_URL_VAR, driver.url())
            .env(DIST_VAR, web::dist_dir())
            .env(SERVER_BIN_VAR, bin),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_stage_runs_every_storage_suite_and_skips_the_named_ones() {
        let dir = std::env::temp_dir().join(format!("xtask-pg-targets-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for folder in ["common", "scale_out", "notes"] {
            std::fs::create_dir_all(dir.join(folder)).unwrap();
        }
        for file in ["common/mod.rs", "scale_out/main.rs", "notes/readme.txt"] {
            std::fs::write(dir.join(file), "").unwrap();
        }
        for file in [
            "faults.rs",
            "bw_cli.rs",
            "openapi.rs",
            "identity.rs",
            "README.md",
        ] {
            std::fs::write(dir.join(file), "").unwrap();
        }
        let targets = storage_test_targets(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(targets, ["faults", "identity", "scale_out"]);
    }

    #[test]
    fn every_storage_independent_suite_exists() {
        let dir = crate::project_root().join("crates/server/tests");
        for name in STORAGE_INDEPENDENT {
            assert!(
                dir.join(format!("{name}.rs")).is_file(),
                "no suite {name} in {}",
                dir.display()
            );
        }
        let targets = storage_test_targets(&dir).unwrap();
        assert!(targets.iter().any(|t| t == "faults"), "{targets:?}");
        assert!(!targets.iter().any(|t| t == "bw_cli"), "{targets:?}");
    }
}
