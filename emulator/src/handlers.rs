//! One function per kind of ARM call: lists (paged), gets, connection PUT/DELETE, creation and
//! deletion of endpoints, services and Front Door origins (each write logged in the Activity Log
//! with its caller), operation polls, Activity Log reads.

use axum::{
    body::Bytes,
    http::{HeaderValue, Method, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

use crate::{
    error::ArmError,
    paging::{self, SKIP_TOKEN},
    path::Target,
    state::{Call, Emulator, json_response},
    store::OperationState,
};

/// Routes a parsed request to its handler; a write is logged in the Activity Log, whatever
/// its outcome.
pub fn dispatch(
    emulator: &Emulator,
    method: &Method,
    target: &Target,
    call: &Call<'_>,
    body: &Bytes,
) -> Result<Response, ArmError> {
    let answer = route(emulator, method, target, call, body);
    if let (&Method::PUT | &Method::DELETE, Target::Resource { .. }) = (method, target) {
        let status = match &answer {
            Ok(response) => response.status().as_u16(),
            Err(error) => error.status.as_u16(),
        };
        // The path as sent keeps the id's case, even once the resource is deleted.
        let resource_id = call.path.trim_end_matches('/');
        emulator.activity.record(&crate::activity_log::Write {
            resource_id,
            method: method.as_str(),
            operation: crate::permissions::resource_action(resource_id, write_verb(method))
                .unwrap_or_default(),
            caller: &call.caller,
            correlation_id: &call.correlation_id,
            status_code: status,
        });
    }
    answer
}

/// The verb of a write's operation name: `delete` for a DELETE, else `write`.
pub(crate) fn write_verb(method: &Method) -> &'static str {
    if method == Method::DELETE {
        "delete"
    } else {
        "write"
    }
}

fn route(
    emulator: &Emulator,
    method: &Method,
    target: &Target,
    call: &Call<'_>,
    body: &Bytes,
) -> Result<Response, ArmError> {
    let store = &emulator.store;
    match (method, target) {
        (&Method::GET, Target::Subscriptions) => list(emulator, call, store.subscriptions()),
        (&Method::GET, Target::Subscription { subscription }) => store
            .subscription(subscription)
            .map(|s| json_response(StatusCode::OK, &s))
            .ok_or_else(|| {
                ArmError::not_found(
                    "SubscriptionNotFound",
                    format!("The subscription '{subscription}' could not be found."),
                )
            }),
        (&Method::GET, Target::ResourceGroups { subscription }) => {
            known_subscription(emulator, subscription)?;
            list(emulator, call, store.resource_groups(subscription, None))
        }
        (
            &Method::GET,
            Target::ResourceGroup {
                subscription,
                resource_group,
            },
        ) => store
            .resource_groups(subscription, Some(resource_group))
            .into_iter()
            .next()
            .map(|g| json_response(StatusCode::OK, &g))
            .ok_or_else(|| {
                ArmError::not_found(
                    "ResourceGroupNotFound",
                    format!("Resource group '{resource_group}' could not be found."),
                )
            }),
        (
            &Method::GET,
            Target::List {
                subscription,
                resource_group,
                type_key,
                parent,
                ..
            },
        ) => {
            if parent.is_none() && resource_group.is_none() {
                emulator.lists.count(type_key);
            }
            known_subscription(emulator, subscription)?;
            let items = store.list(
                subscription,
                resource_group.as_deref(),
                type_key,
                parent.as_deref(),
                call.now,
            )?;
            list(emulator, call, items)
        }
        (&Method::GET, Target::Resource { key, .. }) => {
            Ok(json_response(StatusCode::OK, &store.get(key, call.now)?))
        }
        (&Method::PUT, Target::Resource { key, .. }) if is_connection(key) => {
            let body: Value = serde_json::from_slice(body).map_err(|error| {
                ArmError::bad_request(
                    "InvalidRequestContent",
                    format!(
                        "The request content was invalid and could not be deserialized: {error}"
                    ),
                )
            })?;
            Ok(json_response(
                StatusCode::OK,
                &store.update_connection(key, &body, call.now)?,
            ))
        }
        (
            &Method::DELETE,
            Target::Resource {
                key,
                subscription,
                namespace,
            },
        ) if is_connection(key) => {
            match store.delete_connection(key, call.now, emulator.config.lro_delay)? {
                None => Ok(StatusCode::NO_CONTENT.into_response()),
                Some(op) => {
                    let links =
                        OperationLinks::new(call, subscription, namespace, &op.location, &op.id);
                    let retry = match op.state(call.now) {
                        OperationState::InProgress { retry_after } => retry_after,
                        OperationState::Succeeded => 1,
                    };
                    let mut response = StatusCode::ACCEPTED.into_response();
                    links.insert(&mut response, retry);
                    Ok(response)
                }
            }
        }
        (
            &Method::GET,
            Target::Operation {
                subscription,
                namespace,
                id,
                result,
            },
        ) => {
            let op = store.operation(id, call.now).ok_or_else(|| {
                ArmError::not_found(
                    "OperationNotFound",
                    format!("The operation '{id}' could not be found."),
                )
            })?;
            poll(call, subscription, namespace, &op, *result)
        }
        (&Method::POST, Target::ResourceGraph) => {
            crate::resource_graph::query(emulator, call, body)
        }
        (&Method::GET, Target::Permissions { subscription, .. }) => {
            known_subscription(emulator, subscription)?;
            let grants = emulator.config.permissions.of(subscription);
            list(
                emulator,
                call,
                grants
                    .iter()
                    .map(crate::permissions::Permission::to_json)
                    .collect(),
            )
        }
        (&Method::GET, Target::ActivityLog { subscription }) => {
            known_subscription(emulator, subscription)?;
            let filter = call.query.get("$filter").map(String::as_str);
            let events = emulator.activity.query(subscription, filter)?;
            filtered_page(emulator, call, events, filter)
        }
        (&Method::GET, Target::Resources { subscription }) => {
            known_subscription(emulator, subscription)?;
            let filter = call.query.get("$filter").map(String::as_str);
            let types = crate::generic_resources::types_of(filter)?;
            let items = store.top_level(subscription, types.as_deref(), call.now);
            filtered_page(emulator, call, items, filter)
        }
        (&Method::PUT, Target::Resource { key, .. }) if is_top_level(key, ENDPOINTS) => {
            let body = json_body(body)?;
            let created = store.create_endpoint(call.path.trim_end_matches('/'), &body)?;
            Ok(json_response(StatusCode::CREATED, &created))
        }
        (&Method::PUT, Target::Resource { key, .. }) if is_top_level(key, SERVICES) => {
            let body = json_body(body)?;
            let created = store.create_service(call.path.trim_end_matches('/'), &body)?;
            Ok(json_response(StatusCode::CREATED, &created))
        }
        (&Method::PUT, Target::Resource { key, .. }) if crate::store::is_origin(key) => {
            let body = json_body(body)?;
            let created = store.create_origin(call.path.trim_end_matches('/'), &body)?;
            Ok(json_response(StatusCode::CREATED, &created))
        }
        (&Method::DELETE, Target::Resource { key, .. }) if crate::store::is_origin(key) => {
            Ok(deleted(store.delete_origin(key)))
        }
        (&Method::DELETE, Target::Resource { key, .. }) if is_top_level(key, ENDPOINTS) => {
            Ok(deleted(store.delete_endpoint(key)))
        }
        (&Method::DELETE, Target::Resource { key, .. }) if is_top_level(key, SERVICES) => {
            Ok(deleted(store.delete_service(key)))
        }
        (
            &Method::PUT | &Method::DELETE | &Method::PATCH,
            Target::Resource { .. } | Target::List { .. },
        ) => Err(ArmError::bad_request(
            "OperationNotSupported",
            "The emulator changes private endpoint connections and creates or deletes private endpoints, private link services and Front Door origins; other resources are read-only.",
        )),
        _ => Err(ArmError {
            status: StatusCode::METHOD_NOT_ALLOWED,
            code: "MethodNotAllowed",
            message: format!("The requested resource does not support http method '{method}'."),
            retry_after: None,
        }),
    }
}

const ENDPOINTS: &str = "/providers/microsoft.network/privateendpoints/";
const SERVICES: &str = "/providers/microsoft.network/privatelinkservices/";

/// Whether `key` is a resource of the type under `marker` itself (not one of its children).
fn is_top_level(key: &str, marker: &str) -> bool {
    key.split_once(marker)
        .is_some_and(|(_, rest)| !rest.is_empty() && !rest.contains('/'))
}

/// 200 when something was deleted, 204 when there was nothing, as ARM answers.
fn deleted(existed: bool) -> Response {
    if existed {
        StatusCode::OK.into_response()
    } else {
        StatusCode::NO_CONTENT.into_response()
    }
}

fn json_body(body: &Bytes) -> Result<Value, ArmError> {
    serde_json::from_slice(body).map_err(|error| {
        ArmError::bad_request(
            "InvalidRequestContent",
            format!("The request content was invalid and could not be deserialized: {error}"),
        )
    })
}

fn is_connection(key: &str) -> bool {
    key.rsplit_once('/')
        .is_some_and(|(rest, _)| rest.ends_with("/privateendpointconnections"))
}

fn known_subscription(emulator: &Emulator, subscription: &str) -> Result<(), ArmError> {
    match emulator.store.subscription(subscription) {
        Some(_) => Ok(()),
        None => Err(ArmError::not_found(
            "SubscriptionNotFound",
            format!("The subscription '{subscription}' could not be found."),
        )),
    }
}

fn list(emulator: &Emulator, call: &Call<'_>, items: Vec<Value>) -> Result<Response, ArmError> {
    page_of(emulator, call, items).map(|page| json_response(StatusCode::OK, &page))
}

/// A page of items a `$filter` chose; its `nextLink` keeps the filter, as Azure's does.
fn filtered_page(
    emulator: &Emulator,
    call: &Call<'_>,
    items: Vec<Value>,
    filter: Option<&str>,
) -> Result<Response, ArmError> {
    let mut page = page_of(emulator, call, items)?;
    if let (Some(filter), Some(Value::String(link))) = (filter, page.get_mut("nextLink")) {
        let encoded: String = url::form_urlencoded::byte_serialize(filter.as_bytes()).collect();
        link.push_str(&format!("&$filter={encoded}"));
    }
    Ok(json_response(StatusCode::OK, &page))
}

/// The page of `items` the call's skip token asks for, with `nextLink` when more remain.
fn page_of(emulator: &Emulator, call: &Call<'_>, items: Vec<Value>) -> Result<Value, ArmError> {
    let start = paging::position(call.query.get(SKIP_TOKEN).map(String::as_str))?;
    let link_base = format!("{}{}", call.base, call.path);
    Ok(paging::page(
        items,
        start,
        emulator.config.page_size,
        &link_base,
        &call.api_version,
    ))
}

/// The polling URLs of an operation, as NRP hands them out.
struct OperationLinks {
    async_operation: String,
    location: String,
}

impl OperationLinks {
    fn new(call: &Call<'_>, subscription: &str, namespace: &str, location: &str, id: &str) -> Self {
        let prefix = format!(
            "{}/subscriptions/{subscription}/providers/{namespace}/locations/{location}",
            call.base
        );
        Self {
            async_operation: format!("{prefix}/operations/{id}?api-version={}", call.api_version),
            location: format!(
                "{prefix}/operationResults/{id}?api-version={}",
                call.api_version
            ),
        }
    }

    fn insert(&self, response: &mut Response, retry_after: u64) {
        let headers = response.headers_mut();
        for (name, value) in [
            ("azure-asyncoperation", &self.async_operation),
            ("location", &self.location),
        ] {
            if let Ok(value) = HeaderValue::from_str(value) {
                headers.insert(name, value);
            }
        }
        headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    }
}

fn poll(
    call: &Call<'_>,
    subscription: &str,
    namespace: &str,
    op: &crate::store::Operation,
    result: bool,
) -> Result<Response, ArmError> {
    let state = op.state(call.now);
    match (state, result) {
        (OperationState::InProgress { retry_after }, false) => {
            let mut response = json_response(
                StatusCode::OK,
                &json!({ "id": op.id, "name": op.id, "status": "InProgress" }),
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
            Ok(response)
        }
        (OperationState::InProgress { retry_after }, true) => {
            let mut response = StatusCode::ACCEPTED.into_response();
            OperationLinks::new(call, subscription, namespace, &op.location, &op.id)
                .insert(&mut response, retry_after);
            Ok(response)
        }
        (OperationState::Succeeded, false) => Ok(json_response(
            StatusCode::OK,
            &json!({ "id": op.id, "name": op.id, "status": "Succeeded", "percentComplete": 100.0, "elapsedMs": op.elapsed(call.now).as_millis() as u64 }),
        )),
        (OperationState::Succeeded, true) => Ok(StatusCode::NO_CONTENT.into_response()),
    }
}
