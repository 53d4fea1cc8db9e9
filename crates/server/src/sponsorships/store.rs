//! Sponsorship rows (same table on cloud and self-hosted, contract §3.1).

use crate::db::{self, get_bool, get_id, get_int_opt, get_ts_opt, Pool};
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::Row;
use wire::ids::{OrganizationUserId, SponsorshipId};
use wire::OrganizationId;

/// One sponsorship.
#[derive(Clone, Debug, PartialEq)]
pub struct Sponsorship {
    pub id: SponsorshipId,
    pub sponsoring_organization_id: Option<OrganizationId>,
    /// On the cloud, for synced rows, this is the *self-hosted* membership id: the sync key.
    pub sponsoring_organization_user_id: OrganizationUserId,
    pub sponsored_organization_id: Option<OrganizationId>,
    pub friendly_name: Option<String>,
    pub offered_to_email: Option<String>,
    pub plan_sponsorship_type: Option<u8>,
    pub last_sync_date: Option<DateTime<Utc>>,
    pub valid_until: Option<DateTime<Utc>>,
    pub to_delete: bool,
    pub is_admin_initiated: bool,
}

const COLUMNS: &str = "id, sponsoring_organization_id, sponsoring_organization_user_id, sponsored_organization_id, \
     friendly_name, offered_to_email, plan_sponsorship_type, last_sync_date, valid_until, to_delete, is_admin_initiated";

fn opt_id<T: From<uuid::Uuid>>(row: &AnyRow, column: &str) -> Result<Option<T>, sqlx::Error> {
    let text: Option<String> = row.try_get(column)?;
    Ok(text
        .and_then(|t| uuid::Uuid::parse_str(&t).ok())
        .map(T::from))
}

fn from_row(row: &AnyRow) -> Result<Sponsorship, sqlx::Error> {
    Ok(Sponsorship {
        id: get_id(row, "id")?,
        sponsoring_organization_id: opt_id(row, "sponsoring_organization_id")?,
        sponsoring_organization_user_id: get_id(row, "sponsoring_organization_user_id")?,
        sponsored_organization_id: opt_id(row, "sponsored_organization_id")?,
        friendly_name: row.try_get("friendly_name")?,
        offered_to_email: row.try_get("offered_to_email")?,
        plan_sponsorship_type: get_int_opt(row, "plan_sponsorship_type")?
            .and_then(|n| u8::try_from(n).ok()),
        last_sync_date: get_ts_opt(row, "last_sync_date")?,
        valid_until: get_ts_opt(row, "valid_until")?,
        to_delete: get_bool(row, "to_delete")?,
        is_admin_initiated: get_bool(row, "is_admin_initiated")?,
    })
}

/// Every sponsorship of a sponsoring organization.
pub async fn for_sponsoring_org<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    executor: E,
    org: OrganizationId,
) -> Result<Vec<Sponsorship>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM organization_sponsorships WHERE sponsoring_organization_id = $1 ORDER BY id"
    ))
    .bind(org.to_string())
    .fetch_all(executor)
    .await?
    .iter()
    .map(from_row)
    .collect()
}

/// The sponsorship a member offered in an organization.
pub async fn for_member(
    pool: &Pool,
    org: OrganizationId,
    member: OrganizationUserId,
) -> Result<Option<Sponsorship>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM organization_sponsorships WHERE sponsoring_organization_id = $1 AND sponsoring_organization_user_id = $2"
    ))
    .bind(org.to_string())
    .bind(member.to_string())
    .fetch_optional(pool)
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}

/// A sponsorship by id.
pub async fn find(pool: &Pool, id: SponsorshipId) -> Result<Option<Sponsorship>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM organization_sponsorships WHERE id = $1"
    ))
    .bind(id.to_string())
    .fetch_optional(pool)
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}

/// The sponsorship that sponsors an organization, if any.
pub async fn sponsoring(
    pool: &Pool,
    sponsored: OrganizationId,
) -> Result<Option<Sponsorship>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM organization_sponsorships WHERE sponsored_organization_id = $1"
    ))
    .bind(sponsored.to_string())
    .fetch_optional(pool)
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}

/// Inserts or fully replaces a row (by id).
pub async fn upsert<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    executor: E,
    s: &Sponsorship,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO organization_sponsorships (id, sponsoring_organization_id, sponsoring_organization_user_id, \
         sponsored_organization_id, friendly_name, offered_to_email, plan_sponsorship_type, last_sync_date, valid_until, \
         to_delete, is_admin_initiated, notes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL) \
         ON CONFLICT (id) DO UPDATE SET sponsoring_organization_id = excluded.sponsoring_organization_id, \
         sponsoring_organization_user_id = excluded.sponsoring_organization_user_id, \
         sponsored_organization_id = excluded.sponsored_organization_id, friendly_name = excluded.friendly_name, \
         offered_to_email = excluded.offered_to_email, plan_sponsorship_type = excluded.plan_sponsorship_type, \
         last_sync_date = excluded.last_sync_date, valid_until = excluded.valid_until, to_delete = excluded.to_delete, \
         is_admin_initiated = excluded.is_admin_initiated",
    )
    .bind(s.id.to_string())
    .bind(s.sponsoring_organization_id.map(|id| id.to_string()))
    .bind(s.sponsoring_organization_user_id.to_string())
    .bind(s.sponsored_organization_id.map(|id| id.to_string()))
    .bind(&s.friendly_name)
    .bind(&s.offered_to_email)
    .bind(s.plan_sponsorship_type.map(i64::from))
    .bind(db::ts_opt(s.last_sync_date))
    .bind(db::ts_opt(s.valid_until))
    .bind(db::flag(s.to_delete))
    .bind(db::flag(s.is_admin_initiated))
    .execute(executor)
    .await?;
    Ok(())
}

/// Deletes a row.
pub async fn delete<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    executor: E,
    id: SponsorshipId,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM organization_sponsorships WHERE id = $1")
        .bind(id.to_string())
        .execute(executor)
        .await?;
    Ok(())
}
