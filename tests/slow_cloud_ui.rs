//! A slow cloud in the self-hosted UI (issue 13), in English and Dutch:
//! "Sync License" and "Sync now" wait on answers the test holds back (the
//! server is waiting on the cloud), show their progress in words, leave the
//! other button usable, then show the server's `cloudTimeout` answer in
//! plain words in the user's language, and are ready again. Elements are
//! found by their visible label; the server side of the timeout is
//! `crates/server/tests/slow_cloud.rs`.
#![cfg(target_arch = "wasm32")]

mod common;

use billing_sync_web::{Locale, Route};
use common::families::*;
use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const TIMEOUT_BODY: &str = r#"{"object":"error","message":"The cloud did not answer within 15 seconds. It may be busy: try again in a few minutes. If this keeps happening, check this server's connection to the cloud (or raise globalSettings__billingSync__cloudTimeoutSeconds).","validationErrors":null,"code":"cloudTimeout","codeArgs":{"seconds":"15"}}"#;

/// The button whose visible text is `label`, if there is one.
fn button(root: &Element, label: &str) -> Option<HtmlElement> {
    let buttons = root.query_selector_all("button").expect("buttons");
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
        .find(|b| b.text_content().unwrap_or_default().trim() == label)
}

async fn wait_button(root: &Element, label: &str) -> HtmlElement {
    for _ in 0..200 {
        if let Some(found) = button(root, label) {
            return found;
        }
        settle().await;
    }
    panic!("no button labelled {label:?} in {}", root.inner_html())
}

fn busy(button: &HtmlElement) -> bool {
    button.get_attribute("aria-busy").as_deref() == Some("true") && button.has_attribute("disabled")
}

struct Words {
    locale: Locale,
    sync_license: &'static str,
    sync_now: &'static str,
    syncing: &'static str,
    timeout: &'static str,
    what_to_do: &'static str,
    /// The words under Sync License and Sync now while they run.
    license_progress: &'static str,
    families_progress: &'static str,
}

const EN: Words = Words {
    locale: Locale::En,
    sync_license: "Sync License",
    sync_now: "Sync now",
    syncing: "Syncing…",
    timeout: "The cloud did not answer within 15 seconds.",
    what_to_do: "try again in a few minutes",
    license_progress: "Fetching the current license from the cloud, then checking and applying it…",
    families_progress:
        "Sending the sponsorships to the cloud in batches of 1,000, then applying its answers…",
};

const NL: Words = Words {
    locale: Locale::Nl,
    sync_license: "Licentie synchroniseren",
    sync_now: "Nu synchroniseren",
    syncing: "Synchroniseren…",
    timeout: "De cloud heeft niet binnen 15 seconden geantwoord.",
    what_to_do: "probeer het over een paar minuten opnieuw",
    license_progress: "De actuele licentie wordt uit de cloud opgehaald en daarna gecontroleerd en toegepast…",
    families_progress: "De sponsorschappen worden in delen van 1.000 naar de cloud gestuurd, daarna worden de antwoorden verwerkt…",
};

async fn slow_cloud(words: &Words) {
    reset_network();
    route_config(true);
    let owner = Membership {
        role: 0,
        ..enterprise(false, None)
    };
    route(
        "GET",
        "/api/accounts/profile",
        &[(200, &profile_json("owner@acme.test", &[owner]))],
    );
    route(
        "GET",
        &format!("/api/organizations/{ENTERPRISE}/subscription"),
        &[(200, &enterprise_subscription_json(ENTERPRISE))],
    );
    route(
        "GET",
        "/api/organizations/connections/enabled",
        &[(200, "true")],
    );
    route(
        "GET",
        &format!("/api/organizations/connections/{ENTERPRISE}/1"),
        &[(
            200,
            &format!(
                r#"{{"id":"77777777-7777-4777-8777-777777777777","type":1,"organizationId":"{ENTERPRISE}","enabled":true,
                "config":{{"BillingSyncKey":"saved-token","CloudOrganizationId":"{ENTERPRISE}","LastLicenseSync":null}}}}"#
            ),
        )],
    );
    route(
        "GET",
        &format!("/api/organization/sponsorship/self-hosted/{ENTERPRISE}/sync-runs"),
        &[(200, r#"{"lastSyncDate":null,"runs":[]}"#)],
    );
    let license = format!("/api/organizations/licenses/self-hosted/{ENTERPRISE}/sync");
    route("POST", &license, &[(400, TIMEOUT_BODY)]);
    hold("POST", &license);
    let now = js_sys::Date::new_0().to_iso_string().as_string().unwrap();
    let sync = format!("/api/organization/sponsorship/self-hosted/{ENTERPRISE}/sync");
    route(
        "POST",
        &sync,
        &[(
            200,
            &format!(
                r#"{{"trigger":"manual","startedAt":"{now}","finishedAt":"{now}","sent":0,"updated":0,"removed":0,
                "error":"Organization sync failed: The cloud did not answer within 15 seconds. It may be busy: try again in a few minutes.",
                "errorCode":"cloudTimeout","errorCodeArgs":{{"seconds":"15"}}}}"#
            ),
        )],
    );
    hold("POST", &sync);
    let (root, handle) = mount(
        Some(Route::Subscription {
            org_id: ENTERPRISE.parse().unwrap(),
        }),
        words.locale,
        true,
    );

    // Sync License: progress in words while the cloud is slow.
    wait_button(&root, words.sync_license).await.click();
    let progress = wait_button(&root, words.syncing).await;
    assert!(busy(&progress), "the running button is marked busy");
    // Nothing freezes: the other action is still there to use.
    let sync_now = wait_button(&root, words.sync_now).await;
    assert!(
        !busy(&sync_now),
        "Sync now stays usable while the license syncs"
    );
    sync_now.click();
    for _ in 0..100 {
        if held_count() == 2 {
            break;
        }
        settle().await;
    }
    assert_eq!(
        held_count(),
        2,
        "both requests are out, both wait on the cloud"
    );
    // Each running action says in words what it is doing, as a status.
    for (id, words) in [
        ("#sync-license-progress", words.license_progress),
        ("#sync-now-progress", words.families_progress),
    ] {
        assert_eq!(text_of(&root, id).trim(), words, "{id}");
        let line = root.query_selector(id).unwrap().unwrap();
        assert_eq!(
            line.get_attribute("role").as_deref(),
            Some("status"),
            "{id}"
        );
    }
    // The server gives up on the cloud: its answer is shown in plain words.
    release(0);
    wait_page_text(&root, words.timeout).await;
    wait_page_text(&root, words.what_to_do).await;
    let again = wait_button(&root, words.sync_license).await;
    assert!(!busy(&again), "Sync License is ready again");
    assert!(
        root.query_selector("#sync-license-progress")
            .unwrap()
            .is_none(),
        "the progress line goes when the action ends"
    );
    release(1);
    let again = wait_button(&root, words.sync_now).await;
    assert!(!busy(&again), "Sync now is ready again");
    let error = text_of(&root, "#sync-now-error");
    assert!(
        error.contains(words.timeout) && error.contains(words.what_to_do),
        "{error}"
    );
    assert!(
        !root
            .text_content()
            .unwrap_or_default()
            .contains(if words.locale == Locale::Nl {
                "did not answer"
            } else {
                "niet binnen"
            }),
        "one language on the page"
    );
    handle.destroy();
}

#[wasm_bindgen_test]
async fn a_slow_cloud_shows_progress_then_a_timeout_in_plain_english() {
    slow_cloud(&EN).await;
}

#[wasm_bindgen_test]
async fn a_slow_cloud_shows_progress_then_a_timeout_in_plain_dutch() {
    slow_cloud(&NL).await;
}
