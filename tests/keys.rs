//! The keys the browser makes for a new account and a new organization
//! (`billing_sync_web::keys`, WebCrypto) have Bitwarden's exact wire form and
//! open the way a Bitwarden client opens them: the user key with the
//! stretched master key (MAC checked first), the private key with the user
//! key, an organization key with the private key. Known answers were
//! computed independently with Python (hmac, cryptography 48).
#![cfg(target_arch = "wasm32")]

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use billing_sync_web::kdf::MasterKey;
use billing_sync_web::keys::{
    encrypt_for, new_account_keys, new_organization_key, KeyError, SymmetricKey,
};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::CryptoKey;
use wire::keys::{EncString, EncStringType};

wasm_bindgen_test_configure!(run_in_browser);

/// The master key of the known answers: the bytes 1..=32.
fn known_master_key() -> MasterKey {
    MasterKey::from_bytes(std::array::from_fn(|i| i as u8 + 1))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `2.` then three base64 parts of 16, `data_len` and 32 bytes.
fn assert_type_2(value: &EncString, data_len: Option<usize>) {
    let text = value.expose();
    assert_eq!(value.kind(), Ok(EncStringType::AesCbc256HmacSha256));
    let rest = text.strip_prefix("2.").expect("starts with 2.");
    let parts: Vec<&str> = rest.split('|').collect();
    assert_eq!(parts.len(), 3, "{text}");
    let sizes: Vec<usize> = parts.iter().map(|p| B64.decode(p).unwrap().len()).collect();
    assert_eq!(sizes[0], 16, "iv");
    assert_eq!(sizes[2], 32, "mac");
    if let Some(len) = data_len {
        assert_eq!(sizes[1], len, "data");
    }
    // Standard base64 with padding, as Bitwarden writes it.
    for part in parts {
        assert_eq!(B64.encode(B64.decode(part).unwrap()), part);
    }
}

/// Flips one bit of the EncString's `part` (0 iv, 1 data, 2 mac).
fn tampered(value: &EncString, part: usize) -> EncString {
    let rest = value.expose().strip_prefix("2.").unwrap();
    let mut parts: Vec<Vec<u8>> = rest.split('|').map(|p| B64.decode(p).unwrap()).collect();
    parts[part][0] ^= 1;
    let joined: Vec<String> = parts.iter().map(|p| B64.encode(p)).collect();
    EncString::new_unchecked(format!("2.{}", joined.join("|")))
}

/// The PKCS#8 private key, imported for RSA-OAEP (SHA-1) decryption.
async fn import_private_key(pkcs8: &[u8]) -> CryptoKey {
    let subtle = web_sys::window().unwrap().crypto().unwrap().subtle();
    let algorithm = Object::new();
    Reflect::set(&algorithm, &"name".into(), &"RSA-OAEP".into()).unwrap();
    Reflect::set(&algorithm, &"hash".into(), &"SHA-1".into()).unwrap();
    let usages: Array = std::iter::once(JsValue::from_str("decrypt")).collect();
    let promise = subtle
        .import_key_with_object(
            "pkcs8",
            &Uint8Array::from(pkcs8),
            &algorithm,
            false,
            &usages,
        )
        .unwrap();
    JsFuture::from(promise)
        .await
        .expect("the private key is PKCS#8 RSA")
        .dyn_into()
        .unwrap()
}

/// Opens a type-4 EncString with a private key.
async fn rsa_decrypt(private: &CryptoKey, value: &EncString) -> Vec<u8> {
    let subtle = web_sys::window().unwrap().crypto().unwrap().subtle();
    let algorithm = Object::new();
    Reflect::set(&algorithm, &"name".into(), &"RSA-OAEP".into()).unwrap();
    let data = value.rsa_data().expect("one RSA block");
    let promise = subtle
        .decrypt_with_object_and_u8_array(&algorithm, private, &data)
        .unwrap();
    Uint8Array::new(&JsFuture::from(promise).await.expect("RSA-OAEP opens")).to_vec()
}

#[wasm_bindgen_test]
async fn the_stretched_master_key_is_hkdf_expand_of_enc_and_mac() {
    let stretched = SymmetricKey::stretch(&known_master_key()).await.unwrap();
    assert_eq!(
        hex(&stretched.expose()[..32]),
        "430a9d9e1d1a5d5bc8b184256c7fbadd33c27d1e6d276a801bdcd07c1c0003ea"
    );
    assert_eq!(
        hex(&stretched.expose()[32..]),
        "c4b2c51ed7aa2f27c4b7e5dcf19f3950a2b3222b1d764d7b3f657e9e509add10"
    );
}

#[wasm_bindgen_test]
async fn a_type_2_encstring_of_another_implementation_opens_and_tampering_is_refused() {
    // The bytes 100..164 under the known stretched key, iv 0..16 (Python).
    let known = EncString::new_unchecked(
        "2.AAECAwQFBgcICQoLDA0ODw==|zdewplDglDGdIPrrGnH1fCqw1S/J+WpfWJY0qz2u+9hEHXhLetls6epQj0nn5D4h8HjiCjexBYOnas2q9GJXTbJB/GkpAJBvAHk1vEv5G9A=|B8ZEIisJNkYqrCNhe0scS5TFjWN6NZDir563DMQZIXk=",
    );
    let stretched = SymmetricKey::stretch(&known_master_key()).await.unwrap();
    let expected: Vec<u8> = (100..164).collect();
    assert_eq!(stretched.decrypt(&known).await.unwrap(), expected);
    for part in 0..3 {
        let refused = stretched.decrypt(&tampered(&known, part)).await;
        assert!(
            matches!(&refused, Err(KeyError(m)) if m.contains("MAC")),
            "part {part}: {refused:?}"
        );
    }
    let other = SymmetricKey::random().unwrap();
    assert!(other.decrypt(&known).await.is_err(), "a wrong key");
    assert!(stretched
        .decrypt(&EncString::new_unchecked("0.AAAA|AAAA"))
        .await
        .is_err());
}

#[wasm_bindgen_test]
async fn a_new_accounts_keys_have_the_wire_form_and_open_with_the_master_key() {
    let master = known_master_key();
    let made = new_account_keys(&master).await.unwrap();
    // The user key: 64 bytes, so 80 bytes of CBC ciphertext.
    assert_type_2(&made.key, Some(80));
    assert!(made.key.check_user_key().is_ok());
    assert!(made.keys.encrypted_private_key.check_private_key().is_ok());
    assert_type_2(&made.keys.encrypted_private_key, None);
    let spki = wire::keys::check_public_key(&made.keys.public_key).unwrap();
    assert_eq!(spki.len(), 294, "SPKI DER of an RSA-2048 key");

    let stretched = SymmetricKey::stretch(&master).await.unwrap();
    let user_key = SymmetricKey::from_bytes(&stretched.decrypt(&made.key).await.unwrap()).unwrap();
    let pkcs8 = user_key
        .decrypt(&made.keys.encrypted_private_key)
        .await
        .unwrap();
    assert_eq!(pkcs8[0], 0x30, "a DER SEQUENCE");
    let private = import_private_key(&pkcs8).await;

    // The public key is the private key's own half: what is sealed for it opens.
    let sealed = encrypt_for(&made.keys.public_key, b"for the owner")
        .await
        .unwrap();
    assert_eq!(rsa_decrypt(&private, &sealed).await, b"for the owner");

    // A new organization's key: type 4, one 2048-bit block, 64 bytes inside.
    let org_key = new_organization_key(&made.keys.public_key).await.unwrap();
    assert_eq!(org_key.kind(), Ok(EncStringType::RsaOaepSha1));
    assert!(org_key.expose().starts_with("4."));
    assert_eq!(org_key.rsa_data().unwrap().len(), 256);
    let opened = rsa_decrypt(&private, &org_key).await;
    assert_eq!(opened.len(), 64);

    // The private key does not open with the stretched master key, and two
    // accounts never share a user key.
    assert!(stretched
        .decrypt(&made.keys.encrypted_private_key)
        .await
        .is_err());
    let again = new_account_keys(&master).await.unwrap();
    assert_ne!(
        stretched.decrypt(&again.key).await.unwrap(),
        user_key.expose().to_vec()
    );
    // Nothing of the keys shows in their Debug form (they may reach a log).
    let printed = format!("{:?} {:?}", made.key, made.keys);
    assert!(!printed.contains(&made.key.expose()[2..20]), "{printed}");
}

#[wasm_bindgen_test]
async fn a_public_key_that_is_not_spki_is_refused() {
    for bad in ["", "not base64!", "MAwGCCqGSM49AgEGCA=="] {
        let refused = encrypt_for(bad, b"x").await;
        assert!(refused.is_err(), "{bad:?}");
    }
}
