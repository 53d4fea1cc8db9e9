//! Tests of the settings: env-file parsing, Bitwarden's names, refusals.

use super::*;

fn settings(text: &str) -> anyhow::Result<GlobalSettings> {
    GlobalSettings::from_values(parse_env_file(text))
}

#[test]
fn defaults_are_us_and_cloud_communication_off() {
    let s = settings("").unwrap();
    assert!(!s.enable_cloud_communication);
    assert_eq!(s.cloud_region, CloudRegion::Us);
    assert_eq!(s.api_uri.as_str(), "https://api.bitwarden.com/");
    assert_eq!(s.identity_uri.as_str(), "https://identity.bitwarden.com/");
}

#[test]
fn eu_region_selects_eu_uris_and_explicit_uris_override() {
    let s = settings(
        "# bwdata/env/global.override.env\n\
         globalSettings__enableCloudCommunication=true\n\
         globalSettings__baseServiceUri__cloudRegion=EU\n\
         globalSettings__installation__apiUri=http://127.0.0.1:8080/api\n",
    )
    .unwrap();
    assert!(s.enable_cloud_communication);
    assert_eq!(s.cloud_region, CloudRegion::Eu);
    assert_eq!(s.identity_uri.as_str(), "https://identity.bitwarden.eu/");
    assert_eq!(s.api_uri.as_str(), "http://127.0.0.1:8080/api");
    assert_eq!(s.push_relay_uri.as_str(), "https://push.bitwarden.eu/");
}

#[test]
fn invalid_values_name_the_setting() {
    let err = settings("globalSettings__baseServiceUri__cloudRegion=Mars").unwrap_err();
    assert!(err
        .to_string()
        .contains("globalSettings__baseServiceUri__cloudRegion"));
    let err = settings("globalSettings__installation__id=not-a-uuid").unwrap_err();
    assert!(err.to_string().contains("globalSettings__installation__id"));
    let err = settings("globalSettings__installation__apiUri=ftp://x").unwrap_err();
    assert!(err
        .to_string()
        .contains("globalSettings__installation__apiUri"));
    let err = settings("globalSettings__enableCloudCommunication=yes").unwrap_err();
    assert!(err
        .to_string()
        .contains("globalSettings__enableCloudCommunication"));
}

#[test]
fn debug_never_shows_secret_values() {
    let s = settings(
        "globalSettings__installation__key=inst-key-123\n\
         globalSettings__mail__smtp__password=smtp-pass-456\n",
    )
    .unwrap();
    let debug = format!("{s:?}");
    assert!(
        !debug.contains("inst-key-123") && !debug.contains("smtp-pass-456"),
        "{debug}"
    );
    assert!(
        debug.contains("globalsettings__mail__smtp__password"),
        "names stay"
    );
}

#[test]
fn names_are_case_insensitive_and_quotes_removed() {
    let s = settings("GLOBALSETTINGS__ENABLECLOUDCOMMUNICATION=\"true\"").unwrap();
    assert!(s.enable_cloud_communication);
}
