//! `GET /api/sync`: everything a client stores after login, in one answer.
//!
//! Facts from Bitwarden's public server (`SyncResponseModel`, no code
//! copied): the object is `sync` with `profile` (the profile response, its
//! organizations carrying each member's organization key), `folders`,
//! `collections`, `ciphers`, `sends`, `policies`, `domains` (null when the
//! client asks `excludeDomains=true`) and `userDecryption` (the
//! master-password unlock data, camelCase here unlike the token response).
//! This product keeps no vault items, so the lists are empty: a client syncs
//! and shows the user's organizations.

use crate::identity::{MasterPasswordUnlock, ProfileResponse};
use crate::kdf::KdfType;
use crate::keys::EncString;
use serde::{Deserialize, Serialize};

/// The sync answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SyncResponse {
    pub object: String,
    pub profile: ProfileResponse,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub folders: Vec<serde_json::Value>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub collections: Vec<serde_json::Value>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub ciphers: Vec<serde_json::Value>,
    pub domains: Option<DomainsResponse>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub policies: Vec<serde_json::Value>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub sends: Vec<serde_json::Value>,
    pub user_decryption: Option<UserDecryption>,
}

/// Bitwarden's `DomainsResponseModel`: equivalent domains for autofill
/// (none configured in this product).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DomainsResponse {
    pub equivalent_domains: Vec<Vec<String>>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub global_equivalent_domains: Vec<serde_json::Value>,
    pub object: String,
}

impl DomainsResponse {
    /// No equivalent domains.
    pub fn empty() -> Self {
        Self {
            equivalent_domains: Vec::new(),
            global_equivalent_domains: Vec::new(),
            object: "domains".into(),
        }
    }
}

/// Bitwarden's `UserDecryptionResponseModel` in a sync.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserDecryption {
    pub master_password_unlock: Option<SyncMasterPasswordUnlock>,
    /// The client's id for the user key, once reported.
    pub user_key_id: Option<String>,
}

/// [`MasterPasswordUnlock`] with the API's camelCase names.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SyncMasterPasswordUnlock {
    pub kdf: SyncKdf,
    pub master_key_encrypted_user_key: EncString,
    pub salt: String,
    pub contained_key_id: Option<String>,
}

/// The `kdf` object of [`SyncMasterPasswordUnlock`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SyncKdf {
    pub kdf_type: KdfType,
    pub iterations: u32,
    pub memory: Option<u32>,
    pub parallelism: Option<u32>,
}

impl From<MasterPasswordUnlock> for SyncMasterPasswordUnlock {
    fn from(value: MasterPasswordUnlock) -> Self {
        Self {
            kdf: SyncKdf {
                kdf_type: value.kdf.kdf_type,
                iterations: value.kdf.iterations,
                memory: value.kdf.memory,
                parallelism: value.kdf.parallelism,
            },
            master_key_encrypted_user_key: value.master_key_encrypted_user_key,
            salt: value.salt,
            contained_key_id: value.contained_key_id,
        }
    }
}

/// The query of `GET /api/sync`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct SyncQuery {
    /// Leave `domains` out (null).
    #[serde(default)]
    pub exclude_domains: Option<bool>,
}
