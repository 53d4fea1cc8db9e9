//! Every user-visible string, in English and Dutch.
//!
//! Texts are looked up by a typed [`Key`], a constant holding the key's
//! English and Dutch (`texts/*.rs`), so a key without a Dutch text does not
//! compile and each binary links only the texts it names. Seed labels (the
//! Dutch help page) win over Bitwarden's own Dutch wording where they differ.

#[macro_use]
mod keys;
mod texts;
/// A server message only the full app shows: in the standalone page's first
/// wasm (built without the `all-server-messages` feature) it is not linked in and the
/// lookup answers `None`, so the screen shows the server's own text. The
/// login's messages are not wrapped. Keeps `server/*.rs` one exhaustive
/// `match` per language.
#[cfg(feature = "all-server-messages")]
macro_rules! full_app_only {
    ($text:expr) => {
        $text
    };
}
#[cfg(not(feature = "all-server-messages"))]
macro_rules! full_app_only {
    ($text:expr) => {
        return None
    };
}
pub mod server;

pub use keys::Key;
use yew::prelude::*;

/// Splits `text` around its `{name}` placeholder: the text before it and,
/// when the placeholder is there, the text after it. Lets a sentence show
/// a command or a name in markup in either language.
pub fn split_at_placeholder<'a>(text: &'a str, name: &str) -> (&'a str, Option<&'a str>) {
    match text.split_once(&format!("{{{name}}}")) {
        Some((before, after)) => (before, Some(after)),
        None => (text, None),
    }
}

/// The `localStorage` key holding the chosen language's tag.
pub const LOCALE_KEY: &str = "billing-sync.locale";

/// A UI language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Locale {
    /// English.
    En,
    /// Dutch.
    Nl,
}

impl Locale {
    /// Both locales, in the order the language switch shows them.
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Nl];

    /// Picks the locale for a BCP-47 tag such as `navigator.language`:
    /// any `nl*` tag is Dutch, everything else English.
    pub fn from_tag(tag: &str) -> Self {
        if tag.trim().to_ascii_lowercase().starts_with("nl") {
            Locale::Nl
        } else {
            Locale::En
        }
    }

    /// The language the user chose last time (`localStorage`), if any.
    pub fn stored() -> Option<Self> {
        let storage = web_sys::window()?.local_storage().ok().flatten()?;
        let tag = storage.get_item(LOCALE_KEY).ok().flatten()?;
        Locale::ALL.into_iter().find(|l| l.tag() == tag)
    }

    /// Remembers the user's choice across reloads (a preference, not a
    /// secret, so `localStorage`). Failing storage only costs the memory.
    pub fn store(self) {
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item(LOCALE_KEY, self.tag());
        }
    }

    /// The language to start with: the user's last choice, else the browser's.
    pub fn preferred() -> Self {
        Self::stored().unwrap_or_else(Self::from_browser)
    }

    /// The browser's preferred locale (`navigator.language`), English if unknown.
    pub fn from_browser() -> Self {
        web_sys::window()
            .and_then(|w| w.navigator().language())
            .map(|tag| Self::from_tag(&tag))
            .unwrap_or(Locale::En)
    }

    /// The BCP-47 tag, used for `<html lang>` and date formatting.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Nl => "nl",
        }
    }

    /// The short label on the language switch.
    pub fn short_label(self) -> &'static str {
        match self {
            Locale::En => "EN",
            Locale::Nl => "NL",
        }
    }

    /// The text for `key` in this locale.
    pub fn text(self, key: Key) -> &'static str {
        match self {
            Locale::En => key.0.en,
            Locale::Nl => key.0.nl,
        }
    }

    /// The text for `key` with each `{name}` placeholder replaced by its value.
    pub fn text_with(self, key: Key, args: &[(&str, &str)]) -> String {
        fill(self.text(key), args)
    }

    /// A server's coded message in this locale with its args filled in;
    /// `None` for a code from a newer server.
    pub fn server_text_with(
        self,
        code: wire::error::ErrorCode,
        args: &[(&str, &str)],
    ) -> Option<String> {
        server::text(self, code).map(|text| fill(text, args))
    }
}

/// `text` with each `{name}` placeholder replaced by its value.
fn fill(text: &str, args: &[(&str, &str)]) -> String {
    args.iter().fold(text.to_owned(), |text, (name, value)| {
        text.replace(&format!("{{{name}}}"), value)
    })
}

/// The active locale plus a way to change it; provided by [`LocaleProvider`].
#[derive(Clone, Debug, PartialEq)]
pub struct I18n {
    /// The language texts are shown in.
    pub locale: Locale,
    /// Switches the UI language.
    pub on_change: Callback<Locale>,
}

impl I18n {
    /// The text for `key` in the active locale.
    pub fn t(&self, key: Key) -> &'static str {
        self.locale.text(key)
    }

    /// The text for `key` with its `{name}` placeholders filled in.
    pub fn t_with(&self, key: Key, args: &[(&str, &str)]) -> String {
        self.locale.text_with(key, args)
    }
}

/// Props of [`LocaleProvider`].
#[derive(Properties, PartialEq)]
pub struct LocaleProviderProps {
    /// The language to start with; a new value (an embed's `setLocale`)
    /// switches to it.
    pub initial: Locale,
    /// Keep `<html lang>` in step: only the standalone app owns the document
    /// (embedded, the module's root element carries `lang`).
    #[prop_or(true)]
    pub document_lang: bool,
    #[prop_or_default]
    pub children: Html,
}

/// Holds the UI language for everything below it and keeps `<html lang>` in step,
/// so screen readers pronounce the texts in the right language.
#[component]
pub fn LocaleProvider(props: &LocaleProviderProps) -> Html {
    let locale = use_state_eq(|| props.initial);
    let on_change = {
        let locale = locale.clone();
        Callback::from(move |next: Locale| {
            next.store();
            locale.set(next);
        })
    };
    {
        let locale = locale.clone();
        use_effect_with(props.initial, move |initial| locale.set(*initial));
    }
    use_effect_with((*locale, props.document_lang), |(locale, document_lang)| {
        if !*document_lang {
            return;
        }
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            // Failing to set an attribute only affects accessibility hints.
            let _ = root.set_attribute("lang", locale.tag());
        }
    });
    let context = I18n {
        locale: *locale,
        on_change,
    };
    html! {
        <ContextProvider<I18n> {context}>{ props.children.clone() }</ContextProvider<I18n>>
    }
}

/// The active [`I18n`]. Panics outside a [`LocaleProvider`], which `App` always mounts.
#[hook]
pub fn use_i18n() -> I18n {
    use_context::<I18n>().expect("use_i18n needs a LocaleProvider above it (App mounts one)")
}
