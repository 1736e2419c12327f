//! Reading the inventory through Azure Resource Graph, Azure's query service (the drawing is the
//! chain graph, `crate::chain`): one query per batch of at most 300 subscriptions, `$skipToken`
//! pages of 1,000 rows, rows decoded by type into each subscription's share. For tenants with
//! hundreds of subscriptions this is a few requests instead of thousands. Used by `sync` (its
//! Resource Graph mode) and `offline`.
//!
//! What Resource Graph does not give: `etag` and `systemData` (so no request ages), and it leaves
//! out subscriptions the principal cannot read without saying so.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::fetch::Fetched;
use crate::arm::models::{
    AfdEndpoint, FrontDoorProfile, LoadBalancer, ManagedCluster, Origin, OriginGroup,
    PrivateEndpoint, PrivateLinkService,
};
use crate::arm::{ArmClient, ArmError};

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

/// The query: every resource of those types, with the columns the models read.
pub fn query() -> String {
    let types: Vec<String> = TYPES.iter().map(|t| format!("'{t}'")).collect();
    format!(
        "resources | where type in~ ({}) | project id, name, type, location, tags, properties, sku, kind",
        types.join(", ")
    )
}

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
        for (subscription, part) in by_subscription(data) {
            fetched.entry(subscription).or_default().merge(part);
        }
        token = page["$skipToken"]
            .as_str()
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
        if token.is_none() {
            return Ok(fetched);
        }
    }
}

/// Splits rows by subscription (lower-cased GUID) and decodes each by its type.
pub fn by_subscription(rows: &[Value]) -> HashMap<String, Fetched> {
    let mut grouped: HashMap<String, HashMap<&'static str, Vec<Value>>> = HashMap::new();
    for row in rows {
        let (Some(id), Some(kind)) = (row["id"].as_str(), row["type"].as_str()) else {
            continue;
        };
        let Some(subscription) = id.split('/').nth(2) else {
            continue;
        };
        let Some(known) = TYPES.iter().find(|t| t.eq_ignore_ascii_case(kind)) else {
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
            fetched.inventory.endpoints = fetched.take::<PrivateEndpoint>(&pe).into();
            fetched.inventory.load_balancers = fetched.take::<LoadBalancer>(&lb).into();
            fetched.inventory.clusters = fetched.take::<ManagedCluster>(&aks).into();
            fetched.inventory.profiles = fetched.take::<FrontDoorProfile>(&profiles).into();
            fetched.inventory.afd_endpoints = fetched.take::<AfdEndpoint>(&endpoints).into();
            fetched.inventory.origin_groups = fetched.take::<OriginGroup>(&groups).into();
            fetched.inventory.origins = fetched.take::<Origin>(&origins).into();
            (subscription, fetched)
        })
        .collect()
}
