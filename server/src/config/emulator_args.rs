//! Flags of `linkcenter emulator`, turned into the emulator's settings and estate source.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use clap::Args;
use emulator::{EmulatorConfig, estate::EstateSource};

use super::{ConfigError, parse_addr};

/// Flags of `linkcenter emulator`.
#[derive(Clone, Debug, Args)]
pub struct EmulatorArgs {
    /// Address to listen on (IP:PORT).
    #[arg(
        long,
        env = "LINKCENTER_EMULATOR_ADDR",
        default_value = "127.0.0.1:8090"
    )]
    pub addr: String,
    /// Serve this estate (a JSON document of ARM resources) instead of the demo.
    #[arg(long, env = "LINKCENTER_EMULATOR_ESTATE", conflicts_with = "scale")]
    pub estate: Option<PathBuf>,
    /// Serve a generated estate of N subscriptions instead of the demo.
    #[arg(long, env = "LINKCENTER_EMULATOR_SCALE")]
    pub scale: Option<u32>,
    /// Items per page before `nextLink` (1–1000).
    #[arg(long, env = "LINKCENTER_EMULATOR_PAGE_SIZE", default_value_t = 50)]
    pub page_size: usize,
    /// Latency added to every request, in milliseconds.
    #[arg(long, env = "LINKCENTER_EMULATOR_LATENCY_MS", default_value_t = 0)]
    pub latency_ms: u64,
    /// Fraction of requests answered 429 with Retry-After (0–1).
    #[arg(long, env = "LINKCENTER_EMULATOR_THROTTLE_RATE", default_value_t = 0.0)]
    pub throttle_rate: f64,
    /// The wait a throttled answer asks for, in milliseconds (`Retry-After`, plus
    /// `x-ms-retry-after-ms` when not whole seconds).
    #[arg(
        long,
        env = "LINKCENTER_EMULATOR_RETRY_AFTER_MS",
        default_value_t = 1000
    )]
    pub retry_after_ms: u64,
    /// Fraction of requests answered 500 or 503 (0–1).
    #[arg(long, env = "LINKCENTER_EMULATOR_ERROR_RATE", default_value_t = 0.0)]
    pub error_rate: f64,
    /// A subscription answering 403 AuthorizationFailed (repeat, or comma-separate in the env var).
    #[arg(
        long,
        env = "LINKCENTER_EMULATOR_DENY_SUBSCRIPTION",
        value_delimiter = ','
    )]
    pub deny_subscription: Vec<String>,
    /// Accept only these bearer tokens (repeat; any non-empty token when omitted).
    /// `TOKEN=CALLER` makes the token's writes act as CALLER in the Activity Log
    /// (`--token portal=alice@contoso.com`).
    #[arg(
        long,
        env = "LINKCENTER_EMULATOR_TOKEN",
        hide_env_values = true,
        value_delimiter = ','
    )]
    pub token: Vec<super::Secret>,
    /// How long removing a connection stays in progress, in milliseconds.
    #[arg(long, env = "LINKCENTER_EMULATOR_LRO_DELAY_MS", default_value_t = 1500)]
    pub lro_delay_ms: u64,
    /// Make new Pending requests arrive over time, COUNT/UNIT with UNIT s, min or h (`2/min`):
    /// by turns from Front Door and from another tenant's endpoint, on the services in turn.
    #[arg(long, env = "LINKCENTER_EMULATOR_ARRIVALS")]
    pub arrivals: Option<String>,
    /// How many requests `--arrivals` makes at most.
    #[arg(
        long,
        env = "LINKCENTER_EMULATOR_ARRIVALS_LIMIT",
        default_value_t = emulator::store::DEFAULT_ARRIVALS,
        value_parser = clap::value_parser!(u32).range(1..=1_000_000)
    )]
    pub arrivals_limit: u32,
    /// What the caller may do in each subscription, a JSON file
    /// (`{"default": [...], "subscriptions": {"<id>": [{"actions": [...], "notActions": [...]}]}}`):
    /// what the permissions API answers (`linkcenter doctor` asks it) and what reads and writes
    /// are allowed; everything when omitted.
    #[arg(long, env = "LINKCENTER_EMULATOR_PERMISSIONS")]
    pub permissions: Option<PathBuf>,
}

/// Validated settings of `linkcenter emulator`.
#[derive(Clone, Debug)]
pub struct EmulatorSettings {
    /// Listen address.
    pub addr: SocketAddr,
    /// Where the estate comes from.
    pub estate: EstateSource,
    /// The emulator's behaviour.
    pub config: EmulatorConfig,
}

impl TryFrom<EmulatorArgs> for EmulatorSettings {
    type Error = ConfigError;

    fn try_from(args: EmulatorArgs) -> Result<Self, Self::Error> {
        let addr = parse_addr(&args.addr)?;
        let estate = match (args.estate, args.scale) {
            (Some(path), _) => EstateSource::File(path),
            (None, Some(0)) => {
                return Err(ConfigError::BadEmulator(
                    "--scale must be at least 1".into(),
                ));
            }
            (None, Some(n)) => EstateSource::Scale(n),
            (None, None) => EstateSource::Demo,
        };
        let config = EmulatorConfig {
            page_size: args.page_size,
            tokens: args
                .token
                .iter()
                .map(|t| emulator::Token::parse(t.expose()))
                .collect(),
            lro_delay: Duration::from_millis(args.lro_delay_ms),
            latency: Duration::from_millis(args.latency_ms),
            throttle_rate: args.throttle_rate,
            retry_after: Duration::from_millis(args.retry_after_ms),
            error_rate: args.error_rate,
            deny_subscriptions: args.deny_subscription,
            arrivals: args
                .arrivals
                .as_deref()
                .map(|rate| emulator::store::Arrivals::parse(rate, args.arrivals_limit))
                .transpose()
                .map_err(|error| ConfigError::BadEmulator(error.to_string()))?,
            permissions: match &args.permissions {
                None => std::sync::Arc::default(),
                Some(path) => std::sync::Arc::new(read_permissions(path)?),
            },
            ..EmulatorConfig::default()
        };
        config
            .validate()
            .map_err(|error| ConfigError::BadEmulator(error.to_string()))?;
        Ok(Self {
            addr,
            estate,
            config,
        })
    }
}

/// Reads `--permissions FILE`.
fn read_permissions(
    path: &std::path::Path,
) -> Result<emulator::permissions::Permissions, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        ConfigError::BadEmulator(format!("--permissions {}: {error}", path.display()))
    })?;
    emulator::permissions::Permissions::parse(&text).map_err(|error| {
        ConfigError::BadEmulator(format!("--permissions {}: {error}", path.display()))
    })
}
