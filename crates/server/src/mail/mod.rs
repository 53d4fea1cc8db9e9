//! Outgoing mail. Every message goes into the `mail_outbox` table first; a
//! delivery task sends it over SMTP when `globalSettings__mail__smtp__host`
//! is set (Bitwarden's names), retrying failures with back-off. Without SMTP
//! the messages stay in the outbox, which the demo shows at `/demo/outbox`.

pub mod templates;

use crate::config::GlobalSettings;
use crate::db::{self, Pool};
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::Row;
use std::time::Duration;
use tokio_util::sync::CancellationToken as CancelToken;

/// Delivery gives up after this many failed attempts (the error stays visible).
const MAX_ATTEMPTS: i64 = 10;

/// A message to send.
#[derive(Clone, Debug)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub category: &'static str,
}

/// SMTP settings (Bitwarden's `globalSettings__mail__…`).
#[derive(Clone, Debug)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub ssl: bool,
    pub start_tls: bool,
    pub username: Option<String>,
    pub password: Option<wire::Secret>,
    pub from: String,
}

impl SmtpSettings {
    /// SMTP settings, if a host is configured.
    pub fn from_settings(settings: &GlobalSettings) -> anyhow::Result<Option<Self>> {
        let Some(host) = settings.get("mail__smtp__host") else {
            return Ok(None);
        };
        let flag = |name: &str| {
            settings
                .get(name)
                .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        };
        let port = match settings.get("mail__smtp__port") {
            None => 25,
            Some(p) => p.parse().map_err(|_| {
                anyhow::anyhow!("globalSettings__mail__smtp__port must be a port number, not {p:?}")
            })?,
        };
        Ok(Some(Self {
            host: host.to_owned(),
            port,
            ssl: flag("mail__smtp__ssl"),
            start_tls: flag("mail__smtp__startTls"),
            username: settings.get("mail__smtp__username").map(str::to_owned),
            password: settings.get("mail__smtp__password").map(wire::Secret::new),
            from: settings
                .get("mail__replyToEmail")
                .unwrap_or("no-reply@billing-sync.localhost")
                .to_owned(),
        }))
    }

    fn transport(&self) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
        let builder = if self.ssl {
            AsyncSmtpTransport::<Tokio1Executor>::relay(&self.host)?
        } else if self.start_tls {
            AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&self.host)?
        } else {
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&self.host)
        };
        let builder = builder
            .port(self.port)
            .timeout(Some(Duration::from_secs(20)));
        let builder = match (&self.username, &self.password) {
            (Some(user), Some(password)) => {
                builder.credentials(Credentials::new(user.clone(), password.expose().to_owned()))
            }
            _ => builder,
        };
        Ok(builder.build())
    }
}

/// Queues a message; it is delivered by the delivery task (or kept in the outbox).
pub async fn enqueue(pool: &Pool, email: &Email) -> Result<(), sqlx::Error> {
    let now = db::ts(db::now());
    sqlx::query(
        "INSERT INTO mail_outbox (id, recipient, subject, body_text, body_html, category, created_at, attempts, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $7)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(&email.to)
    .bind(&email.subject)
    .bind(&email.text)
    .bind(&email.html)
    .bind(email.category)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}

/// Runs until `cancel` fires: delivers pending messages every `interval`.
pub async fn deliver_forever(
    pool: Pool,
    smtp: SmtpSettings,
    interval: Duration,
    cancel: CancelToken,
) {
    let transport = match smtp.transport() {
        Ok(t) => t,
        Err(e) => {
            tracing::error!(error = %e, host = %smtp.host, "SMTP is misconfigured; mail stays in the outbox");
            return;
        }
    };
    loop {
        if let Err(e) = deliver_due(&pool, &smtp, &transport).await {
            tracing::warn!(error = %e, "mail delivery round failed");
        }
        tokio::select! {
            () = cancel.cancelled() => return,
            () = tokio::time::sleep(interval) => {}
        }
    }
}

async fn deliver_due(
    pool: &Pool,
    smtp: &SmtpSettings,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
) -> anyhow::Result<()> {
    let now = db::now();
    let rows = sqlx::query(
        "SELECT id, recipient, subject, body_text, body_html, attempts, next_attempt_at FROM mail_outbox \
         WHERE sent_at IS NULL AND attempts < $1 AND next_attempt_at <= $2 ORDER BY created_at LIMIT 50",
    )
    .bind(MAX_ATTEMPTS)
    .bind(db::ts(now))
    .fetch_all(pool)
    .await?;
    for row in rows {
        let id: String = row.try_get("id")?;
        let due: String = row.try_get("next_attempt_at")?;
        let attempts: i64 = row.try_get("attempts")?;
        // Claim the message so another replica does not send it too.
        let claimed = sqlx::query(
            "UPDATE mail_outbox SET next_attempt_at = $1 WHERE id = $2 AND next_attempt_at = $3",
        )
        .bind(db::ts(now + chrono::Duration::minutes(5)))
        .bind(&id)
        .bind(&due)
        .execute(pool)
        .await?;
        if claimed.rows_affected() != 1 {
            continue;
        }
        let email = Email {
            to: row.try_get("recipient")?,
            subject: row.try_get("subject")?,
            text: row.try_get("body_text")?,
            html: row.try_get("body_html")?,
            category: "",
        };
        match send(smtp, transport, &email).await {
            Ok(()) => {
                sqlx::query("UPDATE mail_outbox SET sent_at = $1, attempts = $2, last_error = NULL WHERE id = $3")
                    .bind(db::ts(db::now()))
                    .bind(attempts + 1)
                    .bind(&id)
                    .execute(pool)
                    .await?;
            }
            Err(e) => {
                let backoff = chrono::Duration::seconds(
                    2_i64
                        .pow(u32::try_from(attempts + 1).unwrap_or(10))
                        .min(3600),
                );
                tracing::warn!(error = %e, attempt = attempts + 1, "sending mail failed; will retry");
                sqlx::query("UPDATE mail_outbox SET attempts = $1, last_error = $2, next_attempt_at = $3 WHERE id = $4")
                    .bind(attempts + 1)
                    .bind(e.to_string())
                    .bind(db::ts(db::now() + backoff))
                    .bind(&id)
                    .execute(pool)
                    .await?;
            }
        }
    }
    Ok(())
}

async fn send(
    smtp: &SmtpSettings,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    email: &Email,
) -> anyhow::Result<()> {
    let from: Mailbox = format!("Billing Sync <{}>", smtp.from).parse()?;
    let message = Message::builder()
        .from(from)
        .to(email.to.parse()?)
        .subject(&email.subject)
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(email.text.clone()),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(email.html.clone()),
                ),
        )?;
    transport.send(message).await?;
    Ok(())
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

/// The demo outbox page's route (both roles; it answers only with `--demo-outbox`).
pub fn router() -> utoipa_axum::router::OpenApiRouter<crate::state::AppState> {
    utoipa_axum::router::OpenApiRouter::new().routes(utoipa_axum::routes!(outbox_page))
}

/// GET /demo/outbox — the outbox as a page (only with `--demo-outbox`).
#[utoipa::path(get, path = "/demo/outbox", tag = "demo",
    responses((status = 200, description = "the last 100 mails with their redeem links, as a page", body = String, content_type = "text/html"),
              (status = 404, description = "not started with `--demo-outbox`", body = wire::ErrorResponse)))]
pub async fn outbox_page(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
) -> Result<axum::response::Html<String>, crate::error::ApiError> {
    if !state.demo_outbox {
        return Err(crate::error::ApiError::NotFound);
    }
    let entries = outbox(&state.db, 100).await?;
    Ok(axum::response::Html(templates::outbox_page(&entries)))
}
