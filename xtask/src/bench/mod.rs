//! `cargo xtask bench`: issue 11's performance table, side by side with its
//! budgets. Builds release (server; web module with trunk), runs every row
//! on loopback, bounded in time and count, prints one line per metric
//! (`metric value unit ratio budget PASS|FAIL`) and writes docs/BENCHMARKS.md.
//!
//! One file per kind of measurement: `bundle` (a), `browser` + `browser.cjs`
//! (b–f), `sync` (g, i), `load` (h), `login` (j); `pair`, `servers`, `api`
//! and `sql` set up servers and data; `report`, `doc`, `stats`, `machine`,
//! `json` and `options` are the pure helpers, unit-tested. No timing is ever
//! asserted: a figure over budget is a FAIL line, not a failed command. The
//! command fails only when a row could not be measured at all.

mod api;
mod browser;
mod bundle;
mod doc;
mod json;
mod load;
mod login;
mod machine;
mod options;
mod pair;
mod report;
mod scale;
mod servers;
mod sql;
mod stats;
mod sync;

use crate::postgres::Cluster;
use crate::process::{self, TempDir};
use crate::stages::Stages;
use crate::{server, tools, web};
use anyhow::{bail, Context, Result};
use options::Options;
use report::{Budget, Metric, Verdict};
use servers::{Database, Engine};
use std::path::Path;
use std::time::Duration;

pub fn run(args: &[String]) -> Result<()> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        print!("{}", options::USAGE);
        return Ok(());
    }
    let options = options::parse(args)?;
    // The bench measures throughput, not the servers' abuse limits (issue 13):
    // lift them for the servers it starts (they inherit the environment).
    for (name, value) in [
        (
            "globalSettings__billingSync__loginAttemptsPerAccountPerMinute",
            "1000000",
        ),
        (
            "globalSettings__billingSync__loginAttemptsPerIpPerMinute",
            "1000000",
        ),
        (
            "globalSettings__billingSync__newOffersPerOrganizationPerDay",
            "100000000",
        ),
        (
            "globalSettings__billingSync__newOffersPerInstallationPerDay",
            "100000000",
        ),
    ] {
        std::env::set_var(name, value);
    }
    process::install_signal_handlers();
    let load_before = doc::load_average();
    let mut stages = Stages::new();
    let mut metrics = Vec::new();
    let outcome = bench(&mut stages, &options, &mut metrics);
    // Rows run in the order that shares servers best; they read a–j.
    metrics.sort_by_key(|m| m.row);
    stages.print_summary();
    println!("\n==> results (metric value unit ratio budget verdict)");
    for m in &metrics {
        println!("{}", m.line());
    }
    if !metrics.is_empty() {
        write_doc(&options, &metrics, &load_before)?;
    }
    outcome?;
    let failed: Vec<&str> = metrics
        .iter()
        .filter(|m| m.verdict() == Verdict::Error)
        .map(|m| m.name.as_str())
        .collect();
    if !failed.is_empty() {
        bail!(
            "could not measure {} (errors above and in {})",
            failed.join(", "),
            doc::PATH
        );
    }
    Ok(())
}

fn write_doc(options: &Options, metrics: &[Metric], load_before: &str) -> Result<()> {
    let machine = machine::Machine::read()?;
    let path = crate::project_root().join(doc::PATH);
    let previous = std::fs::read_to_string(&path).ok();
    let page = doc::render(
        &doc::RunInfo {
            date: &machine::now_utc(),
            commit: &machine::commit(),
            machine: &machine,
            flags: &options.describe(),
            load_before,
            load_after: &doc::load_average(),
            quick: options.quick,
        },
        metrics,
        previous.as_deref(),
    );
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(&path, page).with_context(|| format!("writing {}", path.display()))?;
    println!("\nwrote {}", path.display());
    Ok(())
}

fn bench(stages: &mut Stages, o: &Options, metrics: &mut Vec<Metric>) -> Result<()> {
    let build_web = o.needs_web() && !o.skip_web_build;
    stages.run("tools", || {
        tools::ensure_bench_tools(build_web, o.needs_browser(), o.needs_postgres())
    })?;
    if build_web {
        stages.run("web build (release)", web::build_web)?;
    }
    let bin = if o.skip_server_build {
        server::release_bin()
    } else {
        stages.run("server build (release)", server::build_release)?
    };
    anyhow::ensure!(bin.is_file(), "no release server at {}", bin.display());
    let tmp = TempDir::new("billing-sync-bench")?;
    let dist = web::dist_dir();
    if o.runs('a') {
        let row = stages.run("a: first screen weight", || bundle::measure(&dist));
        metrics.push(row.unwrap_or_else(|e| failed('a', "first_screen_gzip9", "KB", &e)));
    }
    if o.needs_browser() {
        let rows = stages.run("b-f: browser", || {
            let data = tmp.path().join("browser");
            std::fs::create_dir_all(&data)?;
            let db = Database::create(Engine::Sqlite, &data, None, "")?;
            servers::add_user(&bin, &data, &db, "bench@acme.test", "Bench")?;
            let server = servers::start(&bin, "cloud", &data, db, &dist, &[])?;
            browser::measure(server.addr(), o)
        });
        metrics.extend(rows.unwrap_or_else(|e| vec![failed('b', "browser_rows", "-", &e)]));
    }
    if o.runs('h') || o.runs('j') {
        let rows = stages.run("h, j: sync endpoint load and logins", || {
            load_and_login(&bin, tmp.path(), &dist, o)
        });
        metrics
            .extend(rows.unwrap_or_else(|e| vec![failed('h', "sync_endpoint_and_login", "-", &e)]));
    }
    if o.runs('g') || o.runs('i') {
        sync_rows(stages, &bin, tmp.path(), &dist, o, metrics)?;
    }
    if o.runs('k') {
        let rows = stages.run("k: sync endpoint on one and two replicas", || {
            let cluster = Cluster::start()?;
            scale::measure(&bin, tmp.path(), &dist, &cluster, o)
        });
        metrics.extend(rows.unwrap_or_else(|e| vec![failed('k', "scale_out", "-", &e)]));
    }
    Ok(())
}

/// An error row for a measurement that could not run.
fn failed(row: char, name: &str, unit: &'static str, error: &anyhow::Error) -> Metric {
    Metric::failed(row, name, unit, Budget::Report, &format!("{error:#}"))
}

fn load_and_login(bin: &Path, tmp: &Path, dist: &Path, o: &Options) -> Result<Vec<Metric>> {
    let dir = tmp.join("load");
    let cloud = pair::start_cloud(
        bin,
        &dir,
        Database::Sqlite(dir.join("billing-sync.db")),
        dist,
        load::INSTALLATIONS,
        &[],
    )?;
    let mut rows = Vec::new();
    if o.runs('h') {
        rows.extend(load::measure(&cloud, Duration::from_secs(o.load_secs))?);
    }
    if o.runs('j') {
        rows.extend(login::measure(&cloud, Duration::from_secs(o.login_secs))?);
    }
    Ok(rows)
}

/// Rows g and i: per engine a `--rows` sync (with the raw baseline for g),
/// then a `--rows-large` sync on SQLite for i.
fn sync_rows(
    stages: &mut Stages,
    bin: &Path,
    tmp: &Path,
    dist: &Path,
    o: &Options,
    metrics: &mut Vec<Metric>,
) -> Result<()> {
    let cluster = if o.needs_postgres() {
        Some(stages.run("PostgreSQL cluster", Cluster::start)?)
    } else {
        None
    };
    let timeout = Duration::from_secs(o.sync_timeout_secs);
    let engines: &[Engine] = if o.postgres {
        &[Engine::Sqlite, Engine::Postgres]
    } else {
        &[Engine::Sqlite]
    };
    let mut sqlite_run = None;
    for &engine in engines {
        let label = format!("g, i: sync {} on {}", o.rows, engine.name());
        let outcome = stages.run(&label, || {
            let dir = tmp.join(format!("sync-{}-{}", engine.name(), o.rows));
            let run = sync::run(bin, &dir, engine, cluster.as_ref(), dist, o.rows, timeout)?;
            let mut rows = Vec::new();
            if o.runs('g') {
                let base = sync::baselines(
                    bin,
                    &tmp.join(format!("raw-{}", engine.name())),
                    cluster.as_ref(),
                    &run,
                )?;
                rows.extend(sync::throughput_metrics(&run, &base));
            }
            if o.runs('i') {
                rows.extend(sync::memory_metrics(&run, None));
            }
            // The data of a finished run is not needed any more (1M rows is large).
            let _ = std::fs::remove_dir_all(&dir);
            Ok((run, rows))
        });
        match outcome {
            Ok((run, rows)) => {
                metrics.extend(rows);
                if engine == Engine::Sqlite {
                    sqlite_run = Some(run);
                }
            }
            Err(e) => metrics.push(failed(
                'g',
                &format!("sync_{}_{}", sync::count_label(o.rows), engine.name()),
                "rows/s",
                &e,
            )),
        }
        if process::interrupted() {
            bail!("interrupted");
        }
    }
    if o.runs('i') && o.rows_large != o.rows {
        let label = format!("i: sync {} on sqlite (memory)", o.rows_large);
        let outcome = stages.run(&label, || {
            let dir = tmp.join(format!("sync-sqlite-{}", o.rows_large));
            let run = sync::run(bin, &dir, Engine::Sqlite, None, dist, o.rows_large, timeout)?;
            let _ = std::fs::remove_dir_all(&dir);
            Ok(sync::memory_metrics(&run, sqlite_run.as_ref()))
        });
        metrics.extend(outcome.unwrap_or_else(|e| {
            vec![failed(
                'i',
                &format!("peak_rss_{}_sqlite", sync::count_label(o.rows_large)),
                "MB",
                &e,
            )]
        }));
    }
    Ok(())
}
