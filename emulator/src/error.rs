//! ARM error responses: `{"error": {"code", "message"}}` with the status ARM uses for each case.

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::json;

/// An error as ARM reports it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{status} {code}: {message}")]
pub struct ArmError {
    /// HTTP status.
    pub status: StatusCode,
    /// ARM error code, e.g. `ResourceNotFound`.
    pub code: &'static str,
    /// Human-readable message.
    pub message: String,
    /// How long to wait, for 429 and 503.
    pub retry_after: Option<std::time::Duration>,
}

impl ArmError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    /// 400 with a code.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 401: no or wrong bearer token.
    pub fn unauthenticated(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, message)
    }

    /// 403 `AuthorizationFailed` for a subscription the caller may not read or write.
    pub fn forbidden(action: &str, scope: &str) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "AuthorizationFailed",
            format!(
                "The client 'linkcenter-demo' with object id '00000000-0000-0000-0000-000000000000' does not have \
                 authorization to perform action '{action}' over scope '{scope}' or the scope is invalid. \
                 If access was recently granted, please refresh your credentials."
            ),
        )
    }

    /// 404 for a resource that does not exist.
    pub fn resource_not_found(kind: &str, name: &str, resource_group: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "ResourceNotFound",
            format!(
                "The Resource '{kind}/{name}' under resource group '{resource_group}' was not found."
            ),
        )
    }

    /// 404 with a code of one's own.
    pub fn not_found(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, message)
    }

    /// 409 for a conflicting change.
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, message)
    }

    /// 429 with `Retry-After`.
    pub fn throttled(retry_after: std::time::Duration) -> Self {
        Self {
            retry_after: Some(retry_after),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "TooManyRequests",
                "The request is being throttled as the limit has been reached for operation type - Read.",
            )
        }
    }

    /// 500 or 503, an injected server fault.
    pub fn server_fault(unavailable: bool) -> Self {
        if unavailable {
            Self {
                retry_after: Some(std::time::Duration::from_secs(1)),
                ..Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "ServiceUnavailable",
                    "The service is temporarily unavailable. Please try again later.",
                )
            }
        } else {
            Self::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalServerError",
                "Encountered internal server error. Diagnostic information: emulated fault.",
            )
        }
    }
}

impl IntoResponse for ArmError {
    fn into_response(self) -> Response {
        let body = json!({ "error": { "code": self.code, "message": self.message } });
        let mut response = (self.status, Json(body)).into_response();
        if let Some(wait) = self.retry_after {
            // ARM sends whole seconds; a shorter wait is also given in milliseconds, as
            // `x-ms-retry-after-ms` (which Azure SDKs read first).
            let seconds = wait.as_secs_f64().ceil().max(1.0) as u64;
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            if wait.subsec_millis() != 0 || wait.as_secs() == 0 {
                response.headers_mut().insert(
                    "x-ms-retry-after-ms",
                    HeaderValue::from(wait.as_millis() as u64),
                );
            }
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(
                    "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", error=\"invalid_token\"",
                ),
            );
        }
        response
    }
}
