//! The few `fetch` calls the client needs, with the builder shape of
//! gloo-net's `Request` (which the endpoint modules were written against):
//! gloo-net and its `http` crate cost more wasm than this module.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why a request could not be built or sent: the JavaScript error, as text.
#[derive(Debug)]
pub struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn js_error(value: JsValue) -> Error {
    Error(format!("{value:?}"))
}

/// A request being put together: method, URL, headers and query.
pub struct RequestBuilder {
    method: &'static str,
    url: String,
    headers: web_sys::Headers,
    query: web_sys::UrlSearchParams,
}

/// A request ready to send.
pub struct Request(web_sys::Request);

/// The server's answer.
pub struct Response(web_sys::Response);

impl Request {
    fn builder(method: &'static str, url: &str) -> RequestBuilder {
        RequestBuilder {
            method,
            url: url.to_owned(),
            // Neither constructor throws without arguments.
            headers: web_sys::Headers::new().expect("Headers"),
            query: web_sys::UrlSearchParams::new().expect("URLSearchParams"),
        }
    }

    /// A `GET` of `url`.
    pub fn get(url: &str) -> RequestBuilder {
        Self::builder("GET", url)
    }

    /// A `POST` to `url`.
    pub fn post(url: &str) -> RequestBuilder {
        Self::builder("POST", url)
    }

    /// A `PUT` to `url`.
    pub fn put(url: &str) -> RequestBuilder {
        Self::builder("PUT", url)
    }

    /// A `DELETE` of `url`.
    pub fn delete(url: &str) -> RequestBuilder {
        Self::builder("DELETE", url)
    }

    /// Fetches the request.
    pub async fn send(self) -> Result<Response, Error> {
        let window = web_sys::window().ok_or_else(|| Error("no window".to_owned()))?;
        let response = JsFuture::from(window.fetch_with_request(&self.0))
            .await
            .map_err(js_error)?;
        Ok(Response(response.unchecked_into()))
    }
}

impl RequestBuilder {
    /// Sets a header.
    pub fn header(self, name: &str, value: &str) -> Self {
        // Only fixed, valid header names and values are set here.
        let _ = self.headers.set(name, value);
        self
    }

    /// Appends query parameters to the URL.
    pub fn query<'a, V: AsRef<str>>(self, params: impl IntoIterator<Item = (&'a str, V)>) -> Self {
        for (name, value) in params {
            self.query.append(name, value.as_ref());
        }
        self
    }

    /// The request with `value` as JSON body.
    pub fn json<T: serde::Serialize + ?Sized>(self, value: &T) -> Result<Request, Error> {
        let json = serde_json::to_string(value).map_err(|e| Error(e.to_string()))?;
        self.header("Content-Type", "application/json").body(json)
    }

    /// The request with `body` (text, form data, ...).
    pub fn body(self, body: impl Into<JsValue>) -> Result<Request, Error> {
        self.into_request(Some(body.into()))
    }

    /// The request without a body.
    pub fn build(self) -> Result<Request, Error> {
        self.into_request(None)
    }

    /// Resolves the URL against the page (as `fetch` does), keeps its own
    /// query and appends the builder's, as gloo-net did.
    fn into_request(self, body: Option<JsValue>) -> Result<Request, Error> {
        let resolved = web_sys::Request::new_with_str(&self.url).map_err(js_error)?;
        let url = web_sys::Url::new(&resolved.url()).map_err(js_error)?;
        let query = String::from(self.query.to_string());
        let search = url.search();
        let combined = if search.is_empty() {
            query
        } else {
            format!("{search}&{query}")
        };
        url.set_search(&combined);
        let init = web_sys::RequestInit::new();
        init.set_method(self.method);
        init.set_headers(&self.headers);
        if let Some(body) = body {
            init.set_body(&body);
        }
        let url = String::from(url.to_string());
        web_sys::Request::new_with_str_and_init(&url, &init)
            .map(Request)
            .map_err(js_error)
    }
}

impl Response {
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.0.status()
    }

    /// The body as text.
    pub async fn text(&self) -> Result<String, Error> {
        let promise = self.0.text().map_err(js_error)?;
        let text = JsFuture::from(promise).await.map_err(js_error)?;
        Ok(text.as_string().unwrap_or_default())
    }
}
