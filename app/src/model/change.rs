//! The change feed as the API and the Changes page show it: one entry per change seen between
//! two syncs, its kind from a closed vocabulary, and who made it when Link Center knows.

use serde::{Deserialize, Serialize};

/// What kind of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum ChangeKind {
    /// A subscription that could be read cannot be any more.
    SubscriptionUnreadable,
    /// A subscription that could not be read can be again.
    SubscriptionReadable,
    /// A private link service appeared.
    ServiceAppeared,
    /// A private link service was deleted and created again (its connections lost).
    ServiceRecreated,
    /// A private link service is gone.
    ServiceGone,
    /// A private link service's load balancer frontend is gone.
    FrontendLost,
    /// A connection appeared (with its state).
    ConnectionAppeared,
    /// A connection's state changed.
    StateChanged,
    /// A connection's description changed.
    DescriptionChanged,
    /// A connection is gone.
    ConnectionGone,
}

impl ChangeKind {
    /// Every kind, in the order a UI lists them.
    pub const ALL: [ChangeKind; 10] = [
        Self::ConnectionAppeared,
        Self::StateChanged,
        Self::DescriptionChanged,
        Self::ConnectionGone,
        Self::ServiceAppeared,
        Self::ServiceRecreated,
        Self::ServiceGone,
        Self::FrontendLost,
        Self::SubscriptionUnreadable,
        Self::SubscriptionReadable,
    ];

    /// The stored and query word, e.g. `stateChanged`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SubscriptionUnreadable => "subscriptionUnreadable",
            Self::SubscriptionReadable => "subscriptionReadable",
            Self::ServiceAppeared => "serviceAppeared",
            Self::ServiceRecreated => "serviceRecreated",
            Self::ServiceGone => "serviceGone",
            Self::FrontendLost => "frontendLost",
            Self::ConnectionAppeared => "connectionAppeared",
            Self::StateChanged => "stateChanged",
            Self::DescriptionChanged => "descriptionChanged",
            Self::ConnectionGone => "connectionGone",
        }
    }

    /// Reads a word, in any case; `None` for an unknown one.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// The words, comma-separated, for messages.
    pub fn expected() -> String {
        Self::ALL.map(Self::as_str).join(", ")
    }

    /// For people: `state changed`.
    pub fn label(self) -> &'static str {
        match self {
            Self::SubscriptionUnreadable => "subscription unreadable",
            Self::SubscriptionReadable => "subscription readable again",
            Self::ServiceAppeared => "service appeared",
            Self::ServiceRecreated => "service recreated",
            Self::ServiceGone => "service gone",
            Self::FrontendLost => "frontend lost",
            Self::ConnectionAppeared => "connection appeared",
            Self::StateChanged => "state changed",
            Self::DescriptionChanged => "description changed",
            Self::ConnectionGone => "connection gone",
        }
    }
}

/// One recorded change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ChangeEntry {
    /// Its id in the store.
    pub id: i64,
    /// Seen by the sync that finished at this time (RFC 3339)…
    pub seen_at: String,
    /// …and not by the one before, which finished at this time (none for the first).
    pub seen_after: Option<String>,
    /// What kind.
    pub kind: ChangeKind,
    /// The subscription (GUID).
    pub subscription: String,
    /// The private link service, when one is concerned.
    pub service_id: Option<String>,
    /// The connection, when one is concerned.
    pub connection_id: Option<String>,
    /// The value before (a state, a description, an alias, an old id).
    pub from: Option<String>,
    /// The value after.
    pub to: Option<String>,
    /// What happened, in a sentence.
    pub detail: String,
    /// Who made it: a Link Center user or `policy:<name>` (from the audit), or Azure's caller
    /// (from the Activity Log, which may log it a few syncs later); none when not known.
    pub by: Option<String>,
    /// The audit record it came from, when Link Center made it.
    pub audit_id: Option<i64>,
    /// The Activity Log's operation, when the change was attributed from it.
    pub operation: Option<String>,
    /// The Activity Log's correlation id of that operation.
    pub correlation_id: Option<String>,
}

/// Connections by state from `at` until the next point.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CountPoint {
    /// When the sync that saw them finished (RFC 3339).
    pub at: String,
    /// Pending.
    pub pending: u32,
    /// Approved.
    pub approved: u32,
    /// Rejected.
    pub rejected: u32,
    /// Disconnected.
    pub disconnected: u32,
    /// Any other state.
    pub other: u32,
}

impl CountPoint {
    /// Every connection.
    pub fn total(&self) -> u32 {
        self.pending + self.approved + self.rejected + self.disconnected + self.other
    }
}

/// What `CountSeries::of` says for the totals of every subscription.
pub const ESTATE: &str = "estate";

/// One service's, subscription's or the estate's connection counts over a time range: a step
/// series, each point in force until the next (the first is the level at `from`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CountSeries {
    /// The private link service's id, the subscription's GUID, or `estate` (`ESTATE`) for the
    /// totals of every subscription.
    pub of: String,
    /// From (RFC 3339).
    pub from: String,
    /// To (RFC 3339).
    pub to: String,
    /// The points, oldest first.
    pub points: Vec<CountPoint>,
    /// How many points the period has: more than `points` when thinned for a chart (the API
    /// answers them all).
    #[serde(default)]
    pub recorded: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_as_itself_in_any_case() {
        for kind in ChangeKind::ALL {
            assert_eq!(ChangeKind::parse(kind.as_str()), Some(kind));
            assert_eq!(ChangeKind::parse(&kind.as_str().to_uppercase()), Some(kind));
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                serde_json::json!(kind.as_str())
            );
        }
        assert_eq!(ChangeKind::parse("renamed"), None);
    }
}
