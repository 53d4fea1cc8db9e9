//! Server messages in the user's language: the server sends a stable
//! [`ErrorCode`] with its English message and the values it was built from
//! (`codeArgs`); this module writes the message from the code
//! (`i18n::server`), so a Dutch screen shows Dutch and every message says
//! what to do next. A body without a code (another server, or a code from a
//! newer one) keeps the server's text.

use crate::i18n::{Key, Locale};
use wire::error::{ErrorCode, ErrorResponse, LicenseProblem};

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
    let args: Vec<(&str, &str)> = body
        .code_args
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let mut text = locale.server_text_with(body.code?, &args)?;
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
