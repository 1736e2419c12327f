//! The OpenAPI document of `/api/v1`, served at `/api/v1/openapi.json`.

use axum::Json;
use utoipa::OpenApi;

use super::{layout, lists, sync};

/// The API's description, assembled from the handlers' annotations.
#[derive(OpenApi)]
#[openapi(
    info(title = "Link Center API", version = "1", description = "Azure Private Link inventory, chain graph and connection actions."),
    paths(sync::status, sync::trigger, sync::subscriptions, lists::services, lists::endpoints, lists::connections, lists::findings, lists::graph, layout::layout),
    tags((name = "sync", description = "Inventory sync"), (name = "inventory", description = "What the inventory holds"))
)]
pub struct ApiDoc;

/// `GET /api/v1/openapi.json`
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
