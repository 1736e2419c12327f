//! Command line and `LINKCENTER_*` environment, parsed by clap and validated into one typed `Config`.

mod emulator_args;
mod secret;

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use clap::{Args, Parser, Subcommand, ValueEnum};
use url::Url;

pub use emulator_args::{EmulatorArgs, EmulatorSettings};
pub use secret::Secret;

use crate::auth::{
    AuthMode, AuthSettings, Cidr, DEFAULT_ACTIONS_PER_MINUTE, OidcSettings, ProxySettings, Role,
};
use crate::telemetry::LogFormat;

/// `linkcenter` — Azure Private Link dashboard.
#[derive(Debug, Parser)]
#[command(
    name = "linkcenter",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Log line format.
    #[arg(
        long,
        global = true,
        env = "LINKCENTER_LOG_FORMAT",
        value_enum,
        default_value_t
    )]
    pub log_format: LogFormat,
    /// What to run; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Flags of `serve`, accepted without the subcommand too.
    #[command(flatten)]
    pub serve: ServeArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the dashboard (the default).
    Serve(ServeArgs),
    /// Run the ARM emulator alone.
    Emulator(EmulatorArgs),
    /// Make, list and revoke API tokens for automation (in the server's store).
    Token(crate::cli::TokenArgs),
    /// List connections, approve, reject or remove them, or wait for a Front Door request,
    /// through a server's API.
    Connections(crate::cli::ConnectionsArgs),
    /// The findings, through a server's API.
    Findings(crate::cli::FindingsArgs),
    /// The audit, through a server's API.
    Audit(crate::cli::AuditArgs),
    /// Check what the Azure identity may do in each subscription (with `serve`'s settings):
    /// read the inventory, approve, read the Activity Log; exit 0 only when all can work.
    Doctor(crate::doctor::DoctorArgs),
}

/// How to authenticate to Azure Resource Manager.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AzureAuth {
    /// Workload identity federation (AKS pods).
    Workload,
    /// A managed identity of the host.
    Managed,
    /// A service principal with a client secret.
    Secret,
    /// The signed-in Azure CLI user.
    Cli,
}

/// Flags of `linkcenter serve`, as typed by the user.
#[derive(Clone, Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (IP:PORT). Loopback by default.
    #[arg(long, env = "LINKCENTER_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: String,
    /// Folder holding the built site (`pkg/`, static assets).
    #[arg(long, env = "LINKCENTER_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,
    /// Authenticate to real Azure with this azure_identity credential.
    #[arg(long, env = "LINKCENTER_AZURE_AUTH", value_enum)]
    pub azure_auth: Option<AzureAuth>,
    /// Any ARM-compatible endpoint (an emulator, recorded fixtures), used with --arm-token.
    #[arg(long, env = "LINKCENTER_ARM_ENDPOINT")]
    pub arm_endpoint: Option<String>,
    /// Static bearer token for --arm-endpoint.
    #[arg(long, env = "LINKCENTER_ARM_TOKEN", hide_env_values = true)]
    pub arm_token: Option<Secret>,
    /// Label of the environment badge (e.g. "Production"); defaults to where the data comes from.
    #[arg(long, env = "LINKCENTER_ENVIRONMENT_LABEL")]
    pub environment_label: Option<String>,
    /// How the inventory is read: ARM lists per subscription, or Azure Resource Graph queries.
    #[arg(long, env = "LINKCENTER_INVENTORY", value_enum, default_value_t = InventoryMode::Arm)]
    pub inventory: InventoryMode,
    /// Time between syncs, e.g. `300`, `90s`, `5m`, `1h`.
    #[arg(long, env = "LINKCENTER_REFRESH_INTERVAL", default_value = "5m")]
    pub refresh_interval: String,
    /// Time between the cheap polls of the PLSs for new Pending requests between syncs
    /// (`0` for none), e.g. `30s`.
    #[arg(long, env = "LINKCENTER_PENDING_INTERVAL", default_value = "30s")]
    pub pending_interval: String,
    /// ARM requests in flight at once.
    #[arg(long, env = "LINKCENTER_MAX_IN_FLIGHT", default_value_t = crate::arm::ClientSettings::DEFAULT_MAX_IN_FLIGHT)]
    pub max_in_flight: usize,
    /// Subscriptions read at once during a sync (each keeps a few requests in flight; the
    /// in-flight cap bounds them all).
    #[arg(long, env = "LINKCENTER_SYNC_CONCURRENCY", default_value_t = crate::inventory::service::DEFAULT_CONCURRENCY)]
    pub sync_concurrency: usize,
    /// Who may act: `local` (loopback only, the OS user approves) or `proxy` (behind oauth2-proxy
    /// or similar: the user and groups come from X-Forwarded-* headers of trusted peers).
    #[arg(long, env = "LINKCENTER_AUTH", value_enum, default_value_t = AuthKind::Local)]
    pub auth: AuthKind,
    /// `--auth oidc`: the OpenID provider's issuer, e.g.
    /// `https://login.microsoftonline.com/{tenant}/v2.0` for Microsoft Entra ID.
    #[arg(long, env = "LINKCENTER_OIDC_ISSUER")]
    pub oidc_issuer: Option<String>,
    /// `--auth oidc`: Link Center's client (application) id at the provider.
    #[arg(long, env = "LINKCENTER_OIDC_CLIENT_ID")]
    pub oidc_client_id: Option<String>,
    /// `--auth oidc`: the client secret; prefer the variable or --oidc-client-secret-file to
    /// the flag, which other users of the machine can see.
    #[arg(long, env = "LINKCENTER_OIDC_CLIENT_SECRET", hide_env_values = true)]
    pub oidc_client_secret: Option<Secret>,
    /// `--auth oidc`: a file holding the client secret (a mounted Kubernetes secret).
    #[arg(
        long,
        env = "LINKCENTER_OIDC_CLIENT_SECRET_FILE",
        conflicts_with = "oidc_client_secret"
    )]
    pub oidc_client_secret_file: Option<PathBuf>,
    /// `--auth oidc`: a session ends after this long without a request, e.g. `8h`.
    #[arg(long, env = "LINKCENTER_SESSION_IDLE", default_value = "8h")]
    pub session_idle: String,
    /// `--auth oidc`: a session ends this long after sign-in whatever the activity, e.g. `24h`.
    #[arg(long, env = "LINKCENTER_SESSION_MAX", default_value = "24h")]
    pub session_max: String,
    /// Peers (IP or CIDR) whose X-Forwarded-* headers are believed in `--auth proxy`; repeat or comma-separate.
    #[arg(long, env = "LINKCENTER_TRUSTED_PROXY", value_delimiter = ',')]
    pub trusted_proxy: Vec<String>,
    /// Groups (or, with `--auth oidc`, app roles) whose members may approve, reject and remove;
    /// repeatable.
    #[arg(long, env = "LINKCENTER_APPROVER_GROUP", value_delimiter = ',')]
    pub approver_group: Vec<String>,
    /// Groups (or app roles) whose members may view; repeatable.
    #[arg(long, env = "LINKCENTER_VIEWER_GROUP", value_delimiter = ',')]
    pub viewer_group: Vec<String>,
    /// The role of an authenticated user in none of those groups (`--auth proxy`, `oidc`).
    #[arg(long, env = "LINKCENTER_DEFAULT_ROLE", value_enum, default_value_t = Role::None)]
    pub default_role: Role,
    /// Actions (approve, reject, remove, bulk) one user may request per minute.
    #[arg(long, env = "LINKCENTER_ACTIONS_PER_MINUTE", default_value_t = DEFAULT_ACTIONS_PER_MINUTE)]
    pub actions_per_minute: u32,
    /// Approval policies (YAML): which Pending connections Link Center approves, rejects or
    /// holds on its own. A file that does not read is refused with FILE:LINE:COL.
    #[arg(long, env = "LINKCENTER_POLICIES")]
    pub policies: Option<PathBuf>,
    /// `false` keeps the policies in dry-run whatever the file's `mode` says.
    #[arg(long, env = "LINKCENTER_POLICIES_ENFORCE", default_value_t = true, action = clap::ArgAction::Set)]
    pub policies_enforce: bool,
    /// Notifications (YAML): which events go to which webhooks, Teams or Slack channels. A
    /// file that does not read is refused with FILE:LINE:COL.
    #[arg(long, env = "LINKCENTER_NOTIFICATIONS")]
    pub notifications: Option<PathBuf>,
    /// How long a notification is tried again before it is given up, e.g. `10m`.
    #[arg(long, env = "LINKCENTER_NOTIFICATION_GIVE_UP", default_value = "10m")]
    pub notification_give_up: String,
    /// The audit database (SQLite); created on first start. Default: `linkcenter.db` in --data-dir.
    #[arg(long, env = "LINKCENTER_DATABASE")]
    pub database: Option<PathBuf>,
    /// Where Link Center keeps its data. Default: `$XDG_DATA_HOME/linkcenter`, else `~/.local/share/linkcenter`.
    #[arg(long, env = "LINKCENTER_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// The URL users open (scheme, host, port), e.g. `https://linkcenter.example.com`: the only
    /// origin whose pages may change anything. Default: `http://` and the listen address.
    #[arg(long, env = "LINKCENTER_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Start a new, empty audit although the data directory shows an audit existed (the
    /// database was deleted or replaced); without it, actions are refused.
    #[arg(long, env = "LINKCENTER_ACCEPT_NEW_AUDIT")]
    pub accept_new_audit: bool,
    /// The shortest time between two syncs one user may ask for (`POST /api/v1/sync`, Refresh).
    #[arg(long, env = "LINKCENTER_SYNC_REQUEST_INTERVAL", default_value = "30s")]
    pub sync_request_interval: String,
    /// How long a client may take to send a request's headers, and how long a connection may
    /// stay idle, e.g. `10s`.
    #[arg(long, env = "LINKCENTER_HEADER_READ_TIMEOUT", default_value = "10s")]
    pub header_read_timeout: String,
    /// How long one request may take, body included (a bulk of 1,000 actions against Azure's
    /// write budget takes minutes), e.g. `5m`.
    #[arg(long, env = "LINKCENTER_REQUEST_TIMEOUT", default_value = "5m")]
    pub request_timeout: String,
    /// A private link service losing more than this share (percent, 1–100) of its Approved
    /// connections between two syncs is a finding.
    #[arg(long, env = "LINKCENTER_LOSS_THRESHOLD", default_value_t = 20, value_parser = clap::value_parser!(u8).range(1..=100))]
    pub loss_threshold: u8,
    /// A private link service with one NAT IP and more connections than this is a finding.
    #[arg(long, env = "LINKCENTER_NAT_CONNECTIONS_WARN", default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub nat_connections_warn: u32,
    /// A tenant whose Approved consumers are expected (repeatable; comma-separated in the
    /// variable); when any is given, an Approved connection from any other tenant is a finding.
    #[arg(
        long = "trusted-tenant",
        env = "LINKCENTER_TRUSTED_TENANT",
        value_delimiter = ','
    )]
    pub trusted_tenants: Vec<String>,
    /// How long the change feed and the connection counts are kept (`400d`, `90d`; 1 day to
    /// 10 years); the audit is never pruned.
    #[arg(long, env = "LINKCENTER_HISTORY_RETENTION", default_value = "400d")]
    pub history_retention: String,
}

/// How requests are authenticated, as chosen on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AuthKind {
    /// One user on this machine.
    Local,
    /// Behind an authenticating proxy.
    Proxy,
    /// Sign-in with an OpenID Connect provider (Microsoft Entra ID, …).
    Oidc,
}

/// How the inventory is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InventoryMode {
    /// ARM list calls per subscription.
    Arm,
    /// Azure Resource Graph queries across subscriptions (for large tenants).
    ResourceGraph,
}

/// Where the inventory comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The built-in emulator with its demo estate.
    Demo,
    /// Azure Resource Manager with an azure_identity credential.
    Azure(AzureAuth),
    /// An ARM-compatible endpoint with a static token.
    ArmEndpoint {
        /// Base URL of the endpoint.
        url: Url,
        /// Bearer token sent to it.
        token: Secret,
    },
}

/// Validated configuration of `linkcenter serve`.
#[derive(Clone, Debug)]
pub struct Config {
    /// Listen address.
    pub addr: SocketAddr,
    /// Built site folder.
    pub site_root: PathBuf,
    /// Data source.
    pub source: Source,
    /// Text of the environment badge.
    pub environment_label: String,
    /// How the inventory is read.
    pub inventory: InventoryMode,
    /// Time between syncs.
    pub refresh_interval: Duration,
    /// Time between Pending polls between syncs; `None` for none.
    pub pending_interval: Option<Duration>,
    /// ARM requests in flight at once.
    pub max_in_flight: usize,
    /// Subscriptions read at once.
    pub sync_concurrency: usize,
    /// Who may act.
    pub auth: AuthSettings,
    /// The audit database file.
    pub database: PathBuf,
    /// The approval policies read at start, if a file was given.
    pub policies: Option<crate::policies::PolicySet>,
    /// Whether policies may leave dry-run (`--policies-enforce`).
    pub policies_enforce: bool,
    /// The notification targets read at start, if a file was given.
    pub notifications: Option<crate::notifications::NotificationSet>,
    /// How long a notification is tried again (`--notification-give-up`).
    pub notification_give_up: Duration,
    /// The origin users' browsers send (`--public-url`); `None`: the listen address.
    pub public_url: Option<Url>,
    /// Whether a new audit may start where one existed.
    pub accept_new_audit: bool,
    /// The shortest time between two syncs one user may ask for.
    pub sync_request_interval: Duration,
    /// How long a client may take to send a request's headers, or stay idle.
    pub header_read_timeout: Duration,
    /// How long one request may take.
    pub request_timeout: Duration,
    /// The share (percent) of Approved connections whose loss is a finding.
    pub loss_threshold: u8,
    /// Connections over one NAT IP that make a finding.
    pub nat_connections_warn: usize,
    /// Trusted tenants (lower-cased GUIDs); empty: not checked.
    pub trusted_tenants: Vec<String>,
    /// How long the change feed and the counts are kept.
    pub history_retention: Duration,
}

/// The longest environment label we render in the header.
pub const MAX_LABEL_CHARS: usize = 40;

/// A configuration value that cannot be used, with what to do instead.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// `--addr` is not an `IP:PORT`.
    #[error("--addr '{value}' is not an address: expected IP:PORT such as 127.0.0.1:3000")]
    BadAddress {
        /// What was given.
        value: String,
    },
    /// `--arm-endpoint` is not an absolute http(s) URL.
    #[error("--arm-endpoint '{value}' is not usable: {reason}")]
    BadArmEndpoint {
        /// What was given.
        value: String,
        /// Why it was refused.
        reason: String,
    },
    /// A token without an endpoint to send it to.
    #[error(
        "--arm-token was given without --arm-endpoint: the token is only sent to that endpoint"
    )]
    TokenWithoutEndpoint,
    /// An endpoint without a token.
    #[error("--arm-endpoint needs --arm-token (any non-empty token for an emulator)")]
    EndpointWithoutToken,
    /// Both real Azure and another endpoint were asked for.
    #[error("--azure-auth and --arm-endpoint both choose where data comes from: give only one")]
    ConflictingSources,
    /// `--refresh-interval` is not a duration of at least ten seconds.
    #[error(
        "--refresh-interval '{0}' is not usable: give seconds or a number with s, m or h (at least 10s), e.g. 5m"
    )]
    BadInterval(String),
    /// A count that must be between bounds.
    #[error("{name} must be between 1 and {max}, got {value}")]
    OutOfRange {
        /// The flag.
        name: &'static str,
        /// The largest accepted.
        max: usize,
        /// What was given.
        value: usize,
    },
    /// An emulator setting is out of range.
    #[error("{0}")]
    BadEmulator(String),
    /// The badge label is empty, too long or has control characters.
    #[error("--environment-label is not usable: {0}")]
    BadLabel(String),
    /// Local mode on an address other machines can reach.
    #[error(
        "--auth local serves one user on this machine, so it only listens on loopback (127.0.0.1 or ::1), not {0}: to serve others, use --auth oidc (sign-in with an OpenID provider) or --auth proxy (behind an authenticating proxy, with --trusted-proxy)"
    )]
    LocalNotLoopback(SocketAddr),
    /// OIDC mode without a setting it needs.
    #[error("--auth oidc needs {0}")]
    OidcNeeds(&'static str),
    /// An issuer that is not an https URL (http only on loopback, for tests).
    #[error("--oidc-issuer '{value}' is not usable: {reason}")]
    BadIssuer {
        /// What was given.
        value: String,
        /// Why.
        reason: String,
    },
    /// The client secret file cannot be read.
    #[error("cannot read --oidc-client-secret-file {}: {reason}", .path.display())]
    SecretFile {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        reason: String,
    },
    /// Proxy mode without a trusted proxy.
    #[error(
        "--auth proxy needs --trusted-proxy: the address (IP or CIDR) of the proxy whose X-Forwarded-* headers to believe"
    )]
    NoTrustedProxy,
    /// A `--trusted-proxy` value that is not an address or network.
    #[error("--trusted-proxy {0}")]
    BadTrustedProxy(String),
    /// No place for the database.
    #[error("no data directory: give --database or --data-dir (HOME is not set)")]
    NoDataDir,
    /// The policies file does not read (`FILE:LINE:COL: what is wrong`).
    #[error("{0}")]
    Policies(#[from] crate::policies::PolicyFileError),
    /// The notifications file does not read (`FILE:LINE:COL: what is wrong`).
    #[error("{0}")]
    Notifications(crate::notifications::NotificationFileError),
    /// `--trusted-tenant` is not a tenant id.
    #[error(
        "--trusted-tenant '{value}' is not a tenant id: expected a GUID such as 4e7a2c1b-8d3f-4b6a-9c5e-2f1a0b7d6c38"
    )]
    BadTenant {
        /// What was given.
        value: String,
    },
    /// `--public-url` is not an origin users could open.
    #[error("--public-url '{value}' is not usable: {reason}")]
    BadPublicUrl {
        /// What was given.
        value: String,
        /// Why it was refused.
        reason: String,
    },
    /// A duration flag that is not a duration in its range.
    #[error(
        "{name} '{value}' is not usable: give seconds or a number with s, m or h, from {min} to {max}, e.g. {example}"
    )]
    BadDuration {
        /// The flag.
        name: &'static str,
        /// What was given.
        value: String,
        /// The shortest accepted.
        min: &'static str,
        /// The longest accepted.
        max: &'static str,
        /// A good value.
        example: &'static str,
    },
}

impl TryFrom<ServeArgs> for Config {
    type Error = ConfigError;

    fn try_from(args: ServeArgs) -> Result<Self, Self::Error> {
        let addr = parse_addr(&args.addr)?;
        let auth = auth_settings(&args, addr)?;
        let source = source(
            args.azure_auth,
            args.arm_endpoint.as_deref(),
            args.arm_token,
        )?;
        let environment_label = match args.environment_label {
            Some(label) => validate_label(&label)?,
            None => default_label(&source).to_owned(),
        };
        // Trying the demo never writes into the audit a real deployment keeps.
        let file = match source {
            Source::Demo => DEMO_DATABASE_FILE,
            _ => DATABASE_FILE,
        };
        let database = match (&args.database, &args.data_dir) {
            (Some(path), _) => path.clone(),
            (None, Some(dir)) => dir.join(file),
            (None, None) => default_data_dir().ok_or(ConfigError::NoDataDir)?.join(file),
        };
        let policies = args
            .policies
            .as_deref()
            .map(crate::policies::PolicySet::read)
            .transpose()?;
        let notifications = args
            .notifications
            .as_deref()
            .map(crate::notifications::NotificationSet::read)
            .transpose()
            .map_err(ConfigError::Notifications)?;
        Ok(Self {
            addr,
            auth,
            database,
            policies,
            policies_enforce: args.policies_enforce,
            notifications,
            notification_give_up: parse_bounded(
                "--notification-give-up",
                &args.notification_give_up,
                (1, "1s"),
                (86_400, "24h"),
                "10m",
            )?,
            site_root: args.site_root,
            source,
            environment_label,
            inventory: args.inventory,
            refresh_interval: parse_interval(&args.refresh_interval)?,
            pending_interval: Some(parse_bounded(
                "--pending-interval",
                &args.pending_interval,
                (0, "0"),
                (3600, "1h"),
                "30s",
            )?)
            .filter(|every| !every.is_zero()),
            public_url: args
                .public_url
                .as_deref()
                .map(parse_public_url)
                .transpose()?,
            accept_new_audit: args.accept_new_audit,
            sync_request_interval: parse_bounded(
                "--sync-request-interval",
                &args.sync_request_interval,
                (0, "0"),
                (3600, "1h"),
                "30s",
            )?,
            header_read_timeout: parse_bounded(
                "--header-read-timeout",
                &args.header_read_timeout,
                (1, "1s"),
                (300, "5m"),
                "10s",
            )?,
            request_timeout: parse_bounded(
                "--request-timeout",
                &args.request_timeout,
                (1, "1s"),
                (3600, "1h"),
                "5m",
            )?,
            loss_threshold: args.loss_threshold,
            nat_connections_warn: args.nat_connections_warn as usize,
            trusted_tenants: trusted_tenants(&args.trusted_tenants)?,
            history_retention: parse_bounded(
                "--history-retention",
                &args.history_retention,
                (86_400, "1d"),
                (3_650 * 86_400, "3650d"),
                "400d",
            )?,
            max_in_flight: in_range("--max-in-flight", args.max_in_flight, 256)?,
            sync_concurrency: in_range("--sync-concurrency", args.sync_concurrency, 64)?,
        })
    }
}

/// The database's file name in the data directory.
pub const DATABASE_FILE: &str = "linkcenter.db";

/// The database's file name in the data directory when serving the demo estate.
pub const DEMO_DATABASE_FILE: &str = "demo.db";

/// The store a command acts on (`linkcenter token …`): `database`, else `linkcenter.db` in
/// `data_dir`, else in the default data directory.
pub fn store_path(
    database: Option<&std::path::Path>,
    data_dir: Option<&std::path::Path>,
) -> Result<PathBuf, ConfigError> {
    match (database, data_dir) {
        (Some(path), _) => Ok(path.to_path_buf()),
        (None, Some(dir)) => Ok(dir.join(DATABASE_FILE)),
        (None, None) => Ok(default_data_dir()
            .ok_or(ConfigError::NoDataDir)?
            .join(DATABASE_FILE)),
    }
}

/// `$XDG_DATA_HOME/linkcenter`, else `$HOME/.local/share/linkcenter`.
fn default_data_dir() -> Option<PathBuf> {
    let nonempty = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    nonempty("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| nonempty("HOME").map(|home| PathBuf::from(home).join(".local/share")))
        .map(|base| base.join("linkcenter"))
}

fn auth_settings(args: &ServeArgs, addr: SocketAddr) -> Result<AuthSettings, ConfigError> {
    let actions_per_minute = in_range(
        "--actions-per-minute",
        args.actions_per_minute as usize,
        10_000,
    )? as u32;
    let mode = match args.auth {
        AuthKind::Local => {
            if !addr.ip().is_loopback() {
                return Err(ConfigError::LocalNotLoopback(addr));
            }
            AuthSettings::local().mode
        }
        AuthKind::Proxy => {
            let trusted = args
                .trusted_proxy
                .iter()
                .filter(|t| !t.trim().is_empty())
                .map(|t| {
                    t.parse::<Cidr>()
                        .map_err(|e| ConfigError::BadTrustedProxy(e.to_string()))
                })
                .collect::<Result<Vec<_>, _>>()?;
            if trusted.is_empty() {
                return Err(ConfigError::NoTrustedProxy);
            }
            AuthMode::Proxy(ProxySettings {
                trusted,
                approver_groups: groups(&args.approver_group),
                viewer_groups: groups(&args.viewer_group),
                default_role: args.default_role,
            })
        }
        AuthKind::Oidc => AuthMode::Oidc(Box::new(oidc_settings(args)?)),
    };
    Ok(AuthSettings {
        mode,
        actions_per_minute,
    })
}

/// The settings of `--auth oidc`: issuer, client, the public URL the provider sends users back
/// to, the groups of each role, and how long sessions last.
fn oidc_settings(args: &ServeArgs) -> Result<OidcSettings, ConfigError> {
    let issuer_text = args
        .oidc_issuer
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or(ConfigError::OidcNeeds(
            "--oidc-issuer (e.g. https://login.microsoftonline.com/{tenant}/v2.0)",
        ))?;
    let bad = |reason: &str| ConfigError::BadIssuer {
        value: issuer_text.to_owned(),
        reason: reason.to_owned(),
    };
    let issuer = Url::parse(issuer_text).map_err(|e| bad(&e.to_string()))?;
    match issuer.scheme() {
        "https" => {}
        "http" if on_loopback(&issuer) => {}
        _ => return Err(bad("give an https URL (http is accepted on loopback only)")),
    }
    let client_id = args
        .oidc_client_id
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or(ConfigError::OidcNeeds("--oidc-client-id"))?
        .to_owned();
    let client_secret = match (&args.oidc_client_secret, &args.oidc_client_secret_file) {
        (Some(secret), _) => Some(secret.clone()),
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path).map_err(|e| ConfigError::SecretFile {
                path: path.clone(),
                reason: e.to_string(),
            })?;
            Some(Secret::new(text.trim()))
        }
        (None, None) => None,
    }
    .filter(|s| !s.expose().is_empty());
    let public_url = args
        .public_url
        .as_deref()
        .ok_or(ConfigError::OidcNeeds(
            "--public-url (the provider sends users back to PUBLIC-URL/auth/callback)",
        ))
        .and_then(parse_public_url)?;
    if public_url.scheme() != "https" && !on_loopback(&public_url) {
        return Err(ConfigError::BadPublicUrl {
            value: public_url.to_string(),
            reason: "--auth oidc needs https (its session cookie is Secure); http only on loopback, for tests".into(),
        });
    }
    Ok(OidcSettings {
        issuer,
        client_id,
        client_secret,
        public_url,
        approver_groups: groups(&args.approver_group),
        viewer_groups: groups(&args.viewer_group),
        default_role: args.default_role,
        session_idle: parse_bounded(
            "--session-idle",
            &args.session_idle,
            (60, "1m"),
            (30 * 86_400, "30d"),
            "8h",
        )?,
        session_max: parse_bounded(
            "--session-max",
            &args.session_max,
            (60, "1m"),
            (90 * 86_400, "90d"),
            "24h",
        )?,
    })
}

/// The groups (or app roles) given, trimmed, blanks dropped.
fn groups(values: &[String]) -> Vec<String> {
    values
        .iter()
        .map(|g| g.trim().to_owned())
        .filter(|g| !g.is_empty())
        .collect()
}

/// Whether `url` names this machine (`localhost`, 127.0.0.0/8, `[::1]`).
fn on_loopback(url: &Url) -> bool {
    url.host_str().is_some_and(|h| {
        h == "localhost"
            || h.trim_matches(['[', ']'])
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    })
}

/// Parses `300`, `90s`, `5m` or `1h`; at least ten seconds so a sync is not started back to back.
pub fn parse_interval(text: &str) -> Result<Duration, ConfigError> {
    match parse_duration(text) {
        Some(duration) if duration >= Duration::from_secs(10) => Ok(duration),
        _ => Err(ConfigError::BadInterval(text.to_owned())),
    }
}

/// The `--trusted-tenant` values as lower-cased GUIDs; anything else is refused by name.
fn trusted_tenants(values: &[String]) -> Result<Vec<String>, ConfigError> {
    values
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .map(|v| {
            let guid = v.len() == 36
                && v.char_indices().all(|(i, c)| {
                    if [8, 13, 18, 23].contains(&i) {
                        c == '-'
                    } else {
                        c.is_ascii_hexdigit()
                    }
                });
            if guid {
                Ok(v.to_ascii_lowercase())
            } else {
                Err(ConfigError::BadTenant {
                    value: v.to_owned(),
                })
            }
        })
        .collect()
}

/// Parses the duration flag `name` within `min` and `max` seconds (each with how it is written).
fn parse_bounded(
    name: &'static str,
    text: &str,
    (min, min_text): (u64, &'static str),
    (max, max_text): (u64, &'static str),
    example: &'static str,
) -> Result<Duration, ConfigError> {
    match parse_duration(text) {
        Some(duration) if (min..=max).contains(&duration.as_secs()) => Ok(duration),
        _ => Err(ConfigError::BadDuration {
            name,
            value: text.to_owned(),
            min: min_text,
            max: max_text,
            example,
        }),
    }
}

/// Seconds, or a number with `s`, `m` or `h`.
pub(crate) fn parse_duration(text: &str) -> Option<Duration> {
    let trimmed = text.trim();
    let (number, unit) = match trimmed.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => trimmed.split_at(at),
        None => (trimmed, "s"),
    };
    let value: u64 = number.parse().ok()?;
    let seconds = match unit.trim() {
        "s" => value,
        "m" => value.checked_mul(60)?,
        "h" => value.checked_mul(3600)?,
        "d" => value.checked_mul(86_400)?,
        _ => return None,
    };
    Some(Duration::from_secs(seconds))
}

/// Parses `--public-url`: an http(s) origin, with nothing after the host and port but `/`.
fn parse_public_url(value: &str) -> Result<Url, ConfigError> {
    let bad = |reason: String| ConfigError::BadPublicUrl {
        value: value.to_owned(),
        reason,
    };
    let url = parse_http_url(value).map_err(bad)?;
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(bad(
            "give the origin only (scheme, host, port), e.g. https://linkcenter.example.com".into(),
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("it must not hold a user name or password".into()));
    }
    Ok(url)
}

/// An absolute http(s) URL with a host, or why not.
fn parse_http_url(value: &str) -> Result<Url, String> {
    let url = Url::parse(value.trim()).map_err(|error| error.to_string())?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("the scheme must be http or https".into());
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("it has no host".into());
    }
    Ok(url)
}

fn in_range(name: &'static str, value: usize, max: usize) -> Result<usize, ConfigError> {
    if (1..=max).contains(&value) {
        Ok(value)
    } else {
        Err(ConfigError::OutOfRange { name, max, value })
    }
}

/// Parses a listen address (`IP:PORT`), naming the value when it is not one.
pub(crate) fn parse_addr(value: &str) -> Result<SocketAddr, ConfigError> {
    value.trim().parse().map_err(|_| ConfigError::BadAddress {
        value: value.to_owned(),
    })
}

fn source(
    auth: Option<AzureAuth>,
    endpoint: Option<&str>,
    token: Option<Secret>,
) -> Result<Source, ConfigError> {
    match (auth, endpoint, token) {
        (Some(_), Some(_), _) => Err(ConfigError::ConflictingSources),
        (_, None, Some(_)) => Err(ConfigError::TokenWithoutEndpoint),
        (Some(auth), None, None) => Ok(Source::Azure(auth)),
        (None, None, None) => Ok(Source::Demo),
        (None, Some(_), None) => Err(ConfigError::EndpointWithoutToken),
        (None, Some(endpoint), Some(token)) => {
            if token.expose().trim().is_empty() {
                return Err(ConfigError::EndpointWithoutToken);
            }
            Ok(Source::ArmEndpoint {
                url: parse_endpoint(endpoint)?,
                token,
            })
        }
    }
}

fn parse_endpoint(value: &str) -> Result<Url, ConfigError> {
    let bad = |reason: String| ConfigError::BadArmEndpoint {
        value: value.to_owned(),
        reason,
    };
    let url = parse_http_url(value).map_err(bad)?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad(
            "give the base URL only, without query or fragment".into()
        ));
    }
    Ok(url)
}

fn validate_label(label: &str) -> Result<String, ConfigError> {
    let label = label.trim();
    if label.is_empty() {
        return Err(ConfigError::BadLabel("it is empty".into()));
    }
    if label.chars().count() > MAX_LABEL_CHARS {
        return Err(ConfigError::BadLabel(format!(
            "it is longer than {MAX_LABEL_CHARS} characters"
        )));
    }
    if label.chars().any(char::is_control) {
        return Err(ConfigError::BadLabel(
            "it contains control characters".into(),
        ));
    }
    Ok(label.to_owned())
}

/// The badge text when the operator chose none.
pub fn default_label(source: &Source) -> &'static str {
    match source {
        Source::Demo => "Demo estate",
        Source::Azure(_) => "Azure",
        Source::ArmEndpoint { .. } => "ARM endpoint",
    }
}

#[cfg(test)]
mod tests;
