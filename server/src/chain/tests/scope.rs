//! Scopes select by id whatever the casing: a subscription (its services whole, elsewhere only
//! its consumers), a private link service, a cluster, connection states; bad text is refused.

use emulator::estate::demo::{CONTOSO_PLATFORM, FABRIKAM, MY_PLS_ID, WOODGROVE};

use super::*;

fn labels(view: &GraphView, kind: NodeKind) -> Vec<&str> {
    let mut labels: Vec<&str> = of_kind(view, kind)
        .iter()
        .map(|n| n.label.as_str())
        .collect();
    labels.sort_unstable();
    labels
}

fn cluster_id(snapshot: &Snapshot, name: &str) -> String {
    let cluster = snapshot.inventory.clusters.iter().find(|c| c.name == name);
    cluster.unwrap_or_else(|| panic!("{name}")).id.to_string()
}

#[test]
fn a_subscription_in_another_casing_selects_the_same_graph() {
    let snapshot = demo_snapshot();
    let scoped = |text: &str| {
        let scope = Scope::default()
            .with_subscription(text)
            .expect("a subscription");
        view(&snapshot, &scope)
    };
    // Fabrikam consumes myPLS, the legacy reports service, the SQL server and the exports.
    let plain = scoped(FABRIKAM);
    assert_eq!(
        labels(&plain, NodeKind::PrivateLinkService),
        ["myPLS", "pls-reports-legacy"]
    );
    assert_eq!(
        labels(&plain, NodeKind::PaasTarget),
        ["sql-contoso-orders", "stcontosoexports"]
    );
    assert_eq!(scoped(&FABRIKAM.to_ascii_uppercase()), plain);
    let full = format!("/SUBSCRIPTIONS/{}", FABRIKAM.to_ascii_uppercase());
    assert_eq!(scoped(&full), plain);
}

#[test]
fn a_providing_subscription_keeps_its_chains_whole() {
    let snapshot = demo_snapshot();
    let scope = Scope::default()
        .with_subscription(CONTOSO_PLATFORM)
        .expect("a subscription");
    // Every service and the SQL server are Contoso Platform's: nothing is left out.
    assert_eq!(view(&snapshot, &scope), view(&snapshot, &Scope::default()));
}

#[test]
fn a_service_id_in_another_casing_selects_the_same_graph() {
    let snapshot = demo_snapshot();
    let scoped = |text: &str| {
        let scope = Scope::default().with_service(text).expect("a PLS id");
        view(&snapshot, &scope)
    };
    let plain = scoped(MY_PLS_ID);
    assert_eq!(labels(&plain, NodeKind::PrivateLinkService), ["myPLS"]);
    assert_eq!(labels(&plain, NodeKind::PaasTarget), Vec::<&str>::new());
    assert_eq!(chain_connections(&plain).len(), 7);
    assert_eq!(scoped(&MY_PLS_ID.to_ascii_uppercase()), plain);
    assert_eq!(scoped(&MY_PLS_ID.to_ascii_lowercase()), plain);
}

#[test]
fn a_consumer_subscription_sees_only_its_own_connections() {
    let snapshot = demo_snapshot();
    let scope = Scope::default()
        .with_subscription(WOODGROVE)
        .expect("a subscription");
    let view = view(&snapshot, &scope);
    assert_eq!(labels(&view, NodeKind::PrivateLinkService), ["myPLS"]);
    assert_eq!(labels(&view, NodeKind::Service), ["default/super-api"]);
    assert_eq!(
        labels(&view, NodeKind::Consumer),
        [
            "pe-woodgrove-legacy-export",
            "pe-woodgrove-super-api",
            "pe-woodgrove-super-api-uat"
        ]
    );
    for consumer in of_kind(&view, NodeKind::Consumer) {
        assert_eq!(
            consumer.sublabel.as_deref(),
            Some("PE in Woodgrove Partner")
        );
    }
}

#[test]
fn pending_shows_only_pending_connections_and_drops_chains_without_any() {
    let snapshot = demo_snapshot();
    let view = view(&snapshot, &Scope::default().with_state("pending"));
    let connections = of_kind(&view, NodeKind::Connection);
    assert_eq!(
        connections.len(),
        4,
        "three on myPLS, one to the SQL server"
    );
    for connection in connections {
        assert_eq!(
            connection.state.as_deref(),
            Some("Pending"),
            "{}",
            connection.id
        );
    }
    assert_eq!(labels(&view, NodeKind::PrivateLinkService), ["myPLS"]);
    assert_eq!(labels(&view, NodeKind::PaasTarget), ["sql-contoso-orders"]);
    assert!(view.nodes.iter().any(|n| n.label == "afd-contoso"));
}

#[test]
fn a_cluster_scope_keeps_its_chains_and_its_api_server_endpoint() {
    let snapshot = demo_snapshot();
    let scoped = |name: &str| {
        let text = cluster_id(&snapshot, name).to_ascii_uppercase();
        let scope = Scope::default().with_cluster(&text).expect("a cluster id");
        view(&snapshot, &scope)
    };
    let weu = scoped("aks-prod-weu");
    assert_eq!(
        labels(&weu, NodeKind::PrivateLinkService),
        ["myPLS", "pls-reports-legacy"]
    );
    assert_eq!(labels(&weu, NodeKind::PaasTarget), Vec::<&str>::new());
    let ops = scoped("aks-ops-neu");
    assert_eq!(
        labels(&ops, NodeKind::PrivateLinkService),
        Vec::<&str>::new()
    );
    assert_eq!(labels(&ops, NodeKind::Consumer), ["kube-apiserver"]);
}

#[test]
fn text_that_is_not_the_right_id_is_refused() {
    assert!(matches!(
        Scope::default().with_service("not an id"),
        Err(ScopeError::Id {
            field: "service",
            ..
        })
    ));
    assert!(matches!(
        Scope::default().with_subscription(MY_PLS_ID),
        Err(ScopeError::WrongType {
            field: "subscription",
            ..
        })
    ));
    assert!(matches!(
        Scope::default().with_cluster(MY_PLS_ID),
        Err(ScopeError::WrongType {
            field: "cluster",
            ..
        })
    ));
    let error = Scope::default()
        .with_service(&format!("/subscriptions/{CONTOSO_PLATFORM}"))
        .expect_err("a subscription is not a PLS");
    assert!(error.to_string().contains("privateLinkServices"), "{error}");
}
