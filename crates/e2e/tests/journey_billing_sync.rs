//! Journey 2 on the cloud: the owner of Acme opens Billing → Subscription →
//! Self-hosting, sets up billing sync (a wrong master password is refused
//! in place), copies and rotates the billing sync token, and downloads the
//! organization license for a registered installation.

use billing_sync_e2e::{
    journey, log_in, open_subscription, wait_for_file, Browser, Server, ServerRole, LICENSE_FILE,
    PASSWORD,
};

/// A billing sync token as the cloud issues it: 30 ASCII letters and digits.
fn is_token(value: &str) -> bool {
    value.len() == 30 && value.chars().all(|c| c.is_ascii_alphanumeric())
}

#[tokio::test]
async fn owner_sets_up_copies_and_rotates_the_token_and_downloads_the_license() -> anyhow::Result<()>
{
    let cloud = Server::start(ServerRole::Cloud, &[]).await?;
    let org = cloud.seed_acme()?;
    let installation = cloud.create_installation("ops@acme.test")?;
    let downloads = tempfile::tempdir()?;
    let browser = Browser::start_with_download_dir(Some(downloads.path())).await?;
    journey("cloud_billing_sync_token", &[&cloud], &browser, || async {
        log_in(&browser, &cloud.base, "owner@acme.test", PASSWORD).await?;
        open_subscription(&browser, "Acme").await?;
        browser
            .wait_for_text("#self-hosting", "Self-hosting")
            .await?;
        browser
            .wait_for_text("#billing-sync-button", "Set up billing sync")
            .await?;
        browser.check_screen("j1-01-self-hosting").await?;

        // A wrong master password: refused under the field, still step A.
        browser.click("#billing-sync-button").await?;
        browser
            .wait_for_attr("#billing-sync-dialog", "data-step", "verify")
            .await?;
        browser
            .wait_for_text("#billing-sync-submit", "Generate token")
            .await?;
        browser
            .fill("#billing-sync-password", "not the password")
            .await?;
        browser.click("#billing-sync-submit").await?;
        browser
            .wait_for_text("#billing-sync-password-error", "Invalid master password")
            .await?;
        browser
            .wait_for_attr("#billing-sync-dialog", "data-step", "verify")
            .await?;
        anyhow::ensure!(
            !browser.exists("#billing-sync-token").await,
            "no token after a wrong password"
        );
        browser.check_screen("j1-02-wrong-password").await?;

        // The right one: the token (30 letters and digits).
        browser.fill("#billing-sync-password", PASSWORD).await?;
        browser.click("#billing-sync-submit").await?;
        browser
            .wait_for_attr("#billing-sync-dialog", "data-step", "token")
            .await?;
        let first = browser
            .wait_for_new_value("#billing-sync-token", "")
            .await?;
        anyhow::ensure!(is_token(&first), "token {first:?} is not 30 alphanumerics");
        browser.find("#billing-sync-revision").await?;

        // Copy: headless Chromium may refuse the clipboard; either message must show.
        browser.click("#billing-sync-copy").await?;
        let shown = browser
            .wait_for_any(&["#billing-sync-copied", "#billing-sync-copy-failed"])
            .await?;
        let text = browser.text(shown).await?;
        anyhow::ensure!(
            text.contains("Billing sync token copied") || text.contains("press Ctrl+C"),
            "copy feedback: {text:?}"
        );
        browser.check_screen("j1-03-token").await?;

        // Rotate → confirm: a different token and "Token rotated".
        browser.click("#billing-sync-rotate").await?;
        browser
            .wait_for_attr("#billing-sync-dialog", "data-step", "rotate")
            .await?;
        browser.find("#billing-sync-rotate-warning").await?;
        browser.check_screen("j1-04-rotate-confirm").await?;
        browser.click("#billing-sync-rotate-confirm").await?;
        browser
            .wait_for_text("#billing-sync-rotated", "Token rotated")
            .await?;
        let second = browser
            .wait_for_new_value("#billing-sync-token", &first)
            .await?;
        anyhow::ensure!(
            is_token(&second),
            "rotated token {second:?} is not 30 alphanumerics"
        );
        anyhow::ensure!(second != first, "rotation issued the same token");
        browser.check_screen("j1-05-rotated").await?;

        // Close: the button now manages the existing token.
        browser.click("#billing-sync-close").await?;
        browser.wait_gone("#billing-sync-dialog").await?;
        browser
            .wait_for_text("#billing-sync-button", "Manage billing sync")
            .await?;

        // What the cloud stored: a billing sync key (type 1) exists.
        let token = cloud.login_token("owner@acme.test", PASSWORD).await?;
        let (status, keys) = cloud
            .get_json(
                &format!("/api/organizations/{org}/api-key-information/1"),
                &token,
            )
            .await?;
        anyhow::ensure!(
            status == 200,
            "api-key-information answered {status}: {keys}"
        );
        anyhow::ensure!(
            keys["data"].as_array().is_some_and(|d| !d.is_empty()),
            "the cloud lists the billing sync key: {keys}"
        );

        // Download license: a malformed id is refused under the field…
        browser.click("#download-license").await?;
        browser.find("#download-license-dialog").await?;
        browser
            .fill("#installation-id", "not-an-installation")
            .await?;
        browser.click("#download-license-submit").await?;
        browser
            .wait_for_text("#installation-id-error", "Enter a valid installation id")
            .await?;
        anyhow::ensure!(
            browser.is_visible("#installation-id-error").await,
            "the installation id error is visible"
        );
        browser.check_screen("j1-06-bad-installation-id").await?;
        // …an unknown one gets the cloud's answer in plain words…
        browser
            .fill("#installation-id", "0f8fad5b-d9cb-469f-a165-70867728950e")
            .await?;
        browser.click("#download-license-submit").await?;
        browser
            .wait_for_text("#installation-id-error", "not registered")
            .await?;
        // …and the registered installation gets its license file.
        browser.fill("#installation-id", &installation.id).await?;
        browser.click("#download-license-submit").await?;
        browser
            .wait_for_text("#license-downloaded", LICENSE_FILE)
            .await?;
        browser.wait_gone("#download-license-dialog").await?;
        browser.check_screen("j1-07-license-downloaded").await?;
        let bytes = wait_for_file(&downloads.path().join(LICENSE_FILE)).await?;
        let license: serde_json::Value = serde_json::from_slice(&bytes)?;
        anyhow::ensure!(
            license["planType"] == 20,
            "planType 20 (Enterprise annually): {}",
            license["planType"]
        );
        anyhow::ensure!(
            license["installationId"].as_str() == Some(installation.id.as_str()),
            "installationId {} is {}",
            license["installationId"],
            installation.id
        );
        anyhow::ensure!(
            license["id"].as_str() == Some(org.as_str()),
            "license id {} is Acme's {org}",
            license["id"]
        );
        Ok(())
    })
    .await?;
    browser.close().await
}
