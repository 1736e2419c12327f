//! `GET /api/v1/changes`: the change feed — what changed between syncs, who made it when known
//! — filtered and paged like the audit.

use std::sync::Arc;

use app::model::{ChangeEntry, ChangeQuery, Page};
use axum::{Json, extract::RawQuery, extract::State};

use crate::actions::ActionService;
use crate::service::changes as use_case;
use crate::web::ApiError;
use crate::web::audit_query::unavailable;

/// `GET /api/v1/changes`
#[utoipa::path(get, path = "/api/v1/changes", tag = "history",
    params(
        ("subscription" = Option<String>, Query, description = "Subscription GUIDs: repeat the parameter or separate them with commas; any of them matches"),
        ("service" = Option<String>, Query, description = "One private link service's changes (its id, any case)"),
        ("connection" = Option<String>, Query, description = "One connection's changes (its id, any case)"),
        ("kind" = Option<String>, Query, description = "Kinds of change, repeated or comma-separated: connectionAppeared, stateChanged, descriptionChanged, connectionGone, serviceAppeared, serviceRecreated, serviceGone, frontendLost, subscriptionUnreadable, subscriptionReadable"),
        ("who" = Option<String>, Query, description = "Who made them: a Link Center user or policy:<name> as the audit names them; `unknown` for changes nobody is known to have made"),
        ("from" = Option<String>, Query, description = "Seen at or after (RFC 3339)"),
        ("to" = Option<String>, Query, description = "Seen at or before (RFC 3339)"),
        ("offset" = Option<u32>, Query, description = "Rows to skip"),
        ("limit" = Option<u32>, Query, minimum = 1, maximum = 1000, description = "Rows to answer (default 50); outside 1–1,000 is refused")),
    responses((status = 200, body = Page<ChangeEntry>, description = "A page of changes, newest first: each seen by the sync that finished at `seenAt` and not by the one before (`seenAfter`)"),
        (status = 400, description = "A bad filter, named in the message"),
        (status = 500, description = "The store failed (`AuditUnavailable`)")))]
pub async fn changes(
    State(actions): State<Arc<ActionService>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<ChangeEntry>>, ApiError> {
    let query = ChangeQuery::parse(raw.as_deref().unwrap_or_default())?;
    let page = use_case::page(actions.store(), &query)
        .await
        .map_err(unavailable)?;
    Ok(Json(page))
}
