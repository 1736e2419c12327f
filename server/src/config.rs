//! Command line and `LINKCENTER_*` environment, parsed by clap and validated into one typed `Config`.

mod emulator_args;
mod secret;

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use clap::{Args, Parser, Subcommand, ValueEnum};
use url::Url;

pub use emulator_args::{EmulatorArgs, EmulatorSettings};
pub use secret::Secret;

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
    /// ARM requests in flight at once.
    #[arg(long, env = "LINKCENTER_MAX_IN_FLIGHT", default_value_t = 16)]
    pub max_in_flight: usize,
    /// Subscriptions read at once during a sync.
    #[arg(long, env = "LINKCENTER_SYNC_CONCURRENCY", default_value_t = 8)]
    pub sync_concurrency: usize,
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
    /// ARM requests in flight at once.
    pub max_in_flight: usize,
    /// Subscriptions read at once.
    pub sync_concurrency: usize,
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
}

impl TryFrom<ServeArgs> for Config {
    type Error = ConfigError;

    fn try_from(args: ServeArgs) -> Result<Self, Self::Error> {
        let addr = parse_addr(&args.addr)?;
        let source = source(
            args.azure_auth,
            args.arm_endpoint.as_deref(),
            args.arm_token,
        )?;
        let environment_label = match args.environment_label {
            Some(label) => validate_label(&label)?,
            None => default_label(&source).to_owned(),
        };
        Ok(Self {
            addr,
            site_root: args.site_root,
            source,
            environment_label,
            inventory: args.inventory,
            refresh_interval: parse_interval(&args.refresh_interval)?,
            max_in_flight: in_range("--max-in-flight", args.max_in_flight, 256)?,
            sync_concurrency: in_range("--sync-concurrency", args.sync_concurrency, 64)?,
        })
    }
}

/// Parses `300`, `90s`, `5m` or `1h`; at least ten seconds so a sync is not started back to back.
pub fn parse_interval(text: &str) -> Result<Duration, ConfigError> {
    let bad = || ConfigError::BadInterval(text.to_owned());
    let trimmed = text.trim();
    let (number, unit) = match trimmed.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => trimmed.split_at(at),
        None => (trimmed, "s"),
    };
    let value: u64 = number.parse().map_err(|_| bad())?;
    let seconds = match unit.trim() {
        "s" => value,
        "m" => value.checked_mul(60).ok_or_else(bad)?,
        "h" => value.checked_mul(3600).ok_or_else(bad)?,
        _ => return Err(bad()),
    };
    if seconds < 10 {
        return Err(bad());
    }
    Ok(Duration::from_secs(seconds))
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
    let bad = |reason: &str| ConfigError::BadArmEndpoint {
        value: value.to_owned(),
        reason: reason.to_owned(),
    };
    let url = Url::parse(value.trim()).map_err(|error| bad(&error.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("the scheme must be http or https"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("it has no host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("give the base URL only, without query or fragment"));
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
