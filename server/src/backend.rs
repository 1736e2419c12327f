//! `ServerBackend`: the server's implementation of `app::backend::Backend`, handed to Leptos per request.

mod actions;
mod resource_page;

use std::sync::Arc;

use app::{
    backend::{ActRequest, Backend, BoxFuture},
    error::AppError,
    model::{
        ActionPlan, ActionReport, AuditEntry, ChangeEntry, ConnectionRow, CountSeries, EndpointRow,
        Environment, EnvironmentKind, GraphPageView, Overview, Page, PoliciesView, ResourceView,
        ServiceRow, SessionView, StatusView, TokenView,
    },
};

use std::time::Instant;

use time::OffsetDateTime;

use crate::auth::{Actor, TokenScope};
use crate::service::{SyncRequests, lists};

use crate::views::{ViewCache, graph_page, overview};

use crate::config::{Config, Source};

/// What the UI reads, backed by the server's state.
#[derive(Clone)]
pub struct ServerBackend {
    environment: Environment,
    views: Arc<ViewCache>,
    actions: Arc<crate::actions::ActionService>,
    syncs: Arc<SyncRequests>,
    notifier: Option<Arc<crate::notifications::Notifier>>,
    form_origins: Vec<String>,
}

impl ServerBackend {
    /// Builds the backend for a validated configuration; `emulator` is the in-process
    /// emulator's URL when serving the demo estate.
    pub fn new(
        config: &Config,
        emulator: Option<&str>,
        views: Arc<ViewCache>,
        actions: Arc<crate::actions::ActionService>,
        syncs: Arc<SyncRequests>,
    ) -> Self {
        Self {
            environment: environment(config, emulator),
            views,
            actions,
            syncs,
            notifier: None,
            form_origins: Vec::new(),
        }
    }

    /// The same, letting pages' forms lead to `origins` too (the identity provider's logout).
    pub fn with_form_origins(mut self, origins: Vec<String>) -> Self {
        self.form_origins = origins;
        self
    }

    /// The same, showing `notifier`'s targets and deliveries on the Policies page.
    pub fn with_notifier(mut self, notifier: Option<Arc<crate::notifications::Notifier>>) -> Self {
        self.notifier = notifier;
        self
    }
}

impl Backend for ServerBackend {
    fn environment(&self) -> Environment {
        self.environment.clone()
    }

    fn form_origins(&self) -> Vec<String> {
        self.form_origins.clone()
    }

    fn overview(&self) -> Overview {
        overview::overview(
            &self.views.current(),
            &self.views.inventory().progress(),
            OffsetDateTime::now_utc(),
        )
    }

    fn services(&self, query: &str) -> Result<Page<ServiceRow>, AppError> {
        Ok(lists::services(
            &self.views.current(),
            query,
            &TokenScope::All,
        )?)
    }

    fn endpoints(&self, query: &str) -> Result<Page<EndpointRow>, AppError> {
        Ok(lists::endpoints(
            &self.views.current(),
            query,
            &TokenScope::All,
        )?)
    }

    fn connections(&self, query: &str) -> Result<Page<ConnectionRow>, AppError> {
        Ok(lists::connections(
            &self.views.current(),
            query,
            &TokenScope::All,
            OffsetDateTime::now_utc(),
        )?)
    }

    fn graph(&self, query: &str) -> Result<GraphPageView, AppError> {
        graph_page::page(&self.views.current(), query)
            .map_err(|e| AppError::bad_request(e.to_string()))
    }

    fn graph_node(&self, query: &str) -> Result<Option<ResourceView>, AppError> {
        graph_page::panel(&self.views.current(), query, OffsetDateTime::now_utc())
            .map_err(|e| AppError::bad_request(e.to_string()))
    }

    fn status(&self) -> StatusView {
        overview::status(
            &self.views.inventory().snapshot(),
            &self.views.inventory().progress(),
            OffsetDateTime::now_utc(),
            self.environment.clone(),
        )
    }

    fn request_sync(&self, parts: &http::request::Parts) -> Result<(), AppError> {
        let actor = parts
            .extensions
            .get::<Actor>()
            .ok_or_else(|| AppError::new(401, "not signed in"))?;
        Ok(self.syncs.request(actor, Instant::now())?)
    }

    fn session(&self, parts: &http::request::Parts) -> SessionView {
        actions::session(parts)
    }

    fn plan(
        &self,
        action: &str,
        ids: &[String],
        filter: Option<&str>,
    ) -> Result<ActionPlan, AppError> {
        actions::plan(&self.views.current(), action, ids, filter).map_err(AppError::bad_request)
    }

    fn act(
        &self,
        parts: http::request::Parts,
        request: ActRequest,
    ) -> BoxFuture<Result<String, AppError>> {
        Box::pin(actions::act(
            self.actions.clone(),
            self.views.current(),
            parts,
            request,
        ))
    }

    fn report(&self, id: &str) -> BoxFuture<Option<ActionReport>> {
        Box::pin(actions::report(self.actions.clone(), id.to_owned()))
    }

    fn audit(&self, query: String) -> BoxFuture<Result<Page<AuditEntry>, AppError>> {
        Box::pin(actions::audit(self.actions.clone(), query))
    }

    fn changes(&self, query: String) -> BoxFuture<Result<Page<ChangeEntry>, AppError>> {
        let actions = self.actions.clone();
        Box::pin(async move {
            let query = app::model::ChangeQuery::parse(&query)?;
            crate::service::changes::page(actions.store(), &query)
                .await
                .map_err(|e| AppError::unavailable(format!("the change feed cannot be read: {e}")))
        })
    }

    fn findings(&self, query: String) -> BoxFuture<Result<app::model::FindingsPage, AppError>> {
        let snapshot = self.views.inventory().snapshot();
        Box::pin(async move {
            let query = app::model::FindingQuery::parse(&query)?;
            crate::views::findings::page(&snapshot, &query)
                .map_err(|e| AppError::bad_request(e.to_string()))
        })
    }

    fn estate_history(&self) -> BoxFuture<Result<CountSeries, AppError>> {
        let actions = self.actions.clone();
        Box::pin(async move {
            crate::service::history::chart(
                actions.store(),
                &crate::store::CountOf::Estate,
                &app::model::HistoryQuery::default(),
                OffsetDateTime::now_utc(),
            )
            .await
            .map_err(|e| AppError::unavailable(format!("the counts cannot be read: {e}")))
        })
    }

    fn resource_page(&self, id: &str) -> BoxFuture<Result<Option<ResourceView>, AppError>> {
        Box::pin(resource_page::page(
            self.views.current(),
            self.actions.clone(),
            id.to_owned(),
        ))
    }

    fn tokens(
        &self,
        parts: &http::request::Parts,
    ) -> BoxFuture<Result<Option<Vec<TokenView>>, AppError>> {
        let actor = parts.extensions.get::<Actor>().cloned();
        let store = self.actions.store().clone();
        Box::pin(async move {
            if !actor.is_some_and(|a| a.role.may_act()) {
                return Ok(None);
            }
            let now = OffsetDateTime::now_utc();
            let tokens = store
                .tokens()
                .await
                .map_err(|e| AppError::new(500, format!("the tokens cannot be read: {e}")))?;
            Ok(Some(
                tokens
                    .iter()
                    .map(|t| crate::service::tokens::view(t, now))
                    .collect(),
            ))
        })
    }

    fn policies(&self) -> BoxFuture<Result<PoliciesView, AppError>> {
        let (views, actions) = (self.views.clone(), self.actions.clone());
        let notifier = self.notifier.clone();
        Box::pin(async move {
            crate::service::policies::view(
                &views.current(),
                views.policy_file().map(Arc::as_ref),
                actions.store(),
                notifier.as_deref(),
            )
            .await
            .map_err(|e| AppError::new(500, format!("the audit cannot be read: {e}")))
        })
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
