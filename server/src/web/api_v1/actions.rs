//! `POST /api/v1/connections/{approve|reject|remove}` and `POST /api/v1/connections/bulk`: the
//! approver's actions, checked for role (a viewer's request is 403 whatever the UI shows) and
//! rate (the site guard has refused cross-site POSTs), then run by `actions::ActionService`.

use std::sync::Arc;

use axum::{
    Extension, Json,
    extract::{Path, State, rejection::JsonRejection},
    http::{HeaderMap, StatusCode},
};
use serde::{Deserialize, Serialize};

use crate::actions::{
    ActionError, ActionOutcome, ActionRequest, ActionService, BulkItem, BulkResult, Requester,
    select,
};
use crate::auth::Actor;
use crate::store::AuditAction;
use crate::views::ViewCache;
use crate::web::{ApiError, session::refused};

/// A bulk action: explicit items, or every connection matching a Connections query.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BulkRequest {
    /// `approve`, `reject` or `remove`.
    pub action: String,
    /// The justification, for every item.
    #[serde(default)]
    pub description: String,
    /// The connections, each with the state the user saw.
    #[serde(default)]
    pub items: Vec<BulkItem>,
    /// Instead of items: a Connections query (`state=Pending&subscription=…`); every matching
    /// connection, with the state it has in the current inventory.
    #[serde(default)]
    pub query: Option<String>,
}

/// What a bulk action did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BulkAnswer {
    /// How many succeeded.
    pub succeeded: usize,
    /// How many were skipped (nothing to do, or changed since loaded).
    pub skipped: usize,
    /// How many failed.
    pub failed: usize,
    /// One result per item, in order.
    pub results: Vec<BulkResult>,
}

/// `POST /api/v1/connections/{action}`
#[utoipa::path(post, path = "/api/v1/connections/{action}", tag = "actions",
    params(("action" = String, Path, description = "approve, reject or remove")),
    request_body = ActionRequest,
    responses((status = 200, body = ActionOutcome),
        (status = 400, description = "Bad id, description or state; unsupported resource type"),
        (status = 401, description = "No believable identity"),
        (status = 403, description = "Not an approver, or a cross-site request"),
        (status = 404, description = "Unknown connection or action"),
        (status = 409, description = "Changed since loaded, or a transition Azure refuses"),
        (status = 429, description = "Too many actions"),
        (status = 502, description = "Azure refused, with ARM's code and message"),
        (status = 503, description = "The audit cannot be written (`AuditUnavailable`): nothing was sent to Azure")))]
pub async fn act(
    State(actions): State<Arc<ActionService>>,
    Path(action): Path<String>,
    Extension(actor): Extension<Actor>,
    headers: HeaderMap,
    body: Result<Json<ActionRequest>, JsonRejection>,
) -> Result<Json<ActionOutcome>, ApiError> {
    let action = parse_action(&action)?;
    let by = admit(&actions, actor, &headers)?;
    let Json(request) = body.map_err(bad_body)?;
    actions
        .run(action, &request, &by)
        .await
        .map(Json)
        .map_err(api_error)
}

/// `POST /api/v1/connections/bulk`
#[utoipa::path(post, path = "/api/v1/connections/bulk", tag = "actions",
    request_body = BulkRequest,
    responses((status = 200, body = BulkAnswer, description = "Per-item results: one failure does not stop the others"),
        (status = 400, description = "Unknown action (not approve, reject or remove), bad description or query; too many items"),
        (status = 401, description = "No believable identity"),
        (status = 403, description = "Not an approver, or a cross-site request"),
        (status = 429, description = "Too many actions")))]
pub async fn bulk(
    State(actions): State<Arc<ActionService>>,
    State(views): State<Arc<ViewCache>>,
    Extension(actor): Extension<Actor>,
    headers: HeaderMap,
    body: Result<Json<BulkRequest>, JsonRejection>,
) -> Result<Json<BulkAnswer>, ApiError> {
    let by = admit(&actions, actor, &headers)?;
    let Json(request) = body.map_err(bad_body)?;
    // The action is in the body here, not the path: an unknown one is a bad request, not a 404.
    let action = parse_action(&request.action).map_err(|e| bad(e.message))?;
    let items = select(&views.current(), request.items, request.query.as_deref()).map_err(bad)?;
    let description =
        crate::actions::validate_description(&request.description, action != AuditAction::Remove)
            .map_err(bad)?;
    let results = actions.run_bulk(action, &items, &description, &by).await;
    let count = |word: &str| results.iter().filter(|r| r.result == word).count();
    Ok(Json(BulkAnswer {
        succeeded: count("succeeded"),
        skipped: count("skipped"),
        failed: count("failed"),
        results,
    }))
}

/// Role and rate checks (the site guard has checked the origin); who asks.
fn admit(
    actions: &ActionService,
    actor: Actor,
    headers: &HeaderMap,
) -> Result<Requester, ApiError> {
    let actor = actor.approver().map_err(|e| refused(&e))?;
    actions.admit(&actor).map_err(api_error)?;
    Ok(Requester {
        client_ip: actor.address,
        actor,
        request_id: headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    })
}

fn parse_action(text: &str) -> Result<AuditAction, ApiError> {
    AuditAction::parse(text).map_err(|_| ApiError {
        status: StatusCode::NOT_FOUND,
        code: "NotFound",
        message: format!("no action '{text}': use approve, reject or remove"),
    })
}

fn bad(message: String) -> ApiError {
    ApiError::bad_request(message)
}

fn bad_body(rejection: JsonRejection) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            code: "PayloadTooLarge",
            message: format!("the body is too large: {}", rejection.body_text()),
        };
    }
    bad(format!(
        "the body is not the expected JSON: {}",
        rejection.body_text()
    ))
}

fn api_error(error: ActionError) -> ApiError {
    ApiError {
        status: StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        code: error.code(),
        message: error.to_string(),
    }
}
