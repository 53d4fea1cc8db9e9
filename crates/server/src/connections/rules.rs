//! Reading and validating a billing sync connection (contract §4).

use super::store::Connection;
use wire::connections::BillingSyncConfig;

/// The usable billing sync config of a connection, or Bitwarden's message
/// for the first problem: disabled, no config, unparsable, blank key.
pub fn billing_sync_config(connection: &Connection) -> Result<BillingSyncConfig, String> {
    let org = connection.organization_id;
    if !connection.enabled {
        return Err(format!("Connection disabled for organization {org}"));
    }
    let text = connection
        .config
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .ok_or_else(|| format!("No saved Connection config for organization {org}"))?;
    let config = parse_config(text)
        .ok_or_else(|| format!("Error parsing Connection config for organization {org}"))?;
    if config.billing_sync_key.expose().trim().is_empty() {
        return Err("Failed to get Billing Sync Key".into());
    }
    Ok(config)
}

/// Parses stored config JSON (PascalCase; camelCase accepted).
pub fn parse_config(text: &str) -> Option<BillingSyncConfig> {
    serde_json::from_str(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wire::ids::ConnectionId;
    use wire::OrganizationId;

    fn connection(enabled: bool, config: Option<&str>) -> Connection {
        Connection {
            id: ConnectionId(uuid::Uuid::nil()),
            organization_id: OrganizationId(uuid::Uuid::nil()),
            connection_type: 1,
            enabled,
            config: config.map(str::to_owned),
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
            assert_eq!(billing_sync_config(&connection).unwrap_err(), expected);
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
