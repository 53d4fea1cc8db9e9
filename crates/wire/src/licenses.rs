//! The organization license file (contract §2) and the license sync request.

use crate::ids::InstallationId;
use crate::organizations::PlanType;
use crate::{DateTime, OrganizationId, Secret};
use serde::{Deserialize, Deserializer, Serialize};

/// The license version the cloud issues.
pub const CURRENT_LICENSE_VERSION: i32 = 15;
/// The versions a self-hosted server accepts.
pub const SUPPORTED_LICENSE_VERSIONS: std::ops::RangeInclusive<i32> = 1..=16;
/// `LicenseType.Organization`.
pub const LICENSE_TYPE_ORGANIZATION: u8 = 1;

/// Bitwarden's `OrganizationLicense`, camelCase as the cloud API returns it.
/// On disk the same fields are PascalCase (contract §2.7).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrganizationLicense {
    pub license_key: Option<Secret>,
    pub installation_id: InstallationId,
    /// The *cloud* organization id.
    pub id: OrganizationId,
    pub name: Option<String>,
    pub billing_email: Option<String>,
    pub business_name: Option<String>,
    pub enabled: bool,
    pub plan: Option<String>,
    pub plan_type: PlanType,
    pub seats: Option<i32>,
    pub max_collections: Option<i16>,
    pub use_policies: bool,
    pub use_sso: bool,
    pub use_key_connector: bool,
    pub use_scim: bool,
    pub use_groups: bool,
    pub use_events: bool,
    pub use_directory: bool,
    pub use_totp: bool,
    pub use2fa: bool,
    pub use_api: bool,
    pub use_reset_password: bool,
    pub max_storage_gb: Option<i16>,
    pub self_host: bool,
    pub users_get_premium: bool,
    pub use_custom_permissions: bool,
    pub version: i32,
    #[serde(deserialize_with = "flexible_date")]
    pub issued: DateTime,
    #[serde(default, deserialize_with = "flexible_date_opt")]
    pub refresh: Option<DateTime>,
    #[serde(default, deserialize_with = "flexible_date_opt")]
    pub expires: Option<DateTime>,
    #[serde(default, deserialize_with = "flexible_date_opt")]
    pub expiration_without_grace_period: Option<DateTime>,
    #[serde(default)]
    pub use_password_manager: bool,
    #[serde(default)]
    pub use_secrets_manager: bool,
    #[serde(default)]
    pub sm_seats: Option<i32>,
    #[serde(default)]
    pub sm_service_accounts: Option<i32>,
    #[serde(default)]
    pub use_risk_insights: bool,
    #[serde(default)]
    pub use_phishing_blocker: bool,
    #[serde(default)]
    pub use_organization_domains: bool,
    #[serde(default)]
    pub use_admin_sponsored_families: bool,
    #[serde(default)]
    pub use_automatic_user_confirmation: bool,
    #[serde(default)]
    pub use_disable_sm_ads_for_users: bool,
    #[serde(default)]
    pub use_my_items: bool,
    #[serde(default)]
    pub use_invite_links: bool,
    #[serde(default)]
    pub use_pam: bool,
    #[serde(default = "yes")]
    pub limit_collection_creation_deletion: bool,
    #[serde(default = "yes")]
    pub allow_admin_access_to_all_collection_items: bool,
    #[serde(default)]
    pub trial: bool,
    #[serde(default)]
    pub license_type: Option<u8>,
    pub hash: Option<String>,
    pub signature: Option<String>,
    #[serde(default)]
    pub token: Option<String>,
}

fn yes() -> bool {
    true
}

/// Body of the cloud's `GET /licenses/organization/{id}` (a GET with a JSON body).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SelfHostedOrganizationLicenseRequest {
    #[serde(default, alias = "LicenseKey")]
    pub license_key: Option<Secret>,
    #[serde(default, alias = "BillingSyncKey")]
    pub billing_sync_key: Option<Secret>,
}

/// Parses an ISO-8601 time with or without an offset (Bitwarden writes
/// database times without `Z`); a missing offset means UTC.
pub fn parse_flexible_date(text: &str) -> Option<DateTime> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&chrono::Utc));
    }
    let mut parsed = chrono::format::Parsed::new();
    chrono::format::parse(&mut parsed, text, NAIVE_DATE_TIME.iter()).ok()?;
    parsed
        .to_naive_datetime_with_offset(0)
        .ok()
        .map(|naive| naive.and_utc())
}

/// `%Y-%m-%dT%H:%M:%S%.f` spelled out as chrono items: the same parse as
/// `NaiveDateTime::parse_from_str` with that format, without chrono's
/// strftime parser (which would otherwise ship in the web module's wasm).
const NAIVE_DATE_TIME: &[chrono::format::Item<'static>] = {
    use chrono::format::{Fixed, Item, Numeric, Pad};
    &[
        Item::Numeric(Numeric::Year, Pad::Zero),
        Item::Literal("-"),
        Item::Numeric(Numeric::Month, Pad::Zero),
        Item::Literal("-"),
        Item::Numeric(Numeric::Day, Pad::Zero),
        Item::Literal("T"),
        Item::Numeric(Numeric::Hour, Pad::Zero),
        Item::Literal(":"),
        Item::Numeric(Numeric::Minute, Pad::Zero),
        Item::Literal(":"),
        Item::Numeric(Numeric::Second, Pad::Zero),
        Item::Fixed(Fixed::Nanosecond),
    ]
};

fn flexible_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse_flexible_date(&text)
        .ok_or_else(|| serde::de::Error::custom(format!("invalid date {text:?}")))
}

pub(crate) fn flexible_date_opt<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime>, D::Error> {
    match Option::<String>::deserialize(deserializer)? {
        None => Ok(None),
        Some(text) if text.is_empty() => Ok(None),
        Some(text) => parse_flexible_date(&text)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom(format!("invalid date {text:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naive_date_time_items_are_the_strftime_format() {
        let strftime: Vec<_> = chrono::format::StrftimeItems::new("%Y-%m-%dT%H:%M:%S%.f").collect();
        assert_eq!(strftime, NAIVE_DATE_TIME);
    }

    #[test]
    fn dates_with_and_without_offset_are_read() {
        assert_eq!(
            parse_flexible_date("2025-03-01T00:00:00")
                .unwrap()
                .to_rfc3339(),
            "2025-03-01T00:00:00+00:00"
        );
        assert_eq!(
            parse_flexible_date("2025-03-01T01:00:00.5+01:00")
                .unwrap()
                .timestamp(),
            parse_flexible_date("2025-03-01T00:00:00Z")
                .unwrap()
                .timestamp()
        );
        assert!(parse_flexible_date("yesterday").is_none());
    }
}
