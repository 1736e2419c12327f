//! The demo estate drawn: `default/super-api` on `aks-prod-weu` through its frontend and `myPLS`
//! to every consumer, Front Door `afd-contoso` pending, `pls-reports-legacy` broken, the PaaS
//! links as short chains, and the unreadable subscription noted.

use emulator::estate::demo::{MY_PLS_ID, PENDING_ORIGIN_ID};

use super::*;
use crate::inventory::join::{
    ConnectionLink, Consumer, Finding, FindingSettings, FrontendLink, ServiceChain, join,
};

fn chain<'s>(snapshot: &'s Snapshot, name: &str) -> &'s ServiceChain {
    snapshot
        .chains
        .chains
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no chain {name}"))
}

/// The consumer node a connection leads to.
fn consumer_of<'v>(view: &'v GraphView, link: &ConnectionLink) -> &'v GraphNode {
    let connection = of_resource(view, &link.connection);
    let [consumer] = right_of(view, connection)[..] else {
        panic!("{} leads to one consumer", link.name);
    };
    consumer
}

#[test]
fn super_api_runs_from_its_service_through_the_frontend_and_my_pls_to_every_consumer() {
    let snapshot = demo_snapshot();
    let view = view(&snapshot, &Scope::default());
    let service = node(&view, NodeKind::Service, "default/super-api");
    assert_eq!(service.sublabel.as_deref(), Some("on aks-prod-weu"));
    let [frontend] = right_of(&view, service)[..] else {
        panic!("the Service leads to one frontend");
    };
    assert_eq!(frontend.kind, NodeKind::Frontend);
    assert_eq!(frontend.label, "kubernetes-internal");
    assert_eq!(frontend.details, ["80/Tcp → 8080"]);
    assert!(frontend.flags.is_empty());
    let pls = of_resource(&view, &id(MY_PLS_ID));
    assert_eq!(pls.label, "myPLS");
    assert!(linked(&view, frontend, pls));
    assert!(
        pls.details.contains(&"NAT 10.224.10.10".to_owned()),
        "{:?}",
        pls.details
    );
    let my_pls = chain(&snapshot, "myPLS");
    assert_eq!(right_of(&view, pls).len(), my_pls.connections.len());
    for link in &my_pls.connections {
        let connection = of_resource(&view, &link.connection);
        assert!(linked(&view, pls, connection), "myPLS → {}", link.name);
        assert_eq!(connection.state.as_deref(), Some(link.status.as_str()));
        consumer_of(&view, link);
    }
}

#[test]
fn the_pending_front_door_request_leads_to_afd_contoso_and_is_flagged() {
    let snapshot = demo_snapshot();
    let view = view(&snapshot, &Scope::default());
    let pending = chain(&snapshot, "myPLS")
        .connections
        .iter()
        .find(|l| matches!(&l.consumer, Consumer::FrontDoor { origin, .. } if origin == &id(PENDING_ORIGIN_ID)))
        .expect("myPLS has the pending Front Door connection");
    let connection = of_resource(&view, &pending.connection);
    assert_eq!(connection.flags, [NodeFlag::FrontDoorPending]);
    assert_eq!(connection.label, "origin super-api-weu");
    let profile = consumer_of(&view, pending);
    assert_eq!(profile.label, "afd-contoso");
    assert_eq!(
        profile.sublabel.as_deref(),
        Some("Front Door in Contoso Edge")
    );
    assert!(profile.flags.contains(&NodeFlag::FrontDoorPending));
    let hosts = &profile.details;
    assert!(
        hosts.iter().any(|h| h.ends_with(".z01.azurefd.net")),
        "{hosts:?}"
    );
    // The profile also consumes the orders service: one node, two connections.
    let into_profile = view.edges.iter().filter(|e| e.to == profile.id).count();
    assert_eq!(into_profile, 2);
}

#[test]
fn every_relation_of_the_demo_is_an_edge() {
    let snapshot = demo_snapshot();
    let view = view(&snapshot, &Scope::default());
    for chain in &snapshot.chains.chains {
        let pls = of_resource(&view, &chain.service);
        let frontend = match &chain.frontend {
            FrontendLink::None if !chain.is_service() => pls,
            FrontendLink::Found { frontend, .. }
            | FrontendLink::Missing { frontend }
            | FrontendLink::NotVisible { frontend } => of_resource(&view, frontend),
            FrontendLink::None => panic!("every demo PLS names a frontend"),
        };
        assert!(
            !chain.is_service() || linked(&view, frontend, pls),
            "frontend → {}",
            chain.name
        );
        if let Some(name) = &chain.kubernetes_service {
            let service = node(&view, NodeKind::Service, name);
            assert!(linked(&view, service, frontend), "{name} → frontend");
        }
        for link in &chain.connections {
            let connection = of_resource(&view, &link.connection);
            assert!(
                linked(&view, pls, connection),
                "{} → {}",
                chain.name,
                link.name
            );
            let consumer = consumer_of(&view, link);
            match &link.consumer {
                Consumer::FrontDoor { profile, .. } => assert_eq!(consumer.label, profile.name()),
                Consumer::Endpoint { endpoint, .. } | Consumer::ExternalEndpoint { endpoint } => {
                    assert_eq!(
                        consumer.resource_id.as_deref().map(id).as_ref(),
                        Some(endpoint)
                    );
                }
                other => panic!("the demo has no {other:?} consumer"),
            }
        }
    }
    for link in &snapshot.chains.paas_links {
        let target = of_resource(&view, &link.target);
        let endpoint = of_resource(&view, &link.endpoint);
        let [connection] = right_of(&view, target)[..] else {
            panic!("{} has one connection", link.target);
        };
        assert_eq!(connection.label, link.connection_name);
        assert!(linked(&view, connection, endpoint));
    }
    assert_eq!(view.edges.len(), expected_edges(&snapshot));
}

/// Service → frontend, frontend → PLS, PLS → connection → consumer, target → link → endpoint.
fn expected_edges(snapshot: &Snapshot) -> usize {
    let chains = &snapshot.chains.chains;
    let services = chains
        .iter()
        .filter(|c| c.kubernetes_service.is_some())
        .count();
    let connections: usize = chains.iter().map(|c| c.connections.len()).sum();
    let frontends = chains.iter().filter(|c| c.is_service()).count();
    services + frontends + 2 * connections + 2 * snapshot.chains.paas_links.len()
}

#[test]
fn reports_legacy_is_drawn_with_its_missing_frontend() {
    let view = view(&demo_snapshot(), &Scope::default());
    let pls = node(&view, NodeKind::PrivateLinkService, "pls-reports-legacy");
    let frontend = view
        .nodes
        .iter()
        .find(|n| linked(&view, n, pls))
        .expect("a frontend node leads to pls-reports-legacy");
    assert_eq!(frontend.label, "Frontend missing");
    assert_eq!(frontend.flags, [NodeFlag::MissingFrontend]);
    assert_eq!(frontend.sublabel.as_deref(), Some("kubernetes-internal"));
    let service = node(&view, NodeKind::Service, "default/reports-api");
    assert!(linked(&view, service, frontend));
}

#[test]
fn paas_resources_are_short_chains_from_the_resource_to_its_consumers() {
    let view = view(&demo_snapshot(), &Scope::default());
    let sql = node(&view, NodeKind::PaasTarget, "sql-contoso-orders");
    assert_eq!(sql.sublabel.as_deref(), Some("SQL server"));
    assert!(
        sql.details
            .contains(&"public network access: Disabled".to_owned())
    );
    let [connection] = right_of(&view, sql)[..] else {
        panic!("one connection to the SQL server");
    };
    assert_eq!(connection.state.as_deref(), Some("Pending"));
    let endpoint = node(&view, NodeKind::Consumer, "pe-fabrikam-orders-sql");
    assert!(linked(&view, connection, endpoint));
    assert_eq!(
        endpoint.sublabel.as_deref(),
        Some("PE in Fabrikam Consumer")
    );
    let storage = node(&view, NodeKind::PaasTarget, "stcontosoexports");
    assert!(
        storage
            .details
            .contains(&"public network access: Enabled".to_owned())
    );
    // The private cluster's API server endpoint is drawn from the cluster, which lists it.
    let api_server = node(&view, NodeKind::Consumer, "kube-apiserver");
    let cluster = node(&view, NodeKind::PaasTarget, "aks-ops-neu");
    assert_eq!(cluster.sublabel.as_deref(), Some("AKS cluster"));
    assert!(
        right_of(&view, cluster)
            .iter()
            .any(|c| linked(&view, c, api_server))
    );
}

#[test]
fn the_unreadable_subscription_is_noted_and_its_endpoint_flagged() {
    let view = view(&demo_snapshot(), &Scope::default());
    let [note] = view.notes.as_slice() else {
        panic!("one note: {:?}", view.notes);
    };
    assert!(note.contains("Restricted Finance"), "{note}");
    let ledger = node(&view, NodeKind::Consumer, "pe-ledger-super-api");
    assert_eq!(ledger.flags, [NodeFlag::Unreadable]);
    assert_eq!(
        ledger.sublabel.as_deref(),
        Some("PE in Restricted Finance (not readable)")
    );
}

#[test]
fn a_service_near_the_limit_is_flagged() {
    let mut snapshot = demo_snapshot();
    let flagged = |snapshot: &Snapshot| {
        let view = view(snapshot, &Scope::default());
        of_kind(&view, NodeKind::PrivateLinkService)
            .into_iter()
            .filter(|n| n.flags.contains(&NodeFlag::NearLimit))
            .map(|n| n.label.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(flagged(&snapshot), Vec::<String>::new());
    let settings = FindingSettings {
        near_limit: 5,
        ..FindingSettings::default()
    };
    let (inventory, statuses) = (&snapshot.inventory, &snapshot.statuses);
    snapshot.chains = join(inventory, statuses, demo_now(), &settings);
    assert_eq!(flagged(&snapshot), ["myPLS"]);
}

#[test]
fn a_service_that_does_not_list_an_endpoint_is_still_drawn_once() {
    let mut snapshot = demo_snapshot();
    let my_pls = id(MY_PLS_ID);
    let service = snapshot
        .inventory
        .services
        .iter_mut()
        .find(|s| s.id == my_pls)
        .expect("myPLS");
    let batch = service
        .connections
        .iter()
        .position(|c| c.name.starts_with("pe-batch-super-api"))
        .expect("the batch connection");
    service.connections.remove(batch);
    snapshot.chains = join(
        &snapshot.inventory,
        &snapshot.statuses,
        demo_now(),
        &FindingSettings::default(),
    );
    let view = view(&snapshot, &Scope::default());
    // The endpoint still reaches myPLS, as a PaaS link into the service's own node.
    let pls = of_resource(&view, &my_pls);
    let endpoint = node(&view, NodeKind::Consumer, "pe-batch-super-api");
    let through: Vec<&GraphNode> = right_of(&view, pls)
        .into_iter()
        .filter(|c| linked(&view, c, endpoint))
        .collect();
    let [connection] = through[..] else {
        panic!("myPLS reaches the batch endpoint through one connection: {through:?}");
    };
    assert!(connection.id.starts_with("paas:"), "{}", connection.id);
}

#[test]
fn endpoints_with_dns_findings_or_left_behind_and_public_paas_resources_are_flagged() {
    let snapshot = demo_snapshot();
    let view = view(&snapshot, &Scope::default());
    let flags = |name: &str| node(&view, NodeKind::Consumer, name).flags.clone();
    // Each of the demo's three DNS findings flags its endpoint; the healthy one is not.
    for name in [
        "pe-batch-exports-blob",
        "pe-fabrikam-exports-blob",
        "pe-fabrikam-orders-sql",
    ] {
        assert!(flags(name).contains(&NodeFlag::DnsProblem), "{name}");
    }
    assert!(!flags("pe-batch-keyvault").contains(&NodeFlag::DnsProblem));
    // Every drawn endpoint a finding says is left behind carries the flag, and only those.
    let orphans: Vec<String> = snapshot
        .chains
        .findings
        .iter()
        .filter_map(|f| match f {
            Finding::OrphanEndpoint { endpoint, .. } => {
                Some(endpoint.as_str().to_ascii_lowercase())
            }
            _ => None,
        })
        .collect();
    let flagged: Vec<String> = view
        .nodes
        .iter()
        .filter(|n| n.flags.contains(&NodeFlag::Orphaned))
        .filter_map(|n| n.resource_id.as_deref().map(str::to_ascii_lowercase))
        .collect();
    assert!(!flagged.is_empty(), "the demo draws a left-behind endpoint");
    assert!(flagged.iter().all(|id| orphans.contains(id)), "{flagged:?}");
    let storage = node(&view, NodeKind::PaasTarget, "stcontosoexports");
    assert!(storage.flags.contains(&NodeFlag::PublicAccess));
}
