//! The emulator's demo estate decodes with no failures, and its story holds in the typed view:
//! the Front Door origin names the PLS its pending connection is on, AKS's API-server PLS is
//! where the `kube-apiserver` endpoint points.

use emulator::estate::demo::{self, MY_PLS_ID, PENDING_ORIGIN_ID};

use super::*;
use crate::arm::models::paas_type;

/// The demo's resources, typed.
#[derive(Default)]
struct Typed {
    services: Vec<PrivateLinkService>,
    endpoints: Vec<PrivateEndpoint>,
    balancers: Vec<LoadBalancer>,
    clusters: Vec<ManagedCluster>,
    profiles: Vec<FrontDoorProfile>,
    afd_endpoints: Vec<AfdEndpoint>,
    groups: Vec<OriginGroup>,
    origins: Vec<Origin>,
    paas_connections: Vec<ResourceConnection>,
    zones: Vec<PrivateDnsZone>,
    links: Vec<ZoneLink>,
    zone_groups: Vec<DnsZoneGroup>,
    failures: Vec<DecodeError>,
}

impl Typed {
    fn keep<T>(&mut self, result: Result<T, DecodeError>, into: fn(&mut Self) -> &mut Vec<T>) {
        match result {
            Ok(item) => into(self).push(item),
            Err(error) => self.failures.push(error),
        }
    }
}

/// Decodes every demo resource by its `type`.
fn typed() -> Typed {
    let mut typed = Typed::default();
    for resource in demo::demo().resources {
        let kind = resource["type"]
            .as_str()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match kind.as_str() {
            "microsoft.network/privatelinkservices" => {
                typed.keep(PrivateLinkService::from_arm(&resource), |t| &mut t.services);
            }
            "microsoft.network/privateendpoints" => {
                typed.keep(PrivateEndpoint::from_arm(&resource), |t| &mut t.endpoints);
            }
            "microsoft.network/loadbalancers" => {
                typed.keep(LoadBalancer::from_arm(&resource), |t| &mut t.balancers);
            }
            "microsoft.containerservice/managedclusters" => {
                typed.keep(ManagedCluster::from_arm(&resource), |t| &mut t.clusters);
                let decoded = ResourceConnection::of_resource(&resource);
                typed.paas_connections.extend(decoded.items);
                typed.failures.extend(decoded.failures);
            }
            "microsoft.cdn/profiles" => {
                typed.keep(FrontDoorProfile::from_arm(&resource), |t| &mut t.profiles);
            }
            "microsoft.cdn/profiles/afdendpoints" => {
                typed.keep(AfdEndpoint::from_arm(&resource), |t| &mut t.afd_endpoints);
            }
            "microsoft.cdn/profiles/origingroups" => {
                typed.keep(OriginGroup::from_arm(&resource), |t| &mut t.groups);
            }
            "microsoft.cdn/profiles/origingroups/origins" => {
                typed.keep(Origin::from_arm(&resource), |t| &mut t.origins);
            }
            other if paas_type(other).is_some() => {
                let decoded = ResourceConnection::of_resource(&resource);
                typed.paas_connections.extend(decoded.items);
                typed.failures.extend(decoded.failures);
            }
            "microsoft.network/privatednszones" => {
                typed.keep(PrivateDnsZone::from_arm(&resource), |t| &mut t.zones);
            }
            "microsoft.network/privatednszones/virtualnetworklinks" => {
                typed.keep(ZoneLink::from_arm(&resource), |t| &mut t.links);
            }
            "microsoft.network/privateendpoints/privatednszonegroups" => {
                typed.keep(DnsZoneGroup::from_arm(&resource), |t| &mut t.zone_groups);
            }
            other => panic!("the demo has a resource type the models do not cover: {other}"),
        }
    }
    typed
}

#[test]
fn the_demo_estate_decodes_with_no_failures() {
    let typed = typed();
    assert_eq!(typed.failures, vec![]);
    let subscriptions = decode_all::<Subscription>(&demo::demo().subscriptions);
    assert_eq!(subscriptions.failures, vec![]);
    assert_eq!(subscriptions.items.len(), 5);
    for (kind, count) in [
        ("services", typed.services.len()),
        ("endpoints", typed.endpoints.len()),
        ("balancers", typed.balancers.len()),
        ("clusters", typed.clusters.len()),
        ("profiles", typed.profiles.len()),
        ("afd endpoints", typed.afd_endpoints.len()),
        ("origin groups", typed.groups.len()),
        ("origins", typed.origins.len()),
        ("paas connections", typed.paas_connections.len()),
        ("private DNS zones", typed.zones.len()),
        ("zone links", typed.links.len()),
        ("zone groups", typed.zone_groups.len()),
    ] {
        assert!(count > 0, "the demo has {kind}");
    }
}

#[test]
fn the_pending_front_door_connection_is_found_through_its_origin() {
    let typed = typed();
    let my_pls = id(MY_PLS_ID);
    let origin = typed.origins.iter().find(|o| o.id == id(PENDING_ORIGIN_ID));
    let link = origin
        .and_then(|o| o.shared_private_link.as_ref())
        .expect("the origin links");
    assert_eq!(link.target.as_ref(), Some(&my_pls));
    assert_eq!(link.status, Some(ConnectionStatus::Pending));
    assert!(origin.and_then(|o| o.created_at.as_ref()).is_some());
    let pls = typed
        .services
        .iter()
        .find(|s| s.id == my_pls)
        .expect("myPLS decodes");
    let pending = pls.connections.iter().find(|c| {
        c.state.status == ConnectionStatus::Pending
            && Some(&c.state.description) == link.request_message.as_ref()
    });
    let endpoint = pending
        .and_then(|c| c.private_endpoint.as_ref())
        .expect("a pending AFD connection");
    assert!(
        endpoint
            .resource_group()
            .is_some_and(|rg| rg.starts_with("eafd-Prod-"))
    );
    assert!(pls.tags.contains_key("k8s-azure-owner-service"));
    let frontend = &pls.frontend_ids[0];
    let balancer = typed
        .balancers
        .iter()
        .find(|lb| lb.frontends.iter().any(|f| &f.id == frontend));
    assert_eq!(
        balancer.map(|lb| lb.name.as_str()),
        Some("kubernetes-internal")
    );
}

#[test]
fn the_private_clusters_endpoint_targets_its_api_server_pls() {
    let typed = typed();
    let private = typed
        .clusters
        .iter()
        .find(|c| c.private_cluster)
        .expect("a private cluster");
    let pls = private.api_server_pls.as_ref().expect("its API-server PLS");
    let kube_apiserver = typed.endpoints.iter().find(|e| e.name == "kube-apiserver");
    let target = kube_apiserver.and_then(|e| e.connections[0].target.as_ref());
    assert_eq!(target, Some(pls));
    assert!(kube_apiserver.is_some_and(|e| e.created_at.is_some()));
    assert_ne!(pls.subscription_id(), private.id.subscription_id());
}
