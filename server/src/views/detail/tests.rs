//! Detail pages over the demo estate: myPLS with its frontend and every connection, a PE that
//! links back to its connection, a connection with both ends, and ids in any casing.

use app::model::{ConsumerView, SectionBody, Value};
use emulator::estate::demo::MY_PLS_ID;

use super::*;
use crate::inventory::join::tests::demo_now;
use crate::views::test_support::demo_views;

fn page(views: &Views, id: &str) -> ResourceView {
    resource(views, id, demo_now())
        .unwrap()
        .unwrap_or_else(|| panic!("{id} has a page"))
}

/// The link target and test id of a `Value::Resource` (inside `Many` too).
fn link(value: &Value) -> Option<(&str, Option<&str>)> {
    match value {
        Value::Resource { id, test_id, .. } => Some((id.as_str(), test_id.as_deref())),
        Value::Many(values) => values.iter().find_map(link),
        _ => None,
    }
}

#[test]
fn my_pls_shows_its_frontend_rules_nat_ips_and_every_connection_oldest_first() {
    let views = demo_views();
    let page = page(&views, MY_PLS_ID);
    assert_eq!(page.title, "myPLS");
    assert_eq!(
        page.prop("Kubernetes Service"),
        Some(&Value::Text("default/super-api".into()))
    );
    assert_eq!(
        page.prop("Rules"),
        Some(&Value::Mono("80/Tcp → 8080".into()))
    );
    assert!(
        matches!(page.prop("Load balancer"), Some(Value::Many(parts)) if parts[0] == Value::Text("kubernetes-internal".into()))
    );
    let nat = page
        .sections
        .iter()
        .find(|s| s.heading == "NAT IP configurations")
        .unwrap();
    assert!(matches!(&nat.body, SectionBody::Props(ips) if !ips.is_empty()));
    let connections = page.connections().unwrap();
    assert_eq!(connections.len(), 7, "myPLS holds seven connections");
    let ages: Vec<u64> = connections.iter().filter_map(|c| c.age_seconds).collect();
    assert!(
        ages.windows(2).all(|w| w[0] >= w[1]),
        "oldest first: {ages:?}"
    );
}

#[test]
fn a_pls_without_its_frontend_says_the_chain_is_broken() {
    let views = demo_views();
    let id = views
        .services
        .rows()
        .iter()
        .find(|s| s.name == "pls-reports-legacy")
        .unwrap()
        .id
        .clone();
    let page = page(&views, &id);
    assert!(
        matches!(&page.sections[0].body, SectionBody::Findings(f) if f[0].kind == "missingFrontend"),
        "the finding comes first"
    );
    let frontend = page
        .sections
        .iter()
        .find(|s| s.heading == "Load balancer frontend")
        .unwrap();
    assert!(
        matches!(&frontend.body, SectionBody::Note { text, warning: true } if text.starts_with("The chain is broken"))
    );
}

#[test]
fn ids_are_found_in_any_casing() {
    let views = demo_views();
    assert_eq!(page(&views, &MY_PLS_ID.to_uppercase()).title, "myPLS");
}

#[test]
fn an_endpoint_links_back_to_the_connection_on_its_service_and_the_connection_to_it() {
    let views = demo_views();
    let pls = page(&views, MY_PLS_ID);
    let from_pe = pls
        .connections()
        .unwrap()
        .iter()
        .find(|c| matches!(c.consumer, ConsumerView::Endpoint { .. }))
        .expect("myPLS has a consumer endpoint in the estate");
    let ConsumerView::Endpoint { endpoint_id, .. } = &from_pe.consumer else {
        unreachable!()
    };
    let pe = page(&views, endpoint_id);
    assert_eq!(
        link(pe.prop("Connection on the service").unwrap()),
        Some((from_pe.id.as_str(), Some("pe-provider-connection")))
    );
    assert_eq!(
        link(pe.prop("Target").unwrap()),
        Some((MY_PLS_ID, Some("pe-target")))
    );
    let connection = page(&views, &from_pe.id);
    assert_eq!(
        link(connection.prop("Consumer").unwrap()),
        Some((endpoint_id.as_str(), Some("connection-endpoint")))
    );
    assert_eq!(
        link(connection.prop("Private link service").unwrap()),
        Some((MY_PLS_ID, Some("connection-service")))
    );
}

#[test]
fn unknown_and_malformed_ids_are_told_apart() {
    let views = demo_views();
    let missing = MY_PLS_ID.replace("myPLS", "nothing-here");
    assert_eq!(resource(&views, &missing, demo_now()).unwrap(), None);
    assert!(resource(&views, "not an id", demo_now()).is_err());
    assert_eq!(
        resource(
            &views,
            "/subscriptions/00000000-0000-0000-0000-000000000000",
            demo_now()
        )
        .unwrap(),
        None
    );
}

#[test]
fn an_endpoint_page_shows_its_findings_first_and_its_zone_groups() {
    let views = demo_views();
    let id_of = |name: &str| {
        views
            .snapshot
            .inventory
            .endpoints
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("the demo has {name}"))
            .id
            .to_string()
    };
    let bare = page(&views, &id_of("pe-batch-exports-blob"));
    let first = &bare.sections[0];
    assert_eq!(first.heading, "Findings");
    let SectionBody::Findings(findings) = &first.body else {
        panic!("a findings section: {first:?}");
    };
    let kinds: Vec<&str> = findings.iter().map(|f| f.kind.as_str()).collect();
    assert_eq!(kinds, ["noDnsZoneGroup"]);
    assert!(
        findings[0]
            .doc_url
            .starts_with("https://learn.microsoft.com/")
    );
    assert_eq!(
        bare.prop("Private DNS zone groups"),
        Some(&Value::Text("none".into()))
    );
    // The healthy endpoint has no findings section and names its zone.
    let healthy = page(&views, &id_of("pe-batch-keyvault"));
    assert_eq!(healthy.sections[0].heading, "Properties");
    let Some(Value::Many(groups)) = healthy.prop("Private DNS zone groups") else {
        panic!("zone groups: {:?}", healthy.prop("Private DNS zone groups"));
    };
    assert_eq!(groups[0], Value::Text("default:".into()));
    assert!(
        matches!(&groups[1], Value::Many(zone) if zone[0] == Value::Text("privatelink.vaultcore.azure.net".into())),
        "{groups:?}"
    );
}
