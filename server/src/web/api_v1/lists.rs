//! The list endpoints: `/api/v1/private-link-services`, `/private-endpoints`, `/connections`
//! (filters `subscription`, `resourceGroup`, `location`, `state`, `q`; `sort`, `order`;
//! `offset`, `limit`; totals), `/findings` and `/graph`.

use std::sync::Arc;

use app::model::{ConnectionRow, EndpointRow, Page, ServiceRow};
use axum::{Json, extract::RawQuery, extract::State};

use crate::arm::ResourceId;
use crate::inventory::InventoryService;
use crate::inventory::join::{Finding, JoinedChains};
use crate::service::lists;
use crate::views::{QueryError, ViewCache};
use crate::web::ApiError;

fn bad_query(error: QueryError) -> ApiError {
    ApiError::bad_query(error.to_string())
}

/// `GET /api/v1/private-link-services`
#[utoipa::path(get, path = "/api/v1/private-link-services", tag = "inventory",
    params(("subscription" = Option<String>, Query), ("resourceGroup" = Option<String>, Query), ("location" = Option<String>, Query),
           ("q" = Option<String>, Query), ("sort" = Option<String>, Query, description = "name, subscription, resourceGroup, location, alias, owner, cluster, pending, approved, rejected, disconnected, connections"),
           ("order" = Option<String>, Query, description = "asc or desc"), ("offset" = Option<usize>, Query, description = "Rows to skip"),
           ("limit" = Option<usize>, Query, minimum = 1, maximum = 1000, description = "Rows per page (default 50)")),
    responses((status = 200, body = Page<ServiceRow>), (status = 400, description = "A bad filter, named in the message")))]
pub async fn services(
    State(views): State<Arc<ViewCache>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<ServiceRow>>, ApiError> {
    lists::services(&views.current(), raw.as_deref().unwrap_or_default())
        .map(Json)
        .map_err(bad_query)
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
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<EndpointRow>>, ApiError> {
    lists::endpoints(&views.current(), raw.as_deref().unwrap_or_default())
        .map(Json)
        .map_err(bad_query)
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
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<ConnectionRow>>, ApiError> {
    let now = time::OffsetDateTime::now_utc();
    lists::connections(&views.current(), raw.as_deref().unwrap_or_default(), now)
        .map(Json)
        .map_err(bad_query)
}

/// `GET /api/v1/findings`
#[utoipa::path(get, path = "/api/v1/findings", tag = "inventory", responses((status = 200, description = "Broken chains, pending Front Door origins, near-limit PLSs, long-pending requests, unreadable subscriptions")))]
pub async fn findings(State(inventory): State<Arc<InventoryService>>) -> Json<Vec<Finding>> {
    Json(inventory.snapshot().chains.findings.clone())
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
    let scope = GraphScope::parse(raw.as_deref().unwrap_or_default())?;
    let snapshot = inventory.snapshot();
    let full = &snapshot.chains;
    let chains = full
        .chains
        .iter()
        .filter(|c| scope.keeps(&c.service, c.cluster.as_ref()))
        .cloned()
        .collect();
    let paas_links = full
        .paas_links
        .iter()
        .filter(|l| {
            scope.service.is_none() && scope.cluster.is_none() && scope.in_subscription(&l.endpoint)
        })
        .cloned()
        .collect();
    Ok(Json(JoinedChains {
        chains,
        paas_links,
        findings: full.findings.clone(),
    }))
}

/// The scope of a graph request.
#[derive(Default)]
struct GraphScope {
    subscriptions: Vec<String>,
    cluster: Option<ResourceId>,
    service: Option<ResourceId>,
}

impl GraphScope {
    fn parse(raw: &str) -> Result<Self, ApiError> {
        let bad = ApiError::bad_query;
        let mut scope = Self::default();
        for (key, value) in url::form_urlencoded::parse(raw.as_bytes()) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let id = || ResourceId::parse(value).map_err(|e| bad(format!("{key}: {e}")));
            match key.as_ref() {
                "subscription" => scope
                    .subscriptions
                    .extend(value.split(',').map(|s| s.trim().to_owned())),
                "cluster" => scope.cluster = Some(id()?),
                "service" => scope.service = Some(id()?),
                other => {
                    return Err(bad(format!(
                        "unknown parameter '{other}': use subscription, cluster, service"
                    )));
                }
            }
        }
        Ok(scope)
    }

    fn in_subscription(&self, id: &ResourceId) -> bool {
        self.subscriptions.is_empty()
            || self
                .subscriptions
                .iter()
                .any(|s| s.eq_ignore_ascii_case(id.subscription()))
    }

    fn keeps(&self, service: &ResourceId, cluster: Option<&ResourceId>) -> bool {
        self.in_subscription(service)
            && self.service.as_ref().is_none_or(|s| s == service)
            && self.cluster.as_ref().is_none_or(|c| cluster == Some(c))
    }
}
