//! API tokens as the Audit page's Tokens section lists them for approvers: never the secret
//! (the server does not keep it), only what a token is and how it was used.

use serde::{Deserialize, Serialize};

/// One API token.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenView {
    /// Its name (`token:NAME` in the audit).
    pub name: String,
    /// `viewer` or `approver`.
    pub role: String,
    /// `all subscriptions`, or the GUIDs it is limited to.
    pub scope: String,
    /// Who made it.
    pub created_by: String,
    /// When (RFC 3339).
    pub created_at: String,
    /// When it was last used, to the minute (RFC 3339).
    pub last_used_at: Option<String>,
    /// When it stops working (RFC 3339); `None`: never.
    pub expires_at: Option<String>,
    /// `active`, `expired` or `revoked`.
    pub status: String,
}
