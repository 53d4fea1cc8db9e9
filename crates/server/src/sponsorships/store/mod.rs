//! Sponsorship rows (same table on cloud and self-hosted, contract §3.1).

use crate::db::{self, get_bool, get_id, get_int_opt, get_ts_opt, Pool};
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::Row;
use wire::ids::{OrganizationUserId, SponsorshipId};
use wire::OrganizationId;

mod runs;
pub use runs::*;
mod sync;
pub use sync::*;

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

/// Whether the organization has any sponsorship to sync.
pub async fn any_for_sponsoring_org(pool: &Pool, org: OrganizationId) -> Result<bool, sqlx::Error> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM organization_sponsorships WHERE sponsoring_organization_id = $1",
    )
    .bind(org.to_string())
    .fetch_one(pool)
    .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}

/// How many sponsorships the organization has (what a sync sends).
pub async fn count_for_sponsoring_org(
    pool: &Pool,
    org: OrganizationId,
) -> Result<u64, sqlx::Error> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM organization_sponsorships WHERE sponsoring_organization_id = $1",
    )
    .bind(org.to_string())
    .fetch_one(pool)
    .await?;
    Ok(u64::try_from(row.try_get::<i64, _>("n")?).unwrap_or(0))
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

/// Redeems the unredeemed offer `id` into `sponsored` in one conditional
/// update, so of two concurrent redeems exactly one changes the row. False
/// when the offer is gone, already redeemed, revoked, or no longer offered to
/// `email`. A unique violation means `sponsored` is already sponsored
/// (index `organization_sponsorships_sponsored`).
pub async fn claim_offer<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    executor: E,
    id: SponsorshipId,
    email: &str,
    sponsored: OrganizationId,
    valid_until: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE organization_sponsorships SET sponsored_organization_id = $1, valid_until = $2, offered_to_email = NULL \
         WHERE id = $3 AND sponsored_organization_id IS NULL AND to_delete = 0 AND LOWER(offered_to_email) = LOWER($4)",
    )
    .bind(sponsored.to_string())
    .bind(db::ts(valid_until))
    .bind(id.to_string())
    .bind(email)
    .execute(executor)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Serialises the cloud's changes to one sponsoring organization's rows: a
/// no-op write on the organization row, as a transaction's first statement.
/// It takes SQLite's write lock (a transaction that starts with a read
/// cannot write later while another connection writes) and PostgreSQL's
/// row lock, so concurrent syncs of one organization run one after another.
pub async fn lock_sponsoring_org<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    executor: E,
    org: OrganizationId,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE organizations SET enabled = enabled WHERE id = $1")
        .bind(org.to_string())
        .execute(executor)
        .await?;
    Ok(())
}

/// The rows of these members of a sponsoring organization (one sync batch).
pub async fn for_members(
    conn: &mut sqlx::AnyConnection,
    org: OrganizationId,
    members: &[OrganizationUserId],
) -> Result<Vec<Sponsorship>, sqlx::Error> {
    let params = db::Params::of(conn);
    let mut rows = Vec::with_capacity(members.len());
    for chunk in members.chunks(db::ROWS_PER_STATEMENT) {
        let sql = format!(
            "SELECT {COLUMNS} FROM organization_sponsorships WHERE sponsoring_organization_id = {} \
             AND sponsoring_organization_user_id IN ({})",
            params.list(1, 1),
            params.list(chunk.len(), 2)
        );
        let mut query = sqlx::query(&sql).bind(org.to_string());
        for member in chunk {
            query = query.bind(member.to_string());
        }
        for row in query.fetch_all(&mut *conn).await? {
            rows.push(from_row(&row)?);
        }
    }
    Ok(rows)
}

/// Deletes an offer nobody redeemed; false when it is gone or was redeemed meanwhile.
pub async fn delete_unredeemed<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    executor: E,
    id: SponsorshipId,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "DELETE FROM organization_sponsorships WHERE id = $1 AND sponsored_organization_id IS NULL",
    )
    .bind(id.to_string())
    .execute(executor)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Marks a row for removal (it ends at ValidUntil, or at the next sync).
pub async fn mark_to_delete<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    executor: E,
    id: SponsorshipId,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE organization_sponsorships SET to_delete = 1 WHERE id = $1")
        .bind(id.to_string())
        .execute(executor)
        .await?;
    Ok(())
}

/// Gives an unredeemed, unrevoked offer a new recipient (the member offered
/// again to another address); false when it was redeemed or revoked.
pub async fn change_recipient(
    pool: &Pool,
    id: SponsorshipId,
    email: &str,
    friendly_name: &str,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE organization_sponsorships SET offered_to_email = $1, friendly_name = $2 \
         WHERE id = $3 AND sponsored_organization_id IS NULL AND valid_until IS NULL AND to_delete = 0",
    )
    .bind(email)
    .bind(friendly_name)
    .bind(id.to_string())
    .execute(pool)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Self-hosted revoke: an offer the cloud cannot hold (never sent, never
/// synced) is deleted; any other is marked, and the next sync removes it on
/// the cloud. One conditional delete first, so a run sending the row at the
/// same moment either sees it gone or has marked it as maybe on the cloud.
pub async fn revoke_local(pool: &Pool, id: SponsorshipId) -> Result<(), sqlx::Error> {
    let deleted = sqlx::query(
        "DELETE FROM organization_sponsorships WHERE id = $1 AND last_sync_date IS NULL AND may_be_on_cloud = 0",
    )
    .bind(id.to_string())
    .execute(pool)
    .await?;
    if deleted.rows_affected() == 0 {
        mark_to_delete(pool, id).await?;
    }
    Ok(())
}

/// Self-hosted sync, one page: marks up to `limit` rows after `after` (by id)
/// as maybe on the cloud and returns them as marked, in one statement, so
/// every row that is sent was marked first.
pub async fn mark_page_for_sending<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    executor: E,
    org: OrganizationId,
    after: Option<SponsorshipId>,
    limit: usize,
) -> Result<Vec<Sponsorship>, sqlx::Error> {
    let mut rows: Vec<Sponsorship> = sqlx::query(&format!(
        "UPDATE organization_sponsorships SET may_be_on_cloud = 1 WHERE id IN \
         (SELECT id FROM organization_sponsorships WHERE sponsoring_organization_id = $1 AND id > $2 ORDER BY id LIMIT $3) \
         RETURNING {COLUMNS}"
    ))
    .bind(org.to_string())
    .bind(after.map_or_else(String::new, |id| id.to_string()))
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(executor)
    .await?
    .iter()
    .map(from_row)
    .collect::<Result<_, _>>()?;
    rows.sort_by_key(|r| r.id.to_string());
    Ok(rows)
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
/// When the organization's sponsorships last synced (the latest row's date).
pub async fn last_sync_date(
    pool: &Pool,
    org: OrganizationId,
) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT MAX(last_sync_date) AS last_sync_date FROM organization_sponsorships WHERE sponsoring_organization_id = $1",
    )
    .bind(org.to_string())
    .fetch_one(pool)
    .await?;
    get_ts_opt(&row, "last_sync_date")
}

/// Deletes the sponsorships whose paid-through date (ValidUntil) is before
/// `cutoff`; returns how many.
pub async fn delete_valid_until_before(
    pool: &Pool,
    cutoff: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let result = sqlx::query(
        "DELETE FROM organization_sponsorships WHERE valid_until IS NOT NULL AND valid_until < $1",
    )
    .bind(db::ts(cutoff))
    .execute(pool)
    .await?;
    Ok(result.rows_affected())
}

/// Every redeemed sponsorship (it names a sponsored organization).
pub async fn redeemed(pool: &Pool) -> Result<Vec<Sponsorship>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM organization_sponsorships WHERE sponsored_organization_id IS NOT NULL ORDER BY id"
    ))
    .fetch_all(pool)
    .await?
    .iter()
    .map(from_row)
    .collect()
}

/// Marks a sponsorship to end at its paid-through date; false when the row
/// is gone or already marked.
pub async fn mark_to_end(pool: &Pool, id: SponsorshipId) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE organization_sponsorships SET to_delete = $1 WHERE id = $2 AND to_delete = $3",
    )
    .bind(db::flag(true))
    .bind(id.to_string())
    .bind(db::flag(false))
    .execute(pool)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Moves a still-valid sponsorship's paid-through date from `from` to
/// `until`; false when the row changed meanwhile (revoked, renewed, gone).
pub async fn renew<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    executor: E,
    id: SponsorshipId,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE organization_sponsorships SET valid_until = $1 WHERE id = $2 AND valid_until = $3 AND to_delete = $4",
    )
    .bind(db::ts(until))
    .bind(id.to_string())
    .bind(db::ts(from))
    .bind(db::flag(false))
    .execute(executor)
    .await?;
    Ok(result.rows_affected() == 1)
}
