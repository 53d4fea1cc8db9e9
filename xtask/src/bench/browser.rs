//! Rows b–f in headless Chromium: `browser.cjs` (puppeteer-core from
//! `tools/`, the system Chromium) loads the login screen from the release
//! server and runs the KDFs in the page; this side starts it and turns its
//! `metric`/`na`/`error`/`resource`/`note` lines into report rows.

use super::options::Options;
use super::report::{Budget, Metric};
use crate::project_root;
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::process::{Command, Stdio};

/// The page-side script, kept next to this file.
const SCRIPT: &str = "xtask/src/bench/browser.cjs";

/// Issue 11's budgets for the browser rows.
const WIRE_BUDGET_KB: f64 = 180.0;
const READY_BUDGET_MS: f64 = 250.0;
const PBKDF2_BUDGET_RATIO: f64 = 1.10;
const ARGON2_BUDGET_RATIO: f64 = 1.0;
const LONGTASK_BUDGET_MS: f64 = 100.0;

/// Runs the browser rows of `options` against the server at `addr`.
pub fn measure(addr: SocketAddr, options: &Options) -> Result<Vec<Metric>> {
    let rows: String = options
        .rows_to_run
        .chars()
        .filter(|c| "bcdef".contains(*c))
        .collect();
    let mut cmd = Command::new("node");
    cmd.arg(project_root().join(SCRIPT))
        .arg(project_root().join("tools"))
        .arg(format!("http://{addr}"))
        .arg(options.loads.to_string())
        .arg(options.kdf_runs.to_string())
        .arg(&rows)
        .env("CHROMIUM", crate::tools::CHROMIUM)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit());
    println!("$ {}", crate::process::display(&cmd));
    let out = cmd.output().context("running node (is it installed?)")?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    print!("{stdout}");
    anyhow::ensure!(
        out.status.success(),
        "the browser script failed ({}); see above",
        out.status
    );
    Ok(metrics(&parse(&stdout), &rows))
}

/// What the script reported.
#[derive(Debug, Default, PartialEq)]
pub struct Facts {
    pub metrics: BTreeMap<String, f64>,
    pub not_available: BTreeMap<String, String>,
    pub errors: BTreeMap<String, String>,
    pub notes: BTreeMap<String, String>,
    pub resources: Vec<Resource>,
}

/// One response of the first cold load.
#[derive(Debug, PartialEq)]
pub struct Resource {
    pub bytes: u64,
    pub encoding: String,
    pub status: u16,
    pub url: String,
}

/// Reads the script's line protocol; unknown or malformed lines are ignored
/// (puppeteer may print warnings), a missing figure shows up as an error row.
pub fn parse(output: &str) -> Facts {
    let mut facts = Facts::default();
    for line in output.lines() {
        let mut words = line.split_whitespace();
        let (Some(kind), Some(key)) = (words.next(), words.next()) else {
            continue;
        };
        let rest = words.collect::<Vec<_>>().join(" ");
        match kind {
            "metric" => {
                if let Ok(v) = rest.parse() {
                    facts.metrics.insert(key.to_string(), v);
                }
            }
            "na" => {
                facts.not_available.insert(key.to_string(), rest);
            }
            "error" => {
                facts.errors.insert(key.to_string(), rest);
            }
            "note" => {
                facts.notes.insert(key.to_string(), rest);
            }
            "resource" => {
                let parts: Vec<&str> = rest.split(' ').collect();
                if let ([encoding, status, url], Ok(bytes)) = (&parts[..], key.parse()) {
                    facts.resources.push(Resource {
                        bytes,
                        encoding: encoding.to_string(),
                        status: status.parse().unwrap_or(0),
                        url: url.to_string(),
                    });
                }
            }
            _ => {}
        }
    }
    facts
}

/// The report rows for the letters in `rows`.
pub fn metrics(facts: &Facts, rows: &str) -> Vec<Metric> {
    let mut out = Vec::new();
    if rows.contains('b') {
        out.push(wire_bytes(facts));
    }
    if rows.contains('c') {
        let m = single(
            facts,
            'c',
            "first_screen_ready",
            "ready_ms",
            "ms",
            Budget::ValueAtMost(READY_BUDGET_MS),
        );
        out.push(m.with_note(format!(
            "navigation start → login e-mail field in the DOM, enabled; median, fresh context, cache off; {}",
            facts.notes.get("ready_ms").map_or("", String::as_str)
        )));
    }
    if rows.contains('d') {
        out.push(kdf(
            facts,
            'd',
            "pbkdf2_sha256_600k",
            "pbkdf2",
            Budget::RatioAtMost(PBKDF2_BUDGET_RATIO),
            "crypto.subtle.deriveBits",
        ));
    }
    if rows.contains('e') {
        out.push(kdf(
            facts,
            'e',
            "argon2id_64mib_t3_p4",
            "argon2",
            Budget::RatioAtMost(ARGON2_BUDGET_RATIO),
            "npm hash-wasm 4.13.0 argon2id",
        ));
    }
    if rows.contains('f') {
        let m = single(
            facts,
            'f',
            "longest_main_thread_task",
            "longtask_ms",
            "ms",
            Budget::ValueAtMost(LONGTASK_BUDGET_MS),
        );
        let m = match (
            facts.not_available.get("longtask"),
            facts.errors.get("argon2"),
        ) {
            (Some(why), _) => Metric::unavailable('f', &m.name, "ms", m.budget, why),
            (None, Some(e)) => Metric::failed('f', &m.name, "ms", m.budget, e),
            _ => m,
        };
        let note = facts.notes.get("longtask").cloned().unwrap_or_default();
        out.push(m.with_note(format!(
            "during our Argon2id (PerformanceObserver longtask); {note}"
        )));
    }
    out
}

fn wire_bytes(facts: &Facts) -> Metric {
    let m = single(
        facts,
        'b',
        "bytes_on_the_wire",
        "wire_bytes",
        "KB",
        Budget::ValueAtMost(WIRE_BUDGET_KB),
    );
    let m = match m.value {
        super::report::Value::Measured(bytes) => Metric {
            value: super::report::Value::Measured(bytes / 1000.0),
            ..m
        },
        _ => m,
    };
    let list: Vec<String> = facts
        .resources
        .iter()
        .map(|r| {
            let name = r
                .url
                .rsplit('/')
                .next()
                .filter(|n| !n.is_empty())
                .unwrap_or("/");
            format!("{name} {} B {} ({})", r.bytes, r.status, r.encoding)
        })
        .collect();
    m.with_note(format!(
        "cold load of /login in headless Chromium, CDP encodedDataLength incl. headers: {}",
        list.join("; ")
    ))
}

/// A row that is one figure of the script.
fn single(
    facts: &Facts,
    row: char,
    name: &str,
    key: &str,
    unit: &'static str,
    budget: Budget,
) -> Metric {
    match facts.metrics.get(key) {
        Some(v) => Metric::new(row, name, *v, unit, budget),
        None => Metric::failed(
            row,
            name,
            unit,
            budget,
            &format!("the browser script reported no {key}"),
        ),
    }
}

/// A KDF row: our median, with ours/reference as the ratio.
fn kdf(facts: &Facts, row: char, name: &str, key: &str, budget: Budget, reference: &str) -> Metric {
    if let Some(why) = facts.not_available.get(key) {
        return Metric::unavailable(row, name, "ms", budget, why).with_note(
            "ours is the web module's exported deriveMasterPasswordHash(email, password, kdf)",
        );
    }
    if let Some(error) = facts.errors.get(key) {
        return Metric::failed(row, name, "ms", budget, error);
    }
    let ours = facts.metrics.get(&format!("{key}_ours_ms"));
    let theirs = facts.metrics.get(&format!("{key}_reference_ms"));
    let (Some(ours), Some(theirs)) = (ours, theirs) else {
        return Metric::failed(
            row,
            name,
            "ms",
            budget,
            "the browser script reported no timing",
        );
    };
    Metric::new(row, name, *ours, "ms", budget)
        .with_ratio(ours / theirs.max(1e-9))
        .with_note(format!(
            "ours (deriveMasterPasswordHash) vs {reference} {theirs:.0} ms in the same page; {}",
            facts.notes.get(key).map_or("", String::as_str)
        ))
}

#[cfg(test)]
mod tests {
    use super::super::report::{Value, Verdict};
    use super::*;

    const OUTPUT: &str = "\
resource 1260 - 200 http://127.0.0.1:1/login
resource 347100 gzip 200 http://127.0.0.1:1/app_bg.wasm
(node:1) some warning
metric wire_bytes 348360
metric ready_ms 182.5
note ready_ms 3 cold loads: 190 182 170 ms
metric pbkdf2_ours_ms 210.0
metric pbkdf2_reference_ms 200.0
note pbkdf2 median of 5
error argon2 our hash abc differs from the reference def
metric broken not-a-number
";

    #[test]
    fn the_line_protocol_is_read() {
        let facts = parse(OUTPUT);
        assert_eq!(facts.metrics.len(), 4);
        assert_eq!(
            facts.resources[1],
            Resource {
                bytes: 347_100,
                encoding: "gzip".into(),
                status: 200,
                url: "http://127.0.0.1:1/app_bg.wasm".into()
            }
        );
        assert_eq!(
            facts.errors["argon2"],
            "our hash abc differs from the reference def"
        );
        assert_eq!(facts.notes["ready_ms"], "3 cold loads: 190 182 170 ms");
    }

    #[test]
    fn rows_become_metrics_with_ratios_and_errors() {
        let rows = metrics(&parse(OUTPUT), "bcdef");
        let names: Vec<&str> = rows.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "bytes_on_the_wire",
                "first_screen_ready",
                "pbkdf2_sha256_600k",
                "argon2id_64mib_t3_p4",
                "longest_main_thread_task"
            ]
        );
        assert_eq!(rows[0].value, Value::Measured(348.36));
        assert!(
            rows[0].note.contains("app_bg.wasm 347100 B 200 (gzip)"),
            "{}",
            rows[0].note
        );
        assert_eq!(rows[1].verdict(), Verdict::Pass);
        assert_eq!(rows[2].ratio, Some(1.05));
        assert_eq!(rows[2].verdict(), Verdict::Pass);
        assert_eq!(rows[3].verdict(), Verdict::Error);
        assert_eq!(
            rows[4].verdict(),
            Verdict::Error,
            "no longtask figure after a failed Argon2id"
        );
    }

    #[test]
    fn a_missing_export_is_shown_as_such() {
        let facts = parse(
            "na pbkdf2 export missing\nna argon2 export missing\nna longtask export missing\n",
        );
        let rows = metrics(&facts, "def");
        assert!(rows
            .iter()
            .all(|m| m.verdict() == Verdict::NotAvailable("export missing".into())));
        assert!(rows[0].line().ends_with("n/a (export missing)"));
    }
}
