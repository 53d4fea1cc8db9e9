//! RSA keys for license signatures: the cloud signs with a private key it
//! creates at first use and keeps in the database (`server_keys`), so every
//! cloud replica signs with the same key; self-hosted servers verify with
//! the public certificate that `billing-sync-server license-cert` prints.
//! A key an older version left in the data dir is moved into the database
//! on first use, so existing certificates stay valid.

use super::format::{data_string, DataPurpose};
use crate::db::Pool;
use anyhow::Context;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::pkcs8::{
    DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey, LineEnding,
};
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use rsa::{RsaPrivateKey, RsaPublicKey};
use sha2::Sha256;
use std::path::{Path, PathBuf};
use wire::licenses::OrganizationLicense;

/// File name of the signing key inside the data dir (before it moved to the database).
const KEY_FILE: &str = "license-signing-key.pem";
/// Name of the key (PKCS#8 PEM) in `server_keys`.
const KEY_NAME: &str = "license_signing_rsa_pkcs8";
/// 3072-bit RSA: strong, and generated in seconds on first use.
const KEY_BITS: usize = 3072;

/// The cloud's license signer.
pub struct LicenseSigner {
    key: SigningKey<Sha256>,
    public: RsaPublicKey,
}

/// Where an older version kept the signing key of a data dir.
pub fn key_path(data_dir: &Path) -> PathBuf {
    data_dir.join(KEY_FILE)
}

impl LicenseSigner {
    /// Loads the shared key from the database; on first use takes the data
    /// dir's key file if an older version left one, else creates a key.
    /// Replicas starting together agree on one: the first stored wins.
    pub async fn load_or_create(pool: &Pool, data_dir: &Path) -> anyhow::Result<Self> {
        use crate::tokens::store;
        let pem = match store::find_secret(pool, KEY_NAME).await? {
            Some(pem) => pem,
            None => {
                let path = key_path(data_dir);
                let candidate = match std::fs::read_to_string(&path) {
                    Ok(pem) => pem,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        tokio::task::spawn_blocking(new_key_pem).await??
                    }
                    Err(e) => {
                        return Err(e).with_context(|| format!("cannot read {}", path.display()))
                    }
                };
                store::server_secret(pool, KEY_NAME, &candidate).await?
            }
        };
        Self::from_pem(&pem)
    }

    /// A signer from a PKCS#8 PEM private key.
    pub fn from_pem(pem: &str) -> anyhow::Result<Self> {
        let private = RsaPrivateKey::from_pkcs8_pem(pem)
            .context("the stored license signing key is not a PKCS#8 RSA key")?;
        let public = private.to_public_key();
        Ok(Self {
            key: SigningKey::<Sha256>::new(private),
            public,
        })
    }

    /// Fills in `hash` and `signature` (the signature covers the hash).
    pub fn sign(&self, license: &mut OrganizationLicense) -> Result<(), String> {
        license.hash = Some(super::format::compute_hash(license)?);
        let data = data_string(license, DataPurpose::Signature)?;
        license.signature = Some(B64.encode(self.key.sign(data.as_bytes()).to_bytes()));
        Ok(())
    }

    /// The public certificate (PEM) self-hosted servers verify with.
    pub fn certificate_pem(&self) -> anyhow::Result<String> {
        Ok(self.public.to_public_key_pem(LineEnding::LF)?)
    }
}

/// A new key as PKCS#8 PEM (seconds of work: run it off the async threads).
fn new_key_pem() -> anyhow::Result<String> {
    let key = RsaPrivateKey::new(&mut rand::rngs::OsRng, KEY_BITS)
        .context("RSA key generation failed")?;
    let pem = key
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| anyhow::anyhow!("cannot encode the RSA key: {e}"))?;
    Ok(pem.as_str().to_owned())
}

/// A self-hosted server's view of the cloud's certificate.
#[derive(Clone)]
pub struct LicenseVerifier {
    key: VerifyingKey<Sha256>,
}

impl LicenseVerifier {
    /// Reads a PEM public key (as printed by `license-cert`).
    pub fn from_pem(pem: &str) -> anyhow::Result<Self> {
        let public =
            RsaPublicKey::from_public_key_pem(pem.trim()).context("not a PEM RSA public key")?;
        Ok(Self {
            key: VerifyingKey::<Sha256>::new(public),
        })
    }

    /// True when the license's hash matches its data and the signature is the cloud's.
    pub fn verify(&self, license: &OrganizationLicense) -> bool {
        let (Some(hash), Some(signature)) = (&license.hash, &license.signature) else {
            return false;
        };
        let Ok(expected_hash) = super::format::compute_hash(license) else {
            return false;
        };
        let Ok(data) = data_string(license, DataPurpose::Signature) else {
            return false;
        };
        let Some(signature) = B64
            .decode(signature)
            .ok()
            .and_then(|b| Signature::try_from(b.as_slice()).ok())
        else {
            return false;
        };
        *hash == expected_hash && self.key.verify(data.as_bytes(), &signature).is_ok()
    }
}
