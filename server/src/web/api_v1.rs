//! `/api/v1`: the JSON REST API over the inventory (read endpoints; actions come later).

mod openapi;
mod sync;

use axum::{Router, routing::get};

use super::AppState;

/// The `/api/v1` routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/sync", get(sync::status).post(sync::trigger))
        .route("/api/v1/subscriptions", get(sync::subscriptions))
        .route("/api/v1/openapi.json", get(openapi::openapi))
}
