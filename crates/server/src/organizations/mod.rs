//! Organizations: membership, the profile's organization list, the
//! subscription view. Created by the admin CLI on the cloud, and (later) from
//! a license on a self-hosted server.

pub mod api_keys;
mod routes;
pub mod store;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use wire::organizations::{ProductTier, ProfileOrganization};
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

/// The organizations shown in a user's profile.
pub async fn profile_organizations(
    state: &AppState,
    user: UserId,
) -> Result<Vec<ProfileOrganization>, sqlx::Error> {
    let rows = store::organizations_of(&state.db, user).await?;
    Ok(rows
        .into_iter()
        .map(|(org, membership)| ProfileOrganization {
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
            family_sponsorship_available: org.plan_type.tier() == ProductTier::Enterprise,
            family_sponsorship_friendly_name: None,
            family_sponsorship_last_sync_date: None,
            family_sponsorship_valid_until: None,
            family_sponsorship_to_delete: None,
        })
        .collect())
}
