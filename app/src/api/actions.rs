//! The approver's actions and the audit: what an action would change, running it (a POST from
//! the confirmation page, checked on the server for origin and role like the API), and pages of
//! the audit.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::model::{ActionPreview, AuditEntry, Page};

/// What `action` would change on connection `id`.
#[server(input = GetUrl, endpoint = "preview")]
pub async fn get_preview(action: String, id: String) -> Result<ActionPreview, ServerFnError> {
    crate::backend::use_backend()?
        .preview(&action, &id)
        .map_err(super::lists::bad_request)
}

/// Runs `action` on connection `id` if it is still `expected_state`; then goes back to `back`
/// (a path of this site), where the new state shows.
#[server(endpoint = "act")]
pub async fn act(
    action: String,
    id: String,
    description: String,
    expected_state: String,
    back: String,
) -> Result<String, ServerFnError> {
    let parts = use_context::<http::request::Parts>()
        .ok_or_else(|| ServerFnError::new("no request to act for"))?;
    let message = crate::backend::use_backend()?
        .act(parts, action, id, description, expected_state)
        .await
        .map_err(ServerFnError::new)?;
    if back.starts_with('/') && !back.starts_with("//") {
        leptos_axum::redirect(&back);
    }
    Ok(message)
}

/// A page of the audit for a URL query string.
#[server(input = GetUrl, endpoint = "audit")]
pub async fn list_audit(query: String) -> Result<Page<AuditEntry>, ServerFnError> {
    crate::backend::use_backend()?
        .audit(query)
        .await
        .map_err(super::lists::bad_request)
}
