//! `ApiError`: the one error type of the HTTP boundary, mapped once to
//! Bitwarden's error JSON (contract §0.2). Internal details never reach the
//! body; they are stored in the response extensions and logged by
//! [`log_internal_errors`] inside the request span.

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::sync::Arc;
use wire::error::{ErrorCode, ErrorResponse, TokenErrorResponse};

/// Bitwarden's text for an unexpected failure.
pub const UNHANDLED: &str = "An unhandled server error has occurred.";

/// What a client sending more than [`crate::MAX_BODY_BYTES`] is told.
pub const TOO_LARGE: &str =
    "The request is too large: this server accepts at most 1 MiB per request. Send a smaller request.";

/// Every way a request can fail, by meaning.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400 with a plain message.
    #[error("{0}")]
    BadRequest(String),
    /// 400 with an English message and the stable code a client translates.
    #[error("{message}")]
    Coded {
        message: String,
        code: ErrorCode,
        args: Vec<(&'static str, String)>,
    },
    /// 400 model-state error on one field.
    #[error("{field}: {message}")]
    Validation { field: String, message: String },
    /// 401 with an empty body (missing or invalid token).
    #[error("unauthenticated")]
    Unauthenticated,
    /// 401 `Unauthorized.` (authenticated, but the action is not theirs).
    #[error("unauthorized")]
    Unauthorized,
    /// 403 with an empty body (token lacks the scope for this endpoint).
    #[error("forbidden")]
    Forbidden,
    /// 404 `Resource not found.` (Bitwarden also hides permission failures this way).
    #[error("not found")]
    NotFound,
    /// 429 with a message: too many failed attempts.
    #[error("{0}")]
    TooManyRequests(String),
    /// 429 with a message and `Retry-After` (seconds): a rate limit.
    #[error("{message}")]
    Throttled { message: String, retry_after: u64 },
    /// 409 with a message.
    #[error("{0}")]
    Conflict(String),
    /// 503 with a coded message and `Retry-After`: the database is locked
    /// by another program or full. Nothing was changed; the cause is logged.
    #[error("{message}")]
    Unavailable {
        message: &'static str,
        code: ErrorCode,
        retry_after: u64,
    },
    /// 413: the body is larger than any route accepts.
    #[error("request body too large")]
    PayloadTooLarge,
    /// 415: the body is not of the media type the route reads (named here).
    #[error("unsupported media type; {0} expected")]
    UnsupportedMediaType(&'static str),
    /// 400 from the Identity token endpoint in OAuth shape.
    #[error("token error: {}", .0.error)]
    Token(TokenErrorResponse),
    /// 500; the cause is logged, never sent.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        Self::Internal(err.into())
    }
}

impl ApiError {
    /// A 400 with Bitwarden's plain message.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::BadRequest(message.into())
    }

    /// A 400 model-state error.
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Validation {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// The logged cause of a 500, carried from the handler to the logging middleware.
#[derive(Clone)]
struct InternalCause(Arc<anyhow::Error>);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            Self::BadRequest(message) => (
                StatusCode::BAD_REQUEST,
                Json(ErrorResponse::message(message)),
            )
                .into_response(),
            Self::Coded {
                message,
                code,
                args,
            } => (
                StatusCode::BAD_REQUEST,
                Json(ErrorResponse::coded(message, code, args)),
            )
                .into_response(),
            Self::Validation { field, message } => (
                StatusCode::BAD_REQUEST,
                Json(ErrorResponse::validation(field, message)),
            )
                .into_response(),
            Self::Unauthenticated => StatusCode::UNAUTHORIZED.into_response(),
            Self::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                Json(ErrorResponse::message("Unauthorized.")),
            )
                .into_response(),
            Self::Forbidden => StatusCode::FORBIDDEN.into_response(),
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                Json(ErrorResponse::message("Resource not found.")),
            )
                .into_response(),
            Self::TooManyRequests(message) => (
                StatusCode::TOO_MANY_REQUESTS,
                Json(ErrorResponse::message(message)),
            )
                .into_response(),
            Self::Throttled {
                message,
                retry_after,
            } => (
                StatusCode::TOO_MANY_REQUESTS,
                [(
                    axum::http::header::RETRY_AFTER,
                    retry_after.max(1).to_string(),
                )],
                Json(ErrorResponse::message(message)),
            )
                .into_response(),
            Self::Conflict(message) => {
                (StatusCode::CONFLICT, Json(ErrorResponse::message(message))).into_response()
            }
            Self::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                Json(ErrorResponse::message(TOO_LARGE)),
            )
                .into_response(),
            Self::UnsupportedMediaType(expected) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                Json(ErrorResponse::message(format!(
                    "The request body must be sent as {expected}. Send it with Content-Type: {expected}."
                ))),
            )
                .into_response(),
            Self::Unavailable {
                message,
                code,
                retry_after,
            } => (
                StatusCode::SERVICE_UNAVAILABLE,
                [(axum::http::header::RETRY_AFTER, retry_after.to_string())],
                Json(ErrorResponse::coded(message, code, Vec::new())),
            )
                .into_response(),
            Self::Token(body) => (StatusCode::BAD_REQUEST, Json(body)).into_response(),
            Self::Internal(cause) => {
                let mut response = match storage_trouble(&cause) {
                    Some(trouble) => trouble.into_response(),
                    None => (
                        StatusCode::INTERNAL_SERVER_ERROR,
                        Json(ErrorResponse::message(UNHANDLED)),
                    )
                        .into_response(),
                };
                response
                    .extensions_mut()
                    .insert(InternalCause(Arc::new(cause)));
                response
            }
        }
    }
}

/// What the caller is told when another program holds a lock the request waits for.
pub const DATABASE_BUSY: &str = "The database is busy: another program holds a lock on the data this \
     request changes (a backup, a maintenance tool or a long transaction). Nothing was changed. Try again in a \
     minute; if this keeps happening, stop the other program or raise \
     globalSettings__billingSync__databaseBusyTimeoutSeconds.";
/// What the caller is told when the database has no space left.
pub const DATABASE_FULL: &str =
    "The database has no space left: nothing was changed. Free disk space on the \
     server (or raise globalSettings__billingSync__sqliteMaxPageCount), then try again.";

/// A database that is locked by someone else or full is the operator's to
/// fix, not a bug: the answer says what to do (SQLite result codes BUSY 5,
/// LOCKED 6, FULL 13 and their extended forms; PostgreSQL SQLSTATE 53100
/// disk full, 55P03 lock not available; a pool that found no free
/// connection in time).
fn storage_trouble(cause: &anyhow::Error) -> Option<ApiError> {
    let busy = ApiError::Unavailable {
        message: DATABASE_BUSY,
        code: ErrorCode::DatabaseBusy,
        retry_after: 5,
    };
    let full = ApiError::Unavailable {
        message: DATABASE_FULL,
        code: ErrorCode::DatabaseFull,
        retry_after: 60,
    };
    let sql = cause
        .chain()
        .find_map(|e| e.downcast_ref::<sqlx::Error>())?;
    match sql {
        sqlx::Error::PoolTimedOut => Some(busy),
        sqlx::Error::Database(db) => {
            let code = db.code()?;
            let sqlite = code.parse::<u32>().ok().map(|c| c & 0xff);
            match (sqlite, code.as_ref()) {
                (Some(5 | 6), _) | (None, "55P03") => Some(busy),
                (Some(13), _) | (None, "53100") => Some(full),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Logs the cause of every 500 inside the request's span.
pub async fn log_internal_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if let Some(InternalCause(cause)) = response.extensions().get::<InternalCause>() {
        tracing::error!(error = %format!("{cause:#}"), "request failed");
    }
    response
}

/// Crate-wide result for handlers and stores.
pub type ApiResult<T> = Result<T, ApiError>;
