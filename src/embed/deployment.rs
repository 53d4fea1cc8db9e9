//! A mount names its screen, and some screens exist on one kind of server
//! only: `cloud-subscription` (the billing sync token is issued by the
//! cloud), `self-hosted-subscription` (License and billing management) and
//! `redeem` (offers are redeemed on the cloud). A host that points `apiUrl`
//! at the other kind of server would otherwise get a screen that quietly
//! shows the wrong sections. [`DeploymentCheck`] asks the server what it is
//! (`GET /api/config`, anonymous) and, on a mismatch, shows what is wrong and
//! what to change instead of the screen, and tells the host (`error` event,
//! kind `mismatch`).

use super::{use_host, HostEvent, Screen};
use crate::api::organizations;
use crate::components::{AsyncView, Callout, CalloutKind};
use crate::hooks::use_action::report_failure;
use crate::hooks::Loadable;
use crate::i18n::{use_i18n, Key, Locale};
use crate::session::use_session;
use std::rc::Rc;
use wire::capabilities::ServerRole;
use wire::config::ConfigResponse;
use yew::prelude::*;

/// The kind of server a screen needs, if it needs one.
pub fn expected_server(screen: Screen) -> Option<ServerRole> {
    match screen {
        Screen::CloudSubscription | Screen::Redeem => Some(ServerRole::Cloud),
        Screen::SelfHostedSubscription => Some(ServerRole::SelfHosted),
        // Both kinds of server have these (the admin view adds the sync
        // section on a self-hosted one).
        Screen::Families | Screen::FamiliesAdmin => None,
    }
}

/// The screen of the same kind on the other server, if there is one.
fn counterpart(screen: Screen) -> Option<Screen> {
    match screen {
        Screen::CloudSubscription => Some(Screen::SelfHostedSubscription),
        Screen::SelfHostedSubscription => Some(Screen::CloudSubscription),
        _ => None,
    }
}

/// The option value of a screen (`"cloud-subscription"`, …).
fn option_value(screen: Screen) -> &'static str {
    Screen::ALL
        .iter()
        .find(|(s, _)| *s == screen)
        .map_or("", |(_, value)| value)
}

/// What the user (and the host developer) reads on a mismatch.
pub fn mismatch_message(
    screen: Screen,
    actual: ServerRole,
    api_url: &str,
    locale: Locale,
) -> String {
    let kind = |role: ServerRole| {
        locale.text(match role {
            ServerRole::Cloud => Key::ServerKindCloud,
            ServerRole::SelfHosted => Key::ServerKindSelfHosted,
        })
    };
    let args = [
        ("screen", option_value(screen)),
        ("apiUrl", api_url),
        ("actual", kind(actual)),
    ];
    let what = locale.text_with(Key::ScreenServerMismatch, &args);
    let fix = match counterpart(screen) {
        Some(other) => locale.text_with(
            Key::ScreenServerMismatchOther,
            &[("other", option_value(other))],
        ),
        None => locale.text_with(
            Key::ScreenServerMismatchUrl,
            &[("expected", kind(other_role(actual)))],
        ),
    };
    format!("{what} {fix}")
}

fn other_role(role: ServerRole) -> ServerRole {
    match role {
        ServerRole::Cloud => ServerRole::SelfHosted,
        ServerRole::SelfHosted => ServerRole::Cloud,
    }
}

/// Props of [`DeploymentCheck`].
#[derive(Properties, PartialEq)]
pub struct DeploymentCheckProps {
    pub screen: Screen,
    pub expected: ServerRole,
    /// The API base the mount was given (named in the message).
    pub api_url: AttrValue,
    pub children: Html,
}

/// Renders its children once the server turned out to be the kind the
/// screen needs; otherwise the mismatch message.
///
/// The question is asked once per API base, anonymously (`/api/config`
/// needs no token): keyed on the session like a screen's data, it would
/// ask again when the session ends and unmount the screen meanwhile.
#[component]
pub fn DeploymentCheck(props: &DeploymentCheckProps) -> Html {
    let i18n = use_i18n();
    let host = use_host();
    let session = use_session();
    let generation = use_state(|| 0u32);
    let state = use_state(|| Loadable::<ConfigResponse>::Loading);
    {
        let (state, client) = (state.setter(), session.anonymous_client());
        let (host, locale) = (host.clone(), i18n.locale);
        use_effect_with((props.api_url.clone(), *generation), move |_| {
            state.set(Loadable::Loading);
            // An answer for a previous API base (or an unmounted check) is dropped.
            let current = Rc::new(std::cell::Cell::new(true));
            let still_current = Rc::clone(&current);
            wasm_bindgen_futures::spawn_local(async move {
                let answer = organizations::config(&client).await;
                if !still_current.get() {
                    return;
                }
                match answer {
                    Ok(config) => state.set(Loadable::Ready(Rc::new(config))),
                    Err(error) => {
                        report_failure(&host, &error, locale);
                        state.set(Loadable::Failed(error));
                    }
                }
            });
            move || current.set(false)
        });
    }
    let retry = {
        let generation = generation.clone();
        Callback::from(move |()| generation.set(generation.wrapping_add(1)))
    };
    let actual = state.ready().map(|config| role_of(config));
    let mismatch = actual.filter(|actual| *actual != props.expected);
    {
        let message = mismatch
            .map(|actual| mismatch_message(props.screen, actual, &props.api_url, i18n.locale));
        use_effect_with(message, move |message| {
            if let Some(message) = message {
                host.emit(HostEvent::Error {
                    kind: "mismatch",
                    status: None,
                    message: message.clone(),
                });
            }
        });
    }
    let render = {
        let (children, screen, api_url, expected) = (
            props.children.clone(),
            props.screen,
            props.api_url.clone(),
            props.expected,
        );
        let locale = i18n.locale;
        Callback::from(move |config: Rc<ConfigResponse>| {
            let actual = role_of(&config);
            if actual == expected {
                return children.clone();
            }
            html! {
                <main class="app-main embedded">
                    <Callout kind={CalloutKind::Danger} id="server-mismatch">
                        { mismatch_message(screen, actual, &api_url, locale) }
                    </Callout>
                </main>
            }
        })
    };
    html! {
        <AsyncView<ConfigResponse> state={(*state).clone()} on_retry={retry} {render} />
    }
}

fn role_of(config: &ConfigResponse) -> ServerRole {
    if config.self_hosted {
        ServerRole::SelfHosted
    } else {
        ServerRole::Cloud
    }
}
