//! The Admin Console's own pages: the organization picker (`/organizations`,
//! when the user manages several organizations) and an organization's
//! start page (`/organizations/{id}`), from which the side navigation leads
//! on (Billing → Subscription, …).

use crate::app::Route;
use crate::components::AsyncView;
use crate::hooks::use_profile;
use crate::i18n::{use_i18n, Key};
use crate::navigation::NavContext;
use std::rc::Rc;
use wire::identity::ProfileResponse;
use wire::OrganizationId;
use yew::prelude::*;
use yew_router::prelude::*;

/// `/organizations`: choose the organization to manage; with exactly one,
/// go straight to it.
#[component]
pub fn OrganizationPicker() -> Html {
    let i18n = use_i18n();
    let profile = use_profile();
    let render = {
        let i18n = i18n.clone();
        Callback::from(move |profile: Rc<ProfileResponse>| {
            let context = NavContext {
                profile: &profile,
                server: None,
            };
            let orgs = context.admin_organizations();
            if let [only] = orgs.as_slice() {
                return html! { <Redirect<Route> to={Route::Organization { org_id: only.id }} /> };
            }
            if orgs.is_empty() {
                return html! { <p id="no-admin-organizations">{ i18n.t(Key::NoAdminOrganizations) }</p> };
            }
            html! {
                <ul class="org-list" id="organization-picker">
                    for org in orgs {
                        <li class="org-row">
                            <Link<Route> to={Route::Organization { org_id: org.id }} classes="org-link">
                                { org.name.clone() }
                            </Link<Route>>
                        </li>
                    }
                </ul>
            }
        })
    };
    html! {
        <section class="card" aria-labelledby="page-title">
            <h1 id="page-title">{ i18n.t(Key::ChooseOrganization) }</h1>
            <p>{ i18n.t(Key::ChooseOrganizationDesc) }</p>
            <AsyncView<ProfileResponse> state={profile.state.clone()} on_retry={profile.refetch.clone()} {render} />
        </section>
    }
}

/// Props of [`OrganizationHome`].
#[derive(Properties, PartialEq)]
pub struct OrganizationHomeProps {
    pub org_id: OrganizationId,
}

/// `/organizations/{id}`: the organization's name and where to go next.
#[component]
pub fn OrganizationHome(props: &OrganizationHomeProps) -> Html {
    let i18n = use_i18n();
    let profile = use_profile();
    let org_id = props.org_id;
    let render = {
        let i18n = i18n.clone();
        Callback::from(move |profile: Rc<ProfileResponse>| {
            let name = profile
                .organizations
                .iter()
                .find(|o| o.id == org_id)
                .map(|o| o.name.clone());
            match name {
                Some(name) => html! {
                    <>
                        <h1 id="page-title">{ name }</h1>
                        <p id="admin-console-intro">{ i18n.t(Key::AdminConsoleHomeDesc) }</p>
                    </>
                },
                None => html! { <p id="not-a-member">{ i18n.t(Key::PageNotFoundDetails) }</p> },
            }
        })
    };
    html! {
        <section class="card admin-home">
            <p class="eyebrow">{ i18n.t(Key::AdminConsole) }</p>
            <AsyncView<ProfileResponse> state={profile.state.clone()} on_retry={profile.refetch.clone()} {render} />
        </section>
    }
}
