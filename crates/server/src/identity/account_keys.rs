//! An account's key material: made as a Bitwarden client makes it (for the
//! admin CLI's `user add`), checked when a client registers, and returned in
//! the token response, the profile and the sync.
//!
//! Facts from Bitwarden's public server and clients (no code copied):
//! - Registration sends `key` (the new 64-byte user key under the stretched
//!   master key, EncString type 2) and `keys` (`publicKey`, base64 SPKI, and
//!   `encryptedPrivateKey`, PKCS#8 under the user key). The server stores
//!   them as they are; it never sees the user key.
//! - The token response of a password login carries `Key`, `PrivateKey`,
//!   `AccountKeys.publicKeyEncryptionKeyPair` (`wrappedPrivateKey`,
//!   `publicKey`), the `Kdf*` settings, `ForcePasswordReset` and
//!   `UserDecryptionOptions` with `HasMasterPassword` and
//!   `MasterPasswordUnlock` (`Kdf{KdfType,Iterations,Memory,Parallelism}`,
//!   `MasterKeyEncryptedUserKey`, `Salt`). Current clients unlock from
//!   `MasterPasswordUnlock`; a login answer without `Key` makes them stop
//!   with "Legacy encryption is no longer supported".
//! - The profile (`GET /api/accounts/profile`, and `profile` in the sync)
//!   carries `key`, `privateKey` and `accountKeys` the same way.

use super::client_kdf;
use super::store::{AccountKeys, UserRecord};
use crate::client_crypto::{self, SymmetricKey};
use crate::error::ApiError;
use wire::error::ErrorCode;
use wire::identity::{MasterPasswordUnlock, UserDecryptionOptions};
use wire::kdf::KdfSettings;
use wire::keys::{EncString, KeysRequest};
use wire::Secret;

/// What a client sends to create an account: the master password hash and
/// the account's keys.
#[derive(Debug)]
pub struct ClientAccount {
    pub master_password_hash: Secret,
    pub keys: AccountKeys,
}

/// Does what a Bitwarden client does at registration: derives the master
/// key, stretches it, wraps a fresh user key with it and makes a key pair
/// wrapped with the user key. Slow (KDF and RSA key generation): run it on a
/// blocking thread.
pub fn new_client_account(
    password: &Secret,
    salt: &str,
    kdf: KdfSettings,
) -> anyhow::Result<ClientAccount> {
    let master_key = client_kdf::master_key(password, salt, kdf)?;
    let master_password_hash = client_kdf::hash_master_key(&master_key, password);
    let stretched = SymmetricKey::stretch(&master_key)?;
    let user_key = SymmetricKey::random();
    let pair = client_crypto::new_key_pair(&user_key)?;
    Ok(ClientAccount {
        master_password_hash,
        keys: AccountKeys {
            user_key: Some(stretched.encrypt(user_key.expose())),
            public_key: Some(pair.public_key),
            private_key: Some(pair.encrypted_private_key),
            user_key_id: None,
        },
    })
}

/// Does what a client does at unlock: the user key from the master password.
/// Fails on a wrong password (the MAC does not match).
pub fn unlock(
    password: &Secret,
    salt: &str,
    kdf: KdfSettings,
    user_key: &EncString,
) -> anyhow::Result<SymmetricKey> {
    let master_key = client_kdf::master_key(password, salt, kdf)?;
    let stretched = SymmetricKey::stretch(&master_key)?;
    SymmetricKey::from_bytes(&stretched.decrypt(user_key)?)
}

/// Checks the key material of a registration: both or neither of `key` and
/// `keys`, each well-formed, the public key a real RSA key. Refusals are 400s
/// naming the field.
pub fn registration_keys(
    key: Option<&EncString>,
    keys: Option<&KeysRequest>,
) -> Result<AccountKeys, ApiError> {
    let (key, keys) = match (key, keys) {
        (None, None) => return Ok(AccountKeys::default()),
        (Some(key), Some(keys)) => (key, keys),
        (Some(_), None) => {
            return Err(ApiError::validation(
                "Keys",
                ErrorCode::AccountKeysIncomplete,
                "The account's key pair is missing: send keys with key.",
            ))
        }
        (None, Some(_)) => {
            return Err(ApiError::validation(
                "Key",
                ErrorCode::AccountKeysIncomplete,
                "The encrypted user key is missing: send key with keys.",
            ))
        }
    };
    key.check_user_key().map_err(|e| {
        ApiError::validation(
            "Key",
            ErrorCode::AccountKeysInvalid,
            format!("The user key is not valid. {e}"),
        )
        .with_arg("reason", e.to_string())
    })?;
    keys.check().map_err(|(field, e)| {
        ApiError::validation(
            field,
            ErrorCode::AccountKeysInvalid,
            format!("The key pair is not valid. {e}"),
        )
        .with_arg("reason", e.to_string())
    })?;
    client_crypto::public_key(&keys.public_key).map_err(|_| {
        ApiError::validation(
            "Keys.PublicKey",
            ErrorCode::AccountKeysInvalid,
            "The key pair is not valid. The public key is not an RSA key in SPKI (DER) form.",
        )
        .with_arg(
            "reason",
            "The public key is not an RSA key in SPKI (DER) form.",
        )
    })?;
    Ok(AccountKeys {
        user_key: Some(key.clone()),
        public_key: Some(keys.public_key.clone()),
        private_key: Some(keys.encrypted_private_key.clone()),
        user_key_id: None,
    })
}

/// The user-decryption options of a password account: master-password
/// unlock data when the account has a user key.
pub fn decryption_options(user: &UserRecord) -> UserDecryptionOptions {
    UserDecryptionOptions::master_password(master_password_unlock(user))
}

/// The master-password unlock data, if the account has a user key.
pub fn master_password_unlock(user: &UserRecord) -> Option<MasterPasswordUnlock> {
    let salt = user.salt.clone().unwrap_or_else(|| user.email.clone());
    user.keys.user_key.as_ref().map(|key| {
        MasterPasswordUnlock::new(user.kdf, &salt, key, user.keys.user_key_id.as_deref())
    })
}

/// `AccountKeys` of the token response and profile, if the account has a pair.
pub fn account_keys(user: &UserRecord) -> Option<wire::keys::AccountKeys> {
    match (&user.keys.public_key, &user.keys.private_key) {
        (Some(public), Some(private)) => Some(wire::keys::AccountKeys::v1(public, private)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_account_unlocks_with_its_password_only() {
        let kdf = KdfSettings {
            iterations: 5_000,
            ..KdfSettings::default_pbkdf2()
        };
        let password = Secret::new("correct horse battery staple");
        let account = new_client_account(&password, "a@b.test", kdf).unwrap();
        let key = account.keys.user_key.as_ref().unwrap();
        assert!(key.check_user_key().is_ok());
        let user_key = unlock(&password, "a@b.test", kdf, key).unwrap();
        let private = user_key
            .decrypt(account.keys.private_key.as_ref().unwrap())
            .unwrap();
        assert!(private.len() > 1000);
        assert!(unlock(&Secret::new("wrong"), "a@b.test", kdf, key).is_err());
        // The hash is the one a login sends.
        assert_eq!(
            account.master_password_hash,
            client_kdf::master_password_hash(&password, "a@b.test", kdf).unwrap()
        );
        assert!(!format!("{account:?}").contains(&key.expose()[2..20]));
    }
}
