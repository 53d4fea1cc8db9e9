//! Reading a few fields out of the server's JSON answers without a JSON
//! crate (xtask keeps its dependencies to `anyhow`): the first `"key": value`
//! anywhere in the text, which is enough for flat answers like tokens and ids.

/// The string value of the first `"key"` in `json`, unescaped.
pub fn string_field(json: &str, key: &str) -> Option<String> {
    let rest = after_key(json, key)?.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// The number value of the first `"key"` in `json`.
pub fn number_field(json: &str, key: &str) -> Option<f64> {
    let rest = after_key(json, key)?;
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E')))
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// The text after `"key":` and any whitespace.
fn after_key<'a>(json: &'a str, key: &str) -> Option<&'a str> {
    let quoted = format!("\"{key}\"");
    let mut from = 0;
    while let Some(at) = json[from..].find(&quoted) {
        let rest = json[from + at + quoted.len()..].trim_start();
        if let Some(value) = rest.strip_prefix(':') {
            return Some(value.trim_start());
        }
        from += at + quoted.len();
    }
    None
}

/// A JSON string literal (quotes included) for `text`.
pub fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_found_and_unescaped() {
        let json = r#"{"object":"x","access_token" : "a\/b\"c\u0041","expires_in":3600,"error":null,"sent":2.5e3}"#;
        assert_eq!(
            string_field(json, "access_token").as_deref(),
            Some("a/b\"cA")
        );
        assert_eq!(number_field(json, "expires_in"), Some(3600.0));
        assert_eq!(number_field(json, "sent"), Some(2500.0));
        assert_eq!(string_field(json, "error"), None, "null is not a string");
        assert_eq!(string_field(json, "missing"), None);
        assert_eq!(
            string_field(json, "expires_in"),
            None,
            "a number is not a string"
        );
    }

    #[test]
    fn a_key_inside_a_value_is_skipped() {
        let json = r#"{"note":"id","id":"42"}"#;
        assert_eq!(string_field(json, "id").as_deref(), Some("42"));
        assert_eq!(string_field(r#"{"id":"unterminated"#, "id"), None);
    }

    #[test]
    fn quoting_round_trips() {
        let text = "a\"b\\c\nd\u{1}";
        let json = format!("{{\"k\":{}}}", quote(text));
        assert_eq!(string_field(&json, "k").as_deref(), Some(text));
    }
}
