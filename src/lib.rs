//! Billing Sync web module: Bitwarden's web-vault screens for billing sync,
//! license sync and Free Bitwarden Families, as a Yew app.
//!
//! The whole app lives in this library so tests (and other pages) can mount
//! [`App`] with their own props. The binaries only pick what they reach
//! and export it to JavaScript: `main.rs` is the standalone page's small
//! first wasm ([`standalone`]), `bin/billing-sync-app.rs` the full app it
//! loads after the login, `bin/billing-sync-embed.rs` the entry host pages
//! import ([`embed::entry`]), which loads one screen group
//! (`bin/billing-sync-<group>.rs`, [`embed::groups`]).

pub mod account;
pub mod api;
pub mod app;
pub mod components;
pub mod embed;
pub mod format;
pub mod hooks;
pub mod i18n;
pub mod kdf;
pub mod keys;
pub mod layout;
pub mod navigation;
pub mod screens;
pub mod session;
pub mod snippet;
pub mod standalone;

pub use app::{App, AppProps, Route};
pub use i18n::{Key, Locale};
