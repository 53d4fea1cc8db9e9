//! Whether a self-hosted server may use a license (contract §2.6): the token
//! path when the license carries a token (its claims replace the fields, and
//! only the claims are checked), else the legacy path (hash and signature).
//! Pure rules, tested without HTTP.

use super::signing::LicenseVerifier;
use wire::error::{ErrorCode, LicenseProblem};
use wire::ids::InstallationId;
use wire::licenses::{OrganizationLicense, LICENSE_TYPE_ORGANIZATION, SUPPORTED_LICENSE_VERSIONS};
use wire::DateTime;

/// Why a license cannot be used, with Bitwarden's message.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum LicenseError {
    /// A license format this server does not read.
    #[error("Version {0} is not supported.")]
    UnsupportedVersion(i32),
    /// Every problem found, one line each.
    #[error("{}", invalid_message(.0))]
    Invalid(Vec<LicenseProblem>),
    /// The license token does not verify or cannot be read; the reason is
    /// the JWT library's, as Bitwarden shows it.
    #[error("Invalid license. {0}")]
    Token(String),
    /// The license covers fewer seats than are occupied.
    #[error("Your organization currently has {occupied} seats filled. Your new license only has ({seats}) seats. Remove some users.")]
    TooFewSeats { occupied: u32, seats: i32 },
}

fn invalid_message(problems: &[LicenseProblem]) -> String {
    let lines: Vec<&str> = problems.iter().map(|p| p.message()).collect();
    format!("Invalid license. {}", lines.join("\n"))
        .trim_end()
        .to_owned()
}

impl LicenseError {
    /// The stable code and the values of the message, for clients that
    /// translate it.
    pub fn code(&self) -> (ErrorCode, Vec<(&'static str, String)>) {
        match self {
            Self::UnsupportedVersion(version) => (
                ErrorCode::LicenseVersionUnsupported,
                vec![("version", version.to_string())],
            ),
            Self::Invalid(problems) => {
                let codes: Vec<&str> = problems.iter().map(|p| p.code()).collect();
                (
                    ErrorCode::LicenseInvalid,
                    vec![("problems", codes.join(","))],
                )
            }
            Self::Token(_) => (
                ErrorCode::LicenseInvalid,
                vec![(
                    "problems",
                    LicenseProblem::VerificationFailed.code().to_owned(),
                )],
            ),
            Self::TooFewSeats { occupied, seats } => (
                ErrorCode::LicenseTooFewSeats,
                vec![
                    ("occupied", occupied.to_string()),
                    ("seats", seats.to_string()),
                ],
            ),
        }
    }
}

/// What a license is checked against.
pub struct LicenseContext<'a> {
    /// This installation (`globalSettings__installation__id`).
    pub installation_id: Option<InstallationId>,
    /// The cloud's certificate; without one no license verifies.
    pub verifier: Option<&'a LicenseVerifier>,
    pub now: DateTime,
}

/// The license as it applies here (a token's claims copied over its
/// fields) when it may be used; otherwise why not.
pub fn can_use(
    license: &OrganizationLicense,
    ctx: &LicenseContext<'_>,
) -> Result<OrganizationLicense, LicenseError> {
    match &license.token {
        Some(token) => can_use_token(license, token, ctx),
        None => can_use_legacy(license, ctx).map(|()| license.clone()),
    }
}

/// The claims path: the token must verify (signature, issuer, audience,
/// lifetime), then four claims are checked. No version or expiry check: the
/// token's lifetime stands for both.
fn can_use_token(
    license: &OrganizationLicense,
    token: &str,
    ctx: &LicenseContext<'_>,
) -> Result<OrganizationLicense, LicenseError> {
    let Some(verifier) = ctx.verifier else {
        return Err(LicenseError::Invalid(vec![
            LicenseProblem::VerificationFailed,
        ]));
    };
    let claims = verifier
        .verify_token(license, token, ctx.now)
        .map_err(LicenseError::Token)?;
    let mut applied = license.clone();
    super::token::apply_claims(&mut applied, &claims).map_err(LicenseError::Token)?;
    let mut problems = Vec::new();
    if !applied.enabled {
        problems.push(LicenseProblem::Disabled);
    }
    if ctx.installation_id != Some(applied.installation_id) {
        problems.push(LicenseProblem::InstallationMismatch);
    }
    if !applied.self_host {
        problems.push(LicenseProblem::NotSelfHost);
    }
    if applied.license_type != Some(LICENSE_TYPE_ORGANIZATION) {
        problems.push(LicenseProblem::PremiumLicense);
    }
    if problems.is_empty() {
        Ok(applied)
    } else {
        Err(LicenseError::Invalid(problems))
    }
}

/// The legacy path: every field is checked, and the hash and signature.
fn can_use_legacy(
    license: &OrganizationLicense,
    ctx: &LicenseContext<'_>,
) -> Result<(), LicenseError> {
    if !SUPPORTED_LICENSE_VERSIONS.contains(&license.version) {
        return Err(LicenseError::UnsupportedVersion(license.version));
    }
    let mut problems = Vec::new();
    if !license.enabled {
        problems.push(LicenseProblem::Disabled);
    }
    if license.issued > ctx.now {
        problems.push(LicenseProblem::NotYetIssued);
    }
    if license.expires.is_some_and(|expires| expires < ctx.now) {
        problems.push(LicenseProblem::Expired);
    }
    if ctx.installation_id != Some(license.installation_id) {
        problems.push(LicenseProblem::InstallationMismatch);
    }
    if !license.self_host {
        problems.push(LicenseProblem::NotSelfHost);
    }
    if license
        .license_type
        .is_some_and(|t| t != LICENSE_TYPE_ORGANIZATION)
    {
        problems.push(LicenseProblem::PremiumLicense);
    }
    if !ctx.verifier.is_some_and(|v| v.verify(license)) {
        problems.push(LicenseProblem::VerificationFailed);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(LicenseError::Invalid(problems))
    }
}

/// The update-path check against the organization as it is (CanUseLicense):
/// a license may not cover fewer seats than are occupied.
pub fn fits_organization(
    license: &OrganizationLicense,
    occupied_seats: u32,
) -> Result<(), LicenseError> {
    match license.seats {
        Some(seats) if i64::from(occupied_seats) > i64::from(seats) => {
            Err(LicenseError::TooFewSeats {
                occupied: occupied_seats,
                seats,
            })
        }
        _ => Ok(()),
    }
}
