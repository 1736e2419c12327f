//! `identify`: the actor of a request from the auth mode, the peer address and the headers.
//! In proxy mode the `X-Forwarded-User`/`-Email`/`-Groups` headers are believed only from a
//! trusted peer; from anywhere else they are a spoofing attempt and refused.

use std::net::SocketAddr;

use http::HeaderMap;

use super::{AuthMode, ProxySettings, Role};

/// Who sent a request, and what they may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The user's name (`X-Forwarded-User`, or the OS user).
    pub name: String,
    /// Their e-mail, if the proxy sent one.
    pub email: Option<String>,
    /// Their groups, as the proxy sent them.
    pub groups: Vec<String>,
    /// What they may do.
    pub role: Role,
    /// `local` or `proxy`.
    pub mode: &'static str,
}

/// Why a request has no actor (401) or may not do what it asks (403).
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
    /// The trusted proxy sent no user.
    #[error("the proxy sent no X-Forwarded-User or X-Forwarded-Email")]
    NoUser,
    /// The user has no role here.
    #[error("{user} has no role in Link Center")]
    NoRole {
        /// The user.
        user: String,
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
    /// The HTTP status: 401 for no identity, 403 for a known user without the role.
    pub fn status(&self) -> u16 {
        match self {
            Self::UntrustedPeer { .. } | Self::NotThroughProxy | Self::NoUser => 401,
            Self::NoRole { .. } | Self::NotApprover { .. } => 403,
        }
    }
}

const USER: &str = "x-forwarded-user";
const EMAIL: &str = "x-forwarded-email";
const GROUPS: &str = "x-forwarded-groups";

/// The actor of a request from `peer` with `headers`.
pub fn identify(
    mode: &AuthMode,
    peer: SocketAddr,
    headers: &HeaderMap,
) -> Result<Actor, AuthError> {
    match mode {
        AuthMode::Local { user } => Ok(Actor {
            name: user.clone(),
            email: None,
            groups: Vec::new(),
            role: Role::Approver,
            mode: "local",
        }),
        AuthMode::Proxy(settings) => from_proxy(settings, peer, headers),
    }
}

fn from_proxy(
    settings: &ProxySettings,
    peer: SocketAddr,
    headers: &HeaderMap,
) -> Result<Actor, AuthError> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let trusted = settings.trusted.iter().any(|c| c.contains(peer.ip()));
    let claims = [USER, EMAIL, GROUPS]
        .iter()
        .any(|h| headers.contains_key(*h));
    if !trusted {
        return Err(if claims {
            AuthError::UntrustedPeer {
                peer: peer.ip().to_string(),
            }
        } else {
            AuthError::NotThroughProxy
        });
    }
    let email = header(EMAIL);
    let name = header(USER)
        .or_else(|| email.clone())
        .ok_or(AuthError::NoUser)?;
    let groups: Vec<String> = header(GROUPS)
        .map(|g| {
            g.split(',')
                .map(str::trim)
                .filter(|g| !g.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let member = |wanted: &[String]| {
        groups
            .iter()
            .any(|g| wanted.iter().any(|w| w.eq_ignore_ascii_case(g)))
    };
    let role = if member(&settings.approver_groups) {
        Role::Approver
    } else if member(&settings.viewer_groups) {
        Role::Viewer
    } else {
        settings.default_role
    };
    Ok(Actor {
        name,
        email,
        groups,
        role,
        mode: "proxy",
    })
}

impl Actor {
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
