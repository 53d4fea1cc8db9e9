//! `cargo xtask bench`: a release server on a free port with one seeded user,
//! timing `GET /alive` against `POST /identity/accounts/prelogin` for a known
//! and for an unknown e-mail, interleaved so drift hits all three equally.
//!
//! The prelogin pair is the interesting number: if looking up an unknown
//! e-mail is much faster or slower than a known one, the endpoint leaks which
//! accounts exist (enumeration). Both should be close to 1.0 of each other.

use crate::process::{self, TempDir};
use crate::server::{self, Server};
use crate::stages::{secs, Stages};
use crate::{free_port, http};
use anyhow::{bail, ensure, Result};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

/// Timed requests per endpoint, after `WARMUP` untimed ones.
const N: usize = 200;
const WARMUP: usize = 20;
/// The whole measurement must finish within this, or the bench fails.
const BUDGET: Duration = Duration::from_secs(120);
const KNOWN_EMAIL: &str = "bench@acme.test";
const UNKNOWN_EMAIL: &str = "nobody@acme.test";

pub fn run() -> Result<()> {
    process::install_signal_handlers();
    let mut stages = Stages::new();
    let outcome = bench(&mut stages);
    stages.print_summary();
    outcome
}

fn bench(stages: &mut Stages) -> Result<()> {
    let bin = stages.run("server build (release)", server::build_release)?;
    let tmp = TempDir::new("billing-sync-bench")?;
    let data = tmp.path().join("data");
    let empty_dist = tmp.path().join("dist");
    std::fs::create_dir_all(&empty_dist)?;
    std::fs::create_dir_all(&data)?;
    stages.run("seed", || {
        let args: Vec<String> = [
            "user",
            "add",
            "--email",
            KNOWN_EMAIL,
            "--name",
            "Bench User",
            "--password",
            "bench-password-1",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        server::admin(
            &bin,
            &data,
            &format!("user add --email {KNOWN_EMAIL}"),
            &args,
        )
        .map(drop)
    })?;
    let addr = SocketAddr::from(([127, 0, 0, 1], free_port()?));
    let mut server = stages.run("start server", || {
        let mut s = Server::start(
            &bin,
            "cloud",
            &data,
            addr,
            &empty_dist,
            &tmp.path().join("server.log"),
            &[],
        )?;
        s.wait_alive(Duration::from_secs(60))?;
        Ok(s)
    })?;
    let timings = stages.run("measure", || measure(addr))?;
    server.stop();
    report(&timings);
    Ok(())
}

/// Latencies of the three requests, one vector each.
struct Timings {
    alive: Vec<Duration>,
    known: Vec<Duration>,
    unknown: Vec<Duration>,
}

fn measure(addr: SocketAddr) -> Result<Timings> {
    let known = format!("{{\"email\":\"{KNOWN_EMAIL}\"}}");
    let unknown = format!("{{\"email\":\"{UNKNOWN_EMAIL}\"}}");
    let alive_req = || expect_ok(http::get(addr, "/alive"));
    let known_req = || expect_ok(http::post_json(addr, "/identity/accounts/prelogin", &known));
    let unknown_req = || {
        expect_ok(http::post_json(
            addr,
            "/identity/accounts/prelogin",
            &unknown,
        ))
    };
    for _ in 0..WARMUP {
        alive_req()?;
        known_req()?;
        unknown_req()?;
    }
    let start = Instant::now();
    let mut t = Timings {
        alive: Vec::with_capacity(N),
        known: Vec::with_capacity(N),
        unknown: Vec::with_capacity(N),
    };
    for i in 0..N {
        t.alive.push(time(alive_req)?);
        t.known.push(time(known_req)?);
        t.unknown.push(time(unknown_req)?);
        if start.elapsed() > BUDGET || process::interrupted() {
            bail!(
                "stopped after {i} rounds ({}): over budget or interrupted",
                secs(start.elapsed())
            );
        }
    }
    Ok(t)
}

fn time(f: impl Fn() -> Result<()>) -> Result<Duration> {
    let start = Instant::now();
    f()?;
    Ok(start.elapsed())
}

fn expect_ok(response: Result<http::Response>) -> Result<()> {
    let r = response?;
    ensure!(
        r.status == 200,
        "expected 200, got {}: {}",
        r.status,
        r.body
    );
    Ok(())
}

/// Mean, median and 95th percentile of one series.
struct Stats {
    mean: Duration,
    p50: Duration,
    p95: Duration,
}

fn stats(samples: &[Duration]) -> Stats {
    let mut sorted = samples.to_vec();
    sorted.sort();
    let pick = |q: f64| {
        sorted
            .get(((sorted.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or_default()
    };
    let total: Duration = sorted.iter().sum();
    Stats {
        mean: total / u32::try_from(sorted.len().max(1)).unwrap_or(u32::MAX),
        p50: pick(0.5),
        p95: pick(0.95),
    }
}

fn report(t: &Timings) {
    let rows = [
        ("GET /alive", stats(&t.alive)),
        ("POST prelogin (known user)", stats(&t.known)),
        ("POST prelogin (unknown user)", stats(&t.unknown)),
    ];
    println!("\n{N} sequential requests each (new connection per request, interleaved):");
    println!("  {:<30} {:>10} {:>10} {:>10}", "", "mean", "p50", "p95");
    for (name, s) in &rows {
        println!(
            "  {name:<30} {:>10} {:>10} {:>10}",
            ms(s.mean),
            ms(s.p50),
            ms(s.p95)
        );
    }
    let ratio = |a: &Stats, b: &Stats| {
        (
            a.p50.as_secs_f64() / b.p50.as_secs_f64().max(1e-9),
            a.mean.as_secs_f64() / b.mean.as_secs_f64().max(1e-9),
        )
    };
    let (p50, mean) = ratio(&rows[1].1, &rows[0].1);
    println!("\n  prelogin_known / alive:            {p50:.2}x (p50)  {mean:.2}x (mean)");
    let (p50, mean) = ratio(&rows[2].1, &rows[1].1);
    println!("  prelogin_unknown / prelogin_known: {p50:.2}x (p50)  {mean:.2}x (mean)  (≈1.0 = no timing hint about which accounts exist)");
}

fn ms(d: Duration) -> String {
    format!("{:.3}ms", d.as_secs_f64() * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_picks_percentiles() {
        let samples: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        let s = stats(&samples);
        assert_eq!(s.p50, Duration::from_millis(51));
        assert_eq!(s.p95, Duration::from_millis(95));
        assert_eq!(s.mean, Duration::from_micros(50_500));
    }
}
