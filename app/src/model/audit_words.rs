//! The closed vocabularies of an audit record: the action taken on a connection and how it ended,
//! with the lower-case words the database, the API and the audit filter (`AuditFilter`) use.

use std::{fmt, str::FromStr};

/// A word that is not one of a vocabulary's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a known audit {vocabulary} (expected one of: {expected})")]
pub struct UnknownWord {
    /// `action` or `result`.
    pub vocabulary: &'static str,
    /// The words accepted.
    pub expected: &'static str,
    /// The word given.
    pub value: String,
}

/// What was done to a private endpoint connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    /// The connection was approved.
    Approve,
    /// The connection was rejected.
    Reject,
    /// The connection was removed from the resource.
    Remove,
}

impl AuditAction {
    /// Every action, in the order a UI lists them.
    pub const ALL: [AuditAction; 3] = [Self::Approve, Self::Reject, Self::Remove];

    /// The stored word: `approve`, `reject` or `remove`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Reject => "reject",
            Self::Remove => "remove",
        }
    }

    /// Reads a stored word, in any case.
    pub fn parse(text: &str) -> Result<Self, UnknownWord> {
        Self::ALL
            .into_iter()
            .find(|action| action.as_str().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| UnknownWord {
                vocabulary: "action",
                expected: "approve, reject, remove",
                value: text.to_owned(),
            })
    }
}

/// How an action ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditResult {
    /// Azure accepted the change.
    Succeeded,
    /// Azure refused it or the call failed.
    Failed,
    /// Nothing was sent: the connection was already in the requested state, or gone.
    Skipped,
    /// Completed after a restart from what Azure showed, for an intent left open by a crash.
    Reconciled,
}

impl AuditResult {
    /// Every result, in the order a UI lists them.
    pub const ALL: [AuditResult; 4] = [
        Self::Succeeded,
        Self::Failed,
        Self::Skipped,
        Self::Reconciled,
    ];

    /// The stored word: `succeeded`, `failed`, `skipped` or `reconciled`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Skipped => "skipped",
            Self::Reconciled => "reconciled",
        }
    }

    /// Reads a stored word, in any case.
    pub fn parse(text: &str) -> Result<Self, UnknownWord> {
        Self::ALL
            .into_iter()
            .find(|result| result.as_str().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| UnknownWord {
                vocabulary: "result",
                expected: "succeeded, failed, skipped, reconciled",
                value: text.to_owned(),
            })
    }
}

impl fmt::Display for AuditAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for AuditResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AuditAction {
    type Err = UnknownWord;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl FromStr for AuditResult {
    type Err = UnknownWord;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_reads_back_as_itself_in_any_case() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.as_str()), Ok(action));
            assert_eq!(action.as_str().to_uppercase().parse(), Ok(action));
        }
        for result in AuditResult::ALL {
            assert_eq!(AuditResult::parse(result.as_str()), Ok(result));
            assert_eq!(result.as_str().to_uppercase().parse(), Ok(result));
        }
    }

    #[test]
    fn an_unknown_word_names_the_words_expected() {
        let error = AuditAction::parse("delete").unwrap_err();
        assert_eq!(
            error.to_string(),
            "\"delete\" is not a known audit action (expected one of: approve, reject, remove)"
        );
        assert!(AuditResult::parse("ok").is_err());
        assert!(AuditResult::parse("").is_err());
    }
}
