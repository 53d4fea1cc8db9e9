//! Organization handlers.

use super::store;
use crate::error::{ApiError, ApiResult};
use crate::policy::{can, OrgAccess};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use wire::organizations::{
    BillingSubscription, BillingSubscriptionItem, OrganizationSubscriptionResponse, PlanResponse,
};

/// GET /api/organizations/{id}/subscription — plan, seats and expiration (owners and admins);
/// for a sponsored Families organization, the sponsorship as its billing subscription.
#[utoipa::path(get, path = "/api/organizations/{id}/subscription", tag = "organizations", security(("bearer" = [])),
    params(("id" = String, Path, description = "organization id")),
    responses((status = 200, description = "subscription", body = OrganizationSubscriptionResponse),
              (status = 404, description = "unknown organization or not an owner/admin", body = wire::ErrorResponse)))]
pub async fn subscription(
    State(state): State<AppState>,
    access: OrgAccess<can::ViewSubscription>,
) -> ApiResult<Json<OrganizationSubscriptionResponse>> {
    let org = store::find(&state.db, access.org)
        .await?
        .ok_or(ApiError::NotFound)?;
    // The only billing this product models: a redeemed Families sponsorship.
    let subscription = crate::sponsorships::store::sponsoring(&state.db, org.id)
        .await?
        .map(|sponsorship| BillingSubscription {
            status: "active".into(),
            period_end_date: sponsorship.valid_until,
            cancel_at_end_date: sponsorship.to_delete,
            items: vec![BillingSubscriptionItem {
                name: org.plan_type.display_name().into(),
                sponsored_subscription_item: true,
            }],
        });
    Ok(Json(OrganizationSubscriptionResponse {
        object: "organizationSubscription".into(),
        id: org.id,
        name: org.name,
        business_name: org.business_name,
        billing_email: org.billing_email,
        plan: PlanResponse::of(org.plan_type),
        plan_type: org.plan_type,
        seats: org.seats,
        max_collections: org.max_collections,
        max_storage_gb: org.max_storage_gb,
        enabled: org.enabled,
        self_host: org.self_host,
        expiration: org.expiration_date,
        expiration_without_grace_period: org.expiration_without_grace_period,
        subscription,
    }))
}
