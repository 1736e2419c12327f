//! `/metrics`: Prometheus text exposition of the sync and the inventory, written by hand (a few
//! gauges and counters do not need a metrics library).

use std::fmt::Write;
use std::sync::Arc;

use axum::{extract::State, http::header, response::IntoResponse};

use crate::inventory::{InventoryService, SubscriptionHealth};

/// `GET /metrics`
pub async fn metrics(State(inventory): State<Arc<InventoryService>>) -> impl IntoResponse {
    let snapshot = inventory.snapshot();
    let progress = inventory.progress();
    let mut out = String::new();
    let mut metric = |name: &str, kind: &str, help: &str, samples: &[(String, f64)]| {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
        for (labels, value) in samples {
            let _ = writeln!(out, "{name}{labels} {value}");
        }
    };
    let one = |value: f64| vec![(String::new(), value)];
    metric(
        "linkcenter_arm_requests_total",
        "counter",
        "ARM requests sent.",
        &one(progress.requests as f64),
    );
    metric(
        "linkcenter_arm_retries_total",
        "counter",
        "ARM requests repeated after a retryable failure.",
        &one(progress.retries as f64),
    );
    metric(
        "linkcenter_arm_throttled_total",
        "counter",
        "ARM answers 429.",
        &one(progress.throttled as f64),
    );
    metric(
        "linkcenter_syncs_total",
        "counter",
        "Inventory syncs completed.",
        &one(progress.completed_syncs as f64),
    );
    metric(
        "linkcenter_sync_running",
        "gauge",
        "1 while a sync runs.",
        &one(f64::from(u8::from(progress.running))),
    );
    metric(
        "linkcenter_last_sync_seconds",
        "gauge",
        "Duration of the last sync.",
        &one(snapshot.duration.as_secs_f64()),
    );
    let last = snapshot.taken_at.map_or(0.0, |t| t.unix_timestamp() as f64);
    metric(
        "linkcenter_last_sync_timestamp_seconds",
        "gauge",
        "When the last sync finished (Unix time).",
        &one(last),
    );
    metric(
        "linkcenter_private_link_services",
        "gauge",
        "Private link services in the inventory.",
        &one(snapshot.inventory.services.len() as f64),
    );
    metric(
        "linkcenter_private_endpoints",
        "gauge",
        "Private endpoints in the inventory.",
        &one(snapshot.inventory.endpoints.len() as f64),
    );
    let mut by_state = std::collections::BTreeMap::<String, f64>::new();
    for service in &snapshot.inventory.services {
        for connection in &service.connections {
            *by_state
                .entry(connection.state.status.to_string())
                .or_default() += 1.0;
        }
    }
    let states: Vec<(String, f64)> = by_state
        .into_iter()
        .map(|(state, n)| (format!("{{state=\"{}\"}}", escape(&state)), n))
        .collect();
    metric(
        "linkcenter_connections",
        "gauge",
        "Private link service connections by state.",
        &states,
    );
    let statuses: Vec<(String, f64)> = snapshot
        .statuses
        .iter()
        .map(|s| {
            let health = match s.health {
                SubscriptionHealth::Ok { .. } => "ok",
                SubscriptionHealth::Failed { .. } => "failed",
                SubscriptionHealth::Stale { .. } => "stale",
            };
            (
                format!(
                    "{{subscription=\"{}\",status=\"{health}\"}}",
                    escape(&s.subscription_id)
                ),
                1.0,
            )
        })
        .collect();
    metric(
        "linkcenter_subscription_status",
        "gauge",
        "1 for each subscription's sync status.",
        &statuses,
    );
    metric(
        "linkcenter_findings",
        "gauge",
        "Findings of the last join.",
        &one(snapshot.graph.findings.len() as f64),
    );
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], out)
}

/// Escapes a label value (backslash, quote, newline).
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}
