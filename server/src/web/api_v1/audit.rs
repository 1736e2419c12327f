//! `GET /api/v1/audit`: the audit records, newest first, filtered by actor, action, outcome,
//! subscription, connection and time range, paged.

use std::sync::Arc;

use app::model::{AuditEntry, Page};
use axum::{
    Json,
    extract::{Query, State, rejection::QueryRejection},
};

use crate::actions::ActionService;
use crate::web::ApiError;
use crate::web::audit_query::{self, AuditQuery, filter};

/// `GET /api/v1/audit`
#[utoipa::path(get, path = "/api/v1/audit", tag = "actions", params(AuditQuery),
    responses((status = 200, body = Page<AuditEntry>, description = "A page of audit entries, newest first"),
        (status = 400, description = "A bad filter or a limit outside 1–1000, named in the message"),
        (status = 500, description = "The audit store failed (`AuditUnavailable`)")))]
pub async fn audit(
    State(actions): State<Arc<ActionService>>,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<Json<Page<AuditEntry>>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::bad_query(e.body_text()))?;
    let filter = filter(&query).map_err(ApiError::bad_query)?;
    let page = audit_query::page(actions.store(), &filter)
        .await
        .map_err(audit_query::unavailable)?;
    Ok(Json(page))
}
