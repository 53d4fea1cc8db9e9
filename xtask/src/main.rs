//! `cargo xtask <task>`: the project's automation (see README.md).
//!
//! - `demo`  builds everything and runs a seeded cloud + self-hosted server pair.
//! - `test`  runs every check CI runs (`.ci/run`), stage by stage, with a summary.
//! - `screenshots` writes docs/screenshots/ from the browser journeys.
//! - `bench` measures issue 11's table (weight, browser, KDF, sync, load, memory,
//!   login) on release builds and writes docs/BENCHMARKS.md.
//!
//! Tasks are hand-parsed (no clap) to keep xtask's own compile time near zero.

mod bench;
mod browser;
mod demo;
mod embed;
mod http;
mod postgres;
mod precompress;
mod process;
mod screenshots;
mod server;
mod stages;
mod test;
mod tools;
mod web;

#[cfg(test)]
mod tidy;

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

const HELP: &str = "\
usage: cargo xtask <task>

tasks:
  demo    install tools, build the web module and the server, seed demo data,
          run cloud (http://127.0.0.1:8080) and self-hosted (http://127.0.0.1:8090)
          until Ctrl-C
  test    everything CI runs: tools, fmt, clippy, native tests (SQLite),
          server tests on a throwaway PostgreSQL, wasm tests in Chromium, E2E
  bench   release builds: first-screen weight, browser load and KDF timings,
          sponsorship sync (SQLite, PostgreSQL), sync endpoint load, memory,
          login rate; prints one line per metric, writes docs/BENCHMARKS.md
          (`cargo xtask bench --help` for its flags)
  screenshots
          the browser journeys with pictures on: PNGs of every screen they
          check, in English and Dutch, into docs/screenshots/ (README)
  web     the web build alone (trunk into dist/, the embeddable module in
          dist/embed/v1/, .br/.gz variants, sizes); tools must be installed
";

fn main() {
    if let Err(e) = try_main() {
        eprintln!("\nerror: {e:#}");
        std::process::exit(1);
    }
}

fn try_main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(task) = args.first() else {
        print!("{HELP}");
        return Ok(());
    };
    if args.len() > 1 && task != "bench" {
        bail!(
            "`{task}` takes no arguments, got {:?}\n\n{HELP}",
            &args[1..]
        );
    }
    // Relative paths in every task (dist/, target/) are taken from the root,
    // whatever directory `cargo xtask` was started in.
    std::env::set_current_dir(project_root()).context("cd to the project root")?;
    match task.as_str() {
        "demo" => demo::run(),
        "test" => test::run(),
        "bench" => bench::run(&args[1..]),
        "screenshots" => screenshots::run(),
        // The same tools as `test` and `demo` (trunk, wasm-bindgen, npm's
        // wasm-opt on PATH): without them trunk fails offline.
        "web" => tools::ensure_tools(false, false).and_then(|()| web::build_web()),
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(())
        }
        other => bail!("unknown task `{other}`\n\n{HELP}"),
    }
}

/// The workspace root: xtask lives in `<root>/xtask`.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The workspace's target dir (honours `CARGO_TARGET_DIR`).
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => project_root().join("target"),
    }
}

/// `cargo` as the one that runs us (`CARGO`), so the pinned toolchain is used.
pub fn cargo() -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(project_root());
    cmd
}

/// A TCP port that was free a moment ago on 127.0.0.1.
pub fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")
        .context("binding 127.0.0.1:0 to find a free port")?;
    Ok(listener
        .local_addr()
        .context("reading the bound port")?
        .port())
}
