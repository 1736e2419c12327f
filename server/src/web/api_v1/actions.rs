//! `POST /api/v1/connections/{approve|reject|remove}`, `POST /api/v1/connections/bulk` (a job,
//! answered 202) and `GET /api/v1/jobs/{id}`: the approver's actions, checked for role (a
//! viewer's request is 403 whatever the UI shows) and rate (the site guard has refused
//! cross-site POSTs) and, for an API token limited to subscriptions, for scope (a connection
//! elsewhere is 403; a query only matches its subscriptions; only its own jobs are shown), then
//! run by `actions::ActionService`.

use std::sync::Arc;

use std::time::Duration;

use axum::{
    Extension, Json,
    extract::{Path, Query, State, rejection::JsonRejection},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use crate::actions::{
    ActionError, ActionOutcome, ActionRequest, ActionService, BulkItem, JobView, Requester, select,
};
use crate::arm::ResourceId;
use crate::auth::Actor;
use crate::store::AuditAction;
use crate::views::ViewCache;
use crate::web::ApiError;

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

/// How long `GET /api/v1/jobs/{id}` may wait for the job to end.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JobWait {
    /// Seconds to wait for the job to end before answering (0–60; 0, the default, answers at
    /// once).
    #[serde(default)]
    pub wait: u64,
}

/// The longest wait `GET /api/v1/jobs/{id}` accepts.
const MAX_WAIT: u64 = 60;

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
    requester: Requester,
    body: Result<Json<ActionRequest>, JsonRejection>,
) -> Result<Json<ActionOutcome>, ApiError> {
    let action = parse_action(&action)?;
    let by = actions.admit(requester).map_err(api_error)?;
    let Json(request) = body.map_err(bad_body)?;
    in_scope(&by.actor, [request.id.as_str()])?;
    actions
        .run(action, &request, &by)
        .await
        .map(Json)
        .map_err(api_error)
}

/// `POST /api/v1/connections/bulk`: starts a job; its progress and results are at
/// `GET /api/v1/jobs/{id}` (the `Location`).
#[utoipa::path(post, path = "/api/v1/connections/bulk", tag = "actions",
    request_body = BulkRequest,
    responses((status = 202, body = JobView, description = "The job, started: one item after another, each audited; one failure does not stop the others",
            headers(("location" = String, description = "`/api/v1/jobs/{id}`"))),
        (status = 400, description = "Unknown action (not approve, reject or remove), bad description or query; too many items"),
        (status = 401, description = "No believable identity"),
        (status = 403, description = "Not an approver, or a cross-site request"),
        (status = 429, description = "Too many actions"),
        (status = 503, description = "The audit cannot be written (`AuditUnavailable`): nothing was started")))]
pub async fn bulk(
    State(actions): State<Arc<ActionService>>,
    State(views): State<Arc<ViewCache>>,
    requester: Requester,
    body: Result<Json<BulkRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let by = actions.admit(requester).map_err(api_error)?;
    let Json(request) = body.map_err(bad_body)?;
    // The action is in the body here, not the path: an unknown one is a bad request, not a 404.
    let action = parse_action(&request.action).map_err(|e| bad(e.message))?;
    let from_query = request.query.is_some();
    if !from_query {
        in_scope(&by.actor, request.items.iter().map(|i| i.id.as_str()))?;
    }
    let mut items =
        select(&views.current(), request.items, request.query.as_deref()).map_err(bad)?;
    if from_query && by.actor.scope.is_limited() {
        items.retain(|item| subscription_of(&item.id).is_some_and(|s| by.actor.scope.allows(&s)));
        if items.is_empty() {
            return Err(bad(format!(
                "no connections in {} match the query",
                by.actor.scope
            )));
        }
    }
    let description =
        crate::actions::validate_description(&request.description, action != AuditAction::Remove)
            .map_err(bad)?;
    let id = actions
        .start_bulk(action, items, description, by)
        .await
        .map_err(api_error)?;
    let job = found(actions.job(&id).await.map_err(api_error)?, &id)?;
    Ok((
        StatusCode::ACCEPTED,
        [(header::LOCATION, format!("/api/v1/jobs/{id}"))],
        Json(job),
    )
        .into_response())
}

/// `GET /api/v1/jobs/{id}`
#[utoipa::path(get, path = "/api/v1/jobs/{id}", tag = "actions",
    params(("id" = String, Path, description = "The job's id, from the bulk answer"), JobWait),
    responses((status = 200, body = JobView, description = "The job's progress and the result of each item so far"),
        (status = 400, description = "A wait over 60 s"),
        (status = 404, description = "No such job")))]
pub async fn job(
    State(actions): State<Arc<ActionService>>,
    Path(id): Path<String>,
    Extension(actor): Extension<Actor>,
    wait: Result<Query<JobWait>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<JobView>, ApiError> {
    let Query(wait) = wait.map_err(|e| ApiError::bad_query(e.body_text()))?;
    if wait.wait > MAX_WAIT {
        return Err(ApiError::bad_query(format!(
            "wait must be a whole number of seconds from 0 to {MAX_WAIT}, got {}",
            wait.wait
        )));
    }
    actions.wait_job(&id, Duration::from_secs(wait.wait)).await;
    let job = actions.job(&id).await.map_err(api_error)?;
    // A limited token sees its own jobs only; another's is as unknown to it as no job.
    let job = job.filter(|job| !actor.scope.is_limited() || job.actor == actor.name);
    found(job, &id).map(Json)
}

/// Refuses with 403 when `actor` is limited to subscriptions and any of `ids` is elsewhere
/// (an id that does not parse is left to the action, which refuses it as a bad request).
fn in_scope<'a>(actor: &Actor, ids: impl IntoIterator<Item = &'a str>) -> Result<(), ApiError> {
    if !actor.scope.is_limited() {
        return Ok(());
    }
    for id in ids {
        if let Some(subscription) = subscription_of(id) {
            actor
                .in_scope(&subscription, || format!("it may not act on {id}"))
                .map_err(|e| crate::web::session::refused(&e))?;
        }
    }
    Ok(())
}

/// The subscription GUID of a connection id, when it parses.
fn subscription_of(id: &str) -> Option<String> {
    ResourceId::parse(id)
        .ok()
        .map(|id| id.subscription().to_owned())
}

/// The job, or 404 naming it.
fn found(job: Option<JobView>, id: &str) -> Result<JobView, ApiError> {
    job.ok_or_else(|| ApiError {
        status: StatusCode::NOT_FOUND,
        code: "JobNotFound",
        message: format!("no job {id}"),
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
