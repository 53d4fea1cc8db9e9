//! The frame the root [`crate::App`] puts around a product's screens: the
//! header with the product switcher, and the product's side navigation
//! (Password Manager, or an organization's Admin Console with its
//! organization switcher). Screens render only their content, so a host
//! that embeds a screen can leave the frame out.

use crate::api::organizations;
use crate::app::Route;
use crate::components::product_switcher::{ProductLink, ProductSwitcher};
use crate::components::side_nav::SideNav;
use crate::components::Shell;
use crate::hooks::{use_api, use_profile};
use crate::i18n::{use_i18n, Key};
use crate::navigation::{NavContext, NavGroup, Product};
use wire::capabilities::ServerRole;
use wire::organizations::ProfileOrganization;
use wire::OrganizationId;
use yew::prelude::*;
use yew_router::prelude::*;

/// Which product's frame a screen sits in.
#[derive(Clone, Debug, PartialEq)]
pub enum Layout {
    PasswordManager,
    AdminConsole {
        org_id: OrganizationId,
    },
    /// The Admin Console without an organization (the organization picker).
    AdminConsoleHome,
}

impl Layout {
    fn product(&self) -> Product {
        match self {
            Layout::PasswordManager => Product::PasswordManager,
            Layout::AdminConsole { .. } | Layout::AdminConsoleHome => Product::AdminConsole,
        }
    }
}

/// Props of [`Frame`].
#[derive(Properties, PartialEq)]
pub struct FrameProps {
    pub layout: Layout,
    #[prop_or_default]
    pub children: Html,
}

/// Header with the product switcher, side navigation, content. Embedded in a
/// host page, the host's own navigation replaces both, so the frame is only
/// the content (and asks the server nothing: a refused token must surface
/// once, from the screen, not again from the navigation's profile request).
#[component]
pub fn Frame(props: &FrameProps) -> Html {
    if crate::embed::use_host().is_embedded() {
        return html! { <Shell>{ props.children.clone() }</Shell> };
    }
    html! { <StandaloneFrame layout={props.layout.clone()}>{ props.children.clone() }</StandaloneFrame> }
}

/// [`Frame`] in the standalone app.
#[component]
fn StandaloneFrame(props: &FrameProps) -> Html {
    let i18n = use_i18n();
    let profile = use_profile();
    // Which server answers decides server-specific entries; until it is
    // known (or if `/api/config` fails) entries offered by either show.
    let config = use_api((), |client, ()| async move {
        Ok(organizations::config(&client).await.ok())
    });
    let server = config
        .state
        .ready()
        .and_then(|config| (**config).as_ref())
        .map(|config| {
            if config.self_hosted {
                ServerRole::SelfHosted
            } else {
                ServerRole::Cloud
            }
        });
    let route = use_route::<Route>();
    let current_org = match &props.layout {
        Layout::AdminConsole { org_id } => Some(*org_id),
        _ => None,
    };

    let (switcher, nav) = match profile.state.ready() {
        Some(profile) => {
            let context = NavContext { profile, server };
            let products: Vec<ProductLink> = context
                .products()
                .into_iter()
                .map(|product| ProductLink {
                    product,
                    route: match product {
                        Product::PasswordManager => Route::Vault,
                        Product::AdminConsole => context.admin_console_route(current_org),
                    },
                })
                .collect();
            let current = route
                .as_ref()
                .map_or(props.layout.product(), Product::of_route);
            let switcher = html! { <ProductSwitcher {products} {current} /> };
            let nav = match &props.layout {
                Layout::PasswordManager => side_nav(
                    i18n.t(Key::PasswordManager),
                    context.password_manager_groups(),
                    Html::default(),
                ),
                Layout::AdminConsole { org_id } => {
                    let orgs: Vec<ProfileOrganization> =
                        context.admin_organizations().into_iter().cloned().collect();
                    let header = html! { <OrganizationSwitcher current={*org_id} {orgs} /> };
                    side_nav(
                        i18n.t(Key::AdminConsole),
                        context.admin_console_groups(*org_id),
                        header,
                    )
                }
                Layout::AdminConsoleHome => {
                    side_nav(i18n.t(Key::AdminConsole), Vec::new(), Html::default())
                }
            };
            (switcher, nav)
        }
        None => (Html::default(), Html::default()),
    };
    html! {
        <Shell main_class="with-side-nav" header_start={switcher}>
            { nav }
            <div class="frame-content">{ props.children.clone() }</div>
        </Shell>
    }
}

fn side_nav(label: &'static str, groups: Vec<NavGroup>, header: Html) -> Html {
    html! { <SideNav label={AttrValue::Static(label)} {groups} {header} /> }
}

#[derive(Properties, PartialEq)]
struct OrganizationSwitcherProps {
    current: OrganizationId,
    /// Every organization the user may manage, by name.
    orgs: Vec<ProfileOrganization>,
}

/// The organization on screen; with several, a disclosure listing the
/// others (Bitwarden's organization switcher in the Admin Console).
#[component]
fn OrganizationSwitcher(props: &OrganizationSwitcherProps) -> Html {
    let i18n = use_i18n();
    let open = use_state_eq(|| false);
    let Some(current) = props.orgs.iter().find(|o| o.id == props.current) else {
        return Html::default();
    };
    let others: Vec<&ProfileOrganization> = props
        .orgs
        .iter()
        .filter(|o| o.id != props.current)
        .collect();
    if others.is_empty() {
        return html! { <p class="nav-org" id="org-name">{ current.name.clone() }</p> };
    }
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let name = i18n.t_with(Key::OrganizationNamed, &[("name", &current.name)]);
    html! {
        <div class="org-switcher">
            <button
                type="button"
                id="org-switcher"
                class="nav-group-toggle nav-org"
                aria-label={name}
                aria-expanded={open.to_string()}
                aria-controls="org-switcher-list"
                onclick={toggle}
            >
                <span id="org-name">{ current.name.clone() }</span>
            </button>
            <ul id="org-switcher-list" class="nav-sublist" hidden={!*open}
                aria-label={i18n.t(Key::OtherOrganizations)}>
                for org in others {
                    <li>
                        <Link<Route> to={Route::Organization { org_id: org.id }} classes="nav-item">
                            { org.name.clone() }
                        </Link<Route>>
                    </li>
                }
            </ul>
        </div>
    }
}
