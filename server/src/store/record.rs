//! The audit record: the intent written before an Azure call, the outcome written after it, and
//! the id that ties them together. Plain data; the SQL lives in `row` and `audit`.

use std::fmt;

use time::OffsetDateTime;

use super::{AuditAction, AuditResult};

/// The id of an audit record, as the database numbered it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AuditId(pub i64);

impl fmt::Display for AuditId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What someone set out to do to a connection, recorded before Azure is called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditIntent {
    /// When the intent was recorded (stored in UTC).
    pub at: OffsetDateTime,
    /// Who acted: the signed-in user's name, or the service identity.
    pub actor: String,
    /// The actor's e-mail, when the sign-in carried one.
    pub email: Option<String>,
    /// The actor's stable id (the ID token's `sub`, `token#ID`); none for local and proxy
    /// sign-ins, policies and older records.
    pub subject: Option<String>,
    /// The actor's groups at the time, which granted the role.
    pub groups: Vec<String>,
    /// The role that allowed the action, e.g. `approver`.
    pub role: String,
    /// How the actor was authenticated, e.g. `entra` or `none`.
    pub auth_mode: String,
    /// The action.
    pub action: AuditAction,
    /// The private endpoint connection's resource id.
    pub connection_id: String,
    /// The Private Link service or PaaS resource holding the connection.
    pub resource_id: String,
    /// The subscription of that resource.
    pub subscription: String,
    /// Who consumed the connection, as the lists named it then; none when not known.
    pub consumer: Option<String>,
    /// Why an approval policy acted (its file, hash and what matched); none for people.
    pub evidence: Option<String>,
    /// The connection's state when the action was asked for, e.g. `Pending`.
    pub previous_state: String,
    /// The state asked for (`Approved`, `Rejected`); none for a removal.
    pub requested_state: Option<String>,
    /// The description sent to Azure with the change (the reason given).
    pub description: String,
    /// The client's address, when known.
    pub client_ip: Option<String>,
    /// Our `x-request-id` of the request that asked for the action.
    pub request_id: Option<String>,
}

/// How an intent ended, recorded once after the Azure call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditOutcome {
    /// When the outcome was recorded (stored in UTC).
    pub at: OffsetDateTime,
    /// How it ended.
    pub result: AuditResult,
    /// What happened, for people: ARM's error message, or why it was skipped.
    pub message: String,
    /// The connection's state afterwards, when known.
    pub final_state: Option<String>,
    /// ARM's `x-ms-request-id`, to quote to Microsoft support.
    pub arm_request_id: Option<String>,
    /// ARM's `x-ms-correlation-request-id`.
    pub arm_correlation_id: Option<String>,
}

/// One stored record: an intent and, once completed, its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    /// The record's id.
    pub id: AuditId,
    /// What was set out to do.
    pub intent: AuditIntent,
    /// How it ended; none while the action is in flight or was cut short by a crash.
    pub outcome: Option<AuditOutcome>,
}
