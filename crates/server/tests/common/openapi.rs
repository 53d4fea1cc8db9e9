//! The OpenAPI document as a contract: every response a test server gives is
//! checked against the schema its own `/api/docs/openapi.json` states for
//! the route template, method and status, so the description cannot drift
//! from what the server really sends.
//!
//! [`checked`] wraps a server's router; a response that the document does not
//! describe is printed at once and recorded, and [`super::TestServer`] fails
//! the test with the list when it is dropped.

use axum::body::Body;
use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use tower::ServiceExt;

/// Where the document is served.
pub const DOCUMENT_PATH: &str = "/api/docs/openapi.json";

/// What the document says one status of one operation answers.
struct Answer {
    /// The JSON body's validator, when the document gives a JSON schema.
    json: Option<jsonschema::Validator>,
    /// Every content type the document lists.
    content_types: Vec<String>,
}

/// The responses of every operation of a document, ready to check bodies.
pub struct Contract {
    /// `(path template, lower-case method)` → status → answer.
    operations: BTreeMap<(String, String), BTreeMap<u16, Answer>>,
    /// Bitwarden's error body, for the catch-all 404 of unknown API paths.
    error: jsonschema::Validator,
}

impl Contract {
    /// Compiles every response schema of `document`. Checks are strict: an
    /// object may carry no property its schema does not name.
    pub fn new(document: &Value) -> Result<Self, String> {
        let mut components = document.get("components").cloned().unwrap_or(Value::Null);
        forbid_unnamed_properties(&mut components);
        let mut operations = BTreeMap::new();
        let paths = document["paths"]
            .as_object()
            .ok_or("the document has no paths")?;
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, operation) in item {
                let Some(responses) = operation["responses"].as_object() else {
                    continue;
                };
                let mut answers = BTreeMap::new();
                for (status, response) in responses {
                    let status: u16 = status.parse().map_err(|_| {
                        format!("{method} {path}: status {status:?} is not a number")
                    })?;
                    let answer = answer(response, &components)
                        .map_err(|e| format!("{method} {path} {status}: {e}"))?;
                    answers.insert(status, answer);
                }
                operations.insert((path.clone(), method.to_lowercase()), answers);
            }
        }
        let error = validator(
            &serde_json::json!({"$ref": "#/components/schemas/ErrorResponse"}),
            &components,
        )?;
        Ok(Self { operations, error })
    }

    /// The contract of the document `app` serves.
    pub async fn served_by(app: &Router) -> Self {
        let request = Request::get(DOCUMENT_PATH)
            .body(Body::empty())
            .expect("document request");
        let response = app
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        assert_eq!(response.status(), 200, "{DOCUMENT_PATH} is served");
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("document body");
        let document: Value = serde_json::from_slice(&bytes).expect("the document is JSON");
        Self::new(&document).unwrap_or_else(|e| panic!("{DOCUMENT_PATH} is not usable: {e}"))
    }

    /// Checks one response of the route `template` (as the router matched it).
    pub fn check(
        &self,
        method: &str,
        template: &str,
        status: u16,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<(), String> {
        let route = format!("{} {template}", method.to_uppercase());
        if template.contains("{*") {
            // The catch-all that answers unknown API paths: no route, Bitwarden's 404.
            return match status {
                404 => validate(&self.error, body).map_err(|e| format!("{route} → 404: {e}")),
                other => Err(format!("{route} (unknown path) answered {other}, not 404")),
            };
        }
        let answers = self
            .operations
            .get(&(template.to_owned(), method.to_lowercase()))
            .ok_or_else(|| format!("{route} is not in the OpenAPI document"))?;
        let answer = answers.get(&status).ok_or_else(|| {
            format!("{route} answered {status}, which its OpenAPI operation does not list")
        })?;
        if body.is_empty() {
            return Ok(());
        }
        let media = content_type
            .map(|t| t.split(';').next().unwrap_or(t).trim().to_ascii_lowercase())
            .unwrap_or_default();
        if media == "application/json" {
            let validator = answer.json.as_ref().ok_or_else(|| {
                format!("{route} → {status}: a JSON body, but the document describes none")
            })?;
            validate(validator, body).map_err(|e| format!("{route} → {status}: {e}"))
        } else if answer.content_types.contains(&media) {
            Ok(())
        } else {
            Err(format!(
                "{route} → {status}: a {media:?} body, the document lists {:?}",
                answer.content_types
            ))
        }
    }
}

fn answer(response: &Value, components: &Value) -> Result<Answer, String> {
    let content = response
        .get("content")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let json = match content
        .get("application/json")
        .and_then(|c| c.get("schema"))
    {
        Some(schema) => Some(validator(schema, components)?),
        None => None,
    };
    Ok(Answer {
        json,
        content_types: content.keys().map(|t| t.to_ascii_lowercase()).collect(),
    })
}

/// A validator for `schema` whose `#/components/…` references resolve in `components`.
fn validator(schema: &Value, components: &Value) -> Result<jsonschema::Validator, String> {
    let mut root = match schema {
        Value::Object(map) => map.clone(),
        other => return Err(format!("schema {other} is not an object")),
    };
    forbid_unnamed_properties_in(&mut root);
    root.insert("components".into(), components.clone());
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&Value::Object(root))
        .map_err(|e| format!("schema does not compile: {e}"))
}

fn validate(validator: &jsonschema::Validator, body: &[u8]) -> Result<(), String> {
    let instance: Value =
        serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))?;
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("at {:?}: {e}", e.instance_path().to_string()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "body {instance} does not match its schema: {}",
            errors.join("; ")
        ))
    }
}

/// `unevaluatedProperties: false` on every object schema that names its
/// properties, so a field the document does not mention fails the check.
fn forbid_unnamed_properties(value: &mut Value) {
    match value {
        Value::Object(map) => forbid_unnamed_properties_in(map),
        Value::Array(items) => items.iter_mut().for_each(forbid_unnamed_properties),
        _ => {}
    }
}

fn forbid_unnamed_properties_in(map: &mut Map<String, Value>) {
    if map.contains_key("properties")
        && !map.contains_key("additionalProperties")
        && !map.contains_key("unevaluatedProperties")
    {
        map.insert("unevaluatedProperties".into(), Value::Bool(false));
    }
    map.values_mut().for_each(forbid_unnamed_properties);
}

/// Responses that broke the contract, in the order they were sent.
pub type Violations = Arc<Mutex<Vec<String>>>;

/// `app` with every routed response checked against `contract`.
pub fn checked(app: Router, contract: Contract, violations: Violations) -> Router {
    let contract = Arc::new(contract);
    app.route_layer(axum::middleware::from_fn(
        move |request: Request, next: Next| {
            let contract = contract.clone();
            let violations = violations.clone();
            async move { check_response(&contract, &violations, request, next).await }
        },
    ))
}

async fn check_response(
    contract: &Contract,
    violations: &Violations,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().as_str().to_owned();
    let template = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned());
    let response = next.run(request).await;
    let Some(template) = template else {
        return response;
    };
    let (parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(e) => {
            record(
                violations,
                format!("{method} {template}: body unreadable: {e}"),
            );
            return Response::from_parts(parts, Body::empty());
        }
    };
    let content_type = parts
        .headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    if let Err(problem) = contract.check(
        &method,
        &template,
        parts.status.as_u16(),
        content_type,
        &bytes,
    ) {
        record(violations, problem);
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn record(violations: &Violations, problem: String) {
    eprintln!("OpenAPI contract broken: {problem}");
    violations
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(problem);
}
