//! `/healthz` (the process answers) and `/readyz` (it has data to show, and can record actions).

use std::sync::Arc;

use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use serde_json::json;

use super::Readiness;
use crate::actions::ActionService;

/// Liveness: always 200 while the process serves requests.
pub async fn healthz() -> impl IntoResponse {
    Json(json!({ "status": "ok" }))
}

/// Readiness: 200 once ready, 503 before, and 503 while the audit cannot be written (no action
/// could be taken).
pub async fn readyz(
    State(readiness): State<Readiness>,
    State(actions): State<Arc<ActionService>>,
) -> impl IntoResponse {
    if let Err(error) = actions.store().writable() {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "auditUnavailable", "reason": error.to_string() })),
        )
    } else if readiness.is_ready() {
        (StatusCode::OK, Json(json!({ "status": "ready" })))
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "starting" })),
        )
    }
}
