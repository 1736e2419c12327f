//! `Microsoft.Network/loadBalancers`: the frontends a private link service publishes and the
//! rules that say which ports they serve (AKS: `kubernetes-internal` in the node resource group).

use serde_json::Value;

use super::decode::{DecodeError, FromArm, Identity, id_at, ids_at, port_at, text_at};
use crate::arm::ResourceId;

/// A load balancer with its frontends and load-balancing rules.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LoadBalancer {
    /// Its id.
    pub id: ResourceId,
    /// Its name.
    pub name: String,
    /// Its region.
    pub location: String,
    /// `frontendIPConfigurations`.
    pub frontends: Vec<Frontend>,
    /// `loadBalancingRules`.
    pub rules: Vec<LoadBalancingRule>,
}

impl FromArm for LoadBalancer {
    const KIND: &'static str = "load balancer";

    fn from_arm(value: &Value) -> Result<Self, DecodeError> {
        let identity = Identity::typed(Self::KIND, value, "Microsoft.Network/loadBalancers")?;
        Ok(Self {
            location: text_at(value, &["location"]).unwrap_or_default(),
            frontends: identity.embedded(
                Self::KIND,
                value,
                &["properties", "frontendIPConfigurations"],
            )?,
            rules: identity.embedded(Self::KIND, value, &["properties", "loadBalancingRules"])?,
            id: identity.id,
            name: identity.name,
        })
    }
}

/// A frontend IP configuration; an internal one has a subnet and private IP, no public IP.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Frontend {
    /// Its id (`{lb}/frontendIPConfigurations/{name}`), what a PLS refers to.
    pub id: ResourceId,
    /// Its name (cloud-provider-azure: `a` + the Service UID without dashes).
    pub name: String,
    /// Its private IP address.
    pub private_ip: Option<String>,
    /// Its subnet.
    pub subnet: Option<ResourceId>,
    /// Its public IP address resource.
    pub public_ip: Option<ResourceId>,
    /// The load-balancing rules that use it.
    pub rule_ids: Vec<ResourceId>,
}

impl FromArm for Frontend {
    const KIND: &'static str = "load balancer frontend";

    fn from_arm(value: &Value) -> Result<Self, DecodeError> {
        let full_type = "Microsoft.Network/loadBalancers/frontendIPConfigurations";
        let identity = Identity::typed(Self::KIND, value, full_type)?;
        Ok(Self {
            private_ip: text_at(value, &["properties", "privateIPAddress"]),
            subnet: id_at(value, &["properties", "subnet", "id"]),
            public_ip: id_at(value, &["properties", "publicIPAddress", "id"]),
            rule_ids: ids_at(value, &["properties", "loadBalancingRules"]),
            id: identity.id,
            name: identity.name,
        })
    }
}

/// A load-balancing rule: frontend port to backend port.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LoadBalancingRule {
    /// Its id.
    pub id: ResourceId,
    /// Its name (cloud-provider-azure: `{frontend}-{PROTOCOL}-{port}`).
    pub name: String,
    /// The frontend it listens on.
    pub frontend: Option<ResourceId>,
    /// The port it listens on.
    pub frontend_port: Option<u16>,
    /// The port it forwards to.
    pub backend_port: Option<u16>,
    /// `Tcp`, `Udp` or `All`.
    pub protocol: Option<String>,
}

impl FromArm for LoadBalancingRule {
    const KIND: &'static str = "load-balancing rule";

    fn from_arm(value: &Value) -> Result<Self, DecodeError> {
        let full_type = "Microsoft.Network/loadBalancers/loadBalancingRules";
        let identity = Identity::typed(Self::KIND, value, full_type)?;
        Ok(Self {
            frontend: id_at(value, &["properties", "frontendIPConfiguration", "id"]),
            frontend_port: port_at(value, &["properties", "frontendPort"]),
            backend_port: port_at(value, &["properties", "backendPort"]),
            protocol: text_at(value, &["properties", "protocol"]),
            id: identity.id,
            name: identity.name,
        })
    }
}
