//! An organization admin's Families view for a host page (the embed's
//! `families-admin` screen): every sponsorship the members offered, with
//! Resend and Remove (the Admin Console's Members → Free Bitwarden Families
//! list), and on a self-hosted installation the sponsorship sync with the
//! cloud below it, which is where those offers travel to be redeemed.

use super::{MemberFamilies, SponsorshipSync};
use crate::api::organizations;
use crate::hooks::use_api;
use wire::OrganizationId;
use yew::prelude::*;

/// Props of [`FamiliesAdmin`].
#[derive(Properties, PartialEq)]
pub struct FamiliesAdminProps {
    pub org_id: OrganizationId,
}

/// The `families-admin` route.
#[component]
pub fn FamiliesAdmin(props: &FamiliesAdminProps) -> Html {
    // The list shows its own loading and error states; the sync section
    // waits for the answer and stays away on the cloud.
    let config = use_api((), |client, ()| async move {
        organizations::config(&client).await
    });
    let self_hosted = config.state.ready().is_some_and(|c| c.self_hosted);
    html! {
        <>
            <MemberFamilies org_id={props.org_id} />
            if self_hosted {
                <div class="admin-content">
                    <SponsorshipSync org_id={props.org_id} />
                </div>
            }
        </>
    }
}
