//! The emulator's HTTP side: one handler that authenticates, injects faults, checks the
//! api-version and subscription access, then dispatches on the parsed ARM path (`handlers`);
//! and `start`, serving it on a port. Uses `state` for what the handlers share.

use std::{collections::HashMap, net::SocketAddr, sync::Arc, time::Instant};

use crate::{
    api_version,
    config::EmulatorConfig,
    error::ArmError,
    handlers,
    path::Target,
    state::{Call, Emulator},
};
use axum::{
    Router,
    body::Bytes,
    extract::State,
    http::{HeaderMap, HeaderValue, Method, Uri, header},
    response::{IntoResponse, Response},
};

/// The router answering every ARM path.
pub fn router(emulator: Arc<Emulator>) -> Router {
    Router::new().fallback(handle).with_state(emulator)
}

async fn handle(
    State(emulator): State<Arc<Emulator>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request_id = emulator.dice.guid();
    if !emulator.config.latency.is_zero() {
        tokio::time::sleep(emulator.config.latency).await;
    }
    let writes = matches!(method, Method::PUT | Method::DELETE | Method::PATCH);
    let mut response = match answer(&emulator, &method, &uri, &headers, &body, &request_id).await {
        Ok(response) => response,
        Err(error) => {
            tracing::debug!(status = %error.status, code = error.code, path = uri.path(), "emulator error");
            error.into_response()
        }
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        headers.insert("x-ms-request-id", value.clone());
        headers.insert("x-ms-correlation-request-id", value);
    }
    let (name, remaining) = if writes {
        ("x-ms-ratelimit-remaining-subscription-writes", 1199)
    } else {
        ("x-ms-ratelimit-remaining-subscription-reads", 11999)
    };
    headers.insert(name, HeaderValue::from(remaining));
    response
}

async fn answer(
    emulator: &Emulator,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &Bytes,
    request_id: &str,
) -> Result<Response, ArmError> {
    let caller = authenticate(&emulator.config, headers)?;
    if emulator.dice.hit(emulator.config.throttle_rate) {
        return Err(ArmError::throttled(emulator.config.retry_after));
    }
    if emulator.dice.hit(emulator.config.error_rate) {
        return Err(ArmError::server_fault(emulator.dice.hit(0.5)));
    }
    let target = Target::parse(uri.path()).ok_or_else(|| {
        ArmError::not_found(
            "NotFound",
            format!(
                "No HTTP resource was found that matches the request URI '{}'.",
                uri.path()
            ),
        )
    })?;
    let query: HashMap<String, String> = uri
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| (k.to_ascii_lowercase(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default();
    let namespace = namespace_of(&target);
    let api_version = api_version::check(
        versioned_as(&target),
        query.get("api-version").map(String::as_str),
    )?;
    if let Some(subscription) = subscription_of(&target)
        && (emulator.store.is_denied(subscription)
            || emulator
                .config
                .deny_subscriptions
                .iter()
                .any(|d| d.eq_ignore_ascii_case(subscription)))
    {
        let action = if matches!(*method, Method::GET) {
            "read"
        } else {
            "write"
        };
        return Err(ArmError::forbidden(
            &format!("{namespace}/{action}"),
            &format!("/subscriptions/{subscription}"),
        ));
    }
    if let (Some(subscription), Some(action)) = (
        subscription_of(&target),
        required_action(method, &target, uri.path()),
    ) && !emulator.config.permissions.allows(subscription, &action)
    {
        return Err(ArmError::forbidden(&action, uri.path()));
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let call = Call {
        query,
        base: format!("http://{host}"),
        path: uri.path(),
        api_version,
        now: Instant::now(),
        caller,
        correlation_id: request_id.to_owned(),
    };
    handlers::dispatch(emulator, method, &target, &call, body)
}

/// The caller the request's bearer token acts as, or why it is refused.
fn authenticate(config: &EmulatorConfig, headers: &HeaderMap) -> Result<String, ArmError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(ArmError::unauthenticated(
            "AuthenticationFailed",
            "Authentication failed. The 'Authorization' header is missing.",
        ));
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            ArmError::unauthenticated(
                "AuthenticationFailed",
                "Authentication failed. The 'Authorization' header is provided in an invalid format.",
            )
        })?;
    if config.tokens.is_empty() {
        return Ok(crate::config::DEFAULT_CALLER.to_owned());
    }
    config
        .tokens
        .iter()
        .find(|known| known.token == token)
        .map(|known| known.caller().to_owned())
        .ok_or_else(|| {
            ArmError::unauthenticated("InvalidAuthenticationToken", "The access token is invalid.")
        })
}

/// What api-versions are checked against: the namespace, or for private DNS zones (versioned
/// apart from the rest of Microsoft.Network, as Azure does) their type.
fn versioned_as(target: &Target) -> &str {
    let private_dns = match target {
        Target::List { type_key, .. } => type_key.starts_with(PRIVATE_DNS),
        Target::Resource { key, .. } => key.contains(&format!("/providers/{PRIVATE_DNS}/")),
        _ => false,
    };
    if private_dns {
        "Microsoft.Network/privateDnsZones"
    } else {
        namespace_of(target)
    }
}

const PRIVATE_DNS: &str = "microsoft.network/privatednszones";

fn namespace_of(target: &Target) -> &str {
    match target {
        Target::Subscriptions
        | Target::Subscription { .. }
        | Target::ResourceGroups { .. }
        | Target::Resources { .. }
        | Target::ResourceGroup { .. } => "Microsoft.Resources",
        Target::List { namespace, .. }
        | Target::Resource { namespace, .. }
        | Target::Operation { namespace, .. } => namespace,
        Target::ResourceGraph => "Microsoft.ResourceGraph",
        Target::ActivityLog { .. } => "Microsoft.Insights",
        Target::Permissions { .. } => "Microsoft.Authorization",
    }
}

/// The action `--permissions` must allow for the request, as role definitions name it; none
/// for what every caller may ask (subscriptions, operation status, their own permissions, and
/// Resource Graph, which answers only with what the caller may read).
fn required_action(method: &Method, target: &Target, path: &str) -> Option<String> {
    let verb = match *method {
        Method::GET => "read",
        ref other => handlers::write_verb(other),
    };
    match target {
        Target::List { type_key, .. } => Some(format!("{type_key}/{verb}")),
        Target::Resource { .. } => crate::permissions::resource_action(path, verb),
        Target::ResourceGroups { .. } | Target::ResourceGroup { .. } => Some(format!(
            "Microsoft.Resources/subscriptions/resourceGroups/{verb}"
        )),
        Target::Resources { .. } => Some("Microsoft.Resources/subscriptions/resources/read".into()),
        Target::ActivityLog { .. } => Some("Microsoft.Insights/eventtypes/values/read".into()),
        Target::Subscriptions
        | Target::Subscription { .. }
        | Target::Operation { .. }
        | Target::ResourceGraph
        | Target::Permissions { .. } => None,
    }
}

fn subscription_of(target: &Target) -> Option<&str> {
    match target {
        Target::Subscriptions | Target::ResourceGraph | Target::Subscription { .. } => None,
        Target::ResourceGroups { subscription }
        | Target::Resources { subscription }
        | Target::ResourceGroup { subscription, .. }
        | Target::List { subscription, .. }
        | Target::Resource { subscription, .. }
        | Target::Operation { subscription, .. }
        | Target::ActivityLog { subscription }
        | Target::Permissions { subscription, .. } => Some(subscription),
    }
}

/// A running emulator on a loopback port.
pub struct RunningEmulator {
    addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
    /// Making requests arrive (`--arrivals`), stopped with the server.
    arrivals: Option<tokio::task::JoinHandle<()>>,
    emulator: Arc<Emulator>,
}

impl RunningEmulator {
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The state it serves (what tests inspect: the store, the lists asked for).
    pub fn emulator(&self) -> &Emulator {
        &self.emulator
    }

    /// `http://127.0.0.1:PORT`: the ARM endpoint to point a client at.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops serving and waits for the server task.
    pub async fn stop(mut self) {
        if let Some(arrivals) = self.arrivals.take() {
            arrivals.abort();
        }
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        let _ = (&mut self.task).await;
    }
}

/// Binds `addr` and serves the emulator in a background task.
pub async fn start(emulator: Emulator, addr: SocketAddr) -> std::io::Result<RunningEmulator> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    let emulator = Arc::new(emulator);
    let arrivals = emulator.config.arrivals.map(|arrivals| {
        let emulator = emulator.clone();
        tokio::spawn(async move { crate::store::run_arrivals(&emulator.store, arrivals).await })
    });
    let app = router(emulator.clone());
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
        if let Err(error) = served {
            tracing::error!(%error, "the emulator stopped");
        }
    });
    Ok(RunningEmulator {
        addr,
        shutdown: Some(shutdown),
        task,
        arrivals,
        emulator,
    })
}
