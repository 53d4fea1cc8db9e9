//! The offer link waiting for a login, kept in `sessionStorage` so a login
//! through the regular login page comes back to the offer page.

/// `sessionStorage` key of the offer link waiting for a login.
const PENDING_KEY: &str = "billing-sync.pending-redeem";

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

/// Remembers the offer link (its path and query) until it is redeemed or
/// found invalid.
pub fn store_pending(path: &str) {
    if let Some(storage) = session_storage() {
        // Only costs the return after a login elsewhere.
        let _ = storage.set_item(PENDING_KEY, path);
    }
}

/// Forgets the offer link.
pub fn clear_pending() {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(PENDING_KEY);
    }
}

/// The offer page's path and query, if a link is waiting.
pub fn pending_redeem_path() -> Option<String> {
    session_storage()?.get_item(PENDING_KEY).ok().flatten()
}
