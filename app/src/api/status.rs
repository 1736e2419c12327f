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

/// How many changes a connection's page lists.
#[cfg(feature = "ssr")]
const CONNECTION_CHANGES: u32 = 20;

/// The detail page of resource `id`; `None` when it is not in the inventory. A connection's
/// page ends with its history (what was done to it through Link Center) and its changes (what
/// the change feed saw, whoever made them).
#[server(input = GetUrl, endpoint = "resource")]
pub async fn get_resource(id: String) -> Result<Option<ResourceView>, ServerFnError> {
    use crate::model::{Section, SectionBody};

    let backend = crate::backend::use_backend()?;
    let Some(mut view) = backend.resource(&id).map_err(AppError::respond)? else {
        return Ok(None);
    };
    let history = match backend.history(&view.id).await {
        Ok(None) => None,
        Ok(Some(entries)) => Some(SectionBody::History(entries)),
        Err(error) => Some(SectionBody::Note {
            text: format!("The history cannot be read: {error}"),
            warning: true,
        }),
    };
    if view
        .id
        .to_ascii_lowercase()
        .contains("/providers/microsoft.network/privatelinkservices/")
        && !view.is_connection()
    {
        // After the properties and the chain, before the connections table.
        let body = match backend.service_counts(&view.id).await {
            Ok(series) => SectionBody::Counts {
                title: format!("Connections of {} over time", view.title),
                series,
            },
            Err(error) => SectionBody::Note {
                text: format!("The counts cannot be read: {error}"),
                warning: true,
            },
        };
        let at = view
            .sections
            .iter()
            .position(|s| matches!(s.body, SectionBody::Connections(_)))
            .unwrap_or(view.sections.len());
        view.sections.insert(
            at,
            Section {
                heading: "Connections over time (last 30 days)".into(),
                body,
            },
        );
    }
    if let Some(body) = history {
        view.sections.push(Section {
            heading: "History".into(),
            body,
        });
        // Beside what Link Center did: every change seen, whoever made it.
        let query = crate::model::ChangeQuery {
            connection: Some(view.id.clone()),
            limit: CONNECTION_CHANGES,
            ..crate::model::ChangeQuery::default()
        };
        let body = match backend.changes(query.encode()).await {
            Ok(page) => SectionBody::Changes(page.items),
            Err(error) => SectionBody::Note {
                text: format!("The changes cannot be read: {error}"),
                warning: true,
            },
        };
        view.sections.push(Section {
            heading: "Changes".into(),
            body,
        });
    }
    Ok(Some(view))
}
