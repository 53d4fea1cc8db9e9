//! Families-for-Enterprise sponsorships (contract §1.3, §3).

use crate::DateTime;
use serde::{Deserialize, Serialize};

/// `GET /organization/sponsorship/{orgId}/sync-status`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SyncStatusResponse {
    #[serde(default = "sync_status_object")]
    pub object: String,
    /// Last time a self-hosted sync touched this org's sponsorships; null until the first.
    pub last_sync_date: Option<DateTime>,
}

fn sync_status_object() -> String {
    "syncStatus".into()
}

impl SyncStatusResponse {
    /// Builds the response.
    pub fn new(last_sync_date: Option<DateTime>) -> Self {
        Self {
            object: sync_status_object(),
            last_sync_date,
        }
    }
}

/// `PlanSponsorshipType.FamiliesForEnterprise` — the only sponsorship type.
pub const FAMILIES_FOR_ENTERPRISE: u8 = 0;

/// Body of `POST …/families-for-enterprise` (cloud and self-hosted).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrganizationSponsorshipCreateRequest {
    #[serde(default, alias = "PlanSponsorshipType")]
    pub plan_sponsorship_type: Option<u8>,
    #[serde(default, alias = "SponsoredEmail")]
    pub sponsored_email: Option<String>,
    #[serde(default, alias = "FriendlyName")]
    pub friendly_name: Option<String>,
    #[serde(default, alias = "IsAdminInitiated")]
    pub is_admin_initiated: bool,
    #[serde(default, alias = "Notes")]
    pub notes: Option<String>,
}

/// One sponsorship as the self-hosted server sends it in a sync batch, and
/// as the cloud answers it (contract §3.2, §3.3).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrganizationSponsorshipData {
    pub sponsoring_organization_user_id: crate::ids::OrganizationUserId,
    pub friendly_name: Option<String>,
    pub offered_to_email: Option<String>,
    pub plan_sponsorship_type: Option<u8>,
    pub last_sync_date: Option<DateTime>,
    pub valid_until: Option<DateTime>,
    #[serde(default)]
    pub to_delete: bool,
    #[serde(default)]
    pub cloud_sponsorship_removed: bool,
    #[serde(default)]
    pub is_admin_initiated: bool,
}

/// Sponsorships per sync request, self-hosted → cloud (Bitwarden's batch size).
pub const SYNC_BATCH_SIZE: usize = 1000;

/// Body of the cloud's `POST /organization/sponsorship/sync`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrganizationSponsorshipSyncRequest {
    #[serde(default)]
    pub billing_sync_key: Option<crate::Secret>,
    pub sponsoring_organization_cloud_id: crate::OrganizationId,
    #[serde(default)]
    pub sponsorships_batch: Vec<OrganizationSponsorshipData>,
}

/// The cloud's answer to a sync batch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrganizationSponsorshipSyncResponse {
    pub sponsorships_batch: Vec<OrganizationSponsorshipData>,
}

/// `POST /organization/sponsorship/validate-token` answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PreValidateSponsorshipResponse {
    pub is_token_valid: bool,
    pub is_free_family_policy_enabled: bool,
}

/// Body of `POST /organization/sponsorship/redeem`. `newOrganizationName` is
/// this product's addition: redeem into a Families organization created in
/// the same step (Bitwarden's web vault creates it first, then redeems).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrganizationSponsorshipRedeemRequest {
    #[serde(default)]
    pub plan_sponsorship_type: Option<u8>,
    #[serde(default)]
    pub sponsored_organization_id: Option<crate::OrganizationId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_organization_name: Option<String>,
    /// With `newOrganizationName`: the new organization's key, made by the
    /// redeemer's client and encrypted with their public key (EncString
    /// type 4), as Bitwarden's web vault sends `key` when it creates an
    /// organization. Without it the server makes the key (older clients).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<crate::keys::EncString>,
}

/// Who started a sponsorship sync run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum SyncTrigger {
    Scheduled,
    Manual,
}

/// One recorded sponsorship sync run (this product's admin view).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SponsorshipSyncRun {
    pub trigger: SyncTrigger,
    pub started_at: DateTime,
    pub finished_at: Option<DateTime>,
    /// Sponsorships sent to the cloud.
    pub sent: u32,
    /// Local rows updated from the cloud's answer.
    pub updated: u32,
    /// Local rows removed because the cloud removed them.
    pub removed: u32,
    /// Why the run failed; null on success.
    pub error: Option<String>,
    /// The stable code of `error` when the failure has one (e.g.
    /// `cloudTimeout`), so a client can say it in its language. Only the
    /// answer of "Sync now" carries it; the history keeps the text alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<crate::error::ErrorCode>,
    /// The values of `error_code`'s message, by name.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub error_code_args: std::collections::BTreeMap<String, String>,
}

/// `GET /organization/sponsorship/self-hosted/{orgId}/sync-runs`: recent runs, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SponsorshipSyncRunsResponse {
    pub last_sync_date: Option<DateTime>,
    pub runs: Vec<SponsorshipSyncRun>,
}

/// One sponsorship in the Admin Console list
/// (`GET …/{orgId}/sponsored`, Bitwarden's `OrganizationSponsorshipInvitesResponseModel`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrganizationSponsorshipInvite {
    #[serde(default = "invite_object")]
    pub object: String,
    pub sponsoring_organization_user_id: crate::ids::OrganizationUserId,
    /// The label the sponsor gave, usually the recipient's e-mail; admins
    /// revoke and resend by it.
    pub friendly_name: Option<String>,
    /// Null once the offer is redeemed.
    pub offered_to_email: Option<String>,
    pub plan_sponsorship_type: Option<u8>,
    /// Bitwarden writes database times without `Z`; both forms are read.
    #[serde(default, deserialize_with = "crate::licenses::flexible_date_opt")]
    pub last_sync_date: Option<DateTime>,
    /// Paid-through date of the sponsored Families organization; set once redeemed.
    #[serde(default, deserialize_with = "crate::licenses::flexible_date_opt")]
    pub valid_until: Option<DateTime>,
    #[serde(default)]
    pub to_delete: bool,
    #[serde(default)]
    pub is_admin_initiated: bool,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub cloud_sponsorship_removed: bool,
}

fn invite_object() -> String {
    "organizationSponsorship".into()
}

impl OrganizationSponsorshipInvite {
    /// The `object` discriminator Bitwarden writes.
    pub fn object_name() -> String {
        invite_object()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invite_reads_bitwardens_json() {
        let json = r#"{"object":"organizationSponsorship","sponsoringOrganizationUserId":"6f1c2a52-0d5c-4a8e-9a51-1b2f6d7e8a90",
            "friendlyName":"a@x.io","offeredToEmail":"a@x.io","planSponsorshipType":0,"lastSyncDate":null,
            "validUntil":"2027-01-02T03:04:05","toDelete":false,"isAdminInitiated":true,"notes":null,"cloudSponsorshipRemoved":false}"#;
        let invite: OrganizationSponsorshipInvite = serde_json::from_str(json).unwrap();
        assert_eq!(invite.friendly_name.as_deref(), Some("a@x.io"));
        assert_eq!(
            invite.valid_until.map(|d| d.to_rfc3339()),
            Some("2027-01-02T03:04:05+00:00".to_owned()),
            "no offset: UTC"
        );
        assert_eq!(
            serde_json::to_value(&invite).unwrap()["object"],
            "organizationSponsorship"
        );
    }
}
