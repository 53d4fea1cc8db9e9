//! The embed's screen groups: which module a host's `mount()` loads for
//! its `screen`, and the routes each module renders.
//!
//! Rust has no code splitting inside one wasm, so the embed is several
//! binaries of this crate: the entry (`billing-sync.js`, no yew: it checks
//! the options and loads a group, see [`super::entry`]) and one binary per
//! group (`src/bin/billing-sync-<group>.rs`), each rendering [`App`](crate::app::AppWith)
//! with only its own switch below. Link-time optimisation keeps only what
//! a switch reaches, so a host that mounts the Families page does not
//! download the Subscription screens. The groups follow what the screens
//! share and link to (measured, docs/BENCHMARKS.md): both Subscription
//! screens are one component that decides by the server's kind; the
//! member's and the admin's Families views share the sponsorship code; the
//! offer page is on its own.
//!
//! A route outside the group (a link inside a screen to one another group
//! renders) shows [`Elsewhere`]: what the page is and that the host's vault
//! has it, rather than a blank or a wrong screen.

use super::options::Screen;
use crate::app::{RequireSession, Route, Screens};
use crate::components::{Callout, CalloutKind, Shell};
use crate::i18n::{use_i18n, Key};
use crate::screens::families::{AcceptFamiliesForEnterprise, FamiliesAdmin, SponsoredFamilies};
use crate::screens::Subscription;
use yew::prelude::*;
use yew_router::prelude::*;

/// A group of embed screens: one module in `embed/v1/screens/<folder>/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// `cloud-subscription` and `self-hosted-subscription`.
    Subscription,
    /// `families` and `families-admin`.
    Families,
    /// `redeem`.
    Redeem,
}

impl Group {
    /// Every group, in the order xtask builds them.
    pub const ALL: [Group; 3] = [Group::Subscription, Group::Families, Group::Redeem];

    /// The group a screen's module belongs to.
    pub fn of(screen: Screen) -> Group {
        match screen {
            Screen::CloudSubscription | Screen::SelfHostedSubscription => Group::Subscription,
            Screen::Families | Screen::FamiliesAdmin => Group::Families,
            Screen::Redeem => Group::Redeem,
        }
    }

    /// The group's folder and module name (xtask's web build writes
    /// `embed/v1/screens/<name>/<name>.js` from `billing-sync-<name>`).
    pub fn name(self) -> &'static str {
        match self {
            Group::Subscription => "subscription",
            Group::Families => "families",
            Group::Redeem => "redeem",
        }
    }

    /// The group's module, relative to the entry's folder.
    pub fn module_path(self) -> String {
        let name = self.name();
        format!("screens/{name}/{name}.js")
    }
}

/// A screen as embedded: no frame (the host has its navigation), only for
/// a session (else the module's login in place, or "session expired").
fn embedded(screen: Html) -> Html {
    html! { <RequireSession><Shell>{ screen }</Shell></RequireSession> }
}

/// The routes every group shares: the ones no screen links to but the
/// router may land on.
fn common(route: Route) -> Html {
    match route {
        Route::NotFound => html! { <crate::screens::NotFound /> },
        other => html! { <Elsewhere route={other} /> },
    }
}

/// `cloud-subscription`, `self-hosted-subscription`.
pub struct SubscriptionScreens;

impl Screens for SubscriptionScreens {
    fn switch(route: Route) -> Html {
        match route {
            Route::Subscription { org_id } | Route::Billing { org_id } => {
                embedded(html! { <Subscription {org_id} /> })
            }
            other => common(other),
        }
    }
}

/// `families`, `families-admin`.
pub struct FamiliesScreens;

impl Screens for FamiliesScreens {
    fn switch(route: Route) -> Html {
        match route {
            Route::SponsoredFamilies => embedded(html! { <SponsoredFamilies /> }),
            Route::FamiliesAdmin { org_id } => embedded(html! { <FamiliesAdmin {org_id} /> }),
            other => common(other),
        }
    }
}

/// `redeem`.
pub struct RedeemScreens;

impl Screens for RedeemScreens {
    fn switch(route: Route) -> Html {
        match route {
            Route::AcceptFamiliesForEnterprise => html! { <AcceptFamiliesForEnterprise /> },
            other => common(other),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ElsewhereProps {
    pub route: Route,
}

/// A page this embedded screen does not include (the offer page's "Open
/// the organization" after redeeming, "Back to vault"): says which page it
/// is and that the host's vault has it, with the way back.
#[component]
pub fn Elsewhere(props: &ElsewhereProps) -> Html {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let back = Callback::from(move |_: MouseEvent| {
        if let Some(navigator) = &navigator {
            navigator.back();
        }
    });
    let page = match props.route {
        Route::Subscription { .. } | Route::Billing { .. } => i18n.t(Key::Subscription),
        Route::SponsoredFamilies | Route::MemberFamilies { .. } | Route::FamiliesAdmin { .. } => {
            i18n.t(Key::SponsoredFamilies)
        }
        Route::AcceptFamiliesForEnterprise => i18n.t(Key::SponsoredFamiliesOffer),
        Route::Organizations | Route::Organization { .. } => i18n.t(Key::AdminConsole),
        Route::CreateOrganization => i18n.t(Key::NewOrganization),
        Route::Home | Route::Login | Route::Vault | Route::NotFound => i18n.t(Key::Vault),
    };
    html! {
        <main class="app-main embedded">
            <Callout kind={CalloutKind::Info} id="embed-elsewhere">
                <p>{ i18n.t_with(Key::EmbedPageElsewhere, &[("page", page)]) }</p>
                <button type="button" class="btn btn-secondary" id="embed-elsewhere-back" onclick={back}>
                    { i18n.t(Key::Back) }
                </button>
            </Callout>
        </main>
    }
}

/// A group module's JavaScript API, for its binary
/// (`src/bin/billing-sync-<group>.rs`): `mountScreen(element, root,
/// options)`, which the entry calls once the module has loaded, returning
/// a handle with `unmount()`, `setLocale()` and `setAccessToken()`. A
/// macro so that the `#[wasm_bindgen]` exports are expanded in the binary
/// that ships them: an export of this library would be linked into every
/// binary.
#[macro_export]
macro_rules! embed_group_module {
    ($screens:ty) => {
        use wasm_bindgen::prelude::*;

        /// Importing the module starts nothing: the entry calls `mountScreen`.
        fn main() {}

        /// Renders the group's screen named in `options` into `root`
        /// (inside the container the entry added to `element`).
        #[wasm_bindgen(js_name = mountScreen)]
        pub fn mount_screen(
            element: web_sys::Element,
            root: web_sys::Element,
            options: JsValue,
        ) -> Result<ScreenMount, JsError> {
            billing_sync_web::embed::mount_in::<$screens>(element, root, options).map(ScreenMount)
        }

        /// The handle the entry forwards the host's calls to.
        #[wasm_bindgen]
        pub struct ScreenMount(billing_sync_web::embed::BillingSyncMount<$screens>);

        #[wasm_bindgen]
        impl ScreenMount {
            /// Ends the app (the entry removes the container).
            pub fn unmount(&mut self) {
                self.0.unmount();
            }

            /// Switches the language (`"en"` or `"nl"`).
            #[wasm_bindgen(js_name = setLocale)]
            pub fn set_locale(&mut self, locale: JsValue) -> Result<(), JsError> {
                self.0.set_locale(locale)
            }

            /// Hands over a new access token.
            #[wasm_bindgen(js_name = setAccessToken)]
            pub fn set_access_token(&mut self, token: JsValue) -> Result<(), JsError> {
                self.0.set_access_token(token)
            }
        }
    };
}
