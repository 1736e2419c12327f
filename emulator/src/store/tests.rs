//! Tests of the store: case-insensitive lookups, lists, and connection changes on both sides.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::*;

const PLS: &str = "/subscriptions/prov/resourceGroups/mc_rg/providers/Microsoft.Network/privateLinkServices/myPLS";
const PE: &str =
    "/subscriptions/cons/resourceGroups/app/providers/Microsoft.Network/privateEndpoints/pe1";
const AFD_PE: &str = "/subscriptions/c1bc5dd7-ea97-469c-89fa-8f26624902fd/resourceGroups/eafd-Prod-westeurope/providers/Microsoft.Network/privateEndpoints/1d3a";
const ORIGIN: &str = "/subscriptions/prov/resourceGroups/edge/providers/Microsoft.Cdn/profiles/fd/originGroups/og/origins/o1";

fn connection(name: &str, pe: &str, status: &str, description: &str) -> Value {
    json!({
        "id": format!("{PLS}/privateEndpointConnections/{name}"), "name": name, "etag": "W/\"1\"",
        "type": "Microsoft.Network/privateLinkServices/privateEndpointConnections",
        "properties": { "privateEndpoint": { "id": pe },
            "privateLinkServiceConnectionState": { "status": status, "description": description, "actionsRequired": "None" } }
    })
}

fn store() -> Store {
    let doc = EstateDocument {
        tenant_id: "t".into(),
        subscriptions: ["prov", "cons"]
            .iter()
            .map(|s| json!({"id": format!("/subscriptions/{s}"), "subscriptionId": s}))
            .collect(),
        resource_groups: [
            "/subscriptions/prov/resourceGroups/mc_rg",
            "/subscriptions/prov/resourceGroups/edge",
            "/subscriptions/cons/resourceGroups/app",
        ]
        .iter()
        .map(|id| json!({"id": id, "name": id.rsplit('/').next().unwrap()}))
        .collect(),
        resources: vec![
            json!({"id": PLS, "name": "myPLS", "type": "Microsoft.Network/privateLinkServices", "location": "westeurope", "etag": "W/\"0\"",
            "properties": {"privateEndpointConnections": [
                 connection("pe1.conn", PE, "Pending", "please"),
                 connection("afd.conn", AFD_PE, "Pending", "AFD request"),
            ]}}),
            json!({"id": PE, "name": "pe1", "type": "Microsoft.Network/privateEndpoints", "location": "westeurope", "etag": "W/\"0\"",
                   "properties": {"manualPrivateLinkServiceConnections": [
                       {"name": "c", "properties": {"privateLinkServiceId": PLS.to_uppercase(), "privateLinkServiceConnectionState": {"status": "Pending"}}}]}}),
            json!({"id": ORIGIN, "name": "o1", "type": "Microsoft.Cdn/profiles/originGroups/origins",
                   "properties": {"sharedPrivateLinkResource": {"privateLink": {"id": PLS}, "requestMessage": "AFD request", "status": "Pending"}}}),
        ],
        denied_subscriptions: vec![],
    };
    Store::new(doc, &[], 1).unwrap()
}

fn approve(description: &str) -> Value {
    json!({"properties": {"privateLinkServiceConnectionState": {"status": "Approved", "description": description}}})
}

#[test]
fn lookups_ignore_case() {
    let store = store();
    let now = Instant::now();
    assert!(store.get(&key(&PLS.to_uppercase()), now).is_ok());
    let conn = store
        .get(
            &key(&format!("{PLS}/PRIVATEENDPOINTCONNECTIONS/PE1.CONN")),
            now,
        )
        .unwrap();
    assert_eq!(conn["name"], "pe1.conn");
    let missing = store
        .get(&key(&format!("{PLS}/privateEndpointConnections/nope")), now)
        .unwrap_err();
    assert_eq!(missing.status, axum::http::StatusCode::NOT_FOUND);
}

#[test]
fn lists_filter_by_scope_and_type() {
    let store = store();
    let now = Instant::now();
    let all = store
        .list(
            "PROV",
            None,
            "microsoft.network/privatelinkservices",
            None,
            now,
        )
        .unwrap();
    assert_eq!(all.len(), 1);
    assert!(
        store
            .list(
                "prov",
                Some("edge"),
                "microsoft.network/privatelinkservices",
                None,
                now
            )
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .list(
                "prov",
                Some("nope"),
                "microsoft.network/privatelinkservices",
                None,
                now
            )
            .unwrap_err()
            .code,
        "ResourceGroupNotFound"
    );
    let children = store
        .list(
            "prov",
            Some("mc_rg"),
            "microsoft.network/privatelinkservices/privateendpointconnections",
            Some(&key(PLS)),
            now,
        )
        .unwrap();
    assert_eq!(children.len(), 2);
}

#[test]
fn approval_shows_on_the_service_the_endpoint_and_a_new_etag() {
    let store = store();
    let now = Instant::now();
    let id = key(&format!("{PLS}/privateEndpointConnections/pe1.conn"));
    let before = store.get(&key(PLS), now).unwrap()["etag"].clone();
    let updated = store
        .update_connection(&id, &approve("ok by ops"), now)
        .unwrap();
    assert_eq!(
        updated["properties"]["privateLinkServiceConnectionState"]["status"],
        "Approved"
    );
    assert_ne!(store.get(&key(PLS), now).unwrap()["etag"], before);
    let pe = store.get(&key(PE), now).unwrap();
    let state = &pe["properties"]["manualPrivateLinkServiceConnections"][0]["properties"]["privateLinkServiceConnectionState"];
    assert_eq!(state["status"], "Approved");
    assert_eq!(state["description"], "ok by ops");
}

#[test]
fn front_door_approval_reaches_the_origin_even_after_the_description_changed() {
    let store = store();
    let now = Instant::now();
    let id = key(&format!("{PLS}/privateEndpointConnections/afd.conn"));
    store
        .update_connection(&id, &approve("first"), now)
        .unwrap();
    assert_eq!(
        store.get(&key(ORIGIN), now).unwrap()["properties"]["sharedPrivateLinkResource"]["status"],
        "Approved"
    );
    let reject =
        json!({"properties": {"privateLinkServiceConnectionState": {"status": "Rejected"}}});
    store.update_connection(&id, &reject, now).unwrap();
    assert_eq!(
        store.get(&key(ORIGIN), now).unwrap()["properties"]["sharedPrivateLinkResource"]["status"],
        "Rejected"
    );
    assert_eq!(
        store
            .update_connection(&id, &approve("again"), now)
            .unwrap_err()
            .code,
        "CannotApproveRejectedPrivateEndpointConnection"
    );
}

#[test]
fn removal_completes_after_its_delay_and_leaves_the_endpoint_disconnected() {
    let store = store();
    let start = Instant::now();
    let id = key(&format!("{PLS}/privateEndpointConnections/pe1.conn"));
    let op = store
        .delete_connection(&id, start, Duration::from_secs(2))
        .unwrap()
        .unwrap();
    assert!(matches!(
        op.state(start),
        OperationState::InProgress { retry_after: 2 }
    ));
    assert_eq!(
        store.get(&id, start).unwrap()["properties"]["provisioningState"],
        "Deleting"
    );
    let later = start + Duration::from_secs(3);
    assert_eq!(
        store.operation(&op.id, later).unwrap().state(later),
        OperationState::Succeeded
    );
    assert!(store.get(&id, later).is_err());
    let pe = store.get(&key(PE), later).unwrap();
    assert_eq!(
        pe["properties"]["manualPrivateLinkServiceConnections"][0]["properties"]["privateLinkServiceConnectionState"]
            ["status"],
        "Disconnected"
    );
    assert!(
        store
            .delete_connection(&id, later, Duration::ZERO)
            .unwrap()
            .is_none(),
        "a second delete finds nothing"
    );
}
