//! The master password hash for hosts and benchmarks, as a JS function:
//! `await deriveMasterPasswordHash(email, password, prelogin)` where
//! `prelogin` has the shape of a prelogin response (`{ kdf: 0 | 1,
//! kdfIterations, kdfMemory, kdfParallelism }`, other fields ignored).

use super::master_password_hash;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wire::kdf::{KdfSettings, KdfType};

/// The KDF fields of a prelogin response.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PreloginKdf {
    kdf: KdfType,
    kdf_iterations: u32,
    #[serde(default)]
    kdf_memory: Option<u32>,
    #[serde(default)]
    kdf_parallelism: Option<u32>,
}

/// Base64 of the master password hash Bitwarden's server compares, derived
/// as the login screen does (PBKDF2 through WebCrypto, Argon2id in the worker).
///
/// The binaries export it to JavaScript (see `crate::embed::mount` for why
/// not here).
pub async fn derive_master_password_hash(
    email: String,
    password: String,
    kdf: JsValue,
) -> Result<String, JsError> {
    let kdf: PreloginKdf = crate::api::json::from_value(kdf)
        .map_err(|e| JsError::new(&format!("KDF settings: {e}")))?;
    let settings = KdfSettings {
        kdf_type: kdf.kdf,
        iterations: kdf.kdf_iterations,
        memory: kdf.kdf_memory,
        parallelism: kdf.kdf_parallelism,
    };
    let hash = master_password_hash(&password, &email, settings)
        .await
        .map_err(|e| JsError::new(&e.to_string()))?;
    Ok(hash.expose().to_owned())
}
