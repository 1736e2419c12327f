//! The approval policies' use cases: what they say now (`view`, for the Policies page and
//! `GET /api/v1/policies`), and carrying them out (`mode: enforce`): after every sync and every
//! reload of the file, each verdict that approves or rejects (never removes), within its
//! policy's `perSync`, runs through the same action path as a person's — re-read, stale check,
//! audit intent before and outcome after — as the actor `policy:<name>`, with the policies
//! file's hash and the evidence in the record. A connection whose action failed is not tried
//! again for `RETRY_AFTER`, so that a refusing Azure cannot make every sync retry it. An
//! approval under `requireSecondApprover` is checked and audited the same way but Azure is not
//! asked: the record says it awaits an approver, whose approval then completes it (and is
//! audited as confirming it). Each finished round is logged with how many actions it took
//! (`rounds`), which is what tests wait on.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use app::model::{
    PoliciesView, PolicyActionView, PolicyReloadView, PolicySummary, PolicyVerdictView,
};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio::sync::watch;

use crate::actions::{
    AWAITING_SECOND_APPROVER, ActionOutcome, ActionRequest, ActionService, Requester,
};
use crate::arm::ResourceId;
use crate::auth::{Actor, Role};
use crate::inventory::InventoryService;
use crate::policies::{Action, ConnectionVerdict, PolicyFile};
use crate::store::{AuditAction, AuditFilter, AuditRecord, Store, StoreError};
use crate::views::{ViewCache, Views, verdict_view};

/// How long a connection whose action failed is left alone.
pub const RETRY_AFTER: Duration = Duration::from_secs(300);

/// Runs the policies' verdicts after each sync.
pub struct PolicyEnforcer {
    views: Arc<ViewCache>,
    actions: Arc<ActionService>,
    failed: Mutex<HashMap<ResourceId, Instant>>,
    /// Approvals recorded as awaiting a second approver (not recorded again each round).
    awaiting: Mutex<HashSet<ResourceId>>,
    rounds: watch::Sender<Vec<usize>>,
}

/// How many rounds are kept in the log `rounds` answers.
const ROUNDS_KEPT: usize = 100;

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
            awaiting: Mutex::new(HashSet::new()),
            rounds: watch::Sender::new(Vec::new()),
        })
    }

    /// The actions each finished round took, oldest round first (the last `ROUNDS_KEPT`), to
    /// wait on.
    pub fn rounds(&self) -> watch::Receiver<Vec<usize>> {
        self.rounds.subscribe()
    }

    fn finish_round(&self, acted: usize) {
        self.rounds.send_modify(|rounds| {
            if rounds.len() == ROUNDS_KEPT {
                rounds.remove(0);
            }
            rounds.push(acted);
        });
    }

    /// One round over the current snapshot; nothing when the policies are in dry-run.
    pub async fn round(&self) -> Vec<Acted> {
        let views = self.views.current();
        let mut acted = Vec::new();
        let Some(policies) = views.policies.clone().filter(|p| !p.dry_run) else {
            self.finish_round(0);
            return acted;
        };
        for verdict in &views.verdicts {
            let action = match verdict.action {
                _ if verdict.waiting => continue,
                Action::Approve => AuditAction::Approve,
                Action::Reject => AuditAction::Reject,
                Action::Hold => continue,
            };
            if self.recently_failed(&verdict.connection)
                || (verdict.second_approver && self.already_awaiting(verdict).await)
            {
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
                awaiting_second_approver: verdict.second_approver,
            };
            let by = Requester {
                actor: Actor {
                    name: format!("policy:{}", verdict.policy),
                    email: None,
                    subject: None,
                    groups: Vec::new(),
                    role: Role::Approver,
                    mode: "policy",
                    address: None,
                    scope: crate::auth::TokenScope::All,
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
                Ok(done) if verdict.second_approver => {
                    tracing::info!(
                        policy = %verdict.policy, connection = %verdict.connection,
                        "a policy approved; awaiting a second approver"
                    );
                    if done.message == AWAITING_SECOND_APPROVER {
                        self.awaiting_set().insert(verdict.connection.clone());
                    }
                }
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
        self.finish_round(acted.len());
        acted
    }

    fn awaiting_set(&self) -> std::sync::MutexGuard<'_, HashSet<ResourceId>> {
        self.awaiting.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether the policy's approval of the connection already awaits a second approver: seen
    /// this run, or in the audit (after a restart).
    async fn already_awaiting(&self, verdict: &ConnectionVerdict) -> bool {
        if self.awaiting_set().contains(&verdict.connection) {
            return true;
        }
        let history = self
            .actions
            .store()
            .history(verdict.connection.as_str())
            .await
            .unwrap_or_default();
        let actor = format!("policy:{}", verdict.policy);
        let found = history.iter().any(|record| {
            record.intent.actor == actor
                && record
                    .outcome
                    .as_ref()
                    .is_some_and(|o| o.message == AWAITING_SECOND_APPROVER)
        });
        if found {
            self.awaiting_set().insert(verdict.connection.clone());
        }
        found
    }

    fn recently_failed(&self, connection: &ResourceId) -> bool {
        let mut failed = self.failed.lock().unwrap_or_else(PoisonError::into_inner);
        failed.retain(|_, at| at.elapsed() < RETRY_AFTER);
        failed.contains_key(connection)
    }

    /// A round after the first sync, after every later one, and after each reload of `file`,
    /// for as long as the server runs.
    pub async fn run(self: Arc<Self>, inventory: Arc<InventoryService>, file: Arc<PolicyFile>) {
        inventory.first_sync().await;
        let mut reloads = file.attempts();
        loop {
            // Taken before the round: a sync finishing during it is not missed.
            let next = inventory.next_snapshot();
            reloads.mark_unchanged();
            self.round().await;
            tokio::select! {
                _ = next => {}
                changed = reloads.changed() => {
                    if changed.is_err() {
                        return;
                    }
                }
            }
        }
    }
}

/// How many of a policy's recent actions the Policies page shows.
pub const RECENT_ACTIONS: u32 = 10;

/// The policies in force, their verdicts on the current Pending connections, what each did
/// lately (from `store`'s audit), and how the file was last reloaded.
pub async fn view(
    views: &Views,
    file: Option<&PolicyFile>,
    store: &Store,
    notifier: Option<&crate::notifications::Notifier>,
) -> Result<PoliciesView, StoreError> {
    let mut view = policies_view(views, file, store).await?;
    view.notifications = crate::notifications::view::view(notifier);
    Ok(view)
}

async fn policies_view(
    views: &Views,
    file: Option<&PolicyFile>,
    store: &Store,
) -> Result<PoliciesView, StoreError> {
    let Some(policies) = &views.policies else {
        return Ok(PoliciesView {
            mode: "dry-run".into(),
            ..PoliciesView::default()
        });
    };
    let set = &policies.set;
    let mut summaries = Vec::with_capacity(set.policies.len());
    for policy in &set.policies {
        let recent = store
            .query(&AuditFilter {
                actor: Some(format!("policy:{}", policy.name)),
                limit: RECENT_ACTIONS,
                ..AuditFilter::default()
            })
            .await?;
        summaries.push(PolicySummary {
            name: policy.name.clone(),
            action: policy.action.as_str().to_owned(),
            matches: views
                .verdicts
                .iter()
                .filter(|v| v.policy == policy.name)
                .count(),
            conditions: policy.in_words(),
            recent: recent.items.iter().map(action_view).collect(),
        });
    }
    Ok(PoliciesView {
        configured: true,
        path: Some(set.path.clone()),
        hash: Some(set.hash.clone()),
        mode: if policies.dry_run {
            "dry-run"
        } else {
            "enforce"
        }
        .into(),
        policies: summaries,
        verdicts: views
            .verdicts
            .iter()
            .map(|v| verdict_view(v, policies.dry_run))
            .collect::<Vec<PolicyVerdictView>>(),
        reload: file.map(|file| {
            let status = file.status();
            PolicyReloadView {
                loaded_at: rfc3339(status.loaded_at),
                checked_at: rfc3339(status.checked_at),
                error: status.error,
                reloads: status.reloads,
            }
        }),
        notifications: Default::default(),
    })
}

fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

fn action_view(record: &AuditRecord) -> PolicyActionView {
    PolicyActionView {
        audit_id: record.id.0,
        at: rfc3339(record.intent.at),
        action: record.intent.action.as_str().to_owned(),
        connection: record.intent.connection_id.clone(),
        result: record
            .outcome
            .as_ref()
            .map(|o| o.result.as_str().to_owned()),
        message: record.outcome.as_ref().map(|o| o.message.clone()),
    }
}
