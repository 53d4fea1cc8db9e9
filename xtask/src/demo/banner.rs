//! The box `cargo xtask demo` prints once both servers are up: URLs, logins,
//! where the mail and the settings are, and a walkthrough of the product.

use super::pairing::Pairing;
use super::{CLOUD_URL, EXAMPLE_HOST_URL, SELF_HOSTED_URL, SPONSORSHIP_SYNC_INTERVAL_SECS, USERS};
use std::path::Path;

/// Every line of the box, without the frame.
pub fn lines(pairing: &Pairing, demo_dir: &Path) -> Vec<String> {
    let id = &pairing.installation.id;
    let minutes = SPONSORSHIP_SYNC_INTERVAL_SECS / 60;
    let mut lines = vec![
        "Billing Sync demo".to_string(),
        String::new(),
        format!("cloud        {CLOUD_URL}"),
        format!("self-hosted  {SELF_HOSTED_URL}  (installation {id})"),
        format!("example host {EXAMPLE_HOST_URL}/  (a vault page embedding the module)"),
        String::new(),
        "logins (same on both servers; Acme org on the cloud):".to_string(),
    ];
    for u in &USERS {
        lines.push(format!(
            "  {:<17} {:<16} {:<13} {}",
            u.email, u.password, u.name, u.kdf
        ));
    }
    lines.extend([
        String::new(),
        "no SMTP server: e-mails land in each server's outbox page".to_string(),
        format!("  cloud outbox        {CLOUD_URL}/demo/outbox"),
        format!("  self-hosted outbox  {SELF_HOSTED_URL}/demo/outbox"),
        "self-hosted settings (bwdata/env/global.override.env):".to_string(),
        format!("  {}", pairing.self_hosted_env.display()),
        format!(
            "sponsorship sync: every {minutes} min in the demo (Bitwarden: daily; \
             --sponsorship-sync-interval)"
        ),
        String::new(),
        "try this:".to_string(),
        format!("1. cloud {CLOUD_URL}, log in as owner@acme.test → product switcher →"),
        "   Admin Console → Billing → Subscription → Self-hosting → Download license".to_string(),
        "   (installation id".to_string(),
        format!("   {id});"),
        "   then Set up billing sync → Generate token → copy the token".to_string(),
        format!("2. self-hosted {SELF_HOSTED_URL}, log in as owner@acme.test →"),
        "   New organization → upload the license file → Automatic sync →".to_string(),
        "   Manage billing sync → paste the token → Save → Sync license".to_string(),
        "3. self-hosted as alice@acme.test: Settings → Free Bitwarden Families → offer it to"
            .to_string(),
        "   a personal address (e.g. alice@home.test) → Pending sync; then as".to_string(),
        format!("   owner: Billing → Subscription → Sync now (or wait {minutes} min)"),
        format!("4. open the cloud outbox {CLOUD_URL}/demo/outbox, follow the"),
        "   offer's link, create the account, accept into a new Families org".to_string(),
        "5. self-hosted as owner: Sync now → alice's sponsorship is Active".to_string(),
        String::new(),
        format!("data and logs: {}/<role>/", demo_dir.display()),
        "Ctrl-C stops both servers.".to_string(),
    ]);
    lines
}

/// Prints `lines` in a frame.
pub fn print(lines: &[String]) {
    let width = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    println!("\n┌{}┐", "─".repeat(width + 2));
    for line in lines {
        println!("│ {line:<width$} │");
    }
    println!("└{}┘", "─".repeat(width + 2));
}

#[cfg(test)]
mod tests {
    use super::super::pairing::Installation;
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn the_box_shows_urls_outbox_settings_and_walkthrough() {
        let pairing = Pairing {
            installation: Installation {
                id: "6f1c2b0e-0000-4000-8000-000000000001".to_string(),
                key: "secret-key".to_string(),
            },
            cloud_env: PathBuf::from("/demo/cloud/global.override.env"),
            self_hosted_env: PathBuf::from("/demo/self-hosted/global.override.env"),
        };
        let text = lines(&pairing, Path::new("/demo")).join("\n");
        for needle in [
            "http://127.0.0.1:8080",
            "http://127.0.0.1:8090",
            "http://127.0.0.1:8070/",
            "http://127.0.0.1:8080/demo/outbox",
            "/demo/self-hosted/global.override.env",
            "(installation id\n   6f1c2b0e-0000-4000-8000-000000000001);",
            "Generate token",
            "Sync license",
            "Free Bitwarden Families",
            "every 5 min",
            "5. self-hosted as owner: Sync now",
        ] {
            assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
        }
        assert!(
            !text.contains("secret-key"),
            "the key stays in the env file"
        );
    }
}
