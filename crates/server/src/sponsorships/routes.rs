//! Sponsorship handlers.

use super::store;
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
    let last = store::last_sync_date(&state.db, access.org).await?;
    Ok(Json(SyncStatusResponse::new(last)))
}
