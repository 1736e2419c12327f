//! Azure spells one id in several casings; the join must not care. The demo with every
//! reference recased joins to the same chains, and the published examples (`subId` in the PLS,
//! `subid` in the load balancer) find their frontend.

use super::*;
use crate::arm::models::{ConnectionStatus, SharedPrivateLink};

fn recase(id: &ResourceId, change: fn(&str) -> String) -> ResourceId {
    ResourceId::parse(&change(id.as_str())).unwrap_or_else(|error| panic!("{error}"))
}

fn upper(text: &str) -> String {
    text.to_ascii_uppercase()
}

fn lower(text: &str) -> String {
    text.to_ascii_lowercase()
}

/// Only the subscription segment upper-cased.
fn upper_subscription(text: &str) -> String {
    let id = ResourceId::parse(text).unwrap_or_else(|error| panic!("{error}"));
    let sub = id.subscription();
    text.replacen(sub, &sub.to_ascii_uppercase(), 1)
}

/// The demo with references spelled differently from the ids they name.
fn recased(mut inventory: Inventory) -> Inventory {
    for service in &mut inventory.services {
        service.id = recase(&service.id, lower);
        service.frontend_ids = service
            .frontend_ids
            .iter()
            .map(|f| recase(f, upper))
            .collect();
        for connection in &mut service.connections {
            connection.id = recase(&connection.id, lower);
            connection.private_endpoint = connection
                .private_endpoint
                .as_ref()
                .map(|e| recase(e, upper));
        }
    }
    for endpoint in &mut inventory.endpoints {
        for connection in &mut endpoint.connections {
            connection.target = connection
                .target
                .as_ref()
                .map(|t| recase(t, upper_subscription));
        }
    }
    for origin in &mut inventory.origins {
        origin.id = recase(&origin.id, upper);
        if let Some(SharedPrivateLink {
            target: Some(target),
            ..
        }) = &mut origin.shared_private_link
        {
            *target = recase(target, upper_subscription);
        }
    }
    for balancer in &mut inventory.load_balancers {
        for rule in &mut balancer.rules {
            rule.frontend = rule.frontend.as_ref().map(|f| recase(f, lower));
        }
    }
    for cluster in &mut inventory.clusters {
        cluster.node_resource_group = cluster.node_resource_group.as_deref().map(upper);
    }
    for endpoint in &mut inventory.afd_endpoints {
        endpoint.id = recase(&endpoint.id, lower);
    }
    inventory
}

/// The joined chains as JSON text with every id (and everything else) lower-cased.
fn folded(joined: &JoinedChains) -> String {
    serde_json::to_string(joined)
        .unwrap_or_else(|error| panic!("{error}"))
        .to_ascii_lowercase()
}

#[test]
fn ids_in_other_casings_join_to_the_same_chains() {
    let (inventory, mut statuses) = demo_read();
    let settings = FindingSettings::default();
    let plain = join(&inventory, &statuses, demo_now(), &settings);
    let changed = recased(inventory.clone());
    assert_ne!(
        serde_json::to_string(&changed).ok(),
        serde_json::to_string(&inventory).ok(),
        "the recasing changes the text of the ids"
    );
    for status in &mut statuses {
        status.subscription_id = status.subscription_id.to_ascii_uppercase();
    }
    let joined = join(&changed, &statuses, demo_now(), &settings);
    assert_eq!(folded(&joined), folded(&plain));
    assert!(matches!(
        chain(&joined, "mypls").frontend,
        FrontendLink::Found { .. }
    ));
}

macro_rules! example {
    ($name:literal) => {
        include_str!(concat!("../../../../tests/fixtures/arm/", $name, ".json"))
    };
}

/// The 200 body of a published example.
fn example_body(text: &str) -> Value {
    let example: Value = serde_json::from_str(text).unwrap_or_else(|error| panic!("{error}"));
    example["responses"]["200"]["body"].clone()
}

#[test]
fn the_published_examples_find_the_frontend_despite_sub_id_and_subid() {
    let service = decoded::<PrivateLinkService>(&example_body(example!("PrivateLinkServiceGet")));
    let balancer = decoded::<LoadBalancer>(&example_body(example!("LoadBalancerGet")));
    let endpoint = decoded::<PrivateEndpoint>(&example_body(example!("PrivateEndpointGet")));
    // The service is in `subId`, the frontend it names (and the load balancer) in `subid`.
    let (home, named) = (
        service.id.subscription(),
        service.frontend_ids[0].subscription(),
    );
    assert_ne!(
        home, named,
        "the examples spell the subscription differently"
    );
    assert!(home.eq_ignore_ascii_case(named));
    let inventory = Inventory {
        services: vec![service].into(),
        load_balancers: vec![balancer].into(),
        endpoints: vec![endpoint].into(),
        ..Inventory::default()
    };
    let ok = SubscriptionHealth::Ok {
        synced_at: demo_now(),
    };
    let statuses = vec![status("subId", ok)];
    let joined = join(
        &inventory,
        &statuses,
        demo_now(),
        &FindingSettings::default(),
    );
    let chain = chain(&joined, "testPls");
    let FrontendLink::Found {
        load_balancer,
        private_ip,
        ports,
        ..
    } = &chain.frontend
    else {
        panic!("the frontend is found: {:?}", chain.frontend);
    };
    assert_eq!(
        load_balancer.as_str(),
        inventory.load_balancers[0].id.as_str()
    );
    assert_eq!(private_ip.as_deref(), Some("10.0.1.4"));
    assert_eq!(ports.len(), 1);
    assert_eq!(
        (ports[0].frontend_port, ports[0].backend_port),
        (Some(80), Some(80))
    );
    let [link] = chain.connections.as_slice() else {
        panic!("testPls has one connection");
    };
    assert_eq!(link.status, ConnectionStatus::Approved);
    assert!(
        matches!(&link.consumer, Consumer::Endpoint { endpoint, .. } if endpoint.name() == "testPe")
    );
    assert!(
        joined.paas_links.is_empty(),
        "testPe's link is in the chain"
    );
    assert_eq!(joined.findings, vec![]);

    // Without the load balancer, `subid` is still the subscription read as `subId`: Missing.
    let without = Inventory {
        load_balancers: Default::default(),
        ..inventory.clone()
    };
    let joined = join(&without, &statuses, demo_now(), &FindingSettings::default());
    assert!(matches!(
        joined.chains[0].frontend,
        FrontendLink::Missing { .. }
    ));
}
