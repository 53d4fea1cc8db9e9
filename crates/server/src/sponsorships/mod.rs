//! Families-for-Enterprise sponsorships. So far: the sync status both
//! deployments report.

mod routes;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes served by both roles.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(routes::sync_status))
}
