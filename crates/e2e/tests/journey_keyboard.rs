//! The main journeys with the keyboard alone: log in, reach Billing →
//! Subscription, set up the billing sync token on the cloud; on the
//! self-hosted server save the token and Sync license; offer a Free
//! Families sponsorship. Every focus stop shows a focus ring and lies in
//! reading order, Enter submits, focus moves into a dialog and back to its
//! opener, Escape closes dialogs, and Tab never gets stuck outside one.

use billing_sync_e2e::keyboard::{in_reading_order, Focused};
use billing_sync_e2e::{journey, Browser, CloudAndSelfHosted, Server, ServerRole, PASSWORD};
use fantoccini::key::Key;

/// Enough Tab presses to cross the largest screen (shell, navigation, page).
const TABS: usize = 60;

/// Logs in from the login screen: Tab to the e-mail, type, Enter; the
/// master password field takes focus; type, Enter.
async fn log_in_by_keyboard(browser: &Browser, base: &str, email: &str) -> anyhow::Result<()> {
    browser.goto(&format!("{base}/")).await?;
    browser.find("#email").await?;
    if browser.focused().await?.id != "email" {
        browser.tab_to("email", 10).await?;
    }
    browser.type_text(email).await?;
    browser.press(Key::Enter, false).await?;
    browser.wait_focus("master-password").await?;
    browser.type_text(PASSWORD).await?;
    browser.press(Key::Enter, false).await?;
    browser.wait_for_text("#user-email", email).await?;
    Ok(())
}

/// Product switcher → Admin Console → Billing → Subscription, by keyboard.
async fn open_subscription_by_keyboard(browser: &Browser) -> anyhow::Result<()> {
    browser.tab_to("product-switcher", TABS).await?;
    browser.press(Key::Enter, false).await?;
    // The menu opens with its first entry focused (Password Manager, then
    // Admin Console).
    let mut stop = browser.focused().await?;
    for _ in 0..5 {
        if stop.text.contains("Admin Console") {
            break;
        }
        browser.press(Key::Down, false).await?;
        stop = browser.focused().await?;
    }
    anyhow::ensure!(stop.text.contains("Admin Console"), "menu focus: {stop:?}");
    browser.press(Key::Enter, false).await?;
    browser.find("#nav-billing").await?;
    browser.tab_to("nav-billing", TABS).await?;
    if browser
        .attr("#nav-billing", "aria-expanded")
        .await?
        .as_deref()
        != Some("true")
    {
        browser.press(Key::Enter, false).await?;
    }
    browser.tab_to("nav-subscription", 5).await?;
    browser.press(Key::Enter, false).await?;
    browser.find("#plan-name").await?;
    Ok(())
}

/// From where focus is, Tab goes on until it leaves the page (to the
/// browser) or comes back round: nothing outside a dialog holds it.
async fn no_trap(browser: &Browser) -> anyhow::Result<()> {
    let start = browser.focused().await?;
    for _ in 0..TABS * 2 {
        browser.press(Key::Tab, false).await?;
        let now = browser.focused().await?;
        if now.name == "body" || now.name == start.name {
            return Ok(());
        }
    }
    anyhow::bail!(
        "focus kept cycling without leaving the page or coming back to {}",
        start.name
    )
}

fn reading_order(path: &[Focused], what: &str) -> anyhow::Result<()> {
    in_reading_order(path).map_err(|e| anyhow::anyhow!("{what}: {e}"))
}

#[tokio::test]
async fn the_cloud_token_by_keyboard_alone() -> anyhow::Result<()> {
    let cloud = Server::start(ServerRole::Cloud, &[]).await?;
    cloud.seed_acme()?;
    let browser = Browser::start().await?;
    journey("keyboard_cloud_token", &[&cloud], &browser, || async {
        log_in_by_keyboard(&browser, &cloud.base, "owner@acme.test").await?;
        open_subscription_by_keyboard(&browser).await?;
        let path = browser.tab_to("billing-sync-button", TABS).await?;
        reading_order(&path, "Subscription page")?;

        // Enter opens the dialog with focus on the master password; Enter
        // in the field submits it.
        browser.press(Key::Enter, false).await?;
        let first = browser.wait_focus("billing-sync-password").await?;
        anyhow::ensure!(first.in_dialog, "focus is in the dialog: {first:?}");
        browser.type_text("not the password").await?;
        browser.press(Key::Enter, false).await?;
        browser
            .wait_for_text("#billing-sync-password-error", "Invalid master password")
            .await?;
        // Tab stays inside the open dialog, both ways.
        for shift in [false, true] {
            for _ in 0..8 {
                browser.press(Key::Tab, shift).await?;
                let now = browser.focused().await?;
                anyhow::ensure!(now.in_dialog, "Tab left the open dialog to {}", now.name);
                anyhow::ensure!(now.ring, "{} shows no focus ring", now.name);
            }
        }
        browser.tab_to("billing-sync-password", 10).await?;
        browser.select_all().await?;
        browser.type_text(PASSWORD).await?;
        browser.press(Key::Enter, false).await?;
        browser
            .wait_for_attr("#billing-sync-dialog", "data-step", "token")
            .await?;
        browser
            .wait_for_new_value("#billing-sync-token", "")
            .await?;
        browser.check_screen("kb-01-token-dialog").await?;

        // Escape closes it and gives focus back to the button that opened it.
        browser.press(Key::Escape, false).await?;
        browser.wait_gone("#billing-sync-dialog[open]").await?;
        browser.wait_focus("billing-sync-button").await?;
        browser
            .wait_for_text("#billing-sync-button", "Manage billing sync")
            .await?;
        no_trap(&browser).await
    })
    .await?;
    browser.close().await
}

#[tokio::test]
async fn save_the_token_sync_the_license_and_offer_families_by_keyboard_alone() -> anyhow::Result<()>
{
    let pair = CloudAndSelfHosted::start(&[]).await?;
    let (_org, token) = pair.create_org_and_token().await?;
    let self_hosted = &pair.self_hosted;
    let browser = Browser::start().await?;
    journey(
        "keyboard_self_hosted",
        &[&pair.cloud, self_hosted],
        &browser,
        || async {
            log_in_by_keyboard(&browser, &self_hosted.base, "owner@acme.test").await?;
            open_subscription_by_keyboard(&browser).await?;

            // The update method is a radio group: Tab lands on the chosen one,
            // an arrow key chooses Automatic sync.
            let path = browser.tab_to("update-method-upload", TABS).await?;
            reading_order(&path, "License and billing management")?;
            browser.press(Key::Down, false).await?;
            browser.wait_focus("update-method-sync").await?;
            browser.tab_to("manage-billing-sync", 5).await?;
            browser.press(Key::Enter, false).await?;
            let field = browser.wait_focus("billing-sync-key").await?;
            anyhow::ensure!(field.in_dialog, "focus is in the dialog: {field:?}");
            browser.type_text(&token).await?;
            browser.press(Key::Enter, false).await?;
            browser.wait_gone("#billing-sync-key-dialog").await?;
            browser.wait_focus("manage-billing-sync").await?;
            browser.wait_for_text("#last-license-sync", "Never").await?;

            browser.tab_to("sync-license", 10).await?;
            browser.press(Key::Enter, false).await?;
            browser
                .wait_for_text("#sync-license-result", "Successfully synced license")
                .await?;
            browser.check_screen("kb-02-synced").await?;

            // Settings → Free Bitwarden Families: the offer form, Enter submits.
            browser
                .goto(&format!("{}/settings/sponsored-families", self_hosted.base))
                .await?;
            browser.find("#families-page").await?;
            browser.tab_to("sponsor-email", TABS).await?;
            browser.type_text("family@example.test").await?;
            browser.press(Key::Enter, false).await?;
            browser.wait_for_page_text("Pending sync").await?;
            browser.check_screen("kb-03-families-offered").await?;
            no_trap(&browser).await
        },
    )
    .await?;
    browser.close().await
}
