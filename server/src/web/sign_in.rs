//! `--auth oidc`'s own routes: `GET /auth/login` starts a sign-in at the provider (the sign-in
//! under way is bound to this browser by a short-lived cookie holding its `state`, so nobody can
//! make a victim complete a sign-in they began), `GET /auth/callback` finishes it — the code
//! exchanged and the ID token verified (`oidc::Provider`), the role from the app roles and
//! groups — and starts a session under a new id (`__Host-linkcenter`, `HttpOnly`, `Secure`,
//! `SameSite=Lax`; plain `linkcenter` without `Secure` only behind an http public URL, which
//! only a loopback test uses), and `POST /auth/logout` ends it, at the provider too when it has
//! an end-session endpoint. A failed sign-in goes to the sign-in page with a code it explains.

use std::sync::Arc;
use std::time::Instant;

use axum::{
    Router,
    extract::{Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::Deserialize;

use crate::auth::{OidcSettings, Role, SessionId, Sessions, role_of};
use crate::oidc::{OidcError, Provider};

/// The cookie binding a sign-in under way to the browser that began it.
const LOGIN_COOKIE: &str = "linkcenter-login";
/// The page a failed sign-in lands on.
pub const SIGN_IN_PAGE: &str = app::pages::SIGN_IN_PATH;

/// What the sign-in routes need.
#[derive(Debug)]
pub struct SignIn {
    /// The provider.
    pub provider: Arc<Provider>,
    /// The sessions.
    pub sessions: Arc<Sessions>,
    /// The settings (roles, cookie security).
    pub settings: OidcSettings,
}

impl SignIn {
    /// The session cookie's name: `__Host-linkcenter` over https.
    pub fn cookie_name(&self) -> &'static str {
        session_cookie_name(&self.settings)
    }
}

/// The session cookie's name under `settings`.
pub fn session_cookie_name(settings: &OidcSettings) -> &'static str {
    if settings.secure_cookie() {
        crate::auth::SESSION_COOKIE
    } else {
        crate::auth::PLAIN_SESSION_COOKIE
    }
}

/// The routes.
pub fn routes<S: Clone + Send + Sync + 'static>(sign_in: Arc<SignIn>) -> Router<S> {
    Router::new()
        .route("/auth/login", get(login))
        .route(crate::oidc::CALLBACK_PATH, get(callback))
        .route("/auth/logout", post(logout))
        .with_state(sign_in)
}

#[derive(Debug, Deserialize)]
struct LoginQuery {
    next: Option<String>,
}

/// `GET /auth/login?next=/path`: to the provider.
async fn login(State(sign_in): State<Arc<SignIn>>, Query(query): Query<LoginQuery>) -> Response {
    let next = query.next.as_deref().map_or("/", safe_next).to_owned();
    let authorization = match sign_in.provider.authorize() {
        Ok(authorization) => authorization,
        Err(error) => return failed(&error),
    };
    sign_in.sessions.begin(
        authorization.state.clone(),
        authorization.verifier,
        authorization.nonce,
        next,
        Instant::now(),
    );
    let cookie = cookie(
        LOGIN_COOKIE,
        &authorization.state,
        "/auth",
        Some(crate::auth::LOGIN_TIMEOUT.as_secs()),
        sign_in.settings.secure_cookie(),
    );
    redirect(authorization.url.as_str(), &[cookie])
}

#[derive(Debug, Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// `GET /auth/callback`: the provider sends the browser back.
async fn callback(
    State(sign_in): State<Arc<SignIn>>,
    headers: HeaderMap,
    Query(query): Query<CallbackQuery>,
) -> Response {
    let secure = sign_in.settings.secure_cookie();
    let clear_login = cookie(LOGIN_COOKIE, "", "/auth", Some(0), secure);
    let fail = |code: &str| {
        redirect(
            &format!("{SIGN_IN_PAGE}?error={code}"),
            std::slice::from_ref(&clear_login),
        )
    };
    if let Some(error) = &query.error {
        tracing::warn!(error = %error, "the OpenID provider refused the sign-in");
        return fail("provider");
    }
    let (Some(code), Some(state)) = (query.code, query.state) else {
        return fail("invalid");
    };
    if cookie_value(&headers, LOGIN_COOKIE).as_deref() != Some(state.as_str()) {
        return fail("state");
    }
    let Some(login) = sign_in.sessions.finish(&state, Instant::now()) else {
        return fail("expired");
    };
    let (who, id_token) = match sign_in.provider.sign_in(code, &login).await {
        Ok(done) => done,
        Err(OidcError::Claims(crate::auth::ClaimsError::GroupOverage { user })) => {
            tracing::warn!(user = %user, "sign-in refused: group overage");
            return fail("overage");
        }
        Err(error) => {
            tracing::warn!(error = %error, "sign-in refused");
            return fail("invalid");
        }
    };
    let settings = &sign_in.settings;
    let role = role_of(
        &who.memberships,
        &settings.approver_groups,
        &settings.viewer_groups,
        settings.default_role,
    );
    if role == Role::None {
        tracing::info!(user = %who.name, "signed in without a role");
        return fail("no-role");
    }
    tracing::info!(user = %who.name, role = %role, "signed in");
    let id = sign_in.sessions.start(
        who.subject,
        who.name,
        who.email,
        who.memberships,
        role,
        id_token,
        Instant::now(),
    );
    let session = cookie(sign_in.cookie_name(), id.expose(), "/", None, secure);
    redirect(&login.next, &[session, clear_login])
}

/// `POST /auth/logout` (same-origin only: the site guard refuses any other).
async fn logout(State(sign_in): State<Arc<SignIn>>, headers: HeaderMap) -> Response {
    let ended = cookie_value(&headers, sign_in.cookie_name())
        .and_then(|id| sign_in.sessions.end(&SessionId::from_cookie(&id)));
    let clear = cookie(
        sign_in.cookie_name(),
        "",
        "/",
        Some(0),
        sign_in.settings.secure_cookie(),
    );
    let to = ended
        .and_then(|session| sign_in.provider.logout_url(&session.id_token))
        .map_or_else(
            || format!("{SIGN_IN_PAGE}?signed-out=1"),
            |url| url.to_string(),
        );
    redirect(&to, &[clear])
}

/// The value of cookie `name` on a request.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// A `Set-Cookie` value.
fn cookie(name: &str, value: &str, path: &str, max_age: Option<u64>, secure: bool) -> String {
    let mut text = format!("{name}={value}; Path={path}; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        text.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        text.push_str("; Secure");
    }
    text
}

/// A 303 to `to` setting `cookies`.
fn redirect(to: &str, cookies: &[String]) -> Response {
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_owned())]).into_response();
    for cookie in cookies {
        if let Ok(value) = HeaderValue::from_str(cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The provider cannot be used now: to the sign-in page, which says so.
fn failed(error: &OidcError) -> Response {
    tracing::error!(error = %error, "cannot start a sign-in");
    redirect(&format!("{SIGN_IN_PAGE}?error=provider"), &[])
}

/// `next` when it is a path on this server (`/…`, not `//host` nor a URL), else `/`.
pub fn safe_next(next: &str) -> &str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(char::is_control);
    if local { next } else { "/" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_path_on_this_server_is_returned_to() {
        assert_eq!(
            safe_next("/pending?state=Pending"),
            "/pending?state=Pending"
        );
        for foreign in [
            "https://evil.example",
            "//evil.example/x",
            "/\\evil.example",
            "pending",
            "/a\nb",
        ] {
            assert_eq!(safe_next(foreign), "/", "{foreign:?}");
        }
    }

    #[test]
    fn cookies_are_read_by_name_and_written_http_only() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("theme=dark; __Host-linkcenter=abc"),
        );
        assert_eq!(
            cookie_value(&headers, "__Host-linkcenter").as_deref(),
            Some("abc")
        );
        assert_eq!(cookie_value(&headers, "linkcenter"), None);
        assert_eq!(
            cookie("__Host-linkcenter", "abc", "/", None, true),
            "__Host-linkcenter=abc; Path=/; HttpOnly; SameSite=Lax; Secure"
        );
        assert_eq!(
            cookie("linkcenter-login", "", "/auth", Some(0), false),
            "linkcenter-login=; Path=/auth; HttpOnly; SameSite=Lax; Max-Age=0"
        );
    }
}
