//! The demo estate's story, as the join tells it: `default/super-api` on `aks-prod-weu` through
//! `myPLS` to every kind of consumer, the orders service behind Front Door, a PLS that lost its
//! frontend, PaaS links, and the unreadable subscription.

use emulator::estate::demo::{MY_PLS_ID, PENDING_ORIGIN_ID};

use super::*;
use crate::arm::models::ConnectionStatus;

const ORDERS_PLS: &str = "pls-a8d3c5e7f9b14c2d8e6f0a1b3c5d7e9f";

#[test]
fn super_api_is_published_from_aks_prod_weu_through_its_frontend_by_my_pls() {
    let joined = demo_joined(&FindingSettings::default());
    let chain = chain(&joined, "myPLS");
    assert_eq!(chain.service, id(MY_PLS_ID));
    let cluster = chain.cluster.as_ref().expect("myPLS belongs to a cluster");
    assert_eq!(cluster.name(), "aks-prod-weu");
    assert_eq!(
        chain.kubernetes_service.as_deref(),
        Some("default/super-api")
    );
    let FrontendLink::Found {
        frontend,
        load_balancer,
        private_ip,
        ports,
    } = &chain.frontend
    else {
        panic!("myPLS's frontend is found: {:?}", chain.frontend);
    };
    assert_eq!(frontend.name(), "a6e69ece03ab243aa928da35b2d4bef1");
    assert_eq!(load_balancer.name(), "kubernetes-internal");
    assert_eq!(frontend.parent().as_ref(), Some(load_balancer));
    assert!(private_ip.is_some());
    let expected = PortMapping {
        frontend_port: Some(80),
        backend_port: Some(8080),
        protocol: Some("Tcp".into()),
    };
    assert_eq!(ports, &vec![expected]);
}

#[test]
fn my_pls_holds_connections_in_every_state() {
    let joined = demo_joined(&FindingSettings::default());
    let chain = chain(&joined, "myPLS");
    for status in [
        ConnectionStatus::Pending,
        ConnectionStatus::Approved,
        ConnectionStatus::Rejected,
        ConnectionStatus::Disconnected,
    ] {
        assert!(
            chain.connections.iter().any(|c| c.status == status),
            "a {status} connection"
        );
    }
    let batch = connection(chain, "pe-batch-super-api");
    let Consumer::Endpoint { endpoint, subnet } = &batch.consumer else {
        panic!(
            "the batch endpoint is in the inventory: {:?}",
            batch.consumer
        );
    };
    assert_eq!(endpoint.name(), "pe-batch-super-api");
    assert!(subnet.is_some());
    assert_eq!(
        batch.requested_at,
        Some(demo_now() - time::Duration::hours(53))
    );
    let ledger = connection(chain, "pe-ledger-super-api");
    assert!(
        matches!(&ledger.consumer, Consumer::ExternalEndpoint { endpoint } if endpoint.name() == "pe-ledger-super-api"),
        "Restricted Finance is unreadable, so its endpoint is external: {:?}",
        ledger.consumer
    );
    assert_eq!(ledger.requested_at, None);
}

#[test]
fn the_pending_front_door_connection_comes_from_afd_contoso_through_super_api_weu() {
    let joined = demo_joined(&FindingSettings::default());
    let chain = chain(&joined, "myPLS");
    let front_door: Vec<&ConnectionLink> = chain
        .connections
        .iter()
        .filter(|c| matches!(c.consumer, Consumer::FrontDoor { .. }))
        .collect();
    let [link] = front_door.as_slice() else {
        panic!("one Front Door connection on myPLS: {front_door:?}");
    };
    assert_eq!(link.status, ConnectionStatus::Pending);
    let Consumer::FrontDoor {
        profile,
        origin,
        endpoint_hosts,
    } = &link.consumer
    else {
        unreachable!("filtered on Front Door");
    };
    assert_eq!(origin, &id(PENDING_ORIGIN_ID));
    assert_eq!(profile.name(), "afd-contoso");
    let [host] = endpoint_hosts.as_slice() else {
        panic!("afd-contoso has one endpoint: {endpoint_hosts:?}");
    };
    assert!(host.starts_with("contoso-web-") && host.ends_with(".z01.azurefd.net"));
    // The origin was created 38 minutes before the demo's 'now'.
    assert_eq!(
        link.requested_at,
        Some(demo_now() - time::Duration::minutes(38))
    );
}

#[test]
fn the_orders_front_door_connection_is_paired_with_orders_api_eus() {
    let joined = demo_joined(&FindingSettings::default());
    let chain = chain(&joined, ORDERS_PLS);
    assert_eq!(
        chain.kubernetes_service.as_deref(),
        Some("orders/orders-api")
    );
    assert_eq!(
        chain.cluster.as_ref().map(ResourceId::name),
        Some("aks-prod-eus")
    );
    let [link] = chain.connections.as_slice() else {
        panic!("the orders PLS has one connection");
    };
    assert_eq!(link.status, ConnectionStatus::Approved);
    // What the demo really has: the approval kept the request message as the description.
    assert_eq!(
        link.description,
        "Contoso Edge Front Door: orders-api (eastus)"
    );
    assert!(
        matches!(&link.consumer, Consumer::FrontDoor { origin, .. } if origin.name() == "orders-api-eus"),
        "{:?}",
        link.consumer
    );
}

#[test]
fn an_approval_that_replaced_the_description_still_pairs_the_last_origin() {
    let (mut inventory, statuses) = demo_read();
    let orders = inventory
        .services
        .iter_mut()
        .find(|s| s.name == ORDERS_PLS)
        .expect("the orders PLS");
    for connection in &mut orders.connections {
        connection.state.description = "Approved by platform on-call (CHG-5120)".into();
    }
    let joined = join(
        &inventory,
        &statuses,
        demo_now(),
        &FindingSettings::default(),
    );
    let link = &chain(&joined, ORDERS_PLS).connections[0];
    assert!(
        matches!(&link.consumer, Consumer::FrontDoor { origin, .. } if origin.name() == "orders-api-eus"),
        "{:?}",
        link.consumer
    );
}

#[test]
fn front_door_connections_without_a_visible_origin_are_hidden_front_door_in_their_region() {
    let (mut inventory, statuses) = demo_read();
    inventory.origins.clear();
    let joined = join(
        &inventory,
        &statuses,
        demo_now(),
        &FindingSettings::default(),
    );
    for (service, region) in [("myPLS", "westeurope"), (ORDERS_PLS, "eastus")] {
        let hidden: Vec<&Consumer> = chain(&joined, service)
            .connections
            .iter()
            .map(|c| &c.consumer)
            .filter(|c| matches!(c, Consumer::FrontDoorHidden { .. }))
            .collect();
        assert_eq!(
            hidden,
            vec![&Consumer::FrontDoorHidden {
                region: region.into()
            }]
        );
    }
    assert!(
        !joined
            .findings
            .iter()
            .any(|f| matches!(f, Finding::FrontDoorPending { .. }))
    );
}

#[test]
fn reports_legacy_lost_its_frontend() {
    let joined = demo_joined(&FindingSettings::default());
    let chain = chain(&joined, "pls-reports-legacy");
    let FrontendLink::Missing { frontend } = &chain.frontend else {
        panic!("the frontend is missing: {:?}", chain.frontend);
    };
    assert_eq!(frontend.name(), "a3f1c9e2b7d84e5f9a0b1c2d3e4f5a6b");
    let finding = Finding::MissingFrontend {
        service: chain.service.clone(),
        frontend: frontend.clone(),
    };
    assert!(joined.findings.contains(&finding));
    assert!(finding.message().contains("pls-reports-legacy"));
}

#[test]
fn paas_resources_hold_their_endpoints_connections_so_no_paas_link_is_left() {
    let joined = demo_joined(&FindingSettings::default());
    // Every endpoint of the demo reaches a PLS or a PaaS resource Link Center reads; the
    // private cluster's API server endpoint is the cluster's connection.
    assert_eq!(joined.paas_links.iter().count(), 0);
    let sql = chain(&joined, "sql-contoso-orders");
    assert!(!sql.is_service());
    let [link] = sql.connections.as_slice() else {
        panic!("one connection to the SQL server");
    };
    assert_eq!(link.status, ConnectionStatus::Pending);
    assert!(
        matches!(&link.consumer, Consumer::Endpoint { endpoint, .. } if endpoint.name() == "pe-fabrikam-orders-sql")
    );
    let cluster = chain(&joined, "aks-ops-neu");
    assert_eq!(cluster.cluster.as_ref(), Some(&cluster.service));
    assert!(matches!(
        &cluster.connections[0].consumer,
        Consumer::Endpoint { endpoint, .. } if endpoint.name() == "kube-apiserver"
    ));
}

#[test]
fn restricted_finance_is_reported_unreadable() {
    let joined = demo_joined(&FindingSettings::default());
    let unreadable: Vec<&Finding> = joined
        .findings
        .iter()
        .filter(|f| matches!(f, Finding::Unreadable { .. }))
        .collect();
    let [
        Finding::Unreadable {
            subscription_id,
            display_name,
            error,
            stale_since,
        },
    ] = unreadable.as_slice()
    else {
        panic!("one unreadable subscription: {unreadable:?}");
    };
    assert_eq!(subscription_id, emulator::estate::demo::RESTRICTED_FINANCE);
    assert_eq!(display_name, "Restricted Finance");
    assert!(error.contains("AuthorizationFailed"));
    assert_eq!(stale_since, &None);
}

#[test]
fn super_api_weu_waits_for_approval_on_my_pls() {
    let joined = demo_joined(&FindingSettings::default());
    let pending: Vec<&Finding> = joined
        .findings
        .iter()
        .filter(|f| matches!(f, Finding::FrontDoorPending { .. }))
        .collect();
    let [
        Finding::FrontDoorPending {
            service,
            origin,
            profile,
            connection,
        },
    ] = pending.as_slice()
    else {
        panic!("one Front Door request waits: {pending:?}");
    };
    assert_eq!(service, &id(MY_PLS_ID));
    assert_eq!(origin, &id(PENDING_ORIGIN_ID));
    assert_eq!(profile.name(), "afd-contoso");
    let paired = chain(&joined, "myPLS")
        .connections
        .iter()
        .find(|c| matches!(c.consumer, Consumer::FrontDoor { .. }))
        .map(|c| &c.connection);
    assert_eq!(connection.as_ref(), paired);
}

#[test]
fn a_two_day_old_request_is_long_pending_past_one_day_but_not_past_seven() {
    let long_pending = |days: i64| -> Vec<Finding> {
        let settings = FindingSettings {
            long_pending_days: days,
            ..FindingSettings::default()
        };
        demo_joined(&settings)
            .findings
            .into_iter()
            .filter(|f| matches!(f, Finding::LongPending { .. }))
            .collect()
    };
    let joined = demo_joined(&FindingSettings::default());
    let batch = connection(chain(&joined, "myPLS"), "pe-batch-super-api");
    let sql = chain(&joined, "sql-contoso-orders");
    assert_eq!(
        long_pending(1),
        vec![
            Finding::LongPending {
                service: id(MY_PLS_ID),
                connection: batch.connection.clone(),
                days: 2,
            },
            Finding::LongPending {
                service: sql.service.clone(),
                connection: sql.connections[0].connection.clone(),
                days: 1,
            }
        ]
    );
    assert_eq!(long_pending(7), vec![]);
}

#[test]
fn every_demo_connection_appears_once_and_the_demo_is_not_near_the_limit() {
    let (inventory, statuses) = demo_read();
    let joined = join(
        &inventory,
        &statuses,
        demo_now(),
        &FindingSettings::default(),
    );
    let held: usize = inventory
        .services
        .iter()
        .map(|s| s.connections.len())
        .sum::<usize>()
        + inventory
            .paas
            .iter()
            .map(|r| r.connections.len())
            .sum::<usize>();
    assert_eq!(connection_count(&joined), held);
    assert_eq!(
        joined.chains.len(),
        inventory.services.len() + inventory.paas.len()
    );
    assert!(
        !joined
            .findings
            .iter()
            .any(|f| matches!(f, Finding::NearLimit { .. }))
    );
}
