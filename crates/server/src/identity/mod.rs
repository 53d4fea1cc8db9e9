//! Identity: prelogin, the OAuth token endpoint (users' password and refresh
//! grants), and the account profile. Bitwarden-compatible paths and shapes.

pub mod account_keys;
pub mod client_kdf;
pub mod installations;
pub mod password;
mod routes;
pub use password::FAILED_LOGIN_DELAY;
pub use routes::{create_account, looks_like_email, profile_of};
pub mod store;
mod sync;
pub mod verification;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes only the cloud serves.
pub fn cloud_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(installations::create_installation))
        .routes(routes!(installations::get_installation))
}

/// Routes served by both roles.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::prelogin))
        .routes(routes!(routes::prelogin_password))
        .routes(routes!(routes::token))
        .routes(routes!(routes::revoke_token))
        .routes(routes!(routes::register))
        .routes(routes!(routes::profile))
        .routes(routes!(sync::sync))
        .routes(routes!(sync::set_user_key_id))
        .routes(routes!(sync::revision_date))
}
