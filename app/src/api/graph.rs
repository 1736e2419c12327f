//! The Graph page's data: the figure of a scope, and the side panel of a chosen node.

#[cfg(feature = "ssr")]
use crate::error::AppError;
use crate::model::{GraphPageView, GraphPanel};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The Graph page's figure for a URL query string (its scope; `node` is ignored here).
#[server(input = GetUrl, endpoint = "graph")]
pub async fn get_graph(query: String) -> Result<GraphPageView, ServerFnError> {
    crate::backend::use_backend()?
        .graph(&query)
        .map_err(AppError::respond)
}

/// The side panel of the node `query` chooses (`node=…`), and whether this user may act on it;
/// `None` when none is chosen or it is not on the graph.
#[server(input = GetUrl, endpoint = "graph-node")]
pub async fn get_graph_node(query: String) -> Result<Option<GraphPanel>, ServerFnError> {
    let backend = crate::backend::use_backend()?;
    let node = backend.graph_node(&query).map_err(AppError::respond)?;
    let can_act =
        use_context::<http::request::Parts>().is_some_and(|parts| backend.session(&parts).can_act);
    Ok(node.map(|node| GraphPanel { node, can_act }))
}
