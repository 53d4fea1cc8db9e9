//! The servers' coded messages ([`ErrorCode`], every error body they send)
//! in each language. One exhaustive `match` per language (`server/en.rs`,
//! `server/nl.rs`): a new code does not compile until it has both texts.
//! Placeholders are the code's `codeArgs` (`ErrorCode::args`).

mod en;
mod nl;

use super::Locale;
use wire::error::ErrorCode;

/// The text of `code` in `locale`; `None` for a code from a newer server.
pub fn text(locale: Locale, code: ErrorCode) -> Option<&'static str> {
    match locale {
        Locale::En => en::text(code),
        Locale::Nl => nl::text(code),
    }
}
