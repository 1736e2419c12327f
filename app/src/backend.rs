//! The `Backend` trait: everything the UI needs from the server. `server/` implements it and
//! provides it through Leptos context; `#[server]` functions only call it.

use std::sync::Arc;

use leptos::prelude::*;

use crate::model::{ConnectionRow, EndpointRow, Environment, Overview, Page, ServiceRow};

/// The server-side services the pages read from.
pub trait Backend: Send + Sync + 'static {
    /// The environment shown in the header badge.
    fn environment(&self) -> Environment;

    /// The Overview page's data.
    fn overview(&self) -> Overview;

    /// A page of private link services for a URL query string (`subscription=…&q=…&sort=…`);
    /// `Err` carries a message naming the bad parameter.
    fn services(&self, query: &str) -> Result<Page<ServiceRow>, String>;

    /// A page of private endpoints for a URL query string.
    fn endpoints(&self, query: &str) -> Result<Page<EndpointRow>, String>;

    /// A page of connections for a URL query string (`state=Pending` for the Pending page).
    fn connections(&self, query: &str) -> Result<Page<ConnectionRow>, String>;
}

/// The handle put into Leptos context for each request.
#[derive(Clone)]
pub struct BackendHandle(pub Arc<dyn Backend>);

impl BackendHandle {
    /// Wraps a backend for context.
    pub fn new(backend: impl Backend) -> Self {
        Self(Arc::new(backend))
    }
}

/// Takes the backend from context, or explains that the server was wired without one.
pub fn use_backend() -> Result<Arc<dyn Backend>, ServerFnError> {
    use_context::<BackendHandle>()
        .map(|handle| handle.0)
        .ok_or_else(|| ServerFnError::new("the server has no backend in context"))
}
