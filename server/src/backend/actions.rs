//! The UI's side of the actions: who is asking (`session`), what an action would change
//! (`preview`), running one for the request's actor (`act`), and the audit page (`audit`).

use std::net::SocketAddr;
use std::sync::Arc;

use app::model::{ActionPreview, AuditEntry, Page, SessionView};
use axum::extract::{ConnectInfo, Query};
use http::request::Parts;

use crate::actions::{
    ActionError, ActionRequest, ActionService, Decision, MAX_DESCRIPTION, Requester, decide,
};
use crate::arm::ResourceId;
use crate::arm::models::ConnectionStatus;
use crate::auth::{Actor, check_origin};
use crate::store::AuditAction;
use crate::views::Views;
use crate::web::audit_query::{AuditQuery, entry, filter};

/// The request's actor as the pages need them; nobody who may act when there is none.
pub fn session(parts: &Parts) -> SessionView {
    parts
        .extensions
        .get::<Actor>()
        .map(|actor| SessionView {
            name: actor.name.clone(),
            role: actor.role.as_str().to_owned(),
            can_act: actor.role.may_act(),
        })
        .unwrap_or_default()
}

/// What `action` would change on connection `id`.
pub fn preview(views: &Views, action: &str, id: &str) -> Result<ActionPreview, String> {
    let kind = AuditAction::parse(action).map_err(|e| e.to_string())?;
    let wanted =
        ResourceId::parse(id.trim()).map_err(|e| format!("'{id}' is not a connection id: {e}"))?;
    let row = views
        .connections
        .rows()
        .iter()
        .find(|r| ResourceId::parse(&r.id).is_ok_and(|r| r == wanted))
        .ok_or_else(|| format!("no connection {id} in the inventory"))?;
    let current = ConnectionStatus::parse(&row.state);
    let (new_state, refusal) = match decide(kind, &current, None) {
        Ok(Decision::Set(state)) => (state.to_string(), None),
        Ok(Decision::Delete) => ("removed".to_owned(), None),
        Ok(Decision::AlreadyDone(message)) => (row.state.clone(), Some(message)),
        Err(error) => (row.state.clone(), Some(error.to_string())),
    };
    Ok(ActionPreview {
        action: kind.as_str().to_owned(),
        id: row.id.clone(),
        name: row.name.clone(),
        resource_id: row.resource_id.clone(),
        resource_name: row.resource_name.clone(),
        consumer: row.consumer.label(),
        current_state: row.state.clone(),
        new_state,
        refusal,
        max_description: MAX_DESCRIPTION as u32,
    })
}

/// Runs an action for the request's actor, with the same checks as the API.
pub async fn act(
    actions: Arc<ActionService>,
    parts: Parts,
    action: String,
    id: String,
    description: String,
    expected_state: String,
) -> Result<String, String> {
    check_origin(&parts.headers).map_err(|e| e.to_string())?;
    let actor = parts
        .extensions
        .get::<Actor>()
        .cloned()
        .ok_or("not signed in")?
        .approver()
        .map_err(|e| e.to_string())?;
    let kind = AuditAction::parse(&action).map_err(|e| e.to_string())?;
    actions
        .admit(&actor)
        .map_err(|e: ActionError| e.to_string())?;
    let by = Requester {
        actor,
        client_ip: parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip()),
        request_id: parts
            .headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    };
    let request = ActionRequest {
        id,
        description,
        expected_state: Some(expected_state).filter(|s| !s.trim().is_empty()),
    };
    let outcome = actions
        .run(kind, &request, &by)
        .await
        .map_err(|e| e.to_string())?;
    let name = outcome.id.rsplit('/').next().unwrap_or_default().to_owned();
    Ok(match outcome.result.as_str() {
        "skipped" => format!("{name}: {}", outcome.message),
        _ => format!("{name}: {} ({})", done(kind), outcome.message),
    })
}

fn done(action: AuditAction) -> &'static str {
    match action {
        AuditAction::Approve => "approved",
        AuditAction::Reject => "rejected",
        AuditAction::Remove => "removed",
    }
}

/// A page of the audit for a URL query string.
pub async fn audit(actions: Arc<ActionService>, query: String) -> Result<Page<AuditEntry>, String> {
    let uri: http::Uri = format!("/?{query}")
        .parse()
        .map_err(|_| "the audit filters are not a valid query string".to_owned())?;
    let Query(query) = Query::<AuditQuery>::try_from_uri(&uri).map_err(|e| e.body_text())?;
    let filter = filter(&query)?;
    let page = actions
        .store()
        .query(&filter)
        .await
        .map_err(|e| e.to_string())?;
    Ok(Page {
        total: usize::try_from(page.total).unwrap_or(usize::MAX),
        offset: filter.offset as usize,
        limit: filter.page_size() as usize,
        items: page.items.iter().map(entry).collect(),
    })
}
