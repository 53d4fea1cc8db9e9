//! Account and organization key material as it travels: Bitwarden's
//! *EncString* and the account key pair.
//!
//! Facts from Bitwarden's public server and clients (no code copied):
//! - An EncString is `<type>.<parts>`. Type 2 (`AesCbc256_HmacSha256_B64`) is
//!   `2.<iv>|<ciphertext>|<mac>`, each part base64: a 16-byte IV, AES-256-CBC
//!   (PKCS#7) ciphertext, and HMAC-SHA256 over `iv ‖ ciphertext` (32 bytes).
//!   Type 4 (`Rsa2048_OaepSha1_B64`) is `4.<ciphertext>`: RSA-OAEP with SHA-1.
//!   Types 0 (AES-CBC without MAC) and 1 are what clients call *legacy
//!   encryption*: current clients refuse to log in to such accounts.
//! - An account's *user key* is 64 random bytes (32 encryption + 32 MAC key),
//!   stored as a type-2 EncString under the *stretched master key* (the master
//!   key expanded by HKDF-SHA256 with infos `enc` and `mac`): the token
//!   response's `Key`, and `MasterKeyEncryptedUserKey` in the master-password
//!   unlock data. A 64-byte key padded by CBC is 80 bytes of ciphertext.
//! - The account key pair is RSA-2048: the public key is base64 SPKI DER, the
//!   private key PKCS#8 DER encrypted with the user key (type 2).
//! - An organization's key is 64 random bytes too; each member holds it as a
//!   type-4 EncString under their public key.
//!
//! Only shapes are checked here (the wasm build has no RSA); the server also
//! parses public keys. Values are redacted in `Debug`: keys stay out of logs.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Bitwarden's EncString types this product reads and writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EncStringType {
    /// `2.iv|data|mac`: AES-256-CBC with HMAC-SHA256.
    AesCbc256HmacSha256,
    /// `4.data`: RSA-OAEP (SHA-1).
    RsaOaepSha1,
}

impl EncStringType {
    /// The number before the dot.
    pub fn number(self) -> u8 {
        match self {
            Self::AesCbc256HmacSha256 => 2,
            Self::RsaOaepSha1 => 4,
        }
    }
}

/// Why a value is not the key material a field needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyShapeError(pub String);

impl fmt::Display for KeyShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for KeyShapeError {}

fn shape_error(message: impl Into<String>) -> KeyShapeError {
    KeyShapeError(message.into())
}

/// An encrypted value as Bitwarden writes it. Serializes as its string;
/// `Debug` shows the type only.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(value_type = String, example = "2.<iv>|<data>|<mac>")
)]
#[serde(transparent)]
pub struct EncString(String);

/// The parts of a type-2 EncString, decoded.
#[derive(Clone, PartialEq, Eq)]
pub struct AesParts {
    pub iv: Vec<u8>,
    pub data: Vec<u8>,
    pub mac: Vec<u8>,
}

impl EncString {
    /// Wraps a string without checking it (values this server wrote itself).
    pub fn new_unchecked(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The string as sent on the wire. Call sites are the places to audit.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The EncString's type, if it is one this product knows.
    pub fn kind(&self) -> Result<EncStringType, KeyShapeError> {
        match self.0.split_once('.') {
            Some(("2", _)) => Ok(EncStringType::AesCbc256HmacSha256),
            Some(("4", _)) => Ok(EncStringType::RsaOaepSha1),
            Some(("0" | "1", _)) => Err(shape_error(
                "Legacy encryption (EncString type 0 or 1) is not accepted: use type 2 (AES-256-CBC with HMAC-SHA256).",
            )),
            _ => Err(shape_error("This is not an EncString (expected \"2.iv|data|mac\" or \"4.data\").")),
        }
    }

    /// The decoded parts of a type-2 EncString: a 16-byte IV, whole AES
    /// blocks of ciphertext and a 32-byte MAC.
    pub fn aes_parts(&self) -> Result<AesParts, KeyShapeError> {
        self.kind()?;
        let Some(("2", rest)) = self.0.split_once('.') else {
            return Err(shape_error(
                "Expected an EncString of type 2 (\"2.iv|data|mac\").",
            ));
        };
        let parts: Vec<&str> = rest.split('|').collect();
        let [iv, data, mac] = parts.as_slice() else {
            return Err(shape_error(
                "A type 2 EncString has three parts: iv|data|mac.",
            ));
        };
        let decode = |part: &str, name: &str| {
            B64.decode(part)
                .map_err(|_| shape_error(format!("The EncString's {name} is not base64.")))
        };
        let parts = AesParts {
            iv: decode(iv, "iv")?,
            data: decode(data, "data")?,
            mac: decode(mac, "mac")?,
        };
        if parts.iv.len() != 16 {
            return Err(shape_error("The EncString's iv must be 16 bytes."));
        }
        if parts.data.is_empty() || !parts.data.len().is_multiple_of(16) {
            return Err(shape_error(
                "The EncString's data must be whole 16-byte AES blocks.",
            ));
        }
        if parts.mac.len() != 32 {
            return Err(shape_error("The EncString's mac must be 32 bytes."));
        }
        Ok(parts)
    }

    /// The decoded ciphertext of a type-4 EncString (one RSA block of a
    /// 2048- to 4096-bit key).
    pub fn rsa_data(&self) -> Result<Vec<u8>, KeyShapeError> {
        let Some(("4", data)) = self.0.split_once('.') else {
            return Err(shape_error("Expected an EncString of type 4 (\"4.data\")."));
        };
        let data = B64
            .decode(data)
            .map_err(|_| shape_error("The EncString's data is not base64."))?;
        if !matches!(data.len(), 256 | 384 | 512) {
            return Err(shape_error(
                "A type 4 EncString holds one RSA block (2048 to 4096 bits).",
            ));
        }
        Ok(data)
    }

    /// Checks the shape of an encrypted *user key*: type 2 around 64 bytes.
    pub fn check_user_key(&self) -> Result<(), KeyShapeError> {
        let parts = self.aes_parts()?;
        if parts.data.len() != 80 {
            return Err(shape_error(
                "The encrypted user key must hold a 64-byte key (80 bytes of ciphertext).",
            ));
        }
        Ok(())
    }

    /// Checks the shape of an encrypted *private key*: type 2 around a
    /// PKCS#8 RSA key (at least about a kilobyte).
    pub fn check_private_key(&self) -> Result<(), KeyShapeError> {
        let parts = self.aes_parts()?;
        if !(1000..=4000).contains(&parts.data.len()) {
            return Err(shape_error(
                "The encrypted private key must hold a PKCS#8 RSA key of 2048 to 4096 bits.",
            ));
        }
        Ok(())
    }
}

impl fmt::Debug for EncString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind() {
            Ok(kind) => write!(f, "EncString({}.[redacted])", kind.number()),
            Err(_) => f.write_str("EncString([redacted])"),
        }
    }
}

/// Checks the shape of a public key: base64 of a DER SEQUENCE of a sane size
/// (SPKI of RSA-2048 is 294 bytes). The server parses it fully.
pub fn check_public_key(value: &str) -> Result<Vec<u8>, KeyShapeError> {
    let der = B64
        .decode(value)
        .map_err(|_| shape_error("The public key is not base64."))?;
    if der.first() != Some(&0x30) || !(200..=800).contains(&der.len()) {
        return Err(shape_error(
            "The public key must be an RSA key in SPKI (DER) form.",
        ));
    }
    Ok(der)
}

/// Bitwarden's `KeysRequestModel`: an account's key pair.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct KeysRequest {
    /// Base64 SPKI DER. Public, so not redacted.
    pub public_key: String,
    /// PKCS#8 DER encrypted with the user key (type 2).
    pub encrypted_private_key: EncString,
}

impl KeysRequest {
    /// Checks both halves; the error names the offending field.
    pub fn check(&self) -> Result<(), (&'static str, KeyShapeError)> {
        check_public_key(&self.public_key).map_err(|e| ("Keys.PublicKey", e))?;
        self.encrypted_private_key
            .check_private_key()
            .map_err(|e| ("Keys.EncryptedPrivateKey", e))
    }
}

/// Bitwarden's `PublicKeyEncryptionKeyPairResponseModel` (camelCase, with an `Object`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicKeyEncryptionKeyPair {
    #[serde(rename = "wrappedPrivateKey")]
    pub wrapped_private_key: EncString,
    #[serde(rename = "publicKey")]
    pub public_key: String,
    #[serde(rename = "signedPublicKey", default)]
    pub signed_public_key: Option<String>,
    #[serde(default = "key_pair_object")]
    pub object: String,
}

fn key_pair_object() -> String {
    "publicKeyEncryptionKeyPair".into()
}

/// Bitwarden's `PrivateKeysResponseModel` (`AccountKeys` in the token
/// response, `accountKeys` in the profile): what current clients read the key
/// pair from. Accounts of this product have no signature key pair (a V1
/// account in Bitwarden's terms), so those two fields stay null.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountKeys {
    #[serde(rename = "signatureKeyPair", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub signature_key_pair: Option<serde_json::Value>,
    #[serde(rename = "publicKeyEncryptionKeyPair")]
    pub public_key_encryption_key_pair: PublicKeyEncryptionKeyPair,
    #[serde(rename = "securityState", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub security_state: Option<serde_json::Value>,
    #[serde(default = "account_keys_object")]
    pub object: String,
}

fn account_keys_object() -> String {
    "privateKeys".into()
}

impl AccountKeys {
    /// The account keys of a V1 account: an RSA pair, no signing keys.
    pub fn v1(public_key: &str, wrapped_private_key: &EncString) -> Self {
        Self {
            signature_key_pair: None,
            public_key_encryption_key_pair: PublicKeyEncryptionKeyPair {
                wrapped_private_key: wrapped_private_key.clone(),
                public_key: public_key.to_owned(),
                signed_public_key: None,
                object: key_pair_object(),
            },
            security_state: None,
            object: account_keys_object(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(n: usize) -> String {
        B64.encode(vec![7u8; n])
    }

    #[test]
    fn type_2_needs_three_well_sized_parts() {
        let good = EncString::new_unchecked(format!("2.{}|{}|{}", b64(16), b64(80), b64(32)));
        assert_eq!(good.kind(), Ok(EncStringType::AesCbc256HmacSha256));
        assert!(good.check_user_key().is_ok());
        for bad in [
            format!("2.{}|{}", b64(16), b64(80)),
            format!("2.{}|{}|{}", b64(15), b64(80), b64(32)),
            format!("2.{}|{}|{}", b64(16), b64(81), b64(32)),
            format!("2.{}|{}|{}", b64(16), b64(80), b64(31)),
            format!("2.{}|{}|{}", b64(16), "!!", b64(32)),
            format!("2.{}|{}|{}", b64(16), b64(64), b64(32)),
            format!("0.{}|{}", b64(16), b64(80)),
            "garbage".to_owned(),
            String::new(),
        ] {
            assert!(
                EncString::new_unchecked(bad.clone())
                    .check_user_key()
                    .is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn legacy_types_are_named_as_such() {
        let legacy = EncString::new_unchecked(format!("0.{}|{}", b64(16), b64(80)));
        assert!(legacy.kind().unwrap_err().0.contains("Legacy encryption"));
    }

    #[test]
    fn type_4_is_one_rsa_block() {
        assert!(EncString::new_unchecked(format!("4.{}", b64(256)))
            .rsa_data()
            .is_ok());
        assert!(EncString::new_unchecked(format!("4.{}", b64(255)))
            .rsa_data()
            .is_err());
        assert!(EncString::new_unchecked(format!("2.{}", b64(256)))
            .rsa_data()
            .is_err());
    }

    #[test]
    fn public_keys_are_der_sequences() {
        let mut der = vec![0x30u8; 294];
        der[1] = 0x82;
        assert!(check_public_key(&B64.encode(&der)).is_ok());
        assert!(check_public_key(&b64(294)).is_err());
        assert!(check_public_key("not base64!").is_err());
        assert!(check_public_key(&B64.encode([0x30u8; 20])).is_err());
    }

    #[test]
    fn debug_never_shows_key_material() {
        let secret = format!("2.{}|{}|{}", b64(16), b64(80), b64(32));
        let value = EncString::new_unchecked(secret.clone());
        let keys = AccountKeys::v1("PUBLIC", &value);
        let printed = format!("{value:?} {keys:?}");
        assert!(!printed.contains(&b64(16)), "{printed}");
        assert!(printed.contains("EncString(2.[redacted])"));
        // The wire form is the string itself.
        assert_eq!(serde_json::to_value(&value).unwrap(), secret);
    }
}
