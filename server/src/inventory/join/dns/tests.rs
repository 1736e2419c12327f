//! Each DNS finding fires on the case it describes and not on the healthy endpoint; zone names,
//! group ids and ids compare ignoring case.

use serde_json::json;

use super::*;
use crate::arm::models::{DnsZoneGroup, PrivateDnsZone, ZoneLink, attach_links};

const SUB: &str = "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e51";
const VNET: &str = "/subscriptions/6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e51/resourceGroups/rg-batch/providers/Microsoft.Network/virtualNetworks/vnet-batch";

fn id(text: &str) -> ResourceId {
    ResourceId::parse(text).unwrap()
}

fn zone_id(name: &str) -> String {
    format!(
        "/subscriptions/{SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/{name}"
    )
}

/// An endpoint in `vnet-batch` to a Storage account's `group`, in `status`, with zone groups.
fn endpoint(group: &str, status: &str, zones: Option<&[&str]>) -> PrivateEndpoint {
    let mut endpoint = PrivateEndpoint::from_arm(&json!({
        "id": format!("/subscriptions/{SUB}/resourceGroups/rg-batch/providers/Microsoft.Network/privateEndpoints/pe-blob"),
        "name": "pe-blob", "type": "Microsoft.Network/privateEndpoints", "location": "westeurope",
        "properties": {
            "subnet": { "id": format!("{VNET}/subnets/snet-pe") },
            "privateLinkServiceConnections": [{
                "name": "c",
                "properties": {
                    "privateLinkServiceId": format!("/subscriptions/{SUB}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/st"),
                    "groupIds": [group],
                    "privateLinkServiceConnectionState": { "status": status, "description": "" }
                }
            }]
        }
    }))
    .unwrap();
    endpoint.zone_groups = zones.map(|zones| {
        if zones.is_empty() {
            return Vec::new();
        }
        vec![DnsZoneGroup {
            name: "default".into(),
            zones: zones.iter().map(|z| id(&zone_id(z))).collect(),
            fqdns: vec![],
        }]
    });
    endpoint
}

fn zone(name: &str, linked_to: &[&str]) -> PrivateDnsZone {
    let mut zones = vec![
        PrivateDnsZone::from_arm(&json!({
            "id": zone_id(name), "name": name, "type": "Microsoft.Network/privateDnsZones"
        }))
        .unwrap(),
    ];
    let links = linked_to
        .iter()
        .enumerate()
        .map(|(n, vnet)| {
            ZoneLink::from_arm(&json!({
                "id": format!("{}/virtualNetworkLinks/link{n}", zone_id(name)),
                "type": "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
                "properties": { "virtualNetwork": { "id": vnet }, "virtualNetworkLinkState": "Completed" }
            }))
            .unwrap()
        })
        .collect();
    attach_links(&mut zones, links);
    zones.pop().unwrap()
}

fn kinds(found: &[Finding]) -> Vec<&'static str> {
    found.iter().map(Finding::kind).collect()
}

const BLOB: &str = "privatelink.blob.core.windows.net";

#[test]
fn the_healthy_endpoint_has_no_finding_whatever_the_casing() {
    let zones = [zone(BLOB, &[VNET])];
    let index = ZoneIndex::new(&zones);
    assert_eq!(
        of_endpoint(&endpoint("blob", "Approved", Some(&[BLOB])), &index),
        []
    );
    // Microsoft's casing differs between payloads; ARM ignores it, so do we.
    let shouted = [zone(&BLOB.to_uppercase(), &[&VNET.to_uppercase()])];
    let index = ZoneIndex::new(&shouted);
    let endpoint = endpoint("BLOB", "Approved", Some(&[&BLOB.to_uppercase()]));
    assert_eq!(of_endpoint(&endpoint, &index), []);
}

#[test]
fn an_endpoint_without_a_zone_group_names_the_zone_it_needs() {
    let found = of_endpoint(
        &endpoint("blob", "Pending", Some(&[])),
        &ZoneIndex::default(),
    );
    assert_eq!(kinds(&found), ["noDnsZoneGroup"]);
    assert!(found[0].message().contains(BLOB), "{}", found[0].message());
    // Zone groups not read (an estate without them) say nothing.
    assert_eq!(
        of_endpoint(&endpoint("blob", "Pending", None), &ZoneIndex::default()),
        []
    );
    // Orphans are another finding's business.
    assert_eq!(
        of_endpoint(
            &endpoint("blob", "Rejected", Some(&[])),
            &ZoneIndex::default()
        ),
        []
    );
}

#[test]
fn a_zone_not_linked_to_the_endpoints_network_is_a_finding_unless_unreadable() {
    let other = VNET.replace("vnet-batch", "vnet-hub");
    let zones = [zone(BLOB, &[&other])];
    let found = of_endpoint(
        &endpoint("blob", "Approved", Some(&[BLOB])),
        &ZoneIndex::new(&zones),
    );
    assert_eq!(kinds(&found), ["dnsZoneNotLinked"]);
    assert!(found[0].message().contains("vnet-batch"));
    // A zone in a subscription Link Center cannot read is not judged.
    assert_eq!(
        of_endpoint(
            &endpoint("blob", "Approved", Some(&[BLOB])),
            &ZoneIndex::default()
        ),
        []
    );
}

#[test]
fn a_zone_that_does_not_fit_the_sub_resource_is_a_finding() {
    let file = "privatelink.file.core.windows.net";
    let zones = [zone(file, &[VNET])];
    let found = of_endpoint(
        &endpoint("blob", "Approved", Some(&[file])),
        &ZoneIndex::new(&zones),
    );
    assert_eq!(kinds(&found), ["dnsZoneMismatch"]);
    assert!(found[0].message().contains(BLOB));
    // The secondary endpoint of a blob uses the blob zone too.
    let zones = [zone(BLOB, &[VNET])];
    assert_eq!(
        of_endpoint(
            &endpoint("blob_secondary", "Approved", Some(&[BLOB])),
            &ZoneIndex::new(&zones)
        ),
        []
    );
}

#[test]
fn region_placeholders_match_one_label_only() {
    let pattern = "{region}.data.privatelink.azurecr.io";
    assert!(fits("westeurope.data.privatelink.azurecr.io", pattern));
    assert!(fits("WestEurope.Data.PrivateLink.AzureCR.io.", pattern));
    assert!(!fits("data.privatelink.azurecr.io", pattern));
    assert!(!fits("a.b.data.privatelink.azurecr.io", pattern));
    assert!(fits("privatelink.azurecr.io", "privatelink.azurecr.io"));
}

#[test]
fn targets_outside_the_table_are_not_checked() {
    let pls = id(&format!(
        "/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/pls"
    ));
    assert_eq!(expected(&pls, ""), None);
    let sql = id(&format!(
        "/subscriptions/{SUB}/resourceGroups/rg/providers/microsoft.sql/SERVERS/sql"
    ));
    assert_eq!(
        expected(&sql, "SQLSERVER"),
        Some(&["privatelink.database.windows.net"][..])
    );
    assert!(is_checked(&endpoint("blob", "Approved", None)));
    assert!(!is_checked(&endpoint("unknownGroup", "Approved", None)));
}
