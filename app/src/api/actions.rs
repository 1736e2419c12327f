//! The approver's actions and the audit: what a set of actions would change (`get_plan`),
//! running them (`act`, posted by the confirmation page's plain form and checked on the server
//! for origin and role like the API), what they did (`get_report`), pages of the audit and of
//! the change feed, and the approval policies.
//! `job_progress` is what the job progress island asks for while a bulk job runs.

#[cfg(feature = "ssr")]
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use crate::components::query::back_or_default;
use crate::model::{
    ActionPlan, ActionReport, AuditEntry, ChangeEntry, FindingsPage, JobProgress, Page,
    PoliciesView, TokenView,
};

/// What `action` would change on the connections `ids` (separated by spaces or newlines), or
/// on every connection the connections list query `filter` matches.
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
        .map_err(AppError::respond)
}

/// Runs a confirmed action, then sends the browser on: back to `back` (a path of this site, see
/// `safe_back`; else the Connections list) with `done=<report id>` once each connection has its
/// result, or back to the confirmation page with `error=<why>` when nothing was tried. Lists
/// (`ids`, `states`) are separated by spaces, as the form carries them.
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
    use crate::components::query::{DEFAULT_BACK, encode, with_params};

    // Checked before anything is done: the answer must be a redirect to this site.
    let back = back_or_default(&back);
    let back = if action == "remove" {
        crate::components::query::after_removal(&back)
    } else {
        back
    };
    let retry = confirm_again(&action, &ids, &filter, &back, &description);
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
        Err(error) => to(retry, "error", &error.message),
    };
    // Every part is checked or encoded above; should one still not fit a header, leptos_axum
    // would panic after the action ran, so the list it is instead.
    let next = Some(next)
        .filter(|next| http::HeaderValue::from_str(next).is_ok())
        .unwrap_or_else(|| DEFAULT_BACK.to_owned());
    leptos_axum::redirect(&next);
    Ok(())
}

/// What the job with id `id` has done so far; `None` for a job this server does not know.
#[server(input = GetUrl, endpoint = "report")]
pub async fn get_report(id: String) -> Result<Option<ActionReport>, ServerFnError> {
    Ok(crate::backend::use_backend()?.report(&id).await)
}

/// How far the job with id `id` got (`None` for an unknown job): what the progress island
/// polls, small whatever the job's size.
#[server(input = GetUrl, endpoint = "job-progress")]
pub async fn get_job_progress(id: String) -> Result<Option<JobProgress>, ServerFnError> {
    let report = crate::backend::use_backend()?.report(&id).await;
    Ok(report.as_ref().map(JobProgress::of))
}

/// A page of the audit for a URL query string.
#[server(input = GetUrl, endpoint = "audit")]
pub async fn list_audit(query: String) -> Result<Page<AuditEntry>, ServerFnError> {
    crate::backend::use_backend()?
        .audit(query)
        .await
        .map_err(AppError::respond)
}

/// A page of the change feed for a URL query string (the Changes page).
#[server(input = GetUrl, endpoint = "changes")]
pub async fn list_changes(query: String) -> Result<Page<ChangeEntry>, ServerFnError> {
    crate::backend::use_backend()?
        .changes(query)
        .await
        .map_err(AppError::respond)
}

/// The findings a URL query string keeps (`severity=…&kind=…&subscription=…`), with counts by
/// kind (the Findings page).
#[server(input = GetUrl, endpoint = "findings")]
pub async fn list_findings(query: String) -> Result<FindingsPage, ServerFnError> {
    crate::backend::use_backend()?
        .findings(query)
        .await
        .map_err(AppError::respond)
}

/// The approval policies in force and what they match and did (the Policies page).
#[server(input = GetUrl, endpoint = "policies")]
pub async fn get_policies() -> Result<PoliciesView, ServerFnError> {
    crate::backend::use_backend()?
        .policies()
        .await
        .map_err(AppError::respond)
}

/// The API tokens, for approvers (the Policies page's API tokens section); `None` for others.
#[server(input = GetUrl, endpoint = "tokens")]
pub async fn list_tokens() -> Result<Option<Vec<TokenView>>, ServerFnError> {
    let parts = use_context::<http::request::Parts>()
        .ok_or_else(|| ServerFnError::new("no request to answer"))?;
    crate::backend::use_backend()?
        .tokens(&parts)
        .await
        .map_err(AppError::respond)
}

/// The confirmation page of the same request, to show why nothing was tried.
#[cfg(feature = "ssr")]
fn confirm_again(action: &str, ids: &str, filter: &str, back: &str, description: &str) -> String {
    use crate::components::query::encode;
    let mut query: Vec<String> = lines(ids)
        .iter()
        .map(|id| format!("id={}", encode(id)))
        .collect();
    if !filter.trim().is_empty() {
        query.push(format!("filter={}", encode(filter)));
    }
    query.push(format!("back={}", encode(back)));
    if !description.is_empty() {
        // What the user wrote is kept, to correct rather than retype.
        query.push(format!("description={}", encode(description)));
    }
    format!("/confirm/{}?{}", encode(action), query.join("&"))
}

/// The words of a form field (resource ids and states hold no spaces).
#[cfg(feature = "ssr")]
fn lines(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}
