//! Organization connections on a self-hosted server: the billing sync token
//! stored as a `CloudBillingSync` connection (contract §1.4, §4).

use crate::ids::ConnectionId;
use crate::{DateTime, OrganizationId, Secret};
use serde::{Deserialize, Serialize};

/// Bitwarden's `OrganizationConnectionType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum OrganizationConnectionType {
    CloudBillingSync,
    Scim,
}

impl OrganizationConnectionType {
    /// The enum name, as Bitwarden's messages print it.
    pub fn name(self) -> &'static str {
        match self {
            Self::CloudBillingSync => "CloudBillingSync",
            Self::Scim => "Scim",
        }
    }
}

#[cfg(feature = "openapi")]
crate::openapi::integer_enum_schema!(OrganizationConnectionType as u8 { CloudBillingSync, Scim });

impl From<OrganizationConnectionType> for u8 {
    fn from(value: OrganizationConnectionType) -> Self {
        match value {
            OrganizationConnectionType::CloudBillingSync => 1,
            OrganizationConnectionType::Scim => 2,
        }
    }
}

impl TryFrom<u8> for OrganizationConnectionType {
    type Error = String;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        match value {
            1 => Ok(Self::CloudBillingSync),
            2 => Ok(Self::Scim),
            other => Err(format!("Unknown Organization connection Type: {other}")),
        }
    }
}

/// The `config` a client sends for a billing sync connection.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BillingSyncConfigRequest {
    #[serde(default, alias = "BillingSyncKey", alias = "billingsynckey")]
    pub billing_sync_key: Option<Secret>,
}

/// Body of `POST /organizations/connections` and `PUT /organizations/connections/{id}`.
/// Its `Debug` hides `config`, which carries the billing sync key as raw JSON.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrganizationConnectionRequest {
    #[serde(rename = "type", alias = "Type")]
    pub connection_type: u8,
    #[serde(alias = "OrganizationId")]
    pub organization_id: OrganizationId,
    #[serde(default, alias = "Enabled")]
    pub enabled: bool,
    /// Kept as raw JSON: a malformed config gets its own message
    /// ("Organization Connection configuration malformed").
    #[serde(default, alias = "Config")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<BillingSyncConfigRequest>))]
    pub config: Option<serde_json::Value>,
}

impl std::fmt::Debug for OrganizationConnectionRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OrganizationConnectionRequest")
            .field("connection_type", &self.connection_type)
            .field("organization_id", &self.organization_id)
            .field("enabled", &self.enabled)
            .field("config", &self.config.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

impl OrganizationConnectionRequest {
    /// A billing sync connection request, as the web module sends it: the
    /// config is the typed [`BillingSyncConfigRequest`], serialized once.
    pub fn billing_sync(organization_id: OrganizationId, billing_sync_key: Secret) -> Self {
        let config = BillingSyncConfigRequest {
            billing_sync_key: Some(billing_sync_key),
        };
        Self {
            connection_type: OrganizationConnectionType::CloudBillingSync.into(),
            organization_id,
            enabled: true,
            // A struct of one optional string always serializes.
            config: serde_json::to_value(config).ok(),
        }
    }
}

/// The stored billing sync config; PascalCase on the wire, as Bitwarden
/// echoes its stored JSON. `LastLicenseSync` is UTC here (Bitwarden writes
/// local server time).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "PascalCase")]
pub struct BillingSyncConfig {
    #[serde(alias = "billingSyncKey")]
    pub billing_sync_key: Secret,
    #[serde(alias = "cloudOrganizationId")]
    pub cloud_organization_id: Option<OrganizationId>,
    #[serde(default, alias = "lastLicenseSync")]
    pub last_license_sync: Option<DateTime>,
}

/// `GET/POST/PUT /organizations/connections…` response (no `object` field).
/// An org without a connection gets the empty model: id null, type 0.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrganizationConnectionResponse {
    pub id: Option<ConnectionId>,
    #[serde(rename = "type")]
    pub connection_type: u8,
    pub organization_id: OrganizationId,
    pub enabled: bool,
    pub config: Option<BillingSyncConfig>,
}

impl OrganizationConnectionResponse {
    /// Bitwarden's answer when no connection exists.
    pub fn empty() -> Self {
        Self {
            id: None,
            connection_type: 0,
            organization_id: OrganizationId::NIL,
            enabled: false,
            config: None,
        }
    }

    /// True when this is a stored connection (not the empty model).
    pub fn exists(&self) -> bool {
        self.id.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_request_never_prints_its_key() {
        let request = OrganizationConnectionRequest::billing_sync(
            OrganizationId(uuid::Uuid::nil()),
            Secret::new("bsk-secret-1"),
        );
        assert!(!format!("{request:?}").contains("bsk-secret-1"));
        assert_eq!(
            serde_json::to_value(&request).unwrap()["config"],
            serde_json::json!({"billingSyncKey": "bsk-secret-1"})
        );
    }

    #[test]
    fn empty_model_matches_bitwarden() {
        let json = serde_json::to_value(OrganizationConnectionResponse::empty()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"id":null,"type":0,"organizationId":"00000000-0000-0000-0000-000000000000","enabled":false,"config":null})
        );
    }

    #[test]
    fn config_is_pascal_case() {
        let config = BillingSyncConfig {
            billing_sync_key: Secret::new("k"),
            cloud_organization_id: None,
            last_license_sync: None,
        };
        assert_eq!(
            serde_json::to_value(config).unwrap(),
            serde_json::json!({"BillingSyncKey":"k","CloudOrganizationId":null,"LastLicenseSync":null})
        );
    }
}
