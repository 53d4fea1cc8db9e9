//! Headless Chromium over WebDriver.

use anyhow::{bail, Context};
use fantoccini::{Client, ClientBuilder, Locator};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long to wait for the page to reach an expected state.
pub const WAIT: Duration = Duration::from_secs(20);

/// A browser session (and the chromedriver we started, if any).
pub struct Browser {
    pub client: Client,
    driver: Option<Child>,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Opens a fresh headless Chromium with an empty profile.
    pub async fn start() -> anyhow::Result<Self> {
        Self::start_with_download_dir(None).await
    }

    /// Like [`Browser::start`]; files the page downloads are saved, without
    /// asking, into `download_dir` when given.
    pub async fn start_with_download_dir(download_dir: Option<&Path>) -> anyhow::Result<Self> {
        let (url, driver) = match std::env::var("WEBDRIVER_URL") {
            Ok(url) if !url.is_empty() => (url, None),
            _ => start_chromedriver().await?,
        };
        let profile = tempfile::tempdir()?;
        let mut prefs = serde_json::json!({"intl.accept_languages": "en-US"});
        if let Some(dir) = download_dir {
            prefs["download.default_directory"] = dir.display().to_string().into();
            prefs["download.prompt_for_download"] = false.into();
            prefs["download.directory_upgrade"] = true.into();
            prefs["safebrowsing.enabled"] = false.into();
        }
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--disable-background-networking", "--disable-component-update",
                         "--disable-sync", "--no-first-run", format!("--window-size={},{}", DESKTOP.0, DESKTOP.1),
                         "--lang=en-US", format!("--user-data-dir={}", profile.path().display())],
                "prefs": prefs
            }),
        );
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect(&url)
            .await
            .with_context(|| format!("cannot open a browser session at {url}"))?;
        Ok(Self {
            client,
            driver,
            _profile: profile,
        })
    }

    /// Navigates to a URL.
    pub async fn goto(&self, url: &str) -> anyhow::Result<()> {
        self.client.goto(url).await?;
        Ok(())
    }

    /// Waits for an element and returns it.
    pub async fn find(&self, css: &str) -> anyhow::Result<fantoccini::elements::Element> {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("no element {css:?} on the page"))
    }

    /// Types into an input (clearing it first).
    pub async fn fill(&self, css: &str, text: &str) -> anyhow::Result<()> {
        let element = self.find(css).await?;
        element.clear().await?;
        element.send_keys(text).await?;
        Ok(())
    }

    /// Clicks an element.
    pub async fn click(&self, css: &str) -> anyhow::Result<()> {
        self.find(css).await?.click().await?;
        Ok(())
    }

    /// The visible text of an element.
    pub async fn text(&self, css: &str) -> anyhow::Result<String> {
        Ok(self.find(css).await?.text().await?)
    }

    /// Waits until the element's text contains `expected`; returns the text.
    pub async fn wait_for_text(&self, css: &str, expected: &str) -> anyhow::Result<String> {
        let deadline = Instant::now() + WAIT;
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                last = element.text().await.unwrap_or_default();
                if last.contains(expected) {
                    return Ok(last);
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("{css:?} never showed {expected:?}; last text: {last:?}")
    }

    /// An attribute of an element (`None` when absent).
    pub async fn attr(&self, css: &str, name: &str) -> anyhow::Result<Option<String>> {
        Ok(self.find(css).await?.attr(name).await?)
    }

    /// The current `value` property of an input (what the user sees in it).
    pub async fn value(&self, css: &str) -> anyhow::Result<String> {
        Ok(self
            .find(css)
            .await?
            .prop("value")
            .await?
            .unwrap_or_default())
    }

    /// Whether the element is enabled (not `disabled`).
    pub async fn is_enabled(&self, css: &str) -> anyhow::Result<bool> {
        Ok(self.find(css).await?.is_enabled().await?)
    }

    /// Whether the element is on the page and visible right now.
    pub async fn is_visible(&self, css: &str) -> bool {
        match self.client.find(Locator::Css(css)).await {
            Ok(element) => element.is_displayed().await.unwrap_or(false),
            Err(_) => false,
        }
    }

    /// Waits until the element's attribute equals `expected`.
    pub async fn wait_for_attr(&self, css: &str, name: &str, expected: &str) -> anyhow::Result<()> {
        let deadline = Instant::now() + WAIT;
        let mut last = None;
        while Instant::now() < deadline {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                last = element.attr(name).await.unwrap_or_default();
                if last.as_deref() == Some(expected) {
                    return Ok(());
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("{css:?} never had {name}={expected:?}; last: {last:?}")
    }

    /// Waits until an input's value is non-empty and differs from `previous`; returns it.
    pub async fn wait_for_new_value(&self, css: &str, previous: &str) -> anyhow::Result<String> {
        let deadline = Instant::now() + WAIT;
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                last = element
                    .prop("value")
                    .await
                    .ok()
                    .flatten()
                    .unwrap_or_default();
                if !last.is_empty() && last != previous {
                    return Ok(last);
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("the value of {css:?} never changed from {previous:?} (last {last:?})")
    }

    /// Waits until one of `candidates` is on the page; returns the one found.
    pub async fn wait_for_any<'a>(&self, candidates: &[&'a str]) -> anyhow::Result<&'a str> {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            for css in candidates {
                if self.exists(css).await {
                    return Ok(css);
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("none of {candidates:?} appeared on the page")
    }

    /// Waits until nothing matches `css`.
    pub async fn wait_gone(&self, css: &str) -> anyhow::Result<()> {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if !self.exists(css).await {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("{css:?} is still on the page")
    }

    /// Starts recording the first text an element matching `css` shows,
    /// even if it is on the page only for an instant (read it with
    /// [`Browser::watched_text`]).
    pub async fn watch_text(&self, css: &str) -> anyhow::Result<()> {
        self.client
            .execute(
                r#"const css = arguments[0];
                   window.__e2eSeen = window.__e2eSeen || {};
                   delete window.__e2eSeen[css];
                   const look = () => {
                     const el = document.querySelector(css);
                     if (el && !(css in window.__e2eSeen)) { window.__e2eSeen[css] = el.textContent; }
                   };
                   new MutationObserver(look).observe(document.body, {subtree: true, childList: true, characterData: true});
                   look();"#,
                vec![css.into()],
            )
            .await?;
        Ok(())
    }

    /// The text recorded by [`Browser::watch_text`] for `css`, if it ever showed.
    pub async fn watched_text(&self, css: &str) -> anyhow::Result<Option<String>> {
        let value = self
            .client
            .execute(
                "return (window.__e2eSeen || {})[arguments[0]] ?? null;",
                vec![css.into()],
            )
            .await?;
        Ok(value.as_str().map(str::to_owned))
    }

    /// Chooses a file in an `<input type=file>`.
    pub async fn choose_file(&self, css: &str, path: &Path) -> anyhow::Result<()> {
        let path = path
            .canonicalize()
            .with_context(|| format!("no file {}", path.display()))?;
        self.find(css)
            .await?
            .send_keys(&path.display().to_string())
            .await?;
        Ok(())
    }

    // ------------------------------------------------ by visible label and role

    /// Waits for an element found by XPath and returns it.
    async fn find_xpath(
        &self,
        xpath: &str,
        what: &str,
    ) -> anyhow::Result<fantoccini::elements::Element> {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(xpath))
            .await
            .with_context(|| format!("no {what} on the page"))
    }

    /// The button whose accessible name is `name` (its text, or its
    /// `aria-label`).
    pub async fn button(&self, name: &str) -> anyhow::Result<fantoccini::elements::Element> {
        let name = xpath_literal(name);
        self.find_xpath(
            &format!("//button[normalize-space(.)={name} or @aria-label={name}]"),
            &format!("button {name}"),
        )
        .await
    }

    /// Clicks the button named `name`.
    pub async fn click_button(&self, name: &str) -> anyhow::Result<()> {
        self.button(name).await?.click().await?;
        Ok(())
    }

    /// The link whose accessible name is `name`, inside the landmark or
    /// region named `within` when given.
    pub async fn link(
        &self,
        name: &str,
        within: Option<&str>,
    ) -> anyhow::Result<fantoccini::elements::Element> {
        let literal = xpath_literal(name);
        let scope = within.map_or_else(String::new, |w| {
            format!("//*[@aria-label={}]", xpath_literal(w))
        });
        self.find_xpath(
            &format!("{scope}//a[normalize-space(.)={literal} or @aria-label={literal}]"),
            &format!("link {name:?}"),
        )
        .await
    }

    /// Clicks the link named `name`.
    pub async fn click_link(&self, name: &str) -> anyhow::Result<()> {
        self.link(name, None).await?.click().await?;
        Ok(())
    }

    /// The form control labelled `label` (by `<label for>`).
    pub async fn labeled(&self, label: &str) -> anyhow::Result<fantoccini::elements::Element> {
        let label = xpath_literal(label);
        self.find_xpath(
            &format!("//*[@id=//label[normalize-space(.)={label}]/@for]"),
            &format!("field labelled {label}"),
        )
        .await
    }

    /// Types `text` into the field labelled `label`.
    pub async fn fill_labeled(&self, label: &str, text: &str) -> anyhow::Result<()> {
        let field = self.labeled(label).await?;
        field.clear().await?;
        field.send_keys(text).await?;
        Ok(())
    }

    /// Waits for a heading (`h1`–`h3`) reading `text`.
    pub async fn heading(&self, text: &str) -> anyhow::Result<fantoccini::elements::Element> {
        let literal = xpath_literal(text);
        self.find_xpath(
            &format!("//*[self::h1 or self::h2 or self::h3][normalize-space(.)={literal}]"),
            &format!("heading {text:?}"),
        )
        .await
    }

    /// Waits until some visible text on the page contains `text`.
    pub async fn wait_for_page_text(&self, text: &str) -> anyhow::Result<()> {
        let literal = xpath_literal(text);
        self.find_xpath(
            &format!("//*[contains(normalize-space(.), {literal})]"),
            &format!("text {text:?}"),
        )
        .await?;
        Ok(())
    }

    /// Saves a screenshot to `path` (a PNG).
    pub async fn screenshot_to(&self, path: &Path) -> anyhow::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, self.client.screenshot().await?)?;
        Ok(())
    }

    /// Scrolls the first element matching `css` to the middle of the window,
    /// so a screenshot shows it (results below a long form).
    pub async fn scroll_into_view(&self, css: &str) -> anyhow::Result<()> {
        let element = self.client.find(Locator::Css(css)).await?;
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center'});",
                vec![serde_json::to_value(&element)?],
            )
            .await?;
        Ok(())
    }

    /// True if an element matching `css` is on the page right now.
    pub async fn exists(&self, css: &str) -> bool {
        self.client.find(Locator::Css(css)).await.is_ok()
    }

    /// The current URL.
    pub async fn current_url(&self) -> anyhow::Result<String> {
        Ok(self.client.current_url().await?.to_string())
    }

    /// Saves a screenshot and the page HTML; returns the path without extension.
    pub async fn save_artifacts(&self, name: &str) -> anyhow::Result<PathBuf> {
        let dir = crate::artifacts_dir();
        std::fs::create_dir_all(&dir)?;
        let base = dir.join(name);
        std::fs::write(base.with_extension("png"), self.client.screenshot().await?)?;
        std::fs::write(base.with_extension("html"), self.client.source().await?)?;
        Ok(base)
    }

    /// Ends the session.
    pub async fn close(mut self) -> anyhow::Result<()> {
        self.client.clone().close().await?;
        if let Some(mut driver) = self.driver.take() {
            let _ = driver.kill();
            let _ = driver.wait();
        }
        Ok(())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(driver) = self.driver.as_mut() {
            let _ = driver.kill();
            let _ = driver.wait();
        }
    }
}

/// The desktop size every session starts with (`--window-size`).
pub(crate) const DESKTOP: (u32, u32) = (1280, 900);

/// `text` as an XPath string literal (XPath 1 has no escapes: a text with
/// both quote kinds is built with `concat`).
fn xpath_literal(text: &str) -> String {
    if !text.contains('"') {
        format!("\"{text}\"")
    } else if !text.contains('\'') {
        format!("'{text}'")
    } else {
        let parts: Vec<String> = text.split('"').map(|p| format!("\"{p}\"")).collect();
        format!("concat({})", parts.join(", '\"', "))
    }
}

async fn start_chromedriver() -> anyhow::Result<(String, Option<Child>)> {
    let port = crate::free_port()?;
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("cannot start chromedriver (install Debian's chromium-driver, or run `cargo xtask test`)")?;
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if reqwest::get(format!("{url}/status")).await.is_ok() {
            return Ok((url, Some(child)));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("chromedriver did not start on {url}")
}
