//! `GET /api/sync`: what a Bitwarden client stores after login and on
//! `bw sync` — the profile (the organizations whose key the member holds,
//! with it), no vault items,
//! no policies, no equivalent domains, and the master-password unlock data;
//! and the user-key-id report the official CLI sends after its first login.

use super::{account_keys, routes::profile_of, store};
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::{AppJson, AppQuery};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use wire::error::ErrorCode;
use wire::identity::SetUserKeyIdRequest;
use wire::sync::{DomainsResponse, SyncQuery, SyncResponse, UserDecryption};

/// GET /api/sync — the caller's profile, empty vault lists, domains (unless excluded) and unlock data.
#[utoipa::path(get, path = "/api/sync", tag = "accounts", security(("bearer" = [])),
    params(SyncQuery),
    responses((status = 200, description = "profile with organization keys; no vault items", body = SyncResponse)))]
pub async fn sync(
    State(state): State<AppState>,
    user: AuthUser,
    AppQuery(query): AppQuery<SyncQuery>,
) -> ApiResult<Json<SyncResponse>> {
    let mut profile = profile_of(&state, &user).await?;
    // A membership without the organization key (its key only clients hold,
    // and no admin's client gave this member a copy; or the member has no
    // key pair) is, for a Bitwarden client, a member not yet confirmed: its
    // sync leaves such organizations out (official clients fail the whole
    // sync on a null key). The profile endpoint keeps them for the web
    // module, which shows memberships and needs no key.
    profile.organizations.retain(|o| o.key.is_some());
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
            user_key_id: record.keys.user_key_id.clone(),
        }),
    }))
}

/// POST /api/accounts/key-management/user-key-id — the client reports its id for the user key, once.
#[utoipa::path(post, path = "/api/accounts/key-management/user-key-id", tag = "accounts", security(("bearer" = [])),
    request_body = SetUserKeyIdRequest,
    responses((status = 200, description = "recorded (empty body)"),
              (status = 400, description = "not 32 lowercase hex digits, or already recorded", body = wire::ErrorResponse)))]
pub async fn set_user_key_id(
    State(state): State<AppState>,
    user: AuthUser,
    AppJson(body): AppJson<SetUserKeyIdRequest>,
) -> ApiResult<()> {
    if !body.is_valid() {
        return Err(ApiError::validation(
            "UserKeyId",
            ErrorCode::UserKeyIdInvalid,
            "UserKeyId is not a valid key id.",
        ));
    }
    if !store::set_user_key_id(&state.db, user.id, &body.user_key_id).await? {
        return Err(ApiError::bad_request(
            ErrorCode::UserKeyIdAlreadySet,
            "User key id is already set.",
        ));
    }
    Ok(())
}

/// GET /api/accounts/revision-date — when the account's vault last changed,
/// in milliseconds since the epoch (a bare JSON number). Clients sync when it
/// is newer than their last sync. Organization memberships change outside
/// any request of the user here (admin CLI, a redeemed offer), so the answer
/// is "now": every sync is a full one, which is cheap without vault items.
#[utoipa::path(get, path = "/api/accounts/revision-date", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, description = "milliseconds since the epoch", body = i64, content_type = "application/json")))]
pub async fn revision_date(_user: AuthUser) -> Json<i64> {
    Json(chrono::Utc::now().timestamp_millis())
}
