//! RSA keys for license signatures: the cloud signs with a private key it
//! creates in its data dir at first use; self-hosted servers verify with the
//! certificate that `billing-sync-server license-cert` prints (an X.509
//! certificate like Bitwarden's `licensing.cer`, in PEM or DER).

use super::format::{data_string, DataPurpose};
use anyhow::Context;
use base64::engine::general_purpose::{STANDARD as B64, URL_SAFE_NO_PAD as B64_URL};
use base64::Engine;
use jsonwebtoken::{DecodingKey, EncodingKey};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, LineEnding};
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde_json::{Map, Value};
use sha2::Sha256;
use std::path::{Path, PathBuf};
use wire::licenses::OrganizationLicense;
use wire::DateTime;
use x509_cert::der::{Decode, DecodePem, Encode, EncodePem};
use x509_cert::spki::SubjectPublicKeyInfoOwned;
use x509_cert::Certificate;

/// File name of the cloud's signing key inside its data dir.
const KEY_FILE: &str = "license-signing-key.pem";
/// 3072-bit RSA: strong, and generated in seconds on first use.
const KEY_BITS: usize = 3072;
/// The subject of the certificate `license-cert` prints.
const CERTIFICATE_SUBJECT: &str = "CN=Billing Sync License";
/// Bitwarden's license certificates are valid for 30 years; ours from
/// 2025-01-01. Nothing checks these dates: the key is what verifies.
const CERTIFICATE_YEARS: u64 = 30;
const CERTIFICATE_NOT_BEFORE: u64 = 1_735_689_600;

/// The cloud's license signer.
pub struct LicenseSigner {
    key: SigningKey<Sha256>,
    /// The same key for the license token (RS256).
    jwt: EncodingKey,
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
        let pkcs1 = private
            .to_pkcs1_der()
            .with_context(|| format!("{} cannot be encoded as PKCS#1", path.display()))?;
        Ok(Self {
            jwt: EncodingKey::from_rsa_der(pkcs1.as_bytes()),
            key: SigningKey::<Sha256>::new(private),
        })
    }

    /// Fills in `hash`, `signature` (which covers the hash) and `token`
    /// (issued at the license's `issued` time), as Bitwarden's cloud does.
    pub fn sign(&self, license: &mut OrganizationLicense) -> Result<(), String> {
        license.token = None;
        license.hash = Some(super::format::compute_hash(license)?);
        let data = data_string(license, DataPurpose::Signature)?;
        license.signature = Some(B64.encode(self.key.sign(data.as_bytes()).to_bytes()));
        let token = super::token::sign(license, &self.jwt, license.issued)
            .map_err(|e| format!("cannot sign the license token: {e}"))?;
        license.token = Some(token);
        Ok(())
    }

    /// A self-signed X.509 certificate of the signing key, DER-encoded: the
    /// form of Bitwarden's `licensing.cer`.
    pub fn certificate_der(&self) -> anyhow::Result<Vec<u8>> {
        use std::str::FromStr;
        use x509_cert::builder::{Builder, CertificateBuilder, Profile};
        let public = SubjectPublicKeyInfoOwned::from_key(self.key.as_ref().to_public_key())
            .context("cannot encode the public key")?;
        let at = |secs: u64| {
            x509_cert::time::Time::try_from(
                std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs),
            )
        };
        // Fixed dates, so the same key always prints the same certificate.
        let validity = x509_cert::time::Validity {
            not_before: at(CERTIFICATE_NOT_BEFORE)?,
            not_after: at(CERTIFICATE_NOT_BEFORE + CERTIFICATE_YEARS * 365 * 86_400)?,
        };
        let builder = CertificateBuilder::new(
            Profile::Root,
            x509_cert::serial_number::SerialNumber::from(1u32),
            validity,
            x509_cert::name::Name::from_str(CERTIFICATE_SUBJECT)?,
            public,
            &self.key,
        )?;
        let certificate = builder.build::<rsa::pkcs1v15::Signature>()?;
        Ok(certificate.to_der()?)
    }

    /// The same certificate in PEM, as `license-cert` prints it.
    pub fn certificate_pem(&self) -> anyhow::Result<String> {
        let certificate = Certificate::from_der(&self.certificate_der()?)?;
        Ok(certificate.to_pem(LineEnding::LF)?)
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
    /// The same public key for license tokens.
    jwt: DecodingKey,
}

impl LicenseVerifier {
    /// Reads the cloud's certificate: an X.509 certificate in PEM or DER
    /// (Bitwarden ships `licensing.cer` as DER), or a bare public key in PEM
    /// or DER (what `license-cert` printed before it printed certificates).
    pub fn from_bytes(bytes: &[u8]) -> anyhow::Result<Self> {
        let public = read_public_key(bytes)?;
        let component = |bytes: Vec<u8>| B64_URL.encode(bytes);
        let jwt = DecodingKey::from_rsa_components(
            &component(public.n().to_bytes_be()),
            &component(public.e().to_bytes_be()),
        )
        .context("the certificate's key cannot verify RS256 tokens")?;
        Ok(Self {
            key: VerifyingKey::<Sha256>::new(public),
            jwt,
        })
    }

    /// The claims of the license's token once the token verifies for this
    /// organization at `now`; the library's reason otherwise.
    pub fn verify_token(
        &self,
        license: &OrganizationLicense,
        token: &str,
        now: DateTime,
    ) -> Result<Map<String, Value>, String> {
        super::token::verify(token, &self.jwt, license.id, now)
    }

    /// Bitwarden's `VerifyLicense`: the token when there is one, else the
    /// hash and signature.
    pub fn verify_any(&self, license: &OrganizationLicense, now: DateTime) -> bool {
        match &license.token {
            Some(token) => self.verify_token(license, token, now).is_ok(),
            None => self.verify(license),
        }
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

/// The RSA key of a certificate or public key file (see [`LicenseVerifier::from_bytes`]).
fn read_public_key(bytes: &[u8]) -> anyhow::Result<RsaPublicKey> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        let text = text.trim();
        if text.starts_with("-----BEGIN CERTIFICATE-----") {
            let certificate = Certificate::from_pem(text).context("not a PEM X.509 certificate")?;
            return certificate_key(&certificate);
        }
        if text.starts_with("-----BEGIN PUBLIC KEY-----") {
            return RsaPublicKey::from_public_key_pem(text).context("not a PEM RSA public key");
        }
        anyhow::ensure!(
            !text.starts_with("-----BEGIN"),
            "a PEM file here holds a CERTIFICATE or a PUBLIC KEY"
        );
    }
    if let Ok(certificate) = Certificate::from_der(bytes) {
        return certificate_key(&certificate);
    }
    RsaPublicKey::from_public_key_der(bytes)
        .context("neither an X.509 certificate nor an RSA public key, in PEM or DER")
}

fn certificate_key(certificate: &Certificate) -> anyhow::Result<RsaPublicKey> {
    let info = certificate
        .tbs_certificate
        .subject_public_key_info
        .to_der()?;
    RsaPublicKey::from_public_key_der(&info).context("the certificate's key is not an RSA key")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificates_and_keys_are_read_in_pem_and_der() {
        let dir = tempfile::tempdir().unwrap();
        let signer = LicenseSigner::load_or_create(dir.path()).unwrap();
        let public = signer.key.as_ref().to_public_key();
        let der = signer.certificate_der().unwrap();
        let forms: Vec<(&str, Vec<u8>)> = vec![
            ("certificate, DER", der),
            (
                "certificate, PEM",
                signer.certificate_pem().unwrap().into_bytes(),
            ),
            (
                "public key, PEM",
                rsa::pkcs8::EncodePublicKey::to_public_key_pem(&public, LineEnding::LF)
                    .unwrap()
                    .into_bytes(),
            ),
            (
                "public key, DER",
                rsa::pkcs8::EncodePublicKey::to_public_key_der(&public)
                    .unwrap()
                    .into_vec(),
            ),
        ];
        for (what, bytes) in forms {
            assert_eq!(read_public_key(&bytes).unwrap(), public, "{what}");
        }
        for garbage in [
            &b"hello"[..],
            b"-----BEGIN PRIVATE KEY-----\nAAAA\n",
            b"\x30\x03\x02\x01",
        ] {
            assert!(LicenseVerifier::from_bytes(garbage).is_err());
        }
    }
}
