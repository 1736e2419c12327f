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
    /// Its kind: `missingFrontend`, `publicAccessEnabled`, `orphanEndpoint`, … (the API's).
    pub kind: String,
    /// The kind's short title.
    pub title: String,
    /// `critical`, `warning` or `info`.
    pub severity: String,
    /// What is wrong and what to do, in a sentence.
    pub message: String,
    /// Microsoft's documentation of it.
    pub doc_url: String,
    /// The resource to link to, if any.
    pub resource_id: Option<String>,
    /// Every resource it names, the one it is about first.
    #[serde(default)]
    pub resources: Vec<String>,
    /// The subscriptions it concerns (lower-cased GUIDs).
    #[serde(default)]
    pub subscriptions: Vec<String>,
}

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Traffic does not flow or is exposed, or part of the estate is not seen.
    Critical,
    /// Someone should act soon.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// Every severity, most serious first.
    pub const ALL: [Severity; 3] = [Self::Critical, Self::Warning, Self::Info];

    /// The severity a finding's `severity` names (`critical`, `warning`, `info`; any casing).
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|s| s.key().eq_ignore_ascii_case(text.trim()))
    }

    /// Its key, as findings and queries spell it.
    pub fn key(self) -> &'static str {
        match self {
            Self::Critical => "critical",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }

    /// The badge's text.
    pub fn label(self) -> &'static str {
        match self {
            Self::Critical => "Critical",
            Self::Warning => "Warning",
            Self::Info => "Info",
        }
    }

    /// The badge's class.
    pub fn class(self) -> &'static str {
        match self {
            Self::Critical => "severity severity-error",
            Self::Warning => "severity severity-warning",
            Self::Info => "severity severity-info",
        }
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
    /// Connections waiting for a decision (the navigation's count).
    #[serde(default)]
    pub pending: u64,
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
    /// Signed in with the identity provider (`--auth oidc`): Sign out is offered.
    #[serde(default)]
    pub signed_in: bool,
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
    fn severities_read_in_any_casing_and_sort_most_serious_first() {
        assert_eq!(Severity::parse(" CRITICAL "), Some(Severity::Critical));
        assert_eq!(Severity::parse("urgent"), None);
        for severity in Severity::ALL {
            assert_eq!(Severity::parse(severity.key()), Some(severity));
        }
        assert!(Severity::ALL.is_sorted());
        assert_eq!(Severity::Critical.class(), "severity severity-error");
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

/// How many findings of one kind there are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingCount {
    /// The kind.
    pub kind: String,
    /// Its title.
    pub title: String,
    /// Its severity.
    pub severity: String,
    /// How many, across every finding (whatever the filters).
    pub count: usize,
}

/// The Findings page: the findings the filters keep, and counts across all of them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingsPage {
    /// The findings the filters keep, most serious first.
    pub findings: Vec<FindingView>,
    /// Every finding, kept or not.
    pub total: usize,
    /// Counts by kind, most serious first.
    pub by_kind: Vec<FindingCount>,
}
