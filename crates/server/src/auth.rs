//! Who is calling: the `AuthUser` and `AuthInstallation` extractors, which
//! verify bearer tokens with the keys in [`crate::tokens`]. What a caller may
//! do is the capability table's, applied in [`crate::policy`].

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use wire::UserId;

use crate::identity::store::UserRecord;
use crate::tokens::ISSUER;
pub use crate::tokens::{
    expires_in_days, random_token, token_hash, Claims, TokenKeys, INSTALLATION_TOKEN_SECONDS,
    USER_TOKEN_SECONDS,
};

impl Claims {
    /// Claims of a web-vault user token.
    pub fn for_user(user: &AuthUser, security_stamp: &str, client_id: &str) -> Self {
        let now = chrono::Utc::now().timestamp();
        Self {
            iss: ISSUER.into(),
            sub: user.id.to_string(),
            iat: now,
            nbf: now,
            exp: now + USER_TOKEN_SECONDS,
            client_id: client_id.into(),
            client_sub: None,
            scope: vec![
                wire::identity::scopes::API.into(),
                wire::identity::scopes::OFFLINE_ACCESS.into(),
            ],
            amr: vec!["Application".into()],
            email: Some(user.email.clone()),
            name: user.name.clone(),
            sstamp: Some(security_stamp.into()),
        }
    }
}

/// Reads the bearer token from `Authorization` or the `access_token` query parameter.
pub fn bearer_token(parts: &Parts) -> Option<&str> {
    if let Some(value) = parts.headers.get(axum::http::header::AUTHORIZATION) {
        let value = value.to_str().ok()?;
        let (scheme, token) = value.split_once(' ')?;
        return scheme
            .eq_ignore_ascii_case("bearer")
            .then_some(token.trim());
    }
    parts.uri.query().and_then(|q| {
        q.split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == "access_token")
            .map(|(_, v)| v)
    })
}

impl UserRecord {
    /// The identity used by the rest of the server.
    pub fn auth_user(&self) -> AuthUser {
        AuthUser {
            id: self.id,
            email: self.email.clone(),
            name: self.name.clone(),
        }
    }
}

/// A logged-in web-vault user (token with scope `api` and `amr=Application`).
#[derive(Clone, Debug)]
pub struct AuthUser {
    pub id: UserId,
    pub email: String,
    pub name: Option<String>,
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer_token(parts).ok_or(ApiError::Unauthenticated)?;
        let claims = state.keys.verify(token).ok_or(ApiError::Unauthenticated)?;
        if !claims.has_scope(wire::identity::scopes::API)
            || !claims
                .amr
                .iter()
                .any(|a| a == "Application" || a == "external")
        {
            return Err(ApiError::Forbidden);
        }
        let id: UserId = claims.sub.parse().map_err(|_| ApiError::Unauthenticated)?;
        let user = crate::identity::store::find_by_id(&state.db, id)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        if claims.sstamp.as_deref() != Some(user.security_stamp.as_str()) {
            return Err(ApiError::Unauthenticated);
        }
        Ok(user.auth_user())
    }
}

/// The user behind a valid user token, if the request carries one; never
/// refuses. For Bitwarden's actions without `[Authorize]` (sponsorship
/// `sync-status`): ASP.NET still reads the token, and a caller without a
/// valid one is simply anonymous.
pub struct MaybeUser(pub Option<AuthUser>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match AuthUser::from_request_parts(parts, state).await {
            Ok(user) => Ok(Self(Some(user))),
            // Our own failure (database) stays a 500.
            Err(ApiError::Internal(cause)) => Err(ApiError::Internal(cause)),
            Err(_) => Ok(Self(None)),
        }
    }
}

/// A scope an installation endpoint requires.
pub trait InstallationScope: Send + Sync + 'static {
    /// The scope's name.
    const SCOPE: &'static str;
}

/// `api.installation`: sponsorship sync.
pub struct ScopeInstallation;
impl InstallationScope for ScopeInstallation {
    const SCOPE: &'static str = wire::identity::scopes::API_INSTALLATION;
}

/// `api.licensing`: license sync.
pub struct ScopeLicensing;
impl InstallationScope for ScopeLicensing {
    const SCOPE: &'static str = wire::identity::scopes::API_LICENSING;
}

/// A self-hosted installation calling the cloud with a client-credentials
/// token carrying scope `S`. A user's token, or a token without the scope,
/// is refused with 403 as Bitwarden's policies do; the token of a disabled
/// installation with 401.
pub struct AuthInstallation<S> {
    pub id: wire::ids::InstallationId,
    _scope: std::marker::PhantomData<S>,
}

impl<S: InstallationScope> FromRequestParts<AppState> for AuthInstallation<S> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer_token(parts).ok_or(ApiError::Unauthenticated)?;
        let claims = state.keys.verify(token).ok_or(ApiError::Unauthenticated)?;
        if !claims.has_scope(S::SCOPE) {
            return Err(ApiError::Forbidden);
        }
        let id = claims
            .client_sub
            .as_deref()
            .and_then(|sub| sub.parse().ok())
            .ok_or(ApiError::Forbidden)?;
        // A disabled (or deleted) installation stops at once, not when its
        // token expires.
        if crate::identity::installations::enabled(&state.db, id).await? != Some(true) {
            return Err(ApiError::Unauthenticated);
        }
        Ok(Self {
            id,
            _scope: std::marker::PhantomData,
        })
    }
}
