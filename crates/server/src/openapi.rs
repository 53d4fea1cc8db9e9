//! The OpenAPI document served at `/api/docs/openapi.json`: the routes'
//! `#[utoipa::path]` descriptions with the wire types' schemas, plus the
//! answers every operation shares (a failed server, a refused token), added
//! here once instead of on every handler.

use axum::{Extension, Json};
use std::sync::Arc;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, Response, ResponseBuilder};
use utoipa::ToSchema;
use wire::ErrorResponse;

#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "Billing Sync API", description = "Bitwarden-compatible billing sync, license and Families sponsorship endpoints."),
    paths(document),
    components(schemas(ErrorResponse)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;
impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// The multipart form of a license upload (`POST …/licenses/self-hosted…`).
#[derive(ToSchema)]
#[allow(dead_code)] // describes the form; the handler reads it field by field
pub struct LicenseUpload {
    /// The license file downloaded from the cloud (`bitwarden_organization_license.json`), at most 50 KB.
    #[schema(value_type = String, format = Binary)]
    license: Vec<u8>,
    /// On creation: the new organization's key encrypted for the owner's
    /// public key (EncString type 4, `4.data`), made by the client; without
    /// it the server makes the key. Not read by a license update.
    key: Option<wire::keys::EncString>,
}

/// GET /api/docs/openapi.json — this document.
#[utoipa::path(get, path = "/api/docs/openapi.json", tag = "meta",
    responses((status = 200, description = "the OpenAPI 3.1 document of this server's role", body = Object)))]
pub async fn document(Extension(openapi): Extension<Arc<OpenApi>>) -> Json<OpenApi> {
    Json(openapi.as_ref().clone())
}

/// Adds the answers every operation can give, unless a handler describes
/// them itself: 500 with Bitwarden's error body anywhere, and on routes that
/// take a bearer token 401 (no, invalid or expired token; empty body) and
/// 403 (a user token on an installation route or the reverse; empty body).
pub fn add_shared_responses(openapi: &mut OpenApi) {
    for item in openapi.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
            &mut item.head,
            &mut item.options,
            &mut item.trace,
        ];
        for operation in operations.into_iter().flatten() {
            add_shared(operation);
        }
    }
}

fn add_shared(operation: &mut Operation) {
    let bearer = operation.security.as_ref().is_some_and(|s| !s.is_empty());
    let responses = &mut operation.responses.responses;
    if bearer {
        responses
            .entry("401".into())
            .or_insert_with(|| empty("no, invalid or expired token (empty body)"));
        responses.entry("403".into()).or_insert_with(|| {
            empty("a token of the wrong kind: a user's on an installation route, or an installation's on a user route (empty body)")
        });
    }
    responses
        .entry("500".into())
        .or_insert_with(|| error_body("An unhandled server error has occurred."));
    responses
        .entry("413".into())
        .or_insert_with(|| error_body("the request is larger than 1 MiB"));
    responses.entry("503".into()).or_insert_with(|| {
        error_body("the database is locked by another program or full (code `databaseBusy` or `databaseFull`, `Retry-After`); nothing was changed")
    });
    let reads_body = operation.request_body.is_some();
    // The token endpoint answers a wrong media type as OAuth does (400).
    let form_only = operation.request_body.as_ref().is_some_and(|body| {
        body.content
            .keys()
            .all(|media| media == "application/x-www-form-urlencoded")
    });
    if reads_body && !form_only {
        operation
            .responses
            .responses
            .entry("415".into())
            .or_insert_with(|| {
                error_body("the body is not of the media type this operation reads")
            });
    }
}

fn empty(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .build()
        .into()
}

fn error_body(description: &str) -> RefOr<Response> {
    let schema = RefOr::Ref(Ref::from_schema_name(ErrorResponse::name()));
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new().schema(Some(schema)).build(),
        )
        .build()
        .into()
}
