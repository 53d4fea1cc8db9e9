//! The cloud's side of sponsorship sync, and redemption by the recipient.

use super::rules::{offer_expired, plan_cloud_sync, validate_sync_batch, RowUpdate, SponsoringOrg};
use super::store::{self, Sponsorship};
use super::token;
use crate::auth::{AuthInstallation, AuthUser, ScopeInstallation};
use crate::error::{ApiError, ApiResult};
use crate::extract::{AppJson, AppQuery};
use crate::organizations::store::{self as orgs, Organization};
use crate::policy;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use std::collections::HashMap;
use wire::capabilities::{self, Action};
use wire::error::ErrorCode;
use wire::organizations::PlanType;
use wire::sponsorships::{
    OrganizationSponsorshipRedeemRequest, OrganizationSponsorshipSyncRequest,
    OrganizationSponsorshipSyncResponse, PreValidateSponsorshipResponse,
};
use wire::OrganizationId;

/// POST /api/organization/sponsorship/sync — a self-hosted installation syncs a batch (installation token, billing sync key).
#[utoipa::path(post, path = "/api/organization/sponsorship/sync", tag = "sponsorships", security(("bearer" = [])),
    request_body = OrganizationSponsorshipSyncRequest,
    responses((status = 200, description = "the cloud's view of the batch", body = OrganizationSponsorshipSyncResponse),
              (status = 400, description = "Invalid organization / Invalid Billing Sync Key / a field over Bitwarden's limits (model state names it) / more than 1000 items", body = wire::ErrorResponse),
              (status = 401, description = "the installation was disabled (empty body)"),
              (status = 429, description = "too many new offers today for the organization or the installation (`Retry-After`)", body = wire::ErrorResponse)))]
pub async fn sync_sponsorships(
    State(state): State<AppState>,
    installation: AuthInstallation<ScopeInstallation>,
    AppJson(body): AppJson<OrganizationSponsorshipSyncRequest>,
) -> ApiResult<Json<OrganizationSponsorshipSyncResponse>> {
    validate_sync_batch(&body.sponsorships_batch).map_err(|e| {
        ApiError::validation(e.field, ErrorCode::RequestInvalid, e.message)
            .with_arg("reason", e.message)
    })?;
    let org = orgs::find(&state.db, body.sponsoring_organization_cloud_id)
        .await?
        .ok_or_else(|| {
            ApiError::bad_request(ErrorCode::OrganizationInvalid, "Invalid organization")
        })?;
    crate::licenses::check_billing_sync_key(&state, org.id, body.billing_sync_key.as_ref()).await?;
    let sponsoring = SponsoringOrg {
        id: org.id,
        may_sponsor: capabilities::allows(
            Action::SponsorFamilies,
            &policy::caller(&state).with_tier(org.plan_type.tier()),
        ),
        enabled: org.enabled,
        expiration: org.expiration_date,
    };
    let now = crate::db::now();
    let members: Vec<_> = body
        .sponsorships_batch
        .iter()
        .map(|item| item.sponsoring_organization_user_id)
        .collect();
    // One transaction for the rows and their mails, started with a write so
    // that it holds the lock from the start; the rows are read inside it.
    let mut tx = state.db.begin().await?;
    store::lock_sponsoring_org(&mut *tx, org.id).await?;
    let existing: HashMap<_, _> = store::for_members(&mut tx, org.id, &members)
        .await?
        .into_iter()
        .map(|row| (row.sponsoring_organization_user_id, row))
        .collect();
    let plan = plan_cloud_sync(&sponsoring, &existing, body.sponsorships_batch, now);
    state
        .limits
        .new_offers(org.id, installation.id, plan.inserts.len())?;
    // A few statements per batch, whatever its size: the new rows in one
    // insert, the touched rows in one update per kind, the removals in one
    // delete; only a changed recipient (rare) is a statement of its own.
    store::insert_offers(&mut tx, &plan.inserts).await?;
    let (marked, touched): (Vec<_>, Vec<_>) = plan.updates.iter().partition(|u| u.to_delete);
    let ids = |updates: Vec<&RowUpdate>| updates.iter().map(|u| u.id).collect::<Vec<_>>();
    store::mark_synced(&mut tx, &ids(touched), now, false).await?;
    store::mark_synced(&mut tx, &ids(marked), now, true).await?;
    let mut unchanged = std::collections::HashSet::new();
    for update in &plan.updates {
        if let Some((email, name)) = &update.new_recipient {
            if !store::change_offer_recipient(&mut tx, update.id, email, name.as_deref()).await? {
                unchanged.insert(update.id);
            }
        }
    }
    // Redeemed meanwhile (PostgreSQL): it ends at ValidUntil instead.
    store::remove_revoked(&mut tx, &plan.deletes).await?;
    // The mails go into the outbox in the same transaction: an offer exists
    // exactly when its e-mail is queued.
    let to_mail: Vec<_> = plan
        .mails
        .iter()
        .filter(|r| !unchanged.contains(&r.id))
        .collect();
    let recipients: Vec<&str> = to_mail
        .iter()
        .filter_map(|r| r.offered_to_email.as_deref())
        .collect();
    let accounts = crate::identity::store::existing_emails(&mut tx, &recipients).await?;
    let mails: Vec<_> = to_mail
        .iter()
        .filter_map(|row| {
            let has_account = row
                .offered_to_email
                .as_ref()
                .is_some_and(|e| accounts.contains(e));
            super::offers::offer_mail(&state, row, &org.name, has_account)
        })
        .collect();
    crate::mail::enqueue_many(&mut tx, &mails).await?;
    tx.commit().await?;
    tracing::info!(
        organization = %org.id,
        received = plan.response.len(),
        new_offers = plan.inserts.len(),
        mailed = plan.mails.len(),
        removed = plan.deletes.len(),
        "sponsorships synced"
    );
    Ok(Json(OrganizationSponsorshipSyncResponse {
        sponsorships_batch: plan.response,
    }))
}

/// `?sponsorshipToken=…`
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenQuery {
    sponsorship_token: Option<wire::Secret>,
}

/// The unredeemed offer a token names, if the token is valid for `user`.
async fn offer_for(
    state: &AppState,
    user: &AuthUser,
    token: Option<&str>,
) -> ApiResult<Option<Sponsorship>> {
    let Some(token) = token.and_then(|t| token::read(&state.keys, t, crate::db::now())) else {
        return Ok(None);
    };
    let Some(row) = store::find(&state.db, token.id).await? else {
        return Ok(None);
    };
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    let valid = row.plan_sponsorship_type == Some(token.sponsorship_type)
        && row
            .offered_to_email
            .as_deref()
            .is_some_and(|e| same(e, &token.email) && same(e, &user.email));
    Ok(valid.then_some(row))
}

/// POST /api/organization/sponsorship/validate-token?sponsorshipToken=… — whether a redeem link is valid for the caller.
#[utoipa::path(post, path = "/api/organization/sponsorship/validate-token", tag = "sponsorships", security(("bearer" = [])),
    params(("sponsorshipToken" = String, Query, description = "token from the offer e-mail")),
    responses((status = 200, description = "whether the token is valid for the caller", body = PreValidateSponsorshipResponse)))]
pub async fn validate_token(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(query): AppQuery<TokenQuery>,
) -> ApiResult<Json<PreValidateSponsorshipResponse>> {
    let valid = offer_for(
        &state,
        &user,
        query.sponsorship_token.as_ref().map(wire::Secret::expose),
    )
    .await?
    .is_some();
    Ok(Json(PreValidateSponsorshipResponse {
        is_token_valid: valid,
        is_free_family_policy_enabled: false,
    }))
}

/// How long a sponsorship pays for the Families organization before renewal.
const SPONSORED_PERIOD_DAYS: i64 = 365;

/// POST /api/organization/sponsorship/redeem?sponsorshipToken=… — apply the offer to a Families organization the caller owns (or a new one).
#[utoipa::path(post, path = "/api/organization/sponsorship/redeem", tag = "sponsorships", security(("bearer" = [])),
    params(("sponsorshipToken" = String, Query, description = "token from the offer e-mail")),
    request_body(content = OrganizationSponsorshipRedeemRequest, description = "`sponsoredOrganizationId` of a Families organization the caller owns, or `newOrganizationName`"),
    responses((status = 200, description = "redeemed (empty body)"),
              (status = 400, description = "invalid token, not owner, already sponsored, expired, not Families", body = wire::ErrorResponse)))]
pub async fn redeem(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(query): AppQuery<TokenQuery>,
    AppJson(body): AppJson<OrganizationSponsorshipRedeemRequest>,
) -> ApiResult<()> {
    let row = offer_for(
        &state,
        &user,
        query.sponsorship_token.as_ref().map(wire::Secret::expose),
    )
    .await?
    .ok_or_else(|| {
        ApiError::bad_request(
            ErrorCode::SponsorshipTokenInvalid,
            "Failed to parse sponsorship token.",
        )
    })?;
    let now = crate::db::now();
    let client_key =
        crate::organizations::keys::client_owner_key(body.key.as_ref().map(|k| k.expose()))?;
    let target = match (&body.new_organization_name, body.sponsored_organization_id) {
        (Some(name), _) => new_families_org(name)?,
        (None, Some(id)) => owned_families_target(&state, &user, id).await?,
        (None, None) => {
            return Err(ApiError::bad_request(
                ErrorCode::FamiliesOrganizationRequired,
                "Choose a Families organization or name a new one.",
            ))
        }
    };
    if offer_expired(row.last_sync_date, now) {
        store::delete(&state.db, row.id).await?;
        return Err(ApiError::bad_request(
            ErrorCode::OfferExpired,
            "This sponsorship offer is more than 6 months old and has expired.",
        ));
    }
    capabilities::check(
        Action::ReceiveSponsorship,
        &policy::caller(&state).with_tier(target.plan_type.tier()),
    )?;
    let valid_until = now + chrono::Duration::days(SPONSORED_PERIOD_DAYS);
    // A new organization's key: the redeemer's client made it (`key`), or
    // the server makes it before the transaction (it reads the owner's
    // public key and the escrow key: see organizations::keys).
    let new_key = match body.new_organization_name {
        Some(_) => Some(
            crate::organizations::keys::owner_key(&state.db, user.id, client_key)
                .await
                .map_err(ApiError::Internal)?,
        ),
        None => None,
    };
    let mut tx = state.db.begin().await?;
    // The claim is the transaction's first statement: it takes SQLite's write
    // lock (a transaction that read first could not write later) or
    // PostgreSQL's row lock, so a concurrent redeem waits, then finds the
    // offer taken. The unique index settles "already sponsored" races.
    match store::claim_offer(&mut *tx, row.id, &user.email, target.id, valid_until).await {
        Ok(true) => {}
        Ok(false) => {
            return Err(ApiError::bad_request(
                ErrorCode::SponsorshipTokenInvalid,
                "Failed to parse sponsorship token.",
            ))
        }
        Err(e) if crate::db::is_unique_violation(&e) => return Err(already_sponsored()),
        Err(e) => return Err(e.into()),
    }
    if let Some(key) = new_key {
        orgs::insert_with_owner(
            &mut tx,
            &Organization {
                expiration_date: Some(valid_until),
                escrowed_key: key.escrowed,
                ..target.clone()
            },
            user.id,
            key.owner_key.as_ref(),
        )
        .await?;
    } else {
        orgs::set_expiration(&mut *tx, target.id, valid_until).await?;
    }
    tx.commit().await?;
    tracing::info!(sponsorship = %row.id, organization = %target.id, "sponsorship redeemed");
    Ok(())
}

fn new_families_org(name: &str) -> ApiResult<Organization> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 50 {
        return Err(ApiError::validation(
            "NewOrganizationName",
            ErrorCode::FamiliesOrganizationNameInvalid,
            "Enter a name for the new Families organization (at most 50 characters).",
        )
        .with_arg("maxLength", "50"));
    }
    Ok(Organization {
        id: OrganizationId(uuid::Uuid::new_v4()),
        name: name.to_owned(),
        business_name: None,
        billing_email: None,
        plan_type: PlanType::FAMILIES_ANNUALLY,
        seats: Some(6),
        max_collections: None,
        max_storage_gb: Some(1),
        enabled: true,
        self_host: false,
        license_key: Some(wire::Secret::new(crate::auth::random_token(22))),
        expiration_date: None,
        expiration_without_grace_period: None,
        escrowed_key: None,
    })
}

async fn owned_families_target(
    state: &AppState,
    user: &AuthUser,
    id: OrganizationId,
) -> ApiResult<Organization> {
    policy::check(state, user, id, Action::RedeemSponsorshipInto).await?;
    let org = orgs::find(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::from(capabilities::rule(Action::RedeemSponsorshipInto).refusal))?;
    if store::sponsoring(&state.db, org.id).await?.is_some() {
        return Err(already_sponsored());
    }
    Ok(org)
}

fn already_sponsored() -> ApiError {
    ApiError::bad_request(
        ErrorCode::AlreadySponsored,
        "Cannot redeem a sponsorship offer for an organization that is already sponsored. Revoke existing sponsorship first.",
    )
}
