//! `GET /api/v1/audit`: the audit records, newest first, filtered by actor, action, outcome,
//! subscription, connection and time range, paged.

use std::sync::Arc;

use app::model::{AuditEntry, Page};
use axum::{
    Json,
    extract::{Query, State, rejection::QueryRejection},
    http::StatusCode,
};

use crate::actions::ActionService;
use crate::web::ApiError;
use crate::web::audit_query::{AuditQuery, entry, filter};

/// `GET /api/v1/audit`
#[utoipa::path(get, path = "/api/v1/audit", tag = "actions", params(AuditQuery),
    responses((status = 200, description = "A page of audit entries, newest first"),
        (status = 400, description = "A bad filter, named in the message")))]
pub async fn audit(
    State(actions): State<Arc<ActionService>>,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<Json<Page<AuditEntry>>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::bad_query(e.body_text()))?;
    let filter = filter(&query).map_err(ApiError::bad_query)?;
    let page = actions.store().query(&filter).await.map_err(|e| ApiError {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        code: "AuditUnavailable",
        message: e.to_string(),
    })?;
    Ok(Json(Page {
        total: usize::try_from(page.total).unwrap_or(usize::MAX),
        offset: filter.offset as usize,
        limit: filter.page_size() as usize,
        items: page.items.iter().map(entry).collect(),
    }))
}
