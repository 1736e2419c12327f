//! Failures are reported with the resource's id and never silent; `null`s and odd optional
//! fields are tolerated; decoding arbitrary JSON never panics.

use proptest::prelude::*;
use serde_json::json;

use super::*;

const PLS_ID: &str =
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/";

fn pls(name: &str) -> Value {
    json!({ "id": format!("{PLS_ID}{name}"), "name": name, "location": "westeurope" })
}

fn error_of<T: FromArm + std::fmt::Debug>(value: &Value) -> DecodeError {
    match T::from_arm(value) {
        Ok(item) => panic!("{} should fail, got {item:?}", T::KIND),
        Err(error) => error,
    }
}

#[test]
fn one_undecodable_resource_in_three_yields_two_items_and_a_failure_naming_its_id() {
    let broken =
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices";
    let values = [pls("a"), json!({ "id": broken, "name": "b" }), pls("c")];
    let decoded = decode_all::<PrivateLinkService>(&values);
    let names: Vec<_> = decoded.items.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["a", "c"]);
    assert_eq!(decoded.failures.len(), 1);
    assert_eq!(decoded.failures[0].id(), Some(broken));
    assert!(decoded.failures[0].to_string().contains(broken));
    assert_eq!(decoded.failures[0].kind(), "private link service");
}

#[test]
fn a_connection_that_cannot_be_decoded_fails_its_service_with_the_path() {
    let mut value = pls("p");
    value["properties"] = json!({ "privateEndpointConnections": [{ "name": "c1" }] });
    let error = error_of::<PrivateLinkService>(&value);
    assert_eq!(error.id(), Some(format!("{PLS_ID}p").as_str()));
    let message = error.to_string();
    assert!(
        message.contains("properties.privateEndpointConnections[0]"),
        "{message}"
    );
    assert!(message.contains("missing field `id`"), "{message}");
    assert!(message.contains("'c1'"), "{message}");

    value["properties"] = json!({ "privateEndpointConnections": { "oops": 1 } });
    let message = error_of::<PrivateLinkService>(&value).to_string();
    assert!(message.contains("is an object, not a list"), "{message}");
}

#[test]
fn an_id_of_another_type_or_a_non_object_is_refused() {
    let endpoint = body("PrivateEndpointGet", "200");
    let message = error_of::<PrivateLinkService>(&endpoint).to_string();
    assert!(
        message.contains("is a Microsoft.Network/privateEndpoints, not a"),
        "{message}"
    );
    let message = error_of::<LoadBalancer>(&json!("lb")).to_string();
    assert_eq!(
        message,
        "load balancer: expected a JSON object, found a string"
    );
    let message = error_of::<Subscription>(&pls("p")).to_string();
    assert!(message.contains("not a subscription id"), "{message}");
}

#[test]
fn nulls_and_unparsable_optional_references_read_as_absent() {
    let value = json!({
        "id": format!("{PLS_ID}p"), "name": null, "location": null, "tags": null, "etag": null,
        "properties": {
            "visibility": null, "autoApproval": { "subscriptions": null }, "fqdns": ["a", 1],
            "enableProxyProtocol": null, "alias": 7, "privateEndpointConnections": null,
            "ipConfigurations": [{ "name": "nat", "properties": { "subnet": { "id": "not an id" } } }],
            "loadBalancerFrontendIpConfigurations": [{ "id": "//" }, null]
        }
    });
    let pls: PrivateLinkService = decoded(&value);
    assert_eq!(pls.name, "p", "a missing name is the id's last segment");
    assert_eq!((pls.location.as_str(), pls.alias.as_deref()), ("", None));
    assert_eq!(pls.fqdns, ["a"]);
    assert!(
        pls.visibility.is_empty() && pls.auto_approval.is_empty() && pls.connections.is_empty()
    );
    assert!(pls.frontend_ids.is_empty());
    assert_eq!(pls.nat_ips[0].subnet, None);
    let endpoint = json!({
        "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe",
        "properties": { "subnet": { "id": "garbage" }, "manualPrivateLinkServiceConnections": [
            { "id": null, "properties": { "privateLinkServiceId": "nope", "privateLinkServiceConnectionState": null } }
        ] }
    });
    let endpoint: PrivateEndpoint = decoded(&endpoint);
    assert_eq!(endpoint.subnet, None);
    let connection = &endpoint.connections[0];
    assert_eq!(
        (connection.id.as_ref(), connection.target.as_ref()),
        (None, None)
    );
    assert!(connection.manual);
    assert_eq!(
        connection.state.status,
        ConnectionStatus::Other(String::new())
    );
}

#[test]
fn connection_status_parses_ignoring_case_and_keeps_other_words() {
    assert_eq!(
        ConnectionStatus::parse("pending"),
        ConnectionStatus::Pending
    );
    assert_eq!(
        ConnectionStatus::parse("APPROVED"),
        ConnectionStatus::Approved
    );
    assert_eq!(" rejected ".parse(), Ok(ConnectionStatus::Rejected));
    assert_eq!(
        ConnectionStatus::from("Disconnected"),
        ConnectionStatus::Disconnected
    );
    assert_eq!(
        ConnectionStatus::parse("Timeout"),
        ConnectionStatus::Other("Timeout".into())
    );
    assert_eq!(ConnectionStatus::parse("approved").to_string(), "Approved");
    assert_eq!(
        serde_json::to_value(ConnectionStatus::Pending).ok(),
        Some(json!("Pending"))
    );
    let back: Result<ConnectionStatus, _> = serde_json::from_value(json!("pEnDiNg"));
    assert_eq!(back.ok(), Some(ConnectionStatus::Pending));
}

#[test]
fn actions_required_is_read_in_both_spellings_the_plural_first() {
    let state = |value: Value| decoded::<ConnectionState>(&value).actions_required;
    assert_eq!(
        state(json!({ "actionRequired": "Recreate" })).as_deref(),
        Some("Recreate")
    );
    let both = json!({ "actionsRequired": "None", "actionRequired": "Recreate" });
    assert_eq!(state(both).as_deref(), Some("None"));
}

#[test]
fn a_link_identifier_is_read_as_the_number_it_is_written_as_text_or_number() {
    let link = |value: Value| {
        let connection = json!({
            "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/p/privateEndpointConnections/c",
            "properties": { "linkIdentifier": value, "privateLinkServiceConnectionState": { "status": "Pending" } }
        });
        decoded::<PlsConnection>(&connection).link_identifier
    };
    assert_eq!(link(json!("536870913")), Some(536_870_913));
    assert_eq!(link(json!(42)), Some(42));
    assert_eq!(link(json!("not a number")), None);
    assert_eq!(link(json!(5_000_000_000_u64)), None, "LINKID is 32 bits");
}

/// Keys the decoders look for, so generated objects reach deep into them.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("properties"),
        Just("privateEndpointConnections"),
        Just("privateEndpoint"),
        Just("privateLinkServiceConnectionState"),
        Just("status"),
        Just("description"),
        Just("ipConfigurations"),
        Just("subnet"),
        Just("frontendIPConfigurations"),
        Just("loadBalancingRules"),
        Just("frontendPort"),
        Just("sharedPrivateLinkResource"),
        Just("privateLink"),
        Just("privateLinkResources"),
        Just("customDnsConfigs"),
        Just("manualPrivateLinkServiceConnections"),
        Just("tags"),
        Just("name"),
        Just("id"),
    ]
    .prop_map(str::to_owned)
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "[a-zA-Z/ ]{0,10}".prop_map(Value::from),
        Just(json!(format!("{PLS_ID}p/privateEndpointConnections/c"))),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(key(), inner, 0..5)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Decodes `value` as every type; a success must keep the id it was given.
fn decode_everything(value: &Value) -> Result<(), TestCaseError> {
    fn check<T: FromArm>(
        value: &Value,
        id_of: fn(&T) -> Option<&ResourceId>,
    ) -> Result<(), TestCaseError> {
        if let (Ok(item), Some(text)) = (T::from_arm(value), value["id"].as_str()) {
            let given = ResourceId::parse(text).ok();
            prop_assert_eq!(
                id_of(&item).map(ResourceId::as_str),
                given.as_ref().map(ResourceId::as_str)
            );
        }
        Ok(())
    }
    check::<PrivateLinkService>(value, |x| Some(&x.id))?;
    check::<PlsConnection>(value, |x| Some(&x.id))?;
    check::<PrivateEndpoint>(value, |x| Some(&x.id))?;
    check::<EndpointConnection>(value, |x| x.id.as_ref())?;
    check::<LoadBalancer>(value, |x| Some(&x.id))?;
    check::<ManagedCluster>(value, |x| Some(&x.id))?;
    check::<Origin>(value, |x| Some(&x.id))?;
    check::<ResourceConnection>(value, |x| Some(&x.id))?;
    check::<Subscription>(value, |x| Some(&x.id))?;
    let _ = (
        NatIpConfiguration::from_arm(value),
        SharedPrivateLink::from_arm(value),
    );
    let _ = (
        FrontDoorProfile::from_arm(value),
        AfdEndpoint::from_arm(value),
    );
    let _ = (OriginGroup::from_arm(value), Frontend::from_arm(value));
    let _ = (
        LoadBalancingRule::from_arm(value),
        ConnectionState::from_arm(value),
    );
    let _ = ResourceConnection::of_resource(value);
    Ok(())
}

proptest! {
    #[test]
    fn decoding_arbitrary_json_never_panics(value in json_value()) {
        decode_everything(&value)?;
    }

    #[test]
    fn decoding_arm_shaped_json_never_panics_and_keeps_every_input(
        properties in json_value(),
        kind in prop_oneof![
            Just("privateLinkServices/p"), Just("privateEndpoints/e"), Just("loadBalancers/lb"),
            Just("privateLinkServices/p/privateEndpointConnections/c"),
        ],
        count in 0usize..4,
    ) {
        let id = format!("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/{kind}");
        let value = json!({ "id": id, "properties": properties });
        decode_everything(&value)?;
        let values = vec![value; count];
        let decoded = decode_all::<PrivateLinkService>(&values);
        prop_assert_eq!(decoded.items.len() + decoded.failures.len(), count);
        let decoded = decode_all::<PrivateEndpoint>(&values);
        prop_assert_eq!(decoded.items.len() + decoded.failures.len(), count);
    }
}
