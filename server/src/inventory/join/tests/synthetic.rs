//! Hand-built services: the connection limit, Front Door pairing when messages repeat, and
//! frontends whose subscription was not read.

use std::collections::BTreeMap;

use super::*;
use crate::arm::models::{ConnectionState, ConnectionStatus, PlsConnection, SharedPrivateLink};

const SUB: &str = "/subscriptions/11111111-2222-4333-8444-555555555555";
const FRONT_DOOR_SUB: &str = "/subscriptions/c1bc5dd7-ea97-469c-89fa-8f26624902fd";

fn service(name: &str, connections: Vec<PlsConnection>) -> PrivateLinkService {
    PrivateLinkService {
        id: id(&format!(
            "{SUB}/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/{name}"
        )),
        name: name.into(),
        location: "westeurope".into(),
        tags: BTreeMap::new(),
        etag: None,
        provisioning_state: None,
        alias: None,
        visibility: Vec::new(),
        auto_approval: Vec::new(),
        fqdns: Vec::new(),
        enable_proxy_protocol: false,
        frontend_ids: Vec::new(),
        nat_ips: Vec::new(),
        connections,
    }
}

/// A connection of the `pls` service from endpoint `endpoint` (a full id).
fn connection(
    pls: &str,
    name: &str,
    endpoint: &str,
    status: &str,
    description: &str,
) -> PlsConnection {
    let service =
        format!("{SUB}/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/{pls}");
    PlsConnection {
        id: id(&format!("{service}/privateEndpointConnections/{name}")),
        name: name.into(),
        private_endpoint: Some(id(endpoint)),
        state: ConnectionState {
            status: ConnectionStatus::parse(status),
            description: description.into(),
            actions_required: None,
        },
        provisioning_state: None,
        link_identifier: None,
    }
}

fn front_door_connection(pls: &str, guid: &str, status: &str, description: &str) -> PlsConnection {
    let endpoint = format!(
        "{FRONT_DOOR_SUB}/resourceGroups/eafd-Prod-westeurope/providers/Microsoft.Network/privateEndpoints/{guid}"
    );
    connection(pls, &format!("{guid}.conn"), &endpoint, status, description)
}

fn origin(
    profile: &str,
    name: &str,
    pls: &PrivateLinkService,
    message: &str,
    status: &str,
) -> Origin {
    Origin {
        id: id(&format!(
            "{SUB}/resourcegroups/rg-edge/providers/Microsoft.Cdn/profiles/{profile}/origingroups/og/origins/{name}"
        )),
        name: name.into(),
        host_name: None,
        shared_private_link: Some(SharedPrivateLink {
            target: Some(pls.id.clone()),
            group_id: None,
            location: Some("westeurope".into()),
            request_message: Some(message.into()),
            status: Some(ConnectionStatus::parse(status)),
        }),
        created_at: None,
    }
}

/// A service with `count` connections from endpoints in another tenant.
fn crowded(count: usize) -> PrivateLinkService {
    let connections = (0..count)
        .map(|n| {
            let endpoint = format!(
                "/subscriptions/99999999-0000-4000-8000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe-{n:04}"
            );
            connection("crowded", &format!("pe-{n:04}.c"), &endpoint, "Approved", "ok")
        })
        .collect();
    service("crowded", connections)
}

fn near_limit(inventory: &Inventory) -> Vec<Finding> {
    join(inventory, &[], demo_now(), &FindingSettings::default())
        .findings
        .into_iter()
        .filter(|f| matches!(f, Finding::NearLimit { .. }))
        .collect()
}

#[test]
fn a_service_with_850_connections_is_near_the_limit_and_one_with_799_is_not() {
    let busy = Inventory {
        services: vec![crowded(850)].into(),
        ..Inventory::default()
    };
    let expected = Finding::NearLimit {
        service: busy.services[0].id.clone(),
        connections: 850,
        limit: 1000,
    };
    assert_eq!(near_limit(&busy), vec![expected]);
    let calm = Inventory {
        services: vec![crowded(799)].into(),
        ..Inventory::default()
    };
    assert_eq!(near_limit(&calm), vec![]);
}

/// The origin name of each connection of the only chain, `None` where not Front Door.
fn paired_origins(inventory: &Inventory) -> Vec<Option<String>> {
    let joined = join(inventory, &[], demo_now(), &FindingSettings::default());
    joined.chains[0]
        .connections
        .iter()
        .map(|link| match &link.consumer {
            Consumer::FrontDoor { origin, .. } => Some(origin.name().to_owned()),
            _ => None,
        })
        .collect()
}

/// A service with two Front Door connections and two origins, all with Terraform's default
/// request message: `connections` are the statuses of `a-guid` and `b-guid`, `origins` the
/// `(name, status)` of the origins.
fn shared_message(connections: [&str; 2], origins: [(&str, &str); 2]) -> Inventory {
    let message = "Access request for CDN Frontdoor Private Link Origin";
    let pls = service(
        "shared",
        ["a-guid", "b-guid"]
            .into_iter()
            .zip(connections)
            .map(|(guid, status)| front_door_connection("shared", guid, status, message))
            .collect(),
    );
    let origins = ["afd-one", "afd-two"]
        .into_iter()
        .zip(origins)
        .map(|(profile, (name, status))| origin(profile, name, &pls, message, status))
        .collect();
    Inventory {
        services: vec![pls].into(),
        origins,
        ..Inventory::default()
    }
}

#[test]
fn a_shared_request_message_pairs_by_status_when_that_tells_them_apart() {
    let inventory = shared_message(
        ["Approved", "Pending"],
        [
            ("pending-origin", "Pending"),
            ("approved-origin", "Approved"),
        ],
    );
    assert_eq!(
        paired_origins(&inventory),
        [
            Some("approved-origin".into()),
            Some("pending-origin".into())
        ]
    );
}

#[test]
fn origins_that_cannot_be_told_apart_are_not_guessed() {
    let inventory = shared_message(
        ["Pending", "Pending"],
        [("one", "Pending"), ("two", "Pending")],
    );
    assert_eq!(paired_origins(&inventory), [None, None]);
    let joined = join(&inventory, &[], demo_now(), &FindingSettings::default());
    let pending: Vec<Option<ResourceId>> = joined
        .findings
        .iter()
        .filter_map(|f| match f {
            Finding::FrontDoorPending { connection, .. } => Some(connection.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(pending, [None, None], "both origins still wait, unpaired");
}

#[test]
fn a_frontend_in_an_unread_subscription_is_not_visible_and_in_a_read_one_is_missing() {
    let frontend = id(&format!(
        "{SUB}/resourceGroups/mc_rg/providers/Microsoft.Network/loadBalancers/kubernetes-internal/frontendIPConfigurations/a1"
    ));
    let mut pls = service("lonely", Vec::new());
    pls.frontend_ids = vec![frontend.clone()];
    let inventory = Inventory {
        services: vec![pls].into(),
        ..Inventory::default()
    };
    let unread = join(&inventory, &[], demo_now(), &FindingSettings::default());
    assert_eq!(
        unread.chains[0].frontend,
        FrontendLink::NotVisible {
            frontend: frontend.clone()
        }
    );
    assert_eq!(unread.findings, vec![]);
    let stale = SubscriptionHealth::Stale {
        since: demo_now(),
        error: "throttled".into(),
    };
    let statuses = vec![status(&frontend.subscription().to_ascii_uppercase(), stale)];
    let read = join(
        &inventory,
        &statuses,
        demo_now(),
        &FindingSettings::default(),
    );
    assert_eq!(read.chains[0].frontend, FrontendLink::Missing { frontend });
    assert!(read.findings.iter().any(|f| matches!(
        f,
        Finding::Unreadable {
            stale_since: Some(_),
            ..
        }
    )));
}
