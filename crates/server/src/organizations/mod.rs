//! Organizations: membership, the profile's organization list, the
//! subscription view. Created by the admin CLI on the cloud, and (later) from
//! a license on a self-hosted server.

pub mod api_keys;
pub mod keys;
mod routes;
pub mod store;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use wire::capabilities::{self, Action};
use wire::organizations::{PlanFeatures, ProfileOrganization};
use wire::UserId;

/// Routes only the cloud serves.
pub fn cloud_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_keys::api_key_information))
        .routes(routes!(api_keys::api_key_information_of_type))
        .routes(routes!(api_keys::get_or_create_api_key))
        .routes(routes!(api_keys::rotate_api_key))
}

/// Routes served by both roles.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(routes::subscription))
}

/// The organizations shown in a user's profile, with the member's own
/// Families sponsorship (contract §3.6): "available" means none offered yet
/// and an Enterprise organization.
pub async fn profile_organizations(
    state: &AppState,
    user: UserId,
) -> Result<Vec<ProfileOrganization>, sqlx::Error> {
    let rows = store::organizations_of(&state.db, user).await?;
    let mut organizations = Vec::with_capacity(rows.len());
    for (org, membership) in rows {
        let sponsorship =
            crate::sponsorships::store::for_member(&state.db, org.id, membership.id).await?;
        let offer_email_failed = match &sponsorship {
            Some(s) if s.offered_to_email.is_some() => {
                crate::mail::store::last_delivery_failed(&state.db, &s.id.to_string()).await?
            }
            _ => false,
        };
        let may_sponsor = capabilities::allows(
            Action::SponsorFamilies,
            &crate::policy::caller(state).with_tier(org.plan_type.tier()),
        );
        organizations.push(
            ProfileOrganization {
                object: "profileOrganization".into(),
                id: org.id,
                name: org.name,
                role: membership.role,
                status: membership.status,
                enabled: org.enabled,
                plan_type: org.plan_type,
                product_tier_type: org.plan_type.tier(),
                seats: org.seats,
                self_host: org.self_host,
                organization_user_id: membership.id,
                family_sponsorship_available: may_sponsor && sponsorship.is_none(),
                family_sponsorship_friendly_name: sponsorship
                    .as_ref()
                    .and_then(|s| s.friendly_name.clone()),
                family_sponsorship_last_sync_date: sponsorship
                    .as_ref()
                    .and_then(|s| s.last_sync_date),
                family_sponsorship_valid_until: sponsorship.as_ref().and_then(|s| s.valid_until),
                family_sponsorship_to_delete: sponsorship.as_ref().map(|s| s.to_delete),
                family_sponsorship_offer_email_failed: offer_email_failed,
                key: membership.key,
                user_id: Some(user),
                max_collections: org.max_collections,
                max_storage_gb: org.max_storage_gb,
                use_policies: false,
                use_sso: false,
                use_key_connector: false,
                use_scim: false,
                use_groups: false,
                use_directory: false,
                use_events: false,
                use_totp: false,
                use_2fa: false,
                use_api: false,
                use_reset_password: false,
                use_secrets_manager: false,
                use_password_manager: false,
                users_get_premium: false,
                use_custom_permissions: false,
                use_admin_sponsored_families: false,
                has_public_and_private_keys: false,
                access_secrets_manager: false,
                limit_collection_creation: false,
                limit_collection_deletion: false,
                allow_admin_access_to_all_collection_items: false,
            }
            .with_features(PlanFeatures::of(org.plan_type.tier())),
        );
    }
    Ok(organizations)
}
