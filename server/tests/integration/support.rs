//! An emulator with the demo estate on a loopback port, and a client pointed at it.

use std::time::Duration;

use emulator::{Emulator, EmulatorConfig, RunningEmulator, Store, estate};
use server::arm::{ArmClient, Authorizer, ClientSettings, retry::RetryPolicy};
use server::config::Secret;

pub const NETWORK: &str = "2024-05-01";
pub const CONTOSO: &str = emulator::estate::demo::CONTOSO_PLATFORM;

pub struct Fixture {
    pub client: ArmClient,
    pub _emulator: RunningEmulator,
}

/// Retries quick enough for tests.
pub fn fast_policy() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 12,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(500),
        deadline: Duration::from_secs(30),
    }
}

impl Fixture {
    pub async fn start(config: EmulatorConfig) -> Self {
        Self::with_policy(config, fast_policy()).await
    }

    pub async fn with_policy(config: EmulatorConfig, policy: RetryPolicy) -> Self {
        Self::with_estate(estate::demo::demo(), config, policy).await
    }

    pub async fn with_estate(
        doc: estate::EstateDocument,
        config: EmulatorConfig,
        policy: RetryPolicy,
    ) -> Self {
        let store = Store::new(doc, &[], config.seed).unwrap();
        let running = emulator::start(Emulator::new(store, config), "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        let mut settings = ClientSettings::new(running.url().parse().unwrap());
        settings.retry = policy;
        let client = ArmClient::new(settings, Authorizer::Static(Secret::new("test"))).unwrap();
        Self {
            client,
            _emulator: running,
        }
    }
}
