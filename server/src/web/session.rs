//! The identity layer: every request gets its `Actor` (see `auth::identify`) in its extensions,
//! or is refused — 401 without a believable identity, 400 for malformed identity headers, 403
//! for a user without a role. An API token (`Authorization: Bearer lc_…`, see `auth::bearer`)
//! on `/api/v1` is looked up in the store on every request, so a revocation counts at once;
//! one limited to subscriptions reaches only what narrows to them (`auth::scoped_path`). In
//! `--auth oidc` the session cookie names the actor; without a live session a page load is sent
//! to sign in and anything else is 401, but for the sign-in routes, page and static files.
//! Health and metrics stay open to probes, which do not come through the proxy.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::{
    extract::{ConnectInfo, Request, State},
    http::StatusCode,
    middleware::Next,
    response::{IntoResponse, Response},
};
use time::OffsetDateTime;

use super::ApiError;
use crate::auth::{
    Actor, AuthError, AuthMode, AuthSettings, TokenRefusal, TokenSecret, bearer, client_address,
    identify, record_use, scoped_path, usable,
};
use crate::store::Store;

/// Paths probes reach without an identity.
const OPEN: [&str; 3] = ["/healthz", "/readyz", "/metrics"];

/// What the identity layer needs: the auth settings, the store holding the API tokens, and in
/// `--auth oidc` the sessions.
#[derive(Debug, Clone)]
pub struct Identity {
    /// How people are authenticated.
    pub settings: Arc<AuthSettings>,
    /// Where the API tokens are.
    pub store: Store,
    /// `--auth oidc`'s sign-in and sessions.
    pub sign_in: Option<Arc<super::sign_in::SignIn>>,
}

/// What a browser reaches before signing in (`--auth oidc`): the sign-in routes and page, and
/// the static files the page needs.
fn before_sign_in(path: &str) -> bool {
    path.starts_with("/auth/")
        || path == super::sign_in::SIGN_IN_PAGE
        || path.starts_with("/pkg/")
        || matches!(path, "/favicon.svg" | "/copy.js")
}

/// The actor of `--auth oidc`'s session cookie, if it names a live session.
fn of_session(
    sign_in: &super::sign_in::SignIn,
    headers: &http::HeaderMap,
    address: Option<std::net::IpAddr>,
) -> Option<Actor> {
    let id = super::sign_in::cookie_value(headers, sign_in.cookie_name())?;
    let session = sign_in.sessions.touch(
        &crate::auth::SessionId::from_cookie(&id),
        std::time::Instant::now(),
    )?;
    Some(Actor {
        name: session.name,
        email: session.email,
        subject: Some(session.subject),
        groups: session.memberships,
        role: session.role,
        mode: "oidc",
        address,
        scope: crate::auth::TokenScope::All,
    })
}

/// Identifies the request's actor; refuses it when there is none who may read.
pub async fn identify_actor(
    State(identity): State<Arc<Identity>>,
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
    let mode = &identity.settings.mode;
    let headers = request.headers();
    let path = request.uri().path();
    let actor = match bearer(headers, path, matches!(mode, AuthMode::Proxy(_))) {
        Err(error) => Err(error),
        Ok(Some(secret)) => {
            let address = client_address(mode, peer, headers);
            of_token(&identity.store, &secret, address).await
        }
        Ok(None) => match &identity.sign_in {
            Some(sign_in) => {
                let address = client_address(mode, peer, headers);
                match of_session(sign_in, headers, address) {
                    Some(actor) => Ok(actor),
                    None if before_sign_in(path) => return next.run(request).await,
                    None if is_page(request.method(), path) => {
                        return to_sign_in(request.uri());
                    }
                    None => Err(AuthError::NotSignedIn),
                }
            }
            None => identify(mode, peer, headers),
        },
    };
    let actor = actor.and_then(Actor::reader).and_then(|actor| {
        if actor.scope.is_limited() && !scoped_path(request.method(), path) {
            Err(actor.out_of_scope(format!(
                "{path} is not limited to subscriptions (a limited token lists connections, \
                 services, endpoints and findings, and acts on connections)"
            )))
        } else {
            Ok(actor)
        }
    });
    match actor {
        Ok(actor) => {
            request.extensions_mut().insert(actor);
            next.run(request).await
        }
        Err(error) => refused(&error).into_response(),
    }
}

/// Whether a request is a browser's page load (sent to sign in rather than refused).
fn is_page(method: &http::Method, path: &str) -> bool {
    method == http::Method::GET && !path.starts_with("/api") && !path.starts_with("/export/")
}

/// A 303 to the sign-in, coming back to `uri` afterwards.
fn to_sign_in(uri: &http::Uri) -> Response {
    let back = uri.path_and_query().map_or("/", |p| p.as_str());
    let mut login = url::form_urlencoded::Serializer::new(String::from("/auth/login?"));
    login.append_pair("next", back);
    (
        StatusCode::SEE_OTHER,
        [(http::header::LOCATION, login.finish())],
    )
        .into_response()
}

/// The actor of a token, if it is known and may be used now; records its use.
async fn of_token(
    store: &Store,
    secret: &TokenSecret,
    address: Option<std::net::IpAddr>,
) -> Result<Actor, AuthError> {
    let unavailable = |e: crate::store::StoreError| AuthError::TokensUnavailable(e.to_string());
    let record = store
        .token_by_secret(&secret.sha256())
        .await
        .map_err(unavailable)?
        .ok_or(AuthError::Token(TokenRefusal::Unknown))?;
    let now = OffsetDateTime::now_utc();
    usable(&record.grant, now).map_err(AuthError::Token)?;
    if record_use(&record.grant, now)
        && let Err(error) = store.token_used(record.grant.id, now).await
    {
        // The use is not worth refusing the request over.
        tracing::warn!(token = %record.grant.name, error = %error, "could not record the token's use");
    }
    Ok(Actor::of_token(&record.grant, address))
}

/// The API error of an authentication or role failure.
pub fn refused(error: &AuthError) -> ApiError {
    let (status, code) = match error {
        AuthError::Token(_) => (StatusCode::UNAUTHORIZED, "InvalidToken"),
        AuthError::OutOfScope { .. } => (StatusCode::FORBIDDEN, "OutOfScope"),
        AuthError::TokenWithSession | AuthError::TokenOutsideApi => {
            (StatusCode::BAD_REQUEST, "TokenNotAccepted")
        }
        _ => match error.status() {
            400 => (StatusCode::BAD_REQUEST, "BadIdentityHeaders"),
            401 => (StatusCode::UNAUTHORIZED, "Unauthenticated"),
            503 => (StatusCode::SERVICE_UNAVAILABLE, "TokensUnavailable"),
            _ => (StatusCode::FORBIDDEN, "Forbidden"),
        },
    };
    ApiError {
        status,
        code,
        message: error.to_string(),
    }
}
