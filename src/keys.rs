//! Account and organization keys made in the browser with WebCrypto, as a
//! Bitwarden client makes them; only encrypted material leaves the page.
//!
//! Facts from Bitwarden's public clients (no code copied), the same the
//! server's `client_crypto` module follows for the admin CLI:
//! - The *stretched master key* is HKDF-Expand-SHA256 of the 32-byte master
//!   key (used as the pseudo-random key: no extract step) with info `enc`
//!   and info `mac`, 32 bytes each. WebCrypto's HKDF always extracts first,
//!   so the one-block expand is computed as HMAC-SHA256(master key,
//!   info ‖ 0x01), which is what HKDF-Expand is for 32 bytes.
//! - A 64-byte key encrypts as EncString type 2, `2.iv|data|mac`:
//!   AES-256-CBC (PKCS#7, random 16-byte IV) under its first 32 bytes, and
//!   HMAC-SHA256 of `iv ‖ data` under its last 32 bytes.
//! - The account key pair is RSA-OAEP 2048 (exponent 65537, SHA-1): the
//!   public key travels as base64 SPKI DER, the private key as PKCS#8 DER
//!   encrypted with the user key (type 2).
//! - An organization key is 64 random bytes; a member holds it as type 4,
//!   `4.data`, RSA-OAEP with SHA-1 under their public key.
//!
//! Keys are plain byte arrays in wasm memory only as long as a registration
//! takes; [`SymmetricKey`] has no `Debug`, so it cannot end up in a log.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};
use wire::keys::{EncString, KeysRequest};

use crate::kdf::MasterKey;

/// The browser could not make or use a key (no WebCrypto, a refused
/// operation, or an EncString whose MAC does not match).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("browser key handling failed: {0}")]
pub struct KeyError(pub String);

fn js_error(value: JsValue) -> KeyError {
    KeyError(
        value
            .as_string()
            .or_else(|| js_sys::Error::from(value).message().as_string())
            .unwrap_or_else(|| "unknown WebCrypto error".into()),
    )
}

fn crypto() -> Result<web_sys::Crypto, KeyError> {
    web_sys::window()
        .ok_or_else(|| KeyError("no window".into()))?
        .crypto()
        .map_err(js_error)
}

fn subtle() -> Result<SubtleCrypto, KeyError> {
    Ok(crypto()?.subtle())
}

/// `n` bytes from the browser's CSPRNG.
fn random_bytes<const N: usize>() -> Result<[u8; N], KeyError> {
    let mut bytes = [0u8; N];
    crypto()?
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(js_error)?;
    Ok(bytes)
}

/// A WebCrypto algorithm dictionary from name/value pairs.
fn algorithm(fields: &[(&str, JsValue)]) -> Result<Object, KeyError> {
    let object = Object::new();
    for (name, value) in fields {
        Reflect::set(&object, &JsValue::from_str(name), value).map_err(js_error)?;
    }
    Ok(object)
}

fn usages(names: &[&str]) -> Array {
    names.iter().map(|n| JsValue::from_str(n)).collect()
}

async fn promised(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, KeyError> {
    JsFuture::from(promise.map_err(js_error)?)
        .await
        .map_err(js_error)
}

fn bytes_of(buffer: &JsValue) -> Vec<u8> {
    Uint8Array::new(buffer).to_vec()
}

async fn import_raw(key: &[u8], algorithm: &Object, usage: &[&str]) -> Result<CryptoKey, KeyError> {
    let subtle = subtle()?;
    promised(subtle.import_key_with_object(
        "raw",
        &Uint8Array::from(key),
        algorithm,
        false,
        &usages(usage),
    ))
    .await?
    .dyn_into()
    .map_err(js_error)
}

/// HMAC-SHA256 of `parts` (concatenated) under `key`.
async fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> Result<[u8; 32], KeyError> {
    let params = algorithm(&[("name", "HMAC".into()), ("hash", "SHA-256".into())])?;
    let key = import_raw(key, &params, &["sign"]).await?;
    let data = parts.concat();
    let mac = promised(subtle()?.sign_with_str_and_u8_array("HMAC", &key, &data)).await?;
    bytes_of(&mac)
        .try_into()
        .map_err(|_| KeyError("HMAC-SHA256 did not give 32 bytes".into()))
}

/// Compares without stopping at the first difference.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A 64-byte symmetric key: 32 bytes for AES-256-CBC, 32 for HMAC-SHA256.
/// No `Debug`: it never reaches a log.
pub struct SymmetricKey([u8; 64]);

impl SymmetricKey {
    /// 64 fresh random bytes (a user key or an organization key).
    pub fn random() -> Result<Self, KeyError> {
        Ok(Self(random_bytes::<64>()?))
    }

    /// A key from 64 bytes (tests open what the browser made).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
        Ok(Self(bytes.try_into().map_err(|_| {
            KeyError(format!("a symmetric key is 64 bytes, not {}", bytes.len()))
        })?))
    }

    /// The stretched master key: HKDF-Expand-SHA256(master key, `enc` | `mac`).
    pub async fn stretch(master_key: &MasterKey) -> Result<Self, KeyError> {
        let master = master_key.as_bytes();
        let enc = hmac_sha256(master, &[b"enc".as_slice(), &[1u8]]).await?;
        let mac = hmac_sha256(master, &[b"mac".as_slice(), &[1u8]]).await?;
        let mut key = [0u8; 64];
        key[..32].copy_from_slice(&enc);
        key[32..].copy_from_slice(&mac);
        Ok(Self(key))
    }

    /// The key's 64 bytes. Call sites are the places to audit.
    pub fn expose(&self) -> &[u8; 64] {
        &self.0
    }

    async fn aes_key(&self, usage: &str) -> Result<CryptoKey, KeyError> {
        let params = algorithm(&[("name", "AES-CBC".into())])?;
        import_raw(&self.0[..32], &params, &[usage]).await
    }

    /// Encrypts as a type-2 EncString (`2.iv|data|mac`).
    pub async fn encrypt(&self, plaintext: &[u8]) -> Result<EncString, KeyError> {
        let iv = random_bytes::<16>()?;
        let params = algorithm(&[
            ("name", "AES-CBC".into()),
            ("iv", Uint8Array::from(&iv[..]).into()),
        ])?;
        let key = self.aes_key("encrypt").await?;
        let data = bytes_of(
            &promised(subtle()?.encrypt_with_object_and_u8_array(&params, &key, plaintext)).await?,
        );
        let mac = hmac_sha256(&self.0[32..], &[iv.as_slice(), &data]).await?;
        Ok(EncString::new_unchecked(format!(
            "2.{}|{}|{}",
            B64.encode(iv),
            B64.encode(&data),
            B64.encode(mac)
        )))
    }

    /// Decrypts a type-2 EncString, checking its MAC first.
    pub async fn decrypt(&self, value: &EncString) -> Result<Vec<u8>, KeyError> {
        let parts = value.aes_parts().map_err(|e| KeyError(e.0))?;
        let mac = hmac_sha256(&self.0[32..], &[parts.iv.as_slice(), &parts.data]).await?;
        if !same_bytes(&mac, &parts.mac) {
            return Err(KeyError(
                "the EncString's MAC does not match this key".into(),
            ));
        }
        let params = algorithm(&[
            ("name", "AES-CBC".into()),
            ("iv", Uint8Array::from(&parts.iv[..]).into()),
        ])?;
        let key = self.aes_key("decrypt").await?;
        let plain =
            promised(subtle()?.decrypt_with_object_and_u8_array(&params, &key, &parts.data))
                .await?;
        Ok(bytes_of(&plain))
    }
}

/// RSA-OAEP with SHA-1, as Bitwarden's type 4 uses it.
fn rsa_oaep() -> Result<Object, KeyError> {
    algorithm(&[("name", "RSA-OAEP".into()), ("hash", "SHA-1".into())])
}

/// What a registration sends besides the master password hash.
pub struct NewAccountKeys {
    /// The new user key under the stretched master key (type 2).
    pub key: EncString,
    /// The public key and the private key under the user key.
    pub keys: KeysRequest,
}

/// Makes a new account's keys from its master key: a random user key
/// wrapped with the stretched master key, and an RSA-2048 key pair whose
/// private half (PKCS#8) is wrapped with the user key.
pub async fn new_account_keys(master_key: &MasterKey) -> Result<NewAccountKeys, KeyError> {
    let stretched = SymmetricKey::stretch(master_key).await?;
    let user_key = SymmetricKey::random()?;
    let params = rsa_oaep()?;
    for (name, value) in [
        ("modulusLength", JsValue::from(2048)),
        ("publicExponent", Uint8Array::from(&[1u8, 0, 1][..]).into()),
    ] {
        Reflect::set(&params, &name.into(), &value).map_err(js_error)?;
    }
    let subtle = subtle()?;
    let pair =
        promised(subtle.generate_key_with_object(&params, true, &usages(&["encrypt", "decrypt"])))
            .await?;
    let half = |name: &str| -> Result<CryptoKey, KeyError> {
        Reflect::get(&pair, &name.into())
            .map_err(js_error)?
            .dyn_into()
            .map_err(js_error)
    };
    let spki = promised(subtle.export_key("spki", &half("publicKey")?)).await?;
    let pkcs8 = bytes_of(&promised(subtle.export_key("pkcs8", &half("privateKey")?)).await?);
    Ok(NewAccountKeys {
        key: stretched.encrypt(user_key.expose()).await?,
        keys: KeysRequest {
            public_key: B64.encode(bytes_of(&spki)),
            encrypted_private_key: user_key.encrypt(&pkcs8).await?,
        },
    })
}

/// Encrypts `data` for a base64 SPKI public key as a type-4 EncString.
pub async fn encrypt_for(public_key: &str, data: &[u8]) -> Result<EncString, KeyError> {
    let der = wire::keys::check_public_key(public_key).map_err(|e| KeyError(e.0))?;
    let subtle = subtle()?;
    let key: CryptoKey = promised(subtle.import_key_with_object(
        "spki",
        &Uint8Array::from(&der[..]),
        &rsa_oaep()?,
        false,
        &usages(&["encrypt"]),
    ))
    .await?
    .dyn_into()
    .map_err(js_error)?;
    let sealed = bytes_of(
        &promised(subtle.encrypt_with_object_and_u8_array(&rsa_oaep()?, &key, data)).await?,
    );
    Ok(EncString::new_unchecked(format!(
        "4.{}",
        B64.encode(sealed)
    )))
}

/// A new organization's key (64 random bytes) for its owner: type 4 under
/// the owner's public key. The key itself is not kept: this product has no
/// vault items to encrypt with it, and other members get theirs from an
/// admin's client.
pub async fn new_organization_key(owner_public_key: &str) -> Result<EncString, KeyError> {
    encrypt_for(owner_public_key, SymmetricKey::random()?.expose()).await
}
