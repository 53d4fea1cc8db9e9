//! Families-for-Enterprise sponsorships (contract §1.3, §3).

use crate::DateTime;
use serde::{Deserialize, Serialize};

/// `GET /organization/sponsorship/{orgId}/sync-status`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatusResponse {
    #[serde(default = "sync_status_object")]
    pub object: String,
    /// Last time a self-hosted sync touched this org's sponsorships; null until the first.
    pub last_sync_date: Option<DateTime>,
}

fn sync_status_object() -> String {
    "syncStatus".into()
}

impl SyncStatusResponse {
    /// Builds the response.
    pub fn new(last_sync_date: Option<DateTime>) -> Self {
        Self {
            object: sync_status_object(),
            last_sync_date,
        }
    }
}
