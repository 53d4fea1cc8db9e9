//! Every URL of the app, the screen each one renders, and the root component.

use crate::i18n::{Locale, LocaleProvider};
use crate::layout::{Frame, Layout};
use crate::screens::admin_console::{OrganizationHome, OrganizationPicker};
use crate::screens::families::{
    redirect_offer_hash, AcceptFamiliesForEnterprise, SponsoredFamilies,
};
use crate::screens::{Login, NewOrganization, NotFound, Subscription, Vault};
use crate::session::{remember_return_to, use_session, SessionProvider};
use wire::{OrganizationId, Secret};
use yew::prelude::*;
use yew_router::history::{AnyHistory, MemoryHistory};
use yew_router::prelude::*;

/// The routes, shaped like Bitwarden's web vault URLs.
#[derive(Clone, Debug, PartialEq, Routable)]
pub enum Route {
    /// `/`: straight on to the vault (or the login).
    #[at("/")]
    Home,
    #[at("/login")]
    Login,
    #[at("/vault")]
    Vault,
    /// Self-hosted: create an organization from a license file.
    #[at("/create-organization")]
    CreateOrganization,
    /// The Admin Console without an organization: the organization picker.
    #[at("/organizations")]
    Organizations,
    /// An organization's Admin Console.
    #[at("/organizations/:org_id")]
    Organization { org_id: OrganizationId },
    /// The web vault's Billing link lands on Subscription.
    #[at("/organizations/:org_id/billing")]
    Billing { org_id: OrganizationId },
    #[at("/organizations/:org_id/billing/subscription")]
    Subscription { org_id: OrganizationId },
    /// Settings: Free Bitwarden Families (the sponsor's offers).
    #[at("/settings/sponsored-families")]
    SponsoredFamilies,
    /// The Free Families offer (the e-mail's `/#/accept-families-for-enterprise`
    /// hash URL is rewritten to this at startup).
    #[at("/accept-families-for-enterprise")]
    AcceptFamiliesForEnterprise,
    #[not_found]
    #[at("/404")]
    NotFound,
}

/// A screen inside its product's frame, for logged-in users only.
fn framed(layout: Layout, screen: Html) -> Html {
    html! { <RequireSession><Frame {layout}>{ screen }</Frame></RequireSession> }
}

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <Redirect<Route> to={Route::Vault} /> },
        Route::Login => html! { <Login /> },
        Route::Vault => framed(Layout::PasswordManager, html! { <Vault /> }),
        Route::Organizations => framed(Layout::AdminConsoleHome, html! { <OrganizationPicker /> }),
        Route::Organization { org_id } => framed(
            Layout::AdminConsole { org_id },
            html! { <OrganizationHome {org_id} /> },
        ),
        Route::CreateOrganization => {
            html! { <RequireSession><NewOrganization /></RequireSession> }
        }
        Route::Billing { org_id } => {
            html! { <Redirect<Route> to={Route::Subscription { org_id }} /> }
        }
        Route::Subscription { org_id } => framed(
            Layout::AdminConsole { org_id },
            html! { <Subscription {org_id} /> },
        ),
        Route::SponsoredFamilies => {
            framed(Layout::PasswordManager, html! { <SponsoredFamilies /> })
        }
        Route::AcceptFamiliesForEnterprise => html! { <AcceptFamiliesForEnterprise /> },
        Route::NotFound => html! { <NotFound /> },
    }
}

/// Props of [`App`]. Everything the app needs from its host page comes in
/// here, so it can be mounted anywhere (and in tests) without globals.
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// Base URL of the API server.
    #[prop_or(AttrValue::Static("/api"))]
    pub api_base: AttrValue,
    /// Base URL of the Identity server.
    #[prop_or(AttrValue::Static("/identity"))]
    pub identity_base: AttrValue,
    /// Start logged in with this token (otherwise `sessionStorage`, then login).
    #[prop_or_default]
    pub access_token: Option<Secret>,
    /// UI language; when absent, the language the user chose last time, else
    /// the browser's.
    #[prop_or_default]
    pub locale: Option<Locale>,
    /// Start on this screen with an in-memory history instead of the address
    /// bar (for embedding and tests).
    #[prop_or_default]
    pub start: Option<Route>,
}

/// The SPA defaults: same-origin servers, browser language, address-bar routing.
impl Default for AppProps {
    fn default() -> Self {
        Self {
            api_base: AttrValue::Static("/api"),
            identity_base: AttrValue::Static("/identity"),
            access_token: None,
            locale: None,
            start: None,
        }
    }
}

/// The root component: providers, then the router.
#[component]
pub fn App(props: &AppProps) -> Html {
    let locale = props.locale.unwrap_or_else(Locale::preferred);
    // Created once: a new history per render would reset navigation.
    let memory_history = use_memo((), {
        let start = props.start.clone();
        move |()| {
            start.map(|route| AnyHistory::from(MemoryHistory::with_entries(vec![route.to_path()])))
        }
    });
    // The offer e-mail links to a hash URL; turn it into a route before the
    // router first reads the address.
    use_memo((), {
        let address_bar = props.start.is_none();
        move |()| address_bar && redirect_offer_hash()
    });
    let switch_view = html! { <Switch<Route> render={switch} /> };
    let router = match (*memory_history).clone() {
        Some(history) => html! { <Router {history}>{ switch_view }</Router> },
        None => html! { <BrowserRouter>{ switch_view }</BrowserRouter> },
    };
    html! {
        <LocaleProvider initial={locale}>
            <SessionProvider
                api_base={props.api_base.clone()}
                identity_base={props.identity_base.clone()}
                token={props.access_token.clone()}
            >
                { router }
            </SessionProvider>
        </LocaleProvider>
    }
}

#[derive(Properties, PartialEq)]
struct RequireSessionProps {
    children: Html,
}

/// Renders its children only with a session; otherwise goes to the login.
/// When the session ended on its own (the token could not be refreshed),
/// the screen is remembered so the login brings the user back to it.
#[component]
fn RequireSession(props: &RequireSessionProps) -> Html {
    let session = use_session();
    let route = use_route::<Route>();
    if session.is_logged_in() {
        props.children.clone()
    } else {
        if session.expired {
            if let Some(route) = route {
                remember_return_to(&route.to_path());
            }
        }
        html! { <Redirect<Route> to={Route::Login} /> }
    }
}
