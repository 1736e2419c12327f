//! The site guard, outside every other layer: in `--auth local` a request whose `Host` is not
//! this server's is answered 421 before anything reads data (DNS rebinding), and a
//! state-changing request (any method but GET, HEAD and OPTIONS: the API's POSTs, server
//! functions, the confirmation form) from another origin is refused with 403 before it reaches
//! a handler, so no handler can forget the check. A request with an API token and no cookie
//! cannot ride on a browser's credentials, so the origin check does not apply to it.

use std::sync::Arc;

use axum::{
    extract::{Request, State},
    http::{Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::ApiError;
use crate::auth::{OriginError, SiteOrigins, token_only};

/// Refuses requests for other hosts, and state-changing requests from other origins.
pub async fn guard(State(site): State<Arc<SiteOrigins>>, request: Request, next: Next) -> Response {
    if let Err(error) = site.check_host(request.headers(), request.uri()) {
        return refused(&error).into_response();
    }
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe
        && !token_only(request.headers())
        && let Err(error) = site.check_origin(request.headers())
    {
        return refused(&error).into_response();
    }
    next.run(request).await
}

/// The API error of a foreign host or origin.
fn refused(error: &OriginError) -> ApiError {
    ApiError {
        status: StatusCode::from_u16(error.status()).unwrap_or(StatusCode::FORBIDDEN),
        code: error.code(),
        message: error.to_string(),
    }
}
