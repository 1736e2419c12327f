//! The OpenAPI document of `/api/v1`, served at `/api/v1/openapi.json`.

use axum::Json;
use utoipa::OpenApi;

use super::{actions, audit, layout, lists, sync};

/// The API's description, assembled from the handlers' annotations.
#[derive(OpenApi)]
#[openapi(
    info(title = "Link Center API", version = "1", description = "Azure Private Link inventory, chain graph and connection actions."),
    paths(sync::status, sync::trigger, sync::subscriptions, lists::services, lists::endpoints, lists::connections, lists::findings, lists::graph, layout::layout, actions::act, actions::bulk, audit::audit),
    tags((name = "sync", description = "Inventory sync"), (name = "inventory", description = "What the inventory holds"), (name = "actions", description = "Approve, reject and remove connections; the audit of every action"))
)]
pub struct ApiDoc;

/// `GET /api/v1/openapi.json`
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
