//! A row of the `audit` table as SQLite hands it over, and its reading into an `AuditRecord`;
//! a row that does not read (edited by hand) is `StoreError::Corrupt`, never a panic.

use super::timestamp;
use super::{
    AuditAction, AuditId, AuditIntent, AuditOutcome, AuditRecord, AuditResult, StoreError,
};

/// The columns every read selects, in `AuditRow`'s order.
pub(crate) const COLUMNS: &str = "id, at, actor, email, groups, role, auth_mode, action, \
     connection_id, resource_id, subscription, consumer, previous_state, requested_state, \
     description, client_ip, request_id, evidence, completed_at, outcome, outcome_message, \
     final_state, arm_request_id, arm_correlation_id, subject";

/// One row, still as text.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct AuditRow {
    id: i64,
    at: String,
    actor: String,
    email: Option<String>,
    groups: String,
    role: String,
    auth_mode: String,
    action: String,
    connection_id: String,
    resource_id: String,
    subscription: String,
    consumer: Option<String>,
    previous_state: String,
    requested_state: Option<String>,
    description: String,
    client_ip: Option<String>,
    request_id: Option<String>,
    evidence: Option<String>,
    completed_at: Option<String>,
    outcome: Option<String>,
    outcome_message: Option<String>,
    final_state: Option<String>,
    arm_request_id: Option<String>,
    arm_correlation_id: Option<String>,
    subject: Option<String>,
}

impl AuditRow {
    /// Reads the row into a record.
    pub(crate) fn into_record(self) -> Result<AuditRecord, StoreError> {
        let id = AuditId(self.id);
        let corrupt = |message: String| StoreError::Corrupt { id, message };
        let outcome = match self.outcome {
            None => None,
            Some(result) => Some(AuditOutcome {
                at: timestamp::from_text(self.completed_at.as_deref().unwrap_or_default())
                    .map_err(corrupt)?,
                result: AuditResult::parse(&result).map_err(|error| corrupt(error.to_string()))?,
                message: self.outcome_message.unwrap_or_default(),
                final_state: self.final_state,
                arm_request_id: self.arm_request_id,
                arm_correlation_id: self.arm_correlation_id,
            }),
        };
        let intent = AuditIntent {
            at: timestamp::from_text(&self.at).map_err(corrupt)?,
            actor: self.actor,
            email: self.email,
            subject: self.subject,
            groups: serde_json::from_str(&self.groups).map_err(|error| {
                corrupt(format!(
                    "the groups {:?} are not a JSON array of strings: {error}",
                    self.groups
                ))
            })?,
            role: self.role,
            auth_mode: self.auth_mode,
            action: AuditAction::parse(&self.action).map_err(|error| corrupt(error.to_string()))?,
            connection_id: self.connection_id,
            resource_id: self.resource_id,
            subscription: self.subscription,
            consumer: self.consumer,
            previous_state: self.previous_state,
            requested_state: self.requested_state,
            description: self.description,
            client_ip: self.client_ip,
            request_id: self.request_id,
            evidence: self.evidence,
        };
        Ok(AuditRecord {
            id,
            intent,
            outcome,
        })
    }
}
