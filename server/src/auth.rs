//! Who may act, and whether a request may change anything: the actor of a request (`identify`:
//! the OS user in `--auth local`; oauth2-proxy's `X-Forwarded-*` headers from trusted peers in
//! `--auth proxy`), roles from groups, which hosts and origins are this server's (`SiteOrigins`:
//! the DNS-rebinding and same-origin checks), and a per-actor rate limit (`RateLimiter`). Pure
//! except the limiter's clock, which callers pass in.

mod cidr;
mod identify;
mod origin;
mod rate;
mod settings;

pub use cidr::{Cidr, CidrError};
pub use identify::{Actor, AuthError, identify};
pub use origin::{OriginError, SiteOrigins};
pub use rate::RateLimiter;
pub use settings::{AuthMode, AuthSettings, DEFAULT_ACTIONS_PER_MINUTE, ProxySettings, Role};

#[cfg(test)]
mod tests;
