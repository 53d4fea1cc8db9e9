//! The two scheduled maintenance jobs of sponsorships, each recorded per run
//! (`sponsorship_maintenance_runs`) and run on one replica at a time, each
//! interval once (the job's lease and schedule, [`crate::jobs`]):
//!
//! - **Cleanup** (both roles; Bitwarden's `DatabaseExpiredSponsorshipsJob`,
//!   contract §3.1): deletes the rows whose ValidUntil passed 90 days ago.
//!   Skipped on a self-hosted server whose cloud communication is off, as
//!   Bitwarden does.
//! - **Re-validation** (cloud; Bitwarden's `ValidateSponsorshipCommand`,
//!   contract §3.4, every 12 hours like its organization validation job):
//!   each redeemed sponsorship is checked against the rules. A valid one
//!   whose paid-through date is near is renewed for another year (what
//!   Stripe's renewal does upstream; this product has no payments). An
//!   invalid one is set to end at its paid-through date (upstream's cancel
//!   is a no-op at the contract's commit; ending it the way a revoke does
//!   keeps the organization paid until then and lets the cleanup remove the
//!   row 90 days later).

use super::rules::{offer_expired, DISABLED_GRACE_DAYS};
use super::store::{self, MaintenanceCounts, MaintenanceJob, MaintenanceRun, Sponsorship};
use crate::db::{self, Pool};
use crate::organizations::store as orgs;
use crate::policy;
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use tokio_util::sync::CancellationToken;
use wire::capabilities::{self, Action};

/// Grace period after ValidUntil before the cleanup deletes a row (Bitwarden's 90 days).
pub const CLEANUP_GRACE_DAYS: i64 = 90;
/// How long before its paid-through date a valid sponsorship is renewed.
pub const RENEW_AHEAD_DAYS: i64 = 7;
/// One sponsored period (a Families plan is billed yearly).
pub const SPONSORED_PERIOD_DAYS: i64 = 365;

/// Why a redeemed sponsorship is no longer valid (contract §3.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invalid {
    /// The sponsoring organization is unknown or gone.
    NoSponsor,
    /// The row names no sponsorship type.
    NoSponsorshipType,
    /// The sponsoring organization has been disabled for more than 93 days past its expiry.
    SponsorLapsed,
    /// The sponsoring organization's plan may not sponsor (not Enterprise).
    SponsorMayNotSponsor,
    /// Someone revoked or removed it: it ends at its paid-through date.
    MarkedToEnd,
    /// A self-hosted row that has not synced for more than 182.5 days.
    OutOfSync,
}

/// What is known about the sponsoring organization.
#[derive(Clone, Copy, Debug)]
pub struct Sponsor {
    pub enabled: bool,
    pub expiration: Option<DateTime<Utc>>,
    /// The capability table's `SponsorFamilies` for its plan.
    pub may_sponsor: bool,
}

/// The rules of §3.4, first failure wins.
pub fn validity(
    row: &Sponsorship,
    sponsor: Option<Sponsor>,
    now: DateTime<Utc>,
) -> Result<(), Invalid> {
    let sponsor = sponsor.ok_or(Invalid::NoSponsor)?;
    if row.plan_sponsorship_type.is_none() {
        return Err(Invalid::NoSponsorshipType);
    }
    let lapsed = !sponsor.enabled
        && sponsor
            .expiration
            .is_none_or(|e| now - e > Duration::days(DISABLED_GRACE_DAYS));
    if lapsed {
        return Err(Invalid::SponsorLapsed);
    }
    if !sponsor.may_sponsor {
        return Err(Invalid::SponsorMayNotSponsor);
    }
    if row.to_delete {
        return Err(Invalid::MarkedToEnd);
    }
    if offer_expired(row.last_sync_date, now) {
        return Err(Invalid::OutOfSync);
    }
    Ok(())
}

/// The new paid-through date when a valid sponsorship is due for renewal:
/// one period after the old date (or after now, if that is long past).
pub fn renewal(valid_until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let until = valid_until?;
    if until - now > Duration::days(RENEW_AHEAD_DAYS) {
        return None;
    }
    let period = Duration::days(SPONSORED_PERIOD_DAYS);
    Some(if until + period > now {
        until + period
    } else {
        now + period
    })
}

/// Deletes the rows whose ValidUntil passed 90 days ago.
async fn clean_up(pool: &Pool) -> Result<MaintenanceCounts, sqlx::Error> {
    let cutoff = db::now() - Duration::days(CLEANUP_GRACE_DAYS);
    let deleted = store::delete_valid_until_before(pool, cutoff).await?;
    Ok(MaintenanceCounts {
        deleted: u32::try_from(deleted).unwrap_or(u32::MAX),
        ..MaintenanceCounts::default()
    })
}

/// Re-validates every redeemed sponsorship.
async fn revalidate(state: &AppState) -> Result<MaintenanceCounts, sqlx::Error> {
    let now = db::now();
    let mut counts = MaintenanceCounts::default();
    for row in store::redeemed(&state.db).await? {
        let Some(sponsored) = row.sponsored_organization_id else {
            continue;
        };
        counts.checked += 1;
        let sponsor = match row.sponsoring_organization_id {
            Some(id) => orgs::find(&state.db, id).await?.map(|org| Sponsor {
                enabled: org.enabled,
                expiration: org.expiration_date,
                may_sponsor: capabilities::allows(
                    Action::SponsorFamilies,
                    &policy::caller(state).with_tier(org.plan_type.tier()),
                ),
            }),
            None => None,
        };
        match validity(&row, sponsor, now) {
            Ok(()) => {
                let (Some(from), Some(until)) = (row.valid_until, renewal(row.valid_until, now))
                else {
                    continue;
                };
                let mut tx = state.db.begin().await?;
                if store::renew(&mut *tx, row.id, from, until).await? {
                    orgs::set_expiration(&mut *tx, sponsored, until).await?;
                    counts.renewed += 1;
                }
                tx.commit().await?;
            }
            Err(Invalid::MarkedToEnd) => {}
            Err(reason) => {
                if store::mark_to_end(&state.db, row.id).await? {
                    tracing::info!(sponsorship = %row.id, organization = %sponsored, ?reason,
                        "sponsorship no longer valid: it ends at its paid-through date");
                    counts.ended += 1;
                }
            }
        }
    }
    Ok(counts)
}

/// Runs `job` once and records the run; a failed run is recorded with its
/// reason and returned, not raised (the next interval tries again).
pub async fn run_once(
    state: &AppState,
    job: MaintenanceJob,
) -> Result<MaintenanceRun, sqlx::Error> {
    let started_at = db::now();
    let id = store::start_maintenance_run(&state.db, job, started_at).await?;
    let outcome = match job {
        MaintenanceJob::Cleanup => clean_up(&state.db).await,
        MaintenanceJob::Revalidation => revalidate(state).await,
    };
    let (counts, error) = match outcome {
        Ok(counts) => (counts, None),
        Err(e) => {
            tracing::warn!(job = job.name(), error = %e, "sponsorship maintenance run failed");
            (MaintenanceCounts::default(), Some(e.to_string()))
        }
    };
    let run = MaintenanceRun {
        job,
        started_at,
        finished_at: Some(db::now()),
        counts,
        error,
    };
    store::finish_maintenance_run(&state.db, &id, &run).await?;
    tracing::info!(job = job.name(), counts = ?run.counts, "sponsorship maintenance run finished");
    Ok(run)
}

/// Whether `job` runs on this server now. The cleanup is skipped by a
/// server that talks to the cloud while its cloud communication is off.
fn due(state: &AppState, job: MaintenanceJob) -> bool {
    let caller = policy::caller(state);
    match job {
        MaintenanceJob::Cleanup => {
            !capabilities::allows(Action::CommunicateWithCloud, &caller)
                || state.settings.enable_cloud_communication
        }
        MaintenanceJob::Revalidation => {
            capabilities::allows(Action::RevalidateSponsoredOrganizations, &caller)
        }
    }
}

/// Runs `job` every `interval` until cancelled: each interval once, on the
/// replica that claims it (the first one an interval after the schedule
/// was first recorded), under the job's lease.
pub async fn schedule_forever(
    state: AppState,
    job: MaintenanceJob,
    interval: std::time::Duration,
    cancel: CancellationToken,
) {
    if let Err(e) = state
        .jobs
        .start_schedule(job.name(), interval, interval)
        .await
    {
        tracing::warn!(job = job.name(), error = %e, "cannot record the job's schedule");
    }
    let poll = super::schedule::poll_period(interval);
    loop {
        tokio::select! {
            () = cancel.cancelled() => return,
            () = tokio::time::sleep(poll) => {}
        }
        match state.jobs.is_due(job.name()).await {
            Ok(true) => {}
            Ok(false) => continue,
            Err(e) => {
                tracing::warn!(job = job.name(), error = %e, "cannot read the job's schedule");
                continue;
            }
        }
        if !due(&state, job) {
            // The interval passes unrun, as before: claim it without running.
            if let Ok(Some(lease)) = state.jobs.claim_due(job.name(), interval).await {
                let _ = lease.release().await;
            }
            tracing::info!(
                job = job.name(),
                "sponsorship maintenance skipped: cloud communication is disabled"
            );
            continue;
        }
        if let Err(e) = super::settle_abandoned_runs(&state).await {
            tracing::warn!(job = job.name(), error = %e, "cannot settle abandoned runs");
        }
        let lease = match state.jobs.claim_due(job.name(), interval).await {
            Ok(Some(lease)) => lease,
            Ok(None) => continue,
            Err(e) => {
                tracing::warn!(job = job.name(), error = %e, "cannot take the maintenance lease");
                continue;
            }
        };
        if let Some(Err(e)) = lease.hold(run_once(&state, job)).await {
            tracing::warn!(job = job.name(), error = %e, "cannot record the maintenance run");
        }
        if let Err(e) = lease.release().await {
            tracing::warn!(job = job.name(), error = %e, "cannot release the maintenance lease");
        }
    }
}

/// Runs `job` once now under its lease (the `jobs run` command), unless a
/// replica is running it: then `None`.
pub async fn run_once_exclusive(
    state: &AppState,
    job: MaintenanceJob,
) -> Result<Option<MaintenanceRun>, sqlx::Error> {
    super::settle_abandoned_runs(state).await?;
    match state
        .jobs
        .exclusive(job.name(), run_once(state, job))
        .await?
    {
        crate::jobs::Exclusive::Done(run) => run.map(Some),
        crate::jobs::Exclusive::Busy | crate::jobs::Exclusive::Lost => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wire::ids::{OrganizationUserId, SponsorshipId};
    use wire::OrganizationId;

    fn redeemed(valid_until: DateTime<Utc>) -> Sponsorship {
        Sponsorship {
            id: SponsorshipId(uuid::Uuid::from_u128(1)),
            sponsoring_organization_id: Some(OrganizationId(uuid::Uuid::from_u128(2))),
            sponsoring_organization_user_id: OrganizationUserId(uuid::Uuid::from_u128(3)),
            sponsored_organization_id: Some(OrganizationId(uuid::Uuid::from_u128(4))),
            friendly_name: Some("a@x.io".into()),
            offered_to_email: None,
            plan_sponsorship_type: Some(0),
            last_sync_date: None,
            valid_until: Some(valid_until),
            to_delete: false,
            is_admin_initiated: false,
        }
    }

    const ENTERPRISE: Sponsor = Sponsor {
        enabled: true,
        expiration: None,
        may_sponsor: true,
    };

    #[test]
    fn the_rules_of_the_contract_in_order() {
        let now = Utc::now();
        let row = redeemed(now + Duration::days(100));
        assert_eq!(validity(&row, Some(ENTERPRISE), now), Ok(()));
        assert_eq!(validity(&row, None, now), Err(Invalid::NoSponsor));
        let untyped = Sponsorship {
            plan_sponsorship_type: None,
            ..row.clone()
        };
        assert_eq!(
            validity(&untyped, Some(ENTERPRISE), now),
            Err(Invalid::NoSponsorshipType)
        );
        let lapsed = Sponsor {
            enabled: false,
            expiration: Some(now - Duration::days(94)),
            ..ENTERPRISE
        };
        assert_eq!(
            validity(&row, Some(lapsed), now),
            Err(Invalid::SponsorLapsed)
        );
        let recently_disabled = Sponsor {
            expiration: Some(now - Duration::days(10)),
            ..lapsed
        };
        assert_eq!(validity(&row, Some(recently_disabled), now), Ok(()));
        let teams = Sponsor {
            may_sponsor: false,
            ..ENTERPRISE
        };
        assert_eq!(
            validity(&row, Some(teams), now),
            Err(Invalid::SponsorMayNotSponsor)
        );
        let marked = Sponsorship {
            to_delete: true,
            ..row.clone()
        };
        assert_eq!(
            validity(&marked, Some(ENTERPRISE), now),
            Err(Invalid::MarkedToEnd)
        );
        let stale = Sponsorship {
            last_sync_date: Some(now - Duration::days(183)),
            ..row
        };
        assert_eq!(
            validity(&stale, Some(ENTERPRISE), now),
            Err(Invalid::OutOfSync)
        );
    }

    #[test]
    fn renewal_comes_a_week_ahead_for_one_more_year() {
        let now = Utc::now();
        assert_eq!(renewal(None, now), None);
        assert_eq!(renewal(Some(now + Duration::days(8)), now), None);
        let soon = now + Duration::days(3);
        assert_eq!(renewal(Some(soon), now), Some(soon + Duration::days(365)));
        let long_past = now - Duration::days(400);
        assert_eq!(
            renewal(Some(long_past), now),
            Some(now + Duration::days(365))
        );
    }
}
