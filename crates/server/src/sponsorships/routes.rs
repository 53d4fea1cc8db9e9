//! Sponsorship handlers.

use crate::db;
use crate::error::ApiResult;
use crate::policy::{can, OrgAccess};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use wire::sponsorships::SyncStatusResponse;

/// GET /api/organization/sponsorship/{sponsoringOrgId}/sync-status — the last
/// sponsorship sync of an organization (owner). Null until the first.
#[utoipa::path(get, path = "/api/organization/sponsorship/{sponsoringOrgId}/sync-status", tag = "sponsorships", security(("bearer" = [])),
    params(("sponsoringOrgId" = String, Path, description = "sponsoring organization id")),
    responses((status = 200, description = "syncStatus", body = SyncStatusResponse),
              (status = 404, description = "not an owner", body = wire::ErrorResponse)))]
pub async fn sync_status(
    State(state): State<AppState>,
    access: OrgAccess<can::ViewSponsorshipSyncStatus>,
) -> ApiResult<Json<SyncStatusResponse>> {
    let row = sqlx::query(
        "SELECT MAX(last_sync_date) AS last_sync_date FROM organization_sponsorships WHERE sponsoring_organization_id = $1",
    )
    .bind(access.org.to_string())
    .fetch_one(&state.db)
    .await?;
    Ok(Json(SyncStatusResponse::new(db::get_ts_opt(
        &row,
        "last_sync_date",
    )?)))
}
