//! The status every page shows (read on the server for the page, and asked for again by the
//! status strip island), its Refresh button, and the resource detail pages' data.

#[cfg(feature = "ssr")]
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::model::{ResourceView, StatusView, StripView};

/// The status for this request, with who is looking: sync progress, last refresh, subscription
/// problems and the subscriptions the filters offer. Server only (`None` in the browser).
pub fn current_status() -> Option<StatusView> {
    #[cfg(feature = "ssr")]
    {
        let backend = crate::backend::use_backend().ok()?;
        let mut status = backend.status();
        if let Some(parts) = use_context::<http::request::Parts>() {
            status.session = backend.session(&parts);
        }
        Some(status)
    }
    #[cfg(not(feature = "ssr"))]
    None
}

/// What the status strip shows: sync progress, last refresh, subscription problems, who is
/// looking — prepared for it.
#[server(input = GetUrl, endpoint = "status")]
pub async fn get_strip_status() -> Result<StripView, ServerFnError> {
    current_status()
        .as_ref()
        .map(StripView::of)
        .ok_or_else(|| ServerFnError::new("the server has no backend in context"))
}

/// Starts a sync now for the signed-in approver (at most once per interval). Posted by the
/// Refresh button (a plain form without JavaScript: the server answers with a redirect back to
/// the page).
#[server(endpoint = "refresh")]
pub async fn refresh_inventory() -> Result<(), ServerFnError> {
    let parts = use_context::<http::request::Parts>()
        .ok_or_else(|| ServerFnError::new("no request to refresh for"))?;
    crate::backend::use_backend()?
        .request_sync(&parts)
        .map_err(AppError::respond)
}

/// The detail page of resource `id`; `None` when it is not in the inventory. A service's page
/// charts its connections over time; a connection's ends with its history (what was done to it
/// through Link Center) and its changes (what the change feed saw, whoever made them).
#[server(input = GetUrl, endpoint = "resource")]
pub async fn get_resource(id: String) -> Result<Option<ResourceView>, ServerFnError> {
    crate::backend::use_backend()?
        .resource_page(&id)
        .await
        .map_err(AppError::respond)
}
