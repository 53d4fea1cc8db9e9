//! Families-for-Enterprise sponsorships: members offer them, self-hosted
//! servers sync them to the cloud, the cloud e-mails and redeems them.

mod cloud;
pub mod job;
pub mod maintenance;
mod manage;
mod offers;
mod routes;
pub mod rules;
pub mod schedule;
pub mod store;
pub mod token;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The lease every sponsorship sync run is made under (scheduled, requested
/// or "Sync now", on any replica).
pub const SYNC_LOCK: &str = "sponsorship-sync";

/// What an abandoned run says.
pub const ABANDONED: &str =
    "The server running this sync stopped before it finished; the next run sends everything again.";

/// Records the runs left unfinished by a replica that died (or was stopped
/// mid-run) as failed; each run only happens under its job's lease, so a run
/// without a live lease is abandoned. Returns how many were settled.
pub async fn settle_abandoned_runs(state: &AppState) -> Result<u64, sqlx::Error> {
    let now = crate::db::now();
    let mut settled = store::fail_abandoned_runs(&state.db, SYNC_LOCK, now, ABANDONED).await?;
    for job in [
        store::MaintenanceJob::Cleanup,
        store::MaintenanceJob::Revalidation,
    ] {
        settled += store::fail_abandoned_maintenance_runs(
            &state.db,
            job,
            now,
            "The server running this job stopped before it finished.",
        )
        .await?;
    }
    if settled > 0 {
        tracing::warn!(
            runs = settled,
            "recorded runs abandoned by a stopped replica as failed"
        );
    }
    Ok(settled)
}

/// Routes served by both roles.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(routes::sync_status))
}

/// Routes only the cloud serves.
#[allow(deprecated)] // Bitwarden's legacy aliases are served on purpose
pub fn cloud_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(offers::create_cloud_sponsorship))
        .routes(routes!(offers::resend_sponsorship_offer))
        .routes(routes!(offers::revoke_cloud_sponsorship))
        .routes(routes!(manage::post_revoke_cloud_sponsorship))
        .routes(routes!(manage::list_cloud_sponsorships))
        .routes(routes!(manage::revoke_cloud_sponsorship_by_name))
        .routes(routes!(manage::remove_sponsorship))
        .routes(routes!(manage::post_remove_sponsorship))
        .routes(routes!(cloud::sync_sponsorships))
        .routes(routes!(cloud::validate_token))
        .routes(routes!(cloud::redeem))
}

/// Routes only self-hosted servers serve.
#[allow(deprecated)] // Bitwarden's legacy alias is served on purpose
pub fn self_hosted_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(offers::create_self_hosted_sponsorship))
        .routes(routes!(offers::revoke_self_hosted_sponsorship))
        .routes(routes!(manage::post_revoke_self_hosted_sponsorship))
        .routes(routes!(manage::list_self_hosted_sponsorships))
        .routes(routes!(manage::revoke_self_hosted_sponsorship_by_name))
        .routes(routes!(job::sync_now))
        .routes(routes!(job::sync_runs))
}
