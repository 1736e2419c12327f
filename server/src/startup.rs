//! `Application`: binds the listener, builds the router, and serves until shut down.
//! Tests build the same `Application` on port 0.

use std::{future::Future, io, net::SocketAddr};

use app::backend::BackendHandle;
use tokio::net::TcpListener;

use emulator::RunningEmulator;

use std::sync::Arc;

use crate::actions::ActionService;
use crate::auth::{AuthMode, SiteOrigins};
use crate::events::EventHub;
use crate::history::HistoryRecorder;
use crate::policies::PolicyFile;
use crate::service::{PolicyEnforcer, SyncRequests};

use crate::{
    arm::{ArmClient, ArmError, Authorizer, ClientSettings},
    backend::ServerBackend,
    config::{Config, InventoryMode, Secret, Source},
    emulator_host::{self, EmulatorError},
    inventory::{InventoryService, sync::Mode},
    views::ViewCache,
    web::{self, AppState, Readiness},
};

/// Azure Resource Manager's public endpoint.
pub const AZURE_ENDPOINT: &str = "https://management.azure.com";

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// The listen address is taken or not ours.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// What the OS said.
        #[source]
        source: io::Error,
    },
    /// The in-process demo emulator could not start.
    #[error("the built-in emulator could not start: {0}")]
    Emulator(#[from] EmulatorError),
    /// The ARM client could not be set up (credentials, endpoint).
    #[error("cannot set up the ARM client: {0}")]
    Arm(#[from] ArmError),
    /// The audit database could not be opened.
    #[error("cannot open the audit database: {0}")]
    Store(#[from] crate::store::StoreError),
    /// `--auth oidc`: the provider cannot be read.
    #[error("{0}")]
    Oidc(#[from] crate::oidc::OidcError),
}

/// The approval policies at work: the file in force, what carries them out after each sync,
/// and the tasks that reload and enforce them.
struct RunningPolicies {
    file: Arc<PolicyFile>,
    enforcer: Arc<PolicyEnforcer>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

/// A bound, ready-to-serve Link Center.
pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    local_addr: SocketAddr,
    emulator: Option<RunningEmulator>,
    inventory: Arc<InventoryService>,
    readiness: Readiness,
    sync_task: tokio::task::JoinHandle<()>,
    /// The approval policies, when a policies file is given.
    policies: Option<RunningPolicies>,
    /// Records the change feed after each sync.
    history: (Arc<HistoryRecorder>, tokio::task::JoinHandle<()>),
    /// Live events and the tasks feeding them.
    events: (Arc<EventHub>, Vec<tokio::task::JoinHandle<()>>),
    /// The notification targets, when a notifications file is given.
    notifier: Option<Arc<crate::notifications::Notifier>>,
    header_read_timeout: std::time::Duration,
}

impl Application {
    /// Binds `config.addr` and wires the state and routes.
    pub async fn build(config: Config) -> Result<Self, StartupError> {
        let listener =
            TcpListener::bind(config.addr)
                .await
                .map_err(|source| StartupError::Bind {
                    addr: config.addr,
                    source,
                })?;
        let local_addr = listener.local_addr().map_err(|source| StartupError::Bind {
            addr: config.addr,
            source,
        })?;
        let emulator = match config.source {
            Source::Demo => Some(emulator_host::launch_demo().await?),
            _ => None,
        };
        if let Some(running) = &emulator {
            tracing::info!(url = %running.url(), "serving the demo estate from the built-in ARM emulator");
        }
        let emulator_url = emulator.as_ref().map(RunningEmulator::url);
        let client = arm_client(&config, emulator_url.as_deref())?;
        let mode = match config.inventory {
            InventoryMode::Arm => Mode::Arm {
                concurrency: config.sync_concurrency,
            },
            InventoryMode::ResourceGraph => Mode::ResourceGraph,
        };
        let store =
            crate::store::Store::open_with(&config.database, config.accept_new_audit).await?;
        tracing::info!(database = %config.database.display(), "audit database open");
        // Before anything is served, so no job of this run is taken for one a stop cut short.
        match store.settle_jobs(time::OffsetDateTime::now_utc()).await? {
            0 => {}
            jobs => tracing::warn!(jobs, "settled bulk jobs a previous run left unfinished"),
        }
        let inventory = InventoryService::configured(
            client.clone(),
            config.refresh_interval,
            mode,
            crate::inventory::join::FindingSettings {
                loss_threshold: config.loss_threshold,
                nat_connections_warn: config.nat_connections_warn,
                trusted_tenants: config.trusted_tenants.clone(),
                ..crate::inventory::join::FindingSettings::default()
            },
            config.pending_interval,
        );
        let actions = Arc::new(ActionService::new(
            client.clone(),
            store,
            inventory.clone(),
            config.auth.actions_per_minute,
        ));
        let readiness = Readiness::default();
        let sync_task = tokio::spawn(inventory.clone().run());
        {
            // Ready once the first sync has a snapshot to show and the actions a previous run
            // left unfinished are settled: a new action on such a connection could otherwise
            // race its reconciliation, and a client (or a test) waiting for `/readyz` sees the
            // audit complete.
            let (inventory, readiness, actions) =
                (inventory.clone(), readiness.clone(), actions.clone());
            tokio::spawn(async move {
                inventory.first_sync().await;
                actions.reconcile().await;
                readiness.mark_ready();
            });
        }
        let policies = config.policies.clone().map(|set| {
            let path = std::path::PathBuf::from(&set.path);
            PolicyFile::new(path, set, config.policies_enforce)
        });
        if let Some(policies) = &policies {
            let in_force = policies.current();
            tracing::info!(
                path = %in_force.set.path,
                policies = in_force.set.policies.len(),
                dry_run = in_force.dry_run,
                "approval policies read"
            );
        }
        let views = ViewCache::with_policies(inventory.clone(), policies.clone());
        let policies = policies.map(|file| {
            let enforcer = PolicyEnforcer::new(views.clone(), actions.clone());
            let tasks = vec![
                file.clone().watch(),
                tokio::spawn(enforcer.clone().run(inventory.clone(), file.clone())),
            ];
            RunningPolicies {
                file,
                enforcer,
                tasks,
            }
        });
        let history = {
            let recorder = HistoryRecorder::new(
                actions.store().clone(),
                client.clone(),
                config.history_retention,
            );
            let task = tokio::spawn(recorder.clone().run(inventory.clone()));
            (recorder, task)
        };
        let events = EventHub::new(crate::events::STREAMS_PER_USER);
        let mut event_tasks = vec![
            tokio::spawn(events.clone().publish_snapshots(inventory.clone())),
            tokio::spawn(
                events
                    .clone()
                    .publish_changes(actions.store().clone(), history.0.recorded()),
            ),
            tokio::spawn(events.clone().publish_activity(actions.activity())),
        ];
        let notifier = config.notifications.as_ref().map(|set| {
            tracing::info!(path = %set.path, targets = set.targets.len(), "notifications read");
            let notifier = crate::notifications::Notifier::start(set, config.notification_give_up);
            event_tasks.push(notifier.clone().watch());
            event_tasks.push(tokio::spawn(crate::notifications::source::run(
                notifier.clone(),
                events.clone(),
                inventory.clone(),
                config.public_url.clone(),
            )));
            notifier
        });
        let syncs = Arc::new(SyncRequests::new(
            inventory.clone(),
            config.sync_request_interval,
        ));
        let sign_in = match &config.auth.mode {
            AuthMode::Oidc(settings) => Some(Arc::new(crate::web::sign_in::SignIn {
                provider: crate::oidc::Provider::discover(settings).await?,
                sessions: Arc::new(crate::auth::Sessions::new(
                    settings.session_idle,
                    settings.session_max,
                )),
                settings: (**settings).clone(),
            })),
            _ => None,
        };
        let state = AppState {
            sign_in: sign_in.clone(),
            leptos_options: {
                let options = crate::web::site::leptos_options(&config.site_root, local_addr);
                crate::web::site::warn_if_incomplete(&options);
                options
            },
            backend: BackendHandle::new(
                ServerBackend::new(
                    &config,
                    emulator_url.as_deref(),
                    views.clone(),
                    actions.clone(),
                    syncs.clone(),
                )
                .with_notifier(notifier.clone())
                .with_form_origins(
                    sign_in
                        .as_ref()
                        .and_then(|s| s.provider.end_session_origin())
                        .into_iter()
                        .collect(),
                ),
            ),
            readiness: readiness.clone(),
            inventory: inventory.clone(),
            views,
            auth: Arc::new(config.auth.clone()),
            actions,
            syncs,
            site: Arc::new(site_origins(&config, local_addr)),
            events: events.clone(),
            notifier: notifier.clone(),
        };
        let notifier_kept = notifier;
        let router = web::router(state, config.request_timeout);
        Ok(Self {
            header_read_timeout: config.header_read_timeout,
            listener,
            router,
            local_addr,
            emulator,
            inventory,
            readiness,
            sync_task,
            policies,
            history,
            events: (events, event_tasks),
            notifier: notifier_kept,
        })
    }

    /// The actions each round of the policies took, when a policies file is given (tests wait
    /// on it).
    pub fn policy_rounds(&self) -> Option<tokio::sync::watch::Receiver<Vec<usize>>> {
        self.policies
            .as_ref()
            .map(|running| running.enforcer.rounds())
    }

    /// Counts changes of the notifications' delivery log, when a notifications file is given
    /// (tests wait on it).
    pub fn notification_deliveries(&self) -> Option<tokio::sync::watch::Receiver<u64>> {
        self.notifier.as_ref().map(|n| n.changed())
    }

    /// Counts the notifications file's reload attempts, when one is given (tests wait on it).
    pub fn notification_reloads(&self) -> Option<tokio::sync::watch::Receiver<u64>> {
        self.notifier.as_ref().map(|n| n.attempts())
    }

    /// The number of syncs the change feed has recorded (tests wait on it).
    pub fn history_recorded(&self) -> tokio::sync::watch::Receiver<u64> {
        self.history.0.recorded()
    }

    /// The policies file in force, when one is given (tests reload it and wait on reloads).
    pub fn policy_file(&self) -> Option<Arc<PolicyFile>> {
        self.policies.as_ref().map(|running| running.file.clone())
    }

    /// Whether `/readyz` answers ready, and the wait for it (tests wait on it).
    pub fn readiness(&self) -> Readiness {
        self.readiness.clone()
    }

    /// The inventory service (tests wait for its first sync).
    pub fn inventory(&self) -> Arc<InventoryService> {
        self.inventory.clone()
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Serves requests until `shutdown` completes, then lets requests in flight finish.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        tracing::info!(addr = %self.local_addr, url = %format!("http://{}", self.local_addr), "Link Center listening");
        // Open event streams end first, or the graceful shutdown would wait for them.
        let hub = self.events.0.clone();
        let shutdown = async move {
            shutdown.await;
            hub.close();
        };
        web::serve::serve(
            self.listener,
            self.router,
            self.header_read_timeout,
            shutdown,
        )
        .await?;
        for task in &self.events.1 {
            task.abort();
        }
        self.sync_task.abort();
        for task in self.policies.iter().flat_map(|running| &running.tasks) {
            task.abort();
        }
        self.history.1.abort();
        if let Some(emulator) = self.emulator {
            emulator.stop().await;
        }
        Ok(())
    }

    /// The in-process emulator's URL, when serving the demo estate.
    pub fn emulator_url(&self) -> Option<String> {
        self.emulator.as_ref().map(RunningEmulator::url)
    }
}

/// The client for the configured source: the in-process emulator, another ARM endpoint, or Azure.
pub(crate) fn arm_client(
    config: &Config,
    emulator_url: Option<&str>,
) -> Result<ArmClient, StartupError> {
    let parse = |text: &str| {
        url::Url::parse(text).map_err(|e| ArmError::Transport {
            url: text.to_owned(),
            message: e.to_string(),
        })
    };
    let (endpoint, auth) = match &config.source {
        Source::Demo => {
            // The demo's emulator was started just before; without it there is nothing to read.
            let url = emulator_url.ok_or_else(|| ArmError::Transport {
                url: "the built-in emulator".into(),
                message: "it is not running".into(),
            })?;
            (parse(url)?, Authorizer::Static(Secret::new("demo")))
        }
        Source::ArmEndpoint { url, token } => (url.clone(), Authorizer::Static(token.clone())),
        Source::Azure(mode) => (parse(AZURE_ENDPOINT)?, Authorizer::azure(*mode)?),
    };
    let mut settings = ClientSettings::new(endpoint);
    settings.max_in_flight = config.max_in_flight;
    Ok(ArmClient::new(settings, auth)?)
}

/// The hosts and origins this server answers to: in `--auth local` the loopback names of the
/// bound port; otherwise `--public-url`, by default `http://` and the bound address.
fn site_origins(config: &Config, addr: SocketAddr) -> SiteOrigins {
    match (&config.auth.mode, &config.public_url) {
        (AuthMode::Local { .. }, _) => SiteOrigins::local(addr),
        (_, Some(url)) => SiteOrigins::public(url),
        (_, None) => {
            let url = url::Url::parse(&format!("http://{addr}")).expect("an address is a URL");
            SiteOrigins::public(&url)
        }
    }
}
