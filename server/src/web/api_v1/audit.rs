//! `GET /api/v1/audit`: the audit records, newest first, filtered by actor, action, outcome,
//! subscription, connection and time range, paged.

use std::sync::Arc;

use app::model::{AuditEntry, Page};
use axum::{
    Json,
    extract::{RawQuery, State},
};

use crate::actions::ActionService;
use crate::web::ApiError;
use crate::web::audit_query;

/// `GET /api/v1/audit`
#[utoipa::path(get, path = "/api/v1/audit", tag = "actions", params(
        ("actor" = Option<String>, Query, description = "Who acted (any case)"),
        ("action" = Option<String>, Query, description = "approve, reject or remove"),
        ("outcome" = Option<String>, Query, description = "succeeded, failed, skipped or reconciled"),
        ("subscription" = Option<String>, Query, description = "Subscription GUIDs: repeat the parameter or separate them with commas; any of them matches"),
        ("connection" = Option<String>, Query, description = "One connection's history (its id, any case)"),
        ("from" = Option<String>, Query, description = "From (RFC 3339)"),
        ("to" = Option<String>, Query, description = "To (RFC 3339)"),
        ("offset" = Option<u32>, Query, description = "Rows to skip"),
        ("limit" = Option<u32>, Query, minimum = 1, maximum = 1000, description = "Rows to answer (default 50); like the lists, a limit outside 1–1,000 is refused")),
    responses((status = 200, body = Page<AuditEntry>, description = "A page of audit entries, newest first"),
        (status = 400, description = "A bad filter or a limit outside 1–1000, named in the message"),
        (status = 500, description = "The audit store failed (`AuditUnavailable`)")))]
pub async fn audit(
    State(actions): State<Arc<ActionService>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<AuditEntry>>, ApiError> {
    let filter = audit_query::parse(raw.as_deref().unwrap_or_default())?;
    let page = audit_query::page(actions.store(), &filter)
        .await
        .map_err(audit_query::unavailable)?;
    Ok(Json(page))
}
