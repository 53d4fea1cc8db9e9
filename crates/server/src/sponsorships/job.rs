//! The self-hosted sponsorship sync: sends every local sponsorship of an
//! organization to the cloud in batches and applies the cloud's answer
//! (contract §3.2). Runs on demand ("Sync now") and on the schedule of
//! [`super::schedule`], always under the sync lease, so one run at a time
//! happens across every replica.

use super::store::{self, AnswerKind, Sponsorship, StagedAnswer};
use crate::connections::{rules as connection_rules, store as connections};
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::jobs::Exclusive;
use crate::policy::{can, OrgAccess};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use std::collections::HashMap;
use wire::connections::OrganizationConnectionType;
use wire::error::ErrorCode;
use wire::ids::SponsorshipId;
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
    let outcome = sync_org(state, org, &id).await;
    if outcome.is_err() {
        // Nothing of a failed run is applied; its staged answers go (the
        // next run of the organization would drop them too).
        if let Err(e) = store::drop_answers(&state.db, &id).await {
            tracing::warn!(organization = %org, error = %e, "could not drop a failed run's answers");
        }
    }
    let (counts, error, code) = match outcome {
        Ok(counts) => (counts, None, None),
        Err(SyncFailure::Internal(e)) => return Err(e),
        Err(SyncFailure::Reason(reason)) => {
            tracing::warn!(organization = %org, reason = %reason, "sponsorship sync failed");
            (Counts::default(), Some(reason), None)
        }
        Err(SyncFailure::Cloud(e)) => {
            let reason = format!("Organization sync failed: {e}");
            tracing::warn!(organization = %org, reason = %reason, "sponsorship sync failed");
            (Counts::default(), Some(reason), Some(e.code()))
        }
    };
    let (error_code, args) = code.unzip();
    let run = SponsorshipSyncRun {
        trigger,
        started_at,
        finished_at: Some(db::now()),
        sent: counts.sent,
        updated: counts.updated,
        removed: counts.removed,
        error,
        error_code,
        error_code_args: args
            .unwrap_or_default()
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect(),
        // The progress lines are for a run in flight; the run's row keeps them.
        batches_sent: None,
        batches_total: None,
    };
    store::finish_run(&state.db, &id, &run).await?;
    Ok(run)
}

enum SyncFailure {
    /// A reason to show the administrator.
    Reason(String),
    /// The cloud failed (its message, and a code a client can translate).
    Cloud(crate::cloud_client::CloudError),
    /// Our own failure (database): a 500.
    Internal(ApiError),
}

impl<E: Into<ApiError>> From<E> for SyncFailure {
    fn from(err: E) -> Self {
        Self::Internal(err.into())
    }
}

async fn sync_org(
    state: &AppState,
    org: OrganizationId,
    run_id: &str,
) -> Result<Counts, SyncFailure> {
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
    let failed = SyncFailure::Cloud;
    store::clear_stale_answers(&state.db, org, run_id).await?;
    let mut progress = Progress::start(state, org, run_id).await?;
    // Rows are read a page at a time (keyset pagination by id), each page
    // marked "may be on the cloud" in the same statement that reads it,
    // before it is sent: a revoke then knows the cloud may hold the offer
    // even if this run fails midway. The cloud's answers are staged in the
    // database, not kept: the run holds a few pages, whatever the size.
    //
    // While the cloud works on a page, this database stages the previous
    // page's answers and marks the next page, in one transaction: the two
    // databases work side by side and each batch costs one local commit.
    // A page marked but never sent (the run failed meanwhile) is harmless:
    // the mark only says the cloud *may* hold its offers.
    let mut token = None;
    let mut sent: u32 = 0;
    let mut page = store::mark_page_for_sending(&state.db, org, None, BATCH_SIZE).await?;
    let mut answers = Vec::new();
    while let Some(last) = page.last().map(|row| row.id) {
        // The token is fetched once, when there is something to send.
        let bearer = match token.take() {
            Some(bearer) => bearer,
            None => state
                .cloud
                .installation_token(wire::identity::scopes::API_INSTALLATION)
                .await
                .map_err(failed)?,
        };
        let request = OrganizationSponsorshipSyncRequest {
            billing_sync_key: Some(config.billing_sync_key.clone()),
            sponsoring_organization_cloud_id: cloud_org,
            sponsorships_batch: page.iter().map(sync_item).collect(),
        };
        let (response, next_page) = tokio::join!(
            state.cloud.sync_sponsorships(&bearer, &request),
            store::stage_answers_and_mark_next_page(
                &state.db, run_id, &answers, org, last, BATCH_SIZE
            ),
        );
        // The cloud's failure is the one to report when both failed.
        let response = response.map_err(failed)?;
        let next_page = next_page?;
        token = Some(bearer);
        answers = stage(&page, response.sponsorships_batch);
        sent = sent.saturating_add(u32::try_from(page.len()).unwrap_or(u32::MAX));
        progress.batch_sent(state).await;
        page = next_page;
    }
    store::stage_answers(&state.db, run_id, &answers).await?;
    if sent == 0 {
        return Ok(Counts::default());
    }
    // Every batch must succeed before anything is stored: a failure midway
    // leaves the local rows as they were, and the next run converges.
    let applied = store::apply_staged_answers(&state.db, run_id).await?;
    Ok(Counts {
        sent,
        updated: u32::try_from(applied.updated).unwrap_or(u32::MAX),
        removed: u32::try_from(applied.removed).unwrap_or(u32::MAX),
    })
}

/// How far a run is, recorded on its row so "Sync now" can say "batch k of
/// n" while it runs (the page polls the runs).
struct Progress<'a> {
    run_id: &'a str,
    sent: u32,
    total: u32,
}

impl<'a> Progress<'a> {
    /// Counts the batches the organization's rows make and records 0 of them.
    async fn start(state: &AppState, org: OrganizationId, run_id: &'a str) -> ApiResult<Self> {
        let rows = store::count_for_sponsoring_org(&state.db, org).await?;
        let total = u32::try_from(rows.div_ceil(BATCH_SIZE as u64)).unwrap_or(u32::MAX);
        let progress = Self {
            run_id,
            sent: 0,
            total,
        };
        progress.record(state).await;
        Ok(progress)
    }

    /// One more batch answered (offers added during the run raise the total).
    async fn batch_sent(&mut self, state: &AppState) {
        self.sent = self.sent.saturating_add(1);
        self.total = self.total.max(self.sent);
        self.record(state).await;
    }

    /// Progress is for the eyes only: failing to record it does not fail the sync.
    async fn record(&self, state: &AppState) {
        if let Err(e) = store::record_progress(&state.db, self.run_id, self.sent, self.total).await
        {
            tracing::warn!(run = self.run_id, error = %e, "could not record the sync's progress");
        }
    }
}

/// What the cloud's answer to one page means for the page's rows, matched
/// by member (the sync key): a removal, the cloud's dates, or, for a revoke
/// the cloud never confirmed and did not answer for, its deletion. Rows the
/// cloud did not answer for otherwise stay as they are (nothing staged).
/// The rows are the ones read for this run; the answer is applied to the
/// row that still exists at the end of the run, never recreates it.
fn stage(page: &[Sponsorship], answers: Vec<OrganizationSponsorshipData>) -> Vec<StagedAnswer> {
    let by_member: HashMap<_, _> = page
        .iter()
        .map(|row| (row.sponsoring_organization_user_id, row))
        .collect();
    // The last answer for a member wins, as when answers were applied in order.
    let mut answered: HashMap<SponsorshipId, AnswerKind> = HashMap::new();
    for answer in answers {
        let Some(row) = by_member.get(&answer.sponsoring_organization_user_id) else {
            continue;
        };
        let kind = if answer.cloud_sponsorship_removed {
            AnswerKind::Removed
        } else {
            AnswerKind::Synced {
                last_sync_date: answer.last_sync_date,
                valid_until: answer.valid_until,
                to_delete: answer.to_delete,
            }
        };
        answered.insert(row.id, kind);
    }
    page.iter()
        .filter_map(|row| {
            let kind = match answered.remove(&row.id) {
                Some(kind) => kind,
                // A revoke the cloud never confirmed (no LastSyncDate).
                None if row.to_delete && row.last_sync_date.is_none() => {
                    AnswerKind::UnansweredRevoke
                }
                None => return None,
            };
            Some(StagedAnswer {
                sponsorship: row.id,
                kind,
            })
        })
        .collect()
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

/// POST /api/organization/sponsorship/self-hosted/{orgId}/sync — "Sync now" (owner). The run is returned, failed or not.
#[utoipa::path(post, path = "/api/organization/sponsorship/self-hosted/{orgId}/sync", tag = "sponsorships", security(("bearer" = [])),
    params(("orgId" = String, Path, description = "self-hosted organization id")),
    responses((status = 200, description = "the recorded run (error set when it failed)", body = SponsorshipSyncRun),
              (status = 400, description = "a sync is already running on this or another server (code `syncAlreadyRunning`); nothing started", body = wire::ErrorResponse),
              (status = 404, description = "not an owner", body = wire::ErrorResponse)))]
pub async fn sync_now(
    State(state): State<AppState>,
    access: OrgAccess<can::SyncSponsorshipsNow>,
) -> ApiResult<Json<SponsorshipSyncRun>> {
    super::settle_abandoned_runs(&state).await?;
    // Its own task: a run that outlasts the request (the 60 s request
    // timeout, a client that goes away) still finishes and is recorded.
    let org = access.org;
    let run = tokio::spawn(async move {
        state
            .jobs
            .exclusive(
                super::SYNC_LOCK,
                run_for_org(&state, org, SyncTrigger::Manual),
            )
            .await
    })
    .await
    .map_err(|e| ApiError::Internal(e.into()))??;
    match run {
        Exclusive::Done(run) => Ok(Json(run?)),
        Exclusive::Busy => Err(ApiError::Coded {
            message: "A sponsorship sync is already running. Try again when it has finished."
                .into(),
            code: ErrorCode::SyncAlreadyRunning,
            args: Vec::new(),
        }),
        Exclusive::Lost => Err(ApiError::Internal(anyhow::anyhow!(
            "the sponsorship sync lease was lost during the run"
        ))),
    }
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
    super::settle_abandoned_runs(&state).await?;
    let since = db::now() - chrono::Duration::days(HISTORY_DAYS);
    let runs = store::runs_since(&state.db, access.org, since).await?;
    Ok(Json(SponsorshipSyncRunsResponse {
        last_sync_date: super::store::last_sync_date(&state.db, access.org).await?,
        runs,
    }))
}
