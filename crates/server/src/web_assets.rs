//! Serves the built web module (`trunk build` output) at `/`, with every
//! unknown non-API path answered by `index.html` so client-side routes work
//! on reload, and the embeddable module under `/embed/` (stable versioned
//! names such as `/embed/v1/billing-sync.js`, no fallback: an unknown file
//! there is a 404), which host pages on the configured vault origins may
//! load cross-origin (see `cors`).
//!
//! Compression is done once, at build time: the build writes `NAME.br`
//! (brotli 11) and `NAME.gz` (gzip 9) beside each text and wasm file (see
//! xtask's `precompress`), and this module picks the variant the browser
//! accepts. That gives smaller bodies than on-the-fly compression at a speed
//! a server can afford per request, and costs no CPU while serving. A file
//! without variants (a plain `trunk build` that skipped the hook) is sent
//! as is.
//!
//! Caching follows the file name: trunk puts a content hash in the names of
//! the wasm, JS and CSS, so those never change and are `immutable` for a
//! year; `index.html` (also answered for client-side routes) and any file
//! without a hash are revalidated on every use (`no-cache`).

use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, VARY};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use std::path::Path;
use std::sync::Arc;
use tower::Layer;
use tower_http::services::{ServeDir, ServeFile};

/// `Cache-Control` of files whose name carries their content hash.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of `index.html` and of files without a hash in their name.
pub const REVALIDATE: &str = "no-cache";

/// The static-file fallback router.
pub fn router<S: Clone + Send + Sync + 'static>(dist: &Path, origins: &[String]) -> Router<S> {
    let index = dist.join("index.html");
    if !index.is_file() {
        tracing::warn!(
            dist = %dist.display(),
            "the web module is not built (no index.html); run `cargo xtask demo` or `trunk build --release`"
        );
    }
    let spa_fallback = ServeFile::new(index)
        .precompressed_br()
        .precompressed_gzip();
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(spa_fallback);
    let embed = ServeDir::new(dist.join("embed"))
        .precompressed_br()
        .precompressed_gzip();
    let dist: Arc<Path> = dist.into();
    let files = axum::middleware::from_fn_with_state(Arc::clone(&dist), cache_headers).layer(files);
    let embed = axum::middleware::from_fn_with_state(dist, cache_headers).layer(embed);
    let embed = Router::new()
        .nest_service("/embed", embed)
        .layer(crate::cors::layer(origins));
    Router::new()
        // API paths never fall back to the SPA: an unknown API route is a 404.
        .route("/api/{*rest}", axum::routing::any(not_found))
        .route("/identity/{*rest}", axum::routing::any(not_found))
        .layer(crate::cors::layer(origins))
        .merge(embed)
        .fallback_service(files)
}

async fn not_found() -> crate::error::ApiError {
    crate::error::ApiError::NotFound
}

/// Sets `Cache-Control` from the requested name and `Vary: Accept-Encoding`
/// (the body depends on it whenever a compressed variant exists).
async fn cache_headers(State(dist): State<Arc<Path>>, request: Request, next: Next) -> Response {
    // Only a hashed name that is a file of dist/ is immutable: any other path
    // gets index.html, which must be revalidated, also in a 304.
    let path = request.uri().path();
    let immutable = is_content_hashed(path) && is_file_in(&dist, path);
    let mut response = next.run(request).await;
    let status = response.status();
    let policy = if immutable && (status.is_success() || status == StatusCode::NOT_MODIFIED) {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(policy));
    headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// Whether the URL path names a file in `dist` (hashed names are plain
/// ASCII, so no percent-decoding; `..` never names one).
fn is_file_in(dist: &Path, path: &str) -> bool {
    let relative = path.trim_start_matches('/');
    !relative
        .split('/')
        .any(|segment| segment == ".." || segment.contains('%'))
        && dist.join(relative).is_file()
}

/// Whether a URL path names a file whose name (or folder, for trunk's
/// `snippets/<crate>-<hash>/…`) ends in trunk's content hash: `-` and 8 to 16
/// lowercase hex digits, before the extension and wasm-bindgen's `_bg`.
pub fn is_content_hashed(path: &str) -> bool {
    path.split('/').any(|segment| {
        let stem = segment.split('.').next().unwrap_or(segment);
        let stem = stem.strip_suffix("_bg").unwrap_or(stem);
        stem.rsplit_once('-').is_some_and(|(name, hash)| {
            !name.is_empty()
                && (8..=16).contains(&hash.len())
                && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::is_content_hashed;

    #[test]
    fn trunk_names_are_hashed() {
        assert!(is_content_hashed(
            "/billing-sync-web-9f3c2a1b0d4e5f60_bg.wasm"
        ));
        assert!(is_content_hashed("/billing-sync-web-9f3c2a1b0d4e5f60.js"));
        assert!(is_content_hashed("/styles-1a2b3c4d5e6f.css"));
        assert!(is_content_hashed(
            "/snippets/billing-sync-web-0123456789abcdef/inline0.js"
        ));
    }

    #[test]
    fn other_names_are_not() {
        assert!(!is_content_hashed("/"));
        assert!(!is_content_hashed("/index.html"));
        assert!(!is_content_hashed("/families/redeem"));
        assert!(!is_content_hashed("/kdf-worker.js"));
        assert!(!is_content_hashed("/kdf-worker_bg.wasm"));
        assert!(!is_content_hashed("/sponsored/Abcdef0123456789"));
        assert!(!is_content_hashed("/styles-0123.css"));
        assert!(!is_content_hashed("/-0123456789abcdef.js"));
    }
}
