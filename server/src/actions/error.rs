//! `ActionError`: why an action did not happen, each with the HTTP status the API answers.

use std::time::Duration;

/// Why an action was refused or failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    /// The request itself is wrong (id, description, state).
    #[error("{0}")]
    BadInput(String),
    /// The connection's resource type is not one Link Center changes.
    #[error(
        "connections of {0} cannot be changed by Link Center (supported: private link services, SQL servers, Storage accounts, AKS clusters)"
    )]
    Unsupported(String),
    /// No such connection in Azure.
    #[error("no connection {0}: it may have been removed")]
    Unknown(String),
    /// The connection is no longer in the state the user saw.
    #[error("changed since you loaded it: now {now} (you saw {seen})")]
    Changed {
        /// The state the user saw.
        seen: String,
        /// The state now.
        now: String,
    },
    /// Azure would refuse this change.
    #[error("{0}")]
    InvalidTransition(String),
    /// Azure refused or failed.
    #[error("Azure refused: {code}: {message}")]
    Azure {
        /// ARM's error code.
        code: String,
        /// ARM's message.
        message: String,
    },
    /// The audit store could not record the intent: nothing was sent to Azure.
    #[error("the audit store could not record the action, so nothing was sent to Azure: {0}")]
    Store(String),
    /// The requester may not act (not an approver, no role).
    #[error("{0}")]
    Forbidden(crate::auth::AuthError),
    /// Too many actions from this actor.
    #[error("too many actions: try again in {} s", .0.as_secs().max(1))]
    RateLimited(Duration),
    /// The action's task stopped before it could answer (a bug); the audit shows how far it got.
    #[error("the action stopped unexpectedly ({0}); see the audit for how far it got")]
    Interrupted(String),
}

impl ActionError {
    /// The HTTP status of the API answer.
    pub fn status(&self) -> u16 {
        match self {
            Self::BadInput(_) | Self::Unsupported(_) => 400,
            Self::Unknown(_) => 404,
            Self::Changed { .. } | Self::InvalidTransition(_) => 409,
            Self::RateLimited(_) => 429,
            Self::Forbidden(error) => error.status(),
            Self::Store(_) => 503,
            Self::Interrupted(_) => 500,
            Self::Azure { .. } => 502,
        }
    }

    /// A short machine-readable code for the API's error body.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadInput(_) => "BadRequest",
            Self::Unsupported(_) => "UnsupportedResourceType",
            Self::Unknown(_) => "ConnectionNotFound",
            Self::Changed { .. } => "ChangedSinceLoaded",
            Self::InvalidTransition(_) => "InvalidTransition",
            Self::RateLimited(_) => "TooManyActions",
            Self::Forbidden(_) => "Forbidden",
            Self::Store(_) => "AuditUnavailable",
            Self::Interrupted(_) => "Interrupted",
            Self::Azure { .. } => "AzureError",
        }
    }
}

impl From<ActionError> for app::error::AppError {
    fn from(error: ActionError) -> Self {
        Self::new(error.status(), error.to_string())
    }
}
