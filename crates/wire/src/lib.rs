//! Bitwarden's wire contract as Rust types.
//!
//! Every JSON shape that crosses the network between the web module, the
//! self-hosted server and the cloud server is defined once, here. Field names
//! follow Bitwarden's casing (camelCase in API bodies, PascalCase where the
//! contract says so), enums serialize as Bitwarden's numbers.
//!
//! This crate performs no I/O so it builds for both wasm and native targets.

pub mod api_keys;
pub mod capabilities;
pub mod config;
pub mod connection_check;
pub mod connections;
pub mod error;
pub mod error_code;
pub mod identity;
pub mod ids;
pub mod installations;
pub mod kdf;
pub mod keys;
pub mod licenses;
#[cfg(feature = "openapi")]
mod openapi;
pub mod organizations;
pub mod secret;
pub mod sponsorships;
pub mod sync;

pub use error::ErrorResponse;
pub use ids::{OrganizationId, UserId};
pub use secret::Secret;

/// Timestamps on the wire: ISO-8601 UTC.
pub type DateTime = chrono::DateTime<chrono::Utc>;
