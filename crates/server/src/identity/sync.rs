//! `GET /api/sync`: what a Bitwarden client stores after login and on
//! `bw sync` — the profile (with each organization's key), no vault items,
//! no policies, no equivalent domains, and the master-password unlock data.

use super::{account_keys, routes::profile_of, store};
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::Json;
use wire::sync::{DomainsResponse, SyncQuery, SyncResponse, UserDecryption};

/// GET /api/sync — the caller's profile, empty vault lists, domains (unless excluded) and unlock data.
#[utoipa::path(get, path = "/api/sync", tag = "accounts", security(("bearer" = [])),
    params(SyncQuery),
    responses((status = 200, description = "profile with organization keys; no vault items", body = SyncResponse)))]
pub async fn sync(
    State(state): State<AppState>,
    user: AuthUser,
    Query(query): Query<SyncQuery>,
) -> ApiResult<Json<SyncResponse>> {
    let profile = profile_of(&state, &user).await?;
    let record = store::find_by_id(&state.db, user.id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    Ok(Json(SyncResponse {
        object: "sync".into(),
        profile,
        folders: Vec::new(),
        collections: Vec::new(),
        ciphers: Vec::new(),
        domains: (!query.exclude_domains.unwrap_or(false)).then(DomainsResponse::empty),
        policies: Vec::new(),
        sends: Vec::new(),
        user_decryption: Some(UserDecryption {
            master_password_unlock: account_keys::master_password_unlock(&record).map(Into::into),
        }),
    }))
}
