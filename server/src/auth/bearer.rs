//! `bearer`: the API token a request presents, if any. `Authorization: Bearer lc_…` is ours,
//! accepted on `/api/v1` only and never beside the session cookie; another `Authorization`
//! (a proxy passing its own bearer token upstream) is not ours and left alone behind a proxy,
//! refused elsewhere so a mistyped token never falls back to another identity. Which paths a
//! token limited to subscriptions may reach is `scoped_path`.

use http::{HeaderMap, Method, header};

use super::{AuthError, TOKEN_PREFIX, TokenSecret};

/// The session cookie's name (`__Host-`: only set by this origin over https, path `/`).
pub const SESSION_COOKIE: &str = "__Host-linkcenter";
/// The session cookie's name behind a plain-http public URL (a loopback test), where browsers
/// refuse `__Host-` cookies.
pub const PLAIN_SESSION_COOKIE: &str = "linkcenter";

/// The token on a request to `path`, `None` when it carries none; `behind_proxy` says whether
/// a foreign `Authorization` may pass.
pub fn bearer(
    headers: &HeaderMap,
    path: &str,
    behind_proxy: bool,
) -> Result<Option<TokenSecret>, AuthError> {
    let mut values = headers.get_all(header::AUTHORIZATION).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(AuthError::RepeatedHeader {
            header: "Authorization",
        });
    }
    let text = value
        .to_str()
        .map_err(|_| AuthError::BadAuthorization)?
        .trim();
    let token = text
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|token| token.starts_with(TOKEN_PREFIX));
    let Some(token) = token else {
        return if behind_proxy {
            Ok(None)
        } else {
            Err(AuthError::BadAuthorization)
        };
    };
    if !(path == "/api/v1" || path.starts_with("/api/v1/")) {
        return Err(AuthError::TokenOutsideApi);
    }
    if has_session_cookie(headers) {
        return Err(AuthError::TokenWithSession);
    }
    TokenSecret::parse(token)
        .map(Some)
        .ok_or(AuthError::Token(super::TokenRefusal::Unknown))
}

/// Whether the request carries the session cookie.
pub fn has_session_cookie(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|pair| {
            pair.trim()
                .split_once('=')
                .is_some_and(|(name, _)| name == SESSION_COOKIE || name == PLAIN_SESSION_COOKIE)
        })
}

/// Whether a request presents an API token and no cookie at all: it cannot ride on a browser's
/// ambient credentials, so the same-origin check does not apply to it.
pub fn token_only(headers: &HeaderMap) -> bool {
    !headers.contains_key(header::COOKIE)
        && headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().split_once(' '))
            .is_some_and(|(scheme, token)| {
                scheme.eq_ignore_ascii_case("bearer") && token.trim().starts_with(TOKEN_PREFIX)
            })
}

/// Whether a token limited to subscriptions may reach `method path`: only what narrows its
/// answer (or checks its target) to them — the lists, findings, actions on connections and its
/// own jobs. Everything else shows every subscription, and is refused.
pub fn scoped_path(method: &Method, path: &str) -> bool {
    const READS: [&str; 5] = [
        "/api/v1/connections",
        "/api/v1/private-link-services",
        "/api/v1/private-endpoints",
        "/api/v1/findings",
        "/api/v1/openapi.json",
    ];
    const ACTIONS: [&str; 4] = [
        "/api/v1/connections/approve",
        "/api/v1/connections/reject",
        "/api/v1/connections/remove",
        "/api/v1/connections/bulk",
    ];
    match *method {
        Method::GET | Method::HEAD => {
            READS.contains(&path)
                || path
                    .strip_prefix("/api/v1/jobs/")
                    .is_some_and(|id| !id.is_empty() && !id.contains('/'))
        }
        Method::POST => ACTIONS.contains(&path),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    const TOKEN: &str = "lc_00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn a_bearer_token_on_the_api_is_read() {
        let h = headers(&[("authorization", &format!("Bearer {TOKEN}"))]);
        let token = bearer(&h, "/api/v1/connections", false).unwrap().unwrap();
        assert_eq!(token.expose(), TOKEN);
        assert!(token_only(&h));
        assert_eq!(
            bearer(&HeaderMap::new(), "/api/v1/connections", false),
            Ok(None)
        );
    }

    #[test]
    fn a_token_is_refused_on_pages_beside_the_session_cookie_and_when_malformed() {
        let auth = format!("bearer {TOKEN}");
        let h = headers(&[("authorization", &auth)]);
        assert_eq!(
            bearer(&h, "/pending", false),
            Err(AuthError::TokenOutsideApi)
        );
        let both = headers(&[
            ("authorization", &auth),
            ("cookie", "theme=dark; __Host-linkcenter=abc"),
        ]);
        assert_eq!(
            bearer(&both, "/api/v1/connections", false),
            Err(AuthError::TokenWithSession)
        );
        assert!(!token_only(&both));
        let short = headers(&[("authorization", "Bearer lc_1234")]);
        assert!(matches!(
            bearer(&short, "/api/v1/connections", false),
            Err(AuthError::Token(_))
        ));
    }

    #[test]
    fn a_foreign_authorization_passes_behind_a_proxy_only() {
        let jwt = headers(&[("authorization", "Bearer eyJhbGciOi.x.y")]);
        assert_eq!(bearer(&jwt, "/api/v1/connections", true), Ok(None));
        assert_eq!(
            bearer(&jwt, "/api/v1/connections", false),
            Err(AuthError::BadAuthorization)
        );
        assert!(!token_only(&jwt));
    }

    #[test]
    fn a_limited_token_reaches_only_what_narrows_to_its_subscriptions() {
        assert!(scoped_path(&Method::GET, "/api/v1/connections"));
        assert!(scoped_path(&Method::POST, "/api/v1/connections/approve"));
        assert!(scoped_path(&Method::GET, "/api/v1/jobs/1234"));
        for (method, path) in [
            (Method::GET, "/api/v1/audit"),
            (Method::GET, "/api/v1/graph"),
            (Method::GET, "/api/v1/events"),
            (Method::GET, "/api/v1/sync"),
            (Method::POST, "/api/v1/sync"),
            (Method::GET, "/api/v1/jobs/1/2"),
            (Method::DELETE, "/api/v1/connections"),
        ] {
            assert!(!scoped_path(&method, path), "{method} {path}");
        }
    }
}
