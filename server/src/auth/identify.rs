//! `identify`: the actor of a request from the auth mode, the peer address and the headers.
//! In proxy mode the `X-Forwarded-User`/`-Email`/`-Groups` headers are believed only from a
//! trusted peer; from anywhere else they are a spoofing attempt and refused. Each is read once,
//! as UTF-8 text within a size limit, or the request is refused as malformed (400). The
//! client's address comes from `X-Forwarded-For` as far as trusted proxies vouch for it
//! (`forwarded`).

mod forwarded;

use std::net::IpAddr;

use http::HeaderMap;

use super::{AuthMode, Cidr, ProxySettings, Role, TokenRefusal, TokenScope};

/// Who sent a request, and what they may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The user's name (`X-Forwarded-User`, or the OS user).
    pub name: String,
    /// Their e-mail, if the proxy sent one.
    pub email: Option<String>,
    /// Their stable id: the ID token's `sub` (`--auth oidc`), `token#ID` for an API token;
    /// none for local and proxy sign-ins.
    pub subject: Option<String>,
    /// Their groups, as the proxy sent them.
    pub groups: Vec<String>,
    /// What they may do.
    pub role: Role,
    /// `local`, `proxy` or `token`.
    pub mode: &'static str,
    /// The client's address: the peer in local mode; behind the proxy, the address its
    /// `X-Forwarded-For` names. `None` when the connection's address is unknown.
    pub address: Option<IpAddr>,
    /// The subscriptions they may see and act in: all but for a token made with
    /// `--subscription`.
    pub scope: TokenScope,
}

/// Why a request has no actor (401), has malformed identity headers (400) or may not do what
/// it asks (403).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// Identity headers from a peer that is not a trusted proxy.
    #[error(
        "identity headers from {peer}, which is not a trusted proxy: sign in through the proxy"
    )]
    UntrustedPeer {
        /// The peer's address.
        peer: String,
    },
    /// A request that did not come through the proxy at all.
    #[error("not signed in: requests must come through the authenticating proxy")]
    NotThroughProxy,
    /// `--auth oidc` without a live session.
    #[error("not signed in: sign in at /auth/login")]
    NotSignedIn,
    /// The trusted proxy sent no user.
    #[error("the proxy sent no X-Forwarded-User or X-Forwarded-Email")]
    NoUser,
    /// The user has no role here.
    #[error("{user} has no role in Link Center")]
    NoRole {
        /// The user.
        user: String,
    },
    /// An identity header given more than once, which a proxy never does: which one to believe
    /// is ambiguous, so neither is.
    #[error("{header} sent more than once: the proxy must send it once")]
    RepeatedHeader {
        /// The header.
        header: &'static str,
    },
    /// An identity header whose bytes are not UTF-8.
    #[error("{header} is not UTF-8 text")]
    NotUtf8 {
        /// The header.
        header: &'static str,
    },
    /// An identity header over its size limit.
    #[error("{header} is {length} bytes long, over its limit of {limit} bytes")]
    TooLong {
        /// The header.
        header: &'static str,
        /// Its length in bytes.
        length: usize,
        /// The limit.
        limit: usize,
    },
    /// An identity header holding a control character (a tab, U+0080–U+009F, …).
    #[error("{header} holds a control character")]
    ControlCharacter {
        /// The header.
        header: &'static str,
    },
    /// An API token that is unknown, revoked or expired.
    #[error("{0}")]
    Token(TokenRefusal),
    /// An `Authorization` header that is not `Bearer lc_…`.
    #[error(
        "the Authorization header must be `Bearer lc_…` with an API token from `linkcenter token create`"
    )]
    BadAuthorization,
    /// A token on a request that also carries the session cookie: which identity acts would be
    /// ambiguous.
    #[error("the request carries both a session cookie and an API token: send only one")]
    TokenWithSession,
    /// A token outside `/api/v1`.
    #[error("API tokens are accepted on /api/v1 only; pages need a signed-in browser")]
    TokenOutsideApi,
    /// The tokens could not be looked up.
    #[error("API tokens cannot be checked now: {0}")]
    TokensUnavailable(String),
    /// A token limited to subscriptions asked for something outside them.
    #[error("the API token '{token}' is limited to {scope}: {what}")]
    OutOfScope {
        /// The token.
        token: String,
        /// Its subscriptions.
        scope: String,
        /// What it asked for.
        what: String,
    },
    /// The user may read but not act.
    #[error("{user} is a {role}: only approvers may approve, reject or remove connections")]
    NotApprover {
        /// The user.
        user: String,
        /// Their role.
        role: Role,
    },
}

impl AuthError {
    /// The HTTP status: 401 for no identity, 400 for malformed identity headers, 403 for a
    /// known user without the role.
    pub fn status(&self) -> u16 {
        match self {
            Self::UntrustedPeer { .. }
            | Self::NotThroughProxy
            | Self::NoUser
            | Self::NotSignedIn
            | Self::Token(_)
            | Self::BadAuthorization => 401,
            Self::RepeatedHeader { .. }
            | Self::NotUtf8 { .. }
            | Self::TooLong { .. }
            | Self::ControlCharacter { .. }
            | Self::TokenWithSession
            | Self::TokenOutsideApi => 400,
            Self::NoRole { .. } | Self::NotApprover { .. } | Self::OutOfScope { .. } => 403,
            Self::TokensUnavailable(_) => 503,
        }
    }
}

const USER: &str = "X-Forwarded-User";
const EMAIL: &str = "X-Forwarded-Email";
const GROUPS: &str = "X-Forwarded-Groups";

/// The longest user or e-mail believed, in bytes.
const NAME_LIMIT: usize = 256;
/// The longest group list believed, in bytes.
const GROUPS_LIMIT: usize = 16 * 1024;

/// The actor of a request from `peer` (`None` when the connection's address is unknown) with
/// `headers`.
pub fn identify(
    mode: &AuthMode,
    peer: Option<IpAddr>,
    headers: &HeaderMap,
) -> Result<Actor, AuthError> {
    match mode {
        AuthMode::Local { user } => Ok(Actor {
            name: user.clone(),
            email: None,
            subject: None,
            groups: Vec::new(),
            role: Role::Approver,
            mode: "local",
            address: peer.map(|p| p.to_canonical()),
            scope: TokenScope::All,
        }),
        AuthMode::Proxy(settings) => from_proxy(settings, peer, headers),
        // Sessions are the identity layer's (`web::session`): no header names a user here.
        AuthMode::Oidc(_) => Err(AuthError::NotSignedIn),
    }
}

/// The client's address of a request from `peer`: the peer itself, or behind trusted proxies
/// the address their `X-Forwarded-For` vouches for.
pub fn client_address(
    mode: &AuthMode,
    peer: Option<IpAddr>,
    headers: &HeaderMap,
) -> Option<IpAddr> {
    match mode {
        AuthMode::Local { .. } => peer.map(|p| p.to_canonical()),
        AuthMode::Proxy(settings) => forwarded::client_address(&settings.trusted, peer, headers),
        AuthMode::Oidc(_) => peer.map(|p| p.to_canonical()),
    }
}

fn from_proxy(
    settings: &ProxySettings,
    peer: Option<IpAddr>,
    headers: &HeaderMap,
) -> Result<Actor, AuthError> {
    let trusted = peer.is_some_and(|ip| Cidr::any_contains(&settings.trusted, ip));
    let claims = [USER, EMAIL, GROUPS]
        .iter()
        .any(|h| headers.contains_key(*h));
    if !trusted {
        return Err(if claims {
            AuthError::UntrustedPeer {
                peer: peer.map_or_else(|| "an unknown address".to_owned(), |p| p.to_string()),
            }
        } else {
            AuthError::NotThroughProxy
        });
    }
    let email = claim(headers, EMAIL, NAME_LIMIT)?;
    let user = claim(headers, USER, NAME_LIMIT)?;
    let groups: Vec<String> = claim(headers, GROUPS, GROUPS_LIMIT)?
        .map(|g| {
            g.split(',')
                .map(str::trim)
                .filter(|g| !g.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let name = user.or_else(|| email.clone()).ok_or(AuthError::NoUser)?;
    let role = super::settings::role_of(
        &groups,
        &settings.approver_groups,
        &settings.viewer_groups,
        settings.default_role,
    );
    Ok(Actor {
        name,
        email,
        subject: None,
        groups,
        role,
        mode: "proxy",
        address: forwarded::client_address(&settings.trusted, peer, headers),
        scope: TokenScope::All,
    })
}

/// The one value of identity header `header`, trimmed, as UTF-8 text of at most `limit` bytes
/// without control characters; `None` when absent or blank.
fn claim(
    headers: &HeaderMap,
    header: &'static str,
    limit: usize,
) -> Result<Option<String>, AuthError> {
    let mut values = headers.get_all(header).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(AuthError::RepeatedHeader { header });
    }
    let bytes = value.as_bytes();
    if bytes.len() > limit {
        return Err(AuthError::TooLong {
            header,
            length: bytes.len(),
            limit,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| AuthError::NotUtf8 { header })?;
    if text.chars().any(char::is_control) {
        return Err(AuthError::ControlCharacter { header });
    }
    let text = text.trim();
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

impl Actor {
    /// The actor a usable API token stands for: named `token:NAME` in the audit.
    pub fn of_token(grant: &super::TokenGrant, address: Option<IpAddr>) -> Self {
        Self {
            name: format!("token:{}", grant.name),
            email: None,
            subject: Some(format!("token#{}", grant.id)),
            groups: Vec::new(),
            role: grant.role,
            mode: "token",
            address,
            scope: grant.scope.clone(),
        }
    }

    /// Refuses `what` (worded for the message) unless `subscription` is in this actor's scope.
    pub fn in_scope(
        &self,
        subscription: &str,
        what: impl FnOnce() -> String,
    ) -> Result<(), AuthError> {
        if self.scope.allows(subscription) {
            Ok(())
        } else {
            Err(self.out_of_scope(what()))
        }
    }

    /// The refusal of `what` for a token limited to subscriptions.
    pub fn out_of_scope(&self, what: String) -> AuthError {
        AuthError::OutOfScope {
            token: self.name.trim_start_matches("token:").to_owned(),
            scope: self.scope.to_string(),
            what,
        }
    }

    /// This actor, if they may read.
    pub fn reader(self) -> Result<Self, AuthError> {
        if self.role.may_read() {
            Ok(self)
        } else {
            Err(AuthError::NoRole { user: self.name })
        }
    }

    /// This actor, if they may act.
    pub fn approver(self) -> Result<Self, AuthError> {
        match self.role {
            Role::Approver => Ok(self),
            Role::None => Err(AuthError::NoRole { user: self.name }),
            role => Err(AuthError::NotApprover {
                user: self.name,
                role,
            }),
        }
    }
}
