//! The sync's set-based statements: the cloud writes a whole batch in a few
//! multi-row statements, and the self-hosted run stages the cloud's answers
//! batch by batch and applies them at its end in one transaction. Apart from
//! the one-row statements (the parent module) so each file stays readable.

use super::Sponsorship;
use crate::db::{self, Params, Pool, ROWS_PER_STATEMENT};
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;
use wire::ids::SponsorshipId;
use wire::OrganizationId;

/// Cloud: inserts new offers (a sync batch's new rows), many per statement.
pub async fn insert_offers(
    conn: &mut AnyConnection,
    rows: &[Sponsorship],
) -> Result<(), sqlx::Error> {
    const COLUMNS: usize = 11;
    let params = Params::of(conn);
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO organization_sponsorships (id, sponsoring_organization_id, sponsoring_organization_user_id, \
             sponsored_organization_id, friendly_name, offered_to_email, plan_sponsorship_type, last_sync_date, \
             valid_until, to_delete, is_admin_initiated) VALUES {}",
            params.rows(chunk.len(), COLUMNS, 1)
        );
        let mut query = sqlx::query(&sql);
        for s in chunk {
            query = query
                .bind(s.id.to_string())
                .bind(s.sponsoring_organization_id.map(|id| id.to_string()))
                .bind(s.sponsoring_organization_user_id.to_string())
                .bind(s.sponsored_organization_id.map(|id| id.to_string()))
                .bind(s.friendly_name.clone())
                .bind(s.offered_to_email.clone())
                .bind(s.plan_sponsorship_type.map(i64::from))
                .bind(db::ts_opt(s.last_sync_date))
                .bind(db::ts_opt(s.valid_until))
                .bind(db::flag(s.to_delete))
                .bind(db::flag(s.is_admin_initiated));
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Cloud: a sync touched these rows: LastSyncDate = `now`, and with
/// `to_delete` the rows are marked to end (ToDelete is only ever set).
pub async fn mark_synced(
    conn: &mut AnyConnection,
    ids: &[SponsorshipId],
    now: DateTime<Utc>,
    to_delete: bool,
) -> Result<(), sqlx::Error> {
    let set = if to_delete { ", to_delete = 1" } else { "" };
    let params = Params::of(conn);
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "UPDATE organization_sponsorships SET last_sync_date = {}{set} WHERE id IN ({})",
            params.list(1, 1),
            params.list(chunk.len(), 2)
        );
        let mut query = sqlx::query(&sql).bind(db::ts(now));
        for id in chunk {
            query = query.bind(id.to_string());
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Cloud: gives an offer nobody redeemed or revoked a new recipient (the
/// member offered to another address); false when it was redeemed or revoked.
pub async fn change_offer_recipient(
    conn: &mut AnyConnection,
    id: SponsorshipId,
    email: &str,
    friendly_name: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query(
        "UPDATE organization_sponsorships SET offered_to_email = $1, friendly_name = $2 \
         WHERE id = $3 AND sponsored_organization_id IS NULL AND to_delete = 0",
    )
    .bind(email)
    .bind(friendly_name)
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(changed.rows_affected() == 1)
}

/// Cloud: removes revoked offers: the ones nobody redeemed are deleted, the
/// ones redeemed meanwhile (PostgreSQL) are marked to end at ValidUntil.
pub async fn remove_revoked(
    conn: &mut AnyConnection,
    ids: &[SponsorshipId],
) -> Result<(), sqlx::Error> {
    let params = Params::of(conn);
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        let list = params.list(chunk.len(), 1);
        for sql in [
            format!("DELETE FROM organization_sponsorships WHERE id IN ({list}) AND sponsored_organization_id IS NULL"),
            // Only the redeemed ones are left to mark.
            format!("UPDATE organization_sponsorships SET to_delete = 1 WHERE id IN ({list})"),
        ] {
            let mut query = sqlx::query(&sql);
            for id in chunk {
                query = query.bind(id.to_string());
            }
            query.execute(&mut *conn).await?;
        }
    }
    Ok(())
}

/// Self-hosted: what the cloud's answer means for one sent row, kept until
/// the run applies it.
#[derive(Debug, Clone, PartialEq)]
pub struct StagedAnswer {
    pub sponsorship: SponsorshipId,
    pub kind: AnswerKind,
}

/// The change an answer makes to a sent row.
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerKind {
    /// The cloud removed it: the row is deleted.
    Removed,
    /// The cloud's dates, and ToDelete (only ever set).
    Synced {
        last_sync_date: Option<DateTime<Utc>>,
        valid_until: Option<DateTime<Utc>>,
        to_delete: bool,
    },
    /// A revoke the cloud never confirmed and did not answer for: it never
    /// held the offer, so the row goes if it is still that unconfirmed revoke.
    UnansweredRevoke,
}

/// Self-hosted: drops answers left by earlier runs of `org` that never
/// finished (a stopped replica); the run `run_id` starts with none.
pub async fn clear_stale_answers(
    pool: &Pool,
    org: OrganizationId,
    run_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM sponsorship_sync_answers WHERE run_id <> $1 AND run_id IN \
         (SELECT id FROM sponsorship_sync_runs WHERE organization_id = $2)",
    )
    .bind(run_id)
    .bind(org.to_string())
    .execute(pool)
    .await?;
    Ok(())
}

/// Self-hosted: keeps one batch's answers for the end of the run.
pub async fn stage_answers(
    pool: &Pool,
    run_id: &str,
    answers: &[StagedAnswer],
) -> Result<(), sqlx::Error> {
    let mut conn = pool.acquire().await?;
    insert_answers(&mut conn, run_id, answers).await
}

/// Self-hosted: keeps a batch's answers and marks the page after `after`
/// for sending (see [`super::mark_page_for_sending`]) in one transaction:
/// one commit per batch instead of two. Both statements write, so the
/// transaction holds SQLite's write lock from its start.
pub async fn stage_answers_and_mark_next_page(
    pool: &Pool,
    run_id: &str,
    answers: &[StagedAnswer],
    org: OrganizationId,
    after: SponsorshipId,
    limit: usize,
) -> Result<Vec<Sponsorship>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    insert_answers(&mut tx, run_id, answers).await?;
    let page = super::mark_page_for_sending(&mut *tx, org, Some(after), limit).await?;
    tx.commit().await?;
    Ok(page)
}

async fn insert_answers(
    conn: &mut AnyConnection,
    run_id: &str,
    answers: &[StagedAnswer],
) -> Result<(), sqlx::Error> {
    const COLUMNS: usize = 7;
    let params = Params::of(conn);
    for chunk in answers.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO sponsorship_sync_answers (run_id, sponsorship_id, answered, removed, last_sync_date, \
             valid_until, to_delete) VALUES {} \
             ON CONFLICT (run_id, sponsorship_id) DO UPDATE SET answered = excluded.answered, \
             removed = excluded.removed, last_sync_date = excluded.last_sync_date, \
             valid_until = excluded.valid_until, to_delete = excluded.to_delete",
            params.rows(chunk.len(), COLUMNS, 1)
        );
        let mut query = sqlx::query(&sql);
        for answer in chunk {
            let (answered, removed, last_sync, valid_until, to_delete) = match &answer.kind {
                AnswerKind::Removed => (true, true, None, None, false),
                AnswerKind::Synced {
                    last_sync_date,
                    valid_until,
                    to_delete,
                } => (true, false, *last_sync_date, *valid_until, *to_delete),
                AnswerKind::UnansweredRevoke => (false, false, None, None, false),
            };
            query = query
                .bind(run_id)
                .bind(answer.sponsorship.to_string())
                .bind(db::flag(answered))
                .bind(db::flag(removed))
                .bind(db::ts_opt(last_sync))
                .bind(db::ts_opt(valid_until))
                .bind(db::flag(to_delete));
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// What applying a run's answers changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Rows that took the cloud's dates (they still existed).
    pub updated: u64,
    /// Rows the cloud removed, and unconfirmed revokes deleted.
    pub removed: u64,
}

/// Self-hosted: applies every staged answer of a run in one transaction, to
/// the rows that still exist, field by field (a revoke made during the run
/// stays, a row deleted during the run stays deleted), and drops them.
pub async fn apply_staged_answers(pool: &Pool, run_id: &str) -> Result<Applied, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // The first statement writes, so the transaction holds SQLite's write
    // lock from the start (one that read first could not write later).
    sqlx::query(
        "DELETE FROM organization_sponsorships WHERE id IN \
         (SELECT sponsorship_id FROM sponsorship_sync_answers WHERE run_id = $1 AND removed = 1)",
    )
    .bind(run_id)
    .execute(&mut *tx)
    .await?;
    // Every removal the cloud reported counts, whether or not the row was
    // still there.
    let removed_by_cloud = db::get_int(
        &sqlx::query(
            "SELECT COUNT(*) AS n FROM sponsorship_sync_answers WHERE run_id = $1 AND removed = 1",
        )
        .bind(run_id)
        .fetch_one(&mut *tx)
        .await?,
        "n",
    )?;
    let updated = sqlx::query(
        "UPDATE organization_sponsorships AS s SET last_sync_date = a.last_sync_date, \
         valid_until = a.valid_until, to_delete = CASE WHEN a.to_delete = 1 THEN 1 ELSE s.to_delete END \
         FROM sponsorship_sync_answers AS a \
         WHERE a.run_id = $1 AND a.sponsorship_id = s.id AND a.answered = 1 AND a.removed = 0",
    )
    .bind(run_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let revokes = sqlx::query(
        "DELETE FROM organization_sponsorships WHERE to_delete = 1 AND last_sync_date IS NULL AND id IN \
         (SELECT sponsorship_id FROM sponsorship_sync_answers WHERE run_id = $1 AND answered = 0)",
    )
    .bind(run_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    sqlx::query("DELETE FROM sponsorship_sync_answers WHERE run_id = $1")
        .bind(run_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Applied {
        updated,
        removed: u64::try_from(removed_by_cloud).unwrap_or(0) + revokes,
    })
}

/// Self-hosted: drops a failed run's answers (nothing of it is applied).
pub async fn drop_answers(pool: &Pool, run_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sponsorship_sync_answers WHERE run_id = $1")
        .bind(run_id)
        .execute(pool)
        .await?;
    Ok(())
}
