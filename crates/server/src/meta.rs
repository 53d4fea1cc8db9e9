//! Server-level endpoints: health and the client configuration.

use crate::config::Role;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use wire::config::{ConfigResponse, EnvironmentConfig};

/// Routes served by both roles.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(alive))
        .routes(routes!(config))
}

/// GET /alive — health check; the current server time, as Bitwarden answers.
#[utoipa::path(get, path = "/alive", tag = "meta",
    responses((status = 200, description = "server time", body = chrono::DateTime<chrono::Utc>, content_type = "application/json")))]
pub async fn alive() -> Json<chrono::DateTime<chrono::Utc>> {
    Json(chrono::Utc::now())
}

/// GET /api/config — what the web module needs to know about this server.
#[utoipa::path(get, path = "/api/config", tag = "meta",
    responses((status = 200, description = "server configuration", body = ConfigResponse)))]
pub async fn config(State(state): State<AppState>) -> Json<ConfigResponse> {
    let settings = &state.settings;
    let self_hosted = state.role == Role::SelfHosted;
    // This server's own public URLs (Bitwarden derives api/identity from the vault URL).
    let vault = settings
        .vault_uri
        .as_ref()
        .map(|v| v.as_str().trim_end_matches('/').to_owned());
    Json(ConfigResponse {
        object: "config".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        self_hosted,
        environment: EnvironmentConfig {
            cloud_region: Some(settings.cloud_region.name().into()),
            vault: vault.clone(),
            api: vault.as_ref().map(|v| format!("{v}/api")),
            identity: vault.as_ref().map(|v| format!("{v}/identity")),
        },
    })
}
