//! Organization connections (self-hosted): the billing sync token, stored
//! as Bitwarden's `CloudBillingSync` connection.

mod check;
mod routes;
pub mod rules;
pub mod store;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes only self-hosted servers serve: Check connection.
pub fn self_hosted_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(check::check_cloud_connection))
}

/// Routes served by both roles (a cloud answers with Bitwarden's refusals).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::connections_enabled))
        .routes(routes!(routes::get_connection))
        .routes(routes!(routes::create_connection))
        .routes(routes!(
            routes::update_connection,
            routes::delete_connection
        ))
}
