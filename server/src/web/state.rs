//! `AppState`: what every handler and the Leptos renderer can reach.

use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

use app::backend::BackendHandle;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::actions::ActionService;
use crate::auth::{AuthSettings, SiteOrigins};
use crate::inventory::InventoryService;
use crate::service::SyncRequests;
use crate::views::ViewCache;

/// Shared state of the router.
#[derive(Clone, FromRef)]
pub struct AppState {
    /// Leptos' site settings (output name, site root).
    pub leptos_options: LeptosOptions,
    /// The UI's backend, provided to Leptos per request.
    pub backend: BackendHandle,
    /// Whether `/readyz` answers ready.
    pub readiness: Readiness,
    /// The inventory and its sync.
    pub inventory: Arc<InventoryService>,
    /// The list rows of the current snapshot.
    pub views: Arc<ViewCache>,
    /// Who may act.
    pub auth: Arc<AuthSettings>,
    /// Approve, reject, remove, and the audit.
    pub actions: Arc<ActionService>,
    /// Syncs users ask for.
    pub syncs: Arc<SyncRequests>,
    /// This server's hosts and origins.
    pub site: Arc<SiteOrigins>,
}

/// Set once the server can answer with data (after the first inventory sync).
#[derive(Clone, Debug, Default)]
pub struct Readiness(Arc<AtomicBool>);

impl Readiness {
    /// Marks the server ready.
    pub fn mark_ready(&self) {
        self.0.store(true, Ordering::Release);
    }

    /// Whether the server is ready.
    pub fn is_ready(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }
}
