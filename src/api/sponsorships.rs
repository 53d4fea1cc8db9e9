//! Free Bitwarden Families (Families for Enterprise): offering a
//! sponsorship, removing it, resending the offer, the self-hosted
//! sponsorship sync, and the recipient's side (validate the offer token,
//! redeem it, create an account first when the recipient has none).
//!
//! Cloud and self-hosted servers expose the sponsor's actions under
//! different paths (`organization/sponsorship/…` vs
//! `organization/sponsorship/self-hosted/…`); the caller says which one it
//! talks to (`GET {api}/config` → `selfHosted`).

use super::{send, Client, ClientError, JsonBody};
use gloo_net::http::Request;
use serde::de::IgnoredAny;
use wire::api_keys::ListResponse;
use wire::identity::RegisterRequest;
use wire::sponsorships::{
    OrganizationSponsorshipCreateRequest, OrganizationSponsorshipInvite,
    OrganizationSponsorshipRedeemRequest, PreValidateSponsorshipResponse, SponsorshipSyncRun,
    SponsorshipSyncRunsResponse,
};
use wire::OrganizationId;

/// The sponsor-side prefix for `organization_id` on this kind of server.
pub fn sponsor_path(self_hosted: bool, organization_id: OrganizationId) -> String {
    if self_hosted {
        format!("/organization/sponsorship/self-hosted/{organization_id}")
    } else {
        format!("/organization/sponsorship/{organization_id}")
    }
}

/// `POST {api}/organization/sponsorship/[self-hosted/]{orgId}/families-for-enterprise`:
/// offers the member's Free Families sponsorship to `body.sponsored_email`.
/// 200 with an empty body; the cloud also e-mails the offer.
pub async fn create(
    client: &Client,
    self_hosted: bool,
    organization_id: OrganizationId,
    body: &OrganizationSponsorshipCreateRequest,
) -> Result<(), ClientError> {
    let url = client.api_url(&format!(
        "{}/families-for-enterprise",
        sponsor_path(self_hosted, organization_id)
    ));
    send::<IgnoredAny>(
        client,
        client.authorized(Request::post(&url)).json_body(body),
    )
    .await
    .map(drop)
}

/// `DELETE {api}/organization/sponsorship/[self-hosted/]{orgId}`: removes the
/// member's sponsorship (deleted when never synced/redeemed, otherwise
/// marked for deletion).
pub async fn revoke(
    client: &Client,
    self_hosted: bool,
    organization_id: OrganizationId,
) -> Result<(), ClientError> {
    let url = client.api_url(&sponsor_path(self_hosted, organization_id));
    send::<IgnoredAny>(client, client.authorized(Request::delete(&url)).build())
        .await
        .map(drop)
}

/// `POST {api}/organization/sponsorship/{orgId}/families-for-enterprise/resend`
/// (cloud only): e-mails the offer again. The friendly name goes along as
/// `sponsoredFriendlyName`, which is how the cloud finds the offer.
pub async fn resend(
    client: &Client,
    organization_id: OrganizationId,
    friendly_name: &str,
) -> Result<(), ClientError> {
    let url = client.api_url(&format!(
        "/organization/sponsorship/{organization_id}/families-for-enterprise/resend"
    ));
    let request = Request::post(&url).query([("sponsoredFriendlyName", friendly_name)]);
    send::<IgnoredAny>(client, client.authorized(request).build())
        .await
        .map(drop)
}

/// `GET {api}/organization/sponsorship/[self-hosted/]{orgId}/sponsored`:
/// every sponsorship of the organization (owners and admins; 401
/// `Unauthorized.` for anyone else, so screens ask the capability table first).
pub async fn list(
    client: &Client,
    self_hosted: bool,
    organization_id: OrganizationId,
) -> Result<ListResponse<OrganizationSponsorshipInvite>, ClientError> {
    let url = client.api_url(&format!(
        "{}/sponsored",
        sponsor_path(self_hosted, organization_id)
    ));
    send(client, client.authorized(Request::get(&url)).build()).await
}

/// `DELETE {api}/organization/sponsorship/[self-hosted/]{orgId}/{friendlyName}/revoke`:
/// an owner or admin revokes a member's sponsorship by its friendly name.
pub async fn revoke_by_name(
    client: &Client,
    self_hosted: bool,
    organization_id: OrganizationId,
    friendly_name: &str,
) -> Result<(), ClientError> {
    let name = String::from(js_sys::encode_uri_component(friendly_name));
    let url = client.api_url(&format!(
        "{}/{name}/revoke",
        sponsor_path(self_hosted, organization_id)
    ));
    send::<IgnoredAny>(client, client.authorized(Request::delete(&url)).build())
        .await
        .map(drop)
}

/// `DELETE {api}/organization/sponsorship/sponsored/{sponsoredOrgId}` (cloud):
/// the owner of a sponsored Families organization ends its sponsorship; it
/// stays paid until the end of the period.
pub async fn remove_sponsored(
    client: &Client,
    sponsored_organization_id: OrganizationId,
) -> Result<(), ClientError> {
    let url = client.api_url(&format!(
        "/organization/sponsorship/sponsored/{sponsored_organization_id}"
    ));
    send::<IgnoredAny>(client, client.authorized(Request::delete(&url)).build())
        .await
        .map(drop)
}

/// `POST {api}/organization/sponsorship/self-hosted/{orgId}/sync`: runs the
/// sponsorship sync with the cloud now. Answers 200 with the run even when
/// it failed; then `error` says why.
pub async fn sync_now(
    client: &Client,
    organization_id: OrganizationId,
) -> Result<SponsorshipSyncRun, ClientError> {
    let url = client.api_url(&format!(
        "/organization/sponsorship/self-hosted/{organization_id}/sync"
    ));
    send(client, client.authorized(Request::post(&url)).build()).await
}

/// `GET {api}/organization/sponsorship/self-hosted/{orgId}/sync-runs`: the
/// last sync date and the runs of the last 30 days, newest first.
pub async fn sync_runs(
    client: &Client,
    organization_id: OrganizationId,
) -> Result<SponsorshipSyncRunsResponse, ClientError> {
    let url = client.api_url(&format!(
        "/organization/sponsorship/self-hosted/{organization_id}/sync-runs"
    ));
    send(client, client.authorized(Request::get(&url)).build()).await
}

/// `POST {api}/organization/sponsorship/validate-token?sponsorshipToken=…`:
/// whether the offer token is valid for the logged-in account.
pub async fn validate_token(
    client: &Client,
    token: &str,
) -> Result<PreValidateSponsorshipResponse, ClientError> {
    let url = client.api_url("/organization/sponsorship/validate-token");
    let request = Request::post(&url).query([("sponsorshipToken", token)]);
    send(client, client.authorized(request).build()).await
}

/// `POST {api}/organization/sponsorship/redeem?sponsorshipToken=…`: applies
/// the offer to an owned Families organization, or to a new one
/// (`new_organization_name`). 200 with an empty body.
pub async fn redeem(
    client: &Client,
    token: &str,
    body: &OrganizationSponsorshipRedeemRequest,
) -> Result<(), ClientError> {
    let url = client.api_url("/organization/sponsorship/redeem");
    let request = Request::post(&url).query([("sponsorshipToken", token)]);
    send::<IgnoredAny>(client, client.authorized(request).json_body(body))
        .await
        .map(drop)
}

/// `POST {identity}/accounts/register`: creates the account an offer was
/// sent to. The body carries the derived master password hash and the
/// account's keys made in the browser, encrypted (see `crate::keys`).
pub async fn register(client: &Client, body: &RegisterRequest) -> Result<(), ClientError> {
    let url = client.identity_url("/accounts/register");
    send::<IgnoredAny>(client, Request::post(&url).json_body(body))
        .await
        .map(drop)
}
