//! `ServerBackend`: the server's implementation of `app::backend::Backend`, handed to Leptos per request.

use std::sync::Arc;

use app::{
    backend::Backend,
    model::{ConnectionRow, EndpointRow, Environment, EnvironmentKind, Overview, Page, ServiceRow},
};

use crate::inventory::InventoryService;
use crate::views::{ListQuery, Row, overview, rows, select};

use crate::config::{Config, Source};

/// What the UI reads, backed by the server's state.
#[derive(Clone)]
pub struct ServerBackend {
    environment: Environment,
    inventory: Arc<InventoryService>,
}

impl ServerBackend {
    /// Builds the backend for a validated configuration; `emulator` is the in-process
    /// emulator's URL when serving the demo estate.
    pub fn new(config: &Config, emulator: Option<&str>, inventory: Arc<InventoryService>) -> Self {
        Self {
            environment: environment(config, emulator),
            inventory,
        }
    }
}

impl Backend for ServerBackend {
    fn environment(&self) -> Environment {
        self.environment.clone()
    }

    fn overview(&self) -> Overview {
        overview::overview(&self.inventory.snapshot(), &self.inventory.progress())
    }

    fn services(&self, query: &str) -> Result<Page<ServiceRow>, String> {
        page(&rows::services(&self.inventory.snapshot()), query)
    }

    fn endpoints(&self, query: &str) -> Result<Page<EndpointRow>, String> {
        page(&rows::endpoints(&self.inventory.snapshot()), query)
    }

    fn connections(&self, query: &str) -> Result<Page<ConnectionRow>, String> {
        page(&rows::connections(&self.inventory.snapshot()), query)
    }
}

fn page<R: Row>(rows: &[R], query: &str) -> Result<Page<R>, String> {
    let query = ListQuery::parse(query).map_err(|e| e.to_string())?;
    select(rows, &query).map_err(|e| e.to_string())
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
