//! Row h: the cloud's sync endpoint under load. 20 installations, each with
//! its own organization and billing sync key, post the same 1000-sponsorship
//! batch again and again for a bounded time (the daily sync of unchanged
//! offers); p50/p99 latency and requests per second. Also the bounded,
//! threaded load generator the login row uses.

use super::api;
use super::json::quote;
use super::pair::Cloud;
use super::report::{Budget, Metric};
use super::stats::{ms, percentile};
use crate::http::Request;
use anyhow::{Context, Result};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub const INSTALLATIONS: usize = 20;
pub const BATCH: u64 = 1000;
/// Issue 11: p99 of the sync endpoint on SQLite.
const P99_BUDGET_MS: f64 = 50.0;
/// A hard cap on requests per worker, whatever the duration.
const MAX_REQUESTS_PER_WORKER: usize = 100_000;

/// Latencies of successful requests, failures, and the wall time.
pub struct Samples {
    pub latencies: Vec<Duration>,
    pub errors: Vec<String>,
    pub elapsed: Duration,
}

impl Samples {
    pub fn per_second(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Runs `workers` threads, each sending `request(worker)` back to back until
/// `duration` is up (or Ctrl-C), and collects every latency.
pub fn hammer(
    workers: usize,
    duration: Duration,
    request: impl Fn(usize) -> Result<()> + Send + Sync + 'static,
) -> Samples {
    let request = Arc::new(request);
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let handles: Vec<_> = (0..workers)
        .map(|worker| {
            let (request, stop) = (Arc::clone(&request), Arc::clone(&stop));
            std::thread::spawn(move || {
                let mut latencies = Vec::new();
                let mut errors = Vec::new();
                while !stop.load(Ordering::Relaxed)
                    && latencies.len() + errors.len() < MAX_REQUESTS_PER_WORKER
                {
                    let sent = Instant::now();
                    match request(worker) {
                        Ok(()) => latencies.push(sent.elapsed()),
                        Err(e) => errors.push(format!("{e:#}")),
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    while start.elapsed() < duration && !crate::process::interrupted() {
        std::thread::sleep(Duration::from_millis(50));
    }
    stop.store(true, Ordering::Relaxed);
    let mut samples = Samples {
        latencies: Vec::new(),
        errors: Vec::new(),
        elapsed: Duration::ZERO,
    };
    for handle in handles {
        match handle.join() {
            Ok((latencies, errors)) => {
                samples.latencies.extend(latencies);
                samples.errors.extend(errors);
            }
            Err(_) => samples.errors.push("a load worker panicked".to_string()),
        }
    }
    // The last requests finish after the stop: count the time they took.
    samples.elapsed = start.elapsed();
    samples
}

/// One installation's request: its token and the body it posts.
pub struct Sender {
    token: String,
    body: Vec<u8>,
}

/// The JSON of a sync request: `BATCH` pending offers of `org`'s members,
/// distinct per installation `n`.
fn batch_body(org: &str, billing_key: &str, n: usize) -> String {
    let items: Vec<String> = (0..BATCH)
        .map(|i| {
            let member = super::sql::row_uuid(0x100 + n as u16, i);
            let email = quote(&format!("member{i}.{n}@family.test"));
            format!(
                "{{\"sponsoringOrganizationUserId\":\"{member}\",\"friendlyName\":{email},\"offeredToEmail\":{email},\
                 \"planSponsorshipType\":0,\"lastSyncDate\":null,\"validUntil\":null,\"toDelete\":false,\
                 \"cloudSponsorshipRemoved\":false,\"isAdminInitiated\":false}}"
            )
        })
        .collect();
    format!(
        "{{\"billingSyncKey\":{},\"sponsoringOrganizationCloudId\":{},\"sponsorshipsBatch\":[{}]}}",
        quote(billing_key),
        quote(org),
        items.join(",")
    )
}

fn post_batch(addr: SocketAddr, sender: &Sender) -> Result<()> {
    api::expect_200(
        Request {
            bearer: Some(&sender.token),
            body: Some(("application/json", &sender.body)),
            timeout: Duration::from_secs(60),
            ..Request::new("POST", "/api/organization/sponsorship/sync")
        }
        .send(addr),
    )
    .map(drop)
}

/// Registers `count` installations (one per organization of `cloud`), gets
/// their tokens and posts each one's first batch (it creates the offers; the
/// load is the steady state of re-syncing them).
pub fn prepare(cloud: &Cloud, count: usize) -> Result<Vec<Sender>> {
    let addr = cloud.server.addr();
    let mut senders = Vec::new();
    for (n, org) in cloud.orgs.iter().enumerate().take(count) {
        let installation = cloud.register_installation()?;
        let token = api::token(
            addr,
            &api::installation_grant(&installation.id, &installation.key),
        )?;
        let sender = Sender {
            token,
            body: batch_body(&org.id, &org.billing_key, n).into_bytes(),
        };
        post_batch(addr, &sender).with_context(|| format!("first batch of installation {n}"))?;
        senders.push(sender);
    }
    Ok(senders)
}

/// Every sender posts back to back for `duration`; sender `n` talks to
/// `replicas[n % len]`, as a load balancer would spread them.
pub fn run_against(
    replicas: &[SocketAddr],
    senders: Arc<Vec<Sender>>,
    duration: Duration,
) -> Samples {
    let replicas = replicas.to_vec();
    let workers = senders.len();
    hammer(workers, duration, move |worker| {
        post_batch(replicas[worker % replicas.len()], &senders[worker])
    })
}

/// How long row h first lets one installation post alone: the endpoint's
/// own time per batch, with nothing else in flight.
const ALONE: Duration = Duration::from_secs(5);

/// Row h against `cloud` (which has [`INSTALLATIONS`] organizations).
pub fn measure(cloud: &Cloud, duration: Duration) -> Result<Vec<Metric>> {
    let senders = Arc::new(prepare(cloud, INSTALLATIONS)?);
    let addr = cloud.server.addr();
    let alone_for = ALONE.min(duration);
    println!(
        "one installation posting {BATCH}-sponsorship batches alone for {}s",
        alone_for.as_secs()
    );
    let first = Arc::clone(&senders);
    let alone = hammer(1, alone_for, move |_| post_batch(addr, &first[0]));
    println!(
        "{} installations posting {BATCH}-sponsorship batches for {}s",
        senders.len(),
        duration.as_secs()
    );
    let workers = senders.len();
    let samples = run_against(&[addr], senders, duration);
    let mut rows = metrics(&samples, workers);
    rows.extend(alone_metric(&alone, workers));
    Ok(rows)
}

/// The one-installation figure, with the latency it implies for `workers`
/// installations sharing this machine's cores (a floor set by queueing: each
/// request waits for the ones ahead of it, whatever the code does).
fn alone_metric(alone: &Samples, workers: usize) -> Option<Metric> {
    let p50 = percentile(&alone.latencies, 0.5).map(ms)?;
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let floor = p50 * workers as f64 / cores as f64;
    Some(
        Metric::new('h', "sync_endpoint_p50_alone_sqlite", p50, "ms", Budget::Report).with_note(
            format!(
                "one installation, nothing else in flight: {} requests in {:.0} s ({} failed), the endpoint's own time per \
                 {BATCH}-sponsorship batch incl. the client's; {workers} installations sharing {cores} cores wait about \
                 {workers} × {p50:.0} ms / {cores} ≈ {floor:.0} ms per request at best (queueing), so the p99 budget needs \
                 a batch in ≤ {:.1} ms of CPU",
                alone.latencies.len(),
                alone.elapsed.as_secs_f64(),
                alone.errors.len(),
                P99_BUDGET_MS * cores as f64 / workers as f64,
            ),
        ),
    )
}

fn metrics(samples: &Samples, workers: usize) -> Vec<Metric> {
    let errors = if samples.errors.is_empty() {
        String::new()
    } else {
        format!(
            "; {} failed requests, first: {}",
            samples.errors.len(),
            samples.errors[0]
        )
    };
    let how = format!(
        "{workers} installations × {BATCH}-sponsorship batches, back to back for {:.0} s, new connection per request{errors}",
        samples.elapsed.as_secs_f64()
    );
    let p = |q| percentile(&samples.latencies, q).map(ms);
    let (Some(p50), Some(p99)) = (p(0.5), p(0.99)) else {
        let error = format!("no request succeeded{errors}");
        return vec![Metric::failed(
            'h',
            "sync_endpoint_p99_sqlite",
            "ms",
            Budget::ValueAtMost(P99_BUDGET_MS),
            &error,
        )];
    };
    let rate = samples.per_second();
    vec![
        Metric::new(
            'h',
            "sync_endpoint_p99_sqlite",
            p99,
            "ms",
            Budget::ValueAtMost(P99_BUDGET_MS),
        )
        .with_note(how.clone()),
        Metric::new('h', "sync_endpoint_p50_sqlite", p50, "ms", Budget::Report).with_note(how),
        Metric::new(
            'h',
            "sync_endpoint_rate_sqlite",
            rate,
            "req/s",
            Budget::Report,
        )
        .with_note(format!(
            "{} requests = {:.0} sponsorships/s",
            samples.latencies.len(),
            rate * BATCH as f64
        )),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_bodies_are_distinct_per_installation() {
        let a = batch_body("6f1c2b0e-0000-4000-8000-000000000001", "key\"1", 0);
        let b = batch_body("6f1c2b0e-0000-4000-8000-000000000001", "key\"1", 1);
        assert_eq!(a.matches("sponsoringOrganizationUserId").count(), 1000);
        assert!(a.starts_with(
            r#"{"billingSyncKey":"key\"1","sponsoringOrganizationCloudId":"6f1c2b0e-"#
        ));
        assert!(super::super::json::string_field(&a, "offeredToEmail")
            .is_some_and(|e| e == "member0.0@family.test"));
        assert_ne!(
            super::super::json::string_field(&a, "sponsoringOrganizationUserId"),
            super::super::json::string_field(&b, "sponsoringOrganizationUserId")
        );
    }

    #[test]
    fn hammer_is_bounded_and_counts_failures() {
        let samples = hammer(3, Duration::from_millis(200), |worker| {
            std::thread::sleep(Duration::from_millis(5));
            anyhow::ensure!(worker != 2, "worker 2 always fails");
            Ok(())
        });
        assert!(samples.elapsed < Duration::from_secs(5));
        assert!(!samples.latencies.is_empty() && !samples.errors.is_empty());
        assert!(samples.errors.iter().all(|e| e == "worker 2 always fails"));
        let rows = metrics(&samples, 3);
        assert_eq!(rows.len(), 3);
        assert!(rows[0].note.contains("failed requests"));
    }

    #[test]
    fn no_success_is_an_error_row() {
        let samples = Samples {
            latencies: Vec::new(),
            errors: vec!["refused".to_string()],
            elapsed: Duration::from_secs(1),
        };
        let rows = metrics(&samples, 20);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].verdict(), super::super::report::Verdict::Error);
    }
}
