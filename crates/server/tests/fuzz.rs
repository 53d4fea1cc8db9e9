//! Property-based fuzzing (issue 13) of what a self-hosted server reads from
//! outside: the license file parser and verifier, and the env file parser
//! with every setting read from it. `proptest` on the stable toolchain, fixed
//! case counts, no persistence files; the inputs tried are printed.
//!
//! The license properties start from real licenses the cloud issued (one
//! with a token, one legacy signed one) and change them: a change to any
//! field the signature or token covers must never give a license that is
//! accepted with different terms.

mod common;

use billing_sync_server::config::{parse_env_file, GlobalSettings};
use billing_sync_server::licenses::format::parse_license;
use billing_sync_server::licenses::signing::LicenseVerifier;
use billing_sync_server::licenses::verify::{can_use, LicenseContext};
use common::Cloud;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use wire::licenses::OrganizationLicense;

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (0i64..100).prop_map(Value::from),
        ".{0,24}".prop_map(Value::from),
        "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}".prop_map(Value::from),
        "20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z?".prop_map(Value::from),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop::collection::vec(inner, 0..3).prop_map(Value::Array)
    })
}

/// The terms a license grants: what an accepted forgery would change.
fn terms(license: &OrganizationLicense) -> String {
    format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{}|{}|{:?}|{}",
        license.id,
        license.installation_id,
        license.license_key.as_ref().map(wire::Secret::expose),
        license.seats,
        license.plan_type,
        // Token claims carry whole seconds; the signed JSON the fraction.
        license.expires.map(|e| e.timestamp()),
        license.max_storage_gb,
        license.enabled,
        license.self_host,
        license.sm_seats,
        license.use_sso,
    )
}

/// Changes to a license file: (field, new value or removal), or one
/// character of the token or signature replaced.
#[derive(Clone, Debug)]
enum Change {
    Field(prop::sample::Index, Option<Value>),
    Char(bool, prop::sample::Index, char),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (any::<prop::sample::Index>(), prop::option::of(any_json()))
            .prop_map(|(i, v)| Change::Field(i, v)),
        (
            any::<bool>(),
            any::<prop::sample::Index>(),
            "[A-Za-z0-9_+/=.-]"
        )
            .prop_map(|(token, i, c)| Change::Char(
                token,
                i,
                c.chars().next().unwrap_or('A')
            )),
    ]
}

fn apply(file: &mut serde_json::Map<String, Value>, change: &Change) {
    match change {
        Change::Field(index, value) => {
            let key = file
                .keys()
                .nth(index.index(file.len()))
                .cloned()
                .unwrap_or_default();
            match value {
                Some(value) => file.insert(key, value.clone()),
                None => file.remove(&key),
            };
        }
        Change::Char(token, index, c) => {
            let name = if *token { "token" } else { "signature" };
            let key = file.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned();
            if let Some(Value::String(text)) = key.and_then(|k| file.get_mut(&k)) {
                let mut chars: Vec<char> = text.chars().collect();
                if !chars.is_empty() {
                    let at = index.index(chars.len());
                    chars[at] = *c;
                    *text = chars.into_iter().collect();
                }
            }
        }
    }
}

#[tokio::test]
async fn licenses_env_files_and_settings_survive_arbitrary_and_mutated_input() {
    let started = std::time::Instant::now();
    let cloud = Cloud::start().await;
    let with_token = cloud.license_for(&cloud.installation.0).await;
    let signer = cloud.acme.server.license_signer().await;
    let mut legacy = with_token.clone();
    legacy.token = None;
    signer.sign(&mut legacy).expect("legacy signature");
    let verifier =
        LicenseVerifier::from_bytes(signer.certificate_pem().unwrap().as_bytes()).unwrap();
    let ctx = LicenseContext {
        installation_id: cloud.installation.0.parse().ok(),
        verifier: Some(&verifier),
        now: chrono::Utc::now(),
    };
    let tried = AtomicUsize::new(0);
    let (accepted, forged) = (AtomicUsize::new(0), AtomicUsize::new(0));

    // Arbitrary bytes never panic the parser.
    runner(512)
        .run(&prop::collection::vec(any::<u8>(), 0..300), |bytes| {
            tried.fetch_add(1, Ordering::Relaxed);
            if let Ok(license) = parse_license(&bytes) {
                let _ = can_use(&license, &ctx);
            }
            Ok(())
        })
        .unwrap();
    for (name, original) in [("token license", &with_token), ("legacy license", &legacy)] {
        let good = can_use(original, &ctx).unwrap_or_else(|e| panic!("{name}: {e}"));
        let file: Value = serde_json::from_str(
            &billing_sync_server::licenses::format::to_file_json(original).unwrap(),
        )
        .unwrap();
        let Value::Object(file) = file else {
            panic!("a license file is an object")
        };
        // Bitwarden's PascalCase file and the API's camelCase both read.
        let camel: serde_json::Map<String, Value> = serde_json::to_value(original)
            .unwrap()
            .as_object()
            .cloned()
            .unwrap();
        for casing in [file, camel] {
            runner(256)
                .run(&prop::collection::vec(change(), 1..4), |changes| {
                    tried.fetch_add(1, Ordering::Relaxed);
                    let mut changed = casing.clone();
                    for c in &changes {
                        apply(&mut changed, c);
                    }
                    let bytes = serde_json::to_vec(&changed).unwrap();
                    let Ok(license) = parse_license(&bytes) else {
                        return Ok(());
                    };
                    if let Ok(applied) = can_use(&license, &ctx) {
                        accepted.fetch_add(1, Ordering::Relaxed);
                        if terms(&applied) != terms(&good) {
                            forged.fetch_add(1, Ordering::Relaxed);
                        }
                        prop_assert_eq!(
                            terms(&applied),
                            terms(&good),
                            "{} accepted with other terms",
                            name
                        );
                    }
                    Ok(())
                })
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    // Env files: arbitrary text never panics the parser or the settings read from it.
    let names = [
        "enableCloudCommunication",
        "baseServiceUri__cloudRegion",
        "baseServiceUri__vault",
        "installation__id",
        "installation__key",
        "installation__identityUri",
        "installation__apiUri",
        "pushRelayBaseUri",
        "licenseDirectory",
        "billingSync__allowedOrigins",
        "mail__smtp__host",
        "mail__smtp__port",
        "mail__smtp__ssl",
        "mail__smtp__startTls",
        "mail__replyToEmail",
        "postgreSql__connectionString",
        "billingSync__loginAttemptsPerAccountPerMinute",
        "billingSync__loginAttemptsPerIpPerMinute",
        "billingSync__passwordHashConcurrency",
        "billingSync__newOffersPerOrganizationPerDay",
        "billingSync__purgeIntervalSeconds",
        "billingSync__syncRunRetentionDays",
        "billingSync__databaseMaxConnections",
        "billingSync__databaseAcquireTimeoutSeconds",
        "billingSync__cloudTimeoutSeconds",
    ];
    let read_all = |text: &str| {
        let Ok(settings) = GlobalSettings::from_values(parse_env_file(text)) else {
            return;
        };
        let _ = billing_sync_server::limits::LimitSettings::from_settings(&settings);
        let _ = billing_sync_server::db::settings::PoolSettings::from_settings(&settings);
        let _ = billing_sync_server::maintenance::Retention::from_settings(&settings);
        let _ = billing_sync_server::mail::SmtpSettings::from_settings(&settings);
        let _ = billing_sync_server::jobs::JobSettings::from_settings(&settings);
        let _ = billing_sync_server::db::settings::database_url(
            None,
            &settings,
            std::path::Path::new("/data"),
        );
        let _ = format!("{settings:?}");
    };
    runner(512)
        .run(&"(?s).{0,400}", |text| {
            tried.fetch_add(1, Ordering::Relaxed);
            read_all(&text);
            Ok(())
        })
        .unwrap();
    let setting = (prop::sample::select(names.to_vec()), "[ -~]{0,40}");
    runner(512)
        .run(&prop::collection::vec(setting, 1..6), |settings| {
            tried.fetch_add(1, Ordering::Relaxed);
            let text: String = settings
                .iter()
                .map(|(name, value)| format!("globalSettings__{name}={value}\n"))
                .collect();
            read_all(&text);
            Ok(())
        })
        .unwrap();
    // Round trip: written lines (comments, blank lines, quotes, odd spacing) read back.
    let line = (
        "[A-Za-z][A-Za-z0-9_]{0,30}",
        "[ -~]{0,40}",
        0..3usize,
        " {0,3}",
    );
    runner(512)
        .run(&prop::collection::vec(line, 0..8), |lines| {
            tried.fetch_add(1, Ordering::Relaxed);
            let mut expected = BTreeMap::new();
            let mut text = String::from("# written by the fuzz test\n\n");
            for (name, value, quote, pad) in &lines {
                let (open, close) = match quote {
                    0 => ("\"", "\""),
                    1 => ("'", "'"),
                    _ => ("", ""),
                };
                // Unquoted values lose their outer spaces (and one level of
                // matching quotes, as a quoted one does).
                let plain = value.trim();
                let read = if open.is_empty() {
                    plain
                        .strip_prefix('"')
                        .and_then(|v| v.strip_suffix('"'))
                        .or_else(|| plain.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                        .unwrap_or(plain)
                } else {
                    value.as_str()
                };
                text.push_str(&format!(
                    "{pad}{name}{pad}={pad}{open}{value}{close}{pad}\n# note\n"
                ));
                expected.insert(name.to_lowercase(), read.to_owned());
            }
            prop_assert_eq!(parse_env_file(&text), expected);
            Ok(())
        })
        .unwrap();
    let (tried, accepted, forged) = (
        tried.into_inner(),
        accepted.into_inner(),
        forged.into_inner(),
    );
    println!(
        "fuzz: {tried} inputs tried (licenses and env files), {accepted} changed licenses still \
         accepted (changes outside the signed terms), {forged} accepted with other terms, {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(forged, 0);
}
