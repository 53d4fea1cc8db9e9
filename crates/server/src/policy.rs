//! Applies the capability table (`wire::capabilities`) to requests. A
//! handler states its action in its signature, e.g.
//! `OrgAccess<can::RotateBillingSyncToken>`, and the extractor checks the
//! table before the handler runs. Handlers whose refusal Bitwarden gives
//! after other checks call [`check`] at that point instead. No rule lives
//! here: who may do what is decided only in the table.

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::organizations::store::{self, Membership};
use crate::state::AppState;
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use std::marker::PhantomData;
use wire::capabilities::{self, Action, Caller, Refusal};
use wire::organizations::OrganizationUserStatus;
use wire::OrganizationId;

/// A type standing for one [`Action`], so a handler's signature names it.
pub trait ActionMarker: Send + Sync + 'static {
    const ACTION: Action;
}

/// Marker types, one per organization-scoped action checked by [`OrgAccess`].
pub mod can {
    use super::{Action, ActionMarker};

    macro_rules! markers {
        ($($name:ident),* $(,)?) => {$(
            #[doc = concat!("[`Action::", stringify!($name), "`].")]
            pub struct $name;
            impl ActionMarker for $name {
                const ACTION: Action = Action::$name;
            }
        )*};
    }

    markers!(
        ViewSubscription,
        ViewSponsorshipSyncStatus,
        DownloadLicense,
        ViewBillingSyncTokenInformation,
        ViewBillingSyncToken,
        RotateBillingSyncToken,
        UploadLicense,
        SyncLicense,
        CheckCloudConnection,
        OfferSponsorship,
        ResendSponsorshipOffer,
        RevokeSponsorship,
        RevokeSponsorshipByName,
        SyncSponsorshipsNow,
        ViewSponsorshipSyncRuns,
    );
}

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::NotFound => ApiError::NotFound,
            Refusal::BadRequest(code, message) => ApiError::bad_request(code, message),
            Refusal::InvalidClient => ApiError::Token(wire::error::TokenErrorResponse::oauth(
                "invalid_client",
                None,
            )),
            Refusal::Unauthorized => ApiError::Unauthorized,
            Refusal::Forbidden => ApiError::Forbidden,
        }
    }
}

/// The caller with no organization involved (server role only).
pub fn caller(state: &AppState) -> Caller {
    Caller::on(state.role.into())
}

/// The caller as `user` acting on `org`: their confirmed role and, when the
/// action depends on the plan, the organization's tier.
pub async fn caller_in(
    state: &AppState,
    user: &AuthUser,
    org: OrganizationId,
    action: Action,
) -> Result<(Caller, Option<Membership>), ApiError> {
    let membership = store::membership(&state.db, org, user.id)
        .await?
        .filter(|m| m.status == OrganizationUserStatus::Confirmed);
    let mut caller = caller(state).with_role(membership.as_ref().map(|m| m.role));
    if !matches!(capabilities::rule(action).plans, capabilities::Plans::Any) {
        if let Some(found) = store::find(&state.db, org).await? {
            caller = caller.with_tier(found.plan_type.tier());
        }
    }
    Ok((caller, membership))
}

/// Checks `action` for `user` on `org` against the table.
pub async fn check(
    state: &AppState,
    user: &AuthUser,
    org: OrganizationId,
    action: Action,
) -> Result<(), ApiError> {
    let (caller, _) = caller_in(state, user, org, action).await?;
    Ok(capabilities::check(action, &caller)?)
}

/// Checks `action` for `user` on `org`, refusing with the table's message
/// naming the connection type (organization connections).
pub async fn check_connection(
    state: &AppState,
    user: &AuthUser,
    org: OrganizationId,
    action: Action,
    connection_type: &str,
) -> Result<(), ApiError> {
    let (caller, _) = caller_in(state, user, org, action).await?;
    capabilities::check(action, &caller).map_err(|refusal| match refusal {
        Refusal::BadRequest(code, _) => {
            let message = refusal.message(connection_type).unwrap_or_default();
            let error = ApiError::bad_request(code, message);
            if code.args().contains(&"type") {
                error.with_arg("type", connection_type)
            } else {
                error
            }
        }
        other => other.into(),
    })
}

/// Checks an action that involves no organization (the server role).
pub fn check_server(state: &AppState, action: Action) -> Result<(), ApiError> {
    Ok(capabilities::check(action, &caller(state))?)
}

/// Path parameter names that carry the organization a route acts on
/// (Bitwarden's routes use several spellings).
const ORG_PARAMS: &[&str] = &[
    "id",
    "orgId",
    "organizationId",
    "sponsoringOrgId",
    "sponsoringOrganizationId",
];

/// An authenticated user whom the table allows action `A` on the path's
/// organization. Refusals are the table's (404 for these actions, as
/// Bitwarden does, so outsiders cannot probe which organizations exist).
pub struct OrgAccess<A> {
    pub user: AuthUser,
    pub org: OrganizationId,
    pub membership: Membership,
    _action: PhantomData<A>,
}

impl<A: ActionMarker> FromRequestParts<AppState> for OrgAccess<A> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let user = AuthUser::from_request_parts(parts, state).await?;
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::NotFound)?;
        let org = params
            .iter()
            .find(|(name, _)| ORG_PARAMS.contains(name))
            .and_then(|(_, value)| value.parse::<OrganizationId>().ok())
            .ok_or(ApiError::NotFound)?;
        let (caller, membership) = caller_in(state, &user, org, A::ACTION).await?;
        capabilities::check(A::ACTION, &caller)?;
        Ok(Self {
            user,
            org,
            // Every action checked here needs a membership; the table refused non-members.
            membership: membership.ok_or(ApiError::NotFound)?,
            _action: PhantomData,
        })
    }
}
