//! Outgoing mail. Every message goes into the `mail_outbox` table first; a
//! delivery task sends it over SMTP when `globalSettings__mail__smtp__host`
//! is set (Bitwarden's names), retrying failures with back-off. Without SMTP
//! the messages stay in the outbox, which the demo shows at `/demo/outbox`.

pub mod store;
pub mod templates;

pub use store::{enqueue, enqueue_many, outbox, Email, OutboxEntry};

use crate::config::GlobalSettings;
use crate::db::{self, Pool};
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;
use tokio_util::sync::CancellationToken as CancelToken;

/// Delivery gives up after this many failed attempts (the error stays
/// visible): with [`retry_delay`] that is more than three days of retrying,
/// enough for a mail server's weekend outage.
const MAX_ATTEMPTS: i64 = 85;
/// The longest wait between two attempts.
const MAX_RETRY_DELAY_SECONDS: i64 = 3600;

/// How long to wait after the `attempts`-th failed attempt: doubling from
/// 2 s, capped at an hour.
pub fn retry_delay(attempts: i64) -> chrono::Duration {
    let exponent = u32::try_from(attempts.clamp(1, 12)).unwrap_or(12);
    chrono::Duration::seconds(2_i64.pow(exponent).min(MAX_RETRY_DELAY_SECONDS))
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

    /// How the connection is protected: `mail__smtp__ssl` is implicit TLS,
    /// `mail__smtp__startTls` requires STARTTLS, and with neither the
    /// connection still upgrades whenever the server offers STARTTLS.
    pub fn security(&self) -> SmtpSecurity {
        if self.ssl {
            SmtpSecurity::ImplicitTls
        } else if self.start_tls {
            SmtpSecurity::StartTls
        } else {
            SmtpSecurity::StartTlsWhenOffered
        }
    }

    fn transport(&self) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
        let builder = match self.security() {
            SmtpSecurity::ImplicitTls => AsyncSmtpTransport::<Tokio1Executor>::relay(&self.host)?,
            SmtpSecurity::StartTls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&self.host)?
            }
            SmtpSecurity::StartTlsWhenOffered => {
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&self.host)
                    .tls(Tls::Opportunistic(TlsParameters::new(self.host.clone())?))
            }
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

/// The protection of the SMTP connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// TLS from the first byte (`mail__smtp__ssl=true`).
    ImplicitTls,
    /// STARTTLS, refusing servers without it (`mail__smtp__startTls=true`).
    StartTls,
    /// STARTTLS when the server offers it, else plain (neither set).
    StartTlsWhenOffered,
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
        match deliver_due(&pool, &smtp, &transport).await {
            // A full page: more are waiting (a sync of thousands of offers), go on at once.
            Ok(looked_at) if looked_at >= store::DUE_PAGE => continue,
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "mail delivery round failed"),
        }
        if cancel.is_cancelled() {
            return;
        }
        tokio::select! {
            () = cancel.cancelled() => return,
            () = tokio::time::sleep(interval) => {}
        }
    }
}

/// Messages one replica sends at once (each over its own SMTP connection).
const PARALLEL_SENDS: usize = 8;

/// One round over the due messages; returns how many were due (a full
/// page means more may wait). Several replicas may deliver at once: each
/// message is claimed first (a compare-and-set on its due time, the lease
/// of one message), so each is sent by one replica.
async fn deliver_due(
    pool: &Pool,
    smtp: &SmtpSettings,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
) -> anyhow::Result<usize> {
    let now = db::now();
    let due = store::due(pool, MAX_ATTEMPTS, now).await?;
    let looked_at = due.len();
    let mut sending = tokio::task::JoinSet::new();
    for queued in due {
        // Claim the message so another replica does not send it too.
        let until = now + chrono::Duration::minutes(5);
        if !store::claim(pool, &queued, until).await? {
            continue;
        }
        if sending.len() >= PARALLEL_SENDS {
            if let Some(sent) = sending.join_next().await {
                sent??;
            }
        }
        let (pool, smtp, transport) = (pool.clone(), smtp.clone(), transport.clone());
        sending.spawn(async move { deliver_one(&pool, &smtp, &transport, queued).await });
    }
    while let Some(sent) = sending.join_next().await {
        sent??;
    }
    Ok(looked_at)
}

/// Sends one claimed message and records the outcome.
async fn deliver_one(
    pool: &Pool,
    smtp: &SmtpSettings,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    queued: store::Queued,
) -> anyhow::Result<()> {
    let attempts = queued.attempts + 1;
    match send(smtp, transport, &queued.email).await {
        Ok(()) => store::mark_sent(pool, &queued.id, attempts).await?,
        Err(e) => {
            tracing::warn!(error = %e, attempt = attempts, "sending mail failed; will retry");
            let retry_at = db::now() + retry_delay(attempts);
            store::mark_failed(pool, &queued.id, attempts, &e.to_string(), retry_at).await?;
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

/// GET /demo/outbox — the outbox as a page (only with `--demo-outbox`, and
/// only to clients on this machine: it shows redeem links, and registration
/// does not verify e-mail addresses).
#[utoipa::path(get, path = "/demo/outbox", tag = "demo",
    responses((status = 200, description = "the last 100 mails with their redeem links, as a page", body = String, content_type = "text/html"),
              (status = 404, description = "not started with `--demo-outbox`, or a client that is not on loopback", body = wire::ErrorResponse)))]
pub async fn outbox_page(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    crate::limits::ClientIp(ip): crate::limits::ClientIp,
) -> Result<axum::response::Response, crate::error::ApiError> {
    if !state.demo_outbox || !ip.is_some_and(|ip| ip.is_loopback()) {
        return Err(crate::error::ApiError::NotFound);
    }
    let entries = outbox(&state.db, 100).await?;
    // Its own policy: the page's style is inline, and nothing may run or frame it.
    let policy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
    Ok(axum::response::IntoResponse::into_response((
        [(axum::http::header::CONTENT_SECURITY_POLICY, policy)],
        axum::response::Html(templates::outbox_page(&entries)),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivery_retries_for_more_than_three_days_with_capped_waits() {
        let waits: Vec<_> = (1..MAX_ATTEMPTS).map(retry_delay).collect();
        let total: chrono::Duration = waits.iter().copied().sum();
        assert!(total >= chrono::Duration::days(3), "{total}");
        assert!(total <= chrono::Duration::days(4), "{total}");
        assert_eq!(
            waits[0],
            chrono::Duration::seconds(2),
            "the first retry is quick"
        );
        assert!(waits
            .iter()
            .all(|w| *w <= chrono::Duration::seconds(MAX_RETRY_DELAY_SECONDS)));
    }

    #[test]
    fn smtp_is_never_plaintext_by_choice() {
        let smtp = |pairs: &str| {
            let raw = crate::config::parse_env_file(&format!(
                "globalSettings__mail__smtp__host=mail.test\n{pairs}"
            ));
            SmtpSettings::from_settings(&GlobalSettings::from_values(raw).unwrap())
                .unwrap()
                .unwrap()
        };
        assert_eq!(smtp("").security(), SmtpSecurity::StartTlsWhenOffered);
        assert_eq!(
            smtp("globalSettings__mail__smtp__startTls=true").security(),
            SmtpSecurity::StartTls
        );
        assert_eq!(
            smtp("globalSettings__mail__smtp__ssl=true").security(),
            SmtpSecurity::ImplicitTls
        );
        let debug = format!("{:?}", smtp("globalSettings__mail__smtp__password=pw-789"));
        assert!(!debug.contains("pw-789"), "{debug}");
    }
}
