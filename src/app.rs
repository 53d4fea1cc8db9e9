//! Every URL of the app, the screen each one renders, and the root component.

use crate::components::{Callout, CalloutKind};
use crate::embed::deployment::{expected_server, DeploymentCheck};
use crate::embed::{use_host, Host, HostEvent, Screen, Theme};
use crate::hooks::use_profile;
use crate::i18n::{use_i18n, Key, Locale, LocaleProvider};
use crate::layout::{Frame, Layout};
use crate::screens::admin_console::{OrganizationHome, OrganizationPicker};
use crate::screens::families::{
    redirect_offer_hash, AcceptFamiliesForEnterprise, FamiliesAdmin, MemberFamilies,
    SponsoredFamilies,
};
use crate::screens::{Login, NewOrganization, NotFound, Subscription, Vault};
use crate::session::{remember_return_to, use_session, SessionProvider};
use wire::{OrganizationId, Secret};
use yew::prelude::*;
use yew_router::history::{AnyHistory, History, MemoryHistory};
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
    /// Admin Console → Members → Free Bitwarden Families (every member's sponsorship).
    #[at("/organizations/:org_id/members/sponsored-families")]
    MemberFamilies { org_id: OrganizationId },
    /// An admin's Families view (the sponsorship sync section on its own);
    /// reached only from the embed's `families-admin` screen.
    #[at("/organizations/:org_id/billing/families")]
    FamiliesAdmin { org_id: OrganizationId },
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

impl Route {
    /// True for the screens only a logged-in user sees (the others: the
    /// login, the Free Families offer and not found). Without a session,
    /// these send the user to the login, which is what the standalone
    /// page's first wasm shows for them (`crate::standalone`).
    pub fn needs_session(&self) -> bool {
        match self {
            Route::Login | Route::AcceptFamiliesForEnterprise | Route::NotFound => false,
            Route::Home
            | Route::Vault
            | Route::CreateOrganization
            | Route::Organizations
            | Route::Organization { .. }
            | Route::Billing { .. }
            | Route::Subscription { .. }
            | Route::MemberFamilies { .. }
            | Route::FamiliesAdmin { .. }
            | Route::SponsoredFamilies => true,
        }
    }
}

/// A screen inside its product's frame, for logged-in users only.
fn framed(layout: Layout, screen: Html) -> Html {
    html! { <RequireSession><Frame {layout}>{ screen }</Frame></RequireSession> }
}

/// The routes an [`AppWith`] renders: every screen ([`AllScreens`], the
/// standalone page and tests) or one embed group's
/// (`crate::embed::groups`). A type rather than a prop, so a binary that
/// names only its group's switch links only that group's screens: a prop
/// with the full switch as its default would keep every screen reachable.
pub trait Screens: 'static {
    /// The screen for `route`.
    fn switch(route: Route) -> Html;
}

/// Every screen, framed as in Bitwarden's web vault.
pub struct AllScreens;

impl Screens for AllScreens {
    fn switch(route: Route) -> Html {
        switch(route)
    }
}

/// The full app: every screen.
pub type App = AppWith<AllScreens>;

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
        Route::MemberFamilies { org_id } => framed(
            Layout::AdminConsole { org_id },
            html! { <MemberFamilies {org_id} /> },
        ),
        Route::FamiliesAdmin { org_id } => framed(
            Layout::AdminConsole { org_id },
            html! { <FamiliesAdmin {org_id} /> },
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
#[derive(Clone, Properties, PartialEq)]
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
    /// Query parameters of the start route (the offer link's token and e-mail).
    #[prop_or_default]
    pub start_query: Vec<(String, String)>,
    /// Standalone (owns the document) or embedded in a host page.
    #[prop_or_default]
    pub host: Host,
    #[prop_or_default]
    pub theme: Theme,
    /// Aborts every request of this app (an embed's `unmount()`).
    #[prop_or_default]
    pub abort: Option<web_sys::AbortSignal>,
    /// The embed's `screen` option: a screen that needs one kind of server
    /// opens only after the server turned out to be that kind.
    #[prop_or_default]
    pub screen: Option<Screen>,
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
            start_query: Vec::new(),
            host: Host::standalone(),
            theme: Theme::Light,
            abort: None,
            screen: None,
        }
    }
}

/// The root component: providers, then the router with the screens of `S`.
#[component]
pub fn AppWith<S: Screens>(props: &AppProps) -> Html {
    let locale = props.locale.unwrap_or_else(Locale::preferred);
    // Created once: a new history per render would reset navigation.
    let memory_history = use_memo((), {
        let (start, query) = (props.start.clone(), props.start_query.clone());
        move |()| {
            start.map(|route| {
                let history = AnyHistory::from(MemoryHistory::with_entries(vec![route.to_path()]));
                if !query.is_empty() {
                    // Only a query that cannot be encoded fails; the route stays.
                    let _ = history.replace_with_query(route.to_path(), query);
                }
                history
            })
        }
    });
    // The offer e-mail links to a hash URL; turn it into a route before the
    // router first reads the address.
    use_memo((), {
        let address_bar = props.start.is_none();
        move |()| address_bar && redirect_offer_hash()
    });
    let switch_view = html! { <Switch<Route> render={S::switch} /> };
    let switch_view = html! { <><HostBridge />{ switch_view }</> };
    let router = match (*memory_history).clone() {
        Some(history) => html! { <Router {history}>{ switch_view }</Router> },
        None => html! { <BrowserRouter>{ switch_view }</BrowserRouter> },
    };
    let router = match props
        .screen
        .and_then(|s| expected_server(s).map(|e| (s, e)))
    {
        Some((screen, expected)) => html! {
            <DeploymentCheck {screen} {expected} api_url={props.api_base.clone()}>
                { router }
            </DeploymentCheck>
        },
        None => router,
    };
    let standalone = !props.host.is_embedded();
    html! {
        <ContextProvider<Host> context={props.host.clone()}>
            <LocaleProvider initial={locale} document_lang={standalone}>
                <SessionProvider
                    api_base={props.api_base.clone()}
                    identity_base={props.identity_base.clone()}
                    token={props.access_token.clone()}
                    persist={standalone}
                    abort={props.abort.clone()}
                >
                    <AppRoot theme={props.theme}>{ router }</AppRoot>
                </SessionProvider>
            </LocaleProvider>
        </ContextProvider<Host>>
    }
}

#[derive(Properties, PartialEq)]
pub(crate) struct AppRootProps {
    pub theme: Theme,
    pub children: Html,
}

/// The one element every style is scoped under (`.billing-sync`), with the
/// theme and the UI language, so the module needs nothing outside it.
#[component]
pub(crate) fn AppRoot(props: &AppRootProps) -> Html {
    let i18n = use_i18n();
    html! {
        <div class="billing-sync" data-theme={props.theme.attr()} lang={i18n.locale.tag()}>
            { props.children.clone() }
        </div>
    }
}

/// Tells an embedding page what the session does (`session-expired`) and,
/// embedded with a host's token, loads the profile the screens read the
/// e-mail and organization names from (the standalone login provides them).
#[component]
fn HostBridge() -> Html {
    let host = use_host();
    let session = use_session();
    let embedded = host.is_embedded();
    use_effect_with(session.expired, move |expired| {
        if *expired {
            host.emit(HostEvent::SessionExpired);
        }
    });
    if session.is_logged_in() && session.profile.is_none() && embedded {
        html! { <ProfileLoader /> }
    } else {
        html! {}
    }
}

/// Loads the profile into the session (see [`HostBridge`]).
#[component]
fn ProfileLoader() -> Html {
    use_profile();
    html! {}
}

#[derive(Properties, PartialEq)]
pub(crate) struct RequireSessionProps {
    pub children: Html,
}

/// Renders its children only with a session; otherwise goes to the login,
/// or, when a host page supplies the token, says the session expired (the
/// host hands over a new token with `setAccessToken`). When the session
/// ended on its own (the token could not be refreshed), the screen is
/// remembered so the login brings the user back to it.
#[component]
pub(crate) fn RequireSession(props: &RequireSessionProps) -> Html {
    let session = use_session();
    let host = use_host();
    let i18n = use_i18n();
    let route = use_route::<Route>();
    if session.is_logged_in() {
        props.children.clone()
    } else if host.supplies_token() {
        html! {
            <main class="app-main embedded">
                <Callout kind={CalloutKind::Warning} id="session-expired">
                    { i18n.t(Key::SessionExpiredEmbedded) }
                </Callout>
            </main>
        }
    } else if host.is_embedded() {
        // In place: after the login the same screen shows, not the vault.
        html! { <Login /> }
    } else {
        if session.expired {
            if let Some(route) = route {
                remember_return_to(&route.to_path());
            }
        }
        html! { <Redirect<Route> to={Route::Login} /> }
    }
}
