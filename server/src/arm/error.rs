//! `ArmError`: what can go wrong talking to Azure Resource Manager, each with what a user needs
//! to act on it (ARM's code and message, the request id to quote to Microsoft support).

use std::time::Duration;

/// A failed ARM call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArmError {
    /// ARM answered with an error that retrying will not fix (or retries ran out).
    #[error("ARM answered {status} {code}: {message}{}", request_suffix(.request_id))]
    Api {
        /// HTTP status.
        status: u16,
        /// ARM error code, e.g. `AuthorizationFailed`.
        code: String,
        /// ARM's message.
        message: String,
        /// `x-ms-request-id` of the failed request.
        request_id: Option<String>,
    },
    /// Still throttled (429) when the retries or the deadline ran out.
    #[error("throttled by ARM after {attempts} attempts (Retry-After {retry_after:?}){}", request_suffix(.request_id))]
    Throttled {
        /// Last `Retry-After` asked for.
        retry_after: Option<Duration>,
        /// Attempts made.
        attempts: u32,
        /// `x-ms-request-id` of the last attempt.
        request_id: Option<String>,
    },
    /// The call did not finish within its deadline.
    #[error("no answer from ARM within {deadline:?} ({attempts} attempts): {last}")]
    Deadline {
        /// The deadline of the call.
        deadline: Duration,
        /// Attempts made.
        attempts: u32,
        /// What the last attempt got.
        last: String,
    },
    /// The connection failed (after retries).
    #[error("cannot reach ARM at {url}: {message}")]
    Transport {
        /// The URL tried (no secrets in it).
        url: String,
        /// What failed.
        message: String,
    },
    /// No token could be obtained.
    #[error("cannot authenticate to ARM: {0}")]
    Auth(String),
    /// An answer was not the JSON it should be.
    #[error("ARM's answer from {url} is not valid JSON: {message}")]
    Decode {
        /// The URL called.
        url: String,
        /// The parser's complaint.
        message: String,
    },
    /// A link (nextLink, polling URL) points to another host; our token is never sent there.
    #[error("refusing to follow {url}: it is not on the ARM endpoint {endpoint}")]
    ForeignLink {
        /// The link.
        url: String,
        /// Our endpoint.
        endpoint: String,
    },
    /// A long-running operation ended Failed or Canceled.
    #[error("the operation ended {status}: {code}: {message}")]
    OperationFailed {
        /// `Failed` or `Canceled`.
        status: String,
        /// Error code from the operation body.
        code: String,
        /// Error message from the operation body.
        message: String,
    },
}

fn request_suffix(request_id: &Option<String>) -> String {
    request_id
        .as_ref()
        .map(|id| format!(" (x-ms-request-id {id})"))
        .unwrap_or_default()
}

impl ArmError {
    /// ARM's error code, when ARM gave one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Api { code, .. } | Self::OperationFailed { code, .. } => Some(code),
            Self::Throttled { .. } => Some("TooManyRequests"),
            _ => None,
        }
    }

    /// The HTTP status ARM answered, when it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. } => Some(*status),
            Self::Throttled { .. } => Some(429),
            _ => None,
        }
    }

    /// Builds the error for an ARM error answer, reading `{"error": {"code", "message"}}`.
    pub fn from_body(status: u16, body: &serde_json::Value, request_id: Option<String>) -> Self {
        let error = &body["error"];
        let code = error["code"]
            .as_str()
            .map_or_else(|| format!("Http{status}"), str::to_owned);
        let message = error["message"]
            .as_str()
            .map_or_else(|| "ARM gave no error message".to_owned(), str::to_owned);
        Self::Api {
            status,
            code,
            message,
            request_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arm_error_bodies_give_code_message_and_request_id() {
        let body =
            serde_json::json!({"error": {"code": "AuthorizationFailed", "message": "no access"}});
        let error = ArmError::from_body(403, &body, Some("abc".into()));
        assert_eq!(error.code(), Some("AuthorizationFailed"));
        assert_eq!(
            error.to_string(),
            "ARM answered 403 AuthorizationFailed: no access (x-ms-request-id abc)"
        );
        let bare = ArmError::from_body(502, &serde_json::Value::Null, None);
        assert_eq!(bare.code(), Some("Http502"));
    }
}
