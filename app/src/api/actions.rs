//! The approver's actions and the audit: what a set of actions would change (`get_plan`),
//! running them (`act`, posted by the confirmation page's plain form and checked on the server
//! for origin and role like the API), what they did (`get_report`), and pages of the audit.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::model::{ActionPlan, ActionReport, AuditEntry, Page};

/// What `action` would change on the connections `ids` (separated by spaces or newlines), or on every
/// connection the connections list query `filter` matches.
#[server(input = GetUrl, endpoint = "plan")]
pub async fn get_plan(
    action: String,
    ids: String,
    filter: String,
) -> Result<ActionPlan, ServerFnError> {
    let ids: Vec<String> = lines(&ids);
    let filter = Some(filter).filter(|f| !f.trim().is_empty());
    crate::backend::use_backend()?
        .plan(&action, &ids, filter.as_deref())
        .map_err(super::lists::bad_request)
}

/// Runs a confirmed action, then sends the browser on: back to `back` (a path of this site)
/// with `done=<report id>` once each connection has its result, or back to the confirmation
/// page with `error=<why>` when nothing was tried. Lists (`ids`, `states`) are
/// separated by spaces, as the form carries them.
#[server(endpoint = "act")]
pub async fn act(
    action: String,
    ids: String,
    states: String,
    filter: String,
    count: String,
    description: String,
    back: String,
) -> Result<(), ServerFnError> {
    use crate::components::query::{encode, with_params};

    let back = if back.starts_with('/') && !back.starts_with("//") {
        back
    } else {
        "/connections".to_owned()
    };
    let retry = confirm_again(&action, &ids, &filter, &back);
    let parts = use_context::<http::request::Parts>()
        .ok_or_else(|| ServerFnError::new("no request to act for"))?;
    let request = crate::backend::ActRequest {
        action,
        ids: lines(&ids),
        states: lines(&states),
        filter: Some(filter).filter(|f| !f.trim().is_empty()),
        count: count.trim().parse().ok(),
        description,
    };
    let to = |path: String, key: &str, value: &str| {
        let (path, search) = path.split_once('?').unwrap_or((&path, ""));
        crate::components::query::href(path, &with_params(search, &[(key, Some(&encode(value)))]))
    };
    let next = match crate::backend::use_backend()?.act(parts, request).await {
        Ok(report) => to(back, "done", &report),
        Err(error) => to(retry, "error", &error),
    };
    leptos_axum::redirect(&next);
    Ok(())
}

/// What the request with report id `id` did, while the server keeps it.
#[server(input = GetUrl, endpoint = "report")]
pub async fn get_report(id: String) -> Result<Option<ActionReport>, ServerFnError> {
    Ok(crate::backend::use_backend()?.report(&id))
}

/// A page of the audit for a URL query string.
#[server(input = GetUrl, endpoint = "audit")]
pub async fn list_audit(query: String) -> Result<Page<AuditEntry>, ServerFnError> {
    crate::backend::use_backend()?
        .audit(query)
        .await
        .map_err(super::lists::bad_request)
}

/// The confirmation page of the same request, to show why nothing was tried.
#[cfg(feature = "ssr")]
fn confirm_again(action: &str, ids: &str, filter: &str, back: &str) -> String {
    use crate::components::query::encode;
    let mut query: Vec<String> = lines(ids)
        .iter()
        .map(|id| format!("id={}", encode(id)))
        .collect();
    if !filter.trim().is_empty() {
        query.push(format!("filter={}", encode(filter)));
    }
    query.push(format!("back={}", encode(back)));
    format!("/confirm/{}?{}", encode(action), query.join("&"))
}

/// The words of a form field (resource ids and states hold no spaces).
#[cfg(feature = "ssr")]
fn lines(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}
