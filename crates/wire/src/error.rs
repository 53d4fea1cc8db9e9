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
