//! Sync status and on-demand sync: `GET /api/v1/sync`, `POST /api/v1/sync`,
//! `GET /api/v1/subscriptions`.

use std::sync::Arc;
use std::time::Instant;

use axum::{
    Extension, Json,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;

use crate::arm::CallCounts;
use crate::auth::Actor;
use crate::inventory::{InventoryService, SubscriptionStatus, SyncProgress};
use crate::service::SyncRequests;
use crate::web::ApiError;

/// The sync's progress and the last snapshot's outcome.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    /// Live progress.
    pub progress: SyncProgress,
    /// Per-subscription outcome of the last sync.
    pub subscriptions: Vec<SubscriptionStatus>,
    /// Calls the last sync made.
    pub last_sync_calls: CallCounts,
    /// How long the last sync took, in milliseconds.
    pub last_sync_ms: u64,
    /// A failure of the whole last sync, if any.
    pub error: Option<String>,
}

/// `GET /api/v1/sync`
#[utoipa::path(get, path = "/api/v1/sync", tag = "sync", responses((status = 200, description = "Sync progress and the last sync's outcome per subscription", body = SyncStatus)))]
pub async fn status(State(inventory): State<Arc<InventoryService>>) -> Json<SyncStatus> {
    let snapshot = inventory.snapshot();
    Json(SyncStatus {
        progress: inventory.progress(),
        subscriptions: snapshot.statuses.clone(),
        last_sync_calls: snapshot.calls,
        last_sync_ms: snapshot.duration.as_millis() as u64,
        error: snapshot.error.clone(),
    })
}

/// `POST /api/v1/sync`: an approver starts a sync (or joins the one asked for); answers 202.
#[utoipa::path(post, path = "/api/v1/sync", tag = "sync", responses(
    (status = 202, description = "A sync was asked for"),
    (status = 403, description = "Not an approver, or a cross-site request"),
    (status = 429, description = "This user asked for a sync less than --sync-request-interval ago; Retry-After says when to ask again")))]
pub async fn trigger(
    State(inventory): State<Arc<InventoryService>>,
    State(syncs): State<Arc<SyncRequests>>,
    Extension(actor): Extension<Actor>,
) -> Response {
    match syncs.request(&actor, Instant::now()) {
        Ok(()) => (
            StatusCode::ACCEPTED,
            Json(serde_json::json!({ "status": "accepted", "progress": inventory.progress() })),
        )
            .into_response(),
        Err(error) => {
            let wait = error.retry_after();
            let refused = ApiError {
                status: StatusCode::from_u16(error.status()).unwrap_or(StatusCode::FORBIDDEN),
                code: error.code(),
                message: error.to_string(),
            };
            match wait {
                Some(wait) => (
                    [(header::RETRY_AFTER, wait.as_secs().max(1).to_string())],
                    refused,
                )
                    .into_response(),
                None => refused.into_response(),
            }
        }
    }
}

/// `GET /api/v1/subscriptions`
#[utoipa::path(get, path = "/api/v1/subscriptions", tag = "inventory", responses((status = 200, description = "Every subscription and how its last sync went", body = [SubscriptionStatus])))]
pub async fn subscriptions(
    State(inventory): State<Arc<InventoryService>>,
) -> Json<Vec<SubscriptionStatus>> {
    Json(inventory.snapshot().statuses.clone())
}
