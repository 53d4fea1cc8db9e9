//! The accessibility check every journey screen goes through
//! (`Browser::check_screen`) really finds violations: a page with an image
//! without text, an unlabelled field and grey-on-white text fails it, in
//! light and in the module's dark palette, and a clean page passes.

use billing_sync_e2e::{axe, Browser, HostPage};

const BAD: &str = r#"<!doctype html><html lang="en"><head><title>bad</title></head><body><main>
<div class="billing-sync" data-theme="light">
  <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
  <input type="text">
  <p style="color:#bbb;background:#fff">Low contrast text</p>
</div></main></body></html>"#;

const CLEAN: &str = r#"<!doctype html><html lang="en"><head><title>clean</title></head><body><main>
<div class="billing-sync" data-theme="light"><h1>Title</h1><label for="f">Name</label><input id="f" type="text">
<p style="color:#222;background:#fff">Readable text</p></div></main></body></html>"#;

#[tokio::test]
async fn the_checker_finds_known_violations_and_passes_a_clean_page() -> anyhow::Result<()> {
    // Its made-up pages are no screens of the product: keep them out of
    // `cargo xtask screenshots` (the only test in this binary, so no other
    // thread reads the environment meanwhile).
    std::env::remove_var("BILLING_SYNC_SCREENSHOTS");
    let host = HostPage::start(&[
        ("/bad.html", BAD.to_owned()),
        ("/clean.html", CLEAN.to_owned()),
    ])
    .await?;
    let browser = Browser::start().await?;
    browser.goto(&host.url("/bad.html")).await?;
    let found = axe::violations(&browser.client).await?;
    let ids: Vec<&str> = found.iter().map(|v| v.id.as_str()).collect();
    for expected in ["image-alt", "label", "color-contrast"] {
        anyhow::ensure!(
            ids.contains(&expected),
            "axe-core missed {expected}: {ids:?}"
        );
    }
    let failed = browser.check_screen("a11y-checker-bad").await;
    anyhow::ensure!(
        failed
            .as_ref()
            .is_err_and(|e| e.to_string().contains("color-contrast")),
        "check_screen must fail on the bad page: {failed:?}"
    );
    // The theme switch used for the dark check is undone afterwards.
    let theme = browser
        .client
        .execute(
            "return document.querySelector('.billing-sync').getAttribute('data-theme');",
            vec![],
        )
        .await?;
    anyhow::ensure!(theme == "light", "the page's theme is restored: {theme}");

    browser.goto(&host.url("/clean.html")).await?;
    browser.check_screen("a11y-checker-clean").await?;
    browser.close().await
}
