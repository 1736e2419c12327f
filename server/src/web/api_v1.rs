//! `/api/v1`: the JSON REST API over the inventory, the approver's actions and the audit.

mod actions;
mod audit;
mod layout;
mod lists;
mod openapi;
mod sync;

use axum::{
    Router,
    routing::{get, post},
};

use super::AppState;

/// The `/api/v1` routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/sync", get(sync::status).post(sync::trigger))
        .route("/api/v1/subscriptions", get(sync::subscriptions))
        .route("/api/v1/openapi.json", get(openapi::openapi))
        .route("/api/v1/private-link-services", get(lists::services))
        .route("/api/v1/private-endpoints", get(lists::endpoints))
        .route("/api/v1/connections", get(lists::connections))
        .route("/api/v1/connections/bulk", post(actions::bulk))
        .route("/api/v1/connections/{action}", post(actions::act))
        .route("/api/v1/audit", get(audit::audit))
        .route("/api/v1/findings", get(lists::findings))
        .route("/api/v1/graph", get(lists::graph))
        .route("/api/v1/graph/layout", get(layout::layout))
        .route("/export/graph.svg", get(layout::svg))
}
