//! Row k: the cloud's sync endpoint scaled out on PostgreSQL. Installations
//! (default 200), each with its own organization, post their
//! 1000-sponsorship batch back to back, first against one cloud replica,
//! then spread over two replicas of the same database; requests/s, p50,
//! p99 and errors of each (errors must be 0), and the scaling factor.

use super::load::{self, Samples, BATCH};
use super::options::Options;
use super::pair;
use super::report::{Budget, Metric};
use super::servers::{self, Database, Engine};
use super::stats::{ms, percentile};
use crate::postgres::Cluster;
use anyhow::{Context, Result};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// Settings of both replicas: with hundreds of concurrent requests a
/// request may wait for one of the pool's connections longer than the
/// default 10 s; the load must queue, not fail.
const SETTINGS: &str = "\
globalSettings__billingSync__databaseMaxConnections=16
globalSettings__billingSync__databaseAcquireTimeoutSeconds=120
";

/// Row k on `cluster`.
pub fn measure(
    bin: &Path,
    tmp: &Path,
    dist: &Path,
    cluster: &Cluster,
    o: &Options,
) -> Result<Vec<Metric>> {
    let dir = tmp.join("scale");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let env_file = dir.join("replicas.env");
    std::fs::write(&env_file, SETTINGS).context("writing the replicas' settings")?;
    let flags = vec!["--env-file".to_string(), env_file.display().to_string()];
    let db = Database::create(Engine::Postgres, &dir, Some(cluster), "bench_scale")?;
    let count = usize::try_from(o.scale_installations).unwrap_or(200);
    let cloud = pair::start_cloud(bin, &dir.join("replica-1"), db.clone(), dist, count, &flags)?;
    let second_dir = dir.join("replica-2");
    std::fs::create_dir_all(&second_dir)?;
    let second = servers::start(bin, "cloud", &second_dir, db, dist, &flags)?;
    println!("{count} installations: first batches (creating the offers)");
    let senders = Arc::new(load::prepare(&cloud, count)?);
    let duration = Duration::from_secs(o.scale_secs);
    println!(
        "{count} installations × {BATCH}-sponsorship batches for {}s on one replica",
        duration.as_secs()
    );
    let one = load::run_against(&[cloud.server.addr()], Arc::clone(&senders), duration);
    println!(
        "the same spread over two replicas for {}s",
        duration.as_secs()
    );
    let two = load::run_against(&[cloud.server.addr(), second.addr()], senders, duration);
    Ok(metrics(&one, &two, count))
}

fn metrics(one: &Samples, two: &Samples, installations: usize) -> Vec<Metric> {
    let mut rows = Vec::new();
    for (replicas, samples) in [(1, one), (2, two)] {
        let how = format!(
            "{installations} installations × {BATCH}-sponsorship batches, back to back for {:.0} s, spread over {replicas} cloud replica(s) of one PostgreSQL database, new connection per request",
            samples.elapsed.as_secs_f64()
        );
        let errors = samples.errors.len() as f64;
        let first_error = samples
            .errors
            .first()
            .map_or(String::new(), |e| format!("first: {e}"));
        rows.push(
            Metric::new(
                'k',
                &format!("scale_errors_{replicas}"),
                errors,
                "req",
                Budget::ValueAtMost(0.0),
            )
            .with_note(format!(
                "{} failed of {} {first_error}",
                samples.errors.len(),
                samples.errors.len() + samples.latencies.len()
            )),
        );
        let p = |q| percentile(&samples.latencies, q).map(ms);
        let (Some(p50), Some(p99)) = (p(0.5), p(0.99)) else {
            rows.push(Metric::failed(
                'k',
                &format!("scale_rate_{replicas}"),
                "req/s",
                Budget::Report,
                &format!("no request succeeded {first_error}"),
            ));
            continue;
        };
        let rate = Metric::new(
            'k',
            &format!("scale_rate_{replicas}"),
            samples.per_second(),
            "req/s",
            Budget::Report,
        )
        .with_note(format!(
            "{} requests = {:.0} sponsorships/s; {how}",
            samples.latencies.len(),
            samples.per_second() * BATCH as f64
        ));
        rows.push(if replicas == 2 {
            rate.with_ratio(samples.per_second() / one.per_second().max(1e-9))
        } else {
            rate
        });
        rows.push(Metric::new(
            'k',
            &format!("scale_p50_{replicas}"),
            p50,
            "ms",
            Budget::Report,
        ));
        rows.push(Metric::new(
            'k',
            &format!("scale_p99_{replicas}"),
            p99,
            "ms",
            Budget::Report,
        ));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples(latencies_ms: &[u64], errors: usize) -> Samples {
        Samples {
            latencies: latencies_ms
                .iter()
                .map(|m| Duration::from_millis(*m))
                .collect(),
            errors: vec!["HTTP 500".to_string(); errors],
            elapsed: Duration::from_secs(2),
        }
    }

    #[test]
    fn both_replica_counts_are_reported_with_the_scaling_factor() {
        let rows = metrics(&samples(&[10, 20, 30, 40], 0), &samples(&[10; 8], 1), 4);
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "scale_errors_1",
                "scale_rate_1",
                "scale_p50_1",
                "scale_p99_1",
                "scale_errors_2",
                "scale_rate_2",
                "scale_p50_2",
                "scale_p99_2"
            ]
        );
        assert_eq!(rows[5].ratio, Some(2.0), "8 vs 4 requests in the same time");
        assert_eq!(rows[0].verdict(), super::super::report::Verdict::Pass);
        assert_eq!(
            rows[4].verdict(),
            super::super::report::Verdict::Fail,
            "an error fails the row"
        );
        assert!(rows[4].note.contains("first: HTTP 500"));
    }

    #[test]
    fn nothing_succeeding_is_an_error_row() {
        let rows = metrics(&samples(&[], 3), &samples(&[5], 0), 3);
        assert_eq!(rows[1].verdict(), super::super::report::Verdict::Error);
    }
}
