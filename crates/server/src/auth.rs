//! Bearer tokens: issuing and checking the JWTs of users and installations,
//! and the `AuthUser` extractor. Which *role* may call a route is decided in
//! [`crate::policy`].

use crate::db::{self, Pool};
use crate::error::ApiError;
use crate::state::AppState;
use anyhow::Context;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use wire::{Secret, UserId};

/// Issuer written into and required from every token.
const ISSUER: &str = "billing-sync";
/// User access tokens live an hour, as Bitwarden's.
pub const USER_TOKEN_SECONDS: i64 = 3600;
/// Installation tokens live a day, as Bitwarden's.
pub const INSTALLATION_TOKEN_SECONDS: i64 = 86_400;

/// The HMAC key that signs this server's access tokens. Stored in the
/// database so every replica sharing it accepts the others' tokens.
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    /// Authenticates sponsorship offer tokens (e-mailed redeem links).
    offer_key: Vec<u8>,
}

/// A random server-wide secret stored under `name`, created on first use.
async fn server_secret(pool: &Pool, name: &str) -> anyhow::Result<Vec<u8>> {
    let mut fresh = [0u8; 64];
    rand::rngs::OsRng.fill_bytes(&mut fresh);
    let fresh = base64::engine::general_purpose::STANDARD.encode(fresh);
    // Replicas starting together must end up with one secret: insert if
    // absent, then read whichever won.
    sqlx::query(
        "INSERT INTO server_keys (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(&fresh)
    .execute(pool)
    .await?;
    let row = sqlx::query("SELECT value FROM server_keys WHERE name = $1")
        .bind(name)
        .fetch_one(pool)
        .await?;
    let stored: String = row.try_get("value")?;
    base64::engine::general_purpose::STANDARD
        .decode(stored)
        .with_context(|| format!("stored server key {name} is not base64"))
}

impl TokenKeys {
    /// Loads the signing keys, creating them on first start.
    pub async fn load_or_create(pool: &Pool) -> anyhow::Result<Self> {
        let secret = server_secret(pool, "jwt_hs256").await?;
        Ok(Self {
            encoding: EncodingKey::from_secret(&secret),
            decoding: DecodingKey::from_secret(&secret),
            offer_key: server_secret(pool, "sponsorship_offer_hmac").await?,
        })
    }

    /// HMAC-SHA256 of `data` with the offer-token key.
    pub fn offer_mac(&self, data: &[u8]) -> Vec<u8> {
        use hmac::Mac;
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&self.offer_key)
            .expect("HMAC accepts any key length");
        mac.update(data);
        mac.finalize().into_bytes().to_vec()
    }

    /// Signs claims into an access token.
    pub fn sign(&self, claims: &Claims) -> anyhow::Result<Secret> {
        let mut header = Header::new(Algorithm::HS256);
        header.typ = Some("at+jwt".into());
        Ok(Secret::new(jsonwebtoken::encode(
            &header,
            claims,
            &self.encoding,
        )?))
    }

    /// Verifies a token's signature, issuer and lifetime.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.leeway = 5;
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .ok()
            .map(|data| data.claims)
    }
}

/// Access-token claims (Bitwarden's names).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    /// User id, or installation id for installation tokens.
    pub sub: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub client_id: String,
    /// Set on installation tokens: the installation id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_sub: Option<String>,
    pub scope: Vec<String>,
    #[serde(default)]
    pub amr: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The user's security stamp; a changed stamp revokes older tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sstamp: Option<String>,
}

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

    /// Claims of an installation's client-credentials token.
    pub fn for_installation(
        id: wire::ids::InstallationId,
        client_id: &str,
        scopes: &[&str],
    ) -> Self {
        let now = chrono::Utc::now().timestamp();
        Self {
            iss: ISSUER.into(),
            sub: id.to_string(),
            iat: now,
            nbf: now,
            exp: now + INSTALLATION_TOKEN_SECONDS,
            client_id: client_id.into(),
            client_sub: Some(id.to_string()),
            scope: scopes.iter().map(|s| (*s).to_owned()).collect(),
            amr: Vec::new(),
            email: None,
            name: None,
            sstamp: None,
        }
    }

    /// True when the token carries `scope`.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scope.iter().any(|s| s == scope)
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
        let row = sqlx::query("SELECT email, name, security_stamp FROM users WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&state.db)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        let stamp: String = row.try_get("security_stamp")?;
        if claims.sstamp.as_deref() != Some(stamp.as_str()) {
            return Err(ApiError::Unauthenticated);
        }
        Ok(Self {
            id,
            email: row.try_get("email")?,
            name: row.try_get("name")?,
        })
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
/// is refused with 403 as Bitwarden's policies do.
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
        Ok(Self {
            id,
            _scope: std::marker::PhantomData,
        })
    }
}

/// Generates a random opaque token (refresh tokens), URL-safe base64.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

/// SHA-256 hex of an opaque token, for storage.
pub fn token_hash(token: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Time helper re-exported for stores issuing tokens.
pub fn expires_in_days(days: i64) -> String {
    db::ts(db::now() + chrono::Duration::days(days))
}
