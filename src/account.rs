//! Logging in and creating an account: the key derivation and identity
//! calls the login page and the offer page share. Below the screens, so
//! neither screen imports the other.

use crate::api::{identity, sponsorships, Client, ClientError};
use crate::hooks::ActionError;
use crate::i18n::{Key, Locale};
use crate::kdf::master_password_hash;
use crate::session::SessionTokens;
use wire::identity::RegisterRequest;
use wire::kdf::{KdfSettings, KdfType};

/// PBKDF2 iterations for a new account (Bitwarden's default).
pub const REGISTER_KDF_ITERATIONS: u32 = 600_000;

/// Why a login or a registration failed; rendered in the active language.
#[derive(Clone, Debug, PartialEq)]
pub enum LoginError {
    /// The server refused or could not be reached.
    Client(ClientError),
    /// The browser could not derive the key.
    Kdf,
}

impl LoginError {
    /// The text to show.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            LoginError::Client(error) => error.user_message(locale),
            LoginError::Kdf => locale.text(Key::KdfFailed).to_owned(),
        }
    }
}

impl ActionError for LoginError {
    fn is_unauthorized(&self) -> bool {
        matches!(self, LoginError::Client(ClientError::Unauthorized))
    }

    fn client_error(&self) -> Option<&ClientError> {
        match self {
            LoginError::Client(error) => Some(error),
            _ => None,
        }
    }
}

/// Prelogin → derive → token. Returns the session's tokens.
pub async fn log_in(
    client: &Client,
    email: &str,
    password: &str,
) -> Result<SessionTokens, LoginError> {
    let prelogin = identity::prelogin(client, email)
        .await
        .map_err(LoginError::Client)?;
    let salt = prelogin.salt.clone().unwrap_or_else(|| email.to_owned());
    let hash = master_password_hash(password, &salt, prelogin.settings())
        .await
        .map_err(|_| LoginError::Kdf)?;
    let token = identity::login(client, email, hash)
        .await
        .map_err(LoginError::Client)?;
    Ok(SessionTokens::from_response(&token, js_sys::Date::now()))
}

/// Creates the account of `email` (already normalized) with PBKDF2
/// 600,000, then logs in. Returns the session's tokens.
pub async fn register_and_log_in(
    client: &Client,
    email: &str,
    name: Option<String>,
    password: &str,
) -> Result<SessionTokens, LoginError> {
    let kdf = KdfSettings {
        kdf_type: KdfType::Pbkdf2Sha256,
        iterations: REGISTER_KDF_ITERATIONS,
        memory: None,
        parallelism: None,
    };
    let hash = master_password_hash(password, email, kdf)
        .await
        .map_err(|_| LoginError::Kdf)?;
    let body = RegisterRequest {
        email: email.to_owned(),
        name,
        master_password_hash: hash.clone(),
        master_password_hint: None,
        kdf: KdfType::Pbkdf2Sha256,
        kdf_iterations: REGISTER_KDF_ITERATIONS,
        kdf_memory: None,
        kdf_parallelism: None,
        key: None,
        keys: None,
    };
    sponsorships::register(client, &body)
        .await
        .map_err(LoginError::Client)?;
    let token = identity::login(client, email, hash)
        .await
        .map_err(LoginError::Client)?;
    Ok(SessionTokens::from_response(&token, js_sys::Date::now()))
}
