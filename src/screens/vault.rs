//! The vault (Password Manager): the user's organizations and their role in
//! each. The Admin Console is reached with the product switcher.

use crate::api::organizations;
use crate::components::AsyncView;
use crate::hooks::use_api;
use crate::i18n::{use_i18n, I18n, Key};
use crate::screens::new_organization::NewOrganizationLink;
use crate::session::{use_session, SessionAction};
use std::rc::Rc;
use wire::identity::ProfileResponse;
use wire::organizations::{OrganizationUserType, ProfileOrganization};
use yew::prelude::*;

fn role_label(i18n: &I18n, role: OrganizationUserType) -> &'static str {
    i18n.t(match role {
        OrganizationUserType::Owner => Key::RoleOwner,
        OrganizationUserType::Admin => Key::RoleAdmin,
        OrganizationUserType::User => Key::RoleUser,
        OrganizationUserType::Custom => Key::RoleCustom,
    })
}

/// The vault route.
#[component]
pub fn Vault() -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let profile = use_api((), |client, ()| async move {
        organizations::profile(&client).await
    });

    // Share the profile (e-mail for the header) with the rest of the app.
    {
        let session = session.clone();
        use_effect_with(profile.state.ready().cloned(), move |loaded| {
            if let Some(profile) = loaded {
                session.dispatch(SessionAction::ProfileLoaded(Rc::clone(profile)));
            }
        });
    }

    let render = {
        let i18n = i18n.clone();
        Callback::from(move |profile: Rc<ProfileResponse>| {
            html! {
                <ul class="org-list" id="org-list">
                    for org in profile.organizations.iter() {
                        <OrganizationRow org={org.clone()} i18n={i18n.clone()} />
                    }
                </ul>
            }
        })
    };

    html! {
        <>
            <h1>{ i18n.t(Key::Vault) }</h1>
            <section class="card" aria-labelledby="orgs-title">
                <h2 id="orgs-title">{ i18n.t(Key::Organizations) }</h2>
                <NewOrganizationLink />
                <AsyncView<ProfileResponse>
                    state={profile.state.clone().empty_when(|p| p.organizations.is_empty())}
                    on_retry={profile.refetch.clone()}
                    {render}
                    empty_text={AttrValue::Static(i18n.t(Key::NoOrganizations))}
                />
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct OrganizationRowProps {
    org: ProfileOrganization,
    i18n: I18n,
}

/// One organization: its name and the user's role.
#[component]
fn OrganizationRow(props: &OrganizationRowProps) -> Html {
    let org = &props.org;
    let org_id = org.id.to_string();
    html! {
        <li class="org-row" data-org-id={org_id.clone()}>
            <span class="org-name">{ org.name.clone() }</span>
            <span class="badge" data-test="org-role">{ role_label(&props.i18n, org.role) }</span>
        </li>
    }
}
