//! Organizations and memberships in the database.

use crate::db::{self, get_bool, get_id, get_int, get_int_opt, get_ts_opt, Pool};
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::Row;
use wire::api_keys::{ApiKeyInformation, OrganizationApiKeyType};
use wire::ids::OrganizationUserId;
use wire::keys::EncString;
use wire::organizations::{OrganizationUserStatus, OrganizationUserType, PlanType};
use wire::{OrganizationId, Secret, UserId};

/// An organization row.
#[derive(Clone)]
pub struct Organization {
    pub id: OrganizationId,
    pub name: String,
    pub business_name: Option<String>,
    pub billing_email: Option<String>,
    pub plan_type: PlanType,
    pub seats: Option<u32>,
    pub max_collections: Option<u16>,
    pub max_storage_gb: Option<u16>,
    pub enabled: bool,
    pub self_host: bool,
    pub license_key: Option<Secret>,
    pub expiration_date: Option<DateTime<Utc>>,
    pub expiration_without_grace_period: Option<DateTime<Utc>>,
    /// The organization key under the server's escrow key, for organizations
    /// the server created (see `organizations::keys`).
    pub escrowed_key: Option<EncString>,
}

const ORG_COLUMNS: &str = "o.id, o.name, o.business_name, o.billing_email, o.plan_type, o.seats, \
     o.max_collections, o.max_storage_gb, o.enabled, o.self_host, o.license_key, o.expiration_date, \
     o.expiration_without_grace_period, o.escrowed_org_key";

impl std::fmt::Debug for Organization {
    /// Everything but the license key, which is a secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Organization")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("plan_type", &self.plan_type)
            .field("seats", &self.seats)
            .field("enabled", &self.enabled)
            .field("self_host", &self.self_host)
            .field(
                "license_key",
                &self.license_key.as_ref().map(|_| "[redacted]"),
            )
            .field("expiration_date", &self.expiration_date)
            .finish_non_exhaustive()
    }
}

fn org_from_row(row: &AnyRow) -> Result<Organization, sqlx::Error> {
    let plan = u8::try_from(get_int(row, "plan_type")?)
        .map_err(|_| sqlx::Error::Decode("plan_type out of range".into()))?;
    Ok(Organization {
        id: get_id(row, "id")?,
        name: row.try_get("name")?,
        business_name: row.try_get("business_name")?,
        billing_email: row.try_get("billing_email")?,
        plan_type: PlanType(plan),
        seats: get_int_opt(row, "seats")?.and_then(|n| u32::try_from(n).ok()),
        max_collections: get_int_opt(row, "max_collections")?.and_then(|n| u16::try_from(n).ok()),
        max_storage_gb: get_int_opt(row, "max_storage_gb")?.and_then(|n| u16::try_from(n).ok()),
        enabled: get_bool(row, "enabled")?,
        self_host: get_bool(row, "self_host")?,
        license_key: row
            .try_get::<Option<String>, _>("license_key")?
            .map(Secret::new),
        expiration_date: get_ts_opt(row, "expiration_date")?,
        expiration_without_grace_period: get_ts_opt(row, "expiration_without_grace_period")?,
        escrowed_key: row
            .try_get::<Option<String>, _>("escrowed_org_key")?
            .map(EncString::new_unchecked),
    })
}

/// Finds an organization by id.
pub async fn find(pool: &Pool, id: OrganizationId) -> Result<Option<Organization>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {ORG_COLUMNS} FROM organizations o WHERE o.id = $1"
    ))
    .bind(id.to_string())
    .fetch_optional(pool)
    .await?
    .as_ref()
    .map(org_from_row)
    .transpose()
}

/// Finds organizations by exact name (names are not unique).
pub async fn find_by_name(pool: &Pool, name: &str) -> Result<Vec<Organization>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {ORG_COLUMNS} FROM organizations o WHERE o.name = $1"
    ))
    .bind(name)
    .fetch_all(pool)
    .await?
    .iter()
    .map(org_from_row)
    .collect()
}

/// Creates an organization and its owner membership in one transaction.
pub async fn create_with_owner(
    pool: &Pool,
    org: &Organization,
    owner: UserId,
    owner_key: Option<&EncString>,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    insert_with_owner(&mut tx, org, owner, owner_key).await?;
    tx.commit().await
}

/// Inserts an organization and its owner (with the owner's copy of the
/// organization key) inside the caller's transaction.
pub async fn insert_with_owner(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    org: &Organization,
    owner: UserId,
    owner_key: Option<&EncString>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO organizations (id, name, business_name, billing_email, plan_type, seats, \
         max_collections, max_storage_gb, enabled, self_host, license_key, expiration_date, \
         expiration_without_grace_period, created_at, escrowed_org_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(org.id.to_string())
    .bind(&org.name)
    .bind(&org.business_name)
    .bind(&org.billing_email)
    .bind(i64::from(org.plan_type.0))
    .bind(org.seats.map(i64::from))
    .bind(org.max_collections.map(i64::from))
    .bind(org.max_storage_gb.map(i64::from))
    .bind(db::flag(org.enabled))
    .bind(db::flag(org.self_host))
    .bind(org.license_key.as_ref().map(|k| k.expose().to_owned()))
    .bind(db::ts_opt(org.expiration_date))
    .bind(db::ts_opt(org.expiration_without_grace_period))
    .bind(db::ts(db::now()))
    .bind(org.escrowed_key.as_ref().map(|k| k.expose().to_owned()))
    .execute(&mut **tx)
    .await?;
    insert_membership(tx, org.id, owner, OrganizationUserType::Owner, owner_key).await?;
    Ok(())
}

/// Sets an organization's paid-through date.
pub async fn set_expiration<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    executor: E,
    org: OrganizationId,
    expiration: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE organizations SET expiration_date = $1 WHERE id = $2")
        .bind(db::ts(expiration))
        .bind(org.to_string())
        .execute(executor)
        .await?;
    Ok(())
}

async fn insert_membership(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    org: OrganizationId,
    user: UserId,
    role: OrganizationUserType,
    key: Option<&EncString>,
) -> Result<OrganizationUserId, sqlx::Error> {
    let id = OrganizationUserId(uuid::Uuid::new_v4());
    sqlx::query(
        "INSERT INTO organization_users (id, organization_id, user_id, role, status, created_at, \
         encrypted_org_key) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id.to_string())
    .bind(org.to_string())
    .bind(user.to_string())
    .bind(i64::from(u8::from(role)))
    .bind(i64::from(i8::from(OrganizationUserStatus::Confirmed)))
    .bind(db::ts(db::now()))
    .bind(key.map(|k| k.expose().to_owned()))
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// Adds a confirmed member with their copy of the organization key;
/// `Ok(None)` when the user already belongs to the org.
pub async fn add_member(
    pool: &Pool,
    org: OrganizationId,
    user: UserId,
    role: OrganizationUserType,
    key: Option<&EncString>,
) -> Result<Option<OrganizationUserId>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    match insert_membership(&mut tx, org, user, role, key).await {
        Ok(id) => {
            tx.commit().await?;
            Ok(Some(id))
        }
        Err(e) if db::is_unique_violation(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A user's membership in one organization.
#[derive(Debug, Clone)]
pub struct Membership {
    pub id: OrganizationUserId,
    pub role: OrganizationUserType,
    pub status: OrganizationUserStatus,
    /// The member's copy of the organization key (type 4).
    pub key: Option<EncString>,
}

fn membership_from_row(row: &AnyRow) -> Result<Membership, sqlx::Error> {
    let role = u8::try_from(get_int(row, "role")?)
        .ok()
        .and_then(|n| OrganizationUserType::try_from(n).ok())
        .ok_or_else(|| sqlx::Error::Decode("unknown member role".into()))?;
    let status = i8::try_from(get_int(row, "status")?)
        .ok()
        .and_then(|n| OrganizationUserStatus::try_from(n).ok())
        .ok_or_else(|| sqlx::Error::Decode("unknown member status".into()))?;
    Ok(Membership {
        id: get_id(row, "membership_id")?,
        role,
        status,
        key: row
            .try_get::<Option<String>, _>("encrypted_org_key")?
            .map(EncString::new_unchecked),
    })
}

/// The caller's membership in an organization, if any.
pub async fn membership(
    pool: &Pool,
    org: OrganizationId,
    user: UserId,
) -> Result<Option<Membership>, sqlx::Error> {
    sqlx::query(
        "SELECT id AS membership_id, role, status, encrypted_org_key FROM organization_users \
         WHERE organization_id = $1 AND user_id = $2",
    )
    .bind(org.to_string())
    .bind(user.to_string())
    .fetch_optional(pool)
    .await?
    .as_ref()
    .map(membership_from_row)
    .transpose()
}

/// Every organization a user belongs to, with the membership.
pub async fn organizations_of(
    pool: &Pool,
    user: UserId,
) -> Result<Vec<(Organization, Membership)>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {ORG_COLUMNS}, ou.id AS membership_id, ou.role, ou.status, ou.encrypted_org_key \
         FROM organization_users ou JOIN organizations o ON o.id = ou.organization_id \
         WHERE ou.user_id = $1 ORDER BY o.name"
    ))
    .bind(user.to_string())
    .fetch_all(pool)
    .await?
    .iter()
    .map(|row| Ok((org_from_row(row)?, membership_from_row(row)?)))
    .collect()
}

/// An organization row as a license describes it (self-hosted): the local
/// id is new, everything else comes from the license.
pub fn organization_from_license(
    id: OrganizationId,
    license: &wire::licenses::OrganizationLicense,
) -> Organization {
    Organization {
        id,
        name: license
            .name
            .clone()
            .unwrap_or_else(|| "Organization".into()),
        business_name: license.business_name.clone(),
        billing_email: license.billing_email.clone(),
        plan_type: license.plan_type,
        seats: license.seats.and_then(|s| u32::try_from(s).ok()),
        max_collections: license.max_collections.and_then(|c| u16::try_from(c).ok()),
        max_storage_gb: license.max_storage_gb.and_then(|g| u16::try_from(g).ok()),
        enabled: license.enabled,
        self_host: true,
        license_key: license.license_key.clone(),
        expiration_date: license.expires,
        expiration_without_grace_period: license.expiration_without_grace_period,
        escrowed_key: None,
    }
}

/// Copies a new license's terms onto an existing organization (its id and
/// name stay; Bitwarden keeps MaxStorageGb too).
pub async fn update_from_license(
    pool: &Pool,
    id: OrganizationId,
    license: &wire::licenses::OrganizationLicense,
) -> Result<(), sqlx::Error> {
    let org = organization_from_license(id, license);
    sqlx::query(
        "UPDATE organizations SET business_name = $1, billing_email = $2, plan_type = $3, seats = $4, \
         max_collections = $5, enabled = $6, license_key = $7, expiration_date = $8, \
         expiration_without_grace_period = $9 WHERE id = $10",
    )
    .bind(&org.business_name)
    .bind(&org.billing_email)
    .bind(i64::from(org.plan_type.0))
    .bind(org.seats.map(i64::from))
    .bind(org.max_collections.map(i64::from))
    .bind(db::flag(org.enabled))
    .bind(org.license_key.as_ref().map(|k| k.expose().to_owned()))
    .bind(db::ts_opt(org.expiration_date))
    .bind(db::ts_opt(org.expiration_without_grace_period))
    .bind(id.to_string())
    .execute(pool)
    .await?;
    Ok(())
}

/// Whether another enabled organization holds this license key.
pub async fn license_key_in_use(
    pool: &Pool,
    license_key: &str,
    except: Option<OrganizationId>,
) -> Result<bool, sqlx::Error> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM organizations WHERE license_key = $1 AND enabled = 1 AND id <> $2")
        .bind(license_key)
        .bind(except.map(|id| id.to_string()).unwrap_or_default())
        .fetch_one(pool)
        .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}

/// Seats taken: members that are not revoked.
pub async fn occupied_seats(pool: &Pool, org: OrganizationId) -> Result<u32, sqlx::Error> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM organization_users WHERE organization_id = $1 AND status >= 0",
    )
    .bind(org.to_string())
    .fetch_one(pool)
    .await?;
    Ok(u32::try_from(row.try_get::<i64, _>("n")?).unwrap_or(u32::MAX))
}

/// A stored key.
pub struct ApiKey {
    pub key: Secret,
    pub revision_date: DateTime<Utc>,
}

fn key_type_number(key_type: OrganizationApiKeyType) -> i64 {
    i64::from(u8::from(key_type))
}

/// The org's key of a type, if any.
pub async fn find_api_key(
    pool: &Pool,
    org: OrganizationId,
    key_type: OrganizationApiKeyType,
) -> Result<Option<ApiKey>, sqlx::Error> {
    sqlx::query("SELECT api_key, revision_date FROM organization_api_keys WHERE organization_id = $1 AND key_type = $2")
        .bind(org.to_string())
        .bind(key_type_number(key_type))
        .fetch_optional(pool)
        .await?
        .map(|row| {
            Ok(ApiKey {
                key: Secret::new(row.try_get::<String, _>("api_key")?),
                revision_date: db::get_ts(&row, "revision_date")?,
            })
        })
        .transpose()
}

/// Which keys the organization has, and when each last changed.
pub async fn list_api_keys(
    pool: &Pool,
    org: OrganizationId,
) -> Result<Vec<ApiKeyInformation>, sqlx::Error> {
    sqlx::query("SELECT key_type, revision_date FROM organization_api_keys WHERE organization_id = $1 ORDER BY key_type")
        .bind(org.to_string())
        .fetch_all(pool)
        .await?
        .iter()
        .filter_map(|row| {
            let key_type = u8::try_from(db::get_int(row, "key_type").ok()?).ok()?;
            let key_type = OrganizationApiKeyType::try_from(key_type).ok()?;
            Some(db::get_ts(row, "revision_date").map(|date| ApiKeyInformation::new(key_type, date)))
        })
        .collect()
}

/// Returns the existing key, or stores a new one. Two concurrent first
/// requests end with the same key: the insert is a no-op for the loser.
pub async fn get_or_create_api_key(
    pool: &Pool,
    org: OrganizationId,
    key_type: OrganizationApiKeyType,
    fresh: &Secret,
) -> Result<ApiKey, sqlx::Error> {
    sqlx::query(
        "INSERT INTO organization_api_keys (organization_id, key_type, api_key, revision_date) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (organization_id, key_type) DO NOTHING",
    )
    .bind(org.to_string())
    .bind(key_type_number(key_type))
    .bind(fresh.expose())
    .bind(db::ts(db::now()))
    .execute(pool)
    .await?;
    find_api_key(pool, org, key_type)
        .await?
        .ok_or(sqlx::Error::RowNotFound)
}

/// Replaces the key with a new one; the old key stops working at once.
pub async fn rotate_api_key(
    pool: &Pool,
    org: OrganizationId,
    key_type: OrganizationApiKeyType,
    key: Secret,
) -> Result<ApiKey, sqlx::Error> {
    let now = db::now();
    sqlx::query(
        "INSERT INTO organization_api_keys (organization_id, key_type, api_key, revision_date) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (organization_id, key_type) DO UPDATE SET api_key = excluded.api_key, revision_date = excluded.revision_date",
    )
    .bind(org.to_string())
    .bind(key_type_number(key_type))
    .bind(key.expose())
    .bind(db::ts(now))
    .execute(pool)
    .await?;
    Ok(ApiKey {
        key,
        revision_date: now,
    })
}
