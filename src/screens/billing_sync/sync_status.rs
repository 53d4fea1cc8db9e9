//! The line under the token in state B: when a self-hosted installation
//! last synced with it, or how long it has been waiting for one.

use crate::i18n::{Key, Locale};
use wire::DateTime;

/// The line under the token.
#[derive(Clone, Debug, PartialEq)]
pub enum SyncLine {
    /// Never synced: nothing to say.
    Nothing,
    /// Synced with the current token: "Last sync: <date>".
    LastSync(DateTime),
    /// Nothing synced since the token was (re)issued `days` ago: the red
    /// "Token rotated N day(s) ago. Update …" warning.
    AwaitingSync { days: i64 },
}

/// Decides the line under the token as Bitwarden's dialog does: nothing
/// without a sync; "Last sync" when the sync came after the token's revision;
/// otherwise the warning with the days since the revision, rounded.
pub fn sync_line(
    revision_date: DateTime,
    last_sync: Option<DateTime>,
    now_millis: i64,
) -> SyncLine {
    match last_sync {
        None => SyncLine::Nothing,
        Some(last) if last > revision_date => SyncLine::LastSync(last),
        Some(_) => SyncLine::AwaitingSync {
            days: days_since(revision_date, now_millis),
        },
    }
}

/// Whole days between `date` and now, rounded to the nearest day.
pub fn days_since(date: DateTime, now_millis: i64) -> i64 {
    const DAY_MILLIS: f64 = 86_400_000.0;
    let elapsed = now_millis.abs_diff(date.timestamp_millis()) as f64;
    (elapsed / DAY_MILLIS).round() as i64
}

/// "Token rotated 1 day ago…" / "Token rotated 0 days ago…": the singular
/// only for exactly one day.
pub fn awaiting_sync_text(locale: Locale, days: i64) -> String {
    let key = if days == 1 {
        Key::AwaitingSyncSingular
    } else {
        Key::AwaitingSyncPlural
    };
    locale.text_with(key, &[("days", &days.to_string())])
}
