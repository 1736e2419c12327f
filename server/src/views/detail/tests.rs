//! Detail pages over the demo estate: myPLS with its frontend and every connection, a PE that
//! links back to its connection, a connection with both ends, and ids in any casing.

use app::model::{ConsumerView, ResourceView};
use emulator::estate::demo::MY_PLS_ID;

use super::*;
use crate::inventory::join::tests::{demo_now, demo_read};
use crate::views::test_support::views_of;

fn demo_views() -> Views {
    let (inventory, statuses) = demo_read();
    views_of(inventory, statuses)
}

fn service_detail(views: &Views, id: &str) -> ServiceDetail {
    match resource(views, id, demo_now()).unwrap() {
        Some(ResourceView::Service(detail)) => detail,
        other => panic!("{id} is a private link service, got {other:?}"),
    }
}

#[test]
fn my_pls_shows_its_frontend_rules_nat_ips_and_every_connection_oldest_first() {
    let views = demo_views();
    let detail = service_detail(&views, MY_PLS_ID);
    assert_eq!(detail.row.name, "myPLS");
    assert_eq!(
        detail.row.owner_service.as_deref(),
        Some("default/super-api")
    );
    assert_eq!(detail.frontend.state, "found");
    assert_eq!(detail.frontend.ports, ["80/Tcp → 8080"]);
    assert!(
        detail
            .frontend
            .load_balancer_id
            .as_deref()
            .unwrap()
            .ends_with("/kubernetes-internal")
    );
    assert!(!detail.nat_ips.is_empty());
    assert_eq!(detail.connections.len() as u32, detail.row.counts.total());
    let ages: Vec<u64> = detail
        .connections
        .iter()
        .filter_map(|c| c.age_seconds)
        .collect();
    assert!(
        ages.windows(2).all(|w| w[0] >= w[1]),
        "oldest first: {ages:?}"
    );
}

#[test]
fn ids_are_found_in_any_casing() {
    let views = demo_views();
    let upper = MY_PLS_ID.to_uppercase();
    assert_eq!(service_detail(&views, &upper).row.name, "myPLS");
}

#[test]
fn an_endpoint_links_back_to_the_connection_on_its_service_and_the_connection_to_it() {
    let views = demo_views();
    let detail = service_detail(&views, MY_PLS_ID);
    let from_pe = detail
        .connections
        .iter()
        .find(|c| matches!(c.consumer, ConsumerView::Endpoint { .. }))
        .expect("myPLS has a consumer endpoint in the estate");
    let ConsumerView::Endpoint { endpoint_id, .. } = &from_pe.consumer else {
        unreachable!()
    };
    let Some(ResourceView::Endpoint(pe)) = resource(&views, endpoint_id, demo_now()).unwrap()
    else {
        panic!("{endpoint_id} has a detail page");
    };
    assert_eq!(
        pe.provider_connection_id.as_deref(),
        Some(from_pe.id.as_str())
    );
    assert_eq!(pe.target_name.as_deref(), Some("myPLS"));
    let Some(ResourceView::Connection(connection)) =
        resource(&views, &from_pe.id, demo_now()).unwrap()
    else {
        panic!("{} has a detail page", from_pe.id);
    };
    assert!(connection.endpoint_known);
    assert_eq!(
        connection.private_endpoint_id.as_deref(),
        Some(endpoint_id.as_str())
    );
    assert_eq!(connection.row.resource_name, "myPLS");
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
