//! What a journey checks at each screen it stops at
//! ([`Browser::check_screen`]): accessibility in both palettes (axe-core,
//! see [`crate::axe`]), a layout that fits a 360 px wide phone, and, for
//! `cargo xtask screenshots`, the README's pictures in English and Dutch.

use crate::browser::{Browser, DESKTOP, WAIT};
use std::path::Path;
use std::time::{Duration, Instant};

impl Browser {
    /// A screen a journey stops at: saves its screenshot and HTML
    /// ([`Self::save_artifacts`]), then fails on any WCAG 2.1 A/AA
    /// violation axe-core finds, in the light palette and in the dark one,
    /// and on anything of the module that sticks out of its root in a 360 px
    /// wide window.
    pub async fn check_screen(&self, name: &str) -> anyhow::Result<()> {
        self.save_artifacts(name).await?;
        if let Some(dir) = std::env::var_os(SCREENSHOTS_VAR).filter(|d| !d.is_empty()) {
            self.docs_screenshots(Path::new(&dir), name).await?;
        }
        self.check_narrow(name).await?;
        let light = crate::axe::violations(&self.client).await?;
        let before = crate::axe::set_theme(&self.client, None).await?;
        let dark = crate::axe::violations(&self.client).await;
        if !dark.as_ref().is_ok_and(Vec::is_empty) {
            self.save_artifacts(&format!("{name}-dark")).await?;
        }
        crate::axe::set_theme(&self.client, Some(&before)).await?;
        let dark = dark?;
        if light.is_empty() && dark.is_empty() {
            return Ok(());
        }
        let list = |found: &[crate::axe::Violation]| -> String {
            found.iter().map(ToString::to_string).collect()
        };
        anyhow::bail!(
            "{name}: accessibility violations (axe-core, WCAG 2.1 A/AA)\nlight:\n{}dark:\n{}",
            list(&light),
            list(&dark)
        )
    }

    /// `cargo xtask screenshots`: the screen as it is, then in the other
    /// language when the page has the language switch (clicked by script:
    /// an open modal dialog makes the switch inert to a real click), then
    /// back, so the journey goes on as it was.
    async fn docs_screenshots(&self, dir: &Path, name: &str) -> anyhow::Result<()> {
        let lang = |value: serde_json::Value| value.as_str().unwrap_or("en").to_owned();
        let current = lang(self.client.execute(MODULE_LANG, vec![]).await?);
        std::fs::write(
            dir.join(format!("{name}-{current}.png")),
            self.client.screenshot().await?,
        )?;
        let other = if current == "nl" { "en" } else { "nl" };
        if !self.exists(&format!("#lang-{other}")).await {
            return Ok(());
        }
        for (to, picture) in [(other, true), (current.as_str(), false)] {
            self.client
                .execute(
                    "document.querySelector('#lang-' + arguments[0]).click();",
                    vec![serde_json::json!(to)],
                )
                .await?;
            let deadline = Instant::now() + WAIT;
            while lang(self.client.execute(MODULE_LANG, vec![]).await?) != to {
                anyhow::ensure!(
                    Instant::now() < deadline,
                    "{name}: the language did not switch to {to}"
                );
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            if picture {
                std::fs::write(
                    dir.join(format!("{name}-{to}.png")),
                    self.client.screenshot().await?,
                )?;
            }
        }
        Ok(())
    }

    /// Lays the page out 360 px wide (a small phone) and fails if an element
    /// of the module reaches past the right edge, outside any scrolling box
    /// of its own; then restores the desktop size.
    async fn check_narrow(&self, name: &str) -> anyhow::Result<()> {
        let (width, height) = NARROW;
        self.client.set_window_size(width, height).await?;
        let sticking_out = self.client.execute(STICKING_OUT, vec![]).await;
        if !matches!(&sticking_out, Ok(serde_json::Value::Array(a)) if a.is_empty()) {
            self.save_artifacts(&format!("{name}-360px")).await?;
        }
        let (width, height) = DESKTOP;
        self.client.set_window_size(width, height).await?;
        let sticking_out = sticking_out?;
        anyhow::ensure!(
            sticking_out.as_array().is_some_and(Vec::is_empty),
            "{name}: at 360 px wide these stick out of the window: {sticking_out}"
        );
        Ok(())
    }
}

/// Set by `cargo xtask screenshots`: the folder for the README's pictures.
const SCREENSHOTS_VAR: &str = "BILLING_SYNC_SCREENSHOTS";

/// The language of the (first) module root on the page.
const MODULE_LANG: &str =
    "const root = document.querySelector('.billing-sync'); return root ? root.getAttribute('lang') : null;";

/// The small-phone window [`Browser::check_screen`] also lays pages out in.
const NARROW: (u32, u32) = (360, 800);

/// Module elements whose right edge is past their module root's (the
/// window's width for the standalone app; the box a host page gives an
/// embedded mount, whose own width is the host's choice), unless an
/// ancestor inside the module scrolls or clips them (a wide table in a
/// scrolling box is fine). Names the first few.
const STICKING_OUT: &str = r#"
    const windowWidth = document.documentElement.clientWidth;
    const limit = el => {
        const root = el.closest('.billing-sync').getBoundingClientRect();
        return root.width > 0 ? root.right : windowWidth;
    };
    const inScroller = el => {
        for (let p = el.parentElement; p && !p.classList.contains('billing-sync'); p = p.parentElement) {
            if (getComputedStyle(p).overflowX !== 'visible') return true;
        }
        return false;
    };
    const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '');
    return [...document.querySelectorAll('.billing-sync *')]
        .filter(el => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.height > 0 && r.right > limit(el) + 1 && !inScroller(el);
        })
        .slice(0, 5)
        .map(el => name(el) + ' (right edge ' + Math.round(el.getBoundingClientRect().right) + ' px)');
"#;
