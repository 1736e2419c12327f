//! `GET /api/v1/graph/layout` (the laid-out chain graph as JSON) and `GET /export/graph.svg`
//! (the same drawing as an SVG download), both scoped by the URL: `subscription`, `cluster`,
//! `service`, `state`, `expand`.

use std::sync::Arc;

use app::model::GraphView;
use axum::{
    Json,
    extract::{RawQuery, State},
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};

use crate::chain::{self, query::GraphQueryError};
use crate::inventory::InventoryService;
use crate::web::ApiError;

fn bad(error: GraphQueryError) -> ApiError {
    ApiError::bad_query(error.to_string())
}

fn view(inventory: &InventoryService, raw: Option<&str>) -> Result<GraphView, ApiError> {
    let scope = chain::query::parse(raw.unwrap_or_default()).map_err(bad)?;
    let snapshot = inventory.snapshot();
    chain::query::check_known(&scope, &snapshot).map_err(bad)?;
    Ok(chain::layout(&chain::build(&snapshot, &scope)))
}

/// `GET /api/v1/graph/layout`
#[utoipa::path(get, path = "/api/v1/graph/layout", tag = "inventory",
    params(("subscription" = Option<String>, Query, description = "subscription GUID; repeat or comma-separate"),
           ("cluster" = Option<String>, Query, description = "AKS cluster resource id"),
           ("service" = Option<String>, Query, description = "private link service resource id"),
           ("state" = Option<String>, Query, description = "Pending, Approved, Rejected or Disconnected; repeatable"),
           ("expand" = Option<String>, Query, description = "key of a group node to show one connection at a time; repeatable")),
    responses((status = 200, body = GraphView), (status = 400, description = "A bad parameter, named in the message")))]
pub async fn layout(
    State(inventory): State<Arc<InventoryService>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<GraphView>, ApiError> {
    view(&inventory, raw.as_deref()).map(Json)
}

/// `GET /export/graph.svg`: the drawing, to save.
pub async fn svg(
    State(inventory): State<Arc<InventoryService>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let svg = app::components::svg_document(view(&inventory, raw.as_deref())?);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("image/svg+xml; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"link-center-graph.svg\""),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        svg,
    )
        .into_response())
}
