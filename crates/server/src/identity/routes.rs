//! Identity handlers.

use super::password::{self, FAILED_LOGIN_DELAY};
use super::{account_keys, store};
use crate::auth::{AuthUser, Claims, USER_TOKEN_SECONDS};
use crate::error::{ApiError, ApiResult};
use crate::extract::{AppForm, AppJson};
use crate::limits::ClientIp;
use crate::organizations;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use wire::error::ErrorCode;
use wire::error::TokenErrorResponse;
use wire::identity::{
    PreloginRequest, PreloginResponse, ProfileResponse, TokenRequestForm, TokenResponse,
};
use wire::kdf::{normalize_email, KdfSettings};
use wire::Secret;

/// POST /identity/accounts/prelogin — the KDF settings for an e-mail. Unknown
/// e-mails get the defaults, shaped exactly like a real answer.
#[utoipa::path(post, path = "/identity/accounts/prelogin", tag = "identity",
    request_body = PreloginRequest,
    responses((status = 200, description = "KDF settings and salt", body = PreloginResponse),
              (status = 400, description = "missing or invalid e-mail, malformed body", body = wire::ErrorResponse)))]
pub async fn prelogin(
    State(state): State<AppState>,
    AppJson(body): AppJson<PreloginRequest>,
) -> ApiResult<Json<PreloginResponse>> {
    let email = validated_email(body.email.as_deref())?;
    let user = store::find_by_email(&state.db, &email).await?;
    let response = match user {
        Some(user) => PreloginResponse::new(user.kdf, Some(user.salt.unwrap_or(email))),
        None => PreloginResponse::new(KdfSettings::default_pbkdf2(), Some(email)),
    };
    Ok(Json(response))
}

/// POST /identity/accounts/prelogin/password — alias of prelogin.
#[utoipa::path(post, path = "/identity/accounts/prelogin/password", tag = "identity",
    request_body = PreloginRequest,
    responses((status = 200, description = "KDF settings and salt", body = PreloginResponse),
              (status = 400, description = "missing or invalid e-mail, malformed body", body = wire::ErrorResponse)))]
pub async fn prelogin_password(
    state: State<AppState>,
    body: AppJson<PreloginRequest>,
) -> ApiResult<Json<PreloginResponse>> {
    prelogin(state, body).await
}

fn validated_email(email: Option<&str>) -> ApiResult<String> {
    let email = email.map(normalize_email).unwrap_or_default();
    if email.is_empty() {
        return Err(ApiError::validation(
            "Email",
            ErrorCode::FieldRequired,
            "The Email field is required.",
        )
        .with_arg("field", "Email"));
    }
    if email.len() > 256 || !looks_like_email(&email) {
        return Err(ApiError::validation(
            "Email",
            ErrorCode::EmailInvalid,
            "The Email field is not a valid e-mail address.",
        )
        .with_arg("field", "Email"));
    }
    Ok(email)
}

/// A deliberately simple check: one `@`, something on both sides, a dot in the domain.
pub fn looks_like_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// The grants this endpoint understands.
enum TokenGrant {
    Password {
        email: String,
        master_password_hash: Secret,
        client_id: String,
    },
    RefreshToken(Secret),
    ClientCredentials {
        client_id: String,
        secret: Secret,
        scope: String,
    },
}

impl TokenGrant {
    fn from_form(form: TokenRequestForm) -> Result<Self, ApiError> {
        let missing = |field: &str| {
            ApiError::Token(TokenErrorResponse::oauth(
                "invalid_request",
                Some(&format!("{field} is missing")),
            ))
        };
        match form.grant_type.as_str() {
            "password" => Ok(Self::Password {
                email: normalize_email(&form.username.ok_or_else(|| missing("username"))?),
                master_password_hash: form.password.ok_or_else(|| missing("password"))?,
                client_id: form.client_id.unwrap_or_else(|| "web".into()),
            }),
            "refresh_token" => Ok(Self::RefreshToken(
                form.refresh_token.ok_or_else(|| missing("refresh_token"))?,
            )),
            "client_credentials" => Ok(Self::ClientCredentials {
                client_id: form.client_id.ok_or_else(|| missing("client_id"))?,
                secret: form.client_secret.ok_or_else(|| missing("client_secret"))?,
                scope: form.scope.unwrap_or_default(),
            }),
            _ => Err(ApiError::Token(TokenErrorResponse::oauth(
                "unsupported_grant_type",
                None,
            ))),
        }
    }
}

/// POST /identity/connect/token — OAuth token endpoint (form-encoded).
#[utoipa::path(post, path = "/identity/connect/token", tag = "identity",
    request_body(content = TokenRequestForm, description = "grant_type=password|refresh_token|client_credentials, …", content_type = "application/x-www-form-urlencoded"),
    responses((status = 200, description = "access token", body = TokenResponse),
              (status = 400, description = "OAuth error, e.g. invalid_grant, invalid_client, invalid_scope", body = TokenErrorResponse),
              (status = 429, description = "too many password logins for the account or from the address (`Retry-After`)", body = wire::ErrorResponse)))]
pub async fn token(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    AppForm(form): AppForm<TokenRequestForm>,
) -> ApiResult<Json<TokenResponse>> {
    match TokenGrant::from_form(form)? {
        TokenGrant::Password {
            email,
            master_password_hash,
            client_id,
        } => {
            // Before any work: every attempt costs a slow hash, unknown e-mails too.
            state.limits.login_attempt(&email, ip)?;
            password_grant(&state, &email, master_password_hash, &client_id).await
        }
        TokenGrant::RefreshToken(token) => refresh_grant(&state, &token).await,
        TokenGrant::ClientCredentials {
            client_id,
            secret,
            scope,
        } => {
            super::installations::client_credentials_grant(&state, &client_id, &secret, &scope)
                .await
        }
    }
}

async fn password_grant(
    state: &AppState,
    email: &str,
    hash: Secret,
    client_id: &str,
) -> ApiResult<Json<TokenResponse>> {
    let user = store::find_by_email(&state.db, email).await?;
    // Verify against a dummy for unknown e-mails so both cost the same.
    let stored = user.as_ref().map_or(Secret::new(password::dummy()), |u| {
        u.master_password.clone()
    });
    let slot = state.limits.password_hash_slot().await?;
    let matches = tokio::task::spawn_blocking(move || password::verify(&hash, stored.expose()))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    drop(slot);
    let Some(user) = user.filter(|_| matches) else {
        tokio::time::sleep(FAILED_LOGIN_DELAY).await;
        return Err(ApiError::Token(
            TokenErrorResponse::invalid_username_or_password(),
        ));
    };
    issue_user_tokens(state, &user, client_id, None).await
}

async fn refresh_grant(state: &AppState, token: &Secret) -> ApiResult<Json<TokenResponse>> {
    let invalid = || ApiError::Token(TokenErrorResponse::oauth("invalid_grant", None));
    let store::RefreshOutcome::Redeemed { user, family } =
        store::redeem_refresh_token(&state.db, token.expose()).await?
    else {
        // Reused (its family is now revoked) or simply invalid: the same answer.
        return Err(invalid());
    };
    let user = store::find_by_id(&state.db, user)
        .await?
        .ok_or_else(invalid)?;
    issue_user_tokens(state, &user, "web", Some(&family)).await
}

/// POST /identity/connect/revocation — logout: revokes a refresh token and
/// every token refreshed from the same login (RFC 7009: always 200).
#[utoipa::path(post, path = "/identity/connect/revocation", tag = "identity",
    request_body(content = wire::identity::RevocationForm, description = "token=<refresh token>", content_type = "application/x-www-form-urlencoded"),
    responses((status = 200, description = "revoked, or unknown (empty body)"),
              (status = 400, description = "not a form body (OAuth invalid_request)", body = TokenErrorResponse)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    AppForm(form): AppForm<wire::identity::RevocationForm>,
) -> ApiResult<()> {
    if let Some(token) = form.token.filter(|t| !t.is_empty()) {
        store::revoke_refresh_token(&state.db, token.expose()).await?;
    }
    Ok(())
}

async fn issue_user_tokens(
    state: &AppState,
    user: &store::UserRecord,
    client_id: &str,
    family: Option<&str>,
) -> ApiResult<Json<TokenResponse>> {
    let claims = Claims::for_user(&user.auth_user(), &user.security_stamp, client_id);
    let access_token = state.keys.sign(&claims)?;
    let refresh_token = store::issue_refresh_token(&state.db, user.id, family).await?;
    Ok(Json(TokenResponse {
        access_token,
        expires_in: USER_TOKEN_SECONDS as u64,
        token_type: "Bearer".into(),
        refresh_token: Some(Secret::new(refresh_token)),
        scope: claims.scope.join(" "),
        kdf: Some(user.kdf.kdf_type),
        kdf_iterations: Some(user.kdf.iterations),
        kdf_memory: user.kdf.memory,
        kdf_parallelism: user.kdf.parallelism,
        force_password_reset: false,
        reset_master_password: false,
        key: user.keys.user_key.clone(),
        private_key: user.keys.private_key.clone(),
        account_keys: account_keys::account_keys(user),
        master_password_policy: None,
        user_decryption_options: Some(account_keys::decryption_options(user)),
    }))
}

/// GET /api/accounts/profile — the caller, their key material and their organizations.
#[utoipa::path(get, path = "/api/accounts/profile", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, description = "profile with keys and organizations", body = ProfileResponse)))]
pub async fn profile(
    State(state): State<AppState>,
    user: AuthUser,
) -> ApiResult<Json<ProfileResponse>> {
    Ok(Json(profile_of(&state, &user).await?))
}

/// The profile of a logged-in user (also the `profile` of a sync).
pub async fn profile_of(state: &AppState, user: &AuthUser) -> ApiResult<ProfileResponse> {
    let record = store::find_by_id(&state.db, user.id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let organizations = organizations::profile_organizations(state, user.id).await?;
    Ok(ProfileResponse {
        object: "profile".into(),
        id: user.id,
        name: user.name.clone(),
        email: user.email.clone(),
        organizations,
        email_verified: true,
        premium: false,
        premium_from_organization: false,
        culture: Some("en-US".into()),
        two_factor_enabled: false,
        key: record.keys.user_key.clone(),
        private_key: record.keys.private_key.clone(),
        account_keys: account_keys::account_keys(&record),
        force_password_reset: false,
        uses_key_connector: false,
        avatar_color: None,
        creation_date: record.created_at,
        verify_devices: false,
        providers: Vec::new(),
        provider_organizations: Vec::new(),
    })
}

/// POST /identity/accounts/register — create an account. The client sends
/// its master password hash and KDF settings; the server hashes it again.
#[utoipa::path(post, path = "/identity/accounts/register", tag = "identity",
    request_body = wire::identity::RegisterRequest,
    responses((status = 200, description = "created (empty body)"),
              (status = 400, description = "invalid e-mail or KDF settings, or e-mail taken", body = wire::ErrorResponse)))]
pub async fn register(
    State(state): State<AppState>,
    AppJson(body): AppJson<wire::identity::RegisterRequest>,
) -> ApiResult<()> {
    let email = validated_email(Some(&body.email))?;
    let kdf = body.settings();
    kdf.validate().map_err(|m| {
        ApiError::validation("KdfIterations", ErrorCode::KdfInvalid, m).with_arg("reason", m)
    })?;
    if body.master_password_hash.expose().len() < 20
        || body.master_password_hash.expose().len() > 300
    {
        return Err(ApiError::validation(
            "MasterPasswordHash",
            ErrorCode::MasterPasswordHashInvalid,
            "The master password hash is not valid.",
        ));
    }
    let keys = account_keys::registration_keys(body.key.as_ref(), body.keys.as_ref())?;
    let hash = body.master_password_hash.clone();
    let slot = state.limits.password_hash_slot().await?;
    let stored = tokio::task::spawn_blocking(move || password::hash(&hash))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    drop(slot);
    let name = body
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(&email)
        .to_owned();
    let created = store::insert(
        &state.db,
        store::NewUser {
            email: &email,
            name: &name,
            master_password: stored,
            kdf,
            keys,
        },
    )
    .await?;
    match created {
        Some(_) => Ok(()),
        None => Err(ApiError::validation(
            "Email",
            ErrorCode::AccountExists,
            "An account with this e-mail address already exists. Log in instead.",
        )),
    }
}

/// Creates an account the way a Bitwarden client registers one: the master
/// password becomes the master key, which yields the master password hash
/// (hashed again for storage) and wraps a fresh user key; a fresh RSA key
/// pair is wrapped with the user key. Used by the admin CLI.
pub async fn create_account(
    state_db: &crate::db::Pool,
    email: &str,
    name: &str,
    master_password: Secret,
    kdf: KdfSettings,
) -> anyhow::Result<Option<wire::UserId>> {
    let email = normalize_email(email);
    anyhow::ensure!(
        looks_like_email(&email),
        "{email:?} is not a valid e-mail address"
    );
    kdf.validate().map_err(anyhow::Error::msg)?;
    let salt = email.clone();
    let (stored, keys) = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
        let account = account_keys::new_client_account(&master_password, &salt, kdf)?;
        Ok((password::hash(&account.master_password_hash), account.keys))
    })
    .await??;
    Ok(store::insert(
        state_db,
        store::NewUser {
            email: &email,
            name,
            master_password: stored,
            kdf,
            keys,
        },
    )
    .await?)
}

#[cfg(test)]
mod tests {
    use super::looks_like_email;

    #[test]
    fn email_shapes() {
        assert!(looks_like_email("a@b.io"));
        for bad in [
            "", "a", "a@", "@b.io", "a@b", "a@@b.io", "a b@c.io", "a@.io", "a@b.",
        ] {
            assert!(!looks_like_email(bad), "{bad:?}");
        }
    }
}
