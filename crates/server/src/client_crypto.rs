//! A Bitwarden *client's* key handling, natively: the admin CLI creates
//! accounts and organization keys exactly as a client would, and tests read
//! them back the way the official clients do.
//!
//! Facts from Bitwarden's public clients (key service, EncString, no code
//! copied):
//! - The *stretched master key* is 64 bytes: HKDF-Expand-SHA256 of the
//!   32-byte master key (used as the PRK, no extract step) with info `enc`
//!   (32 bytes) and info `mac` (32 bytes).
//! - A type-2 EncString encrypts with AES-256-CBC (PKCS#7, random 16-byte
//!   IV) under the first 32 bytes of a 64-byte key and authenticates
//!   `iv ‖ ciphertext` with HMAC-SHA256 under the last 32 bytes; a reader
//!   checks the MAC first, in constant time.
//! - A type-4 EncString is RSA-OAEP with SHA-1 (MGF1-SHA-1) under the
//!   recipient's public key (SPKI DER, base64).
//! - The account key pair is RSA-2048 (exponent 65537); the private half is
//!   PKCS#8 DER.

use aes::cipher::{block_padding::Pkcs7, BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use anyhow::{anyhow, Context};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use rsa::pkcs8::{DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use rsa::{Oaep, RsaPrivateKey, RsaPublicKey};
use sha2::Sha256;
use wire::keys::EncString;

type Aes256CbcEnc = cbc::Encryptor<aes::Aes256>;
type Aes256CbcDec = cbc::Decryptor<aes::Aes256>;

/// A 64-byte symmetric key: 32 bytes for AES, 32 for HMAC. `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct SymmetricKey([u8; 64]);

impl std::fmt::Debug for SymmetricKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SymmetricKey([redacted])")
    }
}

impl SymmetricKey {
    /// 64 fresh random bytes (a user key or an organization key).
    pub fn random() -> Self {
        let mut key = [0u8; 64];
        rand::rngs::OsRng.fill_bytes(&mut key);
        Self(key)
    }

    /// A key from 64 bytes (a decrypted user or organization key).
    pub fn from_bytes(bytes: &[u8]) -> anyhow::Result<Self> {
        Ok(Self(bytes.try_into().map_err(|_| {
            anyhow!("a symmetric key is 64 bytes, not {}", bytes.len())
        })?))
    }

    /// The stretched master key: HKDF-Expand-SHA256(master key, "enc" | "mac").
    pub fn stretch(master_key: &[u8; 32]) -> anyhow::Result<Self> {
        let hkdf = hkdf::Hkdf::<Sha256>::from_prk(master_key)
            .map_err(|_| anyhow!("master key too short for HKDF"))?;
        let mut key = [0u8; 64];
        let (enc, mac) = key.split_at_mut(32);
        hkdf.expand(b"enc", enc)
            .map_err(|_| anyhow!("HKDF expand (enc)"))?;
        hkdf.expand(b"mac", mac)
            .map_err(|_| anyhow!("HKDF expand (mac)"))?;
        Ok(Self(key))
    }

    /// The key's 64 bytes. Call sites are the places to audit.
    pub fn expose(&self) -> &[u8; 64] {
        &self.0
    }

    fn mac(&self, iv: &[u8], data: &[u8]) -> Hmac<Sha256> {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.0[32..]).expect("HMAC takes any key size");
        mac.update(iv);
        mac.update(data);
        mac
    }

    /// Encrypts as a type-2 EncString.
    pub fn encrypt(&self, plaintext: &[u8]) -> EncString {
        let mut iv = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut iv);
        let data = Aes256CbcEnc::new(self.0[..32].into(), &iv.into())
            .encrypt_padded_vec_mut::<Pkcs7>(plaintext);
        let mac = self.mac(&iv, &data).finalize().into_bytes();
        EncString::new_unchecked(format!(
            "2.{}|{}|{}",
            B64.encode(iv),
            B64.encode(&data),
            B64.encode(mac)
        ))
    }

    /// Decrypts a type-2 EncString, checking its MAC first.
    pub fn decrypt(&self, value: &EncString) -> anyhow::Result<Vec<u8>> {
        let parts = value.aes_parts().map_err(|e| anyhow!(e.0))?;
        self.mac(&parts.iv, &parts.data)
            .verify_slice(&parts.mac)
            .map_err(|_| anyhow!("the EncString's MAC does not match this key"))?;
        let iv: [u8; 16] = parts.iv.as_slice().try_into().context("iv size")?;
        Aes256CbcDec::new(self.0[..32].into(), &iv.into())
            .decrypt_padded_vec_mut::<Pkcs7>(&parts.data)
            .map_err(|_| anyhow!("bad padding"))
    }
}

/// An account's key pair as a client stores it: the public key in base64
/// SPKI DER, the private key's PKCS#8 DER under the user key.
#[derive(Debug, Clone)]
pub struct WrappedKeyPair {
    pub public_key: String,
    pub encrypted_private_key: EncString,
}

/// Makes an RSA-2048 key pair and wraps the private half with `user_key`.
pub fn new_key_pair(user_key: &SymmetricKey) -> anyhow::Result<WrappedKeyPair> {
    let private = RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).context("RSA key generation")?;
    let public = RsaPublicKey::from(&private)
        .to_public_key_der()
        .context("SPKI encoding")?;
    let pkcs8 = private.to_pkcs8_der().context("PKCS#8 encoding")?;
    Ok(WrappedKeyPair {
        public_key: B64.encode(public.as_bytes()),
        encrypted_private_key: user_key.encrypt(pkcs8.as_bytes()),
    })
}

/// Parses a base64 SPKI public key (RSA).
pub fn public_key(spki_b64: &str) -> anyhow::Result<RsaPublicKey> {
    let der = B64
        .decode(spki_b64)
        .context("the public key is not base64")?;
    RsaPublicKey::from_public_key_der(&der).context("the public key is not an RSA SPKI key")
}

/// Encrypts `data` for a public key as a type-4 EncString (RSA-OAEP, SHA-1).
pub fn encrypt_for(public: &RsaPublicKey, data: &[u8]) -> anyhow::Result<EncString> {
    let sealed = public
        .encrypt(&mut rand::rngs::OsRng, Oaep::new::<sha1::Sha1>(), data)
        .context("RSA-OAEP encryption")?;
    Ok(EncString::new_unchecked(format!(
        "4.{}",
        B64.encode(sealed)
    )))
}

/// Decrypts a type-4 EncString with a private key (tests read member keys so).
pub fn decrypt_with(private: &RsaPrivateKey, value: &EncString) -> anyhow::Result<Vec<u8>> {
    let data = value.rsa_data().map_err(|e| anyhow!(e.0))?;
    private
        .decrypt(Oaep::new::<sha1::Sha1>(), &data)
        .context("RSA-OAEP decryption")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::pkcs8::DecodePrivateKey;

    #[test]
    fn stretching_matches_an_independent_hkdf() {
        // HKDF-Expand for one block is HMAC-SHA256(prk, info ‖ 0x01); computed
        // with Python's hmac over a master key of the bytes 1..=32.
        let master: [u8; 32] = std::array::from_fn(|i| i as u8 + 1);
        let stretched = SymmetricKey::stretch(&master).unwrap();
        let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
        assert_eq!(
            hex(&stretched.expose()[..32]),
            "430a9d9e1d1a5d5bc8b184256c7fbadd33c27d1e6d276a801bdcd07c1c0003ea"
        );
        assert_eq!(
            hex(&stretched.expose()[32..]),
            "c4b2c51ed7aa2f27c4b7e5dcf19f3950a2b3222b1d764d7b3f657e9e509add10"
        );
    }

    #[test]
    fn type_2_round_trips_and_refuses_a_wrong_key_or_tampering() {
        let key = SymmetricKey::random();
        let sealed = key.encrypt(b"sixty-four bytes of key material, more or less....");
        assert!(sealed.aes_parts().is_ok());
        assert_eq!(
            key.decrypt(&sealed).unwrap(),
            b"sixty-four bytes of key material, more or less...."
        );
        assert!(SymmetricKey::random().decrypt(&sealed).is_err());
        let mut tampered = sealed.expose().to_owned();
        let flip = tampered.find('|').unwrap() + 2;
        let replacement = if &tampered[flip..=flip] == "A" {
            "B"
        } else {
            "A"
        };
        tampered.replace_range(flip..=flip, replacement);
        assert!(key.decrypt(&EncString::new_unchecked(tampered)).is_err());
    }

    #[test]
    fn a_wrapped_key_pair_opens_with_the_user_key_and_type_4_round_trips() {
        let user_key = SymmetricKey::random();
        let pair = new_key_pair(&user_key).unwrap();
        assert!(pair.encrypted_private_key.check_private_key().is_ok());
        assert!(wire::keys::check_public_key(&pair.public_key).is_ok());
        let der = user_key.decrypt(&pair.encrypted_private_key).unwrap();
        let private = RsaPrivateKey::from_pkcs8_der(&der).unwrap();
        let org_key = SymmetricKey::random();
        let sealed = encrypt_for(&public_key(&pair.public_key).unwrap(), org_key.expose()).unwrap();
        assert!(sealed.rsa_data().is_ok());
        assert_eq!(decrypt_with(&private, &sealed).unwrap(), org_key.expose());
        assert!(format!("{user_key:?} {pair:?}").contains("[redacted]"));
        assert!(!format!("{pair:?}").contains(&pair.encrypted_private_key.expose()[2..20]));
    }
}
