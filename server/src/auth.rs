//! Who may act, and whether a request may change anything: the actor of a request (`identify`:
//! the OS user in `--auth local`; oauth2-proxy's `X-Forwarded-*` headers from trusted peers in
//! `--auth proxy`), roles from groups, which hosts and origins are this server's (`SiteOrigins`:
//! the DNS-rebinding and same-origin checks), API tokens (`token`: their secret, scope and
//! whether one may be used), and a per-actor rate limit (`RateLimiter`). Pure
//! except the limiter's clock, which callers pass in.

mod bearer;
mod cidr;
mod identify;
mod oidc_claims;
mod origin;
mod rate;
mod sessions;
mod settings;
mod token;

pub use bearer::{
    PLAIN_SESSION_COOKIE, SESSION_COOKIE, bearer, has_session_cookie, scoped_path, token_only,
};
pub use cidr::{Cidr, CidrError};
pub use identify::{Actor, AuthError, client_address, identify};
pub use oidc_claims::{ClaimsError, SignedIn, signed_in};
pub use origin::{OriginError, SiteOrigins};
pub use rate::RateLimiter;
pub use sessions::{LOGIN_TIMEOUT, PendingLogin, Session, SessionId, Sessions};
pub use settings::{
    AuthMode, AuthSettings, DEFAULT_ACTIONS_PER_MINUTE, OidcSettings, ProxySettings, Role, role_of,
};
pub use token::{
    LAST_USED_RESOLUTION, PREFIX as TOKEN_PREFIX, TokenGrant, TokenRefusal, TokenScope,
    TokenSecret, record_use, usable,
};

#[cfg(test)]
mod tests;
