//! The Overview: totals, the oldest pending request, per-subscription status, the busiest PLSs and
//! the findings, computed from a snapshot.

use app::model::{
    FindingView, Overview, StateCounts, StatusView, SubscriptionOption, SubscriptionSummary,
    SyncView,
};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{Views, rows};
use crate::inventory::join::Finding;
use crate::inventory::{Snapshot, SubscriptionHealth, SyncProgress};

/// PLSs listed as the busiest.
pub const TOP_SERVICES: usize = 5;

/// Builds the Overview from the current rows; ages are relative to `now`.
pub fn overview(views: &Views, progress: &SyncProgress, now: OffsetDateTime) -> Overview {
    let snapshot = &views.snapshot;
    let mut services = views.services.clone();
    let mut connections = StateCounts::default();
    for service in &services {
        let c = service.counts;
        connections.pending += c.pending;
        connections.approved += c.approved;
        connections.rejected += c.rejected;
        connections.disconnected += c.disconnected;
        connections.other += c.other;
    }
    let total = services.len();
    services.sort_by(|a, b| {
        b.counts
            .total()
            .cmp(&a.counts.total())
            .then_with(|| a.name.cmp(&b.name))
    });
    services.truncate(TOP_SERVICES);
    let oldest_pending = views
        .connections
        .iter()
        .filter(|c| c.state == "Pending" && c.requested_at.is_some())
        .min_by(|a, b| a.requested_at.cmp(&b.requested_at))
        .map(|row| {
            let mut rows = [row.clone()];
            rows::stamp_ages(&mut rows, now);
            let [row] = rows;
            row
        });
    Overview {
        services: total,
        endpoints: snapshot.inventory.endpoints.len(),
        connections,
        oldest_pending,
        subscriptions: snapshot.statuses.iter().map(summary).collect(),
        top_services: services,
        findings: snapshot.graph.findings.iter().map(finding).collect(),
        sync: sync_view(snapshot, progress, now),
    }
}

/// The status strip: sync progress, failed or stale subscriptions, subscriptions by name.
pub fn status(snapshot: &Snapshot, progress: &SyncProgress, now: OffsetDateTime) -> StatusView {
    let mut subscriptions: Vec<SubscriptionOption> = snapshot
        .statuses
        .iter()
        .map(|s| SubscriptionOption {
            id: s.subscription_id.clone(),
            name: s.display_name.clone(),
        })
        .collect();
    subscriptions.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.id.cmp(&b.id))
    });
    StatusView {
        sync: sync_view(snapshot, progress, now),
        problems: snapshot
            .statuses
            .iter()
            .map(summary)
            .filter(|s| s.status != "ok")
            .collect(),
        subscriptions,
    }
}

fn sync_view(snapshot: &Snapshot, progress: &SyncProgress, now: OffsetDateTime) -> SyncView {
    SyncView {
        running: progress.running,
        done: progress.subscriptions_done,
        total: progress.subscriptions_total,
        last_synced_at: snapshot.taken_at.and_then(|t| t.format(&Rfc3339).ok()),
        age_seconds: snapshot
            .taken_at
            .map(|t| u64::try_from((now - t).whole_seconds()).unwrap_or(0)),
        completed_syncs: progress.completed_syncs,
    }
}

fn summary(status: &crate::inventory::SubscriptionStatus) -> SubscriptionSummary {
    let (state, detail) = match &status.health {
        SubscriptionHealth::Ok { .. } => ("ok", None),
        SubscriptionHealth::Failed { error, .. } => ("failed", Some(error.clone())),
        SubscriptionHealth::Stale { since, error } => (
            "stale",
            Some(format!(
                "data from {} — {error}",
                since.format(&Rfc3339).unwrap_or_default()
            )),
        ),
    };
    SubscriptionSummary {
        subscription_id: status.subscription_id.clone(),
        display_name: status.display_name.clone(),
        status: state.to_owned(),
        detail,
    }
}

fn finding(finding: &Finding) -> FindingView {
    let kind = serde_json::to_value(finding)
        .ok()
        .and_then(|v| v["kind"].as_str().map(str::to_owned))
        .unwrap_or_default();
    let resource_id = match finding {
        Finding::MissingFrontend { service, .. }
        | Finding::FrontDoorPending { service, .. }
        | Finding::NearLimit { service, .. }
        | Finding::LongPending { service, .. } => Some(service.to_string()),
        Finding::Unreadable { .. } => None,
    };
    FindingView {
        kind,
        message: finding.message(),
        resource_id,
    }
}
