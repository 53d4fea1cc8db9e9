//! Re-verifying a logged-in user's master password before a sensitive
//! action (viewing or rotating the billing sync token).

use super::password::{self, FAILED_LOGIN_DELAY};
use super::store;
use crate::auth::AuthUser;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use wire::error::ErrorCode;
use wire::Secret;

/// Failed checks allowed within [`WINDOW_MINUTES`] before further attempts are refused.
const MAX_FAILURES: i64 = 10;
const WINDOW_MINUTES: i64 = 15;

/// Checks `hash` against the user's master password. A wrong hash is
/// recorded, answered after Bitwarden's 2-second delay with
/// `MasterPasswordHash: Invalid password.`; too many recent failures are
/// refused outright with 429.
pub async fn verify_master_password(
    state: &AppState,
    user: &AuthUser,
    hash: Option<&Secret>,
) -> ApiResult<()> {
    let Some(hash) = hash.filter(|h| !h.is_empty()).cloned() else {
        return Err(ApiError::validation(
            "",
            ErrorCode::VerificationRequired,
            "MasterPasswordHash, OTP, or AccessCode must be supplied.",
        ));
    };
    // The attempt is counted before it is checked, so concurrent attempts
    // cannot all pass the limit; it is forgotten if it was refused unchecked
    // or the password was right.
    let attempt = store::record_password_failure(&state.db, user.id).await?;
    if recent_failures(state, user).await? > MAX_FAILURES {
        store::forget_password_failure(&state.db, &attempt).await?;
        return Err(ApiError::TooManyRequests {
            message: format!(
                "Too many failed master password attempts. Wait {WINDOW_MINUTES} minutes, then try again."
            ),
            code: ErrorCode::TooManyPasswordAttempts,
            args: vec![("minutes", WINDOW_MINUTES.to_string())],
        });
    }
    let record = store::find_by_id(&state.db, user.id)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let stored = record.master_password;
    let slot = match state.limits.password_hash_slot().await {
        Ok(slot) => slot,
        Err(busy) => {
            // Refused unchecked: it is no failure.
            store::forget_password_failure(&state.db, &attempt).await?;
            return Err(busy);
        }
    };
    let matches = tokio::task::spawn_blocking(move || password::verify(&hash, stored.expose()))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    drop(slot);
    if matches {
        store::forget_password_failure(&state.db, &attempt).await?;
        return Ok(());
    }
    tokio::time::sleep(FAILED_LOGIN_DELAY).await;
    Err(ApiError::validation(
        "MasterPasswordHash",
        ErrorCode::PasswordInvalid,
        "Invalid password.",
    ))
}

async fn recent_failures(state: &AppState, user: &AuthUser) -> ApiResult<i64> {
    let since = db::now() - chrono::Duration::minutes(WINDOW_MINUTES);
    Ok(store::password_failures_since(&state.db, user.id, since).await?)
}
