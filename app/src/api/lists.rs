//! The list pages' and the Overview's data: each function hands the page's URL query to the
//! `Backend` and returns one page of rows (or the message naming the bad parameter). Rows
//! arrive as markup rendered on the server by the pages' own row views, so the browser bundle
//! holds neither their decoders nor their views.

#[cfg(feature = "ssr")]
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::model::Page;

/// A page of private link services for a URL query string.
#[server(input = GetUrl, endpoint = "services")]
pub async fn list_services(query: String) -> Result<Page<String>, ServerFnError> {
    let page = crate::backend::use_backend()?
        .services(&query)
        .map_err(AppError::respond)?;
    Ok(page.map(crate::pages::service_row_html))
}

/// A page of private endpoints for a URL query string.
#[server(input = GetUrl, endpoint = "endpoints")]
pub async fn list_endpoints(query: String) -> Result<Page<String>, ServerFnError> {
    let page = crate::backend::use_backend()?
        .endpoints(&query)
        .map_err(AppError::respond)?;
    Ok(page.map(crate::pages::endpoint_row_html))
}

/// A page of connections for a URL query string, on the list page at `path` (where the action
/// links return, with the query).
#[server(input = GetUrl, endpoint = "connections")]
pub async fn list_connections(query: String, path: String) -> Result<Page<String>, ServerFnError> {
    let backend = crate::backend::use_backend()?;
    let page = backend.connections(&query).map_err(AppError::respond)?;
    let can_act = may_act(backend.as_ref());
    let back = crate::components::query::href(&path, &query);
    Ok(page.map(|row| crate::pages::connection_row_html(row, can_act, true, &back)))
}

/// The Overview page's body, as markup.
#[server(input = GetUrl, endpoint = "overview")]
pub async fn get_overview() -> Result<String, ServerFnError> {
    Ok(crate::pages::overview_html(
        crate::backend::use_backend()?.overview(),
    ))
}

/// Whether the user of this request may approve, reject and remove.
#[cfg(feature = "ssr")]
pub(super) fn may_act(backend: &dyn crate::backend::Backend) -> bool {
    use_context::<http::request::Parts>().is_some_and(|parts| backend.session(&parts).can_act)
}
