//! Rows g and i: a self-hosted server with N seeded offers syncs them to the
//! cloud ("Sync now", 1000-row batches over HTTP, both databases written),
//! timed end to end against a raw bulk upsert of N rows into a fresh
//! database of the same engine; and each server's peak RSS (`VmHWM`) over
//! the run, for N and for the large N.

use super::api;
use super::machine::peak_rss_kib;
use super::pair;
use super::report::{Budget, Metric};
use super::servers::{self, Database, Engine};
use super::sql;
use crate::postgres::Cluster;
use anyhow::{Context, Result};
use std::path::Path;
use std::time::{Duration, Instant};

/// Issue 11: end-to-end throughput at least half the raw upsert's.
const THROUGHPUT_RATIO_BUDGET: f64 = 0.5;
/// Issue 11: each server under 64 MB at any size.
const RSS_BUDGET_MB: f64 = 64.0;

/// One measured sync.
pub struct SyncRun {
    pub engine: Engine,
    pub rows: u64,
    pub took: Duration,
    /// False when the run hit the time bound (figures are then bounds).
    pub completed: bool,
    pub seed_took: Duration,
    pub cloud_peak_kib: u64,
    pub self_hosted_peak_kib: u64,
    pub cloud_start_kib: u64,
    pub self_hosted_start_kib: u64,
    /// Each server's peak when half the run's time had passed: rows go at
    /// an even pace, so what the second half adds is what memory grows
    /// with rows (flat: caches filled; per-row state: as much again).
    pub cloud_halfway_kib: u64,
    pub self_hosted_halfway_kib: u64,
    /// The average body size of the offer e-mails the cloud queued.
    pub mail_bytes: u64,
}

/// Pairs two fresh servers on `engine`, seeds `rows` offers and times one
/// sync, bounded by `timeout`.
///
/// The sync is the server's scheduled one, not "Sync now": the server ends
/// any request after 60 s (`REQUEST_TIMEOUT`), which cancels a large manual
/// run. An empty "Sync now" first makes the organization due; after seeding,
/// the self-hosted server restarts with a 1-second schedule, and the run's
/// own `started_at`/`finished_at` in `sponsorship_sync_runs` give its time.
pub fn run(
    bin: &Path,
    dir: &Path,
    engine: Engine,
    cluster: Option<&Cluster>,
    dist: &Path,
    rows: u64,
    timeout: Duration,
) -> Result<SyncRun> {
    let tag = format!("{}_{}", engine.name(), rows);
    let cloud_db = Database::create(
        engine,
        &dir.join("cloud"),
        cluster,
        &format!("bench_cloud_{tag}"),
    )?;
    let self_db = Database::create(
        engine,
        &dir.join("self-hosted"),
        cluster,
        &format!("bench_self_{tag}"),
    )?;
    let mut pair = pair::start(bin, dir, cloud_db, self_db, dist)?;
    let sync_now = format!(
        "/api/organization/sponsorship/self-hosted/{}/sync",
        pair.org
    );
    let first = api::post_json(pair.self_hosted.addr(), &sync_now, &pair.owner_token, "{}")?;
    check_answer(&first, 0).context("the first, empty sync")?;
    println!("seeding {rows} offers into the self-hosted database");
    let seed_took = pair
        .self_hosted
        .db
        .execute(&sql::seed_offers(engine, &pair.org, rows)?)?;
    pair.restart_self_hosted(
        bin,
        dist,
        &["--sponsorship-sync-interval".to_string(), "1".to_string()],
    )?;
    let (cloud_pid, self_pid) = (pair.cloud.server.pid()?, pair.self_hosted.pid()?);
    let (cloud_start_kib, self_hosted_start_kib) =
        (peak_rss_kib(cloud_pid)?, peak_rss_kib(self_pid)?);
    println!(
        "scheduled sync of {rows} sponsorships self-hosted → cloud on {} (bound {}s)",
        engine.name(),
        timeout.as_secs()
    );
    let start = Instant::now();
    let mut peaks = Vec::new();
    let (took, completed) = loop {
        peaks.push((
            start.elapsed(),
            peak_rss_kib(cloud_pid)?,
            peak_rss_kib(self_pid)?,
        ));
        let outcome = pair
            .self_hosted
            .db
            .query_one(&sql::first_scheduled_run(engine))?;
        if let Some(run) = parse_run(&outcome) {
            check_run(&run, rows)?;
            break (run.took, true);
        }
        if start.elapsed() >= timeout || crate::process::interrupted() {
            println!("sync stopped at the {}s bound", timeout.as_secs());
            break (start.elapsed(), false);
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let halfway = start.elapsed() / 2;
    let (_, cloud_halfway_kib, self_hosted_halfway_kib) = peaks
        .iter()
        .rev()
        .find(|(at, _, _)| *at <= halfway)
        .copied()
        .unwrap_or((halfway, cloud_start_kib, self_hosted_start_kib));
    let mail_bytes = pair
        .cloud
        .server
        .db
        .query_one(sql::AVERAGE_MAIL_BYTES)?
        .trim()
        .parse()
        .unwrap_or(0);
    Ok(SyncRun {
        engine,
        rows,
        took,
        completed,
        seed_took,
        mail_bytes,
        cloud_peak_kib: peak_rss_kib(cloud_pid)?,
        self_hosted_peak_kib: peak_rss_kib(self_pid)?,
        cloud_start_kib,
        self_hosted_start_kib,
        cloud_halfway_kib,
        self_hosted_halfway_kib,
    })
}

/// A finished scheduled run as `sql::first_scheduled_run` reads it.
#[derive(Debug, PartialEq)]
struct Run {
    took: Duration,
    sent: u64,
    updated: u64,
    error: String,
}

/// `seconds|sent|updated|error` of a finished run; `None` while none is.
fn parse_run(line: &str) -> Option<Run> {
    let mut parts = line.trim().splitn(4, '|');
    let secs: f64 = parts.next()?.trim().parse().ok()?;
    Some(Run {
        took: Duration::from_secs_f64(secs.max(0.0)),
        sent: parts.next()?.trim().parse().ok()?,
        updated: parts.next()?.trim().parse().ok()?,
        error: parts.next().unwrap_or_default().trim().to_string(),
    })
}

fn check_run(run: &Run, rows: u64) -> Result<()> {
    anyhow::ensure!(
        run.error.is_empty(),
        "the scheduled sync failed: {}",
        run.error
    );
    anyhow::ensure!(
        run.sent == rows && run.updated == rows,
        "the scheduled sync sent {} and updated {} of {rows}",
        run.sent,
        run.updated
    );
    Ok(())
}

/// A finished run must have sent and updated every row, without error.
fn check_answer(body: &str, rows: u64) -> Result<()> {
    use super::json::{number_field, string_field};
    // `error` is null (or absent) after a successful run.
    anyhow::ensure!(
        string_field(body, "error").is_none(),
        "the sync failed: {body}"
    );
    let sent = number_field(body, "sent").with_context(|| format!("no sent in {body}"))?;
    let updated = number_field(body, "updated").with_context(|| format!("no updated in {body}"))?;
    anyhow::ensure!(
        sent == rows as f64 && updated == rows as f64,
        "the sync sent {sent} and updated {updated} of {rows}: {body}"
    );
    Ok(())
}

/// What row g compares the sync with, timed with the engine's CLI on a
/// fresh, migrated database.
pub struct Baselines {
    /// The raw bulk upsert: the rows in 1000-row statements, one transaction.
    pub raw: Duration,
    /// The writes the sync cannot avoid, without the e-mails: the cloud's new
    /// offers with a commit per batch, then the self-hosted rows' dates.
    pub floor: Duration,
    /// The same with each offer's e-mail queued beside it, as the cloud does.
    pub floor_with_mails: Duration,
}

/// Times the baselines for `run` on a fresh database of its engine.
pub fn baselines(
    bin: &Path,
    dir: &Path,
    cluster: Option<&Cluster>,
    run: &SyncRun,
) -> Result<Baselines> {
    let (engine, rows) = (run.engine, run.rows);
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let db = Database::create(
        engine,
        dir,
        cluster,
        &format!("bench_raw_{}_{rows}", engine.name()),
    )?;
    // Any admin command brings the schema up to date.
    servers::admin(
        bin,
        dir,
        &db,
        &["installation", "create", "--email", "raw@acme.test"],
    )?;
    let at = "2026-01-01T00:00:00.000000Z";
    let script = sql::raw_upsert(&sql::row_uuid(3, 0), rows, at)?;
    println!("raw bulk upsert of {rows} rows on {}", engine.name());
    let raw = db.execute(&script)?;
    println!(
        "the sync's unavoidable writes of {rows} rows on {}",
        engine.name()
    );
    // The self-hosted rows are seeded once; both floors date all of them.
    let self_org = sql::row_uuid(7, 1);
    db.execute(&sql::seed_offers(engine, &self_org, rows)?)?;
    let floor = |cloud_org: u64, mails: Option<u64>, space: u16| -> Result<Duration> {
        let cloud_org = sql::row_uuid(6, cloud_org);
        let cloud = db.execute(&sql::floor_cloud(&cloud_org, rows, at, mails, space)?)?;
        Ok(cloud + db.execute(&sql::floor_self_hosted(&self_org, at)?)?)
    };
    Ok(Baselines {
        raw,
        floor: floor(1, None, 4)?,
        floor_with_mails: floor(2, Some(run.mail_bytes), 8)?,
    })
}

/// Row g for one engine: end-to-end rows/s, ratio to the raw upsert's; and
/// the floor's rows/s with its ratio to the raw upsert's, the best ratio
/// any sync that writes what this one must could reach.
pub fn throughput_metrics(run: &SyncRun, base: &Baselines) -> Vec<Metric> {
    let rate = |d: Duration| run.rows as f64 / d.as_secs_f64().max(1e-9);
    let e2e = rate(run.took);
    let raw_rate = rate(base.raw);
    let (floor, mailed) = (rate(base.floor), rate(base.floor_with_mails));
    let bound = if run.completed { "" } else { "at most " };
    let label = count_label(run.rows);
    let engine = run.engine.name();
    let sync = Metric::new('g', &format!("sync_{label}_{engine}"), e2e, "rows/s", Budget::RatioAtLeast(THROUGHPUT_RATIO_BUDGET))
        .with_ratio(e2e / raw_rate)
        .with_note(format!(
            "{bound}{e2e:.0} rows/s: {} rows self-hosted → cloud in {:.1} s{} (the scheduled sync's own start/finish, 1000-row batches over HTTP, both databases written); raw bulk upsert of the same count into a fresh {engine} database {:.2} s = {raw_rate:.0} rows/s; seeding took {:.1} s",
            run.rows,
            run.took.as_secs_f64(),
            if run.completed { "" } else { ", stopped at the time bound" },
            base.raw.as_secs_f64(),
            run.seed_took.as_secs_f64(),
        ));
    let floor_metric = Metric::new('g', &format!("sync_floor_{label}_{engine}"), floor, "rows/s", Budget::Report)
        .with_ratio(floor / raw_rate)
        .with_note(format!(
            "the writes the sync cannot avoid, run raw through the CLI: the cloud's {} new offers with a commit per 1000-row batch (each batch is a request answered once stored), then the self-hosted rows' dates in one statement: {:.2} s; ratio = this rate / the raw upsert's, the most row g's ratio could be without HTTP, JSON or rules. With each offer's e-mail queued beside it ({} B of bodies, as the run's): {:.2} s = {mailed:.0} rows/s, ratio {:.2}. The sync itself took {:.1}× the floor with mails",
            run.rows,
            base.floor.as_secs_f64(),
            run.mail_bytes,
            base.floor_with_mails.as_secs_f64(),
            mailed / raw_rate,
            run.took.as_secs_f64() / base.floor_with_mails.as_secs_f64().max(1e-9),
        ));
    vec![sync, floor_metric]
}

/// Row i for one run: a peak-RSS line per server; with `smaller`, the ratio
/// to the smaller run's peak shows whether memory stays flat.
pub fn memory_metrics(run: &SyncRun, smaller: Option<&SyncRun>) -> Vec<Metric> {
    let label = count_label(run.rows);
    let servers = [
        (
            "cloud",
            run.cloud_peak_kib,
            run.cloud_start_kib,
            run.cloud_halfway_kib,
            smaller.map(|s| s.cloud_peak_kib),
        ),
        (
            "self_hosted",
            run.self_hosted_peak_kib,
            run.self_hosted_start_kib,
            run.self_hosted_halfway_kib,
            smaller.map(|s| s.self_hosted_peak_kib),
        ),
    ];
    servers
        .into_iter()
        .map(|(role, peak, start, halfway, small)| {
            let mut m = Metric::new('i', &format!("peak_rss_{role}_{label}_{}", run.engine.name()), mb(peak), "MB", Budget::ValueAtMost(RSS_BUDGET_MB))
                .with_note(format!(
                    "VmHWM of the {role} server over a {}-sponsorship sync{} ({:.1} MB before the sync, {:.1} MB at half the run's time: the second half added {:+.0}%){}",
                    run.rows,
                    if run.completed { "" } else { " stopped at the time bound: at least this much" },
                    mb(start),
                    mb(halfway),
                    100.0 * (peak as f64 / (halfway as f64).max(1.0) - 1.0),
                    small.map_or(String::new(), |s| format!("; ratio = this peak / the {} run's {:.1} MB", smaller.map_or(0, |s| s.rows), mb(s)))
                ));
            if let Some(s) = small {
                m = m.with_ratio(peak as f64 / (s as f64).max(1.0));
            }
            m
        })
        .collect()
}

/// MB as the issue counts them (1,000,000 bytes) from KiB.
fn mb(kib: u64) -> f64 {
    kib as f64 * 1024.0 / 1_000_000.0
}

/// `100k`, `1m`, `2500`: row counts in metric names.
pub fn count_label(n: u64) -> String {
    if n >= 1_000_000 && n.is_multiple_of(1_000_000) {
        format!("{}m", n / 1_000_000)
    } else if n >= 1000 && n.is_multiple_of(1000) {
        format!("{}k", n / 1000)
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(rows: u64, secs: u64, completed: bool, peaks: (u64, u64)) -> SyncRun {
        SyncRun {
            engine: Engine::Sqlite,
            rows,
            took: Duration::from_secs(secs),
            completed,
            seed_took: Duration::from_secs(1),
            cloud_peak_kib: peaks.0,
            self_hosted_peak_kib: peaks.1,
            cloud_start_kib: 20_000,
            self_hosted_start_kib: 20_000,
            cloud_halfway_kib: 40_000,
            self_hosted_halfway_kib: 30_000,
            mail_bytes: 1500,
        }
    }

    #[test]
    fn counts_are_labelled_short() {
        assert_eq!(count_label(100_000), "100k");
        assert_eq!(count_label(1_000_000), "1m");
        assert_eq!(count_label(2_500), "2500");
        assert_eq!(count_label(20_000), "20k");
    }

    #[test]
    fn throughput_ratio_is_end_to_end_over_raw() {
        let secs = Duration::from_secs;
        let base = Baselines {
            raw: secs(5),
            floor: secs(20),
            floor_with_mails: secs(25),
        };
        let rows = throughput_metrics(&run(100_000, 50, true, (1, 1)), &base);
        assert_eq!(rows[0].name, "sync_100k_sqlite");
        assert_eq!(rows[0].ratio, Some(0.1));
        assert!(
            rows[0].line().ends_with("ratio>=0.50 FAIL"),
            "{}",
            rows[0].line()
        );
        assert_eq!(rows[1].name, "sync_floor_100k_sqlite");
        assert_eq!(rows[1].ratio, Some(0.25));
        assert!(rows[1].note.contains("ratio 0.20") && rows[1].note.contains("2.0× the floor"));
        let bounded = throughput_metrics(&run(100_000, 900, false, (1, 1)), &base);
        assert!(
            bounded[0].note.starts_with("at most")
                && bounded[0].note.contains("stopped at the time bound")
        );
    }

    #[test]
    fn memory_rows_per_server_with_growth_ratio() {
        let small = run(100_000, 10, true, (40_000, 30_000));
        let large = run(1_000_000, 100, true, (80_000, 30_000));
        let rows = memory_metrics(&large, Some(&small));
        assert_eq!(rows[0].name, "peak_rss_cloud_1m_sqlite");
        assert_eq!(rows[0].ratio, Some(2.0));
        assert_eq!(rows[1].ratio, Some(1.0));
        assert!(rows[0].line().ends_with("FAIL") && rows[1].line().ends_with("PASS"));
        // 80 MB at the end against 40 at half time: the second half doubled it.
        assert!(rows[0].note.contains("41.0 MB at half"), "{}", rows[0].note);
        assert!(
            rows[0].note.contains("the second half added +100%"),
            "{}",
            rows[0].note
        );
        assert!(
            rows[1].note.contains("the second half added +0%"),
            "{}",
            rows[1].note
        );
        assert_eq!(memory_metrics(&small, None)[0].ratio, None);
    }

    #[test]
    fn scheduled_runs_are_read_from_the_runs_table() {
        assert_eq!(parse_run(""), None, "no finished run yet");
        let run = parse_run("12.5|100000|100000|\n").expect("a run");
        assert_eq!(run.took, Duration::from_millis(12_500));
        assert!(check_run(&run, 100_000).is_ok());
        assert!(check_run(&run, 200_000).is_err());
        let failed =
            parse_run("0.2|0|0|Organization sync failed: Cannot reach the cloud").expect("a run");
        assert!(check_run(&failed, 0).is_err_and(|e| e.to_string().contains("Cannot reach")));
    }

    #[test]
    fn a_sync_answer_must_cover_every_row() {
        assert!(check_answer(r#"{"sent":3,"updated":3,"removed":0,"error":null}"#, 3).is_ok());
        assert!(check_answer(r#"{"sent":2,"updated":2,"error":null}"#, 3).is_err());
        assert!(check_answer(
            r#"{"sent":0,"updated":0,"error":"Cannot reach the cloud"}"#,
            0
        )
        .is_err());
        assert!(check_answer(r#"{"sent":1,"updated":1}"#, 1).is_ok());
    }
}
