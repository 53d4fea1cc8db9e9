//! Who may do what: every organization-scoped permission of the API is a
//! type here, checked by the [`OrgAccess`] extractor before a handler runs.
//! A handler's signature therefore states who may call it, e.g.
//! `OrgAccess<Owner>`.

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::organizations::store::{self, Membership};
use crate::state::AppState;
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use std::marker::PhantomData;
use wire::organizations::{OrganizationUserStatus, OrganizationUserType};
use wire::OrganizationId;

/// A rule over a member's role.
pub trait OrgPolicy: Send + Sync + 'static {
    /// True when a confirmed member with `role` may proceed.
    fn allows(role: OrganizationUserType) -> bool;
}

/// Organization owners only: billing sync tokens, licenses, connections.
pub struct Owner;
impl OrgPolicy for Owner {
    fn allows(role: OrganizationUserType) -> bool {
        role == OrganizationUserType::Owner
    }
}

/// Owners and admins: viewing the subscription and sync state.
pub struct OwnerOrAdmin;
impl OrgPolicy for OwnerOrAdmin {
    fn allows(role: OrganizationUserType) -> bool {
        matches!(
            role,
            OrganizationUserType::Owner | OrganizationUserType::Admin
        )
    }
}

/// Any confirmed member: offering a Families sponsorship.
pub struct Member;
impl OrgPolicy for Member {
    fn allows(_role: OrganizationUserType) -> bool {
        true
    }
}

/// Whether `user` may act on `org` under policy `P` (for routes whose
/// refusal is a message rather than a 404, like organization connections).
pub async fn allows<P: OrgPolicy>(
    state: &AppState,
    user: &AuthUser,
    org: OrganizationId,
) -> Result<bool, ApiError> {
    Ok(store::membership(&state.db, org, user.id)
        .await?
        .is_some_and(|m| m.status == OrganizationUserStatus::Confirmed && P::allows(m.role)))
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

/// An authenticated user whose membership in the path's organization
/// satisfies `P`. Anything else is answered 404, as Bitwarden does, so
/// outsiders cannot probe which organizations exist.
pub struct OrgAccess<P> {
    pub user: AuthUser,
    pub org: OrganizationId,
    pub membership: Membership,
    _policy: PhantomData<P>,
}

impl<P: OrgPolicy> FromRequestParts<AppState> for OrgAccess<P> {
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
        let membership = store::membership(&state.db, org, user.id)
            .await?
            .filter(|m| m.status == OrganizationUserStatus::Confirmed && P::allows(m.role))
            .ok_or(ApiError::NotFound)?;
        Ok(Self {
            user,
            org,
            membership,
            _policy: PhantomData,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrganizationUserType as R;

    #[test]
    fn role_table() {
        let table = [
            // (role, owner, owner-or-admin, member)
            (R::Owner, true, true, true),
            (R::Admin, false, true, true),
            (R::User, false, false, true),
            (R::Custom, false, false, true),
        ];
        for (role, owner, admin, member) in table {
            assert_eq!(Owner::allows(role), owner, "{role:?} owner");
            assert_eq!(OwnerOrAdmin::allows(role), admin, "{role:?} owner-or-admin");
            assert_eq!(Member::allows(role), member, "{role:?} member");
        }
    }
}
