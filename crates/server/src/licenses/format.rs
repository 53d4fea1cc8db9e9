//! The license's canonical data string, hash and file form (contract §2.3,
//! §2.7). The same functions sign on the cloud and verify on self-hosted
//! servers, so the two cannot drift apart.

use base64::Engine;
use sha2::{Digest, Sha256};
use wire::licenses::{OrganizationLicense, SUPPORTED_LICENSE_VERSIONS};
use wire::DateTime;

/// The property order Bitwarden's culture-aware sort produces for v15/v16
/// (not ordinal: `UsersGetPremium` sorts before `UseScim`). Each name comes
/// with the first version that includes it.
const ORDER: &[(&str, i32)] = &[
    ("AllowAdminAccessToAllCollectionItems", 15),
    ("BillingEmail", 1),
    ("BusinessName", 1),
    ("Enabled", 1),
    ("ExpirationWithoutGracePeriod", 12),
    ("Expires", 1),
    ("Hash", 1),
    ("Id", 1),
    ("InstallationId", 1),
    ("Issued", 1),
    ("LicenseKey", 1),
    ("LimitCollectionCreationDeletion", 14),
    ("MaxCollections", 1),
    ("MaxStorageGb", 1),
    ("Name", 1),
    ("Plan", 1),
    ("PlanType", 1),
    ("Refresh", 1),
    ("Seats", 1),
    ("SelfHost", 1),
    ("SmSeats", 13),
    ("SmServiceAccounts", 13),
    ("Trial", 1),
    ("Use2fa", 4),
    ("UseApi", 5),
    ("UseCustomPermissions", 11),
    ("UseDirectory", 1),
    ("UseEvents", 3),
    ("UseGroups", 1),
    ("UseKeyConnector", 9),
    ("UsePasswordManager", 13),
    ("UsePolicies", 6),
    ("UseResetPassword", 8),
    ("UsersGetPremium", 2),
    ("UseScim", 10),
    ("UseSecretsManager", 13),
    ("UseSso", 7),
    ("UseTotp", 1),
    ("Version", 1),
];

/// Properties the hash leaves out (the signature keeps them).
const NOT_HASHED: &[&str] = &["Hash", "Issued", "Refresh"];

/// Which string a computation needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataPurpose {
    Hash,
    Signature,
}

/// Bitwarden's message for a version outside the accepted range.
pub fn unsupported_version(version: i32) -> String {
    format!("Version {version} is not supported.")
}

/// The `license:organization|Name:value|…` string for `purpose`.
pub fn data_string(license: &OrganizationLicense, purpose: DataPurpose) -> Result<String, String> {
    if !SUPPORTED_LICENSE_VERSIONS.contains(&license.version) {
        return Err(unsupported_version(license.version));
    }
    let pairs = ORDER
        .iter()
        .filter(|(_, since)| license.version >= *since)
        .filter(|(name, _)| purpose == DataPurpose::Signature || !NOT_HASHED.contains(name))
        .map(|(name, _)| format!("{name}:{}", value(license, name)));
    Ok(std::iter::once("license:organization".to_owned())
        .chain(pairs)
        .collect::<Vec<_>>()
        .join("|"))
}

/// `base64(SHA-256(hash data))`.
pub fn compute_hash(license: &OrganizationLicense) -> Result<String, String> {
    let data = data_string(license, DataPurpose::Hash)?;
    Ok(base64::engine::general_purpose::STANDARD.encode(Sha256::digest(data.as_bytes())))
}

fn value(l: &OrganizationLicense, name: &str) -> String {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let num = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    match name {
        "AllowAdminAccessToAllCollectionItems" => {
            l.allow_admin_access_to_all_collection_items.to_string()
        }
        "BillingEmail" => text(&l.billing_email),
        "BusinessName" => text(&l.business_name),
        "Enabled" => l.enabled.to_string(),
        "ExpirationWithoutGracePeriod" => date(l.expiration_without_grace_period),
        "Expires" => date(l.expires),
        "Hash" => text(&l.hash),
        "Id" => l.id.to_string(),
        "InstallationId" => l.installation_id.to_string(),
        "Issued" => date(Some(l.issued)),
        "LicenseKey" => l
            .license_key
            .as_ref()
            .map(|k| k.expose().to_owned())
            .unwrap_or_default(),
        "LimitCollectionCreationDeletion" => l.limit_collection_creation_deletion.to_string(),
        "MaxCollections" => num(l.max_collections.map(i64::from)),
        "MaxStorageGb" => num(l.max_storage_gb.map(i64::from)),
        "Name" => text(&l.name),
        "Plan" => text(&l.plan),
        "PlanType" => plan_type(l.plan_type.0),
        "Refresh" => date(l.refresh),
        "Seats" => num(l.seats.map(i64::from)),
        "SelfHost" => l.self_host.to_string(),
        "SmSeats" => num(l.sm_seats.map(i64::from)),
        "SmServiceAccounts" => num(l.sm_service_accounts.map(i64::from)),
        "Trial" => l.trial.to_string(),
        "Use2fa" => l.use2fa.to_string(),
        "UseApi" => l.use_api.to_string(),
        "UseCustomPermissions" => l.use_custom_permissions.to_string(),
        "UseDirectory" => l.use_directory.to_string(),
        "UseEvents" => l.use_events.to_string(),
        "UseGroups" => l.use_groups.to_string(),
        "UseKeyConnector" => l.use_key_connector.to_string(),
        "UsePasswordManager" => l.use_password_manager.to_string(),
        "UsePolicies" => l.use_policies.to_string(),
        "UseResetPassword" => l.use_reset_password.to_string(),
        "UsersGetPremium" => l.users_get_premium.to_string(),
        "UseScim" => l.use_scim.to_string(),
        "UseSecretsManager" => l.use_secrets_manager.to_string(),
        "UseSso" => l.use_sso.to_string(),
        "UseTotp" => l.use_totp.to_string(),
        "Version" => l.version.to_string(),
        other => unreachable!("{other} is listed in ORDER but has no value"),
    }
}

/// Unix seconds, rounded half-to-even from the sub-second part (as .NET does).
fn date(value: Option<DateTime>) -> String {
    let Some(t) = value else {
        return String::new();
    };
    let (secs, nanos) = (t.timestamp(), t.timestamp_subsec_nanos());
    let rounded = match nanos.cmp(&500_000_000) {
        std::cmp::Ordering::Less => secs,
        std::cmp::Ordering::Greater => secs + 1,
        std::cmp::Ordering::Equal => secs + (secs & 1),
    };
    rounded.to_string()
}

/// PlanType names for 0–6 (the enum's names), the number above.
fn plan_type(n: u8) -> String {
    match n {
        0 => "Free".into(),
        1 => "FamiliesAnnually".into(),
        2 => "TeamsMonthly".into(),
        3 => "TeamsAnnually".into(),
        4 => "EnterpriseMonthly".into(),
        5 => "EnterpriseAnnually".into(),
        6 => "Custom".into(),
        n => n.to_string(),
    }
}

/// The license as Bitwarden writes it to disk: indented JSON, PascalCase names.
pub fn to_file_json(license: &OrganizationLicense) -> serde_json::Result<String> {
    let value = serde_json::to_value(license)?;
    serde_json::to_string_pretty(&recase_keys(value, |k| {
        let mut chars = k.chars();
        chars
            .next()
            .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
            .unwrap_or_default()
    }))
}

/// Reads a license file in either casing (the cloud API's camelCase download,
/// or Bitwarden's PascalCase file).
pub fn parse_license(bytes: &[u8]) -> serde_json::Result<OrganizationLicense> {
    let value: serde_json::Value = serde_json::from_slice(bytes)?;
    serde_json::from_value(recase_keys(value, |k| {
        let mut chars = k.chars();
        chars
            .next()
            .map(|c| c.to_ascii_lowercase().to_string() + chars.as_str())
            .unwrap_or_default()
    }))
}

fn recase_keys(value: serde_json::Value, recase: fn(&str) -> String) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => map.into_iter().map(|(k, v)| (recase(&k), v)).collect(),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wire::organizations::PlanType;

    /// The license of the contract's conformance case 14 (from Bitwarden's test fixture).
    fn fixture(version: i32) -> OrganizationLicense {
        let json = serde_json::json!({
            "licenseKey": "myLicenseKey", "installationId": "78900000-0000-0000-0000-000000000123",
            "id": "12300000-0000-0000-0000-000000000456", "name": "myOrg", "billingEmail": "myBillingEmail",
            "businessName": null, "enabled": true, "plan": "myPlan", "planType": 11, "seats": 10,
            "maxCollections": 2, "usePolicies": true, "useSso": true, "useKeyConnector": true, "useScim": true,
            "useGroups": true, "useEvents": true, "useDirectory": true, "useTotp": true, "use2fa": true,
            "useApi": true, "useResetPassword": true, "maxStorageGb": 100, "selfHost": true,
            "usersGetPremium": true, "useCustomPermissions": true, "version": version,
            "issued": "2025-09-26T12:00:01Z", "refresh": "2025-10-26T12:00:01Z", "expires": "2025-03-01T00:00:00Z",
            "expirationWithoutGracePeriod": null, "usePasswordManager": true, "useSecretsManager": true,
            "smSeats": 5, "smServiceAccounts": 8, "trial": false, "licenseType": 1, "hash": null, "signature": null
        });
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn hash_matches_the_contract_vector_v15() {
        let license = fixture(15);
        assert_eq!(license.plan_type, PlanType(11));
        assert_eq!(
            compute_hash(&license).unwrap(),
            "3VjOyWJu38N4epIzhDzjRR80zQ651wnYkQCd+DIzeAs="
        );
    }

    #[test]
    fn hash_matches_the_contract_vector_v1() {
        assert_eq!(
            compute_hash(&fixture(1)).unwrap(),
            "WSyM/Q+vgOuWeF6XBH+RSfUqvf7NDtP3fgNfcbXYqKc="
        );
    }

    #[test]
    fn signature_data_inserts_hash_issued_and_refresh() {
        let mut license = fixture(15);
        license.hash = Some("H".into());
        let data = data_string(&license, DataPurpose::Signature).unwrap();
        assert!(data.contains("|Expires:1740787200|Hash:H|Id:"));
        assert!(data.contains(
            "|InstallationId:78900000-0000-0000-0000-000000000123|Issued:1758888001|LicenseKey:"
        ));
        assert!(data.contains("|PlanType:11|Refresh:1761480001|Seats:10|"));
    }

    #[test]
    fn unsupported_versions_are_refused_with_bitwarden_text() {
        assert_eq!(
            compute_hash(&fixture(17)).unwrap_err(),
            "Version 17 is not supported."
        );
        assert_eq!(
            compute_hash(&fixture(0)).unwrap_err(),
            "Version 0 is not supported."
        );
        assert!(compute_hash(&fixture(16)).is_ok());
    }

    #[test]
    fn dates_round_half_to_even() {
        let t = |s: &str| {
            Some(
                chrono::DateTime::parse_from_rfc3339(s)
                    .unwrap()
                    .with_timezone(&chrono::Utc),
            )
        };
        assert_eq!(date(t("1970-01-01T00:00:02.5Z")), "2");
        assert_eq!(date(t("1970-01-01T00:00:03.5Z")), "4");
        assert_eq!(date(t("1970-01-01T00:00:03.4Z")), "3");
        assert_eq!(date(None), "");
        assert_eq!(plan_type(5), "EnterpriseAnnually");
    }

    #[test]
    fn file_form_is_pascal_case_and_reads_back() {
        let license = fixture(15);
        let text = to_file_json(&license).unwrap();
        assert!(text.contains("\"LicenseKey\": \"myLicenseKey\""));
        assert!(text.contains("\"Use2fa\": true"));
        assert_eq!(parse_license(text.as_bytes()).unwrap(), license);
        let camel = serde_json::to_vec(&license).unwrap();
        assert_eq!(parse_license(&camel).unwrap(), license);
    }
}
