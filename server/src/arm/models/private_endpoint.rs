//! `Microsoft.Network/privateEndpoints`: the consumer side, with its connections to a private
//! link service or PaaS resource (automatic and manual-approval lists merged, flagged `manual`).

use serde_json::Value;

use super::common::ConnectionState;
use super::decode::{DecodeError, FromArm, Identity, id_at, list_at, object, text_at, texts_at};
use super::private_dns::DnsZoneGroup;
use crate::arm::ResourceId;

/// A private endpoint.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PrivateEndpoint {
    /// Its id.
    pub id: ResourceId,
    /// Its name.
    pub name: String,
    /// Its region.
    pub location: String,
    /// The subnet its network interface is in.
    pub subnet: Option<ResourceId>,
    /// Its private addresses as the endpoint itself reports them: `ipConfigurations[]` (static
    /// ones) then `customDnsConfigs[].ipAddresses`, without repeats. Dynamic addresses of a PLS
    /// endpoint appear only on its network interface, so this may be empty.
    pub private_ips: Vec<String>,
    /// `customDnsConfigs`: each FQDN with its addresses.
    pub custom_dns: Vec<(String, Vec<String>)>,
    /// Its connections: `privateLinkServiceConnections` then `manualPrivateLinkServiceConnections`.
    pub connections: Vec<EndpointConnection>,
    /// `systemData.createdAt`, when ARM reports it.
    pub created_at: Option<String>,
    /// Its DNS zone groups, read apart (`{id}/privateDnsZoneGroups`) for endpoints the DNS
    /// checks cover; `None` when not read.
    pub zone_groups: Option<Vec<DnsZoneGroup>>,
}

impl FromArm for PrivateEndpoint {
    const KIND: &'static str = "private endpoint";

    fn from_arm(value: &Value) -> Result<Self, DecodeError> {
        let identity = Identity::typed(Self::KIND, value, "Microsoft.Network/privateEndpoints")?;
        let mut connections = Vec::new();
        for (key, manual) in [
            ("privateLinkServiceConnections", false),
            ("manualPrivateLinkServiceConnections", true),
        ] {
            let decoded: Vec<EndpointConnection> =
                identity.embedded(Self::KIND, value, &["properties", key])?;
            connections.extend(
                decoded
                    .into_iter()
                    .map(|c| EndpointConnection { manual, ..c }),
            );
        }
        // An endpoint has one connection; `extend` would leave room for four (a 44,000-endpoint
        // estate held 30 MB of that room).
        connections.shrink_to_fit();
        let custom_dns: Vec<(String, Vec<String>)> =
            list_at(value, &["properties", "customDnsConfigs"])
                .iter()
                .map(|config| {
                    let fqdn = text_at(config, &["fqdn"]).unwrap_or_default();
                    (fqdn, texts_at(config, &["ipAddresses"]))
                })
                .collect();
        let mut private_ips: Vec<String> = Vec::new();
        let configured = list_at(value, &["properties", "ipConfigurations"])
            .iter()
            .filter_map(|config| text_at(config, &["properties", "privateIPAddress"]));
        for ip in configured.chain(custom_dns.iter().flat_map(|(_, ips)| ips.iter().cloned())) {
            if !private_ips.contains(&ip) {
                private_ips.push(ip);
            }
        }
        private_ips.shrink_to_fit();
        Ok(Self {
            location: text_at(value, &["location"]).unwrap_or_default(),
            subnet: id_at(value, &["properties", "subnet", "id"]),
            private_ips,
            custom_dns,
            connections,
            created_at: text_at(value, &["systemData", "createdAt"]),
            zone_groups: None,
            id: identity.id,
            name: identity.name,
        })
    }
}

/// A private endpoint's connection to its target, as the consumer side sees it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct EndpointConnection {
    /// Its id, when present and parsable (`{endpoint}/privateLinkServiceConnections/{name}`).
    pub id: Option<ResourceId>,
    /// Its name (the examples omit it: then the id's last segment).
    pub name: String,
    /// The target: a private link service or PaaS resource (`privateLinkServiceId`).
    pub target: Option<ResourceId>,
    /// The target's sub-resources (`sqlServer`, `blob`, `management`…; empty for a PLS).
    pub group_ids: Vec<String>,
    /// The consumer's request message.
    pub request_message: Option<String>,
    /// Status, description and required actions, mirrored from the provider side.
    pub state: ConnectionState,
    /// Whether it is in `manualPrivateLinkServiceConnections` (needs the provider's approval).
    /// Decoded alone, a connection can only tell from its id; the endpoint's lists decide.
    pub manual: bool,
}

impl FromArm for EndpointConnection {
    const KIND: &'static str = "private endpoint's connection";

    fn from_arm(value: &Value) -> Result<Self, DecodeError> {
        object(Self::KIND, value)?;
        let id = id_at(value, &["id"]);
        let name = text_at(value, &["name"])
            .or_else(|| id.as_ref().map(|id| id.name().to_owned()))
            .unwrap_or_default();
        let state =
            ConnectionState::at(value, &["properties", "privateLinkServiceConnectionState"])
                .map_err(|error| DecodeError::Invalid {
                    kind: Self::KIND,
                    id: text_at(value, &["id"]).unwrap_or_else(|| name.clone()),
                    message: format!("properties.privateLinkServiceConnectionState: {error}"),
                })?;
        Ok(Self {
            target: id_at(value, &["properties", "privateLinkServiceId"]),
            group_ids: texts_at(value, &["properties", "groupIds"]),
            request_message: text_at(value, &["properties", "requestMessage"]),
            state,
            manual: id.as_ref().is_some_and(|id| {
                id.is_type("Microsoft.Network/privateEndpoints/manualPrivateLinkServiceConnections")
            }),
            id,
            name,
        })
    }
}
