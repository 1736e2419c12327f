//! `ApiError`: the JSON error body `{"error": {"code", "message"}}` every `/api` failure answers with.

use axum::{
    Json,
    http::{StatusCode, Uri},
    response::{IntoResponse, Response},
};
use serde_json::json;

/// An error answered to an API client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable machine-readable code, e.g. `NotFound`.
    pub code: &'static str,
    /// Human-readable explanation.
    pub message: String,
}

impl From<app::model::QueryError> for ApiError {
    fn from(error: app::model::QueryError) -> Self {
        Self::bad_query(error.to_string())
    }
}

impl ApiError {
    /// 400 for a bad query parameter (`BadQuery`), with the message naming it.
    pub fn bad_query(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            code: "BadQuery",
            message: message.into(),
        }
    }

    /// 400 for a bad request body or value (`BadRequest`), with the message naming it.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            code: "BadRequest",
            message: message.into(),
        }
    }

    /// 404 for a path the API does not have.
    pub fn not_found(path: &str) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            code: "NotFound",
            message: format!("no API endpoint at {path}"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "error": { "code": self.code, "message": self.message } });
        (self.status, Json(body)).into_response()
    }
}

/// Fallback for unknown `/api/*` paths: JSON, never the HTML 404 page.
pub async fn api_not_found(uri: Uri) -> ApiError {
    ApiError::not_found(uri.path())
}
