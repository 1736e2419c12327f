//! Private DNS as the DNS checks need it: zones (`Microsoft.Network/privateDnsZones`, versioned
//! apart from the rest of Microsoft.Network) with the virtual networks linked to them, and a
//! private endpoint's DNS zone groups (which zones hold its A records). A zone group's id is not
//! trusted to name its endpoint (Microsoft's published examples say `privateLinkServices/testPe`):
//! the endpoint it was listed under owns it.

use serde_json::Value;

use super::decode::{DecodeError, FromArm, Identity, at, id_at, list_at, text_at};
use crate::arm::ResourceId;

/// api-version of Private DNS zones and their links.
pub const PRIVATE_DNS_API: &str = "2024-06-01";
/// The type of private DNS zones, as ARM spells it in ids.
pub const PRIVATE_DNS_TYPE: &str = "Microsoft.Network/privateDnsZones";

/// A private DNS zone and its virtual network links.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PrivateDnsZone {
    /// Its id.
    pub id: ResourceId,
    /// The zone name, e.g. `privatelink.blob.core.windows.net`.
    pub name: String,
    /// Its links, read apart (`{zone}/virtualNetworkLinks`).
    pub links: Vec<ZoneLink>,
}

impl FromArm for PrivateDnsZone {
    const KIND: &'static str = "private DNS zone";

    fn from_arm(value: &Value) -> Result<Self, DecodeError> {
        let identity = Identity::typed(Self::KIND, value, "Microsoft.Network/privateDnsZones")?;
        Ok(Self {
            id: identity.id,
            name: identity.name,
            links: Vec::new(),
        })
    }
}

/// A zone's link to a virtual network: VMs in that network resolve the zone's names.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ZoneLink {
    /// Its id (`{zone}/virtualNetworkLinks/{name}`).
    pub id: ResourceId,
    /// The linked virtual network.
    pub virtual_network: Option<ResourceId>,
    /// `virtualNetworkLinkState`: `Completed` or `InProgress`.
    pub state: Option<String>,
}

impl FromArm for ZoneLink {
    const KIND: &'static str = "virtual network link";

    fn from_arm(value: &Value) -> Result<Self, DecodeError> {
        let identity = Identity::typed(
            Self::KIND,
            value,
            "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
        )?;
        Ok(Self {
            id: identity.id,
            virtual_network: id_at(value, &["properties", "virtualNetwork", "id"]),
            state: text_at(value, &["properties", "virtualNetworkLinkState"]),
        })
    }
}

/// A private endpoint's DNS zone group: the zones Azure writes its A records into.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DnsZoneGroup {
    /// Its name (`default` when made by the portal).
    pub name: String,
    /// The zones of its configs (`privateDnsZoneConfigs[].properties.privateDnsZoneId`).
    pub zones: Vec<ResourceId>,
    /// The names its records answer for (`recordSets[].fqdn`).
    pub fqdns: Vec<String>,
}

impl FromArm for DnsZoneGroup {
    const KIND: &'static str = "private DNS zone group";

    fn from_arm(value: &Value) -> Result<Self, DecodeError> {
        let identity = Identity::of(Self::KIND, value)?;
        let configs = list_at(value, &["properties", "privateDnsZoneConfigs"]);
        let mut zones = Vec::new();
        let mut fqdns = Vec::new();
        for (index, config) in configs.iter().enumerate() {
            let zone = at(config, &["properties", "privateDnsZoneId"]);
            match zone.and_then(Value::as_str).map(ResourceId::parse) {
                Some(Ok(id)) => zones.push(id),
                _ => {
                    return Err(identity.invalid(
                        Self::KIND,
                        format!(
                            "privateDnsZoneConfigs[{index}].properties.privateDnsZoneId is not a zone id"
                        ),
                    ));
                }
            }
            for record in list_at(config, &["properties", "recordSets"]) {
                fqdns.extend(text_at(record, &["fqdn"]));
            }
        }
        Ok(Self {
            name: identity.name,
            zones,
            fqdns,
        })
    }
}

/// Puts each link under its zone (by the link id's parent); links of zones not read are dropped.
pub fn attach_links(zones: &mut [PrivateDnsZone], links: Vec<ZoneLink>) {
    for link in links {
        let Some(zone_id) = link.id.parent() else {
            continue;
        };
        if let Some(zone) = zones.iter_mut().find(|z| z.id == zone_id) {
            zone.links.push(link);
        }
    }
}
