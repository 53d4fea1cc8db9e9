//! The options object of `mount(element, options)`, checked before anything
//! renders. Every refusal is one [`OptionError`] whose message names the
//! option and the form it expects, so a host developer can fix the call
//! from the console line alone. Values of secret options are never echoed.

use crate::i18n::Locale;
use js_sys::Reflect;
use wasm_bindgen::JsValue;
use wire::{OrganizationId, Secret};

/// Which screen a mount shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// Cloud: Billing → Subscription with the Self-hosting section (license
    /// download, billing sync token).
    CloudSubscription,
    /// Self-hosted: License and billing management, Sponsorship sync.
    SelfHostedSubscription,
    /// A member's Free Bitwarden Families page.
    Families,
    /// An organization admin's Families view: every member's sponsorship,
    /// and on a self-hosted server the sponsorship sync.
    FamiliesAdmin,
    /// The recipient's offer page (accept a Free Families sponsorship).
    Redeem,
}

impl Screen {
    /// Every screen with its option value, in the order messages list them.
    pub const ALL: [(Screen, &'static str); 5] = [
        (Screen::CloudSubscription, "cloud-subscription"),
        (Screen::SelfHostedSubscription, "self-hosted-subscription"),
        (Screen::Families, "families"),
        (Screen::FamiliesAdmin, "families-admin"),
        (Screen::Redeem, "redeem"),
    ];

    /// True for the screens of one organization (`organizationId` required).
    pub fn needs_organization(self) -> bool {
        matches!(
            self,
            Screen::CloudSubscription | Screen::SelfHostedSubscription | Screen::FamiliesAdmin
        )
    }
}

/// The module's colours: light, dark, or the browser's preference.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Light,
    Dark,
    /// Follows `prefers-color-scheme`.
    Auto,
}

impl Theme {
    /// The `data-theme` value the stylesheet keys on.
    pub fn attr(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

/// The checked options.
#[derive(Clone, Debug, PartialEq)]
pub struct EmbedOptions {
    pub api_url: String,
    pub identity_url: String,
    pub access_token: Option<Secret>,
    /// `None`: the host's `<html lang>`, then the browser.
    pub locale: Option<Locale>,
    pub screen: Screen,
    pub organization_id: Option<OrganizationId>,
    pub theme: Theme,
    /// `redeem`: the offer's token and e-mail (default: the page address).
    pub offer: Option<(String, String)>,
}

/// A refused option: which one, what it must be, what came.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionError {
    pub option: &'static str,
    pub expected: String,
    /// A description of the value received (never a secret's content).
    pub got: String,
}

impl std::fmt::Display for OptionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "billing-sync mount: option \"{}\" must be {} (got {})",
            self.option, self.expected, self.got
        )
    }
}

/// Every option name `mount` knows; anything else is a typo to report.
pub const KNOWN: [&str; 9] = [
    "apiUrl",
    "identityUrl",
    "accessToken",
    "locale",
    "screen",
    "organizationId",
    "theme",
    "offerToken",
    "offerEmail",
];

const URL_FORM: &str = "an absolute http(s) URL such as \"https://vault.example.com/api\", or a path starting with \"/\"";

/// What a value is, for messages: strings are quoted (cut short) unless
/// `secret`, everything else is named by its type.
fn describe(value: &JsValue, secret: bool) -> String {
    if value.is_undefined() {
        return "nothing".to_owned();
    }
    if value.is_null() {
        return "null".to_owned();
    }
    match value.as_string() {
        Some(text) if secret => format!("a string of {} characters", text.chars().count()),
        Some(text) if text.chars().count() > 60 => {
            format!("\"{}…\"", text.chars().take(60).collect::<String>())
        }
        Some(text) => format!("\"{text}\""),
        None => match (value.as_f64(), value.as_bool()) {
            // The browser's own number formatting: Rust's float printing
            // would be most of the embed entry's formatting code.
            (Some(number), _) => js_sys::Number::from(number)
                .to_string_with_radix(10)
                .map(String::from)
                .unwrap_or_default(),
            (_, Some(flag)) => flag.to_string(),
            _ => format!(
                "a value of type {}",
                value.js_typeof().as_string().unwrap_or_default()
            ),
        },
    }
}

fn refuse(option: &'static str, expected: &str, value: &JsValue) -> OptionError {
    OptionError {
        option,
        expected: expected.to_owned(),
        got: describe(value, matches!(option, "accessToken" | "offerToken")),
    }
}

/// `options[name]`, `undefined` when absent.
fn field(options: &JsValue, name: &str) -> JsValue {
    Reflect::get(options, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

fn absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// A required or optional string from a fixed list.
fn choice<T: Copy>(
    options: &JsValue,
    name: &'static str,
    list: &[(T, &str)],
) -> Result<Option<T>, OptionError> {
    let value = field(options, name);
    if absent(&value) {
        return Ok(None);
    }
    let text = value.as_string().unwrap_or_default();
    list.iter()
        .find(|(_, label)| *label == text)
        .map(|(choice, _)| Some(*choice))
        .ok_or_else(|| {
            let names: Vec<String> = list.iter().map(|(_, l)| format!("\"{l}\"")).collect();
            refuse(name, &format!("one of {}", names.join(", ")), &value)
        })
}

/// A server URL: absolute http(s), or a path on the page's own origin.
fn server_url(options: &JsValue, name: &'static str) -> Result<String, OptionError> {
    let value = field(options, name);
    let text = value.as_string().map(|t| t.trim().to_owned());
    let valid = match text.as_deref() {
        Some(path) if path.starts_with('/') && !path.starts_with("//") => true,
        Some(url) => web_sys::Url::new(url).is_ok_and(|u| {
            matches!(u.protocol().as_str(), "http:" | "https:")
                && u.search().is_empty()
                && u.hash().is_empty()
        }),
        None => false,
    };
    match text {
        Some(text) if valid => Ok(text),
        _ => Err(refuse(name, URL_FORM, &value)),
    }
}

/// A non-empty string without spaces, or absent.
fn plain_string(
    options: &JsValue,
    name: &'static str,
    expected: &str,
) -> Result<Option<String>, OptionError> {
    let value = field(options, name);
    if absent(&value) {
        return Ok(None);
    }
    match value.as_string() {
        Some(text) if !text.trim().is_empty() && !text.trim().contains(char::is_whitespace) => {
            Ok(Some(text.trim().to_owned()))
        }
        _ => Err(refuse(name, expected, &value)),
    }
}

/// The access token `setAccessToken` accepts (also used by `mount`).
pub fn access_token(value: &JsValue) -> Result<Option<Secret>, OptionError> {
    if absent(value) {
        return Ok(None);
    }
    match value.as_string() {
        Some(text) if !text.trim().is_empty() && !text.trim().contains(char::is_whitespace) => {
            Ok(Some(Secret::new(text.trim())))
        }
        _ => Err(refuse(
            "accessToken",
            "a non-empty string without spaces (the Bearer token from /identity/connect/token)",
            value,
        )),
    }
}

/// The locale `setLocale` accepts (also used by `mount`).
pub fn locale(value: &JsValue) -> Result<Option<Locale>, OptionError> {
    let holder = js_sys::Object::new();
    let _ = Reflect::set(&holder, &"locale".into(), value);
    choice(&holder, "locale", &[(Locale::En, "en"), (Locale::Nl, "nl")])
}

/// Checks the whole options object.
pub fn parse(options: &JsValue) -> Result<EmbedOptions, OptionError> {
    if !options.is_object() {
        return Err(OptionError {
            option: "options",
            expected: "an object such as { apiUrl, identityUrl, screen, organizationId }"
                .to_owned(),
            got: describe(options, false),
        });
    }
    let keys = js_sys::Object::keys(&js_sys::Object::from(options.clone()));
    for key in keys.iter().filter_map(|k| k.as_string()) {
        if !KNOWN.contains(&key.as_str()) {
            return Err(OptionError {
                option: "options",
                expected: format!("only known options ({})", KNOWN.join(", ")),
                got: format!("unknown option \"{key}\""),
            });
        }
    }
    let api_url = server_url(options, "apiUrl")?;
    let identity_url = server_url(options, "identityUrl")?;
    let access_token = access_token(&field(options, "accessToken"))?;
    let locale = locale(&field(options, "locale"))?;
    let screen_value = field(options, "screen");
    let screen = choice(options, "screen", &Screen::ALL)?.ok_or_else(|| {
        let names: Vec<String> = Screen::ALL
            .iter()
            .map(|(_, l)| format!("\"{l}\""))
            .collect();
        refuse(
            "screen",
            &format!("one of {}", names.join(", ")),
            &screen_value,
        )
    })?;
    let org_value = field(options, "organizationId");
    let organization_id = if absent(&org_value) {
        None
    } else {
        let parsed = org_value
            .as_string()
            .and_then(|text| text.trim().parse::<OrganizationId>().ok());
        Some(parsed.ok_or_else(|| {
            refuse(
                "organizationId",
                "the organization's id, a UUID such as \"7c3a9e2e-1f4b-4c55-9a8e-2b6f0d1e4a11\"",
                &org_value,
            )
        })?)
    };
    if screen.needs_organization() && organization_id.is_none() {
        return Err(refuse(
            "organizationId",
            "the organization's id (a UUID): the screen shows one organization",
            &org_value,
        ));
    }
    let theme = choice(
        options,
        "theme",
        &[
            (Theme::Light, "light"),
            (Theme::Dark, "dark"),
            (Theme::Auto, "auto"),
        ],
    )?
    .unwrap_or_default();
    let offer_token = plain_string(
        options,
        "offerToken",
        "the token of the offer link (a non-empty string)",
    )?;
    let offer_email = plain_string(
        options,
        "offerEmail",
        "the e-mail address of the offer link",
    )?;
    let offer = match (offer_token, offer_email) {
        (Some(token), Some(email)) if email.contains('@') => Some((token, email)),
        (None, None) => None,
        (_, email) => {
            let (option, expected, value) = if email.as_deref().is_some_and(|e| e.contains('@')) {
                (
                    "offerToken",
                    "given together with offerEmail",
                    field(options, "offerToken"),
                )
            } else {
                (
                    "offerEmail",
                    "the e-mail address of the offer link, given together with offerToken",
                    field(options, "offerEmail"),
                )
            };
            return Err(refuse(option, expected, &value));
        }
    };
    Ok(EmbedOptions {
        api_url,
        identity_url,
        access_token,
        locale,
        screen,
        organization_id,
        theme,
        offer,
    })
}
