//! `ViewCache`: the list rows built once per inventory snapshot, so a page request filters and
//! sorts ready rows instead of re-joining 50,000 connections. Rebuilt lazily when the sync
//! swaps in a new snapshot; readers never wait for each other.

use std::sync::Arc;

use app::model::ServiceRow;
use arc_swap::ArcSwapOption;

use super::{ConnectionRecord, EndpointRecord, Table, records, rows};
use crate::inventory::{InventoryService, Snapshot};

/// The rows of every list for one snapshot.
#[derive(Debug)]
pub struct Views {
    /// The snapshot they were built from.
    pub snapshot: Arc<Snapshot>,
    /// Private link services.
    pub services: Table<ServiceRow>,
    /// Private endpoints.
    pub endpoints: Table<EndpointRecord>,
    /// Connections, as typed records (wire rows are made per page).
    pub connections: Table<ConnectionRecord>,
}

impl Views {
    /// Builds every list from `snapshot`.
    pub fn build(snapshot: Arc<Snapshot>) -> Self {
        Self {
            services: Table::new(rows::services(&snapshot)),
            endpoints: Table::new(records::endpoints(&snapshot)),
            connections: Table::new(records::connections(&snapshot)),
            snapshot,
        }
    }
}

/// The rows of the current snapshot, built on first use after each sync.
pub struct ViewCache {
    inventory: Arc<InventoryService>,
    cached: ArcSwapOption<Views>,
}

impl ViewCache {
    /// A cache over `inventory`'s snapshots.
    pub fn new(inventory: Arc<InventoryService>) -> Arc<Self> {
        Arc::new(Self {
            inventory,
            cached: ArcSwapOption::empty(),
        })
    }

    /// The inventory behind the views.
    pub fn inventory(&self) -> &Arc<InventoryService> {
        &self.inventory
    }

    /// The rows of the current snapshot.
    pub fn current(&self) -> Arc<Views> {
        let snapshot = self.inventory.snapshot();
        if let Some(views) = self.cached.load_full()
            && Arc::ptr_eq(&views.snapshot, &snapshot)
        {
            return views;
        }
        let views = Arc::new(Views::build(snapshot));
        self.cached.store(Some(views.clone()));
        views
    }
}
