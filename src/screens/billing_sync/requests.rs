//! The dialog's requests: prove the master password, then get (or create)
//! the billing sync token, or rotate it; and the clipboard.

use super::state::{IssuedToken, TokenError};
use crate::api::billing;
use crate::api::{identity, Client, ClientError};
use crate::i18n::Key;
use crate::kdf::master_password_hash;
use wire::api_keys::{ApiKeyResponse, OrganizationApiKeyRequest, OrganizationApiKeyType};
use wire::{OrganizationId, Secret};

/// True for the 400 the server sends for a wrong master password
/// (`validationErrors: {"MasterPasswordHash": ["Invalid password."]}`).
pub fn is_wrong_password(error: &ClientError) -> bool {
    match error {
        ClientError::Status { code: 400, body } => {
            body.validation_errors.as_ref().is_some_and(|errors| {
                errors
                    .keys()
                    .any(|field| field.eq_ignore_ascii_case("MasterPasswordHash"))
            })
        }
        _ => false,
    }
}

/// Prelogin (for the KDF settings) → master password hash → the body both
/// token requests send.
async fn verified_request(
    client: &Client,
    email: &str,
    password: &Secret,
) -> Result<OrganizationApiKeyRequest, TokenError> {
    let prelogin = identity::prelogin(client, email)
        .await
        .map_err(TokenError::Client)?;
    let salt = prelogin.salt.clone().unwrap_or_else(|| email.to_owned());
    let hash = master_password_hash(password.expose(), &salt, prelogin.settings())
        .await
        .map_err(|_| TokenError::Kdf)?;
    Ok(OrganizationApiKeyRequest {
        key_type: OrganizationApiKeyType::BillingSync,
        master_password_hash: Some(hash),
        otp: None,
    })
}

/// The server's answer as the dialog shows it; a wrong password is a field error.
fn issued(response: Result<ApiKeyResponse, ClientError>) -> Result<IssuedToken, TokenError> {
    match response {
        Ok(key) => Ok(IssuedToken {
            api_key: key.api_key,
            revision_date: key.revision_date,
        }),
        Err(error) if is_wrong_password(&error) => {
            Err(TokenError::Field(Key::InvalidMasterPassword))
        }
        Err(error) => Err(TokenError::Client(error)),
    }
}

/// State A: the organization's billing sync token, created on first use.
pub async fn get_or_create_token(
    client: &Client,
    organization_id: OrganizationId,
    email: &str,
    password: &Secret,
) -> Result<IssuedToken, TokenError> {
    let body = verified_request(client, email, password).await?;
    issued(billing::api_key(client, organization_id, &body).await)
}

/// State C: a new token; the old one stops working.
pub async fn rotate_token(
    client: &Client,
    organization_id: OrganizationId,
    email: &str,
    password: &Secret,
) -> Result<IssuedToken, TokenError> {
    let body = verified_request(client, email, password).await?;
    issued(billing::rotate_api_key(client, organization_id, &body).await)
}

/// Writes `text` to the clipboard; false when the browser has no clipboard
/// (an insecure origin) or refuses.
pub async fn copy_to_clipboard(text: &str) -> bool {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return false;
    };
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .map(|c| !c.is_undefined() && !c.is_null())
        .unwrap_or(false);
    if !has_clipboard {
        return false;
    }
    let promise = navigator.clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
