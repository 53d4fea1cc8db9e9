//! Installs the external tools the build and the tests need, idempotently, on a
//! brand-new Debian machine (root, no stdin) as well as on a developer's box.
//!
//! Versions and commands follow `reference/toolchain.md`: trunk 0.21.14 and
//! wasm-bindgen-cli 0.2.130 are built with `cargo install` (there is no binary
//! source that works here), binaryen 132 comes from npm because Debian's
//! wasm-opt 108 cannot parse rustc 1.95 output, Chromium and PostgreSQL from apt.

use crate::process::{self, Guarded};
use crate::{cargo, postgres, project_root, stages::secs, target_dir};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TRUNK_VERSION: &str = "0.21.14";
const WASM_BINDGEN_VERSION: &str = "0.2.130";
const BINARYEN_VERSION: &str = "132.0.0";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Makes sure every tool is present, installing what is missing. Slow installs
/// (the two `cargo install`s, minutes) run in parallel with apt and npm.
pub fn ensure_tools(need_browser: bool, need_postgres: bool) -> Result<()> {
    put_tool_dirs_on_path()?;
    add_wasm_target()?;
    let installs = start_cargo_installs()?;

    apt_install(&missing_apt_packages(need_browser, need_postgres))?;
    ensure_npm_tools()?;
    wait_for_cargo_installs(installs)
}

/// The Debian packages still to install for npm, the browser and PostgreSQL.
fn missing_apt_packages(need_browser: bool, need_postgres: bool) -> Vec<&'static str> {
    let mut packages: Vec<&str> = Vec::new();
    if process::probe(Command::new("npm").arg("--version")).is_none() {
        packages.push("npm");
    }
    if need_browser && !(Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists()) {
        packages.extend(["chromium", "chromium-driver"]);
    }
    if need_postgres && postgres::find_bin("initdb").is_none() {
        packages.push("postgresql");
    }
    packages
}

/// npm packages the bench needs from `tools/` (pinned in its package.json
/// and lock): the headless-browser driver and the Argon2id reference.
const BENCH_NPM_PACKAGES: [&str; 2] = ["puppeteer-core", "hash-wasm"];

/// `cargo xtask bench`'s tools. With `need_web` everything the web build
/// needs (as [`ensure_tools`]); always Node and npm (the browser rows and the
/// client KDF of logins), `sqlite3` (raw SQL of the sync rows), the
/// browser and PostgreSQL as asked, and the npm packages in `tools/`.
pub fn ensure_bench_tools(need_web: bool, need_browser: bool, need_postgres: bool) -> Result<()> {
    if need_web {
        ensure_tools(need_browser, need_postgres)?;
    } else {
        put_tool_dirs_on_path()?;
    }
    let mut packages = missing_apt_packages(need_browser, need_postgres);
    if process::probe(Command::new("sqlite3").arg("--version")).is_none() {
        packages.push("sqlite3");
    }
    apt_install(&packages)?;
    let tools = project_root().join("tools");
    let present = |name: &&str| {
        tools
            .join("node_modules")
            .join(name)
            .join("package.json")
            .exists()
    };
    if BENCH_NPM_PACKAGES.iter().all(present) {
        println!("npm {} present", BENCH_NPM_PACKAGES.join(", "));
        return Ok(());
    }
    process::run(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&tools)
            .stdin(Stdio::null()),
    )
}

/// Puts `tools/node_modules/.bin` (wasm-opt 132) first on PATH and cargo's bin
/// dir (freshly installed trunk / wasm-bindgen) after it, for xtask and every
/// child. Must run before any thread is spawned (it mutates the environment).
fn put_tool_dirs_on_path() -> Result<()> {
    let old = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![
        project_root().join("tools/node_modules/.bin"),
        cargo_bin_dir(),
    ];
    dirs.extend(std::env::split_paths(&old));
    let path = std::env::join_paths(dirs).context("building PATH")?;
    std::env::set_var("PATH", path);
    Ok(())
}

/// `$CARGO_HOME/bin`, where `cargo install` puts binaries.
fn cargo_bin_dir() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from("/root/.cargo"));
    home.join("bin")
}

/// The pinned toolchain may lack the wasm target when rustup auto-install is
/// off; adding it is idempotent and takes 0.2 s when present.
fn add_wasm_target() -> Result<()> {
    process::run(
        Command::new("rustup")
            .args(["target", "add", "wasm32-unknown-unknown"])
            .current_dir(project_root())
            .stdin(Stdio::null()),
    )
    .context("adding the wasm32 target (is rustup installed?)")
}

/// The npm tools in `tools/` every `cargo xtask test` needs: binaryen's
/// wasm-opt (the web build) and the official Bitwarden CLI `bw`
/// (`@bitwarden/cli`, exact version in `tools/package.json`; the server's
/// `bw_cli` test drives it). Checked by their `.bin` entries, so a checkout
/// that gained a tool since its last `npm ci` installs again.
const NPM_TOOL_BINS: [&str; 2] = ["wasm-opt", "bw"];

/// npm packages without a command that the tests load: axe-core, injected
/// into every screen of the browser journeys. Checked by their package.json.
const NPM_TOOL_PACKAGES: [&str; 1] = ["axe-core"];

/// The npm tools in `tools/` (binaryen, the Bitwarden CLI, axe-core). `tools/package.json` and
/// its lock are committed; if they are missing (first ever run) they are
/// created and should be committed.
fn ensure_npm_tools() -> Result<()> {
    let tools = project_root().join("tools");
    let bin = |name: &&str| tools.join("node_modules/.bin").join(name).exists();
    let package = |name: &&str| {
        tools
            .join("node_modules")
            .join(name)
            .join("package.json")
            .exists()
    };
    if NPM_TOOL_BINS.iter().all(bin) && NPM_TOOL_PACKAGES.iter().all(package) {
        println!(
            "npm tools present: {}, {}",
            NPM_TOOL_BINS.join(", "),
            NPM_TOOL_PACKAGES.join(", ")
        );
        return Ok(());
    }
    let manifest = tools.join("package.json");
    if !manifest.exists() {
        std::fs::create_dir_all(&tools).context("creating tools/")?;
        let json = format!(
            "{{\"name\":\"billing-sync-tools\",\"private\":true,\"dependencies\":{{\"binaryen\":\"{BINARYEN_VERSION}\"}}}}\n"
        );
        std::fs::write(&manifest, json).context("writing tools/package.json")?;
        println!("created tools/package.json; commit it with tools/package-lock.json");
    }
    // `npm ci` installs exactly the lock; without a lock only `npm install` works.
    let subcommand = if tools.join("package-lock.json").exists() {
        "ci"
    } else {
        "install"
    };
    process::run(
        Command::new("npm")
            .args([subcommand, "--no-audit", "--no-fund"])
            .current_dir(&tools)
            .stdin(Stdio::null()),
    )
}

/// A `cargo install` running in the background, logging to a file.
struct Install {
    name: &'static str,
    log: PathBuf,
    child: Guarded,
}

/// Starts `cargo install` for trunk and wasm-bindgen-cli unless the exact
/// versions are already on PATH.
fn start_cargo_installs() -> Result<Vec<Install>> {
    let mut installs = Vec::new();
    if version_of("trunk") == Some(format!("trunk {TRUNK_VERSION}")) {
        println!("trunk {TRUNK_VERSION} present");
    } else {
        let mut cmd = cargo_install(&[
            "trunk",
            "--version",
            &format!("={TRUNK_VERSION}"),
            "--locked",
        ]);
        // LTO off: 4m53s instead of 7m08s, byte-identical dist/ (toolchain.md).
        cmd.env("CARGO_PROFILE_RELEASE_LTO", "false")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16");
        installs.push(spawn_install("trunk", cmd)?);
    }
    if version_of("wasm-bindgen") == Some(format!("wasm-bindgen {WASM_BINDGEN_VERSION}")) {
        println!("wasm-bindgen-cli {WASM_BINDGEN_VERSION} present");
    } else {
        // No --locked: its shipped lock pins a webpki-roots that no longer resolves.
        let cmd = cargo_install(&[
            "wasm-bindgen-cli",
            "--version",
            &format!("={WASM_BINDGEN_VERSION}"),
        ]);
        installs.push(spawn_install("wasm-bindgen-cli", cmd)?);
    }
    Ok(installs)
}

/// `<tool> --version`, trimmed, if the tool runs at all.
fn version_of(tool: &str) -> Option<String> {
    process::probe(Command::new(tool).arg("--version"))
}

/// A `cargo install` that does not see this workspace: started outside it and
/// without our target dir, so neither rust-toolchain.toml nor `target/` leak in.
fn cargo_install(args: &[&str]) -> Command {
    let mut cmd = cargo();
    cmd.arg("install")
        .args(args)
        .current_dir(std::env::temp_dir())
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .stdin(Stdio::null());
    cmd
}

fn spawn_install(name: &'static str, mut cmd: Command) -> Result<Install> {
    let dir = target_dir().join("xtask");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let log = dir.join(format!("install-{name}.log"));
    let file =
        std::fs::File::create(&log).with_context(|| format!("creating {}", log.display()))?;
    let file2 = file.try_clone().context("cloning log handle")?;
    cmd.stdout(file).stderr(file2);
    println!(
        "installing {name} in the background (a few minutes): {}",
        process::display(&cmd)
    );
    println!("  log: {}", log.display());
    let child = Guarded::spawn(name, &mut cmd)?;
    Ok(Install { name, log, child })
}

/// Waits for the background installs, printing progress every 30 s; on a
/// failure shows the end of that install's log.
fn wait_for_cargo_installs(mut installs: Vec<Install>) -> Result<()> {
    let start = Instant::now();
    let mut next_report = Duration::from_secs(30);
    while !installs.is_empty() {
        let mut still = Vec::new();
        for mut install in installs {
            match install.child.exited()? {
                Some(status) if status.success() => {
                    println!("installed {} in {}", install.name, secs(start.elapsed()));
                }
                Some(status) => bail!(
                    "cargo install {} failed ({status}); end of {}:\n{}",
                    install.name,
                    install.log.display(),
                    process::tail(&install.log, 40)
                ),
                None => still.push(install),
            }
        }
        installs = still;
        if process::interrupted() {
            bail!("interrupted while installing tools");
        }
        if !installs.is_empty() && start.elapsed() >= next_report {
            let names: Vec<&str> = installs.iter().map(|i| i.name).collect();
            println!(
                "still installing {}… {}",
                names.join(", "),
                secs(start.elapsed())
            );
            next_report += Duration::from_secs(30);
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    Ok(())
}

/// `apt-get update` once, then one non-interactive install of all `packages`.
fn apt_install(packages: &[&str]) -> Result<()> {
    if packages.is_empty() {
        return Ok(());
    }
    if !process::is_root() {
        bail!(
            "missing system packages; run as root:\n  apt-get update && apt-get install -y --no-install-recommends {}",
            packages.join(" ")
        );
    }
    println!("installing with apt: {}", packages.join(" "));
    process::run(apt_get().args(["update", "-q"]))?;
    process::run(
        apt_get()
            .args(["install", "-y", "-q", "--no-install-recommends"])
            .args(packages),
    )
}

fn apt_get() -> Command {
    let mut cmd = Command::new("apt-get");
    cmd.env("DEBIAN_FRONTEND", "noninteractive")
        .stdin(Stdio::null());
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_install_runs_outside_the_workspace() {
        let cmd = cargo_install(&["trunk"]);
        assert_eq!(cmd.get_current_dir(), Some(std::env::temp_dir().as_path()));
        let removed: Vec<_> = cmd
            .get_envs()
            .filter(|(_, v)| v.is_none())
            .map(|(k, _)| k)
            .collect();
        assert!(removed.contains(&std::ffi::OsStr::new("CARGO_TARGET_DIR")));
    }

    #[test]
    fn failed_background_install_reports_its_log() {
        let ok = spawn_install("fake-ok", sh("sleep 0.2")).expect("spawn");
        let bad = spawn_install("fake-bad", sh("echo linker exploded; exit 2")).expect("spawn");
        let err = wait_for_cargo_installs(vec![ok, bad]).expect_err("must fail");
        let msg = format!("{err:#}");
        assert!(
            msg.contains("fake-bad") && msg.contains("linker exploded"),
            "{msg}"
        );
        assert!(wait_for_cargo_installs(
            vec![spawn_install("fake-ok", sh("true")).expect("spawn")]
        )
        .is_ok());
    }

    fn sh(script: &str) -> Command {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", script]);
        cmd
    }
}
