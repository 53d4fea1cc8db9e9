//! Identity server: prelogin (KDF settings) and the token endpoint.

use super::{send, Client, ClientError, JsonBody};
use gloo_net::http::Request;
use wire::identity::{PreloginRequest, PreloginResponse, TokenRequestForm, TokenResponse};
use wire::Secret;

/// `POST {identity}/accounts/prelogin`: the KDF settings and salt for `email`.
pub async fn prelogin(client: &Client, email: &str) -> Result<PreloginResponse, ClientError> {
    let body = PreloginRequest {
        email: Some(email.to_owned()),
    };
    send(
        client,
        Request::post(&client.identity_url("/accounts/prelogin")).json_body(&body),
    )
    .await
}

/// `POST {identity}/connect/token` with a password grant. A wrong password is
/// a 400 whose message is Bitwarden's "Username or password is incorrect".
pub async fn login(
    client: &Client,
    email: &str,
    master_password_hash: Secret,
) -> Result<TokenResponse, ClientError> {
    token(
        client,
        &TokenRequestForm::password(email, master_password_hash),
    )
    .await
}

/// `POST {identity}/connect/token` with a refresh-token grant.
pub async fn refresh(client: &Client, refresh_token: Secret) -> Result<TokenResponse, ClientError> {
    token(client, &TokenRequestForm::refresh(refresh_token)).await
}

/// The token endpoint takes an OAuth form, not JSON.
async fn token(client: &Client, form: &TokenRequestForm) -> Result<TokenResponse, ClientError> {
    let body = serde_urlencoded::to_string(form).map_err(|e| ClientError::Decode(e.to_string()))?;
    let request = Request::post(&client.identity_url("/connect/token"))
        .header(
            "Content-Type",
            "application/x-www-form-urlencoded; charset=utf-8",
        )
        .body(body);
    send(client, request).await
}
