//! Offering and revoking a Families sponsorship (both deployments); on the
//! cloud an offer is e-mailed at once, on a self-hosted server it waits for
//! the next sync.

use super::rules::{by_friendly_name, validate_offer, OfferError};
use super::store::{self, Sponsorship};
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::{AppJson, AppQuery};
use crate::mail;
use crate::organizations::store as orgs;
use crate::policy::{self, can, OrgAccess};
use crate::state::AppState;
use axum::extract::{Path, State};
use wire::capabilities::{self, Action};
use wire::error::ErrorCode;
use wire::ids::SponsorshipId;
use wire::sponsorships::OrganizationSponsorshipCreateRequest;
use wire::OrganizationId;

impl From<OfferError> for ApiError {
    fn from(err: OfferError) -> Self {
        match err {
            OfferError::Field(field, code, message) => {
                let error = ApiError::validation(field, code, message);
                match code {
                    ErrorCode::FieldRequired | ErrorCode::EmailInvalid => {
                        error.with_arg("field", field)
                    }
                    ErrorCode::FriendlyNameTooLong => {
                        error.with_arg("maxLength", super::rules::MAX_FRIENDLY_NAME.to_string())
                    }
                    _ => error,
                }
            }
            OfferError::Message(code, message) => ApiError::bad_request(code, message),
        }
    }
}

/// Stores a member's offer; returns the row and whether it is new.
async fn offer(
    state: &AppState,
    access: &OrgAccess<can::OfferSponsorship>,
    body: &OrganizationSponsorshipCreateRequest,
) -> ApiResult<(Sponsorship, bool)> {
    let org = orgs::find(&state.db, access.org)
        .await?
        .ok_or(ApiError::NotFound)?;
    let offer = validate_offer(
        body.sponsored_email.as_deref(),
        body.friendly_name.as_deref(),
        body.plan_sponsorship_type,
        &access.user.email,
    )?;
    let sponsor = policy::caller(state).with_tier(org.plan_type.tier());
    capabilities::check(Action::SponsorFamilies, &sponsor)?;
    if let Some(existing) = store::for_member(&state.db, org.id, access.membership.id).await? {
        if existing.friendly_name.as_deref() == Some(offer.friendly_name.as_str())
            && !existing.to_delete
        {
            return Ok((existing, false));
        }
        // Contract §1.3, create rule 7: the member's unredeemed offer is
        // overwritten; the next sync carries the new recipient to the cloud.
        if store::change_recipient(&state.db, existing.id, &offer.email, &offer.friendly_name)
            .await?
        {
            let changed = Sponsorship {
                offered_to_email: Some(offer.email),
                friendly_name: Some(offer.friendly_name),
                ..existing
            };
            return Ok((changed, false));
        }
        return Err(ApiError::bad_request(
            ErrorCode::AlreadySponsoring,
            "Can only sponsor one organization per Organization User.",
        ));
    }
    let row = Sponsorship {
        id: SponsorshipId(uuid::Uuid::new_v4()),
        sponsoring_organization_id: Some(org.id),
        sponsoring_organization_user_id: access.membership.id,
        sponsored_organization_id: None,
        friendly_name: Some(offer.friendly_name),
        offered_to_email: Some(offer.email),
        plan_sponsorship_type: Some(wire::sponsorships::FAMILIES_FOR_ENTERPRISE),
        last_sync_date: None,
        valid_until: None,
        to_delete: false,
        is_admin_initiated: false,
    };
    match store::upsert(&state.db, &row).await {
        Ok(()) => Ok((row, true)),
        // A concurrent offer by the same member won the unique index.
        Err(e) if crate::db::is_unique_violation(&e) => Err(ApiError::bad_request(
            ErrorCode::AlreadySponsoring,
            "Can only sponsor one organization per Organization User.",
        )),
        Err(e) => Err(e.into()),
    }
}

/// E-mails the offer to its recipient (cloud).
pub async fn send_offer_email(
    state: &AppState,
    row: &Sponsorship,
    sponsor_org_name: &str,
) -> ApiResult<()> {
    let mut conn = state.db.acquire().await?;
    if let Some(email) = offer_email(state, &mut conn, row, sponsor_org_name).await? {
        mail::enqueue(&mut *conn, &email).await?;
    }
    Ok(())
}

/// The offer e-mail for a row's recipient (none without a recipient), with
/// a fresh redeem link; queue it with [`mail::enqueue`], in the same
/// transaction as the row when the row is new.
pub async fn offer_email(
    state: &AppState,
    conn: &mut sqlx::AnyConnection,
    row: &Sponsorship,
    sponsor_org_name: &str,
) -> ApiResult<Option<mail::Email>> {
    let Some(email) = row.offered_to_email.as_deref() else {
        return Ok(None);
    };
    let has_account = crate::identity::store::find_by_email(&mut *conn, email)
        .await?
        .is_some();
    Ok(offer_mail(state, row, sponsor_org_name, has_account))
}

/// The offer e-mail for a row's recipient (none without a recipient), once
/// it is known whether the recipient has an account (the template and the
/// link differ): a sync batch looks its recipients up in one query.
pub fn offer_mail(
    state: &AppState,
    row: &Sponsorship,
    sponsor_org_name: &str,
    has_account: bool,
) -> Option<mail::Email> {
    let email = row.offered_to_email.as_deref()?;
    let token = super::token::issue(&state.keys, row.id, email, crate::db::now());
    let vault = state.settings.vault_uri.as_ref().map_or_else(
        || "http://localhost".to_owned(),
        |v| v.as_str().trim_end_matches('/').to_owned(),
    );
    let encoded_email: String = url::form_urlencoded::byte_serialize(email.as_bytes()).collect();
    let mut link =
        format!("{vault}/#/accept-families-for-enterprise?token={token}&email={encoded_email}");
    if !has_account {
        link.push_str("&register=true");
    }
    let mut mail = mail::templates::families_offer(email, sponsor_org_name, &link, has_account);
    mail.regarding = Some(row.id.to_string());
    Some(mail)
}

/// POST /api/organization/sponsorship/{sponsoringOrgId}/families-for-enterprise — offer a sponsorship (cloud member; e-mails the recipient).
#[utoipa::path(post, path = "/api/organization/sponsorship/{sponsoringOrgId}/families-for-enterprise", tag = "sponsorships", security(("bearer" = [])),
    params(("sponsoringOrgId" = String, Path, description = "enterprise organization id")),
    request_body = OrganizationSponsorshipCreateRequest,
    responses((status = 200, description = "offered and e-mailed (empty body)"),
              (status = 400, description = "invalid e-mail, self, not enterprise, one per member", body = wire::ErrorResponse),
              (status = 404, description = "not a member", body = wire::ErrorResponse)))]
pub async fn create_cloud_sponsorship(
    State(state): State<AppState>,
    access: OrgAccess<can::OfferSponsorship>,
    AppJson(body): AppJson<OrganizationSponsorshipCreateRequest>,
) -> ApiResult<()> {
    let (row, _) = offer(&state, &access, &body).await?;
    let org = orgs::find(&state.db, access.org)
        .await?
        .ok_or(ApiError::NotFound)?;
    send_offer_email(&state, &row, &org.name).await
}

/// POST /api/organization/sponsorship/self-hosted/{sponsoringOrgId}/families-for-enterprise — offer a sponsorship (self-hosted member; sent at the next sync).
#[utoipa::path(post, path = "/api/organization/sponsorship/self-hosted/{sponsoringOrgId}/families-for-enterprise", tag = "sponsorships", security(("bearer" = [])),
    params(("sponsoringOrgId" = String, Path, description = "enterprise organization id")),
    request_body = OrganizationSponsorshipCreateRequest,
    responses((status = 200, description = "stored; pending sync (empty body)"),
              (status = 400, description = "invalid e-mail, self, not enterprise, one per member", body = wire::ErrorResponse),
              (status = 404, description = "not a member", body = wire::ErrorResponse)))]
pub async fn create_self_hosted_sponsorship(
    State(state): State<AppState>,
    access: OrgAccess<can::OfferSponsorship>,
    AppJson(body): AppJson<OrganizationSponsorshipCreateRequest>,
) -> ApiResult<()> {
    offer(&state, &access, &body).await.map(|_| ())
}

/// `?sponsoredFriendlyName=…` of the resend.
#[derive(Debug, serde::Deserialize)]
pub struct ResendQuery {
    #[serde(rename = "sponsoredFriendlyName", default)]
    sponsored_friendly_name: Option<String>,
}

/// POST /api/organization/sponsorship/{sponsoringOrgId}/families-for-enterprise/resend — e-mail an offer again (cloud).
/// A member resends their own offer (named or not); naming someone else's
/// offer takes an owner or admin (Bitwarden's ManageUsers: 403 otherwise),
/// and a name nobody has sends nothing.
#[utoipa::path(post, path = "/api/organization/sponsorship/{sponsoringOrgId}/families-for-enterprise/resend", tag = "sponsorships", security(("bearer" = [])),
    params(("sponsoringOrgId" = String, Path, description = "enterprise organization id"),
           ("sponsoredFriendlyName" = Option<String>, Query, description = "the offer to resend, by friendly name; another member's offer takes an owner or admin")),
    responses((status = 200, description = "sent again (empty body)"),
              (status = 400, description = "no outstanding offer", body = wire::ErrorResponse),
              (status = 403, description = "another member's offer was named by a caller who may not manage users (empty body)"),
              (status = 404, description = "not a member", body = wire::ErrorResponse)))]
pub async fn resend_sponsorship_offer(
    State(state): State<AppState>,
    user: AuthUser,
    Path(org): Path<String>,
    AppQuery(query): AppQuery<ResendQuery>,
) -> ApiResult<()> {
    let org: OrganizationId = org.parse().map_err(|_| ApiError::NotFound)?;
    let outstanding = || {
        ApiError::bad_request(
            ErrorCode::NoOutstandingOffer,
            "Cannot find an outstanding sponsorship offer for this organization.",
        )
    };
    let name = query
        .sponsored_friendly_name
        .as_deref()
        .filter(|n| !n.is_empty());
    let (caller, membership) =
        policy::caller_in(&state, &user, org, Action::ResendSponsorshipOffer).await?;
    let own = match &membership {
        Some(membership) if capabilities::allows(Action::ResendSponsorshipOffer, &caller) => {
            store::for_member(&state.db, org, membership.id).await?
        }
        _ => None,
    };
    let row = match name {
        None => {
            capabilities::check(Action::ResendSponsorshipOffer, &caller)?;
            own.filter(|r| r.offered_to_email.is_some())
                .ok_or_else(outstanding)?
        }
        Some(name) => {
            let named_own =
                own.filter(|r| by_friendly_name(std::slice::from_ref(r), name).is_some());
            let row = match named_own {
                Some(row) => row,
                None => {
                    capabilities::check(Action::ResendSponsorshipOfferByName, &caller)?;
                    let rows = store::for_sponsoring_org(&state.db, org).await?;
                    let Some(row) = by_friendly_name(&rows, name) else {
                        return Ok(());
                    };
                    row.clone()
                }
            };
            if row.offered_to_email.is_none() {
                return Err(outstanding());
            }
            row
        }
    };
    let org = orgs::find(&state.db, org)
        .await?
        .ok_or(ApiError::NotFound)?;
    send_offer_email(&state, &row, &org.name).await
}

/// DELETE /api/organization/sponsorship/{sponsoringOrgId} — revoke the member's sponsorship (cloud).
/// Unredeemed offers disappear; redeemed ones end at the paid-through date.
#[utoipa::path(delete, path = "/api/organization/sponsorship/{sponsoringOrgId}", tag = "sponsorships", security(("bearer" = [])),
    params(("sponsoringOrgId" = String, Path, description = "enterprise organization id")),
    responses((status = 200, description = "revoked (empty body)"),
              (status = 400, description = "not sponsoring", body = wire::ErrorResponse),
              (status = 404, description = "not a member", body = wire::ErrorResponse)))]
pub async fn revoke_cloud_sponsorship(
    State(state): State<AppState>,
    access: OrgAccess<can::RevokeSponsorship>,
) -> ApiResult<()> {
    let row = own_sponsorship(&state, &access).await?;
    revoke_on_cloud(&state, row).await
}

/// The cloud's revoke rule (contract §1.3): an offer nobody redeemed
/// disappears; a redeemed one is marked and ends at its paid-through date.
pub(super) async fn revoke_on_cloud(state: &AppState, row: Sponsorship) -> ApiResult<()> {
    // Conditional, so a redeem that commits meanwhile is marked, not deleted.
    if !store::delete_unredeemed(&state.db, row.id).await? {
        store::mark_to_delete(&state.db, row.id).await?;
    }
    Ok(())
}

/// DELETE /api/organization/sponsorship/self-hosted/{sponsoringOrgId} — revoke (self-hosted):
/// offers never sent to the cloud disappear; others (also those a failed run
/// may have delivered) are marked and removed by the next sync.
#[utoipa::path(delete, path = "/api/organization/sponsorship/self-hosted/{sponsoringOrgId}", tag = "sponsorships", security(("bearer" = [])),
    params(("sponsoringOrgId" = String, Path, description = "enterprise organization id")),
    responses((status = 200, description = "revoked or marked for removal (empty body)"),
              (status = 400, description = "not sponsoring", body = wire::ErrorResponse),
              (status = 404, description = "not a member", body = wire::ErrorResponse)))]
pub async fn revoke_self_hosted_sponsorship(
    State(state): State<AppState>,
    access: OrgAccess<can::RevokeSponsorship>,
) -> ApiResult<()> {
    let row = own_sponsorship(&state, &access).await?;
    revoke_on_self_hosted(&state, row).await
}

/// The self-hosted revoke rule (contract §1.4): an offer the cloud may never
/// have seen disappears; any other (also one a failed run may have
/// delivered) is marked and the next sync tells the cloud.
pub(super) async fn revoke_on_self_hosted(state: &AppState, row: Sponsorship) -> ApiResult<()> {
    store::revoke_local(&state.db, row.id).await?;
    Ok(())
}

async fn own_sponsorship(
    state: &AppState,
    access: &OrgAccess<can::RevokeSponsorship>,
) -> ApiResult<Sponsorship> {
    store::for_member(&state.db, access.org, access.membership.id)
        .await?
        .ok_or_else(|| {
            ApiError::bad_request(
                ErrorCode::NotSponsoring,
                "You are not currently sponsoring an organization.",
            )
        })
}
