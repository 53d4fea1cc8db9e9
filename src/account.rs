//! Logging in and creating an account: the key derivation and identity
//! calls the login page and the offer page share. Below the screens, so
//! neither screen imports the other.
//!
//! A new account's keys are made here, in the browser ([`crate::keys`]):
//! the registration sends the master password hash, the user key under the
//! stretched master key and the key pair with its private half under the
//! user key, never the master key, the user key or the private key.

use crate::api::{identity, sponsorships, Client, ClientError};
use crate::hooks::ActionError;
use crate::i18n::{Key, Locale};
use crate::kdf::{hash_of, master_key, master_password_hash};
use crate::keys::new_account_keys;
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
    /// The browser could not make the account's keys.
    Keys,
}

impl LoginError {
    /// The text to show.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            LoginError::Client(error) => error.user_message(locale),
            LoginError::Kdf => locale.text(Key::KdfFailed).to_owned(),
            LoginError::Keys => locale.text(Key::KeysFailed).to_owned(),
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
/// 600,000 and keys made in this browser, then logs in. Returns the
/// session's tokens.
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
    let master = master_key(password, email, kdf)
        .await
        .map_err(|_| LoginError::Kdf)?;
    let hash = hash_of(&master, password)
        .await
        .map_err(|_| LoginError::Kdf)?;
    let made = new_account_keys(&master)
        .await
        .map_err(|_| LoginError::Keys)?;
    let body = RegisterRequest {
        email: email.to_owned(),
        name,
        master_password_hash: hash.clone(),
        master_password_hint: None,
        kdf: KdfType::Pbkdf2Sha256,
        kdf_iterations: REGISTER_KDF_ITERATIONS,
        kdf_memory: None,
        kdf_parallelism: None,
        key: Some(made.key),
        keys: Some(made.keys),
    };
    sponsorships::register(client, &body)
        .await
        .map_err(LoginError::Client)?;
    let token = identity::login(client, email, hash)
        .await
        .map_err(LoginError::Client)?;
    Ok(SessionTokens::from_response(&token, js_sys::Date::now()))
}
