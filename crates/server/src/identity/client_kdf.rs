//! The *client's* key derivation, natively: used by the admin CLI to create
//! accounts whose master password then works in the web vault. The web module
//! has its own implementation (WebCrypto); tests check both against
//! independently computed vectors.

use base64::Engine;
use wire::kdf::{KdfSettings, KdfType};
use wire::Secret;

/// Derives the master password hash a Bitwarden client would send:
/// `base64(PBKDF2-SHA256(masterKey, password, 1))`, where the master key is
/// PBKDF2-SHA256(password, salt, n) or Argon2id(password, SHA-256(salt)).
pub fn master_password_hash(
    password: &Secret,
    salt: &str,
    kdf: KdfSettings,
) -> anyhow::Result<Secret> {
    let master_key = master_key(password, salt, kdf)?;
    Ok(hash_master_key(&master_key, password))
}

/// The master password hash from an already derived master key.
pub fn hash_master_key(master_key: &[u8; 32], password: &Secret) -> Secret {
    let hash = billing_sync_kdf::pbkdf2_sha256(master_key, password.expose().as_bytes(), 1);
    Secret::new(base64::engine::general_purpose::STANDARD.encode(hash))
}

/// The master key: PBKDF2-SHA256(password, salt, n) or Argon2id(password,
/// SHA-256(salt)). Never leaves the client in Bitwarden; here only the admin
/// CLI and tests derive it.
pub fn master_key(password: &Secret, salt: &str, kdf: KdfSettings) -> anyhow::Result<[u8; 32]> {
    let password = password.expose().as_bytes();
    match kdf.kdf_type {
        KdfType::Pbkdf2Sha256 => Ok(billing_sync_kdf::pbkdf2_sha256(
            password,
            salt.as_bytes(),
            kdf.iterations,
        )),
        KdfType::Argon2id => {
            let memory_mib = kdf
                .memory
                .ok_or_else(|| anyhow::anyhow!("Argon2id needs a memory size"))?;
            let parallelism = kdf
                .parallelism
                .ok_or_else(|| anyhow::anyhow!("Argon2id needs a parallelism"))?;
            Ok(billing_sync_kdf::argon2id_bitwarden(
                password,
                salt.as_bytes(),
                kdf.iterations,
                memory_mib,
                parallelism,
            )?)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values computed independently with Python:
    //   mk = hashlib.pbkdf2_hmac('sha256', pw, b"owner@acme.test", 600000, 32)            (PBKDF2)
    //   mk = argon2.low_level.hash_secret_raw(pw, sha256(email), time_cost=3,
    //        memory_cost=65536, parallelism=4, hash_len=32, type=Type.ID)               (Argon2id)
    //   base64(hashlib.pbkdf2_hmac('sha256', mk, pw, 1, 32))
    const PASSWORD: &str = "correct horse battery staple";
    const EMAIL: &str = "owner@acme.test";

    #[test]
    fn pbkdf2_master_password_hash_matches_python() {
        let hash =
            master_password_hash(&Secret::new(PASSWORD), EMAIL, KdfSettings::default_pbkdf2())
                .unwrap();
        assert_eq!(
            hash.expose(),
            "D0VZVFz4Z2IB+kw+lXArD20wrrfrMC/rvACSZvSWN+s="
        );
    }

    #[test]
    fn argon2id_master_password_hash_matches_python() {
        let hash = master_password_hash(
            &Secret::new(PASSWORD),
            EMAIL,
            KdfSettings::default_argon2id(),
        )
        .unwrap();
        assert_eq!(
            hash.expose(),
            "PkpqZUeOFTQYGYXd8WIStElZkxAKKJHBM9w03ryMREc="
        );
    }

    #[test]
    fn argon2id_without_memory_is_an_error_not_a_panic() {
        let kdf = KdfSettings {
            memory: None,
            ..KdfSettings::default_argon2id()
        };
        assert!(master_password_hash(&Secret::new(PASSWORD), EMAIL, kdf).is_err());
    }
}
