//! What the approval policies say about Pending connections, as `/api/v1/policies` and the
//! pages show it: one verdict per connection a policy matches, and the policies in force.

use serde::{Deserialize, Serialize};

/// A policy's verdict on one Pending connection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PolicyVerdictView {
    /// The connection's id.
    pub connection: String,
    /// The policy that matched (the first that did).
    pub policy: String,
    /// `approve`, `reject` or `hold`.
    pub action: String,
    /// Whether the policies are in dry-run: the verdict is shown, never carried out.
    pub dry_run: bool,
    /// What matched what, e.g. `service name 'myPLS' matches 'my*'`.
    pub evidence: Vec<String>,
    /// Why it holds instead of acting, when it does.
    pub held_because: Option<String>,
    /// Over the policy's `perSync`: it waits for a later sync.
    pub waiting: bool,
    /// An approval an approver must confirm before Azure is asked (`requireSecondApprover`).
    #[serde(default)]
    pub second_approver: bool,
}

impl PolicyVerdictView {
    /// One sentence for a table cell: `Policy afd-contoso would approve`.
    pub fn sentence(&self) -> String {
        let verb = match (self.action.as_str(), self.dry_run) {
            ("hold", _) => "holds".to_owned(),
            (action, true) if self.waiting => format!("would {action} at a later sync"),
            (action, true) if self.second_approver => {
                format!("would {action}, then await a second approver")
            }
            (action, true) => format!("would {action}"),
            (action, false) if self.waiting => format!("will {action} at a later sync"),
            (action, false) if self.second_approver => {
                format!("{action}s; awaiting a second approver")
            }
            (action, false) => format!("{action}s"),
        };
        format!("Policy {} {verb}", self.policy)
    }
}

/// The policies in force and what they match now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PoliciesView {
    /// Whether a policies file is configured.
    pub configured: bool,
    /// The file, as named on the command line.
    pub path: Option<String>,
    /// SHA-256 of the file (hex).
    pub hash: Option<String>,
    /// The mode in force: `dry-run` or `enforce` (dry-run when `--policies-enforce false`).
    pub mode: String,
    /// Each policy, in order.
    pub policies: Vec<PolicySummary>,
    /// The verdicts on the current Pending connections, oldest request first.
    pub verdicts: Vec<PolicyVerdictView>,
    /// How the file in force was read, and why the last reload was refused if it was.
    pub reload: Option<PolicyReloadView>,
    /// The notification targets and their delivery log (`--notifications`).
    #[serde(default)]
    pub notifications: super::NotificationsView,
}

/// How the policies file in force was read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PolicyReloadView {
    /// When the policies in force were read (RFC 3339).
    pub loaded_at: String,
    /// When the file was last read, successfully or not (RFC 3339).
    pub checked_at: String,
    /// Why the last reload was refused (`FILE:LINE:COL: …`); the previous policies stay.
    pub error: Option<String>,
    /// Reloads that put other policies in force since start.
    pub reloads: u64,
}

/// One policy and how many Pending connections it matches now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PolicySummary {
    /// Its name.
    pub name: String,
    /// `approve`, `reject` or `hold`.
    pub action: String,
    /// Pending connections it is the first match of.
    pub matches: usize,
    /// Its conditions and limits, one sentence each.
    pub conditions: Vec<String>,
    /// What it did lately, newest first (from the audit).
    pub recent: Vec<PolicyActionView>,
}

/// One thing a policy did, from the audit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PolicyActionView {
    /// The audit record's id.
    pub audit_id: i64,
    /// When it was asked (RFC 3339).
    pub at: String,
    /// `approve` or `reject`.
    pub action: String,
    /// The connection's id.
    pub connection: String,
    /// How it ended (`succeeded`, `failed`, `skipped`, …); none while in flight.
    pub result: Option<String>,
    /// What happened, in words.
    pub message: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(action: &str, dry_run: bool, waiting: bool) -> PolicyVerdictView {
        PolicyVerdictView {
            connection: "c".into(),
            policy: "afd".into(),
            action: action.into(),
            dry_run,
            evidence: Vec::new(),
            held_because: None,
            waiting,
            second_approver: false,
        }
    }

    #[test]
    fn a_verdict_reads_as_what_the_policy_does_or_would_do() {
        assert_eq!(
            verdict("approve", true, false).sentence(),
            "Policy afd would approve"
        );
        assert_eq!(
            verdict("reject", false, false).sentence(),
            "Policy afd rejects"
        );
        assert_eq!(
            verdict("approve", false, true).sentence(),
            "Policy afd will approve at a later sync"
        );
        assert_eq!(verdict("hold", true, false).sentence(), "Policy afd holds");
        let confirmed = |dry_run| PolicyVerdictView {
            second_approver: true,
            ..verdict("approve", dry_run, false)
        };
        assert_eq!(
            confirmed(false).sentence(),
            "Policy afd approves; awaiting a second approver"
        );
        assert_eq!(
            confirmed(true).sentence(),
            "Policy afd would approve, then await a second approver"
        );
    }
}
