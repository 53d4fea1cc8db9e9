//! An organization admin's Families view for a host page (the embed's
//! `families-admin` screen): the self-hosted sponsorship sync section on its
//! own. There is no separate Admin Console Families page yet; this is the
//! screen where admins see and run the Families sponsorship sync.

use super::SponsorshipSync;
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
    html! {
        <SponsorshipSync org_id={props.org_id} />
    }
}
