//! The inventory sync against the emulator: every readable subscription arrives, a denied one
//! says why, a failing one keeps its last good data as stale, an undecodable resource is reported.

use emulator::{EmulatorConfig, estate::demo};
use server::inventory::{Progress, Snapshot, SubscriptionHealth, sync};

use crate::support::{Fixture, fast_policy};

async fn sync_demo(config: EmulatorConfig, previous: &Snapshot) -> Snapshot {
    let fx = Fixture::start(config).await;
    sync::run(&fx.client, previous, &Progress::default(), 8).await
}

fn health<'a>(snapshot: &'a Snapshot, subscription: &str) -> &'a SubscriptionHealth {
    &snapshot
        .statuses
        .iter()
        .find(|s| s.subscription_id == subscription)
        .expect("a status per subscription")
        .health
}

#[tokio::test]
async fn a_sync_reads_every_readable_subscription_and_says_why_one_is_not() {
    let snapshot = sync_demo(EmulatorConfig::default(), &Snapshot::empty()).await;
    assert_eq!(snapshot.statuses.len(), 5);
    assert!(matches!(
        health(&snapshot, demo::CONTOSO_PLATFORM),
        SubscriptionHealth::Ok { .. }
    ));
    match health(&snapshot, demo::RESTRICTED_FINANCE) {
        SubscriptionHealth::Failed { code, error } => {
            assert_eq!(code.as_deref(), Some("AuthorizationFailed"));
            assert!(error.contains("403"), "{error}");
        }
        other => panic!("expected Failed, got {other:?}"),
    }
    let names: Vec<&str> = snapshot
        .inventory
        .services
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert!(
        names.contains(&"myPLS") && names.contains(&"pls-reports-legacy"),
        "{names:?}"
    );
    assert!(
        snapshot
            .inventory
            .origins
            .iter()
            .any(|o| o.name == "super-api-weu")
    );
    assert!(snapshot.inventory.endpoints.iter().all(|pe| {
        !pe.id
            .subscription()
            .eq_ignore_ascii_case(demo::RESTRICTED_FINANCE)
    }));
    assert!(
        snapshot
            .statuses
            .iter()
            .all(|s| s.decode_failures.is_empty())
    );
    assert!(snapshot.calls.requests > 10);
}

#[tokio::test]
async fn a_subscription_that_fails_later_keeps_its_data_marked_stale() {
    let first = sync_demo(EmulatorConfig::default(), &Snapshot::empty()).await;
    let denied = EmulatorConfig {
        deny_subscriptions: vec![demo::WOODGROVE.to_owned()],
        ..EmulatorConfig::default()
    };
    let second = sync_demo(denied, &first).await;
    assert!(
        matches!(
            health(&second, demo::WOODGROVE),
            SubscriptionHealth::Stale { .. }
        ),
        "{:?}",
        health(&second, demo::WOODGROVE)
    );
    let woodgrove = |s: &Snapshot| {
        s.inventory
            .endpoints
            .iter()
            .filter(|pe| pe.id.subscription().eq_ignore_ascii_case(demo::WOODGROVE))
            .count()
    };
    assert!(woodgrove(&first) > 0);
    assert_eq!(woodgrove(&second), woodgrove(&first), "last good data kept");
    assert_eq!(
        second.inventory.services.len(),
        first.inventory.services.len(),
        "others untouched"
    );
    assert!(
        matches!(
            health(&second, demo::RESTRICTED_FINANCE),
            SubscriptionHealth::Failed { .. }
        ),
        "never read: failed, not stale"
    );
}

#[tokio::test]
async fn throttling_and_server_errors_do_not_lose_data() {
    let calm = sync_demo(EmulatorConfig::default(), &Snapshot::empty()).await;
    let stormy = EmulatorConfig {
        throttle_rate: 0.3,
        error_rate: 0.1,
        retry_after: std::time::Duration::from_millis(20),
        page_size: 3,
        ..EmulatorConfig::default()
    };
    let snapshot = sync_demo(stormy, &Snapshot::empty()).await;
    assert_eq!(snapshot.inventory, calm.inventory);
    assert!(
        snapshot.calls.throttled > 0 && snapshot.calls.retries > 0,
        "{:?}",
        snapshot.calls
    );
}

#[tokio::test]
async fn an_undecodable_resource_is_reported_and_the_rest_arrive() {
    let mut doc = demo::demo();
    let broken = doc
        .resources
        .iter_mut()
        .find(|r| r["name"] == "pls-reports-legacy")
        .expect("the demo has it");
    broken["properties"]["privateEndpointConnections"] = serde_json::json!("not a list");
    let fx = Fixture::with_estate(doc, EmulatorConfig::default(), fast_policy()).await;
    let snapshot = sync::run(&fx.client, &Snapshot::empty(), &Progress::default(), 4).await;
    let failures: Vec<&String> = snapshot
        .statuses
        .iter()
        .flat_map(|s| &s.decode_failures)
        .collect();
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(
        failures[0].contains("pls-reports-legacy"),
        "{}",
        failures[0]
    );
    assert!(
        snapshot
            .inventory
            .services
            .iter()
            .any(|s| s.name == "myPLS")
    );
    assert!(
        !snapshot
            .inventory
            .services
            .iter()
            .any(|s| s.name == "pls-reports-legacy")
    );
}

/// What Resource Graph does not return (etags, systemData): cleared before comparing modes.
fn without_arm_only_fields(
    mut inventory: server::inventory::Inventory,
) -> server::inventory::Inventory {
    for service in &mut inventory.services {
        service.etag = None;
    }
    for endpoint in &mut inventory.endpoints {
        endpoint.created_at = None;
    }
    for origin in &mut inventory.origins {
        origin.created_at = None;
    }
    inventory
}

#[tokio::test]
async fn resource_graph_mode_reads_the_same_inventory_as_arm_mode() {
    let fx = Fixture::start(EmulatorConfig::default()).await;
    let by_arm = sync::run(&fx.client, &Snapshot::empty(), &Progress::default(), 8).await;
    let before = fx.client.counts().requests;
    let by_resource_graph = sync::run_with(
        &fx.client,
        &Snapshot::empty(),
        &Progress::default(),
        sync::Mode::ResourceGraph,
    )
    .await;
    let query_requests = fx.client.counts().requests - before;
    assert!(
        by_resource_graph
            .statuses
            .iter()
            .all(|s| s.decode_failures.is_empty())
    );
    assert_eq!(
        without_arm_only_fields(by_resource_graph.inventory.clone()),
        without_arm_only_fields(by_arm.inventory.clone())
    );
    assert!(
        query_requests < by_arm.calls.requests / 4,
        "{query_requests} Resource Graph requests vs {} ARM requests",
        by_arm.calls.requests
    );
    assert_eq!(
        by_resource_graph.chains.chains.len(),
        by_arm.chains.chains.len()
    );
    // The PaaS resources and their connections (SQL, Storage, Key Vault, the private
    // cluster's API server) and the findings on them are the same either way (but for what
    // Resource Graph cannot tell: request ages, unreadable subscriptions).
    let paas: Vec<&str> = by_arm
        .inventory
        .paas
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(
        paas,
        [
            "aks-ops-neu",
            "kv-contoso-platform",
            "sql-contoso-orders",
            "stcontosoexports"
        ]
    );
    let posture = |snapshot: &Snapshot| -> Vec<String> {
        let mut kinds: Vec<String> = snapshot
            .chains
            .findings
            .iter()
            .filter(|f| !matches!(f.kind(), "longPending" | "unreadable"))
            .map(|f| {
                let ids: Vec<String> = f.resources().iter().map(|id| id.to_string()).collect();
                format!("{} {}", f.kind(), ids.join(" ")).to_lowercase()
            })
            .collect();
        kinds.sort();
        kinds
    };
    assert_eq!(posture(&by_resource_graph), posture(&by_arm));
    assert!(
        posture(&by_arm)
            .iter()
            .any(|f| f.starts_with("publicaccessenabled") && f.ends_with("/stcontosoexports")),
        "{:?}",
        posture(&by_arm)
    );
    // Private DNS, read through zone and link lists and each PaaS endpoint's zone groups: one
    // endpoint of each DNS finding, and the Key Vault's endpoint (healthy) in none.
    let dns: Vec<String> = posture(&by_arm)
        .into_iter()
        .filter(|f| f.starts_with("nodns") || f.starts_with("dnszone"))
        .map(|f| {
            let endpoint = f.split(' ').nth(1).unwrap_or_default();
            format!(
                "{} {}",
                f.split(' ').next().unwrap_or_default(),
                endpoint.rsplit('/').next().unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        dns,
        [
            "dnszonemismatch pe-fabrikam-orders-sql",
            "dnszonenotlinked pe-fabrikam-exports-blob",
            "nodnszonegroup pe-batch-exports-blob",
        ]
    );
}

/// The census (`GET /subscriptions/{s}/resources?$filter=…`) spares the lists of types a
/// subscription does not hold, and the inventory still has every PaaS resource.
#[tokio::test]
async fn a_sync_lists_only_the_optional_types_each_subscription_holds() {
    let fx = Fixture::start(EmulatorConfig::default()).await;
    let snapshot = sync::run(&fx.client, &Snapshot::empty(), &Progress::default(), 8).await;
    let doc = demo::demo();
    let readable: Vec<String> = doc
        .subscriptions
        .iter()
        .filter_map(|s| s["subscriptionId"].as_str())
        .filter(|s| {
            !doc.denied_subscriptions
                .iter()
                .any(|d| d.eq_ignore_ascii_case(s))
        })
        .map(str::to_ascii_lowercase)
        .collect();
    let holding = |resource_type: &str| {
        readable
            .iter()
            .filter(|sub| {
                doc.resources.iter().any(|r| {
                    r["type"]
                        .as_str()
                        .unwrap()
                        .eq_ignore_ascii_case(resource_type)
                        && r["id"]
                            .as_str()
                            .unwrap()
                            .to_ascii_lowercase()
                            .starts_with(&format!("/subscriptions/{sub}/"))
                })
            })
            .count() as u64
    };
    let lists = &fx._emulator.emulator().lists;
    let types = server::arm::models::PAAS_TYPES
        .iter()
        .map(|t| t.resource_type)
        .chain([
            "Microsoft.Cdn/profiles",
            "Microsoft.Network/privateDnsZones",
        ]);
    let mut spared = 0;
    for resource_type in types {
        assert_eq!(
            lists.of(resource_type),
            holding(resource_type),
            "lists of {resource_type}: one per subscription holding one"
        );
        spared += readable.len() as u64 - holding(resource_type);
    }
    assert!(spared > 10, "the demo spares {spared} lists");
    // The lists every subscription needs are always read.
    assert_eq!(
        lists.of("Microsoft.Network/privateLinkServices"),
        readable.len() as u64
    );
    let paas_in_estate = doc
        .resources
        .iter()
        .filter(|r| {
            let kind = r["type"].as_str().unwrap();
            server::arm::models::paas_type(kind).is_some()
                && !kind.eq_ignore_ascii_case("Microsoft.ContainerService/managedClusters")
                && readable.iter().any(|sub| {
                    r["id"]
                        .as_str()
                        .unwrap()
                        .to_ascii_lowercase()
                        .starts_with(&format!("/subscriptions/{sub}/"))
                })
        })
        .count();
    let paas_synced = snapshot
        .inventory
        .paas
        .iter()
        .filter(|p| !p.id.is_type("Microsoft.ContainerService/managedClusters"))
        .count();
    assert_eq!(paas_synced, paas_in_estate, "no PaaS resource is skipped");
}
