//! Argon2id for the Billing Sync web module, run in a Web Worker so the
//! 64 MiB key derivation neither blocks the page nor weighs on the first
//! screen's wasm (PBKDF2 accounts never load this module).
//! The derivation itself is `argon2id.rs`, on wasm SIMD (`block.rs`).
//!
//! The protocol, with the main module's `kdf::argon2id`:
//! 1. the worker posts `{ ready: true }` once its handler is installed
//!    (a message sent before that would be lost);
//! 2. the page posts `{ password: Uint8Array, salt: Uint8Array, iterations,
//!    memoryMib, parallelism }` (salt as sent: the normalised e-mail);
//! 3. the worker posts `{ key: Uint8Array }` (32 bytes) or `{ error: string }`.

mod argon2id;
mod block;

use sha2::{Digest, Sha256};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// What one derivation needs; memory in MiB as Bitwarden's settings give it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cost {
    pub iterations: u32,
    pub memory_mib: u32,
    pub parallelism: u32,
}

/// 32 bytes of Argon2id(password, SHA-256(salt), t, m MiB, p): Bitwarden
/// hashes the salt first, so any e-mail length is a valid salt.
pub fn derive(password: &[u8], salt: &[u8], cost: Cost) -> Result<[u8; 32], String> {
    let memory_kib = cost
        .memory_mib
        .checked_mul(1024)
        .ok_or_else(|| format!("Argon2id memory {} MiB", cost.memory_mib))?;
    let params = argon2id::Params {
        t_cost: cost.iterations,
        m_kib: memory_kib,
        lanes: cost.parallelism,
    };
    argon2id::hash(password, &Sha256::digest(salt), params)
}

/// Installs the message handler and says so (step 1 above).
pub fn serve() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let handler = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let _ = reply_to.post_message(&answer(&event.data()));
    });
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The handler lives as long as the worker, which the page terminates.
    handler.forget();
    let _ = scope.post_message(&object(&[("ready", JsValue::TRUE)]));
}

/// `{ key }` or `{ error }` for one request.
fn answer(request: &JsValue) -> JsValue {
    match read_request(request).and_then(|(password, salt, cost)| derive(&password, &salt, cost)) {
        Ok(key) => object(&[("key", js_sys::Uint8Array::from(&key[..]).into())]),
        Err(error) => object(&[("error", JsValue::from_str(&error))]),
    }
}

fn read_request(request: &JsValue) -> Result<(Vec<u8>, Vec<u8>, Cost), String> {
    let bytes = |name: &str| -> Result<Vec<u8>, String> {
        field(request, name)?
            .dyn_into::<js_sys::Uint8Array>()
            .map(|array| array.to_vec())
            .map_err(|_| format!("{name} is not a Uint8Array"))
    };
    let number = |name: &str| -> Result<u32, String> {
        field(request, name)?
            .as_f64()
            .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))
            .map(|n| n as u32)
            .ok_or_else(|| format!("{name} is not a whole number"))
    };
    let cost = Cost {
        iterations: number("iterations")?,
        memory_mib: number("memoryMib")?,
        parallelism: number("parallelism")?,
    };
    Ok((bytes("password")?, bytes("salt")?, cost))
}

fn field(object: &JsValue, name: &str) -> Result<JsValue, String> {
    js_sys::Reflect::get(object, &JsValue::from_str(name)).map_err(|_| format!("no {name}"))
}

fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (name, value) in fields {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(name), value);
    }
    object.into()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    // The known answer of the web module's tests/kdf.rs (argon2-cffi):
    // t=2, m=16 MiB, p=1, password "p4ssw0rd", salt SHA-256("user@example.com").
    #[test]
    fn matches_the_python_vector() {
        let cost = Cost {
            iterations: 2,
            memory_mib: 16,
            parallelism: 1,
        };
        let key = derive(b"p4ssw0rd", b"user@example.com", cost).expect("derives");
        assert_eq!(hex(&key), EXPECTED_T2_M16_P1);
    }

    #[test]
    fn impossible_costs_are_errors_not_panics() {
        let zero = Cost {
            iterations: 0,
            memory_mib: 16,
            parallelism: 1,
        };
        assert!(derive(b"p", b"s", zero).is_err());
        let overflow = Cost {
            iterations: 2,
            memory_mib: u32::MAX,
            parallelism: 1,
        };
        assert!(derive(b"p", b"s", overflow).is_err());
    }

    const EXPECTED_T2_M16_P1: &str =
        "66cfb7122465d363151e4554e9d5d80cf7493c8d1e7060633b325b736b7dc3cf";
}
