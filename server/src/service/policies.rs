//! The approval policies' use cases: what they say now (`view`, for `GET /api/v1/policies`), and
//! carrying them out (`mode: enforce`): after every sync, each verdict that
//! approves or rejects (never removes), within its policy's `perSync`, runs through the same
//! action path as a person's — re-read, stale check, audit intent before and outcome after —
//! as the actor `policy:<name>`, with the policies file's hash and the evidence in the record.
//! A connection whose action failed is not tried again for `RETRY_AFTER`, so that a refusing
//! Azure cannot make every sync retry it. Each finished round is counted (`rounds`), which is
//! what tests wait on.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use app::model::{PoliciesView, PolicySummary};
use tokio::sync::watch;

use crate::actions::{ActionOutcome, ActionRequest, ActionService, Requester};
use crate::arm::ResourceId;
use crate::auth::{Actor, Role};
use crate::inventory::InventoryService;
use crate::policies::Action;
use crate::store::AuditAction;
use crate::views::{ViewCache, Views, verdict_view};

/// How long a connection whose action failed is left alone.
pub const RETRY_AFTER: Duration = Duration::from_secs(300);

/// Runs the policies' verdicts after each sync.
pub struct PolicyEnforcer {
    views: Arc<ViewCache>,
    actions: Arc<ActionService>,
    failed: Mutex<HashMap<ResourceId, Instant>>,
    rounds: watch::Sender<u64>,
}

/// What one round did to one connection.
#[derive(Debug)]
pub struct Acted {
    /// The connection.
    pub connection: ResourceId,
    /// The policy.
    pub policy: String,
    /// What the action path answered, or why it refused.
    pub outcome: Result<ActionOutcome, String>,
}

impl PolicyEnforcer {
    /// An enforcer of the policies `views` evaluate, acting through `actions`.
    pub fn new(views: Arc<ViewCache>, actions: Arc<ActionService>) -> Arc<Self> {
        Arc::new(Self {
            views,
            actions,
            failed: Mutex::new(HashMap::new()),
            rounds: watch::Sender::new(0),
        })
    }

    /// The number of finished rounds, to wait on.
    pub fn rounds(&self) -> watch::Receiver<u64> {
        self.rounds.subscribe()
    }

    /// One round over the current snapshot; nothing when the policies are in dry-run.
    pub async fn round(&self) -> Vec<Acted> {
        let views = self.views.current();
        let mut acted = Vec::new();
        let Some(policies) = views.policies.clone().filter(|p| !p.dry_run) else {
            self.rounds.send_modify(|n| *n += 1);
            return acted;
        };
        for verdict in &views.verdicts {
            let action = match verdict.action {
                _ if verdict.waiting => continue,
                Action::Approve => AuditAction::Approve,
                Action::Reject => AuditAction::Reject,
                Action::Hold => continue,
            };
            if self.recently_failed(&verdict.connection) {
                continue;
            }
            let request = ActionRequest {
                id: verdict.connection.to_string(),
                description: verdict.description.clone(),
                expected_state: Some("Pending".into()),
                evidence: Some(format!(
                    "{} sha256 {}: {}",
                    policies.set.path,
                    policies.set.hash,
                    verdict.evidence.join("; ")
                )),
            };
            let by = Requester {
                actor: Actor {
                    name: format!("policy:{}", verdict.policy),
                    email: None,
                    groups: Vec::new(),
                    role: Role::Approver,
                    mode: "policy",
                    address: None,
                },
                client_ip: None,
                request_id: None,
            };
            let outcome = self
                .actions
                .run(action, &request, &by)
                .await
                .map_err(|e| e.to_string());
            match &outcome {
                Ok(done) => tracing::info!(
                    policy = %verdict.policy, connection = %verdict.connection,
                    result = %done.result, "a policy acted"
                ),
                Err(error) => {
                    tracing::warn!(
                        policy = %verdict.policy, connection = %verdict.connection,
                        error = %error, "a policy's action failed"
                    );
                    self.failed
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .insert(verdict.connection.clone(), Instant::now());
                }
            }
            acted.push(Acted {
                connection: verdict.connection.clone(),
                policy: verdict.policy.clone(),
                outcome,
            });
        }
        self.rounds.send_modify(|n| *n += 1);
        acted
    }

    fn recently_failed(&self, connection: &ResourceId) -> bool {
        let mut failed = self.failed.lock().unwrap_or_else(PoisonError::into_inner);
        failed.retain(|_, at| at.elapsed() < RETRY_AFTER);
        failed.contains_key(connection)
    }

    /// A round after the first sync and after every later one, for as long as the server runs.
    pub async fn run(self: Arc<Self>, inventory: Arc<InventoryService>) {
        inventory.first_sync().await;
        loop {
            // Taken before the round: a sync finishing during it is not missed.
            let next = inventory.next_sync();
            self.round().await;
            next.await;
        }
    }
}

/// The policies in force and their verdicts on the current Pending connections.
pub fn view(views: &Views) -> PoliciesView {
    let Some(policies) = &views.policies else {
        return PoliciesView {
            mode: "dry-run".into(),
            ..PoliciesView::default()
        };
    };
    let set = &policies.set;
    PoliciesView {
        configured: true,
        path: Some(set.path.clone()),
        hash: Some(set.hash.clone()),
        mode: if policies.dry_run {
            "dry-run"
        } else {
            "enforce"
        }
        .into(),
        policies: set
            .policies
            .iter()
            .map(|p| PolicySummary {
                name: p.name.clone(),
                action: p.action.as_str().to_owned(),
                matches: views.verdicts.iter().filter(|v| v.policy == p.name).count(),
            })
            .collect(),
        verdicts: views
            .verdicts
            .iter()
            .map(|v| verdict_view(v, policies.dry_run))
            .collect(),
    }
}
