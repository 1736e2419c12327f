//! `ActionService`: one action end to end (see the module docs), and many in a bulk.

use std::sync::Arc;
use std::time::Instant;

use app::model::{ActionEvent, JobEvent};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::OffsetDateTime;
use tokio::sync::broadcast;

use super::Requester;
use super::jobs::RunningJobs;
use super::locks::ConnectionLocks;
use super::{ActionError, Decision, api_version, decide, is_connection, validate_description};
use crate::arm::models::{ConnectionStatus, ResourceConnection};
use crate::arm::{Answer, ArmClient, ArmError, ResourceId};
use crate::auth::RateLimiter;
use crate::inventory::InventoryService;
use crate::inventory::apply::Change;
use crate::store::{AuditAction, AuditId, AuditIntent, AuditOutcome, AuditResult, Store};

/// One action asked for.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActionRequest {
    /// The connection's resource id.
    pub id: String,
    /// The justification (sent to Azure for approve and reject).
    #[serde(default)]
    pub description: String,
    /// The state the user saw; when given, the action is refused if the connection has moved on.
    #[serde(default)]
    pub expected_state: Option<String>,
    /// Why an approval policy asks for it, for the audit (never read from a client).
    #[serde(skip)]
    pub evidence: Option<String>,
    /// A policy's approval an approver must confirm: checked and audited, Azure not asked
    /// (never read from a client).
    #[serde(skip)]
    pub awaiting_second_approver: bool,
}

/// The audit message of a policy's approval waiting for an approver's confirmation.
pub const AWAITING_SECOND_APPROVER: &str =
    "approved by the policy; awaiting a second approver's confirmation before Azure is asked";

/// What an action did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActionOutcome {
    /// The connection.
    pub id: String,
    /// `succeeded`, or `skipped` when there was nothing to do.
    pub result: String,
    /// Its state before.
    pub previous_state: String,
    /// Its state now (`None` once removed).
    pub state: Option<String>,
    /// What happened, in a sentence.
    pub message: String,
    /// The audit record.
    pub audit_id: Option<i64>,
}

/// One item of a bulk action.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BulkItem {
    /// The connection's resource id.
    pub id: String,
    /// The state the user saw.
    #[serde(default)]
    pub expected_state: Option<String>,
}

/// The result of one item of a bulk action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BulkResult {
    /// The connection.
    pub id: String,
    /// `succeeded`, `skipped` (nothing to do, or it changed since loaded) or `failed`.
    pub result: String,
    /// Why, or what happened.
    pub message: String,
    /// Its state now, when known.
    pub state: Option<String>,
}

/// Approves, rejects and removes connections, with the audit around each.
pub struct ActionService {
    client: ArmClient,
    store: Store,
    inventory: Arc<InventoryService>,
    limiter: RateLimiter,
    locks: ConnectionLocks,
    jobs: RunningJobs,
    activity: broadcast::Sender<Activity>,
}

/// What the service announces as it works (for the live events): each action's end, each
/// bulk job's progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Activity {
    /// An action ended.
    Action(ActionEvent),
    /// A job moved on.
    Job(JobEvent),
}

/// Announcements kept for a listener that has not read them yet.
const ACTIVITY_BUFFER: usize = 256;

/// Where an action's result goes: into the inventory at once (one action: the page shows it
/// as soon as it answers), or into a batch a job applies every so often in one go.
pub(super) enum Applying<'a> {
    /// Applied as soon as the action ends.
    Now,
    /// Collected, for the job to apply.
    Batch(&'a std::sync::Mutex<Vec<Change>>),
}

/// The connection as re-read from Azure, with where it lives.
pub(super) struct Target {
    id: ResourceId,
    resource: ResourceId,
    api_version: &'static str,
    pub(super) connection: ResourceConnection,
}

impl ActionService {
    /// A service writing through `client`, auditing in `store`, updating `inventory`, allowing
    /// each actor `per_minute` action requests a minute.
    pub fn new(
        client: ArmClient,
        store: Store,
        inventory: Arc<InventoryService>,
        per_minute: u32,
    ) -> Self {
        Self {
            client,
            store,
            inventory,
            limiter: RateLimiter::new(per_minute),
            locks: ConnectionLocks::default(),
            jobs: RunningJobs::default(),
            activity: broadcast::channel(ACTIVITY_BUFFER).0,
        }
    }

    /// A receiver of what the service does from now on.
    pub fn activity(&self) -> broadcast::Receiver<Activity> {
        self.activity.subscribe()
    }

    /// Announces `activity` (nobody listening: it is dropped).
    pub(super) fn announce(&self, activity: Activity) {
        let _ = self.activity.send(activity);
    }

    /// The audit store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The inventory results are applied to.
    pub(super) fn inventory(&self) -> &InventoryService {
        &self.inventory
    }

    /// The jobs of this process still running.
    pub(super) fn running_jobs(&self) -> &RunningJobs {
        &self.jobs
    }

    /// The per-connection locks.
    pub(super) fn locks(&self) -> &ConnectionLocks {
        &self.locks
    }

    /// Admits one action request: the requester must be an approver, within their rate. The
    /// one admission of the REST API and the pages (the site guard has checked the origin).
    pub fn admit(&self, requester: Requester) -> Result<Requester, ActionError> {
        let actor = requester.actor.approver().map_err(ActionError::Forbidden)?;
        self.limiter
            .take(&actor.name, 1, Instant::now())
            .map_err(ActionError::RateLimited)?;
        Ok(Requester { actor, ..requester })
    }

    /// Runs one action (see the module docs) to its end, even when the caller stops waiting
    /// (the client went away, a timeout): an action begun is always recorded as finished.
    pub async fn run(
        self: &Arc<Self>,
        action: AuditAction,
        request: &ActionRequest,
        by: &Requester,
    ) -> Result<ActionOutcome, ActionError> {
        let (this, request, by) = (self.clone(), request.clone(), by.clone());
        tokio::spawn(async move { this.run_one(action, &request, &by, &Applying::Now).await })
            .await
            .unwrap_or_else(|error| Err(ActionError::Interrupted(error.to_string())))
    }

    /// Runs one action, holding its connection for the whole of it.
    pub(super) async fn run_one(
        &self,
        action: AuditAction,
        request: &ActionRequest,
        by: &Requester,
        applying: &Applying<'_>,
    ) -> Result<ActionOutcome, ActionError> {
        let description = validate_description(&request.description, action != AuditAction::Remove)
            .map_err(ActionError::BadInput)?;
        let seen = request
            .expected_state
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(parse_state)
            .transpose()?;
        let (id, _) = parse_connection(&request.id)?;
        // Re-read → decide → write → read back, with no other action on it in between.
        let _held = self.locks.hold(&id).await;
        let target = self.read(&request.id).await?;
        let current = target.connection.state.status.clone();
        let decision = match decide(action, &current, seen.as_ref()) {
            Ok(decision) => decision,
            Err(changed @ ActionError::Changed { .. }) => {
                // The page was stale: show the state Azure has now.
                self.apply(applying, &target, Some(target.connection.clone()));
                return Err(changed);
            }
            Err(other) => return Err(other),
        };
        let intent = AuditIntent {
            at: OffsetDateTime::now_utc(),
            actor: by.actor.name.clone(),
            email: by.actor.email.clone(),
            subject: by.actor.subject.clone(),
            groups: by.actor.groups.clone(),
            role: by.actor.role.as_str().to_owned(),
            auth_mode: by.actor.mode.to_owned(),
            action,
            connection_id: target.id.to_string(),
            resource_id: target.resource.to_string(),
            subscription: target.id.subscription().to_owned(),
            consumer: crate::views::rows::consumer_label(&self.inventory.snapshot(), &target.id),
            previous_state: current.to_string(),
            requested_state: match &decision {
                Decision::Set(state) => Some(state.to_string()),
                _ => None,
            },
            description: description.clone(),
            client_ip: by.client_ip.map(|ip| ip.to_string()),
            request_id: by.request_id.clone(),
            evidence: match &request.evidence {
                Some(evidence) => Some(evidence.clone()),
                None if action == AuditAction::Approve => {
                    self.confirmed_policy_approval(&target.id).await
                }
                None => None,
            },
        };
        let audit = self
            .store
            .record_intent(&intent)
            .await
            .map_err(|e| ActionError::Store(e.to_string()))?;
        // Nothing is sent when it is done already, or for a policy's approval that waits for a
        // second approver: `Err` carries the reason recorded.
        let sent = match (&decision, request.awaiting_second_approver) {
            (Decision::AlreadyDone(message), _) => Err(message.as_str()),
            (Decision::Set(_), true) => Err(AWAITING_SECOND_APPROVER),
            (Decision::Set(state), false) => Ok(self.put_state(&target, state, &description).await),
            (Decision::Delete, _) => Ok(self.delete(&target).await),
        };
        let written = match sent {
            Ok(written) => written,
            Err(message) => {
                self.finish(
                    &intent,
                    audit,
                    AuditResult::Skipped,
                    message,
                    Some(&current),
                    None,
                )
                .await;
                return Ok(ActionOutcome {
                    id: target.id.to_string(),
                    result: "skipped".into(),
                    previous_state: current.to_string(),
                    state: Some(current.to_string()),
                    message: message.to_owned(),
                    audit_id: Some(audit.0),
                });
            }
        };
        let answer = match written {
            Ok(answer) => answer,
            Err(error) => {
                // Record (and show) what Azure has after the failure, not what it had before.
                let failed = azure_error(&error);
                let now = self.reread(&target).await;
                self.finish(
                    &intent,
                    audit,
                    AuditResult::Failed,
                    &failed.to_string(),
                    now.as_ref().map(|c| &c.state.status),
                    None,
                )
                .await;
                self.apply(applying, &target, now);
                return Err(failed);
            }
        };
        let now = self.reread(&target).await;
        let state = now.as_ref().map(|c| c.state.status.clone());
        let message = match (&decision, &state) {
            (Decision::Delete, None) => "removed".to_owned(),
            (_, Some(state)) => format!("{current} → {state}"),
            (_, None) => "done; the connection could not be read back".to_owned(),
        };
        self.finish(
            &intent,
            audit,
            AuditResult::Succeeded,
            &message,
            state.as_ref(),
            Some(&answer),
        )
        .await;
        self.apply(applying, &target, now);
        // What else changed (a Front Door origin's status) comes with the next sync; a job asks
        // for one when it ends, not once an item (each a full read of the estate).
        if matches!(applying, Applying::Now) {
            self.inventory.request_sync();
        }
        Ok(ActionOutcome {
            id: target.id.to_string(),
            result: "succeeded".into(),
            previous_state: current.to_string(),
            state: state.map(|s| s.to_string()),
            message,
            audit_id: Some(audit.0),
        })
    }

    /// The policy approval of `connection` awaiting a second approver, if there is one, as
    /// the confirming approval's evidence: `confirms policy:afd's approval (audit record 7)`.
    async fn confirmed_policy_approval(&self, connection: &ResourceId) -> Option<String> {
        let history = match self.store.history(connection.as_str()).await {
            Ok(history) => history,
            Err(error) => {
                tracing::warn!(%error, "cannot read the connection's audit history");
                return None;
            }
        };
        // Newest first: a later approval (confirmed or not) ends the wait.
        let last = history.iter().find(|record| {
            record.intent.action == AuditAction::Approve
                && record.outcome.as_ref().is_some_and(|o| {
                    o.result == AuditResult::Succeeded || o.message == AWAITING_SECOND_APPROVER
                })
        })?;
        (last.outcome.as_ref()?.message == AWAITING_SECOND_APPROVER).then(|| {
            format!(
                "second approver: confirms {}'s approval (audit record {})",
                last.intent.actor, last.id
            )
        })
    }

    /// Puts the connection's new state into the inventory, or into the batch for later.
    fn apply(&self, applying: &Applying<'_>, target: &Target, now: Option<ResourceConnection>) {
        let change = Change {
            id: target.id.clone(),
            resource: target.resource.clone(),
            now,
        };
        match applying {
            Applying::Now => self
                .inventory
                .apply_connections(std::slice::from_ref(&change)),
            Applying::Batch(batch) => batch.lock().unwrap_or_else(|p| p.into_inner()).push(change),
        }
    }

    /// Parses the id and reads the connection from Azure.
    pub(super) async fn read(&self, id: &str) -> Result<Target, ActionError> {
        let (id, resource) = parse_connection(id)?;
        let resource_type = resource.resource_type().unwrap_or_default();
        let api_version = api_version(&resource_type)
            .ok_or_else(|| ActionError::Unsupported(resource_type.clone()))?;
        let body = self
            .client
            .get(id.as_str(), api_version)
            .await
            .map_err(|e| match e.status() {
                Some(404) => ActionError::Unknown(id.to_string()),
                _ => azure_error(&e),
            })?;
        let connection = ResourceConnection::from_arm(&body).map_err(|e| ActionError::Azure {
            code: "UnreadableConnection".into(),
            message: e.to_string(),
        })?;
        Ok(Target {
            id,
            resource,
            api_version,
            connection,
        })
    }

    async fn put_state(
        &self,
        target: &Target,
        state: &ConnectionStatus,
        description: &str,
    ) -> Result<Answer, ArmError> {
        let body = json!({
            "properties": {
                "privateLinkServiceConnectionState": {
                    "status": state.to_string(),
                    "description": description,
                    "actionsRequired": "None",
                }
            }
        });
        // Waits for the operation when the provider answers 202 (Sql does).
        self.client
            .put(target.id.as_str(), target.api_version, body)
            .await
    }

    async fn delete(&self, target: &Target) -> Result<Answer, ArmError> {
        self.client
            .delete(target.id.as_str(), target.api_version)
            .await
    }

    /// The connection after the write; `None` once it is gone.
    async fn reread(&self, target: &Target) -> Option<ResourceConnection> {
        match self
            .client
            .get(target.id.as_str(), target.api_version)
            .await
        {
            Ok(body) => ResourceConnection::from_arm(&body).ok(),
            Err(error) => {
                if error.status() != Some(404) {
                    tracing::warn!(connection = %target.id, %error, "could not read a connection back after an action");
                }
                None
            }
        }
    }

    /// Completes the audit record of `intent` and announces the outcome; a failure to record is
    /// logged (the intent stays open and is reconciled at the next start).
    async fn finish(
        &self,
        intent: &AuditIntent,
        audit: AuditId,
        result: AuditResult,
        message: &str,
        state: Option<&ConnectionStatus>,
        answer: Option<&Answer>,
    ) {
        let header = |name: &str| {
            answer
                .and_then(|a| a.headers.get(name))
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let outcome = AuditOutcome {
            at: OffsetDateTime::now_utc(),
            result,
            message: message.to_owned(),
            final_state: state.map(ToString::to_string),
            arm_request_id: header("x-ms-request-id"),
            arm_correlation_id: header("x-ms-correlation-request-id"),
        };
        if let Err(error) = self.store.complete(audit, &outcome).await {
            tracing::error!(audit = audit.0, %error, "could not record an action's outcome");
        }
        self.announce(Activity::Action(ActionEvent {
            connection_id: intent.connection_id.clone(),
            action: intent.action.as_str().to_owned(),
            result: result.as_str().to_owned(),
            previous_state: intent.previous_state.clone(),
            state: outcome.final_state,
            actor: intent.actor.clone(),
            message: outcome.message,
            audit_id: audit.0,
        }));
    }
}

/// A connection's id and the id of the resource it belongs to.
pub(super) fn parse_connection(id: &str) -> Result<(ResourceId, ResourceId), ActionError> {
    let id = ResourceId::parse(id.trim())
        .map_err(|e| ActionError::BadInput(format!("'{id}' is not a connection id: {e}")))?;
    let resource = id
        .parent()
        .filter(|_| is_connection(&id))
        .ok_or_else(|| {
            ActionError::BadInput(format!(
                "'{id}' is not a private endpoint connection id (…/privateEndpointConnections/{{name}}); a private endpoint's id is not one"
            ))
        })?;
    Ok((id, resource))
}

fn parse_state(text: &str) -> Result<ConnectionStatus, ActionError> {
    match ConnectionStatus::parse(text) {
        ConnectionStatus::Other(other) => Err(ActionError::BadInput(format!(
            "unknown state '{other}': use Pending, Approved, Rejected or Disconnected"
        ))),
        state => Ok(state),
    }
}

fn azure_error(error: &ArmError) -> ActionError {
    ActionError::Azure {
        code: error.code().unwrap_or("Unavailable").to_owned(),
        message: error.to_string(),
    }
}
