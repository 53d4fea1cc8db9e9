//! Bitwarden's error envelope (`ErrorResponseModel`) and the Identity error shape.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The JSON body of every API error:
/// `{"object":"error","message":…,"validationErrors":…,…}`.
///
/// Input is read case-insensitively by Bitwarden clients; we accept the
/// PascalCase variant too so the web module can read Identity's `ErrorModel`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ErrorResponse {
    #[serde(default = "error_object", alias = "Object")]
    pub object: String,
    #[serde(alias = "Message")]
    pub message: String,
    #[serde(default, alias = "ValidationErrors")]
    pub validation_errors: Option<BTreeMap<String, Vec<String>>>,
    #[serde(default)]
    pub exception_message: Option<String>,
    #[serde(default)]
    pub exception_stack_trace: Option<String>,
    #[serde(default)]
    pub inner_exception_message: Option<String>,
    /// This product's addition: a stable code for messages a client may
    /// translate (Bitwarden's clients ignore unknown fields, and a body
    /// without it reads as before). `message` stays the English text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<ErrorCode>,
    /// The values the message was built from, by name, for the translation.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub code_args: BTreeMap<String, String>,
}

pub use crate::error_code::ErrorCode;

/// Why a license failed its checks, as the `problems` arg of
/// [`ErrorCode::LicenseInvalid`] names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LicenseProblem {
    Disabled,
    NotYetIssued,
    Expired,
    InstallationMismatch,
    NotSelfHost,
    PremiumLicense,
    VerificationFailed,
}

impl LicenseProblem {
    /// Every problem, in the order the server checks them.
    pub const ALL: [LicenseProblem; 7] = [
        Self::Disabled,
        Self::NotYetIssued,
        Self::Expired,
        Self::InstallationMismatch,
        Self::NotSelfHost,
        Self::PremiumLicense,
        Self::VerificationFailed,
    ];

    /// The stable code in `problems`.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Disabled => "disabled",
            Self::NotYetIssued => "notYetIssued",
            Self::Expired => "expired",
            Self::InstallationMismatch => "installationMismatch",
            Self::NotSelfHost => "notSelfHost",
            Self::PremiumLicense => "premiumLicense",
            Self::VerificationFailed => "verificationFailed",
        }
    }

    /// The problem for a code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }

    /// Bitwarden's English sentence for the problem.
    pub const fn message(self) -> &'static str {
        match self {
            Self::Disabled => "Your cloud-hosted organization is currently disabled.",
            Self::NotYetIssued => "The license hasn't been issued yet.",
            Self::Expired => "The license has expired.",
            Self::InstallationMismatch => "The installation ID does not match the current installation.",
            Self::NotSelfHost => "The license does not allow for on-premise hosting of organizations.",
            Self::PremiumLicense => "Premium licenses cannot be applied to an organization vault. Upload this license from your personal account Settings page.",
            Self::VerificationFailed => "The license verification failed.",
        }
    }
}

fn error_object() -> String {
    "error".to_owned()
}

/// Message of a model-state (validation) failure.
pub const MODEL_STATE_INVALID: &str = "The model state is invalid.";

impl ErrorResponse {
    /// An error with a plain message.
    pub fn message(message: impl Into<String>) -> Self {
        Self {
            object: error_object(),
            message: message.into(),
            validation_errors: None,
            exception_message: None,
            exception_stack_trace: None,
            inner_exception_message: None,
            code: None,
            code_args: BTreeMap::new(),
        }
    }

    /// An error with a plain English message and its stable code.
    pub fn coded(
        message: impl Into<String>,
        code: ErrorCode,
        args: impl IntoIterator<Item = (&'static str, String)>,
    ) -> Self {
        Self {
            code: Some(code),
            code_args: args.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
            ..Self::message(message)
        }
    }

    /// A model-state error for one field, as ASP.NET reports it.
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        let mut errors = BTreeMap::new();
        errors.insert(field.into(), vec![message.into()]);
        Self {
            validation_errors: Some(errors),
            ..Self::message(MODEL_STATE_INVALID)
        }
    }

    /// The most specific text to show a user: the first validation message if
    /// there is one (Bitwarden's clients do the same), else the message.
    pub fn user_message(&self) -> &str {
        self.validation_errors
            .as_ref()
            .and_then(|m| m.values().flatten().next())
            .map(String::as_str)
            .unwrap_or(&self.message)
    }
}

/// Identity (`/connect/token`) errors: OAuth fields plus Bitwarden's `ErrorModel`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenErrorResponse {
    pub error: String,
    #[serde(default)]
    pub error_description: Option<String>,
    #[serde(
        rename = "ErrorModel",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub error_model: Option<TokenErrorModel>,
}

/// The PascalCase `ErrorModel` inside an Identity error.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "PascalCase")]
pub struct TokenErrorModel {
    pub message: String,
    pub object: String,
}

/// Bitwarden's text for a failed password login.
pub const INVALID_USERNAME_OR_PASSWORD: &str = "Username or password is incorrect. Try again.";

impl TokenErrorResponse {
    /// The `invalid_grant` answer to a wrong e-mail or master password.
    pub fn invalid_username_or_password() -> Self {
        Self {
            error: "invalid_grant".into(),
            error_description: Some("invalid_username_or_password".into()),
            error_model: Some(TokenErrorModel {
                message: INVALID_USERNAME_OR_PASSWORD.into(),
                object: "error".into(),
            }),
        }
    }

    /// An OAuth error without a Bitwarden message (`invalid_client`, `invalid_scope`, …).
    pub fn oauth(error: &str, description: Option<&str>) -> Self {
        Self {
            error: error.into(),
            error_description: description.map(Into::into),
            error_model: None,
        }
    }

    /// The text to show a user.
    pub fn user_message(&self) -> &str {
        self.error_model
            .as_ref()
            .map(|m| m.message.as_str())
            .or(self.error_description.as_deref())
            .unwrap_or(&self.error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_is_an_extra_field_old_bodies_still_read() {
        let old = r#"{"object":"error","message":"Resource not found.","validationErrors":null}"#;
        let read: ErrorResponse = serde_json::from_str(old).expect("old shape");
        assert_eq!(read.code, None);
        assert!(read.code_args.is_empty());
        let plain = serde_json::to_value(ErrorResponse::message("x")).expect("serializes");
        assert!(plain.get("code").is_none(), "absent unless set: {plain}");

        let coded = ErrorResponse::coded(
            "Version 99 is not supported.",
            ErrorCode::LicenseVersionUnsupported,
            [("version", "99".to_owned())],
        );
        let json = serde_json::to_value(&coded).expect("serializes");
        assert_eq!(json["message"], "Version 99 is not supported.");
        assert_eq!(json["code"], "licenseVersionUnsupported");
        assert_eq!(json["codeArgs"]["version"], "99");
        let back: ErrorResponse = serde_json::from_value(json).expect("reads back");
        assert_eq!(back, coded);

        let newer = r#"{"object":"error","message":"m","code":"somethingNew"}"#;
        let read: ErrorResponse = serde_json::from_str(newer).expect("unknown code reads");
        assert_eq!(read.code, Some(ErrorCode::Unknown));
    }

    #[test]
    fn license_problems_round_trip_their_codes() {
        for problem in LicenseProblem::ALL {
            assert_eq!(LicenseProblem::from_code(problem.code()), Some(problem));
            assert!(problem.message().ends_with('.'));
        }
        assert_eq!(LicenseProblem::from_code("nope"), None);
    }
}
