//! Identity endpoints: prelogin, the token endpoint, the profile.

use crate::kdf::{KdfSettings, KdfType};
use crate::keys::{AccountKeys, EncString, KeysRequest};
use crate::organizations::ProfileOrganization;
use crate::{DateTime, Secret, UserId};
use serde::{Deserialize, Serialize};

/// `POST /identity/accounts/prelogin` request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PreloginRequest {
    #[serde(default, alias = "Email")]
    pub email: Option<String>,
}

/// `POST /identity/accounts/prelogin` response (no `object` field).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PreloginResponse {
    pub kdf: KdfType,
    pub kdf_iterations: u32,
    pub kdf_memory: Option<u32>,
    pub kdf_parallelism: Option<u32>,
    pub kdf_settings: PreloginKdfSettings,
    /// The salt for the master key; clients fall back to the normalised e-mail when null.
    pub salt: Option<String>,
}

/// The nested `kdfSettings` object of a prelogin response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PreloginKdfSettings {
    pub kdf_type: KdfType,
    pub iterations: u32,
    pub memory: Option<u32>,
    pub parallelism: Option<u32>,
}

impl PreloginResponse {
    /// Builds the response for the given settings and salt.
    pub fn new(kdf: KdfSettings, salt: Option<String>) -> Self {
        Self {
            kdf: kdf.kdf_type,
            kdf_iterations: kdf.iterations,
            kdf_memory: kdf.memory,
            kdf_parallelism: kdf.parallelism,
            kdf_settings: PreloginKdfSettings {
                kdf_type: kdf.kdf_type,
                iterations: kdf.iterations,
                memory: kdf.memory,
                parallelism: kdf.parallelism,
            },
            salt,
        }
    }

    /// The KDF settings the client must use.
    pub fn settings(&self) -> KdfSettings {
        KdfSettings {
            kdf_type: self.kdf,
            iterations: self.kdf_iterations,
            memory: self.kdf_memory,
            parallelism: self.kdf_parallelism,
        }
    }
}

/// OAuth scopes this product issues.
pub mod scopes {
    /// Users of the web vault.
    pub const API: &str = "api";
    /// Refresh tokens.
    pub const OFFLINE_ACCESS: &str = "offline_access";
    /// Installations syncing sponsorships.
    pub const API_INSTALLATION: &str = "api.installation";
    /// Installations syncing licenses.
    pub const API_LICENSING: &str = "api.licensing";
    /// Installations relaying push (accepted, unused).
    pub const API_PUSH: &str = "api.push";
}

/// The form body of `POST /identity/connect/revocation` (RFC 7009): the
/// refresh token to revoke at logout.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevocationForm {
    #[serde(default)]
    pub token: Option<Secret>,
    #[serde(default)]
    pub token_type_hint: Option<String>,
}

/// The form body of `POST /identity/connect/token` (all grants in one form,
/// as OAuth sends them; the server turns it into a [`TokenGrant`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenRequestForm {
    pub grant_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<Secret>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<Secret>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Secret>,
    #[serde(
        rename = "deviceType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub device_type: Option<String>,
    #[serde(
        rename = "deviceIdentifier",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub device_identifier: Option<String>,
    #[serde(
        rename = "deviceName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub device_name: Option<String>,
}

impl TokenRequestForm {
    /// A password grant as the web vault sends it.
    pub fn password(email: &str, master_password_hash: Secret) -> Self {
        Self {
            grant_type: "password".into(),
            username: Some(email.to_owned()),
            password: Some(master_password_hash),
            scope: Some(format!("{} {}", scopes::API, scopes::OFFLINE_ACCESS)),
            client_id: Some("web".into()),
            device_type: Some("9".into()),
            device_identifier: Some("billing-sync-web".into()),
            device_name: Some("chrome".into()),
            ..Self::default()
        }
    }

    /// A refresh-token grant.
    pub fn refresh(refresh_token: Secret) -> Self {
        Self {
            grant_type: "refresh_token".into(),
            client_id: Some("web".into()),
            refresh_token: Some(refresh_token),
            ..Self::default()
        }
    }

    /// An installation's client-credentials grant.
    pub fn installation(installation_id: &str, key: Secret, scope: &str) -> Self {
        Self {
            grant_type: "client_credentials".into(),
            scope: Some(scope.into()),
            client_id: Some(format!("installation.{installation_id}")),
            client_secret: Some(key),
            ..Self::default()
        }
    }
}

/// A successful token response. OAuth fields are snake_case; Bitwarden's
/// custom fields are PascalCase.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    pub access_token: Secret,
    pub expires_in: u64,
    pub token_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Secret>,
    pub scope: String,
    #[serde(rename = "Kdf", default, skip_serializing_if = "Option::is_none")]
    pub kdf: Option<KdfType>,
    #[serde(
        rename = "KdfIterations",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub kdf_iterations: Option<u32>,
    #[serde(rename = "KdfMemory", default, skip_serializing_if = "Option::is_none")]
    pub kdf_memory: Option<u32>,
    #[serde(
        rename = "KdfParallelism",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub kdf_parallelism: Option<u32>,
    #[serde(rename = "ForcePasswordReset", default)]
    pub force_password_reset: bool,
    /// Old clients' "set a master password first" flag: always false here.
    #[serde(rename = "ResetMasterPassword", default)]
    pub reset_master_password: bool,
    /// The user key under the stretched master key (deprecated by Bitwarden
    /// in favour of `UserDecryptionOptions.MasterPasswordUnlock`, still read).
    #[serde(rename = "Key", default, skip_serializing_if = "Option::is_none")]
    pub key: Option<EncString>,
    /// The private key under the user key (deprecated in favour of `AccountKeys`).
    #[serde(
        rename = "PrivateKey",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub private_key: Option<EncString>,
    #[serde(
        rename = "AccountKeys",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub account_keys: Option<AccountKeys>,
    /// Organization master password policies: none in this product.
    #[serde(rename = "MasterPasswordPolicy", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub master_password_policy: Option<serde_json::Value>,
    /// Present on user logins, absent on installation tokens.
    #[serde(
        rename = "UserDecryptionOptions",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_decryption_options: Option<UserDecryptionOptions>,
}

/// Bitwarden's `UserDecryptionOptions` of the token response (PascalCase, as
/// Bitwarden's identity server writes it; clients read either casing).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "PascalCase")]
pub struct UserDecryptionOptions {
    /// Deprecated by Bitwarden in favour of `MasterPasswordUnlock`, still sent.
    pub has_master_password: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub master_password_unlock: Option<MasterPasswordUnlock>,
    #[serde(default = "user_decryption_options_object")]
    pub object: String,
}

fn user_decryption_options_object() -> String {
    "userDecryptionOptions".into()
}

impl UserDecryptionOptions {
    /// Options of an account that unlocks with its master password.
    pub fn master_password(unlock: Option<MasterPasswordUnlock>) -> Self {
        Self {
            has_master_password: true,
            master_password_unlock: unlock,
            object: user_decryption_options_object(),
        }
    }
}

/// Bitwarden's `MasterPasswordUnlockResponseModel`: everything a client needs
/// to turn the master password into the user key (KDF, salt, wrapped key).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "PascalCase")]
pub struct MasterPasswordUnlock {
    pub kdf: MasterPasswordUnlockKdf,
    pub master_key_encrypted_user_key: EncString,
    pub salt: String,
    /// The id the client gave the user key, once reported (see [`SetUserKeyIdRequest`]).
    #[serde(default)]
    pub contained_key_id: Option<String>,
}

/// `POST /api/accounts/key-management/user-key-id`: a client reports the id
/// of the account's user key, once (Bitwarden's backfill for accounts made
/// before key ids; the official CLI sends it right after its first login).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SetUserKeyIdRequest {
    #[serde(alias = "UserKeyId")]
    pub user_key_id: String,
}

impl SetUserKeyIdRequest {
    /// A key id is 16 bytes as 32 lowercase hex digits.
    pub fn is_valid(&self) -> bool {
        self.user_key_id.len() == 32
            && self
                .user_key_id
                .chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
    }
}

/// The `Kdf` object inside [`MasterPasswordUnlock`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "PascalCase")]
pub struct MasterPasswordUnlockKdf {
    pub kdf_type: KdfType,
    pub iterations: u32,
    pub memory: Option<u32>,
    pub parallelism: Option<u32>,
}

impl MasterPasswordUnlock {
    /// Unlock data for `kdf`, `salt` and the wrapped user key.
    pub fn new(kdf: KdfSettings, salt: &str, key: &EncString, key_id: Option<&str>) -> Self {
        Self {
            kdf: MasterPasswordUnlockKdf {
                kdf_type: kdf.kdf_type,
                iterations: kdf.iterations,
                memory: kdf.memory,
                parallelism: kdf.parallelism,
            },
            master_key_encrypted_user_key: key.clone(),
            salt: salt.to_owned(),
            contained_key_id: key_id.map(str::to_owned),
        }
    }
}

/// `GET /api/accounts/profile`: who is logged in and which organizations they belong to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ProfileResponse {
    #[serde(default = "profile_object")]
    pub object: String,
    pub id: UserId,
    pub name: Option<String>,
    pub email: String,
    pub organizations: Vec<ProfileOrganization>,
    #[serde(default)]
    pub email_verified: bool,
    #[serde(default)]
    pub premium: bool,
    #[serde(default)]
    pub premium_from_organization: bool,
    #[serde(default)]
    pub culture: Option<String>,
    #[serde(default)]
    pub two_factor_enabled: bool,
    /// The user key under the stretched master key; null for accounts made
    /// before key material existed here (clients cannot unlock those).
    #[serde(default)]
    pub key: Option<EncString>,
    #[serde(default)]
    pub private_key: Option<EncString>,
    #[serde(default)]
    pub account_keys: Option<AccountKeys>,
    #[serde(default)]
    pub force_password_reset: bool,
    #[serde(default)]
    pub uses_key_connector: bool,
    #[serde(default)]
    pub avatar_color: Option<String>,
    #[serde(default)]
    pub creation_date: Option<DateTime>,
    #[serde(default)]
    pub verify_devices: bool,
    /// Providers (MSPs) the user belongs to: none in this product.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub providers: Vec<serde_json::Value>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub provider_organizations: Vec<serde_json::Value>,
}

fn profile_object() -> String {
    "profile".into()
}

/// `POST /identity/accounts/register`: create an account. The client derives
/// the master password hash itself, exactly as for a login.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RegisterRequest {
    pub email: String,
    #[serde(default)]
    pub name: Option<String>,
    pub master_password_hash: Secret,
    #[serde(default)]
    pub master_password_hint: Option<String>,
    pub kdf: KdfType,
    pub kdf_iterations: u32,
    #[serde(default)]
    pub kdf_memory: Option<u32>,
    #[serde(default)]
    pub kdf_parallelism: Option<u32>,
    /// The new user key under the stretched master key (type 2), made by
    /// the client. Optional for old clients; such accounts cannot unlock a
    /// current Bitwarden client.
    #[serde(default)]
    pub key: Option<EncString>,
    /// The account's key pair, the private half under the user key.
    #[serde(default)]
    pub keys: Option<KeysRequest>,
}

impl RegisterRequest {
    /// The KDF settings the account will use.
    pub fn settings(&self) -> KdfSettings {
        KdfSettings {
            kdf_type: self.kdf,
            iterations: self.kdf_iterations,
            memory: self.kdf_memory,
            parallelism: self.kdf_parallelism,
        }
    }
}
