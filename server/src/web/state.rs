//! `AppState`: what every handler and the Leptos renderer can reach.

use std::sync::Arc;

use app::backend::BackendHandle;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::actions::ActionService;
use crate::auth::{AuthSettings, SiteOrigins};
use crate::events::EventHub;
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
    /// Live events for `/api/v1/events`.
    pub events: Arc<EventHub>,
    /// `--auth oidc`'s provider and sessions.
    pub sign_in: Option<Arc<super::sign_in::SignIn>>,
    /// The notification targets and their delivery log, when `--notifications` is given.
    pub notifier: Option<Arc<crate::notifications::Notifier>>,
}

/// Set once the server can answer with data (after the first inventory sync and the
/// settling of unfinished actions); what waits for it is woken, not polling.
#[derive(Clone, Debug)]
pub struct Readiness(Arc<tokio::sync::watch::Sender<bool>>);

impl Default for Readiness {
    fn default() -> Self {
        Self(Arc::new(tokio::sync::watch::Sender::new(false)))
    }
}

impl Readiness {
    /// Marks the server ready.
    pub fn mark_ready(&self) {
        self.0.send_replace(true);
    }

    /// Whether the server is ready.
    pub fn is_ready(&self) -> bool {
        *self.0.borrow()
    }

    /// Resolves once the server is ready.
    pub async fn ready(&self) {
        let mut ready = self.0.subscribe();
        // The sender lives as long as `self`: the wait cannot fail.
        let _ = ready.wait_for(|ready| *ready).await;
    }
}
