//! The embeddable module in a host page on another origin than both APIs
//! (`www/embed-example.html`, served by its own little server): the owner
//! signs in through the identity APIs with the module's KDF, generates a
//! billing sync token in the cloud panel (`billing-sync-token-generated`),
//! pastes it into the self-hosted panel, saves and syncs the license
//! (`billing-sync-connection-saved`, `license-synced`); no event carries the
//! token, the password or an access token. A host origin the self-hosted
//! server does not allow gets a clear CORS message, no spinner. A host page
//! with hostile global CSS still lays the module out. An Argon2id account
//! signs in through the cross-origin module (its worker starts from a
//! `blob:` URL).

// The embed's split (entry and screen groups) and the texts each module
// carries in their own files, in this test binary: fewer binaries to link.
mod split;
mod texts;

use billing_sync_e2e::{journey, Browser, CloudAndSelfHosted, HostPage, Server, PASSWORD};

const EXAMPLE: &str = include_str!("../../../../www/embed-example.html");
const MOUNT_PAGE: &str = include_str!("../../pages/mount.html");

/// Every control of `css` (scoped to the mount) as `[left, top, width, height]`.
const BOXES: &str = "return arguments[0].map(css => {
    const el = document.querySelector(css);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return [r.left, r.top, r.width, r.height];
});";

/// Cloud and self-hosted servers that both allow `allowed`; the self-hosted
/// one refuses every other origin, the cloud also allows `cloud_only`.
async fn servers(allowed: &str, cloud_only: &str) -> anyhow::Result<CloudAndSelfHosted> {
    let cloud_list = format!("{allowed},{cloud_only}");
    CloudAndSelfHosted::start_with(
        move |_| vec![("billingSync__allowedOrigins".to_owned(), cloud_list.clone())],
        &[("billingSync__allowedOrigins", allowed)],
    )
    .await
}

/// Acme on the self-hosted server, created from its license (over HTTP),
/// without a billing sync connection yet. Returns its id there.
async fn acme_from_license(pair: &CloudAndSelfHosted) -> anyhow::Result<String> {
    let cloud_owner = pair.cloud.login_token("owner@acme.test", PASSWORD).await?;
    let license = pair.license_over_http(&cloud_owner).await?;
    let owner = pair
        .self_hosted
        .login_token("owner@acme.test", PASSWORD)
        .await?;
    let (status, org) = pair
        .self_hosted
        .post_license("/api/organizations/licenses/self-hosted", &owner, license)
        .await?;
    anyhow::ensure!(status == 200, "organization from license: {status} {org}");
    org["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow::anyhow!("no id in {org}"))
}

async fn events(browser: &Browser, global: &str) -> anyhow::Result<Vec<serde_json::Value>> {
    let value = browser
        .client
        .execute(
            &format!("return JSON.stringify(window.{global} || []);"),
            vec![],
        )
        .await?;
    Ok(serde_json::from_str(value.as_str().unwrap_or("[]"))?)
}

fn types(events: &[serde_json::Value]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| e["type"].as_str().map(str::to_owned))
        .collect()
}

async fn wait_event(browser: &Browser, global: &str, name: &str) -> anyhow::Result<()> {
    let deadline = std::time::Instant::now() + billing_sync_e2e::WAIT;
    while std::time::Instant::now() < deadline {
        if types(&events(browser, global).await?)
            .iter()
            .any(|t| t == name)
        {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
    anyhow::bail!(
        "no {name} event; got {:?}",
        types(&events(browser, global).await?)
    )
}

#[tokio::test]
async fn a_cross_origin_host_generates_saves_and_syncs_through_the_module() -> anyhow::Result<()> {
    let host = HostPage::start(&[("/", EXAMPLE.to_owned())]).await?;
    let pair = servers(&host.origin, "http://127.0.0.1:1").await?;
    acme_from_license(&pair).await?;
    let browser = Browser::start().await?;
    let all = [&pair.cloud, &pair.self_hosted];
    journey("embed_example_host", &all, &browser, || async {
        browser
            .goto(&host.url(&format!(
                "/?cloud={}&selfHosted={}",
                pair.cloud.base, pair.self_hosted.base
            )))
            .await?;
        browser.wait_for_text("#host-status", "Ready").await?;
        browser.fill("#host-email", "owner@acme.test").await?;
        browser.fill("#host-password", PASSWORD).await?;
        browser.click("#host-sign-in-button").await?;
        browser
            .wait_for_text("#host-status", "Signed in as owner@acme.test")
            .await?;

        // Cloud panel: generate the token.
        let cloud = "#cloud-mount";
        browser
            .wait_for_text(
                &format!("{cloud} #billing-sync-button"),
                "Set up billing sync",
            )
            .await?;
        browser.check_screen("embed-01-panels").await?;
        browser
            .click(&format!("{cloud} #billing-sync-button"))
            .await?;
        browser
            .fill(&format!("{cloud} #billing-sync-password"), PASSWORD)
            .await?;
        browser
            .click(&format!("{cloud} #billing-sync-submit"))
            .await?;
        let token = browser
            .wait_for_new_value(&format!("{cloud} #billing-sync-token"), "")
            .await?;
        wait_event(
            &browser,
            "billingSyncEvents",
            "billing-sync-token-generated",
        )
        .await?;
        browser
            .click(&format!("{cloud} #billing-sync-close"))
            .await?;

        // Self-hosted panel: paste, save, sync.
        let sh = "#self-hosted-mount";
        browser.click(&format!("{sh} #update-method-sync")).await?;
        browser.click(&format!("{sh} #manage-billing-sync")).await?;
        browser
            .fill(&format!("{sh} #billing-sync-key"), &token)
            .await?;
        browser
            .click(&format!("{sh} #billing-sync-key-save"))
            .await?;
        wait_event(
            &browser,
            "billingSyncEvents",
            "billing-sync-connection-saved",
        )
        .await?;
        browser
            .wait_for_text(&format!("{sh} #last-license-sync"), "Never")
            .await?;
        browser.click(&format!("{sh} #sync-license")).await?;
        browser
            .wait_for_text(
                &format!("{sh} #sync-license-result"),
                "Successfully synced license",
            )
            .await?;
        wait_event(&browser, "billingSyncEvents", "license-synced").await?;
        browser
            .wait_for_text("#event-log", "license-synced")
            .await?;
        browser.check_screen("embed-02-synced").await?;

        // Every event of the run: typed details, and never a secret.
        let seen = events(&browser, "billingSyncEvents").await?;
        let generated = seen
            .iter()
            .find(|e| e["type"] == "billing-sync-token-generated")
            .expect("seen above");
        anyhow::ensure!(
            generated["panel"] == "cloud"
                && generated["detail"]["organizationId"] == pair.cloud_org.as_str()
                && generated["detail"]["revisionDate"].is_string(),
            "token-generated detail: {generated}"
        );
        let text = serde_json::to_string(&seen)?;
        for secret in [token.as_str(), PASSWORD, "eyJ"] {
            anyhow::ensure!(
                !text.contains(secret),
                "an event carries a secret ({secret:.4}…): {text}"
            );
        }
        // The module left the host's document alone.
        let lang = browser
            .client
            .execute(
                "return document.documentElement.lang + '|' + document.title;",
                vec![],
            )
            .await?;
        anyhow::ensure!(
            lang.as_str() == Some("en|Example vault – Billing Sync embedded"),
            "host lang/title changed: {lang}"
        );
        Ok(())
    })
    .await?;
    browser.close().await
}

/// The test host page on `host` mounting `screen` of `server` with `token`.
fn mount_url(
    host: &HostPage,
    module_from: &Server,
    server: &Server,
    screen: &str,
    org: &str,
    token: &str,
    hostile: bool,
) -> String {
    host.url(&format!(
        "/mount.html?module={}/embed/v1/billing-sync.js&api={}/api&identity={}/identity&screen={screen}&org={org}&token={token}&hostile={}",
        module_from.base,
        server.base,
        server.base,
        u8::from(hostile)
    ))
}

#[tokio::test]
async fn a_refused_origin_sees_cors_named_a_wrong_server_is_named_and_hostile_css_does_not_break_the_layout(
) -> anyhow::Result<()> {
    // `allowed` may use both servers; `refused` only loads the module from
    // the cloud: the self-hosted server does not list it.
    let allowed = HostPage::start(&[("/mount.html", MOUNT_PAGE.to_owned())]).await?;
    let refused = HostPage::start(&[("/mount.html", MOUNT_PAGE.to_owned())]).await?;
    let pair = servers(&allowed.origin, &refused.origin).await?;
    let org = acme_from_license(&pair).await?;
    let owner = pair
        .self_hosted
        .login_token("owner@acme.test", PASSWORD)
        .await?;
    let browser = Browser::start().await?;
    let all = [&pair.cloud, &pair.self_hosted];
    journey("embed_refused_and_hostile", &all, &browser, || async {
        let url = mount_url(
            &refused,
            &pair.cloud,
            &pair.self_hosted,
            "self-hosted-subscription",
            &org,
            &owner,
            false,
        );
        browser.goto(&url).await?;
        let message = browser
            .wait_for_text("#mount-here .callout-danger", "CORS")
            .await?;
        anyhow::ensure!(
            message.contains(&pair.self_hosted.base)
                && message.contains("globalSettings__billingSync__allowedOrigins"),
            "the message names the server and the setting: {message}"
        );
        anyhow::ensure!(
            !browser.exists("#mount-here .spinner").await,
            "no spinner after the refusal"
        );
        wait_event(&browser, "events", "error").await?;
        let seen = events(&browser, "events").await?;
        anyhow::ensure!(
            seen.iter()
                .any(|e| e["type"] == "error" && e["detail"]["kind"] == "cors"),
            "an error event of kind cors: {seen:?}"
        );
        anyhow::ensure!(!serde_json::to_string(&seen)?.contains(&owner), "no token in events");
        browser.check_screen("embed-03-cors-refused").await?;

        // Hostile host CSS: the cloud panel's key controls keep their own
        // boxes, side by side or stacked, never on top of each other.
        let cloud_owner = pair.cloud.login_token("owner@acme.test", PASSWORD).await?;
        let url = mount_url(
            &allowed,
            &pair.cloud,
            &pair.cloud,
            "cloud-subscription",
            &pair.cloud_org,
            &cloud_owner,
            true,
        );
        browser.goto(&url).await?;
        browser
            .wait_for_text("#mount-here #billing-sync-button", "Set up billing sync")
            .await?;
        browser.check_screen("embed-04-hostile-css").await?;
        let controls = [
            "#mount-here #page-title",
            "#mount-here #plan-name",
            "#mount-here #seats",
            "#mount-here #download-license",
            "#mount-here #billing-sync-button",
        ];
        let boxes = browser
            .client
            .execute(BOXES, vec![serde_json::json!(controls)])
            .await?;
        let boxes: Vec<Option<[f64; 4]>> = serde_json::from_value(boxes)?;
        let mut laid_out = Vec::new();
        for (css, found) in controls.iter().zip(&boxes) {
            let [left, top, width, height] =
                found.ok_or_else(|| anyhow::anyhow!("{css} is not on the page"))?;
            anyhow::ensure!(width > 20.0 && height > 10.0, "{css} collapsed: {found:?}");
            laid_out.push((css, left, top, width, height));
        }
        for (i, a) in laid_out.iter().enumerate() {
            for b in &laid_out[i + 1..] {
                let overlap_x = a.1 < b.1 + b.3 && b.1 < a.1 + a.3;
                let overlap_y = a.2 < b.2 + b.4 && b.2 < a.2 + a.4;
                anyhow::ensure!(
                    !(overlap_x && overlap_y),
                    "{} overlaps {}: {a:?} {b:?}",
                    a.0,
                    b.0
                );
            }
        }
        // The buttons keep the module's look, not the host's pink.
        let background = browser
            .client
            .execute(
                "return getComputedStyle(document.querySelector('#mount-here #billing-sync-button')).backgroundColor;",
                vec![],
            )
            .await?;
        anyhow::ensure!(
            background.as_str() != Some("rgb(255, 105, 180)"),
            "the host's button rule got in: {background}"
        );

        // The cloud's screen pointed at the self-hosted server: the module
        // names the screen that fits and shows no cloud section.
        let url = mount_url(
            &allowed,
            &pair.cloud,
            &pair.self_hosted,
            "cloud-subscription",
            &org,
            &owner,
            false,
        );
        browser.goto(&url).await?;
        let message = browser
            .wait_for_text("#mount-here #server-mismatch", "self-hosted-subscription")
            .await?;
        anyhow::ensure!(
            message.contains(&pair.self_hosted.base) && message.contains("self-hosted installation"),
            "the message names the server and what it is: {message}"
        );
        anyhow::ensure!(
            !browser.exists("#mount-here #billing-sync-button").await
                && !browser.exists("#mount-here #license-billing").await,
            "no section of either kind of server under the mismatch"
        );
        wait_event(&browser, "events", "error").await?;
        let seen = events(&browser, "events").await?;
        anyhow::ensure!(
            seen.iter()
                .any(|e| e["detail"]["kind"] == "mismatch" && e["detail"]["message"] == message.as_str()),
            "an error event of kind mismatch with the message shown: {seen:?}"
        );
        browser.check_screen("embed-05-server-mismatch").await?;

        // The admin's Families view on the self-hosted server: the members'
        // sponsorships and the sync with the cloud.
        let url = mount_url(
            &allowed,
            &pair.cloud,
            &pair.self_hosted,
            "families-admin",
            &org,
            &owner,
            false,
        );
        browser.goto(&url).await?;
        browser
            .wait_for_text("#mount-here #member-families-title", "Free Bitwarden Families")
            .await?;
        browser
            .wait_for_text("#mount-here #sponsorship-sync-title", "Free Bitwarden Families sync")
            .await?;
        browser.check_screen("embed-06-families-admin").await?;
        Ok(())
    })
    .await?;
    browser.close().await
}

#[tokio::test]
async fn an_argon2id_account_signs_in_through_the_cross_origin_module() -> anyhow::Result<()> {
    let host = HostPage::start(&[("/", EXAMPLE.to_owned())]).await?;
    let pair = servers(&host.origin, "http://127.0.0.1:1").await?;
    // Bob is an Argon2id account on the cloud (seed_acme); give him one on
    // the self-hosted server too.
    pair.self_hosted.cli(&[
        "user",
        "add",
        "--email",
        "bob@acme.test",
        "--name",
        "Bob Member",
        "--password",
        PASSWORD,
        "--kdf",
        "argon2id",
    ])?;
    let browser = Browser::start().await?;
    let all = [&pair.cloud, &pair.self_hosted];
    journey("embed_argon2id", &all, &browser, || async {
        browser
            .goto(&host.url(&format!(
                "/?cloud={}&selfHosted={}",
                pair.cloud.base, pair.self_hosted.base
            )))
            .await?;
        browser.wait_for_text("#host-status", "Ready").await?;
        browser.fill("#host-email", "bob@acme.test").await?;
        browser.fill("#host-password", PASSWORD).await?;
        browser.click("#host-sign-in-button").await?;
        // Both logins derive Argon2id in the module's worker, whose script
        // and wasm come from the cloud's origin.
        browser
            .wait_for_text("#host-status", "Signed in as bob@acme.test")
            .await?;
        let prelogin: serde_json::Value = reqwest::Client::new()
            .post(pair.cloud.url("/identity/accounts/prelogin"))
            .json(&serde_json::json!({"email": "bob@acme.test"}))
            .send()
            .await?
            .json()
            .await?;
        anyhow::ensure!(prelogin["kdf"] == 1, "Bob uses Argon2id: {prelogin}");
        // A wrong password is refused (the hash really is checked).
        browser.fill("#host-password", "not the password").await?;
        browser.click("#host-sign-in-button").await?;
        browser
            .wait_for_text("#host-status", "Signed in with problems")
            .await?;
        Ok(())
    })
    .await?;
    browser.close().await
}
