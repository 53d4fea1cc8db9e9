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
    /// in the screen's language and again in the other one (switched with
    /// the module's own language switch, then back), and on anything of the
    /// module that sticks out of its root in a 360 px wide window.
    pub async fn check_screen(&self, name: &str) -> anyhow::Result<()> {
        self.save_artifacts(name).await?;
        let current = self.module_lang().await?;
        let screenshots = std::env::var_os(SCREENSHOTS_VAR).filter(|d| !d.is_empty());
        if let Some(dir) = &screenshots {
            self.docs_screenshot(Path::new(dir), name, &current).await?;
        }
        let mut found = self.axe_in_both_palettes(name, &current).await?;
        let other = if current == "nl" { "en" } else { "nl" };
        if self.exists(&format!("#lang-{other}")).await {
            self.switch_language(name, other).await?;
            if let Some(dir) = &screenshots {
                self.docs_screenshot(Path::new(dir), name, other).await?;
            }
            let in_other = self.axe_in_both_palettes(name, other).await;
            self.switch_language(name, &current).await?;
            found.push_str(&in_other?);
        }
        anyhow::ensure!(
            found.is_empty(),
            "{name}: accessibility violations (axe-core, WCAG 2.1 A/AA)\n{found}"
        );
        // Last: resizing the window moves the page under the screenshots.
        self.check_narrow(name).await
    }

    /// axe-core's violations in the light palette, then the dark one, as
    /// lines headed by the palette and language; empty when there are none.
    async fn axe_in_both_palettes(&self, name: &str, lang: &str) -> anyhow::Result<String> {
        let light = crate::axe::violations(&self.client).await?;
        let before = crate::axe::set_theme(&self.client, None).await?;
        let dark = crate::axe::violations(&self.client).await;
        if !dark.as_ref().is_ok_and(Vec::is_empty) {
            self.save_artifacts(&format!("{name}-{lang}-dark")).await?;
        }
        crate::axe::set_theme(&self.client, Some(&before)).await?;
        let dark = dark?;
        let mut found = String::new();
        for (palette, list) in [("light", &light), ("dark", &dark)] {
            if !list.is_empty() {
                found.push_str(&format!("{lang}, {palette}:\n"));
                found.extend(list.iter().map(ToString::to_string));
            }
        }
        Ok(found)
    }

    /// The language of the module on the page (`lang` of its root).
    async fn module_lang(&self) -> anyhow::Result<String> {
        let value = self.client.execute(MODULE_LANG, vec![]).await?;
        Ok(value.as_str().unwrap_or("en").to_owned())
    }

    /// Switches the module's language with its own switch (clicked by
    /// script: an open modal dialog makes the switch inert to a real
    /// click) and waits until the module shows it.
    async fn switch_language(&self, name: &str, to: &str) -> anyhow::Result<()> {
        self.client
            .execute(
                "document.querySelector('#lang-' + arguments[0]).click();",
                vec![serde_json::json!(to)],
            )
            .await?;
        let deadline = Instant::now() + WAIT;
        while self.module_lang().await? != to {
            anyhow::ensure!(
                Instant::now() < deadline,
                "{name}: the language did not switch to {to}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(())
    }

    /// `cargo xtask screenshots`: the screen as it is now, as
    /// `<name>-<lang>.png` (a stop named for its language, "…-nl", gets the
    /// language once).
    async fn docs_screenshot(&self, dir: &Path, name: &str, lang: &str) -> anyhow::Result<()> {
        let name = ["-en", "-nl"]
            .iter()
            .find_map(|suffix| name.strip_suffix(suffix))
            .unwrap_or(name);
        std::fs::write(
            dir.join(format!("{name}-{lang}.png")),
            self.client.screenshot().await?,
        )?;
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
