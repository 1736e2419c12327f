//! The `Backend` trait: everything the UI needs from the server. `server/` implements it and
//! provides it through Leptos context; `#[server]` functions only call it.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{
    ActionPlan, ActionReport, AuditEntry, ChangeEntry, ConnectionRow, CountSeries, EndpointRow,
    Environment, FindingsPage, GraphPageView, Overview, Page, PoliciesView, ResourceView,
    ServiceRow, SessionView, StatusView, TokenView,
};

/// The server-side services the pages read from.
pub trait Backend: Send + Sync + 'static {
    /// The environment shown in the header badge.
    fn environment(&self) -> Environment;

    /// Origins beside this one that pages' forms may lead to (the identity provider, where
    /// signing out ends); none by default.
    fn form_origins(&self) -> Vec<String> {
        Vec::new()
    }

    /// The Overview page's data.
    fn overview(&self) -> Overview;

    /// A page of private link services for a URL query string (`subscription=…&q=…&sort=…`);
    /// `Err` is a 400 whose message names the bad parameter.
    fn services(&self, query: &str) -> Result<Page<ServiceRow>, AppError>;

    /// A page of private endpoints for a URL query string.
    fn endpoints(&self, query: &str) -> Result<Page<EndpointRow>, AppError>;

    /// A page of connections for a URL query string (`state=Pending` for the Pending page).
    fn connections(&self, query: &str) -> Result<Page<ConnectionRow>, AppError>;

    /// The Graph page for a URL query string (`subscription=…&service=…&state=…`; `node` is
    /// ignored): summary, notes, findings, download link and the laid-out drawing; `Err` is a
    /// 400 naming the bad parameter (or the unknown subscription).
    fn graph(&self, query: &str) -> Result<GraphPageView, AppError>;

    /// The side panel of the node a Graph page query chooses (`node=…`); `Ok(None)` when none.
    fn graph_node(&self, query: &str) -> Result<Option<ResourceView>, AppError>;

    /// Sync progress, last refresh, failed or stale subscriptions, subscriptions for filters.
    fn status(&self) -> StatusView;

    /// Starts a sync now (or right after the running one) for the user of the request `parts`
    /// describes; `Err` says why not (a viewer; asked too recently).
    fn request_sync(&self, parts: &http::request::Parts) -> Result<(), AppError>;

    /// Who sent the request `parts` describes, and whether they may act.
    fn session(&self, parts: &http::request::Parts) -> SessionView;

    /// What `action` (`approve`, `reject`, `remove`) would change on the connections `ids`, or
    /// on every connection a connections list query `filter` matches; `Err` for a bad action,
    /// id or filter, or an unknown connection.
    fn plan(
        &self,
        action: &str,
        ids: &[String],
        filter: Option<&str>,
    ) -> Result<ActionPlan, AppError>;

    /// Runs a confirmed request for the actor of `parts`: `Ok` with the id of its report once
    /// every connection has its result (see `report`), `Err` when nothing was tried (a bad
    /// description, no role, a cross-site request, too many requests, a filter that changed).
    fn act(
        &self,
        parts: http::request::Parts,
        request: ActRequest,
    ) -> BoxFuture<Result<String, AppError>>;

    /// The report of the job `act` started: its results so far; `None` for an unknown id.
    fn report(&self, id: &str) -> BoxFuture<Option<ActionReport>>;

    /// A page of the audit for a URL query string (`actor=…&action=…&outcome=…&from=…`).
    fn audit(&self, query: String) -> BoxFuture<Result<Page<AuditEntry>, AppError>>;

    /// A page of the change feed for a URL query string (`kind=…&subscription=…&from=…`).
    fn changes(&self, query: String) -> BoxFuture<Result<Page<ChangeEntry>, AppError>>;

    /// The findings a URL query string keeps (`severity=…&kind=…&subscription=…`), with the
    /// counts by kind of all of them.
    fn findings(&self, query: String) -> BoxFuture<Result<FindingsPage, AppError>>;

    /// The detail page of resource `id` with what the store adds: a service's connections
    /// over time, a connection's audit history and changes. `Ok(None)` when it is not in the
    /// inventory, `Err` (400) when `id` is not a resource id.
    fn resource_page(&self, id: &str) -> BoxFuture<Result<Option<ResourceView>, AppError>>;

    /// The approval policies in force: the file, each policy in words with what it matches now
    /// and did lately, the verdicts, and how the last reload went.
    fn policies(&self) -> BoxFuture<Result<PoliciesView, AppError>>;

    /// The API tokens, for an approver (`parts` says who asks); `None` for anyone else, who is
    /// not shown them (the page itself stays theirs to see).
    fn tokens(
        &self,
        parts: &http::request::Parts,
    ) -> BoxFuture<Result<Option<Vec<TokenView>>, AppError>>;

    /// The estate's connections by state over the last 30 days (every subscription's added
    /// up), as the Overview charts them.
    fn estate_history(&self) -> BoxFuture<Result<CountSeries, AppError>>;
}

/// A confirmed action, as the confirmation page posts it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActRequest {
    /// `approve`, `reject` or `remove`.
    pub action: String,
    /// The connections, when chosen one by one.
    pub ids: Vec<String>,
    /// The state the user saw of each of `ids`, in the same order.
    pub states: Vec<String>,
    /// The connections list query, when "all matching" was chosen.
    pub filter: Option<String>,
    /// How many connections the filter matched when the user confirmed.
    pub count: Option<usize>,
    /// The justification.
    pub description: String,
}

/// A boxed future the backend answers with.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

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
