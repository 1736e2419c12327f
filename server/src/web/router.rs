//! The router: health, the JSON API fallback, Leptos pages and server functions, static files.

use app::{App, shell};
use axum::{
    Router,
    routing::{any, get},
};
use leptos::prelude::provide_context;
use std::sync::OnceLock;

use leptos_axum::{
    AxumRouteListing, LeptosRoutes, file_and_error_handler_with_context, generate_route_list,
};

use super::{
    AppState, api_error::api_not_found, api_v1, export, guard, health, layers, metrics, server_fns,
    session, sign_in, site,
};

/// Builds the whole HTTP surface of `linkcenter serve`.
pub fn router(state: AppState, request_timeout: std::time::Duration) -> Router {
    let routes = route_list();
    let backend = state.backend.clone();
    let context = move || provide_context(backend.clone());
    let options = state.leptos_options.clone();
    let page_shell = move || shell(options.clone());
    let identity = std::sync::Arc::new(session::Identity {
        settings: state.auth.clone(),
        store: state.actions.store().clone(),
        sign_in: state.sign_in.clone(),
    });
    let site = state.site.clone();
    let router = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::metrics))
        .merge(api_v1::routes())
        .merge(
            state
                .sign_in
                .clone()
                .map(sign_in::routes)
                .unwrap_or_default(),
        )
        .route("/export/{file}", get(export::export))
        .route("/api", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found))
        .leptos_routes_with_context(&state, routes, context.clone(), page_shell)
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        // Server functions' client errors: 413 for a huge body, 400 for a bad argument.
        .layer(axum::middleware::from_fn(server_fns::client_errors))
        .layer(axum::middleware::from_fn_with_state(
            identity,
            session::identify_actor,
        ))
        .layer(axum::middleware::from_fn(site::cache_headers))
        // Outside identification: a foreign host or origin is refused before anything else.
        .layer(axum::middleware::from_fn_with_state(site, guard::guard))
        .with_state(state);
    layers::apply(router, request_timeout)
}

/// Leptos' route list, generated once per process. Generating it renders the app in a special
/// mode; a page rendered at the same time on another thread waits forever (seen in parallel
/// router tests), so it must never run twice.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}
