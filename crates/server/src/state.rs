//! `AppState`: everything a handler needs, built once in `run()`. No globals,
//! so tests can run a cloud and a self-hosted server in one process.

use crate::config::{GlobalSettings, Role};
use crate::db::Pool;
use crate::tokens::TokenKeys;
use std::path::PathBuf;
use std::sync::Arc;

/// Shared, cheaply clonable server state.
#[derive(Clone)]
pub struct AppState {
    pub db: Pool,
    pub role: Role,
    pub settings: Arc<GlobalSettings>,
    pub keys: Arc<TokenKeys>,
    /// The cloud's license signer, loaded or created on first use.
    pub license_signer: Arc<tokio::sync::OnceCell<Arc<crate::licenses::signing::LicenseSigner>>>,
    /// The cloud's certificate (self-hosted): licenses must verify with it.
    pub license_verifier: Option<Arc<crate::licenses::signing::LicenseVerifier>>,
    /// The client for the cloud (self-hosted).
    pub cloud: crate::cloud_client::CloudClient,
    pub data_dir: PathBuf,
    /// Login, password-hash and new-offer limits.
    pub limits: Arc<crate::limits::Limits>,
    /// Whether `/demo/outbox` is served.
    pub demo_outbox: bool,
}
