//! Each posture finding fires on the case it describes and not on its healthy counterpart;
//! subscription and tenant ids compare ignoring case.

use serde_json::json;
use time::OffsetDateTime;

use super::*;
use crate::arm::models::{PaasResource, PrivateEndpoint, PrivateLinkService};
use crate::inventory::join::chain::{ConnectionLink, FrontendLink, Provider};

const SUB: &str = "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e51";
const OTHER: &str = "2c7e9a1b-3d5f-4a6b-8c0d-e1f2a3b4c5d6";
const TENANT: &str = "4e7a2c1b-8d3f-4b6a-9c5e-2f1a0b7d6c38";

fn id(text: &str) -> ResourceId {
    ResourceId::parse(text).unwrap()
}

fn pls(visibility: &[&str], auto: &[&str], nat_ips: usize, proxy: bool) -> PrivateLinkService {
    let ips: Vec<_> = (0..nat_ips)
        .map(|n| json!({ "name": format!("ip{n}"), "properties": { "privateIPAddress": format!("10.0.0.{n}") } }))
        .collect();
    PrivateLinkService::from_arm(&json!({
        "id": format!("/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/pls"),
        "name": "pls", "type": "Microsoft.Network/privateLinkServices", "location": "westeurope",
        "properties": {
            "visibility": { "subscriptions": visibility }, "autoApproval": { "subscriptions": auto },
            "ipConfigurations": ips, "enableProxyProtocol": proxy
        }
    }))
    .unwrap()
}

fn link(status: ConnectionStatus, consumer_sub: &str) -> ConnectionLink {
    let endpoint = id(&format!(
        "/subscriptions/{consumer_sub}/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe"
    ));
    ConnectionLink {
        connection: id(&format!(
            "/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/pls/privateEndpointConnections/c-{consumer_sub}"
        )),
        name: "c".into(),
        private_endpoint: Some(endpoint.clone()),
        status,
        description: String::new(),
        requested_at: None,
        consumer: Consumer::ExternalEndpoint { endpoint },
    }
}

fn chain(service: &ResourceId, connections: Vec<ConnectionLink>) -> ServiceChain {
    ServiceChain {
        service: service.clone(),
        provider: Provider::PrivateLinkService,
        name: service.name().to_owned(),
        cluster: None,
        kubernetes_service: None,
        frontend: FrontendLink::None,
        connections,
    }
}

fn kinds(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(Finding::kind).collect()
}

fn tenants(trusted: &[&str]) -> Tenants {
    let settings = FindingSettings {
        trusted_tenants: trusted.iter().map(|t| (*t).to_owned()).collect(),
        ..FindingSettings::default()
    };
    let subscription = crate::arm::models::Subscription::from_arm(&json!({
        "id": format!("/subscriptions/{SUB}"), "subscriptionId": SUB.to_uppercase(),
        "tenantId": TENANT.to_uppercase(), "displayName": "Platform", "state": "Enabled"
    }))
    .unwrap();
    Tenants::new([&subscription], &settings)
}

#[test]
fn visibility_star_is_a_note_naming_the_auto_approved_and_a_list_is_not() {
    let settings = FindingSettings::default();
    let open = pls(&["*"], &[OTHER], 2, false);
    let found = of_service(&open, &chain(&open.id, vec![]), &tenants(&[]), &settings);
    assert_eq!(kinds(&found), ["openVisibility"]);
    assert!(found[0].message().contains(OTHER), "{}", found[0].message());
    let listed = pls(&[SUB], &[], 2, false);
    assert_eq!(
        of_service(
            &listed,
            &chain(&listed.id, vec![]),
            &tenants(&[]),
            &settings
        ),
        vec![]
    );
}

#[test]
fn auto_approval_outside_visibility_fires_and_inside_it_in_any_casing_does_not() {
    let settings = FindingSettings::default();
    let useless = pls(&[SUB], &[OTHER], 2, false);
    let found = of_service(
        &useless,
        &chain(&useless.id, vec![]),
        &tenants(&[]),
        &settings,
    );
    assert_eq!(kinds(&found), ["autoApprovalNotVisible"]);
    let fine = pls(&[SUB, OTHER], &[&OTHER.to_uppercase()], 2, false);
    assert_eq!(
        of_service(&fine, &chain(&fine.id, vec![]), &tenants(&[]), &settings),
        vec![]
    );
}

#[test]
fn one_nat_ip_fires_above_the_threshold_only() {
    let settings = FindingSettings {
        nat_connections_warn: 2,
        ..FindingSettings::default()
    };
    let one = pls(&[SUB], &[], 1, false);
    let many = || {
        (0..3)
            .map(|_| link(ConnectionStatus::Approved, SUB))
            .collect()
    };
    let few = || {
        (0..2)
            .map(|_| link(ConnectionStatus::Approved, SUB))
            .collect()
    };
    let found = of_service(&one, &chain(&one.id, many()), &tenants(&[]), &settings);
    assert_eq!(kinds(&found), ["oneNatIp"]);
    assert_eq!(
        of_service(&one, &chain(&one.id, few()), &tenants(&[]), &settings),
        vec![]
    );
    let two = pls(&[SUB], &[], 2, false);
    assert_eq!(
        of_service(&two, &chain(&two.id, many()), &tenants(&[]), &settings),
        vec![]
    );
}

#[test]
fn proxy_protocol_is_an_info_note() {
    let proxied = pls(&[SUB], &[], 2, true);
    let found = of_service(
        &proxied,
        &chain(&proxied.id, vec![]),
        &tenants(&[]),
        &FindingSettings::default(),
    );
    assert_eq!(kinds(&found), ["proxyProtocol"]);
    assert_eq!(found[0].severity(), crate::inventory::join::Severity::Info);
}

#[test]
fn approved_consumers_outside_the_trusted_tenants_fire_only_when_tenants_are_trusted() {
    let settings = FindingSettings::default();
    let service = pls(&[SUB], &[], 2, false);
    let links = vec![
        link(ConnectionStatus::Approved, SUB),
        link(ConnectionStatus::Approved, OTHER),
        link(ConnectionStatus::Pending, OTHER),
    ];
    let chain = chain(&service.id, links);
    assert_eq!(
        of_service(&service, &chain, &tenants(&[]), &settings),
        vec![]
    );
    // Ours is trusted (written in another case); the other subscription's tenant is unseen.
    let found = of_service(
        &service,
        &chain,
        &tenants(&[&TENANT.to_uppercase()]),
        &settings,
    );
    assert_eq!(kinds(&found), ["untrustedTenant"]);
    assert!(
        found[0].message().contains("cannot see"),
        "{}",
        found[0].message()
    );
    let found = of_service(
        &service,
        &chain,
        &tenants(&["00000000-0000-0000-0000-000000000001"]),
        &settings,
    );
    assert_eq!(kinds(&found), ["untrustedTenant", "untrustedTenant"]);
}

fn storage(public: &str) -> PaasResource {
    PaasResource::from_arm(&json!({
        "id": format!("/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st"),
        "name": "st", "type": "Microsoft.Storage/storageAccounts", "location": "westeurope",
        "properties": { "publicNetworkAccess": public }
    }))
    .unwrap()
}

#[test]
fn public_access_fires_with_an_approved_endpoint_and_not_when_disabled_or_only_pending() {
    let open = storage("Enabled");
    let approved = chain(&open.id, vec![link(ConnectionStatus::Approved, OTHER)]);
    assert_eq!(
        kinds(&of_paas(&open, &approved, &tenants(&[]))),
        ["publicAccessEnabled"]
    );
    let pending = chain(&open.id, vec![link(ConnectionStatus::Pending, OTHER)]);
    assert_eq!(of_paas(&open, &pending, &tenants(&[])), vec![]);
    let closed = storage("Disabled");
    assert_eq!(of_paas(&closed, &approved, &tenants(&[])), vec![]);
}

fn endpoint(status: &str) -> PrivateEndpoint {
    PrivateEndpoint::from_arm(&json!({
        "id": format!("/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe"),
        "name": "pe", "type": "Microsoft.Network/privateEndpoints", "location": "westeurope",
        "systemData": { "createdAt": "2026-11-10T09:00:00Z" },
        "properties": { "manualPrivateLinkServiceConnections": [{
            "id": format!("/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe/manualPrivateLinkServiceConnections/c"),
            "name": "c",
            "properties": {
                "privateLinkServiceId": format!("/subscriptions/{OTHER}/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/theirs"),
                "privateLinkServiceConnectionState": { "status": status, "description": "" }
            }
        }]}
    }))
    .unwrap()
}

#[test]
fn rejected_and_disconnected_endpoints_are_orphans_with_their_age() {
    let now = OffsetDateTime::parse(
        "2026-11-20T09:00:00Z",
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    for status in ["Rejected", "disconnected"] {
        let found = of_endpoint(&endpoint(status), now);
        assert_eq!(kinds(&found), ["orphanEndpoint"], "{status}");
        assert!(
            found[0].message().contains("10 days ago"),
            "{}",
            found[0].message()
        );
    }
    for status in ["Approved", "Pending"] {
        assert_eq!(of_endpoint(&endpoint(status), now), vec![], "{status}");
    }
}
