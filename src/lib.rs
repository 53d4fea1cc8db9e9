//! Billing Sync web module: Bitwarden's web-vault screens for billing sync,
//! license sync and Free Bitwarden Families, as a Yew app.
//!
//! The whole app lives in this library so tests (and other pages) can mount
//! [`App`] with their own props; `main.rs` only renders it with defaults.
//! Host pages mount it through the JavaScript API of [`embed`].

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

pub use app::{App, AppProps, Route};
pub use i18n::{Key, Locale};
