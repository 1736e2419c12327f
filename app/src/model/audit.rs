//! The audit trail as the Audit page and `/api/v1/audit` show it: one entry per action, the
//! intent and (once known) its outcome.

use serde::{Deserialize, Serialize};

/// One action on a connection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// The record's number.
    pub id: i64,
    /// When it was asked for (RFC 3339, UTC).
    pub at: String,
    /// Who.
    pub actor: String,
    /// Their e-mail, if known.
    pub email: Option<String>,
    /// Their stable id: the ID token's `sub` for an OIDC sign-in, `token#ID` for an API token;
    /// none for local and proxy sign-ins, policies and records older than this field.
    #[serde(default)]
    pub subject: Option<String>,
    /// Their groups.
    pub groups: Vec<String>,
    /// Their role.
    pub role: String,
    /// How they signed in: `local`, `proxy`, `oidc`, `token`, or `policy` for an approval policy.
    pub auth_mode: String,
    /// `approve`, `reject` or `remove`.
    pub action: String,
    /// The connection.
    pub connection_id: String,
    /// The PLS or resource holding it.
    pub resource_id: String,
    /// Its subscription.
    pub subscription: String,
    /// Who consumed the connection when the action was asked for, as the lists named it
    /// (none for records older than this field, or when the inventory did not know it).
    #[serde(default)]
    pub consumer: Option<String>,
    /// Why an approval policy acted: its file, the file's SHA-256 and what matched (none for
    /// people's actions).
    #[serde(default)]
    pub evidence: Option<String>,
    /// Its state before.
    pub previous_state: String,
    /// The state asked for (none for remove).
    pub requested_state: Option<String>,
    /// The justification.
    pub description: String,
    /// The client's address.
    pub client_ip: Option<String>,
    /// Our request id.
    pub request_id: Option<String>,
    /// `succeeded`, `failed`, `skipped`, `reconciled`; none while in flight.
    pub outcome: Option<String>,
    /// What happened.
    pub outcome_message: Option<String>,
    /// When it ended.
    pub completed_at: Option<String>,
    /// The state afterwards.
    pub final_state: Option<String>,
    /// ARM's `x-ms-request-id`.
    pub arm_request_id: Option<String>,
    /// ARM's `x-ms-correlation-request-id`.
    pub arm_correlation_id: Option<String>,
}
