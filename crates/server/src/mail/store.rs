//! The `mail_outbox` table: queued messages, their delivery attempts and
//! errors.

use crate::db::{self, Pool};
use chrono::{DateTime, Utc};
use sqlx::Row;

/// A message to send. Its `Debug` shows recipient and subject only: the
/// bodies carry redeem links.
#[derive(Clone)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub category: &'static str,
    /// The id of the row the mail is about (a sponsorship), so its sender
    /// can see whether it was delivered.
    pub regarding: Option<String>,
}

impl std::fmt::Debug for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Email")
            .field("to", &self.to)
            .field("subject", &self.subject)
            .field("category", &self.category)
            .finish_non_exhaustive()
    }
}

/// Queues a message; it is delivered by the delivery task (or kept in the
/// outbox). Pass a transaction to queue it together with the rows it is about.
pub async fn enqueue<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    executor: E,
    email: &Email,
) -> Result<(), sqlx::Error> {
    let now = db::ts(db::now());
    sqlx::query(
        "INSERT INTO mail_outbox (id, recipient, subject, body_text, body_html, category, created_at, attempts, next_attempt_at, regarding) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $7, $8)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(&email.to)
    .bind(&email.subject)
    .bind(&email.text)
    .bind(&email.html)
    .bind(email.category)
    .bind(now)
    .bind(&email.regarding)
    .execute(executor)
    .await?;
    Ok(())
}

/// Queues many messages, many per statement (a sync batch's offers), in
/// the caller's transaction.
pub async fn enqueue_many(
    conn: &mut sqlx::AnyConnection,
    emails: &[Email],
) -> Result<(), sqlx::Error> {
    const COLUMNS: usize = 9;
    let now = db::ts(db::now());
    let params = db::Params::of(conn);
    for chunk in emails.chunks(db::ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO mail_outbox (id, recipient, subject, body_text, body_html, category, created_at, attempts, \
             next_attempt_at, regarding) VALUES {}",
            values_with_zero_attempts(params, chunk.len(), COLUMNS)
        );
        let mut query = sqlx::query(&sql);
        for email in chunk {
            query = query
                .bind(uuid::Uuid::new_v4().to_string())
                .bind(email.to.clone())
                .bind(email.subject.clone())
                .bind(email.text.clone())
                .bind(email.html.clone())
                .bind(email.category)
                .bind(now.clone())
                .bind(now.clone())
                .bind(email.regarding.clone());
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// `($1, …, $7, 0, $8, $9), …`: each row's values with `attempts` = 0 after
/// the seventh.
fn values_with_zero_attempts(params: db::Params, rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|row| {
            let first = row * columns + 1;
            format!(
                "({}, 0, {})",
                params.list(7, first),
                params.list(columns - 7, first + 7)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A queued message due for delivery.
pub struct Queued {
    pub id: String,
    pub email: Email,
    pub attempts: i64,
    /// The stored due time, as written (claiming compares it).
    due: String,
}

/// How many due messages one delivery round looks at.
pub const DUE_PAGE: usize = 50;

/// Unsent messages due by `now` with fewer than `max_attempts` attempts
/// (at most [`DUE_PAGE`], oldest first).
pub async fn due(
    pool: &Pool,
    max_attempts: i64,
    now: DateTime<Utc>,
) -> Result<Vec<Queued>, sqlx::Error> {
    sqlx::query(
        "SELECT id, recipient, subject, body_text, body_html, attempts, next_attempt_at FROM mail_outbox \
         WHERE sent_at IS NULL AND attempts < $1 AND next_attempt_at <= $2 ORDER BY created_at LIMIT $3",
    )
    .bind(max_attempts)
    .bind(db::ts(now))
    .bind(i64::try_from(DUE_PAGE).unwrap_or(50))
    .fetch_all(pool)
    .await?
    .iter()
    .map(|row| {
        Ok(Queued {
            id: row.try_get("id")?,
            email: Email {
                to: row.try_get("recipient")?,
                subject: row.try_get("subject")?,
                text: row.try_get("body_text")?,
                html: row.try_get("body_html")?,
                category: "",
                regarding: None,
            },
            attempts: row.try_get("attempts")?,
            due: row.try_get("next_attempt_at")?,
        })
    })
    .collect()
}

/// Takes the message for this replica until `until`; false when another got it first.
pub async fn claim(
    pool: &Pool,
    queued: &Queued,
    until: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let claimed = sqlx::query(
        "UPDATE mail_outbox SET next_attempt_at = $1 WHERE id = $2 AND next_attempt_at = $3",
    )
    .bind(db::ts(until))
    .bind(&queued.id)
    .bind(&queued.due)
    .execute(pool)
    .await?;
    Ok(claimed.rows_affected() == 1)
}

/// Records a delivery after `attempts` attempts.
pub async fn mark_sent(pool: &Pool, id: &str, attempts: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE mail_outbox SET sent_at = $1, attempts = $2, last_error = NULL WHERE id = $3",
    )
    .bind(db::ts(db::now()))
    .bind(attempts)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Records a failed attempt and when to retry.
pub async fn mark_failed(
    pool: &Pool,
    id: &str,
    attempts: i64,
    error: &str,
    retry_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE mail_outbox SET attempts = $1, last_error = $2, next_attempt_at = $3 WHERE id = $4",
    )
    .bind(attempts)
    .bind(error)
    .bind(db::ts(retry_at))
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Whether the newest mail about `regarding` is undelivered after a failed
/// attempt (it is still being retried, or delivery gave up).
pub async fn last_delivery_failed(pool: &Pool, regarding: &str) -> Result<bool, sqlx::Error> {
    let row = sqlx::query(
        "SELECT sent_at, last_error FROM mail_outbox WHERE regarding = $1 ORDER BY created_at DESC LIMIT 1",
    )
    .bind(regarding)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Ok(false);
    };
    let sent_at: Option<String> = row.try_get("sent_at")?;
    let last_error: Option<String> = row.try_get("last_error")?;
    Ok(sent_at.is_none() && last_error.is_some())
}

/// Deletes outbox messages created before `before` (a retention longer than
/// delivery's days of retrying). Their bodies hold redeem links, which
/// should not outlive their use.
pub async fn purge(pool: &Pool, before: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    let result = sqlx::query("DELETE FROM mail_outbox WHERE created_at < $1")
        .bind(db::ts(before))
        .execute(pool)
        .await?;
    Ok(result.rows_affected())
}

/// One outbox entry, for the demo page.
pub struct OutboxEntry {
    pub recipient: String,
    pub subject: String,
    pub body_html: String,
    pub created_at: String,
    pub sent_at: Option<String>,
    pub attempts: i64,
    pub last_error: Option<String>,
}

/// The newest outbox entries.
pub async fn outbox(pool: &Pool, limit: i64) -> Result<Vec<OutboxEntry>, sqlx::Error> {
    sqlx::query(
        "SELECT recipient, subject, body_html, created_at, sent_at, attempts, last_error FROM mail_outbox \
         ORDER BY created_at DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|row| {
        Ok(OutboxEntry {
            recipient: row.try_get("recipient")?,
            subject: row.try_get("subject")?,
            body_html: row.try_get("body_html")?,
            created_at: row.try_get("created_at")?,
            sent_at: row.try_get("sent_at")?,
            attempts: row.try_get("attempts")?,
            last_error: row.try_get("last_error")?,
        })
    })
    .collect()
}
