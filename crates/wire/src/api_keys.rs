//! Organization API keys; type 1 is the *billing sync token* (contract §1.1).

use crate::{DateTime, Secret};
use serde::{Deserialize, Serialize};

/// Bitwarden's `OrganizationApiKeyType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum OrganizationApiKeyType {
    Default,
    BillingSync,
    Scim,
}

#[cfg(feature = "openapi")]
crate::openapi::integer_enum_schema!(OrganizationApiKeyType as u8 { Default, BillingSync, Scim });

impl From<OrganizationApiKeyType> for u8 {
    fn from(value: OrganizationApiKeyType) -> Self {
        match value {
            OrganizationApiKeyType::Default => 0,
            OrganizationApiKeyType::BillingSync => 1,
            OrganizationApiKeyType::Scim => 2,
        }
    }
}

impl TryFrom<u8> for OrganizationApiKeyType {
    type Error = String;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Ok(match value {
            0 => Self::Default,
            1 => Self::BillingSync,
            2 => Self::Scim,
            other => return Err(format!("unknown API key type {other}")),
        })
    }
}

/// Body of `POST /organizations/{id}/api-key` and `…/rotate-api-key`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrganizationApiKeyRequest {
    #[serde(rename = "type", alias = "Type")]
    pub key_type: OrganizationApiKeyType,
    #[serde(
        default,
        alias = "MasterPasswordHash",
        skip_serializing_if = "Option::is_none"
    )]
    pub master_password_hash: Option<Secret>,
    #[serde(default, alias = "Otp", skip_serializing_if = "Option::is_none")]
    pub otp: Option<Secret>,
}

/// `{"object":"apiKey","apiKey":…,"revisionDate":…}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyResponse {
    #[serde(default = "api_key_object")]
    pub object: String,
    pub api_key: Secret,
    pub revision_date: DateTime,
}

fn api_key_object() -> String {
    "apiKey".into()
}

impl ApiKeyResponse {
    /// Wraps a key and its revision date.
    pub fn new(api_key: Secret, revision_date: DateTime) -> Self {
        Self {
            object: api_key_object(),
            api_key,
            revision_date,
        }
    }
}

/// One entry of `GET /organizations/{id}/api-key-information`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyInformation {
    #[serde(default = "key_information_object")]
    pub object: String,
    pub key_type: OrganizationApiKeyType,
    pub revision_date: DateTime,
}

fn key_information_object() -> String {
    "keyInformation".into()
}

impl ApiKeyInformation {
    /// Describes one key.
    pub fn new(key_type: OrganizationApiKeyType, revision_date: DateTime) -> Self {
        Self {
            object: key_information_object(),
            key_type,
            revision_date,
        }
    }
}

/// Bitwarden's generic `{"object":"list","data":[…],"continuationToken":null}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ListResponse<T> {
    #[serde(default = "list_object")]
    pub object: String,
    pub data: Vec<T>,
    #[serde(default)]
    pub continuation_token: Option<String>,
}

fn list_object() -> String {
    "list".into()
}

impl<T> ListResponse<T> {
    /// A complete (single-page) list.
    pub fn new(data: Vec<T>) -> Self {
        Self {
            object: list_object(),
            data,
            continuation_token: None,
        }
    }
}
