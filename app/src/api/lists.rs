//! The list pages' and the Overview's data: each function hands the page's URL query to the
//! `Backend` and returns one typed page of rows (or the message naming the bad parameter, with
//! its status), or the Overview's totals and their history. Called on the server while the
//! page renders.

#[cfg(feature = "ssr")]
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::model::{ConnectionRow, CountSeries, EndpointRow, Overview, Page, ServiceRow};

/// A page of private link services for a URL query string.
#[server(input = GetUrl, endpoint = "services")]
pub async fn list_services(query: String) -> Result<Page<ServiceRow>, ServerFnError> {
    crate::backend::use_backend()?
        .services(&query)
        .map_err(AppError::respond)
}

/// A page of private endpoints for a URL query string.
#[server(input = GetUrl, endpoint = "endpoints")]
pub async fn list_endpoints(query: String) -> Result<Page<EndpointRow>, ServerFnError> {
    crate::backend::use_backend()?
        .endpoints(&query)
        .map_err(AppError::respond)
}

/// A page of connections for a URL query string.
#[server(input = GetUrl, endpoint = "connections")]
pub async fn list_connections(query: String) -> Result<Page<ConnectionRow>, ServerFnError> {
    crate::backend::use_backend()?
        .connections(&query)
        .map_err(AppError::respond)
}

/// The Overview page's data.
#[server(input = GetUrl, endpoint = "overview")]
pub async fn get_overview() -> Result<Overview, ServerFnError> {
    Ok(crate::backend::use_backend()?.overview())
}

/// The estate's connections by state over the last 30 days, for the Overview's chart.
#[server(input = GetUrl, endpoint = "estate-history")]
pub async fn get_estate_history() -> Result<CountSeries, ServerFnError> {
    crate::backend::use_backend()?
        .estate_history()
        .await
        .map_err(AppError::respond)
}
