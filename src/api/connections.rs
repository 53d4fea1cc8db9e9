//! Self-hosted organization connections: the billing sync token stored as a
//! `CloudBillingSync` connection (contract §1.4), and whether this
//! installation may talk to the cloud at all.

use super::{send, Client, ClientError, JsonBody};
use gloo_net::http::Request;
use wire::connections::{
    OrganizationConnectionRequest, OrganizationConnectionResponse, OrganizationConnectionType,
};
use wire::ids::ConnectionId;
use wire::OrganizationId;

/// `GET {api}/organizations/connections/enabled`: a bare JSON boolean, true
/// when the server is self-hosted and cloud communication is switched on.
pub async fn cloud_communication_enabled(client: &Client) -> Result<bool, ClientError> {
    let url = client.api_url("/organizations/connections/enabled");
    send(client, client.authorized(Request::get(&url)).build()).await
}

/// `GET {api}/organizations/connections/{orgId}/1`: the billing sync
/// connection, or the empty model (`id` null) when there is none.
pub async fn billing_sync_connection(
    client: &Client,
    organization_id: OrganizationId,
) -> Result<OrganizationConnectionResponse, ClientError> {
    let path = format!(
        "/organizations/connections/{organization_id}/{}",
        u8::from(OrganizationConnectionType::CloudBillingSync)
    );
    send(
        client,
        client
            .authorized(Request::get(&client.api_url(&path)))
            .build(),
    )
    .await
}

/// `POST {api}/organizations/connections`: stores a new connection. For
/// billing sync the server checks the token with the cloud first, which
/// can take a few seconds.
pub async fn create_connection(
    client: &Client,
    body: &OrganizationConnectionRequest,
) -> Result<OrganizationConnectionResponse, ClientError> {
    let url = client.api_url("/organizations/connections");
    send(
        client,
        client.authorized(Request::post(&url)).json_body(body),
    )
    .await
}

/// `PUT {api}/organizations/connections/{id}`: replaces a connection.
pub async fn update_connection(
    client: &Client,
    connection_id: ConnectionId,
    body: &OrganizationConnectionRequest,
) -> Result<OrganizationConnectionResponse, ClientError> {
    let url = client.api_url(&format!("/organizations/connections/{connection_id}"));
    send(
        client,
        client.authorized(Request::put(&url)).json_body(body),
    )
    .await
}

/// `DELETE {api}/organizations/connections/{id}`: 200 with an empty body.
pub async fn delete_connection(
    client: &Client,
    connection_id: ConnectionId,
) -> Result<(), ClientError> {
    let url = client.api_url(&format!("/organizations/connections/{connection_id}"));
    send(client, client.authorized(Request::delete(&url)).build()).await
}

/// `POST {api}/organizations/{orgId}/cloud-connection/check`: every step
/// between the installation and the cloud, run one by one (owners and admins).
pub async fn check_cloud_connection(
    client: &Client,
    organization_id: OrganizationId,
) -> Result<wire::connection_check::ConnectionCheckResponse, ClientError> {
    let path = format!("/organizations/{organization_id}/cloud-connection/check");
    send(
        client,
        client
            .authorized(Request::post(&client.api_url(&path)))
            .build(),
    )
    .await
}
