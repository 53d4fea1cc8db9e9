//! Native key derivation for the server (and, through it, every test that
//! creates or logs in an account): Bitwarden's client KDFs and the server's
//! own PBKDF2-SHA512 of what the client sends.
//!
//! Why a crate of its own: `pbkdf2_hmac::<D>` is generic, so its hot loop is
//! compiled in the crate that names `D`. Called from the server (opt-level 0
//! in dev builds, for compile time) a 600,000-iteration derivation took
//! seconds and dominated the test suite. Here the loops are instantiated once,
//! in a crate the workspace's `Cargo.toml` optimises in every profile.

use argon2::{Algorithm, Argon2, Params, Version};
use sha2::{Digest, Sha256, Sha512};

/// 32 bytes of PBKDF2-HMAC-SHA256.
pub fn pbkdf2_sha256(password: &[u8], salt: &[u8], iterations: u32) -> [u8; 32] {
    let mut out = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<Sha256>(password, salt, iterations, &mut out);
    out
}

/// 32 bytes of PBKDF2-HMAC-SHA512 (the server's stored-hash scheme keeps the
/// first 32 bytes, as ASP.NET Identity v3 does).
pub fn pbkdf2_sha512(password: &[u8], salt: &[u8], iterations: u32) -> [u8; 32] {
    let mut out = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<Sha512>(password, salt, iterations, &mut out);
    out
}

/// Why an Argon2id derivation could not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Argon2idError(pub String);

impl std::fmt::Display for Argon2idError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Argon2id: {}", self.0)
    }
}

impl std::error::Error for Argon2idError {}

/// 32 bytes of Argon2id(password, SHA-256(salt)) with memory in MiB, as
/// Bitwarden's clients derive the master key (they hash the e-mail first so
/// any e-mail length is a valid salt).
pub fn argon2id_bitwarden(
    password: &[u8],
    salt: &[u8],
    iterations: u32,
    memory_mib: u32,
    parallelism: u32,
) -> Result<[u8; 32], Argon2idError> {
    let memory_kib = memory_mib
        .checked_mul(1024)
        .ok_or_else(|| Argon2idError(format!("memory {memory_mib} MiB is too large")))?;
    let params = Params::new(memory_kib, iterations, parallelism, Some(32))
        .map_err(|e| Argon2idError(format!("invalid parameters: {e}")))?;
    let salt_hash = Sha256::digest(salt);
    let mut key = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(password, &salt_hash, &mut key)
        .map_err(|e| Argon2idError(e.to_string()))?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 7914 §11 / widely published PBKDF2-HMAC-SHA256 vector
    // (P="password", S="salt", c=1, dkLen=32).
    #[test]
    fn pbkdf2_sha256_matches_the_published_vector() {
        let expected = "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b";
        assert_eq!(hex(&pbkdf2_sha256(b"password", b"salt", 1)), expected);
    }

    // PBKDF2-HMAC-SHA512, P="password", S="salt", c=1, first 32 bytes.
    #[test]
    fn pbkdf2_sha512_matches_the_published_vector() {
        let expected = "867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252";
        assert_eq!(hex(&pbkdf2_sha512(b"password", b"salt", 1)), expected);
    }

    #[test]
    fn argon2id_refuses_impossible_settings_without_panicking() {
        assert!(argon2id_bitwarden(b"pw", b"salt", 3, u32::MAX, 4).is_err());
        assert!(argon2id_bitwarden(b"pw", b"salt", 0, 64, 4).is_err());
        assert!(argon2id_bitwarden(b"pw", b"salt", 3, 64, 0).is_err());
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
}
