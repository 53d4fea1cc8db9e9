//! Managing sponsorships beyond one's own offer (contract §1.3, §1.4): the
//! Admin Console list of an organization's sponsorships and revoking one by
//! its friendly name (owners and admins, both deployments); the sponsored
//! Families organization's owner ending the sponsorship (cloud); and the
//! legacy `POST …/delete` and `POST …/remove` aliases older clients call.

use super::offers::{
    revoke_cloud_sponsorship, revoke_on_cloud, revoke_on_self_hosted,
    revoke_self_hosted_sponsorship,
};
use super::rules::by_friendly_name;
use super::store::{self, Sponsorship};
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::organizations::store as orgs;
use crate::policy::{self, can, OrgAccess};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::Json;
use wire::api_keys::ListResponse;
use wire::capabilities::Action;
use wire::error::ErrorCode;
use wire::sponsorships::OrganizationSponsorshipInvite;
use wire::OrganizationId;

fn parse_org(text: &str) -> ApiResult<OrganizationId> {
    text.parse().map_err(|_| ApiError::NotFound)
}

fn invite(row: Sponsorship) -> OrganizationSponsorshipInvite {
    OrganizationSponsorshipInvite {
        object: OrganizationSponsorshipInvite::object_name(),
        sponsoring_organization_user_id: row.sponsoring_organization_user_id,
        friendly_name: row.friendly_name,
        offered_to_email: row.offered_to_email,
        plan_sponsorship_type: row.plan_sponsorship_type,
        last_sync_date: row.last_sync_date,
        valid_until: row.valid_until,
        to_delete: row.to_delete,
        is_admin_initiated: row.is_admin_initiated,
        notes: None,
        cloud_sponsorship_removed: false,
    }
}

/// The list, in Bitwarden's order of checks: an unknown organization is a
/// 404, then a caller who may not manage users gets 401 `Unauthorized.`.
///
/// Every sponsorship of the organization is listed, the members' own offers
/// included: Bitwarden's list holds only admin-initiated rows, which this
/// product does not create, and admins must see and revoke the members'
/// offers (issue 12). `isAdminInitiated` tells them apart for clients that
/// filter.
async fn list(
    state: &AppState,
    user: &AuthUser,
    org: &str,
) -> ApiResult<Json<ListResponse<OrganizationSponsorshipInvite>>> {
    let org = parse_org(org)?;
    orgs::find(&state.db, org)
        .await?
        .ok_or(ApiError::NotFound)?;
    policy::check(state, user, org, Action::ListSponsorships).await?;
    let rows = store::for_sponsoring_org(&state.db, org).await?;
    Ok(Json(ListResponse::new(
        rows.into_iter().map(invite).collect(),
    )))
}

/// GET /api/organization/sponsorship/{sponsoringOrgId}/sponsored — every sponsorship of the organization (cloud; owners and admins).
#[utoipa::path(get, path = "/api/organization/sponsorship/{sponsoringOrgId}/sponsored", tag = "sponsorships", security(("bearer" = [])),
    params(("sponsoringOrgId" = String, Path, description = "sponsoring organization id")),
    responses((status = 200, description = "list of organizationSponsorship", body = ListResponse<OrganizationSponsorshipInvite>),
              (status = 401, description = "`Unauthorized.`: not an owner or admin (empty body without a valid token)", body = wire::ErrorResponse),
              (status = 404, description = "no such organization", body = wire::ErrorResponse)))]
pub async fn list_cloud_sponsorships(
    State(state): State<AppState>,
    user: AuthUser,
    Path(org): Path<String>,
) -> ApiResult<Json<ListResponse<OrganizationSponsorshipInvite>>> {
    list(&state, &user, &org).await
}

/// GET /api/organization/sponsorship/self-hosted/{orgId}/sponsored — every sponsorship of the organization (self-hosted; owners and admins).
#[utoipa::path(get, path = "/api/organization/sponsorship/self-hosted/{orgId}/sponsored", tag = "sponsorships", security(("bearer" = [])),
    params(("orgId" = String, Path, description = "sponsoring organization id")),
    responses((status = 200, description = "list of organizationSponsorship", body = ListResponse<OrganizationSponsorshipInvite>),
              (status = 401, description = "`Unauthorized.`: not an owner or admin (empty body without a valid token)", body = wire::ErrorResponse),
              (status = 404, description = "no such organization", body = wire::ErrorResponse)))]
pub async fn list_self_hosted_sponsorships(
    State(state): State<AppState>,
    user: AuthUser,
    Path(org): Path<String>,
) -> ApiResult<Json<ListResponse<OrganizationSponsorshipInvite>>> {
    list(&state, &user, &org).await
}

/// The sponsorship an admin names, or the contract's 400.
async fn named(
    state: &AppState,
    org: OrganizationId,
    friendly_name: &str,
) -> ApiResult<Sponsorship> {
    let rows = store::for_sponsoring_org(&state.db, org).await?;
    by_friendly_name(&rows, friendly_name)
        .cloned()
        .ok_or_else(|| {
            ApiError::bad_request(
                ErrorCode::SponsoredOrganizationNotFound,
                "The specified sponsored organization could not be found under the given sponsoring organization.",
            )
        })
}

/// DELETE /api/organization/sponsorship/{organizationId}/{sponsoredFriendlyName}/revoke — revoke any member's sponsorship by name (cloud; owners and admins).
#[utoipa::path(delete, path = "/api/organization/sponsorship/{organizationId}/{sponsoredFriendlyName}/revoke", tag = "sponsorships", security(("bearer" = [])),
    params(("organizationId" = String, Path, description = "sponsoring organization id"),
           ("sponsoredFriendlyName" = String, Path, description = "the sponsorship's friendly name, any case")),
    responses((status = 200, description = "revoked: deleted if never redeemed, else ends at its paid-through date (empty body)"),
              (status = 400, description = "no sponsorship of that name", body = wire::ErrorResponse),
              (status = 403, description = "not an owner or admin of the organization (empty body)")))]
pub async fn revoke_cloud_sponsorship_by_name(
    State(state): State<AppState>,
    access: OrgAccess<can::RevokeSponsorshipByName>,
    Path((_, friendly_name)): Path<(String, String)>,
) -> ApiResult<()> {
    let row = named(&state, access.org, &friendly_name).await?;
    revoke_on_cloud(&state, row).await
}

/// DELETE /api/organization/sponsorship/self-hosted/{organizationId}/{sponsoredFriendlyName}/revoke — revoke any member's sponsorship by name (self-hosted; owners and admins).
#[utoipa::path(delete, path = "/api/organization/sponsorship/self-hosted/{organizationId}/{sponsoredFriendlyName}/revoke", tag = "sponsorships", security(("bearer" = [])),
    params(("organizationId" = String, Path, description = "sponsoring organization id"),
           ("sponsoredFriendlyName" = String, Path, description = "the sponsorship's friendly name, any case")),
    responses((status = 200, description = "revoked: deleted if never synced, else marked and removed by the next sync (empty body)"),
              (status = 400, description = "no sponsorship of that name", body = wire::ErrorResponse),
              (status = 403, description = "not an owner or admin of the organization (empty body)")))]
pub async fn revoke_self_hosted_sponsorship_by_name(
    State(state): State<AppState>,
    access: OrgAccess<can::RevokeSponsorshipByName>,
    Path((_, friendly_name)): Path<(String, String)>,
) -> ApiResult<()> {
    let row = named(&state, access.org, &friendly_name).await?;
    revoke_on_self_hosted(&state, row).await
}

/// The sponsored side's removal (contract §1.3): owners only (400 for
/// anyone else), and only a redeemed sponsorship; it is marked and ends at
/// its paid-through date.
async fn remove(state: &AppState, user: &AuthUser, sponsored: &str) -> ApiResult<()> {
    let refusal = || {
        ApiError::bad_request(
            ErrorCode::OnlyOwnerCanRemoveSponsorship,
            "Only the owner of an organization can remove sponsorship.",
        )
    };
    let sponsored: OrganizationId = sponsored.parse().map_err(|_| refusal())?;
    policy::check(state, user, sponsored, Action::RemoveSponsorship).await?;
    let mut row = store::sponsoring(&state.db, sponsored)
        .await?
        .filter(|row| row.sponsored_organization_id.is_some())
        .ok_or_else(|| {
            ApiError::bad_request(
                ErrorCode::NotSponsored,
                "The requested organization is not currently being sponsored.",
            )
        })?;
    row.to_delete = true;
    store::upsert(&state.db, &row).await?;
    tracing::info!(sponsorship = %row.id, organization = %sponsored, "sponsorship removed by the sponsored organization");
    Ok(())
}

/// DELETE /api/organization/sponsorship/sponsored/{sponsoredOrgId} — the Families organization's owner ends its sponsorship (cloud).
#[utoipa::path(delete, path = "/api/organization/sponsorship/sponsored/{sponsoredOrgId}", tag = "sponsorships", security(("bearer" = [])),
    params(("sponsoredOrgId" = String, Path, description = "the sponsored Families organization")),
    responses((status = 200, description = "marked: the sponsorship ends at its paid-through date (empty body)"),
              (status = 400, description = "not the owner, or not sponsored", body = wire::ErrorResponse)))]
pub async fn remove_sponsorship(
    State(state): State<AppState>,
    user: AuthUser,
    Path(sponsored): Path<String>,
) -> ApiResult<()> {
    remove(&state, &user, &sponsored).await
}

/// POST /api/organization/sponsorship/sponsored/{sponsoredOrgId}/remove — legacy alias of the DELETE (cloud).
#[utoipa::path(post, path = "/api/organization/sponsorship/sponsored/{sponsoredOrgId}/remove", tag = "sponsorships", security(("bearer" = [])),
    params(("sponsoredOrgId" = String, Path, description = "the sponsored Families organization")),
    responses((status = 200, description = "marked: the sponsorship ends at its paid-through date (empty body)"),
              (status = 400, description = "not the owner, or not sponsored", body = wire::ErrorResponse)))]
#[deprecated = "Bitwarden's legacy alias; use DELETE /api/organization/sponsorship/sponsored/{sponsoredOrgId}"]
pub async fn post_remove_sponsorship(
    State(state): State<AppState>,
    user: AuthUser,
    Path(sponsored): Path<String>,
) -> ApiResult<()> {
    remove(&state, &user, &sponsored).await
}

/// POST /api/organization/sponsorship/{sponsoringOrgId}/delete — legacy alias of the member's revoke (cloud).
#[utoipa::path(post, path = "/api/organization/sponsorship/{sponsoringOrgId}/delete", tag = "sponsorships", security(("bearer" = [])),
    params(("sponsoringOrgId" = String, Path, description = "enterprise organization id")),
    responses((status = 200, description = "revoked (empty body)"),
              (status = 400, description = "not sponsoring", body = wire::ErrorResponse),
              (status = 404, description = "not a member", body = wire::ErrorResponse)))]
#[deprecated = "Bitwarden's legacy alias; use DELETE /api/organization/sponsorship/{sponsoringOrgId}"]
pub async fn post_revoke_cloud_sponsorship(
    state: State<AppState>,
    access: OrgAccess<can::RevokeSponsorship>,
) -> ApiResult<()> {
    revoke_cloud_sponsorship(state, access).await
}

/// POST /api/organization/sponsorship/self-hosted/{sponsoringOrgId}/delete — legacy alias of the member's revoke (self-hosted).
#[utoipa::path(post, path = "/api/organization/sponsorship/self-hosted/{sponsoringOrgId}/delete", tag = "sponsorships", security(("bearer" = [])),
    params(("sponsoringOrgId" = String, Path, description = "enterprise organization id")),
    responses((status = 200, description = "revoked or marked for removal (empty body)"),
              (status = 400, description = "not sponsoring", body = wire::ErrorResponse),
              (status = 404, description = "not a member", body = wire::ErrorResponse)))]
#[deprecated = "Bitwarden's legacy alias; use DELETE /api/organization/sponsorship/self-hosted/{sponsoringOrgId}"]
pub async fn post_revoke_self_hosted_sponsorship(
    state: State<AppState>,
    access: OrgAccess<can::RevokeSponsorship>,
) -> ApiResult<()> {
    revoke_self_hosted_sponsorship(state, access).await
}
