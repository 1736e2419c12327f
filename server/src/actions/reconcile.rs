//! `ActionService::reconcile`: at start-up, intents without an outcome (the process stopped
//! mid-action) are settled by reading each connection from Azure and recording what was found,
//! so the audit never keeps an action whose fate is unknown. A connection still being changed
//! (`provisioningState` `Deleting`, `Updating`…: the write the process sent is still running in
//! Azure) is read again until it settles — gone, or in its final state — within a bound; only
//! then is the outcome written, since the audit cannot take it back.

use std::time::Duration;

use time::OffsetDateTime;

use super::{ActionError, ActionService};
use crate::arm::models::ResourceConnection;
use crate::store::{AuditAction, AuditOutcome, AuditRecord, AuditResult};

/// How long one connection is watched for its operation to end before it is left for the next
/// start (ARM's long-running deletes of connections take seconds to a few minutes).
const SETTLE_WITHIN: Duration = Duration::from_secs(600);
/// The first wait between two reads; it doubles up to `MAX_WAIT`.
const FIRST_WAIT: Duration = Duration::from_millis(500);
const MAX_WAIT: Duration = Duration::from_secs(15);

impl ActionService {
    /// Settles every open intent; answers how many were settled.
    pub async fn reconcile(&self) -> usize {
        let open = match self.store().open_intents().await {
            Ok(open) => open,
            Err(error) => {
                tracing::error!(%error, "could not list unfinished actions");
                return 0;
            }
        };
        let mut settled = 0;
        for record in open {
            if self.settle_record(&record).await {
                settled += 1;
            }
        }
        if settled > 0 {
            tracing::warn!(settled, "settled actions a previous run left unfinished");
        }
        settled
    }

    /// Settles one open intent; `false` when it stays open for the next start.
    async fn settle_record(&self, record: &AuditRecord) -> bool {
        let intent = &record.intent;
        let Ok((id, _)) = super::service::parse_connection(&intent.connection_id) else {
            tracing::error!(audit = record.id.0, connection = %intent.connection_id, "an unfinished action names no connection");
            return false;
        };
        // No action of this run may change it while we look.
        let _held = self.locks().hold(&id).await;
        let stopped = format!("the process stopped during this {}", intent.action.as_str());
        let (state, message) = match self.settled(&intent.connection_id).await {
            Ok(Some(connection)) => {
                let state = connection.state.status.to_string();
                let message = format!(
                    "{stopped}; afterwards the connection was {state} (it was {})",
                    intent.previous_state
                );
                (Some(state), message)
            }
            Ok(None) if intent.action == AuditAction::Remove => (
                None,
                format!("{stopped}; afterwards the connection was removed"),
            ),
            Ok(None) => (
                None,
                format!("{stopped}; afterwards the connection no longer existed"),
            ),
            Err(error) => {
                tracing::warn!(audit = record.id.0, %error, "could not settle an unfinished action; will try at the next start");
                return false;
            }
        };
        let outcome = AuditOutcome {
            at: OffsetDateTime::now_utc(),
            result: AuditResult::Reconciled,
            message,
            final_state: state,
            arm_request_id: None,
            arm_correlation_id: None,
        };
        match self.store().complete(record.id, &outcome).await {
            Ok(()) => true,
            Err(error) => {
                tracing::error!(audit = record.id.0, %error, "could not settle an unfinished action");
                false
            }
        }
    }

    /// Reads the connection until no operation runs on it, within `SETTLE_WITHIN`: as it is
    /// then, or `None` once it no longer exists.
    async fn settled(&self, id: &str) -> Result<Option<ResourceConnection>, ActionError> {
        let deadline = tokio::time::Instant::now() + SETTLE_WITHIN;
        let mut wait = FIRST_WAIT;
        loop {
            let connection = match self.read(id).await {
                Ok(target) => target.connection,
                Err(ActionError::Unknown(_)) => return Ok(None),
                Err(error) => return Err(error),
            };
            if !in_progress(connection.provisioning_state.as_deref()) {
                return Ok(Some(connection));
            }
            if tokio::time::Instant::now() + wait > deadline {
                return Err(ActionError::Azure {
                    code: "StillInProgress".into(),
                    message: format!(
                        "the connection is still {} after {} s",
                        connection.provisioning_state.unwrap_or_default(),
                        SETTLE_WITHIN.as_secs()
                    ),
                });
            }
            tracing::info!(connection = %id, state = ?connection.provisioning_state, "an unfinished action's connection is still changing; reading it again");
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(MAX_WAIT);
        }
    }
}

/// Whether a `provisioningState` says an operation is still running: anything but the final
/// states (`Succeeded`, Sql's `Ready`, `Failed`, `Canceled`) or none at all.
fn in_progress(state: Option<&str>) -> bool {
    state.is_some_and(|state| {
        !["succeeded", "ready", "failed", "canceled", "cancelled"]
            .iter()
            .any(|done| done.eq_ignore_ascii_case(state))
    })
}

#[cfg(test)]
mod tests {
    use super::in_progress;

    #[test]
    fn only_final_provisioning_states_are_settled() {
        for running in [
            "Deleting",
            "Updating",
            "Creating",
            "Provisioning",
            "InProgress",
        ] {
            assert!(in_progress(Some(running)), "{running}");
        }
        for done in ["Succeeded", "Ready", "Failed", "Canceled", "succeeded"] {
            assert!(!in_progress(Some(done)), "{done}");
        }
        assert!(!in_progress(None), "a provider that reports none");
    }
}
