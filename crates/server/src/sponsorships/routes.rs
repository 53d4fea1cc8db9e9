//! Sponsorship handlers.

use super::store;
use crate::auth::MaybeUser;
use crate::error::{ApiError, ApiResult};
use crate::policy;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::Json;
use wire::capabilities::{self, Action};
use wire::sponsorships::SyncStatusResponse;
use wire::OrganizationId;

/// GET /api/organization/sponsorship/{sponsoringOrgId}/sync-status — the last
/// sponsorship sync of an organization (owner). Null until the first.
///
/// Bitwarden gives this action no `[Authorize]` attribute (contract §1.3):
/// a missing or invalid token is not refused with 401, the caller is just
/// not the owner, so the answer is 404 like for any non-owner. An unknown
/// organization is a 404 too (Bitwarden fails with a 500 there).
#[utoipa::path(get, path = "/api/organization/sponsorship/{sponsoringOrgId}/sync-status", tag = "sponsorships",
    security((), ("bearer" = [])),
    params(("sponsoringOrgId" = String, Path, description = "sponsoring organization id")),
    responses((status = 200, description = "syncStatus", body = SyncStatusResponse),
              (status = 404, description = "not an owner (also without a token or with an invalid one), or no such organization", body = wire::ErrorResponse)))]
pub async fn sync_status(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(org): Path<String>,
) -> ApiResult<Json<SyncStatusResponse>> {
    let org: OrganizationId = org.parse().map_err(|_| ApiError::NotFound)?;
    let action = Action::ViewSponsorshipSyncStatus;
    let caller = match &user {
        Some(user) => policy::caller_in(&state, user, org, action).await?.0,
        None => policy::caller(&state),
    };
    capabilities::check(action, &caller)?;
    let last = store::last_sync_date(&state.db, org).await?;
    Ok(Json(SyncStatusResponse::new(last)))
}
