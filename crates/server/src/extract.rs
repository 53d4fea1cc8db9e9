//! Extractors whose rejections are `ApiError`, so malformed or oversized
//! bodies get Bitwarden's error shape instead of axum's plain text.

use crate::error::ApiError;
use axum::extract::rejection::{FormRejection, JsonRejection};
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

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
        JsonRejection::MissingJsonContentType(_) => ApiError::validation(
            "",
            "The request body must be JSON (Content-Type: application/json).",
        ),
        JsonRejection::JsonSyntaxError(_) | JsonRejection::JsonDataError(_)
            if rejection
                .body_text()
                .contains("EOF while parsing a value at line 1 column 0") =>
        {
            ApiError::validation("", "Body is empty.")
        }
        JsonRejection::JsonDataError(e) => ApiError::validation("", e.body_text()),
        JsonRejection::JsonSyntaxError(e) => ApiError::validation("", e.body_text()),
        other => ApiError::bad_request(other.body_text()),
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

fn form_rejection(rejection: FormRejection) -> ApiError {
    ApiError::Token(wire::error::TokenErrorResponse::oauth(
        "invalid_request",
        Some(&rejection.body_text()),
    ))
}
