//! Self-hosted installations registered with the cloud (contract §1.2).

use crate::ids::InstallationId;
use crate::Secret;
use serde::{Deserialize, Serialize};

/// Body of `POST /installations`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct InstallationRequest {
    #[serde(default, alias = "Email")]
    pub email: Option<String>,
}

/// `{"object":"installation","id":…,"key":…,"enabled":…}`; `key` only at creation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct InstallationResponse {
    #[serde(default = "installation_object")]
    pub object: String,
    pub id: InstallationId,
    pub key: Option<Secret>,
    pub enabled: bool,
}

fn installation_object() -> String {
    "installation".into()
}

impl InstallationResponse {
    /// Builds the response.
    pub fn new(id: InstallationId, key: Option<Secret>, enabled: bool) -> Self {
        Self {
            object: installation_object(),
            id,
            key,
            enabled,
        }
    }
}
