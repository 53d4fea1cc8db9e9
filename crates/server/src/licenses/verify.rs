//! Whether a self-hosted server may use a license (contract §2.6, legacy
//! path: hash and signature, no token). Pure rules, tested without HTTP.

use super::signing::LicenseVerifier;
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
    Invalid(Vec<&'static str>),
    /// The license covers fewer seats than are occupied.
    #[error("Your organization currently has {occupied} seats filled. Your new license only has ({seats}) seats. Remove some users.")]
    TooFewSeats { occupied: u32, seats: i32 },
}

fn invalid_message(problems: &[&str]) -> String {
    format!("Invalid license. {}", problems.join("\n"))
        .trim_end()
        .to_owned()
}

/// What a license is checked against.
pub struct LicenseContext<'a> {
    /// This installation (`globalSettings__installation__id`).
    pub installation_id: Option<InstallationId>,
    /// The cloud's certificate; without one no license verifies.
    pub verifier: Option<&'a LicenseVerifier>,
    pub now: DateTime,
}

/// `Ok` when the license may be used here; otherwise why not.
pub fn can_use(
    license: &OrganizationLicense,
    ctx: &LicenseContext<'_>,
) -> Result<(), LicenseError> {
    if !SUPPORTED_LICENSE_VERSIONS.contains(&license.version) {
        return Err(LicenseError::UnsupportedVersion(license.version));
    }
    let mut problems = Vec::new();
    if !license.enabled {
        problems.push("Your cloud-hosted organization is currently disabled.");
    }
    if license.issued > ctx.now {
        problems.push("The license hasn't been issued yet.");
    }
    if license.expires.is_some_and(|expires| expires < ctx.now) {
        problems.push("The license has expired.");
    }
    if ctx.installation_id != Some(license.installation_id) {
        problems.push("The installation ID does not match the current installation.");
    }
    if !license.self_host {
        problems.push("The license does not allow for on-premise hosting of organizations.");
    }
    if license
        .license_type
        .is_some_and(|t| t != LICENSE_TYPE_ORGANIZATION)
    {
        problems.push(
            "Premium licenses cannot be applied to an organization vault. Upload this license from your personal account Settings page.",
        );
    }
    if !ctx.verifier.is_some_and(|v| v.verify(license)) {
        problems.push("The license verification failed.");
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
