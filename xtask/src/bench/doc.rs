//! docs/BENCHMARKS.md: the latest run's table with the machine, the date and
//! the flags, how each row is measured, and a before/after section that
//! changes fill in by hand and every run keeps as it is.

use super::machine::Machine;
use super::report::{markdown_table, Metric};
use std::fmt::Write as _;

pub const PATH: &str = "docs/BENCHMARKS.md";
const KEEP_START: &str = "<!-- before-after: kept by `cargo xtask bench`, edit freely -->";
const KEEP_END: &str = "<!-- /before-after -->";

const DEFAULT_BEFORE_AFTER: &str = "\
Each change that moves a figure adds a line: the metric, the figure before and after
(same machine, same flags), and the commit. Figures from a busy machine are marked.

| change (commit) | metric | before | after | machine / flags |
|---|---|---:|---:|---|
";

const HOW: &str = "\
## How each row is measured

All rows run on loopback against the release server (`cargo build --profile server`), each
bounded in time and count. Budgets are issue 11's; a budget this machine cannot meet is
shown as FAIL next to the figure that proves it, never changed.

- **a** `gzip -9` of every wasm/JS/CSS file each way in loads for its first screen, summed:
  the standalone page (every file the pages at the top of `dist/` reference: the login's
  `index.html` with its small first wasm), and a host page embedding a screen (the embed's
  entry `embed/v1/billing-sync.js` with its wasm and snippets, the stylesheet `mount` links,
  and the screen's group in `embed/v1/screens/<group>/`; the largest group is the embed's
  figure). The row's value is the larger of the two; the note gives both and each group.
  The full app (`embed/v1/app/`, imported by the standalone page after the login), the KDF
  module and the Argon2id worker are named or left out, not counted. 1 KB = 1000 bytes.
  The embed side's floor, a group that renders no screen (242 KB), is measured by hand in
  \"Row a's floor on the embed side\" below: why that side cannot pass.
- **b** one cold load of `/login` in headless Chromium (puppeteer-core, fresh browser
  context, cache off): the sum of CDP `Network.loadingFinished` `encodedDataLength`, i.e.
  bytes as served (compressed if the server compresses), headers included.
- **c** navigation start → the login form's e-mail field exists and is enabled
  (`performance.now()` from a MutationObserver installed before any page script);
  median of `--loads` cold loads (default 10).
- **d** PBKDF2-SHA256 600,000 iterations: the web module's exported
  `deriveMasterPasswordHash(email, password, kdf)` vs `crypto.subtle.deriveBits` (plus
  Bitwarden's 1-round hash step) in the same page, alternating, median of `--kdf-runs`
  (default 5); both must give the same hash. ratio = ours / reference.
- **e** Argon2id m=64 MiB t=3 p=4 (salt = SHA-256 of the e-mail): ours vs npm
  `hash-wasm` 4.13.0 `argon2id`, same page, same method.
- **f** the longest main-thread task (`PerformanceObserver` `longtask`) while our
  Argon2id runs; with no task over 50 ms, the longest gap between 10 ms timer ticks.
  Rows d–f print `n/a (export missing)` while the module does not export
  `deriveMasterPasswordHash` (trunk exposes exports as `window.wasmBindings`).
- **g** a paired cloud and self-hosted server (installation, license, billing sync
  token, as an operator sets them up) on fresh databases; `--rows` offers (default
  100,000) seeded into the self-hosted database; one run of the server's scheduled sync
  (an empty \"Sync now\" makes the organization due, then the self-hosted server restarts
  with a 1 s schedule), timed by the run's own start and finish in `sponsorship_sync_runs`
  (1000-row batches to the cloud, both databases written). \"Sync now\" cannot time a large
  run: the server ends every request after 60 s (504), which cancels the sync. Baseline:
  the same number of rows upserted raw (1000-row `INSERT … ON CONFLICT DO UPDATE`, one
  transaction) into a fresh database of the same engine with its CLI (`sqlite3`, `psql`).
  ratio = end-to-end rows/s ÷ raw rows/s. SQLite and PostgreSQL (throwaway cluster, fsync off).
  `sync_floor_*` times, in the same database after the raw upsert, the writes the sync
  cannot avoid, raw through the CLI: the cloud's new offers with a commit per 1000-row
  batch (each batch is a request the cloud answers only once it is stored), then the
  self-hosted rows' dates in one statement; its ratio to the raw upsert is the most row g's
  ratio could be without any HTTP, JSON or rules. Its note adds the same with each offer's
  e-mail queued beside it (bodies as large as the run's own), as the cloud must.
- **h** one cloud on SQLite, 20 installations each with its own organization, each
  posting the same 1000-sponsorship batch back to back for `--load-secs` (default 30):
  p50, p99, requests/s. The first batch (creating the offers) is not timed. New TCP
  connection per request (xtask's dependency-free client). Before the load, one
  installation posts alone for 5 s: its p50 is the endpoint's own time per batch, and
  20 installations sharing the cores wait at least 20 × that ÷ cores (queueing).
- **i** `VmHWM` of each server's process after the sync of row g (`--rows`) and of a
  `--rows-large` sync (default 1,000,000, SQLite), each with fresh servers. A sync that
  hits `--sync-timeout` (default 900 s) is stopped: its peak is a lower bound and its
  throughput an upper bound, and the note says so. On a 2-core machine the 1,000,000 run
  may not finish within the bound; pass a smaller `--rows-large` for a quick look.
  \"Flat\": the note gives each peak at half the run's time too (every 200 ms the bench
  reads `VmHWM`). Rows go at an even pace, so what the second half adds is what memory
  grows with rows: near 0% when only caches fill, +100% for state kept per row.
- **j** password grants at `/identity/connect/token` from 8 clients for `--login-secs`
  (default 10): requests/s; the server's hash cost is one client's median login time,
  with the stored hash's scheme and iterations.
- **k** scale-out: one cloud database on the throwaway PostgreSQL cluster,
  `--scale-installations` (default 200) installations each with its own organization,
  each posting its 1000-sponsorship batch back to back for `--scale-secs` (default 60),
  first against one cloud replica, then spread over two replicas of the same database
  (installation n talks to replica n mod 2, as a load balancer would). Requests/s,
  p50, p99 and failed requests (budget 0) of each; the ratio of the two-replica rate is
  over the one-replica rate. Both replicas run on the same 2 cores, so the ratio shows
  what the database and the CPU allow here, not what more machines would give.
";

/// Everything the page says about the run besides the table.
pub struct RunInfo<'a> {
    pub date: &'a str,
    pub commit: &'a str,
    pub machine: &'a Machine,
    pub flags: &'a str,
    pub load_before: &'a str,
    pub load_after: &'a str,
    pub quick: bool,
}

/// The whole page; `previous` is the current file, whose before/after
/// section is carried over.
pub fn render(info: &RunInfo, metrics: &[Metric], previous: Option<&str>) -> String {
    let mut out = String::from(
        "# Benchmarks\n\nWritten by `cargo xtask bench` (xtask/src/bench/): every figure below comes from \
         the run described here. Rerun it to refresh them; the before/after section is kept.\n\n## Latest run\n\n",
    );
    let m = info.machine;
    let _ = writeln!(out, "- date: {}, commit `{}`", info.date, info.commit);
    let _ = writeln!(
        out,
        "- machine: {} cores, {} MiB RAM, {}",
        m.cores, m.ram_mib, m.cpu
    );
    let _ = writeln!(out, "- flags: {}", info.flags);
    let _ = writeln!(
        out,
        "- load average (1 min) at start {}, at end {} on {} cores (the end's includes the bench's own load generators of rows h and k){}",
        info.load_before,
        info.load_after,
        m.cores,
        // Only the start tells: by the end the bench's own load runs.
        if busy(info.load_before, m.cores) {
            ": **the machine was busy** when the bench started (other builds or tests), so the timings are noisy; rerun on a quiet machine before comparing"
        } else {
            ""
        }
    );
    if info.quick {
        out.push_str("- **quick run**: counts and durations reduced, figures not comparable with a full run\n");
    }
    out.push('\n');
    out.push_str(&markdown_table(metrics));
    out.push('\n');
    out.push_str(HOW);
    out.push_str("\n## Before / after\n\n");
    out.push_str(KEEP_START);
    out.push('\n');
    out.push_str(&kept_section(previous).unwrap_or_else(|| DEFAULT_BEFORE_AFTER.to_string()));
    out.push_str(KEEP_END);
    out.push('\n');
    out
}

/// The hand-written before/after text between the markers, if any.
fn kept_section(previous: Option<&str>) -> Option<String> {
    let text = previous?;
    let start = text.find(KEEP_START)? + KEEP_START.len();
    let end = start + text[start..].find(KEEP_END)?;
    let kept = text[start..end].trim_start_matches('\n');
    Some(if kept.ends_with('\n') || kept.is_empty() {
        kept.to_string()
    } else {
        format!("{kept}\n")
    })
}

/// A 1-minute load average at or above three quarters of the cores at the
/// start means other work competed with the bench.
fn busy(load: &str, cores: usize) -> bool {
    load.parse::<f64>().is_ok_and(|l| l >= cores as f64 * 0.75)
}

/// The 1-minute load average from `/proc/loadavg`.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "unknown".to_string())
}

#[cfg(test)]
mod tests {
    use super::super::report::Budget;
    use super::*;

    fn info<'a>(machine: &'a Machine, load: &'a str) -> RunInfo<'a> {
        RunInfo {
            date: "2026-12-02 14:00 UTC",
            commit: "abc123",
            machine,
            flags: "--quick",
            load_before: load,
            load_after: "0.10",
            quick: true,
        }
    }

    fn machine() -> Machine {
        Machine {
            cpu: "Test CPU".to_string(),
            cores: 2,
            ram_mib: 1024,
        }
    }

    #[test]
    fn page_has_machine_table_and_busy_warning() {
        let m = machine();
        let metrics = [Metric::new(
            'a',
            "first_screen_gzip9",
            360.0,
            "KB",
            Budget::ValueAtMost(200.0),
        )];
        let page = render(&info(&m, "3.91"), &metrics, None);
        assert!(page.contains("- machine: 2 cores, 1024 MiB RAM, Test CPU"));
        assert!(page.contains("**the machine was busy**"));
        assert!(page.contains("**quick run**"));
        assert!(page.contains("| a | `first_screen_gzip9` | 360 | KB | - | ≤ 200KB | FAIL |"));
        assert!(page.contains("| change (commit) | metric | before | after |"));
        assert!(!render(&info(&m, "0.20"), &metrics, None).contains("was busy"));
    }

    #[test]
    fn before_after_survives_a_rerun() {
        let m = machine();
        let first = render(&info(&m, "0.1"), &[], None);
        let edited = first.replace(
            "|---|---|---:|---:|---|\n",
            "|---|---|---:|---:|---|\n| gzip (f00) | bytes_on_the_wire | 964 | 352 | quiet |\n",
        );
        let second = render(&info(&m, "0.1"), &[], Some(&edited));
        assert!(second.contains("| gzip (f00) | bytes_on_the_wire | 964 | 352 | quiet |\n"));
        assert_eq!(second.matches(KEEP_START).count(), 1);
        assert_eq!(
            render(&info(&m, "0.1"), &[], Some(&second)),
            second,
            "stable across reruns"
        );
    }
}
