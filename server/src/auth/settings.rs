//! How requests are authenticated (`AuthMode`) and what each role may do (`Role`).

use std::fmt;

use super::Cidr;

/// What a user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Role {
    /// Nothing: not even read.
    None,
    /// Read everything; change nothing.
    Viewer,
    /// Read, and approve, reject or remove connections.
    Approver,
}

impl Role {
    /// The role's name, as configured and recorded.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Viewer => "viewer",
            Self::Approver => "approver",
        }
    }

    /// Whether this role may approve, reject or remove.
    pub fn may_act(self) -> bool {
        self == Self::Approver
    }

    /// Whether this role may read the dashboard and the API.
    pub fn may_read(self) -> bool {
        self >= Self::Viewer
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Behind an authenticating proxy (oauth2-proxy or similar): who is trusted and which groups
/// hold which role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxySettings {
    /// Peers whose `X-Forwarded-*` headers are believed.
    pub trusted: Vec<Cidr>,
    /// Groups whose members approve.
    pub approver_groups: Vec<String>,
    /// Groups whose members view.
    pub viewer_groups: Vec<String>,
    /// The role of an authenticated user in none of those groups.
    pub default_role: Role,
}

/// How requests are authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthMode {
    /// One user on this machine: loopback only, the OS user, approver.
    Local {
        /// The OS user's name.
        user: String,
    },
    /// Behind an authenticating proxy.
    Proxy(ProxySettings),
}

impl AuthMode {
    /// `local` or `proxy`, as recorded in the audit.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Local { .. } => "local",
            Self::Proxy(_) => "proxy",
        }
    }
}

/// The authentication settings the server runs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthSettings {
    /// The mode.
    pub mode: AuthMode,
    /// Actions one actor may take per minute.
    pub actions_per_minute: u32,
}

impl AuthSettings {
    /// Local mode as the OS user of this process (`USER`, else `USERNAME`, else `local user`).
    pub fn local() -> Self {
        let user = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .ok()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| "local user".to_owned());
        Self {
            mode: AuthMode::Local { user },
            actions_per_minute: DEFAULT_ACTIONS_PER_MINUTE,
        }
    }
}

/// Actions per actor per minute unless configured.
pub const DEFAULT_ACTIONS_PER_MINUTE: u32 = 60;
