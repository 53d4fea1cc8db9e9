//! Accounts and organizations carry real key material (issue 14): what the
//! admin CLI creates opens the way a Bitwarden client opens it (master
//! password → user key → private key → organization key), registration
//! refuses malformed keys, and the token response, profile and sync carry the
//! fields current clients read.

mod common;

use billing_sync_server::client_crypto::{self, SymmetricKey};
use billing_sync_server::config::Role;
use billing_sync_server::identity::account_keys;
use common::{Acme, TestServer, PASSWORD};
use rsa::pkcs8::DecodePrivateKey;
use serde_json::{json, Value};
use wire::kdf::KdfSettings;
use wire::keys::EncString;
use wire::Secret;

/// Logs in over HTTP and returns the token response body.
async fn token_response(server: &TestServer, email: &str) -> Value {
    let response = server.login_response(email, PASSWORD).await;
    assert_eq!(response.status(), 200, "login of {email}");
    response.json().await.unwrap()
}

fn enc(value: &Value) -> EncString {
    EncString::new_unchecked(value.as_str().expect("an EncString"))
}

/// Opens an account as a client does: the user key from the password, then
/// the private key.
fn open_account(
    email: &str,
    kdf: KdfSettings,
    token: &Value,
) -> (SymmetricKey, rsa::RsaPrivateKey) {
    let user_key = account_keys::unlock(&Secret::new(PASSWORD), email, kdf, &enc(&token["Key"]))
        .expect("the user key opens with the master password");
    let der = user_key
        .decrypt(&enc(&token["PrivateKey"]))
        .expect("the private key opens with the user key");
    let private = rsa::RsaPrivateKey::from_pkcs8_der(&der).expect("PKCS#8 RSA key");
    (user_key, private)
}

#[tokio::test]
async fn the_token_response_profile_and_sync_carry_what_clients_unlock_with() {
    let acme = Acme::start(Role::Cloud).await;
    let server = &acme.server;
    let token = token_response(server, "owner@acme.test").await;
    // Every field a current client reads after a password login.
    assert!(enc(&token["Key"]).check_user_key().is_ok(), "{token}");
    assert!(enc(&token["PrivateKey"]).check_private_key().is_ok());
    assert_eq!(token["Kdf"], 0);
    assert_eq!(token["KdfIterations"], 600_000);
    assert_eq!(token["ForcePasswordReset"], false);
    assert_eq!(token["ResetMasterPassword"], false);
    let options = &token["UserDecryptionOptions"];
    assert_eq!(options["HasMasterPassword"], true);
    let unlock = &options["MasterPasswordUnlock"];
    assert_eq!(unlock["Salt"], "owner@acme.test");
    assert_eq!(unlock["Kdf"]["KdfType"], 0);
    assert_eq!(unlock["Kdf"]["Iterations"], 600_000);
    assert_eq!(unlock["MasterKeyEncryptedUserKey"], token["Key"]);
    let pair = &token["AccountKeys"]["publicKeyEncryptionKeyPair"];
    assert_eq!(pair["wrappedPrivateKey"], token["PrivateKey"]);
    let (_, private) = open_account("owner@acme.test", KdfSettings::default_pbkdf2(), &token);
    // The public key in the response is the private key's own half.
    let public = client_crypto::public_key(pair["publicKey"].as_str().unwrap()).unwrap();
    assert_eq!(public, rsa::RsaPublicKey::from(&private));

    let access = token["access_token"].as_str().unwrap();
    let profile: Value = server
        .get("/api/accounts/profile", access)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(profile["key"], token["Key"]);
    assert_eq!(profile["privateKey"], token["PrivateKey"]);
    assert_eq!(
        profile["accountKeys"]["publicKeyEncryptionKeyPair"]["publicKey"],
        pair["publicKey"]
    );
    let acme_org = &profile["organizations"][0];
    assert_eq!(acme_org["name"], "Acme");
    assert_eq!(acme_org["usePolicies"], true, "Enterprise plan flags");
    assert!(enc(&acme_org["key"]).rsa_data().is_ok(), "{acme_org}");

    let sync = server.get("/api/sync?excludeDomains=true", access).await;
    assert_eq!(sync.status(), 200);
    let sync: Value = sync.json().await.unwrap();
    assert_eq!(sync["object"], "sync");
    assert_eq!(sync["profile"]["organizations"][0]["key"], acme_org["key"]);
    for list in ["ciphers", "folders", "collections", "sends", "policies"] {
        assert_eq!(sync[list], json!([]), "{list}");
    }
    assert_eq!(sync["domains"], Value::Null);
    assert_eq!(
        sync["userDecryption"]["masterPasswordUnlock"]["masterKeyEncryptedUserKey"],
        token["Key"]
    );
    let with_domains: Value = server.get("/api/sync", access).await.json().await.unwrap();
    assert_eq!(with_domains["domains"]["object"], "domains");
    // Without a token: no sync.
    let anonymous = server
        .http
        .get(server.url("/api/sync"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn every_member_holds_the_same_organization_key_under_their_own_public_key() {
    for role in [Role::Cloud, Role::SelfHosted] {
        let server = TestServer::start(role).await;
        server.add_user("pat@acme.test", PASSWORD, "pbkdf2").await;
        server.add_user("ada@acme.test", PASSWORD, "argon2id").await;
        let org = server
            .create_org("Acme", "enterprise", "pat@acme.test")
            .await;
        server.add_member(&org, "ada@acme.test", "user").await;
        let mut org_keys = Vec::new();
        for (email, kdf) in [
            ("pat@acme.test", KdfSettings::default_pbkdf2()),
            ("ada@acme.test", KdfSettings::default_argon2id()),
        ] {
            let token = token_response(&server, email).await;
            let (_, private) = open_account(email, kdf, &token);
            let access = token["access_token"].as_str().unwrap();
            let profile: Value = server
                .get("/api/accounts/profile", access)
                .await
                .json()
                .await
                .unwrap();
            let key = enc(&profile["organizations"][0]["key"]);
            let org_key = client_crypto::decrypt_with(&private, &key).expect("the org key opens");
            assert_eq!(org_key.len(), 64, "{role:?} {email}");
            org_keys.push(org_key);
        }
        assert_eq!(
            org_keys[0], org_keys[1],
            "{role:?}: one key per organization"
        );
    }
}

#[tokio::test]
async fn a_redeemed_families_organization_gives_its_owner_the_key() {
    let acme = Acme::start(Role::Cloud).await;
    let server = &acme.server;
    let alice = server.login("alice@acme.test", PASSWORD).await;
    let offered = common::redeem::offer(server, &acme.org, &alice, "fran@family.test").await;
    assert_eq!(offered.status(), 200);
    let (fran, _) = common::redeem::redeem_into_new_family(server, "fran@family.test").await;
    let token = token_response(server, "fran@family.test").await;
    let (_, private) = open_account("fran@family.test", KdfSettings::default_pbkdf2(), &token);
    let profile: Value = server
        .get("/api/accounts/profile", &fran)
        .await
        .json()
        .await
        .unwrap();
    let family = &profile["organizations"][0];
    assert_eq!(family["planType"], 7);
    let key = client_crypto::decrypt_with(&private, &enc(&family["key"])).unwrap();
    assert_eq!(key.len(), 64);
}

/// A registration body as a client makes it, keys and all.
fn registration(email: &str) -> Value {
    let account = account_keys::new_client_account(
        &Secret::new(PASSWORD),
        email,
        KdfSettings::default_pbkdf2(),
    )
    .unwrap();
    json!({
        "email": email,
        "masterPasswordHash": account.master_password_hash.expose(),
        "kdf": 0,
        "kdfIterations": 600_000,
        "key": account.keys.user_key.unwrap().expose(),
        "keys": {
            "publicKey": account.keys.public_key.unwrap(),
            "encryptedPrivateKey": account.keys.private_key.unwrap().expose(),
        },
    })
}

async fn register(server: &TestServer, body: &Value) -> (u16, Value) {
    let response = server
        .http
        .post(server.url("/identity/accounts/register"))
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn registration_stores_client_keys_and_refuses_malformed_ones() {
    let server = TestServer::start(Role::Cloud).await;
    let good = registration("reg@acme.test");
    let mut cases: Vec<(&str, Value, &str)> = Vec::new();
    let mut legacy = good.clone();
    legacy["key"] = json!("0.AAAAAAAAAAAAAAAAAAAAAA==|AAAA");
    cases.push(("Key", legacy, "Legacy encryption"));
    let mut short = good.clone();
    let iv_data_mac = good["key"].as_str().unwrap().split('|').collect::<Vec<_>>();
    short["key"] = json!(format!("{}|{}", iv_data_mac[0], iv_data_mac[1]));
    cases.push(("Key", short, "three parts"));
    let mut no_pair = good.clone();
    no_pair.as_object_mut().unwrap().remove("keys");
    cases.push(("Keys", no_pair, "key pair is missing"));
    let mut bad_public = good.clone();
    bad_public["keys"]["publicKey"] = json!("bm90IGEga2V5");
    cases.push(("Keys.PublicKey", bad_public, "SPKI"));
    let mut bad_private = good.clone();
    bad_private["keys"]["encryptedPrivateKey"] = good["key"].clone();
    cases.push(("Keys.EncryptedPrivateKey", bad_private, "PKCS#8"));
    for (field, body, words) in cases {
        let (status, error) = register(&server, &body).await;
        assert_eq!(status, 400, "{field}: {error}");
        let messages = &error["validationErrors"][field];
        assert!(
            messages.to_string().contains(words),
            "{field} should say {words:?}: {error}"
        );
    }
    let (status, error) = register(&server, &good).await;
    assert_eq!(status, 200, "{error}");
    let token = token_response(&server, "reg@acme.test").await;
    assert_eq!(token["Key"], good["key"]);
    assert_eq!(
        token["AccountKeys"]["publicKeyEncryptionKeyPair"]["publicKey"],
        good["keys"]["publicKey"]
    );
    open_account("reg@acme.test", KdfSettings::default_pbkdf2(), &token);
}

#[tokio::test]
async fn a_client_reports_its_user_key_id_once_and_gets_it_back() {
    let server = TestServer::start(Role::SelfHosted).await;
    server.add_user("pat@acme.test", PASSWORD, "pbkdf2").await;
    let token = token_response(&server, "pat@acme.test").await;
    let unlock = &token["UserDecryptionOptions"]["MasterPasswordUnlock"];
    assert_eq!(unlock["ContainedKeyId"], Value::Null);
    let access = token["access_token"].as_str().unwrap();
    let path = "/api/accounts/key-management/user-key-id";
    for bad in ["0123456789ABCDEF0123456789abcdef", "0123", "not-a-key-id"] {
        let refused = server
            .post_json(path, access, &json!({"userKeyId": bad}))
            .await;
        assert_eq!(refused.status(), 400, "{bad}");
    }
    let id = "0123456789abcdef0123456789abcdef";
    let reported = server
        .post_json(path, access, &json!({"userKeyId": id}))
        .await;
    assert_eq!(reported.status(), 200);
    let again = server
        .post_json(
            path,
            access,
            &json!({"userKeyId": "fedcba9876543210fedcba9876543210"}),
        )
        .await;
    assert_eq!(again.status(), 400, "a report cannot rename the key");
    let token = token_response(&server, "pat@acme.test").await;
    assert_eq!(
        token["UserDecryptionOptions"]["MasterPasswordUnlock"]["ContainedKeyId"],
        id
    );
    let access = token["access_token"].as_str().unwrap();
    let sync: Value = server.get("/api/sync", access).await.json().await.unwrap();
    assert_eq!(sync["userDecryption"]["userKeyId"], id);
    assert_eq!(
        sync["userDecryption"]["masterPasswordUnlock"]["containedKeyId"],
        id
    );
    let anonymous = server
        .http
        .post(server.url(path))
        .json(&json!({"userKeyId": id}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

/// The public key of `email`'s account and its private key, opened as a
/// client opens them.
async fn key_pair(server: &TestServer, email: &str) -> (String, rsa::RsaPrivateKey) {
    let token = token_response(server, email).await;
    let (_, private) = open_account(email, KdfSettings::default_pbkdf2(), &token);
    let public = token["AccountKeys"]["publicKeyEncryptionKeyPair"]["publicKey"]
        .as_str()
        .unwrap()
        .to_owned();
    (public, private)
}

/// Keys a client may not send as an organization key, and a sound one.
fn organization_keys(public: &str) -> (Vec<String>, SymmetricKey, EncString) {
    let type_2 = SymmetricKey::random().encrypt(&[1u8; 64]);
    let bad = vec![
        "4.AAAA".to_owned(),
        type_2.expose().to_owned(),
        "not a key".to_owned(),
    ];
    let org_key = SymmetricKey::random();
    let sealed = client_crypto::encrypt_for(
        &client_crypto::public_key(public).unwrap(),
        org_key.expose(),
    )
    .unwrap();
    (bad, org_key, sealed)
}

/// The organization key `token`'s owner holds in their profile, opened.
async fn profile_org_key(
    server: &TestServer,
    token: &str,
    private: &rsa::RsaPrivateKey,
) -> (Value, Vec<u8>) {
    let profile: Value = server
        .get("/api/accounts/profile", token)
        .await
        .json()
        .await
        .unwrap();
    let org = profile["organizations"][0].clone();
    let key = client_crypto::decrypt_with(private, &enc(&org["key"])).expect("the org key opens");
    (org, key)
}

#[tokio::test]
async fn organizations_a_client_creates_keep_the_key_it_made() {
    // Cloud: a redeem into a new Families organization with the
    // redeemer's own organization key.
    let cloud = common::Cloud::start().await;
    let server = &cloud.acme.server;
    let alice = server.login("alice@acme.test", PASSWORD).await;
    let offered = common::redeem::offer(server, &cloud.acme.org, &alice, "fran@family.test").await;
    assert_eq!(offered.status(), 200);
    server
        .add_user("fran@family.test", PASSWORD, "pbkdf2")
        .await;
    let fran = server.login("fran@family.test", PASSWORD).await;
    let (public, private) = key_pair(server, "fran@family.test").await;
    let (bad, org_key, sealed) = organization_keys(&public);
    let sponsorship = common::redeem::offer_token(server, "fran@family.test").await;
    let path = format!("/api/organization/sponsorship/redeem?sponsorshipToken={sponsorship}");
    let redeem = |key: &str| json!({"planSponsorshipType": 0, "newOrganizationName": "Fran's family", "key": key});
    for key in &bad {
        let refused = server.post_json(&path, &fran, &redeem(key)).await;
        assert_eq!(refused.status(), 400, "{key}");
        let error: Value = refused.json().await.unwrap();
        assert!(
            error["validationErrors"]["Key"]
                .to_string()
                .contains("organization key is not valid"),
            "{key}: {error}"
        );
    }
    let redeemed = server
        .post_json(&path, &fran, &redeem(sealed.expose()))
        .await;
    assert_eq!(redeemed.status(), 200);
    let (family, opened) = profile_org_key(server, &fran, &private).await;
    assert_eq!(family["name"], "Fran's family");
    assert_eq!(
        family["key"],
        sealed.expose(),
        "stored as the client sent it"
    );
    assert_eq!(opened, org_key.expose());

    // Self-hosted: an organization from a license with the owner's key.
    let (self_hosted, owner) = common::self_hosted(&cloud.settings()).await;
    let license = cloud.license_for(&cloud.installation.0).await;
    let (public, private) = key_pair(&self_hosted, "owner@acme.test").await;
    let (bad, org_key, sealed) = organization_keys(&public);
    let bytes = serde_json::to_vec(&license).unwrap();
    let path = "/api/organizations/licenses/self-hosted";
    for key in &bad {
        let refused =
            common::uploads::upload_with_key(&self_hosted, &owner, path, bytes.clone(), Some(key))
                .await;
        assert_eq!(refused.status(), 400, "{key}");
        let error: Value = refused.json().await.unwrap();
        assert!(
            error["validationErrors"]["Key"]
                .to_string()
                .contains("organization key is not valid"),
            "{key}: {error}"
        );
    }
    let created =
        common::uploads::upload_with_key(&self_hosted, &owner, path, bytes, Some(sealed.expose()))
            .await;
    assert_eq!(created.status(), 200);
    let (acme, opened) = profile_org_key(&self_hosted, &owner, &private).await;
    assert_eq!(acme["name"], "Acme");
    assert_eq!(acme["key"], sealed.expose(), "stored as the client sent it");
    assert_eq!(opened, org_key.expose());
}
