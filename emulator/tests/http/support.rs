//! Starting an emulator on a loopback port and calling it like an ARM client would.

use std::time::Duration;

use emulator::{Emulator, EmulatorConfig, RunningEmulator, Store, estate};
use serde_json::Value;

pub const NETWORK: &str = "2024-05-01";

/// A running demo emulator and a client for it.
pub struct Arm {
    pub running: RunningEmulator,
    pub http: reqwest::Client,
}

impl Arm {
    /// The demo estate with default settings (small LRO delay).
    pub async fn demo() -> Self {
        Self::with(EmulatorConfig {
            lro_delay: Duration::from_millis(300),
            ..EmulatorConfig::default()
        })
        .await
    }

    /// The demo estate with these settings.
    pub async fn with(config: EmulatorConfig) -> Self {
        let store =
            Store::new(estate::demo::demo(), &[], config.seed).expect("the demo estate is valid");
        let running = emulator::start(Emulator::new(store, config), "127.0.0.1:0".parse().unwrap())
            .await
            .expect("the emulator starts");
        Self {
            running,
            http: reqwest::Client::new(),
        }
    }

    pub fn url(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.running.url())
    }

    pub async fn send(
        &self,
        method: reqwest::Method,
        url: &str,
        body: Option<&Value>,
    ) -> reqwest::Response {
        let mut request = self.http.request(method, url).bearer_auth("test-token");
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.expect("the emulator answers")
    }

    pub async fn get(&self, path_and_query: &str) -> (u16, Value) {
        let response = self
            .send(reqwest::Method::GET, &self.url(path_and_query), None)
            .await;
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Follows `nextLink` from a list URL and returns every item.
    pub async fn list_all(&self, path_and_query: &str) -> Vec<Value> {
        let mut items = Vec::new();
        let mut next = Some(self.url(path_and_query));
        let mut pages = 0;
        while let Some(url) = next {
            pages += 1;
            assert!(pages < 1000, "paging does not end");
            let response = self.send(reqwest::Method::GET, &url, None).await;
            assert_eq!(response.status(), 200, "{url}");
            let page: Value = response.json().await.unwrap();
            items.extend(page["value"].as_array().unwrap().iter().cloned());
            next = page["nextLink"].as_str().map(str::to_owned);
        }
        items
    }
}

/// The demo's myPLS id.
pub fn my_pls() -> String {
    estate::demo::MY_PLS_ID.to_owned()
}

/// Path of a resource with the Network api-version.
pub fn network(id: &str) -> String {
    format!("{id}?api-version={NETWORK}")
}

/// The connections of myPLS in a given state.
pub async fn connections_in(arm: &Arm, status: &str) -> Vec<Value> {
    let (_, pls) = arm.get(&network(&my_pls())).await;
    pls["properties"]["privateEndpointConnections"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["properties"]["privateLinkServiceConnectionState"]["status"] == status)
        .cloned()
        .collect()
}

/// A PUT body setting a connection's state.
pub fn state_body(status: &str, description: &str) -> Value {
    serde_json::json!({ "properties": { "privateLinkServiceConnectionState": { "status": status, "description": description } } })
}
