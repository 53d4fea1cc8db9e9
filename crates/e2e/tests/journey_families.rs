//! Journeys 5 and 6 across a self-hosted server, the cloud and a loopback
//! SMTP server: a member of the self-hosted Acme offers her Free Bitwarden
//! Families sponsorship (Pending sync, also in Dutch), the owner runs Sync
//! now, the cloud e-mails the offer, the recipient opens the link, creates
//! her account and redeems the offer into a new Families organization, and
//! after the next sync the sponsor sees Active.

use anyhow::Context;
use billing_sync_e2e::smtp::SmtpSink;
use billing_sync_e2e::{
    journey_in, log_in, open_subscription, Browser, CloudAndSelfHosted, PASSWORD,
};
use std::time::Duration;

const RECIPIENT: &str = "rita@family.test";
const RITA_PASSWORD: &str = "rita's family vault 2024";
const ROW_STATUS: &str =
    ".sponsorship-row[data-friendly-name=\"rita@family.test\"] .sponsorship-status";

/// The element's whole text, trimmed, equals `expected` (waits for it first).
async fn exact(browser: &Browser, css: &str, expected: &str) -> anyhow::Result<()> {
    browser.wait_for_text(css, expected).await?;
    let text = browser.text(css).await?;
    anyhow::ensure!(
        text.trim() == expected,
        "{css} reads {text:?}, not {expected:?}"
    );
    Ok(())
}

/// Scrolls the element to the top of the viewport (before a screenshot).
async fn scroll_to(browser: &Browser, css: &str) -> anyhow::Result<()> {
    browser.find(css).await?;
    browser
        .client
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({block: 'start'});",
            vec![css.into()],
        )
        .await?;
    Ok(())
}

/// Alice's row status after reloading her Families page.
async fn reload_families(browser: &Browser) -> anyhow::Result<()> {
    browser.client.refresh().await?;
    browser.find("#families-page").await?;
    browser.find("#sponsorships-table").await?;
    Ok(())
}

#[tokio::test]
async fn offer_sync_email_redeem_and_active() -> anyhow::Result<()> {
    let smtp = SmtpSink::start().await;
    let smtp_port = smtp.port.to_string();
    let pair = CloudAndSelfHosted::start_with(
        |cloud| {
            vec![
                ("mail__smtp__host".into(), "127.0.0.1".into()),
                ("mail__smtp__port".into(), smtp_port.clone()),
                ("baseServiceUri__vault".into(), cloud.to_owned()),
            ]
        },
        &[],
    )
    .await?;
    let (cloud, self_hosted) = (&pair.cloud, &pair.self_hosted);
    let org = pair.create_org_with_billing_sync().await?;
    self_hosted.add_user("alice@acme.test", "Alice Member")?;
    self_hosted.cli(&[
        "org",
        "add-member",
        "--org",
        &org,
        "--email",
        "alice@acme.test",
        "--role",
        "user",
    ])?;

    let alice = Browser::start().await?;
    let owner = Browser::start().await?;
    let rita = Browser::start().await?;
    let browsers = [("alice", &alice), ("owner", &owner), ("rita", &rita)];
    journey_in(
        "families_redeem",
        &[cloud, self_hosted],
        &browsers,
        || async {
            // Alice offers her sponsorship on the self-hosted server.
            log_in(&alice, &self_hosted.base, "alice@acme.test", PASSWORD).await?;
            alice.click("#nav-settings").await?;
            alice.click("#nav-sponsored-families").await?;
            alice.find("#families-page").await?;
            anyhow::ensure!(
                alice.value("#sponsor-org").await? == org,
                "Acme, the only sponsoring organization, is preselected"
            );
            // Her own address is refused next to the field.
            alice.fill("#sponsor-email", "alice@acme.test").await?;
            alice.click("#sponsor-submit").await?;
            let refused = alice.wait_for_text("#sponsor-email-error", "").await?;
            anyhow::ensure!(!refused.trim().is_empty(), "an error under the e-mail");
            eprintln!("own e-mail refused: {refused:?}");
            alice.check_screen("j6-00-offer-own-email").await?;
            alice.fill("#sponsor-email", RECIPIENT).await?;
            alice.click("#sponsor-submit").await?;
            exact(&alice, ROW_STATUS, "Pending sync").await?;
            anyhow::ensure!(!alice.exists("#sponsor-error").await, "no offer error");
            alice.check_screen("j6-01-families-pending").await?;
            // The same status in Dutch, exactly as the seed words it.
            alice.click("#lang-nl").await?;
            exact(&alice, ROW_STATUS, "In afwachting van synchronisatie").await?;
            alice.check_screen("j6-02-families-pending-nl").await?;
            alice.click("#lang-en").await?;
            exact(&alice, ROW_STATUS, "Pending sync").await?;
            anyhow::ensure!(
                smtp.messages().is_empty(),
                "no e-mail before the offer is synced"
            );

            // The owner: Billing → Subscription → sponsorship sync → Sync now.
            log_in(&owner, &self_hosted.base, "owner@acme.test", PASSWORD).await?;
            open_subscription(&owner, "Acme").await?;
            owner.find("#sponsorship-sync").await?;
            exact(&owner, "#last-sponsorship-sync", "Never").await?;
            owner.click("#sync-now").await?;
            let result = owner
                .wait_for_text("#sync-now-result", "1 sponsorship sent to the cloud")
                .await?;
            eprintln!("first sync: {result:?}");
            anyhow::ensure!(!owner.exists("#sync-now-error").await, "no sync error");
            owner.find("#sync-runs-chart").await?;
            owner
                .wait_for_attr("#last-sponsorship-sync", "data-never", "false")
                .await?;
            scroll_to(&owner, "#sponsorship-sync").await?;
            owner.check_screen("j6-03-sync-result").await?;

            // Alice: the offer has left the server.
            reload_families(&alice).await?;
            exact(&alice, ROW_STATUS, "Sent").await?;

            // The cloud e-mailed the offer to Rita.
            let mails = smtp
                .wait_for_within(1, Duration::from_secs(20))
                .await
                .context("the cloud sent no offer e-mail within 20 s")?;
            anyhow::ensure!(mails.len() == 1, "one e-mail: {}", mails.len());
            let mail = &mails[0];
            anyhow::ensure!(mail.to == [RECIPIENT], "sent to Rita: {:?}", mail.to);
            anyhow::ensure!(
                mail.subject().as_deref() == Some("Accept your Sponsored Families Plan"),
                "subject {:?}",
                mail.subject()
            );
            let prefix = format!("{}/#/accept-families-for-enterprise?token=", cloud.base);
            let link = mail.link_starting_with(&prefix).with_context(|| {
                format!("no {prefix}… link in the e-mail:\n{}", mail.unfolded())
            })?;
            anyhow::ensure!(
                link.contains("&register=true"),
                "Rita has no account: the link asks to register ({link})"
            );

            // Rita opens the link: create the account, then redeem into a new Families org.
            rita.goto(&link).await?;
            rita.find("#redeem-page").await?;
            anyhow::ensure!(
                rita.value("#register-email").await? == RECIPIENT,
                "the e-mail comes from the link"
            );
            rita.check_screen("j6-04-redeem-register").await?;
            // Too short and not repeated the same: both fields say so.
            rita.fill("#register-password", "short").await?;
            rita.fill("#register-password-confirm", "shorter").await?;
            rita.click("#register-submit").await?;
            let too_short = rita.wait_for_text("#register-password-error", "12").await?;
            let mismatch = rita
                .wait_for_text("#register-password-confirm-error", "")
                .await?;
            eprintln!("register errors: {too_short:?}, {mismatch:?}");
            rita.check_screen("j6-04b-register-errors").await?;
            rita.fill("#register-name", "Rita Family").await?;
            rita.fill("#register-password", RITA_PASSWORD).await?;
            rita.fill("#register-password-confirm", RITA_PASSWORD)
                .await?;
            rita.click("#register-submit").await?;
            rita.wait_for_any(&["#redeem-org-select", "#register-error"])
                .await?;
            if rita.exists("#register-error").await {
                anyhow::bail!(
                    "registration refused: {}",
                    rita.text("#register-error").await?
                );
            }
            rita.find("#redeem-org-select")
                .await?
                .select_by_value("createNew")
                .await?;
            rita.fill("#redeem-new-org-name", "Rita's family").await?;
            rita.check_screen("j6-05-redeem-offer").await?;
            rita.click("#redeem-submit").await?;
            rita.wait_for_any(&["#redeem-success", "#redeem-error"])
                .await?;
            if rita.exists("#redeem-error").await {
                anyhow::bail!("redeem refused: {}", rita.text("#redeem-error").await?);
            }
            rita.wait_for_text("#redeem-success", "Rita's family")
                .await?;
            rita.check_screen("j6-06-redeemed").await?;

            // The owner syncs again: today's bar counts two successful runs.
            owner.click("#sync-now").await?;
            owner
                .find("#sync-runs-chart .chart-day[data-succeeded=\"2\"]")
                .await?;
            let result = owner
                .wait_for_text("#sync-now-result", "sent to the cloud")
                .await?;
            eprintln!("second sync: {result:?}");
            anyhow::ensure!(!owner.exists("#sync-now-error").await, "no sync error");
            scroll_to(&owner, "#sponsorship-sync").await?;
            owner.check_screen("j6-07-second-sync").await?;

            // Alice sees Active.
            reload_families(&alice).await?;
            exact(&alice, ROW_STATUS, "Active").await?;
            alice.check_screen("j6-08-active").await?;
            Ok(())
        },
    )
    .await?;
    anyhow::ensure!(
        smtp.messages().len() == 1,
        "the second sync sent no second e-mail"
    );
    alice.close().await?;
    owner.close().await?;
    rita.close().await
}
