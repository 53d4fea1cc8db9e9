//! Organization keys: every member holds the organization's 64-byte key
//! under their own public key (EncString type 4), as Bitwarden clients
//! expect in the profile's `key` of each organization.
//!
//! In Bitwarden the organization's creator makes the key in their client, and
//! an admin's client encrypts it for each member it confirms: the server
//! never sees it. The web module does the same when it creates an
//! organization (New organization from a license, a Families organization
//! at redeem): it sends only the owner's copy (`key`, type 4), which the
//! server stores as it is ([`client_owner_key`]); such an organization has
//! no escrowed key, so members the admin CLI adds later get none (in
//! Bitwarden an admin's client would give it to them).
//!
//! The admin CLI (`org create`, `org add-member`), and clients that send no
//! `key`, create organizations *on the server*, with no client of a member
//! at hand. So the server makes the key, gives the owner their copy, and
//! keeps it wrapped under its escrow key (a server secret in the database,
//! EncString type 2) to give later members theirs. The trade-off: whoever
//! holds the database holds these organization keys (the vault items they
//! would protect are not kept by this product).

use crate::client_crypto::{self, SymmetricKey};
use crate::db::Pool;
use crate::error::ApiError;
use crate::identity::store as users;
use anyhow::Context;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use wire::error::ErrorCode;
use wire::keys::EncString;
use wire::UserId;

/// The `server_keys` name of the escrow key.
const ESCROW_KEY_NAME: &str = "organization_key_escrow";

/// The server's escrow key, made on first use and shared by every replica.
async fn escrow_key(pool: &Pool) -> anyhow::Result<SymmetricKey> {
    let fresh = B64.encode(SymmetricKey::random().expose());
    let stored = crate::tokens::store::server_secret(pool, ESCROW_KEY_NAME, &fresh).await?;
    SymmetricKey::from_bytes(&B64.decode(stored).context("escrow key is not base64")?)
}

/// A new organization's key: escrowed, and the owner's copy (none when the
/// owner has no key pair).
pub struct NewOrganizationKey {
    pub escrowed: EncString,
    pub owner_key: Option<EncString>,
}

/// Makes the key of an organization the server creates for `owner`.
pub async fn new_organization_key(
    pool: &Pool,
    owner: UserId,
) -> anyhow::Result<NewOrganizationKey> {
    let key = SymmetricKey::random();
    let escrowed = escrow_key(pool).await?.encrypt(key.expose());
    let owner_key = encrypt_for_user(pool, owner, &key).await?;
    Ok(NewOrganizationKey {
        escrowed,
        owner_key,
    })
}

/// The owner's copy of a new organization's key as a client sent it
/// (`None` when it sent none): it must be an EncString of type 4 holding one
/// RSA block, else a 400 naming `Key`.
pub fn client_owner_key(value: Option<&str>) -> Result<Option<EncString>, ApiError> {
    let Some(value) = value else {
        return Ok(None);
    };
    let key = EncString::new_unchecked(value.trim());
    key.rsa_data().map_err(|e| {
        ApiError::validation(
            "Key",
            ErrorCode::OrganizationKeyInvalid,
            format!("The organization key is not valid (expected the key encrypted for your public key, \"4.data\"). {e}"),
        )
        .with_arg("reason", e.to_string())
    })?;
    Ok(Some(key))
}

/// A new organization's keys as stored: the escrowed key (only when the
/// server made the key) and the owner's copy.
pub struct OwnerKey {
    pub escrowed: Option<EncString>,
    pub owner_key: Option<EncString>,
}

/// The key of an organization created for `owner` through the API: the
/// client's copy when it sent one, else one the server makes and escrows.
pub async fn owner_key(
    pool: &Pool,
    owner: UserId,
    from_client: Option<EncString>,
) -> anyhow::Result<OwnerKey> {
    if let Some(owner_key) = from_client {
        return Ok(OwnerKey {
            escrowed: None,
            owner_key: Some(owner_key),
        });
    }
    let made = new_organization_key(pool, owner).await?;
    Ok(OwnerKey {
        escrowed: Some(made.escrowed),
        owner_key: made.owner_key,
    })
}

/// A new member's copy of an organization's key: `None` when the member has
/// no key pair, or the key is not in escrow (only members' clients hold it).
pub async fn member_key(
    pool: &Pool,
    escrowed: Option<&EncString>,
    member: UserId,
) -> anyhow::Result<Option<EncString>> {
    let Some(escrowed) = escrowed else {
        return Ok(None);
    };
    let key = SymmetricKey::from_bytes(&escrow_key(pool).await?.decrypt(escrowed)?)?;
    encrypt_for_user(pool, member, &key).await
}

async fn encrypt_for_user(
    pool: &Pool,
    user: UserId,
    key: &SymmetricKey,
) -> anyhow::Result<Option<EncString>> {
    let Some(public_key) = users::public_key(pool, user).await? else {
        return Ok(None);
    };
    let public_key = client_crypto::public_key(&public_key)?;
    Ok(Some(client_crypto::encrypt_for(&public_key, key.expose())?))
}
