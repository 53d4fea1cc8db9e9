//! Access tokens: the server's signing keys and the JWT claims of users and
//! installations. Below `state` and `auth`: the state holds the keys, the
//! extractors in `auth` verify with them.

use crate::db::{self, Pool};
use anyhow::Context;
use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use wire::Secret;

pub mod store;

/// Issuer written into and required from every token.
pub(crate) const ISSUER: &str = "billing-sync";
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
    let stored = store::server_secret(pool, name, &fresh).await?;
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

/// The timestamp `days` from now, for stores issuing tokens.
pub fn expires_in_days(days: i64) -> String {
    db::ts(db::now() + chrono::Duration::days(days))
}
