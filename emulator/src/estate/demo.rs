//! The built-in demo estate: the story a new user sees. Contoso publishes Service
//! `default/super-api` from AKS through `myPLS`; Front Door, partners and PaaS resources (SQL,
//! Storage, Key Vault, a private cluster's API server) show every connection state; one PLS has lost its load balancer frontend; one subscription is unreadable.
//! The ARM builders it shares with `scale` live in `demo/builders`.

pub(crate) mod builders;
#[cfg(test)]
pub(crate) mod check;

use super::EstateDocument;
use builders::{
    Audit, Cluster, Endpoint, FrontDoor, Frontend, Origin, Paas, PaasKind, Pls, State, Zone,
    afd_endpoint, dns_zone_group, front_door_origin, front_door_profile, internal_load_balancer,
    kube_apiserver_endpoint, managed_cluster, origin_group, owner_tags, paas_id, paas_resource,
    private_dns_zone, private_endpoint, private_link_service, resource_group, subnet_id,
    subscription, virtual_network_links,
};

/// The demo's tenant.
pub const TENANT_ID: &str = "4e7a2c1b-8d3f-4b6a-9c5e-2f1a0b7d6c38";
/// "Contoso Platform Prod": the AKS clusters, their PLSs and a SQL server.
pub const CONTOSO_PLATFORM: &str = "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e51";
/// "Contoso Edge": the Front Door Premium profile.
pub const CONTOSO_EDGE: &str = "8e2d4f6a-1b3c-4d5e-9f70-81a2b3c4d5e6";
/// "Fabrikam Consumer": auto-approved on myPLS, asking for the SQL server.
pub const FABRIKAM: &str = "2c7e9a1b-3d5f-4a6b-8c0d-e1f2a3b4c5d6";
/// "Woodgrove Partner": rejected, disconnected and pending endpoints to myPLS.
pub const WOODGROVE: &str = "5a9b1c3d-7e2f-4b6a-9d8c-0e1f2a3b4c5d";
/// "Restricted Finance": listed, but in `deniedSubscriptions`.
pub const RESTRICTED_FINANCE: &str = "9d0e1f2a-3b4c-4d5e-8f6a-7b8c9d0e1f2a";
/// The demo's 'now': every `systemData` time counts back from it.
pub const NOW: &str = "2026-11-20T09:00:00Z";
/// `myPLS`, the PLS of Service `default/super-api` on `aks-prod-weu`.
pub const MY_PLS_ID: &str = "/subscriptions/6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e51/resourceGroups/\
    MC_rg-aks-prod_aks-prod-weu_westeurope/providers/Microsoft.Network/privateLinkServices/myPLS";
/// The Front Door origin whose connection to `myPLS` waits for approval.
pub const PENDING_ORIGIN_ID: &str = "/subscriptions/8e2d4f6a-1b3c-4d5e-9f70-81a2b3c4d5e6/resourcegroups/\
    rg-edge/providers/Microsoft.Cdn/profiles/afd-contoso/origingroups/og-super-api/origins/super-api-weu";

const WEU: &str = "westeurope";
const EUS: &str = "eastus";
const NEU: &str = "northeurope";
const SUPER_API_FE: &str = "a6e69ece03ab243aa928da35b2d4bef1";
const ORDERS_API_FE: &str = "a8d3c5e7f9b14c2d8e6f0a1b3c5d7e9f";
/// The frontend `pls-reports-legacy` still names; its Service is gone.
const REPORTS_FE: &str = "a3f1c9e2b7d84e5f9a0b1c2d3e4f5a6b";
const HOUR: i64 = 60;
const DAY: i64 = 24 * HOUR;

/// The built-in demo estate (see the module docs for the story).
pub fn demo() -> EstateDocument {
    let mut doc = EstateDocument {
        tenant_id: TENANT_ID.into(),
        denied_subscriptions: vec![RESTRICTED_FINANCE.into()],
        ..EstateDocument::default()
    };
    for (sub, name) in [
        (CONTOSO_PLATFORM, "Contoso Platform Prod"),
        (CONTOSO_EDGE, "Contoso Edge"),
        (FABRIKAM, "Fabrikam Consumer"),
        (WOODGROVE, "Woodgrove Partner"),
        (RESTRICTED_FINANCE, "Restricted Finance"),
    ] {
        doc.subscriptions.push(subscription(TENANT_ID, sub, name));
    }
    let weu = cluster("rg-aks-prod", "aks-prod-weu", WEU, false);
    let eus = cluster("rg-aks-prod-eus", "aks-prod-eus", EUS, false);
    let ops = cluster("rg-aks-ops", "aks-ops-neu", NEU, true);
    for c in [&weu, &eus, &ops] {
        doc.resource_groups
            .push(resource_group(&c.sub, &c.rg, &c.location, None));
        doc.resource_groups.push(resource_group(
            &c.sub,
            &c.node_rg(),
            &c.location,
            Some(&c.id()),
        ));
        doc.resources.push(managed_cluster(c));
    }
    for (sub, rg, location) in [
        (CONTOSO_PLATFORM, "rg-batch", WEU),
        (CONTOSO_PLATFORM, "rg-dns", WEU),
        (CONTOSO_PLATFORM, "rg-data", WEU),
        (CONTOSO_EDGE, "rg-edge", WEU),
        (FABRIKAM, "rg-fabrikam-apps", WEU),
        (WOODGROVE, "rg-woodgrove-integration", NEU),
        (RESTRICTED_FINANCE, "rg-finance-ledger", WEU),
    ] {
        doc.resource_groups
            .push(resource_group(sub, rg, location, None));
    }
    publish_services(&mut doc, &weu, &eus);
    doc.resources.push(kube_apiserver_endpoint(&ops));
    paas_resources(&mut doc);
    doc
}

/// The PaaS resources and their consumers: the SQL server (public access off) asked for by
/// Fabrikam; a Storage account still open to the internet although Fabrikam reaches it
/// privately (a finding; Contoso's batch jobs reach it too); a Key Vault reached only by
/// Contoso's own batch endpoint (healthy).
fn paas_resources(doc: &mut EstateDocument) {
    let sql = Endpoint {
        group_ids: vec!["sqlServer".into()],
        request_message: "Fabrikam analytics needs read access to the orders database".into(),
        fqdn: Some("sql-contoso-orders.privatelink.database.windows.net".into()),
        audit: by("ana@fabrikam.com", 26 * HOUR),
        ..customer(
            FABRIKAM,
            "rg-fabrikam-apps",
            "pe-fabrikam-orders-sql",
            WEU,
            &sql_server_id(),
        )
    };
    let exports_id = paas_id(
        PaasKind::Storage,
        CONTOSO_PLATFORM,
        "rg-data",
        "stcontosoexports",
    );
    let exports = Endpoint {
        group_ids: vec!["blob".into()],
        state: State::Approved,
        description: "Approved for the monthly exports (DATA-310)".into(),
        request_message: "Fabrikam reads the monthly exports".into(),
        fqdn: Some("stcontosoexports.privatelink.blob.core.windows.net".into()),
        audit: by("ana@fabrikam.com", 45 * DAY),
        ..customer(
            FABRIKAM,
            "rg-fabrikam-apps",
            "pe-fabrikam-exports-blob",
            WEU,
            &exports_id,
        )
    };
    let vault_id = paas_id(
        PaasKind::KeyVault,
        CONTOSO_PLATFORM,
        "rg-data",
        "kv-contoso-platform",
    );
    let vault = Endpoint {
        group_ids: vec!["vault".into()],
        state: State::Approved,
        description: "Auto-Approved".into(),
        manual: false,
        fqdn: Some("kv-contoso-platform.privatelink.vaultcore.azure.net".into()),
        audit: by("sam@contoso.com", 60 * DAY),
        ..customer(
            CONTOSO_PLATFORM,
            "rg-batch",
            "pe-batch-keyvault",
            WEU,
            &vault_id,
        )
    };
    let batch_exports = Endpoint {
        group_ids: vec!["blob".into()],
        state: State::Approved,
        description: "Auto-Approved".into(),
        manual: false,
        fqdn: Some("stcontosoexports.privatelink.blob.core.windows.net".into()),
        audit: by("sam@contoso.com", 30 * DAY),
        ..customer(
            CONTOSO_PLATFORM,
            "rg-batch",
            "pe-batch-exports-blob",
            WEU,
            &exports_id,
        )
    };
    let resource = |kind, name: &str, public_access, endpoints: &[&Endpoint]| Paas {
        kind,
        sub: CONTOSO_PLATFORM.into(),
        rg: "rg-data".into(),
        name: name.into(),
        location: WEU.into(),
        public_access,
        connections: endpoints.iter().map(|e| e.connection()).collect(),
    };
    doc.resources.push(paas_resource(&resource(
        PaasKind::Sql,
        "sql-contoso-orders",
        "Disabled",
        &[&sql],
    )));
    doc.resources.push(paas_resource(&resource(
        PaasKind::Storage,
        "stcontosoexports",
        "Enabled",
        &[&exports, &batch_exports],
    )));
    doc.resources.push(paas_resource(&resource(
        PaasKind::KeyVault,
        "kv-contoso-platform",
        "Disabled",
        &[&vault],
    )));
    for endpoint in [&sql, &exports, &vault, &batch_exports] {
        doc.resources.push(private_endpoint(endpoint));
    }
    private_dns(doc, &sql, &exports, &vault);
}

/// Private DNS, one case per DNS finding and the healthy one: Contoso's hub zones in `rg-dns`
/// are linked to its batch network only. The Key Vault endpoint is healthy (a zone group with
/// the right zone, linked to its network); Fabrikam's exports endpoint uses the hub's blob zone,
/// which is not linked to Fabrikam's network; Fabrikam's SQL endpoint has a zone group with
/// Synapse's SQL zone, not the one `sqlServer` needs; Contoso's batch exports endpoint has no
/// zone group at all.
fn private_dns(doc: &mut EstateDocument, sql: &Endpoint, exports: &Endpoint, vault: &Endpoint) {
    let vnet = |e: &Endpoint| {
        e.subnet_id
            .rsplit_once("/subnets/")
            .map(|(vnet, _)| vnet.to_owned())
            .unwrap_or_default()
    };
    let zone = |sub: &str, rg: &str, name: &str, links: Vec<String>| Zone {
        sub: sub.into(),
        rg: rg.into(),
        name: name.into(),
        links,
        records: 1,
    };
    let vault_zone = zone(
        CONTOSO_PLATFORM,
        "rg-dns",
        "privatelink.vaultcore.azure.net",
        vec![vnet(vault)],
    );
    let blob_zone = zone(
        CONTOSO_PLATFORM,
        "rg-dns",
        "privatelink.blob.core.windows.net",
        vec![vnet(vault)],
    );
    let synapse_zone = zone(
        FABRIKAM,
        "rg-fabrikam-apps",
        "privatelink.sql.azuresynapse.net",
        vec![vnet(sql)],
    );
    for z in [&vault_zone, &blob_zone, &synapse_zone] {
        doc.resources.push(private_dns_zone(z));
        doc.resources.extend(virtual_network_links(z));
    }
    doc.resources.push(dns_zone_group(vault, &[&vault_zone]));
    doc.resources.push(dns_zone_group(exports, &[&blob_zone]));
    doc.resources.push(dns_zone_group(sql, &[&synapse_zone]));
}

/// Both clusters' load balancers and PLSs, the Front Door in front of them, and their consumers.
fn publish_services(doc: &mut EstateDocument, weu: &Cluster, eus: &Cluster) {
    let edge = FrontDoor {
        sub: CONTOSO_EDGE.into(),
        rg: "rg-edge".into(),
        profile: "afd-contoso".into(),
    };
    let origins = origins(&pls_id(eus, &format!("pls-{ORDERS_API_FE}")));
    let consumers = super_api_consumers();
    let reports = Endpoint {
        state: State::Approved,
        description: "Approved by the reports team (REP-77)".into(),
        request_message: "Fabrikam dashboards read the reports API".into(),
        audit: by("ana@fabrikam.com", 160 * DAY),
        ..customer(
            FABRIKAM,
            "rg-fabrikam-apps",
            "pe-fabrikam-reports",
            WEU,
            &pls_id(weu, "pls-reports-legacy"),
        )
    };

    doc.resources.push(internal_load_balancer(
        weu,
        &[
            frontend(SUPER_API_FE, 80, 8080, 31380),
            frontend("a0c4e8f2b6d94a1c8e3f5b7d9a2c4e6f", 9090, 9090, 30990),
        ],
    ));
    let mut my_pls = pls(
        weu,
        "myPLS",
        SUPER_API_FE,
        "10.224.10.10",
        owner_tags("default/super-api"),
    );
    my_pls.auto_approval = vec![FABRIKAM.into()];
    my_pls.connections = consumers.iter().map(Endpoint::connection).collect();
    my_pls.connections.push(origins[0].connection());
    doc.resources.push(private_link_service(&my_pls));
    let mut legacy = pls(
        weu,
        "pls-reports-legacy",
        REPORTS_FE,
        "10.224.10.12",
        owner_tags("default/reports-api"),
    );
    legacy.connections = vec![reports.connection()];
    doc.resources.push(private_link_service(&legacy));

    doc.resources.push(internal_load_balancer(
        eus,
        &[frontend(ORDERS_API_FE, 443, 8443, 30443)],
    ));
    let name = format!("pls-{ORDERS_API_FE}");
    let mut orders = pls(
        eus,
        &name,
        ORDERS_API_FE,
        "10.224.10.20",
        owner_tags("orders/orders-api"),
    );
    orders.connections = vec![origins[1].connection()];
    // Found only by Contoso and Fabrikam (the healthy side of `openVisibility`), with an
    // auto-approval for Woodgrove, which cannot find it (`autoApprovalNotVisible`); its
    // backend reads the PROXY protocol header (`proxyProtocol`, a note).
    orders.visibility = vec![CONTOSO_PLATFORM.into(), FABRIKAM.into()];
    orders.auto_approval = vec![WOODGROVE.into()];
    orders.proxy_protocol = true;
    doc.resources.push(private_link_service(&orders));

    doc.resources.push(front_door_profile(&edge));
    doc.resources.push(afd_endpoint(&edge, "contoso-web"));
    for o in &origins {
        doc.resources.push(origin_group(&edge, &o.group));
        doc.resources.push(front_door_origin(&edge, o));
    }
    for e in consumers.iter().chain([&reports]) {
        doc.resources.push(private_endpoint(e));
    }
}

/// Customers of `myPLS`: one of each state, pending requests of different ages.
fn super_api_consumers() -> Vec<Endpoint> {
    let to_my_pls = |sub: &str, rg: &str, name: &str, location: &str| {
        customer(sub, rg, name, location, MY_PLS_ID)
    };
    let woodgrove = |name: &str| to_my_pls(WOODGROVE, "rg-woodgrove-integration", name, NEU);
    vec![
        Endpoint {
            manual: false,
            state: State::Approved,
            description: "Auto-Approved".into(),
            audit: Audit {
                by_type: "Application",
                ..by("fabrikam-deploy", 41 * DAY)
            },
            ..to_my_pls(FABRIKAM, "rg-fabrikam-apps", "pe-fabrikam-super-api", WEU)
        },
        Endpoint {
            state: State::Rejected,
            description: "Rejected: no data-sharing agreement with Woodgrove (PLAT-2231)".into(),
            request_message: "Woodgrove order sync needs super-api".into(),
            audit: Audit {
                modified_minutes_ago: 11 * DAY,
                ..by("lee@woodgrove.com", 12 * DAY)
            },
            ..woodgrove("pe-woodgrove-super-api")
        },
        Endpoint {
            state: State::Disconnected,
            description: "Removed by the platform team: legacy export retired".into(),
            request_message: "Legacy nightly export".into(),
            audit: Audit {
                modified_minutes_ago: 9 * DAY,
                ..by("lee@woodgrove.com", 200 * DAY)
            },
            ..woodgrove("pe-woodgrove-legacy-export")
        },
        Endpoint {
            request_message: "UAT access for the Woodgrove partner portal (WG-5521)".into(),
            audit: by("priya@woodgrove.com", 3 * HOUR),
            ..woodgrove("pe-woodgrove-super-api-uat")
        },
        Endpoint {
            request_message: "Nightly batch jobs call super-api (CHG-4410)".into(),
            audit: by("sam@contoso.com", 2 * DAY + 5 * HOUR),
            ..to_my_pls(CONTOSO_PLATFORM, "rg-batch", "pe-batch-super-api", WEU)
        },
        Endpoint {
            state: State::Approved,
            description: "Approved for ledger sync (FIN-118)".into(),
            request_message: "Ledger sync reads super-api".into(),
            audit: by("finops@contoso.com", 90 * DAY),
            ..to_my_pls(
                RESTRICTED_FINANCE,
                "rg-finance-ledger",
                "pe-ledger-super-api",
                WEU,
            )
        },
    ]
}

/// Front Door origins: super-api (Pending on `myPLS`) and orders-api (Approved).
fn origins(orders_pls: &str) -> [Origin; 2] {
    let super_api = Origin {
        group: "og-super-api".into(),
        name: "super-api-weu".into(),
        host_name: "super-api.contoso.internal".into(),
        pls_id: MY_PLS_ID.into(),
        pls_location: WEU.into(),
        request_message: "Contoso Edge Front Door: super-api (westeurope)".into(),
        state: State::Pending,
        pe_guid: "3e8b1f4a-6c2d-4e9f-8a7b-0c1d2e3f4a5b".into(),
        audit: by("maria@contoso.com", 38),
    };
    let orders_api = Origin {
        group: "og-orders-api".into(),
        name: "orders-api-eus".into(),
        host_name: "orders-api.contoso.internal".into(),
        pls_id: orders_pls.into(),
        pls_location: EUS.into(),
        request_message: "Contoso Edge Front Door: orders-api (eastus)".into(),
        state: State::Approved,
        pe_guid: "2d2eb87d-5a1c-4f3e-9b8d-7c6a5e4f3d21".into(),
        audit: by("maria@contoso.com", 20 * DAY),
    };
    [super_api, orders_api]
}

fn cluster(rg: &str, name: &str, location: &str, private: bool) -> Cluster {
    Cluster {
        sub: CONTOSO_PLATFORM.into(),
        rg: rg.into(),
        name: name.into(),
        location: location.into(),
        private,
    }
}

fn frontend(name: &str, port: u16, target_port: u16, node_port: u16) -> Frontend {
    Frontend {
        name: name.into(),
        ip: format!("10.224.0.{}", 100 + port % 50),
        port,
        target_port,
        node_port,
    }
}

fn pls_id(c: &Cluster, name: &str) -> String {
    builders::network_id(&c.sub, &c.node_rg(), "privateLinkServices", name)
}

/// A PLS in the cluster's node resource group, NAT IP in the node subnet, visible to all.
fn pls(c: &Cluster, name: &str, frontend: &str, nat_ip: &str, tags: serde_json::Value) -> Pls {
    Pls {
        sub: c.sub.clone(),
        rg: c.node_rg(),
        name: name.into(),
        location: c.location.clone(),
        frontend_id: c.frontend_id(frontend),
        nat_subnet_id: c.subnet_id(),
        nat_ip: nat_ip.into(),
        visibility: vec!["*".into()],
        auto_approval: vec![],
        proxy_protocol: false,
        tags,
        connections: vec![],
    }
}

fn sql_server_id() -> String {
    paas_id(
        PaasKind::Sql,
        CONTOSO_PLATFORM,
        "rg-data",
        "sql-contoso-orders",
    )
}

/// A user's audit trail: created (and last changed) `minutes` ago.
fn by(user: &str, minutes: i64) -> Audit {
    Audit {
        by: user.into(),
        by_type: "User",
        created_minutes_ago: minutes,
        modified_minutes_ago: minutes,
    }
}

/// A manual, pending endpoint in a customer's own VNet; callers override what differs.
fn customer(sub: &str, rg: &str, name: &str, location: &str, target: &str) -> Endpoint {
    Endpoint {
        sub: sub.into(),
        rg: rg.into(),
        name: name.into(),
        location: location.into(),
        subnet_id: subnet_id(sub, rg, &format!("vnet-{rg}"), "snet-private-endpoints"),
        target_id: target.into(),
        group_ids: vec![],
        request_message: String::new(),
        state: State::Pending,
        description: String::new(),
        manual: true,
        audit: by("unknown", 0),
        fqdn: None,
    }
}

#[cfg(test)]
mod tests;
