//! The list endpoints: `/api/v1/private-link-services`, `/private-endpoints`, `/connections`
//! (filters `subscription`, `resourceGroup`, `location`, `state`, `q`; `sort`, `order`;
//! `offset`, `limit`; totals), `/findings` and `/graph`.

use std::sync::Arc;

use app::model::{ConnectionRow, EndpointRow, FindingQuery, GraphScope, Page, ServiceRow};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json, extract::RawQuery, extract::State};

use crate::arm::ResourceId;
use crate::auth::Actor;
use crate::chain::{self, Scope, query::GraphQueryError};
use crate::inventory::InventoryService;
use crate::inventory::join::JoinedChains;
use crate::service::lists;
use crate::views::export::{self, Format};
use crate::views::{QueryError, ViewCache, findings};
use crate::web::ApiError;

/// `GET /api/v1/private-link-services`
#[utoipa::path(get, path = "/api/v1/private-link-services", tag = "inventory",
    params(("subscription" = Option<String>, Query), ("resourceGroup" = Option<String>, Query), ("location" = Option<String>, Query),
           ("q" = Option<String>, Query), ("sort" = Option<String>, Query, description = "name, subscription, resourceGroup, location, alias, owner, cluster, pending, approved, rejected, disconnected, connections"),
           ("order" = Option<String>, Query, description = "asc or desc"), ("offset" = Option<usize>, Query, description = "Rows to skip"),
           ("limit" = Option<usize>, Query, minimum = 1, maximum = 1000, description = "Rows per page (default 50)")),
    responses((status = 200, body = Page<ServiceRow>), (status = 400, description = "A bad filter, named in the message")))]
pub async fn services(
    State(views): State<Arc<ViewCache>>,
    Extension(actor): Extension<Actor>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<ServiceRow>>, ApiError> {
    lists::services(
        &views.current(),
        raw.as_deref().unwrap_or_default(),
        &actor.scope,
    )
    .map(Json)
    .map_err(ApiError::from)
}

/// `GET /api/v1/private-endpoints`
#[utoipa::path(get, path = "/api/v1/private-endpoints", tag = "inventory",
    params(("subscription" = Option<String>, Query), ("resourceGroup" = Option<String>, Query), ("location" = Option<String>, Query),
           ("state" = Option<String>, Query), ("q" = Option<String>, Query), ("sort" = Option<String>, Query, description = "name, subscription, resourceGroup, location, target, state, approval, subnet, ips"),
           ("order" = Option<String>, Query, description = "asc or desc"), ("offset" = Option<usize>, Query, description = "Rows to skip"),
           ("limit" = Option<usize>, Query, minimum = 1, maximum = 1000, description = "Rows per page (default 50)")),
    responses((status = 200, body = Page<EndpointRow>), (status = 400, description = "A bad filter, named in the message")))]
pub async fn endpoints(
    State(views): State<Arc<ViewCache>>,
    Extension(actor): Extension<Actor>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<EndpointRow>>, ApiError> {
    lists::endpoints(
        &views.current(),
        raw.as_deref().unwrap_or_default(),
        &actor.scope,
    )
    .map(Json)
    .map_err(ApiError::from)
}

/// `GET /api/v1/connections`
#[utoipa::path(get, path = "/api/v1/connections", tag = "inventory",
    params(("subscription" = Option<String>, Query), ("resourceGroup" = Option<String>, Query), ("location" = Option<String>, Query),
           ("state" = Option<String>, Query, description = "Pending, Approved, Rejected or Disconnected"), ("q" = Option<String>, Query),
           ("sort" = Option<String>, Query, description = "requested (oldest first), name, resource, consumer, state, description"),
           ("order" = Option<String>, Query, description = "asc or desc"), ("offset" = Option<usize>, Query, description = "Rows to skip"),
           ("limit" = Option<usize>, Query, minimum = 1, maximum = 1000, description = "Rows per page (default 50)")),
    responses((status = 200, body = Page<ConnectionRow>), (status = 400, description = "A bad filter, named in the message")))]
pub async fn connections(
    State(views): State<Arc<ViewCache>>,
    Extension(actor): Extension<Actor>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<ConnectionRow>>, ApiError> {
    let now = time::OffsetDateTime::now_utc();
    let raw = raw.as_deref().unwrap_or_default();
    lists::connections(&views.current(), raw, &actor.scope, now)
        .map(Json)
        .map_err(ApiError::from)
}

/// `GET /api/v1/findings?severity=…&kind=…&subscription=…&format=csv`
#[utoipa::path(get, path = "/api/v1/findings", tag = "inventory",
    params(
        ("severity" = Option<String>, Query, description = "`critical`, `warning` or `info`"),
        ("kind" = Option<String>, Query, description = "One kind, e.g. `publicAccessEnabled`, `orphanEndpoint`, `openVisibility`"),
        ("subscription" = Option<String>, Query, description = "Only findings concerning this subscription (GUID)"),
        ("format" = Option<String>, Query, description = "`json` (default) or `csv`")),
    responses((status = 200, description = "Every finding, most serious first: its kind and ids, with severity, title, message, docUrl, resources and subscriptions"),
        (status = 400, description = "A bad parameter, named in the message")))]
pub async fn findings(
    State(inventory): State<Arc<InventoryService>>,
    Extension(actor): Extension<Actor>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let query = FindingQuery::parse(raw.as_deref().unwrap_or_default())?;
    let snapshot = inventory.snapshot();
    let unknown = |e: findings::UnknownKind| ApiError::bad_query(e.to_string());
    if query.csv {
        let rows = findings::views(&snapshot, &query, &actor.scope).map_err(unknown)?;
        let body = export::write(&rows, Format::Csv).map_err(crate::web::export::bad)?;
        let csv = HeaderValue::from_static(Format::Csv.content_type());
        return Ok(([(header::CONTENT_TYPE, csv)], body).into_response());
    }
    let rows = findings::api(&snapshot, &query, &actor.scope).map_err(unknown)?;
    Ok(Json(rows).into_response())
}

/// `GET /api/v1/graph?subscription=…&cluster=<id>&service=<id>`: the chains, scoped.
#[utoipa::path(get, path = "/api/v1/graph", tag = "inventory",
    params(("subscription" = Option<String>, Query), ("cluster" = Option<String>, Query, description = "AKS cluster resource id"),
           ("service" = Option<String>, Query, description = "private link service resource id")),
    responses((status = 200, description = "Chains, PaaS links and findings in scope"), (status = 400, description = "A bad parameter")))]
pub async fn graph(
    State(inventory): State<Arc<InventoryService>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<JoinedChains>, ApiError> {
    let scope = whole_chains(raw.as_deref().unwrap_or_default())
        .map_err(|e| ApiError::bad_query(e.to_string()))?;
    let snapshot = inventory.snapshot();
    let full = &snapshot.chains;
    let in_subscription = |id: &ResourceId| {
        scope.subscriptions.is_empty() || scope.subscriptions.contains(&id.subscription_id())
    };
    let chains = full
        .chains
        .iter()
        .filter(|c| {
            in_subscription(&c.service)
                && scope.service.as_ref().is_none_or(|s| s == &c.service)
                && scope
                    .cluster
                    .as_ref()
                    .is_none_or(|k| c.cluster.as_ref() == Some(k))
        })
        .cloned()
        .collect();
    let paas_links = full
        .paas_links
        .iter()
        .filter(|l| {
            scope.service.is_none() && scope.cluster.is_none() && in_subscription(&l.endpoint)
        })
        .cloned()
        .collect();
    Ok(Json(JoinedChains {
        chains,
        paas_links,
        findings: full.findings.clone(),
        settings: full.settings.clone(),
    }))
}

/// The scope of `/api/v1/graph`: a `GraphScope` of subscriptions, a cluster and a service only,
/// since the chains come whole (states, groups and a chosen node are the drawing's business).
fn whole_chains(raw: &str) -> Result<Scope, GraphQueryError> {
    let query = GraphScope::parse(raw)?;
    let drawing_only = [
        ("state", !query.states.is_empty()),
        ("expand", !query.expanded.is_empty()),
        ("node", query.node.is_some()),
    ];
    if let Some((name, _)) = drawing_only.into_iter().find(|(_, given)| *given) {
        return Err(QueryError::UnknownParameter {
            name: name.to_owned(),
            known: "subscription, cluster, service",
        }
        .into());
    }
    chain::query::scope(&query)
}
