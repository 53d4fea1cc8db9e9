//! Installations (cloud): self-hosted servers register here and then
//! authenticate with OAuth client credentials `installation.{id}` + key.

use super::store;
use crate::auth::{token_hash, Claims, INSTALLATION_TOKEN_SECONDS};
use crate::db::Pool;
use crate::error::{ApiError, ApiResult};
use crate::extract::AppJson;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::Json;
use rand::distributions::{Alphanumeric, DistString};
use subtle::ConstantTimeEq;
use wire::error::ErrorCode;
use wire::error::TokenErrorResponse;
use wire::identity::{scopes, TokenResponse};
use wire::ids::InstallationId;
use wire::installations::{InstallationRequest, InstallationResponse};
use wire::Secret;

/// Scopes an installation may ask for.
const INSTALLATION_SCOPES: &[&str] = &[
    scopes::API_INSTALLATION,
    scopes::API_LICENSING,
    scopes::API_PUSH,
];

/// `n` random characters of `[A-Za-z0-9]` from the OS CSPRNG.
pub fn random_alphanumeric(n: usize) -> String {
    Alphanumeric.sample_string(&mut rand::rngs::OsRng, n)
}

/// Registers an installation; returns its id and its key (shown once).
pub async fn create(pool: &Pool, email: &str) -> Result<(InstallationId, Secret), sqlx::Error> {
    let id = InstallationId(uuid::Uuid::new_v4());
    let key = random_alphanumeric(20);
    store::insert_installation(pool, id, email, &token_hash(&key)).await?;
    Ok((id, Secret::new(key)))
}

/// Whether an installation exists and is enabled (`None` when unknown).
pub async fn enabled(pool: &Pool, id: InstallationId) -> Result<Option<bool>, sqlx::Error> {
    Ok(store::installation_key(pool, id).await?.map(|k| k.enabled))
}

/// Enables or disables an installation (admin CLI).
pub async fn set_enabled(
    pool: &Pool,
    id: InstallationId,
    enabled: bool,
) -> Result<bool, sqlx::Error> {
    store::set_installation_enabled(pool, id, enabled).await
}

async fn key_matches(pool: &Pool, id: InstallationId, key: &Secret) -> Result<bool, sqlx::Error> {
    let Some(stored) = store::installation_key(pool, id).await? else {
        return Ok(false);
    };
    let matches: bool = stored
        .key_hash
        .as_bytes()
        .ct_eq(token_hash(key.expose()).as_bytes())
        .into();
    Ok(matches && stored.enabled)
}

/// POST /api/installations — register a self-hosted installation (anonymous, cloud only).
#[utoipa::path(post, path = "/api/installations", tag = "installations",
    request_body = InstallationRequest,
    responses((status = 200, description = "id and key (the key is shown only here)", body = InstallationResponse),
              (status = 400, description = "invalid e-mail", body = wire::ErrorResponse)))]
pub async fn create_installation(
    State(state): State<AppState>,
    AppJson(body): AppJson<InstallationRequest>,
) -> ApiResult<Json<InstallationResponse>> {
    let email = body
        .email
        .map(|e| wire::kdf::normalize_email(&e))
        .unwrap_or_default();
    if !super::looks_like_email(&email) {
        return Err(ApiError::validation(
            "Email",
            ErrorCode::EmailInvalid,
            "The Email field is not a valid e-mail address.",
        )
        .with_arg("field", "Email"));
    }
    let (id, key) = create(&state.db, &email).await?;
    Ok(Json(InstallationResponse::new(id, Some(key), true)))
}

/// GET /api/installations/{id} — whether an installation exists (no key).
#[utoipa::path(get, path = "/api/installations/{id}", tag = "installations",
    params(("id" = String, Path, description = "installation id")),
    responses((status = 200, description = "installation (without key)", body = InstallationResponse),
              (status = 404, description = "unknown", body = wire::ErrorResponse)))]
pub async fn get_installation(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<InstallationResponse>> {
    let id: InstallationId = id.parse().map_err(|_| ApiError::NotFound)?;
    let enabled = enabled(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(InstallationResponse::new(id, None, enabled)))
}

/// The client-credentials grant of an installation.
pub async fn client_credentials_grant(
    state: &AppState,
    client_id: &str,
    secret: &Secret,
    scope: &str,
) -> ApiResult<Json<TokenResponse>> {
    let invalid_client = || ApiError::Token(TokenErrorResponse::oauth("invalid_client", None));
    // Self-hosted servers have no installation clients (Bitwarden: cloud Identity only).
    crate::policy::check_server(state, wire::capabilities::Action::IssueInstallationToken)?;
    let requested: Vec<&str> = scope.split_whitespace().collect();
    if requested.is_empty() || !requested.iter().all(|s| INSTALLATION_SCOPES.contains(s)) {
        return Err(ApiError::Token(TokenErrorResponse::oauth(
            "invalid_scope",
            None,
        )));
    }
    let id: InstallationId = client_id
        .strip_prefix("installation.")
        .and_then(|id| id.parse().ok())
        .ok_or_else(invalid_client)?;
    if !key_matches(&state.db, id, secret).await? {
        return Err(invalid_client());
    }
    store::touch_installation(&state.db, id).await?;
    let claims = Claims::for_installation(id, client_id, &requested);
    Ok(Json(TokenResponse {
        access_token: state.keys.sign(&claims)?,
        expires_in: INSTALLATION_TOKEN_SECONDS as u64,
        token_type: "Bearer".into(),
        refresh_token: None,
        scope: requested.join(" "),
        kdf: None,
        kdf_iterations: None,
        kdf_memory: None,
        kdf_parallelism: None,
        force_password_reset: false,
        reset_master_password: false,
        key: None,
        private_key: None,
        account_keys: None,
        master_password_policy: None,
        user_decryption_options: None,
    }))
}
