//! Journeys 3, 4 and 1 across a cloud and a self-hosted server: the owner
//! downloads Acme's license in the cloud, creates the organization on the
//! self-hosted server from it, applies the billing sync token (a stale one
//! is refused and nothing is stored), syncs the license and uploads it by
//! hand; the self-hosted page explains how to enable cloud communication
//! when it is off; and the screens speak Dutch.

use anyhow::Context;
use billing_sync_e2e::{
    journey, journey_in, log_in, log_in_here, open_subscription, wait_for_file, Browser,
    CloudAndSelfHosted, Server, ServerRole, LICENSE_FILE, PASSWORD,
};
use std::path::Path;

/// Cloud UI: Self-hosting → Download license for `installation_id` into the
/// browser's download dir; returns the file's path.
async fn download_license(
    browser: &Browser,
    installation_id: &str,
    download_dir: &Path,
) -> anyhow::Result<std::path::PathBuf> {
    browser.click("#download-license").await?;
    browser.fill("#installation-id", installation_id).await?;
    browser.click("#download-license-submit").await?;
    browser
        .wait_for_text("#license-downloaded", LICENSE_FILE)
        .await?;
    let path = download_dir.join(LICENSE_FILE);
    wait_for_file(&path).await?;
    Ok(path)
}

/// Cloud UI: Set up billing sync → password → token, then Rotate; returns
/// (the first token, now invalid; the current token). Leaves the dialog closed.
async fn token_and_rotated_token(browser: &Browser) -> anyhow::Result<(String, String)> {
    browser
        .wait_for_text("#billing-sync-button", "Set up billing sync")
        .await?;
    browser.click("#billing-sync-button").await?;
    browser.fill("#billing-sync-password", PASSWORD).await?;
    browser.click("#billing-sync-submit").await?;
    let first = browser
        .wait_for_new_value("#billing-sync-token", "")
        .await?;
    browser.click("#billing-sync-rotate").await?;
    browser.click("#billing-sync-rotate-confirm").await?;
    browser
        .wait_for_text("#billing-sync-rotated", "Token rotated")
        .await?;
    let current = browser
        .wait_for_new_value("#billing-sync-token", &first)
        .await?;
    browser.click("#billing-sync-close").await?;
    browser.wait_gone("#billing-sync-dialog").await?;
    Ok((first, current))
}

#[tokio::test]
async fn license_token_sync_and_upload_across_both_servers() -> anyhow::Result<()> {
    let pair = CloudAndSelfHosted::start(&[]).await?;
    let (cloud, self_hosted) = (&pair.cloud, &pair.self_hosted);
    let downloads = tempfile::tempdir()?;
    let cloud_browser = Browser::start_with_download_dir(Some(downloads.path())).await?;
    let browser = Browser::start().await?;
    let browsers = [("cloud", &cloud_browser), ("self-hosted", &browser)];
    let mut secrets: Vec<String> = Vec::new();
    let result = journey_in(
        "self_hosted_license_sync",
        &[cloud, self_hosted],
        &browsers,
        || async {
            // Cloud: the owner downloads the license for the installation.
            log_in(&cloud_browser, &cloud.base, "owner@acme.test", PASSWORD).await?;
            open_subscription(&cloud_browser, "Acme").await?;
            let license_path =
                download_license(&cloud_browser, &pair.installation.id, downloads.path()).await?;

            // Self-hosted: New organization from the license file.
            log_in(&browser, &self_hosted.base, "owner@acme.test", PASSWORD).await?;
            browser.click("#new-organization-link").await?;
            browser.find("#new-organization-form").await?;
            browser.check_screen("j2-01-new-organization").await?;
            browser
                .choose_file("#new-organization-file", &license_path)
                .await?;
            browser.click("#new-organization-submit").await?;
            browser.wait_for_text("#org-name", "Acme").await?;
            browser.wait_for_text("#plan-name", "Enterprise").await?;
            // The organization gets its own id here (as in Bitwarden).
            let url = browser.current_url().await?;
            let org = url
                .split("/organizations/")
                .nth(1)
                .and_then(|rest| rest.split('/').next())
                .map(str::to_owned)
                .with_context(|| format!("no organization id in {url}"))?;
            browser
                .wait_for_text("#license-billing", "License and billing management")
                .await?;
            // No billing sync connection yet: manual upload is selected and
            // there is no "Last license sync" row.
            browser.find("#update-method-upload").await?;
            anyhow::ensure!(
                !browser.exists("#last-license-sync").await,
                "no Last license sync before a connection exists"
            );
            anyhow::ensure!(
                browser.is_enabled("#update-method-sync").await?,
                "automatic sync can be chosen"
            );
            let expiration = browser.text("#subscription-expiration").await?;
            anyhow::ensure!(!expiration.trim().is_empty(), "an expiration is shown");
            browser.check_screen("j2-02-license-billing").await?;

            // Cloud: the billing sync token, rotated once (the first is now invalid).
            let (stale, token) = token_and_rotated_token(&cloud_browser).await?;
            anyhow::ensure!(stale != token, "rotation changed the token");
            secrets.push(stale.clone());
            secrets.push(token.clone());

            // Self-hosted: Automatic sync → Manage billing sync → a stale token is refused.
            browser.click("#update-method-sync").await?;
            browser
                .wait_for_text("#manage-billing-sync", "Manage billing sync")
                .await?;
            anyhow::ensure!(
                !browser.is_enabled("#sync-license").await?,
                "Sync license waits for a billing sync token"
            );
            browser.click("#manage-billing-sync").await?;
            browser.find("#billing-sync-key-dialog").await?;
            browser.fill("#billing-sync-key", &stale).await?;
            browser.click("#billing-sync-key-save").await?;
            let error = browser.wait_for_text("#billing-sync-key-error", "").await?;
            anyhow::ensure!(!error.trim().is_empty(), "an error under the token");
            eprintln!("wrong token message: {error:?}");
            anyhow::ensure!(
                browser.exists("#billing-sync-key-dialog").await,
                "the dialog stays open after a refused token"
            );
            browser.check_screen("j2-03-wrong-token").await?;
            let owner = self_hosted.login_token("owner@acme.test", PASSWORD).await?;
            let connection_path = format!("/api/organizations/connections/{org}/1");
            let (status, stored) = self_hosted.get_json(&connection_path, &owner).await?;
            anyhow::ensure!(status == 200, "connection answered {status}: {stored}");
            anyhow::ensure!(
                stored["id"].is_null() && stored["config"].is_null(),
                "nothing stored after a refused token: {stored}"
            );

            // The current token: saved, the dialog closes, never synced yet.
            browser.fill("#billing-sync-key", &token).await?;
            browser.click("#billing-sync-key-save").await?;
            browser.wait_gone("#billing-sync-key-dialog").await?;
            browser.wait_for_text("#last-license-sync", "Never").await?;
            browser
                .wait_for_attr("#last-license-sync", "data-never", "true")
                .await?;
            let (_, stored) = self_hosted.get_json(&connection_path, &owner).await?;
            // Bitwarden's BillingSyncConfig is PascalCase in the response.
            let stored_key = stored["config"]["BillingSyncKey"].as_str();
            anyhow::ensure!(
                stored_key == Some(token.as_str()) && stored["enabled"] == true,
                "the current token is stored ({}) and enabled ({})",
                stored_key == Some(token.as_str()),
                stored["enabled"]
            );
            anyhow::ensure!(
                browser.is_enabled("#sync-license").await?,
                "Sync license is available once a token is saved"
            );
            browser.check_screen("j2-04-token-saved").await?;

            // Sync license: success, and Last license sync becomes a date.
            browser.click("#sync-license").await?;
            browser
                .wait_for_text("#sync-license-result", "Successfully synced license")
                .await?;
            browser
                .wait_for_attr("#last-license-sync", "data-never", "false")
                .await?;
            let last = browser.text("#last-license-sync").await?;
            anyhow::ensure!(
                !last.contains("Never") && last.chars().any(|c| c.is_ascii_digit()),
                "Last license sync shows a date: {last:?}"
            );
            anyhow::ensure!(
                !browser.exists("#sync-license-error").await,
                "no sync error"
            );
            browser.check_screen("j2-05-synced").await?;

            // Check connection: every step passes, each with what it found.
            browser.click_button("Check connection").await?;
            browser
                .wait_for_text("#connection-check-summary", "Every step passed")
                .await?;
            for step in [
                "settings",
                "identityReachable",
                "installationAccepted",
                "apiReachable",
                "billingSyncToken",
                "licenseMatches",
                "lastLicenseSync",
            ] {
                let css = format!("#connection-check-results [data-step={step}]");
                anyhow::ensure!(
                    browser.attr(&css, "data-status").await?.as_deref() == Some("pass"),
                    "{step} passes: {}",
                    browser.text(&css).await?
                );
            }
            let listed = browser.text("#connection-check-results").await?;
            anyhow::ensure!(!listed.contains(&token), "no token in the check");
            browser
                .scroll_into_view("#connection-check-results")
                .await?;
            browser.check_screen("j2-05b-check-connection").await?;

            // Manual upload of the same license file.
            browser.click("#update-method-upload").await?;
            browser.choose_file("#license-file", &license_path).await?;
            browser.watch_text("#upload-license-result").await?;
            browser.click("#upload-license").await?;
            if let Err(error) = browser
                .wait_for_text("#upload-license-result", "Successfully uploaded license")
                .await
            {
                let flashed = browser.watched_text("#upload-license-result").await?;
                let upload_checked = browser
                    .find("#update-method-upload")
                    .await?
                    .prop("checked")
                    .await?;
                anyhow::bail!(
                    "{error:#}; the success message was on the page only for an instant: \
                     {flashed:?}; Manual upload still selected: {upload_checked:?}"
                );
            }
            anyhow::ensure!(
                !browser.exists("#upload-license-error").await,
                "no upload error"
            );
            browser.check_screen("j2-06-uploaded").await?;
            Ok(())
        },
    )
    .await;

    // No secret in either server's log.
    let hash = cloud
        .master_password_hash("owner@acme.test", PASSWORD)
        .await?;
    secrets.extend([PASSWORD.to_owned(), pair.installation.key.clone(), hash]);
    let leak_check = (|| {
        for server in [cloud, self_hosted] {
            let log = server.log_text();
            for secret in &secrets {
                anyhow::ensure!(
                    !log.contains(secret.as_str()),
                    "the {} server logged a secret (starts {:?})",
                    server.role.name(),
                    &secret[..4]
                );
            }
        }
        Ok(())
    })();
    match &leak_check {
        Ok(()) => eprintln!(
            "secrets check: none of {} secrets in either server's log",
            secrets.len()
        ),
        Err(error) => eprintln!("secrets check failed: {error:#}"),
    }
    result?;
    leak_check?;
    cloud_browser.close().await?;
    browser.close().await
}

#[tokio::test]
async fn cloud_communication_disabled_shows_the_settings_to_add() -> anyhow::Result<()> {
    let server = Server::start(
        ServerRole::SelfHosted,
        &[("enableCloudCommunication", "false")],
    )
    .await?;
    server.seed_acme()?;
    let browser = Browser::start().await?;
    journey(
        "cloud_communication_disabled",
        &[&server],
        &browser,
        || async {
            log_in(&browser, &server.base, "owner@acme.test", PASSWORD).await?;
            open_subscription(&browser, "Acme").await?;
            let callout = browser
                .wait_for_text(
                    "#cloud-communication-disabled",
                    "globalSettings__enableCloudCommunication=true",
                )
                .await?;
            for line in [
                "globalSettings__baseServiceUri__cloudRegion=EU",
                "https://api.bitwarden.eu",
            ] {
                anyhow::ensure!(callout.contains(line), "the callout shows {line:?}");
            }
            anyhow::ensure!(
                !browser.is_enabled("#update-method-sync").await?,
                "Automatic sync is disabled"
            );
            anyhow::ensure!(
                browser.is_enabled("#update-method-upload").await?,
                "Manual upload stays available"
            );
            browser
                .check_screen("j3-cloud-communication-disabled")
                .await?;

            // Check connection names the setting and skips the cloud steps.
            browser.click_button("Check connection").await?;
            browser
                .wait_for_text("#connection-check-summary", "A step failed")
                .await?;
            let settings = browser
                .wait_for_text(
                    "#connection-check-results [data-step=settings]",
                    "enableCloudCommunication",
                )
                .await?;
            anyhow::ensure!(
                browser
                    .attr(
                        "#connection-check-results [data-step=settings]",
                        "data-status"
                    )
                    .await?
                    .as_deref()
                    == Some("fail"),
                "settings fail: {settings}"
            );
            anyhow::ensure!(
                browser
                    .attr(
                        "#connection-check-results [data-step=identityReachable]",
                        "data-status"
                    )
                    .await?
                    .as_deref()
                    == Some("skipped"),
                "the cloud steps are skipped"
            );
            browser
                .scroll_into_view("#connection-check-results")
                .await?;
            browser.check_screen("j3-check-connection-failure").await?;
            Ok(())
        },
    )
    .await?;
    browser.close().await
}

/// The element's whole text, trimmed, equals `expected`.
async fn exact(browser: &Browser, css: &str, expected: &str) -> anyhow::Result<()> {
    browser.wait_for_text(css, expected).await?;
    let text = browser.text(css).await?;
    anyhow::ensure!(
        text.trim() == expected,
        "{css} reads {text:?}, not {expected:?}"
    );
    Ok(())
}

#[tokio::test]
async fn the_billing_sync_screens_speak_dutch() -> anyhow::Result<()> {
    let pair = CloudAndSelfHosted::start(&[]).await?;
    let (cloud, self_hosted) = (&pair.cloud, &pair.self_hosted);
    let browser = Browser::start().await?;
    journey(
        "dutch_billing_sync",
        &[cloud, self_hosted],
        &browser,
        || async {
            // Cloud, before any token exists.
            browser.goto(&format!("{}/", cloud.base)).await?;
            browser.click("#lang-nl").await?;
            log_in_here(&browser, "owner@acme.test", PASSWORD).await?;
            open_subscription(&browser, "Acme").await?;
            exact(&browser, "#self-hosting-title", "Zelf hosten").await?;
            exact(
                &browser,
                "#billing-sync-button",
                "Factureringssynchronisatie instellen",
            )
            .await?;
            browser.click("#billing-sync-button").await?;
            exact(&browser, "#billing-sync-submit", "Genereer token").await?;
            browser.check_screen("j4-01-cloud-nl").await?;
            browser.click("#billing-sync-close").await?;
            browser.wait_gone("#billing-sync-dialog").await?;

            // Setup over HTTP: a billing sync token on the cloud, the
            // organization and its connection on the self-hosted server.
            pair.create_org_with_billing_sync().await?;

            // Self-hosted, with a connection that never synced.
            browser.goto(&format!("{}/", self_hosted.base)).await?;
            browser.click("#lang-nl").await?;
            log_in_here(&browser, "owner@acme.test", PASSWORD).await?;
            open_subscription(&browser, "Acme").await?;
            exact(
                &browser,
                "#license-billing-title",
                "Licentie- en factureringsbeheer",
            )
            .await?;
            exact(
                &browser,
                "label[for=update-method-sync]",
                "Automatische synchronisatie",
            )
            .await?;
            exact(
                &browser,
                "#manage-billing-sync",
                "Factureringssynchronisatie beheren",
            )
            .await?;
            exact(&browser, "#sync-license", "Licentie synchroniseren").await?;
            exact(&browser, "#last-license-sync", "Nooit").await?;
            exact(&browser, "#last-license-sync", "Nooit").await?;
            let details = browser.text("#license-details").await?;
            anyhow::ensure!(
                details
                    .lines()
                    .any(|l| l.trim() == "Laatste synchronisatie"),
                "the details list shows \"Laatste synchronisatie\": {details:?}"
            );
            browser.check_screen("j4-02-self-hosted-nl").await?;
            Ok(())
        },
    )
    .await?;
    browser.close().await
}
