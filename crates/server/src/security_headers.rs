//! Security headers on every response: a strict Content-Security-Policy for
//! the web module, `X-Content-Type-Options: nosniff` and
//! `Referrer-Policy: no-referrer`.
//!
//! Scripts come only from this server (`'self'`), plus WebAssembly
//! compilation (`'wasm-unsafe-eval'`); no inline script runs, except the
//! loader Trunk writes into `index.html`, which is allowed by its SHA-256
//! (read from the served `index.html` at start-up), so a rebuilt module needs
//! no configuration. Style attributes are allowed (`style-src-attr`), style
//! sheets only from this server. `frame-ancestors` lists the configured
//! vault origin (`globalSettings__baseServiceUri__vault`); without one no
//! page may frame this server. A response that sets its own policy (the demo
//! outbox) keeps it.

use axum::extract::{Request, State};
use axum::http::header::{CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::Arc;

/// The policy for a server whose web module is in `dist` and whose vault
/// may frame it from `frame_ancestors` (origins).
pub fn content_security_policy(dist: &Path, frame_ancestors: &[String]) -> String {
    let index = std::fs::read_to_string(dist.join("index.html")).unwrap_or_default();
    let hashes: String = inline_scripts(&index)
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    let ancestors = if frame_ancestors.is_empty() {
        "'none'".to_owned()
    } else {
        frame_ancestors.join(" ")
    };
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         style-src-attr 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
    )
}

/// The bodies of `<script>` elements without `src` in a page.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (attributes, after) = rest.split_once('>')?;
        let (body, _) = after.split_once("</script>")?;
        (!attributes.contains("src=")).then_some(body)
    })
}

/// The origin (`scheme://host[:port]`) of a configured URL, for `frame-ancestors`.
pub fn origin(url: &url::Url) -> String {
    url.origin().ascii_serialization()
}

/// Adds the headers to a response (keeping a policy the response set itself).
pub async fn add(State(policy): State<Arc<HeaderValue>>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if !headers.contains_key(CONTENT_SECURITY_POLICY) {
        headers.insert(CONTENT_SECURITY_POLICY, (*policy).clone());
    }
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inline_scripts_are_hashed_and_frames_are_refused_by_default() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("index.html"),
            "<html><head><script type=\"module\">import init from '/a.js';</script>\
             <script src=\"/b.js\"></script></head></html>",
        )
        .unwrap();
        let policy = content_security_policy(dir.path(), &[]);
        let expected = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(b"import init from '/a.js';"));
        assert!(
            policy.contains(&format!(
                "script-src 'self' 'wasm-unsafe-eval' 'sha256-{expected}';"
            )),
            "{policy}"
        );
        assert_eq!(policy.matches("'sha256-").count(), 1, "{policy}");
        let script_src = policy
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap_or_default();
        assert!(!script_src.contains("unsafe-inline"), "{script_src}");
        assert!(policy.ends_with("frame-ancestors 'none'"));
        let framed = content_security_policy(dir.path(), &["https://vault.acme.test".into()]);
        assert!(framed.ends_with("frame-ancestors https://vault.acme.test"));
    }
}
