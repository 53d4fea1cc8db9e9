//! The typed HTTP client: one module per server domain over one private
//! send/decode function, so every request gets the same error handling.
//!
//! Every request and response body is a `wire` type; nothing is serialized by
//! hand here. HTTP goes through gloo-net; JSON through the browser's own
//! parser and serde-wasm-bindgen ([`json`]).

pub mod billing;
pub mod connections;
pub mod identity;
pub mod json;
pub mod licenses;
pub mod organizations;
pub mod sponsorships;
pub mod translate;

use crate::i18n::{Key, Locale};
use gloo_net::http::{Request, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::rc::Rc;
use wire::error::{TokenErrorResponse, INVALID_USERNAME_OR_PASSWORD};
use wire::{ErrorResponse, Secret};

/// Why a request failed, in the terms a screen needs to react.
#[derive(Clone, Debug, PartialEq)]
pub enum ClientError {
    /// The server could not be reached (offline, DNS, aborted).
    Network(String),
    /// A request to another origin than the page's failed before any
    /// answer: the server is down or refused this page by CORS (the
    /// browser hides which). `origin` is the server's.
    CrossOrigin {
        /// The server's origin, e.g. `https://api.example.com`.
        origin: String,
    },
    /// The server answered with an error status and Bitwarden's error body.
    Status {
        /// The HTTP status code.
        code: u16,
        /// The decoded error envelope (Identity errors are converted into it).
        /// Boxed so every `Result<_, ClientError>` stays small.
        body: Box<ErrorResponse>,
    },
    /// 401: the access token is missing, expired or revoked; log in again.
    Unauthorized,
    /// A 2xx answer whose body is not the expected shape.
    Decode(String),
    /// The browser could not make the keys a request carries (WebCrypto
    /// missing or refusing); nothing was sent.
    Crypto(String),
}

impl From<crate::keys::KeyError> for ClientError {
    fn from(error: crate::keys::KeyError) -> Self {
        ClientError::Crypto(error.0)
    }
}

impl ClientError {
    /// The text to show a user. Server messages Bitwarden's clients translate
    /// are translated here too; other server messages are shown as sent.
    pub fn user_message(&self, locale: Locale) -> String {
        match self {
            ClientError::Network(_) => locale.text(Key::NetworkError).to_owned(),
            ClientError::CrossOrigin { origin } => {
                locale.text_with(Key::NetworkErrorCors, &[("origin", origin)])
            }
            ClientError::Unauthorized => locale.text(Key::SessionExpired).to_owned(),
            ClientError::Decode(_) => locale.text(Key::DecodeError).to_owned(),
            ClientError::Crypto(_) => locale.text(Key::KeysFailed).to_owned(),
            ClientError::Status { body, .. } => {
                if let Some(text) = translate::coded_message(body, locale) {
                    return text;
                }
                match body.user_message() {
                    "" => locale.text(Key::UnexpectedError).to_owned(),
                    INVALID_USERNAME_OR_PASSWORD => {
                        locale.text(Key::InvalidUsernameOrPassword).to_owned()
                    }
                    message => message.to_owned(),
                }
            }
        }
    }
}

/// Turns a status and body text into the expected value or a [`ClientError`].
///
/// Public so tests can check decoding without a server. An empty 2xx body
/// decodes as JSON `null`, which is how `()` endpoints (Bitwarden's `void`
/// actions answer 200 with no body) are read.
pub fn decode_response<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, ClientError> {
    let value = success_value(status, body)?;
    json::from_value(value).map_err(|e| ClientError::Decode(e.0))
}

/// The parsed body of a 2xx answer, or the error. Not generic: only the
/// final typed read is compiled once per response type.
fn success_value(status: u16, body: &str) -> Result<wasm_bindgen::JsValue, ClientError> {
    if (200..300).contains(&status) {
        return json::parse(body).map_err(|e| ClientError::Decode(e.0));
    }
    if status == 401 {
        return Err(ClientError::Unauthorized);
    }
    Err(ClientError::Status {
        code: status,
        body: Box::new(decode_error_body(body)),
    })
}

/// Reads an error body: the API envelope, else Identity's OAuth error, else
/// an envelope with an empty message (shown as "unexpected error").
fn decode_error_body(body: &str) -> ErrorResponse {
    let Ok(value) = json::parse(body) else {
        return ErrorResponse::message(String::new());
    };
    if let Ok(envelope) = json::from_value::<ErrorResponse>(value.clone()) {
        return envelope;
    }
    if let Ok(token_error) = json::from_value::<TokenErrorResponse>(value) {
        return ErrorResponse::message(token_error.user_message());
    }
    ErrorResponse::message(String::new())
}

/// A JSON request body, written by [`json::to_string`] (gloo-net's own
/// `json` would compile serde_json into the wasm).
trait JsonBody {
    fn json_body<T: Serialize + ?Sized>(self, value: &T) -> Result<Request, gloo_net::Error>;
}

impl JsonBody for RequestBuilder {
    fn json_body<T: Serialize + ?Sized>(self, value: &T) -> Result<Request, gloo_net::Error> {
        let text = json::to_string(value).map_err(|e| gloo_net::Error::GlooError(e.0))?;
        self.header("Content-Type", "application/json").body(text)
    }
}

/// Where the servers are and which access token to send. Cheap to clone.
#[derive(Clone, Debug, PartialEq)]
pub struct Client {
    api_base: Rc<str>,
    identity_base: Rc<str>,
    token: Option<Secret>,
    /// Aborts every request in flight when signalled (an embed's unmount).
    abort: Option<web_sys::AbortSignal>,
}

impl Client {
    /// A client for the given base URLs (e.g. `/api`, `/identity`), without a token.
    pub fn new(api_base: &str, identity_base: &str) -> Self {
        Self {
            api_base: api_base.trim_end_matches('/').into(),
            identity_base: identity_base.trim_end_matches('/').into(),
            token: None,
            abort: None,
        }
    }

    /// The same client whose requests end when `signal` aborts.
    pub fn with_abort(mut self, signal: Option<web_sys::AbortSignal>) -> Self {
        self.abort = signal;
        self
    }

    /// The Bearer token this client sends, if any.
    pub fn token(&self) -> Option<&Secret> {
        self.token.as_ref()
    }

    /// The same client sending `token` as its Bearer credential.
    pub fn with_token(mut self, token: Option<Secret>) -> Self {
        self.token = token;
        self
    }

    fn api_url(&self, path: &str) -> String {
        format!("{}{path}", self.api_base)
    }

    fn identity_url(&self, path: &str) -> String {
        format!("{}{path}", self.identity_base)
    }

    /// Adds the Bearer header when there is a token. API endpoints without
    /// one answer 401, which the session turns into "log in again".
    fn authorized(&self, builder: RequestBuilder) -> RequestBuilder {
        match &self.token {
            Some(token) => builder.header("Authorization", &format!("Bearer {}", token.expose())),
            None => builder,
        }
    }
}

/// The one door to the network: sends, reads the body, decodes.
async fn send<T: DeserializeOwned>(
    client: &Client,
    request: Result<Request, gloo_net::Error>,
) -> Result<T, ClientError> {
    send_keeping_body(client, request)
        .await
        .map(|(value, _)| value)
}

/// Like [`send`], and also returns the body text exactly as the server sent
/// it (for responses that are saved as files).
async fn send_keeping_body<T: DeserializeOwned>(
    client: &Client,
    request: Result<Request, gloo_net::Error>,
) -> Result<(T, String), ClientError> {
    let (status, body) = fetch_text(client, request).await?;
    let value = decode_response(status, &body)?;
    Ok((value, body))
}

/// Status and body text of the answer. Not generic, so the fetch state
/// machine exists once in the wasm instead of once per response type.
async fn fetch_text(
    client: &Client,
    request: Result<Request, gloo_net::Error>,
) -> Result<(u16, String), ClientError> {
    let request = request.map_err(|e| ClientError::Network(e.to_string()))?;
    let request = with_signal(request, client.abort.as_ref())?;
    let url = request.url();
    let response = request.send().await.map_err(|e| network_error(&url, e))?;
    let body = response
        .text()
        .await
        .map_err(|e| ClientError::Network(e.to_string()))?;
    Ok((response.status(), body))
}

/// `request` tied to `signal`: a copy made by `new Request(request, { signal })`
/// (a built request's signal cannot be changed).
fn with_signal(
    request: Request,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<Request, ClientError> {
    let Some(signal) = signal else {
        return Ok(request);
    };
    let raw: web_sys::Request = request.into();
    let init = web_sys::RequestInit::new();
    init.set_signal(Some(signal));
    web_sys::Request::new_with_request_and_init(&raw, &init)
        .map(Request::from)
        .map_err(|e| ClientError::Network(format!("{e:?}")))
}

/// A failed fetch: to another origin than the page's, most likely CORS
/// (the browser gives the same `TypeError` for a server that is down).
fn network_error(url: &str, error: gloo_net::Error) -> ClientError {
    let target = web_sys::Url::new(url).map(|u| u.origin()).ok();
    let page = web_sys::window().and_then(|w| w.location().origin().ok());
    match (target, page) {
        (Some(origin), Some(page)) if origin != page => ClientError::CrossOrigin { origin },
        _ => ClientError::Network(error.to_string()),
    }
}
