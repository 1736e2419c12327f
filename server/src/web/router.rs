//! The router: health, the JSON API fallback, Leptos pages and server functions, static files.

use app::{App, shell};
use axum::{
    Router,
    routing::{any, get},
};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};

use super::{AppState, api_error::api_not_found, health, layers};

/// Builds the whole HTTP surface of `linkcenter serve`.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let backend = state.backend.clone();
    let context = move || provide_context(backend.clone());
    let options = state.leptos_options.clone();
    let page_shell = move || shell(options.clone());
    let router = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/api", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found))
        .leptos_routes_with_context(&state, routes, context.clone(), page_shell)
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        .with_state(state);
    layers::apply(router)
}
