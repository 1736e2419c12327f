//! `/api/v1`: the JSON REST API over the inventory, the approver's actions, the audit, the
//! approval policies, the change feed and the live events.
//! Each operation is routed from its handler's `#[utoipa::path]` (`utoipa-axum`'s `routes!`), so
//! the document at `/api/v1/openapi.json` lists exactly the routes served.

mod actions;
mod audit;
mod changes;
mod events;
mod history;
mod layout;
mod lists;
mod openapi;
mod policies;
mod sync;

use axum::{Router, routing::get};
use utoipa::OpenApi;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::AppState;

/// The `/api/v1` routes, the document describing them, and the chain graph's SVG export.
pub fn routes() -> Router<AppState> {
    let (router, document) = api().split_for_parts();
    router
        .route(openapi::PATH, openapi::serve(openapi::finish(document)))
        .route("/export/graph.svg", get(layout::svg))
}

/// The documented operations: one `routes!` per path (it routes every handler it is given on
/// every path among them).
fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(sync::status, sync::trigger))
        .routes(routes!(sync::subscriptions))
        .routes(routes!(lists::services))
        .routes(routes!(lists::endpoints))
        .routes(routes!(lists::connections))
        .routes(routes!(actions::bulk))
        .routes(routes!(actions::act))
        .routes(routes!(actions::job))
        .routes(routes!(audit::audit))
        .routes(routes!(changes::changes))
        .routes(routes!(events::events))
        .routes(routes!(history::service))
        .routes(routes!(history::subscription))
        .routes(routes!(policies::policies))
        .routes(routes!(policies::notifications))
        .routes(routes!(lists::findings))
        .routes(routes!(lists::graph))
        .routes(routes!(layout::layout))
}

/// The OpenAPI document of `/api/v1`, as served.
#[cfg(test)]
pub(super) fn document() -> utoipa::openapi::OpenApi {
    openapi::finish(api().into_openapi())
}
