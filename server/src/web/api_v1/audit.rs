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
    let Query(query) = query.map_err(|e| bad(e.body_text()))?;
    let filter = filter(&query).map_err(bad)?;
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

fn bad(message: String) -> ApiError {
    ApiError::bad_query(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_read_and_bad_ones_named() {
        let query = AuditQuery {
            actor: Some(" alice ".into()),
            action: Some("Approve".into()),
            outcome: Some("failed".into()),
            from: Some("2026-11-26T09:00:00Z".into()),
            subscription: Some("".into()),
            ..AuditQuery::default()
        };
        let read = filter(&query).unwrap();
        assert_eq!(read.actor.as_deref(), Some("alice"));
        assert_eq!(read.action, Some(AuditAction::Approve));
        assert_eq!(read.result, Some(AuditResult::Failed));
        assert!(read.from.is_some() && read.to.is_none());
        assert_eq!(read.subscription, None, "a blank filter is no filter");

        let late = AuditQuery {
            from: Some("yesterday".into()),
            ..AuditQuery::default()
        };
        assert!(
            filter(&late)
                .unwrap_err()
                .contains("from 'yesterday' is not an RFC 3339 time")
        );
        let promote = AuditQuery {
            action: Some("promote".into()),
            ..AuditQuery::default()
        };
        assert!(filter(&promote).unwrap_err().contains("promote"));
    }
}
