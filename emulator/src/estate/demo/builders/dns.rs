//! Private DNS: zones (`Microsoft.Network/privateDnsZones`), their virtual network links, and
//! a private endpoint's DNS zone group, each as the published GET returns it (PrivateZoneGet,
//! VirtualNetworkLinkGet, PrivateEndpointDnsZoneGroupGet). Zones are `global`; a zone group is a
//! child of its endpoint and holds one A record per zone, the endpoint's address.

use serde_json::{Value, json};

use super::{Endpoint, etag, private_ip, rg_id};

/// A private DNS zone and the virtual networks it is linked to.
pub(crate) struct Zone {
    pub sub: String,
    pub rg: String,
    /// The zone name, e.g. `privatelink.blob.core.windows.net`.
    pub name: String,
    /// Ids of the virtual networks linked to it.
    pub links: Vec<String>,
    /// A records the zone holds (its SOA record counts on top).
    pub records: u32,
}

impl Zone {
    /// The zone's id.
    pub(crate) fn id(&self) -> String {
        format!(
            "{}/providers/Microsoft.Network/privateDnsZones/{}",
            rg_id(&self.sub, &self.rg),
            self.name
        )
    }
}

/// The zone as `GET …/privateDnsZones/{zone}` answers it.
pub(crate) fn private_dns_zone(z: &Zone) -> Value {
    let id = z.id();
    json!({
        "name": z.name, "type": "Microsoft.Network/privateDnsZones", "etag": etag(&id)
            .trim_start_matches("W/").trim_matches('"'),
        "id": id, "location": "global", "tags": {},
        "properties": {
            "maxNumberOfRecordSets": 25000, "maxNumberOfVirtualNetworkLinks": 1000,
            "maxNumberOfVirtualNetworkLinksWithRegistration": 100,
            "numberOfRecordSets": 1 + z.records, "numberOfVirtualNetworkLinks": z.links.len(),
            "numberOfVirtualNetworkLinksWithRegistration": 0,
            "internalId": format!("Zone_{}", super::guid(&id)),
            "provisioningState": "Succeeded"
        }
    })
}

/// The zone's links, one per virtual network.
pub(crate) fn virtual_network_links(z: &Zone) -> Vec<Value> {
    z.links
        .iter()
        .map(|vnet| {
            // Named as the portal names them: the network and a suffix (networks of different
            // subscriptions often share a name).
            let vnet_name = vnet.rsplit('/').next().unwrap_or_default();
            let name = format!("{vnet_name}-{}", &super::guid(vnet)[..8]);
            let id = format!("{}/virtualNetworkLinks/{name}", z.id());
            json!({
                "name": name,
                "type": "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
                "etag": etag(&id).trim_start_matches("W/").trim_matches('"'),
                "id": id, "location": "global", "tags": {},
                "properties": {
                    "provisioningState": "Succeeded", "registrationEnabled": false,
                    "resolutionPolicy": "Default", "virtualNetwork": { "id": vnet },
                    "virtualNetworkLinkState": "Completed"
                }
            })
        })
        .collect()
}

/// The endpoint's zone group `default`: one config per zone, each with the A record of the
/// target's name (the target resource's name) pointing at the endpoint's address.
pub(crate) fn dns_zone_group(e: &Endpoint, zones: &[&Zone]) -> Value {
    let id = format!("{}/privateDnsZoneGroups/default", e.id());
    let record = e.target_id.rsplit('/').next().unwrap_or_default();
    let configs: Vec<Value> = zones
        .iter()
        .map(|z| {
            json!({
                "name": z.name.replace('.', "-"),
                "properties": {
                    "privateDnsZoneId": z.id(),
                    "recordSets": [{
                        "recordType": "A", "recordSetName": record,
                        "fqdn": format!("{record}.{}", z.name), "ttl": 10,
                        "provisioningState": "Succeeded",
                        "ipAddresses": [private_ip(&e.id(), 100)]
                    }]
                }
            })
        })
        .collect();
    json!({
        "name": "default", "id": id, "etag": etag(&id),
        "type": "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
        "properties": { "provisioningState": "Succeeded", "privateDnsZoneConfigs": configs }
    })
}
