//! The help page's path, word by word, in English and in Dutch, driven only
//! by what a person sees (button and link names, field labels, headings):
//! on the cloud, log in → product switcher → Admin Console → Billing →
//! Subscription → Self-hosting → Set up billing sync → Generate token →
//! copy it; on the self-hosted server, the same path to License and billing
//! management → Automatic sync → Manage billing sync → paste → Save →
//! Sync License. Each new screen is saved as `target/e2e-artifacts/nav-*.png`.

use billing_sync_e2e::PASSWORD;
use billing_sync_e2e::{artifacts_dir, journey, Browser, CloudAndSelfHosted, Server, ServerRole};

/// The visible texts the journey follows, per language. The Dutch ones are
/// the seed's words (and Bitwarden's, where the seed has none).
struct Labels {
    tag: &'static str,
    language: &'static str,
    email: &'static str,
    continue_: &'static str,
    master_password: &'static str,
    log_in: &'static str,
    switch_products: &'static str,
    billing: &'static str,
    subscription: &'static str,
    self_hosting: &'static str,
    set_up_billing_sync: &'static str,
    generate_token: &'static str,
    copy_token: &'static str,
    token_field: &'static str,
    copied: &'static str,
    copy_refused: &'static str,
    license_and_billing: &'static str,
    automatic_sync: &'static str,
    manage_billing_sync: &'static str,
    save: &'static str,
    saved: &'static str,
    sync_license: &'static str,
    synced: &'static str,
    first_sync_note: &'static str,
}

const EN: Labels = Labels {
    tag: "en",
    language: "EN",
    email: "Email address",
    continue_: "Continue",
    master_password: "Master password",
    log_in: "Log in with master password",
    switch_products: "Switch products",
    billing: "Billing",
    subscription: "Subscription",
    self_hosting: "Self-hosting",
    set_up_billing_sync: "Set up billing sync",
    generate_token: "Generate token",
    copy_token: "Copy the generated token",
    token_field: "Billing sync token",
    copied: "Billing sync token copied",
    copy_refused: "press Ctrl+C",
    license_and_billing: "License and billing management",
    automatic_sync: "Automatic sync",
    manage_billing_sync: "Manage billing sync",
    save: "Save",
    saved: "Billing sync token saved.",
    sync_license: "Sync License",
    synced: "Successfully synced license",
    first_sync_note: "The first Families sync starts right after you save the token",
};

const NL: Labels = Labels {
    tag: "nl",
    language: "NL",
    email: "E-mailadres",
    continue_: "Doorgaan",
    master_password: "Hoofdwachtwoord",
    log_in: "Inloggen met hoofdwachtwoord",
    switch_products: "Producten wisselen",
    billing: "Facturering",
    subscription: "Abonnement",
    self_hosting: "Zelf hosten",
    set_up_billing_sync: "Factureringssynchronisatie instellen",
    generate_token: "Genereer token",
    copy_token: "Kopieer het gegenereerde token",
    token_field: "Factureringssynchronisatietoken",
    copied: "Factureringssynchronisatietoken gekopieerd",
    copy_refused: "druk op Ctrl+C",
    license_and_billing: "Licentie- en factureringsbeheer",
    automatic_sync: "Automatische synchronisatie",
    manage_billing_sync: "Factureringssynchronisatie beheren",
    save: "Opslaan",
    saved: "Factureringssynchronisatietoken opgeslagen.",
    sync_license: "Licentie synchroniseren",
    synced: "Licentie gesynchroniseerd",
    first_sync_note: "De eerste synchronisatie voor Families start direct",
};

async fn shot(browser: &Browser, name: &str) -> anyhow::Result<()> {
    browser
        .screenshot_to(&artifacts_dir().join(format!("nav-{name}.png")))
        .await
}

/// The login screen in `labels`' language, then the vault.
async fn log_in(browser: &Browser, base: &str, labels: &Labels) -> anyhow::Result<()> {
    browser.goto(&format!("{base}/")).await?;
    browser.click_button(labels.language).await?;
    browser
        .fill_labeled(labels.email, "owner@acme.test")
        .await?;
    browser.click_button(labels.continue_).await?;
    browser
        .fill_labeled(labels.master_password, PASSWORD)
        .await?;
    browser.click_button(labels.log_in).await?;
    browser.wait_for_page_text("Acme").await?;
    Ok(())
}

/// Product switcher → Admin Console → Billing → Subscription; screenshots
/// of the switcher, the Admin Console and the Subscription page.
async fn to_subscription(browser: &Browser, labels: &Labels, role: &str) -> anyhow::Result<()> {
    browser.click_button(labels.switch_products).await?;
    let switcher = browser.button(labels.switch_products).await?;
    anyhow::ensure!(
        switcher.attr("aria-expanded").await?.as_deref() == Some("true"),
        "the switcher says it is open"
    );
    let pm = browser
        .link("Password Manager", Some(labels.switch_products))
        .await?;
    anyhow::ensure!(
        pm.attr("aria-current").await?.as_deref() == Some("page"),
        "the vault is the Password Manager"
    );
    shot(browser, &format!("{role}-switcher-{}", labels.tag)).await?;
    browser
        .link("Admin Console", Some(labels.switch_products))
        .await?
        .click()
        .await?;
    browser.heading("Acme").await?;
    let billing = browser.button(labels.billing).await?;
    anyhow::ensure!(
        billing.attr("aria-expanded").await?.as_deref() == Some("false"),
        "Billing starts closed"
    );
    // Closed means its links are not shown (the stylesheet once undid `hidden`).
    anyhow::ensure!(
        browser.exists("#nav-subscription").await && !browser.is_visible("#nav-subscription").await,
        "a closed Billing group hides Subscription"
    );
    shot(browser, &format!("{role}-admin-console-{}", labels.tag)).await?;
    billing.click().await?;
    browser
        .link(labels.subscription, None)
        .await?
        .click()
        .await?;
    browser.heading(labels.subscription).await?;
    let current = browser.link(labels.subscription, None).await?;
    anyhow::ensure!(
        current.attr("aria-current").await?.as_deref() == Some("page"),
        "the side navigation marks Subscription"
    );
    Ok(())
}

async fn cloud_path(labels: &'static Labels) -> anyhow::Result<()> {
    let cloud = Server::start(ServerRole::Cloud, &[]).await?;
    cloud.seed_acme()?;
    let browser = Browser::start().await?;
    let name = format!("nav_cloud_{}", labels.tag);
    journey(&name, &[&cloud], &browser, || async {
        log_in(&browser, &cloud.base, labels).await?;
        to_subscription(&browser, labels, "cloud").await?;
        browser.heading(labels.self_hosting).await?;
        shot(&browser, &format!("cloud-subscription-{}", labels.tag)).await?;
        browser.click_button(labels.set_up_billing_sync).await?;
        browser
            .fill_labeled(labels.master_password, PASSWORD)
            .await?;
        browser.click_button(labels.generate_token).await?;
        browser.button(labels.copy_token).await?;
        let token = browser
            .labeled(labels.token_field)
            .await?
            .prop("value")
            .await?
            .unwrap_or_default();
        anyhow::ensure!(
            token.len() == 30 && token.chars().all(|c| c.is_ascii_alphanumeric()),
            "a generated token, not {token:?}"
        );
        browser.click_button(labels.copy_token).await?;
        // Headless Chromium may refuse the clipboard; then the token is
        // selected and the page says how to copy it.
        let deadline = std::time::Instant::now() + billing_sync_e2e::WAIT;
        loop {
            let source = browser.client.source().await?;
            if source.contains(labels.copied) || source.contains(labels.copy_refused) {
                break;
            }
            anyhow::ensure!(std::time::Instant::now() < deadline, "no copy feedback");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        shot(&browser, &format!("cloud-token-{}", labels.tag)).await?;
        Ok(())
    })
    .await?;
    browser.close().await
}

async fn self_hosted_path(labels: &'static Labels) -> anyhow::Result<()> {
    let pair = CloudAndSelfHosted::start(&[]).await?;
    let (_, token) = pair.create_org_and_token().await?;
    let browser = Browser::start().await?;
    let name = format!("nav_self_hosted_{}", labels.tag);
    journey(
        &name,
        &[&pair.cloud, &pair.self_hosted],
        &browser,
        || async {
            log_in(&browser, &pair.self_hosted.base, labels).await?;
            to_subscription(&browser, labels, "self-hosted").await?;
            browser.heading(labels.license_and_billing).await?;
            browser
                .labeled(labels.automatic_sync)
                .await?
                .click()
                .await?;
            browser.click_button(labels.manage_billing_sync).await?;
            browser.fill_labeled(labels.token_field, &token).await?;
            shot(&browser, &format!("self-hosted-token-{}", labels.tag)).await?;
            browser.click_button(labels.save).await?;
            browser.wait_for_page_text(labels.saved).await?;
            browser.click_button(labels.sync_license).await?;
            browser.wait_for_page_text(labels.synced).await?;
            browser.wait_for_page_text(labels.first_sync_note).await?;
            shot(&browser, &format!("self-hosted-synced-{}", labels.tag)).await?;
            Ok(())
        },
    )
    .await?;
    browser.close().await
}

#[tokio::test]
async fn cloud_owner_follows_the_help_page_in_english() -> anyhow::Result<()> {
    cloud_path(&EN).await
}

#[tokio::test]
async fn cloud_owner_follows_the_help_page_in_dutch() -> anyhow::Result<()> {
    cloud_path(&NL).await
}

#[tokio::test]
async fn self_hosted_owner_follows_the_help_page_in_english() -> anyhow::Result<()> {
    self_hosted_path(&EN).await
}

#[tokio::test]
async fn self_hosted_owner_follows_the_help_page_in_dutch() -> anyhow::Result<()> {
    self_hosted_path(&NL).await
}
