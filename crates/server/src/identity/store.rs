//! Users and refresh tokens in the database.

use crate::db::{self, get_bool, get_id, get_int, get_int_opt, Pool};
use crate::tokens::token_hash;
use sqlx::any::AnyRow;
use sqlx::Row;
use wire::ids::InstallationId;
use wire::kdf::{KdfSettings, KdfType};
use wire::keys::EncString;
use wire::{Secret, UserId};

/// A user row, with the stored (server-side) password hash.
#[derive(Debug, Clone)]
pub struct UserRecord {
    pub id: UserId,
    pub email: String,
    pub name: Option<String>,
    /// The server's own slow hash of the client's master password hash.
    pub master_password: Secret,
    pub salt: Option<String>,
    pub kdf: KdfSettings,
    pub security_stamp: String,
    pub keys: AccountKeys,
    pub created_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// An account's key material as the client made it (all absent for accounts
/// created before the server stored keys).
#[derive(Debug, Clone, Default)]
pub struct AccountKeys {
    /// The user key under the stretched master key (type 2).
    pub user_key: Option<EncString>,
    /// Base64 SPKI.
    pub public_key: Option<String>,
    /// PKCS#8 under the user key (type 2).
    pub private_key: Option<EncString>,
    /// The client's id for the user key (32 lowercase hex), once reported.
    pub user_key_id: Option<String>,
}

const USER_COLUMNS: &str = "id, email, name, master_password, master_password_salt, kdf_type, \
     kdf_iterations, kdf_memory, kdf_parallelism, security_stamp, encrypted_user_key, public_key, \
     encrypted_private_key, user_key_id, created_at";

fn user_from_row(row: &AnyRow) -> Result<UserRecord, sqlx::Error> {
    let kdf_type = u8::try_from(get_int(row, "kdf_type")?)
        .ok()
        .and_then(|n| KdfType::try_from(n).ok())
        .ok_or_else(|| sqlx::Error::Decode("unknown kdf_type".into()))?;
    let small = |v: Option<i64>| v.and_then(|n| u32::try_from(n).ok());
    Ok(UserRecord {
        id: get_id(row, "id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        master_password: Secret::new(row.try_get::<String, _>("master_password")?),
        salt: row.try_get("master_password_salt")?,
        kdf: KdfSettings {
            kdf_type,
            iterations: small(Some(get_int(row, "kdf_iterations")?)).unwrap_or_default(),
            memory: small(get_int_opt(row, "kdf_memory")?),
            parallelism: small(get_int_opt(row, "kdf_parallelism")?),
        },
        security_stamp: row.try_get("security_stamp")?,
        keys: AccountKeys {
            user_key: row
                .try_get::<Option<String>, _>("encrypted_user_key")?
                .map(EncString::new_unchecked),
            public_key: row.try_get("public_key")?,
            private_key: row
                .try_get::<Option<String>, _>("encrypted_private_key")?
                .map(EncString::new_unchecked),
            user_key_id: row.try_get("user_key_id")?,
        },
        created_at: db::get_ts_opt(row, "created_at")?,
    })
}

/// Finds a user by (normalised) e-mail.
pub async fn find_by_email<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    pool: E,
    email: &str,
) -> Result<Option<UserRecord>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {USER_COLUMNS} FROM users WHERE email = $1"
    ))
    .bind(email)
    .fetch_optional(pool)
    .await?
    .as_ref()
    .map(user_from_row)
    .transpose()
}

/// Which of these e-mail addresses belong to an account (exact match, as
/// [`find_by_email`]): one query for a whole sync batch's recipients.
pub async fn existing_emails(
    conn: &mut sqlx::AnyConnection,
    emails: &[&str],
) -> Result<std::collections::HashSet<String>, sqlx::Error> {
    let mut found = std::collections::HashSet::new();
    let params = db::Params::of(conn);
    for chunk in emails.chunks(db::ROWS_PER_STATEMENT) {
        let sql = format!(
            "SELECT email FROM users WHERE email IN ({})",
            params.list(chunk.len(), 1)
        );
        let mut query = sqlx::query(&sql);
        for email in chunk {
            query = query.bind(*email);
        }
        for row in query.fetch_all(&mut *conn).await? {
            found.insert(row.try_get::<String, _>("email")?);
        }
    }
    Ok(found)
}

/// Records the client's id for a user's key, once: false when one is
/// already recorded (a report cannot rename the key) or the user is gone.
pub async fn set_user_key_id(pool: &Pool, user: UserId, key_id: &str) -> Result<bool, sqlx::Error> {
    let result =
        sqlx::query("UPDATE users SET user_key_id = $1 WHERE id = $2 AND user_key_id IS NULL")
            .bind(key_id)
            .bind(user.to_string())
            .execute(pool)
            .await?;
    Ok(result.rows_affected() == 1)
}

/// A user's public key (base64 SPKI); `None` without a key pair.
pub async fn public_key(pool: &Pool, user: UserId) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query("SELECT public_key FROM users WHERE id = $1")
        .bind(user.to_string())
        .fetch_optional(pool)
        .await?;
    match row {
        Some(row) => row.try_get("public_key"),
        None => Ok(None),
    }
}

/// Finds a user by id.
pub async fn find_by_id(pool: &Pool, id: UserId) -> Result<Option<UserRecord>, sqlx::Error> {
    sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
        .bind(id.to_string())
        .fetch_optional(pool)
        .await?
        .as_ref()
        .map(user_from_row)
        .transpose()
}

/// A user to insert.
pub struct NewUser<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub master_password: Secret,
    pub kdf: KdfSettings,
    pub keys: AccountKeys,
}

/// Inserts a user; `Ok(None)` when the e-mail is taken.
pub async fn insert(pool: &Pool, user: NewUser<'_>) -> Result<Option<UserId>, sqlx::Error> {
    let id = UserId(uuid::Uuid::new_v4());
    let result = sqlx::query(
        "INSERT INTO users (id, email, name, master_password, master_password_salt, kdf_type, \
         kdf_iterations, kdf_memory, kdf_parallelism, security_stamp, created_at, \
         encrypted_user_key, public_key, encrypted_private_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(id.to_string())
    .bind(user.email)
    .bind(user.name)
    .bind(user.master_password.expose().to_owned())
    .bind(user.email)
    .bind(i64::from(u8::from(user.kdf.kdf_type)))
    .bind(i64::from(user.kdf.iterations))
    .bind(user.kdf.memory.map(i64::from))
    .bind(user.kdf.parallelism.map(i64::from))
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(db::ts(db::now()))
    .bind(user.keys.user_key.as_ref().map(|k| k.expose().to_owned()))
    .bind(user.keys.public_key)
    .bind(
        user.keys
            .private_key
            .as_ref()
            .map(|k| k.expose().to_owned()),
    )
    .execute(pool)
    .await;
    match result {
        Ok(_) => Ok(Some(id)),
        Err(e) if db::is_unique_violation(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Refresh tokens live 30 days and are single-use (rotated on every refresh).
const REFRESH_TOKEN_DAYS: i64 = 30;

/// Stores a new refresh token for a user; returns the token. `family` ties
/// the tokens of one login together: a login starts a family, each refresh
/// continues it.
pub async fn issue_refresh_token(
    pool: &Pool,
    user: UserId,
    family: Option<&str>,
) -> Result<String, sqlx::Error> {
    let token = crate::tokens::random_token(32);
    let family = family.map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned);
    sqlx::query("INSERT INTO refresh_tokens (token_hash, user_id, expires_at, created_at, family) VALUES ($1, $2, $3, $4, $5)")
        .bind(token_hash(&token))
        .bind(user.to_string())
        .bind(crate::tokens::expires_in_days(REFRESH_TOKEN_DAYS))
        .bind(db::ts(db::now()))
        .bind(family)
        .execute(pool)
        .await?;
    Ok(token)
}

/// What presenting a refresh token did.
#[derive(Debug, PartialEq, Eq)]
pub enum RefreshOutcome {
    /// Valid and now used: continue the family.
    Redeemed { user: UserId, family: String },
    /// Already used: someone replayed it, so its whole family was revoked.
    Reused,
    /// Unknown, expired or revoked.
    Invalid,
}

/// Consumes a refresh token. A used token is kept (until it expires) so a
/// replay is recognised: the replay revokes every token of its family, the
/// thief's and the owner's alike.
pub async fn redeem_refresh_token(pool: &Pool, token: &str) -> Result<RefreshOutcome, sqlx::Error> {
    let hash = token_hash(token);
    let now = db::ts(db::now());
    // One conditional write: of two concurrent refreshes with one token, one wins.
    let used = sqlx::query(
        "UPDATE refresh_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(&now)
    .bind(&hash)
    .execute(pool)
    .await?;
    let row =
        sqlx::query("SELECT user_id, family, used_at FROM refresh_tokens WHERE token_hash = $1")
            .bind(&hash)
            .fetch_optional(pool)
            .await?;
    let Some(row) = row else {
        return Ok(RefreshOutcome::Invalid);
    };
    let family: Option<String> = row.try_get("family")?;
    let family = family.unwrap_or_default();
    if used.rows_affected() == 1 {
        return Ok(RefreshOutcome::Redeemed {
            user: get_id(&row, "user_id")?,
            family,
        });
    }
    let used_at: Option<String> = row.try_get("used_at")?;
    if used_at.is_some() {
        revoke_family(pool, &family).await?;
        return Ok(RefreshOutcome::Reused);
    }
    Ok(RefreshOutcome::Invalid)
}

/// Revokes the family of a refresh token (logout); false when the token is unknown.
pub async fn revoke_refresh_token(pool: &Pool, token: &str) -> Result<bool, sqlx::Error> {
    let row = sqlx::query("SELECT family FROM refresh_tokens WHERE token_hash = $1")
        .bind(token_hash(token))
        .fetch_optional(pool)
        .await?;
    let Some(row) = row else {
        return Ok(false);
    };
    let family: Option<String> = row.try_get("family")?;
    revoke_family(pool, &family.unwrap_or_default()).await?;
    sqlx::query("DELETE FROM refresh_tokens WHERE token_hash = $1")
        .bind(token_hash(token))
        .execute(pool)
        .await?;
    Ok(true)
}

async fn revoke_family(pool: &Pool, family: &str) -> Result<(), sqlx::Error> {
    if family.is_empty() {
        return Ok(());
    }
    sqlx::query("DELETE FROM refresh_tokens WHERE family = $1")
        .bind(family)
        .execute(pool)
        .await?;
    Ok(())
}

/// Deletes expired refresh tokens and failure records older than `before`.
pub async fn purge(pool: &Pool, before: chrono::DateTime<chrono::Utc>) -> Result<u64, sqlx::Error> {
    let now = db::ts(db::now());
    let tokens = sqlx::query("DELETE FROM refresh_tokens WHERE expires_at < $1")
        .bind(&now)
        .execute(pool)
        .await?;
    let failures = sqlx::query("DELETE FROM password_failures WHERE failed_at < $1")
        .bind(db::ts(before))
        .execute(pool)
        .await?;
    Ok(tokens.rows_affected() + failures.rows_affected())
}

/// Records a master password check as failed until [`forget_password_failure`]
/// says otherwise; returns the record's id.
pub async fn record_password_failure(pool: &Pool, user: UserId) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query("INSERT INTO password_failures (id, user_id, failed_at) VALUES ($1, $2, $3)")
        .bind(&id)
        .bind(user.to_string())
        .bind(db::ts(db::now()))
        .execute(pool)
        .await?;
    Ok(id)
}

/// Removes a failure record (the check passed, or was refused unchecked).
pub async fn forget_password_failure(pool: &Pool, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM password_failures WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Failed master password checks of `user` since `since`.
pub async fn password_failures_since(
    pool: &Pool,
    user: UserId,
    since: chrono::DateTime<chrono::Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) AS n FROM password_failures WHERE user_id = $1 AND failed_at > $2")
        .bind(user.to_string())
        .bind(db::ts(since))
        .fetch_one(pool)
        .await?
        .try_get::<i64, _>("n")
}

/// An installation's stored key hash and whether it is enabled.
pub struct InstallationKey {
    pub key_hash: String,
    pub enabled: bool,
}

/// Stores a new, enabled installation.
pub async fn insert_installation(
    pool: &Pool,
    id: InstallationId,
    email: &str,
    key_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO installations (id, email, key_hash, enabled, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(id.to_string())
        .bind(email)
        .bind(key_hash)
        .bind(db::flag(true))
        .bind(db::ts(db::now()))
        .execute(pool)
        .await?;
    Ok(())
}

/// The installation's key hash and state (`None` when unknown).
pub async fn installation_key(
    pool: &Pool,
    id: InstallationId,
) -> Result<Option<InstallationKey>, sqlx::Error> {
    sqlx::query("SELECT key_hash, enabled FROM installations WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(pool)
        .await?
        .map(|row| {
            Ok(InstallationKey {
                key_hash: row.try_get("key_hash")?,
                enabled: get_bool(&row, "enabled")?,
            })
        })
        .transpose()
}

/// Enables or disables an installation; false when it does not exist.
pub async fn set_installation_enabled(
    pool: &Pool,
    id: InstallationId,
    enabled: bool,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("UPDATE installations SET enabled = $1 WHERE id = $2")
        .bind(db::flag(enabled))
        .bind(id.to_string())
        .execute(pool)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Notes that the installation just authenticated.
pub async fn touch_installation(pool: &Pool, id: InstallationId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE installations SET last_activity_date = $1 WHERE id = $2")
        .bind(db::ts(db::now()))
        .bind(id.to_string())
        .execute(pool)
        .await?;
    Ok(())
}
