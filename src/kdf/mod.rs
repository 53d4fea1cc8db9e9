//! Master key and master password hash, derived in the browser.
//!
//! The master password never leaves the browser: we derive the master key
//! (PBKDF2-SHA256 through WebCrypto, or Argon2id in a worker's wasm) and send only
//! `base64(PBKDF2-SHA256(key = master key, salt = password, 1 iteration))`,
//! the value Bitwarden's server stores and compares.

mod argon2id;
mod export;
mod pbkdf2;

pub use argon2id::set_worker_folder;
pub use export::derive_master_password_hash;

use base64::Engine;
use wire::kdf::{normalize_email, KdfSettings, KdfType};
use wire::Secret;

/// Why a key could not be derived.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum KdfError {
    /// The server sent settings this client refuses (zero iterations, absurd memory…).
    #[error("unsupported KDF settings: {0}")]
    Unsupported(String),
    /// The browser's crypto failed (no WebCrypto, not a secure context, …).
    #[error("crypto failure: {0}")]
    Crypto(String),
}

/// A 32-byte master key. Not `Debug`, so it cannot end up in a log.
pub struct MasterKey(pub(crate) [u8; 32]);

impl MasterKey {
    /// The raw key bytes (tests compare them with known answers).
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// A master key from its bytes (known-answer tests of the key stretching).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }
}

/// Derives the master key from the password. `salt` is the account e-mail or
/// prelogin's `salt`; it is normalised (trimmed, lower-cased) like Bitwarden's
/// clients do, which leaves an already-normalised salt unchanged.
pub async fn master_key(
    password: &str,
    salt: &str,
    kdf: KdfSettings,
) -> Result<MasterKey, KdfError> {
    let salt = normalize_email(salt);
    if kdf.iterations == 0 {
        return Err(KdfError::Unsupported("zero iterations".into()));
    }
    let bytes = match kdf.kdf_type {
        KdfType::Pbkdf2Sha256 => {
            pbkdf2::derive(password.as_bytes(), salt.as_bytes(), kdf.iterations).await?
        }
        KdfType::Argon2id => argon2id::derive(password.as_bytes(), salt.as_bytes(), kdf).await?,
    };
    Ok(MasterKey(bytes))
}

/// The server authorization hash for `password`: what login and the billing
/// sync token dialog send as `masterPasswordHash`, base64-encoded.
pub async fn master_password_hash(
    password: &str,
    salt_email: &str,
    kdf: KdfSettings,
) -> Result<Secret, KdfError> {
    let key = master_key(password, salt_email, kdf).await?;
    hash_of(&key, password).await
}

/// The server authorization hash of an already derived master key (a
/// registration derives the key once for the hash and the account's keys).
pub async fn hash_of(key: &MasterKey, password: &str) -> Result<Secret, KdfError> {
    let hash = pbkdf2::derive(&key.0, password.as_bytes(), 1).await?;
    Ok(Secret::new(
        base64::engine::general_purpose::STANDARD.encode(hash),
    ))
}
