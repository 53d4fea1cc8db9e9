//! Organization connections (self-hosted): the billing sync token, stored
//! as Bitwarden's `CloudBillingSync` connection.

mod routes;
pub mod rules;
pub mod store;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

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
