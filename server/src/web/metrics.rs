//! `/metrics`: the sync and the inventory in Prometheus' text format (0.0.4), encoded by
//! `prometheus-client`. The registry is filled on each scrape from this server's own state (the
//! ARM client's counts, the sync's progress, the current snapshot), so two servers in one process
//! (the tests) never mix their numbers. A metric is one `register` line here; a counter or
//! histogram kept by a service joins the same way, as a clone of its handle (they share the value).

use std::sync::Arc;

use axum::{
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use prometheus_client::{
    encoding::{EncodeLabelSet, prometheus_text},
    metrics::{counter::ConstCounter, family::Family, gauge::ConstGauge, gauge::Gauge},
    registry::Registry,
};

use crate::arm::models::ConnectionStatus;
use crate::inventory::join::Finding;
use crate::inventory::{InventoryService, SubscriptionHealth};
use crate::notifications::Notifier;

/// `GET /metrics`
pub async fn metrics(
    State(inventory): State<Arc<InventoryService>>,
    State(notifier): State<Option<Arc<Notifier>>>,
) -> Response {
    let mut text = String::new();
    let mut registry = registry(&inventory);
    if let Some(notifier) = notifier {
        let (sent, given_up) = notifier.totals();
        registry.register(
            "notifications_sent",
            "Notifications a target accepted",
            ConstCounter::new(sent),
        );
        registry.register(
            "notifications_given_up",
            "Notifications given up after their retries (or refused by the target)",
            ConstCounter::new(given_up),
        );
    }
    match prometheus_text::encode(&mut text, &registry) {
        Ok(()) => (
            [(header::CONTENT_TYPE, prometheus_text::CONTENT_TYPE)],
            text,
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "encoding the metrics failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The labels of `linkcenter_connections`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ConnectionLabels {
    state: String,
}

/// The labels of `linkcenter_subscription_status`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SubscriptionLabels {
    subscription: String,
    status: &'static str,
}

/// Every metric, read now. The crate appends `_total` to counters and a period to each help.
fn registry(inventory: &InventoryService) -> Registry {
    let snapshot = inventory.snapshot();
    let progress = inventory.progress();
    let mut registry = Registry::with_prefix("linkcenter");
    let counter = ConstCounter::new;
    registry.register(
        "arm_requests",
        "ARM requests sent",
        counter(progress.requests),
    );
    registry.register(
        "arm_retries",
        "ARM requests repeated after a retryable failure",
        counter(progress.retries),
    );
    registry.register(
        "arm_throttled",
        "ARM answers 429",
        counter(progress.throttled),
    );
    registry.register(
        "syncs",
        "Inventory syncs completed",
        counter(progress.completed_syncs),
    );
    registry.register(
        "pending_polls",
        "Polls of the private link services for Pending requests between syncs",
        counter(progress.pending_polls),
    );
    let running = ConstGauge::new(i64::from(progress.running));
    registry.register("sync_running", "1 while a sync runs", running);
    let duration = ConstGauge::new(snapshot.duration.as_secs_f64());
    registry.register("last_sync_seconds", "Duration of the last sync", duration);
    let last = snapshot.taken_at.map_or(0, |t| t.unix_timestamp());
    registry.register(
        "last_sync_timestamp_seconds",
        "When the last sync finished (Unix time)",
        ConstGauge::new(last),
    );
    registry.register(
        "private_link_services",
        "Private link services in the inventory",
        ConstGauge::new(snapshot.inventory.services.len() as i64),
    );
    registry.register(
        "private_endpoints",
        "Private endpoints in the inventory",
        ConstGauge::new(snapshot.inventory.endpoints.len() as i64),
    );
    let connections = Family::<ConnectionLabels, Gauge>::default();
    let now = time::OffsetDateTime::now_utc();
    let mut oldest_pending = 0;
    for link in snapshot.chains.chains.iter().flat_map(|c| &c.connections) {
        let state = link.status.to_string();
        connections.get_or_create(&ConnectionLabels { state }).inc();
        if link.status == ConnectionStatus::Pending
            && let Some(at) = link.requested_at
        {
            oldest_pending = oldest_pending.max((now - at).whole_seconds());
        }
    }
    registry.register(
        "connections",
        "Connections by state, of private link services and PaaS resources (as the pages count them)",
        connections,
    );
    registry.register(
        "oldest_pending_seconds",
        "Age of the oldest Pending request whose time is known (0 when none)",
        ConstGauge::new(oldest_pending),
    );
    registry.register(
        "near_limit_services",
        "Private link services holding nearly as many connections as Azure allows",
        ConstGauge::new(
            snapshot
                .chains
                .findings
                .iter()
                .filter(|f| matches!(f, Finding::NearLimit { .. }))
                .count() as i64,
        ),
    );
    let statuses = Family::<SubscriptionLabels, Gauge>::default();
    for status in &snapshot.statuses {
        let labels = SubscriptionLabels {
            subscription: status.subscription_id.clone(),
            status: match status.health {
                SubscriptionHealth::Ok { .. } => "ok",
                SubscriptionHealth::Failed { .. } => "failed",
                SubscriptionHealth::Stale { .. } => "stale",
            },
        };
        statuses.get_or_create(&labels).set(1);
    }
    registry.register(
        "subscription_status",
        "1 for each subscription's sync status",
        statuses,
    );
    registry.register(
        "findings",
        "Findings of the last join",
        ConstGauge::new(snapshot.chains.findings.len() as i64),
    );
    registry.register(
        "connection_loss_findings",
        "Private link services that lost connections or were recreated in the last day",
        ConstGauge::new(
            snapshot
                .chains
                .findings
                .iter()
                .filter(|f| f.is_loss())
                .count() as i64,
        ),
    );
    registry
}
