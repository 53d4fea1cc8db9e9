//! Reading and validating a billing sync connection (contract §4).

use super::store::{Connection, ConnectionConfig};
use wire::connections::BillingSyncConfig;
use wire::OrganizationId;

/// Why a connection cannot be used for billing sync, in Bitwarden's words.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("Connection disabled for organization {0}")]
    Disabled(OrganizationId),
    #[error("No saved Connection config for organization {0}")]
    Missing(OrganizationId),
    #[error("Error parsing Connection config for organization {0}")]
    Unreadable(OrganizationId),
    #[error("Failed to get Billing Sync Key")]
    NoKey,
}

/// The usable billing sync config of a connection, or the first problem:
/// disabled, no config, unparsable, blank key.
pub fn billing_sync_config(connection: &Connection) -> Result<BillingSyncConfig, ConfigError> {
    let org = connection.organization_id;
    if !connection.enabled {
        return Err(ConfigError::Disabled(org));
    }
    let config = match &connection.config {
        ConnectionConfig::Missing => return Err(ConfigError::Missing(org)),
        ConnectionConfig::Unreadable(_) => return Err(ConfigError::Unreadable(org)),
        ConnectionConfig::BillingSync(config) => config,
    };
    if config.billing_sync_key.expose().trim().is_empty() {
        return Err(ConfigError::NoKey);
    }
    Ok(config.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wire::ids::ConnectionId;

    fn connection(enabled: bool, config: Option<&str>) -> Connection {
        Connection {
            id: ConnectionId(uuid::Uuid::nil()),
            organization_id: OrganizationId(uuid::Uuid::nil()),
            connection_type: 1,
            enabled,
            config: ConnectionConfig::from_column(config.map(str::to_owned)),
        }
    }

    #[test]
    fn the_first_problem_is_reported() {
        let org = "00000000-0000-0000-0000-000000000000";
        let cases = [
            (
                connection(false, Some("{}")),
                format!("Connection disabled for organization {org}"),
            ),
            (
                connection(true, None),
                format!("No saved Connection config for organization {org}"),
            ),
            (
                connection(true, Some("{oops")),
                format!("Error parsing Connection config for organization {org}"),
            ),
            (
                connection(
                    true,
                    Some(r#"{"BillingSyncKey":"  ","CloudOrganizationId":null}"#),
                ),
                "Failed to get Billing Sync Key".to_owned(),
            ),
        ];
        for (connection, expected) in cases {
            assert_eq!(
                billing_sync_config(&connection).unwrap_err().to_string(),
                expected
            );
        }
        let ok = connection(
            true,
            Some(r#"{"BillingSyncKey":"k","CloudOrganizationId":null,"LastLicenseSync":null}"#),
        );
        assert_eq!(
            billing_sync_config(&ok).unwrap().billing_sync_key.expose(),
            "k"
        );
    }
}
