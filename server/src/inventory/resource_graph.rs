//! Reading the inventory through Azure Resource Graph, Azure's query service (the drawing is the
//! chain graph, `crate::chain`): one query per batch of at most 300 subscriptions, `$skipToken`
//! pages of 1,000 rows, rows decoded by type into each subscription's share. For tenants with
//! hundreds of subscriptions this is a few requests instead of thousands. Used by `sync` (its
//! Resource Graph mode) and `offline`.
//!
//! PaaS resources come in the same query: those of `PAAS_TYPES` whose
//! `properties.privateEndpointConnections` is not empty, and every Web app (whose connections,
//! like a private cluster's, are then listed through ARM, as the ARM mode does).
//!
//! Private DNS zones and their links come in the query as well; endpoints' DNS zone groups are
//! not in Resource Graph and are listed through ARM for the endpoints the DNS checks cover.
//!
//! What Resource Graph does not give: `etag` and `systemData` (so no request ages), and it leaves
//! out subscriptions the principal cannot read without saying so.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::fetch::Fetched;
use crate::arm::models::{
    AfdEndpoint, DnsZoneGroup, FrontDoorProfile, LoadBalancer, ManagedCluster, Origin, OriginGroup,
    PAAS_TYPES, PaasResource, PrivateDnsZone, PrivateEndpoint, PrivateLinkService, ZoneLink,
    attach_links,
};
use crate::arm::{ArmClient, ArmError, ResourceId};

/// api-version of Resource Graph.
pub const GRAPH_API: &str = "2024-04-01";
/// Subscriptions per query, ARG's guidance.
pub const BATCH: usize = 300;
/// Rows per page, ARG's maximum.
const PAGE: u64 = 1000;

/// The types the dashboard needs, as Resource Graph spells them (lower case).
const TYPES: [&str; 8] = [
    "microsoft.network/privatelinkservices",
    "microsoft.network/privateendpoints",
    "microsoft.network/loadbalancers",
    "microsoft.containerservice/managedclusters",
    "microsoft.cdn/profiles",
    "microsoft.cdn/profiles/afdendpoints",
    "microsoft.cdn/profiles/origingroups",
    "microsoft.cdn/profiles/origingroups/origins",
];

/// Private DNS zones and their links, in the query too.
const ZONES: &str = "microsoft.network/privatednszones";
const LINKS: &str = "microsoft.network/privatednszones/virtualnetworklinks";
/// Endpoints' DNS zone groups: not in Resource Graph (listed through ARM), but in an estate file.
const ZONE_GROUPS: &str = "microsoft.network/privateendpoints/privatednszonegroups";

/// The query: every resource of those types and the PaaS resources (see the module docs),
/// with the columns the models read.
pub fn query() -> String {
    let quoted = |types: &mut dyn Iterator<Item = String>| {
        types
            .map(|t| format!("'{t}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let types = quoted(
        &mut TYPES
            .iter()
            .chain([&ZONES, &LINKS])
            .map(|t| (*t).to_owned()),
    );
    let embedding = quoted(
        &mut PAAS_TYPES
            .iter()
            .filter(|t| t.embeds_connections)
            .map(|t| t.resource_type.to_ascii_lowercase()),
    );
    let listing = quoted(
        &mut PAAS_TYPES
            .iter()
            .filter(|t| !t.embeds_connections && !t.resource_type.eq_ignore_ascii_case(CLUSTERS))
            .map(|t| t.resource_type.to_ascii_lowercase()),
    );
    format!(
        "resources | where type in~ ({types}) or (type in~ ({embedding}) and \
         array_length(properties.privateEndpointConnections) > 0) or type in~ ({listing}) \
         | project id, name, type, location, tags, properties, sku, kind"
    )
}

const CLUSTERS: &str = "Microsoft.ContainerService/managedClusters";
/// The group of rows of any PaaS type.
const PAAS: &str = "paas";

/// One batch of subscriptions, following `$skipToken`; each page is decoded as it arrives so
/// the raw rows of a large tenant are never all held at once.
pub async fn batch(
    client: &ArmClient,
    subscriptions: &[String],
) -> Result<HashMap<String, Fetched>, ArmError> {
    let query = query();
    let mut fetched: HashMap<String, Fetched> = HashMap::new();
    let mut token: Option<String> = None;
    loop {
        let mut options = json!({ "$top": PAGE, "resultFormat": "objectArray" });
        if let Some(token) = &token {
            options["$skipToken"] = json!(token);
        }
        let body = json!({ "subscriptions": subscriptions, "query": query, "options": options });
        let page = client
            .post(
                "/providers/Microsoft.ResourceGraph/resources",
                GRAPH_API,
                body,
            )
            .await?;
        let Some(data) = page["data"].as_array() else {
            return Err(ArmError::Decode {
                url: "/providers/Microsoft.ResourceGraph/resources".into(),
                message: "an answer without a `data` array".into(),
            });
        };
        for (subscription, part) in by_subscription(data, false) {
            fetched.entry(subscription).or_default().merge(part);
        }
        token = page["$skipToken"]
            .as_str()
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    // What Resource Graph does not hold: the connections of Web apps and private clusters.
    for part in fetched.values_mut() {
        let clusters: Vec<ManagedCluster> = part.inventory.clusters.iter().cloned().collect();
        let mut paas: Vec<PaasResource> = std::mem::take(&mut part.inventory.paas)
            .iter()
            .cloned()
            .collect();
        let missing: Vec<PaasResource> = super::fetch::private_clusters(&clusters)
            .filter(|c| !paas.iter().any(|p| p.id == c.id))
            .collect();
        paas.extend(missing);
        let paas = super::fetch::listed_connections(client, paas, part).await?;
        part.inventory.paas = paas.into();
        let endpoints: Vec<PrivateEndpoint> = std::mem::take(&mut part.inventory.endpoints)
            .iter()
            .cloned()
            .collect();
        let endpoints = super::dns_reads::with_zone_groups(client, endpoints, part).await?;
        part.inventory.endpoints = endpoints.into();
    }
    Ok(fetched)
}

/// Whether a row is a PaaS resource of `PAAS_TYPES`.
fn is_paas(kind: &str) -> bool {
    crate::arm::models::paas_type(kind).is_some()
}

/// Splits rows by subscription (lower-cased GUID) and decodes each by its type.
/// `all_zone_groups`: the rows hold every zone group (an estate file), so a checked endpoint
/// without one has none; otherwise (Resource Graph) they are read through ARM afterwards.
pub fn by_subscription(rows: &[Value], all_zone_groups: bool) -> HashMap<String, Fetched> {
    let mut grouped: HashMap<String, HashMap<&'static str, Vec<Value>>> = HashMap::new();
    for row in rows {
        let (Some(id), Some(kind)) = (row["id"].as_str(), row["type"].as_str()) else {
            continue;
        };
        let Some(subscription) = id.split('/').nth(2) else {
            continue;
        };
        let known = TYPES
            .iter()
            .chain([&ZONES, &LINKS, &ZONE_GROUPS])
            .find(|t| t.eq_ignore_ascii_case(kind))
            .copied()
            .or_else(|| is_paas(kind).then_some(PAAS));
        let Some(known) = known else {
            continue;
        };
        grouped
            .entry(subscription.to_ascii_lowercase())
            .or_default()
            .entry(known)
            .or_default()
            .push(row.clone());
    }
    grouped
        .into_iter()
        .map(|(subscription, mut rows)| {
            let mut fetched = Fetched::default();
            let mut take = |kind: &str| rows.remove(kind).unwrap_or_default();
            let (pls, pe, lb, aks, profiles, endpoints, groups, origins) = (
                take(TYPES[0]),
                take(TYPES[1]),
                take(TYPES[2]),
                take(TYPES[3]),
                take(TYPES[4]),
                take(TYPES[5]),
                take(TYPES[6]),
                take(TYPES[7]),
            );
            fetched.inventory.services = fetched.take::<PrivateLinkService>(&pls).into();
            let mut decoded = fetched.take::<PrivateEndpoint>(&pe);
            let zone_group_rows = take(ZONE_GROUPS);
            attach_zone_groups(
                &mut decoded,
                &zone_group_rows,
                &mut fetched,
                all_zone_groups,
            );
            fetched.inventory.endpoints = decoded.into();
            fetched.inventory.load_balancers = fetched.take::<LoadBalancer>(&lb).into();
            fetched.inventory.clusters = fetched.take::<ManagedCluster>(&aks).into();
            // A cluster row that carries its connections (an estate file's) is a PaaS row too.
            let holding: Vec<Value> = aks
                .iter()
                .filter(|r| r["properties"]["privateEndpointConnections"].is_array())
                .cloned()
                .collect();
            fetched.inventory.profiles = fetched.take::<FrontDoorProfile>(&profiles).into();
            fetched.inventory.afd_endpoints = fetched.take::<AfdEndpoint>(&endpoints).into();
            fetched.inventory.origin_groups = fetched.take::<OriginGroup>(&groups).into();
            fetched.inventory.origins = fetched.take::<Origin>(&origins).into();
            let mut paas = take(PAAS);
            paas.extend(holding);
            fetched.inventory.paas = fetched.take::<PaasResource>(&paas).into();
            let mut zones = fetched.take::<PrivateDnsZone>(&take(ZONES));
            attach_links(&mut zones, fetched.take::<ZoneLink>(&take(LINKS)));
            fetched.inventory.dns_zones = zones.into();
            (subscription, fetched)
        })
        .collect()
}

/// Puts zone group rows under the endpoint their id names (an estate file's ids are right);
/// with `all`, a checked endpoint without a row has none.
fn attach_zone_groups(
    endpoints: &mut [PrivateEndpoint],
    rows: &[Value],
    fetched: &mut Fetched,
    all: bool,
) {
    if all {
        for endpoint in endpoints.iter_mut() {
            if crate::inventory::join::dns::is_checked(endpoint) {
                endpoint.zone_groups = Some(Vec::new());
            }
        }
    }
    let groups = fetched.take::<DnsZoneGroup>(rows);
    for (row, group) in rows.iter().zip(groups) {
        let parent = row["id"]
            .as_str()
            .and_then(|id| ResourceId::parse(id).ok())
            .and_then(|id| id.parent());
        let Some(parent) = parent else {
            continue;
        };
        if let Some(endpoint) = endpoints.iter_mut().find(|e| e.id == parent) {
            endpoint
                .zone_groups
                .get_or_insert_with(Vec::new)
                .push(group);
        }
    }
}
