//! API server: the profile (memberships), subscriptions and server config.

use super::{send, Client, ClientError};
use gloo_net::http::Request;
use wire::config::ConfigResponse;
use wire::identity::ProfileResponse;
use wire::organizations::OrganizationSubscriptionResponse;
use wire::OrganizationId;

/// `GET {api}/accounts/profile`: the user and their organizations.
pub async fn profile(client: &Client) -> Result<ProfileResponse, ClientError> {
    let request = client.authorized(Request::get(&client.api_url("/accounts/profile")));
    send(client, request.build()).await
}

/// `GET {api}/organizations/{id}/subscription`: plan, seats and expiration.
pub async fn subscription(
    client: &Client,
    organization_id: OrganizationId,
) -> Result<OrganizationSubscriptionResponse, ClientError> {
    let path = format!("/organizations/{organization_id}/subscription");
    send(
        client,
        client
            .authorized(Request::get(&client.api_url(&path)))
            .build(),
    )
    .await
}

/// `GET {api}/config`: whether this server is self-hosted, and its URLs.
pub async fn config(client: &Client) -> Result<ConfigResponse, ClientError> {
    send(client, Request::get(&client.api_url("/config")).build()).await
}
