//! `use_action` through the real DOM: a small component runs a real API
//! call (`GET /api/config`) against the scripted `fetch`, whose answers a
//! test can hold back and release in any order.
#![cfg(target_arch = "wasm32")]

mod common;

use billing_sync_web::api::{organizations, ClientError};
use billing_sync_web::hooks::use_action;
use billing_sync_web::i18n::LocaleProvider;
use billing_sync_web::session::{use_session, SessionProvider};
use billing_sync_web::Locale;
use common::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_sys::Element;
use wire::Secret;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Counts the `done` callbacks that ran (a dropped answer must not run one).
fn done_count() -> u32 {
    js_sys::Reflect::get(&web_sys::window().unwrap(), &"__doneCount".into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0) as u32
}

fn count_done() {
    let window = web_sys::window().unwrap();
    js_sys::Reflect::set(
        &window,
        &"__doneCount".into(),
        &JsValue::from(done_count() + 1),
    )
    .unwrap();
}

/// Runs `GET /api/config` and shows what `use_action` exposes.
#[component]
fn Probe() -> Html {
    let action = use_action::<bool, ClientError>();
    let on_run = {
        let action = action.clone();
        Callback::from(move |_: MouseEvent| {
            action.run_then(
                |client| async move { organizations::config(&client).await.map(|c| c.self_hosted) },
                |_| count_done(),
            );
        })
    };
    let on_reset = {
        let action = action.clone();
        Callback::from(move |_: MouseEvent| action.reset())
    };
    html! {
        <div>
            <button id="run" onclick={on_run}>{ "Run" }</button>
            <button id="reset" onclick={on_reset}>{ "Reset" }</button>
            <p id="busy">{ action.busy().to_string() }</p>
            if let Some(error) = action.error() {
                <p id="error">{ error.user_message(Locale::En) }</p>
            }
            if let Some(self_hosted) = action.result() {
                <p id="result">{ self_hosted.to_string() }</p>
            }
        </div>
    }
}

/// Shows whether the session is still logged in; "Hide" unmounts the probe.
#[component]
fn SessionLine() -> Html {
    let session = use_session();
    html! { <p id="logged-in">{ session.is_logged_in().to_string() }</p> }
}

#[component]
fn Harness() -> Html {
    let shown = use_state(|| true);
    let hide = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(false))
    };
    // The app mounts the session inside the language (session errors are
    // translated), so the harness does too.
    html! {
        <LocaleProvider initial={Locale::En} document_lang={false}>
            <SessionProvider api_base="/api" identity_base="/identity" token={Some(Secret::new("token"))}>
                <SessionLine />
                <button id="hide" onclick={hide}>{ "Hide" }</button>
                if *shown {
                    <Probe />
                }
            </SessionProvider>
        </LocaleProvider>
    }
}

fn config_json(self_hosted: bool) -> String {
    format!(
        r#"{{"object":"config","version":"2024.8.0","selfHosted":{self_hosted},"environment":{{}}}}"#
    )
}

fn mount() -> Element {
    reset_network();
    js_sys::Reflect::set(
        &web_sys::window().unwrap(),
        &"__doneCount".into(),
        &JsValue::from(0),
    )
    .unwrap();
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<Harness>::with_root(root.clone()).render();
    root
}

async fn wait_held(count: u32) {
    for _ in 0..100 {
        if held_count() >= count {
            return;
        }
        settle().await;
    }
    panic!("never {count} held requests");
}

#[wasm_bindgen_test]
async fn busy_while_running_then_the_result() {
    let root = mount();
    route("GET", "/api/config", &[(200, &config_json(true))]);
    hold("GET", "/api/config");
    settle().await;
    assert_eq!(text_of(&root, "#busy"), "false");

    click(&root, "#run");
    wait_held(1).await;
    wait_text_exact(&root, "#busy", "true").await;
    // A second click while busy sends nothing.
    click(&root, "#run");
    settle().await;
    assert_eq!(requests("GET", "/api/config").len(), 1);

    release(0);
    wait_text_exact(&root, "#result", "true").await;
    assert_eq!(text_of(&root, "#busy"), "false");
    assert!(!exists(&root, "#error"));
    assert_eq!(done_count(), 1);
}

#[wasm_bindgen_test]
async fn an_error_is_shown_and_the_session_stays() {
    let root = mount();
    route(
        "GET",
        "/api/config",
        &[(
            400,
            r#"{"message":"Something broke.","validationErrors":null,"object":"error"}"#,
        )],
    );
    settle().await;
    click(&root, "#run");
    wait_text(&root, "#error", "Something broke.").await;
    assert_eq!(text_of(&root, "#busy"), "false");
    assert!(!exists(&root, "#result"));
    assert_eq!(text_of(&root, "#logged-in"), "true");

    // A new run clears the error while it is busy, and shows its own result.
    route("GET", "/api/config", &[(200, &config_json(false))]);
    click(&root, "#run");
    wait_text_exact(&root, "#result", "false").await;
    assert!(!exists(&root, "#error"));
}

#[wasm_bindgen_test]
async fn a_401_ends_the_session() {
    let root = mount();
    route("GET", "/api/config", &[(401, "")]);
    settle().await;
    assert_eq!(text_of(&root, "#logged-in"), "true");
    click(&root, "#run");
    wait_text_exact(&root, "#logged-in", "false").await;
    assert_eq!(
        text_of(&root, "#error"),
        Locale::En.text(billing_sync_web::Key::SessionExpired)
    );
}

#[wasm_bindgen_test]
async fn an_answer_for_an_earlier_run_is_dropped() {
    let root = mount();
    // First request answers `false`, the second `true`.
    route(
        "GET",
        "/api/config",
        &[(200, &config_json(false)), (200, &config_json(true))],
    );
    hold("GET", "/api/config");
    settle().await;
    click(&root, "#run");
    wait_held(1).await;
    click(&root, "#reset");
    settle().await;
    assert_eq!(text_of(&root, "#busy"), "false");
    click(&root, "#run");
    wait_held(2).await;

    // The newer answer first, then the older one: the older must not apply.
    release(1);
    wait_text_exact(&root, "#result", "true").await;
    release(0);
    settle().await;
    settle().await;
    assert_eq!(text_of(&root, "#result"), "true");
    assert_eq!(done_count(), 1);
}

#[wasm_bindgen_test]
async fn an_answer_after_unmount_is_dropped() {
    let root = mount();
    route("GET", "/api/config", &[(401, "")]);
    hold("GET", "/api/config");
    settle().await;
    click(&root, "#run");
    wait_held(1).await;
    click(&root, "#hide");
    wait_gone(&root, "#run").await;

    release(0);
    settle().await;
    settle().await;
    // The 401 arrived for a component that is gone: nothing applies.
    assert_eq!(text_of(&root, "#logged-in"), "true");
    assert_eq!(done_count(), 0);
}
