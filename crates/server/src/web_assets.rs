//! Serves the built web module (`trunk build` output) at `/`, with every
//! unknown non-API path answered by `index.html` so client-side routes work
//! on reload.

use axum::Router;
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};

/// The static-file fallback router.
pub fn router<S: Clone + Send + Sync + 'static>(dist: &Path) -> Router<S> {
    let index = dist.join("index.html");
    if !index.is_file() {
        tracing::warn!(
            dist = %dist.display(),
            "the web module is not built (no index.html); run `cargo xtask demo` or `trunk build --release`"
        );
    }
    let files = ServeDir::new(dist).fallback(ServeFile::new(index));
    Router::new()
        // API paths never fall back to the SPA: an unknown API route is a 404.
        .route("/api/{*rest}", axum::routing::any(not_found))
        .route("/identity/{*rest}", axum::routing::any(not_found))
        .fallback_service(files)
}

async fn not_found() -> crate::error::ApiError {
    crate::error::ApiError::NotFound
}
