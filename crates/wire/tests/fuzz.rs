//! Property-based fuzzing of every JSON request model (issue 13), on the
//! stable toolchain with `proptest`: arbitrary bytes, arbitrary JSON and
//! valid requests with fields removed, renamed to Bitwarden's PascalCase or
//! replaced by any JSON value. Deserializing never panics, and whatever
//! deserializes survives a serialize → deserialize round trip unchanged.
//! The case counts are fixed (and no persistence files are written), so the
//! run is bounded; the inputs tried are printed.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Cases per property and model.
const CASES: u32 = 256;

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    })
}

/// Any JSON value, three levels deep at most, with strings that look like
/// what the models hold (ids, dates, e-mails) among random ones.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u8>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,24}".prop_map(Value::from),
        "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}".prop_map(Value::from),
        "20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?Z?"
            .prop_map(Value::from),
        "[a-z]{1,8}@[a-z]{1,8}\\.test".prop_map(Value::from),
        "[0-9]\\.[A-Za-z0-9+/=|]{0,30}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z]{1,12}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// One change to a valid request.
#[derive(Clone, Debug)]
enum Mutation {
    Remove,
    Replace(Value),
    /// The field under Bitwarden's PascalCase name.
    Pascal,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        Just(Mutation::Remove),
        any_json().prop_map(Mutation::Replace),
        Just(Mutation::Pascal),
    ]
}

/// Applies mutations to the fields of `value` (objects nested in arrays too:
/// a sync batch's rows).
fn mutate(value: &mut Value, changes: &[(prop::sample::Index, Mutation)]) {
    for (index, change) in changes {
        let target = match value {
            Value::Object(map) => {
                // Half the time a nested object (e.g. a batch row) takes the change.
                let nested = map
                    .values_mut()
                    .filter_map(|v| v.as_array_mut())
                    .flat_map(|a| a.iter_mut())
                    .find(|v| v.is_object());
                match nested {
                    Some(row) if index.index(2) == 1 => row,
                    _ => value,
                }
            }
            _ => value,
        };
        let Value::Object(map) = target else { return };
        if map.is_empty() {
            continue;
        }
        let key = map
            .keys()
            .nth(index.index(map.len()))
            .cloned()
            .unwrap_or_default();
        match change {
            Mutation::Remove => {
                map.remove(&key);
            }
            Mutation::Replace(new) => {
                map.insert(key, new.clone());
            }
            Mutation::Pascal => {
                if let Some(old) = map.remove(&key) {
                    let mut chars = key.chars();
                    let pascal = chars
                        .next()
                        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                        .unwrap_or_default();
                    map.insert(pascal, old);
                }
            }
        }
    }
}

/// Whatever deserializes serializes and deserializes back to itself.
fn round_trips<T: Serialize + DeserializeOwned + PartialEq>(
    model: &T,
) -> Result<(), TestCaseError> {
    let again: T = serde_json::to_value(model)
        .and_then(serde_json::from_value)
        .map_err(|e| TestCaseError::fail(format!("serialized form does not read back: {e}")))?;
    prop_assert!(again == *model, "changed by a round trip");
    Ok(())
}

/// Runs the three properties for model `T`; returns the inputs tried.
fn fuzz<T: Serialize + DeserializeOwned + PartialEq>(name: &str, valid: Value) -> usize {
    let tried = AtomicUsize::new(0);
    let accepted = AtomicUsize::new(0);
    let model: T = serde_json::from_value(valid.clone())
        .unwrap_or_else(|e| panic!("{name}: the valid sample does not read: {e}"));
    round_trips(&model).unwrap_or_else(|e| panic!("{name}: {e}"));

    let mut bytes = runner();
    bytes
        .run(&prop::collection::vec(any::<u8>(), 0..200), |input| {
            tried.fetch_add(1, Ordering::Relaxed);
            if let Ok(model) = serde_json::from_slice::<T>(&input) {
                round_trips(&model)?;
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{name}, arbitrary bytes: {e}"));
    let mut anything = runner();
    anything
        .run(&any_json(), |input| {
            tried.fetch_add(1, Ordering::Relaxed);
            // Text, as a client sends it (the parser's own path), and a value.
            let text = input.to_string();
            let _ = serde_json::from_str::<T>(&text);
            if let Ok(model) = serde_json::from_value::<T>(input) {
                round_trips(&model)?;
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{name}, arbitrary JSON: {e}"));
    let mut mutated = runner();
    let changes = prop::collection::vec((any::<prop::sample::Index>(), mutation()), 1..4);
    mutated
        .run(&changes, |changes| {
            tried.fetch_add(1, Ordering::Relaxed);
            let mut input = valid.clone();
            mutate(&mut input, &changes);
            if let Ok(model) = serde_json::from_str::<T>(&input.to_string()) {
                accepted.fetch_add(1, Ordering::Relaxed);
                round_trips(&model)?;
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{name}, mutated request: {e}"));
    let tried = tried.into_inner();
    println!(
        "{name}: {tried} inputs, {} mutated requests still valid",
        accepted.into_inner()
    );
    tried
}

const ORG: &str = "6a4e1c1e-3a57-4b1e-9d5a-1a2b3c4d5e6f";
const USER: &str = "0f9e8d7c-6b5a-4c3d-8e1f-2a3b4c5d6e7f";

#[test]
fn every_json_request_model_survives_arbitrary_and_mutated_input() {
    use wire::{
        api_keys, connections, identity, installations, keys, licenses, sponsorships, sync,
    };
    let started = Instant::now();
    let mut tried = 0;
    tried += fuzz::<api_keys::OrganizationApiKeyRequest>(
        "OrganizationApiKeyRequest",
        json!({"type": 1, "masterPasswordHash": "aGFzaA==", "otp": "123456"}),
    );
    tried += fuzz::<connections::OrganizationConnectionRequest>(
        "OrganizationConnectionRequest",
        json!({"type": 1, "organizationId": ORG, "enabled": true, "config": {"billingSyncKey": "key"}}),
    );
    tried += fuzz::<connections::BillingSyncConfigRequest>(
        "BillingSyncConfigRequest",
        json!({"billingSyncKey": "key"}),
    );
    tried += fuzz::<identity::PreloginRequest>("PreloginRequest", json!({"email": "a@acme.test"}));
    tried += fuzz::<identity::RevocationForm>(
        "RevocationForm",
        json!({"token": "refresh", "token_type_hint": "refresh_token"}),
    );
    tried += fuzz::<identity::TokenRequestForm>(
        "TokenRequestForm",
        json!({"grant_type": "password", "username": "a@acme.test", "password": "aGFzaA==",
               "scope": "api offline_access", "client_id": "web", "deviceType": "9",
               "deviceIdentifier": USER, "deviceName": "firefox"}),
    );
    tried +=
        fuzz::<identity::SetUserKeyIdRequest>("SetUserKeyIdRequest", json!({"userKeyId": "k1"}));
    tried += fuzz::<identity::RegisterRequest>(
        "RegisterRequest",
        json!({"email": "a@acme.test", "name": "A", "masterPasswordHash": "aGFzaA==",
               "masterPasswordHint": null, "kdf": 1, "kdfIterations": 3, "kdfMemory": 64,
               "kdfParallelism": 4, "key": null, "keys": null}),
    );
    tried += fuzz::<installations::InstallationRequest>(
        "InstallationRequest",
        json!({"email": "ops@acme.test"}),
    );
    tried += fuzz::<keys::KeysRequest>(
        "KeysRequest",
        json!({"publicKey": "MIIBIjAN", "encryptedPrivateKey": "2.AAAA|BBBB|CCCC"}),
    );
    tried += fuzz::<licenses::SelfHostedOrganizationLicenseRequest>(
        "SelfHostedOrganizationLicenseRequest",
        json!({"licenseKey": "license", "billingSyncKey": "key"}),
    );
    tried += fuzz::<sponsorships::OrganizationSponsorshipCreateRequest>(
        "OrganizationSponsorshipCreateRequest",
        json!({"planSponsorshipType": 0, "sponsoredEmail": "kid@family.test",
               "friendlyName": "Kid", "isAdminInitiated": false, "notes": "hi"}),
    );
    tried += fuzz::<sponsorships::OrganizationSponsorshipSyncRequest>(
        "OrganizationSponsorshipSyncRequest",
        json!({"billingSyncKey": "key", "sponsoringOrganizationCloudId": ORG,
               "sponsorshipsBatch": [{"sponsoringOrganizationUserId": USER, "friendlyName": "Kid",
                   "offeredToEmail": "kid@family.test", "planSponsorshipType": 0,
                   "lastSyncDate": "2026-12-01T10:00:00Z", "validUntil": null, "toDelete": false,
                   "cloudSponsorshipRemoved": false, "isAdminInitiated": false}]}),
    );
    tried += fuzz::<sponsorships::OrganizationSponsorshipRedeemRequest>(
        "OrganizationSponsorshipRedeemRequest",
        json!({"planSponsorshipType": 0, "sponsoredOrganizationId": ORG, "newOrganizationName": "Fam"}),
    );
    tried += fuzz::<sync::SyncQuery>("SyncQuery", json!({"excludeDomains": true}));
    let elapsed = started.elapsed();
    println!(
        "wire request models: {tried} inputs tried in {:.1} s, no panic, every accepted input round-trips",
        elapsed.as_secs_f64()
    );
    assert!(tried >= 15 * 3 * CASES as usize);
}
