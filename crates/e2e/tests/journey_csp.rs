//! Journey under the Content-Security-Policy: log in with PBKDF2 (the
//! WebCrypto path) and with Argon2id (the Web Worker), open the Admin
//! Console, log out, with zero CSP violations in the page; and an inline
//! script injected afterwards is refused and reported, so the check itself
//! is known to work.

use billing_sync_e2e::{
    journey, log_in_here, open_subscription, Browser, Server, ServerRole, PASSWORD,
};
use serde_json::Value;

/// Records `securitypolicyviolation` events from now on, in this document.
const WATCH: &str = "window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) =>
    window.__cspViolations.push(e.effectiveDirective + ' ' + e.blockedURI));";

/// Every CSP violation of this document: the buffered reports (also those
/// from before the page's first script ran) and the recorded events.
const VIOLATIONS: &str = "const done = arguments[arguments.length - 1];
const seen = [];
const describe = (r) => r.body.effectiveDirective + ' ' + r.body.blockedURL;
const observer = new ReportingObserver((reports) => reports.forEach((r) => seen.push(describe(r))),
    { types: ['csp-violation'], buffered: true });
observer.observe();
setTimeout(() => {
    observer.takeRecords().forEach((r) => seen.push(describe(r)));
    observer.disconnect();
    done({ reports: seen, events: window.__cspViolations || [] });
}, 500);";

async fn violations(browser: &Browser) -> anyhow::Result<(Vec<String>, Vec<String>)> {
    let found = browser.client.execute_async(VIOLATIONS, vec![]).await?;
    let list = |key: &str| -> Vec<String> {
        found[key]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    Ok((list("reports"), list("events")))
}

#[tokio::test]
async fn the_journeys_run_under_the_policy_without_violations() -> anyhow::Result<()> {
    let cloud = Server::start(ServerRole::Cloud, &[]).await?;
    cloud.seed_acme()?;
    let policy = reqwest::get(cloud.url("/"))
        .await?
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let script_src = policy
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .unwrap_or_default();
    anyhow::ensure!(
        script_src.contains("'self' 'wasm-unsafe-eval'") && !script_src.contains("unsafe-inline"),
        "strict script policy on the web module: {policy}"
    );
    let browser = Browser::start().await?;
    journey("csp_login_subscription_argon2id", &[&cloud], &browser, || async {
        browser.goto(&cloud.url("/")).await?;
        browser.find("#email").await?;
        browser.client.execute(WATCH, vec![]).await?;
        log_in_here(&browser, "owner@acme.test", PASSWORD).await?;
        open_subscription(&browser, "Acme").await?;
        browser.click("#logout").await?;
        browser.find("#email").await?;
        // Argon2id runs in a Web Worker loaded from this server.
        log_in_here(&browser, "bob@acme.test", PASSWORD).await?;
        browser.wait_for_text("#org-list", "Acme").await?;

        let (reports, events) = violations(&browser).await?;
        anyhow::ensure!(
            reports.is_empty() && events.is_empty(),
            "no CSP violations: reports {reports:?}, events {events:?}"
        );

        // The check works: an injected inline script is refused and reported.
        browser
            .client
            .execute(
                "const s = document.createElement('script'); s.textContent = 'window.__inlineRan = true;'; \
                 document.head.appendChild(s);",
                vec![],
            )
            .await?;
        let ran = browser
            .client
            .execute("return window.__inlineRan === true;", vec![])
            .await?;
        anyhow::ensure!(ran == Value::Bool(false), "the inline script did not run");
        let (reports, events) = violations(&browser).await?;
        anyhow::ensure!(
            events.iter().any(|e| e.starts_with("script-src")) || !reports.is_empty(),
            "the refused inline script is reported: {reports:?} {events:?}"
        );
        Ok(())
    })
    .await?;
    browser.close().await
}
