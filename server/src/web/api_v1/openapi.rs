//! The OpenAPI document of `/api/v1`, served at `/api/v1/openapi.json`: the handlers'
//! annotations, collected as they are routed (`super::api`), plus the answers every path shares
//! (`Conventions`), described once here rather than on each handler: 421 for another `Host`, 403
//! for a cross-site POST, 401 without an identity or with a bad token, 413 for an action body too
//! large, the sync's 403 and 429, the `ErrorBody` of every error, and the API token's bearer
//! security scheme.

use std::sync::Arc;

use axum::{
    Json,
    response::IntoResponse,
    routing::{MethodRouter, get},
};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{
    Content, Ref, RefOr, Response, ResponseBuilder,
    header::{Header, HeaderBuilder},
    path::{Operation, PathItem},
    schema::{ObjectBuilder, Type},
};
use utoipa::{Modify, OpenApi, ToSchema};

/// Where the document is served.
pub const PATH: &str = "/api/v1/openapi.json";

/// The API's description; the paths join it from the router.
#[derive(OpenApi)]
#[openapi(
    info(title = "Link Center API", version = "1", description = "Azure Private Link inventory, chain graph and connection actions."),
    components(schemas(ErrorBody, app::model::SnapshotEvent, app::model::ResyncEvent, app::model::ActionEvent, app::model::JobEvent)),
    tags((name = "sync", description = "Inventory sync"), (name = "inventory", description = "What the inventory holds"), (name = "actions", description = "Approve, reject and remove connections; the audit of every action; the approval policies"), (name = "history", description = "What changed between syncs, and who made it when known"), (name = "events", description = "Live events: syncs finishing and changes recorded, as server-sent events"))
)]
pub struct ApiDoc;

/// The routed paths' document with the shared answers added.
pub fn finish(mut document: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    Conventions.modify(&mut document);
    document
}

/// `GET /api/v1/openapi.json`: `document`, as JSON.
pub fn serve<S>(document: utoipa::openapi::OpenApi) -> MethodRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    let document = Arc::new(document);
    get(move || {
        let document = document.clone();
        async move { Json(&*document).into_response() }
    })
}

/// The body of every error answer (`ApiError`): `{"error": {"code": "...", "message": "..."}}`.
#[derive(ToSchema)]
#[cfg_attr(test, derive(serde::Deserialize), serde(deny_unknown_fields))]
#[allow(dead_code, reason = "described only: ApiError writes this body")]
pub struct ErrorBody {
    /// What went wrong.
    error: ErrorDetail,
}

/// The error itself.
#[derive(ToSchema)]
#[cfg_attr(test, derive(serde::Deserialize), serde(deny_unknown_fields))]
#[allow(dead_code, reason = "described only: ApiError writes this body")]
pub struct ErrorDetail {
    /// Stable, machine-readable: `BadQuery`, `BadRequest`, `NotFound`, `Forbidden`, …
    code: String,
    /// For a person: names the bad parameter or says what to do.
    message: String,
}

/// The name of the API token's security scheme.
const TOKEN_SCHEME: &str = "apiToken";

/// The paths that run an approver's action.
const ACTION_PATHS: [&str; 2] = ["/api/v1/connections/{action}", "/api/v1/connections/bulk"];

/// The answers every path shares, added to each operation that does not describe them itself.
struct Conventions;

impl Modify for Conventions {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            TOKEN_SCHEME,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("lc_ and 64 hex digits")
                    .description(Some(
                        "An API token from `linkcenter token create`; without one, the server's \
                         auth mode identifies the caller (the local user, or the proxy's headers)",
                    ))
                    .build(),
            ),
        );
        openapi.security = Some(vec![
            SecurityRequirement::default(),
            SecurityRequirement::new(TOKEN_SCHEME, Vec::<String>::new()),
        ]);
        for (name, response) in shared_responses() {
            components
                .responses
                .insert(name.to_owned(), response.into());
        }
        for (path, item) in openapi.paths.paths.iter_mut() {
            for (method, operation) in operations(item) {
                let post = method == "post";
                add(operation, "421", "MisdirectedRequest");
                add(operation, "401", "Unauthenticated");
                if post && path == "/api/v1/sync" {
                    add(operation, "403", "SyncForbidden");
                    add(operation, "429", "SyncTooSoon");
                    retry_after_on_429(operation);
                }
                if post {
                    add(operation, "403", "CrossSite");
                }
                if ACTION_PATHS.contains(&path.as_str()) {
                    add(operation, "413", "BodyTooLarge");
                }
                errors_are_json(operation);
            }
        }
    }
}

/// The shared answers, by component name.
fn shared_responses() -> [(&'static str, Response); 6] {
    let error = |description: &str| {
        ResponseBuilder::new()
            .description(description)
            .content("application/json", error_content())
    };
    [
        (
            "Unauthenticated",
            error("No believable identity, or an API token that is unknown, revoked or expired (`Unauthenticated`, `InvalidToken`)").build(),
        ),
        (
            "MisdirectedRequest",
            error("The request's Host is not this server's (`MisdirectedRequest`)").build(),
        ),
        (
            "CrossSite",
            error("A cross-site request: another Origin or Sec-Fetch-Site (`CrossSiteRequest`)")
                .build(),
        ),
        (
            "BodyTooLarge",
            error("The request body is larger than an action accepts").build(),
        ),
        (
            "SyncForbidden",
            error("A viewer may not sync, or a cross-site request").build(),
        ),
        (
            "SyncTooSoon",
            error("At most one sync per 30 s per user; Retry-After says when to ask again")
                .header(RETRY_AFTER, retry_after())
                .build(),
        ),
    ]
}

/// The operations of a path, with their lower-case method.
fn operations(item: &mut PathItem) -> impl Iterator<Item = (&'static str, &mut Operation)> {
    [
        ("get", item.get.as_mut()),
        ("put", item.put.as_mut()),
        ("post", item.post.as_mut()),
        ("delete", item.delete.as_mut()),
        ("patch", item.patch.as_mut()),
    ]
    .into_iter()
    .filter_map(|(method, operation)| operation.map(|o| (method, o)))
}

/// Adds the shared answer `component` under `status` unless the operation describes its own.
fn add(operation: &mut Operation, status: &str, component: &str) {
    let reference = Ref::new(format!("#/components/responses/{component}"));
    operation
        .responses
        .responses
        .entry(status.to_owned())
        .or_insert(RefOr::Ref(reference));
}

const RETRY_AFTER: &str = "Retry-After";

/// The `Retry-After` header of a refused sync.
fn retry_after() -> Header {
    HeaderBuilder::new()
        .schema(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(0)),
        )
        .description(Some("Seconds until the next sync may be asked for"))
        .build()
}

/// Describes the `Retry-After` header on the operation's own 429, if it does not.
fn retry_after_on_429(operation: &mut Operation) {
    if let Some(RefOr::T(response)) = operation.responses.responses.get_mut("429") {
        response
            .headers
            .entry(RETRY_AFTER.to_owned())
            .or_insert_with(retry_after);
    }
}

/// Gives every 4xx and 5xx answer that has no body of its own the `ErrorBody`.
fn errors_are_json(operation: &mut Operation) {
    for (status, response) in operation.responses.responses.iter_mut() {
        let error = status.starts_with('4') || status.starts_with('5');
        if let RefOr::T(response) = response
            && error
            && response.content.is_empty()
        {
            response
                .content
                .insert("application/json".to_owned(), error_content());
        }
    }
}

/// A JSON `ErrorBody`.
fn error_content() -> Content {
    Content::new(Some(Ref::from_schema_name("ErrorBody")))
}

#[cfg(test)]
mod tests {
    use axum::response::IntoResponse;
    use serde_json::Value;

    use super::*;
    use crate::web::ApiError;

    fn document() -> Value {
        serde_json::to_value(super::super::document()).unwrap()
    }

    /// Every property name of every schema in the document, with where it is.
    fn property_names(value: &Value, at: &str, names: &mut Vec<(String, String)>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::Object(properties)) = map.get("properties") {
                    names.extend(properties.keys().map(|k| (at.to_owned(), k.clone())));
                }
                for (key, child) in map {
                    property_names(child, &format!("{at}/{key}"), names);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    property_names(child, &format!("{at}/{i}"), names);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn every_documented_field_is_camel_case_as_sent() {
        let mut names = Vec::new();
        property_names(&document(), "", &mut names);
        assert!(
            names.len() > 50,
            "too few properties found: {}",
            names.len()
        );
        let snake: Vec<_> = names.iter().filter(|(_, n)| n.contains('_')).collect();
        assert!(snake.is_empty(), "snake_case properties: {snake:?}");
        let consumer = &document()["components"]["schemas"]["ConsumerView"].to_string();
        assert!(consumer.contains("\"profileId\"") && consumer.contains("\"endpointId\""));
    }

    #[test]
    fn every_operation_documents_421_and_every_post_403_with_the_error_body() {
        let doc = document();
        let mut seen = 0;
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                let responses = &operation["responses"];
                assert!(responses.get("421").is_some(), "{method} {path} has no 421");
                if method == "post" {
                    assert!(responses.get("403").is_some(), "{method} {path} has no 403");
                }
                for (status, response) in responses.as_object().unwrap() {
                    let inline = response.get("$ref").is_none();
                    if status.as_str() >= "400" && inline {
                        assert_eq!(
                            response["content"]["application/json"]["schema"]["$ref"],
                            "#/components/schemas/ErrorBody",
                            "{method} {path} {status}"
                        );
                    }
                }
                seen += 1;
            }
        }
        assert_eq!(seen, 19, "operations documented");
        let sync = &doc["paths"]["/api/v1/sync"]["post"]["responses"];
        assert!(sync.get("403").is_some());
        let too_soon = match sync["429"]["$ref"].as_str() {
            Some(reference) => {
                let name = reference.rsplit('/').next().unwrap();
                &doc["components"]["responses"][name]
            }
            None => &sync["429"],
        };
        assert!(
            too_soon["headers"].get("Retry-After").is_some(),
            "{too_soon}"
        );
        let bulk = &doc["paths"]["/api/v1/connections/bulk"]["post"]["responses"];
        assert!(bulk.get("413").is_some());
    }

    #[tokio::test]
    async fn the_error_body_schema_is_what_api_error_sends() {
        let response = ApiError::bad_query("limit must be a whole number").into_response();
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        let parsed: ErrorBody = serde_json::from_slice(&body).unwrap();
        assert_eq!(parsed.error.code, "BadQuery");
        assert_eq!(parsed.error.message, "limit must be a whole number");
    }
}
