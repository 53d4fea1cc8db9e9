//! Outgoing mail. Every message goes into the `mail_outbox` table first; a
//! delivery task sends it over SMTP when `globalSettings__mail__smtp__host`
//! is set (Bitwarden's names), retrying failures with back-off. Without SMTP
//! the messages stay in the outbox, which the demo shows at `/demo/outbox`.

pub mod store;
pub mod templates;

pub use store::{enqueue, outbox, Email, OutboxEntry};

use crate::config::GlobalSettings;
use crate::db::{self, Pool};
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;
use tokio_util::sync::CancellationToken as CancelToken;

/// Delivery gives up after this many failed attempts (the error stays visible).
const MAX_ATTEMPTS: i64 = 10;

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
    for queued in store::due(pool, MAX_ATTEMPTS, now).await? {
        // Claim the message so another replica does not send it too.
        let until = now + chrono::Duration::minutes(5);
        if !store::claim(pool, &queued, until).await? {
            continue;
        }
        let attempts = queued.attempts + 1;
        match send(smtp, transport, &queued.email).await {
            Ok(()) => store::mark_sent(pool, &queued.id, attempts).await?,
            Err(e) => {
                let backoff = chrono::Duration::seconds(
                    2_i64.pow(u32::try_from(attempts).unwrap_or(10)).min(3600),
                );
                tracing::warn!(error = %e, attempt = attempts, "sending mail failed; will retry");
                let retry_at = db::now() + backoff;
                store::mark_failed(pool, &queued.id, attempts, &e.to_string(), retry_at).await?;
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
