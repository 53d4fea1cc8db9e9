//! Every key's texts, one file per screen area (see [`Key`]). English
//! follows Bitwarden's web vault where a screen mirrors it; Dutch uses the
//! seed help page's labels verbatim, even where Bitwarden's own Dutch
//! differs (e.g. "Genereer token").

use super::Key;

mod billing;
mod common;
mod families;
mod license;

impl Key {
    /// Every key, file by file, in order: for the completeness tests (no
    /// screen calls it, so no binary links every text through it).
    pub fn all() -> Vec<Key> {
        [common::ALL, billing::ALL, license::ALL, families::ALL].concat()
    }
}
