//! Private DNS checks of our private endpoints to PaaS resources: a zone group exists, its zones
//! are the ones the target's sub-resource needs, and each zone is linked to the endpoint's
//! virtual network. `ZONES` is Microsoft's published table ("Azure Private Endpoint private DNS
//! zone values", Azure public cloud) for the PaaS types the sync reads; a `{region}` label
//! matches any one label. AKS's API server is left out: AKS keeps that zone's record itself,
//! without a zone group. Names and ids compare ignoring case. Pure.

use std::collections::HashMap;

use super::findings::Finding;
use crate::arm::ResourceId;
use crate::arm::models::{ConnectionStatus, PrivateDnsZone, PrivateEndpoint};

/// One row of the table: a resource type, its sub-resources (group ids) and their zones.
pub struct ZoneRule {
    /// The target's type, as ARM spells it in ids.
    pub resource_type: &'static str,
    /// The group ids the row covers.
    pub group_ids: &'static [&'static str],
    /// The zones names they need (any of them fits).
    pub zones: &'static [&'static str],
}

const fn rule(
    resource_type: &'static str,
    group_ids: &'static [&'static str],
    zones: &'static [&'static str],
) -> ZoneRule {
    ZoneRule {
        resource_type,
        group_ids,
        zones,
    }
}

const STORAGE: &str = "Microsoft.Storage/storageAccounts";
const COSMOS: &str = "Microsoft.DocumentDB/databaseAccounts";

/// Microsoft's table, for the PaaS types of `PAAS_TYPES`.
pub const ZONES: &[ZoneRule] = &[
    rule(
        "Microsoft.Sql/servers",
        &["sqlServer"],
        &["privatelink.database.windows.net"],
    ),
    rule(
        STORAGE,
        &["blob", "blob_secondary"],
        &["privatelink.blob.core.windows.net"],
    ),
    rule(
        STORAGE,
        &["table", "table_secondary"],
        &["privatelink.table.core.windows.net"],
    ),
    rule(
        STORAGE,
        &["queue", "queue_secondary"],
        &["privatelink.queue.core.windows.net"],
    ),
    rule(
        STORAGE,
        &["file", "file_secondary"],
        &["privatelink.file.core.windows.net"],
    ),
    rule(
        STORAGE,
        &["web", "web_secondary"],
        &["privatelink.web.core.windows.net"],
    ),
    rule(
        STORAGE,
        &["dfs", "dfs_secondary"],
        &["privatelink.dfs.core.windows.net"],
    ),
    rule(
        "Microsoft.KeyVault/vaults",
        &["vault"],
        &["privatelink.vaultcore.azure.net"],
    ),
    rule(COSMOS, &["Sql"], &["privatelink.documents.azure.com"]),
    rule(
        COSMOS,
        &["MongoDB"],
        &["privatelink.mongo.cosmos.azure.com"],
    ),
    rule(
        COSMOS,
        &["Cassandra"],
        &["privatelink.cassandra.cosmos.azure.com"],
    ),
    rule(
        COSMOS,
        &["Gremlin"],
        &["privatelink.gremlin.cosmos.azure.com"],
    ),
    rule(COSMOS, &["Table"], &["privatelink.table.cosmos.azure.com"]),
    rule(
        COSMOS,
        &["Analytical"],
        &["privatelink.analytics.cosmos.azure.com"],
    ),
    rule(
        "Microsoft.ContainerRegistry/registries",
        &["registry"],
        &[
            "privatelink.azurecr.io",
            "{region}.data.privatelink.azurecr.io",
        ],
    ),
    rule(
        "Microsoft.Web/sites",
        &["sites"],
        &["privatelink.azurewebsites.net"],
    ),
];

/// The zones a target of this type needs for `group_id`, if the table has them.
pub fn expected(target: &ResourceId, group_id: &str) -> Option<&'static [&'static str]> {
    ZONES
        .iter()
        .find(|r| {
            target.is_type(r.resource_type)
                && r.group_ids.iter().any(|g| g.eq_ignore_ascii_case(group_id))
        })
        .map(|r| r.zones)
}

/// Whether `zone` is named as `pattern` says (`{region}` stands for one label), ignoring case.
pub fn fits(zone: &str, pattern: &str) -> bool {
    let zone = zone.trim_end_matches('.');
    let (mut names, mut wanted) = (zone.split('.'), pattern.split('.'));
    loop {
        match (names.next(), wanted.next()) {
            (None, None) => return true,
            (Some(name), Some("{region}")) if !name.is_empty() => {}
            (Some(name), Some(want)) if name.eq_ignore_ascii_case(want) => {}
            _ => return false,
        }
    }
}

/// Whether the DNS checks cover an endpoint: one of its connections reaches a PaaS target whose
/// sub-resource has a zone in the table (the sync reads the zone groups of those only).
pub fn is_checked(endpoint: &PrivateEndpoint) -> bool {
    endpoint.connections.iter().any(|c| {
        c.target
            .as_ref()
            .is_some_and(|t| c.group_ids.iter().any(|g| expected(t, g).is_some()))
    })
}

/// The zones read, by id.
#[derive(Debug, Default)]
pub(crate) struct ZoneIndex<'a> {
    zones: HashMap<&'a ResourceId, &'a PrivateDnsZone>,
}

impl<'a> ZoneIndex<'a> {
    /// Indexes the zones of the inventory.
    pub(crate) fn new(zones: impl IntoIterator<Item = &'a PrivateDnsZone>) -> Self {
        Self {
            zones: zones.into_iter().map(|z| (&z.id, z)).collect(),
        }
    }
}

/// The DNS findings of one endpoint (see the module docs). Only Approved and Pending
/// connections count (the others are orphans); zone groups not read say nothing; a zone Link
/// Center cannot read (another team's subscription) is not judged for its links.
pub(crate) fn of_endpoint(endpoint: &PrivateEndpoint, zones: &ZoneIndex<'_>) -> Vec<Finding> {
    let Some(groups) = &endpoint.zone_groups else {
        return Vec::new();
    };
    let network = endpoint.subnet.as_ref().and_then(ResourceId::parent);
    let mut found = Vec::new();
    let mut checked = false;
    for connection in &endpoint.connections {
        if !matches!(
            connection.state.status,
            ConnectionStatus::Approved | ConnectionStatus::Pending
        ) {
            continue;
        }
        let Some(target) = &connection.target else {
            continue;
        };
        for group_id in &connection.group_ids {
            let Some(wanted) = expected(target, group_id) else {
                continue;
            };
            checked = true;
            let zone_ids: Vec<&ResourceId> = groups.iter().flat_map(|g| &g.zones).collect();
            if zone_ids.is_empty() {
                found.push(Finding::NoDnsZoneGroup {
                    endpoint: endpoint.id.clone(),
                    target: target.clone(),
                    group_id: group_id.clone(),
                    expected_zone: wanted[0].to_owned(),
                });
                continue;
            }
            for zone_id in zone_ids {
                if !wanted.iter().any(|w| fits(zone_id.name(), w)) {
                    found.push(Finding::DnsZoneMismatch {
                        endpoint: endpoint.id.clone(),
                        zone: zone_id.clone(),
                        target: target.clone(),
                        group_id: group_id.clone(),
                        expected_zone: wanted[0].to_owned(),
                    });
                }
            }
        }
    }
    // Links are a property of the zone, whatever the sub-resource: each zone once.
    if let Some(network) = network.filter(|_| checked) {
        let mut judged: Vec<&ResourceId> = Vec::new();
        for zone_id in groups.iter().flat_map(|g| &g.zones) {
            if judged.contains(&zone_id) {
                continue;
            }
            judged.push(zone_id);
            let Some(zone) = zones.zones.get(zone_id) else {
                continue;
            };
            let linked = zone
                .links
                .iter()
                .any(|l| l.virtual_network.as_ref() == Some(&network));
            if !linked {
                found.push(Finding::DnsZoneNotLinked {
                    endpoint: endpoint.id.clone(),
                    zone: zone_id.clone(),
                    virtual_network: network.clone(),
                });
            }
        }
    }
    found
}

#[cfg(test)]
mod tests;
