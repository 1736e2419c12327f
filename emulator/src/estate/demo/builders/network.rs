//! Private Link resources of the network and SQL RPs: private link services, private endpoints,
//! and a SQL server with its private endpoint connections.

use serde_json::{Value, json};

use super::{
    Audit, Connection, State, etag, fnv1a, guid, network_id, private_ip, put, system_data,
};

/// The tags cloud-provider-azure puts on a PLS it manages for a Service.
pub(crate) fn owner_tags(service: &str) -> Value {
    json!({ "k8s-azure-owner-service": service, "k8s-azure-cluster-name": "kubernetes" })
}

/// A private link service and the connections it holds.
#[derive(Clone, Debug)]
pub(crate) struct Pls {
    pub sub: String,
    pub rg: String,
    pub name: String,
    pub location: String,
    pub frontend_id: String,
    pub nat_subnet_id: String,
    pub nat_ip: String,
    pub visibility: Vec<String>,
    pub auto_approval: Vec<String>,
    /// `enableProxyProtocol`.
    pub proxy_protocol: bool,
    pub tags: Value,
    pub connections: Vec<Connection>,
}

impl Pls {
    /// The PLS id.
    pub(crate) fn id(&self) -> String {
        network_id(&self.sub, &self.rg, "privateLinkServices", &self.name)
    }
}

/// A private link service as the network RP returns it, connections embedded.
pub(crate) fn private_link_service(p: &Pls) -> Value {
    let id = p.id();
    let subnet = p.nat_subnet_id.rsplit('/').next().unwrap_or_default();
    let ipc_name = format!("{subnet}-{}-static-{}", p.name, p.nat_ip);
    let ipc_id = format!("{id}/ipConfigurations/{ipc_name}");
    let nic = format!("{}.nic.{}", p.name, guid(&ipc_id));
    let connections: Vec<Value> = p
        .connections
        .iter()
        .map(|c| {
            let name = format!("{}.{}", c.pe_name(), guid(&c.pe_id));
            let cid = format!("{id}/privateEndpointConnections/{name}");
            json!({
                "name": name, "id": cid, "etag": etag(&cid),
                "type": "Microsoft.Network/privateLinkServices/privateEndpointConnections",
                "properties": {
                    "provisioningState": "Succeeded", "privateEndpoint": { "id": c.pe_id },
                    "privateLinkServiceConnectionState": {
                        "status": c.state.as_str(), "description": c.description, "actionsRequired": "None"
                    },
                    "linkIdentifier": (fnv1a(&cid) % 4_000_000_000).to_string(),
                    "privateEndpointLocation": c.pe_location
                }
            })
        })
        .collect();
    let mut pls = json!({
        "name": p.name, "id": id, "etag": etag(&id), "type": "Microsoft.Network/privateLinkServices",
        "location": p.location,
        "properties": {
            "provisioningState": "Succeeded",
            "visibility": { "subscriptions": p.visibility },
            "autoApproval": { "subscriptions": p.auto_approval },
            "fqdns": [], "enableProxyProtocol": p.proxy_protocol,
            "alias": format!("{}.{}.{}.azure.privatelinkservice", p.name, guid(&id), p.location),
            "loadBalancerFrontendIpConfigurations": [{ "id": p.frontend_id }],
            "ipConfigurations": [{
                "name": ipc_name, "id": ipc_id, "etag": etag(&ipc_id),
                "type": "Microsoft.Network/privateLinkServices/ipConfigurations",
                "properties": {
                    "provisioningState": "Succeeded", "privateIPAddress": p.nat_ip,
                    "privateIPAllocationMethod": "Static", "subnet": { "id": p.nat_subnet_id },
                    "primary": true, "privateIPAddressVersion": "IPv4"
                }
            }],
            "networkInterfaces": [{ "id": network_id(&p.sub, &p.rg, "networkInterfaces", &nic) }]
        }
    });
    put(&mut pls, "", "tags", p.tags.clone());
    put(
        &mut pls,
        "/properties",
        "privateEndpointConnections",
        Value::Array(connections),
    );
    pls
}

/// A customer's private endpoint and its one connection.
#[derive(Clone, Debug)]
pub(crate) struct Endpoint {
    pub sub: String,
    pub rg: String,
    pub name: String,
    pub location: String,
    pub subnet_id: String,
    pub target_id: String,
    pub group_ids: Vec<String>,
    pub request_message: String,
    pub state: State,
    /// The provider's description; empty reads as the request message, as a new request does.
    pub description: String,
    /// `manualPrivateLinkServiceConnections` when set, else `privateLinkServiceConnections`.
    pub manual: bool,
    pub audit: Audit,
    /// The DNS name the endpoint answers for (PaaS targets).
    pub fqdn: Option<String>,
}

impl Endpoint {
    /// The endpoint id.
    pub(crate) fn id(&self) -> String {
        network_id(&self.sub, &self.rg, "privateEndpoints", &self.name)
    }

    /// This endpoint's connection as the provider side lists it.
    pub(crate) fn connection(&self) -> Connection {
        Connection {
            pe_id: self.id(),
            pe_location: self.location.clone(),
            state: self.state,
            description: if self.description.is_empty() {
                self.request_message.clone()
            } else {
                self.description.clone()
            },
        }
    }
}

/// A private endpoint as the network RP returns it.
pub(crate) fn private_endpoint(e: &Endpoint) -> Value {
    let id = e.id();
    let description = e.connection().description;
    let list = if e.manual {
        "manualPrivateLinkServiceConnections"
    } else {
        "privateLinkServiceConnections"
    };
    let cid = format!("{id}/{list}/{}", e.name);
    let connection = json!({
        "name": e.name, "id": cid, "etag": etag(&cid),
        "type": "Microsoft.Network/privateEndpoints/privateLinkServiceConnections",
        "properties": {
            "provisioningState": "Succeeded", "privateLinkServiceId": e.target_id,
            "groupIds": e.group_ids, "requestMessage": e.request_message,
            "privateLinkServiceConnectionState": {
                "status": e.state.as_str(), "description": description, "actionsRequired": "None"
            }
        }
    });
    let (auto, manual) = if e.manual {
        (vec![], vec![connection])
    } else {
        (vec![connection], vec![])
    };
    let audit = system_data(&e.audit);
    let nic = format!("{}.nic.{}", e.name, guid(&id));
    let dns: Vec<Value> = e
        .fqdn
        .iter()
        .map(|f| json!({ "fqdn": f, "ipAddresses": [private_ip(&id, 100)] }))
        .collect();
    let mut endpoint = json!({
        "name": e.name, "id": id, "etag": etag(&id), "type": "Microsoft.Network/privateEndpoints",
        "location": e.location, "tags": {},
        "properties": {
            "provisioningState": "Succeeded", "resourceGuid": guid(&nic),
            "subnet": { "id": e.subnet_id },
            "customNetworkInterfaceName": format!("{}-nic", e.name),
            "networkInterfaces": [{ "id": network_id(&e.sub, &e.rg, "networkInterfaces", &nic) }],
            "applicationSecurityGroups": [], "ipConfigurations": []
        }
    });
    put(&mut endpoint, "", "systemData", audit);
    put(
        &mut endpoint,
        "/properties",
        "privateLinkServiceConnections",
        Value::Array(auto),
    );
    put(
        &mut endpoint,
        "/properties",
        "manualPrivateLinkServiceConnections",
        Value::Array(manual),
    );
    put(
        &mut endpoint,
        "/properties",
        "customDnsConfigs",
        Value::Array(dns),
    );
    endpoint
}
