//! `AppState`: everything a handler needs, built once in `run()`. No globals,
//! so tests can run a cloud and a self-hosted server in one process.

use crate::config::{GlobalSettings, Role};
use crate::db::Pool;
use crate::tokens::TokenKeys;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use wire::OrganizationId;

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
    /// This replica's leases and schedules of the jobs that run on one replica at a time.
    pub jobs: crate::jobs::SharedJobs,
    /// Organizations whose sponsorship sync should run now instead of at
    /// the next scheduled time (after a token is saved or a license synced).
    pub sponsorship_sync: SyncRequests,
}

/// A queue of "sync this organization's sponsorships now" requests. Handlers
/// push; the scheduled job (the one consumer) takes the receiving end once.
#[derive(Clone)]
pub struct SyncRequests {
    sender: tokio::sync::mpsc::UnboundedSender<OrganizationId>,
    receiver: Arc<Mutex<Option<tokio::sync::mpsc::UnboundedReceiver<OrganizationId>>>>,
}

impl SyncRequests {
    /// An empty queue.
    pub fn new() -> Self {
        let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
        Self {
            sender,
            receiver: Arc::new(Mutex::new(Some(receiver))),
        }
    }

    /// Asks for a sync of `org` as soon as the job is free. Without a
    /// running job (admin commands, a stopped server) nothing happens.
    pub fn request(&self, org: OrganizationId) {
        // The receiver lives as long as the state; a send only fails after
        // shutdown, when there is nothing left to sync.
        let _ = self.sender.send(org);
    }

    /// The receiving end, for the one job that serves the queue (`None`
    /// when it was already taken).
    pub fn take_receiver(&self) -> Option<tokio::sync::mpsc::UnboundedReceiver<OrganizationId>> {
        self.receiver
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }
}

impl Default for SyncRequests {
    fn default() -> Self {
        Self::new()
    }
}
