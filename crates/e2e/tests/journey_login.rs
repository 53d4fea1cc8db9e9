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

/// The paths of the wasm and JS files this page has loaded so far.
async fn loaded_code(browser: &Browser) -> anyhow::Result<Vec<String>> {
    let names = browser
        .client
        .execute(
            "return performance.getEntriesByType('resource')
                .map((e) => new URL(e.name).pathname)
                .filter((p) => p.endsWith('.wasm') || p.endsWith('.js'));",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(names)?)
}

/// The full app's module and wasm (`dist/embed/v1/app/`).
const APP_JS: &str = "/embed/v1/app/app.js";
const APP_WASM: &str = "/embed/v1/app/app_bg.wasm";

#[tokio::test]
async fn the_login_loads_only_the_first_wasm_and_the_app_follows_the_session() -> anyhow::Result<()>
{
    let cloud = Server::start(ServerRole::Cloud, &[]).await?;
    cloud.seed_acme()?;
    let browser = Browser::start().await?;
    journey("login_split", &[&cloud], &browser, || async {
        // A cold screen that needs a session: the login, from one small wasm.
        browser.goto(&format!("{}/vault", cloud.base)).await?;
        browser.find("#email").await?;
        anyhow::ensure!(
            browser.current_url().await?.ends_with("/login"),
            "sent to the login"
        );
        let first = loaded_code(&browser).await?;
        let wasm: Vec<&String> = first.iter().filter(|p| p.ends_with(".wasm")).collect();
        anyhow::ensure!(
            wasm.len() == 1 && !wasm[0].starts_with("/embed/"),
            "the login loads one wasm, not the app's: {first:?}"
        );
        anyhow::ensure!(
            !first.iter().any(|p| p == APP_JS),
            "the app is not loaded before the login: {first:?}"
        );

        // A wrong password keeps the login and still no app.
        browser.fill("#email", "owner@acme.test").await?;
        browser.click("#login-continue").await?;
        browser.fill("#master-password", "not the password").await?;
        browser.click("#login-submit").await?;
        browser.wait_for_text("#login-error", WRONG).await?;
        anyhow::ensure!(
            !loaded_code(&browser).await?.iter().any(|p| p == APP_JS),
            "a failed login loads no app"
        );

        // The login hands over to the full app: the vault, in the same page.
        browser.fill("#master-password", PASSWORD).await?;
        browser.click("#login-submit").await?;
        browser.wait_for_text("#org-list", "Acme").await?;
        browser
            .wait_for_text("#user-email", "owner@acme.test")
            .await?;
        let after = loaded_code(&browser).await?;
        anyhow::ensure!(
            after.iter().any(|p| p == APP_JS) && after.iter().any(|p| p == APP_WASM),
            "the app's module and wasm load after the login: {after:?}"
        );
        anyhow::ensure!(
            browser.current_url().await?.ends_with("/vault"),
            "the app routes by the address bar"
        );

        // A reload with the session goes straight to the app, no login form.
        browser
            .goto(&format!("{}/settings/sponsored-families", cloud.base))
            .await?;
        browser
            .wait_for_text("#user-email", "owner@acme.test")
            .await?;
        anyhow::ensure!(!browser.exists("#email").await, "no login with a session");
        anyhow::ensure!(
            loaded_code(&browser).await?.iter().any(|p| p == APP_WASM),
            "the app loads at once with a session"
        );
        anyhow::ensure!(
            browser
                .current_url()
                .await?
                .ends_with("/settings/sponsored-families"),
            "the address is kept"
        );
        Ok(())
    })
    .await?;
    browser.close().await
}
