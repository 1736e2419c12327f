//! The notification targets and their delivery log, as the Policies page and
//! `GET /api/v1/notifications` show them (`--notifications FILE`).

use serde::{Deserialize, Serialize};

/// The notifications in force.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NotificationsView {
    /// Whether a notifications file is configured.
    pub configured: bool,
    /// The file, as named on the command line.
    pub path: Option<String>,
    /// Its targets, in order.
    pub targets: Vec<NotificationTargetView>,
    /// Why the last reload of the file was refused (`FILE:LINE:COL: …`); the previous targets
    /// stay in force.
    pub reload_error: Option<String>,
    /// The latest deliveries, newest first.
    pub deliveries: Vec<DeliveryView>,
}

/// One target (its URL's host only: a chat webhook's URL is itself a credential).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NotificationTargetView {
    /// Its name.
    pub name: String,
    /// `webhook`, `teams` or `slack`.
    pub kind: String,
    /// The host it posts to.
    pub host: String,
    /// The events it receives.
    pub events: Vec<String>,
    /// Its filter in words, e.g. `services my*; subscriptions 6f1c…`; `every event` without one.
    pub filter: String,
}

/// One notice to one target.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DeliveryView {
    /// The target's name.
    pub target: String,
    /// The event (`pending`, `loss`, …).
    pub event: String,
    /// The notice's key (sent once per target).
    pub key: String,
    /// Posts made.
    pub attempts: u32,
    /// `sent`, `retrying` or `gaveUp`.
    pub outcome: String,
    /// The answer (`HTTP 200 OK`) or the last failure.
    pub detail: String,
    /// When it last changed (RFC 3339).
    pub at: String,
}
