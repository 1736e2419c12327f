//! `decide`: whether an action may go ahead on a connection in its current state, given the
//! state the user saw. Pure. Azure's own rules (Rejected is final) are checked here, before any
//! call, so the user gets our message rather than ARM's.

use crate::arm::models::ConnectionStatus;
use crate::store::AuditAction;

use super::ActionError;

/// What to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Set this state (approve, reject).
    Set(ConnectionStatus),
    /// Delete the connection (remove).
    Delete,
    /// Nothing to do: it is already so; the message says what.
    AlreadyDone(String),
}

/// Decides `action` on a connection now in `current`, which the user saw in `seen` (if known).
pub fn decide(
    action: AuditAction,
    current: &ConnectionStatus,
    seen: Option<&ConnectionStatus>,
) -> Result<Decision, ActionError> {
    if let Some(seen) = seen
        && seen != current
    {
        return Err(ActionError::Changed {
            seen: seen.to_string(),
            now: current.to_string(),
        });
    }
    use ConnectionStatus as S;
    match (action, current) {
        (AuditAction::Remove, _) => Ok(Decision::Delete),
        (AuditAction::Approve, S::Pending) => Ok(Decision::Set(S::Approved)),
        (AuditAction::Reject, S::Pending | S::Approved) => Ok(Decision::Set(S::Rejected)),
        (AuditAction::Approve, S::Approved) | (AuditAction::Reject, S::Rejected) => Ok(
            Decision::AlreadyDone(format!("the connection is already {current}: nothing to do")),
        ),
        (AuditAction::Approve, S::Rejected) => Err(ActionError::InvalidTransition(
            "a Rejected connection cannot be approved: Azure treats Rejected as final; the consumer must create a new private endpoint".into(),
        )),
        (_, other) => Err(ActionError::InvalidTransition(format!(
            "a connection in state '{other}' cannot be {}d; it can only be removed",
            action.as_str()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConnectionStatus as S;

    #[test]
    fn approve_and_reject_follow_azure_and_remove_always_goes() {
        assert_eq!(
            decide(AuditAction::Approve, &S::Pending, Some(&S::Pending)).unwrap(),
            Decision::Set(S::Approved)
        );
        assert_eq!(
            decide(AuditAction::Reject, &S::Approved, None).unwrap(),
            Decision::Set(S::Rejected)
        );
        assert_eq!(
            decide(AuditAction::Remove, &S::Disconnected, None).unwrap(),
            Decision::Delete
        );
        assert!(
            matches!(decide(AuditAction::Approve, &S::Approved, None).unwrap(), Decision::AlreadyDone(m) if m.contains("already Approved"))
        );
        let refused = decide(AuditAction::Approve, &S::Rejected, Some(&S::Rejected)).unwrap_err();
        assert!(
            matches!(refused, ActionError::InvalidTransition(m) if m.contains("Rejected as final"))
        );
        assert!(decide(AuditAction::Reject, &S::Disconnected, None).is_err());
    }

    #[test]
    fn a_state_other_than_the_one_seen_is_refused_with_the_fresh_state() {
        let changed = decide(AuditAction::Approve, &S::Approved, Some(&S::Pending)).unwrap_err();
        assert_eq!(
            changed.to_string(),
            "changed since you loaded it: now Approved (you saw Pending)"
        );
        assert_eq!(changed.status(), 409);
    }
}
