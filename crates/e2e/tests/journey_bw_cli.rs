//! Keys made in the browser work in the official Bitwarden CLI (issue 14).
//!
//! On the cloud, a member of Acme offers Free Families to Rita; Rita opens
//! the e-mailed link, creates her account on the redeem page (the web
//! module makes her user key and key pair with WebCrypto) and redeems the
//! offer into a new Families organization (the browser makes its key for
//! her public key). Then `bw login`, `bw unlock --check`, `bw sync` and
//! `bw list organizations` with the official CLI show "Rita's family".
//!
//! On the self-hosted server, the owner creates Acme from its license on
//! the New organization page (the browser makes the organization key), and
//! the CLI lists Acme for the owner.
//!
//! Fields and buttons are found by their visible labels and names.

use anyhow::Context;
use billing_sync_e2e::bw::{check_account, Bw, TlsTerminator};
use billing_sync_e2e::smtp::SmtpSink;
use billing_sync_e2e::{journey_in, log_in, Browser, CloudAndSelfHosted, PASSWORD};
use std::time::Duration;

const RITA: &str = "rita@family.test";
const RITA_PASSWORD: &str = "rita's family vault 2024";
const FAMILY: &str = "Rita's family";

/// Alice (a member of the cloud's Acme) offers Free Families to Rita over
/// HTTP; returns the redeem link from the e-mail.
async fn offer_link(pair: &CloudAndSelfHosted, smtp: &SmtpSink) -> anyhow::Result<String> {
    let cloud = &pair.cloud;
    let alice = cloud.login_token("alice@acme.test", PASSWORD).await?;
    let (status, body) = cloud
        .post_json(
            &format!(
                "/api/organization/sponsorship/{}/families-for-enterprise",
                pair.cloud_org
            ),
            &alice,
            &serde_json::json!({"planSponsorshipType": 0, "sponsoredEmail": RITA, "friendlyName": "Rita"}),
        )
        .await?;
    anyhow::ensure!(status == 200, "the offer answered {status}: {body}");
    let mails = smtp
        .wait_for_within(1, Duration::from_secs(20))
        .await
        .context("the cloud sent no offer e-mail within 20 s")?;
    let prefix = format!("{}/#/accept-families-for-enterprise?token=", cloud.base);
    mails[0]
        .link_starting_with(&prefix)
        .with_context(|| format!("no {prefix}… link in:\n{}", mails[0].unfolded()))
}

/// Rita creates her account on the redeem page and redeems the offer into
/// a new Families organization.
async fn register_and_redeem(rita: &Browser, link: &str) -> anyhow::Result<()> {
    rita.goto(link).await?;
    anyhow::ensure!(
        rita.labeled("Email address")
            .await?
            .prop("value")
            .await?
            .as_deref()
            == Some(RITA),
        "the e-mail comes from the link"
    );
    rita.fill_labeled("Name", "Rita Family").await?;
    rita.fill_labeled("Master password", RITA_PASSWORD).await?;
    rita.fill_labeled("Re-type master password", RITA_PASSWORD)
        .await?;
    rita.click_button("Create account").await?;
    rita.wait_for_any(&["#redeem-org-select", "#register-error"])
        .await?;
    if rita.exists("#register-error").await {
        anyhow::bail!(
            "registration refused: {}",
            rita.text("#register-error").await?
        );
    }
    let select = rita
        .labeled("Select the organization you would like sponsored")
        .await?;
    select.select_by_value("createNew").await?;
    rita.fill_labeled("Organization name", FAMILY).await?;
    rita.click_button("Accept offer").await?;
    rita.wait_for_any(&["#redeem-success", "#redeem-error"])
        .await?;
    if rita.exists("#redeem-error").await {
        anyhow::bail!("redeem refused: {}", rita.text("#redeem-error").await?);
    }
    rita.wait_for_page_text(&format!(
        "Your Families organization {FAMILY} is now sponsored."
    ))
    .await?;
    rita.save_artifacts("keys-01-redeemed").await?;
    Ok(())
}

/// The self-hosted owner creates Acme from its license file on the New
/// organization page.
async fn new_organization(pair: &CloudAndSelfHosted, owner: &Browser) -> anyhow::Result<()> {
    let cloud_owner = pair.cloud.login_token("owner@acme.test", PASSWORD).await?;
    let license = pair.license_over_http(&cloud_owner).await?;
    let dir = tempfile::tempdir()?;
    let path = dir.path().join(billing_sync_e2e::LICENSE_FILE);
    std::fs::write(&path, license)?;
    log_in(owner, &pair.self_hosted.base, "owner@acme.test", PASSWORD).await?;
    owner.click_link("New organization").await?;
    owner
        .labeled("License file")
        .await?
        .send_keys(&path.display().to_string())
        .await?;
    owner.click_button("Submit").await?;
    owner.wait_for_text("#org-name", "Acme").await?;
    owner.save_artifacts("keys-02-new-organization").await?;
    Ok(())
}

#[tokio::test]
async fn accounts_and_organizations_made_in_the_browser_open_in_the_official_cli(
) -> anyhow::Result<()> {
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
    let rita = Browser::start().await?;
    let owner = Browser::start().await?;
    let browsers = [("rita", &rita), ("owner", &owner)];
    journey_in("bw_cli", &[cloud, self_hosted], &browsers, || async {
        let link = offer_link(&pair, &smtp).await?;
        register_and_redeem(&rita, &link).await?;
        let cloud_tls = TlsTerminator::start(&cloud.base).await?;
        // A wrong password is the CLI's own refusal; the right one opens
        // the account and the organization the browser made.
        let bw = Bw::for_server(&cloud_tls).await?;
        let wrong = bw.login(RITA, "not rita's password").await?;
        anyhow::ensure!(
            !wrong.ok && wrong.stderr.contains("Invalid master password"),
            "a wrong password must not log in: {wrong}"
        );
        check_account(&cloud_tls, RITA, RITA_PASSWORD, &[FAMILY]).await?;

        new_organization(&pair, &owner).await?;
        let self_hosted_tls = TlsTerminator::start(&self_hosted.base).await?;
        check_account(&self_hosted_tls, "owner@acme.test", PASSWORD, &["Acme"]).await
    })
    .await?;
    rita.close().await?;
    owner.close().await
}
