//! `GET /api/v1/policies`: the approval policies in force, what each matches now and did lately,
//! their verdicts on the current Pending connections (dry-run or enforce), and how the file
//! was last reloaded; `GET /api/v1/notifications`: the notification targets and deliveries.

use std::sync::Arc;

use app::model::{NotificationsView, PoliciesView};
use axum::{Json, extract::State};

use crate::actions::ActionService;
use crate::notifications::Notifier;
use crate::service::policies as use_case;
use crate::views::ViewCache;
use crate::web::ApiError;
use crate::web::audit_query::unavailable;

/// `GET /api/v1/policies`
#[utoipa::path(get, path = "/api/v1/policies", tag = "actions", responses(
    (status = 200, body = PoliciesView, description = "The policies file in force (path, hash, mode, reload status), each policy in words with how many Pending connections it matches now and its recent actions, and each verdict with its evidence; `configured: false` without --policies"),
    (status = 500, description = "The audit store failed (`AuditUnavailable`)")
))]
pub async fn policies(
    State(views): State<Arc<ViewCache>>,
    State(actions): State<Arc<ActionService>>,
    State(notifier): State<Option<Arc<Notifier>>>,
) -> Result<Json<PoliciesView>, ApiError> {
    use_case::view(
        &views.current(),
        views.policy_file().map(Arc::as_ref),
        actions.store(),
        notifier.as_deref(),
    )
    .await
    .map(Json)
    .map_err(unavailable)
}

/// `GET /api/v1/notifications`
#[utoipa::path(get, path = "/api/v1/notifications", tag = "actions", responses(
    (status = 200, body = NotificationsView, description = "The notification targets (name, type, the host they post to, events, filter) and the latest deliveries, newest first: sent, retrying or given up, with the answer or the last failure; `configured: false` without --notifications")
))]
pub async fn notifications(
    State(notifier): State<Option<Arc<Notifier>>>,
) -> Json<NotificationsView> {
    Json(crate::notifications::view::view(notifier.as_deref()))
}
