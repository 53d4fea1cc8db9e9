//! Journey: log in with the master password (derived in the browser), see
//! the organization's subscription, log out; a wrong password shows
//! Bitwarden's message and changes nothing.

use billing_sync_e2e::{journey, Browser, Server, ServerRole, PASSWORD};

const WRONG: &str = "Username or password is incorrect. Try again.";

async fn log_in(browser: &Browser, base: &str, email: &str, password: &str) -> anyhow::Result<()> {
    browser.goto(&format!("{base}/")).await?;
    browser.fill("#email", email).await?;
    browser.click("#login-continue").await?;
    browser.fill("#master-password", password).await?;
    browser.click("#login-submit").await?;
    Ok(())
}

#[tokio::test]
async fn owner_logs_in_sees_the_subscription_and_logs_out() -> anyhow::Result<()> {
    let cloud = Server::start(ServerRole::Cloud, &[]).await?;
    cloud.seed_acme()?;
    let browser = Browser::start().await?;
    journey("login_owner_subscription", &[&cloud], &browser, || async {
        // A wrong password: Bitwarden's message, still on the password step.
        log_in(&browser, &cloud.base, "owner@acme.test", "not the password").await?;
        browser.wait_for_text("#login-error", WRONG).await?;
        anyhow::ensure!(
            browser.exists("#master-password").await,
            "the password field stays"
        );
        anyhow::ensure!(!browser.exists("#logout").await, "not logged in");

        // The right one: the vault lists Acme; the Admin Console shows the plan.
        browser.fill("#master-password", PASSWORD).await?;
        browser.click("#login-submit").await?;
        browser
            .wait_for_text("#user-email", "owner@acme.test")
            .await?;
        billing_sync_e2e::open_subscription(&browser, "Acme").await?;
        browser.wait_for_text("#plan-name", "Enterprise").await?;
        browser.wait_for_text("#seats", "50").await?;
        let expiration = browser.text("#expiration").await?;
        anyhow::ensure!(!expiration.trim().is_empty(), "an expiration date is shown");

        // Log out: back to the login screen; the Admin Console is gone.
        browser.click("#logout").await?;
        browser.find("#email").await?;
        anyhow::ensure!(
            !browser.exists("#plan-name").await,
            "subscription hidden after logout"
        );
        Ok(())
    })
    .await?;
    browser.close().await
}

#[tokio::test]
async fn argon2id_member_logs_in_and_sees_no_admin_console() -> anyhow::Result<()> {
    let cloud = Server::start(ServerRole::Cloud, &[]).await?;
    cloud.seed_acme()?;
    let browser = Browser::start().await?;
    journey("login_member_argon2id", &[&cloud], &browser, || async {
        log_in(&browser, &cloud.base, "bob@acme.test", PASSWORD).await?;
        browser.wait_for_text("#org-list", "Acme").await?;
        browser.click("#product-switcher").await?;
        browser.link("Password Manager", None).await?;
        anyhow::ensure!(
            browser.link("Admin Console", None).await.is_err(),
            "members get no Admin Console in the product switcher"
        );
        Ok(())
    })
    .await?;
    browser.close().await
}

#[tokio::test]
async fn the_login_screen_speaks_dutch() -> anyhow::Result<()> {
    let server = Server::start(ServerRole::SelfHosted, &[]).await?;
    let browser = Browser::start().await?;
    journey("login_dutch", &[&server], &browser, || async {
        browser.goto(&format!("{}/", server.base)).await?;
        browser.click("#lang-nl").await?;
        browser
            .wait_for_text("#login-email-form", "E-mailadres")
            .await?;
        browser.click("#lang-en").await?;
        browser
            .wait_for_text("#login-email-form", "Email address")
            .await?;
        Ok(())
    })
    .await?;
    browser.close().await
}
