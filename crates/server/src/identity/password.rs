//! The server's own slow hash of the *master password hash* a client sends.
//! The client never sends the master password; the server never stores what
//! the client sends: PBKDF2-HMAC-SHA512, 100,000 iterations, 16-byte random
//! salt (the parameters of ASP.NET Identity v3, which Bitwarden uses).

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use rand::RngCore;
use subtle::ConstantTimeEq;
use wire::Secret;

/// Bitwarden answers a failed login (or master password check) only after
/// this delay, to slow guessing.
pub const FAILED_LOGIN_DELAY: std::time::Duration = std::time::Duration::from_secs(2);

const ITERATIONS: u32 = 100_000;
const SCHEME: &str = "pbkdf2-sha512";

/// Hashes a client's master password hash for storage:
/// `pbkdf2-sha512$<iterations>$<salt b64>$<hash b64>`.
pub fn hash(master_password_hash: &Secret) -> Secret {
    let mut salt = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    let derived = derive(master_password_hash, &salt, ITERATIONS);
    Secret::new(format!(
        "{SCHEME}${ITERATIONS}${}${}",
        B64.encode(salt),
        B64.encode(derived)
    ))
}

/// Checks a client's master password hash against the stored value, in constant time.
/// A malformed stored value never matches.
pub fn verify(master_password_hash: &Secret, stored: &str) -> bool {
    let mut parts = stored.split('$');
    let (Some(SCHEME), Some(iterations), Some(salt), Some(expected), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return false;
    };
    let (Ok(iterations), Ok(salt), Ok(expected)) = (
        iterations.parse::<u32>(),
        B64.decode(salt),
        B64.decode(expected),
    ) else {
        return false;
    };
    let derived = derive(master_password_hash, &salt, iterations);
    derived.ct_eq(expected.as_slice()).into()
}

/// A stored value for accounts that do not exist, so a login for an unknown
/// e-mail costs the same time as one for a known e-mail.
pub fn dummy() -> &'static str {
    "pbkdf2-sha512$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
}

fn derive(master_password_hash: &Secret, salt: &[u8], iterations: u32) -> [u8; 32] {
    billing_sync_kdf::pbkdf2_sha512(master_password_hash.expose().as_bytes(), salt, iterations)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verifies_the_right_hash_only() {
        let stored = hash(&Secret::new("abc"));
        assert!(verify(&Secret::new("abc"), stored.expose()));
        assert!(!verify(&Secret::new("abd"), stored.expose()));
        assert!(!verify(&Secret::new("abc"), "garbage"));
        assert!(!verify(&Secret::new("abc"), dummy()));
    }

    #[test]
    fn salts_differ() {
        assert_ne!(hash(&Secret::new("abc")), hash(&Secret::new("abc")));
    }
}
