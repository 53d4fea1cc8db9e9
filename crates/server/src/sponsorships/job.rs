//! The self-hosted sponsorship sync: sends every local sponsorship of an
//! organization to the cloud in batches and applies the cloud's answer
//! (contract §3.2). Runs on demand ("Sync now") and on the schedule of
//! [`super::schedule`].

use super::store::{self, Sponsorship};
use crate::connections::{rules as connection_rules, store as connections};
use crate::db::{self, Pool};
use crate::error::{ApiError, ApiResult};
use crate::policy::{can, OrgAccess};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use std::collections::HashMap;
use wire::connections::OrganizationConnectionType;
use wire::sponsorships::{
    OrganizationSponsorshipData, OrganizationSponsorshipSyncRequest, SponsorshipSyncRun,
    SponsorshipSyncRunsResponse, SyncTrigger,
};
use wire::OrganizationId;

/// Bitwarden's batch size.
pub const BATCH_SIZE: usize = 1000;

/// Counts of a successful run.
#[derive(Debug, Default, PartialEq, Eq)]
struct Counts {
    sent: u32,
    updated: u32,
    removed: u32,
}

/// Runs a sync for one organization and records it; a failed run is
/// recorded with its reason and returned, not raised.
pub async fn run_for_org(
    state: &AppState,
    org: OrganizationId,
    trigger: SyncTrigger,
) -> ApiResult<SponsorshipSyncRun> {
    let started_at = db::now();
    let id = store::start_run(&state.db, org, trigger, started_at).await?;
    let outcome = sync_org(state, org).await;
    let (counts, error) = match outcome {
        Ok(counts) => (counts, None),
        Err(SyncFailure::Internal(e)) => return Err(e),
        Err(SyncFailure::Reason(reason)) => {
            tracing::warn!(organization = %org, reason = %reason, "sponsorship sync failed");
            (Counts::default(), Some(reason))
        }
    };
    let run = SponsorshipSyncRun {
        trigger,
        started_at,
        finished_at: Some(db::now()),
        sent: counts.sent,
        updated: counts.updated,
        removed: counts.removed,
        error,
    };
    store::finish_run(&state.db, &id, &run).await?;
    Ok(run)
}

enum SyncFailure {
    /// A reason to show the administrator.
    Reason(String),
    /// Our own failure (database): a 500.
    Internal(ApiError),
}

impl<E: Into<ApiError>> From<E> for SyncFailure {
    fn from(err: E) -> Self {
        Self::Internal(err.into())
    }
}

async fn sync_org(state: &AppState, org: OrganizationId) -> Result<Counts, SyncFailure> {
    if !state.settings.enable_cloud_communication {
        return Err(SyncFailure::Reason(
            "Failed to sync instance with cloud - Cloud communication is disabled in global settings".into(),
        ));
    }
    let connection =
        connections::find_for_org(&state.db, org, OrganizationConnectionType::CloudBillingSync)
            .await?
            .ok_or_else(|| {
                SyncFailure::Reason(
            "Unable to get Cloud Billing Sync connection. Save the billing sync token first."
                .into(),
        )
            })?;
    let config = connection_rules::billing_sync_config(&connection)
        .map_err(|e| SyncFailure::Reason(e.to_string()))?;
    let cloud_org = config
        .cloud_organization_id
        .ok_or_else(|| SyncFailure::Reason("Failed to get Billing Sync Key".into()))?;
    let local = store::for_sponsoring_org(&state.db, org).await?;
    if local.is_empty() {
        return Ok(Counts::default());
    }
    let failed = |e: crate::cloud_client::CloudError| {
        SyncFailure::Reason(format!("Organization sync failed: {e}"))
    };
    let token = state
        .cloud
        .installation_token(wire::identity::scopes::API_INSTALLATION)
        .await
        .map_err(failed)?;
    // Every batch must succeed before anything is stored: a failure midway
    // leaves the local rows as they were, and the next run converges.
    let mut answers = Vec::with_capacity(local.len());
    for chunk in local.chunks(BATCH_SIZE) {
        let request = OrganizationSponsorshipSyncRequest {
            billing_sync_key: Some(config.billing_sync_key.clone()),
            sponsoring_organization_cloud_id: cloud_org,
            sponsorships_batch: chunk.iter().map(sync_item).collect(),
        };
        let response = state
            .cloud
            .sync_sponsorships(&token, &request)
            .await
            .map_err(failed)?;
        answers.extend(response.sponsorships_batch);
    }
    let counts = apply_answers(&state.db, &local, answers).await?;
    Ok(Counts {
        sent: u32::try_from(local.len()).unwrap_or(u32::MAX),
        ..counts
    })
}

fn sync_item(row: &Sponsorship) -> OrganizationSponsorshipData {
    OrganizationSponsorshipData {
        sponsoring_organization_user_id: row.sponsoring_organization_user_id,
        friendly_name: row.friendly_name.clone(),
        offered_to_email: row.offered_to_email.clone(),
        plan_sponsorship_type: row.plan_sponsorship_type,
        last_sync_date: row.last_sync_date,
        valid_until: row.valid_until,
        to_delete: row.to_delete,
        cloud_sponsorship_removed: false,
        is_admin_initiated: false,
    }
}

/// Applies the cloud's answers in one transaction.
async fn apply_answers(
    pool: &Pool,
    local: &[Sponsorship],
    answers: Vec<OrganizationSponsorshipData>,
) -> Result<Counts, sqlx::Error> {
    let by_member: HashMap<_, _> = local
        .iter()
        .map(|r| (r.sponsoring_organization_user_id, r))
        .collect();
    let mut counts = Counts::default();
    let mut tx = pool.begin().await?;
    for answer in answers {
        let Some(row) = by_member.get(&answer.sponsoring_organization_user_id) else {
            continue;
        };
        if answer.cloud_sponsorship_removed {
            store::delete(&mut *tx, row.id).await?;
            counts.removed += 1;
        } else {
            let updated = Sponsorship {
                last_sync_date: answer.last_sync_date,
                valid_until: answer.valid_until,
                to_delete: answer.to_delete,
                ..(*row).clone()
            };
            store::upsert(&mut *tx, &updated).await?;
            counts.updated += 1;
        }
    }
    tx.commit().await?;
    Ok(counts)
}

/// POST /api/organization/sponsorship/self-hosted/{orgId}/sync — "Sync now" (owner). The run is returned, failed or not.
#[utoipa::path(post, path = "/api/organization/sponsorship/self-hosted/{orgId}/sync", tag = "sponsorships", security(("bearer" = [])),
    params(("orgId" = String, Path, description = "self-hosted organization id")),
    responses((status = 200, description = "the recorded run (error set when it failed)", body = SponsorshipSyncRun),
              (status = 404, description = "not an owner", body = wire::ErrorResponse)))]
pub async fn sync_now(
    State(state): State<AppState>,
    access: OrgAccess<can::SyncSponsorshipsNow>,
) -> ApiResult<Json<SponsorshipSyncRun>> {
    Ok(Json(
        run_for_org(&state, access.org, SyncTrigger::Manual).await?,
    ))
}

/// How far back the run history goes.
const HISTORY_DAYS: i64 = 30;

/// GET /api/organization/sponsorship/self-hosted/{orgId}/sync-runs — the last 30 days of runs, newest first (owners and admins).
#[utoipa::path(get, path = "/api/organization/sponsorship/self-hosted/{orgId}/sync-runs", tag = "sponsorships", security(("bearer" = [])),
    params(("orgId" = String, Path, description = "self-hosted organization id")),
    responses((status = 200, description = "runs and the last successful sync", body = SponsorshipSyncRunsResponse),
              (status = 404, description = "not an owner or admin", body = wire::ErrorResponse)))]
pub async fn sync_runs(
    State(state): State<AppState>,
    access: OrgAccess<can::ViewSponsorshipSyncRuns>,
) -> ApiResult<Json<SponsorshipSyncRunsResponse>> {
    let since = db::now() - chrono::Duration::days(HISTORY_DAYS);
    let runs = store::runs_since(&state.db, access.org, since).await?;
    Ok(Json(SponsorshipSyncRunsResponse {
        last_sync_date: super::store::last_sync_date(&state.db, access.org).await?,
        runs,
    }))
}
