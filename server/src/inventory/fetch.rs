//! Reading one subscription through ARM lists: PLSs, PEs, load balancers, AKS clusters, Front
//! Door profiles → endpoints and origin groups → origins, and the PaaS resources of
//! `PAAS_TYPES` with their connections (embedded in the list, or listed per Web app and per
//! private AKS cluster), and private DNS zones with their links and the zone groups of
//! endpoints to PaaS targets (`dns_reads`). The optional types (AKS, Front Door, PaaS, DNS
//! zones) are listed only when the subscription's `census` finds them. Undecodable resources
//! are reported. A PaaS provider the subscription has not registered reads as none of its
//! resources.

use std::sync::{Mutex, PoisonError};

use futures::{StreamExt, TryStreamExt, stream};
use serde_json::Value;

use super::Inventory;
use super::census::{self, Census};
use crate::arm::models::{
    AfdEndpoint, Decoded, FromArm, FrontDoorProfile, LoadBalancer, ManagedCluster, Origin,
    OriginGroup, PAAS_TYPES, PRIVATE_DNS_API, PRIVATE_DNS_TYPE, PaasResource, PrivateDnsZone,
    PrivateEndpoint, PrivateLinkService, ResourceConnection, Subscription, decode_all,
    decoding_with,
};
use crate::arm::{ArmClient, ArmError, IdPool};

/// api-version of Microsoft.Network calls.
pub const NETWORK_API: &str = "2024-05-01";
/// api-version of Microsoft.ContainerService calls.
pub const AKS_API: &str = "2024-05-01";
/// api-version of Microsoft.Cdn (Front Door) calls.
pub const CDN_API: &str = "2024-09-01";
/// api-version of subscription and resource group calls.
pub const RESOURCES_API: &str = "2022-12-01";

/// Profiles read at once within one subscription.
const PROFILE_CONCURRENCY: usize = 4;
/// Per-resource connection lists (Web apps, private clusters) read at once in one subscription.
const CONNECTION_LIST_CONCURRENCY: usize = 4;
/// ARM's codes for a provider the subscription has not registered (or does not know).
const UNREGISTERED: [&str; 3] = [
    "MissingSubscriptionRegistration",
    "NoRegisteredProviderFound",
    "InvalidResourceNamespace",
];

/// What one subscription's read produced.
#[derive(Debug, Default)]
pub struct Fetched {
    /// Its resources.
    pub inventory: Inventory,
    /// `"<kind> <id>: <reason>"` for each resource that could not be decoded.
    pub failures: Vec<String>,
}

impl Fetched {
    /// Adds another part of the same subscription.
    pub fn merge(&mut self, other: Fetched) {
        self.inventory.extend(other.inventory);
        self.failures.extend(other.failures);
    }

    /// Decodes values, recording the failures.
    pub fn take<T: FromArm>(&mut self, values: &[Value]) -> Vec<T> {
        self.keep(decode_all::<T>(values))
    }

    /// The decoded items, recording the failures.
    pub fn keep<T: FromArm>(&mut self, decoded: Decoded<T>) -> Vec<T> {
        for failure in decoded.failures {
            tracing::warn!(kind = T::KIND, error = %failure, "a resource could not be decoded");
            self.failures.push(failure.to_string());
        }
        decoded.items
    }
}

/// The subscriptions the principal can see.
pub async fn subscriptions(
    client: &ArmClient,
) -> Result<(Vec<Subscription>, Vec<String>), ArmError> {
    let values = client.list("/subscriptions", RESOURCES_API).await?;
    let mut fetched = Fetched::default();
    let subscriptions = fetched.take::<Subscription>(&values);
    Ok((subscriptions, fetched.failures))
}

/// Everything of one subscription; the first failing list fails the subscription.
#[tracing::instrument(skip(client))]
pub async fn subscription(client: &ArmClient, subscription: &str) -> Result<Fetched, ArmError> {
    let base = format!("/subscriptions/{subscription}/providers");
    let paths = [
        format!("{base}/Microsoft.Network/privateLinkServices"),
        format!("{base}/Microsoft.Network/privateEndpoints"),
        format!("{base}/Microsoft.Network/loadBalancers"),
        format!("{base}/Microsoft.ContainerService/managedClusters"),
        format!("{base}/Microsoft.Cdn/profiles"),
        format!("{base}/Microsoft.Network/privateDnsZones"),
    ];
    let pool = Mutex::new(IdPool::default());
    // The census runs beside the lists every subscription needs; the optional lists wait for it.
    let optional = async {
        let census = census::take(client, subscription).await;
        futures::try_join!(
            read_if(
                census.holds(CLUSTER_TYPE),
                read::<ManagedCluster>(client, &paths[3], AKS_API, &pool)
            ),
            read_if(
                census.holds(census::PROFILE_TYPE),
                read::<FrontDoorProfile>(client, &paths[4], CDN_API, &pool)
            ),
            paas_resources(client, subscription, &pool, &census),
            read_if(
                census.holds(PRIVATE_DNS_TYPE),
                read::<PrivateDnsZone>(client, &paths[5], PRIVATE_DNS_API, &pool)
            ),
        )
    };
    let ((services, endpoints, balancers), (clusters, profiles, paas, zones)) = futures::try_join!(
        async {
            futures::try_join!(
                read::<PrivateLinkService>(client, &paths[0], NETWORK_API, &pool),
                read::<PrivateEndpoint>(client, &paths[1], NETWORK_API, &pool),
                read::<LoadBalancer>(client, &paths[2], NETWORK_API, &pool),
            )
        },
        optional,
    )?;
    drop(pool);
    let mut fetched = Fetched::default();
    let clusters: Vec<ManagedCluster> = fetched.keep(clusters);
    let mut paas = fetched.keep(paas);
    paas.extend(private_clusters(&clusters));
    let paas = listed_connections(client, paas, &mut fetched).await?;
    let zones = fetched.keep(zones);
    let zones = super::dns_reads::with_links(client, zones, &mut fetched).await?;
    let endpoints = fetched.keep(endpoints);
    let endpoints = super::dns_reads::with_zone_groups(client, endpoints, &mut fetched).await?;
    let profiles: Vec<FrontDoorProfile> = fetched.keep(profiles);
    let front_door: Vec<&FrontDoorProfile> = profiles.iter().filter(|p| is_front_door(p)).collect();
    let profile_ids: Vec<String> = front_door.iter().map(|p| p.id.to_string()).collect();
    let children: Vec<(Vec<Value>, Vec<Value>, Vec<Value>)> = stream::iter(profile_ids)
        .map(|id| {
            let client = client.clone();
            async move { profile_children(&client, &id).await }
        })
        .buffer_unordered(PROFILE_CONCURRENCY)
        .try_collect()
        .await?;
    let inventory = Inventory {
        services: fetched.keep(services).into(),
        endpoints: endpoints.into(),
        load_balancers: fetched.keep(balancers).into(),
        clusters: clusters.into(),
        paas: paas.into(),
        dns_zones: zones.into(),
        ..Inventory::default()
    };
    fetched.inventory = inventory;
    for (afd_endpoints, groups, origins) in children {
        let afd_endpoints = fetched.take::<AfdEndpoint>(&afd_endpoints);
        let groups = fetched.take::<OriginGroup>(&groups);
        let origins = fetched.take::<Origin>(&origins);
        fetched.inventory.afd_endpoints.extend(afd_endpoints);
        fetched.inventory.origin_groups.extend(groups);
        fetched.inventory.origins.extend(origins);
    }
    fetched.inventory.profiles = profiles.into();
    Ok(fetched)
}

/// Lists `path`, decoding each page as it arrives: only one page's JSON is held at a time
/// (a subscription's whole list as JSON is many times its decoded size).
/// Equal ids share one text through `pool` (the subscription's lists share one).
async fn read<T: FromArm>(
    client: &ArmClient,
    path: &str,
    api_version: &str,
    pool: &Mutex<IdPool>,
) -> Result<Decoded<T>, ArmError> {
    let mut pages = std::pin::pin!(client.pages(path, api_version));
    let mut all = Decoded::default();
    while let Some(page) = pages.try_next().await? {
        let decoded = {
            let mut pool = pool.lock().unwrap_or_else(PoisonError::into_inner);
            decoding_with(&mut pool, || decode_all::<T>(&page))
        };
        all.items.extend(decoded.items);
        all.failures.extend(decoded.failures);
    }
    Ok(all)
}

/// A list the census says the subscription may hold; an empty one (and no request) otherwise.
async fn read_if<T: FromArm>(
    holds: bool,
    list: impl Future<Output = Result<Decoded<T>, ArmError>>,
) -> Result<Decoded<T>, ArmError> {
    if holds {
        list.await
    } else {
        Ok(Decoded::default())
    }
}

/// The PaaS resources of the types in `PAAS_TYPES` the census found, but AKS (whose clusters
/// are read above).
async fn paas_resources(
    client: &ArmClient,
    subscription: &str,
    pool: &Mutex<IdPool>,
    census: &Census,
) -> Result<Decoded<PaasResource>, ArmError> {
    let lists = PAAS_TYPES
        .iter()
        .filter(|t| !t.resource_type.eq_ignore_ascii_case(CLUSTER_TYPE))
        .filter(|t| census.holds(t.resource_type))
        .map(|kind| async move {
            let path = format!(
                "/subscriptions/{subscription}/providers/{}",
                kind.resource_type
            );
            match read::<PaasResource>(client, &path, kind.api_version, pool).await {
                Err(error) if error.code().is_some_and(|c| UNREGISTERED.contains(&c)) => {
                    Ok(Decoded::default())
                }
                other => other,
            }
        });
    let mut all = Decoded::default();
    for decoded in futures::future::try_join_all(lists).await? {
        all.items.extend(decoded.items);
        all.failures.extend(decoded.failures);
    }
    Ok(all)
}

const CLUSTER_TYPE: &str = "Microsoft.ContainerService/managedClusters";

/// A private cluster holds its API server's connection; its list is read below.
pub(super) fn private_clusters(
    clusters: &[ManagedCluster],
) -> impl Iterator<Item = PaasResource> + '_ {
    clusters
        .iter()
        .filter(|c| c.private_cluster)
        .map(|cluster| PaasResource {
            id: cluster.id.clone(),
            name: cluster.name.clone(),
            location: cluster.location.clone(),
            etag: None,
            public_access: crate::arm::models::PublicAccess::Unknown,
            connections: Vec::new(),
        })
}

/// Reads `{id}/privateEndpointConnections` of each resource whose type does not embed them.
pub(super) async fn listed_connections(
    client: &ArmClient,
    resources: Vec<PaasResource>,
    fetched: &mut Fetched,
) -> Result<Vec<PaasResource>, ArmError> {
    let read: Vec<(PaasResource, Vec<Value>)> = stream::iter(resources)
        .map(|resource| {
            let client = client.clone();
            async move {
                let Some(kind) = resource.paas_type().filter(|t| !t.embeds_connections) else {
                    return Ok((resource, Vec::new()));
                };
                let path = format!("{}/privateEndpointConnections", resource.id);
                let values = client.list(&path, kind.api_version).await?;
                Ok::<_, ArmError>((resource, values))
            }
        })
        .buffer_unordered(CONNECTION_LIST_CONCURRENCY)
        .try_collect()
        .await?;
    Ok(read
        .into_iter()
        .map(|(mut resource, values)| {
            if !values.is_empty() {
                let connections = fetched.take::<ResourceConnection>(&values);
                resource.set_listed(connections);
            }
            resource
        })
        .collect())
}

/// Front Door Standard/Premium (not classic CDN): the only profiles with origins to a PLS.
fn is_front_door(profile: &FrontDoorProfile) -> bool {
    profile
        .kind
        .as_deref()
        .is_some_and(|k| k.eq_ignore_ascii_case("frontdoor"))
        || profile
            .sku
            .as_deref()
            .is_some_and(|s| s.ends_with("_AzureFrontDoor"))
}

async fn profile_children(
    client: &ArmClient,
    profile: &str,
) -> Result<(Vec<Value>, Vec<Value>, Vec<Value>), ArmError> {
    let (endpoints_path, groups_path) = (
        format!("{profile}/afdEndpoints"),
        format!("{profile}/originGroups"),
    );
    let (endpoints, groups) = futures::try_join!(
        client.list(&endpoints_path, CDN_API),
        client.list(&groups_path, CDN_API),
    )?;
    let mut origins = Vec::new();
    for group in &groups {
        if let Some(id) = group["id"].as_str() {
            origins.extend(client.list(&format!("{id}/origins"), CDN_API).await?);
        }
    }
    Ok((endpoints, groups, origins))
}
