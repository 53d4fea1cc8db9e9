//! Accessibility checks with axe-core (npm, pinned in `tools/package.json`,
//! installed by `cargo xtask test`) in the page under test.
//!
//! Every screen a journey stops at is checked twice: as it is, and with the
//! module's dark palette (`data-theme="dark"` on each module root, the same
//! switch the `theme` option and `prefers-color-scheme` drive), so both
//! palettes must pass colour contrast wherever a journey goes. Only the WCAG
//! 2.0/2.1 A and AA rules run: axe's best-practice rules are advice, not the
//! standard this product promises.

use anyhow::{bail, Context};
use fantoccini::Client;
use serde::Deserialize;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The rule tags that make up WCAG 2.1 level A and AA.
const WCAG_21_AA: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// axe-core's script, read once per test process.
fn axe_source() -> anyhow::Result<&'static str> {
    static SOURCE: OnceLock<Result<String, String>> = OnceLock::new();
    let source = SOURCE.get_or_init(|| {
        let path = axe_path();
        std::fs::read_to_string(&path).map_err(|e| {
            format!(
                "cannot read axe-core at {} ({e}); `cargo xtask test` installs it (npm ci in tools/)",
                path.display()
            )
        })
    });
    source.as_deref().map_err(|e| anyhow::anyhow!("{e}"))
}

fn axe_path() -> PathBuf {
    crate::workspace_root().join("tools/node_modules/axe-core/axe.min.js")
}

/// One failed rule and the elements that fail it.
#[derive(Debug, Deserialize)]
pub struct Violation {
    pub id: String,
    pub impact: Option<String>,
    pub help: String,
    /// Each failing element: its selector and axe's summary of the failure.
    pub nodes: Vec<(String, String)>,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let impact = self.impact.as_deref().unwrap_or("?");
        writeln!(f, "  [{impact}] {}: {}", self.id, self.help)?;
        for (target, summary) in &self.nodes {
            writeln!(f, "    {target}: {}", summary.replace('\n', " "))?;
        }
        Ok(())
    }
}

/// Runs the WCAG 2.1 A/AA rules on the whole page; returns the violations.
pub async fn violations(client: &Client) -> anyhow::Result<Vec<Violation>> {
    let loaded = client
        .execute("return typeof window.axe === 'object';", vec![])
        .await?;
    if loaded.as_bool() != Some(true) {
        // WebDriver scripts run outside the page's CSP, so the module's
        // strict policy does not stop the checker.
        client
            .execute(&format!("{};\nreturn true;", axe_source()?), vec![])
            .await
            .context("injecting axe-core")?;
    }
    let script = r#"
        const [tags, done] = arguments;
        axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
          .then(r => done(JSON.stringify(r.violations.map(v => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map(n => [n.target.join(' '), n.failureSummary || ''])
          })))))
          .catch(e => done(JSON.stringify({ error: String(e) })));
    "#;
    let answer = client
        .execute_async(script, vec![serde_json::json!(WCAG_21_AA)])
        .await
        .context("running axe-core")?;
    let text = answer.as_str().unwrap_or_default();
    if let Ok(serde_json::Value::Object(error)) = serde_json::from_str(text) {
        bail!("axe-core failed: {error:?}");
    }
    serde_json::from_str(text).with_context(|| format!("reading axe-core's answer: {text}"))
}

/// Sets `data-theme` on every module root; returns the values it replaced.
pub async fn set_theme(client: &Client, theme: Option<&[String]>) -> anyhow::Result<Vec<String>> {
    let script = r#"
        const [themes] = arguments;
        const roots = [...document.querySelectorAll('.billing-sync')];
        const before = roots.map(r => r.getAttribute('data-theme') || 'light');
        roots.forEach((r, i) => r.setAttribute('data-theme', themes ? themes[i] : 'dark'));
        return before;
    "#;
    let before = client
        .execute(script, vec![serde_json::json!(theme)])
        .await?;
    Ok(serde_json::from_value(before)?)
}
