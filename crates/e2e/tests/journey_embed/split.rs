//! The embed in parts, through a host page on its own origin
//! (`pages/mount.html`): a host that mounts one screen downloads the entry
//! (`billing-sync.js`), the stylesheet and that screen's group only, never
//! another group or the full app (the browser's resource timing list); an
//! `unmount()` before the group has loaded leaves the element empty and
//! sends no event, and the element then takes a new mount; a `setLocale`
//! right after `mount()` is the language the screen shows.

use billing_sync_e2e::{journey, Browser, HostPage, Server, ServerRole, PASSWORD, WAIT};

use super::MOUNT_PAGE;

/// The paths below `/embed/` the page has fetched so far.
async fn embed_files(browser: &Browser) -> anyhow::Result<Vec<String>> {
    let names = browser
        .client
        .execute(
            "return performance.getEntriesByType('resource')
                .map((e) => new URL(e.name).pathname)
                .filter((p) => p.startsWith('/embed/'));",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(names)?)
}

/// Checks that the page fetched the entry, the stylesheet and `group`'s
/// module, and nothing of another group, the full app or the KDF (a host
/// that does not call `deriveMasterPasswordHash`).
fn only_entry_and(group: &str, files: &[String]) -> anyhow::Result<()> {
    let own = format!("/embed/v1/screens/{group}/");
    for needed in [
        "/embed/v1/billing-sync.js".to_owned(),
        "/embed/v1/billing-sync_bg.wasm".to_owned(),
        "/embed/v1/billing-sync.css".to_owned(),
        format!("{own}{group}.js"),
        format!("{own}{group}_bg.wasm"),
    ] {
        anyhow::ensure!(files.contains(&needed), "{needed} not fetched: {files:?}");
    }
    let foreign: Vec<&String> = files
        .iter()
        .filter(|f| {
            (f.starts_with("/embed/v1/screens/") && !f.starts_with(&own))
                || f.starts_with("/embed/v1/app/")
                || f.starts_with("/embed/v1/kdf/")
        })
        .collect();
    anyhow::ensure!(
        foreign.is_empty(),
        "mounting {group} fetched other modules: {foreign:?}"
    );
    Ok(())
}

/// Polls `script` (a `return …` expression) until it is `true`.
async fn wait_true(browser: &Browser, script: &str) -> anyhow::Result<()> {
    let deadline = std::time::Instant::now() + WAIT;
    while std::time::Instant::now() < deadline {
        if browser.client.execute(script, vec![]).await? == serde_json::json!(true) {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    anyhow::bail!("still false after {WAIT:?}: {script}")
}

fn mount_url(host: &HostPage, cloud: &Server, screen: &str, org: &str, token: &str) -> String {
    host.url(&format!(
        "/mount.html?module={base}/embed/v1/billing-sync.js&api={base}/api&identity={base}/identity&screen={screen}&org={org}&token={token}",
        base = cloud.base,
    ))
}

/// The mount page on its own origin, a cloud that allows it, the seeded
/// organization and its owner's access token.
async fn host_and_cloud() -> anyhow::Result<(HostPage, Server, String, String)> {
    let host = HostPage::start(&[("/mount.html", MOUNT_PAGE.to_owned())]).await?;
    let cloud = Server::start(
        ServerRole::Cloud,
        &[("billingSync__allowedOrigins", host.origin.as_str())],
    )
    .await?;
    let org = cloud.seed_acme()?;
    let owner = cloud.login_token("owner@acme.test", PASSWORD).await?;
    Ok((host, cloud, org, owner))
}

#[tokio::test]
async fn a_host_downloads_the_entry_and_the_mounted_screens_group_only() -> anyhow::Result<()> {
    let (host, cloud, org, owner) = host_and_cloud().await?;
    let browser = Browser::start().await?;
    journey("embed_split_downloads", &[&cloud], &browser, || async {
        // A member's Families page: the families group.
        browser
            .goto(&mount_url(&host, &cloud, "families", &org, &owner))
            .await?;
        browser
            .wait_for_text("#mount-here #families-title", "Free Bitwarden Families")
            .await?;
        only_entry_and("families", &embed_files(&browser).await?)?;

        // The cloud's Subscription page, in a fresh page: the subscription group.
        browser
            .goto(&mount_url(
                &host,
                &cloud,
                "cloud-subscription",
                &org,
                &owner,
            ))
            .await?;
        browser
            .wait_for_text("#mount-here #billing-sync-button", "Set up billing sync")
            .await?;
        only_entry_and("subscription", &embed_files(&browser).await?)?;
        Ok(())
    })
    .await?;
    browser.close().await
}

#[tokio::test]
async fn an_early_unmount_leaves_the_element_clean_and_an_early_set_locale_is_kept(
) -> anyhow::Result<()> {
    let (host, cloud, org, owner) = host_and_cloud().await?;
    let browser = Browser::start().await?;
    journey("embed_split_early_calls", &[&cloud], &browser, || async {
        let url = format!(
            "{}&mount=0",
            mount_url(&host, &cloud, "families", &org, &owner)
        );
        browser.goto(&url).await?;
        wait_true(&browser, "return window.moduleReady === true;").await?;

        // Mounted and unmounted at once: the group is still loading.
        let children = browser
            .client
            .execute(
                "const element = document.getElementById('mount-here');
                 const handle = window.billingSync.mount(element, window.mountOptions);
                 const during = element.childElementCount;
                 handle.unmount();
                 handle.unmount();
                 return [during, element.childElementCount];",
                vec![],
            )
            .await?;
        anyhow::ensure!(
            children == serde_json::json!([1, 0]),
            "one container while mounted, none after unmount(): {children}"
        );
        // The group's module still arrives (an import cannot be called
        // off); once it has run, the element stays empty and silent.
        wait_true(
            &browser,
            "return performance.getEntriesByType('resource')
                .some((e) => e.name.endsWith('/screens/families/families_bg.wasm'));",
        )
        .await?;
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        let left = browser
            .client
            .execute(
                "return [document.getElementById('mount-here').innerHTML, window.events.length];",
                vec![],
            )
            .await?;
        anyhow::ensure!(
            left == serde_json::json!(["", 0]),
            "an unmount before the screen loaded leaves nothing: {left}"
        );

        // The same element takes a new mount; a setLocale right after
        // mount() is the language of the screen.
        browser
            .client
            .execute(
                "const element = document.getElementById('mount-here');
                 window.handle = window.billingSync.mount(element, window.mountOptions);
                 window.handle.setLocale('nl');",
                vec![],
            )
            .await?;
        browser
            .wait_for_text("#mount-here #families-title", "Gratis Bitwarden Families")
            .await?;
        browser
            .wait_for_attr("#mount-here .billing-sync", "lang", "nl")
            .await?;
        // A bad value still throws at once, and the mount lives on.
        let refused = browser
            .client
            .execute(
                "try { window.handle.setLocale('fr'); return 'accepted'; }
                 catch (e) { return String(e.message); }",
                vec![],
            )
            .await?;
        anyhow::ensure!(
            refused
                .as_str()
                .is_some_and(|m| m.contains("\"en\", \"nl\"")),
            "setLocale('fr') throws naming the choices: {refused}"
        );
        browser
            .client
            .execute("window.handle.setLocale('en');", vec![])
            .await?;
        browser
            .wait_for_text("#mount-here #families-title", "Free Bitwarden Families")
            .await?;
        Ok(())
    })
    .await?;
    browser.close().await
}
