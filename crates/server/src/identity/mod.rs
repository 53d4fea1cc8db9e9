//! Identity: prelogin, the OAuth token endpoint (users' password and refresh
//! grants), and the account profile. Bitwarden-compatible paths and shapes.

pub mod client_kdf;
pub mod password;
mod routes;
pub use routes::create_account;
pub mod store;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes served by both roles.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::prelogin))
        .routes(routes!(routes::prelogin_password))
        .routes(routes!(routes::token))
        .routes(routes!(routes::profile))
}
