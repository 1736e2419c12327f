//! Tests of the join: the emulator's demo estate (its story, chain by chain), ids in other
//! casings, synthetic services (limits, Front Door pairing), order independence and scale.
//! Estates are decoded into an `Inventory` as a sync would: denied subscriptions read nothing.

mod casing;
mod demo;
mod determinism;
mod scale;
mod synthetic;

use emulator::estate::EstateDocument;
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::*;
use crate::arm::models::{
    AfdEndpoint, DnsZoneGroup, FromArm, FrontDoorProfile, LoadBalancer, ManagedCluster, Origin,
    OriginGroup, PaasResource, PrivateDnsZone, PrivateEndpoint, PrivateLinkService, Subscription,
    ZoneLink,
};
use crate::inventory::{Inventory, SubscriptionHealth, SubscriptionStatus};

fn id(text: &str) -> ResourceId {
    ResourceId::parse(text).unwrap_or_else(|error| panic!("{error}"))
}

fn time(text: &str) -> OffsetDateTime {
    OffsetDateTime::parse(text, &Rfc3339).unwrap_or_else(|error| panic!("{text}: {error}"))
}

/// The demo's fixed 'now'.
pub(crate) fn demo_now() -> OffsetDateTime {
    time(emulator::estate::demo::NOW)
}

fn decoded<T: FromArm>(value: &Value) -> T {
    T::from_arm(value).unwrap_or_else(|error| panic!("{} should decode: {error}", T::KIND))
}

/// An estate as a sync reads it: the resources of readable subscriptions, decoded, and a
/// status per subscription (denied ones `Failed` with ARM's `AuthorizationFailed`).
pub(crate) fn read(
    doc: &EstateDocument,
    now: OffsetDateTime,
) -> (Inventory, Vec<SubscriptionStatus>) {
    let denied: Vec<ResourceId> = doc
        .denied_subscriptions
        .iter()
        .map(|sub| id(&format!("/subscriptions/{sub}")))
        .collect();
    let mut inventory = Inventory::default();
    let (mut endpoints, mut zones, mut links, mut zone_groups) = (
        Vec::<PrivateEndpoint>::new(),
        Vec::<PrivateDnsZone>::new(),
        Vec::<ZoneLink>::new(),
        Vec::<(ResourceId, DnsZoneGroup)>::new(),
    );
    for resource in &doc.resources {
        let resource_id = id(resource["id"].as_str().unwrap_or_default());
        if denied.contains(&resource_id.subscription_id()) {
            continue;
        }
        let kind = resource["type"].as_str().unwrap_or_default();
        match kind.to_ascii_lowercase().as_str() {
            "microsoft.network/privatelinkservices" => {
                inventory
                    .services
                    .push(decoded::<PrivateLinkService>(resource));
            }
            "microsoft.network/privateendpoints" => {
                let mut endpoint = decoded::<PrivateEndpoint>(resource);
                // The estate holds every zone group: a checked endpoint without one has none.
                if dns::is_checked(&endpoint) {
                    endpoint.zone_groups = Some(Vec::new());
                }
                endpoints.push(endpoint);
            }
            "microsoft.network/privatednszones" => zones.push(decoded(resource)),
            "microsoft.network/privatednszones/virtualnetworklinks" => {
                links.push(decoded(resource));
            }
            "microsoft.network/privateendpoints/privatednszonegroups" => {
                let owner = resource_id.parent().expect("a zone group has an endpoint");
                zone_groups.push((owner, decoded(resource)));
            }
            "microsoft.network/loadbalancers" => {
                inventory
                    .load_balancers
                    .push(decoded::<LoadBalancer>(resource));
            }
            "microsoft.containerservice/managedclusters" => {
                inventory.clusters.push(decoded::<ManagedCluster>(resource));
                // The emulator keeps a cluster's connections embedded; a sync lists them.
                if resource["properties"]["privateEndpointConnections"].is_array() {
                    inventory.paas.push(decoded::<PaasResource>(resource));
                }
            }
            "microsoft.cdn/profiles" => {
                inventory
                    .profiles
                    .push(decoded::<FrontDoorProfile>(resource));
            }
            "microsoft.cdn/profiles/afdendpoints" => {
                inventory
                    .afd_endpoints
                    .push(decoded::<AfdEndpoint>(resource));
            }
            "microsoft.cdn/profiles/origingroups" => {
                inventory
                    .origin_groups
                    .push(decoded::<OriginGroup>(resource));
            }
            "microsoft.cdn/profiles/origingroups/origins" => {
                inventory.origins.push(decoded::<Origin>(resource));
            }
            other if crate::arm::models::paas_type(other).is_some() => {
                inventory.paas.push(decoded::<PaasResource>(resource));
            }
            other => panic!("the estate has a resource type the join test ignores: {other}"),
        }
    }
    for (owner, group) in zone_groups {
        if let Some(endpoint) = endpoints.iter_mut().find(|e| e.id == owner) {
            endpoint
                .zone_groups
                .get_or_insert_with(Vec::new)
                .push(group);
        }
    }
    for endpoint in endpoints {
        inventory.endpoints.push(endpoint);
    }
    crate::arm::models::attach_links(&mut zones, links);
    for zone in zones {
        inventory.dns_zones.push(zone);
    }
    let mut statuses = Vec::new();
    for value in &doc.subscriptions {
        let subscription = decoded::<Subscription>(value);
        let health = if denied.contains(&subscription.id) {
            SubscriptionHealth::Failed {
                error: "AuthorizationFailed: the client has no read access".into(),
                code: Some("AuthorizationFailed".into()),
            }
        } else {
            SubscriptionHealth::Ok { synced_at: now }
        };
        let mut entry = status(&subscription.subscription_id, health);
        entry.display_name.clone_from(&subscription.display_name);
        statuses.push(entry);
        inventory.subscriptions.push(subscription);
    }
    (inventory, statuses)
}

/// A subscription's status, its display name its GUID.
fn status(subscription_id: &str, health: SubscriptionHealth) -> SubscriptionStatus {
    SubscriptionStatus {
        subscription_id: subscription_id.into(),
        display_name: subscription_id.into(),
        health,
        decode_failures: Vec::new(),
    }
}

/// The demo estate as read, with its 'now'.
fn demo_read() -> (Inventory, Vec<SubscriptionStatus>) {
    read(&emulator::estate::demo::demo(), demo_now())
}

/// The demo joined with `settings`.
fn demo_joined(settings: &FindingSettings) -> JoinedChains {
    let (inventory, statuses) = demo_read();
    join(&inventory, &statuses, demo_now(), settings)
}

/// The chain of the service named `name`.
fn chain<'g>(joined: &'g JoinedChains, name: &str) -> &'g ServiceChain {
    joined
        .chains
        .iter()
        .find(|chain| chain.service.name() == name)
        .unwrap_or_else(|| panic!("no chain for {name}"))
}

/// The connection of `chain` whose private endpoint is named `endpoint`.
fn connection<'c>(chain: &'c ServiceChain, endpoint: &str) -> &'c ConnectionLink {
    chain
        .connections
        .iter()
        .find(|link| link.private_endpoint.as_ref().map(ResourceId::name) == Some(endpoint))
        .unwrap_or_else(|| panic!("{} has no connection from {endpoint}", chain.name))
}

/// Every connection id in the joined chains.
fn connection_count(joined: &JoinedChains) -> usize {
    joined.chains.iter().map(|c| c.connections.len()).sum()
}

/// How many connections in the joined chains have a consumer that `kind` accepts.
fn consumers(joined: &JoinedChains, kind: fn(&Consumer) -> bool) -> usize {
    joined
        .chains
        .iter()
        .flat_map(|c| &c.connections)
        .filter(|link| kind(&link.consumer))
        .count()
}
