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
use wire::error_code::DURING_ARG;

/// Bitwarden's text for an unexpected failure.
pub const UNHANDLED: &str = "An unhandled server error has occurred.";

/// What a client sending more than [`crate::MAX_BODY_BYTES`] is told.
pub const TOO_LARGE: &str =
    "The request is too large: this server accepts at most 1 MiB per request. Send a smaller request.";

/// Every way a request can fail, by meaning.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400 with an English message and the stable code a client translates.
    /// Every 4xx/5xx body carries a code (see `wire::error_code`).
    #[error("{message}")]
    Coded {
        message: String,
        code: ErrorCode,
        args: Vec<(&'static str, String)>,
    },
    /// 400 model-state error on one field, with its code.
    #[error("{field}: {message}")]
    Validation {
        field: String,
        message: String,
        code: ErrorCode,
        args: Vec<(&'static str, String)>,
    },
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
    /// 429 with a coded message: too many failed attempts.
    #[error("{message}")]
    TooManyRequests {
        message: String,
        code: ErrorCode,
        args: Vec<(&'static str, String)>,
    },
    /// 429 with a coded message and `Retry-After` (seconds): a rate limit.
    #[error("{message}")]
    Throttled {
        message: &'static str,
        code: ErrorCode,
        retry_after: u64,
    },
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
    /// A 400 with Bitwarden's English message and its code.
    pub fn bad_request(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::coded(code, message, [])
    }

    /// A 400 with an English message built from `args`, and its code.
    pub fn coded(
        code: ErrorCode,
        message: impl Into<String>,
        args: impl IntoIterator<Item = (&'static str, String)>,
    ) -> Self {
        Self::Coded {
            message: message.into(),
            code,
            args: args.into_iter().collect(),
        }
    }

    /// A 400 model-state error on `field`, with its code.
    pub fn validation(
        field: impl Into<String>,
        code: ErrorCode,
        message: impl Into<String>,
    ) -> Self {
        Self::Validation {
            field: field.into(),
            message: message.into(),
            code,
            args: Vec::new(),
        }
    }

    /// Adds a `codeArgs` value to a coded answer (other kinds are returned as they are).
    pub fn with_arg(mut self, name: &'static str, value: impl Into<String>) -> Self {
        if let Self::Coded { args, .. }
        | Self::Validation { args, .. }
        | Self::TooManyRequests { args, .. } = &mut self
        {
            args.push((name, value.into()));
        }
        self
    }
}

/// Bitwarden's error body with its code. A code sent with an arg it does
/// not declare is a bug the tests catch (the client would drop the value).
fn coded_body(
    message: impl Into<String>,
    code: ErrorCode,
    args: Vec<(&'static str, String)>,
) -> Json<ErrorResponse> {
    debug_assert!(
        args.iter()
            .all(|(name, _)| *name == DURING_ARG || code.args().contains(name)),
        "{code:?} sent with args {:?}, declares {:?}",
        args.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        code.args()
    );
    Json(ErrorResponse::coded(message, code, args))
}

/// The logged cause of a 500, carried from the handler to the logging middleware.
#[derive(Clone)]
struct InternalCause(Arc<anyhow::Error>);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            Self::Coded {
                message,
                code,
                args,
            } => (
                StatusCode::BAD_REQUEST,
                coded_body(message, code, args),
            )
                .into_response(),
            Self::Validation {
                field,
                message,
                code,
                args,
            } => {
                let Json(coded) = coded_body(String::new(), code, args);
                let body = ErrorResponse {
                    code: coded.code,
                    code_args: coded.code_args,
                    ..ErrorResponse::validation(field, message)
                };
                (StatusCode::BAD_REQUEST, Json(body)).into_response()
            }
            Self::Unauthenticated => StatusCode::UNAUTHORIZED.into_response(),
            Self::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                coded_body("Unauthorized.", ErrorCode::Unauthorized, Vec::new()),
            )
                .into_response(),
            Self::Forbidden => StatusCode::FORBIDDEN.into_response(),
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                coded_body("Resource not found.", ErrorCode::NotFound, Vec::new()),
            )
                .into_response(),
            Self::TooManyRequests {
                message,
                code,
                args,
            } => (StatusCode::TOO_MANY_REQUESTS, coded_body(message, code, args)).into_response(),
            Self::Throttled {
                message,
                code,
                retry_after,
            } => (
                StatusCode::TOO_MANY_REQUESTS,
                [(
                    axum::http::header::RETRY_AFTER,
                    retry_after.max(1).to_string(),
                )],
                coded_body(message, code, Vec::new()),
            )
                .into_response(),
            Self::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                coded_body(
                    TOO_LARGE,
                    ErrorCode::RequestTooLarge,
                    vec![("maxKb", (crate::MAX_BODY_BYTES / 1024).to_string())],
                ),
            )
                .into_response(),
            Self::UnsupportedMediaType(expected) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                coded_body(
                    format!(
                        "The request body must be sent as {expected}. Send it with Content-Type: {expected}."
                    ),
                    ErrorCode::UnsupportedMediaType,
                    vec![("expected", expected.to_owned())],
                ),
            )
                .into_response(),
            Self::Unavailable {
                message,
                code,
                retry_after,
            } => (
                StatusCode::SERVICE_UNAVAILABLE,
                [(axum::http::header::RETRY_AFTER, retry_after.to_string())],
                coded_body(message, code, Vec::new()),
            )
                .into_response(),
            Self::Token(body) => (StatusCode::BAD_REQUEST, Json(body)).into_response(),
            Self::Internal(cause) => {
                let mut response = match storage_trouble(&cause) {
                    Some(trouble) => trouble.into_response(),
                    None => (
                        StatusCode::INTERNAL_SERVER_ERROR,
                        coded_body(UNHANDLED, ErrorCode::ServerError, Vec::new()),
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
