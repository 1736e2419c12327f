//! `Microsoft.Network/privateLinkServices`: the service, its NAT IP configurations and the
//! private endpoint connections it embeds.

use std::collections::BTreeMap;

use serde_json::Value;

use super::common::ConnectionState;
use super::decode::{
    DecodeError, FromArm, Identity, at, flag_at, id_at, ids_at, object, tags_at, text_at, texts_at,
};
use super::resource_connection::ResourceConnection;
use crate::arm::ResourceId;

const PLS_TYPE: &str = "Microsoft.Network/privateLinkServices";

/// A private link service.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PrivateLinkService {
    /// Its id.
    pub id: ResourceId,
    /// Its name.
    pub name: String,
    /// Its region.
    pub location: String,
    /// Its tags (cloud-provider-azure's `k8s-azure-owner-service`, `k8s-azure-cluster-name`…).
    pub tags: BTreeMap<String, String>,
    /// Its ETag.
    pub etag: Option<String>,
    /// `Succeeded`, `Updating`, `Failed`…
    pub provisioning_state: Option<String>,
    /// The alias consumers connect with (`name.{guid}.region.azure.privatelinkservice`).
    pub alias: Option<String>,
    /// Subscriptions that may see it (`*` for everyone).
    pub visibility: Vec<String>,
    /// Subscriptions whose connections are approved automatically.
    pub auto_approval: Vec<String>,
    /// FQDNs offered to consumers.
    pub fqdns: Vec<String>,
    /// Whether the PROXY protocol v2 header is sent.
    pub enable_proxy_protocol: bool,
    /// The load balancer frontends it publishes.
    pub frontend_ids: Vec<ResourceId>,
    /// Its NAT (source) IP configurations.
    pub nat_ips: Vec<NatIpConfiguration>,
    /// The private endpoint connections it holds.
    pub connections: Vec<PlsConnection>,
}

impl FromArm for PrivateLinkService {
    const KIND: &'static str = "private link service";

    fn from_arm(value: &Value) -> Result<Self, DecodeError> {
        let identity = Identity::typed(Self::KIND, value, PLS_TYPE)?;
        let props = |key: &'static str| ["properties", key];
        Ok(Self {
            location: text_at(value, &["location"]).unwrap_or_default(),
            tags: tags_at(value),
            etag: text_at(value, &["etag"]),
            provisioning_state: text_at(value, &props("provisioningState")),
            alias: text_at(value, &props("alias")),
            visibility: texts_at(value, &["properties", "visibility", "subscriptions"]),
            auto_approval: texts_at(value, &["properties", "autoApproval", "subscriptions"]),
            fqdns: texts_at(value, &props("fqdns")),
            enable_proxy_protocol: flag_at(value, &props("enableProxyProtocol")),
            frontend_ids: ids_at(value, &props("loadBalancerFrontendIpConfigurations")),
            nat_ips: identity.embedded(Self::KIND, value, &props("ipConfigurations"))?,
            connections: identity.embedded(
                Self::KIND,
                value,
                &props("privateEndpointConnections"),
            )?,
            id: identity.id,
            name: identity.name,
        })
    }
}

/// A NAT IP configuration: the source address the service uses towards its backend.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct NatIpConfiguration {
    /// Its name (cloud-provider-azure: `{subnet}-{pls}-static-{ip}`).
    pub name: String,
    /// The private IP address.
    pub private_ip: Option<String>,
    /// `Static` or `Dynamic`.
    pub allocation: Option<String>,
    /// The subnet the address is in.
    pub subnet: Option<ResourceId>,
    /// Whether it is the primary configuration.
    pub primary: bool,
}

impl FromArm for NatIpConfiguration {
    const KIND: &'static str = "NAT IP configuration";

    fn from_arm(value: &Value) -> Result<Self, DecodeError> {
        object(Self::KIND, value)?;
        Ok(Self {
            name: text_at(value, &["name"]).unwrap_or_default(),
            private_ip: text_at(value, &["properties", "privateIPAddress"]),
            allocation: text_at(value, &["properties", "privateIPAllocationMethod"]),
            subnet: id_at(value, &["properties", "subnet", "id"]),
            primary: flag_at(value, &["properties", "primary"]),
        })
    }
}

/// A private endpoint connection held by a private link service.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PlsConnection {
    /// Its id (`{pls}/privateEndpointConnections/{name}`).
    pub id: ResourceId,
    /// Its name (Azure: `{endpoint name}.{guid}`).
    pub name: String,
    /// The consumer's private endpoint; Front Door's live in a Microsoft-owned subscription.
    pub private_endpoint: Option<ResourceId>,
    /// Status, description and required actions.
    pub state: ConnectionState,
    /// `Succeeded`, `Updating`…
    pub provisioning_state: Option<String>,
    /// The PROXY protocol v2 LINKID (a 32-bit number; `privateEndpointLocation` is not kept:
    /// nothing reads it, and 60,000 copies of a region name are megabytes).
    pub link_identifier: Option<u32>,
}

impl FromArm for PlsConnection {
    const KIND: &'static str = "private link service connection";

    fn from_arm(value: &Value) -> Result<Self, DecodeError> {
        let full_type = "Microsoft.Network/privateLinkServices/privateEndpointConnections";
        let identity = Identity::typed(Self::KIND, value, full_type)?;
        let common = ResourceConnection::decode(Self::KIND, identity, value)?;
        Ok(Self {
            id: common.id,
            name: common.name,
            private_endpoint: common.private_endpoint,
            state: common.state,
            provisioning_state: common.provisioning_state,
            link_identifier: at(value, &["properties", "linkIdentifier"]).and_then(|link| {
                // A string in the examples; accept the number it stands for too.
                match link.as_str() {
                    Some(text) => text.trim().parse().ok(),
                    None => link.as_u64().and_then(|n| u32::try_from(n).ok()),
                }
            }),
        })
    }
}
