//! `/api/v1` over HTTP: `linkcenter serve` with the demo estate, built as in production on port 0.

use std::time::Duration;

use clap::Parser;
use serde_json::Value;
use server::config::{Cli, Config};
use server::startup::Application;

pub struct Served {
    pub base: String,
    /// The port it listens on.
    pub port: u16,
    /// Where its ARM data comes from: the in-process emulator, or `--arm-endpoint`.
    pub emulator: String,
    pub http: reqwest::Client,
    /// Headers sent with every `get` (a proxy's identity headers).
    pub identity: Vec<(&'static str, &'static str)>,
    /// Its inventory, to wait for a sync (`next_sync`) instead of polling `/api/v1/sync`.
    pub inventory: std::sync::Arc<server::inventory::InventoryService>,
    /// The actions of each round of the approval policies, when `--policies` is given (to
    /// wait on).
    pub policy_rounds: Option<tokio::sync::watch::Receiver<Vec<usize>>>,
    /// The syncs the change feed has recorded (to wait on).
    pub history_recorded: tokio::sync::watch::Receiver<u64>,
    /// Changes of the notifications' delivery log, when `--notifications` is given (to wait on).
    pub deliveries: Option<tokio::sync::watch::Receiver<u64>>,
    /// Reload attempts of the notifications file, when `--notifications` is given (to wait on).
    pub notification_reloads: Option<tokio::sync::watch::Receiver<u64>>,
    /// The policies file in force, when `--policies` is given (to reload and wait on).
    pub policy_file: Option<std::sync::Arc<server::policies::PolicyFile>>,
    _stop: tokio::sync::oneshot::Sender<()>,
}

/// `linkcenter serve` with the demo estate on port 0, after its first sync.
pub async fn serve() -> Served {
    serve_with(&[], &temp_database()).await
}

/// A database path of its own for one test, in the system's temp directory.
pub fn temp_database() -> String {
    std::env::temp_dir()
        .join(format!("linkcenter-test-{}", uuid::Uuid::new_v4()))
        .join("audit.db")
        .display()
        .to_string()
}

/// An emulator of its own serving `doc`, on a loopback port.
pub async fn emulate(
    doc: emulator::EstateDocument,
    config: emulator::EmulatorConfig,
) -> emulator::RunningEmulator {
    let store = emulator::Store::new(doc, &[], config.seed).unwrap();
    emulator::start(
        emulator::Emulator::new(store, config),
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap()
}

/// The flags pointing `linkcenter serve` at `arm`.
pub fn against(arm: &emulator::RunningEmulator) -> Vec<String> {
    vec![
        "--arm-endpoint".into(),
        arm.url(),
        "--arm-token".into(),
        "test".into(),
    ]
}

/// `serve_with` taking owned flags (such as `against`'s).
pub async fn serve_against(flags: &[String], database: &str) -> Served {
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    serve_with(&flags, database).await
}

/// `linkcenter serve` behind a proxy on loopback, whose group `viewers` may only view.
pub async fn behind_a_proxy_with_viewers() -> Served {
    let flags = [
        "--auth",
        "proxy",
        "--trusted-proxy",
        "127.0.0.1",
        "--viewer-group",
        "viewers",
    ];
    serve_with(&flags, &temp_database()).await
}

/// Like `serve`, with more flags (`--arm-endpoint` for an emulator of the test's own) and the
/// audit database at `database`.
pub async fn serve_with(flags: &[&str], database: &str) -> Served {
    let mut args = vec![
        "linkcenter",
        "--addr",
        "127.0.0.1:0",
        "--site-root",
        "/nonexistent",
        "--database",
        database,
    ];
    args.extend_from_slice(flags);
    let cli = Cli::try_parse_from(args).unwrap();
    let config = Config::try_from(cli.serve).unwrap();
    let app = Application::build(config).await.unwrap();
    let base = format!("http://{}", app.local_addr());
    let port = app.local_addr().port();
    let endpoint = flags
        .iter()
        .position(|f| *f == "--arm-endpoint")
        .map(|at| flags[at + 1].trim_end_matches('/').to_owned());
    let emulator = app
        .emulator_url()
        .or(endpoint)
        .expect("the demo runs the emulator in-process");
    let inventory = app.inventory();
    let readiness = app.readiness();
    let policy_rounds = app.policy_rounds();
    let policy_file = app.policy_file();
    let history_recorded = app.history_recorded();
    let deliveries = app.notification_deliveries();
    let notification_reloads = app.notification_reloads();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(app.run_until_stopped(async {
        let _ = stopped.await;
    }));
    tokio::time::timeout(Duration::from_secs(20), readiness.ready())
        .await
        .expect("the server gets ready: first sync done, unfinished actions settled");
    Served {
        base,
        port,
        emulator,
        http: reqwest::Client::new(),
        identity: Vec::new(),
        inventory,
        policy_rounds,
        policy_file,
        history_recorded,
        deliveries,
        notification_reloads,
        _stop: stop,
    }
}

impl Served {
    /// The body of a page (HTML or text).
    pub async fn text(&self, path: &str) -> String {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        response.text().await.unwrap()
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        let mut request = self.http.get(format!("{}{path}", self.base));
        for (name, value) in &self.identity {
            request = request.header(*name, *value);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

impl Served {
    /// POSTs `body` with extra headers; answers the status and JSON.
    pub async fn post(&self, path: &str, body: &Value, headers: &[(&str, &str)]) -> (u16, Value) {
        let mut request = self.http.post(format!("{}{path}", self.base)).json(body);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Starts a bulk job with `body` and waits for it to end: the status of the POST and the
    /// ended job (or the POST's answer when it was refused).
    pub async fn bulk(&self, body: &Value) -> (u16, Value) {
        let (status, answer) = self.post("/api/v1/connections/bulk", body, &[]).await;
        if status != 202 {
            return (status, answer);
        }
        let id = answer["id"].as_str().expect("the job's id");
        let (read, job) = self.get(&format!("/api/v1/jobs/{id}?wait=30")).await;
        assert_eq!(read, 200, "{job}");
        (status, job)
    }

    /// The id of a Pending connection of a PLS whose consumer is a private endpoint.
    pub async fn pending(&self) -> String {
        self.connection("Pending", "endpoint").await["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// The first connection in `state` whose consumer is `kind` (`endpoint`, `frontDoor`).
    pub async fn connection(&self, state: &str, kind: &str) -> Value {
        let (_, page) = self
            .get(&format!("/api/v1/connections?state={state}&limit=200"))
            .await;
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| {
                c["consumer"].get(kind).is_some()
                    && c["resourceId"]
                        .as_str()
                        .unwrap()
                        .contains("privateLinkServices")
            })
            .unwrap_or_else(|| panic!("a {state} connection from a {kind}"))
            .clone()
    }

    /// A resource as the emulator holds it.
    pub async fn emulated(&self, id: &str, api_version: &str) -> (u16, Value) {
        let response = self
            .http
            .get(format!("{}{id}?api-version={api_version}", self.emulator))
            .bearer_auth("test")
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Asks for a sync over `/api/v1/sync` and waits until it has completed; answers the syncs
    /// completed by then. Call it while no sync runs (as after `serve`): one already running
    /// would be the one heard.
    pub async fn sync(&self) -> u64 {
        let next = self.inventory.next_sync();
        let response = self
            .http
            .post(format!("{}/api/v1/sync", self.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 202);
        tokio::time::timeout(Duration::from_secs(20), next)
            .await
            .expect("the asked-for sync completes")
    }

    pub async fn audit(&self, query: &str) -> Value {
        let (status, page) = self.get(&format!("/api/v1/audit?{query}")).await;
        assert_eq!(status, 200, "{page}");
        page
    }
}

#[tokio::test]
async fn services_carry_their_owner_cluster_and_counts() {
    let api = serve().await;
    let (status, page) = api.get("/api/v1/private-link-services?q=myPLS").await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["total"], 1);
    let row = &page["items"][0];
    assert_eq!(row["ownerService"], "default/super-api");
    assert_eq!(row["cluster"], "aks-prod-weu");
    assert!(row["counts"]["pending"].as_u64().unwrap() >= 2, "{row}");
    let (_, broken) = api
        .get("/api/v1/private-link-services?q=reports-legacy")
        .await;
    assert_eq!(broken["items"][0]["frontendMissing"], true);
}

#[tokio::test]
async fn pending_connections_come_oldest_first_with_their_consumer() {
    let api = serve().await;
    let (status, page) = api
        .get("/api/v1/connections?state=Pending&sort=requested")
        .await;
    assert_eq!(status, 200, "{page}");
    let items = page["items"].as_array().unwrap();
    assert!(items.iter().all(|c| c["state"] == "Pending"));
    let times: Vec<&str> = items
        .iter()
        .filter_map(|c| c["requestedAt"].as_str())
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    let front_door = items
        .iter()
        .find(|c| c["consumer"].get("frontDoor").is_some())
        .expect("Front Door's request");
    assert_eq!(
        front_door["consumer"]["frontDoor"]["profile"],
        "afd-contoso"
    );
}

#[tokio::test]
async fn bad_filters_get_a_400_naming_them_and_pages_clamp() {
    let api = serve().await;
    let (status, body) = api.get("/api/v1/connections?state=Maybe").await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "BadQuery");
    assert!(body["error"]["message"].as_str().unwrap().contains("Maybe"));
    let (status, _) = api.get("/api/v1/private-endpoints?sort=colour").await;
    assert_eq!(status, 400);
    let (status, page) = api
        .get("/api/v1/private-endpoints?limit=2&offset=100000")
        .await;
    assert_eq!(status, 200);
    let total = page["total"].as_u64().unwrap();
    assert_eq!(
        page["offset"].as_u64().unwrap(),
        (total - 1) / 2 * 2,
        "clamped to the last page"
    );
}

#[tokio::test]
async fn findings_and_a_scoped_graph() {
    let api = serve().await;
    let (_, findings) = api.get("/api/v1/findings").await;
    let kinds: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["kind"].as_str())
        .collect();
    for kind in ["missingFrontend", "frontDoorPending", "unreadable"] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    let pls = emulator::estate::demo::MY_PLS_ID.to_uppercase();
    let (status, graph) = api.get(&format!("/api/v1/graph?service={pls}")).await;
    assert_eq!(status, 200, "{graph}");
    assert_eq!(
        graph["chains"].as_array().unwrap().len(),
        1,
        "ids ignore case"
    );
    let (status, _) = api.get("/api/v1/graph?service=not-an-id").await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn a_sync_can_be_asked_for() {
    let api = serve().await;
    let (_, before) = api.get("/api/v1/sync").await;
    assert_eq!(before["progress"]["completedSyncs"], 1, "{before}");
    assert_eq!(
        api.sync().await,
        2,
        "the first sync, then the asked-for one"
    );
    let (status, after) = api.get("/api/v1/sync").await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["progress"]["completedSyncs"], 2, "{after}");
    assert_eq!(after["progress"]["running"], false, "{after}");
    assert_eq!(
        after["subscriptions"].as_array().unwrap().len(),
        5,
        "{after}"
    );
}

#[tokio::test]
async fn metrics_expose_the_sync_and_the_inventory() {
    let api = serve().await;
    let text = api.text("/metrics").await;
    assert!(
        text.contains("# TYPE linkcenter_arm_requests_total counter"),
        "{text}"
    );
    assert!(
        text.contains("linkcenter_connections{state=\"Pending\"}"),
        "{text}"
    );
    assert!(
        text.contains("status=\"failed\"} 1"),
        "the unreadable subscription: {text}"
    );
    let requests: f64 = text
        .lines()
        .find_map(|l| l.strip_prefix("linkcenter_arm_requests_total "))
        .and_then(|v| v.parse().ok())
        .unwrap();
    assert!(requests > 10.0);
    // Well-formed text: each family is declared once, its samples follow its `# TYPE` line, and
    // each sample is `name{label="value",…} number`.
    let mut families = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with("# HELP "))
    {
        match line.strip_prefix("# TYPE ") {
            Some(declaration) => {
                let (name, kind) = declaration.split_once(' ').unwrap();
                assert!(["counter", "gauge"].contains(&kind), "{line}");
                assert!(!families.contains(&name), "{name} declared twice");
                families.push(name);
            }
            None => {
                let (series, value) = line.rsplit_once(' ').unwrap();
                let (name, labels) = series.split_once('{').unwrap_or((series, "}"));
                assert_eq!(Some(&name), families.last(), "{line}");
                assert!(labels.ends_with("\"}") || labels == "}", "{line}");
                assert!(value.parse::<f64>().is_ok(), "{line}");
            }
        }
    }
    let names = [
        "arm_requests_total",
        "arm_retries_total",
        "arm_throttled_total",
        "syncs_total",
        "pending_polls_total",
        "sync_running",
        "last_sync_seconds",
        "last_sync_timestamp_seconds",
        "private_link_services",
        "private_endpoints",
        "connections",
        "oldest_pending_seconds",
        "near_limit_services",
        "subscription_status",
        "findings",
        "connection_loss_findings",
    ]
    .map(|name| format!("linkcenter_{name}"));
    assert_eq!(families, names);
}

#[tokio::test]
async fn descriptions_from_other_tenants_render_as_text() {
    let api = serve().await;
    let (_, page) = api
        .get("/api/v1/connections?state=Pending&q=woodgrove")
        .await;
    let id = page["items"][0]["id"]
        .as_str()
        .expect("a Woodgrove request")
        .to_owned();
    let hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
    let body = serde_json::json!({ "properties": { "privateLinkServiceConnectionState": { "status": "Rejected", "description": hostile } } });
    let put = api
        .http
        .put(format!("{}{id}?api-version=2024-05-01", api.emulator))
        .bearer_auth("demo")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 200);
    api.sync().await;
    let html = api.text("/connections?state=Rejected").await;
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the description is shown, escaped"
    );
    assert!(!html.contains("<script>alert(1)"), "never as markup");
    assert!(!html.contains("<img src=x"), "never as markup");
}

#[tokio::test]
async fn an_audit_limit_outside_one_to_a_thousand_is_refused_like_the_lists() {
    let api = serve().await;
    for limit in ["0", "1001", "1000000000"] {
        let (status, body) = api.get(&format!("/api/v1/audit?limit={limit}")).await;
        assert_eq!(status, 400, "limit={limit}: {body}");
        assert_eq!(body["error"]["code"], "BadQuery");
        assert_eq!(
            body["error"]["message"],
            format!("limit must be a whole number from 1 to 1000, got '{limit}'")
        );
        let (status, _) = api.get(&format!("/api/v1/connections?limit={limit}")).await;
        assert_eq!(status, 400, "the lists refuse limit={limit} too");
    }
    let (status, page) = api.get("/api/v1/audit?limit=1000").await;
    assert_eq!(
        (status, page["limit"].as_u64()),
        (200, Some(1000)),
        "{page}"
    );
}

#[tokio::test]
async fn subscription_health_is_camel_case_as_documented() {
    let api = serve().await;
    let (status, subscriptions) = api.get("/api/v1/subscriptions").await;
    assert_eq!(status, 200);
    let read = subscriptions
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["health"]["status"] == "ok")
        .unwrap_or_else(|| panic!("a subscription read: {subscriptions}"));
    assert!(read["health"]["syncedAt"].is_string(), "{read}");
    assert!(read["health"].get("synced_at").is_none(), "{read}");
    let (_, document) = api.get("/api/v1/openapi.json").await;
    let health = document["components"]["schemas"]["SubscriptionHealth"].to_string();
    assert!(health.contains("\"syncedAt\""), "{health}");
}

#[tokio::test]
async fn a_front_door_request_is_found_by_its_origin_name() {
    let api = serve().await;
    let (status, page) = api
        .get("/api/v1/connections?state=Pending&q=super-api-weu")
        .await;
    assert_eq!(status, 200, "{page}");
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{page}");
    let front_door = &items[0]["consumer"]["frontDoor"];
    assert_eq!(front_door["profile"], "afd-contoso", "{page}");
    let hosts = front_door["endpointHosts"].as_array().unwrap();
    assert!(
        hosts.len() == 1 && hosts[0].as_str().unwrap().ends_with(".z01.azurefd.net"),
        "the endpoint host that asked: {page}"
    );
}

/// Makes Woodgrove's endpoint `name` ask myPLS to connect, straight in the emulated Azure (a
/// new Pending request, as a consumer's deployment would make it).
pub async fn request_from_woodgrove(served: &Served, name: &str) {
    let woodgrove = emulator::estate::demo::WOODGROVE;
    let group = format!("/subscriptions/{woodgrove}/resourceGroups/rg-woodgrove-integration");
    let body = serde_json::json!({
        "location": "northeurope",
        "properties": {
            "subnet": { "id": format!("{group}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default") },
            "manualPrivateLinkServiceConnections": [{
                "name": "to-super-api",
                "properties": { "privateLinkServiceId": emulator::estate::demo::MY_PLS_ID, "requestMessage": format!("{name} (WG-9002)") }
            }]
        }
    });
    let created = reqwest::Client::new()
        .put(format!(
            "{}{group}/providers/Microsoft.Network/privateEndpoints/{name}?api-version=2024-05-01",
            served.emulator
        ))
        .bearer_auth("test")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
}
