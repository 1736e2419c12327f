//! Reading private DNS through ARM, for both sync modes: each zone's virtual network links
//! (`{zone}/virtualNetworkLinks`) and the DNS zone groups (`{endpoint}/privateDnsZoneGroups`) of
//! the endpoints the DNS checks cover (`join::dns::is_checked`: those to PaaS targets), which no
//! list or Resource Graph table holds. A few per subscription: most endpoints reach private link
//! services, which have no zone.

use futures::{StreamExt, TryStreamExt, stream};
use serde_json::Value;

use super::fetch::{Fetched, NETWORK_API};
use super::join::dns::is_checked;
use crate::arm::models::{
    DnsZoneGroup, PRIVATE_DNS_API, PrivateDnsZone, PrivateEndpoint, ZoneLink, attach_links,
};
use crate::arm::{ArmClient, ArmError};

/// Per-resource DNS lists read at once within one subscription.
const DNS_LIST_CONCURRENCY: usize = 4;

/// The zones with their links.
pub(super) async fn with_links(
    client: &ArmClient,
    mut zones: Vec<PrivateDnsZone>,
    fetched: &mut Fetched,
) -> Result<Vec<PrivateDnsZone>, ArmError> {
    let paths: Vec<String> = zones
        .iter()
        .map(|z| format!("{}/virtualNetworkLinks", z.id))
        .collect();
    let pages: Vec<Vec<Value>> = stream::iter(paths)
        .map(|path| {
            let client = client.clone();
            async move { client.list(&path, PRIVATE_DNS_API).await }
        })
        .buffer_unordered(DNS_LIST_CONCURRENCY)
        .try_collect()
        .await?;
    let links: Vec<ZoneLink> = pages
        .iter()
        .flat_map(|values| fetched.take::<ZoneLink>(values))
        .collect();
    attach_links(&mut zones, links);
    Ok(zones)
}

/// The endpoints, those the DNS checks cover with their zone groups.
pub(super) async fn with_zone_groups(
    client: &ArmClient,
    endpoints: Vec<PrivateEndpoint>,
    fetched: &mut Fetched,
) -> Result<Vec<PrivateEndpoint>, ArmError> {
    let read: Vec<(PrivateEndpoint, Option<Vec<Value>>)> = stream::iter(endpoints)
        .map(|endpoint| {
            let client = client.clone();
            async move {
                if endpoint.zone_groups.is_some() || !is_checked(&endpoint) {
                    return Ok((endpoint, None));
                }
                let path = format!("{}/privateDnsZoneGroups", endpoint.id);
                let values = client.list(&path, NETWORK_API).await?;
                Ok::<_, ArmError>((endpoint, Some(values)))
            }
        })
        .buffer_unordered(DNS_LIST_CONCURRENCY)
        .try_collect()
        .await?;
    Ok(read
        .into_iter()
        .map(|(mut endpoint, values)| {
            if let Some(values) = values {
                endpoint.zone_groups = Some(fetched.take::<DnsZoneGroup>(&values));
            }
            endpoint
        })
        .collect())
}
