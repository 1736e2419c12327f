//! The Overview: totals, the oldest pending request, per-subscription status, the busiest PLSs and
//! the findings, computed from a snapshot.

use app::model::{
    Environment, FindingView, Overview, ServiceRow, SessionView, StateCounts, StatusView,
    SubscriptionOption, SubscriptionSummary, SyncView,
};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{Record, Views, rows};
use crate::arm::models::ConnectionStatus;
use crate::inventory::{Snapshot, SubscriptionHealth, SyncProgress};

/// Subscriptions the filters offer by name; a larger estate filters by typed IDs instead, so
/// every page does not carry a list of thousands.
pub const MAX_SUBSCRIPTION_OPTIONS: usize = 100;

/// Subscriptions listed one by one on the Overview; beyond, only those with a problem.
pub const MAX_SUBSCRIPTION_ROWS: usize = 25;
/// Findings listed on the Overview (all of them are in `/api/v1/findings`).
pub const MAX_FINDINGS: usize = 50;
/// PLSs listed as the busiest.
pub const TOP_SERVICES: usize = 5;

/// Builds the Overview from the current rows; ages are relative to `now`.
pub fn overview(views: &Views, progress: &SyncProgress, now: OffsetDateTime) -> Overview {
    let snapshot = &views.snapshot;
    // References sorted, and only the top ones copied: the estate has thousands of services.
    let mut services: Vec<&ServiceRow> = views.services.rows().iter().collect();
    // Every connection the lists hold, of services and PaaS resources alike.
    let mut connections = StateCounts::default();
    for record in views.connections.rows() {
        connections.add(record.status().as_str());
    }
    let total = services.len();
    services.sort_by(|a, b| {
        b.counts
            .total()
            .cmp(&a.counts.total())
            .then_with(|| a.name.cmp(&b.name))
    });
    let services: Vec<ServiceRow> = services.into_iter().take(TOP_SERVICES).cloned().collect();
    let findings: Vec<FindingView> = super::findings::sorted(snapshot);
    let oldest_pending = views
        .connections
        .rows()
        .iter()
        .filter(|c| *c.status() == ConnectionStatus::Pending && c.link().requested_at.is_some())
        .min_by_key(|c| c.link().requested_at)
        .map(|record| {
            let mut rows = [record.wire()];
            rows::stamp_ages(&mut rows, now);
            let [row] = rows;
            row
        });
    Overview {
        services: total,
        endpoints: snapshot.inventory.endpoints.len(),
        connections,
        oldest_pending,
        subscriptions: subscription_rows(snapshot),
        subscriptions_total: snapshot.statuses.len(),
        subscriptions_ok: snapshot
            .statuses
            .iter()
            .filter(|s| matches!(s.health, SubscriptionHealth::Ok { .. }))
            .count(),
        top_services: services,
        findings: findings.iter().take(MAX_FINDINGS).cloned().collect(),
        finding_counts: super::findings::counts(&findings),
        findings_total: findings.len(),
        sync: sync_view(snapshot, progress, now),
    }
}

/// The status strip: sync progress, failed or stale subscriptions, subscriptions by name.
pub fn status(
    snapshot: &Snapshot,
    progress: &SyncProgress,
    now: OffsetDateTime,
    environment: Environment,
) -> StatusView {
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
    if subscriptions.len() > MAX_SUBSCRIPTION_OPTIONS {
        subscriptions.clear();
    }
    StatusView {
        environment,
        sync: sync_view(snapshot, progress, now),
        problems: snapshot
            .statuses
            .iter()
            .map(summary)
            .filter(|s| s.status != "ok")
            .collect(),
        subscriptions,
        pending: crate::events::connection_counts(snapshot).1,
        // Filled per request by the status server function.
        session: SessionView::default(),
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

/// Every subscription when there are few; otherwise only those that failed or are stale.
fn subscription_rows(snapshot: &Snapshot) -> Vec<SubscriptionSummary> {
    let all = snapshot.statuses.iter().map(summary);
    if snapshot.statuses.len() <= MAX_SUBSCRIPTION_ROWS {
        all.collect()
    } else {
        all.filter(|s| s.status != "ok").collect()
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

#[cfg(test)]
mod tests;
