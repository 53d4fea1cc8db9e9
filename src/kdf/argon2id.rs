//! Argon2id in wasm (WebCrypto has no Argon2), with Bitwarden's salt rule:
//! the salt is SHA-256 of the e-mail, not the e-mail itself.

use super::KdfError;
use argon2::{Algorithm, Argon2, Params, Version};
use sha2::{Digest, Sha256};
use wire::kdf::KdfSettings;

/// Upper bounds Bitwarden allows; checked so a hostile server cannot make the
/// tab allocate gigabytes.
const MAX_MEMORY_MIB: u32 = 1024;
const MAX_ITERATIONS: u32 = 10;
const MAX_PARALLELISM: u32 = 16;

/// 32 bytes of Argon2id(password, SHA-256(salt), t, m MiB, p).
pub(super) fn derive(password: &[u8], salt: &[u8], kdf: KdfSettings) -> Result<[u8; 32], KdfError> {
    let memory_mib = kdf
        .memory
        .ok_or_else(|| KdfError::Unsupported("Argon2id without memory".into()))?;
    let parallelism = kdf
        .parallelism
        .ok_or_else(|| KdfError::Unsupported("Argon2id without parallelism".into()))?;
    if memory_mib > MAX_MEMORY_MIB
        || kdf.iterations > MAX_ITERATIONS
        || parallelism > MAX_PARALLELISM
    {
        return Err(KdfError::Unsupported(format!(
            "Argon2id t={} m={memory_mib} p={parallelism}",
            kdf.iterations
        )));
    }
    let params = Params::new(memory_mib * 1024, kdf.iterations, parallelism, Some(32))
        .map_err(|e| KdfError::Unsupported(e.to_string()))?;
    let salt_hash = Sha256::digest(salt);
    let mut out = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(password, &salt_hash, &mut out)
        .map_err(|e| KdfError::Crypto(e.to_string()))?;
    Ok(out)
}
