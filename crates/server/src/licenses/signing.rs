//! RSA keys for license signatures: the cloud signs with a private key it
//! creates in its data dir at first use; self-hosted servers verify with the
//! public certificate that `billing-sync-server license-cert` prints.

use super::format::{data_string, DataPurpose};
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

/// File name of the cloud's signing key inside its data dir.
const KEY_FILE: &str = "license-signing-key.pem";
/// 3072-bit RSA: strong, and generated in seconds on first use.
const KEY_BITS: usize = 3072;

/// The cloud's license signer.
pub struct LicenseSigner {
    key: SigningKey<Sha256>,
    public: RsaPublicKey,
}

/// Where the signing key of a data dir lives.
pub fn key_path(data_dir: &Path) -> PathBuf {
    data_dir.join(KEY_FILE)
}

impl LicenseSigner {
    /// Loads the data dir's key, creating it (mode 0600) on first use.
    pub fn load_or_create(data_dir: &Path) -> anyhow::Result<Self> {
        let path = key_path(data_dir);
        if !path.is_file() {
            let key = RsaPrivateKey::new(&mut rand::rngs::OsRng, KEY_BITS)
                .context("RSA key generation failed")?;
            match write_private(&path, &key) {
                // Another process created it first: use theirs, so one key signs everything.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                other => other.with_context(|| format!("cannot create {}", path.display()))?,
            }
        }
        let pem = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let private = RsaPrivateKey::from_pkcs8_pem(&pem)
            .with_context(|| format!("{} is not a PKCS#8 RSA key", path.display()))?;
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

fn write_private(path: &Path, key: &RsaPrivateKey) -> std::io::Result<()> {
    let pem = key
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    std::io::Write::write_all(&mut file, pem.as_bytes())
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
