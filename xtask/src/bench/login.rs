//! Row j: logins (`/identity/connect/token`, password grant) from 8
//! concurrent clients for a bounded time, and the server's own hash cost:
//! one client's median login time, with the scheme and iterations read from
//! the stored hash (never the salt or the hash itself). Also prelogin for a
//! known against an unknown e-mail: a clear difference would tell an
//! attacker which accounts exist.

use super::api;
use super::load::hammer;
use super::pair::{Cloud, OWNER};
use super::report::{Budget, Metric};
use super::stats::{median, ms};
use anyhow::{Context, Result};
use std::sync::Arc;
use std::time::{Duration, Instant};

const CLIENTS: usize = 8;
/// Sequential logins for the single-client hash cost.
const SEQUENTIAL: usize = 10;
/// Interleaved prelogin requests per e-mail.
const PRELOGIN_ROUNDS: usize = 200;

/// Row j against `cloud`, where [`OWNER`] exists.
pub fn measure(cloud: &Cloud, duration: Duration) -> Result<Vec<Metric>> {
    let addr = cloud.server.addr();
    let form = Arc::new(api::password_grant(OWNER, &cloud.owner_hash));
    let mut single = Vec::new();
    for _ in 0..SEQUENTIAL {
        let start = Instant::now();
        api::token(addr, &form)?;
        single.push(start.elapsed());
    }
    let stored = cloud
        .server
        .db
        .query_one(&format!(
            "SELECT master_password FROM users WHERE email = '{OWNER}'"
        ))
        .context("reading the owner's stored hash scheme")?;
    let scheme = hash_scheme(&stored);
    println!("{CLIENTS} clients logging in for {}s", duration.as_secs());
    let samples = hammer(CLIENTS, duration, move |_| {
        api::token(addr, &form).map(drop)
    });
    let errors = match samples.errors.first() {
        Some(first) => format!("; {} failed, first: {first}", samples.errors.len()),
        None => String::new(),
    };
    let one = median(&single).map(ms).unwrap_or_default();
    let prelogin = prelogin_timing(addr)?;
    Ok(vec![
        prelogin,
        Metric::new('j', "login_rate_8_clients", samples.per_second(), "req/s", Budget::Report).with_note(format!(
            "{} password grants in {:.1} s from {CLIENTS} clients, new connection per request{errors}",
            samples.latencies.len(),
            samples.elapsed.as_secs_f64()
        )),
        Metric::new('j', "login_server_hash_cost", one, "ms", Budget::Report).with_note(format!(
            "median of {SEQUENTIAL} sequential logins from one client; the server re-hashes the client's hash with {scheme}"
        )),
    ])
}

/// Prelogin of a known and an unknown e-mail, interleaved so drift hits
/// both alike: the unknown one's median, ratio to the known one's.
fn prelogin_timing(addr: std::net::SocketAddr) -> Result<Metric> {
    let known = format!("{{\"email\":\"{OWNER}\"}}");
    let unknown = "{\"email\":\"nobody@acme.test\"}";
    let (mut k, mut u) = (Vec::new(), Vec::new());
    for _ in 0..PRELOGIN_ROUNDS {
        for (body, series) in [(known.as_str(), &mut k), (unknown, &mut u)] {
            let start = Instant::now();
            api::expect_200(crate::http::post_json(
                addr,
                "/identity/accounts/prelogin",
                body,
            ))?;
            series.push(start.elapsed());
        }
    }
    let (Some(known), Some(unknown)) = (median(&k), median(&u)) else {
        anyhow::bail!("no prelogin timings");
    };
    Ok(Metric::new('j', "prelogin_unknown_vs_known", ms(unknown), "ms", Budget::Report)
        .with_ratio(unknown.as_secs_f64() / known.as_secs_f64().max(1e-9))
        .with_note(format!(
            "median of {PRELOGIN_ROUNDS} interleaved prelogins each; known e-mail {:.3} ms; a ratio near 1.00 gives no hint which accounts exist",
            ms(known)
        )))
}

/// `pbkdf2-sha512, 100000 iterations` from `pbkdf2-sha512$100000$salt$hash`.
pub fn hash_scheme(stored: &str) -> String {
    let mut parts = stored.trim().split('$');
    match (parts.next(), parts.next().map(str::parse::<u64>)) {
        (Some(scheme), Some(Ok(iterations))) => format!("{scheme}, {iterations} iterations"),
        _ => "an unrecognised scheme".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheme_is_named_without_salt_or_hash() {
        let shown = hash_scheme("pbkdf2-sha512$100000$c2FsdA==$aGFzaA==\n");
        assert_eq!(shown, "pbkdf2-sha512, 100000 iterations");
        assert_eq!(
            hash_scheme("$argon2id$v=19$m=65536"),
            "an unrecognised scheme"
        );
        assert_eq!(hash_scheme(""), "an unrecognised scheme");
    }
}
