//! Driving a page with the keyboard alone, as a keyboard or screen-reader
//! user does: real key presses through WebDriver's input actions (not
//! `element.click()`), and what the focused element is after each one.

use crate::browser::{Browser, WAIT};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde::Deserialize;
use std::time::Instant;

/// The focused element, as a keyboard user meets it.
#[derive(Clone, Debug, Deserialize)]
pub struct Focused {
    /// `tag#id`, or `body` when nothing has focus.
    pub name: String,
    pub id: String,
    /// Its accessible-ish text: label, aria-label or its own text.
    pub text: String,
    /// Inside an open dialog (`<dialog open>` or `role="dialog"`).
    pub in_dialog: bool,
    /// The landmark it is in (`header`, `nav`, `main`, `dialog`, or `page`):
    /// reading order is checked within one, since a side navigation and
    /// the content beside it each read top to bottom.
    pub region: String,
    /// `:focus-visible` matches and an outline or box shadow is drawn.
    pub ring: bool,
    /// Top edge and vertical centre in page coordinates.
    pub top: f64,
    pub middle: f64,
}

const FOCUSED: &str = r#"
    const el = document.activeElement && document.activeElement !== document.body
        ? document.activeElement : null;
    if (!el) return { name: 'body', id: '', text: '', in_dialog: false, region: 'page', ring: false, top: 0, middle: 0 };
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow && style.boxShadow !== 'none';
    const label = (el.labels && el.labels[0] && el.labels[0].innerText)
        || el.getAttribute('aria-label') || el.innerText || el.value || '';
    const r = el.getBoundingClientRect();
    return {
        name: el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''),
        id: el.id || '',
        text: label.trim().slice(0, 80),
        in_dialog: !!el.closest('dialog[open], [role=dialog], [role=alertdialog]'),
        region: el.closest('dialog, [role=dialog], [role=alertdialog]') ? 'dialog'
            : (el.closest('header, nav, main, aside, footer') || { tagName: 'page' }).tagName.toLowerCase(),
        ring: el.matches(':focus-visible') && (outline || !!shadow),
        top: r.top + scrollY,
        middle: r.top + scrollY + r.height / 2,
    };
"#;

impl Browser {
    /// Presses and releases `key` (with Shift held when `shift`).
    pub async fn press(&self, key: Key, shift: bool) -> anyhow::Result<()> {
        let mut actions = KeyActions::new("keyboard".into());
        if shift {
            actions = actions.then(KeyAction::Down {
                value: Key::Shift.into(),
            });
        }
        actions = actions
            .then(KeyAction::Down { value: key.into() })
            .then(KeyAction::Up { value: key.into() });
        if shift {
            actions = actions.then(KeyAction::Up {
                value: Key::Shift.into(),
            });
        }
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// Ctrl+A: selects all of the focused field, so typing replaces it.
    pub async fn select_all(&self) -> anyhow::Result<()> {
        let actions = KeyActions::new("keyboard".into())
            .then(KeyAction::Down {
                value: Key::Control.into(),
            })
            .then(KeyAction::Down { value: 'a' })
            .then(KeyAction::Up { value: 'a' })
            .then(KeyAction::Up {
                value: Key::Control.into(),
            });
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// Types `text` into whatever has focus, key by key.
    pub async fn type_text(&self, text: &str) -> anyhow::Result<()> {
        let mut actions = KeyActions::new("keyboard".into());
        for c in text.chars() {
            actions = actions
                .then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c });
        }
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// The element that has focus now.
    pub async fn focused(&self) -> anyhow::Result<Focused> {
        let value = self.client.execute(FOCUSED, vec![]).await?;
        Ok(serde_json::from_value(value)?)
    }

    /// Presses Tab until the element with `id` has focus (at most `limit`
    /// presses); returns every element focused on the way, the target last.
    /// Each must show a focus ring.
    pub async fn tab_to(&self, id: &str, limit: usize) -> anyhow::Result<Vec<Focused>> {
        let mut path = Vec::new();
        for _ in 0..limit {
            self.press(Key::Tab, false).await?;
            let now = self.focused().await?;
            anyhow::ensure!(
                now.name == "body" || now.ring,
                "{} has focus but shows no focus ring",
                now.name
            );
            let done = now.id == id;
            path.push(now);
            if done {
                return Ok(path);
            }
        }
        let names: Vec<&str> = path.iter().map(|f| f.name.as_str()).collect();
        anyhow::bail!("#{id} not reached in {limit} Tab presses; focus went {names:?}")
    }

    /// Waits until the element with `id` has focus.
    pub async fn wait_focus(&self, id: &str) -> anyhow::Result<Focused> {
        let deadline = Instant::now() + WAIT;
        loop {
            let now = self.focused().await?;
            if now.id == id {
                return Ok(now);
            }
            anyhow::ensure!(
                Instant::now() < deadline,
                "focus stayed on {} instead of moving to #{id}",
                now.name
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
}

/// Tab order follows reading order: within a landmark, no focus stop lies
/// above the previous one's top edge (a stop on the same row may sit left
/// or right of it).
pub fn in_reading_order(path: &[Focused]) -> Result<(), String> {
    for pair in path.windows(2) {
        let (before, after) = (&pair[0], &pair[1]);
        let same_region = before.region == after.region;
        if same_region
            && after.name != "body"
            && before.name != "body"
            && after.middle < before.top - 1.0
        {
            return Err(format!(
                "focus went up the page from {} (top {:.0}) to {} (middle {:.0})",
                before.name, before.top, after.name, after.middle
            ));
        }
    }
    Ok(())
}
