//! Organizations, plans, memberships and the subscription view.

use crate::{DateTime, OrganizationId};
use serde::{Deserialize, Serialize};

/// Bitwarden's `PlanType` byte. Kept as the raw number so every plan Bitwarden
/// knows round-trips; [`PlanType::tier`] gives the product tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct PlanType(pub u8);

impl PlanType {
    pub const FREE: Self = Self(0);
    pub const FAMILIES_ANNUALLY: Self = Self(7);
    pub const TEAMS_ANNUALLY: Self = Self(18);
    pub const ENTERPRISE_ANNUALLY: Self = Self(20);

    /// The product tier of this plan (contract §0.3).
    pub fn tier(self) -> ProductTier {
        match self.0 {
            1 | 7 | 22 => ProductTier::Families,
            2 | 3 | 8 | 9 | 12 | 13 | 17 | 18 => ProductTier::Teams,
            4 | 5 | 10 | 11 | 14 | 15 | 19 | 20 => ProductTier::Enterprise,
            16 | 21 => ProductTier::TeamsStarter,
            _ => ProductTier::Free,
        }
    }

    /// True for monthly-billed plans.
    pub fn is_monthly(self) -> bool {
        matches!(self.0, 2 | 4 | 8 | 10 | 12 | 14 | 17 | 19)
    }

    /// The plan's display name, as the subscription page shows it.
    pub fn display_name(self) -> &'static str {
        match (self.tier(), self.is_monthly()) {
            (ProductTier::Free, _) if self.0 == 6 => "Custom",
            (ProductTier::Free, _) => "Free",
            (ProductTier::Families, _) => "Families",
            (ProductTier::Teams, false) => "Teams (Annually)",
            (ProductTier::Teams, true) => "Teams (Monthly)",
            (ProductTier::TeamsStarter, _) => "Teams Starter",
            (ProductTier::Enterprise, false) => "Enterprise (Annually)",
            (ProductTier::Enterprise, true) => "Enterprise (Monthly)",
        }
    }
}

/// Bitwarden's `ProductTierType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum ProductTier {
    Free,
    Families,
    Teams,
    Enterprise,
    TeamsStarter,
}

#[cfg(feature = "openapi")]
crate::openapi::integer_enum_schema!(ProductTier as u8 { Free, Families, Teams, Enterprise, TeamsStarter });

impl From<ProductTier> for u8 {
    fn from(value: ProductTier) -> Self {
        match value {
            ProductTier::Free => 0,
            ProductTier::Families => 1,
            ProductTier::Teams => 2,
            ProductTier::Enterprise => 3,
            ProductTier::TeamsStarter => 4,
        }
    }
}

impl TryFrom<u8> for ProductTier {
    type Error = String;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Ok(match value {
            0 => Self::Free,
            1 => Self::Families,
            2 => Self::Teams,
            3 => Self::Enterprise,
            4 => Self::TeamsStarter,
            other => return Err(format!("unknown product tier {other}")),
        })
    }
}

/// Bitwarden's `OrganizationUserType`: a member's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum OrganizationUserType {
    Owner,
    Admin,
    User,
    Custom,
}

#[cfg(feature = "openapi")]
crate::openapi::integer_enum_schema!(OrganizationUserType as u8 { Owner, Admin, User, Custom });

impl From<OrganizationUserType> for u8 {
    fn from(value: OrganizationUserType) -> Self {
        match value {
            OrganizationUserType::Owner => 0,
            OrganizationUserType::Admin => 1,
            OrganizationUserType::User => 2,
            OrganizationUserType::Custom => 4,
        }
    }
}

impl TryFrom<u8> for OrganizationUserType {
    type Error = String;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Ok(match value {
            0 => Self::Owner,
            1 => Self::Admin,
            2 => Self::User,
            4 => Self::Custom,
            other => return Err(format!("unknown organization user type {other}")),
        })
    }
}

/// Bitwarden's `OrganizationUserStatusType` (only the states this product creates).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "i8", try_from = "i8")]
pub enum OrganizationUserStatus {
    Invited,
    Accepted,
    Confirmed,
    Revoked,
}

#[cfg(feature = "openapi")]
crate::openapi::integer_enum_schema!(OrganizationUserStatus as i8 { Invited, Accepted, Confirmed, Revoked });

impl From<OrganizationUserStatus> for i8 {
    fn from(value: OrganizationUserStatus) -> Self {
        match value {
            OrganizationUserStatus::Invited => 0,
            OrganizationUserStatus::Accepted => 1,
            OrganizationUserStatus::Confirmed => 2,
            OrganizationUserStatus::Revoked => -1,
        }
    }
}

impl TryFrom<i8> for OrganizationUserStatus {
    type Error = String;
    fn try_from(value: i8) -> Result<Self, Self::Error> {
        Ok(match value {
            0 => Self::Invited,
            1 => Self::Accepted,
            2 => Self::Confirmed,
            -1 => Self::Revoked,
            other => return Err(format!("unknown organization user status {other}")),
        })
    }
}

/// One organization in the profile (Bitwarden's `ProfileOrganizationResponseModel`, subset).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ProfileOrganization {
    #[serde(default = "profile_organization_object")]
    pub object: String,
    pub id: OrganizationId,
    pub name: String,
    /// The member's role.
    #[serde(rename = "type")]
    pub role: OrganizationUserType,
    pub status: OrganizationUserStatus,
    pub enabled: bool,
    pub plan_type: PlanType,
    pub product_tier_type: ProductTier,
    pub seats: Option<u32>,
    pub self_host: bool,
    pub organization_user_id: crate::ids::OrganizationUserId,
    pub family_sponsorship_available: bool,
    pub family_sponsorship_friendly_name: Option<String>,
    pub family_sponsorship_last_sync_date: Option<DateTime>,
    pub family_sponsorship_valid_until: Option<DateTime>,
    pub family_sponsorship_to_delete: Option<bool>,
    /// This product's addition: the newest offer e-mail has not been
    /// delivered (the mail server refused it; delivery keeps retrying), so a
    /// cloud sponsor can Resend. Absent when false: Bitwarden's shape.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub family_sponsorship_offer_email_failed: bool,
    /// The organization key under this member's public key (EncString type
    /// 4); null when the member has no key pair or the key is not yet theirs.
    #[serde(default)]
    pub key: Option<crate::keys::EncString>,
    /// The member's user id (Bitwarden sends it; clients key state by it).
    #[serde(default)]
    pub user_id: Option<crate::UserId>,
    #[serde(default)]
    pub max_collections: Option<u16>,
    #[serde(default)]
    pub max_storage_gb: Option<u16>,
    // The plan's features (see [`PlanFeatures`]), as clients read them to
    // show or hide screens. Inline, not flattened: one schema for OpenAPI.
    #[serde(default)]
    pub use_policies: bool,
    #[serde(default)]
    pub use_sso: bool,
    #[serde(default)]
    pub use_key_connector: bool,
    #[serde(default)]
    pub use_scim: bool,
    #[serde(default)]
    pub use_groups: bool,
    #[serde(default)]
    pub use_directory: bool,
    #[serde(default)]
    pub use_events: bool,
    #[serde(default)]
    pub use_totp: bool,
    #[serde(default, rename = "use2fa")]
    pub use_2fa: bool,
    #[serde(default)]
    pub use_api: bool,
    #[serde(default)]
    pub use_reset_password: bool,
    #[serde(default)]
    pub use_secrets_manager: bool,
    #[serde(default)]
    pub use_password_manager: bool,
    #[serde(default)]
    pub users_get_premium: bool,
    #[serde(default)]
    pub use_custom_permissions: bool,
    #[serde(default)]
    pub use_admin_sponsored_families: bool,
    #[serde(default)]
    pub has_public_and_private_keys: bool,
    #[serde(default)]
    pub access_secrets_manager: bool,
    #[serde(default)]
    pub limit_collection_creation: bool,
    #[serde(default)]
    pub limit_collection_deletion: bool,
    #[serde(default)]
    pub allow_admin_access_to_all_collection_items: bool,
}

impl ProfileOrganization {
    /// Sets the `use…` flags from a plan's features.
    pub fn with_features(self, f: PlanFeatures) -> Self {
        Self {
            use_policies: f.use_policies,
            use_sso: f.use_sso,
            use_key_connector: f.use_key_connector,
            use_scim: f.use_scim,
            use_groups: f.use_groups,
            use_directory: f.use_directory,
            use_events: f.use_events,
            use_totp: f.use_totp,
            use_2fa: f.use_2fa,
            use_api: f.use_api,
            use_reset_password: f.use_reset_password,
            use_secrets_manager: f.use_secrets_manager,
            use_password_manager: f.use_password_manager,
            users_get_premium: f.users_get_premium,
            use_custom_permissions: f.use_custom_permissions,
            use_admin_sponsored_families: f.use_admin_sponsored_families,
            has_public_and_private_keys: f.has_public_and_private_keys,
            access_secrets_manager: f.access_secrets_manager,
            limit_collection_creation: f.limit_collection_creation,
            limit_collection_deletion: f.limit_collection_deletion,
            allow_admin_access_to_all_collection_items: f
                .allow_admin_access_to_all_collection_items,
            ..self
        }
    }
}

/// The `use…` flags of a profile organization: what the plan includes
/// (copied into [`ProfileOrganization`] by [`ProfileOrganization::with_features`]).
/// Organizations have no own key pair here (`hasPublicAndPrivateKeys` false).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct PlanFeatures {
    pub use_policies: bool,
    pub use_sso: bool,
    pub use_key_connector: bool,
    pub use_scim: bool,
    pub use_groups: bool,
    pub use_directory: bool,
    pub use_events: bool,
    pub use_totp: bool,
    #[serde(rename = "use2fa")]
    pub use_2fa: bool,
    pub use_api: bool,
    pub use_reset_password: bool,
    pub use_secrets_manager: bool,
    pub use_password_manager: bool,
    pub users_get_premium: bool,
    pub use_custom_permissions: bool,
    pub use_admin_sponsored_families: bool,
    pub has_public_and_private_keys: bool,
    pub access_secrets_manager: bool,
    pub limit_collection_creation: bool,
    pub limit_collection_deletion: bool,
    pub allow_admin_access_to_all_collection_items: bool,
}

impl PlanFeatures {
    /// The features of a plan tier, as Bitwarden's plan table grants them
    /// (Families: TOTP, premium for members; Teams adds groups, events, API,
    /// directory, 2FA; Enterprise adds policies, SSO, SCIM, reset password,
    /// custom roles).
    pub fn of(tier: ProductTier) -> Self {
        let teams_or_more = matches!(
            tier,
            ProductTier::Teams | ProductTier::TeamsStarter | ProductTier::Enterprise
        );
        let enterprise = tier == ProductTier::Enterprise;
        Self {
            use_policies: enterprise,
            use_sso: enterprise,
            use_key_connector: enterprise,
            use_scim: enterprise,
            use_groups: teams_or_more,
            use_directory: teams_or_more,
            use_events: teams_or_more,
            use_totp: tier != ProductTier::Free,
            use_2fa: teams_or_more,
            use_api: teams_or_more,
            use_reset_password: enterprise,
            use_secrets_manager: false,
            use_password_manager: true,
            users_get_premium: tier != ProductTier::Free,
            use_custom_permissions: enterprise,
            use_admin_sponsored_families: false,
            has_public_and_private_keys: false,
            access_secrets_manager: false,
            limit_collection_creation: false,
            limit_collection_deletion: false,
            allow_admin_access_to_all_collection_items: true,
        }
    }
}

fn profile_organization_object() -> String {
    "profileOrganization".into()
}

/// The plan inside a subscription response (Bitwarden's `PlanResponseModel`, subset).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PlanResponse {
    #[serde(default = "plan_object")]
    pub object: String,
    #[serde(rename = "type")]
    pub plan_type: PlanType,
    pub product_tier: ProductTier,
    pub name: String,
}

fn plan_object() -> String {
    "plan".into()
}

impl PlanResponse {
    /// Describes a plan type.
    pub fn of(plan_type: PlanType) -> Self {
        Self {
            object: plan_object(),
            plan_type,
            product_tier: plan_type.tier(),
            name: plan_type.display_name().into(),
        }
    }
}

/// `GET /api/organizations/{id}/subscription` (Bitwarden's
/// `OrganizationSubscriptionResponseModel`, the fields the billing pages use).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrganizationSubscriptionResponse {
    #[serde(default = "subscription_object")]
    pub object: String,
    pub id: OrganizationId,
    pub name: String,
    pub business_name: Option<String>,
    pub billing_email: Option<String>,
    pub plan: PlanResponse,
    pub plan_type: PlanType,
    pub seats: Option<u32>,
    pub max_collections: Option<u16>,
    pub max_storage_gb: Option<u16>,
    pub enabled: bool,
    pub self_host: bool,
    /// End of the subscription including any grace period.
    pub expiration: Option<DateTime>,
    /// End of the subscription without the grace period (licenses v12+).
    pub expiration_without_grace_period: Option<DateTime>,
    /// The billing subscription, when this product knows one: a Families
    /// organization paid for by a sponsorship. Null otherwise.
    #[serde(default)]
    pub subscription: Option<BillingSubscription>,
}

/// Bitwarden's `BillingSubscription` (the fields this product has).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BillingSubscription {
    /// Stripe's status word; `active` here.
    pub status: String,
    /// Paid through this date.
    pub period_end_date: Option<DateTime>,
    /// It ends at `periodEndDate` instead of renewing (the sponsorship was removed).
    pub cancel_at_end_date: bool,
    pub items: Vec<BillingSubscriptionItem>,
}

/// One line of a [`BillingSubscription`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BillingSubscriptionItem {
    pub name: String,
    /// Paid for by a sponsoring organization (Free Bitwarden Families).
    pub sponsored_subscription_item: bool,
}

impl OrganizationSubscriptionResponse {
    /// Whether a sponsorship pays for this organization.
    pub fn is_sponsored(&self) -> bool {
        self.subscription
            .as_ref()
            .is_some_and(|s| s.items.iter().any(|i| i.sponsored_subscription_item))
    }
}

fn subscription_object() -> String {
    "organizationSubscription".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_tiers_follow_the_contract() {
        for n in [1, 7, 22] {
            assert_eq!(PlanType(n).tier(), ProductTier::Families);
        }
        for n in [4, 5, 10, 11, 14, 15, 19, 20] {
            assert_eq!(PlanType(n).tier(), ProductTier::Enterprise);
        }
        for n in [2, 3, 8, 9, 12, 13, 17, 18] {
            assert_eq!(PlanType(n).tier(), ProductTier::Teams);
        }
        assert_eq!(PlanType(0).tier(), ProductTier::Free);
        assert_eq!(PlanType(6).tier(), ProductTier::Free);
    }

    #[test]
    fn roles_are_numbers_on_the_wire() {
        assert_eq!(
            serde_json::to_string(&OrganizationUserType::Custom).unwrap(),
            "4"
        );
        assert!(serde_json::from_str::<OrganizationUserType>("3").is_err());
    }
}

/// `{"object":"organization",…}`: an organization as the API returns it
/// (Bitwarden's `OrganizationResponseModel`, subset). Returned when a
/// self-hosted organization is created from a license.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrganizationResponse {
    #[serde(default = "organization_object")]
    pub object: String,
    pub id: OrganizationId,
    pub name: String,
    pub business_name: Option<String>,
    pub billing_email: Option<String>,
    pub plan: PlanResponse,
    pub plan_type: PlanType,
    pub seats: Option<u32>,
    pub max_collections: Option<u16>,
    pub max_storage_gb: Option<u16>,
    pub enabled: bool,
    pub self_host: bool,
}

fn organization_object() -> String {
    "organization".into()
}
