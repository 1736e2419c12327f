//! `ActionService::reconcile`: at start-up, intents without an outcome (the process stopped
//! mid-action) are settled by reading each connection's current state from Azure and recording
//! what was found, so the audit never keeps an action whose fate is unknown.

use time::OffsetDateTime;

use super::ActionService;
use crate::store::{AuditOutcome, AuditResult};

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
            let intent = &record.intent;
            let (state, message) = match self.read(&intent.connection_id).await {
                Ok(target) => {
                    let state = target.connection.state.status.to_string();
                    let message = format!(
                        "the process stopped during this {}; afterwards the connection was {state} (it was {})",
                        intent.action.as_str(),
                        intent.previous_state
                    );
                    (Some(state), message)
                }
                Err(super::ActionError::Unknown(_)) => (
                    None,
                    format!(
                        "the process stopped during this {}; afterwards the connection no longer existed",
                        intent.action.as_str()
                    ),
                ),
                Err(error) => {
                    tracing::warn!(audit = record.id.0, %error, "could not read a connection to settle its unfinished action; will try at the next start");
                    continue;
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
                Ok(()) => settled += 1,
                Err(error) => {
                    tracing::error!(audit = record.id.0, %error, "could not settle an unfinished action")
                }
            }
        }
        if settled > 0 {
            tracing::warn!(settled, "settled actions a previous run left unfinished");
        }
        settled
    }
}
