//! What `GET /api/v1/events` streams (server-sent events): `snapshot` when a sync finished,
//! with the counts the navigation and the status strip show; `change` for each change the
//! change feed recorded (a `ChangeEntry`, its id the event's `id`, so `Last-Event-ID` resumes
//! from it); `action` when an action ended and `job` when a bulk job moved on (live only, no
//! id); `resync` when a stream fell too far behind to be caught up and should reload.

use serde::{Deserialize, Serialize};

/// A sync finished: when, and the counts it found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SnapshotEvent {
    /// When the sync finished (RFC 3339).
    pub finished_at: String,
    /// Private link services and PaaS resources holding connections.
    pub services: u64,
    /// Their connections.
    pub connections: u64,
    /// Of which Pending.
    pub pending: u64,
    /// Subscriptions that could not be read.
    pub failed_subscriptions: u64,
}

/// A stream missed more than it can be given again: reload what it shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ResyncEvent {
    /// Why, in a sentence.
    pub reason: String,
}

/// An action ended (a person's or a policy's): on which connection, with what result.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ActionEvent {
    /// The connection's resource id.
    pub connection_id: String,
    /// `approve`, `reject` or `remove`.
    pub action: String,
    /// `succeeded`, `skipped` or `failed`.
    pub result: String,
    /// Its state before.
    pub previous_state: String,
    /// Its state after, when known (`None` once removed or when it could not be read).
    pub state: Option<String>,
    /// Who acted (`policy:<name>` for a policy).
    pub actor: String,
    /// What happened, in a sentence.
    pub message: String,
    /// The audit record.
    pub audit_id: i64,
}

/// A bulk job moved on: how far it got.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct JobEvent {
    /// The job's id (`GET /api/v1/jobs/{id}`).
    pub id: String,
    /// `approve`, `reject` or `remove`.
    pub action: String,
    /// Items ended so far.
    pub done: usize,
    /// Items in all.
    pub total: usize,
    /// Every item has ended.
    pub finished: bool,
}
