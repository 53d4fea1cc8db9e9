//! The Argon2id worker as the page uses it (the worker trunk built into
//! `dist/`: run `trunk build` first, as `cargo xtask test` does), and the
//! exported `deriveMasterPasswordHash` that hosts and benchmarks call.
#![cfg(target_arch = "wasm32")]

use billing_sync_web::kdf::{derive_master_password_hash, master_key, set_worker_folder, KdfError};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use wire::kdf::{KdfSettings, KdfType};

wasm_bindgen_test_configure!(run_in_browser);

const BUILT_WORKER: &str = "/dist/";

fn js(json: &str) -> JsValue {
    js_sys::JSON::parse(json).expect("test JSON")
}

fn argon2id(iterations: u32, memory: u32, parallelism: u32) -> KdfSettings {
    KdfSettings {
        kdf_type: KdfType::Argon2id,
        iterations,
        memory: Some(memory),
        parallelism: Some(parallelism),
    }
}

// Same vectors as tests/kdf.rs (argon2-cffi and hashlib).
#[wasm_bindgen_test]
async fn exported_hash_matches_python_for_both_kdfs() {
    set_worker_folder(BUILT_WORKER);
    let argon = derive_master_password_hash(
        "User@Example.com ".into(),
        "p4ssw0rd".into(),
        js(r#"{"kdf":1,"kdfIterations":2,"kdfMemory":16,"kdfParallelism":4,"salt":null}"#),
    )
    .await
    .unwrap_or_else(|_| panic!("Argon2id derives"));
    assert_eq!(argon, "lTysjywVAhv2a1Wt2jvzRC9SycRDffKjW4QlIUtKaFQ=");
    let pbkdf2 = derive_master_password_hash(
        "user@example.com".into(),
        "p4ssw0rd".into(),
        js(r#"{"kdf":0,"kdfIterations":5000,"kdfMemory":null,"kdfParallelism":null}"#),
    )
    .await
    .unwrap_or_else(|_| panic!("PBKDF2 derives"));
    assert_eq!(pbkdf2, "xfhcWVbbpzNGYAAN1KziRm0+y4B9Dd11uXDgzDHBYLE=");
}

#[wasm_bindgen_test]
async fn exported_hash_rejects_bad_settings() {
    set_worker_folder(BUILT_WORKER);
    for settings in [
        r#"{"kdf":7,"kdfIterations":5000}"#,
        r#"{"kdf":0}"#,
        r#"{"kdf":0,"kdfIterations":-1}"#,
        r#"{"kdf":1,"kdfIterations":2,"kdfMemory":null,"kdfParallelism":1}"#,
        r#""pbkdf2""#,
    ] {
        assert!(
            derive_master_password_hash("a@b.c".into(), "pw".into(), js(settings))
                .await
                .is_err(),
            "{settings} must be refused"
        );
    }
}

#[wasm_bindgen_test]
async fn the_worker_answers_an_error_for_what_argon2_refuses() {
    set_worker_folder(BUILT_WORKER);
    // 0 MiB is under our upper bounds, but Argon2 needs 8 KiB per lane: the
    // worker itself refuses it, and the page gets its message.
    let error = master_key("pw", "a@b.c", argon2id(2, 0, 1)).await.err();
    match error {
        Some(KdfError::Unsupported(message)) => assert!(message.contains("memory"), "{message}"),
        other => panic!("expected the worker's refusal, got {other:?}"),
    }
    // The smallest memory with the most lanes we allow is valid Argon2id.
    let key = master_key("pw", "a@b.c", argon2id(1, 1, 16)).await;
    assert!(key.is_ok(), "1 MiB with 16 lanes derives");
}

#[wasm_bindgen_test]
async fn a_worker_that_does_not_load_is_an_error_not_a_hang() {
    set_worker_folder("/no-such-folder/");
    let error = master_key("pw", "a@b.c", argon2id(2, 16, 1)).await.err();
    set_worker_folder(BUILT_WORKER);
    match error {
        Some(KdfError::Crypto(message)) => {
            assert!(message.contains("Argon2id worker"), "{message}")
        }
        other => panic!("expected a worker error, got {other:?}"),
    }
}
