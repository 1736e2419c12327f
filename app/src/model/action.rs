//! Actions as the confirmation page and the results panel show them: what a set of actions
//! will change (`ActionPlan` of `ActionPreview`s) and what each did (`ActionResult`).

use serde::{Deserialize, Serialize};

/// What approving, rejecting or removing some connections will change, before it is confirmed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionPlan {
    /// `approve`, `reject` or `remove`.
    pub action: String,
    /// The connections list query the plan covers ("all matching"), if it was given as one.
    pub filter: Option<String>,
    /// How many connections it covers.
    pub total: usize,
    /// How many of them the action would change (the others are already so, or cannot be).
    pub changing: usize,
    /// The connections (the first `MAX_SHOWN` of a filter's).
    pub items: Vec<ActionPreview>,
    /// The longest description Azure takes.
    pub max_description: u32,
}

impl ActionPlan {
    /// The items that can go ahead.
    pub fn ready(&self) -> impl Iterator<Item = &ActionPreview> {
        self.items.iter().filter(|i| i.refusal.is_none())
    }
}

/// What an action will change on one connection.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionPreview {
    /// The connection.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The PLS or resource holding it.
    pub resource_id: String,
    /// That resource's name.
    pub resource_name: String,
    /// Who asked for it, in words.
    pub consumer: String,
    /// What the requester wrote (the connection's description now; an approval replaces it).
    #[serde(default)]
    pub message: String,
    /// Seconds since it was requested, when known.
    #[serde(default)]
    pub age_seconds: Option<u64>,
    /// Its state now.
    pub current_state: String,
    /// The state it will have (`removed` for remove).
    pub new_state: String,
    /// Why it will not be done, if it will not.
    pub refusal: Option<String>,
}

/// What an action did to one connection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionResult {
    /// The connection.
    pub id: String,
    /// `succeeded`, `skipped` or `failed`.
    pub result: String,
    /// What happened, or why not.
    pub message: String,
}

/// What one confirmed request (a bulk job) did: its action, each connection's result so far,
/// and whether it has ended.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionReport {
    /// `approve`, `reject` or `remove`.
    pub action: String,
    /// One per connection, in the order asked (`pending` or `running` until it has ended).
    pub results: Vec<ActionResult>,
    /// Whether every connection's action has ended.
    pub finished: bool,
}

impl ActionReport {
    /// How many ended with `result`.
    pub fn count(&self, result: &str) -> usize {
        self.results.iter().filter(|r| r.result == result).count()
    }

    /// How many have ended, whatever their result.
    pub fn done(&self) -> usize {
        self.results
            .iter()
            .filter(|r| !matches!(r.result.as_str(), "pending" | "running"))
            .count()
    }
}

/// How far a job got: what the progress bar shows while it runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobProgress {
    /// Connections whose action has ended.
    pub done: usize,
    /// Connections in the job.
    pub total: usize,
    /// Whether every connection's action has ended.
    pub finished: bool,
}

impl JobProgress {
    /// The progress of `report`.
    pub fn of(report: &ActionReport) -> Self {
        Self {
            done: report.done(),
            total: report.results.len(),
            finished: report.finished,
        }
    }
}
