//! Hosting the ARM emulator: standalone (`linkcenter emulator`) or in-process behind
//! `linkcenter serve` when no Azure settings are given (the demo estate).

use std::net::SocketAddr;

use emulator::{Emulator, EmulatorConfig, RunningEmulator, Store, estate::EstateSource};

use crate::config::EmulatorSettings;

/// Why the emulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum EmulatorError {
    /// The estate is missing or invalid.
    #[error("the estate cannot be served: {0}")]
    Estate(#[from] emulator::EstateError),
    /// The address is taken.
    #[error("the emulator cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
}

/// Loads the estate and starts serving it.
pub async fn launch(settings: &EmulatorSettings) -> Result<RunningEmulator, EmulatorError> {
    let doc = emulator::estate::load(&settings.estate)?;
    let store = Store::new(
        doc,
        &settings.config.deny_subscriptions,
        settings.config.seed,
    )?;
    emulator::start(Emulator::new(store, settings.config.clone()), settings.addr)
        .await
        .map_err(|source| EmulatorError::Bind {
            addr: settings.addr,
            source,
        })
}

/// The in-process emulator of `linkcenter serve`: the demo estate on a free loopback port.
pub async fn launch_demo() -> Result<RunningEmulator, EmulatorError> {
    let settings = EmulatorSettings {
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        estate: EstateSource::Demo,
        config: EmulatorConfig::default(),
    };
    launch(&settings).await
}

/// `linkcenter emulator`: serves until `shutdown` completes.
pub async fn run_standalone(
    settings: EmulatorSettings,
    shutdown: impl std::future::Future<Output = ()>,
) -> Result<(), EmulatorError> {
    let running = launch(&settings).await?;
    tracing::info!(url = %running.url(), estate = ?settings.estate, "ARM emulator listening");
    println!("ARM emulator listening on {}", running.url());
    shutdown.await;
    running.stop().await;
    Ok(())
}
