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

/// The role of a member of `memberships` (groups or app roles, ASCII case ignored: Unicode
/// folding would let a group the user made, `lin\u{212A}-approvers` with a Kelvin sign, stand
/// for a configured one): approver in any of `approvers`, else viewer in any of `viewers`, else
/// `default`.
pub fn role_of(
    memberships: &[String],
    approvers: &[String],
    viewers: &[String],
    default: Role,
) -> Role {
    let member = |wanted: &[String]| {
        memberships
            .iter()
            .any(|g| wanted.iter().any(|w| w.eq_ignore_ascii_case(g)))
    };
    if member(approvers) {
        Role::Approver
    } else if member(viewers) {
        Role::Viewer
    } else {
        default
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

/// Sign-in with an OpenID Connect provider: where it is, who Link Center is to it, where it
/// sends users back, the groups (or app roles) of each role, and how long sessions last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcSettings {
    /// The issuer (discovery at `ISSUER/.well-known/openid-configuration`).
    pub issuer: url::Url,
    /// The client id.
    pub client_id: String,
    /// The client secret, if the client has one (PKCE is used either way).
    pub client_secret: Option<crate::config::Secret>,
    /// The origin users open; the redirect URI is `PUBLIC/auth/callback`.
    pub public_url: url::Url,
    /// Groups or app roles whose members approve.
    pub approver_groups: Vec<String>,
    /// Groups or app roles whose members view.
    pub viewer_groups: Vec<String>,
    /// The role of a user in none of them.
    pub default_role: Role,
    /// A session ends after this long without a request.
    pub session_idle: std::time::Duration,
    /// A session ends this long after sign-in.
    pub session_max: std::time::Duration,
}

impl OidcSettings {
    /// Whether the session cookie can be `Secure` (and so `__Host-`): anything but plain http,
    /// which only a loopback test setup uses.
    pub fn secure_cookie(&self) -> bool {
        self.public_url.scheme() != "http"
    }
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
    /// Signed in with an OpenID provider, in a server-side session.
    Oidc(Box<OidcSettings>),
}

impl AuthMode {
    /// `local` or `proxy`, as recorded in the audit.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Local { .. } => "local",
            Self::Proxy(_) => "proxy",
            Self::Oidc(_) => "oidc",
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
    /// Local mode as the OS user of this process: `USER`, `LOGNAME` or `USERNAME`, else the
    /// name `/etc/passwd` gives this process's user id (a service or container sets none of
    /// them), else `local user`.
    pub fn local() -> Self {
        let user = ["USER", "LOGNAME", "USERNAME"]
            .into_iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|u| !u.trim().is_empty())
            .or_else(passwd_user)
            .unwrap_or_else(|| "local user".to_owned());
        Self {
            mode: AuthMode::Local { user },
            actions_per_minute: DEFAULT_ACTIONS_PER_MINUTE,
        }
    }
}

/// The name of this process's real user id in `/etc/passwd` (Linux).
fn passwd_user() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let uid = real_uid(&status)?;
    user_named(&std::fs::read_to_string("/etc/passwd").ok()?, uid)
}

/// The real user id on the `Uid:` line of `/proc/self/status`.
fn real_uid(status: &str) -> Option<u32> {
    status
        .lines()
        .find_map(|line| line.strip_prefix("Uid:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The user with id `uid` in a `passwd` file (`name:x:uid:gid:…`).
fn user_named(passwd: &str, uid: u32) -> Option<String> {
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        let id = fields.nth(1)?.parse::<u32>().ok()?;
        (id == uid && !name.is_empty()).then(|| name.to_owned())
    })
}

/// Actions per actor per minute unless configured.
pub const DEFAULT_ACTIONS_PER_MINUTE: u32 = 60;

#[cfg(test)]
mod os_user_tests {
    use super::*;

    #[test]
    fn the_user_id_is_named_from_passwd() {
        let status = "Name:\tlinkcenter\nUid:\t1001\t1001\t1001\t1001\nGid:\t1001\n";
        assert_eq!(real_uid(status), Some(1001));
        let passwd = "root:x:0:0:root:/root:/bin/bash\nelise:x:1001:1001::/home/elise:/bin/sh\n";
        assert_eq!(user_named(passwd, 1001).as_deref(), Some("elise"));
        assert_eq!(user_named(passwd, 0).as_deref(), Some("root"));
        assert_eq!(user_named(passwd, 42), None);
    }
}
