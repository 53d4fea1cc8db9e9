//! Message templates. Plain text plus a minimal HTML part; every value that
//! comes from users is HTML-escaped.

use super::store::{Email, OutboxEntry};

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The Families sponsorship offer (Bitwarden's subject and category).
/// `has_account` picks between "log in" and "create an account" wording.
pub fn families_offer(to: &str, sponsor_org: &str, link: &str, has_account: bool) -> Email {
    let action = if has_account {
        "Log in with this e-mail address and accept the offer"
    } else {
        "Create a Bitwarden account with this e-mail address and accept the offer"
    };
    let text = format!(
        "{sponsor_org} offers you a free Bitwarden Families organization.\n\n\
         {action}:\n{link}\n\n\
         You can apply the offer to a new Families organization or to one you already own.\n"
    );
    let html = format!(
        "<p><strong>{org}</strong> offers you a free Bitwarden Families organization.</p>\
         <p><a href=\"{link}\">{action}</a></p>\
         <p>You can apply the offer to a new Families organization or to one you already own.</p>",
        org = escape(sponsor_org),
        link = escape(link),
        action = escape(action),
    );
    Email {
        to: to.to_owned(),
        subject: "Accept your Sponsored Families Plan".into(),
        text,
        html,
        category: "FamiliesForEnterpriseOffer",
        regarding: None,
    }
}

/// The demo's outbox page: every message with its status and body.
pub fn outbox_page(entries: &[OutboxEntry]) -> String {
    let rows: String = entries
        .iter()
        .map(|e| {
            let status = match (&e.sent_at, &e.last_error) {
                (Some(at), _) => format!("sent {}", escape(at)),
                (None, Some(error)) => format!("not sent after {} attempt(s): {}", e.attempts, escape(error)),
                (None, None) => "kept in the outbox (no SMTP server configured)".to_owned(),
            };
            format!(
                "<article class=\"mail\"><h2>{subject}</h2><p class=\"meta\">To <strong>{to}</strong> · {created} · {status}</p>\
                 <div class=\"body\">{body}</div></article>",
                subject = escape(&e.subject),
                to = escape(&e.recipient),
                created = escape(&e.created_at),
                body = e.body_html,
            )
        })
        .collect();
    let empty = if entries.is_empty() {
        "<p>No mail yet. Offers are e-mailed when a self-hosted server syncs them, or when a cloud member offers one.</p>"
    } else {
        ""
    };
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Mail outbox</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:760px;margin:2rem auto;padding:0 1rem;color:#1b1b1b}}\
         .mail{{border:1px solid #d0d7de;border-radius:8px;padding:1rem;margin:1rem 0}}.meta{{color:#555;font-size:.9rem}}\
         a{{color:#175ddc}}</style></head><body><h1>Mail outbox</h1>\
         <p>Messages this server sent or would send. Open a link to continue as the recipient.</p>{empty}{rows}</body></html>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_values_are_escaped_in_html() {
        let email = families_offer(
            "a@x.io",
            "<script>Acme</script>",
            "https://v/#/x?a=1&b=2",
            false,
        );
        assert!(email.html.contains("&lt;script&gt;Acme&lt;/script&gt;"));
        assert!(email.html.contains("a=1&amp;b=2"));
        assert!(email.text.contains("https://v/#/x?a=1&b=2"));
        assert!(email.text.contains("Create a Bitwarden account"));
    }
}
