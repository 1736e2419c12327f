//! The Graph page's data, as markup rendered on the server: the figure of a scope, and the side
//! panel of a chosen node.

#[cfg(feature = "ssr")]
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The Graph page's figure for a URL query string (its scope; `node` is ignored here): drawn and
/// escaped by the server.
#[server(input = GetUrl, endpoint = "graph")]
pub async fn get_graph(query: String) -> Result<String, ServerFnError> {
    crate::backend::use_backend()?
        .graph(&query)
        .map_err(AppError::respond)
}

/// The side panel of the node `query` chooses (`node=…`) as markup; empty when none is chosen
/// or it is not on the graph.
#[server(input = GetUrl, endpoint = "graph-node")]
pub async fn get_graph_node(query: String) -> Result<String, ServerFnError> {
    let backend = crate::backend::use_backend()?;
    let view = backend.graph_node(&query).map_err(AppError::respond)?;
    let scope = crate::components::query::with_params(&query, &[("node", None)]);
    let can_act =
        use_context::<http::request::Parts>().is_some_and(|parts| backend.session(&parts).can_act);
    let back = crate::components::query::href("/graph", &query);
    Ok(view
        .map(|view| crate::pages::panel_html(view, &scope, can_act.then_some(back.as_str())))
        .unwrap_or_default())
}
