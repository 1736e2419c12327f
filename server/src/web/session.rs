//! The identity layer: every request gets its `Actor` (see `auth::identify`) in its extensions,
//! or is refused — 401 without a believable identity, 400 for malformed identity headers, 403
//! for a user without a role. Health and metrics stay open to probes, which do not come through
//! the proxy.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::{
    extract::{ConnectInfo, Request, State},
    http::StatusCode,
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::ApiError;
use crate::auth::{AuthError, AuthSettings, identify};

/// Paths probes reach without an identity.
const OPEN: [&str; 3] = ["/healthz", "/readyz", "/metrics"];

/// Identifies the request's actor; refuses it when there is none who may read.
pub async fn identify_actor(
    State(auth): State<Arc<AuthSettings>>,
    mut request: Request,
    next: Next,
) -> Response {
    if OPEN.contains(&request.uri().path()) {
        return next.run(request).await;
    }
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    match identify(&auth.mode, peer, request.headers()).and_then(|actor| actor.reader()) {
        Ok(actor) => {
            request.extensions_mut().insert(actor);
            next.run(request).await
        }
        Err(error) => refused(&error).into_response(),
    }
}

/// The API error of an authentication or role failure.
pub fn refused(error: &AuthError) -> ApiError {
    let (status, code) = match error.status() {
        400 => (StatusCode::BAD_REQUEST, "BadIdentityHeaders"),
        401 => (StatusCode::UNAUTHORIZED, "Unauthenticated"),
        _ => (StatusCode::FORBIDDEN, "Forbidden"),
    };
    ApiError {
        status,
        code,
        message: error.to_string(),
    }
}
