//! The Overview page's data: totals, the oldest pending request, per-subscription sync status,
//! the busiest PLSs and the findings.

use serde::{Deserialize, Serialize};

use super::{ConnectionRow, Environment, ServiceRow, StateCounts};

/// How one subscription's last sync went, for display.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionSummary {
    /// Subscription GUID.
    pub subscription_id: String,
    /// Display name.
    pub display_name: String,
    /// `ok`, `failed` or `stale`.
    pub status: String,
    /// Why it failed, or since when it is stale.
    pub detail: Option<String>,
}

/// One finding, ready to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingView {
    /// `missingFrontend`, `frontDoorPending`, `nearLimit`, `longPending`, `unreadable`,
    /// `connectionsLost`, `recreated`, `allDisconnected`.
    pub kind: String,
    /// What is wrong, in a sentence.
    pub message: String,
    /// The resource to link to, if any.
    pub resource_id: Option<String>,
}

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// Traffic does not flow, or part of the estate is not seen.
    Error,
    /// Someone should act soon.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// The badge's text.
    pub fn label(self) -> &'static str {
        match self {
            Self::Error => "Error",
            Self::Warning => "Warning",
            Self::Info => "Info",
        }
    }

    /// The badge's class.
    pub fn class(self) -> &'static str {
        match self {
            Self::Error => "severity severity-error",
            Self::Warning => "severity severity-warning",
            Self::Info => "severity severity-info",
        }
    }
}

/// What a finding kind (`missingFrontend`, …) is called, and how serious it is: the severity,
/// the name of one, the name of several.
pub fn finding_kind(kind: &str) -> (Severity, &'static str, &'static str) {
    match kind {
        "missingFrontend" => (Severity::Error, "Broken chain", "broken chains"),
        "recreated" => (Severity::Error, "Recreated service", "recreated services"),
        "connectionsLost" => (
            Severity::Error,
            "Connections lost",
            "services that lost connections",
        ),
        "allDisconnected" => (
            Severity::Warning,
            "Every connection disconnected",
            "services with every connection disconnected",
        ),
        "unreadable" => (
            Severity::Error,
            "Unreadable subscription",
            "unreadable subscriptions",
        ),
        "frontDoorPending" => (
            Severity::Warning,
            "Front Door request waiting",
            "Front Door requests waiting",
        ),
        "nearLimit" => (
            Severity::Warning,
            "Near the connection limit",
            "services near the connection limit",
        ),
        "longPending" => (
            Severity::Info,
            "Long-pending request",
            "long-pending requests",
        ),
        _ => (Severity::Info, "Finding", "other findings"),
    }
}

/// Sync status for the header and the Overview.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncView {
    /// A sync is running.
    pub running: bool,
    /// Subscriptions done in the running sync.
    pub done: u64,
    /// Subscriptions the running sync reads.
    pub total: u64,
    /// When the data shown was read (RFC 3339).
    pub last_synced_at: Option<String>,
    /// Seconds since then, at the moment this was served.
    #[serde(default)]
    pub age_seconds: Option<u64>,
    /// Syncs completed since the server started: when it grows, the data changed.
    #[serde(default)]
    pub completed_syncs: u64,
}

impl SyncView {
    /// The running sync's progress in percent (0 when nothing is known yet).
    pub fn percent(&self) -> u64 {
        (self.done * 100)
            .checked_div(self.total)
            .unwrap_or(0)
            .min(100)
    }
}

/// A subscription the filters can offer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionOption {
    /// Subscription GUID.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// What every page's status strip shows: sync progress, last refresh, subscriptions that failed
/// or went stale, and the subscriptions for the filters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusView {
    /// Where the data comes from (the header badge).
    pub environment: Environment,
    /// Sync status.
    pub sync: SyncView,
    /// Subscriptions whose last sync failed or whose data is stale.
    pub problems: Vec<SubscriptionSummary>,
    /// Every synced subscription, by name; empty for estates too large to list on every page.
    pub subscriptions: Vec<SubscriptionOption>,
    /// Who is looking, and whether they may act.
    pub session: SessionView,
}

/// The signed-in user as the pages need them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
    /// Their name.
    pub name: String,
    /// `viewer` or `approver`.
    pub role: String,
    /// Whether Approve, Reject and Remove are offered.
    pub can_act: bool,
}

/// Everything the Overview shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    /// Private link services.
    pub services: usize,
    /// Private endpoints.
    pub endpoints: usize,
    /// PLS connections by state.
    pub connections: StateCounts,
    /// The longest-waiting Pending connection with a known age.
    pub oldest_pending: Option<ConnectionRow>,
    /// Per-subscription sync outcome: every subscription in a small estate; in a large one only
    /// those that failed or are stale.
    pub subscriptions: Vec<SubscriptionSummary>,
    /// Subscriptions synced (or tried).
    #[serde(default)]
    pub subscriptions_total: usize,
    /// Of which read without error.
    #[serde(default)]
    pub subscriptions_ok: usize,
    /// The PLSs with the most connections (headroom = 1,000 − total).
    pub top_services: Vec<ServiceRow>,
    /// Broken chains, near-limit PLSs, long-pending requests, unreadable subscriptions: the most
    /// serious first, at most a page of them.
    pub findings: Vec<FindingView>,
    /// Findings by kind, across all of them.
    #[serde(default)]
    pub finding_counts: Vec<(String, usize)>,
    /// All findings, shown or not.
    #[serde(default)]
    pub findings_total: usize,
    /// Sync status.
    pub sync: SyncView,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_are_named_in_words_with_their_severity() {
        assert_eq!(
            finding_kind("missingFrontend"),
            (Severity::Error, "Broken chain", "broken chains")
        );
        assert_eq!(finding_kind("frontDoorPending").0, Severity::Warning);
        assert_eq!(finding_kind("longPending").0, Severity::Info);
        assert_eq!(finding_kind("somethingNew").1, "Finding");
    }

    #[test]
    fn progress_is_a_bounded_percentage() {
        let mut sync = SyncView::default();
        assert_eq!(sync.percent(), 0, "nothing known yet");
        (sync.done, sync.total) = (3, 8);
        assert_eq!(sync.percent(), 37);
        (sync.done, sync.total) = (9, 8);
        assert_eq!(sync.percent(), 100);
    }
}
