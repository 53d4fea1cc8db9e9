//! Issuing an organization license on the cloud (contract §1.2, §2.5).

use super::signing::LicenseSigner;
use crate::error::{ApiError, ApiResult};
use crate::identity::installations;
use crate::organizations::store::Organization;
use crate::state::AppState;
use chrono::Duration;
use wire::error::ErrorCode;
use wire::ids::InstallationId;
use wire::licenses::{OrganizationLicense, CURRENT_LICENSE_VERSION, LICENSE_TYPE_ORGANIZATION};
use wire::organizations::ProductTier;
use wire::DateTime;

/// Grace period after the paid period ends, during which a license still loads.
const GRACE_DAYS: i64 = 60;
/// How long a license stays fresh before it should be synced again.
const REFRESH_DAYS: i64 = 30;

/// The cloud's signer: the shared key from the database, created on first use.
pub async fn signer(state: &AppState) -> ApiResult<std::sync::Arc<LicenseSigner>> {
    state
        .license_signer
        .get_or_try_init(|| async {
            LicenseSigner::load_or_create(&state.db, &state.data_dir)
                .await
                .map(std::sync::Arc::new)
        })
        .await
        .cloned()
        .map_err(ApiError::Internal)
}

/// Builds and signs the license of `org` for `installation`, checking the
/// installation and the subscription as Bitwarden does (steps 5–6).
pub async fn issue_license(
    state: &AppState,
    org: &Organization,
    installation: InstallationId,
) -> ApiResult<OrganizationLicense> {
    if installations::enabled(&state.db, installation).await? != Some(true) {
        return Err(ApiError::bad_request(
            ErrorCode::InstallationInvalid,
            "Invalid installation id",
        ));
    }
    let now = crate::db::now();
    let dates = license_dates(org.expiration_date, now).ok_or_else(|| {
        ApiError::bad_request(
            ErrorCode::NoActiveSubscription,
            "No active subscription found.",
        )
    })?;
    let mut license = license_fields(org, installation, now, dates);
    let signer = signer(state).await?;
    tokio::task::spawn_blocking(move || signer.sign(&mut license).map(|()| license))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("signing the license failed: {e}")))
}

/// Expires, Refresh, ExpirationWithoutGracePeriod, Trial.
#[derive(Debug, PartialEq)]
pub struct LicenseDates {
    pub expires: DateTime,
    pub refresh: DateTime,
    pub expiration_without_grace_period: Option<DateTime>,
    pub trial: bool,
}

/// The dates of a license issued `now` for an organization paid through
/// `period_end` (an annual subscription: 60 days of grace, refresh in 30 days).
/// `None` when there is nothing paid to license.
pub fn license_dates(period_end: Option<DateTime>, now: DateTime) -> Option<LicenseDates> {
    let period_end = period_end.filter(|end| *end > now)?;
    Some(LicenseDates {
        expires: period_end + Duration::days(GRACE_DAYS),
        refresh: (now + Duration::days(REFRESH_DAYS)).min(period_end),
        expiration_without_grace_period: Some(period_end),
        trial: false,
    })
}

fn license_fields(
    org: &Organization,
    installation: InstallationId,
    now: DateTime,
    dates: LicenseDates,
) -> OrganizationLicense {
    let tier = org.plan_type.tier();
    let enterprise = tier == ProductTier::Enterprise;
    let business = matches!(
        tier,
        ProductTier::Enterprise | ProductTier::Teams | ProductTier::TeamsStarter
    );
    OrganizationLicense {
        license_key: org.license_key.clone(),
        installation_id: installation,
        id: org.id,
        name: Some(org.name.clone()),
        billing_email: org.billing_email.clone(),
        business_name: org.business_name.clone(),
        enabled: org.enabled,
        plan: Some(org.plan_type.display_name().to_owned()),
        plan_type: org.plan_type,
        seats: org.seats.and_then(|s| i32::try_from(s).ok()),
        max_collections: org.max_collections.and_then(|c| i16::try_from(c).ok()),
        use_policies: enterprise,
        use_sso: enterprise,
        use_key_connector: enterprise,
        use_scim: enterprise,
        use_groups: business,
        use_events: business,
        use_directory: business,
        use_totp: true,
        use2fa: business,
        use_api: business,
        use_reset_password: enterprise,
        max_storage_gb: org.max_storage_gb.and_then(|g| i16::try_from(g).ok()),
        self_host: org.self_host,
        users_get_premium: true,
        use_custom_permissions: enterprise,
        version: CURRENT_LICENSE_VERSION,
        issued: now,
        refresh: Some(dates.refresh),
        expires: Some(dates.expires),
        expiration_without_grace_period: dates.expiration_without_grace_period,
        use_password_manager: true,
        use_secrets_manager: false,
        sm_seats: None,
        sm_service_accounts: None,
        use_risk_insights: false,
        use_phishing_blocker: false,
        use_organization_domains: false,
        use_admin_sponsored_families: false,
        use_automatic_user_confirmation: false,
        use_disable_sm_ads_for_users: false,
        use_my_items: false,
        use_invite_links: false,
        use_pam: false,
        limit_collection_creation_deletion: true,
        allow_admin_access_to_all_collection_items: true,
        trial: dates.trial,
        license_type: Some(LICENSE_TYPE_ORGANIZATION),
        hash: None,
        signature: None,
        token: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime {
        wire::licenses::parse_flexible_date(text).unwrap()
    }

    #[test]
    fn annual_subscription_gets_grace_and_refresh() {
        let dates =
            license_dates(Some(at("2027-01-01T00:00:00Z")), at("2026-06-01T00:00:00Z")).unwrap();
        assert_eq!(dates.expires, at("2027-03-02T00:00:00Z"));
        assert_eq!(dates.refresh, at("2026-07-01T00:00:00Z"));
        assert_eq!(
            dates.expiration_without_grace_period,
            Some(at("2027-01-01T00:00:00Z"))
        );
        assert!(!dates.trial);
    }

    #[test]
    fn refresh_never_passes_the_period_end() {
        let dates =
            license_dates(Some(at("2026-06-10T00:00:00Z")), at("2026-06-01T00:00:00Z")).unwrap();
        assert_eq!(dates.refresh, at("2026-06-10T00:00:00Z"));
    }

    #[test]
    fn nothing_paid_means_no_license() {
        assert_eq!(license_dates(None, at("2026-06-01T00:00:00Z")), None);
        assert_eq!(
            license_dates(Some(at("2026-05-01T00:00:00Z")), at("2026-06-01T00:00:00Z")),
            None
        );
    }
}
