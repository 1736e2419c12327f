//! Sync status and on-demand sync: `GET /api/v1/sync`, `POST /api/v1/sync`,
//! `GET /api/v1/subscriptions`.

use std::sync::Arc;

use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use serde::Serialize;

use crate::arm::CallCounts;
use crate::inventory::{InventoryService, SubscriptionStatus, SyncProgress};

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

/// `POST /api/v1/sync`: starts a sync (or joins the one asked for); answers 202.
#[utoipa::path(post, path = "/api/v1/sync", tag = "sync", responses((status = 202, description = "A sync was asked for")))]
pub async fn trigger(State(inventory): State<Arc<InventoryService>>) -> impl IntoResponse {
    inventory.request_sync();
    (
        StatusCode::ACCEPTED,
        Json(serde_json::json!({ "status": "accepted", "progress": inventory.progress() })),
    )
}

/// `GET /api/v1/subscriptions`
#[utoipa::path(get, path = "/api/v1/subscriptions", tag = "inventory", responses((status = 200, description = "Every subscription and how its last sync went", body = [SubscriptionStatus])))]
pub async fn subscriptions(
    State(inventory): State<Arc<InventoryService>>,
) -> Json<Vec<SubscriptionStatus>> {
    Json(inventory.snapshot().statuses.clone())
}
