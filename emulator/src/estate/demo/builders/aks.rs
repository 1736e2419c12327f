//! AKS resources: the managed cluster, its `kubernetes-internal` load balancer, and a private
//! cluster's `kube-apiserver` endpoint, named the way AKS and cloud-provider-azure name them.

use serde_json::{Value, json};

use super::{
    AKS_SUBSCRIPTION, Audit, Endpoint, State, etag, fnv1a, guid, label, network_id,
    private_endpoint, put, subnet_id,
};

/// An AKS cluster and where cloud-provider-azure puts its resources.
#[derive(Clone, Debug)]
pub(crate) struct Cluster {
    pub sub: String,
    pub rg: String,
    pub name: String,
    pub location: String,
    pub private: bool,
}

impl Cluster {
    /// The cluster id, spelled `resourcegroups` as the AKS RP returns it.
    pub(crate) fn id(&self) -> String {
        format!(
            "/subscriptions/{}/resourcegroups/{}/providers/Microsoft.ContainerService/managedClusters/{}",
            self.sub, self.rg, self.name
        )
    }

    /// The node resource group AKS creates: `MC_{rg}_{cluster}_{location}`.
    pub(crate) fn node_rg(&self) -> String {
        format!("MC_{}_{}_{}", self.rg, self.name, self.location)
    }

    /// The node subnet of the AKS-managed VNet (10.224.0.0/16) in the node resource group.
    pub(crate) fn subnet_id(&self) -> String {
        let vnet = format!("aks-vnet-{:08}", fnv1a(&self.id()) % 100_000_000);
        subnet_id(&self.sub, &self.node_rg(), &vnet, "aks-subnet")
    }

    /// The `kubernetes-internal` load balancer cloud-provider-azure manages.
    pub(crate) fn internal_lb_id(&self) -> String {
        network_id(
            &self.sub,
            &self.node_rg(),
            "loadBalancers",
            "kubernetes-internal",
        )
    }

    /// A frontend of the internal load balancer.
    pub(crate) fn frontend_id(&self, frontend: &str) -> String {
        format!(
            "{}/frontendIPConfigurations/{frontend}",
            self.internal_lb_id()
        )
    }

    /// The API-server PLS a private cluster's endpoint targets, in AKS's own subscription.
    pub(crate) fn api_server_pls_id(&self) -> String {
        let id = self.id();
        let rg = format!("hcp-underlay-{}-cx-{}", self.location, fnv1a(&id) % 1000);
        let name = format!("kube-apiserver-{}", label(&id, 8));
        network_id(AKS_SUBSCRIPTION, &rg, "privateLinkServices", &name)
    }
}

/// A managed cluster as the AKS RP returns it.
pub(crate) fn managed_cluster(c: &Cluster) -> Value {
    let id = c.id();
    let prefix = format!("{}-dns", c.name);
    let host = format!("{prefix}-{}", label(&id, 8));
    let mut props = json!({
        "provisioningState": "Succeeded", "powerState": { "code": "Running" },
        "kubernetesVersion": "1.31.3", "currentKubernetesVersion": "1.31.3", "dnsPrefix": prefix,
        "azurePortalFQDN": format!("{host}.portal.hcp.{}.azmk8s.io", c.location),
        "agentPoolProfiles": [{
            "name": "nodepool1", "count": 3, "vmSize": "Standard_D4ds_v5", "maxPods": 250,
            "type": "VirtualMachineScaleSets", "mode": "System", "osType": "Linux",
            "osSKU": "Ubuntu", "provisioningState": "Succeeded", "orchestratorVersion": "1.31.3",
            "currentOrchestratorVersion": "1.31.3", "availabilityZones": ["1", "2", "3"],
            "nodeImageVersion": "AKSUbuntu-2204gen2containerd-202411.12.0",
            "upgradeSettings": { "maxSurge": "10%" }
        }],
        "maxAgentPools": 100,
        "linuxProfile": { "adminUsername": "azureuser", "ssh": { "publicKeys": [{ "keyData": "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ demo" }] } },
        "servicePrincipalProfile": { "clientId": "msi" },
        "diskEncryptionSetID": format!("/subscriptions/{}/resourcegroups/{}/providers/Microsoft.Compute/diskEncryptionSets/des-{}", c.sub, c.rg, c.name),
        "upgradeSettings": { "overrideSettings": { "forceUpgrade": false, "until": "2026-12-31T00:00:00Z" } },
        "nodeResourceGroup": c.node_rg(), "enableRBAC": true,
        "networkProfile": {
            "networkPlugin": "azure", "networkPluginMode": "overlay", "podCidr": "10.244.0.0/16",
            "serviceCidr": "10.0.0.0/16", "dnsServiceIP": "10.0.0.10", "loadBalancerSku": "standard",
            "outboundType": "loadBalancer", "ipFamilies": ["IPv4"],
            "podCidrs": ["10.244.0.0/16"], "serviceCidrs": ["10.0.0.0/16"],
            "loadBalancerProfile": {
                "allocatedOutboundPorts": 0, "idleTimeoutInMinutes": 30, "backendPoolType": "nodeIPConfiguration",
                "outboundIPs": { "publicIPs": [{ "id": format!("/subscriptions/{}/resourcegroups/{}/providers/Microsoft.Network/publicIPAddresses/egress-{}", c.sub, c.rg, c.name) }] },
                "effectiveOutboundIPs": [{ "id": format!("/subscriptions/{}/resourcegroups/{}/providers/Microsoft.Network/publicIPAddresses/egress-{}", c.sub, c.rg, c.name) }]
            }
        },
        "apiServerAccessProfile": { "enablePrivateCluster": c.private }
    });
    if c.private {
        let private_fqdn = format!("{host}.{}.privatelink.{}.azmk8s.io", guid(&id), c.location);
        put(&mut props, "", "privateFQDN", json!(private_fqdn));
        put(
            &mut props,
            "",
            "apiServerAccessProfile",
            json!({ "enablePrivateCluster": true, "privateDNSZone": "system", "enablePrivateClusterPublicFQDN": false }),
        );
        put(
            &mut props,
            "",
            "privateLinkResources",
            json!([{
                "id": format!("{id}/privateLinkResources/management"), "name": "management",
                "type": "Microsoft.ContainerService/managedClusters/privateLinkResources",
                "groupId": "management", "requiredMembers": ["management"],
                "privateLinkServiceID": c.api_server_pls_id()
            }]),
        );
        // The API server's endpoint, as the cluster's connection list answers it (the emulator
        // keeps it embedded; `Store` leaves it out of the cluster's own body, as AKS does).
        let endpoint = network_id(&c.sub, &c.node_rg(), "privateEndpoints", "kube-apiserver");
        let name = format!("kube-apiserver.{}", guid(&endpoint));
        put(
            &mut props,
            "",
            "privateEndpointConnections",
            json!([{
                "id": format!("{id}/privateEndpointConnections/{name}"), "name": name,
                "type": "Microsoft.ContainerService/managedClusters/privateEndpointConnections",
                "properties": {
                    "privateEndpoint": { "id": endpoint },
                    "privateLinkServiceConnectionState": { "status": "Approved", "description": "Auto Approved" },
                    "provisioningState": "Succeeded"
                }
            }]),
        );
    } else {
        put(
            &mut props,
            "",
            "fqdn",
            json!(format!("{host}.hcp.{}.azmk8s.io", c.location)),
        );
    }
    let mut cluster = json!({
        "id": id, "location": c.location, "name": c.name, "tags": { "environment": "production" },
        "type": "Microsoft.ContainerService/ManagedClusters", "sku": { "name": "Base", "tier": "Standard" }
    });
    put(&mut cluster, "", "properties", props);
    cluster
}

/// One published Kubernetes Service: an internal LB frontend and its rule.
#[derive(Clone, Debug)]
pub(crate) struct Frontend {
    pub name: String,
    pub ip: String,
    pub port: u16,
    pub target_port: u16,
    pub node_port: u16,
}

/// The `kubernetes-internal` load balancer with one frontend, rule and probe per Service.
pub(crate) fn internal_load_balancer(c: &Cluster, frontends: &[Frontend]) -> Value {
    let lb = c.internal_lb_id();
    let pool = format!("{lb}/backendAddressPools/kubernetes");
    let child = |kind: &str, name: &str, props: Value| {
        let id = format!("{lb}/{kind}/{name}");
        let mut child = json!({
            "name": name, "id": id, "etag": etag(&id), "type": format!("Microsoft.Network/loadBalancers/{kind}")
        });
        put(&mut child, "", "properties", props);
        child
    };
    let (mut fes, mut rules, mut probes, mut rule_refs) = (vec![], vec![], vec![], vec![]);
    for f in frontends {
        let rule = format!("{}-TCP-{}", f.name, f.port);
        let rule_ref = json!({ "id": format!("{lb}/loadBalancingRules/{rule}") });
        fes.push(child(
            "frontendIPConfigurations",
            &f.name,
            json!({
                "provisioningState": "Succeeded", "privateIPAddress": f.ip,
                "privateIPAllocationMethod": "Dynamic", "privateIPAddressVersion": "IPv4",
                "subnet": { "id": c.subnet_id() }, "loadBalancingRules": [rule_ref],
                "inboundNatRules": []
            }),
        ));
        rules.push(child("loadBalancingRules", &rule, json!({
            "provisioningState": "Succeeded", "frontendIPConfiguration": { "id": c.frontend_id(&f.name) },
            "frontendPort": f.port, "backendPort": f.target_port, "enableFloatingIP": false,
            "idleTimeoutInMinutes": 4, "protocol": "Tcp", "enableTcpReset": true,
            "loadDistribution": "Default", "disableOutboundSnat": true,
            "backendAddressPool": { "id": pool }, "probe": { "id": format!("{lb}/probes/{rule}") }
        })));
        probes.push(child("probes", &rule, json!({
            "provisioningState": "Succeeded", "protocol": "Http", "requestPath": "/healthz", "port": f.node_port,
            "intervalInSeconds": 5, "numberOfProbes": 2, "probeThreshold": 1, "loadBalancingRules": [rule_ref]
        })));
        rule_refs.push(rule_ref);
    }
    let pools = vec![child(
        "backendAddressPools",
        "kubernetes",
        json!({
            "provisioningState": "Succeeded", "loadBalancingRules": rule_refs
        }),
    )];
    let mut balancer = json!({
        "name": "kubernetes-internal", "id": lb, "etag": etag(&lb),
        "type": "Microsoft.Network/loadBalancers", "location": c.location,
        "sku": { "name": "Standard", "tier": "Regional" },
        "properties": {
            "provisioningState": "Succeeded", "resourceGuid": guid(&lb),
            "inboundNatRules": [], "outboundRules": [], "inboundNatPools": []
        }
    });
    for (key, list) in [
        ("frontendIPConfigurations", fes),
        ("backendAddressPools", pools),
        ("loadBalancingRules", rules),
        ("probes", probes),
    ] {
        put(&mut balancer, "/properties", key, Value::Array(list));
    }
    balancer
}

/// A private cluster's `kube-apiserver` endpoint in its node resource group, auto-approved.
pub(crate) fn kube_apiserver_endpoint(c: &Cluster) -> Value {
    private_endpoint(&Endpoint {
        sub: c.sub.clone(),
        rg: c.node_rg(),
        name: "kube-apiserver".into(),
        location: c.location.clone(),
        subnet_id: c.subnet_id(),
        target_id: c.api_server_pls_id(),
        group_ids: vec!["management".into()],
        request_message: String::new(),
        state: State::Approved,
        description: "Auto Approved".into(),
        manual: false,
        audit: Audit {
            by: "aks-resource-provider".into(),
            by_type: "Application",
            created_minutes_ago: 60 * 24 * 120,
            modified_minutes_ago: 60 * 24 * 120,
        },
        fqdn: None,
    })
}
