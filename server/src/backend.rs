//! `ServerBackend`: the server's implementation of `app::backend::Backend`, handed to Leptos per request.

use app::{
    backend::Backend,
    model::{Environment, EnvironmentKind},
};

use crate::config::{Config, Source};

/// What the UI reads, backed by the server's state.
#[derive(Clone, Debug)]
pub struct ServerBackend {
    environment: Environment,
}

impl ServerBackend {
    /// Builds the backend for a validated configuration; `emulator` is the in-process
    /// emulator's URL when serving the demo estate.
    pub fn new(config: &Config, emulator: Option<&str>) -> Self {
        Self {
            environment: environment(config, emulator),
        }
    }
}

impl Backend for ServerBackend {
    fn environment(&self) -> Environment {
        self.environment.clone()
    }
}

fn environment(config: &Config, emulator: Option<&str>) -> Environment {
    let (kind, detail) = match &config.source {
        Source::Demo => (
            EnvironmentKind::Demo,
            format!(
                "The built-in ARM emulator{} with its demo estate; no Azure call is made",
                emulator.map(|url| format!(" at {url}")).unwrap_or_default()
            ),
        ),
        Source::Azure(auth) => (
            EnvironmentKind::Azure,
            format!("Azure Resource Manager, {auth:?} credential"),
        ),
        Source::ArmEndpoint { url, .. } => {
            (EnvironmentKind::ArmEndpoint, format!("ARM endpoint {url}"))
        }
    };
    Environment {
        kind,
        label: config.environment_label.clone(),
        detail,
    }
}
