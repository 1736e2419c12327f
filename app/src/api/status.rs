//! The status strip's data and its Refresh button, and the resource detail pages' data.

#[cfg(feature = "ssr")]
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::model::{ResourceView, StatusView};

/// Sync progress, last refresh and subscription problems.
#[server(input = GetUrl, endpoint = "status")]
pub async fn get_status() -> Result<StatusView, ServerFnError> {
    let backend = crate::backend::use_backend()?;
    let mut status = backend.status();
    if let Some(parts) = use_context::<http::request::Parts>() {
        status.session = backend.session(&parts);
    }
    Ok(status)
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

/// The detail page of resource `id`; `None` when it is not in the inventory. A connection's
/// page ends with its history: what was done to it through Link Center.
#[server(input = GetUrl, endpoint = "resource")]
pub async fn get_resource(id: String) -> Result<Option<ResourceView>, ServerFnError> {
    use crate::model::{Section, SectionBody};

    let backend = crate::backend::use_backend()?;
    let Some(mut view) = backend.resource(&id).map_err(AppError::respond)? else {
        return Ok(None);
    };
    let back = crate::model::resource_href(&view.id);
    crate::pages::connections_as_markup(&mut view, super::lists::may_act(backend.as_ref()), &back);
    let history = match backend.history(&view.id).await {
        Ok(None) => None,
        Ok(Some(entries)) => Some(SectionBody::Html(crate::pages::history_html(entries))),
        Err(error) => Some(SectionBody::Note {
            text: format!("The history cannot be read: {error}"),
            warning: true,
        }),
    };
    if let Some(body) = history {
        view.sections.push(Section {
            heading: "History".into(),
            body,
        });
    }
    Ok(Some(view))
}
