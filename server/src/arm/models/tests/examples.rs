//! The published ARM examples decode, with their quirks: `subId` beside `subid`, connections
//! without `name`, `null` Private Link on an origin, Sql's `Ready`, Storage's `actionRequired`.

use super::*;

#[test]
fn private_link_service_examples_decode_with_every_field() {
    let pls: PrivateLinkService = decoded(&body("PrivateLinkServiceGet", "200"));
    assert_eq!(
        (pls.name.as_str(), pls.location.as_str()),
        ("testPls", "eastus")
    );
    assert_eq!(pls.provisioning_state.as_deref(), Some("Succeeded"));
    assert_eq!(
        pls.alias.as_deref(),
        Some("ContosoService.{guid}.azure.privatelinkservice")
    );
    assert_eq!(
        pls.visibility,
        ["subscription1", "subscription2", "subscription3"]
    );
    assert_eq!(pls.auto_approval, ["subscription1", "subscription2"]);
    assert_eq!(pls.fqdns.len(), 3);
    assert!(!pls.enable_proxy_protocol);
    assert_eq!(pls.frontend_ids.len(), 1);
    let nat = &pls.nat_ips[0];
    assert_eq!(nat.name, "ipconfig1");
    assert_eq!(nat.private_ip.as_deref(), Some("10.0.1.4"));
    assert_eq!(nat.allocation.as_deref(), Some("Static"));
    assert_eq!(nat.subnet.as_ref().map(ResourceId::name), Some("subnetlb"));
    let connection = &pls.connections[0];
    assert_eq!(connection.name, "privateEndpointConnection");
    assert_eq!(connection.state.status, ConnectionStatus::Approved);
    assert_eq!(connection.state.description, "approved it for some reason.");
    assert_eq!(connection.state.actions_required, None);
    assert_eq!(connection.id.parent(), Some(pls.id.clone()));

    let listed: Vec<PrivateLinkService> = all(&listed("PrivateLinkServiceListAll"));
    let names: Vec<_> = listed.iter().map(|pls| pls.name.as_str()).collect();
    assert_eq!(names, ["testPls1", "testPls2"]);
}

#[test]
fn private_link_service_connection_examples_decode() {
    let got: PlsConnection = decoded(&body(
        "PrivateLinkServiceGetPrivateEndpointConnection",
        "200",
    ));
    assert_eq!(got.name, "testPlePeConnection");
    assert_eq!(
        got.private_endpoint.as_ref().map(ResourceId::name),
        Some("testPe")
    );
    let updated: PlsConnection = decoded(&body(
        "PrivateLinkServiceUpdatePrivateEndpointConnection",
        "200",
    ));
    assert_eq!(updated, got);
    let list: Vec<PlsConnection> = all(&listed("PrivateLinkServiceListPrivateEndpointConnection"));
    let states: Vec<_> = list.iter().map(|c| c.state.status.clone()).collect();
    assert_eq!(
        states,
        [ConnectionStatus::Approved, ConnectionStatus::Rejected]
    );
}

#[test]
fn private_endpoint_examples_decode_and_mark_manual_connections() {
    let auto: PrivateEndpoint = decoded(&body("PrivateEndpointGet", "200"));
    assert_eq!(auto.subnet.as_ref().map(ResourceId::name), Some("mySubnet"));
    assert_eq!(
        auto.private_ips,
        ["192.168.0.6", "192.168.0.7", "192.168.0.4", "192.168.0.5"]
    );
    assert_eq!(
        auto.custom_dns[0],
        ("abc.cosmos.com".to_owned(), vec!["192.168.0.4".to_owned()])
    );
    let connection = &auto.connections[0];
    assert!(!connection.manual);
    assert_eq!(
        connection.name, "plsconnection1",
        "the example has no name: the id's is used"
    );
    assert_eq!(connection.group_ids, ["groupIdFromResource"]);
    assert_eq!(
        connection.request_message.as_deref(),
        Some("Please approve my connection.")
    );
    assert_eq!(connection.state.actions_required.as_deref(), Some("None"));
    assert_eq!(auto.created_at, None);

    let manual: PrivateEndpoint = decoded(&body("PrivateEndpointGetForManualApproval", "200"));
    assert_eq!(manual.connections.len(), 1);
    assert!(manual.connections[0].manual);
    assert_eq!(
        manual.connections[0].state.status,
        ConnectionStatus::Pending
    );

    let listed: Vec<PrivateEndpoint> = all(&listed("PrivateEndpointListAll"));
    assert_eq!(listed.len(), 3);
    // pe2's manual connection has an id under `privateLinkServiceConnections`: the list decides.
    assert!(listed[1].connections[0].manual);
    assert_eq!(
        listed[1].connections[0].id.as_ref().map(ResourceId::as_str),
        Some(
            "/subscriptions/subId/resourceGroups/rg2/providers/Microsoft.Network/privateEndpoints/pe2/privateLinkServiceConnections/plsconnection2"
        )
    );
}

#[test]
fn load_balancer_example_decodes_frontends_and_rules() {
    let lb: LoadBalancer = decoded(&body("LoadBalancerGet", "200"));
    let frontend = &lb.frontends[0];
    assert_eq!(frontend.name, "fe-lb");
    assert_eq!(frontend.private_ip.as_deref(), Some("10.0.1.4"));
    assert_eq!(frontend.public_ip, None);
    assert_eq!(frontend.rule_ids, [lb.rules[0].id.clone()]);
    let rule = &lb.rules[0];
    assert_eq!(
        (rule.frontend_port, rule.backend_port),
        (Some(80), Some(80))
    );
    assert_eq!(rule.protocol.as_deref(), Some("Tcp"));
    assert_eq!(rule.frontend.as_ref(), Some(&frontend.id));
}

#[test]
fn managed_cluster_examples_decode_public_and_private() {
    let public: ManagedCluster = decoded(&body("ManagedClustersGet", "200"));
    assert_eq!(
        public.node_resource_group.as_deref(),
        Some("MC_rg1_clustername1_location1")
    );
    assert_eq!(
        public.fqdn.as_deref(),
        Some("dnsprefix1-abcd1234.hcp.eastus.azmk8s.io")
    );
    assert!(!public.private_cluster);
    assert_eq!(public.kubernetes_version.as_deref(), Some("1.9.6"));
    assert_eq!(
        public.id.resource_group(),
        Some("rg1"),
        "the AKS RP writes `resourcegroups`"
    );
    for status in ["200", "201"] {
        let private: ManagedCluster = decoded(&body(
            "ManagedClustersCreate_PrivateClusterFQDNSubdomain",
            status,
        ));
        assert!(private.private_cluster);
        assert_eq!(
            private.private_fqdn.as_deref(),
            Some("domain1.privatelink.location1.azmk8s.io")
        );
        assert_eq!(
            private.api_server_pls, None,
            "the example lists no privateLinkResources"
        );
    }
}

#[test]
fn front_door_examples_decode_and_a_null_private_link_is_none() {
    let profile: FrontDoorProfile = decoded(&body("Profiles_Get", "200"));
    assert_eq!(profile.sku.as_deref(), Some("Premium_AzureFrontDoor"));
    assert_eq!(profile.kind.as_deref(), Some("frontdoor"));
    assert_eq!(
        profile.front_door_id.as_deref(),
        Some("3b4682da-b3e2-47a1-96ca-08ab3cb7294e")
    );
    let endpoint: AfdEndpoint = decoded(&body("AFDEndpoints_Get", "200"));
    assert_eq!(
        endpoint.host_name.as_deref(),
        Some("endpoint1-abcdefghijklmnop.z01.azurefd.net")
    );
    assert_eq!(endpoint.id.parent(), Some(profile.id.clone()));
    let origin: Origin = decoded(&body("AFDOrigins_Get", "200"));
    assert_eq!(
        origin.host_name.as_deref(),
        Some("host1.blob.core.windows.net")
    );
    assert_eq!(origin.shared_private_link, None);
    assert_eq!(
        origin.id.parent().and_then(|group| group.parent()),
        Some(profile.id)
    );
}

#[test]
fn a_classic_cdn_origin_reads_its_flat_private_link_fields() {
    let origin: Origin = decoded(&body("Origins_Create", "200"));
    let Some(link) = origin.shared_private_link else {
        panic!("the CDN origin links to a PLS");
    };
    assert_eq!(link.target.as_ref().map(ResourceId::name), Some("pls1"));
    assert_eq!(link.location.as_deref(), Some("eastus"));
    assert_eq!(link.status, Some(ConnectionStatus::Pending));
}

#[test]
fn subscriptions_example_decodes() {
    let subscriptions: Vec<Subscription> = all(&listed("GetSubscriptions"));
    let first = &subscriptions[0];
    assert_eq!(
        first.subscription_id,
        "291bba3f-e0a5-47bc-a099-3bdcb2a50a05"
    );
    assert_eq!(first.id.subscription(), first.subscription_id);
    assert_eq!(first.display_name, "Example Subscription");
    assert_eq!(first.state, "Enabled");
    assert_eq!(
        first.tenant_id.as_deref(),
        Some("31c75423-32d6-4322-88b7-c478bdde4858")
    );
    assert_eq!(subscriptions.len(), 2);
}

#[test]
fn paas_connections_decode_with_sql_ready_and_storage_action_required() {
    let sql: ResourceConnection = decoded(&body("PrivateEndpointConnectionUpdate", "200"));
    assert_eq!(sql.provisioning_state.as_deref(), Some("Ready"));
    assert_eq!(sql.state.status, ConnectionStatus::Approved);
    assert_eq!(sql.state.actions_required.as_deref(), Some("None"));
    let endpoint = sql.private_endpoint.as_ref().map(ResourceId::subscription);
    assert_eq!(endpoint, Some("55555555-6666-7777-8888-999999999999"));
    assert!(
        sql.id
            .is_type("Microsoft.Sql/servers/privateEndpointConnections")
    );

    let storage: ResourceConnection =
        decoded(&body("StorageAccountPutPrivateEndpointConnection", "200"));
    assert_eq!(storage.state.actions_required.as_deref(), Some("None"));
    assert_eq!(storage.state.description, "Auto-Approved");
    assert_eq!(storage.name, "{privateEndpointConnectionName}");
    assert_eq!(storage.id.subscription(), "{subscription-id}");
}

#[test]
fn ids_written_subid_and_sub_id_join_as_one() {
    let pls: PrivateLinkService = decoded(&body("PrivateLinkServiceGet", "200"));
    let lb: LoadBalancer = decoded(&body("LoadBalancerGet", "200"));
    assert_eq!(pls.id.subscription(), "subId");
    assert_eq!(pls.frontend_ids[0].subscription(), "subid");
    assert_eq!(
        pls.frontend_ids[0].subscription_id(),
        pls.id.subscription_id()
    );
    assert_eq!(pls.frontend_ids[0], lb.frontends[0].id);

    // The same connection, its endpoint written `subid` as another payload would.
    let mut payload = body("PrivateLinkServiceGet", "200");
    let connection = &mut payload["properties"]["privateEndpointConnections"][0];
    connection["properties"]["privateEndpoint"]["id"] = serde_json::json!(
        "/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/privateEndpoints/testPe"
    );
    let lower: PrivateLinkService = decoded(&payload);
    let endpoint: PrivateEndpoint = decoded(&body("PrivateEndpointGet", "200"));
    let seen_by_pls = lower.connections[0].private_endpoint.as_ref();
    assert_eq!(seen_by_pls.map(ResourceId::subscription), Some("subid"));
    assert_eq!(seen_by_pls, Some(&endpoint.id));
    assert_eq!(endpoint.id.subscription(), "subId");
    assert_eq!(endpoint.connections[0].target.as_ref(), Some(&pls.id));
}

#[test]
fn paas_resources_decode_their_public_access_from_published_payloads() {
    let storage: PaasResource = decoded(&body(
        "StorageAccountCreateEnablePublicNetworkAccess",
        "200",
    ));
    assert_eq!(storage.public_access, PublicAccess::Enabled);
    assert_eq!(storage.connections, vec![]);
    // No publicNetworkAccess in it: the network rules' default action (Allow) says it is open.
    let older: PaasResource = decoded(&body("StorageAccountGetProperties", "200"));
    assert_eq!(older.public_access, PublicAccess::Enabled);
    let vault: PaasResource = decoded(&body("getVault", "200"));
    assert_eq!(vault.public_access, PublicAccess::Enabled);
    assert_eq!(vault.paas_type().map(|t| t.label), Some("Key Vault"));
}

#[test]
fn paas_connection_lists_of_every_provider_decode_into_their_resource() {
    let cases = [
        (
            "Sql_PrivateEndpointConnectionList",
            "Microsoft.Sql/servers",
            2,
        ),
        (
            "StorageAccountListPrivateEndpointConnections",
            "Microsoft.Storage/storageAccounts",
            1,
        ),
        (
            "listPrivateEndpointConnection",
            "Microsoft.KeyVault/vaults",
            2,
        ),
        (
            "PrivateEndpointConnectionsList",
            "Microsoft.ContainerService/managedClusters",
            1,
        ),
    ];
    for (name, resource_type, count) in cases {
        let listed = all::<ResourceConnection>(&listed(name));
        assert!(
            listed.len() >= count,
            "{name}: {} connections",
            listed.len()
        );
        let parent = id(&format!(
            "/subscriptions/s/resourceGroups/rg/providers/{resource_type}/r1"
        ));
        let mut resource = PaasResource {
            id: parent.clone(),
            name: "r1".into(),
            location: String::new(),
            etag: None,
            public_access: PublicAccess::Unknown,
            connections: vec![],
        };
        resource.set_listed(listed);
        for connection in &resource.connections {
            assert_eq!(connection.id.parent().as_ref(), Some(&parent), "{name}");
            assert!(connection.private_endpoint.is_some(), "{name}");
            assert_eq!(
                connection.state.status,
                ConnectionStatus::Approved,
                "{name}"
            );
        }
    }
}

#[test]
fn single_paas_connections_decode_even_without_name_or_type() {
    for name in [
        "CosmosDBPrivateEndpointConnectionGet",
        "ContainerRegistry_PrivateEndpointConnectionGet",
        "GetSitePrivateEndpointConnection",
    ] {
        let connection: ResourceConnection = decoded(&body(name, "200"));
        assert_eq!(
            connection.state.status,
            ConnectionStatus::Approved,
            "{name}"
        );
        assert!(!connection.name.is_empty(), "{name}");
    }
    let site: ResourceConnection = decoded(&body("GetSitePrivateEndpointConnection", "200"));
    assert_eq!(site.name, "connection");
    assert_eq!(site.state.description, "Approved by admin.");
}

#[test]
fn private_dns_examples_decode_zones_links_and_zone_groups() {
    let zone: PrivateDnsZone = decoded(&body("PrivateZoneGet", "200"));
    assert_eq!(zone.name, "privatezone1.com");
    let links: Vec<ZoneLink> = all(&listed("VirtualNetworkLinkList"));
    assert_eq!(links.len(), 2);
    assert_eq!(links[1].state.as_deref(), Some("InProgress"));
    assert_eq!(
        links[0].virtual_network.as_ref().map(ResourceId::name),
        Some("virtualNetworkName")
    );
    let one: ZoneLink = decoded(&body("VirtualNetworkLinkGet", "200"));
    assert_eq!(one.state.as_deref(), Some("Completed"));
    // The published zone group ids say `privateLinkServices/testPe`: they decode all the same
    // (the endpoint they were listed under owns them).
    let group: DnsZoneGroup = decoded(&body("PrivateEndpointDnsZoneGroupGet", "200"));
    let zones: Vec<&str> = group.zones.iter().map(ResourceId::name).collect();
    assert_eq!(zones, ["zone1.com", "zone2.com"]);
    assert_eq!(group.fqdns.len(), 4);
    let groups: Vec<DnsZoneGroup> = all(&listed("PrivateEndpointDnsZoneGroupList"));
    let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["testPdnsgroup1", "testPdnsgroup2"]);
}
