//! Extractors whose rejections are `ApiError`, so malformed or oversized
//! bodies get Bitwarden's error shape instead of axum's plain text: 413 for a
//! body over the limit, 415 for a body of the wrong media type, 400 for one
//! that does not parse, with serde's Rust type names left out.

use crate::error::ApiError;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::{BytesRejection, FormRejection, JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use wire::error::ErrorCode;

/// Refuses a request whose announced length is over `limit` before anything
/// reads it, on every route (those that read no body too). Bodies without a
/// length are cut at the same limit by `DefaultBodyLimit` while being read.
pub async fn refuse_oversized(limit: usize, request: Request, next: Next) -> Response {
    let announced = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > limit as u64) {
        return ApiError::PayloadTooLarge.into_response();
    }
    next.run(request).await
}

/// True when reading the body stopped at the size limit.
fn over_limit(rejection: &BytesRejection) -> bool {
    rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE
}

/// A body or query that is not what the route reads: a model-state error
/// whose reason names the JSON problem (never our type names).
fn invalid_request(text: &str) -> ApiError {
    let reason = without_type_names(text);
    ApiError::validation("", ErrorCode::RequestInvalid, reason.clone()).with_arg("reason", reason)
}

/// serde names the Rust type it expected ("expected struct OfferRequest");
/// clients get the JSON kind instead, never our type names.
pub fn without_type_names(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("expected ") {
        let (head, tail) = rest.split_at(at + "expected ".len());
        out.push_str(head);
        let kind = ["struct ", "tuple struct ", "enum ", "unit struct "]
            .into_iter()
            .find(|k| tail.starts_with(k));
        rest = match kind {
            Some(kind) => {
                let name = &tail[kind.len()..];
                let end = name
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(name.len());
                out.push_str(if kind == "enum " {
                    "one of the allowed values"
                } else {
                    "a JSON object"
                });
                &name[end..]
            }
            None => tail,
        };
    }
    out.push_str(rest);
    out
}

/// JSON body extractor with Bitwarden-shaped errors.
pub struct AppJson<T>(pub T);

impl<S, T> FromRequest<S> for AppJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => {
            ApiError::UnsupportedMediaType("application/json")
        }
        JsonRejection::BytesRejection(ref e) if over_limit(e) => ApiError::PayloadTooLarge,
        JsonRejection::JsonSyntaxError(_) | JsonRejection::JsonDataError(_)
            if rejection
                .body_text()
                .contains("EOF while parsing a value at line 1 column 0") =>
        {
            ApiError::validation("", ErrorCode::RequestInvalid, "Body is empty.")
                .with_arg("reason", "Body is empty.")
        }
        JsonRejection::JsonDataError(e) => invalid_request(&e.body_text()),
        JsonRejection::JsonSyntaxError(e) => invalid_request(&e.body_text()),
        other => invalid_request(&other.body_text()),
    }
}

/// Form (`application/x-www-form-urlencoded`) extractor with Bitwarden-shaped errors.
pub struct AppForm<T>(pub T);

impl<S, T> FromRequest<S> for AppForm<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(value)) => Ok(Self(value)),
            Err(rejection) => Err(form_rejection(rejection)),
        }
    }
}

/// The token endpoint answers a body it cannot read as OAuth does, 400
/// `invalid_request` (Bitwarden's identity server too, also for a wrong
/// content type); only a body over the limit is a 413.
fn form_rejection(rejection: FormRejection) -> ApiError {
    if let FormRejection::BytesRejection(ref e) = rejection {
        if over_limit(e) {
            return ApiError::PayloadTooLarge;
        }
    }
    ApiError::Token(wire::error::TokenErrorResponse::oauth(
        "invalid_request",
        Some(&without_type_names(&rejection.body_text())),
    ))
}

/// Multipart (`multipart/form-data`) extractor: 415 for another media type.
pub struct AppMultipart(pub axum::extract::Multipart);

impl<S> FromRequest<S> for AppMultipart
where
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Multipart::from_request(req, state)
            .await
            .map(Self)
            .map_err(|rejection| match rejection {
                MultipartRejection::InvalidBoundary(_) => {
                    ApiError::UnsupportedMediaType("multipart/form-data")
                }
                other => invalid_request(&other.body_text()),
            })
    }
}

/// Query string extractor with Bitwarden-shaped errors.
pub struct AppQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for AppQuery<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| Self(value))
            .map_err(|rejection: QueryRejection| invalid_request(&rejection.body_text()))
    }
}

#[cfg(test)]
mod tests {
    use super::without_type_names;

    #[test]
    fn serde_type_names_never_reach_a_client() {
        assert_eq!(
            without_type_names(
                "invalid type: integer `1`, expected struct OfferRequest at line 1 column 1"
            ),
            "invalid type: integer `1`, expected a JSON object at line 1 column 1"
        );
        assert_eq!(
            without_type_names("invalid type: string \"x\", expected enum PlanType"),
            "invalid type: string \"x\", expected one of the allowed values"
        );
        assert_eq!(
            without_type_names("missing field `email`, expected a string"),
            "missing field `email`, expected a string"
        );
    }
}
