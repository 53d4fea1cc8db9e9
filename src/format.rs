//! Locale-aware formatting of values the server sends.

use crate::i18n::Locale;
use wasm_bindgen::JsValue;

/// A date like "Sep 5, 2024" / "5 sep 2024" (Bitwarden's `mediumDate`),
/// formatted by the browser's `Intl` for `locale` in the user's time zone.
pub fn medium_date(value: &wire::DateTime, locale: Locale) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(value.timestamp_millis() as f64));
    let options = js_sys::Object::new();
    // Setting a property on a fresh plain object cannot fail.
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    date.to_locale_date_string(locale.tag(), &options)
        .as_string()
        .unwrap_or_else(|| iso_date(value.date_naive()))
}

/// A count with the locale's digit grouping ("1,000" / "1.000"), by the
/// browser's `Intl`.
pub fn number(value: u64, locale: Locale) -> String {
    // Counts shown here are far below 2^53, so f64 holds them exactly.
    let number = js_sys::Number::from(value as f64);
    number
        .to_locale_string(locale.tag())
        .as_string()
        .unwrap_or_else(|| value.to_string())
}

/// Milliseconds since the epoch, from the browser clock (chrono's clock
/// feature is not built for wasm).
pub fn now_millis() -> i64 {
    js_sys::Date::now() as i64
}

/// A date and time like "Sep 5, 2024, 3:04 PM" / "5 sep 2024, 15:04"
/// (Bitwarden's `medium` pipe without seconds), in the user's time zone.
pub fn medium_date_time(value: &wire::DateTime, locale: Locale) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(value.timestamp_millis() as f64));
    let options = js_sys::Object::new();
    // Setting properties on a fresh plain object cannot fail.
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    date.to_locale_string(locale.tag(), &options)
        .as_string()
        .unwrap_or_else(|| {
            use chrono::Timelike;
            format!(
                "{} {:02}:{:02} UTC",
                iso_date(value.date_naive()),
                value.hour(),
                value.minute()
            )
        })
}

/// chrono's `%Y`: four digits with zeros, a sign outside 0..=9999. Written
/// by hand (as are the dates below) so chrono's strftime parser and
/// formatter stay out of the wasm.
fn year(year: i32) -> String {
    if (0..10_000).contains(&year) {
        format!("{year:04}")
    } else {
        format!("{year:+05}")
    }
}

/// `date` as chrono's `%Y-%m-%d` ("2024-09-05").
pub fn iso_date(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!(
        "{}-{:02}-{:02}",
        year(date.year()),
        date.month(),
        date.day()
    )
}

/// `date` as chrono's `%m/%d/%Y` ("09/05/2024").
pub fn us_date(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!(
        "{:02}/{:02}/{}",
        date.month(),
        date.day(),
        year(date.year())
    )
}
