//! Abuse limits, each with a setting (`globalSettings__billingSync__…`):
//! login attempts per account and per client address, how many slow
//! password hashes run at once, and how many new sponsorship offers (each an
//! e-mail the cloud sends) one organization and one installation may cause a
//! day. The counters are governor's keyed GCRA limiters, in memory per
//! replica: a restart forgets them, which only ever loosens a limit.

use crate::config::GlobalSettings;
use crate::error::ApiError;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::hash::Hash;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use wire::error::ErrorCode;
use wire::ids::InstallationId;
use wire::OrganizationId;

/// The configured numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LimitSettings {
    /// `billingSync__loginAttemptsPerAccountPerMinute` (default 10).
    pub login_attempts_per_account_per_minute: u32,
    /// `billingSync__loginAttemptsPerIpPerMinute` (default 60).
    pub login_attempts_per_ip_per_minute: u32,
    /// `billingSync__passwordHashConcurrency` (default: the number of CPUs).
    pub password_hash_concurrency: usize,
    /// `billingSync__newOffersPerOrganizationPerDay` (default 10,000).
    pub new_offers_per_organization_per_day: u32,
    /// `billingSync__newOffersPerInstallationPerDay` (default 50,000).
    pub new_offers_per_installation_per_day: u32,
}

impl LimitSettings {
    /// Reads the settings; a value that is not a positive number stops the
    /// server with a message naming the setting.
    pub fn from_settings(settings: &GlobalSettings) -> anyhow::Result<Self> {
        let number = |name: &str, default: u32| -> anyhow::Result<u32> {
            match settings.get(&format!("billingSync__{name}")) {
                None => Ok(default),
                Some(v) => v.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                    anyhow::anyhow!(
                        "globalSettings__billingSync__{name} must be a positive number, not {v:?}"
                    )
                }),
            }
        };
        let cpus = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
        Ok(Self {
            login_attempts_per_account_per_minute: number("loginAttemptsPerAccountPerMinute", 10)?,
            login_attempts_per_ip_per_minute: number("loginAttemptsPerIpPerMinute", 60)?,
            password_hash_concurrency: number(
                "passwordHashConcurrency",
                u32::try_from(cpus).unwrap_or(2),
            )? as usize,
            new_offers_per_organization_per_day: number("newOffersPerOrganizationPerDay", 10_000)?,
            new_offers_per_installation_per_day: number("newOffersPerInstallationPerDay", 50_000)?,
        })
    }
}

/// The limiters of one server.
pub struct Limits {
    login_per_account: Keyed<String>,
    login_per_ip: Keyed<IpAddr>,
    offers_per_org: Keyed<OrganizationId>,
    offers_per_installation: Keyed<InstallationId>,
    password_hashes: Arc<Semaphore>,
}

/// How long a login waits for a free password-hash slot before it is refused.
const HASH_QUEUE_WAIT: Duration = Duration::from_secs(10);

impl Limits {
    /// Limiters with the configured numbers.
    pub fn new(settings: &LimitSettings) -> Self {
        let minute = Duration::from_secs(60);
        let day = Duration::from_secs(86_400);
        Self {
            login_per_account: Keyed::new(minute, settings.login_attempts_per_account_per_minute),
            login_per_ip: Keyed::new(minute, settings.login_attempts_per_ip_per_minute),
            offers_per_org: Keyed::new(day, settings.new_offers_per_organization_per_day),
            offers_per_installation: Keyed::new(day, settings.new_offers_per_installation_per_day),
            password_hashes: Arc::new(Semaphore::new(settings.password_hash_concurrency.max(1))),
        }
    }

    /// Counts one login attempt for `email` from `ip` (unknown e-mails too).
    pub fn login_attempt(&self, email: &str, ip: Option<IpAddr>) -> Result<(), ApiError> {
        if let Some(ip) = ip {
            self.login_per_ip.take(&ip, 1).map_err(|wait| {
                throttled(
                    ErrorCode::TooManyLoginAttempts,
                    "Too many login attempts from your address. Wait a moment, then try again.",
                    wait,
                )
            })?;
        }
        self.login_per_account
            .take(&email.to_owned(), 1)
            .map_err(|wait| {
                throttled(
                    ErrorCode::TooManyLoginAttempts,
                    "Too many login attempts for this account. Wait a moment, then try again.",
                    wait,
                )
            })
    }

    /// Counts `count` new offers (e-mails) of an organization's sync through an installation.
    pub fn new_offers(
        &self,
        org: OrganizationId,
        installation: InstallationId,
        count: usize,
    ) -> Result<(), ApiError> {
        let message =
            "Too many new sponsorship offers today. The offers were not stored; sync again later.";
        self.offers_per_org
            .take(&org, count)
            .map_err(|wait| throttled(ErrorCode::TooManyOffers, message, wait))?;
        self.offers_per_installation
            .take(&installation, count)
            .map_err(|wait| throttled(ErrorCode::TooManyOffers, message, wait))
    }

    /// A slot for one slow password hash; waits a while for one, then refuses.
    pub async fn password_hash_slot(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        let acquire = self.password_hashes.clone().acquire_owned();
        match tokio::time::timeout(HASH_QUEUE_WAIT, acquire).await {
            Ok(Ok(permit)) => Ok(permit),
            // Closed never happens (the semaphore is never closed); a timeout is load.
            Ok(Err(_)) | Err(_) => Err(throttled(
                ErrorCode::ServerBusy,
                "The server is busy checking passwords. Try again in a moment.",
                Duration::from_secs(1),
            )),
        }
    }

    /// Forgets keys whose limits have fully recovered (bounded memory).
    pub fn forget_idle(&self) {
        self.login_per_account.0.retain_recent();
        self.login_per_ip.0.retain_recent();
        self.offers_per_org.0.retain_recent();
        self.offers_per_installation.0.retain_recent();
    }
}

fn throttled(code: ErrorCode, message: &'static str, wait: Duration) -> ApiError {
    ApiError::Throttled {
        message,
        code,
        retry_after: wait.as_secs() + u64::from(wait.subsec_nanos() > 0),
    }
}

/// A keyed limiter: `per_period` cells per `period`, all of them usable at once.
struct Keyed<K: Hash + Eq + Clone>(DefaultKeyedRateLimiter<K>);

impl<K: Hash + Eq + Clone> Keyed<K> {
    fn new(period: Duration, per_period: u32) -> Self {
        let burst = NonZeroU32::new(per_period).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::with_period(period / burst.get())
            .unwrap_or_else(|| Quota::per_second(burst))
            .allow_burst(burst);
        Self(RateLimiter::keyed(quota))
    }

    /// Takes `n` cells for `key`; on refusal, how long until they are there.
    fn take(&self, key: &K, n: usize) -> Result<(), Duration> {
        let Some(n) = u32::try_from(n).ok().and_then(NonZeroU32::new) else {
            return Ok(());
        };
        match self.0.check_key_n(key, n) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(not_until)) => Err(not_until.wait_time_from(DefaultClock::default().now())),
            // More than the whole budget at once: a full period from now.
            Err(_) => Err(Duration::from_secs(86_400)),
        }
    }
}

/// The client's address, when the server was started with connection info
/// (always, when served; not in `oneshot` tests).
#[derive(Clone, Copy, Debug)]
pub struct ClientIp(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(address)| address.ip()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn settings(pairs: &[(&str, &str)]) -> anyhow::Result<LimitSettings> {
        let raw: BTreeMap<String, String> = pairs
            .iter()
            .map(|(k, v)| {
                (
                    format!("globalsettings__{}", k.to_lowercase()),
                    (*v).to_owned(),
                )
            })
            .collect();
        LimitSettings::from_settings(&GlobalSettings::from_values(raw)?)
    }

    #[test]
    fn every_limit_has_a_setting_and_bad_values_name_it() {
        let s = settings(&[("billingSync__loginAttemptsPerIpPerMinute", "7")]).unwrap();
        assert_eq!(s.login_attempts_per_ip_per_minute, 7);
        assert_eq!(s.login_attempts_per_account_per_minute, 10);
        let err = settings(&[("billingSync__newOffersPerOrganizationPerDay", "0")]).unwrap_err();
        assert!(err
            .to_string()
            .contains("globalSettings__billingSync__newOffersPerOrganizationPerDay"));
    }

    #[test]
    fn offers_beyond_the_day_budget_are_refused_with_a_wait() {
        let mut s = settings(&[]).unwrap();
        s.new_offers_per_organization_per_day = 5;
        let limits = Limits::new(&s);
        let (org, inst) = (
            OrganizationId(uuid::Uuid::from_u128(1)),
            InstallationId(uuid::Uuid::from_u128(2)),
        );
        assert!(limits.new_offers(org, inst, 5).is_ok());
        match limits.new_offers(org, inst, 1) {
            Err(ApiError::Throttled { retry_after, .. }) => assert!(retry_after > 60),
            other => panic!("expected a 429, got {other:?}"),
        }
        assert!(
            limits.new_offers(org, inst, 0).is_ok(),
            "nothing new is never refused"
        );
        let other = OrganizationId(uuid::Uuid::from_u128(3));
        assert!(
            limits.new_offers(other, inst, 5).is_ok(),
            "per organization"
        );
    }
}
