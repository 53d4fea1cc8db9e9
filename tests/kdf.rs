//! Known-answer tests for the browser key derivation, against vectors computed
//! independently with Python (hashlib, argon2-cffi 25.1.0). Each vector gives
//! the master key (hex) and the master password hash sent to the server.
#![cfg(target_arch = "wasm32")]

use billing_sync_web::kdf::{master_key, master_password_hash};
use wasm_bindgen_test::*;
use wire::kdf::{KdfSettings, KdfType};

wasm_bindgen_test_configure!(run_in_browser);

const PASSWORD: &str = "p4ssw0rd";
const EMAIL: &str = "user@example.com";
const BUILT_WORKER: &str = "/dist/";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn pbkdf2(iterations: u32) -> KdfSettings {
    KdfSettings {
        kdf_type: KdfType::Pbkdf2Sha256,
        iterations,
        memory: None,
        parallelism: None,
    }
}

/// Argon2id runs in the worker trunk builds into `dist/` (the test runner
/// serves the crate root), so these tests need `trunk build` first, as
/// `cargo xtask test` does before its wasm stage.
fn argon2id(iterations: u32, memory: u32, parallelism: u32) -> KdfSettings {
    billing_sync_web::kdf::set_worker_folder(BUILT_WORKER);
    KdfSettings {
        kdf_type: KdfType::Argon2id,
        iterations,
        memory: Some(memory),
        parallelism: Some(parallelism),
    }
}

async fn assert_vector(
    password: &str,
    salt: &str,
    kdf: KdfSettings,
    key_hex: &str,
    hash_b64: &str,
) {
    let key = master_key(password, salt, kdf)
        .await
        .expect("master key derives");
    assert_eq!(hex(key.as_bytes()), key_hex, "master key for {kdf:?}");
    let hash = master_password_hash(password, salt, kdf)
        .await
        .expect("hash derives");
    assert_eq!(hash.expose(), hash_b64, "master password hash for {kdf:?}");
}

// python3 -c "import hashlib,base64; mk=hashlib.pbkdf2_hmac('sha256',b'p4ssw0rd',b'user@example.com',5000,32); print(mk.hex(), base64.b64encode(hashlib.pbkdf2_hmac('sha256',mk,b'p4ssw0rd',1,32)).decode())"
#[wasm_bindgen_test]
async fn pbkdf2_5000_iterations_matches_python() {
    assert_vector(
        PASSWORD,
        EMAIL,
        pbkdf2(5000),
        "f0604f8492a55ec503deb11fec73119a4325dafa93d737ed8ec5837f57e8d3e9",
        "xfhcWVbbpzNGYAAN1KziRm0+y4B9Dd11uXDgzDHBYLE=",
    )
    .await;
}

// python3 -c "import hashlib,base64; mk=hashlib.pbkdf2_hmac('sha256',b'p4ssw0rd',b'user@example.com',600000,32); print(mk.hex(), base64.b64encode(hashlib.pbkdf2_hmac('sha256',mk,b'p4ssw0rd',1,32)).decode())"
#[wasm_bindgen_test]
async fn pbkdf2_default_600000_iterations_matches_python() {
    assert_vector(
        PASSWORD,
        EMAIL,
        pbkdf2(600_000),
        "71bc8ad44240ef3b4cd1f213f5b738f57a2df93c42980986e4fb56c5ceca6d4f",
        "vnmlE2/wLUzWZoEwj0eGatEmGKoIQnx+RXkccaMfMeQ=",
    )
    .await;
}

// python3 -c "import hashlib,base64; mk=hashlib.pbkdf2_hmac('sha256','pässwörd ✓'.encode(),b'user@example.com',5000,32); print(mk.hex(), base64.b64encode(hashlib.pbkdf2_hmac('sha256',mk,'pässwörd ✓'.encode(),1,32)).decode())"
#[wasm_bindgen_test]
async fn pbkdf2_non_ascii_password_is_utf8() {
    assert_vector(
        "pässwörd ✓",
        EMAIL,
        pbkdf2(5000),
        "a4748fd323b3adfb9c744759d33dfc00204928e175ca48be5df2ad33a06b9b1e",
        "sdzizVcfcTsvDWplsQwgrA5PjQDckvfOlhP4eNKjbYs=",
    )
    .await;
}

#[wasm_bindgen_test]
async fn salt_is_normalised_like_the_email() {
    // Same vector as the 5000-iteration test: the salt is trimmed and lower-cased.
    assert_vector(
        PASSWORD,
        "  User@Example.COM ",
        pbkdf2(5000),
        "f0604f8492a55ec503deb11fec73119a4325dafa93d737ed8ec5837f57e8d3e9",
        "xfhcWVbbpzNGYAAN1KziRm0+y4B9Dd11uXDgzDHBYLE=",
    )
    .await;
}

// python3 -c "import hashlib,base64; from argon2.low_level import hash_secret_raw,Type; mk=hash_secret_raw(b'p4ssw0rd',hashlib.sha256(b'user@example.com').digest(),time_cost=2,memory_cost=16*1024,parallelism=1,hash_len=32,type=Type.ID); print(mk.hex(), base64.b64encode(hashlib.pbkdf2_hmac('sha256',mk,b'p4ssw0rd',1,32)).decode())"
#[wasm_bindgen_test]
async fn argon2id_t2_m16_p1_matches_python() {
    assert_vector(
        PASSWORD,
        EMAIL,
        argon2id(2, 16, 1),
        "66cfb7122465d363151e4554e9d5d80cf7493c8d1e7060633b325b736b7dc3cf",
        "+3V/1+VFJrRPLKLi2vYsyvNRokCd8UcOrHz2AbPdJeI=",
    )
    .await;
}

// python3 -c "import hashlib,base64; from argon2.low_level import hash_secret_raw,Type; mk=hash_secret_raw(b'p4ssw0rd',hashlib.sha256(b'user@example.com').digest(),time_cost=2,memory_cost=16*1024,parallelism=4,hash_len=32,type=Type.ID); print(mk.hex(), base64.b64encode(hashlib.pbkdf2_hmac('sha256',mk,b'p4ssw0rd',1,32)).decode())"
#[wasm_bindgen_test]
async fn argon2id_t2_m16_p4_matches_python() {
    assert_vector(
        PASSWORD,
        EMAIL,
        argon2id(2, 16, 4),
        "4b20cfce5c5fcd68f0519b970e084c934ebde66f193394ee42a8bb23109b7396",
        "lTysjywVAhv2a1Wt2jvzRC9SycRDffKjW4QlIUtKaFQ=",
    )
    .await;
}

#[wasm_bindgen_test]
async fn argon2id_without_memory_or_with_absurd_memory_is_refused() {
    let no_memory = KdfSettings {
        memory: None,
        ..argon2id(2, 16, 1)
    };
    assert!(master_key(PASSWORD, EMAIL, no_memory).await.is_err());
    assert!(master_key(PASSWORD, EMAIL, argon2id(2, 4096, 1))
        .await
        .is_err());
    assert!(master_key(PASSWORD, EMAIL, pbkdf2(0)).await.is_err());
}
