//! Server messages in the user's language: the server sends a stable
//! [`ErrorCode`] with its English message and the values it was built from
//! (`codeArgs`); this module writes the same message from the code, so a
//! Dutch screen shows Dutch. A body without a code (or with a code from a
//! newer server) keeps the server's text.

use crate::i18n::{Key, Locale};
use wire::error::{ErrorCode, ErrorResponse, LicenseProblem};

/// The text key of a code; `None` for a code this module does not know.
pub fn key_of(code: ErrorCode) -> Option<Key> {
    Some(match code {
        ErrorCode::CloudCommunicationDisabled => Key::ErrCloudCommunicationDisabled,
        ErrorCode::InstallationNotConfigured => Key::ErrInstallationNotConfigured,
        ErrorCode::RegionMismatch => Key::ErrRegionMismatch,
        ErrorCode::CloudUnreachable => Key::ErrCloudUnreachable,
        ErrorCode::CloudRejected => Key::ErrCloudRejected,
        ErrorCode::CloudAnswerUnreadable => Key::ErrCloudAnswerUnreadable,
        ErrorCode::BillingSyncTokenRejected => Key::ErrBillingSyncTokenRejected,
        ErrorCode::LicenseNotRecognized => Key::ErrLicenseNotRecognized,
        ErrorCode::LicenseVersionUnsupported => Key::ErrLicenseVersionUnsupported,
        ErrorCode::LicenseInvalid => Key::ErrLicenseInvalid,
        ErrorCode::LicenseTooFewSeats => Key::ErrLicenseTooFewSeats,
        ErrorCode::SyncAlreadyRunning => Key::ErrSyncAlreadyRunning,
        ErrorCode::CloudTimeout => Key::ErrCloudTimeout,
        ErrorCode::DatabaseBusy => Key::ErrDatabaseBusy,
        ErrorCode::DatabaseFull => Key::ErrDatabaseFull,
        ErrorCode::LicenseFileTooLarge => Key::ErrLicenseFileTooLarge,
        ErrorCode::LicenseFileUnreadable => Key::ErrLicenseFileUnreadable,
        ErrorCode::BillingSyncNotSetUp => Key::ErrBillingSyncNotSetUp,
        ErrorCode::LicenseOutOfDate => Key::ErrLicenseOutOfDate,
        ErrorCode::LicenseNeverSynced => Key::ErrLicenseNeverSynced,
        ErrorCode::SponsorshipSyncFailed => Key::ErrSponsorshipSyncFailed,
        ErrorCode::Unknown => return None,
    })
}

/// The text key of a license problem.
pub fn problem_key(problem: LicenseProblem) -> Key {
    match problem {
        LicenseProblem::Disabled => Key::LicenseProblemDisabled,
        LicenseProblem::NotYetIssued => Key::LicenseProblemNotYetIssued,
        LicenseProblem::Expired => Key::LicenseProblemExpired,
        LicenseProblem::InstallationMismatch => Key::LicenseProblemInstallationMismatch,
        LicenseProblem::NotSelfHost => Key::LicenseProblemNotSelfHost,
        LicenseProblem::PremiumLicense => Key::LicenseProblemPremiumLicense,
        LicenseProblem::VerificationFailed => Key::LicenseProblemVerificationFailed,
    }
}

/// The message of a coded error body in `locale`; `None` when the body has
/// no code this module knows (show the server's text then).
pub fn coded_message(body: &ErrorResponse, locale: Locale) -> Option<String> {
    let key = key_of(body.code?)?;
    // The first wasm has the login's texts only (`Locale::first_screen_text`).
    if locale.text(key).is_empty() {
        return None;
    }
    let args: Vec<(&str, &str)> = body
        .code_args
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let mut text = locale.text_with(key, &args);
    if body.code == Some(ErrorCode::LicenseInvalid) {
        let problems = body.code_args.get("problems").map_or("", String::as_str);
        let lines: Vec<&str> = problems
            .split(',')
            .filter(|code| !code.is_empty())
            .map(|code| LicenseProblem::from_code(code).map(|p| locale.text(problem_key(p))))
            .collect::<Option<_>>()?;
        text = std::iter::once(text.as_str())
            .chain(lines)
            .collect::<Vec<_>>()
            .join(" ");
    }
    if body.code_args.get("during").map(String::as_str) == Some("licenseSync") {
        text = format!("{} {text}", locale.text(Key::ErrLicenseSyncFailed));
    }
    Some(text)
}
