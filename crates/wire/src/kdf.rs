//! Key-derivation settings, as prelogin and the token response report them.

use serde::{Deserialize, Serialize};

/// Bitwarden's `KdfType`: PBKDF2_SHA256 = 0, Argon2id = 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum KdfType {
    Pbkdf2Sha256,
    Argon2id,
}

#[cfg(feature = "openapi")]
crate::openapi::integer_enum_schema!(KdfType as u8 { Pbkdf2Sha256, Argon2id });

impl From<KdfType> for u8 {
    fn from(value: KdfType) -> Self {
        match value {
            KdfType::Pbkdf2Sha256 => 0,
            KdfType::Argon2id => 1,
        }
    }
}

impl TryFrom<u8> for KdfType {
    type Error = String;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        match value {
            0 => Ok(Self::Pbkdf2Sha256),
            1 => Ok(Self::Argon2id),
            other => Err(format!("unknown KDF type {other}")),
        }
    }
}

/// Default PBKDF2 iterations for new accounts and unknown e-mails.
pub const PBKDF2_DEFAULT_ITERATIONS: u32 = 600_000;
/// Argon2id defaults for new accounts (iterations, MiB, parallelism).
pub const ARGON2_DEFAULT: (u32, u32, u32) = (3, 64, 4);

/// A complete KDF configuration. Memory is in MiB; `memory` and `parallelism`
/// are only meaningful for Argon2id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct KdfSettings {
    pub kdf_type: KdfType,
    pub iterations: u32,
    pub memory: Option<u32>,
    pub parallelism: Option<u32>,
}

impl KdfSettings {
    /// PBKDF2-SHA256 with 600,000 iterations (Bitwarden's default).
    pub const fn default_pbkdf2() -> Self {
        Self {
            kdf_type: KdfType::Pbkdf2Sha256,
            iterations: PBKDF2_DEFAULT_ITERATIONS,
            memory: None,
            parallelism: None,
        }
    }

    /// Argon2id with Bitwarden's client defaults.
    pub const fn default_argon2id() -> Self {
        Self {
            kdf_type: KdfType::Argon2id,
            iterations: ARGON2_DEFAULT.0,
            memory: Some(ARGON2_DEFAULT.1),
            parallelism: Some(ARGON2_DEFAULT.2),
        }
    }

    /// Checks Bitwarden's limits; the error is Bitwarden's message.
    pub fn validate(&self) -> Result<(), &'static str> {
        match self.kdf_type {
            KdfType::Pbkdf2Sha256 if !(600_000..=2_000_000).contains(&self.iterations) => {
                Err("KDF iterations must be between 600000 and 2000000.")
            }
            KdfType::Pbkdf2Sha256 => Ok(()),
            KdfType::Argon2id => {
                if !(2..=10).contains(&self.iterations) {
                    Err("Argon2 iterations must be between 2 and 10.")
                } else if !self.memory.is_some_and(|m| (15..=1024).contains(&m)) {
                    Err("Argon2 memory must be between 15mb and 1024mb.")
                } else if !self.parallelism.is_some_and(|p| (1..=16).contains(&p)) {
                    Err("Argon2 parallelism must be between 1 and 16.")
                } else {
                    Ok(())
                }
            }
        }
    }
}

/// Normalises an e-mail the way Bitwarden clients do before using it as a salt.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kdf_type_is_a_number_on_the_wire() {
        assert_eq!(serde_json::to_string(&KdfType::Argon2id).unwrap(), "1");
        assert!(serde_json::from_str::<KdfType>("7").is_err());
    }

    #[test]
    fn limits_follow_bitwarden() {
        assert!(KdfSettings::default_pbkdf2().validate().is_ok());
        assert!(KdfSettings::default_argon2id().validate().is_ok());
        let low = KdfSettings {
            iterations: 5000,
            ..KdfSettings::default_pbkdf2()
        };
        assert_eq!(
            low.validate(),
            Err("KDF iterations must be between 600000 and 2000000.")
        );
        let no_memory = KdfSettings {
            memory: None,
            ..KdfSettings::default_argon2id()
        };
        assert_eq!(
            no_memory.validate(),
            Err("Argon2 memory must be between 15mb and 1024mb.")
        );
    }

    #[test]
    fn email_is_trimmed_and_lowercased() {
        assert_eq!(normalize_email("  Owner@Acme.TEST "), "owner@acme.test");
    }
}
