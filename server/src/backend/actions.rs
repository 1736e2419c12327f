//! The UI's side of the actions: who is asking (`session`), what a set of actions would change
//! (`plan`), starting a confirmed request as a job for the request's actor with the API's
//! checks (`act`), the job's per-connection results for the page the user returns to
//! (`report`), and the audit pages (`audit`).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use app::backend::ActRequest;
use app::error::AppError;
use app::model::{
    ActionPlan, ActionPreview, ActionReport, ActionResult, AuditEntry, ConnectionRow, Page,
    SessionView, connection_key, is_key,
};
use http::request::Parts;

use crate::actions::{
    ActionError, ActionService, BulkItem, Decision, MAX_DESCRIPTION, Requester, api_version,
    decide, is_connection, matching, select, validate_description,
};
use crate::arm::ResourceId;
use crate::arm::models::ConnectionStatus;
use crate::auth::Actor;
use crate::store::{AuditAction, AuditFilter};
use crate::views::{ConnectionRecord, Record, Views};
use crate::web::audit_query;

/// How many connections a plan describes one by one; the rest are counted.
const SHOWN: usize = 100;

/// The request's actor as the pages need them; nobody who may act when there is none.
pub fn session(parts: &Parts) -> SessionView {
    parts
        .extensions
        .get::<Actor>()
        .map(|actor| SessionView {
            name: actor.name.clone(),
            role: actor.role.as_str().to_owned(),
            can_act: actor.role.may_act(),
            signed_in: actor.mode == "oidc",
        })
        .unwrap_or_default()
}

/// What `action` would change on the connections `ids`, or on every connection `filter`
/// matches, from the current inventory.
pub fn plan(
    views: &Views,
    action: &str,
    ids: &[String],
    filter: Option<&str>,
) -> Result<ActionPlan, String> {
    let kind = AuditAction::parse(action).map_err(|e| e.to_string())?;
    let previews: Vec<ActionPreview> = match filter {
        Some(filter) => matching(views, filter)?
            .iter()
            .map(|row| preview(kind, row))
            .collect(),
        None if ids.is_empty() => {
            return Err("no connections chosen: select some rows first".into());
        }
        None => {
            let rows: HashMap<&ResourceId, &ConnectionRecord> = views
                .connections
                .rows()
                .iter()
                .map(|r| (r.connection(), r))
                .collect();
            // The rows' forms send short keys (`app::model::connection_key`); resolved here.
            let keys: HashMap<String, Vec<&ConnectionRecord>> =
                if ids.iter().any(|id| is_key(id.trim())) {
                    let mut keys: HashMap<String, Vec<&ConnectionRecord>> = HashMap::new();
                    for record in views.connections.rows() {
                        keys.entry(connection_key(record.connection().as_str()))
                            .or_default()
                            .push(record);
                    }
                    keys
                } else {
                    HashMap::new()
                };
            let mut previews = Vec::with_capacity(ids.len());
            for id in ids {
                let found = match keys.get(id.trim()).map(Vec::as_slice) {
                    Some([record]) => Ok(record),
                    Some(_) => Err(format!(
                        "the key {id} names several connections: open the connection's own page"
                    )),
                    None if is_key(id.trim()) => Err(format!(
                        "no connection {id} in the inventory: it may have been removed"
                    )),
                    None => ResourceId::parse(id.trim())
                        .map_err(|e| format!("'{id}' is not a connection id: {e}"))
                        .and_then(|wanted| {
                            rows.get(&wanted).ok_or_else(|| {
                                format!(
                                    "no connection {id} in the inventory: it may have been removed"
                                )
                            })
                        }),
                };
                previews.push(match found {
                    Ok(record) => preview(kind, &record.wire()),
                    Err(message) if ids.len() == 1 => return Err(message),
                    Err(message) => ActionPreview {
                        id: id.clone(),
                        name: app::model::id_name(id).to_owned(),
                        refusal: Some(message),
                        ..ActionPreview::default()
                    },
                });
            }
            previews
        }
    };
    Ok(ActionPlan {
        action: kind.as_str().to_owned(),
        filter: filter.map(str::to_owned),
        total: previews.len(),
        changing: previews.iter().filter(|p| p.refusal.is_none()).count(),
        items: previews.into_iter().take(SHOWN).collect(),
        max_description: MAX_DESCRIPTION as u32,
    })
}

/// What `action` would change on the connection of `row`.
fn preview(action: AuditAction, row: &ConnectionRow) -> ActionPreview {
    let current = ConnectionStatus::parse(&row.state);
    let resource_type = ResourceId::parse(&row.resource_id)
        .ok()
        .and_then(|r| r.resource_type())
        .unwrap_or_default();
    let decision = match api_version(&resource_type) {
        Some(_) => decide(action, &current, None),
        None => Err(ActionError::Unsupported(resource_type)),
    };
    let (new_state, refusal) = match decision {
        Ok(Decision::Set(state)) => (state.to_string(), None),
        Ok(Decision::Delete) => ("removed".to_owned(), None),
        Ok(Decision::AlreadyDone(message)) => (row.state.clone(), Some(message)),
        Err(error) => (row.state.clone(), Some(error.to_string())),
    };
    ActionPreview {
        id: row.id.clone(),
        name: row.name.clone(),
        resource_id: row.resource_id.clone(),
        resource_name: row.resource_name.clone(),
        consumer: row.consumer.label(),
        message: row.description.clone(),
        age_seconds: row.age_seconds,
        current_state: row.state.clone(),
        new_state,
        refusal,
    }
}

/// Starts a confirmed request as a job for the request's actor, with the API's checks (role,
/// description, rate); answers the job's id once it has ended or a few seconds have passed.
pub async fn act(
    actions: Arc<ActionService>,
    views: Arc<Views>,
    parts: Parts,
    request: ActRequest,
) -> Result<String, AppError> {
    let requester = Requester::of(&parts).ok_or_else(|| AppError::new(401, "not signed in"))?;
    let kind =
        AuditAction::parse(&request.action).map_err(|e| AppError::bad_request(e.to_string()))?;
    // The page asks a reason of every action, removals too (the API leaves it optional there).
    let description =
        validate_description(&request.description, true).map_err(AppError::bad_request)?;
    let items = match request.filter.as_deref() {
        Some(filter) => {
            let items = select(&views, Vec::new(), Some(filter)).map_err(AppError::bad_request)?;
            if let Some(seen) = request.count.filter(|seen| *seen != items.len()) {
                return Err(AppError::new(
                    409,
                    format!(
                        "the filter now matches {} connections, not the {seen} you confirmed: check again",
                        items.len()
                    ),
                ));
            }
            items
        }
        None => {
            let items = request
                .ids
                .iter()
                .enumerate()
                .map(|(i, id)| BulkItem {
                    id: id.clone(),
                    expected_state: request.states.get(i).cloned(),
                })
                .collect();
            select(&views, items, None).map_err(AppError::bad_request)?
        }
    };
    let by = actions.admit(requester)?;
    let job = actions.start_bulk(kind, items, description, by).await?;
    // A short job's results are on the page the user lands on; a long one's come in as it runs.
    actions.wait_job(&job, WAIT_BEFORE_LANDING).await;
    Ok(job)
}

/// How long the confirmation post waits for its job before sending the user back.
const WAIT_BEFORE_LANDING: Duration = Duration::from_secs(5);

/// The report of job `id`: each connection's result so far.
pub async fn report(actions: Arc<ActionService>, id: String) -> Option<ActionReport> {
    let job = match actions.job(&id).await {
        Ok(job) => job?,
        Err(error) => {
            tracing::warn!(job = %id, %error, "could not read a job for its report");
            return None;
        }
    };
    Some(ActionReport {
        action: job.action,
        finished: job.finished,
        results: job
            .results
            .into_iter()
            .map(|r| ActionResult {
                id: r.id,
                result: r.result,
                message: r.message,
            })
            .collect(),
    })
}

/// A page of the audit for a URL query string.
pub async fn audit(
    actions: Arc<ActionService>,
    query: String,
) -> Result<Page<AuditEntry>, AppError> {
    let filter = audit_query::parse(&query)?;
    audit_query::page(actions.store(), &filter)
        .await
        .map_err(unavailable)
}

/// The audit store failed: 503 with what it said.
fn unavailable(error: crate::store::StoreError) -> AppError {
    AppError::unavailable(format!("the audit cannot be read: {error}"))
}

/// How many records a connection's page shows.
const HISTORY: u32 = 20;

/// The latest records of connection `id`; `None` when `id` is not a connection.
pub async fn history(
    actions: Arc<ActionService>,
    id: String,
) -> Result<Option<Vec<AuditEntry>>, AppError> {
    let Some(connection) = ResourceId::parse(&id).ok().filter(is_connection) else {
        return Ok(None);
    };
    let filter = AuditFilter {
        connection_id: Some(connection.to_string()),
        limit: HISTORY,
        ..AuditFilter::default()
    };
    let page = audit_query::page(actions.store(), &filter)
        .await
        .map_err(unavailable)?;
    Ok(Some(page.items))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::test_support::demo_views;

    fn pending_ids(views: &Views) -> Vec<String> {
        views
            .connections
            .rows()
            .iter()
            .filter(|r| *r.status() == ConnectionStatus::Pending)
            .map(|r| r.connection().to_string())
            .collect()
    }

    #[test]
    fn a_rows_short_key_plans_its_connection_and_an_unknown_key_is_refused_by_name() {
        let views = demo_views();
        let pending = pending_ids(&views);
        let keys = [connection_key(&pending[0]), connection_key(&pending[1])];
        let plan = plan(&views, "approve", &keys, None).unwrap();
        let planned: Vec<&str> = plan.items.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(
            planned,
            [pending[0].as_str(), pending[1].as_str()],
            "the ids, in full"
        );
        assert_eq!(plan.changing, 2);
        let unknown = plan_one_unknown(&views);
        assert!(
            unknown.contains("no connection k-0000000000000000"),
            "{unknown}"
        );
    }

    fn plan_one_unknown(views: &Views) -> String {
        plan(views, "approve", &["k-0000000000000000".to_owned()], None).unwrap_err()
    }

    #[test]
    fn a_plan_shows_each_change_and_why_some_cannot_be_made() {
        let views = demo_views();
        let pending = pending_ids(&views);
        let approved = views
            .connections
            .rows()
            .iter()
            .find(|r| *r.status() == ConnectionStatus::Approved)
            .unwrap()
            .connection()
            .to_string();
        let plan = plan(
            &views,
            "approve",
            &[pending[0].to_uppercase(), approved],
            None,
        )
        .unwrap();
        assert_eq!(plan.total, 2);
        assert_eq!(plan.items[0].id, pending[0], "found whatever the case");
        assert_eq!(
            (
                plan.items[0].current_state.as_str(),
                plan.items[0].new_state.as_str()
            ),
            ("Pending", "Approved")
        );
        assert!(
            plan.items[1]
                .refusal
                .as_deref()
                .unwrap()
                .contains("already Approved")
        );
        assert_eq!(plan.ready().count(), 1);
    }

    #[test]
    fn a_filter_plan_counts_every_match() {
        let views = demo_views();
        let plan = plan(&views, "reject", &[], Some("state=Pending")).unwrap();
        assert_eq!(plan.total, pending_ids(&views).len());
        assert_eq!(plan.filter.as_deref(), Some("state=Pending"));
        assert!(plan.items.iter().all(|i| i.new_state == "Rejected"));
        assert_eq!(plan.changing, plan.total);

        let everything = super::plan(&views, "approve", &[], Some("sort=name")).unwrap();
        assert_eq!(everything.total, views.connections.rows().len());
        assert_eq!(
            everything.changing,
            pending_ids(&views).len(),
            "only Pending connections can be approved"
        );
    }

    #[test]
    fn bad_plans_say_what_is_wrong() {
        let views = demo_views();
        assert!(
            plan(&views, "promote", &["x".into()], None)
                .unwrap_err()
                .contains("promote")
        );
        assert!(
            plan(&views, "approve", &[], None)
                .unwrap_err()
                .contains("select some rows")
        );
        let gone = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/p/privateEndpointConnections/gone";
        assert!(
            plan(&views, "approve", &[gone.into()], None)
                .unwrap_err()
                .contains("no connection")
        );
        let mixed = plan(
            &views,
            "approve",
            &[gone.into(), pending_ids(&views)[0].clone()],
            None,
        )
        .unwrap();
        assert!(
            mixed.items[0]
                .refusal
                .as_deref()
                .unwrap()
                .contains("no connection")
        );
    }
}
